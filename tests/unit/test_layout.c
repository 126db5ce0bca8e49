// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Unit tests for the layout model: invariants, fmap round trips, offset
 * translation against a brute-force walk over thousands of random
 * layouts, and every backend encoding against bytes written out by hand.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <famfs/famfs.h>

#include "logbuild.h"
#include "unit.h"

#define MiB (1ULL << 20)

static struct famfs_layout extent_layout(uint64_t size, int n)
{
	struct famfs_layout l;
	int i;

	memset(&l, 0, sizeof(l));
	l.size = size;
	l.nsegs = (uint32_t)n;
	for (i = 0; i < n; i++) {
		l.seg[i].kind = FAMFS_SEG_EXTENT;
		l.seg[i].nstrips = 1;
		l.seg[i].strip_len = l.seg[i].chunk_size = 4 * MiB;
		l.seg[i].strip[0].offset = (uint64_t)(16 + 8 * i) * MiB;
	}
	return l;
}

static struct famfs_layout stride_layout(uint64_t size, uint32_t n, uint64_t chunk,
					 uint64_t strip_len)
{
	struct famfs_layout l;
	uint32_t k;

	memset(&l, 0, sizeof(l));
	l.size = size;
	l.nsegs = 1;
	l.seg[0].kind = FAMFS_SEG_STRIDE;
	l.seg[0].nstrips = n;
	l.seg[0].chunk_size = chunk;
	l.seg[0].strip_len = strip_len;
	for (k = 0; k < n && k < FAMFS_LAYOUT_MAX_STRIPS; k++)
		l.seg[0].strip[k].offset = (uint64_t)(k + 1) * 1024 * MiB;
	return l;
}

START_TEST(test_validate)
{
	struct famfs_error err = { 0 };
	struct famfs_layout l = extent_layout(10 * MiB, 3);

	ck_assert_int_eq(famfs_layout_validate(&l, &err), 0);
	ck_assert_uint_eq(l.seg[1].file_offset, 4 * MiB);
	ck_assert_uint_eq(l.seg[2].file_offset, 8 * MiB);
	ck_assert_uint_eq(famfs_layout_capacity(&l), 12 * MiB);

	l.size = 12 * MiB + 1;
	ck_assert_int_eq(famfs_layout_validate(&l, &err), -FAMFS_E_EXT_SHORT);
	l = extent_layout(1, 2);
	l.seg[1].strip[0].offset = 18 * MiB;	/* inside extent 0 */
	ck_assert_int_eq(famfs_layout_validate(&l, &err), -FAMFS_E_EXT_OVERLAP);
	l.seg[1].strip[0].dev = 1;		/* another device: fine */
	ck_assert_int_eq(famfs_layout_validate(&l, &err), 0);
	l = extent_layout(1, 1);
	l.seg[0].strip[0].offset += 4096;
	ck_assert_int_eq(famfs_layout_validate(&l, &err), -FAMFS_E_EXT_ALIGN);
	/* an extent length fsck.famfs only warns about is a layout (one set of rules) */
	l = extent_layout(1, 1);
	l.seg[0].strip_len = 3 * MiB;
	l.seg[0].chunk_size = 3 * MiB;
	ck_assert_int_eq(famfs_layout_validate(&l, &err), 0);
	ck_assert_uint_eq(famfs_layout_capacity(&l), 3 * MiB);
	l.seg[0].strip_len = 0;
	l.seg[0].chunk_size = 0;
	ck_assert_int_eq(famfs_layout_validate(&l, &err), -FAMFS_E_EXT_LEN);
	l = extent_layout(1, 1);
	l.seg[0].chunk_size = 2 * MiB;
	ck_assert_int_eq(famfs_layout_validate(&l, &err), -EINVAL);
	l = extent_layout(1, 1);
	l.nsegs = 0;
	ck_assert_int_eq(famfs_layout_validate(&l, &err), -FAMFS_E_ENTRY_EXT_COUNT);
	l.size = 0;				/* an empty file may have none */
	ck_assert_int_eq(famfs_layout_validate(&l, &err), 0);
	l.nsegs = 17;
	ck_assert_int_eq(famfs_layout_validate(&l, &err), -FAMFS_E_ENTRY_EXT_COUNT);
	l = extent_layout(1, 1);
	l.seg[0].kind = 9;
	ck_assert_int_eq(famfs_layout_validate(&l, &err), -EINVAL);

	l = stride_layout(8 * MiB, 4, 2 * MiB, 2 * MiB);
	ck_assert_int_eq(famfs_layout_validate(&l, &err), 0);
	l.seg[0].chunk_size = 3 * MiB;
	ck_assert_int_eq(famfs_layout_validate(&l, &err), -FAMFS_E_ENTRY_CHUNK);
	l.seg[0].chunk_size = 4 * MiB;		/* does not divide 2 MiB strips */
	ck_assert_int_eq(famfs_layout_validate(&l, &err), -FAMFS_E_ENTRY_CHUNK);
	/* strips of length zero (fsck: a warning) hold nothing and overlap nothing */
	l = stride_layout(0, 2, 2 * MiB, 2 * MiB);
	l.seg[0].strip_len = 0;
	l.seg[0].strip[1].offset = l.seg[0].strip[0].offset;
	ck_assert_int_eq(famfs_layout_validate(&l, &err), 0);
	ck_assert_uint_eq(famfs_layout_capacity(&l), 0);
	l = stride_layout(8 * MiB, 17, 2 * MiB, 2 * MiB);
	ck_assert_int_eq(famfs_layout_validate(&l, &err), -FAMFS_E_ENTRY_NSTRIPS);
	l = stride_layout(8 * MiB, 0, 2 * MiB, 2 * MiB);
	ck_assert_int_eq(famfs_layout_validate(&l, &err), -FAMFS_E_ENTRY_NSTRIPS);
	l = stride_layout(1, 2, 2 * MiB, 2 * MiB);
	l.seg[0].strip[1].offset = UINT64_MAX - MiB - (UINT64_MAX - MiB) % (2 * MiB);
	ck_assert_int_eq(famfs_layout_validate(&l, &err), -FAMFS_E_EXT_ALIGN);
}
END_TEST

