// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Unit tests for the log rewrite on a multi-device file system: the new
 * log keeps the device table, and files on the secondaries are checked
 * against their own device, not device 0 (famfs-rm of any file failed
 * while one was on a secondary).
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <famfs/famfs.h>

#include "logbuild.h"
#include "unit.h"

#define MiB (1ULL << 20)
#define DEV_SIZE (64 * MiB)
#define SEC_SIZE (16 * MiB)

static char dir[64], img[96];

/* The primary's superblock gets the primary flag (lb_write_image writes 0). */
static void set_primary(const char *path)
{
	uint8_t buf[FAMFS_SB_ENCODED_SIZE];
	struct famfs_superblock sb;
	int fd = open(path, O_RDWR);

	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(pread(fd, buf, sizeof(buf), 0), (ssize_t)sizeof(buf));
	ck_assert_int_eq(famfs_sb_decode(buf, sizeof(buf), &sb, NULL), 0);
	sb.flags |= FAMFS_SB_FLAG_PRIMARY;
	ck_assert_int_eq(famfs_sb_encode(&sb, buf, sizeof(buf), NULL), 0);
	ck_assert_int_eq(pwrite(fd, buf, sizeof(buf), 0), (ssize_t)sizeof(buf));
	close(fd);
}

static void setup(void)
{
	strcpy(dir, access("/dev/shm", W_OK) ? "/tmp/famfs-rwset-XXXXXX" :
	       "/dev/shm/famfs-rwset-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(img, sizeof(img), "%s/p.img", dir);
	setenv(FAMFS_SYSTEM_UUID_ENV, LB_SYSTEM_UUID, 1);
	unsetenv("FAMFS_CRASH_AT");
}

static void teardown(void)
{
	unlink(img);
	rmdir(dir);
}

static int drop_named(void *arg, const struct famfs_node *node)
{
	return !strcmp(node->path, (const char *)arg);
}

/* Remove name from a primary with files a (device 0), b (device 1), c (device 2). */
static void rewrite_without(const char *name, const char *const *left, int nleft)
{
	const uint64_t meta = FAMFS_LOG_OFFSET + FAMFS_LOG_LEN_MIN;
	struct famfs_error err = { 0 };
	struct famfs_writer *w = NULL;
	struct famfs_log_entry *keep = NULL;
	struct famfs_rewrite_stats st;
	struct famfs_check_report rep;
	struct famfs_ns *ns = NULL;
	struct logbuild lb;
	uint64_t n;
	int i;

	lb_init(&lb, FAMFS_LOG_LEN_MIN);
	lb_daxdev(&lb, 1, SEC_SIZE);
	lb_daxdev(&lb, 2, SEC_SIZE);
	lb_file_on(&lb, "a", 2 * MiB, 0, meta);
	/* the same offsets on two secondaries, and beyond device 0's log */
	lb_file_on(&lb, "b", 4 * MiB, 1, 2 * MiB);
	lb_file_on(&lb, "c", 4 * MiB, 2, 2 * MiB);
	lb_write_image(&lb, img, DEV_SIZE);
	lb_free(&lb);
	set_primary(img);

	ck_assert_int_eq(famfs_writer_open(img, 0, &w, &err), 0);
	ck_assert_int_eq(famfs_rewrite_select(w, drop_named, (void *)name, &keep, &n, &err), 0);
	/* two device entries and two files are kept */
	ck_assert_uint_eq(n, 4);
	ck_assert_msg(famfs_writer_rewrite(w, keep, n, NULL, &st, &err) == 0, "%s", err.msg);
	free(keep);
	famfs_writer_close(w);

	/* the result checks clean, with the table and the other files */
	ck_assert_int_eq(famfs_check(img, NULL, NULL, &rep, &ns, &err), 0);
	ck_assert_uint_eq(rep.nerrors, 0);
	ck_assert_ptr_null(famfs_ns_lookup(ns, name));
	for (i = 0; i < nleft; i++)
		ck_assert_ptr_nonnull(famfs_ns_lookup(ns, left[i]));
	famfs_ns_free(ns);
}

START_TEST(test_rm_file_on_secondary)
{
	static const char *const left[] = { "a", "c" };

	rewrite_without("b", left, 2);
}
END_TEST

START_TEST(test_rm_file_beside_secondaries)
{
	static const char *const left[] = { "b", "c" };

	rewrite_without("a", left, 2);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("rewrite_set");
	TCase *tc = tcase_create("rewrite_set");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_rm_file_on_secondary);
	tcase_add_test(tc, test_rm_file_beside_secondaries);
	suite_add_tcase(s, tc);
	return unit_run(s);
}
