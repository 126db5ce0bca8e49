/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Devices that hold a famfs file system: a DAX character device
 * (/dev/daxX.Y, mmap only), a pmem block device, or a regular image file.
 * All access goes through mappings, since device DAX has no read().
 */
#ifndef FAMFS_DEVICE_H
#define FAMFS_DEVICE_H

#include <stddef.h>
#include <stdint.h>

#include <famfs/error.h>

#ifdef __cplusplus
extern "C" {
#endif

/* the library is built with -fvisibility=hidden: these are its API */
#pragma GCC visibility push(default)

enum famfs_dev_type {
	FAMFS_DEV_FILE = 0,	/* regular image file */
	FAMFS_DEV_BLOCK = 1,	/* block device, e.g. /dev/pmem0 */
	FAMFS_DEV_DAX = 2,	/* DAX character device, e.g. /dev/dax0.0 */
};

/* famfs_dev_open() flags */
#define FAMFS_DEV_WRITE	(1U << 0)	/* open read-write (default: read-only) */
/*
 * Take an advisory lock (flock; exclusive with FAMFS_DEV_WRITE) on the
 * device so that no other famfs-progs writer runs at the same time; fails
 * with -EBUSY if another process holds it. Once the lock is held, a block
 * device is also held open O_EXCL until famfs_dev_close(), which fails
 * (-EBUSY) while the kernel has it mounted and keeps it from being mounted.
 */
#define FAMFS_DEV_LOCK	(1U << 1)
/* With FAMFS_DEV_LOCK: wait for the lock instead of failing with -EBUSY. */
#define FAMFS_DEV_LOCK_WAIT	(1U << 2)

struct famfs_dev;

/*
 * Open a DAX character device, a block device or a regular image file.
 * Anything else (a FIFO, a socket, another character device) is refused
 * with -ENODEV before it is opened, so it can neither hang nor react.
 */
int famfs_dev_open(const char *path, unsigned int flags,
		   struct famfs_dev **devp, struct famfs_error *err);
void famfs_dev_close(struct famfs_dev *dev);

const char *famfs_dev_path(const struct famfs_dev *dev);
enum famfs_dev_type famfs_dev_type(const struct famfs_dev *dev);
const char *famfs_dev_type_name(enum famfs_dev_type type);
/* Usable size in bytes (for DAX, from libdaxctl or sysfs). */
uint64_t famfs_dev_size(const struct famfs_dev *dev);
/* Mapping granularity: the DAX device's alignment, else the page size. */
uint64_t famfs_dev_align(const struct famfs_dev *dev);
/* Where the size and alignment came from: "libdaxctl", "sysfs", "ioctl", "stat". */
const char *famfs_dev_size_source(const struct famfs_dev *dev);

/*
 * Map len bytes at offset (any alignment: the mapping is widened to the
 * device's granularity internally). Writable when the device was opened
 * with FAMFS_DEV_WRITE. Unmap with the same address and length.
 */
int famfs_dev_map(struct famfs_dev *dev, uint64_t offset, uint64_t len,
		  void **addrp, struct famfs_error *err);
int famfs_dev_unmap(struct famfs_dev *dev, void *addr, uint64_t len);

/* Make writes to [addr, addr + len) of a mapping durable. */
int famfs_dev_flush(struct famfs_dev *dev, void *addr, uint64_t len,
		    struct famfs_error *err);

/*
 * Look for another file system or partition table on the device with
 * libblkid. Returns 1 and its name in type if one is found, 0 if none,
 * negative on error. A famfs superblock is not reported here.
 */
int famfs_dev_probe_signature(struct famfs_dev *dev, char *type, size_t len,
			      struct famfs_error *err);

/*
 * Is the device mounted (listed as a mount source in /proc/self/mounts,
 * by path or device number)? 1 yes, 0 no, negative on error; mountpoint
 * (may be NULL) receives where.
 */
int famfs_dev_is_mounted(const struct famfs_dev *dev, char *mountpoint,
			 size_t len, struct famfs_error *err);

#pragma GCC visibility pop

#ifdef __cplusplus
}
#endif

#endif /* FAMFS_DEVICE_H */
