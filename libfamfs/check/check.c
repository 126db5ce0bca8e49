// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The offline checker: superblock, log header and log entries. Unlike
 * famfs_fs_open(), which stops at the first problem, this goes on past
 * every problem it can survive, so one run names all of them. It stops
 * only where going on would mean trusting a field it has found wrong
 * (no magic, unknown version, a log it cannot locate).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>

#include <famfs/check.h>
#include <famfs/device.h>

#include "dev/bus_guard.h"
#include "check/check_internal.h"
#include "dev/dev_internal.h"
#include "fs/ns_internal.h"

static const char *const check_names[FAMFS_E_LAST - FAMFS_E_FIRST] = {
	[FAMFS_E_SB_MAGIC - FAMFS_E_FIRST] = "sb-magic",
	[FAMFS_E_SB_KILLED - FAMFS_E_FIRST] = "sb-killed",
	[FAMFS_E_SB_VERSION - FAMFS_E_FIRST] = "sb-version",
	[FAMFS_E_SB_OMF_MAJOR - FAMFS_E_FIRST] = "sb-omf-major",
	[FAMFS_E_SB_OMF_MINOR - FAMFS_E_FIRST] = "sb-omf-minor",
	[FAMFS_E_SB_CRC - FAMFS_E_FIRST] = "sb-crc",
	[FAMFS_E_SB_LOG_OFFSET - FAMFS_E_FIRST] = "sb-log-offset",
	[FAMFS_E_SB_LOG_LEN - FAMFS_E_FIRST] = "sb-log-len",
	[FAMFS_E_SB_ALLOC_UNIT - FAMFS_E_FIRST] = "sb-alloc-unit",
	[FAMFS_E_SB_DEVNAME - FAMFS_E_FIRST] = "sb-devname",
	[FAMFS_E_SB_DEV_SIZE - FAMFS_E_FIRST] = "sb-dev-size",
	[FAMFS_E_LOG_MAGIC - FAMFS_E_FIRST] = "log-magic",
	[FAMFS_E_LOG_CRC - FAMFS_E_FIRST] = "log-crc",
	[FAMFS_E_LOG_LEN - FAMFS_E_FIRST] = "log-len",
	[FAMFS_E_LOG_LAST_INDEX - FAMFS_E_FIRST] = "log-last-index",
	[FAMFS_E_LOG_NEXT_INDEX - FAMFS_E_FIRST] = "log-next-index",
	[FAMFS_E_LOG_NEXT_SEQNUM - FAMFS_E_FIRST] = "log-next-seqnum",
	[FAMFS_E_LOG_STALE_SLOT - FAMFS_E_FIRST] = "log-stale-slot",
	[FAMFS_E_ENTRY_CRC - FAMFS_E_FIRST] = "entry-crc",
	[FAMFS_E_ENTRY_TYPE - FAMFS_E_FIRST] = "entry-type",
	[FAMFS_E_ENTRY_PATH - FAMFS_E_FIRST] = "entry-path",
	[FAMFS_E_ENTRY_EXT_TYPE - FAMFS_E_FIRST] = "entry-ext-type",
	[FAMFS_E_ENTRY_EXT_COUNT - FAMFS_E_FIRST] = "entry-ext-count",
	[FAMFS_E_ENTRY_NSTRIPS - FAMFS_E_FIRST] = "entry-nstrips",
	[FAMFS_E_ENTRY_CHUNK - FAMFS_E_FIRST] = "entry-chunk",
	[FAMFS_E_ENTRY_SEQNUM - FAMFS_E_FIRST] = "entry-seqnum",
	[FAMFS_E_NS_NO_PARENT - FAMFS_E_FIRST] = "ns-no-parent",
	[FAMFS_E_NS_PARENT_NOT_DIR - FAMFS_E_FIRST] = "ns-parent-not-dir",
	[FAMFS_E_NS_EXISTS - FAMFS_E_FIRST] = "ns-duplicate",
	[FAMFS_E_EXT_ALIGN - FAMFS_E_FIRST] = "ext-align",
	[FAMFS_E_EXT_LEN - FAMFS_E_FIRST] = "ext-len",
	[FAMFS_E_EXT_RANGE - FAMFS_E_FIRST] = "ext-range",
	[FAMFS_E_EXT_META - FAMFS_E_FIRST] = "ext-meta",
	[FAMFS_E_EXT_OVERLAP - FAMFS_E_FIRST] = "ext-overlap",
	[FAMFS_E_EXT_SHORT - FAMFS_E_FIRST] = "ext-short",
	[FAMFS_E_EXT_DEV_INDEX - FAMFS_E_FIRST] = "ext-dev-index",
	[FAMFS_E_EXT_STRIPS - FAMFS_E_FIRST] = "ext-strips",
	[FAMFS_E_REPLAY_STOPS - FAMFS_E_FIRST] = "replay-stops",
	[FAMFS_E_REPLAY_NOT_REPLAYED - FAMFS_E_FIRST] = "replay-not-replayed",
	[FAMFS_E_REPLAY_SKIPS_FILE - FAMFS_E_FIRST] = "replay-skips-file",
	[FAMFS_E_REPLAY_NO_PARENT - FAMFS_E_FIRST] = "replay-no-parent",
	[FAMFS_E_REPLAY_EMPTY_EXTENTS - FAMFS_E_FIRST] = "replay-empty-extents",
	[FAMFS_E_REPLAY_OWNER - FAMFS_E_FIRST] = "replay-owner-ignored",
	[FAMFS_E_REPLAY_PATH_REWRITTEN - FAMFS_E_FIRST] = "replay-path-rewritten",
	[FAMFS_E_REPLAY_PATH_ESCAPES - FAMFS_E_FIRST] = "replay-path-escapes",
};

