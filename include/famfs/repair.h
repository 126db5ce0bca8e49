/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Repairing the log of an unmounted famfs (what fsck.famfs -p and -y do):
 * the live entries are read again, and a new log is written through the
 * crash-safe rewrite (rewrite.h) from those that can stay:
 *
 * Each repair is named as the fsck finding it fixes (famfs_check_name()):
 *  lossless (done by preen and by yes):
 *   log-magic, log-crc, ...  a damaged header rebuilt over the run of valid
 *                   entries from slot 0
 *   log-stale-slot  non-zero slots past the live ones cleared
 *   (entry-crc)     all-zero slots the header counted live dropped, in one
 *   entry-seqnum, log-next-seqnum  sequence numbers renumbered in log order
 *   ns-no-parent    a missing parent directory created (0755, owner root)
 *  lossy (done by yes only; preen then repairs nothing and leaves them):
 *   entry-crc, entry-type, ...  an entry that does not decode dropped
 *   entry-path      an entry with a malformed path dropped
 *   ns-duplicate    a later entry for a path in use dropped
 *   ns-parent-not-dir  an entry whose parent is a file dropped
 *   ext-overlap, ext-range, ext-meta, ext-align, ext-strips, ext-short
 *                   a file whose extents are invalid, overlap an earlier
 *                   file's or do not hold its size dropped
 *
 * The superblock is never rewritten: one that does not validate is not
 * repaired (-EUCLEAN).
 */
#ifndef FAMFS_REPAIR_H
#define FAMFS_REPAIR_H

#include <stdint.h>

#include <famfs/error.h>
#include <famfs/rewrite.h>

#ifdef __cplusplus
extern "C" {
#endif

/* the library is built with -fvisibility=hidden: these are its API */
#pragma GCC visibility push(default)

/* famfs_repair() flags */
#define FAMFS_REPAIR_LOSSY	(1U << 0)	/* fsck -y: also drop entries */
#define FAMFS_REPAIR_DRY_RUN	(1U << 1)	/* find and report, write nothing */
#define FAMFS_REPAIR_FORCE	(1U << 2)	/* write even if not the master host */

struct famfs_repair {
	const char *name;		/* stable short name, listed above */
	uint64_t index;			/* log slot, or UINT64_MAX for none */
	const char *path;		/* the entry's path, or NULL */
	const char *msg;		/* one line: what was (or would be) done */
	int lossy;			/* drops an entry */
	int done;			/* 0 when left (a lossy repair without LOSSY) */
};

/* Called once per repair; the strings live only during the call. */
typedef void (*famfs_repair_cb)(void *arg, const struct famfs_repair *r);

struct famfs_repair_report {
	uint64_t found;			/* repairs needed */
	uint64_t done;			/* of them done (all, or only the lossless) */
	int written;			/* the log was rewritten */
	struct famfs_rewrite_stats st;
};

/*
 * Repair the log of the famfs at path. Refuses a mounted device (-EBUSY),
 * another master (-FAMFS_E_NOT_MASTER unless FAMFS_REPAIR_FORCE), a bad
 * superblock (-EUCLEAN). Without FAMFS_REPAIR_LOSSY, when any lossy
 * repair is needed nothing is written (each repair is reported with done
 * 0). undo_path: the undo file to create (NULL: none).
 */
int famfs_repair(const char *path, unsigned int flags, const char *undo_path,
		 famfs_repair_cb cb, void *arg, struct famfs_repair_report *rep,
		 struct famfs_error *err);

#pragma GCC visibility pop

#ifdef __cplusplus
}
#endif

#endif /* FAMFS_REPAIR_H */
