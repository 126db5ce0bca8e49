// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Unit tests for the checker's space per device (famfs_check_report's
 * devices) and the device a finding names, and for famfs_set_found_path():
 * where a member was found even when its superblock is wrong.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <famfs/famfs.h>

#include "logbuild.h"
#include "unit.h"

#define MiB (1ULL << 20)
#define DEV_SIZE (64 * MiB)
#define SEC_SIZE (16 * MiB)
#define META (FAMFS_LOG_OFFSET + FAMFS_LOG_LEN_MIN)

/* The findings of one run: name and device of each (the first 16). */
struct seen {
	int n;
	char names[16][32];
	uint64_t dev[16];
};

static void keep(void *arg, const struct famfs_finding *f)
{
	struct seen *s = arg;

	if (s->n == 16)
		return;
	snprintf(s->names[s->n], sizeof(s->names[0]), "%s", f->name);
	s->dev[s->n] = f->device;
	s->n++;
}

/* The device that the finding called name names; fails when there is none. */
static uint64_t dev_of(const struct seen *s, const char *name)
{
	int i;

	for (i = 0; i < s->n; i++)
		if (!strcmp(s->names[i], name))
			return s->dev[i];
	ck_abort_msg("no finding %s", name);
	return 0;
}

/* Check the primary (superblock with flags, log lb) held in memory. */
/* short_by: bytes the superblock records less than the device has */
static void check(const struct logbuild *lb, uint32_t flags, uint64_t short_by, struct seen *s,
		  struct famfs_check_report *rep)
{
	struct famfs_superblock sb;
	uint8_t *img = calloc(1, DEV_SIZE);
	struct famfs_error err = { 0 };

	ck_assert_ptr_nonnull(img);
	famfs_sb_init(&sb, DEV_SIZE, lb->log_len);
	sb.flags = flags;
	sb.dev_size -= short_by;
	ck_assert_int_eq(famfs_sb_encode(&sb, img, FAMFS_SB_ENCODED_SIZE, NULL), 0);
	memcpy(img + FAMFS_LOG_OFFSET, lb->log, lb->log_len);
	memset(s, 0, sizeof(*s));
	ck_assert_int_eq(famfs_check_buffer(img, DEV_SIZE, keep, s, rep, NULL, &err), 0);
	free(img);
}

static void expect_dev(const struct famfs_check_device *d, uint64_t start, uint64_t size,
		       uint64_t alloc, uint64_t largest, uint64_t largest_at, uint64_t ranges)
{
	ck_assert_uint_eq(d->data_start, start);
	ck_assert_uint_eq(d->data_size, size);
	ck_assert_uint_eq(d->allocated, alloc);
	ck_assert_uint_eq(d->free, size - alloc);
	ck_assert_uint_eq(d->largest_free, largest);
	ck_assert_uint_eq(d->largest_free_offset, largest_at);
	ck_assert_uint_eq(d->free_ranges, ranges);
}

