// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Unit tests for multi-device file systems: superblock roles, the
 * secondary superblock codec, the device table rules (dense indices,
 * duplicates, the 24-device limit), member checks, the resolver and the
 * probe export. Hostile inputs throughout: every rule has a test that
 * breaks it.
 */
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
#include "unit.h"

#define MiB (1ULL << 20)

/* byte i of the UUID is (seed * 17 + i + 1) mod 256: seed 100 starts at 0xa5 */
static void fill_uuid(uint8_t *u, uint8_t seed)
{
	int i;

	for (i = 0; i < FAMFS_UUID_LEN; i++)
		u[i] = (uint8_t)(seed * 17 + i + 1);
}

static void primary_sb(struct famfs_superblock *sb, uint32_t flags)
{
	famfs_sb_init(sb, 64 * MiB, FAMFS_LOG_LEN_DEFAULT);
	fill_uuid(sb->uuid, 100);
	fill_uuid(sb->dev_uuid, 0);
	fill_uuid(sb->system_uuid, 200);
	sb->flags = flags;
	strcpy(sb->dev_name, "/dev/dax0.0");
}

/* Encode and decode, so the stored CRC is the computed one. */
static void reload(struct famfs_superblock *sb)
{
	uint8_t buf[FAMFS_SB_ENCODED_SIZE];

	ck_assert_int_eq(famfs_sb_encode(sb, buf, sizeof(buf), NULL), 0);
	ck_assert_int_eq(famfs_sb_decode(buf, sizeof(buf), sb, NULL), 0);
}

static void secondary_sb(struct famfs_superblock *sb, const struct famfs_superblock *p,
			 uint8_t seed, uint64_t size)
{
	uint8_t u[FAMFS_UUID_LEN];

	fill_uuid(u, seed);
	famfs_sb_secondary_init(sb, p, size, u);
	reload(sb);
}

static struct famfs_daxdev_entry dd(uint32_t index, uint8_t seed, uint64_t size)
{
	struct famfs_daxdev_entry e;

	memset(&e, 0, sizeof(e));
	e.index = index;
	e.size = size;
	fill_uuid(e.uuid, seed);
	return e;
}

/* ---- roles and the secondary superblock ---- */

START_TEST(test_roles)
{
	struct famfs_superblock sb;
	struct famfs_error err = { 0 };
	uint32_t bad[] = { 3, 4, 0x80000000u, 0xffffffffu, 5 };
	size_t i;

	primary_sb(&sb, 0);
	ck_assert_int_eq(famfs_sb_role(&sb, NULL), FAMFS_SB_ROLE_SINGLE);
	sb.flags = FAMFS_SB_FLAG_PRIMARY;
	ck_assert_int_eq(famfs_sb_role(&sb, NULL), FAMFS_SB_ROLE_PRIMARY);
	sb.flags = FAMFS_SB_FLAG_SECONDARY;
	ck_assert_int_eq(famfs_sb_role(&sb, NULL), FAMFS_SB_ROLE_SECONDARY);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		sb.flags = bad[i];
		ck_assert_int_eq(famfs_sb_role(&sb, &err), -FAMFS_E_SB_FLAGS);
		reload(&sb);
		ck_assert_int_eq(famfs_sb_validate(&sb, 0, NULL), -FAMFS_E_SB_FLAGS);
		ck_assert_int_eq(famfs_sb_validate_member(&sb, 0, NULL), -FAMFS_E_SB_FLAGS);
	}
	ck_assert_str_eq(famfs_sb_role_name(FAMFS_SB_ROLE_SINGLE), "single");
	ck_assert_str_eq(famfs_sb_role_name(FAMFS_SB_ROLE_PRIMARY), "primary");
	ck_assert_str_eq(famfs_sb_role_name(FAMFS_SB_ROLE_SECONDARY), "secondary");
	ck_assert_str_eq(famfs_sb_role_name(7), "unknown");
}
END_TEST

START_TEST(test_secondary_layout)
{
	struct famfs_superblock p, s;
	uint8_t buf[FAMFS_SB_ENCODED_SIZE], u[FAMFS_UUID_LEN];

	primary_sb(&p, FAMFS_SB_FLAG_PRIMARY);
	fill_uuid(u, 7);
	/* an odd size is rounded down to the allocation unit */
	famfs_sb_secondary_init(&s, &p, 33 * MiB + 5, u);
	strcpy(s.dev_name, "/dev/dax1.0");
	ck_assert_int_eq(famfs_sb_encode(&s, buf, sizeof(buf), NULL), 0);
	ck_assert_uint_eq(get_le64(buf + 0), FAMFS_SB_MAGIC);
	ck_assert_uint_eq(get_le64(buf + 8), FAMFS_SB_VERSION);
	ck_assert_uint_eq(get_le64(buf + 16), 0);	/* no log */
	ck_assert_uint_eq(get_le64(buf + 24), 0);
	ck_assert_uint_eq(get_le64(buf + 32), FAMFS_ALLOC_UNIT);
	ck_assert_uint_eq(get_le32(buf + 40), FAMFS_OMF_MAJOR);
	ck_assert_uint_eq(get_le32(buf + 44), FAMFS_OMF_MINOR);
	ck_assert_mem_eq(buf + 48, p.uuid, FAMFS_UUID_LEN);
	ck_assert_mem_eq(buf + 64, u, FAMFS_UUID_LEN);
	ck_assert_mem_eq(buf + 80, p.system_uuid, FAMFS_UUID_LEN);
	ck_assert_uint_eq(get_le64(buf + 96), famfs_sb_crc(buf, sizeof(buf)));
	ck_assert_uint_eq(get_le32(buf + 104), FAMFS_SB_FLAG_SECONDARY);
	ck_assert_uint_eq(get_le32(buf + 108), 0);
	ck_assert_uint_eq(get_le64(buf + 112), 32 * MiB);
	ck_assert_mem_eq(buf + 120, u, FAMFS_UUID_LEN);
	ck_assert_str_eq((const char *)buf + 136, "/dev/dax1.0");

	ck_assert_int_eq(famfs_sb_decode(buf, sizeof(buf), &s, NULL), 0);
	ck_assert_int_eq(famfs_sb_validate_member(&s, 32 * MiB, NULL), 0);
	ck_assert_int_eq(famfs_sb_validate_member(&s, 0, NULL), 0);
	/* every existing tool gets a clear refusal, not "bad log offset" */
	ck_assert_int_eq(famfs_sb_validate(&s, 0, NULL), -FAMFS_E_SB_SECONDARY);
}
END_TEST

