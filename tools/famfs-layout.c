// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * famfs-layout: a file's memory layout, read from an unmounted famfs: as a
 * table, JSON or YAML, translated at an offset, or encoded for a kernel
 * mapping backend. --plan shows where a new file would go.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common.h"
#include "daxmode_guard.h"
#include "layout_print.h"

static const char *prog = "famfs-layout";

static void usage(FILE *out)
{
	fprintf(out,
		"Usage: %s [options] DEVICE PATH       show a file's layout\n"
		"       %s --all [options] DEVICE      every file (one JSON line each)\n"
		"       %s --plan SIZE [--stripe N,CHUNK[,BUCKETS]] DEVICE\n"
		"                                            where a new file would go\n"
		"       %s -R [INDEX:]OFFSET [options] DEVICE [PATH]\n"
		"                                            which file holds a device byte\n"
		"       %s --decode FILE [-T TARGET]   read a GET_FMAP message back\n"
		"Read the famfs on DEVICE (DAX device, pmem device or image); nothing is written.\n"
		"\n"
		"Options:\n"
		"  -F, --format FORMAT   text (default; JSON lines with --all), json, yaml,\n"
		"                        or an encoding for a kernel backend: v1-ioctl,\n"
		"                        v2-ioctl, fuse-fmap, fuse-iomap, stride, bpf\n"
		"  -T, --target NAME     the kernel whose limits the encoding must meet\n"
		"                        (default: the newest taking it; -T list lists them)\n"
		"  -o, --output FILE     write the output to FILE\n"
		"  -x, --hex             print an encoding as hex instead of raw bytes\n"
		"  -M, --set-daxmode     switch a DAX device in famfs mode to devdax for the\n"
		"                        run, and back after\n"
		"  -t, --offset N        translate file offset N to a device offset (with\n"
		"                        -F fuse-iomap: the record iomap_begin returns)\n"
		"                        (N and other sizes: decimal with k, m, g, t, or 0x hex)\n"
		"  -R, --reverse [INDEX:]N\n"
		"                        which file (or PATH's) offset device INDEX\n"
		"                        (default 0) offset N holds\n"
		"  -d, --device PATH     a member of a multi-device file system (repeat for\n"
		"                        each); default: this host's DAX devices\n"
		"      --image-dir DIR   look for members among DIR's files\n"
		"  -a, --all             every file of the file system\n"
		"  -P, --plan SIZE       plan a new file of SIZE bytes\n"
		"  -S, --stripe N,CHUNK[,BUCKETS]\n"
		"                        with --plan: a striped file (see famfs-cp);\n"
		"                        N,CHUNK,devices: one strip on each device\n"
		"      --seed N          with --stripe: the bucket order\n"
		"      --decode FILE     read a fuse-fmap message from FILE as TARGET takes it\n"
		"  -V, --version         print the version and exit\n"
		"  -h, --help            print this help and exit\n"
		"\n"
		"Device offsets are printed in hex (0x...) in text, as numbers in JSON and YAML.\n"
		"Exit status: 0 done, 1 error, 2 usage error.\n",
		prog, prog, prog, prog, prog);
}

enum { OPT_SEED = 256, OPT_DECODE, OPT_IMAGE_DIR };

