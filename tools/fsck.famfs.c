// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * fsck.famfs: check a famfs file system offline and report. Without -p,
 * -a or -y it only reads; with them, errors found are repaired through
 * the crash-safe log rewrite (fsck_repair.c).
 */
#include <errno.h>
#include <getopt.h>
#include <stdint.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common.h"
#include "daxmode_guard.h"
#include "fsck.h"
#include "fsck_progress.h"
#include "json.h"
#include "members.h"

static const char *prog = "fsck.famfs";

static void usage(FILE *out)
{
	fprintf(out,
		"Usage: %s [options] DEVICE|IMAGE\n"
		"Check the famfs file system on a DAX device, pmem device or image file:\n"
		"superblock, log, namespace and space. Only -p, -a and -y write: they\n"
		"repair the log, saving what they overwrite to an undo file first.\n"
		"\n"
		"Options:\n"
		"  -n, --no-modify     check only, write nothing (the default)\n"
		"  -p, -a, --preen     fsck(8): repair what loses nothing (no entry dropped)\n"
		"  -y, --yes           fsck(8): every repair, each listed\n"
		"  -z, --undo-file FILE  with -p/-y: the undo file (default:\n"
		"                      $" TOOL_UNDO_DIR_ENV " or .,\n"
		"                      fsck.famfs-DEVNAME-UUID-TIME.undo)\n"
		"      --no-undo       with -p/-y: write no undo file\n"
		"  -f, --force         check even if clean (every check is a full one)\n"
		"  -C, --progress FD   fsck(8): write \"pass done total device\" lines to FD;\n"
		"                      0 shows a progress line on a terminal's stdout\n"
		"  -v, --verbose       also list every file and directory with its layout,\n"
		"                      and the entries hosts do not replay\n"
		"      --as-replayed   list what hosts see after replaying the log with the\n"
		"                      reference famfs, instead of what the log says (implies -v)\n"
		"  -H, --human         print sizes in KiB, MiB, GiB\n"
		"  -j, --json          print one JSON document instead of the text report\n"
		"  -q, --quiet         print only the findings\n"
		"  -M, --set-daxmode   switch a DAX device in famfs mode to devdax for the\n"
		"                      check, and back after\n"
		"  -d, --device PATH   a member of a multi-device file system (repeat for\n"
		"                      each); default: this host's DAX devices\n"
		"      --image-dir DIR look for the members among DIR's files\n"
		"  -V, --version       print the version and exit\n"
		"  -h, --help          print this help and exit\n"
		"\n"
		"Exit status: 0 clean (warnings allowed), 1 errors fixed, 4 errors left,\n"
		"8 operational error (cannot open or read, or no famfs superblock),\n"
		"16 usage error, 32 cancelled.\n",
		prog);
}

enum { OPT_AS_REPLAYED = 256, OPT_NO_UNDO, OPT_IMAGE_DIR };

static const struct option longopts[] = {
	{ "no-modify", no_argument, NULL, 'n' },
	{ "preen", no_argument, NULL, 'p' },
	{ "yes", no_argument, NULL, 'y' },
	{ "undo-file", required_argument, NULL, 'z' },
	{ "no-undo", no_argument, NULL, OPT_NO_UNDO },
	{ "force", no_argument, NULL, 'f' },
	{ "progress", required_argument, NULL, 'C' },
	{ "verbose", no_argument, NULL, 'v' },
	{ "human", no_argument, NULL, 'H' },
	{ "json", no_argument, NULL, 'j' },
	{ "quiet", no_argument, NULL, 'q' },
	{ "set-daxmode", no_argument, NULL, 'M' },
	{ "version", no_argument, NULL, 'V' },
	{ "help", no_argument, NULL, 'h' },
	{ "as-replayed", no_argument, NULL, OPT_AS_REPLAYED },
	{ "device", required_argument, NULL, 'd' },
	{ "image-dir", required_argument, NULL, OPT_IMAGE_DIR },
	{ NULL, 0, NULL, 0 },
};

