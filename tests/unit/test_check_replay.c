// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Unit tests for the model of hosts' log replay (check_replay.c): how a
 * logged path resolves, where hosts stop, and the namespace they get
 * (famfs_check_buffer_replayed, famfs_check_replayed).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <famfs/famfs.h>

#include "check/check_internal.h"
#include "logbuild.h"
#include "fs/ns_internal.h"
#include "unit.h"

#define MiB (1ULL << 20)
#define LOG_LEN (8 * MiB)
#define DEV_SIZE (64 * MiB)
#define DATA (FAMFS_LOG_OFFSET + LOG_LEN)
#define MAXF 32

struct found {
	int n;
	char name[MAXF][32];
	enum famfs_severity sev[MAXF];
	uint64_t index[MAXF];
	char msg[MAXF][256];
};

static void collect(void *arg, const struct famfs_finding *f)
{
	struct found *s = arg;

	ck_assert_int_lt(s->n, MAXF);
	snprintf(s->name[s->n], sizeof(s->name[0]), "%s", f->name);
	snprintf(s->msg[s->n], sizeof(s->msg[0]), "%s", f->msg);
	s->sev[s->n] = f->severity;
	s->index[s->n++] = f->index;
}

/* Index of the first finding called name, or -1. */
static int find(const struct found *s, const char *name)
{
	int i;

	for (i = 0; i < s->n; i++)
		if (!strcmp(s->name[i], name))
			return i;
	return -1;
}

static int count_named(const struct found *s, const char *name)
{
	int i, n = 0;

	for (i = 0; i < s->n; i++)
		n += !strcmp(s->name[i], name);
	return n;
}

static uint8_t *image(const struct logbuild *lb)
{
	struct famfs_superblock sb;
	uint8_t *img = calloc(1, DEV_SIZE);

	ck_assert_ptr_nonnull(img);
	famfs_sb_init(&sb, DEV_SIZE, lb->log_len);
	strcpy(sb.dev_name, "unit");
	ck_assert_int_eq(famfs_sb_encode(&sb, img, FAMFS_SB_ENCODED_SIZE, NULL), 0);
	memcpy(img + FAMFS_LOG_OFFSET, lb->log, lb->log_len);
	return img;
}

static struct famfs_check_report rep;

/* Check lb's log; hand back the findings and hosts' namespace. */
static struct famfs_ns *check(struct logbuild *lb, struct found *s)
{
	struct famfs_error err = { 0 };
	struct famfs_ns *hosts = NULL;
	uint8_t *img = image(lb);

	memset(s, 0, sizeof(*s));
	ck_assert_int_eq(famfs_check_buffer_replayed(img, DEV_SIZE, collect, s, &rep, NULL,
						     &hosts, &err), 0);
	ck_assert_ptr_nonnull(hosts);
	free(img);
	return hosts;
}

static uint64_t add_dir(struct logbuild *lb, const char *path, uint32_t uid, uint32_t gid)
{
	struct famfs_log_entry e;

	memset(&e, 0, sizeof(e));
	e.type = FAMFS_LOG_MKDIR;
	strcpy(e.u.mkdir.path, path);
	e.u.mkdir.mode = 040755;
	e.u.mkdir.uid = uid;
	e.u.mkdir.gid = gid;
	return lb_add(lb, &e);
}

/* A file of one 2 MiB extent at off, or none when off is UINT64_MAX. */
static uint64_t add_file(struct logbuild *lb, const char *path, uint64_t off, uint32_t uid,
			 uint32_t gid)
{
	struct famfs_log_entry e;

	memset(&e, 0, sizeof(e));
	e.type = FAMFS_LOG_FILE;
	strcpy(e.u.file.path, path);
	e.u.file.mode = 0100644;
	e.u.file.uid = uid;
	e.u.file.gid = gid;
	e.u.file.fmap.ext_type = FAMFS_EXT_SIMPLE;
	if (off != UINT64_MAX) {
		e.u.file.size = 4096;
		e.u.file.fmap.count = 1;
		e.u.file.fmap.ext[0] = (struct famfs_extent){ 0, off, 2 * MiB };
	}
	return lb_add(lb, &e);
}

