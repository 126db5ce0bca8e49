/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Internal: state shared by the parts of the offline checker. */
#ifndef FAMFS_CHECK_INTERNAL_H
#define FAMFS_CHECK_INTERNAL_H

#include <famfs/check.h>

/* Finding names are counted per code; one more bucket for codes without a name. */
#define CHECK_KINDS	(FAMFS_E_LAST - FAMFS_E_FIRST + 1)

struct check_ctx {
	famfs_check_cb cb;
	void *arg;
	struct famfs_check_report *rep;
	uint64_t meta_end;	/* end of superblock and log: data starts here */
	uint64_t space_end;	/* end of the space extents may use */
	const struct famfs_dev *dev;	/* when checking a device: to skip holes */
	famfs_check_progress_cb progress;	/* or NULL */
	void *progress_arg;
	/* per kind and severity (0 warning, 1 error): handed over, and past the limit */
	uint64_t shown[CHECK_KINDS][2];
	uint64_t more[CHECK_KINDS][2];
};

/*
 * Count a finding and hand it to the caller's callback, unless
 * FAMFS_CHECK_KEEP_PER_NAME of its name and severity were handed over
 * already: then it is only counted, and the message is not even formatted.
 */
void check_report(struct check_ctx *c, int code, enum famfs_severity sev,
		  uint64_t index, const char *path, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));

/*
 * The same finding (msg, no path) for each of count slots from first on:
 * what a run of empty slots gives, at a cost independent of count.
 */
void check_report_run(struct check_ctx *c, int code, enum famfs_severity sev,
		      uint64_t first, uint64_t count, const char *msg);

/* Hand over one summary finding per name and severity that went past the limit. */
void check_report_summaries(struct check_ctx *c);

/*
 * Check every file's extents (alignment, range, coverage of its size,
 * overlaps with any other extent) and fill the space figures of the
 * report. Returns 0, or -ENOMEM.
 */
int check_extents(struct check_ctx *c, const struct famfs_ns *ns);

#endif
