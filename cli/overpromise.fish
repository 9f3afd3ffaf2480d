# Fish completion for overpromise(1): commands, each command's options, and
# the values of the options that take a fixed set of them.  Installed by
# meson into fish's vendor completions.  tests/docs/completion_fish.sh
# checks, through fish's own completion, that the options here are the
# ones each --help prints.

set -l commands check deal when backtest rules inspect aliases diff trend help

complete -c overpromise -f
complete -c overpromise -n "not __fish_seen_subcommand_from $commands" -a check -d 'check every deal of a CRM export'
complete -c overpromise -n "not __fish_seen_subcommand_from $commands" -a deal -d 'check one deal before signing it'
complete -c overpromise -n "not __fish_seen_subcommand_from $commands" -a when -d 'the date each feature can be promised for'
complete -c overpromise -n "not __fish_seen_subcommand_from $commands" -a backtest -d "how the forecasts did on the roadmap's history"
complete -c overpromise -n "not __fish_seen_subcommand_from $commands" -a rules -d 'the rule catalogue with rationale'
complete -c overpromise -n "not __fish_seen_subcommand_from $commands" -a inspect -d 'how an export is read: columns, dates, rows'
complete -c overpromise -n "not __fish_seen_subcommand_from $commands" -a aliases -d 'an [aliases] section for the promises to confirm'
complete -c overpromise -n "not __fish_seen_subcommand_from $commands" -a diff -d 'what changed between two reports of check'
complete -c overpromise -n "not __fish_seen_subcommand_from $commands" -a trend -d 'the history of runs that check --history keeps'
complete -c overpromise -n "not __fish_seen_subcommand_from $commands" -a help -d 'the help of a command'
complete -c overpromise -n "not __fish_seen_subcommand_from $commands" -s h -l help -d 'show the help and exit'
complete -c overpromise -n "not __fish_seen_subcommand_from $commands" -s V -l version -d 'show the version and exit'
complete -c overpromise -n "__fish_seen_subcommand_from help; and test (count (commandline -opc)) -eq 2" -a 'check deal when backtest rules inspect aliases diff trend'

# Rule IDs and names for --select and --ignore: a comma-separated list, its last element completed.
function __overpromise_rules
    set -l token (commandline -ct)
    set -l head (string replace -r '[^,]*$' '' -- $token)
    for r in OVP001 OVP002 OVP003 OVP004 OVP005 OVP006 OVP007 OVP008 OVP009 OVP010 OVP011 OVP012 \
            OVP013 OVP014 OVP015 OVP101 OVP201 unplanned cancelled unscheduled late overdue slip-risk \
            prototype ambiguous fuzzy-match undated no-sign-off slipped low-confidence unconfirmed overcommitted \
            concentration data-quality
        echo $head$r
    end
end

# check and deal
set -l run '__fish_seen_subcommand_from check deal'
complete -c overpromise -n '__fish_seen_subcommand_from check' -l deals -r -F -d 'the deals export (- for standard input)'
complete -c overpromise -n '__fish_seen_subcommand_from check' -l deals-sheet -x -d "the deals' sheet in a workbook"
complete -c overpromise -n '__fish_seen_subcommand_from check' -l history -r -F -d "append this run's figures to FILE (JSON lines)"
complete -c overpromise -n $run -l roadmap -r -F -d 'the roadmap export'
complete -c overpromise -n $run -l roadmap-sheet -x -d "the roadmap's sheet in a workbook"
complete -c overpromise -n '__fish_seen_subcommand_from deal' -l promise -x -d 'a promise, "FEATURE [by DATE]"'
complete -c overpromise -n '__fish_seen_subcommand_from deal' -l deal-name -x -d "the deal's name"
complete -c overpromise -n '__fish_seen_subcommand_from deal' -l amount -x -d "the deal's amount, with an optional currency"
complete -c overpromise -n '__fish_seen_subcommand_from deal' -l close -x -d "the deal's close date"
complete -c overpromise -n $run -l as-of -x -d 'the day the check is made for'
complete -c overpromise -n $run -l confidence -x -d 'how sure a suggested date must be'
complete -c overpromise -n $run -l currency -x -d 'the reporting currency of the total value at risk'
complete -c overpromise -n $run -l fx -x -d 'exchange rates into the reporting currency (CUR=RATE,...)'
complete -c overpromise -n $run -s f -l format -x -a 'text json jsonl csv markdown sarif junit github gitlab html' -d 'report format (repeat -f and -o for several reports)'
complete -c overpromise -n $run -s o -l output -r -F -d 'write the report to FILE, atomically'
complete -c overpromise -n $run -l fail-on -x -a 'error warning note never' -d 'exit 1 when a finding at or above LEVEL remains'
complete -c overpromise -n $run -l exit-zero -d 'exit 0 even with findings'
complete -c overpromise -n $run -l select -x -a '(__overpromise_rules)' -d 'only these rules'
complete -c overpromise -n $run -l ignore -x -a '(__overpromise_rules)' -d 'skip these rules'
complete -c overpromise -n $run -l baseline -r -F -d 'findings in FILE are reported as suppressed'
complete -c overpromise -n $run -l write-baseline -r -F -d 'write the fingerprints of the findings to FILE'
complete -c overpromise -n $run -l srcroot -x -a '(__fish_complete_directories)' -d 'SARIF locations are relative to DIR'
complete -c overpromise -n $run -l config -r -F -d 'read the configuration from FILE'
complete -c overpromise -n $run -l no-config -d 'do not look for a configuration file'
complete -c overpromise -n $run -l color -x -a 'auto always never' -d 'colour the text report'
complete -c overpromise -n $run -l progress -x -a 'auto always never' -d 'a progress bar on stderr for large inputs'
complete -c overpromise -n $run -l compact -d 'write JSON without indentation'
complete -c overpromise -n '__fish_seen_subcommand_from check' -s j -l jobs -x -a '1 2' -d 'threads: 1, or 2 to read and match on one'
complete -c overpromise -n $run -s q -l quiet -d 'findings only, no summary'
complete -c overpromise -n $run -s v -l verbose -d 'explain how every promise matched'
complete -c overpromise -n $run -l explain -d 'explain how every promise matched'
complete -c overpromise -n $run -s h -l help -d 'show the help and exit'

