// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The allocation bitmap: one bit per 2 MiB unit, set when the unit is
 * used. Scans go a 64-bit word at a time (a word of all ones is skipped
 * with one compare, the first interesting bit found with ctz), and the
 * map keeps a hint below which every unit is used, so that filling a
 * nearly full device file after file does not rescan the full prefix.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <famfs/alloc.h>

#include "alloc/alloc_internal.h"
#include "util/error_internal.h"

#define UNIT		FAMFS_ALLOC_UNIT
#define WORD_BITS	64U

/* Units needed for len bytes, without overflow for huge lengths. */
static uint64_t units_for(uint64_t len)
{
	return len / UNIT + (len % UNIT != 0);
}

/* Bits [lo, hi) of one word, 0 <= lo < hi <= 64. */
static uint64_t word_mask(unsigned int lo, unsigned int hi)
{
	uint64_t upper = hi == WORD_BITS ? ~0ULL : (1ULL << hi) - 1;

	return upper & ~((1ULL << lo) - 1);
}

/*
 * First unit in [from, end) whose bit equals want (0 free, 1 used), or end
 * if there is none. end never exceeds nunits; the padding bits past nunits
 * are set, so a search for a free unit cannot run into them.
 */
static uint64_t find_bit(const struct famfs_alloc *map, uint64_t from, uint64_t end, int want)
{
	uint64_t flip = want ? 0 : ~0ULL;
	uint64_t i, w, pos;

	if (from >= end)
		return end;
	i = from / WORD_BITS;
	w = (map->bits[i] ^ flip) & (~0ULL << (from % WORD_BITS));
	for (;;) {
		if (w) {
			pos = i * WORD_BITS + (uint64_t)__builtin_ctzll(w);
			return pos < end ? pos : end;
		}
		i++;
		if (i * WORD_BITS >= end)
			return end;
		w = map->bits[i] ^ flip;
	}
}

uint64_t alloc_find_free(const struct famfs_alloc *map, uint64_t from, uint64_t end)
{
	return find_bit(map, from, end, 0);
}

uint64_t alloc_find_used(const struct famfs_alloc *map, uint64_t from, uint64_t end)
{
	return find_bit(map, from, end, 1);
}

uint64_t alloc_find_run(const struct famfs_alloc *map, uint64_t lo, uint64_t hi, uint64_t n)
{
	uint64_t p = alloc_find_free(map, lo, hi);
	uint64_t q;

	while (p < hi) {
		if (hi - p < n)
			break;
		q = alloc_find_used(map, p, p + n);
		if (q == p + n)
			return p;
		p = alloc_find_free(map, q, hi);
	}
	return ALLOC_NONE;
}

/* Set or clear units [start, start + n); returns how many changed state. */
static uint64_t update_range(struct famfs_alloc *map, uint64_t start, uint64_t n, int set)
{
	uint64_t end = start + n;
	uint64_t changed = 0;

	while (start < end) {
		uint64_t i = start / WORD_BITS;
		unsigned int lo = start % WORD_BITS;
		unsigned int hi = end - i * WORD_BITS < WORD_BITS ?
				  (unsigned int)(end - i * WORD_BITS) : WORD_BITS;
		uint64_t mask = word_mask(lo, hi);

		if (set) {
			changed += (uint64_t)__builtin_popcountll(~map->bits[i] & mask);
			map->bits[i] |= mask;
		} else {
			changed += (uint64_t)__builtin_popcountll(map->bits[i] & mask);
			map->bits[i] &= ~mask;
		}
		start = i * WORD_BITS + hi;
	}
	return changed;
}

void alloc_mark(struct famfs_alloc *map, uint64_t start, uint64_t n)
{
	map->nused += update_range(map, start, n, 1);
	/* everything below the hint is used: a run at the hint moves it on */
	if (start <= map->hint && map->hint < start + n)
		map->hint = start + n;
}

static void alloc_unmark(struct famfs_alloc *map, uint64_t start, uint64_t n)
{
	map->nused -= update_range(map, start, n, 0);
	if (start < map->hint)
		map->hint = start;
}

int famfs_alloc_new(uint64_t dev_size, const struct famfs_superblock *sb,
		    struct famfs_alloc **mapp, struct famfs_error *err)
{
	struct famfs_alloc *map;
	uint64_t nunits = dev_size / UNIT;
	uint64_t meta = sb ? units_for(famfs_sb_meta_size(sb)) : 0;

