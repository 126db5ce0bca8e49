/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Internal: replay one slot at a time, for a caller (the checker) that
 * walks the log itself so it can skip holes and bound what it maps; and
 * the cost of the path table, for tests.
 */
#ifndef FAMFS_NS_INTERNAL_H
#define FAMFS_NS_INTERNAL_H

#include <famfs/namespace.h>

/* An empty namespace, or NULL when out of memory. */
struct famfs_ns *ns_new(void);

/*
 * Replay log slot i (FAMFS_LOG_ENTRY_SIZE bytes at slot) into ns, exactly
 * as famfs_ns_replay() does for each live slot. Returns 0 to go on, or the
 * code to stop with: -ENOMEM, or the problem cb refused (perr says which).
 * With entry and decode_rc (each may be NULL): the slot as decoded, and
 * what decoding it returned, for a caller that looks at it again.
 */
int ns_replay_slot(struct famfs_ns *ns, const uint8_t *slot, uint64_t i,
		   famfs_replay_cb cb, void *arg, struct famfs_error *perr,
		   struct famfs_log_entry *entry, int *decode_rc);

/*
 * Table slots that insertions into ns have passed over so far, rehashing
 * included: about one per entry when paths spread over the table, and
 * quadratic in the number of entries when they pile into one bucket.
 */
uint64_t ns_probes(const struct famfs_ns *ns);

#endif
