// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Superblock roles and the secondary superblock: the same 200-byte layout
 * as the primary's (superblock.c encodes and decodes both), flags bit 1,
 * no log, the device's own UUID and size.
 */
#include <string.h>

#include <famfs/devset.h>

#include "format/sb_internal.h"

int famfs_sb_role(const struct famfs_superblock *sb, struct famfs_error *err)
{
	switch (sb->flags) {
	case 0:
		return FAMFS_SB_ROLE_SINGLE;
	case FAMFS_SB_FLAG_PRIMARY:
		return FAMFS_SB_ROLE_PRIMARY;
	case FAMFS_SB_FLAG_SECONDARY:
		return FAMFS_SB_ROLE_SECONDARY;
	}
	return famfs_error_set(err, -FAMFS_E_SB_FLAGS,
			       "superblock flags 0x%x: only one of bit 0 (primary) and bit 1 (secondary) may be set",
			       sb->flags);
}

const char *famfs_sb_role_name(int role)
{
	switch (role) {
	case FAMFS_SB_ROLE_SINGLE:
		return "single";
	case FAMFS_SB_ROLE_PRIMARY:
		return "primary";
	case FAMFS_SB_ROLE_SECONDARY:
		return "secondary";
	}
	return "unknown";
}

void famfs_sb_secondary_init(struct famfs_superblock *sb,
			     const struct famfs_superblock *primary,
			     uint64_t dev_size, const uint8_t dev_uuid[FAMFS_UUID_LEN])
{
	famfs_sb_init(sb, dev_size - dev_size % FAMFS_ALLOC_UNIT, 0);
	sb->log_offset = 0;
	sb->flags = FAMFS_SB_FLAG_SECONDARY;
	memcpy(sb->uuid, primary->uuid, FAMFS_UUID_LEN);
	memcpy(sb->system_uuid, primary->system_uuid, FAMFS_UUID_LEN);
	memcpy(sb->dev_uuid, dev_uuid, FAMFS_UUID_LEN);
	memcpy(sb->daxdev_uuid, dev_uuid, FAMFS_UUID_LEN);
}

static int validate_secondary(const struct famfs_superblock *sb, uint64_t device_size,
			      struct famfs_error *err)
{
	if (sb->log_offset || sb->log_len)
		return famfs_error_set(err, -FAMFS_E_SB_SECONDARY_LOG,
				       "secondary superblock names a log (offset 0x%llx, length %llu): a secondary has none",
				       (unsigned long long)sb->log_offset,
				       (unsigned long long)sb->log_len);
	if (sb->alloc_unit != FAMFS_ALLOC_UNIT)
		return famfs_error_set(err, -FAMFS_E_SB_ALLOC_UNIT,
				       "allocation unit %llu, expected %llu",
				       (unsigned long long)sb->alloc_unit,
				       (unsigned long long)FAMFS_ALLOC_UNIT);
	if (memcmp(sb->dev_uuid, sb->daxdev_uuid, FAMFS_UUID_LEN))
		return famfs_error_set(err, -FAMFS_E_DEV_MISMATCH,
				       "secondary superblock: device UUID and DAX device UUID differ");
	if (strnlen(sb->dev_name, sizeof(sb->dev_name)) >= FAMFS_DEVNAME_LEN)
		return famfs_error_set(err, -FAMFS_E_SB_DEVNAME,
				       "device name has no NUL within %d bytes", FAMFS_DEVNAME_LEN);
	if (sb->dev_size < FAMFS_SECONDARY_MIN_SIZE || sb->dev_size % FAMFS_ALLOC_UNIT)
		return famfs_error_set(err, -FAMFS_E_SB_DEV_SIZE,
				       "secondary size %llu is not a multiple of 2 MiB of at least %llu",
				       (unsigned long long)sb->dev_size,
				       (unsigned long long)FAMFS_SECONDARY_MIN_SIZE);
	if (device_size && sb->dev_size > device_size)
		return famfs_error_set(err, -FAMFS_E_SB_DEV_SIZE,
				       "recorded device size %llu is larger than the device (%llu)",
				       (unsigned long long)sb->dev_size,
				       (unsigned long long)device_size);
	return 0;
}

int famfs_sb_validate_member(const struct famfs_superblock *sb, uint64_t device_size,
			     struct famfs_error *err)
{
	int rc;

	/* a primary or single device: famfs_sb_validate checks the header itself */
	if (!(sb->flags & FAMFS_SB_FLAG_SECONDARY))
		return famfs_sb_validate(sb, device_size, err);
	rc = sb_validate_header(sb, err);
	return rc ? rc : validate_secondary(sb, device_size, err);
}
