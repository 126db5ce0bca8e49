// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * SipHash-2-4, written from the paper's description: the key k0, k1 and
 * four constants make the state v0..v3; each 8-byte little-endian message
 * word m is xored into v3, mixed by two SipRounds and xored into v0; the
 * last word holds the remaining bytes and the message length mod 256 in
 * its top byte; then 0xff is xored into v2, four SipRounds, and the hash
 * is v0 ^ v1 ^ v2 ^ v3.
 */
#include <stdint.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

#include "util/le.h"
#include "util/siphash.h"

static inline uint64_t rotl(uint64_t x, unsigned int b)
{
	return (x << b) | (x >> (64 - b));
}

struct sip {
	uint64_t v0, v1, v2, v3;
};

static inline void sip_round(struct sip *s)
{
	s->v0 += s->v1;
	s->v1 = rotl(s->v1, 13);
	s->v1 ^= s->v0;
	s->v0 = rotl(s->v0, 32);
	s->v2 += s->v3;
	s->v3 = rotl(s->v3, 16);
	s->v3 ^= s->v2;
	s->v0 += s->v3;
	s->v3 = rotl(s->v3, 21);
	s->v3 ^= s->v0;
	s->v2 += s->v1;
	s->v1 = rotl(s->v1, 17);
	s->v1 ^= s->v2;
	s->v2 = rotl(s->v2, 32);
}

/* Two compression rounds per message word: the "2" of SipHash-2-4. */
static inline void sip_word(struct sip *s, uint64_t m)
{
	s->v3 ^= m;
	sip_round(s);
	sip_round(s);
	s->v0 ^= m;
}

uint64_t siphash24(const uint8_t key[SIPHASH_KEY_LEN], const void *msg, size_t len)
{
	const uint8_t *p = msg;
	const uint64_t k0 = get_le64(key), k1 = get_le64(key + 8);
	struct sip s = {
		/* "somepseudorandomlygeneratedbytes", as four words */
		.v0 = k0 ^ 0x736f6d6570736575ULL,
		.v1 = k1 ^ 0x646f72616e646f6dULL,
		.v2 = k0 ^ 0x6c7967656e657261ULL,
		.v3 = k1 ^ 0x7465646279746573ULL,
	};
	size_t left = len;
	uint64_t last = (uint64_t)(len & 0xff) << 56;
	unsigned int i;

	for (; left >= 8; left -= 8, p += 8)
		sip_word(&s, get_le64(p));
	for (i = 0; i < left; i++)
		last |= (uint64_t)p[i] << (8 * i);
	sip_word(&s, last);
	/* finalization: the "4" */
	s.v2 ^= 0xff;
	for (i = 0; i < 4; i++)
		sip_round(&s);
	return s.v0 ^ s.v1 ^ s.v2 ^ s.v3;
}

void siphash_random_key(uint8_t key[SIPHASH_KEY_LEN])
{
	struct timespec a, b;
	uint8_t seed[SIPHASH_KEY_LEN] = { 0 };
	uint64_t mix[4];
	ssize_t got = getrandom(key, SIPHASH_KEY_LEN, GRND_NONBLOCK);
	unsigned int i;

	if (got == SIPHASH_KEY_LEN)
		return;
	/* no kernel randomness: hash what differs from run to run */
	clock_gettime(CLOCK_REALTIME, &a);
	clock_gettime(CLOCK_MONOTONIC, &b);
	mix[0] = (uint64_t)a.tv_sec * 1000000000ULL + (uint64_t)a.tv_nsec;
	mix[1] = (uint64_t)b.tv_sec * 1000000000ULL + (uint64_t)b.tv_nsec;
	mix[2] = ((uint64_t)getpid() << 32) ^ (uint64_t)(uintptr_t)&a;
	mix[3] = (uint64_t)(uintptr_t)key ^ (uint64_t)(uintptr_t)siphash_random_key;
	for (i = 0; i < 2; i++) {
		uint64_t h = siphash24(seed, mix, sizeof(mix));

		put_le64(key + 8 * i, h);
		mix[0] ^= h;
	}
}
