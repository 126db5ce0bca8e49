// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Opening a device or image, mapping ranges of it, and flushing them.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/fs.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "dev/daxmode.h"
#include "dev/dev_internal.h"

static int dev_stat(struct famfs_dev *dev, struct famfs_error *err)
{
	struct stat st;

	if (fstat(dev->fd, &st) < 0)
		return famfs_error_set(err, -errno, "%s: cannot stat: %s",
				       dev->path, strerror(errno));
	dev->align = (uint64_t)sysconf(_SC_PAGESIZE);
	if (S_ISREG(st.st_mode)) {
		dev->type = FAMFS_DEV_FILE;
		dev->size = (uint64_t)st.st_size;
		dev->size_source = "stat";
		return 0;
	}
	if (S_ISBLK(st.st_mode)) {
		uint64_t bytes;

		dev->type = FAMFS_DEV_BLOCK;
		dev->rdev = st.st_rdev;
		if (ioctl(dev->fd, BLKGETSIZE64, &bytes) < 0)
			return famfs_error_set(err, -errno,
					       "%s: cannot get the block device size: %s",
					       dev->path, strerror(errno));
		dev->size = bytes;
		dev->size_source = "ioctl";
		return 0;
	}
	if (S_ISCHR(st.st_mode)) {
		char why[FAMFS_ERROR_MSG_MAX];

		dev->type = FAMFS_DEV_DAX;
		dev->rdev = st.st_rdev;
		/* famfs mode opens but neither maps nor reads: say so before trying */
		if (daxmode_explain(dev->rdev, why, sizeof(why)))
			return famfs_error_set(err, -ENODEV, "%s %s", dev->path, why);
		return dax_dev_geometry(dev, err);
	}
	return famfs_error_set(err, -ENODEV,
			       "%s: not a DAX device, block device or regular file",
			       dev->path);
}

static int dev_lock(struct famfs_dev *dev, struct famfs_error *err)
{
	int op = (dev->flags & FAMFS_DEV_WRITE) ? LOCK_EX : LOCK_SH;
	int rc;

	if (!(dev->flags & FAMFS_DEV_LOCK_WAIT))
		op |= LOCK_NB;
	do
		rc = flock(dev->fd, op);
	while (rc < 0 && errno == EINTR);
	if (rc == 0)
		return 0;
	if (errno == EWOULDBLOCK)
		return famfs_error_set(err, -EBUSY,
				       "%s: in use by another famfs-progs process", dev->path);
	return famfs_error_set(err, -errno, "%s: cannot lock: %s",
			       dev->path, strerror(errno));
}

/*
 * Refuse what cannot hold a famfs before opening it: opening a FIFO for
 * reading blocks until a writer comes, and opening some character devices
 * (terminals, tapes) has side effects. A character device is accepted
 * only if sysfs knows it as a DAX device.
 */
static int dev_check_kind(const char *path, unsigned int flags, struct stat *st,
			  struct famfs_error *err)
{
	const char *kind;

	if (stat(path, st) < 0)
		return famfs_error_set(err, -errno, "%s: cannot open%s: %s", path,
				       (flags & FAMFS_DEV_WRITE) ? " for writing" : "",
				       strerror(errno));
	/* a directory neither blocks nor reacts: open and dev_stat say what it is */
	if (S_ISREG(st->st_mode) || S_ISBLK(st->st_mode) || S_ISDIR(st->st_mode))
		return 0;
	if (S_ISCHR(st->st_mode)) {
		if (dax_char_known(st->st_rdev))
			return 0;
		kind = "a character device that is not a DAX device";
	} else if (S_ISFIFO(st->st_mode)) {
		kind = "a FIFO";
	} else if (S_ISSOCK(st->st_mode)) {
		kind = "a socket";
	} else {
		kind = "not a device or file";
	}
	return famfs_error_set(err, -ENODEV,
			       "%s: is %s; give a DAX device, a block device or a regular "
			       "image file", path, kind);
}

/* The file opened must be the one dev_check_kind looked at. */
static int dev_same_file(const char *path, int fd, const struct stat *want,
			 struct famfs_error *err)
{
	struct stat st;

	if (fstat(fd, &st) < 0)
		return famfs_error_set(err, -errno, "%s: cannot stat: %s", path, strerror(errno));
	if (st.st_dev != want->st_dev || st.st_ino != want->st_ino ||
	    (st.st_mode & S_IFMT) != (want->st_mode & S_IFMT) || st.st_rdev != want->st_rdev)
		return famfs_error_set(err, -ESTALE,
				       "%s: was replaced by another file while being opened",
				       path);
	return 0;
}

/*
 * Open without blocking (a FIFO swapped in after the check must not
 * hang us), confirm it is the file checked, then go back to blocking I/O.
 */
