// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * fsck.famfs --json: the report as one JSON document. Every size is in
 * bytes; the keys are stable (docs in fsck.famfs(8)).
 */
#include <inttypes.h>
#include <string.h>
#include <uuid/uuid.h>

#include "fsck.h"
#include "json.h"

static void json_uuid(FILE *out, const char *key, const uint8_t *uuid, int last)
{
	char s[UUID_STR_LEN];

	uuid_unparse_lower(uuid, s);
	fprintf(out, "    \"%s\": \"%s\"%s\n", key, s, last ? "" : ",");
}

static void json_u64(FILE *out, const char *key, uint64_t v, int last)
{
	fprintf(out, "    \"%s\": %" PRIu64 "%s\n", key, v, last ? "" : ",");
}

static void print_superblock(FILE *out, const struct famfs_check_report *rep)
{
	const struct famfs_superblock *sb = &rep->sb;

	if (!rep->sb_decoded) {
		fprintf(out, "  \"superblock\": null,\n");
		return;
	}
	fprintf(out, "  \"superblock\": {\n");
	json_u64(out, "magic", sb->magic, 0);
	json_u64(out, "version", sb->version, 0);
	json_u64(out, "omf_major", sb->omf_major, 0);
	json_u64(out, "omf_minor", sb->omf_minor, 0);
	json_uuid(out, "uuid", sb->uuid, 0);
	json_uuid(out, "system_uuid", sb->system_uuid, 0);
	json_uuid(out, "device_uuid", sb->dev_uuid, 0);
	json_u64(out, "recorded_size", sb->dev_size, 0);
	json_u64(out, "log_offset", sb->log_offset, 0);
	json_u64(out, "log_len", sb->log_len, 0);
	json_u64(out, "alloc_unit", sb->alloc_unit, 1);
	fprintf(out, "  },\n");
}

static void print_log(FILE *out, const struct famfs_check_report *rep)
{
	if (!rep->log_checked) {
		fprintf(out, "  \"log\": null,\n");
		return;
	}
	fprintf(out, "  \"log\": {\n");
	json_u64(out, "slots", rep->slots, 0);
	json_u64(out, "slots_used", rep->slots_used, 0);
	json_u64(out, "next_index", rep->hdr.next_index, 0);
	json_u64(out, "next_seqnum", rep->hdr.next_seqnum, 0);
	/* hosts' replay: the entry it stops at (null: none), the live entries after it */
	if (rep->replay_stop == UINT64_MAX)
		fprintf(out, "    \"replay_stop\": null,\n");
	else
		json_u64(out, "replay_stop", rep->replay_stop, 0);
	json_u64(out, "not_replayed", rep->not_replayed, 0);
	json_u64(out, "reclaimable_slots", rep->reclaimable_slots, 1);
	fprintf(out, "  },\n");
}

static void print_space(FILE *out, const struct famfs_check_report *rep)
{
	fprintf(out, "  \"namespace\": {\n");
	json_u64(out, "files", rep->nfiles, 0);
	json_u64(out, "directories", rep->ndirs, 1);
	fprintf(out, "  },\n  \"space\": {\n");
	json_u64(out, "data_size", rep->data_size, 0);
	json_u64(out, "allocated", rep->bytes_allocated, 0);
	json_u64(out, "in_files", rep->bytes_in_files, 0);
	json_u64(out, "wasted", rep->bytes_wasted, 0);
	json_u64(out, "free", rep->bytes_free, 0);
	json_u64(out, "largest_free", rep->largest_free, 0);
	json_u64(out, "free_ranges", rep->free_ranges, 1);
	fprintf(out, "  },\n");
}

/*
 * A multi-device file system: each device's role, recorded size, where it
 * was found (null: not found), whether it was checked, and its space.
 */
static void print_devices(FILE *out, const struct fsck_result *r)
{
	const struct famfs_check_report *rep = &r->rep;
	char u[UUID_STR_LEN];
	uint32_t i;

	fprintf(out, "  \"devices\": [\n");
	for (i = 0; i < rep->ndevices; i++) {
		const struct famfs_check_device *d = &rep->devices[i];

		uuid_unparse_lower(d->uuid, u);
		fprintf(out, "    {\"index\": %u, \"role\": \"%s\", \"uuid\": \"%s\", \"path\": ",
			i, famfs_sb_role_name(d->role), u);
		json_string(out, fsck_device_path(r, i));
		fprintf(out, ", \"found\": %s, \"size\": %" PRIu64 ", \"data_offset\": %" PRIu64
			", \"data_size\": %" PRIu64 ", \"allocated\": %" PRIu64 ", \"free\": %"
			PRIu64 ", \"largest_free\": %" PRIu64 ", \"largest_free_offset\": %" PRIu64
			", \"free_ranges\": %" PRIu64 "}%s\n", r->dev[i].found ? "true" : "false",
			d->size, d->data_start, d->data_size, d->allocated, d->free,
			d->largest_free, d->largest_free_offset, d->free_ranges,
			i + 1 < rep->ndevices ? "," : "");
	}
	fprintf(out, "  ],\n");
}

