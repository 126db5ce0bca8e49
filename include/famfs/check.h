/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Checking a famfs offline: superblock, log header, every live log entry,
 * the namespace they build, and the space their extents claim. Nothing is
 * written. Each problem is handed to the caller as a named finding; the
 * run also fills a report with the numbers fsck prints.
 *
 * Bounded by what is on the device, not by what its headers claim:
 *  - findings: the first FAMFS_CHECK_KEEP_PER_NAME of each name and
 *    severity are handed over one by one; the rest are only counted, and
 *    handed over at the end as one summary finding ("N more like this").
 *    A log whose header claims a billion live but empty slots gives one
 *    hundred findings and a summary, not a billion.
 *  - time: empty (all-zero) slots cost a comparison each, and the holes of
 *    a sparse image nothing at all: they are skipped, not read.
 *  - memory: the log is read through a window of at most
 *    FAMFS_CHECK_WINDOW bytes mapped at a time, and the namespace holds
 *    only the entries that decode and apply: at most about 1.5 KiB per
 *    such entry (node, path, up to 16 extents, table slots, and the
 *    extent list of the space check), under three times the 544 bytes
 *    each takes in the log. Kept findings add at most about 400 bytes
 *    each in a tool, FAMFS_CHECK_KEEP_PER_NAME per name and severity.
 *    The namespace hosts' replay gives (see famfs_check_replayed) is a
 *    second one only when hosts treat an entry differently from the log,
 *    or when it is asked for: at most as much again.
 */
#ifndef FAMFS_CHECK_H
#define FAMFS_CHECK_H

#include <stdint.h>

#include <famfs/devset.h>
#include <famfs/error.h>
#include <famfs/format.h>
#include <famfs/namespace.h>

