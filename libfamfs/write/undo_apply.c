// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Applying an undo file. The file and the device are both untrusted: the
 * header must name this very file system and device, the sizes must add
 * up to the file's real size, every record must lie in the device's log
 * (as its own superblock says) in increasing order, and every CRC must
 * match, all checked in a first pass that writes nothing. Each byte of
 * the ranges must then hold either the rewrite's byte or already the old
 * one: anything else means the device changed since, and nothing is
 * written. Memory: one record's bytes at a time (twice), never more than
 * the log or what the file holds.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <famfs/device.h>
#include <famfs/undo.h>

#include "util/le.h"
#include "write/undo_internal.h"

struct applier {
	const char *upath;
	int fd;
	uint64_t fsize;
	uint8_t hdr[FAMFS_UNDO_HEADER_SIZE];
	uint64_t count;
	struct famfs_dev *dev;
	struct famfs_superblock sb;
	uint8_t *log;			/* mapping of the device's log */
	uint8_t *buf, *nbuf;		/* one record's old and new bytes */
	uint64_t cap;			/* bytes each holds */
};

static int read_at(struct applier *a, void *buf, uint64_t len, uint64_t off,
		   struct famfs_error *err)
{
	uint8_t *p = buf;

	while (len) {
		ssize_t n = pread(a->fd, p, len, (off_t)off);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return famfs_error_set(err, -errno, "%s: cannot read: %s", a->upath,
					       strerror(errno));
		if (n == 0)
			return famfs_error_set(err, -EBADMSG,
					       "%s: ends early (torn or truncated undo file)",
					       a->upath);
		p += n;
		len -= (uint64_t)n;
		off += (uint64_t)n;
	}
	return 0;
}

static int read_header(struct applier *a, struct famfs_error *err)
{
	uint64_t bytes, need;
	struct stat st;
	int rc;

	if (fstat(a->fd, &st))
		return famfs_error_set(err, -errno, "%s: %s", a->upath, strerror(errno));
	if (!S_ISREG(st.st_mode))
		return famfs_error_set(err, -EINVAL, "%s: not a regular file", a->upath);
	a->fsize = (uint64_t)st.st_size;
	if (a->fsize < FAMFS_UNDO_HEADER_SIZE)
		return famfs_error_set(err, -EBADMSG, "%s: too short for a famfs undo file",
				       a->upath);
	rc = read_at(a, a->hdr, sizeof(a->hdr), 0, err);
	if (rc)
		return rc;
	if (get_le64(a->hdr + UNDO_OFF_MAGIC) != UNDO_MAGIC)
		return famfs_error_set(err, -EBADMSG, "%s: not a famfs undo file", a->upath);
	if (get_le64(a->hdr + UNDO_OFF_CRC) != undo_header_crc(a->hdr))
		return famfs_error_set(err, -EBADMSG,
				       "%s: header CRC mismatch (torn or altered undo file)",
				       a->upath);
	if (get_le32(a->hdr + UNDO_OFF_VERSION) != UNDO_VERSION ||
	    get_le32(a->hdr + UNDO_OFF_HSIZE) != FAMFS_UNDO_HEADER_SIZE)
		return famfs_error_set(err, -EBADMSG, "%s: undo file version %u not supported",
				       a->upath, get_le32(a->hdr + UNDO_OFF_VERSION));
	if (get_le32(a->hdr + UNDO_OFF_STATE) != UNDO_STATE_SEALED)
		return famfs_error_set(err, -ENODATA,
				       "%s: not sealed: the change it was made for stopped before "
				       "it wrote to the device, which still holds what it held; "
				       "nothing to undo", a->upath);
	a->count = get_le64(a->hdr + UNDO_OFF_COUNT);
	bytes = get_le64(a->hdr + UNDO_OFF_BYTES);
	if (__builtin_mul_overflow(a->count, (uint64_t)FAMFS_UNDO_RECORD_SIZE, &need) ||
	    __builtin_add_overflow(need, bytes, &need) ||
	    __builtin_add_overflow(need, bytes, &need) ||
	    __builtin_add_overflow(need, (uint64_t)FAMFS_UNDO_HEADER_SIZE, &need) ||
	    need != a->fsize)
		return famfs_error_set(err, -EBADMSG,
				       "%s: is %llu bytes, its header accounts for %llu records "
				       "of %llu bytes: torn or altered", a->upath,
				       (unsigned long long)a->fsize, (unsigned long long)a->count,
				       (unsigned long long)bytes);
	return 0;
}

/* The device must hold the file system the undo file was made for. */
static int open_device(struct applier *a, const char *dev_path, unsigned int flags,
		       struct famfs_error *err)
{
	const int dry = !!(flags & FAMFS_UNDO_DRY_RUN);
	uint64_t size;
	void *sbmap;
	char where[256];
	int rc;

