#!/bin/sh
# famfs-layout -T/--target: every encoding checked against the limits of a
# named kernel target, bytes against bytes written by hand, each refusal
# naming the limit and the target; fuse-iomap records and the BPF
# prototype's map value (issue 18).
. "$top_srcdir/tests/e2e/lib.sh"
LAYOUT=$TOOLS/famfs-layout
TESTIMG=$top_builddir/tests/helpers/testimg
img=$T/fs.img
M=1048576
G=$((1024 * M))

# three touching extents; 20 MiB striped over 2 strips of 12 MiB (4 MiB chunks);
# a striped file of 0 bytes (its group holds no file byte)
printf '%s\n' "dir d" "file d/three $((10 * M)) $((16 * M)):4m $((20 * M)):4m $((24 * M)):4m" \
	"stripe d/s $((20 * M)) 4m $G:12m $((2 * G)):12m" \
	"stripe d/z 0 4m $((2560 * M)):4m $((2568 * M)):4m" |
	"$TESTIMG" build -s 3g "$img" || fail "testimg"

hex() { tr -d ' \n' <"$T/out"; }

# the table: every target named with its source
run 0 "$LAYOUT" -T list
for t in kmod-kabi42 kmod-kabi43 kmod-kabi44 fuse-2025 fuse-2026 fuse-iomap-2025 bpf-proto; do
	expect_out "$t "
done
expect_out "FAMFS_KABI_VERSION 43"

# kmod-kabi44 (later drafts): fmap_size, the whole message (104 bytes), at 12-15
run_nowrite 0 "$img" "$LAYOUT" -F fuse-fmap -T kmod-kabi44 -x "$img" d/s
[ "$(hex | cut -c1-32)" = "00000100010000000100000068000000" ] || fail "kabi44 header: $(hex)"
# the FUSE series: reserved0 stays 0
run 0 "$LAYOUT" -F fuse-fmap --target fuse-2025 -x "$img" d/s
[ "$(hex | cut -c1-32)" = "00000100010000000100000000000000" ] || fail "fuse-2025 header"
run 0 "$LAYOUT" -F fuse-fmap -x "$img" d/s
[ "$(hex | cut -c1-32)" = "00000100010000000100000000000000" ] || fail "default header"

# 2 extents in the 2025 series, 32 from January 2026 (the default)
run 1 "$LAYOUT" -F fuse-fmap -T fuse-2025 -x "$img" d/three
expect_err "fuse-fmap cannot express this layout for target fuse-2025: at most 2 extents"
expect_err "(this layout has 3)"
run 0 "$LAYOUT" -F fuse-fmap -x "$img" d/three
[ "$(hex | cut -c17-24)" = "03000000" ] || fail "fuse-2026: 3 extents"
run 1 "$LAYOUT" -F v2-ioctl -T kmod-kabi43 -x "$img" d/three
expect_err "at most 2 extents (FAMFS_MAX_EXTENTS)"
run 1 "$LAYOUT" -F v1-ioctl -T kmod-kabi42 -x "$img" d/s
expect_err "target kmod-kabi42: it takes simple extents only"

# a stride group with no file bytes is never sent as a zero-length interleave
for f in fuse-fmap v2-ioctl bpf; do
	run 1 "$LAYOUT" -F $f -x "$img" d/z
	expect_err "0 bytes"
done

# fuse-iomap: one 32-byte record per chunk (they alternate devices' strips)
run 0 "$LAYOUT" -F fuse-iomap -x "$img" d/s
printf '%s' \
	"0000000000000000" "0000400000000000" "0000004000000000" "0200" "0000" "01000000" \
	"0000400000000000" "0000400000000000" "0000008000000000" "0200" "0000" "01000000" \
	"0000800000000000" "0000400000000000" "0000404000000000" "0200" "0000" "01000000" \
	"0000c00000000000" "0000400000000000" "0000408000000000" "0200" "0000" "01000000" \
	"0000000100000000" "0000400000000000" "0000804000000000" "0200" "0000" "01000000" \
	>"$T/want"
