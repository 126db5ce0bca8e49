#!/bin/sh
# mkfs.famfs end to end: formats image files, and refuses what it must
# without writing a byte.
. "$top_srcdir/tests/e2e/lib.sh"
MKFS=$TOOLS/mkfs.famfs
img=$T/fs.img

# bytes OFF..OFF+LEN-1 of FILE as hex
hexat()
{
	od -An -tx1 -v -j "$2" -N "$3" "$1" | tr -d ' \n'
}

# --- a fresh image
mkimg "$img" 1G
run 0 "$MKFS" "$img"
expect_out "device size:  1073741824 bytes (1.0 GiB), from stat"
expect_out "log:          8388608 bytes (8.0 MiB), 15420 slots"
expect_out "data:         1063256064 bytes"
expect_out "system uuid:  $FAMFS_SYSTEM_UUID"
[ "$(hexat "$img" 0 8)" = "ff82b28700000000" ] || fail "no superblock magic"
[ "$(hexat "$img" $((2 * 1048576)) 8)" = "0df0fecaad0b0000" ] || fail "no log magic"
[ "$(hexat "$img" 80 16)" = "$(echo "$FAMFS_SYSTEM_UUID" | tr -d -)" ] ||
	fail "system UUID not recorded at offset 80"

# --- a second mkfs is refused and writes nothing
run_nowrite 1 "$img" "$MKFS" "$img"
expect_err "already holds a famfs file system"
expect_err "use -f to overwrite it"

# --- -f overwrites, with a new UUID (and -U sets it)
run 0 "$MKFS" -f -U 11111111-2222-3333-4444-555555555555 "$img"
[ "$(hexat "$img" 48 16)" = "11111111222233334444555555555555" ] || fail "-U not recorded"
run 0 "$MKFS" -f "$img"
[ "$(hexat "$img" 48 16)" != "11111111222233334444555555555555" ] || fail "-f kept the old UUID"

# --- dry run: every check, no write
run_nowrite 0 "$img" "$MKFS" -n -f "$img"
expect_out "(dry run: nothing written)"
mkimg "$T/fresh.img" 64M
run_nowrite 0 "$T/fresh.img" "$MKFS" -n "$T/fresh.img"

# --- -k needs -f, and -k -f zeroes only the magic
run_nowrite 2 "$img" "$MKFS" -k "$img"
expect_err "give -f as well"
before=$(hexat "$img" 8 192)
run 0 "$MKFS" -k -f "$img"
expect_out "superblock magic zeroed"
[ "$(hexat "$img" 0 8)" = "0000000000000000" ] || fail "-k left the magic"
[ "$(hexat "$img" 8 192)" = "$before" ] || fail "-k changed more than the magic"
run_nowrite 1 "$img" "$MKFS" -k -f "$img"
expect_err "holds no famfs superblock to kill"
run 0 "$MKFS" "$img"	# a killed file system needs no -f

# --- log length
mkimg "$img" 1G
for bad in 12m 4m 0 abc 8x -1; do
	run_nowrite 2 "$img" "$MKFS" -l "$bad" "$img"
done
expect_err "invalid log length '-1'"
run_nowrite 2 "$img" "$MKFS" -l 12m "$img"
expect_err "must be a power of two of at least 8m"
run 0 "$MKFS" -l 16m "$img"
expect_out "log:          16777216 bytes (16.0 MiB), $(( (16777216 - 48) / 544 )) slots"
# a log that leaves no room for data
mkimg "$img" 64M
run_nowrite 1 "$img" "$MKFS" -l 64m "$img"
expect_err "is too small"

# --- device size
mkimg "$img" 8M
run_nowrite 1 "$img" "$MKFS" "$img"
expect_err "8388608 bytes is too small: a famfs with a log of 8388608 bytes needs at least 12582912 bytes"
mkimg "$img" 12M
run 0 "$MKFS" "$img"
mkimg "$img" 0
run_nowrite 1 "$img" "$MKFS" "$img"
truncate -s $((64 * 1048576 + 4096)) "$img"
run 0 "$MKFS" "$img"
expect_out "67112960 bytes is not a multiple of 2 MiB: using 67108864"
expect_out "device size:  67108864 bytes"

# --- formatting is O(log length): a 64 GiB sparse image stays sparse
mkimg "$img" 64G
run 0 "$MKFS" "$img"
kib=$(du -k "$img" | cut -f1)
[ "$kib" -lt 16384 ] || fail "mkfs of a 64 GiB image allocated $kib KiB"

# --- paths that are not usable devices
run 1 "$MKFS" "$T/missing.img"
expect_err "$T/missing.img: cannot open: No such file or directory"
expect_err "to create an image file, give its SIZE"
[ ! -e "$T/missing.img" ] || fail "mkfs without a SIZE created an image"
run 1 "$MKFS" "$T"
expect_err "$T: not a DAX device, block device or regular file"