const char *famfs_check_name(int code)
{
	int c = code < 0 ? -code : code;

	if (c >= FAMFS_E_FIRST && c < FAMFS_E_LAST && check_names[c - FAMFS_E_FIRST])
		return check_names[c - FAMFS_E_FIRST];
	return "other";
}

#define ERR(c, code, ...) \
	check_report((c), (code), FAMFS_SEV_ERROR, FAMFS_CHECK_NO_INDEX, NULL, __VA_ARGS__)

/* The superblock checked is the primary's: its findings concern device 0. */
#define SB_ERR(c, code, ...) \
	check_report_dev((c), (code), FAMFS_SEV_ERROR, FAMFS_CHECK_NO_INDEX, NULL, 0, __VA_ARGS__)

static int is_pow2(uint64_t v)
{
	return v && !(v & (v - 1));
}

/*
 * Check the superblock in buf (len bytes available). Returns the log
 * length to check the log with, or 0 when the log cannot be located.
 */
static uint64_t check_superblock(struct check_ctx *c, const uint8_t *buf, size_t len)
{
	struct famfs_check_report *rep = c->rep;
	struct famfs_superblock *sb = &rep->sb;
	uint64_t devsz = rep->device_size, crc, log_len;

	if (famfs_sb_decode(buf, len, sb, NULL)) {
		SB_ERR(c, -FAMFS_E_SB_DEV_SIZE,
		       "device is %llu bytes, too small to hold a famfs superblock",
		       (unsigned long long)devsz);
		return 0;
	}
	rep->sb_decoded = 1;
	if (sb->magic == 0) {
		SB_ERR(c, -FAMFS_E_SB_KILLED,
		       "superblock magic is zero: killed by mkfs.famfs -k, or never formatted");
		return 0;
	}
	if (sb->magic != FAMFS_SB_MAGIC) {
		SB_ERR(c, -FAMFS_E_SB_MAGIC, "no famfs superblock: magic 0x%llx, expected 0x%llx",
		       (unsigned long long)sb->magic, (unsigned long long)FAMFS_SB_MAGIC);
		return 0;
	}
	/* a version or major we do not know may place things elsewhere: stop */
	if (sb->version != FAMFS_SB_VERSION) {
		SB_ERR(c, -FAMFS_E_SB_VERSION, "superblock version %llu, only %llu is supported",
		       (unsigned long long)sb->version, (unsigned long long)FAMFS_SB_VERSION);
		return 0;
	}
	if (sb->omf_major != FAMFS_OMF_MAJOR) {
		SB_ERR(c, -FAMFS_E_SB_OMF_MAJOR,
		       "on-media format %u.%u, only major %u is supported",
		       sb->omf_major, sb->omf_minor, FAMFS_OMF_MAJOR);
		return 0;
	}
	if (sb->omf_minor > FAMFS_OMF_MINOR)
		SB_ERR(c, -FAMFS_E_SB_OMF_MINOR, "on-media format %u.%u is newer than %u.%u",
		       sb->omf_major, sb->omf_minor, FAMFS_OMF_MAJOR, FAMFS_OMF_MINOR);
	crc = famfs_sb_crc(buf, len);
	if (sb->crc != crc)
		SB_ERR(c, -FAMFS_E_SB_CRC, "superblock CRC 0x%llx, computed 0x%llx",
		       (unsigned long long)sb->crc, (unsigned long long)crc);
	if (sb->alloc_unit != FAMFS_ALLOC_UNIT)
		SB_ERR(c, -FAMFS_E_SB_ALLOC_UNIT, "allocation unit %llu, expected %llu",
		       (unsigned long long)sb->alloc_unit, (unsigned long long)FAMFS_ALLOC_UNIT);
	if (strnlen(sb->dev_name, sizeof(sb->dev_name)) >= FAMFS_DEVNAME_LEN)
		SB_ERR(c, -FAMFS_E_SB_DEVNAME, "device name has no NUL within %d bytes",
		       FAMFS_DEVNAME_LEN);

	log_len = sb->log_len;
	if (sb->log_offset != FAMFS_LOG_OFFSET) {
		SB_ERR(c, -FAMFS_E_SB_LOG_OFFSET,
		       "log offset 0x%llx, expected 0x%llx; log not checked",
		       (unsigned long long)sb->log_offset, (unsigned long long)FAMFS_LOG_OFFSET);
		log_len = 0;
	}
	if (!is_pow2(sb->log_len) || sb->log_len < FAMFS_LOG_LEN_MIN) {
		SB_ERR(c, -FAMFS_E_SB_LOG_LEN,
		       "log length %llu is not a power of two of at least %llu; log not checked",
		       (unsigned long long)sb->log_len, (unsigned long long)FAMFS_LOG_LEN_MIN);
		log_len = 0;
	} else if (FAMFS_LOG_OFFSET + sb->log_len > devsz) {
		SB_ERR(c, -FAMFS_E_SB_DEV_SIZE,
		       "device is %llu bytes, too small for the %llu-byte log it records "
		       "(truncated image?); log not checked",
		       (unsigned long long)devsz, (unsigned long long)sb->log_len);
		log_len = 0;
	}

	/* mkfs rounds the size down to 2 MiB: a smaller record is expected */
	if (sb->dev_size > devsz)
		SB_ERR(c, -FAMFS_E_SB_DEV_SIZE,
		       "recorded device size %llu is larger than the device (%llu bytes)",
		       (unsigned long long)sb->dev_size, (unsigned long long)devsz);
	else if (devsz - sb->dev_size >= FAMFS_ALLOC_UNIT)
		check_report_dev(c, -FAMFS_E_SB_DEV_SIZE, FAMFS_SEV_WARNING, FAMFS_CHECK_NO_INDEX,
				 NULL, 0,
				 "recorded device size %llu leaves %llu bytes of the device unused",
				 (unsigned long long)sb->dev_size,
				 (unsigned long long)(devsz - sb->dev_size));
	if (log_len && sb->dev_size < FAMFS_LOG_OFFSET + log_len)
		SB_ERR(c, -FAMFS_E_SB_DEV_SIZE,
		       "recorded device size %llu is smaller than superblock and log",
		       (unsigned long long)sb->dev_size);

	c->meta_end = FAMFS_LOG_OFFSET + (log_len ? log_len : 0);
	c->space_end = sb->dev_size < devsz ? sb->dev_size : devsz;
	return log_len;
}

