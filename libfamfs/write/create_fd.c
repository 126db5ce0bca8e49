// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Creating a file from a file descriptor. On a DAX device the data goes
 * through the mapping, read straight into it. An image file or block
 * device is written with copy_file_range() instead: mapping a hole of an
 * image makes the kernel zero each page before it is overwritten, which
 * cost three times what cp(1) takes (bench/bench_cp); then fdatasync().
 * famfs_writer_create_mem() takes the data from memory instead, for a
 * caller that read the source itself (famfs-cp reads small files on
 * several threads).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "alloc/alloc_internal.h"
#include "dev/dev_internal.h"
#include "util/error_internal.h"
#include "fs/filedata.h"
#include "fs/fs_internal.h"
#include "write/writer_internal.h"

#define BOUNCE_SIZE	((size_t)1 << 20)

struct fd_copy {
	int src, dst;			/* dst: the device of the extent being written */
	uint32_t dev;			/* its index */
	const uint8_t *mem;		/* the source in memory, instead of src */
	uint64_t size;
	const struct famfs_fmap *fmap;
	uint8_t *bounce;		/* for when copy_file_range cannot be used */
	int use_bounce;
	struct famfs_writer *w;
};

/* Copies go in pieces of this size, so that progress can be shown. */
#define COPY_PIECE	((size_t)64 << 20)

static int read_fill(void *arg, void *dst, uint64_t off, uint64_t len, struct famfs_error *err)
{
	const int *fd = arg;
	uint8_t *p = dst;

	while (len) {
		ssize_t n = pread(*fd, p, len > (1U << 30) ? (1U << 30) : (size_t)len, (off_t)off);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return famfs_error_set(err, -errno, "cannot read the source: %s",
					       strerror(errno));
		if (n == 0)
			return famfs_error_set(err, -EIO, "the source shrank while it was copied");
		p += n;
		off += (uint64_t)n;
		len -= (uint64_t)n;
	}
	return 0;
}

/* The bounce buffer, allocated the first time a copy needs it. */
static int need_bounce(struct fd_copy *c, struct famfs_error *err)
{
	if (!c->bounce)
		c->bounce = malloc(BOUNCE_SIZE);
	if (!c->bounce)
		return famfs_error_set(err, -ENOMEM, "out of memory");
	return 0;
}

static int bounce_copy(struct fd_copy *c, uint64_t src_off, uint64_t dst_off, uint64_t len,
		       struct famfs_error *err)
{
	int rc = need_bounce(c, err);

	if (rc)
		return rc;
	while (len) {
		size_t want = len < BOUNCE_SIZE ? (size_t)len : BOUNCE_SIZE;
		rc = read_fill(&c->src, c->bounce, src_off, want, err);

		if (rc)
			return rc;
		if (pwrite(c->dst, c->bounce, want, (off_t)dst_off) != (ssize_t)want)
			return famfs_error_set(err, errno ? -errno : -EIO,
					       "cannot write the device: %s", strerror(errno));
		src_off += want;
		dst_off += want;
		len -= want;
		writer_progress(c->w, want);
	}
	return 0;
}

/*
 * Up to this many bytes go by one pread and one pwrite through the stack:
 * for a small file, copy_file_range's splice set-up costs more than the
 * copy (bench/bench_cp, small files).
 */
#define SMALL_COPY	((size_t)4096)

/* A source already in memory: written from there, in pieces for progress. */
static int copy_mem(struct fd_copy *c, uint64_t src_off, uint64_t dst_off, uint64_t len,
		    struct famfs_error *err)
{
	while (len) {
		size_t want = len < COPY_PIECE ? (size_t)len : COPY_PIECE;
		ssize_t n = pwrite(c->dst, c->mem + src_off, want, (off_t)dst_off);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return famfs_error_set(err, n < 0 ? -errno : -EIO,
					       "cannot write the device: %s",
					       n < 0 ? strerror(errno) : "no progress");
		src_off += (uint64_t)n;
		dst_off += (uint64_t)n;
		len -= (uint64_t)n;
		writer_progress(c->w, (uint64_t)n);
	}
	return 0;
}

