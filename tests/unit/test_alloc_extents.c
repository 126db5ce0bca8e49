// SPDX-License-Identifier: LGPL-2.1-or-later
/* Unit tests for famfs_alloc_extents: one extent when it fits, else the fewest, at most 16. */
#include <string.h>

#include <famfs/famfs.h>

#include "unit.h"

#define MiB (1ULL << 20)
#define U (2 * MiB)

static struct famfs_alloc *new_map(uint64_t size)
{
	struct famfs_superblock sb;
	struct famfs_alloc *map = NULL;

	memset(&sb, 0, sizeof(sb));
	sb.log_offset = FAMFS_LOG_OFFSET;
	sb.log_len = 8 * MiB;
	ck_assert_int_eq(famfs_alloc_new(size, &sb, &map, NULL), 0);
	return map;
}

/* Fill the data area, then free runs of the given lengths (units), one used unit apart. */
static struct famfs_alloc *fragmented(const uint64_t *runs, unsigned int n, uint64_t *first)
{
	struct famfs_alloc *map = new_map(1024 * U);
	uint64_t base = famfs_alloc_used_bytes(map), at, i;

	ck_assert_int_eq(famfs_alloc_reserve(map, base, 1024 * U - base, NULL), 0);
	at = base + U;
	*first = at;
	for (i = 0; i < n; i++) {
		ck_assert_int_eq(famfs_alloc_release(map, at, runs[i] * U, NULL), 0);
		at += (runs[i] + 1) * U;
	}
	return map;
}

START_TEST(test_one_extent_when_it_fits)
{
	struct famfs_alloc *map = new_map(64 * MiB);
	struct famfs_fmap f;

	ck_assert_int_eq(famfs_alloc_extents(map, 3 * MiB, &f, NULL), 0);
	ck_assert_int_eq(f.ext_type, FAMFS_EXT_SIMPLE);
	ck_assert_uint_eq(f.count, 1);
	ck_assert_uint_eq(f.ext[0].len, 4 * MiB);
	famfs_alloc_free(map);
}
END_TEST

START_TEST(test_fewest_pieces_longest_first)
{
	/* runs of 3, 8, 2, 5, 1 units: 12 units need the 8 and then 4 of the 5 */
	static const uint64_t runs[] = { 3, 8, 2, 5, 1 };
	struct famfs_error err = { 0 };
	uint64_t first, free_before, total = 0;
	struct famfs_alloc *map = fragmented(runs, 5, &first);
	struct famfs_fmap f;
	unsigned int i;

	free_before = famfs_alloc_free_bytes(map);
	ck_assert_uint_eq(free_before, 19 * U);
	/* contig alone refuses: no run of 12 units */
	ck_assert_int_eq(famfs_alloc_contig(map, 12 * U, &f, NULL), -FAMFS_E_NO_SPACE);
	ck_assert_msg(famfs_alloc_extents(map, 12 * U - 5, &f, &err) == 0, "%s", err.msg);
	ck_assert_uint_eq(f.count, 2);
	/* in device order: the 8-unit run (second), then 4 units of the 5-unit run (fourth) */
	ck_assert_uint_eq(f.ext[0].offset, first + 4 * U);
	ck_assert_uint_eq(f.ext[0].len, 8 * U);
	ck_assert_uint_eq(f.ext[1].offset, first + 16 * U);
	ck_assert_uint_eq(f.ext[1].len, 4 * U);
	for (i = 0; i < f.count; i++) {
		ck_assert_uint_eq(f.ext[i].offset % U, 0);
		total += f.ext[i].len;
	}
	ck_assert_uint_eq(famfs_alloc_free_bytes(map), free_before - total);
	/* what it took is used: reserving it again fails, releasing it restores the map */
	ck_assert_int_eq(famfs_alloc_reserve_fmap(map, &f, NULL), -FAMFS_E_EXT_OVERLAP);
	ck_assert_int_eq(famfs_alloc_release_fmap(map, &f, NULL), 0);
	ck_assert_uint_eq(famfs_alloc_free_bytes(map), free_before);
	famfs_alloc_free(map);
}
END_TEST

START_TEST(test_last_piece_from_shortest_that_holds_it)
{
	/* 10 units: the 8, then 2 more: the 2-unit run holds them, the 5 stays whole */
	static const uint64_t runs[] = { 5, 8, 2, 3 };
	uint64_t first;
	struct famfs_alloc *map = fragmented(runs, 4, &first);
	struct famfs_fmap f;

	ck_assert_int_eq(famfs_alloc_extents(map, 10 * U, &f, NULL), 0);
	ck_assert_uint_eq(f.count, 2);
	ck_assert_uint_eq(f.ext[0].offset, first + 6 * U);
	ck_assert_uint_eq(f.ext[1].offset, first + 15 * U);
	ck_assert_uint_eq(f.ext[1].len, 2 * U);
	ck_assert_uint_eq(famfs_alloc_largest_free(map), 5 * U);
	famfs_alloc_free(map);
}
END_TEST

