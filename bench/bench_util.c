// SPDX-License-Identifier: GPL-2.0-or-later
#include <time.h>

#include "bench_util.h"

double bench_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

uint64_t bench_log_len_for(uint64_t entries)
{
	uint64_t len = 8ULL << 20;

	while (famfs_log_slots(len) < entries)
		len *= 2;
	return len;
}

int bench_put_entry(uint8_t *log, uint64_t slot, struct famfs_log_entry *e)
{
	e->seqnum = slot;
	return famfs_log_entry_encode(e, log + famfs_log_slot_offset(slot), FAMFS_LOG_ENTRY_SIZE,
				      NULL) ? -1 : 0;
}
