// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Replaying the log into a namespace: a tree of directories and files
 * with a hash table from full path to node, so lookups cost O(path length)
 * and replay is linear in the number of entries.
 *
 * The paths come from the device, so whoever wrote it chooses them: with
 * a fixed hash they could all be chosen to land in one bucket, and every
 * insertion would probe past all the others (246,723 such names took 30 s
 * instead of 0.2 s). The hash is SipHash-2-4 under a random key drawn for
 * each namespace, so nobody can aim paths at a bucket.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <famfs/namespace.h>

#include "util/arena.h"
#include "util/bigmem.h"
#include "fs/ns_internal.h"
#include "util/siphash.h"

/* The public node first, so a famfs_node pointer converts back. */
struct ns_node {
	struct famfs_node pub;
	struct ns_node *last_child;	/* appends keep log order in O(1) */
	uint64_t hash;			/* of the path, kept for rehashing */
};

/*
 * A table slot keeps the hash next to the node, so probing past other
 * paths costs no visit to their nodes (on a million-entry log those
 * visits are cache misses, and they dominated replay).
 */
struct ns_slot {
	uint64_t hash;
	struct ns_node *node;
};

struct famfs_ns {
	struct arena arena;
	struct ns_node root;
	struct ns_node **order;		/* nodes in log order */
	uint64_t count, order_cap;
	struct ns_slot *table;		/* open addressing, power-of-two size */
	uint64_t table_size;
	uint64_t nfiles, ndirs;
	/* the directory the last node went into: the next one usually does too */
	const struct ns_node *last_parent;
	/* replay: the seqnum of the last intact entry, once there is one */
	uint64_t prev_seq;
	int have_prev;
	uint8_t key[SIPHASH_KEY_LEN];	/* of the path hash: random, this table's own */
	uint64_t probes;		/* slots passed over by insertions (ns_probes) */
};

static uint64_t path_hash(const struct famfs_ns *ns, const char *p, size_t len)
{
	return siphash24(ns->key, p, len);
}

/*
 * The node for path p (len bytes, hash h), or NULL; then *free_slot is
 * where it would be inserted.
 */
static struct ns_node *table_probe(const struct famfs_ns *ns, const char *p, size_t len,
				   uint64_t h, uint64_t *free_slot)
{
	uint64_t mask = ns->table_size - 1, i = h & mask;
	const struct ns_slot *s;

	for (s = &ns->table[i]; s->node; s = &ns->table[i]) {
		if (s->hash == h && !strncmp(s->node->pub.path, p, len) &&
		    s->node->pub.path[len] == '\0')
			return s->node;
		i = (i + 1) & mask;
	}
	*free_slot = i;
	return NULL;
}

static const struct ns_node *table_find(const struct famfs_ns *ns, const char *p, size_t len)
{
	uint64_t unused;

	if (len == 0)
		return &ns->root;
	return table_probe(ns, p, len, path_hash(ns, p, len), &unused);
}

/* Slots between where hash h belongs and slot i, where it went: probes it took. */
static uint64_t displacement(uint64_t h, uint64_t i, uint64_t size)
{
	return (i - (h & (size - 1))) & (size - 1);
}

static uint64_t table_put(struct ns_slot *table, uint64_t size, struct ns_node *n)
{
	uint64_t i = n->hash & (size - 1);

	while (table[i].node)
		i = (i + 1) & (size - 1);
	table[i].hash = n->hash;
	table[i].node = n;
	return displacement(n->hash, i, size);
}

/* Keep the table at most half full, and the order array big enough. */
static int ns_reserve(struct famfs_ns *ns)
{
	if (ns->count == ns->order_cap) {
		uint64_t cap = ns->order_cap ? ns->order_cap * 2 : 64;
		struct ns_node **o = realloc(ns->order, cap * sizeof(*o));

		if (!o)
			return -ENOMEM;
		ns->order = o;
		ns->order_cap = cap;
	}
	if ((ns->count + 1) * 2 > ns->table_size) {
		uint64_t size = ns->table_size * 2;
		struct ns_slot *t = big_zalloc(size * sizeof(*t));
		uint64_t i;

		if (!t)
			return -ENOMEM;
		for (i = 0; i < ns->count; i++)
			ns->probes += table_put(t, size, ns->order[i]);
		big_free(ns->table, ns->table_size * sizeof(*t));
		ns->table = t;
		ns->table_size = size;
	}
	return 0;
}

