// SPDX-License-Identifier: LGPL-2.1-or-later
/* Unit tests for the allocation map and the contiguous and striped allocators. */
#include <errno.h>
#include <string.h>

#include <famfs/famfs.h>

#include "logbuild.h"
#include "unit.h"

#define MiB (1ULL << 20)
#define GiB (1ULL << 30)
#define U (2 * MiB)

static struct famfs_superblock sb_with_log(uint64_t log_len)
{
	struct famfs_superblock sb;

	memset(&sb, 0, sizeof(sb));
	sb.log_offset = FAMFS_LOG_OFFSET;
	sb.log_len = log_len;
	return sb;
}

static struct famfs_alloc *new_map(uint64_t size)
{
	struct famfs_superblock sb = sb_with_log(8 * MiB);
	struct famfs_alloc *map = NULL;

	ck_assert_int_eq(famfs_alloc_new(size, &sb, &map, NULL), 0);
	return map;
}

START_TEST(test_new_and_counts)
{
	struct famfs_superblock sb = sb_with_log(8 * MiB);
	struct famfs_error err = { 0 };
	struct famfs_alloc *map;

	/* 64 MiB + 1 MiB: the partial unit is never handed out */
	ck_assert_int_eq(famfs_alloc_new(65 * MiB, &sb, &map, &err), 0);
	ck_assert_uint_eq(famfs_alloc_dev_size(map), 64 * MiB);
	ck_assert_uint_eq(famfs_alloc_used_bytes(map), 10 * MiB);
	ck_assert_uint_eq(famfs_alloc_free_bytes(map), 54 * MiB);
	ck_assert_uint_eq(famfs_alloc_largest_free(map), 54 * MiB);
	ck_assert_int_eq(famfs_alloc_is_free(map, 10 * MiB, 54 * MiB), 1);
	ck_assert_int_eq(famfs_alloc_is_free(map, 8 * MiB, U), 0);
	famfs_alloc_free(map);

	/* no sb: nothing reserved */
	ck_assert_int_eq(famfs_alloc_new(8 * MiB, NULL, &map, &err), 0);
	ck_assert_uint_eq(famfs_alloc_used_bytes(map), 0);
	famfs_alloc_free(map);

	/* too small for superblock, log and one unit */
	ck_assert_int_eq(famfs_alloc_new(10 * MiB, &sb, &map, &err), -EINVAL);
	ck_assert_ptr_null(map);
	ck_assert_int_eq(famfs_alloc_new(MiB, NULL, &map, &err), -EINVAL);
	famfs_alloc_free(NULL);
}
END_TEST

START_TEST(test_reserve_release)
{
	struct famfs_alloc *map = new_map(64 * MiB);
	struct famfs_error err = { 0 };

	ck_assert_int_eq(famfs_alloc_reserve(map, 20 * MiB, 3 * MiB, &err), 0);
	ck_assert_uint_eq(famfs_alloc_used_bytes(map), 14 * MiB);	/* rounded up */
	ck_assert_int_eq(famfs_alloc_reserve(map, 22 * MiB, U, &err), -FAMFS_E_EXT_OVERLAP);
	ck_assert_ptr_nonnull(strstr(err.msg, "overlaps"));
	ck_assert_int_eq(famfs_alloc_reserve(map, 21 * MiB, U, &err), -FAMFS_E_EXT_ALIGN);
	ck_assert_int_eq(famfs_alloc_reserve(map, 62 * MiB, 4 * MiB, &err), -FAMFS_E_EXT_RANGE);
	/* aligned, and offset + length would wrap */
	ck_assert_int_eq(famfs_alloc_reserve(map, UINT64_MAX - U + 1, U, &err),
			 -FAMFS_E_EXT_RANGE);
	ck_assert_int_eq(famfs_alloc_reserve(map, 40 * MiB, UINT64_MAX, &err),
			 -FAMFS_E_EXT_RANGE);
	ck_assert_int_eq(famfs_alloc_reserve(map, 4 * MiB, U, &err), -FAMFS_E_EXT_META);
	ck_assert_int_eq(famfs_alloc_reserve(map, 30 * MiB, 0, &err), 0);
	ck_assert_uint_eq(famfs_alloc_used_bytes(map), 14 * MiB);

	ck_assert_int_eq(famfs_alloc_release(map, 20 * MiB, 4 * MiB, &err), 0);
	ck_assert_uint_eq(famfs_alloc_used_bytes(map), 10 * MiB);
	/* releasing free units is harmless; the log is never released */
	ck_assert_int_eq(famfs_alloc_release(map, 20 * MiB, U, &err), 0);
	ck_assert_int_eq(famfs_alloc_release(map, 2 * MiB, U, &err), -FAMFS_E_EXT_META);
	ck_assert_int_eq(famfs_alloc_release(map, 3 * MiB, U, &err), -FAMFS_E_EXT_ALIGN);
	ck_assert_int_eq(famfs_alloc_release(map, 3 * MiB, 0, &err), 0);
	ck_assert_uint_eq(famfs_alloc_used_bytes(map), 10 * MiB);
	famfs_alloc_free(map);
}
END_TEST

