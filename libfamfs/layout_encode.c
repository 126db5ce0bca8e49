// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * A layout encoded for each kernel mapping backend, byte by byte, little
 * endian. docs/layout-encodings.md gives each field's offset and size and
 * where the definition comes from; the limits each backend adds are
 * checked here and named in the error.
 */
#include <errno.h>
#include <string.h>

#include <famfs/layout.h>

#include "le.h"

#define V1_SIZE		56	/* KABI 42 struct famfs_ioc_map */
#define V1_MAX_EXT	2
#define V2_HDR		32	/* struct famfs_ioc_fmap */
#define V2_SIMPLE	24	/* struct famfs_ioc_simple_extent */
#define V2_IEXT		32	/* struct famfs_ioc_interleaved_ext */
#define V2_MAX_EXT	2
#define V2_MAX_IEXT	4
#define V2_MAX_STRIPS	16
#define FUSE_HDR	32	/* struct fuse_famfs_fmap_header */
#define FUSE_SIMPLE	24	/* struct fuse_famfs_simple_ext */
#define FUSE_IEXT	24	/* struct fuse_famfs_iext */
#define FUSE_MAX_EXT	32
#define FUSE_MAX_STRIPS	32
#define FUSE_MAX_MSG	32768
#define FUSE_VERSION	1
#define STRIDE_MAGIC	0x52545346u	/* "FSTR" */
#define STRIDE_HDR	32
#define STRIDE_SEG	32
#define STRIDE_STRIP	16
#define BPF_SIZE	424
#define BPF_ENTRIES	16

struct out {
	uint8_t *p;
	size_t len, at;
};

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

static int unsupported(struct famfs_error *err, const char *enc, const char *why)
{
	return famfs_error_set(err, -FAMFS_E_LAYOUT_UNSUPPORTED, "%s cannot express this layout: %s",
			       enc, why);
}

/* 1 if every segment is an extent, 0 if every one is a stride group, -1 mixed. */
static int all_extents(const struct famfs_layout *l)
{
	uint32_t i, ext = 0;

	for (i = 0; i < l->nsegs; i++)
		ext += l->seg[i].kind == FAMFS_SEG_EXTENT;
	return ext == l->nsegs ? 1 : ext == 0 ? 0 : -1;
}

/* File bytes that segment i holds (its capacity, cut at the file size). */
static uint64_t seg_bytes(const struct famfs_layout *l, uint32_t i)
{
	const struct famfs_layout_seg *s = &l->seg[i];
	uint64_t cap = (uint64_t)s->nstrips * s->strip_len;

	if (s->file_offset >= l->size)
		return 0;
	return l->size - s->file_offset < cap ? l->size - s->file_offset : cap;
}

static size_t v1_size(const struct famfs_layout *l, struct famfs_error *err, int *rc)
{
	uint32_t i;

	*rc = 0;
	if (all_extents(l) != 1)
		*rc = unsupported(err, "v1-ioctl", "it takes simple extents only, and this layout has strides");
	else if (l->nsegs > V1_MAX_EXT)
		*rc = unsupported(err, "v1-ioctl", "at most 2 extents (FAMFS_MAX_EXTENTS)");
	for (i = 0; !*rc && i < l->nsegs; i++)
		if (l->seg[i].strip[0].dev)
			*rc = unsupported(err, "v1-ioctl", "device 0 only (no device index field)");
	return V1_SIZE;
}

static void v1_write(const struct famfs_layout *l, uint8_t *p)
{
	uint32_t i;

	memset(p, 0, V1_SIZE);
	put_le32(p + 0, 0);	/* SIMPLE_DAX_EXTENT */
	put_le32(p + 4, 0);	/* FAMFS_REG */
	put_le64(p + 8, l->size);
	put_le64(p + 16, l->nsegs);
	for (i = 0; i < l->nsegs; i++) {
		put_le64(p + 24 + 16 * i, l->seg[i].strip[0].offset);
		put_le64(p + 32 + 16 * i, l->seg[i].strip_len);
	}
}

static size_t v2_size(const struct famfs_layout *l, struct famfs_error *err, int *rc)
{
	size_t n = V2_HDR;
	uint32_t i;
	int kind = all_extents(l);

	*rc = 0;
	if (kind < 0) {
		*rc = unsupported(err, "v2-ioctl", "extents and strides cannot be mixed");
	} else if (kind == 1) {
		if (l->nsegs > V2_MAX_EXT)
			*rc = unsupported(err, "v2-ioctl", "at most 2 simple extents (FAMFS_MAX_EXTENTS)");
		n += (size_t)l->nsegs * V2_SIMPLE;
	} else {
		if (l->nsegs > V2_MAX_IEXT)
			*rc = unsupported(err, "v2-ioctl",
					  "at most 4 interleaved extents (FAMFS_IOC_MAX_INTERLEAVED_EXTENTS)");
		for (i = 0; i < l->nsegs; i++) {
			if (l->seg[i].nstrips > V2_MAX_STRIPS)
				*rc = unsupported(err, "v2-ioctl", "at most 16 strips (FAMFS_MAX_STRIPS)");
			n += V2_IEXT + (size_t)l->seg[i].nstrips * V2_SIMPLE;
		}
	}
	return n;
}

