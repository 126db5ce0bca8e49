// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The kernel targets of the layout encodings: the table, every target's
 * bytes against bytes written out by hand, each limit refused with the
 * limit and the target named, fuse-iomap records and the BPF prototype's
 * map value, and the fuse-fmap decoder taking exactly what a target takes.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <famfs/famfs.h>

#include "unit.h"

#define MiB (1ULL << 20)
#define GiB (1ULL << 30)

static const struct famfs_layout_target *T(const char *name)
{
	const struct famfs_layout_target *t = famfs_layout_target_find(name);

	ck_assert_ptr_nonnull(t);
	return t;
}

/* 5 MiB + 1 in two 4 MiB extents: device a at 16 MiB, device b at 24 MiB. */
static struct famfs_layout two_extents(uint64_t a, uint64_t b)
{
	struct famfs_layout l;
	struct famfs_error err = { 0 };
	int i;

	memset(&l, 0, sizeof(l));
	l.size = 5 * MiB + 1;
	l.nsegs = 2;
	for (i = 0; i < 2; i++) {
		l.seg[i].kind = FAMFS_SEG_EXTENT;
		l.seg[i].nstrips = 1;
		l.seg[i].strip_len = l.seg[i].chunk_size = 4 * MiB;
		l.seg[i].strip[0].offset = (16 + 8 * (uint64_t)i) * MiB;
	}
	l.seg[0].strip[0].dev = a;
	l.seg[1].strip[0].dev = b;
	ck_assert_int_eq(famfs_layout_validate(&l, &err), 0);
	return l;
}

/* n groups of 2 strips of 4 MiB, 4 MiB chunks; group g's strips at (2g+1, 2g+2) GiB. */
static struct famfs_layout groups(uint64_t size, uint32_t n)
{
	struct famfs_layout l;
	struct famfs_error err = { 0 };
	uint32_t g;

	memset(&l, 0, sizeof(l));
	l.size = size;
	l.nsegs = n;
	for (g = 0; g < n; g++) {
		l.seg[g].kind = FAMFS_SEG_STRIDE;
		l.seg[g].nstrips = 2;
		l.seg[g].chunk_size = l.seg[g].strip_len = 4 * MiB;
		l.seg[g].strip[0].offset = (2 * (uint64_t)g + 1) * GiB;
		l.seg[g].strip[1].offset = (2 * (uint64_t)g + 2) * GiB;
	}
	ck_assert_int_eq(famfs_layout_validate(&l, &err), 0);
	return l;
}

/* 20 MiB over 2 strips of 12 MiB at 1 GiB and 2 GiB, 4 MiB chunks. */
static struct famfs_layout striped(void)
{
	struct famfs_layout l;
	struct famfs_error err = { 0 };

	memset(&l, 0, sizeof(l));
	l.size = 20 * MiB;
	l.nsegs = 1;
	l.seg[0].kind = FAMFS_SEG_STRIDE;
	l.seg[0].nstrips = 2;
	l.seg[0].chunk_size = 4 * MiB;
	l.seg[0].strip_len = 12 * MiB;
	l.seg[0].strip[0].offset = 1 * GiB;
	l.seg[0].strip[1].offset = 2 * GiB;
	ck_assert_int_eq(famfs_layout_validate(&l, &err), 0);
	return l;
}

static void expect_hex(const uint8_t *buf, size_t n, const char *hex)
{
	char got[2048];
	size_t i;

	ck_assert_uint_lt(2 * n, sizeof(got));
	for (i = 0; i < n; i++)
		snprintf(got + 2 * i, 3, "%02x", buf[i]);
	ck_assert_str_eq(got, hex);
}

static uint8_t buf[65536];

