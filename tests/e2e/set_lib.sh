# A multi-device file system for the set tests (source after lib.sh):
# make_set DIR (SET_DIR) builds DIR/p.img with secondaries DIR/s1.img..s3.img (64 MiB
# each), a file "plain" whose one extent is moved to device 1 and a file
# "striped" whose strip 1 is moved to device 2 (the writer places new files
# on device 0 only, so the log entry's device index is rewritten and the
# bytes moved). Sets SET_P, PLAIN_OFF/PLAIN_LEN (on device 1) and
# STRIP_OFF/STRIP_LEN (strip 1, on device 2); $T/plain and $T/striped hold
# the files' bytes.
_TI=$top_builddir/tests/helpers/testimg

# write the 64-bit little-endian value $3 at byte $2 of file $1
_put_le64()
{
	_hex=$(printf "%016x" "$3" | sed 's/\(..\)/\1 /g' |
		awk '{for (i = 8; i > 0; i--) printf "%s", $i}')
	"$_TI" poke "$1" "$2" "$_hex" >/dev/null || fail "poke $1 at $2"
}

# copy [off, off + len) of $1 to the same place of $4, then zero it on $1
_move_bytes()
{
	dd if="$1" of="$4" bs=1M skip=$(($2 / 1048576)) seek=$(($2 / 1048576)) \
		count=$(($3 / 1048576)) conv=notrunc status=none || fail "dd to $4"
	dd if=/dev/zero of="$1" bs=1M seek=$(($2 / 1048576)) count=$(($3 / 1048576)) \
		conv=notrunc status=none || fail "dd zero $1"
}

make_set()
{
	SET_DIR=$1
	mkdir -p "$SET_DIR" || fail "mkdir $SET_DIR"
	SET_P=$SET_DIR/p.img
	for _i in p s1 s2 s3; do mkimg "$SET_DIR/$_i.img" 64m; done
	run 0 "$TOOLS/mkfs.famfs" "$SET_P" "$SET_DIR/s1.img" "$SET_DIR/s2.img" "$SET_DIR/s3.img"
	head -c 3000000 /dev/urandom >"$T/plain"
	head -c 5000000 /dev/urandom >"$T/striped"
	run 0 "$TOOLS/famfs-cp" --image-dir "$SET_DIR" --use-device 0 "$T/plain" "$SET_P:plain"
	run 0 "$TOOLS/famfs-cp" --image-dir "$SET_DIR" --use-device 0 --stripe 2,2m "$T/striped" "$SET_P:striped"
	run 0 "$TOOLS/fsck.famfs" -v "$SET_P"
	set -- $(sed -n '/file plain/{n;s/.*\[\(0x[0-9a-f]*\), +\([0-9]*\)).*/\1 \2/p}' "$T/out")
	[ $# = 2 ] || fail "no extent of plain in fsck -v"
	PLAIN_OFF=$(($1))
	PLAIN_LEN=$2
	set -- $(sed -n '/file striped/{n;s/.*\[\(0x[0-9a-f]*\), +\([0-9]*\))[^[]*\[\(0x[0-9a-f]*\), +\([0-9]*\)).*/\3 \4/p}' "$T/out")
	[ $# = 2 ] || fail "no strip 1 of striped in fsck -v"
	STRIP_OFF=$(($1))
	STRIP_LEN=$2
	# log slots 0-2 add the devices, 3 is plain, 4 is striped: the device
	# index of extent 0 (byte 136 of the entry) and of strip 1 (152 + 24)
	_put_le64 "$SET_P" $(($("$_TI" offset-of 3) + 136)) 1
	run 0 "$_TI" recrc-entry "$SET_P" 3
	_put_le64 "$SET_P" $(($("$_TI" offset-of 4) + 152 + 24)) 2
	run 0 "$_TI" recrc-entry "$SET_P" 4
	_move_bytes "$SET_P" "$PLAIN_OFF" "$PLAIN_LEN" "$SET_DIR/s1.img"
	_move_bytes "$SET_P" "$STRIP_OFF" "$STRIP_LEN" "$SET_DIR/s2.img"
	run 0 "$TOOLS/fsck.famfs" --image-dir "$SET_DIR" "$SET_P"
	expect_out "clean"
}
