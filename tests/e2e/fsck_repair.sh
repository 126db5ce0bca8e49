#!/bin/sh
# fsck.famfs -p and -y repair through the crash-safe log rewrite: one
# image per repair rule. -p does only what loses nothing (and writes
# nothing when a repair would drop an entry), -y does all, each listed;
# afterwards fsck is clean (exit 1: errors fixed), every kept file reads
# back as before, and the undo file gives the damaged image back.
. "$top_srcdir/tests/e2e/lib.sh"
CP=$TOOLS/famfs-cp
FSCK=$TOOLS/fsck.famfs
UNDO=$TOOLS/famfs-undo
TESTIMG=$top_builddir/tests/helpers/testimg
img=$T/fs.img
D=10m	# the data area of a 64 MiB image with the default log

build()
{
	printf '%s\n' "$1" | "$TESTIMG" build -s 64m "$img" || fail "testimg build"
	# recognisable bytes at the start of the data area (kept file d/a)
	"$TESTIMG" poke "$img" $((10 * 1048576)) 0123456789abcdef || fail "poke"
}

# kept FILE: FILE reads back with the bytes poked at the start of the data area
kept()
{
	rm -f "$T/back"
	run 0 "$CP" "$img:$1" "$T/back"
	[ "$(od -An -tx1 -N8 "$T/back" | tr -d ' \n')" = 0123456789abcdef ] ||
		fail "$1 changed by the repair"
}

# repaired MODE NAME: MODE fixes NAME (listed), exit 1, clean after, undo restores
repaired()
{
	cp "$img" "$T/damaged"
	rm -f "$T/u"
	run 1 "$FSCK" "$1" -z "$T/u" "$img"
	expect_out "fixed $2"
	expect_out "clean now"
	run 0 "$FSCK" -q "$img"
	[ ! -s "$T/out" ] || { cat "$T/out" >&2; fail "findings after $1 fixed $2"; }
	kept d/a
	cp "$img" "$T/fixed"
	run 0 "$UNDO" "$T/u" "$img"
	cmp -s "$img" "$T/damaged" || fail "famfs-undo did not give back the damaged image ($2)"
	cp "$T/fixed" "$img"
}

base="dir d
file d/a 10 $D:2m"

# a later entry for a path in use: lossy, -p writes nothing
build "$base
file d/a 20 12m:2m"
run_nowrite 4 "$img" "$FSCK" -p -z "$T/u" "$img"
expect_out "not fixed ns-duplicate [entry 2] d/a"
expect_err "run 'fsck.famfs -y"
[ ! -e "$T/u" ] || fail "-p created an undo file though it wrote nothing"
run_nowrite 4 "$img" "$FSCK" -n "$img"
repaired -y ns-duplicate

# an orphan: its parents are created, by -p too
build "$base
file x/y/z 10 12m:2m"
repaired -p "ns-no-parent [entry 2] x/y/z: created the missing parent directory 'x'"
run 0 "$CP" --list "$img:x/y"
expect_out "z"

# a file over an earlier file's space
build "$base
file b 10 $D:2m"
repaired -y "ext-overlap [entry 2] b"

# a bad CRC
build "$base
file b 10 12m:2m"
"$TESTIMG" poke "$img" $(($("$TESTIMG" offset-of 2) + 30)) ff || fail "poke"
repaired -y "entry-crc [entry 2]"

# a parent that is a file
build "$base
file b 10 12m:2m
file b/c 10 14m:2m"
repaired -y "ns-parent-not-dir [entry 3] b/c"

# a damaged log header, rebuilt from the valid entries by -p
build "$base
file b 10 12m:2m"
"$TESTIMG" poke "$img" $((2 * 1048576)) 00 || fail "poke"
repaired -p "log-magic"
run 0 "$CP" --list "$img"
expect_out "b"

# --json: one document, the repairs in it, the exit code after them
build "$base
file d/a 20 12m:2m"
run 1 "$FSCK" -y -j --no-undo "$img"
expect_err "warning: no undo file"
python3 - "$T/out" <<'PY' || fail "JSON report of the repairs"
import json, sys
d = json.load(open(sys.argv[1]))
r = d["repairs"]
assert len(r) == 1 and r[0]["name"] == "ns-duplicate" and r[0]["fixed"] is True, r
assert r[0]["entry"] == 2 and r[0]["path"] == "d/a", r
assert d["exit_code"] == 1 and d["errors"] == 1, d
PY
run 0 "$FSCK" -q "$img"
[ ! -s "$T/out" ] || fail "findings after -y -j"