struct famfs_ns *ns_new(void)
{
	struct famfs_ns *ns = calloc(1, sizeof(*ns));

	if (!ns)
		return NULL;
	arena_init(&ns->arena);
	siphash_random_key(ns->key);
	ns->table_size = 1024;
	ns->table = big_zalloc(ns->table_size * sizeof(*ns->table));
	if (!ns->table) {
		free(ns);
		return NULL;
	}
	ns->root.pub.type = FAMFS_NODE_DIR;
	ns->root.pub.path = "";
	ns->root.pub.name = "";
	ns->root.pub.log_index = UINT64_MAX;
	ns->root.pub.mode = 040755;
	return ns;
}

void famfs_ns_free(struct famfs_ns *ns)
{
	if (!ns)
		return;
	arena_free(&ns->arena);
	free(ns->order);
	big_free(ns->table, ns->table_size * sizeof(*ns->table));
	free(ns);
}

static const struct ns_node *find_parent(const struct famfs_ns *ns, const char *path,
					 size_t plen)
{
	const struct ns_node *last = ns->last_parent;

	if (last && !strncmp(last->pub.path, path, plen) && last->pub.path[plen] == '\0')
		return last;
	return table_find(ns, path, plen);
}

/*
 * Where path and parent must stand for a new node; 0 if it may be added,
 * with its parent, its hash and the free table slot for it.
 */
static int check_placement(const struct famfs_ns *ns, const char *path,
			   const struct ns_node **parentp, uint64_t *hash, uint64_t *slot,
			   struct famfs_error *err)
{
	const char *slash;
	const struct ns_node *parent;
	size_t plen, len;
	int rc;

	rc = famfs_path_validate(path, err);
	if (rc)
		return rc;
	len = strlen(path);
	slash = strrchr(path, '/');
	plen = slash ? (size_t)(slash - path) : 0;
	parent = find_parent(ns, path, plen);
	if (!parent)
		return famfs_error_set(err, -FAMFS_E_NS_NO_PARENT,
				       "'%s': parent directory '%.*s' does not exist",
				       path, (int)plen, path);
	if (parent->pub.type != FAMFS_NODE_DIR)
		return famfs_error_set(err, -FAMFS_E_NS_PARENT_NOT_DIR,
				       "'%s': parent '%.*s' is a file", path, (int)plen, path);
	*hash = path_hash(ns, path, len);
	if (table_probe(ns, path, len, *hash, slot))
		return famfs_error_set(err, -FAMFS_E_NS_EXISTS,
				       "'%s' already exists", path);
	*parentp = parent;
	return 0;
}

int famfs_ns_can_add(const struct famfs_ns *ns, const char *path, struct famfs_error *err)
{
	const struct ns_node *parent;
	uint64_t hash, slot;

	return check_placement(ns, path, &parent, &hash, &slot, err);
}

static int copy_layout(struct famfs_ns *ns, struct famfs_node *n,
		       const struct famfs_file_entry *f)
{
	const struct famfs_fmap *fm = &f->fmap;
	const struct famfs_extent *src = fm->ext;
	size_t count = fm->count;
	struct famfs_extent *ext;

	n->ext_type = fm->ext_type;
	if (fm->ext_type == FAMFS_EXT_INTERLEAVE) {
		n->nstrips = fm->nstrips;
		n->chunk_size = fm->chunk_size;
		src = fm->strips;
		count = fm->nstrips;
	} else {
		n->next = fm->count;
	}
	if (count == 0)
		return 0;
	ext = arena_alloc(&ns->arena, count * sizeof(*ext));
	if (!ext)
		return -ENOMEM;
	memcpy(ext, src, count * sizeof(*ext));	/* host structs, not media */
	n->ext = ext;
	return 0;
}

