// SPDX-License-Identifier: GPL-2.0-or-later
/* famfs-layout: load the file system, answer the query. */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common.h"
#include "json.h"
#include "layout_print.h"
#include "rejects.h"

/*
 * The namespace of a device, and the entries fsck.famfs finds errors in
 * (famfs-cp's rule: those are not described, the others are); NULL after
 * saying why when the log cannot be read at all.
 */
static struct famfs_ns *load(const struct lp_opts *o, struct famfs_check_report *rep,
			     struct rejects *rej)
{
	struct famfs_error err = { 0 };
	struct famfs_ns *ns = NULL;

	memset(rej, 0, sizeof(*rej));
	if (famfs_check(o->device, rejects_keep, rej, rep, &ns, &err)) {
		tool_msg(stderr, o->prog, "%s", err.msg);
		return NULL;
	}
	if (rep->sb_decoded && rep->sb.magic != FAMFS_SB_MAGIC) {
		char msg[FAMFS_ERROR_MSG_MAX + 256];

		tool_msg(stderr, o->prog, "%s",
			 tool_no_famfs_msg(msg, sizeof(msg), o->device, &rep->sb.magic));
		famfs_ns_free(ns);
		rejects_free(rej);
		return NULL;
	}
	if (!ns || rej->overflow) {
		tool_msg(stderr, o->prog, "%s: fsck.famfs finds %" PRIu64 " error%s%s; refusing to "
			 "describe layouts from it (run fsck.famfs %s)", o->device, rep->nerrors,
			 rep->nerrors == 1 ? "" : "s", ns ? " in too many entries" :
			 ", no readable log", o->device);
		famfs_ns_free(ns);
		rejects_free(rej);
		return NULL;
	}
	rejects_done(rej);
	if (rep->nerrors)
		tool_msg(stderr, o->prog, "warning: fsck.famfs finds %" PRIu64 " error%s on %s; "
			 "the files it rejects are not described%s%s", rep->nerrors,
			 rep->nerrors == 1 ? "" : "s", o->device, rej->n ? ": " : "", rej->note);
	return ns;
}

static void print_hex(FILE *out, const uint8_t *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		fprintf(out, "%02x%s", p[i], (i % 16 == 15 || i + 1 == n) ? "\n" : " ");
}

/* The bytes as hex, or raw to a file or a pipe (never to a terminal). */
static int write_bytes(const struct lp_opts *o, FILE *out, const uint8_t *buf, size_t n)
{
	if (o->hex) {
		print_hex(out, buf, n);
		return 0;
	}
	if (!o->output && isatty(fileno(out))) {
		fprintf(stderr, "%s: %s is binary: give --hex, or -o FILE, or redirect it\n",
			o->prog, famfs_layout_encoding_name(o->enc));
		return 1;
	}
	return fwrite(buf, 1, n, out) == n ? 0 : 1;
}

static int emit_encoding(const struct lp_opts *o, FILE *out, const struct famfs_layout *l)
{
	struct famfs_error err = { 0 };
	uint8_t *buf = NULL;
	size_t n = 0;
	int rc;

	/* sized first: fuse-iomap grows with the file (32 bytes a run) */
	rc = famfs_layout_encode_target(l, o->enc, o->target, 0, NULL, 0, &n, &err);
	if (rc == -FAMFS_E_SHORT_BUFFER) {
		buf = malloc(n);
		rc = buf ? famfs_layout_encode_target(l, o->enc, o->target, 0, buf, n, &n, &err) :
			   famfs_error_set(&err, -ENOMEM, "%zu bytes: out of memory", n);
	}
	if (rc) {
		tool_msg(stderr, o->prog, "%s:%s: %s", o->device, o->path, err.msg);
		free(buf);
		return 1;
	}
	rc = write_bytes(o, out, buf, n);
	free(buf);
	return rc;
}

/* --offset -F fuse-iomap: the record an iomap_begin reply carries. */
static int emit_iomap_at(const struct lp_opts *o, FILE *out, const struct famfs_layout *l)
{
	struct famfs_error err = { 0 };
	uint8_t rec[FAMFS_LAYOUT_IOMAP_REC];

	if (famfs_layout_iomap_at(l, o->target, o->offset, rec, &err)) {
		tool_msg(stderr, o->prog, "%s:%s: %s", o->device, o->path, err.msg);
		return 1;
	}
	return write_bytes(o, out, rec, sizeof(rec));
}

