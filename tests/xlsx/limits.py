#!/usr/bin/python3
"""Hostile workbooks are refused clearly and in bounded memory.

Each workbook of tests/xlsx/gen_xlsx.py's hostile fixtures is checked as a
deals export: the run must exit 2 with an error naming the workbook and
what is wrong, and its peak resident memory must stay under MAX_RSS_MB,
however much the workbook would inflate to.  A large, honest workbook must
be read to its end within the same memory: the sheet is streamed.

    limits.py BINARY

The binary may be built with AddressSanitizer, whose shadow memory counts
in the resident size; its quarantine of freed memory is kept small here so
that the figure still says what the reader holds.
"""

import os
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)
import gen_xlsx  # noqa: E402

MAX_RSS_MB = 160

CASES = [
    # fixture, what the error must say
    ("bomb_ratio", r"deals\.xlsx: xl/worksheets/sheet1\.xml inflates \d+ bytes to 16 MiB, more "
                   r"than 200 times its size: a zip bomb, not read"),
    ("bomb_lying", r"deals\.xlsx: xl/worksheets/sheet1\.xml inflates to more than the 1000 bytes "
                   r"the archive declares: damaged, or a zip bomb; not read"),
    ("bomb_strings", r"deals\.xlsx: xl/sharedStrings\.xml inflates to more than the 4096 bytes"),
    ("long_row", r"deals\.xlsx:2: row longer than 64 MiB"),
    ("long_tag", r"deals\.xlsx(:1)?: xl/worksheets/sheet1\.xml holds an XML tag longer than 16 MiB"),
    ("many_rows", r"deals\.xlsx: the row after row 2 is numbered past 1048576"),
]


def run(binary, args, cwd):
    """Run the binary; returns its exit status, its standard error and its peak RSS in MiB."""
    env = dict(os.environ, LC_ALL="C", NO_COLOR="1",
               ASAN_OPTIONS="quarantine_size_mb=8:detect_leaks=1")
    # Each run in a child of its own, so that ru_maxrss is this run's alone.
    pid = os.fork()
    if pid == 0:
        rfd = os.open(os.path.join(cwd, "err"), os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
        os.dup2(rfd, 2)
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, 1)
        os.chdir(cwd)
        os.execve(binary, [binary] + args, env)
    _, status, usage = os.wait4(pid, 0)
    with open(os.path.join(cwd, "err")) as f:
        err = f.read()
    return os.waitstatus_to_exitcode(status), err, usage.ru_maxrss / 1024


def main(argv):
    if len(argv) != 2:
        sys.stderr.write(__doc__)
        return 2
    binary = os.path.abspath(argv[1])
    failed = 0
    with tempfile.TemporaryDirectory() as tmp:
        with open(os.path.join(ROOT, "examples/roadmap.csv"), "rb") as src, \
                open(os.path.join(tmp, "roadmap.csv"), "wb") as dst:
            dst.write(src.read())
        args = ["check", "--deals", "deals.xlsx", "--roadmap", "roadmap.csv",
                "--as-of", "2026-11-26", "--no-config"]
        for fixture, want in CASES:
            gen_xlsx.FIXTURES[fixture](os.path.join(tmp, "deals.xlsx"))
            rc, err, rss = run(binary, args, tmp)
            ok = rc == 2 and re.search(want, err) is not None and rss < MAX_RSS_MB
            print("%-13s exit %d, %5.1f MiB: %s" % (fixture, rc, rss, err.strip()))
            if not ok:
                print("  expected exit 2, under %d MiB, saying /%s/" % (MAX_RSS_MB, want))
                failed += 1

        # An honest sheet of 200,000 deals (75 MiB of XML) is streamed.  It is
        # written by another process: a child of this one would start with its
        # memory, and the rows take a lot of it.
        subprocess.run([sys.executable, os.path.join(HERE, "gen_xlsx.py"), "fixture", "large",
                        os.path.join(tmp, "deals.xlsx")], check=True)
        rc, err, rss = run(binary, args + ["--select", "data-quality"], tmp)
        print("%-13s exit %d, %5.1f MiB: %s" % ("large", rc, rss, err.strip()))
        if rc != 0 or err or rss >= MAX_RSS_MB:
            print("  expected exit 0, nothing on stderr, under %d MiB" % MAX_RSS_MB)
            failed += 1
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
