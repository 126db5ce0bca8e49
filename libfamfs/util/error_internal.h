/* SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef FAMFS_ERROR_INTERNAL_H
#define FAMFS_ERROR_INTERNAL_H

#include <famfs/error.h>

/*
 * Put "prefix: " in front of the message already in err (if any) and
 * return code. Used to name the device in errors from lower layers.
 */
int error_prefix(struct famfs_error *err, int code, const char *prefix);

#endif