START_TEST(test_sixteen_pieces_at_most)
{
	uint64_t runs[17], first, i;
	struct famfs_error err = { 0 };
	struct famfs_alloc *map;
	struct famfs_fmap f;
	uint64_t free_before;

	for (i = 0; i < 17; i++)
		runs[i] = 1;
	map = fragmented(runs, 17, &first);
	free_before = famfs_alloc_free_bytes(map);
	ck_assert_uint_eq(free_before, 17 * U);
	/* 17 units in 17 single-unit runs: one piece too many */
	ck_assert_int_eq(famfs_alloc_extents(map, 17 * U, &f, &err), -FAMFS_E_NO_SPACE);
	ck_assert_ptr_nonnull(strstr(err.msg, "at most 16 extents"));
	ck_assert_ptr_nonnull(strstr(err.msg, "hold 33554432 bytes"));
	ck_assert_uint_eq(famfs_alloc_free_bytes(map), free_before);
	/* 16 pieces are allowed */
	ck_assert_int_eq(famfs_alloc_extents(map, 16 * U, &f, &err), 0);
	ck_assert_uint_eq(f.count, 16);
	for (i = 1; i < 16; i++)
		ck_assert_uint_gt(f.ext[i].offset, f.ext[i - 1].offset);
	ck_assert_uint_eq(famfs_alloc_free_bytes(map), U);
	famfs_alloc_free(map);
}
END_TEST

START_TEST(test_more_than_free)
{
	struct famfs_alloc *map = new_map(64 * MiB);
	struct famfs_error err = { 0 };
	struct famfs_fmap f;

	ck_assert_int_eq(famfs_alloc_extents(map, 1ULL << 40, &f, &err), -FAMFS_E_NO_SPACE);
	ck_assert_ptr_nonnull(strstr(err.msg, "bytes free in total"));
	ck_assert_int_eq(famfs_alloc_extents(map, UINT64_MAX, &f, &err), -FAMFS_E_NO_SPACE);
	famfs_alloc_free(map);
}
END_TEST

/* A striped file that does not fit its buckets is refused with a hint that fits the case. */
START_TEST(test_striped_hints)
{
	struct famfs_stripe st = { .nstrips = 2, .chunk_size = U, .nbuckets = 4, .seed = 1 };
	struct famfs_alloc *map = new_map(256 * MiB);
	struct famfs_error err = { 0 };
	uint64_t bucket = 64 * MiB;
	struct famfs_fmap f;

	/* strips longer than a bucket: more strips (or fewer buckets) */
	ck_assert_int_eq(famfs_alloc_striped(map, 200 * MiB, &st, &f, &err), -FAMFS_E_NO_SPACE);
	ck_assert_ptr_nonnull(strstr(err.msg, "use more strips or fewer buckets"));
	/* only one bucket has room: fewer strips */
	ck_assert_int_eq(famfs_alloc_reserve(map, bucket, 3 * bucket, NULL), 0);
	ck_assert_int_eq(famfs_alloc_striped(map, 8 * MiB, &st, &f, &err), -FAMFS_E_NO_SPACE);
	ck_assert_ptr_nonnull(strstr(err.msg, "1 of 4 have it"));
	ck_assert_ptr_nonnull(strstr(err.msg, "use fewer strips"));
	/* no bucket has a range that long: more, smaller strips */
	ck_assert_int_eq(famfs_alloc_striped(map, 120 * MiB, &st, &f, &err), -FAMFS_E_NO_SPACE);
	ck_assert_ptr_nonnull(strstr(err.msg, "0 of 4 have it"));
	ck_assert_ptr_nonnull(strstr(err.msg, "use more strips (each smaller)"));
	famfs_alloc_free(map);
}
END_TEST

static Suite *alloc_extents_suite(void)
{
	Suite *s = suite_create("alloc_extents");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_one_extent_when_it_fits);
	tcase_add_test(tc, test_fewest_pieces_longest_first);
	tcase_add_test(tc, test_last_piece_from_shortest_that_holds_it);
	tcase_add_test(tc, test_sixteen_pieces_at_most);
	tcase_add_test(tc, test_more_than_free);
	tcase_add_test(tc, test_striped_hints);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return unit_run(alloc_extents_suite());
}
