// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Writing undo files. Records are written in order as the rewrite finds
 * the ranges it changes; nothing is flushed until the seal, which flushes
 * the records, then stores the count and the sealed state in the header
 * and flushes that. The rewrite writes the device only after the seal.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <famfs/undo.h>

#include "format/crc.h"
#include "util/le.h"
#include "write/undo_internal.h"

struct famfs_undo {
	int fd;
	char *path;
	uint8_t hdr[FAMFS_UNDO_HEADER_SIZE];
	uint64_t log_start, log_end;	/* device offsets of the log */
	uint64_t pos;			/* where the next record goes */
	uint64_t next_offset;		/* records come in device order */
	uint64_t count, bytes;
	int sealed;
};

uint64_t undo_header_crc(const uint8_t *hdr)
{
	return famfs_crc32(hdr, UNDO_OFF_CRC);
}

uint64_t undo_record_crc(const uint8_t *hdr, const uint8_t *rec)
{
	/* seeded with the identity of the header: a record moved in from another file fails */
	uLong c = crc32(0L, Z_NULL, 0);

	c = crc32(c, hdr + UNDO_OFF_FS_UUID, UNDO_OFF_COUNT - UNDO_OFF_FS_UUID);
	return crc32(c, rec, UNDO_REC_OFF_CRC);
}

uint64_t undo_crc(const void *buf, uint64_t len)
{
	uLong c = crc32(0L, Z_NULL, 0);
	const uint8_t *p = buf;

	while (len) {
		uInt n = len > (1U << 30) ? (1U << 30) : (uInt)len;

		c = crc32(c, p, n);
		p += n;
		len -= n;
	}
	return c;
}

static int write_all(struct famfs_undo *u, const void *buf, size_t len, uint64_t off,
		     struct famfs_error *err)
{
	const uint8_t *p = buf;

	while (len) {
		ssize_t n = pwrite(u->fd, p, len, (off_t)off);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return famfs_error_set(err, n < 0 ? -errno : -EIO,
					       "%s: cannot write the undo file: %s", u->path,
					       n < 0 ? strerror(errno) : "short write");
		p += n;
		len -= (size_t)n;
		off += (uint64_t)n;
	}
	return 0;
}

static int sync_file(struct famfs_undo *u, struct famfs_error *err)
{
	if (fsync(u->fd))
		return famfs_error_set(err, -errno, "%s: cannot flush the undo file: %s",
				       u->path, strerror(errno));
	return 0;
}

/* Flush the directory too, so that the file's name survives a crash. */
static int sync_dir(const char *path, struct famfs_error *err)
{
	char *dir = strdup(path);
	char *slash;
	int fd, rc = 0;

	if (!dir)
		return famfs_error_set(err, -ENOMEM, "out of memory");
	slash = strrchr(dir, '/');
	if (!slash)
		strcpy(dir, ".");
	else if (slash == dir)
		dir[1] = '\0';
	else
		*slash = '\0';
	fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0 || fsync(fd))
		rc = famfs_error_set(err, -errno, "%s: cannot flush the directory: %s",
				     dir, strerror(errno));
	if (fd >= 0)
		close(fd);
	free(dir);
	return rc;
}

static void encode_header(struct famfs_undo *u)
{
	put_le64(u->hdr + UNDO_OFF_COUNT, u->count);
	put_le64(u->hdr + UNDO_OFF_BYTES, u->bytes);
	put_le32(u->hdr + UNDO_OFF_STATE, u->sealed ? UNDO_STATE_SEALED : UNDO_STATE_OPEN);
	put_le64(u->hdr + UNDO_OFF_CRC, undo_header_crc(u->hdr));
}

int famfs_undo_open(const char *path, const struct famfs_superblock *sb, uint64_t dev_size,
		    struct famfs_undo **up, struct famfs_error *err)
{
	struct famfs_undo *u;
	int rc;

