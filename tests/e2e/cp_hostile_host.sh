#!/bin/sh
# Hostile hosts: a target directory with links planted in it, sources that
# change under famfs-cp, the image named as its own source or destination,
# names that would drive a terminal, standard output that cannot be
# written, and a dry run on a device the user may not write.
. "$top_srcdir/tests/e2e/lib.sh"
CP=$TOOLS/famfs-cp
FSCK=$TOOLS/fsck.famfs
LAYOUT=$TOOLS/famfs-layout
MKFS=$TOOLS/mkfs.famfs
TESTIMG=$top_builddir/tests/helpers/testimg
img=$T/fs.img
M=1048576
echo data >"$T/a"

fresh()
{
	mkimg "$img" "${1:-64M}"
	run 0 "$MKFS" -q "$img"
}

# the image is consistent
judge_clean()
{
	run 0 "$FSCK" -q "$img"
}

# what an attacker would change outside the target: names, modes, contents
snapshot()
{
	(cd "$1" && find . -printf '%p %y %m %s %l\n' | sort && find . -type f -exec cat {} +) \
		>"$2"
}

# --- 1. copy-out never writes, creates or chmods through a link in the target
fresh
mkdir -p "$T/src/sub" "$T/src/open"
echo evil >"$T/src/sub/evil"
echo replaced >"$T/src/victim"
echo new >"$T/src/new"
echo suid >"$T/src/suid"
chmod 4755 "$T/src/suid"
chmod 0777 "$T/src/sub"
chmod 1777 "$T/src/open"
run 0 "$CP" -r "$T/src/sub" "$T/src/open" "$T/src/victim" "$T/src/new" "$T/src/suid" "$img:"
H=$T/host
mkdir -p "$H/outside"
echo precious >"$H/outside/victim"
chmod 0755 "$H/outside"
chmod 0644 "$H/outside/victim"
plant()
{
	rm -rf "$H/target"
	mkdir "$H/target"
	ln -s ../outside "$H/target/sub"
	ln -s ../outside/victim "$H/target/victim"
	ln -s ../outside/new "$H/target/new"
}
snapshot "$H/outside" "$T/before"
for force in "" -f; do
	plant
	"$CP" $force -r "$img:" "$H/target" >"$T/out" 2>"$T/err"
	snapshot "$H/outside" "$T/after"
	cmp -s "$T/before" "$T/after" || { diff "$T/before" "$T/after" >&2
		fail "copy-out ${force:-without -f} changed the directory outside the target"; }
	NTESTS=$((NTESTS + 1))
done
# without -f the planted links are refused; with -f they were replaced
plant
run 1 "$CP" -r "$img:" "$H/target"
expect_err "$H/target/sub: is a symbolic link or not a directory; not followed"
[ -L "$H/target/sub" ] || fail "a link in the target was removed without -f"
plant
run 0 "$CP" -f -r "$img:" "$H/target"
[ -d "$H/target/sub" ] && [ ! -L "$H/target/sub" ] || fail "-f did not replace the link 'sub'"
[ "$(cat "$H/target/sub/evil")" = evil ] || fail "-f did not copy sub/evil"
[ "$(cat "$H/target/victim")" = replaced ] && [ ! -L "$H/target/victim" ] ||
	fail "-f did not replace the link 'victim' with the file"
[ "$(cat "$H/target/new")" = new ] && [ ! -L "$H/target/new" ] ||
	fail "-f did not replace the dangling link 'new'"
# a single file whose name in the target is a link
plant
run 1 "$CP" "$img:victim" "$H/target/"
run 0 "$CP" -f "$img:victim" "$H/target/"
[ ! -L "$H/target/victim" ] || fail "-f wrote through the link instead of replacing it"
run 1 "$CP" -r "$img:sub" "$H/target"
expect_err "not followed"
snapshot "$H/outside" "$T/after"
cmp -s "$T/before" "$T/after" || fail "a single-file copy-out changed the outside"
# set-ID and sticky bits only when asked for
rm -rf "$H/plain" "$H/special"
run 0 "$CP" -r "$img:" "$H/plain"
[ "$(stat -c %a "$H/plain/suid")" = 755 ] || fail "setuid bit applied without asking"
[ "$(stat -c %a "$H/plain/open")" = 777 ] || fail "sticky bit applied without asking"
[ "$(stat -c %a "$H/plain/sub")" = 777 ] || fail "directory mode not applied"
run 0 "$CP" -r --preserve-special-bits "$img:" "$H/special"
[ "$(stat -c %a "$H/special/suid")" = 4755 ] || fail "--preserve-special-bits lost setuid"
[ "$(stat -c %a "$H/special/open")" = 1777 ] || fail "--preserve-special-bits lost sticky"

