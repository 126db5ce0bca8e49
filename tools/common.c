// SPDX-License-Identifier: GPL-2.0-or-later
/* Helpers shared by the command-line tools. */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <stdarg.h>

#include <famfs/alloc.h>
#include <famfs/format.h>

#include "common.h"

int tool_usage_error(const char *prog, int code, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", prog);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nTry '%s --help' for more information.\n", prog);
	return code;
}

int parse_stripe_arg(const char *arg, struct famfs_stripe *st, int *across, char *why,
		     size_t len)
{
	struct famfs_error err = { 0 };
	char buf[128], *b, *c;
	uint64_t n, nb = 0;

	snprintf(buf, sizeof(buf), "%s", arg);
	b = strchr(buf, ',');
	if (b)
		*b++ = '\0';
	c = b ? strchr(b, ',') : NULL;
	if (c)
		*c++ = '\0';
	if (across)
		*across = c && !strcmp(c, "devices");
	if (!b || parse_size(buf, &n) || parse_size(b, &st->chunk_size) ||
	    (c && !(across && *across) && parse_size(c, &nb))) {
		snprintf(why, len, "give N,CHUNK[,BUCKETS] as numbers%s",
			 across ? ", or N,CHUNK,devices" : "");
		return -1;
	}
	st->nstrips = n;
	st->nbuckets = nb;
	if (famfs_stripe_validate(st, &err)) {
		snprintf(why, len, "%s", err.msg);
		return -1;
	}
	return 0;
}

static int suffix_shift(const char *s, unsigned int *shift)
{
	static const char units[] = "kmgt";
	const char *u;

	if (*s == '\0') {
		*shift = 0;
		return 0;
	}
	u = strchr(units, tolower((unsigned char)*s));
	if (!u)
		return -1;
	*shift = 10 * (unsigned int)(u - units + 1);
	s++;
	if (!strcasecmp(s, "") || !strcasecmp(s, "b") || !strcasecmp(s, "ib"))
		return 0;
	return -1;
}

/* "0x" and hex digits, nothing after them (a suffix letter would be a digit) */
static int parse_hex(const char *s, uint64_t *out)
{
	unsigned long long v;
	char *end;

	if (!isxdigit((unsigned char)s[2]))
		return -1;
	errno = 0;
	v = strtoull(s + 2, &end, 16);
	if (errno || *end)
		return -1;
	*out = v;
	return 0;
}

int parse_size(const char *s, uint64_t *out)
{
	unsigned long long v;
	unsigned int shift;
	char *end;

	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
		return parse_hex(s, out);
	if (!isdigit((unsigned char)*s))
		return -1;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno || suffix_shift(end, &shift))
		return -1;
	if (shift && v > (UINT64_MAX >> shift))
		return -1;
	*out = (uint64_t)v << shift;
	return 0;
}

const char *human_size(uint64_t bytes, char *buf, size_t len)
{
	static const char *const units[] = { "B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB" };
	double v = (double)bytes;
	unsigned int i = 0;

	while (v >= 1024.0 && i + 1 < sizeof(units) / sizeof(units[0])) {
		v /= 1024.0;
		i++;
	}
	if (i == 0)
		snprintf(buf, len, "%llu B", (unsigned long long)bytes);
	else
		snprintf(buf, len, "%.1f %s", v, units[i]);
	return buf;
}

void print_version(const char *prog)
{
	printf("%s (%s) %s\n", prog, PACKAGE_NAME, PACKAGE_VERSION);
}

int utf8_seq_len(const unsigned char *p)
{
	int n, i;

	if (p[0] < 0x80)
		return 1;
	if (p[0] >= 0xc2 && p[0] <= 0xdf)
		n = 2;
	else if (p[0] >= 0xe0 && p[0] <= 0xef)
		n = 3;
	else if (p[0] >= 0xf0 && p[0] <= 0xf4)
		n = 4;
	else
		return 0;
	for (i = 1; i < n; i++)
		if ((p[i] & 0xc0) != 0x80)
			return 0;
	/* reject overlong forms, surrogates and code points past U+10FFFF */
	if ((p[0] == 0xe0 && p[1] < 0xa0) || (p[0] == 0xed && p[1] >= 0xa0) ||
	    (p[0] == 0xf0 && p[1] < 0x90) || (p[0] == 0xf4 && p[1] >= 0x90))
		return 0;
	return n;
}

