/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Creating and opening host files one name at a time below a directory
 * fd, never following a symbolic link: names that come from a device
 * (untrusted) must not make a tool write outside the directory it was
 * given, whatever links already sit in that directory.
 */
#ifndef FAMFS_TOOLS_SAFE_PATH_H
#define FAMFS_TOOLS_SAFE_PATH_H

#include <sys/types.h>

/*
 * openat() of one component name (no '/', not "." or "..") in dirfd that
 * fails with ELOOP rather than follow a symbolic link: openat2() with
 * RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS where the kernel has it, else
 * O_NOFOLLOW. Returns the fd, or -1 with errno set (EINVAL for a bad name).
 */
int safe_openat(int dirfd, const char *name, int flags, mode_t mode);

/*
 * A new regular file name in dirfd, opened for writing: created with
 * O_EXCL, so nothing that exists is ever written through. With replace,
 * an existing non-directory (a file, a symbolic link) is unlinked first.
 */
int safe_create(int dirfd, const char *name, mode_t mode, int replace);

/*
 * The directory name in dirfd, made (mode 0700) when missing, and opened.
 * A symbolic link or other non-directory there fails with ENOTDIR, or
 * with replace is unlinked and a directory made in its place.
 */
int safe_mkdir_open(int dirfd, const char *name, int replace);

#endif
