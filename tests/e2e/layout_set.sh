#!/bin/sh
# famfs-layout over a multi-device file system (1 + 3 images): each strip's
# device index and member path (found with -d or --image-dir) in text, JSON
# and YAML; --offset names the device; --reverse INDEX:OFFSET finds the file
# a secondary's byte belongs to; a member not found is shown by index with
# a warning naming it, and -R on it is an error naming index and UUID.
. "$top_srcdir/tests/e2e/lib.sh"
. "$top_srcdir/tests/e2e/set_lib.sh"
LAYOUT=$TOOLS/famfs-layout
M=1048576

make_set "$T/set"
S1=$T/set/s1.img
S2=$T/set/s2.img
# device UUID of a member: bytes 64-79 of its superblock, as text
dev_uuid() { od -An -tx1 -j64 -N16 "$1" | tr -d ' \n' |
	sed 's/\(.\{8\}\)\(.\{4\}\)\(.\{4\}\)\(.\{4\}\)/\1-\2-\3-\4-/'; }
U1=$(dev_uuid "$S1")
U2=$(dev_uuid "$S2")

# text: the member path of each strip, found in --image-dir
run 0 "$LAYOUT" --image-dir "$T/set" "$SET_P" striped
expect_out "$(printf '0x%016x' "$STRIP_OFF") 4194304        2097152      2097152 $S2"
expect_out "$SET_P"
[ -s "$T/err" ] && fail "warnings with every member found: $(cat "$T/err")"
run 0 "$LAYOUT" -d "$S1" "$SET_P" plain
expect_out "$(printf '0x%016x' "$PLAIN_OFF") 4194304        4194304      0 $S1"
# JSON and YAML: dev and dev_path of each strip
run 0 "$LAYOUT" -F json -d "$S2" "$SET_P" striped
python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
st = d["segments"][0]["strips"]
assert [s["dev"] for s in st] == [0, 2], st
assert st[0]["dev_path"] == sys.argv[2] and st[1]["dev_path"] == sys.argv[3], st
assert st[1]["offset"] == int(sys.argv[4]), st
' "$T/out" "$SET_P" "$S2" "$STRIP_OFF" || fail "json strips of striped"
# strip 0 stays on device 0
S0OFF=$(python3 -c 'import json, sys
print(json.load(open(sys.argv[1]))["segments"][0]["strips"][0]["offset"])' "$T/out")
run 0 "$LAYOUT" -F yaml --image-dir "$T/set" "$SET_P" plain
expect_out "      - dev: 1"
expect_out "        dev_path: \"$S1\""

# --offset: byte 3 MiB of striped is strip 1, on device 2
run 0 "$LAYOUT" -t $((3 * M)) --image-dir "$T/set" "$SET_P" striped
expect_out "file offset $((3 * M)): device 2 ($S2) offset $(printf '0x%x' $((STRIP_OFF + M)))"
run 0 "$LAYOUT" -t $((3 * M)) -F json -d "$S2" "$SET_P" striped
expect_out "\"dev\": 2, \"dev_path\": \"$S2\", \"dev_offset\": $((STRIP_OFF + M))"

# --reverse INDEX:OFFSET on a secondary: with PATH, and finding the file
run 0 "$LAYOUT" -R 2:$((STRIP_OFF + 4096)) --image-dir "$T/set" "$SET_P" striped
expect_out "device 2 ($S2) offset $(printf '0x%x' $((STRIP_OFF + 4096))): file offset $((2 * M + 4096)) of striped"
run 0 "$LAYOUT" -R 1:$((PLAIN_OFF + 5)) -d "$S1" "$SET_P"
expect_out "device 1 ($S1) offset $(printf '0x%x' $((PLAIN_OFF + 5))): file offset 5 of plain"
run 0 "$LAYOUT" -R 2:$((STRIP_OFF + M + 5)) -F json -d "$S2" "$SET_P"
python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
assert d["dev"] == 2 and d["path"] == "striped" and d["file_offset"] == 3 * 1048576 + 5, d
assert d["dev_path"] == sys.argv[2] and d["past_end"] is False, d
' "$T/out" "$S2" || fail "json --reverse on device 2"
# the same offset on device 0 is another file's, or nobody's: the index counts
run 1 "$LAYOUT" -R 0:$((PLAIN_OFF + 5)) -d "$S1" "$SET_P"
expect_err "device 0 offset $(printf '0x%x' $((PLAIN_OFF + 5))) is not allocated to any file"
# no index: device 0, as before
run 0 "$LAYOUT" -R $((S0OFF + 4096)) "$SET_P"
expect_out "device 0 ($SET_P) offset $(printf '0x%x' $((S0OFF + 4096))): file offset 4096 of striped"
# an index the file system does not have, and one that is not a number
run 1 "$LAYOUT" -R 4:0 --image-dir "$T/set" "$SET_P"
expect_err "the file system has 4 devices (index 0 to 3)"
run 2 "$LAYOUT" -R x:0 "$SET_P"
expect_err "invalid --reverse"

# a member not found: the views show its index, and say which one
run 0 "$LAYOUT" -d "$S2" "$SET_P" plain
expect_out "0      1     $(printf '0x%016x' "$PLAIN_OFF")"
expect_out "(not found)"
expect_err "warning: device 1"
expect_err "$U1"
grep -q "device 2" "$T/err" && fail "warned about a member the file does not use"
run 0 "$LAYOUT" -F json "$SET_P" striped
expect_out '"dev": 2, "offset": '"$STRIP_OFF"', "dev_path": null'
expect_err "device 2"
expect_err "$U2"
run 0 "$LAYOUT" --all "$SET_P"
expect_out '"path": "plain"'
expect_out '"path": "striped"'
# -R on a member not found: an error naming its index and UUID
run 1 "$LAYOUT" -R 2:$((STRIP_OFF + 4096)) -d "$S1" "$SET_P"
expect_err "device 2"
expect_err "$U2"
[ -s "$T/out" ] && fail "-R on a missing member printed an answer"

# --plan: the device chosen, with its path: the freest, as famfs-cp places
# (s3 is the one member nothing is on; s1 and s2 hold a file each)
run 0 "$LAYOUT" --plan 3m --image-dir "$T/set" "$SET_P"
expect_out "0    extent  0      3     "
expect_out "$T/set/s3.img"
# an encoding whose kernel takes device 0 only still refuses
run 1 "$LAYOUT" -F fuse-fmap --hex --image-dir "$T/set" "$SET_P" striped
expect_err "device 0 only"

# one device: its table stays as it was, and -d is not silently ignored
mkimg "$T/one.img" 64m
run 0 "$TOOLS/mkfs.famfs" "$T/one.img"
run 0 "$TOOLS/famfs-cp" "$T/plain" "$T/one.img:plain"
run 0 "$LAYOUT" "$T/one.img" plain
expect_out "first file byte"
grep -q "member" "$T/out" && fail "a one-device layout has a member column"
run 0 "$LAYOUT" -d "$S1" "$T/one.img" plain
expect_err "warning: $T/one.img has no secondary devices: -d and --image-dir are not used"

done_ok
