#!/bin/sh
# One letter, one meaning (docs/options.md): every "-X, --long" pair in the
# tools' --help is in that table and no letter means two things across the
# suite (fsck(8)'s letters in fsck.famfs excepted); -h/--help and -V exit 0
# everywhere; a usage error exits with the code each man page documents; no
# option is silently ignored; sizes and offsets take hex; texts and the
# documents the man pages point at.
. "$top_srcdir/tests/e2e/lib.sh"
MKFS=$TOOLS/mkfs.famfs
FSCK=$TOOLS/fsck.famfs
CP=$TOOLS/famfs-cp
LAYOUT=$TOOLS/famfs-layout
ALL="mkfs.famfs:man/mkfs.famfs.8:2 fsck.famfs:man/fsck.famfs.8:16 famfs-cp:man/famfs-cp.1:2 famfs-layout:man/famfs-layout.1:2 famfs-rm:man/famfs-rm.1:2 famfs-undo:man/famfs-undo.8:2"

# --- every letter: in docs/options.md, and one long option across the tools
for pair in $ALL; do
	tool=${pair%%:*}
	"$TOOLS/$tool" --help >"$T/help.$tool" || fail "$tool --help"
done
NTESTS=$((NTESTS + 1))
python3 - "$top_srcdir/docs/options.md" "$T" mkfs.famfs fsck.famfs famfs-cp famfs-layout famfs-rm famfs-undo \
	<<'PY' || fail "option letters disagree (see above)"
import re, sys
doc, tmp, tools = sys.argv[1], sys.argv[2], sys.argv[3:]
text = open(doc).read()
# the table: | `-a`, `-p` | `--preen` ... | meaning | tools |
documented = {}
for row in re.findall(r'^\|([^|]*)\|([^|]*)\|', text, re.M):
    letters = re.findall(r'`-([A-Za-z])`', row[0])
    longs = re.findall(r'`--([a-z][a-z0-9-]*)', row[1])
    for l in letters:
        documented.setdefault(l, set()).update(longs)
# letters reserved for work in progress: "`-T` (`--target`, ..."
reserved = text[text.find('Reserved'):]
for l, lo in re.findall(r'`-([A-Za-z])` \(`--([a-z][a-z0-9-]*)`', reserved):
    documented.setdefault(l, set()).add(lo)
# what fsck(8) fixes for fsck.famfs
fsck8 = {'a': 'preen', 'p': 'preen', 'y': 'yes', 'f': 'force', 'n': 'no-modify',
         'C': 'progress'}
bad = 0
seen = {}
for tool in tools:
    for line in open(f'{tmp}/help.{tool}'):
        m = re.match(r'\s+((?:-[A-Za-z], )+)--([a-z][a-z0-9-]*)', line)
        if not m:
            continue
        lo = m.group(2)
        for l in re.findall(r'-([A-Za-z])', m.group(1)):
            if tool == 'fsck.famfs' and l in fsck8:
                if fsck8[l] != lo:
                    print(f'{tool}: -{l} is --{lo}, fsck(8) means --{fsck8[l]}')
                    bad = 1
                continue
            if lo not in documented.get(l, set()):
                print(f'{tool}: -{l}, --{lo} is not in docs/options.md')
                bad = 1
            seen.setdefault(l, {}).setdefault(lo, []).append(tool)
for l, longs in sorted(seen.items()):
    if len(longs) > 1:
        print(f'-{l} means ' + ', '.join(f'--{k} in {" ".join(v)}' for k, v in longs.items()))
        bad = 1
if not seen:
    print('no "-X, --long" pair found in any --help')
    bad = 1
sys.exit(bad)
PY

