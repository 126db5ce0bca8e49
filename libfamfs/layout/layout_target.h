/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Kernel targets of the layout encodings, shared by the checker, the
 * encoder and the decoder. docs/layout-encodings.md gives each limit
 * with its source.
 */
#ifndef FAMFS_LAYOUT_TARGET_H
#define FAMFS_LAYOUT_TARGET_H

#include <famfs/layout.h>

#define ENC_BIT(e)	(1u << (e))

enum {
	TGT_MIX = 1u << 0,		/* extents and stride groups in one layout */
	TGT_FMAP_SIZE = 1u << 1,	/* fuse-fmap bytes 12-15 hold the message length */
};

struct famfs_layout_target {
	const char *name;
	const char *source;
	uint32_t encs;		/* ENC_BIT() of each encoding it takes */
	uint32_t flags;		/* TGT_* */
	uint32_t max_ext;	/* simple extents; 0: none */
	uint32_t max_groups;	/* stride groups (interleaved extents); 0: none */
	uint32_t max_strips;	/* strips of one group */
	uint32_t max_msg;	/* bytes of one message; 0: no cap */
	uint64_t max_dev;	/* highest device index */
	uint64_t max_chunk;	/* largest chunk size */
	const char *ext_why;	/* the names of the limits, for the messages */
	const char *groups_why;
	const char *strips_why;
	const char *dev_why;
	const char *msg_why;
};

/* 1 all extents, 0 all stride groups, -1 a mix. */
int layout_all_extents(const struct famfs_layout *l);
/* File bytes segment i holds (its capacity, cut at the file size). */
uint64_t layout_seg_bytes(const struct famfs_layout *l, uint32_t i);
/*
 * Segments an encoding carries: stride groups past the end of the file
 * hold no file bytes and are left out (the FUSE series rejects an
 * interleaved extent of 0 bytes); extents are all kept.
 */
uint32_t layout_enc_segs(const struct famfs_layout *l, enum famfs_layout_encoding enc);
/* Bytes of the encoding of l (limits already checked). */
size_t layout_enc_size(const struct famfs_layout *l, enum famfs_layout_encoding enc);

#endif
