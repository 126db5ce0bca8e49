// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * famfs-cp, host to device. The copy runs twice over the sources: first
 * as a plan on a dry-run writer (every check, every allocation, nothing
 * written), then for real, while the real writer holds the device's lock
 * so nothing can change in between. Whatever the plan refuses (a path in
 * use, no space, a full log, a source that cannot be copied) is refused
 * before a byte is written.
 *
 * Sources are walked through directory fds and opened with O_NOFOLLOW,
 * and each opened fd must be the file lstat planned (device, inode,
 * type, and size for a file): a file swapped for a link in between is
 * refused, never followed. The real pass takes each entry's lstat from
 * the plan rather than repeating it, and refuses a directory whose
 * entries are no longer the planned ones.
 *
 * With -r, source system calls run ahead on a few threads (cp_readers.c):
 * the plan opens each entry its directory lists as a regular file, takes
 * its fstat as the plan's record and keeps a small one's bytes, read from
 * that same fd, for the real pass, which then writes them with no second
 * open; other entries are lstat'ed, and a small file the plan could not
 * keep is opened, checked against the plan and read ahead by the real
 * pass. This thread takes the results in walk order, so files are
 * created, and errors said, in the same order as without the threads.
 */
#include <dirent.h>
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
#include "cp_plan.h"
#include "cp_readers.h"

struct job {
	const struct cp_opts *o;
	const char *device;
	struct stat image;		/* the device itself: never a source */
	struct cp_members members;	/* nor any other member of its file system */
	struct famfs_writer *w;
	int real;			/* 0: the plan pass */
	struct cp_plan *plan;		/* filled by the plan pass, followed by the real one */
	struct cp_readers *readers;	/* -r: threads reading ahead */
	uint64_t files, dirs, bytes, skipped;
	struct progress *progress;
};

/* A host source: its name in dirfd (AT_FDCWD and the whole path at the top). */
struct src {
	int dirfd;
	const char *name;
	const char *path;		/* for messages */
	struct stat st;			/* what lstat saw when it was planned */
	size_t plan_pos;		/* a directory: its entry in the plan, or SIZE_MAX */
	struct cp_read_item *read;	/* a small file: read ahead, or NULL */
	const uint8_t *data;		/* a small file: read while planned, or NULL */
};

static void print_layout(const struct job *j, const char *dst, uint64_t size,
			 const struct famfs_fmap *f)
{
	char h[32], c[32], line[1024];
	size_t used;
	uint64_t i;

	used = (size_t)snprintf(line, sizeof(line), "%s", human_size(size, h, sizeof(h)));
	if (f->ext_type == FAMFS_EXT_INTERLEAVE) {
		used += (size_t)snprintf(line + used, sizeof(line) - used,
					 ", %llu strips of %s, chunk %s:",
					 (unsigned long long)f->nstrips,
					 human_size(f->strips[0].len, h, sizeof(h)),
					 human_size(f->chunk_size, c, sizeof(c)));
		for (i = 0; i < f->nstrips && used < sizeof(line); i++)
			used += (size_t)snprintf(line + used, sizeof(line) - used, " 0x%llx",
						 (unsigned long long)f->strips[i].offset);
	} else {
		for (i = 0; i < f->count && used < sizeof(line); i++)
			used += (size_t)snprintf(line + used, sizeof(line) - used,
						 ", extent [0x%llx, +%llu)",
						 (unsigned long long)f->ext[i].offset,
						 (unsigned long long)f->ext[i].len);
		if (f->count > 1 && used < sizeof(line))
			used += (size_t)snprintf(line + used, sizeof(line) - used,
						 " (%u extents: no free range holds it whole)",
						 f->count);
	}
	if (used >= sizeof(line))
		used = sizeof(line) - 1;
	cp_place_describe(j->w, f, line + used, sizeof(line) - used);
	tool_msg(stdout, NULL, "%s:%s: %s%s", j->device, dst, line, j->real ? "" : " (dry run)");
}

/* Say what went wrong with a source; returns -1 to stop the pass. */
static int fail(const char *what, const char *msg)
{
	tool_msg(stderr, prog, "%s: %s", what, msg);
	return -1;
}

/*
 * Open a source planned by lstat, never following a link at its name
 * (O_NONBLOCK: a FIFO put there must not hang us), and check the fd is
 * the very file that was planned. Returns the fd or -1 after saying why.
 */
