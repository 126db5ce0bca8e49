// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * famfs log entry: a 544-byte slot holding a seqnum, a type, a 520-byte
 * body (file, mkdir or add_daxdev) and a CRC over everything before it.
 */
#include <string.h>

#include <famfs/format.h>

#include "format/crc.h"
#include "format/fmap.h"
#include "util/le.h"

#define LE_OFF_SEQNUM		0
#define LE_OFF_TYPE		8
#define LE_OFF_BODY		16
#define LE_OFF_CRC		536	/* covers bytes 0..535, padding included */

#define FILE_OFF_SIZE		0
#define FILE_OFF_FLAGS		8
#define FILE_OFF_UID		12
#define FILE_OFF_GID		16
#define FILE_OFF_MODE		20
#define FILE_OFF_PATH		24
#define FILE_OFF_FMAP		104

#define MKDIR_OFF_UID		0
#define MKDIR_OFF_GID		4
#define MKDIR_OFF_MODE		8
#define MKDIR_OFF_PATH		12

#define DAXDEV_OFF_SIZE		0
#define DAXDEV_OFF_UUID		8
#define DAXDEV_OFF_INDEX	24

uint64_t famfs_log_entry_crc(const void *buf, size_t len)
{
	if (len < FAMFS_LOG_ENTRY_SIZE)
		return 0;
	return famfs_crc32(buf, LE_OFF_CRC);
}

/*
 * Fuzzing builds trace every compare for coverage; this loop's compares
 * teach the fuzzer nothing and took most of its time (fsck scans every
 * unused slot).
 */
#if defined(__clang__) && __clang_major__ >= 13
#define NO_COVERAGE __attribute__((no_sanitize("coverage")))
#else
#define NO_COVERAGE
#endif

NO_COVERAGE int famfs_log_slot_is_zero(const void *buf, size_t len)
{
	const uint8_t *p = buf;
	uint64_t acc = 0, w;
	size_t i = 0;

	if (len > FAMFS_LOG_ENTRY_SIZE)
		len = FAMFS_LOG_ENTRY_SIZE;
	/* a word at a time: fsck runs this over every unused slot */
	for (; i + sizeof(w) <= len; i += sizeof(w)) {
		memcpy(&w, p + i, sizeof(w));
		acc |= w;
	}
	for (; i < len; i++)
		acc |= p[i];
	return acc == 0;
}

/* A path field must hold a NUL within its 80 bytes. */
static int path_terminated(const char *path)
{
	return memchr(path, '\0', FAMFS_PATH_MAX) != NULL;
}

static int path_error(struct famfs_error *err)
{
	return famfs_error_set(err, -FAMFS_E_ENTRY_PATH,
			       "path has no NUL within %d bytes", FAMFS_PATH_MAX);
}

int famfs_log_entry_encode(const struct famfs_log_entry *e, void *buf,
			   size_t len, struct famfs_error *err)
{
	uint8_t *p = buf;
	uint8_t *body = p + LE_OFF_BODY;
	int rc;

	if (len < FAMFS_LOG_ENTRY_SIZE)
		return famfs_error_set(err, -FAMFS_E_SHORT_BUFFER,
				       "log entry needs %d bytes, have %zu",
				       FAMFS_LOG_ENTRY_SIZE, len);

	switch (e->type) {
	case FAMFS_LOG_FILE:
		if (!path_terminated(e->u.file.path))
			return path_error(err);
		rc = fmap_check_limits(&e->u.file.fmap, err);
		if (rc)
			return rc;
		break;
	case FAMFS_LOG_MKDIR:
		if (!path_terminated(e->u.mkdir.path))
			return path_error(err);
		break;
	case FAMFS_LOG_ADD_DAXDEV:
		break;
	default:
		return famfs_error_set(err, -FAMFS_E_ENTRY_TYPE,
				       "log entry type %u cannot be written", e->type);
	}

	memset(p, 0, FAMFS_LOG_ENTRY_SIZE);
	put_le64(p + LE_OFF_SEQNUM, e->seqnum);
	put_le32(p + LE_OFF_TYPE, e->type);

	switch (e->type) {
	case FAMFS_LOG_FILE:
		put_le64(body + FILE_OFF_SIZE, e->u.file.size);
		put_le32(body + FILE_OFF_FLAGS, e->u.file.flags);
		put_le32(body + FILE_OFF_UID, e->u.file.uid);
		put_le32(body + FILE_OFF_GID, e->u.file.gid);
		put_le32(body + FILE_OFF_MODE, e->u.file.mode);
		memcpy(body + FILE_OFF_PATH, e->u.file.path,
		       strlen(e->u.file.path));
		fmap_encode(&e->u.file.fmap, body + FILE_OFF_FMAP);
		break;
	case FAMFS_LOG_MKDIR:
		put_le32(body + MKDIR_OFF_UID, e->u.mkdir.uid);
		put_le32(body + MKDIR_OFF_GID, e->u.mkdir.gid);
		put_le32(body + MKDIR_OFF_MODE, e->u.mkdir.mode);
		memcpy(body + MKDIR_OFF_PATH, e->u.mkdir.path,
		       strlen(e->u.mkdir.path));
		break;
	case FAMFS_LOG_ADD_DAXDEV:
		put_le64(body + DAXDEV_OFF_SIZE, e->u.daxdev.size);
		memcpy(body + DAXDEV_OFF_UUID, e->u.daxdev.uuid, FAMFS_UUID_LEN);
		put_le32(body + DAXDEV_OFF_INDEX, e->u.daxdev.index);
		break;
	}
	put_le64(p + LE_OFF_CRC, famfs_log_entry_crc(p, len));
	return 0;
}

