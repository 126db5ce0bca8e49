// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Switch a DAX device to devdax for one run of a tool and put its mode
 * back whatever way the run ends: return from main, exit(), SIGINT or
 * SIGTERM. A tool never leaves a device in a mode the user did not ask for.
 */
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <famfs/famfs.h>

#include "common.h"
#include "daxmode_guard.h"

static struct {
	const char *prog;
	char device[PATH_MAX];		/* a copy: the caller's may be freed before exit */
	enum famfs_daxmode orig;	/* the mode to put back */
	int active;			/* the device may not be in orig: restore at exit */
	int end;			/* GUARD_RESTORE or GUARD_END_FAMFS */
	int fail_code;
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
 * Put the device in mode to. flags: FAMFS_DAXMODE_NO_SCAN from the signal
 * handler, where this process still maps the device. 0 or -1 (printed).
 */
static int put_mode(enum famfs_daxmode to, unsigned int flags)
{
	struct famfs_error err = { 0 };
	enum famfs_daxmode now;
	char name[32], cmd[256];

	if (!famfs_daxmode_set(g.device, to, flags, &err))
		return 0;
	tool_msg(stderr, g.prog, "%s", err.msg);
	if (famfs_daxmode_get(g.device, &now, NULL, 0, NULL) || now == to)
		return -1;
	if (famfs_daxmode_devname(g.device, name, sizeof(name), NULL) ||
	    famfs_daxmode_command(name, now, to, cmd, sizeof(cmd)))
		snprintf(cmd, sizeof(cmd), "see DAX MODES in the man page");
	tool_msg(stderr, g.prog, "%s could not be switched to %s mode: it is in %s mode; "
		 "fix: %s", g.device, famfs_daxmode_name(to), famfs_daxmode_name(now), cmd);
	return -1;
}

/*
 * Restore, then let the tool's own handler (or the default action) run:
 * the signal is blocked while this handler runs, so it is delivered again
 * once this returns. The switch writes only to sysfs; the message
 * formatting is the one non-async-signal-safe part, on a path that exits.
 */
static void on_signal(int sig)
{
	if (g.active) {
		g.active = 0;
		put_mode(g.orig, FAMFS_DAXMODE_NO_SCAN);
	}
	sigaction(SIGINT, &g.old_int, NULL);
	sigaction(SIGTERM, &g.old_term, NULL);
	raise(sig);
}

static void on_exit_restore(void)
{
	sigset_t old;
	int rc;

	if (!g.active)
		return;
	block_signals(&old);
	g.active = 0;
	rc = put_mode(g.orig, 0);
	sigprocmask(SIG_SETMASK, &old, NULL);
	if (rc) {
		fflush(NULL);
		_exit(g.fail_code);
	}
}

static int refuse(enum famfs_daxmode mode, const char *driver)
{
	char name[32], cmd[256];

	if (mode == FAMFS_DAXMODE_SYSTEM_RAM) {
		tool_msg(stderr, g.prog, "%s is in system-ram mode (driver kmem): its memory is "
			 "online as RAM; famfs-progs never uses or switches it", g.device);
		return 1;
	}
	if (famfs_daxmode_devname(g.device, name, sizeof(name), NULL) ||
	    famfs_daxmode_command(name, mode, FAMFS_DAXMODE_DEVDAX, cmd, sizeof(cmd))) {
		tool_msg(stderr, g.prog, "%s is bound to driver %s, not device_dax or "
			 "fsdev_dax; famfs-progs leaves it alone", g.device, driver);
		return 1;
	}
	if (mode == FAMFS_DAXMODE_UNBOUND) {
		tool_msg(stderr, g.prog, "%s has no driver (unbound); bind it to device_dax: %s",
			 g.device, cmd);
		return 1;
	}
	tool_msg(stderr, g.prog, "%s is in famfs mode (driver fsdev_dax), which cannot be "
		 "mapped raw", g.device);
	tool_msg(stderr, g.prog, "give -M (--set-daxmode) to switch it to devdax for this run "
		 "and back to famfs mode after, or switch it yourself: %s", cmd);
	return 1;
}

static void install_handlers(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaddset(&sa.sa_mask, SIGINT);
	sigaddset(&sa.sa_mask, SIGTERM);
	sigaction(SIGINT, &sa, &g.old_int);
	sigaction(SIGTERM, &sa, &g.old_term);
	atexit(on_exit_restore);
}

int daxmode_guard_begin(const char *prog, const char *device, int set_daxmode, int end,
			int fail_code)
{
	struct famfs_error err = { 0 };
	enum famfs_daxmode mode;
	char driver[64];
	struct stat st;
	sigset_t old;
	int rc;

	g.prog = prog;
	if (snprintf(g.device, sizeof(g.device), "%s", device) >= (int)sizeof(g.device))
		return 0;	/* no such path: the open says so */
	g.end = set_daxmode ? end : GUARD_RESTORE;
	g.fail_code = fail_code;
	/* images and block devices have no mode; an unknown DAX model opens as before */
	if (stat(device, &st) < 0 || !S_ISCHR(st.st_mode) ||
	    famfs_daxmode_get(device, &mode, driver, sizeof(driver), NULL))
		return 0;
	g.orig = mode;
	if (mode == FAMFS_DAXMODE_DEVDAX) {
		/* mkfs -M ends in famfs mode; until it succeeds, devdax is what to keep */
		if (set_daxmode && end == GUARD_END_FAMFS)
			install_handlers();
		return 0;
	}
	if (!set_daxmode || mode != FAMFS_DAXMODE_FAMFS)
		return refuse(mode, driver);
	install_handlers();
	/* no signal between the switch and knowing it must be undone */
	block_signals(&old);
	rc = famfs_daxmode_set(device, FAMFS_DAXMODE_DEVDAX, 0, &err);
	if (rc) {
		/* the library put back the mode it was in, or says where it is */
		tool_msg(stderr, prog, "%s", err.msg);
	} else {
		g.active = 1;
	}
	sigprocmask(SIG_SETMASK, &old, NULL);
	return rc ? 1 : 0;
}

int daxmode_guard_success(void)
{
	sigset_t old;
	int rc = 0;

	if (g.end != GUARD_END_FAMFS || !g.device[0])
		return 0;
	block_signals(&old);
	if (g.active || g.orig == FAMFS_DAXMODE_DEVDAX) {
		g.active = 0;
		rc = put_mode(FAMFS_DAXMODE_FAMFS, 0);
	}
	sigprocmask(SIG_SETMASK, &old, NULL);
	return rc ? 1 : 0;
}