struct args {
	int verbose, human, json, quiet, as_replayed, set_daxmode;
	/* the repair mode asked for, as typed ("-p", "-y", "-n"), or NULL */
	const char *mode;
	int preen;
	const char *undo_file;
	int no_undo;
	struct fsck_progress progress;
	const char *device;
	/* members of a multi-device file system: -d (repeatable), --image-dir */
	const char *members[FAMFS_MAX_DEVICES];
	struct famfs_resolve_opts resolve;
};

#define usage_error(...) tool_usage_error(prog, FSCK_USAGE, __VA_ARGS__)

/* -n, -p/-a and -y exclude one another, as in e2fsck. */
static int set_mode(struct args *a, const char *opt)
{
	if (a->mode && strcmp(a->mode, opt) &&
	    !(strchr("pa", a->mode[1]) && strchr("pa", opt[1])))
		return usage_error("%s and %s exclude each other: give one of -n, -p (-a), -y",
				   a->mode, opt);
	a->mode = opt;
	return -1;
}

static int parse_progress_fd(const char *s, struct args *a)
{
	unsigned long v;
	char *end;

	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno || end == s || *end || *s == '-' || v > INT32_MAX)
		return usage_error("-C '%s': give a file descriptor number", s);
	a->progress.fd = (int)v;
	a->progress.wanted = 1;
	return -1;
}

/* Returns -1 to go on, else the exit code. */
static int parse_args(int argc, char **argv, struct args *a)
{
	int c, rc;

	while ((c = getopt_long(argc, argv, "napyz:fC:vHjqMd:Vh", longopts, NULL)) != -1) {
		rc = -1;
		switch (c) {
		case 'n':
			rc = set_mode(a, "-n");
			break;
		case 'd':
			if (a->resolve.npaths == FAMFS_MAX_DEVICES)
				return usage_error("-d: at most %d devices", FAMFS_MAX_DEVICES);
			a->members[a->resolve.npaths++] = optarg;
			a->resolve.paths = a->members;
			break;
		case OPT_IMAGE_DIR:
			a->resolve.image_dir = optarg;
			break;
		case 'a':
		case 'p':
			rc = set_mode(a, c == 'a' ? "-a" : "-p");
			a->preen = 1;
			break;
		case 'y':
			rc = set_mode(a, "-y");
			break;
		case 'f':
			break;	/* every check is a full one */
		case 'z':
			a->undo_file = optarg;
			break;
		case OPT_NO_UNDO:
			a->no_undo = 1;
			break;
		case 'C':
			rc = parse_progress_fd(optarg, a);
			break;
		case 'v':
			a->verbose = 1;
			break;
		case 'H':
			a->human = 1;
			break;
		case 'j':
			a->json = 1;
			break;
		case 'q':
			a->quiet = 1;
			break;
		case 'M':
			a->set_daxmode = 1;
			break;
		case 'V':
			print_version(prog);
			return FSCK_OK;
		case 'h':
			usage(stdout);
			return FSCK_OK;
		case OPT_AS_REPLAYED:
			a->as_replayed = 1;
			a->verbose = 1;
			break;
		default:
			fprintf(stderr, "Try '%s --help' for more information.\n", prog);
			return FSCK_USAGE;
		}
		if (rc >= 0)
			return rc;
	}
	if (optind != argc - 1)
		return usage_error("%s", optind == argc ? "no DEVICE given"
				   : "give exactly one DEVICE");
	if (a->json && (a->human || a->quiet))
		return usage_error("--json and %s do not go together: the JSON report is whole, "
				   "in bytes", a->human ? "-H/--human" : "-q/--quiet");
	if (a->quiet && a->verbose)
		return usage_error("%s", "-q/--quiet and -v/--verbose do not go together");
	if (a->json && a->progress.wanted && a->progress.fd <= STDOUT_FILENO)
		return usage_error("-C %d and --json both write to standard output",
				   a->progress.fd);
	if ((a->undo_file || a->no_undo) && (!a->mode || !strcmp(a->mode, "-n")))
		return usage_error("%s needs -p, -a or -y: nothing is written without them",
				   a->undo_file ? "-z/--undo-file" : "--no-undo");
	if (a->undo_file && a->no_undo)
		return usage_error("-z/--undo-file and --no-undo do not go together: give one");
	a->device = argv[optind];
	return -1;
}

