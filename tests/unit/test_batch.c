// SPDX-License-Identifier: LGPL-2.1-or-later
/* Unit tests for the writer's batches: queued appends, one commit, limits, drops. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
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

	strcpy(img, access("/dev/shm", W_OK) ? "/tmp/famfs-batch-XXXXXX" :
	       "/dev/shm/famfs-batch-XXXXXX");
	fd = mkstemp(img);
	ck_assert_int_ge(fd, 0);
	close(fd);
	setenv(FAMFS_SYSTEM_UUID_ENV, LB_SYSTEM_UUID, 1);
	unsetenv("FAMFS_CRASH_AT");
	lb_init(&lb, 8 * MiB);
	lb_mkdir(&lb, "d");
	lb_write_image(&lb, img, 128 * MiB);
	lb_free(&lb);
}

static void teardown(void)
{
	unlink(img);
}

static int fill_byte(void *arg, void *dst, uint64_t off, uint64_t len, struct famfs_error *err)
{
	(void)err;
	memset(dst, *(int *)arg + (int)off, len);
	return 0;
}

static void create_ok(struct famfs_writer *w, const char *path, uint64_t size, int salt)
{
	struct famfs_new_file nf = { .path = path, .size = size, .mode = 0100644 };
	struct famfs_error err = { 0 };

	ck_assert_msg(famfs_writer_create(w, &nf, fill_byte, &salt, NULL, &err) == 0,
		      "create %s: %s", path, err.msg);
}

/* A host file of size bytes, all of them salt, for the fd path. */
static int source_fd(uint64_t size, int salt)
{
	char path[] = "/tmp/famfs-batch-src-XXXXXX";
	char buf[4096];
	int fd = mkstemp(path);
	uint64_t off;

	ck_assert_int_ge(fd, 0);
	unlink(path);
	memset(buf, salt, sizeof(buf));
	for (off = 0; off < size; off += sizeof(buf))
		ck_assert_int_gt(pwrite(fd, buf, size - off < sizeof(buf) ? size - off : sizeof(buf),
					(off_t)off), 0);
	return fd;
}

/* What a fresh, checked replay of the image holds (no errors allowed). */
static uint64_t files_on_disk(const char *path, uint64_t size)
{
	struct famfs_check_report rep;
	struct famfs_error err = { 0 };
	struct famfs_ns *ns = NULL;
	const struct famfs_node *n;
	uint64_t found = 0, i;

	ck_assert_int_eq(famfs_check(img, NULL, NULL, &rep, &ns, &err), 0);
	ck_assert_uint_eq(rep.nerrors, 0);
	for (i = 0; i < famfs_ns_count(ns); i++)
		found += famfs_ns_node(ns, i)->type == FAMFS_NODE_FILE;
	if (path) {
		n = famfs_ns_lookup(ns, path);
		ck_assert_ptr_nonnull(n);
		ck_assert_uint_eq(n->size, size);
	}
	famfs_ns_free(ns);
	return found;
}

