#!/usr/bin/env bash
# End-to-end test of the built binary: run one case and compare the whole
# standard output, standard error and exit status with the expected ones.
#
#   run.sh BINARY CASE_DIR
#
# A case directory holds:
#   args       the arguments, as shell words (read with eval), run from the
#              project root; "$TMP" names a scratch directory of the case
#   stdin      optional: fed to standard input (else /dev/null, or the
#              file a setup names in $stdin, for input too large to keep)
#   setup      optional: shell commands run first, in the project root;
#              "exit 77" there skips the case (meson counts it as skipped)
#   out        expected standard output (missing: must be empty)
#   err        expected standard error (missing: must be empty)
#   err.re     instead of err: an extended regular expression that the whole of
#              standard error must match (for output that holds timings)
#   rc         expected exit status (missing: 0)
#   files      optional: "NAME EXPECTED" lines; $TMP/NAME must equal EXPECTED
#   absent     optional: glob patterns, one a line, that must match no file
#              in $TMP after the run (a report that must not be left behind)
#
# The project root's absolute path (as the system resolves it, and as a
# percent-encoded file URI writes it) stands as @ROOT@ in the expected
# files, and $TMP's as @TMP@, so that output that names them (SARIF's
# %SRCROOT%, a configuration file found in $TMP) does not depend on where
# the project is checked out or on the scratch directory's name.
#
# With OVP_UPDATE_GOLDEN=1 the expected files are rewritten from the run,
# for a person to review with git diff.
#
# OVP_E2E_JOBS, when set, is added as --jobs to the arguments of a check
# case (tests/e2e/jobs_same.sh: every thread count gives the same output).
#
# OVP_WRAPPER, when set, is a command the binary runs under, split into
# words ("valgrind --error-exitcode=125 --log-fd=9 ..."; meson test
# --setup valgrind sets it).  Its own report goes to file descriptor 9,
# kept apart from the binary's standard error; anything it writes there
# fails the case and is shown.
set -u
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
case_dir=$(cd "$2" && pwd)
root=$(cd "$(dirname "$0")/../.." && pwd)
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
export TMP NO_COLOR=1 TZ=UTC LC_ALL=C
unset SOURCE_DATE_EPOCH XDG_CONFIG_HOME
export HOME="$TMP/home"
mkdir -p "$HOME"

cd "$root" || exit 1
root_real=$(pwd -P)
# The root as a URI path: every byte but [A-Za-z0-9._~/-] percent-encoded.
root_uri=$(LC_ALL=C; s=$root_real; for ((i = 0; i < ${#s}; i++)); do
	c=${s:i:1}
	case $c in [A-Za-z0-9._~/-]) printf '%s' "$c" ;; *) printf '%%%02X' "'$c" ;; esac
done)
sed_quote() { printf '%s' "$1" | sed -e 's/[]\/$*.^[|]/\\&/g'; }
tmp_real=$(cd "$TMP" && pwd -P)
mask() { # file: the root's path as @ROOT@, the scratch directory's as @TMP@
	[ -f "$1" ] && sed -i -e "s|$(sed_quote "$tmp_real")|@TMP@|g" \
		-e "s|$(sed_quote "$root_real")|@ROOT@|g" \
		-e "s|$(sed_quote "$root_uri")|@ROOT@|g" "$1"
	return 0
}
stdin=/dev/null
if [ -f "$case_dir/setup" ]; then
	# shellcheck disable=SC1091
	. "$case_dir/setup"
fi
eval "set -- $(cat "$case_dir/args")"
if [ -n "${OVP_E2E_JOBS:-}" ] && [ "${1:-}" = check ]; then
	set -- "$@" --jobs "$OVP_E2E_JOBS"
fi
[ -f "$case_dir/stdin" ] && stdin=$case_dir/stdin
# shellcheck disable=SC2086 # the wrapper is a command with its options
${OVP_WRAPPER:-} "$bin" "$@" <"$stdin" >"$TMP/out" 2>"$TMP/err" 9>"$TMP/wrapper.log"
rc=$?
mask "$TMP/out"
mask "$TMP/err"
if [ -f "$case_dir/files" ]; then
	while read -r name expected; do
		mask "$TMP/$name"
	done <"$case_dir/files"
fi

if [ "${OVP_UPDATE_GOLDEN:-}" = 1 ]; then
	if [ -s "$TMP/out" ]; then cp "$TMP/out" "$case_dir/out"; else rm -f "$case_dir/out"; fi
	if [ -f "$case_dir/err.re" ]; then :; elif [ -s "$TMP/err" ]; then cp "$TMP/err" "$case_dir/err"; else rm -f "$case_dir/err"; fi
	if [ "$rc" != 0 ]; then echo "$rc" >"$case_dir/rc"; else rm -f "$case_dir/rc"; fi
	if [ -f "$case_dir/files" ]; then
		while read -r name expected; do
			cp "$TMP/$name" "$case_dir/$expected"
		done <"$case_dir/files"
	fi
	exit 0
fi

status=0
if [ -s "$TMP/wrapper.log" ]; then
	echo "${OVP_WRAPPER%% *} reported:"; cat "$TMP/wrapper.log"; status=1
fi
expect() { # expected-file actual-file what
	if [ -f "$1" ]; then
		diff -u "$1" "$2" >"$TMP/diff" || { echo "$3 differs:"; cat "$TMP/diff"; status=1; }
	elif [ -s "$2" ]; then
		echo "unexpected $3:"; cat "$2"; status=1
	fi
}
expect "$case_dir/out" "$TMP/out" "standard output"
if [ -f "$case_dir/err.re" ]; then
	if ! grep -Eqx -f "$case_dir/err.re" "$TMP/err" || [ "$(wc -l <"$TMP/err")" != 1 ]; then
		echo "standard error does not match $(cat "$case_dir/err.re"):"; cat "$TMP/err"; status=1
	fi
else
	expect "$case_dir/err" "$TMP/err" "standard error"
fi
want_rc=0
[ -f "$case_dir/rc" ] && want_rc=$(cat "$case_dir/rc")
if [ "$rc" != "$want_rc" ]; then
	echo "exit status $rc, expected $want_rc"
	status=1
fi
if [ -f "$case_dir/files" ]; then
	while read -r name expected; do
		if ! diff -u "$case_dir/$expected" "$TMP/$name" >"$TMP/diff"; then
			echo "$name differs:"; cat "$TMP/diff"; status=1
		fi
	done <"$case_dir/files"
fi
if [ -f "$case_dir/absent" ]; then
	while read -r pattern; do
		for f in "$TMP"/$pattern; do
			[ -e "$f" ] && { echo "${f#"$TMP"/} should not exist"; status=1; }
		done
	done <"$case_dir/absent"
fi
exit $status