/* Until a repair starts nothing is written, so an interrupt can end the run at once. */
static void on_interrupt(int sig)
{
	static const char msg[] = "fsck.famfs: cancelled\n";

	(void)sig;
	if (write(STDERR_FILENO, msg, sizeof(msg) - 1) < 0) {
		/* nothing more can be said */
	}
	_exit(FSCK_CANCELLED);
}

struct kept_finding *fsck_new_finding(struct fsck_result *r)
{
	if (r->nf == r->cap) {
		size_t cap = r->cap ? 2 * r->cap : 64;
		struct kept_finding *nf = realloc(r->f, cap * sizeof(*nf));

		if (!nf) {
			r->oom = 1;
			return NULL;
		}
		r->f = nf;
		r->cap = cap;
	}
	memset(&r->f[r->nf], 0, sizeof(r->f[r->nf]));
	return &r->f[r->nf];
}

static void keep_finding(void *arg, const struct famfs_finding *f)
{
	struct fsck_result *r = arg;
	struct kept_finding *k = fsck_new_finding(r);

	if (!k)
		return;
	k->severity = f->severity;
	k->name = f->name;
	k->index = f->index;
	k->more = f->more;
	k->device = f->device;
	k->path = f->path ? strdup(f->path) : NULL;
	k->msg = strdup(f->msg);
	if (!k->msg || (f->path && !k->path)) {
		free(k->path);
		free(k->msg);
		r->oom = 1;
		return;
	}
	r->nf++;
}

static void free_result(struct fsck_result *r)
{
	size_t i;

	for (i = 0; i < r->nf; i++) {
		free(r->f[i].path);
		free(r->f[i].msg);
	}
	free(r->f);
	for (i = 0; i < r->nrp; i++) {
		free(r->rp[i].path);
		free(r->rp[i].msg);
	}
	free(r->rp);
	for (i = 0; i < FAMFS_MAX_DEVICES; i++)
		free(r->dev[i].path);
	famfs_ns_free(r->ns);
	famfs_ns_free(r->hosts);
}

int fsck_exit_code(const struct fsck_result *r)
{
	return r->rep.nerrors ? FSCK_UNCORRECTED : FSCK_OK;
}

/*
 * An operational error (exit 8): what failed on stderr, and with --json
 * also one JSON document on stdout, so that a caller parsing it always
 * gets one.
 */
static int operational(const struct args *a, const char *name, const char *msg)
{
	tool_msg(stderr, prog, "%s", msg);
	if (a->json) {
		fputs("{\n  \"device\": ", stdout);
		json_string(stdout, a->device);
		fprintf(stdout, ",\n  \"error\": {\"name\": \"%s\", \"message\": ", name);
		json_string(stdout, msg);
		fprintf(stdout, "},\n  \"exit_code\": %d\n}\n", FSCK_OPERATIONAL);
	}
	tool_close_stdout(prog);
	return FSCK_OPERATIONAL;
}

/*
 * No famfs superblock magic (random bytes, zeros, another file system):
 * there is nothing to check, and a dump of those bytes would mislead.
 * Returns the exit code, or -1 when there is a superblock to report on.
 */
static int no_famfs(const struct args *a, const struct fsck_result *r)
{
	const struct famfs_check_report *rep = &r->rep;
	char msg[FAMFS_ERROR_MSG_MAX + 256];

	if (!rep->sb_decoded || rep->sb.magic == FAMFS_SB_MAGIC)
		return -1;
	tool_no_famfs_msg(msg, sizeof(msg), a->device, &rep->sb.magic);
	return operational(a, "sb-no-magic", msg);
}

