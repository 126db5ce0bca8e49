#!/bin/sh
# DAX modes through the tools, on a fake sysfs tree (FAMFS_SYSFS_ROOT, a
# test-only root): /dev/null stands for dax0.0 (the fake /sys/dev/char/1:3
# names it), and a fake kernel of FIFO readers acts out the writes to the
# drivers' unbind, bind, new_id and remove_id. /dev/null cannot be mapped,
# so every tool fails after a switch: what is tested is the refusal, the
# switch, and the mode put back on failure and on SIGTERM.
. "$top_srcdir/tests/e2e/lib.sh"
CP=$TOOLS/famfs-cp
FSCK=$TOOLS/fsck.famfs
LAYOUT=$TOOLS/famfs-layout
MKFS=$TOOLS/mkfs.famfs
R=$T/root
D=$R/sys/bus/dax
if [ ! -c /dev/null ] || [ "$(stat -c '%t:%T' /dev/null)" != "1:3" ]; then
	skip "no /dev/null 1:3"
fi
command -v mkfifo >/dev/null || skip "no mkfifo"

mkdir -p "$D/devices/dax0.0" "$D/drivers/device_dax" "$D/drivers/fsdev_dax" \
	"$D/drivers/kmem" "$R/sys/dev/char" "$R/sys/devices/r0/dax0.0" "$R/proc/self" || fail mkdir
ln -s ../../devices/r0/dax0.0 "$R/sys/dev/char/1:3"
ln -s ../../../bus/dax "$R/sys/devices/r0/dax0.0/subsystem"
echo 16777216 >"$R/sys/devices/r0/dax0.0/size"
echo 2097152 >"$R/sys/devices/r0/dax0.0/align"
FAMFS_SYSFS_ROOT=$R
export FAMFS_SYSFS_ROOT

set_drv()
{
	rm -f "$D/devices/dax0.0/driver"
	[ -z "$1" ] || ln -s "../../drivers/$1" "$D/devices/dax0.0/driver"
}

drv()
{
	l=$(readlink "$D/devices/dax0.0/driver") || { echo none; return; }
	echo "${l##*/}"
}

# kernel DRV ATTR: read what is written to the attribute, log it, act.
kernel()
{
	f=$D/drivers/$1/$2
	mkfifo "$f" || exit 1
	while :; do
		read -r n <"$f" || continue
		[ "$n" = dax0.0 ] || echo "bad write '$n' to $1/$2" >>"$R/log"
		# remove_id has no effect a writer waits for: kept apart, not in the order
		[ "$2" = remove_id ] || printf '%s ' "$1/$2" >>"$R/log"
		case $2 in
		unbind) [ "$(drv)" != "$1" ] || rm -f "$D/devices/dax0.0/driver" ;;
		remove_id) rm -f "$R/id" ;;
		bind|new_id)
			[ ! -e "$R/slow" ] || sleep 1
			[ "$2" = bind ] || touch "$R/id"
			ln -s "../../drivers/$1" "$D/devices/dax0.0/driver" ;;
		esac
	done
}

. "$top_srcdir/tests/e2e/fake_dax_lib.sh"
start_fake_kernel

# expect_id yes|no: is dax0.0 in fsdev_dax's id table (new_id, remove_id)?
expect_id()
{
	n=0
	while :; do
		if [ -e "$R/id" ]; then has=yes; else has=no; fi
		[ $has = "$1" ] && return 0
		n=$((n + 1)); [ $n -lt 100 ] || fail "fsdev_dax id table: $has, expected $1"
		sleep 0.02
	done
}

expect_drv()
{
	[ "$(drv)" = "$1" ] || fail "driver $(drv), expected $1"
}

BACK_DEVDAX="fsdev_dax/unbind device_dax/bind"
BACK_FAMFS="device_dax/unbind fsdev_dax/new_id"

# --- famfs mode without -M: each tool refuses, names the mode and the fix ---
set_drv fsdev_dax
run 8 "$FSCK" /dev/null
expect_err "/dev/null is in famfs mode (driver fsdev_dax), which cannot be mapped raw"
expect_err "give -M (--set-daxmode)"
for cmd in "$CP --list /dev/null" "$LAYOUT --all /dev/null" "$MKFS -f /dev/null"; do
	# shellcheck disable=SC2086
	run 1 $cmd
	expect_err "/dev/null is in famfs mode (driver fsdev_dax), which cannot be mapped raw"
	expect_err "give -M (--set-daxmode)"
	expect_err "cd /sys/bus/dax/drivers && echo dax0.0 > fsdev_dax/unbind && echo dax0.0 > fsdev_dax/remove_id && echo dax0.0 > device_dax/bind"
done
expect_log ""
expect_drv fsdev_dax

