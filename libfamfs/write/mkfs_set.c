// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * mkfs of a device set: a primary and its secondaries in one go. Every
 * device is checked before anything is written; then the secondaries'
 * superblocks go first, the primary (superblock and empty log) next, its
 * primary flag after, and the ADD_DAXDEV entries last, made live by one
 * header update. A crash at any step leaves the primary either unmade,
 * a one-device file system, or the whole set: never a log that names a
 * device whose superblock is not written.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
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

struct member {
	struct famfs_dev *dev;
	uint8_t *sbmap;
};

/* The same file or device named twice would be overwritten twice. */
static int check_distinct(const char *const *paths, size_t n, struct famfs_error *err)
{
	struct stat *st = calloc(n, sizeof(*st));
	size_t i, j;
	int rc = 0;

	if (!st)
		return famfs_error_set(err, -ENOMEM, "out of memory");
	for (i = 0; i < n && !rc; i++) {
		if (stat(paths[i], &st[i]))
			rc = famfs_error_set(err, -errno, "%s: %s", paths[i], strerror(errno));
		for (j = 0; j < i && !rc; j++) {
			int same = (S_ISCHR(st[i].st_mode) || S_ISBLK(st[i].st_mode)) ?
				   st[i].st_rdev == st[j].st_rdev &&
				   (st[i].st_mode & S_IFMT) == (st[j].st_mode & S_IFMT) :
				   st[i].st_dev == st[j].st_dev && st[i].st_ino == st[j].st_ino;

			if (same)
				rc = famfs_error_set(err, -EINVAL,
						     "%s and %s are the same device: each member is given once",
						     paths[j], paths[i]);
		}
	}
	free(st);
	return rc;
}

static int open_member(const char *path, unsigned int flags, const struct famfs_superblock *p,
		       struct member *m, struct famfs_mkfs_member *out, struct famfs_error *err)
{
	struct famfs_mkfs_result scratch;
	uint8_t u[FAMFS_UUID_LEN];
	uint64_t size;
	int rc;

	rc = famfs_dev_open(path, FAMFS_DEV_LOCK |
			    ((flags & FAMFS_MKFS_DRY_RUN) ? 0 : FAMFS_DEV_WRITE), &m->dev, err);
	if (rc)
		return rc;
	rc = mkfs_check_not_mounted(m->dev, err);
	if (rc)
		return rc;
	out->raw_size = famfs_dev_size(m->dev);
	size = out->raw_size - out->raw_size % FAMFS_ALLOC_UNIT;
	if (size < FAMFS_SECONDARY_MIN_SIZE)
		return famfs_error_set(err, -FAMFS_E_SB_DEV_SIZE,
				       "%s: %llu bytes is too small: a secondary needs at least %llu",
				       path, (unsigned long long)out->raw_size,
				       (unsigned long long)FAMFS_SECONDARY_MIN_SIZE);
	rc = famfs_dev_map(m->dev, 0, FAMFS_SB_REGION, (void **)&m->sbmap, err);
	if (rc)
		return rc;
	memset(&scratch, 0, sizeof(scratch));
	rc = mkfs_check_existing(m->dev, m->sbmap, flags, &scratch, err);
	if (rc)
		return rc;
	memcpy(out->replaced, scratch.replaced, sizeof(out->replaced));
	uuid_generate(u);
	famfs_sb_secondary_init(&out->sb, p, size, u);
	/* the reference tools store the path as given; keep its first 63 bytes */
	snprintf(out->sb.dev_name, FAMFS_DEVNAME_LEN, "%s", path);
	return 0;
}

/* Old magic gone first, so a torn write never looks like a superblock. */
int mkfs_write_secondary(struct famfs_dev *dev, uint8_t *sbmap,
			 const struct famfs_superblock *sb, struct famfs_error *err)
{
	int rc;

	memset(sbmap, 0, 8);
	rc = famfs_dev_flush(dev, sbmap, 8, err);
	if (rc)
		return rc;
	mkfs_zero_range(sbmap, FAMFS_SB_REGION);
	rc = famfs_sb_encode(sb, sbmap, FAMFS_SB_ENCODED_SIZE, err);
	if (rc)
		return rc;
	return famfs_dev_flush(dev, sbmap, FAMFS_SB_REGION, err);
}

/* Mark the new primary and append one ADD_DAXDEV entry per secondary. */
static int link_members(const char *path, const struct famfs_mkfs_member *members, size_t nsec,
			struct famfs_error *err)
{
	struct famfs_fs *fs;
	struct famfs_log_entry e;
	struct famfs_log_header hdr;
	uint8_t *sbmap, *log;
	size_t i;
	int rc;

	rc = famfs_fs_open(path, FAMFS_FS_WRITE | FAMFS_FS_FORCE, &fs, err);
	if (rc)
		return rc;
	rc = famfs_dev_map(fs->dev, 0, FAMFS_SB_REGION, (void **)&sbmap, err);
	if (rc)
		goto out;
	put_le32(sbmap + SB_OFF_FLAGS, FAMFS_SB_FLAG_PRIMARY);
	rc = famfs_dev_flush(fs->dev, sbmap, FAMFS_SB_ENCODED_SIZE, err);
	famfs_dev_unmap(fs->dev, sbmap, FAMFS_SB_REGION);
	if (rc)
		goto out;
	fs->sb.flags = FAMFS_SB_FLAG_PRIMARY;
	writer_crash_point("mkfs-flag");

