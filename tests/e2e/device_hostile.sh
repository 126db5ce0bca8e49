#!/bin/sh
# Hostile devices and arguments: sizes that wrap 64 bits, devices that are
# not devices, images that change under the tool, extents far larger than
# their files, and writers racing on a block device. Each ends in a message
# and an exit status, never a signal, a hang or unbounded memory.
. "$top_srcdir/tests/e2e/lib.sh"
CP=$TOOLS/famfs-cp
FSCK=$TOOLS/fsck.famfs
LAYOUT=$TOOLS/famfs-layout
MKFS=$TOOLS/mkfs.famfs
TESTIMG=$top_builddir/tests/helpers/testimg
img=$T/fs.img
M=1048576
command -v timeout >/dev/null || skip "no timeout(1)"

# no_signal RC WHAT: RC is an exit status, not a death by signal (or timeout).
no_signal()
{
	[ "$1" -lt 124 ] || fail "$2: exit $1 (signal or timeout)"
	NTESTS=$((NTESTS + 1))
}

mkimg "$img" 64M
"$MKFS" "$img" >/dev/null || fail "mkfs"
printf 'abc\n' >"$T/small"

# --- sizes whose product or sum wraps are usage errors (exit 2) ---
for s in 4,4194304t 3,8388608t 16,524288t; do
	run 2 timeout 10 "$LAYOUT" --plan 4194304t --stripe "$s" "$img"
	expect_err "--stripe '$s'"
	run 2 timeout 10 "$CP" -S "$s" "$T/small" "$img:/s"
	expect_err "--stripe '$s'"
done
# 2^64 bytes does not parse at all
run 2 timeout 10 "$CP" -S 4,16777216t "$T/small" "$img:/s"
run 2 timeout 10 "$LAYOUT" --plan 16777216t "$img"
# the widest stripe allowed still plans (and finds no room)
run 1 timeout 10 "$LAYOUT" --plan 4194304t --stripe 8,524288t "$img"
expect_err "no space"
run 0 "$FSCK" -q "$img"

done_ok