# --- system-ram is always refused, -M or not; unbound says how to bind ---
set_drv kmem
run 8 "$FSCK" -M /dev/null
expect_err "system-ram mode (driver kmem)"
run 1 "$CP" -M --list /dev/null
expect_err "online as RAM"
expect_log ""
expect_drv kmem
set_drv ""
run 1 "$LAYOUT" -M --all /dev/null
expect_err "has no driver (unbound)"
expect_err "echo dax0.0 > device_dax/bind"
expect_log ""
expect_drv none

# --- -M: switched to devdax for the run, back to famfs mode when it fails ---
set_drv fsdev_dax
run 8 "$FSCK" -M /dev/null
expect_err "cannot map"
expect_log "$BACK_DEVDAX $BACK_FAMFS"
expect_drv fsdev_dax
# famfs mode again through new_id: dax0.0 is in fsdev_dax's id table
expect_id yes
# a dry run switches for the checks and puts famfs mode back
run 1 "$MKFS" -M -f -n /dev/null
expect_log "$BACK_DEVDAX $BACK_FAMFS"
run 1 "$CP" --set-daxmode --list /dev/null
expect_log "$BACK_DEVDAX $BACK_FAMFS"
expect_drv fsdev_dax
run 1 "$LAYOUT" -M --all /dev/null
expect_log "$BACK_DEVDAX $BACK_FAMFS"
expect_drv fsdev_dax
# a failed mkfs leaves the mode as it was, famfs or devdax
run 1 "$MKFS" -M -f /dev/null
expect_log "$BACK_DEVDAX $BACK_FAMFS"
expect_drv fsdev_dax
set_drv device_dax
run 1 "$MKFS" -M -f /dev/null
expect_log ""
expect_drv device_dax
# devdax already: nothing to switch, -M or not
run 8 "$FSCK" -M /dev/null
expect_log ""

# --- another process maps it: refused, nothing changes ---
set_drv fsdev_dax
mkdir -p "$R/proc/4242"
printf '7f0000000000-7f0000200000 rw-s 00000000 %02x:%02x %s /dev/null\n' \
	"$(stat -c '%Hd' /dev/null)" "$(stat -c '%Ld' /dev/null)" \
	"$(stat -c '%i' /dev/null)" >"$R/proc/4242/maps"
run 8 "$FSCK" -M /dev/null
expect_err "/dev/null is in use: process 4242 maps it; it stays in famfs mode"
expect_log ""
expect_drv fsdev_dax
rm -r "$R/proc/4242"
# another famfs-progs process has it open (it holds the device's flock)
if command -v flock >/dev/null; then
	# one process that holds the lock, so that killing it drops the lock
	(exec 9</dev/null && flock -s 9 && exec sleep 10) &
	holder=$!
	pids="$pids $holder"
	sleep 0.2
	run 8 "$FSCK" -M /dev/null
	expect_err "/dev/null is in use by another famfs-progs process"
	expect_log ""
	expect_drv fsdev_dax
	kill $holder
	wait $holder 2>/dev/null
fi

# --- the mode cannot be put back: the error says where it is and the fix ---
set_drv fsdev_dax
mv "$D/drivers/fsdev_dax/new_id" "$R/new_id.away"
run 8 "$FSCK" -M /dev/null
expect_err "cannot switch to famfs mode (fsdev_dax new_id: No such file or directory); it is back in devdax mode"
expect_err "/dev/null could not be switched to famfs mode: it is in devdax mode; fix: cd /sys/bus/dax/drivers && echo dax0.0 > device_dax/unbind && echo dax0.0 > fsdev_dax/new_id"
expect_log "$BACK_DEVDAX device_dax/unbind device_dax/bind"
expect_drv device_dax
mv "$R/new_id.away" "$D/drivers/fsdev_dax/new_id"
set_drv fsdev_dax

# --- SIGTERM while the tool runs with the device switched: famfs mode again ---
touch "$R/slow"
for tool in cp fsck; do
	if [ $tool = cp ]; then
		"$CP" -M --list /dev/null >"$T/out" 2>"$T/err" &
	else
		"$FSCK" -M /dev/null >"$T/out" 2>"$T/err" &
	fi
	pid=$!
	# the switch has begun (its handlers are in place): the bind takes 1 s
	n=0
	until grep -q fsdev_dax/unbind "$R/log"; do
		n=$((n + 1)); [ $n -lt 500 ] || fail "$tool -M never began the switch"
		sleep 0.01
	done
	kill -TERM $pid
	wait $pid
	rc=$?
	NTESTS=$((NTESTS + 1))
	if [ $tool = cp ]; then
		[ $rc = 143 ] || fail "famfs-cp: exit $rc after SIGTERM, expected death by it"
	else
		[ $rc = 32 ] || fail "fsck.famfs: exit $rc after SIGTERM, expected 32"
		expect_err "cancelled"
	fi
	expect_log "$BACK_DEVDAX $BACK_FAMFS"
	expect_drv fsdev_dax
done
rm "$R/slow"

done_ok
