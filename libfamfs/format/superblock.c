// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * famfs superblock: 200 bytes at offset 0 of the device, little-endian.
 * One shape for every on-media structure here: offsets, CRC, encode,
 * decode, validate.
 */
#include <string.h>

#include <famfs/format.h>

#include "format/crc.h"
#include "util/le.h"
#include "format/sb_internal.h"

#define SB_OFF_MAGIC		0
#define SB_OFF_VERSION		8
#define SB_OFF_LOG_OFFSET	16
#define SB_OFF_LOG_LEN		24
#define SB_OFF_ALLOC_UNIT	32
#define SB_OFF_OMF_MAJOR	40
#define SB_OFF_OMF_MINOR	44
#define SB_OFF_UUID		48
#define SB_OFF_DEV_UUID		64
#define SB_OFF_SYSTEM_UUID	80
#define SB_OFF_CRC		96	/* the CRC covers bytes 0..95 */
#define SB_OFF_FLAGS		104
#define SB_OFF_DEV_SIZE		112
#define SB_OFF_DAXDEV_UUID	120
#define SB_OFF_DEV_NAME		136

uint64_t famfs_sb_crc(const void *buf, size_t len)
{
	if (len < SB_OFF_CRC)
		return 0;
	return famfs_crc32(buf, SB_OFF_CRC);
}

int famfs_sb_encode(const struct famfs_superblock *sb, void *buf, size_t len,
		    struct famfs_error *err)
{
	uint8_t *p = buf;
	size_t name_len = strnlen(sb->dev_name, sizeof(sb->dev_name));

	if (len < FAMFS_SB_ENCODED_SIZE)
		return famfs_error_set(err, -FAMFS_E_SHORT_BUFFER,
				       "superblock needs %d bytes, have %zu",
				       FAMFS_SB_ENCODED_SIZE, len);
	if (name_len >= FAMFS_DEVNAME_LEN)
		return famfs_error_set(err, -FAMFS_E_SB_DEVNAME,
				       "device name must be shorter than %d bytes",
				       FAMFS_DEVNAME_LEN);

	memset(p, 0, FAMFS_SB_ENCODED_SIZE);
	put_le64(p + SB_OFF_MAGIC, sb->magic);
	put_le64(p + SB_OFF_VERSION, sb->version);
	put_le64(p + SB_OFF_LOG_OFFSET, sb->log_offset);
	put_le64(p + SB_OFF_LOG_LEN, sb->log_len);
	put_le64(p + SB_OFF_ALLOC_UNIT, sb->alloc_unit);
	put_le32(p + SB_OFF_OMF_MAJOR, sb->omf_major);
	put_le32(p + SB_OFF_OMF_MINOR, sb->omf_minor);
	memcpy(p + SB_OFF_UUID, sb->uuid, FAMFS_UUID_LEN);
	memcpy(p + SB_OFF_DEV_UUID, sb->dev_uuid, FAMFS_UUID_LEN);
	memcpy(p + SB_OFF_SYSTEM_UUID, sb->system_uuid, FAMFS_UUID_LEN);
	put_le64(p + SB_OFF_CRC, famfs_sb_crc(p, len));
	put_le32(p + SB_OFF_FLAGS, sb->flags);
	put_le64(p + SB_OFF_DEV_SIZE, sb->dev_size);
	memcpy(p + SB_OFF_DAXDEV_UUID, sb->daxdev_uuid, FAMFS_UUID_LEN);
	memcpy(p + SB_OFF_DEV_NAME, sb->dev_name, name_len);
	return 0;
}

int famfs_sb_decode(const void *buf, size_t len, struct famfs_superblock *sb,
		    struct famfs_error *err)
{
	const uint8_t *p = buf;

	if (len < FAMFS_SB_ENCODED_SIZE)
		return famfs_error_set(err, -FAMFS_E_SHORT_BUFFER,
				       "superblock needs %d bytes, have %zu",
				       FAMFS_SB_ENCODED_SIZE, len);

