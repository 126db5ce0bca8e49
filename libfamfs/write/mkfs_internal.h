/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Internal: the checks and helpers famfs_mkfs() shares with the device-set mkfs. */
#ifndef FAMFS_MKFS_INTERNAL_H
#define FAMFS_MKFS_INTERNAL_H

#include <stdint.h>

#include <famfs/device.h>
#include <famfs/mkfs.h>

/* -EBUSY naming the mount point when the device is mounted. */
int mkfs_check_not_mounted(struct famfs_dev *dev, struct famfs_error *err);
/*
 * -EEXIST when the mapped superblock region holds a famfs magic or the
 * device another signature, unless flags has FAMFS_MKFS_FORCE (then
 * res->replaced names what will be overwritten).
 */
int mkfs_check_existing(struct famfs_dev *dev, const uint8_t *sbmap, unsigned int flags,
			struct famfs_mkfs_result *res, struct famfs_error *err);
/* Zero len bytes, skipping pages already zero so sparse images stay sparse. */
void mkfs_zero_range(uint8_t *p, uint64_t len);

/*
 * Write a secondary superblock into the mapped superblock region: the old
 * magic zeroed and flushed first, then the region, each flushed.
 */
int mkfs_write_secondary(struct famfs_dev *dev, uint8_t *sbmap,
			 const struct famfs_superblock *sb, struct famfs_error *err);

#endif
