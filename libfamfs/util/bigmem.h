/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Internal: large zeroed allocations backed by huge pages where the kernel
 * allows it. Replaying a million-entry log builds a few hundred MiB of
 * namespace; with 4 KiB pages most of that time goes to page faults.
 */
#ifndef FAMFS_BIGMEM_H
#define FAMFS_BIGMEM_H

#include <stddef.h>

/*
 * size bytes, zeroed; from 2 MiB up, 2 MiB aligned and advised to use huge
 * pages. NULL when out of memory.
 */
void *big_zalloc(size_t size);
/* Free what big_zalloc(size) returned (p may be NULL). */
void big_free(void *p, size_t size);

#endif
