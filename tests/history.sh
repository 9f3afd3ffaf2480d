#!/usr/bin/env bash
# The history of runs (check --history FILE) under the conditions the
# goldens cannot show: two processes appending at the same time leave
# whole lines, never interleaved; a line cut short by a crash is reported
# and skipped, and the next run still adds a whole line after it.
#
#   history.sh BINARY
set -u
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
root=$(cd "$(dirname "$0")/.." && pwd)
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
cd "$root" || exit 1
status=0
fail() { echo "$*"; status=1; }
run() { # history-file as-of
	"$bin" check --deals examples/deals.csv --roadmap examples/roadmap.csv --as-of "$2" \
		--history "$1" --quiet >/dev/null 2>>"$TMP/run.err"
	[ $? -le 1 ] || fail "check --history $1 failed: $(cat "$TMP/run.err")"
}

# Two runs, two lines.
run "$TMP/two.jsonl" 2026-11-19
run "$TMP/two.jsonl" 2026-11-26
[ "$(wc -l <"$TMP/two.jsonl")" = 2 ] || fail "two runs: $(wc -l <"$TMP/two.jsonl") lines, expected 2"

# Two processes, 25 runs each, at the same time: 50 whole lines.
for p in 1 2; do
	(for i in $(seq 1 25); do run "$TMP/busy.jsonl" "2026-11-$((i + 1))"; done) &
done
wait
lines=$(wc -l <"$TMP/busy.jsonl")
[ "$lines" = 50 ] || fail "two writers: $lines lines, expected 50"
"$bin" trend "$TMP/busy.jsonl" --format csv >"$TMP/busy.csv" 2>"$TMP/busy.err" ||
	fail "trend of the two writers' history failed"
[ -s "$TMP/busy.err" ] && fail "trend skipped lines of the two writers' history: $(cat "$TMP/busy.err")"
[ "$(wc -l <"$TMP/busy.csv")" = 51 ] || fail "trend read $(($(wc -l <"$TMP/busy.csv") - 1)) runs, expected 50"

# A crash in the middle of writing the third line: reported and skipped;
# the next run ends that line and adds its own whole.
run "$TMP/torn.jsonl" 2026-11-12
run "$TMP/torn.jsonl" 2026-11-19
head -c 150 "$TMP/two.jsonl" >>"$TMP/torn.jsonl"
"$bin" trend "$TMP/torn.jsonl" >"$TMP/torn.txt" 2>"$TMP/torn.err"
rc=$?
[ $rc = 0 ] || fail "trend of a history with a torn last line exited $rc"
grep -q "torn.jsonl:3: not a whole line of JSON (cut short by a crash?); line skipped" "$TMP/torn.err" ||
	fail "the torn line is not reported: $(cat "$TMP/torn.err")"
[ "$(grep -c '^2026-' "$TMP/torn.txt")" = 2 ] || fail "trend shows other than the 2 whole runs"
: >"$TMP/run.err"
run "$TMP/torn.jsonl" 2026-11-26
grep -q "torn.jsonl:3: not a whole line of JSON (cut short by a crash?); line skipped" "$TMP/run.err" ||
	fail "check --history does not report the torn line: $(cat "$TMP/run.err")"
[ "$(wc -l <"$TMP/torn.jsonl")" = 4 ] || fail "after the torn line: $(wc -l <"$TMP/torn.jsonl") lines, expected 4"
"$bin" trend "$TMP/torn.jsonl" >"$TMP/torn.txt" 2>/dev/null
[ "$(grep -c '^2026-' "$TMP/torn.txt")" = 3 ] || fail "the run after the torn line is not read whole"

[ $status = 0 ] && echo "two runs, two writers at once and a torn line: every whole run kept"
exit $status
