// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Unit tests for DAX modes on a fake sysfs tree (FAMFS_SYSFS_ROOT): a
 * small fake kernel behind daxmode_write_hook binds and unbinds as the
 * real one does, records every write, and fails the writes a test names.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <famfs/famfs.h>

#include "dev/daxmode.h"
#include "unit.h"

static char root[64];
static char log_buf[1024];		/* "drv/attr " per write */
static char fail_attr[64];		/* "drv/attr" the fake refuses ... */
static char fail_attr2[64];
static int fail_rc;			/* ... with this */
static int lazy;			/* accept binds but never bind */
static int have_id;			/* dax0.0 in fsdev_dax's id table */

static void pathf(char *buf, const char *rel)
{
	snprintf(buf, PATH_MAX, "%s%s", root, rel);
}

static void mkdirs(const char *rel)
{
	char p[PATH_MAX], *s;

	pathf(p, rel);
	for (s = p + strlen(root) + 1; (s = strchr(s, '/')); s++) {
		*s = '\0';
		mkdir(p, 0755);
		*s = '/';
	}
	mkdir(p, 0755);
}

static void put(const char *rel, const char *text)
{
	char p[PATH_MAX];
	FILE *f;

	pathf(p, rel);
	f = fopen(p, "w");
	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	ck_assert_int_eq(fclose(f), 0);
}

static void set_driver(const char *drv)
{
	char link[PATH_MAX], target[PATH_MAX];

	pathf(link, "/sys/bus/dax/devices/dax0.0/driver");
	unlink(link);
	if (!drv)
		return;
	snprintf(target, sizeof(target), "../../drivers/%s", drv);
	ck_assert_int_eq(symlink(target, link), 0);
}

static enum famfs_daxmode mode_now(void)
{
	enum famfs_daxmode m = FAMFS_DAXMODE_UNKNOWN;

	ck_assert_int_eq(famfs_daxmode_get("dax0.0", &m, NULL, 0, NULL), 0);
	return m;
}

/* The fake kernel: ROOT/sys/bus/dax/drivers/DRV/ATTR gets "dax0.0\n". */
static int fake_write(const char *path, const char *val)
{
	char drv[64], attr[64], key[140], cur[PATH_MAX], link[PATH_MAX];
	const char *rel = path + strlen(root);
	ssize_t n;

	ck_assert_str_eq(val, "dax0.0\n");
	ck_assert_int_eq(sscanf(rel, "/sys/bus/dax/drivers/%63[^/]/%63s", drv, attr), 2);
	snprintf(key, sizeof(key), "%s/%s", drv, attr);
	strcat(log_buf, key);
	strcat(log_buf, " ");
	if (!strcmp(key, fail_attr) || !strcmp(key, fail_attr2))
		return fail_rc;
	pathf(link, "/sys/bus/dax/devices/dax0.0/driver");
	n = readlink(link, cur, sizeof(cur) - 1);
	cur[n > 0 ? n : 0] = '\0';
	if (!strcmp(attr, "unbind")) {
		if (n <= 0 || !strstr(cur, drv))
			return -ENODEV;
		set_driver(NULL);
	} else if (!strcmp(attr, "remove_id")) {
		if (!have_id)
			return -ENODEV;
		have_id = 0;
	} else if (!strcmp(attr, "new_id")) {
		if (have_id)
			return -EEXIST;
		have_id = 1;
		if (n <= 0 && !lazy)
			set_driver(drv);
	} else if (!strcmp(attr, "bind")) {
		if (n > 0)
			return -EBUSY;
		if (!strcmp(drv, "fsdev_dax") && !have_id)
			return -ENODEV;
		if (!lazy)
			set_driver(drv);
	} else {
		ck_abort_msg("unexpected write to %s", key);
	}
	return 0;
}

