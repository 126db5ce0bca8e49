#!/bin/sh
# Files on the secondaries of a multi-device file system: fsck.famfs takes
# them, famfs-cp copies them out and lists them with the members found by
# -d or --image-dir, and names the device it cannot find. famfs-cp puts
# them there itself (--use-device; cp_set_write.sh tests the placement).
. "$top_srcdir/tests/e2e/lib.sh"
MKFS=$TOOLS/mkfs.famfs
FSCK=$TOOLS/fsck.famfs
CP=$TOOLS/famfs-cp

mkdir "$T/set" || fail "mkdir"
P=$T/set/p.img
for i in p s1 s2 s3; do mkimg "$T/set/$i.img" 64m; done
run 0 "$MKFS" "$P" "$T/set/s1.img" "$T/set/s2.img" "$T/set/s3.img"
head -c 3000000 /dev/urandom >"$T/plain"
head -c 5000000 /dev/urandom >"$T/striped"
run 0 "$CP" --image-dir "$T/set" --use-device 1 "$T/plain" "$P:plain"
run 0 "$CP" --image-dir "$T/set" --use-device 2 --stripe 2,2m "$T/striped" "$P:striped"
run 0 "$FSCK" -v --image-dir "$T/set" "$P"
pext=$(sed -n '/file plain/{n;s/.*\[\(0x[0-9a-f]*\), +\([0-9]*\)).*/\1 \2/p}' "$T/out")
slen=$(sed -n '/file striped/{n;s/.*\[\(0x[0-9a-f]*\), +\([0-9]*\))[^[]*\[\(0x[0-9a-f]*\), +\([0-9]*\)).*/\2 \4/p}' "$T/out")
[ -n "$pext" ] && [ -n "$slen" ] || fail "no layout in fsck -v"
set -- $slen
sext="0 $(($1 + $2))"

# the check takes extents on devices 1 and 2
run 0 "$FSCK" -v "$P"
expect_out "clean"

# copy out with the members named, or found in their directory
run 0 "$CP" -d "$T/set/s1.img" -d "$T/set/s2.img" "$P:plain" "$T/out1"
cmp "$T/plain" "$T/out1" || fail "plain file differs after copy-out with -d"
run 0 "$CP" --image-dir "$T/set" "$P:striped" "$T/out2"
cmp "$T/striped" "$T/out2" || fail "striped file differs after copy-out with --image-dir"

# a member missing: the files on it are not copied, the error names it
run 1 "$CP" -d "$T/set/s2.img" "$P:plain" "$T/out3"
expect_err "device 1"
expect_err "$(od -An -tx1 -j64 -N4 "$T/set/s1.img" | tr -d ' \n')"
[ -e "$T/out3" ] && [ -s "$T/out3" ] && fail "a file on a missing device was copied out"
# --list still lists, and says which device it could not find
run 0 "$CP" --list "$P"
expect_out "plain"
expect_out "striped"
expect_err "device 1"
expect_err "device 2"

# famfs-layout shows each strip's device, and plans beside them
LAYOUT=$TOOLS/famfs-layout
run 0 "$LAYOUT" -F json "$P" striped
expect_out '"dev": 2'
run 0 "$LAYOUT" -F json "$P" plain
expect_out '"dev": 1'
run 0 "$LAYOUT" --plan 3m "$P"

# copy in beside files on the secondaries: a new file on device 0 is
# clear of their offsets there, and the check stays clean
head -c 2500000 /dev/urandom >"$T/more"
run 0 "$CP" --image-dir "$T/set" --use-device 0 "$T/more" "$P:more"
run 0 "$FSCK" -v --image-dir "$T/set" "$P"
expect_out "clean"
run 0 "$CP" --image-dir "$T/set" "$P:more" "$T/out4"
cmp "$T/more" "$T/out4" || fail "file copied in beside a set differs"
run 0 "$CP" --image-dir "$T/set" "$P:plain" "$T/out5"
cmp "$T/plain" "$T/out5" || fail "plain file changed by a copy-in"

# fsck.famfs over the set: without the members it checks the log and warns
run 0 "$FSCK" "$P"
expect_out "dev-missing"
expect_out "device 1"
expect_out "could not be checked"
run 0 "$FSCK" --image-dir "$T/set" "$P"
grep -q "dev-missing" "$T/out" && fail "members found in --image-dir reported missing"
expect_out "clean"
run 0 "$FSCK" -j -d "$T/set/s1.img" -d "$T/set/s2.img" -d "$T/set/s3.img" "$P"
grep -q "dev-missing" "$T/out" && fail "members named with -d reported missing"
# space per device, in text and JSON
run 0 "$FSCK" --image-dir "$T/set" "$P"
expect_out "devices:"
set -- $pext
expect_out "device 1        data area 65011712 bytes, allocated $2 bytes, free $((65011712 - $2)) bytes"
set -- $sext
expect_out "device 2        data area 65011712 bytes, allocated $2 bytes, free $((65011712 - $2)) bytes"
expect_out "device 3        data area 65011712 bytes, allocated 0 bytes, free 65011712 bytes"
run 0 "$FSCK" "$P"
expect_out "(device not found: not checked)"
run 0 "$FSCK" -j --image-dir "$T/set" "$P"
python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))["devices"]
assert len(d) == 4 and all(m["found"] for m in d), d
assert d[1]["allocated"] == int(sys.argv[2]) and d[3]["allocated"] == 0, d
assert d[2]["allocated"] == int(sys.argv[3]) and d[0]["allocated"] > 0, d
' "$T/out" "$(echo $pext | cut -d" " -f2)" "$(echo $sext | cut -d" " -f2)" ||
	fail "fsck -j devices"

# a member smaller than its ADD_DAXDEV entry records
mkdir "$T/small" || fail "mkdir"
cp "$T/set/s3.img" "$T/small/s3.img" || fail "cp"
truncate -s 32m "$T/small/s3.img" || fail "truncate"
run 4 "$FSCK" -d "$T/set/s1.img" -d "$T/set/s2.img" -d "$T/small/s3.img" "$P"
expect_out "dev-member"
expect_out "device 3"

done_ok
