#!/usr/bin/env bash
# The bash completion (cli/overpromise.bash) offers exactly what the program
# takes: the commands of `overpromise --help`, the options of each command's
# --help, the formats each --help gives for --format, and the rule IDs and
# names of `overpromise rules --format json` for --select and --ignore.
#
#   completion.sh BINARY
set -u
bin=$1
root=$(cd "$(dirname "$0")/../.." && pwd)
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
# shellcheck source=tests/docs/lib.sh
. "$(dirname "$0")/lib.sh"
# shellcheck source=cli/overpromise.bash
. "$root/cli/overpromise.bash"

# What the completion offers for the words "$@", the last being completed.
complete_words() {
	COMP_WORDS=(overpromise "$@")
	COMP_CWORD=$#
	COMPREPLY=()
	_overpromise
	printf '%s\n' "${COMPREPLY[@]}" | sort -u
}

status=0
same() { # what expected-file actual-file
	if ! diff -u "$2" "$3" >"$TMP/diff"; then
		echo "$1: the completion offers (+) other than the program takes (-):"
		tail -n +3 "$TMP/diff"
		status=1
	fi
}

{ help_commands; help_option_words; } | sort -u >"$TMP/want"
complete_words "" >"$TMP/got"
# "help" is a command the help does not list (it is --help).
grep -vx help "$TMP/got" >"$TMP/got2"
same "overpromise" "$TMP/want" "$TMP/got2"

for cmd in $(help_commands); do
	help_option_words "$cmd" | sort -u >"$TMP/want"
	complete_words "$cmd" "-" >"$TMP/got"
	same "overpromise $cmd -" "$TMP/want" "$TMP/got"
	help_formats "$cmd" | sort -u >"$TMP/want"
	if [ -s "$TMP/want" ]; then
		complete_words "$cmd" --format "" >"$TMP/got"
		same "overpromise $cmd --format" "$TMP/want" "$TMP/got"
	fi
done

rule_words >"$TMP/want"
if [ "$(wc -l <"$TMP/want")" -lt 20 ]; then
	echo "could not read the rule IDs and names from overpromise rules --format json"
	status=1
fi
complete_words check --select "" >"$TMP/got"
same "overpromise check --select" "$TMP/want" "$TMP/got"
complete_words check --ignore "OVP001,s" >"$TMP/got"
printf '%s\n' OVP001,slip-risk OVP001,slipped >"$TMP/want"
same "overpromise check --ignore OVP001,s" "$TMP/want" "$TMP/got"

[ $status = 0 ] && echo "the completion offers every command, option, format and rule"
exit $status
