// SPDX-License-Identifier: LGPL-2.1-or-later
/* Unit tests for famfs_mkfs(): what it writes and what it refuses. */
#include <stdio.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <string.h>
#include <unistd.h>
#include <uuid/uuid.h>

#include <famfs/famfs.h>

#include "logbuild.h"
#include "unit.h"

#define MiB (1ULL << 20)

static char img[64];
/* beside img: where it is moved to, and a file a link to it would hit */
static char swapped[80], victim[80];

static void make_file(uint64_t size)
{
	int fd = open(img, O_RDWR | O_CREAT | O_TRUNC, 0644);

	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(ftruncate(fd, (off_t)size), 0);
	close(fd);
}

static void setup(void)
{
	int fd;

	strcpy(img, "/tmp/famfs-test-mkfs-XXXXXX");
	fd = mkstemp(img);
	ck_assert_int_ge(fd, 0);
	close(fd);
	snprintf(swapped, sizeof(swapped), "%s.swapped", img);
	snprintf(victim, sizeof(victim), "%s.victim", img);
	setenv(FAMFS_SYSTEM_UUID_ENV, LB_SYSTEM_UUID, 1);
}

static void teardown(void)
{
	unlink(img);
	unlink(swapped);
	unlink(victim);
}

static void read_at(uint64_t off, void *buf, size_t len)
{
	int fd = open(img, O_RDONLY);

	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(pread(fd, buf, len, (off_t)off), (ssize_t)len);
	close(fd);
}

static void write_at(uint64_t off, const void *buf, size_t len)
{
	int fd = open(img, O_RDWR);

	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(pwrite(fd, buf, len, (off_t)off), (ssize_t)len);
	close(fd);
}

/* A checksum of the first 16 MiB, enough to see any mkfs write. */
static uint32_t image_sum(void)
{
	static uint8_t buf[16 * MiB];
	uint32_t h = 2166136261u;
	size_t i;

	read_at(0, buf, sizeof(buf));
	for (i = 0; i < sizeof(buf); i++)
		h = (h ^ buf[i]) * 16777619u;
	return h;
}

START_TEST(test_mkfs_writes_valid_fs)
{
	struct famfs_mkfs_opts o = { 0 };
	struct famfs_mkfs_result r;
	struct famfs_error err = { 0 };
	uint8_t fsuuid[FAMFS_UUID_LEN], sysuuid[FAMFS_UUID_LEN];
	const struct famfs_superblock *sb;
	struct famfs_fs *fs;

	uuid_parse("01234567-89ab-cdef-0123-456789abcdef", fsuuid);
	uuid_parse(LB_SYSTEM_UUID, sysuuid);
	o.uuid = fsuuid;
	make_file(64 * MiB);
	ck_assert_int_eq(famfs_mkfs(img, &o, &r, &err), 0);
	ck_assert_uint_eq(r.nslots, 15420);
	ck_assert_uint_eq(r.raw_size, 64 * MiB);
	ck_assert_str_eq(r.size_source, "stat");
	ck_assert_str_eq(r.replaced, "");

	ck_assert_int_eq(famfs_fs_open(img, FAMFS_FS_WRITE, &fs, &err), 0);
	sb = famfs_fs_superblock(fs);
	ck_assert_uint_eq(sb->dev_size, 64 * MiB);
	ck_assert_uint_eq(sb->log_len, 8 * MiB);
	ck_assert_uint_eq(sb->flags, 0);
	ck_assert_mem_eq(sb->uuid, fsuuid, FAMFS_UUID_LEN);
	ck_assert_mem_eq(sb->system_uuid, sysuuid, FAMFS_UUID_LEN);
	ck_assert_str_eq(sb->dev_name, img);
	ck_assert_uint_eq(famfs_fs_log_header(fs)->next_index, 0);
	ck_assert_uint_eq(famfs_fs_log_header(fs)->last_index, 15419);
	famfs_fs_close(fs);
}
END_TEST

