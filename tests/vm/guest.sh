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
ok multi-device

echo "FAMFS-VM-RESULT: PASS"
