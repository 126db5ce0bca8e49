/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Test helper: build a famfs log (and a whole image) in memory with the
 * library's encoders, entry by entry.
 */
#ifndef FAMFS_TEST_LOGBUILD_H
#define FAMFS_TEST_LOGBUILD_H

#include <stdint.h>

#include <famfs/format.h>
#include <famfs/writer.h>

/*
 * The system UUID lb_write_image() records; tests that open images for
 * writing set $FAMFS_SYSTEM_UUID to it so this host is their master.
 */
#define LB_SYSTEM_UUID "5f0e6c3a-1b2d-4c8e-9f10-112233445566"

struct logbuild {
	uint8_t *log;
	uint64_t log_len;
	struct famfs_log_header hdr;
};

void lb_init(struct logbuild *lb, uint64_t log_len);
void lb_free(struct logbuild *lb);
/* Append an entry with the next seqnum; returns its slot index. */
uint64_t lb_add(struct logbuild *lb, struct famfs_log_entry *e);
uint64_t lb_mkdir(struct logbuild *lb, const char *path);
/* A file of size bytes in one simple extent at offset. */
uint64_t lb_file(struct logbuild *lb, const char *path, uint64_t size, uint64_t offset);
/* The same on device index dev of a multi-device file system. */
uint64_t lb_file_on(struct logbuild *lb, const char *path, uint64_t size, uint64_t dev,
		    uint64_t offset);
/* An ADD_DAXDEV entry for device index, size bytes, UUID lb_dev_uuid(index). */
uint64_t lb_daxdev(struct logbuild *lb, uint32_t index, uint64_t size);
void lb_dev_uuid(uint32_t index, uint8_t uuid[FAMFS_UUID_LEN]);
/* Re-encode the header after changes to lb->hdr. */
void lb_sync_header(struct logbuild *lb);
/* Write a superblock for dev_size and this log to a new image file. */
void lb_write_image(const struct logbuild *lb, const char *path, uint64_t dev_size);

/* A writer on the image at path (flags FAMFS_WRITER_*); the test fails if it cannot open. */
struct famfs_writer *lb_writer_open(const char *path, unsigned int flags);

#endif
