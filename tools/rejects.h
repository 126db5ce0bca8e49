/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What the tools that read a device refuse to use: the log entries
 * fsck.famfs (famfs_check) finds errors in, and everything under them.
 * The rule is the library's severity, the same in every tool: an error
 * rejects its entry; a warning rejects nothing.
 */
#ifndef FAMFS_TOOLS_REJECTS_H
#define FAMFS_TOOLS_REJECTS_H

#include <stddef.h>
#include <stdint.h>

#include <famfs/famfs.h>

struct rejects {
	uint64_t *slot;			/* sorted and distinct after rejects_done() */
	size_t n, cap;
	int overflow;			/* too many to keep: refuse the device */
	unsigned int named;		/* how many are named in note */
	char note[512];			/* the first few, for a message */
};

/* A famfs_check callback (arg: a zeroed struct rejects): keep error entries. */
void rejects_keep(void *arg, const struct famfs_finding *f);
/* Sort and deduplicate, once famfs_check has returned. */
void rejects_done(struct rejects *rej);
/* 1 when n's entry, or that of a directory above it, is rejected. */
int rejects_has(const struct rejects *rej, const struct famfs_node *n);
void rejects_free(struct rejects *rej);

#endif
