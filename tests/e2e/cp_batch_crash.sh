#!/bin/sh
# famfs-cp crash safety inside a batch: a copy of several files, killed at
# every step of committing them together, leaves an image fsck.famfs
# accepts, where every listed file is byte-identical to its source and
# the files of the unfinished batch (and its directory) are all absent.
. "$top_srcdir/tests/e2e/lib.sh"
CP=$TOOLS/famfs-cp
FSCK=$TOOLS/fsck.famfs
MKFS=$TOOLS/mkfs.famfs
img=$T/fs.img

head -c 1000 /dev/urandom >"$T/before"
mkdir "$T/tree"
for i in 1 2 3 4 5; do
	head -c $((i * 700000 + 3)) /dev/urandom >"$T/tree/f$i"
done
head -c 4000 /dev/urandom >"$T/after"

# every file listed on the image is byte-identical to its source
check_listed()
{
	run 0 "$CP" --list "$img"
	awk '$1 ~ /^-/ { print $NF }' "$T/out" >"$T/listed"
	rm -rf "$T/chk" && mkdir "$T/chk"
	while read -r f; do
		run 0 "$CP" "$img:$f" "$T/chk/x"
		cmp "$T/$f" "$T/chk/x" || fail "$f differs from its source after a crash at $1"
		rm -f "$T/chk/x"
	done <"$T/listed"
}

# data:N is the N-th file's data written (not yet synced); synced: the
# batch's data is durable; slot-torn, slot: its slots are (half) written;
# header: the batch is live
for step in data:1 data:3 data:5 synced slot-torn slot header; do
	mkimg "$img" 256M
	run 0 "$MKFS" -q "$img"
	run 0 "$CP" "$T/before" "$img:before"
	FAMFS_CRASH_AT=$step run 137 "$CP" -r "$T/tree" "$img:tree"
	run 0 "$FSCK" -q "$img"
	if grep -q '^error' "$T/out"; then cat "$T/out" >&2; fail "errors after a crash at $step"; fi
	case $step in
	slot-torn|slot) expect_out "warning log-stale-slot" ;;
	*) [ ! -s "$T/out" ] || { cat "$T/out" >&2; fail "findings after a crash at $step"; } ;;
	esac
	check_listed "$step"
	grep -qx before "$T/listed" || fail "'before' lost after a crash at $step"
	if [ "$step" = header ]; then
		[ "$(grep -c '^tree/f' "$T/listed")" = 5 ] || fail "batch incomplete after $step"
	else
		run 0 "$CP" --list "$img"
		if grep -q 'tree' "$T/out"; then
			cat "$T/out" >&2
			fail "part of the unfinished batch is present after a crash at $step"
		fi
		# the copy can be done again, over the stale slots, and is clean
		run 0 "$CP" -r "$T/tree" "$img:tree"
		check_listed "the copy after $step"
		[ "$(grep -c '^tree/f' "$T/listed")" = 5 ] || fail "recopy incomplete after $step"
	fi
	run 0 "$CP" "$T/after" "$img:after"
	run 0 "$FSCK" -q "$img"
	[ ! -s "$T/out" ] || { cat "$T/out" >&2; fail "findings after recovering from $step"; }
done
done_ok
