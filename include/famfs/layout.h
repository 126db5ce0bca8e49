/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * A file's memory layout, described once and independent of any kernel
 * mapping backend: a list of segments, each either a simple extent (one
 * contiguous device range) or a stride group (nstrips strips, data laid
 * round robin in chunk_size pieces). Conversions to and from the on-media
 * fmap, offset translation both ways, and the encodings each backend
 * takes (docs/layout-encodings.md gives every byte of them).
 */
#ifndef FAMFS_LAYOUT_H
#define FAMFS_LAYOUT_H

#include <stddef.h>
#include <stdint.h>

#include <famfs/error.h>
#include <famfs/format.h>
#include <famfs/namespace.h>

#ifdef __cplusplus
extern "C" {
#endif

/* the library is built with -fvisibility=hidden: these are its API */
#pragma GCC visibility push(default)

#define FAMFS_LAYOUT_MAX_SEGS	16
#define FAMFS_LAYOUT_MAX_STRIPS	16

enum famfs_seg_kind {
	FAMFS_SEG_EXTENT = 0,	/* one strip; chunk_size == strip_len */
	FAMFS_SEG_STRIDE = 1,	/* nstrips strips, round robin by chunk */
};

struct famfs_layout_strip {
	uint64_t dev;		/* device index */
	uint64_t offset;	/* byte offset on that device */
};

struct famfs_layout_seg {
	uint32_t kind;		/* enum famfs_seg_kind */
	uint32_t nstrips;	/* 1 for an extent, 1..16 for a stride group */
	uint64_t chunk_size;	/* bytes laid in one strip before the next */
	uint64_t strip_len;	/* bytes of every strip */
	uint64_t file_offset;	/* first file byte held (set by validation) */
	struct famfs_layout_strip strip[FAMFS_LAYOUT_MAX_STRIPS];
};

struct famfs_layout {
	uint64_t size;		/* file size in bytes */
	uint32_t nsegs;
	struct famfs_layout_seg seg[FAMFS_LAYOUT_MAX_SEGS];
};

/*
 * Check a layout and set each segment's file_offset: 1..16 segments, 1..16
 * strips each, offsets and strip lengths multiples of 2 MiB, stride chunk
 * sizes powers of two and multiples of 2 MiB that divide the strip length,
 * extents with chunk_size == strip_len, no two ranges on one device that
 * overlap, every strip ending and all segments together holding at most
 * INT64_MAX bytes (the largest device; so file offsets never wrap), and
 * capacity for the whole size. Errors name the segment.
 */
int famfs_layout_validate(struct famfs_layout *l, struct famfs_error *err);

/* Bytes the layout holds (at least its size once validated; saturates). */
uint64_t famfs_layout_capacity(const struct famfs_layout *l);

/* From an on-media fmap (validated), or from a replayed file node. */
int famfs_layout_from_fmap(struct famfs_layout *l, uint64_t size,
			   const struct famfs_fmap *fmap, struct famfs_error *err);
int famfs_layout_from_node(struct famfs_layout *l, const struct famfs_node *n,
			   struct famfs_error *err);
/*
 * Back to an fmap: all segments extents (simple fmap), or a single stride
 * group (interleaved fmap); anything else is -FAMFS_E_LAYOUT_UNSUPPORTED.
 */
int famfs_layout_to_fmap(const struct famfs_layout *l, struct famfs_fmap *fmap,
			 struct famfs_error *err);

/* Where a file byte lives. */
struct famfs_layout_loc {
	uint64_t dev;		/* device index */
	uint64_t offset;	/* device offset */
	uint64_t contig;	/* bytes contiguous on the device from there (within size) */
	uint32_t seg;		/* segment and strip holding it */
	uint32_t strip;
};

/*
 * Translate file offset off (< size): O(log segments) to find the segment,
 * O(1) within it. -ERANGE past the end of the file.
 */
int famfs_layout_translate(const struct famfs_layout *l, uint64_t off,
			   struct famfs_layout_loc *loc, struct famfs_error *err);

/*
 * The inverse, for diagnostics: which file offset device byte (dev, off)
 * holds. -ENOENT if no strip covers it, -ERANGE if a strip does but past
 * the end of the file (allocated, unused).
 */
int famfs_layout_reverse(const struct famfs_layout *l, uint64_t dev, uint64_t off,
			 uint64_t *file_off, struct famfs_error *err);

/* ---- backend encodings (docs/layout-encodings.md) ---- */

enum famfs_layout_encoding {
	FAMFS_ENC_IOCTL_V1 = 0,	/* famfs kmod KABI 42 struct famfs_ioc_map */
	FAMFS_ENC_IOCTL_V2 = 1,	/* famfs kmod KABI 43 struct famfs_ioc_fmap + arrays */
	FAMFS_ENC_FUSE_FMAP = 2,	/* FUSE GET_FMAP reply (and KABI 44 MAP_CREATE) */
	FAMFS_ENC_STRIDE = 3,	/* generic stride/offset description */
	FAMFS_ENC_BPF = 4,	/* BPF map value of the famfs BPF prototype */
	FAMFS_ENC_FUSE_IOMAP = 5,	/* fuse-iomap struct fuse_iomap_io records */
};

/*
 * A kernel target: one kernel (or patch series) that takes some of the
 * encodings, with the limits it enforces on them. The table is in the
 * library (docs/layout-encodings.md gives each limit and its source);
 * the handles are static, never freed.
 */
struct famfs_layout_target;

/* By name ("kmod-kabi42", "fuse-2026", ...); NULL if unknown. */
const struct famfs_layout_target *famfs_layout_target_find(const char *name);
/* The i-th target of the table (0, 1, ...), oldest first; NULL past the end. */
const struct famfs_layout_target *famfs_layout_target_get(unsigned int i);
/* The newest target that takes enc; NULL for an unknown encoding. */
const struct famfs_layout_target *famfs_layout_target_default(enum famfs_layout_encoding enc);
const char *famfs_layout_target_name(const struct famfs_layout_target *t);
/* Where its limits come from (kernel version or patch series, file). */
const char *famfs_layout_target_source(const struct famfs_layout_target *t);
/* 1 if target t takes encoding enc, else 0. */
int famfs_layout_target_takes(const struct famfs_layout_target *t,
			      enum famfs_layout_encoding enc);

/*
 * Whether target t takes layout l in encoding enc: 0, or
 * -FAMFS_E_LAYOUT_UNSUPPORTED with a message naming the limit and the
 * target; -EINVAL if t does not take enc at all.
 */
int famfs_layout_check_target(const struct famfs_layout *l, enum famfs_layout_encoding enc,
			      const struct famfs_layout_target *t, struct famfs_error *err);

/*
 * Encode l for a backend into buf (len bytes), little-endian, field by
 * field; *used gets the bytes written. The layout is first checked
 * against target t (famfs_layout_check_target). For FAMFS_ENC_IOCTL_V2,
 * pointer fields hold base + the offset of their array in buf: pass
 * (uintptr_t)buf for a buffer the ioctl can take as it is, 0 for a
 * position-independent dump. -FAMFS_E_SHORT_BUFFER when buf is too small
 * (*used gets the size needed).
 */
int famfs_layout_encode_target(const struct famfs_layout *l, enum famfs_layout_encoding enc,
			       const struct famfs_layout_target *t, uint64_t base, void *buf,
			       size_t len, size_t *used, struct famfs_error *err);

/* The same for the default (newest) target of enc. */
int famfs_layout_encode(const struct famfs_layout *l, enum famfs_layout_encoding enc,
			uint64_t base, void *buf, size_t len, size_t *used,
			struct famfs_error *err);

/*
 * The one fuse-iomap record (32 bytes into rec) an iomap_begin reply
 * carries for file offset off: the whole contiguous run holding it.
 * -ERANGE past the mapped range of the file.
 */
#define FAMFS_LAYOUT_IOMAP_REC	32
int famfs_layout_iomap_at(const struct famfs_layout *l, const struct famfs_layout_target *t,
			  uint64_t off, uint8_t rec[FAMFS_LAYOUT_IOMAP_REC],
			  struct famfs_error *err);

/* Read a FUSE GET_FMAP reply back (the one encoding a kernel also produces). */
int famfs_layout_decode_fuse(struct famfs_layout *l, const void *buf, size_t len,
			     struct famfs_error *err);

/*
 * The same, accepting exactly what target t takes and the encoder would
 * write for it (canonical bytes: reserved fields zero, each ie_nbytes the
 * group's file bytes, fmap_size for kmod-kabi44); anything else is -EINVAL
 * or -FAMFS_E_LAYOUT_UNSUPPORTED naming the field or the limit.
 */
int famfs_layout_decode_fuse_target(struct famfs_layout *l, const void *buf, size_t len,
				    const struct famfs_layout_target *t,
				    struct famfs_error *err);

/* "v1-ioctl", "v2-ioctl", "fuse-fmap", "stride", "bpf", "fuse-iomap"; NULL if unknown. */
const char *famfs_layout_encoding_name(enum famfs_layout_encoding enc);

#pragma GCC visibility pop

#ifdef __cplusplus
}
#endif

#endif /* FAMFS_LAYOUT_H */
