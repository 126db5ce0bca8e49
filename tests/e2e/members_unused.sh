#!/bin/sh
# No option is silently ignored: -d and --image-dir on a file system with
# one device are said to be unused, by every tool that takes them (and
# not by -q); the run itself goes on as without them.
. "$top_srcdir/tests/e2e/lib.sh"

mkdir "$T/d" || fail "mkdir"
img=$T/d/one.img
mkimg "$img" 32M
run 0 "$TOOLS/mkfs.famfs" -q "$img"
echo hello >"$T/h"
want="warning: $img has no secondary devices: -d and --image-dir are not used"

run 0 "$TOOLS/famfs-cp" -d "$img" "$T/h" "$img:h"
expect_err "$want"
run 0 "$TOOLS/famfs-cp" --image-dir "$T/d" "$img:h" "$T/h2"
expect_err "$want"
cmp -s "$T/h" "$T/h2" || fail "copy back differs"
run 0 "$TOOLS/famfs-cp" -L --image-dir "$T/d" "$img"
expect_err "$want"
run 0 "$TOOLS/fsck.famfs" --image-dir "$T/d" "$img"
expect_err "$want"
expect_out "clean, 0 warnings"
run 0 "$TOOLS/fsck.famfs" -j -d "$img" "$img"
expect_err "$want"
run 0 "$TOOLS/famfs-layout" -d "$img" "$img" h
expect_err "$want"
# -q: only errors
run 0 "$TOOLS/fsck.famfs" -q --image-dir "$T/d" "$img"
[ -s "$T/err" ] && fail "fsck.famfs -q printed: $(cat "$T/err")"
run 0 "$TOOLS/famfs-cp" -q -f --image-dir "$T/d" "$T/h" "$img:h3"
[ -s "$T/err" ] && fail "famfs-cp -q printed: $(cat "$T/err")"
# without the options, no warning
run 0 "$TOOLS/fsck.famfs" "$img"
[ -s "$T/err" ] && fail "fsck.famfs printed: $(cat "$T/err")"
done_ok
