// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * What hosts make of the log. Every host that mounts a famfs replays the
 * log with the reference famfs (cxl-micron-reskit/famfs, src/famfs_lib.c),
 * not with this library, and where its rules differ from the log's
 * meaning, hosts see another namespace than the one fsck checks. This
 * models that replay, entry by entry, and reports each difference with
 * what hosts will see. Read from the reference, in order:
 *
 *  rule (reference function)                       model here
 *  header magic and CRC (famfs_validate_log_header)  bad: nothing replayed
 *  entries 0 .. next_index - 1, in order (__famfs_logplay)  the same walk
 *  entry CRC, and seqnum equal to the slot index   first failure stops the
 *    (famfs_validate_log_entry)                    replay: replay-stops, the
 *                                                  rest replay-not-replayed
 *  unknown types, add_daxdev too (__famfs_logplay  ignored, as here
 *    switch has no case for them)
 *  path empty or starting with '/' is skipped      skipped, as here
 *    (famfs_log_entry_*_path_is_relative)
 *  file with a simple extent at offset 0 skipped   replay-skips-file
 *    (__famfs_logplay)
 *  "mpt/relpath" through realpath(), its result    resolved component by
 *    used even when it fails: '.', '..', '//' and  component: rewritten
 *    trailing '/' resolve, and a missing directory  paths (replay-path-*),
 *    truncates the path there (__famfs_logplay)    a file without parent
 *                                                  lands on the first
 *                                                  missing name
 *                                                  (replay-no-parent)
 *  an existing path is skipped: first wins         the same
 *    (stat() in __famfs_logplay)
 *  a directory is made from the unresolved path    made where its parent
 *    (famfs_dir_create): no parent, no directory   exists, as here
 *  owner applied only when uid and gid are both    replay-owner-ignored
 *    non-zero (famfs_dir_create,
 *    famfs_file_create_stub)
 *  a file with no extents: its extent list cannot  replay-empty-extents
 *    be mapped, nor read back from the YAML shadow
 *    file of a FUSE mount (famfs_shadow_file_create,
 *    famfs_parse_file_simple_ext_list)
 *
 * The model keeps its own namespace of what hosts will have (the host
 * view, handed out for fsck --as-replayed): at most one more node per
 * live entry, like the checked namespace.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "check/check_internal.h"
#include "fs/ns_internal.h"

void replay_model_init(struct replay_model *m, struct check_ctx *c, uint64_t live,
		       int header_ok)
{
	memset(m, 0, sizeof(*m));
	m->c = c;
	m->live = live;
	m->stop = UINT64_MAX;
	c->rep->replay_stop = UINT64_MAX;
	if (!header_ok && live) {
		m->stopped = 1;
		m->stop = 0;
		c->rep->replay_stop = 0;
		check_report(c, -FAMFS_E_REPLAY_STOPS, FAMFS_SEV_ERROR, FAMFS_CHECK_NO_INDEX, NULL,
			     "hosts refuse a log header with a wrong magic or CRC: "
			     "none of its %llu live entries is replayed, hosts see an empty "
			     "file system", (unsigned long long)live);
	}
}

/*
 * The host view as a namespace of its own: the log's entries before slot
 * limit, with the owners hosts apply. Until hosts first differ from the
 * log, that is all they have.
 */
static int materialize(struct replay_model *m, uint64_t limit)
{
	uint64_t k, n = famfs_ns_count(m->log_ns);
	struct famfs_error err;
	int rc;

	m->view = ns_new();
	if (!m->view)
		return -ENOMEM;
	for (k = 0; k < n; k++) {
		const struct famfs_node *node = famfs_ns_node(m->log_ns, k);
		struct famfs_log_entry e;

		if (node->log_index >= limit)
			break;	/* log order */
		memset(&e, 0, sizeof(e));
		e.seqnum = node->seqnum;
		if (node->type == FAMFS_NODE_FILE) {
			e.type = FAMFS_LOG_FILE;
			snprintf(e.u.file.path, sizeof(e.u.file.path), "%s", node->path);
			e.u.file.uid = node->uid;
			e.u.file.gid = node->gid;
			e.u.file.mode = node->mode;
			e.u.file.flags = node->flags;
			e.u.file.size = node->size;
			famfs_node_fmap(node, &e.u.file.fmap);
			famfs_replay_owner(&e.u.file.uid, &e.u.file.gid);
		} else {
			e.type = FAMFS_LOG_MKDIR;
			snprintf(e.u.mkdir.path, sizeof(e.u.mkdir.path), "%s", node->path);
			e.u.mkdir.uid = node->uid;
			e.u.mkdir.gid = node->gid;
			e.u.mkdir.mode = node->mode;
			famfs_replay_owner(&e.u.mkdir.uid, &e.u.mkdir.gid);
		}
		rc = famfs_ns_add(m->view, &e, node->log_index, &err);
		if (rc == -ENOMEM)
			return rc;
	}
	return 0;
}