static int copy_small(struct fd_copy *c, uint64_t src_off, uint64_t dst_off, size_t len,
		      struct famfs_error *err)
{
	uint8_t buf[SMALL_COPY];
	int rc = read_fill(&c->src, buf, src_off, len, err);

	if (rc)
		return rc;
	if (pwrite(c->dst, buf, len, (off_t)dst_off) != (ssize_t)len)
		return famfs_error_set(err, errno ? -errno : -EIO,
				       "cannot write the device: %s", strerror(errno));
	writer_progress(c->w, len);
	return 0;
}

static int copy_range(struct fd_copy *c, uint64_t src_off, uint64_t dst_off, uint64_t len,
		      struct famfs_error *err)
{
	if (c->mem)
		return copy_mem(c, src_off, dst_off, len, err);
	if (len <= SMALL_COPY)
		return copy_small(c, src_off, dst_off, (size_t)len, err);
	while (len && !c->use_bounce) {
		loff_t in = (loff_t)src_off, out = (loff_t)dst_off;
		ssize_t n = copy_file_range(c->src, &in, c->dst, &out,
					    len > COPY_PIECE ? COPY_PIECE : (size_t)len, 0);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && (errno == EXDEV || errno == EINVAL || errno == ENOSYS ||
			      errno == EOPNOTSUPP || errno == EBADF)) {
			c->use_bounce = 1;
			break;
		}
		if (n < 0)
			return famfs_error_set(err, -errno, "cannot copy into the device: %s",
					       strerror(errno));
		if (n == 0)
			return famfs_error_set(err, -EIO, "the source shrank while it was copied");
		src_off += (uint64_t)n;
		dst_off += (uint64_t)n;
		len -= (uint64_t)n;
		writer_progress(c->w, (uint64_t)n);
	}
	return len ? bounce_copy(c, src_off, dst_off, len, err) : 0;
}

/* Free units punched together with a file's tail, so the next files need no punch. */
#define ZERO_AHEAD_UNITS	128

/*
 * A hole over [dst_off, +len) and over the free units right after it: one
 * fallocate then serves the tails of the many small files that first fit
 * puts there next (a syscall, and on ext4 a journal update, each).
 */
static int punch_tail(struct fd_copy *c, uint64_t dst_off, uint64_t len)
{
	struct famfs_writer *w = c->w;
	const struct famfs_alloc *map = writer_map(w, c->dev);
	uint64_t end = dst_off + len, hi = end;

	if (c->dev == w->zero_dev && dst_off >= w->zero_lo && end <= w->zero_hi)
		return 0;
	if (end % FAMFS_ALLOC_UNIT == 0 && end / FAMFS_ALLOC_UNIT < map->nunits) {
		uint64_t u = end / FAMFS_ALLOC_UNIT;
		uint64_t stop = map->nunits - u > ZERO_AHEAD_UNITS ? u + ZERO_AHEAD_UNITS :
				map->nunits;

		hi = alloc_find_used(map, u, stop) * FAMFS_ALLOC_UNIT;
	}
	if (fallocate(c->dst, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, (off_t)dst_off,
		      (off_t)(hi - dst_off)))
		return -1;
	if (hi > end) {
		w->zero_dev = c->dev;
		w->zero_lo = end;
		w->zero_hi = hi;
	}
	return 0;
}

/* Zeros over [dst_off, +len): a hole in an image, written zeros elsewhere. */
static int zero_range(struct fd_copy *c, int is_file, uint64_t dst_off, uint64_t len,
		      struct famfs_error *err)
{
	int rc;

	if (is_file && !punch_tail(c, dst_off, len))
		return 0;
	rc = need_bounce(c, err);
	if (rc)
		return rc;
	memset(c->bounce, 0, BOUNCE_SIZE);
	while (len) {
		size_t want = len < BOUNCE_SIZE ? (size_t)len : BOUNCE_SIZE;

		if (pwrite(c->dst, c->bounce, want, (off_t)dst_off) != (ssize_t)want)
			return famfs_error_set(err, errno ? -errno : -EIO,
					       "cannot write the device: %s", strerror(errno));
		dst_off += want;
		len -= want;
	}
	return 0;
}

struct segment_ctx {
	struct fd_copy *c;
	uint32_t written;		/* devices written to (bit = index) */
};