/* Extents of length zero (fsck.famfs: a warning) are no segments. */
START_TEST(test_fmap_zero_length_extents)
{
	struct famfs_error err = { 0 };
	struct famfs_fmap f;
	struct famfs_layout l;

	memset(&f, 0, sizeof(f));
	f.ext_type = FAMFS_EXT_SIMPLE;
	f.count = 3;
	f.ext[0] = (struct famfs_extent){ 0, 10 * MiB, 2 * MiB };
	f.ext[1] = (struct famfs_extent){ 0, 11 * MiB, 0 };
	f.ext[2] = (struct famfs_extent){ 0, 14 * MiB, 3 * MiB };
	ck_assert_int_eq(famfs_layout_from_fmap(&l, 5 * MiB, &f, &err), 0);
	ck_assert_uint_eq(l.nsegs, 2);
	ck_assert_uint_eq(l.seg[1].strip[0].offset, 14 * MiB);
	ck_assert_uint_eq(l.seg[1].file_offset, 2 * MiB);
	f.count = 1;
	f.ext[0].len = 0;
	ck_assert_int_eq(famfs_layout_from_fmap(&l, 0, &f, &err), 0);
	ck_assert_uint_eq(l.nsegs, 0);
	ck_assert_int_eq(famfs_layout_from_fmap(&l, 1, &f, &err), -FAMFS_E_ENTRY_EXT_COUNT);
}
END_TEST