/* Encoding refused by target: the limit and the target are in the message. */
static void expect_refused(const struct famfs_layout *l, enum famfs_layout_encoding enc,
			   const char *target, const char *limit)
{
	struct famfs_error err = { 0 };
	size_t n = 1;

	ck_assert_int_eq(famfs_layout_encode_target(l, enc, T(target), 0, buf, sizeof(buf), &n,
						    &err), -FAMFS_E_LAYOUT_UNSUPPORTED);
	ck_assert_uint_eq(n, 0);
	ck_assert_ptr_nonnull(strstr(err.msg, target));
	if (!strstr(err.msg, limit))
		ck_abort_msg("'%s' does not name '%s'", err.msg, limit);
	ck_assert_int_eq(famfs_layout_check_target(l, enc, T(target), &err),
			 -FAMFS_E_LAYOUT_UNSUPPORTED);
}

static size_t encode(const struct famfs_layout *l, enum famfs_layout_encoding enc,
		     const char *target)
{
	struct famfs_error err = { 0 };
	size_t n = 0;

	if (famfs_layout_encode_target(l, enc, T(target), 0, buf, sizeof(buf), &n, &err))
		ck_abort_msg("%s for %s: %s", famfs_layout_encoding_name(enc), target, err.msg);
	return n;
}

START_TEST(test_table)
{
	static const char *const names[] = { "kmod-kabi42", "kmod-kabi43", "kmod-kabi44",
					     "fuse-2025", "fuse-2026", "fuse-iomap-2025",
					     "bpf-proto", "generic" };
	const struct famfs_layout_target *t;
	struct famfs_error err = { 0 };
	struct famfs_layout l = two_extents(0, 0);
	unsigned int i;

	for (i = 0; (t = famfs_layout_target_get(i)); i++) {
		ck_assert_uint_lt(i, sizeof(names) / sizeof(names[0]));
		ck_assert_str_eq(famfs_layout_target_name(t), names[i]);
		ck_assert_ptr_eq(famfs_layout_target_find(names[i]), t);
		ck_assert_uint_gt(strlen(famfs_layout_target_source(t)), 10);
	}
	ck_assert_uint_eq(i, sizeof(names) / sizeof(names[0]));
	ck_assert_ptr_null(famfs_layout_target_find("fuse-2024"));
	ck_assert_ptr_null(famfs_layout_target_find(NULL));
	/* the default is the newest target taking the encoding */
	ck_assert_ptr_eq(famfs_layout_target_default(FAMFS_ENC_IOCTL_V1), T("kmod-kabi43"));
	ck_assert_ptr_eq(famfs_layout_target_default(FAMFS_ENC_IOCTL_V2), T("kmod-kabi43"));
	ck_assert_ptr_eq(famfs_layout_target_default(FAMFS_ENC_FUSE_FMAP), T("fuse-2026"));
	ck_assert_ptr_eq(famfs_layout_target_default(FAMFS_ENC_STRIDE), T("generic"));
	ck_assert_ptr_eq(famfs_layout_target_default(FAMFS_ENC_BPF), T("bpf-proto"));
	ck_assert_ptr_eq(famfs_layout_target_default(FAMFS_ENC_FUSE_IOMAP),
			 T("fuse-iomap-2025"));
	ck_assert_ptr_null(famfs_layout_target_default((enum famfs_layout_encoding)9));
	ck_assert_int_eq(famfs_layout_target_takes(T("kmod-kabi43"), FAMFS_ENC_IOCTL_V1), 1);
	ck_assert_int_eq(famfs_layout_target_takes(T("kmod-kabi42"), FAMFS_ENC_IOCTL_V2), 0);
	/* v2 is KABI 43 only: no KABI 44 draft takes it */
	ck_assert_int_eq(famfs_layout_target_takes(T("kmod-kabi44"), FAMFS_ENC_IOCTL_V2), 0);
	ck_assert_int_eq(famfs_layout_target_takes(T("kmod-kabi44"), FAMFS_ENC_IOCTL_V1), 0);
	ck_assert_int_eq(famfs_layout_check_target(&l, FAMFS_ENC_FUSE_FMAP, T("kmod-kabi42"),
						   &err), -EINVAL);
	ck_assert_str_eq(famfs_layout_encoding_name(FAMFS_ENC_FUSE_IOMAP), "fuse-iomap");
}
END_TEST

