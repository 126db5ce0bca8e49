#!/bin/sh
# famfs-probe --members: every device of a set found by its UUID (-d
# paths in any order, an image directory, this host's DAX devices under a
# test root), and each bad member named by index and UUID: missing, from
# another file system, smaller than recorded, a corrupted superblock, the
# same image twice; nothing is ever written.
. "$top_srcdir/tests/e2e/lib.sh"
MKFS=$TOOLS/mkfs.famfs
PROBE=$TOOLS/famfs-probe
S=$T/set
mkdir "$S"
mkimg "$S/p.img" 64m
mkimg "$S/a.img" 16m
mkimg "$S/b.img" 16m
mkimg "$S/c.img" 32m
run 0 "$MKFS" -q "$S/p.img" "$S/a.img" "$S/b.img" "$S/c.img"
uuid_of() { "$PROBE" --export "$1" | sed -n 's/^DEV_UUID=//p'; }
ua=$(uuid_of "$S/a.img")
ub=$(uuid_of "$S/b.img")
uc=$(uuid_of "$S/c.img")

# --- found in an image directory, in -d order, or not at all
run 0 "$PROBE" --members --image-dir "$S" "$S/p.img"
expect_out "DEVICES=4"
expect_out "1 secondary $ua 16777216 $S/a.img"
expect_out "2 secondary $ub 16777216 $S/b.img"
expect_out "3 secondary $uc 33554432 $S/c.img"
# given swapped, each is still the device its UUID says
run 0 "$PROBE" -m -d "$S/c.img" -d "$S/b.img" -d "$S/a.img" "$S/p.img"
expect_out "1 secondary $ua 16777216 $S/a.img"
expect_out "3 secondary $uc 33554432 $S/c.img"
# the same image listed twice is one device
run 0 "$PROBE" -m -d "$S/a.img" -d "$S/a.img" -d "$S/b.img" -d "$S/c.img" "$S/p.img"
# missing: index and UUID named, the rest still listed
run_nowrite 1 "$S/p.img" "$PROBE" -m -d "$S/a.img" -d "$S/c.img" "$S/p.img"
expect_err "device 2: no device with device UUID $ub"
expect_out "2 secondary $ub 16777216 -"
expect_out "3 secondary $uc 33554432 $S/c.img"

# --- this host's DAX devices, under a test root
mkdir -p "$T/root/sys/bus/dax/devices/dax0.0" "$T/root/sys/bus/dax/devices/dax1.0" \
	"$T/root/sys/bus/dax/devices/dax2.0" "$T/root/sys/bus/dax/devices/dax3.0" "$T/root/dev"
cp --sparse=always "$S/a.img" "$T/root/dev/dax3.0"
cp --sparse=always "$S/b.img" "$T/root/dev/dax1.0"
cp --sparse=always "$S/c.img" "$T/root/dev/dax0.0"
FAMFS_TEST_DAX_ROOT=$T/root run 0 "$PROBE" --members "$S/p.img"
expect_out "1 secondary $ua 16777216 $T/root/dev/dax3.0"
expect_out "3 secondary $uc 33554432 $T/root/dev/dax0.0"
# two devices with one UUID: which is it?
cp --sparse=always "$S/a.img" "$T/root/dev/dax2.0"
FAMFS_TEST_DAX_ROOT=$T/root run 1 "$PROBE" --members "$S/p.img"
expect_err "device 1: 2 devices in this host's DAX devices carry device UUID $ua"

# --- bad members, each named
cp "$S/b.img" "$T/b.save"
# smaller than recorded
truncate -s 8m "$S/b.img"
run 1 "$PROBE" -m --image-dir "$S" "$S/p.img"
expect_err "device 2 (UUID $ub) at $S/b.img"
expect_err "larger than the device"
cp "$T/b.save" "$S/b.img"
# a corrupted secondary superblock is not that member any more
"$top_builddir/tests/helpers/testimg" poke "$S/b.img" 60 ff || fail "poke"
run 1 "$PROBE" -m --image-dir "$S" "$S/p.img"
expect_err "device 2: no device with device UUID $ub"
cp "$T/b.save" "$S/b.img"
# a member of another file system with the same device UUID does not match
mkdir "$T/other"
mkimg "$T/other/p.img" 64m
mkimg "$T/other/x.img" 16m
run 0 "$MKFS" -q "$T/other/p.img" "$T/other/x.img"
run 1 "$PROBE" -m --image-dir "$T/other" "$S/p.img"
expect_err "device 1: no device with device UUID $ua"
# the primary given is a secondary
run 2 "$PROBE" -m --image-dir "$S" "$S/a.img"
expect_err "secondary device of a multi-device file system"
# usage
run 4 "$PROBE" -d "$S/a.img" "$S/p.img"
expect_err "go with --members"
run 4 "$PROBE" -m "$S/p.img" "$S/a.img"
done_ok