/*
 * On a device that ends inside a unit, an extent may end at its last byte
 * (fsck.famfs: a warning, not an error): it takes the whole units it covers.
 */
START_TEST(test_reserve_partial_tail)
{
	struct famfs_alloc *map = new_map(65 * MiB);
	struct famfs_error err = { 0 };

	ck_assert_int_eq(famfs_alloc_reserve(map, 62 * MiB, 3 * MiB, &err), 0);
	ck_assert_uint_eq(famfs_alloc_used_bytes(map), 12 * MiB);
	ck_assert_int_eq(famfs_alloc_reserve(map, 62 * MiB, U, &err), -FAMFS_E_EXT_OVERLAP);
	/* wholly inside the partial unit: nothing to take */
	ck_assert_int_eq(famfs_alloc_reserve(map, 64 * MiB, MiB, &err), 0);
	/* one byte past the device: refused as before */
	ck_assert_int_eq(famfs_alloc_reserve(map, 60 * MiB, 5 * MiB + 1, &err),
			 -FAMFS_E_EXT_RANGE);
	ck_assert_int_eq(famfs_alloc_reserve(map, 64 * MiB, U, &err), -FAMFS_E_EXT_RANGE);
	ck_assert_int_eq(famfs_alloc_release(map, 62 * MiB, 3 * MiB, &err), 0);
	ck_assert_uint_eq(famfs_alloc_used_bytes(map), 10 * MiB);
	famfs_alloc_free(map);
}
END_TEST

