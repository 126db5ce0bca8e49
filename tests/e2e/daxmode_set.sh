#!/bin/sh
# DAX modes over the devices of a device set, on a fake sysfs tree
# (FAMFS_SYSFS_ROOT, as daxmode.sh): /dev/full stands for dax0.0 and
# /dev/zero for dax1.0 (not daxmode.sh's /dev/null: the tools lock the
# devices they open, and run in parallel one test would see the other's
# lock as "in use"), and a fake kernel of FIFO readers acts out the
# writes to the drivers' attributes. The set itself is on image files, so
# a tool can succeed while both DAX devices are named with -d: -M must
# switch every DAX device the run uses and put each one back. Last, the
# DAX scan under FAMFS_TEST_DAX_ROOT passes over a device in famfs mode
# and says so.
. "$top_srcdir/tests/e2e/lib.sh"
CP=$TOOLS/famfs-cp
DEVADD=$TOOLS/famfs-devadd
RM=$TOOLS/famfs-rm
FSCK=$TOOLS/fsck.famfs
LAYOUT=$TOOLS/famfs-layout
MKFS=$TOOLS/mkfs.famfs
R=$T/root
D=$R/sys/bus/dax
for n in full:1:7 zero:1:5; do
	f=/dev/${n%%:*}
	if [ ! -c "$f" ] || [ "$(stat -c '%t:%T' "$f")" != "${n#*:}" ]; then
		skip "no $f ${n#*:}"
	fi
done
command -v mkfifo >/dev/null || skip "no mkfifo"

mkdir -p "$D/drivers/device_dax" "$D/drivers/fsdev_dax" "$D/drivers/kmem" \
	"$R/sys/dev/char" "$R/proc/self" || fail mkdir
for n in 0:7 1:5; do
	i=${n%:*}
	mkdir -p "$D/devices/dax$i.0" "$R/sys/devices/r$i/dax$i.0" || fail mkdir
	ln -s "../../devices/r$i/dax$i.0" "$R/sys/dev/char/1:${n#*:}"
	ln -s ../../../bus/dax "$R/sys/devices/r$i/dax$i.0/subsystem"
	echo 16777216 >"$R/sys/devices/r$i/dax$i.0/size"
	echo 2097152 >"$R/sys/devices/r$i/dax$i.0/align"
done
FAMFS_SYSFS_ROOT=$R
# famfs-rm's undo files stay in the scratch directory
FAMFS_UNDO_DIR=$T
export FAMFS_SYSFS_ROOT FAMFS_UNDO_DIR

# set_drv NAME DRIVER ("" for none)
set_drv()
{
	rm -f "$D/devices/$1/driver"
	[ -z "$2" ] || ln -s "../../drivers/$2" "$D/devices/$1/driver"
}

drv()
{
	l=$(readlink "$D/devices/$1/driver") || { echo none; return; }
	echo "${l##*/}"
}

# kernel DRV ATTR: read each device name written to the attribute, log
# "NAME:DRV/ATTR", act it out.
kernel()
{
	f=$D/drivers/$1/$2
	mkfifo "$f" || exit 1
	while :; do
		read -r n <"$f" || continue
		case $n in
		dax0.0|dax1.0) ;;
		*) echo "bad write '$n' to $1/$2" >>"$R/log"; continue ;;
		esac
		# remove_id has no effect a writer waits for: kept apart, not in the order
		[ "$2" = remove_id ] || printf '%s ' "$n:$1/$2" >>"$R/log"
		case $2 in
		unbind) [ "$(drv "$n")" != "$1" ] || rm -f "$D/devices/$n/driver" ;;
		bind|new_id)
			[ ! -e "$R/slow" ] || sleep 1
			ln -s "../../drivers/$1" "$D/devices/$n/driver" ;;
		esac
	done
}

. "$top_srcdir/tests/e2e/fake_dax_lib.sh"
start_fake_kernel

# expect_drv DRV0 DRV1: the drivers of dax0.0 and dax1.0
expect_drv()
{
	[ "$(drv dax0.0)" = "$1" ] || fail "dax0.0: driver $(drv dax0.0), expected $1"
	[ "$(drv dax1.0)" = "$2" ] || fail "dax1.0: driver $(drv dax1.0), expected $2"
}

# to_devdax N / to_famfs N: the writes that switch daxN.0
to_devdax() { echo "dax$1.0:fsdev_dax/unbind dax$1.0:device_dax/bind"; }
to_famfs() { echo "dax$1.0:device_dax/unbind dax$1.0:fsdev_dax/new_id"; }
# both switched to devdax, the primary's -d first, and back the last first
BOTH="$(to_devdax 0) $(to_devdax 1) $(to_famfs 1) $(to_famfs 0)"

