#!/usr/bin/env bash
# The backtest of a generated slow team (late 70% of the time, a median of
# 40 days late; see gen_history.c), through the built program: every bin
# of the reliability table with 300 or more forecasts is within 0.05 of
# how often those were missed, and the `when` dates at 85% confidence
# held between 80% and 92% of the time.
#
#   slow_team.sh OVERPROMISE GEN_HISTORY
set -u
bin=$1
gen=$2
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
export TZ=UTC LC_ALL=C
unset SOURCE_DATE_EPOCH

"$gen" --items 3000 >"$TMP/roadmap.csv" || { echo "gen_history failed"; exit 1; }
"$bin" backtest --roadmap "$TMP/roadmap.csv" --as-of 2026-11-26 --confidence 0.85 --no-config \
	--format json >"$TMP/out.json" || { echo "backtest failed"; exit 1; }

jq -r '
	"forecasts judged: \(.predictions) on \(.items) items; Brier \(.brier) against \(.brier_base_rate)",
	(.reliability[] | "  \(.from)-\(.to): \(.count) forecasts, predicted \(.predicted), missed \(.observed)"),
	"when at 85%: held \(.when.held) of \(.when.judged) (\(.when.rate)); on fewer than 20 past items \(.when.few.held) of \(.when.few.judged)"
' "$TMP/out.json"

status=0
if ! jq -e '.too_small == false' "$TMP/out.json" >/dev/null; then
	echo "the history was found too small"
	status=1
fi
bad=$(jq -r '.reliability[] | select(.count >= 300) |
	select((.predicted - .observed) | (if . < 0 then -. else . end) > 0.05) |
	"\(.from)-\(.to): predicted \(.predicted), missed \(.observed)"' "$TMP/out.json")
if [ -n "$bad" ]; then
	echo "bins off by more than 0.05:"
	echo "$bad"
	status=1
fi
if [ "$(jq '[.reliability[] | select(.count >= 300)] | length' "$TMP/out.json")" -lt 4 ]; then
	echo "fewer than 4 bins with 300 forecasts or more"
	status=1
fi
if ! jq -e '.when.rate >= 0.80 and .when.rate <= 0.92' "$TMP/out.json" >/dev/null; then
	echo "the when dates held $(jq .when.rate "$TMP/out.json") of the time, not 80% to 92%"
	status=1
fi
exit $status
