// SPDX-License-Identifier: LGPL-2.1-or-later
/* Unit tests for famfs_writer_create_mem: a file's data taken from memory. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <famfs/famfs.h>

#include "logbuild.h"
#include "unit.h"

#define MiB (1ULL << 20)

static char img[64];

static void setup(void)
{
	struct logbuild lb;
	int fd;

	strcpy(img, access("/dev/shm", W_OK) ? "/tmp/famfs-mem-XXXXXX" :
	       "/dev/shm/famfs-mem-XXXXXX");
	fd = mkstemp(img);
	ck_assert_int_ge(fd, 0);
	close(fd);
	setenv(FAMFS_SYSTEM_UUID_ENV, LB_SYSTEM_UUID, 1);
	unsetenv("FAMFS_CRASH_AT");
	lb_init(&lb, 8 * MiB);
	lb_write_image(&lb, img, 64 * MiB);
	lb_free(&lb);
}

static void teardown(void)
{
	unlink(img);
}

/* Stale bytes over the whole data area, so a tail left unzeroed shows. */
static void dirty_data_area(void)
{
	char junk[4096];
	uint64_t off;
	int fd = open(img, O_WRONLY);

	ck_assert_int_ge(fd, 0);
	memset(junk, 0x5a, sizeof(junk));
	for (off = 16 * MiB; off < 64 * MiB; off += sizeof(junk))
		ck_assert_int_eq(pwrite(fd, junk, sizeof(junk), (off_t)off), (ssize_t)sizeof(junk));
	close(fd);
}

struct expect {
	const uint8_t *data;
	uint64_t size, next;
	int bad;
};

static int compare(void *arg, const void *src, uint64_t off, uint64_t len,
		   struct famfs_error *err)
{
	struct expect *x = arg;

	(void)err;
	if (off != x->next || off + len > x->size || memcmp(src, x->data + off, len))
		x->bad++;
	x->next = off + len;
	return 0;
}

/* The file at path holds exactly size bytes of data, and its unit's rest is zero. */
static void assert_file(const char *path, const uint8_t *data, uint64_t size)
{
	struct famfs_check_report rep;
	struct famfs_error err = { 0 };
	struct famfs_ns *ns = NULL;
	struct famfs_dev *dev = NULL;
	struct expect x = { data, size, 0, 0 };
	const struct famfs_node *n;
	static uint8_t unit[2 * MiB];
	uint64_t i;
	int fd;

	ck_assert_int_eq(famfs_check(img, NULL, NULL, &rep, &ns, &err), 0);
	ck_assert_uint_eq(rep.nerrors, 0);
	n = famfs_ns_lookup(ns, path);
	ck_assert_ptr_nonnull(n);
	ck_assert_uint_eq(n->size, size);
	ck_assert_int_eq(famfs_dev_open(img, 0, &dev, &err), 0);
	ck_assert_int_eq(famfs_file_read(dev, n, compare, &x, &err), 0);
	ck_assert_uint_eq(x.next, size);
	ck_assert_int_eq(x.bad, 0);
	famfs_dev_close(dev);
	if (n->next == 1 && n->ext[0].len == 2 * MiB) {
		fd = open(img, O_RDONLY);
		ck_assert_int_ge(fd, 0);
		ck_assert_int_eq(pread(fd, unit, sizeof(unit), (off_t)n->ext[0].offset),
				 (ssize_t)sizeof(unit));
		close(fd);
		for (i = size; i < sizeof(unit) && !unit[i]; i++)
			;
		ck_assert_msg(i == sizeof(unit), "byte %llu past the data is %d",
			      (unsigned long long)i, i < sizeof(unit) ? unit[i] : 0);
	}
	famfs_ns_free(ns);
}

START_TEST(test_data_from_memory)
{
	static uint8_t big[3 * MiB + 17];
	const uint8_t small[] = "seven b";
	struct famfs_new_file nf = { .path = "s", .size = 7, .mode = 0100644 };
	struct famfs_error err = { 0 };
	struct famfs_writer *w;
	struct famfs_fmap f;
	uint64_t i;

	for (i = 0; i < sizeof(big); i++)
		big[i] = (uint8_t)(i * 7 + (i >> 13));
	dirty_data_area();
	w = lb_writer_open(img, 0);
	ck_assert_msg(famfs_writer_create_mem(w, &nf, small, &f, &err) == 0, "%s", err.msg);
	ck_assert_uint_eq(f.count, 1);
	nf.path = "big";
	nf.size = sizeof(big);
	ck_assert_msg(famfs_writer_create_mem(w, &nf, big, NULL, &err) == 0, "%s", err.msg);
	nf.path = "empty";
	nf.size = 0;
	ck_assert_msg(famfs_writer_create_mem(w, &nf, NULL, NULL, &err) == 0, "%s", err.msg);
	famfs_writer_close(w);
	assert_file("s", small, 7);
	assert_file("big", big, sizeof(big));
	assert_file("empty", small, 0);
}
END_TEST

START_TEST(test_in_a_batch_and_refusals)
{
	const uint8_t data[] = "batched";
	struct famfs_new_file nf = { .path = "a", .size = 7, .mode = 0100644 };
	struct famfs_error err = { 0 };
	struct famfs_writer *w = lb_writer_open(img, 0);

	/* no data for a non-empty file: refused, nothing taken */
	ck_assert_int_eq(famfs_writer_create_mem(w, &nf, NULL, NULL, &err), -EINVAL);
	ck_assert_int_eq(famfs_writer_batch_begin(w, 0, 0, &err), 0);
	ck_assert_msg(famfs_writer_create_mem(w, &nf, data, NULL, &err) == 0, "%s", err.msg);
	ck_assert_uint_eq(famfs_writer_batch_pending(w), 1);
	/* the same path again is refused like any create */
	ck_assert_int_ne(famfs_writer_create_mem(w, &nf, data, NULL, &err), 0);
	ck_assert_int_eq(famfs_writer_batch_commit(w, &err), 0);
	famfs_writer_close(w);
	assert_file("a", data, 7);
}
END_TEST

START_TEST(test_dry_run_writes_nothing)
{
	const uint8_t data[] = "dry";
	struct famfs_new_file nf = { .path = "d", .size = 3, .mode = 0100644 };
	struct famfs_check_report rep;
	struct famfs_error err = { 0 };
	struct famfs_writer *w = lb_writer_open(img, FAMFS_WRITER_DRY_RUN);
	struct famfs_ns *ns = NULL;

	ck_assert_msg(famfs_writer_create_mem(w, &nf, data, NULL, &err) == 0, "%s", err.msg);
	famfs_writer_close(w);
	ck_assert_int_eq(famfs_check(img, NULL, NULL, &rep, &ns, &err), 0);
	ck_assert_ptr_null(famfs_ns_lookup(ns, "d"));
	famfs_ns_free(ns);
}
END_TEST

static Suite *create_mem_suite(void)
{
	Suite *s = suite_create("create_mem");
	TCase *tc = tcase_create("core");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_data_from_memory);
	tcase_add_test(tc, test_in_a_batch_and_refusals);
	tcase_add_test(tc, test_dry_run_writes_nothing);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return unit_run(create_mem_suite());
}
