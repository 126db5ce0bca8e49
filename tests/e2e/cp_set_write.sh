#!/bin/sh
# famfs-cp copies into a multi-device file system: a plain file goes on
# the device with the most free space (the lowest index among equals) or
# the one --use-device names; --stripe N,CHUNK[,BUCKETS] stripes within
# that device and --stripe N,CHUNK,devices puts one strip on each device.
# Everything copies back byte-identical and fsck.famfs over the set is
# clean. Bad input (a member missing, an index past the last, a device
# too full, the wrong N) is refused with nothing written to any member,
# and a crash at each step of a cross-device copy leaves the file absent
# or complete.
. "$top_srcdir/tests/e2e/lib.sh"
MKFS=$TOOLS/mkfs.famfs
FSCK=$TOOLS/fsck.famfs
CP=$TOOLS/famfs-cp
LAYOUT=$TOOLS/famfs-layout
M=1048576

S=$T/set
P=$S/p.img
mkdir "$S" || fail "mkdir"
for i in p s1 s2 s3; do mkimg "$S/$i.img" 32m; done
run 0 "$MKFS" -q "$P" "$S/s1.img" "$S/s2.img" "$S/s3.img"
cp --sparse=always "$S"/*.img "$T/" || fail "cannot keep the empty set"

# the devices a file's extents or strips are on, in order ("1" or "1 2 0 3")
devs_of() {
	"$LAYOUT" -F json "$P" "$1" >"$T/layout.json" || fail "famfs-layout $1"
	python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
out = []
for s in d["segments"]:
    if "strips" in s:
        out += [x["dev"] for x in s["strips"]]
    else:
        out.append(s["dev"])
print(" ".join(str(x) for x in out))
' "$T/layout.json" || fail "famfs-layout -F json $1: no devices"
}
# one sum over every member, so a write to any of them shows
setsum() {
	for i in p s1 s2 s3; do sum "$S/$i.img" || return 1; done | tr -d '\n'
}

head -c $((3 * M + 7)) /dev/urandom >"$T/f1"
head -c $((2 * M + 3)) /dev/urandom >"$T/f2"
head -c $((1 * M)) /dev/urandom >"$T/f3"
head -c $((5 * M + 11)) /dev/urandom >"$T/st"
head -c $((5 * M + 13)) /dev/urandom >"$T/st2"
head -c $((9 * M + 17)) /dev/urandom >"$T/across"

# famfs-layout --plan places as famfs-cp does, and takes the same --stripe
run 0 "$LAYOUT" -F json --plan $((3 * M + 7)) "$P"
expect_out '"dev": 1'
run 0 "$LAYOUT" -F json --plan $((9 * M)) --stripe 4,2m,devices "$P"
for d in 0 1 2 3; do expect_out "\"dev\": $d"; done
run 1 "$LAYOUT" --plan $((9 * M)) --stripe 2,2m,devices "$P"
expect_err "give 4"

# default placement: device 0 has the log, so the secondaries have more
# room; among equals the lowest index. f1 fills device 1 a little, so f2
# goes on device 2.
run 0 "$CP" --image-dir "$S" "$T/f1" "$P:f1"
[ "$(devs_of f1)" = "1" ] || fail "f1 on device $(devs_of f1), not 1 (most free, lowest index)"
run 0 "$CP" -v -d "$S/s1.img" -d "$S/s2.img" -d "$S/s3.img" "$T/f2" "$P:f2"
expect_out "on device 2"
[ "$(devs_of f2)" = "2" ] || fail "f2 on device $(devs_of f2), not 2"
# a chosen device
run 0 "$CP" --image-dir "$S" --use-device 2 "$T/f3" "$P:f3"
[ "$(devs_of f3)" = "2" ] || fail "--use-device 2 put f3 on device $(devs_of f3)"
# striped within one device: the chosen one, or the one with most room (3)
run 0 "$CP" --image-dir "$S" --use-device 1 --stripe 2,2m "$T/st" "$P:st"
[ "$(devs_of st)" = "1 1" ] || fail "striped within device 1: strips on $(devs_of st)"
run 0 "$CP" --image-dir "$S" --stripe 2,2m,4 --seed 7 "$T/st2" "$P:st2"
[ "$(devs_of st2)" = "3 3" ] || fail "striped within the freest device: strips on $(devs_of st2)"
# across the set: one strip on each device
run 0 "$CP" -v --image-dir "$S" --stripe 4,2m,devices "$T/across" "$P:across"
expect_out "on devices"
[ "$(devs_of across | tr ' ' '\n' | sort | tr -d '\n')" = "0123" ] ||
	fail "striped across devices: strips on $(devs_of across), not one on each"

# back out, byte-identical; the check over the set is clean
mkdir "$T/back" || fail "mkdir"
run 0 "$CP" --image-dir "$S" "$P:f1" "$P:f2" "$P:f3" "$P:st" "$P:st2" "$P:across" "$T/back/"
for f in f1 f2 f3 st st2 across; do
	cmp "$T/$f" "$T/back/$f" || fail "$f differs after the copy back"
done
run 0 "$FSCK" --image-dir "$S" "$P"
expect_out "clean"
grep -q "dev-missing" "$T/out" && fail "fsck.famfs misses a member"

# bad input: a clear error, and no member changes
head -c 1000 /dev/urandom >"$T/small"
before=$(setsum) || fail "cannot sum the set"
nowrite() {
	after=$(setsum) || fail "cannot sum the set"
	[ "$after" = "$before" ] || fail "a member changed after: $1"
}
uuid3=$(od -An -tx1 -j64 -N4 "$S/s3.img" | tr -d ' \n')
run 1 "$CP" -d "$S/s1.img" -d "$S/s2.img" "$T/small" "$P:small"
expect_err "device 3"
expect_err "$uuid3"
expect_err "nothing was written"
nowrite "a member missing"
run 2 "$CP" --image-dir "$S" --use-device 4 "$T/small" "$P:small"
expect_err "--use-device 4"
expect_err "4 devices"
nowrite "--use-device past the last"
truncate -s 30m "$T/big" || fail "truncate"
run 1 "$CP" --image-dir "$S" --use-device 3 "$T/big" "$P:big"
expect_err "device 3"
expect_err "no space"
expect_err "nothing was written"
nowrite "a device too full"
run 2 "$CP" --image-dir "$S" --stripe 3,2m,devices "$T/small" "$P:small"
expect_err "4 devices"
expect_err "give 4"
nowrite "the wrong number of strips across devices"
run 2 "$CP" --image-dir "$S" --use-device 1 --stripe 4,2m,devices "$T/small" "$P:small"
expect_err "do not go together"
nowrite "--use-device with --stripe ...,devices"
# a member is never a source: it would be read while it is written
run 1 "$CP" --image-dir "$S" "$S/s2.img" "$P:s2"
expect_err "is the device $P or a member of its set; not copied"
expect_err "nothing was written"
nowrite "a member as the source"
[ -n "$(devs_of f1)" ] || fail "f1 lost"

# a crash at each step of a cross-device copy (data written, each
# member's data synced, the slot, the header): fsck over the set is
# clean, and the file is complete exactly when its entry went live
for step in data member-synced:1 member-synced:2 member-synced:3 member-synced:4 synced \
	    slot-torn slot header; do
	for i in p s1 s2 s3; do
		cp --sparse=always "$T/$i.img" "$S/$i.img" || fail "cannot restore the set"
	done
	FAMFS_CRASH_AT=$step run 137 "$CP" --image-dir "$S" --stripe 4,2m,devices \
		"$T/across" "$P:across"
	run 0 "$FSCK" --image-dir "$S" "$P"
	if grep -q '^error' "$T/out"; then
		cat "$T/out" >&2
		fail "errors after a crash at $step"
	fi
	run 0 "$CP" --list "$P"
	if [ "$step" = header ]; then
		expect_out "across"
		rm -f "$T/back/across"
		run 0 "$CP" --image-dir "$S" "$P:across" "$T/back/across"
		cmp "$T/across" "$T/back/across" || fail "file incomplete after a crash at $step"
	elif grep -q "across" "$T/out"; then
		fail "file present after a crash at $step, before its entry was live"
	fi
	# the next copy works over what the crash left
	run 0 "$CP" --image-dir "$S" --stripe 4,2m,devices "$T/across" "$P:again"
	run 0 "$FSCK" --image-dir "$S" "$P"
	expect_out "clean"
done

done_ok
