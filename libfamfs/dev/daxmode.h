/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Internal: DAX modes for the device layer's errors, and the tests' hooks. */
#ifndef FAMFS_LIB_DAXMODE_H
#define FAMFS_LIB_DAXMODE_H

#include <stddef.h>
#include <sys/types.h>

#include <famfs/daxmode.h>

/*
 * Tests replace the kernel: when set, every sysfs write of a switch goes
 * here instead (returns 0 or -errno), so a test can act out what the
 * kernel does and record the sequence.
 */
extern int (*daxmode_write_hook)(const char *path, const char *val);

/* How long a switch waits for the device; tests shorten it. */
extern unsigned int daxmode_wait_ms;

/*
 * path = the test root (FAMFS_SYSFS_ROOT, else "") and the formatted rest:
 * every sysfs, /proc and /dev path of DAX code goes through here.
 */
int daxmode_rooted(char *buf, size_t len, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/*
 * Why a DAX device (character device rdev) cannot be opened or mapped raw,
 * and its fix, in buf ("is in famfs mode (driver fsdev_dax) ... "). Returns
 * 1 when its mode explains it (anything but devdax), else 0.
 */
int daxmode_explain(dev_t rdev, char *buf, size_t len);

#endif
