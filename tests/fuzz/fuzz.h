/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Shared by the fuzz targets: the entry point, and how a target fails. */
#ifndef FAMFS_FUZZ_H
#define FAMFS_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A broken invariant: say which and abort, so libFuzzer keeps the input. */
#define FUZZ_FAIL(what) \
	do { \
		fprintf(stderr, "fuzz invariant broken: %s (%s:%d)\n", (what), __FILE__, \
			__LINE__); \
		abort(); \
	} while (0)

#endif
