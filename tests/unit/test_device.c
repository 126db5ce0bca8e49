// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Unit tests for the device layer on image files: geometry, mappings at
 * any offset, flushes, locking, signature and mount probes. Device DAX is
 * covered by the VM test (tests/vm).
 */
#include <errno.h>
#include <fcntl.h>
#include <mntent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <famfs/famfs.h>

#include "unit.h"

#define MiB (1ULL << 20)

static char img[64];

static void setup(void)
{
	int fd;

	strcpy(img, "/tmp/famfs-test-dev-XXXXXX");
	fd = mkstemp(img);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(ftruncate(fd, (off_t)(8 * MiB)), 0);
	close(fd);
}

static void teardown(void)
{
	unlink(img);
}

static void pwrite_img(uint64_t off, const void *buf, size_t len)
{
	int fd = open(img, O_RDWR);

	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(pwrite(fd, buf, len, (off_t)off), (ssize_t)len);
	close(fd);
}

START_TEST(test_dev_geometry)
{
	struct famfs_dev *dev;
	struct famfs_error err = { 0 };

	ck_assert_int_eq(famfs_dev_open(img, 0, &dev, &err), 0);
	ck_assert_str_eq(famfs_dev_path(dev), img);
	ck_assert_int_eq(famfs_dev_type(dev), FAMFS_DEV_FILE);
	ck_assert_str_eq(famfs_dev_type_name(famfs_dev_type(dev)), "image file");
	ck_assert_str_eq(famfs_dev_type_name(FAMFS_DEV_DAX), "DAX device");
	ck_assert_str_eq(famfs_dev_type_name(FAMFS_DEV_BLOCK), "block device");
	ck_assert_uint_eq(famfs_dev_size(dev), 8 * MiB);
	ck_assert_uint_eq(famfs_dev_align(dev), (uint64_t)sysconf(_SC_PAGESIZE));
	ck_assert_str_eq(famfs_dev_size_source(dev), "stat");
	famfs_dev_close(dev);

	ck_assert_int_eq(famfs_dev_open("/nonexistent", 0, &dev, &err), -ENOENT);
	ck_assert_ptr_null(dev);
	ck_assert_ptr_nonnull(strstr(err.msg, "/nonexistent: cannot open"));
	ck_assert_int_eq(famfs_dev_open("/dev/null", 0, &dev, &err), -ENODEV);
	famfs_dev_close(NULL);
}
END_TEST

/* A FIFO would block open() until a writer came: refused before opening. */
START_TEST(test_dev_refuses_fifo)
{
	char fifo[80];
	struct famfs_dev *dev;
	struct famfs_error err = { 0 };

	snprintf(fifo, sizeof(fifo), "%s.fifo", img);
	ck_assert_int_eq(mkfifo(fifo, 0600), 0);
	ck_assert_int_eq(famfs_dev_open(fifo, 0, &dev, &err), -ENODEV);
	ck_assert_ptr_null(dev);
	ck_assert_ptr_nonnull(strstr(err.msg, "is a FIFO"));
	ck_assert_int_eq(famfs_dev_open(fifo, FAMFS_DEV_WRITE | FAMFS_DEV_LOCK, &dev, &err),
			 -ENODEV);
	unlink(fifo);
	ck_assert_int_eq(famfs_dev_open("/tmp", 0, &dev, &err), -ENODEV);
	ck_assert_ptr_null(dev);
}
END_TEST

START_TEST(test_dev_map_any_offset)
{
	struct famfs_dev *dev;
	struct famfs_error err = { 0 };
	char *p;
	char back[6];
	int fd;

	pwrite_img(4097, "hello", 5);
	ck_assert_int_eq(famfs_dev_open(img, 0, &dev, &err), 0);
	/* an offset that is not page aligned: the mapping is widened inside */
	ck_assert_int_eq(famfs_dev_map(dev, 4097, 5, (void **)&p, &err), 0);
	ck_assert_mem_eq(p, "hello", 5);
	ck_assert_int_eq(famfs_dev_unmap(dev, p, 5), 0);
	famfs_dev_close(dev);

	/* writes through a writable mapping reach the file after a flush */
	ck_assert_int_eq(famfs_dev_open(img, FAMFS_DEV_WRITE, &dev, &err), 0);
	ck_assert_int_eq(famfs_dev_map(dev, 3 * MiB + 7, 5, (void **)&p, &err), 0);
	memcpy(p, "world", 5);
	ck_assert_int_eq(famfs_dev_flush(dev, p, 5, &err), 0);
	ck_assert_int_eq(famfs_dev_unmap(dev, p, 5), 0);
	famfs_dev_close(dev);
	fd = open(img, O_RDONLY);
	ck_assert_int_eq(pread(fd, back, 5, (off_t)(3 * MiB + 7)), 5);
	close(fd);
	back[5] = '\0';
	ck_assert_str_eq(back, "world");
}
END_TEST

