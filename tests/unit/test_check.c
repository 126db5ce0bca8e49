// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Unit tests for the offline checker: every finding from an image that
 * breaks exactly one rule, and the report's numbers on sound images.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <famfs/famfs.h>

#include "util/le.h"
#include "logbuild.h"
#include "unit.h"

#define MiB (1ULL << 20)
#define LOG_LEN (8 * MiB)
#define DEV_SIZE (64 * MiB)
#define DATA (FAMFS_LOG_OFFSET + LOG_LEN)	/* first data byte: 10 MiB */
#define MAXF 64

struct found {
	int n;			/* findings handed over one by one */
	int nsum;		/* summaries, not recorded below */
	uint64_t more;		/* findings the summaries stand for */
	uint64_t replay;	/* replay-* errors and warnings, not recorded */
	uint64_t replay_more;	/* replay-* findings the summaries stand for */
	const char *name[MAXF];
	enum famfs_severity sev[MAXF];
	uint64_t index[MAXF];
	char path[MAXF][FAMFS_PATH_MAX];
	char msg[MAXF][256];
};

static void collect(void *arg, const struct famfs_finding *f)
{
	struct found *s = arg;

	/* what hosts' replay makes of the log is tested in test_check_replay */
	if (!strncmp(f->name, "replay-", 7)) {
		if (f->severity != FAMFS_SEV_INFO)
			s->replay += f->more ? f->more : 1;
		s->replay_more += f->more;
		return;
	}
	if (f->more) {
		ck_assert_uint_eq(f->index, FAMFS_CHECK_NO_INDEX);
		ck_assert_ptr_null(f->path);
		s->nsum++;
		s->more += f->more;
		return;
	}
	/* summaries come last */
	ck_assert_int_eq(s->nsum, 0);
	if (s->n < MAXF) {
		s->name[s->n] = f->name;
		s->sev[s->n] = f->severity;
		s->index[s->n] = f->index;
		snprintf(s->path[s->n], FAMFS_PATH_MAX, "%s", f->path ? f->path : "");
		snprintf(s->msg[s->n], sizeof(s->msg[0]), "%s", f->msg);
	}
	s->n++;
}

/* Index of the finding called name, or -1. */
static int find(const struct found *s, const char *name)
{
	int i;

	for (i = 0; i < s->n && i < MAXF; i++)
		if (!strcmp(s->name[i], name))
			return i;
	return -1;
}

/* An image of dev_size bytes in memory with a valid superblock and lb's log. */
static uint8_t *image(const struct logbuild *lb, uint64_t dev_size)
{
	struct famfs_superblock sb;
	uint8_t *img = calloc(1, dev_size);

	ck_assert_ptr_nonnull(img);
	famfs_sb_init(&sb, dev_size, lb->log_len);
	strcpy(sb.dev_name, "unit");
	ck_assert_int_eq(famfs_sb_encode(&sb, img, FAMFS_SB_ENCODED_SIZE, NULL), 0);
	memcpy(img + FAMFS_LOG_OFFSET, lb->log, lb->log_len);
	return img;
}

static void resign_sb(uint8_t *img)
{
	put_le64(img + 96, famfs_sb_crc(img, FAMFS_SB_ENCODED_SIZE));
}

static void resign_entry(uint8_t *img, uint64_t slot)
{
	uint8_t *e = img + FAMFS_LOG_OFFSET + famfs_log_slot_offset(slot);

	put_le64(e + 536, famfs_log_entry_crc(e, FAMFS_LOG_ENTRY_SIZE));
}

static struct famfs_check_report rep;

static void check_img(const uint8_t *img, uint64_t len, struct found *s)
{
	struct famfs_error err = { 0 };

	memset(s, 0, sizeof(*s));
	ck_assert_int_eq(famfs_check_buffer(img, len, collect, s, &rep, NULL, &err), 0);
	ck_assert_uint_eq(rep.nerrors + rep.nwarnings, (uint64_t)s->n + s->more + s->replay);
	ck_assert_uint_eq(rep.nsuppressed, s->more + s->replay_more);
}

/* Check lb's log on a fresh image; expect exactly one finding, called name. */
static void expect_only(struct logbuild *lb, const char *name, enum famfs_severity sev)
{
	uint8_t *img = image(lb, DEV_SIZE);
	struct found s;

	check_img(img, DEV_SIZE, &s);
	ck_assert_msg(s.n == 1 && !strcmp(s.name[0], name) && s.sev[0] == sev,
		      "expected only %s, got %d findings, first %s", name, s.n,
		      s.n ? s.name[0] : "-");
	free(img);
}