START_TEST(test_secondary_rejections)
{
	struct famfs_superblock p, s, t;
	uint8_t buf[FAMFS_SB_ENCODED_SIZE];

	primary_sb(&p, FAMFS_SB_FLAG_PRIMARY);
	reload(&p);
	ck_assert_int_eq(famfs_sb_validate_member(&p, 64 * MiB, NULL), 0);
	secondary_sb(&s, &p, 3, 16 * MiB);

	t = s;
	t.log_len = FAMFS_LOG_LEN_DEFAULT;
	reload(&t);
	ck_assert_int_eq(famfs_sb_validate_member(&t, 0, NULL), -FAMFS_E_SB_SECONDARY_LOG);
	t = s;
	t.log_offset = FAMFS_LOG_OFFSET;
	reload(&t);
	ck_assert_int_eq(famfs_sb_validate_member(&t, 0, NULL), -FAMFS_E_SB_SECONDARY_LOG);
	t = s;
	t.dev_size = FAMFS_SECONDARY_MIN_SIZE - FAMFS_ALLOC_UNIT;
	ck_assert_int_eq(famfs_sb_validate_member(&t, 0, NULL), -FAMFS_E_SB_DEV_SIZE);
	t.dev_size = 16 * MiB + 4096;
	ck_assert_int_eq(famfs_sb_validate_member(&t, 0, NULL), -FAMFS_E_SB_DEV_SIZE);
	ck_assert_int_eq(famfs_sb_validate_member(&s, 16 * MiB - 1, NULL), -FAMFS_E_SB_DEV_SIZE);
	t = s;
	t.daxdev_uuid[0] ^= 1;
	ck_assert_int_eq(famfs_sb_validate_member(&t, 0, NULL), -FAMFS_E_DEV_MISMATCH);
	t = s;
	t.alloc_unit = 4096;
	reload(&t);
	ck_assert_int_eq(famfs_sb_validate_member(&t, 0, NULL), -FAMFS_E_SB_ALLOC_UNIT);
	t = s;
	memset(t.dev_name, 'x', FAMFS_DEVNAME_LEN);
	ck_assert_int_eq(famfs_sb_validate_member(&t, 0, NULL), -FAMFS_E_SB_DEVNAME);

	/* a flipped bit under the CRC, and a zeroed magic */
	famfs_sb_encode(&s, buf, sizeof(buf), NULL);
	buf[50] ^= 0x10;
	famfs_sb_decode(buf, sizeof(buf), &t, NULL);
	ck_assert_int_eq(famfs_sb_validate_member(&t, 0, NULL), -FAMFS_E_SB_CRC);
	famfs_sb_encode(&s, buf, sizeof(buf), NULL);
	memset(buf, 0, 8);
	famfs_sb_decode(buf, sizeof(buf), &t, NULL);
	ck_assert_int_eq(famfs_sb_validate_member(&t, 0, NULL), -FAMFS_E_SB_KILLED);
}
END_TEST

/*
 * The sweep for a secondary: every single-bit change in the bytes that are
 * checked (0..95 under the CRC, the CRC itself, the flags) is caught.
 */
START_TEST(test_secondary_sweep)
{
	struct famfs_superblock p, s, t;
	uint8_t good[FAMFS_SB_ENCODED_SIZE], buf[FAMFS_SB_ENCODED_SIZE];
	int byte, bit, missed = 0;

	primary_sb(&p, FAMFS_SB_FLAG_PRIMARY);
	secondary_sb(&s, &p, 5, 16 * MiB);
	ck_assert_int_eq(famfs_sb_encode(&s, good, sizeof(good), NULL), 0);
	for (byte = 0; byte < 108; byte++) {
		for (bit = 0; bit < 8; bit++) {
			memcpy(buf, good, sizeof(buf));
			buf[byte] ^= (uint8_t)(1u << bit);
			famfs_sb_decode(buf, sizeof(buf), &t, NULL);
			if (!famfs_sb_validate_member(&t, 16 * MiB, NULL))
				missed++;
		}
	}
	ck_assert_int_eq(missed, 0);
}
END_TEST

/* ---- the device table ---- */

START_TEST(test_devset_rules)
{
	struct famfs_superblock p;
	struct famfs_devset ds, before;
	struct famfs_daxdev_entry e;
	struct famfs_log_entry le;
	struct famfs_error err = { 0 };
	uint32_t i;

	primary_sb(&p, FAMFS_SB_FLAG_PRIMARY);
	ck_assert_int_eq(famfs_devset_init(&ds, &p, NULL), 0);
	ck_assert_uint_eq(ds.count, 1);
	ck_assert_uint_eq(ds.dev[0].size, 64 * MiB);
	ck_assert_mem_eq(ds.dev[0].uuid, p.dev_uuid, FAMFS_UUID_LEN);
	ck_assert_mem_eq(ds.fs_uuid, p.uuid, FAMFS_UUID_LEN);

	/* index 0 and a gap are not the next index */
	e = dd(0, 1, 8 * MiB);
	ck_assert_int_eq(famfs_devset_add(&ds, &e, 5, &err), -FAMFS_E_DEV_INDEX);
	ck_assert_ptr_nonnull(strstr(err.msg, "log slot 5"));
	e = dd(2, 1, 8 * MiB);
	ck_assert_int_eq(famfs_devset_add(&ds, &e, 5, NULL), -FAMFS_E_DEV_INDEX);
	/* the primary's UUID again */
	e = dd(1, 0, 8 * MiB);
	ck_assert_int_eq(famfs_devset_add(&ds, &e, 5, NULL), -FAMFS_E_DEV_DUP_UUID);
	e = dd(1, 1, 8 * MiB);
	memset(e.uuid, 0, sizeof(e.uuid));
	ck_assert_int_eq(famfs_devset_add(&ds, &e, 5, NULL), -FAMFS_E_DEV_ENTRY);
	e = dd(1, 1, FAMFS_SECONDARY_MIN_SIZE - 1);
	ck_assert_int_eq(famfs_devset_add(&ds, &e, 5, NULL), -FAMFS_E_DEV_ENTRY);
	ck_assert_uint_eq(ds.count, 1);

	for (i = 1; i < FAMFS_MAX_DEVICES; i++) {
		e = dd(i, (uint8_t)i, FAMFS_SECONDARY_MIN_SIZE + i * FAMFS_ALLOC_UNIT);
		ck_assert_int_eq(famfs_devset_add(&ds, &e, 10 + i, NULL), 0);
		ck_assert_uint_eq(ds.count, i + 1);
	}
	/* a duplicate of a secondary, and each failure leaves the table alone */
	before = ds;
	e = dd(FAMFS_MAX_DEVICES, 200, 8 * MiB);
	ck_assert_int_eq(famfs_devset_add(&ds, &e, 99, &err), -FAMFS_E_DEV_TOO_MANY);
	ck_assert_ptr_nonnull(strstr(err.msg, "24"));
	ck_assert_mem_eq(&ds, &before, sizeof(ds));

	for (i = 0; i < FAMFS_MAX_DEVICES; i++) {
		uint8_t u[FAMFS_UUID_LEN];

		fill_uuid(u, (uint8_t)i);
		ck_assert_int_eq(famfs_devset_find(&ds, u), (int)i);
		ck_assert_ptr_eq(famfs_devset_member(&ds, i), &ds.dev[i]);
	}
	ck_assert_uint_eq(ds.dev[3].log_index, 13);
	ck_assert_uint_eq(ds.dev[3].size, FAMFS_SECONDARY_MIN_SIZE + 3 * FAMFS_ALLOC_UNIT);
	ck_assert_ptr_null(famfs_devset_member(&ds, FAMFS_MAX_DEVICES));
	ck_assert_ptr_null(famfs_devset_member(&ds, UINT32_MAX));
	e = dd(0, 250, 0);
	ck_assert_int_eq(famfs_devset_find(&ds, e.uuid), -FAMFS_E_DEV_MISSING);

	/* duplicate of a secondary, on a fresh table */
	famfs_devset_init(&ds, &p, NULL);
	e = dd(1, 1, 8 * MiB);
	ck_assert_int_eq(famfs_devset_add(&ds, &e, 1, NULL), 0);
	e = dd(2, 1, 8 * MiB);
	ck_assert_int_eq(famfs_devset_add(&ds, &e, 2, NULL), -FAMFS_E_DEV_DUP_UUID);
	ck_assert_uint_eq(ds.count, 2);

	/* a log entry of another type */
	memset(&le, 0, sizeof(le));
	le.type = FAMFS_LOG_MKDIR;
	ck_assert_int_eq(famfs_devset_add_entry(&ds, &le, 3, NULL), -FAMFS_E_ENTRY_TYPE);
	le.type = FAMFS_LOG_ADD_DAXDEV;
	le.u.daxdev = dd(2, 2, 8 * MiB);
	ck_assert_int_eq(famfs_devset_add_entry(&ds, &le, 3, NULL), 0);
	ck_assert_uint_eq(ds.count, 3);

	/* a table never starts from a secondary or bad flags */
	p.flags = FAMFS_SB_FLAG_SECONDARY;
	ck_assert_int_eq(famfs_devset_init(&ds, &p, NULL), -FAMFS_E_SB_SECONDARY);
	p.flags = 3;
	ck_assert_int_eq(famfs_devset_init(&ds, &p, NULL), -FAMFS_E_SB_FLAGS);
}
END_TEST

