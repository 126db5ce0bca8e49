// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The crash-safe log rewrite (see include/famfs/rewrite.h). The new log is
 * built whole in memory (one log's worth, which the device's validated
 * superblock bounds) and compared with the old one in chunks: only the
 * chunks that differ are saved and written, so a delete near the end of a
 * full log costs little more than the slots it moves.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <famfs/alloc.h>
#include <famfs/devset.h>
#include <famfs/rewrite.h>
#include <famfs/undo.h>

#include "util/error_internal.h"
#include "fs/fs_internal.h"
#include "write/rewrite_internal.h"
#include "write/writer_internal.h"

#define CHUNK		(64ULL << 10)	/* unit of comparison: the log is a multiple */
#define RANGE_MAX	(1ULL << 20)	/* most bytes one undo record holds */

static const char *entry_path(const struct famfs_log_entry *e)
{
	return e->type == FAMFS_LOG_FILE ? e->u.file.path : e->u.mkdir.path;
}

static int dropped(const struct famfs_node *node, famfs_rewrite_drop_cb drop, void *arg)
{
	for (; node && node->parent; node = node->parent)
		if (drop(arg, node))
			return 1;
	return 0;
}

int famfs_rewrite_select(const struct famfs_writer *w, famfs_rewrite_drop_cb drop, void *arg,
			 struct famfs_log_entry **entries, uint64_t *n,
			 struct famfs_error *err)
{
	const struct famfs_log_header *hdr = famfs_fs_log_header(w->fs);
	const uint8_t *log = famfs_fs_log(w->fs);
	struct famfs_log_entry *out;
	uint64_t i, k = 0;
	int rc;

	*entries = NULL;
	*n = 0;
	if (writer_batching(w) && w->batch.n)
		return famfs_error_set(err, -EBUSY, "commit the open batch first");
	/* next_index was validated against the log's slots when the writer opened */
	out = calloc(hdr->next_index ? hdr->next_index : 1, sizeof(*out));
	if (!out)
		return famfs_error_set(err, -ENOMEM, "out of memory");
	for (i = 0; i < hdr->next_index; i++) {
		struct famfs_log_entry *e = &out[k];
		const struct famfs_node *node;

		rc = famfs_log_entry_decode(log + famfs_log_slot_offset(i), FAMFS_LOG_ENTRY_SIZE,
					    e, err);
		if (rc)
			goto fail;
		if (e->type != FAMFS_LOG_ADD_DAXDEV) {
			node = famfs_ns_lookup(w->ns, entry_path(e));
			/* only the entry that made the node: replay skipped any other */
			if (!node || node->log_index != i)
				continue;
			if (drop && dropped(node, drop, arg))
				continue;
		}
		k++;
	}
	*entries = out;
	*n = k;
	return 0;
fail:
	free(out);
	return rc;
}

/*
 * Every file of the new log (ns, replayed from buf) reserved on the map of
 * its device: with secondaries, one map per member of the table the new
 * log itself builds (its ADD_DAXDEV entries are kept as they were), so a
 * file on a secondary is checked against that device, not device 0.
 */
static int reserve_new(const struct famfs_superblock *sb, const uint8_t *buf,
		       const struct famfs_ns *ns, struct famfs_error *err)
{
	struct famfs_alloc_set *aset = NULL;
	struct famfs_alloc *map = NULL;
	struct famfs_devset *ds;
	int rc;

	if (sb->flags & FAMFS_SB_FLAG_PRIMARY) {
		ds = malloc(sizeof(*ds));
		if (!ds)
			return famfs_error_set(err, -ENOMEM, "out of memory");
		rc = famfs_devset_from_log(ds, sb, buf, sb->log_len, err);
		if (!rc)
			rc = famfs_alloc_set_new(ds, sb, &aset, err);
		free(ds);
		if (!rc)
			rc = famfs_alloc_set_from_ns(aset, ns, err);
		famfs_alloc_set_free(aset);
		return rc;
	}
	rc = famfs_alloc_new(sb->dev_size, sb, &map, err);
	if (!rc)
		rc = famfs_alloc_from_ns(map, ns, err);
	famfs_alloc_free(map);
	return rc;
}