static int open_planned(const struct src *s, int flags, struct stat *now)
{
	enum cp_read_fail why;
	int sys_errno = 0;
	int fd = cp_open_planned(s->dirfd, s->name, flags, &s->st, now, &why, &sys_errno);

	if (fd < 0)
		fail(s->path, cp_read_fail_msg(why, sys_errno));
	return fd;
}

/* 1: the device itself, 2: another member of its file system (never sources) */
static int is_image(const struct job *j, const struct stat *st)
{
	if (st->st_dev == j->image.st_dev && st->st_ino == j->image.st_ino)
		return 1;
	return cp_members_has(&j->members, st) ? 2 : 0;
}

static void count_progress(void *arg, uint64_t bytes)
{
	progress_add(arg, bytes);
}

static uint32_t owner_of(const struct job *j, const struct stat *st)
{
	return j->o->have_uid ? j->o->uid : (uint32_t)st->st_uid;
}

static uint32_t group_of(const struct job *j, const struct stat *st)
{
	return j->o->have_gid ? j->o->gid : (uint32_t)st->st_gid;
}

/* Hosts ignore an owner with only one of uid and gid set: say so when writing one. */
static void warn_owner(const struct job *j, const char *dst, uint32_t uid, uint32_t gid)
{
	uint32_t hu = uid, hg = gid;

	if (!j->o->quiet && (j->real || j->o->dry_run) && famfs_replay_owner(&hu, &hg))
		tool_msg(stderr, prog, "warning: %s:%s: uid %u gid %u: hosts replaying the log "
			 "apply an owner only when uid and gid are both non-zero, so they will "
			 "show it owned by %u:%u (give --owner and --group both non-zero to "
			 "keep it)",
			 j->device, dst, uid, gid, hu, hg);
}

static int copy_file(struct job *j, const struct src *s, const char *dst)
{
	const struct stat *st = &s->st;
	struct famfs_error err = { 0 };
	struct famfs_new_file nf = {
		.path = dst, .size = (uint64_t)st->st_size,
		.mode = S_IFREG | (j->o->have_mode ? j->o->mode : (uint32_t)(st->st_mode & 07777)),
		.uid = owner_of(j, st), .gid = group_of(j, st),
		.stripe = j->o->striped ? &j->o->stripe : NULL,
	};
	struct famfs_fmap fmap;
	struct stat now;
	int fd = -1, rc;

	cp_place_file(j->o, &nf);
	if (is_image(j, st)) {
		tool_msg(stderr, prog, "%s: is the device %s %s; not copied", s->path,
			 j->device, is_image(j, st) == 1 ? "itself" : "or a member of its set");
		return -1;
	}
	if (s->data) {
		/* read from the very fd the plan's fstat came from */
		rc = famfs_writer_create_mem(j->w, &nf, s->data, &fmap, &err);
		goto created;
	}
	if (s->read) {
		/* read ahead: already checked against the plan */
		if (s->read->fail)
			return fail(s->path, cp_read_fail_msg(s->read->fail, s->read->sys_errno));
		rc = famfs_writer_create_mem(j->w, &nf, s->read->data, &fmap, &err);
		goto created;
	}
	if (j->real) {
		fd = open_planned(s, O_RDONLY, &now);
		if (fd < 0)
			return -1;
		if (now.st_size != st->st_size) {
			close(fd);
			return fail(s->path, "changed size since it was planned; try again");
		}
	}
	rc = famfs_writer_create_fd(j->w, &nf, fd, &fmap, &err);
	if (fd >= 0)
		close(fd);
created:
	if (rc)
		return fail(s->path, err.msg);
	warn_owner(j, dst, nf.uid, nf.gid);
	j->files++;
	if (__builtin_add_overflow(j->bytes, nf.size, &j->bytes))
		j->bytes = UINT64_MAX;	/* sparse sources can sum past 64 bits */
	if (j->o->verbose && (j->real || j->o->dry_run))
		print_layout(j, dst, nf.size, &fmap);
	return 0;
}

static int make_dir(struct job *j, const char *dst, uint32_t mode, uint32_t uid, uint32_t gid)
{
	struct famfs_error err = { 0 };

	warn_owner(j, dst, uid, gid);

	if (famfs_writer_mkdir(j->w, dst, S_IFDIR | mode, uid, gid, &err)) {
		tool_msg(stderr, prog, "%s:%s: %s", j->device, dst, err.msg);
		return -1;
	}
	j->dirs++;
	if (j->o->verbose && (j->real || j->o->dry_run))
		tool_msg(stdout, NULL, "%s:%s/: directory%s", j->device, dst,
			 j->real ? "" : " (dry run)");
	return 0;
}