static uint64_t log_daxdev(struct logbuild *lb, uint32_t index, uint8_t seed)
{
	struct famfs_log_entry e;

	memset(&e, 0, sizeof(e));
	e.type = FAMFS_LOG_ADD_DAXDEV;
	e.u.daxdev = dd(index, seed, 16 * MiB);
	return lb_add(lb, &e);
}

START_TEST(test_devset_from_log)
{
	struct famfs_superblock p;
	struct famfs_devset ds;
	struct famfs_error err = { 0 };
	struct logbuild lb;
	uint64_t slot;

	primary_sb(&p, FAMFS_SB_FLAG_PRIMARY);
	lb_init(&lb, p.log_len);
	lb_mkdir(&lb, "d");
	log_daxdev(&lb, 1, 1);
	lb_file(&lb, "d/f", 4096, 10 * MiB + FAMFS_LOG_OFFSET);
	slot = log_daxdev(&lb, 2, 2);
	ck_assert_int_eq(famfs_devset_from_log(&ds, &p, lb.log, lb.log_len, &err), 0);
	ck_assert_uint_eq(ds.count, 3);
	ck_assert_uint_eq(ds.dev[1].log_index, 1);
	ck_assert_uint_eq(ds.dev[2].log_index, slot);
	ck_assert_uint_eq(ds.dev[2].size, 16 * MiB);

	/* entries on a superblock not marked primary */
	p.flags = 0;
	ck_assert_int_eq(famfs_devset_from_log(&ds, &p, lb.log, lb.log_len, NULL),
			 -FAMFS_E_SB_FLAGS);
	p.flags = FAMFS_SB_FLAG_PRIMARY;
	/* a wrong log length */
	ck_assert_int_eq(famfs_devset_from_log(&ds, &p, lb.log, lb.log_len / 2, NULL),
			 -FAMFS_E_LOG_LEN);

	/* a gap in the indices */
	log_daxdev(&lb, 4, 4);
	ck_assert_int_eq(famfs_devset_from_log(&ds, &p, lb.log, lb.log_len, &err),
			 -FAMFS_E_DEV_INDEX);
	ck_assert_ptr_nonnull(strstr(err.msg, "index 4"));
	lb_free(&lb);

	/* a duplicate, and a corrupt live entry */
	lb_init(&lb, p.log_len);
	log_daxdev(&lb, 1, 1);
	log_daxdev(&lb, 2, 1);
	ck_assert_int_eq(famfs_devset_from_log(&ds, &p, lb.log, lb.log_len, NULL),
			 -FAMFS_E_DEV_DUP_UUID);
	/* the duplicate corrupted: passed over, the table is device 1 alone */
	lb.log[famfs_log_slot_offset(1) + 20] ^= 1;
	ck_assert_int_eq(famfs_devset_from_log(&ds, &p, lb.log, lb.log_len, &err), 0);
	ck_assert_uint_eq(ds.count, 2);
	/* a lost entry before another: that one's index is not the next */
	log_daxdev(&lb, 3, 3);
	ck_assert_int_eq(famfs_devset_from_log(&ds, &p, lb.log, lb.log_len, &err),
			 -FAMFS_E_DEV_INDEX);
	/* a corrupt header */
	lb.log[3] ^= 1;
	ck_assert_int_eq(famfs_devset_from_log(&ds, &p, lb.log, lb.log_len, NULL),
			 -FAMFS_E_LOG_MAGIC);
	lb_free(&lb);

	/* a one-device file system: the reference's flags 0 and no entries */
	primary_sb(&p, 0);
	lb_init(&lb, p.log_len);
	lb_mkdir(&lb, "d");
	ck_assert_int_eq(famfs_devset_from_log(&ds, &p, lb.log, lb.log_len, NULL), 0);
	ck_assert_uint_eq(ds.count, 1);
	lb_free(&lb);
}
END_TEST

START_TEST(test_devset_check_member)
{
	struct famfs_superblock p, s, t;
	struct famfs_devset ds;
	struct famfs_daxdev_entry e;
	struct famfs_error err = { 0 };

	primary_sb(&p, FAMFS_SB_FLAG_PRIMARY);
	reload(&p);
	famfs_devset_init(&ds, &p, NULL);
	e = dd(1, 1, 16 * MiB);
	famfs_devset_add(&ds, &e, 0, NULL);
	secondary_sb(&s, &p, 1, 16 * MiB);

	ck_assert_int_eq(famfs_devset_check_member(&ds, 0, &p, 64 * MiB, NULL), 0);
	ck_assert_int_eq(famfs_devset_check_member(&ds, 1, &s, 16 * MiB, NULL), 0);
	ck_assert_int_eq(famfs_devset_check_member(&ds, 1, &s, 0, NULL), 0);
	/* swapped members */
	ck_assert_int_eq(famfs_devset_check_member(&ds, 0, &s, 0, NULL), -FAMFS_E_DEV_MISMATCH);
	ck_assert_int_eq(famfs_devset_check_member(&ds, 1, &p, 0, NULL), -FAMFS_E_DEV_MISMATCH);
	ck_assert_int_eq(famfs_devset_check_member(&ds, 2, &s, 0, &err), -FAMFS_E_EXT_DEV_INDEX);
	/* smaller than recorded */
	ck_assert_int_eq(famfs_devset_check_member(&ds, 1, &s, 14 * MiB, NULL),
			 -FAMFS_E_SB_DEV_SIZE);
	/* another file system's secondary */
	t = s;
	t.uuid[0] ^= 1;
	reload(&t);
	ck_assert_int_eq(famfs_devset_check_member(&ds, 1, &t, 0, &err), -FAMFS_E_DEV_MISMATCH);
	ck_assert_ptr_nonnull(strstr(err.msg, "another file system"));
	/* the right file system, another device */
	secondary_sb(&t, &p, 9, 16 * MiB);
	ck_assert_int_eq(famfs_devset_check_member(&ds, 1, &t, 0, NULL), -FAMFS_E_DEV_MISMATCH);
	/* the log records another size */
	secondary_sb(&t, &p, 1, 18 * MiB);
	ck_assert_int_eq(famfs_devset_check_member(&ds, 1, &t, 0, NULL), -FAMFS_E_DEV_MISMATCH);
	/* a corrupt member */
	t = s;
	t.crc ^= 1;
	ck_assert_int_eq(famfs_devset_check_member(&ds, 1, &t, 0, NULL), -FAMFS_E_SB_CRC);
}
END_TEST

/* ---- the resolver ---- */

static char tmpdir[64];

static void write_image(const char *path, const struct famfs_superblock *sb, uint64_t size)
{
	uint8_t buf[FAMFS_SB_ENCODED_SIZE];
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);

	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(famfs_sb_encode(sb, buf, sizeof(buf), NULL), 0);
	ck_assert_int_eq(write(fd, buf, sizeof(buf)), sizeof(buf));
	ck_assert_int_eq(ftruncate(fd, (off_t)size), 0);
	close(fd);
}

static char *tpath(const char *name)
{
	/* a ring: a name stays valid for the next 63 calls */
	static char p[64][256];
	static int n;

	n = (n + 1) % 64;
	snprintf(p[n], sizeof(p[n]), "%s/%s", tmpdir, name);
	return p[n];
}

static void setup_tmp(void)
{
	strcpy(tmpdir, "/tmp/famfs-devset-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(tmpdir));
}

static void cleanup_tmp(void)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	ck_assert_int_eq(system(cmd), 0);
}

