/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Source reads for famfs-cp -r on a few threads, ahead of the main
 * thread, which takes the results in directory order. The plan pass has
 * its entries lstat'ed this way; the real pass has its small files
 * opened (never following a link), checked against the plan and read
 * into memory. The main thread alone writes the device, in order.
 */
#ifndef FAMFS_TOOLS_CP_READERS_H
#define FAMFS_TOOLS_CP_READERS_H

#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>

/* Files up to this size are read ahead; larger ones the main thread copies itself. */
#define CP_READ_AHEAD_MAX	((off_t)64 << 10)
/* At most this many bytes are read ahead and not yet taken, whatever the tree. */
#define CP_READ_BUDGET		((uint64_t)16 << 20)

enum cp_read_job {
	CP_JOB_NONE,		/* nothing to do ahead */
	CP_JOB_LSTAT,		/* plan pass: lstat the name */
	CP_JOB_PLAN_READ,	/* plan pass: a regular file by its directory entry: open
				 * it (never following a link), fstat it, and read it when
				 * small and the budget allows; lstat when it cannot be
				 * opened */
	CP_JOB_READ,		/* real pass: open the planned file, check it, read it */
};

/* Why a job failed; the main thread says it, naming the file. */
enum cp_read_fail {
	CP_READ_OK,
	CP_READ_ERRNO,		/* a system call failed: sys_errno */
	CP_READ_LINK,		/* the name is a symbolic link now */
	CP_READ_REPLACED,	/* another file than the planned one */
	CP_READ_RESIZED,	/* the planned file, another size */
	CP_READ_SHRANK,		/* it ended before its size while read */
};

struct cp_read_item {
	enum cp_read_job job;
	const char *name;		/* in the run's directory */
	struct stat want;		/* CP_JOB_READ: what the plan saw */
	struct stat st;			/* the lstat, or the opened file's fstat */
	uint8_t *data;			/* st_size bytes read (malloc'ed), or NULL */
	uint64_t bytes;			/* of the budget held for data */
	enum cp_read_fail fail;
	int sys_errno;
	int done;			/* set (atomically) once the job is done */
};

/* The entries of one directory, worked through in order. */
struct cp_read_run {
	int dirfd;
	const struct stat *image;	/* the device: never read ahead */
	struct cp_read_item *items;
	size_t n;
	size_t next;			/* the first item no thread has taken up */
};

struct cp_readers;

/* Threads: the online CPUs, at most 4. Returns NULL when out of memory. */
struct cp_readers *cp_readers_new(void);
void cp_readers_free(struct cp_readers *r);

/*
 * Let the threads work on run (one run at a time): from run->next on,
 * within the read-ahead budget. Until cp_readers_halt() the main thread
 * may only read items through cp_readers_take().
 */
void cp_readers_run(struct cp_readers *r, struct cp_read_run *run);
/* Item i of the active run, done: by a thread, or by the caller if none has taken it up. */
struct cp_read_item *cp_readers_take(struct cp_readers *r, size_t i);
/* Free a taken item's data and give its bytes back to the budget. */
void cp_readers_release(struct cp_readers *r, struct cp_read_item *it);
/* Give back bytes of data taken out of an item (and freed) to the budget. */
void cp_readers_give_back(struct cp_readers *r, uint64_t bytes);
/*
 * No more work on the active run: returns once no thread touches it.
 * Items done and not taken keep their data (and budget): the run may be
 * resumed with cp_readers_run(), or its items released.
 */
void cp_readers_halt(struct cp_readers *r);

/*
 * Open name in dirfd (flags | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC), and
 * check the fd is the planned file want (device, inode, type). Returns
 * the fd with its fstat in now, or -1 with fail and *sys_errno set.
 */
int cp_open_planned(int dirfd, const char *name, int flags, const struct stat *want,
		    struct stat *now, enum cp_read_fail *fail, int *sys_errno);
/* What went wrong, for "PATH: <this>". */
const char *cp_read_fail_msg(enum cp_read_fail fail, int sys_errno);

#endif
