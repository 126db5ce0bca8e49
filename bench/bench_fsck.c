// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * bench_fsck: how fast famfs_check() (what fsck.famfs runs) goes through
 * logs of 1k, 10k, 100k and 1M live entries, against the least any
 * checker must do: map the log and verify each live entry's CRC. Both run
 * in this process on the same sparse image, warm in the page cache; each
 * time is the best of several runs. Like mkfs.famfs, the image holds only
 * the live part of the log; the unused slots are a hole, which fsck skips.
 * The last column repeats the check with every unused slot written with
 * zeros, as on a DAX device, where fsck must read them all.
 *
 *   bench_fsck [MAX_ENTRIES]      (default 1000000; the image goes in $TMPDIR)
 *
 * Issue 3 asks fsck to take at most 3x the baseline on 1M entries: the
 * program exits 1 when the largest size misses that.
 */
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>

#include <famfs/famfs.h>

#include "bench_util.h"

#define MiB (1ULL << 20)
#define FILES_PER_DIR 1000
#define RUNS 3

static void die(const char *what)
{
	fprintf(stderr, "bench_fsck: %s\n", what);
	exit(2);
}

static void put_entry(uint8_t *log, uint64_t slot, struct famfs_log_entry *e)
{
	if (bench_put_entry(log, slot, e))
		die("cannot encode an entry");
}

/*
 * An image with nfiles one-unit files, FILES_PER_DIR to a directory.
 * Returns the number of live entries.
 */
static uint64_t build_image(const char *path, uint64_t nfiles, int full, uint64_t *log_lenp)
{
	uint64_t live_bytes;
	uint64_t ndirs = (nfiles + FILES_PER_DIR - 1) / FILES_PER_DIR;
	uint64_t entries = nfiles + ndirs, log_len = bench_log_len_for(entries);
	uint64_t data = FAMFS_LOG_OFFSET + log_len, slot = 0, i;
	uint8_t *log = calloc(1, log_len), sb_buf[FAMFS_SB_ENCODED_SIZE];
	struct famfs_log_header hdr;
	struct famfs_superblock sb;
	struct famfs_log_entry e;
	int fd;

	if (!log)
		die("out of memory");
	for (i = 0; i < nfiles; i++) {
		memset(&e, 0, sizeof(e));
		if (i % FILES_PER_DIR == 0) {
			e.type = FAMFS_LOG_MKDIR;
			e.u.mkdir.mode = 040755;
			snprintf(e.u.mkdir.path, FAMFS_PATH_MAX, "d%" PRIu64, i / FILES_PER_DIR);
			put_entry(log, slot++, &e);
			memset(&e, 0, sizeof(e));
		}
		e.type = FAMFS_LOG_FILE;
		e.u.file.mode = 0100644;
		e.u.file.size = MiB + i;
		snprintf(e.u.file.path, FAMFS_PATH_MAX, "d%" PRIu64 "/file-%" PRIu64,
			 i / FILES_PER_DIR, i);
		e.u.file.fmap.count = 1;
		e.u.file.fmap.ext[0].offset = data + i * FAMFS_ALLOC_UNIT;
		e.u.file.fmap.ext[0].len = FAMFS_ALLOC_UNIT;
		put_entry(log, slot++, &e);
	}
	famfs_log_header_init(&hdr, log_len);
	hdr.next_index = slot;
	hdr.next_seqnum = slot;
	famfs_log_header_encode(&hdr, log, FAMFS_LOG_HEADER_SIZE, NULL);
	live_bytes = full ? log_len : famfs_log_slot_offset(slot);

	famfs_sb_init(&sb, data + nfiles * FAMFS_ALLOC_UNIT, log_len);
	famfs_sb_encode(&sb, sb_buf, sizeof(sb_buf), NULL);

	fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
	if (fd < 0 || ftruncate(fd, (off_t)sb.dev_size) ||
	    pwrite(fd, sb_buf, sizeof(sb_buf), 0) != (ssize_t)sizeof(sb_buf) ||
	    pwrite(fd, log, live_bytes, FAMFS_LOG_OFFSET) != (ssize_t)live_bytes || close(fd))
		die("cannot write the image (is $TMPDIR on a file system with sparse files?)");
	free(log);
	*log_lenp = log_len;
	return slot;
}

