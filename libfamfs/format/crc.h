/* SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef FAMFS_CRC_H
#define FAMFS_CRC_H

#include <stddef.h>
#include <stdint.h>
#include <zlib.h>

/*
 * Every famfs CRC is zlib's crc32 seeded with crc32(0, NULL, 0), stored
 * zero-extended in a 64-bit field.
 */
static inline uint64_t famfs_crc32(const uint8_t *buf, size_t len)
{
	uLong crc = crc32(0L, Z_NULL, 0);

	return (uint64_t)crc32(crc, buf, (uInt)len);
}

#endif /* FAMFS_CRC_H */