static const char *kind_of(mode_t m)
{
	if (S_ISLNK(m))
		return "a symbolic link; famfs holds only files and directories";
	if (S_ISBLK(m) || S_ISCHR(m))
		return "a device; famfs holds only files and directories";
	if (S_ISFIFO(m))
		return "a FIFO; famfs holds only files and directories";
	if (S_ISSOCK(m))
		return "a socket; famfs holds only files and directories";
	return "not a regular file; famfs holds only files and directories";
}

static int copy_any(struct job *j, const struct src *s, const char *dst);

/* A directory is copied with no run active: its own entries get one. */
static int copy_subdir(struct job *j, struct cp_read_run *run, const struct src *c,
		       const char *dst)
{
	int rc;

	cp_readers_halt(j->readers);
	rc = copy_any(j, c, dst);
	cp_readers_run(j->readers, run);
	return rc;
}

static int copy_entry(struct job *j, const struct src *dir, struct cp_read_run *run, size_t i,
		      const char *dst)
{
	char path[PATH_MAX], d[FAMFS_PATH_MAX + 1];
	struct cp_read_item *it = &run->items[i];
	uint8_t *data = NULL;
	uint64_t bytes = 0;
	int rc;
	const char *name = it->name;
	struct src c = { .dirfd = run->dirfd, .name = name, .path = path,
			 .plan_pos = SIZE_MAX };

	if (join_path(path, sizeof(path), dir->path, name))
		return fail(dir->path, "cannot read a directory entry");
	if (j->real) {
		if (cp_plan_take(j->plan, name, &c.st))
			return fail(path, "is not what the plan saw in its directory "
				    "(it changed since it was planned); try again");
		if (it->job == CP_JOB_READ)
			c.read = cp_readers_take(j->readers, i);
		c.data = data = cp_plan_take_data(j->plan, j->plan->next - 1, &bytes);
	} else {
		it = cp_readers_take(j->readers, i);
		if (it->fail)
			return fail(dir->path, "cannot read a directory entry");
		c.st = it->st;
		c.plan_pos = j->plan->n;
		if (cp_plan_add(j->plan, name, &c.st))
			return fail(dir->path, "out of memory for the plan");
		/* the real pass copies it from memory: no second open */
		cp_plan_keep_data(j->plan, it->data, it->bytes);
		it->data = NULL;
		it->bytes = 0;
	}
	if (join_path(d, sizeof(d), dst, name) || strlen(d) >= FAMFS_PATH_MAX) {
		tool_msg(stderr, prog, "%s: its famfs path '%s/%s' is longer than %d bytes",
			 path, dst, name, FAMFS_PATH_MAX - 1);
		rc = -1;
		goto out;
	}
	if ((!S_ISREG(c.st.st_mode) && !S_ISDIR(c.st.st_mode)) || is_image(j, &c.st)) {
		if (!j->real)
			tool_msg(stderr, prog, "skipped '%s': %s", path, is_image(j, &c.st) ?
				 (is_image(j, &c.st) == 1 ? "it is the device itself" :
				  "it is a member of the device's set") : kind_of(c.st.st_mode));
		j->skipped++;
		rc = 0;
		goto out;
	}
	if (S_ISDIR(c.st.st_mode))
		return copy_subdir(j, run, &c, d);
	rc = copy_any(j, &c, d);
out:
	if (c.read)
		cp_readers_release(j->readers, c.read);
	free(data);
	cp_readers_give_back(j->readers, bytes);
	return rc;
}

/* A directory's planned entries end with an empty name, which no entry has. */
static int end_of_dir(struct job *j, const struct src *s)
{
	struct stat none = { 0 };

	if (!j->real && cp_plan_add(j->plan, "", &none))
		return fail(s->path, "out of memory for the plan");
	if (!j->real)
		cp_plan_end_dir(j->plan, s->plan_pos);
	if (j->real && cp_plan_take(j->plan, "", &none))
		return fail(s->path, "has entries the plan did not see (it changed since it "
			    "was planned); try again");
	return 0;
}

/*
 * What the threads do ahead for a directory's entries: the plan opens
 * and reads what the directory lists as regular files, and lstats the
 * rest; the real pass reads each small regular file the plan did not
 * keep. The plan is looked at in order, as the entries will be taken.
 */
