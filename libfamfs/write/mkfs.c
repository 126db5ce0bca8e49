// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * mkfs: check that a device may be formatted, then write an empty log and
 * a superblock. Nothing is written until every check has passed.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <uuid/uuid.h>

#include <famfs/devset.h>
#include <famfs/device.h>
#include <famfs/fs.h>
#include <famfs/mkfs.h>

#include "write/mkfs_internal.h"

static int is_pow2(uint64_t v)
{
	return v && !(v & (v - 1));
}

static int check_log_len(uint64_t log_len, struct famfs_error *err)
{
	if (!is_pow2(log_len) || log_len < FAMFS_LOG_LEN_MIN)
		return famfs_error_set(err, -FAMFS_E_SB_LOG_LEN,
				       "log length %llu is not a power of two of at least %llu (8 MiB)",
				       (unsigned long long)log_len,
				       (unsigned long long)FAMFS_LOG_LEN_MIN);
	return 0;
}

int mkfs_check_not_mounted(struct famfs_dev *dev, struct famfs_error *err)
{
	char where[256];
	int rc = famfs_dev_is_mounted(dev, where, sizeof(where), err);

	if (rc < 0)
		return rc;
	if (rc)
		return famfs_error_set(err, -EBUSY, "%s is mounted on %s; unmount it first",
				       famfs_dev_path(dev), where);
	return 0;
}

/* Round the size down to whole allocation units; it must hold sb, log and one unit. */
static int check_size(struct famfs_dev *dev, uint64_t log_len,
		      struct famfs_mkfs_result *res, struct famfs_error *err)
{
	/* log_len 0 (kill): the superblock region and one unit are enough */
	uint64_t need = log_len ? famfs_mkfs_min_size(log_len) : FAMFS_LOG_OFFSET + FAMFS_ALLOC_UNIT;

	res->raw_size = famfs_dev_size(dev);
	res->sb.dev_size = res->raw_size / FAMFS_ALLOC_UNIT * FAMFS_ALLOC_UNIT;
	if (res->sb.dev_size < need)
		return famfs_error_set(err, -FAMFS_E_SB_DEV_SIZE,
				       "%s: %llu bytes is too small: a famfs with a log of %llu bytes needs at least %llu bytes",
				       famfs_dev_path(dev), (unsigned long long)res->raw_size,
				       (unsigned long long)log_len, (unsigned long long)need);
	return 0;
}

/*
 * Look at what the device holds now. A famfs superblock (even a damaged
 * one: its magic is enough) or a foreign signature needs FORCE.
 */
int mkfs_check_existing(struct famfs_dev *dev, const uint8_t *sbmap, unsigned int flags,
			struct famfs_mkfs_result *res, struct famfs_error *err)
{
	struct famfs_superblock old;
	char type[32];
	int rc;

	famfs_sb_decode(sbmap, FAMFS_SB_ENCODED_SIZE, &old, NULL);
	if (old.magic == FAMFS_SB_MAGIC) {
		int valid = famfs_sb_validate_member(&old, 0, NULL) == 0;

		if (!(flags & FAMFS_MKFS_FORCE))
			return famfs_error_set(err, -EEXIST, "%s already holds a %sfamfs file system",
					       famfs_dev_path(dev), valid ? "" : "damaged ");
		strcpy(res->replaced, "famfs");
		return 0;
	}
	rc = famfs_dev_probe_signature(dev, type, sizeof(type), err);
	if (rc < 0)
		return rc;
	if (rc && !(flags & FAMFS_MKFS_FORCE))
		return famfs_error_set(err, -EEXIST, "%s holds a file system or partition table signature (%s)",
				       famfs_dev_path(dev), type);
	if (rc)
		snprintf(res->replaced, sizeof(res->replaced), "%s", type);
	return 0;
}

/* Zero only the magic, as the reference mkfs -k does: the rest stays for forensics. */
static int kill_superblock(struct famfs_dev *dev, uint8_t *sbmap, unsigned int flags,
			   struct famfs_mkfs_result *res, struct famfs_error *err)
{
	famfs_sb_decode(sbmap, FAMFS_SB_ENCODED_SIZE, &res->sb, NULL);
	if (res->sb.magic != FAMFS_SB_MAGIC)
		return famfs_error_set(err, -FAMFS_E_SB_MAGIC,
				       "%s holds no famfs superblock to kill", famfs_dev_path(dev));
	res->killed = 1;
	if (flags & FAMFS_MKFS_DRY_RUN)
		return 0;
	memset(sbmap, 0, 8);
	return famfs_dev_flush(dev, sbmap, 8, err);
}

static int fill_superblock(const char *path,
			   const struct famfs_mkfs_opts *opts,
			   struct famfs_mkfs_result *res, struct famfs_error *err)
{
	struct famfs_superblock *sb = &res->sb;
	int create = !(opts->flags & FAMFS_MKFS_DRY_RUN);
	int rc;

