// SPDX-License-Identifier: GPL-2.0-or-later
/* famfs-cp --progress: bytes done, percent and rate on one line. */
#include <stdio.h>
#include <time.h>
#include <unistd.h>

#include "common.h"
#include "progress.h"

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void draw(const struct progress *p)
{
	double secs = now() - p->start;
	char d[32], t[32], r[32];

	fprintf(stderr, "\r%s of %s (%3.0f%%) at %s/s   ",
		human_size(p->done, d, sizeof(d)), human_size(p->total, t, sizeof(t)),
		p->total ? 100.0 * (double)p->done / (double)p->total : 100.0,
		human_size(secs > 0 ? (uint64_t)((double)p->done / secs) : 0, r, sizeof(r)));
}

void progress_start(struct progress *p, int wanted, uint64_t total)
{
	p->enabled = wanted && isatty(STDERR_FILENO);
	p->total = total;
	p->done = 0;
	p->start = p->last = now();
}

void progress_add(struct progress *p, uint64_t n)
{
	double t;

	p->done += n;
	if (!p->enabled)
		return;
	t = now();
	if (t - p->last < 0.1)
		return;
	p->last = t;
	draw(p);
}

void progress_end(struct progress *p)
{
	if (!p->enabled)
		return;
	draw(p);
	fputc('\n', stderr);
}