START_TEST(test_clean_report)
{
	struct logbuild lb;
	struct famfs_log_entry e;
	uint8_t *img;
	struct found s;

	lb_init(&lb, LOG_LEN);
	lb_mkdir(&lb, "d");
	lb_file(&lb, "d/a", 3 * MiB, DATA);		/* 4 MiB claimed, 1 wasted */
	lb_file(&lb, "b", 2 * MiB, DATA + 8 * MiB);
	memset(&e, 0, sizeof(e));
	e.type = FAMFS_LOG_FILE;
	strcpy(e.u.file.path, "d/striped");
	e.u.file.size = 8 * MiB;
	e.u.file.mode = 0100644;
	e.u.file.fmap.ext_type = FAMFS_EXT_INTERLEAVE;
	e.u.file.fmap.count = 1;
	e.u.file.fmap.nstrips = 2;
	e.u.file.fmap.chunk_size = 2 * MiB;
	e.u.file.fmap.strips[0] = (struct famfs_extent){ 0, DATA + 20 * MiB, 4 * MiB };
	e.u.file.fmap.strips[1] = (struct famfs_extent){ 0, DATA + 30 * MiB, 4 * MiB };
	lb_add(&lb, &e);
	img = image(&lb, DEV_SIZE);
	check_img(img, DEV_SIZE, &s);
	ck_assert_int_eq(s.n, 0);
	ck_assert_int_eq(rep.sb_decoded, 1);
	ck_assert_int_eq(rep.log_checked, 1);
	ck_assert_uint_eq(rep.device_size, DEV_SIZE);
	ck_assert_uint_eq(rep.slots, famfs_log_slots(LOG_LEN));
	ck_assert_uint_eq(rep.slots_used, 4);
	ck_assert_uint_eq(rep.nfiles, 3);
	ck_assert_uint_eq(rep.ndirs, 1);
	ck_assert_uint_eq(rep.bytes_in_files, 13 * MiB);
	ck_assert_uint_eq(rep.bytes_allocated, 14 * MiB);
	ck_assert_uint_eq(rep.bytes_wasted, 1 * MiB);
	ck_assert_uint_eq(rep.data_size, DEV_SIZE - DATA);
	ck_assert_uint_eq(rep.bytes_free, DEV_SIZE - DATA - 14 * MiB);
	/* free: [4,8) [10,20) [24,30) [34,54) MiB past DATA */
	ck_assert_uint_eq(rep.free_ranges, 4);
	ck_assert_uint_eq(rep.largest_free, 20 * MiB);
	free(img);
	lb_free(&lb);
}
END_TEST

START_TEST(test_empty_and_full_log)
{
	struct logbuild lb;
	uint64_t i, slots = famfs_log_slots(LOG_LEN);
	uint8_t *img;
	struct found s;

	lb_init(&lb, LOG_LEN);
	img = image(&lb, DEV_SIZE);
	check_img(img, DEV_SIZE, &s);
	ck_assert_int_eq(s.n, 0);
	ck_assert_uint_eq(rep.slots_used, 0);
	ck_assert_uint_eq(rep.free_ranges, 1);
	free(img);

	/* every slot used: directories take no space */
	for (i = 0; i < slots; i++) {
		char p[32];

		snprintf(p, sizeof(p), "d%llu", (unsigned long long)i);
		lb_mkdir(&lb, p);
	}
	ck_assert_uint_eq(lb.hdr.next_index, slots);
	img = image(&lb, DEV_SIZE);
	check_img(img, DEV_SIZE, &s);
	ck_assert_int_eq(s.n, 0);
	ck_assert_uint_eq(rep.slots_used, slots);
	ck_assert_uint_eq(rep.ndirs, slots);
	free(img);
	lb_free(&lb);
}
END_TEST

/* Superblock findings: one byte changed, the CRC fixed unless it is the test. */
static void sb_case(uint64_t off, uint64_t value, int width, int resign,
		   const char *name)
{
	struct logbuild lb;
	uint8_t *img;
	struct found s;

	lb_init(&lb, LOG_LEN);
	img = image(&lb, DEV_SIZE);
	if (width == 8)
		put_le64(img + off, value);
	else
		put_le32(img + off, (uint32_t)value);
	if (resign)
		resign_sb(img);
	check_img(img, DEV_SIZE, &s);
	ck_assert_msg(find(&s, name) >= 0, "no %s finding (got %d, first %s)", name, s.n,
		      s.n ? s.name[0] : "-");
	free(img);
	lb_free(&lb);
}