START_TEST(test_kabi42_43)
{
	struct famfs_layout l = two_extents(0, 0), g3;
	size_t n;

	n = encode(&l, FAMFS_ENC_IOCTL_V1, "kmod-kabi42");
	ck_assert_uint_eq(n, 56);
	expect_hex(buf, n, "00000000" "00000000" "0100500000000000" "0200000000000000"
		   "0000000100000000" "0000400000000000" "0000800100000000" "0000400000000000");
	ck_assert_uint_eq(encode(&l, FAMFS_ENC_IOCTL_V1, "kmod-kabi43"), 56);
	g3 = groups(16 * MiB, 2);
	expect_refused(&g3, FAMFS_ENC_IOCTL_V1, "kmod-kabi42", "simple extents only");
	l = two_extents(0, 1);
	expect_refused(&l, FAMFS_ENC_IOCTL_V1, "kmod-kabi42", "device 0 only");
	/* issue 18 item 2: the KABI 43 extent check takes device 0 only */
	expect_refused(&l, FAMFS_ENC_IOCTL_V2, "kmod-kabi43", "device 0 only");

	/* two stride groups: the most KABI 43 takes */
	g3 = groups(16 * MiB, 2);
	n = encode(&g3, FAMFS_ENC_IOCTL_V2, "kmod-kabi43");
	ck_assert_uint_eq(n, 192);
	expect_hex(buf, n,
		   "0000000100000000" "00000000" "01000000" "02000000" "00000000"
		   "2000000000000000"
		   "0200000000000000" "0000400000000000" "0000800000000000" "6000000000000000"
		   "0200000000000000" "0000400000000000" "0000800000000000" "9000000000000000"
		   "0000000000000000" "0000004000000000" "0000400000000000"
		   "0000000000000000" "0000008000000000" "0000400000000000"
		   "0000000000000000" "000000c000000000" "0000400000000000"
		   "0000000000000000" "0000000001000000" "0000400000000000");
	/* issue 18 item 1: three groups are refused, not written with count 3 */
	g3 = groups(20 * MiB, 3);
	expect_refused(&g3, FAMFS_ENC_IOCTL_V2, "kmod-kabi43",
		       "at most 2 interleaved extents (FAMFS_MAX_EXTENTS");
	g3.seg[2].strip[1].dev = 1;
	expect_refused(&g3, FAMFS_ENC_IOCTL_V2, "kmod-kabi43", "at most 2");
	/* item 2 in a strip: v2 bytes 32-39 never carry 1 for KABI 43, fuse bytes 32-35 never */
	g3 = groups(16 * MiB, 2);
	g3.seg[1].strip[1].dev = 1;
	expect_refused(&g3, FAMFS_ENC_IOCTL_V2, "kmod-kabi43", "device 0 only");
	expect_refused(&g3, FAMFS_ENC_FUSE_FMAP, "fuse-2026", "device 0 only");
	expect_refused(&g3, FAMFS_ENC_FUSE_FMAP, "fuse-2025", "device 0 only");
	ck_assert_uint_eq(encode(&g3, FAMFS_ENC_FUSE_FMAP, "kmod-kabi44"), 32 + 2 * 72);
	ck_assert_uint_eq(buf[32 + 72 + 24 + 24], 1);	/* group 1, strip 1: device 1 */
	l = two_extents(0, 0);
	l.nsegs = 3;
	l.seg[2] = l.seg[1];
	l.seg[2].strip[0].offset = 64 * MiB;
	expect_refused(&l, FAMFS_ENC_IOCTL_V2, "kmod-kabi43", "at most 2 extents");
	expect_refused(&l, FAMFS_ENC_IOCTL_V1, "kmod-kabi42", "at most 2 extents");
}
END_TEST

