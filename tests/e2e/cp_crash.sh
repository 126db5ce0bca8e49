#!/bin/sh
# famfs-cp crash safety and concurrency. A copy killed at each step of
# adding a file leaves an image fsck.famfs accepts, holding the file
# either complete or not at all; and two writers at once never corrupt
# the log or hand out the same space twice.
. "$top_srcdir/tests/e2e/lib.sh"
CP=$TOOLS/famfs-cp
FSCK=$TOOLS/fsck.famfs
MKFS=$TOOLS/mkfs.famfs
img=$T/fs.img
M=1048576

head -c $((3 * M + 5)) /dev/urandom >"$T/data"
head -c 1000 /dev/urandom >"$T/before"
head -c 4000 /dev/urandom >"$T/after"

# after a crash at step: the image is consistent (warnings allowed), the
# file is there (and complete) exactly when the entry went live
for step in data slot-torn slot header; do
	for stripe in "" "-S 2,2m"; do
		mkimg "$img" 512M
		run 0 "$MKFS" -q "$img"
		run 0 "$CP" "$T/before" "$img:before"
		# shellcheck disable=SC2086
		FAMFS_CRASH_AT=$step run 137 "$CP" $stripe "$T/data" "$img:file"
		run 0 "$FSCK" -q "$img"
		if grep -q '^error' "$T/out"; then cat "$T/out" >&2; fail "errors after a crash at $step"; fi
		case $step in
		slot-torn|slot) expect_out "warning log-stale-slot [entry 1]" ;;
		*) [ ! -s "$T/out" ] || { cat "$T/out" >&2; fail "findings after a crash at $step"; } ;;
		esac
		run 0 "$CP" --list "$img"
		if [ "$step" = header ]; then
			expect_out "file"
			run 0 "$CP" "$img:file" "$T/back"
			cmp "$T/data" "$T/back" || fail "file incomplete after a crash at $step"
			rm -f "$T/back"
		elif grep -q " file$" "$T/out"; then
			fail "file present after a crash at $step, before its entry was live"
		fi
		# the next copy works, reuses the space and the stale slot, and is clean
		run 0 "$CP" "$T/after" "$img:after"
		run 0 "$FSCK" -q "$img"
		[ ! -s "$T/out" ] || { cat "$T/out" >&2; fail "findings after recovering from $step"; }
		rm -rf "$T/chk" && mkdir "$T/chk"
		run 0 "$CP" "$img:before" "$img:after" "$T/chk/"
		cmp "$T/before" "$T/chk/before" && cmp "$T/after" "$T/chk/after" ||
			fail "data changed after recovering from $step"
	done
done

# two writers at once, 100 files each, one famfs-cp per file
mkimg "$img" 2G
run 0 "$MKFS" -q "$img"
mkdir "$T/a" "$T/b"
for i in $(seq 1 100); do
	head -c $((i * 1000)) /dev/urandom >"$T/a/f$i"
	head -c $((i * 999)) /dev/urandom >"$T/b/f$i"
done
run 0 "$CP" -p "$T/a/f1" "$img:a/f1"
run 0 "$CP" -p "$T/b/f1" "$img:b/f1"
writer()
{
	for i in $(seq 2 100); do
		"$CP" -q "$T/$1/f$i" "$img:$1/f$i" || echo "writer $1 failed at $i" >>"$T/failures"
	done
}
writer a &
pa=$!
writer b &
pb=$!
wait $pa
wait $pb
[ ! -s "$T/failures" ] || { cat "$T/failures" >&2; fail "a concurrent copy failed"; }
run 0 "$FSCK" "$img"
expect_out "files:         200"
expect_out "directories:   2"
expect_out "slots used:    202 of"
expect_out "clean, 0 warnings"
mkdir "$T/back-a" "$T/back-b"
run 0 "$CP" -r "$img:a" "$img:b" "$T/back-a/"
diff -r "$T/a" "$T/back-a/a" || fail "writer a's files differ"
diff -r "$T/b" "$T/back-a/b" || fail "writer b's files differ"
done_ok
