#!/bin/sh
# mkfs.famfs FILE SIZE: creates or extends an image file, undoes that when
# mkfs is refused; a failure to make this host's system UUID file names
# that file and its fixes, not the device.
. "$top_srcdir/tests/e2e/lib.sh"
MKFS=$TOOLS/mkfs.famfs
FSCK=$TOOLS/fsck.famfs
img=$T/new.img

size_of() { stat -c %s "$1"; }

# --- a missing image is created (sparse) and formatted
run 0 "$MKFS" "$img" 256m
expect_out "created a 256.0 MiB image file"
expect_out "device size:  268435456 bytes"
[ "$(size_of "$img")" = 268435456 ] || fail "image not 256 MiB"
[ "$(du -k "$img" | cut -f1)" -lt 16384 ] || fail "the created image is not sparse"
run 0 "$FSCK" "$img"

# --- a smaller image is extended (with -f over its famfs), an equal one kept
run 0 "$MKFS" -f "$img" 512m
expect_out "image file extended from 268435456 to 536870912 bytes"
expect_out "device size:  536870912 bytes"
run 0 "$MKFS" -f "$img" 512m
if grep -q "extended\|created" "$T/out"; then fail "an image of the right size was changed"; fi

# --- refused: larger than SIZE, a SIZE for a device, a bad or too small SIZE
run_nowrite 1 "$img" "$MKFS" -f "$img" 64m
expect_err "is already 536870912 bytes, more than the 67108864 asked for"
run 1 "$MKFS" /dev/null 64m
expect_err "not a regular file: a SIZE is only for image files"
run 2 "$MKFS" "$T/x.img" 12q
expect_err "invalid SIZE '12q'"
run 2 "$MKFS" "$T/x.img" 0
expect_err "invalid SIZE '0'"
run 2 "$MKFS" "$T/x.img" 64m extra
expect_err "give one DEVICE and at most one SIZE"
run 1 "$MKFS" "$T/x.img" 4m
expect_err "a SIZE of 4194304 bytes is too small"
[ ! -e "$T/x.img" ] || fail "a refused SIZE created the image"
run 1 "$MKFS" -l 64m "$T/x.img" 32m
expect_err "a log of 67108864 bytes needs an image of at least 71303168"
[ ! -e "$T/x.img" ] || fail "a refused SIZE created the image"

# --- a refused mkfs leaves the file as it found it (size and bytes)
if command -v mkfs.ext4 >/dev/null; then
	mkimg "$T/ext4.img" 16M
	mkfs.ext4 -q -F "$T/ext4.img" >/dev/null 2>&1 || fail "mkfs.ext4 failed"
	run_nowrite 1 "$T/ext4.img" "$MKFS" "$T/ext4.img" 64m
	expect_err "signature (ext4)"
	[ "$(size_of "$T/ext4.img")" = 16777216 ] || fail "refused mkfs left the image extended"
fi

# --- dry runs create and extend nothing
run 0 "$MKFS" -n "$T/dry.img" 1g
expect_out "would create a 1073741824-byte (1.0 GiB) image file (dry run: nothing written)"
[ ! -e "$T/dry.img" ] || fail "a dry run created the image"
mkimg "$T/dry.img" 64M
run_nowrite 0 "$T/dry.img" "$MKFS" -n "$T/dry.img" 128m
expect_out "would extend the image file from 67108864 to 134217728 bytes"
[ "$(size_of "$T/dry.img")" = 67108864 ] || fail "a dry run extended the image"

# --- without a SIZE a missing image is an error with the fix
run 1 "$MKFS" "$T/missing.img"
expect_err "to create an image file, give its SIZE"
[ ! -e "$T/missing.img" ] || fail "mkfs without a SIZE created an image"

# --- no system UUID file and no right to create it: say so, write nothing
unset FAMFS_SYSTEM_UUID
mkimg "$img" 64M
FAMFS_SYSTEM_UUID_FILE=$T/no/such/dir/system_uuid
export FAMFS_SYSTEM_UUID_FILE
: >"$T/no"	# a file where the directory would go: creating it fails for root too
run_nowrite 1 "$img" "$MKFS" "$img"
expect_err "cannot open $T/no/such/dir/system_uuid: Not a directory"
expect_err "run
  mkfs.famfs once as root to create it, or give --system-uuid UUID"
if grep -q "must be writable" "$T/err"; then fail "blamed the device for the UUID file"; fi
# ... and as an unprivileged user, with the default file missing
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null; then
	chmod 755 "$T"
	chmod 666 "$img"
	mkdir "$T/ro" && chmod 555 "$T/ro"
	FAMFS_SYSTEM_UUID_FILE=$T/ro/system_uuid
	run_nowrite 1 "$img" setpriv --reuid=65534 --regid=65534 --clear-groups \
		env FAMFS_SYSTEM_UUID_FILE="$FAMFS_SYSTEM_UUID_FILE" "$MKFS" "$img"
	expect_err "cannot create $T/ro/system_uuid: Permission denied"
	if grep -q "must be writable" "$T/err"; then fail "blamed the device for the UUID file"; fi
	# --system-uuid needs no file
	run 0 setpriv --reuid=65534 --regid=65534 --clear-groups \
		"$MKFS" -s 11111111-2222-3333-4444-555555555555 "$img"
fi
done_ok
