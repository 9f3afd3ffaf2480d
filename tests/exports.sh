#!/usr/bin/env bash
# Every example export in examples/exports (CSV files and workbooks) is read
# as it comes: inspect finds no data-quality problem and no missing column in
# any of them.
#
#   exports.sh BINARY
set -u
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root" || exit 1
status=0
n=0
for f in examples/exports/*.csv examples/exports/*.tsv examples/exports/*.xlsx; do
	n=$((n + 1))
	out=$("$bin" inspect "$f" --no-config --as-of 2026-11-26 --format json)
	rc=$?
	if [ "$rc" != 0 ]; then
		echo "$f: inspect exited $rc"
		status=1
	elif ! printf '%s\n' "$out" | grep -q '^  "problems": \[\],$'; then
		echo "$f: problems found:"
		"$bin" inspect "$f" --no-config --as-of 2026-11-26 | sed -n '/^Problems/,$p'
		status=1
	elif ! printf '%s\n' "$out" | grep -q '^  "error": null$'; then
		echo "$f: cannot be used"
		status=1
	elif printf '%s\n' "$out" | grep -q '"export": "generic"' &&
		[ "$(basename "$f")" != sheet-roadmap.csv ]; then
		echo "$f: no tool recognised"
		status=1
	fi
done
[ "$n" -ge 19 ] || { echo "only $n example exports"; status=1; }
exit $status
