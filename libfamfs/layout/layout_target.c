// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The kernel targets of the layout encodings and the limits each one
 * enforces, as a table (docs/layout-encodings.md gives the source of every
 * number), and the check of a layout against one of them. A layout a
 * target would refuse is refused here, naming the limit and the target,
 * so that nothing famfs-layout writes is turned away by that kernel.
 */
#include <errno.h>
#include <inttypes.h>
#include <string.h>

#include "layout/layout_target.h"

#define V12	(ENC_BIT(FAMFS_ENC_IOCTL_V1) | ENC_BIT(FAMFS_ENC_IOCTL_V2))

/* Oldest first: the default for an encoding is the last entry taking it. */
static const struct famfs_layout_target targets[] = {
	{
		.name = "kmod-kabi42",
		.source = "famfs kernel module, famfs_ioctl.h, FAMFS_KABI_VERSION 42",
		.encs = ENC_BIT(FAMFS_ENC_IOCTL_V1),
		.max_ext = 2, .max_groups = 0, .max_strips = 1, .max_dev = 0,
		.max_chunk = UINT64_MAX,
		.ext_why = "FAMFS_MAX_EXTENTS", .dev_why = "no device index field",
	},
	{
		.name = "kmod-kabi43",
		.source = "famfs kernel module, famfs_ioctl.h, FAMFS_KABI_VERSION 43",
		.encs = V12,
		.max_ext = 2, .max_groups = 2, .max_strips = 16, .max_dev = 0,
		.max_chunk = UINT64_MAX,
		.ext_why = "FAMFS_MAX_EXTENTS",
		.groups_why = "FAMFS_MAX_EXTENTS, checked on fioc_nextents, which is fioc_niext",
		.strips_why = "FAMFS_MAX_STRIPS",
		.dev_why = "the KABI 43 extent check takes device 0 only",
	},
	{
		.name = "kmod-kabi44",
		.source = "famfs kernel module, famfs_ioctl.h, FAMFS_KABI_VERSION 44, later drafts "
			  "(MAP_CREATE 0x51, struct famfs_ioc_fmap_header)",
		.encs = ENC_BIT(FAMFS_ENC_FUSE_FMAP),
		.flags = TGT_FMAP_SIZE,
		.max_ext = FAMFS_LAYOUT_MAX_SEGS, .max_groups = FAMFS_LAYOUT_MAX_SEGS,
		.max_strips = FAMFS_LAYOUT_MAX_STRIPS, .max_dev = UINT32_MAX,
		.max_chunk = UINT32_MAX,
		.dev_why = "32-bit se_devindex (devices registered with FAMFSIOC_DAXDEV_OPEN)",
	},
	{
		.name = "fuse-2025",
		.source = "FUSE famfs patch series, 2025 versions: include/uapi/linux/fuse.h, "
			  "fs/fuse/famfs.c",
		.encs = ENC_BIT(FAMFS_ENC_FUSE_FMAP),
		.max_ext = 2, .max_groups = 2, .max_strips = 16, .max_dev = 0,
		.max_chunk = UINT32_MAX,
		.ext_why = "FUSE_FAMFS_MAX_EXTENTS", .groups_why = "FUSE_FAMFS_MAX_EXTENTS",
		.strips_why = "FUSE_FAMFS_MAX_STRIPS",
		.dev_why = "famfs_check_ext_alignment() takes device 0 only",
	},
	{
		.name = "fuse-2026",
		.source = "FUSE famfs patch series, January 2026 (V4) on: "
			  "include/uapi/linux/fuse.h, fs/fuse/famfs.c",
		.encs = ENC_BIT(FAMFS_ENC_FUSE_FMAP),
		.max_ext = 32, .max_groups = 32, .max_strips = 32, .max_msg = 32768, .max_dev = 0,
		.max_chunk = UINT32_MAX,
		.ext_why = "FUSE_FAMFS_MAX_EXTENTS", .groups_why = "FUSE_FAMFS_MAX_EXTENTS",
		.strips_why = "FUSE_FAMFS_MAX_STRIPS", .msg_why = "FAMFS_FMAP_MAX",
		.dev_why = "famfs_check_ext_alignment() takes device 0 only",
	},
	{
		.name = "fuse-iomap-2025",
		.source = "fuse-iomap patch series (D. Wong, September 2025): "
			  "include/uapi/linux/fuse.h, fs/fuse/file_iomap.c",
		.encs = ENC_BIT(FAMFS_ENC_FUSE_IOMAP),
		.flags = TGT_MIX,
		.max_ext = FAMFS_LAYOUT_MAX_SEGS, .max_groups = FAMFS_LAYOUT_MAX_SEGS,
		.max_strips = FAMFS_LAYOUT_MAX_STRIPS, .max_dev = UINT32_MAX - 1,
		.max_chunk = UINT64_MAX,
		.dev_why = "32-bit device cookie, index + 1",
	},
	{
		.name = "bpf-proto",
		.source = "famfs BPF prototype, libfuse famfs_bpf branch (J. Koong): "
			  "example/famfs_common.h, example/famfs.bpf.c",
		.encs = ENC_BIT(FAMFS_ENC_BPF),
		.max_ext = 32, .max_groups = 32, .max_strips = 16, .max_dev = 63,
		.max_chunk = UINT64_MAX,
		.ext_why = "FAMFS_MAX_EXTENTS", .groups_why = "FAMFS_MAX_EXTENTS",
		.strips_why = "FAMFS_MAX_STRIPS", .dev_why = "64-bit dev_bitmap",
	},
	{
		.name = "generic",
		.source = "no kernel: the stride description designed in famfs-progs",
		.encs = ENC_BIT(FAMFS_ENC_STRIDE),
		.flags = TGT_MIX,
		.max_ext = FAMFS_LAYOUT_MAX_SEGS, .max_groups = FAMFS_LAYOUT_MAX_SEGS,
		.max_strips = FAMFS_LAYOUT_MAX_STRIPS, .max_dev = UINT64_MAX,
		.max_chunk = UINT64_MAX,
	},
};

