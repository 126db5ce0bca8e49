// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Placement of a new file on a device set: one device for a plain file or
 * one striped over a device's buckets (the one with the most free space
 * unless the caller names one), or one strip on every device. Shared by
 * the writer and by famfs-layout --plan, so a plan is what a copy gets.
 */
#include <errno.h>
#include <stdio.h>

#include <famfs/devset.h>

#include "util/error_internal.h"

/* Every extent (or strip) of fmap is put on device dev. */
static void on_device(struct famfs_fmap *fmap, uint32_t dev)
{
	uint64_t i;

	if (fmap->ext_type == FAMFS_EXT_INTERLEAVE)
		for (i = 0; i < fmap->nstrips && i < FAMFS_MAX_STRIPS; i++)
			fmap->strips[i].dev_index = dev;
	else
		for (i = 0; i < fmap->count && i < FAMFS_MAX_EXTENTS; i++)
			fmap->ext[i].dev_index = dev;
}

/* The device with the most free space; the lowest index among equals. */
static uint32_t most_free(const struct famfs_alloc_set *set)
{
	uint32_t i, dev = 0, n = famfs_alloc_set_count(set);
	uint64_t best = famfs_alloc_free_bytes(famfs_alloc_set_map(set, 0)), f;

	for (i = 1; i < n; i++) {
		f = famfs_alloc_free_bytes(famfs_alloc_set_map(set, i));
		if (f > best) {
			best = f;
			dev = i;
		}
	}
	return dev;
}

static int across(struct famfs_alloc_set *set, uint64_t size, const struct famfs_stripe *st,
		  struct famfs_fmap *fmap, struct famfs_error *err)
{
	uint32_t n = famfs_alloc_set_count(set);

	if (!st)
		return famfs_error_set(err, -EINVAL,
				       "striping across devices needs a stripe (N,CHUNK)");
	if (st->nstrips != n)
		return famfs_error_set(err, -EINVAL,
				       "%llu strips across devices, but the file system has %u "
				       "device%s: a file striped across them has one strip on "
				       "each, so give %u", (unsigned long long)st->nstrips, n,
				       n == 1 ? "" : "s", n);
	return famfs_alloc_set_striped(set, size, st->nstrips, st->chunk_size, fmap, err);
}

int famfs_alloc_set_place(struct famfs_alloc_set *set, uint64_t size,
			  const struct famfs_stripe *stripe, enum famfs_place place,
			  uint32_t device, struct famfs_fmap *fmap, struct famfs_error *err)
{
	uint32_t n = famfs_alloc_set_count(set), dev;
	struct famfs_alloc *map;
	char where[32];
	int rc;

	switch (place) {
	case FAMFS_PLACE_ACROSS:
		return across(set, size, stripe, fmap, err);
	case FAMFS_PLACE_DEVICE:
		if (device >= n)
			return famfs_error_set(err, -FAMFS_E_EXT_DEV_INDEX,
					       "device %u: the file system has %u device%s "
					       "(0 to %u)", device, n, n == 1 ? "" : "s", n - 1);
		dev = device;
		break;
	case FAMFS_PLACE_MOST_FREE:
		dev = most_free(set);
		break;
	default:
		return famfs_error_set(err, -EINVAL, "unknown placement %d", (int)place);
	}
	map = famfs_alloc_set_map(set, dev);
	rc = stripe ? famfs_alloc_striped(map, size, stripe, fmap, err) :
		      famfs_alloc_extents(map, size, fmap, err);
	if (rc) {
		snprintf(where, sizeof(where), "device %u", dev);
		return error_prefix(err, rc, where);
	}
	on_device(fmap, dev);
	return 0;
}
