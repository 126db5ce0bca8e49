# Check unit tests. Each links the internal library so it can reach
# internal helpers as well as the public API.
UNIT_LDADD = libfamfs/libfamfs-internal.la $(CHECK_LIBS) $(UUID_LIBS)
UNIT_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS) $(UUID_CFLAGS) -I$(top_srcdir)/libfamfs

check_PROGRAMS += tests/unit/test_format
tests_unit_test_format_SOURCES = tests/unit/test_format.c tests/unit/unit.h
tests_unit_test_format_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_format_LDADD = $(UNIT_LDADD)

TESTS += tests/unit/test_format

check_PROGRAMS += tests/unit/test_namespace
tests_unit_test_namespace_SOURCES = tests/unit/test_namespace.c tests/unit/unit.h \
	tests/unit/logbuild.c tests/unit/logbuild.h
tests_unit_test_namespace_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_namespace_LDADD = $(UNIT_LDADD)
TESTS += tests/unit/test_namespace

check_PROGRAMS += tests/unit/test_fs
tests_unit_test_fs_SOURCES = tests/unit/test_fs.c tests/unit/unit.h \
	tests/unit/logbuild.c tests/unit/logbuild.h
tests_unit_test_fs_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_fs_LDADD = $(UNIT_LDADD)
TESTS += tests/unit/test_fs

check_PROGRAMS += tests/unit/test_mkfs
tests_unit_test_mkfs_SOURCES = tests/unit/test_mkfs.c tests/unit/unit.h \
	tests/unit/logbuild.c tests/unit/logbuild.h
tests_unit_test_mkfs_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_mkfs_LDADD = $(UNIT_LDADD)
TESTS += tests/unit/test_mkfs

check_PROGRAMS += tests/unit/test_device
tests_unit_test_device_SOURCES = tests/unit/test_device.c tests/unit/unit.h
tests_unit_test_device_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_device_LDADD = $(UNIT_LDADD)
TESTS += tests/unit/test_device

# Public headers as strict C99 and as C++, linked to the shared library.
check_PROGRAMS += tests/unit/headers_c99 tests/unit/headers_cxx
tests_unit_headers_c99_SOURCES = tests/unit/headers_c99.c
tests_unit_headers_c99_CPPFLAGS = -I$(top_srcdir)/include
tests_unit_headers_c99_CFLAGS = -std=c99 -pedantic $(FAMFS_CFLAGS)
tests_unit_headers_c99_LDADD = libfamfs/libfamfs.la
tests_unit_headers_cxx_SOURCES = tests/unit/headers_cxx.cc
tests_unit_headers_cxx_CPPFLAGS = -I$(top_srcdir)/include
tests_unit_headers_cxx_CXXFLAGS = -std=c++11 -pedantic -Wall -Wextra $(FAMFS_WERROR)
tests_unit_headers_cxx_LDADD = libfamfs/libfamfs.la
TESTS += tests/unit/headers_c99 tests/unit/headers_cxx

check_PROGRAMS += tests/unit/test_check
tests_unit_test_check_SOURCES = tests/unit/test_check.c tests/unit/unit.h \
	tests/unit/logbuild.c tests/unit/logbuild.h
tests_unit_test_check_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_check_LDADD = $(UNIT_LDADD)
TESTS += tests/unit/test_check

check_PROGRAMS += tests/unit/test_alloc
tests_unit_test_alloc_SOURCES = tests/unit/test_alloc.c tests/unit/unit.h \
	tests/unit/logbuild.c tests/unit/logbuild.h
tests_unit_test_alloc_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_alloc_LDADD = $(UNIT_LDADD)
TESTS += tests/unit/test_alloc

check_PROGRAMS += tests/unit/test_writer
tests_unit_test_writer_SOURCES = tests/unit/test_writer.c tests/unit/unit.h \
	tests/unit/logbuild.c tests/unit/logbuild.h
tests_unit_test_writer_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_writer_LDADD = $(UNIT_LDADD)
TESTS += tests/unit/test_writer

check_PROGRAMS += tests/unit/test_layout
tests_unit_test_layout_SOURCES = tests/unit/test_layout.c tests/unit/unit.h \
	tests/unit/logbuild.c tests/unit/logbuild.h
