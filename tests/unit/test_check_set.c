// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Unit tests for checking and reading a multi-device file system: extents
 * on the secondaries the primary's log adds are checked against their own
 * device (range, superblock unit, overlaps per device) and read from it.
 */
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

struct seen {
	int n;
	char names[8][32];
	char msgs[8][256];
};

static void keep(void *arg, const struct famfs_finding *f)
{
	struct seen *s = arg;

	if (f->severity != FAMFS_SEV_ERROR || s->n == 8)
		return;
	snprintf(s->names[s->n], sizeof(s->names[0]), "%s", f->name);
	snprintf(s->msgs[s->n], sizeof(s->msgs[0]), "%s", f->msg);
	s->n++;
}

/* Image of the primary (superblock with flags, log) in a buffer; check it. */
static void check(const struct logbuild *lb, uint32_t flags, struct seen *s,
		  struct famfs_check_report *rep)
{
	struct famfs_superblock sb;
	uint8_t *img = calloc(1, DEV_SIZE);
	struct famfs_error err = { 0 };

	ck_assert_ptr_nonnull(img);
	famfs_sb_init(&sb, DEV_SIZE, lb->log_len);
	sb.flags = flags;
	ck_assert_int_eq(famfs_sb_encode(&sb, img, FAMFS_SB_ENCODED_SIZE, NULL), 0);
	memcpy(img + FAMFS_LOG_OFFSET, lb->log, lb->log_len);
	memset(s, 0, sizeof(*s));
	ck_assert_int_eq(famfs_check_buffer(img, DEV_SIZE, keep, s, rep, NULL, &err), 0);
	free(img);
}

START_TEST(test_extents_on_secondaries)
{
	const uint64_t meta = FAMFS_LOG_OFFSET + FAMFS_LOG_LEN_MIN;
	struct famfs_check_report rep;
	struct logbuild lb;
	struct seen s;

	lb_init(&lb, FAMFS_LOG_LEN_MIN);
	lb_daxdev(&lb, 1, SEC_SIZE);
	lb_daxdev(&lb, 2, SEC_SIZE);
	lb_file_on(&lb, "a", 2 * MiB, 0, meta);
	lb_file_on(&lb, "b", 4 * MiB, 1, 2 * MiB);
	/* same offsets as b, on another device: no overlap */
	lb_file_on(&lb, "c", 4 * MiB, 2, 2 * MiB);
	check(&lb, FAMFS_SB_FLAG_PRIMARY, &s, &rep);
	ck_assert_int_eq(s.n, 0);
	ck_assert_uint_eq(rep.nerrors, 0);
	ck_assert_uint_eq(rep.data_size, DEV_SIZE - meta + 2 * (SEC_SIZE - 2 * MiB));
	ck_assert_uint_eq(rep.bytes_allocated, 10 * MiB);
	ck_assert_uint_eq(rep.bytes_free, rep.data_size - 10 * MiB);

	/* an overlap on device 1 names it */
	lb_file_on(&lb, "d", 2 * MiB, 1, 4 * MiB);
	/* past the end of device 2 (16 MiB), though inside device 0 */
	lb_file_on(&lb, "e", 4 * MiB, 2, 14 * MiB);
	/* device 1's superblock unit */
	lb_file_on(&lb, "f", 2 * MiB, 1, 0);
	/* no device 3 */
	lb_file_on(&lb, "g", 2 * MiB, 3, 2 * MiB);
	check(&lb, FAMFS_SB_FLAG_PRIMARY, &s, &rep);
	/* (hosts skip a file at device offset 0 whatever its device: f) */
	ck_assert_int_eq(s.n, 5);
	ck_assert_str_eq(s.names[0], "replay-skips-file");
	ck_assert_str_eq(s.names[1], "ext-range");
	ck_assert_ptr_nonnull(strstr(s.msgs[1], "device 2"));
	ck_assert_str_eq(s.names[2], "ext-meta");
	ck_assert_ptr_nonnull(strstr(s.msgs[2], "device 1"));
	ck_assert_str_eq(s.names[3], "ext-dev-index");
	ck_assert_ptr_nonnull(strstr(s.msgs[3], "devices 0 to 2"));
	ck_assert_str_eq(s.names[4], "ext-overlap");
	ck_assert_ptr_nonnull(strstr(s.msgs[4], "on device 1"));
	ck_assert_ptr_nonnull(strstr(s.msgs[4], "'b'"));
	lb_free(&lb);
}
END_TEST

