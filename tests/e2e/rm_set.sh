#!/bin/sh
# famfs-rm over a multi-device file system (1 + 3 images): a file on a
# secondary and a file striped onto one are removed by rewriting the
# primary's log, their space is free per device in fsck.famfs and the
# check stays clean; the secondaries are never written. A member that is
# not found is named and the removal goes on; one found but not the one
# the device table records stops it with nothing written.
. "$top_srcdir/tests/e2e/lib.sh"
. "$top_srcdir/tests/e2e/set_lib.sh"
RM=$TOOLS/famfs-rm
FSCK=$TOOLS/fsck.famfs
UNDO=$TOOLS/famfs-undo
AREA=65011712	# a 64 MiB secondary's data area (its first unit is its superblock)

make_set "$T/set"
S1=$T/set/s1.img
S2=$T/set/s2.img
S3=$T/set/s3.img
dev_uuid() { od -An -tx1 -j64 -N16 "$1" | tr -d ' \n' |
	sed 's/\(.\{8\}\)\(.\{4\}\)\(.\{4\}\)\(.\{4\}\)/\1-\2-\3-\4-/'; }
before() { for f in "$S1" "$S2" "$S3"; do sum "$f" || fail "sum $f"; done; }
B=$(before)
P0=$(sum "$SET_P") || fail "sum"

# a member found but smaller than recorded: refused, nothing written
mkdir "$T/bad" || fail "mkdir"
cp "$S1" "$T/bad/s1.img" || fail "cp"
truncate -s 32m "$T/bad/s1.img" || fail "truncate"
run 1 "$RM" -d "$T/bad/s1.img" -d "$S2" -d "$S3" "$SET_P:plain"
expect_err "device 1"
expect_err "$(dev_uuid "$S1")"
expect_err "nothing removed"
[ "$(sum "$SET_P")" = "$P0" ] || fail "a refused removal wrote to the primary"
ls "$T"/*.undo >/dev/null 2>&1 && fail "a refused removal left an undo file"

# a dry run over the set says what it would free
run 0 "$RM" -n --image-dir "$T/set" "$SET_P:plain"
expect_out "would remove 1 file"
[ "$(sum "$SET_P")" = "$P0" ] || fail "a dry run wrote"

# the file on device 1, every member found: removed, its space free there
run 0 "$RM" -z "$T/u1.undo" --image-dir "$T/set" "$SET_P:plain"
expect_out "removed 1 file and 0 directories, freed 4.0 MiB"
[ -s "$T/err" ] && fail "warnings with every member found: $(cat "$T/err")"
run 0 "$FSCK" --image-dir "$T/set" "$SET_P"
expect_out "clean"
expect_out "device 1        data area $AREA bytes, allocated 0 bytes, free $AREA bytes"
expect_out "device 2        data area $AREA bytes, allocated $STRIP_LEN bytes"
expect_out "files:         1"

# the striped file (strip 1 on device 2) with devices 1 and 3 not given:
# each is named, with its UUID, and the removal goes on
run 0 "$RM" -z "$T/u2.undo" -v -d "$S2" "$SET_P:striped"
expect_out "removed 'striped'"
expect_err "warning: device 1"
expect_err "$(dev_uuid "$S1")"
expect_err "warning: device 3"
expect_err "$(dev_uuid "$S3")"
grep -q "device 2" "$T/err" && fail "a member given with -d reported missing"
run 0 "$FSCK" --image-dir "$T/set" "$SET_P"
expect_out "clean"
expect_out "files:         0"
for i in 0 1 2; do
	grep -q "device $i  .* allocated 0 bytes" "$T/out" || fail "device $i not free after rm"
done

# the secondaries were never written
[ "$(before)" = "$B" ] || fail "famfs-rm wrote to a secondary"

# one device: -d is not silently ignored
mkimg "$T/one.img" 64m
run 0 "$TOOLS/mkfs.famfs" "$T/one.img"
run 0 "$TOOLS/famfs-cp" "$T/plain" "$T/one.img:plain"
run 0 "$RM" --no-undo --image-dir "$T/set" "$T/one.img:plain"
expect_err "warning: $T/one.img has no secondary devices: -d and --image-dir are not used"

# the undo file of the last removal puts the striped file back
run 0 "$UNDO" "$T/u2.undo" "$SET_P"
run 0 "$TOOLS/famfs-cp" --image-dir "$T/set" "$SET_P:striped" "$T/back"
cmp "$T/striped" "$T/back" || fail "striped differs after famfs-undo"

done_ok
