/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Adding files and directories to an unmounted famfs: the offline
 * counterpart of what a mounted famfs does on the master host.
 *
 * A writer holds the device's exclusive lock from open to close, so two
 * writers never interleave appends: a second one waits (or fails with
 * FAMFS_WRITER_NOWAIT). Opening checks the whole file system first and
 * refuses one with errors. Each new file's data is written through the
 * mapping and made durable before its log entry is appended; each append
 * fills and flushes the slot before it advances and flushes the header.
 * A crash at any point leaves the file either absent or complete.
 * Inside a batch (famfs_writer_batch_begin) the same order holds for the
 * batch as a whole: one data sync, one flush of its slots, one header
 * update, and a crash leaves each of its files absent or complete.
 */
#ifndef FAMFS_WRITER_H
#define FAMFS_WRITER_H

#include <stdint.h>
#include <sys/types.h>

#include <famfs/alloc.h>
#include <famfs/devset.h>
#include <famfs/error.h>
#include <famfs/format.h>
#include <famfs/fs.h>
#include <famfs/namespace.h>

#ifdef __cplusplus
extern "C" {
#endif

/* the library is built with -fvisibility=hidden: these are its API */
#pragma GCC visibility push(default)

/* famfs_writer_open() flags */
#define FAMFS_WRITER_FORCE	(1U << 0)	/* write even if not the master host */
#define FAMFS_WRITER_DRY_RUN	(1U << 1)	/* plan in memory, write nothing */
#define FAMFS_WRITER_NOWAIT	(1U << 2)	/* fail with -EBUSY if another writer runs */

struct famfs_writer;

/*
 * Open path for writing: lock it, refuse it when it is mounted (-EBUSY),
 * when this host is not its master (-FAMFS_E_NOT_MASTER, unless
 * FAMFS_WRITER_FORCE), or when a check finds errors (-EUCLEAN: the message
 * gives their number and the first one). With FAMFS_WRITER_DRY_RUN the
 * device is opened read-only and every change stays in memory. On a
 * multi-device file system the space of each device is accounted to it
 * (from the primary's device table); new files still go on device 0.
 */
int famfs_writer_open(const char *path, unsigned int flags,
		      struct famfs_writer **wp, struct famfs_error *err);

/*
 * famfs_writer_open() over a whole device set, so new files can go on
 * any member: after the primary is opened and checked, every secondary
 * its log names is found through opts (famfs_devset_locate()) and opened
 * read-write and locked like the primary (read-only for a dry run). All
 * members must be present: a missing or wrong one fails the open with an
 * error naming its index and UUID. A file system without secondaries (or
 * whose device table cannot be built) opens as famfs_writer_open() does.
 */
int famfs_writer_open_set(const char *path, unsigned int flags,
			  const struct famfs_resolve_opts *opts,
			  struct famfs_writer **wp, struct famfs_error *err);
/* Devices new files may go on: the set's size, or 1 for famfs_writer_open(). */
uint32_t famfs_writer_devices(const struct famfs_writer *w);
/* Device index of those (0: the primary), or NULL past the last. */
struct famfs_dev *famfs_writer_dev(const struct famfs_writer *w, uint32_t index);
void famfs_writer_close(struct famfs_writer *w);

/* The namespace and allocation map, kept current by every change. */
const struct famfs_ns *famfs_writer_ns(const struct famfs_writer *w);
const struct famfs_alloc *famfs_writer_alloc(const struct famfs_writer *w);
struct famfs_fs *famfs_writer_fs(const struct famfs_writer *w);
/* Slots still free in the log. */
uint64_t famfs_writer_free_slots(const struct famfs_writer *w);

/*
 * Append one entry (its seqnum is set here) at the next free slot and add
 * it to the namespace; *index (may be NULL) receives the slot. The entry
 * is checked as replay would check it first: -FAMFS_E_LOG_FULL ("log
 * full: N of N slots used"), a bad path, a missing parent, a path in use.
 */
int famfs_writer_append(struct famfs_writer *w, struct famfs_log_entry *e,
			uint64_t *index, struct famfs_error *err);

int famfs_writer_mkdir(struct famfs_writer *w, const char *path, uint32_t mode,
		       uint32_t uid, uint32_t gid, struct famfs_error *err);

/*
 * Fill dst (len bytes of the new file, starting at file offset off) with
 * the file's data. Pieces come in file order. Return 0, or a negative
 * errno that aborts the file (the callback fills err's message).
 */
typedef int (*famfs_fill_cb)(void *arg, void *dst, uint64_t off, uint64_t len,
			     struct famfs_error *err);

struct famfs_new_file {
	const char *path;
	uint64_t size;
	uint32_t mode, uid, gid;
	uint32_t flags;				/* FAMFS_FILE_FLAG_* */
	const struct famfs_stripe *stripe;	/* NULL: one contiguous extent */
	/*
	 * Where on a device set (famfs_writer_open_set), as
	 * famfs_alloc_set_place() places it; with one device (or a writer
	 * from famfs_writer_open) only device 0 is allowed, so MOST_FREE
	 * is device 0 and ACROSS takes a stripe of one strip.
	 */
	enum famfs_place place;
	uint32_t device;
};

/*
 * Create a file: check its path, allocate its space, have fill write its
 * size bytes of data (the rest of its last allocation units is zeroed),
 * flush the data, then append its entry. On any failure nothing is
 * appended and its space is freed again. fmap (may be NULL) receives the
 * layout it got.
 */
int famfs_writer_create(struct famfs_writer *w, const struct famfs_new_file *nf,
			famfs_fill_cb fill, void *arg, struct famfs_fmap *fmap,
			struct famfs_error *err);

/*
 * The same, with the data read from fd at offsets 0 .. size - 1 (its file
 * position is not used). On a DAX device the data is read straight into
 * the mapping; on an image file or block device it is copied with
 * copy_file_range() (pread/pwrite where that is not possible) and made
 * durable with fdatasync(), which avoids the kernel zeroing every newly
 * mapped page of an image first.
 */
int famfs_writer_create_fd(struct famfs_writer *w, const struct famfs_new_file *nf, int fd,
			   struct famfs_fmap *fmap, struct famfs_error *err);

/*
 * The same, with the size bytes of data at data (may be NULL for an empty
 * file; -EINVAL otherwise): written with pwrite() on an image file or
 * block device, through the mapping on a DAX device. For a caller that
 * read the source itself.
 */
int famfs_writer_create_mem(struct famfs_writer *w, const struct famfs_new_file *nf,
			    const void *data, struct famfs_fmap *fmap, struct famfs_error *err);

/*
 * Batches. Between famfs_writer_batch_begin() and _commit() appends (and
 * so mkdir and create) are queued: each is checked, takes its space and
 * (for a file) has its data written at once, and is in famfs_writer_ns()
 * at once, but the log is not touched. A commit makes the file data
 * durable (one fdatasync of the device), writes and flushes every queued
 * slot past next_index, then advances the header over all of them with
 * one update: after a crash every file of the batch is either absent or
 * complete, and the log is valid either way. The batch commits on its
 * own, and goes on, when it holds max_entries entries or max_bytes bytes
 * of file data (0 for either: 8192 entries, 1 GiB). famfs_writer_close()
 * drops an uncommitted batch (its files stay absent). A failed commit
 * leaves the writer unusable (-EIO from every later change). In a dry run
 * a batch changes nothing. begin fails with -EBUSY when one is open,
 * commit with -EINVAL when none is.
 */
int famfs_writer_batch_begin(struct famfs_writer *w, uint64_t max_entries, uint64_t max_bytes,
			     struct famfs_error *err);
int famfs_writer_batch_commit(struct famfs_writer *w, struct famfs_error *err);
/* Entries queued in the open batch, not yet in the log. */
uint64_t famfs_writer_batch_pending(const struct famfs_writer *w);

/* Called as a new file's data is written, with the bytes written since the last call. */
typedef void (*famfs_progress_cb)(void *arg, uint64_t bytes);
void famfs_writer_set_progress(struct famfs_writer *w, famfs_progress_cb cb, void *arg);

/*
 * Hand a file's data out in file order, for reading it back. Only the
 * file's size bytes are read, never the rest of its extents, and at most
 * 64 MiB at a time: emit gets a window of a read-only mapping (DAX or
 * block device) or a buffer filled with pread (image file), valid only
 * during the call. An image file that shrinks while it is read is an
 * -EIO error naming the range that vanished, not a SIGBUS. dev is an
 * opened device holding the file system the node came from.
 */
typedef int (*famfs_emit_cb)(void *arg, const void *src, uint64_t off, uint64_t len,
			     struct famfs_error *err);
int famfs_file_read(struct famfs_dev *dev, const struct famfs_node *node,
		    famfs_emit_cb emit, void *arg, struct famfs_error *err);
/*
 * The same over a device set: devs[i] is device index i (ndev of them,
 * devs[0] the primary); an extent on a device that is NULL there is
 * -FAMFS_E_DEV_MISSING, one past ndev -FAMFS_E_EXT_RANGE.
 */
int famfs_file_read_devs(struct famfs_dev *const *devs, uint32_t ndev,
			 const struct famfs_node *node, famfs_emit_cb emit, void *arg,
			 struct famfs_error *err);

#pragma GCC visibility pop

#ifdef __cplusplus
}
#endif

#endif /* FAMFS_WRITER_H */