/*
 * Check the log header. Returns the number of live slots to replay, with
 * a lying next_index clamped to the log, or UINT64_MAX to stop.
 */
static uint64_t check_log_header(struct check_ctx *c, const uint8_t *log, uint64_t log_len)
{
	struct famfs_log_header *hdr = &c->rep->hdr;
	uint64_t slots = famfs_log_slots(log_len), crc;

	famfs_log_header_decode(log, FAMFS_LOG_HEADER_SIZE, hdr, NULL);
	c->rep->log_checked = 1;
	c->rep->slots = slots;
	if (hdr->magic != FAMFS_LOG_MAGIC) {
		ERR(c, -FAMFS_E_LOG_MAGIC, "no log header: magic 0x%llx, expected 0x%llx",
		    (unsigned long long)hdr->magic, (unsigned long long)FAMFS_LOG_MAGIC);
		return UINT64_MAX;
	}
	crc = famfs_log_header_crc(hdr);
	if (hdr->crc != crc)
		ERR(c, -FAMFS_E_LOG_CRC, "log header CRC 0x%llx, computed 0x%llx",
		    (unsigned long long)hdr->crc, (unsigned long long)crc);
	if (hdr->log_len != log_len)
		ERR(c, -FAMFS_E_LOG_LEN, "log header length %llu, superblock says %llu",
		    (unsigned long long)hdr->log_len, (unsigned long long)log_len);
	if (hdr->last_index != slots - 1)
		ERR(c, -FAMFS_E_LOG_LAST_INDEX,
		    "log last index %llu, a %llu-byte log has %llu slots (last index %llu)",
		    (unsigned long long)hdr->last_index, (unsigned long long)log_len,
		    (unsigned long long)slots, (unsigned long long)(slots - 1));
	if (hdr->next_index > slots) {
		ERR(c, -FAMFS_E_LOG_NEXT_INDEX,
		    "log next index %llu is past the last slot %llu; checking %llu slots",
		    (unsigned long long)hdr->next_index, (unsigned long long)(slots - 1),
		    (unsigned long long)slots);
		return slots;
	}
	return hdr->next_index;
}

