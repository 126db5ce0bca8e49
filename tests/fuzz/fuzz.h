/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Shared by the fuzz targets: the entry point, and how a target fails. */
#ifndef FAMFS_FUZZ_H
#define FAMFS_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <time.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A broken invariant: say which and abort, so libFuzzer keeps the input. */
#define FUZZ_FAIL(what) \
	do { \
		fprintf(stderr, "fuzz invariant broken: %s (%s:%d)\n", (what), __FILE__, \
			__LINE__); \
		abort(); \
	} while (0)

/*
 * Resource limits as invariants: one input may cost at most a constant
 * plus an amount per input byte, in CPU time and in growth of the peak
 * resident set. A target brackets the code under test with
 * fuzz_cost_begin() and fuzz_cost_check(); an input past either bound is
 * a crash like any other, so libFuzzer keeps it.
 *
 * The peak only grows, so an input is charged for raising it: one that
 * needs much memory is caught the first time it (or any input) does.
 * CPU time, not wall time, so that a loaded machine does not fail a
 * replay. The bounds are generous (sanitizers slow code down several
 * times) yet far below what the resource bugs they catch cost: a log of
 * empty slots kept one finding per slot, and took gigabytes.
 */
#define FUZZ_CPU_BASE_NS	(500ULL * 1000 * 1000)	/* 0.5 s */
#define FUZZ_CPU_PER_BYTE_NS	(25ULL * 1000)		/* 25 us */
#define FUZZ_RSS_BASE_KIB	(16ULL * 1024)		/* 16 MiB */
#define FUZZ_RSS_PER_BYTE	64ULL			/* bytes of memory per input byte */

struct fuzz_cost {
	uint64_t cpu_ns;
	long maxrss_kib;
};

static inline uint64_t fuzz_cpu_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

static inline long fuzz_maxrss_kib(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_maxrss;
}

static inline void fuzz_cost_begin(struct fuzz_cost *c)
{
	c->maxrss_kib = fuzz_maxrss_kib();
	c->cpu_ns = fuzz_cpu_ns();
}

static inline void fuzz_cost_check(const struct fuzz_cost *c, size_t size)
{
	uint64_t cpu = fuzz_cpu_ns() - c->cpu_ns;
	long grew = fuzz_maxrss_kib() - c->maxrss_kib;

	if (cpu > FUZZ_CPU_BASE_NS + FUZZ_CPU_PER_BYTE_NS * size) {
		fprintf(stderr, "fuzz: %llu ms of CPU for %zu input bytes\n",
			(unsigned long long)(cpu / 1000000), size);
		FUZZ_FAIL("too much time for the input's size");
	}
	if (grew > 0 && (uint64_t)grew > FUZZ_RSS_BASE_KIB + FUZZ_RSS_PER_BYTE * size / 1024) {
		fprintf(stderr, "fuzz: peak RSS grew %ld KiB for %zu input bytes\n", grew, size);
		FUZZ_FAIL("too much memory for the input's size");
	}
}

#endif
