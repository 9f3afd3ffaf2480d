#!/usr/bin/python3
"""Validate overpromise's JSON documents against their schemas (cli/*.schema.json).

    json_schema.py [--prefix N] [--any] FILE...

Each FILE is a JSON document; its "format" field ("overpromise-report/2")
names the schema, the one whose $id ends with it.  A document that names
no format of overpromise is an error, unless --any is given, when it is
left alone (a SARIF or GitLab report among the goldens).  --prefix N reads
only the first N findings of a report, and its summary, from a report too
large to load whole (the benchmark's): the head and the summary are cut
out of the text, which is jansson's indented output.

The schemas themselves are checked against draft 2020-12 first, and each
$id must end with the format its "format" field's const names.  Exits 0
when everything validates, 1 when something does not, 77 (a skip for
meson) when python3-jsonschema is not installed.
"""
import glob
import json
import os
import sys

try:
    import jsonschema
except ImportError:
    print("SKIP: python3-jsonschema is not installed")
    sys.exit(77)

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def load_schemas():
    """The schemas of cli/, by the format they describe."""
    schemas = {}
    for path in sorted(glob.glob(os.path.join(ROOT, "cli", "*.schema.json"))):
        with open(path, encoding="utf-8") as f:
            schema = json.load(f)
        jsonschema.Draft202012Validator.check_schema(schema)
        if schema.get("$schema") != "https://json-schema.org/draft/2020-12/schema":
            raise SystemExit("%s: not a draft 2020-12 schema" % path)
        fmt = schema["properties"]["format"]["const"]
        if not schema["$id"].endswith(":" + fmt):
            raise SystemExit("%s: $id %s does not name %s" % (path, schema["$id"], fmt))
        schemas[fmt] = jsonschema.Draft202012Validator(schema)
    if not schemas:
        raise SystemExit("no schema found in %s/cli" % ROOT)
    return schemas


def report_prefix(path, n):
    """The report at path with only its first n findings, and its summary."""
    head, findings = [], []
    with open(path, encoding="utf-8") as f:
        for line in f:
            head.append(line)
            if line.startswith('  "findings": ['):
                break
        empty = head[-1].rstrip().endswith("],")
        current = None
        for line in f if not empty else ():
            if line.startswith("  ]"):
                break
            if line.startswith("    {"):
                current = [line]
            elif current is not None:
                current.append(line)
                if line.rstrip() in ("    }", "    },"):
                    findings.append("".join(current).rstrip().rstrip(","))
                    current = None
                    if len(findings) == n:
                        break
    # The summary ends the report; its per-owner view can make it long, so
    # the window read from the end doubles until it holds the whole summary.
    with open(path, "rb") as f:
        size = f.seek(0, os.SEEK_END)
        window = 65536
        while True:
            f.seek(max(0, size - window))
            text = f.read().decode("utf-8", "replace")
            at = text.rfind('\n  "summary": ')
            if at >= 0 or window >= size:
                break
            window *= 2
    if at < 0:
        raise ValueError("no summary at its end")
    doc = "".join(head[:-1]) + '  "findings": [\n' + ",\n".join(findings) + "\n  ],\n"
    return json.loads(doc + text[at + 1:]), len(findings)


def main(argv):
    prefix = None
    any_doc = False
    files = []
    args = iter(argv)
    for a in args:
        if a == "--prefix":
            prefix = int(next(args))
        elif a == "--any":
            any_doc = True
        else:
            files.append(a)
    schemas = load_schemas()
    failed = validated = 0
    for path in files:
        try:
            if prefix is not None:
                doc, n = report_prefix(path, prefix)
                print("%s: the first %d findings and the summary" % (path, n))
            else:
                with open(path, encoding="utf-8") as f:
                    doc = json.load(f)
        except (OSError, ValueError) as e:
            print("%s: not a JSON document: %s" % (path, e))
            failed += 1
            continue
        fmt = doc.get("format") if isinstance(doc, dict) else None
        if not isinstance(fmt, str) or not fmt.startswith("overpromise-"):
            if any_doc:
                continue
            print("%s: names no format of overpromise" % path)
            failed += 1
            continue
        validator = schemas.get(fmt)
        if validator is None:
            print("%s: no schema for the format %s" % (path, fmt))
            failed += 1
            continue
        errors = sorted(validator.iter_errors(doc), key=lambda e: list(e.absolute_path))
        for e in errors[:20]:
            print("%s: %s: %s" % (path, "/".join(map(str, e.absolute_path)) or "(document)",
                                  e.message))
        if errors:
            failed += 1
        else:
            validated += 1
    print("%d documents validate against their schemas, %d do not" % (validated, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