# a crash at each write of a repair: the undo file gives the damaged image back
build "$base
file d/a 20 12m:2m"
cp "$img" "$T/damaged"
for step in undo-sealed rewrite-torn rewrite:1; do
	cp "$T/damaged" "$img"
	rm -f "$T/u"
	FAMFS_CRASH_AT=$step run 137 "$FSCK" -y -z "$T/u" "$img"
	run 0 "$UNDO" "$T/u" "$img"
	cmp -s "$img" "$T/damaged" ||
		fail "famfs-undo did not restore after a repair crashed at $step"
done

# the slots fsck says a rewrite reclaims are the ones the repair's rewrite frees
build "$base
file d/a 20 12m:2m
file b 10 14m:2m
file c 10 16m:2m"
"$TESTIMG" poke "$img" $(($("$TESTIMG" offset-of 3) + 30)) ff || fail "poke"
run 4 "$FSCK" "$img"
expect_out "reclaimable:   2 slots"
run 4 "$FSCK" -j "$img"
cp "$T/out" "$T/before.json"
run 1 "$FSCK" -y --no-undo "$img"
run 0 "$FSCK" -j "$img"
python3 - "$T/before.json" "$T/out" <<'PY' || fail "reclaimable slots differ from those the repair freed"
import json, sys
b, a = (json.load(open(f))["log"] for f in sys.argv[1:3])
freed = b["slots_used"] - a["slots_used"]
assert b["reclaimable_slots"] == 2 and freed == 2, (b, a)
assert a["reclaimable_slots"] == 0, a
PY
# famfs-rm frees those (none now) and the slot of what it removes
run 0 "$TOOLS/famfs-rm" --no-undo "$img:c"
expect_out "1 of 3 log slots reclaimed"

# a crash after each range of a repair that rewrites most of a 4,000-entry
# log (an early duplicate shifts every later entry; a late bad CRC): the
# undo file gives the damaged image back, and the crash after the last
# range leaves what a completed repair leaves, clean
{
	printf '%s\nfile d/a 20 12m:2m\n' "$base"
	seq -f 'dir m%04g' 1 4000
	echo "file late 10 14m:2m"
} >"$T/spec"
"$TESTIMG" build -s 64m "$img" <"$T/spec" || fail "testimg build"
"$TESTIMG" poke "$img" $((10 * 1048576)) 0123456789abcdef || fail "poke"
"$TESTIMG" poke "$img" $(($("$TESTIMG" offset-of 4003) + 30)) ff || fail "poke"
cp "$img" "$T/damaged"
n=1
while :; do
	cp "$T/damaged" "$img"
	rm -f "$T/u"
	FAMFS_CRASH_AT=rewrite:$n "$FSCK" -y -z "$T/u" "$img" >"$T/out" 2>"$T/err"
	rc=$?
	[ $rc = 137 ] || break
	cp "$img" "$T/crashed"
	run 0 "$UNDO" "$T/u" "$img"
	cmp -s "$img" "$T/damaged" || fail "famfs-undo did not restore after rewrite:$n"
	n=$((n + 1))
	[ $n -le 64 ] || fail "the repair still crashes at rewrite:$n"
done
[ $rc = 1 ] || { cat "$T/err" >&2; fail "the repair exited $rc, not 1"; }
[ $n -gt 3 ] || fail "the repair wrote $((n - 1)) ranges, expected at least 3"
cmp -s "$img" "$T/crashed" || fail "a crash after the last range left another log"
run 0 "$FSCK" -q "$img"
[ ! -s "$T/out" ] || { cat "$T/out" >&2; fail "findings after the multi-range repair"; }
kept d/a
run 0 "$FSCK" -j "$img"
python3 - "$T/out" <<'PY' || fail "the multi-range repair kept the wrong entries"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["namespace"]["directories"] == 4001 and d["namespace"]["files"] == 1, d["namespace"]
assert d["log"]["slots_used"] == 4002, d["log"]
PY
run 0 "$UNDO" "$T/u" "$img"
cmp -s "$img" "$T/damaged" || fail "famfs-undo did not undo the completed multi-range repair"

# usage: -z and --no-undo need a repair mode
run 16 "$FSCK" -z "$T/u" "$img"
run 16 "$FSCK" -n --no-undo "$img"
done_ok
