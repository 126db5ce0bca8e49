// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Reading a FUSE GET_FMAP reply back into a layout. The message may come
 * from a kernel or another daemon: every count is checked against the
 * bytes there are before it is used.
 */
#include <errno.h>
#include <string.h>

#include <famfs/layout.h>

#include "util/le.h"

#define HDR	32
#define SIMPLE	24
#define IEXT	24

static int bad(struct famfs_error *err, const char *why)
{
	return famfs_error_set(err, -EINVAL, "not a usable GET_FMAP message: %s", why);
}

static void read_strip(const uint8_t *p, struct famfs_layout_seg *s, uint32_t k,
		       uint64_t *len)
{
	s->strip[k].dev = get_le32(p);
	s->strip[k].offset = get_le64(p + 8);
	*len = get_le64(p + 16);
}

int famfs_layout_decode_fuse(struct famfs_layout *l, const void *buf, size_t len,
			     struct famfs_error *err)
{
	const uint8_t *p = buf;
	uint32_t type, n, i, k;
	size_t at = HDR;

	memset(l, 0, sizeof(*l));
	if (len < HDR)
		return bad(err, "shorter than its header");
	if (p[0] != 0 || (p[2] | p[3] << 8) != 1)
		return bad(err, "not a regular file's map of version 1");
	type = get_le32(p + 4);
	n = get_le32(p + 8);
	l->size = get_le64(p + 16);
	if (type > 1)
		return bad(err, "unknown extent type");
	if (n < 1 || n > FAMFS_LAYOUT_MAX_SEGS)
		return bad(err, "extent count out of range");
	l->nsegs = n;
	for (i = 0; i < n; i++) {
		struct famfs_layout_seg *s = &l->seg[i];
		uint64_t slen;

		if (type == 0) {
			if (len - at < SIMPLE)
				return bad(err, "truncated extent list");
			s->kind = FAMFS_SEG_EXTENT;
			s->nstrips = 1;
			read_strip(p + at, s, 0, &slen);
			s->strip_len = s->chunk_size = slen;
			at += SIMPLE;
			continue;
		}
		if (len - at < IEXT)
			return bad(err, "truncated interleaved extent");
		s->kind = FAMFS_SEG_STRIDE;
		s->nstrips = get_le32(p + at);
		s->chunk_size = get_le32(p + at + 4);
		at += IEXT;
		if (s->nstrips < 1 || s->nstrips > FAMFS_LAYOUT_MAX_STRIPS)
			return bad(err, "strip count out of range");
		if ((len - at) / SIMPLE < s->nstrips)
			return bad(err, "truncated strip list");
		for (k = 0; k < s->nstrips; k++, at += SIMPLE) {
			read_strip(p + at, s, k, &slen);
			if (k == 0)
				s->strip_len = slen;
			else if (slen != s->strip_len)
				return bad(err, "strips of unequal length");
		}
	}
	if (at != len)
		return bad(err, "trailing bytes after the extents");
	return famfs_layout_validate(l, err);
}
