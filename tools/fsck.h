/* SPDX-License-Identifier: GPL-2.0-or-later */
/* fsck.famfs internals shared by its text and JSON reports. */
#ifndef FAMFS_TOOLS_FSCK_H
#define FAMFS_TOOLS_FSCK_H

#include <stdio.h>

#include <famfs/famfs.h>

/* fsck(8) exit codes */
#define FSCK_OK			0
#define FSCK_FIXED		1
#define FSCK_UNCORRECTED	4
#define FSCK_OPERATIONAL	8
#define FSCK_USAGE		16
#define FSCK_CANCELLED		32

/* A finding kept until the report is printed (the library's strings do not live). */
struct kept_finding {
	enum famfs_severity severity;
	const char *name;		/* static */
	uint64_t index;
	char *path;
	char *msg;
	uint64_t more;			/* a summary: findings not shown (else 0) */
	uint64_t device;		/* device index concerned, or FAMFS_CHECK_NO_DEVICE */
};

/* A repair kept for the JSON report. */
struct kept_repair {
	const char *name;		/* static */
	uint64_t index;
	char *path;
	char *msg;
	int done;
};

struct fsck_result {
	const char *device;
	struct famfs_check_report rep;
	struct famfs_ns *ns;		/* NULL when the log could not be read */
	struct famfs_ns *hosts;		/* with as_replayed: what hosts' replay gives */
	int as_replayed;		/* list hosts' view instead of the log's */
	/* at most FAMFS_CHECK_KEEP_PER_NAME per name and severity, and summaries */
	struct kept_finding *f;
	size_t nf, cap;
	int oom;			/* a finding could not be kept */
	/* -p/-y with --json: the repairs, and the exit code after them */
	int repaired;
	int repaired_exit;
	struct kept_repair *rp;
	size_t nrp, rpcap;
	/*
	 * The members of a multi-device file system (the library's report has
	 * their space): each one's path as found (NULL: not found; index 0 is
	 * device), and whether it was opened and its superblock is right.
	 */
	struct fsck_member {
		char *path;
		int found;
	} dev[FAMFS_MAX_DEVICES];
	uint64_t member_errors;		/* of rep.nerrors: about members, not the log */
};

/* The path of device index dev of r's file system, or NULL when not known. */
const char *fsck_device_path(const struct fsck_result *r, uint64_t dev);

/* A zeroed slot at the end of r's findings (not yet counted in nf), or NULL (r->oom set). */
struct kept_finding *fsck_new_finding(struct fsck_result *r);

/*
 * The members of a multi-device file system (found as opts says): each
 * one wrong is an error finding, each one not found a warning.
 */
void fsck_check_members(const struct famfs_resolve_opts *opts, struct fsck_result *r);

/* 4 when the check found errors, else 0 (warnings alone are clean). */
int fsck_exit_code(const struct fsck_result *r);

/* Sizes as bytes, or in binary units with human; buf of at least 32 bytes. */
const char *fsck_size(uint64_t bytes, int human, char *buf, size_t len);

/* The layout of a file in one line: its extents, or its strips and chunk. */
/* multi: the file system has secondaries, so each range names its device */
void fsck_describe_layout(FILE *out, const struct famfs_node *n, int human, int multi);

/*
 * The default report: superblock, log, namespace, space, findings, result.
 * quiet: only the findings and, when there are any (or with result_line,
 * always), the one-line result.
 */
void fsck_print_text(FILE *out, const struct fsck_result *r, int verbose,
		     int human, int quiet, int result_line);

/* The same as one JSON document. */
void fsck_print_json(FILE *out, const struct fsck_result *r, int verbose);

/* What a repair run (-p, -a, -y) needs from the command line. */
struct fsck_repair_args {
	const char *prog, *device;
	int yes;			/* -y: lossy repairs too */
	const char *undo_file;		/* -z, or NULL for the default */
	int no_undo, json, quiet;
};

/*
 * Repair device's log, list the repairs (on stdout; with --json kept in r
 * for the report instead) and return fsck(8)'s code: 1 all fixed and
 * clean now, 4 errors left, 8 operational error.
 */
int fsck_repair(const struct fsck_repair_args *ra, struct fsck_result *r);

/* The "repairs" member of the JSON report: name, fixed, entry, path, message. */
void fsck_print_json_repairs(FILE *out, const struct fsck_result *r);

#endif