	*mapp = NULL;
	if (nunits == 0 || meta >= nunits)
		return famfs_error_set(err, -EINVAL,
				       "device of %llu bytes has no room for data after %llu bytes of superblock and log",
				       (unsigned long long)dev_size,
				       (unsigned long long)(meta * UNIT));
	map = calloc(1, sizeof(*map));
	if (!map)
		return famfs_error_set(err, -ENOMEM, "out of memory for the allocation map");
	map->nunits = nunits;
	map->dev_bytes = dev_size;
	map->nwords = (nunits + WORD_BITS - 1) / WORD_BITS;
	map->bits = calloc(map->nwords, sizeof(*map->bits));
	if (!map->bits) {
		free(map);
		return famfs_error_set(err, -ENOMEM,
				       "out of memory for the allocation map of %llu units",
				       (unsigned long long)nunits);
	}
	/* padding bits past the last unit count as used, so scans stop there */
	if (nunits % WORD_BITS)
		map->bits[map->nwords - 1] = ~word_mask(0, nunits % WORD_BITS);
	map->meta_units = meta;
	alloc_mark(map, 0, meta);
	*mapp = map;
	return 0;
}

void famfs_alloc_free(struct famfs_alloc *map)
{
	if (!map)
		return;
	free(map->bits);
	free(map);
}

/* Common checks of reserve and release; sets *start and *n in units. */
static int check_range(const struct famfs_alloc *map, uint64_t offset, uint64_t len,
		       uint64_t *start, uint64_t *n, struct famfs_error *err)
{
	if (offset % UNIT)
		return famfs_error_set(err, -FAMFS_E_EXT_ALIGN,
				       "extent offset %llu is not a multiple of the %llu-byte allocation unit",
				       (unsigned long long)offset, (unsigned long long)UNIT);
	*start = offset / UNIT;
	*n = units_for(len);
	/*
	 * fsck.famfs's rule (libfamfs/check/check_extents.c): an extent may end
	 * anywhere up to the device's last byte. The map holds whole units
	 * only, so an extent into a partial last unit takes the whole units
	 * it covers; that partial unit is never handed out anyway.
	 */
	if (offset <= map->dev_bytes && len <= map->dev_bytes - offset &&
	    *start <= map->nunits && *n > map->nunits - *start)
		*n = map->nunits - *start;
	if (*start > map->nunits || *n > map->nunits - *start)
		return famfs_error_set(err, -FAMFS_E_EXT_RANGE,
				       "extent at offset %llu, length %llu ends past the device end (%llu)",
				       (unsigned long long)offset, (unsigned long long)len,
				       (unsigned long long)(map->nunits * UNIT));
	if (*start < map->meta_units)
		return famfs_error_set(err, -FAMFS_E_EXT_META,
				       "extent at offset %llu lies inside the superblock and log (first %llu bytes)",
				       (unsigned long long)offset,
				       (unsigned long long)(map->meta_units * UNIT));
	return 0;
}

int famfs_alloc_reserve(struct famfs_alloc *map, uint64_t offset, uint64_t len,
			struct famfs_error *err)
{
	uint64_t start, n, used;
	int rc;

	if (len == 0)
		return 0;
	rc = check_range(map, offset, len, &start, &n, err);
	if (rc || !n)
		return rc;
	used = alloc_find_used(map, start, start + n);
	if (used != start + n)
		return famfs_error_set(err, -FAMFS_E_EXT_OVERLAP,
				       "extent at offset %llu, length %llu overlaps space already in use at offset %llu",
				       (unsigned long long)offset, (unsigned long long)len,
				       (unsigned long long)(used * UNIT));
	alloc_mark(map, start, n);
	return 0;
}

int famfs_alloc_release(struct famfs_alloc *map, uint64_t offset, uint64_t len,
			struct famfs_error *err)
{
	uint64_t start, n;
	int rc;

	if (len == 0)
		return 0;
	rc = check_range(map, offset, len, &start, &n, err);
	if (rc || !n)
		return rc;
	alloc_unmark(map, start, n);
	return 0;
}

/* The extents of fmap as (pointer, count), checking the count. */
static int fmap_extents(const struct famfs_fmap *fmap, const struct famfs_extent **ext,
			uint64_t *count, struct famfs_error *err)
{
	if (fmap->ext_type == FAMFS_EXT_SIMPLE) {
		if (fmap->count > FAMFS_MAX_EXTENTS)
			return famfs_error_set(err, -FAMFS_E_ENTRY_EXT_COUNT,
					       "%u extents, at most %d allowed",
					       fmap->count, FAMFS_MAX_EXTENTS);
		*ext = fmap->ext;
		*count = fmap->count;
		return 0;
	}
	if (fmap->ext_type == FAMFS_EXT_INTERLEAVE) {
		if (fmap->nstrips > FAMFS_MAX_STRIPS)
			return famfs_error_set(err, -FAMFS_E_ENTRY_NSTRIPS,
					       "%llu strips, at most %d allowed",
					       (unsigned long long)fmap->nstrips, FAMFS_MAX_STRIPS);
		*ext = fmap->strips;
		*count = fmap->nstrips;
		return 0;
	}
	return famfs_error_set(err, -FAMFS_E_ENTRY_EXT_TYPE, "unknown extent type %u",
			       fmap->ext_type);
}

