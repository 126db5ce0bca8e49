/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Internal: the undo file layout (docs/undo-format.md), shared by its writer and reader. */
#ifndef FAMFS_UNDO_INTERNAL_H
#define FAMFS_UNDO_INTERNAL_H

#include <stdint.h>

#define UNDO_MAGIC		0x444e5553464d4146ULL	/* "FAMFSUND" */
#define UNDO_VERSION		1U
#define UNDO_STATE_OPEN		0U
#define UNDO_STATE_SEALED	1U

/* header */
#define UNDO_OFF_MAGIC		0
#define UNDO_OFF_VERSION	8
#define UNDO_OFF_HSIZE		12
#define UNDO_OFF_FS_UUID	16
#define UNDO_OFF_DEV_UUID	32
#define UNDO_OFF_DEV_SIZE	48
#define UNDO_OFF_LOG_OFFSET	56
#define UNDO_OFF_LOG_LEN	64
#define UNDO_OFF_COUNT		72
#define UNDO_OFF_BYTES		80
#define UNDO_OFF_STATE		88
#define UNDO_OFF_CRC		120

/* record header */
#define UNDO_REC_OFF_OFFSET	0
#define UNDO_REC_OFF_LEN	8
#define UNDO_REC_OFF_OLD_CRC	16
#define UNDO_REC_OFF_NEW_CRC	24
#define UNDO_REC_OFF_CRC	32

uint64_t undo_header_crc(const uint8_t *hdr);
/* CRC of a record header, seeded with the header's identity fields. */
uint64_t undo_record_crc(const uint8_t *hdr, const uint8_t *rec);
/* zlib crc32 of any length. */
uint64_t undo_crc(const void *buf, uint64_t len);

#endif
