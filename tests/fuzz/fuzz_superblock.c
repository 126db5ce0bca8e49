// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Fuzz target: superblock decode and validate. Whatever decodes and
 * validates must encode back to the same bytes.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <famfs/famfs.h>

#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct famfs_superblock sb, again;
	uint8_t buf[FAMFS_SB_ENCODED_SIZE];
	uint64_t device_size;

	if (famfs_sb_decode(data, size, &sb, NULL))
		return 0;
	/* the device size the superblock is checked against: from the input too */
	device_size = size >= FAMFS_SB_ENCODED_SIZE + 8 ?
		      (uint64_t)data[FAMFS_SB_ENCODED_SIZE] << 24 : 0;
	if (famfs_sb_validate(&sb, device_size, NULL))
		return 0;
	memset(buf, 0, sizeof(buf));
	if (famfs_sb_encode(&sb, buf, sizeof(buf), NULL))
		FUZZ_FAIL("a valid superblock does not encode");
	if (famfs_sb_decode(buf, sizeof(buf), &again, NULL) ||
	    famfs_sb_validate(&again, device_size, NULL))
		FUZZ_FAIL("an encoded superblock does not decode");
	if (memcmp(buf, data, 104) != 0)
		FUZZ_FAIL("re-encoding changed the checked bytes");
	return 0;
}
