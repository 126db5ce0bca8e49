# End-to-end tests: shell scripts that run the built tools on image files.
E2E_TESTS =
TESTS += $(E2E_TESTS)
EXTRA_DIST += $(E2E_TESTS) tests/e2e/lib.sh
TEST_EXTENSIONS = .sh
SH_LOG_COMPILER = $(SHELL)
AM_TESTS_ENVIRONMENT = \
	top_builddir='$(abs_top_builddir)'; export top_builddir; \
	top_srcdir='$(abs_top_srcdir)'; export top_srcdir; \
	FAMFS_VALGRIND='$(FAMFS_VALGRIND)'; export FAMFS_VALGRIND;
E2E_TESTS += tests/e2e/mkfs.sh
EXTRA_DIST += tests/e2e/sxz-restore.py tests/vectors/ref-a-64m-default.sxz \
	tests/vectors/ref-b-1g-log16m.sxz
E2E_TESTS += tests/e2e/manpages.sh
E2E_TESTS += tests/e2e/abi.sh
E2E_TESTS += tests/e2e/fsck.sh
E2E_TESTS += tests/e2e/cp.sh
E2E_TESTS += tests/e2e/cp_crash.sh
E2E_TESTS += tests/e2e/sweep.sh
E2E_TESTS += tests/e2e/hostile.sh

# The end-to-end tests with every tool run under valgrind: any memory
# error or definite leak makes the tool exit 99, which fails its test.
VALGRIND_CMD = valgrind -q --error-exitcode=99 --leak-check=full \
	--errors-for-leak-kinds=definite --show-leak-kinds=definite
check-valgrind:
	$(MAKE) $(AM_MAKEFLAGS) check TESTS="$(VALGRIND_TESTS)" FAMFS_VALGRIND="$(VALGRIND_CMD)"
.PHONY: check-valgrind
VALGRIND_TESTS = tests/e2e/mkfs.sh tests/e2e/fsck.sh tests/e2e/cp.sh tests/e2e/hostile.sh \
	tests/e2e/layout.sh tests/e2e/mkfs_image.sh tests/e2e/cp_everyday.sh
E2E_TESTS += tests/e2e/layout.sh
E2E_TESTS += tests/e2e/mkfs_image.sh
E2E_TESTS += tests/e2e/fsck_bounds.sh
E2E_TESTS += tests/e2e/harness.sh
E2E_TESTS += tests/e2e/cp_hostile_host.sh
E2E_TESTS += tests/e2e/device_hostile.sh
E2E_TESTS += tests/e2e/cp_everyday.sh
E2E_TESTS += tests/e2e/cp_batch_crash.sh
E2E_TESTS += tests/e2e/layout_targets.sh
E2E_TESTS += tests/e2e/fsck_opts.sh
E2E_TESTS += tests/e2e/options.sh
# options.sh reads the letter table and the Debian file list
EXTRA_DIST += docs/options.md debian/famfs-progs.install
E2E_TESTS += tests/e2e/fsck_replay.sh
E2E_TESTS += tests/e2e/one_validation.sh
E2E_TESTS += tests/e2e/layers.sh
E2E_TESTS += tests/e2e/daxmode.sh
E2E_TESTS += tests/e2e/probe.sh
E2E_TESTS += tests/e2e/mkfs_set.sh
E2E_TESTS += tests/e2e/devadd.sh
VALGRIND_TESTS += tests/e2e/probe.sh tests/e2e/mkfs_set.sh tests/e2e/devadd.sh
E2E_TESTS += tests/e2e/members.sh
VALGRIND_TESTS += tests/e2e/members.sh
E2E_TESTS += tests/e2e/rm_undo.sh
E2E_TESTS += tests/e2e/fsck_repair.sh
E2E_TESTS += tests/e2e/cp_plan_follow.sh
E2E_TESTS += tests/e2e/cp_set.sh
E2E_TESTS += tests/e2e/fsck_set_space.sh
E2E_TESTS += tests/e2e/layout_set.sh
EXTRA_DIST += tests/e2e/set_lib.sh tests/e2e/fake_dax_lib.sh
E2E_TESTS += tests/e2e/rm_set.sh
E2E_TESTS += tests/e2e/cp_set_write.sh
E2E_TESTS += tests/e2e/sweep_set.sh
E2E_TESTS += tests/e2e/members_unused.sh
E2E_TESTS += tests/e2e/daxmode_set.sh
E2E_TESTS += tests/e2e/cp_parallel.sh
E2E_TESTS += tests/e2e/fsck_repair_set.sh