START_TEST(test_resolve)
{
	struct famfs_superblock p, s1, s2, bad;
	struct famfs_resolve_opts o = { 0 };
	struct famfs_error err = { 0 };
	const char *list[3];
	char found[256], dir[256];

	setup_tmp();
	primary_sb(&p, FAMFS_SB_FLAG_PRIMARY);
	reload(&p);
	secondary_sb(&s1, &p, 1, 16 * MiB);
	secondary_sb(&s2, &p, 2, 16 * MiB);
	ck_assert_int_eq(mkdir(tpath("imgs"), 0755), 0);
	write_image(tpath("imgs/a"), &p, 64 * MiB);
	write_image(tpath("imgs/b"), &s1, 16 * MiB);
	write_image(tpath("imgs/c"), &s2, 16 * MiB);
	ck_assert_int_eq(mkfifo(tpath("imgs/fifo"), 0644), 0);	/* never opened */
	ck_assert_int_eq(symlink(tpath("imgs/b"), tpath("imgs/link")), 0);
	ck_assert_int_eq(mkdir(tpath("imgs/sub"), 0755), 0);

	/* a directory of images */
	/* its own copy: the option must outlive every tpath() below */
	snprintf(dir, sizeof(dir), "%s", tpath("imgs"));
	o.image_dir = dir;
	ck_assert_int_eq(famfs_resolve_device(&o, p.uuid, s1.dev_uuid, found, sizeof(found),
					      NULL), 0);
	ck_assert_str_eq(found, tpath("imgs/b"));
	ck_assert_int_eq(famfs_resolve_device(&o, p.uuid, p.dev_uuid, found, sizeof(found),
					      NULL), 0);
	ck_assert_str_eq(found, tpath("imgs/a"));
	/* the right device UUID in another file system does not match */
	ck_assert_int_eq(famfs_resolve_device(&o, s1.dev_uuid, s1.dev_uuid, found,
					      sizeof(found), &err), -FAMFS_E_DEV_MISSING);
	ck_assert_ptr_nonnull(strstr(err.msg, "imgs"));
	/* too short a buffer for the path */
	ck_assert_int_eq(famfs_resolve_device(&o, p.uuid, s1.dev_uuid, found, 4, NULL),
			 -ENAMETOOLONG);

	/* a copy of a member: which one is it? */
	write_image(tpath("imgs/b2"), &s1, 16 * MiB);
	ck_assert_int_eq(famfs_resolve_device(&o, p.uuid, s1.dev_uuid, found, sizeof(found),
					      &err), -FAMFS_E_DEV_AMBIGUOUS);
	unlink(tpath("imgs/b2"));
	/* a member whose device UUID is damaged does not match, and "not
	 * found" names it as the candidate passed over, and why (its CRC) */
	{
		uint8_t buf[FAMFS_SB_ENCODED_SIZE];
		int fd = open(tpath("imgs/c"), O_WRONLY);

		famfs_sb_encode(&s2, buf, sizeof(buf), NULL);
		buf[70] ^= 1;		/* in the device UUID (bytes 64-79) */
		ck_assert_int_eq(pwrite(fd, buf, sizeof(buf), 0), sizeof(buf));
		buf[70] ^= 1;
		ck_assert_int_eq(famfs_resolve_device(&o, p.uuid, s2.dev_uuid, found,
						      sizeof(found), &err), -FAMFS_E_DEV_MISSING);
		ck_assert_ptr_nonnull(strstr(err.msg, "passed over"));
		ck_assert_ptr_nonnull(strstr(err.msg, tpath("imgs/c")));
		ck_assert_ptr_nonnull(strstr(err.msg, "CRC"));
		/* only its CRC damaged: it is found by its UUIDs, and
		 * famfs_devset_check_member is what refuses it */
		buf[96] ^= 1;
		ck_assert_int_eq(pwrite(fd, buf, sizeof(buf), 0), sizeof(buf));
		close(fd);
		ck_assert_int_eq(famfs_resolve_device(&o, p.uuid, s2.dev_uuid, found,
						      sizeof(found), &err), 0);
		ck_assert_str_eq(found, tpath("imgs/c"));
		ck_assert_int_eq(famfs_sb_read(found, &bad, NULL, NULL), 0);
		ck_assert_int_ne(famfs_sb_validate_member(&bad, 16 * MiB, NULL), 0);
	}
	/* a scanned file with no famfs magic is not worth naming */
	unlink(tpath("imgs/c"));
	{
		int fd = open(tpath("imgs/c"), O_WRONLY | O_CREAT, 0644);

		ck_assert_int_ge(fd, 0);
		ck_assert_int_eq(ftruncate(fd, 16 * MiB), 0);
		close(fd);
	}
	ck_assert_int_eq(famfs_resolve_device(&o, p.uuid, s2.dev_uuid, found, sizeof(found),
					      &err), -FAMFS_E_DEV_MISSING);
	ck_assert_ptr_null(strstr(err.msg, "passed over"));

	/* only the paths given, when there are any; the same path twice is one */
	list[0] = tpath("imgs/a");
	list[1] = tpath("missing");
	list[2] = tpath("imgs/b");
	o.paths = list;
	o.npaths = 3;
	ck_assert_int_eq(famfs_resolve_device(&o, p.uuid, s1.dev_uuid, found, sizeof(found),
					      NULL), 0);
	ck_assert_str_eq(found, tpath("imgs/b"));
	list[0] = tpath("imgs/b");
	ck_assert_int_eq(famfs_resolve_device(&o, p.uuid, s1.dev_uuid, found, sizeof(found),
					      NULL), 0);
	o.paths = NULL;
	ck_assert_int_eq(famfs_resolve_device(&o, p.uuid, s1.dev_uuid, found, sizeof(found),
					      NULL), -EINVAL);
	o.paths = list;
	o.npaths = 1;
	list[0] = tpath("imgs/a");
	ck_assert_int_eq(famfs_resolve_device(&o, p.uuid, s1.dev_uuid, found, sizeof(found),
					      &err), -FAMFS_E_DEV_MISSING);
	/* a path the user named is always accounted for: here, the wrong device */
	ck_assert_ptr_nonnull(strstr(err.msg, "passed over"));
	ck_assert_ptr_nonnull(strstr(err.msg, "carries the device UUID"));
	list[0] = tpath("imgs/c");	/* zeros: no famfs at all */
	ck_assert_int_eq(famfs_resolve_device(&o, p.uuid, s1.dev_uuid, found, sizeof(found),
					      &err), -FAMFS_E_DEV_MISSING);
	ck_assert_ptr_nonnull(strstr(err.msg, "magic"));

	/* this host's DAX devices, under a test root */
	ck_assert_int_eq(system("true"), 0);
	{
		char cmd[512];

		snprintf(cmd, sizeof(cmd), "mkdir -p %s/root/sys/bus/dax/devices/dax0.0 "
			 "%s/root/sys/bus/dax/devices/dax1.0 %s/root/dev && "
			 "cp --sparse=always %s/imgs/b %s/root/dev/dax1.0", tmpdir, tmpdir, tmpdir,
			 tmpdir, tmpdir);
		ck_assert_int_eq(system(cmd), 0);
	}
	setenv(FAMFS_DAX_ROOT_ENV, tpath("root"), 1);
	ck_assert_int_eq(famfs_resolve_device(NULL, p.uuid, s1.dev_uuid, found, sizeof(found),
					      NULL), 0);
	ck_assert_str_eq(found, tpath("root/dev/dax1.0"));
	ck_assert_int_eq(famfs_resolve_device(NULL, p.uuid, p.dev_uuid, found, sizeof(found),
					      &err), -FAMFS_E_DEV_MISSING);
	ck_assert_ptr_nonnull(strstr(err.msg, "DAX devices"));
	unsetenv(FAMFS_DAX_ROOT_ENV);
	cleanup_tmp();
}
END_TEST

/* ---- probing ---- */

