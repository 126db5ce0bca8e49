// SPDX-License-Identifier: LGPL-2.1-or-later
/* Unit tests for the offline writer: open, mkdir, append, create, read back. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <famfs/famfs.h>

#include "logbuild.h"
#include "unit.h"

#define MiB (1ULL << 20)
#define LOG_LEN (8 * MiB)

static char img[64];

static void setup(void)
{
	struct logbuild lb;
	int fd;

	/*
	 * tmpfs when there is one: every append flushes twice, and on a disk
	 * the 15,420 appends of the full-log test take minutes
	 */
	strcpy(img, access("/dev/shm", W_OK) ? "/tmp/famfs-writer-XXXXXX" :
	       "/dev/shm/famfs-writer-XXXXXX");
	fd = mkstemp(img);
	ck_assert_int_ge(fd, 0);
	close(fd);
	setenv(FAMFS_SYSTEM_UUID_ENV, LB_SYSTEM_UUID, 1);
	unsetenv("FAMFS_CRASH_AT");
	lb_init(&lb, LOG_LEN);
	lb_mkdir(&lb, "d");
	lb_write_image(&lb, img, 256 * MiB);
	lb_free(&lb);
}

static void teardown(void)
{
	unlink(img);
}

/* The data of a test file: byte i is a function of i and a salt. */
static uint8_t pattern(uint64_t i, uint8_t salt)
{
	return (uint8_t)((i * 131) ^ (i >> 13) ^ salt);
}

static int fill_pattern(void *arg, void *dst, uint64_t off, uint64_t len,
			struct famfs_error *err)
{
	uint8_t *p = dst, salt = *(uint8_t *)arg;
	uint64_t i;

	(void)err;
	for (i = 0; i < len; i++)
		p[i] = pattern(off + i, salt);
	return 0;
}

static int fill_fails(void *arg, void *dst, uint64_t off, uint64_t len,
		      struct famfs_error *err)
{
	(void)arg;
	(void)dst;
	(void)off;
	(void)len;
	return famfs_error_set(err, -EIO, "source unreadable");
}

struct check_read {
	uint8_t salt;
	uint64_t next, bad;
};

static int check_pattern(void *arg, const void *src, uint64_t off, uint64_t len,
			 struct famfs_error *err)
{
	struct check_read *c = arg;
	const uint8_t *p = src;
	uint64_t i;

	(void)err;
	if (off != c->next)
		c->bad++;
	for (i = 0; i < len; i++)
		if (p[i] != pattern(off + i, c->salt))
			c->bad++;
	c->next = off + len;
	return 0;
}

/* Reopen read-only with a full check; the file's bytes must be the pattern. */
static void verify_file(const char *path, uint64_t size, uint8_t salt)
{
	struct famfs_check_report rep;
	struct famfs_error err = { 0 };
	struct famfs_ns *ns = NULL;
	struct famfs_dev *dev = NULL;
	struct check_read c = { salt, 0, 0 };
	const struct famfs_node *n;

	ck_assert_int_eq(famfs_check(img, NULL, NULL, &rep, &ns, &err), 0);
	ck_assert_uint_eq(rep.nerrors, 0);
	n = famfs_ns_lookup(ns, path);
	ck_assert_ptr_nonnull(n);
	ck_assert_uint_eq(n->size, size);
	ck_assert_int_eq(famfs_dev_open(img, 0, &dev, &err), 0);
	ck_assert_int_eq(famfs_file_read(dev, n, check_pattern, &c, &err), 0);
	ck_assert_uint_eq(c.next, size);
	ck_assert_uint_eq(c.bad, 0);
	ck_assert_int_eq(famfs_file_read(dev, famfs_ns_lookup(ns, "d"), check_pattern, &c, &err),
			 -EISDIR);
	famfs_dev_close(dev);
	famfs_ns_free(ns);
}

