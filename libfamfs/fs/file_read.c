// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Reading a file back out. Only the file's own bytes are touched, never
 * the rest of its extents (a 1-byte file may own a 16 GiB extent), and
 * never more than a bounded window at a time. Image files are read with
 * pread: a mapping of a file that shrinks under us raises SIGBUS, while
 * pread returns short and lets us say which range vanished.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <famfs/writer.h>

#include "dev/dev_internal.h"
#include "util/error_internal.h"
#include "fs/filedata.h"

/* Mapped at most at once from a DAX or block device. */
#define READ_MAP_WINDOW		(64ULL << 20)
/* Buffer for pread of an image file: big enough that calls are cheap. */
#define READ_BUF_MAX		(4ULL << 20)

struct read_ctx {
	struct famfs_dev *dev;		/* the device of the segment being read */
	struct famfs_dev *const *devs;	/* by device index */
	uint32_t ndev;
	const struct famfs_node *node;
	const struct famfs_fmap *fmap;
	famfs_emit_cb emit;
	void *arg;
	uint8_t *buf;
	uint64_t buflen;
};

static const struct famfs_extent *extent_of(const struct famfs_fmap *fmap, unsigned int i)
{
	return fmap->ext_type == FAMFS_EXT_INTERLEAVE ? &fmap->strips[i] : &fmap->ext[i];
}

static int vanished(struct read_ctx *rd, uint64_t at, uint64_t len, struct famfs_error *err)
{
	struct stat st;
	unsigned long long now = fstat(rd->dev->fd, &st) == 0 ? (unsigned long long)st.st_size : 0;

	return famfs_error_set(err, -EIO,
			       "%s: bytes [%llu, %llu) vanished while reading '%s': the image "
			       "is now %llu bytes (truncated while in use?)",
			       rd->dev->path, (unsigned long long)at,
			       (unsigned long long)(at + len), rd->node->path, now);
}

static int read_file_range(struct read_ctx *rd, uint64_t at, uint64_t off, uint64_t len,
			   struct famfs_error *err)
{
	while (len) {
		uint64_t want = len < rd->buflen ? len : rd->buflen, got = 0;
		int r;

		while (got < want) {
			ssize_t n = pread(rd->dev->fd, rd->buf + got, want - got,
					  (off_t)(at + got));

			if (n < 0 && errno == EINTR)
				continue;
			if (n < 0)
				return famfs_error_set(err, -errno, "%s: cannot read %llu bytes at "
						       "%llu: %s", rd->dev->path,
						       (unsigned long long)(want - got),
						       (unsigned long long)(at + got), strerror(errno));
			if (n == 0)
				return vanished(rd, at + got, len - got, err);
			got += (uint64_t)n;
		}
		r = rd->emit(rd->arg, rd->buf, off, want, err);
		if (r)
			return r;
		at += want;
		off += want;
		len -= want;
	}
	return 0;
}

static int read_mapped_range(struct read_ctx *rd, uint64_t at, uint64_t off, uint64_t len,
			     struct famfs_error *err)
{
	while (len) {
		uint64_t want = len < READ_MAP_WINDOW ? len : READ_MAP_WINDOW;
		void *p;
		int r = famfs_dev_map(rd->dev, at, want, &p, err);

		if (r)
			return r;
#ifdef MADV_POPULATE_READ
		{
			/* one call for the window's faults; advice only */
			uintptr_t pg = (uintptr_t)sysconf(_SC_PAGESIZE), a = (uintptr_t)p;

			madvise((void *)(a - a % pg), want + a % pg, MADV_POPULATE_READ);
		}
#endif
		r = rd->emit(rd->arg, p, off, want, err);
		famfs_dev_unmap(rd->dev, p, want);
		if (r)
			return r;
		at += want;
		off += want;
		len -= want;
	}
	return 0;
}

/* fmap_walk callback: file bytes [off, off + len) are at byte at of extent i. */
static int read_segment(void *arg, unsigned int i, uint64_t at, uint64_t off, uint64_t len,
			struct famfs_error *err)
{
	struct read_ctx *rd = arg;
	const struct famfs_extent *e = extent_of(rd->fmap, i);
	uint64_t size, start;

	if (e->dev_index < rd->ndev && !rd->devs[e->dev_index])
		return famfs_error_set(err, -FAMFS_E_DEV_MISSING,
				       "'%s': %s %u is on device %llu, which is not open: "
				       "name it with -d/--device", rd->node->path,
				       rd->fmap->ext_type == FAMFS_EXT_INTERLEAVE ? "strip" : "extent",
				       i, (unsigned long long)e->dev_index);
	rd->dev = rd->devs[e->dev_index < rd->ndev ? e->dev_index : 0];
	size = famfs_dev_size(rd->dev);
	/* fmap_walk keeps [at, at + len) inside the extent; the extent must be on the device */
	if (e->dev_index >= rd->ndev || __builtin_add_overflow(e->offset, at, &start) ||
	    start > size || len > size - start)
		return famfs_error_set(err, -FAMFS_E_EXT_RANGE,
				       "%s: extent %u [%llu, +%llu) of '%s' is not on the device",
				       rd->dev->path, i, (unsigned long long)e->offset,
				       (unsigned long long)e->len, rd->node->path);
	if (rd->dev->type == FAMFS_DEV_FILE)
		return read_file_range(rd, start, off, len, err);
	return read_mapped_range(rd, start, off, len, err);
}

int famfs_file_read(struct famfs_dev *dev, const struct famfs_node *node,
		    famfs_emit_cb emit, void *arg, struct famfs_error *err)
{
	return famfs_file_read_devs(&dev, 1, node, emit, arg, err);
}

/* Whether any device the file's extents name is an image file (read with pread). */
static int any_image(struct famfs_dev *const *devs, uint32_t ndev)
{
	uint32_t i;

	for (i = 0; i < ndev; i++)
		if (devs[i] && devs[i]->type == FAMFS_DEV_FILE)
			return 1;
	return 0;
}

int famfs_file_read_devs(struct famfs_dev *const *devs, uint32_t ndev,
			 const struct famfs_node *node, famfs_emit_cb emit, void *arg,
			 struct famfs_error *err)
{
	struct read_ctx rd = { devs[0], devs, ndev, node, NULL, emit, arg, NULL, 0 };
	struct famfs_fmap fmap;
	int r;

	if (node->type != FAMFS_NODE_FILE)
		return famfs_error_set(err, -EISDIR, "'%s' is a directory", node->path);
	famfs_node_fmap(node, &fmap);
	if (node->size > fmap_capacity(&fmap))
		return famfs_error_set(err, -FAMFS_E_EXT_SHORT,
				       "'%s': size %llu, but its extents hold %llu bytes",
				       node->path, (unsigned long long)node->size,
				       (unsigned long long)fmap_capacity(&fmap));
	rd.fmap = &fmap;
	if (any_image(devs, ndev) && node->size) {
		rd.buflen = node->size < READ_BUF_MAX ? node->size : READ_BUF_MAX;
		rd.buf = malloc(rd.buflen);
		if (!rd.buf)
			return famfs_error_set(err, -ENOMEM, "out of memory");
	}
	r = fmap_walk(&fmap, node->size, read_segment, &rd, err);
	free(rd.buf);
	return r;
}