START_TEST(test_probe_export)
{
	struct famfs_superblock p, s;
	struct famfs_probe_info info;
	char buf[512], want[512];
	int n;
	size_t len;

	primary_sb(&p, 0);
	reload(&p);
	ck_assert_int_eq(famfs_probe_superblock(&p, 64 * MiB, &info, NULL), 0);
	ck_assert_int_eq(info.role, FAMFS_SB_ROLE_SINGLE);
	ck_assert_int_eq(info.dev_index, 0);
	n = famfs_probe_export(&info, buf, sizeof(buf));
	snprintf(want, sizeof(want), "TYPE=famfs\n"
		 "UUID=a5a6a7a8-a9aa-abac-adae-afb0b1b2b3b4\n"
		 "DEV_UUID=01020304-0506-0708-090a-0b0c0d0e0f10\n"
		 "ROLE=primary\nDEV_INDEX=0\nSIZE=%llu\n", 64ULL * MiB);
	ck_assert_str_eq(buf, want);
	ck_assert_int_eq(n, (int)strlen(want));
	/* every shorter buffer is refused, never overrun */
	for (len = 0; len <= strlen(want); len++) {
		memset(buf, 'Z', sizeof(buf));
		ck_assert_int_eq(famfs_probe_export(&info, buf, len), -ENOSPC);
		ck_assert_int_eq(buf[len], 'Z');
	}

	secondary_sb(&s, &p, 1, 16 * MiB);
	ck_assert_int_eq(famfs_probe_superblock(&s, 16 * MiB, &info, NULL), 0);
	ck_assert_int_eq(info.role, FAMFS_SB_ROLE_SECONDARY);
	ck_assert_int_eq(info.dev_index, -1);
	ck_assert_int_gt(famfs_probe_export(&info, buf, sizeof(buf)), 0);
	ck_assert_ptr_nonnull(strstr(buf, "ROLE=secondary\n"));
	ck_assert_ptr_null(strstr(buf, "DEV_INDEX"));
	ck_assert_ptr_nonnull(strstr(buf, "\nUUID=a5a6a7a8-"));
	ck_assert_ptr_nonnull(strstr(buf, "SIZE=16777216\n"));
	/* a device smaller than its superblock says, and a corrupt one */
	ck_assert_int_eq(famfs_probe_superblock(&s, 8 * MiB, &info, NULL), -FAMFS_E_SB_DEV_SIZE);
	s.crc ^= 1;
	ck_assert_int_eq(famfs_probe_superblock(&s, 0, &info, NULL), -FAMFS_E_SB_CRC);
}
END_TEST

START_TEST(test_sb_read)
{
	struct famfs_superblock p, got;
	struct famfs_error err = { 0 };
	uint64_t size = 0;
	int fd;

	setup_tmp();
	primary_sb(&p, FAMFS_SB_FLAG_PRIMARY);
	reload(&p);
	write_image(tpath("img"), &p, 64 * MiB);
	ck_assert_int_eq(famfs_sb_read(tpath("img"), &got, &size, NULL), 0);
	ck_assert_uint_eq(size, 64 * MiB);
	ck_assert_mem_eq(got.dev_uuid, p.dev_uuid, FAMFS_UUID_LEN);
	ck_assert_int_eq(famfs_sb_read(tpath("nothing"), &got, NULL, &err), -ENOENT);
	fd = open(tpath("tiny"), O_WRONLY | O_CREAT, 0644);
	ck_assert_int_eq(write(fd, "famfs", 5), 5);
	close(fd);
	ck_assert_int_eq(famfs_sb_read(tpath("tiny"), &got, NULL, &err), -FAMFS_E_SB_MAGIC);
	ck_assert_ptr_nonnull(strstr(err.msg, "tiny"));
	cleanup_tmp();
}
END_TEST

/* ---- mkfs of a device set ---- */

static void blank(const char *path, uint64_t size)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);

	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(ftruncate(fd, (off_t)size), 0);
	close(fd);
}

static void slurp_sb(const char *path, uint8_t *buf)
{
	int fd = open(path, O_RDONLY);

	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(pread(fd, buf, FAMFS_SB_ENCODED_SIZE, 0), FAMFS_SB_ENCODED_SIZE);
	close(fd);
}

START_TEST(test_mkfs_set)
{
	struct famfs_mkfs_opts o = { 0 };
	struct famfs_mkfs_result r;
	struct famfs_mkfs_member mem[FAMFS_MAX_DEVICES];
	struct famfs_error err = { 0 };
	struct famfs_superblock sb;
	struct famfs_devset ds;
	struct famfs_fs *fs;
	const char *sec[FAMFS_MAX_DEVICES];
	uint8_t sys[FAMFS_UUID_LEN], before[FAMFS_SB_ENCODED_SIZE], after[FAMFS_SB_ENCODED_SIZE];
	char s1[256], s2[256], p2[256], tiny[256];
	uint64_t size;
	int i;

	setup_tmp();
	/* tpath() rotates four buffers: keep the paths held in sec[] apart */
	snprintf(s1, sizeof(s1), "%s", tpath("s1"));
	snprintf(s2, sizeof(s2), "%s", tpath("s2"));
	snprintf(p2, sizeof(p2), "%s", tpath("p2"));
	snprintf(tiny, sizeof(tiny), "%s", tpath("tiny"));
	memset(sys, 0x5a, sizeof(sys));
	o.system_uuid = sys;
	blank(tpath("p"), 64 * MiB);
	blank(s1, 16 * MiB);
	blank(s2, 24 * MiB + 4096);	/* rounded down to 24 MiB */
	sec[0] = s1;
	sec[1] = s2;
	ck_assert_int_eq(famfs_mkfs_set(tpath("p"), sec, 2, &o, &r, mem, &err), 0);
	ck_assert_uint_eq(r.sb.flags, FAMFS_SB_FLAG_PRIMARY);
	ck_assert_uint_eq(mem[1].sb.dev_size, 24 * MiB);

	/* the set reads back: the log's table, and each member against it */
	ck_assert_int_eq(famfs_fs_open(tpath("p"), FAMFS_FS_FORCE, &fs, &err), 0);
	ck_assert_int_eq(famfs_devset_from_log(&ds, famfs_fs_superblock(fs), famfs_fs_log(fs),
					       famfs_fs_superblock(fs)->log_len, &err), 0);
	ck_assert_uint_eq(ds.count, 3);
	ck_assert_int_eq(famfs_devset_check_member(&ds, 0, famfs_fs_superblock(fs), 64 * MiB,
						   &err), 0);
	famfs_fs_close(fs);
	for (i = 0; i < 2; i++) {
		ck_assert_int_eq(famfs_sb_read(sec[i], &sb, &size, NULL), 0);
		ck_assert_int_eq(famfs_devset_check_member(&ds, (uint32_t)i + 1, &sb, size, &err),
				 0);
		ck_assert_mem_eq(sb.dev_uuid, mem[i].sb.dev_uuid, FAMFS_UUID_LEN);
		ck_assert_mem_eq(sb.system_uuid, sys, FAMFS_UUID_LEN);
		ck_assert_str_eq(sb.dev_name, sec[i]);
	}

	/* refusals, nothing written: a member holding famfs, one given twice */
	blank(p2, 64 * MiB);
	slurp_sb(s1, before);
	sec[0] = s1;
	ck_assert_int_eq(famfs_mkfs_set(p2, sec, 1, &o, &r, mem, &err), -EEXIST);
	ck_assert_ptr_nonnull(strstr(err.msg, "s1"));
	slurp_sb(s1, after);
	ck_assert_mem_eq(before, after, sizeof(before));
	slurp_sb(p2, after);
	memset(before, 0, sizeof(before));
	ck_assert_mem_eq(before, after, sizeof(before));
	sec[0] = p2;
	ck_assert_int_eq(famfs_mkfs_set(p2, sec, 1, &o, &r, mem, &err), -EINVAL);
	ck_assert_ptr_nonnull(strstr(err.msg, "same device"));
	blank(tiny, 3 * MiB);
	sec[0] = tiny;
	ck_assert_int_eq(famfs_mkfs_set(p2, sec, 1, &o, &r, mem, &err),
			 -FAMFS_E_SB_DEV_SIZE);
	for (i = 0; i < FAMFS_MAX_DEVICES; i++)
		sec[i] = s1;
	ck_assert_int_eq(famfs_mkfs_set(p2, sec, FAMFS_MAX_DEVICES, &o, &r, mem, &err),
			 -FAMFS_E_DEV_TOO_MANY);
	o.flags = FAMFS_MKFS_KILL | FAMFS_MKFS_FORCE;
	ck_assert_int_eq(famfs_mkfs_set(tpath("p"), sec, 1, &o, &r, mem, &err), -EINVAL);
	slurp_sb(p2, after);
	ck_assert_mem_eq(before, after, sizeof(before));

	/* with -f over an old set, and a dry run that writes nothing */
	o.flags = FAMFS_MKFS_FORCE | FAMFS_MKFS_DRY_RUN;
	sec[0] = s1;
	slurp_sb(s1, before);
	ck_assert_int_eq(famfs_mkfs_set(p2, sec, 1, &o, &r, mem, &err), 0);
	ck_assert_str_eq(mem[0].replaced, "famfs");
	slurp_sb(s1, after);
	ck_assert_mem_eq(before, after, sizeof(before));
	o.flags = FAMFS_MKFS_FORCE;
	ck_assert_int_eq(famfs_mkfs_set(p2, sec, 1, &o, &r, mem, &err), 0);
	ck_assert_int_eq(famfs_sb_read(s1, &sb, NULL, NULL), 0);
	ck_assert_mem_eq(sb.uuid, r.sb.uuid, FAMFS_UUID_LEN);

	/* no secondaries: exactly famfs_mkfs(), flags 0 as the reference writes */
	o.flags = 0;
	blank(tpath("one"), 64 * MiB);
	ck_assert_int_eq(famfs_mkfs_set(tpath("one"), NULL, 0, &o, &r, NULL, &err), 0);
	ck_assert_int_eq(famfs_sb_read(tpath("one"), &sb, NULL, NULL), 0);
	ck_assert_uint_eq(sb.flags, 0);
	cleanup_tmp();
}
END_TEST

