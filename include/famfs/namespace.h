/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The namespace a log describes: its directories and files, rebuilt by
 * replaying the live entries in order. Lookups by path are hashed, with
 * a keyed hash (SipHash-2-4, a random key per namespace): paths on a
 * hostile device cannot be chosen to collide, so replay stays linear.
 */
#ifndef FAMFS_NAMESPACE_H
#define FAMFS_NAMESPACE_H

#include <stdint.h>

#include <famfs/error.h>
#include <famfs/format.h>

#ifdef __cplusplus
extern "C" {
#endif

/* the library is built with -fvisibility=hidden: these are its API */
#pragma GCC visibility push(default)

enum famfs_node_type {
	FAMFS_NODE_DIR = 0,
	FAMFS_NODE_FILE = 1,
};

struct famfs_node {
	enum famfs_node_type type;
	const char *path;		/* relative to the mount; "" for the root */
	const char *name;		/* last component */
	uint64_t log_index;		/* slot it came from (root: UINT64_MAX) */
	uint64_t seqnum;
	uint32_t uid;
	uint32_t gid;
	uint32_t mode;
	uint32_t flags;			/* files: FAMFS_FILE_FLAG_* */
	uint64_t size;			/* files */
	/* files: layout; ext holds next simple extents or nstrips strips */
	uint32_t ext_type;		/* enum famfs_ext_type */
	uint32_t next;			/* simple extents (0 when interleaved) */
	uint64_t nstrips;		/* interleaved */
	uint64_t chunk_size;		/* interleaved */
	const struct famfs_extent *ext;
	const struct famfs_node *parent;	/* NULL for the root */
	const struct famfs_node *child;		/* directories: first child */
	const struct famfs_node *sibling;	/* next entry in the parent */
};

/* The node's layout as an on-media fmap. */
void famfs_node_fmap(const struct famfs_node *node, struct famfs_fmap *fmap);

/* Something replay found wrong with one entry (the entry is skipped). */
struct famfs_replay_problem {
	int code;			/* negative famfs_errcode */
	uint64_t index;			/* log slot */
	const char *path;		/* the entry's path, if it has one */
	const char *msg;
};

/*
 * Called for each problem; return 0 to go on replaying, non-zero to stop
 * (replay then fails with that problem's code).
 */
typedef int (*famfs_replay_cb)(void *arg, const struct famfs_replay_problem *p);

struct famfs_ns;

/*
 * Replay entries 0 .. hdr->next_index - 1 of the log at log (log_len
 * bytes; hdr must have passed famfs_log_header_validate). Each entry is
 * decoded (CRC, type, limits) and checked: seqnums strictly increasing,
 * path valid (famfs_path_validate), parent an existing directory, path
 * not already used. add_daxdev entries are recorded, not added as nodes.
 * Extents are not checked here (see the allocation map). Without a
 * callback, the first problem fails the replay.
 */
int famfs_ns_replay(const uint8_t *log, uint64_t log_len,
		    const struct famfs_log_header *hdr,
		    famfs_replay_cb cb, void *arg,
		    struct famfs_ns **nsp, struct famfs_error *err);
void famfs_ns_free(struct famfs_ns *ns);

const struct famfs_node *famfs_ns_root(const struct famfs_ns *ns);
/* Look up a relative path ("" or "/" is the root; a leading '/' is allowed). */
const struct famfs_node *famfs_ns_lookup(const struct famfs_ns *ns, const char *path);
/* Nodes in log order, root excluded: index 0 .. famfs_ns_count() - 1. */
uint64_t famfs_ns_count(const struct famfs_ns *ns);
const struct famfs_node *famfs_ns_node(const struct famfs_ns *ns, uint64_t i);
uint64_t famfs_ns_nfiles(const struct famfs_ns *ns);
uint64_t famfs_ns_ndirs(const struct famfs_ns *ns);

/*
 * Add a node for an entry just appended (used by writers after a
 * successful append, so the namespace stays current). The entry must pass
 * the same checks as in replay.
 */
int famfs_ns_add(struct famfs_ns *ns, const struct famfs_log_entry *e,
		 uint64_t index, struct famfs_error *err);

/*
 * Whether a new file or directory could be added at path: a valid
 * relative path, whose parent is a directory, not in use. 0 or the error
 * famfs_ns_add() would give.
 */
int famfs_ns_can_add(const struct famfs_ns *ns, const char *path, struct famfs_error *err);

#pragma GCC visibility pop

#ifdef __cplusplus
}
#endif

#endif /* FAMFS_NAMESPACE_H */
