#!/bin/sh
# The harness itself: sum (tests/helpers/datadump) tells files apart
# exactly as a whole-file hash does, wherever the holes are, and
# run_nowrite fails when the command writes to the image.
. "$top_srcdir/tests/e2e/lib.sh"
M=1048576
a=$T/a.img

# poke FILE OFFSET HEX: write bytes at OFFSET, keeping the rest
poke()
{
	printf "$(echo "$3" | sed 's/../\\&/g; s/\\/\\x/g')" |
		dd of="$1" bs=1 seek="$2" conv=notrunc 2>/dev/null || fail "poke $1"
}

# differs WHAT FILE: sum FILE differs from the original's sum
differs()
{
	_s=$(sum "$2") || fail "cannot sum $2"
	[ "$_s" != "$orig" ] || fail "sum misses: $1"
	! cmp -s "$2" "$a" || fail "not a change: $1"
	NTESTS=$((NTESTS + 1))
}

# a 64 MiB sparse image with data in three places, one unaligned
mkimg "$a" 64M
head -c 5000 /dev/urandom >"$T/r"
dd if="$T/r" of="$a" bs=1 seek=$((30 * M + 17)) conv=notrunc 2>/dev/null
poke "$a" 4100 0102
poke "$a" $((64 * M - 1)) 7f
orig=$(sum "$a") || fail "cannot sum $a"

# the same bytes, however stored, give the same sum
cp --sparse=never "$a" "$T/full.img"
[ "$(sum "$T/full.img")" = "$orig" ] || fail "a non-sparse copy sums differently"
cp --sparse=always "$a" "$T/sparse.img"
[ "$(sum "$T/sparse.img")" = "$orig" ] || fail "a sparse copy sums differently"
cp "$a" "$T/b.img"
dd if=/dev/zero of="$T/b.img" bs=4096 seek=1000 count=16 conv=notrunc 2>/dev/null
[ "$(sum "$T/b.img")" = "$orig" ] || fail "zeros written over a hole changed the sum"
NTESTS=$((NTESTS + 3))

# any other change is seen: in a hole, in data, to zero, at the end, the size
cp "$a" "$T/b.img"; poke "$T/b.img" $((50 * M + 3)) 01; differs "a byte in a hole" "$T/b.img"
cp "$a" "$T/b.img"; poke "$T/b.img" $((30 * M + 4000)) \
	"$(od -An -tx1 -j 3983 -N 1 "$T/r" | tr -d ' ' | tr 0-9a-f 1-9a-f0)"
differs "a byte in data" "$T/b.img"
cp "$a" "$T/b.img"; poke "$T/b.img" 4101 00; differs "a data byte zeroed" "$T/b.img"
cp "$a" "$T/b.img"; poke "$T/b.img" $((64 * M - 1)) 7e; differs "the last byte" "$T/b.img"
cp "$a" "$T/b.img"; truncate -s $((64 * M + 1)) "$T/b.img"; differs "one more byte" "$T/b.img"
cp "$a" "$T/b.img"; truncate -s $((64 * M - 4096)) "$T/b.img"; differs "4 KiB less" "$T/b.img"
# the same block contents at another offset
mkimg "$T/c.img" 64M
poke "$T/c.img" 8196 0102
mkimg "$T/d.img" 64M
poke "$T/d.img" 4100 0102
[ "$(sum "$T/c.img")" != "$(sum "$T/d.img")" ] || fail "sum misses a move of data"
NTESTS=$((NTESTS + 1))

# run_nowrite fails when the command writes, and passes when it does not
run_nowrite 0 "$a" cmp -s "$a" "$T/full.img"
if (run_nowrite 0 "$a" poke "$a" $((40 * M)) 01) >/dev/null 2>&1; then
	fail "run_nowrite missed a write"
fi
NTESTS=$((NTESTS + 1))
# and a sum that cannot be taken fails rather than comparing nothing
if (run_nowrite 0 "$T/missing.img" true) >/dev/null 2>&1; then
	fail "run_nowrite passed on a file it cannot read"
fi
NTESTS=$((NTESTS + 1))
done_ok
