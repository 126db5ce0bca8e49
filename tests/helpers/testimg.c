// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * testimg: build famfs images for the end-to-end tests, including images
 * that break the rules on purpose. The library's encoders write every
 * entry, so the images are byte-exact; the spec language lets a test say
 * exactly which rule to break.
 *
 *   testimg build [-s DEVSIZE] [-l LOGLEN] IMAGE < SPEC
 *   testimg poke IMAGE OFFSET HEXBYTES     write bytes at OFFSET
 *   testimg recrc-sb IMAGE                 recompute the superblock CRC
 *   testimg recrc-log IMAGE                recompute the log header CRC
 *   testimg recrc-entry IMAGE SLOT         recompute one entry's CRC
 *   testimg offset-of SLOT                 byte offset of a slot in the image
 *   testimg secondary PRIMARY IMAGE SIZE   a secondary superblock for PRIMARY's
 *                                          file system, new device UUID, printed
 *
 * SPEC has one line per entry, appended in order with increasing seqnums
 * ('#' starts a comment). Sizes take a k, m or g suffix.
 *   dir PATH [seq=N] [mode=OCTAL] [uid=N] [gid=N]
 *   file PATH SIZE [OFF:LEN...] [seq=N] [mode=OCTAL] [uid=N] [gid=N]
 *        (no OFF:LEN: a file without extents)
 *   stripe PATH SIZE CHUNK OFF:LEN... [seq=N]    one interleaved extent
 *   daxdev INDEX SIZE
 *   header [next_index=N|all] [next_seqnum=N] [last_index=N] [log_len=N]
 *          (fields set after all entries; the CRC is recomputed; "all"
 *          claims every slot of the log live)
 *
 * Only the superblock, the log header and the appended entries are
 * written: the rest of the image is a hole, so a spec may claim a log of
 * many GiB and the image still takes a few KiB on disk.
 *   sb [dev_size=N] [log_len=N]  (the superblock's fields; CRC recomputed)
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <uuid/uuid.h>

#include <famfs/famfs.h>

#define SYSTEM_UUID "5f0e6c3a-1b2d-4c8e-9f10-112233445566"

__attribute__((format(printf, 1, 2), noreturn))
static void die(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "testimg: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(2);
}

static uint64_t num(const char *s)
{
	char *end;
	unsigned long long v;

	errno = 0;
	v = strtoull(s, &end, 0);
	if (errno || end == s)
		die("bad number '%s'", s);
	switch (tolower((unsigned char)*end)) {
	case 'k': v <<= 10; end++; break;
	case 'm': v <<= 20; end++; break;
	case 'g': v <<= 30; end++; break;
	default: break;
	}
	if (*end)
		die("bad number '%s'", s);
	return v;
}

struct image {
	uint64_t dev_size, log_len;
	uint8_t *log;		/* the first log_used bytes of the log */
	uint64_t log_used, log_cap;
	struct famfs_log_header hdr;
	struct famfs_superblock sb;
	int have_sb_len;
};

/* "key=value" words after the fixed ones: seq= and mode= for entries. */
static void entry_options(char **w, int n, struct famfs_log_entry *e, uint32_t *mode)
{
	int i;

	for (i = 0; i < n; i++) {
		if (!strncmp(w[i], "seq=", 4))
			e->seqnum = num(w[i] + 4);
		else if (!strncmp(w[i], "mode=", 5))
			*mode = (uint32_t)strtoul(w[i] + 5, NULL, 8);
		else if (!strncmp(w[i], "uid=", 4) && e->type == FAMFS_LOG_FILE)
			e->u.file.uid = (uint32_t)num(w[i] + 4);
		else if (!strncmp(w[i], "gid=", 4) && e->type == FAMFS_LOG_FILE)
			e->u.file.gid = (uint32_t)num(w[i] + 4);
		else if (!strncmp(w[i], "uid=", 4))
			e->u.mkdir.uid = (uint32_t)num(w[i] + 4);
		else if (!strncmp(w[i], "gid=", 4))
			e->u.mkdir.gid = (uint32_t)num(w[i] + 4);
		else
			die("unknown option '%s'", w[i]);
	}
}

static void parse_extent(const char *s, struct famfs_extent *x)
{
	char buf[64], *colon;

	snprintf(buf, sizeof(buf), "%s", s);
	colon = strchr(buf, ':');
	if (!colon)
		die("extent '%s' is not OFF:LEN", s);
	*colon = '\0';
	x->dev_index = 0;
	x->offset = num(buf);
	x->len = num(colon + 1);
}

/* Count the OFF:LEN words at the start of w. */
static int count_extents(char **w, int n)
{
	int i = 0;

	while (i < n && strchr(w[i], ':'))
		i++;
	return i;
}

/* Grow the in-memory log to hold its first len bytes, zeroed. */
static void log_reserve(struct image *img, uint64_t len)
{
	uint64_t cap = img->log_cap ? img->log_cap : 65536;
	uint8_t *p;

	if (len <= img->log_cap)
		return;
	while (cap < len)
		cap *= 2;
	p = realloc(img->log, cap);
	if (!p)
		die("%s", "out of memory");
	memset(p + img->log_cap, 0, cap - img->log_cap);
	img->log = p;
	img->log_cap = cap;
}

static void append(struct image *img, struct famfs_log_entry *e, int explicit_seq)
{
	struct famfs_error err = { 0 };
	uint64_t slot = img->hdr.next_index, end = famfs_log_slot_offset(slot + 1);

	if (famfs_log_slots(img->log_len) <= slot)
		die("%s", "log full");
	log_reserve(img, end);
	img->log_used = end;
	if (!explicit_seq)
		e->seqnum = img->hdr.next_seqnum;
	if (famfs_log_entry_encode(e, img->log + famfs_log_slot_offset(slot),
				   FAMFS_LOG_ENTRY_SIZE, &err))
		die("cannot encode: %s", err.msg);
	img->hdr.next_index++;
	img->hdr.next_seqnum = e->seqnum + 1;
}

static void set_path(char *dst, const char *src)
{
	if (strlen(src) >= FAMFS_PATH_MAX)
		die("path '%s' too long for the helper (poke it instead)", src);
	strcpy(dst, src);
}

static void spec_entry(struct image *img, char **w, int n)
{
	struct famfs_log_entry e;
	int nx, seq = 0, i;
	uint32_t mode = 0;

	memset(&e, 0, sizeof(e));
	for (i = 1; i < n; i++)
		if (!strncmp(w[i], "seq=", 4))
			seq = 1;
	if (!strcmp(w[0], "dir") && n >= 2) {
		e.type = FAMFS_LOG_MKDIR;
		set_path(e.u.mkdir.path, w[1]);
		mode = 040755;
		entry_options(w + 2, n - 2, &e, &mode);
		e.u.mkdir.mode = mode;
	} else if (!strcmp(w[0], "file") && n >= 3) {
		e.type = FAMFS_LOG_FILE;
		set_path(e.u.file.path, w[1]);
		e.u.file.size = num(w[2]);
		nx = count_extents(w + 3, n - 3);
		if (nx > FAMFS_MAX_EXTENTS)
			die("%s", "too many extents for the encoder");
		e.u.file.fmap.ext_type = FAMFS_EXT_SIMPLE;
		e.u.file.fmap.count = (uint32_t)nx;
		for (i = 0; i < nx; i++)
			parse_extent(w[3 + i], &e.u.file.fmap.ext[i]);
		mode = 0100644;
		entry_options(w + 3 + nx, n - 3 - nx, &e, &mode);
		e.u.file.mode = mode;
	} else if (!strcmp(w[0], "stripe") && n >= 5) {
		e.type = FAMFS_LOG_FILE;
		set_path(e.u.file.path, w[1]);
		e.u.file.size = num(w[2]);
		e.u.file.fmap.ext_type = FAMFS_EXT_INTERLEAVE;
		e.u.file.fmap.count = 1;
		e.u.file.fmap.chunk_size = num(w[3]);
		nx = count_extents(w + 4, n - 4);
		if (nx > FAMFS_MAX_STRIPS)
			die("%s", "too many strips for the encoder");
		e.u.file.fmap.nstrips = (uint64_t)nx;
		for (i = 0; i < nx; i++)
			parse_extent(w[4 + i], &e.u.file.fmap.strips[i]);
		mode = 0100644;
		entry_options(w + 4 + nx, n - 4 - nx, &e, &mode);
		e.u.file.mode = mode;
	} else if (!strcmp(w[0], "daxdev") && n == 3) {
		e.type = FAMFS_LOG_ADD_DAXDEV;
		e.u.daxdev.index = (uint32_t)num(w[1]);
		e.u.daxdev.size = num(w[2]);
	} else {
		die("bad spec line starting '%s'", w[0]);
	}
	append(img, &e, seq);
}

static void spec_fields(struct image *img, char **w, int n)
{
	int i;

	for (i = 1; i < n; i++) {
		char *eq = strchr(w[i], '=');
		uint64_t v;

		if (!eq)
			die("bad field '%s'", w[i]);
		*eq = '\0';
		v = strcmp(eq + 1, "all") ? num(eq + 1) : famfs_log_slots(img->log_len);
		if (!strcmp(w[0], "header") && !strcmp(w[i], "next_index"))
			img->hdr.next_index = v;
		else if (!strcmp(w[0], "header") && !strcmp(w[i], "next_seqnum"))
			img->hdr.next_seqnum = v;
		else if (!strcmp(w[0], "header") && !strcmp(w[i], "last_index"))
			img->hdr.last_index = v;
		else if (!strcmp(w[0], "header") && !strcmp(w[i], "log_len"))
			img->hdr.log_len = v;
		else if (!strcmp(w[0], "sb") && !strcmp(w[i], "dev_size"))
			img->sb.dev_size = v;
		else if (!strcmp(w[0], "sb") && !strcmp(w[i], "log_len"))
			img->sb.log_len = v, img->have_sb_len = 1;
		else
			die("unknown field '%s'", w[i]);
	}
}

static void read_spec(struct image *img, FILE *in)
{
	char line[1024];

	while (fgets(line, sizeof(line), in)) {
		char *w[64], *p = strchr(line, '#');
		int n = 0;

		if (p)
			*p = '\0';
		for (p = strtok(line, " \t\n"); p && n < 64; p = strtok(NULL, " \t\n"))
			w[n++] = p;
		if (!n)
			continue;
		if (!strcmp(w[0], "header") || !strcmp(w[0], "sb"))
			spec_fields(img, w, n);
		else
			spec_entry(img, w, n);
	}
}

static void write_image(struct image *img, const char *path)
{
	struct famfs_error err = { 0 };
	uint8_t sbbuf[FAMFS_SB_ENCODED_SIZE], hbuf[FAMFS_LOG_HEADER_SIZE];
	uint64_t size = img->dev_size;
	int fd;

	/* the whole log is there even when the device is too small for it */
	if (size < FAMFS_LOG_OFFSET + img->log_len)
		size = FAMFS_LOG_OFFSET + img->log_len;
	img->hdr.crc = famfs_log_header_crc(&img->hdr);
	if (famfs_log_header_encode(&img->hdr, hbuf, sizeof(hbuf), &err) ||
	    famfs_sb_encode(&img->sb, sbbuf, sizeof(sbbuf), &err))
		die("cannot encode: %s", err.msg);
	memcpy(img->log, hbuf, sizeof(hbuf));
	fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0644);
	if (fd < 0 || ftruncate(fd, (off_t)size) ||
	    pwrite(fd, sbbuf, sizeof(sbbuf), 0) != (ssize_t)sizeof(sbbuf) ||
	    pwrite(fd, img->log, img->log_used, FAMFS_LOG_OFFSET) != (ssize_t)img->log_used ||
	    close(fd))
		die("cannot write %s", path);
}

