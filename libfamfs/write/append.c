// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Appending a log entry so that a crash at any instant leaves a log that
 * replays: the slot is written and flushed while next_index still
 * excludes it (a crash there leaves an ignored, non-zero slot, which the
 * next append overwrites), and only then is the header advanced and
 * flushed. The header stores next_seqnum before next_index, so the entry
 * goes live with one aligned 8-byte store, after its seqnum is accounted.
 * An entry's seqnum is its slot index, as hosts' replay requires.
 */
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "util/error_internal.h"
#include "fs/fs_internal.h"
#include "write/writer_internal.h"

/* The N of FAMFS_CRASH_AT=POINT:N when it names where, else 0. */
static unsigned long crash_count(const char *where)
{
	const char *at = getenv("FAMFS_CRASH_AT");
	size_t len = strlen(where);

	if (!at || strncmp(at, where, len))
		return 0;
	if (!at[len])
		return 1;
	return at[len] == ':' ? strtoul(at + len + 1, NULL, 10) : 0;
}

int writer_crash_wanted(const char *where)
{
	return crash_count(where) != 0;
}

void writer_crash_point(const char *where)
{
	static unsigned long hits;	/* a test names one point per process */
	unsigned long n = crash_count(where);

	if (n && ++hits >= n)
		raise(SIGKILL);
}

int writer_log_full(const struct famfs_writer *w, struct famfs_error *err)
{
	const struct famfs_log_header *hdr = famfs_fs_log_header(w->fs);

	return famfs_error_set(err, -FAMFS_E_LOG_FULL,
			       "%s: log full: %llu of %llu slots used; make the file system "
			       "again with a larger --loglen",
			       famfs_dev_path(famfs_fs_dev(w->fs)),
			       (unsigned long long)(hdr->next_index + w->batch.n),
			       (unsigned long long)(hdr->last_index + 1));
}

static const char *entry_path(const struct famfs_log_entry *e)
{
	return e->type == FAMFS_LOG_FILE ? e->u.file.path : e->u.mkdir.path;
}

/*
 * Write n encoded slots, flush them, then make them live through the
 * header: one update however many slots, so a crash leaves all or none.
 */
int writer_write_slots(struct famfs_writer *w, const uint8_t *bytes, uint64_t index,
		       uint64_t n, struct famfs_error *err)
{
	struct famfs_fs *fs = w->fs;
	struct famfs_dev *dev = famfs_fs_dev(fs);
	uint8_t *log = famfs_fs_log_mut(fs);
	uint8_t *slot = log + famfs_log_slot_offset(index);
	struct famfs_log_header hdr = fs->hdr;
	size_t len;
	int rc;

	/* n never exceeds the free slots, so this only guards a bug */
	if (!n || __builtin_mul_overflow(n, (size_t)FAMFS_LOG_ENTRY_SIZE, &len))
		return famfs_error_set(err, -EINVAL, "%llu log slots cannot be written",
				       (unsigned long long)n);
	if (writer_crash_wanted("slot-torn")) {
		/* the last slot is half written, as when power fails mid-write */
		memcpy(slot, bytes, len - FAMFS_LOG_ENTRY_SIZE / 2);
		famfs_dev_flush(dev, slot, len, NULL);
		writer_crash_point("slot-torn");
	}
	memcpy(slot, bytes, len);
	rc = famfs_dev_flush(dev, slot, len, err);
	if (!rc)
		rc = fs_log_vanished(fs, err);
	if (rc)
		return rc;
	writer_crash_point("slot");

	hdr.next_index = index + n;
	hdr.next_seqnum = index + n;	/* seqnum = slot index (check_replay.c) */
	rc = famfs_log_header_encode(&hdr, log, FAMFS_LOG_HEADER_SIZE, err);
	if (rc)
		return rc;
	rc = famfs_dev_flush(dev, log, FAMFS_LOG_HEADER_SIZE, err);
	if (!rc)
		rc = fs_log_vanished(fs, err);
	if (rc)
		return rc;
	fs->hdr = hdr;
	writer_crash_point("header");
	return 0;
}

int famfs_writer_append(struct famfs_writer *w, struct famfs_log_entry *e,
			uint64_t *index, struct famfs_error *err)
{
	struct famfs_log_header *hdr = &w->fs->hdr;
	const int queue = writer_batching(w);
	uint8_t slot[FAMFS_LOG_ENTRY_SIZE];
	uint64_t pending = queue ? w->batch.n : 0;
	uint64_t i = hdr->next_index + pending;
	int rc;

	rc = writer_usable(w, err);
	if (rc)
		return rc;
	if (e->type != FAMFS_LOG_FILE && e->type != FAMFS_LOG_MKDIR)
		return famfs_error_set(err, -FAMFS_E_ENTRY_TYPE,
				       "only file and directory entries can be appended");
	if (!famfs_writer_free_slots(w))
		return writer_log_full(w, err);
	if (!memchr(entry_path(e), '\0', FAMFS_PATH_MAX))
		return famfs_error_set(err, -FAMFS_E_ENTRY_PATH,
				       "path is longer than %d bytes", FAMFS_PATH_MAX - 1);
	rc = famfs_ns_can_add(w->ns, entry_path(e), err);
	if (rc)
		return rc;
	/*
	 * Hosts' replay (the reference famfs) stops at an entry whose seqnum
	 * is not its slot index: give it that, whatever next_seqnum says (it
	 * can be ahead, after a torn append or another writer). The check
	 * refused the log unless next_seqnum is above every live seqnum, and
	 * those equal their slots, so index + 1 keeps it so.
	 */
	e->seqnum = i;
	rc = famfs_log_entry_encode(e, slot, sizeof(slot), err);
	if (rc)
		return rc;
	if (queue) {
		rc = writer_batch_add(w, slot, err);
		if (rc)
			return rc;
	} else if (w->flags & FAMFS_WRITER_DRY_RUN) {
		hdr->next_index++;
		hdr->next_seqnum = hdr->next_index;
	} else {
		rc = writer_write_slots(w, slot, i, 1, err);
		if (rc) {
			w->broken = 1;
			return rc;
		}
	}
	rc = famfs_ns_add(w->ns, e, i, err);
	if (rc) {
		w->broken = 1;
		return rc;
	}
	if (index)
		*index = i;
	return queue ? writer_batch_data(w, 0, err) : 0;
}
