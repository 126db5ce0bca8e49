// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The device table of a file system: the primary (index 0) and one
 * secondary per ADD_DAXDEV entry of its log, dense indices in log order.
 * A rule broken is an error, never "last one wins".
 */
#include <stdio.h>
#include <string.h>

#include <famfs/devset.h>

#include "fs/fs_internal.h"
#include "util/error_internal.h"
#include "util/uuid_text.h"

static const uint8_t zero_uuid[FAMFS_UUID_LEN];

int famfs_devset_init(struct famfs_devset *ds, const struct famfs_superblock *primary,
		      struct famfs_error *err)
{
	int role = famfs_sb_role(primary, err);

	if (role < 0)
		return role;
	if (role == FAMFS_SB_ROLE_SECONDARY)
		return famfs_error_set(err, -FAMFS_E_SB_SECONDARY,
				       "a device table starts from the primary superblock, not a secondary");
	memset(ds, 0, sizeof(*ds));
	memcpy(ds->fs_uuid, primary->uuid, FAMFS_UUID_LEN);
	ds->primary_flags = primary->flags;
	ds->count = 1;
	ds->dev[0].size = primary->dev_size;
	memcpy(ds->dev[0].uuid, primary->dev_uuid, FAMFS_UUID_LEN);
	ds->dev[0].log_index = UINT64_MAX;
	return 0;
}

int famfs_devset_add(struct famfs_devset *ds, const struct famfs_daxdev_entry *e,
		     uint64_t log_index, struct famfs_error *err)
{
	char u[UUID_TEXT_LEN];
	int dup;

	if (ds->count >= FAMFS_MAX_DEVICES)
		return famfs_error_set(err, -FAMFS_E_DEV_TOO_MANY,
				       "log slot %llu adds device %u: a file system has at most %d devices",
				       (unsigned long long)log_index, e->index, FAMFS_MAX_DEVICES);
	if (e->index != ds->count)
		return famfs_error_set(err, -FAMFS_E_DEV_INDEX,
				       "log slot %llu adds device index %u, the next index is %u",
				       (unsigned long long)log_index, e->index, ds->count);
	dup = famfs_devset_find(ds, e->uuid);
	uuid_text(e->uuid, u);
	if (dup >= 0)
		return famfs_error_set(err, -FAMFS_E_DEV_DUP_UUID,
				       "log slot %llu adds device %u with UUID %s, already device %d",
				       (unsigned long long)log_index, e->index, u, dup);
	if (!memcmp(e->uuid, zero_uuid, FAMFS_UUID_LEN))
		return famfs_error_set(err, -FAMFS_E_DEV_ENTRY,
				       "log slot %llu adds device %u with an all-zero UUID",
				       (unsigned long long)log_index, e->index);
	if (e->size < FAMFS_SECONDARY_MIN_SIZE)
		return famfs_error_set(err, -FAMFS_E_DEV_ENTRY,
				       "log slot %llu adds device %u of %llu bytes, less than %llu",
				       (unsigned long long)log_index, e->index,
				       (unsigned long long)e->size,
				       (unsigned long long)FAMFS_SECONDARY_MIN_SIZE);
	ds->dev[ds->count].size = e->size;
	memcpy(ds->dev[ds->count].uuid, e->uuid, FAMFS_UUID_LEN);
	ds->dev[ds->count].log_index = log_index;
	ds->count++;
	return 0;
}

int famfs_devset_add_entry(struct famfs_devset *ds, const struct famfs_log_entry *le,
			   uint64_t log_index, struct famfs_error *err)
{
	if (le->type != FAMFS_LOG_ADD_DAXDEV)
		return famfs_error_set(err, -FAMFS_E_ENTRY_TYPE,
				       "log slot %llu: entry type %u is not an add-device entry",
				       (unsigned long long)log_index, le->type);
	return famfs_devset_add(ds, &le->u.daxdev, log_index, err);
}