static void plan_jobs(const struct job *j, struct cp_read_item *items, struct dirent **names,
		      size_t n)
{
	size_t pos = j->plan->next, i;
	struct stat st;
	int kept;

	for (i = 0; i < n; i++) {
		if (!strcmp(items[i].name, ".") || !strcmp(items[i].name, ".."))
			continue;
		if (!j->real) {
			/* a dry run reads nothing */
			items[i].job = names[i]->d_type == DT_REG && !j->o->dry_run ?
				       CP_JOB_PLAN_READ : CP_JOB_LSTAT;
			continue;
		}
		kept = cp_plan_has_data(j->plan, pos);
		if (cp_plan_sibling(j->plan, &pos, items[i].name, &st))
			break;		/* the tree changed: taking it in order says so */
		if (!kept && S_ISREG(st.st_mode) && !is_image(j, &st) &&
		    st.st_size <= CP_READ_AHEAD_MAX) {
			items[i].job = CP_JOB_READ;
			items[i].want = st;
		}
	}
}

/* The run over a directory's entries is over: give back what was not taken. */
static void end_run(struct job *j, struct cp_read_run *run)
{
	size_t i;

	cp_readers_halt(j->readers);
	for (i = 0; i < run->n; i++)
		if (run->items[i].bytes || run->items[i].data)
			cp_readers_release(j->readers, &run->items[i]);
	free(run->items);
}

static int copy_tree(struct job *j, const struct src *s, const char *dst)
{
	const struct stat *st = &s->st;
	struct cp_read_run run = { 0 };
	struct dirent **names;
	struct stat now;
	int n, i, fd, rc = 0;

	if (make_dir(j, dst, (uint32_t)(st->st_mode & 07777), owner_of(j, st), group_of(j, st)))
		return -1;
	fd = open_planned(s, O_RDONLY | O_DIRECTORY, &now);
	if (fd < 0)
		return -1;
	n = scandirat(fd, ".", &names, NULL, alphasort);
	if (n < 0) {
		close(fd);
		return fail(s->path, strerror(errno));
	}
	run.items = calloc((size_t)n ? (size_t)n : 1, sizeof(*run.items));
	if (!run.items)
		rc = fail(s->path, "out of memory");
	for (i = 0; !rc && i < n; i++)
		run.items[i].name = names[i]->d_name;
	if (!rc) {
		run.dirfd = fd;
		run.image = &j->image;
		run.n = (size_t)n;
		plan_jobs(j, run.items, names, run.n);
		cp_readers_run(j->readers, &run);
		for (i = 0; !rc && i < n; i++)
			if (strcmp(run.items[i].name, ".") && strcmp(run.items[i].name, ".."))
				rc = copy_entry(j, s, &run, (size_t)i, dst);
		end_run(j, &run);
	}
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	close(fd);
	return rc ? rc : end_of_dir(j, s);
}

static int copy_any(struct job *j, const struct src *s, const char *dst)
{
	if (S_ISDIR(s->st.st_mode))
		return copy_tree(j, s, dst);
	return copy_file(j, s, dst);
}

/* The last component of a host path, without trailing slashes. */
static const char *base_name(const char *path, char *buf, size_t len)
{
	size_t n = strlen(path);
	const char *slash;

	while (n > 1 && path[n - 1] == '/')
		n--;
	snprintf(buf, len, "%.*s", (int)n, path);
	slash = strrchr(buf, '/');
	return slash && slash[1] ? slash + 1 : buf;
}

/* -p: make every missing directory above path. */
static int make_parents(struct job *j, const char *path)
{
	const struct famfs_ns *ns = famfs_writer_ns(j->w);
	char buf[FAMFS_PATH_MAX + 1];
	char *slash;
	uint32_t uid = j->o->have_uid ? j->o->uid : (uint32_t)getuid();
	uint32_t gid = j->o->have_gid ? j->o->gid : (uint32_t)getgid();

	snprintf(buf, sizeof(buf), "%s", path);
	for (slash = strchr(buf, '/'); slash; slash = strchr(slash + 1, '/')) {
		*slash = '\0';
		if (!famfs_ns_lookup(ns, buf) && make_dir(j, buf, 0755, uid, gid))
			return -1;
		*slash = '/';
	}
	return 0;
}

