#!/bin/sh
# Every long option a tool's --help lists is documented in its man page,
# and every long option the man page documents is in --help.
. "$top_srcdir/tests/e2e/lib.sh"

# long options in --help output: "--name" tokens
help_opts()
{
	"$1" --help | grep -oE -- '--[a-z][a-z0-9-]*' | sort -u
}

# long options in a man page: "\-\-name" in roff, on option lines (.TP items)
man_opts()
{
	sed 's/\\-/-/g; s/\\f[BIRP]//g' "$1" | grep -oE -- '--[a-z][a-z0-9-]*' | sort -u
}

for pair in mkfs.famfs:man/mkfs.famfs.8 fsck.famfs:man/fsck.famfs.8 famfs-cp:man/famfs-cp.1 famfs-layout:man/famfs-layout.1 \
	    famfs-probe:man/famfs-probe.8 famfs-devadd:man/famfs-devadd.8 famfs-rm:man/famfs-rm.1 \
	    famfs-undo:man/famfs-undo.8; do
	tool=${pair%%:*}
	page=$top_srcdir/${pair#*:}
	[ -x "$TOOLS/$tool" ] || fail "$tool is not built"
	[ -f "$page" ] || fail "$page is missing"
	help_opts "$TOOLS/$tool" >"$T/help"
	man_opts "$page" >"$T/man"
	[ -s "$T/help" ] || fail "$tool --help lists no long options"
	if ! cmp -s "$T/help" "$T/man"; then
		echo "$tool: only in --help (<) or only in $page (>):" >&2
		diff "$T/help" "$T/man" >&2
		fail "$tool --help and its man page disagree"
	fi
	NTESTS=$((NTESTS + 1))
done
done_ok
