// SPDX-License-Identifier: GPL-2.0-or-later
/* famfs-cp --list: everything under a directory, one line each. */
#include <inttypes.h>
#include <stdio.h>

#include "common.h"
#include "cp.h"

static void list_node(const struct famfs_node *n)
{
	char s[32];
	const struct famfs_node *c;

	if (n->parent) {
		snprintf(s, sizeof(s), "%" PRIu64, n->size);
		printf("%c%04o %5u %5u %12s  ", n->type == FAMFS_NODE_DIR ? 'd' : '-',
		       n->mode & 07777, n->uid, n->gid, n->type == FAMFS_NODE_DIR ? "-" : s);
		fput_printable(n->path, stdout);
		printf("%s\n", n->type == FAMFS_NODE_DIR ? "/" : "");
	}
	for (c = n->child; c; c = c->sibling)
		list_node(c);
}

int cp_list(const struct cp_opts *o, const struct devpath *where)
{
	struct famfs_dev *dev = NULL;
	struct famfs_ns *ns = NULL;
	const struct famfs_node *n;
	int rc = CP_EXIT_FAIL;

	if (cp_open_read(where->device, &dev, &ns))
		return CP_EXIT_FAIL;
	n = famfs_ns_lookup(ns, where->path);
	if (!n) {
		fprintf(stderr, "%s: %s:%s: no such file or directory\n", prog, where->device,
			where->path);
		goto out;
	}
	list_node(n);
	(void)o;
	rc = CP_EXIT_OK;
out:
	famfs_ns_free(ns);
	famfs_dev_close(dev);
	return rc;
}
