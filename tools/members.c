// SPDX-License-Identifier: GPL-2.0-or-later
/* The members of a multi-device file system: -d/--device, --image-dir. */
#include "common.h"
#include "members.h"

int tool_members_add(struct tool_members *m, const char *path)
{
	if (m->opts.npaths == FAMFS_MAX_DEVICES)
		return -1;
	m->paths[m->opts.npaths++] = path;
	m->opts.paths = m->paths;
	return 0;
}

void tool_resolve_unused(const char *prog, const char *device,
			 const struct famfs_resolve_opts *opts)
{
	if (opts->npaths || opts->image_dir)
		tool_msg(stderr, prog, "warning: %s has no secondary devices: -d and --image-dir "
			 "are not used", device);
}

void tool_members_unused(const char *prog, const char *device, const struct tool_members *m)
{
	tool_resolve_unused(prog, device, &m->opts);
}

struct famfs_set *tool_members_open(const char *primary, const struct tool_members *m,
				    struct famfs_error *err)
{
	struct famfs_set *set = NULL;

	if (famfs_set_open(primary, 0, &m->opts, FAMFS_SET_PARTIAL, &set, err))
		return NULL;
	return set;
}