START_TEST(test_fmap_round_trip)
{
	struct famfs_error err = { 0 };
	struct famfs_fmap f, g;
	struct famfs_layout l;

	memset(&f, 0, sizeof(f));
	f.count = 2;
	f.ext[0] = (struct famfs_extent){ 0, 10 * MiB, 4 * MiB };
	f.ext[1] = (struct famfs_extent){ 0, 30 * MiB, 2 * MiB };
	ck_assert_int_eq(famfs_layout_from_fmap(&l, 5 * MiB, &f, &err), 0);
	ck_assert_uint_eq(l.nsegs, 2);
	ck_assert_uint_eq(l.seg[1].file_offset, 4 * MiB);
	ck_assert_int_eq(famfs_layout_to_fmap(&l, &g, &err), 0);
	ck_assert_mem_eq(&f, &g, sizeof(f));

	memset(&f, 0, sizeof(f));
	f.ext_type = FAMFS_EXT_INTERLEAVE;
	f.count = 1;
	f.nstrips = 3;
	f.chunk_size = 2 * MiB;
	f.strips[0] = (struct famfs_extent){ 0, 100 * MiB, 4 * MiB };
	f.strips[1] = (struct famfs_extent){ 0, 200 * MiB, 4 * MiB };
	f.strips[2] = (struct famfs_extent){ 0, 300 * MiB, 4 * MiB };
	ck_assert_int_eq(famfs_layout_from_fmap(&l, 12 * MiB, &f, &err), 0);
	ck_assert_uint_eq(l.seg[0].kind, FAMFS_SEG_STRIDE);
	ck_assert_int_eq(famfs_layout_to_fmap(&l, &g, &err), 0);
	ck_assert_mem_eq(&f, &g, sizeof(f));

	f.strips[2].len = 2 * MiB;
	ck_assert_int_eq(famfs_layout_from_fmap(&l, 1, &f, &err), -FAMFS_E_EXT_STRIPS);
	f.nstrips = 17;
	ck_assert_int_eq(famfs_layout_from_fmap(&l, 1, &f, &err), -FAMFS_E_ENTRY_NSTRIPS);
	f.ext_type = 5;
	ck_assert_int_eq(famfs_layout_from_fmap(&l, 1, &f, &err), -FAMFS_E_ENTRY_EXT_TYPE);
	f.ext_type = FAMFS_EXT_SIMPLE;
	f.count = 17;
	ck_assert_int_eq(famfs_layout_from_fmap(&l, 1, &f, &err), -FAMFS_E_ENTRY_EXT_COUNT);

	/* a mix of an extent and a stride group has no fmap */
	l = stride_layout(1, 2, 2 * MiB, 2 * MiB);
	l.nsegs = 2;
	l.seg[1] = extent_layout(1, 1).seg[0];
	ck_assert_int_eq(famfs_layout_validate(&l, &err), 0);
	ck_assert_int_eq(famfs_layout_to_fmap(&l, &g, &err), -FAMFS_E_LAYOUT_UNSUPPORTED);
}
END_TEST

START_TEST(test_from_node)
{
	struct famfs_error err = { 0 };
	struct famfs_ns *ns = NULL;
	struct famfs_layout l;
	struct logbuild lb;

	lb_init(&lb, 8 * MiB);
	lb_mkdir(&lb, "d");
	lb_file(&lb, "d/f", 3 * MiB, 10 * MiB);
	ck_assert_int_eq(famfs_ns_replay(lb.log, lb.log_len, &lb.hdr, NULL, NULL, &ns, &err), 0);
	ck_assert_int_eq(famfs_layout_from_node(&l, famfs_ns_lookup(ns, "d/f"), &err), 0);
	ck_assert_uint_eq(l.size, 3 * MiB);
	ck_assert_uint_eq(l.seg[0].strip[0].offset, 10 * MiB);
	ck_assert_uint_eq(l.seg[0].strip_len, 4 * MiB);
	ck_assert_int_eq(famfs_layout_from_node(&l, famfs_ns_lookup(ns, "d"), &err), -EISDIR);
	famfs_ns_free(ns);
	lb_free(&lb);
}
END_TEST

