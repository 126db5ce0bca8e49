/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The least any copy of a tree of small files into an image can cost:
 * only the system calls (open, fstat, read, close of each source, one
 * pwrite of its bytes into its own 2 MiB unit of the image), on nthreads
 * threads, in this process (no exec, no metadata). A lower bound for
 * famfs-cp, measured beside it.
 */
#ifndef FAMFS_BENCH_CP_FLOOR_H
#define FAMFS_BENCH_CP_FLOOR_H

/* Seconds to copy the files directly in dir into img; < 0 on an error. */
double cp_floor(const char *dir, const char *img, int nthreads);

#endif