/* The baseline: map the log, check the header's and every live entry's CRC. */
static double baseline(const char *path, uint64_t log_len, uint64_t live)
{
	int fd = open(path, O_RDONLY);
	uint8_t *log;
	uint64_t i, bad = 0;
	double t;

	if (fd < 0)
		die("cannot open the image");
	t = bench_now();
	log = mmap(NULL, log_len, PROT_READ, MAP_SHARED, fd, FAMFS_LOG_OFFSET);
	if (log == MAP_FAILED)
		die("cannot map the log");
	if (crc32(crc32(0, NULL, 0), log, 24) != log[24] + ((uint32_t)log[25] << 8) +
	    ((uint32_t)log[26] << 16) + ((uint32_t)log[27] << 24))
		bad++;
	for (i = 0; i < live; i++) {
		const uint8_t *s = log + famfs_log_slot_offset(i);
		uint32_t want = s[536] | (uint32_t)s[537] << 8 | (uint32_t)s[538] << 16 |
				(uint32_t)s[539] << 24;

		if (crc32(crc32(0, NULL, 0), s, 536) != want)
			bad++;
	}
	munmap(log, log_len);
	t = bench_now() - t;
	close(fd);
	if (bad)
		die("the baseline found bad CRCs in a good image");
	return t;
}

static double run_check(const char *path, uint64_t live)
{
	struct famfs_check_report rep;
	struct famfs_error err = { 0 };
	double t = bench_now();

	if (famfs_check(path, NULL, NULL, &rep, NULL, &err))
		die(err.msg);
	t = bench_now() - t;
	if (rep.nerrors || rep.nwarnings || rep.slots_used != live)
		die("famfs_check found problems in a good image");
	return t;
}

int main(int argc, char **argv)
{
	static const uint64_t sizes[] = { 1000, 10000, 100000, 1000000 };
	const char *tmp = getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
	uint64_t max = argc > 1 ? strtoull(argv[1], NULL, 10) : 1000000;
	double ratio = 0;
	char path[4096];
	size_t k;

	snprintf(path, sizeof(path), "%s/bench_fsck.%d.img", tmp, (int)getpid());
	printf("%10s %10s %12s %14s %12s %8s %14s\n", "files", "entries", "check (s)",
	       "entries/s", "CRC only (s)", "ratio", "full log (s)");
	for (k = 0; k < sizeof(sizes) / sizeof(sizes[0]) && sizes[k] <= max; k++) {
		uint64_t log_len, live = build_image(path, sizes[k], 0, &log_len);
		double best_check = 1e9, best_base = 1e9, best_full = 1e9;
		int r;

		for (r = 0; r < RUNS; r++) {
			double c = run_check(path, live), b = baseline(path, log_len, live);

			best_check = c < best_check ? c : best_check;
			best_base = b < best_base ? b : best_base;
		}
		build_image(path, sizes[k], 1, &log_len);
		for (r = 0; r < RUNS; r++) {
			double c = run_check(path, live);

			best_full = c < best_full ? c : best_full;
		}
		ratio = best_check / best_base;
		printf("%10" PRIu64 " %10" PRIu64 " %12.4f %14.0f %12.4f %8.2f %14.4f\n", sizes[k],
		       live, best_check, (double)live / best_check, best_base, ratio, best_full);
	}
	unlink(path);
	if (max >= 1000000) {
		printf("1M entries: fsck takes %.2fx the CRC-only pass (limit 3x): %s\n", ratio,
		       ratio <= 3.0 ? "PASS" : "FAIL");
		return ratio <= 3.0 ? 0 : 1;
	}
	return 0;
}
