/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Small helpers shared by the command-line tools (not part of libfamfs). */
#ifndef FAMFS_TOOLS_COMMON_H
#define FAMFS_TOOLS_COMMON_H

#include <stddef.h>
#include <stdio.h>
#include <stdint.h>

/*
 * Parse a size: decimal digits with an optional binary suffix k, m, g or t
 * (either case, optionally followed by "iB" or "B"). Returns 0, or -1 for
 * anything else, including overflow.
 */
int parse_size(const char *s, uint64_t *out);

/* "1.5 GiB": bytes in the largest binary unit that fits, in buf. */
const char *human_size(uint64_t bytes, char *buf, size_t len);

/*
 * Print "PROG: message" and the --help hint on stderr; returns code (the
 * tool's usage-error exit status).
 */
int tool_usage_error(const char *prog, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

struct famfs_stripe;
/*
 * Parse "N,CHUNK[,BUCKETS]" (sizes with suffixes) into st (its seed is
 * left alone) and validate it. Returns 0, or -1 with why filled in.
 */
int parse_stripe_arg(const char *arg, struct famfs_stripe *st, char *why, size_t len);

/* Print "PROG (famfs-progs) VERSION" on stdout. */
void print_version(const char *prog);

/*
 * Print s with control characters and backslashes as \xNN: names read
 * from a device are untrusted and must not drive the terminal.
 */
void fput_printable(const char *s, FILE *out);

#endif