START_TEST(test_superblock_findings)
{
	sb_case(0, 0x12345678, 8, 1, "sb-magic");
	sb_case(0, 0, 8, 1, "sb-killed");
	sb_case(8, 47, 8, 1, "sb-version");
	sb_case(40, 3, 4, 1, "sb-omf-major");
	sb_case(44, 3, 4, 1, "sb-omf-minor");
	sb_case(48, 0xdeadbeef, 8, 0, "sb-crc");
	sb_case(16, 4 * MiB, 8, 1, "sb-log-offset");
	sb_case(24, 12 * MiB, 8, 1, "sb-log-len");
	sb_case(24, 128 * MiB, 8, 1, "sb-dev-size");
	sb_case(32, 4096, 8, 1, "sb-alloc-unit");
}
END_TEST

START_TEST(test_superblock_stops)
{
	struct logbuild lb;
	uint8_t *img;
	struct found s;

	/* a killed superblock stops the check: the log is not read */
	lb_init(&lb, LOG_LEN);
	lb_mkdir(&lb, "d");
	img = image(&lb, DEV_SIZE);
	put_le64(img, 0);
	check_img(img, DEV_SIZE, &s);
	ck_assert_int_eq(s.n, 1);
	ck_assert_int_eq(rep.log_checked, 0);
	ck_assert_int_eq(rep.sb_decoded, 1);

	/* too short to hold a superblock at all */
	check_img(img, 100, &s);
	ck_assert_int_eq(s.n, 1);
	ck_assert_str_eq(s.name[0], "sb-dev-size");
	ck_assert_int_eq(rep.sb_decoded, 0);

	/* truncated inside the log: the log is not read past the end */
	put_le64(img, FAMFS_SB_MAGIC);
	check_img(img, 6 * MiB, &s);
	ck_assert_int_ge(find(&s, "sb-dev-size"), 0);
	ck_assert_int_eq(rep.log_checked, 0);
	free(img);
	lb_free(&lb);
}
END_TEST

START_TEST(test_device_size_warning)
{
	struct logbuild lb;
	uint8_t *img;
	struct found s;

	/* recorded 64 MiB on a 68 MiB device: 4 MiB unused is only a warning */
	lb_init(&lb, LOG_LEN);
	img = image(&lb, DEV_SIZE);
	img = realloc(img, DEV_SIZE + 4 * MiB);
	ck_assert_ptr_nonnull(img);
	memset(img + DEV_SIZE, 0, 4 * MiB);
	check_img(img, DEV_SIZE + 4 * MiB, &s);
	ck_assert_int_eq(s.n, 1);
	ck_assert_str_eq(s.name[0], "sb-dev-size");
	ck_assert_int_eq(s.sev[0], FAMFS_SEV_WARNING);
	free(img);
	lb_free(&lb);
}
END_TEST

START_TEST(test_log_header_findings)
{
	struct logbuild lb;
	uint64_t slots = famfs_log_slots(LOG_LEN);
	uint8_t *img;
	struct found s;

	lb_init(&lb, LOG_LEN);
	lb.hdr.magic = 1;
	lb_sync_header(&lb);
	expect_only(&lb, "log-magic", FAMFS_SEV_ERROR);

	famfs_log_header_init(&lb.hdr, LOG_LEN);
	lb_sync_header(&lb);
	img = image(&lb, DEV_SIZE);
	img[FAMFS_LOG_OFFSET + 24] ^= 1;
	check_img(img, DEV_SIZE, &s);
	ck_assert_int_eq(s.n, 1);
	ck_assert_str_eq(s.name[0], "log-crc");
	free(img);

	/* the CRC is right but the header's fields lie */
	lb.hdr.last_index = slots;
	lb.hdr.crc = famfs_log_header_crc(&lb.hdr);
	lb_sync_header(&lb);
	expect_only(&lb, "log-last-index", FAMFS_SEV_ERROR);

	famfs_log_header_init(&lb.hdr, LOG_LEN);
	lb.hdr.log_len = 16 * MiB;
	lb.hdr.crc = famfs_log_header_crc(&lb.hdr);
	lb_sync_header(&lb);
	img = image(&lb, DEV_SIZE);
	check_img(img, DEV_SIZE, &s);
	ck_assert_int_ge(find(&s, "log-len"), 0);
	free(img);

	/* next_index past the log: clamped, the zero slots replay as errors */
	famfs_log_header_init(&lb.hdr, LOG_LEN);
	lb.hdr.next_index = slots + 1000;
	lb_sync_header(&lb);
	img = image(&lb, DEV_SIZE);
	check_img(img, DEV_SIZE, &s);
	ck_assert_str_eq(s.name[0], "log-next-index");
	ck_assert_uint_eq(rep.slots_used, slots);
	free(img);
	lb_free(&lb);
}
END_TEST