[ "$(hex)" = "$(cat "$T/want")" ] || fail "fuse-iomap records: $(hex)"
# touching extents merge; the last run ends at the size rounded up to 2 MiB
run 0 "$LAYOUT" -F fuse-iomap -x "$img" d/three
[ "$(hex)" = "0000000000000000""0000a00000000000""0000000100000000""0200000001000000" ] ||
	fail "merged record: $(hex)"
# --offset: the record an iomap_begin reply carries (chunk 3 for 13 MiB)
run 0 "$LAYOUT" -F fuse-iomap --offset $((13 * M)) -o "$T/rec" "$img" d/s
[ "$(od -An -tx1 -v "$T/rec" | tr -d ' \n')" = \
	"0000c000000000000000400000000000000040800000000002000000"01000000 ] || fail "--offset record"
run 1 "$LAYOUT" -F fuse-iomap -t $((20 * M)) -x "$img" d/s
expect_err "past the mapped range"
run 2 "$LAYOUT" -F fuse-fmap -t 0 "$img" d/s

# bpf: the prototype's struct famfs_file_meta, our version (2) at 20-23
run 0 "$LAYOUT" -F bpf -o "$T/b.bin" "$img" d/s
[ "$(stat -c %s "$T/b.bin")" = 13096 ] || fail "bpf value size"
[ "$(od -An -tx1 -v -N 40 "$T/b.bin" | tr -d ' \n')" = \
	"0000000000000000000040010000000001000000020000000100000000000000""0100000000000000" ] ||
	fail "bpf header"

# usage errors: unknown target, a target that does not take the encoding
run 2 "$LAYOUT" -F fuse-fmap -T fuse-2024 -x "$img" d/s
expect_err "unknown target 'fuse-2024'"
run 2 "$LAYOUT" -F v2-ioctl -T kmod-kabi44 -x "$img" d/s
expect_err "target kmod-kabi44 does not take v2-ioctl"
run 2 "$LAYOUT" -T fuse-2026 "$img" d/s
expect_err "--target goes with an encoding"

# --decode takes a message exactly as the chosen target takes it
run 0 "$LAYOUT" -F fuse-fmap -T kmod-kabi44 -o "$T/k44" "$img" d/s
run 0 "$LAYOUT" --decode "$T/k44" -T kmod-kabi44 -F json
expect_out '"nstrips": 2, "chunk_size": 4194304, "strip_len": 12582912'
run 1 "$LAYOUT" --decode "$T/k44"
expect_err "for target fuse-2026: byte 12 differs"
run 0 "$LAYOUT" -F fuse-fmap -o "$T/three" "$img" d/three
run 0 "$LAYOUT" --decode "$T/three"
expect_out "in 3 segments"
run 1 "$LAYOUT" --decode "$T/three" -T fuse-2025
expect_err "for target fuse-2025: at most 2 extents"
head -c 40 "$T/three" >"$T/short"
run 1 "$LAYOUT" --decode "$T/short"
run 2 "$LAYOUT" --decode "$T/three" -T bpf-proto
run 2 "$LAYOUT" --decode "$T/three" "$img"

# A BPF hash map shaped as the prototype's (u64 node id -> 13096-byte
# value) takes the value and gives it back, where bpftool exists and may
# create maps.
pin=/sys/fs/bpf/famfs_progs_e2e_$$
if command -v bpftool >/dev/null 2>&1 &&
	bpftool map create "$pin" type hash key 8 value 13096 entries 4 name famfs_e2e 2>/dev/null; then
	val=$(od -An -tx1 -v "$T/b.bin" | tr -s ' \n' ' ')
	# shellcheck disable=SC2086
	bpftool map update pinned "$pin" key hex 2a 00 00 00 00 00 00 00 value hex $val ||
		{ rm -f "$pin"; fail "bpftool map update"; }
	bpftool -j map lookup pinned "$pin" key hex 2a 00 00 00 00 00 00 00 >"$T/look" 2>&1
	rm -f "$pin"
	got=$(grep -o '0x[0-9a-f][0-9a-f]' "$T/look" | sed 's/0x//' | tr -d '\n')
	NTESTS=$((NTESTS + 1))
	[ "$got" = "2a00000000000000$(od -An -tx1 -v "$T/b.bin" | tr -d ' \n')" ] ||
		fail "the BPF map gives back other bytes"
else
	echo "note: BPF map check skipped: no bpftool, or no permission to create a map"
fi
done_ok
