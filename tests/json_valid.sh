#!/usr/bin/env bash
# The JSON written for a file with bytes that are not UTF-8 is valid JSON:
# check -f json and inspect -f json, parsed by Python's json module, and
# valid against its schema (cli/*.schema.json).
#
#   json_valid.sh BINARY
set -u
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root" || exit 1
command -v python3 >/dev/null 2>&1 || { echo "python3 not found"; exit 77; }
export NO_COLOR=1 LC_ALL=C
data=tests/data/exports
status=0
run() { # what, args...
	local what=$1
	shift
	"$bin" "$@" --no-config >"$tmp" 2>/dev/null
	if ! python3 -m json.tool "$tmp" >/dev/null; then
		echo "$what: not valid JSON"
		status=1
	elif ! grep -q 'U+FFFD\|\\ufffd\|�' "$tmp"; then
		echo "$what: the replaced bytes are not shown"
		status=1
	fi
}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
tmp=$dir/check.json
run "check" check --deals "$data/deals_invalid_utf8.csv" --roadmap "$data/roadmap_bom.csv" \
	--as-of 2026-11-26 --format json
tmp=$dir/inspect.json
run "inspect" inspect "$data/deals_invalid_utf8.csv" --format json
# And each validates against its schema, where python3-jsonschema is installed.
if /usr/bin/python3 -c 'import jsonschema' 2>/dev/null; then
	/usr/bin/python3 tests/json_schema.py "$dir/check.json" "$dir/inspect.json" || status=1
fi
exit $status
