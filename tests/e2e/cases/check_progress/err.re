17 rows, 14 deals, 0\.0 MB of 0\.0 MB(, [0-9]+\.[0-9] MB/s)?
