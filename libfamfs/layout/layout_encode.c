// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * A layout encoded for each kernel mapping backend, byte by byte, little
 * endian. docs/layout-encodings.md gives each field's offset and size and
 * where the definition comes from; the limits of the chosen kernel target
 * are checked first (layout_target.c) and named in the error.
 */
#include <errno.h>
#include <string.h>

#include <famfs/layout.h>

#include "layout/layout_target.h"
#include "util/le.h"

#define V1_SIZE		56	/* KABI 42 struct famfs_ioc_map */
#define V2_HDR		32	/* struct famfs_ioc_fmap */
#define V2_SIMPLE	24	/* struct famfs_ioc_simple_extent */
#define V2_IEXT		32	/* struct famfs_ioc_interleaved_ext */
#define FUSE_HDR	32	/* struct fuse_famfs_fmap_header */
#define FUSE_SIMPLE	24	/* struct fuse_famfs_simple_ext */
#define FUSE_IEXT	24	/* struct fuse_famfs_iext */
#define FUSE_VERSION	1
#define STRIDE_MAGIC	0x52545346u	/* "FSTR" */
#define STRIDE_HDR	32
#define STRIDE_SEG	32
#define STRIDE_STRIP	16
/* struct famfs_file_meta of the BPF prototype (LP64 alignment) */
#define BPF_HDR		40
#define BPF_SE		24	/* struct famfs_meta_simple_ext_bpf */
#define BPF_IE		(24 + 16 * BPF_SE)	/* struct famfs_meta_interleaved_ext_bpf */
#define BPF_NENT	32
#define BPF_SIZE	(BPF_HDR + BPF_NENT * BPF_IE)
#define BPF_VERSION	2	/* ours, in the prototype's padding at bytes 20-23 */

size_t layout_iomap_size(const struct famfs_layout *l);
void layout_iomap_write(const struct famfs_layout *l, uint8_t *p);

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

size_t layout_enc_size(const struct famfs_layout *l, enum famfs_layout_encoding enc)
{
	uint32_t i, n = layout_enc_segs(l, enc);
	int simple = layout_all_extents(l) == 1;
	size_t size = 0;

	switch (enc) {
	case FAMFS_ENC_IOCTL_V1:
		return V1_SIZE;
	case FAMFS_ENC_IOCTL_V2:
		size = V2_HDR;
		for (i = 0; i < n; i++)
			size += simple ? V2_SIMPLE :
				V2_IEXT + (size_t)l->seg[i].nstrips * V2_SIMPLE;
		return size;
	case FAMFS_ENC_FUSE_FMAP:
		size = FUSE_HDR;
		for (i = 0; i < n; i++)
			size += simple ? FUSE_SIMPLE :
				FUSE_IEXT + (size_t)l->seg[i].nstrips * FUSE_SIMPLE;
		return size;
	case FAMFS_ENC_STRIDE:
		size = STRIDE_HDR;
		for (i = 0; i < n; i++)
			size += STRIDE_SEG + (size_t)l->seg[i].nstrips * STRIDE_STRIP;
		return size;
	case FAMFS_ENC_BPF:
		return BPF_SIZE;
	case FAMFS_ENC_FUSE_IOMAP:
		return layout_iomap_size(l);
	}
	return 0;
}

static void v1_write(const struct famfs_layout *l, uint8_t *p)
{
	uint32_t i;

	put_le32(p + 0, 0);	/* SIMPLE_DAX_EXTENT */
	put_le32(p + 4, 0);	/* FAMFS_REG */
	put_le64(p + 8, l->size);
	put_le64(p + 16, l->nsegs);
	for (i = 0; i < l->nsegs; i++) {
		put_le64(p + 24 + 16 * i, l->seg[i].strip[0].offset);
		put_le64(p + 32 + 16 * i, l->seg[i].strip_len);
	}
}