int replay_model_done(struct replay_model *m, struct famfs_ns **hostsp)
{
	int rc = 0;

	if (hostsp && !m->view)
		rc = materialize(m, m->stop);
	if (rc) {
		replay_model_free(m);
		return rc;
	}
	if (hostsp)
		*hostsp = m->view;
	else
		famfs_ns_free(m->view);
	m->view = NULL;
	return 0;
}

void replay_model_free(struct replay_model *m)
{
	famfs_ns_free(m->view);
	m->view = NULL;
}

/* Hosts stop at slot i: it and every live entry after it are never replayed. */
static void stop_at(struct replay_model *m, uint64_t i, const char *path, const char *why)
{
	uint64_t after = m->live - i - 1;

	m->stopped = 1;
	m->stop = i;
	m->c->rep->replay_stop = i;

	check_report(m->c, -FAMFS_E_REPLAY_STOPS, FAMFS_SEV_ERROR, i, path,
		     "%s: hosts stop replaying the log here; neither this entry nor the "
		     "%llu live entr%s after it exist%s on any host", why,
		     (unsigned long long)after, after == 1 ? "y" : "ies", after == 1 ? "s" : "");
}

static void not_replayed(struct replay_model *m, uint64_t i, const char *path)
{
	m->c->rep->not_replayed++;
	check_report(m->c, -FAMFS_E_REPLAY_NOT_REPLAYED, FAMFS_SEV_INFO, i, path,
		     "not replayed by hosts (after the entry they stop at)");
}

void replay_model_zeros(struct replay_model *m, uint64_t first, uint64_t count)
{
	static const char msg[] = "not replayed by hosts (after the entry they stop at)";

	if (!count)
		return;
	if (!m->stopped) {
		stop_at(m, first, NULL, "live slot is all zeros (bad CRC)");
		first++;
		count--;
	}
	m->c->rep->not_replayed += count;
	check_report_run(m->c, -FAMFS_E_REPLAY_NOT_REPLAYED, FAMFS_SEV_INFO, first, count, msg);
}

/*
 * Resolve path as realpath() does under the mount: into out (the path
 * relative to the mount, "" for the mount itself). Returns 0 when every
 * directory on the way exists; 1 when a component is missing (out is the
 * path up to and including it: where realpath stopped); 2 when a
 * component is a file; -1 when '..' leaves the mount.
 */
int replay_resolve(const struct famfs_ns *view, const char *path, char *out, size_t outlen)
{
	const char *p = path;
	size_t len = 0;

	out[0] = '\0';
	while (*p) {
		const char *end = strchr(p, '/');
		size_t n = end ? (size_t)(end - p) : strlen(p);
		const struct famfs_node *node;
		int last;

		last = !p[n] || !p[n + 1 + strspn(p + n + 1, "/")];
		if (n == 0 || (n == 1 && p[0] == '.')) {
			/* nothing to add */
		} else if (n == 2 && p[0] == '.' && p[1] == '.') {
			char *slash;

			if (!len)
				return -1;
			slash = strrchr(out, '/');
			len = slash ? (size_t)(slash - out) : 0;
			out[len] = '\0';
		} else {
			if (len + !!len + n + 1 > outlen)
				return -1;
			if (len)
				out[len++] = '/';
			memcpy(out + len, p, n);
			len += n;
			out[len] = '\0';
			node = famfs_ns_lookup(view, out);
			if (!last && !node)
				return 1;
			if (!last && node->type != FAMFS_NODE_DIR)
				return 2;
		}
		p += n;
		if (*p == '/')
			p++;
	}
	return 0;
}

/* Hosts apply an owner only when both ids are non-zero (famfs_dir_create, ..._create_stub). */
int famfs_replay_owner(uint32_t *uid, uint32_t *gid)
{
	if (*uid && *gid)
		return 0;
	if (!*uid && !*gid)
		return 0;	/* root's own: the same either way */
	*uid = 0;
	*gid = 0;
	return 1;
}

/* Add what hosts create to the host view, at path: 0, 1 when it exists, or -ENOMEM. */
static int view_add(struct replay_model *m, struct famfs_log_entry *e, const char *path,
		    uint64_t i)
{
	struct famfs_error err;
	char *dst = e->type == FAMFS_LOG_FILE ? e->u.file.path : e->u.mkdir.path;
	int rc;

	if (dst != path)
		memmove(dst, path, strlen(path) + 1);
	rc = famfs_ns_add(m->view, e, i, &err);
	return rc == -ENOMEM ? rc : rc ? 1 : 0;
}

