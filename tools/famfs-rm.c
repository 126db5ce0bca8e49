// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * famfs-rm: remove files and directories from an unmounted famfs by
 * rewriting its log without them (libfamfs' crash-safe rewrite), which
 * also reclaims every stale slot. The old log's changed bytes go to an
 * undo file first, unless --no-undo.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <famfs/famfs.h>

#include "common.h"
#include "daxmode_guard.h"
#include "members.h"

static const char *prog = "famfs-rm";

enum { EXIT_OK = 0, EXIT_FAIL = 1, EXIT_USAGE = 2 };
enum { OPT_NO_UNDO = 256, OPT_IMAGE_DIR };

static void usage(FILE *out)
{
	fprintf(out,
		"Usage: %s [options] DEVICE:PATH...\n"
		"Remove files and directories from a famfs DAX device, pmem device or image\n"
		"file that no host has mounted; every PATH is inside the same DEVICE.\n"
		"\n"
		"Options:\n"
		"  -r, --recursive          remove directories and their contents\n"
		"  -f, --force              write even if this host is not the device's master\n"
		"  -z, --undo-file FILE     save what is overwritten to FILE (default:\n"
		"                           $" TOOL_UNDO_DIR_ENV " or the current directory,\n"
		"                           famfs-rm-DEVNAME-UUID-TIME.undo)\n"
		"      --no-undo            write no undo file (no way back after a crash)\n"
		"  -n, --dry-run            check and report everything, write nothing\n"
		"  -d, --device PATH        a member of a multi-device file system (repeat\n"
		"                           for each); default: this host's DAX devices\n"
		"      --image-dir DIR      look for members among DIR's files\n"
		"  -M, --set-daxmode        switch DAX devices in famfs mode to devdax for\n"
		"                           the run and back to famfs mode after\n"
		"  -v, --verbose            print each file and directory removed\n"
		"  -q, --quiet              print only errors\n"
		"  -V, --version            print the version and exit\n"
		"  -h, --help               print this help and exit\n"
		"\n"
		"Only DEVICE (the primary of a multi-device file system) is written; each\n"
		"member found is checked first, and a member not found is named.\n"
		"Exit status: 0 removed, 1 an error (nothing removed), 2 usage error.\n",
		prog);
}

static const struct option longopts[] = {
	{ "recursive", no_argument, NULL, 'r' },
	{ "force", no_argument, NULL, 'f' },
	{ "undo-file", required_argument, NULL, 'z' },
	{ "no-undo", no_argument, NULL, OPT_NO_UNDO },
	{ "dry-run", no_argument, NULL, 'n' },
	{ "device", required_argument, NULL, 'd' },
	{ "image-dir", required_argument, NULL, OPT_IMAGE_DIR },
	{ "set-daxmode", no_argument, NULL, 'M' },
	{ "verbose", no_argument, NULL, 'v' },
	{ "quiet", no_argument, NULL, 'q' },
	{ "version", no_argument, NULL, 'V' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

struct rm_opts {
	int recursive, force, dry_run, verbose, quiet, no_undo, set_daxmode;
	const char *undo_file;
	struct tool_members members;	/* -d, --image-dir */
};

#define usage_error(...) tool_usage_error(prog, EXIT_USAGE, __VA_ARGS__)

static int is_device(const char *path, struct stat *st)
{
	return !stat(path, st) && (S_ISREG(st->st_mode) || S_ISBLK(st->st_mode) ||
				   S_ISCHR(st->st_mode));
}

/* Split DEVICE:PATH at the first ':' whose prefix is a device (images may hold ':'). */
static char *split_arg(const char *arg, const char **path, struct stat *st)
{
	const char *colon;

	for (colon = strchr(arg, ':'); colon; colon = strchr(colon + 1, ':')) {
		char *dev = strndup(arg, (size_t)(colon - arg));

		if (!dev)
			return NULL;
		if (is_device(dev, st)) {
			*path = colon + 1;
			while (**path == '/')
				(*path)++;
			return dev;
		}
		free(dev);
	}
	return NULL;
}

struct targets {
	const struct famfs_node **node;
	int n;
};

static int is_target(void *arg, const struct famfs_node *node)
{
	const struct targets *t = arg;
	int i;

	for (i = 0; i < t->n; i++)
		if (t->node[i] == node)
			return 1;
	return 0;
}

static int under_target(const struct targets *t, const struct famfs_node *node)
{
	for (; node && node->parent; node = node->parent)
		if (is_target((void *)t, node))
			return 1;
	return 0;
}

static uint64_t node_bytes(const struct famfs_node *node)
{
	uint64_t n = node->ext_type == FAMFS_EXT_SIMPLE ? node->next : node->nstrips, i, sum = 0;

	for (i = 0; i < n; i++)
		sum = sum > UINT64_MAX - node->ext[i].len ? UINT64_MAX : sum + node->ext[i].len;
	return sum;
}

/* Find every PATH; refuse the root, a missing path, a non-empty directory without -r. */
static int find_targets(const struct famfs_ns *ns, char **paths, int n, const char *dev,
			const struct rm_opts *o, struct targets *t)
{
	int i;

	t->node = calloc((size_t)n, sizeof(*t->node));
	if (!t->node) {
		tool_msg(stderr, prog, "out of memory");
		return EXIT_FAIL;
	}
	for (i = 0; i < n; i++) {
		const struct famfs_node *node = famfs_ns_lookup(ns, paths[i]);

		if (!*paths[i] || (node && !node->parent)) {
			tool_msg(stderr, prog, "%s: refusing to remove the root directory", dev);
			return EXIT_FAIL;
		}
		if (!node) {
			tool_msg(stderr, prog, "%s:%s: no such file or directory", dev, paths[i]);
			return EXIT_FAIL;
		}
		if (node->type == FAMFS_NODE_DIR && node->child && !o->recursive) {
			tool_msg(stderr, prog, "%s:%s: directory not empty: give -r to remove it "
				 "and its contents", dev, paths[i]);
			return EXIT_FAIL;
		}
		t->node[t->n++] = node;
	}
	return EXIT_OK;
}

/* Print (with -v) and count what goes. */
static void report_removed(const struct famfs_ns *ns, const struct targets *t,
			   const struct rm_opts *o, uint64_t *files, uint64_t *dirs,
			   uint64_t *bytes)
{
	uint64_t i, count = famfs_ns_count(ns);

	*files = *dirs = *bytes = 0;
	for (i = 0; i < count; i++) {
		const struct famfs_node *node = famfs_ns_node(ns, i);
		uint64_t b;

		if (!under_target(t, node))
			continue;
		if (node->type == FAMFS_NODE_DIR) {
			(*dirs)++;
		} else {
			(*files)++;
			b = node_bytes(node);
			*bytes = *bytes > UINT64_MAX - b ? UINT64_MAX : *bytes + b;
		}
		if (o->verbose)
			tool_msg(stdout, NULL, "%s '%s'", o->dry_run ? "would remove" : "removed",
				 node->path);
	}
}

static int parse_opts(int argc, char **argv, struct rm_opts *o)
{
	int c;

	while ((c = getopt_long(argc, argv, "rfz:nMd:vqVh", longopts, NULL)) != -1) {
		switch (c) {
		case 'r': o->recursive = 1; break;
		case 'f': o->force = 1; break;
		case 'z': o->undo_file = optarg; break;
		case OPT_NO_UNDO: o->no_undo = 1; break;
		case 'n': o->dry_run = 1; break;
		case 'M': o->set_daxmode = 1; break;
		case 'd':
			if (tool_members_add(&o->members, optarg))
				return usage_error("-d: at most %d devices", FAMFS_MAX_DEVICES);
			break;
		case OPT_IMAGE_DIR: o->members.opts.image_dir = optarg; break;
		case 'v': o->verbose = 1; break;
		case 'q': o->quiet = 1; break;
		case 'V': print_version(prog); exit(tool_close_stdout(prog) ? EXIT_FAIL : EXIT_OK);
		case 'h': usage(stdout); exit(tool_close_stdout(prog) ? EXIT_FAIL : EXIT_OK);
		default:
			fprintf(stderr, "Try '%s --help' for more information.\n", prog);
			return EXIT_USAGE;
		}
	}
	if (o->undo_file && o->no_undo)
		return usage_error("--undo-file and --no-undo do not go together: give one");
	if (o->verbose && o->quiet)
		return usage_error("--verbose and --quiet do not go together: give one");
	if (o->undo_file && !*o->undo_file)
		return usage_error("--undo-file needs a file name");
	if (optind >= argc)
		return usage_error("give at least one DEVICE:PATH to remove");
	return -1;
}

/* Every argument's device, the same one; paths[] point into argv. */
static int parse_args(int argc, char **argv, char **dev, char ***paths)
{
	struct stat first = { 0 }, st;
	int i;

	*paths = calloc((size_t)argc, sizeof(**paths));
	if (!*paths)
		return EXIT_FAIL;
	for (i = 0; i < argc; i++) {
		const char *path;
		char *d = split_arg(argv[i], &path, &st);

		if (!d)
			return usage_error("'%s' is not DEVICE:PATH (DEVICE an image file or "
					   "device that exists)", argv[i]);
		if (!i) {
			*dev = d;
			first = st;
		} else {
			int same = st.st_dev == first.st_dev && st.st_ino == first.st_ino;

			free(d);
			if (!same)
				return usage_error("'%s' is on another device than '%s': "
						   "remove from one device at a time",
						   argv[i], argv[0]);
		}
		(*paths)[i] = (char *)path;
	}
	return -1;
}

/*
 * The secondaries of a multi-device file system, before anything is
 * written. Only the primary's log changes (a removed file's space on a
 * secondary is freed by the log alone), so a member that is not found is
 * named and the removal goes on; one that is found but is not what the
 * device table records (another file system, smaller, a bad superblock,
 * two candidates) stops it: the set is not what the log says.
 */
static int check_members(const char *dev, const struct rm_opts *o)
{
	struct famfs_error err = { 0 }, why;
	struct famfs_superblock sb;
	struct famfs_set *set;
	uint32_t i, count;
	int rc = EXIT_OK;

	/* the writer reports a device it cannot read */
	if (famfs_sb_read(dev, &sb, NULL, &err) || sb.magic != FAMFS_SB_MAGIC)
		return EXIT_OK;
	if (!(sb.flags & FAMFS_SB_FLAG_PRIMARY)) {
		if (!o->quiet)
			tool_members_unused(prog, dev, &o->members);
		return EXIT_OK;
	}
	set = tool_members_open(dev, &o->members, &err);
	if (!set) {
		tool_msg(stderr, prog, "%s", err.msg);
		return EXIT_FAIL;
	}
	count = famfs_set_devset(set)->count;
	for (i = 1; i < count; i++) {
		memset(&why, 0, sizeof(why));
		if (!famfs_set_member_error(set, i, &why))
			continue;
		if (why.code == -FAMFS_E_DEV_MISSING) {
			if (!o->quiet)
				tool_msg(stderr, prog, "warning: %s: not checked (only %s is "
					 "written; give -d PATH or --image-dir DIR to check it)",
					 why.msg, dev);
			continue;
		}
		tool_msg(stderr, prog, "%s; nothing removed (give the right member with -d "
			 "or --image-dir, or run fsck.famfs)", why.msg);
		rc = EXIT_FAIL;
	}
	famfs_set_close(set);
	return rc;
}

static int run(const char *dev, char **paths, int n, const struct rm_opts *o)
{
	struct famfs_error err = { 0 };
	struct famfs_writer *w = NULL;
	struct famfs_rewrite_stats st;
	struct famfs_log_entry *keep = NULL;
	struct targets t = { 0 };
	uint64_t nkeep, files, dirs, bytes;
	char *undo = NULL, hs[32];
	unsigned int flags = (o->force ? FAMFS_WRITER_FORCE : 0) |
			     (o->dry_run ? FAMFS_WRITER_DRY_RUN : 0);
	int rc, ret = EXIT_FAIL;

	if (check_members(dev, o))
		return EXIT_FAIL;
	rc = famfs_writer_open(dev, flags, &w, &err);
	if (rc) {
		tool_msg(stderr, prog, "%s%s", err.msg, rc == -FAMFS_E_NOT_MASTER ?
			 " (give --force to write anyway)" : "");
		return EXIT_FAIL;
	}
	ret = find_targets(famfs_writer_ns(w), paths, n, dev, o, &t);
	if (ret)
		goto out;
	ret = EXIT_FAIL;
	report_removed(famfs_writer_ns(w), &t, o, &files, &dirs, &bytes);
	rc = famfs_rewrite_select(w, is_target, &t, &keep, &nkeep, &err);
	if (rc) {
		tool_msg(stderr, prog, "%s: %s", dev, err.msg);
		goto out;
	}
	if (!o->no_undo && !o->dry_run) {
		undo = o->undo_file ? strdup(o->undo_file) :
			tool_default_undo_path(prog, dev,
					       famfs_fs_superblock(famfs_writer_fs(w))->uuid);
		if (!undo) {
			tool_msg(stderr, prog, "out of memory");
			goto out;
		}
	}
	if (o->no_undo && !o->dry_run)
		tool_msg(stderr, prog, "warning: no undo file: a crash while the log is "
			 "rewritten can leave %s unreadable", dev);
	rc = famfs_writer_rewrite(w, keep, nkeep, undo, &st, &err);
	if (rc) {
		tool_msg(stderr, prog, "%s: %s", dev, err.msg);
		if (undo && w && rc != -EEXIST)
			tool_msg(stderr, prog, "if %s exists, 'famfs-undo %s %s' restores the "
				 "device as it was", undo, undo, dev);
		goto out;
	}
	if (!o->quiet) {
		human_size(bytes, hs, sizeof(hs));
		tool_msg(stdout, NULL, "%s: %s %llu file%s and %llu director%s, %s %s; "
			 "%llu of %llu log slots %s", dev, o->dry_run ? "would remove" : "removed",
			 (unsigned long long)files, files == 1 ? "" : "s", (unsigned long long)dirs,
			 dirs == 1 ? "y" : "ies", o->dry_run ? "would free" : "freed", hs,
			 (unsigned long long)(st.slots_before - st.slots_after),
			 (unsigned long long)st.slots_before,
			 o->dry_run ? "would be reclaimed" : "reclaimed");
		if (undo)
			tool_msg(stdout, NULL, "undo file: %s ('famfs-undo %s %s' takes this back)",
				 undo, undo, dev);
	}
	ret = EXIT_OK;
out:
	free(undo);
	free(keep);
	free(t.node);
	famfs_writer_close(w);
	return ret;
}

int main(int argc, char **argv)
{
	struct rm_opts o = { 0 };
	char *dev = NULL, **paths = NULL;
	int rc;

	argv[0] = (char *)prog;	/* getopt's messages name the tool, not its path */
	rc = parse_opts(argc, argv, &o);
	if (rc >= 0)
		return rc;
	rc = parse_args(argc - optind, argv + optind, &dev, &paths);
	if (rc < 0 && daxmode_guard_begin(prog, dev, o.members.opts.paths, o.members.opts.npaths,
					  o.set_daxmode, GUARD_RESTORE, EXIT_FAIL))
		rc = EXIT_FAIL;
	if (rc < 0)
		rc = run(dev, paths, argc - optind, &o);
	free(dev);
	free(paths);
	if (tool_close_stdout(prog) && !rc)
		rc = EXIT_FAIL;
	return rc;
}
