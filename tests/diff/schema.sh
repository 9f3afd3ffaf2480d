#!/usr/bin/env bash
# The JSON of overpromise diff validates against its schema
# (cli/overpromise-diff.schema.json, JSON Schema draft 2020-12): the
# goldens of the diff cases in JSON, and the comparison of a report that
# has findings in every class with the examples (so that worse and better
# pairs are checked too).  Needs Debian's python3-jsonschema (run with
# /usr/bin/python3); skipped (77) without it.
#
#   schema.sh BINARY
set -u
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
root=$(cd "$(dirname "$0")/../.." && pwd)
python=/usr/bin/python3
if ! [ -x "$python" ] || ! "$python" -c 'import jsonschema' 2>/dev/null; then
	echo "SKIP: python3-jsonschema not found"
	exit 77
fi
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
cd "$root" || exit 1
"$bin" check --deals examples/deals.csv --roadmap examples/roadmap.csv --as-of 2026-11-19 \
	-f json -o "$TMP/old.json" || [ $? = 1 ] || exit 1
"$bin" check --deals examples/deals.csv --roadmap examples/next-week/roadmap.csv \
	--as-of 2026-11-26 -f json -o "$TMP/new.json" || [ $? = 1 ] || exit 1
"$bin" diff "$TMP/old.json" "$TMP/new.json" -f json -o "$TMP/forward.json" --fail-on never || exit 1
"$bin" diff "$TMP/new.json" "$TMP/old.json" -f json -o "$TMP/backward.json" --fail-on never ||
	exit 1
"$python" - cli/overpromise-diff.schema.json tests/e2e/cases/diff_json/out \
	tests/e2e/cases/diff_format_2/out "$TMP/forward.json" "$TMP/backward.json" <<'PY'
import json, sys
import jsonschema

schema = json.load(open(sys.argv[1], encoding="utf-8"))
jsonschema.Draft202012Validator.check_schema(schema)
validator = jsonschema.Draft202012Validator(schema)
failed = 0
seen = set()
for path in sys.argv[2:]:
    doc = json.load(open(path, encoding="utf-8"))
    errors = sorted(validator.iter_errors(doc), key=lambda e: list(e.path))
    for e in errors:
        print("%s: %s: %s" % (path, "/".join(map(str, e.path)), e.message))
    failed += len(errors) > 0
    seen.update(k for k in ("new", "resolved", "worse", "better", "slipped") if doc[k])
if seen != {"new", "resolved", "worse", "better", "slipped"}:
    print("the documents checked lack a class: only %s" % sorted(seen))
    failed += 1
print("%d documents checked, %d invalid" % (len(sys.argv) - 2, failed))
sys.exit(1 if failed else 0)
PY
