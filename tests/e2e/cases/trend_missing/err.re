overpromise: @TMP@/none\.jsonl: cannot open the history: No such file or directory
