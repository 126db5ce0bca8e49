// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Unit tests for the reclaimable slots of a check report: they must be
 * what a rewrite actually frees on the same image, counted by the check
 * without help from the write layer.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <famfs/famfs.h>

#include "logbuild.h"
#include "unit.h"

#define MiB (1ULL << 20)
#define LOG_LEN (8 * MiB)
#define DEV_SIZE (64 * MiB)
#define DATA (2 * MiB + LOG_LEN)

static char dir[64], img[96];
static struct logbuild lb;

static void setup(void)
{
	strcpy(dir, access("/dev/shm", W_OK) ? "/tmp/famfs-reclaim-XXXXXX" :
	       "/dev/shm/famfs-reclaim-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(img, sizeof(img), "%s/img", dir);
	setenv(FAMFS_SYSTEM_UUID_ENV, LB_SYSTEM_UUID, 1);
	unsetenv("FAMFS_CRASH_AT");
	lb_init(&lb, LOG_LEN);
}

static void teardown(void)
{
	lb_free(&lb);
	unlink(img);
	rmdir(dir);
}

static void check(struct famfs_check_report *rep)
{
	struct famfs_error err = { 0 };

	ck_assert_msg(famfs_check(img, NULL, NULL, rep, NULL, &err) == 0, "check: %s", err.msg);
}

/* The same report from the image read into memory. */
static uint64_t reclaimable_in_buffer(void)
{
	struct famfs_check_report rep;
	uint8_t *buf = malloc(DEV_SIZE);
	int fd = open(img, O_RDONLY);

	ck_assert_ptr_nonnull(buf);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(pread(fd, buf, DEV_SIZE, 0), (ssize_t)DEV_SIZE);
	close(fd);
	ck_assert_int_eq(famfs_check_buffer(buf, DEV_SIZE, NULL, NULL, &rep, NULL, NULL), 0);
	free(buf);
	return rep.reclaimable_slots;
}

START_TEST(device_entries_and_nodes_are_kept)
{
	struct famfs_check_report rep;
	struct famfs_error err = { 0 };
	struct famfs_writer *w;
	struct famfs_log_entry e, *keep;
	uint64_t n;

	memset(&e, 0, sizeof(e));
	e.type = FAMFS_LOG_ADD_DAXDEV;
	e.u.daxdev.index = 1;
	e.u.daxdev.size = 16 * MiB;
	memset(e.u.daxdev.uuid, 0x5a, sizeof(e.u.daxdev.uuid));
	lb_add(&lb, &e);
	lb_mkdir(&lb, "d");
	lb_file(&lb, "d/a", 10, DATA);
	lb_mkdir(&lb, "e");
	lb_write_image(&lb, img, DEV_SIZE);
	check(&rep);
	ck_assert_uint_eq(rep.nerrors, 0);
	ck_assert_uint_eq(rep.slots_used, 4);
	ck_assert_uint_eq(rep.reclaimable_slots, 0);
	ck_assert_uint_eq(reclaimable_in_buffer(), 0);
	/* what the rewrite's own selection keeps: every live slot */
	ck_assert_msg(famfs_writer_open(img, FAMFS_WRITER_DRY_RUN, &w, &err) == 0, "open: %s",
		      err.msg);
	ck_assert_int_eq(famfs_rewrite_select(w, NULL, NULL, &keep, &n, &err), 0);
	ck_assert_uint_eq(rep.slots_used - n, rep.reclaimable_slots);
	free(keep);
	famfs_writer_close(w);
}
END_TEST

START_TEST(damaged_slots_are_what_a_repair_frees)
{
	struct famfs_check_report rep;
	struct famfs_repair_report rr;
	struct famfs_error err = { 0 };

	lb_mkdir(&lb, "d");
	lb_file(&lb, "d/a", 10, DATA);
	lb_file(&lb, "d/a", 10, DATA + 2 * MiB);	/* a later duplicate */
	lb_file(&lb, "b", 10, DATA + 4 * MiB);
	lb.log[famfs_log_slot_offset(3) + 30] ^= 0xff;	/* b: a bad CRC */
	lb_file(&lb, "c", 10, DATA + 6 * MiB);
	lb.hdr.next_index += 2;				/* two empty slots counted live */
	lb_sync_header(&lb);
	lb_write_image(&lb, img, DEV_SIZE);
	check(&rep);
	ck_assert_uint_gt(rep.nerrors, 0);
	ck_assert_uint_eq(rep.slots_used, 7);
	ck_assert_uint_eq(rep.reclaimable_slots, 4);
	ck_assert_uint_eq(reclaimable_in_buffer(), 4);

	ck_assert_msg(famfs_repair(img, FAMFS_REPAIR_LOSSY, NULL, NULL, NULL, &rr, &err) == 0,
		      "repair: %s", err.msg);
	ck_assert_int_eq(rr.written, 1);
	ck_assert_uint_eq(rr.st.slots_before - rr.st.slots_after, 4);
	check(&rep);
	ck_assert_uint_eq(rep.nerrors, 0);
	ck_assert_uint_eq(rep.slots_used, 3);
	ck_assert_uint_eq(rep.reclaimable_slots, 0);
}
END_TEST

START_TEST(orphan_is_not_kept_by_a_rewrite)
{
	struct famfs_check_report rep;

	lb_mkdir(&lb, "d");
	lb_file(&lb, "x/y", 10, DATA);	/* no parent: no node */
	lb_write_image(&lb, img, DEV_SIZE);
	check(&rep);
	ck_assert_uint_eq(rep.slots_used, 2);
	ck_assert_uint_eq(rep.reclaimable_slots, 1);
}
END_TEST

static Suite *reclaim_suite(void)
{
	Suite *s = suite_create("check_reclaim");
	TCase *tc = tcase_create("reclaim");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, device_entries_and_nodes_are_kept);
	tcase_add_test(tc, damaged_slots_are_what_a_repair_frees);
	tcase_add_test(tc, orphan_is_not_kept_by_a_rewrite);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return unit_run(reclaim_suite());
}