	*up = NULL;
	if (__builtin_add_overflow(sb->log_offset, sb->log_len, &(uint64_t){ 0 }))
		return famfs_error_set(err, -EINVAL, "log region overflows");
	u = calloc(1, sizeof(*u));
	if (!u)
		return famfs_error_set(err, -ENOMEM, "out of memory");
	u->path = strdup(path);
	if (!u->path) {
		free(u);
		return famfs_error_set(err, -ENOMEM, "out of memory");
	}
	u->fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (u->fd < 0) {
		rc = famfs_error_set(err, -errno, "%s: cannot create the undo file: %s%s", path,
				     strerror(errno), errno == EEXIST ?
				     " (it may be the only way back from an earlier change: "
				     "move it away or name another file)" : "");
		free(u->path);
		free(u);
		return rc;
	}
	put_le64(u->hdr + UNDO_OFF_MAGIC, UNDO_MAGIC);
	put_le32(u->hdr + UNDO_OFF_VERSION, UNDO_VERSION);
	put_le32(u->hdr + UNDO_OFF_HSIZE, FAMFS_UNDO_HEADER_SIZE);
	memcpy(u->hdr + UNDO_OFF_FS_UUID, sb->uuid, FAMFS_UUID_LEN);
	memcpy(u->hdr + UNDO_OFF_DEV_UUID, sb->dev_uuid, FAMFS_UUID_LEN);
	put_le64(u->hdr + UNDO_OFF_DEV_SIZE, dev_size);
	put_le64(u->hdr + UNDO_OFF_LOG_OFFSET, sb->log_offset);
	put_le64(u->hdr + UNDO_OFF_LOG_LEN, sb->log_len);
	u->log_start = sb->log_offset;
	u->log_end = sb->log_offset + sb->log_len;
	u->next_offset = u->log_start;
	u->pos = FAMFS_UNDO_HEADER_SIZE;
	encode_header(u);
	rc = write_all(u, u->hdr, sizeof(u->hdr), 0, err);
	if (rc) {
		famfs_undo_close(u);
		return rc;
	}
	*up = u;
	return 0;
}

int famfs_undo_record(struct famfs_undo *u, uint64_t offset, const void *old,
		      const void *new_bytes, uint64_t len, struct famfs_error *err)
{
	uint8_t rec[FAMFS_UNDO_RECORD_SIZE];
	uint64_t end, pos;
	int rc;

	if (u->sealed)
		return famfs_error_set(err, -EINVAL, "%s: the undo file is sealed", u->path);
	if (!len || __builtin_add_overflow(offset, len, &end) || offset < u->next_offset ||
	    end > u->log_end || len > SIZE_MAX)
		return famfs_error_set(err, -ERANGE,
				       "%s: range 0x%llx+%llu is not in the log after the last "
				       "record", u->path, (unsigned long long)offset,
				       (unsigned long long)len);
	if (__builtin_add_overflow(u->pos, FAMFS_UNDO_RECORD_SIZE, &pos) ||
	    __builtin_add_overflow(pos, len, &pos) || __builtin_add_overflow(pos, len, &pos))
		return famfs_error_set(err, -EFBIG, "%s: undo file too large", u->path);
	put_le64(rec + UNDO_REC_OFF_OFFSET, offset);
	put_le64(rec + UNDO_REC_OFF_LEN, len);
	put_le64(rec + UNDO_REC_OFF_OLD_CRC, undo_crc(old, len));
	put_le64(rec + UNDO_REC_OFF_NEW_CRC, undo_crc(new_bytes, len));
	put_le64(rec + UNDO_REC_OFF_CRC, undo_record_crc(u->hdr, rec));
	rc = write_all(u, rec, sizeof(rec), u->pos, err);
	if (!rc)
		rc = write_all(u, old, (size_t)len, u->pos + FAMFS_UNDO_RECORD_SIZE, err);
	if (!rc)
		rc = write_all(u, new_bytes, (size_t)len, u->pos + FAMFS_UNDO_RECORD_SIZE + len,
			       err);
	if (rc)
		return rc;
	u->pos = pos;
	u->next_offset = end;
	u->count++;
	u->bytes += len;
	return 0;
}

int famfs_undo_seal(struct famfs_undo *u, struct famfs_error *err)
{
	int rc;

	if (u->sealed)
		return 0;
	/* the records first: a sealed header must never precede them on disk */
	rc = sync_file(u, err);
	if (rc)
		return rc;
	u->sealed = 1;
	encode_header(u);
	rc = write_all(u, u->hdr, sizeof(u->hdr), 0, err);
	if (!rc)
		rc = sync_file(u, err);
	if (!rc)
		rc = sync_dir(u->path, err);
	if (rc)
		u->sealed = 0;
	return rc;
}

void famfs_undo_close(struct famfs_undo *u)
{
	if (!u)
		return;
	if (u->fd >= 0)
		close(u->fd);
	free(u->path);
	free(u);
}