START_TEST(test_open_and_accessors)
{
	struct famfs_writer *w = lb_writer_open(img, 0);

	ck_assert_uint_eq(famfs_writer_free_slots(w), famfs_log_slots(LOG_LEN) - 1);
	ck_assert_ptr_nonnull(famfs_ns_lookup(famfs_writer_ns(w), "d"));
	ck_assert_uint_eq(famfs_alloc_used_bytes(famfs_writer_alloc(w)), 10 * MiB);
	ck_assert_int_eq(famfs_fs_writable(famfs_writer_fs(w)), 1);
	famfs_writer_close(w);
	famfs_writer_close(NULL);
}
END_TEST

START_TEST(test_open_refusals)
{
	struct famfs_error err = { 0 };
	struct famfs_writer *w = NULL, *w2 = NULL;
	uint8_t bad = 0xff;
	int fd;

	/* another host's file system */
	setenv(FAMFS_SYSTEM_UUID_ENV, "00000000-0000-0000-0000-000000000001", 1);
	ck_assert_int_eq(famfs_writer_open(img, 0, &w, &err), -FAMFS_E_NOT_MASTER);
	ck_assert_int_eq(famfs_writer_open(img, FAMFS_WRITER_DRY_RUN, &w, &err),
			 -FAMFS_E_NOT_MASTER);
	w = lb_writer_open(img, FAMFS_WRITER_FORCE);
	famfs_writer_close(w);
	setenv(FAMFS_SYSTEM_UUID_ENV, LB_SYSTEM_UUID, 1);

	/* a second writer: refused at once with NOWAIT */
	w = lb_writer_open(img, 0);
	ck_assert_int_eq(famfs_writer_open(img, FAMFS_WRITER_NOWAIT, &w2, &err), -EBUSY);
	ck_assert_ptr_null(w2);
	/* a dry run takes no lock */
	w2 = lb_writer_open(img, FAMFS_WRITER_DRY_RUN);
	famfs_writer_close(w2);
	famfs_writer_close(w);

	/* a file system with an error: the entry's CRC broken */
	fd = open(img, O_RDWR);
	ck_assert_int_eq(pwrite(fd, &bad, 1, (off_t)(FAMFS_LOG_OFFSET +
						     famfs_log_slot_offset(0) + 30)), 1);
	close(fd);
	ck_assert_int_eq(famfs_writer_open(img, 0, &w, &err), -EUCLEAN);
	ck_assert_ptr_nonnull(strstr(err.msg, "entry-crc"));
	ck_assert_int_eq(famfs_writer_open("/nonexistent/x", 0, &w, &err), -ENOENT);
}
END_TEST

START_TEST(test_mkdir_and_append)
{
	struct famfs_error err = { 0 };
	struct famfs_writer *w = lb_writer_open(img, 0);
	struct famfs_log_entry e;
	char longp[100];
	uint64_t index = 0;

	ck_assert_int_eq(famfs_writer_mkdir(w, "d/e", 040700, 1, 2, &err), 0);
	ck_assert_int_eq(famfs_writer_mkdir(w, "d/e", 040700, 1, 2, &err), -FAMFS_E_NS_EXISTS);
	ck_assert_int_eq(famfs_writer_mkdir(w, "x/y", 040700, 1, 2, &err), -FAMFS_E_NS_NO_PARENT);
	ck_assert_int_eq(famfs_writer_mkdir(w, "/abs", 040700, 1, 2, &err), -FAMFS_E_ENTRY_PATH);
	memset(longp, 'a', sizeof(longp) - 1);
	longp[sizeof(longp) - 1] = '\0';
	ck_assert_int_eq(famfs_writer_mkdir(w, longp, 040700, 1, 2, &err), -FAMFS_E_ENTRY_PATH);

	memset(&e, 0, sizeof(e));
	e.type = FAMFS_LOG_ADD_DAXDEV;
	ck_assert_int_eq(famfs_writer_append(w, &e, &index, &err), -FAMFS_E_ENTRY_TYPE);
	e.type = FAMFS_LOG_MKDIR;
	strcpy(e.u.mkdir.path, "f");
	ck_assert_int_eq(famfs_writer_append(w, &e, &index, &err), 0);
	ck_assert_uint_eq(index, 2);
	ck_assert_uint_eq(e.seqnum, 2);
	ck_assert_ptr_nonnull(famfs_ns_lookup(famfs_writer_ns(w), "f"));
	famfs_writer_close(w);

	/* what was appended replays, with its fields */
	{
		struct famfs_check_report rep;
		struct famfs_ns *ns = NULL;
		const struct famfs_node *n;

		ck_assert_int_eq(famfs_check(img, NULL, NULL, &rep, &ns, &err), 0);
		ck_assert_uint_eq(rep.nerrors + rep.nwarnings, 0);
		ck_assert_uint_eq(rep.hdr.next_index, 3);
		ck_assert_uint_eq(rep.hdr.next_seqnum, 3);
		n = famfs_ns_lookup(ns, "d/e");
		ck_assert_ptr_nonnull(n);
		ck_assert_uint_eq(n->mode, 040700);
		ck_assert_uint_eq(n->uid, 1);
		ck_assert_uint_eq(n->gid, 2);
		famfs_ns_free(ns);
	}
}
END_TEST

