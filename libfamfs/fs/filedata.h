/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Internal: walking a file's data through mappings of its extents. */
#ifndef FAMFS_FILEDATA_H
#define FAMFS_FILEDATA_H

#include <famfs/device.h>
#include <famfs/format.h>

struct file_maps {
	const struct famfs_fmap *fmap;
	unsigned int n;				/* extents (or strips) mapped */
	struct famfs_dev *dev[FAMFS_MAX_EXTENTS];	/* each one's device */
	uint8_t *addr[FAMFS_MAX_EXTENTS];
	uint64_t len[FAMFS_MAX_EXTENTS];
};

/*
 * Map every extent or strip of fmap (read-only unless the device was
 * opened for writing). Refuses extents past the end of the device.
 */
int file_maps_open(struct file_maps *m, struct famfs_dev *dev,
		   const struct famfs_fmap *fmap, struct famfs_error *err);
/*
 * The same over a device set: each extent on devs[its device index]
 * (ndev of them); an index past ndev, or a NULL device, is refused.
 */
int file_maps_open_devs(struct file_maps *m, struct famfs_dev *const *devs, uint32_t ndev,
			const struct famfs_fmap *fmap, struct famfs_error *err);
void file_maps_close(struct file_maps *m);
/* Flush every mapping to durable media. */
int file_maps_flush(struct file_maps *m, struct famfs_error *err);
/* Bytes the layout holds: the extents' sum, or nstrips times the strip length. */
uint64_t fmap_capacity(const struct famfs_fmap *fmap);

/*
 * Called for each contiguous piece of a file in order: bytes [at, at + len)
 * of extent (or strip) i hold file bytes [off, off + len).
 */
typedef int (*segment_fn)(void *arg, unsigned int i, uint64_t at, uint64_t off,
			  uint64_t len, struct famfs_error *err);

/* Walk bytes [0, total) of a layout; -FAMFS_E_EXT_SHORT if it holds fewer. */
int fmap_walk(const struct famfs_fmap *fmap, uint64_t total, segment_fn fn, void *arg,
	      struct famfs_error *err);

/* Called for each contiguous piece [off, off + len) of the file, in order. */
typedef int (*piece_fn)(void *arg, uint8_t *p, uint64_t off, uint64_t len,
			struct famfs_error *err);

/* Walk bytes [0, total) of the file, piece by piece (total <= capacity). */
int file_maps_walk(const struct file_maps *m, uint64_t total, piece_fn fn, void *arg,
		   struct famfs_error *err);

#endif
