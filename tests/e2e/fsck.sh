#!/bin/sh
# fsck.famfs end to end: clean images pass; for each rule, an image that
# breaks exactly that rule gives exactly that finding and exit 4; fsck
# never writes to the image.
. "$top_srcdir/tests/e2e/lib.sh"
FSCK=$TOOLS/fsck.famfs
MKFS=$TOOLS/mkfs.famfs
TESTIMG=$top_builddir/tests/helpers/testimg
img=$T/fs.img
M=1048576
DATA=$((10 * M))	# first data byte with the default 8 MiB log

# build SPEC-TEXT [testimg options]: a 64 MiB image from the spec lines
build()
{
	_spec=$1
	shift
	printf '%s\n' "$_spec" | "$TESTIMG" build -s 64m "$@" "$img" || fail "testimg build"
}

# expect_finding EXIT SEVERITY NAME: fsck the image (unchanged), with that
# finding and no other finding of any name, apart from what hosts' replay
# makes of the same entry (replay-*, checked in fsck_replay.sh)
expect_finding()
{
	run_nowrite "$1" "$img" "$FSCK" -q "$img"
	expect_out "$2 $3"
	_n=$(grep -E '^(error|warning) ' "$T/out" | grep -cvE '^(error|warning) replay-')
	[ "$_n" = 1 ] || { cat "$T/out" >&2; fail "expected only $3, got $_n findings"; }
}

slot_ofs()
{
	"$TESTIMG" offset-of "$1"
}

# little-endian hex of a 64-bit or 32-bit number
le64()
{
	printf '%016x' "$1" | sed 's/\(..\)/\1 /g' | awk '{ for (i = NF; i > 0; i--) printf "%s", $i }'
}
le32()
{
	printf '%08x' "$1" | sed 's/\(..\)/\1 /g' | awk '{ for (i = NF; i > 0; i--) printf "%s", $i }'
}

# --- a fresh mkfs image: clean, empty log
mkimg "$img" 1G
run 0 "$MKFS" -q "$img"
run_nowrite 0 "$img" "$FSCK" "$img"
expect_out "slots used:    0 of 15420 (0.0%)"
expect_out "files:         0"
expect_out "version:       48, on-media format 2.2"
expect_out "device size:   1073741824 bytes recorded, 1073741824 bytes actual"
expect_out "free:          1063256064 bytes"
expect_out "largest free:  1063256064 bytes in 1 range"
expect_out "clean, 0 warnings"
run_nowrite 0 "$img" "$FSCK" -H "$img"
expect_out "log:           8.0 MiB at offset 0x200000"
run_nowrite 0 "$img" "$FSCK" -q "$img"
[ ! -s "$T/out" ] || fail "-q printed something on a clean image"
run_nowrite 0 "$img" "$FSCK" -n "$img"

# --- images made by the reference famfs tools are clean
for v in ref-a-64m-default ref-b-1g-log16m; do
	python3 "$top_srcdir/tests/e2e/sxz-restore.py" "$top_srcdir/tests/vectors/$v.sxz" "$img"
	run_nowrite 0 "$img" "$FSCK" "$img"
	expect_out "clean, 0 warnings"
done

# --- a populated image: numbers, -v listing and JSON
build "dir d
dir d/e mode=0700
file d/a 3m $DATA:4m
file b 1 $((DATA + 8 * M)):2m
stripe d/e/s 8m 2m $((DATA + 20 * M)):4m $((DATA + 30 * M)):4m
daxdev 0 64m"
run_nowrite 0 "$img" "$FSCK" -v "$img"
expect_out "files:         3"
expect_out "directories:   2"
expect_out "slots used:    6 of 15420"
expect_out "allocated:     14680064 bytes"
expect_out "in files:      11534337 bytes"
expect_out "wasted:        3145727 bytes"
expect_out "largest free:  20971520 bytes in 4 ranges"
expect_out "dir  d/e  mode 0700"
expect_out "file d/a  3145728 bytes, mode 0644"
expect_out "1 extent: [$(printf 0x%x $DATA), +4194304)"
expect_out "interleaved: 2 strips, chunk 2097152 bytes: [$(printf 0x%x $((DATA + 20 * M))), +4194304) [$(printf 0x%x $((DATA + 30 * M))), +4194304)"
run_nowrite 0 "$img" "$FSCK" -j -v "$img"
python3 - "$T/out" <<'EOF' || fail "JSON report wrong"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["exit_code"] == 0 and d["errors"] == 0 and d["findings"] == []
assert d["namespace"] == {"files": 3, "directories": 2}
assert d["log"]["slots_used"] == 6 and d["log"]["next_seqnum"] == 6
assert d["space"]["allocated"] == 14 << 20
s = [c for c in d["contents"] if c["path"] == "d/e/s"][0]
assert s["layout"] == "interleaved" and len(s["strips"]) == 2
assert s["chunk_size"] == 2 << 20
EOF

