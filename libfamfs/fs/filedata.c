// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * A file's bytes in file order. Simple extents follow one another; an
 * interleaved file goes chunk by chunk, round robin over its strips
 * (chunk k is in strip k % nstrips, at (k / nstrips) * chunk_size).
 */
#include <errno.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "dev/dev_internal.h"
#include "util/error_internal.h"
#include "fs/filedata.h"

/*
 * Fault a whole extent in with one call. Touching a fresh mapping page by
 * page costs a fault per 4 KiB, which made copies into an image on tmpfs
 * four times slower than cp (bench/bench_cp). Advice only: errors, or a
 * kernel without MADV_POPULATE_*, just leave the faults to happen later.
 */
static void prefault(const struct famfs_dev *dev, void *addr, uint64_t len)
{
#if defined(MADV_POPULATE_WRITE) && defined(MADV_POPULATE_READ)
	uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE);
	uintptr_t a = (uintptr_t)addr, start = a - a % page;

	madvise((void *)start, len + (a - start),
		(dev->flags & FAMFS_DEV_WRITE) ? MADV_POPULATE_WRITE : MADV_POPULATE_READ);
#else
	(void)dev;
	(void)addr;
	(void)len;
#endif
}

uint64_t fmap_capacity(const struct famfs_fmap *fmap)
{
	uint64_t sum = 0, i;

	/* lengths come from the image: saturate rather than wrap */
	if (fmap->ext_type == FAMFS_EXT_INTERLEAVE) {
		if (__builtin_mul_overflow(fmap->nstrips, fmap->strips[0].len, &sum))
			return UINT64_MAX;
		return sum;
	}
	for (i = 0; i < fmap->count && i < FAMFS_MAX_EXTENTS; i++)
		if (__builtin_add_overflow(sum, fmap->ext[i].len, &sum))
			return UINT64_MAX;
	return sum;
}

static const struct famfs_extent *fmap_extent(const struct famfs_fmap *fmap, unsigned int i)
{
	return fmap->ext_type == FAMFS_EXT_INTERLEAVE ? &fmap->strips[i] : &fmap->ext[i];
}

int file_maps_open(struct file_maps *m, struct famfs_dev *dev,
		   const struct famfs_fmap *fmap, struct famfs_error *err)
{
	return file_maps_open_devs(m, &dev, 1, fmap, err);
}

int file_maps_open_devs(struct file_maps *m, struct famfs_dev *const *devs, uint32_t ndev,
			const struct famfs_fmap *fmap, struct famfs_error *err)
{
	unsigned int count = fmap->ext_type == FAMFS_EXT_INTERLEAVE ?
			     (unsigned int)fmap->nstrips : fmap->count;
	unsigned int i;
	int rc;

	memset(m, 0, sizeof(*m));
	m->fmap = fmap;
	if (count > FAMFS_MAX_EXTENTS)
		return famfs_error_set(err, -FAMFS_E_ENTRY_EXT_COUNT, "%u extents: at most %d",
				       count, FAMFS_MAX_EXTENTS);
	for (i = 0; i < count; i++) {
		const struct famfs_extent *e = fmap_extent(fmap, i);
		struct famfs_dev *dev = e->dev_index < ndev ? devs[e->dev_index] : NULL;
		uint64_t size = dev ? famfs_dev_size(dev) : 0;
		void *addr;

		if (!dev || e->offset > size || e->len > size - e->offset) {
			file_maps_close(m);
			return famfs_error_set(err, -FAMFS_E_EXT_RANGE,
					       "%s: extent %u [%llu, +%llu) is not on the device",
					       dev ? famfs_dev_path(dev) : famfs_dev_path(devs[0]),
					       i, (unsigned long long)e->offset,
					       (unsigned long long)e->len);
		}
		addr = NULL;
		if (e->len) {
			rc = famfs_dev_map(dev, e->offset, e->len, &addr, err);
			if (rc) {
				file_maps_close(m);
				return rc;
			}
		}
		if (addr)
			prefault(dev, addr, e->len);
		m->dev[i] = dev;
		m->addr[i] = addr;
		m->len[i] = e->len;
		m->n = i + 1;
	}
	return 0;
}

