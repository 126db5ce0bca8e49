/* SPDX-License-Identifier: GPL-2.0-or-later */
/* famfs-layout internals: what was asked, and the work. */
#ifndef FAMFS_TOOLS_LAYOUT_PRINT_H
#define FAMFS_TOOLS_LAYOUT_PRINT_H

#include <stdio.h>

#include <famfs/famfs.h>

#include "members.h"

enum { LP_TEXT = 0, LP_JSON = 1, LP_YAML = 2, LP_ENCODED = 3 };

/*
 * The members of a multi-device file system as the printers show them:
 * path[i] NULL when member i was not found; used collects the devices the
 * printed strips are on (bit i), for the warnings about missing ones.
 */
struct lp_devs {
	uint32_t count;
	const char *path[FAMFS_MAX_DEVICES];
	uint32_t used;
};

struct lp_opts {
	const char *prog, *device, *path, *output;
	const char *decode;		/* --decode FILE */
	int format;			/* LP_* */
	enum famfs_layout_encoding enc;	/* with LP_ENCODED */
	const struct famfs_layout_target *target;	/* with LP_ENCODED; set by main */
	int hex, all, plan, striped;
	int have_offset, have_reverse;
	uint64_t offset, reverse, plan_size;
	uint64_t reverse_dev;		/* -R INDEX:OFFSET */
	struct famfs_stripe stripe;
	struct tool_members members;	/* -d, --image-dir */
	int stripe_across;		/* --stripe N,CHUNK,devices */
};

/* Load the device, answer the query, print; returns the exit code. */
int layout_main(const struct lp_opts *o);

/* --decode: a GET_FMAP message read back as the target takes it. */
int decode_main(const struct lp_opts *o);

/*
 * The layout as text, JSON (one line) or YAML; with devs (a file system
 * with secondaries) each strip also names its member's path.
 */
void print_layout(FILE *out, int format, const char *path, const struct famfs_layout *l,
		  struct lp_devs *devs);

/* Member index's path, or NULL when it is not found or devs is NULL. */
const char *lp_dev_path(const struct lp_devs *devs, uint64_t index);
/* Something printed is on device index (devs may be NULL). */
void lp_mark_used(struct lp_devs *devs, uint64_t index);

#endif