# --- superblock findings
build ""
"$TESTIMG" poke "$img" 0 0102030405060708
run_nowrite 8 "$img" "$FSCK" "$img"
expect_err "no famfs superblock on $img (magic 0x87b282ff not found, it holds 0x807060504030201)"
build ""
run 0 "$MKFS" -q -k -f "$img"
run_nowrite 8 "$img" "$FSCK" "$img"
expect_err "killed by mkfs.famfs -k"
build ""
"$TESTIMG" poke "$img" 50 ff
expect_finding 4 error sb-crc
build ""
"$TESTIMG" poke "$img" 8 "$(le64 49)"
"$TESTIMG" recrc-sb "$img"
expect_finding 4 error sb-version
build ""
"$TESTIMG" poke "$img" 40 "$(le32 3)"
"$TESTIMG" recrc-sb "$img"
expect_finding 4 error sb-omf-major
build ""
"$TESTIMG" poke "$img" 44 "$(le32 3)"
"$TESTIMG" recrc-sb "$img"
expect_finding 4 error sb-omf-minor
build ""
"$TESTIMG" poke "$img" 44 "$(le32 1)"	# an older minor is fine
"$TESTIMG" recrc-sb "$img"
run_nowrite 0 "$img" "$FSCK" "$img"
build ""
"$TESTIMG" poke "$img" 16 "$(le64 $((4 * M)))"
"$TESTIMG" recrc-sb "$img"
expect_finding 4 error sb-log-offset
build ""
"$TESTIMG" poke "$img" 24 "$(le64 $((12 * M)))"
"$TESTIMG" recrc-sb "$img"
expect_finding 4 error sb-log-len
build ""
"$TESTIMG" poke "$img" 32 "$(le64 4096)"
"$TESTIMG" recrc-sb "$img"
expect_finding 4 error sb-alloc-unit
build ""
"$TESTIMG" poke "$img" 136 "$(printf '%0128d' 0 | tr 0 6)"
expect_finding 4 error sb-devname
build "sb dev_size=128m"
expect_finding 4 error sb-dev-size
expect_out "larger than the device"
build "sb dev_size=32m"
expect_finding 0 warning sb-dev-size
# a log bigger than the device
build "sb log_len=128m"
run_nowrite 4 "$img" "$FSCK" -q "$img"
expect_out "error sb-dev-size"
expect_out "log not checked"

# --- truncated and tiny images
build "dir d"
truncate -s $((5 * M)) "$img"
run_nowrite 4 "$img" "$FSCK" -q "$img"
expect_out "too small for the 8388608-byte log"
truncate -s 100 "$img"
expect_finding 4 error sb-dev-size
: >"$img"
expect_finding 4 error sb-dev-size

# --- log header findings
build "header log_len=16m"
run_nowrite 4 "$img" "$FSCK" -q "$img"
expect_out "error log-len"
build ""
"$TESTIMG" poke "$img" $((2 * M)) 00
expect_finding 4 error log-magic
build ""
"$TESTIMG" poke "$img" $((2 * M + 24)) 00
expect_finding 4 error log-crc
build "header last_index=20000"		# CRC right, field wrong
expect_finding 4 error log-last-index
build "dir a
header next_index=99999"
run_nowrite 4 "$img" "$FSCK" -q "$img"
expect_out "error log-next-index"
expect_out "checking 15420 slots"
build "dir a
dir b
header next_seqnum=1"
expect_finding 4 error log-next-seqnum
# a torn append: slot 1 written, the header never advanced
build "dir a
dir b
header next_index=1 next_seqnum=1"
expect_finding 0 warning log-stale-slot
expect_out "[entry 1]"

# a stale slot deep in the unused part of a sparse mkfs log (fsck skips
# holes, and must still find data between them)
mkimg "$img" 1G
run 0 "$MKFS" -q "$img"
"$TESTIMG" poke "$img" $(($(slot_ofs 10000) + 300)) 01
expect_finding 0 warning log-stale-slot
expect_out "[entry 10000]"
"$TESTIMG" poke "$img" $(($(slot_ofs 15419) + 543)) 01
run_nowrite 0 "$img" "$FSCK" -q "$img"
expect_out "[entry 15419]"

# --- full log: every slot used
awk 'BEGIN { for (i = 0; i < 15420; i++) print "dir d" i }' >"$T/full.spec"
"$TESTIMG" build -s 64m "$img" <"$T/full.spec" || fail "testimg build"
run_nowrite 0 "$img" "$FSCK" "$img"
expect_out "slots used:    15420 of 15420 (100.0%)"
expect_out "directories:   15420"

