#!/usr/bin/env bash
# The performance benchmark (meson test -C build --benchmark --verbose).
#
#   run.sh OVERPROMISE GEN_EXPORTS CSV_FLOOR MATCH_BENCH MEASURE DATA_DIR PANDAS_SCRIPT REPORT
#
# DATA_DIR holds the exports GEN_EXPORTS writes (deals-1m.csv, deals-100k.csv,
# roadmap-50k.csv and promises-100k.txt); they are made when missing or older
# than the generator, and kept.  Prints, and writes to REPORT, in one run:
#   (a) libcsv alone parsing the 1M-row deals file (the floor);
#   (b) overpromise check of it end to end, JSON report to a file, and b/a (its
#       first 1,000 findings and summary validated against the report's schema); and,
#       to show where that time goes, the same check raising no findings and
#       the cost of writing as many bytes as its report with dd;
#   (c) peak RSS of the check at 100,000 and at 1,000,000 deal rows, and their ratio;
#   (d) the same check written in pandas (pandas_check.py, Debian's python3-pandas),
#       its time and peak RSS, and the ratios against overpromise;
#   (e) the matcher alone: 100,000 distinct promises against 50,000 items; with
#       OVP_BENCH_OLD_MATCH set to the match_bench of another build (an older
#       commit's), that one runs on the same data in turn with this one, and
#       the report gives both figures and their ratio;
#   (f) the growing-texts exports (deals-1m-growing.csv, deals-100k-growing.csv:
#       their distinct promise texts grow with the rows): the floor on them,
#       the check with -f json, -f json --compact and -f jsonl to a fresh file, in
#       wall-clock seconds with the default --jobs (CPU seconds beside), peak
#       RSS at both sizes, and pandas on the same files.  Each check's ratio is
#       to the floor measured in turn with it (a floor run before each of its
#       runs), not to the first floor alone: the host's speed drifts.
# Times of (a) to (e) are CPU seconds (user + system) of the measured process,
# the best of OVP_BENCH_RUNS runs (default 3; the pandas script runs
# OVP_BENCH_PANDAS_RUNS times, default 1): on a shared machine CPU time is what
# others disturb least.  Wall-clock seconds are shown beside them.  (f) keeps
# the run with the least wall-clock time, since two threads share the work.
# Every run that writes a report writes a fresh file, after sync(1) has
# written out what the runs before it left (see best_of).
set -u
ovp=$1 gen=$2 floor=$3 matchb=$4 measure=$5 data=$6 pandas=$7 report=$8
runs=${OVP_BENCH_RUNS:-3}
pandas_runs=${OVP_BENCH_PANDAS_RUNS:-1}
python=/usr/bin/python3
as_of=2026-11-26
out=$(mktemp -d "${TMPDIR:-/tmp}/ovp-bench.XXXXXX")
trap 'rm -rf "$out"' EXIT

: >"$report"
say() {
	printf '%s\n' "$*" | tee -a "$report"
}

