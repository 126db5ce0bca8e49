#!/bin/sh
# famfs-cp end to end, with fsck.famfs as the judge after every change:
# files of awkward sizes in and back out byte for byte, trees, striping,
# every refusal (with the image unchanged), and listing.
. "$top_srcdir/tests/e2e/lib.sh"
CP=$TOOLS/famfs-cp
FSCK=$TOOLS/fsck.famfs
MKFS=$TOOLS/mkfs.famfs
TESTIMG=$top_builddir/tests/helpers/testimg
img=$T/fs.img
M=1048576

fresh()
{
	mkimg "$img" "${1:-1G}"
	run 0 "$MKFS" -q "$img"
}

# the image is consistent: no errors and no warnings
judge()
{
	run 0 "$FSCK" -q "$img"
	[ ! -s "$T/out" ] || { cat "$T/out" >&2; fail "fsck findings after: $1"; }
}

randfile()
{
	head -c "$2" /dev/urandom >"$1" || fail "cannot make $1"
}

# --- files of every awkward size, contiguous and striped, in and out
fresh 1G
mkdir "$T/src" "$T/back"
for size in 0 1 $((2 * M - 1)) $((2 * M)) $((2 * M + 1)) $((100 * M)); do
	randfile "$T/src/f$size" "$size"
	run 0 "$CP" "$T/src/f$size" "$img:f$size"
	judge "copy of $size bytes"
	run 0 "$CP" -S 4,2m,8 --seed 5 "$T/src/f$size" "$img:s$size"
	judge "striped copy of $size bytes"
	run 0 "$CP" "$img:f$size" "$img:s$size" "$T/back/"
	cmp "$T/src/f$size" "$T/back/f$size" || fail "f$size differs after the round trip"
	cmp "$T/src/f$size" "$T/back/s$size" || fail "s$size differs after the round trip"