# --- -h, --help, -V, --version: exit 0, say so on stdout; usage errors
for pair in $ALL; do
	tool=${pair%%:*}
	rest=${pair#*:}
	page=$top_srcdir/${rest%%:*}
	code=${rest#*:}
	for o in -h --help; do
		run 0 "$TOOLS/$tool" $o
		expect_out "Usage: $tool "
	done
	for o in -V --version; do
		run 0 "$TOOLS/$tool" $o
		expect_out "$tool (famfs-progs) "
	done
	# the man page's EXIT STATUS gives this code for a usage error
	sed -n '/^\.SH EXIT STATUS/,/^\.SH /p' "$page" >"$T/exit"
	grep -A1 -x "\.B $code" "$T/exit" | grep -qi "usage error" ||
		{ cat "$T/exit" >&2; fail "$page: EXIT STATUS does not give $code for a usage error"; }
	grep -qi "$code usage error" "$T/help.$tool" || fail "$tool --help: no '$code usage error'"
	# an unknown option, an unknown long option, a missing argument
	run "$code" "$TOOLS/$tool" -Z x
	# getopt's message names the tool, not the path it was run by
	grep -q "^$tool: invalid option -- 'Z'" "$T/err" ||
		{ cat "$T/err" >&2; fail "$tool: getopt message does not start with '$tool:'"; }
	expect_err "Try '$tool --help'"
	run "$code" "$TOOLS/$tool" --no-such-option x
	grep -q "^$tool: unrecognized option" "$T/err" || fail "$tool: long option message"
	run "$code" "$TOOLS/$tool"
done

# --- the man pages list the environment the tools read, not test hooks
for pair in $ALL; do
	rest=${pair#*:}
	page=$top_srcdir/${rest%%:*}
	sed -n '/^\.SH ENVIRONMENT/,/^\.SH /p' "$page" >"$T/env"
	[ -s "$T/env" ] || continue
	NTESTS=$((NTESTS + 1))
	grep -q "^\.B FAMFS_SYSTEM_UUID_FILE" "$T/env" || fail "$page: no FAMFS_SYSTEM_UUID_FILE"
	if grep -q "FAMFS_CRASH_AT" "$T/env"; then fail "$page lists the test hook FAMFS_CRASH_AT"; fi
done

# --- an image with one file, for the checks that need one
img=$T/fs.img
mkimg "$img" 256M
run 0 "$MKFS" -q "$img"
head -c 5000000 /dev/urandom >"$T/f" || fail "cannot make a file"
run 0 "$CP" -n "$T/f" "$img:f"
expect_out "famfs-cp: would copy 1 file (4.8 MiB) and 0 directories to $img (dry run, nothing written)"
run 0 "$CP" "$T/f" "$img:f"
expect_out "famfs-cp: copied 1 file (4.8 MiB) and 0 directories to $img"
run 0 "$CP" "$img:f" "$T/back"
expect_out "famfs-cp: copied 1 file (4.8 MiB) and 0 directories from $img"
run 0 "$CP" -n "$img:f" "$T/back2"
expect_out "would copy 1 file (4.8 MiB) and 0 directories from $img (dry run, nothing written)"

# --- sizes and offsets: 0x hex as well as decimal with suffixes, everywhere
run 0 "$LAYOUT" -F json "$img" f
off=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["segments"][0]["strips"][0]["offset"])' "$T/out") ||
	fail "no offset in the JSON layout"
hexoff=$(printf 0x%x "$off")
run 0 "$LAYOUT" -t 1m "$img" f
cp "$T/out" "$T/dec"
run 0 "$LAYOUT" -t 0x100000 "$img" f
cmp -s "$T/out" "$T/dec" || fail "-t 0x100000 and -t 1m differ"
# device offsets print in hex, the same in famfs-layout and fsck.famfs -v
expect_out "device 0 offset $(printf 0x%x $((off + 1048576))),"
run 0 "$LAYOUT" -R "$(printf 0x%x $((off + 4096)))" "$img" f
expect_out "device 0 offset $(printf 0x%x $((off + 4096))): file offset 4096 of f"
run 0 "$LAYOUT" --reverse $((off + 4096)) "$img" f
expect_out "file offset 4096 of f"
run 0 "$LAYOUT" "$img" f
expect_out "$(printf 0x%016x "$off")"
run 0 "$FSCK" -v "$img"
expect_out "[$hexoff, +"
run 0 "$CP" -n -v "$T/f" "$img:f2"
expect_out "extent [0x"
run 0 "$LAYOUT" -P 0x400000 "$img"
run 0 "$LAYOUT" -t 0x1 -F yaml "$img" f
expect_out "file_offset: 1"
run 2 "$LAYOUT" -t 0x "$img" f
expect_err "or 0x hex"
run 2 "$LAYOUT" -t 0x1k "$img" f
mkimg "$T/h.img" 64M
run 0 "$MKFS" -q -l 0x1000000 "$T/h.img"
run 0 "$FSCK" -j "$T/h.img"
python3 -c 'import json,sys; assert json.load(open(sys.argv[1]))["superblock"]["log_len"] == 16 << 20' \
	"$T/out" || fail "mkfs.famfs -l 0x1000000 did not make a 16 MiB log"

# --- famfs-layout: formats listed, --all in every format, nothing ignored
run 2 "$LAYOUT" -F xml "$img" f
expect_err "unknown format 'xml': give one of text, json, yaml, v1-ioctl, v2-ioctl, fuse-fmap, stride, bpf"
run 0 "$LAYOUT" --all -F yaml "$img"
python3 - "$T/out" <<'PY' || fail "--all -F yaml is not YAML documents of the layouts"
import sys
text = open(sys.argv[1]).read()
assert not text.lstrip().startswith('{'), 'JSON, not YAML'
assert text.startswith('---\npath: "f"\n') and '\nsegments:\n' in text, text
try:
    import yaml
except ImportError:
    sys.exit(0)	# the text checks above must do
docs = [d for d in yaml.safe_load_all(text) if d is not None]
assert len(docs) == 1 and docs[0]['path'] == 'f', docs
assert docs[0]['segments'][0]['strips'][0]['offset'] >= 0
PY
run 0 "$LAYOUT" --all "$img"
python3 -c 'import json,sys; [json.loads(l) for l in open(sys.argv[1])]' "$T/out" ||
	fail "--all without -F is no longer JSON lines"
run 0 "$LAYOUT" --all -F text "$img"
expect_out "path:      f"
for combo in "-t 1 -R 1:--offset:--reverse" "-a -t 1:--all:--offset" "-P 2m -R 1:--plan:--reverse" \
	"-a -P 2m:--all:--plan" "-x:--hex:--format" "-S 2,2m:--stripe:--plan" \
	"-P 2m --seed 1:--seed:--stripe" "-t 1 -F bpf:--offset:--format bpf"; do
	opts=${combo%%:*}
	rest=${combo#*:}
	# shellcheck disable=SC2086
	run 2 "$LAYOUT" $opts "$img" f
	expect_err "${rest%%:*}"
	expect_err "${rest#*:}"
done

# --- famfs-cp, mkfs.famfs, fsck.famfs: what a direction or mode does not use is refused
run 2 "$CP" -L -r "$img"
expect_err "--recursive does nothing with --list"
run 2 "$CP" -m 644 "$img:f" "$T/o"
expect_err "--mode does nothing when copying out"
run 2 "$CP" -u 0 "$img:f" "$T/o"
expect_err "--owner does nothing when copying out"
run 2 "$CP" --preserve-special-bits "$T/f" "$img:g"
expect_err "--preserve-special-bits does nothing when copying in"
run 2 "$MKFS" -k -f -l 16m "$T/h.img"
expect_err "-k/--kill and -l/--loglen"
run 2 "$MKFS" -k -f -U 5f0e6c3a-1b2d-4c8e-9f10-112233445566 "$T/h.img"
expect_err "-k/--kill and -U/--uuid"
run 16 "$FSCK" -j -H "$img"
expect_err "--json and -H/--human"
run 16 "$FSCK" -q -v "$img"
expect_err "-q/--quiet and -v/--verbose"

# --- no famfs superblock: the same clear message from every tool
mkimg "$T/zero.img" 64M
head -c 4194304 /dev/urandom >"$T/rand.img"
for f in "$T/zero.img" "$T/rand.img"; do
	run 1 "$LAYOUT" "$f" x
	expect_err "no famfs superblock on $f (magic 0x87b282ff not found"
	run 1 "$CP" -L "$f"
	expect_err "no famfs superblock on $f (magic 0x87b282ff not found"
	run 1 "$CP" "$T/f" "$f:x"
	expect_err "no famfs superblock on $f (magic 0x87b282ff not found"
done

# --- mkfs.famfs checks its standard output, and says the file system was made
mkimg "$T/m.img" 64M
run 1 sh -c '"$1" "$2" >/dev/full' sh "$MKFS" "$T/m.img"
expect_err "cannot write to standard output"
expect_err "$T/m.img: the file system WAS made"
run 0 "$FSCK" -q "$T/m.img"
run 0 sh -c '"$1" -q -f "$2" >/dev/full' sh "$MKFS" "$T/m.img"

# --- famfs-layout(1) points at a document that is installed
grep -q 'layout-encodings.md' "$top_srcdir/man/famfs-layout.1" || fail "famfs-layout(1) lost its pointer"
NTESTS=$((NTESTS + 1))
make -s -C "$top_builddir" install-dist_docDATA DESTDIR="$T/inst" >"$T/out" 2>&1 ||
	{ cat "$T/out" >&2; fail "make install-dist_docDATA"; }
[ -n "$(find "$T/inst" -name layout-encodings.md)" ] || fail "layout-encodings.md is not installed"
grep -q 'usr/share/doc/famfs-progs/layout-encodings.md' "$top_srcdir/debian/famfs-progs.install" ||
	fail "the Debian package does not ship layout-encodings.md"
done_ok
