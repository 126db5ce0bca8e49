// SPDX-License-Identifier: LGPL-2.1-or-later
/* Unit tests for undo files and the crash-safe log rewrite. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <famfs/famfs.h>

#include "util/le.h"
#include "logbuild.h"
#include "write/undo_internal.h"
#include "unit.h"

#define MiB (1ULL << 20)
#define LOG_LEN (8 * MiB)
#define DEV_SIZE (64 * MiB)
#define DATA (2 * MiB + LOG_LEN)

static char dir[64], img[96], img2[96], undo[96];

static void make_image(const char *path)
{
	struct logbuild lb;

	lb_init(&lb, LOG_LEN);
	lb_mkdir(&lb, "d");
	lb_file(&lb, "d/a", 5000, DATA);
	lb_file(&lb, "b", 3 * MiB, DATA + 2 * MiB);
	lb_mkdir(&lb, "d/e");
	lb_file(&lb, "d/e/c", 1, DATA + 6 * MiB);
	lb_write_image(&lb, path, DEV_SIZE);
	lb_free(&lb);
}

/* Give the image at path another file-system UUID (first byte salt). */
static void set_uuid(const char *path, uint8_t salt)
{
	struct famfs_superblock sb;
	uint8_t buf[FAMFS_SB_ENCODED_SIZE];
	int fd = open(path, O_RDWR);

	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(pread(fd, buf, sizeof(buf), 0), (ssize_t)sizeof(buf));
	ck_assert_int_eq(famfs_sb_decode(buf, sizeof(buf), &sb, NULL), 0);
	sb.uuid[0] = salt;
	ck_assert_int_eq(famfs_sb_encode(&sb, buf, sizeof(buf), NULL), 0);
	ck_assert_int_eq(pwrite(fd, buf, sizeof(buf), 0), (ssize_t)sizeof(buf));
	close(fd);
}