static int cmd_build(int argc, char **argv)
{
	struct image img = { .dev_size = 1ULL << 30, .log_len = FAMFS_LOG_LEN_DEFAULT };
	int c;

	while ((c = getopt(argc, argv, "s:l:")) != -1) {
		if (c == 's')
			img.dev_size = num(optarg);
		else if (c == 'l')
			img.log_len = num(optarg);
		else
			return 2;
	}
	if (optind != argc - 1)
		die("%s", "usage: testimg build [-s SIZE] [-l LOGLEN] IMAGE < SPEC");
	if (img.log_len < FAMFS_LOG_HEADER_SIZE)
		die("%s", "the log is too short for its header");
	log_reserve(&img, FAMFS_LOG_HEADER_SIZE);
	img.log_used = FAMFS_LOG_HEADER_SIZE;
	famfs_log_header_init(&img.hdr, img.log_len);
	famfs_sb_init(&img.sb, img.dev_size, img.log_len);
	img.sb.flags = FAMFS_SB_FLAG_PRIMARY;
	uuid_generate(img.sb.uuid);
	uuid_generate(img.sb.dev_uuid);
	if (uuid_parse(SYSTEM_UUID, img.sb.system_uuid))
		die("%s", "bad built-in UUID");
	strcpy(img.sb.dev_name, "testimg");
	read_spec(&img, stdin);
	write_image(&img, argv[optind]);
	free(img.log);
	return 0;
}

