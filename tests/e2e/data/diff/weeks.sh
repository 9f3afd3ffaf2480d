# shellcheck shell=bash
# Sourced by the setup of the diff cases: two weekly runs of the examples,
# $TMP/last-week.json (as of 2026-11-19) and $TMP/this-week.json (as of
# 2026-11-26, examples/next-week: PLAT-101 slips a month, PLAT-115 ships,
# and a new deal promises work that is not planned).  The deals come on
# standard input, as from a CRM's export job, so that both reports name
# them alike.  The case then runs in $TMP, with the fixtures of this
# directory beside the reports, so that the names in the output do not
# depend on where $TMP is.  format-1.jsonl is last-week.jsonl as an earlier
# version wrote it (no "format" field).
"$bin" check --deals - --roadmap examples/roadmap.csv --as-of 2026-11-19 -f json \
	-o "$TMP/last-week.json" <examples/deals.csv
"$bin" check --deals - --roadmap examples/next-week/roadmap.csv --as-of 2026-11-26 -f json \
	-o "$TMP/this-week.json" <examples/next-week/deals.csv
cp tests/e2e/data/diff/*.json tests/e2e/data/diff/*.jsonl examples/deals.csv "$TMP/"
cd "$TMP" || exit 1