# best_of N OUTFILE CMD...: run N times, keep the run with the least CPU time
# (the least wall-clock time when by_wall=1); sets cpu, wall, rss_kb, status.
# The best run's standard output is in OUTFILE.  With fresh=FILE, FILE (the
# report the command writes) is removed before each run, so that every run
# writes a fresh file as a user's first run does: replacing the last run's
# report would also free its gigabytes in the measured run.  Before each run,
# sync(1) writes out what earlier runs left in the page cache, so that the
# kernel does not flush it on the two CPUs of the run measured.
by_wall=0
fresh=
best_of() {
	local n=$1 o=$2 i line c w r s k best
	shift 2
	cpu= wall= rss_kb= status=
	for ((i = 0; i < n; i++)); do
		[ -z "$fresh" ] || rm -f "$fresh"
		sync
		line=$("$measure" "$o.run" "$@") || return 1
		c=${line#*cpu=}; c=${c%% *}
		w=${line#*wall=}; w=${w%% *}
		r=${line#*maxrss_kb=}; r=${r%% *}
		s=${line#*status=}
		k=$c best=$cpu
		if [ "$by_wall" = 1 ]; then
			k=$w best=$wall
		fi
		if [ -z "$best" ] || awk -v a="$k" -v b="$best" 'BEGIN { exit !(a < b) }'; then
			cpu=$c wall=$w status=$s
			mv "$o.run" "$o"
		fi
		# Peak memory hardly varies; keep the least too.
		if [ -z "$rss_kb" ] || [ "$r" -lt "$rss_kb" ]; then
			rss_kb=$r
		fi
	done
	rm -f "$o.run"
}

ratio() {
	awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }'
}

# size_mb FILE: the file's size in MiB (of the file itself, also through a link).
size_mb() {
	awk -v b="$(wc -c <"$1")" 'BEGIN { printf "%.0f", b / 1048576 }'
}

mb() {
	awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'
}

verdict() { # value op target
	awk -v v="$1" -v t="$3" -v op="$2" 'BEGIN {
		if (v == "n/a") { print "not measured"; exit }
		ok = op == "<=" ? v <= t : v >= t
		print ok ? "met" : "NOT met"
	}'
}

# The exports, made once (the stamp is written after the last file).
if [ ! -f "$data/stamp" ] || [ "$gen" -nt "$data/stamp" ]; then
	echo "Generating the exports in $data ..."
	mkdir -p "$data" && rm -f "$data/stamp" &&
		"$gen" "$data" && touch "$data/stamp" || {
		echo "run.sh: cannot generate the exports in $data" >&2
		exit 1
	}
fi

npromises=$(($(wc -l <"$data/promises-100k.txt")))
cpu_model=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)
mem_total=$(awk '/^MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)
say "overpromise performance benchmark, $(date -u '+%Y-%m-%d %H:%M UTC')"
say "Load: $(uptime | sed 's/.*load average/load average/')"
say "Machine: $(nproc) CPUs available (nproc), ${cpu_model:-unknown CPU}, $mem_total memory, $(uname -sr)"
say "Inputs: $(size_mb "$data/deals-1m.csv") MB deals-1m.csv, $(size_mb "$data/deals-100k.csv") MB deals-100k.csv,"
say "        $(size_mb "$data/roadmap-50k.csv") MB roadmap-50k.csv, $npromises distinct promised features"
say "Each time is the best of $runs runs (pandas: $pandas_runs), in CPU seconds (user + system); wall clock in brackets."
say ""

# (a) The floor.
best_of "$runs" "$out/floor.txt" "$floor" "$data/deals-1m.csv"
a_cpu=$cpu a_wall=$wall a_rss=$rss_kb
say "(a) libcsv parse only, 1M deal rows:      ${a_cpu} s  (${a_wall} s)   peak RSS $(mb "$a_rss") MB"

# (b) The check end to end, and (c) its memory at both sizes.
check() {
	fresh=$3
	best_of "$1" "$out/check.out" "$ovp" check --deals "$2" --roadmap "$data/roadmap-50k.csv" \
		--as-of "$as_of" --no-config --fail-on never --progress never -f json -o "$3"
	fresh=
}
check "$runs" "$data/deals-1m.csv" "$out/report-1m.json"
b_cpu=$cpu b_wall=$wall b_rss=$rss_kb b_status=$status
b_size=$(size_mb "$out/report-1m.json")
b_bytes=$(wc -c <"$out/report-1m.json")
# The summary ends the report; with its per-owner view it can run to
# megabytes, so the count is taken from the last 64 MiB.
b_findings=$(tail -c 67108864 "$out/report-1m.json" | tr -d ' \n' |
	grep -o '"by_severity":{"error":[0-9]*,"warning":[0-9]*,"note":[0-9]*}' | tail -n 1 |
	sed 's/.*"error":\([0-9]*\),"warning":\([0-9]*\),"note":\([0-9]*\)}/\1 \2 \3/' |
	awk '{ print $1 + $2 + $3 }')
# The report against its schema: its first 1,000 findings and its summary
# (not the whole 1.9 GB).  Skipped, and said so, without python3-jsonschema.
"$python" "$(dirname "$0")/../json_schema.py" --prefix 1000 "$out/report-1m.json" >"$out/schema.txt" 2>&1
schema_status=$?
rm -f "$out/report-1m.json"
if [ "$b_status" != 0 ]; then
	say "overpromise check failed (status $b_status)"
	exit 1
fi
say "(b) overpromise check -f json -o, 1M rows: ${b_cpu} s  (${b_wall} s)   peak RSS $(mb "$b_rss") MB"
say "    report: ${b_size} MB of JSON, ${b_findings:-?} findings"
case $schema_status in
0) say "    schema: its first 1,000 findings and its summary validate (cli/overpromise-report.schema.json)" ;;
77) say "    schema: not validated (python3-jsonschema not installed)" ;;
*)
	say "    schema: the report does not validate:"
	sed 's/^/      /' "$out/schema.txt" | tee -a "$report"
	exit 1
	;;