int famfs_devset_from_log(struct famfs_devset *ds, const struct famfs_superblock *primary,
			  const void *log, uint64_t log_len, struct famfs_error *err)
{
	const uint8_t *p = log;
	struct famfs_log_header hdr;
	int rc;

	rc = famfs_devset_init(ds, primary, err);
	if (rc)
		return rc;
	if (log_len != primary->log_len)
		return famfs_error_set(err, -FAMFS_E_LOG_LEN,
				       "the log given has %llu bytes, the superblock says %llu",
				       (unsigned long long)log_len,
				       (unsigned long long)primary->log_len);
	rc = famfs_log_header_decode(p, log_len, &hdr, err);
	if (!rc)
		rc = famfs_log_header_validate(&hdr, primary->log_len, err);
	if (rc)
		return rc;
	/* validated: every live slot lies inside log_len */
	return devset_add_slots(ds, primary, p, hdr.next_index, err);
}

int devset_add_slots(struct famfs_devset *ds, const struct famfs_superblock *primary,
		     const uint8_t *log, uint64_t nslots, struct famfs_error *err)
{
	struct famfs_log_entry e;
	uint64_t i;
	int rc;

	for (i = 0; i < nslots; i++) {
		/* not decodable: passed over (see famfs_devset_from_log in devset.h) */
		if (famfs_log_entry_decode(log + famfs_log_slot_offset(i), FAMFS_LOG_ENTRY_SIZE,
					   &e, NULL) || e.type != FAMFS_LOG_ADD_DAXDEV)
			continue;
		if (!(primary->flags & FAMFS_SB_FLAG_PRIMARY))
			return famfs_error_set(err, -FAMFS_E_SB_FLAGS,
					       "log slot %llu adds a device, but the superblock is not marked primary (flags 0x%x)",
					       (unsigned long long)i, primary->flags);
		rc = famfs_devset_add(ds, &e.u.daxdev, i, err);
		if (rc)
			return rc;
	}
	return 0;
}

const struct famfs_devset_member *famfs_devset_member(const struct famfs_devset *ds,
						      uint32_t index)
{
	if (index >= ds->count || index >= FAMFS_MAX_DEVICES)
		return NULL;
	return &ds->dev[index];
}

int famfs_devset_find(const struct famfs_devset *ds, const uint8_t uuid[FAMFS_UUID_LEN])
{
	uint32_t i;

	for (i = 0; i < ds->count && i < FAMFS_MAX_DEVICES; i++)
		if (!memcmp(ds->dev[i].uuid, uuid, FAMFS_UUID_LEN))
			return (int)i;
	return -FAMFS_E_DEV_MISSING;
}

int famfs_devset_check_member(const struct famfs_devset *ds, uint32_t index,
			      const struct famfs_superblock *sb, uint64_t device_size,
			      struct famfs_error *err)
{
	const struct famfs_devset_member *m = famfs_devset_member(ds, index);
	int rc, role;

	if (!m)
		return famfs_error_set(err, -FAMFS_E_EXT_DEV_INDEX,
				       "device index %u: the file system has %u devices",
				       index, ds->count);
	rc = famfs_sb_validate_member(sb, device_size, err);
	if (rc)
		return rc;
	role = famfs_sb_role(sb, err);
	if ((index == 0) != (role != FAMFS_SB_ROLE_SECONDARY))
		return famfs_error_set(err, -FAMFS_E_DEV_MISMATCH,
				       "device %u has a %s superblock, expected %s", index,
				       famfs_sb_role_name(role), index ? "a secondary" : "the primary");
	if (memcmp(sb->uuid, ds->fs_uuid, FAMFS_UUID_LEN))
		return famfs_error_set(err, -FAMFS_E_DEV_MISMATCH,
				       "device %u belongs to another file system (file-system UUID differs)",
				       index);
	if (memcmp(sb->dev_uuid, m->uuid, FAMFS_UUID_LEN))
		return famfs_error_set(err, -FAMFS_E_DEV_MISMATCH,
				       "device %u: device UUID differs from the one the log records",
				       index);
	if (sb->dev_size != m->size)
		return famfs_error_set(err, -FAMFS_E_DEV_MISMATCH,
				       "device %u: superblock records %llu bytes, the log %llu",
				       index, (unsigned long long)sb->dev_size,
				       (unsigned long long)m->size);
	if (device_size && device_size < m->size)
		return famfs_error_set(err, -FAMFS_E_SB_DEV_SIZE,
				       "device %u has %llu bytes, smaller than the %llu recorded",
				       index, (unsigned long long)device_size,
				       (unsigned long long)m->size);
	return 0;
}
