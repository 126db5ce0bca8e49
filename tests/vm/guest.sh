# The scenario run inside the VM (busybox sh), on a real /dev/dax0.0.
# Each step prints "== step"; the last line is FAMFS-VM-RESULT: PASS, or
# FAIL and the step that failed.
dev=/dev/dax0.0
step() { echo "== $*"; }
bad() { echo "FAMFS-VM-RESULT: FAIL $*"; exit 1; }
ok() { echo "ok $*"; }
# expect CODE CMD...: run CMD, output in /tmp/out, and want exit CODE
expect()
{
	want=$1
	shift
	"$@" >/tmp/out 2>&1
	got=$?
	cat /tmp/out
	[ "$got" = "$want" ] || bad "exit $got, wanted $want: $*"
}
has() { grep -q -- "$1" /tmp/out || bad "output lacks: $1"; }

step "make /dev/dax0.0 from the NVDIMM"
ndctl disable-region all >/dev/null 2>&1
ndctl init-labels all >/dev/null 2>&1
ndctl enable-region all >/dev/null 2>&1
ndctl create-namespace -r region0 -m devdax -a 2M >/tmp/ns 2>&1 || { cat /tmp/ns; bad create-namespace; }
[ -c $dev ] || bad "no $dev"
daxctl list >/tmp/out 2>&1
cat /tmp/out
echo "DAX-RESOURCE=$(cat /sys/bus/dax/devices/dax0.0/resource)"
echo "REGION-RESOURCE=$(cat /sys/bus/nd/devices/region0/resource)"
echo "REGION-SIZE=$(cat /sys/bus/nd/devices/region0/size)"
echo "DAX-SIZE=$(cat /sys/bus/dax/devices/dax0.0/size)"

# famfs mode (fsdev_dax, Linux 7.1 and later): refusals, -M, SIGTERM, busy
if [ "${FAMFS_VM_MODES:-0}" = 1 ]; then
	drivers=/sys/bus/dax/drivers
	drv() { basename "$(readlink /sys/bus/dax/devices/dax0.0/driver)"; }
	want_drv() { [ "$(drv)" = "$1" ] || bad "driver $(drv), wanted $1 ($2)"; }

	step "famfs mode through sysfs"
	[ -d $drivers/fsdev_dax ] || bad "no fsdev_dax driver"
	echo dax0.0 >$drivers/device_dax/unbind || bad "unbind device_dax"
	echo dax0.0 >$drivers/fsdev_dax/new_id || bad "fsdev_dax new_id"
	want_drv fsdev_dax "after new_id"
	ok famfs-mode

	step "each tool refuses famfs mode, names it and the fix"
	expect 1 mkfs.famfs $dev
	has "is in famfs mode (driver fsdev_dax)"
	has "give -M (--set-daxmode)"
	expect 8 fsck.famfs $dev
	has "echo dax0.0 > device_dax/bind"
	expect 1 famfs-cp --list $dev
	has "is in famfs mode"
	expect 1 famfs-layout --all $dev
	has "is in famfs mode"
	want_drv fsdev_dax "after the refusals"
	ok refusals

	step "-M: each tool works, and the device is in famfs mode after"
	expect 0 mkfs.famfs -M $dev
	want_drv fsdev_dax "after mkfs -M"
	expect 0 fsck.famfs -M $dev
	has "clean, 0 warnings"
	want_drv fsdev_dax "after fsck -M"
	head -c 3000000 /dev/urandom >/tmp/m1
	expect 0 famfs-cp -M /tmp/m1 $dev:m1
	want_drv fsdev_dax "after famfs-cp -M"
	expect 0 famfs-cp -M $dev:m1 /tmp/m1.back
	cmp /tmp/m1 /tmp/m1.back || bad "m1 differs"
	expect 0 famfs-layout -M $dev m1
	want_drv fsdev_dax "after famfs-layout -M"
	ok set-daxmode

	step "SIGTERM during a long famfs-cp -M: famfs mode again, file system clean"
	# a sparse source: 1.8 GB to copy takes seconds under TCG and no guest RAM
	dd if=/dev/zero of=/tmp/big bs=1M count=0 seek=1800 2>/dev/null
	famfs-cp -M /tmp/big $dev:big >/tmp/cp.out 2>&1 &
	cp_pid=$!
	# poll with shell builtins only: a fork per probe under TCG is slow
	n=0
	until [ -e $drivers/device_dax/dax0.0 ]; do
		n=$((n + 1))
		[ $n -lt 2000000 ] || bad "famfs-cp -M never switched to devdax"
		kill -0 $cp_pid 2>/dev/null || break
	done
	kill -TERM $cp_pid || { cat /tmp/cp.out; bad "famfs-cp ended before the SIGTERM"; }
	wait $cp_pid
	rc=$?
	cat /tmp/cp.out
	[ $rc = 143 ] || bad "famfs-cp exit $rc, wanted death by SIGTERM (143)"
	want_drv fsdev_dax "after SIGTERM"
	expect 0 fsck.famfs -M $dev
	has "clean, 0 warnings"
	rm -f /tmp/big
	ok sigterm

	step "a switch while another process maps the device is refused"
	echo dax0.0 >$drivers/fsdev_dax/unbind
	echo dax0.0 >$drivers/fsdev_dax/remove_id
	echo dax0.0 >$drivers/device_dax/bind
	want_drv device_dax "back to devdax by hand"
	daxhold $dev 2097152 >/tmp/hold.out 2>&1 &
	hold_pid=$!
	n=0
	until grep -q mapped /tmp/hold.out; do
		n=$((n + 1)); [ $n -lt 300 ] || bad "daxhold did not map"; usleep 10000
	done
	expect 1 mkfs.famfs -M -f $dev
	has "is in use: process $hold_pid maps it; it stays in devdax mode"
	want_drv device_dax "after the refused switch"
	kill $hold_pid
	wait $hold_pid 2>/dev/null
	ok busy-switch

	# the scenario below starts from a device with no famfs on it
	expect 0 mkfs.famfs -f -k $dev
