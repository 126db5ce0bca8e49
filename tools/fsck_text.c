// SPDX-License-Identifier: GPL-2.0-or-later
/* fsck.famfs: the default, human-readable report. */
#include <inttypes.h>
#include <uuid/uuid.h>

#include "common.h"
#include "fsck.h"

const char *fsck_size(uint64_t bytes, int human, char *buf, size_t len)
{
	if (human)
		return human_size(bytes, buf, len);
	snprintf(buf, len, "%" PRIu64 " bytes", bytes);
	return buf;
}

/* Percent of part in whole, 0 for an empty whole. */
static double percent(uint64_t part, uint64_t whole)
{
	return whole ? 100.0 * (double)part / (double)whole : 0.0;
}

static void print_uuid(FILE *out, const char *label, const uint8_t *uuid)
{
	char s[UUID_STR_LEN];

	uuid_unparse_lower(uuid, s);
	fprintf(out, "  %-15s%s\n", label, s);
}

static void print_superblock(FILE *out, const struct famfs_check_report *rep, int human)
{
	const struct famfs_superblock *sb = &rep->sb;
	char a[32], b[32];

	fprintf(out, "superblock:\n");
	if (!rep->sb_decoded) {
		fprintf(out, "  (none: the device is too small to hold one)\n");
		return;
	}
	print_uuid(out, "uuid:", sb->uuid);
	print_uuid(out, "system uuid:", sb->system_uuid);
	print_uuid(out, "device uuid:", sb->dev_uuid);
	fprintf(out, "  %-15s%" PRIu64 ", on-media format %u.%u\n", "version:",
		sb->version, sb->omf_major, sb->omf_minor);
	fprintf(out, "  %-15s%s recorded, %s actual\n", "device size:",
		fsck_size(sb->dev_size, human, a, sizeof(a)),
		fsck_size(rep->device_size, human, b, sizeof(b)));
	fprintf(out, "  %-15s%s at offset 0x%" PRIx64 "\n", "log:",
		fsck_size(sb->log_len, human, a, sizeof(a)), sb->log_offset);
}

static void print_log(FILE *out, const struct famfs_check_report *rep)
{
	fprintf(out, "log:\n");
	if (!rep->log_checked) {
		fprintf(out, "  (not checked)\n");
		return;
	}
	fprintf(out, "  %-15s%" PRIu64 " of %" PRIu64 " (%.1f%%)\n", "slots used:",
		rep->slots_used, rep->slots, percent(rep->slots_used, rep->slots));
	fprintf(out, "  %-15s%" PRIu64 "\n", "next seqnum:", rep->hdr.next_seqnum);
	fprintf(out, "  %-15s%" PRIu64 " slot%s, by a log rewrite (famfs-rm, fsck.famfs -y)\n",
		"reclaimable:", rep->reclaimable_slots, rep->reclaimable_slots == 1 ? "" : "s");
	if (rep->replay_stop == UINT64_MAX)
		fprintf(out, "  %-15severy live entry\n", "hosts replay:");
	else if (rep->replay_stop == 0 && !rep->not_replayed && !rep->slots_used)
		fprintf(out, "  %-15snothing (no log header)\n", "hosts replay:");
	else if (rep->replay_stop == 0 && rep->not_replayed == rep->slots_used)
		fprintf(out, "  %-15snothing (%" PRIu64 " live entr%s not replayed)\n",
			"hosts replay:", rep->not_replayed, rep->not_replayed == 1 ? "y" : "ies");
	else
		fprintf(out, "  %-15sup to entry %" PRIu64 " (%" PRIu64
			" later entr%s not replayed)\n", "hosts replay:", rep->replay_stop,
			rep->not_replayed, rep->not_replayed == 1 ? "y" : "ies");
}

static void print_space(FILE *out, const struct famfs_check_report *rep, int human)
{
	char s[32];

	fprintf(out, "namespace:\n");
	fprintf(out, "  %-15s%" PRIu64 "\n", "files:", rep->nfiles);
	fprintf(out, "  %-15s%" PRIu64 "\n", "directories:", rep->ndirs);
	fprintf(out, "space:\n");
	fprintf(out, "  %-15s%s\n", "data area:", fsck_size(rep->data_size, human, s, sizeof(s)));
	fprintf(out, "  %-15s%s\n", "allocated:",
		fsck_size(rep->bytes_allocated, human, s, sizeof(s)));
	fprintf(out, "  %-15s%s\n", "in files:", fsck_size(rep->bytes_in_files, human, s, sizeof(s)));
	fprintf(out, "  %-15s%s\n", "wasted:", fsck_size(rep->bytes_wasted, human, s, sizeof(s)));
	fprintf(out, "  %-15s%s\n", "free:", fsck_size(rep->bytes_free, human, s, sizeof(s)));
	fprintf(out, "  %-15s%s in %" PRIu64 " range%s\n", "largest free:",
		fsck_size(rep->largest_free, human, s, sizeof(s)), rep->free_ranges,
		rep->free_ranges == 1 ? "" : "s");
	/* the share of free space that a single large file could not use */
	fprintf(out, "  %-15s%.1f%%\n", "fragmentation:",
		percent(rep->bytes_free - rep->largest_free, rep->bytes_free));
}

/*
 * A multi-device file system: the space of each device, then its role,
 * recorded size and where it was found.
 */
