// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Log repair (include/famfs/repair.h): replay the live entries again, as
 * the reference replay would, but instead of skipping what it cannot
 * apply, decide per entry what keeps the most: renumber, create missing
 * parents, or (lossy) drop; then write the result through the crash-safe
 * rewrite. Repairs are collected first and reported once it is known
 * whether they are done: without FAMFS_REPAIR_LOSSY a single lossy one
 * means nothing is written.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <famfs/alloc.h>
#include <famfs/check.h>
#include <famfs/devset.h>
#include <famfs/device.h>
#include <famfs/fs.h>
#include <famfs/repair.h>

#include "fs/fs_internal.h"
#include "util/error_internal.h"
#include "write/rewrite_internal.h"

struct found {
	const char *name;
	uint64_t index;
	char *path;
	char *msg;
	int lossy;
};

struct repairer {
	struct famfs_superblock sb;
	uint8_t *log;
	struct famfs_ns *ns;
	struct famfs_alloc *map;	/* one device: its space */
	struct famfs_alloc_set *aset;	/* a primary: each device's space */
	struct famfs_log_entry *keep;	/* device entries go first: see finish() */
	uint64_t nkeep, cap;
	struct famfs_log_entry *dax;
	uint64_t ndax, daxcap;
	struct found *f;
	uint64_t nf, fcap;
	uint64_t live;			/* live slots of the old log */
	uint64_t next_seqnum;		/* the old header's, when it was sound */
	int hdr_ok;
	uint64_t zero_live;		/* all-zero slots the header counted live */
	int oom;
};

static void note(struct repairer *r, const char *name, uint64_t index, const char *path,
		 int lossy, const char *fmt, ...) __attribute__((format(printf, 6, 7)));

static void note(struct repairer *r, const char *name, uint64_t index, const char *path,
		 int lossy, const char *fmt, ...)
{
	char msg[FAMFS_ERROR_MSG_MAX];
	struct found *x;
	va_list ap;

	if (r->nf == r->fcap) {
		uint64_t cap = r->fcap ? 2 * r->fcap : 16;
		struct found *p = realloc(r->f, cap * sizeof(*p));

		if (!p) {
			r->oom = 1;
			return;
		}
		r->f = p;
		r->fcap = cap;
	}
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	x = &r->f[r->nf];
	x->name = name;
	x->index = index;
	x->lossy = lossy;
	x->path = path ? strdup(path) : NULL;
	x->msg = strdup(msg);
	if (!x->msg || (path && !x->path)) {
		free(x->path);
		free(x->msg);
		r->oom = 1;
		return;
	}
	r->nf++;
}

static int push(struct famfs_log_entry **v, uint64_t *n, uint64_t *cap,
		const struct famfs_log_entry *e)
{
	if (*n == *cap) {
		uint64_t c = *cap ? 2 * *cap : 64;
		struct famfs_log_entry *p = realloc(*v, c * sizeof(*p));

		if (!p)
			return -ENOMEM;
		*v = p;
		*cap = c;
	}
	(*v)[(*n)++] = *e;
	return 0;
}

static const char *entry_path(const struct famfs_log_entry *e)
{
	return e->type == FAMFS_LOG_FILE ? e->u.file.path : e->u.mkdir.path;
}

/* Keep e (already checked): into the namespace and the new log. */
static int keep(struct repairer *r, struct famfs_log_entry *e, struct famfs_error *err)
{
	int rc = famfs_ns_add(r->ns, e, r->nkeep, err);

	if (rc)
		return rc;
	if (push(&r->keep, &r->nkeep, &r->cap, e))
		return famfs_error_set(err, -ENOMEM, "out of memory");
	return 0;
}

/* Create the missing ancestors of path as directories; 1 if one is a file. */
static int make_parents(struct repairer *r, uint64_t index, const char *path,
			struct famfs_error *err)
{
	char buf[FAMFS_PATH_MAX];
	char *slash;
	int rc;