START_TEST(test_next_seqnum_and_stale_slot)
{
	struct logbuild lb;
	uint8_t *img;
	struct found s;
	int i;

	lb_init(&lb, LOG_LEN);
	lb_mkdir(&lb, "a");
	lb_mkdir(&lb, "b");
	lb.hdr.next_seqnum = 1;
	lb_sync_header(&lb);
	expect_only(&lb, "log-next-seqnum", FAMFS_SEV_ERROR);

	/* a torn append: the slot after the live ones holds an entry */
	lb.hdr.next_seqnum = 2;
	lb_mkdir(&lb, "c");
	lb.hdr.next_index = 2;
	lb_sync_header(&lb);
	img = image(&lb, DEV_SIZE);
	check_img(img, DEV_SIZE, &s);
	ck_assert_int_eq(s.n, 1);
	ck_assert_str_eq(s.name[0], "log-stale-slot");
	ck_assert_int_eq(s.sev[0], FAMFS_SEV_WARNING);
	ck_assert_uint_eq(s.index[0], 2);
	ck_assert_int_eq(rep.nerrors, 0);
	i = find(&s, "log-stale-slot");
	ck_assert_int_eq(i, 0);
	free(img);
	lb_free(&lb);
}
END_TEST

START_TEST(test_entry_findings)
{
	struct logbuild lb;
	struct famfs_log_entry e;
	uint8_t *img;
	struct found s;
	int i;

	/* a flipped bit in an entry: its CRC no longer matches */
	lb_init(&lb, LOG_LEN);
	lb_mkdir(&lb, "a");
	img = image(&lb, DEV_SIZE);
	img[FAMFS_LOG_OFFSET + famfs_log_slot_offset(0) + 30] ^= 0x20;
	check_img(img, DEV_SIZE, &s);
	ck_assert_int_eq(s.n, 1);
	ck_assert_str_eq(s.name[0], "entry-crc");
	ck_assert_uint_eq(s.index[0], 0);

	/* an unknown type with a valid CRC */
	img[FAMFS_LOG_OFFSET + famfs_log_slot_offset(0) + 30] ^= 0x20;
	put_le32(img + FAMFS_LOG_OFFSET + famfs_log_slot_offset(0) + 8, 7);
	resign_entry(img, 0);
	check_img(img, DEV_SIZE, &s);
	ck_assert_int_ge(find(&s, "entry-type"), 0);
	free(img);
	lb_free(&lb);

	lb_init(&lb, LOG_LEN);
	lb_mkdir(&lb, "/abs");
	expect_only(&lb, "entry-path", FAMFS_SEV_ERROR);
	lb_free(&lb);

	lb_init(&lb, LOG_LEN);
	lb_mkdir(&lb, "a/../b");
	expect_only(&lb, "entry-path", FAMFS_SEV_ERROR);
	lb_free(&lb);

	lb_init(&lb, LOG_LEN);
	lb_file(&lb, "nodir/f", MiB, DATA);
	expect_only(&lb, "ns-no-parent", FAMFS_SEV_ERROR);
	lb_free(&lb);

	lb_init(&lb, LOG_LEN);
	lb_file(&lb, "f", MiB, DATA);
	lb_file(&lb, "f/g", MiB, DATA + 2 * MiB);
	expect_only(&lb, "ns-parent-not-dir", FAMFS_SEV_ERROR);
	lb_free(&lb);

	lb_init(&lb, LOG_LEN);
	lb_mkdir(&lb, "x");
	lb_file(&lb, "x", MiB, DATA);
	img = image(&lb, DEV_SIZE);
	check_img(img, DEV_SIZE, &s);
	i = find(&s, "ns-duplicate");
	ck_assert_int_ge(i, 0);
	ck_assert_uint_eq(s.index[i], 1);
	ck_assert_str_eq(s.path[i], "x");
	free(img);
	lb_free(&lb);

	/* seqnums must increase: encode entry 1 with entry 0's seqnum */
	lb_init(&lb, LOG_LEN);
	lb_mkdir(&lb, "a");
	memset(&e, 0, sizeof(e));
	e.type = FAMFS_LOG_MKDIR;
	e.u.mkdir.mode = 040755;
	strcpy(e.u.mkdir.path, "b");
	ck_assert_int_eq(famfs_log_entry_encode(&e, lb.log + famfs_log_slot_offset(1),
						FAMFS_LOG_ENTRY_SIZE, NULL), 0);
	lb.hdr.next_index = 2;
	lb_sync_header(&lb);
	expect_only(&lb, "entry-seqnum", FAMFS_SEV_ERROR);
	lb_free(&lb);
}
END_TEST