START_TEST(test_space_per_device)
{
	const uint64_t sec = SEC_SIZE - 2 * MiB, d0 = DEV_SIZE - META;
	struct famfs_check_report rep;
	struct logbuild lb;
	struct seen s;
	uint32_t i;

	lb_init(&lb, FAMFS_LOG_LEN_MIN);
	lb_daxdev(&lb, 1, SEC_SIZE);
	lb_daxdev(&lb, 2, SEC_SIZE);
	lb_daxdev(&lb, 3, SEC_SIZE);
	lb_file_on(&lb, "a", 2 * MiB, 0, META + 2 * MiB);
	lb_file_on(&lb, "b", 4 * MiB, 1, 2 * MiB);
	lb_file_on(&lb, "c", 2 * MiB, 1, 10 * MiB);
	/* same offsets as b, on device 2: no overlap */
	lb_file_on(&lb, "d", 4 * MiB, 2, 2 * MiB);
	check(&lb, FAMFS_SB_FLAG_PRIMARY, 0, &s, &rep);
	ck_assert_int_eq(s.n, 0);
	ck_assert_uint_eq(rep.ndevices, 4);
	ck_assert_int_eq(rep.devices[0].role, FAMFS_SB_ROLE_PRIMARY);
	ck_assert_uint_eq(rep.devices[0].size, DEV_SIZE);
	expect_dev(&rep.devices[0], META, d0, 2 * MiB, d0 - 4 * MiB, META + 4 * MiB, 2);
	/* b [2, 6), c [10, 12): free [6, 10) and [12, 16) */
	expect_dev(&rep.devices[1], 2 * MiB, sec, 6 * MiB, 4 * MiB, 6 * MiB, 2);
	expect_dev(&rep.devices[2], 2 * MiB, sec, 4 * MiB, 10 * MiB, 6 * MiB, 1);
	expect_dev(&rep.devices[3], 2 * MiB, sec, 0, sec, 2 * MiB, 1);
	for (i = 1; i < 4; i++) {
		uint8_t u[FAMFS_UUID_LEN];

		lb_dev_uuid((uint32_t)i, u);
		ck_assert_int_eq(rep.devices[i].role, FAMFS_SB_ROLE_SECONDARY);
		ck_assert_uint_eq(rep.devices[i].size, SEC_SIZE);
		ck_assert_mem_eq(rep.devices[i].uuid, u, FAMFS_UUID_LEN);
	}
	/* the totals are the sums */
	ck_assert_uint_eq(rep.bytes_allocated, 12 * MiB);
	ck_assert_uint_eq(rep.bytes_free, rep.data_size - 12 * MiB);
	ck_assert_uint_eq(rep.largest_free, d0 - 4 * MiB);
	ck_assert_uint_eq(rep.free_ranges, 6);

	/* an overlap counts its bytes once, on its own device */
	lb_file_on(&lb, "e", 4 * MiB, 1, 4 * MiB);
	check(&lb, FAMFS_SB_FLAG_PRIMARY, 0, &s, &rep);
	expect_dev(&rep.devices[1], 2 * MiB, sec, 8 * MiB, 4 * MiB, 12 * MiB, 2);
	ck_assert_uint_eq(dev_of(&s, "ext-overlap"), 1);
	lb_free(&lb);
}
END_TEST

START_TEST(test_one_device)
{
	struct famfs_check_report rep;
	struct logbuild lb;
	struct seen s;

	lb_init(&lb, FAMFS_LOG_LEN_MIN);
	lb_file_on(&lb, "a", 2 * MiB, 0, META);
	check(&lb, 0, 0, &s, &rep);
	ck_assert_uint_eq(rep.ndevices, 1);
	ck_assert_int_eq(rep.devices[0].role, FAMFS_SB_ROLE_SINGLE);
	expect_dev(&rep.devices[0], META, DEV_SIZE - META, 2 * MiB, DEV_SIZE - META - 2 * MiB,
		   META + 2 * MiB, 1);
	ck_assert_uint_eq(rep.devices[0].allocated, rep.bytes_allocated);
	ck_assert_uint_eq(rep.devices[0].free, rep.bytes_free);
	lb_free(&lb);
}
END_TEST