void file_maps_close(struct file_maps *m)
{
	unsigned int i;

	for (i = 0; i < m->n; i++)
		if (m->addr[i])
			famfs_dev_unmap(m->dev[i], m->addr[i], m->len[i]);
	m->n = 0;
}

int file_maps_flush(struct file_maps *m, struct famfs_error *err)
{
	unsigned int i;
	int rc;

	for (i = 0; i < m->n; i++) {
		if (!m->addr[i])
			continue;
		rc = famfs_dev_flush(m->dev[i], m->addr[i], m->len[i], err);
		if (rc)
			return rc;
	}
	return 0;
}

static int walk_simple(const struct famfs_fmap *fmap, uint64_t total, segment_fn fn,
		       void *arg, struct famfs_error *err)
{
	uint64_t off = 0;
	unsigned int i;
	int rc;

	for (i = 0; i < fmap->count && i < FAMFS_MAX_EXTENTS && off < total; i++) {
		uint64_t elen = fmap->ext[i].len;
		uint64_t len = elen < total - off ? elen : total - off;

		if (!len)
			continue;
		rc = fn(arg, i, 0, off, len, err);
		if (rc)
			return rc;
		off += len;
	}
	if (off < total)
		return famfs_error_set(err, -FAMFS_E_EXT_SHORT,
				       "extents hold %llu bytes, %llu needed",
				       (unsigned long long)off, (unsigned long long)total);
	return 0;
}

static int walk_strips(const struct famfs_fmap *fmap, uint64_t total, segment_fn fn,
		       void *arg, struct famfs_error *err)
{
	const uint64_t chunk = fmap->chunk_size, n = fmap->nstrips;
	uint64_t off, k;
	int rc;

	if (!chunk || !n || n > FAMFS_MAX_STRIPS)
		return total ? famfs_error_set(err, -FAMFS_E_EXT_SHORT, "no usable strips") : 0;
	for (off = 0, k = 0; off < total; k++) {
		/* (k / n) * chunk <= k * chunk == off < total: cannot wrap */
		uint64_t strip = k % n, at = (k / n) * chunk, slen = fmap->strips[strip].len;
		uint64_t len = chunk < total - off ? chunk : total - off;

		if (at > slen || len > slen - at)
			return famfs_error_set(err, -FAMFS_E_EXT_SHORT,
					       "strip %llu is %llu bytes, chunk %llu needs more",
					       (unsigned long long)strip, (unsigned long long)slen,
					       (unsigned long long)k);
		rc = fn(arg, (unsigned int)strip, at, off, len, err);
		if (rc)
			return rc;
		off += len;
	}
	return 0;
}

int fmap_walk(const struct famfs_fmap *fmap, uint64_t total, segment_fn fn, void *arg,
	      struct famfs_error *err)
{
	if (fmap->ext_type == FAMFS_EXT_INTERLEAVE)
		return walk_strips(fmap, total, fn, arg, err);
	return walk_simple(fmap, total, fn, arg, err);
}

struct map_walk {
	const struct file_maps *m;
	piece_fn fn;
	void *arg;
};

static int map_segment(void *arg, unsigned int i, uint64_t at, uint64_t off, uint64_t len,
		       struct famfs_error *err)
{
	struct map_walk *mw = arg;

	/* fmap_walk keeps [at, at + len) inside extent i, which is mapped whole */
	return mw->fn(mw->arg, mw->m->addr[i] + at, off, len, err);
}

int file_maps_walk(const struct file_maps *m, uint64_t total, piece_fn fn, void *arg,
		   struct famfs_error *err)
{
	struct map_walk mw = { m, fn, arg };

	return fmap_walk(m->fmap, total, map_segment, &mw, err);
}
