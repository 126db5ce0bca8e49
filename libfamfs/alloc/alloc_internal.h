/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Internal: the allocation bitmap shared by the contiguous and striped allocators. */
#ifndef FAMFS_ALLOC_INTERNAL_H
#define FAMFS_ALLOC_INTERNAL_H

#include <stdint.h>

#include <famfs/alloc.h>

#define ALLOC_NONE	UINT64_MAX	/* "no such unit" from the searches */

struct famfs_alloc {
	uint64_t nunits;	/* whole allocation units on the device */
	uint64_t dev_bytes;	/* the device size the map was made for */
	uint64_t nwords;	/* 64-bit words in bits */
	uint64_t *bits;		/* bit set: unit used; bits past nunits are set */
	uint64_t meta_units;	/* superblock and log: units [0, meta_units) */
	uint64_t nused;		/* set bits below nunits */
	uint64_t hint;		/* every unit below it is used */
};

/* First free (used) unit in [from, end), or end if there is none. */
uint64_t alloc_find_free(const struct famfs_alloc *map, uint64_t from, uint64_t end);
uint64_t alloc_find_used(const struct famfs_alloc *map, uint64_t from, uint64_t end);
/* Lowest start of n free units inside [lo, hi), or ALLOC_NONE. */
uint64_t alloc_find_run(const struct famfs_alloc *map, uint64_t lo, uint64_t hi, uint64_t n);
/* Mark units [start, start + n) used (no checks). */
void alloc_mark(struct famfs_alloc *map, uint64_t start, uint64_t n);
/* The -FAMFS_E_NO_SPACE error for need bytes in one piece. */
int alloc_no_space(const struct famfs_alloc *map, uint64_t need, struct famfs_error *err);

/*
 * Reserve the extents of every file of ns with reserve(map, fmap, err),
 * one map or a device set's; an error is prefixed with the file's path.
 */
int alloc_reserve_ns(const struct famfs_ns *ns,
		     int (*reserve)(void *map, const struct famfs_fmap *fmap,
				    struct famfs_error *err),
		     void *map, struct famfs_error *err);

#endif /* FAMFS_ALLOC_INTERNAL_H */
