#!/usr/bin/env bash
# The three shapes of the JSON report say the same: for the examples (with
# findings), a clean export (none) and a deal read from standard input,
# --compact is the indented document without its white space, byte for
# byte as Python's json.dumps writes it compactly, and the JSON lines
# (-f jsonl) are one finding a line and then the rest of the document (with
# a deal's verdicts on its promises), so
# that the last line with "findings" set to the lines before it is the
# indented document, member for member and in order.
#
#   json_shapes.sh BINARY
set -u
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
python=/usr/bin/python3
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root" || exit 1
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
export NO_COLOR=1 TZ=UTC LC_ALL=C
unset SOURCE_DATE_EPOCH
status=0
run() { # name args...
	local name=$1
	shift
	for shape in "json" "json --compact" "jsonl"; do
		# shellcheck disable=SC2086
		"$bin" "$@" --no-config --as-of 2026-11-26 --fail-on never -f $shape \
			<"$root/tests/e2e/cases/deal_json/stdin" >"$TMP/$name.${shape// /}" ||
			{ echo "$name: -f $shape failed"; status=1; }
	done
	"$python" - "$TMP/$name.json" "$TMP/$name.json--compact" "$TMP/$name.jsonl" <<'PY' || { echo "$name: the shapes differ"; status=1; }
import json, sys
with open(sys.argv[1], encoding="utf-8") as f:
    doc = json.load(f)
with open(sys.argv[2], encoding="utf-8") as f:
    compact = f.read()
assert compact == json.dumps(doc, ensure_ascii=False, separators=(",", ":")) + "\n", "compact"
with open(sys.argv[3], encoding="utf-8") as f:
    lines = f.read().split("\n")
assert lines[-1] == "", "a line end after the last line"
lines = [json.loads(l) for l in lines[:-1]]
last = lines[-1]
# A deal's report has the verdicts on its promises between the findings and the summary.
rest = ["promises"] if "promises" in doc else []
assert "findings" not in last and list(last) == ["format", "tool", "as_of", "inputs"] + rest + ["summary"]
whole = {k: last[k] for k in ["format", "tool", "as_of", "inputs"]}
whole["findings"] = lines[:-1]
for k in rest + ["summary"]:
    whole[k] = last[k]
assert whole == doc and list(whole) == list(doc), "lines"
assert len(doc["findings"]) == len(lines) - 1
print("%s: %d findings, the same in every shape" % (sys.argv[1].rsplit("/", 1)[1], len(lines) - 1))
PY
}
run examples check --deals examples/deals.csv --roadmap examples/roadmap.csv
run clean check --deals tests/e2e/data/clean_deals.csv --roadmap examples/roadmap.csv
run deal deal --roadmap examples/roadmap.csv --promise "Sandbox environments (2026-11-01)" --promise -
exit $status
