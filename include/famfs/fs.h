/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * An opened famfs: its device, the mapped superblock and log, and their
 * decoded, validated headers.
 */
#ifndef FAMFS_FS_H
#define FAMFS_FS_H

#include <stdint.h>

#include <famfs/device.h>
#include <famfs/error.h>
#include <famfs/format.h>

#ifdef __cplusplus
extern "C" {
#endif

/* the library is built with -fvisibility=hidden: these are its API */
#pragma GCC visibility push(default)

/* famfs_fs_open() flags */
#define FAMFS_FS_WRITE	(1U << 0)	/* writable, exclusively locked */
/* Open even when the system UUID is not this host's (see famfs_fs_open). */
#define FAMFS_FS_FORCE	(1U << 1)
/* With FAMFS_FS_WRITE: wait for another writer to finish instead of -EBUSY. */
#define FAMFS_FS_WAIT	(1U << 2)

struct famfs_fs;

/*
 * Open path, map its superblock and log, and validate both (the
 * superblock against the device's real size). With FAMFS_FS_WRITE the
 * device is opened read-write under an exclusive lock, and only the host
 * whose system UUID the superblock records may write, unless
 * FAMFS_FS_FORCE is given. Nothing is written by opening.
 */
int famfs_fs_open(const char *path, unsigned int flags,
		  struct famfs_fs **fsp, struct famfs_error *err);
void famfs_fs_close(struct famfs_fs *fs);

struct famfs_dev *famfs_fs_dev(const struct famfs_fs *fs);
const struct famfs_superblock *famfs_fs_superblock(const struct famfs_fs *fs);
/* The log header as of opening (or the last append through this handle). */
const struct famfs_log_header *famfs_fs_log_header(const struct famfs_fs *fs);
/* The mapped log: famfs_fs_superblock(fs)->log_len bytes. */
const uint8_t *famfs_fs_log(const struct famfs_fs *fs);
/* Writable view of the mapped log; NULL unless opened with FAMFS_FS_WRITE. */
uint8_t *famfs_fs_log_mut(struct famfs_fs *fs);
int famfs_fs_writable(const struct famfs_fs *fs);

/* ---- this host's identity ---- */

/* Where the reference tools keep this host's system UUID. */
#define FAMFS_SYSTEM_UUID_FILE	"/opt/famfs/system_uuid"
/* Environment variables that override the UUID or the file's path. */
#define FAMFS_SYSTEM_UUID_ENV	"FAMFS_SYSTEM_UUID"
#define FAMFS_SYSTEM_UUID_FILE_ENV "FAMFS_SYSTEM_UUID_FILE"

/*
 * This host's system UUID: from $FAMFS_SYSTEM_UUID if set, else from the
 * file ($FAMFS_SYSTEM_UUID_FILE or /opt/famfs/system_uuid). With create,
 * a missing file is made with a new random UUID.
 */
int famfs_system_uuid(uint8_t uuid[FAMFS_UUID_LEN], int create,
		      struct famfs_error *err);

#pragma GCC visibility pop

#ifdef __cplusplus
}
#endif

#endif /* FAMFS_FS_H */
