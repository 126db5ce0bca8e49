// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The backend-neutral layout: its invariants, conversion from and to the
 * on-media fmap, and offset translation. A segment's strip s holds, for
 * every row r, file bytes file_offset + (r * nstrips + s) * chunk_size
 * onwards for chunk_size bytes, at device offset strip[s].offset +
 * r * chunk_size: the formula of the format page, so translation inside a
 * segment is O(1). An extent is the one-strip case with a single chunk.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <famfs/layout.h>

#define UNIT	FAMFS_ALLOC_UNIT
/*
 * No device holds more than the largest off_t: every strip must end, and
 * all segments together must fit, below it. Bounding the total keeps the
 * segments' file offsets (and so translate and reverse) from wrapping.
 */
#define LAYOUT_MAX_BYTES	((uint64_t)INT64_MAX)

static int is_pow2(uint64_t v)
{
	return v && !(v & (v - 1));
}

/* nstrips * strip_len, or UINT64_MAX if that wraps. */
static uint64_t seg_capacity(const struct famfs_layout_seg *s)
{
	uint64_t cap;

	if (__builtin_mul_overflow((uint64_t)s->nstrips, s->strip_len, &cap))
		return UINT64_MAX;
	return cap;
}

/* Sum of the segments' capacities, saturating at UINT64_MAX. */
uint64_t famfs_layout_capacity(const struct famfs_layout *l)
{
	uint64_t sum = 0, i;

	for (i = 0; i < l->nsegs && i < FAMFS_LAYOUT_MAX_SEGS; i++)
		if (__builtin_add_overflow(sum, seg_capacity(&l->seg[i]), &sum))
			return UINT64_MAX;
	return sum;
}

static int check_seg(const struct famfs_layout_seg *s, uint32_t i, struct famfs_error *err)
{
	uint32_t k;

	if (s->kind != FAMFS_SEG_EXTENT && s->kind != FAMFS_SEG_STRIDE)
		return famfs_error_set(err, -EINVAL, "segment %u: unknown kind %u", i, s->kind);
	if (s->nstrips < 1 || s->nstrips > FAMFS_LAYOUT_MAX_STRIPS ||
	    (s->kind == FAMFS_SEG_EXTENT && s->nstrips != 1))
		return famfs_error_set(err, -FAMFS_E_ENTRY_NSTRIPS,
				       "segment %u: %u strips (an extent has 1, a stride group 1 to %d)",
				       i, s->nstrips, FAMFS_LAYOUT_MAX_STRIPS);
	/*
	 * What fsck.famfs only warns about must still work here (one set of
	 * rules, libfamfs/check/check_extents.c): an extent of any nonzero length,
	 * and strips of a stride group of length zero (they hold nothing).
	 */
	if ((s->kind == FAMFS_SEG_EXTENT && !s->strip_len) || s->strip_len > LAYOUT_MAX_BYTES)
		return famfs_error_set(err, -FAMFS_E_EXT_LEN,
				       "segment %u: strip length %llu is zero or too large",
				       i, (unsigned long long)s->strip_len);
	if (s->kind == FAMFS_SEG_EXTENT && s->chunk_size != s->strip_len)
		return famfs_error_set(err, -EINVAL,
				       "segment %u: an extent's chunk size must equal its length", i);
	if (s->kind == FAMFS_SEG_STRIDE &&
	    (!is_pow2(s->chunk_size) || s->chunk_size % UNIT || s->strip_len % s->chunk_size))
		return famfs_error_set(err, -FAMFS_E_ENTRY_CHUNK,
				       "segment %u: chunk size %llu must be a power of two, a multiple "
				       "of 2 MiB, and divide the strip length %llu", i,
				       (unsigned long long)s->chunk_size,
				       (unsigned long long)s->strip_len);
	for (k = 0; k < s->nstrips; k++)
		if (s->strip[k].offset % UNIT ||
		    s->strip[k].offset > LAYOUT_MAX_BYTES - s->strip_len)
			return famfs_error_set(err, -FAMFS_E_EXT_ALIGN,
					       "segment %u strip %u: offset %llu is not 2 MiB aligned "
					       "or ends past the largest device offset (%llu)", i, k,
					       (unsigned long long)s->strip[k].offset,
					       (unsigned long long)LAYOUT_MAX_BYTES);
	return 0;
}

struct range {
	uint64_t dev, start, end;
};

static int range_cmp(const void *a, const void *b)
{
	const struct range *x = a, *y = b;

	if (x->dev != y->dev)
		return x->dev < y->dev ? -1 : 1;
	return x->start < y->start ? -1 : x->start > y->start;
}

