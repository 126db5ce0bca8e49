// SPDX-License-Identifier: LGPL-2.1-or-later
/* Error codes and messages. The library never prints: it fills these. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <famfs/error.h>

#include "util/error_internal.h"

static const char *const famfs_messages[FAMFS_E_LAST - FAMFS_E_FIRST] = {
	[FAMFS_E_SHORT_BUFFER - FAMFS_E_FIRST] = "buffer too small for the structure",
	[FAMFS_E_SB_MAGIC - FAMFS_E_FIRST] = "no famfs superblock",
	[FAMFS_E_SB_KILLED - FAMFS_E_FIRST] = "famfs superblock was killed (magic zeroed)",
	[FAMFS_E_SB_VERSION - FAMFS_E_FIRST] = "unsupported superblock version",
	[FAMFS_E_SB_OMF_MAJOR - FAMFS_E_FIRST] = "unsupported on-media format major version",
	[FAMFS_E_SB_OMF_MINOR - FAMFS_E_FIRST] = "on-media format minor version newer than supported",
	[FAMFS_E_SB_CRC - FAMFS_E_FIRST] = "superblock CRC mismatch",
	[FAMFS_E_SB_LOG_OFFSET - FAMFS_E_FIRST] = "superblock log offset invalid",
	[FAMFS_E_SB_LOG_LEN - FAMFS_E_FIRST] = "superblock log length invalid",
	[FAMFS_E_SB_ALLOC_UNIT - FAMFS_E_FIRST] = "superblock allocation unit invalid",
	[FAMFS_E_SB_DEVNAME - FAMFS_E_FIRST] = "superblock device name not terminated",
	[FAMFS_E_SB_DEV_SIZE - FAMFS_E_FIRST] = "superblock device size does not match the device",
	[FAMFS_E_LOG_MAGIC - FAMFS_E_FIRST] = "no famfs log header",
	[FAMFS_E_LOG_CRC - FAMFS_E_FIRST] = "log header CRC mismatch",
	[FAMFS_E_LOG_LEN - FAMFS_E_FIRST] = "log header length differs from the superblock",
	[FAMFS_E_LOG_LAST_INDEX - FAMFS_E_FIRST] = "log header last index does not match the log length",
	[FAMFS_E_LOG_NEXT_INDEX - FAMFS_E_FIRST] = "log header next index past the end of the log",
	[FAMFS_E_ENTRY_CRC - FAMFS_E_FIRST] = "log entry CRC mismatch",
	[FAMFS_E_ENTRY_TYPE - FAMFS_E_FIRST] = "unknown log entry type",
	[FAMFS_E_ENTRY_PATH - FAMFS_E_FIRST] = "invalid path in log entry",
	[FAMFS_E_ENTRY_EXT_TYPE - FAMFS_E_FIRST] = "unknown extent type",
	[FAMFS_E_ENTRY_EXT_COUNT - FAMFS_E_FIRST] = "extent count out of range",
	[FAMFS_E_ENTRY_NSTRIPS - FAMFS_E_FIRST] = "strip count out of range",
	[FAMFS_E_ENTRY_CHUNK - FAMFS_E_FIRST] = "invalid chunk size",
	[FAMFS_E_ENTRY_SEQNUM - FAMFS_E_FIRST] = "log entry sequence number out of order",
	[FAMFS_E_NS_NO_PARENT - FAMFS_E_FIRST] = "parent directory does not exist",
	[FAMFS_E_NS_PARENT_NOT_DIR - FAMFS_E_FIRST] = "parent is not a directory",
	[FAMFS_E_NS_EXISTS - FAMFS_E_FIRST] = "path already exists",
	[FAMFS_E_NS_NOT_FOUND - FAMFS_E_FIRST] = "no such file or directory in the file system",
	[FAMFS_E_EXT_ALIGN - FAMFS_E_FIRST] = "extent not aligned to the allocation unit",
	[FAMFS_E_EXT_RANGE - FAMFS_E_FIRST] = "extent past the end of the device",
	[FAMFS_E_EXT_META - FAMFS_E_FIRST] = "extent inside the superblock or log",
	[FAMFS_E_EXT_OVERLAP - FAMFS_E_FIRST] = "extent overlaps another allocation",
	[FAMFS_E_EXT_SHORT - FAMFS_E_FIRST] = "extents do not cover the file size",
	[FAMFS_E_EXT_DEV_INDEX - FAMFS_E_FIRST] = "extent on an unknown device index",
	[FAMFS_E_EXT_STRIPS - FAMFS_E_FIRST] = "strips of unequal length",
	[FAMFS_E_LOG_FULL - FAMFS_E_FIRST] = "log full",
	[FAMFS_E_NO_SPACE - FAMFS_E_FIRST] = "not enough free space",
	[FAMFS_E_NOT_MASTER - FAMFS_E_FIRST] = "this host is not the file system's master",
	[FAMFS_E_LAYOUT_UNSUPPORTED - FAMFS_E_FIRST] = "layout cannot be expressed in this encoding",
	[FAMFS_E_LOG_NEXT_SEQNUM - FAMFS_E_FIRST] = "log header next seqnum not above the live entries",
	[FAMFS_E_LOG_STALE_SLOT - FAMFS_E_FIRST] = "unused log slot is not zero",
	[FAMFS_E_EXT_LEN - FAMFS_E_FIRST] = "extent length zero or not a multiple of the allocation unit",
	[FAMFS_E_REPLAY_STOPS - FAMFS_E_FIRST] = "hosts stop replaying the log at this entry",
	[FAMFS_E_REPLAY_NOT_REPLAYED - FAMFS_E_FIRST] = "entry not replayed by hosts",
	[FAMFS_E_REPLAY_SKIPS_FILE - FAMFS_E_FIRST] = "hosts skip this file",
	[FAMFS_E_REPLAY_NO_PARENT - FAMFS_E_FIRST] = "hosts misplace or drop a file without parent",
	[FAMFS_E_REPLAY_EMPTY_EXTENTS - FAMFS_E_FIRST] = "file without extents, unusable on hosts",
	[FAMFS_E_REPLAY_OWNER - FAMFS_E_FIRST] = "hosts ignore an owner with one id zero",
	[FAMFS_E_REPLAY_PATH_REWRITTEN - FAMFS_E_FIRST] = "hosts resolve the path to another one",
	[FAMFS_E_REPLAY_PATH_ESCAPES - FAMFS_E_FIRST] = "hosts resolve the path outside the mount",
	[FAMFS_E_SB_FLAGS - FAMFS_E_FIRST] = "superblock role flags invalid",
	[FAMFS_E_SB_SECONDARY - FAMFS_E_FIRST] = "secondary device of a multi-device file system",
	[FAMFS_E_SB_SECONDARY_LOG - FAMFS_E_FIRST] = "secondary superblock names a log",
	[FAMFS_E_DEV_TOO_MANY - FAMFS_E_FIRST] = "too many devices in the file system",
	[FAMFS_E_DEV_INDEX - FAMFS_E_FIRST] = "device index is not the next one",
	[FAMFS_E_DEV_DUP_UUID - FAMFS_E_FIRST] = "device UUID already in the file system",
	[FAMFS_E_DEV_ENTRY - FAMFS_E_FIRST] = "invalid add-device log entry",
	[FAMFS_E_DEV_MISMATCH - FAMFS_E_FIRST] = "device superblock does not match its log entry",
	[FAMFS_E_DEV_MISSING - FAMFS_E_FIRST] = "device of the file system not found",
	[FAMFS_E_DEV_AMBIGUOUS - FAMFS_E_FIRST] = "several devices carry the same device UUID",
};

const char *famfs_strerror(int code)
{
	int c = code < 0 ? -code : code;

	if (c >= FAMFS_E_FIRST && c < FAMFS_E_LAST)
		return famfs_messages[c - FAMFS_E_FIRST];
	if (c == 0)
		return "success";
	return strerror(c);
}

int famfs_error_set(struct famfs_error *err, int code, const char *fmt, ...)
{
	va_list ap;

	if (!err)
		return code;
	err->code = code;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	return code;
}

int error_prefix(struct famfs_error *err, int code, const char *prefix)
{
	char msg[FAMFS_ERROR_MSG_MAX];

	if (!err)
		return code;
	/* copy first: the message is formatted into the buffer it came from */
	memcpy(msg, err->msg, sizeof(msg));
	msg[sizeof(msg) - 1] = '\0';
	return famfs_error_set(err, code, "%s: %s", prefix, msg);
}
