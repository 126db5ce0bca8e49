// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Unit tests for writing to a device set: famfs_alloc_set_place (one
 * device, the freest or a named one; striped within a device; one strip
 * per device) and the writer over a set (famfs_writer_open_set,
 * famfs_writer_devices, famfs_writer_dev): files land on the device their
 * placement says, through the mapped and the fd paths, and read back the
 * same.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <famfs/famfs.h>

#include "unit.h"

#define MiB (1ULL << 20)

static void fill_uuid(uint8_t *u, uint8_t seed)
{
	int i;

	for (i = 0; i < FAMFS_UUID_LEN; i++)
		u[i] = (uint8_t)(seed * 31 + i + 7);
}

/* A primary of 64 MiB (8 MiB log: 54 MiB free) and secondaries of 16, 32 and 24 MiB. */
static struct famfs_alloc_set *four_devices(void)
{
	struct famfs_superblock p;
	struct famfs_devset ds;
	struct famfs_daxdev_entry e;
	struct famfs_alloc_set *set;
	uint64_t sizes[] = { 16 * MiB, 32 * MiB, 24 * MiB };
	uint32_t i;

	famfs_sb_init(&p, 64 * MiB, FAMFS_LOG_LEN_DEFAULT);
	fill_uuid(p.uuid, 1);
	fill_uuid(p.dev_uuid, 2);
	p.flags = FAMFS_SB_FLAG_PRIMARY;
	ck_assert_int_eq(famfs_devset_init(&ds, &p, NULL), 0);
	for (i = 0; i < 3; i++) {
		memset(&e, 0, sizeof(e));
		e.index = i + 1;
		e.size = sizes[i];
		fill_uuid(e.uuid, (uint8_t)(10 + i));
		ck_assert_int_eq(famfs_devset_add(&ds, &e, i, NULL), 0);
	}
	ck_assert_int_eq(famfs_alloc_set_new(&ds, &p, &set, NULL), 0);
	return set;
}

static uint64_t free_on(const struct famfs_alloc_set *set, uint32_t dev)
{
	return famfs_alloc_free_bytes(famfs_alloc_set_map(set, dev));
}

START_TEST(test_place_one_device)
{
	struct famfs_alloc_set *set = four_devices();
	struct famfs_stripe st = { .nstrips = 2, .chunk_size = 2 * MiB, .seed = 3 };
	struct famfs_error err = { 0 };
	struct famfs_fmap f;
	uint64_t before;

	/* the freest: the primary (54 MiB), then device 2 (30 MiB) */
	ck_assert_int_eq(famfs_alloc_set_place(set, 30 * MiB, NULL, FAMFS_PLACE_MOST_FREE, 9, &f,
					       &err), 0);
	ck_assert_uint_eq(f.count, 1);
	ck_assert_uint_eq(f.ext[0].dev_index, 0);
	ck_assert_int_eq(famfs_alloc_set_place(set, 1, NULL, FAMFS_PLACE_MOST_FREE, 0, &f, &err),
			 0);
	ck_assert_uint_eq(f.ext[0].dev_index, 2);
	/* a named device: every extent carries it; past the last is refused */
	ck_assert_int_eq(famfs_alloc_set_place(set, 3 * MiB, NULL, FAMFS_PLACE_DEVICE, 3, &f,
					       &err), 0);
	ck_assert_uint_eq(f.ext[0].dev_index, 3);
	ck_assert_uint_ge(f.ext[0].offset, 2 * MiB);	/* never the superblock unit */
	ck_assert_int_eq(famfs_alloc_set_place(set, 1, NULL, FAMFS_PLACE_DEVICE, 4, &f, &err),
			 -FAMFS_E_EXT_DEV_INDEX);
	ck_assert_ptr_nonnull(strstr(err.msg, "4 devices"));
	/* striped within one device: every strip on it */
	ck_assert_int_eq(famfs_alloc_set_place(set, 6 * MiB, &st, FAMFS_PLACE_DEVICE, 1, &f, &err),
			 0);
	ck_assert_uint_eq(f.ext_type, FAMFS_EXT_INTERLEAVE);
	ck_assert_uint_eq(f.nstrips, 2);
	ck_assert_uint_eq(f.strips[0].dev_index, 1);
	ck_assert_uint_eq(f.strips[1].dev_index, 1);
	/* too big for the named device: its name in the message, nothing taken */
	before = free_on(set, 1);
	ck_assert_int_eq(famfs_alloc_set_place(set, 20 * MiB, NULL, FAMFS_PLACE_DEVICE, 1, &f,
					       &err), -FAMFS_E_NO_SPACE);
	ck_assert_ptr_nonnull(strstr(err.msg, "device 1"));
	ck_assert_uint_eq(free_on(set, 1), before);
	ck_assert_int_eq(famfs_alloc_set_place(set, 1, NULL, (enum famfs_place)7, 0, &f, &err),
			 -EINVAL);
	famfs_alloc_set_free(set);
}
END_TEST