/* The next append takes next_seqnum: it must be above every live entry's. */
static void check_next_seqnum(struct check_ctx *c, const struct famfs_ns *ns)
{
	uint64_t i, n = famfs_ns_count(ns), max = 0;
	const struct famfs_node *node = NULL;

	for (i = 0; i < n; i++) {
		const struct famfs_node *x = famfs_ns_node(ns, i);

		if (!node || x->seqnum > max) {
			node = x;
			max = x->seqnum;
		}
	}
	if (node && c->rep->hdr.next_seqnum <= max)
		check_report(c, -FAMFS_E_LOG_NEXT_SEQNUM, FAMFS_SEV_ERROR, node->log_index,
			     node->path, "log next seqnum %llu is not above seqnum %llu of a live entry",
			     (unsigned long long)c->rep->hdr.next_seqnum,
			     (unsigned long long)max);
}

static void progress(const struct check_ctx *c, int pass, uint64_t done, uint64_t total)
{
	if (c->progress)
		c->progress(c->progress_arg, pass, done, total);
}

/* The slot that holds log byte off (slot 0 for the header's bytes). */
static uint64_t slot_at(uint64_t off)
{
	if (off < FAMFS_LOG_HEADER_SIZE)
		return 0;
	return (off - FAMFS_LOG_HEADER_SIZE) / FAMFS_LOG_ENTRY_SIZE;
}

/*
 * What a walk over log slots does: slots that are not all zero one by
 * one, runs of zero slots (holes included) at once. visit returns 0, or a
 * negative code to stop the walk.
 */
struct slot_walk {
	struct check_ctx *c;
	const uint8_t *log;		/* a device's: mapped from a page boundary */
	uint64_t log_len;
	int (*visit)(struct slot_walk *w, const uint8_t *slot, uint64_t i);
	void (*zeros)(struct slot_walk *w, uint64_t first, uint64_t count);
	struct famfs_ns *ns;		/* replay: the namespace being built */
	struct replay_model *model;	/* replay: what hosts make of it */
	struct famfs_error zero_err;	/* replay: what decoding a zero slot says */
	int zero_code;
	int pass;			/* the progress pass this walk is */
};

/*
 * Slots [i, *data_to) may hold data; those before the first that may are
 * returned as the start of a hole run. Only image files have holes.
 */
static uint64_t next_data_slot(const struct check_ctx *c, uint64_t i, uint64_t *data_to)
{
	uint64_t start, end;

	*data_to = UINT64_MAX;
	if (!c->dev)
		return i;
	dev_data_range(c->dev, FAMFS_LOG_OFFSET + famfs_log_slot_offset(i), &start, &end);
	if (start == UINT64_MAX)
		return UINT64_MAX;
	if (end != UINT64_MAX)
		*data_to = slot_at(end - 1 - FAMFS_LOG_OFFSET) + 1;
	return slot_at(start - FAMFS_LOG_OFFSET) > i ? slot_at(start - FAMFS_LOG_OFFSET) : i;
}

/* The largest page-cache folio a read fault may map at once: PMD size on x86-64. */
#define FOLIO_MAX	(2ULL << 20)

/*
 * Fault in the log bytes [off, off + len) of a mapped device with one
 * call: one fault per page costs more than the reading. Advice only.
 */
