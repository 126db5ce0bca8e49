/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Internal: the device handle and the per-kind size/alignment lookups. */
#ifndef FAMFS_DEV_INTERNAL_H
#define FAMFS_DEV_INTERNAL_H

#include <sys/types.h>

#include <famfs/device.h>

struct famfs_dev {
	char *path;
	int fd;
	int excl_fd;			/* block device held O_EXCL while locked, or -1 */
	unsigned int flags;
	enum famfs_dev_type type;
	dev_t rdev;			/* block and DAX devices */
	uint64_t size;
	uint64_t align;
	const char *size_source;
};

/*
 * The data range at or after offset of an image file: [*start, *end).
 * Holes read as zeros, so callers can skip them. *start is UINT64_MAX when
 * nothing but holes follows. Devices (and files whose holes cannot be
 * found) report all of [offset, UINT64_MAX) as data.
 */
void dev_data_range(const struct famfs_dev *dev, uint64_t offset,
		    uint64_t *start, uint64_t *end);

/* Does sysfs know character device rdev as a DAX device? */
int dax_char_known(dev_t rdev);

/* Fill size, align and size_source of a DAX character device. */
int dax_dev_geometry(struct famfs_dev *dev, struct famfs_error *err);

#endif