static const struct option longopts[] = {
	{ "format", required_argument, NULL, 'F' },
	{ "target", required_argument, NULL, 'T' },
	{ "output", required_argument, NULL, 'o' },
	{ "hex", no_argument, NULL, 'x' },
	{ "set-daxmode", no_argument, NULL, 'M' },
	{ "offset", required_argument, NULL, 't' },
	{ "reverse", required_argument, NULL, 'R' },
	{ "all", no_argument, NULL, 'a' },
	{ "plan", required_argument, NULL, 'P' },
	{ "stripe", required_argument, NULL, 'S' },
	{ "seed", required_argument, NULL, OPT_SEED },
	{ "decode", required_argument, NULL, OPT_DECODE },
	{ "device", required_argument, NULL, 'd' },
	{ "image-dir", required_argument, NULL, OPT_IMAGE_DIR },
	{ "version", no_argument, NULL, 'V' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

#define usage_error(...) tool_usage_error(prog, 2, __VA_ARGS__)

/* -F given: --all prints JSON lines unless a format is asked for */
static int format_given;

static int unknown_format(const char *s)
{
	char list[256] = "text, json, yaml";
	size_t n;
	int i;

	for (i = FAMFS_ENC_IOCTL_V1; i <= FAMFS_ENC_BPF; i++) {
		n = strlen(list);
		snprintf(list + n, sizeof(list) - n, ", %s",
			 famfs_layout_encoding_name((enum famfs_layout_encoding)i));
	}
	return usage_error("unknown format '%s': give one of %s", s, list);
}

static int parse_format(const char *s, struct lp_opts *o)
{
	static const char *const text[] = { "text", "json", "yaml" };
	int i;

	for (i = 0; i < 3; i++)
		if (!strcmp(s, text[i])) {
			o->format = i;
			return 0;
		}
	for (i = FAMFS_ENC_IOCTL_V1; i <= FAMFS_ENC_FUSE_IOMAP; i++)
		if (!strcmp(s, famfs_layout_encoding_name((enum famfs_layout_encoding)i))) {
			o->format = LP_ENCODED;
			o->enc = (enum famfs_layout_encoding)i;
			return 0;
		}
	return -1;
}

/* -T list: every target, the encodings it takes, where its limits come from. */
static void list_targets(void)
{
	const struct famfs_layout_target *t;
	unsigned int i;
	enum famfs_layout_encoding e;

	for (i = 0; (t = famfs_layout_target_get(i)); i++) {
		printf("%-16s", famfs_layout_target_name(t));
		for (e = FAMFS_ENC_IOCTL_V1; e <= FAMFS_ENC_FUSE_IOMAP; e++)
			if (famfs_layout_target_takes(t, e))
				printf(" %s", famfs_layout_encoding_name(e));
		printf("\n                 %s\n", famfs_layout_target_source(t));
	}
}

static int parse_stripe(const char *arg, struct famfs_stripe *st, int *across)
{
	char why[FAMFS_ERROR_MSG_MAX];

	if (parse_stripe_arg(arg, st, across, why, sizeof(why)))
		return usage_error("--stripe '%s': %s", arg, why);
	return 0;
}

/* -R [INDEX:]OFFSET: INDEX a device index, decimal; 0 when not given. */
static int parse_reverse(const char *arg, struct lp_opts *o)
{
	const char *colon = strchr(arg, ':');
	unsigned long idx = 0;
	char *end;

	if (colon) {
		if (colon == arg || arg[0] < '0' || arg[0] > '9')
			return -1;
		errno = 0;
		idx = strtoul(arg, &end, 10);
		if (errno || end != colon || idx >= FAMFS_MAX_DEVICES)
			return -1;
		arg = colon + 1;
	}
	if (parse_size(arg, &o->reverse))
		return -1;
	o->reverse_dev = idx;
	return 0;
}

/* --seed given (it goes with --stripe) */
static int have_seed;
/* -M: a DAX device in famfs mode is switched to devdax for the run */
static int set_daxmode;

static int parse_opts(int argc, char **argv, struct lp_opts *o)
{
	int c;

	while ((c = getopt_long(argc, argv, "F:T:o:xMt:R:aP:S:d:Vh", longopts, NULL)) != -1) {
		switch (c) {
		case 'F':
			if (parse_format(optarg, o))
				return unknown_format(optarg);
			format_given = 1;
			break;
		case 'T':
			if (!strcmp(optarg, "list")) {
				list_targets();
				return 0;
			}
			o->target = famfs_layout_target_find(optarg);
			if (!o->target)
				return usage_error("unknown target '%s' (-T list lists them)",
						   optarg);
			break;
		case 'o': o->output = optarg; break;
		case 'x': o->hex = 1; break;
		case 'M': set_daxmode = 1; break;
		case 'a': o->all = 1; break;
		case 't':
			if (parse_size(optarg, &o->offset))
				return usage_error("invalid offset '%s': give a number, decimal with "
						   "an optional k, m, g or t suffix, or 0x hex", optarg);
			o->have_offset = 1;
			break;
		case 'R':
			if (parse_reverse(optarg, o))
				return usage_error("invalid --reverse '%s': give "
					"[INDEX:]OFFSET, INDEX a device index (0 to %d), OFFSET "
					"decimal with an optional k, m, g or t suffix, or 0x hex",
					optarg, FAMFS_MAX_DEVICES - 1);
			o->have_reverse = 1;
			break;
		case 'd':
			if (tool_members_add(&o->members, optarg))
				return usage_error("-d: at most %d devices", FAMFS_MAX_DEVICES);
			break;
		case OPT_IMAGE_DIR:
			o->members.opts.image_dir = optarg;
			break;
		case 'P':
			if (parse_size(optarg, &o->plan_size))
				return usage_error("invalid size '%s'", optarg);
			o->plan = 1;
			break;
		case 'S':
			if (parse_stripe(optarg, &o->stripe, &o->stripe_across))
				return 2;
			o->striped = 1;
			break;
		case OPT_DECODE:
			o->decode = optarg;
			break;
		case OPT_SEED:
			if (parse_size(optarg, &o->stripe.seed))
				return usage_error("invalid seed '%s'", optarg);
			have_seed = 1;
			break;
		case 'V':
			print_version(prog);
			return 0;
		case 'h':
			usage(stdout);
			return 0;
		default:
			fprintf(stderr, "Try '%s --help' for more information.\n", prog);
			return 2;
		}
	}
	return -1;
}

/*
 * No option is silently ignored: a pair that does not go together, or an
 * option without the one it needs, is a usage error naming both. Returns
 * -1 to go on, else the exit code.
 */
static int check_combination(const struct lp_opts *o)
{
	static const char *const query[] = { "--all", "--plan", "--offset", "--reverse" };
	int on[4] = { o->all, o->plan, o->have_offset, o->have_reverse };
	int i, j;

	for (i = 0; i < 4; i++)
		for (j = i + 1; j < 4; j++)
			if (on[i] && on[j])
				return usage_error("%s and %s do not go together: one query at a "
						   "time", query[i], query[j]);
	if (o->striped && !o->plan)
		return usage_error("--stripe goes with --plan (it plans a striped file)");
	if (have_seed && !o->striped)
		return usage_error("--seed goes with --stripe");
	if (have_seed && o->stripe_across)
		return usage_error("--seed orders the buckets of one device; "
				   "--stripe N,CHUNK,devices has none");
	if (o->hex && o->format != LP_ENCODED)
		return usage_error("--hex goes with --format ENCODING (it prints an encoding "
				   "as hex)");
	for (i = 0; i < 4; i++)
		/* --plan encodes; --offset has a fuse-iomap form (the iomap_begin record) */
		if (on[i] && i != 1 && o->format == LP_ENCODED &&
		    !(i == 2 && o->enc == FAMFS_ENC_FUSE_IOMAP))
			return usage_error("%s and --format %s do not go together: %s prints "
					   "text, json or yaml", query[i],
					   famfs_layout_encoding_name(o->enc), query[i]);
	return -1;
}

static int run(int argc, char **argv)
{
	struct lp_opts o;
	int rc, want;

	memset(&o, 0, sizeof(o));
	o.prog = prog;
	rc = parse_opts(argc, argv, &o);
	if (rc >= 0)
		return rc;
	if (o.decode) {
		if (argc != optind)
			return usage_error("--decode FILE takes no DEVICE or PATH");
		if (o.format == LP_ENCODED || o.all || o.plan || o.have_offset || o.have_reverse ||
		    o.output)
			return usage_error("--decode prints text, json or yaml, and nothing else");
		if (o.members.opts.npaths || o.members.opts.image_dir)
			return usage_error("--decode reads no file system: -d and --image-dir do "
					   "not go with it");
		if (!o.target)
			o.target = famfs_layout_target_default(FAMFS_ENC_FUSE_FMAP);
		if (!famfs_layout_target_takes(o.target, FAMFS_ENC_FUSE_FMAP))
			return usage_error("target %s does not take fuse-fmap messages",
					   famfs_layout_target_name(o.target));
		return decode_main(&o);
	}
	rc = check_combination(&o);
	if (rc >= 0)
		return rc;
	if (o.target && o.format != LP_ENCODED)
		return usage_error("--target goes with an encoding (-F) or --decode");
	if (o.format == LP_ENCODED && !o.target)
		o.target = famfs_layout_target_default(o.enc);
	if (o.format == LP_ENCODED && !famfs_layout_target_takes(o.target, o.enc))
		return usage_error("target %s does not take %s (-T list lists what each takes)",
				   famfs_layout_target_name(o.target),
				   famfs_layout_encoding_name(o.enc));
	if (o.all && !format_given)
		o.format = LP_JSON;	/* one JSON line per file */
	want = o.all || o.plan ? 1 : 2;
	/* -R without PATH: whichever file holds the byte */
	if (o.have_reverse && argc - optind == 1)
		want = 1;
	if (argc - optind != want)
		return usage_error("give %s", want == 1 ? "DEVICE" : "DEVICE and PATH");
	o.device = argv[optind];
	o.path = want == 2 ? argv[optind + 1] : NULL;
	if (daxmode_guard_begin(prog, o.device, o.members.opts.paths, o.members.opts.npaths,
				set_daxmode, GUARD_RESTORE, 1))
		return 1;
	return layout_main(&o);
}

int main(int argc, char **argv)
{
	int rc;

	argv[0] = (char *)prog;	/* getopt's messages name the tool, not its path */
	rc = run(argc, argv);

	if (tool_close_stdout(prog) && rc == 0)
		rc = 1;
	return rc;
}