START_TEST(test_finding_device)
{
	struct famfs_check_report rep;
	struct logbuild lb;
	struct seen s;

	lb_init(&lb, FAMFS_LOG_LEN_MIN);
	lb_daxdev(&lb, 1, SEC_SIZE);
	lb_daxdev(&lb, 2, SEC_SIZE);
	/* past the end of device 2, misaligned on device 1, no device 5 */
	lb_file_on(&lb, "a", 4 * MiB, 2, 14 * MiB);
	lb_file_on(&lb, "b", 2 * MiB, 1, 3 * MiB);
	lb_file_on(&lb, "c", 2 * MiB, 5, 2 * MiB);
	lb_file_on(&lb, "d", 2 * MiB, 0, META);
	lb.hdr.next_seqnum = 0;
	lb_sync_header(&lb);
	/* the primary's superblock records 4 MiB less than it has: a warning on device 0 */
	check(&lb, FAMFS_SB_FLAG_PRIMARY, 4 * MiB, &s, &rep);
	ck_assert_uint_eq(dev_of(&s, "sb-dev-size"), 0);
	ck_assert_uint_eq(dev_of(&s, "ext-range"), 2);
	ck_assert_uint_eq(dev_of(&s, "ext-align"), 1);
	ck_assert_uint_eq(dev_of(&s, "ext-dev-index"), 5);
	/* a log finding concerns no device */
	ck_assert_uint_eq(dev_of(&s, "log-next-seqnum"), FAMFS_CHECK_NO_DEVICE);
	lb_free(&lb);
}
END_TEST

static void blank(const char *path, uint64_t size)
{
	FILE *f = fopen(path, "w");

	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(ftruncate(fileno(f), (off_t)size), 0);
	fclose(f);
}

START_TEST(test_set_found_path)
{
	struct famfs_mkfs_opts o = { 0 };
	struct famfs_mkfs_result r;
	struct famfs_mkfs_member mem[2];
	struct famfs_resolve_opts ro = { 0 };
	struct famfs_error err = { 0 };
	struct famfs_set *set;
	uint8_t sys[FAMFS_UUID_LEN];
	char dir[] = "/tmp/famfs-check-space.XXXXXX", p[64], s1[64], s2[64], gone[64];
	const char *sec[2];

	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(p, sizeof(p), "%s/p", dir);
	snprintf(s1, sizeof(s1), "%s/s1", dir);
	snprintf(s2, sizeof(s2), "%s/s2", dir);
	snprintf(gone, sizeof(gone), "%s.gone", dir);
	blank(p, 64 * MiB);
	blank(s1, SEC_SIZE);
	blank(s2, SEC_SIZE);
	memset(sys, 0x44, sizeof(sys));
	o.system_uuid = sys;
	sec[0] = s1;
	sec[1] = s2;
	ck_assert_int_eq(famfs_mkfs_set(p, sec, 2, &o, &r, mem, &err), 0);
	ro.image_dir = dir;

	/* all there: the found path is the open one */
	ck_assert_int_eq(famfs_set_open(p, FAMFS_FS_FORCE, &ro, FAMFS_SET_PARTIAL, &set, &err), 0);
	ck_assert_str_eq(famfs_set_found_path(set, 0), p);
	ck_assert_str_eq(famfs_set_found_path(set, 1), s1);
	ck_assert_str_eq(famfs_set_found_path(set, 2), s2);
	ck_assert_ptr_null(famfs_set_found_path(set, 3));
	famfs_set_close(set);

	/* s2 smaller than recorded: not opened, but found where it is; s1 gone */
	ck_assert_int_eq(truncate(s2, 8 * MiB), 0);
	ck_assert_int_eq(rename(s1, gone), 0);
	ck_assert_int_eq(famfs_set_open(p, FAMFS_FS_FORCE, &ro, FAMFS_SET_PARTIAL, &set, &err), 0);
	ck_assert_ptr_null(famfs_set_dev(set, 2));
	ck_assert_ptr_null(famfs_set_path(set, 2));
	ck_assert_str_eq(famfs_set_found_path(set, 2), s2);
	ck_assert_ptr_null(famfs_set_found_path(set, 1));
	famfs_set_close(set);

	unlink(p);
	unlink(gone);
	unlink(s2);
	rmdir(dir);
}
END_TEST

static Suite *check_space_suite(void)
{
	Suite *s = suite_create("check_space");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_space_per_device);
	tcase_add_test(tc, test_one_device);
	tcase_add_test(tc, test_finding_device);
	tcase_add_test(tc, test_set_found_path);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return unit_run(check_space_suite());
}
