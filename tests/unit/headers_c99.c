// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The public headers compile on their own, each alone and together, as
 * strict C99 (this file is built with -std=c99 -pedantic and no config.h).
 */
#include <famfs/error.h>
#include <famfs/format.h>
#include <famfs/device.h>
#include <famfs/fs.h>
#include <famfs/namespace.h>
#include <famfs/mkfs.h>
#include <famfs/famfs.h>

#include <stdio.h>
#include <string.h>

int main(void)
{
	/* link against the installed-form library and call into it */
	const char *msg = famfs_strerror(-FAMFS_E_SB_MAGIC);

	if (!msg || !strlen(msg) || famfs_log_slots(FAMFS_LOG_LEN_DEFAULT) != 15420) {
		fprintf(stderr, "unexpected results from libfamfs\n");
		return 1;
	}
	return 0;
}
