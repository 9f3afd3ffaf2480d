overpromise: @TMP@/notes\.csv:1: not a history of overpromise runs \(its first line is no run; check --history FILE writes one\)