START_TEST(test_dev_lock_is_exclusive)
{
	struct famfs_dev *a, *b;
	struct famfs_error err = { 0 };
	unsigned int wl = FAMFS_DEV_WRITE | FAMFS_DEV_LOCK;

	ck_assert_int_eq(famfs_dev_open(img, wl, &a, &err), 0);
	ck_assert_int_eq(famfs_dev_open(img, wl, &b, &err), -EBUSY);
	ck_assert_ptr_nonnull(strstr(err.msg, "in use by another famfs-progs process"));
	/* a shared (reader) lock also waits for the writer */
	ck_assert_int_eq(famfs_dev_open(img, FAMFS_DEV_LOCK, &b, &err), -EBUSY);
	/* unlocked readers are not affected */
	ck_assert_int_eq(famfs_dev_open(img, 0, &b, &err), 0);
	famfs_dev_close(b);
	famfs_dev_close(a);
	ck_assert_int_eq(famfs_dev_open(img, wl, &b, &err), 0);
	famfs_dev_close(b);
}
END_TEST

START_TEST(test_dev_probe_signature)
{
	struct famfs_dev *dev;
	struct famfs_error err = { 0 };
	char type[32];
	static const uint8_t ext_magic[2] = { 0x53, 0xef };

	ck_assert_int_eq(famfs_dev_open(img, 0, &dev, &err), 0);
	ck_assert_int_eq(famfs_dev_probe_signature(dev, type, sizeof(type), &err), 0);
	famfs_dev_close(dev);

	/* the ext2/3/4 magic at 1024 + 56 */
	pwrite_img(1080, ext_magic, sizeof(ext_magic));
	ck_assert_int_eq(famfs_dev_open(img, 0, &dev, &err), 0);
	ck_assert_int_eq(famfs_dev_probe_signature(dev, type, sizeof(type), &err), 1);
	ck_assert_str_eq(type, "ext2");
	famfs_dev_close(dev);
}
END_TEST

/* A block device this machine has mounted, if any (for the positive case). */
static int find_mounted_blockdev(char *path, size_t len)
{
	FILE *f = setmntent("/proc/self/mounts", "r");
	struct mntent *m;
	struct stat st;
	int found = 0;

	if (!f)
		return 0;
	while (!found && (m = getmntent(f))) {
		int fd;

		if (strncmp(m->mnt_fsname, "/dev/", 5) || stat(m->mnt_fsname, &st) ||
		    !S_ISBLK(st.st_mode))
			continue;
		/* containers may list a device they are not allowed to open */
		fd = open(m->mnt_fsname, O_RDONLY);
		if (fd < 0)
			continue;
		close(fd);
		snprintf(path, len, "%s", m->mnt_fsname);
		found = 1;
	}
	endmntent(f);
	return found;
}

START_TEST(test_dev_is_mounted)
{
	struct famfs_dev *dev;
	struct famfs_error err = { 0 };
	char where[256], blk[256];

	ck_assert_int_eq(famfs_dev_open(img, 0, &dev, &err), 0);
	ck_assert_int_eq(famfs_dev_is_mounted(dev, where, sizeof(where), &err), 0);
	famfs_dev_close(dev);

	if (!find_mounted_blockdev(blk, sizeof(blk))) {
		fprintf(stderr, "note: no readable mounted block device, positive case not run\n");
		return;
	}
	ck_assert_int_eq(famfs_dev_open(blk, 0, &dev, &err), 0);
	ck_assert_int_eq(famfs_dev_type(dev), FAMFS_DEV_BLOCK);
	ck_assert_int_eq(famfs_dev_is_mounted(dev, where, sizeof(where), &err), 1);
	ck_assert_int_eq(where[0], '/');
	famfs_dev_close(dev);
	/* the kernel's own exclusion: a mounted block device cannot be locked for writing */
	ck_assert_int_eq(famfs_dev_open(blk, FAMFS_DEV_LOCK, &dev, &err), -EBUSY);
}
END_TEST

static Suite *device_suite(void)
{
	Suite *s = suite_create("device");
	TCase *tc = tcase_create("image");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_dev_geometry);
	tcase_add_test(tc, test_dev_refuses_fifo);
	tcase_add_test(tc, test_dev_map_any_offset);
	tcase_add_test(tc, test_dev_lock_is_exclusive);
	tcase_add_test(tc, test_dev_probe_signature);
	tcase_add_test(tc, test_dev_is_mounted);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return unit_run(device_suite());
}
