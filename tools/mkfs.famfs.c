// SPDX-License-Identifier: GPL-2.0-or-later
/* mkfs.famfs: make a famfs file system on a DAX device, pmem device or image. */
#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <uuid/uuid.h>

#include <famfs/famfs.h>

#include "common.h"
#include "daxmode_guard.h"

static const char *prog = "mkfs.famfs";

static void usage(FILE *out)
{
	fprintf(out,
		"Usage: %s [options] DEVICE [SIZE]\n"
		"       %s [options] PRIMARY SECONDARY...\n"
		"Make a famfs file system on DEVICE: a DAX character device (/dev/daxX.Y),\n"
		"a pmem block device or a regular image file. With SIZE, DEVICE is an image\n"
		"file: created when missing, extended when smaller. With SECONDARY devices,\n"
		"one file system spans them all (at most 24 devices; PRIMARY holds the log).\n"
		"A second argument that reads as a size is a SIZE; write ./NAME for a file\n"
		"whose name looks like one.\n"
		"\n"
		"Options:\n"
		"  -f, --force              overwrite an existing famfs or other file system\n"
		"  -k, --kill               with -f: only zero the famfs superblock magic\n"
		"  -l, --loglen SIZE        log length: a power of two, at least 8m (default 8m)\n"
		"  -U, --uuid UUID          file-system UUID (default: random)\n"
		"  -s, --system-uuid UUID   record UUID as the master host instead of this host's\n"
		"  -n, --dry-run            do every check, write nothing\n"
		"  -M, --set-daxmode        switch a DAX device to devdax for mkfs and leave it\n"
		"                           in famfs mode, ready to mount\n"
		"  -q, --quiet              print nothing but errors\n"
		"  -V, --version            print the version and exit\n"
		"  -h, --help               print this help and exit\n"
		"\n"
		"SIZE takes a k, m, g or t suffix (powers of 1024).\n"
		"This host's system UUID comes from $FAMFS_SYSTEM_UUID, or the file named by\n"
		"$FAMFS_SYSTEM_UUID_FILE, or %s (created when missing).\n"
		"Exit status: 0 done, 1 failed (nothing written; or the file system was made\n"
		"but its report could not be written to standard output), 2 usage error.\n",
		prog, prog, FAMFS_SYSTEM_UUID_FILE);
}

