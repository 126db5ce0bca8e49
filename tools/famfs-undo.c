// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * famfs-undo: put back what an undo file saved (famfs-rm's, and any other
 * log rewrite's), as e2undo does for e2fsprogs. libfamfs checks the file
 * and the device completely before it writes anything.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include <famfs/famfs.h>

#include "common.h"

static const char *prog = "famfs-undo";

enum { EXIT_OK = 0, EXIT_FAIL = 1, EXIT_USAGE = 2 };

static void usage(FILE *out)
{
	fprintf(out,
		"Usage: %s [options] UNDOFILE DEVICE\n"
		"Restore the famfs DAX device, pmem device or image file DEVICE (not mounted)\n"
		"to what it held before the change that wrote UNDOFILE.\n"
		"\n"
		"Options:\n"
		"  -n, --dry-run            check the undo file and the device, write nothing\n"
		"  -v, --verbose            say how many ranges were restored\n"
		"  -q, --quiet              print only errors\n"
		"  -V, --version            print the version and exit\n"
		"  -h, --help               print this help and exit\n"
		"\n"
		"Exit status: 0 restored (or already as it was), 1 refused or failed\n"
		"(the device is untouched when refused), 2 usage error.\n",
		prog);
}

static const struct option longopts[] = {
	{ "dry-run", no_argument, NULL, 'n' },
	{ "verbose", no_argument, NULL, 'v' },
	{ "quiet", no_argument, NULL, 'q' },
	{ "version", no_argument, NULL, 'V' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

int main(int argc, char **argv)
{
	struct famfs_error err = { 0 };
	struct famfs_undo_result res;
	int c, dry = 0, verbose = 0, quiet = 0, rc;

	argv[0] = (char *)prog;	/* getopt's messages name the tool, not its path */
	while ((c = getopt_long(argc, argv, "nvqVh", longopts, NULL)) != -1) {
		switch (c) {
		case 'n': dry = 1; break;
		case 'v': verbose = 1; break;
		case 'q': quiet = 1; break;
		case 'V': print_version(prog); return tool_close_stdout(prog) ? EXIT_FAIL : EXIT_OK;
		case 'h': usage(stdout); return tool_close_stdout(prog) ? EXIT_FAIL : EXIT_OK;
		default:
			fprintf(stderr, "Try '%s --help' for more information.\n", prog);
			return EXIT_USAGE;
		}
	}
	if (verbose && quiet)
		return tool_usage_error(prog, EXIT_USAGE,
					"--verbose and --quiet do not go together: give one");
	if (argc - optind != 2)
		return tool_usage_error(prog, EXIT_USAGE, "give UNDOFILE and DEVICE");
	rc = famfs_undo_apply(argv[optind], argv[optind + 1], dry ? FAMFS_UNDO_DRY_RUN : 0,
			      &res, &err);
	if (rc) {
		tool_msg(stderr, prog, "%s; %s is untouched%s", err.msg, argv[optind + 1],
			 rc == -EIO ? " unless the message says otherwise" : "");
		return EXIT_FAIL;
	}
	if (!quiet) {
		tool_msg(stdout, NULL, "%s: %s %llu of %llu ranges (%llu bytes) from %s",
			 argv[optind + 1], dry ? "would restore" : "restored",
			 (unsigned long long)res.restored, (unsigned long long)res.records,
			 (unsigned long long)res.bytes, argv[optind]);
		if (verbose)
			tool_msg(stdout, NULL, "%llu ranges already held what the undo file saved",
				 (unsigned long long)res.unchanged);
	}
	return tool_close_stdout(prog) ? EXIT_FAIL : EXIT_OK;
}