static void v2_strip(uint8_t *p, const struct famfs_layout_seg *s, uint32_t k)
{
	put_le64(p, s->strip[k].dev);
	put_le64(p + 8, s->strip[k].offset);
	put_le64(p + 16, s->strip_len);
}

static void v2_write(const struct famfs_layout *l, uint64_t base, uint8_t *p, size_t n)
{
	int simple = all_extents(l) == 1;
	size_t strips_at = V2_HDR + (size_t)l->nsegs * V2_IEXT;
	uint32_t i, k;

	memset(p, 0, n);
	put_le64(p + 0, l->size);
	put_le32(p + 8, 0);			/* FAMFS_REG */
	put_le32(p + 12, simple ? 0 : 1);	/* FAMFS_IOC_EXT_SIMPLE / _INTERLEAVE */
	put_le32(p + 16, l->nsegs);		/* fioc_nextents or fioc_niext */
	put_le64(p + 24, base + V2_HDR);	/* kse or kie */
	for (i = 0; i < l->nsegs; i++) {
		const struct famfs_layout_seg *s = &l->seg[i];

		if (simple) {
			v2_strip(p + V2_HDR + (size_t)i * V2_SIMPLE, s, 0);
			continue;
		}
		put_le64(p + V2_HDR + i * V2_IEXT, s->nstrips);
		put_le64(p + V2_HDR + i * V2_IEXT + 8, s->chunk_size);
		put_le64(p + V2_HDR + i * V2_IEXT + 16, seg_bytes(l, i));
		put_le64(p + V2_HDR + i * V2_IEXT + 24, base + strips_at);
		for (k = 0; k < s->nstrips; k++, strips_at += V2_SIMPLE)
			v2_strip(p + strips_at, s, k);
	}
}

static size_t fuse_size(const struct famfs_layout *l, struct famfs_error *err, int *rc)
{
	size_t n = FUSE_HDR;
	uint32_t i, k;
	int kind = all_extents(l);

	*rc = 0;
	if (kind < 0)
		*rc = unsupported(err, "fuse-fmap", "extents and strides cannot be mixed");
	if (l->nsegs > FUSE_MAX_EXT)
		*rc = unsupported(err, "fuse-fmap", "at most 32 extents (FUSE_FAMFS_MAX_EXTENTS)");
	for (i = 0; i < l->nsegs; i++) {
		const struct famfs_layout_seg *s = &l->seg[i];

		if (kind == 0 && s->chunk_size > UINT32_MAX)
			*rc = unsupported(err, "fuse-fmap", "chunk sizes below 4 GiB (32-bit field)");
		for (k = 0; k < s->nstrips; k++)
			if (s->strip[k].dev > UINT32_MAX)
				*rc = unsupported(err, "fuse-fmap", "32-bit device indexes");
		n += kind == 1 ? FUSE_SIMPLE : FUSE_IEXT + (size_t)s->nstrips * FUSE_SIMPLE;
	}
	if (!*rc && n > FUSE_MAX_MSG)
		*rc = unsupported(err, "fuse-fmap", "a message of at most 32768 bytes");
	return n;
}

static void fuse_strip(uint8_t *p, const struct famfs_layout_seg *s, uint32_t k)
{
	put_le32(p, (uint32_t)s->strip[k].dev);
	put_le32(p + 4, 0);
	put_le64(p + 8, s->strip[k].offset);
	put_le64(p + 16, s->strip_len);
}

static void fuse_write(const struct famfs_layout *l, uint8_t *p, size_t n)
{
	int simple = all_extents(l) == 1;
	size_t at = FUSE_HDR;
	uint32_t i, k;

	memset(p, 0, n);
	p[0] = 0;				/* FUSE_FAMFS_FILE_REG */
	put16(p + 2, FUSE_VERSION);
	put_le32(p + 4, simple ? 0 : 1);	/* FUSE_FAMFS_EXT_SIMPLE / _INTERLEAVE */
	put_le32(p + 8, l->nsegs);
	put_le64(p + 16, l->size);
	for (i = 0; i < l->nsegs; i++) {
		const struct famfs_layout_seg *s = &l->seg[i];

		if (simple) {
			fuse_strip(p + at, s, 0);
			at += FUSE_SIMPLE;
			continue;
		}
		put_le32(p + at, s->nstrips);
		put_le32(p + at + 4, (uint32_t)s->chunk_size);
		put_le64(p + at + 8, seg_bytes(l, i));
		at += FUSE_IEXT;
		for (k = 0; k < s->nstrips; k++, at += FUSE_SIMPLE)
			fuse_strip(p + at, s, k);
	}
}

