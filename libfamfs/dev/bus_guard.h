/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Internal: reading a mapping of an image file that may shrink under us.
 * Touching a mapped page past the new end of a file raises SIGBUS; while a
 * guard is active, a SIGBUS inside its range replaces the vanished pages
 * with zero pages and records where, so the scan finishes and the caller
 * reports an error instead of dying. A SIGBUS anywhere else goes to the
 * disposition the process had before.
 */
#ifndef FAMFS_BUS_GUARD_H
#define FAMFS_BUS_GUARD_H

#include <signal.h>
#include <stdint.h>

#include <famfs/error.h>

struct bus_guard {
	uintptr_t start, end;		/* guarded addresses [start, end) */
	volatile sig_atomic_t hit;	/* a page vanished */
	volatile uintptr_t first;	/* lowest vanished address */
	int active;
};

/*
 * Guard [addr, addr + len) of a mapping (writes after a loss land in the
 * zero pages and are lost: the caller must check hit before it reports
 * success). The process's SIGBUS
 * action is replaced while any guard is active and restored after the
 * last one ends. Returns 0 or a negative errno (too many guards at once).
 */
int bus_guard_begin(struct bus_guard *g, const void *addr, uint64_t len);
void bus_guard_end(struct bus_guard *g);
/* Offset in the range of the first vanished byte; only if g->hit. */
uint64_t bus_guard_first(const struct bus_guard *g);

#endif
