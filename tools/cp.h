/* SPDX-License-Identifier: GPL-2.0-or-later */
/* famfs-cp internals: options and the three directions of work. */
#ifndef FAMFS_TOOLS_CP_H
#define FAMFS_TOOLS_CP_H

#include <stdint.h>
#include <sys/stat.h>
#include <sys/types.h>

#include <famfs/famfs.h>

#include "progress.h"
#include "rejects.h"

#define CP_EXIT_OK	0
#define CP_EXIT_FAIL	1	/* nothing or not everything was copied */
#define CP_EXIT_USAGE	2

struct cp_opts {
	int recursive, parents, verbose, dry_run, force, quiet;
	int preserve_special;		/* copy-out applies set-ID and sticky bits */
	int have_mode, have_uid, have_gid;
	uint32_t mode;
	uint32_t uid, gid;
	int striped;
	struct famfs_stripe stripe;
	int stripe_across;		/* --stripe N,CHUNK,devices: one strip per device */
	int have_use_device;		/* --use-device N */
	uint32_t use_device;
	int have_seed;
	int set_daxmode;			/* -M: switch famfs mode to devdax and back */
	struct progress progress;
	/* where the members of a multi-device file system are (-d, --image-dir) */
	const char *devices[FAMFS_MAX_DEVICES];
	size_t ndevices;
	struct famfs_resolve_opts members;
};

/* "DEVICE:PATH" split where the part before a ':' names a device or image. */
struct devpath {
	char *device;
	const char *path;	/* inside famfs, no leading '/'; "" for the root */
};

/* 1 and the parts in dp when arg is DEVICE:PATH, else 0. */
int devpath_parse(const char *arg, struct devpath *dp);
void devpath_free(struct devpath *dp);
/* Why arg, meant as DEVICE:PATH, is not one: no such image, no ':', ... */
void devpath_explain(const char *arg, char *why, size_t len);

/*
 * "a/b" joined with "c" into buf; "" joined with "c" is "c"; trailing
 * slashes of dir are dropped ("out/" and "c" make "out/c").
 */
int join_path(char *buf, size_t len, const char *dir, const char *name);

/* A seed for --stripe's bucket order when none is given. */
uint64_t random_seed(void);

extern const char *prog;

/* Set nf's placement on a device set from the options (cp_place.c). */
void cp_place_file(const struct cp_opts *o, struct famfs_new_file *nf);
/*
 * -1 when the placement options fit the set w writes to, else the usage
 * exit code after saying why (an index past the last, a wrong N).
 */
int cp_place_check(const struct cp_opts *o, const struct famfs_writer *w, const char *device);

/* The secondaries of the file system written to, which are never sources. */
struct cp_members {
	struct stat st[FAMFS_MAX_DEVICES];
	uint32_t n;
};
void cp_members_stat(struct cp_members *m, const struct famfs_writer *w);
/* 1 when st is one of them (same device and inode). */
int cp_members_has(const struct cp_members *m, const struct stat *st);

/* After a failed writer open: how to name the members when one is missing. */
void cp_place_open_failed(int rc, const char *device);
/* On a device set: " on device N" or " on devices A B ..." (strip order) into buf. */
void cp_place_describe(const struct famfs_writer *w, const struct famfs_fmap *f, char *buf,
		       size_t len);

/* Copy host files into the device; returns the exit code. */
int cp_in(const struct cp_opts *o, char **sources, int nsources, const struct devpath *dst);
/* Copy files out of the device to a host path. */
int cp_out(const struct cp_opts *o, const struct devpath *src, int nsources, const char *dest);
/* List what is under a directory of the device. */
int cp_list(const struct cp_opts *o, const struct devpath *where);

/*
 * A device opened for reading: its namespace, and the log slots of the
 * entries fsck.famfs finds errors in, which are neither listed nor copied
 * out (an overlapping file's bytes are not its own).
 */
struct cp_rejects {
	struct famfs_ns *ns;
	struct rejects set;		/* the entries fsck.famfs rejects */
};

/*
 * The devices of a file system opened for reading, by index: devs[0] is
 * the primary; a member that could not be found is NULL (with a warning).
 */
struct cp_devs {
	struct famfs_dev *devs[FAMFS_MAX_DEVICES];
	uint32_t n;
	struct famfs_set *set;		/* holds the secondaries, or NULL */
};

/*
 * Open a device read-only and replay it, naming what fsck.famfs rejects;
 * the members of a multi-device file system too, found as o->members says.
 */
int cp_open_read(const char *device, const struct cp_opts *o, struct cp_devs *d,
		 struct cp_rejects *rej);
void cp_devs_close(struct cp_devs *d);
/* 1 when fsck.famfs found errors in the log entry of n or of a directory above it. */
int cp_rejected(const struct cp_rejects *rej, const struct famfs_node *n);
void cp_rejects_free(struct cp_rejects *rej);

#endif