START_TEST(test_resolve)
{
	struct logbuild lb;
	struct famfs_ns *hosts;
	struct found s;
	char out[FAMFS_PATH_MAX];

	lb_init(&lb, LOG_LEN);
	add_dir(&lb, "a", 0, 0);
	add_dir(&lb, "a/b", 0, 0);
	add_file(&lb, "a/f", DATA, 0, 0);
	hosts = check(&lb, &s);
	ck_assert_int_eq(replay_resolve(hosts, "a/b/new", out, sizeof(out)), 0);
	ck_assert_str_eq(out, "a/b/new");
	ck_assert_int_eq(replay_resolve(hosts, "a/./b//new/", out, sizeof(out)), 0);
	ck_assert_str_eq(out, "a/b/new");
	ck_assert_int_eq(replay_resolve(hosts, "a/b/../x", out, sizeof(out)), 0);
	ck_assert_str_eq(out, "a/x");
	ck_assert_int_eq(replay_resolve(hosts, "a/..", out, sizeof(out)), 0);
	ck_assert_str_eq(out, "");
	/* realpath stops at the first missing directory */
	ck_assert_int_eq(replay_resolve(hosts, "a/m/n/x", out, sizeof(out)), 1);
	ck_assert_str_eq(out, "a/m");
	ck_assert_int_eq(replay_resolve(hosts, "a/f/x", out, sizeof(out)), 2);
	ck_assert_int_eq(replay_resolve(hosts, "..", out, sizeof(out)), -1);
	ck_assert_int_eq(replay_resolve(hosts, "a/../../x", out, sizeof(out)), -1);
	/* too long for out: refused, not truncated */
	ck_assert_int_eq(replay_resolve(hosts, "a/b/new", out, 5), -1);
	famfs_ns_free(hosts);
	lb_free(&lb);
}
END_TEST

/* What the tools write replays as logged: the same namespace, no finding. */
START_TEST(test_clean_log_same_view)
{
	struct logbuild lb;
	struct famfs_ns *hosts;
	const struct famfs_node *n;
	struct found s;

	lb_init(&lb, LOG_LEN);
	add_dir(&lb, "d", 1000, 1000);
	add_file(&lb, "d/f", DATA, 0, 0);
	add_file(&lb, "g", DATA + 2 * MiB, 7, 8);
	hosts = check(&lb, &s);
	ck_assert_int_eq(s.n, 0);
	ck_assert_uint_eq(rep.replay_stop, UINT64_MAX);
	ck_assert_uint_eq(rep.not_replayed, 0);
	ck_assert_uint_eq(famfs_ns_count(hosts), 3);
	n = famfs_ns_lookup(hosts, "d");
	ck_assert_ptr_nonnull(n);
	ck_assert_uint_eq(n->uid, 1000);
	n = famfs_ns_lookup(hosts, "g");
	ck_assert_ptr_nonnull(n);
	ck_assert_uint_eq(n->gid, 8);
	ck_assert_uint_eq(n->ext[0].offset, DATA + 2 * MiB);
	famfs_ns_free(hosts);
	lb_free(&lb);
}
END_TEST

START_TEST(test_stop_at_bad_crc)
{
	struct logbuild lb;
	struct famfs_ns *hosts;
	struct found s;
	int i;

	lb_init(&lb, LOG_LEN);
	add_dir(&lb, "a", 0, 0);
	add_dir(&lb, "b", 0, 0);
	add_dir(&lb, "c", 0, 0);
	add_dir(&lb, "d", 0, 0);
	lb.log[famfs_log_slot_offset(1) + 40] ^= 1;
	hosts = check(&lb, &s);
	i = find(&s, "replay-stops");
	ck_assert_int_ge(i, 0);
	ck_assert_int_eq(s.sev[i], FAMFS_SEV_ERROR);
	ck_assert_uint_eq(s.index[i], 1);
	ck_assert_uint_eq(rep.replay_stop, 1);
	ck_assert_uint_eq(rep.not_replayed, 2);
	ck_assert_int_eq(count_named(&s, "replay-not-replayed"), 2);
	i = find(&s, "replay-not-replayed");
	ck_assert_int_eq(s.sev[i], FAMFS_SEV_INFO);
	ck_assert_uint_eq(s.index[i], 2);
	/* information is not counted as a problem: entry-crc and replay-stops */
	ck_assert_uint_eq(rep.nerrors, 2);
	ck_assert_uint_eq(rep.nwarnings, 0);
	ck_assert_uint_eq(famfs_ns_count(hosts), 1);
	ck_assert_ptr_nonnull(famfs_ns_lookup(hosts, "a"));
	ck_assert_ptr_null(famfs_ns_lookup(hosts, "c"));
	famfs_ns_free(hosts);
	lb_free(&lb);
}
END_TEST