START_TEST(test_log_full)
{
	struct famfs_error err = { 0 };
	struct famfs_writer *w = lb_writer_open(img, 0);
	uint64_t i, slots = famfs_writer_free_slots(w);
	struct famfs_new_file nf = { .path = "late", .size = 10, .mode = 0100644 };
	uint8_t salt = 1;
	char p[32];

	for (i = 0; i < slots; i++) {
		snprintf(p, sizeof(p), "d/%llu", (unsigned long long)i);
		ck_assert_int_eq(famfs_writer_mkdir(w, p, 040755, 0, 0, &err), 0);
	}
	ck_assert_uint_eq(famfs_writer_free_slots(w), 0);
	ck_assert_int_eq(famfs_writer_mkdir(w, "one-more", 040755, 0, 0, &err), -FAMFS_E_LOG_FULL);
	ck_assert_ptr_nonnull(strstr(err.msg, "log full: 15420 of 15420 slots used"));
	ck_assert_int_eq(famfs_writer_create(w, &nf, fill_pattern, &salt, NULL, &err),
			 -FAMFS_E_LOG_FULL);
	ck_assert_uint_eq(famfs_alloc_used_bytes(famfs_writer_alloc(w)), 10 * MiB);
	famfs_writer_close(w);
}
END_TEST

START_TEST(test_create_and_read_back)
{
	struct famfs_error err = { 0 };
	struct famfs_writer *w = lb_writer_open(img, 0);
	struct famfs_stripe st = { 3, 2 * MiB, 3, 7 };
	struct famfs_new_file nf = { .path = "d/plain", .size = 5 * MiB + 17, .mode = 0100600 };
	struct famfs_fmap f;
	uint8_t salt = 3, salt2 = 9;

	ck_assert_int_eq(famfs_writer_create(w, &nf, fill_pattern, &salt, &f, &err), 0);
	ck_assert_uint_eq(f.ext_type, FAMFS_EXT_SIMPLE);
	ck_assert_uint_eq(f.ext[0].offset, 10 * MiB);
	ck_assert_uint_eq(f.ext[0].len, 6 * MiB);
	nf.path = "d/striped";
	nf.size = 13 * MiB + 5;
	nf.stripe = &st;
	ck_assert_int_eq(famfs_writer_create(w, &nf, fill_pattern, &salt2, &f, &err), 0);
	ck_assert_uint_eq(f.ext_type, FAMFS_EXT_INTERLEAVE);
	ck_assert_uint_eq(f.nstrips, 3);
	ck_assert_uint_eq(f.strips[0].len, 6 * MiB);	/* 3 stripes of 3 chunks */
	nf.path = "empty";
	nf.size = 0;
	nf.stripe = NULL;
	ck_assert_int_eq(famfs_writer_create(w, &nf, fill_pattern, &salt, &f, &err), 0);
	ck_assert_uint_eq(f.ext[0].len, 2 * MiB);
	famfs_writer_close(w);
	verify_file("d/plain", 5 * MiB + 17, 3);
	verify_file("d/striped", 13 * MiB + 5, 9);
	verify_file("empty", 0, 3);
}
END_TEST