tests_unit_test_layout_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_layout_LDADD = $(UNIT_LDADD)
TESTS += tests/unit/test_layout

check_PROGRAMS += tests/unit/test_check_bounds
tests_unit_test_check_bounds_SOURCES = tests/unit/test_check_bounds.c tests/unit/unit.h \
	tests/unit/logbuild.c tests/unit/logbuild.h
tests_unit_test_check_bounds_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_check_bounds_LDADD = $(UNIT_LDADD)
TESTS += tests/unit/test_check_bounds

check_PROGRAMS += tests/unit/test_siphash
tests_unit_test_siphash_SOURCES = tests/unit/test_siphash.c tests/unit/unit.h
tests_unit_test_siphash_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_siphash_LDADD = $(UNIT_LDADD)
TESTS += tests/unit/test_siphash

check_PROGRAMS += tests/unit/test_ns_collide
tests_unit_test_ns_collide_SOURCES = tests/unit/test_ns_collide.c tests/unit/unit.h \
	tests/unit/collide.c tests/unit/collide.h
tests_unit_test_ns_collide_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_ns_collide_LDADD = $(UNIT_LDADD)
TESTS += tests/unit/test_ns_collide
# The tools' helpers for untrusted names (escaping, link-safe creation).
check_PROGRAMS += tests/unit/test_tools_escape
tests_unit_test_tools_escape_SOURCES = tests/unit/test_tools_escape.c tests/unit/unit.h \
	tools/json.c tools/safe_path.c
tests_unit_test_tools_escape_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_tools_escape_LDADD = tools/libtoolcommon.la $(UNIT_LDADD)
TESTS += tests/unit/test_tools_escape
check_PROGRAMS += tests/unit/test_overflow
tests_unit_test_overflow_SOURCES = tests/unit/test_overflow.c tests/unit/unit.h
tests_unit_test_overflow_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_overflow_LDADD = $(UNIT_LDADD)
TESTS += tests/unit/test_overflow

check_PROGRAMS += tests/unit/test_bus_guard
tests_unit_test_bus_guard_SOURCES = tests/unit/test_bus_guard.c tests/unit/unit.h
tests_unit_test_bus_guard_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_bus_guard_LDADD = $(UNIT_LDADD)
TESTS += tests/unit/test_bus_guard
check_PROGRAMS += tests/unit/test_alloc_extents
tests_unit_test_alloc_extents_SOURCES = tests/unit/test_alloc_extents.c tests/unit/unit.h
tests_unit_test_alloc_extents_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_alloc_extents_LDADD = $(UNIT_LDADD)
TESTS += tests/unit/test_alloc_extents

check_PROGRAMS += tests/unit/test_batch
tests_unit_test_batch_SOURCES = tests/unit/test_batch.c tests/unit/unit.h \
	tests/unit/logbuild.c tests/unit/logbuild.h
tests_unit_test_batch_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_batch_LDADD = $(UNIT_LDADD)
TESTS += tests/unit/test_batch
check_PROGRAMS += tests/unit/test_layout_target
tests_unit_test_layout_target_SOURCES = tests/unit/test_layout_target.c tests/unit/unit.h
tests_unit_test_layout_target_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_layout_target_LDADD = $(UNIT_LDADD)
TESTS += tests/unit/test_layout_target
# The tools' one parser of sizes and offsets.
check_PROGRAMS += tests/unit/test_tools_parse
tests_unit_test_tools_parse_SOURCES = tests/unit/test_tools_parse.c tests/unit/unit.h
tests_unit_test_tools_parse_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_tools_parse_LDADD = tools/libtoolcommon.la $(UNIT_LDADD)
TESTS += tests/unit/test_tools_parse
# The checker's progress reports (fsck.famfs -C).
check_PROGRAMS += tests/unit/test_check_progress
tests_unit_test_check_progress_SOURCES = tests/unit/test_check_progress.c tests/unit/unit.h \
	tests/unit/logbuild.c tests/unit/logbuild.h
tests_unit_test_check_progress_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_check_progress_LDADD = $(UNIT_LDADD)
TESTS += tests/unit/test_check_progress

