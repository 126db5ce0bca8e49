#!/bin/sh
# famfs-devadd: a device added to a one-device file system and to a set,
# refusals that write nothing, and a crash at each step that leaves the
# device added or unclaimed (and reusable).
. "$top_srcdir/tests/e2e/lib.sh"
MKFS=$TOOLS/mkfs.famfs
FSCK=$TOOLS/fsck.famfs
PROBE=$TOOLS/famfs-probe
ADD=$TOOLS/famfs-devadd
key() { sed -n "s/^$1=//p" "$T/out"; }
flags() { od -An -tu4 -j104 -N4 "$1" | tr -d ' '; }
# the index the primary's slot N names (an ADD_DAXDEV body: index at +40)
slot_index() { od -An -tu4 -j$((2097152 + 48 + 544 * $2 + 40)) -N4 "$1" | tr -d ' '; }

mkimg "$T/p.img" 64m
mkimg "$T/a.img" 16m
mkimg "$T/b.img" 32m
run 0 "$MKFS" -q "$T/p.img"
echo data >"$T/f.txt"
run 0 "$TOOLS/famfs-cp" "$T/f.txt" "$T/p.img:f"
[ "$(flags "$T/p.img")" = 0 ] || fail "mkfs of one device did not write flags 0"

# --- a dry run writes nothing
run_nowrite 0 "$T/a.img" "$ADD" -n "$T/p.img" "$T/a.img"
expect_out "device 1 (dry run: nothing written)"
[ "$(flags "$T/p.img")" = 0 ] || fail "a dry run marked the primary"

# --- add two devices
run 0 "$ADD" "$T/p.img" "$T/a.img"
expect_out "device 1: $T/a.img, 16777216 bytes"
run 0 "$ADD" "$T/p.img" "$T/b.img"
expect_out "device 2: $T/b.img, 33554432 bytes"
[ "$(flags "$T/p.img")" = 1 ] || fail "the primary is not marked primary"
[ "$(slot_index "$T/p.img" 1)" = 1 ] || fail "slot 1 does not add device 1"
[ "$(slot_index "$T/p.img" 2)" = 2 ] || fail "slot 2 does not add device 2"
run 0 "$PROBE" --export "$T/p.img"
fsuuid=$(key UUID)
run 0 "$PROBE" --export "$T/b.img"
expect_out "ROLE=secondary"
[ "$(key UUID)" = "$fsuuid" ] || fail "b.img is not in the file system"
run 0 "$FSCK" "$T/p.img"
expect_out "slots used:    3 of"
expect_out "clean"
# the file copied before is still there
run 0 "$TOOLS/famfs-cp" "$T/p.img:f" "$T/f.out"
cmp -s "$T/f.txt" "$T/f.out" || fail "the file changed"

# --- refusals write nothing
mkimg "$T/tiny.img" 3m
mkimg "$T/other.img" 64m
run 0 "$MKFS" -q "$T/other.img"
all() { for f in p a b tiny other; do sum "$T/$f.img"; done; }
refused()
{
	_before=$(all)
	run 1 "$@"
	[ "$(all)" = "$_before" ] || fail "an image changed: $*"
	expect_err "nothing was added"
}
refused "$ADD" "$T/p.img" "$T/a.img"
expect_err "already device 1 of this file system"
ln -s "$T/p.img" "$T/plink.img"
refused "$ADD" "$T/p.img" "$T/plink.img"
expect_err "is the primary device itself"
refused "$ADD" "$T/p.img" "$T/other.img"
expect_err "holds another famfs file system"
refused "$ADD" "$T/p.img" "$T/tiny.img"
expect_err "too small"
refused "$ADD" "$T/a.img" "$T/tiny.img"
expect_err "secondary device"
refused "$ADD" "$T/p.img" "$T/absent.img"
run 2 "$ADD" "$T/p.img"
# with -f another file system's device is taken
run 0 "$ADD" -f "$T/p.img" "$T/other.img"
expect_out "device 3"
expect_out "replaced an old signature"

# --- a crash at each step
crash()
{
	mkimg "$T/p.img" 64m
	mkimg "$T/c.img" 16m
	run 0 "$MKFS" -q "$T/p.img"
	FAMFS_CRASH_AT=$1 run 137 "$ADD" "$T/p.img" "$T/c.img"
	run 0 "$FSCK" "$T/p.img"
	expect_out "slots used:    0 of"
}
crash devadd-flag
[ "$(flags "$T/p.img")" = 1 ] || fail "flag not set before the crash"
run 2 "$PROBE" "$T/c.img"
crash devadd-secondary
run 0 "$PROBE" --export "$T/c.img"
expect_out "ROLE=secondary"
crash devadd-slot
# the unclaimed secondary is reused without -f, and the add completes
run 0 "$ADD" "$T/p.img" "$T/c.img"
expect_out "reused after an interrupted add"
run 0 "$FSCK" "$T/p.img"
expect_out "slots used:    1 of"
[ "$(slot_index "$T/p.img" 0)" = 1 ] || fail "the completed add is not device 1"
done_ok