START_TEST(test_reserve_fmap_all_or_nothing)
{
	struct famfs_alloc *map = new_map(64 * MiB);
	struct famfs_error err = { 0 };
	struct famfs_fmap f;

	memset(&f, 0, sizeof(f));
	f.count = 3;
	f.ext[0] = (struct famfs_extent){ 0, 20 * MiB, U };
	f.ext[1] = (struct famfs_extent){ 0, 24 * MiB, U };
	f.ext[2] = (struct famfs_extent){ 0, 20 * MiB, U };	/* overlaps ext 0 */
	ck_assert_int_eq(famfs_alloc_reserve_fmap(map, &f, &err), -FAMFS_E_EXT_OVERLAP);
	ck_assert_uint_eq(famfs_alloc_used_bytes(map), 10 * MiB);
	f.count = 2;
	ck_assert_int_eq(famfs_alloc_reserve_fmap(map, &f, &err), 0);
	ck_assert_uint_eq(famfs_alloc_used_bytes(map), 14 * MiB);
	ck_assert_int_eq(famfs_alloc_release_fmap(map, &f, &err), 0);
	ck_assert_uint_eq(famfs_alloc_used_bytes(map), 10 * MiB);

	f.ext[1].dev_index = 1;
	ck_assert_int_eq(famfs_alloc_reserve_fmap(map, &f, &err), -FAMFS_E_EXT_DEV_INDEX);
	ck_assert_uint_eq(famfs_alloc_used_bytes(map), 10 * MiB);
	f.count = 17;
	ck_assert_int_eq(famfs_alloc_reserve_fmap(map, &f, &err), -FAMFS_E_ENTRY_EXT_COUNT);
	f.ext_type = 7;
	ck_assert_int_eq(famfs_alloc_reserve_fmap(map, &f, &err), -FAMFS_E_ENTRY_EXT_TYPE);
	ck_assert_int_eq(famfs_alloc_release_fmap(map, &f, &err), -FAMFS_E_ENTRY_EXT_TYPE);

	memset(&f, 0, sizeof(f));
	f.ext_type = FAMFS_EXT_INTERLEAVE;
	f.count = 1;
	f.nstrips = 2;
	f.chunk_size = U;
	f.strips[0] = (struct famfs_extent){ 0, 30 * MiB, 4 * MiB };
	f.strips[1] = (struct famfs_extent){ 0, 40 * MiB, 4 * MiB };
	ck_assert_int_eq(famfs_alloc_reserve_fmap(map, &f, &err), 0);
	ck_assert_uint_eq(famfs_alloc_used_bytes(map), 18 * MiB);
	f.nstrips = 17;
	ck_assert_int_eq(famfs_alloc_reserve_fmap(map, &f, &err), -FAMFS_E_ENTRY_NSTRIPS);
	famfs_alloc_free(map);
}
END_TEST

START_TEST(test_from_ns)
{
	struct famfs_error err = { 0 };
	struct famfs_alloc *map = new_map(64 * MiB);
	struct famfs_ns *ns = NULL;
	struct logbuild lb;

	lb_init(&lb, 8 * MiB);
	lb_mkdir(&lb, "d");
	lb_file(&lb, "d/a", 3 * MiB, 10 * MiB);
	lb_file(&lb, "b", MiB, 20 * MiB);
	ck_assert_int_eq(famfs_ns_replay(lb.log, lb.log_len, &lb.hdr, NULL, NULL, &ns, &err), 0);
	ck_assert_int_eq(famfs_alloc_from_ns(map, ns, &err), 0);
	ck_assert_uint_eq(famfs_alloc_used_bytes(map), 16 * MiB);
	/* twice: every extent now overlaps, and the message names the file */
	ck_assert_int_eq(famfs_alloc_from_ns(map, ns, &err), -FAMFS_E_EXT_OVERLAP);
	ck_assert_ptr_nonnull(strstr(err.msg, "d/a"));
	famfs_ns_free(ns);
	famfs_alloc_free(map);
	lb_free(&lb);
}
END_TEST

START_TEST(test_contig_first_fit)
{
	struct famfs_alloc *map = new_map(64 * MiB);
	struct famfs_error err = { 0 };
	struct famfs_fmap f;

	ck_assert_int_eq(famfs_alloc_contig(map, 3 * MiB, &f, &err), 0);
	ck_assert_uint_eq(f.ext_type, FAMFS_EXT_SIMPLE);
	ck_assert_uint_eq(f.count, 1);
	ck_assert_uint_eq(f.ext[0].offset, 10 * MiB);
	ck_assert_uint_eq(f.ext[0].len, 4 * MiB);
	/* an empty file still gets one unit */
	ck_assert_int_eq(famfs_alloc_contig(map, 0, &f, &err), 0);
	ck_assert_uint_eq(f.ext[0].offset, 14 * MiB);
	ck_assert_uint_eq(f.ext[0].len, U);
	/* a hole below the end is found first */
	ck_assert_int_eq(famfs_alloc_release(map, 10 * MiB, 4 * MiB, &err), 0);
	ck_assert_int_eq(famfs_alloc_contig(map, 4 * MiB, &f, &err), 0);
	ck_assert_uint_eq(f.ext[0].offset, 10 * MiB);
	/* a request bigger than any free run: no space, and the numbers */
	ck_assert_int_eq(famfs_alloc_contig(map, 60 * MiB, &f, &err), -FAMFS_E_NO_SPACE);
	ck_assert_ptr_nonnull(strstr(err.msg, "62914560 bytes needed"));
	ck_assert_ptr_nonnull(strstr(err.msg, "50331648 bytes free"));
	ck_assert_int_eq(famfs_alloc_contig(map, UINT64_MAX, &f, &err), -FAMFS_E_NO_SPACE);
	famfs_alloc_free(map);
}
END_TEST

