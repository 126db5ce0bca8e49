/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * fsck.famfs -C FD: completion lines for fsck(8) and boot splash screens,
 * in e2fsck's format "PASS DONE TOTAL DEVICE\n"; -C 0 instead draws one
 * line on standard output when that is a terminal.
 */
#ifndef FAMFS_TOOLS_FSCK_PROGRESS_H
#define FAMFS_TOOLS_FSCK_PROGRESS_H

#include <stddef.h>
#include <stdint.h>

struct fsck_progress {
	int wanted;		/* -C given */
	int fd;			/* where the lines go */
	int bar;		/* -C 0 on a terminal: draw a line instead */
	const char *device;
	int last_pass;		/* what was last written: at most one line per */
	uint64_t last_permille;	/* thousandth of a pass, however large the log */
	uint64_t last_done;
};

/*
 * Check that the descriptor can be written (as e2fsck validates it).
 * Returns 0, or -1 with why filled in.
 */
int fsck_progress_open(struct fsck_progress *p, const char *device, char *why, size_t len);

/*
 * Pass pass has done of total units done; nothing unless wanted. The
 * signature of famfs_check_progress_cb (arg is the struct fsck_progress).
 */
void fsck_progress_update(void *p, int pass, uint64_t done, uint64_t total);

/* End the -C 0 line. */
void fsck_progress_end(const struct fsck_progress *p);

#endif
