#!/usr/bin/env python3
"""The shared library exports the public API and nothing else.

Every dynamic symbol it defines (nm -D --defined-only) starts with ovp_
and is declared in a public header (include/overpromise/), and every
function and object declared there is exported.  The declarations are
listed by the compiler (gcc -aux-info), not by reading the headers.

Usage: symbols.py LIBRARY.so   (run from the project root)
"""
import glob
import os
import re
import shutil
import subprocess
import sys
import tempfile

SKIP = 77


def declared(include):
    """The functions and objects the public headers declare extern."""
    gcc = shutil.which('gcc')
    if gcc is None:
        print('symbols: gcc is needed to list the declarations (-aux-info)')
        sys.exit(SKIP)
    headers = sorted(glob.glob(os.path.join(include, 'overpromise', '*.h')))
    with tempfile.TemporaryDirectory() as tmp:
        src = os.path.join(tmp, 'all.c')
        aux = os.path.join(tmp, 'aux.txt')
        with open(src, 'w') as f:
            for h in headers:
                f.write('#include <overpromise/%s>\n' % os.path.basename(h))
        subprocess.run([gcc, '-std=c11', '-I', include, '-fsyntax-only', '-aux-info', aux, src],
                       check=True)
        with open(aux) as f:
            aux_lines = f.read().splitlines()
        functions = set()
        for line in aux_lines:
            m = re.match(r'/\* (\S+):\d+:\w+ \*/ (.*)', line)
            if m is None or os.path.sep + 'overpromise' + os.path.sep not in m.group(1):
                continue
            if m.group(2).startswith('static '):
                continue  # inline in the header, nothing to export
            name = re.search(r'\b(\w+) \(', m.group(2))
            functions.add(name.group(1))
        # Objects: -aux-info lists functions only; take the extern
        # declarations of the preprocessed headers that declare no function.
        pre = subprocess.run([gcc, '-std=c11', '-I', include, '-E', '-P', src], check=True,
                             capture_output=True, text=True).stdout
    pre = re.sub(r'__attribute__\s*\(\((?:[^()]|\([^()]*\))*\)\)', '', pre)
    objects = set(re.findall(r'\bextern\b[^;(){}"]*?\b(ovp_\w+)\s*(?:\[[^\]]*\]\s*)*;', pre))
    return functions | objects


def exported(lib):
    out = subprocess.run(['nm', '-D', '--defined-only', lib], check=True, capture_output=True,
                         text=True).stdout
    names = {line.split()[-1].split('@')[0] for line in out.splitlines() if line.strip()}
    # AddressSanitizer adds an ODR indicator next to each exported object:
    # instrumentation of a sanitizer build, not the library's.
    return {n for n in names if not n.startswith('__odr_asan')}


def main():
    lib = sys.argv[1]
    api = declared('include')
    syms = exported(lib)
    status = 0
    for s in sorted(syms):
        if not s.startswith('ovp_'):
            print('symbols: %s exports %s, which is not ovp_' % (lib, s))
            status = 1
        elif s not in api:
            print('symbols: %s exports %s, which no public header declares' % (lib, s))
            status = 1
    for s in sorted(api - syms):
        print('symbols: %s is declared in include/overpromise/ but not exported '
              '(OVP_EXTERN missing?)' % s)
        status = 1
    if status == 0:
        print('symbols: %d exported, all of the public API' % len(syms))
    return status


if __name__ == '__main__':
    sys.exit(main())
