/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Multi-device file systems: the roles a superblock can have, the
 * secondary superblock, the device table built from the primary's log,
 * finding a member by device UUID, and what a probe reports about a
 * device. docs/format.md ("Multi-device file systems") has the rules.
 */
#ifndef FAMFS_DEVSET_H
#define FAMFS_DEVSET_H

#include <stddef.h>
#include <stdint.h>

#include <famfs/error.h>
#include <famfs/format.h>
#include <famfs/mkfs.h>
#include <famfs/alloc.h>
#include <famfs/fs.h>

#ifdef __cplusplus
extern "C" {
#endif

/* the library is built with -fvisibility=hidden: these are its API */
#pragma GCC visibility push(default)

/* The FUSE kernel's GET_DAXDEV table holds 24 devices: index 0 to 23. */
#define FAMFS_MAX_DEVICES	24
/* A secondary holds its superblock region and at least one unit of data. */
#define FAMFS_SECONDARY_MIN_SIZE	(FAMFS_SB_REGION + FAMFS_ALLOC_UNIT)

enum famfs_sb_role {
	FAMFS_SB_ROLE_SINGLE = 0,	/* flags 0: what the reference mkfs writes */
	FAMFS_SB_ROLE_PRIMARY = 1,	/* flags bit 0: index 0, holds the log */
	FAMFS_SB_ROLE_SECONDARY = 2,	/* flags bit 1: index >= 1, no log */
};

/* The role of a superblock (>= 0), or -FAMFS_E_SB_FLAGS. */
int famfs_sb_role(const struct famfs_superblock *sb, struct famfs_error *err);
/* "single", "primary" or "secondary" ("unknown" for anything else). */
const char *famfs_sb_role_name(int role);

/*
 * A secondary superblock for a device of dev_size bytes (rounded down to
 * the allocation unit) with its own dev_uuid, in the file system whose
 * primary superblock is given: the file-system and system UUIDs come from
 * it, the log offset and length are 0, flags bit 1. The device name is
 * left empty for the caller.
 */
void famfs_sb_secondary_init(struct famfs_superblock *sb,
			     const struct famfs_superblock *primary,
			     uint64_t dev_size, const uint8_t dev_uuid[FAMFS_UUID_LEN]);

/*
 * Validate a superblock of any role. A single or primary superblock gets
 * every check of famfs_sb_validate(); a secondary must have no log, its
 * device UUID in both UUID fields, a size of at least
 * FAMFS_SECONDARY_MIN_SIZE that is a multiple of the allocation unit and
 * (when device_size is not 0) no larger than the device.
 */
int famfs_sb_validate_member(const struct famfs_superblock *sb, uint64_t device_size,
			     struct famfs_error *err);

/*
 * Read and decode the superblock of a device or image file (read-only).
 * dev_size (may be NULL) receives the device's real size. Only decoding
 * is done: validate the result.
 */
int famfs_sb_read(const char *path, struct famfs_superblock *sb, uint64_t *dev_size,
		  struct famfs_error *err);

/* ---- the device table ---- */

struct famfs_devset_member {
	uint64_t size;			/* recorded size in bytes */
	uint8_t uuid[FAMFS_UUID_LEN];	/* device UUID */
	uint64_t log_index;		/* slot of its ADD_DAXDEV entry (primary: UINT64_MAX) */
};

struct famfs_devset {
	uint8_t fs_uuid[FAMFS_UUID_LEN];
	uint32_t primary_flags;		/* the primary superblock's flags */
	uint32_t count;			/* members in dev[], the primary included */
	struct famfs_devset_member dev[FAMFS_MAX_DEVICES];
};

/*
 * Start a table with the primary alone (index 0: its device UUID and
 * size). The superblock must be a validated single or primary one.
 */
int famfs_devset_init(struct famfs_devset *ds, const struct famfs_superblock *primary,
		      struct famfs_error *err);

/*
 * Add the secondary an ADD_DAXDEV body describes, found at log slot
 * log_index. Errors, in this order, leave the table unchanged:
 * -FAMFS_E_DEV_TOO_MANY (already FAMFS_MAX_DEVICES), -FAMFS_E_DEV_INDEX
 * (not the next index), -FAMFS_E_DEV_DUP_UUID (UUID already a member),
 * -FAMFS_E_DEV_ENTRY (zero UUID, or smaller than FAMFS_SECONDARY_MIN_SIZE).
 */
int famfs_devset_add(struct famfs_devset *ds, const struct famfs_daxdev_entry *e,
		     uint64_t log_index, struct famfs_error *err);
/* The same for a decoded log entry; -FAMFS_E_ENTRY_TYPE if not ADD_DAXDEV. */
int famfs_devset_add_entry(struct famfs_devset *ds, const struct famfs_log_entry *le,
			   uint64_t log_index, struct famfs_error *err);

/*
 * The whole table of a file system: the primary, then every live
 * ADD_DAXDEV entry of its log (log_len bytes at log, as mapped). The log
 * header must hold. A live slot that does not decode is passed over (the
 * checker reports it): had it added a device, the next one's index breaks
 * the table's rules, or the files on it name a device the table lacks,
 * so nothing is silently taken. Any rule broken stops the walk. Entries
 * on a superblock without the primary flag are an error (-FAMFS_E_SB_FLAGS).
 */
int famfs_devset_from_log(struct famfs_devset *ds, const struct famfs_superblock *primary,
			  const void *log, uint64_t log_len, struct famfs_error *err);

/* Member index, or NULL when index >= count. */
const struct famfs_devset_member *famfs_devset_member(const struct famfs_devset *ds,
						      uint32_t index);
/* Index of the member with this device UUID, or -FAMFS_E_DEV_MISSING. */
int famfs_devset_find(const struct famfs_devset *ds, const uint8_t uuid[FAMFS_UUID_LEN]);

/*
 * Check that sb, read from a device of device_size bytes (0: unknown),
 * is member index of this table: validated for its role (index 0 single
 * or primary, others secondary), same file-system UUID, device UUID and
 * recorded size equal to the table's, device no smaller than recorded.
 */
int famfs_devset_check_member(const struct famfs_devset *ds, uint32_t index,
			      const struct famfs_superblock *sb, uint64_t device_size,
			      struct famfs_error *err);

/* ---- finding a member on this host ---- */

/*
 * Where to look for a device: the paths given (tools' -d/--device),
 * else the regular files of image_dir, else this host's DAX devices
 * (/sys/bus/dax/devices/NAME backed by /dev/NAME).
 */
struct famfs_resolve_opts {
	const char *const *paths;
	size_t npaths;
	const char *image_dir;
};

/*
 * Tests only: a directory that stands for "/" in the DAX device scan
 * (it must hold sys/bus/dax/devices/ and dev/).
 */
#define FAMFS_DAX_ROOT_ENV	"FAMFS_TEST_DAX_ROOT"

/*
 * Find the device whose superblock carries file-system UUID fs_uuid and
 * device UUID dev_uuid; its path goes to path. The superblock is not
 * validated here (a member with a damaged superblock is found, so that
 * famfs_devset_check_member says what is wrong with it): check it before
 * use. -FAMFS_E_DEV_MISSING if none, naming the first candidate passed
 * over that looked like it (a path in opts->paths, or a device with the
 * famfs magic) and why, and the scanned DAX devices passed over because
 * they are in famfs mode (bound to fsdev_dax: they cannot be read, and the
 * scan never switches a device); -FAMFS_E_DEV_AMBIGUOUS if two different
 * files or devices match. Candidates that cannot be opened or read are
 * skipped.
 */
int famfs_resolve_device(const struct famfs_resolve_opts *opts,
			 const uint8_t fs_uuid[FAMFS_UUID_LEN],
			 const uint8_t dev_uuid[FAMFS_UUID_LEN],
			 char *path, size_t len, struct famfs_error *err);

/*
 * Find member index of the table on this host and check it: index 0 is
 * primary (the path the file system was opened by); the others are
 * resolved by UUID through opts, then their superblock is read and checked
 * with famfs_devset_check_member(). The path goes to path (len bytes),
 * also when the superblock found there is wrong; it is "" when no device
 * with the UUID could be found.
 * Every error names the index and the device UUID (and the path once found):
 * -FAMFS_E_DEV_MISSING, -FAMFS_E_DEV_AMBIGUOUS, -FAMFS_E_DEV_MISMATCH,
 * -FAMFS_E_SB_DEV_SIZE (smaller than recorded), or a superblock error.
 */
int famfs_devset_locate(const struct famfs_devset *ds, uint32_t index, const char *primary,
			const struct famfs_resolve_opts *opts, char *path, size_t len,
			struct famfs_error *err);

/* ---- opening a device set ---- */

struct famfs_set;

/* famfs_set_open() set_flags */
/* Read-only views: open what can be found; each missing member keeps its reason. */
#define FAMFS_SET_PARTIAL	(1U << 0)

/*
 * Open primary with famfs_fs_open(primary, fs_flags), build its device
 * table from the log, and find (famfs_devset_locate), check and open each
 * secondary (read-write and locked like the primary with FAMFS_FS_WRITE).
 * A member that is missing or wrong fails the open with its error, naming
 * its index and UUID, unless FAMFS_SET_PARTIAL is given for a read-only
 * open: then famfs_set_dev() is NULL for it and famfs_set_member_error()
 * says why. A one-device file system opens as a set of one.
 */
int famfs_set_open(const char *primary, unsigned int fs_flags,
		   const struct famfs_resolve_opts *opts, unsigned int set_flags,
		   struct famfs_set **setp, struct famfs_error *err);
void famfs_set_close(struct famfs_set *set);
struct famfs_fs *famfs_set_fs(const struct famfs_set *set);
const struct famfs_devset *famfs_set_devset(const struct famfs_set *set);
/* Members that could not be opened (only with FAMFS_SET_PARTIAL). */
uint32_t famfs_set_nmissing(const struct famfs_set *set);
/* Member index's device and path, or NULL when it is missing or past the last. */
struct famfs_dev *famfs_set_dev(const struct famfs_set *set, uint32_t index);
const char *famfs_set_path(const struct famfs_set *set, uint32_t index);
/*
 * The path member index was found at, also when it could not be opened
 * because its superblock is wrong (famfs_set_member_error() says why);
 * NULL when it was not found at all or index is past the last.
 */
const char *famfs_set_found_path(const struct famfs_set *set, uint32_t index);
/* 0 when member index is open, else why not (also in why). */
int famfs_set_member_error(const struct famfs_set *set, uint32_t index,
			   struct famfs_error *why);

/* ---- allocation over a device set ---- */

struct famfs_alloc_set;

/*
 * One map per member (famfs_alloc_new with each member's recorded size):
 * the primary's superblock and log reserved, and each secondary's first
 * allocation unit (its superblock region).
 */
int famfs_alloc_set_new(const struct famfs_devset *ds, const struct famfs_superblock *primary,
			struct famfs_alloc_set **setp, struct famfs_error *err);
void famfs_alloc_set_free(struct famfs_alloc_set *set);
uint32_t famfs_alloc_set_count(const struct famfs_alloc_set *set);
/* The map of device index, or NULL past the last device. */
struct famfs_alloc *famfs_alloc_set_map(const struct famfs_alloc_set *set, uint32_t index);

/*
 * Reserve each extent or strip on the map of its device index; all or
 * nothing. An index past the last device is -FAMFS_E_EXT_DEV_INDEX.
 */
int famfs_alloc_set_reserve_fmap(struct famfs_alloc_set *set, const struct famfs_fmap *fmap,
				 struct famfs_error *err);
/* Every file of a replayed namespace; the message names the first that fails. */
int famfs_alloc_set_from_ns(struct famfs_alloc_set *set, const struct famfs_ns *ns,
			    struct famfs_error *err);

/*
 * A plain file on one device: dev, or (dev < 0) the device with the most
 * free space (the lowest index among equals), placed there as
 * famfs_alloc_extents() places it; every extent carries that index.
 */
int famfs_alloc_set_file(struct famfs_alloc_set *set, uint64_t size, int dev,
			 struct famfs_fmap *fmap, struct famfs_error *err);

/*
 * A file striped across devices: one strip on each of the nstrips devices
 * with the most free space (nstrips <= the device count), each strip
 * first fit on its device and ceil(size / (nstrips * chunk)) chunks long.
 * A file smaller than one chunk gets one simple extent. All or nothing.
 */
int famfs_alloc_set_striped(struct famfs_alloc_set *set, uint64_t size, uint64_t nstrips,
			    uint64_t chunk, struct famfs_fmap *fmap, struct famfs_error *err);

/* Where a new file goes on a device set (famfs_alloc_set_place). */
enum famfs_place {
	FAMFS_PLACE_MOST_FREE = 0,	/* the device with the most free space */
	FAMFS_PLACE_DEVICE = 1,		/* the device named */
	FAMFS_PLACE_ACROSS = 2,		/* striped, one strip on each device of the set */
};

/*
 * Space for a new file of size bytes. MOST_FREE and DEVICE put it on one
 * device (the one with the most free space, the lowest index among
 * equals; or device): as famfs_alloc_extents() places it, or with stripe
 * as famfs_alloc_striped() places it within that device; every extent
 * carries the device's index. ACROSS needs stripe with nstrips equal to
 * the device count (-EINVAL otherwise, saying so; its buckets and seed
 * are not used) and places it as famfs_alloc_set_striped(). A device past
 * the last is -FAMFS_E_EXT_DEV_INDEX; no space is -FAMFS_E_NO_SPACE with
 * the device named. All or nothing.
 */
int famfs_alloc_set_place(struct famfs_alloc_set *set, uint64_t size,
			  const struct famfs_stripe *stripe, enum famfs_place place,
			  uint32_t device, struct famfs_fmap *fmap, struct famfs_error *err);

/* ---- making a device set ---- */

struct famfs_mkfs_member {
	struct famfs_superblock sb;	/* what was (or would be) written */
	uint64_t raw_size;		/* device size before rounding down */
	char replaced[32];		/* signature overwritten with FORCE, or "" */
};

/*
 * Format primary and nsec secondaries as one file system (nsec 0 is
 * famfs_mkfs()). Every device is checked first, as famfs_mkfs() checks
 * one, and each must be given once (-EINVAL otherwise); at most
 * FAMFS_MAX_DEVICES in all. Then the secondaries' superblocks are written,
 * then the primary, then its primary flag, then one ADD_DAXDEV entry per
 * secondary (index 1, 2, ... in the order given) made live at once.
 * members (nsec entries) receives each secondary's superblock.
 */
int famfs_mkfs_set(const char *primary, const char *const *secondaries, size_t nsec,
		   const struct famfs_mkfs_opts *opts, struct famfs_mkfs_result *res,
		   struct famfs_mkfs_member *members, struct famfs_error *err);

/* ---- adding a device to a file system ---- */

/* famfs_devset_add_device() flags, beside FAMFS_MKFS_FORCE and FAMFS_MKFS_DRY_RUN */
#define FAMFS_ADD_NOT_MASTER	(1U << 8)	/* write even if this host is not the master */

struct famfs_add_result {
	struct famfs_devset set;	/* the table, with the new device when added */
	struct famfs_superblock sb;	/* the secondary's superblock */
	uint32_t index;			/* its device index */
	int reused;			/* it was left by an interrupted add */
	char replaced[32];		/* signature overwritten with FORCE, or "" */
};

/*
 * Add path as the next secondary of the file system whose primary is
 * primary, offline (under the primary's write lock; -EBUSY when mounted;
 * only on the master host unless FAMFS_ADD_NOT_MASTER). Refused, writing
 * nothing: the primary itself, a device already in the set, one of another
 * famfs or with another signature (unless FAMFS_MKFS_FORCE), one under
 * FAMFS_SECONDARY_MIN_SIZE, a set of FAMFS_MAX_DEVICES, a full log or a
 * log whose device table breaks a rule. A secondary of this file system
 * that no entry names (left by an interrupted add) is reused. Order: the
 * primary's flag, the secondary's superblock (durable), then its
 * ADD_DAXDEV entry.
 */
int famfs_devset_add_device(const char *primary, const char *path, unsigned int flags,
			    struct famfs_add_result *res, struct famfs_error *err);

/* ---- probing ---- */

struct famfs_probe_info {
	int role;			/* enum famfs_sb_role */
	uint8_t uuid[FAMFS_UUID_LEN];	/* file system */
	uint8_t dev_uuid[FAMFS_UUID_LEN];
	uint64_t size;			/* recorded device size */
	int dev_index;			/* 0 for single or primary; -1: unknown */
};

/*
 * What a superblock read from a device of device_size bytes says, after
 * famfs_sb_validate_member(). A secondary's index is in the primary's
 * log only, so it is reported as -1.
 */
int famfs_probe_superblock(const struct famfs_superblock *sb, uint64_t device_size,
			   struct famfs_probe_info *info, struct famfs_error *err);

/*
 * KEY=VALUE lines for udev and scripts: TYPE=famfs, UUID=, DEV_UUID=,
 * ROLE=, DEV_INDEX= (when known), SIZE=. Returns the length written
 * (NUL not counted) or -ENOSPC when buf is too small.
 */
int famfs_probe_export(const struct famfs_probe_info *info, char *buf, size_t len);

#pragma GCC visibility pop

#ifdef __cplusplus
}
#endif

#endif /* FAMFS_DEVSET_H */