START_TEST(test_commit_makes_all_live)
{
	struct famfs_error err = { 0 };
	struct famfs_writer *w = lb_writer_open(img, 0);
	uint64_t slots = famfs_writer_free_slots(w);
	int fd = source_fd(3 * MiB + 1, 7);
	struct famfs_new_file nf = { .path = "d/fd", .size = 3 * MiB + 1, .mode = 0100644 };

	ck_assert_int_eq(famfs_writer_batch_begin(w, 0, 0, &err), 0);
	create_ok(w, "d/a", 1, 1);
	ck_assert_int_eq(famfs_writer_mkdir(w, "d/e", 040755, 0, 0, &err), 0);
	create_ok(w, "d/e/b", 5 * MiB, 2);
	ck_assert_int_eq(famfs_writer_create_fd(w, &nf, fd, NULL, &err), 0);
	close(fd);
	/* queued: in the namespace, counted against the log, not yet on the device */
	ck_assert_uint_eq(famfs_writer_batch_pending(w), 4);
	ck_assert_uint_eq(famfs_writer_free_slots(w), slots - 4);
	ck_assert_ptr_nonnull(famfs_ns_lookup(famfs_writer_ns(w), "d/e/b"));
	ck_assert_int_eq(famfs_writer_create(w, &(struct famfs_new_file){ .path = "d/a",
			 .size = 1, .mode = 0100644 }, fill_byte, &fd, NULL, &err), -FAMFS_E_NS_EXISTS);
	ck_assert_uint_eq(files_on_disk(NULL, 0), 0);
	ck_assert_int_eq(famfs_writer_batch_commit(w, &err), 0);
	ck_assert_uint_eq(famfs_writer_batch_pending(w), 0);
	ck_assert_uint_eq(famfs_writer_free_slots(w), slots - 4);
	ck_assert_uint_eq(files_on_disk("d/fd", 3 * MiB + 1), 3);
	/* after the batch, appends go straight to the log again */
	create_ok(w, "d/c", 10, 3);
	ck_assert_uint_eq(files_on_disk("d/c", 10), 4);
	famfs_writer_close(w);
	ck_assert_uint_eq(files_on_disk("d/e/b", 5 * MiB), 4);
}
END_TEST

START_TEST(test_close_drops_an_open_batch)
{
	struct famfs_error err = { 0 };
	struct famfs_writer *w = lb_writer_open(img, 0);

	create_ok(w, "d/kept", 100, 1);
	ck_assert_int_eq(famfs_writer_batch_begin(w, 0, 0, &err), 0);
	create_ok(w, "d/dropped", 100, 2);
	famfs_writer_close(w);
	ck_assert_uint_eq(files_on_disk("d/kept", 100), 1);
	/* the dropped file's slot and space are free for the next writer */
	w = lb_writer_open(img, 0);
	create_ok(w, "d/dropped", 200, 3);
	famfs_writer_close(w);
	ck_assert_uint_eq(files_on_disk("d/dropped", 200), 2);
}
END_TEST

START_TEST(test_limits_commit_on_their_own)
{
	struct famfs_error err = { 0 };
	struct famfs_writer *w = lb_writer_open(img, 0);

	/* two entries a batch: the second create commits both */
	ck_assert_int_eq(famfs_writer_batch_begin(w, 2, 0, &err), 0);
	create_ok(w, "d/1", 1, 1);
	ck_assert_uint_eq(famfs_writer_batch_pending(w), 1);
	create_ok(w, "d/2", 1, 1);
	ck_assert_uint_eq(famfs_writer_batch_pending(w), 0);
	create_ok(w, "d/3", 1, 1);
	ck_assert_uint_eq(famfs_writer_batch_pending(w), 1);
	ck_assert_uint_eq(files_on_disk("d/2", 1), 2);
	ck_assert_int_eq(famfs_writer_batch_commit(w, &err), 0);
	/* 4 MiB of data a batch: a 3 MiB file waits, the next one commits both */
	ck_assert_int_eq(famfs_writer_batch_begin(w, 0, 4 * MiB, &err), 0);
	create_ok(w, "d/4", 3 * MiB, 1);
	ck_assert_uint_eq(famfs_writer_batch_pending(w), 1);
	create_ok(w, "d/5", 1 * MiB, 1);
	ck_assert_uint_eq(famfs_writer_batch_pending(w), 0);
	famfs_writer_close(w);
	ck_assert_uint_eq(files_on_disk("d/5", MiB), 5);
}
END_TEST

START_TEST(test_misuse_and_dry_run)
{
	struct famfs_error err = { 0 };
	struct famfs_writer *w = lb_writer_open(img, 0);

	ck_assert_int_eq(famfs_writer_batch_commit(w, &err), -EINVAL);
	ck_assert_int_eq(famfs_writer_batch_begin(w, 0, 0, &err), 0);
	ck_assert_int_eq(famfs_writer_batch_begin(w, 0, 0, &err), -EBUSY);
	ck_assert_int_eq(famfs_writer_batch_commit(w, &err), 0);	/* empty */
	famfs_writer_close(w);
	/* a dry run queues nothing and writes nothing */
	w = lb_writer_open(img, FAMFS_WRITER_DRY_RUN);
	ck_assert_int_eq(famfs_writer_batch_begin(w, 0, 0, &err), 0);
	create_ok(w, "d/x", 1, 1);
	ck_assert_uint_eq(famfs_writer_batch_pending(w), 0);
	ck_assert_ptr_nonnull(famfs_ns_lookup(famfs_writer_ns(w), "d/x"));
	ck_assert_int_eq(famfs_writer_batch_commit(w, &err), 0);
	famfs_writer_close(w);
	ck_assert_uint_eq(files_on_disk(NULL, 0), 0);
}
END_TEST