/* Read len bytes at off of an image, or write them back. */
static void image_io(const char *path, void *buf, size_t len, uint64_t off, int write)
{
	int fd = open(path, write ? O_RDWR : O_RDONLY);
	ssize_t n;

	if (fd < 0)
		die("cannot open %s", path);
	n = write ? pwrite(fd, buf, len, (off_t)off) : pread(fd, buf, len, (off_t)off);
	if (n != (ssize_t)len)
		die("short I/O on %s", path);
	close(fd);
}

static int cmd_poke(const char *path, const char *off, const char *hex)
{
	uint8_t buf[4096];
	size_t n = 0;

	if (strlen(hex) % 2 || strlen(hex) / 2 > sizeof(buf))
		die("bad hex '%s'", hex);
	for (; hex[2 * n]; n++) {
		unsigned int b;

		if (sscanf(hex + 2 * n, "%2x", &b) != 1)
			die("bad hex '%s'", hex);
		buf[n] = (uint8_t)b;
	}
	image_io(path, buf, n, num(off), 1);
	return 0;
}

/* Recompute a CRC in place: the superblock, log header or one entry. */
static int cmd_recrc(const char *what, const char *path, const char *slot)
{
	uint8_t buf[FAMFS_LOG_ENTRY_SIZE];
	uint64_t off, crc, i;
	size_t len, at;

	if (!strcmp(what, "recrc-sb")) {
		off = 0, len = FAMFS_SB_ENCODED_SIZE, at = 96;
	} else if (!strcmp(what, "recrc-log")) {
		off = FAMFS_LOG_OFFSET, len = FAMFS_LOG_HEADER_SIZE, at = 24;
	} else {
		off = FAMFS_LOG_OFFSET + famfs_log_slot_offset(num(slot));
		len = FAMFS_LOG_ENTRY_SIZE, at = 536;
	}
	image_io(path, buf, len, off, 0);
	if (!strcmp(what, "recrc-sb")) {
		crc = famfs_sb_crc(buf, len);
	} else if (!strcmp(what, "recrc-log")) {
		struct famfs_log_header h;

		famfs_log_header_decode(buf, len, &h, NULL);
		crc = famfs_log_header_crc(&h);
	} else {
		crc = famfs_log_entry_crc(buf, len);
	}
	for (i = 0; i < 8; i++)
		buf[at + i] = (uint8_t)(crc >> (8 * i));
	image_io(path, buf + at, 8, off + at, 1);
	return 0;
}

