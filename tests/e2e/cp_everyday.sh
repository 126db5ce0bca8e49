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
done_ok