/*
 * Hosts create the entry at target unless something is there (first
 * wins, as in the log), with the owner they apply. 0 or -ENOMEM.
 */
static int host_create(struct replay_model *m, struct famfs_log_entry *e, const char *target,
		       uint64_t i, const char *path, uint32_t *uid, uint32_t *gid)
{
	const uint32_t u = *uid, g = *gid;
	const int ignored = famfs_replay_owner(uid, gid);
	int rc = view_add(m, e, target, i);

	if (rc || !ignored)
		return rc < 0 ? rc : 0;
	check_report(m->c, -FAMFS_E_REPLAY_OWNER, FAMFS_SEV_WARNING, i, path,
		     "%s logged with uid %u gid %u: hosts apply an owner only when uid and gid "
		     "are both non-zero, so on hosts it is owned by root (0:0)",
		     e->type == FAMFS_LOG_FILE ? "file" : "directory", u, g);
	return 0;
}

/* A last component hosts take as it is: not empty, ".", ".." or followed by '/'. */
static int plain_name(const char *name)
{
	return name[0] && !strchr(name, '/') && strcmp(name, ".") && strcmp(name, "..");
}

/*
 * replay_resolve() for the model, without the walk when the path is plain
 * and its directory the one the last plain path resolved in: entries come
 * mostly directory by directory, and a directory once there stays.
 */
static int resolve(struct replay_model *m, const char *path, char *target, size_t len)
{
	const char *slash = strrchr(path, '/');
	const size_t plen = slash ? (size_t)(slash - path) : 0;
	const char *name = slash ? slash + 1 : path;
	int how;

	if (m->dir_ok && plen == m->dir_len && !memcmp(path, m->dir, plen) && plain_name(name) &&
	    strlen(path) < len) {
		strcpy(target, path);
		return 0;
	}
	how = replay_resolve(m->view, path, target, len);
	m->dir_ok = 0;
	if (how == 0 && !famfs_path_validate(path, NULL) && plen < sizeof(m->dir)) {
		memcpy(m->dir, path, plen);
		m->dir_len = plen;
		m->dir_ok = 1;
	}
	return how;
}

/* A path hosts resolve differently from the log: say to what, or that it leaves the mount. */
static int report_rewritten(struct replay_model *m, uint64_t i, const char *path, int how,
			    const char *target)
{
	if (how < 0) {
		check_report(m->c, -FAMFS_E_REPLAY_PATH_ESCAPES, FAMFS_SEV_ERROR, i, path,
			     "hosts resolve this path outside the mount point (a '..' "
			     "climbs above it) and create it there, or fail to");
		return 1;
	}
	if (how == 0 && strcmp(path, target)) {
		if (!target[0])
			check_report(m->c, -FAMFS_E_REPLAY_PATH_REWRITTEN, FAMFS_SEV_WARNING, i,
				     path, "hosts resolve this path to the mount point itself "
				     "and skip the entry");
		else
			check_report(m->c, -FAMFS_E_REPLAY_PATH_REWRITTEN, FAMFS_SEV_WARNING, i,
				     path, "hosts resolve this path and create it as '%s'",
				     target);
		return !target[0];
	}
	return 0;
}

static void empty_extents(struct replay_model *m, uint64_t i, const char *path)
{
	check_report(m->c, -FAMFS_E_REPLAY_EMPTY_EXTENTS, FAMFS_SEV_ERROR, i, path,
		     "file has no extents: hosts cannot map it (and a FUSE mount cannot read "
		     "its empty extent list back from the shadow file): it is unusable on "
		     "every host");
}

static int replay_file(struct replay_model *m, struct famfs_log_entry *e, uint64_t i)
{
	struct famfs_file_entry *f = &e->u.file;
	char target[FAMFS_PATH_MAX], path[FAMFS_PATH_MAX];
	uint32_t k;
	int how;

	memcpy(path, f->path, sizeof(path));
	if (f->fmap.ext_type != FAMFS_EXT_INTERLEAVE) {
		for (k = 0; k < f->fmap.count; k++) {
			if (f->fmap.ext[k].offset)
				continue;
			check_report(m->c, -FAMFS_E_REPLAY_SKIPS_FILE, FAMFS_SEV_ERROR, i, path,
				     "extent %u is at device offset 0: hosts skip the file, "
				     "it does not exist on any host", k);
			return 0;
		}
		if (f->fmap.count == 0)
			empty_extents(m, i, path);
	}
	how = resolve(m, path, target, sizeof(target));
	if (report_rewritten(m, i, path, how, target) || how == 2)
		return 0;
	/* target is the first missing name: it never exists */
	if (how == 1)
		check_report(m->c, -FAMFS_E_REPLAY_NO_PARENT, FAMFS_SEV_ERROR, i, path,
			     "a directory on its path is not in the log: hosts create the "
			     "file as '%s' instead", target);
	return host_create(m, e, target, i, path, &f->uid, &f->gid);
}