static int dev_open_checked(const char *path, int oflags, const struct stat *want,
			    struct famfs_error *err)
{
	int fd = open(path, oflags | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
	char why[FAMFS_ERROR_MSG_MAX];
	int rc, fl;

	/* a DAX device without a driver gives ENXIO: name its mode and the fix */
	if (fd < 0 && errno == ENXIO && S_ISCHR(want->st_mode) &&
	    daxmode_explain(want->st_rdev, why, sizeof(why)))
		return famfs_error_set(err, -ENXIO, "%s %s", path, why);
	if (fd < 0)
		return famfs_error_set(err, -errno, "%s: cannot open%s: %s", path,
				       (oflags & O_ACCMODE) == O_RDWR ? " for writing" : "",
				       strerror(errno));
	rc = dev_same_file(path, fd, want, err);
	if (!rc && ((fl = fcntl(fd, F_GETFL)) < 0 || fcntl(fd, F_SETFL, fl & ~O_NONBLOCK) < 0))
		rc = famfs_error_set(err, -errno, "%s: fcntl: %s", path, strerror(errno));
	if (rc) {
		close(fd);
		return rc;
	}
	return fd;
}

/*
 * O_EXCL on a block device fails while the kernel has it mounted (or
 * another program holds it exclusively), so holding an O_EXCL descriptor
 * keeps it from being mounted under us. It is opened after the flock:
 * famfs-progs writers queue on the lock instead of failing on O_EXCL. A
 * writer that was killed drops its lock as its descriptors close, maybe
 * just before its O_EXCL one: retry briefly before calling it busy.
 */
static int dev_claim_block(struct famfs_dev *dev, int oflags, const struct stat *want,
			   struct famfs_error *err)
{
	const struct timespec pause = { 0, 10 * 1000 * 1000 };
	int tries = (dev->flags & FAMFS_DEV_LOCK_WAIT) ? 200 : 1;
	int fd, rc;

	for (;;) {
		fd = open(dev->path, oflags | O_EXCL | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
		if (fd >= 0 || errno != EBUSY || --tries == 0)
			break;
		nanosleep(&pause, NULL);
	}
	if (fd < 0)
		return famfs_error_set(err, -errno,
				       "%s: device is busy (mounted, or held exclusively by "
				       "another program): %s", dev->path, strerror(errno));
	rc = dev_same_file(dev->path, fd, want, err);
	if (rc) {
		close(fd);
		return rc;
	}
	dev->excl_fd = fd;
	return 0;
}

int famfs_dev_open(const char *path, unsigned int flags,
		   struct famfs_dev **devp, struct famfs_error *err)
{
	struct famfs_dev *dev;
	int oflags = (flags & FAMFS_DEV_WRITE) ? O_RDWR : O_RDONLY;
	struct stat st;
	int rc;

