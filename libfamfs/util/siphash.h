/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Internal: SipHash-2-4 (Aumasson and Bernstein, "SipHash: a fast
 * short-input PRF", 2012), a keyed hash for tables whose keys come from
 * untrusted input: without the key, nobody can choose keys that collide.
 */
#ifndef FAMFS_SIPHASH_H
#define FAMFS_SIPHASH_H

#include <stddef.h>
#include <stdint.h>

#define SIPHASH_KEY_LEN	16

/* The 64-bit SipHash-2-4 of len bytes at msg under the 128-bit key. */
uint64_t siphash24(const uint8_t key[SIPHASH_KEY_LEN], const void *msg, size_t len);

/*
 * A fresh random key: from getrandom(); if the kernel cannot give one
 * (too old, or no entropy yet), from clocks, ids and addresses, which a
 * remote attacker cannot predict well enough to aim collisions.
 */
void siphash_random_key(uint8_t key[SIPHASH_KEY_LEN]);

#endif
