// SPDX-License-Identifier: LGPL-2.1-or-later
/* Unit tests for opening a famfs image: validation, mapping, locking. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <uuid/uuid.h>

#include <famfs/famfs.h>

#include "logbuild.h"
#include "unit.h"

#define MiB (1ULL << 20)

static char img[64];

static void setup(void)
{
	int fd;

	strcpy(img, "/tmp/famfs-test-fs-XXXXXX");
	fd = mkstemp(img);
	ck_assert_int_ge(fd, 0);
	close(fd);
	setenv(FAMFS_SYSTEM_UUID_ENV, LB_SYSTEM_UUID, 1);
	unsetenv(FAMFS_SYSTEM_UUID_FILE_ENV);
}

static void teardown(void)
{
	unlink(img);
}

static void write_text(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);

	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
}

static void make_image(uint64_t dev_size)
{
	struct logbuild lb;

	lb_init(&lb, 8 * MiB);
	lb_mkdir(&lb, "d");
	lb_file(&lb, "d/f", 5, 10 * MiB);
	lb_write_image(&lb, img, dev_size);
	lb_free(&lb);
}

static void poke(uint64_t off, uint8_t val)
{
	int fd = open(img, O_RDWR);

	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(pwrite(fd, &val, 1, (off_t)off), 1);
	close(fd);
}

START_TEST(test_open_valid)
{
	struct famfs_fs *fs;
	struct famfs_ns *ns;
	struct famfs_error err = { 0 };
	const struct famfs_log_header *h;

	make_image(64 * MiB);
	ck_assert_int_eq(famfs_fs_open(img, 0, &fs, &err), 0);
	ck_assert_uint_eq(famfs_fs_superblock(fs)->log_len, 8 * MiB);
	ck_assert_uint_eq(famfs_dev_size(famfs_fs_dev(fs)), 64 * MiB);
	h = famfs_fs_log_header(fs);
	ck_assert_uint_eq(h->next_index, 2);
	ck_assert_int_eq(famfs_fs_writable(fs), 0);
	ck_assert_ptr_null(famfs_fs_log_mut(fs));
	ck_assert_int_eq(famfs_ns_replay(famfs_fs_log(fs), famfs_fs_superblock(fs)->log_len,
					 h, NULL, NULL, &ns, &err), 0);
	ck_assert_ptr_nonnull(famfs_ns_lookup(ns, "d/f"));
	famfs_ns_free(ns);
	famfs_fs_close(fs);
}
END_TEST

START_TEST(test_open_write_is_exclusive)
{
	struct famfs_fs *fs, *fs2;
	struct famfs_error err = { 0 };

	make_image(64 * MiB);
	ck_assert_int_eq(famfs_fs_open(img, FAMFS_FS_WRITE, &fs, &err), 0);
	ck_assert_int_eq(famfs_fs_writable(fs), 1);
	ck_assert_ptr_nonnull(famfs_fs_log_mut(fs));
	ck_assert_int_eq(famfs_fs_open(img, FAMFS_FS_WRITE, &fs2, &err), -EBUSY);
	ck_assert_ptr_nonnull(strstr(err.msg, "in use by another famfs-progs process"));
	famfs_fs_close(fs);
	ck_assert_int_eq(famfs_fs_open(img, FAMFS_FS_WRITE, &fs2, &err), 0);
	famfs_fs_close(fs2);
}
END_TEST

START_TEST(test_open_rejections)
{
	struct famfs_fs *fs = (struct famfs_fs *)1;
	struct famfs_error err = { 0 };

	ck_assert_int_eq(famfs_fs_open("/nonexistent/famfs.img", 0, &fs, &err), -ENOENT);
	ck_assert_ptr_null(fs);
	ck_assert_ptr_nonnull(strstr(err.msg, "/nonexistent/famfs.img"));

	make_image(64 * MiB);
	poke(0, 0);		/* magic */
	ck_assert_int_eq(famfs_fs_open(img, 0, &fs, &err), -FAMFS_E_SB_MAGIC);
	ck_assert_ptr_nonnull(strstr(err.msg, img));

	make_image(64 * MiB);
	poke(50, 0x77);		/* uuid byte under the CRC */
	ck_assert_int_eq(famfs_fs_open(img, 0, &fs, &err), -FAMFS_E_SB_CRC);

	make_image(64 * MiB);
	poke(FAMFS_LOG_OFFSET + 8, 0x01);	/* log header length, under its CRC */
	ck_assert_int_eq(famfs_fs_open(img, 0, &fs, &err), -FAMFS_E_LOG_CRC);

	/* the superblock says 64 MiB, the image was cut to 9 MiB */
	make_image(64 * MiB);
	ck_assert_int_eq(truncate(img, 9 * MiB), 0);
	ck_assert_int_eq(famfs_fs_open(img, 0, &fs, &err), -FAMFS_E_SB_DEV_SIZE);
	ck_assert_ptr_nonnull(strstr(err.msg, "larger than the device"));

	/* smaller than the superblock region itself */
	ck_assert_int_eq(truncate(img, 4096), 0);
	ck_assert_int_eq(famfs_fs_open(img, 0, &fs, &err), -FAMFS_E_SB_DEV_SIZE);
	ck_assert_ptr_nonnull(strstr(err.msg, "too small"));

	ck_assert_int_eq(famfs_fs_open("/tmp", 0, &fs, &err), -ENODEV);
}
END_TEST