START_TEST(test_mkfs_force_and_kill)
{
	struct famfs_mkfs_opts o = { 0 };
	struct famfs_mkfs_result r;
	struct famfs_error err = { 0 };
	uint8_t junk[FAMFS_LOG_ENTRY_SIZE], slot[FAMFS_LOG_ENTRY_SIZE], magic[8];
	uint32_t sum;

	make_file(64 * MiB);
	ck_assert_int_eq(famfs_mkfs(img, &o, &r, &err), 0);
	sum = image_sum();
	ck_assert_int_eq(famfs_mkfs(img, &o, &r, &err), -EEXIST);
	ck_assert_ptr_nonnull(strstr(err.msg, "already holds a famfs file system"));
	ck_assert_uint_eq(image_sum(), sum);

	/* an old log entry must not survive a forced mkfs */
	memset(junk, 0xa5, sizeof(junk));
	write_at(FAMFS_LOG_OFFSET + famfs_log_slot_offset(0), junk, sizeof(junk));
	o.flags = FAMFS_MKFS_FORCE;
	ck_assert_int_eq(famfs_mkfs(img, &o, &r, &err), 0);
	ck_assert_str_eq(r.replaced, "famfs");
	read_at(FAMFS_LOG_OFFSET + famfs_log_slot_offset(0), slot, sizeof(slot));
	ck_assert(famfs_log_slot_is_zero(slot, sizeof(slot)));

	o.flags = FAMFS_MKFS_KILL;
	ck_assert_int_eq(famfs_mkfs(img, &o, &r, &err), -EINVAL);
	o.flags = FAMFS_MKFS_KILL | FAMFS_MKFS_FORCE | FAMFS_MKFS_DRY_RUN;
	sum = image_sum();
	ck_assert_int_eq(famfs_mkfs(img, &o, &r, &err), 0);
	ck_assert_int_eq(r.killed, 1);
	ck_assert_uint_eq(image_sum(), sum);
	o.flags = FAMFS_MKFS_KILL | FAMFS_MKFS_FORCE;
	ck_assert_int_eq(famfs_mkfs(img, &o, &r, &err), 0);
	read_at(0, magic, sizeof(magic));
	ck_assert_mem_eq(magic, "\0\0\0\0\0\0\0\0", 8);
	ck_assert_int_eq(famfs_mkfs(img, &o, &r, &err), -FAMFS_E_SB_MAGIC);
	/* a killed superblock is no longer a famfs: no force needed */
	o.flags = 0;
	ck_assert_int_eq(famfs_mkfs(img, &o, &r, &err), 0);
}
END_TEST

START_TEST(test_mkfs_refusals_write_nothing)
{
	struct famfs_mkfs_opts o = { 0 };
	struct famfs_mkfs_result r;
	struct famfs_error err = { 0 };
	uint8_t damaged[8] = { 0xff, 0x82, 0xb2, 0x87 };
	uint32_t sum;

	make_file(64 * MiB);
	sum = image_sum();
	o.flags = FAMFS_MKFS_DRY_RUN;
	ck_assert_int_eq(famfs_mkfs(img, &o, &r, &err), 0);
	ck_assert_uint_eq(r.sb.magic, FAMFS_SB_MAGIC);
	ck_assert_uint_eq(image_sum(), sum);

	o.flags = 0;
	o.log_len = 12 * MiB;
	ck_assert_int_eq(famfs_mkfs(img, &o, &r, &err), -FAMFS_E_SB_LOG_LEN);
	o.log_len = 4 * MiB;
	ck_assert_int_eq(famfs_mkfs(img, &o, &r, &err), -FAMFS_E_SB_LOG_LEN);
	o.log_len = 64 * MiB;	/* no room left for data */
	ck_assert_int_eq(famfs_mkfs(img, &o, &r, &err), -FAMFS_E_SB_DEV_SIZE);
	ck_assert_uint_eq(image_sum(), sum);

	/* a bare magic is enough to count as a (damaged) famfs */
	write_at(0, damaged, sizeof(damaged));
	sum = image_sum();
	o.log_len = 0;
	ck_assert_int_eq(famfs_mkfs(img, &o, &r, &err), -EEXIST);
	ck_assert_ptr_nonnull(strstr(err.msg, "damaged famfs"));
	ck_assert_uint_eq(image_sum(), sum);

	make_file(12 * MiB - 1);
	ck_assert_int_eq(famfs_mkfs(img, &o, &r, &err), -FAMFS_E_SB_DEV_SIZE);
	ck_assert_ptr_nonnull(strstr(err.msg, "too small"));
	ck_assert_int_eq(famfs_mkfs("/nonexistent/x.img", &o, &r, &err), -ENOENT);
}
END_TEST

START_TEST(test_mkfs_rounds_size_down)
{
	struct famfs_mkfs_opts o = { .log_len = 16 * MiB };
	struct famfs_mkfs_result r;
	struct famfs_error err = { 0 };

	make_file(64 * MiB + 12345);
	ck_assert_int_eq(famfs_mkfs(img, &o, &r, &err), 0);
	ck_assert_uint_eq(r.raw_size, 64 * MiB + 12345);
	ck_assert_uint_eq(r.sb.dev_size, 64 * MiB);
	ck_assert_uint_eq(r.nslots, (16 * MiB - 48) / 544);
}
END_TEST

static uint64_t file_size(void)
{
	struct stat st;

	ck_assert_int_eq(stat(img, &st), 0);
	return (uint64_t)st.st_size;
}

START_TEST(test_mkfs_min_size)
{
	ck_assert_uint_eq(famfs_mkfs_min_size(0), 12 * MiB);
	ck_assert_uint_eq(famfs_mkfs_min_size(8 * MiB), 12 * MiB);
	ck_assert_uint_eq(famfs_mkfs_min_size(64 * MiB), 68 * MiB);
	ck_assert_uint_eq(famfs_mkfs_min_size(UINT64_MAX), UINT64_MAX);
}
END_TEST

