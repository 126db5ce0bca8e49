// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Fuzz target: the multi-device format. Input: one 200-byte superblock,
 * then 544-byte log slots. The superblock is validated for any role (a
 * valid one must re-encode to the same checked bytes); the slots that
 * decode go through the device table, which must stay dense, unique and
 * within 24 devices, and be left unchanged by every rejected entry.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <famfs/famfs.h>

#include "fuzz.h"

static void check_sb(const struct famfs_superblock *sb, const uint8_t *data)
{
	uint8_t buf[FAMFS_SB_ENCODED_SIZE];
	struct famfs_superblock again;

	memset(buf, 0, sizeof(buf));
	if (famfs_sb_encode(sb, buf, sizeof(buf), NULL))
		FUZZ_FAIL("a valid superblock does not encode");
	if (famfs_sb_decode(buf, sizeof(buf), &again, NULL) ||
	    famfs_sb_validate_member(&again, 0, NULL))
		FUZZ_FAIL("an encoded superblock does not validate");
	if (memcmp(buf, data, 108) != 0)
		FUZZ_FAIL("re-encoding changed the checked bytes");
	if (famfs_sb_role(sb, NULL) < 0)
		FUZZ_FAIL("a valid superblock has no role");
	if ((famfs_sb_role(sb, NULL) == FAMFS_SB_ROLE_SECONDARY) !=
	    (famfs_sb_validate(sb, 0, NULL) == -FAMFS_E_SB_SECONDARY))
		FUZZ_FAIL("famfs_sb_validate does not refuse exactly the secondaries");
}

static void check_table(const struct famfs_devset *ds)
{
	uint32_t i;

	if (ds->count < 1 || ds->count > FAMFS_MAX_DEVICES)
		FUZZ_FAIL("device count out of range");
	for (i = 0; i < ds->count; i++)
		if (famfs_devset_find(ds, ds->dev[i].uuid) != (int)i)
			FUZZ_FAIL("a device UUID is not unique in the table");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct famfs_superblock sb;
	struct famfs_devset ds, before;
	struct famfs_log_entry e;
	struct fuzz_cost cost;
	size_t off;
	uint32_t i;

	if (famfs_sb_decode(data, size, &sb, NULL))
		return 0;
	fuzz_cost_begin(&cost);
	if (!famfs_sb_validate_member(&sb, 0, NULL))
		check_sb(&sb, data);
	if (famfs_devset_init(&ds, &sb, NULL))
		return 0;
	for (off = FAMFS_SB_ENCODED_SIZE; off + FAMFS_LOG_ENTRY_SIZE <= size;
	     off += FAMFS_LOG_ENTRY_SIZE) {
		if (famfs_log_entry_decode(data + off, FAMFS_LOG_ENTRY_SIZE, &e, NULL))
			continue;
		before = ds;
		if (famfs_devset_add_entry(&ds, &e, off, NULL)) {
			if (memcmp(&before, &ds, sizeof(ds)))
				FUZZ_FAIL("a rejected entry changed the table");
			continue;
		}
		if (ds.count != before.count + 1 || e.u.daxdev.index != before.count)
			FUZZ_FAIL("an accepted entry is not the next index");
		check_table(&ds);
	}
	/* any superblock against any member: a verdict, never a crash */
	for (i = 0; i <= ds.count; i++)
		famfs_devset_check_member(&ds, i, &sb, size, NULL);
	fuzz_cost_check(&cost, size);
	return 0;
}
