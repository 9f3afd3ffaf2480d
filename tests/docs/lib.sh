# shellcheck shell=bash
# Shell functions shared by the tests of the documentation: what a --help
# of the built program lists.  Sourced, with $bin naming the program.
: "${bin:?}"

# The options of one --help, one a line, as the help writes them:
# "-f, --format FMT", "--deals FILE", "-v, --verbose, --explain".
help_options() { # [command]
	"$bin" "$@" --help | awk '
		/^(  |      )-/ {
			sub(/^ +/, "")
			if (match($0, /^(-[A-Za-z0-9](, )?)?(--[a-z][-a-z]*)?( [A-Z]+)?(, --[a-z][-a-z]*)*/))
				print substr($0, RSTART, RLENGTH)
		}
	'
}

# The option words of one --help, one a line: "-f", "--format", "--deals".
help_option_words() { # [command]
	help_options "$@" | sed 's/ [A-Z][A-Z]*//; s/, /\n/g'
}

# The formats that one --help gives for -f, --format, one a line: its
# description ("text, json, csv or gitlab (default: text)", wrapped over
# lines) without the default, split at "," and "or".
help_formats() { # command
	"$bin" "$1" --help | awk '
		on && (/^(  |      )-/ || !/^      /) { on = 0 }
		on { text = text " " $0 }
		/^  -f, --format FMT / { on = 1; text = $0; sub(/^  -f, --format FMT +/, "", text) }
		END {
			sub(/\(default.*/, "", text)
			gsub(/,/, " ", text)
			n = split(text, w, " ")
			for (i = 1; i <= n; i++) if (w[i] != "or") print w[i]
		}
	'
}

# The commands of the main --help, one a line.
help_commands() {
	"$bin" --help | awk '/^Commands:/ { on = 1; next } on && /^$/ { on = 0 } on { print $1 }'
}

# The rule IDs and names of `overpromise rules --format json`, one a line
# (jansson's indented output: a member a line).
rule_words() {
	"$bin" rules --format json | sed -n 's/^      "\(id\|name\)": "\(.*\)",$/\2/p' | sort -u
}
