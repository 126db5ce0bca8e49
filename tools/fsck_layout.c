// SPDX-License-Identifier: GPL-2.0-or-later
/* fsck.famfs -v: a file's layout in one line. */
#include <inttypes.h>

#include "common.h"
#include "fsck.h"

static void print_range(FILE *out, const struct famfs_extent *e, int human, int multi)
{
	char s[32];

	/* device offsets in hex, as famfs-layout prints them; lengths in decimal */
	if (human)
		fprintf(out, " [0x%" PRIx64 ", +%s)", e->offset, human_size(e->len, s, sizeof(s)));
	else
		fprintf(out, " [0x%" PRIx64 ", +%" PRIu64 ")", e->offset, e->len);
	if (multi)
		fprintf(out, " on device %" PRIu64, e->dev_index);
}

void fsck_describe_layout(FILE *out, const struct famfs_node *n, int human, int multi)
{
	uint64_t i, count;
	char s[32];

	if (n->ext_type == FAMFS_EXT_INTERLEAVE) {
		count = n->nstrips;
		fprintf(out, "interleaved: %" PRIu64 " strip%s, chunk %s:", count,
			count == 1 ? "" : "s", fsck_size(n->chunk_size, human, s, sizeof(s)));
	} else {
		count = n->next;
		fprintf(out, "%" PRIu64 " extent%s:", count, count == 1 ? "" : "s");
	}
	for (i = 0; i < count; i++)
		print_range(out, &n->ext[i], human, multi);
}
