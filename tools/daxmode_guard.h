/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The tools' side of DAX modes: refuse a device they cannot map, or with
 * -M/--set-daxmode switch it to devdax for the run and put it back after,
 * also on failure, exit() and SIGINT/SIGTERM.
 */
#ifndef FAMFS_TOOLS_DAXMODE_GUARD_H
#define FAMFS_TOOLS_DAXMODE_GUARD_H

/* After the run: back to the mode the device was in (fsck, famfs-cp, famfs-layout). */
#define GUARD_RESTORE		0
/* After a successful run: famfs mode, ready to mount (mkfs -M). */
#define GUARD_END_FAMFS		1

/*
 * Call before the tool opens device. Anything but a DAX character device
 * passes untouched. Returns 0 to go on, or 1 after printing why not (a
 * mode it cannot use, and the command or option that fixes it).
 * fail_code is the exit status when the mode cannot be put back at exit.
 * Call it after installing the tool's own signal handlers: they run after
 * the guard's.
 */
int daxmode_guard_begin(const char *prog, const char *device, int set_daxmode, int end,
			int fail_code);

/*
 * The run succeeded (mkfs with GUARD_END_FAMFS: switch to famfs mode now).
 * Returns 0, or 1 after printing what state the device is in and the fix.
 * Without this call the exit handler puts back the mode it was in.
 */
int daxmode_guard_success(void);

#endif
