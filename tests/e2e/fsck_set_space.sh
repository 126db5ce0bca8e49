#!/bin/sh
# fsck.famfs over a device set (primary + 3 secondary sparse images): the
# space of each device in text and JSON, checked against figures this
# script computes from where it placed the files; and findings about an
# extent or a member name the device index and the member's path.
# Files are placed by copying them in and then rewriting their log
# entry's extent (device index, offset, length): fsck reads no file data,
# so only the log has to say where they are.
. "$top_srcdir/tests/e2e/lib.sh"
MKFS=$TOOLS/mkfs.famfs
FSCK=$TOOLS/fsck.famfs
CP=$TOOLS/famfs-cp
TI=$top_builddir/tests/helpers/testimg
M=1048576

mkdir "$T/set" || fail "mkdir"
P=$T/set/p.img
mkimg "$P" 128m
for i in 1 2 3; do mkimg "$T/set/s$i.img" 64m; done
run 0 "$MKFS" "$P" "$T/set/s1.img" "$T/set/s2.img" "$T/set/s3.img"

# four files, each 2 MiB units long, one extent each: slots 3 to 6
# (slots 0-2 add the devices)
for f in a:4 b:2 c:8 d:2; do
	head -c $((${f#*:} * M)) /dev/urandom >"$T/${f%:*}" || fail "head"
	run 0 "$CP" --image-dir "$T/set" --use-device 0 "$T/${f%:*}" "$P:${f%:*}"
done

put_le64() {
	_hex=$(printf "%016x" "$3" | sed 's/\(..\)/\1 /g' |
	       awk '{for (i = 8; i > 0; i--) printf "%s", $i}')
	run 0 "$TI" poke "$1" "$2" "$_hex"
}
# place IMAGE SLOT DEV OFF LEN: extent 0 of the file at SLOT
place() {
	_b=$("$TI" offset-of "$2") || fail "offset-of"
	put_le64 "$1" $((_b + 136)) "$3"
	put_le64 "$1" $((_b + 144)) "$4"
	put_le64 "$1" $((_b + 152)) "$5"
	run 0 "$TI" recrc-entry "$1" "$2"
}

run 0 "$FSCK" -j "$P"
# the primary's data area: after its log, to its recorded size
ds0=$(python3 -c 'import json,sys; s=json.load(open(sys.argv[1]))["superblock"]
print(s["log_offset"] + s["log_len"], s["recorded_size"])' "$T/out") || fail "superblock"
set -- $ds0
d0=$1
end0=$2
# device 1: a [2M, 6M), b [10M, 12M); device 2: c [20M, 28M); device 3 empty;
# device 0: d [d0 + 4M, d0 + 6M)
place "$P" 3 1 $((2 * M)) $((4 * M))
place "$P" 4 1 $((10 * M)) $((2 * M))
place "$P" 5 2 $((20 * M)) $((8 * M))
place "$P" 6 0 $((d0 + 4 * M)) $((2 * M))

# the expected figures, per device: data_size allocated free largest at ranges
sec=$((64 * M - 2 * M))
exp0="$((end0 - d0)) $((2 * M)) $((end0 - d0 - 2 * M)) $((end0 - d0 - 6 * M)) $((d0 + 6 * M)) 2"
exp1="$sec $((6 * M)) $((sec - 6 * M)) $((52 * M)) $((12 * M)) 2"
exp2="$sec $((8 * M)) $((sec - 8 * M)) $((36 * M)) $((28 * M)) 2"
exp3="$sec 0 $sec $sec $((2 * M)) 1"

run 0 "$FSCK" --image-dir "$T/set" "$P"
expect_out "clean"
expect_out "devices:"
# -v: each extent names its device, in text and JSON
run 0 "$FSCK" -v --image-dir "$T/set" "$P"
expect_out "$(printf '[0x%x, +%d) on device 2' $((20 * M)) $((8 * M)))"
expect_out "$(printf '[0x%x, +%d) on device 0' $((d0 + 4 * M)) $((2 * M)))"
run 0 "$FSCK" -v -j --image-dir "$T/set" "$P"
expect_out "{\"dev\": 1, \"offset\": $((10 * M)), \"len\": $((2 * M))}"
run 0 "$FSCK" --image-dir "$T/set" "$P"
# text: device N  data area D, allocated A, free F, largest free L in R range(s); role, size S, path
text() {
	_n=$1
	shift
	set -- $*
	_r=ranges
	[ "$6" = 1 ] && _r=range
	printf "device %-8s data area %s bytes, allocated %s bytes, free %s bytes, largest free %s bytes in %s %s;" \
		"$_n" "$1" "$2" "$3" "$4" "$6" "$_r"
}
expect_out "$(text 0 $exp0) primary, size $end0 bytes, $P"
expect_out "$(text 1 $exp1) secondary, size $((64 * M)) bytes, $T/set/s1.img"
expect_out "$(text 2 $exp2) secondary, size $((64 * M)) bytes, $T/set/s2.img"
expect_out "$(text 3 $exp3) secondary, size $((64 * M)) bytes, $T/set/s3.img"
# the totals are the sums over the devices
expect_out "allocated:     $((16 * M)) bytes"

run 0 "$FSCK" -j --image-dir "$T/set" "$P"
python3 - "$T/out" "$P" "$T/set" "$exp0" "$exp1" "$exp2" "$exp3" <<'EOF' || fail "fsck -j devices"
import json, sys
d = json.load(open(sys.argv[1]))
devs, sp = d["devices"], d["space"]
assert len(devs) == 4, devs
keys = ("data_size", "allocated", "free", "largest_free", "largest_free_offset", "free_ranges")
for i, m in enumerate(devs):
    want = dict(zip(keys, map(int, sys.argv[4 + i].split())))
    got = {k: m[k] for k in keys}
    assert got == want, (i, got, want)
    assert m["index"] == i and m["found"] is True, m
    assert m["role"] == ("primary" if i == 0 else "secondary"), m
    assert m["path"] == (sys.argv[2] if i == 0 else "%s/s%d.img" % (sys.argv[3], i)), m
    assert m["size"] == (128 if i == 0 else 64) << 20, m
assert sp["allocated"] == sum(m["allocated"] for m in devs), sp
assert sp["free"] == sum(m["free"] for m in devs), sp
assert sp["data_size"] == sum(m["data_size"] for m in devs), sp
assert sp["largest_free"] == max(m["largest_free"] for m in devs), sp
EOF

# a member not found: its space still comes from the log, marked unchecked
run 0 "$FSCK" -d "$T/set/s1.img" -d "$T/set/s3.img" "$P"
expect_out "$(text 2 $exp2) secondary, size $((64 * M)) bytes (device not found: not checked)"
expect_out "warning dev-missing [device 2]"

# findings on a secondary name its index and path: an extent past the end
# of device 3, and b overlapping a on device 1
cp "$P" "$T/bad.img" || fail "cp"
place "$T/bad.img" 6 3 $((62 * M)) $((4 * M))
place "$T/bad.img" 4 1 $((4 * M)) $((2 * M))
run 4 "$FSCK" --image-dir "$T/set" "$T/bad.img"
expect_out "error ext-range [entry 6 'd', device 3 '$T/set/s3.img']"
expect_out "error ext-overlap [entry 4 'b', device 1 '$T/set/s1.img']"
run 4 "$FSCK" -j --image-dir "$T/set" "$T/bad.img"
python3 - "$T/out" "$T/set" <<'EOF' || fail "fsck -j findings name the device"
import json, sys
f = {x["name"]: x for x in json.load(open(sys.argv[1]))["findings"]}
assert f["ext-range"]["device"] == 3, f
assert f["ext-range"]["device_path"] == sys.argv[2] + "/s3.img", f
assert f["ext-overlap"]["device"] == 1, f
assert f["ext-overlap"]["device_path"] == sys.argv[2] + "/s1.img", f
EOF

# a member smaller than recorded: the finding names it, and where it is
mkdir "$T/small" || fail "mkdir"
cp "$T/set/s2.img" "$T/small/s2.img" || fail "cp"
truncate -s 32m "$T/small/s2.img" || fail "truncate"
run 4 "$FSCK" -d "$T/set/s1.img" -d "$T/small/s2.img" -d "$T/set/s3.img" "$P"
expect_out "error dev-member [device 2 '$T/small/s2.img']"
expect_out "$(text 2 $exp2) secondary, size $((64 * M)) bytes, $T/small/s2.img (superblock wrong: not checked)"
run 4 "$FSCK" -j -d "$T/set/s1.img" -d "$T/small/s2.img" -d "$T/set/s3.img" "$P"
python3 - "$T/out" "$T/small/s2.img" <<'EOF' || fail "fsck -j dev-member"
import json, sys
d = json.load(open(sys.argv[1]))
f = [x for x in d["findings"] if x["name"] == "dev-member"]
assert len(f) == 1 and f[0]["device"] == 2 and f[0]["device_path"] == sys.argv[2], f
assert d["devices"][2]["found"] is False and d["devices"][2]["path"] == sys.argv[2], d
EOF

# a one-device file system: no devices section, findings without a device in text
mkimg "$T/one.img" 64m
run 0 "$MKFS" "$T/one.img"
run 0 "$CP" "$T/b" "$T/one.img:b"
run 0 "$FSCK" "$T/one.img"
grep -q "devices:" "$T/out" && fail "a devices section for one device"
place "$T/one.img" 0 0 $((62 * M)) $((4 * M))
run 4 "$FSCK" "$T/one.img"
expect_out "error ext-range [entry 0 'b']: "
run 4 "$FSCK" -j "$T/one.img"
python3 - "$T/out" "$T/one.img" <<'EOF' || fail "fsck -j one device"
import json, sys
d = json.load(open(sys.argv[1]))
f = [x for x in d["findings"] if x["name"] == "ext-range"]
assert len(f) == 1 and f[0]["device"] == 0 and f[0]["device_path"] == sys.argv[2], f
assert "devices" not in d, d
EOF

done_ok