static void v2_strip(uint8_t *p, const struct famfs_layout_seg *s, uint32_t k)
{
	put_le64(p, s->strip[k].dev);
	put_le64(p + 8, s->strip[k].offset);
	put_le64(p + 16, s->strip_len);
}

static void v2_write(const struct famfs_layout *l, uint64_t base, uint8_t *p)
{
	int simple = layout_all_extents(l) == 1;
	uint32_t i, k, n = layout_enc_segs(l, FAMFS_ENC_IOCTL_V2);
	size_t strips_at = V2_HDR + (size_t)n * V2_IEXT;

	put_le64(p + 0, l->size);
	put_le32(p + 8, 0);			/* FAMFS_REG */
	put_le32(p + 12, simple ? 0 : 1);	/* FAMFS_IOC_EXT_SIMPLE / _INTERLEAVE */
	put_le32(p + 16, n);			/* fioc_nextents or fioc_niext */
	put_le64(p + 24, base + V2_HDR);	/* kse or kie */
	for (i = 0; i < n; i++) {
		const struct famfs_layout_seg *s = &l->seg[i];
		uint8_t *ie = p + V2_HDR + (size_t)i * V2_IEXT;

		if (simple) {
			v2_strip(p + V2_HDR + (size_t)i * V2_SIMPLE, s, 0);
			continue;
		}
		put_le64(ie, s->nstrips);
		put_le64(ie + 8, s->chunk_size);
		put_le64(ie + 16, layout_seg_bytes(l, i));
		put_le64(ie + 24, base + strips_at);
		for (k = 0; k < s->nstrips; k++, strips_at += V2_SIMPLE)
			v2_strip(p + strips_at, s, k);
	}
}

static void fuse_strip(uint8_t *p, const struct famfs_layout_seg *s, uint32_t k)
{
	put_le32(p, (uint32_t)s->strip[k].dev);
	put_le64(p + 8, s->strip[k].offset);
	put_le64(p + 16, s->strip_len);
}

static void fuse_write(const struct famfs_layout *l, const struct famfs_layout_target *t,
		       uint8_t *p, size_t size)
{
	int simple = layout_all_extents(l) == 1;
	uint32_t i, k, n = layout_enc_segs(l, FAMFS_ENC_FUSE_FMAP);
	size_t at = FUSE_HDR;

	p[0] = 0;				/* FUSE_FAMFS_FILE_REG */
	put16(p + 2, FUSE_VERSION);
	put_le32(p + 4, simple ? 0 : 1);	/* FUSE_FAMFS_EXT_SIMPLE / _INTERLEAVE */
	put_le32(p + 8, n);
	if (t->flags & TGT_FMAP_SIZE)
		put_le32(p + 12, (uint32_t)size);	/* KABI 44 fmap_size */
	put_le64(p + 16, l->size);
	for (i = 0; i < n; i++) {
		const struct famfs_layout_seg *s = &l->seg[i];

		if (simple) {
			fuse_strip(p + at, s, 0);
			at += FUSE_SIMPLE;
			continue;
		}
		put_le32(p + at, s->nstrips);
		put_le32(p + at + 4, (uint32_t)s->chunk_size);
		put_le64(p + at + 8, layout_seg_bytes(l, i));
		at += FUSE_IEXT;
		for (k = 0; k < s->nstrips; k++, at += FUSE_SIMPLE)
			fuse_strip(p + at, s, k);
	}
}

