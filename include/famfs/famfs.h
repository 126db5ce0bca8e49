/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* libfamfs: the whole public API. */
#ifndef FAMFS_FAMFS_H
#define FAMFS_FAMFS_H

#include <famfs/error.h>
#include <famfs/format.h>
#include <famfs/device.h>
#include <famfs/daxmode.h>
#include <famfs/fs.h>
#include <famfs/namespace.h>
#include <famfs/mkfs.h>
#include <famfs/alloc.h>
#include <famfs/check.h>
#include <famfs/writer.h>
#include <famfs/layout.h>
#include <famfs/devset.h>
#include <famfs/undo.h>
#include <famfs/rewrite.h>
#include <famfs/repair.h>

#endif /* FAMFS_FAMFS_H */
