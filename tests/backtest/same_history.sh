#!/usr/bin/env bash
# The generated history the backtest goldens run on is what the generator
# writes today: gen_history --items 300, byte for byte.
#
#   same_history.sh GEN_HISTORY FILE
set -u
if ! "$1" --items 300 | cmp -s - "$2"; then
	echo "$2 is not the output of gen_history --items 300; regenerate it"
	exit 1
fi
