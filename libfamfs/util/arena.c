// SPDX-License-Identifier: LGPL-2.1-or-later
#include <stdlib.h>
#include <string.h>

#include "util/arena.h"
#include "util/bigmem.h"

/* chunks double from the first size to the last, then stay there */
#define ARENA_CHUNK_FIRST	((size_t)1 << 20)
#define ARENA_CHUNK_LAST	((size_t)64 << 20)

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
		size_t csize = !a->head ? ARENA_CHUNK_FIRST :
			       a->head->size >= ARENA_CHUNK_LAST ? ARENA_CHUNK_LAST :
			       2 * a->head->size;

		if (csize < size)
			csize = size;
		/* big_zalloc: the memory is handed out zeroed */
		c = big_zalloc(sizeof(*c) + csize);
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

		big_free(c, sizeof(*c) + c->size);
		c = next;
	}
	arena_init(a);
}