	snprintf(buf, sizeof(buf), "%s", path);
	for (slash = strchr(buf, '/'); slash; slash = strchr(slash + 1, '/')) {
		const struct famfs_node *node;
		struct famfs_log_entry d;

		*slash = '\0';
		node = famfs_ns_lookup(r->ns, buf);
		if (node && node->type != FAMFS_NODE_DIR) {
			*slash = '/';
			return 1;
		}
		if (!node) {
			memset(&d, 0, sizeof(d));
			d.type = FAMFS_LOG_MKDIR;
			d.u.mkdir.mode = 040755;	/* S_IFDIR | 0755, as famfs-cp makes them */
			snprintf(d.u.mkdir.path, sizeof(d.u.mkdir.path), "%s", buf);
			rc = keep(r, &d, err);
			if (rc)
				return rc;
			note(r, famfs_check_name(-FAMFS_E_NS_NO_PARENT), index, path, 0,
			     "created the missing parent directory "
			     "'%s'", buf);
		}
		*slash = '/';
	}
	return 0;
}

/* Interleaved: every strip as long as strip 0, a whole number of chunks. */
static int strips_sound(const struct famfs_fmap *m)
{
	uint64_t i;

	if (m->ext_type != FAMFS_EXT_INTERLEAVE)
		return 1;
	for (i = 1; i < m->nstrips; i++)
		if (m->strips[i].len != m->strips[0].len)
			return 0;
	/* decode proved chunk_size a nonzero power of two */
	return m->strips[0].len % m->chunk_size == 0;
}

/* Whether a file's extents (or strips) hold its size. */
static int covers(const struct famfs_fmap *m, uint64_t size)
{
	uint64_t cap = 0, i, n = m->ext_type == FAMFS_EXT_SIMPLE ? m->count : m->nstrips;
	const struct famfs_extent *x = m->ext_type == FAMFS_EXT_SIMPLE ? m->ext : m->strips;

	for (i = 0; i < n; i++)
		if (__builtin_add_overflow(cap, x[i].len, &cap))
			return 1;
	return cap >= size;
}

static int one_entry(struct repairer *r, uint64_t i, int *have_prev, uint64_t *prev,
		     struct famfs_error *err)
{
	struct famfs_error e2 = { 0 };
	struct famfs_log_entry e;
	const char *path;
	int rc;

