/* SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef FAMFS_UUID_TEXT_H
#define FAMFS_UUID_TEXT_H

#include <stdint.h>
#include <stdio.h>

#include <famfs/format.h>

/* Room for a UUID as text: 36 characters and the NUL. */
#define UUID_TEXT_LEN	37

/* The usual 8-4-4-4-12 lower-case form, for messages and the probe. */
static inline const char *uuid_text(const uint8_t u[FAMFS_UUID_LEN], char s[UUID_TEXT_LEN])
{
	snprintf(s, UUID_TEXT_LEN,
		 "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
		 u[0], u[1], u[2], u[3], u[4], u[5], u[6], u[7], u[8], u[9], u[10], u[11],
		 u[12], u[13], u[14], u[15]);
	return s;
}

#endif