/* Build the new log in buf and prove it replays, with no file sharing space. */
static int build(const struct famfs_superblock *sb, struct famfs_log_entry *keep, uint64_t n,
		 uint8_t *buf, struct famfs_log_header *hdr, struct famfs_error *err)
{
	struct famfs_ns *ns = NULL;
	uint64_t i;
	int rc, others = 0;

	famfs_log_header_init(hdr, sb->log_len);
	if (n > hdr->last_index + 1)
		return famfs_error_set(err, -FAMFS_E_LOG_FULL, "%llu entries do not fit the "
				       "log's %llu slots", (unsigned long long)n,
				       (unsigned long long)(hdr->last_index + 1));
	for (i = 0; i < n; i++) {
		if (keep[i].type == FAMFS_LOG_ADD_DAXDEV && others)
			return famfs_error_set(err, -EINVAL, "entry %llu: device entries must "
					       "come before every file and directory",
					       (unsigned long long)i);
		others |= keep[i].type != FAMFS_LOG_ADD_DAXDEV;
		keep[i].seqnum = i;
		rc = famfs_log_entry_encode(&keep[i], buf + famfs_log_slot_offset(i),
					    FAMFS_LOG_ENTRY_SIZE, err);
		if (rc)
			return rc;
	}
	hdr->next_seqnum = n;
	hdr->next_index = n;
	rc = famfs_log_header_encode(hdr, buf, FAMFS_LOG_HEADER_SIZE, err);
	if (rc)
		return rc;
	/* no callback: the first problem fails, as it would fail the reference replay */
	rc = famfs_ns_replay(buf, sb->log_len, hdr, NULL, NULL, &ns, err);
	if (!rc)
		rc = reserve_new(sb, buf, ns, err);
	if (rc)
		error_prefix(err, rc, "the new log would not replay");
	famfs_ns_free(ns);
	return rc;
}

struct range {
	uint64_t off, len;		/* in the log */
};

/* The ranges where old and new differ, whole chunks, at most RANGE_MAX each. */
static int diff(const uint8_t *old, const uint8_t *new_log, uint64_t log_len,
		struct range **rp, uint64_t *nr, struct famfs_error *err)
{
	struct range *r = calloc(log_len / CHUNK, sizeof(*r));
	uint64_t c, k = 0;

	if (!r)
		return famfs_error_set(err, -ENOMEM, "out of memory");
	for (c = 0; c < log_len; c += CHUNK) {
		if (!memcmp(old + c, new_log + c, CHUNK))
			continue;
		/* the header's chunk stands alone, so that it can be written last */
		if (k && c && r[k - 1].off + r[k - 1].len == c && r[k - 1].off &&
		    r[k - 1].len < RANGE_MAX) {
			r[k - 1].len += CHUNK;
			continue;
		}
		r[k].off = c;
		r[k].len = CHUNK;
		k++;
	}
	*rp = r;
	*nr = k;
	return 0;
}

static int save_undo(struct rewrite_target *t, const char *undo_path, const uint8_t *new_log,
		     const struct range *r, uint64_t nr, struct famfs_error *err)
{
	const struct famfs_superblock *sb = t->sb;
	const uint8_t *old = t->log;
	struct famfs_undo *u;
	uint64_t i;
	int rc;

	rc = famfs_undo_open(undo_path, sb, famfs_dev_size(t->dev), &u, err);
	if (rc)
		return rc;
	for (i = 0; i < nr && !rc; i++) {
		rc = famfs_undo_record(u, sb->log_offset + r[i].off, old + r[i].off,
				       new_log + r[i].off, r[i].len, err);
		writer_crash_point("undo-record");
	}
	if (!rc)
		rc = famfs_undo_seal(u, err);
	famfs_undo_close(u);
	if (!rc)
		writer_crash_point("undo-sealed");
	return rc;
}