static void window_in(const struct slot_walk *w, uint64_t off, uint64_t len)
{
#ifdef MADV_POPULATE_READ
	uint64_t lo = off - off % famfs_dev_align(w->c->dev);

	madvise((void *)(uintptr_t)(w->log + lo), off + len - lo, MADV_POPULATE_READ);
#else
	(void)w;
	(void)off;
	(void)len;
#endif
}

/*
 * Drop them from this process once read, so what stays resident is one
 * window and not the whole log. A fault maps the whole large folio around
 * it, pages before and after the window too: drop whole folios.
 */
static void window_out(const struct slot_walk *w, uint64_t off, uint64_t len)
{
	uint64_t lo = off - off % FOLIO_MAX, hi = off + len;

	hi = (hi + FOLIO_MAX - 1) / FOLIO_MAX * FOLIO_MAX;
	if (hi > w->log_len)
		hi = w->log_len;
	madvise((void *)(uintptr_t)(w->log + lo), hi - lo, MADV_DONTNEED);
}

/* Slots [i, end) of one window, all of which may hold data. */
static int walk_window(struct slot_walk *w, uint64_t i, uint64_t end)
{
	const uint64_t off = famfs_log_slot_offset(i), len = (end - i) * FAMFS_LOG_ENTRY_SIZE;
	uint64_t zrun = i;
	int rc = 0;

	if (w->c->dev)
		window_in(w, off, len);
	for (; i < end; i++) {
		const uint8_t *slot = w->log + famfs_log_slot_offset(i);

		if (famfs_log_slot_is_zero(slot, FAMFS_LOG_ENTRY_SIZE))
			continue;
		if (i > zrun)
			w->zeros(w, zrun, i - zrun);
		zrun = i + 1;
		rc = w->visit(w, slot, i);
		if (rc)
			break;
	}
	if (!rc && end > zrun)
		w->zeros(w, zrun, end - zrun);
	if (w->c->dev)
		window_out(w, off, len);
	return rc;
}

/* Walk slots [from, to) a window at a time, skipping holes. */
static int walk_slots(struct slot_walk *w, uint64_t from, uint64_t to)
{
	const uint64_t per_window = FAMFS_CHECK_WINDOW / FAMFS_LOG_ENTRY_SIZE;
	uint64_t i = from, data_to = 0, end;
	int rc;

	progress(w->c, w->pass, 0, to - from);
	while (i < to) {
		if (i >= data_to) {
			uint64_t d = next_data_slot(w->c, i, &data_to);

			if (d > i) {
				d = d < to ? d : to;
				w->zeros(w, i, d - i);
				i = d;
				if (i < to)
					progress(w->c, w->pass, i - from, to - from);
				continue;
			}
		}
		end = i + per_window < data_to ? i + per_window : data_to;
		end = end < to ? end : to;
		rc = walk_window(w, i, end);
		if (rc)
			return rc;
		i = end;
		if (i < to)
			progress(w->c, w->pass, i - from, to - from);
	}
	progress(w->c, w->pass, to - from, to - from);
	return 0;
}

/* famfs_replay_cb wants an int: go on after every problem. */
static int replay_cb(void *arg, const struct famfs_replay_problem *p)
{
	struct check_ctx *c = arg;

	check_report(c, p->code, FAMFS_SEV_ERROR, p->index, p->path, "%s", p->msg);
	return 0;
}

/* Forget the device table: only device 0 will count. */
static void devs_drop(struct check_ctx *c)
{
	free(c->devs);
	c->devs = NULL;
}

/*
 * A live slot for the table: an ADD_DAXDEV entry (e), or one that does not
 * decode (NULL), passed over as famfs_devset_from_log() does: it is
 * reported on its own, and had it added a device, the table's rules or
 * the files on that device say so.
 */
static void devs_take(struct check_ctx *c, const struct famfs_log_entry *e, uint64_t i)
{
	if (!c->devs || !e)
		return;
	if (!(c->rep->sb.flags & FAMFS_SB_FLAG_PRIMARY) ||
	    famfs_devset_add_entry(c->devs, e, i, NULL))
		devs_drop(c);
}

