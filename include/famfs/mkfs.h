/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Making a famfs: write a superblock and an empty log to a device.
 */
#ifndef FAMFS_MKFS_H
#define FAMFS_MKFS_H

#include <stdint.h>

#include <famfs/error.h>
#include <famfs/format.h>

#ifdef __cplusplus
extern "C" {
#endif

/* the library is built with -fvisibility=hidden: these are its API */
#pragma GCC visibility push(default)

/* famfs_mkfs() flags */
#define FAMFS_MKFS_FORCE	(1U << 0)	/* overwrite a famfs or other signature */
#define FAMFS_MKFS_KILL		(1U << 1)	/* only zero an existing superblock's magic */
#define FAMFS_MKFS_DRY_RUN	(1U << 2)	/* do every check, write nothing */

struct famfs_mkfs_opts {
	unsigned int flags;
	uint64_t log_len;		/* 0: FAMFS_LOG_LEN_DEFAULT */
	const uint8_t *uuid;		/* file-system UUID; NULL: random */
	/* the master's UUID; NULL: famfs_system_uuid(), creating its file */
	const uint8_t *system_uuid;
};

struct famfs_mkfs_result {
	struct famfs_superblock sb;	/* what was (or would be) written */
	uint64_t raw_size;		/* device size before rounding down */
	uint64_t nslots;		/* log entry slots */
	const char *size_source;	/* where the size came from */
	uint64_t align;			/* device mapping alignment */
	char replaced[32];		/* signature overwritten with FORCE, or "" */
	int killed;			/* FAMFS_MKFS_KILL zeroed a magic */
};

/*
 * Format path. Refuses, writing nothing: a mounted device; an existing
 * famfs or other signature (libblkid) unless FAMFS_MKFS_FORCE; a log
 * length that is not a power of two >= 8 MiB; a device too small for
 * superblock, log and one allocation unit. A size that is not a multiple
 * of 2 MiB is rounded down (res->raw_size keeps the original). Work and
 * writes are O(log length).
 */
int famfs_mkfs(const char *path, const struct famfs_mkfs_opts *opts,
	       struct famfs_mkfs_result *res, struct famfs_error *err);

/*
 * The smallest device famfs_mkfs() accepts for a log of log_len bytes
 * (0: the default): superblock, log and one allocation unit.
 */
uint64_t famfs_mkfs_min_size(uint64_t log_len);

/* famfs_image_prepare() results */
#define FAMFS_IMAGE_KEPT	0	/* the file already had the size */
#define FAMFS_IMAGE_CREATED	1	/* a new file was made */
#define FAMFS_IMAGE_EXTENDED	2	/* an existing file was made larger */

/* What famfs_image_prepare() did, for famfs_image_restore() to undo it. */
struct famfs_image_undo {
	int action;		/* FAMFS_IMAGE_* */
	uint64_t old_size;	/* bytes before (0 when created) */
	uint64_t dev, ino;	/* the file prepared: restore touches no other */
};

/*
 * Make path a regular file of size bytes, as `mke2fs FILE SIZE` does:
 * create it (sparse) when missing, extend it when smaller. A file already
 * larger, or anything that is not a regular file, is refused: famfs uses a
 * device or image whole. With FAMFS_MKFS_DRY_RUN in flags nothing is
 * created or changed; the result says what would be. Returns a
 * FAMFS_IMAGE_* value (>= 0), also in undo->action, with undo->old_size
 * the size before; or a negative errno.
 */
int famfs_image_prepare(const char *path, uint64_t size, unsigned int flags,
			struct famfs_image_undo *undo, struct famfs_error *err);

/*
 * Undo what famfs_image_prepare() did: remove a file it created, shrink
 * one it extended back to its old size, so a refused mkfs leaves the file
 * as it was. Only the very file prepared (device and inode) is touched:
 * if path names another file now (replaced, or swapped for a link), it is
 * left alone and the error says so.
 */
int famfs_image_restore(const char *path, const struct famfs_image_undo *undo,
			struct famfs_error *err);

#pragma GCC visibility pop

#ifdef __cplusplus
}
#endif

#endif /* FAMFS_MKFS_H */