/* Check a top-level source and find where it goes. */
static int copy_source(struct job *j, const char *src, const char *dest, int into_dir)
{
	char b[PATH_MAX], d[FAMFS_PATH_MAX + PATH_MAX];
	struct src s = { .dirfd = AT_FDCWD, .name = src, .path = src, .plan_pos = SIZE_MAX };
	struct stat st;

	if (lstat(src, &st))
		return fail(src, strerror(errno));
	s.st = st;
	if (S_ISDIR(st.st_mode) && !j->o->recursive)
		return fail(src, "is a directory; use -r to copy it and its contents");
	if (!S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode)) {
		tool_msg(stderr, prog, "%s: %s", src, kind_of(st.st_mode));
		return -1;
	}
	if (into_dir) {
		if (join_path(d, sizeof(d), dest, base_name(src, b, sizeof(b))))
			return fail(src, "path too long");
	} else {
		snprintf(d, sizeof(d), "%s", dest);
	}
	if (strlen(d) >= FAMFS_PATH_MAX) {
		tool_msg(stderr, prog, "%s: its famfs path '%s' is longer than %d bytes", src, d,
			 FAMFS_PATH_MAX - 1);
		return -1;
	}
	if (j->o->parents && make_parents(j, d))
		return -1;
	return copy_any(j, &s, d);
}

/* Whether a DEST ending in '/' that does not exist may be made by the copy itself. */
static int source_makes_dir(const struct job *j, char **sources, int n)
{
	struct stat st;

	return n == 1 && j->o->recursive && !lstat(sources[0], &st) && S_ISDIR(st.st_mode);
}

/*
 * want_dir: DEST ended in '/', so it names a directory, as with cp(1): it
 * must exist, or -p makes it; a single directory copied with -r may
 * become it.
 */
static int run_pass(struct job *j, char **sources, int n, const char *dest, int want_dir)
{
	const struct famfs_node *target = famfs_ns_lookup(famfs_writer_ns(j->w), dest);
	int into_dir = target && target->type == FAMFS_NODE_DIR;
	char sub[FAMFS_PATH_MAX + 2];
	int i;

	if (want_dir && target && !into_dir) {
		tool_msg(stderr, prog, "%s:%s/: not a directory", j->device, dest);
		return -1;
	}
	if (want_dir && !target && j->o->parents) {
		snprintf(sub, sizeof(sub), "%s/", dest);
		if (make_parents(j, sub))
			return -1;
		into_dir = 1;
	} else if (want_dir && !target && !source_makes_dir(j, sources, n)) {
		tool_msg(stderr, prog, "%s:%s/: no such directory; give -p to create it",
			 j->device, dest);
		return -1;
	}
	if (target && !into_dir) {
		tool_msg(stderr, prog, "%s:%s already exists; famfs files cannot be replaced",
			 j->device, dest);
		return -1;
	}
	if (!into_dir && n > 1) {
		tool_msg(stderr, prog, "%s:%s: to copy several sources, give an existing directory",
			 j->device, dest);
		return -1;
	}
	for (i = 0; i < n; i++)
		if (copy_source(j, sources[i], dest, into_dir))
			return -1;
	return 0;
}

static int open_writer(const struct cp_opts *o, const char *device, unsigned int flags,
		       struct famfs_writer **w)
{
	struct famfs_error err = { 0 };
	int rc;

	if (o->force)
		flags |= FAMFS_WRITER_FORCE;
	rc = famfs_writer_open_set(device, flags, &o->members, w, &err);
	if (!rc)
		return 0;
	if (rc == -FAMFS_E_SB_MAGIC || rc == -FAMFS_E_SB_KILLED) {
		char msg[FAMFS_ERROR_MSG_MAX + 256];

		tool_msg(stderr, prog, "%s", tool_no_famfs_msg(msg, sizeof(msg), device, NULL));
		return -1;
	}
	tool_msg(stderr, prog, "%s", err.msg);
	if (rc == -FAMFS_E_NOT_MASTER)
		fprintf(stderr, "%s: run famfs-cp on the master host, or give -f if you are "
			"sure no host has this device mounted\n", prog);
	cp_place_open_failed(rc, device);
	return -1;
}

/*
 * Files go in batches (see famfs_writer_batch_begin): one data sync and
 * one header update for many files, each still absent or complete after
 * a crash.
 */
static int begin_batch(struct job *j)
{
	struct famfs_error err = { 0 };

	if (!famfs_writer_batch_begin(j->w, 0, 0, &err))
		return 0;
	tool_msg(stderr, prog, "%s", err.msg);
	return -1;
}

