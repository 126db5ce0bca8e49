// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Opening a whole device set: the primary as famfs_fs_open() opens it,
 * its device table from the log, and every secondary found by UUID,
 * checked against the table and opened (read-write and locked when the
 * file system is). A missing or wrong member fails the open, naming its
 * index and UUID; with FAMFS_SET_PARTIAL (read-only views) the open goes
 * on and each such member keeps its reason instead.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <famfs/devset.h>

struct member {
	struct famfs_dev *dev;		/* NULL when missing or wrong */
	char path[PATH_MAX];
	struct famfs_error why;		/* code 0 when usable */
};

struct famfs_set {
	struct famfs_fs *fs;
	struct famfs_devset ds;
	uint32_t nmissing;
	struct member m[FAMFS_MAX_DEVICES];
};

void famfs_set_close(struct famfs_set *set)
{
	uint32_t i;

	if (!set)
		return;
	for (i = 1; i < set->ds.count; i++)
		if (set->m[i].dev)
			famfs_dev_close(set->m[i].dev);
	famfs_fs_close(set->fs);
	free(set);
}

static int open_member(struct famfs_set *set, uint32_t i, const char *primary,
		       const struct famfs_resolve_opts *opts, unsigned int devflags)
{
	struct member *m = &set->m[i];
	int rc;

	rc = famfs_devset_locate(&set->ds, i, primary, opts, m->path, sizeof(m->path), &m->why);
	if (!rc)
		rc = famfs_dev_open(m->path, devflags, &m->dev, &m->why);
	if (rc)
		m->dev = NULL;
	return rc;
}

int famfs_set_open(const char *primary, unsigned int fs_flags,
		   const struct famfs_resolve_opts *opts, unsigned int set_flags,
		   struct famfs_set **setp, struct famfs_error *err)
{
	struct famfs_set *set = calloc(1, sizeof(*set));
	const struct famfs_superblock *sb;
	unsigned int devflags = 0;
	uint32_t i;
	int rc;

	if (!set)
		return famfs_error_set(err, -ENOMEM, "out of memory");
	rc = famfs_fs_open(primary, fs_flags, &set->fs, err);
	if (rc) {
		free(set);
		return rc;
	}
	sb = famfs_fs_superblock(set->fs);
	rc = famfs_devset_from_log(&set->ds, sb, famfs_fs_log(set->fs), sb->log_len, err);
	if (rc)
		goto fail;
	set->m[0].dev = famfs_fs_dev(set->fs);
	snprintf(set->m[0].path, sizeof(set->m[0].path), "%s", primary);
	if (fs_flags & FAMFS_FS_WRITE)
		devflags = FAMFS_DEV_WRITE | FAMFS_DEV_LOCK |
			   ((fs_flags & FAMFS_FS_WAIT) ? FAMFS_DEV_LOCK_WAIT : 0);
	for (i = 1; i < set->ds.count; i++) {
		if (!open_member(set, i, primary, opts, devflags))
			continue;
		set->nmissing++;
		if (!(set_flags & FAMFS_SET_PARTIAL) || (fs_flags & FAMFS_FS_WRITE)) {
			rc = famfs_error_set(err, set->m[i].why.code, "%s", set->m[i].why.msg);
			goto fail;
		}
	}
	*setp = set;
	return 0;
fail:
	famfs_set_close(set);
	return rc;
}

struct famfs_fs *famfs_set_fs(const struct famfs_set *set)
{
	return set->fs;
}

const struct famfs_devset *famfs_set_devset(const struct famfs_set *set)
{
	return &set->ds;
}

uint32_t famfs_set_nmissing(const struct famfs_set *set)
{
	return set->nmissing;
}

struct famfs_dev *famfs_set_dev(const struct famfs_set *set, uint32_t index)
{
	return index < set->ds.count ? set->m[index].dev : NULL;
}

const char *famfs_set_path(const struct famfs_set *set, uint32_t index)
{
	if (index >= set->ds.count || !set->m[index].dev)
		return NULL;
	return set->m[index].path;
}

const char *famfs_set_found_path(const struct famfs_set *set, uint32_t index)
{
	if (index >= set->ds.count || !set->m[index].path[0])
		return NULL;
	return set->m[index].path;
}

int famfs_set_member_error(const struct famfs_set *set, uint32_t index,
			   struct famfs_error *why)
{
	if (index >= set->ds.count)
		return famfs_error_set(why, -FAMFS_E_EXT_DEV_INDEX,
				       "device index %u: the file system has %u devices", index,
				       set->ds.count);
	if (!set->m[index].why.code)
		return 0;
	return famfs_error_set(why, set->m[index].why.code, "%s", set->m[index].why.msg);
}