# a set of two images: the DAX devices are named beside its secondary
S=$T/set
mkdir -p "$S"
mkimg "$S/p.img" 64m
mkimg "$S/s1.img" 64m
run 0 "$MKFS" "$S/p.img" "$S/s1.img"
head -c 3000000 /dev/urandom >"$T/data"
run 0 "$CP" -d "$S/s1.img" --stripe 2,2m,devices "$T/data" "$S/p.img:f0"
DEVS="-d /dev/full -d /dev/zero -d $S/s1.img"

# --- without -M: a member in famfs mode is refused by name, nothing changes ---
set_drv dax0.0 device_dax
set_drv dax1.0 fsdev_dax
FIX1="cd /sys/bus/dax/drivers && echo dax1.0 > fsdev_dax/unbind"
FIX1="$FIX1 && echo dax1.0 > fsdev_dax/remove_id && echo dax1.0 > device_dax/bind"
# shellcheck disable=SC2086
run_nowrite 8 "$S/p.img" "$FSCK" $DEVS "$S/p.img"
expect_err "/dev/zero is in famfs mode (driver fsdev_dax), which cannot be mapped raw"
expect_err "give -M (--set-daxmode)"
expect_err "$FIX1"
for cmd in "$CP $DEVS $T/data $S/p.img:f1" "$CP $DEVS $S/p.img:f0 $T/back" \
	"$CP $DEVS --list $S/p.img" "$LAYOUT $DEVS $S/p.img f0" "$RM $DEVS $S/p.img:f0"; do
	# shellcheck disable=SC2086
	run_nowrite 1 "$S/p.img" $cmd
	expect_err "/dev/zero is in famfs mode (driver fsdev_dax)"
	expect_err "$FIX1"
done
[ ! -e "$T/back" ] || fail "famfs-cp copied out past a refused member"
# mkfs: a SECONDARY in famfs mode
mkimg "$T/q.img" 64m
run_nowrite 1 "$T/q.img" "$MKFS" "$T/q.img" /dev/zero
expect_err "/dev/zero is in famfs mode (driver fsdev_dax)"
# famfs-devadd: the device to add in famfs mode
run_nowrite 1 "$S/p.img" "$DEVADD" "$S/p.img" /dev/zero
expect_err "/dev/zero is in famfs mode (driver fsdev_dax)"
expect_err "$FIX1"
expect_err "nothing was added"
expect_log ""
expect_drv device_dax fsdev_dax

# --- -M: both switched for the run and both back after it ---
set_drv dax0.0 fsdev_dax
# shellcheck disable=SC2086
run 0 "$FSCK" -M $DEVS "$S/p.img"
expect_out "clean"
expect_log "$BOTH"
expect_drv fsdev_dax fsdev_dax
# the same device named twice is switched once
# shellcheck disable=SC2086
run 0 "$FSCK" -M $DEVS -d /dev/zero "$S/p.img"
expect_log "$BOTH"
# shellcheck disable=SC2086
run 0 "$CP" -M $DEVS --stripe 2,2m,devices "$T/data" "$S/p.img:f1"
expect_log "$BOTH"
# shellcheck disable=SC2086
run 0 "$CP" --set-daxmode $DEVS "$S/p.img:f1" "$T/back"
cmp "$T/data" "$T/back" || fail "f1 differs after copy-out"
expect_log "$BOTH"
# shellcheck disable=SC2086
run 0 "$LAYOUT" -M $DEVS "$S/p.img" f1
expect_log "$BOTH"
# shellcheck disable=SC2086
run 0 "$RM" -M -z "$T/rm.undo" $DEVS "$S/p.img:f1"
expect_log "$BOTH"
expect_drv fsdev_dax fsdev_dax
# famfs-rm on a primary in famfs mode: refused without -M, switched and put back with it
run 1 "$RM" /dev/full:f1
expect_err "/dev/full is in famfs mode (driver fsdev_dax), which cannot be mapped raw"
expect_err "give -M (--set-daxmode)"
expect_log ""
run 1 "$RM" -M /dev/full:f1
expect_log "$(to_devdax 0) $(to_famfs 0)"
expect_drv fsdev_dax fsdev_dax
# devdax already: nothing to switch
set_drv dax0.0 device_dax
set_drv dax1.0 device_dax
# shellcheck disable=SC2086
run 0 "$FSCK" -M $DEVS "$S/p.img"
expect_log ""
set_drv dax0.0 fsdev_dax
set_drv dax1.0 fsdev_dax