/* Issue 18 item 3: a group with no file bytes is left out, never sent with ie_nbytes 0. */
START_TEST(test_empty_group_dropped)
{
	struct famfs_layout l = groups(16 * MiB, 3), two = groups(16 * MiB, 2);
	struct famfs_error err = { 0 };
	uint8_t want[256];
	size_t n, m;

	m = encode(&two, FAMFS_ENC_IOCTL_V2, "kmod-kabi43");
	memcpy(want, buf, m);
	n = encode(&l, FAMFS_ENC_IOCTL_V2, "kmod-kabi43");
	ck_assert_uint_eq(n, m);
	ck_assert_mem_eq(buf, want, n);
	n = encode(&l, FAMFS_ENC_FUSE_FMAP, "fuse-2025");
	ck_assert_uint_eq(n, 32 + 2 * (24 + 2 * 24));
	ck_assert_uint_eq(buf[8], 2);
	ck_assert_uint_eq(buf[32 + 72 + 8], 0);	/* second group: 8 MiB */
	ck_assert_uint_eq(buf[32 + 72 + 10], 0x80);
	/* a file of 0 bytes in stride groups has no group to send */
	l = groups(0, 1);
	expect_refused(&l, FAMFS_ENC_FUSE_FMAP, "fuse-2026", "0 bytes");
	ck_assert_int_eq(famfs_layout_encode(&l, FAMFS_ENC_STRIDE, 0, buf, sizeof(buf), &n, &err),
			 0);
}
END_TEST

START_TEST(test_fuse_targets)
{
	struct famfs_layout l = two_extents(0, 1), g3 = groups(20 * MiB, 3);
	struct famfs_error err = { 0 };
	size_t n;

	/* KABI 44 (later drafts): fmap_size at bytes 12-15, devices registered by index */
	n = encode(&l, FAMFS_ENC_FUSE_FMAP, "kmod-kabi44");
	ck_assert_uint_eq(n, 80);
	expect_hex(buf, n, "00" "00" "0100" "00000000" "02000000" "50000000"
		   "0100500000000000" "0000000000000000"
		   "00000000" "00000000" "0000000100000000" "0000400000000000"
		   "01000000" "00000000" "0000800100000000" "0000400000000000");
	/* the 2025 series: the GET_FMAP reply of a striped file */
	g3 = striped();
	n = encode(&g3, FAMFS_ENC_FUSE_FMAP, "fuse-2025");
	expect_hex(buf, n, "00" "00" "0100" "01000000" "01000000" "00000000"
		   "0000400100000000" "0000000000000000"
		   "02000000" "00004000" "0000400100000000" "0000000000000000"
		   "00000000" "00000000" "0000004000000000" "0000c00000000000"
		   "00000000" "00000000" "0000008000000000" "0000c00000000000");
	g3 = groups(20 * MiB, 3);
	/* item 2: the FUSE series takes device 0 only */
	expect_refused(&l, FAMFS_ENC_FUSE_FMAP, "fuse-2025", "device 0 only");
	expect_refused(&l, FAMFS_ENC_FUSE_FMAP, "fuse-2026", "device 0 only");
	/* item 6: 2 extents in 2025, 32 from January 2026 */
	expect_refused(&g3, FAMFS_ENC_FUSE_FMAP, "fuse-2025",
		       "at most 2 interleaved extents (FUSE_FAMFS_MAX_EXTENTS)");
	n = encode(&g3, FAMFS_ENC_FUSE_FMAP, "fuse-2026");
	ck_assert_uint_eq(n, 32 + 3 * 72);
	expect_hex(buf, 32, "00" "00" "0100" "01000000" "03000000" "00000000"
		   "0000400100000000" "0000000000000000");
	ck_assert_uint_eq(buf[32 + 2 * 72 + 10], 0x40);	/* third group: 4 MiB */
	l = two_extents(0, 0);
	l.nsegs = 3;
	l.seg[2] = l.seg[1];
	l.seg[2].strip[0].offset = 64 * MiB;
	expect_refused(&l, FAMFS_ENC_FUSE_FMAP, "fuse-2025", "at most 2 extents");
	ck_assert_uint_eq(encode(&l, FAMFS_ENC_FUSE_FMAP, "fuse-2026"), 32 + 3 * 24);
	/* a 32-bit ie_chunk_size */
	g3 = groups(8 * MiB, 1);
	g3.seg[0].chunk_size = g3.seg[0].strip_len = 8 * GiB;
	g3.seg[0].strip[1].offset = 16 * GiB;
	ck_assert_int_eq(famfs_layout_validate(&g3, &err), 0);
	expect_refused(&g3, FAMFS_ENC_FUSE_FMAP, "fuse-2026", "32-bit ie_chunk_size");
	expect_refused(&g3, FAMFS_ENC_FUSE_FMAP, "kmod-kabi44", "32-bit ie_chunk_size");
	/* no target but the generic one and fuse-iomap takes a mix */
	g3 = groups(12 * MiB, 2);
	g3.seg[1].kind = FAMFS_SEG_EXTENT;
	g3.seg[1].nstrips = 1;
	ck_assert_uint_eq(encode(&g3, FAMFS_ENC_STRIDE, "generic"), 32 + 2 * 32 + 3 * 16);
	expect_refused(&g3, FAMFS_ENC_FUSE_FMAP, "fuse-2026", "cannot be mixed");
	expect_refused(&g3, FAMFS_ENC_BPF, "bpf-proto", "cannot be mixed");
	ck_assert_uint_eq(encode(&g3, FAMFS_ENC_FUSE_IOMAP, "fuse-iomap-2025"), 3 * 32);
}
END_TEST

