// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * What else is on a device: a foreign file system or partition table
 * (libblkid), or a mount of it.
 */
#include <blkid/blkid.h>
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <mntent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dev/dev_internal.h"

/* Device DAX cannot be read(): probe a copy of its start instead. */
#define DAX_PROBE_BYTES	(4ULL << 20)

static int dax_probe_copy(struct famfs_dev *dev, struct famfs_error *err)
{
	uint64_t len = dev->size < DAX_PROBE_BYTES ? dev->size : DAX_PROBE_BYTES;
	void *src;
	int fd, rc;

	fd = memfd_create("famfs-probe", MFD_CLOEXEC);
	if (fd < 0)
		return famfs_error_set(err, -errno, "memfd_create: %s", strerror(errno));
	rc = famfs_dev_map(dev, 0, len, &src, err);
	if (rc) {
		close(fd);
		return rc;
	}
	if (write(fd, src, len) != (ssize_t)len)
		rc = famfs_error_set(err, -EIO, "%s: cannot copy the device start for probing",
				     dev->path);
	famfs_dev_unmap(dev, src, len);
	if (rc) {
		close(fd);
		return rc;
	}
	return fd;
}

int famfs_dev_probe_signature(struct famfs_dev *dev, char *type, size_t len,
			      struct famfs_error *err)
{
	blkid_probe pr;
	const char *val = NULL;
	int fd = dev->fd, rc;

	if (dev->type == FAMFS_DEV_DAX) {
		fd = dax_probe_copy(dev, err);
		if (fd < 0)
			return fd;
	}
	pr = blkid_new_probe();
	if (!pr) {
		rc = famfs_error_set(err, -ENOMEM, "out of memory");
		goto out;
	}
	if (blkid_probe_set_device(pr, fd, 0, 0) < 0) {
		rc = famfs_error_set(err, -EIO, "%s: libblkid cannot probe the device",
				     dev->path);
		goto out;
	}
	blkid_probe_enable_superblocks(pr, 1);
	blkid_probe_set_superblocks_flags(pr, BLKID_SUBLKS_TYPE);
	blkid_probe_enable_partitions(pr, 1);
	blkid_probe_set_partitions_flags(pr, BLKID_PARTS_MAGIC);

	rc = blkid_do_safeprobe(pr);
	if (rc == 1) {			/* nothing found */
		rc = 0;
		goto out;
	}
	if (rc == -2) {			/* several signatures at once */
		snprintf(type, len, "several signatures");
		rc = 1;
		goto out;
	}
	if (rc < 0) {
		rc = famfs_error_set(err, -EIO, "%s: libblkid probe failed", dev->path);
		goto out;
	}
	if (blkid_probe_lookup_value(pr, "TYPE", &val, NULL) < 0 &&
	    blkid_probe_lookup_value(pr, "PTTYPE", &val, NULL) < 0)
		val = "unknown signature";
	snprintf(type, len, "%s", val);
	rc = 1;
out:
	if (pr)
		blkid_free_probe(pr);
	if (fd != dev->fd)
		close(fd);
	return rc;
}

/* Is path the backing file of an active loop device? */
static int loop_backs(const char *real, char *loopdev, size_t len)
{
	char attr[PATH_MAX], back[PATH_MAX];
	struct dirent *d;
	DIR *dir = opendir("/sys/block");
	int found = 0;

	if (!dir)
		return 0;
	while (!found && (d = readdir(dir))) {
		FILE *f;

		if (strncmp(d->d_name, "loop", 4))
			continue;
		snprintf(attr, sizeof(attr), "/sys/block/%s/loop/backing_file", d->d_name);
		f = fopen(attr, "re");
		if (!f)
			continue;
		if (fgets(back, sizeof(back), f)) {
			back[strcspn(back, "\n")] = '\0';
			if (!strcmp(back, real)) {
				snprintf(loopdev, len, "/dev/%s", d->d_name);
				found = 1;
			}
		}
		fclose(f);
	}
	closedir(dir);
	return found;
}

/* Does the mount source name our device (same path or device number)? */
static int source_matches(const struct famfs_dev *dev, const char *real,
			  const char *source)
{
	char rs[PATH_MAX];
	struct stat st;

	if (realpath(source, rs) && !strcmp(rs, real))
		return 1;
	if (dev->type == FAMFS_DEV_FILE || source[0] != '/')
		return 0;
	return stat(source, &st) == 0 && (S_ISBLK(st.st_mode) || S_ISCHR(st.st_mode)) &&
	       st.st_rdev == dev->rdev;
}

int famfs_dev_is_mounted(const struct famfs_dev *dev, char *mountpoint,
			 size_t len, struct famfs_error *err)
{
	char real[PATH_MAX], loopdev[300] = "";
	struct mntent *m;
	FILE *f;
	int found = 0;

	if (!realpath(dev->path, real))
		return famfs_error_set(err, -errno, "%s: %s", dev->path, strerror(errno));
	if (dev->type == FAMFS_DEV_FILE && loop_backs(real, loopdev, sizeof(loopdev))) {
		if (mountpoint)
			snprintf(mountpoint, len, "loop device %s", loopdev);
		return 1;
	}
	f = setmntent("/proc/self/mounts", "re");
	if (!f)
		return famfs_error_set(err, -errno, "cannot read /proc/self/mounts: %s",
				       strerror(errno));
	while (!found && (m = getmntent(f))) {
		if (source_matches(dev, real, m->mnt_fsname)) {
			found = 1;
			if (mountpoint)
				snprintf(mountpoint, len, "%s", m->mnt_dir);
		}
	}
	endmntent(f);
	return found;
}
