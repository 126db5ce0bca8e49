# Shared by the DAX-mode tests: start the fake kernel, one process per
# sysfs control file (the caller defines kernel DRIVER FILE, and $D and
# $R), wait for its FIFOs, and compare the writes it logged.

# start_fake_kernel: every control file served; the log emptied.
start_fake_kernel()
{
	pids=
	for a in device_dax/unbind device_dax/bind fsdev_dax/unbind fsdev_dax/new_id \
		fsdev_dax/remove_id fsdev_dax/bind; do
		kernel "${a%/*}" "${a#*/}" </dev/null >/dev/null 2>&1 &
		pids="$pids $!"
	done
	trap 'kill $pids 2>/dev/null; rm -rf "$T"' EXIT
	for a in device_dax/unbind fsdev_dax/remove_id; do
		n=0
		while [ ! -p "$D/drivers/$a" ]; do
			n=$((n + 1)); [ $n -lt 100 ] || fail "fake kernel did not start"; sleep 0.05
		done
	done
	: >"$R/log"
}

# expect_log WRITES: the writes since the last call, in order (remove_id apart).
expect_log()
{
	got=$(sed 's/ *$//' "$R/log")
	[ "$got" = "$1" ] || fail "sysfs writes '$got', expected '$1'"
	: >"$R/log"
}