done
run 0 "$FSCK" -j -v "$img"
python3 - "$T/out" $M <<'EOF' || fail "layouts in the fsck report are wrong"
import json, sys
d = json.load(open(sys.argv[1]))
M = int(sys.argv[2])
files = {c["path"]: c for c in d["contents"]}
assert files["f0"]["extents"] == [{"dev": 0, "offset": files["f0"]["extents"][0]["offset"], "len": 2 * M}]
assert files["f2097153"]["extents"][0]["len"] == 4 * M
s = files["s104857600"]
assert s["layout"] == "interleaved" and s["chunk_size"] == 2 * M
assert len(s["strips"]) == 4 and all(x["len"] == 26 * M for x in s["strips"])
buckets = {x["offset"] // (d["superblock"]["recorded_size"] // 8) for x in s["strips"]}
assert len(buckets) == 4, buckets
# smaller than a chunk: one simple extent
assert files["s2097151"]["layout"] == "simple"
EOF

# --- -v prints the layout; the same seed gives the same placement
fresh 1G
randfile "$T/a" $((9 * M))
run 0 "$CP" -v -S 2,4m,4 --seed 11 "$T/a" "$img:a"
expect_out "$img:a: 9.0 MiB, 2 strips of 8.0 MiB, chunk 4.0 MiB:"
grep -F "$img:a:" "$T/out" >"$T/layout1"
fresh 1G
run 0 "$CP" -v -S 2,4m,4 --seed 11 "$T/a" "$img:a"
grep -F "$img:a:" "$T/out" | cmp -s - "$T/layout1" || fail "--seed did not repeat the layout"

# --- trees: directories, modes, owners; what cannot be copied is skipped
fresh 1G
mkdir -p "$T/tree/sub/deeper" "$T/tree/empty"
randfile "$T/tree/top" 3000
randfile "$T/tree/sub/mid" $((3 * M))
randfile "$T/tree/sub/deeper/low" 1
chmod 0640 "$T/tree/top"
chmod 0711 "$T/tree/sub"
ln -s top "$T/tree/link"
mkfifo "$T/tree/fifo"
run 1 "$CP" -r -u 1234 -g 99 "$T/tree" "$img:"
expect_err "skipped '$T/tree/fifo': a FIFO"
expect_err "skipped '$T/tree/link': a symbolic link"
expect_err "2 sources skipped"
expect_out "copied 3 files"
judge "tree copy"
run 0 "$CP" --list "$img"
expect_out "-0640  1234    99         3000  tree/top"
expect_out "d0711  1234    99            -  tree/sub/"
expect_out "d0755  1234    99            -  tree/empty/"
run 0 "$CP" -L "$img:tree/sub"
expect_out "tree/sub/deeper/low"
if grep -q "tree/top" "$T/out"; then fail "--list DIR listed outside DIR"; fi
run 0 "$CP" -r "$img:tree" "$T/back/"
rm "$T/tree/link" "$T/tree/fifo"
diff -r "$T/tree" "$T/back/tree" || fail "the tree differs after the round trip"
[ "$(stat -c %a "$T/back/tree/top")" = 640 ] || fail "mode not restored"
# -m sets the files' permissions
run 0 "$CP" -m 600 "$T/a" "$img:tree/a"
run 0 "$CP" --list "$img:tree/a"
expect_out "-0600"

# --- --progress draws on a terminal (script(1) provides one), never elsewhere
if command -v script >/dev/null; then
	head -c $((64 * M)) /dev/zero >"$T/p"
	script -qc "'$CP' --progress '$T/p' '$img:p'" /dev/null >"$T/out" 2>&1 || fail "--progress copy"
	tr '\r' '\n' <"$T/out" | grep -q "64.0 MiB of 64.0 MiB (100%) at .*/s" ||
		{ cat "$T/out"; fail "no progress line on a terminal"; }
	run 0 "$CP" --progress "$T/p" "$img:p2"
	if grep -q "MiB/s" "$T/err"; then fail "progress drawn without a terminal"; fi
	rm -f "$T/p"
fi

# --- refusals: a clear error, exit 1, and not a byte written
fresh 256M
run 0 "$CP" "$T/a" "$img:a"
run_nowrite 1 "$img" "$CP" "$T/a" "$img:a"
expect_err "$img:a already exists"
run_nowrite 1 "$img" "$CP" "$T/a" "$img:no/such/dir/a"
expect_err "parent directory 'no/such/dir' does not exist"
expect_err "nothing was written"
run_nowrite 1 "$img" "$CP" "$T/a" "$img:a/b"
expect_err "is a file"
long=$(printf '%080d' 0)
run_nowrite 1 "$img" "$CP" "$T/a" "$img:$long"
expect_err "longer than 79 bytes"
run_nowrite 1 "$img" "$CP" "$T/tree" "$img:t"
expect_err "is a directory; use -r"
ln -s "$T/a" "$T/alink"
run_nowrite 1 "$img" "$CP" "$T/alink" "$img:l"
expect_err "a symbolic link"
run_nowrite 1 "$img" "$CP" "$T/missing" "$img:m"
expect_err "$T/missing: No such file or directory"
run_nowrite 1 "$img" "$CP" "$T/a" "$T/a" "$img:newdir"
expect_err "give an existing directory"
# a plan that fails on its last file writes none of the others
mkdir -p "$T/deep/$(printf '%060d' 1)"
cp "$T/a" "$T/deep/ok"
cp "$T/a" "$T/deep/$(printf '%060d' 1)/$(printf '%030d' 2)"
run_nowrite 1 "$img" "$CP" -r "$T/deep" "$img:"
expect_err "longer than 79 bytes"
expect_err "nothing was written"
# no space: the numbers say how much is needed and free
truncate -s 300M "$T/big"
run_nowrite 1 "$img" "$CP" "$T/big" "$img:big"
expect_err "no space: 314572800 bytes needed, "
expect_err "bytes free in total"
rm -f "$T/big"
# not the master host; -f overrides
FAMFS_SYSTEM_UUID=00000000-0000-0000-0000-0000000000aa run_nowrite 1 "$img" "$CP" "$T/a" "$img:b"
expect_err "only its master host $FAMFS_SYSTEM_UUID may write to it"
expect_err "give -f"
FAMFS_SYSTEM_UUID=00000000-0000-0000-0000-0000000000aa run 0 "$CP" -f "$T/a" "$img:b"
judge "forced copy"
# a damaged file system is refused
cp "$img" "$T/bad.img"
"$TESTIMG" poke "$T/bad.img" $(($("$TESTIMG" offset-of 0) + 50)) ff
run_nowrite 1 "$T/bad.img" "$CP" "$T/a" "$T/bad.img:c"
# (the bad entry, and hosts stopping their replay there: replay-stops)
expect_err "fsck.famfs finds 2 errors (first: entry-crc"
# a dry run plans everything and writes nothing
run_nowrite 0 "$img" "$CP" -n -v -p "$T/a" "$img:x/y/z"
expect_out "$img:x/: directory (dry run)"
expect_out "would copy 1 file"
# -p creates the parents for real
run 0 "$CP" -p "$T/a" "$img:x/y/z"
judge "copy with -p"
run 0 "$CP" --list "$img:x"
expect_out "x/y/z"

# --- a full log: the message says so and nothing is written
awk 'BEGIN { for (i = 0; i < 15420; i++) print "dir d" i }' |
	"$TESTIMG" build -s 64m "$img" || fail "testimg"
run_nowrite 1 "$img" "$CP" "$T/a" "$img:f"
expect_err "log full: 15420 of 15420 slots used"

# --- copying out: refusals
fresh 256M
run 0 "$CP" -r "$T/tree" "$img:"
run 1 "$CP" "$img:tree" "$T/out-dir"
expect_err "is a directory; use -r"
run 1 "$CP" "$img:nothere" "$T/x"
expect_err "$img:nothere: no such file or directory"
echo keep >"$T/existing"
run 1 "$CP" "$img:tree/top" "$T/existing"
expect_err "give -f to overwrite it"
[ "$(cat "$T/existing")" = keep ] || fail "an existing host file was overwritten"
run 0 "$CP" -f "$img:tree/top" "$T/existing"
cmp "$T/tree/top" "$T/existing" || fail "-f did not overwrite"

# --- usage errors
run 2 "$CP"
run 2 "$CP" "$T/a"
run 2 "$CP" -S 17,2m "$T/a" "$img:q"
expect_err "give 1 to 16"
run 2 "$CP" -S 2,3m "$T/a" "$img:q"
expect_err "power of two"
run 2 "$CP" --seed 3 "$T/a" "$img:q"
run 2 "$CP" -m 99999 "$T/a" "$img:q"
run 2 "$CP" --bogus
run 0 "$CP" --help
expect_out "Usage: famfs-cp"
run 0 "$CP" -V
expect_out "famfs-cp (famfs-progs)"
done_ok
