// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Hash flooding: replaying a log of names chosen to collide under the old
 * path hash must cost about what replaying plain names costs. Measured in
 * table probes, not time, so a loaded machine cannot make it flaky.
 */
#include <stdlib.h>
#include <string.h>

#include <famfs/famfs.h>

#include "collide.h"
#include "fs/ns_internal.h"
#include "unit.h"

#define N 20000

/* Replay a log of the names; return the probes its table took. */
static uint64_t replay_probes(const char *names)
{
	struct famfs_log_header hdr;
	struct famfs_error err = { 0 };
	struct famfs_ns *ns;
	uint64_t log_len, probes;
	uint8_t *log = collide_log(names, N, &log_len);

	ck_assert_ptr_nonnull(log);
	ck_assert_int_eq(famfs_log_header_decode(log, FAMFS_LOG_HEADER_SIZE, &hdr, NULL), 0);
	ck_assert_int_eq(famfs_ns_replay(log, log_len, &hdr, NULL, NULL, &ns, &err), 0);
	ck_assert_uint_eq(famfs_ns_ndirs(ns), N);
	ck_assert_ptr_nonnull(famfs_ns_lookup(ns, names + (N - 1) * (COLLIDE_NAME_LEN + 1)));
	probes = ns_probes(ns);
	famfs_ns_free(ns);
	free(log);
	return probes;
}

START_TEST(test_names_do_collide)
{
	char *names = malloc(N * (COLLIDE_NAME_LEN + 1));
	uint64_t first, i;

	ck_assert_ptr_nonnull(names);
	ck_assert_int_eq(collide_names(names, N), 0);
	first = collide_fnv1a(names, COLLIDE_NAME_LEN) & 0xffffff;
	for (i = 1; i < N; i++) {
		const char *p = names + i * (COLLIDE_NAME_LEN + 1);

		ck_assert_uint_eq(collide_fnv1a(p, strlen(p)) & 0xffffff, first);
		ck_assert_str_ne(p, names + (i - 1) * (COLLIDE_NAME_LEN + 1));
	}
	free(names);
}
END_TEST

START_TEST(test_colliding_replay_costs_like_plain)
{
	char *bad = malloc(N * (COLLIDE_NAME_LEN + 1)), *plain = malloc(N * (COLLIDE_NAME_LEN + 1));
	uint64_t pb, pp;

	ck_assert_ptr_nonnull(bad);
	ck_assert_ptr_nonnull(plain);
	ck_assert_int_eq(collide_names(bad, N), 0);
	collide_plain_names(plain, N);
	pb = replay_probes(bad);
	pp = replay_probes(plain);
	/* about one probe per entry either way; the old hash took N * N / 2 = 2e8 */
	ck_assert_uint_lt(pp, 4 * N);
	ck_assert_uint_lt(pb, 5 * pp + N);
	free(bad);
	free(plain);
}
END_TEST

static Suite *collide_suite(void)
{
	Suite *s = suite_create("ns_collide");
	TCase *tc = tcase_create("core");

	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_names_do_collide);
	tcase_add_test(tc, test_colliding_replay_costs_like_plain);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return unit_run(collide_suite());
}
