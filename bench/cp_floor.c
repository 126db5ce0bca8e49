// SPDX-License-Identifier: GPL-2.0-or-later
#include <dirent.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bench_util.h"
#include "cp_floor.h"

#define UNIT (2ULL << 20)
#define MAX_THREADS 8

struct floor_job {
	int dirfd, img, nthreads, id, failed;
	char **names;
	size_t n;
};

static void *floor_worker(void *arg)
{
	struct floor_job *j = arg;
	char buf[4096];
	struct stat st;
	size_t i;

	for (i = (size_t)j->id; i < j->n; i += (size_t)j->nthreads) {
		int fd = openat(j->dirfd, j->names[i], O_RDONLY | O_NOFOLLOW | O_NONBLOCK);
		ssize_t got;

		if (fd < 0 || fstat(fd, &st)) {
			j->failed = 1;
			if (fd >= 0)
				close(fd);
			continue;
		}
		got = read(fd, buf, sizeof(buf));
		close(fd);
		/* past the metadata a famfs image would hold: one unit per file */
		if (got < 0 || pwrite(j->img, buf, (size_t)got, (off_t)((i + 8) * UNIT)) != got)
			j->failed = 1;
	}
	return NULL;
}

static size_t list_names(const char *dir, char ***names)
{
	size_t n = 0, cap = 0;
	struct dirent *d;
	DIR *dh = opendir(dir);

	*names = NULL;
	if (!dh)
		return 0;
	while ((d = readdir(dh))) {
		if (d->d_name[0] == '.')
			continue;
		if (n == cap) {
			char **more = realloc(*names, (cap ? cap * 2 : 1024) * sizeof(*more));

			if (!more)
				break;
			*names = more;
			cap = cap ? cap * 2 : 1024;
		}
		(*names)[n] = strdup(d->d_name);
		if ((*names)[n])
			n++;
	}
	closedir(dh);
	return n;
}

double cp_floor(const char *dir, const char *img, int nthreads)
{
	struct floor_job jobs[MAX_THREADS];
	pthread_t th[MAX_THREADS];
	char **names;
	double t0, t = -1;
	size_t n, i;
	int started[MAX_THREADS] = { 0 };
	int k, dirfd, imgfd, failed = 0;

	if (nthreads < 1 || nthreads > MAX_THREADS)
		return -1;
	t0 = bench_now();
	n = list_names(dir, &names);
	dirfd = open(dir, O_RDONLY | O_DIRECTORY);
	imgfd = open(img, O_WRONLY);
	if (n && dirfd >= 0 && imgfd >= 0) {
		for (k = 0; k < nthreads; k++) {
			jobs[k] = (struct floor_job){ dirfd, imgfd, nthreads, k, 0, names, n };
			started[k] = !pthread_create(&th[k], NULL, floor_worker, &jobs[k]);
			if (!started[k])
				floor_worker(&jobs[k]);	/* no thread: do its share here */
		}
		for (k = 0; k < nthreads; k++) {
			if (started[k])
				pthread_join(th[k], NULL);
			failed |= jobs[k].failed;
		}
		if (!failed && !fdatasync(imgfd))
			t = bench_now() - t0;
	}
	if (dirfd >= 0)
		close(dirfd);
	if (imgfd >= 0)
		close(imgfd);
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	return t;
}
