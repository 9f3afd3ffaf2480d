# Bash completion for overpromise(1): commands, each command's options, and
# the values of the options that take a fixed set of them.  Installed by
# meson as bash-completion/completions/overpromise.  tests/docs/completion.sh
# checks that the options here are the ones each --help prints.

_overpromise_rules='OVP001 OVP002 OVP003 OVP004 OVP005 OVP006 OVP007 OVP008 OVP009 OVP010 OVP011 OVP012 OVP013 OVP014 OVP015 OVP101 OVP201 unplanned cancelled unscheduled late overdue slip-risk prototype ambiguous fuzzy-match undated no-sign-off slipped low-confidence unconfirmed overcommitted concentration data-quality'

_overpromise()
{
	local cur prev cmd i opts
	COMPREPLY=()
	cur=${COMP_WORDS[COMP_CWORD]}
	prev=${COMP_WORDS[COMP_CWORD - 1]}

	cmd=
	for ((i = 1; i < COMP_CWORD; i++)); do
		case ${COMP_WORDS[i]} in
		check | deal | when | backtest | rules | inspect | aliases | diff | trend | help)
			cmd=${COMP_WORDS[i]}
			break
			;;
		esac
	done

	if [[ $cmd == help ]]; then
		# overpromise help COMMAND
		((COMP_CWORD == i + 1)) && mapfile -t COMPREPLY < <(compgen -W 'check deal when backtest rules inspect aliases diff trend' -- "$cur")
		return
	fi
	if [[ -z $cmd ]]; then
		mapfile -t COMPREPLY < <(compgen -W 'check deal when backtest rules inspect aliases diff trend help --help --version -h -V' -- "$cur")
		return
	fi

	case $prev in
	--deals | --roadmap | -o | --output | --baseline | --write-baseline | --config | --history)
		compopt -o filenames 2>/dev/null
		mapfile -t COMPREPLY < <(compgen -f -- "$cur")
		return
		;;
	--srcroot)
		compopt -o dirnames 2>/dev/null
		mapfile -t COMPREPLY < <(compgen -d -- "$cur")
		return
		;;
	-f | --format)
		case $cmd in
		check | deal)
			mapfile -t COMPREPLY < <(compgen -W 'text json jsonl csv markdown sarif junit github gitlab html' -- "$cur")
			;;
		backtest)
			mapfile -t COMPREPLY < <(compgen -W 'text json markdown' -- "$cur")
			;;
		trend)
			mapfile -t COMPREPLY < <(compgen -W 'text markdown json csv' -- "$cur")
			;;
		diff)
			mapfile -t COMPREPLY < <(compgen -W 'text json markdown html' -- "$cur")
			;;
		*)
			mapfile -t COMPREPLY < <(compgen -W 'text json' -- "$cur")
			;;
		esac
		return
		;;
	--fail-on)
		mapfile -t COMPREPLY < <(compgen -W 'error warning note never' -- "$cur")
		return
		;;
	--color | --colour | --progress)
		mapfile -t COMPREPLY < <(compgen -W 'auto always never' -- "$cur")
		return
		;;
	--select | --ignore)
		# A comma-separated list: complete its last element.
		local head=
		[[ $cur == *,* ]] && head=${cur%,*},
		mapfile -t COMPREPLY < <(compgen -P "$head" -W "$_overpromise_rules" -- "${cur##*,}")
		return
		;;
	--as)
		mapfile -t COMPREPLY < <(compgen -W 'roadmap deals' -- "$cur")
		return
		;;
	--promise | --deal-name | --amount | --close | --as-of | --by | --confidence | --from | --step | --deals-sheet | --roadmap-sheet | --sheet)
		return
		;;
	esac

	case $cmd in
	check)
		opts='--deals --roadmap --deals-sheet --roadmap-sheet --as-of --confidence --currency --fx --format -f --output -o --fail-on --exit-zero --select --ignore --baseline --write-baseline --history --srcroot --config --no-config --color --progress --jobs -j --compact --quiet -q --verbose -v --explain --help -h'
		;;
	deal)
		opts='--roadmap --roadmap-sheet --promise --deal-name --amount --close --as-of --confidence --currency --fx --format -f --output -o --fail-on --exit-zero --select --ignore --baseline --write-baseline --srcroot --config --no-config --color --progress --compact --quiet -q --verbose -v --explain --help -h'
		;;
	when)
		opts='--roadmap --roadmap-sheet --confidence --by --as-of --format -f --config --no-config --help -h'
		;;
	backtest)
		opts='--roadmap --roadmap-sheet --from --step --confidence --as-of --format -f --config --no-config --help -h'
		;;
	rules)
		opts='--format -f --help -h'
		;;
	inspect)
		opts='--as --sheet --format -f --as-of --config --no-config --help -h'
		;;
	aliases)
		opts='--deals --roadmap --deals-sheet --roadmap-sheet --as-of --config --no-config --help -h'
		;;
	trend)
		opts='--format -f --output -o --help -h'
		;;
	diff)
		opts='--format -f --output -o --fail-on --color --help -h'
		;;
	*)
		opts=
		;;
	esac
	if [[ ($cmd == inspect || $cmd == trend || $cmd == diff) && $cur != -* ]]; then
		compopt -o filenames 2>/dev/null
		mapfile -t COMPREPLY < <(compgen -f -- "$cur")
		return
	fi
	if [[ $cur == -* || $cmd != when ]]; then
		mapfile -t COMPREPLY < <(compgen -W "$opts" -- "$cur")
	fi
}
complete -F _overpromise overpromise
