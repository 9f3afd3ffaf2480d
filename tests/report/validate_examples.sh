#!/usr/bin/env bash
# Validate the SARIF and JUnit reports of examples/ (the golden outputs of
# every format_sarif*/format_junit* end-to-end case, which those cases hold
# equal to what the binary writes) against the official schemas.  Skipped
# (exit 77) where ../shared/schemas or a validator is missing.
set -u
schemas=${OVP_SCHEMA_DIR:-../shared/schemas}
python=/usr/bin/python3
cases=tests/e2e/cases
[ -d "$schemas" ] || { echo "SKIP: $schemas not found"; exit 77; }
command -v xmllint >/dev/null || { echo "SKIP: xmllint not found"; exit 77; }
"$python" -c 'import jsonschema' 2>/dev/null || { echo "SKIP: python3-jsonschema not found"; exit 77; }
status=0
for out in "$cases"/format_sarif*/out; do
	"$python" - "$schemas/sarif-schema-2.1.0.json" "$out" <<'PY' || status=1
import json, sys
import jsonschema
schema = json.load(open(sys.argv[1], encoding="utf-8"))
doc = json.load(open(sys.argv[2], encoding="utf-8"))
cls = jsonschema.validators.validator_for(schema)
errors = list(cls(schema).iter_errors(doc))
for e in errors:
    print("%s: %s: %s" % (sys.argv[2], "/".join(map(str, e.path)), e.message))
sys.exit(1 if errors else 0)
PY
done
for out in "$cases"/format_junit*/out; do
	xmllint --noout --schema "$schemas/junit-10.xsd" "$out" 2>&1 | grep -v " validates$" && status=1
done
exit $status
