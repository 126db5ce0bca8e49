// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * famfs-cp, device to host: files and (with -r) trees copied back out.
 * Names come from the device, so below the destination the user gave
 * every one is created through a directory fd without following links
 * (safe_path.h): a link already in the target is refused, or with -f
 * replaced, and never written or chmodded through.
 */
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
#include "safe_path.h"

struct out_job {
	const struct cp_opts *o;
	const char *device;
	struct cp_devs d;
	struct stat image;		/* the device itself: never a destination */
	struct cp_rejects rej;
	uint64_t files, dirs, bytes, rejected;
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

/* Permissions to apply: set-ID and sticky bits only when asked for. */
static mode_t out_mode(const struct out_job *j, uint32_t mode)
{
	return (mode_t)(mode & (j->o->preserve_special ? 07777 : 0777));
}

/* Refuse to replace or write the device itself, like cp's "are the same file". */
static int is_image(const struct out_job *j, int dfd, const char *name, const char *dst)
{
	struct stat st;

	if (dfd < 0 || fstatat(dfd, name, &st, AT_SYMLINK_NOFOLLOW) ||
	    st.st_dev != j->image.st_dev || st.st_ino != j->image.st_ino)
		return 0;
	tool_msg(stderr, prog, "%s: is the device %s itself; not overwritten", dst, j->device);
	return 1;
}

static int extract_file(struct out_job *j, const struct famfs_node *n, int dfd,
			const char *name, const char *dst)
{
	struct famfs_error err = { 0 };
	struct writer_fd w = { -1, dst };
	int rc;

	if (is_image(j, dfd, name, dst))
		return -1;
	if (j->o->dry_run)
		goto done;
	w.fd = safe_create(dfd, name, out_mode(j, n->mode) & 0777, j->o->force);
	if (w.fd < 0) {
		tool_msg(stderr, prog, "%s: %s%s", dst, strerror(errno),
			 errno == EEXIST ? " (give -f to overwrite it)" : "");
		return -1;
	}
	rc = famfs_file_read_devs(j->d.devs, j->d.n, n, write_host, &w, &err);
	if (!rc && ftruncate(w.fd, (off_t)n->size))
		rc = famfs_error_set(&err, -errno, "cannot size '%s': %s", dst, strerror(errno));
	/* set-ID bits after the data: a write would clear them */
	if (!rc && (out_mode(j, n->mode) & 07000) && fchmod(w.fd, out_mode(j, n->mode)))
		rc = famfs_error_set(&err, -errno, "cannot chmod '%s': %s", dst, strerror(errno));
	if (close(w.fd) && !rc)
		rc = famfs_error_set(&err, -errno, "cannot write '%s': %s", dst, strerror(errno));
	if (rc) {
		tool_msg(stderr, prog, "%s:%s: %s", j->device, n->path, err.msg);
		return -1;
	}
done:
	j->files++;
	if (__builtin_add_overflow(j->bytes, n->size, &j->bytes))
		j->bytes = UINT64_MAX;	/* sizes from the image: saturate */
	if (j->o->verbose)
		tool_msg(stdout, NULL, "%s:%s -> %s%s", j->device, n->path, dst,
			 j->o->dry_run ? " (dry run)" : "");
	return 0;
}

static int extract_at(struct out_job *j, const struct famfs_node *n, int dfd, const char *name,
		      const char *dst);

/* The children of dir into the open directory dfd (-1 in a dry run). */
static int extract_children(struct out_job *j, const struct famfs_node *dir, int dfd,
			    const char *dst)
{
	const struct famfs_node *c;
	char path[PATH_MAX];

	j->dirs++;
	for (c = dir->child; c; c = c->sibling) {
		if (join_path(path, sizeof(path), dst, c->name)) {
			tool_msg(stderr, prog, "%s/%s: path too long", dst, c->name);
			return -1;
		}
		if (cp_rejected(&j->rej, c)) {
			j->rejected++;
			continue;
		}
		if (extract_at(j, c, dfd, c->name, path))
			return -1;
	}
	return 0;
}

static int extract_dir(struct out_job *j, const struct famfs_node *dir, int dfd,
		       const char *name, const char *dst)
{
	int fd = -1, rc;

	if (is_image(j, dfd, name, dst))
		return -1;
	if (!j->o->dry_run) {
		fd = safe_mkdir_open(dfd, name, j->o->force);
		if (fd < 0) {
			tool_msg(stderr, prog, "%s: %s", dst, errno == ENOTDIR ?
				 "is a symbolic link or not a directory; not followed "
				 "(give -f to replace it)" : strerror(errno));
			return -1;
		}
	}
	rc = extract_children(j, dir, fd, dst);
	/* permissions last, on the fd, so a read-only directory can still be filled */
	if (!rc && fd >= 0 && dir->parent && fchmod(fd, out_mode(j, dir->mode))) {
		tool_msg(stderr, prog, "%s: %s", dst, strerror(errno));
		rc = -1;
	}
	if (fd >= 0)
		close(fd);
	return rc;
}

static int extract_at(struct out_job *j, const struct famfs_node *n, int dfd, const char *name,
		      const char *dst)
{
	if (n->type == FAMFS_NODE_FILE)
		return extract_file(j, n, dfd, name, dst);
	if (!j->o->recursive) {
		tool_msg(stderr, prog, "%s:%s is a directory; use -r to copy it out", j->device,
			 n->path);
		return -1;
	}
	return extract_dir(j, n, dfd, name, dst);
}

/*
 * Where the copy goes: into dest when it is a directory (followed like cp
 * does: the user named it), else as the last name of dest in its parent.
 */
static int open_dest(const char *dest, int into_dir, char *base, size_t len)
{
	char parent[PATH_MAX];
	size_t n = strlen(dest);
	const char *slash;
	int fd;

	if (into_dir)
		return open(dest, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	while (n > 1 && dest[n - 1] == '/')
		n--;
	if (n >= sizeof(parent) || n >= len) {
		errno = ENAMETOOLONG;
		return -1;
	}
	memcpy(parent, dest, n);
	parent[n] = '\0';
	slash = strrchr(parent, '/');
	snprintf(base, len, "%s", slash ? slash + 1 : parent);
	if (!slash)
		snprintf(parent, sizeof(parent), ".");
	else if (slash == parent)
		parent[1] = '\0';
	else
		parent[slash - parent] = '\0';
	fd = open(parent, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	return fd;
}

static int copy_one(struct out_job *j, const struct devpath *src, const char *dest, int into_dir,
		    int topfd, const char *base)
{
	const struct famfs_node *n = famfs_ns_lookup(j->rej.ns, src->path);
	char path[PATH_MAX];

	if (!n) {
		tool_msg(stderr, prog, "%s:%s: no such file or directory", j->device, src->path);
		return -1;
	}
	if (cp_rejected(&j->rej, n)) {
		tool_msg(stderr, prog, "%s:%s: fsck.famfs rejects it; not copied", j->device,
			 n->path);
		return -1;
	}
	if (into_dir && n->parent)
		join_path(path, sizeof(path), dest, n->name);
	else
		snprintf(path, sizeof(path), "%s", dest);
	/* the root into a directory: its contents go straight in */
	if (into_dir && !n->parent) {
		if (!j->o->recursive)
			return extract_at(j, n, topfd, "", path);
		return extract_children(j, n, j->o->dry_run ? -1 : topfd, path);
	}
	return extract_at(j, n, topfd, into_dir ? n->name : base, path);
}

int cp_out(const struct cp_opts *o, const struct devpath *src, int nsources, const char *dest)
{
	struct out_job j = { .o = o, .device = src[0].device };
	struct stat st;
	int into_dir = !stat(dest, &st) && S_ISDIR(st.st_mode);
	int i, topfd, rc = CP_EXIT_FAIL;
	char base[PATH_MAX];

	if (nsources > 1 && !into_dir) {
		tool_msg(stderr, prog, "%s: to copy several files out, give an existing directory",
			 dest);
		return CP_EXIT_FAIL;
	}
	if (stat(j.device, &j.image)) {
		tool_msg(stderr, prog, "%s: %s", j.device, strerror(errno));
		return CP_EXIT_FAIL;
	}
	topfd = open_dest(dest, into_dir, base, sizeof(base));
	if (topfd < 0) {
		tool_msg(stderr, prog, "%s: %s", dest, strerror(errno));
		return CP_EXIT_FAIL;
	}
	if (!into_dir && (!strcmp(base, ".") || !strcmp(base, ".."))) {
		tool_msg(stderr, prog, "%s: not a directory", dest);
		goto out;
	}
	if (cp_open_read(j.device, o, &j.d, &j.rej))
		goto out;
	for (i = 0; i < nsources; i++)
		if (copy_one(&j, &src[i], dest, into_dir, topfd, base))
			goto out;
	rc = CP_EXIT_OK;
	if (j.rejected) {
		tool_msg(stderr, prog, "%llu entr%s rejected by fsck.famfs not copied",
			 (unsigned long long)j.rejected, j.rejected == 1 ? "y" : "ies");
		rc = CP_EXIT_FAIL;
	}
	if (!o->quiet) {
		char h[32];

		tool_msg(stdout, prog, "%s %llu file%s (%s) and %llu director%s from %s%s",
			 o->dry_run ? "would copy" : "copied", (unsigned long long)j.files,
			 j.files == 1 ? "" : "s", human_size(j.bytes, h, sizeof(h)),
			 (unsigned long long)j.dirs, j.dirs == 1 ? "y" : "ies", j.device,
			 o->dry_run ? " (dry run, nothing written)" : "");
	}
out:
	cp_rejects_free(&j.rej);
	cp_devs_close(&j.d);
	close(topfd);
	return rc;
}