START_TEST(test_iomap)
{
	struct famfs_layout l = striped();
	struct famfs_error err = { 0 };
	uint8_t rec[FAMFS_LAYOUT_IOMAP_REC];
	size_t n;

	/* five chunks alternate between the strips: five records, none merge */
	n = encode(&l, FAMFS_ENC_FUSE_IOMAP, "fuse-iomap-2025");
	ck_assert_uint_eq(n, 5 * 32);
	expect_hex(buf, n,
		   "0000000000000000" "0000400000000000" "0000004000000000" "0200" "0000" "01000000"
		   "0000400000000000" "0000400000000000" "0000008000000000" "0200" "0000" "01000000"
		   "0000800000000000" "0000400000000000" "0000404000000000" "0200" "0000" "01000000"
		   "0000c00000000000" "0000400000000000" "0000408000000000" "0200" "0000" "01000000"
		   "0000000100000000" "0000400000000000" "0000804000000000" "0200" "0000"
		   "01000000");
	/* what iomap_begin would answer for file offset 13 MiB: chunk 3 */
	ck_assert_int_eq(famfs_layout_iomap_at(&l, T("fuse-iomap-2025"), 13 * MiB, rec, &err), 0);
	ck_assert_mem_eq(rec, buf + 3 * 32, 32);
	ck_assert_int_eq(famfs_layout_iomap_at(&l, T("fuse-iomap-2025"), 20 * MiB, rec, &err),
			 -ERANGE);
	ck_assert_int_eq(famfs_layout_iomap_at(&l, T("fuse-2026"), 0, rec, &err), -EINVAL);

	/* one strip: its chunks touch, one record */
	l.seg[0].nstrips = 1;
	l.size = 12 * MiB;
	ck_assert_int_eq(famfs_layout_validate(&l, &err), 0);
	ck_assert_uint_eq(encode(&l, FAMFS_ENC_FUSE_IOMAP, "fuse-iomap-2025"), 32);
	expect_hex(buf, 32, "0000000000000000" "0000c00000000000" "0000004000000000" "0200"
		   "0000" "01000000");

	/* the size is rounded up to 2 MiB; device 1 is cookie 2 */
	l = two_extents(0, 1);
	n = encode(&l, FAMFS_ENC_FUSE_IOMAP, "fuse-iomap-2025");
	expect_hex(buf, n,
		   "0000000000000000" "0000400000000000" "0000000100000000" "0200" "0000" "01000000"
		   "0000400000000000" "0000200000000000" "0000800100000000" "0200" "0000"
		   "02000000");
	ck_assert_int_eq(famfs_layout_iomap_at(&l, T("fuse-iomap-2025"), 5 * MiB, rec, &err), 0);
	ck_assert_mem_eq(rec, buf + 32, 32);
	/* extents that touch on one device merge */
	l = two_extents(0, 0);
	l.seg[1].strip[0].offset = 20 * MiB;
	l.size = 8 * MiB;
	ck_assert_int_eq(famfs_layout_validate(&l, &err), 0);
	ck_assert_uint_eq(encode(&l, FAMFS_ENC_FUSE_IOMAP, "fuse-iomap-2025"), 32);
	ck_assert_uint_eq(buf[10], 0x80);	/* 8 MiB */
	l = two_extents(0, UINT32_MAX);
	expect_refused(&l, FAMFS_ENC_FUSE_IOMAP, "fuse-iomap-2025", "cookie");
	/* a file of 0 bytes maps nothing: no record, and no buffer needed */
	l = two_extents(0, 0);
	l.size = 0;
	ck_assert_int_eq(famfs_layout_encode_target(&l, FAMFS_ENC_FUSE_IOMAP, T("fuse-iomap-2025"),
						    0, NULL, 0, &n, &err), 0);
	ck_assert_uint_eq(n, 0);
}
END_TEST

