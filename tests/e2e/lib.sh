# Shared helpers for the end-to-end tests (their own variables start with
# an underscore). Source it first thing:
#   . "$top_srcdir/tests/e2e/lib.sh"
# Every test runs in its own scratch directory ($T), removed on exit, and
# never touches /opt/famfs: the system UUID comes from $FAMFS_SYSTEM_UUID.
set -u

: "${top_builddir:?run through make check}"
: "${top_srcdir:?run through make check}"
TOOLS=$top_builddir/tools
# libtool's wrapper scripts cost a tenth of a second a run, which adds up
# to minutes over the suite: run the real binaries, with the uninstalled
# library on the search path. Only when the tool is a wrapper for them: a
# later static build leaves stale binaries in .libs (and libtool writes the
# wrapper after the binary, so comparing their times does not tell).
if [ -x "$TOOLS/.libs/mkfs.famfs" ] &&
   head -n 5 "$TOOLS/mkfs.famfs" | grep -q 'wrapper script for \.libs/mkfs\.famfs$'; then
	TOOLS=$TOOLS/.libs
	LD_LIBRARY_PATH=$top_builddir/libfamfs/.libs${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}
	export LD_LIBRARY_PATH
fi
T=$(mktemp -d "${TMPDIR:-/tmp}/famfs-e2e.XXXXXX")
trap 'rm -rf "$T"' EXIT
FAMFS_SYSTEM_UUID=5f0e6c3a-1b2d-4c8e-9f10-112233445566
export FAMFS_SYSTEM_UUID
unset FAMFS_SYSTEM_UUID_FILE
NTESTS=0

fail()
{
	echo "FAIL: $*" >&2
	exit 1
}

skip()
{
	echo "SKIP: $*" >&2
	exit 77
}

# A sparse image file of the given size (truncate syntax: 1G, 64M, ...).
mkimg()
{
	rm -f "$1"
	truncate -s "$2" "$1" || fail "cannot create image $1"
}

# sum FILE: a hash of FILE's size and bytes that costs what it holds, not
# its size (tests/helpers/datadump skips holes and zero blocks; equal sums
# mean equal files, as with a whole-file sha256). Use as
# "x=$(sum F) || fail ...": a failure prints nothing and returns 1.
sum()
{
	"$top_builddir/tests/helpers/datadump" "$1" >"$T/.datadump" || return 1
	sha256sum <"$T/.datadump" | cut -d' ' -f1
}

# run EXPECTED_EXIT CMD...: run CMD, keep its stdout in $T/out and stderr
# in $T/err, and fail unless it exits EXPECTED_EXIT.
run()
{
	_want=$1
	shift
	NTESTS=$((NTESTS + 1))
	# progress in the test's .log: which check is running
	echo "check $NTESTS: $*"
	# make check-valgrind sets FAMFS_VALGRIND to a valgrind command line
	# shellcheck disable=SC2086
	${FAMFS_VALGRIND:-} "$@" >"$T/out" 2>"$T/err"
	_got=$?
	if [ "$_got" != "$_want" ]; then
		echo "--- stdout:" >&2; cat "$T/out" >&2
		echo "--- stderr:" >&2; cat "$T/err" >&2
		fail "exit $_got, expected $_want: $*"
	fi
	return 0
}

# expect_out|expect_err FIXED-STRING: the last run's stdout/stderr holds it.
expect_out()
{
	grep -qF -- "$1" "$T/out" || { cat "$T/out" >&2; fail "stdout lacks: $1"; }
}

expect_err()
{
	grep -qF -- "$1" "$T/err" || { cat "$T/err" >&2; fail "stderr lacks: $1"; }
}

# run_nowrite EXPECTED_EXIT IMAGE CMD...: like run, and IMAGE is unchanged.
run_nowrite()
{
	_nw_want=$1
	_nw_img=$2
	shift 2
	_nw_before=$(sum "$_nw_img") || fail "cannot read $_nw_img"
	run "$_nw_want" "$@"
	_nw_after=$(sum "$_nw_img") || fail "cannot read $_nw_img"
	[ "$_nw_after" = "$_nw_before" ] || fail "image $_nw_img was modified by: $*"
}

done_ok()
{
	echo "PASS: $NTESTS checks"
	exit 0
}