	log = fs->log;
	hdr = fs->hdr;
	if (nsec > hdr.last_index + 1 - hdr.next_index) {
		rc = famfs_error_set(err, -FAMFS_E_LOG_FULL, "%s: no room in the log", path);
		goto out;
	}
	for (i = 0; i < nsec; i++) {
		memset(&e, 0, sizeof(e));
		e.type = FAMFS_LOG_ADD_DAXDEV;
		e.seqnum = hdr.next_seqnum + i;
		e.u.daxdev.index = (uint32_t)(i + 1);
		e.u.daxdev.size = members[i].sb.dev_size;
		memcpy(e.u.daxdev.uuid, members[i].sb.dev_uuid, FAMFS_UUID_LEN);
		rc = famfs_log_entry_encode(&e, log + famfs_log_slot_offset(hdr.next_index + i),
					    FAMFS_LOG_ENTRY_SIZE, err);
		if (rc)
			goto out;
	}
	rc = famfs_dev_flush(fs->dev, log + famfs_log_slot_offset(hdr.next_index),
			     nsec * FAMFS_LOG_ENTRY_SIZE, err);
	if (rc)
		goto out;
	writer_crash_point("mkfs-slots");
	hdr.next_index += nsec;
	hdr.next_seqnum += nsec;
	rc = famfs_log_header_encode(&hdr, log, FAMFS_LOG_HEADER_SIZE, err);
	if (!rc)
		rc = famfs_dev_flush(fs->dev, log, FAMFS_LOG_HEADER_SIZE, err);
	if (!rc)
		fs->hdr = hdr;
out:
	famfs_fs_close(fs);
	return rc;
}

static int mkfs_members(const char *primary, const char *const *secondaries, size_t nsec,
			const struct famfs_mkfs_opts *opts, struct member *m,
			struct famfs_mkfs_result *res, struct famfs_mkfs_member *members,
			struct famfs_error *err)
{
	struct famfs_mkfs_opts dry = *opts;
	size_t i;
	int rc;

	/* every check on every device before any write */
	dry.flags |= FAMFS_MKFS_DRY_RUN;
	rc = famfs_mkfs(primary, &dry, res, err);
	if (rc)
		return rc;
	for (i = 0; i < nsec; i++) {
		rc = open_member(secondaries[i], opts->flags, &res->sb, &m[i], &members[i], err);
		if (rc)
			return rc;
	}
	if (opts->flags & FAMFS_MKFS_DRY_RUN)
		return 0;
	for (i = 0; i < nsec; i++) {
		rc = mkfs_write_secondary(m[i].dev, m[i].sbmap, &members[i].sb, err);
		if (rc)
			return rc;
		writer_crash_point("mkfs-secondary");
	}
	rc = famfs_mkfs(primary, opts, res, err);
	if (rc)
		return rc;
	writer_crash_point("mkfs-primary");
	if (!nsec)
		return 0;
	rc = link_members(primary, members, nsec, err);
	if (!rc)
		res->sb.flags = FAMFS_SB_FLAG_PRIMARY;
	return rc;
}

int famfs_mkfs_set(const char *primary, const char *const *secondaries, size_t nsec,
		   const struct famfs_mkfs_opts *opts, struct famfs_mkfs_result *res,
		   struct famfs_mkfs_member *members, struct famfs_error *err)
{
	struct famfs_mkfs_opts o = *opts;
	uint8_t fs_uuid[FAMFS_UUID_LEN], sys_uuid[FAMFS_UUID_LEN];
	const char **all = NULL;
	struct member *m = NULL;
	size_t i;
	int rc;

	if (!nsec)		/* exactly famfs_mkfs(): one device stays what it was */
		return famfs_mkfs(primary, opts, res, err);
	memset(res, 0, sizeof(*res));
	if (nsec >= FAMFS_MAX_DEVICES)
		return famfs_error_set(err, -FAMFS_E_DEV_TOO_MANY,
				       "%zu devices: a file system has at most %d", nsec + 1,
				       FAMFS_MAX_DEVICES);
	if (nsec && (opts->flags & FAMFS_MKFS_KILL))
		return famfs_error_set(err, -EINVAL, "kill takes one device");
	all = calloc(nsec + 1, sizeof(*all));
	m = calloc(nsec + 1, sizeof(*m));
	if (!all || !m) {
		rc = famfs_error_set(err, -ENOMEM, "out of memory");
		goto out;
	}
	all[0] = primary;
	for (i = 0; i < nsec; i++)
		all[i + 1] = secondaries[i];
	rc = check_distinct(all, nsec + 1, err);
	if (rc)
		goto out;
	/* the secondaries record the file system's UUIDs: fix them first */
	if (!o.uuid) {
		uuid_generate(fs_uuid);
		o.uuid = fs_uuid;
	}
	if (!o.system_uuid && !(o.flags & FAMFS_MKFS_DRY_RUN) && !(o.flags & FAMFS_MKFS_KILL)) {
		rc = famfs_system_uuid(sys_uuid, 1, err);
		if (rc)
			goto out;
		o.system_uuid = sys_uuid;
	}
	memset(members, 0, nsec * sizeof(*members));
	rc = mkfs_members(primary, secondaries, nsec, &o, m, res, members, err);
out:
	for (i = 0; m && i < nsec; i++) {
		if (m[i].sbmap)
			famfs_dev_unmap(m[i].dev, m[i].sbmap, FAMFS_SB_REGION);
		if (m[i].dev)
			famfs_dev_close(m[i].dev);
	}
	free(m);
	free(all);
	return rc;
}
