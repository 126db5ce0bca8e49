// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * SIGBUS guards for mapped reads of image files (see bus_guard.h). The
 * handler is installed only while a guard is active, so a program using
 * the library keeps its own SIGBUS handling outside those calls.
 */
#include <errno.h>
#include <pthread.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "dev/bus_guard.h"

#define MAX_GUARDS	16

static pthread_mutex_t guard_lock = PTHREAD_MUTEX_INITIALIZER;
static struct bus_guard *volatile guards[MAX_GUARDS];
static unsigned int nactive;
static struct sigaction prev_action;

static void on_sigbus(int sig, siginfo_t *si, void *uctx)
{
	uintptr_t a = (uintptr_t)si->si_addr;
	uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE);
	unsigned int i;

	(void)sig;
	(void)uctx;
	for (i = 0; i < MAX_GUARDS; i++) {
		struct bus_guard *g = guards[i];
		uintptr_t from;

		if (!g || a < g->start || a >= g->end)
			continue;
		/* zeros from the faulting page to the end of the range */
		from = a - a % page;
		/* writable: a writer's guarded log may be written after the loss */
		if (mmap((void *)from, g->end - from, PROT_READ | PROT_WRITE,
			 MAP_FIXED | MAP_PRIVATE | MAP_ANONYMOUS, -1, 0) == MAP_FAILED)
			break;
		if (!g->hit || a < g->first)
			g->first = a < g->start ? g->start : a;
		g->hit = 1;
		return;
	}
	/*
	 * Not ours (or no zero page to give): put back the action the process
	 * had; returning re-runs the access, which faults again under it.
	 */
	sigaction(SIGBUS, &prev_action, NULL);
}

int bus_guard_begin(struct bus_guard *g, const void *addr, uint64_t len)
{
	unsigned int i;
	int rc = -EBUSY;

	memset(g, 0, sizeof(*g));
	g->start = (uintptr_t)addr;
	g->end = (uintptr_t)addr + len;
	pthread_mutex_lock(&guard_lock);
	for (i = 0; i < MAX_GUARDS; i++) {
		if (guards[i])
			continue;
		if (nactive == 0) {
			struct sigaction sa;

			memset(&sa, 0, sizeof(sa));
			sa.sa_sigaction = on_sigbus;
			sa.sa_flags = SA_SIGINFO;
			sigemptyset(&sa.sa_mask);
			if (sigaction(SIGBUS, &sa, &prev_action) < 0) {
				rc = -errno;
				break;
			}
		}
		guards[i] = g;
		g->active = 1;
		nactive++;
		rc = 0;
		break;
	}
	pthread_mutex_unlock(&guard_lock);
	return rc;
}

void bus_guard_end(struct bus_guard *g)
{
	unsigned int i;

	if (!g->active)
		return;
	pthread_mutex_lock(&guard_lock);
	for (i = 0; i < MAX_GUARDS; i++)
		if (guards[i] == g)
			guards[i] = NULL;
	g->active = 0;
	if (--nactive == 0)
		sigaction(SIGBUS, &prev_action, NULL);
	pthread_mutex_unlock(&guard_lock);
}

uint64_t bus_guard_first(const struct bus_guard *g)
{
	return (uint64_t)(g->first - g->start);
}
