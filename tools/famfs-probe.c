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

/* blkid's exit codes, and one for --members */
#define PROBE_FOUND	0
#define PROBE_MEMBER	1	/* --members: a member missing or wrong */
#define PROBE_NOTHING	2
#define PROBE_USAGE	4

static const char *prog = "famfs-probe";

static void usage(FILE *out)
{
	fprintf(out,
		"Usage: %s [options] PATH...\n"
		"       %s --members [-d PATH]... [--image-dir DIR] PRIMARY\n"
		"Say whether each DAX device, pmem device or image file holds a famfs\n"
		"superblock, and which: file-system UUID, device UUID, role and size.\n"
		"With --members, list every device of the file system whose primary is\n"
		"PRIMARY and where it is on this host, found by its device UUID.\n"
		"\n"
		"Options:\n"
		"  -e, --export          print KEY=VALUE lines (TYPE, UUID, DEV_UUID, ROLE,\n"
		"                        DEV_INDEX, SIZE) for udev and scripts\n"
		"  -m, --members         list the members of PRIMARY's file system\n"
		"  -d, --device PATH     with --members: look for members here (repeatable)\n"
		"      --image-dir DIR   with --members: look for members among DIR's files\n"
		"                        (default: this host's DAX devices)\n"
		"  -V, --version         print the version and exit\n"
		"      --help            print this help and exit\n"
		"\n"
		"Exit status: 0 famfs found on a PATH (--members: every member found), 1\n"
		"--members: a member missing or wrong, 2 nothing found, 4 usage error.\n",
		prog, prog);
}

enum { OPT_HELP = 256, OPT_IMAGE_DIR };

static const struct option longopts[] = {
	{ "export", no_argument, NULL, 'e' },
	{ "members", no_argument, NULL, 'm' },
	{ "device", required_argument, NULL, 'd' },
	{ "image-dir", required_argument, NULL, OPT_IMAGE_DIR },
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

static void uuid_text(const uint8_t *u, char *s, size_t len)
{
	snprintf(s, len, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
		 u[0], u[1], u[2], u[3], u[4], u[5], u[6], u[7], u[8], u[9], u[10], u[11],
		 u[12], u[13], u[14], u[15]);
}

/*
 * One line per member: index, role, device UUID, recorded size and where
 * it is, or why it is not usable. Reads only.
 */
static int list_members(const char *primary, const struct famfs_resolve_opts *ro)
{
	struct famfs_error err = { 0 };
	struct famfs_devset ds;
	struct famfs_fs *fs;
	char u[40], path[4096];
	uint32_t i;
	int bad = 0;

	if (famfs_fs_open(primary, FAMFS_FS_FORCE, &fs, &err)) {
		tool_msg(stderr, prog, "%s", err.msg);
		return PROBE_NOTHING;
	}
	if (famfs_devset_from_log(&ds, famfs_fs_superblock(fs), famfs_fs_log(fs),
				  famfs_fs_superblock(fs)->log_len, &err)) {
		tool_msg(stderr, prog, "%s: device table: %s", primary, err.msg);
		famfs_fs_close(fs);
		return PROBE_MEMBER;
	}
	famfs_fs_close(fs);
	uuid_text(ds.fs_uuid, u, sizeof(u));
	printf("UUID=%s DEVICES=%u\n", u, ds.count);
	for (i = 0; i < ds.count; i++) {
		int rc = famfs_devset_locate(&ds, i, primary, ro, path, sizeof(path), &err);

		uuid_text(ds.dev[i].uuid, u, sizeof(u));
		printf("%u %s %s %llu ", i, i ? "secondary" : "primary", u,
		       (unsigned long long)ds.dev[i].size);
		if (rc) {
			printf("-\n");
			tool_msg(stderr, prog, "%s", err.msg);
			bad = 1;
		} else {
			tool_msg(stdout, NULL, "%s", path);
		}
	}
	return bad ? PROBE_MEMBER : PROBE_FOUND;
}

#define MAX_DEVICE_ARGS	(4 * FAMFS_MAX_DEVICES)

int main(int argc, char **argv)
{
	struct famfs_resolve_opts ro = { 0 };
	const char *devs[MAX_DEVICE_ARGS];
	int c, export = 0, members = 0, found = 0, i, rc;

	while ((c = getopt_long(argc, argv, "emd:V", longopts, NULL)) != -1) {
		switch (c) {
		case 'e':
			export = 1;
			break;
		case 'm':
			members = 1;
			break;
		case 'd':
			if (ro.npaths == MAX_DEVICE_ARGS)
				return tool_usage_error(prog, PROBE_USAGE,
							"more than %d -d/--device options",
							MAX_DEVICE_ARGS);
			devs[ro.npaths++] = optarg;
			break;
		case OPT_IMAGE_DIR:
			ro.image_dir = optarg;
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
	if (!members && (ro.npaths || ro.image_dir))
		return tool_usage_error(prog, PROBE_USAGE, "-d and --image-dir go with --members");
	if (members) {
		if (export || argc - optind != 1)
			return tool_usage_error(prog, PROBE_USAGE,
						"--members takes one PRIMARY and no --export");
		ro.paths = devs;
		rc = list_members(argv[optind], &ro);
		return tool_close_stdout(prog) ? PROBE_USAGE : rc;
	}
	for (i = optind; i < argc; i++)
		found += probe_one(argv[i], export, argc - optind > 1);
	if (tool_close_stdout(prog))
		return PROBE_USAGE;
	return found ? PROBE_FOUND : PROBE_NOTHING;
}
