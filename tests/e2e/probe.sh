#!/bin/sh
# famfs-probe on images: a one-device file system, a primary and its
# secondary, in blkid's one-line form and in --export form; nothing found,
# a killed superblock, corrupt and hostile superblocks (never a crash, a
# clear message, no output that udev would turn into a link).
. "$top_srcdir/tests/e2e/lib.sh"
MKFS=$TOOLS/mkfs.famfs
PROBE=$TOOLS/famfs-probe
TESTIMG=$top_builddir/tests/helpers/testimg
FSUUID=0a1b2c3d-4e5f-4061-8728-394a5b6c7d8e

# --- a one-device file system made by mkfs: index 0, role primary
run 0 "$MKFS" -q -U "$FSUUID" "$T/one.img" 64m
run 0 "$PROBE" --export "$T/one.img"
cat >"$T/want" <<EOT
TYPE=famfs
UUID=$FSUUID
ROLE=primary
DEV_INDEX=0
SIZE=67108864
EOT
grep -v '^DEV_UUID=' "$T/out" >"$T/got"
cmp -s "$T/want" "$T/got" || { diff "$T/want" "$T/got" >&2; fail "export of a one-device fs"; }
devuuid=$(sed -n 's/^DEV_UUID=//p' "$T/out")
echo "$devuuid" | grep -qE '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' ||
	fail "DEV_UUID is not a UUID: $devuuid"
[ "$devuuid" != "$FSUUID" ] || fail "DEV_UUID is the file-system UUID"
[ "$(wc -l <"$T/out")" = 6 ] || fail "export is not six lines"

# blkid's one-line form, same facts
run 0 "$PROBE" "$T/one.img"
expect_out "$T/one.img: TYPE=\"famfs\" UUID=\"$FSUUID\" DEV_UUID=\"$devuuid\" ROLE=\"primary\" DEV_INDEX=\"0\" SIZE=\"67108864\""

# --- a secondary of that file system: no index without the primary's log
secuuid=$("$TESTIMG" secondary "$T/one.img" "$T/sec.img" 16m) || fail "testimg secondary"
run 0 "$PROBE" -e "$T/sec.img"
expect_out "TYPE=famfs"
expect_out "UUID=$FSUUID"
expect_out "DEV_UUID=$secuuid"
expect_out "ROLE=secondary"
expect_out "SIZE=16777216"
if grep -q DEV_INDEX "$T/out"; then fail "a secondary reported a device index"; fi

# several paths: DEVNAME before each block, 0 if any is famfs
: >"$T/plain.img"
truncate -s 8m "$T/plain.img"
run 0 "$PROBE" --export "$T/one.img" "$T/plain.img" "$T/sec.img"
expect_out "DEVNAME=$T/one.img"
expect_out "DEVNAME=$T/sec.img"
if grep -q "DEVNAME=$T/plain.img" "$T/out"; then fail "a zeroed image was reported"; fi
[ "$(grep -c '^TYPE=famfs$' "$T/out")" = 2 ] || fail "not two famfs found"

# --- nothing there: exit 2, silent for a plain or tiny file, a message when unreadable
run 2 "$PROBE" "$T/plain.img"
[ ! -s "$T/out" ] && [ ! -s "$T/err" ] || fail "output for a zeroed image"
printf 'x' >"$T/tiny.img"
run 2 "$PROBE" --export "$T/tiny.img"
[ ! -s "$T/out" ] || fail "output for a one-byte file"
run 2 "$PROBE" "$T/absent.img"
expect_err "absent.img"
mkfifo "$T/fifo"
run 2 "$PROBE" "$T/fifo"
[ ! -s "$T/out" ] || fail "output for a FIFO"
run 4 "$PROBE"
expect_err "no PATH given"
run 4 "$PROBE" --bogus "$T/one.img"

# --- a killed superblock is not famfs any more
cp "$T/one.img" "$T/killed.img"
run 0 "$MKFS" -q -f -k "$T/killed.img"
run 2 "$PROBE" --export "$T/killed.img"
[ ! -s "$T/out" ] || fail "a killed superblock was reported"

# --- corrupt and hostile superblocks: a message, no export, exit 2
hostile()
{
	_name=$1
	_src=$2
	_off=$3
	_hex=$4
	_msg=$5
	cp "$_src" "$T/$_name.img"
	"$TESTIMG" poke "$T/$_name.img" "$_off" "$_hex" || fail "poke $_name"
	[ "${6:-}" = recrc ] && { "$TESTIMG" recrc-sb "$T/$_name.img" || fail "recrc $_name"; }
	run 2 "$PROBE" --export "$T/$_name.img"
	[ ! -s "$T/out" ] || fail "$_name: damaged superblock exported"
	expect_err "$_name.img: damaged famfs superblock"
	expect_err "$_msg"
}
hostile crc "$T/one.img" 50 ff "CRC"
hostile seccrc "$T/sec.img" 70 ff "CRC"
hostile bothroles "$T/one.img" 104 03000000 "only one of bit 0"
hostile unknownflag "$T/sec.img" 104 02010000 "only one of bit 0"
# a secondary that claims a log (CRC made right, so only the rule catches it)
hostile seclog "$T/sec.img" 24 0000800000000000 "names a log" recrc
# a device larger than the file, and a size that would wrap
hostile bigsec "$T/sec.img" 112 0000000001000000 "larger than the device"
hostile hugeprim "$T/one.img" 112 ffffffffffffffff "larger than the device"
hostile version "$T/one.img" 8 31 "version 49" recrc
# a name of 64 bytes without its NUL
hostile name "$T/one.img" 136 "$(printf '41%.0s' $(seq 64))" "no NUL"
# a control character in a path is escaped, not sent to the terminal
cp "$T/one.img" "$T/esc$(printf '\033')x.img"
run 0 "$PROBE" "$T/esc$(printf '\033')x.img"
expect_out 'esc\x1bx.img: TYPE="famfs"'

# --- the udev rule runs this probe's --export on DAX devices and uses only
# keys it prints; links come from UUIDs, never from a path
rule=$top_builddir/udev/60-famfs.rules
[ -f "$rule" ] || fail "udev rule not built"
NTESTS=$((NTESTS + 1))
grep -qE '^IMPORT\{program\}="/[^"]*/famfs-probe --export \$devnode"$' "$rule" ||
	fail "the rule does not import an absolute famfs-probe --export \$devnode"
grep -q 'SUBSYSTEM!="dax"' "$rule" || fail "the rule is not limited to DAX devices"
run 0 "$PROBE" --export "$T/one.img"
for key in $(grep -v '^#' "$rule" | grep -oE 'env\{[A-Z_]+\}|ENV\{[A-Z_]+\}' |
	     sed 's/.*{//; s/}//' | sort -u); do
	NTESTS=$((NTESTS + 1))
	grep -q "^$key=" "$T/out" || fail "the rule uses $key, which famfs-probe does not export"
done
grep -q 'SYMLINK+="famfs/by-uuid/$env{UUID}"' "$rule" || fail "no by-uuid link"
grep -q 'SYMLINK+="famfs/by-dev-uuid/$env{DEV_UUID}"' "$rule" || fail "no by-dev-uuid link"
done_ok
