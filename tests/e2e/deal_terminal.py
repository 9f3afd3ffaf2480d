#!/usr/bin/python3
"""deal with no --promise, on a terminal: it says how to type the promises.

    deal_terminal.py BINARY

Run by deal_terminal.sh.  Runs `overpromise deal` from the project root with its standard input a
pseudo-terminal, types a promise and Ctrl-D, and checks that standard
error holds exactly the prompt, and that the promise was read (its
finding is on standard output).  With standard input a file, no prompt
is written (the deal_stdin case shows that).  OVP_WRAPPER, when set, is a
command the binary runs under (valgrind, as run.sh does), its report on
file descriptor 9 of a file whose content fails the test.
"""
import os
import pty
import subprocess
import sys
import tempfile
import termios

PROMPT = b"overpromise: type one promise a line, end with Ctrl-D\n"


def main(binary):
    os.chdir(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
    master, slave = pty.openpty()
    attrs = termios.tcgetattr(slave)
    attrs[3] &= ~termios.ECHO  # what is typed is not the question here
    termios.tcsetattr(slave, termios.TCSANOW, attrs)
    env = dict(os.environ, NO_COLOR="1", TZ="UTC", LC_ALL="C")
    wrapper = os.environ.get("OVP_WRAPPER", "").split()
    log = tempfile.TemporaryFile()
    pass_fds = ()
    if wrapper:
        os.dup2(log.fileno(), 9)
        pass_fds = (9,)
    proc = subprocess.Popen(
        wrapper + [binary, "deal", "--roadmap", "examples/roadmap.csv", "--as-of", "2026-11-26",
                   "--no-config", "--deal-name", "At the terminal"],
        stdin=slave, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, pass_fds=pass_fds)
    os.close(slave)
    os.write(master, b"SSO by 2027-01-15\n")
    os.write(master, attrs[6][termios.VEOF])  # Ctrl-D
    try:
        out, err = proc.communicate(timeout=60)
    finally:
        os.close(master)
    status = 0
    log.seek(0)
    report = log.read()
    log.close()
    if wrapper:
        if report:
            print("%s reported:\n%s" % (wrapper[0], report.decode("utf-8", "replace")))
            status = 1
    if err != PROMPT:
        print("standard error: %r, expected %r" % (err, PROMPT))
        status = 1
    if b"OVP004 late" not in out or b"1 deal checked, 1 promise" not in out:
        print("the typed promise was not checked:\n" + out.decode("utf-8", "replace"))
        status = 1
    if proc.returncode != 1:
        print("exit status %d, expected 1" % proc.returncode)
        status = 1
    if status == 0:
        print("deal on a terminal says how to type the promises, and reads them")
    return status


if __name__ == "__main__":
    sys.exit(main(os.path.abspath(sys.argv[1])))
