// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Adding a secondary device to an existing file system, offline. Crash
 * order: the primary's flag (harmless alone), the secondary's superblock
 * made durable, and only then the ADD_DAXDEV entry that claims it. An
 * interrupted add leaves a secondary no log names; adding it again reuses
 * it.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <uuid/uuid.h>

#include <famfs/devset.h>
#include <famfs/fs.h>

#include "fs/fs_internal.h"
#include "util/le.h"
#include "write/mkfs_internal.h"
#include "write/writer_internal.h"

#define SB_OFF_FLAGS	104	/* outside the CRC: set in place */

static int same_file(const char *a, const char *b, struct famfs_error *err)
{
	struct stat sa, sb;

	if (stat(a, &sa))
		return famfs_error_set(err, -errno, "%s: %s", a, strerror(errno));
	if (stat(b, &sb))
		return famfs_error_set(err, -errno, "%s: %s", b, strerror(errno));
	if ((S_ISCHR(sa.st_mode) || S_ISBLK(sa.st_mode)) &&
	    (sa.st_mode & S_IFMT) == (sb.st_mode & S_IFMT))
		return sa.st_rdev == sb.st_rdev;
	return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

/*
 * What the new device holds decides: a member of this set is refused; a
 * secondary of this file system that no entry names (an interrupted add)
 * is reused; anything else famfs or foreign needs force.
 */
static int check_new(struct famfs_dev *dev, const uint8_t *sbmap, const struct famfs_devset *ds,
		     unsigned int flags, struct famfs_add_result *res, struct famfs_error *err)
{
	struct famfs_mkfs_result scratch;
	struct famfs_superblock old;
	int idx, rc;

	famfs_sb_decode(sbmap, FAMFS_SB_ENCODED_SIZE, &old, NULL);
	if (old.magic == FAMFS_SB_MAGIC && !memcmp(old.uuid, ds->fs_uuid, FAMFS_UUID_LEN)) {
		idx = famfs_devset_find(ds, old.dev_uuid);
		if (idx >= 0)
			return famfs_error_set(err, -EEXIST,
					       "%s is already device %d of this file system",
					       famfs_dev_path(dev), idx);
		if (!famfs_sb_validate_member(&old, 0, NULL) &&
		    famfs_sb_role(&old, NULL) == FAMFS_SB_ROLE_SECONDARY) {
			res->reused = 1;
			return 0;
		}
	}
	if (old.magic == FAMFS_SB_MAGIC && !(flags & FAMFS_MKFS_FORCE))
		return famfs_error_set(err, -EEXIST,
				       "%s holds another famfs file system (UUID differs)",
				       famfs_dev_path(dev));
	memset(&scratch, 0, sizeof(scratch));
	rc = mkfs_check_existing(dev, sbmap, flags, &scratch, err);
	if (!rc)
		memcpy(res->replaced, scratch.replaced, sizeof(res->replaced));
	return rc;
}

static int set_primary_flag(struct famfs_fs *fs, struct famfs_error *err)
{
	uint8_t *sbmap;
	int rc;

	if (fs->sb.flags & FAMFS_SB_FLAG_PRIMARY)
		return 0;
	rc = famfs_dev_map(fs->dev, 0, FAMFS_SB_REGION, (void **)&sbmap, err);
	if (rc)
		return rc;
	put_le32(sbmap + SB_OFF_FLAGS, FAMFS_SB_FLAG_PRIMARY);
	rc = famfs_dev_flush(fs->dev, sbmap, FAMFS_SB_ENCODED_SIZE, err);
	famfs_dev_unmap(fs->dev, sbmap, FAMFS_SB_REGION);
	if (!rc)
		fs->sb.flags = FAMFS_SB_FLAG_PRIMARY;
	return rc;
}

/* Slot first, flushed, then the header: a crash leaves it live or ignored. */
static int append_entry(struct famfs_fs *fs, const struct famfs_daxdev_entry *d,
			struct famfs_error *err)
{
	struct famfs_log_header hdr = fs->hdr;
	struct famfs_log_entry e;
	uint8_t *slot = fs->log + famfs_log_slot_offset(hdr.next_index);
	int rc;

	memset(&e, 0, sizeof(e));
	e.type = FAMFS_LOG_ADD_DAXDEV;
	e.seqnum = hdr.next_seqnum;
	e.u.daxdev = *d;
	rc = famfs_log_entry_encode(&e, slot, FAMFS_LOG_ENTRY_SIZE, err);
	if (!rc)
		rc = famfs_dev_flush(fs->dev, slot, FAMFS_LOG_ENTRY_SIZE, err);
	if (rc)
		return rc;
	writer_crash_point("devadd-slot");
	hdr.next_index++;
	hdr.next_seqnum++;
	rc = famfs_log_header_encode(&hdr, fs->log, FAMFS_LOG_HEADER_SIZE, err);
	if (!rc)
		rc = famfs_dev_flush(fs->dev, fs->log, FAMFS_LOG_HEADER_SIZE, err);
	if (!rc)
		fs->hdr = hdr;
	return rc;
}

static int add_to(struct famfs_fs *fs, const char *path, unsigned int flags,
		  struct famfs_add_result *res, struct famfs_error *err)
{
	struct famfs_daxdev_entry d;
	struct famfs_dev *dev = NULL;
	uint8_t *sbmap = NULL, u[FAMFS_UUID_LEN];
	char where[256];
	uint64_t size;
	int rc;

	rc = famfs_dev_is_mounted(fs->dev, where, sizeof(where), err);
	if (rc > 0)
		return famfs_error_set(err, -EBUSY, "%s is mounted on %s; add devices offline",
				       famfs_dev_path(fs->dev), where);
	if (rc < 0)
		return rc;
	rc = famfs_devset_from_log(&res->set, &fs->sb, fs->log, fs->sb.log_len, err);
	if (rc)
		return rc;
	if (res->set.count >= FAMFS_MAX_DEVICES)
		return famfs_error_set(err, -FAMFS_E_DEV_TOO_MANY,
				       "the file system already has %d devices, the most it may have",
				       FAMFS_MAX_DEVICES);
	if (fs->hdr.next_index > fs->hdr.last_index)
		return famfs_error_set(err, -FAMFS_E_LOG_FULL, "%s: log full",
				       famfs_dev_path(fs->dev));
	rc = famfs_dev_open(path, FAMFS_DEV_LOCK |
			    ((flags & FAMFS_MKFS_DRY_RUN) ? 0 : FAMFS_DEV_WRITE), &dev, err);
	if (rc)
		return rc;
	rc = mkfs_check_not_mounted(dev, err);
	if (rc)
		goto out;
	size = famfs_dev_size(dev) - famfs_dev_size(dev) % FAMFS_ALLOC_UNIT;
	if (size < FAMFS_SECONDARY_MIN_SIZE) {
		rc = famfs_error_set(err, -FAMFS_E_SB_DEV_SIZE,
				     "%s: %llu bytes is too small: a secondary needs at least %llu",
				     path, (unsigned long long)famfs_dev_size(dev),
				     (unsigned long long)FAMFS_SECONDARY_MIN_SIZE);
		goto out;
	}
	rc = famfs_dev_map(dev, 0, FAMFS_SB_REGION, (void **)&sbmap, err);
	if (rc)
		goto out;
	rc = check_new(dev, sbmap, &res->set, flags, res, err);
	if (rc)
		goto out;
	uuid_generate(u);
	famfs_sb_secondary_init(&res->sb, &fs->sb, size, u);
	snprintf(res->sb.dev_name, FAMFS_DEVNAME_LEN, "%s", path);
	res->index = res->set.count;
	if (flags & FAMFS_MKFS_DRY_RUN)
		goto out;

	rc = set_primary_flag(fs, err);
	if (rc)
		goto out;
	writer_crash_point("devadd-flag");
	rc = mkfs_write_secondary(dev, sbmap, &res->sb, err);
	if (rc)
		goto out;
	writer_crash_point("devadd-secondary");
	memset(&d, 0, sizeof(d));
	d.index = res->index;
	d.size = res->sb.dev_size;
	memcpy(d.uuid, res->sb.dev_uuid, FAMFS_UUID_LEN);
	rc = famfs_devset_add(&res->set, &d, fs->hdr.next_index, err);
	if (!rc)
		rc = append_entry(fs, &d, err);
out:
	if (sbmap)
		famfs_dev_unmap(dev, sbmap, FAMFS_SB_REGION);
	famfs_dev_close(dev);
	return rc;
}

int famfs_devset_add_device(const char *primary, const char *path, unsigned int flags,
			    struct famfs_add_result *res, struct famfs_error *err)
{
	unsigned int fsflags = FAMFS_FS_WRITE | FAMFS_FS_WAIT;
	struct famfs_fs *fs;
	int rc;

	memset(res, 0, sizeof(*res));
	rc = same_file(primary, path, err);
	if (rc < 0)
		return rc;
	if (rc)
		return famfs_error_set(err, -EEXIST, "%s is the primary device itself", path);
	if (flags & FAMFS_MKFS_DRY_RUN)
		fsflags = 0;
	rc = famfs_fs_open(primary, fsflags | ((flags & FAMFS_ADD_NOT_MASTER) ? FAMFS_FS_FORCE : 0),
			   &fs, err);
	if (rc)
		return rc;
	rc = add_to(fs, path, flags, res, err);
	famfs_fs_close(fs);
	return rc;
}
