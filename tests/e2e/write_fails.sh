#!/usr/bin/env bash
# A report of megabytes fails to be written the same with one thread and
# with two (where the JSON reports write their full buffers straight to
# the descriptor while the other thread reads): the same message, the
# same exit status, no report left behind; and it is written the same to
# standard output and to a FIFO.
#
# - to /dev/full: "No space left on device", from the first write;
# - to a pipe closed after 100 bytes: killed by SIGPIPE, or, with SIGPIPE
#   ignored, "Broken pipe";
# - to a file past the file size limit (SIGXFSZ ignored): "File too large"
#   once 2 MiB are written, the temporary file removed; to standard
#   output past the limit, the same 2 MiB.
#
#   write_fails.sh BINARY GEN_EXPORTS
set -u
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
gen=$(cd "$(dirname "$2")" && pwd)/$(basename "$2")
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
status=0
"$gen" "$TMP" --deals 1000 --small 5000 --items 5000 --pool 5000 >/dev/null ||
	{ echo "cannot generate the exports"; exit 1; }
check() { # jobs options...: the check of the generated export
	local j=$1
	shift
	"$bin" check --deals "$TMP/deals-100k.csv" --roadmap "$TMP/roadmap-50k.csv" \
		--as-of 2026-11-26 --no-config --fail-on never --progress never --jobs "$j" "$@"
}
expect() { # what want-status want-stderr status stderr-file
	if [ "$4" != "$2" ] || [ "$(cat "$5")" != "$3" ]; then
		echo "$1: exit status $4, expected $2; standard error:"
		cat "$5"
		echo "expected: $3"
		status=1
	fi
}
for f in json jsonl json-compact; do
	opts=(-f "${f%-compact}")
	[ "$f" = json-compact ] && opts+=(--compact)
	check 1 "${opts[@]}" -o "$TMP/whole.$f" || { echo "$f: the check fails"; exit 1; }
	size=$(wc -c <"$TMP/whole.$f")
	[ "$size" -gt 4000000 ] || { echo "$f: a report of $size bytes only"; status=1; }
	for j in 1 2; do
		check "$j" "${opts[@]}" -o /dev/full 2>"$TMP/err"
		expect "$f to /dev/full, --jobs $j" 2 \
			"overpromise: /dev/full: cannot write the report: No space left on device" $? "$TMP/err"

		check "$j" "${opts[@]}" -o - 2>"$TMP/err" | head -c 100 >/dev/null
		expect "$f to a closed pipe, --jobs $j" 141 "" "${PIPESTATUS[0]}" "$TMP/err"

		(trap '' PIPE; check "$j" "${opts[@]}" -o - 2>"$TMP/err") | head -c 100 >/dev/null
		expect "$f to a closed pipe, SIGPIPE ignored, --jobs $j" 2 \
			"overpromise: <stdout>: cannot write the report: Broken pipe" "${PIPESTATUS[0]}" \
			"$TMP/err"

		(trap '' XFSZ; ulimit -f 2048; check "$j" "${opts[@]}" -o "$TMP/r.$f" 2>"$TMP/err")
		expect "$f past the file size limit, --jobs $j" 2 \
			"overpromise: $TMP/r.$f: cannot write the report: File too large" $? "$TMP/err"
		for left in "$TMP/r.$f"*; do
			[ -e "$left" ] && { echo "$f, --jobs $j: $left left behind"; status=1; }
		done

		(trap '' XFSZ; ulimit -f 2048; check "$j" "${opts[@]}" -o - >"$TMP/out" 2>"$TMP/err")
		expect "$f to standard output past the file size limit, --jobs $j" 2 \
			"overpromise: <stdout>: cannot write the report: File too large" $? "$TMP/err"
		if ! cmp -s "$TMP/out" <(head -c 2097152 "$TMP/whole.$f"); then
			echo "$f to standard output past the limit, --jobs $j: not the report's first 2 MiB"
			status=1
		fi

		check "$j" "${opts[@]}" -o - >"$TMP/out" &&
			cmp -s "$TMP/out" "$TMP/whole.$f" ||
			{ echo "$f to standard output, --jobs $j: not the report"; status=1; }
		rm -f "$TMP/fifo" && mkfifo "$TMP/fifo"
		cat "$TMP/fifo" >"$TMP/out" &
		check "$j" "${opts[@]}" -o "$TMP/fifo" && wait $! &&
			cmp -s "$TMP/out" "$TMP/whole.$f" ||
			{ echo "$f to a FIFO, --jobs $j: not the report"; status=1; }
	done
	echo "$f ($size bytes): the same failures and reports with --jobs 1 and --jobs 2"
done
exit $status
