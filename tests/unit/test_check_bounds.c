// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Unit tests for the checker's bounds: findings past the per-name limit
 * are counted and summarised, not handed over; the holes of a sparse
 * image are skipped with the same findings as reading them; a header
 * claiming a huge all-live log costs neither time nor memory.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include <famfs/famfs.h>

#include "util/le.h"
#include "logbuild.h"
#include "unit.h"

#define MiB (1ULL << 20)
#define GiB (1ULL << 30)
#define KEEP FAMFS_CHECK_KEEP_PER_NAME
#define MAXF 1024

struct found {
	int n;				/* findings handed over one by one */
	char name[MAXF][32];
	enum famfs_severity sev[MAXF];
	uint64_t index[MAXF];
	char msg[MAXF][128];
	int nsum;			/* summaries */
	char sum_name[8][32];
	enum famfs_severity sum_sev[8];
	uint64_t sum_more[8];
	char sum_msg[8][128];
};

static void collect(void *arg, const struct famfs_finding *f)
{
	struct found *s = arg;

	/* what hosts' replay makes of the log is tested in test_check_replay */
	if (!strncmp(f->name, "replay-", 7))
		return;
	if (f->more) {
		ck_assert_int_lt(s->nsum, 8);
		ck_assert_uint_eq(f->index, FAMFS_CHECK_NO_INDEX);
		ck_assert_ptr_null(f->path);
		snprintf(s->sum_name[s->nsum], sizeof(s->sum_name[0]), "%s", f->name);
		snprintf(s->sum_msg[s->nsum], sizeof(s->sum_msg[0]), "%s", f->msg);
		s->sum_sev[s->nsum] = f->severity;
		s->sum_more[s->nsum++] = f->more;
		return;
	}
	ck_assert_int_eq(s->nsum, 0);	/* summaries come last */
	ck_assert_int_lt(s->n, MAXF);
	snprintf(s->name[s->n], sizeof(s->name[0]), "%s", f->name);
	snprintf(s->msg[s->n], sizeof(s->msg[0]), "%s", f->msg);
	s->sev[s->n] = f->severity;
	s->index[s->n++] = f->index;
}

static int count_named(const struct found *s, const char *name)
{
	int i, n = 0;

	for (i = 0; i < s->n; i++)
		n += !strcmp(s->name[i], name);
	return n;
}

/* The whole image in memory: superblock and lb's log. */
static uint8_t *image(const struct logbuild *lb, uint64_t dev_size)
{
	struct famfs_superblock sb;
	uint8_t *img = calloc(1, dev_size);

	ck_assert_ptr_nonnull(img);
	famfs_sb_init(&sb, dev_size, lb->log_len);
	strcpy(sb.dev_name, "unit");
	ck_assert_int_eq(famfs_sb_encode(&sb, img, FAMFS_SB_ENCODED_SIZE, NULL), 0);
	memcpy(img + FAMFS_LOG_OFFSET, lb->log, lb->log_len);
	return img;
}

/*
 * The same image as a sparse file: only the superblock, the log header
 * and the slots that are not zero are written, the rest is holes.
 */
static void sparse_file(const char *path, const struct logbuild *lb, uint64_t dev_size)
{
	struct famfs_superblock sb;
	uint8_t buf[FAMFS_SB_ENCODED_SIZE];
	uint64_t i, slots = famfs_log_slots(lb->log_len);
	int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);

	ck_assert_int_ge(fd, 0);
	famfs_sb_init(&sb, dev_size, lb->log_len);
	strcpy(sb.dev_name, "unit");
	ck_assert_int_eq(famfs_sb_encode(&sb, buf, sizeof(buf), NULL), 0);
	ck_assert_int_eq(ftruncate(fd, (off_t)dev_size), 0);
	ck_assert_int_eq(pwrite(fd, buf, sizeof(buf), 0), (ssize_t)sizeof(buf));
	ck_assert_int_eq(pwrite(fd, lb->log, FAMFS_LOG_HEADER_SIZE, FAMFS_LOG_OFFSET),
			 FAMFS_LOG_HEADER_SIZE);
	for (i = 0; i < slots; i++) {
		const uint8_t *slot = lb->log + famfs_log_slot_offset(i);

		if (famfs_log_slot_is_zero(slot, FAMFS_LOG_ENTRY_SIZE))
			continue;
		ck_assert_int_eq(pwrite(fd, slot, FAMFS_LOG_ENTRY_SIZE, (off_t)(FAMFS_LOG_OFFSET +
				 famfs_log_slot_offset(i))), FAMFS_LOG_ENTRY_SIZE);
	}
	ck_assert_int_eq(close(fd), 0);
}

