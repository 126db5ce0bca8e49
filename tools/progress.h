/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A one-line progress display for long copies, on a terminal only. */
#ifndef FAMFS_TOOLS_PROGRESS_H
#define FAMFS_TOOLS_PROGRESS_H

#include <stdint.h>

struct progress {
	int enabled;		/* asked for, and stderr is a terminal */
	uint64_t total, done;
	double start, last;	/* seconds, monotonic */
};

/* Begin a display for total bytes (does nothing unless wanted). */
void progress_start(struct progress *p, int wanted, uint64_t total);
/* Count n more bytes done; redraws at most ten times a second. */
void progress_add(struct progress *p, uint64_t n);
/* Draw the final state and end the line. */
void progress_end(struct progress *p);

#endif
