// SPDX-License-Identifier: LGPL-2.1-or-later
/* Unit tests for famfs_repair(): one image per repair rule. */
#include <errno.h>
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

static char dir[64], img[96], undo[96];
static struct logbuild lb;

static void setup(void)
{
	strcpy(dir, access("/dev/shm", W_OK) ? "/tmp/famfs-repair-XXXXXX" :
	       "/dev/shm/famfs-repair-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(img, sizeof(img), "%s/img", dir);
	snprintf(undo, sizeof(undo), "%s/undo", dir);
	setenv(FAMFS_SYSTEM_UUID_ENV, LB_SYSTEM_UUID, 1);
	unsetenv("FAMFS_CRASH_AT");
	lb_init(&lb, LOG_LEN);
	lb_mkdir(&lb, "d");
	lb_file(&lb, "d/a", 5000, DATA);
}

static void teardown(void)
{
	lb_free(&lb);
	unlink(img);
	unlink(undo);
	rmdir(dir);
}

struct seen {
	char names[512];
	int n, done, lossy;
};

static void collect(void *arg, const struct famfs_repair *r)
{
	struct seen *s = arg;

	strncat(s->names, r->name, sizeof(s->names) - strlen(s->names) - 2);
	strcat(s->names, " ");
	s->n++;
	s->done += r->done;
	s->lossy += r->lossy;
}

static void check(uint64_t errors, uint64_t files, uint64_t dirs)
{
	struct famfs_check_report rep;
	struct famfs_error err = { 0 };

	ck_assert_int_eq(famfs_check(img, NULL, NULL, &rep, NULL, &err), 0);
	ck_assert_uint_eq(rep.nerrors, errors);
	if (!errors) {
		ck_assert_uint_eq(rep.nwarnings, 0);
		ck_assert_uint_eq(rep.nfiles, files);
		ck_assert_uint_eq(rep.ndirs, dirs);
	}
}

static uint64_t image_sum(void)
{
	uint8_t *buf = malloc(DATA);
	uint64_t s = 0, i;
	int fd = open(img, O_RDONLY);

	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(pread(fd, buf, DATA, 0), (ssize_t)DATA);
	close(fd);
	for (i = 0; i < DATA; i++)
		s = s * 1099511628211ULL + buf[i];
	free(buf);
	return s;
}

static int repair(unsigned int flags, struct seen *s, struct famfs_repair_report *rep)
{
	struct famfs_error err = { 0 };
	int rc;

	memset(s, 0, sizeof(*s));
	rc = famfs_repair(img, flags, NULL, collect, s, rep, &err);
	ck_assert_msg(rc == 0, "repair: %s", err.msg);
	return rc;
}

START_TEST(clean_needs_nothing)
{
	struct famfs_repair_report rep;
	struct seen s;
	uint64_t before;

	lb_write_image(&lb, img, DEV_SIZE);
	before = image_sum();
	repair(FAMFS_REPAIR_LOSSY, &s, &rep);
	ck_assert_uint_eq(rep.found, 0);
	ck_assert_int_eq(rep.written, 0);
	ck_assert_uint_eq(before, image_sum());
}
END_TEST

START_TEST(duplicate_dropped_by_yes_only)
{
	struct famfs_repair_report rep;
	struct seen s;
	uint64_t before;

	lb_file(&lb, "d/a", 10, DATA + 2 * MiB);
	lb_write_image(&lb, img, DEV_SIZE);
	check(1, 0, 0);
	before = image_sum();
	repair(0, &s, &rep);		/* preen: lossy, so nothing */
	ck_assert_str_eq(s.names, "ns-duplicate ");
	ck_assert_int_eq(s.done, 0);
	ck_assert_int_eq(rep.written, 0);
	ck_assert_uint_eq(before, image_sum());
	repair(FAMFS_REPAIR_LOSSY | FAMFS_REPAIR_DRY_RUN, &s, &rep);
	ck_assert_uint_eq(before, image_sum());
	repair(FAMFS_REPAIR_LOSSY, &s, &rep);
	ck_assert_int_eq(s.done, 1);
	ck_assert_int_eq(rep.written, 1);
	check(0, 1, 1);
}
END_TEST

START_TEST(orphan_gets_parents_in_preen)
{
	struct famfs_repair_report rep;
	struct seen s;

	lb_file(&lb, "x/y/z", 10, DATA + 2 * MiB);
	lb_write_image(&lb, img, DEV_SIZE);
	check(2, 0, 0);	/* ns-no-parent and replay-no-parent */
	repair(0, &s, &rep);
	ck_assert_str_eq(s.names, "ns-no-parent ns-no-parent ");
	ck_assert_int_eq(rep.written, 1);
	check(0, 2, 3);
}
END_TEST

START_TEST(bad_crc_dropped)
{
	struct famfs_repair_report rep;
	struct seen s;

	lb_file(&lb, "b", 10, DATA + 2 * MiB);
	lb.log[famfs_log_slot_offset(2) + 30] ^= 0xff;
	lb_write_image(&lb, img, DEV_SIZE);
	check(2, 0, 0);	/* entry-crc and replay-stops */
	repair(FAMFS_REPAIR_LOSSY, &s, &rep);
	ck_assert_str_eq(s.names, "entry-crc ");
	check(0, 1, 1);
}
END_TEST

START_TEST(overlap_dropped)
{
	struct famfs_repair_report rep;
	struct seen s;

	lb_file(&lb, "b", 10, DATA);	/* d/a's unit */
	lb_write_image(&lb, img, DEV_SIZE);
	check(1, 0, 0);
	repair(FAMFS_REPAIR_LOSSY, &s, &rep);
	ck_assert_str_eq(s.names, "ext-overlap ");
	check(0, 1, 1);
}
END_TEST

START_TEST(header_rebuilt_and_stale_cleared)
{
	struct famfs_repair_report rep;
	struct famfs_log_entry e;
	struct seen s;

	/* a complete entry past next_index, as a crash before the header update leaves */
	lb_file(&lb, "b", 10, DATA + 2 * MiB);
	lb.hdr.next_index--;
	lb_sync_header(&lb);
	lb_write_image(&lb, img, DEV_SIZE);
	memset(&e, 0, sizeof(e));
	repair(0, &s, &rep);
	ck_assert_str_eq(s.names, "log-stale-slot ");
	check(0, 1, 1);
	/* now a damaged header over three entries */
	lb.hdr.next_index++;
	lb_sync_header(&lb);
	lb.log[0] ^= 0xff;
	lb_write_image(&lb, img, DEV_SIZE);
	repair(0, &s, &rep);
	ck_assert_str_eq(s.names, "log-magic ");
	check(0, 2, 1);
}
END_TEST

START_TEST(next_seqnum_renumbered)
{
	struct famfs_repair_report rep;
	struct seen s;

	lb.hdr.next_seqnum = 1;
	lb_sync_header(&lb);
	lb_write_image(&lb, img, DEV_SIZE);
	check(1, 0, 0);
	repair(0, &s, &rep);
	ck_assert_str_eq(s.names, "log-next-seqnum ");
	check(0, 1, 1);
}
END_TEST

START_TEST(empty_live_slots_dropped_in_preen)
{
	struct famfs_repair_report rep;
	struct seen s;

	/* a header that claims every slot live: 15,418 of them empty */
	lb.hdr.next_index = lb.hdr.last_index + 1;
	lb.hdr.next_seqnum = lb.hdr.next_index;
	lb_sync_header(&lb);
	lb_write_image(&lb, img, DEV_SIZE);
	check(15419, 0, 0);	/* and replay-stops at the first */
	repair(0, &s, &rep);
	ck_assert_int_eq(s.n, 1);
	ck_assert_int_eq(s.lossy, 0);
	ck_assert_int_eq(rep.written, 1);
	ck_assert_uint_eq(rep.st.slots_before, lb.hdr.next_index);
	ck_assert_uint_eq(rep.st.slots_after, 2);
	check(0, 1, 1);
}
END_TEST

START_TEST(repair_through_undo)
{
	struct famfs_error err = { 0 };
	struct famfs_repair_report rep;
	struct seen s = { 0 };
	uint64_t before;

	lb_file(&lb, "d/a", 10, DATA + 2 * MiB);
	lb_write_image(&lb, img, DEV_SIZE);
	before = image_sum();
	ck_assert_int_eq(famfs_repair(img, FAMFS_REPAIR_LOSSY, undo, collect, &s, &rep, &err), 0);
	check(0, 1, 1);
	ck_assert_int_eq(famfs_undo_apply(undo, img, 0, NULL, &err), 0);
	ck_assert_uint_eq(before, image_sum());
}
END_TEST

START_TEST(refuses_bad_superblock_and_other_master)
{
	struct famfs_error err = { 0 };
	int fd;

	lb_file(&lb, "d/a", 10, DATA + 2 * MiB);
	lb_write_image(&lb, img, DEV_SIZE);
	setenv(FAMFS_SYSTEM_UUID_ENV, "00000000-1111-2222-3333-444444444444", 1);
	ck_assert_int_eq(famfs_repair(img, FAMFS_REPAIR_LOSSY, NULL, NULL, NULL, NULL, &err),
			 -FAMFS_E_NOT_MASTER);
	ck_assert_int_eq(famfs_repair(img, FAMFS_REPAIR_LOSSY | FAMFS_REPAIR_FORCE, NULL, NULL,
				      NULL, NULL, &err), 0);
	fd = open(img, O_WRONLY);
	ck_assert_int_eq(pwrite(fd, "xx", 2, 20), 2);
	close(fd);
	ck_assert_int_eq(famfs_repair(img, FAMFS_REPAIR_LOSSY | FAMFS_REPAIR_FORCE, NULL, NULL,
				      NULL, NULL, &err), -EUCLEAN);
}
END_TEST

static Suite *repair_suite(void)
{
	Suite *s = suite_create("repair");
	TCase *tc = tcase_create("repair");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, clean_needs_nothing);
	tcase_add_test(tc, duplicate_dropped_by_yes_only);
	tcase_add_test(tc, orphan_gets_parents_in_preen);
	tcase_add_test(tc, bad_crc_dropped);
	tcase_add_test(tc, overlap_dropped);
	tcase_add_test(tc, header_rebuilt_and_stale_cleared);
	tcase_add_test(tc, next_seqnum_renumbered);
	tcase_add_test(tc, empty_live_slots_dropped_in_preen);
	tcase_add_test(tc, repair_through_undo);
	tcase_add_test(tc, refuses_bad_superblock_and_other_master);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return unit_run(repair_suite());
}