START_TEST(test_stop_at_seqnum)
{
	struct logbuild lb;
	struct famfs_ns *hosts;
	struct found s;
	int i;

	lb_init(&lb, LOG_LEN);
	add_dir(&lb, "a", 0, 0);
	lb.hdr.next_seqnum = 5;	/* increasing for the log, not the slot index for hosts */
	add_dir(&lb, "b", 0, 0);
	add_dir(&lb, "c", 0, 0);
	hosts = check(&lb, &s);
	i = find(&s, "replay-stops");
	ck_assert_int_ge(i, 0);
	ck_assert_uint_eq(s.index[i], 1);
	ck_assert_ptr_nonnull(strstr(s.msg[i], "seqnum 5 in slot 1"));
	ck_assert_uint_eq(rep.not_replayed, 1);
	ck_assert_int_eq(find(&s, "entry-seqnum"), -1);
	ck_assert_uint_eq(famfs_ns_count(hosts), 1);
	famfs_ns_free(hosts);
	lb_free(&lb);
}
END_TEST

START_TEST(test_header_crc_replays_nothing)
{
	struct logbuild lb;
	struct famfs_ns *hosts;
	struct found s;

	lb_init(&lb, LOG_LEN);
	add_dir(&lb, "a", 0, 0);
	add_dir(&lb, "b", 0, 0);
	lb.log[24] ^= 1;	/* the header CRC */
	hosts = check(&lb, &s);
	ck_assert_int_ge(find(&s, "replay-stops"), 0);
	ck_assert_uint_eq(rep.replay_stop, 0);
	ck_assert_uint_eq(rep.not_replayed, 2);
	ck_assert_uint_eq(famfs_ns_count(hosts), 0);
	famfs_ns_free(hosts);
	lb_free(&lb);
}
END_TEST

/* Live zero slots fail the CRC: hosts stop at the first. */
START_TEST(test_stop_at_zero_slots)
{
	struct logbuild lb;
	struct famfs_ns *hosts;
	struct found s;

	lb_init(&lb, LOG_LEN);
	add_dir(&lb, "a", 0, 0);
	lb.hdr.next_index = 11;
	lb_sync_header(&lb);
	hosts = check(&lb, &s);
	ck_assert_uint_eq(rep.replay_stop, 1);
	ck_assert_uint_eq(rep.not_replayed, 9);
	ck_assert_int_eq(count_named(&s, "replay-stops"), 1);
	famfs_ns_free(hosts);
	lb_free(&lb);
}
END_TEST

START_TEST(test_owner_rule)
{
	struct logbuild lb;
	struct famfs_ns *hosts;
	struct found s;
	const struct famfs_node *n;

	lb_init(&lb, LOG_LEN);
	add_dir(&lb, "d", 1000, 0);
	add_file(&lb, "f", DATA, 0, 50);
	hosts = check(&lb, &s);
	ck_assert_int_eq(count_named(&s, "replay-owner-ignored"), 2);
	ck_assert_int_eq(s.sev[find(&s, "replay-owner-ignored")], FAMFS_SEV_WARNING);
	ck_assert_uint_eq(rep.nerrors, 0);
	n = famfs_ns_lookup(hosts, "d");
	ck_assert_uint_eq(n->uid, 0);
	ck_assert_uint_eq(n->gid, 0);
	n = famfs_ns_lookup(hosts, "f");
	ck_assert_uint_eq(n->gid, 0);
	famfs_ns_free(hosts);
	lb_free(&lb);
}
END_TEST

START_TEST(test_file_findings)
{
	struct logbuild lb;
	struct famfs_ns *hosts;
	struct found s;
	int i;

	lb_init(&lb, LOG_LEN);
	add_file(&lb, "empty", UINT64_MAX, 0, 0);
	add_file(&lb, "zero", 0, 0, 0);
	add_file(&lb, "m/n/f", DATA, 0, 0);
	hosts = check(&lb, &s);
	i = find(&s, "replay-empty-extents");
	ck_assert_int_ge(i, 0);
	ck_assert_uint_eq(s.index[i], 0);
	ck_assert_int_eq(s.sev[i], FAMFS_SEV_ERROR);
	i = find(&s, "replay-skips-file");
	ck_assert_int_ge(i, 0);
	ck_assert_uint_eq(s.index[i], 1);
	i = find(&s, "replay-no-parent");
	ck_assert_int_ge(i, 0);
	ck_assert_uint_eq(s.index[i], 2);
	ck_assert_ptr_nonnull(strstr(s.msg[i], "as 'm'"));
	/* hosts: the empty file's name, no "zero", the third file as "m" */
	ck_assert_ptr_nonnull(famfs_ns_lookup(hosts, "empty"));
	ck_assert_ptr_null(famfs_ns_lookup(hosts, "zero"));
	ck_assert_int_eq(famfs_ns_lookup(hosts, "m")->type, FAMFS_NODE_FILE);
	famfs_ns_free(hosts);
	lb_free(&lb);
}
END_TEST