int famfs_ns_add(struct famfs_ns *ns, const struct famfs_log_entry *e,
		 uint64_t index, struct famfs_error *err)
{
	const int is_file = e->type == FAMFS_LOG_FILE;
	const char *path;
	const struct ns_node *cparent = NULL;
	struct ns_node *parent, *node;
	uint64_t hash, slot;
	int rc;

	if (e->type != FAMFS_LOG_FILE && e->type != FAMFS_LOG_MKDIR)
		return famfs_error_set(err, -FAMFS_E_ENTRY_TYPE,
				       "log entry type %u does not name a file or directory",
				       e->type);
	path = is_file ? e->u.file.path : e->u.mkdir.path;
	if (!memchr(path, '\0', FAMFS_PATH_MAX))
		return famfs_error_set(err, -FAMFS_E_ENTRY_PATH,
				       "path has no NUL within %d bytes", FAMFS_PATH_MAX);
	/* grow first: the free slot found below must stay valid */
	if (ns_reserve(ns) < 0)
		return famfs_error_set(err, -ENOMEM, "out of memory");
	rc = check_placement(ns, path, &cparent, &hash, &slot, err);
	if (rc)
		return rc;
	parent = (struct ns_node *)cparent;	/* our own node: safe to modify */
	node = arena_alloc(&ns->arena, sizeof(*node));
	if (!node)
		return famfs_error_set(err, -ENOMEM, "out of memory");

	node->pub.path = arena_strndup(&ns->arena, path, strlen(path));
	if (!node->pub.path)
		return famfs_error_set(err, -ENOMEM, "out of memory");
	node->pub.name = strrchr(node->pub.path, '/');
	node->pub.name = node->pub.name ? node->pub.name + 1 : node->pub.path;
	node->pub.log_index = index;
	node->pub.seqnum = e->seqnum;
	if (is_file) {
		node->pub.type = FAMFS_NODE_FILE;
		node->pub.uid = e->u.file.uid;
		node->pub.gid = e->u.file.gid;
		node->pub.mode = e->u.file.mode;
		node->pub.flags = e->u.file.flags;
		node->pub.size = e->u.file.size;
		if (copy_layout(ns, &node->pub, &e->u.file) < 0)
			return famfs_error_set(err, -ENOMEM, "out of memory");
		ns->nfiles++;
	} else {
		node->pub.type = FAMFS_NODE_DIR;
		node->pub.uid = e->u.mkdir.uid;
		node->pub.gid = e->u.mkdir.gid;
		node->pub.mode = e->u.mkdir.mode;
		ns->ndirs++;
	}
	node->pub.parent = &parent->pub;
	if (parent->last_child)
		parent->last_child->pub.sibling = &node->pub;
	else
		parent->pub.child = &node->pub;
	parent->last_child = node;
	node->hash = hash;
	ns->probes += displacement(hash, slot, ns->table_size);
	ns->table[slot].hash = hash;
	ns->table[slot].node = node;
	ns->last_parent = parent;
	ns->order[ns->count++] = node;
	return 0;
}

/* Hand a problem to the callback; non-zero means stop with rc. */
static int report(famfs_replay_cb cb, void *arg, int rc, uint64_t index,
		  const char *path, const struct famfs_error *perr)
{
	struct famfs_replay_problem p = {
		.code = rc, .index = index, .path = path, .msg = perr->msg,
	};

	if (!cb)
		return 1;
	return cb(arg, &p);
}

static const char *entry_path(const struct famfs_log_entry *e)
{
	if (e->type == FAMFS_LOG_FILE)
		return e->u.file.path;
	if (e->type == FAMFS_LOG_MKDIR)
		return e->u.mkdir.path;
	return NULL;
}

int ns_replay_slot(struct famfs_ns *ns, const uint8_t *slot, uint64_t i,
		   famfs_replay_cb cb, void *arg, struct famfs_error *perr,
		   struct famfs_log_entry *entry, int *decode_rc)
{
	struct famfs_log_entry local, *ep = entry ? entry : &local;
	int rc;

