#!/bin/sh
# fsck.famfs says what every host's log replay (the reference famfs) will
# make of the log: one image per way it differs from the log's meaning,
# with the finding's name, its severity and fsck's exit code; the entries
# after the one hosts stop at are listed (-v, JSON) and counted; and
# --as-replayed lists what hosts will have.
. "$top_srcdir/tests/e2e/lib.sh"
FSCK=$TOOLS/fsck.famfs
MKFS=$TOOLS/mkfs.famfs
CP=$TOOLS/famfs-cp
TESTIMG=$top_builddir/tests/helpers/testimg
img=$T/fs.img

# build SPEC-TEXT: a 64 MiB image from the spec lines
build()
{
	printf '%s\n' "$1" | "$TESTIMG" build -s 64m "$img" || fail "testimg build"
}

# expect_replay EXIT SEVERITY NAME: fsck (image unchanged) exits EXIT
# and reports the finding NAME with SEVERITY
expect_replay()
{
	run_nowrite "$1" "$img" "$FSCK" -q "$img"
	expect_out "$2 $3"
}

# 1. A zero-length file without extents: hosts cannot map it.
build 'file e 0'
expect_replay 4 error replay-empty-extents
expect_out "[entry 0 'e']"
expect_out "unusable on every host"

# 2. A bad entry CRC: hosts stop there; the later entries are listed and counted.
build 'dir a
file a/f 4096 10m:2m
file a/g 4096 12m:2m
dir a/h'
"$TESTIMG" poke "$img" $(($("$TESTIMG" offset-of 1) + 50)) ff || fail "poke"
expect_replay 4 error replay-stops
expect_out "error replay-stops [entry 1]"
expect_out "neither this entry nor the 2 live entries after it exist on any host"
# listed only with -v
grep -q 'replay-not-replayed' "$T/out" && fail "not-replayed entries listed without -v"
run 4 "$FSCK" -v "$img"
expect_out "hosts replay:  up to entry 1 (2 later entries not replayed)"
expect_out "info replay-not-replayed [entry 2 'a/g']"
expect_out "info replay-not-replayed [entry 3 'a/h']"
expect_out "2 errors, 0 warnings"
run 4 "$FSCK" -j "$img"
expect_out '"replay_stop": 1,'
expect_out '"not_replayed": 2'
expect_out '{"severity": "info", "name": "replay-not-replayed", "entry": 3, "path": "a/h"'
# hosts have only what comes before the bad entry
run 4 "$FSCK" --as-replayed "$img"
expect_out "contents as hosts replay the log:"
expect_out "  dir  a  mode"
grep -q '^  file a/g' "$T/out" && fail "--as-replayed lists an entry hosts never replay"

# 3. A seqnum that is not the slot index: intact for the log, a stop for hosts.
build 'dir a
dir b seq=7
dir c seq=8'
expect_replay 4 error replay-stops
expect_out "[entry 1 'b']: seqnum 7 in slot 1, hosts require 1"

# 4. A directory with only its uid set: hosts leave it owned by root.
build 'dir d uid=1000 mode=040750'
expect_replay 0 warning replay-owner-ignored
run 0 "$FSCK" -v "$img"
expect_out "dir  d  mode 0750 uid 1000 gid 0"
run 0 "$FSCK" --as-replayed "$img"
expect_out "dir  d  mode 0750 uid 0 gid 0"
# both set: applied, no finding
build 'dir d uid=1000 gid=1000'
run_nowrite 0 "$img" "$FSCK" -q "$img"
grep -q 'replay-' "$T/out" && fail "a full owner gives a replay finding"

# 5. The same for a file with only its gid set.
build 'file f 4096 10m:2m gid=50'
expect_replay 0 warning replay-owner-ignored
expect_out "[entry 0 'f']: file logged with uid 0 gid 50"