static int replay_dir(struct replay_model *m, struct famfs_log_entry *e, uint64_t i)
{
	struct famfs_mkdir_entry *d = &e->u.mkdir;
	char target[FAMFS_PATH_MAX], path[FAMFS_PATH_MAX];
	int how;

	memcpy(path, d->path, sizeof(path));
	how = resolve(m, path, target, sizeof(target));
	/* no parent: mkdir fails on hosts too, as the log says (ns-no-parent) */
	if (report_rewritten(m, i, path, how, target) || how)
		return 0;
	return host_create(m, e, target, i, path, &d->uid, &d->gid);
}

/* Report an owner hosts ignore, for an entry they take as the log does. */
static void owner_note(struct replay_model *m, const struct famfs_log_entry *e, uint64_t i,
		       const char *path)
{
	const int file = e->type == FAMFS_LOG_FILE;
	uint32_t u = file ? e->u.file.uid : e->u.mkdir.uid;
	uint32_t g = file ? e->u.file.gid : e->u.mkdir.gid;

	if (famfs_replay_owner(&u, &g))
		check_report(m->c, -FAMFS_E_REPLAY_OWNER, FAMFS_SEV_WARNING, i, path,
			     "%s logged with uid %u gid %u: hosts apply an owner only when uid "
			     "and gid are both non-zero, so on hosts it is owned by root (0:0)",
			     file ? "file" : "directory",
			     file ? e->u.file.uid : e->u.mkdir.uid,
			     file ? e->u.file.gid : e->u.mkdir.gid);
}

/* A file hosts skip: it has an extent at device offset 0 (__famfs_logplay). */
static int offset_zero(const struct famfs_file_entry *f)
{
	uint32_t k;

	if (f->fmap.ext_type == FAMFS_EXT_INTERLEAVE)
		return 0;
	for (k = 0; k < f->fmap.count && k < FAMFS_MAX_EXTENTS; k++)
		if (!f->fmap.ext[k].offset)
			return 1;
	return 0;
}

int replay_model_slot(struct replay_model *m, struct famfs_log_entry *e, int rc, int added,
		      uint64_t i)
{
	const char *path;

	path = rc == 0 && e->type == FAMFS_LOG_FILE ? e->u.file.path :
	       rc == 0 && e->type == FAMFS_LOG_MKDIR ? e->u.mkdir.path : NULL;
	if (m->stopped) {
		not_replayed(m, i, path);
		return 0;
	}
	if (rc == -FAMFS_E_ENTRY_CRC) {
		stop_at(m, i, NULL, "entry CRC is wrong");
		return 0;
	}
	if (e->seqnum != i) {
		char why[64];

		snprintf(why, sizeof(why), "seqnum %llu in slot %llu, hosts require %llu",
			 (unsigned long long)e->seqnum, (unsigned long long)i,
			 (unsigned long long)i);
		stop_at(m, i, path, why);
		return 0;
	}
	/* undecodable past the CRC, or a type hosts ignore: the log's findings say it */
	if (rc || !path)
		return 0;
	/* not relative: hosts skip it, and so does the log's namespace (entry-path) */
	if (!path[0] || path[0] == '/')
		return 0;
	/*
	 * An entry the log took, hosts take too (its path is plain, its parent
	 * there), unless they skip it for an extent at offset 0; one the log
	 * refused, hosts may still place. Either way: the views part here.
	 */
	if (!m->view && added && !(e->type == FAMFS_LOG_FILE && offset_zero(&e->u.file))) {
		if (e->type == FAMFS_LOG_FILE && e->u.file.fmap.count == 0 &&
		    e->u.file.fmap.ext_type != FAMFS_EXT_INTERLEAVE)
			empty_extents(m, i, path);
		owner_note(m, e, i, path);
		return 0;
	}
	if (!m->view) {
		rc = materialize(m, i);
		if (rc)
			return rc;
	}
	if (e->type == FAMFS_LOG_FILE)
		return replay_file(m, e, i);
	return replay_dir(m, e, i);
}
