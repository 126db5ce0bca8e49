// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Unit tests for the DAX scan of famfs_resolve_device and devices in
 * famfs mode: they cannot be read, so the scan passes over them without
 * reading (or switching) them, and "not found" names them and the fix.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <famfs/famfs.h>

#include "unit.h"

#define MiB (1ULL << 20)

static char root[64];

static char *rpath(const char *name)
{
	/* a ring: a name stays valid for the next 15 calls */
	static char p[16][256];
	static int n;

	n = (n + 1) % 16;
	snprintf(p[n], sizeof(p[n]), "%s/%s", root, name);
	return p[n];
}

static void fill_uuid(uint8_t *u, uint8_t seed)
{
	int i;

	for (i = 0; i < FAMFS_UUID_LEN; i++)
		u[i] = (uint8_t)(seed * 13 + i + 1);
}

/* A device file holding sb; flip (>= 0) inverts that byte after encoding. */
static void write_dev(const char *name, const struct famfs_superblock *sb, int flip)
{
	uint8_t buf[FAMFS_SB_ENCODED_SIZE] = { 0 };
	int fd = open(rpath(name), O_WRONLY | O_CREAT | O_TRUNC, 0644);

	ck_assert_int_ge(fd, 0);
	if (sb)
		ck_assert_int_eq(famfs_sb_encode(sb, buf, sizeof(buf), NULL), 0);
	if (flip >= 0)
		buf[flip] ^= 0xff;
	ck_assert_int_eq(write(fd, buf, sizeof(buf)), sizeof(buf));
	ck_assert_int_eq(ftruncate(fd, (off_t)(16 * MiB)), 0);
	close(fd);
}

/* Bind the scanned device name to driver (a symlink, as sysfs has it). */
static void set_driver(const char *name, const char *driver)
{
	char link[256], target[128];

	snprintf(link, sizeof(link), "%s/sys/bus/dax/devices/%s/driver", root, name);
	unlink(link);
	snprintf(target, sizeof(target), "../../../../bus/dax/drivers/%s", driver);
	ck_assert_int_eq(symlink(target, link), 0);
}

START_TEST(test_scan_famfs_mode)
{
	struct famfs_superblock p, s;
	struct famfs_error err = { 0 };
	uint8_t u[FAMFS_UUID_LEN];
	char found[256], want[512], cmd[256];

	strcpy(root, "/tmp/frm-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(root));
	snprintf(cmd, sizeof(cmd), "mkdir -p %s/sys/bus/dax/devices/dax0.0 "
		 "%s/sys/bus/dax/devices/dax1.0 %s/dev", root, root, root);
	ck_assert_int_eq(system(cmd), 0);
	famfs_sb_init(&p, 64 * MiB, FAMFS_LOG_LEN_DEFAULT);
	fill_uuid(p.uuid, 1);
	fill_uuid(p.dev_uuid, 2);
	fill_uuid(u, 3);
	famfs_sb_secondary_init(&s, &p, 16 * MiB, u);
	write_dev("dev/dax0.0", &s, -1);
	write_dev("dev/dax1.0", NULL, -1);
	setenv(FAMFS_DAX_ROOT_ENV, root, 1);

	/* devdax: found by its UUIDs */
	set_driver("dax0.0", "device_dax");
	set_driver("dax1.0", "device_dax");
	ck_assert_int_eq(famfs_resolve_device(NULL, p.uuid, u, found, sizeof(found), &err), 0);
	ck_assert_str_eq(found, rpath("dev/dax0.0"));

	/* famfs mode: not read, not found, and named with the fix */
	set_driver("dax0.0", "fsdev_dax");
	ck_assert_int_eq(famfs_resolve_device(NULL, p.uuid, u, found, sizeof(found), &err),
			 -FAMFS_E_DEV_MISSING);
	snprintf(want, sizeof(want), "DAX devices (%s is in famfs mode and could not be read: "
		 "name it with -d and give -M)", rpath("dev/dax0.0"));
	ck_assert_ptr_nonnull(strstr(err.msg, want));

	/* two: the first named, the other counted */
	set_driver("dax1.0", "fsdev_dax");
	ck_assert_int_eq(famfs_resolve_device(NULL, p.uuid, u, found, sizeof(found), &err),
			 -FAMFS_E_DEV_MISSING);
	ck_assert_ptr_nonnull(strstr(err.msg, " and 1 more are in famfs mode"));

	/* with a candidate passed over: both reasons, the fix first (a long one is cut) */
	set_driver("dax1.0", "device_dax");
	write_dev("dev/dax1.0", &s, 70);	/* a device UUID byte: the CRC fails */
	ck_assert_int_eq(famfs_resolve_device(NULL, p.uuid, u, found, sizeof(found), &err),
			 -FAMFS_E_DEV_MISSING);
	snprintf(want, sizeof(want), "DAX devices (%s is in famfs mode and could not be read: "
		 "name it with -d and give -M; passed over: %s", rpath("dev/dax0.0"),
		 rpath("dev/dax1.0"));
	ck_assert_ptr_nonnull(strstr(err.msg, want));

	/* paths the user names are read whatever the scan would think of them */
	{
		const char *list[1] = { rpath("dev/dax0.0") };
		struct famfs_resolve_opts o = { .paths = list, .npaths = 1 };

		ck_assert_int_eq(famfs_resolve_device(&o, p.uuid, u, found, sizeof(found), &err),
				 0);
	}
	unsetenv(FAMFS_DAX_ROOT_ENV);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", root);
	ck_assert_int_eq(system(cmd), 0);
}
END_TEST

static Suite *resolve_daxmode_suite(void)
{
	Suite *s = suite_create("resolve_daxmode");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_scan_famfs_mode);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return unit_run(resolve_daxmode_suite());
}