# --- 3. the image is never its own destination, nor its own source
fresh
run 0 "$CP" "$T/a" "$img:a"
run_nowrite 1 "$img" "$CP" -f "$img:a" "$img"
expect_err "is the device $img itself"
mkdir -p "$T/holder"
ln "$img" "$T/holder/a"
run_nowrite 1 "$img" "$CP" -f -r "$img:" "$T/holder"
expect_err "is the device $img itself"
rm -f "$T/holder/a"
run_nowrite 1 "$img" "$CP" "$img" "$img:self"
expect_err "is the device $img itself; not copied"
mkdir -p "$T/within"
ln "$img" "$T/within/fs.img"
echo keep >"$T/within/other"
run 1 "$CP" -r "$T/within" "$img:w"
expect_err "skipped '$T/within/fs.img': it is the device itself"
run 0 "$CP" --list "$img:w"
expect_out "w/other"
if grep -q "fs.img" "$T/out"; then fail "the image was copied into itself"; fi
rm -rf "$T/within"
judge_clean

# --- 2. a source swapped for a link mid-copy never pulls in an outside file
fresh 512M
R=$T/race
mkdir -p "$R/tree/d" "$R/secretdir" "$R/stash"
secret="SECRET-$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')"
printf '%s' "$secret" >"$R/secret"
chmod 600 "$R/secret"
for i in 0 1 2 3; do
	printf '%s' "$secret" | tr 'A-Z0-9' 'a-jA-Z' >"$R/tree/f$i"
	printf '%s' "$secret" >"$R/secretdir/f$i"
done
chmod 600 "$R/secretdir/f"*
cp "$R/tree/f0" "$R/tree/d/f0"
python3 - "$R" 4 <<'EOF' &
import os, sys, time
r, secs = sys.argv[1], float(sys.argv[2])
tree, stash = r + "/tree", r + "/stash"
public = open(tree + "/f0", "rb").read()
end = time.time() + secs
n = 0
while time.time() < end:
    i = n % 4
    n += 1
    # a file becomes a link to the secret, then a file again
    os.symlink(r + "/secret", stash + "/l")
    os.replace(stash + "/l", "%s/f%d" % (tree, i))
    with open(stash + "/f", "wb") as f:
        f.write(public)
    os.replace(stash + "/f", "%s/f%d" % (tree, i))
    # a directory becomes a link to a directory of secrets, then a directory again
    os.rename(tree + "/d", stash + "/d")
    os.symlink(r + "/secretdir", tree + "/d")
    os.unlink(tree + "/d")
    os.rename(stash + "/d", tree + "/d")
EOF
swapper=$!
n=0
start=$(date +%s)
while [ $(($(date +%s) - start)) -lt 4 ] && [ $n -lt 40 ]; do
	"$CP" -q -r "$R/tree" "$img:t$n" >/dev/null 2>&1
	n=$((n + 1))
done
wait $swapper
[ $n -gt 5 ] || fail "the race loop ran only $n copies"
# only the parts of the sparse image that hold data need searching
if python3 - "$img" "$secret" <<'EOF'
import os, sys
fd, secret = os.open(sys.argv[1], os.O_RDONLY), sys.argv[2].encode()
end, off, found = os.fstat(fd).st_size, 0, False
while off < end and not found:
    try:
        off = os.lseek(fd, off, os.SEEK_DATA)
    except OSError:
        break
    stop = os.lseek(fd, off, os.SEEK_HOLE)
    found = secret in os.pread(fd, stop - off, off)
    off = stop
sys.exit(0 if found else 1)
EOF
then
	fail "a file outside the source tree was copied in through a swapped link"
fi
NTESTS=$((NTESTS + 1))
judge_clean

# --- 14. what fsck.famfs rejects is neither listed nor copied out
printf '%s\n' "file f 4m $((10 * M)):4m" "file g 2m $((12 * M)):2m" "file h 1m $((20 * M)):2m" |
	"$TESTIMG" build -s 64m "$img" || fail "testimg"
run 4 "$FSCK" -q "$img"
expect_out "error ext-overlap [entry 1 'g']"
run 0 "$CP" --list "$img"
expect_out "  f"
expect_out "  h"
if grep -q "  g$" "$T/out"; then fail "--list shows a file fsck.famfs rejects"; fi
expect_err "neither listed nor copied out: 'g' (ext-overlap)"
rm -rf "$T/rej"
run 1 "$CP" -r "$img:" "$T/rej"
[ -f "$T/rej/f" ] && [ -f "$T/rej/h" ] || fail "sound files not copied out"
[ ! -e "$T/rej/g" ] || fail "a file fsck.famfs rejects was copied out"
expect_err "1 entry rejected by fsck.famfs not copied"
run 1 "$CP" "$img:g" "$T/g"
expect_err "fsck.famfs rejects it; not copied"
[ ! -e "$T/g" ] || fail "a rejected file was copied out when named"