	perr->msg[0] = '\0';
	rc = famfs_log_entry_decode(slot, FAMFS_LOG_ENTRY_SIZE, ep, perr);
	if (decode_rc)
		*decode_rc = rc;
	if (rc)
		return report(cb, arg, rc, i, NULL, perr) ? rc : 0;
	/* an out-of-order seqnum is reported; the intact entry still applies */
	if (ns->have_prev && ep->seqnum <= ns->prev_seq) {
		rc = famfs_error_set(perr, -FAMFS_E_ENTRY_SEQNUM,
				     "seqnum %llu does not follow %llu",
				     (unsigned long long)ep->seqnum,
				     (unsigned long long)ns->prev_seq);
		if (report(cb, arg, rc, i, entry_path(ep), perr))
			return rc;
	}
	ns->prev_seq = ep->seqnum;
	ns->have_prev = 1;
	if (ep->type == FAMFS_LOG_ADD_DAXDEV)
		return 0;
	rc = famfs_ns_add(ns, ep, i, perr);
	if (rc == -ENOMEM)
		return rc;
	if (rc && report(cb, arg, rc, i, entry_path(ep), perr))
		return rc;
	return 0;
}

int famfs_ns_replay(const uint8_t *log, uint64_t log_len,
		    const struct famfs_log_header *hdr,
		    famfs_replay_cb cb, void *arg,
		    struct famfs_ns **nsp, struct famfs_error *err)
{
	struct famfs_error perr;
	struct famfs_ns *ns;
	uint64_t i;
	int rc;

	*nsp = NULL;
	if (hdr->next_index > famfs_log_slots(log_len))
		return famfs_error_set(err, -FAMFS_E_LOG_NEXT_INDEX,
				       "log next index %llu is past the %llu slots of the log",
				       (unsigned long long)hdr->next_index,
				       (unsigned long long)famfs_log_slots(log_len));
	ns = ns_new();
	if (!ns)
		return famfs_error_set(err, -ENOMEM, "out of memory");

	for (i = 0; i < hdr->next_index; i++) {
		rc = ns_replay_slot(ns, log + famfs_log_slot_offset(i), i, cb, arg, &perr,
				    NULL, NULL);
		if (!rc)
			continue;
		famfs_ns_free(ns);
		if (rc == -ENOMEM)
			return famfs_error_set(err, rc, "out of memory");
		return famfs_error_set(err, rc, "log entry %llu: %s",
				       (unsigned long long)i, perr.msg);
	}
	*nsp = ns;
	return 0;
}

uint64_t ns_probes(const struct famfs_ns *ns)
{
	return ns->probes;
}

const struct famfs_node *famfs_ns_root(const struct famfs_ns *ns)
{
	return &ns->root.pub;
}

const struct famfs_node *famfs_ns_lookup(const struct famfs_ns *ns, const char *path)
{
	size_t len;
	const struct ns_node *n;

	while (*path == '/')
		path++;
	len = strlen(path);
	while (len && path[len - 1] == '/')
		len--;
	n = table_find(ns, path, len);
	return n ? &n->pub : NULL;
}

uint64_t famfs_ns_count(const struct famfs_ns *ns)
{
	return ns->count;
}

const struct famfs_node *famfs_ns_node(const struct famfs_ns *ns, uint64_t i)
{
	return i < ns->count ? &ns->order[i]->pub : NULL;
}

uint64_t famfs_ns_nfiles(const struct famfs_ns *ns)
{
	return ns->nfiles;
}

uint64_t famfs_ns_ndirs(const struct famfs_ns *ns)
{
	return ns->ndirs;
}

void famfs_node_fmap(const struct famfs_node *node, struct famfs_fmap *fmap)
{
	memset(fmap, 0, sizeof(*fmap));
	fmap->ext_type = node->ext_type;
	if (node->type != FAMFS_NODE_FILE)
		return;
	if (node->ext_type == FAMFS_EXT_INTERLEAVE) {
		fmap->count = 1;
		fmap->nstrips = node->nstrips;
		fmap->chunk_size = node->chunk_size;
		if (node->nstrips)
			memcpy(fmap->strips, node->ext, node->nstrips * sizeof(*node->ext));
		return;
	}
	fmap->count = node->next;
	if (node->next)
		memcpy(fmap->ext, node->ext, node->next * sizeof(*node->ext));
}