START_TEST(test_open_write_needs_master)
{
	struct famfs_fs *fs;
	struct famfs_error err = { 0 };

	make_image(64 * MiB);
	setenv(FAMFS_SYSTEM_UUID_ENV, "00000000-0000-0000-0000-000000000001", 1);
	ck_assert_int_eq(famfs_fs_open(img, FAMFS_FS_WRITE, &fs, &err), -FAMFS_E_NOT_MASTER);
	ck_assert_ptr_null(fs);
	ck_assert_ptr_nonnull(strstr(err.msg, "only its master host " LB_SYSTEM_UUID));
	ck_assert_ptr_nonnull(strstr(err.msg, "00000000-0000-0000-0000-000000000001"));
	/* reading needs no identity, forcing skips the check */
	ck_assert_int_eq(famfs_fs_open(img, 0, &fs, &err), 0);
	famfs_fs_close(fs);
	ck_assert_int_eq(famfs_fs_open(img, FAMFS_FS_WRITE | FAMFS_FS_FORCE, &fs, &err), 0);
	famfs_fs_close(fs);

	/* a host without any system UUID is not the master either */
	unsetenv(FAMFS_SYSTEM_UUID_ENV);
	setenv(FAMFS_SYSTEM_UUID_FILE_ENV, "/nonexistent/system_uuid", 1);
	ck_assert_int_eq(famfs_fs_open(img, FAMFS_FS_WRITE, &fs, &err), -FAMFS_E_NOT_MASTER);
	ck_assert_ptr_nonnull(strstr(err.msg, "no system UUID"));
}
END_TEST

START_TEST(test_system_uuid_sources)
{
	uint8_t u[FAMFS_UUID_LEN], u2[FAMFS_UUID_LEN], want[FAMFS_UUID_LEN];
	struct famfs_error err = { 0 };
	char dir[] = "/tmp/famfs-test-uuid-XXXXXX", path[128];

	/* the environment wins */
	ck_assert_int_eq(famfs_system_uuid(u, 0, &err), 0);
	uuid_parse(LB_SYSTEM_UUID, want);
	ck_assert_mem_eq(u, want, FAMFS_UUID_LEN);
	setenv(FAMFS_SYSTEM_UUID_ENV, "not-a-uuid", 1);
	ck_assert_int_eq(famfs_system_uuid(u, 0, &err), -EINVAL);
	ck_assert_ptr_nonnull(strstr(err.msg, "not-a-uuid"));
	unsetenv(FAMFS_SYSTEM_UUID_ENV);

	/* then the file: missing, created, read back the same */
	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/sub/system_uuid", dir);
	setenv(FAMFS_SYSTEM_UUID_FILE_ENV, path, 1);
	ck_assert_int_eq(famfs_system_uuid(u, 0, &err), -ENOENT);
	ck_assert_ptr_nonnull(strstr(err.msg, path));
	ck_assert_int_eq(famfs_system_uuid(u, 1, &err), 0);
	ck_assert_int_eq(famfs_system_uuid(u2, 0, &err), 0);
	ck_assert_mem_eq(u, u2, FAMFS_UUID_LEN);

	/* a file in the reference tools' form (UUID and newline) */
	write_text(path, LB_SYSTEM_UUID "\n");
	ck_assert_int_eq(famfs_system_uuid(u, 1, &err), 0);
	ck_assert_mem_eq(u, want, FAMFS_UUID_LEN);
	write_text(path, "garbage\n");
	ck_assert_int_eq(famfs_system_uuid(u, 1, &err), -EINVAL);
	ck_assert_ptr_nonnull(strstr(err.msg, "does not hold a system UUID"));
	write_text(path, LB_SYSTEM_UUID "trailing\n");
	ck_assert_int_eq(famfs_system_uuid(u, 1, &err), -EINVAL);

	unlink(path);
	snprintf(path, sizeof(path), "%s/sub", dir);
	rmdir(path);
	rmdir(dir);
}
END_TEST

static Suite *fs_suite(void)
{
	Suite *s = suite_create("fs");
	TCase *tc = tcase_create("open");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_open_valid);
	tcase_add_test(tc, test_open_write_is_exclusive);
	tcase_add_test(tc, test_open_rejections);
	tcase_add_test(tc, test_open_write_needs_master);
	tcase_add_test(tc, test_system_uuid_sources);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return unit_run(fs_suite());
}
