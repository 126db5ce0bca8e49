// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Creating a file offline: space first, then data through the mapping,
 * flushed, and only then the log entry. Until the entry is live the space
 * is merely taken in this writer's memory, so any failure (or crash)
 * before it leaves the file system as it was.
 */
#include <errno.h>
#include <string.h>

#include "util/error_internal.h"
#include "fs/filedata.h"
#include "fs/fs_internal.h"
#include "write/writer_internal.h"

struct fill_ctx {
	famfs_fill_cb fill;
	void *arg;
	uint64_t size;
	const struct famfs_writer *w;
};

/* Data up to the file size; zeros past it, so no stale bytes remain. */
static int fill_piece(void *arg, uint8_t *p, uint64_t off, uint64_t len,
		      struct famfs_error *err)
{
	struct fill_ctx *fc = arg;
	uint64_t data = off >= fc->size ? 0 : (fc->size - off < len ? fc->size - off : len);
	int rc;

	if (data) {
		rc = fc->fill(fc->arg, p, off, data, err);
		if (rc)
			return rc;
		writer_progress(fc->w, data);
	}
	if (data < len)
		memset(p + data, 0, len - data);
	return 0;
}

int write_data_mapped(struct famfs_writer *w, const struct famfs_fmap *fmap,
		      uint64_t size, famfs_fill_cb fill, void *arg, struct famfs_error *err)
{
	struct fill_ctx fc = { fill, arg, size, w };
	struct file_maps m;
	int rc;

	rc = file_maps_open_devs(&m, w->devs, w->ndevs, fmap, err);
	if (rc)
		return rc;
	rc = file_maps_walk(&m, fmap_capacity(fmap), fill_piece, &fc, err);
	if (!rc)
		rc = file_maps_flush(&m, err);
	file_maps_close(&m);
	return rc;
}

struct mapped_source {
	famfs_fill_cb fill;
	void *arg;
};

static int put_mapped(struct famfs_writer *w, const struct famfs_fmap *fmap, uint64_t size,
		      void *arg, struct famfs_error *err)
{
	struct mapped_source *ms = arg;

	return write_data_mapped(w, fmap, size, ms->fill, ms->arg, err);
}

int famfs_writer_create(struct famfs_writer *w, const struct famfs_new_file *nf,
			famfs_fill_cb fill, void *arg, struct famfs_fmap *fmapp,
			struct famfs_error *err)
{
	struct mapped_source ms = { fill, arg };

	return writer_create_with(w, nf, put_mapped, &ms, fmapp, err);
}

int writer_create_with(struct famfs_writer *w, const struct famfs_new_file *nf,
		       put_data_fn put, void *arg, struct famfs_fmap *fmapp,
		       struct famfs_error *err)
{
	struct famfs_log_entry e;
	struct famfs_fmap *fmap = &e.u.file.fmap;
	int rc;

	rc = writer_usable(w, err);
	if (rc)
		return rc;
	rc = writer_path_fits(nf->path, err);
	if (rc)
		return rc;
	/* refuse before taking space or writing data */
	rc = famfs_ns_can_add(w->ns, nf->path, err);
	if (rc)
		return rc;
	if (!famfs_writer_free_slots(w))
		return writer_log_full(w, err);

	memset(&e, 0, sizeof(e));
	e.type = FAMFS_LOG_FILE;
	e.u.file.size = nf->size;
	e.u.file.flags = nf->flags;
	e.u.file.mode = nf->mode;
	e.u.file.uid = nf->uid;
	e.u.file.gid = nf->gid;
	strcpy(e.u.file.path, nf->path);
	rc = writer_allocate(w, nf, fmap, err);
	if (rc)
		return rc;
	if (!(w->flags & FAMFS_WRITER_DRY_RUN)) {
		rc = put(w, fmap, nf->size, arg, err);
		if (rc)
			goto release;
		writer_crash_point("data");
	}
	rc = famfs_writer_append(w, &e, NULL, err);
	if (rc)
		goto release;
	if (fmapp)
		*fmapp = *fmap;
	/* the entry is in the namespace now: a failed commit breaks the writer */
	return writer_batch_data(w, nf->size, err);
release:
	/* the units go back with whatever was written: no longer known zeros */
	w->zero_lo = w->zero_hi = 0;
	writer_release(w, fmap);
	return rc;
}
