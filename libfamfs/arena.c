// SPDX-License-Identifier: LGPL-2.1-or-later
#include <stdlib.h>
#include <string.h>

#include "arena.h"

#define ARENA_CHUNK_MIN	(1U << 20)

struct arena_chunk {
	struct arena_chunk *next;
	size_t size;
	/* data follows, 16-byte aligned */
	_Alignas(16) unsigned char data[];
};

void arena_init(struct arena *a)
{
	memset(a, 0, sizeof(*a));
}

void *arena_alloc(struct arena *a, size_t size)
{
	struct arena_chunk *c;
	void *p;

	size = (size + 7) & ~(size_t)7;
	if (!a->head || a->cap - a->used < size) {
		size_t csize = size > ARENA_CHUNK_MIN ? size : ARENA_CHUNK_MIN;

		/* calloc: the memory is handed out zeroed */
		c = calloc(1, sizeof(*c) + csize);
		if (!c)
			return NULL;
		c->size = csize;
		c->next = a->head;
		a->head = c;
		a->used = 0;
		a->cap = csize;
	}
	p = a->head->data + a->used;
	a->used += size;
	return p;
}

char *arena_strndup(struct arena *a, const char *s, size_t n)
{
	char *d = arena_alloc(a, n + 1);

	if (!d)
		return NULL;
	memcpy(d, s, n);
	d[n] = '\0';
	return d;
}

void arena_free(struct arena *a)
{
	struct arena_chunk *c = a->head;

	while (c) {
		struct arena_chunk *next = c->next;

		free(c);
		c = next;
	}
	arena_init(a);
}
