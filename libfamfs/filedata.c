// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * A file's bytes in file order. Simple extents follow one another; an
 * interleaved file goes chunk by chunk, round robin over its strips
 * (chunk k is in strip k % nstrips, at (k / nstrips) * chunk_size).
 */
#include <errno.h>
#include <string.h>

#include "error_internal.h"
#include "filedata.h"

uint64_t fmap_capacity(const struct famfs_fmap *fmap)
{
	uint64_t sum = 0, i;

	if (fmap->ext_type == FAMFS_EXT_INTERLEAVE)
		return fmap->nstrips ? fmap->nstrips * fmap->strips[0].len : 0;
	for (i = 0; i < fmap->count; i++)
		sum += fmap->ext[i].len;
	return sum;
}

static const struct famfs_extent *fmap_extent(const struct famfs_fmap *fmap, unsigned int i)
{
	return fmap->ext_type == FAMFS_EXT_INTERLEAVE ? &fmap->strips[i] : &fmap->ext[i];
}

int file_maps_open(struct file_maps *m, struct famfs_dev *dev,
		   const struct famfs_fmap *fmap, struct famfs_error *err)
{
	unsigned int count = fmap->ext_type == FAMFS_EXT_INTERLEAVE ?
			     (unsigned int)fmap->nstrips : fmap->count;
	uint64_t size = famfs_dev_size(dev);
	unsigned int i;
	int rc;

	memset(m, 0, sizeof(*m));
	m->dev = dev;
	m->fmap = fmap;
	if (count > FAMFS_MAX_EXTENTS)
		return famfs_error_set(err, -FAMFS_E_ENTRY_EXT_COUNT, "%u extents: at most %d",
				       count, FAMFS_MAX_EXTENTS);
	for (i = 0; i < count; i++) {
		const struct famfs_extent *e = fmap_extent(fmap, i);
		void *addr;

		if (e->dev_index != 0 || e->offset > size || e->len > size - e->offset) {
			file_maps_close(m);
			return famfs_error_set(err, -FAMFS_E_EXT_RANGE,
					       "%s: extent %u [%llu, +%llu) is not on the device",
					       famfs_dev_path(dev), i,
					       (unsigned long long)e->offset,
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
			famfs_dev_unmap(m->dev, m->addr[i], m->len[i]);
	m->n = 0;
}

int file_maps_flush(struct file_maps *m, struct famfs_error *err)
{
	unsigned int i;
	int rc;

	for (i = 0; i < m->n; i++) {
		if (!m->addr[i])
			continue;
		rc = famfs_dev_flush(m->dev, m->addr[i], m->len[i], err);
		if (rc)
			return rc;
	}
	return 0;
}

static int walk_simple(const struct file_maps *m, uint64_t total, piece_fn fn, void *arg,
		       struct famfs_error *err)
{
	uint64_t off = 0;
	unsigned int i;
	int rc;

	for (i = 0; i < m->n && off < total; i++) {
		uint64_t len = m->len[i] < total - off ? m->len[i] : total - off;

		if (!len)
			continue;
		rc = fn(arg, m->addr[i], off, len, err);
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

static int walk_strips(const struct file_maps *m, uint64_t total, piece_fn fn, void *arg,
		       struct famfs_error *err)
{
	const uint64_t chunk = m->fmap->chunk_size, n = m->n;
	uint64_t off, k;
	int rc;

	if (!chunk || !n)
		return total ? famfs_error_set(err, -FAMFS_E_EXT_SHORT, "no strips") : 0;
	for (off = 0, k = 0; off < total; k++) {
		uint64_t strip = k % n, at = (k / n) * chunk;
		uint64_t len = chunk < total - off ? chunk : total - off;

		if (at > m->len[strip] || len > m->len[strip] - at)
			return famfs_error_set(err, -FAMFS_E_EXT_SHORT,
					       "strip %llu is %llu bytes, chunk %llu needs more",
					       (unsigned long long)strip,
					       (unsigned long long)m->len[strip],
					       (unsigned long long)k);
		rc = fn(arg, m->addr[strip] + at, off, len, err);
		if (rc)
			return rc;
		off += len;
	}
	return 0;
}

int file_maps_walk(const struct file_maps *m, uint64_t total, piece_fn fn, void *arg,
		   struct famfs_error *err)
{
	if (m->fmap->ext_type == FAMFS_EXT_INTERLEAVE)
		return walk_strips(m, total, fn, arg, err);
	return walk_simple(m, total, fn, arg, err);
}