START_TEST(test_contig_fragmented_and_full)
{
	struct famfs_alloc *map = new_map(1 * GiB);
	struct famfs_error err = { 0 };
	struct famfs_fmap f;
	uint64_t off, n = 0;

	/* every other unit used: only one-unit holes remain */
	for (off = 10 * MiB; off < GiB; off += 2 * U)
		ck_assert_int_eq(famfs_alloc_reserve(map, off, U, &err), 0);
	ck_assert_uint_eq(famfs_alloc_largest_free(map), U);
	ck_assert_int_eq(famfs_alloc_contig(map, 2 * U, &f, &err), -FAMFS_E_NO_SPACE);
	while (famfs_alloc_contig(map, U, &f, &err) == 0)
		n++;
	ck_assert_uint_eq(n, (GiB - 10 * MiB) / U / 2);
	ck_assert_uint_eq(famfs_alloc_free_bytes(map), 0);
	ck_assert_uint_eq(famfs_alloc_largest_free(map), 0);
	ck_assert_int_eq(err.code, -FAMFS_E_NO_SPACE);
	famfs_alloc_free(map);
}
END_TEST

START_TEST(test_stripe_validate)
{
	struct famfs_error err = { 0 };
	struct famfs_stripe st = { 4, 2 * MiB, 8, 0 };

	ck_assert_int_eq(famfs_stripe_validate(&st, &err), 0);
	st.nbuckets = 0;	/* means nstrips */
	ck_assert_int_eq(famfs_stripe_validate(&st, &err), 0);
	st.nstrips = 0;
	ck_assert_int_eq(famfs_stripe_validate(&st, &err), -EINVAL);
	st.nstrips = 17;
	ck_assert_int_eq(famfs_stripe_validate(&st, &err), -EINVAL);
	st.nstrips = 4;
	st.chunk_size = 3 * U;
	ck_assert_int_eq(famfs_stripe_validate(&st, &err), -EINVAL);
	ck_assert_ptr_nonnull(strstr(err.msg, "power of two"));
	st.chunk_size = MiB;
	ck_assert_int_eq(famfs_stripe_validate(&st, &err), -EINVAL);
	st.chunk_size = 0;
	ck_assert_int_eq(famfs_stripe_validate(&st, &err), -EINVAL);
	st.chunk_size = 4 * MiB;
	st.nbuckets = 3;
	ck_assert_int_eq(famfs_stripe_validate(&st, &err), -EINVAL);
	st.nbuckets = 65;
	ck_assert_int_eq(famfs_stripe_validate(&st, &err), -EINVAL);
}
END_TEST