START_TEST(test_place_across)
{
	struct famfs_alloc_set *set = four_devices();
	struct famfs_stripe st = { .nstrips = 4, .chunk_size = 2 * MiB, .nbuckets = 9 };
	struct famfs_error err = { 0 };
	struct famfs_fmap f;
	uint64_t seen = 0, before[4];
	uint32_t i;

	ck_assert_int_eq(famfs_alloc_set_place(set, 15 * MiB, &st, FAMFS_PLACE_ACROSS, 2, &f,
					       &err), 0);
	ck_assert_uint_eq(f.ext_type, FAMFS_EXT_INTERLEAVE);
	ck_assert_uint_eq(f.nstrips, 4);
	for (i = 0; i < 4; i++) {
		ck_assert_uint_eq(f.strips[i].len, 4 * MiB);
		seen |= 1ULL << f.strips[i].dev_index;
	}
	ck_assert_uint_eq(seen, 0xf);	/* one strip on each device */
	/* N must be the device count; a stripe is needed */
	for (i = 0; i < 4; i++)
		before[i] = free_on(set, i);
	st.nstrips = 3;
	ck_assert_int_eq(famfs_alloc_set_place(set, 15 * MiB, &st, FAMFS_PLACE_ACROSS, 0, &f,
					       &err), -EINVAL);
	ck_assert_ptr_nonnull(strstr(err.msg, "give 4"));
	ck_assert_int_eq(famfs_alloc_set_place(set, 15 * MiB, NULL, FAMFS_PLACE_ACROSS, 0, &f,
					       &err), -EINVAL);
	/* no room for a strip on every device: nothing taken anywhere */
	st.nstrips = 4;
	ck_assert_int_eq(famfs_alloc_set_place(set, 4 * 20 * MiB, &st, FAMFS_PLACE_ACROSS, 0, &f,
					       &err), -FAMFS_E_NO_SPACE);
	for (i = 0; i < 4; i++)
		ck_assert_uint_eq(free_on(set, i), before[i]);
	famfs_alloc_set_free(set);
}
END_TEST

/* ---- the writer over a set ---- */

static char tmpdir[64];

static const char *tpath(const char *name)
{
	static char p[4][256];
	static int n;

	n = (n + 1) % 4;
	snprintf(p[n], sizeof(p[n]), "%s/%s", tmpdir, name);
	return p[n];
}

static void blank(const char *path, uint64_t size)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);

	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(ftruncate(fd, (off_t)size), 0);
	close(fd);
}

/* byte i of a test file */
static uint8_t pattern(uint64_t i, uint8_t seed)
{
	return (uint8_t)((i * 2654435761ULL) >> 13) ^ seed;
}

static int fill_pattern(void *arg, void *dst, uint64_t off, uint64_t len,
			struct famfs_error *err)
{
	uint8_t *p = dst, seed = *(uint8_t *)arg;
	uint64_t i;

	(void)err;
	for (i = 0; i < len; i++)
		p[i] = pattern(off + i, seed);
	return 0;
}

struct check_read {
	uint8_t seed;
	uint64_t seen;
	int bad;
};

