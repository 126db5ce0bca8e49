// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Where a new file goes on a device set. A plain file, or one striped over
 * the buckets of a device, goes on one device: the one with the most free
 * space unless the caller names one. A file striped across the set has
 * one strip on every device. Without secondaries (or with a writer opened
 * on the primary alone) everything goes on device 0, through the one map,
 * exactly as before sets existed.
 */
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "dev/dev_internal.h"
#include "util/error_internal.h"
#include "write/writer_internal.h"

struct famfs_alloc *writer_map(const struct famfs_writer *w, uint32_t dev)
{
	return w->aset && dev ? famfs_alloc_set_map(w->aset, dev) : w->map;
}

/* The one-device path: today's allocation on device 0, byte for byte. */
static int on_primary(struct famfs_writer *w, const struct famfs_new_file *nf,
		      struct famfs_fmap *fmap, struct famfs_error *err)
{
	struct famfs_stripe one;

	if (nf->place == FAMFS_PLACE_DEVICE && nf->device != 0)
		return famfs_error_set(err, -FAMFS_E_EXT_DEV_INDEX,
				       "%s: device %u: the file system has 1 device (0)",
				       nf->path, nf->device);
	if (nf->place == FAMFS_PLACE_ACROSS) {
		uint64_t n = nf->stripe ? nf->stripe->nstrips : 0;

		if (n != 1)
			return famfs_error_set(err, -EINVAL,
					       "%s: %llu strips across devices, but the file "
					       "system has 1 device: a file striped across them "
					       "has one strip on each, so give 1", nf->path,
					       (unsigned long long)n);
		one = *nf->stripe;
		one.nbuckets = 0;
		return famfs_alloc_striped(w->map, nf->size, &one, fmap, err);
	}
	if (nf->place != FAMFS_PLACE_DEVICE && nf->place != FAMFS_PLACE_MOST_FREE)
		return famfs_error_set(err, -EINVAL, "%s: unknown placement %d", nf->path,
				       (int)nf->place);
	if (nf->stripe)
		return famfs_alloc_striped(w->map, nf->size, nf->stripe, fmap, err);
	return famfs_alloc_extents(w->map, nf->size, fmap, err);
}

int writer_allocate(struct famfs_writer *w, const struct famfs_new_file *nf,
		    struct famfs_fmap *fmap, struct famfs_error *err)
{
	int rc;

	if (w->ndevs < 2)
		return on_primary(w, nf, fmap, err);
	rc = famfs_alloc_set_place(w->aset, nf->size, nf->stripe, nf->place, nf->device, fmap,
				   err);
	return rc ? error_prefix(err, rc, nf->path) : 0;
}

void writer_release(struct famfs_writer *w, const struct famfs_fmap *fmap)
{
	uint64_t i;

	if (!w->aset) {
		famfs_alloc_release_fmap(w->map, fmap, NULL);
		return;
	}
	if (fmap->ext_type == FAMFS_EXT_INTERLEAVE) {
		for (i = 0; i < fmap->nstrips && i < FAMFS_MAX_STRIPS; i++)
			famfs_alloc_release(writer_map(w, fmap->strips[i].dev_index),
					    fmap->strips[i].offset, fmap->strips[i].len, NULL);
		return;
	}
	for (i = 0; i < fmap->count && i < FAMFS_MAX_EXTENTS; i++)
		famfs_alloc_release(writer_map(w, fmap->ext[i].dev_index), fmap->ext[i].offset,
				    fmap->ext[i].len, NULL);
}

int writer_sync_devs(struct famfs_writer *w, uint32_t mask, struct famfs_error *err)
{
	uint32_t i;

	for (i = 0; i < w->ndevs; i++) {
		if (!(mask & (1U << i)))
			continue;
		if (fdatasync(w->devs[i]->fd))
			return famfs_error_set(err, -errno, "%s: cannot flush: %s",
					       w->devs[i]->path, strerror(errno));
		/* tests: a crash with some members' data durable and others' not */
		if (w->ndevs > 1)
			writer_crash_point("member-synced");
	}
	return 0;
}
