// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Batched appends: many new files made live with one data sync, one flush
 * of their slots and one header update, instead of a sync and two flushes
 * each. The order is the one a single append keeps, applied to the whole
 * batch: data durable, then the slots (past next_index, so ignored by
 * replay), then next_index moved over all of them at once. A crash before
 * that last store leaves every file of the batch absent; after it, all
 * complete.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dev/dev_internal.h"
#include "util/error_internal.h"
#include "fs/fs_internal.h"
#include "write/writer_internal.h"

#define BATCH_DEFAULT_ENTRIES	8192
#define BATCH_DEFAULT_BYTES	(1ULL << 30)

int writer_batching(const struct famfs_writer *w)
{
	return w->batch.active && !(w->flags & FAMFS_WRITER_DRY_RUN);
}

int famfs_writer_batch_begin(struct famfs_writer *w, uint64_t max_entries, uint64_t max_bytes,
			     struct famfs_error *err)
{
	int rc = writer_usable(w, err);

	if (rc)
		return rc;
	if (w->batch.active)
		return famfs_error_set(err, -EBUSY, "a batch is already open on this writer");
	w->batch.active = 1;
	w->batch.max_entries = max_entries ? max_entries : BATCH_DEFAULT_ENTRIES;
	w->batch.max_bytes = max_bytes ? max_bytes : BATCH_DEFAULT_BYTES;
	return 0;
}

int writer_batch_add(struct famfs_writer *w, const uint8_t *slot, struct famfs_error *err)
{
	struct writer_batch *b = &w->batch;

	if (b->n == b->cap) {
		/* bounded by the free slots of the log, which the caller checked */
		uint64_t cap = b->cap ? b->cap * 2 : 64;
		size_t size;
		uint8_t *p;

		if (__builtin_mul_overflow(cap, (size_t)FAMFS_LOG_ENTRY_SIZE, &size))
			return famfs_error_set(err, -ENOMEM, "out of memory for the batch");
		p = realloc(b->slots, size);
		if (!p)
			return famfs_error_set(err, -ENOMEM, "out of memory for the batch");
		b->slots = p;
		b->cap = cap;
	}
	memcpy(b->slots + b->n * FAMFS_LOG_ENTRY_SIZE, slot, FAMFS_LOG_ENTRY_SIZE);
	b->n++;
	return 0;
}

int writer_batch_data(struct famfs_writer *w, uint64_t bytes, struct famfs_error *err)
{
	struct writer_batch *b = &w->batch;

	if (!writer_batching(w))
		return 0;
	b->bytes = b->bytes > UINT64_MAX - bytes ? UINT64_MAX : b->bytes + bytes;
	if (b->n >= b->max_entries || b->bytes >= b->max_bytes)
		return writer_batch_flush(w, err);
	return 0;
}

int writer_batch_flush(struct famfs_writer *w, struct famfs_error *err)
{
	struct writer_batch *b = &w->batch;
	int rc;

	if (!writer_batching(w))
		return 0;
	if (!b->n) {
		b->bytes = 0;
		return 0;
	}
	/* the namespace already holds the batch: any failure from here leaves it stale */
	rc = writer_usable(w, err);
	if (rc)
		return rc;
	if (b->data_unsynced) {
		rc = writer_sync_devs(w, b->data_unsynced, err);
		if (rc)
			goto broken;
	}
	writer_crash_point("synced");
	rc = writer_write_slots(w, b->slots, w->fs->hdr.next_index, b->n, err);
	if (rc)
		goto broken;
	b->n = 0;
	b->bytes = 0;
	b->data_unsynced = 0;
	return 0;
broken:
	w->broken = 1;
	return rc;
}

int famfs_writer_batch_commit(struct famfs_writer *w, struct famfs_error *err)
{
	int rc;

	if (!w->batch.active)
		return famfs_error_set(err, -EINVAL, "no batch is open on this writer");
	rc = writer_batch_flush(w, err);
	w->batch.active = 0;
	return rc;
}

uint64_t famfs_writer_batch_pending(const struct famfs_writer *w)
{
	return writer_batching(w) ? w->batch.n : 0;
}
