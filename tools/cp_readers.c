// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * famfs-cp's read-ahead threads. Most of the time of copying many small
 * files goes to system calls on the sources (lstat, open, fstat, read,
 * close); these run on several threads while the main thread allocates,
 * writes the device and queues log entries, one file after the other.
 *
 * One lock guards the pool. Threads take up the items of the active run
 * in order; an item holding data counts against CP_READ_BUDGET until the
 * main thread releases it, so memory stays bounded whatever the tree. The
 * main thread never waits for the budget: an item no thread has taken up
 * yet it does itself.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cp_readers.h"

#define CP_READERS_MAX	4
/* Items a thread takes up at once: one lock round for many files. */
#define CLAIM_CHUNK	16

struct cp_readers {
	pthread_mutex_t lock;
	pthread_cond_t work;		/* for threads: a run, budget, or stop */
	pthread_cond_t done;		/* for the main thread: an item done, or idle */
	struct cp_read_run *run;	/* the active run, or NULL */
	uint64_t held;			/* bytes read ahead and not released (atomic) */
	int starved;			/* a thread stopped at the budget (atomic) */
	int waiting;			/* the main thread waits: for an item, or idle threads */
	unsigned int busy;		/* threads inside a job */
	int stop;
	unsigned int nthreads;
	pthread_t threads[CP_READERS_MAX];
};

int cp_open_planned(int dirfd, const char *name, int flags, const struct stat *want,
		    struct stat *now, enum cp_read_fail *fail, int *sys_errno)
{
	int fd = openat(dirfd, name, flags | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);

	if (fd < 0) {
		*sys_errno = errno;
		*fail = errno == ELOOP ? CP_READ_LINK : CP_READ_ERRNO;
		return -1;
	}
	if (fstat(fd, now) || now->st_dev != want->st_dev || now->st_ino != want->st_ino ||
	    (now->st_mode & S_IFMT) != (want->st_mode & S_IFMT)) {
		close(fd);
		*fail = CP_READ_REPLACED;
		return -1;
	}
	return fd;
}

const char *cp_read_fail_msg(enum cp_read_fail fail, int sys_errno)
{
	switch (fail) {
	case CP_READ_OK:
		return "no error";
	case CP_READ_LINK:
		return "was replaced by a symbolic link since it was planned; not followed";
	case CP_READ_REPLACED:
		return "was replaced by another file since it was planned; try again";
	case CP_READ_RESIZED:
		return "changed size since it was planned; try again";
	case CP_READ_SHRANK:
		return "shrank while it was read; try again";
	case CP_READ_ERRNO:
		break;
	}
	return strerror(sys_errno);
}

static void set_fail(struct cp_read_item *it, enum cp_read_fail fail, int sys_errno)
{
	it->fail = fail;
	it->sys_errno = sys_errno;
}

/* Exactly want.st_size bytes of the planned file, which must still be it. */
static void read_planned(int dirfd, struct cp_read_item *it)
{
	size_t size = (size_t)it->want.st_size, got = 0;
	int fd = cp_open_planned(dirfd, it->name, O_RDONLY, &it->want, &it->st, &it->fail,
				 &it->sys_errno);

	if (fd < 0)
		return;
	if (it->st.st_size != it->want.st_size) {
		set_fail(it, CP_READ_RESIZED, 0);
		goto out;
	}
	if (size && !(it->data = malloc(size))) {
		set_fail(it, CP_READ_ERRNO, ENOMEM);
		goto out;
	}
	while (got < size) {
		ssize_t n = pread(fd, it->data + got, size - got, (off_t)got);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			set_fail(it, n ? CP_READ_ERRNO : CP_READ_SHRANK, n ? errno : 0);
			free(it->data);
			it->data = NULL;
			break;
		}
		got += (size_t)n;
	}
out:
	close(fd);
}

static void lstat_item(int dirfd, struct cp_read_item *it)
{
	if (fstatat(dirfd, it->name, &it->st, AT_SYMLINK_NOFOLLOW))
		set_fail(it, CP_READ_ERRNO, errno);
}

/* Hold bytes of the budget, if it has them. */
static int reserve(struct cp_readers *r, uint64_t bytes)
{
	if (__atomic_add_fetch(&r->held, bytes, __ATOMIC_RELAXED) <= CP_READ_BUDGET)
		return 0;
	__atomic_sub_fetch(&r->held, bytes, __ATOMIC_RELAXED);
	return -1;
}

