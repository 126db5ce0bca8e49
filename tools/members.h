/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The members of a multi-device file system as famfs-layout and famfs-rm
 * take them: -d/--device PATH (repeatable) and --image-dir DIR, passed to
 * libfamfs' resolver (which scans this host's DAX devices when neither is
 * given).
 */
#ifndef FAMFS_TOOLS_MEMBERS_H
#define FAMFS_TOOLS_MEMBERS_H

#include <famfs/famfs.h>
#include <famfs/devset.h>

struct tool_members {
	const char *paths[FAMFS_MAX_DEVICES];
	struct famfs_resolve_opts opts;
};

/* -d PATH: 0, or -1 when FAMFS_MAX_DEVICES paths are given already. */
int tool_members_add(struct tool_members *m, const char *path);

/*
 * No option is silently ignored: on a file system with one device, a
 * warning that -d and --image-dir (when given) are not used.
 */
void tool_members_unused(const char *prog, const char *device, const struct tool_members *m);
/* The same, for a tool that keeps the resolver's options itself. */
void tool_resolve_unused(const char *prog, const char *device,
			 const struct famfs_resolve_opts *opts);

/*
 * Open the file system on primary read-only with every member that can be
 * found (FAMFS_SET_PARTIAL). NULL, with why in err, when the primary or
 * its device table cannot be read.
 */
struct famfs_set *tool_members_open(const char *primary, const struct tool_members *m,
				    struct famfs_error *err);

#endif
