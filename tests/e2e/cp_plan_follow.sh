#!/bin/sh
# famfs-cp -r copies what its plan pass saw: an entry added to a source
# directory after the plan (the real pass no longer lstats each entry, it
# follows the plan's) is refused with "changed since it was planned",
# never copied unplanned. strace holds the real pass at its first
# directory read while the test adds the entry.
. "$top_srcdir/tests/e2e/lib.sh"
CP=$TOOLS/famfs-cp
MKFS=$TOOLS/mkfs.famfs
FSCK=$TOOLS/fsck.famfs
img=$T/fs.img

command -v strace >/dev/null || skip "needs strace"
mkdir "$T/tree"
echo a >"$T/tree/a"
echo b >"$T/tree/b"
mkimg "$img" 64M
run 0 "$MKFS" -q "$img"

# the directory reads of the plan pass: a dry run makes only those
strace -f -o "$T/trace" -e trace=getdents64 "$CP" -n -r "$T/tree" "$img:t" >/dev/null 2>&1 ||
	skip "strace cannot trace here"
plan_reads=$(grep -c 'getdents64(' "$T/trace")
[ "$plan_reads" -ge 2 ] || fail "the dry run read no directory ($plan_reads)"

# hold the real pass's first directory read for two seconds; add z meanwhile
strace -o /dev/null -e trace=getdents64 \
	-e inject=getdents64:delay_enter=2000000:when=$((plan_reads + 1)) \
	"$CP" -r "$T/tree" "$img:t" >"$T/out" 2>"$T/err" &
pid=$!
sleep 1
echo z >"$T/tree/z"
wait $pid
rc=$?
NTESTS=$((NTESTS + 1))
[ $rc -ne 0 ] || { cat "$T/out" "$T/err" >&2; fail "a tree changed since the plan was copied"; }
expect_err "changed since it was planned"
run 0 "$CP" -L "$img:t"
if grep -q ' t/z$' "$T/out"; then
	fail "an entry the plan never saw was copied"
fi
run 0 "$FSCK" -q "$img"

# unchanged since the plan: the same copy succeeds
run 0 "$CP" -q -r "$T/tree" "$img:u"
run 0 "$CP" -L "$img:u"
expect_out " u/z"
done_ok
