// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Writes the seed corpus of every fuzz target from valid structures made
 * with the library's own encoders:  make_seeds DIR
 * (DIR/superblock, DIR/log_header, DIR/log_entry, DIR/check, DIR/layout,
 * DIR/devset, DIR/probe).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <famfs/famfs.h>

#define MiB (1ULL << 20)

static const char *top;

static void save(const char *target, const char *name, const void *buf, size_t len)
{
	char path[4096];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", top, target);
	if (mkdir(path, 0755) && errno != EEXIST)
		exit(1);
	snprintf(path, sizeof(path), "%s/%s/%s", top, target, name);
	f = fopen(path, "wb");
	if (!f || fwrite(buf, 1, len, f) != len || fclose(f)) {
		fprintf(stderr, "make_seeds: cannot write %s\n", path);
		exit(1);
	}
}

static void superblock(struct famfs_superblock *sb, uint64_t dev_size, uint64_t log_len)
{
	famfs_sb_init(sb, dev_size, log_len);
	memset(sb->uuid, 0x11, sizeof(sb->uuid));
	memset(sb->system_uuid, 0x22, sizeof(sb->system_uuid));
	strcpy(sb->dev_name, "/dev/dax0.0");
}

static void entries(struct famfs_log_entry *e, int n)
{
	memset(e, 0, (size_t)n * sizeof(*e));
	e[0].type = FAMFS_LOG_MKDIR;
	e[0].u.mkdir.mode = 040755;
	strcpy(e[0].u.mkdir.path, "dir");
	e[1].type = FAMFS_LOG_FILE;
	e[1].seqnum = 1;
	e[1].u.file.size = 5 * MiB;
	e[1].u.file.mode = 0100644;
	strcpy(e[1].u.file.path, "dir/simple");
	e[1].u.file.fmap.count = 2;
	e[1].u.file.fmap.ext[0] = (struct famfs_extent){ 0, 10 * MiB, 4 * MiB };
	e[1].u.file.fmap.ext[1] = (struct famfs_extent){ 0, 16 * MiB, 2 * MiB };
	e[2].type = FAMFS_LOG_FILE;
	e[2].seqnum = 2;
	e[2].u.file.size = 7 * MiB;
	e[2].u.file.mode = 0100600;
	strcpy(e[2].u.file.path, "striped");
	e[2].u.file.fmap.ext_type = FAMFS_EXT_INTERLEAVE;
	e[2].u.file.fmap.count = 1;
	e[2].u.file.fmap.nstrips = 2;
	e[2].u.file.fmap.chunk_size = 2 * MiB;
	e[2].u.file.fmap.strips[0] = (struct famfs_extent){ 0, 20 * MiB, 4 * MiB };
	e[2].u.file.fmap.strips[1] = (struct famfs_extent){ 0, 30 * MiB, 4 * MiB };
	e[3].type = FAMFS_LOG_ADD_DAXDEV;
	e[3].seqnum = 3;
	e[3].u.daxdev.size = 1ULL << 30;
	e[3].u.daxdev.index = 1;
}

/* layout: GET_FMAP messages of a simple and a striped file, and raw fields */
static void layout_seeds(void)
{
	static const uint8_t raw[] = {
		1,			/* one segment */
		1, 4, 2, 3,		/* stride, 4 strips, 2 MiB chunks, 6 MiB strips */
		0, 1, 0, 0, 2, 0, 1, 3, 0, 0, 4, 0,	/* dev 0/0/1/0, offsets */
		0, 0, 0x40, 0, 0,	/* size 4 MiB */
		7, 0, 0, 0, 0, 0, 0, 0x20, 0, 0,
	};
	struct famfs_layout l;
	struct famfs_fmap f;
	uint8_t buf[1024];
	size_t n;

	memset(&f, 0, sizeof(f));
	f.count = 2;
	f.ext[0] = (struct famfs_extent){ 0, 10 * MiB, 4 * MiB };
	f.ext[1] = (struct famfs_extent){ 0, 20 * MiB, 2 * MiB };
	if (famfs_layout_from_fmap(&l, 5 * MiB, &f, NULL) ||
	    famfs_layout_encode(&l, FAMFS_ENC_FUSE_FMAP, 0, buf, sizeof(buf), &n, NULL))
		exit(1);
	save("layout", "seed-fuse-simple", buf, n);
	memset(&f, 0, sizeof(f));
	f.ext_type = FAMFS_EXT_INTERLEAVE;
	f.count = 1;
	f.nstrips = 3;
	f.chunk_size = 2 * MiB;
	f.strips[0] = (struct famfs_extent){ 0, 100 * MiB, 4 * MiB };
	f.strips[1] = (struct famfs_extent){ 0, 200 * MiB, 4 * MiB };
	f.strips[2] = (struct famfs_extent){ 0, 300 * MiB, 4 * MiB };
	if (famfs_layout_from_fmap(&l, 11 * MiB, &f, NULL) ||
	    famfs_layout_encode(&l, FAMFS_ENC_FUSE_FMAP, 0, buf, sizeof(buf), &n, NULL))
		exit(1);
	save("layout", "seed-fuse-stride", buf, n);
	save("layout", "seed-raw-stride", raw, sizeof(raw));
}

