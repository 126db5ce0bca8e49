// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * famfs-cp: copy files into an unmounted famfs device or image, copy them
 * back out, and list what it holds.
 */
#include <errno.h>
#include <getopt.h>
#include <grp.h>
#include <limits.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "common.h"
#include "cp.h"
#include "daxmode_guard.h"

const char *prog = "famfs-cp";

static void usage(FILE *out)
{
	fprintf(out,
		"Usage: %s [options] SOURCE... DEVICE:DEST     copy host files in\n"
		"       %s [options] DEVICE:PATH... HOSTDEST   copy files out\n"
		"       %s --list DEVICE[:DIR]                 list the contents\n"
		"DEVICE is a famfs DAX device, pmem device or image file that no host has\n"
		"mounted; PATH and DEST are paths inside it (\"\" or \"/\" is its root).\n"
		"\n"
		"Options:\n"
		"  -r, --recursive          copy directories and their contents\n"
		"  -p, --parents            create missing parent directories of DEST\n"
		"  -m, --mode MODE          permissions (octal) of the files created\n"
		"  -u, --owner UID          owner of what is created (default: the source's)\n"
		"  -g, --group GID          group of what is created (default: the source's)\n"
		"  -S, --stripe N,CHUNK[,BUCKETS]\n"
		"                           stripe new files over N strips of CHUNK-sized\n"
		"                           chunks (a power of two, a multiple of 2m), each\n"
		"                           strip in another of BUCKETS (default N) parts\n"
		"                           of one device; N,CHUNK,devices puts one strip on\n"
		"                           each device of a multi-device file system (N must\n"
		"                           be its number of devices)\n"
		"      --use-device N       put new files on device index N of a multi-device\n"
		"                           file system (default: the one with most free space)\n"
		"      --seed N             fix the bucket order of --stripe (default: random)\n"
		"  -f, --force              copy in even if this host is not the device's\n"
		"                           master; copy out over existing host files\n"
		"                           (replacing them: links are never followed)\n"
		"      --preserve-special-bits\n"
		"                           copy out set-user-ID, set-group-ID and sticky\n"
		"                           bits too (by default they are dropped)\n"
		"  -n, --dry-run            check and plan everything, write nothing\n"
		"  -M, --set-daxmode        switch a DAX device in famfs mode to devdax for\n"
		"                           the copy, and back after\n"
		"  -L, --list               list DEVICE[:DIR] and exit\n"
		"  -d, --device PATH        a member of a multi-device file system (repeat\n"
		"                           for each; copying in needs them all); default:\n"
		"                           this host's DAX devices\n"
		"      --image-dir DIR      look for members among DIR's files\n"
		"  -v, --verbose            print each file copied and its layout\n"
		"  -q, --quiet              print only errors\n"
		"      --progress           show bytes copied and the rate on a terminal\n"
		"  -V, --version            print the version and exit\n"
		"  -h, --help               print this help and exit\n"
		"\n"
		"Exit status: 0 everything copied, 1 an error (or a source skipped),\n"
		"2 usage error.\n",
		prog, prog, prog);
}

enum { OPT_SEED = 256, OPT_PROGRESS, OPT_SPECIAL, OPT_IMAGE_DIR, OPT_USE_DEVICE };