static int check_emit(void *arg, const void *src, uint64_t off, uint64_t len,
		      struct famfs_error *err)
{
	struct check_read *c = arg;
	const uint8_t *p = src;
	uint64_t i;

	(void)err;
	for (i = 0; i < len; i++)
		if (p[i] != pattern(off + i, c->seed))
			c->bad = 1;
	c->seen += len;
	return 0;
}

/* A source file of size bytes of pattern seed; returns its fd. */
static int source(uint64_t size, uint8_t seed)
{
	uint8_t buf[4096];
	uint64_t off;
	int fd = open(tpath("src"), O_RDWR | O_CREAT | O_TRUNC, 0644);

	ck_assert_int_ge(fd, 0);
	for (off = 0; off < size; off += sizeof(buf)) {
		size_t n = size - off < sizeof(buf) ? (size_t)(size - off) : sizeof(buf);

		fill_pattern(&seed, buf, off, n, NULL);
		ck_assert_int_eq(pwrite(fd, buf, n, (off_t)off), (ssize_t)n);
	}
	return fd;
}

/* The file at path has size bytes of pattern seed on the devices of the set. */
static void read_back(const char *primary, const struct famfs_resolve_opts *ro,
		      const char *path, uint64_t size, uint8_t seed)
{
	struct famfs_dev *devs[FAMFS_MAX_DEVICES];
	struct famfs_writer *w;
	struct famfs_set *set;
	struct check_read c = { .seed = seed };
	struct famfs_error err = { 0 };
	const struct famfs_node *n;
	uint32_t i, count;

	ck_assert_int_eq(famfs_set_open(primary, FAMFS_FS_FORCE, ro, 0, &set, &err), 0);
	ck_assert_int_eq(famfs_writer_open(primary, FAMFS_WRITER_DRY_RUN | FAMFS_WRITER_FORCE, &w,
					   &err), 0);
	n = famfs_ns_lookup(famfs_writer_ns(w), path);
	ck_assert_ptr_nonnull(n);
	count = famfs_set_devset(set)->count;
	for (i = 0; i < count; i++)
		devs[i] = famfs_set_dev(set, i);
	ck_assert_int_eq(famfs_file_read_devs(devs, count, n, check_emit, &c, &err), 0);
	ck_assert_uint_eq(c.seen, size);
	ck_assert_int_eq(c.bad, 0);
	famfs_writer_close(w);
	famfs_set_close(set);
}

