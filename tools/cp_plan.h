/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What the plan pass of a copy-in saw of each directory entry, in walk
 * order, so the real pass copies exactly what was planned without a
 * second lstat of every file.
 */
#ifndef FAMFS_TOOLS_CP_PLAN_H
#define FAMFS_TOOLS_CP_PLAN_H

#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>

/* What the copy uses of an lstat: a quarter of a struct stat. */
struct cp_plan_entry {
	size_t name;			/* offset into names */
	dev_t dev;
	ino_t ino;
	off_t size;
	mode_t mode;
	uid_t uid;
	gid_t gid;
	size_t end;			/* a directory: the position past its entries */
	uint8_t *data;			/* a small file read while planned, or NULL */
	uint64_t bytes;			/* read-ahead budget data holds */
};

struct cp_plan {
	struct cp_plan_entry *e;
	size_t n, cap, next;		/* next: the real pass's position */
	char *names;
	size_t names_len, names_cap;
};

/* Append an entry (plan pass). Returns 0 or -1 when out of memory. */
int cp_plan_add(struct cp_plan *p, const char *name, const struct stat *st);
/*
 * The next planned entry (real pass), which must be named name: fills st
 * with what the plan saw (device, inode, size, mode, owner; the rest
 * zero) and returns 0, or -1 when the entries differ from the plan's,
 * i.e. the tree changed in between.
 */
int cp_plan_take(struct cp_plan *p, const char *name, struct stat *st);
/*
 * A directory's planned entries end here (plan pass): dir is the position
 * of its own entry, the last added entry is its end marker.
 */
void cp_plan_end_dir(struct cp_plan *p, size_t dir);
/*
 * Look ahead at a directory's entries (real pass) without taking them:
 * when the entry at *pos is named name, fill st as cp_plan_take() would,
 * move *pos past it (and past a directory's own entries) and return 0;
 * else return -1.
 */
int cp_plan_sibling(const struct cp_plan *p, size_t *pos, const char *name, struct stat *st);
/* The last added entry keeps data (bytes of budget) read as it was planned. */
void cp_plan_keep_data(struct cp_plan *p, uint8_t *data, uint64_t bytes);
/* The data the entry at pos kept, now the caller's (NULL if none). */
uint8_t *cp_plan_take_data(struct cp_plan *p, size_t pos, uint64_t *bytes);
/* Whether the entry at pos kept data. */
int cp_plan_has_data(const struct cp_plan *p, size_t pos);
void cp_plan_free(struct cp_plan *p);

#endif