/* devset: a primary or secondary superblock, then ADD_DAXDEV slots */
static void devset_seeds(void)
{
	static uint8_t buf[FAMFS_SB_ENCODED_SIZE + 4 * FAMFS_LOG_ENTRY_SIZE];
	struct famfs_superblock p, s;
	struct famfs_log_entry e;
	uint8_t u[FAMFS_UUID_LEN];
	int i;

	superblock(&p, 64 * MiB, 8 * MiB);
	p.flags = FAMFS_SB_FLAG_PRIMARY;
	famfs_sb_encode(&p, buf, FAMFS_SB_ENCODED_SIZE, NULL);
	for (i = 0; i < 4; i++) {
		memset(&e, 0, sizeof(e));
		e.seqnum = (uint64_t)i;
		e.type = FAMFS_LOG_ADD_DAXDEV;
		e.u.daxdev.index = (uint32_t)(i == 3 ? 2 : i + 1);	/* the last repeats */
		e.u.daxdev.size = 16 * MiB;
		memset(e.u.daxdev.uuid, 0x40 + (i == 3 ? 1 : i), FAMFS_UUID_LEN);
		famfs_log_entry_encode(&e, buf + FAMFS_SB_ENCODED_SIZE + i * FAMFS_LOG_ENTRY_SIZE,
				       FAMFS_LOG_ENTRY_SIZE, NULL);
	}
	save("devset", "seed-primary-3", buf, FAMFS_SB_ENCODED_SIZE + 3 * FAMFS_LOG_ENTRY_SIZE);
	save("devset", "seed-primary-dup", buf, sizeof(buf));
	memset(u, 0x40, sizeof(u));
	famfs_sb_secondary_init(&s, &p, 16 * MiB, u);
	strcpy(s.dev_name, "/dev/dax1.0");
	famfs_sb_encode(&s, buf, FAMFS_SB_ENCODED_SIZE, NULL);
	save("devset", "seed-secondary", buf, FAMFS_SB_ENCODED_SIZE);
}

/* probe: a 64-bit little-endian device size, then the device's superblock */
static void probe_seed(const char *name, const struct famfs_superblock *sb, uint64_t dev_size)
{
	uint8_t buf[8 + FAMFS_SB_ENCODED_SIZE];
	int i;

	memset(buf, 0, sizeof(buf));
	for (i = 0; i < 8; i++)
		buf[i] = (uint8_t)(dev_size >> (8 * i));
	famfs_sb_encode(sb, buf + 8, FAMFS_SB_ENCODED_SIZE, NULL);
	save("probe", name, buf, sizeof(buf));
}

static void probe_seeds(void)
{
	struct famfs_superblock p, s;
	uint8_t u[FAMFS_UUID_LEN];

	superblock(&p, 1ULL << 30, 8 * MiB);
	memset(p.dev_uuid, 0x33, sizeof(p.dev_uuid));
	probe_seed("seed-single-1g", &p, 1ULL << 30);
	superblock(&p, 64 * MiB, 8 * MiB);
	memset(p.dev_uuid, 0x33, sizeof(p.dev_uuid));
	p.flags = FAMFS_SB_FLAG_PRIMARY;
	probe_seed("seed-primary-64m", &p, 64 * MiB);
	memset(u, 0x44, sizeof(u));
	famfs_sb_secondary_init(&s, &p, 16 * MiB, u);
	strcpy(s.dev_name, "/dev/dax1.0");
	probe_seed("seed-secondary-16m", &s, 16 * MiB);
	/* recorded larger than the device it is on */
	probe_seed("seed-secondary-short", &s, 8 * MiB);
}