/* No two strips of the layout may share device bytes. */
static int check_overlap(const struct famfs_layout *l, struct famfs_error *err)
{
	struct range r[FAMFS_LAYOUT_MAX_SEGS * FAMFS_LAYOUT_MAX_STRIPS];
	size_t n = 0, i;
	uint32_t s, k;

	for (s = 0; s < l->nsegs; s++)
		for (k = 0; k < l->seg[s].nstrips && l->seg[s].strip_len; k++)
			r[n++] = (struct range){ l->seg[s].strip[k].dev, l->seg[s].strip[k].offset,
						 l->seg[s].strip[k].offset + l->seg[s].strip_len };
	qsort(r, n, sizeof(r[0]), range_cmp);
	for (i = 1; i < n; i++)
		if (r[i].dev == r[i - 1].dev && r[i].start < r[i - 1].end)
			return famfs_error_set(err, -FAMFS_E_EXT_OVERLAP,
					       "two strips overlap on device %llu at offset %llu",
					       (unsigned long long)r[i].dev,
					       (unsigned long long)r[i].start);
	return 0;
}

int famfs_layout_validate(struct famfs_layout *l, struct famfs_error *err)
{
	uint64_t off = 0;
	uint32_t i;
	int rc;

	/* none only for an empty file whose extents were all of length zero */
	if ((l->nsegs < 1 && l->size) || l->nsegs > FAMFS_LAYOUT_MAX_SEGS)
		return famfs_error_set(err, -FAMFS_E_ENTRY_EXT_COUNT,
				       "%u segments: a layout has 1 to %d", l->nsegs,
				       FAMFS_LAYOUT_MAX_SEGS);
	for (i = 0; i < l->nsegs; i++) {
		rc = check_seg(&l->seg[i], i, err);
		if (rc)
			return rc;
		l->seg[i].file_offset = off;
		/*
		 * 16 segments of 16 strips of up to 2^63 bytes can wrap 64 bits:
		 * bound the running total, so file offsets stay increasing.
		 */
		if (__builtin_add_overflow(off, seg_capacity(&l->seg[i]), &off) ||
		    off > LAYOUT_MAX_BYTES)
			return famfs_error_set(err, -FAMFS_E_EXT_RANGE,
					       "segments 0 to %u hold more than %llu bytes, more "
					       "than any device", i,
					       (unsigned long long)LAYOUT_MAX_BYTES);
	}
	rc = check_overlap(l, err);
	if (rc)
		return rc;
	if (off < l->size)
		return famfs_error_set(err, -FAMFS_E_EXT_SHORT,
				       "size %llu, but the layout holds only %llu bytes",
				       (unsigned long long)l->size, (unsigned long long)off);
	return 0;
}

static void set_extent(struct famfs_layout_seg *s, const struct famfs_extent *e)
{
	memset(s, 0, sizeof(*s));
	s->kind = FAMFS_SEG_EXTENT;
	s->nstrips = 1;
	s->chunk_size = e->len;
	s->strip_len = e->len;
	s->strip[0].dev = e->dev_index;
	s->strip[0].offset = e->offset;
}

int famfs_layout_from_fmap(struct famfs_layout *l, uint64_t size,
			   const struct famfs_fmap *fmap, struct famfs_error *err)
{
	uint32_t i;

	memset(l, 0, sizeof(*l));
	l->size = size;
	if (fmap->ext_type == FAMFS_EXT_SIMPLE) {
		if (fmap->count > FAMFS_MAX_EXTENTS)
			return famfs_error_set(err, -FAMFS_E_ENTRY_EXT_COUNT,
					       "%u extents, at most %d", fmap->count, FAMFS_MAX_EXTENTS);
		/* an extent of length zero holds nothing: it is no segment */
		for (i = 0; i < fmap->count; i++)
			if (fmap->ext[i].len)
				set_extent(&l->seg[l->nsegs++], &fmap->ext[i]);
	} else if (fmap->ext_type == FAMFS_EXT_INTERLEAVE) {
		struct famfs_layout_seg *s = &l->seg[0];

		if (fmap->nstrips < 1 || fmap->nstrips > FAMFS_MAX_STRIPS)
			return famfs_error_set(err, -FAMFS_E_ENTRY_NSTRIPS,
					       "%llu strips, 1 to %d allowed",
					       (unsigned long long)fmap->nstrips, FAMFS_MAX_STRIPS);
		l->nsegs = 1;
		s->kind = FAMFS_SEG_STRIDE;
		s->nstrips = (uint32_t)fmap->nstrips;
		s->chunk_size = fmap->chunk_size;
		s->strip_len = fmap->strips[0].len;
		for (i = 0; i < s->nstrips; i++) {
			if (fmap->strips[i].len != s->strip_len)
				return famfs_error_set(err, -FAMFS_E_EXT_STRIPS,
						       "strip %u is %llu bytes, strip 0 is %llu", i,
						       (unsigned long long)fmap->strips[i].len,
						       (unsigned long long)s->strip_len);
			s->strip[i].dev = fmap->strips[i].dev_index;
			s->strip[i].offset = fmap->strips[i].offset;
		}
	} else {
		return famfs_error_set(err, -FAMFS_E_ENTRY_EXT_TYPE, "unknown extent type %u",
				       fmap->ext_type);
	}
	return famfs_layout_validate(l, err);
}

