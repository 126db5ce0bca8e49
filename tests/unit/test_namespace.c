// SPDX-License-Identifier: LGPL-2.1-or-later
/* Unit tests for log replay and the namespace. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <famfs/famfs.h>

#include "util/le.h"
#include "logbuild.h"
#include "unit.h"

#define MiB (1ULL << 20)
#define LOG_LEN (8 * MiB)

struct seen {
	int n;
	int codes[16];
	uint64_t index[16];
	int stop_at;		/* stop after this many problems (0: never) */
};

static int record(void *arg, const struct famfs_replay_problem *p)
{
	struct seen *s = arg;

	if (s->n < 16) {
		s->codes[s->n] = p->code;
		s->index[s->n] = p->index;
	}
	s->n++;
	return s->stop_at && s->n >= s->stop_at;
}

static struct famfs_ns *replay_ok(struct logbuild *lb, struct seen *s)
{
	struct famfs_ns *ns = NULL;
	struct famfs_error err = { 0 };

	ck_assert_int_eq(famfs_ns_replay(lb->log, lb->log_len, &lb->hdr,
					 s ? record : NULL, s, &ns, &err), 0);
	ck_assert_ptr_nonnull(ns);
	return ns;
}

START_TEST(test_replay_empty)
{
	struct logbuild lb;
	struct famfs_ns *ns;

	lb_init(&lb, LOG_LEN);
	ns = replay_ok(&lb, NULL);
	ck_assert_uint_eq(famfs_ns_count(ns), 0);
	ck_assert_uint_eq(famfs_ns_nfiles(ns), 0);
	ck_assert_uint_eq(famfs_ns_ndirs(ns), 0);
	ck_assert_ptr_eq(famfs_ns_lookup(ns, ""), famfs_ns_root(ns));
	ck_assert_ptr_eq(famfs_ns_lookup(ns, "/"), famfs_ns_root(ns));
	ck_assert_ptr_null(famfs_ns_lookup(ns, "x"));
	ck_assert_ptr_null(famfs_ns_node(ns, 0));
	famfs_ns_free(ns);
	lb_free(&lb);
}
END_TEST

START_TEST(test_replay_tree)
{
	struct logbuild lb;
	struct famfs_ns *ns;
	const struct famfs_node *root, *a, *b, *f, *g;
	struct famfs_fmap fm;

	lb_init(&lb, LOG_LEN);
	lb_mkdir(&lb, "a");
	lb_mkdir(&lb, "a/b");
	lb_file(&lb, "a/b/f", 3 * MiB, 10 * MiB);
	lb_file(&lb, "g", 1, 20 * MiB);
	ns = replay_ok(&lb, NULL);

	ck_assert_uint_eq(famfs_ns_count(ns), 4);
	ck_assert_uint_eq(famfs_ns_ndirs(ns), 2);
	ck_assert_uint_eq(famfs_ns_nfiles(ns), 2);
	root = famfs_ns_root(ns);
	a = famfs_ns_lookup(ns, "a");
	b = famfs_ns_lookup(ns, "/a/b/");
	f = famfs_ns_lookup(ns, "a/b/f");
	g = famfs_ns_lookup(ns, "g");
	ck_assert_ptr_nonnull(a);
	ck_assert_ptr_nonnull(b);
	ck_assert_ptr_nonnull(f);
	ck_assert_ptr_nonnull(g);
	ck_assert_ptr_null(famfs_ns_lookup(ns, "a/b/f/x"));
	ck_assert_ptr_null(famfs_ns_lookup(ns, "a/b/"  "ff"));

	/* tree links, in log order */
	ck_assert_ptr_eq(root->child, a);
	ck_assert_ptr_eq(a->sibling, g);
	ck_assert_ptr_eq(a->child, b);
	ck_assert_ptr_eq(b->child, f);
	ck_assert_ptr_eq(f->parent, b);
	ck_assert_ptr_eq(g->parent, root);
	ck_assert_ptr_null(f->child);

	ck_assert_int_eq(f->type, FAMFS_NODE_FILE);
	ck_assert_str_eq(f->name, "f");
	ck_assert_str_eq(f->path, "a/b/f");
	ck_assert_uint_eq(f->size, 3 * MiB);
	ck_assert_uint_eq(f->log_index, 2);
	ck_assert_uint_eq(f->seqnum, 2);
	ck_assert_uint_eq(f->next, 1);
	ck_assert_uint_eq(f->ext[0].offset, 10 * MiB);
	ck_assert_uint_eq(f->ext[0].len, 4 * MiB);
	ck_assert_int_eq(a->type, FAMFS_NODE_DIR);
	ck_assert_uint_eq(a->mode, 040755);
	ck_assert_ptr_eq(famfs_ns_node(ns, 3), g);

	famfs_node_fmap(f, &fm);
	ck_assert_uint_eq(fm.ext_type, FAMFS_EXT_SIMPLE);
	ck_assert_uint_eq(fm.count, 1);
	ck_assert_uint_eq(fm.ext[0].offset, 10 * MiB);
	famfs_ns_free(ns);
	lb_free(&lb);
}
END_TEST

