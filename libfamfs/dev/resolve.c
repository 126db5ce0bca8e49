// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Device UUID -> local path. A host has a handful of DAX devices and a
 * test a handful of images, so every call scans afresh: no cache file to
 * go stale. A candidate matches when its superblock carries both the
 * file-system UUID and the device UUID.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <famfs/daxmode.h>
#include <famfs/devset.h>

#include "format/sb_internal.h"
#include "util/error_internal.h"
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
	int explicit;			/* paths the user named: every rejection counts */
	char rejected[PATH_MAX + 160];	/* why the first likely member was not taken */
	char famfs_mode[PATH_MAX];	/* the first scanned device in famfs mode */
	int nfamfs_mode;		/* how many the scan passed over for their mode */
};

/*
 * Remember why a candidate that may be the member was passed over, so
 * "not found" can say "this one has a damaged superblock" instead of
 * leaving the user to guess. Among scanned devices only those with the
 * famfs magic count; a path the user named always does.
 */
static void note_rejected(struct match *m, const char *path, int rc,
			  const struct famfs_error *why)
{
	if (m->rejected[0])
		return;
	if (!m->explicit && (rc == -FAMFS_E_SB_MAGIC || rc == -FAMFS_E_SB_KILLED ||
			     rc > -FAMFS_E_FIRST))
		return;
	snprintf(m->rejected, sizeof(m->rejected), "%s", why->msg[0] ? why->msg : path);
}

/*
 * Is path the member we look for? Identity is the pair of UUIDs; whether
 * its superblock is sound is the caller's check (famfs_devset_check_member),
 * so a member with a damaged superblock is reported as damaged, at its
 * path, rather than as missing. Unreadable candidates are not members.
 */
static int try_candidate(struct match *m, const char *path)
{
	struct famfs_superblock sb;
	struct famfs_error why = { 0 };
	char real[PATH_MAX], u[UUID_TEXT_LEN];
	int rc, other_fs;

	rc = famfs_sb_read(path, &sb, NULL, &why);
	if (rc) {
		note_rejected(m, path, rc, &why);
		return 0;
	}
	if (memcmp(sb.uuid, m->fs_uuid, FAMFS_UUID_LEN) ||
	    memcmp(sb.dev_uuid, m->dev_uuid, FAMFS_UUID_LEN)) {
		rc = sb_validate_header(&sb, &why);
		if (rc) {
			error_prefix(&why, rc, path);
			note_rejected(m, path, rc, &why);
		} else if (m->explicit && !m->rejected[0]) {
			other_fs = memcmp(sb.uuid, m->fs_uuid, FAMFS_UUID_LEN) != 0;
			uuid_text(other_fs ? sb.uuid : sb.dev_uuid, u);
			snprintf(m->rejected, sizeof(m->rejected), "%s: it carries %s UUID %s",
				 path, other_fs ? "another file system's" : "the device", u);
		}
		return 0;
	}
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

/*
 * Is the scanned device sysdir/NAME in famfs mode (bound to fsdev_dax)?
 * It cannot be read then, so its superblock cannot tell who it is.
 */
static int in_famfs_mode(const char *sysdir, const char *name)
{
	char link[PATH_MAX], target[PATH_MAX];
	const char *base;
	ssize_t n;

	if (snprintf(link, sizeof(link), "%s/%s/driver", sysdir, name) >= (int)sizeof(link))
		return 0;
	n = readlink(link, target, sizeof(target) - 1);
	if (n < 0)
		return 0;
	target[n] = '\0';
	base = strrchr(target, '/');
	base = base ? base + 1 : target;
	return !strcmp(base, famfs_daxmode_driver(FAMFS_DAXMODE_FAMFS));
}

/*
 * /sys/bus/dax/devices/NAME names /dev/NAME, under the test root if set.
 * Devices in famfs mode are counted, not read: only the user may switch
 * them (-d PATH with -M), so "not found" says which they were.
 */
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
		if (in_famfs_mode(sys, d->d_name)) {
			if (!m->nfamfs_mode++)
				snprintf(m->famfs_mode, sizeof(m->famfs_mode), "%s", path);
			continue;
		}
		try_candidate(m, path);
	}
	closedir(dh);
}

/*
 * Why the member may not have been found, in buf: the devices the scan
 * could not read for their mode, then the candidate passed over (the fix
 * first: a long message is cut at its end). "" if neither.
 */
static void missing_hint(const struct match *m, char *buf, size_t len)
{
	char more[48] = "", mode[PATH_MAX + 160] = "";

	if (m->nfamfs_mode > 1)
		snprintf(more, sizeof(more), " and %d more", m->nfamfs_mode - 1);
	if (m->nfamfs_mode)
		snprintf(mode, sizeof(mode), "%s%s %s in famfs mode and could not be read: "
			 "name it with -d and give -M", m->famfs_mode, more,
			 m->nfamfs_mode > 1 ? "are" : "is");
	if (mode[0] && m->rejected[0])
		snprintf(buf, len, " (%s; passed over: %s)", mode, m->rejected);
	else if (mode[0] || m->rejected[0])
		snprintf(buf, len, " (%s%s)", mode[0] ? "" : "passed over: ",
			 mode[0] ? mode : m->rejected);
	else
		buf[0] = '\0';
}

int famfs_resolve_device(const struct famfs_resolve_opts *opts,
			 const uint8_t fs_uuid[FAMFS_UUID_LEN],
			 const uint8_t dev_uuid[FAMFS_UUID_LEN],
			 char *path, size_t len, struct famfs_error *err)
{
	struct match *m;
	const char *where;
	char u[UUID_TEXT_LEN], hint[2 * PATH_MAX + 256];
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
		m->explicit = 1;
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
	if (!m->nfound) {
		missing_hint(m, hint, sizeof(hint));
		rc = famfs_error_set(err, -FAMFS_E_DEV_MISSING,
				     "no device with device UUID %s of this file system in %s%s",
				     u, where, hint);
	}
	else if (m->nfound > 1)
		rc = famfs_error_set(err, -FAMFS_E_DEV_AMBIGUOUS,
				     "%d devices in %s carry device UUID %s (one is %s)",
				     m->nfound, where, u, m->found);
	else if (snprintf(path, len, "%s", m->found) >= (int)len)
		rc = famfs_error_set(err, -ENAMETOOLONG, "%s: path too long", m->found);
	free(m);
	return rc;
}