static int copy_segment(void *arg, unsigned int i, uint64_t at, uint64_t off, uint64_t len,
			struct famfs_error *err)
{
	struct segment_ctx *sc = arg;
	struct fd_copy *c = sc->c;
	const struct famfs_extent *e = c->fmap->ext_type == FAMFS_EXT_INTERLEAVE ?
				       &c->fmap->strips[i] : &c->fmap->ext[i];
	uint64_t dst = e->offset + at;
	uint64_t data = off >= c->size ? 0 : (c->size - off < len ? c->size - off : len);
	struct famfs_dev *dev = c->w->devs[e->dev_index];	/* placed: index < ndevs */
	int rc;

	c->dev = (uint32_t)e->dev_index;
	c->dst = dev->fd;
	sc->written |= 1U << c->dev;

	if (data) {
		rc = copy_range(c, off, dst, data, err);
		if (rc)
			return rc;
	}
	return data < len ? zero_range(c, dev->type == FAMFS_DEV_FILE, dst + data, len - data,
				       err) : 0;
}

/* Whether an extent of fmap is on a DAX device (written through mappings). */
static int on_dax(const struct famfs_writer *w, const struct famfs_fmap *fmap)
{
	uint64_t i, n = fmap->ext_type == FAMFS_EXT_INTERLEAVE ? fmap->nstrips : fmap->count;
	const struct famfs_extent *x = fmap->ext_type == FAMFS_EXT_INTERLEAVE ?
				       fmap->strips : fmap->ext;

	for (i = 0; i < n && i < FAMFS_MAX_EXTENTS; i++)
		if (w->devs[x[i].dev_index]->type == FAMFS_DEV_DAX)
			return 1;
	return 0;
}

/* Data through the stack into an image or block device (not DAX). */
static int put_through_fd(struct famfs_writer *w, struct fd_copy *c, struct famfs_error *err)
{
	struct segment_ctx sc = { c, 0 };
	int rc;

	rc = fmap_walk(c->fmap, fmap_capacity(c->fmap), copy_segment, &sc, err);
	free(c->bounce);
	/* in a batch, one fdatasync per device before its slots covers every file's data */
	if (!rc && writer_batching(w))
		w->batch.data_unsynced |= sc.written;
	else if (!rc)
		rc = writer_sync_devs(w, sc.written, err);
	return rc;
}

static int put_from_fd(struct famfs_writer *w, const struct famfs_fmap *fmap, uint64_t size,
		       void *arg, struct famfs_error *err)
{
	struct fd_copy c = { .src = *(int *)arg, .size = size, .fmap = fmap, .w = w };

	if (on_dax(w, fmap))
		return write_data_mapped(w, fmap, size, read_fill, arg, err);
	return put_through_fd(w, &c, err);
}

int famfs_writer_create_fd(struct famfs_writer *w, const struct famfs_new_file *nf, int fd,
			   struct famfs_fmap *fmap, struct famfs_error *err)
{
	return writer_create_with(w, nf, put_from_fd, &fd, fmap, err);
}

static int mem_fill(void *arg, void *dst, uint64_t off, uint64_t len, struct famfs_error *err)
{
	(void)err;
	memcpy(dst, (const uint8_t *)arg + off, len);
	return 0;
}

static int put_from_mem(struct famfs_writer *w, const struct famfs_fmap *fmap, uint64_t size,
			void *arg, struct famfs_error *err)
{
	struct fd_copy c = { .src = -1, .mem = arg, .size = size, .fmap = fmap, .w = w };

	if (on_dax(w, fmap))
		return write_data_mapped(w, fmap, size, mem_fill, arg, err);
	return put_through_fd(w, &c, err);
}

int famfs_writer_create_mem(struct famfs_writer *w, const struct famfs_new_file *nf,
			    const void *data, struct famfs_fmap *fmap, struct famfs_error *err)
{
	static const uint8_t none;

	if (!data && nf->size)
		return famfs_error_set(err, -EINVAL, "no data for a file of %llu bytes",
				       (unsigned long long)nf->size);
	return writer_create_with(w, nf, put_from_mem, (void *)(data ? data : &none), fmap,
				  err);
}
