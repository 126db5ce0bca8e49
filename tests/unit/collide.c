// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Colliding names by meeting in the middle. The low 24 bits of FNV-1a
 * depend only on the low 24 bits of the state, and each step (xor a byte,
 * multiply by an odd prime) can be undone. So: run every 3-character
 * suffix backwards from the target and remember the state it needs; then
 * hash 5-character prefixes forwards until one ends in a remembered
 * state. One prefix in about 64 does, so n names cost about 64n prefixes.
 */
#include <stdlib.h>
#include <string.h>

#include <famfs/format.h>

#include "collide.h"

#define MASK24		0xffffffULL
#define FNV_BASIS	0xcbf29ce484222325ULL
#define FNV_PRIME	0x100000001b3ULL
#define PREFIX_LEN	5
#define SUFFIX_LEN	3
#define TARGET		0x5a5a5aULL
/* suffixes remembered: 64^3, in a table of twice as many slots */
#define NSUFFIX		(64ULL * 64 * 64)
#define TABLE		(2 * NSUFFIX)

static const char alphabet[] =
	"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-";

uint64_t collide_fnv1a(const char *p, uint64_t len)
{
	uint64_t h = FNV_BASIS, i;

	for (i = 0; i < len; i++) {
		h ^= (uint8_t)p[i];
		h *= FNV_PRIME;
	}
	return h;
}

/* The inverse of the prime mod 2^24, by Newton's iteration. */
static uint64_t prime_inverse(void)
{
	uint64_t x = FNV_PRIME, i;

	for (i = 0; i < 5; i++)
		x = x * (2 - FNV_PRIME * x);
	return x & MASK24;
}

/* Digits of v in the alphabet, len of them. */
static void spell(char *out, uint64_t v, int len)
{
	int i;

	for (i = len - 1; i >= 0; i--, v /= 64)
		out[i] = alphabet[v % 64];
}

struct needed {
	uint32_t state_plus1;	/* 0: empty */
	uint32_t suffix;
};

static void remember(struct needed *t, uint32_t state, uint32_t suffix)
{
	uint64_t i = (state * 2654435761ULL) % TABLE;

	while (t[i].state_plus1 && t[i].state_plus1 != state + 1)
		i = (i + 1) % TABLE;
	if (!t[i].state_plus1)
		t[i] = (struct needed){ state + 1, suffix };
}

static int recall(const struct needed *t, uint32_t state, uint32_t *suffix)
{
	uint64_t i = (state * 2654435761ULL) % TABLE;

	for (; t[i].state_plus1; i = (i + 1) % TABLE) {
		if (t[i].state_plus1 == state + 1) {
			*suffix = t[i].suffix;
			return 1;
		}
	}
	return 0;
}

int collide_names(char *names, uint64_t n)
{
	struct needed *t = calloc(TABLE, sizeof(*t));
	const uint64_t inv = prime_inverse();
	uint64_t got = 0, prefix, s;
	char buf[COLLIDE_NAME_LEN + 1];
	int i;

	if (!t)
		return -1;
	for (s = 0; s < NSUFFIX; s++) {
		uint64_t state = TARGET;

		spell(buf, s, SUFFIX_LEN);
		for (i = SUFFIX_LEN - 1; i >= 0; i--)
			state = ((state * inv) & MASK24) ^ (uint8_t)buf[i];
		remember(t, (uint32_t)state, (uint32_t)s);
	}
	for (prefix = 0; got < n; prefix++) {
		uint32_t suffix;

		spell(buf, prefix, PREFIX_LEN);
		if (!recall(t, (uint32_t)(collide_fnv1a(buf, PREFIX_LEN) & MASK24), &suffix))
			continue;
		spell(buf + PREFIX_LEN, suffix, SUFFIX_LEN);
		buf[COLLIDE_NAME_LEN] = '\0';
		memcpy(names + got++ * (COLLIDE_NAME_LEN + 1), buf, sizeof(buf));
	}
	free(t);
	return 0;
}

void collide_plain_names(char *names, uint64_t n)
{
	uint64_t i;

	for (i = 0; i < n; i++) {
		char *p = names + i * (COLLIDE_NAME_LEN + 1);

		spell(p, i, COLLIDE_NAME_LEN);
		p[COLLIDE_NAME_LEN] = '\0';
	}
}

uint8_t *collide_log(const char *names, uint64_t n, uint64_t *log_len)
{
	struct famfs_log_header hdr;
	struct famfs_log_entry e;
	uint64_t len = FAMFS_LOG_LEN_MIN, i;
	uint8_t *log;

	while (famfs_log_slots(len) < n)
		len *= 2;
	log = calloc(1, len);
	if (!log)
		return NULL;
	memset(&e, 0, sizeof(e));
	e.type = FAMFS_LOG_MKDIR;
	e.u.mkdir.mode = 040755;
	for (i = 0; i < n; i++) {
		e.seqnum = i + 1;
		strcpy(e.u.mkdir.path, names + i * (COLLIDE_NAME_LEN + 1));
		famfs_log_entry_encode(&e, log + famfs_log_slot_offset(i), FAMFS_LOG_ENTRY_SIZE,
				       NULL);
	}
	famfs_log_header_init(&hdr, len);
	hdr.next_index = n;
	hdr.next_seqnum = n + 1;
	hdr.crc = famfs_log_header_crc(&hdr);
	famfs_log_header_encode(&hdr, log, FAMFS_LOG_HEADER_SIZE, NULL);
	*log_len = len;
	return log;
}