START_TEST(test_image_create_and_restore)
{
	struct famfs_error err = { 0 };
	struct famfs_image_undo u;
	int action;

	unlink(img);
	/* a dry run says what it would do and creates nothing */
	action = famfs_image_prepare(img, 64 * MiB, FAMFS_MKFS_DRY_RUN, &u, &err);
	ck_assert_int_eq(action, FAMFS_IMAGE_CREATED);
	ck_assert_int_ne(access(img, F_OK), 0);
	action = famfs_image_prepare(img, 64 * MiB, 0, &u, &err);
	ck_assert_int_eq(action, FAMFS_IMAGE_CREATED);
	ck_assert_int_eq(u.action, FAMFS_IMAGE_CREATED);
	ck_assert_uint_eq(u.old_size, 0);
	ck_assert_uint_eq(file_size(), 64 * MiB);
	ck_assert_int_eq(famfs_image_restore(img, &u, &err), 0);
	ck_assert_int_ne(access(img, F_OK), 0);
	ck_assert_int_eq(famfs_image_prepare(img, 0, 0, &u, &err), -EINVAL);
	/* a file that took the name meanwhile is not removed */
	ck_assert_int_eq(famfs_image_prepare(img, 64 * MiB, 0, &u, &err), FAMFS_IMAGE_CREATED);
	ck_assert_int_eq(rename(img, swapped), 0);
	make_file(1);
	ck_assert_int_eq(famfs_image_restore(img, &u, &err), -ESTALE);
	ck_assert_ptr_nonnull(strstr(err.msg, "no longer the file"));
	ck_assert_uint_eq(file_size(), 1);
	unlink(swapped);
	make_file(0);	/* for teardown */
}
END_TEST

START_TEST(test_image_extend_keep_refuse)
{
	struct famfs_error err = { 0 };
	struct famfs_image_undo u, kept = { 0 };
	int action;

	make_file(16 * MiB);
	action = famfs_image_prepare(img, 16 * MiB, 0, &u, &err);
	ck_assert_int_eq(action, FAMFS_IMAGE_KEPT);
	action = famfs_image_prepare(img, 32 * MiB, FAMFS_MKFS_DRY_RUN, &u, &err);
	ck_assert_int_eq(action, FAMFS_IMAGE_EXTENDED);
	ck_assert_uint_eq(file_size(), 16 * MiB);
	action = famfs_image_prepare(img, 32 * MiB, 0, &u, &err);
	ck_assert_int_eq(action, FAMFS_IMAGE_EXTENDED);
	ck_assert_uint_eq(u.old_size, 16 * MiB);
	ck_assert_uint_eq(file_size(), 32 * MiB);
	ck_assert_int_eq(famfs_image_restore(img, &u, &err), 0);
	ck_assert_uint_eq(file_size(), 16 * MiB);
	/* swapped meanwhile for a link to another file: that file is not shrunk */
	ck_assert_int_eq(famfs_image_prepare(img, 32 * MiB, 0, &u, &err), FAMFS_IMAGE_EXTENDED);
	ck_assert_int_eq(rename(img, swapped), 0);
	{
		int fd = open(victim, O_WRONLY | O_CREAT | O_TRUNC, 0644);

		ck_assert_int_ge(fd, 0);
		ck_assert_int_eq(ftruncate(fd, 32 * MiB), 0);
		close(fd);
	}
	ck_assert_int_eq(symlink(victim, img), 0);
	ck_assert_int_eq(famfs_image_restore(img, &u, &err), -ESTALE);
	ck_assert_uint_eq(file_size(), 32 * MiB);	/* the victim, through the link */
	unlink(img);
	unlink(victim);
	ck_assert_int_eq(rename(swapped, img), 0);
	ck_assert_int_eq(famfs_image_restore(img, &u, &err), 0);
	ck_assert_uint_eq(file_size(), 16 * MiB);
	/* larger than asked, or not a regular file: refused, unchanged */
	ck_assert_int_eq(famfs_image_prepare(img, 8 * MiB, 0, &u, &err), -EINVAL);
	ck_assert_ptr_nonnull(strstr(err.msg, "more than the"));
	ck_assert_uint_eq(file_size(), 16 * MiB);
	ck_assert_int_eq(famfs_image_prepare("/dev/null", 8 * MiB, 0, &u, &err), -EINVAL);
	ck_assert_ptr_nonnull(strstr(err.msg, "not a regular file"));
	ck_assert_int_eq(famfs_image_restore(img, &kept, &err), 0);
	ck_assert_uint_eq(file_size(), 16 * MiB);
}
END_TEST

static Suite *mkfs_suite(void)
{
	Suite *s = suite_create("mkfs");
	TCase *tc = tcase_create("mkfs");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_mkfs_writes_valid_fs);
	tcase_add_test(tc, test_mkfs_force_and_kill);
	tcase_add_test(tc, test_mkfs_refusals_write_nothing);
	tcase_add_test(tc, test_mkfs_rounds_size_down);
	tcase_add_test(tc, test_mkfs_min_size);
	tcase_add_test(tc, test_image_create_and_restore);
	tcase_add_test(tc, test_image_extend_keep_refuse);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return unit_run(mkfs_suite());
}
