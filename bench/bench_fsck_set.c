// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * bench_fsck_set: fsck of a 4-device file system (a primary and three
 * secondaries, sparse image files) whose log holds 1M live entries: the
 * three add-device entries, one directory per FILES_PER_DIR files, and
 * one-unit files spread round-robin over the four devices. Measured in
 * this process, warm in the page cache, best of RUNS:
 *  - baseline: map the log, check the header's and every live entry's CRC
 *    (the least any checker must do);
 *  - check: famfs_check() of the primary (superblock, log, namespace,
 *    extents per device, space per device), then what fsck.famfs adds for
 *    a set: each member found by its UUID among the images and its
 *    superblock checked (famfs_devset_locate), from the device table the
 *    check built.
 *
 *   bench_fsck_set [FILES]   (default 999000: 1M live entries; images in
 *                             /dev/shm, else $TMPDIR, removed at the end)
 *
 * Issue 16 asks for the check within 3x of the baseline at 1M entries:
 * the program exits 1 when it misses that.
 */
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>

#include <famfs/famfs.h>

#include "bench_util.h"

#define MiB (1ULL << 20)
#define NDEV 4
#define FILES_PER_DIR 1000
#define RUNS 3

static void die(const char *what)
{
	fprintf(stderr, "bench_fsck_set: %s\n", what);
	exit(2);
}

static void put_entry(uint8_t *log, uint64_t slot, struct famfs_log_entry *e)
{
	if (bench_put_entry(log, slot, e))
		die("cannot encode an entry");
}

static void write_file(const char *path, uint64_t size, const void *sb, size_t sblen,
		       const void *log, uint64_t loglen)
{
	int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);

	if (fd < 0 || ftruncate(fd, (off_t)size) ||
	    pwrite(fd, sb, sblen, 0) != (ssize_t)sblen ||
	    (loglen && pwrite(fd, log, loglen, FAMFS_LOG_OFFSET) != (ssize_t)loglen) || close(fd))
		die("cannot write an image (does its directory take sparse files?)");
}

struct set {
	char path[NDEV][PATH_MAX];
	uint64_t log_len, live, per_dev[NDEV];
};

/*
 * The four images: the secondaries' superblocks, then the primary with
 * its log (only the live part written; the rest is a hole, as mkfs leaves
 * it). File i goes on device i % NDEV, the next unit there.
 */
static void build_set(struct set *s, uint64_t nfiles)
{
	uint64_t ndirs = (nfiles + FILES_PER_DIR - 1) / FILES_PER_DIR;
	uint64_t entries = (NDEV - 1) + nfiles + ndirs, units = (nfiles + NDEV - 1) / NDEV;
	uint64_t data0, sec_size = FAMFS_SB_REGION + units * FAMFS_ALLOC_UNIT, slot = 0, i;
	uint8_t *log, sb_buf[FAMFS_SB_ENCODED_SIZE], uuid[NDEV][FAMFS_UUID_LEN];
	struct famfs_superblock psb, ssb;
	struct famfs_log_header hdr;
	struct famfs_log_entry e;
	uint32_t d;

	s->log_len = bench_log_len_for(entries);
	data0 = FAMFS_LOG_OFFSET + s->log_len;
	log = calloc(1, s->log_len);
	if (!log)
		die("out of memory");
	for (d = 0; d < NDEV; d++)
		memset(uuid[d], 0x11 * (d + 1), FAMFS_UUID_LEN);
	famfs_sb_init(&psb, data0 + units * FAMFS_ALLOC_UNIT, s->log_len);
	psb.flags = FAMFS_SB_FLAG_PRIMARY;
	memset(psb.uuid, 0x5a, FAMFS_UUID_LEN);
	memset(psb.system_uuid, 0x44, FAMFS_UUID_LEN);
	memcpy(psb.dev_uuid, uuid[0], FAMFS_UUID_LEN);

	for (d = 1; d < NDEV; d++) {
		famfs_sb_secondary_init(&ssb, &psb, sec_size, uuid[d]);
		if (famfs_sb_encode(&ssb, sb_buf, sizeof(sb_buf), NULL))
			die("cannot encode a secondary superblock");
		write_file(s->path[d], sec_size, sb_buf, sizeof(sb_buf), NULL, 0);
		memset(&e, 0, sizeof(e));
		e.type = FAMFS_LOG_ADD_DAXDEV;
		e.u.daxdev.index = d;
		e.u.daxdev.size = sec_size;
		memcpy(e.u.daxdev.uuid, uuid[d], FAMFS_UUID_LEN);
		put_entry(log, slot++, &e);
	}
	memset(s->per_dev, 0, sizeof(s->per_dev));
	for (i = 0; i < nfiles; i++) {
		d = (uint32_t)(i % NDEV);
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
		e.u.file.size = MiB + i % MiB;
		snprintf(e.u.file.path, FAMFS_PATH_MAX, "d%" PRIu64 "/file-%" PRIu64,
			 i / FILES_PER_DIR, i);
		e.u.file.fmap.count = 1;
		e.u.file.fmap.ext[0].dev_index = d;
		e.u.file.fmap.ext[0].offset = (d ? FAMFS_SB_REGION : data0) +
					      (i / NDEV) * FAMFS_ALLOC_UNIT;
		e.u.file.fmap.ext[0].len = FAMFS_ALLOC_UNIT;
		s->per_dev[d] += FAMFS_ALLOC_UNIT;
		put_entry(log, slot++, &e);
	}
	famfs_log_header_init(&hdr, s->log_len);
	hdr.next_index = slot;
	hdr.next_seqnum = slot;
	famfs_log_header_encode(&hdr, log, FAMFS_LOG_HEADER_SIZE, NULL);
	if (famfs_sb_encode(&psb, sb_buf, sizeof(sb_buf), NULL))
		die("cannot encode the primary superblock");
	write_file(s->path[0], psb.dev_size, sb_buf, sizeof(sb_buf), log,
		   famfs_log_slot_offset(slot));
	free(log);
	s->live = slot;
}

