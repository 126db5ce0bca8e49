/* SPDX-License-Identifier: GPL-2.0-or-later */
/* famfs-layout internals: what was asked, and the work. */
#ifndef FAMFS_TOOLS_LAYOUT_PRINT_H
#define FAMFS_TOOLS_LAYOUT_PRINT_H

#include <stdio.h>

#include <famfs/famfs.h>

enum { LP_TEXT = 0, LP_JSON = 1, LP_YAML = 2, LP_ENCODED = 3 };

struct lp_opts {
	const char *prog, *device, *path, *output;
	const char *decode;		/* --decode FILE */
	int format;			/* LP_* */
	enum famfs_layout_encoding enc;	/* with LP_ENCODED */
	const struct famfs_layout_target *target;	/* with LP_ENCODED; set by main */
	int hex, all, plan, striped;
	int have_offset, have_reverse;
	uint64_t offset, reverse, plan_size;
	struct famfs_stripe stripe;
	int stripe_across;		/* --stripe N,CHUNK,devices */
};

/* Load the device, answer the query, print; returns the exit code. */
int layout_main(const struct lp_opts *o);

/* --decode: a GET_FMAP message read back as the target takes it. */
int decode_main(const struct lp_opts *o);

/* The layout as text, JSON (one line) or YAML. */
void print_layout(FILE *out, int format, const char *path, const struct famfs_layout *l);

#endif
