// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Switch the DAX devices of one run of a tool to devdax and put each one's
 * mode back whatever way the run ends: return from main, exit(), SIGINT or
 * SIGTERM. A tool never leaves a device in a mode the user did not ask for.
 */
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <famfs/famfs.h>
#include <famfs/devset.h>

#include "common.h"
#include "daxmode_guard.h"

/* the primary and up to FAMFS_MAX_DEVICES -d paths (the tools' own bound) */
#define GUARD_MAX	(FAMFS_MAX_DEVICES + 1)

struct guarded {
	char device[PATH_MAX];		/* a copy: the caller's may be freed before exit */
	char name[32];			/* daxX.Y: one device named by two paths is one */
	enum famfs_daxmode orig;	/* the mode to put back */
	int active;			/* may not be in orig: restore at exit */
};

static struct {
	const char *prog;
	struct guarded dev[GUARD_MAX];
	size_t n;
	int end;			/* GUARD_RESTORE or GUARD_END_FAMFS */
	int fail_code;
	int handlers;
	struct sigaction old_int, old_term;
} g;

static void block_signals(sigset_t *old)
{
	sigset_t s;

	sigemptyset(&s);
	sigaddset(&s, SIGINT);
	sigaddset(&s, SIGTERM);
	sigprocmask(SIG_BLOCK, &s, old);
}

/*
 * A message straight to fd 2, formatted on the stack: put_mode() also runs
 * in the signal handler, where stdio could deadlock on a lock the
 * interrupted code holds (famfs-cp prints progress to stderr).
 */
static void say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static void say(const char *fmt, ...)
{
	char buf[1024];
	size_t used, left;
	va_list ap;
	int n;

	n = snprintf(buf, sizeof(buf), "%s: ", g.prog);
	used = n < 0 ? 0 : (size_t)n;
	va_start(ap, fmt);
	n = vsnprintf(buf + used, sizeof(buf) - used, fmt, ap);
	va_end(ap);
	used += n < 0 ? 0 : (size_t)n;
	if (used > sizeof(buf) - 2)
		used = sizeof(buf) - 2;
	buf[used++] = '\n';
	for (left = used; left; ) {
		ssize_t w = write(STDERR_FILENO, buf + (used - left), left);

		if (w <= 0)
			break;
		left -= (size_t)w;
	}
}

/*
 * Put device d in mode to. flags: FAMFS_DAXMODE_NO_SCAN from the signal
 * handler, where this process still maps the device. 0 or -1 (printed).
 */
static int put_mode(const struct guarded *d, enum famfs_daxmode to, unsigned int flags)
{
	struct famfs_error err = { 0 };
	enum famfs_daxmode now;
	char cmd[256];

	if (!famfs_daxmode_set(d->device, to, flags, &err))
		return 0;
	say("%s", err.msg);
	if (famfs_daxmode_get(d->device, &now, NULL, 0, NULL) || now == to)
		return -1;
	if (famfs_daxmode_command(d->name, now, to, cmd, sizeof(cmd)))
		snprintf(cmd, sizeof(cmd), "see DAX MODES in the man page");
	say("%s could not be switched to %s mode: it is in %s mode; fix: %s", d->device,
	    famfs_daxmode_name(to), famfs_daxmode_name(now), cmd);
	return -1;
}

/* Every switched device back to its mode, the last switched first; -1 if one failed. */
static int restore_all(unsigned int flags)
{
	size_t i = g.n;
	int rc = 0;

	while (i--) {
		if (!g.dev[i].active)
			continue;
		g.dev[i].active = 0;
		if (put_mode(&g.dev[i], g.dev[i].orig, flags))
			rc = -1;
	}
	return rc;
}

/*
 * Restore, then let the tool's own handler (or the default action) run:
 * the signal is blocked while this handler runs, so it is delivered again
 * once this returns. The switch writes only to sysfs (open, write, close),
 * and a failure is told with write(2), never stdio.
 */
static void on_signal(int sig)
{
	restore_all(FAMFS_DAXMODE_NO_SCAN);
	sigaction(SIGINT, &g.old_int, NULL);
	sigaction(SIGTERM, &g.old_term, NULL);
	raise(sig);
}

static void on_exit_restore(void)
{
	sigset_t old;
	int rc;

	block_signals(&old);
	rc = restore_all(0);
	sigprocmask(SIG_SETMASK, &old, NULL);
	if (rc) {
		fflush(NULL);
		_exit(g.fail_code);
	}
}

