/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * famfs on-media format: superblock, log header and log entries.
 *
 * The structures below are host-side, decoded forms. None of them is ever
 * copied to or from media: famfs_*_encode() and famfs_*_decode() convert
 * field by field, little-endian, at the offsets of the reference format
 * (superblock version 48, on-media format 2.2): docs/format.md in the
 * source tree lists every field.
 */
#ifndef FAMFS_FORMAT_H
#define FAMFS_FORMAT_H

#include <stddef.h>
#include <stdint.h>

#include <famfs/error.h>

#ifdef __cplusplus
extern "C" {
#endif

/* the library is built with -fvisibility=hidden: these are its API */
#pragma GCC visibility push(default)

#define FAMFS_SB_MAGIC		0x87b282ffULL
#define FAMFS_SB_VERSION	48ULL
#define FAMFS_OMF_MAJOR		2U
#define FAMFS_OMF_MINOR		2U
#define FAMFS_STATFS_MAGIC	0x87b282feULL	/* standalone kernel module */
#define FAMFS_FUSE_MAGIC	0x87b282fdULL	/* famfs over FUSE */

#define FAMFS_SB_REGION		(2ULL << 20)	/* superblock occupies 2 MiB */
#define FAMFS_SB_ENCODED_SIZE	200		/* bytes of it that carry data */
#define FAMFS_LOG_OFFSET	(2ULL << 20)
#define FAMFS_ALLOC_UNIT	(2ULL << 20)
#define FAMFS_LOG_LEN_MIN	(8ULL << 20)
#define FAMFS_LOG_LEN_DEFAULT	(8ULL << 20)
#define FAMFS_DEVNAME_LEN	64		/* bytes on media, NUL-padded */

#define FAMFS_SB_FLAG_PRIMARY	(1U << 0)
#define FAMFS_SB_FLAG_SECONDARY	(1U << 1)

#define FAMFS_UUID_LEN		16

struct famfs_superblock {
	uint64_t magic;
	uint64_t version;
	uint64_t log_offset;
	uint64_t log_len;
	uint64_t alloc_unit;
	uint32_t omf_major;
	uint32_t omf_minor;
	uint8_t uuid[FAMFS_UUID_LEN];
	uint8_t dev_uuid[FAMFS_UUID_LEN];
	uint8_t system_uuid[FAMFS_UUID_LEN];
	uint64_t crc;			/* as stored; encode recomputes it */
	uint32_t flags;
	uint64_t dev_size;
	uint8_t daxdev_uuid[FAMFS_UUID_LEN];
	char dev_name[FAMFS_DEVNAME_LEN + 1];	/* always NUL-terminated */
};

/*
 * A fresh superblock: zeroed, then magic, version 48, format 2.2, the log
 * at 2 MiB with log_len bytes, the 2 MiB allocation unit and dev_size.
 * UUIDs and the device name are left for the caller.
 */
void famfs_sb_init(struct famfs_superblock *sb, uint64_t dev_size, uint64_t log_len);

/* CRC of an encoded superblock (bytes 0..95), as stored in its crc field. */
uint64_t famfs_sb_crc(const void *buf, size_t len);

/*
 * Encode sb into buf (at least FAMFS_SB_ENCODED_SIZE bytes). The CRC is
 * computed from the encoded bytes; sb->crc is ignored. Bytes of buf past
 * the encoded size are left alone.
 */
int famfs_sb_encode(const struct famfs_superblock *sb, void *buf, size_t len,
		    struct famfs_error *err);

/*
 * Decode buf into sb. Checks only what decoding needs (buffer length,
 * device name termination); call famfs_sb_validate() for the rest.
 */
int famfs_sb_decode(const void *buf, size_t len, struct famfs_superblock *sb,
		    struct famfs_error *err);

/*
 * Check a decoded superblock: magic, version, OMF version, CRC, geometry.
 * device_size is the size of the device it was read from (0: unknown,
 * skip the device-size checks). Returns the first problem found.
 */
int famfs_sb_validate(const struct famfs_superblock *sb, uint64_t device_size,
		      struct famfs_error *err);

/* Bytes reserved for superblock and log: where the data area starts. */
uint64_t famfs_sb_meta_size(const struct famfs_superblock *sb);

/* ---- log header ---- */

#define FAMFS_LOG_MAGIC		0x0badcafef00dULL
#define FAMFS_LOG_HEADER_SIZE	48
#define FAMFS_LOG_ENTRY_SIZE	544

struct famfs_log_header {
	uint64_t magic;
	uint64_t log_len;
	uint64_t last_index;	/* last usable slot, inclusive */
	uint64_t crc;		/* over magic, log_len, last_index */
	uint64_t next_seqnum;
	uint64_t next_index;	/* first unused slot */
};

/* Number of entry slots in a log of log_len bytes (0 if too small). */
uint64_t famfs_log_slots(uint64_t log_len);

/* A fresh, empty log header for a log of log_len bytes, with its CRC. */
void famfs_log_header_init(struct famfs_log_header *hdr, uint64_t log_len);

uint64_t famfs_log_header_crc(const struct famfs_log_header *hdr);

int famfs_log_header_encode(const struct famfs_log_header *hdr, void *buf,
			    size_t len, struct famfs_error *err);
int famfs_log_header_decode(const void *buf, size_t len,
			    struct famfs_log_header *hdr,
			    struct famfs_error *err);
/*
 * Check magic, CRC, that log_len matches the superblock's (sb_log_len),
 * that last_index matches log_len and that next_index <= last_index + 1.
 */
int famfs_log_header_validate(const struct famfs_log_header *hdr,
			      uint64_t sb_log_len, struct famfs_error *err);

/* Byte offset of slot index from the start of the log. */
static inline uint64_t famfs_log_slot_offset(uint64_t index)
{
	return FAMFS_LOG_HEADER_SIZE + index * FAMFS_LOG_ENTRY_SIZE;
}

/* ---- log entries ---- */

enum famfs_log_entry_type {
	FAMFS_LOG_FILE = 0,
	FAMFS_LOG_MKDIR = 1,
	FAMFS_LOG_DELETE = 2,		/* reserved, never written */
	FAMFS_LOG_ADD_DAXDEV = 3,
};

enum famfs_ext_type {
	FAMFS_EXT_SIMPLE = 0,
	FAMFS_EXT_INTERLEAVE = 1,
};

#define FAMFS_PATH_MAX		80	/* bytes on media, NUL included */
#define FAMFS_MAX_EXTENTS	16
#define FAMFS_MAX_STRIPS	16

#define FAMFS_FILE_FLAG_ALL_RO	(1U << 0)
#define FAMFS_FILE_FLAG_ALL_RW	(1U << 1)

struct famfs_extent {
	uint64_t dev_index;
	uint64_t offset;
	uint64_t len;
};

struct famfs_fmap {
	uint32_t ext_type;		/* enum famfs_ext_type */
	/* simple: number of extents (<= 16); interleaved: always 1 */
	uint32_t count;
	struct famfs_extent ext[FAMFS_MAX_EXTENTS];	/* simple */
	uint64_t nstrips;				/* interleaved */
	uint64_t chunk_size;				/* interleaved */
	struct famfs_extent strips[FAMFS_MAX_STRIPS];	/* interleaved */
};

struct famfs_file_entry {
	uint64_t size;
	uint32_t flags;
	uint32_t uid;
	uint32_t gid;
	uint32_t mode;
	char path[FAMFS_PATH_MAX];	/* NUL-terminated */
	struct famfs_fmap fmap;
};

struct famfs_mkdir_entry {
	uint32_t uid;
	uint32_t gid;
	uint32_t mode;
	char path[FAMFS_PATH_MAX];	/* NUL-terminated */
};

struct famfs_daxdev_entry {
	uint64_t size;
	uint8_t uuid[FAMFS_UUID_LEN];
	uint32_t index;
};

struct famfs_log_entry {
	uint64_t seqnum;
	uint32_t type;			/* enum famfs_log_entry_type */
	uint64_t crc;			/* as stored; encode recomputes it */
	union {
		struct famfs_file_entry file;
		struct famfs_mkdir_entry mkdir;
		struct famfs_daxdev_entry daxdev;
	} u;
};

/* CRC of an encoded entry slot (bytes 0..535). */
uint64_t famfs_log_entry_crc(const void *buf, size_t len);

/*
 * Encode e into a FAMFS_LOG_ENTRY_SIZE slot: the slot is zeroed first
 * (the CRC covers padding), then filled and its CRC computed. Rejects what
 * would not decode: unknown type, path not NUL-terminated, counts over
 * their limits.
 */
int famfs_log_entry_encode(const struct famfs_log_entry *e, void *buf,
			   size_t len, struct famfs_error *err);

/*
 * Decode one slot. Verifies the CRC, the type, path termination and the
 * extent, strip and chunk limits, so that every count in the result can
 * be used as an array bound. Path semantics are checked separately by
 * famfs_path_validate().
 */
int famfs_log_entry_decode(const void *buf, size_t len,
			   struct famfs_log_entry *e, struct famfs_error *err);

/* True if all FAMFS_LOG_ENTRY_SIZE bytes of the slot are zero. */
int famfs_log_slot_is_zero(const void *buf, size_t len);

/*
 * Check a relative famfs path: non-empty, shorter than FAMFS_PATH_MAX, not
 * absolute, no empty, "." or ".." components, no trailing slash.
 */
int famfs_path_validate(const char *path, struct famfs_error *err);

#pragma GCC visibility pop

#ifdef __cplusplus
}
#endif

#endif /* FAMFS_FORMAT_H */
