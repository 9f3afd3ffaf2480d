#!/usr/bin/env bash
# The reference parts of the README match the program:
#
# - "## Commands and options": the options table names every option of
#   `check --help` and `deal --help`, and the paragraphs "Options of `when`"
#   and "Options of `backtest`" every option of their --help (--help itself
#   aside);
# - "## Configuration": the ```ini example, which shows every key, is a
#   configuration the program reads without complaint (an unknown section or
#   key or a bad value would be an error naming the file).
#
#   readme_reference.sh BINARY
set -u
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
root=$(cd "$(dirname "$0")/../.." && pwd)
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
# shellcheck source=tests/docs/lib.sh
. "$(dirname "$0")/lib.sh"

section() { awk -v want="## $1" '/^## / { on = ($0 == want) } on' "$root/README.md"; }
status=0
fail() { echo "$*"; status=1; }

# The option words in backquotes: "`-f, --format FMT`" gives -f and --format.
option_words() { tr '\n' ' ' | grep -o '`[^`]*`' | tr -d '`' | tr ' ,' '\n\n' | grep -E '^--?[A-Za-z]'; }

section "Commands and options" >"$TMP/options"
grep '^| `-' "$TMP/options" | cut -d'|' -f2 | option_words | sort -u >"$TMP/table"
{ help_option_words check; help_option_words deal; } | sort -u | grep -vx -e -h -e --help >"$TMP/want"
while IFS= read -r o; do
	grep -qx -- "$o" "$TMP/table" || fail "README.md, ## Commands and options: the options table lacks $o"
done <"$TMP/want"
for cmd in when backtest; do
	awk -v cmd="$cmd" '$0 ~ "^Options of `" cmd "`" { on = 1 } on && /^$/ { on = 0 } on' \
		"$TMP/options" | option_words | sort -u >"$TMP/$cmd"
	help_option_words "$cmd" | grep -vx -e -h -e --help >"$TMP/want"
	while IFS= read -r o; do
		grep -qx -- "$o" "$TMP/$cmd" ||
			fail "README.md, ## Commands and options: the options of $cmd lack $o"
	done <"$TMP/want"
done

section "Configuration" | awk '/^```ini/ { on = 1; next } /^```/ { on = 0 } on' >"$TMP/example.ini"
if [ ! -s "$TMP/example.ini" ]; then
	fail "README.md, ## Configuration: no \`\`\`ini example"
else
	mkdir -p "$TMP/home"
	export HOME="$TMP/home" LC_ALL=C
	unset XDG_CONFIG_HOME
	cd "$root" || exit 1
	# when reads the whole file and the roadmap with its [roadmap] section.
	"$bin" when --config "$TMP/example.ini" --roadmap examples/roadmap.csv --as-of 2026-11-26 SSO \
		>/dev/null 2>"$TMP/err"
	rc=$?
	if [ $rc -gt 1 ] || [ -s "$TMP/err" ]; then
		fail "README.md, ## Configuration: when does not take the example (exit $rc): $(cat "$TMP/err")"
	fi
	# check reads it too; the example's [deals] names columns that
	# examples/deals.csv does not have, so only the file's own errors count.
	"$bin" check --config "$TMP/example.ini" --deals examples/deals.csv \
		--roadmap examples/roadmap.csv --as-of 2026-11-26 >/dev/null 2>"$TMP/err"
	if grep -q "example.ini" "$TMP/err"; then
		fail "README.md, ## Configuration: check does not take the example: $(cat "$TMP/err")"
	fi
fi

[ $status = 0 ] && echo "the options and the configuration example match the program"
exit $status
