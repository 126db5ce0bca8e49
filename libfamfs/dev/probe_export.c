// SPDX-License-Identifier: LGPL-2.1-or-later
/* What a probe says about a device, and its KEY=VALUE export for udev. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <famfs/devset.h>

#include "util/uuid_text.h"

int famfs_probe_superblock(const struct famfs_superblock *sb, uint64_t device_size,
			   struct famfs_probe_info *info, struct famfs_error *err)
{
	int rc = famfs_sb_validate_member(sb, device_size, err);

	if (rc)
		return rc;
	memset(info, 0, sizeof(*info));
	info->role = famfs_sb_role(sb, err);
	memcpy(info->uuid, sb->uuid, FAMFS_UUID_LEN);
	memcpy(info->dev_uuid, sb->dev_uuid, FAMFS_UUID_LEN);
	info->size = sb->dev_size;
	/* only the primary's log knows a secondary's index */
	info->dev_index = info->role == FAMFS_SB_ROLE_SECONDARY ? -1 : 0;
	return 0;
}

static int put_uuid(char *s, size_t len, const char *key, const uint8_t *u)
{
	char text[UUID_TEXT_LEN];

	return snprintf(s, len, "%s=%s\n", key, uuid_text(u, text));
}

int famfs_probe_export(const struct famfs_probe_info *info, char *buf, size_t len)
{
	size_t used = 0;
	int n, step;

	for (step = 0; step < 6; step++) {
		char *s = buf + used;
		size_t room = len - used;

		switch (step) {
		case 0:
			n = snprintf(s, room, "TYPE=famfs\n");
			break;
		case 1:
			n = put_uuid(s, room, "UUID", info->uuid);
			break;
		case 2:
			n = put_uuid(s, room, "DEV_UUID", info->dev_uuid);
			break;
		case 3:
			n = snprintf(s, room, "ROLE=%s\n",
				     info->role == FAMFS_SB_ROLE_SECONDARY ? "secondary" : "primary");
			break;
		case 4:
			n = info->dev_index < 0 ? 0 :
			    snprintf(s, room, "DEV_INDEX=%d\n", info->dev_index);
			break;
		default:
			n = snprintf(s, room, "SIZE=%" PRIu64 "\n", info->size);
			break;
		}
		if (n < 0 || (size_t)n >= room)
			return -ENOSPC;
		used += (size_t)n;
	}
	return (int)used;
}