START_TEST(test_one_device_unchanged)
{
	const uint64_t meta = FAMFS_LOG_OFFSET + FAMFS_LOG_LEN_MIN;
	struct famfs_check_report rep;
	struct logbuild lb;
	struct seen s;

	/* no ADD_DAXDEV: device 1 is unknown, with the one-device message */
	lb_init(&lb, FAMFS_LOG_LEN_MIN);
	lb_file_on(&lb, "a", 2 * MiB, 0, meta);
	lb_file_on(&lb, "b", 2 * MiB, 1, 2 * MiB);
	check(&lb, 0, &s, &rep);
	ck_assert_int_eq(s.n, 1);
	ck_assert_str_eq(s.names[0], "ext-dev-index");
	ck_assert_ptr_nonnull(strstr(s.msgs[0], "only device 0 exists"));
	ck_assert_uint_eq(rep.data_size, DEV_SIZE - meta);
	lb_free(&lb);
}
END_TEST

struct collect {
	uint8_t buf[4 * MiB];
	uint64_t n;
};

static int collect(void *arg, const void *src, uint64_t off, uint64_t len,
		   struct famfs_error *err)
{
	struct collect *c = arg;

	(void)err;
	ck_assert_uint_le(off + len, sizeof(c->buf));
	memcpy(c->buf + off, src, len);
	c->n += len;
	return 0;
}

static void write_file(const char *path, const void *buf, uint64_t len, uint64_t size)
{
	FILE *f = fopen(path, "w");

	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(ftruncate(fileno(f), (off_t)size), 0);
	if (len)
		ck_assert_uint_eq(fwrite(buf, 1, len, f), len);
	ck_assert_int_eq(fclose(f), 0);
}

START_TEST(test_read_devs)
{
	char dir[] = "/tmp/famfs-unit.XXXXXX", p0[64], p1[64];
	struct famfs_check_report rep;
	struct famfs_error err = { 0 };
	struct famfs_dev *devs[2], *none[2];
	struct famfs_superblock sb;
	struct famfs_ns *ns = NULL;
	struct collect *c = calloc(1, sizeof(*c));
	const struct famfs_node *n;
	struct logbuild lb;
	uint8_t *img = calloc(1, DEV_SIZE), *sec = calloc(1, SEC_SIZE);
	uint64_t i;

	ck_assert_ptr_nonnull(c);
	ck_assert_ptr_nonnull(img);
	ck_assert_ptr_nonnull(sec);
	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(p0, sizeof(p0), "%s/p", dir);
	snprintf(p1, sizeof(p1), "%s/s", dir);
	lb_init(&lb, FAMFS_LOG_LEN_MIN);
	lb_daxdev(&lb, 1, SEC_SIZE);
	lb_file_on(&lb, "f", 2 * MiB, 1, 2 * MiB);
	famfs_sb_init(&sb, DEV_SIZE, lb.log_len);
	sb.flags = FAMFS_SB_FLAG_PRIMARY;
	ck_assert_int_eq(famfs_sb_encode(&sb, img, FAMFS_SB_ENCODED_SIZE, NULL), 0);
	memcpy(img + FAMFS_LOG_OFFSET, lb.log, lb.log_len);
	ck_assert_int_eq(famfs_check_buffer(img, DEV_SIZE, NULL, NULL, &rep, &ns, &err), 0);
	n = famfs_ns_lookup(ns, "f");
	ck_assert_ptr_nonnull(n);
	/* the file's bytes are on the secondary only */
	for (i = 0; i < 2 * MiB; i++)
		sec[2 * MiB + i] = (uint8_t)(i * 7 + 3);
	write_file(p0, img, DEV_SIZE, DEV_SIZE);
	write_file(p1, sec, SEC_SIZE, SEC_SIZE);
	ck_assert_int_eq(famfs_dev_open(p0, 0, &devs[0], &err), 0);
	ck_assert_int_eq(famfs_dev_open(p1, 0, &devs[1], &err), 0);
	ck_assert_int_eq(famfs_file_read_devs(devs, 2, n, collect, c, &err), 0);
	ck_assert_uint_eq(c->n, 2 * MiB);
	ck_assert_mem_eq(c->buf, sec + 2 * MiB, 2 * MiB);
	/* the member not open */
	none[0] = devs[0];
	none[1] = NULL;
	ck_assert_int_eq(famfs_file_read_devs(none, 2, n, collect, c, &err),
			 -FAMFS_E_DEV_MISSING);
	ck_assert_ptr_nonnull(strstr(err.msg, "device 1"));
	/* the one-device call: not on its device */
	ck_assert_int_eq(famfs_file_read(devs[0], n, collect, c, &err), -FAMFS_E_EXT_RANGE);
	famfs_dev_close(devs[0]);
	famfs_dev_close(devs[1]);
	famfs_ns_free(ns);
	lb_free(&lb);
	unlink(p0);
	unlink(p1);
	rmdir(dir);
	free(img);
	free(sec);
	free(c);
}
END_TEST

static Suite *check_set_suite(void)
{
	Suite *s = suite_create("check_set");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_extents_on_secondaries);
	tcase_add_test(tc, test_one_device_unchanged);
	tcase_add_test(tc, test_read_devs);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return unit_run(check_set_suite());
}
