// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * fsck.famfs over a device set: each secondary the primary's log adds is
 * found by its device UUID and its superblock checked against its
 * ADD_DAXDEV entry (famfs_set_open does both). A member that is wrong is
 * an error; one that cannot be found is a warning saying what could not
 * be checked, so the log is still checked without the members. Their
 * space comes from the library's check of the primary's log, which knows
 * what each extent claims; here only where each member is.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fsck.h"

/* A finding about member index (not tied to a log slot). */
static void add(struct fsck_result *r, enum famfs_severity sev, const char *name,
		uint32_t index, const char *msg)
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
	k->device = index;
	k->msg = strdup(msg);
	if (!k->msg) {
		r->oom = 1;
		return;
	}
	r->nf++;
}

const char *fsck_device_path(const struct fsck_result *r, uint64_t dev)
{
	if (dev == 0)
		return r->device;
	return dev < FAMFS_MAX_DEVICES ? r->dev[dev].path : NULL;
}

/* Where each member was found (even when wrong), and which were opened. */
static void note_members(struct fsck_result *r, const struct famfs_set *set, uint32_t n)
{
	const char *path;
	uint32_t i;

	for (i = 1; i < n; i++) {
		r->dev[i].found = famfs_set_dev(set, i) != NULL;
		path = famfs_set_found_path(set, i);
		/* out of memory costs the path in the report, nothing else */
		if (path)
			r->dev[i].path = strdup(path);
	}
}

void fsck_check_members(const struct famfs_resolve_opts *opts, struct fsck_result *r)
{
	struct famfs_set *set = NULL;
	struct famfs_error err = { 0 };
	char msg[FAMFS_ERROR_MSG_MAX + 128];
	uint32_t i, n;
	int rc;

	r->dev[0].found = 1;
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
	note_members(r, set, n);
	for (i = 1; i < n; i++) {
		rc = famfs_set_member_error(set, i, &err);
		if (!rc)
			continue;
		if (rc == -FAMFS_E_DEV_MISSING) {
			snprintf(msg, sizeof(msg), "%s: its superblock could not be checked "
				 "(name it with -d or --image-dir)", err.msg);
			add(r, FAMFS_SEV_WARNING, "dev-missing", i, msg);
		} else {
			add(r, FAMFS_SEV_ERROR, "dev-member", i, err.msg);
		}
	}
	famfs_set_close(set);
}
