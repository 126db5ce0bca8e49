// SPDX-License-Identifier: GPL-2.0-or-later
/* fsck.famfs -C FD: completion lines in the format e2fsck writes for fsck(8). */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "fsck_progress.h"

int fsck_progress_open(struct fsck_progress *p, const char *device, char *why, size_t len)
{
	int fl;

	p->device = device;
	if (!p->wanted)
		return 0;
	if (p->fd == 0) {
		p->bar = isatty(STDOUT_FILENO);
		return 0;
	}
	fl = fcntl(p->fd, F_GETFL);
	if (fl < 0 || (fl & O_ACCMODE) == O_RDONLY) {
		snprintf(why, len, "-C %d: file descriptor %d: %s (give one open for writing)",
			 p->fd, p->fd, fl < 0 ? strerror(errno) : "is open read-only");
		return -1;
	}
	return 0;
}

/* write(2) all of buf; a reader that went away loses its lines, not the check */
static void put_all(int fd, const char *buf, size_t len)
{
	while (len) {
		ssize_t n = write(fd, buf, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return;
		buf += n;
		len -= (size_t)n;
	}
}

void fsck_progress_update(void *arg, int pass, uint64_t done, uint64_t total)
{
	struct fsck_progress *p = arg;
	uint64_t permille;
	char line[64 + 4096];
	int n;

	if (!p->wanted || (p->fd == 0 && !p->bar))
		return;
	/* an empty pass is done at once: a reader divides by the total */
	if (!total)
		done = total = 1;
	permille = done >= total ? 1000 : done / (total / 1000 + 1);
	/* the start and end of each pass, and each thousandth between them */
	if (pass == p->last_pass && (done == p->last_done ||
				     (permille == p->last_permille && done < total)))
		return;
	p->last_pass = pass;
	p->last_permille = permille;
	p->last_done = done;
	if (p->bar) {
		printf("\r%s: pass %d: %3.0f%%", p->device, pass,
		       total ? 100.0 * (double)done / (double)total : 100.0);
		fflush(stdout);
		return;
	}
	n = snprintf(line, sizeof(line), "%d %" PRIu64 " %" PRIu64 " %s\n", pass, done, total,
		     p->device);
	if (n > 0)
		put_all(p->fd, line, (size_t)n < sizeof(line) ? (size_t)n : sizeof(line) - 1);
}

void fsck_progress_end(const struct fsck_progress *p)
{
	if (p->bar) {
		putchar('\n');
		fflush(stdout);
	}
}
