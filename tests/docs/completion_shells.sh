#!/usr/bin/env bash
# The zsh and fish completions (cli/_overpromise, cli/overpromise.fish)
# offer exactly what the program takes, as the shell itself completes it:
# the commands of `overpromise --help`, the options of each command's
# --help, the formats each --help gives for --format, the rule IDs and
# names of `overpromise rules --format json` for --select and --ignore
# (the last element of a comma-separated list), and the commands after
# `overpromise help`.  tests/docs/completion.sh checks the bash one.
#
#   completion_shells.sh BINARY zsh|fish
#
# Skipped (77) when the shell is not installed.
set -u
bin=$1 shell=$2
root=$(cd "$(dirname "$0")/../.." && pwd)
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
# shellcheck source=tests/docs/lib.sh
. "$(dirname "$0")/lib.sh"
command -v "$shell" >/dev/null || { echo "SKIP: $shell not found"; exit 77; }
export HOME="$TMP" XDG_CONFIG_HOME="$TMP/config" XDG_DATA_HOME="$TMP/data"

# What the shell offers for the command line "$1" (completed at its end), one a line.
complete_line() {
	case $shell in
	zsh) zsh -f "$root/tests/docs/complete.zsh" "$root/cli" "$TMP/zcompdump" "$1" ;;
	fish) fish --no-config -c "source $root/cli/overpromise.fish; complete -C '$1'" | cut -f1 | sort -u ;;
	esac
}

status=0
same() { # what expected-file actual-file
	if ! diff -u "$2" "$3" >"$TMP/diff"; then
		echo "$shell, $1: the completion offers (+) other than the program takes (-):"
		tail -n +3 "$TMP/diff"
		status=1
	fi
}

{ help_commands; echo help; } | sort -u >"$TMP/commands"
complete_line "overpromise " >"$TMP/got"
same "overpromise" "$TMP/commands" "$TMP/got"
help_option_words | sort -u >"$TMP/want"
complete_line "overpromise -" >"$TMP/got"
same "overpromise -" "$TMP/want" "$TMP/got"
grep -vx help "$TMP/commands" >"$TMP/want"
complete_line "overpromise help " >"$TMP/got"
same "overpromise help" "$TMP/want" "$TMP/got"

for cmd in $(help_commands); do
	help_option_words "$cmd" | sort -u >"$TMP/want"
	complete_line "overpromise $cmd -" >"$TMP/got"
	same "overpromise $cmd -" "$TMP/want" "$TMP/got"
	help_formats "$cmd" | sort -u >"$TMP/want"
	if [ -s "$TMP/want" ]; then
		complete_line "overpromise $cmd --format " >"$TMP/got"
		same "overpromise $cmd --format" "$TMP/want" "$TMP/got"
	fi
done

rule_words >"$TMP/want"
if [ "$(wc -l <"$TMP/want")" -lt 20 ]; then
	echo "could not read the rule IDs and names from overpromise rules --format json"
	status=1
fi
complete_line "overpromise check --select " >"$TMP/got"
same "overpromise check --select" "$TMP/want" "$TMP/got"
complete_line "overpromise deal --ignore OVP001,s" >"$TMP/got"
# zsh adds the list's head as a prefix of its own, fish writes it into each match.
case $shell in
zsh) printf '%s\n' slip-risk slipped >"$TMP/want" ;;
fish) printf '%s\n' OVP001,slip-risk OVP001,slipped >"$TMP/want" ;;
esac
same "overpromise deal --ignore OVP001,s" "$TMP/want" "$TMP/got"

[ $status = 0 ] && echo "$shell: the completion offers every command, option, format and rule"
exit $status
