// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Allocation over a device set: one map per device (famfs_alloc), the
 * primary's with its superblock and log reserved, each secondary's with
 * its first allocation unit (its superblock) reserved. Extents go to the
 * map their device index names. Placement: a plain file on one device
 * (the one with the most free space unless the caller names one); a
 * striped file across devices has one strip on each of the nstrips
 * devices with the most free space.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <famfs/devset.h>

#include "alloc/alloc_internal.h"
#include "util/error_internal.h"

struct famfs_alloc_set {
	uint32_t count;
	struct famfs_alloc *map[FAMFS_MAX_DEVICES];
};

void famfs_alloc_set_free(struct famfs_alloc_set *set)
{
	uint32_t i;

	if (!set)
		return;
	for (i = 0; i < set->count; i++)
		famfs_alloc_free(set->map[i]);
	free(set);
}

int famfs_alloc_set_new(const struct famfs_devset *ds, const struct famfs_superblock *primary,
			struct famfs_alloc_set **setp, struct famfs_error *err)
{
	struct famfs_alloc_set *set;
	uint32_t i;
	int rc = 0;

	if (ds->count < 1 || ds->count > FAMFS_MAX_DEVICES)
		return famfs_error_set(err, -EINVAL, "a device set of %u devices", ds->count);
	set = calloc(1, sizeof(*set));
	if (!set)
		return famfs_error_set(err, -ENOMEM, "out of memory");
	for (i = 0; i < ds->count && !rc; i++) {
		rc = famfs_alloc_new(ds->dev[i].size, i ? NULL : primary, &set->map[i], err);
		if (!rc)
			set->count++;
		/* a secondary's superblock region is never handed out */
		if (!rc && i)
			rc = famfs_alloc_reserve(set->map[i], 0, FAMFS_SB_REGION, err);
	}
	if (rc) {
		famfs_alloc_set_free(set);
		return rc;
	}
	*setp = set;
	return 0;
}

uint32_t famfs_alloc_set_count(const struct famfs_alloc_set *set)
{
	return set->count;
}

struct famfs_alloc *famfs_alloc_set_map(const struct famfs_alloc_set *set, uint32_t index)
{
	return index < set->count ? set->map[index] : NULL;
}

/* The extents (or strips) of an fmap, as an array and a count. */
static const struct famfs_extent *fmap_extents(const struct famfs_fmap *f, uint32_t *n)
{
	if (f->ext_type == FAMFS_EXT_INTERLEAVE) {
		*n = (uint32_t)(f->nstrips <= FAMFS_MAX_STRIPS ? f->nstrips : FAMFS_MAX_STRIPS);
		return f->strips;
	}
	*n = f->count <= FAMFS_MAX_EXTENTS ? f->count : FAMFS_MAX_EXTENTS;
	return f->ext;
}

static void release_first(struct famfs_alloc_set *set, const struct famfs_extent *x, uint32_t n)
{
	uint32_t i;

	for (i = 0; i < n; i++)
		famfs_alloc_release(set->map[x[i].dev_index], x[i].offset, x[i].len, NULL);
}

int famfs_alloc_set_reserve_fmap(struct famfs_alloc_set *set, const struct famfs_fmap *fmap,
				 struct famfs_error *err)
{
	const struct famfs_extent *x;
	uint32_t i, n;
	int rc;

	x = fmap_extents(fmap, &n);
	for (i = 0; i < n; i++) {
		if (x[i].dev_index >= set->count) {
			release_first(set, x, i);
			return famfs_error_set(err, -FAMFS_E_EXT_DEV_INDEX,
					       "extent %u is on device %llu; the file system has %u",
					       i, (unsigned long long)x[i].dev_index, set->count);
		}
		rc = famfs_alloc_reserve(set->map[x[i].dev_index], x[i].offset, x[i].len, err);
		if (rc) {
			release_first(set, x, i);
			return rc;
		}
	}
	return 0;
}

