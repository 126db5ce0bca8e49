#!/bin/sh
# fsck.famfs takes what fsck(8) and boot scripts pass (-a -p -y -f -n -C),
# says that errors are left uncorrected when asked to repair, writes e2fsck's
# progress lines, and calls a file with no famfs superblock an operational
# error (exit 8), with a JSON document under --json.
. "$top_srcdir/tests/e2e/lib.sh"
FSCK=$TOOLS/fsck.famfs
MKFS=$TOOLS/mkfs.famfs
TESTIMG=$top_builddir/tests/helpers/testimg
img=$T/fs.img
mkimg "$img" 64M
run 0 "$MKFS" -q "$img"

# --- fsck(8)'s letters on a clean image: accepted, exit 0, nothing written
for o in -a -p -y -f -n "-f -p" "-a -f"; do
	# shellcheck disable=SC2086
	run_nowrite 0 "$img" "$FSCK" $o "$img"
done
# preen prints the one-line result, not the whole report
run_nowrite 0 "$img" "$FSCK" -p "$img"
expect_out "$img: clean, 0 warnings"
if grep -q "^superblock:" "$T/out"; then fail "-p printed the whole report"; fi

# --- only one of -n, -p (-a), -y; -a and -p together are the same thing
run_nowrite 16 "$img" "$FSCK" -n -y "$img"
expect_err "-n and -y exclude each other"
run_nowrite 16 "$img" "$FSCK" -p -y "$img"
expect_err "-p and -y"
run_nowrite 0 "$img" "$FSCK" -a -p "$img"

# --- errors -p, -a, -y cannot repair (a superblock): left (4), and said so; -n says nothing of repair
bad=$T/bad.img
cp "$img" "$bad"
"$TESTIMG" poke "$bad" 50 ff	# the superblock CRC
for o in -p -a -y; do
	run_nowrite 4 "$bad" "$FSCK" $o "$bad"
	expect_out "error sb-crc"
	expect_err "cannot repair: the superblock cannot be repaired"
done
run_nowrite 4 "$bad" "$FSCK" -n "$bad"
if grep -q "cannot repair" "$T/err"; then fail "-n talks of repair"; fi

# --- -C FD: e2fsck's "pass done total device" lines, attached or separate
# progress_ok FILE MIN_PASS3_LINES: passes 1-4 in order, each from 0 to its
# total without going back (an empty one is "1 1"), and pass 3 in steps
progress_ok()
{
	NTESTS=$((NTESTS + 1))
	awk -v dev="$img" -v min3="$2" '
		NF != 4 || $4 != dev || $2 > $3 || $3 == 0 { print "bad line: " $0; bad = 1 }
		$1 != pass {
			if ($1 != pass + 1) { print "pass " $1 " after " pass; bad = 1 }
			if (pass && lastd != lastt) { print "pass " pass " ended at " lastd; bad = 1 }
			if ($2 != 0 && !($2 == 1 && $3 == 1)) { print "pass " $1 " starts at " $2; bad = 1 }
			pass = $1
		}
		$1 == pass && $2 < lastd && $1 == lastp { print "went back: " $0; bad = 1 }
		{ lastp = $1; lastd = $2; lastt = $3; n[$1]++ }
		END {
			if (pass != 4 || lastd != lastt) { print "did not end with pass 4 done"; bad = 1 }
			if (n[3] < min3) { print "pass 3 in " n[3] " lines"; bad = 1 }
			exit bad
		}' "$1" || { cat "$1" >&2; fail "-C lines in $1"; }
}
run_nowrite 0 "$img" sh -c '"$1" -C 3 "$2" 3>"$3"' sh "$FSCK" "$img" "$T/prog"
progress_ok "$T/prog" 2
run_nowrite 0 "$img" sh -c '"$1" -C3 "$2" 3>"$3"' sh "$FSCK" "$img" "$T/prog3"
cmp -s "$T/prog" "$T/prog3" || fail "-C3 and -C 3 differ"
# a log of 64 MiB that is not sparse: pass 3 in steps of at most 8 MiB of it
big=$T/big.img
mkimg "$big" 256M
run 0 "$MKFS" -q -l 64m "$big"
dd if=/dev/zero of="$big" bs=1M seek=3 count=64 conv=notrunc status=none || fail "dd"
img=$big
run_nowrite 0 "$big" sh -c '"$1" -C 3 "$2" 3>"$3"' sh "$FSCK" "$big" "$T/progbig"
progress_ok "$T/progbig" 9
img=$T/fs.img
# an fd that is not open, or not for writing: operational error, as e2fsck
run_nowrite 8 "$img" sh -c 'exec 9>&-; "$1" -C 9 "$2"' sh "$FSCK" "$img"
expect_err "-C 9: file descriptor 9"
run_nowrite 8 "$img" sh -c '"$1" -C 3 "$2" 3<"$2"' sh "$FSCK" "$img"
expect_err "is open read-only"
run_nowrite 16 "$img" "$FSCK" -C x "$img"
run_nowrite 16 "$img" "$FSCK" -C -1 "$img"
run_nowrite 16 "$img" "$FSCK" -j -C 1 "$img"
expect_err "-C 1 and --json"
# -C 0 off a terminal draws nothing
run_nowrite 0 "$img" "$FSCK" -q -C 0 "$img"
[ ! -s "$T/out" ] || fail "-C 0 wrote to a stdout that is not a terminal"

# --- through util-linux fsck(8), which finds fsck.famfs in PATH
FSCK8=
for f in /sbin/fsck /usr/sbin/fsck; do [ -x "$f" ] && FSCK8=$f && break; done
if [ -n "$FSCK8" ]; then
	# fsck(8) takes a relative name for a mount point: give it full paths
	case $T in /*) A=$T ;; *) A=$PWD/$T ;; esac
	run_nowrite 0 "$img" env PATH="$TOOLS:$PATH" "$FSCK8" -t famfs -a "$A/fs.img"
	expect_out "clean, 0 warnings"
	run_nowrite 4 "$bad" env PATH="$TOOLS:$PATH" "$FSCK8" -t famfs -p "$A/bad.img"
	expect_err "the superblock cannot be repaired"
else
	echo "no fsck(8) here: its run is not tested"
fi

# --- no famfs superblock: random bytes, zeros -> 8 and a clear message, no dump
for kind in random zeros; do
	f=$T/$kind.img
	if [ $kind = random ]; then
		head -c 4194304 /dev/urandom >"$f"
	else
		mkimg "$f" 4M
	fi
	run_nowrite 8 "$f" "$FSCK" "$f"
	expect_err "no famfs superblock on $f (magic 0x87b282ff not found"
	expect_err "not a famfs file system, or its superblock is lost"
	if grep -q "uuid" "$T/out"; then fail "a superblock dump of $kind bytes"; fi
	run_nowrite 8 "$f" "$FSCK" -j "$f"
	python3 - "$T/out" "$f" <<'PY' || fail "JSON of a $kind image"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["device"] == sys.argv[2], d
assert d["error"]["name"] == "sb-no-magic", d
assert "not a famfs file system" in d["error"]["message"], d
assert d["exit_code"] == 8, d
PY
done
# an operational error that is not about the magic: a JSON document too
run 8 "$FSCK" -j "$T/missing.img"
python3 - "$T/out" <<'PY' || fail "JSON of a missing device"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["error"]["name"] == "operational" and d["exit_code"] == 8, d
PY
done_ok