static void setup(void)
{
	char p[PATH_MAX];
	int fd;

	strcpy(root, "/tmp/famfs-test-daxmode-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(root));
	mkdirs("/sys/bus/dax/devices/dax0.0");
	mkdirs("/sys/bus/dax/drivers/device_dax");
	mkdirs("/sys/bus/dax/drivers/fsdev_dax");
	mkdirs("/sys/bus/dax/drivers/kmem");
	mkdirs("/sys/dev/char");
	mkdirs("/proc/self");
	mkdirs("/dev");
	/* /dev/null (1:3) stands for a DAX device node in path lookups */
	pathf(p, "/sys/dev/char/1:3");
	ck_assert_int_eq(symlink("../../devices/ndbus0/region0/dax0.0/dax0.0", p), 0);
	/* what the device layer reads: subsystem, size, align */
	mkdirs("/sys/devices/ndbus0/region0/dax0.0/dax0.0");
	pathf(p, "/sys/devices/ndbus0/region0/dax0.0/dax0.0/subsystem");
	ck_assert_int_eq(symlink("../../../../../bus/dax", p), 0);
	put("/sys/devices/ndbus0/region0/dax0.0/dax0.0/size", "16777216\n");
	put("/sys/devices/ndbus0/region0/dax0.0/dax0.0/align", "2097152\n");
	pathf(p, "/dev/dax0.0");
	fd = open(p, O_CREAT | O_WRONLY, 0600);
	ck_assert_int_ge(fd, 0);
	close(fd);
	set_driver("device_dax");
	ck_assert_int_eq(setenv(FAMFS_SYSFS_ROOT_ENV, root, 1), 0);
	daxmode_write_hook = fake_write;
	daxmode_wait_ms = FAMFS_DAXMODE_WAIT_MS;
	log_buf[0] = fail_attr[0] = fail_attr2[0] = '\0';
	fail_rc = lazy = have_id = 0;
}

static void teardown(void)
{
	char cmd[PATH_MAX + 16];

	daxmode_write_hook = NULL;
	unsetenv(FAMFS_SYSFS_ROOT_ENV);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", root);
	ck_assert_int_eq(system(cmd), 0);
}

START_TEST(test_names)
{
	ck_assert_str_eq(famfs_daxmode_name(FAMFS_DAXMODE_DEVDAX), "devdax");
	ck_assert_str_eq(famfs_daxmode_name(FAMFS_DAXMODE_FAMFS), "famfs");
	ck_assert_str_eq(famfs_daxmode_name(FAMFS_DAXMODE_SYSTEM_RAM), "system-ram");
	ck_assert_str_eq(famfs_daxmode_name(FAMFS_DAXMODE_UNBOUND), "unbound");
	ck_assert_str_eq(famfs_daxmode_name(FAMFS_DAXMODE_UNKNOWN), "unknown");
	ck_assert_str_eq(famfs_daxmode_driver(FAMFS_DAXMODE_DEVDAX), "device_dax");
	ck_assert_str_eq(famfs_daxmode_driver(FAMFS_DAXMODE_FAMFS), "fsdev_dax");
	ck_assert_str_eq(famfs_daxmode_driver(FAMFS_DAXMODE_SYSTEM_RAM), "kmem");
	ck_assert_ptr_null(famfs_daxmode_driver(FAMFS_DAXMODE_UNBOUND));
}
END_TEST

START_TEST(test_devname)
{
	struct famfs_error err = { 0 };
	char name[32], img[PATH_MAX];

	ck_assert_int_eq(famfs_daxmode_devname("dax0.0", name, sizeof(name), &err), 0);
	ck_assert_str_eq(name, "dax0.0");
	memset(name, 0, sizeof(name));
	ck_assert_int_eq(famfs_daxmode_devname("/dev/null", name, sizeof(name), &err), 0);
	ck_assert_str_eq(name, "dax0.0");
	/* names that are not daxX.Y never reach a sysfs path */
	ck_assert_int_eq(famfs_daxmode_devname("dax0", name, sizeof(name), &err), -ENODEV);
	ck_assert_int_eq(famfs_daxmode_devname("dax0.0.", name, sizeof(name), &err), -ENODEV);
	ck_assert_int_eq(famfs_daxmode_devname("dax.0", name, sizeof(name), &err), -ENODEV);
	ck_assert_int_eq(famfs_daxmode_devname("..", name, sizeof(name), &err), -ENODEV);
	ck_assert_int_eq(famfs_daxmode_devname("dax9.9", name, sizeof(name), &err), -ENODEV);
	ck_assert_ptr_nonnull(strstr(err.msg, "dax9.9"));
	/* a regular file (an image named like a device) is not a DAX device */
	pathf(img, "/dev/dax0.0");
	ck_assert_int_eq(famfs_daxmode_devname(img, name, sizeof(name), &err), -ENODEV);
	ck_assert_ptr_nonnull(strstr(err.msg, "not a DAX character device"));
	/* a character device sysfs does not know */
	ck_assert_int_eq(famfs_daxmode_devname("/dev/zero", name, sizeof(name), &err), -ENODEV);
	ck_assert_ptr_nonnull(strstr(err.msg, "1:5"));
	ck_assert_int_eq(famfs_daxmode_devname("dax0.0", name, 4, &err), -ENODEV);
}
END_TEST

START_TEST(test_get)
{
	struct famfs_error err = { 0 };
	enum famfs_daxmode m;
	char drv[32];

	ck_assert_int_eq(famfs_daxmode_get("/dev/null", &m, drv, sizeof(drv), &err), 0);
	ck_assert_int_eq(m, FAMFS_DAXMODE_DEVDAX);
	ck_assert_str_eq(drv, "device_dax");
	set_driver("fsdev_dax");
	ck_assert_int_eq(mode_now(), FAMFS_DAXMODE_FAMFS);
	set_driver("kmem");
	ck_assert_int_eq(mode_now(), FAMFS_DAXMODE_SYSTEM_RAM);
	set_driver("other_drv");
	ck_assert_int_eq(famfs_daxmode_get("dax0.0", &m, drv, sizeof(drv), &err), 0);
	ck_assert_int_eq(m, FAMFS_DAXMODE_UNKNOWN);
	ck_assert_str_eq(drv, "other_drv");
	set_driver(NULL);
	ck_assert_int_eq(famfs_daxmode_get("dax0.0", &m, drv, sizeof(drv), &err), 0);
	ck_assert_int_eq(m, FAMFS_DAXMODE_UNBOUND);
	ck_assert_str_eq(drv, "");
	ck_assert_int_eq(famfs_daxmode_get("dax1.0", &m, NULL, 0, &err), -ENODEV);
}
END_TEST

START_TEST(test_round_trip)
{
	struct famfs_error err = { 0 };

	ck_assert_int_eq(famfs_daxmode_set("/dev/null", FAMFS_DAXMODE_FAMFS, 0, &err), 0);
	ck_assert_str_eq(log_buf, "device_dax/unbind fsdev_dax/new_id ");
	ck_assert_int_eq(mode_now(), FAMFS_DAXMODE_FAMFS);
	log_buf[0] = '\0';
	ck_assert_int_eq(famfs_daxmode_set("dax0.0", FAMFS_DAXMODE_DEVDAX, 0, &err), 0);
	ck_assert_str_eq(log_buf, "fsdev_dax/unbind fsdev_dax/remove_id device_dax/bind ");
	ck_assert_int_eq(mode_now(), FAMFS_DAXMODE_DEVDAX);
	ck_assert_int_eq(have_id, 0);
	/* already there: nothing written */
	log_buf[0] = '\0';
	ck_assert_int_eq(famfs_daxmode_set("dax0.0", FAMFS_DAXMODE_DEVDAX, 0, &err), 0);
	ck_assert_str_eq(log_buf, "");
	ck_assert_int_eq(famfs_daxmode_set("dax0.0", FAMFS_DAXMODE_SYSTEM_RAM, 0, &err),
			 -EINVAL);
	ck_assert_str_eq(log_buf, "");
}
END_TEST

/* An id left in fsdev_dax's table: new_id says EEXIST, a bind does it. */
START_TEST(test_stale_id)
{
	struct famfs_error err = { 0 };

	have_id = 1;
	ck_assert_int_eq(famfs_daxmode_set("dax0.0", FAMFS_DAXMODE_FAMFS, 0, &err), 0);
	ck_assert_str_eq(log_buf, "device_dax/unbind fsdev_dax/new_id fsdev_dax/bind ");
	ck_assert_int_eq(mode_now(), FAMFS_DAXMODE_FAMFS);
}
END_TEST

START_TEST(test_refused_modes)
{
	struct famfs_error err = { 0 };

	set_driver("kmem");
	ck_assert_int_eq(famfs_daxmode_set("dax0.0", FAMFS_DAXMODE_DEVDAX, 0, &err), -EPERM);
	ck_assert_ptr_nonnull(strstr(err.msg, "system-ram mode (driver kmem)"));
	ck_assert_int_eq(mode_now(), FAMFS_DAXMODE_SYSTEM_RAM);
	set_driver(NULL);
	ck_assert_int_eq(famfs_daxmode_set("dax0.0", FAMFS_DAXMODE_FAMFS, 0, &err), -ENXIO);
	ck_assert_ptr_nonnull(strstr(err.msg, "echo dax0.0 > device_dax/bind"));
	set_driver("other_drv");
	ck_assert_int_eq(famfs_daxmode_set("dax0.0", FAMFS_DAXMODE_FAMFS, 0, &err), -EPERM);
	ck_assert_ptr_nonnull(strstr(err.msg, "other_drv"));
	ck_assert_str_eq(log_buf, "");
}
END_TEST

START_TEST(test_driver_not_loaded)
{
	struct famfs_error err = { 0 };
	char p[PATH_MAX];

	pathf(p, "/sys/bus/dax/drivers/fsdev_dax");
	ck_assert_int_eq(rmdir(p), 0);
	ck_assert_int_eq(famfs_daxmode_set("dax0.0", FAMFS_DAXMODE_FAMFS, 0, &err), -ENOENT);
	ck_assert_ptr_nonnull(strstr(err.msg, "modprobe fsdev_dax"));
	ck_assert_str_eq(log_buf, "");
	ck_assert_int_eq(mode_now(), FAMFS_DAXMODE_DEVDAX);
}
END_TEST

/* Another process maps the node: refused before any write. */
START_TEST(test_busy_mapped)
{
	struct famfs_error err = { 0 };
	char p[PATH_MAX];
	struct stat st;
	FILE *f;

	pathf(p, "/dev/dax0.0");
	ck_assert_int_eq(stat(p, &st), 0);
	mkdirs("/proc/4242");
	pathf(p, "/proc/4242/maps");
	f = fopen(p, "w");
	ck_assert_ptr_nonnull(f);
	fprintf(f, "7f0000000000-7f0000200000 rw-s 00000000 %02x:%02x %lu /dev/dax0.0\n",
		major(st.st_dev), minor(st.st_dev), (unsigned long)st.st_ino);
	fclose(f);
	set_driver("fsdev_dax");
	have_id = 1;
	ck_assert_int_eq(famfs_daxmode_set("dax0.0", FAMFS_DAXMODE_DEVDAX, 0, &err), -EBUSY);
	ck_assert_ptr_nonnull(strstr(err.msg, "process 4242 maps it"));
	ck_assert_ptr_nonnull(strstr(err.msg, "stays in famfs mode"));
	ck_assert_str_eq(log_buf, "");
	ck_assert_int_eq(mode_now(), FAMFS_DAXMODE_FAMFS);
	/* without the scan (a signal handler's restore) it goes ahead */
	ck_assert_int_eq(famfs_daxmode_set("dax0.0", FAMFS_DAXMODE_DEVDAX,
					   FAMFS_DAXMODE_NO_SCAN, &err), 0);
	ck_assert_int_eq(mode_now(), FAMFS_DAXMODE_DEVDAX);
}
END_TEST

/* Another famfs-progs process holds the device's lock: refused. */
START_TEST(test_busy_locked)
{
	struct famfs_error err = { 0 };
	char p[PATH_MAX];
	int fd;

	pathf(p, "/dev/dax0.0");
	fd = open(p, O_RDONLY);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(flock(fd, LOCK_SH), 0);
	set_driver("fsdev_dax");
	ck_assert_int_eq(famfs_daxmode_set("dax0.0", FAMFS_DAXMODE_DEVDAX, 0, &err), -EBUSY);
	ck_assert_ptr_nonnull(strstr(err.msg, "in use by another famfs-progs process"));
	ck_assert_str_eq(log_buf, "");
	ck_assert_int_eq(mode_now(), FAMFS_DAXMODE_FAMFS);
	close(fd);
	ck_assert_int_eq(famfs_daxmode_set("dax0.0", FAMFS_DAXMODE_DEVDAX, 0, &err), 0);
	ck_assert_int_eq(mode_now(), FAMFS_DAXMODE_DEVDAX);
}
END_TEST

START_TEST(test_busy_mounted)
{
	struct famfs_error err = { 0 };
	char p[PATH_MAX];
	FILE *f;

	pathf(p, "/proc/self/mountinfo");
	f = fopen(p, "w");
	ck_assert_ptr_nonnull(f);
	fprintf(f, "40 30 0:50 / /mnt/famfs rw - fuse.famfs /dev/dax0.0 rw,user_id=0\n");
	fclose(f);
	set_driver("fsdev_dax");
	ck_assert_int_eq(famfs_daxmode_set("dax0.0", FAMFS_DAXMODE_DEVDAX, 0, &err), -EBUSY);
	ck_assert_ptr_nonnull(strstr(err.msg, "a famfs is mounted from it"));
	ck_assert_str_eq(log_buf, "");
	ck_assert_int_eq(mode_now(), FAMFS_DAXMODE_FAMFS);
}
END_TEST

START_TEST(test_kernel_busy)
{
	struct famfs_error err = { 0 };

	strcpy(fail_attr, "device_dax/unbind");
	fail_rc = -EBUSY;
	ck_assert_int_eq(famfs_daxmode_set("dax0.0", FAMFS_DAXMODE_FAMFS, 0, &err), -EBUSY);
	ck_assert_ptr_nonnull(strstr(err.msg, "in use"));
	ck_assert_ptr_nonnull(strstr(err.msg, "stays in devdax mode"));
	ck_assert_int_eq(mode_now(), FAMFS_DAXMODE_DEVDAX);
}
END_TEST

/* The new driver refuses: the old one gets the device back. */
START_TEST(test_roll_back)
{
	struct famfs_error err = { 0 };

	strcpy(fail_attr, "fsdev_dax/new_id");
	fail_rc = -EINVAL;
	ck_assert_int_eq(famfs_daxmode_set("dax0.0", FAMFS_DAXMODE_FAMFS, 0, &err), -EINVAL);
	ck_assert_ptr_nonnull(strstr(err.msg, "back in devdax mode"));
	ck_assert_int_eq(mode_now(), FAMFS_DAXMODE_DEVDAX);
	ck_assert_ptr_nonnull(strstr(log_buf, "device_dax/bind"));
}
END_TEST

/* Neither driver takes it: the message says it is unbound and how to fix it. */
START_TEST(test_roll_back_fails)
{
	struct famfs_error err = { 0 };

	set_driver("fsdev_dax");
	have_id = 1;
	strcpy(fail_attr, "device_dax/bind");
	strcpy(fail_attr2, "fsdev_dax/new_id");
	fail_rc = -EIO;
	ck_assert_int_eq(famfs_daxmode_set("dax0.0", FAMFS_DAXMODE_DEVDAX, 0, &err), -EIO);
	ck_assert_ptr_nonnull(strstr(err.msg, "has no driver"));
	ck_assert_ptr_nonnull(strstr(err.msg, "echo dax0.0 > fsdev_dax/new_id"));
	ck_assert_int_eq(mode_now(), FAMFS_DAXMODE_UNBOUND);
}
END_TEST

/* A bind that never shows in sysfs: bounded wait, then roll back. */
START_TEST(test_wait_bounded)
{
	struct famfs_error err = { 0 };

	lazy = 1;
	daxmode_wait_ms = 50;
	ck_assert_int_eq(famfs_daxmode_set("dax0.0", FAMFS_DAXMODE_FAMFS, 0, &err), -ETIMEDOUT);
	ck_assert_ptr_nonnull(strstr(err.msg, "waiting for the device"));
	ck_assert_ptr_nonnull(strstr(err.msg, "nor back"));
	ck_assert_int_eq(mode_now(), FAMFS_DAXMODE_UNBOUND);
}
END_TEST

START_TEST(test_command)
{
	char buf[256];

	ck_assert_int_eq(famfs_daxmode_command("dax0.0", FAMFS_DAXMODE_FAMFS,
					       FAMFS_DAXMODE_DEVDAX, buf, sizeof(buf)), 0);
	ck_assert_str_eq(buf, "cd /sys/bus/dax/drivers && echo dax0.0 > fsdev_dax/unbind && "
			 "echo dax0.0 > fsdev_dax/remove_id && echo dax0.0 > device_dax/bind");
	ck_assert_int_eq(famfs_daxmode_command("dax1.2", FAMFS_DAXMODE_DEVDAX,
					       FAMFS_DAXMODE_FAMFS, buf, sizeof(buf)), 0);
	ck_assert_str_eq(buf, "cd /sys/bus/dax/drivers && echo dax1.2 > device_dax/unbind && "
			 "echo dax1.2 > fsdev_dax/new_id");
	ck_assert_int_eq(famfs_daxmode_command("dax0.0", FAMFS_DAXMODE_SYSTEM_RAM,
					       FAMFS_DAXMODE_DEVDAX, buf, sizeof(buf)), -EINVAL);
	ck_assert_int_eq(famfs_daxmode_command("x;rm", FAMFS_DAXMODE_FAMFS,
					       FAMFS_DAXMODE_DEVDAX, buf, sizeof(buf)), -EINVAL);
	ck_assert_int_eq(famfs_daxmode_command("dax0.0", FAMFS_DAXMODE_FAMFS,
					       FAMFS_DAXMODE_DEVDAX, buf, 40), -ENAMETOOLONG);
}
END_TEST

START_TEST(test_explain)
{
	struct stat st;
	char buf[256];

	ck_assert_int_eq(stat("/dev/null", &st), 0);
	ck_assert_int_eq(daxmode_explain(st.st_rdev, buf, sizeof(buf)), 0);
	set_driver("fsdev_dax");
	ck_assert_int_eq(daxmode_explain(st.st_rdev, buf, sizeof(buf)), 1);
	ck_assert_ptr_nonnull(strstr(buf, "famfs mode (driver fsdev_dax)"));
	ck_assert_ptr_nonnull(strstr(buf, "echo dax0.0 > device_dax/bind"));
	set_driver("kmem");
	ck_assert_int_eq(daxmode_explain(st.st_rdev, buf, sizeof(buf)), 1);
	ck_assert_ptr_nonnull(strstr(buf, "system-ram"));
	set_driver(NULL);
	ck_assert_int_eq(daxmode_explain(st.st_rdev, buf, sizeof(buf)), 1);
	ck_assert_ptr_nonnull(strstr(buf, "has no driver (unbound)"));
	ck_assert_ptr_nonnull(strstr(buf, "echo dax0.0 > device_dax/bind"));
	ck_assert_int_eq(stat("/dev/zero", &st), 0);
	ck_assert_int_eq(daxmode_explain(st.st_rdev, buf, sizeof(buf)), 0);
}
END_TEST

/* The device layer names the mode and the fix when it cannot use a DAX device. */
START_TEST(test_dev_open_modes)
{
	struct famfs_error err = { 0 };
	struct famfs_dev *dev;
	void *addr;

	ck_assert_int_eq(famfs_dev_open("/dev/null", 0, &dev, &err), 0);
	ck_assert_int_eq(famfs_dev_type(dev), FAMFS_DEV_DAX);
	ck_assert_uint_eq(famfs_dev_size(dev), 16777216);
	/* switched to famfs mode after the open: the failed map says why */
	set_driver("fsdev_dax");
	ck_assert_int_lt(famfs_dev_map(dev, 0, 4096, &addr, &err), 0);
	ck_assert_ptr_nonnull(strstr(err.msg, "/dev/null is in famfs mode (driver fsdev_dax)"));
	ck_assert_ptr_nonnull(strstr(err.msg, "echo dax0.0 > fsdev_dax/remove_id"));
	famfs_dev_close(dev);
	ck_assert_int_eq(famfs_dev_open("/dev/null", 0, &dev, &err), -ENODEV);
	ck_assert_ptr_nonnull(strstr(err.msg, "/dev/null is in famfs mode"));
	ck_assert_ptr_nonnull(strstr(err.msg, "device_dax/bind"));
	set_driver("kmem");
	ck_assert_int_eq(famfs_dev_open("/dev/null", 0, &dev, &err), -ENODEV);
	ck_assert_ptr_nonnull(strstr(err.msg, "system-ram mode (driver kmem)"));
}
END_TEST

static Suite *daxmode_suite(void)
{
	Suite *s = suite_create("daxmode");
	TCase *tc = tcase_create("sysfs");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_names);
	tcase_add_test(tc, test_devname);
	tcase_add_test(tc, test_get);
	tcase_add_test(tc, test_round_trip);
	tcase_add_test(tc, test_stale_id);
	tcase_add_test(tc, test_refused_modes);
	tcase_add_test(tc, test_driver_not_loaded);
	tcase_add_test(tc, test_busy_mapped);
	tcase_add_test(tc, test_busy_locked);
	tcase_add_test(tc, test_busy_mounted);
	tcase_add_test(tc, test_kernel_busy);
	tcase_add_test(tc, test_roll_back);
	tcase_add_test(tc, test_roll_back_fails);
	tcase_add_test(tc, test_wait_bounded);
	tcase_add_test(tc, test_command);
	tcase_add_test(tc, test_explain);
	tcase_add_test(tc, test_dev_open_modes);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return unit_run(daxmode_suite());
}
