#!/bin/sh
# famfs-cp as used every day: a DEST ending in '/' names a directory (as
# with cp), a wrong destination is named with the reason, and paths out
# are joined without doubled slashes.
. "$top_srcdir/tests/e2e/lib.sh"
CP=$TOOLS/famfs-cp
FSCK=$TOOLS/fsck.famfs
MKFS=$TOOLS/mkfs.famfs
img=$T/fs.img

fresh()
{
	mkimg "$img" "${1:-64M}"
	run 0 "$MKFS" -q "$img"
}

judge()
{
	run 0 "$FSCK" -q "$img"
	[ ! -s "$T/out" ] || { cat "$T/out" >&2; fail "fsck findings after: $1"; }
}

printf 'short\n' >"$T/short.txt"
mkdir -p "$T/src/inner"
printf 'a' >"$T/src/a"
printf 'bb' >"$T/src/inner/b"

# --- item 1: DEST/ is a directory
fresh
run 0 "$CP" -p "$T/short.txt" "$img:sub/keep"
run 0 "$CP" "$T/short.txt" "$img:sub/"
run 0 "$CP" --list "$img:sub"
expect_out "/short.txt"
run 0 "$CP" "$T/src/a" "$img:/sub//"
run 0 "$CP" --list "$img:sub"
expect_out "  sub/a"
judge "a copy into sub/"
# a missing directory: refused without -p, made with -p
run_nowrite 1 "$img" "$CP" "$T/short.txt" "$img:nodir/"
expect_err "nodir/: no such directory; give -p"
run 0 "$CP" -p "$T/short.txt" "$img:made/deeper/"
run 0 "$CP" --list "$img:made/deeper"
expect_out "/short.txt"
# a file is not a directory
run_nowrite 1 "$img" "$CP" "$T/short.txt" "$img:sub/keep/"
expect_err "sub/keep/: not a directory"
# -r into a new deep directory with -p: the tree goes inside it
run 0 "$CP" -r -p "$T/src" "$img:/new/deep/"
run 0 "$CP" --list "$img:new/deep/src/inner"
expect_out "inner/b"
# -r of one directory to a missing DEST/ makes DEST the copy, as cp -r does
run 0 "$CP" -r "$T/src" "$img:copy/"
run 0 "$CP" --list "$img:copy/inner"
expect_out "inner/b"
judge "-r into DEST/"
# copy out: no doubled slashes in what it prints, files land in out/
mkdir "$T/xo"
run 0 "$CP" -v -r "$img:new/deep/src" "$img:sub/short.txt" "$T/xo/"
if grep -F '//' "$T/out" >/dev/null; then cat "$T/out" >&2; fail "doubled slash in copy-out output"; fi
cmp "$T/short.txt" "$T/xo/short.txt" || fail "short.txt differs after copy-out"
cmp "$T/src/inner/b" "$T/xo/src/inner/b" || fail "src/inner/b differs after copy-out"

# --- item 5: a wrong destination is named, not the source
run 2 "$CP" "$T/short.txt" "$T/missing.img:x"
expect_err "no such image or device '$T/missing.img'"
if grep -F "short.txt' is neither" "$T/err" >/dev/null; then fail "the source is blamed"; fi
run_nowrite 2 "$img" "$CP" "$T/short.txt" "$img"
expect_err "'$img' is an image or device, but the path inside it is missing: give '$img:/'"
run 2 "$CP" "$T/short.txt" "$T/src:x"
expect_err "'$T/src' is not an image file or device"
run 2 "$CP" "$T/short.txt" "$T/nowhere"
expect_err "'$T/nowhere' is not DEVICE:PATH"

# --- item 7: fragmented free space: the fewest extents (at most 16), not "no space"
TESTIMG=$top_builddir/tests/helpers/testimg
LAYOUT=$TOOLS/famfs-layout
M=1048576
mkimg "$img" 128M
# every other 2 MiB unit after the log is used: 29 free ranges of 2 MiB
for u in $(seq 5 2 63); do echo "file p$u 2m $((u * 2))m:2m"; done >"$T/spec"
"$TESTIMG" build -s 128m "$img" <"$T/spec" >/dev/null || fail "testimg build"
judge "the fragmented image"
# 17 pieces would be needed: refused, naming the limit and the numbers
head -c $((33 * M)) /dev/urandom >"$T/frag17"
run_nowrite 1 "$img" "$CP" "$T/frag17" "$img:frag17"
expect_err "no space: 35651584 bytes needed, but a file has at most 16 extents"
expect_err "bytes free in total"
run 1 "$LAYOUT" --plan $((33 * M)) "$img"
expect_err "a file has at most 16 extents"
head -c $((31 * M + 7)) /dev/urandom >"$T/frag"
run 0 "$LAYOUT" --plan $((31 * M + 7)) "$img"
expect_out "in 16 segments"
run 0 "$CP" -v "$T/frag" "$img:frag"
expect_out "(16 extents: no free range holds it whole)"
judge "a file in 16 extents"
run 0 "$CP" "$img:frag" "$T/frag.back"
cmp "$T/frag" "$T/frag.back" || fail "a file in 16 extents differs after the round trip"
# a striped file that fits no bucket gets a hint
run_nowrite 1 "$img" "$CP" -S 2,2m,4 "$T/frag17" "$img:s"
expect_err "use more strips (each smaller), or no striping"
done_ok
