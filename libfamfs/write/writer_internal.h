/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Internal: the state of an open writer. */
#ifndef FAMFS_WRITER_INTERNAL_H
#define FAMFS_WRITER_INTERNAL_H

#include <famfs/devset.h>
#include <famfs/writer.h>

/* Entries appended since famfs_writer_batch_begin(), not yet live. */
struct writer_batch {
	int active;
	uint8_t *slots;		/* n encoded slots, for indexes first .. first + n - 1 */
	uint64_t n, cap;
	uint64_t bytes;		/* file data written since the last commit */
	uint32_t data_unsynced;	/* devices (bit = index) written through their fd: */
				/* each gets an fdatasync before the slots */
	uint64_t max_entries, max_bytes;	/* commit on its own at these */
};

struct famfs_writer {
	struct famfs_fs *fs;
	struct famfs_devset *ds;	/* the device table, when there are secondaries */
	/* where new files may go, by device index: devs[0] is fs's device */
	struct famfs_dev *devs[FAMFS_MAX_DEVICES];
	uint32_t ndevs;
	struct famfs_ns *ns;
	struct famfs_alloc *map;	/* device 0's: where new files go */
	struct famfs_alloc_set *aset;	/* with secondaries: every device's map (map is its 0) */
	unsigned int flags;		/* FAMFS_WRITER_* */
	/*
	 * Set when a write reached the device but the namespace could not
	 * follow (out of memory): the writer's view is stale, stop writing.
	 */
	int broken;
	famfs_progress_cb progress;
	void *progress_arg;
	struct writer_batch batch;
	/*
	 * Image files: device bytes [zero_lo, zero_hi) were free units when
	 * a hole was punched over them, so a unit there that a file gets
	 * later reads as zeros wherever that file has not written.
	 */
	uint64_t zero_lo, zero_hi;
	uint32_t zero_dev;		/* the device index zero_lo and zero_hi are on */
};

/* Whether appends are being queued (a batch is open and this is no dry run). */
int writer_batching(const struct famfs_writer *w);
/* Queue an encoded slot; commits the batch when it is full. */
int writer_batch_add(struct famfs_writer *w, const uint8_t *slot, struct famfs_error *err);
/* Count data bytes of the batch; commits it when it reaches a limit. */
int writer_batch_data(struct famfs_writer *w, uint64_t bytes, struct famfs_error *err);
/* Write the queued slots and make them live with one header update. */
int writer_batch_flush(struct famfs_writer *w, struct famfs_error *err);
/* Write slots [index, index + n) from bytes, flush them, then advance the header. */
int writer_write_slots(struct famfs_writer *w, const uint8_t *bytes, uint64_t index,
		       uint64_t n, struct famfs_error *err);

/* Report bytes of file data written (to the progress callback, if any). */
void writer_progress(const struct famfs_writer *w, uint64_t bytes);

/*
 * Test hook: when $FAMFS_CRASH_AT names this point ("data", "synced",
 * "slot-torn", "slot", "header"), the process kills itself there, as a
 * crash would; "POINT:N" waits for the N-th time the point is reached.
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

/*
 * Space for a new file where nf->place says (place.c), and giving it
 * back. One map per device when the file system has secondaries.
 */
int writer_allocate(struct famfs_writer *w, const struct famfs_new_file *nf,
		    struct famfs_fmap *fmap, struct famfs_error *err);
void writer_release(struct famfs_writer *w, const struct famfs_fmap *fmap);
/* The map of device index dev (w->map for device 0 or without a set). */
struct famfs_alloc *writer_map(const struct famfs_writer *w, uint32_t dev);

/* fdatasync every device whose bit is set in mask; the message names the first that fails. */
int writer_sync_devs(struct famfs_writer *w, uint32_t mask, struct famfs_error *err);

#endif