static int reserve_set_fmap(void *set, const struct famfs_fmap *fmap, struct famfs_error *err)
{
	return famfs_alloc_set_reserve_fmap(set, fmap, err);
}

int famfs_alloc_set_from_ns(struct famfs_alloc_set *set, const struct famfs_ns *ns,
			    struct famfs_error *err)
{
	return alloc_reserve_ns(ns, reserve_set_fmap, set, err);
}

/* Devices by free space, most first; ties by lower index (stable). */
static void by_free(const struct famfs_alloc_set *set, uint32_t *order)
{
	uint32_t i, j;

	for (i = 0; i < set->count; i++)
		order[i] = i;
	for (i = 1; i < set->count; i++) {
		uint32_t v = order[i];
		uint64_t f = famfs_alloc_free_bytes(set->map[v]);

		for (j = i; j > 0 && famfs_alloc_free_bytes(set->map[order[j - 1]]) < f; j--)
			order[j] = order[j - 1];
		order[j] = v;
	}
}

static void stamp(struct famfs_fmap *f, uint32_t dev)
{
	uint32_t i, n;
	struct famfs_extent *x = (struct famfs_extent *)fmap_extents(f, &n);

	for (i = 0; i < n; i++)
		x[i].dev_index = dev;
}

int famfs_alloc_set_file(struct famfs_alloc_set *set, uint64_t size, int dev,
			 struct famfs_fmap *fmap, struct famfs_error *err)
{
	uint32_t order[FAMFS_MAX_DEVICES];
	int rc;

	if (dev >= 0) {
		if ((uint32_t)dev >= set->count)
			return famfs_error_set(err, -FAMFS_E_EXT_DEV_INDEX,
					       "device %d: the file system has devices 0 to %u",
					       dev, set->count - 1);
		order[0] = (uint32_t)dev;
	} else {
		by_free(set, order);
	}
	rc = famfs_alloc_extents(set->map[order[0]], size, fmap, err);
	if (rc)
		return dev >= 0 ? rc : error_prefix(err, rc, "the device with the most free space");
	stamp(fmap, order[0]);
	return 0;
}

int famfs_alloc_set_striped(struct famfs_alloc_set *set, uint64_t size, uint64_t nstrips,
			    uint64_t chunk, struct famfs_fmap *fmap, struct famfs_error *err)
{
	struct famfs_stripe st = { .nstrips = nstrips, .chunk_size = chunk };
	uint32_t order[FAMFS_MAX_DEVICES], i;
	uint64_t width, chunks, strip;
	struct famfs_fmap one;
	int rc;

	rc = famfs_stripe_validate(&st, err);
	if (rc)
		return rc;
	if (nstrips > set->count)
		return famfs_error_set(err, -EINVAL,
				       "%llu strips across devices, but the file system has %u devices",
				       (unsigned long long)nstrips, set->count);
	if (size < chunk)	/* as on one device: a small file is one extent */
		return famfs_alloc_set_file(set, size, -1, fmap, err);
	/* validated: nstrips * chunk <= FAMFS_STRIPE_MAX_WIDTH */
	width = nstrips * chunk;
	chunks = size / width + (size % width != 0);
	if (__builtin_mul_overflow(chunks, chunk, &strip))
		return famfs_error_set(err, -FAMFS_E_NO_SPACE, "a strip of %llu chunks is too long",
				       (unsigned long long)chunks);
	memset(fmap, 0, sizeof(*fmap));
	fmap->ext_type = FAMFS_EXT_INTERLEAVE;
	fmap->count = 1;
	fmap->nstrips = nstrips;
	fmap->chunk_size = chunk;
	by_free(set, order);
	for (i = 0; i < nstrips; i++) {
		rc = famfs_alloc_contig(set->map[order[i]], strip, &one, err);
		if (rc) {
			release_first(set, fmap->strips, i);
			return error_prefix(err, rc, "strip on a device");
		}
		fmap->strips[i] = one.ext[0];
		fmap->strips[i].dev_index = order[i];
	}
	return 0;
}