static const struct option longopts[] = {
	{ "force", no_argument, NULL, 'f' },
	{ "kill", no_argument, NULL, 'k' },
	{ "loglen", required_argument, NULL, 'l' },
	{ "uuid", required_argument, NULL, 'U' },
	{ "system-uuid", required_argument, NULL, 's' },
	{ "dry-run", no_argument, NULL, 'n' },
	{ "set-daxmode", no_argument, NULL, 'M' },
	{ "quiet", no_argument, NULL, 'q' },
	{ "version", no_argument, NULL, 'V' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

struct args {
	struct famfs_mkfs_opts opts;
	uint8_t uuid[FAMFS_UUID_LEN];
	uint8_t system_uuid[FAMFS_UUID_LEN];
	int quiet, set_daxmode;
	const char *device;
	uint64_t image_size;	/* 0: no SIZE given */
	const char *const *secondaries;
	size_t nsec;
};

#define EXIT_USAGE 2
#define usage_error(...) tool_usage_error(prog, EXIT_USAGE, __VA_ARGS__)

static int parse_uuid_arg(const char *arg, uint8_t *uuid)
{
	return uuid_parse(arg, uuid) ? usage_error("'%s' is not a UUID", arg) : 0;
}

/*
 * After DEVICE: one argument that reads as a size is an image SIZE (a path
 * never does: "./4g" for a file of that name); otherwise every argument is
 * a secondary device. Returns -1 to go on, else the exit code.
 */
static int parse_positional(int n, char **rest, struct args *a)
{
	uint64_t size;
	int i;

	/* a lone second argument that starts like a number and names no file is a bad SIZE */
	if (n == 1 && (!parse_size(rest[0], &a->image_size) ||
		       (isdigit((unsigned char)rest[0][0]) && access(rest[0], F_OK)))) {
		if (!a->image_size)
			return usage_error("invalid SIZE '%s': give a number of bytes with an optional k, m, g or t suffix",
					   rest[0]);
		return -1;
	}
	for (i = 0; i < n; i++)
		if (!parse_size(rest[i], &size))
			return usage_error("'%s' is a SIZE: give one DEVICE and at most one SIZE (for a device set, create the images first; write ./%s for a file of that name)",
					   rest[i], rest[i]);
	if (n >= FAMFS_MAX_DEVICES)
		return usage_error("%d devices: a file system has at most %d", n + 1,
				   FAMFS_MAX_DEVICES);
	a->secondaries = (const char *const *)rest;
	a->nsec = (size_t)n;
	return -1;
}

/* Returns -1 to go on, else the exit code. */
static int parse_args(int argc, char **argv, struct args *a)
{
	int c, rc;

	while ((c = getopt_long(argc, argv, "fkl:U:s:nMqVh", longopts, NULL)) != -1) {
		switch (c) {
		case 'f':
			a->opts.flags |= FAMFS_MKFS_FORCE;
			break;
		case 'k':
			a->opts.flags |= FAMFS_MKFS_KILL;
			break;
		case 'l':
			if (parse_size(optarg, &a->opts.log_len))
				return usage_error("invalid log length '%s'", optarg);
			if (a->opts.log_len < FAMFS_LOG_LEN_MIN ||
			    (a->opts.log_len & (a->opts.log_len - 1)))
				return usage_error("log length '%s' must be a power of two of at least 8m",
						   optarg);
			break;
		case 'U':
			if (parse_uuid_arg(optarg, a->uuid))
				return EXIT_USAGE;
			a->opts.uuid = a->uuid;
			break;
		case 's':
			if (parse_uuid_arg(optarg, a->system_uuid))
				return EXIT_USAGE;
			a->opts.system_uuid = a->system_uuid;
			break;
		case 'n':
			a->opts.flags |= FAMFS_MKFS_DRY_RUN;
			break;
		case 'M':
			a->set_daxmode = 1;
			break;
		case 'q':
			a->quiet = 1;
			break;
		case 'V':
			print_version(prog);
			return 0;
		case 'h':
			usage(stdout);
			return 0;
		default:
			fprintf(stderr, "Try '%s --help' for more information.\n", prog);
			return EXIT_USAGE;
		}
	}
	if (optind == argc)
		return usage_error("%s", "no DEVICE given");
	a->device = argv[optind];
	rc = parse_positional(argc - optind - 1, argv + optind + 1, a);
	if (rc >= 0)
		return rc;
	if (a->image_size && (a->opts.flags & FAMFS_MKFS_KILL))
		return usage_error("%s", "-k/--kill takes no SIZE");
	if ((a->opts.flags & FAMFS_MKFS_KILL) && a->opts.log_len)
		return usage_error("%s", "-k/--kill and -l/--loglen do not go together: -k makes no log");
	if ((a->opts.flags & FAMFS_MKFS_KILL) && (a->opts.uuid || a->opts.system_uuid))
		return usage_error("-k/--kill and %s do not go together: -k records no UUID",
				   a->opts.uuid ? "-U/--uuid" : "-s/--system-uuid");
	if ((a->opts.flags & FAMFS_MKFS_KILL) && !(a->opts.flags & FAMFS_MKFS_FORCE))
		return usage_error("%s", "-k/--kill destroys the file system: give -f as well");
	if (a->nsec && (a->opts.flags & FAMFS_MKFS_KILL))
		return usage_error("%s", "-k/--kill takes one DEVICE");
	return -1;
}

static void print_summary(const struct args *a, const struct famfs_mkfs_result *r)
{
	const struct famfs_superblock *sb = &r->sb;
	uint64_t data_start = FAMFS_LOG_OFFSET + sb->log_len;
	char h[32], u[UUID_STR_LEN], su[UUID_STR_LEN];

	uuid_unparse_lower(sb->uuid, u);
	uuid_unparse_lower(sb->system_uuid, su);
	printf("%s: %s%s\n", prog, a->device,
	       (a->opts.flags & FAMFS_MKFS_DRY_RUN) ? " (dry run: nothing written)" : "");
	printf("  device size:  %llu bytes (%s), from %s\n", (unsigned long long)sb->dev_size,
	       human_size(sb->dev_size, h, sizeof(h)), r->size_source);
	printf("  alignment:    %llu bytes\n", (unsigned long long)r->align);
	printf("  log:          %llu bytes (%s), %llu slots\n", (unsigned long long)sb->log_len,
	       human_size(sb->log_len, h, sizeof(h)), (unsigned long long)r->nslots);
	printf("  data:         %llu bytes (%s) from offset 0x%llx\n",
	       (unsigned long long)(sb->dev_size - data_start),
	       human_size(sb->dev_size - data_start, h, sizeof(h)),
	       (unsigned long long)data_start);
	printf("  uuid:         %s\n", u);
	printf("  system uuid:  %s\n", su);
	if (r->replaced[0])
		printf("  replaced:     %s\n", r->replaced);
}

static void print_members(const struct args *a, const struct famfs_mkfs_member *m)
{
	char h[32], u[UUID_STR_LEN];
	size_t i;

	for (i = 0; i < a->nsec; i++) {
		uuid_unparse_lower(m[i].sb.dev_uuid, u);
		printf("  device %zu:     %s, %llu bytes (%s), device uuid %s%s%s\n", i + 1,
		       a->secondaries[i], (unsigned long long)m[i].sb.dev_size,
		       human_size(m[i].sb.dev_size, h, sizeof(h)), u,
		       m[i].replaced[0] ? ", replaced " : "", m[i].replaced);
	}
}

static void print_hint(int rc)
{
	if (rc == -EEXIST)
		fprintf(stderr, "%s: use -f to overwrite it; everything on it will be lost\n", prog);
	else if (rc == -EACCES || rc == -EROFS || rc == -EPERM)
		fprintf(stderr, "%s: the device must be writable by this user\n", prog);
	else if (rc == -ENOENT)
		fprintf(stderr, "%s: to create an image file, give its SIZE: %s FILE 4g\n", prog, prog);
}

/*
 * The superblock records this host's system UUID. Resolving it (which may
 * create its file) is its own step, after the device checks, so that a
 * failure names the UUID file and its fixes rather than the device.
 */
static int resolve_system_uuid(struct args *a)
{
	struct famfs_error err = { 0 };
	const char *file = getenv(FAMFS_SYSTEM_UUID_FILE_ENV);

	if (a->opts.system_uuid || (a->opts.flags & FAMFS_MKFS_DRY_RUN))
		return 0;
	if (famfs_system_uuid(a->system_uuid, 1, &err)) {
		fprintf(stderr, "%s: %s\n", prog, err.msg);
		fprintf(stderr,
			"%s: the superblock records this host's system UUID, kept in %s; fix: run\n"
			"  mkfs.famfs once as root to create it, or give --system-uuid UUID, or set\n"
			"  %s to a file this user can write (nothing was written to %s)\n",
			prog, (file && *file) ? file : FAMFS_SYSTEM_UUID_FILE,
			FAMFS_SYSTEM_UUID_FILE_ENV, a->device);
		return -1;
	}
	a->opts.system_uuid = a->system_uuid;
	return 0;
}

/* A dry run that would create or extend the image checks only the size (done before). */
static int dry_run_image(const struct args *a, int action, uint64_t old_size)
{
	char h[32];

	if (a->quiet)
		return 0;
	if (action == FAMFS_IMAGE_CREATED)
		printf("%s: %s: would create a %llu-byte (%s) image file (dry run: nothing written)\n",
		       prog, a->device, (unsigned long long)a->image_size,
		       human_size(a->image_size, h, sizeof(h)));
	else
		printf("%s: %s: would extend the image file from %llu to %llu bytes (dry run: nothing written)\n",
		       prog, a->device, (unsigned long long)old_size,
		       (unsigned long long)a->image_size);
	return 0;
}

/* Create or extend the image for a SIZE; returns -1 to go on, else the exit code. */
static int prepare_image(const struct args *a, struct famfs_image_undo *undo)
{
	struct famfs_error err = { 0 };
	int action;

	memset(undo, 0, sizeof(*undo));
	undo->action = FAMFS_IMAGE_KEPT;
	if (!a->image_size)
		return -1;
	if (a->image_size < famfs_mkfs_min_size(a->opts.log_len)) {
		fprintf(stderr, "%s: %s: a SIZE of %llu bytes is too small: a log of %llu bytes needs an image of at least %llu\n",
			prog, a->device, (unsigned long long)a->image_size,
			(unsigned long long)(a->opts.log_len ? a->opts.log_len : FAMFS_LOG_LEN_DEFAULT),
			(unsigned long long)famfs_mkfs_min_size(a->opts.log_len));
		return 1;
	}
	action = famfs_image_prepare(a->device, a->image_size,
				     a->opts.flags & FAMFS_MKFS_DRY_RUN, undo, &err);
	if (action < 0) {
		fprintf(stderr, "%s: %s\n", prog, err.msg);
		return 1;
	}
	if (action != FAMFS_IMAGE_KEPT && (a->opts.flags & FAMFS_MKFS_DRY_RUN))
		return dry_run_image(a, action, undo->old_size);
	return -1;
}

/* Every check first (a dry run), then the UUID file, then the real write. */
static int make_fs(struct args *a, struct famfs_mkfs_result *r,
		   struct famfs_mkfs_member *members)
{
	struct famfs_mkfs_opts dry = a->opts;
	struct famfs_error err = { 0 };
	int rc;

	dry.flags |= FAMFS_MKFS_DRY_RUN;
	rc = famfs_mkfs_set(a->device, a->secondaries, a->nsec, &dry, r, members, &err);
	if (!rc && !(a->opts.flags & FAMFS_MKFS_DRY_RUN)) {
		if (resolve_system_uuid(a))
			return 1;
		rc = famfs_mkfs_set(a->device, a->secondaries, a->nsec, &a->opts, r, members,
				    &err);
	}
	if (rc) {
		fprintf(stderr, "%s: %s\n", prog, err.msg);
		print_hint(rc);
		return 1;
	}
	return 0;
}

static void print_result(const struct args *a, const struct famfs_mkfs_result *r,
			 const struct famfs_mkfs_member *members, int action, uint64_t old_size)
{
	char h[32];

	if (action == FAMFS_IMAGE_CREATED)
		printf("%s: %s: created a %s image file\n", prog, a->device,
		       human_size(a->image_size, h, sizeof(h)));
	else if (action == FAMFS_IMAGE_EXTENDED)
		printf("%s: %s: image file extended from %llu to %llu bytes\n", prog, a->device,
		       (unsigned long long)old_size, (unsigned long long)a->image_size);
	if (r->killed) {
		printf("%s: %s: famfs superblock magic %s\n", prog, a->device,
		       (a->opts.flags & FAMFS_MKFS_DRY_RUN) ? "would be zeroed (dry run)" : "zeroed");
		return;
	}
	if (r->raw_size != r->sb.dev_size)
		printf("%s: %s: %llu bytes is not a multiple of 2 MiB: using %llu\n", prog,
		       a->device, (unsigned long long)r->raw_size,
		       (unsigned long long)r->sb.dev_size);
	print_summary(a, r);
	print_members(a, members);
}

int main(int argc, char **argv)
{
	struct args a = { 0 };
	struct famfs_mkfs_result r;
	struct famfs_mkfs_member members[FAMFS_MAX_DEVICES];
	struct famfs_error err = { 0 };
	struct famfs_image_undo undo;
	int rc, end;

	argv[0] = (char *)prog;	/* getopt's messages name the tool, not its path */
	rc = parse_args(argc, argv, &a);
	if (rc >= 0)
		return rc;
	rc = prepare_image(&a, &undo);
	if (rc >= 0)
		return rc;
	/* a dry run changes nothing, not even the mode */
	end = (a.opts.flags & FAMFS_MKFS_DRY_RUN) ? GUARD_RESTORE : GUARD_END_FAMFS;
	if (daxmode_guard_begin(prog, a.device, a.secondaries, a.nsec, a.set_daxmode, end, 1))
		return 1;
	rc = make_fs(&a, &r, members);
	if (rc) {
		/* a refused mkfs leaves an image it created or extended as it was */
		if (!(a.opts.flags & FAMFS_MKFS_DRY_RUN) &&
		    famfs_image_restore(a.device, &undo, &err))
			fprintf(stderr, "%s: %s\n", prog, err.msg);
		return rc;
	}
	if (!a.quiet)
		print_result(&a, &r, members, undo.action, undo.old_size);
	rc = daxmode_guard_success();
	/* the report was lost, not the file system: say which happened */
	if (tool_close_stdout(prog)) {
		if (!(a.opts.flags & FAMFS_MKFS_DRY_RUN))
			fprintf(stderr, "%s: %s: the file system WAS %s; only its report was lost\n",
				prog, a.device, r.killed ? "killed" : "made");
		return 1;
	}
	return rc;
}
