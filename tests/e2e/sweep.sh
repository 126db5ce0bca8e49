#!/bin/sh
# The corruption sweep: a populated image with every byte of its
# superblock, log header and first entries corrupted in turn, and random
# bytes of its log. In process (tests/helpers/sweep): never a crash, a
# finding for every byte under a CRC. With the real fsck.famfs on a sample
# of the same corruptions: exit 0 or 4 only (8 for a lost superblock magic),
# and the image unchanged.
. "$top_srcdir/tests/e2e/lib.sh"
CP=$TOOLS/famfs-cp
FSCK=$TOOLS/fsck.famfs
MKFS=$TOOLS/mkfs.famfs
TESTIMG=$top_builddir/tests/helpers/testimg
img=$T/fs.img

mkimg "$img" 32M
run 0 "$MKFS" -q "$img"
mkdir -p "$T/src/dir"
head -c 3000000 /dev/urandom >"$T/src/dir/a"
head -c 5000 /dev/urandom >"$T/src/b"
run 0 "$CP" -r "$T/src/dir" "$T/src/b" "$img:"
run 0 "$CP" -S 2,2m,4 "$T/src/dir/a" "$img:dir/striped"
run 0 "$FSCK" -q "$img"

run 0 "$top_builddir/tests/helpers/sweep" "$img" 4 400 7
expect_out "0 changes unnoticed"

# the binary: every 29th byte of the superblock, header and first entries
offsets=$(awk -v L=2097152 'BEGIN {
	for (i = 0; i < 200; i += 29) print i
	for (i = 0; i < 48; i += 29) print L + i
	for (i = 48; i < 48 + 4 * 544; i += 29) print L + i }')
[ "$(echo "$offsets" | wc -l)" -gt 80 ] || fail "too few offsets to try"
# each byte is inverted in a copy, fsck.famfs runs on it, and the copy
# must then differ from the clean image in that one byte only
cp "$img" "$T/bad.img"
for off in $offsets; do
	byte=$(od -An -tu1 -j "$off" -N 1 "$img" | tr -d ' ')
	bad=$((byte ^ 255))
	"$TESTIMG" poke "$T/bad.img" "$off" "$(printf '%02x' $bad)"
	"$FSCK" -q "$T/bad.img" >"$T/out" 2>&1
	rc=$?
	NTESTS=$((NTESTS + 1))
	echo "check $NTESTS: fsck.famfs with byte $off inverted: exit $rc"
	# a superblock without its magic (bytes 0-7) is no famfs at all: 8
	case $rc in
	0|4) ;;
	8) [ "$off" -lt 8 ] || { cat "$T/out" >&2; fail "fsck.famfs exit 8 with byte $off corrupted"; } ;;
	*) cat "$T/out" >&2; fail "fsck.famfs exit $rc with byte $off corrupted" ;;
	esac
	diffs=$(cmp -l "$T/bad.img" "$img" | awk '{ print $1, $2, $3 }')
	[ "$diffs" = "$(printf '%d %o %o' $((off + 1)) $bad "$byte")" ] ||
		fail "fsck.famfs wrote to the image (byte $off): $(echo "$diffs" | head -n 3)"
	"$TESTIMG" poke "$T/bad.img" "$off" "$(printf '%02x' "$byte")"
done
done_ok