#define NTARGETS (sizeof(targets) / sizeof(targets[0]))

const struct famfs_layout_target *famfs_layout_target_get(unsigned int i)
{
	return i < NTARGETS ? &targets[i] : NULL;
}

const struct famfs_layout_target *famfs_layout_target_find(const char *name)
{
	size_t i;

	for (i = 0; name && i < NTARGETS; i++)
		if (!strcmp(name, targets[i].name))
			return &targets[i];
	return NULL;
}

const struct famfs_layout_target *famfs_layout_target_default(enum famfs_layout_encoding enc)
{
	size_t i;

	for (i = NTARGETS; i-- > 0;)
		if (famfs_layout_target_takes(&targets[i], enc))
			return &targets[i];
	return NULL;
}

const char *famfs_layout_target_name(const struct famfs_layout_target *t)
{
	return t->name;
}

const char *famfs_layout_target_source(const struct famfs_layout_target *t)
{
	return t->source;
}

int famfs_layout_target_takes(const struct famfs_layout_target *t,
			      enum famfs_layout_encoding enc)
{
	return (unsigned int)enc < 32 && (t->encs & ENC_BIT(enc));
}

int layout_all_extents(const struct famfs_layout *l)
{
	uint32_t i, ext = 0;

	for (i = 0; i < l->nsegs; i++)
		ext += l->seg[i].kind == FAMFS_SEG_EXTENT;
	return ext == l->nsegs ? 1 : ext == 0 ? 0 : -1;
}

uint64_t layout_seg_bytes(const struct famfs_layout *l, uint32_t i)
{
	const struct famfs_layout_seg *s = &l->seg[i];
	uint64_t cap = (uint64_t)s->nstrips * s->strip_len;

	if (s->file_offset >= l->size)
		return 0;
	return l->size - s->file_offset < cap ? l->size - s->file_offset : cap;
}

uint32_t layout_enc_segs(const struct famfs_layout *l, enum famfs_layout_encoding enc)
{
	uint32_t n = l->nsegs;

	if (layout_all_extents(l) != 0 || enc == FAMFS_ENC_STRIDE || enc == FAMFS_ENC_FUSE_IOMAP)
		return n;
	/* only trailing groups can be empty: file offsets grow with the index */
	while (n > 0 && layout_seg_bytes(l, n - 1) == 0)
		n--;
	return n;
}

/* "<enc> cannot express this layout for target <t>: <pre> <limit><post> (<why>) (it has <have>)" */
static int refuse(struct famfs_error *err, enum famfs_layout_encoding enc,
		  const struct famfs_layout_target *t, const char *pre, uint64_t limit,
		  const char *post, const char *why, uint64_t have)
{
	return famfs_error_set(err, -FAMFS_E_LAYOUT_UNSUPPORTED,
			       "%s cannot express this layout for target %s: %s %" PRIu64 "%s%s%s%s"
			       " (this layout has %" PRIu64 ")", famfs_layout_encoding_name(enc),
			       t->name, pre, limit, post, why ? " (" : "", why ? why : "",
			       why ? ")" : "", have);
}

