#!/usr/bin/env bash
# The rule tables of the README ("## The rules": ID, name, severity and the
# one-line summary) and of the manual page (RULES: ID, name, severity) list
# exactly the rules of `overpromise rules --format json`, in its order.
#
#   rules_table.sh BINARY
set -u
bin=$1
root=$(cd "$(dirname "$0")/../.." && pwd)
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

if ! "$bin" rules --format json >"$TMP/rules.json"; then
	echo "overpromise rules --format json failed"
	exit 1
fi
# The catalogue as "id|name|severity|summary" lines.  The JSON is jansson's
# indented output, one member a line; only \" and \\ occur in these strings.
awk '
	function value(line) {
		sub(/^[^:]*: "/, "", line)
		sub(/",?[ \t]*$/, "", line)
		gsub(/\\"/, "\"", line)
		gsub(/\\\\/, "\\", line)
		return line
	}
	/^      "id": "/ { id = value($0) }
	/^      "name": "/ { name = value($0) }
	/^      "severity": "/ { sev = value($0) }
	/^      "summary": "/ { print id "|" name "|" sev "|" value($0) }
' "$TMP/rules.json" >"$TMP/want"
if [ "$(wc -l <"$TMP/want")" -lt 10 ]; then
	echo "could not read the rules from overpromise rules --format json:"
	cat "$TMP/rules.json"
	exit 1
fi

# The README: the table rows of its "## The rules" section.
awk '
	/^## / { in_rules = ($0 == "## The rules") }
	in_rules && /^\| OVP/ {
		n = split($0, c, "|")
		for (i = 2; i < n; i++) { sub(/^ +/, "", c[i]); sub(/ +$/, "", c[i]) }
		print c[2] "|" c[3] "|" c[4] "|" c[5]
	}
' "$root/README.md" >"$TMP/readme"

# The manual page: the RULES table of the scdoc source, three cells a row
# ("|  OVP001", ":  unplanned", ":  error"), after the header row.
awk '
	/^# / { in_rules = ($0 == "# RULES") }
	in_rules && /^[|:]  / { cell[++n] = substr($0, 4) }
	END { for (i = 1; i + 2 <= n; i += 3) print cell[i] "|" cell[i + 1] "|" cell[i + 2] }
' "$root/cli/overpromise.1.scd" >"$TMP/man"
cut -d'|' -f1-3 "$TMP/want" >"$TMP/want3"

status=0
if ! diff -u "$TMP/want" "$TMP/readme" >"$TMP/diff"; then
	echo "README.md, ## The rules: the table differs from overpromise rules (id|name|severity|summary):"
	cat "$TMP/diff"
	status=1
fi
if ! diff -u "$TMP/want3" "$TMP/man" >"$TMP/diff"; then
	echo "cli/overpromise.1.scd, RULES: the table differs from overpromise rules (id|name|severity):"
	cat "$TMP/diff"
	status=1
fi
[ $status = 0 ] && echo "$(wc -l <"$TMP/want") rules, README and manual page agree"
exit $status