check_PROGRAMS += tests/unit/test_check_replay
tests_unit_test_check_replay_SOURCES = tests/unit/test_check_replay.c tests/unit/unit.h \
	tests/unit/logbuild.c tests/unit/logbuild.h
tests_unit_test_check_replay_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_check_replay_LDADD = $(UNIT_LDADD)
TESTS += tests/unit/test_check_replay

check_PROGRAMS += tests/unit/test_daxmode
tests_unit_test_daxmode_SOURCES = tests/unit/test_daxmode.c tests/unit/unit.h
tests_unit_test_daxmode_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_daxmode_LDADD = $(UNIT_LDADD)
TESTS += tests/unit/test_daxmode

check_PROGRAMS += tests/unit/test_devset
tests_unit_test_devset_SOURCES = tests/unit/test_devset.c tests/unit/unit.h \
	tests/unit/logbuild.c tests/unit/logbuild.h
tests_unit_test_devset_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_devset_LDADD = $(UNIT_LDADD)
TESTS += tests/unit/test_devset
check_PROGRAMS += tests/unit/test_undo
tests_unit_test_undo_SOURCES = tests/unit/test_undo.c tests/unit/unit.h \
	tests/unit/logbuild.c tests/unit/logbuild.h
tests_unit_test_undo_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_undo_LDADD = $(UNIT_LDADD)
TESTS += tests/unit/test_undo

check_PROGRAMS += tests/unit/test_repair
tests_unit_test_repair_SOURCES = tests/unit/test_repair.c tests/unit/unit.h \
	tests/unit/logbuild.c tests/unit/logbuild.h
tests_unit_test_repair_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_repair_LDADD = $(UNIT_LDADD)
TESTS += tests/unit/test_repair

check_PROGRAMS += tests/unit/test_check_reclaim
tests_unit_test_check_reclaim_SOURCES = tests/unit/test_check_reclaim.c tests/unit/unit.h \
	tests/unit/logbuild.c tests/unit/logbuild.h
tests_unit_test_check_reclaim_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_check_reclaim_LDADD = $(UNIT_LDADD)
TESTS += tests/unit/test_check_reclaim
check_PROGRAMS += tests/unit/test_check_set
tests_unit_test_check_set_SOURCES = tests/unit/test_check_set.c tests/unit/unit.h \
	tests/unit/logbuild.c tests/unit/logbuild.h
tests_unit_test_check_set_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_check_set_LDADD = $(UNIT_LDADD)
TESTS += tests/unit/test_check_set
check_PROGRAMS += tests/unit/test_check_space
tests_unit_test_check_space_SOURCES = tests/unit/test_check_space.c tests/unit/unit.h \
	tests/unit/logbuild.c tests/unit/logbuild.h
tests_unit_test_check_space_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_check_space_LDADD = $(UNIT_LDADD)
TESTS += tests/unit/test_check_space
check_PROGRAMS += tests/unit/test_rewrite_set
tests_unit_test_rewrite_set_SOURCES = tests/unit/test_rewrite_set.c tests/unit/unit.h \
	tests/unit/logbuild.c tests/unit/logbuild.h
tests_unit_test_rewrite_set_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_rewrite_set_LDADD = $(UNIT_LDADD)
TESTS += tests/unit/test_rewrite_set

check_PROGRAMS += tests/unit/test_set_write
tests_unit_test_set_write_SOURCES = tests/unit/test_set_write.c tests/unit/unit.h
tests_unit_test_set_write_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_set_write_LDADD = $(UNIT_LDADD)
TESTS += tests/unit/test_set_write

check_PROGRAMS += tests/unit/test_resolve_daxmode
tests_unit_test_resolve_daxmode_SOURCES = tests/unit/test_resolve_daxmode.c tests/unit/unit.h
tests_unit_test_resolve_daxmode_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_resolve_daxmode_LDADD = $(UNIT_LDADD)
TESTS += tests/unit/test_resolve_daxmode

check_PROGRAMS += tests/unit/test_create_mem
tests_unit_test_create_mem_SOURCES = tests/unit/test_create_mem.c tests/unit/unit.h \
	tests/unit/logbuild.c tests/unit/logbuild.h
tests_unit_test_create_mem_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_create_mem_LDADD = $(UNIT_LDADD)
TESTS += tests/unit/test_create_mem
