/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Internal: the opened file system, for the library's writers. */
#ifndef FAMFS_FS_INTERNAL_H
#define FAMFS_FS_INTERNAL_H

#include <famfs/devset.h>
#include <famfs/fs.h>

#include "dev/bus_guard.h"

struct famfs_fs {
	struct famfs_dev *dev;
	struct famfs_superblock sb;
	struct famfs_log_header hdr;	/* kept current by appends */
	uint8_t *log;			/* mapping of the whole log */
	int writable;
	struct bus_guard log_guard;	/* an image file may shrink under us */
};

/*
 * -EIO with a message when the image file shrank under the log mapping
 * (what was read or written there since is lost), else 0.
 */
int fs_log_vanished(const struct famfs_fs *fs, struct famfs_error *err);

/*
 * Add to ds the ADD_DAXDEV entries of log's first nslots slots (all inside
 * the log), passing over slots that do not decode, as
 * famfs_devset_from_log() does once the log header holds.
 */
int devset_add_slots(struct famfs_devset *ds, const struct famfs_superblock *primary,
		     const uint8_t *log, uint64_t nslots, struct famfs_error *err);

/* 0 when this host is the master the superblock records, else -FAMFS_E_NOT_MASTER. */
int fs_check_master(const struct famfs_fs *fs, struct famfs_error *err);

#endif
