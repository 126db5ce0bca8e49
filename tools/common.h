/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Small helpers shared by the command-line tools (not part of libfamfs). */
#ifndef FAMFS_TOOLS_COMMON_H
#define FAMFS_TOOLS_COMMON_H

#include <stddef.h>
#include <stdio.h>
#include <stdint.h>

/*
 * Parse a size or offset, the one parser of every tool: decimal digits
 * with an optional binary suffix k, m, g or t (either case, optionally
 * followed by "iB" or "B"), or "0x" and hex digits (no suffix). Returns 0,
 * or -1 for anything else, including overflow.
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
 * left alone) and validate it. With across, "N,CHUNK,devices" is taken
 * too (one strip per device of a set: *across is 1, no buckets). Returns
 * 0, or -1 with why filled in.
 */
int parse_stripe_arg(const char *arg, struct famfs_stripe *st, int *across, char *why,
		     size_t len);

/* Print "PROG (famfs-progs) VERSION" on stdout. */
void print_version(const char *prog);

/* Length of the valid UTF-8 sequence at p (1 for ASCII), 0 when it is not one. */
int utf8_seq_len(const unsigned char *p);

/*
 * The one escaping of untrusted text (paths read from a device, and
 * messages that hold them) for a terminal: C0 controls, DEL, C1 controls
 * (raw 0x80-0x9f and U+0080-U+009F in UTF-8), bytes that are not valid
 * UTF-8 and backslashes are printed as \xNN; other UTF-8 passes through.
 */
void fput_printable(const char *s, FILE *out);

/*
 * "PROG: " (unless prog is NULL), the formatted message through
 * fput_printable, and a newline, on out. Every message or line that may
 * carry a path from a device goes through here.
 */
void tool_msg(FILE *out, const char *prog, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/*
 * The one message of every tool for a device without the famfs superblock
 * magic, into buf: "no famfs superblock on DEVICE (magic ... not found...):
 * not a famfs file system, or its superblock is lost". held: the magic
 * found there, when it was read (NULL when not known).
 */
const char *tool_no_famfs_msg(char *buf, size_t len, const char *device,
			      const uint64_t *held);

/*
 * Flush and close standard output; when anything written to it was lost
 * (a full disk, /dev/full) say so on stderr and return -1. Call last.
 */
int tool_close_stdout(const char *prog);

#endif

/*
 * The default undo file of a tool that rewrites DEVICE's log:
 * "$FAMFS_UNDO_DIR (or .)/TOOL-DEVNAME-UUID-TIME.undo", malloc'ed
 * (NULL when out of memory). uuid: the file system's.
 */
#define TOOL_UNDO_DIR_ENV "FAMFS_UNDO_DIR"
char *tool_default_undo_path(const char *tool, const char *device, const uint8_t uuid[16]);