# --- 7. standard output that cannot be written is an error
# full CMD...: stdout to /dev/full; exit status in $rc, stderr in $T/err
full()
{
	"$@" >/dev/full 2>"$T/err"
	rc=$?
	NTESTS=$((NTESTS + 1))
}
fresh
run 0 "$CP" "$T/a" "$img:a"
full "$CP" --list "$img"
[ $rc = 1 ] || fail "--list to /dev/full exits $rc"
expect_err "cannot write to standard output"
rm -rf "$T/o"
full "$CP" -v -r "$img:" "$T/o"
[ $rc = 1 ] || fail "copy-out -v to /dev/full exits $rc"
expect_err "cannot write to standard output"
full "$CP" -v "$T/a" "$img:b"
[ $rc = 1 ] || fail "copy-in -v to /dev/full exits $rc"
full "$FSCK" "$img"
[ $rc = 8 ] || fail "fsck.famfs to /dev/full exits $rc"
full "$LAYOUT" "$img" a
[ $rc = 1 ] || fail "famfs-layout to /dev/full exits $rc"
expect_err "cannot write to standard output"

# --- 11. names that would drive a terminal are escaped by every tool
ESC=$(printf '\033')
CSI=$(printf '\233')
U9B=$(printf '\302\233')
E=$T/esc
rm -rf "$E"
mkdir -p "$E/d${ESC}[2J"
echo x >"$E/d${ESC}[2J/f${CSI}31m"
echo y >"$E/u${U9B}x"
echo z >"$E/caf$(printf '\303\251')"
fresh
# raw: none of the bytes that start a terminal sequence in the last run's output
raw()
{
	for f in "$T/out" "$T/err"; do
		if LC_ALL=C grep -qaF -e "$ESC" -e "$CSI" "$f"; then
			od -c "$f" | head -20 >&2
			fail "raw control bytes reach the terminal: $*"
		fi
	done
}
run 0 "$CP" -v -r "$E" "$img:"
raw "famfs-cp -v copy-in"
run 0 "$CP" --list "$img"
raw "famfs-cp --list"
expect_out "esc/caf$(printf '\303\251')"
expect_out 'esc/d\x1b[2J/f\x9b31m'
expect_out 'esc/u\xc2\x9bx'
run 1 "$CP" "$T/a" "$img:esc/u${U9B}x"
raw "famfs-cp refusal"
expect_err 'already exists'
rm -rf "$T/eo"
run 0 "$CP" -v -r "$img:esc" "$T/eo"
raw "famfs-cp -v copy-out"
run 1 "$CP" -r "$img:esc/d${ESC}[2J" "$T/eo"
raw "famfs-cp copy-out error"
expect_err 'eo/d\x1b[2J/f\x9b31m: File exists'

run 0 "$FSCK" -v "$img"
raw "fsck.famfs -v"
run 0 "$FSCK" -j -v "$img"
raw "fsck.famfs -j -v"
python3 -c 'import json, sys; d = json.load(open(sys.argv[1]))
assert any(c["path"] == "esc/u\u009bx" for c in d["contents"]), d["contents"]' "$T/out" ||
	fail "fsck.famfs -j: the C1 name is not valid escaped JSON"
if ! grep -qF '\u009b' "$T/out"; then fail "fsck.famfs -j did not escape C1 as \\u009b"; fi
run 0 "$LAYOUT" "$img" "esc/u${U9B}x"
raw "famfs-layout"
run 0 "$LAYOUT" --all "$img"
raw "famfs-layout --all"
run 1 "$LAYOUT" "$img" "esc/d${ESC}[2J/none"
raw "famfs-layout error"
# a finding that names an escaped path, in every tool that reports it
printf '%s\n' "file a${ESC}]0;x${CSI}y 4m $((10 * M)):4m" "file b${ESC}[5m$U9B 2m $((12 * M)):2m" |
	"$TESTIMG" build -s 64m "$img" || fail "testimg"
run 4 "$FSCK" "$img"
raw "fsck.famfs finding"
run 4 "$FSCK" -j "$img"
raw "fsck.famfs -j finding"
python3 -c 'import json, sys; json.load(open(sys.argv[1]))' "$T/out" || fail "fsck -j: invalid JSON"
run 0 "$CP" --list "$img"
raw "famfs-cp warning"
run 1 "$LAYOUT" --all "$img"
raw "famfs-layout refusal"
run_nowrite 1 "$img" "$CP" "$T/a" "$img:n"
raw "famfs-cp refusal of a damaged image"

# --- 15. a dry run fails where the real run cannot open the device for writing
fresh
if [ "$(id -u)" = 0 ]; then
	command -v setpriv >/dev/null || skip "setpriv missing"
	chmod 755 "$T"
	chmod 444 "$img"
	chmod 644 "$T/a"
	run_nowrite 1 "$img" setpriv --reuid=65534 --regid=65534 --clear-groups \
		env FAMFS_SYSTEM_UUID="$FAMFS_SYSTEM_UUID" "$CP" -n "$T/a" "$img:a"
	expect_err "Permission denied"
	chmod 644 "$img"
	run_nowrite 0 "$img" "$CP" -n "$T/a" "$img:a"
	expect_out "would copy 1 file"
else
	echo "SKIP: the read-only dry-run check needs root (to run as nobody)" >&2
fi
done_ok
