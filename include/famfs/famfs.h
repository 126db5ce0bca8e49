/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* libfamfs: the whole public API. */
#ifndef FAMFS_FAMFS_H
#define FAMFS_FAMFS_H

#include <famfs/error.h>
#include <famfs/format.h>

#endif /* FAMFS_FAMFS_H */
