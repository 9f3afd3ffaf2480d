#!/usr/bin/env bash
# deal with no --promise, its standard input a terminal, says how to type
# the promises (tests/e2e/deal_terminal.py, which needs Python's pty
# module; /usr/bin/python3 has it).  A script, so that meson's valgrind
# setup wraps bash and the binary runs under OVP_WRAPPER, as in run.sh.
#
#   deal_terminal.sh BINARY
[ -x /usr/bin/python3 ] || { echo "SKIP: /usr/bin/python3 not found"; exit 77; }
exec /usr/bin/python3 "$(dirname "$0")/deal_terminal.py" "$1"
