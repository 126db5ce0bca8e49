/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Test helper: names that all collide under the namespace's old path hash
 * (FNV-1a 64, of which a table of up to 2^24 slots uses the low 24 bits),
 * as an attacker writing a hostile log would choose them; and plain names
 * of the same length to compare with.
 */
#ifndef FAMFS_TEST_COLLIDE_H
#define FAMFS_TEST_COLLIDE_H

#include <stdint.h>

#define COLLIDE_NAME_LEN	8	/* each name: 8 characters and a NUL */

/* The old hash: FNV-1a 64 over len bytes. */
uint64_t collide_fnv1a(const char *p, uint64_t len);

/*
 * Fill names (n * (COLLIDE_NAME_LEN + 1) bytes) with n distinct valid
 * names whose old hashes agree in their low 24 bits. Returns 0, or -1
 * when out of memory.
 */
int collide_names(char *names, uint64_t n);

/* n distinct names of the same length whose hashes have nothing in common. */
void collide_plain_names(char *names, uint64_t n);

/* Log with n mkdir entries at the root, named by names; the caller frees log. */
uint8_t *collide_log(const char *names, uint64_t n, uint64_t *log_len);

#endif
