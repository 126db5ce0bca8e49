/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Undo files: the old contents of every device range a log rewrite is
 * about to overwrite, kept in a separate file so that the rewrite can be
 * taken back byte for byte (as e2fsprogs' undo files and e2undo do). The
 * format is in docs/undo-format.md of the source tree.
 *
 * Writing: famfs_undo_open(), one famfs_undo_record() per range (in
 * increasing device order, not overlapping, all inside the log), then
 * famfs_undo_seal() which makes the file durable and marks it complete.
 * Only after the seal may the device be written: an unsealed undo file
 * therefore means the device was never touched, and it is refused.
 */
#ifndef FAMFS_UNDO_H
#define FAMFS_UNDO_H

#include <stdint.h>

#include <famfs/error.h>
#include <famfs/format.h>

#ifdef __cplusplus
extern "C" {
#endif

/* the library is built with -fvisibility=hidden: these are its API */
#pragma GCC visibility push(default)

#define FAMFS_UNDO_HEADER_SIZE	128
#define FAMFS_UNDO_RECORD_SIZE	40	/* record header; the old bytes follow */

struct famfs_undo;

/*
 * Create the undo file path (it must not exist: an older undo file may be
 * the only way back from an earlier rewrite) for the file system whose
 * superblock is sb, on a device of dev_size bytes. The file is made
 * 0600 and not followed if it is a symbolic link.
 */
int famfs_undo_open(const char *path, const struct famfs_superblock *sb, uint64_t dev_size,
		    struct famfs_undo **up, struct famfs_error *err);

/*
 * Keep the len bytes old that device offset offset holds now, and
 * new_bytes, what the rewrite will write there (so that applying can
 * tell a range the rewrite wrote, in whole or in part, from one changed
 * since). The range must lie in the log and after the previous record.
 */
int famfs_undo_record(struct famfs_undo *u, uint64_t offset, const void *old,
		      const void *new_bytes, uint64_t len, struct famfs_error *err);

/* Flush every record, then mark the file sealed and flush that. */
int famfs_undo_seal(struct famfs_undo *u, struct famfs_error *err);

/* Close (an unsealed file stays where it is; it is refused if applied). */
void famfs_undo_close(struct famfs_undo *u);

/* famfs_undo_apply() flags */
#define FAMFS_UNDO_DRY_RUN	(1U << 0)	/* check everything, write nothing */

struct famfs_undo_result {
	uint64_t records;		/* ranges in the undo file */
	uint64_t bytes;			/* bytes they cover */
	uint64_t restored;		/* ranges that held the rewrite's bytes */
	uint64_t unchanged;		/* ranges that still held the old bytes */
};

/*
 * Put back what the undo file at undo_path holds onto the device at
 * dev_path. Everything is checked before the first byte is written, and
 * each refusal names its reason: not an undo file or a bad header CRC
 * (-EBADMSG), unsealed (-ENODATA: the rewrite never wrote the device),
 * a size that does not add up or a record CRC that does not match
 * (-EBADMSG: torn or altered), another file system or device, or another
 * device size (-EXDEV), a record outside the log or out of order
 * (-ERANGE), a range with a byte that is neither the old one nor the
 * rewrite's (-ESTALE: the device changed since), a mounted device (-EBUSY).
 * Applying twice is harmless.
 */
int famfs_undo_apply(const char *undo_path, const char *dev_path, unsigned int flags,
		     struct famfs_undo_result *res, struct famfs_error *err);

#pragma GCC visibility pop

#ifdef __cplusplus
}
#endif

#endif /* FAMFS_UNDO_H */