START_TEST(test_bpf)
{
	struct famfs_layout l = two_extents(0, 1);
	size_t n, i;

	n = encode(&l, FAMFS_ENC_BPF, "bpf-proto");
	ck_assert_uint_eq(n, 40 + 32 * (24 + 16 * 24));
	expect_hex(buf, 88,
		   "00000000" "00000000" "0100500000000000" "00000000" "02000000"
		   "0300000000000000" "0200000000000000"
		   "0000000000000000" "0000000100000000" "0000400000000000"
		   "0100000000000000" "0000800100000000" "0000400000000000");
	for (i = 88; i < n; i++)
		ck_assert_uint_eq(buf[i], 0);
	l = striped();
	n = encode(&l, FAMFS_ENC_BPF, "bpf-proto");
	expect_hex(buf, 112,
		   "00000000" "00000000" "0000400100000000" "01000000" "02000000"
		   "0100000000000000" "0100000000000000"
		   "0200000000000000" "0000400000000000" "0000400100000000"
		   "0000000000000000" "0000004000000000" "0000c00000000000"
		   "0000000000000000" "0000008000000000" "0000c00000000000");
	for (i = 112; i < n; i++)
		ck_assert_uint_eq(buf[i], 0);
	l = two_extents(0, 64);
	expect_refused(&l, FAMFS_ENC_BPF, "bpf-proto", "dev_bitmap");
}
END_TEST

