// SPDX-License-Identifier: GPL-2.0-or-later
/* famfs-cp --list: everything under a directory, one line each. */
#include <inttypes.h>
#include <stdio.h>

#include "common.h"
#include "cp.h"

/* What fsck.famfs rejects is not shown, nor anything under it. */
static void list_node(const struct cp_rejects *rej, const struct famfs_node *n)
{
	char s[32];
	const struct famfs_node *c;

	if (cp_rejected(rej, n))
		return;
	if (n->parent) {
		/* the owner hosts will show, not a logged one they ignore */
		uint32_t uid = n->uid, gid = n->gid;

		famfs_replay_owner(&uid, &gid);
		snprintf(s, sizeof(s), "%" PRIu64, n->size);
		printf("%c%04o %5u %5u %12s  ", n->type == FAMFS_NODE_DIR ? 'd' : '-',
		       n->mode & 07777, uid, gid, n->type == FAMFS_NODE_DIR ? "-" : s);
		fput_printable(n->path, stdout);
		printf("%s\n", n->type == FAMFS_NODE_DIR ? "/" : "");
	}
	for (c = n->child; c; c = c->sibling)
		list_node(rej, c);
}

int cp_list(const struct cp_opts *o, const struct devpath *where)
{
	struct cp_devs d;
	struct cp_rejects rej;
	const struct famfs_node *n;
	int rc = CP_EXIT_FAIL;

	if (cp_open_read(where->device, o, &d, &rej))
		return CP_EXIT_FAIL;
	n = famfs_ns_lookup(rej.ns, where->path);
	if (!n || cp_rejected(&rej, n)) {
		tool_msg(stderr, prog, "%s:%s: %s", where->device, where->path,
			 n ? "fsck.famfs rejects it; not listed" : "no such file or directory");
		goto out;
	}
	list_node(&rej, n);
	rc = CP_EXIT_OK;
out:
	cp_rejects_free(&rej);
	cp_devs_close(&d);
	return rc;
}