	if (famfs_log_slot_is_zero(r->log + famfs_log_slot_offset(i), FAMFS_LOG_ENTRY_SIZE)) {
		r->zero_live++;		/* holds nothing: dropping it loses nothing */
		return 0;
	}
	rc = famfs_log_entry_decode(r->log + famfs_log_slot_offset(i), FAMFS_LOG_ENTRY_SIZE,
				    &e, &e2);
	if (rc) {
		note(r, famfs_check_name(rc), i, NULL, 1, "dropped the entry: %s", e2.msg);
		return 0;
	}
	if (*have_prev && e.seqnum <= *prev)
		note(r, famfs_check_name(-FAMFS_E_ENTRY_SEQNUM), i,
		     e.type == FAMFS_LOG_ADD_DAXDEV ? NULL : entry_path(&e),
		     0, "renumbered: seqnum %llu did not follow %llu",
		     (unsigned long long)e.seqnum, (unsigned long long)*prev);
	*have_prev = 1;
	*prev = e.seqnum;
	if (e.type == FAMFS_LOG_ADD_DAXDEV)
		return push(&r->dax, &r->ndax, &r->daxcap, &e) ?
			famfs_error_set(err, -ENOMEM, "out of memory") : 0;
	path = entry_path(&e);
	rc = famfs_path_validate(path, &e2);
	if (rc) {
		note(r, famfs_check_name(rc), i, path, 1, "dropped the entry: %s", e2.msg);
		return 0;
	}
	rc = famfs_ns_can_add(r->ns, path, &e2);
	if (rc == -FAMFS_E_NS_NO_PARENT) {
		rc = make_parents(r, i, path, err);
		if (rc < 0)
			return rc;
		rc = rc ? -FAMFS_E_NS_PARENT_NOT_DIR : famfs_ns_can_add(r->ns, path, &e2);
	}
	if (rc == -FAMFS_E_NS_EXISTS) {
		note(r, famfs_check_name(rc), i, path, 1,
		     "dropped a later entry for a path in use");
		return 0;
	}
	if (rc) {
		note(r, famfs_check_name(-FAMFS_E_NS_PARENT_NOT_DIR), i, path, 1,
		     "dropped the entry: a parent is not a directory");
		return 0;
	}
	if (e.type == FAMFS_LOG_FILE) {
		if (!strips_sound(&e.u.file.fmap)) {
			note(r, famfs_check_name(-FAMFS_E_EXT_STRIPS), i, path, 1, "dropped the "
			     "file: its strips are unequal or not whole chunks");
			return 0;
		}
		if (!covers(&e.u.file.fmap, e.u.file.size)) {
			note(r, famfs_check_name(-FAMFS_E_EXT_SHORT), i, path, 1,
			     "dropped the file: its extents do not hold its %llu bytes",
			     (unsigned long long)e.u.file.size);
			return 0;
		}
		rc = r->aset ? famfs_alloc_set_reserve_fmap(r->aset, &e.u.file.fmap, &e2) :
		     famfs_alloc_reserve_fmap(r->map, &e.u.file.fmap, &e2);
		if (rc == -ENOMEM)
			return famfs_error_set(err, rc, "out of memory");
		if (rc) {
			note(r, famfs_check_name(rc), i, path, 1, "dropped the file: %s", e2.msg);
			return 0;
		}
	}
	return keep(r, &e, err);
}

/* The live slots: the header's, or when it is damaged the run of valid entries from 0. */
static uint64_t live_slots(struct repairer *r)
{
	struct famfs_log_header hdr;
	struct famfs_error e2 = { 0 };
	uint64_t slots = famfs_log_slots(r->sb.log_len), i;

	int rc = famfs_log_header_decode(r->log, FAMFS_LOG_HEADER_SIZE, &hdr, &e2);

	if (!rc)
		rc = famfs_log_header_validate(&hdr, r->sb.log_len, &e2);
	if (!rc) {
		r->next_seqnum = hdr.next_seqnum;
		r->hdr_ok = 1;
		return hdr.next_index;
	}
	for (i = 0; i < slots; i++) {
		struct famfs_log_entry e;

		if (famfs_log_entry_decode(r->log + famfs_log_slot_offset(i),
					   FAMFS_LOG_ENTRY_SIZE, &e, NULL))
			break;
	}
	note(r, famfs_check_name(rc), UINT64_MAX, NULL, 0,
	     "rebuilt the log header (%s) over the %llu valid entries from slot 0", e2.msg,
	     (unsigned long long)i);
	return i;
}

/*
 * The space files are checked against: a primary's files may be on any
 * device its log adds, each checked against that device's own map. The
 * table is read from the live slots that decode (one that does not is
 * dropped or reported on its own); a table that breaks its rules is not
 * something a repair may guess at (dropping every file on a secondary
 * would "fix" it): refused.
 */
static int space_maps(struct repairer *r, uint64_t live, struct famfs_error *err)
{
	struct famfs_devset *ds;
	int rc;

	if (!(r->sb.flags & FAMFS_SB_FLAG_PRIMARY))
		return famfs_alloc_new(r->sb.dev_size, &r->sb, &r->map, err);
	ds = malloc(sizeof(*ds));
	if (!ds)
		return famfs_error_set(err, -ENOMEM, "out of memory");
	rc = famfs_devset_init(ds, &r->sb, err);
	if (!rc) {
		rc = devset_add_slots(ds, &r->sb, r->log, live, err);
		if (rc)
			rc = error_prefix(err, -EUCLEAN, "the device table in the log cannot "
					  "be repaired here");
	}
	if (!rc)
		rc = famfs_alloc_set_new(ds, &r->sb, &r->aset, err);
	free(ds);
	return rc;
}

