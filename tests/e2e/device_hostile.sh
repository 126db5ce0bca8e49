#!/bin/sh
# Hostile devices and arguments: sizes that wrap 64 bits, devices that are
# not devices, images that change under the tool, extents far larger than
# their files, and writers racing on a block device. Each ends in a message
# and an exit status, never a signal, a hang or unbounded memory.
. "$top_srcdir/tests/e2e/lib.sh"
CP=$TOOLS/famfs-cp
FSCK=$TOOLS/fsck.famfs
LAYOUT=$TOOLS/famfs-layout
MKFS=$TOOLS/mkfs.famfs
TESTIMG=$top_builddir/tests/helpers/testimg
img=$T/fs.img
M=1048576
command -v timeout >/dev/null || skip "no timeout(1)"

# no_signal RC WHAT: RC is an exit status, not a death by signal (or timeout).
no_signal()
{
	[ "$1" -lt 124 ] || fail "$2: exit $1 (signal or timeout)"
	NTESTS=$((NTESTS + 1))
}

mkimg "$img" 64M
"$MKFS" "$img" >/dev/null || fail "mkfs"
printf 'abc\n' >"$T/small"

# --- sizes whose product or sum wraps are usage errors (exit 2) ---
for s in 4,4194304t 3,8388608t 16,524288t; do
	run 2 timeout 10 "$LAYOUT" --plan 4194304t --stripe "$s" "$img"
	expect_err "--stripe '$s'"
	run 2 timeout 10 "$CP" -S "$s" "$T/small" "$img:/s"
	expect_err "--stripe '$s'"
done
# 2^64 bytes does not parse at all
run 2 timeout 10 "$CP" -S 4,16777216t "$T/small" "$img:/s"
run 2 timeout 10 "$LAYOUT" --plan 16777216t "$img"
# the widest stripe allowed still plans (and finds no room)
run 1 timeout 10 "$LAYOUT" --plan 4194304t --stripe 8,524288t "$img"
expect_err "no space"
run 0 "$FSCK" -q "$img"

# --- not a device: refused before it is opened, naming path and kind ---
mkfifo "$T/fifo" || skip "mkfifo"
for dev in "$T/fifo" /dev/null; do
	case $dev in
	*fifo) kind="is a FIFO" ;;
	*) kind="is a character device that is not a DAX device" ;;
	esac
	for cmd in "$FSCK" "$CP --list" "$LAYOUT --all" "$MKFS -n"; do
		# shellcheck disable=SC2086
		timeout 10 $cmd "$dev" >"$T/out" 2>"$T/err"
		rc=$?
		no_signal $rc "$cmd $dev"
		[ $rc != 0 ] || fail "$cmd accepted $dev"
		expect_err "$dev: $kind"
	done
	timeout 10 "$CP" "$T/small" "$dev:/x" >"$T/out" 2>"$T/err"
	rc=$?
	no_signal $rc "famfs-cp into $dev"
	[ $rc != 0 ] || fail "famfs-cp copied into $dev"
done

# --- two writers on a block device: the second waits, both succeed ---
block_writers()
{
	if [ "$(id -u)" != 0 ] || ! command -v losetup >/dev/null; then
		echo "note: block device writers not tested (needs root and losetup)"
		return 0
	fi
	mkimg "$T/blk.img" 128M
	loop=$(losetup -f --show "$T/blk.img" 2>/dev/null) || {
		echo "note: block device writers not tested (losetup cannot attach)"
		return 0
	}
	trap 'losetup -d "$loop"; rm -rf "$T"' EXIT
	"$MKFS" "$loop" >/dev/null || fail "mkfs $loop"
	head -c $((6 * M)) /dev/urandom >"$T/big"
	for i in 1 2 3 4 5 6; do
		timeout 60 "$CP" -q "$T/big" "$loop:/a$i" 2>"$T/err.a" &
		pa=$!
		timeout 60 "$CP" -q "$T/big" "$loop:/b$i" 2>"$T/err.b" &
		pb=$!
		wait $pa || { cat "$T/err.a" >&2; fail "writer a$i failed next to b$i"; }
		wait $pb || { cat "$T/err.b" >&2; fail "writer b$i failed next to a$i"; }
		NTESTS=$((NTESTS + 1))
	done
	run 0 "$FSCK" -q "$loop"
	run 0 "$CP" "$loop:/b6" "$T/back"
	cmp -s "$T/big" "$T/back" || fail "copy on $loop differs"
	losetup -d "$loop"
	trap 'rm -rf "$T"' EXIT
}
block_writers

