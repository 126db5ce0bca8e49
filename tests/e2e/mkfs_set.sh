#!/bin/sh
# mkfs.famfs PRIMARY SECONDARY...: one file system over 1 + 3 images, the
# DEVICE SIZE form still working beside it, every refusal writing nothing,
# and a crash at each step leaving a file system that never names a device
# it did not finish.
. "$top_srcdir/tests/e2e/lib.sh"
MKFS=$TOOLS/mkfs.famfs
FSCK=$TOOLS/fsck.famfs
PROBE=$TOOLS/famfs-probe

fresh()
{
	mkimg "$T/p.img" 64m
	mkimg "$T/s1.img" 16m
	mkimg "$T/s2.img" 16m
	mkimg "$T/s3.img" 32m
}
key() { sed -n "s/^$1=//p" "$T/out"; }

# --- 1 + 3 images
fresh
run 0 "$MKFS" "$T/p.img" "$T/s1.img" "$T/s2.img" "$T/s3.img"
expect_out "device 1:     $T/s1.img, 16777216 bytes"
expect_out "device 3:     $T/s3.img, 33554432 bytes"
run 0 "$PROBE" --export "$T/p.img"
expect_out "ROLE=primary"
fsuuid=$(key UUID)
for s in s1 s2 s3; do
	run 0 "$PROBE" --export "$T/$s.img"
	expect_out "ROLE=secondary"
	[ "$(key UUID)" = "$fsuuid" ] || fail "$s is not in the primary's file system"
done
run 0 "$PROBE" --export "$T/s3.img"
expect_out "SIZE=33554432"
# the primary carries flag bit 0; three ADD_DAXDEV entries are its whole log
[ "$(od -An -tu4 -j104 -N4 "$T/p.img" | tr -d ' ')" = 1 ] || fail "primary flag not set"
[ "$(od -An -tu4 -j104 -N4 "$T/s1.img" | tr -d ' ')" = 2 ] || fail "secondary flag not set"
run 0 "$FSCK" "$T/p.img"
expect_out "slots used:    3 of"
expect_out "clean"
# every secondary's device UUID is in the primary's log, in order, index 1..3
i=1
for s in s1 s2 s3; do
	run 0 "$PROBE" --export "$T/$s.img"
	u=$(key DEV_UUID | tr -d -)
	off=$((2097152 + 48 + 544 * (i - 1)))
	got=$(od -An -tx1 -j$((off + 24)) -N16 "$T/p.img" | tr -d ' \n')
	[ "$got" = "$u" ] || fail "slot $((i - 1)) does not name $s ($got != $u)"
	idx=$(od -An -tu4 -j$((off + 40)) -N4 "$T/p.img" | tr -d ' ')
	[ "$idx" = "$i" ] || fail "$s has index $idx, expected $i"
	NTESTS=$((NTESTS + 1))
	i=$((i + 1))
done

# a tool that needs the log, given a secondary, asks for the primary
echo data >"$T/f.txt"
run_nowrite 1 "$T/s1.img" "$TOOLS/famfs-cp" "$T/f.txt" "$T/s1.img:f"
expect_err "s1.img: this is a secondary device of a multi-device file system: give its primary device"
run 0 "$TOOLS/famfs-cp" --image-dir "$T" "$T/f.txt" "$T/p.img:f"
run 0 "$FSCK" "$T/p.img"
expect_out "slots used:    4 of"

# --- the DEVICE SIZE form is unchanged; a path that looks like a SIZE needs ./
run 0 "$MKFS" -q "$T/img.img" 64m
[ "$(stat -c %s "$T/img.img")" = 67108864 ] || fail "DEVICE SIZE no longer makes an image"
run 2 "$MKFS" -f "$T/p.img" "$T/s1.img" 64m
expect_err "'64m' is a SIZE"
mkimg "$T/64m" 16m
(cd "$T" && run 0 "$MKFS" -f -q p.img ./64m) || fail "./64m as a secondary"
run 0 "$PROBE" --export "$T/64m"
expect_out "ROLE=secondary"