static int reserve_extents(struct famfs_alloc *map, const struct famfs_extent *ext,
			   uint64_t count, struct famfs_error *err)
{
	uint64_t i;
	int rc = 0;

	for (i = 0; i < count; i++) {
		if (ext[i].dev_index != 0) {
			rc = famfs_error_set(err, -FAMFS_E_EXT_DEV_INDEX,
					     "extent %llu is on device %llu; only device 0 exists",
					     (unsigned long long)i,
					     (unsigned long long)ext[i].dev_index);
			break;
		}
		rc = famfs_alloc_reserve(map, ext[i].offset, ext[i].len, err);
		if (rc)
			break;
	}
	if (!rc)
		return 0;
	/* all or nothing: give back what this fmap took before the failure */
	while (i--)
		famfs_alloc_release(map, ext[i].offset, ext[i].len, NULL);
	return rc;
}

int famfs_alloc_reserve_fmap(struct famfs_alloc *map, const struct famfs_fmap *fmap,
			     struct famfs_error *err)
{
	const struct famfs_extent *ext;
	uint64_t count;
	int rc;

	rc = fmap_extents(fmap, &ext, &count, err);
	if (rc)
		return rc;
	return reserve_extents(map, ext, count, err);
}

int famfs_alloc_release_fmap(struct famfs_alloc *map, const struct famfs_fmap *fmap,
			     struct famfs_error *err)
{
	const struct famfs_extent *ext;
	uint64_t count, i;
	int rc;

	rc = fmap_extents(fmap, &ext, &count, err);
	if (rc)
		return rc;
	for (i = 0; i < count; i++) {
		rc = famfs_alloc_release(map, ext[i].offset, ext[i].len, err);
		if (rc)
			return rc;
	}
	return 0;
}

int alloc_reserve_ns(const struct famfs_ns *ns,
		     int (*reserve)(void *map, const struct famfs_fmap *fmap,
				    struct famfs_error *err),
		     void *map, struct famfs_error *err)
{
	uint64_t i, count = famfs_ns_count(ns);
	struct famfs_fmap fmap;
	int rc;

	for (i = 0; i < count; i++) {
		const struct famfs_node *node = famfs_ns_node(ns, i);

		if (node->type != FAMFS_NODE_FILE)
			continue;
		famfs_node_fmap(node, &fmap);
		rc = reserve(map, &fmap, err);
		if (rc)
			return error_prefix(err, rc, node->path);
	}
	return 0;
}

static int reserve_fmap(void *map, const struct famfs_fmap *fmap, struct famfs_error *err)
{
	return famfs_alloc_reserve_fmap(map, fmap, err);
}

int famfs_alloc_from_ns(struct famfs_alloc *map, const struct famfs_ns *ns,
			struct famfs_error *err)
{
	return alloc_reserve_ns(ns, reserve_fmap, map, err);
}

uint64_t famfs_alloc_dev_size(const struct famfs_alloc *map)
{
	return map->nunits * UNIT;
}

uint64_t famfs_alloc_used_bytes(const struct famfs_alloc *map)
{
	return map->nused * UNIT;
}

uint64_t famfs_alloc_free_bytes(const struct famfs_alloc *map)
{
	return (map->nunits - map->nused) * UNIT;
}

uint64_t famfs_alloc_largest_free(const struct famfs_alloc *map)
{
	uint64_t best = 0;
	uint64_t p = alloc_find_free(map, map->hint, map->nunits);

	while (p < map->nunits) {
		uint64_t q = alloc_find_used(map, p, map->nunits);

		if (q - p > best)
			best = q - p;
		p = alloc_find_free(map, q, map->nunits);
	}
	return best * UNIT;
}

int famfs_alloc_is_free(const struct famfs_alloc *map, uint64_t offset, uint64_t len)
{
	uint64_t start, n;

	if (len == 0)
		return 1;
	if (check_range(map, offset, len, &start, &n, NULL))
		return 0;
	return alloc_find_used(map, start, start + n) == start + n;
}

int alloc_no_space(const struct famfs_alloc *map, uint64_t need, struct famfs_error *err)
{
	return famfs_error_set(err, -FAMFS_E_NO_SPACE,
			       "no space: %llu bytes needed in one piece, largest free range is %llu bytes, %llu bytes free in total",
			       (unsigned long long)need,
			       (unsigned long long)famfs_alloc_largest_free(map),
			       (unsigned long long)famfs_alloc_free_bytes(map));
}

