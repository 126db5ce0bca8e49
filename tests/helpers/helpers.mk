# Helpers the end-to-end tests run: testimg builds (and breaks) images.
check_PROGRAMS += tests/helpers/testimg
tests_helpers_testimg_SOURCES = tests/helpers/testimg.c
tests_helpers_testimg_CFLAGS = $(AM_CFLAGS) $(UUID_CFLAGS)
tests_helpers_testimg_LDADD = libfamfs/libfamfs-internal.la $(UUID_LIBS)

# sweep: the corruption sweep, run by tests/e2e/sweep.sh
check_PROGRAMS += tests/helpers/sweep
tests_helpers_sweep_SOURCES = tests/helpers/sweep.c
tests_helpers_sweep_LDADD = libfamfs/libfamfs-internal.la

# peakrun: a command's peak RSS and wall time, for tests/e2e/fsck_bounds.sh
check_PROGRAMS += tests/helpers/peakrun
tests_helpers_peakrun_SOURCES = tests/helpers/peakrun.c
# datadump: a file's non-zero blocks, for the tests to hash cheaply
check_PROGRAMS += tests/helpers/datadump
tests_helpers_datadump_SOURCES = tests/helpers/datadump.c
# daxhold: keeps a device mapped, for the VM test's refused mode switch
check_PROGRAMS += tests/helpers/daxhold
tests_helpers_daxhold_SOURCES = tests/helpers/daxhold.c