START_TEST(test_replay_striped_and_daxdev)
{
	struct logbuild lb;
	struct famfs_log_entry e;
	struct famfs_ns *ns;
	const struct famfs_node *s;
	struct famfs_fmap fm;
	int k;

	lb_init(&lb, LOG_LEN);
	memset(&e, 0, sizeof(e));
	e.type = FAMFS_LOG_ADD_DAXDEV;
	e.u.daxdev.size = 1024 * MiB;
	lb_add(&lb, &e);
	memset(&e, 0, sizeof(e));
	e.type = FAMFS_LOG_FILE;
	e.u.file.size = 20 * MiB;
	strcpy(e.u.file.path, "s");
	e.u.file.fmap.ext_type = FAMFS_EXT_INTERLEAVE;
	e.u.file.fmap.count = 1;
	e.u.file.fmap.nstrips = 4;
	e.u.file.fmap.chunk_size = 2 * MiB;
	for (k = 0; k < 4; k++) {
		e.u.file.fmap.strips[k].offset = 512 * MiB * (k + 1);
		e.u.file.fmap.strips[k].len = 6 * MiB;
	}
	lb_add(&lb, &e);
	ns = replay_ok(&lb, NULL);
	ck_assert_uint_eq(famfs_ns_count(ns), 1);	/* add_daxdev adds no node */
	s = famfs_ns_lookup(ns, "s");
	ck_assert_ptr_nonnull(s);
	ck_assert_uint_eq(s->ext_type, FAMFS_EXT_INTERLEAVE);
	ck_assert_uint_eq(s->nstrips, 4);
	ck_assert_uint_eq(s->next, 0);
	ck_assert_uint_eq(s->ext[3].offset, 2048 * MiB);
	famfs_node_fmap(s, &fm);
	ck_assert_mem_eq(&fm.strips[0], &e.u.file.fmap.strips[0], 4 * sizeof(fm.strips[0]));
	ck_assert_uint_eq(fm.count, 1);
	ck_assert_uint_eq(fm.chunk_size, 2 * MiB);
	famfs_ns_free(ns);
	lb_free(&lb);
}
END_TEST

/* Every namespace problem is reported with its slot, and replay goes on. */
START_TEST(test_replay_problems_reported)
{
	struct logbuild lb;
	struct seen s = { 0 };
	struct famfs_ns *ns;
	struct famfs_log_entry e;
	uint64_t crc_slot;

	lb_init(&lb, LOG_LEN);
	lb_mkdir(&lb, "d");				/* 0 ok */
	lb_file(&lb, "f", 1, 10 * MiB);			/* 1 ok */
	lb_file(&lb, "nope/x", 1, 12 * MiB);		/* 2 no parent */
	lb_file(&lb, "f/x", 1, 14 * MiB);		/* 3 parent is a file */
	lb_mkdir(&lb, "d");				/* 4 exists */
	lb_file(&lb, "d/../x", 1, 16 * MiB);		/* 5 bad path */
	crc_slot = lb_file(&lb, "d/y", 1, 18 * MiB);	/* 6 CRC broken below */
	lb.log[famfs_log_slot_offset(crc_slot) + 100] ^= 0xff;
	memset(&e, 0, sizeof(e));
	e.type = FAMFS_LOG_MKDIR;
	strcpy(e.u.mkdir.path, "late");
	lb.hdr.next_seqnum = 1;				/* 7 seqnum goes back */
	lb_add(&lb, &e);
	lb_file(&lb, "d/z", 1, 20 * MiB);		/* 8 ok */

	ns = replay_ok(&lb, &s);
	ck_assert_int_eq(s.n, 6);
	ck_assert_int_eq(s.codes[0], -FAMFS_E_NS_NO_PARENT);
	ck_assert_uint_eq(s.index[0], 2);
	ck_assert_int_eq(s.codes[1], -FAMFS_E_NS_PARENT_NOT_DIR);
	ck_assert_uint_eq(s.index[1], 3);
	ck_assert_int_eq(s.codes[2], -FAMFS_E_NS_EXISTS);
	ck_assert_uint_eq(s.index[2], 4);
	ck_assert_int_eq(s.codes[3], -FAMFS_E_ENTRY_PATH);
	ck_assert_uint_eq(s.index[3], 5);
	ck_assert_int_eq(s.codes[4], -FAMFS_E_ENTRY_CRC);
	ck_assert_uint_eq(s.index[4], 6);
	ck_assert_int_eq(s.codes[5], -FAMFS_E_ENTRY_SEQNUM);
	ck_assert_uint_eq(s.index[5], 7);
	/* the good entries, and the intact one with the bad seqnum, are there */
	ck_assert_ptr_nonnull(famfs_ns_lookup(ns, "late"));
	ck_assert_ptr_nonnull(famfs_ns_lookup(ns, "d/z"));
	ck_assert_ptr_null(famfs_ns_lookup(ns, "d/y"));
	ck_assert_uint_eq(famfs_ns_count(ns), 4);
	famfs_ns_free(ns);
	lb_free(&lb);
}
END_TEST