int famfs_alloc_contig(struct famfs_alloc *map, uint64_t size, struct famfs_fmap *fmap,
		       struct famfs_error *err)
{
	uint64_t n = size ? units_for(size) : 1;
	uint64_t p;

	/* tighten the hint first: every search starts at the first free unit */
	map->hint = alloc_find_free(map, map->hint, map->nunits);
	p = n <= map->nunits ? alloc_find_run(map, map->hint, map->nunits, n) : ALLOC_NONE;
	if (p == ALLOC_NONE)
		return alloc_no_space(map, n * UNIT, err);
	alloc_mark(map, p, n);
	memset(fmap, 0, sizeof(*fmap));
	fmap->ext_type = FAMFS_EXT_SIMPLE;
	fmap->count = 1;
	fmap->ext[0].offset = p * UNIT;
	fmap->ext[0].len = n * UNIT;
	return 0;
}

/* A free run of units, for the multi-extent fall-back. */
struct free_run {
	uint64_t start, n;
};

/*
 * The up to FAMFS_MAX_EXTENTS longest free runs, longest first (earlier
 * first among equals), in top; returns how many there are.
 */
static unsigned int longest_runs(const struct famfs_alloc *map, struct free_run *top)
{
	uint64_t p = alloc_find_free(map, map->hint, map->nunits);
	unsigned int k = 0, i;

	while (p < map->nunits) {
		uint64_t q = alloc_find_used(map, p, map->nunits);

		if (k < FAMFS_MAX_EXTENTS || q - p > top[k - 1].n) {
			i = k < FAMFS_MAX_EXTENTS ? k++ : k - 1;
			for (; i > 0 && top[i - 1].n < q - p; i--)
				top[i] = top[i - 1];
			top[i].start = p;
			top[i].n = q - p;
		}
		p = alloc_find_free(map, q, map->nunits);
	}
	return k;
}

static int by_offset(const void *a, const void *b)
{
	const struct famfs_extent *x = a, *y = b;

	return x->offset < y->offset ? -1 : x->offset > y->offset;
}

/*
 * The fewest free runs that hold n units: the longest ones, since the k
 * longest hold the most any k runs can. The last piece comes from the
 * shortest of the remaining candidates that holds what is left, so the
 * long runs stay whole where they can.
 */
static int alloc_pieces(struct famfs_alloc *map, uint64_t n, struct famfs_fmap *fmap,
			struct famfs_error *err)
{
	struct free_run top[FAMFS_MAX_EXTENTS];
	unsigned int k = longest_runs(map, top), used = 0, i, best;
	uint64_t left = n, held = 0;

	for (i = 0; i < k; i++)
		held += top[i].n;
	if (held < n)
		return famfs_error_set(err, -FAMFS_E_NO_SPACE,
				       "no space: %llu bytes needed, but a file has at most %d "
				       "extents and the %u largest free ranges hold %llu bytes "
				       "(largest %llu, %llu bytes free in total)",
				       (unsigned long long)(n * UNIT), FAMFS_MAX_EXTENTS, k,
				       (unsigned long long)(held * UNIT),
				       (unsigned long long)(k ? top[0].n * UNIT : 0),
				       (unsigned long long)famfs_alloc_free_bytes(map));
	memset(fmap, 0, sizeof(*fmap));
	fmap->ext_type = FAMFS_EXT_SIMPLE;
	while (left > top[used].n) {
		fmap->ext[used].offset = top[used].start * UNIT;
		fmap->ext[used].len = top[used].n * UNIT;
		left -= top[used].n;
		used++;
	}
	/* top is sorted longest first: the last candidate that holds the rest */
	for (best = used; best + 1 < k && top[best + 1].n >= left; best++)
		;
	fmap->ext[used].offset = top[best].start * UNIT;
	fmap->ext[used].len = left * UNIT;
	fmap->count = used + 1;
	for (i = 0; i < fmap->count; i++)
		alloc_mark(map, fmap->ext[i].offset / UNIT, fmap->ext[i].len / UNIT);
	qsort(fmap->ext, fmap->count, sizeof(fmap->ext[0]), by_offset);
	return 0;
}

int famfs_alloc_extents(struct famfs_alloc *map, uint64_t size, struct famfs_fmap *fmap,
			struct famfs_error *err)
{
	uint64_t n = size ? units_for(size) : 1;
	int rc = famfs_alloc_contig(map, size, fmap, NULL);

	if (rc != -FAMFS_E_NO_SPACE)
		return rc;
	if (n > map->nunits - map->nused)
		return famfs_error_set(err, -FAMFS_E_NO_SPACE,
				       "no space: %llu bytes needed, %llu bytes free in total",
				       (unsigned long long)(n * UNIT),
				       (unsigned long long)famfs_alloc_free_bytes(map));
	return alloc_pieces(map, n, fmap, err);
}
