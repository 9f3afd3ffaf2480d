#!/usr/bin/env bash
# The workbook twins of examples/exports (salesforce-report.xlsx and
# dynamics365.xlsx) are what tests/xlsx/gen_xlsx.py makes of their CSV
# exports today, and check finds on each workbook what it finds on its CSV
# export: the same rule, deal, promise, roadmap item, line, amount and
# currency for every finding, the file's name aside (and its sheet, which
# only the workbook has).  So does the example roadmap made a workbook.
#
#   twins.sh BINARY
set -u
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
root=$(cd "$(dirname "$0")/../.." && pwd)
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
cd "$root" || exit 1
export LC_ALL=C NO_COLOR=1
status=0

python3 tests/xlsx/gen_xlsx.py examples "$TMP" || exit 1
for x in salesforce-report dynamics365; do
	if ! python3 tests/xlsx/gen_xlsx.py same "examples/exports/$x.xlsx" "$TMP/$x.xlsx"; then
		echo "examples/exports/$x.xlsx is not what its CSV export makes:" \
			"run tests/xlsx/gen_xlsx.py examples examples/exports"
		status=1
	fi
done

# The facts of each finding, one a line, as JSON.
facts() {
	python3 -c '
import json, sys
doc = json.load(sys.stdin)
for f in doc["findings"]:
    d, p, i = f["deal"] or {}, f["promise"] or {}, f["item"] or {}
    loc = f["location"]
    print(json.dumps([f["rule"], loc["line"], loc["file"] == sys.argv[1], d.get("id"),
                      d.get("name"), d.get("amount"), d.get("currency"), p.get("feature"),
                      p.get("due"), i.get("id"), i.get("line")]))
' "$1"
}

while read -r deals roadmap; do
	csv=examples/exports/$deals.csv
	xlsx=examples/exports/$deals.xlsx
	for f in "$csv" "$xlsx"; do
		"$bin" check --deals "$f" --roadmap "examples/exports/$roadmap" --as-of 2026-11-26 \
			--no-config --format json --exit-zero >"$TMP/out.json" || {
			echo "$f: check failed"
			status=1
		}
		facts "$f" <"$TMP/out.json" >"$TMP/$(basename "$f").facts"
	done
	if [ ! -s "$TMP/$deals.csv.facts" ]; then
		echo "$csv: no findings to compare"
		status=1
	elif ! diff -u "$TMP/$deals.csv.facts" "$TMP/$deals.xlsx.facts"; then
		echo "$xlsx: check finds other than on $csv (above)"
		status=1
	fi
	# Every finding about the workbook names its sheet.
	python3 -c '
import json, sys
for f in json.load(open(sys.argv[1]))["findings"]:
    loc = f["location"]
    if loc["file"] == sys.argv[2] and not loc.get("sheet"):
        sys.exit("%s:%d: a finding without its sheet" % (loc["file"], loc["line"]))
' "$TMP/out.json" "$xlsx" || status=1
done <<'PAIRS'
salesforce-report jira-cloud.csv
dynamics365 azure-devops.csv
PAIRS

# The example roadmap as a workbook, made now: the same findings again.
python3 tests/xlsx/gen_xlsx.py fixture roadmap "$TMP/roadmap.xlsx" || exit 1
for f in examples/roadmap.csv "$TMP/roadmap.xlsx"; do
	"$bin" check --deals examples/deals.csv --roadmap "$f" --as-of 2026-11-26 --no-config \
		--format json --exit-zero >"$TMP/out.json" || {
		echo "$f: check failed"
		status=1
	}
	facts "$f" <"$TMP/out.json" >"$TMP/$(basename "$f").facts"
done
if [ ! -s "$TMP/roadmap.csv.facts" ] ||
	! diff -u "$TMP/roadmap.csv.facts" "$TMP/roadmap.xlsx.facts"; then
	echo "the example roadmap as a workbook: check finds other than on examples/roadmap.csv"
	status=1
fi
exit $status
