// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * famfs-probe: what famfs holds a device or image, blkid-style. libblkid
 * has no famfs prober and does not look at DAX character devices, so udev
 * imports this tool's --export output to make /dev/famfs/ links.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <famfs/famfs.h>

#include "common.h"

/* blkid's exit codes */
#define PROBE_FOUND	0
#define PROBE_NOTHING	2
#define PROBE_USAGE	4

static const char *prog = "famfs-probe";

static void usage(FILE *out)
{
	fprintf(out,
		"Usage: %s [options] PATH...\n"
		"Say whether each DAX device, pmem device or image file holds a famfs\n"
		"superblock, and which: file-system UUID, device UUID, role and size.\n"
		"\n"
		"Options:\n"
		"  -e, --export      print KEY=VALUE lines (TYPE, UUID, DEV_UUID, ROLE,\n"
		"                    DEV_INDEX, SIZE) for udev and scripts\n"
		"  -V, --version     print the version and exit\n"
		"      --help        print this help and exit\n"
		"\n"
		"Exit status: 0 famfs found on a PATH, 2 nothing found, 4 usage error.\n",
		prog);
}

enum { OPT_HELP = 256 };

static const struct option longopts[] = {
	{ "export", no_argument, NULL, 'e' },
	{ "version", no_argument, NULL, 'V' },
	{ "help", no_argument, NULL, OPT_HELP },
	{ NULL, 0, NULL, 0 },
};

/* blkid's one-line form: PATH: KEY="VALUE" ... */
static void print_line(const char *path, const char *export)
{
	const char *p = export;

	fput_printable(path, stdout);
	putchar(':');
	while (*p) {
		const char *eq = strchr(p, '=');
		const char *nl = strchr(p, '\n');

		if (!eq || !nl || eq > nl)
			break;
		printf(" %.*s=\"%.*s\"", (int)(eq - p), p, (int)(nl - eq - 1), eq + 1);
		p = nl + 1;
	}
	putchar('\n');
}

/* 1 found, 0 not famfs or unreadable (said on stderr when it matters). */
static int probe_one(const char *path, int export, int named)
{
	struct famfs_superblock sb;
	struct famfs_probe_info info;
	struct famfs_error err = { 0 };
	uint64_t size;
	char out[512];
	int rc;

	rc = famfs_sb_read(path, &sb, &size, &err);
	if (rc) {
		if (rc != -FAMFS_E_SB_MAGIC)
			tool_msg(stderr, prog, "%s", err.msg);
		return 0;
	}
	/* no magic (or a killed one) is "not famfs", quietly, as blkid does */
	if (sb.magic != FAMFS_SB_MAGIC)
		return 0;
	rc = famfs_probe_superblock(&sb, size, &info, &err);
	if (rc) {
		tool_msg(stderr, prog, "%s: damaged famfs superblock, not reported: %s", path,
			 err.msg);
		return 0;
	}
	if (famfs_probe_export(&info, out, sizeof(out)) < 0) {
		tool_msg(stderr, prog, "%s: internal error formatting the result", path);
		return 0;
	}
	if (!export) {
		print_line(path, out);
	} else {
		if (named)
			tool_msg(stdout, NULL, "DEVNAME=%s", path);
		fputs(out, stdout);
		if (named)
			putchar('\n');
	}
	return 1;
}

int main(int argc, char **argv)
{
	int c, export = 0, found = 0, i;

	while ((c = getopt_long(argc, argv, "eV", longopts, NULL)) != -1) {
		switch (c) {
		case 'e':
			export = 1;
			break;
		case 'V':
			print_version(prog);
			return tool_close_stdout(prog) ? PROBE_USAGE : 0;
		case OPT_HELP:
			usage(stdout);
			return tool_close_stdout(prog) ? PROBE_USAGE : 0;
		default:
			return tool_usage_error(prog, PROBE_USAGE, "unknown option");
		}
	}
	if (optind == argc)
		return tool_usage_error(prog, PROBE_USAGE, "no PATH given");
	for (i = optind; i < argc; i++)
		found += probe_one(argv[i], export, argc - optind > 1);
	if (tool_close_stdout(prog))
		return PROBE_USAGE;
	return found ? PROBE_FOUND : PROBE_NOTHING;
}