	famfs_sb_init(sb, sb->dev_size, opts->log_len ? opts->log_len : FAMFS_LOG_LEN_DEFAULT);
	if (opts->uuid)
		memcpy(sb->uuid, opts->uuid, FAMFS_UUID_LEN);
	else
		uuid_generate(sb->uuid);
	uuid_generate(sb->dev_uuid);
	if (opts->system_uuid) {
		memcpy(sb->system_uuid, opts->system_uuid, FAMFS_UUID_LEN);
	} else {
		/* a dry run neither creates the UUID file nor needs it */
		rc = famfs_system_uuid(sb->system_uuid, create, err);
		if (rc && create)
			return rc;
	}
	sb->flags = 0;		/* the reference mkfs sets neither role bit */
	/* the reference tools store the path as given; keep its first 63 bytes */
	snprintf(sb->dev_name, FAMFS_DEVNAME_LEN, "%s", path);
	return 0;
}

/* Zero a range, skipping pages already zero so sparse images stay sparse. */
void mkfs_zero_range(uint8_t *p, uint64_t len)
{
	static const uint8_t zeros[4096];
	uint64_t off;

	for (off = 0; off < len; off += sizeof(zeros)) {
		uint64_t n = len - off < sizeof(zeros) ? len - off : sizeof(zeros);

		if (memcmp(p + off, zeros, n))
			memset(p + off, 0, n);
	}
}

/*
 * Write order: first make the old superblock unrecognisable, then the log,
 * and the new superblock last, so a crash never leaves a valid superblock
 * in front of a half-written log.
 */
static int write_fs(struct famfs_dev *dev, uint8_t *sbmap, struct famfs_mkfs_result *res,
		    struct famfs_error *err)
{
	struct famfs_log_header hdr;
	uint8_t *log;
	int rc;

	memset(sbmap, 0, 8);
	rc = famfs_dev_flush(dev, sbmap, 8, err);
	if (rc)
		return rc;
	rc = famfs_dev_map(dev, FAMFS_LOG_OFFSET, res->sb.log_len, (void **)&log, err);
	if (rc)
		return rc;
	mkfs_zero_range(log, res->sb.log_len);
	famfs_log_header_init(&hdr, res->sb.log_len);
	famfs_log_header_encode(&hdr, log, FAMFS_LOG_HEADER_SIZE, NULL);
	rc = famfs_dev_flush(dev, log, res->sb.log_len, err);
	famfs_dev_unmap(dev, log, res->sb.log_len);
	if (rc)
		return rc;
	mkfs_zero_range(sbmap, FAMFS_SB_REGION);
	rc = famfs_sb_encode(&res->sb, sbmap, FAMFS_SB_ENCODED_SIZE, err);
	if (rc)
		return rc;
	return famfs_dev_flush(dev, sbmap, FAMFS_SB_REGION, err);
}

static int mkfs_on(struct famfs_dev *dev, const char *path, const struct famfs_mkfs_opts *opts,
		   struct famfs_mkfs_result *res, struct famfs_error *err)
{
	uint64_t log_len = opts->log_len ? opts->log_len : FAMFS_LOG_LEN_DEFAULT;
	void *sbmap;
	int rc;

	res->size_source = famfs_dev_size_source(dev);
	res->align = famfs_dev_align(dev);
	rc = mkfs_check_not_mounted(dev, err);
	if (rc)
		return rc;
	/* kill needs only the superblock region; the size check proves it is there */
	rc = check_size(dev, (opts->flags & FAMFS_MKFS_KILL) ? 0 : log_len, res, err);
	if (rc)
		return rc;
	rc = famfs_dev_map(dev, 0, FAMFS_SB_REGION, &sbmap, err);
	if (rc)
		return rc;
	if (opts->flags & FAMFS_MKFS_KILL) {
		rc = kill_superblock(dev, sbmap, opts->flags, res, err);
		goto out;
	}
	rc = mkfs_check_existing(dev, sbmap, opts->flags, res, err);
	if (!rc)
		rc = fill_superblock(path, opts, res, err);
	res->nslots = famfs_log_slots(log_len);
	if (!rc && !(opts->flags & FAMFS_MKFS_DRY_RUN))
		rc = write_fs(dev, sbmap, res, err);
out:
	famfs_dev_unmap(dev, sbmap, FAMFS_SB_REGION);
	return rc;
}

int famfs_mkfs(const char *path, const struct famfs_mkfs_opts *opts,
	       struct famfs_mkfs_result *res, struct famfs_error *err)
{
	unsigned int dflags = FAMFS_DEV_LOCK;
	struct famfs_dev *dev;
	int rc;

	memset(res, 0, sizeof(*res));
	if ((opts->flags & FAMFS_MKFS_KILL) && !(opts->flags & FAMFS_MKFS_FORCE))
		return famfs_error_set(err, -EINVAL, "killing a superblock needs force as well");
	if (opts->log_len) {
		rc = check_log_len(opts->log_len, err);
		if (rc)
			return rc;
	}
	if (!(opts->flags & FAMFS_MKFS_DRY_RUN))
		dflags |= FAMFS_DEV_WRITE;
	rc = famfs_dev_open(path, dflags, &dev, err);
	if (rc)
		return rc;
	rc = mkfs_on(dev, path, opts, res, err);
	famfs_dev_close(dev);
	return rc;
}
