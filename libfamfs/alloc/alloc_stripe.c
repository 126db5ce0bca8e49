// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Striped placement. Hardware interleave sets put consecutive ranges of a
 * device on different memory devices; splitting the device into equal
 * buckets and giving each strip its own bucket spreads a file's strips,
 * and so its bandwidth, across them.
 */
#include <errno.h>
#include <string.h>

#include <famfs/alloc.h>

#include "alloc/alloc_internal.h"

#define UNIT	FAMFS_ALLOC_UNIT

int famfs_stripe_validate(const struct famfs_stripe *st, struct famfs_error *err)
{
	uint64_t nb = st->nbuckets ? st->nbuckets : st->nstrips, width;

	if (st->nstrips < 1 || st->nstrips > FAMFS_MAX_STRIPS)
		return famfs_error_set(err, -EINVAL, "%llu strips: give 1 to %d",
				       (unsigned long long)st->nstrips, FAMFS_MAX_STRIPS);
	if (st->chunk_size < UNIT || st->chunk_size % UNIT ||
	    (st->chunk_size & (st->chunk_size - 1)))
		return famfs_error_set(err, -EINVAL,
				       "chunk size %llu: must be a power of two and a multiple of 2 MiB",
				       (unsigned long long)st->chunk_size);
	/* the allocator divides by the stripe width: it must not wrap to 0 */
	if (__builtin_mul_overflow(st->nstrips, st->chunk_size, &width) ||
	    width > FAMFS_STRIPE_MAX_WIDTH)
		return famfs_error_set(err, -EINVAL,
				       "%llu strips of %llu-byte chunks: a stripe that wide is more "
				       "than any device holds (at most %llu bytes)",
				       (unsigned long long)st->nstrips,
				       (unsigned long long)st->chunk_size,
				       (unsigned long long)FAMFS_STRIPE_MAX_WIDTH);
	if (nb < st->nstrips || nb > FAMFS_MAX_BUCKETS)
		return famfs_error_set(err, -EINVAL,
				       "%llu buckets for %llu strips: give %llu to %d, one strip per bucket",
				       (unsigned long long)nb, (unsigned long long)st->nstrips,
				       (unsigned long long)st->nstrips, FAMFS_MAX_BUCKETS);
	return 0;
}

/* splitmix64: a small, well-mixed generator, so a seed fixes the order. */
static uint64_t next_random(uint64_t *state)
{
	uint64_t z = (*state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static void shuffle(unsigned int *order, unsigned int n, uint64_t seed)
{
	uint64_t state = seed;
	unsigned int i;

	for (i = 0; i < n; i++)
		order[i] = i;
	for (i = n; i > 1; i--) {
		unsigned int j = (unsigned int)(next_random(&state) % i);
		unsigned int t = order[i - 1];

		order[i - 1] = order[j];
		order[j] = t;
	}
}

int famfs_alloc_striped(struct famfs_alloc *map, uint64_t size,
			const struct famfs_stripe *st, struct famfs_fmap *fmap,
			struct famfs_error *err)
{
	unsigned int order[FAMFS_MAX_BUCKETS], nb, i;
	uint64_t stripe, nstripes, strip_units, bucket_units, found = 0;
	uint64_t start[FAMFS_MAX_STRIPS];
	int rc;

	rc = famfs_stripe_validate(st, err);
	if (rc)
		return rc;
	if (size < st->chunk_size)
		return famfs_alloc_contig(map, size, fmap, err);
	nb = (unsigned int)(st->nbuckets ? st->nbuckets : st->nstrips);
	stripe = st->nstrips * st->chunk_size;	/* validated: no wrap, nonzero */
	nstripes = size / stripe + (size % stripe != 0);
	bucket_units = map->nunits / nb;
	if (__builtin_mul_overflow(nstripes, st->chunk_size / UNIT, &strip_units))
		return alloc_no_space(map, size, err);
	if (strip_units > bucket_units)
		return famfs_error_set(err, -FAMFS_E_NO_SPACE,
				       "no space: %llu strips of %llu bytes, but each of %u buckets "
				       "is %llu bytes; use more strips or fewer buckets, or no "
				       "striping", (unsigned long long)st->nstrips,
				       (unsigned long long)(strip_units * UNIT), nb,
				       (unsigned long long)(bucket_units * UNIT));

	shuffle(order, nb, st->seed);
	for (i = 0; i < nb && found < st->nstrips; i++) {
		uint64_t lo = order[i] * bucket_units;
		uint64_t p = alloc_find_run(map, lo, lo + bucket_units, strip_units);

		if (p == ALLOC_NONE)
			continue;
		/* mark now, so that a failure later can give it all back */
		alloc_mark(map, p, strip_units);
		start[found++] = p;
	}
	if (found < st->nstrips) {
		uint64_t room = found;

		while (found--)
			famfs_alloc_release(map, start[found] * UNIT, strip_units * UNIT, NULL);
		return famfs_error_set(err, -FAMFS_E_NO_SPACE,
				       "no space: %llu strips of %llu bytes need %llu buckets with room, "
				       "%llu of %u have it (%llu bytes free in total); %s",
				       (unsigned long long)st->nstrips,
				       (unsigned long long)(strip_units * UNIT),
				       (unsigned long long)st->nstrips, (unsigned long long)room, nb,
				       (unsigned long long)famfs_alloc_free_bytes(map),
				       room ? "use fewer strips (as many as buckets have room), "
				       "more buckets, or no striping" :
				       "use more strips (each smaller), or no striping");
	}
	memset(fmap, 0, sizeof(*fmap));
	fmap->ext_type = FAMFS_EXT_INTERLEAVE;
	fmap->count = 1;
	fmap->nstrips = st->nstrips;
	fmap->chunk_size = st->chunk_size;
	for (i = 0; i < st->nstrips; i++) {
		fmap->strips[i].offset = start[i] * UNIT;
		fmap->strips[i].len = strip_units * UNIT;
	}
	return 0;
}
