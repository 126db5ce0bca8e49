/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Internal: state shared by the parts of the offline checker. */
#ifndef FAMFS_CHECK_INTERNAL_H
#define FAMFS_CHECK_INTERNAL_H

#include <famfs/check.h>
#include <famfs/devset.h>

/* Finding names are counted per code; one more bucket for codes without a name. */
#define CHECK_KINDS	(FAMFS_E_LAST - FAMFS_E_FIRST + 1)
/* warning, error, information */
#define CHECK_SEVS	3

struct check_ctx {
	famfs_check_cb cb;
	void *arg;
	struct famfs_check_report *rep;
	uint64_t meta_end;	/* end of superblock and log: data starts here */
	uint64_t space_end;	/* end of the space extents may use */
	/*
	 * Devices extents may name: 1 (only device 0, [meta_end, space_end)),
	 * or the members of the primary's device table, member i's data in
	 * [FAMFS_SB_REGION, dev_end[i]) for i >= 1.
	 */
	uint32_t ndev;
	uint64_t dev_end[FAMFS_MAX_DEVICES];
	uint8_t dev_uuid[FAMFS_MAX_DEVICES][FAMFS_UUID_LEN];	/* members >= 1 */
	const struct famfs_dev *dev;	/* when checking a device: to skip holes */
	uint64_t dev_entries;	/* live add-device entries that decode */
	/*
	 * The device table, built as the replay walks the log (one pass: the
	 * log is read once, in windows); NULL once a live slot does not
	 * decode or breaks a device rule, as famfs_devset_from_log() would.
	 */
	struct famfs_devset *devs;
	famfs_check_progress_cb progress;	/* or NULL */
	void *progress_arg;
	/* per kind and severity (0 warning, 1 error, 2 info): handed over, past the limit */
	uint64_t shown[CHECK_KINDS][CHECK_SEVS];
	uint64_t more[CHECK_KINDS][CHECK_SEVS];
};

/*
 * Count a finding and hand it to the caller's callback, unless
 * FAMFS_CHECK_KEEP_PER_NAME of its name and severity were handed over
 * already: then it is only counted, and the message is not even formatted.
 */
void check_report(struct check_ctx *c, int code, enum famfs_severity sev,
		  uint64_t index, const char *path, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));

/* The same for a finding that concerns device dev (FAMFS_CHECK_NO_DEVICE: none). */
void check_report_dev(struct check_ctx *c, int code, enum famfs_severity sev,
		      uint64_t index, const char *path, uint64_t dev, const char *fmt, ...)
	__attribute__((format(printf, 7, 8)));

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
 * report, in total and per device. Returns 0, or -ENOMEM.
 */
int check_extents(struct check_ctx *c, const struct famfs_ns *ns);

/*
 * The reference replay as hosts run it (check_replay.c). While hosts do
 * what the log says, their view is the log's namespace and costs nothing;
 * at the first entry they treat otherwise, it is copied into its own.
 */
struct replay_model {
	struct check_ctx *c;
	uint64_t live;			/* live slots */
	int stopped;			/* hosts stopped at an earlier slot */
	uint64_t stop;			/* that slot */
	const struct famfs_ns *log_ns;	/* the log's namespace, being replayed */
	struct famfs_ns *view;		/* what hosts have, once it differs; else NULL */
	/* the directory the last plain path resolved in (dir_len bytes), if dir_ok */
	char dir[FAMFS_PATH_MAX];
	size_t dir_len;
	int dir_ok;
};

/* Start; header_ok: the log header's magic and CRC are right. */
void replay_model_init(struct replay_model *m, struct check_ctx *c, uint64_t live,
		       int header_ok);
/*
 * Live slot i, not all zero, as decoded (e, which may be changed;
 * decode_rc what decoding returned); added: the log's namespace took it.
 * 0 or -ENOMEM.
 */
int replay_model_slot(struct replay_model *m, struct famfs_log_entry *e, int decode_rc,
		      int added, uint64_t i);
/* count live all-zero slots from first. */
void replay_model_zeros(struct replay_model *m, uint64_t first, uint64_t count);
/*
 * Finish, while log_ns is still there: with hostsp, hand over the host
 * view (free it with famfs_ns_free). 0 or -ENOMEM; the model is freed.
 */
int replay_model_done(struct replay_model *m, struct famfs_ns **hostsp);
/* Free the model after a failure. */
void replay_model_free(struct replay_model *m);

/*
 * Resolve a logged path under the mount as hosts do (realpath, its result
 * used even when it fails), against the host view: out gets the resolved
 * path relative to the mount ("" for the mount). 0 when every directory
 * on the way exists, 1 when one is missing (out ends with it: where
 * realpath stopped), 2 when one is a file, -1 when '..' leaves the mount.
 */
int replay_resolve(const struct famfs_ns *view, const char *path, char *out, size_t outlen);

#endif
