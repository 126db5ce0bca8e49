#!/bin/sh
# famfs-layout end to end: tables, translation, every encoding against
# bytes written by hand, --all, --plan, and bad input.
. "$top_srcdir/tests/e2e/lib.sh"
LAYOUT=$TOOLS/famfs-layout
TESTIMG=$top_builddir/tests/helpers/testimg
img=$T/fs.img
M=1048576
G=$((1024 * M))

# a directory, a two-extent file and a striped file (2 strips of 12 MiB,
# 4 MiB chunks, at 1 GiB and 2 GiB)
printf '%s\n' "dir d" "file d/two $((5 * M + 1)) $((16 * M)):4m $((24 * M)):4m" \
	"stripe d/s $((20 * M)) 4m $G:12m $((2 * G)):12m" |
	"$TESTIMG" build -s 3g "$img" || fail "testimg"

run_nowrite 0 "$img" "$LAYOUT" "$img" d/s
expect_out "size:      20971520 (20.0 MiB)"
expect_out "capacity:  25165824 (24.0 MiB) in 1 segment"
expect_out "0    stride  1      0     0x0000000080000000 12582912       4194304      4194304"

# chunk 3 of the striped file: strip 1, row 1, 1 MiB in
run 0 "$LAYOUT" --offset $((13 * M)) "$img" d/s
expect_out "file offset 13631488: device 0 offset 0x80500000, segment 0 strip 1, 3145728 bytes contiguous"
run 0 "$LAYOUT" -t $((5 * M)) -F json "$img" d/two
expect_out '{"file_offset": 5242880, "dev": 0, "dev_offset": 26214400, "contig": 1, "segment": 1, "strip": 0}'
run 1 "$LAYOUT" -t $((5 * M + 1)) "$img" d/two
expect_err "past the end of the file"
run 0 "$LAYOUT" --reverse $((2 * G + 5 * M)) "$img" d/s
expect_out "file offset 13631488 of d/s"
run 0 "$LAYOUT" --reverse $((2 * G + 11 * M)) "$img" d/s
expect_out "past its end (would be file offset 24117248)"

# encodings, as hex, against bytes written out by hand
run 0 "$LAYOUT" -F fuse-fmap --hex "$img" d/s
tr -d ' \n' <"$T/out" >"$T/hex"
# header: REG, version 1, INTERLEAVE, 1 extent, size 20 MiB; then the
# interleaved extent (2 strips, 4 MiB chunks, 20 MiB) and its two strips
printf '%s' "0000" "0100" "01000000" "01000000" "00000000" \
	"0000400100000000" "0000000000000000" \
	"02000000" "00004000" "0000400100000000" "0000000000000000" \
	"00000000" "00000000" "0000004000000000" "0000c00000000000" \
	"00000000" "00000000" "0000008000000000" "0000c00000000000" >"$T/want"
cmp -s "$T/hex" "$T/want" || { cat "$T/hex"; fail "fuse-fmap bytes differ"; }
run 0 "$LAYOUT" -F v1-ioctl -x "$img" d/two
tr -d ' \n' <"$T/out" >"$T/hex"
# extent type, file type, size 5 MiB + 1, 2 extents, (16 MiB, 4 MiB), (24 MiB, 4 MiB)
printf '%s' "00000000" "00000000" "0100500000000000" "0200000000000000" \
	"0000000100000000" "0000400000000000" "0000800100000000" "0000400000000000" >"$T/want"