static size_t stride_size(const struct famfs_layout *l)
{
	size_t n = STRIDE_HDR;
	uint32_t i;

	for (i = 0; i < l->nsegs; i++)
		n += STRIDE_SEG + (size_t)l->seg[i].nstrips * STRIDE_STRIP;
	return n;
}

static void stride_write(const struct famfs_layout *l, uint8_t *p, size_t n)
{
	size_t at = STRIDE_HDR;
	uint32_t i, k;

	memset(p, 0, n);
	put_le32(p, STRIDE_MAGIC);
	put16(p + 4, 1);
	put16(p + 6, (uint16_t)l->nsegs);
	put_le64(p + 8, l->size);
	put_le64(p + 16, famfs_layout_capacity(l));
	for (i = 0; i < l->nsegs; i++) {
		const struct famfs_layout_seg *s = &l->seg[i];

		put_le32(p + at, s->nstrips);
		put_le32(p + at + 4, s->kind);
		put_le64(p + at + 8, s->chunk_size);
		put_le64(p + at + 16, s->strip_len);
		put_le64(p + at + 24, s->file_offset);
		at += STRIDE_SEG;
		for (k = 0; k < s->nstrips; k++, at += STRIDE_STRIP) {
			put_le64(p + at, s->strip[k].dev);
			put_le64(p + at + 8, s->strip[k].offset);
		}
	}
}

static size_t bpf_size(const struct famfs_layout *l, struct famfs_error *err, int *rc)
{
	int kind = all_extents(l);

	*rc = 0;
	if (kind < 0 || (kind == 0 && l->nsegs != 1))
		*rc = unsupported(err, "bpf", "simple extents, or a single stride group");
	return BPF_SIZE;
}

static void bpf_write(const struct famfs_layout *l, uint8_t *p)
{
	const struct famfs_layout_seg *s0 = &l->seg[0];
	int simple = all_extents(l) == 1;
	uint32_t i, count = simple ? l->nsegs : s0->nstrips;

	memset(p, 0, BPF_SIZE);
	put_le32(p + 0, 1);			/* value version */
	put_le32(p + 4, simple ? 0 : 1);	/* 0 extents, 1 stride */
	put_le64(p + 8, l->size);
	put_le32(p + 16, count);
	put_le64(p + 24, simple ? 0 : s0->chunk_size);
	put_le64(p + 32, simple ? 0 : s0->strip_len);
	for (i = 0; i < count && i < BPF_ENTRIES; i++) {
		const struct famfs_layout_seg *s = simple ? &l->seg[i] : s0;
		uint32_t k = simple ? 0 : i;

		put_le64(p + 40 + 24 * i, s->strip[k].dev);
		put_le64(p + 48 + 24 * i, s->strip[k].offset);
		put_le64(p + 56 + 24 * i, s->strip_len);
	}
}

int famfs_layout_encode(const struct famfs_layout *l, enum famfs_layout_encoding enc,
			uint64_t base, void *buf, size_t len, size_t *used,
			struct famfs_error *err)
{
	uint8_t *p = buf;
	size_t n;
	int rc = 0;

	*used = 0;
	if (l->nsegs < 1 || l->nsegs > FAMFS_LAYOUT_MAX_SEGS)
		return famfs_error_set(err, -EINVAL, "the layout has %u segments", l->nsegs);
	switch (enc) {
	case FAMFS_ENC_IOCTL_V1: n = v1_size(l, err, &rc); break;
	case FAMFS_ENC_IOCTL_V2: n = v2_size(l, err, &rc); break;
	case FAMFS_ENC_FUSE_FMAP: n = fuse_size(l, err, &rc); break;
	case FAMFS_ENC_STRIDE: n = stride_size(l); break;
	case FAMFS_ENC_BPF: n = bpf_size(l, err, &rc); break;
	default:
		return famfs_error_set(err, -EINVAL, "unknown encoding %d", (int)enc);
	}
	if (rc)
		return rc;
	*used = n;
	if (len < n)
		return famfs_error_set(err, -FAMFS_E_SHORT_BUFFER, "%s needs %zu bytes, have %zu",
				       famfs_layout_encoding_name(enc), n, len);
	switch (enc) {
	case FAMFS_ENC_IOCTL_V1: v1_write(l, p); break;
	case FAMFS_ENC_IOCTL_V2: v2_write(l, base, p, n); break;
	case FAMFS_ENC_FUSE_FMAP: fuse_write(l, p, n); break;
	case FAMFS_ENC_STRIDE: stride_write(l, p, n); break;
	case FAMFS_ENC_BPF: bpf_write(l, p); break;
	}
	return 0;
}

const char *famfs_layout_encoding_name(enum famfs_layout_encoding enc)
{
	static const char *const names[] = { "v1-ioctl", "v2-ioctl", "fuse-fmap", "stride", "bpf" };

	return (unsigned int)enc < sizeof(names) / sizeof(names[0]) ? names[enc] : NULL;
}