/*
 * The plan's look at a file its directory lists as regular. Its fstat is
 * the plan's record, so bytes read from the same fd are the planned
 * file's, with no window for a swap. Whatever cannot be opened or read
 * here is planned from its lstat and read (or refused) by the real pass.
 */
static void plan_read(struct cp_readers *r, const struct cp_read_run *run,
		      struct cp_read_item *it)
{
	int fd = openat(run->dirfd, it->name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	size_t size, got = 0;

	if (fd < 0 || fstat(fd, &it->st)) {
		if (fd >= 0)
			close(fd);
		lstat_item(run->dirfd, it);
		return;
	}
	size = (size_t)it->st.st_size;
	if (!S_ISREG(it->st.st_mode) || it->st.st_size > CP_READ_AHEAD_MAX || !size ||
	    (it->st.st_dev == run->image->st_dev && it->st.st_ino == run->image->st_ino) ||
	    reserve(r, size))
		goto out;
	it->bytes = size;
	it->data = malloc(size);
	while (it->data && got < size) {
		ssize_t n = pread(fd, it->data + got, size - got, (off_t)got);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		got += (size_t)n;
	}
	if (got < size) {
		free(it->data);
		it->data = NULL;
	}
out:
	close(fd);
}

static void do_job(struct cp_readers *r, const struct cp_read_run *run, struct cp_read_item *it)
{
	if (it->job == CP_JOB_LSTAT)
		lstat_item(run->dirfd, it);
	else if (it->job == CP_JOB_PLAN_READ)
		plan_read(r, run, it);
	else if (it->job == CP_JOB_READ)
		read_planned(run->dirfd, it);
}

/* What a job holds of the budget from the start: the planned size it reads. */
static uint64_t cost(const struct cp_read_item *it)
{
	return it->job == CP_JOB_READ ? (uint64_t)it->want.st_size : 0;
}

/* Under the lock: item it taken up by whoever does it. */
static void take_up(struct cp_readers *r, struct cp_read_run *run, struct cp_read_item *it)
{
	run->next++;
	it->bytes = cost(it);
	__atomic_add_fetch(&r->held, it->bytes, __ATOMIC_RELAXED);
}

static int is_done(struct cp_read_item *it)
{
	return __atomic_load_n(&it->done, __ATOMIC_ACQUIRE);
}

/*
 * Under the lock: take up to CLAIM_CHUNK items of the active run, within
 * the budget; returns how many (from *first on). Items with nothing to do
 * are marked done on the way.
 */
static size_t claim(struct cp_readers *r, size_t *first)
{
	struct cp_read_run *run = r->run;
	size_t n = 0;

	if (!run)
		return 0;
	while (run->next < run->n && run->items[run->next].job == CP_JOB_NONE)
		__atomic_store_n(&run->items[run->next++].done, 1, __ATOMIC_RELEASE);
	*first = run->next;
	while (n < CLAIM_CHUNK && run->next < run->n) {
		uint64_t c = cost(&run->items[run->next]);

		if (__atomic_load_n(&r->held, __ATOMIC_RELAXED) + c > CP_READ_BUDGET) {
			__atomic_store_n(&r->starved, 1, __ATOMIC_RELAXED);
			break;
		}
		take_up(r, run, &run->items[run->next]);
		n++;
	}
	return n;
}

static void *reader_main(void *arg)
{
	struct cp_readers *r = arg;
	size_t first, n, i;
	struct cp_read_run *run;

	pthread_mutex_lock(&r->lock);
	while (!r->stop) {
		n = claim(r, &first);
		if (!n) {
			pthread_cond_wait(&r->work, &r->lock);
			continue;
		}
		run = r->run;
		r->busy++;
		pthread_mutex_unlock(&r->lock);
		for (i = first; i < first + n; i++)
			do_job(r, run, &run->items[i]);
		pthread_mutex_lock(&r->lock);
		for (i = first; i < first + n; i++)
			__atomic_store_n(&run->items[i].done, 1, __ATOMIC_RELEASE);
		r->busy--;
		if (r->waiting)
			pthread_cond_broadcast(&r->done);
	}
	pthread_mutex_unlock(&r->lock);
	return NULL;
}

static unsigned int thread_count(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	return n < 1 ? 1 : n > CP_READERS_MAX ? CP_READERS_MAX : (unsigned int)n;
}

struct cp_readers *cp_readers_new(void)
{
	struct cp_readers *r = calloc(1, sizeof(*r));
	unsigned int want = thread_count();
	sigset_t all, old;