static int write_range(struct rewrite_target *t, const uint8_t *new_log, const struct range *r,
		       struct famfs_error *err)
{
	uint8_t *dst = t->log + r->off;
	struct famfs_dev *dev = t->dev;

	if (writer_crash_wanted("rewrite-torn")) {
		/* half a range, as when power fails mid-write */
		memcpy(dst, new_log + r->off, r->len / 2);
		famfs_dev_flush(dev, dst, r->len / 2, NULL);
		writer_crash_point("rewrite-torn");
	}
	memcpy(dst, new_log + r->off, r->len);
	return famfs_dev_flush(dev, dst, r->len, err);
}

int rewrite_log(struct rewrite_target *t, struct famfs_log_entry *keep, uint64_t n,
		const char *undo_path, struct famfs_rewrite_stats *st,
		struct famfs_log_header *hdrp, struct famfs_error *err)
{
	const struct famfs_superblock *sb = t->sb;
	struct famfs_log_header hdr;
	struct range *r = NULL;
	uint8_t *buf;
	uint64_t nr = 0, i;
	int rc;

	buf = calloc(1, sb->log_len);
	if (!buf)
		return famfs_error_set(err, -ENOMEM, "out of memory for a %llu-byte log",
				       (unsigned long long)sb->log_len);
	rc = build(sb, keep, n, buf, &hdr, err);
	if (!rc)
		rc = diff(t->log, buf, sb->log_len, &r, &nr, err);
	if (rc)
		goto out;
	st->slots_after = n;
	st->ranges = nr;
	for (i = 0; i < nr; i++)
		st->bytes += r[i].len;
	if (t->dry_run || !nr)
		goto out;
	if (undo_path) {
		rc = save_undo(t, undo_path, buf, r, nr, err);
		if (rc)
			goto out;
	}
	/* from here the device changes */
	t->written = 1;
	for (i = 0; i < nr && !rc; i++) {
		/* r[0] holds the header when it changes: write it after all the rest */
		const struct range *x = r[0].off == 0 ? &r[(i + 1) % nr] : &r[i];

		rc = write_range(t, buf, x, err);
		if (!rc)
			writer_crash_point("rewrite");
	}
	if (!rc && hdrp)
		*hdrp = hdr;
	else if (rc)
		error_prefix(err, rc, undo_path ? "rewrite stopped; apply the undo file with "
			     "famfs-undo" : "rewrite stopped");
out:
	free(r);
	free(buf);
	return rc;
}

int famfs_writer_rewrite(struct famfs_writer *w, struct famfs_log_entry *keep, uint64_t n,
			 const char *undo_path, struct famfs_rewrite_stats *st,
			 struct famfs_error *err)
{
	struct rewrite_target t = {
		.dev = famfs_fs_dev(w->fs),
		.sb = famfs_fs_superblock(w->fs),
		.log = famfs_fs_log_mut(w->fs),
		.dry_run = !!(w->flags & FAMFS_WRITER_DRY_RUN),
	};
	struct famfs_rewrite_stats local;
	struct famfs_log_header hdr;
	int rc;

	if (!st)
		st = &local;
	memset(st, 0, sizeof(*st));
	rc = writer_usable(w, err);
	if (rc)
		return rc;
	if (writer_batching(w) && w->batch.n)
		return famfs_error_set(err, -EBUSY, "commit the open batch first");
	st->slots_before = famfs_fs_log_header(w->fs)->next_index;
	/* a dry run's log is read-only: nothing is written through it */
	if (t.dry_run)
		t.log = (uint8_t *)famfs_fs_log(w->fs);
	rc = rewrite_log(&t, keep, n, undo_path, st, &hdr, err);
	/* once the device changed, the writer's namespace is stale whatever happened */
	if (t.written)
		w->broken = 1;
	if (!rc && t.written)
		w->fs->hdr = hdr;
	return rc;
}