# --- copy-out reads the file's bytes, not its extent ---
# A 1-byte file owning a 16 GiB extent (sparse). Mapping the extent whole
# needs 16 GiB of address space: under a 2 GiB limit that fails, and
# without one it took a minute and 16 GiB of memory.
printf 'file one 1 64m:16g\n' | "$TESTIMG" build -s 17g "$T/big.img" || fail "testimg big"
"$TESTIMG" poke "$T/big.img" $((64 * M)) 5a
run 0 "$FSCK" -q "$T/big.img"
# (sanitizer builds reserve terabytes of address space: no limit there)
limit="ulimit -v 2097152;"
sh -c "$limit exec \"\$@\"" sh "$CP" --version >/dev/null 2>&1 || limit=""
timer=
[ -x /usr/bin/time ] && timer="/usr/bin/time -f %M -o $T/rss"
rm -f "$T/one"
# shellcheck disable=SC2086
run 0 timeout 20 sh -c "$limit exec $timer \"\$@\"" sh "$CP" "$T/big.img:/one" "$T/one"
[ "$(od -An -c "$T/one" | tr -d ' ')" = Z ] || fail "copy-out of the 1-byte file differs"
if [ -n "$timer" ]; then
	rss=$(tail -n 1 "$T/rss")
	[ "$rss" -lt 204800 ] || fail "copy-out of a 1-byte file used $rss KiB"
fi
# the same through a striped file: 2 strips of 8 GiB, 3 bytes
printf 'stripe st 3 2m 64m:8g 8256m:8g\n' | "$TESTIMG" build -s 17g "$T/big.img" ||
	fail "testimg striped"
run 0 "$FSCK" -q "$T/big.img"
# shellcheck disable=SC2086
run 0 timeout 20 sh -c "$limit exec \"\$@\"" sh "$CP" "$T/big.img:/st" "$T/st"
[ "$(stat -c %s "$T/st")" = 3 ] || fail "striped copy-out size"
rm -f "$T/big.img"

# --- an image that shrinks under a tool: a message, never a signal ---
i=0
while [ $i -lt 15000 ]; do
	echo "file f$i 100 $((16 + 2 * i))m:2m"
	i=$((i + 1))
done | "$TESTIMG" build -s 40g "$T/many.img" || fail "testimg many"
for delay in 0 0.003 0.006 0.009 0.012 0.015 0.018 0.021 0.024 0.027 0.03 0.04; do
	for tool in fsck list out; do
		cp --sparse=always "$T/many.img" "$T/w.img"
		rm -rf "$T/o"
		case $tool in
		fsck) "$FSCK" -q "$T/w.img" >"$T/out" 2>"$T/err" & ;;
		list) "$CP" --list "$T/w.img:/" >"$T/out" 2>"$T/err" & ;;
		out) "$CP" -q -r "$T/w.img:/" "$T/o" >"$T/out" 2>"$T/err" & ;;
		esac
		pid=$!
		sleep $delay
		i=$((i + 1))
		truncate -s $(((i % 7 + 1) * M)) "$T/w.img"
		wait $pid
		rc=$?
		no_signal $rc "$tool with the image truncated after ${delay}s"
		if [ $rc != 0 ] && ! [ -s "$T/err" ] && ! [ -s "$T/out" ]; then
			fail "$tool failed without a message"
		fi
	done
done
rm -rf "$T/o" "$T/w.img" "$T/many.img"

# --- ... and under a copy in: the writer's log mapping is guarded too
mkdir "$T/src"
i=0
while [ $i -lt 2000 ]; do
	echo "$i" >"$T/src/f$i"
	i=$((i + 1))
done
"$TOOLS/mkfs.famfs" -q "$T/in.img" 8g || fail "mkfs of the copy-in image"
for delay in 0.02 0.03 0.04 0.05 0.06 0.07 0.08 0.1; do
	cp --sparse=always "$T/in.img" "$T/w.img"
	"$CP" -q -r "$T/src" "$T/w.img:/in" >"$T/out" 2>"$T/err" &
	pid=$!
	sleep $delay
	truncate -s 1M "$T/w.img"
	wait $pid
	rc=$?
	no_signal $rc "copy-in with the image truncated after ${delay}s"
	if [ $rc != 0 ] && ! [ -s "$T/err" ]; then
		fail "copy-in failed without a message"
	fi
done
rm -rf "$T/src" "$T/w.img" "$T/in.img"
done_ok