esac
ba=$(ratio "$b_cpu" "$a_cpu")
say "    ratio b/a: $ba (wall $(ratio "$b_wall" "$a_wall"))"

# Where (b) goes, for the reader: the same check with every rule but
# OVP201 off (reading, matching and the rules, but no report to speak
# of), and writing as many bytes as the report to a file with dd.
fresh=$out/quiet.json
best_of "$runs" "$out/check.out" "$ovp" check --deals "$data/deals-1m.csv" \
	--roadmap "$data/roadmap-50k.csv" --as-of "$as_of" --no-config --fail-on never \
	--progress never --select OVP201 -f json -o "$out/quiet.json"
fresh=
q_cpu=$cpu
rm -f "$out/quiet.json"
fresh=$out/dd.bin
best_of "$runs" "$out/dd.out" dd if=/dev/zero of="$out/dd.bin" bs=64k status=none \
	count=$(((b_bytes + 65535) / 65536))
fresh=
w_cpu=$cpu
rm -f "$out/dd.bin"
say "    of which: the same check without findings (--select OVP201) ${q_cpu} s ($(ratio "$q_cpu" "$a_cpu") x a);"
say "    writing ${b_size} MB to a file alone (dd, 64 KiB blocks) ${w_cpu} s"

check "$runs" "$data/deals-100k.csv" "$out/report-100k.json"
c_cpu=$cpu c_rss=$rss_kb
rm -f "$out/report-100k.json"
rss_ratio=$(ratio "$b_rss" "$c_rss")
say "(c) peak RSS: $(mb "$c_rss") MB at 100k rows (${c_cpu} s), $(mb "$b_rss") MB at 1M rows; ratio 1M/100k: $rss_ratio"

# (d) pandas.
if "$python" -c 'import pandas' 2>/dev/null; then
	fresh=$out/pandas-1m.json
	best_of "$pandas_runs" "$out/pandas.out" "$python" "$pandas" "$data/deals-1m.csv" \
		"$data/roadmap-50k.csv" "$as_of" "$out/pandas-1m.json"
	fresh=
	d_cpu=$cpu d_wall=$wall d_rss=$rss_kb
	rm -f "$out/pandas-1m.json"
	if [ "$status" != 0 ]; then
		say "(d) the pandas script failed (status $status)"
		d_time_ratio=n/a d_mem_ratio=n/a
	else
		d_time_ratio=$(ratio "$d_cpu" "$b_cpu")
		d_mem_ratio=$(ratio "$d_rss" "$b_rss")
		say "(d) pandas script, 1M rows:               ${d_cpu} s  (${d_wall} s)   peak RSS $(mb "$d_rss") MB"
		say "    $(cat "$out/pandas.out")"
		say "    pandas / overpromise: time $d_time_ratio (wall $(ratio "$d_wall" "$b_wall")), memory $d_mem_ratio"
	fi
else
	say "(d) skipped: $python has no pandas (apt-get install python3-pandas)"
	d_cpu=n/a d_rss=0 d_time_ratio=n/a d_mem_ratio=n/a
fi