static void print_text(const struct args *a, const struct fsck_result *r)
{
	fsck_print_text(stdout, r, a->verbose, a->human, a->quiet || (a->preen && !a->verbose),
			a->preen);
}

int main(int argc, char **argv)
{
	struct args a = { 0 };
	struct fsck_result r = { 0 };
	struct famfs_error err = { 0 };
	int rc;

	argv[0] = (char *)prog;	/* getopt's messages name the tool, not its path */
	rc = parse_args(argc, argv, &a);
	if (rc >= 0)
		return rc;
	signal(SIGINT, on_interrupt);
	signal(SIGTERM, on_interrupt);
	if (fsck_progress_open(&a.progress, a.device, err.msg, sizeof(err.msg)))
		return operational(&a, "operational", err.msg);
	/* a progress reader that went away costs its lines, not the check */
	if (a.progress.wanted && a.progress.fd > 0)
		signal(SIGPIPE, SIG_IGN);
	if (daxmode_guard_begin(prog, a.device, a.resolve.paths, a.resolve.npaths, a.set_daxmode,
				GUARD_RESTORE, FSCK_OPERATIONAL))
		return FSCK_OPERATIONAL;
	r.device = a.device;
	r.as_replayed = a.as_replayed;
	rc = famfs_check_progress(a.device, keep_finding, &r, fsck_progress_update, &a.progress,
				  &r.rep, &r.ns, a.as_replayed ? &r.hosts : NULL, &err);
	fsck_progress_end(&a.progress);
	if (rc) {
		free_result(&r);
		return operational(&a, "operational", err.msg);
	}
	if (r.oom) {
		free_result(&r);
		snprintf(err.msg, sizeof(err.msg), "%s: out of memory keeping the findings",
			 a.device);
		return operational(&a, "operational", err.msg);
	}
	rc = no_famfs(&a, &r);
	if (rc >= 0) {
		free_result(&r);
		return rc;
	}
	fsck_check_members(&a.resolve, &r);
	if (r.rep.ndevices < 2 && !a.quiet)
		tool_resolve_unused(prog, a.device, &a.resolve);
	rc = fsck_exit_code(&r);
	/* a member's superblock is not the log: a log rewrite cannot fix it */
	if (rc == FSCK_UNCORRECTED && a.mode && strcmp(a.mode, "-n") &&
	    r.rep.nerrors == r.member_errors) {
		if (!a.json)
			print_text(&a, &r);
		tool_msg(stderr, prog, "%s: the errors are in members of the set, which "
			 "fsck.famfs does not repair (it rewrites only the log); nothing was "
			 "written: give the right device with -d, or restore the member",
			 a.device);
		if (a.json)
			fsck_print_json(stdout, &r, a.verbose);
	} else if (rc == FSCK_UNCORRECTED && a.mode && strcmp(a.mode, "-n")) {
		struct fsck_repair_args ra = {
			.prog = prog, .device = a.device, .yes = a.mode[1] == 'y',
			.undo_file = a.undo_file, .no_undo = a.no_undo, .json = a.json,
			.quiet = a.quiet,
		};

		/* text: the report, then the repairs; JSON: one document with both */
		if (!a.json) {
			print_text(&a, &r);
			fflush(stdout);
		}
		rc = fsck_repair(&ra, &r);
		r.repaired = 1;
		r.repaired_exit = rc;
		if (a.json)
			fsck_print_json(stdout, &r, a.verbose);
	} else if (a.json) {
		fsck_print_json(stdout, &r, a.verbose);
	} else {
		print_text(&a, &r);
	}
	free_result(&r);
	if (tool_close_stdout(prog))
		return FSCK_OPERATIONAL;
	return rc;
}