static void stride_write(const struct famfs_layout *l, uint8_t *p)
{
	size_t at = STRIDE_HDR;
	uint32_t i, k;

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

static void bpf_extent(uint8_t *p, const struct famfs_layout_seg *s, uint32_t k,
		       uint64_t *bitmap)
{
	put_le64(p, s->strip[k].dev);
	put_le64(p + 8, s->strip[k].offset);
	put_le64(p + 16, s->strip_len);
	*bitmap |= 1ULL << s->strip[k].dev;	/* dev <= 63: checked by the target */
}

/* The prototype's struct famfs_file_meta, with our version in its padding. */
static void bpf_write(const struct famfs_layout *l, uint8_t *p)
{
	int simple = layout_all_extents(l) == 1;
	uint32_t i, k, n = layout_enc_segs(l, FAMFS_ENC_BPF);
	uint64_t bitmap = 0;

	p[0] = 0;				/* error */
	put_le32(p + 4, 0);			/* file_type: FUSE_FAMFS_FILE_REG */
	put_le64(p + 8, l->size);
	put_le32(p + 16, simple ? 0 : 1);	/* fm_extent_type */
	put_le32(p + 20, BPF_VERSION);
	put_le64(p + 32, n);			/* fm_nextents or fm_niext */
	for (i = 0; i < n; i++) {
		const struct famfs_layout_seg *s = &l->seg[i];
		uint8_t *e = p + BPF_HDR + (size_t)i * (simple ? BPF_SE : BPF_IE);

		if (simple) {
			bpf_extent(e, s, 0, &bitmap);
			continue;
		}
		put_le64(e, s->nstrips);
		put_le64(e + 8, s->chunk_size);
		put_le64(e + 16, layout_seg_bytes(l, i));
		for (k = 0; k < s->nstrips; k++)
			bpf_extent(e + 24 + (size_t)k * BPF_SE, s, k, &bitmap);
	}
	put_le64(p + 24, bitmap);		/* dev_bitmap */
}

int famfs_layout_encode_target(const struct famfs_layout *l, enum famfs_layout_encoding enc,
			       const struct famfs_layout_target *t, uint64_t base, void *buf,
			       size_t len, size_t *used, struct famfs_error *err)
{
	uint8_t *p = buf;
	size_t n;
	int rc;

	*used = 0;
	if (!famfs_layout_encoding_name(enc))
		return famfs_error_set(err, -EINVAL, "unknown encoding %d", (int)enc);
	rc = famfs_layout_check_target(l, enc, t, err);
	if (rc)
		return rc;
	n = layout_enc_size(l, enc);
	if (n == SIZE_MAX)
		return famfs_error_set(err, -EOVERFLOW, "%s of this layout does not fit in "
				       "memory", famfs_layout_encoding_name(enc));
	*used = n;
	if (len < n)
		return famfs_error_set(err, -FAMFS_E_SHORT_BUFFER, "%s needs %zu bytes, have %zu",
				       famfs_layout_encoding_name(enc), n, len);
	if (n)
		memset(p, 0, n);	/* fuse-iomap of a 0-byte file: no record, maybe no buf */
	switch (enc) {
	case FAMFS_ENC_IOCTL_V1: v1_write(l, p); break;
	case FAMFS_ENC_IOCTL_V2: v2_write(l, base, p); break;
	case FAMFS_ENC_FUSE_FMAP: fuse_write(l, t, p, n); break;
	case FAMFS_ENC_STRIDE: stride_write(l, p); break;
	case FAMFS_ENC_BPF: bpf_write(l, p); break;
	case FAMFS_ENC_FUSE_IOMAP: layout_iomap_write(l, p); break;
	}
	return 0;
}

int famfs_layout_encode(const struct famfs_layout *l, enum famfs_layout_encoding enc,
			uint64_t base, void *buf, size_t len, size_t *used,
			struct famfs_error *err)
{
	const struct famfs_layout_target *t = famfs_layout_target_default(enc);

	*used = 0;
	if (!t)
		return famfs_error_set(err, -EINVAL, "unknown encoding %d", (int)enc);
	return famfs_layout_encode_target(l, enc, t, base, buf, len, used, err);
}

const char *famfs_layout_encoding_name(enum famfs_layout_encoding enc)
{
	static const char *const names[] = { "v1-ioctl", "v2-ioctl", "fuse-fmap", "stride", "bpf",
					     "fuse-iomap" };

	return (unsigned int)enc < sizeof(names) / sizeof(names[0]) ? names[enc] : NULL;
}