static int replay_visit(struct slot_walk *w, const uint8_t *slot, uint64_t i)
{
	struct famfs_error perr;
	struct famfs_log_entry e;
	const uint64_t before = famfs_ns_count(w->ns);
	int drc, rc = ns_replay_slot(w->ns, slot, i, replay_cb, w->c, &perr, &e, &drc);

	if (rc)
		return rc;
	/* a rewrite keeps every device entry: counted before the model may change e */
	if (!drc && e.type == FAMFS_LOG_ADD_DAXDEV)
		w->c->dev_entries++;
	if (drc || e.type == FAMFS_LOG_ADD_DAXDEV)
		devs_take(w->c, drc ? NULL : &e, i);
	return replay_model_slot(w->model, &e, drc, famfs_ns_count(w->ns) > before, i);
}

/* A live zero slot fails to decode like any other: the same finding, counted in bulk. */
static void replay_zeros(struct slot_walk *w, uint64_t first, uint64_t count)
{
	check_report_run(w->c, w->zero_code, FAMFS_SEV_ERROR, first, count, w->zero_err.msg);
	replay_model_zeros(w->model, first, count);
}

/* Replay the live slots [0, live) into a new namespace. */
static int replay_live(struct check_ctx *c, const uint8_t *log, uint64_t log_len, uint64_t live,
		       struct replay_model *model, struct famfs_ns **nsp)
{
	static const uint8_t zero_slot[FAMFS_LOG_ENTRY_SIZE];
	struct famfs_log_entry e;
	struct slot_walk w = {
		.c = c, .log = log, .log_len = log_len,
		.visit = replay_visit, .zeros = replay_zeros, .pass = 2, .model = model,
	};
	int rc;

	w.zero_code = famfs_log_entry_decode(zero_slot, sizeof(zero_slot), &e, &w.zero_err);
	w.ns = ns_new();
	if (!w.ns)
		return -ENOMEM;
	model->log_ns = w.ns;
	rc = walk_slots(&w, 0, live);
	if (rc) {
		famfs_ns_free(w.ns);
		return rc;
	}
	*nsp = w.ns;
	return 0;
}

/* Slots past the live ones must be zero; anything else is a torn append. */
static int stale_visit(struct slot_walk *w, const uint8_t *slot, uint64_t i)
{
	(void)slot;
	check_report(w->c, -FAMFS_E_LOG_STALE_SLOT, FAMFS_SEV_WARNING, i, NULL,
		     "unused slot %llu is not zero (an abandoned or torn append)",
		     (unsigned long long)i);
	return 0;
}

static void stale_zeros(struct slot_walk *w, uint64_t first, uint64_t count)
{
	(void)w;
	(void)first;
	(void)count;
}

static void check_unused_slots(struct check_ctx *c, const uint8_t *log, uint64_t log_len,
			       uint64_t from)
{
	struct slot_walk w = {
		.c = c, .log = log, .log_len = log_len, .visit = stale_visit, .zeros = stale_zeros,
		.pass = 3,
	};

	walk_slots(&w, from, c->rep->slots);
}

/*
 * Live slots a rewrite frees: it keeps the device entries and, of the
 * others, only the one that made each node (famfs_rewrite_select). Each
 * node and each device entry is a distinct live slot, so this never wraps.
 */
static uint64_t reclaimable(const struct check_ctx *c, const struct famfs_ns *ns, uint64_t live)
{
	uint64_t kept = c->dev_entries + famfs_ns_count(ns);

	return kept < live ? live - kept : 0;
}

/*
 * The devices extents may name: the primary's device table when the log
 * has ADD_DAXDEV entries, member i's data space ending at its recorded
 * size. Without a sound table only device 0 counts (a log of the
 * reference may hold an ADD_DAXDEV entry for device 0 itself).
 */
static void check_device_table(struct check_ctx *c)
{
	uint32_t i;

	c->ndev = 1;
	if (!c->devs)
		return;
	c->ndev = c->devs->count;
	for (i = 1; i < c->devs->count; i++) {
		c->dev_end[i] = c->devs->dev[i].size;
		memcpy(c->dev_uuid[i], c->devs->dev[i].uuid, FAMFS_UUID_LEN);
	}
	devs_drop(c);
}

/* Start the device table, for a log whose header holds (else only device 0 counts). */
static void devs_begin(struct check_ctx *c)
{
	c->devs = NULL;
	if (!c->rep->sb_decoded ||
	    famfs_log_header_validate(&c->rep->hdr, c->rep->sb.log_len, NULL))
		return;
	c->devs = malloc(sizeof(*c->devs));
	if (c->devs && famfs_devset_init(c->devs, &c->rep->sb, NULL))
		devs_drop(c);
}

