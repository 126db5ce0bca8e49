// SPDX-License-Identifier: GPL-2.0-or-later
/* famfs-cp: DEVICE:PATH arguments, paths, and opening a device to read. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <time.h>

#include "common.h"
#include "cp.h"
#include "members.h"

/* A prefix names a device when it is an image file, block or char device. */
static int is_device(const char *path)
{
	struct stat st;

	return !stat(path, &st) && (S_ISREG(st.st_mode) || S_ISBLK(st.st_mode) ||
				    S_ISCHR(st.st_mode));
}

int devpath_parse(const char *arg, struct devpath *dp)
{
	const char *colon;

	/* the first ':' after which the prefix is a device: images may have ':' */
	for (colon = strchr(arg, ':'); colon; colon = strchr(colon + 1, ':')) {
		char *dev = strndup(arg, (size_t)(colon - arg));

		if (!dev)
			return 0;
		if (is_device(dev)) {
			dp->device = dev;
			dp->path = colon + 1;
			while (*dp->path == '/')
				dp->path++;
			return 1;
		}
		free(dev);
	}
	return 0;
}

void devpath_explain(const char *arg, char *why, size_t len)
{
	const char *colon = strchr(arg, ':');
	struct stat st;
	char *dev;

	if (is_device(arg)) {
		snprintf(why, len, "'%s' is an image or device, but the path inside it is missing: "
			 "give '%s:/' for its root, or '%s:NAME'", arg, arg, arg);
		return;
	}
	if (!colon) {
		snprintf(why, len, "'%s' is not DEVICE:PATH; to copy in, give DEVICE:DEST "
			 "(e.g. IMAGE:/)", arg);
		return;
	}
	dev = strndup(arg, (size_t)(colon - arg));
	if (!dev) {
		snprintf(why, len, "out of memory");
		return;
	}
	if (stat(dev, &st))
		snprintf(why, len, "'%s': no such image or device '%s' (%s)", arg, dev,
			 strerror(errno));
	else
		snprintf(why, len, "'%s': '%s' is not an image file or device", arg, dev);
	free(dev);
}

void devpath_free(struct devpath *dp)
{
	free(dp->device);
	dp->device = NULL;
}

int join_path(char *buf, size_t len, const char *dir, const char *name)
{
	size_t dlen = strlen(dir);
	int n;

	/* "out/" and "a" make "out/a", not "out//a"; "/" stays the root */
	while (dlen > 1 && dir[dlen - 1] == '/')
		dlen--;
	if (!dlen)
		n = snprintf(buf, len, "%s", name);
	else if (dlen == 1 && dir[0] == '/')
		n = snprintf(buf, len, "/%s", name);
	else
		n = snprintf(buf, len, "%.*s/%s", (int)dlen, dir, name);

	return n < 0 || (size_t)n >= len ? -1 : 0;
}

uint64_t random_seed(void)
{
	uint64_t seed;

	if (getrandom(&seed, sizeof(seed), 0) == (ssize_t)sizeof(seed))
		return seed;
	return (uint64_t)time(NULL);
}

/* n, or a directory above it, has an entry fsck.famfs finds errors in */
int cp_rejected(const struct cp_rejects *rej, const struct famfs_node *n)
{
	return rejects_has(&rej->set, n);
}

void cp_rejects_free(struct cp_rejects *rej)
{
	famfs_ns_free(rej->ns);
	rejects_free(&rej->set);
	memset(rej, 0, sizeof(*rej));
}

void cp_devs_close(struct cp_devs *d)
{
	famfs_dev_close(d->devs[0]);
	famfs_set_close(d->set);
	memset(d, 0, sizeof(*d));
}

/*
 * The secondaries of a multi-device file system, as far as they are found:
 * each one missing is a warning naming its index and UUID, and only the
 * files on it cannot be read.
 */
static void open_members(const char *device, const struct cp_opts *o, struct cp_devs *d)
{
	struct famfs_error err = { 0 };
	uint32_t i;

	/*
	 * A table that breaks a rule (or a reference-style ADD_DAXDEV entry
	 * for device 0 itself): device 0 alone, as before; a file elsewhere
	 * fails with the device it names.
	 */
	if (famfs_set_open(device, 0, &o->members, FAMFS_SET_PARTIAL, &d->set, &err))
		return;
	d->n = famfs_set_devset(d->set)->count;
	for (i = 1; i < d->n; i++) {
		d->devs[i] = famfs_set_dev(d->set, i);
		if (!d->devs[i] && famfs_set_member_error(d->set, i, &err))
			tool_msg(stderr, prog, "warning: %s: files on device %u cannot be read: %s "
				 "(name it with -d or --image-dir)", device, i, err.msg);
	}
}

int cp_open_read(const char *device, const struct cp_opts *o, struct cp_devs *d,
		 struct cp_rejects *rej)
{
	struct famfs_check_report rep;
	struct famfs_error err = { 0 };
	int rc;

	memset(rej, 0, sizeof(*rej));
	memset(d, 0, sizeof(*d));
	rc = famfs_check(device, rejects_keep, &rej->set, &rep, &rej->ns, &err);
	if (rc) {
		tool_msg(stderr, prog, "%s", err.msg);
		goto fail;
	}
	if (rep.sb_decoded && rep.sb.magic != FAMFS_SB_MAGIC) {
		char msg[FAMFS_ERROR_MSG_MAX + 256];

		tool_msg(stderr, prog, "%s", tool_no_famfs_msg(msg, sizeof(msg), device,
							      &rep.sb.magic));
		goto fail;
	}
	if (!rej->ns) {
		tool_msg(stderr, prog, "%s: no readable famfs log (run fsck.famfs %s)", device,
			 device);
		goto fail;
	}
	if (rej->set.overflow) {
		tool_msg(stderr, prog, "%s: fsck.famfs finds errors in too many entries to tell "
			 "the sound ones apart (run fsck.famfs %s)", device, device);
		goto fail;
	}
	rejects_done(&rej->set);
	if (rep.nerrors && rej->set.n)
		tool_msg(stderr, prog, "warning: fsck.famfs finds %llu error%s on %s; the %zu "
			 "entr%s it rejects %s neither listed nor copied out: %s%s",
			 (unsigned long long)rep.nerrors, rep.nerrors == 1 ? "" : "s", device,
			 rej->set.n, rej->set.n == 1 ? "y" : "ies", rej->set.n == 1 ? "is" : "are",
			 rej->set.note, rej->set.n > rej->set.named ? ", ..." : "");
	else if (rep.nerrors)
		tool_msg(stderr, prog, "warning: fsck.famfs finds %llu error%s on %s",
			 (unsigned long long)rep.nerrors, rep.nerrors == 1 ? "" : "s", device);
	rc = famfs_dev_open(device, 0, &d->devs[0], &err);
	if (rc) {
		tool_msg(stderr, prog, "%s", err.msg);
		goto fail;
	}
	d->n = 1;
	if (rep.sb.flags & FAMFS_SB_FLAG_PRIMARY)
		open_members(device, o, d);
	else if (!o->quiet)
		tool_resolve_unused(prog, device, &o->members);
	return 0;
fail:
	cp_rejects_free(rej);
	return -1;
}
