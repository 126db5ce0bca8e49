// SPDX-License-Identifier: GPL-2.0-or-later
/* famfs-devadd: add a secondary device to an unmounted famfs, crash-safely. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <uuid/uuid.h>

#include <famfs/famfs.h>

#include "common.h"
#include "daxmode_guard.h"

static const char *prog = "famfs-devadd";

#define EXIT_FAILED	1
#define EXIT_USAGE	2

static void usage(FILE *out)
{
	fprintf(out,
		"Usage: %s [options] PRIMARY DEVICE\n"
		"Add DEVICE (a DAX device, pmem device or image file) to the famfs file\n"
		"system whose primary device is PRIMARY, as its next secondary device.\n"
		"The file system must not be mounted. A crash leaves DEVICE either\n"
		"added or unclaimed; running the command again then finishes the job.\n"
		"\n"
		"Options:\n"
		"  -f, --force     overwrite another famfs or file system on DEVICE\n"
		"  -n, --dry-run   do every check, write nothing\n"
		"  -M, --set-daxmode  switch DAX devices in famfs mode to devdax for the\n"
		"                  run and back to famfs mode after\n"
		"  -q, --quiet     print nothing but errors\n"
		"  -V, --version   print the version and exit\n"
		"      --help      print this help and exit\n"
		"\n"
		"Exit status: 0 added, 1 failed (nothing claimed), 2 usage error.\n",
		prog);
}

enum { OPT_HELP = 256 };

static const struct option longopts[] = {
	{ "force", no_argument, NULL, 'f' },
	{ "dry-run", no_argument, NULL, 'n' },
	{ "set-daxmode", no_argument, NULL, 'M' },
	{ "quiet", no_argument, NULL, 'q' },
	{ "version", no_argument, NULL, 'V' },
	{ "help", no_argument, NULL, OPT_HELP },
	{ NULL, 0, NULL, 0 },
};

int main(int argc, char **argv)
{
	struct famfs_add_result r;
	struct famfs_error err = { 0 };
	unsigned int flags = 0;
	int c, quiet = 0, set_daxmode = 0;
	char u[UUID_STR_LEN], h[32];

	while ((c = getopt_long(argc, argv, "fnMqV", longopts, NULL)) != -1) {
		switch (c) {
		case 'f':
			flags |= FAMFS_MKFS_FORCE;
			break;
		case 'n':
			flags |= FAMFS_MKFS_DRY_RUN;
			break;
		case 'M':
			set_daxmode = 1;
			break;
		case 'q':
			quiet = 1;
			break;
		case 'V':
			print_version(prog);
			return tool_close_stdout(prog) ? EXIT_FAILED : 0;
		case OPT_HELP:
			usage(stdout);
			return tool_close_stdout(prog) ? EXIT_FAILED : 0;
		default:
			fprintf(stderr, "Try '%s --help' for more information.\n", prog);
			return EXIT_USAGE;
		}
	}
	if (argc - optind != 2)
		return tool_usage_error(prog, EXIT_USAGE, "give PRIMARY and one DEVICE");
	if (daxmode_guard_begin(prog, argv[optind], (const char *const *)&argv[optind + 1], 1,
				set_daxmode, GUARD_RESTORE, EXIT_FAILED)) {
		tool_msg(stderr, prog, "nothing was added to %s", argv[optind]);
		return EXIT_FAILED;
	}
	if (famfs_devset_add_device(argv[optind], argv[optind + 1], flags, &r, &err)) {
		tool_msg(stderr, prog, "%s", err.msg);
		tool_msg(stderr, prog, "nothing was added to %s", argv[optind]);
		return EXIT_FAILED;
	}
	if (!quiet) {
		uuid_unparse_lower(r.sb.dev_uuid, u);
		tool_msg(stdout, prog, "%s: device %u%s: %s, %llu bytes (%s), device uuid %s%s%s",
			 argv[optind], r.index,
			 (flags & FAMFS_MKFS_DRY_RUN) ? " (dry run: nothing written)" : "",
			 argv[optind + 1], (unsigned long long)r.sb.dev_size,
			 human_size(r.sb.dev_size, h, sizeof(h)), u,
			 r.reused ? ", reused after an interrupted add" : "",
			 r.replaced[0] ? ", replaced an old signature" : "");
	}
	return tool_close_stdout(prog) ? EXIT_FAILED : 0;
}