/*
 * Copy a path field: the bytes up to its NUL, zeros after. Bytes past the
 * NUL mean nothing (the reference writer zeroes them), and keeping them
 * would make two equal entries decode differently (found by fuzzing).
 */
static void copy_path(char *dst, const uint8_t *src)
{
	const uint8_t *nul = memchr(src, '\0', FAMFS_PATH_MAX);
	size_t n = nul ? (size_t)(nul - src) : FAMFS_PATH_MAX;

	memset(dst, 0, FAMFS_PATH_MAX);
	memcpy(dst, src, n);
}

static int decode_file(const uint8_t *body, struct famfs_file_entry *f,
		       struct famfs_error *err)
{
	f->size = get_le64(body + FILE_OFF_SIZE);
	f->flags = get_le32(body + FILE_OFF_FLAGS);
	f->uid = get_le32(body + FILE_OFF_UID);
	f->gid = get_le32(body + FILE_OFF_GID);
	f->mode = get_le32(body + FILE_OFF_MODE);
	copy_path(f->path, body + FILE_OFF_PATH);
	if (!path_terminated(f->path))
		return path_error(err);
	return fmap_decode(body + FILE_OFF_FMAP, &f->fmap, err);
}

static int decode_mkdir(const uint8_t *body, struct famfs_mkdir_entry *d,
			struct famfs_error *err)
{
	d->uid = get_le32(body + MKDIR_OFF_UID);
	d->gid = get_le32(body + MKDIR_OFF_GID);
	d->mode = get_le32(body + MKDIR_OFF_MODE);
	copy_path(d->path, body + MKDIR_OFF_PATH);
	if (!path_terminated(d->path))
		return path_error(err);
	return 0;
}

static void decode_daxdev(const uint8_t *body, struct famfs_daxdev_entry *d)
{
	d->size = get_le64(body + DAXDEV_OFF_SIZE);
	memcpy(d->uuid, body + DAXDEV_OFF_UUID, FAMFS_UUID_LEN);
	d->index = get_le32(body + DAXDEV_OFF_INDEX);
}

int famfs_log_entry_decode(const void *buf, size_t len,
			   struct famfs_log_entry *e, struct famfs_error *err)
{
	const uint8_t *p = buf;
	const uint8_t *body = p + LE_OFF_BODY;
	uint64_t crc;

	if (len < FAMFS_LOG_ENTRY_SIZE)
		return famfs_error_set(err, -FAMFS_E_SHORT_BUFFER,
				       "log entry needs %d bytes, have %zu",
				       FAMFS_LOG_ENTRY_SIZE, len);

	memset(e, 0, sizeof(*e));
	e->seqnum = get_le64(p + LE_OFF_SEQNUM);
	e->type = get_le32(p + LE_OFF_TYPE);
	e->crc = get_le64(p + LE_OFF_CRC);
	crc = famfs_log_entry_crc(p, len);
	if (e->crc != crc)
		return famfs_error_set(err, -FAMFS_E_ENTRY_CRC,
				       "entry CRC 0x%llx, computed 0x%llx",
				       (unsigned long long)e->crc,
				       (unsigned long long)crc);

	switch (e->type) {
	case FAMFS_LOG_FILE:
		return decode_file(body, &e->u.file, err);
	case FAMFS_LOG_MKDIR:
		return decode_mkdir(body, &e->u.mkdir, err);
	case FAMFS_LOG_ADD_DAXDEV:
		decode_daxdev(body, &e->u.daxdev);
		return 0;
	default:
		return famfs_error_set(err, -FAMFS_E_ENTRY_TYPE,
				       "log entry type %u is unknown", e->type);
	}
}