fi

step "mkfs.famfs: size and alignment from libdaxctl or sysfs"
expect 0 mkfs.famfs $dev
grep -Eq "from (libdaxctl|sysfs)" /tmp/out || bad "size not from libdaxctl or sysfs"
has "alignment:    2097152 bytes"
echo "UUID=$(sed -n 's/^  uuid: *//p' /tmp/out)"
ok mkfs

step "fsck.famfs, text and JSON"
expect 0 fsck.famfs $dev
has "clean, 0 warnings"
expect 0 fsck.famfs -j $dev
has '"exit_code": 0'
ok fsck

step "refusals: a second mkfs, and mkfs while another process holds the device"
expect 1 mkfs.famfs $dev
has "already holds a famfs file system"
expect 0 mkfs.famfs -n -f $dev
has "dry run"
if command -v flock >/dev/null; then
	flock -x $dev sleep 5 &
	sleep 1
	expect 1 mkfs.famfs -f $dev
	has "in use"
	wait
	ok busy
else
	echo "flock not available: busy-device case not run"
fi

step "famfs-cp: a tree with a striped file, in and back out"
mkdir -p /tmp/src/sub /tmp/back
head -c 5000000 /dev/urandom >/tmp/src/big
head -c 3000 /dev/urandom >/tmp/src/sub/small
: >/tmp/src/sub/empty
expect 0 famfs-cp -r -v /tmp/src $dev:
expect 0 famfs-cp -v -S 2,2m,4 --seed 1 /tmp/src/big $dev:striped
has "2 strips of"
expect 0 fsck.famfs $dev
has "files:         4"
has "clean, 0 warnings"
expect 0 famfs-cp -r $dev:src $dev:striped /tmp/back/
cmp /tmp/src/big /tmp/back/src/big || bad "big differs"
cmp /tmp/src/sub/small /tmp/back/src/sub/small || bad "small differs"
cmp /tmp/src/sub/empty /tmp/back/src/sub/empty || bad "empty differs"
cmp /tmp/src/big /tmp/back/striped || bad "striped differs"
expect 0 famfs-cp --list $dev
ok famfs-cp

step "famfs-layout of the striped file"
expect 0 famfs-layout $dev striped
has "stride"
expect 0 famfs-layout -F fuse-fmap --hex $dev striped
expect 0 famfs-layout --offset 3000000 $dev striped
has "segment 0 strip 1"
ok famfs-layout

step "a second NVDIMM: /dev/dax1.0"
ndctl create-namespace -r region1 -m devdax -a 2M >/tmp/ns 2>&1 || { cat /tmp/ns; bad "create-namespace region1"; }
[ -c /dev/dax1.0 ] || bad "no /dev/dax1.0"
echo "DAX1-RESOURCE=$(cat /sys/bus/dax/devices/dax1.0/resource)"
echo "REGION1-RESOURCE=$(cat /sys/bus/nd/devices/region1/resource)"
echo "REGION1-SIZE=$(cat /sys/bus/nd/devices/region1/size)"
echo "DAX1-SIZE=$(cat /sys/bus/dax/devices/dax1.0/size)"

