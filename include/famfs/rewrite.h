/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Rewriting the log of an unmounted famfs from a set of entries to keep:
 * the one primitive behind delete and compaction. The new log holds the
 * kept entries in slots 0 .. n-1 with fresh sequence numbers 0 .. n-1;
 * every other slot is zeroed, so deleted and stale slots are free again,
 * and so is the space of files not kept.
 *
 * Crash safety: the new log is built and replayed in memory first; the
 * ranges of the log that change are saved to an undo file (undo.h), which
 * is flushed and sealed before the first byte of the device is written;
 * then the ranges are written, the one holding the log header last. At
 * every instant the device holds the old file system, or the undo file
 * gives it back byte for byte, or the new log is complete.
 */
#ifndef FAMFS_REWRITE_H
#define FAMFS_REWRITE_H

#include <stdint.h>

#include <famfs/error.h>
#include <famfs/format.h>
#include <famfs/namespace.h>
#include <famfs/writer.h>

#ifdef __cplusplus
extern "C" {
#endif

/* the library is built with -fvisibility=hidden: these are its API */
#pragma GCC visibility push(default)

/* Return non-zero to drop node (and so everything under it) from the new log. */
typedef int (*famfs_rewrite_drop_cb)(void *arg, const struct famfs_node *node);

/*
 * The live entries of w's log to keep, in log order: every add-device
 * entry, and the file and directory entries of the namespace for which
 * drop (may be NULL) returns 0 and none of whose ancestors it drops.
 * *entries is malloc'ed (free() it); *n receives their number.
 */
int famfs_rewrite_select(const struct famfs_writer *w, famfs_rewrite_drop_cb drop, void *arg,
			 struct famfs_log_entry **entries, uint64_t *n,
			 struct famfs_error *err);

struct famfs_rewrite_stats {
	uint64_t slots_before;		/* live slots of the old log */
	uint64_t slots_after;		/* live slots of the new one */
	uint64_t ranges;		/* device ranges written (and saved to the undo file) */
	uint64_t bytes;			/* bytes they cover */
};

/*
 * Replace the log of w's file system with keep[0 .. n-1] (their seqnums
 * are set here). The entries must replay as a log: add-device entries
 * first, parents before children, no path twice, no two files sharing
 * space, n within the log's slots; anything else is refused before
 * anything is written. undo_path names the undo file to create (it must
 * not exist); NULL writes none (no way back after a crash mid-way). In a
 * dry-run writer only the checks and stats are done. After a real
 * rewrite the writer's namespace is out of date: close it.
 */
int famfs_writer_rewrite(struct famfs_writer *w, struct famfs_log_entry *keep, uint64_t n,
			 const char *undo_path, struct famfs_rewrite_stats *st,
			 struct famfs_error *err);

#pragma GCC visibility pop

#ifdef __cplusplus
}
#endif

#endif /* FAMFS_REWRITE_H */
