# Benchmarks: built by `make bench` (not by `make` or `make check`), each
# reports a ratio against a baseline it measures in the same run.
BENCH_PROGS =
EXTRA_PROGRAMS += $(BENCH_PROGS)
CLEANFILES += $(BENCH_PROGS)
bench: $(BENCH_PROGS)
.PHONY: bench
