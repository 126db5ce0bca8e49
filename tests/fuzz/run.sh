#!/bin/sh
# Run libFuzzer targets (built with --enable-fuzzing) from their seed
# corpus:  run.sh SECONDS TARGET...
# New inputs go to a scratch corpus; crashes are kept in tests/fuzz/crash-*
# (add them to tests/fuzz/regress/TARGET/ once fixed). Prints executions
# per target; fails if any target crashes.
# Resources are bounded twice: each target checks its own per-input
# bounds (CPU time and peak RSS growth, a constant plus so much per input
# byte: tests/fuzz/fuzz.h), and libFuzzer stops any input that runs over
# FUZZ_TIMEOUT seconds or takes the process over FUZZ_RSS_MB MiB; both
# count as crashes.
set -eu
secs=${1:?seconds}
shift
: "${FUZZ_TIMEOUT:=10}"
: "${FUZZ_RSS_MB:=1024}"
here=$(cd "$(dirname "$0")" && pwd)
bin=$(pwd)/tests/fuzz
status=0
for t in "$@"; do
	work=$(mktemp -d)
	cp "$here/corpus/$t"/* "$work/"
	if ! "$bin/fuzz_$t" -max_total_time="$secs" -print_final_stats=1 \
		-artifact_prefix="$here/crash-$t-" -max_len=40000 \
		-timeout="$FUZZ_TIMEOUT" -rss_limit_mb="$FUZZ_RSS_MB" "$work" >"$work.log" 2>&1; then
		echo "fuzz_$t: CRASH (see $work.log and $here/crash-$t-*)"
		status=1
	fi
	printf 'fuzz_%s: %s s, %s\n' "$t" "$secs" \
		"$(grep -E 'stat::number_of_executed_units' "$work.log" | tr -s ' ')"
	rm -rf "$work"
done
exit $status