# (e) The matcher alone (and another build's, run in turn on the same data).
field() { local v=${e_line#*"$1"=}; printf '%s' "${v%% *}"; }
e_old=
for ((k = 0; k < runs; k++)); do
	if [ -n "${OVP_BENCH_OLD_MATCH:-}" ]; then
		e_line=$("$OVP_BENCH_OLD_MATCH" "$data/roadmap-50k.csv" "$data/promises-100k.txt") || exit 1
		v=$(field match)
		if [ -z "$e_old" ] || awk -v a="$v" -v b="$e_old" 'BEGIN { exit !(a < b) }'; then
			e_old=$v
		fi
	fi
	best_of 1 "$out/match.$k" "$matchb" "$data/roadmap-50k.csv" "$data/promises-100k.txt"
	e_line=$(cat "$out/match.$k")
	v=$(field match)
	if [ -z "${e_match:-}" ] || awk -v a="$v" -v b="$e_match" 'BEGIN { exit !(a < b) }'; then
		e_match=$v
		cp "$out/match.$k" "$out/match.out"
	fi
done
e_line=$(cat "$out/match.out")
say "(e) matcher: $(field texts) distinct promises against $(field items) items: $e_match s"
say "    (roadmap load $(field load) s, index build $(field build) s; key $(field key), exact $(field exact),"
say "    approximate $(field fuzzy), ambiguous $(field ambiguous), unconfirmed $(field unconfirmed), no match $(field none);"
say "    $(field scored) items scored)"
if [ -n "$e_old" ]; then
	say "    the other build ($OVP_BENCH_OLD_MATCH): $e_old s; this / other: $(ratio "$e_match" "$e_old")"
fi

# (f) The growing-texts exports.
gf="$data/deals-1m-growing.csv" gs="$data/deals-100k-growing.csv"
by_wall=1
best_of "$runs" "$out/floor-g.txt" "$floor" "$gf"
fa_cpu=$cpu fa_wall=$wall
say "(f) growing texts: $(size_mb "$gf") MB deals-1m-growing.csv, $(size_mb "$gs") MB deals-100k-growing.csv; wall-clock"
say "    seconds, the best of $runs runs, default --jobs (CPU seconds in brackets)"
say "    libcsv parse only, 1M rows:            ${fa_wall} s  (${fa_cpu} s)"
# gcheck runs deals format out [option]: the check, best of runs by wall
# clock, each run right after a run of the floor on the same file, so that
# the check and its floor (gfloor, the best of those) are measured in the
# same minutes: the host's speed drifts over a benchmark run.
gcheck() {
	local i bc= bw= br= bs= fw=
	for ((i = 0; i < $1; i++)); do
		best_of 1 "$out/floor-g.run" "$floor" "$2"
		if [ -z "$fw" ] || awk -v a="$wall" -v b="$fw" 'BEGIN { exit !(a < b) }'; then
			fw=$wall
		fi
		fresh=$4
		best_of 1 "$out/check.run" "$ovp" check --deals "$2" --roadmap "$data/roadmap-50k.csv" \
			--as-of "$as_of" --no-config --fail-on never --progress never -f "$3" -o "$4" ${5:+"$5"}
		fresh=
		[ "$status" = 0 ] || { say "overpromise check -f $3 ${5:-}of $2 failed (status $status)"; exit 1; }
		if [ -z "$bw" ] || awk -v a="$wall" -v b="$bw" 'BEGIN { exit !(a < b) }'; then
			bw=$wall bc=$cpu
		fi
		if [ -z "$br" ] || [ "$rss_kb" -lt "$br" ]; then
			br=$rss_kb
		fi
		bs=$status
	done
	rm -f "$out/floor-g.run" "$out/check.run"
	wall=$bw cpu=$bc rss_kb=$br status=$bs gfloor=$fw
}
gcheck "$runs" "$gf" json "$out/g.json"
fj_wall=$wall fj_cpu=$cpu fj_rss=$rss_kb fj_size=$(size_mb "$out/g.json") fj_floor=$gfloor
rm -f "$out/g.json"
fj_ratio=$(ratio "$fj_wall" "$fj_floor")
say "    check -f json -o, 1M rows:              ${fj_wall} s  (${fj_cpu} s)   ${fj_size} MB   x floor: $fj_ratio (floor ${fj_floor} s)"
if "$ovp" check --help 2>/dev/null | grep -q jsonl; then
	gcheck "$runs" "$gf" json "$out/g.json" --compact
	fc_wall=$wall fc_cpu=$cpu fc_size=$(size_mb "$out/g.json") fc_floor=$gfloor
	rm -f "$out/g.json"
	fc_ratio=$(ratio "$fc_wall" "$fc_floor")
	say "    check -f json --compact -o, 1M rows:    ${fc_wall} s  (${fc_cpu} s)   ${fc_size} MB   x floor: $fc_ratio (floor ${fc_floor} s)"
	gcheck "$runs" "$gf" jsonl "$out/g.jsonl"
	fl_wall=$wall fl_cpu=$cpu fl_size=$(size_mb "$out/g.jsonl") fl_floor=$gfloor
	rm -f "$out/g.jsonl"
	fl_ratio=$(ratio "$fl_wall" "$fl_floor")
	say "    check -f jsonl -o, 1M rows:             ${fl_wall} s  (${fl_cpu} s)   ${fl_size} MB   x floor: $fl_ratio (floor ${fl_floor} s)"
else
	fl_wall=n/a fl_cpu=n/a fl_ratio=n/a fc_wall=n/a fc_cpu=n/a fc_ratio=n/a
	say "    check -f jsonl and --compact: not supported by this build"
fi
gcheck "$runs" "$gs" json "$out/gs.json"
fs_rss=$rss_kb
rm -f "$out/gs.json"
frss_ratio=$(ratio "$fj_rss" "$fs_rss")
say "    peak RSS: $(mb "$fs_rss") MB at 100k rows, $(mb "$fj_rss") MB at 1M rows; ratio 1M/100k: $frss_ratio"
by_wall=0
if "$python" -c 'import pandas' 2>/dev/null; then
	fresh=$out/pandas-g.json
	best_of "$pandas_runs" "$out/pandas-g.out" "$python" "$pandas" "$gf" \
		"$data/roadmap-50k.csv" "$as_of" "$out/pandas-g.json"
	fresh=
	fp_wall=$wall fp_cpu=$cpu fp_rss=$rss_kb
	rm -f "$out/pandas-g.json"
	fp_time=$(ratio "$fp_wall" "$fj_wall") fp_mem=$(ratio "$fp_rss" "$fj_rss")
	say "    pandas script, 1M rows:                 ${fp_wall} s  (${fp_cpu} s)   peak RSS $(mb "$fp_rss") MB"
	say "    pandas / overpromise: wall time $fp_time (CPU $(ratio "$fp_cpu" "$fj_cpu")), memory $fp_mem"
else
	fp_time=n/a fp_mem=n/a
fi

say ""
say "| measure | figure | target | |"
say "|---|---|---|---|"
say "| (a) libcsv parse only, 1M rows | ${a_cpu} s | the floor | |"
say "| (b) check -f json -o, 1M rows | ${b_cpu} s | | |"
say "| b / a | $ba | <= 2.0 | $(verdict "$ba" "<=" 2.0) |"
say "| (b) without findings (x a); writing the report's bytes alone | ${q_cpu} s ($(ratio "$q_cpu" "$a_cpu")); ${w_cpu} s | | |"
say "| (c) peak RSS, 100k / 1M rows | $(mb "$c_rss") / $(mb "$b_rss") MB | | |"
say "| RSS 1M / 100k | $rss_ratio | <= 1.3 | $(verdict "$rss_ratio" "<=" 1.3) |"
say "| (d) pandas, 1M rows | ${d_cpu} s, $(mb "$d_rss") MB | | |"
say "| pandas / check, time | $d_time_ratio | >= 10 | $(verdict "$d_time_ratio" ">=" 10) |"
say "| pandas / check, peak RSS | $d_mem_ratio | >= 20 | $(verdict "$d_mem_ratio" ">=" 20) |"
say "| (e) 100k distinct promises x 50k items | ${e_match} s | a few seconds | $(verdict "$e_match" "<=" 5) |"
say ""
say "Growing texts (wall-clock, default --jobs):"
say ""
say "| measure | figure | target | |"
say "|---|---|---|---|"
say "| (f) libcsv parse only, 1M rows | ${fa_wall} s (CPU ${fa_cpu} s) | the floor | |"
say "| check -f json -o, 1M rows (x floor) | ${fj_wall} s (CPU ${fj_cpu} s) | | |"
say "| json / floor (${fj_floor} s, in turn with it) | $fj_ratio | <= 6 | $(verdict "$fj_ratio" "<=" 6) |"
say "| check -f json --compact -o, 1M rows | ${fc_wall} s (CPU ${fc_cpu} s) | | |"
say "| compact / floor (${fc_floor:-n/a} s) | $fc_ratio | | |"
say "| check -f jsonl -o, 1M rows | ${fl_wall} s (CPU ${fl_cpu} s) | | |"
say "| jsonl / floor (${fl_floor:-n/a} s, in turn with it) | $fl_ratio | <= 5 | $(verdict "$fl_ratio" "<=" 5) |"
say "| peak RSS 100k / 1M rows | $(mb "$fs_rss") / $(mb "$fj_rss") MB | | |"
say "| RSS 1M / 100k, growing texts | $frss_ratio | <= 1.15 | $(verdict "$frss_ratio" "<=" 1.15) |"
say "| RSS 1M / 100k, fixed pool (c) | $rss_ratio | <= 1.15 | $(verdict "$rss_ratio" "<=" 1.15) |"
say "| pandas / check, wall time | $fp_time | >= 6 | $(verdict "$fp_time" ">=" 6) |"
say "| pandas / check, peak RSS | $fp_mem | >= 20 | $(verdict "$fp_mem" ">=" 20) |"
say ""
say "Report written to $report"
