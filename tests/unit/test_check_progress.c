// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * famfs_check_progress: the passes come in order, each from 0 to its
 * total without going back, a log larger than one window gives steps in
 * between, and the findings and report are those of famfs_check.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <famfs/famfs.h>

#include "logbuild.h"
#include "unit.h"

#define MiB (1ULL << 20)
#define LOG_LEN (32 * MiB)	/* four windows of FAMFS_CHECK_WINDOW */
#define DEV_SIZE (128 * MiB)
#define DATA (FAMFS_LOG_OFFSET + LOG_LEN)
#define MAXCALLS 4096

struct calls {
	int n;
	int pass[MAXCALLS];
	uint64_t done[MAXCALLS], total[MAXCALLS];
};

static void record(void *arg, int pass, uint64_t done, uint64_t total)
{
	struct calls *c = arg;

	ck_assert_int_lt(c->n, MAXCALLS);
	c->pass[c->n] = pass;
	c->done[c->n] = done;
	c->total[c->n] = total;
	c->n++;
}

/* Passes in order; each starts at 0, ends at its total, never goes back. */
static void check_order(const struct calls *c, int last_pass)
{
	int i;

	ck_assert_int_gt(c->n, 0);
	ck_assert_int_eq(c->pass[0], 1);
	for (i = 0; i < c->n; i++) {
		ck_assert_uint_le(c->done[i], c->total[i]);
		if (i == 0 || c->pass[i] != c->pass[i - 1]) {
			ck_assert_uint_eq(c->done[i], 0);
			if (i)
				ck_assert_int_gt(c->pass[i], c->pass[i - 1]);
			if (i)
				ck_assert_uint_eq(c->done[i - 1], c->total[i - 1]);
			continue;
		}
		ck_assert_uint_eq(c->total[i], c->total[i - 1]);
		ck_assert_uint_ge(c->done[i], c->done[i - 1]);
	}
	ck_assert_uint_eq(c->done[c->n - 1], c->total[c->n - 1]);
	ck_assert_int_eq(c->pass[c->n - 1], last_pass);
}

static int calls_in(const struct calls *c, int pass)
{
	int i, k = 0;

	for (i = 0; i < c->n; i++)
		k += c->pass[i] == pass;
	return k;
}

static char path[] = "/tmp/famfs-check-progress-XXXXXX";

static void make_image(void)
{
	struct logbuild lb;
	int fd = mkstemp(path);

	ck_assert_int_ge(fd, 0);
	close(fd);
	lb_init(&lb, LOG_LEN);
	lb_mkdir(&lb, "d");
	lb_file(&lb, "d/f", 3 * MiB, DATA);
	lb_file(&lb, "g", 2 * MiB, DATA + 4 * MiB);
	lb_write_image(&lb, path, DEV_SIZE);
	lb_free(&lb);
}

START_TEST(test_progress_passes)
{
	struct famfs_check_report rep, rep2;
	struct famfs_error err = { 0 };
	struct famfs_ns *ns = NULL;
	struct calls *c = calloc(1, sizeof(*c));
	uint64_t slots = famfs_log_slots(LOG_LEN);
	int i;

	ck_assert_ptr_nonnull(c);
	make_image();
	ck_assert_int_eq(famfs_check_progress(path, NULL, NULL, record, c, &rep, &ns, NULL, &err), 0);
	ck_assert_ptr_nonnull(ns);
	famfs_ns_free(ns);
	check_order(c, 4);
	ck_assert_int_eq(calls_in(c, 1), 2);
	ck_assert_int_eq(calls_in(c, 4), 2);
	/* pass 2: the three live entries; pass 3: the rest of the log, window by window */
	ck_assert_uint_eq(c->total[2], 3);
	ck_assert_int_ge(calls_in(c, 3), 2 + 3);
	for (i = 0; i < c->n; i++)
		if (c->pass[i] == 3)
			ck_assert_uint_eq(c->total[i], slots - 3);

	/* the same check as famfs_check */
	ck_assert_int_eq(famfs_check(path, NULL, NULL, &rep2, NULL, &err), 0);
	ck_assert_uint_eq(rep.nerrors, rep2.nerrors);
	ck_assert_uint_eq(rep.nfiles, 2);
	ck_assert_uint_eq(rep2.nfiles, 2);
	ck_assert_uint_eq(rep.bytes_free, rep2.bytes_free);

	/* no superblock to go on from: pass 1 only */
	ck_assert_int_eq(truncate(path, 100), 0);
	c->n = 0;
	ck_assert_int_eq(famfs_check_progress(path, NULL, NULL, record, c, &rep, NULL, NULL, &err), 0);
	check_order(c, 1);
	ck_assert_int_eq(c->n, 2);

	/* a NULL progress is famfs_check */
	ck_assert_int_eq(famfs_check_progress(path, NULL, NULL, NULL, NULL, &rep, NULL, NULL, &err), 0);
	ck_assert_uint_eq(rep.nerrors, 1);
	unlink(path);
	free(c);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("check_progress");
	TCase *tc = tcase_create("progress");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_progress_passes);
	suite_add_tcase(s, tc);
	return unit_run(s);
}
