// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The checker's view of space: each file's extents on their own (aligned,
 * inside the data area, covering the size), then all extents of each
 * device together, sorted by offset, in one sweep per device that finds
 * overlaps and measures what is used and free, per device and in total.
 * Sorting keeps this O(n log n) in the number of extents.
 */
#include <errno.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "check/check_internal.h"

struct claim {
	uint64_t start, end;		/* [start, end) on device dev */
	const struct famfs_node *owner;
	uint32_t dev;
};

struct claims {
	struct claim *v;
	uint64_t n, cap;
};

static int claims_add(struct claims *cl, uint32_t dev, uint64_t start, uint64_t end,
		      const struct famfs_node *owner)
{
	if (cl->n == cl->cap) {
		uint64_t cap = cl->cap ? cl->cap * 2 : 1024;
		struct claim *v = realloc(cl->v, cap * sizeof(*v));

		if (!v)
			return -ENOMEM;
		cl->v = v;
		cl->cap = cap;
	}
	cl->v[cl->n++] = (struct claim){ start, end, owner, dev };
	return 0;
}

static int claim_cmp(const void *a, const void *b)
{
	const struct claim *x = a, *y = b;

	if (x->dev != y->dev)
		return x->dev < y->dev ? -1 : 1;
	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	/* equal starts: log order, so the earlier entry is the first owner */
	return x->owner->log_index < y->owner->log_index ? -1 :
	       x->owner->log_index > y->owner->log_index;
}

static int claims_sorted(const struct claims *cl)
{
	uint64_t i;

	for (i = 1; i < cl->n; i++)
		if (claim_cmp(&cl->v[i - 1], &cl->v[i]) > 0)
			return 0;
	return 1;
}

#define FILE_ERR(c, n, code, ...) \
	check_report((c), (code), FAMFS_SEV_ERROR, (n)->log_index, (n)->path, __VA_ARGS__)
/* an error about extent e of file n: it concerns the device e names */
#define EXT_ERR(c, n, e, code, ...) \
	check_report_dev((c), (code), FAMFS_SEV_ERROR, (n)->log_index, (n)->path, \
			 (e)->dev_index, __VA_ARGS__)

/*
 * One extent of file n (what names it: "extent 2", "strip 0"). Returns 1
 * when it counts as a claim on the data area, 0 when it claims nothing
 * (zero length), -1 after reporting an error that makes it unusable.
 */
static int check_one_extent(struct check_ctx *c, const struct famfs_node *n,
			    const struct famfs_extent *e, const char *what, unsigned int i)
{
	unsigned long long off = e->offset, len = e->len;
	uint64_t meta_end = c->meta_end, space_end = c->space_end;
	int sound = 1;

	if (e->dev_index >= c->ndev) {
		if (c->ndev <= 1)
			EXT_ERR(c, n, e, -FAMFS_E_EXT_DEV_INDEX,
				"%s %u is on device index %llu; only device 0 exists",
				what, i, (unsigned long long)e->dev_index);
		else
			EXT_ERR(c, n, e, -FAMFS_E_EXT_DEV_INDEX,
				"%s %u is on device index %llu; the file system has devices "
				"0 to %u", what, i, (unsigned long long)e->dev_index, c->ndev - 1);
		return -1;
	}
	if (e->dev_index) {
		/* a secondary: its first unit is its superblock */
		meta_end = FAMFS_SB_REGION;
		space_end = c->dev_end[e->dev_index];
	}
	if (off % FAMFS_ALLOC_UNIT) {
		EXT_ERR(c, n, e, -FAMFS_E_EXT_ALIGN,
			"%s %u offset 0x%llx is not a multiple of the 2 MiB allocation unit",
			what, i, off);
		sound = 0;
	}
	if (len == 0 || len % FAMFS_ALLOC_UNIT)
		check_report_dev(c, -FAMFS_E_EXT_LEN, FAMFS_SEV_WARNING, n->log_index, n->path,
				 e->dev_index, "%s %u length %llu is %s", what, i, len,
				 len ? "not a multiple of the 2 MiB allocation unit" : "zero");
	if (len > UINT64_MAX - off || off + len > space_end) {
		if (e->dev_index)
			EXT_ERR(c, n, e, -FAMFS_E_EXT_RANGE,
				"%s %u [0x%llx, +%llu) runs past the end of device %llu "
				"(%llu bytes)", what, i, off, len,
				(unsigned long long)e->dev_index, (unsigned long long)space_end);
		else
			EXT_ERR(c, n, e, -FAMFS_E_EXT_RANGE,
				"%s %u [0x%llx, +%llu) runs past the end of the device "
				"(%llu bytes)",
				what, i, off, len, (unsigned long long)space_end);
		return -1;
	}
	if (off < meta_end) {
		if (e->dev_index)
			EXT_ERR(c, n, e, -FAMFS_E_EXT_META,
				"%s %u at 0x%llx is inside the superblock of device %llu "
				"(first 0x%llx bytes)", what, i, off,
				(unsigned long long)e->dev_index, (unsigned long long)meta_end);
		else
			EXT_ERR(c, n, e, -FAMFS_E_EXT_META,
				"%s %u at 0x%llx is inside the superblock and log "
				"(first 0x%llx bytes)",
				what, i, off, (unsigned long long)meta_end);
		return -1;
	}
	return sound ? len > 0 : -1;
}

