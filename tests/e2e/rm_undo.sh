#!/bin/sh
# famfs-rm and famfs-undo: files and trees removed and their space and
# slots reused; a non-empty directory needs -r; a crash at every step of
# the log rewrite is undone byte for byte by famfs-undo, and a completed
# rewrite leaves a clean file system with every kept file intact; hostile
# undo files are refused with the device untouched.
. "$top_srcdir/tests/e2e/lib.sh"
CP=$TOOLS/famfs-cp
FSCK=$TOOLS/fsck.famfs
MKFS=$TOOLS/mkfs.famfs
RM=$TOOLS/famfs-rm
UNDO=$TOOLS/famfs-undo
# every rewrite and undo flushes: on tmpfs, where there is one, that costs nothing
if [ -w /dev/shm ] && D=$(mktemp -d /dev/shm/famfs-rm.XXXXXX); then
	trap 'rm -rf "$T" "$D"' EXIT
else
	D=$T
fi
img=$D/fs.img
M=1048576

# every file of the tree kept, copied out, equal to its source
kept_intact()
{
	rm -rf "$D/back" && mkdir "$D/back"
	run 0 "$CP" -r "$img:t" "$img:y" "$D/back/"
	cmp "$D/src/t/f2" "$D/back/t/f2" && cmp "$D/src/t/s/f3" "$D/back/t/s/f3" &&
		cmp "$D/src/y" "$D/back/y" || fail "a kept file changed: $1"
}

clean()
{
	run 0 "$FSCK" -q "$img"
	[ ! -s "$T/out" ] || { cat "$T/out" >&2; fail "findings: $1"; }
}

mkdir -p "$D/src/t/s" "$D/src/many"
head -c $((1 * M + 7)) /dev/urandom >"$D/src/f1"
head -c $((3 * M)) /dev/urandom >"$D/src/t/f2"
head -c 100000 /dev/urandom >"$D/src/t/s/f3"
head -c 10 /dev/urandom >"$D/src/y"
# 2000 directories: a log of three 64 KiB-chunk ranges and more
(cd "$D/src/many" && seq -w 1 2000 | xargs mkdir) || fail "mkdir"
mkimg "$img" 64M
run 0 "$MKFS" -q "$img"
run 0 "$CP" "$D/src/f1" "$img:f1"
run 0 "$CP" -r "$D/src/t" "$D/src/many" "$D/src/y" "$img:/"
cp "$img" "$D/orig.img"

# --- refusals that write nothing (and create no undo file)
run_nowrite 1 "$img" "$RM" -z "$D/u0" "$img:t"
expect_err "directory not empty: give -r"
run_nowrite 1 "$img" "$RM" -z "$D/u0" "$img:nosuch"
expect_err "no such file or directory"
run_nowrite 1 "$img" "$RM" -z "$D/u0" "$img:/"
expect_err "root"
run_nowrite 2 "$img" "$RM" -z "$D/u0" --no-undo "$img:y"
run_nowrite 0 "$img" "$RM" -n -r -z "$D/u0" "$img:t"
expect_out "would remove 2 files and 2 directories"
[ ! -e "$D/u0" ] || fail "a refused or dry run created the undo file"
# another host is not the master
other=00000000-1111-2222-3333-444444444444
FAMFS_SYSTEM_UUID=$other run_nowrite 1 "$img" "$RM" -z "$D/u0" "$img:y"
expect_err "master"
# a device fsck finds errors on
cp "$img" "$D/bad.img"
printf 'x' | dd of="$D/bad.img" bs=1 seek=$((2 * M + 48 + 100)) conv=notrunc 2>/dev/null
run_nowrite 1 "$D/bad.img" "$RM" -z "$D/u0" "$D/bad.img:y"
expect_err "fsck.famfs finds"
rm -f "$D/bad.img"

# --- a crash at each write of the rewrite: famfs-undo gives the original back
for step in undo-record:1 undo-record:2 undo-sealed rewrite-torn; do
	cp "$D/orig.img" "$img"
	rm -f "$D/u"
	FAMFS_CRASH_AT=$step run 137 "$RM" -z "$D/u" "$img:f1"
	case $step in
	undo-*)
		# the device was never written: the unsealed file is refused
		cmp -s "$img" "$D/orig.img" || fail "device written before the undo file was sealed"
		if [ "$step" != undo-sealed ]; then
			run_nowrite 1 "$img" "$UNDO" "$D/u" "$img"
			expect_err "not sealed"
			continue
		fi
		;;
	esac
	run 0 "$UNDO" "$D/u" "$img"
	cmp -s "$img" "$D/orig.img" ||
		fail "famfs-undo did not restore the image after a crash at $step"
