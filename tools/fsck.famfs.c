// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * fsck.famfs: check a famfs file system offline and report. It only reads:
 * there is no repair mode, so -n is accepted and is what always happens.
 */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common.h"
#include "daxmode_guard.h"
#include "fsck.h"

static const char *prog = "fsck.famfs";

static void usage(FILE *out)
{
	fprintf(out,
		"Usage: %s [options] DEVICE|IMAGE\n"
		"Check the famfs file system on a DAX device, pmem device or image file:\n"
		"superblock, log, namespace and space. Nothing is ever written.\n"
		"\n"
		"Options:\n"
		"  -n, --no-modify   check only (the default: there is no repair mode)\n"
		"  -v, --verbose     also list every file and directory with its layout\n"
		"  -h, --human       print sizes in KiB, MiB, GiB\n"
		"  -j, --json        print one JSON document instead of the text report\n"
		"  -q, --quiet       print only the findings\n"
		"  -M, --set-daxmode switch a DAX device in famfs mode to devdax for the\n"
		"                    check, and back after\n"
		"  -V, --version     print the version and exit\n"
		"      --help        print this help and exit\n"
		"\n"
		"Exit status: 0 clean (warnings allowed), 4 errors found, 8 operational\n"
		"error (cannot open or read), 16 usage error, 32 cancelled.\n",
		prog);
}

enum { OPT_HELP = 256 };

static const struct option longopts[] = {
	{ "no-modify", no_argument, NULL, 'n' },
	{ "verbose", no_argument, NULL, 'v' },
	{ "human", no_argument, NULL, 'h' },
	{ "json", no_argument, NULL, 'j' },
	{ "quiet", no_argument, NULL, 'q' },
	{ "set-daxmode", no_argument, NULL, 'M' },
	{ "version", no_argument, NULL, 'V' },
	{ "help", no_argument, NULL, OPT_HELP },
	{ NULL, 0, NULL, 0 },
};

struct args {
	int verbose, human, json, quiet, set_daxmode;
	const char *device;
};

#define usage_error(...) tool_usage_error(prog, FSCK_USAGE, __VA_ARGS__)

/* Returns -1 to go on, else the exit code. */
static int parse_args(int argc, char **argv, struct args *a)
{
	int c;

	while ((c = getopt_long(argc, argv, "nvhjqMV", longopts, NULL)) != -1) {
		switch (c) {
		case 'n':
			break;
		case 'v':
			a->verbose = 1;
			break;
		case 'h':
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
		case OPT_HELP:
			usage(stdout);
			return FSCK_OK;
		default:
			fprintf(stderr, "Try '%s --help' for more information.\n", prog);
			return FSCK_USAGE;
		}
	}
	if (optind != argc - 1)
		return usage_error("%s", optind == argc ? "no DEVICE given"
				   : "give exactly one DEVICE");
	a->device = argv[optind];
	return -1;
}

/* Nothing is ever written, so an interrupt can end the run at once. */
static void on_interrupt(int sig)
{
	static const char msg[] = "fsck.famfs: cancelled\n";

	(void)sig;
	if (write(STDERR_FILENO, msg, sizeof(msg) - 1) < 0) {
		/* nothing more can be said */
	}
	_exit(FSCK_CANCELLED);
}

static void keep_finding(void *arg, const struct famfs_finding *f)
{
	struct fsck_result *r = arg;
	struct kept_finding *k;

	if (r->nf == r->cap) {
		size_t cap = r->cap ? 2 * r->cap : 64;
		struct kept_finding *nf = realloc(r->f, cap * sizeof(*nf));

		if (!nf) {
			r->oom = 1;
			return;
		}
		r->f = nf;
		r->cap = cap;
	}
	k = &r->f[r->nf];
	k->severity = f->severity;
	k->name = f->name;
	k->index = f->index;
	k->more = f->more;
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
	famfs_ns_free(r->ns);
}

int fsck_exit_code(const struct fsck_result *r)
{
	return r->rep.nerrors ? FSCK_UNCORRECTED : FSCK_OK;
}

int main(int argc, char **argv)
{
	struct args a = { 0 };
	struct fsck_result r = { 0 };
	struct famfs_error err = { 0 };
	int rc;

	rc = parse_args(argc, argv, &a);
	if (rc >= 0)
		return rc;
	signal(SIGINT, on_interrupt);
	signal(SIGTERM, on_interrupt);
	if (daxmode_guard_begin(prog, a.device, a.set_daxmode, GUARD_RESTORE, FSCK_OPERATIONAL))
		return FSCK_OPERATIONAL;
	r.device = a.device;
	rc = famfs_check(a.device, keep_finding, &r, &r.rep, &r.ns, &err);
	if (rc) {
		tool_msg(stderr, prog, "%s", err.msg);
		free_result(&r);
		return FSCK_OPERATIONAL;
	}
	if (r.oom) {
		fprintf(stderr, "%s: %s: out of memory keeping the findings\n", prog, a.device);
		free_result(&r);
		return FSCK_OPERATIONAL;
	}
	if (a.json)
		fsck_print_json(stdout, &r, a.verbose);
	else
		fsck_print_text(stdout, &r, a.verbose, a.human, a.quiet);
	rc = fsck_exit_code(&r);
	free_result(&r);
	if (tool_close_stdout(prog))
		return FSCK_OPERATIONAL;
	return rc;
}
