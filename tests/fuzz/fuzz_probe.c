// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Fuzz target: the probe and the resolver, fed what a hostile device
 * holds. Input: a 64-bit little-endian device size (its low 36 bits:
 * up to 64 GiB, a sparse file), then the device's first bytes (a
 * superblock). Checked:
 *  - famfs_probe_superblock() reports only what the validated superblock
 *    says, and famfs_probe_export() writes well-formed KEY=VALUE lines,
 *    never past the buffer it is given (for any info, even one no probe
 *    made), or -ENOSPC;
 *  - the same bytes as a candidate device: famfs_sb_read() decodes what
 *    famfs_sb_decode() does, famfs_resolve_device() finds it only for its
 *    own UUIDs, and famfs_devset_locate() accepts it as a member exactly
 *    when famfs_devset_check_member() does, naming the index otherwise.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <famfs/famfs.h>

#include "fuzz.h"

#define SIZE_BYTES	8
#define SIZE_MASK	((1ULL << 36) - 1)
#define EXPORT_MAX	512
#define GUARD		0xa5

static char cand[64];		/* the candidate device: one tmpfs file, reused */
static int cand_fd = -1;

static void cand_remove(void)
{
	if (cand_fd >= 0)
		unlink(cand);
}

static void cand_open(void)
{
	const char *dir = access("/dev/shm", W_OK) ? "/tmp" : "/dev/shm";

	if (cand_fd >= 0)
		return;
	snprintf(cand, sizeof(cand), "%s/famfs-fuzz-probe-XXXXXX", dir);
	cand_fd = mkstemp(cand);
	if (cand_fd < 0)
		FUZZ_FAIL("cannot create the candidate file");
	atexit(cand_remove);
}

/* The device: its first bytes from the input, zeros after, size bytes long. */
static void cand_write(const uint8_t *p, size_t n, uint64_t size)
{
	if (ftruncate(cand_fd, 0))
		FUZZ_FAIL("ftruncate");
	if (n > size)
		n = (size_t)size;
	if (n && pwrite(cand_fd, p, n, 0) != (ssize_t)n)
		FUZZ_FAIL("pwrite");
	if (ftruncate(cand_fd, (off_t)size))
		FUZZ_FAIL("ftruncate");
}