static const struct option longopts[] = {
	{ "recursive", no_argument, NULL, 'r' },
	{ "parents", no_argument, NULL, 'p' },
	{ "mode", required_argument, NULL, 'm' },
	{ "owner", required_argument, NULL, 'u' },
	{ "group", required_argument, NULL, 'g' },
	{ "stripe", required_argument, NULL, 'S' },
	{ "seed", required_argument, NULL, OPT_SEED },
	{ "force", no_argument, NULL, 'f' },
	{ "dry-run", no_argument, NULL, 'n' },
	{ "set-daxmode", no_argument, NULL, 'M' },
	{ "list", no_argument, NULL, 'L' },
	{ "device", required_argument, NULL, 'd' },
	{ "image-dir", required_argument, NULL, OPT_IMAGE_DIR },
	{ "use-device", required_argument, NULL, OPT_USE_DEVICE },
	{ "verbose", no_argument, NULL, 'v' },
	{ "quiet", no_argument, NULL, 'q' },
	{ "progress", no_argument, NULL, OPT_PROGRESS },
	{ "preserve-special-bits", no_argument, NULL, OPT_SPECIAL },
	{ "version", no_argument, NULL, 'V' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

#define usage_error(...) tool_usage_error(prog, CP_EXIT_USAGE, __VA_ARGS__)

static int parse_u32(const char *s, uint32_t *out, int base)
{
	unsigned long v;
	char *end;

	errno = 0;
	v = strtoul(s, &end, base);
	if (errno || end == s || *end || v > UINT32_MAX || *s == '-')
		return -1;
	*out = (uint32_t)v;
	return 0;
}

static int parse_owner(const char *s, uint32_t *uid)
{
	struct passwd *pw;

	if (!parse_u32(s, uid, 10))
		return 0;
	pw = getpwnam(s);
	if (!pw)
		return -1;
	*uid = pw->pw_uid;
	return 0;
}

static int parse_group(const char *s, uint32_t *gid)
{
	struct group *gr;

	if (!parse_u32(s, gid, 10))
		return 0;
	gr = getgrnam(s);
	if (!gr)
		return -1;
	*gid = gr->gr_gid;
	return 0;
}

static int parse_stripe(const char *arg, struct famfs_stripe *st, int *across)
{
	char why[FAMFS_ERROR_MSG_MAX];

	if (parse_stripe_arg(arg, st, across, why, sizeof(why)))
		return usage_error("--stripe '%s': %s", arg, why);
	return 0;
}

/*
 * The options given, by long name, so that one the chosen direction does
 * not use is refused rather than ignored.
 */
static const char *given[32];
static int ngiven;

static void note_given(int c)
{
	const struct option *lo;
	int i;

	for (lo = longopts; lo->name && lo->val != c; lo++)
		;
	if (!lo->name)
		return;
	for (i = 0; i < ngiven; i++)
		if (given[i] == lo->name)
			return;
	if (ngiven < (int)(sizeof(given) / sizeof(given[0])))
		given[ngiven++] = lo->name;
}

/*
 * None of the options named in unused (a space-separated list of long
 * names) may be given for what (e.g. "with --list"). Returns -1 to go on,
 * else the usage exit code.
 */
static int refuse_unused(const char *what, const char *unused)
{
	size_t n;
	int i;

	for (i = 0; i < ngiven; i++) {
		const char *p = strstr(unused, given[i]);

		n = strlen(given[i]);
		while (p && ((p != unused && p[-1] != ' ') || (p[n] && p[n] != ' ')))
			p = strstr(p + 1, given[i]);
		if (p)
			return usage_error("--%s does nothing %s: leave it out", given[i], what);
	}
	return -1;
}

static int parse_opts(int argc, char **argv, struct cp_opts *o, int *list)
{
	uint64_t seed;
	int c, rc;

	while ((c = getopt_long(argc, argv, "rpm:u:g:S:fnMLd:vqVh", longopts, NULL)) != -1) {
		note_given(c);
		switch (c) {
		case 'r': o->recursive = 1; break;
		case 'p': o->parents = 1; break;
		case 'f': o->force = 1; break;
		case 'n': o->dry_run = 1; break;
		case 'M': o->set_daxmode = 1; break;
		case 'L': *list = 1; break;
		case 'v': o->verbose = 1; break;
		case 'q': o->quiet = 1; break;
		case OPT_PROGRESS: o->progress.enabled = 1; break;
		case OPT_SPECIAL: o->preserve_special = 1; break;
		case OPT_IMAGE_DIR: o->members.image_dir = optarg; break;
		case OPT_USE_DEVICE:
			if (parse_u32(optarg, &o->use_device, 10))
				return usage_error("--use-device '%s': give a device index (0 is "
						   "the primary)", optarg);
			o->have_use_device = 1;
			break;
		case 'd':
			if (o->ndevices == FAMFS_MAX_DEVICES)
				return usage_error("-d: at most %d devices", FAMFS_MAX_DEVICES);
			o->devices[o->ndevices++] = optarg;
			o->members.paths = o->devices;
			o->members.npaths = o->ndevices;
			break;
		case 'm':
			if (parse_u32(optarg, &o->mode, 8) || o->mode > 07777)
				return usage_error("invalid mode '%s': give octal permissions", optarg);
			o->have_mode = 1;
			break;
		case 'u':
			if (parse_owner(optarg, &o->uid))
				return usage_error("unknown owner '%s'", optarg);
			o->have_uid = 1;
			break;
		case 'g':
			if (parse_group(optarg, &o->gid))
				return usage_error("unknown group '%s'", optarg);
			o->have_gid = 1;
			break;
		case 'S':
			rc = parse_stripe(optarg, &o->stripe, &o->stripe_across);
			if (rc)
				return rc;
			o->striped = 1;
			break;
		case OPT_SEED:
			if (parse_size(optarg, &seed))
				return usage_error("invalid seed '%s'", optarg);
			o->stripe.seed = seed;
			o->have_seed = 1;
			break;
		case 'V':
			print_version(prog);
			return CP_EXIT_OK;
		case 'h':
			usage(stdout);
			return CP_EXIT_OK;
		default:
			fprintf(stderr, "Try '%s --help' for more information.\n", prog);
			return CP_EXIT_USAGE;
		}
	}
	return -1;
}

/* -1 to go on with device, else the exit code (its DAX mode refused). */
static int guard(const struct cp_opts *o, const char *device)
{
	return daxmode_guard_begin(prog, device, o->devices, o->ndevices, o->set_daxmode,
				   GUARD_RESTORE, CP_EXIT_FAIL) ?
	       CP_EXIT_FAIL : -1;
}

static int run_list(const struct cp_opts *o, int argc, char **argv)
{
	struct devpath dp;
	int rc;

	rc = refuse_unused("with --list", "recursive parents mode owner group stripe seed force "
			   "dry-run verbose quiet progress preserve-special-bits use-device");
	if (rc >= 0)
		return rc;
	if (argc != 1)
		return usage_error("--list takes one DEVICE[:DIR]");
	if (!devpath_parse(argv[0], &dp)) {
		dp.device = strdup(argv[0]);
		dp.path = "";
		if (!dp.device)
			return CP_EXIT_FAIL;
	}
	rc = guard(o, dp.device);
	if (rc < 0)
		rc = cp_list(o, &dp);
	devpath_free(&dp);
	return rc;
}

static int run_out(const struct cp_opts *o, int argc, char **argv)
{
	struct devpath *src = calloc((size_t)argc, sizeof(*src));
	int i, n = argc - 1, rc = CP_EXIT_USAGE;

	if (!src)
		return CP_EXIT_FAIL;
	/* host files take the recorded mode, and this user as owner: nothing to set */
	rc = refuse_unused("when copying out", "parents mode owner group stripe seed progress "
			   "use-device");
	if (rc >= 0) {
		free(src);
		return rc;
	}
	rc = CP_EXIT_USAGE;
	for (i = 0; i < n; i++) {
		if (!devpath_parse(argv[i], &src[i])) {
			usage_error("'%s' is neither DEVICE:PATH nor a copy destination", argv[i]);
			goto out;
		}
		if (strcmp(src[i].device, src[0].device)) {
			usage_error("copy out of one device at a time ('%s', '%s')",
				    src[0].device, src[i].device);
			goto out;
		}
	}
	rc = guard(o, src[0].device);
	if (rc < 0)
		rc = cp_out(o, src, n, argv[n]);
out:
	for (i = 0; i < n; i++)
		devpath_free(&src[i]);
	free(src);
	return rc;
}

static int run(int argc, char **argv)
{
	struct cp_opts o;
	struct devpath dst;
	int list = 0, rc;

	memset(&o, 0, sizeof(o));
	rc = parse_opts(argc, argv, &o, &list);
	if (rc >= 0)
		return rc;
	argc -= optind;
	argv += optind;
	if (o.have_seed && !o.striped)
		return usage_error("--seed goes with --stripe");
	if (o.have_seed && o.stripe_across)
		return usage_error("--seed orders the buckets of one device; "
				   "--stripe N,CHUNK,devices has none");
	if (o.have_use_device && o.stripe_across)
		return usage_error("--use-device and --stripe N,CHUNK,devices do not go together: "
				   "one puts files on one device, the other on all of them");
	if (!o.have_seed)
		o.stripe.seed = random_seed();
	if (list)
		return run_list(&o, argc, argv);
	if (argc < 2)
		return usage_error("give SOURCE... DEVICE:DEST, DEVICE:PATH... HOSTDEST "
				   "or --list DEVICE");
	if (devpath_parse(argv[argc - 1], &dst)) {
		rc = refuse_unused("when copying in", "preserve-special-bits");
		if (rc < 0)
			rc = guard(&o, dst.device);
		if (rc < 0)
			rc = cp_in(&o, argv, argc - 1, &dst);
		devpath_free(&dst);
		return rc;
	}
	if (!devpath_parse(argv[0], &dst)) {
		char why[PATH_MAX + 256];

		/* no source is on a device: the destination was meant to be one */
		devpath_explain(argv[argc - 1], why, sizeof(why));
		return usage_error("%s", why);
	}
	devpath_free(&dst);
	return run_out(&o, argc, argv);
}

int main(int argc, char **argv)
{
	int rc;

	argv[0] = (char *)prog;	/* getopt's messages name the tool, not its path */
	rc = run(argc, argv);

	/* a listing or -v report that never arrived is a failure */
	if (tool_close_stdout(prog) && rc == CP_EXIT_OK)
		rc = CP_EXIT_FAIL;
	return rc;
}
