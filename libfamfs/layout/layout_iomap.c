// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * A layout as fuse-iomap mapping records (struct fuse_iomap_io of the
 * fuse-iomap patch series): one record per contiguous run of file bytes
 * on one device. Each stride chunk is a run; runs that touch on the same
 * device merge. The records cover the file size rounded up to 2 MiB, the
 * alignment every offset and length of the layout already has (the
 * series wants both aligned to the file system block size).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdint.h>

#include <famfs/layout.h>

#include "layout/layout_target.h"
#include "util/le.h"

#define REC		FAMFS_LAYOUT_IOMAP_REC
#define ALIGN		(2ULL << 20)
#define TYPE_MAPPED	2	/* FUSE_IOMAP_TYPE_MAPPED */

size_t layout_iomap_size(const struct famfs_layout *l);
void layout_iomap_write(const struct famfs_layout *l, uint8_t *p);

struct run {
	uint64_t off, len, dev, addr;
};

struct walk {
	const struct famfs_layout *l;
	uint64_t end;		/* file bytes mapped: size rounded up to 2 MiB */
	uint32_t seg;
	uint64_t chunk;		/* next chunk of segment seg */
	struct run pending;	/* merged run not yet handed out */
	int have;
};

static void walk_init(struct walk *w, const struct famfs_layout *l)
{
	uint64_t cap = famfs_layout_capacity(l);

	w->l = l;
	/* size <= capacity, a multiple of 2 MiB: rounding up stays in it */
	w->end = l->size % ALIGN ? l->size - l->size % ALIGN + ALIGN : l->size;
	if (w->end > cap || w->end < l->size)
		w->end = cap;
	w->seg = 0;
	w->chunk = 0;
	w->have = 0;
}

/* The next chunk (an extent is one chunk) as a run; 0 at the end. */
static int next_chunk(struct walk *w, struct run *r)
{
	while (w->seg < w->l->nsegs) {
		const struct famfs_layout_seg *s = &w->l->seg[w->seg];
		uint64_t chunk = s->kind == FAMFS_SEG_STRIDE ? s->chunk_size : s->strip_len;
		uint64_t cap = (uint64_t)s->nstrips * s->strip_len;
		uint64_t at = w->chunk * chunk;	/* < cap <= 2^64: no overflow */

		if (at >= cap || s->file_offset + at >= w->end) {
			w->seg++;
			w->chunk = 0;
			continue;
		}
		r->off = s->file_offset + at;
		r->len = chunk;
		if (w->end - r->off < r->len)
			r->len = w->end - r->off;
		r->dev = s->strip[w->chunk % s->nstrips].dev;
		r->addr = s->strip[w->chunk % s->nstrips].offset + (w->chunk / s->nstrips) * chunk;
		w->chunk++;
		return 1;
	}
	return 0;
}

/* The next merged run: chunks that follow on the same device join. */
static int next_run(struct walk *w, struct run *out)
{
	struct run r;

	for (;;) {
		if (!next_chunk(w, &r)) {
			if (!w->have)
				return 0;
			*out = w->pending;
			w->have = 0;
			return 1;
		}
		if (w->have && r.dev == w->pending.dev &&
		    r.addr == w->pending.addr + w->pending.len) {
			w->pending.len += r.len;
			continue;
		}
		if (w->have) {
			*out = w->pending;
			w->pending = r;
			return 1;
		}
		w->pending = r;
		w->have = 1;
	}
}

static void put_rec(uint8_t *p, const struct run *r)
{
	put_le64(p, r->off);
	put_le64(p + 8, r->len);
	put_le64(p + 16, r->addr);
	p[24] = TYPE_MAPPED;
	p[25] = 0;
	p[26] = 0;	/* flags */
	p[27] = 0;
	put_le32(p + 28, (uint32_t)(r->dev + 1));	/* cookie: index + 1, 0 is none */
}

size_t layout_iomap_size(const struct famfs_layout *l)
{
	struct walk w;
	struct run r;
	size_t n = 0;

	walk_init(&w, l);
	while (next_run(&w, &r))
		if (__builtin_add_overflow(n, (size_t)REC, &n))
			return SIZE_MAX;
	return n;
}

void layout_iomap_write(const struct famfs_layout *l, uint8_t *p)
{
	struct walk w;
	struct run r;

	walk_init(&w, l);
	while (next_run(&w, &r)) {
		put_rec(p, &r);
		p += REC;
	}
}

int famfs_layout_iomap_at(const struct famfs_layout *l, const struct famfs_layout_target *t,
			  uint64_t off, uint8_t rec[FAMFS_LAYOUT_IOMAP_REC],
			  struct famfs_error *err)
{
	struct walk w;
	struct run r;
	int rc = famfs_layout_check_target(l, FAMFS_ENC_FUSE_IOMAP, t, err);

	if (rc)
		return rc;
	walk_init(&w, l);
	while (next_run(&w, &r))
		if (off >= r.off && off - r.off < r.len) {
			put_rec(rec, &r);
			return 0;
		}
	return famfs_error_set(err, -ERANGE, "offset %" PRIu64 " is past the mapped range of "
			       "the file (%" PRIu64 " bytes)", off, w.end);
}
