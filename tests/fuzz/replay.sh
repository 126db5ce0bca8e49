#!/bin/sh
# Every fuzz target over its seed corpus and its past crashes, in the
# normal (or sanitizer) build: none of them may crash or break an invariant.
. "$top_srcdir/tests/e2e/lib.sh"
for t in superblock log_header log_entry check layout devset probe; do
	bin=$top_builddir/tests/fuzz/replay_$t
	[ -x "$bin" ] || fail "$bin is not built"
	[ -d "$top_srcdir/tests/fuzz/corpus/$t" ] || fail "no seed corpus for $t"
	run 0 "$bin" "$top_srcdir/tests/fuzz/corpus/$t" "$top_srcdir/tests/fuzz/regress/$t"
	expect_out "inputs replayed"
	grep -q ': 0 inputs' "$T/out" && fail "$t: nothing replayed"
done
done_ok
