/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Internal: state shared by the parts of the offline checker. */
#ifndef FAMFS_CHECK_INTERNAL_H
#define FAMFS_CHECK_INTERNAL_H

#include <famfs/check.h>

struct check_ctx {
	famfs_check_cb cb;
	void *arg;
	struct famfs_check_report *rep;
	uint64_t meta_end;	/* end of superblock and log: data starts here */
	uint64_t space_end;	/* end of the space extents may use */
	const struct famfs_dev *dev;	/* when checking a device: to skip holes */
};

/* Count a finding and hand it to the caller's callback. */
void check_report(struct check_ctx *c, int code, enum famfs_severity sev,
		  uint64_t index, const char *path, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));

/*
 * Check every file's extents (alignment, range, coverage of its size,
 * overlaps with any other extent) and fill the space figures of the
 * report. Returns 0, or -ENOMEM.
 */
int check_extents(struct check_ctx *c, const struct famfs_ns *ns);

#endif