/* A one-extent file entry with the given extent, for the extent checks. */
static void file_ext(struct logbuild *lb, const char *path, uint64_t size,
		     uint64_t dev, uint64_t off, uint64_t len)
{
	struct famfs_log_entry e;

	memset(&e, 0, sizeof(e));
	e.type = FAMFS_LOG_FILE;
	strcpy(e.u.file.path, path);
	e.u.file.size = size;
	e.u.file.mode = 0100644;
	e.u.file.fmap.count = 1;
	e.u.file.fmap.ext[0] = (struct famfs_extent){ dev, off, len };
	lb_add(lb, &e);
}

START_TEST(test_extent_findings)
{
	struct logbuild lb;
	uint8_t *img;
	struct found s;
	int i;

	lb_init(&lb, LOG_LEN);
	file_ext(&lb, "f", MiB, 0, DATA + 4096, 2 * MiB);
	expect_only(&lb, "ext-align", FAMFS_SEV_ERROR);
	lb_free(&lb);

	lb_init(&lb, LOG_LEN);
	file_ext(&lb, "f", MiB, 0, DATA, MiB);
	expect_only(&lb, "ext-len", FAMFS_SEV_WARNING);
	lb_free(&lb);

	lb_init(&lb, LOG_LEN);
	file_ext(&lb, "f", MiB, 0, DEV_SIZE, 2 * MiB);
	expect_only(&lb, "ext-range", FAMFS_SEV_ERROR);
	lb_free(&lb);

	/* an extent so long that offset + length wraps around */
	lb_init(&lb, LOG_LEN);
	file_ext(&lb, "f", MiB, 0, DATA, UINT64_MAX - 2 * MiB + 1);
	img = image(&lb, DEV_SIZE);
	check_img(img, DEV_SIZE, &s);
	ck_assert_int_ge(find(&s, "ext-range"), 0);
	free(img);
	lb_free(&lb);

	lb_init(&lb, LOG_LEN);
	file_ext(&lb, "f", MiB, 0, FAMFS_LOG_OFFSET, 2 * MiB);
	expect_only(&lb, "ext-meta", FAMFS_SEV_ERROR);
	lb_free(&lb);

	lb_init(&lb, LOG_LEN);
	file_ext(&lb, "f", 5 * MiB, 0, DATA, 4 * MiB);
	expect_only(&lb, "ext-short", FAMFS_SEV_ERROR);
	lb_free(&lb);

	lb_init(&lb, LOG_LEN);
	file_ext(&lb, "f", MiB, 1, DATA, 2 * MiB);
	expect_only(&lb, "ext-dev-index", FAMFS_SEV_ERROR);
	lb_free(&lb);

	/* two files share a unit: one finding that names both */
	lb_init(&lb, LOG_LEN);
	lb_file(&lb, "first", 4 * MiB, DATA);
	lb_file(&lb, "second", 2 * MiB, DATA + 2 * MiB);
	img = image(&lb, DEV_SIZE);
	check_img(img, DEV_SIZE, &s);
	ck_assert_int_eq(s.n, 1);
	i = find(&s, "ext-overlap");
	ck_assert_int_eq(i, 0);
	ck_assert_str_eq(s.path[i], "second");
	ck_assert_ptr_nonnull(strstr(s.msg[i], "first"));
	free(img);
	lb_free(&lb);
}
END_TEST

