// SPDX-License-Identifier: LGPL-2.1-or-later
/* Fuzz target: log header decode and validate, and the slot arithmetic. */
#include <string.h>

#include <famfs/famfs.h>

#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct famfs_log_header hdr, again;
	uint8_t buf[FAMFS_LOG_HEADER_SIZE];

	if (famfs_log_header_decode(data, size, &hdr, NULL))
		return 0;
	if (famfs_log_header_validate(&hdr, hdr.log_len, NULL))
		return 0;
	if (famfs_log_slots(hdr.log_len) != hdr.last_index + 1)
		FUZZ_FAIL("a valid header whose last index does not match its length");
	if (hdr.next_index > hdr.last_index + 1)
		FUZZ_FAIL("a valid header whose next index is past the log");
	if (famfs_log_header_encode(&hdr, buf, sizeof(buf), NULL) ||
	    famfs_log_header_decode(buf, sizeof(buf), &again, NULL) ||
	    memcmp(&hdr, &again, sizeof(hdr)) || memcmp(buf, data, sizeof(buf)))
		FUZZ_FAIL("a valid header does not survive encode and decode");
	return 0;
}
