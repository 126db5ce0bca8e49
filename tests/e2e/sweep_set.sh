#!/bin/sh
# The corruption sweep over a secondary's superblock: a byte of it
# inverted in turn, fsck.famfs of the set run on each. The device name
# (bytes 136-199) and the zero field (108-111) are not checked; a damaged
# UUID (48-79) makes the member not found, and the warning names the
# image it passed over and why; any other byte is an error that names the
# member and its path. Never a crash, never a write to either image.
. "$top_srcdir/tests/e2e/lib.sh"
FSCK=$TOOLS/fsck.famfs
TESTIMG=$top_builddir/tests/helpers/testimg

mkdir "$T/set" || fail "mkdir"
P=$T/set/p.img
S=$T/set/s1.img
mkimg "$P" 32M
mkimg "$S" 16M
run 0 "$TOOLS/mkfs.famfs" -q "$P" "$S"
head -c 3000000 /dev/urandom >"$T/a"
run 0 "$TOOLS/famfs-cp" --image-dir "$T/set" --use-device 1 "$T/a" "$P:a"
run 0 "$FSCK" -q --image-dir "$T/set" "$P"
cp "$S" "$T/s1.clean"
p_sum=$(sum "$P") || fail "sum"

# every 5th byte, and the first and last of each range
offsets=$( (seq 0 5 199; echo 47 48 79 80 107 108 111 112 135 136) | sort -n | uniq)
for off in $offsets; do
	byte=$(od -An -tu1 -j "$off" -N 1 "$T/s1.clean" | tr -d ' ')
	"$TESTIMG" poke "$S" "$off" "$(printf '%02x' $((byte ^ 255)))" >/dev/null ||
		fail "poke $off"
	if [ "$off" -ge 136 ] || { [ "$off" -ge 108 ] && [ "$off" -le 111 ]; }; then
		run 0 "$FSCK" --image-dir "$T/set" "$P"
		expect_out "clean, 0 warnings"
	elif [ "$off" -ge 48 ] && [ "$off" -le 79 ]; then
		run 0 "$FSCK" --image-dir "$T/set" "$P"
		expect_out "warning dev-missing [device 1]"
		expect_out "(passed over: $S: superblock CRC"
	else
		run 4 "$FSCK" --image-dir "$T/set" "$P"
		expect_out "error dev-member [device 1 '$S']"
	fi
	cmp -s "$S" "$T/s1.clean" && fail "the corruption at $off did not land"
	"$TESTIMG" poke "$S" "$off" "$(printf '%02x' "$byte")" >/dev/null || fail "poke back"
	cmp -s "$S" "$T/s1.clean" || fail "fsck.famfs wrote to the secondary (byte $off)"
	[ "$(sum "$P")" = "$p_sum" ] || fail "fsck.famfs wrote to the primary (byte $off)"
done

# a member named with -d whose superblock is another device's is named as
# passed over, with the UUID it carries
run 0 "$FSCK" -d "$P" "$P"
expect_out "(passed over: $P: it carries the device UUID"
done_ok
