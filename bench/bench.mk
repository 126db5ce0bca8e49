# Benchmarks: built by `make bench` (not by `make` or `make check`), each
# reports a ratio against a baseline it measures in the same run.
BENCH_PROGS =
EXTRA_PROGRAMS += $(BENCH_PROGS)
CLEANFILES += $(BENCH_PROGS)
bench: $(BENCH_PROGS)
.PHONY: bench

BENCH_PROGS += bench/bench_fsck
bench_bench_fsck_SOURCES = bench/bench_fsck.c bench/bench_util.c bench/bench_util.h
bench_bench_fsck_LDADD = libfamfs/libfamfs.la $(ZLIB_LIBS)
bench_bench_fsck_CFLAGS = $(AM_CFLAGS) $(ZLIB_CFLAGS)

BENCH_PROGS += bench/bench_cp
bench_bench_cp_SOURCES = bench/bench_cp.c bench/bench_util.c bench/bench_util.h \
	bench/cp_floor.c bench/cp_floor.h
bench_bench_cp_CFLAGS = $(AM_CFLAGS) -pthread
bench_bench_cp_LDFLAGS = -pthread
bench_bench_cp_LDADD = libfamfs/libfamfs.la

BENCH_PROGS += bench/bench_layout
bench_bench_layout_SOURCES = bench/bench_layout.c bench/bench_util.c bench/bench_util.h
bench_bench_layout_LDADD = libfamfs/libfamfs.la

BENCH_PROGS += bench/bench_ns_collide
bench_bench_ns_collide_SOURCES = bench/bench_ns_collide.c bench/bench_util.c bench/bench_util.h tests/unit/collide.c \
	tests/unit/collide.h
bench_bench_ns_collide_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/tests/unit
bench_bench_ns_collide_LDADD = libfamfs/libfamfs.la

BENCH_PROGS += bench/bench_alloc_set
bench_bench_alloc_set_SOURCES = bench/bench_alloc_set.c bench/bench_util.c bench/bench_util.h
bench_bench_alloc_set_LDADD = libfamfs/libfamfs.la

BENCH_PROGS += bench/bench_rewrite
bench_bench_rewrite_SOURCES = bench/bench_rewrite.c bench/bench_util.c bench/bench_util.h
bench_bench_rewrite_LDADD = libfamfs/libfamfs.la

BENCH_PROGS += bench/bench_fsck_set
bench_bench_fsck_set_SOURCES = bench/bench_fsck_set.c bench/bench_util.c bench/bench_util.h
bench_bench_fsck_set_LDADD = libfamfs/libfamfs.la $(ZLIB_LIBS)
bench_bench_fsck_set_CFLAGS = $(AM_CFLAGS) $(ZLIB_CFLAGS)