/* A new image holding only a secondary superblock of PRIMARY's file system. */
static int cmd_secondary(const char *primary, const char *path, const char *size)
{
	uint8_t buf[FAMFS_SB_ENCODED_SIZE], u[FAMFS_UUID_LEN];
	struct famfs_superblock p, s;
	char str[40];
	int fd;

	image_io(primary, buf, sizeof(buf), 0, 0);
	if (famfs_sb_decode(buf, sizeof(buf), &p, NULL))
		die("cannot decode the superblock of %s", primary);
	uuid_generate(u);
	famfs_sb_secondary_init(&s, &p, num(size), u);
	snprintf(s.dev_name, sizeof(s.dev_name), "%s", "testimg-secondary");
	if (famfs_sb_encode(&s, buf, sizeof(buf), NULL))
		die("%s", "cannot encode the secondary superblock");
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0 || ftruncate(fd, (off_t)num(size)) || close(fd))
		die("cannot create %s", path);
	image_io(path, buf, sizeof(buf), 0, 1);
	uuid_unparse_lower(u, str);
	printf("%s\n", str);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 5 && !strcmp(argv[1], "secondary"))
		return cmd_secondary(argv[2], argv[3], argv[4]);
	if (argc >= 2 && !strcmp(argv[1], "build"))
		return cmd_build(argc - 1, argv + 1);
	if (argc == 5 && !strcmp(argv[1], "poke"))
		return cmd_poke(argv[2], argv[3], argv[4]);
	if (argc == 3 && (!strcmp(argv[1], "recrc-sb") || !strcmp(argv[1], "recrc-log")))
		return cmd_recrc(argv[1], argv[2], NULL);
	if (argc == 4 && !strcmp(argv[1], "recrc-entry"))
		return cmd_recrc(argv[1], argv[2], argv[3]);
	if (argc == 3 && !strcmp(argv[1], "offset-of")) {
		printf("%" PRIu64 "\n", (uint64_t)(FAMFS_LOG_OFFSET + famfs_log_slot_offset(num(argv[2]))));
		return 0;
	}
	fprintf(stderr, "usage: testimg build|poke|recrc-sb|recrc-log|recrc-entry|offset-of|secondary ...\n");
	return 2;
}
