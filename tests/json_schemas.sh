#!/usr/bin/env bash
# Every JSON document the program writes validates against the schema its
# "format" field names (cli/*.schema.json, by tests/json_schema.py):
#
# - every JSON golden of the end-to-end cases (their output, and the files
#   they write, are held equal to these; each line of a .jsonl file; a
#   -f jsonl report put together as the document it is), SARIF aside (validated against
#   the SARIF schema by tests/report/validate_examples.sh) and GitLab's
#   array;
# - the documents no golden holds, written here: a baseline, a report
#   with findings in it, deal, when and inspect on every example export.
#
#   json_schemas.sh BINARY
#
# Skipped (77) when /usr/bin/python3 lacks python3-jsonschema.
set -u
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
root=$(cd "$(dirname "$0")/.." && pwd)
python=/usr/bin/python3
cd "$root" || exit 1
[ -x "$python" ] && "$python" -c 'import jsonschema' 2>/dev/null ||
	{ echo "SKIP: python3-jsonschema not found"; exit 77; }
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
export NO_COLOR=1 TZ=UTC LC_ALL=C HOME="$TMP"
unset SOURCE_DATE_EPOCH XDG_CONFIG_HOME

# The goldens: files of the cases that hold a JSON object.
: >"$TMP/goldens"
for f in tests/e2e/cases/*/*; do
	case ${f##*/} in args | setup | stdin | rc | err | err.re | files | absent) continue ;; esac
	[ "$(head -c 1 "$f")" = "{" ] || continue
	if [ "${f%.jsonl}" != "$f" ]; then
		# JSON lines: each line the program wrote is a document (the lines
		# a case copied from a fixture, a run cut short among them, are not).
		c=${f%/*}
		n=0
		mkdir -p "$TMP/lines"
		while IFS= read -r l; do
			n=$((n + 1))
			cat tests/e2e/data/*.jsonl | grep -qxF -- "$l" && continue
			printf '%s\n' "$l" >"$TMP/lines/${c##*/}-${f##*/}-$n.json"
			echo "$TMP/lines/${c##*/}-${f##*/}-$n.json" >>"$TMP/goldens"
		done <"$f"
		continue
	fi
	grep -q '"\$schema": "https://docs.oasis-open.org/sarif' "$f" && continue
	if [ "${f##*/}" = out ] && grep -Eq -- '(-f|--format) jsonl' "${f%/*}/args"; then
		# A JSON-lines report: its last line with the findings before it
		# is the JSON report, validated as one.
		c=${f%/*}
		mkdir -p "$TMP/lines"
		"$python" -c '
import json, sys
lines = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
doc = dict(lines[-1])
doc["findings"] = lines[:-1]
json.dump(doc, open(sys.argv[2], "w", encoding="utf-8"))
' "$f" "$TMP/lines/${c##*/}-report.json" || { echo "$f: not JSON lines"; exit 1; }
		echo "$TMP/lines/${c##*/}-report.json" >>"$TMP/goldens"
		continue
	fi
	echo "$f" >>"$TMP/goldens"
done
n=$(wc -l <"$TMP/goldens")
if [ "$n" -lt 25 ]; then
	echo "expected the JSON goldens of the end-to-end cases, found $n"
	exit 1
fi

# What no golden holds.
x=examples
"$bin" check --deals $x/deals.csv --roadmap $x/roadmap.csv --as-of 2026-11-26 --no-config \
	--write-baseline "$TMP/baseline.json" --exit-zero -f json -o "$TMP/report.json" || exit 1
"$bin" check --deals $x/deals.csv --roadmap $x/roadmap.csv --as-of 2026-12-05 --no-config \
	--baseline "$TMP/baseline.json" --exit-zero -f json -o "$TMP/suppressed.json" || exit 1
"$bin" deal --roadmap $x/roadmap.csv --as-of 2026-11-26 --no-config --promise Webhooks \
	--promise "Quantum-safe encryption" --amount "EUR 5" -f json >"$TMP/deal.json"
"$bin" when --roadmap $x/roadmap.csv --as-of 2026-11-26 --no-config -f json SSO Webhooks \
	"Offline mode" "Data residency (EU)" "Quantum-safe encryption" >"$TMP/when.json"
"$bin" rules --format json >"$TMP/rules.json" || exit 1
for e in $x/exports/*; do
	"$bin" inspect "$e" --as-of 2026-11-26 --no-config -f json >"$TMP/inspect-${e##*/}.json" || exit 1
done
grep -q '"suppressed": true' "$TMP/suppressed.json" || { echo "no finding in the baseline"; exit 1; }

# shellcheck disable=SC2046 # one file name a line, none with spaces
"$python" tests/json_schema.py $(cat "$TMP/goldens") "$TMP"/*.json
