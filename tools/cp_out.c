// SPDX-License-Identifier: GPL-2.0-or-later
/* famfs-cp, device to host: files and (with -r) trees copied back out. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common.h"
#include "cp.h"

struct out_job {
	const struct cp_opts *o;
	const char *device;
	struct famfs_dev *dev;
	uint64_t files, dirs, bytes;
};

struct writer_fd {
	int fd;
	const char *dst;
};

static int write_host(void *arg, const void *src, uint64_t off, uint64_t len,
		      struct famfs_error *err)
{
	struct writer_fd *w = arg;
	const uint8_t *p = src;

	while (len) {
		size_t want = len > (1U << 30) ? (1U << 30) : (size_t)len;
		ssize_t n = pwrite(w->fd, p, want, (off_t)off);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return famfs_error_set(err, -errno, "cannot write '%s': %s", w->dst,
					       strerror(errno));
		p += n;
		off += (uint64_t)n;
		len -= (uint64_t)n;
	}
	return 0;
}

static int extract_file(struct out_job *j, const struct famfs_node *n, const char *dst)
{
	struct famfs_error err = { 0 };
	struct writer_fd w = { -1, dst };
	int flags = O_WRONLY | O_CREAT | O_CLOEXEC | (j->o->force ? O_TRUNC : O_EXCL);
	int rc;

	if (j->o->dry_run)
		goto done;
	w.fd = open(dst, flags, (mode_t)(n->mode & 07777));
	if (w.fd < 0) {
		fprintf(stderr, "%s: %s: %s%s\n", prog, dst, strerror(errno),
			errno == EEXIST ? " (give -f to overwrite it)" : "");
		return -1;
	}
	rc = famfs_file_read(j->dev, n, write_host, &w, &err);
	if (!rc && ftruncate(w.fd, (off_t)n->size))
		rc = famfs_error_set(&err, -errno, "cannot size '%s': %s", dst, strerror(errno));
	if (close(w.fd) && !rc)
		rc = famfs_error_set(&err, -errno, "cannot write '%s': %s", dst, strerror(errno));
	if (rc) {
		fprintf(stderr, "%s: %s:%s: %s\n", prog, j->device, n->path, err.msg);
		return -1;
	}
done:
	j->files++;
	j->bytes += n->size;
	if (j->o->verbose)
		printf("%s:%s -> %s%s\n", j->device, n->path, dst, j->o->dry_run ? " (dry run)" : "");
	return 0;
}

static int extract(struct out_job *j, const struct famfs_node *n, const char *dst);

static int extract_tree(struct out_job *j, const struct famfs_node *dir, const char *dst)
{
	const struct famfs_node *c;
	char path[PATH_MAX];

	if (!j->o->dry_run && mkdir(dst, 0700) && errno != EEXIST) {
		fprintf(stderr, "%s: %s: %s\n", prog, dst, strerror(errno));
		return -1;
	}
	j->dirs++;
	for (c = dir->child; c; c = c->sibling) {
		if (join_path(path, sizeof(path), dst, c->name)) {
			fprintf(stderr, "%s: %s/%s: path too long\n", prog, dst, c->name);
			return -1;
		}
		if (extract(j, c, path))
			return -1;
	}
	/* permissions last, so a read-only directory can still be filled */
	if (!j->o->dry_run && dir->parent && chmod(dst, (mode_t)(dir->mode & 07777))) {
		fprintf(stderr, "%s: %s: %s\n", prog, dst, strerror(errno));
		return -1;
	}
	return 0;
}

static int extract(struct out_job *j, const struct famfs_node *n, const char *dst)
{
	if (n->type == FAMFS_NODE_FILE)
		return extract_file(j, n, dst);
	if (!j->o->recursive) {
		fprintf(stderr, "%s: %s:%s is a directory; use -r to copy it out\n", prog,
			j->device, n->path);
		return -1;
	}
	return extract_tree(j, n, dst);
}

int cp_out(const struct cp_opts *o, const struct devpath *src, int nsources, const char *dest)
{
	struct out_job j = { .o = o, .device = src[0].device };
	struct famfs_ns *ns = NULL;
	struct stat st;
	int into_dir = !stat(dest, &st) && S_ISDIR(st.st_mode);
	int i, rc = CP_EXIT_FAIL;

	if (nsources > 1 && !into_dir) {
		fprintf(stderr, "%s: %s: to copy several files out, give an existing directory\n",
			prog, dest);
		return CP_EXIT_FAIL;
	}
	if (cp_open_read(j.device, &j.dev, &ns))
		return CP_EXIT_FAIL;
	for (i = 0; i < nsources; i++) {
		const struct famfs_node *n = famfs_ns_lookup(ns, src[i].path);
		char path[PATH_MAX];
		const char *name;

		if (!n) {
			fprintf(stderr, "%s: %s:%s: no such file or directory\n", prog, j.device,
				src[i].path);
			goto out;
		}
		name = n->parent ? n->name : "";
		if (into_dir && *name)
			join_path(path, sizeof(path), dest, name);
		else
			snprintf(path, sizeof(path), "%s", dest);
		if (extract(&j, n, path))
			goto out;
	}
	rc = CP_EXIT_OK;
	if (!o->quiet)
		printf("%s: %s %llu file%s and %llu director%s from %s\n", prog,
		       o->dry_run ? "would copy" : "copied", (unsigned long long)j.files,
		       j.files == 1 ? "" : "s", (unsigned long long)j.dirs,
		       j.dirs == 1 ? "y" : "ies", j.device);
out:
	famfs_ns_free(ns);
	famfs_dev_close(j.dev);
	return rc;
}