	memset(sb, 0, sizeof(*sb));
	sb->magic = get_le64(p + SB_OFF_MAGIC);
	sb->version = get_le64(p + SB_OFF_VERSION);
	sb->log_offset = get_le64(p + SB_OFF_LOG_OFFSET);
	sb->log_len = get_le64(p + SB_OFF_LOG_LEN);
	sb->alloc_unit = get_le64(p + SB_OFF_ALLOC_UNIT);
	sb->omf_major = get_le32(p + SB_OFF_OMF_MAJOR);
	sb->omf_minor = get_le32(p + SB_OFF_OMF_MINOR);
	memcpy(sb->uuid, p + SB_OFF_UUID, FAMFS_UUID_LEN);
	memcpy(sb->dev_uuid, p + SB_OFF_DEV_UUID, FAMFS_UUID_LEN);
	memcpy(sb->system_uuid, p + SB_OFF_SYSTEM_UUID, FAMFS_UUID_LEN);
	sb->crc = get_le64(p + SB_OFF_CRC);
	sb->flags = get_le32(p + SB_OFF_FLAGS);
	sb->dev_size = get_le64(p + SB_OFF_DEV_SIZE);
	memcpy(sb->daxdev_uuid, p + SB_OFF_DAXDEV_UUID, FAMFS_UUID_LEN);
	/* dev_name has one byte more than the media field: always terminated */
	memcpy(sb->dev_name, p + SB_OFF_DEV_NAME, FAMFS_DEVNAME_LEN);
	return 0;
}

static int is_pow2(uint64_t v)
{
	return v && !(v & (v - 1));
}

/* CRC of a decoded superblock, computed by re-encoding its covered fields. */
static uint64_t sb_crc_of(const struct famfs_superblock *sb)
{
	uint8_t buf[FAMFS_SB_ENCODED_SIZE];
	struct famfs_superblock copy = *sb;

	copy.dev_name[0] = '\0';	/* not covered, and may be unterminated */
	famfs_sb_encode(&copy, buf, sizeof(buf), NULL);
	return famfs_sb_crc(buf, sizeof(buf));
}

/* What every role shares: identity, version, CRC and the role bits. */
int sb_validate_header(const struct famfs_superblock *sb, struct famfs_error *err)
{
	uint64_t crc;

	if (sb->magic == 0)
		return famfs_error_set(err, -FAMFS_E_SB_KILLED,
				       "superblock magic is zero: the file system was killed or never made");
	if (sb->magic != FAMFS_SB_MAGIC)
		return famfs_error_set(err, -FAMFS_E_SB_MAGIC,
				       "bad superblock magic 0x%llx (expected 0x%llx)",
				       (unsigned long long)sb->magic,
				       (unsigned long long)FAMFS_SB_MAGIC);
	if (sb->version != FAMFS_SB_VERSION)
		return famfs_error_set(err, -FAMFS_E_SB_VERSION,
				       "superblock version %llu, only %llu is supported",
				       (unsigned long long)sb->version,
				       (unsigned long long)FAMFS_SB_VERSION);
	if (sb->omf_major != FAMFS_OMF_MAJOR)
		return famfs_error_set(err, -FAMFS_E_SB_OMF_MAJOR,
				       "on-media format %u.%u, only major %u is supported",
				       sb->omf_major, sb->omf_minor, FAMFS_OMF_MAJOR);
	if (sb->omf_minor > FAMFS_OMF_MINOR)
		return famfs_error_set(err, -FAMFS_E_SB_OMF_MINOR,
				       "on-media format %u.%u is newer than %u.%u",
				       sb->omf_major, sb->omf_minor,
				       FAMFS_OMF_MAJOR, FAMFS_OMF_MINOR);
	crc = sb_crc_of(sb);
	if (sb->crc != crc)
		return famfs_error_set(err, -FAMFS_E_SB_CRC,
				       "superblock CRC 0x%llx, computed 0x%llx",
				       (unsigned long long)sb->crc,
				       (unsigned long long)crc);
	if (sb->flags & ~(FAMFS_SB_FLAG_PRIMARY | FAMFS_SB_FLAG_SECONDARY) ||
	    (sb->flags & FAMFS_SB_FLAG_PRIMARY && sb->flags & FAMFS_SB_FLAG_SECONDARY))
		return famfs_error_set(err, -FAMFS_E_SB_FLAGS,
				       "superblock flags 0x%x: only one of bit 0 (primary) and bit 1 (secondary) may be set",
				       sb->flags);
	return 0;
}

