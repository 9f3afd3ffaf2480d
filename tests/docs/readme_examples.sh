#!/usr/bin/env bash
# Run every command shown in the README's ```console blocks and compare its
# output with the output shown, so that the examples cannot drift from the
# program.
#
#   readme_examples.sh BINARY [README]
#
# In a ```console block, a line starting with "$ " is a command; a command
# line ending with "\" continues on the next line.  The lines after it, up to
# the next "$ " line or the end of the block, are its output (standard output
# and standard error together, as a terminal shows them).  The word
# "overpromise" runs BINARY.  The commands run one after the other, in the
# order of the file, with bash, in one scratch directory that holds a copy of
# examples/ (so that they see the project root's paths, and files they write,
# such as a baseline, stay out of the source tree and are seen by the
# commands after them).  No colour, UTC, no configuration file outside the
# scratch directory.
#
# Comparison: line for line, exactly.  A block that shows only part of the
# output says so with a line "..." standing for any number of lines left out
# (none or more): the lines before the first "..." must be the first lines of
# the real output, those after the last "..." its last lines, and each run of
# lines between two "..." must occur, in that order, in between.  The exit
# status is not compared (the README states it in words).
set -u
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
root=$(cd "$(dirname "$0")/../.." && pwd)
readme=${2:-$root/README.md}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

mkdir -p "$TMP/work" "$TMP/cases" "$TMP/home"
cp -R "$root/examples" "$TMP/work/examples"

# Split the README into cases: cases/N.cmd, cases/N.out (expected), N.line.
awk -v dir="$TMP/cases" '
	function finish() { if (n > 0 && open) { close(cmdf); close(outf) } open = 0 }
	/^```console[ \t]*$/ { inblock = 1; cont = 0; next }
	inblock && /^```[ \t]*$/ { finish(); inblock = 0; next }
	!inblock { next }
	cont { print >> cmdf; cont = /\\$/; next }
	/^\$ / {
		finish()
		n++; open = 1
		cmdf = dir "/" n ".cmd"; outf = dir "/" n ".out"
		print substr($0, 3) > cmdf
		printf "" > outf
		print NR > (dir "/" n ".line"); close(dir "/" n ".line")
		cont = /\\$/
		next
	}
	!open { printf "README line %d: output before any command in a console block\n", NR; bad = 1; next }
	{ print >> outf }
	END { finish(); if (inblock) { print "README: unterminated console block"; bad = 1 } exit bad }
' "$readme" || exit 1

n=$(find "$TMP/cases" -name '*.cmd' | wc -l)
if [ "$n" -eq 0 ]; then
	echo "no console blocks found in $readme"
	exit 1
fi

# Does the real output ($2) match the shown output ($1), "..." rule above?
matches() {
	awk -v want="$1" '
		BEGIN {
			while ((getline l < want) > 0) w[++nw] = l
			close(want)
		}
		{ a[++na] = $0 }
		END {
			# Split the shown lines into segments at the "..." lines.
			ns = 1; start[1] = 1; lead = 0; trail = 0
			for (i = 1; i <= nw; i++) {
				if (w[i] == "...") {
					len[ns] = i - start[ns]
					ns++; start[ns] = i + 1
				}
			}
			len[ns] = nw + 1 - start[ns]
			if (ns == 1) {
				if (na != nw) exit 1
				for (i = 1; i <= nw; i++) if (a[i] != w[i]) exit 1
				exit 0
			}
			pos = 1
			# The first segment is anchored at the start.
			for (j = 0; j < len[1]; j++) if (pos + j > na || a[pos + j] != w[start[1] + j]) exit 1
			pos += len[1]
			# The last segment is anchored at the end.
			lastpos = na - len[ns] + 1
			if (lastpos < pos) exit 1
			for (j = 0; j < len[ns]; j++) if (a[lastpos + j] != w[start[ns] + j]) exit 1
			# The middle ones occur in order in between (leftmost first).
			for (s = 2; s < ns; s++) {
				found = 0
				for (p = pos; p + len[s] - 1 < lastpos; p++) {
					ok = 1
					for (j = 0; j < len[s]; j++) if (a[p + j] != w[start[s] + j]) { ok = 0; break }
					if (ok) { found = 1; break }
				}
				if (!found) exit 1
				pos = p + len[s]
			}
			exit 0
		}
	' "$2"
}

export NO_COLOR=1 TZ=UTC LC_ALL=C HOME="$TMP/home"
unset SOURCE_DATE_EPOCH XDG_CONFIG_HOME
status=0
for ((i = 1; i <= n; i++)); do
	line=$(cat "$TMP/cases/$i.line")
	(
		cd "$TMP/work" || exit 2
		overpromise() { "$bin" "$@"; }
		eval "$(cat "$TMP/cases/$i.cmd")"
	) </dev/null >"$TMP/actual" 2>&1
	if ! matches "$TMP/cases/$i.out" "$TMP/actual"; then
		echo "README line $line: the output of"
		sed 's/^/    /' "$TMP/cases/$i.cmd"
		echo "differs from the one shown (shown first; '...' lines stand for lines left out):"
		diff -u "$TMP/cases/$i.out" "$TMP/actual" | tail -n +3
		status=1
	fi
done
echo "$n commands run"
exit $status
