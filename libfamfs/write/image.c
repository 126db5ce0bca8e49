// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Image files for mkfs: create one of a given size, or extend one that is
 * too small, as `mke2fs FILE SIZE` does, and undo that if mkfs then fails,
 * so a refused mkfs leaves the file as it found it.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <famfs/mkfs.h>

uint64_t famfs_mkfs_min_size(uint64_t log_len)
{
	if (!log_len)
		log_len = FAMFS_LOG_LEN_DEFAULT;
	/* superblock, log, one allocation unit; callers pass a log length <= 2^62 */
	if (log_len > (1ULL << 62))
		return UINT64_MAX;
	return FAMFS_LOG_OFFSET + log_len + FAMFS_ALLOC_UNIT;
}

static int note_identity(int fd, const char *path, struct famfs_image_undo *undo,
			 struct famfs_error *err)
{
	struct stat st;

	if (fstat(fd, &st))
		return famfs_error_set(err, -errno, "cannot stat %s: %s", path, strerror(errno));
	undo->dev = (uint64_t)st.st_dev;
	undo->ino = (uint64_t)st.st_ino;
	return 0;
}

static int grow_file(int fd, const char *path, uint64_t size, struct famfs_error *err)
{
	if (size > (uint64_t)INT64_MAX)
		return famfs_error_set(err, -EFBIG, "%s: %llu bytes is too large for a file", path,
				       (unsigned long long)size);
	if (ftruncate(fd, (off_t)size))
		return famfs_error_set(err, -errno, "cannot make %s %llu bytes: %s", path,
				       (unsigned long long)size, strerror(errno));
	if (fsync(fd))
		return famfs_error_set(err, -errno, "cannot sync %s: %s", path, strerror(errno));
	return 0;
}

static int create_image(const char *path, uint64_t size, unsigned int flags,
			struct famfs_image_undo *undo, struct famfs_error *err)
{
	int fd, rc;

	if (flags & FAMFS_MKFS_DRY_RUN)
		return FAMFS_IMAGE_CREATED;
	/* O_EXCL: never truncate or follow into something that appeared meanwhile */
	fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
	if (fd < 0)
		return famfs_error_set(err, -errno, "cannot create %s: %s", path, strerror(errno));
	rc = note_identity(fd, path, undo, err);
	if (!rc)
		rc = grow_file(fd, path, size, err);
	close(fd);
	if (rc) {
		unlink(path);
		return rc;
	}
	return FAMFS_IMAGE_CREATED;
}

static int resize_existing(const char *path, uint64_t size, unsigned int flags,
			   struct famfs_image_undo *undo, struct famfs_error *err)
{
	struct stat st;
	int fd, rc;

	fd = open(path, ((flags & FAMFS_MKFS_DRY_RUN) ? O_RDONLY : O_RDWR) | O_CLOEXEC);
	if (fd < 0)
		return famfs_error_set(err, -errno, "cannot open %s: %s", path, strerror(errno));
	if (fstat(fd, &st)) {
		rc = famfs_error_set(err, -errno, "cannot stat %s: %s", path, strerror(errno));
		goto out;
	}
	if (!S_ISREG(st.st_mode)) {
		rc = famfs_error_set(err, -EINVAL,
				     "%s is not a regular file: a SIZE is only for image files; a device is used whole",
				     path);
		goto out;
	}
	undo->old_size = (uint64_t)st.st_size;
	undo->dev = (uint64_t)st.st_dev;
	undo->ino = (uint64_t)st.st_ino;
	if (undo->old_size > size) {
		rc = famfs_error_set(err, -EINVAL,
				     "%s is already %llu bytes, more than the %llu asked for; famfs uses a whole image: give no SIZE, or truncate the file first",
				     path, (unsigned long long)undo->old_size,
				     (unsigned long long)size);
		goto out;
	}
	rc = FAMFS_IMAGE_KEPT;
	if (undo->old_size == size)
		goto out;
	rc = FAMFS_IMAGE_EXTENDED;
	if (!(flags & FAMFS_MKFS_DRY_RUN)) {
		int grc = grow_file(fd, path, size, err);

		if (grc)
			rc = grc;
	}
out:
	close(fd);
	return rc;
}

int famfs_image_prepare(const char *path, uint64_t size, unsigned int flags,
			struct famfs_image_undo *undo, struct famfs_error *err)
{
	struct stat st;
	int rc;

	memset(undo, 0, sizeof(*undo));
	undo->action = FAMFS_IMAGE_KEPT;
	if (!size)
		return famfs_error_set(err, -EINVAL, "an image size of 0 bytes");
	if (stat(path, &st) && errno == ENOENT)
		rc = create_image(path, size, flags, undo, err);
	else
		rc = resize_existing(path, size, flags, undo, err);
	if (rc >= 0)
		undo->action = rc;
	return rc;
}

/* Is path (links followed, as when it was prepared) still the file prepared? */
static int same_file(const struct stat *st, const struct famfs_image_undo *undo)
{
	return (uint64_t)st->st_dev == undo->dev && (uint64_t)st->st_ino == undo->ino;
}

static int not_ours(const char *path, struct famfs_error *err)
{
	return famfs_error_set(err, -ESTALE, "%s is no longer the file mkfs.famfs prepared "
			       "(replaced meanwhile): left as it is", path);
}

static int remove_created(const char *path, const struct famfs_image_undo *undo,
			  struct famfs_error *err)
{
	struct stat st;

	/* the name itself: a link put there meanwhile is not the file made */
	if (lstat(path, &st))
		return errno == ENOENT ? 0 :
		       famfs_error_set(err, -errno, "cannot stat %s: %s", path, strerror(errno));
	if (!same_file(&st, undo))
		return not_ours(path, err);
	if (unlink(path) && errno != ENOENT)
		return famfs_error_set(err, -errno, "cannot remove %s: %s", path, strerror(errno));
	return 0;
}

static int shrink_extended(const char *path, const struct famfs_image_undo *undo,
			   struct famfs_error *err)
{
	struct stat st;
	int fd, rc = 0;

	/* checked on the fd that is truncated, so no swap can redirect it */
	fd = open(path, O_WRONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	if (fd < 0)
		return famfs_error_set(err, -errno, "cannot open %s: %s", path, strerror(errno));
	if (fstat(fd, &st))
		rc = famfs_error_set(err, -errno, "cannot stat %s: %s", path, strerror(errno));
	else if (!same_file(&st, undo) || !S_ISREG(st.st_mode))
		rc = not_ours(path, err);
	else if (ftruncate(fd, (off_t)undo->old_size))
		rc = famfs_error_set(err, -errno, "cannot shrink %s back to %llu bytes: %s", path,
				     (unsigned long long)undo->old_size, strerror(errno));
	close(fd);
	return rc;
}

int famfs_image_restore(const char *path, const struct famfs_image_undo *undo,
			struct famfs_error *err)
{
	if (undo->action == FAMFS_IMAGE_CREATED)
		return remove_created(path, undo, err);
	if (undo->action == FAMFS_IMAGE_EXTENDED)
		return shrink_extended(path, undo, err);
	return 0;
}