	*devp = NULL;
	dev = calloc(1, sizeof(*dev));
	if (!dev || !(dev->path = strdup(path))) {
		free(dev);
		return famfs_error_set(err, -ENOMEM, "out of memory");
	}
	dev->flags = flags;
	dev->excl_fd = -1;
	dev->fd = -1;
	rc = dev_check_kind(path, flags, &st, err);
	if (rc)
		goto fail;
	dev->fd = dev_open_checked(path, oflags, &st, err);
	if (dev->fd < 0) {
		rc = dev->fd;
		goto fail;
	}
	rc = dev_stat(dev, err);
	if (rc)
		goto fail;
	if (flags & FAMFS_DEV_LOCK) {
		rc = dev_lock(dev, err);
		if (!rc && dev->type == FAMFS_DEV_BLOCK)
			rc = dev_claim_block(dev, oflags, &st, err);
		if (rc)
			goto fail;
	}
	*devp = dev;
	return 0;
fail:
	famfs_dev_close(dev);
	return rc;
}

void dev_data_range(const struct famfs_dev *dev, uint64_t offset,
		    uint64_t *start, uint64_t *end)
{
	off_t d, h;

	*start = offset;
	*end = UINT64_MAX;
	if (dev->type != FAMFS_DEV_FILE)
		return;
	d = lseek(dev->fd, (off_t)offset, SEEK_DATA);
	if (d < 0) {
		if (errno == ENXIO)
			*start = UINT64_MAX;
		return;
	}
	h = lseek(dev->fd, d, SEEK_HOLE);
	*start = (uint64_t)d;
	if (h > d)
		*end = (uint64_t)h;
}

void famfs_dev_close(struct famfs_dev *dev)
{
	if (!dev)
		return;
	/* give up the O_EXCL claim before the lock that serialises writers */
	if (dev->excl_fd >= 0)
		close(dev->excl_fd);
	if (dev->fd >= 0)
		close(dev->fd);	/* also drops the flock */
	free(dev->path);
	free(dev);
}

const char *famfs_dev_path(const struct famfs_dev *dev)
{
	return dev->path;
}

enum famfs_dev_type famfs_dev_type(const struct famfs_dev *dev)
{
	return dev->type;
}

const char *famfs_dev_type_name(enum famfs_dev_type type)
{
	switch (type) {
	case FAMFS_DEV_FILE:
		return "image file";
	case FAMFS_DEV_BLOCK:
		return "block device";
	case FAMFS_DEV_DAX:
		return "DAX device";
	}
	return "unknown";
}

uint64_t famfs_dev_size(const struct famfs_dev *dev)
{
	return dev->size;
}

uint64_t famfs_dev_align(const struct famfs_dev *dev)
{
	return dev->align;
}

const char *famfs_dev_size_source(const struct famfs_dev *dev)
{
	return dev->size_source;
}

/* The aligned window that contains [offset, offset + len). */
static void map_window(const struct famfs_dev *dev, uint64_t offset, uint64_t len,
		       uint64_t *start, uint64_t *span)
{
	uint64_t a = dev->align;

	*start = offset - offset % a;
	*span = offset + len - *start;
	*span = (*span + a - 1) / a * a;
}

int famfs_dev_map(struct famfs_dev *dev, uint64_t offset, uint64_t len,
		  void **addrp, struct famfs_error *err)
{
	int prot = PROT_READ | ((dev->flags & FAMFS_DEV_WRITE) ? PROT_WRITE : 0);
	uint64_t start, span;
	void *base;

	*addrp = NULL;
	if (len == 0 || offset > dev->size || len > dev->size - offset)
		return famfs_error_set(err, -EINVAL,
				       "%s: range %llu+%llu is outside the device (%llu bytes)",
				       dev->path, (unsigned long long)offset,
				       (unsigned long long)len,
				       (unsigned long long)dev->size);
	map_window(dev, offset, len, &start, &span);
	base = mmap(NULL, span, prot, MAP_SHARED, dev->fd, (off_t)start);
	if (base == MAP_FAILED && dev->type == FAMFS_DEV_DAX) {
		char why[FAMFS_ERROR_MSG_MAX];
		int e = errno;

		/* switched under us since the open */
		if (daxmode_explain(dev->rdev, why, sizeof(why)))
			return famfs_error_set(err, -e, "%s %s", dev->path, why);
		errno = e;
	}
	if (base == MAP_FAILED)
		return famfs_error_set(err, -errno, "%s: cannot map %llu bytes at %llu: %s",
				       dev->path, (unsigned long long)span,
				       (unsigned long long)start, strerror(errno));
	*addrp = (uint8_t *)base + (offset - start);
	return 0;
}

/* Recover the window of a mapping from the address famfs_dev_map gave. */
static void unmap_window(const struct famfs_dev *dev, void *addr, uint64_t len,
			 void **base, uint64_t *span)
{
	uintptr_t a = (uintptr_t)addr;
	uintptr_t b = a - a % (uintptr_t)dev->align;

	*base = (void *)b;
	*span = ((a + len - b) + dev->align - 1) / dev->align * dev->align;
}

int famfs_dev_unmap(struct famfs_dev *dev, void *addr, uint64_t len)
{
	void *base;
	uint64_t span;

	if (!addr)
		return 0;
	unmap_window(dev, addr, len, &base, &span);
	return munmap(base, span) < 0 ? -errno : 0;
}

/*
 * Device DAX has no page cache and no fsync: stores reach memory once the
 * CPU caches are written back, so flush the cache lines themselves (other
 * hosts map the same memory and must see the bytes).
 */
static void flush_cache_lines(void *addr, uint64_t len)
{
#if defined(__x86_64__) || defined(__i386__)
	const uintptr_t line = 64;
	uintptr_t p = (uintptr_t)addr & ~(line - 1);
	uintptr_t end = (uintptr_t)addr + len;

	for (; p < end; p += line)
		__builtin_ia32_clflush((const void *)p);
	__builtin_ia32_mfence();
#else
	(void)addr;
	(void)len;
	__sync_synchronize();
#endif
}

int famfs_dev_flush(struct famfs_dev *dev, void *addr, uint64_t len,
		    struct famfs_error *err)
{
	uintptr_t a = (uintptr_t)addr;
	uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE);
	uintptr_t b = a - a % page;

	if (len == 0)
		return 0;
	if (dev->type == FAMFS_DEV_DAX) {
		flush_cache_lines(addr, len);
		return 0;
	}
	/* msync needs a page-aligned start */
	if (msync((void *)b, len + (a - b), MS_SYNC) < 0)
		return famfs_error_set(err, -errno, "%s: cannot flush: %s",
				       dev->path, strerror(errno));
	return 0;
}