/* "device N" in text, with its member's path on a file system with secondaries. */
static void text_device(FILE *out, const struct lp_devs *devs, uint64_t dev)
{
	const char *p = lp_dev_path(devs, dev);

	fprintf(out, "device %" PRIu64, dev);
	if (!devs)
		return;
	fputs(" (", out);
	fput_printable(p ? p : "not found", out);
	fputc(')', out);
}

/* ", "dev_path": ..." (JSON) or "dev_path: ...\n" (YAML) with secondaries. */
static void struct_dev_path(FILE *out, int yaml, const struct lp_devs *devs, uint64_t dev)
{
	const char *p = lp_dev_path(devs, dev);

	if (!devs)
		return;
	fputs(yaml ? "dev_path: " : ", \"dev_path\": ", out);
	if (p)
		json_string(out, p);	/* a valid YAML double-quoted scalar too */
	else
		fputs("null", out);
	if (yaml)
		fputc('\n', out);
}

static int print_offset(const struct lp_opts *o, FILE *out, const struct famfs_layout *l,
			struct lp_devs *devs)
{
	struct famfs_error err = { 0 };
	struct famfs_layout_loc loc;

	if (famfs_layout_translate(l, o->offset, &loc, &err)) {
		tool_msg(stderr, o->prog, "%s: %s", o->path, err.msg);
		return 1;
	}
	lp_mark_used(devs, loc.dev);
	if (o->format == LP_JSON) {
		fprintf(out, "{\"file_offset\": %" PRIu64 ", \"dev\": %" PRIu64, o->offset,
			loc.dev);
		struct_dev_path(out, 0, devs, loc.dev);
		fprintf(out, ", \"dev_offset\": %" PRIu64 ", \"contig\": %" PRIu64
			", \"segment\": %u, \"strip\": %u}\n", loc.offset, loc.contig, loc.seg,
			loc.strip);
	} else if (o->format == LP_YAML) {
		fprintf(out, "file_offset: %" PRIu64 "\ndev: %" PRIu64 "\n", o->offset, loc.dev);
		struct_dev_path(out, 1, devs, loc.dev);
		fprintf(out, "dev_offset: %" PRIu64 "\ncontig: %" PRIu64
			"\nsegment: %u\nstrip: %u\n", loc.offset, loc.contig, loc.seg, loc.strip);
	} else {
		fprintf(out, "file offset %" PRIu64 ": ", o->offset);
		text_device(out, devs, loc.dev);
		fprintf(out, " offset 0x%" PRIx64 ", segment %u strip %u, %" PRIu64
			" bytes contiguous\n", loc.offset, loc.seg, loc.strip, loc.contig);
	}
	return 0;
}

/* -R: file path holds the device byte; rc is 0, or -ERANGE (past its end). */
static void print_reverse(const struct lp_opts *o, FILE *out, const char *path, uint64_t f,
			  int rc, const struct lp_devs *devs)
{
	uint64_t dev = o->reverse_dev;

	if (o->format == LP_JSON || o->format == LP_YAML) {
		int y = o->format == LP_YAML;

		fprintf(out, y ? "dev: %" PRIu64 "\n" : "{\"dev\": %" PRIu64, dev);
		struct_dev_path(out, y, devs, dev);
		fprintf(out, y ? "dev_offset: %" PRIu64 "\npath: " :
			", \"dev_offset\": %" PRIu64 ", \"path\": ", o->reverse);
		json_string(out, path);
		fprintf(out, y ? "\nfile_offset: %" PRIu64 "\npast_end: %s\n" :
			", \"file_offset\": %" PRIu64 ", \"past_end\": %s}\n", f,
			rc ? "true" : "false");
		return;
	}
	text_device(out, devs, dev);
	/* the path came from the device: through tool_msg's escaping */
	if (rc == -ERANGE)
		tool_msg(out, NULL, " offset 0x%" PRIx64 ": allocated to %s, past its end "
			 "(would be file offset %" PRIu64 ")", o->reverse, path, f);
	else
		tool_msg(out, NULL, " offset 0x%" PRIx64 ": file offset %" PRIu64 " of %s",
			 o->reverse, f, path);
}

