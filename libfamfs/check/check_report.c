// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Handing findings to the checker's caller, with a limit per name and
 * severity: a hostile log can make every one of billions of slots wrong
 * in the same way, and neither the caller (which keeps findings until it
 * prints them) nor the time spent formatting should grow with that.
 */
#include <stdarg.h>
#include <stdio.h>

#include "check/check_internal.h"

static unsigned int kind_of(int code)
{
	int c = code < 0 ? -code : code;

	if (c >= FAMFS_E_FIRST && c < FAMFS_E_LAST)
		return (unsigned int)(c - FAMFS_E_FIRST);
	return CHECK_KINDS - 1;
}

/* Bucket of a severity: 0 warning, 1 error, 2 information. */
static unsigned int sev_slot(enum famfs_severity sev)
{
	return sev == FAMFS_SEV_ERROR ? 1 : sev == FAMFS_SEV_INFO ? 2 : 0;
}

static const enum famfs_severity slot_sev[CHECK_SEVS] = {
	FAMFS_SEV_WARNING, FAMFS_SEV_ERROR, FAMFS_SEV_INFO,
};

static void count(struct check_ctx *c, enum famfs_severity sev, uint64_t n)
{
	if (sev == FAMFS_SEV_ERROR)
		c->rep->nerrors += n;
	else if (sev == FAMFS_SEV_WARNING)
		c->rep->nwarnings += n;
}

/* How many of n findings of this kind may still be handed over; the rest are counted. */
static uint64_t take_quota(struct check_ctx *c, int code, enum famfs_severity sev, uint64_t n)
{
	unsigned int k = kind_of(code), s = sev_slot(sev);
	uint64_t left = FAMFS_CHECK_KEEP_PER_NAME - c->shown[k][s];
	uint64_t give = n < left ? n : left;

	count(c, sev, n);
	c->shown[k][s] += give;
	c->more[k][s] += n - give;
	c->rep->nsuppressed += n - give;
	return give;
}

static void hand_over(struct check_ctx *c, int code, enum famfs_severity sev,
		      uint64_t index, const char *path, uint64_t dev, const char *msg,
		      uint64_t more)
{
	struct famfs_finding f = {
		.code = code, .name = famfs_check_name(code), .severity = sev,
		.index = index, .path = path, .msg = msg, .more = more, .device = dev,
	};

	if (c->cb)
		c->cb(c->arg, &f);
}

static void report_v(struct check_ctx *c, int code, enum famfs_severity sev, uint64_t index,
		     const char *path, uint64_t dev, const char *fmt, va_list ap)
{
	char msg[FAMFS_ERROR_MSG_MAX];

	if (!take_quota(c, code, sev, 1))
		return;
	vsnprintf(msg, sizeof(msg), fmt, ap);
	hand_over(c, code, sev, index, path, dev, msg, 0);
}

void check_report(struct check_ctx *c, int code, enum famfs_severity sev,
		  uint64_t index, const char *path, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	report_v(c, code, sev, index, path, FAMFS_CHECK_NO_DEVICE, fmt, ap);
	va_end(ap);
}

void check_report_dev(struct check_ctx *c, int code, enum famfs_severity sev,
		      uint64_t index, const char *path, uint64_t dev, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	report_v(c, code, sev, index, path, dev, fmt, ap);
	va_end(ap);
}

void check_report_run(struct check_ctx *c, int code, enum famfs_severity sev,
		      uint64_t first, uint64_t count, const char *msg)
{
	uint64_t give = take_quota(c, code, sev, count), i;

	for (i = 0; i < give; i++)
		hand_over(c, code, sev, first + i, NULL, FAMFS_CHECK_NO_DEVICE, msg, 0);
}

void check_report_summaries(struct check_ctx *c)
{
	char msg[FAMFS_ERROR_MSG_MAX];
	unsigned int k, s;

	for (k = 0; k < CHECK_KINDS; k++) {
		for (s = 0; s < CHECK_SEVS; s++) {
			uint64_t n = c->more[k][s];
			/* the last kind is -FAMFS_E_LAST, which has the name "other" */
			int code = -(int)(FAMFS_E_FIRST + k);

			if (!n)
				continue;
			snprintf(msg, sizeof(msg), "%llu more like this (only the first %d shown)",
				 (unsigned long long)n, FAMFS_CHECK_KEEP_PER_NAME);
			hand_over(c, code, slot_sev[s], FAMFS_CHECK_NO_INDEX, NULL,
				  FAMFS_CHECK_NO_DEVICE, msg, n);
		}
	}
}