	rc = famfs_dev_open(dev_path, dry ? 0 : FAMFS_DEV_WRITE | FAMFS_DEV_LOCK, &a->dev, err);
	if (rc)
		return rc;
	rc = famfs_dev_is_mounted(a->dev, where, sizeof(where), err);
	if (rc < 0)
		return rc;
	if (rc)
		return famfs_error_set(err, -EBUSY, "%s is mounted on %s: unmount it first",
				       dev_path, where);
	size = famfs_dev_size(a->dev);
	if (size < FAMFS_SB_REGION)
		return famfs_error_set(err, -EXDEV, "%s: too small to hold a famfs", dev_path);
	rc = famfs_dev_map(a->dev, 0, FAMFS_SB_ENCODED_SIZE, &sbmap, err);
	if (rc)
		return rc;
	rc = famfs_sb_decode(sbmap, FAMFS_SB_ENCODED_SIZE, &a->sb, err);
	famfs_dev_unmap(a->dev, sbmap, FAMFS_SB_ENCODED_SIZE);
	if (!rc)
		rc = famfs_sb_validate(&a->sb, size, err);
	if (rc) {
		char why[FAMFS_ERROR_MSG_MAX];

		snprintf(why, sizeof(why), "%s", err ? err->msg : famfs_strerror(rc));
		return famfs_error_set(err, -EXDEV, "%s: no valid famfs superblock (%s): not the "
				       "device %s was made for", dev_path, why, a->upath);
	}
	if (memcmp(a->sb.uuid, a->hdr + UNDO_OFF_FS_UUID, FAMFS_UUID_LEN) ||
	    memcmp(a->sb.dev_uuid, a->hdr + UNDO_OFF_DEV_UUID, FAMFS_UUID_LEN))
		return famfs_error_set(err, -EXDEV, "%s was made for another file system or "
				       "device than %s (UUIDs differ)", a->upath, dev_path);
	if (get_le64(a->hdr + UNDO_OFF_DEV_SIZE) != size ||
	    get_le64(a->hdr + UNDO_OFF_LOG_OFFSET) != a->sb.log_offset ||
	    get_le64(a->hdr + UNDO_OFF_LOG_LEN) != a->sb.log_len)
		return famfs_error_set(err, -EXDEV, "%s: device size or log geometry differs from "
				       "%s's (%llu bytes, log 0x%llx+%llu)", a->upath, dev_path,
				       (unsigned long long)size,
				       (unsigned long long)a->sb.log_offset,
				       (unsigned long long)a->sb.log_len);
	rc = famfs_dev_map(a->dev, a->sb.log_offset, a->sb.log_len, (void **)&a->log, err);
	if (rc)
		return rc;
	return 0;
}

struct record {
	uint64_t offset, len, old_crc, new_crc;
};

/*
 * Read and check record number i at *pos (advanced past it), its old
 * bytes into a->buf. prev_end: where the previous record ended.
 */
static int read_record(struct applier *a, uint64_t i, uint64_t *pos, uint64_t prev_end,
		       struct record *r, struct famfs_error *err)
{
	uint8_t rec[FAMFS_UNDO_RECORD_SIZE];
	uint64_t log_end = a->sb.log_offset + a->sb.log_len, end;
	int rc;

	if (a->fsize - *pos < FAMFS_UNDO_RECORD_SIZE)
		return famfs_error_set(err, -EBADMSG, "%s: record %llu is cut off", a->upath,
				       (unsigned long long)i);
	rc = read_at(a, rec, sizeof(rec), *pos, err);
	if (rc)
		return rc;
	if (get_le64(rec + UNDO_REC_OFF_CRC) != undo_record_crc(a->hdr, rec))
		return famfs_error_set(err, -EBADMSG, "%s: record %llu: CRC mismatch (torn, "
				       "altered, or from another undo file)", a->upath,
				       (unsigned long long)i);
	r->offset = get_le64(rec + UNDO_REC_OFF_OFFSET);
	r->len = get_le64(rec + UNDO_REC_OFF_LEN);
	r->old_crc = get_le64(rec + UNDO_REC_OFF_OLD_CRC);
	r->new_crc = get_le64(rec + UNDO_REC_OFF_NEW_CRC);
	if (!r->len || __builtin_add_overflow(r->offset, r->len, &end) ||
	    r->offset < a->sb.log_offset || end > log_end)
		return famfs_error_set(err, -ERANGE, "%s: record %llu: 0x%llx+%llu is outside the "
				       "log (0x%llx+%llu): refusing to write there", a->upath,
				       (unsigned long long)i, (unsigned long long)r->offset,
				       (unsigned long long)r->len,
				       (unsigned long long)a->sb.log_offset,
				       (unsigned long long)a->sb.log_len);
	if (r->offset < prev_end)
		return famfs_error_set(err, -ERANGE, "%s: record %llu at 0x%llx overlaps or "
				       "precedes the one before", a->upath, (unsigned long long)i,
				       (unsigned long long)r->offset);
	*pos += FAMFS_UNDO_RECORD_SIZE;
	if ((a->fsize - *pos) / 2 < r->len)
		return famfs_error_set(err, -EBADMSG, "%s: record %llu is cut off", a->upath,
				       (unsigned long long)i);
	/* bounded by the log (checked above) and by what the file holds */
	if (r->len > a->cap) {
		free(a->buf);
		free(a->nbuf);
		a->buf = malloc(r->len);
		a->nbuf = malloc(r->len);
		a->cap = a->buf && a->nbuf ? r->len : 0;
		if (!a->cap)
			return famfs_error_set(err, -ENOMEM, "out of memory for a %llu-byte record",
					       (unsigned long long)r->len);
	}
	rc = read_at(a, a->buf, r->len, *pos, err);
	if (!rc)
		rc = read_at(a, a->nbuf, r->len, *pos + r->len, err);
	if (rc)
		return rc;
	*pos += 2 * r->len;
	if (undo_crc(a->buf, r->len) != r->old_crc || undo_crc(a->nbuf, r->len) != r->new_crc)
		return famfs_error_set(err, -EBADMSG, "%s: record %llu: its bytes do not match "
				       "their CRC (altered undo file)", a->upath,
				       (unsigned long long)i);
	return 0;
}