static int check_log(struct check_ctx *c, const uint8_t *log, uint64_t log_len,
		     struct famfs_ns **nsp, struct famfs_ns **hostsp, struct famfs_error *err)
{
	struct famfs_ns *ns = NULL, *hosts = NULL;
	struct replay_model model;
	uint64_t live = check_log_header(c, log, log_len);
	int rc;

	if (live == UINT64_MAX) {
		c->rep->replay_stop = 0;	/* no log header: hosts replay nothing */
		return 0;
	}
	c->rep->slots_used = live;
	replay_model_init(&model, c, live, c->rep->hdr.crc == famfs_log_header_crc(&c->rep->hdr));
	devs_begin(c);
	/* replay the live slots even when the header's own fields lie */
	rc = replay_live(c, log, log_len, live, &model, &ns);
	if (!rc)
		rc = replay_model_done(&model, hostsp ? &hosts : NULL);
	if (rc) {
		replay_model_free(&model);
		famfs_ns_free(ns);
		devs_drop(c);
		return famfs_error_set(err, rc, "out of memory");
	}
	if (hostsp)
		*hostsp = hosts;
	c->rep->nfiles = famfs_ns_nfiles(ns);
	c->rep->ndirs = famfs_ns_ndirs(ns);
	c->rep->reclaimable_slots = reclaimable(c, ns, live);
	check_next_seqnum(c, ns);
	check_unused_slots(c, log, log_len, live);
	check_device_table(c);
	progress(c, 4, 0, 1);
	rc = check_extents(c, ns);
	if (rc) {
		famfs_ns_free(ns);
		if (hostsp) {
			famfs_ns_free(*hostsp);
			*hostsp = NULL;
		}
		return famfs_error_set(err, rc, "out of memory");
	}
	progress(c, 4, 1, 1);
	if (nsp)
		*nsp = ns;
	else
		famfs_ns_free(ns);
	return 0;
}

static void check_begin(struct check_ctx *c, famfs_check_cb cb, void *arg,
			struct famfs_check_report *rep, uint64_t size, struct famfs_ns **nsp,
			struct famfs_ns **hostsp)
{
	memset(rep, 0, sizeof(*rep));
	memset(c, 0, sizeof(*c));
	c->cb = cb;
	c->arg = arg;
	c->rep = rep;
	rep->device_size = size;
	rep->replay_stop = UINT64_MAX;
	if (nsp)
		*nsp = NULL;
	if (hostsp)
		*hostsp = NULL;
}

int famfs_check_buffer_replayed(const void *image, uint64_t len, famfs_check_cb cb,
				void *arg, struct famfs_check_report *rep,
				struct famfs_ns **nsp, struct famfs_ns **hostsp,
				struct famfs_error *err)
{
	struct check_ctx c;
	const uint8_t *img = image;
	uint64_t log_len;
	int rc = 0;

	check_begin(&c, cb, arg, rep, len, nsp, hostsp);
	log_len = check_superblock(&c, img, len < FAMFS_SB_REGION ? len : FAMFS_SB_REGION);
	if (log_len)
		rc = check_log(&c, img + FAMFS_LOG_OFFSET, log_len, nsp, hostsp, err);
	check_report_summaries(&c);
	return rc;
}

/* An image file shrank while mapped: say which bytes went. */
static int vanished(struct famfs_dev *dev, const struct bus_guard *g, uint64_t dev_off,
		    uint64_t len, struct famfs_error *err)
{
	struct stat st;
	unsigned long long now = stat(famfs_dev_path(dev), &st) == 0 ?
				 (unsigned long long)st.st_size : 0;

	return famfs_error_set(err, -EIO,
			       "%s: bytes [%llu, %llu) vanished while being checked: the image "
			       "is now %llu bytes (truncated while in use?)", famfs_dev_path(dev),
			       (unsigned long long)(dev_off + bus_guard_first(g)),
			       (unsigned long long)(dev_off + len), now);
}

/*
 * Map [off, off + len) and guard it if the device is an image file, which
 * another process may truncate while we read it.
 */
static int map_guarded(struct famfs_dev *dev, uint64_t off, uint64_t len, void **addrp,
		       struct bus_guard *g, struct famfs_error *err)
{
	int rc = famfs_dev_map(dev, off, len, addrp, err);

