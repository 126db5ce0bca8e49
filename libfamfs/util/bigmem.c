// SPDX-License-Identifier: LGPL-2.1-or-later
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>

#include "util/bigmem.h"

#define HUGE_SIZE	((size_t)2 << 20)

static size_t round_huge(size_t size)
{
	return (size + HUGE_SIZE - 1) & ~(HUGE_SIZE - 1);
}

void *big_zalloc(size_t size)
{
	size_t len = round_huge(size), lead;
	uint8_t *p;

	/* below one huge page, a huge page would only cost more to clear */
	if (size < HUGE_SIZE)
		return calloc(1, size ? size : 1);
	if (len < size)
		return NULL;
	/* over-allocate by one huge page, then trim to a 2 MiB boundary */
	p = mmap(NULL, len + HUGE_SIZE, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return NULL;
	lead = (HUGE_SIZE - ((uintptr_t)p & (HUGE_SIZE - 1))) & (HUGE_SIZE - 1);
	if (lead)
		munmap(p, lead);
	munmap(p + lead + len, HUGE_SIZE - lead);
	p += lead;
	/* advice only: without transparent huge pages this just fails */
	madvise(p, len, MADV_HUGEPAGE);
	return p;
}

void big_free(void *p, size_t size)
{
	if (size < HUGE_SIZE)
		free(p);
	else if (p)
		munmap(p, round_huge(size));
}