/*
 * What the device holds in a range: 0 all old bytes, 1 each byte old or
 * new (the rewrite wrote it, or part of it when a crash tore the write),
 * -1 some byte neither (changed since).
 */
static int compare(const uint8_t *dev, const uint8_t *old, const uint8_t *nw, uint64_t len)
{
	uint64_t i;
	int written = 0;

	if (!memcmp(dev, old, len))
		return 0;
	for (i = 0; i < len; i++) {
		if (dev[i] == old[i])
			continue;
		if (dev[i] != nw[i])
			return -1;
		written = 1;
	}
	return written;
}

/* Pass 1: check every record and what the device holds there. */
static int check_all(struct applier *a, struct famfs_undo_result *res, struct famfs_error *err)
{
	uint64_t pos = FAMFS_UNDO_HEADER_SIZE, prev_end = 0, i;
	struct record r;
	int rc;

	for (i = 0; i < a->count; i++) {

		rc = read_record(a, i, &pos, prev_end, &r, err);
		if (rc)
			return rc;
		prev_end = r.offset + r.len;
		switch (compare(a->log + (r.offset - a->sb.log_offset), a->buf, a->nbuf, r.len)) {
		case 0:
			res->unchanged++;
			break;
		case 1:
			res->restored++;
			break;
		default:
			return famfs_error_set(err, -ESTALE,
					       "%s: 0x%llx+%llu holds bytes that are neither what "
					       "%s saved nor what the change wrote: the device "
					       "changed since; nothing written",
					       famfs_dev_path(a->dev), (unsigned long long)r.offset,
					       (unsigned long long)r.len, a->upath);
		}
		res->records++;
		res->bytes += r.len;
	}
	if (pos != a->fsize)
		return famfs_error_set(err, -EBADMSG, "%s: bytes after the last record", a->upath);
	return 0;
}

/* Pass 2: write the old bytes back, re-checked as they are read again. */
static int restore_all(struct applier *a, struct famfs_error *err)
{
	uint64_t pos = FAMFS_UNDO_HEADER_SIZE, prev_end = 0, i;
	struct record r;
	int rc;

	for (i = 0; i < a->count; i++) {
		uint8_t *dst;

		rc = read_record(a, i, &pos, prev_end, &r, err);
		if (rc)
			return rc;
		prev_end = r.offset + r.len;
		dst = a->log + (r.offset - a->sb.log_offset);
		if (!memcmp(dst, a->buf, r.len))
			continue;
		memcpy(dst, a->buf, r.len);
		rc = famfs_dev_flush(a->dev, dst, r.len, err);
		if (rc)
			return rc;
	}
	return 0;
}

int famfs_undo_apply(const char *undo_path, const char *dev_path, unsigned int flags,
		     struct famfs_undo_result *res, struct famfs_error *err)
{
	struct applier a = { .upath = undo_path, .fd = -1 };
	struct famfs_undo_result local;
	int rc;

	if (!res)
		res = &local;
	memset(res, 0, sizeof(*res));
	a.fd = open(undo_path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (a.fd < 0)
		return famfs_error_set(err, -errno, "%s: %s", undo_path, strerror(errno));
	rc = read_header(&a, err);
	if (!rc)
		rc = open_device(&a, dev_path, flags, err);
	if (!rc)
		rc = check_all(&a, res, err);
	if (!rc && !(flags & FAMFS_UNDO_DRY_RUN))
		rc = restore_all(&a, err);
	free(a.buf);
	free(a.nbuf);
	if (a.log)
		famfs_dev_unmap(a.dev, a.log, a.sb.log_len);
	famfs_dev_close(a.dev);
	close(a.fd);
	return rc;
}
