/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The tools' side of DAX modes: refuse a device they cannot map, or with
 * -M/--set-daxmode switch it to devdax for the run and put it back after,
 * also on failure, exit() and SIGINT/SIGTERM. A run may use several DAX
 * devices (the members of a device set): each is guarded alike.
 */
#ifndef FAMFS_TOOLS_DAXMODE_GUARD_H
#define FAMFS_TOOLS_DAXMODE_GUARD_H

#include <stddef.h>

/* After the run: back to the mode each device was in (fsck, famfs-cp, famfs-layout). */
#define GUARD_RESTORE		0
/* After a successful run: every device in famfs mode, ready to mount (mkfs -M). */
#define GUARD_END_FAMFS		1

/*
 * Call once, before the tool opens any device, with every device it will
 * use: primary, then others (its -d paths; mkfs' secondaries), nothers of
 * them (others may be NULL when 0). Anything but a DAX character device
 * passes untouched; a device named twice is guarded once. Every device is
 * checked before any is switched. Returns 0 to go on, or 1 after printing
 * why not (a mode it cannot use, and the command or option that fixes
 * it); devices already switched are put back as the tool exits.
 * fail_code is the exit status when a mode cannot be put back at exit.
 * Call it after installing the tool's own signal handlers: they run after
 * the guard's.
 */
int daxmode_guard_begin(const char *prog, const char *primary, const char *const *others,
			size_t nothers, int set_daxmode, int end, int fail_code);

/*
 * The run succeeded (mkfs with GUARD_END_FAMFS: switch every device to
 * famfs mode now). Returns 0, or 1 after printing what state a device is
 * in and the fix. Without this call the exit handler puts back the modes
 * they were in.
 */
int daxmode_guard_success(void);

#endif