START_TEST(test_translate_by_hand)
{
	struct famfs_error err = { 0 };
	struct famfs_layout l = stride_layout(20 * MiB, 4, 2 * MiB, 6 * MiB);
	struct famfs_layout_loc loc;
	uint64_t f;

	ck_assert_int_eq(famfs_layout_validate(&l, &err), 0);
	/* 15 MiB: chunk 7 = strip 3, row 1; 1 MiB into the chunk */
	ck_assert_int_eq(famfs_layout_translate(&l, 15 * MiB, &loc, &err), 0);
	ck_assert_uint_eq(loc.strip, 3);
	ck_assert_uint_eq(loc.offset, 4096 * MiB + 2 * MiB + 1 * MiB);
	ck_assert_uint_eq(loc.contig, 1 * MiB);
	/* the last byte: contiguous to the end of the file only */
	ck_assert_int_eq(famfs_layout_translate(&l, 20 * MiB - 1, &loc, &err), 0);
	ck_assert_uint_eq(loc.contig, 1);
	ck_assert_int_eq(famfs_layout_translate(&l, 20 * MiB, &loc, &err), -ERANGE);
	/* and back */
	ck_assert_int_eq(famfs_layout_reverse(&l, 0, 4096 * MiB + 3 * MiB, &f, &err), 0);
	ck_assert_uint_eq(f, 15 * MiB);
	/* strip 3, row 2: file bytes 22 MiB on, past the 20 MiB end */
	ck_assert_int_eq(famfs_layout_reverse(&l, 0, 4096 * MiB + 4 * MiB, &f, &err), -ERANGE);
	ck_assert_uint_eq(f, 22 * MiB);
	ck_assert_int_eq(famfs_layout_reverse(&l, 0, 4 * MiB, &f, &err), -ENOENT);
	ck_assert_int_eq(famfs_layout_reverse(&l, 1, 1024 * MiB, &f, &err), -ENOENT);

	/* extents: offsets land in the right one */
	l = extent_layout(12 * MiB, 3);
	ck_assert_int_eq(famfs_layout_validate(&l, &err), 0);
	ck_assert_int_eq(famfs_layout_translate(&l, 9 * MiB, &loc, &err), 0);
	ck_assert_uint_eq(loc.seg, 2);
	ck_assert_uint_eq(loc.offset, 32 * MiB + 1 * MiB);
	ck_assert_uint_eq(loc.contig, 3 * MiB);
	ck_assert_int_eq(famfs_layout_translate(&l, 4 * MiB, &loc, &err), 0);
	ck_assert_uint_eq(loc.seg, 1);
	ck_assert_uint_eq(loc.offset, 24 * MiB);
}
END_TEST