static uint64_t sat_add(uint64_t a, uint64_t b)
{
	return b > UINT64_MAX - a ? UINT64_MAX : a + b;
}

static uint64_t sat_mul(uint64_t a, uint64_t b)
{
	return a && b > UINT64_MAX / a ? UINT64_MAX : a * b;
}

/* Capacity a striped file's strips give in *cap, or -1 after reporting why none. */
static int strip_capacity(struct check_ctx *c, const struct famfs_node *n, uint64_t *cap)
{
	uint64_t len = n->ext[0].len, i;

	for (i = 1; i < n->nstrips; i++) {
		if (n->ext[i].len != len) {
			FILE_ERR(c, n, -FAMFS_E_EXT_STRIPS,
				 "strip %llu is %llu bytes, strip 0 is %llu: strips must be equal",
				 (unsigned long long)i, (unsigned long long)n->ext[i].len,
				 (unsigned long long)len);
			return -1;
		}
	}
	/* decode proved chunk_size a nonzero power of two */
	if (len % n->chunk_size) {
		FILE_ERR(c, n, -FAMFS_E_EXT_STRIPS,
			 "strip length %llu is not a multiple of the %llu-byte chunk",
			 (unsigned long long)len, (unsigned long long)n->chunk_size);
		return -1;
	}
	*cap = sat_mul(len, n->nstrips);
	return 0;
}

/* cl: one list of claims per device (check_one_extent proved the index) */
static int check_file(struct check_ctx *c, struct claims *cl, const struct famfs_node *n)
{
	const int striped = n->ext_type == FAMFS_EXT_INTERLEAVE;
	const char *what = striped ? "strip" : "extent";
	uint64_t count = striped ? n->nstrips : n->next, capacity = 0, i;
	int bad = 0;

	for (i = 0; i < count; i++) {
		const struct famfs_extent *e = &n->ext[i];
		int r = check_one_extent(c, n, e, what, (unsigned int)i);

		if (r < 0)
			bad = 1;
		if (r <= 0)
			continue;
		if (claims_add(&cl[e->dev_index], (uint32_t)e->dev_index, e->offset,
			       e->offset + e->len, n))
			return -ENOMEM;
		if (!striped)
			capacity = sat_add(capacity, e->len);
	}
	c->rep->bytes_in_files = sat_add(c->rep->bytes_in_files, n->size);
	if (striped && !bad && strip_capacity(c, n, &capacity))
		bad = 1;
	/* after an extent error the capacity means nothing: do not pile on */
	if (bad)
		return 0;
	if (capacity < n->size)
		FILE_ERR(c, n, -FAMFS_E_EXT_SHORT,
			 "size %llu but its %s cover only %llu bytes",
			 (unsigned long long)n->size, striped ? "strips" : "extents",
			 (unsigned long long)capacity);
	else
		c->rep->bytes_wasted = sat_add(c->rep->bytes_wasted, capacity - n->size);
	return 0;
}

static void report_overlap(struct check_ctx *c, const struct claim *a, const struct claim *b)
{
	uint64_t end = a->end < b->end ? a->end : b->end;

	char on[32] = "";

	if (b->dev)
		snprintf(on, sizeof(on), " on device %u", b->dev);
	if (a->owner == b->owner)
		check_report_dev(c, -FAMFS_E_EXT_OVERLAP, FAMFS_SEV_ERROR, b->owner->log_index,
				 b->owner->path, b->dev,
				 "two of its extents overlap at [0x%llx, 0x%llx)%s",
				 (unsigned long long)b->start, (unsigned long long)end, on);
	else
		check_report_dev(c, -FAMFS_E_EXT_OVERLAP, FAMFS_SEV_ERROR, b->owner->log_index,
				 b->owner->path, b->dev,
				 "[0x%llx, 0x%llx)%s is also claimed by '%s' (log entry %llu)",
				 (unsigned long long)b->start, (unsigned long long)end, on,
				 a->owner->path, (unsigned long long)a->owner->log_index);
}

