// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Fuzz target: the whole offline check (what fsck.famfs runs) on a small
 * image. The input is laid over a valid, empty 12 MiB image:
 *
 *   byte 0            flags: bit 0 recompute the superblock CRC, bit 1 the
 *                     log header CRC, bit 2 the CRC of every overlaid slot
 *                     (so that mutations reach the code behind the CRCs);
 *                     bit 3 also asks for the namespace hosts' replay gives
 *   bytes 1..200      the superblock
 *   bytes 201..248    the log header
 *   bytes 249..       log slots 0, 1, ... (at most 64)
 *
 * The check must never crash or read out of bounds, must count every
 * finding it reports (one by one, or in a summary), must hand back a
 * namespace it can walk, and must stay within the time and memory bounds
 * of fuzz.h: a header may claim every slot of the log live.
 */
#include <string.h>

#include <famfs/famfs.h>

#include "fuzz.h"

#define IMAGE_SIZE	(12ULL << 20)
#define LOG_LEN		(8ULL << 20)
#define MAX_SLOTS	64
#define SB_AT		1
#define HDR_AT		(SB_AT + FAMFS_SB_ENCODED_SIZE)
#define SLOTS_AT	(HDR_AT + FAMFS_LOG_HEADER_SIZE)

static uint8_t *image;
static uint8_t pristine_sb[FAMFS_SB_ENCODED_SIZE];
static uint8_t pristine_log[FAMFS_LOG_HEADER_SIZE + MAX_SLOTS * FAMFS_LOG_ENTRY_SIZE];

static void put_le64(uint8_t *p, uint64_t v)
{
	int i;

	for (i = 0; i < 8; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static void make_pristine(void)
{
	struct famfs_superblock sb;
	struct famfs_log_header hdr;

	image = calloc(1, IMAGE_SIZE);
	if (!image)
		abort();
	famfs_sb_init(&sb, IMAGE_SIZE, LOG_LEN);
	famfs_sb_encode(&sb, image, FAMFS_SB_ENCODED_SIZE, NULL);
	famfs_log_header_init(&hdr, LOG_LEN);
	famfs_log_header_encode(&hdr, image + FAMFS_LOG_OFFSET, FAMFS_LOG_HEADER_SIZE, NULL);
	memcpy(pristine_sb, image, sizeof(pristine_sb));
	memcpy(pristine_log, image + FAMFS_LOG_OFFSET, sizeof(pristine_log));
}

struct counter {
	uint64_t n;		/* findings, those in summaries included */
	int summaries;
};

static void count(void *arg, const struct famfs_finding *f)
{
	struct counter *c = arg;

	if (!f->name || !f->msg || (f->severity != FAMFS_SEV_ERROR &&
				    f->severity != FAMFS_SEV_WARNING &&
				    f->severity != FAMFS_SEV_INFO))
		FUZZ_FAIL("a malformed finding");
	/* information (entries hosts do not replay) is not counted as a problem */
	if (f->severity == FAMFS_SEV_INFO) {
		if (strcmp(f->name, "replay-not-replayed"))
			FUZZ_FAIL("information that is not about replay");
		if (c->summaries && !f->more)
			FUZZ_FAIL("a finding after the summaries");
		if (f->more)
			c->summaries++;
		return;
	}
	if (f->more) {
		if (f->index != FAMFS_CHECK_NO_INDEX || f->path)
			FUZZ_FAIL("a summary that names a slot or path");
		c->summaries++;
		c->n += f->more;
		return;
	}
	if (c->summaries)
		FUZZ_FAIL("a finding after the summaries");
	c->n++;
}

static void walk(const struct famfs_node *n, uint64_t *seen)
{
	const struct famfs_node *c;

	for (c = n->child; c; c = c->sibling) {
		if (c->parent != n || (c->type == FAMFS_NODE_FILE && c->child))
			FUZZ_FAIL("a namespace tree that does not hold together");
		(*seen)++;
		walk(c, seen);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t *log, flags = size ? data[0] : 0;
	struct famfs_check_report rep;
	struct counter c = { 0 };
	struct famfs_ns *ns = NULL, *hosts = NULL;
	struct fuzz_cost cost;
	uint64_t nslots = 0, i, seen = 0;

	if (!image)
		make_pristine();
	log = image + FAMFS_LOG_OFFSET;
	if (size > SB_AT)
		memcpy(image, data + SB_AT, size - SB_AT < FAMFS_SB_ENCODED_SIZE ?
		       size - SB_AT : FAMFS_SB_ENCODED_SIZE);
	if (size > HDR_AT)
		memcpy(log, data + HDR_AT, size - HDR_AT < FAMFS_LOG_HEADER_SIZE ?
		       size - HDR_AT : FAMFS_LOG_HEADER_SIZE);
	if (size > SLOTS_AT) {
		size_t n = size - SLOTS_AT;

		if (n > MAX_SLOTS * FAMFS_LOG_ENTRY_SIZE)
			n = MAX_SLOTS * FAMFS_LOG_ENTRY_SIZE;
		memcpy(log + FAMFS_LOG_HEADER_SIZE, data + SLOTS_AT, n);
		nslots = (n + FAMFS_LOG_ENTRY_SIZE - 1) / FAMFS_LOG_ENTRY_SIZE;
	}
	if (flags & 1)
		put_le64(image + 96, famfs_sb_crc(image, FAMFS_SB_ENCODED_SIZE));
	if (flags & 2) {
		struct famfs_log_header h;

		famfs_log_header_decode(log, FAMFS_LOG_HEADER_SIZE, &h, NULL);
		put_le64(log + 24, famfs_log_header_crc(&h));
	}
	for (i = 0; (flags & 4) && i < nslots; i++) {
		uint8_t *s = log + famfs_log_slot_offset(i);

		put_le64(s + 536, famfs_log_entry_crc(s, FAMFS_LOG_ENTRY_SIZE));
	}

	fuzz_cost_begin(&cost);
	if (famfs_check_buffer_replayed(image, IMAGE_SIZE, count, &c, &rep, &ns,
					(flags & 8) ? &hosts : NULL, NULL))
		FUZZ_FAIL("the check failed outright on an image in memory");
	fuzz_cost_check(&cost, size);
	if (rep.nerrors + rep.nwarnings != c.n)
		FUZZ_FAIL("findings counted and reported differ");
	if (rep.replay_stop != UINT64_MAX && rep.not_replayed > rep.slots_used)
		FUZZ_FAIL("more entries not replayed than live");
	if (rep.reclaimable_slots > rep.slots_used)
		FUZZ_FAIL("more slots reclaimable than live");
	if (hosts) {
		/* hosts never have more than the live entries */
		walk(famfs_ns_root(hosts), &seen);
		if (seen != famfs_ns_count(hosts) || seen > rep.slots_used)
			FUZZ_FAIL("the hosts' namespace does not hold together");
		famfs_ns_free(hosts);
		seen = 0;
	}
	if (ns) {
		walk(famfs_ns_root(ns), &seen);
		if (seen != famfs_ns_count(ns) || famfs_ns_nfiles(ns) + famfs_ns_ndirs(ns) != seen)
			FUZZ_FAIL("namespace counts differ from its tree");
		famfs_ns_free(ns);
	}
	/* put back what this input changed */
	memcpy(image, pristine_sb, sizeof(pristine_sb));
	memcpy(log, pristine_log, sizeof(pristine_log));
	return 0;
}