static uint64_t rnd(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

/*
 * Random valid layouts (stride groups and extents mixed); every chunk's
 * device position found by walking the chunks one by one must be what the
 * formula gives, for offsets at, inside and at the end of each chunk.
 */
START_TEST(test_translate_property)
{
	struct famfs_error err = { 0 };
	uint64_t seed = 0x9e3779b97f4a7c15ULL, checked = 0;
	int iter;

	for (iter = 0; iter < 3000; iter++) {
		struct famfs_layout l;
		uint64_t base = 0, file = 0, i;
		uint32_t s, k;

		memset(&l, 0, sizeof(l));
		l.nsegs = 1 + (uint32_t)(rnd(&seed) % 4);
		for (s = 0; s < l.nsegs; s++) {
			struct famfs_layout_seg *g = &l.seg[s];
			int stride = rnd(&seed) % 3 != 0;

			g->kind = stride ? FAMFS_SEG_STRIDE : FAMFS_SEG_EXTENT;
			g->nstrips = stride ? 1 + (uint32_t)(rnd(&seed) % 16) : 1;
			g->chunk_size = (2 * MiB) << (rnd(&seed) % 3);
			g->strip_len = g->chunk_size * (1 + rnd(&seed) % 4);
			if (!stride)
				g->chunk_size = g->strip_len;
			for (k = 0; k < g->nstrips; k++, base += g->strip_len + 2 * MiB)
				g->strip[k] = (struct famfs_layout_strip){ rnd(&seed) % 2, base };
		}
		l.size = famfs_layout_capacity(&l) - rnd(&seed) % (2 * MiB);
		ck_assert_int_eq(famfs_layout_validate(&l, &err), 0);

		/* the walk: segment by segment, chunk k to strip k % n, row k / n */
		for (s = 0; s < l.nsegs; s++) {
			const struct famfs_layout_seg *g = &l.seg[s];
			uint64_t rows = g->strip_len / g->chunk_size, r;

			for (r = 0; r < rows; r++)
				for (k = 0; k < g->nstrips; k++, file += g->chunk_size) {
					uint64_t dev_off = g->strip[k].offset + r * g->chunk_size;
					uint64_t probe[3] = { file, file + g->chunk_size / 2,
							      file + g->chunk_size - 1 };
					struct famfs_layout_loc loc;
					uint64_t back;

					for (i = 0; i < 3; i++) {
						if (probe[i] >= l.size)
							continue;
						ck_assert_int_eq(famfs_layout_translate(&l, probe[i], &loc,
											&err), 0);
						ck_assert_uint_eq(loc.dev, g->strip[k].dev);
						ck_assert_uint_eq(loc.offset, dev_off + (probe[i] - file));
						ck_assert_uint_eq(loc.seg, s);
						ck_assert_uint_eq(famfs_layout_reverse(&l, loc.dev, loc.offset,
										       &back, &err), 0);
						ck_assert_uint_eq(back, probe[i]);
						checked++;
					}
				}
		}
	}
	ck_assert_uint_gt(checked, 100000);
}
END_TEST

/* Bytes as hex, for comparing an encoding with what was written by hand. */
static void expect_hex(const uint8_t *buf, size_t n, const char *hex)
{
	char got[4096];
	size_t i;

	ck_assert_uint_lt(2 * n, sizeof(got));
	for (i = 0; i < n; i++)
		snprintf(got + 2 * i, 3, "%02x", buf[i]);
	ck_assert_str_eq(got, hex);
}

/* 5 MiB + 1 in two extents, device 0 at 16 MiB and 24 MiB, 4 MiB each. */
START_TEST(test_encode_simple_golden)
{
	struct famfs_error err = { 0 };
	struct famfs_layout l = extent_layout(5 * MiB + 1, 2);
	uint8_t buf[1024];
	size_t n;

	ck_assert_int_eq(famfs_layout_validate(&l, &err), 0);
	ck_assert_int_eq(famfs_layout_encode(&l, FAMFS_ENC_IOCTL_V1, 0, buf, sizeof(buf), &n,
					     &err), 0);
	ck_assert_uint_eq(n, 56);
	expect_hex(buf, n,
		   "00000000" "00000000"			/* extent type, file type */
		   "0100500000000000"			/* size 0x500001 */
		   "0200000000000000"			/* 2 extents */
		   "0000000100000000" "0000400000000000"	/* 16 MiB, 4 MiB */
		   "0000800100000000" "0000400000000000");	/* 24 MiB, 4 MiB */

	ck_assert_int_eq(famfs_layout_encode(&l, FAMFS_ENC_IOCTL_V2, 0x1000, buf, sizeof(buf),
					     &n, &err), 0);
	ck_assert_uint_eq(n, 32 + 2 * 24);
	expect_hex(buf, n,
		   "0100500000000000" "00000000" "00000000"	/* size, REG, SIMPLE */
		   "02000000" "00000000" "2010000000000000"	/* 2 extents, kse = base + 32 */
		   "0000000000000000" "0000000100000000" "0000400000000000"
		   "0000000000000000" "0000800100000000" "0000400000000000");

	ck_assert_int_eq(famfs_layout_encode(&l, FAMFS_ENC_FUSE_FMAP, 0, buf, sizeof(buf), &n,
					     &err), 0);
	ck_assert_uint_eq(n, 32 + 2 * 24);
	expect_hex(buf, n,
		   "00" "00" "0100" "00000000" "02000000" "00000000"	/* REG, v1, SIMPLE, 2 */
		   "0100500000000000" "0000000000000000"		/* size, reserved */
		   "00000000" "00000000" "0000000100000000" "0000400000000000"
		   "00000000" "00000000" "0000800100000000" "0000400000000000");

	ck_assert_int_eq(famfs_layout_encode(&l, FAMFS_ENC_STRIDE, 0, buf, sizeof(buf), &n, &err),
			 0);
	ck_assert_uint_eq(n, 32 + 2 * (32 + 16));
	expect_hex(buf, n,
		   "46535452" "0100" "0200" "0100500000000000"	/* "FSTR", v1, 2 segs, size */
		   "0000800000000000" "0000000000000000"		/* capacity 8 MiB */
		   "01000000" "00000000" "0000400000000000" "0000400000000000" "0000000000000000"
		   "0000000000000000" "0000000100000000"
		   "01000000" "00000000" "0000400000000000" "0000400000000000" "0000400000000000"
		   "0000000000000000" "0000800100000000");
	/* bpf: tests/unit/test_layout_target.c */
}
END_TEST

/* 20 MiB over 2 strips of 12 MiB, 4 MiB chunks, at 1 GiB and 2 GiB. */
START_TEST(test_encode_stride_golden)
{
	struct famfs_error err = { 0 };
	struct famfs_layout l = stride_layout(20 * MiB, 2, 4 * MiB, 12 * MiB), back;
	uint8_t buf[1024];
	size_t n;

	ck_assert_int_eq(famfs_layout_validate(&l, &err), 0);
	ck_assert_int_eq(famfs_layout_encode(&l, FAMFS_ENC_IOCTL_V2, 0, buf, sizeof(buf), &n,
					     &err), 0);
	ck_assert_uint_eq(n, 32 + 32 + 2 * 24);
	expect_hex(buf, n,
		   "0000400100000000" "00000000" "01000000"	/* size, REG, INTERLEAVE */
		   "01000000" "00000000" "2000000000000000"	/* 1 iext, kie = 32 */
		   "0200000000000000" "0000400000000000"	/* 2 strips, 4 MiB chunks */
		   "0000400100000000" "4000000000000000"	/* 20 MiB, strips = 64 */
		   "0000000000000000" "0000004000000000" "0000c00000000000"
		   "0000000000000000" "0000008000000000" "0000c00000000000");

	ck_assert_int_eq(famfs_layout_encode(&l, FAMFS_ENC_FUSE_FMAP, 0, buf, sizeof(buf), &n,
					     &err), 0);
	ck_assert_uint_eq(n, 32 + 24 + 2 * 24);
	expect_hex(buf, n,
		   "00" "00" "0100" "01000000" "01000000" "00000000"
		   "0000400100000000" "0000000000000000"
		   "02000000" "00004000" "0000400100000000" "0000000000000000"
		   "00000000" "00000000" "0000004000000000" "0000c00000000000"
		   "00000000" "00000000" "0000008000000000" "0000c00000000000");
	/* the one encoding a kernel also writes reads back to the same layout */
	ck_assert_int_eq(famfs_layout_decode_fuse(&back, buf, n, &err), 0);
	ck_assert_mem_eq(&back, &l, sizeof(l));
}
END_TEST

START_TEST(test_encode_limits)
{
	struct famfs_error err = { 0 };
	struct famfs_layout l = stride_layout(1, 2, 2 * MiB, 2 * MiB);
	uint8_t buf[64];
	size_t n;

	ck_assert_int_eq(famfs_layout_validate(&l, &err), 0);
	ck_assert_int_eq(famfs_layout_encode(&l, FAMFS_ENC_IOCTL_V1, 0, buf, sizeof(buf), &n, &err),
			 -FAMFS_E_LAYOUT_UNSUPPORTED);
	ck_assert_ptr_nonnull(strstr(err.msg, "v1-ioctl"));
	/* too small a buffer: the size needed comes back */
	ck_assert_int_eq(famfs_layout_encode(&l, FAMFS_ENC_STRIDE, 0, buf, 8, &n, &err),
			 -FAMFS_E_SHORT_BUFFER);
	ck_assert_uint_eq(n, 32 + 32 + 2 * 16);
	l = extent_layout(1, 3);
	ck_assert_int_eq(famfs_layout_validate(&l, &err), 0);
	ck_assert_int_eq(famfs_layout_encode(&l, FAMFS_ENC_IOCTL_V1, 0, buf, sizeof(buf), &n, &err),
			 -FAMFS_E_LAYOUT_UNSUPPORTED);
	ck_assert_ptr_nonnull(strstr(err.msg, "at most 2 extents"));
	ck_assert_int_eq(famfs_layout_encode(&l, FAMFS_ENC_IOCTL_V2, 0, buf, sizeof(buf), &n, &err),
			 -FAMFS_E_LAYOUT_UNSUPPORTED);
	l = extent_layout(1, 1);
	l.seg[0].strip[0].dev = 1;
	ck_assert_int_eq(famfs_layout_encode(&l, FAMFS_ENC_IOCTL_V1, 0, buf, sizeof(buf), &n, &err),
			 -FAMFS_E_LAYOUT_UNSUPPORTED);
	ck_assert_ptr_nonnull(strstr(err.msg, "device 0 only"));
	l.seg[0].strip[0].dev = 1ULL << 33;
	ck_assert_int_eq(famfs_layout_encode(&l, FAMFS_ENC_FUSE_FMAP, 0, buf, sizeof(buf), &n, &err),
			 -FAMFS_E_LAYOUT_UNSUPPORTED);
	l = stride_layout(1, 1, 8ULL << 30, 8ULL << 30);	/* 8 GiB chunks */
	ck_assert_int_eq(famfs_layout_validate(&l, &err), 0);
	ck_assert_int_eq(famfs_layout_encode(&l, FAMFS_ENC_FUSE_FMAP, 0, buf, sizeof(buf), &n, &err),
			 -FAMFS_E_LAYOUT_UNSUPPORTED);
	/* a mix: no backend but stride takes it */
	l = stride_layout(1, 2, 2 * MiB, 2 * MiB);
	l.nsegs = 2;
	l.seg[1] = extent_layout(1, 1).seg[0];
	ck_assert_int_eq(famfs_layout_validate(&l, &err), 0);
	ck_assert_int_eq(famfs_layout_encode(&l, FAMFS_ENC_BPF, 0, buf, sizeof(buf), &n, &err),
			 -FAMFS_E_LAYOUT_UNSUPPORTED);
	ck_assert_int_eq(famfs_layout_encode(&l, FAMFS_ENC_FUSE_FMAP, 0, buf, sizeof(buf), &n, &err),
			 -FAMFS_E_LAYOUT_UNSUPPORTED);
	ck_assert_int_eq(famfs_layout_encode(&l, (enum famfs_layout_encoding)9, 0, buf, sizeof(buf),
					     &n, &err), -EINVAL);
	ck_assert_str_eq(famfs_layout_encoding_name(FAMFS_ENC_FUSE_FMAP), "fuse-fmap");
	ck_assert_ptr_null(famfs_layout_encoding_name((enum famfs_layout_encoding)9));
}
END_TEST

START_TEST(test_decode_fuse_hostile)
{
	struct famfs_error err = { 0 };
	struct famfs_layout l = stride_layout(20 * MiB, 2, 4 * MiB, 12 * MiB), back;
	uint8_t buf[256], bad[256];
	size_t n, i;

	ck_assert_int_eq(famfs_layout_validate(&l, &err), 0);
	ck_assert_int_eq(famfs_layout_encode(&l, FAMFS_ENC_FUSE_FMAP, 0, buf, sizeof(buf), &n,
					     &err), 0);
	/* every truncation is refused, never read past */
	for (i = 0; i < n; i++)
		ck_assert_int_ne(famfs_layout_decode_fuse(&back, buf, i, &err), 0);
	memcpy(bad, buf, n);
	bad[2] = 2;					/* version */
	ck_assert_int_eq(famfs_layout_decode_fuse(&back, bad, n, &err), -EINVAL);
	memcpy(bad, buf, n);
	bad[8] = 0xff;					/* extent count */
	ck_assert_int_eq(famfs_layout_decode_fuse(&back, bad, n, &err), -EINVAL);
	memcpy(bad, buf, n);
	bad[32] = 40;					/* nstrips */
	ck_assert_int_eq(famfs_layout_decode_fuse(&back, bad, n, &err), -EINVAL);
	memcpy(bad, buf, n);
	bad[n - 8] = 1;					/* a strip's length */
	ck_assert_int_ne(famfs_layout_decode_fuse(&back, bad, n, &err), 0);
	memcpy(bad, buf, n);
	bad[4] = 7;					/* extent type */
	ck_assert_int_eq(famfs_layout_decode_fuse(&back, bad, n, &err), -EINVAL);
	ck_assert_int_eq(famfs_layout_decode_fuse(&back, buf, n + 1, &err), -EINVAL);
}
END_TEST

static Suite *layout_suite(void)
{
	Suite *s = suite_create("layout");
	TCase *tc = tcase_create("layout");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_validate);
	tcase_add_test(tc, test_fmap_round_trip);
	tcase_add_test(tc, test_fmap_zero_length_extents);
	tcase_add_test(tc, test_from_node);
	tcase_add_test(tc, test_translate_by_hand);
	tcase_add_test(tc, test_translate_property);
	tcase_add_test(tc, test_encode_simple_golden);
	tcase_add_test(tc, test_encode_stride_golden);
	tcase_add_test(tc, test_encode_limits);
	tcase_add_test(tc, test_decode_fuse_hostile);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return unit_run(layout_suite());
}