/* [from, to) of device d is free: in its figures and in the totals. */
static void note_free(struct check_ctx *c, struct famfs_check_device *d, uint64_t from,
		      uint64_t to)
{
	if (to <= from)
		return;
	d->free += to - from;
	d->free_ranges++;
	if (to - from > d->largest_free) {
		d->largest_free = to - from;
		d->largest_free_offset = from;
	}
	c->rep->bytes_free += to - from;
	c->rep->free_ranges++;
	if (to - from > c->rep->largest_free)
		c->rep->largest_free = to - from;
}

/*
 * The claims of device dev, sorted: report overlaps, add up the used and
 * free space of that device.
 */
static void sweep_dev(struct check_ctx *c, const struct claims *cl, uint32_t dev)
{
	const struct claim *widest = NULL;	/* reaches furthest so far */
	struct famfs_check_device *d = &c->rep->devices[dev];
	uint64_t used_to = d->data_start, end = d->data_start + d->data_size, i, claimed;

	for (i = 0; i < cl->n; i++) {
		const struct claim *x = &cl->v[i];

		if (widest && x->start < widest->end)
			report_overlap(c, widest, x);
		if (x->start > used_to)
			note_free(c, d, used_to, x->start);
		if (x->end > used_to) {
			claimed = x->end - (x->start > used_to ? x->start : used_to);
			d->allocated += claimed;
			c->rep->bytes_allocated += claimed;
			used_to = x->end;
		}
		if (!widest || x->end > widest->end)
			widest = x;
	}
	note_free(c, d, used_to, end);
}

/*
 * Each device's data area, before the sweep adds up what is claimed on
 * it: the primary's follows its log and ends at the smaller of its
 * recorded and real size, a secondary's follows its superblock's unit and
 * ends at its recorded size (the device table checked it is larger).
 */
static void devices_begin(struct check_ctx *c)
{
	struct famfs_check_report *rep = c->rep;
	struct famfs_check_device *d = &rep->devices[0];
	uint32_t i;

	rep->ndevices = c->ndev;
	d->role = c->ndev > 1 ? FAMFS_SB_ROLE_PRIMARY : famfs_sb_role(&rep->sb, NULL);
	memcpy(d->uuid, rep->sb.dev_uuid, FAMFS_UUID_LEN);
	d->size = rep->sb.dev_size;
	d->data_start = c->meta_end;
	if (c->space_end > c->meta_end)
		d->data_size = c->space_end - c->meta_end;
	rep->data_size = d->data_size;
	for (i = 1; i < c->ndev; i++) {
		d = &rep->devices[i];
		d->role = FAMFS_SB_ROLE_SECONDARY;
		memcpy(d->uuid, c->dev_uuid[i], FAMFS_UUID_LEN);
		d->size = c->dev_end[i];
		d->data_start = FAMFS_SB_REGION;
		d->data_size = c->dev_end[i] - FAMFS_SB_REGION;
		rep->data_size += d->data_size;
	}
}

int check_extents(struct check_ctx *c, const struct famfs_ns *ns)
{
	/*
	 * One list per device: files spread over the devices still give lists
	 * in offset order when each device is allocated upwards, so there is
	 * often nothing to sort (one list in file order would need a sort).
	 */
	struct claims cl[FAMFS_MAX_DEVICES];
	uint64_t i, n = famfs_ns_count(ns);
	uint32_t d;
	int rc = 0;

	memset(cl, 0, sizeof(cl));
	if (!c->ndev)
		c->ndev = 1;
	devices_begin(c);
	for (i = 0; i < n && !rc; i++) {
		const struct famfs_node *node = famfs_ns_node(ns, i);

		if (node->type == FAMFS_NODE_FILE)
			rc = check_file(c, cl, node);
	}
	for (d = 0; d < c->ndev && !rc; d++) {
		if (cl[d].n && !claims_sorted(&cl[d]))
			qsort(cl[d].v, cl[d].n, sizeof(*cl[d].v), claim_cmp);
		sweep_dev(c, &cl[d], d);
	}
	for (d = 0; d < c->ndev; d++)
		free(cl[d].v);
	return rc;
}