cmp -s "$T/hex" "$T/want" || { cat "$T/hex"; fail "v1-ioctl bytes differ"; }
# -o writes the raw bytes: the same as the hex
run 0 "$LAYOUT" -F v1-ioctl -o "$T/v1.bin" "$img" d/two
[ "$(od -An -tx1 -v "$T/v1.bin" | tr -d ' \n')" = "$(cat "$T/want")" ] || fail "-o bytes differ"
[ "$(stat -c %s "$T/v1.bin")" = 56 ] || fail "v1-ioctl is not 56 bytes"
run 0 "$LAYOUT" -F stride -o "$T/s.bin" "$img" d/s
[ "$(od -An -tx1 -N 8 "$T/s.bin" | tr -d ' \n')" = "4653545201000100" ] || fail "stride header"
run 0 "$LAYOUT" -F bpf -o "$T/b.bin" "$img" d/s
[ "$(stat -c %s "$T/b.bin")" = 13096 ] || fail "bpf value is not 13096 bytes"
run 0 "$LAYOUT" -F v2-ioctl -x "$img" d/s
expect_out "00 00 40 01 00 00 00 00 00 00 00 00 01 00 00 00"
# an encoding that cannot express the layout says which limit
run 1 "$LAYOUT" -F v1-ioctl -x "$img" d/s
expect_err "v1-ioctl cannot express this layout"

# YAML and JSON
run 0 "$LAYOUT" -F yaml "$img" d/two
expect_out "  - kind: extent"
run 0 "$LAYOUT" --all "$img"
python3 - "$T/out" <<'PY' || fail "--all JSON lines wrong"
import json, sys
lines = [json.loads(x) for x in open(sys.argv[1])]
assert [x["path"] for x in lines] == ["d/two", "d/s"]
assert lines[1]["segments"][0]["nstrips"] == 2
assert lines[0]["capacity"] == 8 << 20
PY

# --plan: where a new file would go, nothing written
run_nowrite 0 "$img" "$LAYOUT" --plan 3m "$img"
expect_out "0    extent  0      0     0x0000000000a00000 4194304"
run_nowrite 0 "$img" "$LAYOUT" --plan 20m --stripe 4,2m,8 --seed 1 -F json "$img"
python3 - "$T/out" <<'PY' || fail "--plan stripe wrong"
import json, sys
d = json.loads(open(sys.argv[1]).read())
s = d["segments"][0]
assert s["kind"] == "stride" and s["nstrips"] == 4 and s["strip_len"] == 6 << 20
assert len({x["offset"] // (3 << 30 // 8) for x in s["strips"]}) == 4
PY

# bad input: clear errors, nothing written
run_nowrite 1 "$img" "$LAYOUT" "$img" nothere
expect_err "$img:nothere: no such file"
run_nowrite 1 "$img" "$LAYOUT" "$img" d
expect_err "is a directory"
cp "$img" "$T/bad.img"
"$TESTIMG" poke "$T/bad.img" $(($("$TESTIMG" offset-of 1) + 60)) ff
# a damaged entry is not described, and the sound ones still are, as famfs-cp
# lists them (one rule: fsck.famfs errors reject their entries)
run_nowrite 1 "$T/bad.img" "$LAYOUT" "$T/bad.img" d/two
expect_err "fsck.famfs finds 2 errors on $T/bad.img; the files it rejects are not described: entry 1 (entry-crc)"
run_nowrite 0 "$T/bad.img" "$LAYOUT" "$T/bad.img" d/s
expect_out "d/s"
run_nowrite 1 "$T/bad.img" "$LAYOUT" --all "$T/bad.img"
expect_out '"path": "d/s"'
grep -q '"path": "d/two"' "$T/out" && fail "--all described a rejected entry"
run_nowrite 1 "$T/bad.img" "$LAYOUT" --plan 2m "$T/bad.img"
expect_err "famfs-cp would refuse to write to it"
run 1 "$LAYOUT" "$T/missing.img" x
run 2 "$LAYOUT" "$img"
run 2 "$LAYOUT" -F nope "$img" d/s
run 2 "$LAYOUT" --all -F bpf "$img"
run 2 "$LAYOUT" --stripe 2,2m "$img" d/s
run 0 "$LAYOUT" --help
expect_out "Usage: famfs-layout"
run 0 "$LAYOUT" -V
expect_out "famfs-layout (famfs-progs)"
done_ok
