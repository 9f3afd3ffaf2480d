#!/usr/bin/env bash
# The CI recipes of the README ("## In CI": the ```yaml blocks) can be
# followed literally:
#
# - every ./build/cli/overpromise command in them takes only options that its
#   command's --help lists, names only input files that exist in the project
#   (examples/deals.csv), and runs: from a scratch copy of the project root
#   with the built program as ./build/cli/overpromise, it exits 0 or 1 (not 2)
#   and writes nothing on standard error; the baseline it may read is the one
#   the section's own --write-baseline command writes, run first;
# - every report a recipe hands to its CI (sarif_file:, codequality:,
#   junit:) is a file that one of its commands writes with -o;
# - a recipe that runs ./build/cli/overpromise builds it with
#   `meson setup build`, and installs only packages that .ci/run installs
#   (which CI proves to be enough to build);
# - each whole workflow or job (a block that does not start indented) is
#   valid YAML, where python3-yaml is installed.
#
#   ci_recipes.sh BINARY
set -u
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
root=$(cd "$(dirname "$0")/../.." && pwd)
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
# shellcheck source=tests/docs/lib.sh
. "$(dirname "$0")/lib.sh"

# The section, and its yaml blocks as blocks/N.yml.
awk '/^## / { on = ($0 == "## In CI") } on' "$root/README.md" >"$TMP/section"
mkdir -p "$TMP/blocks"
awk -v dir="$TMP/blocks" '
	/^```yaml[ \t]*$/ { n++; f = dir "/" n ".yml"; printf "" > f; next }
	f != "" && /^```[ \t]*$/ { close(f); f = ""; next }
	f != "" { print >> f }
' "$TMP/section"
nblocks=$(find "$TMP/blocks" -name '*.yml' | wc -l)
if [ "$nblocks" -lt 2 ]; then
	echo "README.md: expected the GitHub and GitLab recipes as yaml blocks under ## In CI"
	exit 1
fi

mkdir -p "$TMP/work/build/cli" "$TMP/home"
cp -R "$root/examples" "$TMP/work/examples"
ln -s "$bin" "$TMP/work/build/cli/overpromise"
export NO_COLOR=1 TZ=UTC LC_ALL=C HOME="$TMP/home"
unset SOURCE_DATE_EPOCH XDG_CONFIG_HOME

# The packages that .ci/run installs.
sed -n '/apt-get.* install /,/[^\\]$/p' "$root/.ci/run" | tr ' \t\\' '\n\n\n' |
	grep -E '^[a-z0-9][a-z0-9.+-]+$' | sort -u >"$TMP/ci-packages"

status=0
fail() { echo "$*"; status=1; }

# The baseline: the section's own command that writes it, run first.
base_cmd=$(awk '
	/^```console/ { on = 1; next } /^```/ { on = 0 }
	on && /^\$ / { cmd = substr($0, 3); cont = /\\$/; if (!cont && cmd ~ /--write-baseline/) print cmd; next }
	on && cont { cmd = cmd "\n" $0; cont = /\\$/; if (!cont && cmd ~ /--write-baseline/) print cmd }
' "$TMP/section")
if grep -q -- '--baseline' "$TMP/blocks"/*.yml; then
	if [ -z "$base_cmd" ]; then
		fail "a recipe reads a baseline, but the section shows no command that writes one"
	else
		(
			cd "$TMP/work" || exit 2
			overpromise() { "$bin" "$@"; }
			eval "$base_cmd"
		) >/dev/null 2>"$TMP/err" || fail "the command that writes the baseline fails: $(cat "$TMP/err")"
	fi
fi

for ((b = 1; b <= nblocks; b++)); do
	yml=$TMP/blocks/$b.yml
	what="README.md, ## In CI, yaml block $b"
	grep -o '\./build/cli/overpromise .*' "$yml" | sed 's/["'"'"']*[ \t]*$//' >"$TMP/cmds"
	if [ -s "$TMP/cmds" ] && [ "$(head -c 1 "$yml")" != " " ]; then
		grep -q 'meson setup build' "$yml" || fail "$what: runs ./build/cli/overpromise but does not build it with meson setup build"
	fi

	# Packages, from every apt-get install of the block.
	grep -o 'apt-get install[^&]*' "$yml" | tr ' ' '\n' | grep -E '^[a-z0-9][a-z0-9.+-]+$' |
		grep -vx -e apt-get -e install | sort -u >"$TMP/packages"
	while IFS= read -r p; do
		grep -qx "$p" "$TMP/ci-packages" || fail "$what: installs $p, which .ci/run does not"
	done <"$TMP/packages"

	: >"$TMP/written"
	while IFS= read -r cmd; do
		eval "words=($cmd)"
		sub=${words[1]:-}
		help_option_words "$sub" >"$TMP/options" 2>/dev/null
		if [ ! -s "$TMP/options" ]; then
			fail "$what: \"$sub\" is not a command of overpromise"
			continue
		fi
		for ((i = 2; i < ${#words[@]}; i++)); do
			w=${words[i]}
			case $w in
			-*)
				grep -qx -- "$w" "$TMP/options" || fail "$what: $sub has no option $w"
				;;
			esac
			case $w in
			-o | --output | --write-baseline) echo "${words[i + 1]:-}" >>"$TMP/written" ;;
			--deals | --roadmap | --config)
				[ -f "$root/${words[i + 1]:-}" ] || fail "$what: ${words[i + 1]:-} does not exist in the project"
				;;
			esac
		done
		(cd "$TMP/work" && eval "$cmd") >/dev/null 2>"$TMP/err"
		rc=$?
		if [ $rc -gt 1 ] || [ -s "$TMP/err" ]; then
			fail "$what: \`$cmd\` exits $rc: $(cat "$TMP/err")"
		fi
	done <"$TMP/cmds"

	# The reports handed to the CI.
	sed -n 's/^ *\(sarif_file\|codequality\|junit\): *//p' "$yml" >"$TMP/reports"
	while IFS= read -r r; do
		grep -qx -- "$r" "$TMP/written" || fail "$what: $r is handed to the CI but no command writes it"
		[ -s "$TMP/work/$r" ] || fail "$what: $r was not written"
	done <"$TMP/reports"

	if [ "$(head -c 1 "$yml")" != " " ] && /usr/bin/python3 -c 'import yaml' 2>/dev/null; then
		/usr/bin/python3 -c 'import sys, yaml; yaml.safe_load(open(sys.argv[1]))' "$yml" 2>"$TMP/err" ||
			fail "$what: not valid YAML: $(cat "$TMP/err")"
	fi
done

[ $status = 0 ] && echo "$nblocks yaml blocks: their commands, files and reports check out"
exit $status
