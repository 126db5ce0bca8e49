// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * fsck.famfs over a device set: each secondary the primary's log adds is
 * found by its device UUID and its superblock checked against its
 * ADD_DAXDEV entry (famfs_set_open does both). A member that is wrong is
 * an error; one that cannot be found is a warning saying what could not
 * be checked, so the log is still checked without the members.
 */
#include <stdlib.h>
#include <string.h>

#include "fsck.h"

static void add(struct fsck_result *r, enum famfs_severity sev, const char *name,
		const char *msg)
{
	struct kept_finding *k;

	if (sev == FAMFS_SEV_ERROR)
		r->rep.nerrors++;
	else
		r->rep.nwarnings++;
	k = fsck_new_finding(r);
	if (!k)
		return;
	k->severity = sev;
	k->name = name;
	k->index = FAMFS_CHECK_NO_INDEX;
	k->msg = strdup(msg);
	if (!k->msg) {
		r->oom = 1;
		return;
	}
	r->nf++;
}

static uint64_t sat_add(uint64_t a, uint64_t b)
{
	return b > UINT64_MAX - a ? UINT64_MAX : a + b;
}

/* Space per device: its data area and what the files' extents claim on it. */
static void count_space(struct fsck_result *r, const struct famfs_set *set, uint32_t n)
{
	const struct famfs_devset *ds = famfs_set_devset(set);
	const struct famfs_superblock *sb = &r->rep.sb;
	uint64_t i, k, count, meta = FAMFS_LOG_OFFSET + sb->log_len;
	struct fsck_member *m;

	r->ndev = n;
	for (i = 0; i < n; i++) {
		m = &r->dev[i];
		m->found = i == 0 || famfs_set_dev(set, (uint32_t)i) != NULL;
		if (i == 0)
			m->data_size = sb->dev_size > meta ? sb->dev_size - meta : 0;
		else
			m->data_size = ds->dev[i].size - FAMFS_SB_REGION;
	}
	for (i = 0; i < famfs_ns_count(r->ns); i++) {
		const struct famfs_node *node = famfs_ns_node(r->ns, i);

		if (node->type != FAMFS_NODE_FILE)
			continue;
		count = node->ext_type == FAMFS_EXT_INTERLEAVE ? node->nstrips : node->next;
		for (k = 0; k < count; k++)
			if (node->ext[k].dev_index < n) {
				m = &r->dev[node->ext[k].dev_index];
				m->allocated = sat_add(m->allocated, node->ext[k].len);
			}
	}
}

void fsck_check_members(const struct famfs_resolve_opts *opts, struct fsck_result *r)
{
	struct famfs_set *set = NULL;
	struct famfs_error err = { 0 };
	char msg[FAMFS_ERROR_MSG_MAX + 128];
	uint32_t i, n;
	int rc;

	/* only a sound primary: a broken log or superblock is reported already */
	if (!r->ns || !r->rep.sb_decoded || !(r->rep.sb.flags & FAMFS_SB_FLAG_PRIMARY))
		return;
	/*
	 * With FAMFS_SET_PARTIAL only the primary, its log or its device table
	 * fail the open: the log check reports those already (a log may also
	 * hold a reference-style ADD_DAXDEV entry for device 0 itself).
	 */
	if (famfs_set_open(r->device, 0, opts, FAMFS_SET_PARTIAL, &set, &err))
		return;
	n = famfs_set_devset(set)->count;
	if (n > 1)
		count_space(r, set, n);
	for (i = 1; i < n; i++) {
		rc = famfs_set_member_error(set, i, &err);
		if (!rc)
			continue;
		if (rc == -FAMFS_E_DEV_MISSING) {
			snprintf(msg, sizeof(msg), "%s: its superblock could not be checked "
				 "(name it with -d or --image-dir)", err.msg);
			add(r, FAMFS_SEV_WARNING, "dev-missing", msg);
		} else {
			add(r, FAMFS_SEV_ERROR, "dev-member", err.msg);
		}
	}
	famfs_set_close(set);
}