step "mkfs.famfs over both devices, probed and found by UUID in sysfs"
expect 0 mkfs.famfs -f $dev /dev/dax1.0
has "device 1:     /dev/dax1.0"
expect 0 famfs-probe --export $dev
has "ROLE=primary"
has "DEV_INDEX=0"
setuuid=$(sed -n 's/^UUID=//p' /tmp/out)
echo "SET-UUID=$setuuid"
expect 0 famfs-probe --export /dev/dax1.0
has "ROLE=secondary"
has "UUID=$setuuid"
expect 0 famfs-probe --members $dev
has "DEVICES=2"
has "/dev/dax1.0"
expect 1 famfs-devadd $dev /dev/dax1.0
has "already device 1"
expect 0 fsck.famfs $dev
has "slots used:    1 of"
has "clean, 0 warnings"
expect 0 famfs-cp /tmp/src/big $dev:big
expect 0 famfs-cp $dev:big /tmp/back/big2
cmp /tmp/src/big /tmp/back/big2 || bad "big differs on the device set"
expect 0 fsck.famfs $dev
has "files:         1"
# a file striped across both devices, one strip on each, found by UUID in sysfs
expect 0 famfs-cp -v --stripe 2,2m,devices /tmp/src/big $dev:across
has "on devices"
expect 0 famfs-layout -F json $dev across
has '"dev": 0'
has '"dev": 1'
expect 0 famfs-cp $dev:across /tmp/back/across
cmp /tmp/src/big /tmp/back/across || bad "the file striped across devices differs"
expect 0 fsck.famfs $dev
has "files:         2"
has "clean, 0 warnings"
grep -q "dev-missing" /tmp/out && bad "fsck.famfs in the guest misses dax1.0"
ok multi-device

# famfs mode over the device set (Linux 7.1 and later): the scan cannot read
# a member in famfs mode and says so; -M with -d switches both and puts both back
if [ "${FAMFS_VM_MODES:-0}" = 1 ] && [ -c /dev/dax1.0 ]; then
	drivers=/sys/bus/dax/drivers
	drv_of() { basename "$(readlink "/sys/bus/dax/devices/$1/driver")"; }
	to_famfs()
	{
		echo "$1" >$drivers/device_dax/unbind || bad "unbind $1 from device_dax"
		echo "$1" >$drivers/fsdev_dax/new_id || bad "fsdev_dax new_id $1"
		[ "$(drv_of "$1")" = fsdev_dax ] || bad "$1 not in famfs mode"
	}
	both_famfs()
	{
		for d in dax0.0 dax1.0; do
			[ "$(drv_of $d)" = fsdev_dax ] ||
				bad "$d: driver $(drv_of $d), wanted fsdev_dax ($1)"
		done
	}
	hint="/dev/dax1.0 is in famfs mode and could not be read: name it with -d and give -M"

	step "a member in famfs mode: the scan names it, -d without -M is refused"
	to_famfs dax1.0
	expect 0 fsck.famfs $dev
	has "$hint"
	expect 1 famfs-cp /tmp/src/sub/small $dev:small
	has "$hint"
	expect 8 fsck.famfs -d /dev/dax1.0 $dev
	has "/dev/dax1.0 is in famfs mode (driver fsdev_dax)"
	has "echo dax1.0 > device_dax/bind"
	[ "$(drv_of dax1.0)" = fsdev_dax ] || bad "dax1.0 left famfs mode without -M"
	ok set-scan

	step "both members in famfs mode: -M -d switches both, both back in famfs mode after"
	to_famfs dax0.0
	expect 0 fsck.famfs -M -d /dev/dax1.0 $dev
	has "files:         2"
	has "clean, 0 warnings"
	both_famfs "after fsck -M"
	expect 0 famfs-cp -M -d /dev/dax1.0 -v --stripe 2,2m,devices /tmp/src/big $dev:across2
	has "on devices"
	both_famfs "after famfs-cp -M copy-in"
	expect 0 famfs-cp -M -d /dev/dax1.0 $dev:across2 /tmp/back/across2
	cmp /tmp/src/big /tmp/back/across2 || bad "across2 differs"
	both_famfs "after famfs-cp -M copy-out"
	expect 0 famfs-layout -M -d /dev/dax1.0 -F json $dev across2
	has '"dev": 1'
	both_famfs "after famfs-layout -M"
	expect 0 famfs-rm -M -d /dev/dax1.0 -z /tmp/rm.undo $dev:across
	both_famfs "after famfs-rm -M"
	expect 1 famfs-devadd -M $dev /dev/dax1.0
	has "already device 1"
	both_famfs "after famfs-devadd -M"
	expect 0 fsck.famfs -M -d /dev/dax1.0 $dev
	has "files:         2"
	has "clean, 0 warnings"
	# mkfs -M over the set leaves every member in famfs mode
	expect 0 mkfs.famfs -M -f $dev /dev/dax1.0
	has "device 1:     /dev/dax1.0"
	# a new file system: the host checks this one (the last SET-UUID)
	echo "SET-UUID=$(sed -n 's/^  uuid: *//p' /tmp/out)"
	both_famfs "after mkfs -M"
	expect 0 fsck.famfs -M -d /dev/dax1.0 $dev
	has "clean, 0 warnings"
	both_famfs "at the end"
	ok set-daxmode
fi

echo "FAMFS-VM-RESULT: PASS"