START_TEST(test_replay_stops)
{
	struct logbuild lb;
	struct seen s = { .stop_at = 1 };
	struct famfs_ns *ns = (struct famfs_ns *)&s;
	struct famfs_error err = { 0 };

	lb_init(&lb, LOG_LEN);
	lb_file(&lb, "nope/x", 1, 12 * MiB);
	/* the callback asks to stop */
	ck_assert_int_eq(famfs_ns_replay(lb.log, lb.log_len, &lb.hdr, record, &s, &ns, &err),
			 -FAMFS_E_NS_NO_PARENT);
	ck_assert_ptr_null(ns);
	ck_assert_ptr_nonnull(strstr(err.msg, "log entry 0"));
	/* no callback: the first problem fails the replay */
	ck_assert_int_eq(famfs_ns_replay(lb.log, lb.log_len, &lb.hdr, NULL, NULL, &ns, &err),
			 -FAMFS_E_NS_NO_PARENT);
	ck_assert_ptr_nonnull(strstr(err.msg, "does not exist"));
	/* a header that lies about next_index is refused before any read */
	lb.hdr.next_index = famfs_log_slots(LOG_LEN) + 1;
	ck_assert_int_eq(famfs_ns_replay(lb.log, lb.log_len, &lb.hdr, NULL, NULL, &ns, &err),
			 -FAMFS_E_LOG_NEXT_INDEX);
	lb_free(&lb);
}
END_TEST

START_TEST(test_ns_add)
{
	struct logbuild lb;
	struct famfs_ns *ns;
	struct famfs_log_entry e;
	struct famfs_error err = { 0 };

	lb_init(&lb, LOG_LEN);
	ns = replay_ok(&lb, NULL);
	memset(&e, 0, sizeof(e));
	e.type = FAMFS_LOG_MKDIR;
	strcpy(e.u.mkdir.path, "new");
	ck_assert_int_eq(famfs_ns_add(ns, &e, 0, &err), 0);
	ck_assert_int_eq(famfs_ns_add(ns, &e, 1, &err), -FAMFS_E_NS_EXISTS);
	ck_assert_ptr_nonnull(strstr(err.msg, "'new' already exists"));
	e.type = FAMFS_LOG_ADD_DAXDEV;
	ck_assert_int_eq(famfs_ns_add(ns, &e, 2, NULL), -FAMFS_E_ENTRY_TYPE);
	e.type = FAMFS_LOG_MKDIR;
	memset(e.u.mkdir.path, 'x', FAMFS_PATH_MAX);
	ck_assert_int_eq(famfs_ns_add(ns, &e, 2, NULL), -FAMFS_E_ENTRY_PATH);
	ck_assert_uint_eq(famfs_ns_count(ns), 1);
	ck_assert_uint_eq(famfs_ns_node(ns, 0)->log_index, 0);
	famfs_ns_free(ns);
	lb_free(&lb);
}
END_TEST

/* Enough entries to grow the hash table many times; every path found. */
START_TEST(test_replay_many)
{
	struct logbuild lb;
	struct famfs_ns *ns;
	char path[32];
	uint64_t i, n = 15000;

	lb_init(&lb, LOG_LEN);
	lb_mkdir(&lb, "d");
	for (i = 1; i < n; i++) {
		snprintf(path, sizeof(path), "d/f%llu", (unsigned long long)i);
		lb_file(&lb, path, 1, (10 + 2 * i) * MiB);
	}
	ns = replay_ok(&lb, NULL);
	ck_assert_uint_eq(famfs_ns_count(ns), n);
	for (i = 1; i < n; i++) {
		const struct famfs_node *node;

		snprintf(path, sizeof(path), "d/f%llu", (unsigned long long)i);
		node = famfs_ns_lookup(ns, path);
		ck_assert_ptr_nonnull(node);
		ck_assert_uint_eq(node->log_index, i);
	}
	famfs_ns_free(ns);
	lb_free(&lb);
}
END_TEST

static Suite *ns_suite(void)
{
	Suite *s = suite_create("namespace");
	TCase *tc = tcase_create("replay");

	tcase_add_test(tc, test_replay_empty);
	tcase_add_test(tc, test_replay_tree);
	tcase_add_test(tc, test_replay_striped_and_daxdev);
	tcase_add_test(tc, test_replay_problems_reported);
	tcase_add_test(tc, test_replay_stops);
	tcase_add_test(tc, test_ns_add);
	tcase_add_test(tc, test_replay_many);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return unit_run(ns_suite());
}