static void print_devices(FILE *out, const struct fsck_result *r, int human)
{
	const struct famfs_check_report *rep = &r->rep;
	char a[32], b[32], c[32], l[32], z[32];
	uint32_t i;

	fprintf(out, "devices:\n");
	for (i = 0; i < rep->ndevices; i++) {
		const struct famfs_check_device *d = &rep->devices[i];
		const char *path = fsck_device_path(r, i);

		fprintf(out, "  device %-8u data area %s, allocated %s, free %s, largest free %s"
			" in %" PRIu64 " range%s; %s, size %s", i,
			fsck_size(d->data_size, human, a, sizeof(a)),
			fsck_size(d->allocated, human, b, sizeof(b)),
			fsck_size(d->free, human, c, sizeof(c)),
			fsck_size(d->largest_free, human, l, sizeof(l)), d->free_ranges,
			d->free_ranges == 1 ? "" : "s", famfs_sb_role_name(d->role),
			fsck_size(d->size, human, z, sizeof(z)));
		if (path) {
			fputs(", ", out);
			fput_printable(path, out);
		}
		if (!r->dev[i].found)
			fputs(path ? " (superblock wrong: not checked)" :
			      " (device not found: not checked)", out);
		fputc('\n', out);
	}
}

static void print_nodes(FILE *out, const struct famfs_ns *ns, int human, int as_replayed,
			int multi)
{
	uint64_t i, n = famfs_ns_count(ns);
	char s[32];

	fprintf(out, "%s:\n", as_replayed ? "contents as hosts replay the log" : "contents");
	for (i = 0; i < n; i++) {
		const struct famfs_node *node = famfs_ns_node(ns, i);

		if (node->type == FAMFS_NODE_DIR) {
			fputs("  dir  ", out);
			fput_printable(node->path, out);
			fprintf(out, "  mode %04o uid %u gid %u\n",
				node->mode & 07777, node->uid, node->gid);
			continue;
		}
		fputs("  file ", out);
		fput_printable(node->path, out);
		fprintf(out, "  %s, mode %04o uid %u gid %u\n    ",
			fsck_size(node->size, human, s, sizeof(s)),
			node->mode & 07777, node->uid, node->gid);
		fsck_describe_layout(out, node, human, multi);
		fputc('\n', out);
	}
}

/*
 * error NAME [entry N 'PATH', device D 'DEVPATH']: MSG. The device only on
 * a multi-device file system: a one-device report stays as it was.
 */
static void print_finding(FILE *out, const struct fsck_result *r, const struct kept_finding *f)
{
	const int dev = r->rep.ndevices > 1 && f->device != FAMFS_CHECK_NO_DEVICE;
	const char *dpath = dev ? fsck_device_path(r, f->device) : NULL;

	fprintf(out, "%s %s", f->severity == FAMFS_SEV_ERROR ? "error" :
		f->severity == FAMFS_SEV_INFO ? "info" : "warning", f->name);
	if (f->index != FAMFS_CHECK_NO_INDEX || f->path || dev) {
		fputs(" [", out);
		if (f->index != FAMFS_CHECK_NO_INDEX)
			fprintf(out, "entry %" PRIu64 "%s", f->index, f->path ? " " : "");
		if (f->path) {
			fputc('\'', out);
			fput_printable(f->path, out);
			fputc('\'', out);
		}
		if (dev)
			fprintf(out, "%sdevice %" PRIu64, f->index != FAMFS_CHECK_NO_INDEX ||
				f->path ? ", " : "", f->device);
		if (dpath) {
			fputs(" '", out);
			fput_printable(dpath, out);
			fputc('\'', out);
		}
		fputc(']', out);
	}
	fputs(": ", out);
	fput_printable(f->msg, out);
	fputc('\n', out);
}

void fsck_print_text(FILE *out, const struct fsck_result *r, int verbose,
		     int human, int quiet, int result_line)
{
	const struct famfs_check_report *rep = &r->rep;
	size_t i;

	if (!quiet) {
		fprintf(out, "fsck.famfs: checking %s\n", r->device);
		print_superblock(out, rep, human);
		print_log(out, rep);
		if (rep->log_checked)
			print_space(out, rep, human);
		if (rep->log_checked && rep->ndevices > 1)
			print_devices(out, r, human);
		if (verbose && r->as_replayed && r->hosts)
			print_nodes(out, r->hosts, human, 1, r->rep.ndevices > 1);
		else if (verbose && r->ns)
			print_nodes(out, r->ns, human, 0, r->rep.ndevices > 1);
	}
	/* the entries hosts do not replay are listed only when asked for */
	for (i = 0; i < r->nf; i++)
		if (verbose || r->f[i].severity != FAMFS_SEV_INFO)
			print_finding(out, r, &r->f[i]);
	if (quiet && !result_line && !rep->nerrors && !rep->nwarnings)
		return;
	if (rep->nerrors)
		fprintf(out, "fsck.famfs: %s: %" PRIu64 " error%s, %" PRIu64
			" warning%s: the file system is inconsistent\n", r->device,
			rep->nerrors, rep->nerrors == 1 ? "" : "s",
			rep->nwarnings, rep->nwarnings == 1 ? "" : "s");
	else
		fprintf(out, "fsck.famfs: %s: clean, %" PRIu64 " warning%s\n", r->device,
			rep->nwarnings, rep->nwarnings == 1 ? "" : "s");
}