START_TEST(test_create_failures_leave_nothing)
{
	struct famfs_error err = { 0 };
	struct famfs_writer *w = lb_writer_open(img, 0);
	struct famfs_new_file nf = { .path = "f", .size = 3 * MiB, .mode = 0100644 };
	uint64_t used = famfs_alloc_used_bytes(famfs_writer_alloc(w));
	uint8_t salt = 1;

	ck_assert_int_eq(famfs_writer_create(w, &nf, fill_fails, NULL, NULL, &err), -EIO);
	ck_assert_str_eq(err.msg, "source unreadable");
	ck_assert_uint_eq(famfs_alloc_used_bytes(famfs_writer_alloc(w)), used);
	ck_assert_ptr_null(famfs_ns_lookup(famfs_writer_ns(w), "f"));
	nf.size = 1ULL << 40;
	ck_assert_int_eq(famfs_writer_create(w, &nf, fill_pattern, &salt, NULL, &err),
			 -FAMFS_E_NO_SPACE);
	nf.size = 1;
	nf.path = "d";
	ck_assert_int_eq(famfs_writer_create(w, &nf, fill_pattern, &salt, NULL, &err),
			 -FAMFS_E_NS_EXISTS);
	nf.path = "nodir/f";
	ck_assert_int_eq(famfs_writer_create(w, &nf, fill_pattern, &salt, NULL, &err),
			 -FAMFS_E_NS_NO_PARENT);
	nf.path = "x123456789x123456789x123456789x123456789x123456789x123456789x123456789x123456789";
	ck_assert_int_eq(famfs_writer_create(w, &nf, fill_pattern, &salt, NULL, &err),
			 -FAMFS_E_ENTRY_PATH);
	ck_assert_uint_eq(famfs_alloc_used_bytes(famfs_writer_alloc(w)), used);
	famfs_writer_close(w);
	/* nothing reached the log */
	w = lb_writer_open(img, 0);
	ck_assert_uint_eq(famfs_writer_free_slots(w), famfs_log_slots(LOG_LEN) - 1);
	famfs_writer_close(w);
}
END_TEST

static uint64_t file_sum(void)
{
	uint8_t buf[65536];
	uint64_t h = 1469598103934665603ULL;
	ssize_t n, i;
	int fd = open(img, O_RDONLY);

	ck_assert_int_ge(fd, 0);
	while ((n = read(fd, buf, sizeof(buf))) > 0)
		for (i = 0; i < n; i++)
			h = (h ^ buf[i]) * 1099511628211ULL;
	close(fd);
	return h;
}

START_TEST(test_dry_run_writes_nothing)
{
	struct famfs_error err = { 0 };
	uint64_t before = file_sum();
	struct famfs_writer *w = lb_writer_open(img, FAMFS_WRITER_DRY_RUN);
	struct famfs_new_file nf = { .path = "d/f", .size = 3 * MiB, .mode = 0100644 };
	struct famfs_fmap f;

	ck_assert_int_eq(famfs_writer_mkdir(w, "d/e", 040755, 0, 0, &err), 0);
	ck_assert_int_eq(famfs_writer_create(w, &nf, fill_fails, NULL, &f, &err), 0);
	ck_assert_uint_eq(f.ext[0].offset, 10 * MiB);
	/* the plan goes on from what was planned */
	nf.path = "d/g";
	ck_assert_int_eq(famfs_writer_create(w, &nf, fill_fails, NULL, &f, &err), 0);
	ck_assert_uint_eq(f.ext[0].offset, 14 * MiB);
	ck_assert_ptr_nonnull(famfs_ns_lookup(famfs_writer_ns(w), "d/e"));
	ck_assert_int_eq(famfs_fs_writable(famfs_writer_fs(w)), 0);
	famfs_writer_close(w);
	ck_assert_uint_eq(file_sum(), before);
}
END_TEST