START_TEST(test_decode_target)
{
	struct famfs_layout l = striped(), back;
	struct famfs_error err = { 0 };
	uint8_t msg[256];
	size_t n;

	n = encode(&l, FAMFS_ENC_FUSE_FMAP, "fuse-2026");
	memcpy(msg, buf, n);
	ck_assert_int_eq(famfs_layout_decode_fuse_target(&back, msg, n, T("fuse-2026"), &err), 0);
	ck_assert_mem_eq(&back, &l, sizeof(l));
	ck_assert_int_eq(famfs_layout_decode_fuse_target(&back, msg, n, T("fuse-2025"), &err), 0);
	/* KABI 44 wants fmap_size, the FUSE series a zero reserved0 */
	ck_assert_int_eq(famfs_layout_decode_fuse_target(&back, msg, n, T("kmod-kabi44"), &err),
			 -EINVAL);
	ck_assert_ptr_nonnull(strstr(err.msg, "fmap_size"));
	msg[12] = (uint8_t)n;
	ck_assert_int_eq(famfs_layout_decode_fuse_target(&back, msg, n, T("kmod-kabi44"), &err), 0);
	ck_assert_int_eq(famfs_layout_decode_fuse_target(&back, msg, n, T("fuse-2026"), &err),
			 -EINVAL);
	ck_assert_ptr_nonnull(strstr(err.msg, "byte 12"));
	msg[12] = 0;
	/* ie_nbytes other than the group's file bytes; then 0 */
	msg[32 + 10] = 0x30;
	ck_assert_int_eq(famfs_layout_decode_fuse_target(&back, msg, n, T("fuse-2026"), &err),
			 -EINVAL);
	ck_assert_uint_eq(back.nsegs, 0);
	msg[32 + 10] = 0;
	msg[32 + 11] = 0;
	ck_assert_int_eq(famfs_layout_decode_fuse_target(&back, msg, n, T("fuse-2026"), &err),
			 -FAMFS_E_LAYOUT_UNSUPPORTED);
	ck_assert_ptr_nonnull(strstr(err.msg, "zero-length interleave"));
	msg[32 + 10] = 0x40;
	msg[32 + 11] = 0x01;
	ck_assert_int_eq(famfs_layout_decode_fuse_target(&back, msg, n, T("fuse-2026"), &err), 0);
	/* device 1: KABI 44 takes it, the FUSE series does not */
	msg[56] = 1;
	if (famfs_layout_decode_fuse_target(&back, msg, n, T("fuse-2026"), &err) !=
	    -FAMFS_E_LAYOUT_UNSUPPORTED)
		ck_abort_msg("%s", err.msg);
	ck_assert_ptr_nonnull(strstr(err.msg, "device 0 only"));
	msg[12] = (uint8_t)n;
	ck_assert_int_eq(famfs_layout_decode_fuse_target(&back, msg, n, T("kmod-kabi44"), &err), 0);
	ck_assert_uint_eq(back.seg[0].strip[0].dev, 1);
	/* three groups: fuse-2026 takes them, fuse-2025 does not */
	l = groups(20 * MiB, 3);
	n = encode(&l, FAMFS_ENC_FUSE_FMAP, "fuse-2026");
	ck_assert_int_eq(famfs_layout_decode_fuse_target(&back, buf, n, T("fuse-2026"), &err), 0);
	ck_assert_int_eq(famfs_layout_decode_fuse_target(&back, buf, n, T("fuse-2025"), &err),
			 -FAMFS_E_LAYOUT_UNSUPPORTED);
	ck_assert_ptr_nonnull(strstr(err.msg, "at most 2"));
	/* longer than FAMFS_FMAP_MAX, and a target without fuse-fmap */
	ck_assert_int_eq(famfs_layout_decode_fuse_target(&back, buf, 40000, T("fuse-2026"), &err),
			 -FAMFS_E_LAYOUT_UNSUPPORTED);
	ck_assert_ptr_nonnull(strstr(err.msg, "FAMFS_FMAP_MAX"));
	ck_assert_int_eq(famfs_layout_decode_fuse_target(&back, buf, n, T("bpf-proto"), &err),
			 -EINVAL);
}
END_TEST

static Suite *target_suite(void)
{
	Suite *s = suite_create("layout_target");
	TCase *tc = tcase_create("layout_target");

	tcase_add_test(tc, test_table);
	tcase_add_test(tc, test_kabi42_43);
	tcase_add_test(tc, test_empty_group_dropped);
	tcase_add_test(tc, test_fuse_targets);
	tcase_add_test(tc, test_iomap);
	tcase_add_test(tc, test_bpf);
	tcase_add_test(tc, test_decode_target);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return unit_run(target_suite());
}