/* What the encoding itself cannot carry, whatever the kernel. */
static int check_encoding(const struct famfs_layout *l, enum famfs_layout_encoding enc,
			  const struct famfs_layout_target *t, struct famfs_error *err)
{
	int kind = layout_all_extents(l);

	if (kind < 0 && !(t->flags & TGT_MIX))
		return famfs_error_set(err, -FAMFS_E_LAYOUT_UNSUPPORTED,
				       "%s cannot express this layout for target %s: extents and "
				       "stride groups cannot be mixed",
				       famfs_layout_encoding_name(enc), t->name);
	if (enc == FAMFS_ENC_IOCTL_V1 && kind != 1)
		return famfs_error_set(err, -FAMFS_E_LAYOUT_UNSUPPORTED,
				       "v1-ioctl cannot express this layout for target %s: "
				       "it takes simple extents only, and this layout has strides",
				       t->name);
	if (kind == 0 && l->size == 0 && enc != FAMFS_ENC_STRIDE && enc != FAMFS_ENC_FUSE_IOMAP)
		return famfs_error_set(err, -FAMFS_E_LAYOUT_UNSUPPORTED,
				       "%s cannot express this layout for target %s: a file of 0 "
				       "bytes in stride groups leaves no group with file bytes (an "
				       "interleaved extent of 0 bytes is refused)",
				       famfs_layout_encoding_name(enc), t->name);
	return 0;
}

int famfs_layout_check_target(const struct famfs_layout *l, enum famfs_layout_encoding enc,
			      const struct famfs_layout_target *t, struct famfs_error *err)
{
	uint32_t i, k, n;
	size_t size;
	int kind, rc;

	if (!t || !famfs_layout_target_takes(t, enc))
		return famfs_error_set(err, -EINVAL, "target %s does not take the %s encoding",
				       t ? t->name : "(none)",
				       famfs_layout_encoding_name(enc) ?
				       famfs_layout_encoding_name(enc) : "(unknown)");
	if (l->nsegs < 1 || l->nsegs > FAMFS_LAYOUT_MAX_SEGS)
		return famfs_error_set(err, -EINVAL, "the layout has %u segments", l->nsegs);
	rc = check_encoding(l, enc, t, err);
	if (rc)
		return rc;
	kind = layout_all_extents(l);
	n = layout_enc_segs(l, enc);
	if (kind == 1 && n > t->max_ext)
		return refuse(err, enc, t, "at most", t->max_ext, " extents", t->ext_why, n);
	if (kind == 0 && t->max_groups == 0)
		return famfs_error_set(err, -FAMFS_E_LAYOUT_UNSUPPORTED,
				       "%s cannot express this layout for target %s: "
				       "it takes simple extents only",
				       famfs_layout_encoding_name(enc), t->name);
	if (kind == 0 && n > t->max_groups)
		return refuse(err, enc, t, "at most", t->max_groups, " interleaved extents",
			      t->groups_why, n);
	for (i = 0; i < n; i++) {
		const struct famfs_layout_seg *s = &l->seg[i];

		if (s->kind == FAMFS_SEG_STRIDE && s->nstrips > t->max_strips)
			return refuse(err, enc, t, "at most", t->max_strips,
				      " strips per interleaved extent", t->strips_why, s->nstrips);
		if (s->kind == FAMFS_SEG_STRIDE && s->chunk_size > t->max_chunk)
			return refuse(err, enc, t, "chunk sizes up to", t->max_chunk, " bytes",
				      "32-bit ie_chunk_size", s->chunk_size);
		for (k = 0; k < s->nstrips; k++)
			if (s->strip[k].dev > t->max_dev)
				return refuse(err, enc, t, t->max_dev ? "device indexes up to" :
					      "device", t->max_dev, t->max_dev ? "" : " only",
					      t->dev_why, s->strip[k].dev);
	}
	size = layout_enc_size(l, enc);
	if (t->max_msg && size > t->max_msg)
		return refuse(err, enc, t, "a message of at most", t->max_msg, " bytes",
			      t->msg_why, size);
	return 0;
}
