/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Internal: the log rewrite on any opened device, for the writer and for repair. */
#ifndef FAMFS_REWRITE_INTERNAL_H
#define FAMFS_REWRITE_INTERNAL_H

#include <famfs/device.h>
#include <famfs/rewrite.h>

struct rewrite_target {
	struct famfs_dev *dev;
	const struct famfs_superblock *sb;	/* validated against the device */
	uint8_t *log;				/* mapping of the whole log */
	int dry_run;				/* check and count only */
	int written;				/* set once a byte of the device changed */
};

/*
 * Replace the log at t->log with keep[0 .. n-1] (seqnums set here), saving
 * what changes to undo_path first (NULL: no undo file). st: slots_after,
 * ranges and bytes filled in (the caller sets slots_before). *hdr receives
 * the new header when written.
 */
int rewrite_log(struct rewrite_target *t, struct famfs_log_entry *keep, uint64_t n,
		const char *undo_path, struct famfs_rewrite_stats *st,
		struct famfs_log_header *hdr, struct famfs_error *err);

#endif