# --- a failing run puts both back: mkfs over two DAX secondaries that cannot be mapped ---
run 1 "$MKFS" -M -f "$T/q.img" /dev/full /dev/zero
expect_log "$BOTH"
expect_drv fsdev_dax fsdev_dax
run 1 "$DEVADD" -M /dev/full /dev/zero
expect_err "nothing was added"
expect_log "$BOTH"
expect_drv fsdev_dax fsdev_dax
# from devdax, a failed mkfs -M leaves both in devdax
set_drv dax0.0 device_dax
set_drv dax1.0 device_dax
run 1 "$MKFS" -M -f "$T/q.img" /dev/full /dev/zero
expect_log ""
expect_drv device_dax device_dax
set_drv dax0.0 fsdev_dax
set_drv dax1.0 fsdev_dax

# --- the second switch is refused (another process maps dax1.0): the first goes back ---
mkdir -p "$R/proc/4242"
printf '7f0000000000-7f0000200000 rw-s 00000000 %02x:%02x %s /dev/zero\n' \
	"$(stat -c '%Hd' /dev/zero)" "$(stat -c '%Ld' /dev/zero)" \
	"$(stat -c '%i' /dev/zero)" >"$R/proc/4242/maps"
# shellcheck disable=SC2086
run_nowrite 1 "$S/p.img" "$CP" -M $DEVS "$T/data" "$S/p.img:f2"
expect_err "/dev/zero is in use: process 4242 maps it; it stays in famfs mode"
expect_log "$(to_devdax 0) $(to_famfs 0)"
expect_drv fsdev_dax fsdev_dax
rm -r "$R/proc/4242"

# --- SIGTERM while the second device is being switched: both back ---
touch "$R/slow"
# shellcheck disable=SC2086
"$FSCK" -M $DEVS "$S/p.img" >"$T/out" 2>"$T/err" &
pid=$!
n=0
until grep -q "dax1.0:fsdev_dax/unbind" "$R/log"; do
	n=$((n + 1)); [ $n -lt 500 ] || fail "fsck -M never began the second switch"
	sleep 0.01
done
kill -TERM $pid
wait $pid
rc=$?
NTESTS=$((NTESTS + 1))
[ $rc = 32 ] || fail "fsck.famfs: exit $rc after SIGTERM, expected 32"
expect_log "$BOTH"
expect_drv fsdev_dax fsdev_dax
rm "$R/slow"

# --- the scan: a device in famfs mode cannot be read, so it is named, not switched ---
X=$T/scan
mkdir -p "$X/sys/bus/dax/devices/dax0.0" "$X/sys/bus/dax/devices/dax1.0" "$X/dev"
ln -s ../../../../bus/dax/drivers/fsdev_dax "$X/sys/bus/dax/devices/dax1.0/driver"
ln -s ../../../../bus/dax/drivers/device_dax "$X/sys/bus/dax/devices/dax0.0/driver"
cp --sparse=always "$S/s1.img" "$X/dev/dax1.0"
mkimg "$X/dev/dax0.0" 16m
HINT="$X/dev/dax1.0 is in famfs mode and could not be read: name it with -d and give -M"
FAMFS_TEST_DAX_ROOT=$X run_nowrite 1 "$S/p.img" "$CP" "$T/data" "$S/p.img:f3"
expect_err "in this host's DAX devices ($HINT)"
FAMFS_TEST_DAX_ROOT=$X run 0 "$FSCK" "$S/p.img"
expect_out "$HINT"
expect_log ""
# two in famfs mode: the first named, the rest counted
mkdir -p "$X/sys/bus/dax/devices/dax2.0"
ln -s ../../../../bus/dax/drivers/fsdev_dax "$X/sys/bus/dax/devices/dax2.0/driver"
FAMFS_TEST_DAX_ROOT=$X run 1 "$CP" "$T/data" "$S/p.img:f3"
expect_err "and 1 more are in famfs mode and could not be read: name it with -d and give -M"
# once in devdax mode the scan finds it
rm "$X/sys/bus/dax/devices/dax1.0/driver"
ln -s ../../../../bus/dax/drivers/device_dax "$X/sys/bus/dax/devices/dax1.0/driver"
FAMFS_TEST_DAX_ROOT=$X run 0 "$CP" "$T/data" "$S/p.img:f3"

done_ok