static uint64_t le64(const uint8_t *p)
{
	uint64_t v = 0;
	int i;

	for (i = 7; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

static const char *role_text(int role)
{
	return role == FAMFS_SB_ROLE_SECONDARY ? "secondary" : "primary";
}

static void uuid_str(const uint8_t *u, char *s)
{
	sprintf(s, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
		u[0], u[1], u[2], u[3], u[4], u[5], u[6], u[7], u[8], u[9], u[10], u[11],
		u[12], u[13], u[14], u[15]);
}

/* Every length: -ENOSPC below what it needs, and no byte written past len. */
static int export_bounded(const struct famfs_probe_info *info, char *out)
{
	static char buf[EXPORT_MAX + 16];
	int full = -1;
	size_t len, k;

	for (len = 0; len <= EXPORT_MAX; len++) {
		int n;

		memset(buf, GUARD, sizeof(buf));
		n = famfs_probe_export(info, buf, len);
		for (k = len; k < sizeof(buf); k++)
			if ((unsigned char)buf[k] != GUARD)
				FUZZ_FAIL("the export wrote past its buffer");
		if (n == -ENOSPC)
			continue;
		if (n < 0 || (size_t)n >= len || buf[n] != '\0' || strlen(buf) != (size_t)n)
			FUZZ_FAIL("the export's length is not what it wrote");
		if ((size_t)n + 1 != len)
			FUZZ_FAIL("the export refused a buffer that held it");
		memcpy(out, buf, (size_t)n + 1);
		full = n;
		break;
	}
	return full;
}

/* The lines of a validated probe: exactly these keys, these values. */
static void check_export_lines(const struct famfs_probe_info *info, const char *text)
{
	char want[EXPORT_MAX], u[40], d[40];
	int n;

	uuid_str(info->uuid, u);
	uuid_str(info->dev_uuid, d);
	n = snprintf(want, sizeof(want), "TYPE=famfs\nUUID=%s\nDEV_UUID=%s\nROLE=%s\n", u, d,
		     role_text(info->role));
	if (info->dev_index >= 0)
		n += snprintf(want + n, sizeof(want) - (size_t)n, "DEV_INDEX=%d\n",
			      info->dev_index);
	snprintf(want + n, sizeof(want) - (size_t)n, "SIZE=%" PRIu64 "\n", info->size);
	if (strcmp(want, text))
		FUZZ_FAIL("the export does not say what the probe found");
}

static void check_probe(const struct famfs_superblock *sb, uint64_t dev_size)
{
	struct famfs_error err = { 0 };
	struct famfs_probe_info info;
	char text[EXPORT_MAX + 1];
	int rc;

	memset(&info, 0x5a, sizeof(info));
	rc = famfs_probe_superblock(sb, dev_size, &info, &err);
	if (rc) {
		if (rc > 0 || !err.msg[0] || memchr(err.msg, '\0', sizeof(err.msg)) == NULL)
			FUZZ_FAIL("a refused probe does not say why");
		return;
	}
	if (famfs_sb_validate_member(sb, dev_size, NULL))
		FUZZ_FAIL("a probe took a superblock that does not validate");
	if (info.role != famfs_sb_role(sb, NULL) || info.role < FAMFS_SB_ROLE_SINGLE ||
	    info.role > FAMFS_SB_ROLE_SECONDARY)
		FUZZ_FAIL("the probe's role is not the superblock's");
	if (info.dev_index != (info.role == FAMFS_SB_ROLE_SECONDARY ? -1 : 0))
		FUZZ_FAIL("the probe claims a device index it cannot know");
	if (memcmp(info.uuid, sb->uuid, FAMFS_UUID_LEN) ||
	    memcmp(info.dev_uuid, sb->dev_uuid, FAMFS_UUID_LEN) || info.size != sb->dev_size)
		FUZZ_FAIL("the probe reports what the superblock does not say");
	if (dev_size && info.size > dev_size)
		FUZZ_FAIL("the probe took a superblock larger than its device");
	if (export_bounded(&info, text) < 0)
		FUZZ_FAIL("the export of a valid probe does not fit 512 bytes");
	check_export_lines(&info, text);
}

/* Any info at all, as a caller might pass: bounded, never a crash. */
static void check_export_raw(const uint8_t *p, size_t n)
{
	struct famfs_probe_info info;
	char text[EXPORT_MAX + 1];

	memset(&info, 0, sizeof(info));
	memcpy(&info, p, n < sizeof(info) ? n : sizeof(info));
	export_bounded(&info, text);
}

static int same_sb(const struct famfs_superblock *a, const struct famfs_superblock *b)
{
	return a->magic == b->magic && a->flags == b->flags && a->dev_size == b->dev_size &&
	       a->log_offset == b->log_offset && a->log_len == b->log_len &&
	       !memcmp(a->uuid, b->uuid, FAMFS_UUID_LEN) &&
	       !memcmp(a->dev_uuid, b->dev_uuid, FAMFS_UUID_LEN);
}

/* The device's first bytes as the library reads them, or -1 when it cannot. */
static int check_read(const uint8_t *p, size_t n, uint64_t size, struct famfs_superblock *fsb)
{
	uint8_t start[FAMFS_SB_ENCODED_SIZE];
	struct famfs_superblock want;
	uint64_t got_size = 0;
	int rc, want_rc;

	memset(start, 0, sizeof(start));
	memcpy(start, p, n < sizeof(start) ? n : sizeof(start));
	if (size < sizeof(start))
		memset(start + size, 0, sizeof(start) - size);
	rc = famfs_sb_read(cand, fsb, &got_size, NULL);
	want_rc = size < FAMFS_SB_ENCODED_SIZE ? -1 :
		  famfs_sb_decode(start, sizeof(start), &want, NULL);
	if (!rc != !want_rc)
		FUZZ_FAIL("famfs_sb_read and famfs_sb_decode disagree");
	if (rc)
		return -1;
	if (!same_sb(fsb, &want))
		FUZZ_FAIL("famfs_sb_read decoded other fields than famfs_sb_decode");
	if (got_size != size)
		FUZZ_FAIL("famfs_sb_read reports another device size");
	return 0;
}

/* The candidate found by its own UUIDs only; then as member 1 of a table. */
static void check_resolve(const struct famfs_superblock *fsb, int readable, uint64_t size)
{
	const char *paths[1] = { cand };
	struct famfs_resolve_opts opts = { .paths = paths, .npaths = 1, .image_dir = NULL };
	struct famfs_error err = { 0 };
	struct famfs_superblock primary;
	struct famfs_daxdev_entry e;
	struct famfs_devset ds;
	uint8_t other[FAMFS_UUID_LEN];
	char out[256];
	int rc, want;

	if (!readable)
		return;
	rc = famfs_resolve_device(&opts, fsb->uuid, fsb->dev_uuid, out, sizeof(out), &err);
	if (rc && rc != -FAMFS_E_DEV_MISSING)
		FUZZ_FAIL("one candidate is missing or found, nothing else");
	if (!rc && strcmp(out, cand))
		FUZZ_FAIL("the resolver found a path it was not given");
	memcpy(other, fsb->dev_uuid, sizeof(other));
	other[15] ^= 1;
	if (famfs_resolve_device(&opts, fsb->uuid, other, out, sizeof(out), NULL) !=
	    -FAMFS_E_DEV_MISSING)
		FUZZ_FAIL("the resolver matched another device UUID");

	/* a primary of the same file system whose table names the candidate */
	famfs_sb_init(&primary, 64ULL << 20, 8ULL << 20);
	memcpy(primary.uuid, fsb->uuid, FAMFS_UUID_LEN);
	memset(primary.dev_uuid, 0x77, FAMFS_UUID_LEN);
	memcpy(primary.daxdev_uuid, primary.dev_uuid, FAMFS_UUID_LEN);
	primary.flags = FAMFS_SB_FLAG_PRIMARY;
	if (famfs_devset_init(&ds, &primary, NULL))
		return;
	memset(&e, 0, sizeof(e));
	e.index = 1;
	e.size = fsb->dev_size;
	memcpy(e.uuid, fsb->dev_uuid, FAMFS_UUID_LEN);
	if (famfs_devset_add(&ds, &e, 0, NULL))
		return;
	memset(&err, 0, sizeof(err));
	rc = famfs_devset_locate(&ds, 1, "(primary)", &opts, out, sizeof(out), &err);
	want = famfs_resolve_device(&opts, ds.fs_uuid, e.uuid, out, sizeof(out), NULL) ? 1 :
	       famfs_devset_check_member(&ds, 1, fsb, size, NULL);
	if (!rc != !want)
		FUZZ_FAIL("locate and check_member disagree about the candidate");
	if (rc && !strstr(err.msg, "device 1"))
		FUZZ_FAIL("a member's error does not name its index");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct famfs_superblock sb, fsb;
	struct fuzz_cost cost;
	const uint8_t *dev;
	uint64_t dev_size;
	size_t n;
	int readable;

	if (size < SIZE_BYTES)
		return 0;
	cand_open();
	fuzz_cost_begin(&cost);
	dev_size = le64(data) & SIZE_MASK;
	dev = data + SIZE_BYTES;
	n = size - SIZE_BYTES;
	check_export_raw(dev, n);
	if (!famfs_sb_decode(dev, n, &sb, NULL))
		check_probe(&sb, dev_size);
	cand_write(dev, n, dev_size);
	readable = !check_read(dev, n, dev_size, &fsb);
	if (readable)
		check_probe(&fsb, dev_size);
	check_resolve(&fsb, readable, dev_size);
	fuzz_cost_check(&cost, size);
	return 0;
}
