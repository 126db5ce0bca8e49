#!/bin/sh
# The shared library exports only famfs_ symbols, all in a versioned node
# of libfamfs.sym; internal helpers stay hidden.
. "$top_srcdir/tests/e2e/lib.sh"
so=$(ls "$top_builddir"/libfamfs/.libs/libfamfs.so.* 2>/dev/null | head -n1)
[ -n "$so" ] || skip "no shared libfamfs built"
command -v objdump >/dev/null || skip "objdump missing"

# dynamic symbols defined in the library (type, version, name)
objdump -T "$so" | awk '$4 != "*UND*" && $4 != "*ABS*" && ($3 == "DF" || $3 == "DO") { print $(NF-1), $NF }' >"$T/syms"
[ -s "$T/syms" ] || fail "no exported symbols found in $so"
NTESTS=$((NTESTS + 1))
if grep -v ' famfs_' "$T/syms" >"$T/bad"; then
	cat "$T/bad" >&2
	fail "symbols without the famfs_ prefix are exported"
fi
NTESTS=$((NTESTS + 1))
if awk '$1 != "LIBFAMFS_0"' "$T/syms" | grep . >"$T/bad"; then
	cat "$T/bad" >&2
	fail "exported symbols outside the LIBFAMFS_0 version node"
fi
# every function the public headers declare is exported
for f in $(cat "$top_srcdir"/include/famfs/*.h | grep -oE '^[a-z].*[ *]famfs_[a-z0-9_]+\(' |
	   grep -v 'static inline' | grep -oE 'famfs_[a-z0-9_]+\($' | tr -d '('); do
	NTESTS=$((NTESTS + 1))
	grep -q " $f\$" "$T/syms" || fail "$f is declared in a public header but not exported"
done
done_ok
