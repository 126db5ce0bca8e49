// SPDX-License-Identifier: LGPL-2.1-or-later
/* Read the superblock of a device or image by path, read-only. */
#include <famfs/devset.h>
#include <famfs/device.h>

#include "util/error_internal.h"

int famfs_sb_read(const char *path, struct famfs_superblock *sb, uint64_t *dev_size,
		  struct famfs_error *err)
{
	struct famfs_dev *dev;
	void *map;
	int rc;

	rc = famfs_dev_open(path, 0, &dev, err);
	if (rc)
		return rc;
	if (famfs_dev_size(dev) < FAMFS_SB_ENCODED_SIZE) {
		rc = famfs_error_set(err, -FAMFS_E_SB_MAGIC,
				     "%s: %llu bytes, too small to hold a famfs superblock", path,
				     (unsigned long long)famfs_dev_size(dev));
		goto out;
	}
	rc = famfs_dev_map(dev, 0, FAMFS_SB_ENCODED_SIZE, &map, err);
	if (rc)
		goto out;
	rc = famfs_sb_decode(map, FAMFS_SB_ENCODED_SIZE, sb, err);
	famfs_dev_unmap(dev, map, FAMFS_SB_ENCODED_SIZE);
	if (rc)
		rc = error_prefix(err, rc, path);
	else if (dev_size)
		*dev_size = famfs_dev_size(dev);
out:
	famfs_dev_close(dev);
	return rc;
}
