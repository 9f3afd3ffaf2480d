#!/usr/bin/env bash
# Validate the machine report formats against their official schemas:
# the sample report (tests/report/samples.h), with and without findings,
# as SARIF against the OASIS SARIF 2.1.0 schema (with Debian's
# python3-jsonschema, plus what GitHub code scanning needs beyond the
# schema) and as JUnit XML against the Jenkins xUnit junit-10.xsd (with
# xmllint).  The GitLab report is checked to be JSON with the fields
# GitLab reads.
#
#   validate.sh EMIT_SAMPLES
#
# Run from the project root.  The schemas live outside the project, in
# ../shared/schemas (OVP_SCHEMA_DIR overrides, for a checkout elsewhere);
# without them, or without either validator, the test is skipped (exit 77).  The system python3 on PATH may not be Debian's,
# so /usr/bin/python3 is used.
set -u
emit=$1
schemas=${OVP_SCHEMA_DIR:-../shared/schemas}
python=/usr/bin/python3

if [ ! -d "$schemas" ]; then
	echo "SKIP: $schemas not found"
	exit 77
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for variant in full empty; do
	arg=
	[ "$variant" = empty ] && arg=empty
	for fmt in sarif junit gitlab json; do
		if ! "$emit" "$fmt" $arg >"$tmp/$variant.$fmt"; then
			echo "FAIL: emit_samples $fmt $arg"
			exit 1
		fi
	done
done

checked=0
failed=0
if [ -x "$python" ] && "$python" -c 'import jsonschema' 2>/dev/null; then
	for variant in full empty; do
		if "$python" - "$schemas/sarif-schema-2.1.0.json" "$tmp/$variant.sarif" "$variant" <<'PY'
import json, sys
import jsonschema

schema = json.load(open(sys.argv[1], encoding="utf-8"))
doc = json.load(open(sys.argv[2], encoding="utf-8"))
variant = sys.argv[3]
cls = jsonschema.validators.validator_for(schema)
cls.check_schema(schema)
errors = sorted(cls(schema, format_checker=cls.FORMAT_CHECKER).iter_errors(doc),
                key=lambda e: list(e.path))
for e in errors:
    print("schema: %s: %s" % ("/".join(map(str, e.path)), e.message))
# What GitHub code scanning reads, beyond the schema.
problems = []
assert doc["version"] == "2.1.0"
run = doc["runs"][0]
driver = run["tool"]["driver"]
if driver.get("name") != "overpromise":
    problems.append("tool.driver.name")
rules = driver.get("rules", [])
if len(rules) != 17:
    problems.append("rules: %d, expected the whole catalogue (17)" % len(rules))
for r in rules:
    for key in ("id", "name", "shortDescription", "fullDescription", "help",
                "defaultConfiguration"):
        if key not in r:
            problems.append("rule %s lacks %s" % (r.get("id"), key))
results = run["results"]
expected = 9 if variant == "full" else 0
if len(results) != expected:
    problems.append("results: %d, expected %d" % (len(results), expected))
for i, res in enumerate(results):
    if rules[res["ruleIndex"]]["id"] != res["ruleId"]:
        problems.append("result %d: ruleIndex does not point at ruleId" % i)
    if not res["message"]["text"]:
        problems.append("result %d: no message" % i)
    loc = res["locations"][0]["physicalLocation"]
    if not loc["artifactLocation"]["uri"] or loc["region"]["startLine"] < 1:
        problems.append("result %d: no location" % i)
    prints = res.get("partialFingerprints", {})
    if not prints.get("overpromise/v1"):
        problems.append("result %d: no fingerprint" % i)
    if prints.get("primaryLocationLineHash") != prints.get("overpromise/v1"):
        problems.append("result %d: primaryLocationLineHash is not the stable fingerprint" % i)
    uri = loc["artifactLocation"]["uri"]
    if uri.startswith("./") or "/../" in uri or uri.startswith("../") or "/./" in uri:
        problems.append("result %d: %s is not a plain relative path" % (i, uri))
for p in problems:
    print("github: " + p)
sys.exit(1 if errors or problems else 0)
PY
		then
			echo "ok: $variant SARIF validates"
		else
			echo "FAIL: $variant SARIF"
			failed=1
		fi
		if "$python" - "$tmp/$variant.gitlab" <<'PY'
import json, sys

doc = json.load(open(sys.argv[1], encoding="utf-8"))
assert isinstance(doc, list)
for issue in doc:
    assert set(issue) == {"description", "check_name", "fingerprint", "severity", "location"}, issue
    assert issue["severity"] in ("info", "minor", "major", "critical", "blocker"), issue
    assert issue["location"]["path"] and issue["location"]["lines"]["begin"] >= 1, issue
PY
		then
			echo "ok: $variant GitLab report is Code Quality JSON"
		else
			echo "FAIL: $variant GitLab report"
			failed=1
		fi
	done
	if "$python" tests/json_schema.py "$tmp/full.json" "$tmp/empty.json"; then
		echo "ok: the JSON report validates against cli/overpromise-report.schema.json"
	else
		echo "FAIL: JSON report"
		failed=1
	fi
	checked=1
else
	echo "SKIP: SARIF (no python3-jsonschema)"
fi
if command -v xmllint >/dev/null 2>&1; then
	for variant in full empty; do
		if xmllint --noout --schema "$schemas/junit-10.xsd" "$tmp/$variant.junit"; then
			echo "ok: $variant JUnit validates"
		else
			echo "FAIL: $variant JUnit"
			failed=1
		fi
	done
	checked=1
else
	echo "SKIP: JUnit (no xmllint)"
fi
[ "$failed" = 1 ] && exit 1
[ "$checked" = 1 ] || exit 77
exit 0
