// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Fuzz target: log entry decode. A slot that decodes must have counts that
 * are usable as array bounds, and must encode to a slot that decodes to
 * the same entry.
 */
#include <string.h>

#include <famfs/famfs.h>

#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct famfs_log_entry e, again;
	struct famfs_error err;
	uint8_t buf[FAMFS_LOG_ENTRY_SIZE];

	if (famfs_log_entry_decode(data, size, &e, &err))
		return 0;
	if (e.type == FAMFS_LOG_FILE) {
		const struct famfs_fmap *f = &e.u.file.fmap;

		if (!memchr(e.u.file.path, '\0', FAMFS_PATH_MAX))
			FUZZ_FAIL("a decoded path without NUL");
		if (f->ext_type == FAMFS_EXT_SIMPLE && f->count > FAMFS_MAX_EXTENTS)
			FUZZ_FAIL("too many extents accepted");
		if (f->ext_type == FAMFS_EXT_INTERLEAVE &&
		    (f->nstrips < 1 || f->nstrips > FAMFS_MAX_STRIPS || f->count != 1))
			FUZZ_FAIL("bad strip count accepted");
		famfs_path_validate(e.u.file.path, NULL);
	} else if (e.type == FAMFS_LOG_MKDIR) {
		if (!memchr(e.u.mkdir.path, '\0', FAMFS_PATH_MAX))
			FUZZ_FAIL("a decoded path without NUL");
		famfs_path_validate(e.u.mkdir.path, NULL);
	}
	if (famfs_log_entry_encode(&e, buf, sizeof(buf), NULL))
		FUZZ_FAIL("a decoded entry does not encode");
	/*
	 * decode clears the whole struct first, so the two compare bytewise,
	 * but for the stored CRC: bytes of the slot outside the entry's body
	 * (a foreign writer's garbage under a valid CRC) are zero once
	 * re-encoded, so that CRC differs
	 */
	if (famfs_log_entry_decode(buf, sizeof(buf), &again, NULL))
		FUZZ_FAIL("a decoded entry does not survive encode and decode");
	again.crc = e.crc;
	if (memcmp(&e, &again, sizeof(e)))
		FUZZ_FAIL("a decoded entry does not survive encode and decode");
	return 0;
}
