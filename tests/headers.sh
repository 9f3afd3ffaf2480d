#!/usr/bin/env bash
# Every public header compiles on its own, with nothing included before it.
set -u
cc=${1:-cc}
root=$(cd "$(dirname "$0")/.." && pwd)
status=0
for h in "$root"/include/overpromise/*.h; do
	name=overpromise/$(basename "$h")
	if ! printf '#include <%s>\n#include <%s>\n' "$name" "$name" |
		"$cc" -std=c11 -pedantic -Wall -Wextra -Werror -fsyntax-only -I "$root/include" -x c -; then
		echo "$name does not compile on its own"
		status=1
	fi
done
exit $status
