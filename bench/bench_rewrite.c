// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * bench_rewrite: what the crash-safe log rewrite (famfs-rm) costs on a
 * full log, against one sequential write of the same number of bytes to
 * the same image followed by fdatasync: the least any rewrite must pay.
 * The first entry is dropped, so every later slot moves and the whole log
 * is written. Timed: famfs_writer_rewrite() alone (build, replay check,
 * diff, undo file, device writes), with and without the undo file; not
 * the writer's open (its fsck is bench_fsck's business). Best of RUNS.
 *
 *   bench_rewrite [ENTRIES...]   (default 15420: the default 8 MiB log;
 *                                 the image and undo files go in $TMPDIR)
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <famfs/famfs.h>

#include "bench_util.h"

#define MiB (1ULL << 20)
#define PER_DIR 1000
#define RUNS 3
#define SYSTEM_UUID "5f0e6c3a-1b2d-4c8e-9f10-112233445566"

static void die(const char *what, const struct famfs_error *err)
{
	fprintf(stderr, "bench_rewrite: %s%s%s\n", what, err ? ": " : "", err ? err->msg : "");
	exit(2);
}

/* An image whose log holds exactly entries directories (PER_DIR to a parent). */
static uint64_t build_image(const char *path, uint64_t entries)
{
	uint64_t log_len = bench_log_len_for(entries), dev = 2 * MiB + log_len + 64 * MiB, i;
	uint8_t *log = calloc(1, log_len), sbuf[FAMFS_SB_ENCODED_SIZE];
	struct famfs_error err = { 0 };
	struct famfs_log_header hdr;
	struct famfs_superblock sb;
	struct famfs_log_entry e;
	uint64_t parent = 0;
	int fd;

	if (!log)
		die("out of memory", NULL);
	famfs_log_header_init(&hdr, log_len);
	for (i = 0; i < entries; i++) {
		memset(&e, 0, sizeof(e));
		e.seqnum = i;
		e.type = FAMFS_LOG_MKDIR;
		e.u.mkdir.mode = 0755;
		if (i % (PER_DIR + 1) == 0) {
			parent = i;
			snprintf(e.u.mkdir.path, sizeof(e.u.mkdir.path), "p%llu",
				 (unsigned long long)parent);
		} else {
			snprintf(e.u.mkdir.path, sizeof(e.u.mkdir.path), "p%llu/d%llu",
				 (unsigned long long)parent, (unsigned long long)i);
		}
		if (famfs_log_entry_encode(&e, log + famfs_log_slot_offset(i), FAMFS_LOG_ENTRY_SIZE,
					   &err))
			die("encode", &err);
	}
	hdr.next_index = hdr.next_seqnum = entries;
	if (famfs_log_header_encode(&hdr, log, FAMFS_LOG_HEADER_SIZE, &err))
		die("encode", &err);
	famfs_sb_init(&sb, dev, log_len);
	if (famfs_system_uuid(sb.system_uuid, 0, &err))
		die("system uuid", &err);
	sb.uuid[0] = 1;
	strcpy(sb.dev_name, "bench.img");
	if (famfs_sb_encode(&sb, sbuf, sizeof(sbuf), &err))
		die("encode", &err);
	fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
	if (fd < 0 || ftruncate(fd, (off_t)dev) ||
	    pwrite(fd, sbuf, sizeof(sbuf), 0) != (ssize_t)sizeof(sbuf) ||
	    pwrite(fd, log, log_len, FAMFS_LOG_OFFSET) != (ssize_t)log_len || fsync(fd))
		die("cannot write the image", NULL);
	close(fd);
	free(log);
	return log_len;
}

static int drop_first(void *arg, const struct famfs_node *node)
{
	return node->log_index == *(const uint64_t *)arg;
}

/* One rewrite dropping slot 0's tree (p0 and its children); returns seconds. */
static double rewrite_once(const char *img, const char *undo, uint64_t *bytes)
{
	struct famfs_error err = { 0 };
	struct famfs_writer *w = NULL;
	struct famfs_rewrite_stats st;
	struct famfs_log_entry *keep;
	uint64_t n, first = 0;
	double t;

	if (famfs_writer_open(img, 0, &w, &err))
		die("open", &err);
	if (famfs_rewrite_select(w, drop_first, &first, &keep, &n, &err))
		die("select", &err);
	t = bench_now();
	if (famfs_writer_rewrite(w, keep, n, undo, &st, &err))
		die("rewrite", &err);
	t = bench_now() - t;
	*bytes = st.bytes;
	free(keep);
	famfs_writer_close(w);
	return t;
}

/* The baseline: bytes written at the log's offset with one pwrite, then fdatasync. */
static double sequential_once(const char *img, uint64_t bytes)
{
	uint8_t *buf = malloc(bytes);
	double t;
	int fd = open(img, O_RDWR);

	if (!buf || fd < 0)
		die("baseline", NULL);
	memset(buf, 0x5a, bytes);
	t = bench_now();
	if (pwrite(fd, buf, bytes, FAMFS_LOG_OFFSET) != (ssize_t)bytes || fdatasync(fd))
		die("baseline write", NULL);
	t = bench_now() - t;
	close(fd);
	free(buf);
	return t;
}

int main(int argc, char **argv)
{
	const char *tmp = getenv("TMPDIR");
	char img[512], undo[512];
	int a;

	setenv(FAMFS_SYSTEM_UUID_ENV, SYSTEM_UUID, 1);
	if (!tmp || !*tmp)
		tmp = "/tmp";
	snprintf(img, sizeof(img), "%s/bench_rewrite.img", tmp);
	snprintf(undo, sizeof(undo), "%s/bench_rewrite.undo", tmp);
	printf("%10s %12s %12s %12s %12s %8s %8s\n", "entries", "bytes", "seq write s",
	       "rewrite s", "no-undo s", "ratio", "no-undo");
	for (a = 1; a < argc || a == 1; a++) {
		uint64_t entries = argc > 1 ? strtoull(argv[a], NULL, 10) : 15420, bytes = 0;
		double best_rw = 1e9, best_nu = 1e9, best_seq = 1e9, t;
		int r;

		if (!entries)
			die("give entry counts above 0", NULL);
		for (r = 0; r < RUNS; r++) {
			build_image(img, entries);
			unlink(undo);
			t = rewrite_once(img, undo, &bytes);
			best_rw = t < best_rw ? t : best_rw;
			build_image(img, entries);
			t = rewrite_once(img, NULL, &bytes);
			best_nu = t < best_nu ? t : best_nu;
			t = sequential_once(img, bytes);
			best_seq = t < best_seq ? t : best_seq;
		}
		printf("%10llu %12llu %12.4f %12.4f %12.4f %8.2f %8.2f\n",
		       (unsigned long long)entries, (unsigned long long)bytes, best_seq, best_rw,
		       best_nu, best_rw / best_seq, best_nu / best_seq);
	}
	unlink(img);
	unlink(undo);
	return 0;
}
