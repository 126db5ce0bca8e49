// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Device UUID -> local path. A host has a handful of DAX devices and a
 * test a handful of images, so every call scans afresh: no cache file to
 * go stale. A candidate matches when its superblock passes its CRC and
 * carries both the file-system UUID and the device UUID.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <famfs/devset.h>

#include "format/sb_internal.h"
#include "util/uuid_text.h"

/* Bounds the scan of a directory whatever it holds. */
#define RESOLVE_MAX_CANDIDATES	4096

struct match {
	const uint8_t *fs_uuid;
	const uint8_t *dev_uuid;
	char found[PATH_MAX];
	char found_real[PATH_MAX];
	int nfound;
	int nseen;
};

/* Is path a member we look for? Unreadable candidates are not. */
static int try_candidate(struct match *m, const char *path)
{
	struct famfs_superblock sb;
	char real[PATH_MAX];

	if (famfs_sb_read(path, &sb, NULL, NULL) || sb_validate_header(&sb, NULL))
		return 0;
	if (memcmp(sb.uuid, m->fs_uuid, FAMFS_UUID_LEN) ||
	    memcmp(sb.dev_uuid, m->dev_uuid, FAMFS_UUID_LEN))
		return 0;
	if (!realpath(path, real))
		return 0;
	if (m->nfound && !strcmp(real, m->found_real))
		return 0;	/* the same device named twice */
	if (!m->nfound) {
		snprintf(m->found, sizeof(m->found), "%s", path);
		snprintf(m->found_real, sizeof(m->found_real), "%s", real);
	}
	m->nfound++;
	return 1;
}

/* Each regular file of an image directory; links and the rest are skipped. */
static void scan_dir(struct match *m, const char *dir)
{
	struct dirent *d;
	struct stat st;
	char path[PATH_MAX];
	DIR *dh = opendir(dir);

	if (!dh)
		return;
	while ((d = readdir(dh)) && m->nseen < RESOLVE_MAX_CANDIDATES) {
		if (d->d_name[0] == '.')
			continue;
		if (fstatat(dirfd(dh), d->d_name, &st, AT_SYMLINK_NOFOLLOW) ||
		    !S_ISREG(st.st_mode))
			continue;
		if (snprintf(path, sizeof(path), "%s/%s", dir, d->d_name) >= (int)sizeof(path))
			continue;
		m->nseen++;
		try_candidate(m, path);
	}
	closedir(dh);
}

/* /sys/bus/dax/devices/NAME names /dev/NAME, under the test root if set. */
static void scan_dax(struct match *m)
{
	const char *root = getenv(FAMFS_DAX_ROOT_ENV);
	char sys[PATH_MAX], path[PATH_MAX];
	struct dirent *d;
	DIR *dh;

	if (!root)
		root = "";
	if (snprintf(sys, sizeof(sys), "%s/sys/bus/dax/devices", root) >= (int)sizeof(sys))
		return;
	dh = opendir(sys);
	if (!dh)
		return;
	while ((d = readdir(dh)) && m->nseen < RESOLVE_MAX_CANDIDATES) {
		if (d->d_name[0] == '.' || strchr(d->d_name, '/'))
			continue;
		if (snprintf(path, sizeof(path), "%s/dev/%s", root, d->d_name) >=
		    (int)sizeof(path))
			continue;
		m->nseen++;
		try_candidate(m, path);
	}
	closedir(dh);
}

int famfs_resolve_device(const struct famfs_resolve_opts *opts,
			 const uint8_t fs_uuid[FAMFS_UUID_LEN],
			 const uint8_t dev_uuid[FAMFS_UUID_LEN],
			 char *path, size_t len, struct famfs_error *err)
{
	struct match *m;
	const char *where;
	char u[UUID_TEXT_LEN];
	size_t i;
	int rc = 0;

	if (opts && opts->npaths && !opts->paths)
		return famfs_error_set(err, -EINVAL, "%zu device paths, but no list", opts->npaths);
	m = calloc(1, sizeof(*m));
	if (!m)
		return famfs_error_set(err, -ENOMEM, "out of memory");
	m->fs_uuid = fs_uuid;
	m->dev_uuid = dev_uuid;
	if (opts && opts->npaths) {
		where = "the devices given";
		for (i = 0; i < opts->npaths; i++)
			try_candidate(m, opts->paths[i]);
	} else if (opts && opts->image_dir) {
		where = opts->image_dir;
		scan_dir(m, opts->image_dir);
	} else {
		where = "this host's DAX devices";
		scan_dax(m);
	}
	uuid_text(dev_uuid, u);
	if (!m->nfound)
		rc = famfs_error_set(err, -FAMFS_E_DEV_MISSING,
				     "no device with device UUID %s of this file system in %s",
				     u, where);
	else if (m->nfound > 1)
		rc = famfs_error_set(err, -FAMFS_E_DEV_AMBIGUOUS,
				     "%d devices in %s carry device UUID %s (one is %s)",
				     m->nfound, where, u, m->found);
	else if (snprintf(path, len, "%s", m->found) >= (int)len)
		rc = famfs_error_set(err, -ENAMETOOLONG, "%s: path too long", m->found);
	free(m);
	return rc;
}