static uint32_t le32_at(const uint8_t *p)
{
	return p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* The baseline: map the log, check the header's and every live entry's CRC. */
static double baseline(const struct set *s)
{
	int fd = open(s->path[0], O_RDONLY);
	uint64_t i, bad = 0;
	uint8_t *log;
	double t;

	if (fd < 0)
		die("cannot open the primary");
	t = bench_now();
	log = mmap(NULL, s->log_len, PROT_READ, MAP_SHARED, fd, FAMFS_LOG_OFFSET);
	if (log == MAP_FAILED)
		die("cannot map the log");
	if (crc32(crc32(0, NULL, 0), log, 24) != le32_at(log + 24))
		bad++;
	for (i = 0; i < s->live; i++) {
		const uint8_t *slot = log + famfs_log_slot_offset(i);

		if (crc32(crc32(0, NULL, 0), slot, 536) != le32_at(slot + 536))
			bad++;
	}
	munmap(log, s->log_len);
	t = bench_now() - t;
	close(fd);
	if (bad)
		die("the baseline found bad CRCs in a good image");
	return t;
}

/* The members, found and checked as fsck.famfs does, from the check's table. */
static void check_members(const struct set *s, const struct famfs_check_report *rep)
{
	const char *paths[NDEV - 1];
	struct famfs_resolve_opts ro = { .paths = paths, .npaths = NDEV - 1 };
	struct famfs_daxdev_entry e;
	struct famfs_error err = { 0 };
	struct famfs_devset ds;
	char found[PATH_MAX];
	uint32_t d;

	for (d = 1; d < NDEV; d++)
		paths[d - 1] = s->path[d];
	if (famfs_devset_init(&ds, &rep->sb, &err))
		die(err.msg);
	for (d = 1; d < NDEV; d++) {
		memset(&e, 0, sizeof(e));
		e.index = d;
		e.size = rep->devices[d].size;
		memcpy(e.uuid, rep->devices[d].uuid, FAMFS_UUID_LEN);
		if (famfs_devset_add(&ds, &e, FAMFS_CHECK_NO_INDEX, &err))
			die(err.msg);
	}
	for (d = 1; d < NDEV; d++)
		if (famfs_devset_locate(&ds, d, s->path[0], &ro, found, sizeof(found), &err))
			die(err.msg);
}

static double run_check(const struct set *s)
{
	struct famfs_check_report rep;
	struct famfs_error err = { 0 };
	double t = bench_now();
	uint32_t d;

	if (famfs_check(s->path[0], NULL, NULL, &rep, NULL, &err))
		die(err.msg);
	if (rep.ndevices != NDEV)
		die("the check did not find the four devices");
	check_members(s, &rep);
	t = bench_now() - t;
	if (rep.nerrors || rep.nwarnings || rep.slots_used != s->live)
		die("famfs_check found problems in a good set");
	for (d = 0; d < NDEV; d++)
		if (rep.devices[d].allocated != s->per_dev[d])
			die("the check's space per device is not what was placed");
	return t;
}

/* The images go when the program ends, on a failure too. */
static struct set *made;

static void remove_images(void)
{
	uint32_t d;

	for (d = 0; made && d < NDEV; d++)
		unlink(made->path[d]);
}

int main(int argc, char **argv)
{
	const char *dir = access("/dev/shm", W_OK) == 0 ? "/dev/shm" :
			  getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
	uint64_t nfiles = argc > 1 ? strtoull(argv[1], NULL, 10) : 999000;
	double best_check = 1e9, best_base = 1e9, ratio;
	struct set s;
	uint32_t d;
	int r;

	for (d = 0; d < NDEV; d++)
		snprintf(s.path[d], sizeof(s.path[d]), "%s/bench_fsck_set.%d.%u.img", dir,
			 (int)getpid(), d);
	made = &s;
	atexit(remove_images);
	build_set(&s, nfiles);
	for (r = 0; r < RUNS; r++) {
		double c = run_check(&s), b = baseline(&s);

		best_check = c < best_check ? c : best_check;
		best_base = b < best_base ? b : best_base;
	}
	remove_images();
	made = NULL;
	ratio = best_check / best_base;
	printf("%8s %10s %10s %12s %14s %12s %8s\n", "devices", "files", "entries", "check (s)",
	       "entries/s", "CRC only (s)", "ratio");
	printf("%8d %10" PRIu64 " %10" PRIu64 " %12.4f %14.0f %12.4f %8.2f\n", NDEV, nfiles, s.live,
	       best_check, (double)s.live / best_check, best_base, ratio);
	if (s.live >= 1000000) {
		printf("%d devices, 1M entries: fsck takes %.2fx the CRC-only pass (limit 3x): %s\n",
		       NDEV, ratio, ratio <= 3.0 ? "PASS" : "FAIL");
		return ratio <= 3.0 ? 0 : 1;
	}
	return 0;
}
