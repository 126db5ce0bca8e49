// SPDX-License-Identifier: LGPL-2.1-or-later
#include <check.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <uuid/uuid.h>

#include "logbuild.h"

void lb_init(struct logbuild *lb, uint64_t log_len)
{
	lb->log = calloc(1, log_len);
	ck_assert_ptr_nonnull(lb->log);
	lb->log_len = log_len;
	famfs_log_header_init(&lb->hdr, log_len);
	lb_sync_header(lb);
}

void lb_free(struct logbuild *lb)
{
	free(lb->log);
	lb->log = NULL;
}

void lb_sync_header(struct logbuild *lb)
{
	ck_assert_int_eq(famfs_log_header_encode(&lb->hdr, lb->log, lb->log_len, NULL), 0);
}

uint64_t lb_add(struct logbuild *lb, struct famfs_log_entry *e)
{
	uint64_t i = lb->hdr.next_index;

	e->seqnum = lb->hdr.next_seqnum;
	ck_assert_int_eq(famfs_log_entry_encode(e, lb->log + famfs_log_slot_offset(i),
						FAMFS_LOG_ENTRY_SIZE, NULL), 0);
	lb->hdr.next_index++;
	lb->hdr.next_seqnum++;
	lb_sync_header(lb);
	return i;
}

uint64_t lb_mkdir(struct logbuild *lb, const char *path)
{
	struct famfs_log_entry e;

	memset(&e, 0, sizeof(e));
	e.type = FAMFS_LOG_MKDIR;
	e.u.mkdir.mode = 040755;
	strncpy(e.u.mkdir.path, path, FAMFS_PATH_MAX - 1);
	return lb_add(lb, &e);
}

uint64_t lb_file(struct logbuild *lb, const char *path, uint64_t size, uint64_t offset)
{
	return lb_file_on(lb, path, size, 0, offset);
}

uint64_t lb_file_on(struct logbuild *lb, const char *path, uint64_t size, uint64_t dev,
		    uint64_t offset)
{
	struct famfs_log_entry e;

	memset(&e, 0, sizeof(e));
	e.type = FAMFS_LOG_FILE;
	e.u.file.size = size;
	e.u.file.mode = 0100644;
	strncpy(e.u.file.path, path, FAMFS_PATH_MAX - 1);
	e.u.file.fmap.ext_type = FAMFS_EXT_SIMPLE;
	e.u.file.fmap.count = 1;
	e.u.file.fmap.ext[0].dev_index = dev;
	e.u.file.fmap.ext[0].offset = offset;
	e.u.file.fmap.ext[0].len = (size + FAMFS_ALLOC_UNIT - 1) / FAMFS_ALLOC_UNIT *
				   FAMFS_ALLOC_UNIT;
	return lb_add(lb, &e);
}

void lb_dev_uuid(uint32_t index, uint8_t uuid[FAMFS_UUID_LEN])
{
	int i;

	for (i = 0; i < FAMFS_UUID_LEN; i++)
		uuid[i] = (uint8_t)(index * 17 + i + 1);
}

uint64_t lb_daxdev(struct logbuild *lb, uint32_t index, uint64_t size)
{
	struct famfs_log_entry e;

	memset(&e, 0, sizeof(e));
	e.type = FAMFS_LOG_ADD_DAXDEV;
	e.u.daxdev.index = index;
	e.u.daxdev.size = size;
	lb_dev_uuid(index, e.u.daxdev.uuid);
	return lb_add(lb, &e);
}

void lb_write_image(const struct logbuild *lb, const char *path, uint64_t dev_size)
{
	struct famfs_superblock sb;
	uint8_t buf[FAMFS_SB_ENCODED_SIZE];
	int fd;

	famfs_sb_init(&sb, dev_size, lb->log_len);
	ck_assert_int_eq(uuid_parse(LB_SYSTEM_UUID, sb.system_uuid), 0);
	strcpy(sb.dev_name, "test.img");
	ck_assert_int_eq(famfs_sb_encode(&sb, buf, sizeof(buf), NULL), 0);

	fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0644);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(ftruncate(fd, (off_t)dev_size), 0);
	ck_assert_int_eq(pwrite(fd, buf, sizeof(buf), 0), (ssize_t)sizeof(buf));
	ck_assert_int_eq(pwrite(fd, lb->log, lb->log_len, FAMFS_LOG_OFFSET),
			 (ssize_t)lb->log_len);
	close(fd);
}

struct famfs_writer *lb_writer_open(const char *path, unsigned int flags)
{
	struct famfs_error err = { 0 };
	struct famfs_writer *w = NULL;

	ck_assert_msg(famfs_writer_open(path, flags, &w, &err) == 0, "open: %s", err.msg);
	return w;
}