/* Every byte of [off, off + len) of the image past its first skip bytes is zero. */
static void assert_zero_after(uint64_t off, uint64_t len, uint64_t skip)
{
	static char buf[2 * MiB];
	int fd = open(img, O_RDONLY);
	uint64_t i;

	ck_assert_int_ge(fd, 0);
	ck_assert_uint_le(len, sizeof(buf));
	ck_assert_int_eq(pread(fd, buf, len, (off_t)off), (ssize_t)len);
	close(fd);
	for (i = skip; i < len && !buf[i]; i++)
		;
	ck_assert_msg(i == len, "byte %llu of the unit at %llu is %d",
		      (unsigned long long)i, (unsigned long long)off, i < len ? buf[i] : 0);
}

/*
 * Small files in a row share one punched hole for their tails: each tail
 * still reads as zeros, over stale bytes, and after a failed file gives
 * back units it had written to.
 */
START_TEST(test_tails_zero_in_a_row)
{
	struct famfs_error err = { 0 };
	struct famfs_writer *w = lb_writer_open(img, 0);
	struct famfs_new_file nf = { .size = 3, .mode = 0100644 };
	struct famfs_fmap f[4];
	char name[16], junk[4096];
	int src = source_fd(3, 9), fd, i;
	uint64_t off;

	/* stale bytes over the whole free data area */
	memset(junk, 0x5a, sizeof(junk));
	fd = open(img, O_WRONLY);
	ck_assert_int_ge(fd, 0);
	for (off = 16 * MiB; off < 128 * MiB; off += sizeof(junk))
		ck_assert_int_eq(pwrite(fd, junk, sizeof(junk), (off_t)off), (ssize_t)sizeof(junk));
	close(fd);
	ck_assert_int_eq(famfs_writer_batch_begin(w, 0, 0, &err), 0);
	for (i = 0; i < 2; i++) {
		snprintf(name, sizeof(name), "d/s%d", i);
		nf.path = name;
		ck_assert_msg(famfs_writer_create_fd(w, &nf, src, &f[i], &err) == 0, "%s", err.msg);
	}
	/* a source that is short fails after writing: its units go back dirty */
	nf.path = "d/fails";
	nf.size = 2 * MiB + 5;
	ck_assert_int_ne(famfs_writer_create_fd(w, &nf, source_fd(2 * MiB + 1, 7), &f[2], &err), 0);
	nf.size = 3;
	for (i = 2; i < 4; i++) {
		snprintf(name, sizeof(name), "d/s%d", i);
		nf.path = name;
		ck_assert_msg(famfs_writer_create_fd(w, &nf, src, &f[i], &err) == 0, "%s", err.msg);
	}
	ck_assert_int_eq(famfs_writer_batch_commit(w, &err), 0);
	famfs_writer_close(w);
	close(src);
	for (i = 0; i < 4; i++)
		assert_zero_after(f[i].ext[0].offset, 2 * MiB, 3);
}
END_TEST

static Suite *batch_suite(void)
{
	Suite *s = suite_create("batch");
	TCase *tc = tcase_create("core");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_commit_makes_all_live);
	tcase_add_test(tc, test_close_drops_an_open_batch);
	tcase_add_test(tc, test_limits_commit_on_their_own);
	tcase_add_test(tc, test_misuse_and_dry_run);
	tcase_add_test(tc, test_tails_zero_in_a_row);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return unit_run(batch_suite());
}
