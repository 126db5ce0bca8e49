// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Finding one member of a device set on this host and checking that what
 * is found is that member: the resolver by UUID, then the member's
 * superblock against the table. Every error names the index and UUID, so
 * a tool can say exactly which device is missing or wrong, and a read-only
 * view can go on without it.
 */
#include <errno.h>
#include <stdio.h>

#include <famfs/devset.h>

#include "util/error_internal.h"
#include "util/uuid_text.h"

int famfs_devset_locate(const struct famfs_devset *ds, uint32_t index, const char *primary,
			const struct famfs_resolve_opts *opts, char *path, size_t len,
			struct famfs_error *err)
{
	const struct famfs_devset_member *m = famfs_devset_member(ds, index);
	struct famfs_superblock sb;
	char u[UUID_TEXT_LEN], what[96];
	uint64_t size;
	int rc;

	if (!m)
		return famfs_error_set(err, -FAMFS_E_EXT_DEV_INDEX,
				       "device index %u: the file system has %u devices", index,
				       ds->count);
	uuid_text(m->uuid, u);
	snprintf(what, sizeof(what), "device %u (UUID %s)", index, u);
	if (index == 0) {
		if (snprintf(path, len, "%s", primary) >= (int)len)
			return famfs_error_set(err, -ENAMETOOLONG, "%s: path too long", primary);
	} else {
		rc = famfs_resolve_device(opts, ds->fs_uuid, m->uuid, path, len, err);
		if (rc) {
			/* not found: no path (famfs_set_found_path tells by it) */
			if (len)
				path[0] = '\0';
			/* the resolver's message already names the UUID */
			snprintf(what, sizeof(what), "device %u", index);
			return error_prefix(err, rc, what);
		}
	}
	rc = famfs_sb_read(path, &sb, &size, err);
	if (!rc)
		rc = famfs_devset_check_member(ds, index, &sb, size, err);
	if (rc) {
		snprintf(what, sizeof(what), "device %u (UUID %s) at %s", index, u, path);
		return error_prefix(err, rc, what);
	}
	return 0;
}
