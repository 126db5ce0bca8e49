/* SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef FAMFS_SB_INTERNAL_H
#define FAMFS_SB_INTERNAL_H

#include <famfs/format.h>

/*
 * The checks every superblock role shares: magic, version, format version,
 * CRC and the role flags. The role-specific geometry is checked after it.
 */
int sb_validate_header(const struct famfs_superblock *sb, struct famfs_error *err);

#endif