# when
set -l when '__fish_seen_subcommand_from when'
complete -c overpromise -n $when -l roadmap -r -F -d 'the roadmap export'
complete -c overpromise -n $when -l roadmap-sheet -x -d "the roadmap's sheet in a workbook"
complete -c overpromise -n $when -l confidence -x -d 'how sure the date must be, between 0 and 1'
complete -c overpromise -n $when -l by -x -d 'also give the probability of making DATE'
complete -c overpromise -n $when -l as-of -x -d 'the day the question is asked'
complete -c overpromise -n $when -s f -l format -x -a 'text json' -d 'output format'
complete -c overpromise -n $when -l config -r -F -d 'read the configuration from FILE'
complete -c overpromise -n $when -l no-config -d 'do not look for a configuration file'
complete -c overpromise -n $when -s h -l help -d 'show the help and exit'

# rules
set -l rules '__fish_seen_subcommand_from rules'
complete -c overpromise -n $rules -s f -l format -x -a 'text json' -d 'output format'
complete -c overpromise -n $rules -s h -l help -d 'show the help and exit'

# inspect: FILE, and its options
set -l inspect '__fish_seen_subcommand_from inspect'
complete -c overpromise -n $inspect -F
complete -c overpromise -n $inspect -l as -x -a 'roadmap deals' -d 'read the file as a roadmap or deals export'
complete -c overpromise -n $inspect -l sheet -x -d 'the sheet to read in a workbook'
complete -c overpromise -n $inspect -s f -l format -x -a 'text json' -d 'output format'
complete -c overpromise -n $inspect -l as-of -x -d 'the day Now and Next are counted from'
complete -c overpromise -n $inspect -l config -r -F -d 'read the configuration from FILE'
complete -c overpromise -n $inspect -l no-config -d 'do not look for a configuration file'
complete -c overpromise -n $inspect -s h -l help -d 'show the help and exit'

# aliases
set -l aliases '__fish_seen_subcommand_from aliases'
complete -c overpromise -n $aliases -l deals -r -F -d 'the deals export (- for standard input)'
complete -c overpromise -n $aliases -l deals-sheet -x -d "the deals' sheet in a workbook"
complete -c overpromise -n $aliases -l roadmap -r -F -d 'the roadmap export'
complete -c overpromise -n $aliases -l roadmap-sheet -x -d "the roadmap's sheet in a workbook"
complete -c overpromise -n $aliases -l as-of -x -d 'the day the roadmap is read for'
complete -c overpromise -n $aliases -l config -r -F -d 'read the configuration from FILE'
complete -c overpromise -n $aliases -l no-config -d 'do not look for a configuration file'
complete -c overpromise -n $aliases -s h -l help -d 'show the help and exit'

# backtest
set -l backtest '__fish_seen_subcommand_from backtest'
complete -c overpromise -n $backtest -l roadmap -r -F -d 'the roadmap export'
complete -c overpromise -n $backtest -l roadmap-sheet -x -d "the roadmap's sheet in a workbook"
complete -c overpromise -n $backtest -l from -x -d 'the first cut-off day'
complete -c overpromise -n $backtest -l step -x -d 'days between cut-offs'
complete -c overpromise -n $backtest -l confidence -x -d 'the confidence of the when dates'
complete -c overpromise -n $backtest -l as-of -x -d 'what has happened is known up to this day'
complete -c overpromise -n $backtest -s f -l format -x -a 'text json markdown' -d 'output format'
complete -c overpromise -n $backtest -l config -r -F -d 'read the configuration from FILE'
complete -c overpromise -n $backtest -l no-config -d 'do not look for a configuration file'
complete -c overpromise -n $backtest -s h -l help -d 'show the help and exit'

# diff OLD NEW
set -l diff '__fish_seen_subcommand_from diff'
complete -c overpromise -n $diff -F
complete -c overpromise -n $diff -s f -l format -x -a 'text json markdown html' -d 'output format'
complete -c overpromise -n $diff -s o -l output -r -F -d 'write the comparison to FILE, atomically'
complete -c overpromise -n $diff -l fail-on -x -a 'error warning note never' -d 'exit 1 when a new or worse finding is at or above LEVEL'
complete -c overpromise -n $diff -l color -x -a 'auto always never' -d 'colour the text'
complete -c overpromise -n $diff -s h -l help -d 'show the help and exit'

# trend FILE
set -l trend '__fish_seen_subcommand_from trend'
complete -c overpromise -n $trend -F
complete -c overpromise -n $trend -s f -l format -x -a 'text markdown json csv' -d 'output format'
complete -c overpromise -n $trend -s o -l output -r -F -d 'write the table to FILE, atomically'
complete -c overpromise -n $trend -s h -l help -d 'show the help and exit'
