// SPDX-License-Identifier: GPL-2.0-or-later
/* The entries fsck.famfs rejects, for the tools that read a device (famfs-cp, famfs-layout). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rejects.h"

/* Past this many findings tied to entries, what is sound cannot be told cheaply. */
#define MAX_REJECTS	(1U << 22)

void rejects_keep(void *arg, const struct famfs_finding *f)
{
	struct rejects *rej = arg;
	size_t used;

	if (rej->overflow || f->severity != FAMFS_SEV_ERROR || f->index == FAMFS_CHECK_NO_INDEX)
		return;
	/* findings of one entry mostly come together: name and keep it once */
	if (rej->n && rej->slot[rej->n - 1] == f->index)
		return;
	if (rej->n == rej->cap) {
		size_t cap = rej->cap ? 2 * rej->cap : 64;
		uint64_t *v = cap <= MAX_REJECTS ? realloc(rej->slot, cap * sizeof(*v)) : NULL;

		if (!v) {
			rej->overflow = 1;	/* the device will be refused */
			return;
		}
		rej->slot = v;
		rej->cap = cap;
	}
	rej->slot[rej->n++] = f->index;
	used = strlen(rej->note);
	if (rej->named < 4 && used < sizeof(rej->note)) {
		if (f->path)
			snprintf(rej->note + used, sizeof(rej->note) - used, "%s'%s' (%s)",
				 rej->named ? ", " : "", f->path, f->name);
		else
			snprintf(rej->note + used, sizeof(rej->note) - used,
				 "%sentry %llu (%s)", rej->named ? ", " : "",
				 (unsigned long long)f->index, f->name);
		rej->named++;
	}
}

static int cmp_u64(const void *a, const void *b)
{
	const uint64_t *x = a, *y = b;

	return *x < *y ? -1 : *x > *y;
}

void rejects_done(struct rejects *rej)
{
	size_t i, k = 0;

	if (!rej->n)
		return;
	qsort(rej->slot, rej->n, sizeof(*rej->slot), cmp_u64);
	for (i = 1; i < rej->n; i++)
		if (rej->slot[i] != rej->slot[k])
			rej->slot[++k] = rej->slot[i];
	rej->n = k + 1;
}

int rejects_has(const struct rejects *rej, const struct famfs_node *n)
{
	for (; rej->n && n && n->parent; n = n->parent)
		if (bsearch(&n->log_index, rej->slot, rej->n, sizeof(*rej->slot), cmp_u64))
			return 1;
	return 0;
}

void rejects_free(struct rejects *rej)
{
	free(rej->slot);
	memset(rej, 0, sizeof(*rej));
}
