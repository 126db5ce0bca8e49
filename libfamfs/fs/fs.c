// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Opening a famfs: validate the superblock against the device, then map
 * the log and validate its header. Nothing is written here.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <uuid/uuid.h>

#include "util/error_internal.h"
#include "fs/fs_internal.h"

static int read_superblock(struct famfs_fs *fs, struct famfs_error *err)
{
	struct famfs_dev *dev = fs->dev;
	uint64_t size = famfs_dev_size(dev);
	void *map;
	int rc;

	if (size < FAMFS_SB_REGION)
		return famfs_error_set(err, -FAMFS_E_SB_DEV_SIZE,
				       "%s: %llu bytes is too small to hold a famfs superblock",
				       famfs_dev_path(dev), (unsigned long long)size);
	rc = famfs_dev_map(dev, 0, FAMFS_SB_REGION, &map, err);
	if (rc)
		return rc;
	rc = famfs_sb_decode(map, FAMFS_SB_ENCODED_SIZE, &fs->sb, err);
	famfs_dev_unmap(dev, map, FAMFS_SB_REGION);
	if (rc)
		return rc;
	rc = famfs_sb_validate(&fs->sb, size, err);
	if (rc)
		return error_prefix(err, rc, famfs_dev_path(dev));
	return 0;
}

static int map_log(struct famfs_fs *fs, struct famfs_error *err)
{
	void *map;
	int rc;

	/* validate proved log_offset + log_len <= dev_size <= device size */
	rc = famfs_dev_map(fs->dev, fs->sb.log_offset, fs->sb.log_len, &map, err);
	if (rc)
		return rc;
	fs->log = map;
	if (famfs_dev_type(fs->dev) == FAMFS_DEV_FILE &&
	    bus_guard_begin(&fs->log_guard, map, fs->sb.log_len))
		return famfs_error_set(err, -EBUSY, "%s: too many file systems open at once",
				       famfs_dev_path(fs->dev));
	famfs_log_header_decode(fs->log, FAMFS_LOG_HEADER_SIZE, &fs->hdr, NULL);
	rc = fs_log_vanished(fs, err);
	if (rc)
		return rc;
	rc = famfs_log_header_validate(&fs->hdr, fs->sb.log_len, err);
	if (rc)
		return error_prefix(err, rc, famfs_dev_path(fs->dev));
	return 0;
}

int fs_log_vanished(const struct famfs_fs *fs, struct famfs_error *err)
{
	struct stat st;
	unsigned long long now;

	if (!fs->log_guard.hit)
		return 0;
	now = stat(famfs_dev_path(fs->dev), &st) == 0 ? (unsigned long long)st.st_size : 0;
	return famfs_error_set(err, -EIO,
			       "%s: the image shrank to %llu bytes under the log (bytes from %llu "
			       "vanished) while it was in use; what was written since is lost: "
			       "run fsck.famfs on it", famfs_dev_path(fs->dev), now,
			       (unsigned long long)(fs->sb.log_offset +
						    bus_guard_first(&fs->log_guard)));
}

/* Only the host that made the file system (the master) may append to it. */
int fs_check_master(const struct famfs_fs *fs, struct famfs_error *err)
{
	uint8_t host[FAMFS_UUID_LEN];
	char want[UUID_STR_LEN], have[UUID_STR_LEN];
	int rc;

	rc = famfs_system_uuid(host, 0, err);
	if (rc == -ENOENT)
		return famfs_error_set(err, -FAMFS_E_NOT_MASTER,
				       "%s: only its master host may write to it, and this host has no system UUID",
				       famfs_dev_path(fs->dev));
	if (rc)
		return rc;
	if (!memcmp(host, fs->sb.system_uuid, FAMFS_UUID_LEN))
		return 0;
	uuid_unparse_lower(fs->sb.system_uuid, want);
	uuid_unparse_lower(host, have);
	return famfs_error_set(err, -FAMFS_E_NOT_MASTER,
			       "%s: only its master host %s may write to it; this host is %s",
			       famfs_dev_path(fs->dev), want, have);
}

int famfs_fs_open(const char *path, unsigned int flags,
		  struct famfs_fs **fsp, struct famfs_error *err)
{
	unsigned int dflags = (flags & FAMFS_FS_WRITE) ? FAMFS_DEV_WRITE | FAMFS_DEV_LOCK : 0;
	struct famfs_fs *fs;
	int rc;

	*fsp = NULL;
	fs = calloc(1, sizeof(*fs));
	if (!fs)
		return famfs_error_set(err, -ENOMEM, "out of memory");
	fs->writable = !!(flags & FAMFS_FS_WRITE);
	if (fs->writable && (flags & FAMFS_FS_WAIT))
		dflags |= FAMFS_DEV_LOCK_WAIT;
	rc = famfs_dev_open(path, dflags, &fs->dev, err);
	if (rc)
		goto fail;
	rc = read_superblock(fs, err);
	if (rc)
		goto fail;
	if (fs->writable && !(flags & FAMFS_FS_FORCE)) {
		rc = fs_check_master(fs, err);
		if (rc)
			goto fail;
	}
	rc = map_log(fs, err);
	if (rc)
		goto fail;
	*fsp = fs;
	return 0;
fail:
	famfs_fs_close(fs);
	return rc;
}

void famfs_fs_close(struct famfs_fs *fs)
{
	if (!fs)
		return;
	bus_guard_end(&fs->log_guard);
	if (fs->log)
		famfs_dev_unmap(fs->dev, fs->log, fs->sb.log_len);
	famfs_dev_close(fs->dev);
	free(fs);
}

struct famfs_dev *famfs_fs_dev(const struct famfs_fs *fs)
{
	return fs->dev;
}

const struct famfs_superblock *famfs_fs_superblock(const struct famfs_fs *fs)
{
	return &fs->sb;
}

const struct famfs_log_header *famfs_fs_log_header(const struct famfs_fs *fs)
{
	return &fs->hdr;
}

const uint8_t *famfs_fs_log(const struct famfs_fs *fs)
{
	return fs->log;
}

uint8_t *famfs_fs_log_mut(struct famfs_fs *fs)
{
	return fs->writable ? fs->log : NULL;
}

int famfs_fs_writable(const struct famfs_fs *fs)
{
	return fs->writable;
}