static int analyze(struct repairer *r, struct famfs_error *err)
{
	uint64_t slots = famfs_log_slots(r->sb.log_len), live, i, stale = 0, prev = 0;
	struct famfs_log_header empty;
	int have_prev = 0, rc;

	famfs_log_header_init(&empty, r->sb.log_len);
	rc = famfs_ns_replay(r->log, r->sb.log_len, &empty, NULL, NULL, &r->ns, err);
	if (rc)
		return rc;
	live = live_slots(r);
	r->live = live;
	rc = space_maps(r, live, err);
	if (rc)
		return rc;
	for (i = live; i < slots; i++)
		stale += !famfs_log_slot_is_zero(r->log + famfs_log_slot_offset(i),
						 FAMFS_LOG_ENTRY_SIZE);
	if (stale)
		note(r, "log-stale-slot", UINT64_MAX, NULL, 0, "cleared %llu non-zero unused "
		     "slot%s", (unsigned long long)stale, stale == 1 ? "" : "s");
	for (i = 0; i < live; i++) {
		rc = one_entry(r, i, &have_prev, &prev, err);
		if (rc)
			return rc;
	}
	if (r->zero_live) {
		static const uint8_t zero[FAMFS_LOG_ENTRY_SIZE];
		struct famfs_log_entry e;

		/* named as fsck names them: the error decoding a zero slot gives */
		rc = famfs_log_entry_decode(zero, sizeof(zero), &e, NULL);
		note(r, famfs_check_name(rc), UINT64_MAX, NULL, 0, "dropped %llu empty slot%s "
		     "the header counted live", (unsigned long long)r->zero_live,
		     r->zero_live == 1 ? "" : "s");
	}
	if (r->hdr_ok && have_prev && r->next_seqnum <= prev)
		note(r, famfs_check_name(-FAMFS_E_LOG_NEXT_SEQNUM), UINT64_MAX, NULL, 0,
		     "renumbered: the header's next seqnum %llu was not above %llu",
		     (unsigned long long)r->next_seqnum, (unsigned long long)prev);
	if (r->oom)
		return famfs_error_set(err, -ENOMEM, "out of memory");
	return 0;
}

/* The new log: device entries first, then the rest in order. */
static int finish(struct repairer *r, struct famfs_error *err)
{
	struct famfs_log_entry *all;
	uint64_t n;

	if (__builtin_add_overflow(r->ndax, r->nkeep, &n))
		return famfs_error_set(err, -ENOMEM, "out of memory");
	all = calloc(n ? n : 1, sizeof(*all));
	if (!all)
		return famfs_error_set(err, -ENOMEM, "out of memory");
	if (r->ndax)
		memcpy(all, r->dax, r->ndax * sizeof(*all));
	if (r->nkeep)
		memcpy(all + r->ndax, r->keep, r->nkeep * sizeof(*all));
	free(r->keep);
	r->keep = all;
	r->nkeep = n;
	return 0;
}

static int is_master(const struct famfs_superblock *sb, struct famfs_error *err)
{
	uint8_t host[FAMFS_UUID_LEN];
	int rc = famfs_system_uuid(host, 0, err);

	if (rc == -ENOENT)
		return 0;
	if (rc)
		return rc;
	return !memcmp(host, sb->system_uuid, FAMFS_UUID_LEN);
}

static int open_target(const char *path, unsigned int flags, struct famfs_dev **dev,
		       struct repairer *r, struct famfs_error *err)
{
	const int dry = !!(flags & FAMFS_REPAIR_DRY_RUN);
	char where[256];
	void *sbmap;
	int rc;