/* An entry written straight into slot i (the header is left alone). */
static void put_entry(struct logbuild *lb, uint64_t i, struct famfs_log_entry *e, uint64_t seq)
{
	e->seqnum = seq;
	ck_assert_int_eq(famfs_log_entry_encode(e, lb->log + famfs_log_slot_offset(i),
						FAMFS_LOG_ENTRY_SIZE, NULL), 0);
}

static void mkdir_at(struct logbuild *lb, uint64_t i, const char *path, uint64_t seq)
{
	struct famfs_log_entry e;

	memset(&e, 0, sizeof(e));
	e.type = FAMFS_LOG_MKDIR;
	e.u.mkdir.mode = 040755;
	strcpy(e.u.mkdir.path, path);
	put_entry(lb, i, &e, seq);
}

static void file_at(struct logbuild *lb, uint64_t i, const char *path, uint64_t off, uint64_t seq)
{
	struct famfs_log_entry e;

	memset(&e, 0, sizeof(e));
	e.type = FAMFS_LOG_FILE;
	e.u.file.size = 4096;
	e.u.file.mode = 0100644;
	strcpy(e.u.file.path, path);
	e.u.file.fmap.ext_type = FAMFS_EXT_SIMPLE;
	e.u.file.fmap.count = 1;
	e.u.file.fmap.ext[0].offset = off;
	e.u.file.fmap.ext[0].len = FAMFS_ALLOC_UNIT;
	put_entry(lb, i, &e, seq);
}

static void all_live(struct logbuild *lb, uint64_t next_seqnum)
{
	lb->hdr.next_index = famfs_log_slots(lb->log_len);
	lb->hdr.next_seqnum = next_seqnum;
	lb_sync_header(lb);
}

static char tmp_path[64];

static const char *tmp_image(void)
{
	int fd;

	strcpy(tmp_path, "/tmp/famfs-bounds-XXXXXX");
	fd = mkstemp(tmp_path);
	ck_assert_int_ge(fd, 0);
	close(fd);
	return tmp_path;
}

/* An all-live log of empty slots: KEEP findings, then one summary for the rest. */
START_TEST(test_limit_per_name)
{
	struct famfs_check_report rep;
	struct famfs_error err = { 0 };
	struct logbuild lb;
	struct found *s = calloc(1, sizeof(*s));
	uint64_t slots = famfs_log_slots(8 * MiB), i;
	uint8_t *img;

	ck_assert_ptr_nonnull(s);
	lb_init(&lb, 8 * MiB);
	all_live(&lb, 1);
	img = image(&lb, 64 * MiB);
	ck_assert_int_eq(famfs_check_buffer(img, 64 * MiB, collect, s, &rep, NULL, &err), 0);
	ck_assert_int_eq(s->n, KEEP);
	for (i = 0; i < KEEP; i++) {
		ck_assert_str_eq(s->name[i], "entry-crc");
		ck_assert_uint_eq(s->index[i], i);
		ck_assert_int_eq(s->sev[i], FAMFS_SEV_ERROR);
	}
	ck_assert_int_eq(s->nsum, 1);
	ck_assert_str_eq(s->sum_name[0], "entry-crc");
	ck_assert_int_eq(s->sum_sev[0], FAMFS_SEV_ERROR);
	ck_assert_uint_eq(s->sum_more[0], slots - KEEP);
	ck_assert_ptr_nonnull(strstr(s->sum_msg[0], "more like this"));
	ck_assert_uint_eq(rep.nerrors, slots + 1);	/* and replay-stops at slot 0 */
	ck_assert_uint_eq(rep.nwarnings, 0);
	/* and the slots hosts do not replay after the first, past KEEP */
	ck_assert_uint_eq(rep.nsuppressed, slots - KEEP + slots - 1 - KEEP);
	free(img);
	free(s);
	lb_free(&lb);
}
END_TEST

