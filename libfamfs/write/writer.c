// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Opening a famfs for offline writing. The whole file system is checked
 * after the lock is taken, so the namespace and allocation map built here
 * stay true for as long as the writer is open: no one else can append.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <famfs/check.h>
#include <famfs/devset.h>

#include "util/error_internal.h"
#include "fs/fs_internal.h"
#include "write/writer_internal.h"

struct first_error {
	char name[32];
	char msg[FAMFS_ERROR_MSG_MAX];
	int seen;
};

static void keep_first_error(void *arg, const struct famfs_finding *f)
{
	struct first_error *fe = arg;

	if (fe->seen || f->severity != FAMFS_SEV_ERROR)
		return;
	fe->seen = 1;
	snprintf(fe->name, sizeof(fe->name), "%s", f->name);
	snprintf(fe->msg, sizeof(fe->msg), "%s", f->msg);
}

static int refuse_if_mounted(struct famfs_fs *fs, struct famfs_error *err)
{
	struct famfs_dev *dev = famfs_fs_dev(fs);
	char where[256];
	int rc = famfs_dev_is_mounted(dev, where, sizeof(where), err);

	if (rc < 0)
		return rc;
	if (rc)
		return famfs_error_set(err, -EBUSY,
				       "%s is mounted on %s: unmount it on every host first, "
				       "or add files through the mount", famfs_dev_path(dev), where);
	return 0;
}

/*
 * A file system with secondaries: one map per device, so the files on
 * the secondaries are accounted to them; new files go on device 0 (its
 * map). Returns 1 when there are no secondaries (the one-device path).
 */
static int load_set(struct famfs_writer *w, const char *path, struct famfs_error *err)
{
	const struct famfs_superblock *sb = famfs_fs_superblock(w->fs);
	struct famfs_devset *ds = malloc(sizeof(*ds));
	int rc;

	if (!ds)
		return famfs_error_set(err, -ENOMEM, "out of memory");
	rc = famfs_devset_from_log(ds, sb, famfs_fs_log(w->fs), sb->log_len, err);
	if (rc || ds->count < 2) {
		/* a table the check passed but this cannot build: device 0 alone */
		free(ds);
		return 1;
	}
	rc = famfs_alloc_set_new(ds, sb, &w->aset, err);
	w->ds = ds;	/* famfs_writer_open_set finds the members by it */
	if (!rc)
		rc = famfs_alloc_set_from_ns(w->aset, w->ns, err);
	if (rc)
		return error_prefix(err, rc, path);
	w->map = famfs_alloc_set_map(w->aset, 0);
	return 0;
}

/* Check everything and build the namespace and the allocation map. */
static int load(struct famfs_writer *w, const char *path, struct famfs_error *err)
{
	const struct famfs_superblock *sb = famfs_fs_superblock(w->fs);
	struct famfs_check_report rep;
	struct first_error fe = { .seen = 0 };
	int rc;

	rc = famfs_check(path, keep_first_error, &fe, &rep, &w->ns, err);
	if (rc)
		return rc;
	if (rep.nerrors)
		return famfs_error_set(err, -EUCLEAN,
				       "%s: fsck.famfs finds %llu error%s (first: %s: %s); "
				       "refusing to write to it", path,
				       (unsigned long long)rep.nerrors, rep.nerrors == 1 ? "" : "s",
				       fe.name, fe.msg);
	if (!w->ns)
		return famfs_error_set(err, -EUCLEAN, "%s: the log could not be read", path);
	if (sb->flags & FAMFS_SB_FLAG_PRIMARY) {
		rc = load_set(w, path, err);
		if (rc <= 0)
			return rc;
	}
	rc = famfs_alloc_new(sb->dev_size, sb, &w->map, err);
	if (rc)
		return error_prefix(err, rc, path);
	rc = famfs_alloc_from_ns(w->map, w->ns, err);
	if (rc)
		return error_prefix(err, rc, path);
	return 0;
}

/*
 * famfs_writer_open_set: every secondary the checked log names, found by
 * its device UUID through opts and checked against its entry, opened as
 * the primary was (read-write and locked, or read-only for a dry run).
 */
static int open_members(struct famfs_writer *w, const char *path,
			const struct famfs_resolve_opts *opts, unsigned int fsflags,
			struct famfs_error *err)
{
	unsigned int devflags = 0;
	char where[PATH_MAX];
	uint32_t i;
	int rc;

	if (fsflags & FAMFS_FS_WRITE)
		devflags = FAMFS_DEV_WRITE | FAMFS_DEV_LOCK |
			   ((fsflags & FAMFS_FS_WAIT) ? FAMFS_DEV_LOCK_WAIT : 0);
	for (i = 1; i < w->ds->count; i++) {
		rc = famfs_devset_locate(w->ds, i, path, opts, where, sizeof(where), err);
		if (!rc)
			rc = famfs_dev_open(where, devflags, &w->devs[i], err);
		if (rc)
			return rc;
		w->ndevs = i + 1;
	}
	return 0;
}