	g->active = 0;
	g->hit = 0;
	if (rc || famfs_dev_type(dev) != FAMFS_DEV_FILE)
		return rc;
	rc = bus_guard_begin(g, *addrp, len);
	if (rc) {
		famfs_dev_unmap(dev, *addrp, len);
		*addrp = NULL;
		return famfs_error_set(err, rc, "%s: too many checks at once", famfs_dev_path(dev));
	}
	return 0;
}

int famfs_check_buffer(const void *image, uint64_t len, famfs_check_cb cb,
		       void *arg, struct famfs_check_report *rep,
		       struct famfs_ns **nsp, struct famfs_error *err)
{
	return famfs_check_buffer_replayed(image, len, cb, arg, rep, nsp, NULL, err);
}

static int check_device(const char *path, famfs_check_cb cb, void *arg,
			famfs_check_progress_cb pcb, void *parg,
			struct famfs_check_report *rep, struct famfs_ns **nsp,
			struct famfs_ns **hostsp, struct famfs_error *err);

int famfs_check(const char *path, famfs_check_cb cb, void *arg,
		struct famfs_check_report *rep, struct famfs_ns **nsp,
		struct famfs_error *err)
{
	return check_device(path, cb, arg, NULL, NULL, rep, nsp, NULL, err);
}

int famfs_check_replayed(const char *path, famfs_check_cb cb, void *arg,
			 struct famfs_check_report *rep, struct famfs_ns **nsp,
			 struct famfs_ns **hostsp, struct famfs_error *err)
{
	return check_device(path, cb, arg, NULL, NULL, rep, nsp, hostsp, err);
}

int famfs_check_progress(const char *path, famfs_check_cb cb, void *arg,
			 famfs_check_progress_cb pcb, void *parg,
			 struct famfs_check_report *rep, struct famfs_ns **nsp,
			 struct famfs_ns **hostsp, struct famfs_error *err)
{
	return check_device(path, cb, arg, pcb, parg, rep, nsp, hostsp, err);
}

static int check_device(const char *path, famfs_check_cb cb, void *arg,
			famfs_check_progress_cb pcb, void *parg,
			struct famfs_check_report *rep, struct famfs_ns **nsp,
			struct famfs_ns **hostsp, struct famfs_error *err)
{
	struct famfs_dev *dev;
	struct check_ctx c;
	struct bus_guard sbg = { 0 }, logg = { 0 };
	void *sbmap = NULL, *logmap = NULL;
	uint64_t size, sblen, log_len = 0;
	int rc;

	rc = famfs_dev_open(path, 0, &dev, err);
	if (rc)
		return rc;
	size = famfs_dev_size(dev);
	check_begin(&c, cb, arg, rep, size, nsp, hostsp);
	c.dev = dev;
	c.progress = pcb;
	c.progress_arg = parg;
	progress(&c, 1, 0, 1);
	/* never map past the end: touching such a page of a file is SIGBUS */
	sblen = size < FAMFS_SB_REGION ? size : FAMFS_SB_REGION;
	if (sblen < FAMFS_SB_ENCODED_SIZE) {
		check_superblock(&c, (const uint8_t *)"", 0);
		progress(&c, 1, 1, 1);
		goto out;
	}
	rc = map_guarded(dev, 0, sblen, &sbmap, &sbg, err);
	if (rc)
		goto out;
	log_len = check_superblock(&c, sbmap, sblen);
	progress(&c, 1, 1, 1);
	if (!log_len)
		goto out;
	rc = map_guarded(dev, FAMFS_LOG_OFFSET, log_len, &logmap, &logg, err);
	if (rc)
		goto out;
	rc = check_log(&c, logmap, log_len, nsp, hostsp, err);
out:
	bus_guard_end(&logg);
	bus_guard_end(&sbg);
	/* what was read after a page vanished was zeros, not the device */
	if (sbg.hit || logg.hit) {
		rc = sbg.hit ? vanished(dev, &sbg, 0, sblen, err) :
			       vanished(dev, &logg, FAMFS_LOG_OFFSET, log_len, err);
		if (nsp && *nsp) {
			famfs_ns_free(*nsp);
			*nsp = NULL;
		}
		if (hostsp && *hostsp) {
			famfs_ns_free(*hostsp);
			*hostsp = NULL;
		}
	}
	check_report_summaries(&c);
	if (logmap)
		famfs_dev_unmap(dev, logmap, log_len);
	if (sbmap)
		famfs_dev_unmap(dev, sbmap, sblen);
	famfs_dev_close(dev);
	return rc;
}
