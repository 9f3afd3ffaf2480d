#!/usr/bin/zsh -f
# What zsh's completion offers for a command line, one match a line: a
# zsh of its own in a pseudo-terminal (zsh/zpty) loads the completion
# function from FUNCDIR, the line is typed with a TAB at its end, and
# compadd is wrapped to write every match it adds to a file.  DUMP is
# compinit's dump file: made by the first run, it spares the next ones
# reading every completion function zsh has.
#
#   complete.zsh FUNCDIR DUMP LINE
#
# Exits 2 when the completion does not finish within ten seconds.
zmodload zsh/zpty || exit 2
funcdir=$1 dump=$2 words=$3
out=$(mktemp) || exit 2
trap 'rm -f $out $out.ready $out.done; zpty -d z 2>/dev/null' EXIT

zpty z zsh -f -i
zpty -w z "PROMPT='' RPROMPT='' out=${(q)out}"
zpty -w z "fpath=(${(q)funcdir} \$fpath); autoload -Uz compinit; compinit -u -d ${(q)dump}"
zpty -w z 'zstyle ":completion:*" insert-tab false; zstyle ":completion:*" list-grouped false'
# compadd: the matches of every call that adds any (not those that only ask, -O -A -D).
# (Typed into the shell's line editor: no tab in it, which would complete.)
zpty -w z 'compadd() {
  if [[ ${@[1,(i)(-|--)]} == *-(O|A|D)\ * ]]; then builtin compadd "$@"; return; fi
  local -a __hits
  builtin compadd -A __hits "$@"
  (( $#__hits )) && print -rl -- $__hits >>$out
  builtin compadd "$@"
}'
zpty -w z 'finished() { print done >$out.done }; comppostfuncs=(finished)'
zpty -w z "bindkey '^I' complete-word; print ready >\$out.ready"
# wait FILE: until the shell writes it (what it prints is read and dropped).
wait_for() {
	local i junk
	for i in {1..1000}; do
		[[ -e $1 ]] && return 0
		zpty -r -t z junk 2>/dev/null
		sleep 0.01
	done
	return 1
}
# The line is typed once the shell has read all of the above.
wait_for $out.ready || exit 2
zpty -w -n z "$words"$'\t'
wait_for $out.done || exit 2
sort -u $out
