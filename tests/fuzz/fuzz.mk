# Fuzz targets (tests/fuzz). Each target is one LLVMFuzzerTestOneInput().
# With --enable-fuzzing (clang) they link against libFuzzer: `make fuzz`
# builds them and `make fuzz-run FUZZ_SECONDS=N` runs each from its seed
# corpus. In every build, replay_* run the target over its seeds and the
# inputs that once crashed it (tests/fuzz/regress), as a test.
FUZZ_TARGETS = superblock log_header log_entry check layout devset probe
FUZZ_COMMON = tests/fuzz/fuzz.h
FUZZ_LIB = libfamfs/libfamfs-internal.la

check_PROGRAMS += tests/fuzz/replay_superblock tests/fuzz/replay_log_header \
	tests/fuzz/replay_log_entry tests/fuzz/replay_check tests/fuzz/replay_layout
tests_fuzz_replay_superblock_SOURCES = tests/fuzz/replay.c tests/fuzz/fuzz_superblock.c $(FUZZ_COMMON)
tests_fuzz_replay_superblock_LDADD = $(FUZZ_LIB)
tests_fuzz_replay_log_header_SOURCES = tests/fuzz/replay.c tests/fuzz/fuzz_log_header.c $(FUZZ_COMMON)
tests_fuzz_replay_log_header_LDADD = $(FUZZ_LIB)
tests_fuzz_replay_log_entry_SOURCES = tests/fuzz/replay.c tests/fuzz/fuzz_log_entry.c $(FUZZ_COMMON)
tests_fuzz_replay_log_entry_LDADD = $(FUZZ_LIB)
tests_fuzz_replay_check_SOURCES = tests/fuzz/replay.c tests/fuzz/fuzz_check.c $(FUZZ_COMMON)
tests_fuzz_replay_check_LDADD = $(FUZZ_LIB)
tests_fuzz_replay_layout_SOURCES = tests/fuzz/replay.c tests/fuzz/fuzz_layout.c $(FUZZ_COMMON)
tests_fuzz_replay_layout_LDADD = $(FUZZ_LIB)
check_PROGRAMS += tests/fuzz/replay_devset
tests_fuzz_replay_devset_SOURCES = tests/fuzz/replay.c tests/fuzz/fuzz_devset.c $(FUZZ_COMMON)
tests_fuzz_replay_devset_LDADD = $(FUZZ_LIB)
check_PROGRAMS += tests/fuzz/replay_probe
tests_fuzz_replay_probe_SOURCES = tests/fuzz/replay.c tests/fuzz/fuzz_probe.c $(FUZZ_COMMON)
tests_fuzz_replay_probe_LDADD = $(FUZZ_LIB)

check_PROGRAMS += tests/fuzz/make_seeds
tests_fuzz_make_seeds_SOURCES = tests/fuzz/make_seeds.c
tests_fuzz_make_seeds_LDADD = $(FUZZ_LIB)

E2E_TESTS += tests/fuzz/replay.sh
EXTRA_DIST += tests/fuzz/corpus tests/fuzz/regress tests/fuzz/run.sh

if ENABLE_FUZZING
EXTRA_PROGRAMS += tests/fuzz/fuzz_superblock tests/fuzz/fuzz_log_header \
	tests/fuzz/fuzz_log_entry tests/fuzz/fuzz_check tests/fuzz/fuzz_layout
tests_fuzz_fuzz_superblock_SOURCES = tests/fuzz/fuzz_superblock.c $(FUZZ_COMMON)
tests_fuzz_fuzz_superblock_LDADD = $(FUZZ_LIB)
tests_fuzz_fuzz_superblock_LDFLAGS = $(FUZZ_LDFLAGS)
tests_fuzz_fuzz_log_header_SOURCES = tests/fuzz/fuzz_log_header.c $(FUZZ_COMMON)
tests_fuzz_fuzz_log_header_LDADD = $(FUZZ_LIB)
tests_fuzz_fuzz_log_header_LDFLAGS = $(FUZZ_LDFLAGS)
tests_fuzz_fuzz_log_entry_SOURCES = tests/fuzz/fuzz_log_entry.c $(FUZZ_COMMON)
tests_fuzz_fuzz_log_entry_LDADD = $(FUZZ_LIB)
tests_fuzz_fuzz_log_entry_LDFLAGS = $(FUZZ_LDFLAGS)
tests_fuzz_fuzz_check_SOURCES = tests/fuzz/fuzz_check.c $(FUZZ_COMMON)
tests_fuzz_fuzz_check_LDADD = $(FUZZ_LIB)
tests_fuzz_fuzz_check_LDFLAGS = $(FUZZ_LDFLAGS)
tests_fuzz_fuzz_layout_SOURCES = tests/fuzz/fuzz_layout.c $(FUZZ_COMMON)
tests_fuzz_fuzz_layout_LDADD = $(FUZZ_LIB)
tests_fuzz_fuzz_layout_LDFLAGS = $(FUZZ_LDFLAGS)
EXTRA_PROGRAMS += tests/fuzz/fuzz_devset
tests_fuzz_fuzz_devset_SOURCES = tests/fuzz/fuzz_devset.c $(FUZZ_COMMON)
tests_fuzz_fuzz_devset_LDADD = $(FUZZ_LIB)
tests_fuzz_fuzz_devset_LDFLAGS = $(FUZZ_LDFLAGS)
EXTRA_PROGRAMS += tests/fuzz/fuzz_probe
tests_fuzz_fuzz_probe_SOURCES = tests/fuzz/fuzz_probe.c $(FUZZ_COMMON)
tests_fuzz_fuzz_probe_LDADD = $(FUZZ_LIB)
tests_fuzz_fuzz_probe_LDFLAGS = $(FUZZ_LDFLAGS)

FUZZ_BINS = $(FUZZ_TARGETS:%=tests/fuzz/fuzz_%)
else
FUZZ_BINS =
endif

FUZZ_SECONDS = 60
fuzz: $(FUZZ_BINS)
	@test -n "$(FUZZ_BINS)" || { echo "configure with CC=clang --enable-fuzzing first"; exit 1; }
fuzz-run: fuzz
	$(SHELL) $(srcdir)/tests/fuzz/run.sh $(FUZZ_SECONDS) $(FUZZ_TARGETS)
fuzz-seeds: tests/fuzz/make_seeds
	./tests/fuzz/make_seeds $(srcdir)/tests/fuzz/corpus
.PHONY: fuzz fuzz-run fuzz-seeds
