/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * libfamfs error reporting.
 *
 * Every libfamfs function that can fail returns 0 (or a non-negative count)
 * on success and a negative code on failure: either a negated errno value
 * (-EIO, -ENOMEM, ...) for system errors, or a negated famfs_errcode for
 * problems with the on-media format. When the caller passes a non-NULL
 * struct famfs_error, the library also stores a one-line message there
 * that names what was wrong; the library itself never prints or exits.
 */
#ifndef FAMFS_ERROR_H
#define FAMFS_ERROR_H

#ifdef __cplusplus
extern "C" {
#endif

/* the library is built with -fvisibility=hidden: these are its API */
#pragma GCC visibility push(default)

/* Format problems. Codes start well above any errno value. */
enum famfs_errcode {
	FAMFS_E_FIRST = 4096,

	FAMFS_E_SHORT_BUFFER = FAMFS_E_FIRST, /* buffer smaller than the structure */

	FAMFS_E_SB_MAGIC,		/* no famfs superblock magic */
	FAMFS_E_SB_KILLED,		/* magic zeroed by mkfs -k */
	FAMFS_E_SB_VERSION,		/* superblock version not supported */
	FAMFS_E_SB_OMF_MAJOR,		/* on-media format major not supported */
	FAMFS_E_SB_OMF_MINOR,		/* on-media format minor newer than ours */
	FAMFS_E_SB_CRC,			/* superblock CRC mismatch */
	FAMFS_E_SB_LOG_OFFSET,		/* log offset is not 2 MiB */
	FAMFS_E_SB_LOG_LEN,		/* log length not a power of two >= 8 MiB */
	FAMFS_E_SB_ALLOC_UNIT,		/* allocation unit is not 2 MiB */
	FAMFS_E_SB_DEVNAME,		/* device name not NUL-terminated */
	FAMFS_E_SB_DEV_SIZE,		/* recorded size wrong for this device */

	FAMFS_E_LOG_MAGIC,		/* no log header magic */
	FAMFS_E_LOG_CRC,		/* log header CRC mismatch */
	FAMFS_E_LOG_LEN,		/* log header length differs from sb */
	FAMFS_E_LOG_LAST_INDEX,		/* last_index does not match log_len */
	FAMFS_E_LOG_NEXT_INDEX,		/* next_index past last_index + 1 */

	FAMFS_E_ENTRY_CRC,		/* log entry CRC mismatch */
	FAMFS_E_ENTRY_TYPE,		/* unknown log entry type */
	FAMFS_E_ENTRY_PATH,		/* path not NUL-terminated or malformed */
	FAMFS_E_ENTRY_EXT_TYPE,		/* unknown extent type */
	FAMFS_E_ENTRY_EXT_COUNT,	/* extent count out of range */
	FAMFS_E_ENTRY_NSTRIPS,		/* strip count out of range */
	FAMFS_E_ENTRY_CHUNK,		/* chunk size invalid */
	FAMFS_E_ENTRY_SEQNUM,		/* seqnum not above the previous one */

	FAMFS_E_NS_NO_PARENT,		/* parent directory does not exist */
	FAMFS_E_NS_PARENT_NOT_DIR,	/* parent is a file */
	FAMFS_E_NS_EXISTS,		/* path already in use */
	FAMFS_E_NS_NOT_FOUND,		/* no such path */

	FAMFS_E_EXT_ALIGN,		/* extent not allocation-unit aligned */
	FAMFS_E_EXT_RANGE,		/* extent past the end of the device */
	FAMFS_E_EXT_META,		/* extent inside superblock or log */
	FAMFS_E_EXT_OVERLAP,		/* extent overlaps another */
	FAMFS_E_EXT_SHORT,		/* extents do not cover the file size */
	FAMFS_E_EXT_DEV_INDEX,		/* extent on an unknown device */
	FAMFS_E_EXT_STRIPS,		/* strips of unequal length */

	FAMFS_E_LOG_FULL,		/* no free log slot */
	FAMFS_E_NO_SPACE,		/* not enough free space */
	FAMFS_E_NOT_MASTER,		/* this host did not make the file system */
	FAMFS_E_LAYOUT_UNSUPPORTED,	/* an encoding cannot express a layout */
	FAMFS_E_LOG_NEXT_SEQNUM,	/* next_seqnum not above the live entries' */
	FAMFS_E_LOG_STALE_SLOT,		/* slot past next_index is not zero */
	FAMFS_E_EXT_LEN,		/* extent length zero or not unit-aligned */
	FAMFS_E_SB_FLAGS,		/* role flags: both roles or unknown bits */
	FAMFS_E_SB_SECONDARY,		/* a secondary where a primary is needed */
	FAMFS_E_SB_SECONDARY_LOG,	/* a secondary superblock names a log */
	FAMFS_E_DEV_TOO_MANY,		/* more devices than FAMFS_MAX_DEVICES */
	FAMFS_E_DEV_INDEX,		/* ADD_DAXDEV index is not the next one */
	FAMFS_E_DEV_DUP_UUID,		/* device UUID already in the set */
	FAMFS_E_DEV_ENTRY,		/* ADD_DAXDEV zero UUID or too small */
	FAMFS_E_DEV_MISMATCH,		/* member superblock differs from its entry */
	FAMFS_E_DEV_MISSING,		/* no device with that UUID was found */
	FAMFS_E_DEV_AMBIGUOUS,		/* several devices carry that UUID */

	/* how hosts' log replay (the reference famfs) differs from the log */
	FAMFS_E_REPLAY_STOPS,		/* hosts stop replaying at this entry */
	FAMFS_E_REPLAY_NOT_REPLAYED,	/* an entry after the stop */
	FAMFS_E_REPLAY_SKIPS_FILE,	/* hosts skip a file the log has */
	FAMFS_E_REPLAY_NO_PARENT,	/* hosts put a file elsewhere, or drop it */
	FAMFS_E_REPLAY_EMPTY_EXTENTS,	/* a file hosts cannot map */
	FAMFS_E_REPLAY_OWNER,		/* hosts ignore the logged owner */
	FAMFS_E_REPLAY_PATH_REWRITTEN,	/* hosts resolve the path to another one */
	FAMFS_E_REPLAY_PATH_ESCAPES,	/* hosts resolve the path out of the mount */

	FAMFS_E_LAST
};

#define FAMFS_ERROR_MSG_MAX 256

struct famfs_error {
	int code;			/* negative, as returned */
	char msg[FAMFS_ERROR_MSG_MAX];	/* one line, no trailing newline */
};

/* A short, static description of a (negative) code returned by libfamfs. */
const char *famfs_strerror(int code);

/*
 * Store code and a printf-style message in err (when err is non-NULL) and
 * return code, so callers can write "return famfs_error_set(err, ...)".
 * code must be negative.
 */
int famfs_error_set(struct famfs_error *err, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#pragma GCC visibility pop

#ifdef __cplusplus
}
#endif

#endif /* FAMFS_ERROR_H */
