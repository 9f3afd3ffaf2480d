#!/usr/bin/env bash
# The manual page renders with man(1), without warnings, and documents every
# command and every option that a --help prints, as an item of the section
# for that help:
#
#   overpromise --help               COMMANDS (each command), GENERAL OPTIONS
#   overpromise check|deal --help    OPTIONS OF CHECK AND DEAL
#   overpromise CMD --help           OPTIONS OF CMD (in capitals), for every
#                                    other command of overpromise --help
#   each one's --format values       OUTPUT FORMATS
#
# An option is what a help line starts with: "-f, --format FMT",
# "--deals FILE", "-v, --verbose, --explain".  In the rendered page, an item
# of the section must start with exactly that text.
#
#   man.sh BINARY [PAGE]
#
# Skipped (77) when the page was not built (scdoc missing) or man is missing.
set -u
bin=$1
page=${2:-}
if [ -z "$page" ] || [ ! -f "$page" ]; then
	echo "SKIP: the manual page was not built (scdoc not found)"
	exit 77
fi
command -v man >/dev/null || { echo "SKIP: man not found"; exit 77; }
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
# shellcheck source=tests/docs/lib.sh
. "$(dirname "$0")/lib.sh"

# ASCII output (no Unicode hyphens), wide enough that no item wraps, and no
# overstriking for bold.
export LC_ALL=C MANWIDTH=120 MAN_KEEP_FORMATTING=
man --warnings -l "$page" >"$TMP/raw" 2>"$TMP/warnings"
rc=$?
sed 's/.\x08//g' "$TMP/raw" >"$TMP/page"
status=0
if [ $rc != 0 ] || [ ! -s "$TMP/page" ]; then
	echo "man -l $page failed (exit status $rc):"
	cat "$TMP/warnings"
	exit 1
fi
if [ -s "$TMP/warnings" ]; then
	echo "man -l $page warns:"
	cat "$TMP/warnings"
	status=1
fi

# The items of a section of the rendered page: its lines indented by exactly
# seven spaces (item bodies are indented further), without the indentation.
items() {
	awk -v want="$1" '
		/^[^ ]/ { in_section = ($0 == want) ; next }
		in_section && /^       [^ ]/ { sub(/^       /, ""); print }
	' "$TMP/page"
}

# Every line of $1 (what a help lists) must start an item of section $2.
check_section() { # list section what
	local want n=0
	items "$2" >"$TMP/items"
	if [ ! -s "$TMP/items" ]; then
		echo "the page has no section $2 (or it has no items)"
		status=1
		return
	fi
	while IFS= read -r want; do
		n=$((n + 1))
		if ! awk -v w="$want" '
			substr($0, 1, length(w)) == w && (length($0) == length(w) || substr($0, length(w) + 1, 1) ~ /[ ,]/) { found = 1 }
			END { exit !found }
		' "$TMP/items"; then
			echo "$3: \"$want\" is not an item of $2"
			status=1
		fi
	done <"$1"
	if [ $n = 0 ]; then
		echo "$3: no options found in the help"
		status=1
	fi
}

help_options >"$TMP/opts.main"
check_section "$TMP/opts.main" "GENERAL OPTIONS" "overpromise --help"
help_commands >"$TMP/commands"
check_section "$TMP/commands" "COMMANDS" "overpromise --help, Commands"
while IFS= read -r cmd; do
	case $cmd in
	check | deal) section="OPTIONS OF CHECK AND DEAL" ;;
	*) section="OPTIONS OF $(echo "$cmd" | tr '[:lower:]' '[:upper:]')" ;;
	esac
	help_options "$cmd" >"$TMP/opts.$cmd"
	check_section "$TMP/opts.$cmd" "$section" "overpromise $cmd --help"
	help_formats "$cmd" >"$TMP/formats.$cmd"
	if [ -s "$TMP/formats.$cmd" ]; then
		check_section "$TMP/formats.$cmd" "OUTPUT FORMATS" "overpromise $cmd --help, --format"
	fi
done <"$TMP/commands"

# The sections a user looks for, and every variable the program reads.
for s in NAME SYNOPSIS DESCRIPTION "EXIT STATUS" ENVIRONMENT FILES EXAMPLES; do
	grep -qx "$s" "$TMP/page" || { echo "the page has no section $s"; status=1; }
done
for v in NO_COLOR TERM SOURCE_DATE_EPOCH XDG_CONFIG_HOME HOME; do
	items ENVIRONMENT | grep -qx "$v" || { echo "ENVIRONMENT does not describe $v"; status=1; }
done

[ $status = 0 ] && echo "$(cat "$TMP"/opts.* | sort -u | wc -l) distinct options, all in the page"
exit $status
