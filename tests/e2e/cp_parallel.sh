#!/bin/sh
# famfs-cp -r reads its sources on a few threads (the plan opens and reads
# small files, the real pass reads the rest ahead of the writes): a tree
# of files of mixed sizes comes back byte for byte; a file swapped for a
# link after the plan is never followed (a small one is copied as it was
# planned, a large one refused by name, with nothing after it in the log);
# a FIFO or an unreadable file in the middle is named, never hangs.
. "$top_srcdir/tests/e2e/lib.sh"
CP=$TOOLS/famfs-cp
MKFS=$TOOLS/mkfs.famfs
FSCK=$TOOLS/fsck.famfs
img=$T/fs.img

judge()
{
	run 0 "$FSCK" -q "$img"
	[ ! -s "$T/out" ] || { cat "$T/out" >&2; fail "fsck findings after: $1"; }
}

# --- 1. a few hundred files of mixed sizes, in nested directories
mkdir -p "$T/tree/d1/d2/d3"
i=0
for dir in "$T/tree" "$T/tree/d1" "$T/tree/d1/d2" "$T/tree/d1/d2/d3"; do
	for size in 0 1 100 4095 4096 65535 65536 65537 150000 0 7 3000; do
		for k in 1 2 3 4 5 6; do
			head -c "$size" /dev/urandom >"$dir/f$i" || fail "cannot make a source"
			i=$((i + 1))
		done
	done
done
[ "$i" -ge 250 ] || fail "only $i files made"
mkimg "$img" 2G
run 0 "$MKFS" -q "$img"
run 0 timeout 60 "$CP" -r "$T/tree" "$img:t"
expect_out "copied $i files"
judge "a tree copy"
run 0 "$CP" -r "$img:t" "$T/back"
diff -r "$T/tree" "$T/back" >"$T/diff" || { cat "$T/diff" >&2; fail "the tree came back changed"; }
NTESTS=$((NTESTS + 1))

# --- 2. swapped for links after the plan, while the real pass is held
command -v strace >/dev/null || skip "needs strace"
W=$T/swap
mkdir -p "$W/tree"
secret="SECRET-$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')"
printf '%s' "$secret" >"$W/secret"
printf 'small, as planned' >"$W/tree/a_small"
head -c 200000 /dev/urandom >"$W/tree/b_big"
printf 'after' >"$W/tree/c_after"
cp "$W/tree/a_small" "$W/a_small.orig"
strace -f -o "$T/trace" -e trace=getdents64 "$CP" -n -r "$W/tree" "$img:s" >/dev/null 2>&1 ||
	skip "strace cannot trace here"
plan_reads=$(grep -c 'getdents64(' "$T/trace")
strace -o /dev/null -e trace=getdents64 \
	-e inject=getdents64:delay_enter=2000000:when=$((plan_reads + 1)) \
	"$CP" -r "$W/tree" "$img:s" >"$T/out" 2>"$T/err" &
pid=$!
sleep 1
ln -sf "$W/secret" "$W/tree/a_small"
ln -sf "$W/secret" "$W/tree/b_big"
wait $pid
rc=$?
NTESTS=$((NTESTS + 1))
[ $rc -eq 1 ] || { cat "$T/out" "$T/err" >&2; fail "a swapped source gave exit $rc, not 1"; }
expect_err "$W/tree/b_big: was replaced by a symbolic link since it was planned; not followed"
run 0 "$CP" -L "$img:s"
expect_out " s/a_small"
if grep -q 's/b_big\|s/c_after' "$T/out"; then
	fail "a refused source, or one after it, is in the log"
fi
rm -rf "$T/sback"
run 0 "$CP" -r "$img:s" "$T/sback"
cmp "$T/sback/a_small" "$W/a_small.orig" || fail "the small file is not what was planned"
NTESTS=$((NTESTS + 1))
if grep -rq "$secret" "$T/sback"; then fail "a swapped link was followed"; fi
judge "a refused swap"

# --- 3. a FIFO in the middle is skipped by name, and nothing waits on it
F=$T/fifo
mkdir -p "$F/tree"
for n in 1 2 3 4 5; do echo "$n" >"$F/tree/a$n"; done
mkfifo "$F/tree/m_fifo"
for n in 1 2 3 4 5; do echo "$n" >"$F/tree/z$n"; done
run 1 timeout 20 "$CP" -r "$F/tree" "$img:f"
expect_err "skipped '$F/tree/m_fifo': a FIFO"
expect_out "copied 10 files"
judge "a FIFO skipped"

# --- 4. an unreadable file in the middle is named, and the copy stops there
U=$T/unreadable
mkdir -p "$U/tree"
for n in 1 2 3; do echo "$n" >"$U/tree/a$n"; done
echo secret >"$U/tree/m_closed"
for n in 1 2 3; do echo "$n" >"$U/tree/z$n"; done
chmod 000 "$U/tree/m_closed"
as_user=
if [ "$(id -u)" = 0 ]; then
	command -v setpriv >/dev/null || { done_ok; exit 0; }
	# root reads anything: run the copy as nobody, on files nobody may reach
	chmod 755 "$T" "$U" "$U/tree"
	chmod 666 "$img"
	as_user="setpriv --reuid=65534 --regid=65534 --clear-groups"
fi
run 1 timeout 20 $as_user "$CP" -r "$U/tree" "$img:u"
expect_err "$U/tree/m_closed: Permission denied"
run 0 "$CP" -L "$img:u"
expect_out " u/a3"
if grep -q 'u/m_closed\|u/z1' "$T/out"; then fail "the copy went on past an unreadable file"; fi
judge "an unreadable file"
done_ok
