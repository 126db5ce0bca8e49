// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * One name at a time below a directory fd, links never followed. Every
 * component is a single name, so O_NOFOLLOW on it is enough; openat2()
 * is used where the kernel has it because it also refuses magic links and
 * says so in one place.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>
#ifdef __has_include
#if __has_include(<linux/openat2.h>)
#include <linux/openat2.h>
#define HAVE_OPENAT2_H 1
#endif
#endif

#include "safe_path.h"

static int bad_name(const char *name)
{
	return !*name || strchr(name, '/') || !strcmp(name, ".") || !strcmp(name, "..");
}

#if defined(HAVE_OPENAT2_H) && defined(SYS_openat2)
/* -1 with ENOSYS when this kernel has no openat2 */
static int try_openat2(int dirfd, const char *name, int flags, mode_t mode)
{
	static int missing;
	struct open_how how;
	long fd;

	if (missing) {
		errno = ENOSYS;
		return -1;
	}
	memset(&how, 0, sizeof(how));
	how.flags = (unsigned int)flags;
	how.mode = (flags & O_CREAT) ? mode : 0;
	how.resolve = RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS;
	fd = syscall(SYS_openat2, dirfd, name, &how, sizeof(how));
	if (fd < 0 && errno == ENOSYS)
		missing = 1;
	return (int)fd;
}
#else
static int try_openat2(int dirfd, const char *name, int flags, mode_t mode)
{
	(void)dirfd, (void)name, (void)flags, (void)mode;
	errno = ENOSYS;
	return -1;
}
#endif

int safe_openat(int dirfd, const char *name, int flags, mode_t mode)
{
	int fd;

	if (bad_name(name)) {
		errno = EINVAL;
		return -1;
	}
	flags |= O_NOFOLLOW | O_CLOEXEC;
	fd = try_openat2(dirfd, name, flags, mode);
	if (fd >= 0 || errno != ENOSYS)
		return fd;
	return openat(dirfd, name, flags, mode);
}

/* With replace: make room for a new name, removing what is not a directory. */
static int remove_old(int dirfd, const char *name)
{
	struct stat st;

	if (fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW))
		return errno == ENOENT ? 0 : -1;
	if (S_ISDIR(st.st_mode)) {
		errno = EISDIR;
		return -1;
	}
	return unlinkat(dirfd, name, 0);
}

int safe_create(int dirfd, const char *name, mode_t mode, int replace)
{
	const int flags = O_WRONLY | O_CREAT | O_EXCL;
	int fd = safe_openat(dirfd, name, flags, mode);

	if (fd >= 0 || errno != EEXIST || !replace)
		return fd;
	if (remove_old(dirfd, name))
		return -1;
	return safe_openat(dirfd, name, flags, mode);
}

int safe_mkdir_open(int dirfd, const char *name, int replace)
{
	const int flags = O_RDONLY | O_DIRECTORY;
	int fd;

	if (bad_name(name)) {
		errno = EINVAL;
		return -1;
	}
	if (mkdirat(dirfd, name, 0700) && errno != EEXIST)
		return -1;
	fd = safe_openat(dirfd, name, flags, 0);
	/* ELOOP: a symbolic link; ENOTDIR: some other file */
	if (fd >= 0 || (errno != ELOOP && errno != ENOTDIR))
		return fd;
	if (!replace) {
		errno = ENOTDIR;
		return -1;
	}
	if (remove_old(dirfd, name) || mkdirat(dirfd, name, 0700))
		return -1;
	return safe_openat(dirfd, name, flags, 0);
}