START_TEST(test_writer_set)
{
	struct famfs_mkfs_opts o = { 0 };
	struct famfs_mkfs_result r;
	struct famfs_mkfs_member mem[2];
	struct famfs_resolve_opts ro = { 0 };
	struct famfs_stripe st = { .nstrips = 3, .chunk_size = 2 * MiB };
	struct famfs_error err = { 0 };
	struct famfs_writer *w;
	struct famfs_fmap f;
	const char *sec[2];
	char dir[256], p[300], s1[300], s2[300], one[300];
	uint8_t sys[FAMFS_UUID_LEN], seed = 5;
	uint64_t i;
	int fd;

	strcpy(tmpdir, "/tmp/famfs-setw-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(tmpdir));
	snprintf(dir, sizeof(dir), "%s", tpath("set"));
	ck_assert_int_eq(mkdir(dir, 0755), 0);
	snprintf(p, sizeof(p), "%s/p", dir);
	snprintf(s1, sizeof(s1), "%s/s1", dir);
	snprintf(s2, sizeof(s2), "%s/s2", dir);
	snprintf(one, sizeof(one), "%s", tpath("one"));
	blank(p, 64 * MiB);
	blank(s1, 16 * MiB);
	blank(s2, 24 * MiB);
	blank(one, 64 * MiB);
	memset(sys, 0x44, sizeof(sys));
	o.system_uuid = sys;
	sec[0] = s1;
	sec[1] = s2;
	ck_assert_int_eq(famfs_mkfs_set(p, sec, 2, &o, &r, mem, &err), 0);
	ck_assert_int_eq(famfs_mkfs(one, &o, &r, &err), 0);
	ro.image_dir = dir;

	ck_assert_int_eq(famfs_writer_open_set(p, FAMFS_WRITER_FORCE, &ro, &w, &err), 0);
	ck_assert_uint_eq(famfs_writer_devices(w), 3);
	ck_assert_ptr_eq(famfs_writer_dev(w, 0), famfs_fs_dev(famfs_writer_fs(w)));
	ck_assert_str_eq(famfs_dev_path(famfs_writer_dev(w, 2)), s2);
	ck_assert_ptr_null(famfs_writer_dev(w, 3));
	{
		/* through the mapping, on the device named */
		struct famfs_new_file nf = { .path = "on1", .size = 3 * MiB + 5, .mode = 0100644,
					     .place = FAMFS_PLACE_DEVICE, .device = 1 };

		ck_assert_int_eq(famfs_writer_create(w, &nf, fill_pattern, &seed, &f, &err), 0);
		ck_assert_uint_eq(f.ext[0].dev_index, 1);
		nf.path = "bad";
		nf.device = 3;
		ck_assert_int_eq(famfs_writer_create(w, &nf, fill_pattern, &seed, &f, &err),
				 -FAMFS_E_EXT_DEV_INDEX);
	}
	{
		/* from an fd, one strip per device, in a batch */
		struct famfs_new_file nf = { .path = "across", .size = 7 * MiB + 9,
					     .mode = 0100644, .stripe = &st,
					     .place = FAMFS_PLACE_ACROSS };
		uint64_t seen = 0;

		fd = source(nf.size, seed);
		ck_assert_int_eq(famfs_writer_batch_begin(w, 0, 0, &err), 0);
		ck_assert_int_eq(famfs_writer_create_fd(w, &nf, fd, &f, &err), 0);
		ck_assert_int_eq(famfs_writer_batch_commit(w, &err), 0);
		close(fd);
		for (i = 0; i < f.nstrips; i++)
			seen |= 1ULL << f.strips[i].dev_index;
		ck_assert_uint_eq(seen, 7);
	}
	{
		/* the freest device: the primary has 54 MiB, s2 22 MiB */
		struct famfs_new_file nf = { .path = "free", .size = 1 * MiB, .mode = 0100644 };

		fd = source(nf.size, seed);
		ck_assert_int_eq(famfs_writer_create_fd(w, &nf, fd, &f, &err), 0);
		close(fd);
		ck_assert_uint_eq(f.ext[0].dev_index, 0);
	}
	famfs_writer_close(w);
	read_back(p, &ro, "on1", 3 * MiB + 5, seed);
	read_back(p, &ro, "across", 7 * MiB + 9, seed);
	read_back(p, &ro, "free", 1 * MiB, seed);

	/* the primary alone: device 0 only, as before sets */
	ck_assert_int_eq(famfs_writer_open(p, FAMFS_WRITER_FORCE | FAMFS_WRITER_DRY_RUN, &w, &err),
			 0);
	ck_assert_uint_eq(famfs_writer_devices(w), 1);
	ck_assert_ptr_null(famfs_writer_dev(w, 1));
	famfs_writer_close(w);
	/* one device: a set of one */
	ck_assert_int_eq(famfs_writer_open_set(one, FAMFS_WRITER_FORCE, &ro, &w, &err), 0);
	ck_assert_uint_eq(famfs_writer_devices(w), 1);
	famfs_writer_close(w);
	/* a member missing: refused, naming it */
	ck_assert_int_eq(rename(s2, tpath("elsewhere")), 0);
	ck_assert_int_eq(famfs_writer_open_set(p, FAMFS_WRITER_FORCE, &ro, &w, &err),
			 -FAMFS_E_DEV_MISSING);
	ck_assert_ptr_nonnull(strstr(err.msg, "device 2"));
	ck_assert_ptr_null(w);

	{
		char cmd[128];

		snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
		ck_assert_int_eq(system(cmd), 0);
	}
}
END_TEST

static Suite *set_write_suite(void)
{
	Suite *s = suite_create("set_write");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_place_one_device);
	tcase_add_test(tc, test_place_across);
	tcase_add_test(tc, test_writer_set);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return unit_run(set_write_suite());
}