static int writer_open(const char *path, unsigned int flags,
		       const struct famfs_resolve_opts *opts, struct famfs_writer **wp,
		       struct famfs_error *err)
{
	const int dry = !!(flags & FAMFS_WRITER_DRY_RUN);
	unsigned int fsflags = 0;
	struct famfs_writer *w;
	int rc;

	*wp = NULL;
	w = calloc(1, sizeof(*w));
	if (!w)
		return famfs_error_set(err, -ENOMEM, "out of memory");
	w->flags = flags;
	if (!dry)
		fsflags = FAMFS_FS_WRITE | ((flags & FAMFS_WRITER_NOWAIT) ? 0 : FAMFS_FS_WAIT);
	if (flags & FAMFS_WRITER_FORCE)
		fsflags |= FAMFS_FS_FORCE;
	rc = famfs_fs_open(path, fsflags, &w->fs, err);
	if (rc)
		goto fail;
	w->devs[0] = famfs_fs_dev(w->fs);
	w->ndevs = 1;
	/* a dry run must refuse what the real run would */
	if (dry && !(flags & FAMFS_WRITER_FORCE)) {
		rc = fs_check_master(w->fs, err);
		if (rc)
			goto fail;
	}
	rc = refuse_if_mounted(w->fs, err);
	if (rc)
		goto fail;
	/* the whole check first: a log it refuses is refused before any member is sought */
	rc = load(w, path, err);
	if (rc)
		goto fail;
	if (opts && w->aset) {
		rc = open_members(w, path, opts, fsflags, err);
		if (rc)
			goto fail;
	}
	*wp = w;
	return 0;
fail:
	famfs_writer_close(w);
	return rc;
}

int famfs_writer_open(const char *path, unsigned int flags,
		      struct famfs_writer **wp, struct famfs_error *err)
{
	return writer_open(path, flags, NULL, wp, err);
}

int famfs_writer_open_set(const char *path, unsigned int flags,
			  const struct famfs_resolve_opts *opts,
			  struct famfs_writer **wp, struct famfs_error *err)
{
	static const struct famfs_resolve_opts none;

	return writer_open(path, flags, opts ? opts : &none, wp, err);
}

uint32_t famfs_writer_devices(const struct famfs_writer *w)
{
	return w->ndevs;
}

struct famfs_dev *famfs_writer_dev(const struct famfs_writer *w, uint32_t index)
{
	return index < w->ndevs ? w->devs[index] : NULL;
}

void famfs_writer_close(struct famfs_writer *w)
{
	uint32_t i;

	if (!w)
		return;
	/* an open batch is dropped: its files stay absent */
	free(w->batch.slots);
	if (w->aset)
		famfs_alloc_set_free(w->aset);
	else
		famfs_alloc_free(w->map);
	famfs_ns_free(w->ns);
	for (i = 1; i < w->ndevs; i++)
		famfs_dev_close(w->devs[i]);
	free(w->ds);
	famfs_fs_close(w->fs);
	free(w);
}

const struct famfs_ns *famfs_writer_ns(const struct famfs_writer *w)
{
	return w->ns;
}

const struct famfs_alloc *famfs_writer_alloc(const struct famfs_writer *w)
{
	return w->map;
}

struct famfs_fs *famfs_writer_fs(const struct famfs_writer *w)
{
	return w->fs;
}

uint64_t famfs_writer_free_slots(const struct famfs_writer *w)
{
	const struct famfs_log_header *hdr = famfs_fs_log_header(w->fs);

	uint64_t next = hdr->next_index + (writer_batching(w) ? w->batch.n : 0);

	return next > hdr->last_index ? 0 : hdr->last_index + 1 - next;
}

void famfs_writer_set_progress(struct famfs_writer *w, famfs_progress_cb cb, void *arg)
{
	w->progress = cb;
	w->progress_arg = arg;
}

void writer_progress(const struct famfs_writer *w, uint64_t bytes)
{
	if (w->progress && bytes)
		w->progress(w->progress_arg, bytes);
}

int writer_usable(const struct famfs_writer *w, struct famfs_error *err)
{
	if (w->broken)
		return famfs_error_set(err, -EIO,
				       "%s: an earlier change could not be completed; reopen the device",
				       famfs_dev_path(famfs_fs_dev(w->fs)));
	return 0;
}

int writer_path_fits(const char *path, struct famfs_error *err)
{
	size_t len = strlen(path);

	if (len >= FAMFS_PATH_MAX)
		return famfs_error_set(err, -FAMFS_E_ENTRY_PATH,
				       "'%s': path is %zu bytes, famfs allows at most %d",
				       path, len, FAMFS_PATH_MAX - 1);
	return 0;
}

int famfs_writer_mkdir(struct famfs_writer *w, const char *path, uint32_t mode,
		       uint32_t uid, uint32_t gid, struct famfs_error *err)
{
	struct famfs_log_entry e;
	int rc = writer_path_fits(path, err);

	if (rc)
		return rc;
	memset(&e, 0, sizeof(e));
	e.type = FAMFS_LOG_MKDIR;
	e.u.mkdir.mode = mode;
	e.u.mkdir.uid = uid;
	e.u.mkdir.gid = gid;
	strcpy(e.u.mkdir.path, path);
	return famfs_writer_append(w, &e, NULL, err);
}