# --- refusals write nothing
fresh
run 0 "$MKFS" -q "$T/p.img" "$T/s1.img" "$T/s2.img"
mkimg "$T/new.img" 64m
mkimg "$T/tiny.img" 3m
nowrite_all()
{
	_want=$1
	shift
	_before=""
	for f in p s1 s2 s3 new tiny; do _before="$_before$(sum "$T/$f.img")"; done
	run "$_want" "$@"
	_after=""
	for f in p s1 s2 s3 new tiny; do _after="$_after$(sum "$T/$f.img")"; done
	[ "$_after" = "$_before" ] || fail "an image was modified by: $*"
}
# a member of another file system, without -f
nowrite_all 1 "$MKFS" "$T/new.img" "$T/s3.img" "$T/s1.img"
expect_err "s1.img already holds a famfs file system"
# listed twice, also through another name
nowrite_all 1 "$MKFS" -f "$T/new.img" "$T/s3.img" "$T/s3.img"
expect_err "are the same device"
ln -s "$T/s3.img" "$T/alias.img"
nowrite_all 1 "$MKFS" -f "$T/new.img" "$T/s3.img" "$T/alias.img"
expect_err "are the same device"
nowrite_all 1 "$MKFS" -f "$T/new.img" "$T/s3.img" "$T/new.img"
# too small to hold a superblock and one allocation unit
nowrite_all 1 "$MKFS" -f "$T/new.img" "$T/s3.img" "$T/tiny.img"
expect_err "tiny.img: 3145728 bytes is too small"
# missing
nowrite_all 1 "$MKFS" -f "$T/new.img" "$T/s3.img" "$T/absent.img"
expect_err "absent.img"
# a dry run checks all and writes nothing
nowrite_all 0 "$MKFS" -n -f "$T/new.img" "$T/s3.img" "$T/s1.img"
expect_out "device 2:"
# too many devices; kill takes one device
set --
for i in $(seq 24); do set -- "$@" "$T/x$i"; done
nowrite_all 2 "$MKFS" -f "$T/new.img" "$@"
expect_err "at most 24"
nowrite_all 2 "$MKFS" -f -k "$T/p.img" "$T/s1.img"
expect_err "takes one DEVICE"

# --- the most devices: 24 (1 + 23 secondaries of the smallest size)
mkdir "$T/max"
mkimg "$T/max/p.img" 64m
set --
for i in $(seq 23); do
	mkimg "$T/max/s$i.img" 4m
	set -- "$@" "$T/max/s$i.img"
done
run 0 "$MKFS" -q "$T/max/p.img" "$@"
run 0 "$PROBE" --members --image-dir "$T/max" "$T/max/p.img"
expect_out "DEVICES=24"
expect_out "23 secondary"
mkimg "$T/max/one-more.img" 4m
run_nowrite 1 "$T/max/p.img" "$TOOLS/famfs-devadd" "$T/max/p.img" "$T/max/one-more.img"
expect_err "already has 24 devices"

# --- a crash at each step
crash()
{
	fresh
	FAMFS_CRASH_AT=$1 run 137 "$MKFS" -q "$T/p.img" "$T/s1.img" "$T/s2.img" "$T/s3.img"
}
# after the first secondary: no primary at all, nothing claims s1
crash mkfs-secondary:1
run 2 "$PROBE" "$T/p.img"
run 0 "$PROBE" --export "$T/s1.img"
expect_out "ROLE=secondary"
run 2 "$PROBE" "$T/s2.img"
# after all secondaries, before the primary
crash mkfs-secondary:3
run 2 "$PROBE" "$T/p.img"
# the primary made, unmarked: a clean one-device file system
crash mkfs-primary
run 0 "$FSCK" "$T/p.img"
expect_out "slots used:    0 of"
[ "$(od -An -tu4 -j104 -N4 "$T/p.img" | tr -d ' ')" = 0 ] || fail "flag set too early"
# marked primary, no entry yet
crash mkfs-flag
run 0 "$FSCK" "$T/p.img"
expect_out "slots used:    0 of"
# the entries written but not live: still no device claimed
crash mkfs-slots
run 0 "$FSCK" "$T/p.img"
expect_out "slots used:    0 of"
# and the same set is made again with -f after any of these
run 0 "$MKFS" -f -q "$T/p.img" "$T/s1.img" "$T/s2.img" "$T/s3.img"
run 0 "$FSCK" "$T/p.img"
expect_out "slots used:    3 of"
done_ok
