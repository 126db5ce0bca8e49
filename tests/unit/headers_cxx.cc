// SPDX-License-Identifier: LGPL-2.1-or-later
// The public headers are usable from C++: extern "C" linkage, no C-only
// constructs. Built with -std=c++11 -pedantic and linked to libfamfs.
#include <famfs/famfs.h>

#include <cstdio>
#include <cstring>

int main()
{
	struct famfs_error err;
	struct famfs_log_header hdr;

	std::memset(&err, 0, sizeof(err));
	famfs_log_header_init(&hdr, FAMFS_LOG_LEN_DEFAULT);
	if (famfs_log_header_validate(&hdr, FAMFS_LOG_LEN_DEFAULT, &err) != 0 ||
	    famfs_log_slot_offset(1) != FAMFS_LOG_HEADER_SIZE + FAMFS_LOG_ENTRY_SIZE) {
		std::fprintf(stderr, "libfamfs from C++: %s\n", err.msg);
		return 1;
	}
	return 0;
}
