/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Writing JSON from the tools: strings escaped, nothing else needed. */
#ifndef FAMFS_TOOLS_JSON_H
#define FAMFS_TOOLS_JSON_H

#include <stdio.h>

/*
 * Print s as a JSON string literal: quotes and backslashes escaped,
 * control characters (C0, DEL, and C1 U+0080-U+009F) as \uXXXX, and
 * bytes that are not valid UTF-8 (paths on a device are arbitrary bytes)
 * as \u00XX of the byte value. NULL prints null.
 */
void json_string(FILE *out, const char *s);

#endif
