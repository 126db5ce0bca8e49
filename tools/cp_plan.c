// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The plan of a copy-in: one record per directory entry the plan pass
 * lstat'ed. Memory grows with the entries of the source tree, as the
 * directory listings themselves do, plus the small files read while
 * planning, which the read-ahead budget bounds (cp_readers.h).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cp_plan.h"

static int grow(void **buf, size_t *cap, size_t need, size_t elem)
{
	size_t c = *cap ? *cap : 64, bytes;
	void *p;

	while (c < need)
		if (__builtin_mul_overflow(c, (size_t)2, &c))
			return -1;
	if (c == *cap)
		return 0;
	if (__builtin_mul_overflow(c, elem, &bytes))
		return -1;
	p = realloc(*buf, bytes);
	if (!p)
		return -1;
	*buf = p;
	*cap = c;
	return 0;
}

int cp_plan_add(struct cp_plan *p, const char *name, const struct stat *st)
{
	size_t len = strlen(name) + 1, need;

	if (__builtin_add_overflow(p->names_len, len, &need) ||
	    grow((void **)&p->names, &p->names_cap, need, 1) ||
	    grow((void **)&p->e, &p->cap, p->n + 1, sizeof(*p->e)))
		return -1;
	memcpy(p->names + p->names_len, name, len);
	p->e[p->n] = (struct cp_plan_entry){
		.name = p->names_len, .dev = st->st_dev, .ino = st->st_ino, .size = st->st_size,
		.mode = st->st_mode, .uid = st->st_uid, .gid = st->st_gid,
	};
	p->names_len = need;
	p->n++;
	return 0;
}

static void fill_stat(const struct cp_plan_entry *e, struct stat *st)
{
	memset(st, 0, sizeof(*st));
	st->st_dev = e->dev;
	st->st_ino = e->ino;
	st->st_size = e->size;
	st->st_mode = e->mode;
	st->st_uid = e->uid;
	st->st_gid = e->gid;
}

int cp_plan_take(struct cp_plan *p, const char *name, struct stat *st)
{
	const struct cp_plan_entry *e;

	if (p->next >= p->n)
		return -1;
	e = &p->e[p->next];
	if (strcmp(p->names + e->name, name))
		return -1;
	p->next++;
	fill_stat(e, st);
	return 0;
}

void cp_plan_end_dir(struct cp_plan *p, size_t dir)
{
	if (dir < p->n)
		p->e[dir].end = p->n;
}

int cp_plan_sibling(const struct cp_plan *p, size_t *pos, const char *name, struct stat *st)
{
	const struct cp_plan_entry *e;

	if (*pos >= p->n)
		return -1;
	e = &p->e[*pos];
	if (strcmp(p->names + e->name, name))
		return -1;
	fill_stat(e, st);
	/* a directory the plan did not finish has no end: nothing after it is known */
	*pos = S_ISDIR(e->mode) ? (e->end > *pos ? e->end : p->n) : *pos + 1;
	return 0;
}

void cp_plan_keep_data(struct cp_plan *p, uint8_t *data, uint64_t bytes)
{
	p->e[p->n - 1].data = data;
	p->e[p->n - 1].bytes = bytes;
}

uint8_t *cp_plan_take_data(struct cp_plan *p, size_t pos, uint64_t *bytes)
{
	uint8_t *data;

	*bytes = 0;
	if (pos >= p->n)
		return NULL;
	data = p->e[pos].data;
	*bytes = p->e[pos].bytes;
	p->e[pos].data = NULL;
	p->e[pos].bytes = 0;
	return data;
}

int cp_plan_has_data(const struct cp_plan *p, size_t pos)
{
	return pos < p->n && p->e[pos].data;
}

void cp_plan_free(struct cp_plan *p)
{
	size_t i;

	for (i = 0; i < p->n; i++)
		free(p->e[i].data);
	free(p->e);
	free(p->names);
	memset(p, 0, sizeof(*p));
}
