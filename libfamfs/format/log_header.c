// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * famfs log header: 48 bytes at the start of the log, little-endian.
 * Entry slots of FAMFS_LOG_ENTRY_SIZE bytes follow it.
 */
#include <string.h>

#include <famfs/format.h>

#include "format/crc.h"
#include "util/le.h"

#define LH_OFF_MAGIC		0
#define LH_OFF_LOG_LEN		8
#define LH_OFF_LAST_INDEX	16
#define LH_OFF_CRC		24	/* covers magic, log_len, last_index */
#define LH_OFF_NEXT_SEQNUM	32
#define LH_OFF_NEXT_INDEX	40

uint64_t famfs_log_slots(uint64_t log_len)
{
	if (log_len < FAMFS_LOG_HEADER_SIZE + FAMFS_LOG_ENTRY_SIZE)
		return 0;
	return (log_len - FAMFS_LOG_HEADER_SIZE) / FAMFS_LOG_ENTRY_SIZE;
}

uint64_t famfs_log_header_crc(const struct famfs_log_header *hdr)
{
	uint8_t buf[LH_OFF_CRC];

	put_le64(buf + LH_OFF_MAGIC, hdr->magic);
	put_le64(buf + LH_OFF_LOG_LEN, hdr->log_len);
	put_le64(buf + LH_OFF_LAST_INDEX, hdr->last_index);
	return famfs_crc32(buf, sizeof(buf));
}

void famfs_log_header_init(struct famfs_log_header *hdr, uint64_t log_len)
{
	memset(hdr, 0, sizeof(*hdr));
	hdr->magic = FAMFS_LOG_MAGIC;
	hdr->log_len = log_len;
	hdr->last_index = famfs_log_slots(log_len) - 1;
	hdr->crc = famfs_log_header_crc(hdr);
}

int famfs_log_header_encode(const struct famfs_log_header *hdr, void *buf,
			    size_t len, struct famfs_error *err)
{
	uint8_t *p = buf;

	if (len < FAMFS_LOG_HEADER_SIZE)
		return famfs_error_set(err, -FAMFS_E_SHORT_BUFFER,
				       "log header needs %d bytes, have %zu",
				       FAMFS_LOG_HEADER_SIZE, len);
	put_le64(p + LH_OFF_MAGIC, hdr->magic);
	put_le64(p + LH_OFF_LOG_LEN, hdr->log_len);
	put_le64(p + LH_OFF_LAST_INDEX, hdr->last_index);
	put_le64(p + LH_OFF_CRC, famfs_log_header_crc(hdr));
	put_le64(p + LH_OFF_NEXT_SEQNUM, hdr->next_seqnum);
	put_le64(p + LH_OFF_NEXT_INDEX, hdr->next_index);
	return 0;
}

int famfs_log_header_decode(const void *buf, size_t len,
			    struct famfs_log_header *hdr,
			    struct famfs_error *err)
{
	const uint8_t *p = buf;

	if (len < FAMFS_LOG_HEADER_SIZE)
		return famfs_error_set(err, -FAMFS_E_SHORT_BUFFER,
				       "log header needs %d bytes, have %zu",
				       FAMFS_LOG_HEADER_SIZE, len);
	hdr->magic = get_le64(p + LH_OFF_MAGIC);
	hdr->log_len = get_le64(p + LH_OFF_LOG_LEN);
	hdr->last_index = get_le64(p + LH_OFF_LAST_INDEX);
	hdr->crc = get_le64(p + LH_OFF_CRC);
	hdr->next_seqnum = get_le64(p + LH_OFF_NEXT_SEQNUM);
	hdr->next_index = get_le64(p + LH_OFF_NEXT_INDEX);
	return 0;
}

int famfs_log_header_validate(const struct famfs_log_header *hdr,
			      uint64_t sb_log_len, struct famfs_error *err)
{
	uint64_t crc = famfs_log_header_crc(hdr);
	uint64_t slots;

	if (hdr->magic != FAMFS_LOG_MAGIC)
		return famfs_error_set(err, -FAMFS_E_LOG_MAGIC,
				       "bad log magic 0x%llx (expected 0x%llx)",
				       (unsigned long long)hdr->magic,
				       (unsigned long long)FAMFS_LOG_MAGIC);
	if (hdr->crc != crc)
		return famfs_error_set(err, -FAMFS_E_LOG_CRC,
				       "log header CRC 0x%llx, computed 0x%llx",
				       (unsigned long long)hdr->crc,
				       (unsigned long long)crc);
	if (hdr->log_len != sb_log_len)
		return famfs_error_set(err, -FAMFS_E_LOG_LEN,
				       "log header length %llu, superblock says %llu",
				       (unsigned long long)hdr->log_len,
				       (unsigned long long)sb_log_len);
	slots = famfs_log_slots(hdr->log_len);
	if (slots == 0 || hdr->last_index != slots - 1)
		return famfs_error_set(err, -FAMFS_E_LOG_LAST_INDEX,
				       "log last index %llu, a %llu-byte log has %llu slots",
				       (unsigned long long)hdr->last_index,
				       (unsigned long long)hdr->log_len,
				       (unsigned long long)slots);
	if (hdr->next_index > slots)
		return famfs_error_set(err, -FAMFS_E_LOG_NEXT_INDEX,
				       "log next index %llu is past the last slot %llu",
				       (unsigned long long)hdr->next_index,
				       (unsigned long long)hdr->last_index);
	return 0;
}
