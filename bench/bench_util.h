/* SPDX-License-Identifier: GPL-2.0-or-later */
/* What every benchmark needs: a clock, and a log built in memory. */
#ifndef FAMFS_BENCH_UTIL_H
#define FAMFS_BENCH_UTIL_H

#include <stdint.h>

#include <famfs/famfs.h>

/* Seconds on the monotonic clock. */
double bench_now(void);

/* The smallest power-of-two log of at least 8 MiB with room for entries. */
uint64_t bench_log_len_for(uint64_t entries);

/* Encode e into slot of log with seqnum slot; 0, or -1 when it cannot. */
int bench_put_entry(uint8_t *log, uint64_t slot, struct famfs_log_entry *e);

#endif
