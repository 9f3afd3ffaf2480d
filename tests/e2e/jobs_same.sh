#!/usr/bin/env bash
# The report is the same byte for byte with one thread and with two:
#
# - every end-to-end case of check runs with --jobs 1 and with --jobs 2,
#   and each must give its golden output (tests/e2e/run.sh);
# - the benchmark's generator writes a 100,000-row deals export and a
#   50,000-item roadmap, checked with --jobs 1 and --jobs 2 to JSON and to
#   JSON lines, and the two reports of each must be equal.
#
#   jobs_same.sh BINARY GEN_EXPORTS
set -u
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
gen=$(cd "$(dirname "$2")" && pwd)/$(basename "$2")
here=$(cd "$(dirname "$0")" && pwd)
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
status=0 n=0
for c in "$here"/cases/*/; do
	read -r cmd _ <"$c/args"
	[ "$cmd" = check ] || continue
	for j in 1 2; do
		OVP_E2E_JOBS=$j "$here/run.sh" "$bin" "$c" >"$TMP/case.log" 2>&1
		rc=$?
		if [ "$rc" != 0 ] && [ "$rc" != 77 ]; then
			echo "$(basename "$c") with --jobs $j:"
			cat "$TMP/case.log"
			status=1
		fi
	done
	n=$((n + 1))
done
echo "$n check cases: the same with --jobs 1 and --jobs 2"
"$gen" "$TMP" --deals 1000 --small 100000 >/dev/null || { echo "cannot generate the exports"; exit 1; }
for f in json jsonl; do
	for j in 1 2; do
		"$bin" check --deals "$TMP/deals-100k.csv" --roadmap "$TMP/roadmap-50k.csv" \
			--as-of 2026-11-26 --no-config --fail-on never --progress never -f "$f" \
			-o "$TMP/report-$j.$f" --jobs "$j" || { echo "check --jobs $j -f $f failed"; status=1; }
	done
	if cmp -s "$TMP/report-1.$f" "$TMP/report-2.$f"; then
		echo "100,000 rows, -f $f: $(wc -c <"$TMP/report-1.$f") bytes, the same with --jobs 1 and --jobs 2"
	else
		echo "100,000 rows, -f $f: the reports of --jobs 1 and --jobs 2 differ"
		status=1
	fi
done
exit $status
