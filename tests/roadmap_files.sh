#!/usr/bin/env bash
# Several roadmap files read as one roadmap give the findings of one file
# holding them all, locations aside: examples/roadmap.csv is split into
# two files (and into three), and check -f json on the pieces is compared
# with check on the whole, finding by finding, without the locations of
# roadmap items; those must point at the same item's row in its piece.
#
#   roadmap_files.sh BINARY
set -u
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root" || exit 1
command -v python3 >/dev/null 2>&1 || { echo "python3 not found"; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export NO_COLOR=1 LC_ALL=C TMPDIR="$tmp"
python3 - "$bin" "$tmp" <<'PY'
import csv, io, json, subprocess, sys

bin, tmp = sys.argv[1], sys.argv[2]
common = ["--deals", "examples/deals.csv", "--as-of", "2026-11-26", "--no-config",
          "--format", "json", "--fail-on", "never"]
with open("examples/roadmap.csv", newline="") as f:
    rows = list(csv.reader(f))
header, items = rows[0], rows[1:]

def check(paths):
    args = [bin, "check"] + common
    for p in paths:
        args += ["--roadmap", p]
    out = subprocess.run(args, capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit("%s: exit %d: %s" % (" ".join(args), out.returncode, out.stderr))
    return json.loads(out.stdout)

def write_pieces(cuts):
    """The roadmap in pieces at the item indexes cuts; the path and the
    line of every item's row in its piece, by id."""
    paths, where = [], {}
    bounds = [0] + cuts + [len(items)]
    for k in range(len(bounds) - 1):
        path = "%s/piece%d.csv" % (tmp, k)
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(header)
        line = 2
        for row in items[bounds[k]:bounds[k + 1]]:
            where[row[1]] = (path, line)
            w.writerow(row)
            line += 1 + sum(cell.count("\n") for cell in row)
        with open(path, "w", newline="") as f:
            f.write(buf.getvalue())
        paths.append(path)
    return paths, where

def strip(doc):
    """The findings without the locations that depend on the files."""
    out = []
    for f in doc["findings"]:
        f = dict(f)
        if f["item"] is not None:
            f["item"] = {k: v for k, v in f["item"].items() if k not in ("file", "line")}
        if "candidates" in f:
            f["candidates"] = [{k: v for k, v in c.items() if k not in ("file", "line")}
                               for c in f["candidates"]]
        if f["location"]["file"] != "examples/deals.csv":
            f["location"] = None
        out.append(f)
    return out

whole = check(["examples/roadmap.csv"])
status = 0
for cuts in ([10], [7, 15]):
    paths, where = write_pieces(cuts)
    parts = check(paths)
    if parts["inputs"]["roadmap"] != paths:
        print("inputs.roadmap is %r, not the %d files" % (parts["inputs"]["roadmap"], len(paths)))
        status = 1
    if strip(parts) != strip(whole):
        print("%d files: the findings differ from those of the whole roadmap" % len(paths))
        for a, b in zip(strip(whole), strip(parts)):
            if a != b:
                print("  whole: %s\n  parts: %s" % (json.dumps(a), json.dumps(b)))
        status = 1
    if parts["summary"] != whole["summary"]:
        print("%d files: the summaries differ" % len(paths))
        status = 1
    for f in parts["findings"]:
        it = f["item"]
        if it is None:
            continue
        if (it["file"], it["line"]) != where[it["id"]]:
            print("%s: item at %s:%s, not %s:%s" % ((it["id"], it["file"], it["line"]) + where[it["id"]]))
            status = 1
        if f["location"]["file"] != "examples/deals.csv" and \
                (f["location"]["file"], f["location"]["line"]) != where[it["id"]]:
            print("%s %s located at %s" % (f["rule"], it["id"], f["location"]))
            status = 1
    n101 = sum(1 for f in parts["findings"] if f["rule"] == "OVP101")
    if n101 == 0 or len(parts["findings"]) < 15:
        print("%d files: too few findings to compare (%d)" % (len(paths), len(parts["findings"])))
        status = 1
sys.exit(status)
PY