START_TEST(test_striped_placement)
{
	struct famfs_alloc *map = new_map(4 * GiB);
	struct famfs_stripe st = { 4, 2 * MiB, 8, 42 };
	struct famfs_error err = { 0 };
	struct famfs_fmap f, g;
	uint64_t bucket = 4 * GiB / 8, i, j;

	/* the reference tools' example: 20 MiB, 4 strips, 2 MiB chunks -> 4 x 6 MiB */
	ck_assert_int_eq(famfs_alloc_striped(map, 20 * MiB, &st, &f, &err), 0);
	ck_assert_uint_eq(f.ext_type, FAMFS_EXT_INTERLEAVE);
	ck_assert_uint_eq(f.count, 1);
	ck_assert_uint_eq(f.nstrips, 4);
	ck_assert_uint_eq(f.chunk_size, 2 * MiB);
	for (i = 0; i < 4; i++) {
		ck_assert_uint_eq(f.strips[i].len, 6 * MiB);
		ck_assert_uint_eq(f.strips[i].offset % U, 0);
		for (j = 0; j < i; j++)
			ck_assert_uint_ne(f.strips[i].offset / bucket, f.strips[j].offset / bucket);
	}
	ck_assert_uint_eq(famfs_alloc_used_bytes(map), 10 * MiB + 24 * MiB);

	/* the same seed on the same map state gives the same buckets */
	ck_assert_int_eq(famfs_alloc_release_fmap(map, &f, &err), 0);
	ck_assert_int_eq(famfs_alloc_striped(map, 20 * MiB, &st, &g, &err), 0);
	ck_assert_mem_eq(&f, &g, sizeof(f));
	ck_assert_int_eq(famfs_alloc_release_fmap(map, &g, &err), 0);
	st.seed = 43;
	for (i = 0; i < 8; i++) {	/* some other seed moves some strip */
		ck_assert_int_eq(famfs_alloc_striped(map, 20 * MiB, &st, &g, &err), 0);
		ck_assert_int_eq(famfs_alloc_release_fmap(map, &g, &err), 0);
		if (memcmp(&f, &g, sizeof(f)))
			break;
		st.seed++;
	}
	ck_assert_uint_lt(i, 8);

	/* smaller than one chunk: one simple extent */
	st.chunk_size = 8 * MiB;
	ck_assert_int_eq(famfs_alloc_striped(map, 5 * MiB, &st, &g, &err), 0);
	ck_assert_uint_eq(g.ext_type, FAMFS_EXT_SIMPLE);
	ck_assert_uint_eq(g.ext[0].len, 6 * MiB);
	famfs_alloc_free(map);
}
END_TEST

START_TEST(test_striped_no_space)
{
	struct famfs_alloc *map = new_map(4 * GiB);
	struct famfs_stripe st = { 4, 2 * MiB, 4, 1 };
	struct famfs_error err = { 0 };
	struct famfs_fmap f;
	uint64_t used;

	/* fill two of the four 1 GiB buckets: 4 strips no longer fit */
	ck_assert_int_eq(famfs_alloc_reserve(map, GiB, GiB, &err), 0);
	ck_assert_int_eq(famfs_alloc_reserve(map, 3 * GiB, GiB, &err), 0);
	used = famfs_alloc_used_bytes(map);
	ck_assert_int_eq(famfs_alloc_striped(map, 64 * MiB, &st, &f, &err), -FAMFS_E_NO_SPACE);
	ck_assert_uint_eq(famfs_alloc_used_bytes(map), used);	/* nothing kept */
	st.nstrips = 2;
	st.nbuckets = 4;
	ck_assert_int_eq(famfs_alloc_striped(map, 64 * MiB, &st, &f, &err), 0);
	ck_assert_uint_eq(f.strips[0].offset / GiB % 2, 0);
	ck_assert_uint_eq(f.strips[1].offset / GiB % 2, 0);
	/* a strip larger than a bucket */
	ck_assert_int_eq(famfs_alloc_striped(map, 4 * GiB, &st, &f, &err), -FAMFS_E_NO_SPACE);
	st.nstrips = 0;
	ck_assert_int_eq(famfs_alloc_striped(map, 4 * GiB, &st, &f, &err), -EINVAL);
	famfs_alloc_free(map);
}
END_TEST

static Suite *alloc_suite(void)
{
	Suite *s = suite_create("alloc");
	TCase *tc = tcase_create("alloc");

	tcase_add_test(tc, test_new_and_counts);
	tcase_add_test(tc, test_reserve_release);
	tcase_add_test(tc, test_reserve_partial_tail);
	tcase_add_test(tc, test_reserve_fmap_all_or_nothing);
	tcase_add_test(tc, test_from_ns);
	tcase_add_test(tc, test_contig_first_fit);
	tcase_add_test(tc, test_contig_fragmented_and_full);
	tcase_add_test(tc, test_stripe_validate);
	tcase_add_test(tc, test_striped_placement);
	tcase_add_test(tc, test_striped_no_space);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return unit_run(alloc_suite());
}