/*
 * -R's device must be one the file system has, and found: the question is
 * about bytes on it (a one-device file system has device 0 only).
 */
static int reverse_device_ok(const struct lp_opts *o, const struct famfs_set *set,
			     const struct lp_devs *devs)
{
	struct famfs_error why = { 0 };
	uint32_t count = devs ? devs->count : 1;

	if (o->reverse_dev >= count) {
		tool_msg(stderr, o->prog, "%s: --reverse %" PRIu64 ":0x%" PRIx64 ": the file "
			 "system has %u device%s (index 0 to %u)", o->device, o->reverse_dev,
			 o->reverse, count, count == 1 ? "" : "s", count - 1);
		return 0;
	}
	if (devs && !devs->path[o->reverse_dev]) {
		famfs_set_member_error(set, (uint32_t)o->reverse_dev, &why);
		tool_msg(stderr, o->prog, "--reverse %" PRIu64 ":0x%" PRIx64 ": %s", o->reverse_dev,
			 o->reverse, why.msg);
		return 0;
	}
	return 1;
}

/* -R with PATH: which offset of that file the device byte is. */
static int reverse_one(const struct lp_opts *o, FILE *out, const struct famfs_layout *l,
		       const struct lp_devs *devs)
{
	struct famfs_error err = { 0 };
	uint64_t f = 0;
	int rc = famfs_layout_reverse(l, o->reverse_dev, o->reverse, &f, &err);

	if (rc && rc != -ERANGE) {
		tool_msg(stderr, o->prog, "%s: %s", o->path, err.msg);
		return 1;
	}
	print_reverse(o, out, o->path, f, rc, devs);
	return 0;
}

/* -R without PATH: the file (at most one: fsck passed) that holds the device byte. */
static int reverse_any(const struct lp_opts *o, FILE *out, const struct famfs_ns *ns,
		       const struct rejects *rej, const struct lp_devs *devs)
{
	uint64_t i, f, count = famfs_ns_count(ns);
	struct famfs_layout l;

	for (i = 0; i < count; i++) {
		const struct famfs_node *n = famfs_ns_node(ns, i);
		struct famfs_error err = { 0 };
		int rc;

		if (n->type != FAMFS_NODE_FILE || rejects_has(rej, n) ||
		    famfs_layout_from_node(&l, n, &err))
			continue;
		f = 0;
		rc = famfs_layout_reverse(&l, o->reverse_dev, o->reverse, &f, &err);
		if (rc && rc != -ERANGE)
			continue;
		print_reverse(o, out, n->path, f, rc, devs);
		return 0;
	}
	tool_msg(stderr, o->prog, "%s: device %" PRIu64 " offset 0x%" PRIx64 " is not allocated "
		 "to any file", o->device, o->reverse_dev, o->reverse);
	return 1;
}

static int one_file(const struct lp_opts *o, FILE *out, const struct famfs_ns *ns,
		    const struct rejects *rej, struct lp_devs *devs)
{
	const struct famfs_node *n = famfs_ns_lookup(ns, o->path);
	struct famfs_error err = { 0 };
	struct famfs_layout l;

	if (!n) {
		tool_msg(stderr, o->prog, "%s:%s: no such file", o->device, o->path);
		return 1;
	}
	if (rejects_has(rej, n)) {
		tool_msg(stderr, o->prog, "%s:%s: fsck.famfs rejects it; not described",
			 o->device, o->path);
		return 1;
	}
	if (famfs_layout_from_node(&l, n, &err)) {
		tool_msg(stderr, o->prog, "%s:%s: %s", o->device, o->path, err.msg);
		return 1;
	}
	if (o->have_offset && o->format == LP_ENCODED)
		return emit_iomap_at(o, out, &l);
	if (o->have_offset)
		return print_offset(o, out, &l, devs);
	if (o->have_reverse)
		return reverse_one(o, out, &l, devs);
	if (o->format == LP_ENCODED)
		return emit_encoding(o, out, &l);
	print_layout(out, o->format, n->path, &l, devs);
	return 0;
}

