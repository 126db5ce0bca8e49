/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What the plan pass of a copy-in saw of each directory entry, in walk
 * order, so the real pass copies exactly what was planned without a
 * second lstat of every file.
 */
#ifndef FAMFS_TOOLS_CP_PLAN_H
#define FAMFS_TOOLS_CP_PLAN_H

#include <stddef.h>
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
void cp_plan_free(struct cp_plan *p);

#endif
