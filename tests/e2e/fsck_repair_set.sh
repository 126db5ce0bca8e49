#!/bin/sh
# fsck.famfs -p/-y on a multi-device file system: the log repair checks
# each file against its own device (it used to drop every file on a
# secondary as "only device 0 exists"), and errors in a member's
# superblock are reported, never "repaired" by rewriting the log.
. "$top_srcdir/tests/e2e/lib.sh"
FSCK=$TOOLS/fsck.famfs
CP=$TOOLS/famfs-cp
TI=$top_builddir/tests/helpers/testimg

mkdir "$T/set" || fail "mkdir"
P=$T/set/p.img
S=$T/set/s1.img
mkimg "$P" 32M
mkimg "$S" 16M
run 0 "$TOOLS/mkfs.famfs" -q "$P" "$S"
head -c 3000000 /dev/urandom >"$T/a"
head -c 1000 /dev/urandom >"$T/b"
head -c 2000 /dev/urandom >"$T/c"
run 0 "$CP" --image-dir "$T/set" --use-device 1 "$T/a" "$P:a"
run 0 "$CP" --image-dir "$T/set" --use-device 0 "$T/b" "$P:b"
run 0 "$CP" --image-dir "$T/set" --use-device 1 "$T/c" "$P:c"
run 0 "$FSCK" --image-dir "$T/set" "$P"
expect_out "clean, 0 warnings"
cp "$P" "$T/p.clean"

# 1. a damaged secondary superblock (its DAX device UUID): an error, and
# -p and -y write nothing to either image
cp "$S" "$T/s.clean"
"$TI" poke "$S" 120 ff >/dev/null || fail "poke"
for mode in -p -y; do
	run 4 "$FSCK" $mode --no-undo --image-dir "$T/set" "$P"
	expect_out "error dev-member [device 1 '$T/set/s1.img']"
	expect_err "the errors are in members of the set, which fsck.famfs does not repair"
	cmp -s "$P" "$T/p.clean" || fail "fsck.famfs $mode rewrote the log for a member error"
done
run 4 "$FSCK" -y -j --no-undo --image-dir "$T/set" "$P"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["exit_code"] == 4, d' \
	"$T/out" || fail "-y -j: not one JSON document with exit code 4"
cp "$T/s.clean" "$S"

# 2. a log error beside files on the secondary: -y drops only the bad
# entry (b's), every file on device 1 stays, byte for byte
# slot 0 adds device 1; a, b, c are slots 1, 2, 3
"$TI" poke "$P" $(($("$TI" offset-of 2) + 30)) ff >/dev/null || fail "poke"
run 4 "$FSCK" --image-dir "$T/set" "$P"
expect_out "error entry-crc [entry 2]"
# the bad entry is not taken for a lost device: a and c stay on device 1
grep -q "ext-dev-index" "$T/out" && fail "a bad entry made the checker forget device 1"
run 1 "$FSCK" -y --no-undo --image-dir "$T/set" "$P"
expect_out "fixed"
grep -q "dropped the file: .*only device 0" "$T/out" && fail "a file on device 1 was dropped"
run 0 "$FSCK" --image-dir "$T/set" "$P"
expect_out "clean, 0 warnings"
for f in a c; do
	run 0 "$CP" --image-dir "$T/set" "$P:$f" "$T/$f.back"
	cmp -s "$T/$f" "$T/$f.back" || fail "$f differs after the repair"
done
run 1 "$CP" --image-dir "$T/set" "$P:b" "$T/b.back"
cmp -s "$S" "$T/s.clean" || fail "the repair wrote to the secondary"
done_ok