static void setup(void)
{
	strcpy(dir, access("/dev/shm", W_OK) ? "/tmp/famfs-undo-XXXXXX" :
	       "/dev/shm/famfs-undo-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(img, sizeof(img), "%s/img", dir);
	snprintf(img2, sizeof(img2), "%s/img2", dir);
	snprintf(undo, sizeof(undo), "%s/undo", dir);
	setenv(FAMFS_SYSTEM_UUID_ENV, LB_SYSTEM_UUID, 1);
	unsetenv("FAMFS_CRASH_AT");
	make_image(img);
	set_uuid(img, 1);
}

static void teardown(void)
{
	unlink(img);
	unlink(img2);
	unlink(undo);
	rmdir(dir);
}

/* The first bytes of an image (superblock and log: all a rewrite may touch). */
static uint8_t *snapshot(const char *path)
{
	uint8_t *buf = malloc(DATA);
	int fd = open(path, O_RDONLY);

	ck_assert_ptr_nonnull(buf);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(pread(fd, buf, DATA, 0), (ssize_t)DATA);
	close(fd);
	return buf;
}

static int same_as(const char *path, const uint8_t *snap)
{
	uint8_t *now = snapshot(path);
	int same = !memcmp(now, snap, DATA);

	free(now);
	return same;
}

static int drop_path(void *arg, const struct famfs_node *node)
{
	return !strcmp(node->path, (const char *)arg);
}

/* Rewrite img without what drop_path drops for path; returns its result. */
static int rewrite_without(const char *path, const char *undo_path, struct famfs_error *err)
{
	struct famfs_writer *w = NULL;
	struct famfs_log_entry *keep;
	uint64_t n;
	int rc;

	ck_assert_msg(famfs_writer_open(img, 0, &w, err) == 0, "open: %s", err->msg);
	ck_assert_int_eq(famfs_rewrite_select(w, drop_path, (void *)path, &keep, &n, err), 0);
	rc = famfs_writer_rewrite(w, keep, n, undo_path, NULL, err);
	free(keep);
	famfs_writer_close(w);
	return rc;
}

static void check_clean(uint64_t files, uint64_t dirs)
{
	struct famfs_check_report rep;
	struct famfs_error err = { 0 };

	ck_assert_int_eq(famfs_check(img, NULL, NULL, &rep, NULL, &err), 0);
	ck_assert_uint_eq(rep.nerrors, 0);
	ck_assert_uint_eq(rep.nwarnings, 0);
	ck_assert_uint_eq(rep.nfiles, files);
	ck_assert_uint_eq(rep.ndirs, dirs);
}

START_TEST(rewrite_then_undo_restores_bytes)
{
	struct famfs_error err = { 0 };
	struct famfs_undo_result res;
	uint8_t *before = snapshot(img);

	ck_assert_msg(rewrite_without("d/e", undo, &err) == 0, "%s", err.msg);
	check_clean(2, 1);
	ck_assert(!same_as(img, before));
	ck_assert_msg(famfs_undo_apply(undo, img, 0, &res, &err) == 0, "%s", err.msg);
	ck_assert(same_as(img, before));
	ck_assert_uint_ge(res.restored, 1);
	check_clean(3, 2);
	/* twice is harmless */
	ck_assert_int_eq(famfs_undo_apply(undo, img, 0, &res, &err), 0);
	ck_assert_uint_eq(res.restored, 0);
	ck_assert(same_as(img, before));
	free(before);
}
END_TEST

START_TEST(rewrite_dry_run_writes_nothing)
{
	struct famfs_error err = { 0 };
	struct famfs_writer *w = NULL;
	struct famfs_rewrite_stats st;
	struct famfs_log_entry *keep;
	uint8_t *before = snapshot(img);
	uint64_t n;

	ck_assert_int_eq(famfs_writer_open(img, FAMFS_WRITER_DRY_RUN, &w, &err), 0);
	ck_assert_int_eq(famfs_rewrite_select(w, drop_path, "b", &keep, &n, &err), 0);
	ck_assert_uint_eq(n, 4);
	ck_assert_int_eq(famfs_writer_rewrite(w, keep, n, undo, &st, &err), 0);
	ck_assert_uint_eq(st.slots_before, 5);
	ck_assert_uint_eq(st.slots_after, 4);
	ck_assert_uint_ge(st.ranges, 1);
	free(keep);
	famfs_writer_close(w);
	ck_assert(same_as(img, before));
	ck_assert_int_ne(access(undo, F_OK), 0);
	free(before);
}
END_TEST

START_TEST(rewrite_refuses_bad_order)
{
	struct famfs_error err = { 0 };
	struct famfs_writer *w = NULL;
	struct famfs_log_entry *keep, t;
	uint8_t *before = snapshot(img);
	uint64_t n;

	ck_assert_int_eq(famfs_writer_open(img, 0, &w, &err), 0);
	ck_assert_int_eq(famfs_rewrite_select(w, NULL, NULL, &keep, &n, &err), 0);
	ck_assert_uint_eq(n, 5);
	/* the child d/a before its parent d */
	t = keep[0];
	keep[0] = keep[1];
	keep[1] = t;
	ck_assert_int_eq(famfs_writer_rewrite(w, keep, n, undo, NULL, &err), -FAMFS_E_NS_NO_PARENT);
	/* a device entry after a file */
	memset(&keep[4], 0, sizeof(keep[4]));
	keep[4].type = FAMFS_LOG_ADD_DAXDEV;
	ck_assert_int_eq(famfs_writer_rewrite(w, keep, n, undo, NULL, &err), -EINVAL);
	free(keep);
	famfs_writer_close(w);
	ck_assert(same_as(img, before));
	ck_assert_int_ne(access(undo, F_OK), 0);
	free(before);
}
END_TEST

START_TEST(undo_open_refuses_existing_file)
{
	struct famfs_error err = { 0 };
	struct famfs_superblock sb;
	struct famfs_undo *u = NULL;
	int fd = open(undo, O_CREAT | O_WRONLY, 0600);

	ck_assert_int_ge(fd, 0);
	close(fd);
	famfs_sb_init(&sb, DEV_SIZE, LOG_LEN);
	ck_assert_int_eq(famfs_undo_open(undo, &sb, DEV_SIZE, &u, &err), -EEXIST);
	ck_assert_ptr_null(u);
	ck_assert_ptr_nonnull(strstr(err.msg, "earlier change"));
}
END_TEST

START_TEST(undo_record_refuses_outside_log_and_disorder)
{
	static uint8_t old[4096], nw[4096];
	struct famfs_error err = { 0 };
	struct famfs_superblock sb;
	struct famfs_undo *u = NULL;

	famfs_sb_init(&sb, DEV_SIZE, LOG_LEN);
	ck_assert_int_eq(famfs_undo_open(undo, &sb, DEV_SIZE, &u, &err), 0);
	ck_assert_int_eq(famfs_undo_record(u, 0, old, nw, 4096, &err), -ERANGE);
	ck_assert_int_eq(famfs_undo_record(u, DATA - 100, old, nw, 4096, &err), -ERANGE);
	ck_assert_int_eq(famfs_undo_record(u, 2 * MiB + 8192, old, nw, 4096, &err), 0);
	ck_assert_int_eq(famfs_undo_record(u, 2 * MiB + 8192, old, nw, 4096, &err), -ERANGE);
	ck_assert_int_eq(famfs_undo_record(u, 2 * MiB, old, nw, 4096, &err), -ERANGE);
	ck_assert_int_eq(famfs_undo_seal(u, &err), 0);
	ck_assert_int_eq(famfs_undo_record(u, 4 * MiB, old, nw, 4096, &err), -EINVAL);
	famfs_undo_close(u);
}
END_TEST

/* A completed rewrite's undo file, and the original image's bytes. */
static uint8_t *prepare(void)
{
	struct famfs_error err = { 0 };
	uint8_t *orig = snapshot(img);

	ck_assert_msg(rewrite_without("b", undo, &err) == 0, "%s", err.msg);
	return orig;
}

/* Applying must fail with code, naming why, and leave the device as it was. */
static void refused(const char *dev, int code, const char *why)
{
	struct famfs_error err = { 0 };
	uint8_t *before = snapshot(dev);

	ck_assert_int_eq(famfs_undo_apply(undo, dev, 0, NULL, &err), code);
	ck_assert_msg(strstr(err.msg, why), "'%s' lacks '%s'", err.msg, why);
	ck_assert(same_as(dev, before));
	free(before);
}

static void patch(const char *path, uint64_t off, const void *p, size_t len)
{
	int fd = open(path, O_WRONLY);

	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(pwrite(fd, p, len, (off_t)off), (ssize_t)len);
	close(fd);
}

static void read_back(const char *path, uint64_t off, void *p, size_t len)
{
	int fd = open(path, O_RDONLY);

	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(pread(fd, p, len, (off_t)off), (ssize_t)len);
	close(fd);
}

START_TEST(apply_refuses_torn)
{
	uint8_t *orig = prepare();
	struct stat st;

	ck_assert_int_eq(stat(undo, &st), 0);
	ck_assert_int_eq(truncate(undo, st.st_size - 1), 0);
	refused(img, -EBADMSG, "torn");
	ck_assert_int_eq(truncate(undo, 100), 0);
	refused(img, -EBADMSG, "too short");
	free(orig);
}
END_TEST

START_TEST(apply_refuses_unsealed)
{
	struct famfs_error err = { 0 };
	uint8_t *orig = snapshot(img);

	/* the crash hook cannot be used in-process; unseal a finished file instead */
	ck_assert_int_eq(rewrite_without("b", undo, &err), 0);
	{
		uint8_t hdr[FAMFS_UNDO_HEADER_SIZE];

		read_back(undo, 0, hdr, sizeof(hdr));
		put_le32(hdr + UNDO_OFF_STATE, UNDO_STATE_OPEN);
		put_le64(hdr + UNDO_OFF_CRC, undo_header_crc(hdr));
		patch(undo, 0, hdr, sizeof(hdr));
	}
	refused(img, -ENODATA, "not sealed");
	free(orig);
}
END_TEST

START_TEST(apply_refuses_other_device)
{
	uint8_t *orig = prepare();

	make_image(img2);	/* same layout, another UUID */
	set_uuid(img2, 2);
	refused(img2, -EXDEV, "UUIDs differ");
	/* the same image grown: its size no longer matches */
	ck_assert_int_eq(truncate(img, DEV_SIZE + 2 * MiB), 0);
	refused(img, -EXDEV, "");
	free(orig);
}
END_TEST

START_TEST(apply_refuses_changed_device)
{
	uint8_t *orig = prepare();
	uint8_t junk[16] = "changed since!!";

	/* the header chunk is always in the undo file: alter it on the device */
	patch(img, 2 * MiB + 100, junk, sizeof(junk));
	refused(img, -ESTALE, "changed since");
	free(orig);
}
END_TEST

START_TEST(apply_refuses_bad_old_bytes)
{
	uint8_t *orig = prepare();
	uint8_t b;

	read_back(undo, FAMFS_UNDO_HEADER_SIZE + FAMFS_UNDO_RECORD_SIZE + 10, &b, 1);
	b ^= 0xff;
	patch(undo, FAMFS_UNDO_HEADER_SIZE + FAMFS_UNDO_RECORD_SIZE + 10, &b, 1);
	refused(img, -EBADMSG, "do not match their CRC");
	free(orig);
}
END_TEST

/* A record rewritten with every CRC valid, pointing where it must not. */
static void lie(uint64_t offset)
{
	uint8_t hdr[FAMFS_UNDO_HEADER_SIZE], rec[FAMFS_UNDO_RECORD_SIZE];

	read_back(undo, 0, hdr, sizeof(hdr));
	read_back(undo, FAMFS_UNDO_HEADER_SIZE, rec, sizeof(rec));
	put_le64(rec + UNDO_REC_OFF_OFFSET, offset);
	put_le64(rec + UNDO_REC_OFF_CRC, undo_record_crc(hdr, rec));
	patch(undo, FAMFS_UNDO_HEADER_SIZE, rec, sizeof(rec));
}

START_TEST(apply_refuses_crc_valid_lies)
{
	uint8_t *orig = prepare();

	lie(0);				/* over the superblock */
	refused(img, -ERANGE, "outside the log");
	lie(DATA);			/* over file data */
	refused(img, -ERANGE, "outside the log");
	lie(UINT64_MAX - 10);		/* wraps around */
	refused(img, -ERANGE, "outside the log");
	free(orig);
}
END_TEST

START_TEST(apply_refuses_record_from_other_file)
{
	uint8_t *orig = prepare();
	uint8_t hdr[FAMFS_UNDO_HEADER_SIZE];

	/*
	 * another file system's valid header in front of these records, and
	 * the device made to match it: the records' CRCs, seeded with the
	 * header's identity, fail
	 */
	read_back(undo, 0, hdr, sizeof(hdr));
	hdr[UNDO_OFF_FS_UUID] ^= 1;
	put_le64(hdr + UNDO_OFF_CRC, undo_header_crc(hdr));
	patch(undo, 0, hdr, sizeof(hdr));
	refused(img, -EXDEV, "UUIDs differ");
	set_uuid(img, hdr[UNDO_OFF_FS_UUID]);
	refused(img, -EBADMSG, "another undo file");
	free(orig);
}
END_TEST

START_TEST(apply_dry_run_writes_nothing)
{
	struct famfs_error err = { 0 };
	struct famfs_undo_result res;
	uint8_t *orig = prepare();
	uint8_t *after = snapshot(img);

	ck_assert_int_eq(famfs_undo_apply(undo, img, FAMFS_UNDO_DRY_RUN, &res, &err), 0);
	ck_assert_uint_ge(res.restored, 1);
	ck_assert(same_as(img, after));
	free(after);
	free(orig);
}
END_TEST

static Suite *undo_suite(void)
{
	Suite *s = suite_create("undo");
	TCase *tc = tcase_create("undo");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, rewrite_then_undo_restores_bytes);
	tcase_add_test(tc, rewrite_dry_run_writes_nothing);
	tcase_add_test(tc, rewrite_refuses_bad_order);
	tcase_add_test(tc, undo_open_refuses_existing_file);
	tcase_add_test(tc, undo_record_refuses_outside_log_and_disorder);
	tcase_add_test(tc, apply_refuses_torn);
	tcase_add_test(tc, apply_refuses_unsealed);
	tcase_add_test(tc, apply_refuses_other_device);
	tcase_add_test(tc, apply_refuses_changed_device);
	tcase_add_test(tc, apply_refuses_bad_old_bytes);
	tcase_add_test(tc, apply_refuses_crc_valid_lies);
	tcase_add_test(tc, apply_refuses_record_from_other_file);
	tcase_add_test(tc, apply_dry_run_writes_nothing);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return unit_run(undo_suite());
}