int famfs_sb_validate(const struct famfs_superblock *sb, uint64_t device_size,
		      struct famfs_error *err)
{
	int rc = sb_validate_header(sb, err);

	if (rc)
		return rc;
	if (sb->flags & FAMFS_SB_FLAG_SECONDARY)
		return famfs_error_set(err, -FAMFS_E_SB_SECONDARY,
				       "this is a secondary device of a multi-device file system: give its primary device");
	if (sb->log_offset != FAMFS_LOG_OFFSET)
		return famfs_error_set(err, -FAMFS_E_SB_LOG_OFFSET,
				       "log offset 0x%llx, expected 0x%llx",
				       (unsigned long long)sb->log_offset,
				       (unsigned long long)FAMFS_LOG_OFFSET);
	if (!is_pow2(sb->log_len) || sb->log_len < FAMFS_LOG_LEN_MIN)
		return famfs_error_set(err, -FAMFS_E_SB_LOG_LEN,
				       "log length %llu is not a power of two of at least %llu",
				       (unsigned long long)sb->log_len,
				       (unsigned long long)FAMFS_LOG_LEN_MIN);
	if (sb->alloc_unit != FAMFS_ALLOC_UNIT)
		return famfs_error_set(err, -FAMFS_E_SB_ALLOC_UNIT,
				       "allocation unit %llu, expected %llu",
				       (unsigned long long)sb->alloc_unit,
				       (unsigned long long)FAMFS_ALLOC_UNIT);
	/* decode keeps an extra byte: 64 characters means no NUL on media */
	if (strnlen(sb->dev_name, sizeof(sb->dev_name)) >= FAMFS_DEVNAME_LEN)
		return famfs_error_set(err, -FAMFS_E_SB_DEVNAME,
				       "device name has no NUL within %d bytes",
				       FAMFS_DEVNAME_LEN);
	/* log_len <= 2^63 here (power of two), so this sum cannot wrap */
	if (sb->dev_size < famfs_sb_meta_size(sb))
		return famfs_error_set(err, -FAMFS_E_SB_DEV_SIZE,
				       "recorded device size %llu is smaller than superblock and log (%llu)",
				       (unsigned long long)sb->dev_size,
				       (unsigned long long)famfs_sb_meta_size(sb));
	if (device_size && sb->dev_size > device_size)
		return famfs_error_set(err, -FAMFS_E_SB_DEV_SIZE,
				       "recorded device size %llu is larger than the device (%llu)",
				       (unsigned long long)sb->dev_size,
				       (unsigned long long)device_size);
	return 0;
}

uint64_t famfs_sb_meta_size(const struct famfs_superblock *sb)
{
	uint64_t end;

	/* an unvalidated superblock may hold anything: saturate, never wrap */
	if (__builtin_add_overflow(sb->log_offset, sb->log_len, &end))
		return UINT64_MAX;
	return end;
}

void famfs_sb_init(struct famfs_superblock *sb, uint64_t dev_size, uint64_t log_len)
{
	memset(sb, 0, sizeof(*sb));
	sb->magic = FAMFS_SB_MAGIC;
	sb->version = FAMFS_SB_VERSION;
	sb->log_offset = FAMFS_LOG_OFFSET;
	sb->log_len = log_len;
	sb->alloc_unit = FAMFS_ALLOC_UNIT;
	sb->omf_major = FAMFS_OMF_MAJOR;
	sb->omf_minor = FAMFS_OMF_MINOR;
	sb->dev_size = dev_size;
}