START_TEST(test_ns_can_add)
{
	struct famfs_writer *w = lb_writer_open(img, FAMFS_WRITER_DRY_RUN);
	const struct famfs_ns *ns = famfs_writer_ns(w);
	struct famfs_error err = { 0 };

	ck_assert_int_eq(famfs_ns_can_add(ns, "d/x", &err), 0);
	ck_assert_int_eq(famfs_ns_can_add(ns, "x", &err), 0);
	ck_assert_int_eq(famfs_ns_can_add(ns, "d", &err), -FAMFS_E_NS_EXISTS);
	ck_assert_int_eq(famfs_ns_can_add(ns, "q/x", &err), -FAMFS_E_NS_NO_PARENT);
	ck_assert_int_eq(famfs_ns_can_add(ns, "a/../b", &err), -FAMFS_E_ENTRY_PATH);
	ck_assert_int_eq(famfs_ns_can_add(ns, "", &err), -FAMFS_E_ENTRY_PATH);
	famfs_writer_close(w);
}
END_TEST

static void add_bytes(void *arg, uint64_t bytes)
{
	*(uint64_t *)arg += bytes;
}

/* A host file holding the pattern, for the fd path. */
static int pattern_fd(uint64_t size, uint8_t salt)
{
	char path[] = "/tmp/famfs-src-XXXXXX";
	uint8_t buf[4096];
	uint64_t off, i;
	int fd = mkstemp(path);

	ck_assert_int_ge(fd, 0);
	unlink(path);
	for (off = 0; off < size; off += sizeof(buf)) {
		uint64_t n = size - off < sizeof(buf) ? size - off : sizeof(buf);

		for (i = 0; i < n; i++)
			buf[i] = pattern(off + i, salt);
		ck_assert_int_eq(pwrite(fd, buf, n, (off_t)off), (ssize_t)n);
	}
	return fd;
}

START_TEST(test_create_fd_and_progress)
{
	struct famfs_error err = { 0 };
	struct famfs_writer *w = lb_writer_open(img, 0);
	struct famfs_stripe st = { 4, 2 * MiB, 4, 3 };
	struct famfs_new_file nf = { .path = "d/fromfd", .size = 7 * MiB + 3, .mode = 0100644 };
	struct famfs_fmap f;
	uint64_t seen = 0;
	int fd = pattern_fd(nf.size, 5);

	famfs_writer_set_progress(w, add_bytes, &seen);
	ck_assert_int_eq(famfs_writer_create_fd(w, &nf, fd, &f, &err), 0);
	ck_assert_uint_eq(seen, nf.size);
	nf.path = "d/striped-fd";
	nf.stripe = &st;
	seen = 0;
	ck_assert_int_eq(famfs_writer_create_fd(w, &nf, fd, &f, &err), 0);
	ck_assert_uint_eq(f.ext_type, FAMFS_EXT_INTERLEAVE);
	ck_assert_uint_eq(seen, nf.size);
	/* a source shorter than the size: nothing appended, space given back */
	nf.path = "d/short";
	nf.size += 1;
	nf.stripe = NULL;
	ck_assert_int_eq(famfs_writer_create_fd(w, &nf, fd, &f, &err), -EIO);
	ck_assert_ptr_nonnull(strstr(err.msg, "shrank"));
	ck_assert_ptr_null(famfs_ns_lookup(famfs_writer_ns(w), "d/short"));
	ck_assert_int_eq(famfs_writer_create_fd(w, &nf, -1, &f, &err), -EBADF);
	famfs_writer_close(w);
	close(fd);
	verify_file("d/fromfd", 7 * MiB + 3, 5);
	verify_file("d/striped-fd", 7 * MiB + 3, 5);
}
END_TEST