# 6. A file whose parent is not in the log: hosts create it at the missing name.
build 'file b/c/g 4096 10m:2m'
expect_replay 4 error replay-no-parent
expect_out "hosts create the file as 'b' instead"
run 4 "$FSCK" --as-replayed "$img"
expect_out "  file b  4096 bytes"
# and a later mkdir of that name fails on hosts: the file is there
build 'file b/g 4096 10m:2m
dir b
file b/h 4096 12m:2m'
expect_replay 4 error replay-no-parent
run 4 "$FSCK" --as-replayed "$img"
expect_out "  file b  4096 bytes"
grep -q '^  dir  b' "$T/out" && fail "hosts cannot make directory b over file b"

# 7. A file with an extent at device offset 0: hosts skip it.
build 'file z 4096 0:2m'
expect_replay 4 error replay-skips-file
expect_out "extent 0 is at device offset 0"

# 8. Paths hosts resolve: '..' inside the mount, and above it.
build 'dir a
file a/../x 4096 10m:2m'
expect_replay 4 warning replay-path-rewritten
expect_out "hosts resolve this path and create it as 'x'"
build 'dir ../up'
expect_replay 4 error replay-path-escapes

# 9. A log header with a bad CRC: hosts replay nothing.
build 'dir a
dir b'
"$TESTIMG" poke "$img" $((2097152 + 24)) ff || fail "poke"
expect_replay 4 error replay-stops
expect_out "none of its 2 live entries is replayed"
run 4 "$FSCK" -v "$img"
expect_out "hosts replay:  nothing (2 live entries not replayed)"

# 10. What the tools write replays as logged: no replay finding.
mkimg "$img" 64M
run 0 "$MKFS" -q "$img"
mkdir -p "$T/src/d" && : >"$T/src/empty" && printf x >"$T/src/d/one" || fail "source tree"
run 0 "$CP" -r "$T/src" "$img:s"
run 0 "$FSCK" -v "$img"
expect_out "hosts replay:  every live entry"
grep -q 'replay-' "$T/out" && { cat "$T/out" >&2; fail "famfs-cp wrote an entry hosts replay differently"; }
run 0 "$FSCK" -j "$img"
expect_out '"replay_stop": null,'
expect_out '"not_replayed": 0'

# 11. famfs-cp warns when it writes an owner hosts will ignore, and --list
# shows the owner hosts will show
mkimg "$img" 64M
run 0 "$MKFS" -q "$img"
run 0 "$CP" -r --owner 1000 --group 0 "$T/src" "$img:o"
expect_err "warning: $img:o: uid 1000 gid 0: hosts replaying the log apply an owner only when uid and gid are both non-zero"
expect_err "warning: $img:o/d/one: uid 1000 gid 0"
run 0 "$CP" --list "$img:o"
grep -qE '^d0755 +0 +0 +- +o/$' "$T/out" || { cat "$T/out" >&2; fail "--list shows an owner hosts ignore"; }
run 0 "$FSCK" -q "$img"
expect_out "warning replay-owner-ignored [entry 0 'o']"
# both non-zero: kept, and no warning
run 0 "$CP" -r --owner 1000 --group 100 "$T/src" "$img:k"
grep -q 'warning' "$T/err" && fail "famfs-cp warns about a full owner"
run 0 "$CP" --list "$img:k"
grep -qE '^d0755 +1000 +100 +- +k/$' "$T/out" || { cat "$T/out" >&2; fail "--list lost the owner"; }

# 12. famfs-cp gives each entry its slot index as seqnum, as hosts require,
# even when the header's next seqnum is ahead (here: after a torn append)
printf '%s\n' 'file s 4096 10m:2m' 'dir t' 'header next_index=1' |
	"$TESTIMG" build -s 64m "$img" || fail "testimg build"
run 0 "$FSCK" -j "$img"
expect_out '"next_seqnum": 2,'
run 0 "$CP" "$T/src/d/one" "$img:one"
run 0 "$FSCK" -v "$img"
expect_out "hosts replay:  every live entry"
grep -q 'replay-' "$T/out" && { cat "$T/out" >&2; fail "famfs-cp wrote a seqnum hosts stop at"; }

done_ok
