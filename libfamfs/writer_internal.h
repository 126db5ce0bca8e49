/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Internal: the state of an open writer. */
#ifndef FAMFS_WRITER_INTERNAL_H
#define FAMFS_WRITER_INTERNAL_H

#include <famfs/writer.h>

struct famfs_writer {
	struct famfs_fs *fs;
	struct famfs_ns *ns;
	struct famfs_alloc *map;
	unsigned int flags;		/* FAMFS_WRITER_* */
	/*
	 * Set when a write reached the device but the namespace could not
	 * follow (out of memory): the writer's view is stale, stop writing.
	 */
	int broken;
	famfs_progress_cb progress;
	void *progress_arg;
};

/* Report bytes of file data written (to the progress callback, if any). */
void writer_progress(const struct famfs_writer *w, uint64_t bytes);

/*
 * Test hook: when $FAMFS_CRASH_AT names this point ("data", "slot-torn",
 * "slot", "header"), the process kills itself there, as a crash would.
 */
void writer_crash_point(const char *where);
int writer_crash_wanted(const char *where);

/* The -FAMFS_E_LOG_FULL error: "log full: N of N slots used". */
int writer_log_full(const struct famfs_writer *w, struct famfs_error *err);

/* Write size bytes of a new file's data into its allocated layout, durably. */
typedef int (*put_data_fn)(struct famfs_writer *w, const struct famfs_fmap *fmap,
			   uint64_t size, void *arg, struct famfs_error *err);

/* famfs_writer_create() with the data written by put. */
int writer_create_with(struct famfs_writer *w, const struct famfs_new_file *nf,
		       put_data_fn put, void *arg, struct famfs_fmap *fmapp,
		       struct famfs_error *err);

/* Data through mappings of the layout: fill, zeros past size, flush. */
int write_data_mapped(struct famfs_writer *w, const struct famfs_fmap *fmap,
		      uint64_t size, famfs_fill_cb fill, void *arg, struct famfs_error *err);

/* 0 when path fits a log entry's 80-byte field, else -FAMFS_E_ENTRY_PATH. */
int writer_path_fits(const char *path, struct famfs_error *err);

int writer_usable(const struct famfs_writer *w, struct famfs_error *err);

#endif
