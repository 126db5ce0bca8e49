#!/bin/sh
# One set of rules for every tool: what fsck.famfs only warns about, the
# other tools still use (famfs-cp --list, copy-out and copy-in, famfs-layout
# --all and --plan); what it calls an error is refused, entry by entry
# (famfs-layout --all describes the other files and exits 1).
. "$top_srcdir/tests/e2e/lib.sh"
FSCK=$TOOLS/fsck.famfs
CP=$TOOLS/famfs-cp
LAYOUT=$TOOLS/famfs-layout
TESTIMG=$top_builddir/tests/helpers/testimg
img=$T/fs.img
printf 'new' >"$T/new" || fail "source file"

# warning_only NAME SIZE SPEC WARNING FILE: an image fsck calls clean with
# that warning; every tool works on it, FILE included
warning_only()
{
	printf '%s\n' "$3" | "$TESTIMG" build -s "$2" "$img" || fail "$1: testimg build"
	run_nowrite 0 "$img" "$FSCK" -q "$img"
	expect_out "warning $4"
	grep -q '^error ' "$T/out" && fail "$1: fsck finds an error"
	run_nowrite 0 "$img" "$CP" --list "$img:"
	grep -qE " $5\$" "$T/out" || { cat "$T/out" >&2; fail "$1: --list lacks $5"; }
	rm -rf "$T/out.d" && mkdir "$T/out.d" || fail "scratch"
	run_nowrite 0 "$img" "$CP" "$img:$5" "$T/out.d/f"
	[ -f "$T/out.d/f" ] || fail "$1: copy-out made nothing"
	run_nowrite 0 "$img" "$LAYOUT" --all "$img"
	expect_out "\"path\": \"$5\""
	run_nowrite 0 "$img" "$LAYOUT" "$img" "$5"
	run_nowrite 0 "$img" "$LAYOUT" --plan 2m "$img"
	run 0 "$CP" "$T/new" "$img:new"
	run 0 "$FSCK" -q "$img"
	grep -q '^error ' "$T/out" && fail "$1: famfs-cp broke the image"
	return 0
}

# 1. The case: a 3 MiB extent ending at the end of a device that is
# not a whole number of 2 MiB units (famfs-cp said "ends past the device end").
warning_only end-of-device 65m 'file a 3m 62m:3m' ext-len a

# 2. A file with a zero-length extent among others.
warning_only zero-extent 64m 'file b 2m 10m:2m 12m:0' ext-len b

# 3. An empty striped file whose strips are of length zero (famfs-layout
# --all rejected the whole file system for it).
warning_only zero-strips 64m 'file k 4096 20m:2m
stripe c 0 2m 14m:0 16m:0' ext-len c

# 4. An extent length that is not a multiple of 2 MiB, inside the device.
warning_only short-extent 64m 'file d 1m 10m:1m' ext-len d

# 5. Other warnings: an owner hosts ignore, a torn append past the live slots.
warning_only owner 64m 'file o 4096 10m:2m uid=7' replay-owner-ignored o
printf '%s\n' 'file s 4096 10m:2m' 'dir t' 'header next_index=1' |
	"$TESTIMG" build -s 64m "$img" || fail "testimg build"
run_nowrite 0 "$img" "$FSCK" -q "$img"
expect_out "warning log-stale-slot"
run_nowrite 0 "$img" "$LAYOUT" --all "$img"
expect_out '"path": "s"'

# 6. An error rejects its entry only: --all names it, describes the others,
# exits 1; --list and copy-out leave it out too.
printf '%s\n' 'file good 4096 10m:2m' 'file bad 4096 12m:2m' 'file also 4096 12m:2m' |
	"$TESTIMG" build -s 64m "$img" || fail "testimg build"
run_nowrite 4 "$img" "$FSCK" -q "$img"
expect_out "error ext-overlap [entry 2 'also']"
run_nowrite 1 "$img" "$LAYOUT" --all "$img"
expect_out '"path": "good"'
expect_out '"path": "bad"'
expect_err "$img:also: fsck.famfs rejects it; not described"
grep -q '"path": "also"' "$T/out" && fail "--all described a rejected file"
run_nowrite 0 "$img" "$CP" --list "$img:"
grep -q ' also$' "$T/out" && fail "--list shows a rejected file"
run_nowrite 0 "$img" "$LAYOUT" "$img" good

done_ok
