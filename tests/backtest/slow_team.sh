#!/usr/bin/env bash
# The backtest of a generated slow team (late 70% of the time, a median of
# 40 days late; see gen_history.c), through the built program: every bin
# of the reliability table with 300 or more forecasts is within 0.05 of
# how often those were missed (and at least four bins have that many),
# and the `when` dates at 85% confidence held between 80% and 92% of the
# time.  Prints the figures.
#
#   slow_team.sh OVERPROMISE GEN_HISTORY
set -u
bin=$1
gen=$2
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
export TZ=UTC LC_ALL=C
unset SOURCE_DATE_EPOCH
python=/usr/bin/python3
[ -x "$python" ] || python=python3

"$gen" --items 3000 >"$TMP/roadmap.csv" || { echo "gen_history failed"; exit 1; }
"$bin" backtest --roadmap "$TMP/roadmap.csv" --as-of 2026-11-26 --confidence 0.85 --no-config \
	--format json >"$TMP/out.json" || { echo "backtest failed"; exit 1; }

"$python" - "$TMP/out.json" <<'PY'
import json, sys

r = json.load(open(sys.argv[1]))
status = 0
print("forecasts judged: %d on %d items; Brier %.3f against %.3f for the base rate"
      % (r["predictions"], r["items"], r["brier"], r["brier_base_rate"]))
full = 0
for b in r["reliability"]:
    if b["count"] == 0:
        continue
    off = abs(b["predicted"] - b["observed"])
    mark = ""
    if b["count"] >= 300:
        full += 1
        if off > 0.05:
            mark = "  <- off by more than 0.05"
            status = 1
    print("  %.1f-%.1f: %6d forecasts, predicted %.3f, missed %.3f%s"
          % (b["from"], b["to"], b["count"], b["predicted"], b["observed"], mark))
w = r["when"]
print("when at 85%%: held %d of %d (%.3f); on fewer than %d past items %d of %d"
      % (w["held"], w["judged"], w["rate"], w["few_below"], w["few"]["held"], w["few"]["judged"]))
if r["too_small"]:
    print("the history was found too small")
    status = 1
if full < 4:
    print("only %d bins with 300 forecasts or more" % full)
    status = 1
if not 0.80 <= w["rate"] <= 0.92:
    print("the when dates held %.3f of the time, not 80%% to 92%%" % w["rate"])
    status = 1
sys.exit(status)
PY