/* Every file: one that fails is named, and the others are still described. */
static int all_files(const struct lp_opts *o, FILE *out, const struct famfs_ns *ns,
		     const struct rejects *rej, uint64_t nerrors, struct lp_devs *devs)
{
	uint64_t i, shown = 0, count = famfs_ns_count(ns);
	struct famfs_layout l;
	int rc = 0;

	for (i = 0; i < count; i++) {
		const struct famfs_node *n = famfs_ns_node(ns, i);
		struct famfs_error err = { 0 };

		if (n->type != FAMFS_NODE_FILE)
			continue;
		if (rejects_has(rej, n)) {
			tool_msg(stderr, o->prog, "%s:%s: fsck.famfs rejects it; not described",
				 o->device, n->path);
			rc = 1;
			continue;
		}
		if (famfs_layout_from_node(&l, n, &err)) {
			tool_msg(stderr, o->prog, "%s:%s: %s", o->device, n->path, err.msg);
			rc = 1;
			continue;
		}
		/* JSON: one line each; YAML: one document each; text: a blank line between */
		if (o->format == LP_YAML)
			fputs("---\n", out);
		else if (o->format == LP_TEXT && shown++)
			fputc('\n', out);
		print_layout(out, o->format, n->path, &l, devs);
	}
	/* entries with errors that are not in the namespace failed too */
	return rc || nerrors ? 1 : 0;
}

/*
 * The space of every device as the writer sees it on a multi-device file
 * system: every device's map built from the table, so files on the
 * secondaries are accounted to them (their members need not be found).
 * 1 when there are no secondaries.
 */
static int plan_set(const struct famfs_set *set, const struct famfs_ns *ns,
		    const struct famfs_superblock *sb, struct famfs_alloc_set **asetp,
		    struct famfs_error *err)
{
	int rc;

	*asetp = NULL;
	if (!set || famfs_set_devset(set)->count < 2)
		return 1;
	rc = famfs_alloc_set_new(famfs_set_devset(set), sb, asetp, err);
	if (!rc)
		rc = famfs_alloc_set_from_ns(*asetp, ns, err);
	return rc;
}

/* A plan on a one-device file system: as before sets, on device 0. */
static int plan_one(const struct lp_opts *o, struct famfs_alloc *map, struct famfs_fmap *f,
		    struct famfs_error *err)
{
	struct famfs_stripe one = o->stripe;

	if (!o->striped)
		return famfs_alloc_extents(map, o->plan_size, f, err);
	if (!o->stripe_across)
		return famfs_alloc_striped(map, o->plan_size, &o->stripe, f, err);
	if (o->stripe.nstrips != 1)
		return famfs_error_set(err, -EINVAL,
				       "%llu strips across devices, but the file system has 1 "
				       "device: a file striped across them has one strip on each, "
				       "so give 1", (unsigned long long)o->stripe.nstrips);
	one.nbuckets = 0;
	return famfs_alloc_striped(map, o->plan_size, &one, f, err);
}

/* --plan: the allocator's choice on the replayed space, nothing written. */
static int plan(const struct lp_opts *o, FILE *out, const struct famfs_ns *ns,
		const struct famfs_check_report *rep, const struct famfs_set *set,
		struct lp_devs *devs)
{
	struct famfs_error err = { 0 };
	struct famfs_alloc *map = NULL;
	struct famfs_alloc_set *aset = NULL;
	struct famfs_layout l;
	struct famfs_fmap f;
	int rc;

	/* famfs-cp refuses to write to such a device: there is nothing to plan */
	if (rep->nerrors) {
		tool_msg(stderr, o->prog, "%s: fsck.famfs finds errors; famfs-cp would refuse to "
			 "write to it, so there is no plan (run fsck.famfs %s)", o->device,
			 o->device);
		return 1;
	}
	rc = plan_set(set, ns, &rep->sb, &aset, &err);
	if (rc > 0) {
		rc = famfs_alloc_new(rep->sb.dev_size, &rep->sb, &map, &err);
		if (!rc)
			rc = famfs_alloc_from_ns(map, ns, &err);
		if (!rc)
			rc = plan_one(o, map, &f, &err);
	} else if (!rc) {
		/* where famfs-cp would put it, with the same placement */
		rc = famfs_alloc_set_place(aset, o->plan_size, o->striped ? &o->stripe : NULL,
					   o->stripe_across ? FAMFS_PLACE_ACROSS :
					   FAMFS_PLACE_MOST_FREE, 0, &f, &err);
	}
	if (!rc)
		rc = famfs_layout_from_fmap(&l, o->plan_size, &f, &err);
	if (aset)
		famfs_alloc_set_free(aset);
	else
		famfs_alloc_free(map);
	if (rc) {
		tool_msg(stderr, o->prog, "%s: %s", o->device, err.msg);
		return 1;
	}
	if (o->format == LP_ENCODED) {
		struct lp_opts named = *o;

		named.path = "(plan)";
		return emit_encoding(&named, out, &l);
	}
	print_layout(out, o->format, "(plan: nothing written)", &l, devs);
	return 0;
}