# --- a read-only image (as an unprivileged user when run as root)
mkimg "$img" 64M
chmod 444 "$img"
if [ "$(id -u)" = 0 ]; then
	chmod 755 "$T"
	command -v setpriv >/dev/null || skip "setpriv missing"
	run_nowrite 1 "$img" setpriv --reuid=65534 --regid=65534 --clear-groups \
		env FAMFS_SYSTEM_UUID="$FAMFS_SYSTEM_UUID" "$MKFS" "$img"
else
	run_nowrite 1 "$img" "$MKFS" "$img"
fi
expect_err "cannot open for writing: Permission denied"
expect_err "must be writable by this user"
chmod 644 "$img"

# --- another process holds the device
run 0 "$MKFS" -f "$img"
# the holder keeps the lock until $T/hold goes, however slow mkfs is to
# start (under valgrind it takes seconds)
: >"$T/hold"
flock "$img" sh -c "while [ -e '$T/hold' ]; do sleep 0.1; done" &
_n=0
while flock -n "$img" true; do
	sleep 0.1
	_n=$((_n + 1))
	[ $_n -lt 300 ] || fail "the lock holder never took the lock"
done
run_nowrite 1 "$img" "$MKFS" -f "$img"
expect_err "in use by another famfs-progs process"
rm -f "$T/hold"
wait

# --- an ext4 signature is refused without -f
if command -v mkfs.ext4 >/dev/null; then
	mkimg "$img" 64M
	mkfs.ext4 -q -F "$img" >/dev/null 2>&1 || fail "mkfs.ext4 failed"
	run_nowrite 1 "$img" "$MKFS" "$img"
	expect_err "holds a file system or partition table signature (ext4)"
	run 0 "$MKFS" -f "$img"
	expect_out "replaced:     ext4"
	# the superblock region was zeroed, and ext4's magic lives there
	if command -v blkid >/dev/null && blkid -p "$img" >/dev/null 2>&1; then
		fail "a signature is still found after mkfs -f: $(blkid -p "$img")"
	fi
else
	echo "note: mkfs.ext4 missing, ext4 case not run" >&2
fi

# --- the system UUID file is created when missing, and used
unset FAMFS_SYSTEM_UUID
export FAMFS_SYSTEM_UUID_FILE="$T/opt/system_uuid"
mkimg "$img" 64M
run 0 "$MKFS" "$img"
[ -s "$FAMFS_SYSTEM_UUID_FILE" ] || fail "system UUID file not created"
[ "$(hexat "$img" 80 16)" = "$(tr -d -- '-\n' <"$FAMFS_SYSTEM_UUID_FILE")" ] ||
	fail "superblock system UUID differs from the created file"
run 0 "$MKFS" -f -s 99999999-8888-7777-6666-555555555555 "$img"
[ "$(hexat "$img" 80 16)" = "99999999888877776666555555555555" ] || fail "-s not recorded"
export FAMFS_SYSTEM_UUID=5f0e6c3a-1b2d-4c8e-9f10-112233445566

# --- interoperability: the reference tool's image, byte for byte
python3 -c 'import lzma' 2>/dev/null || skip "python3 with lzma missing"
ref=$T/a_64m_default.img
python3 "$top_srcdir/tests/e2e/sxz-restore.py" "$top_srcdir/tests/vectors/ref-a-64m-default.sxz" "$ref"
run_nowrite 1 "$ref" "$MKFS" "$ref"
expect_err "already holds a famfs file system"
ours=$T/ours/a_64m_default.img
mkdir "$T/ours"
mkimg "$ours" 64M
(cd "$T/ours" && "$MKFS" -q -U "$(hexat "$ref" 48 16 | sed 's/^\(.\{8\}\)\(.\{4\}\)\(.\{4\}\)\(.\{4\}\)/\1-\2-\3-\4-/')" \
	-s "$(hexat "$ref" 80 16 | sed 's/^\(.\{8\}\)\(.\{4\}\)\(.\{4\}\)\(.\{4\}\)/\1-\2-\3-\4-/')" \
	a_64m_default.img) || fail "mkfs of the comparison image failed"
# only dev_uuid (bytes 65..80, 1-based) and the CRC over it (97..104) may differ
diffs=$(cmp -l "$ref" "$ours" | awk '$1 < 65 || ($1 > 80 && $1 < 97) || $1 > 104' | wc -l)
[ "$diffs" = 0 ] || { cmp -l "$ref" "$ours" | head >&2; fail "image differs from the reference's"; }
NTESTS=$((NTESTS + 1))

# --- usage
run 0 "$MKFS" --help
expect_out "Usage: mkfs.famfs [options] DEVICE"
run 0 "$MKFS" -V
expect_out "mkfs.famfs (famfs-progs) "
run 2 "$MKFS"
expect_err "no DEVICE given"
run 2 "$MKFS" --bogus "$img"
run 2 "$MKFS" -U nope "$img"
expect_err "'nope' is not a UUID"
run 0 "$MKFS" -q -f "$img"
[ ! -s "$T/out" ] || fail "-q printed something"

done_ok