/* Each name and severity has its own limit: warnings past it are summarised apart. */
START_TEST(test_limit_each_kind)
{
	struct famfs_check_report rep;
	struct famfs_error err = { 0 };
	struct logbuild lb;
	struct found *s = calloc(1, sizeof(*s));
	uint8_t *img;
	uint64_t i;

	ck_assert_ptr_nonnull(s);
	lb_init(&lb, 8 * MiB);
	lb_mkdir(&lb, "d");
	/* 150 torn appends past the live slot, and 30 live slots that fail their CRC */
	for (i = 0; i < 150; i++)
		mkdir_at(&lb, 1000 + i, "x", 100 + i);
	lb.hdr.next_index = 31;
	lb.hdr.next_seqnum = 1000;
	lb_sync_header(&lb);
	img = image(&lb, 64 * MiB);
	ck_assert_int_eq(famfs_check_buffer(img, 64 * MiB, collect, s, &rep, NULL, &err), 0);
	ck_assert_int_eq(count_named(s, "entry-crc"), 30);
	ck_assert_int_eq(count_named(s, "log-stale-slot"), KEEP);
	ck_assert_int_eq(s->n, 30 + KEEP);
	ck_assert_int_eq(s->nsum, 1);
	ck_assert_str_eq(s->sum_name[0], "log-stale-slot");
	ck_assert_int_eq(s->sum_sev[0], FAMFS_SEV_WARNING);
	ck_assert_uint_eq(s->sum_more[0], 150 - KEEP);
	ck_assert_uint_eq(rep.nwarnings, 150);
	ck_assert_uint_eq(rep.nerrors, 30 + 1);	/* and replay-stops at slot 1 */
	free(img);
	free(s);
	lb_free(&lb);
}
END_TEST

/* Compare two runs finding by finding. */
static void same_findings(const struct found *a, const struct found *b)
{
	int i;

	ck_assert_int_eq(a->n, b->n);
	for (i = 0; i < a->n; i++) {
		ck_assert_str_eq(a->name[i], b->name[i]);
		ck_assert_uint_eq(a->index[i], b->index[i]);
		ck_assert_str_eq(a->msg[i], b->msg[i]);
	}
	ck_assert_int_eq(a->nsum, b->nsum);
	for (i = 0; i < a->nsum; i++) {
		ck_assert_str_eq(a->sum_name[i], b->sum_name[i]);
		ck_assert_uint_eq(a->sum_more[i], b->sum_more[i]);
	}
}

/*
 * Entries between long runs of holes in the live log, and garbage after
 * one: reading the sparse file skips the holes yet finds exactly what
 * checking the same bytes in memory finds, entries after holes included.
 */
START_TEST(test_holes_same_as_bytes)
{
	const uint64_t log_len = 64 * MiB, dev = 256 * MiB, data = FAMFS_LOG_OFFSET + log_len;
	struct famfs_check_report rb, rf;
	struct famfs_error err = { 0 };
	struct famfs_ns *ns = NULL;
	const struct famfs_node *n;
	struct logbuild lb;
	struct found *sb = calloc(1, sizeof(*sb)), *sf = calloc(1, sizeof(*sf));
	const char *path = tmp_image();
	uint8_t *img;

	ck_assert_ptr_nonnull(sb);
	ck_assert_ptr_nonnull(sf);
	lb_init(&lb, log_len);
	mkdir_at(&lb, 0, "a", 1);
	memset(lb.log + famfs_log_slot_offset(30000), 0x5a, FAMFS_LOG_ENTRY_SIZE);
	file_at(&lb, 50000, "a/f", data, 2);
	mkdir_at(&lb, famfs_log_slots(log_len) - 1, "z", 3);
	all_live(&lb, 4);
	img = image(&lb, dev);
	sparse_file(path, &lb, dev);

	ck_assert_int_eq(famfs_check_buffer(img, dev, collect, sb, &rb, NULL, &err), 0);
	ck_assert_int_eq(famfs_check(path, collect, sf, &rf, &ns, &err), 0);
	same_findings(sb, sf);
	ck_assert_uint_eq(rb.nerrors, rf.nerrors);
	ck_assert_uint_eq(rb.nwarnings, rf.nwarnings);
	ck_assert_uint_eq(rb.nsuppressed, rf.nsuppressed);
	ck_assert_uint_eq(rf.ndirs, 2);
	ck_assert_uint_eq(rf.nfiles, 1);
	/* every slot but the three entries fails: the garbage one among them;
	 * and hosts stop replaying at the first failing one */
	ck_assert_uint_eq(rf.nerrors, famfs_log_slots(log_len) - 3 + 1);
	n = famfs_ns_lookup(ns, "a/f");
	ck_assert_ptr_nonnull(n);
	ck_assert_uint_eq(n->log_index, 50000);
	ck_assert_ptr_nonnull(famfs_ns_lookup(ns, "z"));
	famfs_ns_free(ns);
	unlink(path);
	free(img);
	free(sb);
	free(sf);
	lb_free(&lb);
}
END_TEST

