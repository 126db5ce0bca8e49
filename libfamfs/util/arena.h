/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Internal: a bump allocator. A namespace of a million entries makes
 * millions of small objects that all live and die together; one malloc
 * per object would cost more than the replay itself.
 */
#ifndef FAMFS_ARENA_H
#define FAMFS_ARENA_H

#include <stddef.h>

struct arena_chunk;

struct arena {
	struct arena_chunk *head;
	size_t used;		/* bytes used in head */
	size_t cap;		/* bytes available in head */
};

void arena_init(struct arena *a);
/* size bytes aligned to 8, zeroed; NULL when out of memory */
void *arena_alloc(struct arena *a, size_t size);
char *arena_strndup(struct arena *a, const char *s, size_t n);
void arena_free(struct arena *a);

#endif
