#!/bin/sh
# Hostile images: each lies in one way. fsck.famfs names the lie; famfs-cp
# refuses to write to the image and says why; listing it never crashes;
# nothing is ever written.
. "$top_srcdir/tests/e2e/lib.sh"
CP=$TOOLS/famfs-cp
FSCK=$TOOLS/fsck.famfs
LAYOUT=$TOOLS/famfs-layout
TESTIMG=$top_builddir/tests/helpers/testimg
img=$T/fs.img
M=1048576
DATA=$((10 * M))
head -c 1000 /dev/urandom >"$T/data"

le64()
{
	printf '%016x' "$1" | sed 's/\(..\)/\1 /g' | awk '{ for (i = NF; i > 0; i--) printf "%s", $i }'
}
le32()
{
	printf '%08x' "$1" | sed 's/\(..\)/\1 /g' | awk '{ for (i = NF; i > 0; i--) printf "%s", $i }'
}
slot()
{
	"$TESTIMG" offset-of "$1"
}

# hostile NAME FINDING SPEC [POKE-OFFSET HEX [recrc-entry|recrc-log|recrc-sb]]
hostile()
{
	printf '%s\n' "$3" | "$TESTIMG" build -s 16m "$img" || fail "testimg: $1"
	if [ $# -ge 5 ]; then
		"$TESTIMG" poke "$img" "$4" "$5"
		case ${6:-} in
		recrc-entry) "$TESTIMG" recrc-entry "$img" 0 ;;
		recrc-log|recrc-sb) "$TESTIMG" "$6" "$img" ;;
		esac
	fi
	run_nowrite 4 "$img" "$FSCK" -q "$img"
	expect_out "error $2"
	run_nowrite 1 "$img" "$CP" "$T/data" "$img:new"
	if [ -n "${CP_SAYS:-}" ]; then
		expect_err "$CP_SAYS"
	else
		expect_err "refusing to write to it"
		expect_err "$2"
	fi
	"$CP" --list "$img" >"$T/out" 2>"$T/err"
	rc=$?
	[ $rc = 0 ] || [ $rc = 1 ] || fail "$1: famfs-cp --list exit $rc"
	if [ -x "$LAYOUT" ]; then
		"$LAYOUT" --all "$img" >"$T/out" 2>"$T/err"
		rc=$?
		[ $rc = 1 ] || fail "$1: famfs-layout --all exit $rc on a hostile image"
	fi
	NTESTS=$((NTESTS + 1))
}

hostile dotdot entry-path "dir a
dir a/../b"
hostile absolute entry-path "dir /etc"
hostile no-nul entry-path "dir a" $(($(slot 0) + 28)) "$(printf '%0160d' 0 | tr 0 6)" recrc-entry
hostile past-end ext-range "file f 1m $((16 * M)):2m"
hostile in-log ext-meta "file f 1m $((4 * M)):2m"
hostile overlap ext-overlap "file f 4m $DATA:4m
file g 2m $((DATA + 2 * M)):2m"
hostile nstrips-0 entry-nstrips "stripe s 4m 2m $DATA:2m $((DATA + 2 * M)):2m" \
	$(($(slot 0) + 136)) "$(le64 0)" recrc-entry
hostile nstrips-17 entry-nstrips "stripe s 4m 2m $DATA:2m $((DATA + 2 * M)):2m" \
	$(($(slot 0) + 136)) "$(le64 17)" recrc-entry
hostile chunk-0 entry-chunk "stripe s 4m 2m $DATA:2m $((DATA + 2 * M)):2m" \
	$(($(slot 0) + 144)) "$(le64 0)" recrc-entry
hostile chunk-3m entry-chunk "stripe s 4m 2m $DATA:2m $((DATA + 2 * M)):2m" \
	$(($(slot 0) + 144)) "$(le64 $((3 * M)))" recrc-entry
hostile count-max entry-ext-count "file f 1m $DATA:2m" \
	$(($(slot 0) + 128)) "$(le32 4294967295)" recrc-entry
# refused as soon as the superblock is read
CP_SAYS="is smaller than superblock and log" hostile log-too-long sb-dev-size "sb log_len=128m"
CP_SAYS="is past the last slot" hostile next-index-far log-next-index "dir a
header next_index=1000000000"
CP_SAYS="last index 3" hostile lying-header log-last-index "header last_index=3"
done_ok
