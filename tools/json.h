/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Writing JSON from the tools: strings escaped, nothing else needed. */
#ifndef FAMFS_TOOLS_JSON_H
#define FAMFS_TOOLS_JSON_H

#include <stdio.h>

/*
 * Print s as a JSON string literal: quotes, backslashes and control
 * characters escaped, and bytes that are not valid UTF-8 (paths on a
 * device are arbitrary bytes) written as \u00XX of the byte value.
 * NULL prints null.
 */
void json_string(FILE *out, const char *s);

#endif
