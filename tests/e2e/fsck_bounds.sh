#!/bin/sh
# fsck.famfs on images that claim far more than they hold: its time and
# memory follow what is on the image, not what the log header claims, and
# its report stays short ("N more like this" past 100 of a kind).
. "$top_srcdir/tests/e2e/lib.sh"
FSCK=$TOOLS/fsck.famfs
TESTIMG=$top_builddir/tests/helpers/testimg
PEAKRUN=$top_builddir/tests/helpers/peakrun
img=$T/claim.img
KEEP=100
# generous bounds, so a loaded 2-core machine does not fail the test
MAX_KIB=$((100 * 1024))
MAX_SECONDS=5

# slots LOGLEN: how many slots a log of LOGLEN bytes has
slots()
{
	echo $((($1 - 48) / 544))
}

# measured EXIT CMD...: run CMD under peakrun; fail unless it exits EXIT
# and stays within MAX_KIB and MAX_SECONDS. Output in $T/out and $T/err.
measured()
{
	_want=$1
	shift
	NTESTS=$((NTESTS + 1))
	"$PEAKRUN" "$T/cost" "$@" >"$T/out" 2>"$T/err"
	_got=$?
	read -r _kib _sec <"$T/cost" || fail "peakrun wrote no result"
	echo "measured: ${_kib} KiB peak RSS, ${_sec} s: $*"
	if [ "$_got" != "$_want" ]; then
		head -n 5 "$T/out" "$T/err" >&2
		fail "exit $_got, expected $_want: $*"
	fi
	[ "$_kib" -lt "$MAX_KIB" ] || fail "peak RSS ${_kib} KiB, bound ${MAX_KIB} KiB: $*"
	awk -v s="$_sec" -v m="$MAX_SECONDS" 'BEGIN { exit !(s < m) }' ||
		fail "took ${_sec} s, bound ${MAX_SECONDS} s: $*"
}

# claim LOGLEN: an image of the superblock and a log header that claims
# every slot of a LOGLEN-byte log live; everything else is a hole
claim()
{
	_dev=$(($1 + 4 * 1048576))
	printf 'header next_index=all\n' | "$TESTIMG" build -s "$_dev" -l "$1" "$img" ||
		return 1
}

# the report of an all-live log of N empty slots: KEEP findings and a
# summary, and one more error: hosts stop replaying at the first slot
expect_bounded_report()
{
	_n=$1
	_lines=$(grep -c '^error entry-crc \[entry ' "$T/out")
	[ "$_lines" = "$KEEP" ] || fail "expected $KEEP entry-crc lines, got $_lines"
	expect_out "error entry-crc: $((_n - KEEP)) more like this"
	expect_out "error replay-stops [entry 0]"
	expect_out ": $((_n + 1)) errors, 0 warnings"
	_all=$(wc -l <"$T/out")
	[ "$_all" -le $((KEEP + 5)) ] || fail "report of $_all lines for one kind of finding"
}

# 1. The issue's case: 8 KB on disk, a 4 GiB log claimed all live.
G4=$((4 * 1073741824))
claim $G4 || fail "testimg build"
echo "image: $(du -k "$img" | cut -f1) KiB on disk, $(stat -c %s "$img") bytes long"
measured 4 "$FSCK" -q "$img"
expect_bounded_report "$(slots $G4)"

# the JSON report lists KEEP findings and counts the rest per name
measured 4 "$FSCK" -j "$img"
expect_out "\"suppressed\": {\"entry-crc\": $(($(slots $G4) - KEEP)), "
# the slots after the first are listed as not replayed by hosts, bounded the same way
expect_out "\"replay-not-replayed\": $(($(slots $G4) - 1 - KEEP))}"
_listed=$(grep -c '"name": "entry-crc"' "$T/out")
[ "$_listed" = "$KEEP" ] || fail "JSON lists $_listed entry-crc findings, expected $KEEP"
expect_out "\"errors\": $(($(slots $G4) + 1)),"

# 2. A header claiming more slots than its log has: named, and as cheap.
printf 'header next_index=%s\n' $(($(slots $G4) * 4)) |
	"$TESTIMG" build -s $((G4 + 4 * 1048576)) -l $G4 "$img" || fail "testimg build"
measured 4 "$FSCK" -q "$img"
expect_out "error log-next-index"
expect_out "error entry-crc: $(($(slots $G4) - KEEP)) more like this"

# 3. A superblock claiming a log larger than the device: refused up front.
printf 'sb log_len=%s\n' $((1024 * 1073741824)) | "$TESTIMG" build -s 64m "$img" ||
	fail "testimg build"
measured 4 "$FSCK" -q "$img"
expect_out "error sb-dev-size"

# 4. A 1 TiB log claimed all live: bounded by the image, not the claim
# (skipped where the file system cannot hold so large a sparse file).
T1=$((1024 * 1073741824))
if claim $T1 2>/dev/null; then
	measured 4 "$FSCK" -q "$img"
	expect_bounded_report "$(slots $T1)"
else
	echo "skipped: cannot make a 1 TiB sparse image in ${TMPDIR:-/tmp}"
fi
rm -f "$img"

# 5. A 256 MiB log of zeros written out (no holes to skip): read through a
# window, so the peak RSS stays far below the log's size.
M256=$((256 * 1048576))
claim $M256 || fail "testimg build"
dd if=/dev/zero of="$img" bs=1M seek=3 count=255 conv=notrunc status=none || fail "dd"
MAX_KIB=$((64 * 1024))
measured 4 "$FSCK" -q "$img"
expect_bounded_report "$(slots $M256)"
done_ok