	rc = famfs_dev_open(path, dry ? 0 : FAMFS_DEV_WRITE | FAMFS_DEV_LOCK, dev, err);
	if (rc)
		return rc;
	rc = famfs_dev_is_mounted(*dev, where, sizeof(where), err);
	if (rc < 0)
		return rc;
	if (rc)
		return famfs_error_set(err, -EBUSY, "%s is mounted on %s: unmount it on every "
				       "host first", path, where);
	if (famfs_dev_size(*dev) < FAMFS_SB_ENCODED_SIZE)
		return famfs_error_set(err, -EUCLEAN, "%s: too small for a famfs", path);
	rc = famfs_dev_map(*dev, 0, FAMFS_SB_ENCODED_SIZE, &sbmap, err);
	if (rc)
		return rc;
	rc = famfs_sb_decode(sbmap, FAMFS_SB_ENCODED_SIZE, &r->sb, err);
	famfs_dev_unmap(*dev, sbmap, FAMFS_SB_ENCODED_SIZE);
	if (!rc)
		rc = famfs_sb_validate(&r->sb, famfs_dev_size(*dev), err);
	if (rc)
		return error_prefix(err, -EUCLEAN, "the superblock cannot be repaired");
	if (!(flags & FAMFS_REPAIR_FORCE)) {
		rc = is_master(&r->sb, err);
		if (rc < 0)
			return rc;
		if (!rc)
			return famfs_error_set(err, -FAMFS_E_NOT_MASTER, "%s: only its master host "
					       "may write to it", path);
	}
	return famfs_dev_map(*dev, r->sb.log_offset, r->sb.log_len, (void **)&r->log, err);
}

int famfs_repair(const char *path, unsigned int flags, const char *undo_path,
		 famfs_repair_cb cb, void *arg, struct famfs_repair_report *rep,
		 struct famfs_error *err)
{
	struct famfs_repair_report local;
	struct famfs_dev *dev = NULL;
	struct repairer r = { 0 };
	int rc, lossy = 0, go;
	uint64_t i;

	if (!rep)
		rep = &local;
	memset(rep, 0, sizeof(*rep));
	rc = open_target(path, flags, &dev, &r, err);
	if (!rc)
		rc = analyze(&r, err);
	if (rc)
		goto out;
	for (i = 0; i < r.nf; i++)
		lossy |= r.f[i].lossy;
	go = r.nf && (!lossy || (flags & FAMFS_REPAIR_LOSSY));
	rep->found = r.nf;
	if (go) {
		struct rewrite_target t = {
			.dev = dev, .sb = &r.sb, .log = r.log,
			.dry_run = !!(flags & FAMFS_REPAIR_DRY_RUN),
		};

		rc = finish(&r, err);
		if (!rc) {
			rep->st.slots_before = r.live;
			rc = rewrite_log(&t, r.keep, r.nkeep, undo_path, &rep->st, NULL, err);
		}
		rep->written = t.written;
		if (rc)
			goto out;
		rep->done = r.nf;
	}
	for (i = 0; i < r.nf && cb; i++) {
		struct famfs_repair x = {
			.name = r.f[i].name, .index = r.f[i].index, .path = r.f[i].path,
			.msg = r.f[i].msg, .lossy = r.f[i].lossy, .done = go,
		};

		cb(arg, &x);
	}
out:
	for (i = 0; i < r.nf; i++) {
		free(r.f[i].path);
		free(r.f[i].msg);
	}
	free(r.f);
	free(r.keep);
	free(r.dax);
	famfs_alloc_free(r.map);
	famfs_alloc_set_free(r.aset);
	famfs_ns_free(r.ns);
	if (r.log)
		famfs_dev_unmap(dev, r.log, r.sb.log_len);
	famfs_dev_close(dev);
	return rc;
}