static void print_extents(FILE *out, const struct famfs_node *n)
{
	uint64_t i, count = n->ext_type == FAMFS_EXT_INTERLEAVE ? n->nstrips : n->next;

	if (n->ext_type == FAMFS_EXT_INTERLEAVE)
		fprintf(out, ", \"layout\": \"interleaved\", \"chunk_size\": %" PRIu64
			", \"strips\": [", n->chunk_size);
	else
		fprintf(out, ", \"layout\": \"simple\", \"extents\": [");
	for (i = 0; i < count; i++)
		fprintf(out, "%s{\"dev\": %" PRIu64 ", \"offset\": %" PRIu64 ", \"len\": %"
			PRIu64 "}", i ? ", " : "", n->ext[i].dev_index, n->ext[i].offset,
			n->ext[i].len);
	fputc(']', out);
}

static void print_nodes(FILE *out, const struct famfs_ns *ns, int as_replayed)
{
	uint64_t i, n = famfs_ns_count(ns);

	fprintf(out, "  \"%s\": [", as_replayed ? "contents_as_replayed" : "contents");
	for (i = 0; i < n; i++) {
		const struct famfs_node *node = famfs_ns_node(ns, i);

		fprintf(out, "%s\n    {\"type\": \"%s\", \"path\": ", i ? "," : "",
			node->type == FAMFS_NODE_DIR ? "dir" : "file");
		json_string(out, node->path);
		fprintf(out, ", \"entry\": %" PRIu64 ", \"mode\": %u, \"uid\": %u, \"gid\": %u",
			node->log_index, node->mode, node->uid, node->gid);
		if (node->type == FAMFS_NODE_FILE) {
			fprintf(out, ", \"size\": %" PRIu64, node->size);
			print_extents(out, node);
		}
		fputc('}', out);
	}
	fprintf(out, "%s],\n", n ? "\n  " : "");
}

static void print_findings(FILE *out, const struct fsck_result *r)
{
	size_t i, shown = 0;

	fprintf(out, "  \"findings\": [");
	for (i = 0; i < r->nf; i++) {
		const struct kept_finding *f = &r->f[i];

		if (f->more)
			continue;	/* summaries go to "suppressed" */
		fprintf(out, "%s\n    {\"severity\": \"%s\", \"name\": \"%s\", \"entry\": ",
			shown++ ? "," : "", f->severity == FAMFS_SEV_ERROR ? "error" :
			f->severity == FAMFS_SEV_INFO ? "info" : "warning",
			f->name);
		if (f->index == FAMFS_CHECK_NO_INDEX)
			fputs("null", out);
		else
			fprintf(out, "%" PRIu64, f->index);
		fputs(", \"path\": ", out);
		json_string(out, f->path);
		/* the device it concerns, and where that device is (null: none or unknown) */
		fputs(", \"device\": ", out);
		if (f->device == FAMFS_CHECK_NO_DEVICE)
			fputs("null, \"device_path\": null", out);
		else {
			fprintf(out, "%" PRIu64 ", \"device_path\": ", f->device);
			json_string(out, fsck_device_path(r, f->device));
		}
		fputs(", \"message\": ", out);
		json_string(out, f->msg);
		fputc('}', out);
	}
	fprintf(out, "%s],\n", shown ? "\n  " : "");
}

/*
 * "suppressed": for each name with more findings than were listed, how
 * many were not (both severities together), e.g. {"entry-crc": 7895060}.
 */
static void print_suppressed(FILE *out, const struct fsck_result *r)
{
	size_t i, j, shown = 0;

	fprintf(out, "  \"suppressed\": {");
	for (i = 0; i < r->nf; i++) {
		uint64_t n = r->f[i].more;

		if (!n)
			continue;
		/* the first summary of a name counts those of the other severity too */
		for (j = 0; j < i && (!r->f[j].more || strcmp(r->f[j].name, r->f[i].name)); j++)
			;
		if (j < i)
			continue;
		for (j = i + 1; j < r->nf; j++)
			if (r->f[j].more && !strcmp(r->f[j].name, r->f[i].name))
				n += r->f[j].more;
		fprintf(out, "%s\"%s\": %" PRIu64, shown++ ? ", " : "", r->f[i].name, n);
	}
	fprintf(out, "},\n");
}

void fsck_print_json(FILE *out, const struct fsck_result *r, int verbose)
{
	const struct famfs_check_report *rep = &r->rep;

	fprintf(out, "{\n  \"device\": ");
	json_string(out, r->device);
	fprintf(out, ",\n  \"device_size\": %" PRIu64 ",\n", rep->device_size);
	print_superblock(out, rep);
	print_log(out, rep);
	if (rep->log_checked)
		print_space(out, rep);
	if (rep->log_checked && rep->ndevices > 1)
		print_devices(out, r);
	if (verbose && r->as_replayed && r->hosts)
		print_nodes(out, r->hosts, 1);
	else if (verbose && r->ns)
		print_nodes(out, r->ns, 0);
	print_findings(out, r);
	print_suppressed(out, r);
	if (r->repaired)
		fsck_print_json_repairs(out, r);
	fprintf(out, "  \"errors\": %" PRIu64 ",\n  \"warnings\": %" PRIu64
		",\n  \"exit_code\": %d\n}\n", rep->nerrors, rep->nwarnings,
		r->repaired ? r->repaired_exit : fsck_exit_code(r));
}