/* A terminal acts on these: C0, DEL, and C1 whether raw or UTF-8 encoded. */
static int is_control(const unsigned char *p, int n)
{
	if (n == 1)
		return *p < 0x20 || *p == 0x7f;
	return n == 2 && p[0] == 0xc2 && p[1] < 0xa0;
}

void fput_printable(const char *s, FILE *out)
{
	const unsigned char *p = (const unsigned char *)s;

	while (*p) {
		int n = utf8_seq_len(p), i;

		if (n == 0)
			n = 1;	/* a stray byte: escaped alone */
		else if (!is_control(p, n) && *p != '\\') {
			fwrite(p, 1, (size_t)n, out);
			p += n;
			continue;
		}
		for (i = 0; i < n; i++)
			fprintf(out, "\\x%02x", p[i]);
		p += n;
	}
}

void tool_msg(FILE *out, const char *prog, const char *fmt, ...)
{
	char small[512], *msg = small;
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(small, sizeof(small), fmt, ap);
	va_end(ap);
	if (n >= (int)sizeof(small)) {
		va_start(ap, fmt);
		if (vasprintf(&msg, fmt, ap) < 0)
			msg = small;	/* say what fits */
		va_end(ap);
	}
	if (prog)
		fprintf(out, "%s: ", prog);
	fput_printable(msg, out);
	fputc('\n', out);
	if (msg != small)
		free(msg);
}

const char *tool_no_famfs_msg(char *buf, size_t len, const char *device,
			      const uint64_t *held)
{
	char holds[64] = "";

	if (held)
		snprintf(holds, sizeof(holds), ", it holds 0x%llx", (unsigned long long)*held);
	snprintf(buf, len, "no famfs superblock on %s (magic 0x%llx not found%s): not a famfs "
		 "file system, or its superblock is lost%s", device,
		 (unsigned long long)FAMFS_SB_MAGIC, holds, held && !*held ?
		 " (a zero magic: killed by mkfs.famfs -k, or never made)" : "");
	return buf;
}

int tool_close_stdout(const char *prog)
{
	int lost = ferror(stdout), e = 0;

	if (fflush(stdout)) {
		lost = 1;
		e = errno;
	}
	/* EBADF after a clean flush: stdout was closed and nothing was written */
	if (fclose(stdout) && !lost && errno != EBADF) {
		lost = 1;
		e = errno;
	}
	if (!lost)
		return 0;
	fprintf(stderr, "%s: cannot write to standard output: %s\n", prog,
		e ? strerror(e) : "write error");
	return -1;
}

char *tool_default_undo_path(const char *tool, const char *device, const uint8_t uuid[16])
{
	const char *dir = getenv(TOOL_UNDO_DIR_ENV);
	const char *base = strrchr(device, '/');
	char stamp[32], *path;
	time_t now = time(NULL);
	struct tm tm;

	if (!dir || !*dir)
		dir = ".";
	base = base ? base + 1 : device;
	if (!gmtime_r(&now, &tm) || !strftime(stamp, sizeof(stamp), "%Y%m%dT%H%M%SZ", &tm))
		snprintf(stamp, sizeof(stamp), "%lld", (long long)now);
	if (asprintf(&path, "%s/%s-%s-%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-"
		     "%02x%02x%02x%02x%02x%02x-%s.undo", dir, tool, base, uuid[0], uuid[1],
		     uuid[2], uuid[3], uuid[4], uuid[5], uuid[6], uuid[7], uuid[8], uuid[9],
		     uuid[10], uuid[11], uuid[12], uuid[13], uuid[14], uuid[15], stamp) < 0)
		return NULL;
	return path;
}
