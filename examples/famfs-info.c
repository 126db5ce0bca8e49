// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * famfs-info: an example program built against an installed libfamfs.
 * It opens a famfs device or image read-only, replays its log and lists
 * what it holds.
 *
 *   cc famfs-info.c $(pkg-config --cflags --libs libfamfs) -o famfs-info
 *   ./famfs-info famfs.img
 */
#include <inttypes.h>
#include <stdio.h>

#include <famfs/famfs.h>

int main(int argc, char **argv)
{
	struct famfs_error err = { 0 };
	const struct famfs_log_header *hdr;
	struct famfs_fs *fs;
	struct famfs_ns *ns;
	uint64_t i;

	if (argc != 2) {
		fprintf(stderr, "usage: %s DEVICE\n", argv[0]);
		return 2;
	}
	if (famfs_fs_open(argv[1], 0, &fs, &err)) {
		fprintf(stderr, "%s\n", err.msg);
		return 1;
	}
	hdr = famfs_fs_log_header(fs);
	if (famfs_ns_replay(famfs_fs_log(fs), famfs_fs_superblock(fs)->log_len, hdr,
			    NULL, NULL, &ns, &err)) {
		fprintf(stderr, "%s\n", err.msg);
		famfs_fs_close(fs);
		return 1;
	}
	printf("%s: %" PRIu64 " of %" PRIu64 " log slots used, %" PRIu64 " files, %" PRIu64
	       " directories\n", argv[1], hdr->next_index, hdr->last_index + 1,
	       famfs_ns_nfiles(ns), famfs_ns_ndirs(ns));
	for (i = 0; i < famfs_ns_count(ns); i++) {
		const struct famfs_node *n = famfs_ns_node(ns, i);

		printf("%s %12" PRIu64 " %s\n", n->type == FAMFS_NODE_DIR ? "d" : "-",
		       n->size, n->path);
	}
	famfs_ns_free(ns);
	famfs_fs_close(fs);
	return 0;
}
