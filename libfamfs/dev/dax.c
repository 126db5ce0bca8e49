// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Size and alignment of a DAX character device: from libdaxctl, or from
 * sysfs when libdaxctl cannot see the device (e.g. no ndctl regions).
 */
#include <daxctl/libdaxctl.h>
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "dev/daxmode.h"
#include "dev/dev_internal.h"

/* 1 if found (size and align set), 0 if libdaxctl does not know it. */
static int dax_geometry_libdaxctl(struct famfs_dev *dev)
{
	struct daxctl_ctx *ctx;
	struct daxctl_region *region;
	struct daxctl_dev *dd;
	int found = 0;

	if (daxctl_new(&ctx) < 0)
		return 0;
	daxctl_set_log_priority(ctx, 0);	/* the library never prints */
	daxctl_region_foreach(ctx, region) {
		daxctl_dev_foreach(region, dd) {
			if ((unsigned int)daxctl_dev_get_major(dd) != major(dev->rdev) ||
			    (unsigned int)daxctl_dev_get_minor(dd) != minor(dev->rdev))
				continue;
			dev->size = daxctl_dev_get_size(dd);
			dev->align = daxctl_dev_get_align(dd);
			found = 1;
			break;
		}
		if (found)
			break;
	}
	daxctl_unref(ctx);
	return found;
}

static int read_sysfs_u64(unsigned int maj, unsigned int min, const char *attr,
			  uint64_t *val)
{
	char path[PATH_MAX];
	FILE *f;
	int ok;

	if (daxmode_rooted(path, sizeof(path), "/sys/dev/char/%u:%u/%s", maj, min, attr))
		return -ENAMETOOLONG;
	f = fopen(path, "re");
	if (!f)
		return -errno;
	ok = fscanf(f, "%" SCNu64, val) == 1;
	fclose(f);
	return ok ? 0 : -EINVAL;
}

int dax_char_known(dev_t rdev)
{
	char path[PATH_MAX], link[256];
	const char *base;
	ssize_t n;

	/* bus/dax on current kernels, class/dax on old ones */
	if (daxmode_rooted(path, sizeof(path), "/sys/dev/char/%u:%u/subsystem", major(rdev),
			   minor(rdev)))
		return 0;
	n = readlink(path, link, sizeof(link) - 1);
	if (n <= 0)
		return 0;
	link[n] = '\0';
	base = strrchr(link, '/');
	return !strcmp(base ? base + 1 : link, "dax");
}

int dax_dev_geometry(struct famfs_dev *dev, struct famfs_error *err)
{
	unsigned int maj = major(dev->rdev), min = minor(dev->rdev);
	uint64_t size, align;

	if (dax_geometry_libdaxctl(dev) && dev->size && dev->align) {
		dev->size_source = "libdaxctl";
		return 0;
	}
	if (read_sysfs_u64(maj, min, "size", &size) < 0)
		return famfs_error_set(err, -ENODEV,
				       "%s: character device %u:%u is not a DAX device (no size in sysfs)",
				       dev->path, maj, min);
	/* kernels before 5.10 have no align attribute: 2 MiB is their default */
	if (read_sysfs_u64(maj, min, "align", &align) < 0)
		align = 2ULL << 20;
	if (size == 0 || align == 0 || (align & (align - 1)))
		return famfs_error_set(err, -ENODEV,
				       "%s: DAX device reports size %llu, alignment %llu",
				       dev->path, (unsigned long long)size,
				       (unsigned long long)align);
	dev->size = size;
	dev->align = align;
	dev->size_source = "sysfs";
	return 0;
}
