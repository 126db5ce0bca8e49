// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Unit tests for size arithmetic at the edges of 64 bits: every product
 * and sum of sizes taken from a user or an image must be refused or
 * saturate, never wrap into a small (or zero) number.
 */
#include <errno.h>
#include <stdint.h>
#include <string.h>

#include <famfs/famfs.h>

#include "fs/filedata.h"
#include "util/le.h"
#include "unit.h"

#define MiB (1ULL << 20)

START_TEST(test_stripe_width_wrap)
{
	struct famfs_error err = { 0 };
	struct famfs_stripe st = { .nstrips = 4, .chunk_size = 1ULL << 62 };

	/* 4 * 2^62 wraps to 0: the allocator would divide by it */
	ck_assert_int_eq(famfs_stripe_validate(&st, &err), -EINVAL);
	ck_assert_ptr_nonnull(strstr(err.msg, "wide"));
	st.nstrips = 16;
	st.chunk_size = 1ULL << 59;		/* 2^63: no wrap, but past INT64_MAX */
	ck_assert_int_eq(famfs_stripe_validate(&st, &err), -EINVAL);
	st.nstrips = 8;				/* 2^62: the widest power of two allowed */
	ck_assert_int_eq(famfs_stripe_validate(&st, &err), 0);
	st.nstrips = 3;
	st.chunk_size = 1ULL << 63;		/* 3 * 2^63 wraps to 2^63 */
	ck_assert_int_eq(famfs_stripe_validate(&st, &err), -EINVAL);
}
END_TEST

START_TEST(test_alloc_striped_huge)
{
	struct famfs_error err = { 0 };
	struct famfs_stripe st = { .nstrips = 4, .chunk_size = 1ULL << 62 };
	struct famfs_alloc *map;
	struct famfs_fmap f;

	ck_assert_int_eq(famfs_alloc_new(64 * MiB, NULL, &map, &err), 0);
	ck_assert_int_eq(famfs_alloc_striped(map, 1ULL << 62, &st, &f, &err), -EINVAL);
	st.chunk_size = 2 * MiB;
	ck_assert_int_eq(famfs_alloc_striped(map, UINT64_MAX, &st, &f, &err),
			 -FAMFS_E_NO_SPACE);
	st.nstrips = 1;
	ck_assert_int_eq(famfs_alloc_striped(map, UINT64_MAX, &st, &f, &err),
			 -FAMFS_E_NO_SPACE);
	ck_assert_uint_eq(famfs_alloc_used_bytes(map), 0);
	famfs_alloc_free(map);
}
END_TEST

START_TEST(test_capacity_saturates)
{
	struct famfs_fmap f;
	struct famfs_superblock sb;

	memset(&f, 0, sizeof(f));
	f.ext_type = FAMFS_EXT_INTERLEAVE;
	f.count = 1;
	f.nstrips = 16;
	f.strips[0].len = 1ULL << 60;		/* 16 * 2^60 wraps to 0 */
	ck_assert_uint_eq(fmap_capacity(&f), UINT64_MAX);
	memset(&f, 0, sizeof(f));
	f.ext_type = FAMFS_EXT_SIMPLE;
	f.count = 2;
	f.ext[0].len = UINT64_MAX - 2 * MiB + 1;
	f.ext[1].len = 4 * MiB;			/* the sum wraps to a small number */
	ck_assert_uint_eq(fmap_capacity(&f), UINT64_MAX);
	f.ext[1].len = 2 * MiB - 1;
	ck_assert_uint_eq(fmap_capacity(&f), UINT64_MAX);

	memset(&sb, 0, sizeof(sb));
	sb.log_offset = UINT64_MAX - 10;
	sb.log_len = 1ULL << 20;
	ck_assert_uint_eq(famfs_sb_meta_size(&sb), UINT64_MAX);
}
END_TEST

/* A FUSE GET_FMAP reply: nseg stride groups of 16 strips, each on its own device. */
static size_t fuse_msg(uint8_t *p, uint32_t nseg, uint64_t strip_len, uint64_t size)
{
	size_t at = 32;
	uint32_t s, k;

	memset(p, 0, 32);
	p[2] = 1;				/* version 1, regular file */
	put_le32(p + 4, 1);			/* interleaved */
	put_le32(p + 8, nseg);
	put_le64(p + 16, size);
	for (s = 0; s < nseg; s++) {
		memset(p + at, 0, 24);
		put_le32(p + at, 16);
		put_le32(p + at + 4, 2 * MiB);
		at += 24;
		for (k = 0; k < 16; k++, at += 24) {
			memset(p + at, 0, 24);
			put_le32(p + at, s * 16 + k);
			put_le64(p + at + 8, 0);
			put_le64(p + at + 16, strip_len);
		}
	}
	return at;
}

START_TEST(test_layout_total_bounded)
{
	static uint8_t buf[32 + 16 * 24 * 17];
	const uint64_t big = (1ULL << 59) - 2 * MiB;
	struct famfs_error err = { 0 };
	struct famfs_layout l;
	struct famfs_layout_loc loc;
	uint64_t back;
	size_t n;

	/* 16 x 16 x (2^59 - 2 MiB): the segments' offsets wrapped before */
	n = fuse_msg(buf, 16, big, 1);
	ck_assert_int_eq(famfs_layout_decode_fuse(&l, buf, n, &err), -FAMFS_E_EXT_RANGE);
	n = fuse_msg(buf, 2, big, 1);		/* two already pass INT64_MAX */
	ck_assert_int_eq(famfs_layout_decode_fuse(&l, buf, n, &err), -FAMFS_E_EXT_RANGE);
	ck_assert_uint_eq(famfs_layout_capacity(&l), 32 * big);
	l.nsegs = 16;
	ck_assert_int_eq(famfs_layout_validate(&l, &err), -FAMFS_E_EXT_RANGE);
	for (n = 2; n < 16; n++)
		l.seg[n] = l.seg[1];
	ck_assert_uint_eq(famfs_layout_capacity(&l), UINT64_MAX);

	/* one such segment fits: translate and reverse agree at its last byte */
	n = fuse_msg(buf, 1, big, 16 * big);
	ck_assert_int_eq(famfs_layout_decode_fuse(&l, buf, n, &err), 0);
	ck_assert_int_eq(famfs_layout_translate(&l, 16 * big - 1, &loc, &err), 0);
	ck_assert_int_eq(famfs_layout_reverse(&l, loc.dev, loc.offset, &back, &err), 0);
	ck_assert_uint_eq(back, 16 * big - 1);

	/* a strip may not end past the largest device offset */
	l.seg[0].strip[3].offset = (1ULL << 63) - big;	/* ends at 2^63 */
	ck_assert_int_eq(famfs_layout_validate(&l, &err), -FAMFS_E_EXT_ALIGN);
	l.seg[0].strip[3].offset = (1ULL << 63) - big - 2 * MiB;
	ck_assert_int_eq(famfs_layout_validate(&l, &err), 0);
}
END_TEST

static Suite *overflow_suite(void)
{
	Suite *s = suite_create("overflow");
	TCase *tc = tcase_create("overflow");

	tcase_add_test(tc, test_stripe_width_wrap);
	tcase_add_test(tc, test_alloc_striped_huge);
	tcase_add_test(tc, test_capacity_saturates);
	tcase_add_test(tc, test_layout_total_bounded);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return unit_run(overflow_suite());
}