static int commit_batch(struct job *j)
{
	uint64_t pending = famfs_writer_batch_pending(j->w);
	struct famfs_error err = { 0 };

	if (!famfs_writer_batch_commit(j->w, &err))
		return 0;
	tool_msg(stderr, prog, "%s", err.msg);
	tool_msg(stderr, prog, "the last %llu entries may be missing; run fsck.famfs %s",
		 (unsigned long long)pending, j->device);
	return -1;
}

static void summary(const struct job *j)
{
	char h[32];

	if (j->o->quiet)
		return;
	tool_msg(stdout, prog, "%s %llu file%s (%s) and %llu director%s to %s%s",
		 j->real ? "copied" : "would copy", (unsigned long long)j->files,
		 j->files == 1 ? "" : "s", human_size(j->bytes, h, sizeof(h)),
		 (unsigned long long)j->dirs, j->dirs == 1 ? "y" : "ies",
		 j->device, j->real ? "" : " (dry run, nothing written)");
}

int cp_in(const struct cp_opts *o, char **sources, int nsources, const struct devpath *dst)
{
	char dest[FAMFS_PATH_MAX + 1];
	size_t dlen = strlen(dst->path);
	int want_dir = dlen && dst->path[dlen - 1] == '/';
	struct progress progress = o->progress;
	struct cp_plan entries = { 0 };
	struct job plan = { .o = o, .device = dst->device, .progress = &progress,
			    .plan = &entries };
	struct job real = plan;
	struct famfs_writer *w = NULL;
	int rc = CP_EXIT_FAIL, stop;

	if (stat(dst->device, &plan.image))
		return fail(dst->device, strerror(errno));
	real.image = plan.image;
	/* "sub/" names the directory "sub" */
	while (dlen && dst->path[dlen - 1] == '/')
		dlen--;
	if (dlen >= sizeof(dest)) {
		tool_msg(stderr, prog, "%s:%s: path is longer than %d bytes", dst->device,
			 dst->path, FAMFS_PATH_MAX - 1);
		return CP_EXIT_FAIL;
	}
	snprintf(dest, sizeof(dest), "%.*s", (int)dlen, dst->path);
	/*
	 * The real writer first: its lock keeps the device still for the
	 * plan. A dry run opens it too (read-write, locked, nothing written),
	 * so it fails wherever the real run would.
	 */
	if (open_writer(o, dst->device, 0, &w))
		return CP_EXIT_FAIL;
	rc = cp_place_check(o, w, dst->device);
	if (rc >= 0)
		goto out;
	rc = CP_EXIT_FAIL;
	cp_members_stat(&plan.members, w);
	real.members = plan.members;
	if (o->recursive) {
		plan.readers = real.readers = cp_readers_new();
		if (!plan.readers) {
			fail(dst->device, "out of memory");
			goto out;
		}
	}
	if (open_writer(o, dst->device, FAMFS_WRITER_DRY_RUN, &plan.w))
		goto out;
	if (run_pass(&plan, sources, nsources, dest, want_dir)) {
		tool_msg(stderr, prog, "nothing was written to %s", dst->device);
		goto out;
	}
	if (o->dry_run) {
		summary(&plan);
		rc = plan.skipped ? CP_EXIT_FAIL : CP_EXIT_OK;
		goto out;
	}
	real.w = w;
	real.real = 1;
	famfs_writer_set_progress(w, count_progress, &progress);
	progress_start(&progress, o->progress.enabled, plan.bytes);
	if (begin_batch(&real))
		goto out;
	stop = run_pass(&real, sources, nsources, dest, want_dir);
	/* what was copied before a failure is complete: keep it */
	if (commit_batch(&real))
		stop = -1;
	if (stop) {
		progress_end(&progress);
		fprintf(stderr, "%s: stopped after copying %llu files and %llu directories\n",
			prog, (unsigned long long)real.files, (unsigned long long)real.dirs);
		goto out;
	}
	progress_end(&progress);
	summary(&real);
	rc = real.skipped ? CP_EXIT_FAIL : CP_EXIT_OK;
	if (real.skipped && !o->quiet)
		fprintf(stderr, "%s: %llu source%s skipped\n", prog,
			(unsigned long long)real.skipped, real.skipped == 1 ? "" : "s");
out:
	famfs_writer_close(plan.w);
	famfs_writer_close(w);
	cp_readers_free(plan.readers);
	cp_plan_free(&entries);
	return rc;
}