/*
 * A file system with secondaries: its members, each found (-d,
 * --image-dir, else this host's DAX devices) or not. Only what a query
 * needs must be found; devs->count stays 0 for one device, and for a
 * device table that cannot be read (fsck.famfs reports it; the files are
 * still described, with their device indices). -1 when -R needs it.
 */
static int open_members(const struct lp_opts *o, const struct famfs_superblock *sb,
			struct famfs_set **setp, struct lp_devs *devs)
{
	struct famfs_error err = { 0 };
	uint32_t i;

	memset(devs, 0, sizeof(*devs));
	*setp = NULL;
	if (!(sb->flags & FAMFS_SB_FLAG_PRIMARY))
		return 0;
	*setp = tool_members_open(o->device, &o->members, &err);
	if (!*setp) {
		if (o->have_reverse && o->reverse_dev) {
			tool_msg(stderr, o->prog, "--reverse %" PRIu64 ":0x%" PRIx64 ": %s",
				 o->reverse_dev, o->reverse, err.msg);
			return -1;
		}
		tool_msg(stderr, o->prog, "warning: %s; the members are not looked for", err.msg);
		return 0;
	}
	if (famfs_set_devset(*setp)->count < 2)
		return 0;
	devs->count = famfs_set_devset(*setp)->count;
	for (i = 0; i < devs->count; i++)
		devs->path[i] = famfs_set_path(*setp, i);
	return 0;
}

/* What was shown on a member that was not found: by index only, and why. */
static void warn_missing(const struct lp_opts *o, const struct famfs_set *set,
			 const struct lp_devs *devs)
{
	struct famfs_error why;
	uint32_t i;

	for (i = 0; i < devs->count; i++) {
		if (devs->path[i] || !(devs->used & (1U << i)))
			continue;
		memset(&why, 0, sizeof(why));
		famfs_set_member_error(set, i, &why);
		tool_msg(stderr, o->prog, "warning: %s; its strips are shown by device index "
			 "only (give -d PATH or --image-dir DIR)", why.msg);
	}
}

int layout_main(const struct lp_opts *o)
{
	struct famfs_check_report rep;
	struct rejects rej;
	struct famfs_ns *ns = load(o, &rep, &rej);
	struct famfs_set *set = NULL;
	struct lp_devs devs, *dp;
	FILE *out = stdout;
	int rc;

	if (!ns)
		return 1;
	if (open_members(o, &rep.sb, &set, &devs)) {
		famfs_ns_free(ns);
		rejects_free(&rej);
		return 1;
	}
	dp = devs.count ? &devs : NULL;
	if (!(rep.sb.flags & FAMFS_SB_FLAG_PRIMARY) || (set && !dp))
		tool_members_unused(o->prog, o->device, &o->members);
	if (o->have_reverse && !reverse_device_ok(o, set, dp)) {
		rc = 1;
		goto out;
	}
	if (o->output && !(out = fopen(o->output, "wb"))) {
		tool_msg(stderr, o->prog, "%s: %s", o->output, strerror(errno));
		out = stdout;
		rc = 1;
		goto out;
	}
	if (o->all)
		rc = all_files(o, out, ns, &rej, rep.nerrors, dp);
	else if (o->plan)
		rc = plan(o, out, ns, &rep, set, dp);
	else if (o->have_reverse && !o->path)
		rc = reverse_any(o, out, ns, &rej, dp);
	else
		rc = one_file(o, out, ns, &rej, dp);
	if (dp)
		warn_missing(o, set, dp);
out:
	famfs_set_close(set);
	famfs_ns_free(ns);
	rejects_free(&rej);
	/* standard output is checked by the caller, as in every tool */
	if (out != stdout && fclose(out)) {
		fprintf(stderr, "%s: cannot write the output: %s\n", o->prog, strerror(errno));
		return 1;
	}
	return rc;
}