START_TEST(test_add_device)
{
	struct famfs_mkfs_opts o = { 0 };
	struct famfs_mkfs_result r;
	struct famfs_add_result a;
	struct famfs_error err = { 0 };
	struct famfs_superblock sb;
	uint8_t sys[FAMFS_UUID_LEN], before[FAMFS_SB_ENCODED_SIZE], after[FAMFS_SB_ENCODED_SIZE];
	char p[256], d1[256], d2[256], tiny[256];
	uint64_t size;

	setup_tmp();
	snprintf(p, sizeof(p), "%s", tpath("p"));
	snprintf(d1, sizeof(d1), "%s", tpath("d1"));
	snprintf(d2, sizeof(d2), "%s", tpath("d2"));
	snprintf(tiny, sizeof(tiny), "%s", tpath("tiny"));
	memset(sys, 0x77, sizeof(sys));	/* not this host: the master check applies */
	o.system_uuid = sys;
	blank(p, 64 * MiB);
	blank(d1, 16 * MiB);
	blank(d2, 16 * MiB);
	blank(tiny, 3 * MiB);
	ck_assert_int_eq(famfs_mkfs(p, &o, &r, &err), 0);
	setenv(FAMFS_SYSTEM_UUID_ENV, "5f0e6c3a-1b2d-4c8e-9f10-112233445566", 1);

	slurp_sb(d1, before);
	ck_assert_int_eq(famfs_devset_add_device(p, d1, 0, &a, &err), -FAMFS_E_NOT_MASTER);
	ck_assert_int_eq(famfs_devset_add_device(p, d1, FAMFS_ADD_NOT_MASTER | FAMFS_MKFS_DRY_RUN,
						 &a, &err), 0);
	ck_assert_uint_eq(a.index, 1);
	slurp_sb(d1, after);
	ck_assert_mem_eq(before, after, sizeof(before));
	ck_assert_int_eq(famfs_devset_add_device(p, d1, FAMFS_ADD_NOT_MASTER, &a, &err), 0);
	ck_assert_uint_eq(a.index, 1);
	ck_assert_uint_eq(a.set.count, 2);
	ck_assert_int_eq(famfs_sb_read(d1, &sb, &size, NULL), 0);
	ck_assert_int_eq(famfs_devset_check_member(&a.set, 1, &sb, size, &err), 0);
	ck_assert_int_eq(famfs_devset_add_device(p, d2, FAMFS_ADD_NOT_MASTER, &a, &err), 0);
	ck_assert_uint_eq(a.index, 2);

	/* refusals */
	ck_assert_int_eq(famfs_devset_add_device(p, d1, FAMFS_ADD_NOT_MASTER | FAMFS_MKFS_FORCE,
						 &a, &err), -EEXIST);
	ck_assert_ptr_nonnull(strstr(err.msg, "already device 1"));
	ck_assert_int_eq(famfs_devset_add_device(p, p, FAMFS_ADD_NOT_MASTER, &a, &err), -EEXIST);
	ck_assert_int_eq(famfs_devset_add_device(p, tiny, FAMFS_ADD_NOT_MASTER, &a, &err),
			 -FAMFS_E_SB_DEV_SIZE);
	ck_assert_int_eq(famfs_devset_add_device(d1, tiny, FAMFS_ADD_NOT_MASTER, &a, &err),
			 -FAMFS_E_SB_SECONDARY);
	ck_assert_int_eq(famfs_sb_read(p, &sb, NULL, NULL), 0);
	ck_assert_uint_eq(sb.flags, FAMFS_SB_FLAG_PRIMARY);
	unsetenv(FAMFS_SYSTEM_UUID_ENV);
	cleanup_tmp();
}
END_TEST

START_TEST(test_locate)
{
	struct famfs_mkfs_opts o = { 0 };
	struct famfs_mkfs_result r;
	struct famfs_mkfs_member mem[3];
	struct famfs_resolve_opts ro = { 0 };
	struct famfs_error err = { 0 };
	struct famfs_devset ds;
	struct famfs_fs *fs;
	uint8_t sys[FAMFS_UUID_LEN];
	char dir[200], p[256], s1[256], s2[256], found[512], u[40];
	const char *sec[2];
	const uint8_t *x;

	setup_tmp();
	snprintf(dir, sizeof(dir), "%s", tpath("set"));
	ck_assert_int_eq(mkdir(dir, 0755), 0);
	snprintf(p, sizeof(p), "%s/p", dir);
	snprintf(s1, sizeof(s1), "%s/s1", dir);
	snprintf(s2, sizeof(s2), "%s/s2", dir);
	blank(p, 64 * MiB);
	blank(s1, 16 * MiB);
	blank(s2, 16 * MiB);
	memset(sys, 0x33, sizeof(sys));
	o.system_uuid = sys;
	sec[0] = s1;
	sec[1] = s2;
	ck_assert_int_eq(famfs_mkfs_set(p, sec, 2, &o, &r, mem, &err), 0);
	ck_assert_int_eq(famfs_fs_open(p, FAMFS_FS_FORCE, &fs, &err), 0);
	ck_assert_int_eq(famfs_devset_from_log(&ds, famfs_fs_superblock(fs), famfs_fs_log(fs),
					       famfs_fs_superblock(fs)->log_len, &err), 0);
	famfs_fs_close(fs);

	ro.image_dir = dir;
	ck_assert_int_eq(famfs_devset_locate(&ds, 0, p, &ro, found, sizeof(found), &err), 0);
	ck_assert_str_eq(found, p);
	ck_assert_int_eq(famfs_devset_locate(&ds, 2, p, &ro, found, sizeof(found), &err), 0);
	ck_assert_str_eq(found, s2);
	/* given in the other order with -d, still found by UUID */
	ro.paths = sec;
	ro.npaths = 2;
	sec[0] = s2;
	sec[1] = s1;
	ck_assert_int_eq(famfs_devset_locate(&ds, 1, p, &ro, found, sizeof(found), &err), 0);
	ck_assert_str_eq(found, s1);
	ck_assert_int_eq(famfs_devset_locate(&ds, 3, p, &ro, found, sizeof(found), &err),
			 -FAMFS_E_EXT_DEV_INDEX);

	/* missing: the message names the index and the UUID */
	ro.npaths = 1;
	x = ds.dev[1].uuid;
	snprintf(u, sizeof(u), "%02x%02x%02x%02x-", x[0], x[1], x[2], x[3]);
	ck_assert_int_eq(famfs_devset_locate(&ds, 1, p, &ro, found, sizeof(found), &err),
			 -FAMFS_E_DEV_MISSING);
	ck_assert_ptr_nonnull(strstr(err.msg, "device 1: "));
	ck_assert_ptr_nonnull(strstr(err.msg, u));

	/* smaller than recorded: found by UUID, then refused, naming the path */
	ck_assert_int_eq(truncate(s2, 8 * MiB), 0);
	ro.npaths = 0;
	ck_assert_int_eq(famfs_devset_locate(&ds, 2, p, &ro, found, sizeof(found), &err),
			 -FAMFS_E_SB_DEV_SIZE);
	ck_assert_ptr_nonnull(strstr(err.msg, "device 2 (UUID "));
	ck_assert_ptr_nonnull(strstr(err.msg, s2));
	/* the primary path given is not the primary */
	ck_assert_int_eq(famfs_devset_locate(&ds, 0, s1, &ro, found, sizeof(found), &err),
			 -FAMFS_E_DEV_MISMATCH);
	cleanup_tmp();
}
END_TEST