int main(int argc, char **argv)
{
	struct famfs_superblock sb;
	struct famfs_log_header hdr;
	struct famfs_log_entry e[4];
	uint8_t buf[1 + FAMFS_SB_ENCODED_SIZE + FAMFS_LOG_HEADER_SIZE + 4 * FAMFS_LOG_ENTRY_SIZE];
	uint8_t *p;
	char name[32];
	int i;

	if (argc != 2 || (mkdir(argv[1], 0755) && errno != EEXIST)) {
		fprintf(stderr, "usage: make_seeds DIR\n");
		return 2;
	}
	top = argv[1];
	probe_seeds();

	/* superblocks: the byte after it gives the device size in 16 MiB units */
	superblock(&sb, 1ULL << 30, 8 * MiB);
	memset(buf, 0, sizeof(buf));
	famfs_sb_encode(&sb, buf, FAMFS_SB_ENCODED_SIZE, NULL);
	buf[FAMFS_SB_ENCODED_SIZE] = 64;
	save("superblock", "seed-1g", buf, FAMFS_SB_ENCODED_SIZE + 8);
	superblock(&sb, 64 * MiB, 16 * MiB);
	famfs_sb_encode(&sb, buf, FAMFS_SB_ENCODED_SIZE, NULL);
	buf[FAMFS_SB_ENCODED_SIZE] = 4;
	save("superblock", "seed-64m-log16m", buf, FAMFS_SB_ENCODED_SIZE + 8);

	/* log headers: empty, and in use */
	famfs_log_header_init(&hdr, 8 * MiB);
	famfs_log_header_encode(&hdr, buf, FAMFS_LOG_HEADER_SIZE, NULL);
	save("log_header", "seed-empty", buf, FAMFS_LOG_HEADER_SIZE);
	hdr.next_index = 3;
	hdr.next_seqnum = 3;
	famfs_log_header_encode(&hdr, buf, FAMFS_LOG_HEADER_SIZE, NULL);
	save("log_header", "seed-3", buf, FAMFS_LOG_HEADER_SIZE);

	/* one entry of each kind */
	entries(e, 4);
	for (i = 0; i < 4; i++) {
		famfs_log_entry_encode(&e[i], buf, FAMFS_LOG_ENTRY_SIZE, NULL);
		snprintf(name, sizeof(name), "seed-%d", i);
		save("log_entry", name, buf, FAMFS_LOG_ENTRY_SIZE);
	}

	/* check: flags, superblock, header, two entries (a 12 MiB device has one free unit) */
	memset(buf, 0, sizeof(buf));
	buf[0] = 7;
	superblock(&sb, 12 * MiB, 8 * MiB);
	p = buf + 1;
	famfs_sb_encode(&sb, p, FAMFS_SB_ENCODED_SIZE, NULL);
	p += FAMFS_SB_ENCODED_SIZE;
	famfs_log_header_init(&hdr, 8 * MiB);
	hdr.next_index = 2;
	hdr.next_seqnum = 2;
	famfs_log_header_encode(&hdr, p, FAMFS_LOG_HEADER_SIZE, NULL);
	p += FAMFS_LOG_HEADER_SIZE;
	e[1].u.file.size = 1 * MiB;
	e[1].u.file.fmap.count = 1;
	e[1].u.file.fmap.ext[0] = (struct famfs_extent){ 0, 10 * MiB, 2 * MiB };
	for (i = 0; i < 2; i++, p += FAMFS_LOG_ENTRY_SIZE)
		famfs_log_entry_encode(&e[i], p, FAMFS_LOG_ENTRY_SIZE, NULL);
	save("check", "seed-2-entries", buf, (size_t)(p - buf));
	save("check", "seed-empty", buf, 1 + FAMFS_SB_ENCODED_SIZE + FAMFS_LOG_HEADER_SIZE);
	/* the same two entries in a log whose header claims every slot live */
	hdr.next_index = famfs_log_slots(8 * MiB);
	famfs_log_header_encode(&hdr, buf + 1 + FAMFS_SB_ENCODED_SIZE, FAMFS_LOG_HEADER_SIZE, NULL);
	save("check", "seed-all-live", buf, (size_t)(p - buf));
	layout_seeds();
	devset_seeds();
	return 0;
}