done
n=1
while :; do
	cp "$D/orig.img" "$img"
	rm -f "$D/u"
	FAMFS_CRASH_AT=rewrite:$n "$RM" -q -z "$D/u" "$img:f1" >"$T/out" 2>"$T/err"
	rc=$?
	NTESTS=$((NTESTS + 1))
	[ $rc = 0 ] && break
	[ $rc = 137 ] || { cat "$T/err" >&2; fail "famfs-rm exit $rc at rewrite:$n"; }
	run 0 "$UNDO" "$D/u" "$img"
	cmp -s "$img" "$D/orig.img" || fail "famfs-undo did not restore the image after rewrite:$n"
	n=$((n + 1))
done
[ $n -ge 3 ] || fail "only $n writes: the test does not cover a rewrite of several ranges"
echo "crashed at each of $((n - 1)) writes"

# --- the completed rewrite: clean, f1 gone, everything else intact
clean "after removing f1"
run 0 "$CP" --list "$img"
if grep -q " f1$" "$T/out"; then fail "f1 still listed"; fi
kept_intact "after removing f1"
cp "$img" "$D/no-f1.img"

# --- hostile undo files: refused, device untouched
cp "$D/u" "$D/good.undo"
head -c $(($(stat -c %s "$D/u") - 1)) "$D/good.undo" >"$D/u"
run_nowrite 1 "$img" "$UNDO" "$D/u" "$img"
expect_err "torn"
mkimg "$D/other.img" 64M
run 0 "$MKFS" -q "$D/other.img"
run_nowrite 1 "$D/other.img" "$UNDO" "$D/good.undo" "$D/other.img"
expect_err "UUIDs differ"
cp "$D/good.undo" "$D/u"
printf 'x' | dd of="$D/u" bs=1 seek=$((128 + 40 + 5)) conv=notrunc 2>/dev/null
run_nowrite 1 "$img" "$UNDO" "$D/u" "$img"
expect_err "do not match their CRC"
# the device changed since: another copy went in
run 0 "$CP" "$D/src/y" "$img:z"
run_nowrite 1 "$img" "$UNDO" "$D/good.undo" "$img"
expect_err "changed since"
cp "$D/no-f1.img" "$img"
run_nowrite 0 "$img" "$UNDO" -n "$D/good.undo" "$img"
run 0 "$UNDO" "$D/good.undo" "$img"
cmp -s "$img" "$D/orig.img" || fail "famfs-undo did not restore the completed rewrite"
cp "$D/no-f1.img" "$img"

# --- a tree with -r, its space reused by the next copy, default undo location
head -c $((52 * M)) /dev/urandom >"$D/big"
run_nowrite 1 "$img" "$CP" "$D/big" "$img:big"
mkdir "$D/ud"
FAMFS_UNDO_DIR=$D/ud run 0 "$RM" -v -r "$img:t"
expect_out "removed 't/s/f3'"
expect_out "removed 2 files and 2 directories, freed 6.0 MiB"
expect_out "undo file: $D/ud/famfs-rm-fs.img-"
ls "$D"/ud/famfs-rm-fs.img-*.undo >/dev/null || fail "no undo file in \$FAMFS_UNDO_DIR"
clean "after removing t"
run 0 "$CP" "$D/big" "$img:big"
rm -f "$D/big"
clean "after reusing the space"
run 0 "$RM" --no-undo "$img:big"
expect_err "warning: no undo file"

# --- a stale slot (a copy killed before its entry went live) is cleared by the same rewrite
FAMFS_CRASH_AT=slot run 137 "$CP" "$D/src/y" "$img:stale"
run 0 "$FSCK" -q "$img"
expect_out "warning log-stale-slot"
run 0 "$RM" -z "$D/us" "$img:y"
clean "after a rewrite over a stale slot"

# --- a full log (15,420 slots): slots reclaimed for the next copy
mkimg "$img" 64M
run 0 "$MKFS" -q "$img"
mkdir -p "$D/full/d"
(cd "$D/full/d" && seq -w 1 15419 | xargs mkdir) || fail "mkdir"
run 0 "$CP" -r "$D/full/d" "$img:d"
run 1 "$CP" "$D/src/y" "$img:y"
expect_err "log full"
cp "$img" "$D/full.img"
run 0 "$RM" -z "$D/uf" "$img:d/00001" "$img:d/07000"
expect_out "2 of 15420 log slots reclaimed"
run 0 "$CP" "$D/src/y" "$img:y"
clean "after reclaiming slots of a full log"
cp "$D/full.img" "$img"
run 0 "$RM" -z "$D/uf2" "$img:d/00001"
run 0 "$UNDO" "$D/uf2" "$img"
cmp -s "$img" "$D/full.img" || fail "famfs-undo did not restore the full log"
done_ok