START_TEST(test_set_open)
{
	struct famfs_mkfs_opts o = { 0 };
	struct famfs_mkfs_result r;
	struct famfs_mkfs_member mem[2];
	struct famfs_resolve_opts ro = { 0 };
	struct famfs_error err = { 0 }, why = { 0 };
	struct famfs_set *set;
	uint8_t sys[FAMFS_UUID_LEN];
	char dir[200], p[256], s1[256], s2[256], one[256];
	const char *sec[2];

	setup_tmp();
	snprintf(dir, sizeof(dir), "%s", tpath("set"));
	ck_assert_int_eq(mkdir(dir, 0755), 0);
	snprintf(p, sizeof(p), "%s/p", dir);
	snprintf(s1, sizeof(s1), "%s/s1", dir);
	snprintf(s2, sizeof(s2), "%s/s2", dir);
	snprintf(one, sizeof(one), "%s", tpath("one"));
	blank(p, 64 * MiB);
	blank(s1, 16 * MiB);
	blank(s2, 16 * MiB);
	blank(one, 64 * MiB);
	memset(sys, 0x44, sizeof(sys));
	o.system_uuid = sys;
	sec[0] = s1;
	sec[1] = s2;
	ck_assert_int_eq(famfs_mkfs_set(p, sec, 2, &o, &r, mem, &err), 0);
	ck_assert_int_eq(famfs_mkfs(one, &o, &r, &err), 0);

	ro.image_dir = dir;
	ck_assert_int_eq(famfs_set_open(p, FAMFS_FS_WRITE | FAMFS_FS_FORCE, &ro, 0, &set, &err),
			 0);
	ck_assert_uint_eq(famfs_set_devset(set)->count, 3);
	ck_assert_uint_eq(famfs_set_nmissing(set), 0);
	ck_assert_ptr_eq(famfs_set_dev(set, 0), famfs_fs_dev(famfs_set_fs(set)));
	ck_assert_ptr_nonnull(famfs_set_dev(set, 2));
	ck_assert_str_eq(famfs_set_path(set, 2), s2);
	ck_assert_uint_eq(famfs_dev_size(famfs_set_dev(set, 1)), 16 * MiB);
	ck_assert_int_eq(famfs_set_member_error(set, 1, &why), 0);
	ck_assert_int_eq(famfs_set_member_error(set, 3, &why), -FAMFS_E_EXT_DEV_INDEX);
	ck_assert_ptr_null(famfs_set_dev(set, 3));
	famfs_set_close(set);

	/* a member gone: refused, or (read-only, partial) open without it */
	ck_assert_int_eq(rename(s1, tpath("elsewhere")), 0);
	ck_assert_int_eq(famfs_set_open(p, FAMFS_FS_FORCE, &ro, 0, &set, &err),
			 -FAMFS_E_DEV_MISSING);
	ck_assert_ptr_nonnull(strstr(err.msg, "device 1: "));
	ck_assert_int_eq(famfs_set_open(p, FAMFS_FS_WRITE | FAMFS_FS_FORCE, &ro, FAMFS_SET_PARTIAL,
					&set, &err), -FAMFS_E_DEV_MISSING);
	ck_assert_int_eq(famfs_set_open(p, FAMFS_FS_FORCE, &ro, FAMFS_SET_PARTIAL, &set, &err), 0);
	ck_assert_uint_eq(famfs_set_nmissing(set), 1);
	ck_assert_ptr_null(famfs_set_dev(set, 1));
	ck_assert_ptr_null(famfs_set_path(set, 1));
	ck_assert_ptr_nonnull(famfs_set_dev(set, 2));
	ck_assert_int_eq(famfs_set_member_error(set, 1, &why), -FAMFS_E_DEV_MISSING);
	ck_assert_ptr_nonnull(strstr(why.msg, "device 1: "));
	famfs_set_close(set);

	/* one device: a set of one, nothing to look for */
	ck_assert_int_eq(famfs_set_open(one, FAMFS_FS_FORCE, NULL, 0, &set, &err), 0);
	ck_assert_uint_eq(famfs_set_devset(set)->count, 1);
	famfs_set_close(set);
	/* a secondary is no way in */
	ck_assert_int_eq(famfs_set_open(s2, FAMFS_FS_FORCE, &ro, 0, &set, &err),
			 -FAMFS_E_SB_SECONDARY);
	cleanup_tmp();
}
END_TEST

/* ---- allocation over a set ---- */

/* A primary of 64 MiB (8 MiB log) and secondaries of 16, 32 and 24 MiB. */
static void alloc_fixture(struct famfs_superblock *p, struct famfs_devset *ds)
{
	struct famfs_daxdev_entry e;
	uint64_t sizes[] = { 16 * MiB, 32 * MiB, 24 * MiB };
	uint32_t i;

	primary_sb(p, FAMFS_SB_FLAG_PRIMARY);
	ck_assert_int_eq(famfs_devset_init(ds, p, NULL), 0);
	for (i = 0; i < 3; i++) {
		e = dd(i + 1, (uint8_t)(i + 1), sizes[i]);
		ck_assert_int_eq(famfs_devset_add(ds, &e, i, NULL), 0);
	}
}