/*
 * An image file whose header claims every slot of a log_len-byte log live
 * and whose slots are all zero: holes, or with dense, zeros written out
 * (a small buffer at a time, so this process stays small).
 */
static void all_live_file(const char *path, uint64_t log_len, int dense)
{
	static const uint8_t zeros[1 << 20];
	struct famfs_log_header hdr;
	struct famfs_superblock sb;
	uint8_t buf[FAMFS_SB_ENCODED_SIZE], hbuf[FAMFS_LOG_HEADER_SIZE];
	uint64_t off;
	int fd = open(path, O_RDWR | O_TRUNC);

	ck_assert_int_ge(fd, 0);
	famfs_sb_init(&sb, FAMFS_LOG_OFFSET + log_len, log_len);
	strcpy(sb.dev_name, "unit");
	ck_assert_int_eq(famfs_sb_encode(&sb, buf, sizeof(buf), NULL), 0);
	famfs_log_header_init(&hdr, log_len);
	hdr.next_index = famfs_log_slots(log_len);
	hdr.crc = famfs_log_header_crc(&hdr);
	ck_assert_int_eq(famfs_log_header_encode(&hdr, hbuf, sizeof(hbuf), NULL), 0);
	ck_assert_int_eq(ftruncate(fd, (off_t)(FAMFS_LOG_OFFSET + log_len)), 0);
	for (off = 0; dense && off < log_len; off += sizeof(zeros))
		ck_assert_int_eq(pwrite(fd, zeros, sizeof(zeros), (off_t)(FAMFS_LOG_OFFSET + off)),
				 (ssize_t)sizeof(zeros));
	ck_assert_int_eq(pwrite(fd, buf, sizeof(buf), 0), (ssize_t)sizeof(buf));
	ck_assert_int_eq(pwrite(fd, hbuf, sizeof(hbuf), FAMFS_LOG_OFFSET), (ssize_t)sizeof(hbuf));
	ck_assert_int_eq(close(fd), 0);
}

static long max_rss_kib(void)
{
	struct rusage ru;

	ck_assert_int_eq(getrusage(RUSAGE_SELF, &ru), 0);
	return ru.ru_maxrss;
}

/* Check an all-live file of empty slots; return how much the peak RSS grew (KiB). */
static long check_all_live(const char *path, uint64_t log_len)
{
	struct famfs_check_report rep;
	struct famfs_error err = { 0 };
	struct found *s = calloc(1, sizeof(*s));
	long before = max_rss_kib(), grew;

	ck_assert_ptr_nonnull(s);
	ck_assert_int_eq(famfs_check(path, collect, s, &rep, NULL, &err), 0);
	grew = max_rss_kib() - before;
	unlink(path);
	ck_assert_uint_eq(rep.slots_used, famfs_log_slots(log_len));
	ck_assert_uint_eq(rep.nerrors, famfs_log_slots(log_len) + 1);	/* replay-stops */
	ck_assert_int_eq(s->n, KEEP);
	ck_assert_int_eq(s->nsum, 1);
	ck_assert_uint_eq(s->sum_more[0], famfs_log_slots(log_len) - KEEP);
	free(s);
	return grew;
}

/*
 * A sparse image of a few KiB whose header claims a 4 GiB log, every slot
 * live: billions of bytes claimed, none there. The check must neither map
 * them in nor keep a finding per slot (the test's timeout guards time).
 */
START_TEST(test_huge_claimed_log)
{
	const char *path = tmp_image();

	all_live_file(path, 4 * GiB, 0);
	/* before the bounds: 4.9 GB; now a few MB */
	ck_assert_int_lt(check_all_live(path, 4 * GiB), 32 * 1024);
}
END_TEST

/* A dense log of zeros in a file is read, but only a window of it stays resident. */
START_TEST(test_dense_log_window)
{
	const char *path = tmp_image();

	all_live_file(path, 256 * MiB, 1);
	ck_assert_int_lt(check_all_live(path, 256 * MiB), 64 * 1024);
}
END_TEST

static Suite *bounds_suite(void)
{
	Suite *s = suite_create("check_bounds");
	TCase *tc = tcase_create("core");

	tcase_set_timeout(tc, 20);
	tcase_add_test(tc, test_limit_per_name);
	tcase_add_test(tc, test_limit_each_kind);
	tcase_add_test(tc, test_holes_same_as_bytes);
	tcase_add_test(tc, test_huge_claimed_log);
	tcase_add_test(tc, test_dense_log_window);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return unit_run(bounds_suite());
}
