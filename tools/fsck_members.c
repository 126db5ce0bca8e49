// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * fsck.famfs over a device set: each secondary the primary's log adds is
 * found by its device UUID and its superblock checked against its
 * ADD_DAXDEV entry (famfs_devset_locate does both). A member that is
 * wrong is an error; one that cannot be found is a warning saying what could not
 * be checked, so the log is still checked without the members. Their
 * space comes from the library's check of the primary's log, which knows
 * what each extent claims; here only where each member is.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fsck.h"

/* A finding about member index (not tied to a log slot). */
static void add(struct fsck_result *r, enum famfs_severity sev, const char *name,
		uint32_t index, const char *msg)
{
	struct kept_finding *k;

	if (sev == FAMFS_SEV_ERROR) {
		r->rep.nerrors++;
		r->member_errors++;
	} else
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

/*
 * The device table the check built during its walk of the log (the report
 * has each member's index, size and UUID): members are looked for from it,
 * without another pass over the log.
 */
static int table_of(const struct fsck_result *r, struct famfs_devset *ds)
{
	const struct famfs_check_report *rep = &r->rep;
	struct famfs_daxdev_entry e;
	uint32_t i;

	if (famfs_devset_init(ds, &rep->sb, NULL))
		return -1;
	for (i = 1; i < rep->ndevices; i++) {
		memset(&e, 0, sizeof(e));
		e.index = i;
		e.size = rep->devices[i].size;
		memcpy(e.uuid, rep->devices[i].uuid, FAMFS_UUID_LEN);
		if (famfs_devset_add(ds, &e, FAMFS_CHECK_NO_INDEX, NULL))
			return -1;
	}
	return 0;
}

void fsck_check_members(const struct famfs_resolve_opts *opts, struct fsck_result *r)
{
	struct famfs_devset ds;
	struct famfs_error err = { 0 };
	char msg[FAMFS_ERROR_MSG_MAX + 128], path[PATH_MAX];
	uint32_t i;
	int rc;

	r->dev[0].found = 1;
	/* only a sound primary with a sound table: else the check reported why */
	if (!r->ns || r->rep.ndevices < 2 || table_of(r, &ds))
		return;
	for (i = 1; i < ds.count; i++) {
		path[0] = '\0';
		rc = famfs_devset_locate(&ds, i, r->device, opts, path, sizeof(path), &err);
		r->dev[i].found = !rc;
		/* found, even with a wrong superblock; out of memory costs only the path */
		if (path[0])
			r->dev[i].path = strdup(path);
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
}