/* A file's unused tail is zeroed, even where the device held other bytes. */
START_TEST(test_tail_zeroed)
{
	struct famfs_error err = { 0 };
	struct famfs_writer *w;
	struct famfs_new_file nf = { .path = "small", .size = 100, .mode = 0100644 };
	struct famfs_fmap f;
	uint8_t junk[4096], back[4096];
	int fd = open(img, O_RDWR), src = pattern_fd(100, 1);
	size_t i;

	uint8_t salt = 1;
	uint64_t at;

	memset(junk, 0xa5, sizeof(junk));
	ck_assert_int_eq(pwrite(fd, junk, sizeof(junk), (off_t)(10 * MiB)), (ssize_t)sizeof(junk));
	ck_assert_int_eq(pwrite(fd, junk, sizeof(junk), (off_t)(12 * MiB)), (ssize_t)sizeof(junk));
	w = lb_writer_open(img, 0);
	/* the copy path, then the mapped path */
	ck_assert_int_eq(famfs_writer_create_fd(w, &nf, src, &f, &err), 0);
	ck_assert_uint_eq(f.ext[0].offset, 10 * MiB);
	nf.path = "small2";
	ck_assert_int_eq(famfs_writer_create(w, &nf, fill_pattern, &salt, &f, &err), 0);
	ck_assert_uint_eq(f.ext[0].offset, 12 * MiB);
	famfs_writer_close(w);
	for (at = 10 * MiB; at <= 12 * MiB; at += 2 * MiB) {
		ck_assert_int_eq(pread(fd, back, sizeof(back), (off_t)at), (ssize_t)sizeof(back));
		for (i = 0; i < 100; i++)
			ck_assert_uint_eq(back[i], pattern(i, 1));
		for (; i < sizeof(back); i++)
			ck_assert_uint_eq(back[i], 0);
	}
	close(fd);
	close(src);
}
END_TEST

/* An image truncated while a file is read: an error naming the range, no SIGBUS. */
START_TEST(test_read_truncated_image)
{
	struct famfs_error err = { 0 };
	struct famfs_writer *w = lb_writer_open(img, 0);
	struct famfs_new_file nf = { .path = "f", .size = 5 * MiB + 17, .mode = 0100600 };
	struct famfs_check_report rep;
	struct famfs_ns *ns = NULL;
	struct famfs_dev *dev = NULL;
	struct check_read c = { 4, 0, 0 };
	struct famfs_fmap f;
	uint8_t salt = 4;

	ck_assert_int_eq(famfs_writer_create(w, &nf, fill_pattern, &salt, &f, &err), 0);
	ck_assert_uint_eq(f.ext[0].offset, 10 * MiB);
	famfs_writer_close(w);
	ck_assert_int_eq(famfs_check(img, NULL, NULL, &rep, &ns, &err), 0);
	ck_assert_int_eq(famfs_dev_open(img, 0, &dev, &err), 0);
	ck_assert_int_eq(truncate(img, (off_t)(12 * MiB)), 0);
	ck_assert_int_eq(famfs_file_read(dev, famfs_ns_lookup(ns, "f"), check_pattern, &c, &err),
			 -EIO);
	ck_assert_ptr_nonnull(strstr(err.msg, "bytes [12582912, 15728657) vanished"));
	ck_assert_ptr_nonnull(strstr(err.msg, "now 12582912 bytes"));
	ck_assert_uint_eq(c.next, 0);	/* the first 4 MiB buffer was never filled */
	ck_assert_uint_eq(c.bad, 0);
	famfs_dev_close(dev);
	famfs_ns_free(ns);
}
END_TEST

static Suite *writer_suite(void)
{
	Suite *s = suite_create("writer");
	TCase *tc = tcase_create("writer");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_open_and_accessors);
	tcase_add_test(tc, test_open_refusals);
	tcase_add_test(tc, test_mkdir_and_append);
	tcase_add_test(tc, test_log_full);
	tcase_add_test(tc, test_create_and_read_back);
	tcase_add_test(tc, test_create_failures_leave_nothing);
	tcase_add_test(tc, test_dry_run_writes_nothing);
	tcase_add_test(tc, test_ns_can_add);
	tcase_add_test(tc, test_create_fd_and_progress);
	tcase_add_test(tc, test_tail_zeroed);
	tcase_add_test(tc, test_read_truncated_image);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return unit_run(writer_suite());
}