# --- entry findings
build "dir a"
"$TESTIMG" poke "$img" $(($(slot_ofs 0) + 29)) 41
expect_finding 4 error entry-crc
expect_out "[entry 0]"
build "dir a"
"$TESTIMG" poke "$img" $(($(slot_ofs 0) + 8)) "$(le32 9)"
"$TESTIMG" recrc-entry "$img" 0
expect_finding 4 error entry-type
build "dir /abs"
expect_finding 4 error entry-path
build "dir a
dir a/../b"
expect_finding 4 error entry-path
build "dir a
dir a//b"
expect_finding 4 error entry-path
# a path with no NUL in its 80 bytes
build "dir a"
"$TESTIMG" poke "$img" $(($(slot_ofs 0) + 28)) "$(printf '%0160d' 0 | tr 0 6)"
"$TESTIMG" recrc-entry "$img" 0
expect_finding 4 error entry-path
build "dir a
dir b seq=0"
expect_finding 4 error entry-seqnum
build "file f 1m $DATA:2m"
"$TESTIMG" poke "$img" $(($(slot_ofs 0) + 120)) "$(le32 2)"
"$TESTIMG" recrc-entry "$img" 0
expect_finding 4 error entry-ext-type
for bad in 17 4294967295; do
	build "file f 1m $DATA:2m"
	"$TESTIMG" poke "$img" $(($(slot_ofs 0) + 128)) "$(le32 $bad)"
	"$TESTIMG" recrc-entry "$img" 0
	expect_finding 4 error entry-ext-count
done
for bad in 0 17; do
	build "stripe s 4m 2m $DATA:2m $((DATA + 2 * M)):2m"
	"$TESTIMG" poke "$img" $(($(slot_ofs 0) + 136)) "$(le64 $bad)"
	"$TESTIMG" recrc-entry "$img" 0
	expect_finding 4 error entry-nstrips
done
for bad in 0 $((3 * M)) $M; do
	build "stripe s 4m 2m $DATA:2m $((DATA + 2 * M)):2m"
	"$TESTIMG" poke "$img" $(($(slot_ofs 0) + 144)) "$(le64 $bad)"
	"$TESTIMG" recrc-entry "$img" 0
	expect_finding 4 error entry-chunk
done

# --- namespace findings
build "file x/f 1m $DATA:2m"
expect_finding 4 error ns-no-parent
build "file f 1m $DATA:2m
file f/g 1m $((DATA + 2 * M)):2m"
expect_finding 4 error ns-parent-not-dir
build "dir x
file x 1m $DATA:2m"
expect_finding 4 error ns-duplicate
expect_out "[entry 1 'x']"

# --- extent findings
build "file f 1m $((DATA + 4096)):2m"
expect_finding 4 error ext-align
build "file f 1m $DATA:1m"
expect_finding 0 warning ext-len
build "file f 1m $((62 * M)):4m"
expect_finding 4 error ext-range
build "file f 1m $((4 * M)):2m"
expect_finding 4 error ext-meta
build "file f 5m $DATA:4m"
expect_finding 4 error ext-short
build "file f 1m $DATA:2m"
"$TESTIMG" poke "$img" $(($(slot_ofs 0) + 136)) "$(le64 1)"
"$TESTIMG" recrc-entry "$img" 0
expect_finding 4 error ext-dev-index
build "stripe s 8m 2m $DATA:4m $((DATA + 10 * M)):6m"
expect_finding 4 error ext-strips
build "stripe s 8m 4m $DATA:6m $((DATA + 10 * M)):6m"
expect_finding 4 error ext-strips
build "dir d
file d/first 4m $DATA:4m
file second 2m $((DATA + 2 * M)):2m"
expect_finding 4 error ext-overlap
expect_out "[entry 2 'second']"
expect_out "also claimed by 'd/first' (log entry 1)"
run_nowrite 4 "$img" "$FSCK" -j "$img"
python3 - "$T/out" <<'EOF' || fail "JSON findings wrong"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["exit_code"] == 4 and d["errors"] == 1
f = d["findings"][0]
assert f["name"] == "ext-overlap" and f["entry"] == 2 and f["path"] == "second"
EOF

# --- a control character in a path does not reach the terminal raw
build "dir a"
"$TESTIMG" poke "$img" $(($(slot_ofs 0) + 28)) 611b5b326a00
"$TESTIMG" recrc-entry "$img" 0
run_nowrite 0 "$img" "$FSCK" -v "$img"
expect_out 'dir  a\x1b[2j'
if grep -q "$(printf '\033')" "$T/out"; then fail "escape byte printed raw"; fi

# --- operational and usage errors
run 8 "$FSCK" "$T/missing.img"
expect_err "$T/missing.img"
run 8 "$FSCK" "$T"
run 16 "$FSCK"
expect_err "no DEVICE given"
run 16 "$FSCK" "$img" "$img"
run 16 "$FSCK" --bogus "$img"
run 16 "$FSCK" -x "$img"
run 0 "$FSCK" --help
expect_out "Usage: fsck.famfs"
run 0 "$FSCK" -V
expect_out "fsck.famfs (famfs-progs)"
done_ok