int famfs_layout_from_node(struct famfs_layout *l, const struct famfs_node *n,
			   struct famfs_error *err)
{
	struct famfs_fmap fmap;

	if (n->type != FAMFS_NODE_FILE)
		return famfs_error_set(err, -EISDIR, "'%s' is a directory", n->path);
	famfs_node_fmap(n, &fmap);
	return famfs_layout_from_fmap(l, n->size, &fmap, err);
}

int famfs_layout_to_fmap(const struct famfs_layout *l, struct famfs_fmap *fmap,
			 struct famfs_error *err)
{
	uint32_t i;

	memset(fmap, 0, sizeof(*fmap));
	if (l->nsegs == 1 && l->seg[0].kind == FAMFS_SEG_STRIDE) {
		const struct famfs_layout_seg *s = &l->seg[0];

		fmap->ext_type = FAMFS_EXT_INTERLEAVE;
		fmap->count = 1;
		fmap->nstrips = s->nstrips;
		fmap->chunk_size = s->chunk_size;
		for (i = 0; i < s->nstrips; i++)
			fmap->strips[i] = (struct famfs_extent){ s->strip[i].dev, s->strip[i].offset,
								 s->strip_len };
		return 0;
	}
	for (i = 0; i < l->nsegs; i++)
		if (l->seg[i].kind != FAMFS_SEG_EXTENT)
			return famfs_error_set(err, -FAMFS_E_LAYOUT_UNSUPPORTED,
					       "the log holds either simple extents or one stride "
					       "group, not a mix (segment %u)", i);
	fmap->ext_type = FAMFS_EXT_SIMPLE;
	fmap->count = l->nsegs;
	for (i = 0; i < l->nsegs; i++)
		fmap->ext[i] = (struct famfs_extent){ l->seg[i].strip[0].dev,
						      l->seg[i].strip[0].offset, l->seg[i].strip_len };
	return 0;
}

/* The segment holding file offset off: binary search on file_offset. */
static uint32_t find_seg(const struct famfs_layout *l, uint64_t off)
{
	uint32_t lo = 0, hi = l->nsegs;

	while (hi - lo > 1) {
		uint32_t mid = lo + (hi - lo) / 2;

		if (l->seg[mid].file_offset <= off)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

int famfs_layout_translate(const struct famfs_layout *l, uint64_t off,
			   struct famfs_layout_loc *loc, struct famfs_error *err)
{
	const struct famfs_layout_seg *s;
	uint64_t rel, chunk, in, k, contig;

	if (off >= l->size)
		return famfs_error_set(err, -ERANGE, "offset %llu is past the end of the file (%llu)",
				       (unsigned long long)off, (unsigned long long)l->size);
	loc->seg = find_seg(l, off);
	s = &l->seg[loc->seg];
	rel = off - s->file_offset;
	chunk = s->chunk_size;
	k = rel / chunk;
	in = rel % chunk;
	loc->strip = (uint32_t)(k % s->nstrips);
	loc->dev = s->strip[loc->strip].dev;
	loc->offset = s->strip[loc->strip].offset + (k / s->nstrips) * chunk + in;
	contig = chunk - in;
	loc->contig = contig < l->size - off ? contig : l->size - off;
	return 0;
}

int famfs_layout_reverse(const struct famfs_layout *l, uint64_t dev, uint64_t off,
			 uint64_t *file_off, struct famfs_error *err)
{
	uint32_t i, k;

	for (i = 0; i < l->nsegs; i++) {
		const struct famfs_layout_seg *s = &l->seg[i];

		for (k = 0; k < s->nstrips; k++) {
			uint64_t at = s->strip[k].offset, in, f;

			if (s->strip[k].dev != dev || off < at || off - at >= s->strip_len)
				continue;
			in = off - at;
			f = s->file_offset + ((in / s->chunk_size) * s->nstrips + k) * s->chunk_size +
			    in % s->chunk_size;
			*file_off = f;
			if (f >= l->size)
				return famfs_error_set(err, -ERANGE,
						       "device %llu offset %llu is allocated to the file "
						       "but past its end (file offset %llu)",
						       (unsigned long long)dev, (unsigned long long)off,
						       (unsigned long long)f);
			return 0;
		}
	}
	return famfs_error_set(err, -ENOENT, "no strip of the file holds device %llu offset %llu",
			       (unsigned long long)dev, (unsigned long long)off);
}