#ifdef __cplusplus
extern "C" {
#endif

/* the library is built with -fvisibility=hidden: these are its API */
#pragma GCC visibility push(default)

enum famfs_severity {
	FAMFS_SEV_WARNING = 1,	/* suspicious, harmless to readers */
	FAMFS_SEV_ERROR = 2,	/* the file system is inconsistent */
	/* not a problem in itself, not counted: a live entry hosts never replay */
	FAMFS_SEV_INFO = 3,
};

/* A finding not tied to a log slot has this index. */
#define FAMFS_CHECK_NO_INDEX	UINT64_MAX

/* A finding that concerns no one device has this device. */
#define FAMFS_CHECK_NO_DEVICE	UINT64_MAX

/* Findings of one name and severity handed over before the rest are counted. */
#define FAMFS_CHECK_KEEP_PER_NAME	100

/* Most bytes of the log mapped (resident) at one time while checking a device. */
#define FAMFS_CHECK_WINDOW	(8ULL << 20)

struct famfs_finding {
	int code;			/* negative famfs_errcode */
	const char *name;		/* stable short name, e.g. "sb-crc" */
	enum famfs_severity severity;
	uint64_t index;			/* log slot, or FAMFS_CHECK_NO_INDEX */
	const char *path;		/* file or directory concerned, or NULL */
	const char *msg;		/* one line, names what is wrong */
	/*
	 * 0 for a finding. In a summary, handed over once at the end for a
	 * name and severity that had more than FAMFS_CHECK_KEEP_PER_NAME
	 * findings: how many were counted but not handed over (index is
	 * FAMFS_CHECK_NO_INDEX, path NULL, msg says "N more like this").
	 */
	uint64_t more;
	/*
	 * The device index the finding concerns, or FAMFS_CHECK_NO_DEVICE:
	 * a superblock finding concerns device 0, an extent's finding (range,
	 * alignment, superblock area, overlap, device index) the device the
	 * extent names. Log, namespace and whole-file findings (ext-short,
	 * ext-strips: a file may span devices) concern none.
	 */
	uint64_t device;
};

/*
 * The space of one device of the file system, from the same sweep over
 * the extents as the totals of the report: device 0 is the primary (its
 * data area follows the log), devices 1 and up the secondaries its log
 * adds (their data area follows their superblock's allocation unit).
 */
struct famfs_check_device {
	int role;			/* enum famfs_sb_role */
	uint8_t uuid[FAMFS_UUID_LEN];	/* device UUID (the superblock's, or its entry's) */
	uint64_t size;			/* recorded size */
	uint64_t data_start;		/* first byte extents may use */
	uint64_t data_size;		/* bytes from data_start to the end */
	uint64_t allocated;		/* data area claimed by extents (overlaps once) */
	uint64_t free;			/* data area claimed by none */
	uint64_t largest_free;		/* largest free contiguous range, */
	uint64_t largest_free_offset;	/* and where it starts (0 when none) */
	uint64_t free_ranges;		/* number of free ranges */
};

/* Called once per finding; the strings live only during the call. */
typedef void (*famfs_check_cb)(void *arg, const struct famfs_finding *f);

struct famfs_check_report {
	uint64_t device_size;		/* real size of what was checked */
	int sb_decoded;			/* sb below holds what the device has */
	struct famfs_superblock sb;
	int log_checked;		/* the log could be read: fields below */
	struct famfs_log_header hdr;
	uint64_t slots;			/* usable slots in the log */
	uint64_t slots_used;		/* live entries (next_index, clamped) */
	uint64_t nfiles, ndirs;
	uint64_t bytes_in_files;	/* sum of file sizes */
	uint64_t bytes_allocated;	/* data area claimed by extents */
	uint64_t bytes_wasted;		/* claimed beyond the file sizes */
	uint64_t data_size;		/* data area: device size minus sb and log */
	uint64_t bytes_free;
	uint64_t largest_free;		/* largest free contiguous range */
	uint64_t free_ranges;		/* number of free ranges */
	uint64_t nerrors, nwarnings;	/* every finding, handed over or not */
	uint64_t nsuppressed;		/* counted but not handed over one by one */
	/*
	 * What hosts' log replay (the reference famfs) makes of the log: the
	 * slot it stops at (UINT64_MAX: it replays every live entry), and the
	 * live entries it therefore never replays (FAMFS_SEV_INFO findings
	 * named "replay-not-replayed" list them).
	 */
	uint64_t replay_stop;
	uint64_t not_replayed;
	/*
	 * Live slots a log rewrite (famfs-rm, fsck.famfs -y) would free: the
	 * live slots minus those it keeps, which are the add-device entries
	 * and the entries that made a node of the namespace. The rest (later
	 * duplicates, entries that do not decode or apply, empty slots the
	 * header counts live) hold nothing a rewrite carries over.
	 */
	uint64_t reclaimable_slots;
	/*
	 * Space per device, when the extents were checked (ndevices 0
	 * otherwise): 1 for a one-device file system, else the primary and
	 * every secondary of the device table its log builds. The sums of
	 * allocated and free over the devices are bytes_allocated and
	 * bytes_free; largest_free is the largest of theirs.
	 */
	uint32_t ndevices;
	struct famfs_check_device devices[FAMFS_MAX_DEVICES];
};

/*
 * Check the famfs on path (DAX device, pmem device or image), read-only.
 * Findings go to cb (may be NULL), the summaries last, and all are counted
 * in rep. With nsp, the
 * namespace replayed from the log is handed back (NULL when the log could
 * not be read); free it with famfs_ns_free(). Returns 0 when the check ran,
 * whatever it found, and a negative code when the device cannot be opened
 * or read at all. On an image file the log is read through a mapping: for
 * the duration of the call a SIGBUS handler is installed (the caller's is
 * restored before returning), so an image truncated meanwhile fails with
 * -EIO and a message naming the range that vanished, not with a signal.
 */
int famfs_check(const char *path, famfs_check_cb cb, void *arg,
		struct famfs_check_report *rep, struct famfs_ns **nsp,
		struct famfs_error *err);

/*
 * How far a check has come, for a progress display (fsck -C): pass 1 the
 * superblock, 2 the live log entries, 3 the unused log slots, 4 the space
 * the files claim. done of total units: log slots in passes 2 and 3, and
 * 0 then 1 of 1 in passes 1 and 4. Called at the start and the end of each
 * pass that runs, and in passes 2 and 3 after each window of the log
 * (FAMFS_CHECK_WINDOW bytes) or run of holes; passes come in order and
 * done never goes back within a pass.
 */
typedef void (*famfs_check_progress_cb)(void *arg, int pass, uint64_t done, uint64_t total);

/*
 * famfs_check_replayed() (hostsp may be NULL), telling progress (may be
 * NULL) how far it has come.
 */
int famfs_check_progress(const char *path, famfs_check_cb cb, void *arg,
			 famfs_check_progress_cb progress, void *progress_arg,
			 struct famfs_check_report *rep, struct famfs_ns **nsp,
			 struct famfs_ns **hostsp, struct famfs_error *err);

/* The same check of a device image held in memory (len bytes). */
int famfs_check_buffer(const void *image, uint64_t len, famfs_check_cb cb,
		       void *arg, struct famfs_check_report *rep,
		       struct famfs_ns **nsp, struct famfs_error *err);

/*
 * famfs_check(), also handing back in *hostsp (with hostsp) the namespace
 * every host will see after replaying the log with the reference famfs:
 * only the entries before the one it stops at, files without a parent
 * where hosts put them, owners as hosts apply them. NULL when the log
 * could not be read; free it with famfs_ns_free().
 */
int famfs_check_replayed(const char *path, famfs_check_cb cb, void *arg,
			 struct famfs_check_report *rep, struct famfs_ns **nsp,
			 struct famfs_ns **hostsp, struct famfs_error *err);

/* The same for a device image held in memory. */
int famfs_check_buffer_replayed(const void *image, uint64_t len, famfs_check_cb cb,
				void *arg, struct famfs_check_report *rep,
				struct famfs_ns **nsp, struct famfs_ns **hostsp,
				struct famfs_error *err);

/*
 * The owner hosts give an entry logged with *uid and *gid: the reference
 * replay applies an owner only when uid and gid are both non-zero, else
 * the entry stays owned by root. Returns 1 (and sets both to 0) when
 * hosts ignore the logged owner, 0 when they apply it.
 */
int famfs_replay_owner(uint32_t *uid, uint32_t *gid);

/* The finding name for a code ("sb-crc", "ext-overlap", ...). */
const char *famfs_check_name(int code);

#pragma GCC visibility pop

#ifdef __cplusplus
}
#endif

#endif /* FAMFS_CHECK_H */