	if (!r)
		return NULL;
	pthread_mutex_init(&r->lock, NULL);
	pthread_cond_init(&r->work, NULL);
	pthread_cond_init(&r->done, NULL);
	/* signals stay with the main thread */
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	/* fewer threads (even none) only make it slower: the main thread does what is left */
	while (r->nthreads < want &&
	       !pthread_create(&r->threads[r->nthreads], NULL, reader_main, r))
		r->nthreads++;
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	return r;
}

void cp_readers_free(struct cp_readers *r)
{
	unsigned int i;

	if (!r)
		return;
	pthread_mutex_lock(&r->lock);
	r->stop = 1;
	r->run = NULL;
	pthread_cond_broadcast(&r->work);
	pthread_mutex_unlock(&r->lock);
	for (i = 0; i < r->nthreads; i++)
		pthread_join(r->threads[i], NULL);
	pthread_cond_destroy(&r->work);
	pthread_cond_destroy(&r->done);
	pthread_mutex_destroy(&r->lock);
	free(r);
}

void cp_readers_run(struct cp_readers *r, struct cp_read_run *run)
{
	pthread_mutex_lock(&r->lock);
	r->run = run;
	pthread_cond_broadcast(&r->work);
	pthread_mutex_unlock(&r->lock);
}

struct cp_read_item *cp_readers_take(struct cp_readers *r, size_t i)
{
	struct cp_read_run *run = r->run;
	struct cp_read_item *it = &run->items[i];

	if (is_done(it))
		return it;
	pthread_mutex_lock(&r->lock);
	while (run->next < i && run->items[run->next].job == CP_JOB_NONE)
		__atomic_store_n(&run->items[run->next++].done, 1, __ATOMIC_RELEASE);
	if (run->next == i) {
		/* no thread has it: do it here rather than wait */
		take_up(r, run, it);
		pthread_mutex_unlock(&r->lock);
		do_job(r, run, it);
		__atomic_store_n(&it->done, 1, __ATOMIC_RELEASE);
		return it;
	}
	/* a thread has it: work further ahead meanwhile, wait only when nothing is left */
	while (!is_done(it)) {
		size_t first, n = claim(r, &first), k;

		if (!n) {
			r->waiting = 1;
			pthread_cond_wait(&r->done, &r->lock);
			r->waiting = 0;
			continue;
		}
		pthread_mutex_unlock(&r->lock);
		for (k = first; k < first + n; k++)
			do_job(r, run, &run->items[k]);
		pthread_mutex_lock(&r->lock);
		for (k = first; k < first + n; k++)
			__atomic_store_n(&run->items[k].done, 1, __ATOMIC_RELEASE);
	}
	pthread_mutex_unlock(&r->lock);
	return it;
}

void cp_readers_release(struct cp_readers *r, struct cp_read_item *it)
{
	free(it->data);
	it->data = NULL;
	cp_readers_give_back(r, it->bytes);
	it->bytes = 0;
}

void cp_readers_give_back(struct cp_readers *r, uint64_t bytes)
{
	__atomic_sub_fetch(&r->held, bytes, __ATOMIC_RELAXED);
	/* wake the threads only when the budget held them back */
	if (__atomic_load_n(&r->starved, __ATOMIC_RELAXED)) {
		pthread_mutex_lock(&r->lock);
		__atomic_store_n(&r->starved, 0, __ATOMIC_RELAXED);
		pthread_cond_broadcast(&r->work);
		pthread_mutex_unlock(&r->lock);
	}
}

void cp_readers_halt(struct cp_readers *r)
{
	pthread_mutex_lock(&r->lock);
	r->run = NULL;
	r->waiting = 1;
	while (r->busy)
		pthread_cond_wait(&r->done, &r->lock);
	r->waiting = 0;
	pthread_mutex_unlock(&r->lock);
}
