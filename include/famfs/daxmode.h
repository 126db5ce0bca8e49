/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The mode of a DAX device: which kernel driver it is bound to, as sysfs
 * tells (/sys/bus/dax/devices/daxX.Y/driver), and switching between the
 * raw mode famfs-progs maps (devdax) and the mode famfs mounts need
 * (famfs, the fsdev_dax driver of Linux 7.1 and later).
 */
#ifndef FAMFS_DAXMODE_H
#define FAMFS_DAXMODE_H

#include <stddef.h>

#include <famfs/error.h>

#ifdef __cplusplus
extern "C" {
#endif

#pragma GCC visibility push(default)

enum famfs_daxmode {
	FAMFS_DAXMODE_UNKNOWN = 0,	/* bound to a driver not listed here */
	FAMFS_DAXMODE_UNBOUND,		/* no driver: the device node gives ENXIO */
	FAMFS_DAXMODE_DEVDAX,		/* device_dax: mappable raw */
	FAMFS_DAXMODE_FAMFS,		/* fsdev_dax: for a famfs mount, not mappable raw */
	FAMFS_DAXMODE_SYSTEM_RAM,	/* kmem: the memory is online as RAM */
};

/*
 * Test only: a directory that stands for "/" wherever the daxmode calls
 * look at /sys, /proc and /dev, so tests can run on a fake tree. Ignored
 * in set-user-ID programs. Never set it on a real system.
 */
#define FAMFS_SYSFS_ROOT_ENV "FAMFS_SYSFS_ROOT"

/* How long famfs_daxmode_set waits for the device to come up, at most. */
#define FAMFS_DAXMODE_WAIT_MS 5000

/* Flags of famfs_daxmode_set. */
enum {
	/*
	 * Do not look through /proc for processes that map the device or
	 * famfs mounts of it: for a signal handler putting a mode back (the
	 * scan uses stdio and opendir, which allocate).
	 */
	FAMFS_DAXMODE_NO_SCAN = 1u << 0,
};

/* "devdax", "famfs", "system-ram", "unbound" or "unknown". */
const char *famfs_daxmode_name(enum famfs_daxmode mode);

/* The kernel driver of a mode ("device_dax", ...), NULL for unbound and unknown. */
const char *famfs_daxmode_driver(enum famfs_daxmode mode);

/*
 * The sysfs name ("dax0.0") of a DAX device given as a device node path
 * (resolved through its major:minor) or as a bare daxX.Y name. Returns 0,
 * -ENODEV when it is not a DAX device sysfs knows, or another -errno.
 */
int famfs_daxmode_devname(const char *device, char *name, size_t len,
			  struct famfs_error *err);

/*
 * The mode of a DAX device (a path or a daxX.Y name). When driver is not
 * NULL it receives the driver's name ("" when unbound).
 */
int famfs_daxmode_get(const char *device, enum famfs_daxmode *mode, char *driver,
		      size_t driver_len, struct famfs_error *err);

/*
 * Switch a DAX device to FAMFS_DAXMODE_DEVDAX or FAMFS_DAXMODE_FAMFS and
 * wait (FAMFS_DAXMODE_WAIT_MS at most) until it is usable in that mode.
 * A device already in that mode is left alone. Refused, with the mode
 * kept: system-ram, unbound and unknown modes (-EPERM, -ENXIO), a device
 * another process maps, another famfs-progs process holds (its flock) or
 * a famfs mount uses (-EBUSY), a driver not loaded (-ENOENT). When a step fails the previous mode is put back; if
 * even that fails the message says what state the device is in and the
 * command that fixes it. Needs root.
 */
int famfs_daxmode_set(const char *device, enum famfs_daxmode to, unsigned int flags,
		      struct famfs_error *err);

/*
 * The shell command (for root) that switches the device named name
 * ("dax0.0") from mode from to mode to, in buf. Returns 0, or -EINVAL for
 * a switch famfs-progs does not make (system-ram, unknown).
 */
int famfs_daxmode_command(const char *name, enum famfs_daxmode from, enum famfs_daxmode to,
			  char *buf, size_t len);

#pragma GCC visibility pop

#ifdef __cplusplus
}
#endif

#endif /* FAMFS_DAXMODE_H */