START_TEST(test_alloc_set)
{
	struct famfs_superblock p;
	struct famfs_devset ds;
	struct famfs_alloc_set *set;
	struct famfs_fmap f, g;
	struct famfs_error err = { 0 };
	uint64_t free1, seen = 0;
	uint32_t i;

	alloc_fixture(&p, &ds);
	ck_assert_int_eq(famfs_alloc_set_new(&ds, &p, &set, &err), 0);
	ck_assert_uint_eq(famfs_alloc_set_count(set), 4);
	ck_assert_uint_eq(famfs_alloc_used_bytes(famfs_alloc_set_map(set, 0)), 10 * MiB);
	for (i = 1; i < 4; i++)
		ck_assert_uint_eq(famfs_alloc_used_bytes(famfs_alloc_set_map(set, i)), 2 * MiB);
	ck_assert_ptr_null(famfs_alloc_set_map(set, 4));

	/* most free: the primary (54 MiB), then device 2 (30 MiB) */
	ck_assert_int_eq(famfs_alloc_set_file(set, 40 * MiB, -1, &f, &err), 0);
	ck_assert_uint_eq(f.count, 1);
	ck_assert_uint_eq(f.ext[0].dev_index, 0);
	ck_assert_int_eq(famfs_alloc_set_file(set, 3 * MiB, -1, &f, &err), 0);
	ck_assert_uint_eq(f.ext[0].dev_index, 2);
	ck_assert_uint_eq(f.ext[0].offset, 2 * MiB);	/* never the superblock unit */
	ck_assert_uint_eq(f.ext[0].len, 4 * MiB);
	/* a named device, and one past the last */
	ck_assert_int_eq(famfs_alloc_set_file(set, 1, 1, &f, &err), 0);
	ck_assert_uint_eq(f.ext[0].dev_index, 1);
	ck_assert_int_eq(famfs_alloc_set_file(set, 1, 4, &f, &err), -FAMFS_E_EXT_DEV_INDEX);
	ck_assert_int_eq(famfs_alloc_set_file(set, 100 * MiB, 3, &f, &err), -FAMFS_E_NO_SPACE);

	/* across devices: three strips, three different devices */
	ck_assert_int_eq(famfs_alloc_set_striped(set, 12 * MiB, 3, 2 * MiB, &f, &err), 0);
	ck_assert_uint_eq(f.ext_type, FAMFS_EXT_INTERLEAVE);
	ck_assert_uint_eq(f.nstrips, 3);
	for (i = 0; i < 3; i++) {
		ck_assert_uint_eq(f.strips[i].len, 4 * MiB);
		ck_assert_uint_lt(f.strips[i].dev_index, 4);
		ck_assert_uint_ge(f.strips[i].offset, 2 * MiB);
		ck_assert_uint_eq(seen & (1ULL << f.strips[i].dev_index), 0);
		seen |= 1ULL << f.strips[i].dev_index;
	}
	ck_assert_int_eq(famfs_alloc_set_striped(set, 12 * MiB, 5, 2 * MiB, &f, &err), -EINVAL);
	ck_assert_int_eq(famfs_alloc_set_striped(set, 12 * MiB, 3, 3 * MiB, &f, &err), -EINVAL);
	/* small: one extent */
	ck_assert_int_eq(famfs_alloc_set_striped(set, 1 * MiB, 2, 2 * MiB, &f, &err), 0);
	ck_assert_uint_eq(f.ext_type, FAMFS_EXT_SIMPLE);
	/* no room for one strip: nothing kept on the devices that had room */
	free1 = 0;
	for (i = 0; i < 4; i++)
		free1 = free1 * 1000 + famfs_alloc_free_bytes(famfs_alloc_set_map(set, i)) / MiB;
	/* 20 MiB strips: only device 2 has room (20 MiB free after the small file) */
	ck_assert_int_eq(famfs_alloc_set_striped(set, 4 * 20 * MiB, 4, 2 * MiB, &f, &err),
			 -FAMFS_E_NO_SPACE);
	ck_assert_uint_eq(famfs_alloc_largest_free(famfs_alloc_set_map(set, 2)), 20 * MiB);
	for (i = 0; i < 4; i++)
		free1 -= (famfs_alloc_free_bytes(famfs_alloc_set_map(set, i)) / MiB) *
			 (i == 0 ? 1000000000ULL : i == 1 ? 1000000ULL : i == 2 ? 1000ULL : 1ULL);
	ck_assert_uint_eq(free1, 0);

	/* reserving an fmap: on its device, all or nothing */
	memset(&g, 0, sizeof(g));
	g.count = 2;
	g.ext[0] = (struct famfs_extent){ 3, 20 * MiB, 2 * MiB };
	g.ext[1] = (struct famfs_extent){ 9, 2 * MiB, 2 * MiB };
	ck_assert_int_eq(famfs_alloc_set_reserve_fmap(set, &g, &err), -FAMFS_E_EXT_DEV_INDEX);
	ck_assert_int_eq(famfs_alloc_is_free(famfs_alloc_set_map(set, 3), 20 * MiB, 2 * MiB), 1);
	g.ext[1] = (struct famfs_extent){ 3, 0, 2 * MiB };	/* its superblock */
	ck_assert_int_eq(famfs_alloc_set_reserve_fmap(set, &g, &err), -FAMFS_E_EXT_OVERLAP);
	ck_assert_int_eq(famfs_alloc_is_free(famfs_alloc_set_map(set, 3), 20 * MiB, 2 * MiB), 1);
	g.count = 1;
	ck_assert_int_eq(famfs_alloc_set_reserve_fmap(set, &g, &err), 0);
	ck_assert_int_eq(famfs_alloc_is_free(famfs_alloc_set_map(set, 3), 20 * MiB, 2 * MiB), 0);
	ck_assert_int_eq(famfs_alloc_is_free(famfs_alloc_set_map(set, 0), 20 * MiB, 2 * MiB), 0);
	famfs_alloc_set_free(set);
}
END_TEST

START_TEST(test_alloc_set_from_ns)
{
	struct famfs_superblock p;
	struct famfs_devset ds;
	struct famfs_alloc_set *set;
	struct famfs_log_entry e;
	struct famfs_ns *ns;
	struct famfs_error err = { 0 };
	struct logbuild lb;

	alloc_fixture(&p, &ds);
	lb_init(&lb, p.log_len);
	lb_file(&lb, "zero", 4096, 20 * MiB);
	memset(&e, 0, sizeof(e));
	e.type = FAMFS_LOG_FILE;
	e.u.file.size = 4 * MiB;
	e.u.file.mode = 0644;
	strcpy(e.u.file.path, "two");
	e.u.file.fmap.count = 2;
	e.u.file.fmap.ext[0] = (struct famfs_extent){ 2, 4 * MiB, 2 * MiB };
	e.u.file.fmap.ext[1] = (struct famfs_extent){ 3, 8 * MiB, 2 * MiB };
	lb_add(&lb, &e);
	ck_assert_int_eq(famfs_ns_replay(lb.log, lb.log_len, &lb.hdr, NULL, NULL, &ns, &err), 0);
	ck_assert_int_eq(famfs_alloc_set_new(&ds, &p, &set, &err), 0);
	ck_assert_int_eq(famfs_alloc_set_from_ns(set, ns, &err), 0);
	ck_assert_int_eq(famfs_alloc_is_free(famfs_alloc_set_map(set, 0), 20 * MiB, 2 * MiB), 0);
	ck_assert_int_eq(famfs_alloc_is_free(famfs_alloc_set_map(set, 2), 4 * MiB, 2 * MiB), 0);
	ck_assert_int_eq(famfs_alloc_is_free(famfs_alloc_set_map(set, 3), 8 * MiB, 2 * MiB), 0);
	ck_assert_int_eq(famfs_alloc_is_free(famfs_alloc_set_map(set, 1), 4 * MiB, 2 * MiB), 1);
	/* the same extents again overlap: the message names the file */
	ck_assert_int_eq(famfs_alloc_set_from_ns(set, ns, &err), -FAMFS_E_EXT_OVERLAP);
	ck_assert_ptr_nonnull(strstr(err.msg, "zero"));
	famfs_alloc_set_free(set);
	famfs_ns_free(ns);
	lb_free(&lb);
}
END_TEST

static Suite *devset_suite(void)
{
	Suite *s = suite_create("devset");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_roles);
	tcase_add_test(tc, test_secondary_layout);
	tcase_add_test(tc, test_secondary_rejections);
	tcase_add_test(tc, test_secondary_sweep);
	tcase_add_test(tc, test_devset_rules);
	tcase_add_test(tc, test_devset_from_log);
	tcase_add_test(tc, test_devset_check_member);
	tcase_add_test(tc, test_resolve);
	tcase_add_test(tc, test_probe_export);
	tcase_add_test(tc, test_sb_read);
	tcase_add_test(tc, test_mkfs_set);
	tcase_add_test(tc, test_add_device);
	tcase_add_test(tc, test_locate);
	tcase_add_test(tc, test_set_open);
	tcase_add_test(tc, test_alloc_set);
	tcase_add_test(tc, test_alloc_set_from_ns);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return unit_run(devset_suite());
}