START_TEST(test_stripe_findings)
{
	struct logbuild lb;
	struct famfs_log_entry e;

	memset(&e, 0, sizeof(e));
	e.type = FAMFS_LOG_FILE;
	strcpy(e.u.file.path, "s");
	e.u.file.size = 8 * MiB;
	e.u.file.mode = 0100644;
	e.u.file.fmap.ext_type = FAMFS_EXT_INTERLEAVE;
	e.u.file.fmap.count = 1;
	e.u.file.fmap.nstrips = 2;
	e.u.file.fmap.chunk_size = 2 * MiB;
	e.u.file.fmap.strips[0] = (struct famfs_extent){ 0, DATA, 4 * MiB };
	e.u.file.fmap.strips[1] = (struct famfs_extent){ 0, DATA + 10 * MiB, 6 * MiB };

	/* strips of unequal length */
	lb_init(&lb, LOG_LEN);
	lb_add(&lb, &e);
	expect_only(&lb, "ext-strips", FAMFS_SEV_ERROR);
	lb_free(&lb);

	/* equal strips that do not cover the size */
	e.u.file.fmap.strips[1].len = 4 * MiB;
	e.u.file.size = 10 * MiB;
	lb_init(&lb, LOG_LEN);
	lb_add(&lb, &e);
	expect_only(&lb, "ext-short", FAMFS_SEV_ERROR);
	lb_free(&lb);

	/* overlapping strips of one file */
	e.u.file.size = 8 * MiB;
	e.u.file.fmap.strips[1].offset = DATA + 2 * MiB;
	lb_init(&lb, LOG_LEN);
	lb_add(&lb, &e);
	expect_only(&lb, "ext-overlap", FAMFS_SEV_ERROR);
	lb_free(&lb);
}
END_TEST

START_TEST(test_check_file_and_ns)
{
	char path[] = "/tmp/famfs-check-XXXXXX";
	struct famfs_error err = { 0 };
	struct famfs_ns *ns = NULL;
	struct logbuild lb;
	struct found s = { 0 };
	int fd = mkstemp(path);

	ck_assert_int_ge(fd, 0);
	close(fd);
	lb_init(&lb, LOG_LEN);
	lb_mkdir(&lb, "d");
	lb_file(&lb, "d/f", 3 * MiB, DATA);
	lb_write_image(&lb, path, DEV_SIZE);
	ck_assert_int_eq(famfs_check(path, collect, &s, &rep, &ns, &err), 0);
	ck_assert_int_eq(s.n, 0);
	ck_assert_ptr_nonnull(ns);
	ck_assert_ptr_nonnull(famfs_ns_lookup(ns, "d/f"));
	ck_assert_uint_eq(famfs_ns_lookup(ns, "d/f")->size, 3 * MiB);
	famfs_ns_free(ns);

	/* without a callback the findings are still counted */
	ck_assert_int_eq(truncate(path, 100), 0);
	ck_assert_int_eq(famfs_check(path, NULL, NULL, &rep, &ns, &err), 0);
	ck_assert_ptr_null(ns);
	ck_assert_uint_eq(rep.nerrors, 1);
	ck_assert_int_eq(rep.sb_decoded, 0);

	/* a device that cannot be opened is the only failure */
	unlink(path);
	ck_assert_int_lt(famfs_check(path, NULL, NULL, &rep, NULL, &err), 0);
	ck_assert_ptr_nonnull(strstr(err.msg, path));
	lb_free(&lb);
}
END_TEST

START_TEST(test_check_name)
{
	ck_assert_str_eq(famfs_check_name(-FAMFS_E_SB_CRC), "sb-crc");
	ck_assert_str_eq(famfs_check_name(FAMFS_E_EXT_OVERLAP), "ext-overlap");
	ck_assert_str_eq(famfs_check_name(-FAMFS_E_LOG_STALE_SLOT), "log-stale-slot");
	ck_assert_str_eq(famfs_check_name(-ENOMEM), "other");
	ck_assert_str_eq(famfs_check_name(0), "other");
	ck_assert_str_eq(famfs_check_name(-1000000), "other");
}
END_TEST

static Suite *check_suite(void)
{
	Suite *s = suite_create("check");
	TCase *tc = tcase_create("check");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_clean_report);
	tcase_add_test(tc, test_empty_and_full_log);
	tcase_add_test(tc, test_superblock_findings);
	tcase_add_test(tc, test_superblock_stops);
	tcase_add_test(tc, test_device_size_warning);
	tcase_add_test(tc, test_log_header_findings);
	tcase_add_test(tc, test_next_seqnum_and_stale_slot);
	tcase_add_test(tc, test_entry_findings);
	tcase_add_test(tc, test_extent_findings);
	tcase_add_test(tc, test_stripe_findings);
	tcase_add_test(tc, test_check_file_and_ns);
	tcase_add_test(tc, test_check_name);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return unit_run(check_suite());
}
