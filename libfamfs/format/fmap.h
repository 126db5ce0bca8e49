/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Internal: the 416-byte fmap inside a file log entry. */
#ifndef FAMFS_FMAP_H
#define FAMFS_FMAP_H

#include <stdint.h>

#include <famfs/format.h>

#define FAMFS_FMAP_SIZE		416

void fmap_encode(const struct famfs_fmap *fm, uint8_t *p);
int fmap_decode(const uint8_t *p, struct famfs_fmap *fm, struct famfs_error *err);
/* The limits decode enforces, so encode refuses what decode would reject. */
int fmap_check_limits(const struct famfs_fmap *fm, struct famfs_error *err);

#endif /* FAMFS_FMAP_H */
