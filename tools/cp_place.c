// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * famfs-cp: where new files go on a multi-device file system (--use-device,
 * --stripe N,CHUNK,devices), checked against the set once it is open.
 */
#include <stdio.h>

#include "common.h"
#include "cp.h"
#include "members.h"

void cp_place_file(const struct cp_opts *o, struct famfs_new_file *nf)
{
	if (o->striped && o->stripe_across) {
		nf->place = FAMFS_PLACE_ACROSS;
	} else if (o->have_use_device) {
		nf->place = FAMFS_PLACE_DEVICE;
		nf->device = o->use_device;
	} else {
		nf->place = FAMFS_PLACE_MOST_FREE;
	}
}

int cp_place_check(const struct cp_opts *o, const struct famfs_writer *w, const char *device)
{
	uint32_t n = famfs_writer_devices(w);

	if (o->have_use_device && o->use_device >= n)
		return tool_usage_error(prog, CP_EXIT_USAGE,
					"--use-device %u: %s has %u device%s (indices 0 to %u)",
					o->use_device, device, n, n == 1 ? "" : "s", n - 1);
	if (o->striped && o->stripe_across && o->stripe.nstrips != n)
		return tool_usage_error(prog, CP_EXIT_USAGE,
					"--stripe %llu,...,devices: %s has %u device%s, and a file "
					"striped across devices has one strip on each: give %u "
					"strips", (unsigned long long)o->stripe.nstrips, device, n,
					n == 1 ? "" : "s", n);
	if (n < 2 && !o->quiet)
		tool_resolve_unused(prog, device, &o->members);
	return -1;
}

void cp_place_open_failed(int rc, const char *device)
{
	if (rc == -FAMFS_E_DEV_MISSING || rc == -FAMFS_E_DEV_AMBIGUOUS)
		fprintf(stderr, "%s: copying in needs every device of the file system: name "
			"them with -d PATH (once each) or --image-dir DIR; nothing was written "
			"to %s\n", prog, device);
}

void cp_place_describe(const struct famfs_writer *w, const struct famfs_fmap *f, char *buf,
		       size_t len)
{
	size_t used;
	uint64_t i;

	if (!len)
		return;
	buf[0] = '\0';
	if (famfs_writer_devices(w) < 2)
		return;
	if (f->ext_type != FAMFS_EXT_INTERLEAVE || f->nstrips < 1) {
		snprintf(buf, len, " on device %llu", (unsigned long long)f->ext[0].dev_index);
		return;
	}
	used = (size_t)snprintf(buf, len, " on devices");
	for (i = 0; i < f->nstrips && i < FAMFS_MAX_STRIPS && used < len; i++)
		used += (size_t)snprintf(buf + used, len - used, " %llu",
					 (unsigned long long)f->strips[i].dev_index);
}

void cp_members_stat(struct cp_members *m, const struct famfs_writer *w)
{
	uint32_t i, n = famfs_writer_devices(w);

	m->n = 0;
	for (i = 1; i < n; i++)
		if (!stat(famfs_dev_path(famfs_writer_dev(w, i)), &m->st[m->n]))
			m->n++;
}

int cp_members_has(const struct cp_members *m, const struct stat *st)
{
	uint32_t i;

	for (i = 0; i < m->n; i++)
		if (m->st[i].st_dev == st->st_dev && m->st[i].st_ino == st->st_ino)
			return 1;
	return 0;
}
