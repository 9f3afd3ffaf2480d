#!/usr/bin/env bash
# A check that writes its report to a file and is ended by a signal
# (Ctrl-C, a CI job's timeout, the terminal closed) leaves no temporary
# report beside the target, and still dies of that signal.  The deals come
# through a FIFO that is kept open, so the run waits for more rows with
# its temporary file made: the signal finds it in the middle of the work.
#
#   signal_cleanup.sh BINARY
set -u
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
root=$(cd "$(dirname "$0")/../.." && pwd)
TMP=$(mktemp -d)
trap 'exec 3>&-; rm -rf "$TMP"' EXIT
status=0
cd "$TMP" || exit 1
# Job control: a background job of a script would otherwise start with
# SIGINT ignored, and the check rightly leaves an ignored signal alone.
set -m
for sig in INT TERM HUP; do
	rm -f deals.csv report.json*
	mkfifo deals.csv || exit 1
	"$bin" check --deals deals.csv --roadmap "$root/examples/roadmap.csv" --as-of 2026-11-26 \
		--no-config --progress never -f json -o report.json &
	pid=$!
	# Past the 10,000 rows read ahead for the day/month order, so that the
	# report is open; the FIFO stays open for writing, so no end comes.
	exec 3>deals.csv
	awk 'BEGIN { print "Opportunity Name,Promised Features"
	             for (i = 1; i <= 12000; i++) printf "Deal %d,SSO by 2027-01-15\n", i }' >&3
	for _ in $(seq 100); do
		compgen -G 'report.json.tmp*' >/dev/null && break
		sleep 0.1
	done
	if ! compgen -G 'report.json.tmp*' >/dev/null; then
		echo "SIG$sig: no temporary report appeared within 10 s"
		status=1
	fi
	kill -"$sig" "$pid"
	for _ in $(seq 100); do
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.1
	done
	if kill -0 "$pid" 2>/dev/null; then
		echo "SIG$sig: still running 10 s after the signal"
		kill -KILL "$pid"
		status=1
	fi
	wait "$pid"
	got=$?
	exec 3>&-
	want=$((128 + $(kill -l "$sig")))
	if [ "$got" -ne "$want" ]; then
		echo "SIG$sig: exit status $got, expected $want (ended by the signal)"
		status=1
	fi
	left=$(compgen -G 'report.json*')
	if [ -n "$left" ]; then
		echo "SIG$sig: left behind: $left"
		status=1
	fi
done
exit $status