static int refuse(const char *device, const char *name, enum famfs_daxmode mode,
		  const char *driver)
{
	char cmd[256];

	if (mode == FAMFS_DAXMODE_SYSTEM_RAM) {
		tool_msg(stderr, g.prog, "%s is in system-ram mode (driver kmem): its memory is "
			 "online as RAM; famfs-progs never uses or switches it", device);
		return 1;
	}
	if (famfs_daxmode_command(name, mode, FAMFS_DAXMODE_DEVDAX, cmd, sizeof(cmd))) {
		tool_msg(stderr, g.prog, "%s is bound to driver %s, not device_dax or "
			 "fsdev_dax; famfs-progs leaves it alone", device, driver);
		return 1;
	}
	if (mode == FAMFS_DAXMODE_UNBOUND) {
		tool_msg(stderr, g.prog, "%s has no driver (unbound); bind it to device_dax: %s",
			 device, cmd);
		return 1;
	}
	tool_msg(stderr, g.prog, "%s is in famfs mode (driver fsdev_dax), which cannot be "
		 "mapped raw", device);
	tool_msg(stderr, g.prog, "give -M (--set-daxmode) to switch it to devdax for this run "
		 "and back to famfs mode after, or switch it yourself: %s", cmd);
	return 1;
}

static void install_handlers(void)
{
	struct sigaction sa;

	if (g.handlers)
		return;
	g.handlers = 1;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaddset(&sa.sa_mask, SIGINT);
	sigaddset(&sa.sa_mask, SIGTERM);
	sigaction(SIGINT, &sa, &g.old_int);
	sigaction(SIGTERM, &sa, &g.old_term);
	atexit(on_exit_restore);
}

/*
 * Add device to the guarded ones if it is a DAX device with a mode this
 * run can use: 0 (added, or nothing to guard), or 1 after printing why not.
 */
static int add_device(const char *device, int set_daxmode)
{
	struct guarded *d = &g.dev[g.n];
	enum famfs_daxmode mode;
	char driver[64], name[sizeof(d->name)];
	struct stat st;
	size_t i;

	/* images and block devices have no mode; an unknown DAX model opens as before */
	if (g.n == GUARD_MAX || strlen(device) >= sizeof(d->device) ||
	    stat(device, &st) < 0 || !S_ISCHR(st.st_mode) ||
	    famfs_daxmode_get(device, &mode, driver, sizeof(driver), NULL) ||
	    famfs_daxmode_devname(device, name, sizeof(name), NULL))
		return 0;
	for (i = 0; i < g.n; i++)
		if (!strcmp(g.dev[i].name, name))
			return 0;
	if (mode != FAMFS_DAXMODE_DEVDAX && (!set_daxmode || mode != FAMFS_DAXMODE_FAMFS))
		return refuse(device, name, mode, driver);
	strcpy(d->device, device);
	strcpy(d->name, name);
	d->orig = mode;
	d->active = 0;
	g.n++;
	return 0;
}

int daxmode_guard_begin(const char *prog, const char *primary, const char *const *others,
			size_t nothers, int set_daxmode, int end, int fail_code)
{
	struct famfs_error err = { 0 };
	sigset_t old;
	size_t i;
	int rc = 0;

	g.prog = prog;
	g.end = set_daxmode ? end : GUARD_RESTORE;
	g.fail_code = fail_code;
	/* every device is checked before any is switched: a refusal changes nothing */
	if (add_device(primary, set_daxmode))
		return 1;
	for (i = 0; i < nothers; i++)
		if (add_device(others[i], set_daxmode))
			return 1;
	for (i = 0; i < g.n; i++) {
		/* mkfs -M ends in famfs mode; until it succeeds, devdax is what to keep */
		if (g.dev[i].orig == FAMFS_DAXMODE_FAMFS || g.end == GUARD_END_FAMFS)
			install_handlers();
	}
	for (i = 0; i < g.n && !rc; i++) {
		if (g.dev[i].orig != FAMFS_DAXMODE_FAMFS)
			continue;
		/* no signal between the switch and knowing it must be undone */
		block_signals(&old);
		rc = famfs_daxmode_set(g.dev[i].device, FAMFS_DAXMODE_DEVDAX, 0, &err);
		/* on failure the library put back the mode it was in, or says where it is */
		if (rc)
			tool_msg(stderr, prog, "%s", err.msg);
		else
			g.dev[i].active = 1;
		sigprocmask(SIG_SETMASK, &old, NULL);
	}
	/* the devices switched before one that failed go back as the tool exits */
	return rc ? 1 : 0;
}

int daxmode_guard_success(void)
{
	sigset_t old;
	size_t i;
	int rc = 0;

	if (g.end != GUARD_END_FAMFS)
		return 0;
	block_signals(&old);
	for (i = 0; i < g.n; i++) {
		if (!g.dev[i].active && g.dev[i].orig != FAMFS_DAXMODE_DEVDAX)
			continue;
		g.dev[i].active = 0;
		if (put_mode(&g.dev[i], FAMFS_DAXMODE_FAMFS, 0))
			rc = 1;
	}
	sigprocmask(SIG_SETMASK, &old, NULL);
	return rc;
}