START_TEST(test_paths_rewritten)
{
	struct logbuild lb;
	struct famfs_ns *hosts;
	struct found s;

	lb_init(&lb, LOG_LEN);
	add_dir(&lb, "a", 0, 0);
	add_dir(&lb, "a/../b", 0, 0);
	add_file(&lb, "../../etc/x", DATA, 0, 0);
	add_dir(&lb, "a/..", 0, 0);
	hosts = check(&lb, &s);
	ck_assert_int_eq(count_named(&s, "replay-path-rewritten"), 2);
	ck_assert_int_eq(count_named(&s, "replay-path-escapes"), 1);
	ck_assert_int_eq(s.sev[find(&s, "replay-path-escapes")], FAMFS_SEV_ERROR);
	ck_assert_ptr_nonnull(famfs_ns_lookup(hosts, "b"));
	ck_assert_uint_eq(famfs_ns_count(hosts), 2);
	famfs_ns_free(hosts);
	lb_free(&lb);
}
END_TEST

/* The device path gives the same as the buffer, and NULL hostsp is allowed. */
START_TEST(test_check_replayed_file)
{
	char path[] = "/tmp/famfs-replay-XXXXXX";
	struct famfs_check_report r;
	struct famfs_error err = { 0 };
	struct famfs_ns *hosts = NULL;
	struct logbuild lb;
	int fd;

	lb_init(&lb, LOG_LEN);
	add_dir(&lb, "a", 0, 0);
	add_file(&lb, "b/f", DATA, 0, 0);
	fd = mkstemp(path);
	ck_assert_int_ge(fd, 0);
	close(fd);
	lb_write_image(&lb, path, DEV_SIZE);
	ck_assert_int_eq(famfs_check_replayed(path, NULL, NULL, &r, NULL, &hosts, &err), 0);
	ck_assert_ptr_nonnull(hosts);
	ck_assert_int_eq(famfs_ns_lookup(hosts, "b")->type, FAMFS_NODE_FILE);
	famfs_ns_free(hosts);
	ck_assert_int_eq(famfs_check_replayed(path, NULL, NULL, &r, NULL, NULL, &err), 0);
	ck_assert_uint_eq(r.replay_stop, UINT64_MAX);
	unlink(path);
	lb_free(&lb);
}
END_TEST

START_TEST(test_replay_owner)
{
	uint32_t u = 5, g = 0;

	ck_assert_int_eq(famfs_replay_owner(&u, &g), 1);
	ck_assert_uint_eq(u, 0);
	ck_assert_uint_eq(g, 0);
	u = 0;
	g = 7;
	ck_assert_int_eq(famfs_replay_owner(&u, &g), 1);
	ck_assert_uint_eq(g, 0);
	u = 3;
	g = 4;
	ck_assert_int_eq(famfs_replay_owner(&u, &g), 0);
	ck_assert_uint_eq(u, 3);
	ck_assert_uint_eq(g, 4);
	u = 0;
	g = 0;
	ck_assert_int_eq(famfs_replay_owner(&u, &g), 0);
}
END_TEST

static Suite *replay_suite(void)
{
	Suite *s = suite_create("check_replay");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_resolve);
	tcase_add_test(tc, test_clean_log_same_view);
	tcase_add_test(tc, test_stop_at_bad_crc);
	tcase_add_test(tc, test_stop_at_seqnum);
	tcase_add_test(tc, test_header_crc_replays_nothing);
	tcase_add_test(tc, test_stop_at_zero_slots);
	tcase_add_test(tc, test_owner_rule);
	tcase_add_test(tc, test_file_findings);
	tcase_add_test(tc, test_paths_rewritten);
	tcase_add_test(tc, test_check_replayed_file);
	tcase_add_test(tc, test_replay_owner);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return unit_run(replay_suite());
}
