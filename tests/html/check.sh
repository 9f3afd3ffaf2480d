#!/usr/bin/env bash
# The HTML report in a real browser: render a report, open it in headless
# Chromium with no network, take a screenshot (1400x2000) and check the
# DOM that the browser dumps, that is what the page became after parsing
# and after its script ran; and lay it out in windows 800 and 1400 pixels
# wide: nothing may scroll sideways, and no two texts of a lane overlap.
#
#   check.sh BINARY MODE [OUTDIR]
#
# MODE is one of
#   examples   the report of examples/: its 16 lanes, a row for every
#              finding and every deal;
#   injection  deals, accounts, features and roadmap items named like
#              markup (tests/html/hostile_*.csv): no element or event
#              handler comes out of them, the names read literally;
#   many       a generated 500-item roadmap (gen_many.sh): 500 lanes of
#              fixed height, one below the other, labels clipped to their
#              column, a page taller than the window.
# Every mode also checks that the browser admitted the page's style and
# script under its Content-Security-Policy (their hashes are right) and
# that the page holds no element that could load anything.
#
# OUTDIR keeps MODE.html, MODE.dom.html and MODE.png for a person to look
# at (default: a temporary directory, removed at the end).  Exits 77
# (skipped) where Chromium or Debian's python3 is absent.
set -u
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
mode=$2
root=$(cd "$(dirname "$0")/../.." && pwd)
browser=$(command -v chromium || command -v chromium-browser || true)
python=/usr/bin/python3

if [ -z "$browser" ]; then
	echo "SKIP: no chromium"
	exit 77
fi
if [ ! -x "$python" ]; then
	echo "SKIP: no $python"
	exit 77
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
out=${3:-$tmp}
mkdir -p "$out"
out=$(cd "$out" && pwd)
cd "$root" || exit 1

case $mode in
examples)
	deals=examples/deals.csv
	roadmap=examples/roadmap.csv
	lanes=16
	;;
injection)
	deals=tests/html/hostile_deals.csv
	roadmap=tests/html/hostile_roadmap.csv
	lanes=6
	;;
many)
	tests/html/gen_many.sh "$tmp/many" 500 || exit 1
	deals=$tmp/many/deals.csv
	roadmap=$tmp/many/roadmap.csv
	lanes=500
	;;
*)
	echo "unknown mode $mode"
	exit 2
	;;
esac

page=$out/$mode.html
run() { # the report in FORMAT to FILE
	"$bin" check --deals "$deals" --roadmap "$roadmap" --as-of 2026-11-26 --exit-zero \
		-f "$1" -o "$2"
}
if ! run html "$page" || ! run json "$tmp/report.json"; then
	echo "FAIL: overpromise check"
	exit 1
fi

# No network: a network namespace of its own where that is allowed, and
# Chromium told not to reach out by itself.
net=
if unshare -n true 2>/dev/null; then
	net="unshare -n"
fi
browse() {
	local profile
	profile=$(mktemp -d "$tmp/profile.XXXXXX")
	# shellcheck disable=SC2086
	$net timeout 120 "$browser" --headless --no-sandbox --disable-gpu --disable-quic \
		--no-first-run --disable-background-networking --disable-component-update \
		--disable-sync --user-data-dir="$profile" "$@" 2>>"$tmp/browser.log"
}
if ! browse --dump-dom "file://$page" >"$out/$mode.dom.html" || [ ! -s "$out/$mode.dom.html" ]; then
	echo "FAIL: chromium --dump-dom"
	tail -20 "$tmp/browser.log"
	exit 1
fi
if ! browse --screenshot="$out/$mode.png" --window-size=1400,2000 "file://$page" >/dev/null ||
	[ ! -s "$out/$mode.png" ]; then
	echo "FAIL: chromium --screenshot"
	tail -20 "$tmp/browser.log"
	exit 1
fi

# The layout, as the browser lays the page out in a window 800 and 1400
# pixels wide: a copy of the page with a measuring script (admitted by its
# hash) that writes what it finds into the page, read back from the DOM.
measure=$(cat "$root/tests/html/layout.js")
"$python" - "$page" "$tmp/measure.html" "$measure" <<'PY' || exit 1
import base64, hashlib, sys
page, copy, script = sys.argv[1:4]
text = open(page, encoding="utf-8").read()
digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
text = text.replace("script-src '", "script-src 'sha256-%s' '" % digest, 1)
text = text.replace("</body>", "<script>%s</script>\n</body>" % script, 1)
open(copy, "w", encoding="utf-8").write(text)
PY
for width in 800 1400; do
	if ! browse --dump-dom --window-size="$width,1000" "file://$tmp/measure.html" \
		>"$out/$mode.layout-$width.html"; then
		echo "FAIL: chromium --dump-dom at $width pixels"
		exit 1
	fi
done

"$python" - "$mode" "$page" "$out/$mode.dom.html" "$out/$mode.png" "$tmp/report.json" \
	"$lanes" "$out/$mode.layout-800.html" "$out/$mode.layout-1400.html" <<'PY'
import base64, hashlib, html, json, re, struct, sys
from html.parser import HTMLParser

mode, page, dom, png, report, lanes = sys.argv[1:7]
layouts = sys.argv[7:9]
lanes = int(lanes)
problems = []

def need(cond, what):
    if not cond:
        problems.append(what)

# The screenshot is a PNG of the window's size.
with open(png, "rb") as f:
    head = f.read(24)
need(head[:8] == b"\x89PNG\r\n\x1a\n", "screenshot: not a PNG")
if head[:8] == b"\x89PNG\r\n\x1a\n":
    need(struct.unpack(">II", head[16:24]) == (1400, 2000), "screenshot: not 1400x2000")

# The policy admits exactly the page's own style and script.
source = open(page, encoding="utf-8").read()
policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', source).group(1)
for tag, directive in (("style", "style-src"), ("script", "script-src")):
    body = re.search(r"<%s>(.*?)</%s>" % (tag, tag), source, re.S).group(1)
    digest = "sha256-" + base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()
    need("%s '%s'" % (directive, digest) in policy,
         "the %s's hash is not in the policy: update it to %s in src/report/html_page.c" % (tag, digest))
need("default-src 'none'" in policy, "policy: default-src is not 'none'")

class Dom(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags = {}
        self.handlers = []
        self.lanes = []
        self.findings = 0
        self.deals = 0
        self.labels = 0
        self.clipped = 0
        self.html = {}
        self.svg_heights = []
        self.stray_svgs = 0   # neither a legend swatch, nor the axis, nor the lanes
        self.items = []
        self.stack = []
        self.texts = []   # (tag, class, text) of td, title and text elements
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags[tag] = self.tags.get(tag, 0) + 1
        for name, _ in attrs:
            if name.startswith("on"):
                self.handlers.append((tag, name))
        cls = (a.get("class") or "").split()
        if tag == "html":
            self.html = a
        if tag == "g" and "lane" in cls:
            self.lanes.append((int(a["data-lane"]), a.get("transform", "")))
            if "data-item" in a:
                self.items.append(a["data-item"])
        if tag == "tr" and "finding" in cls:
            self.findings += 1
        if tag == "tr" and "deal" in cls:
            self.deals += 1
        if tag == "text" and "label" in cls:
            self.labels += 1
            if a.get("clip-path") == "url(#clip-label)":
                self.clipped += 1
        if tag == "svg" and "lanes" in cls:
            self.svg_heights.append(int(a["height"]))
        if tag == "svg" and a.get("aria-hidden") != "true" and not {"lanes", "axis-svg"} & set(cls):
            self.stray_svgs += 1
        if tag in ("td", "title", "text"):
            self.stack.append([tag, " ".join(cls), ""])
    def handle_endtag(self, tag):
        if self.stack and self.stack[-1][0] == tag:
            self.texts.append(tuple(self.stack.pop()))
    def handle_data(self, data):
        for entry in self.stack:
            entry[2] += data

d = Dom()
d.feed(open(dom, encoding="utf-8").read())
findings = json.load(open(report, encoding="utf-8"))["findings"]
deals = {(f["deal"]["name"], f["location"]["line"]) for f in findings if f["deal"]}

need(d.html.get("data-js") == "on", "the page's script did not run (policy or error)")
need(d.tags.get("script", 0) == 1, "%d script elements, expected 1" % d.tags.get("script", 0))
for tag in ("img", "iframe", "object", "embed", "link", "base", "form", "audio", "video"):
    need(tag not in d.tags, "a <%s> element in the page" % tag)
need(not d.handlers, "event handler attributes: %s" % d.handlers)
need(d.stray_svgs == 0, "%d svg elements the page does not draw" % d.stray_svgs)
need(len(d.lanes) == lanes, "%d lanes, expected %d" % (len(d.lanes), lanes))
need(sorted(i for i, _ in d.lanes) == list(range(lanes)), "lanes not numbered 0..%d" % (lanes - 1))
for i, transform in d.lanes:
    need(transform == "translate(0,%d)" % (i * 22), "lane %d at %s" % (i, transform))
need(d.labels == lanes and d.clipped == lanes, "lane labels not all clipped to their column")
need(d.findings == len(findings), "%d finding rows, expected %d" % (d.findings, len(findings)))
need(d.deals >= len(deals), "%d deal rows, expected at least %d" % (d.deals, len(deals)))
need(d.svg_heights == [lanes * 22 + 6], "timeline height %s" % d.svg_heights)

if mode == "examples":
    need(d.findings == 20 and d.deals == 13, "examples: %d findings, %d deals" % (d.findings, d.deals))
if mode == "many":
    need(d.svg_heights[0] > 2000, "the timeline fits the window: the page does not scroll")
if mode == "injection":
    cells = {t for tag, _, t in d.texts if tag == "td"}
    titles = " ".join(t for tag, _, t in d.texts if tag == "title")
    labels = " ".join(t for tag, cls, t in d.texts if tag == "text")
    for name in ("<script>alert(1)</script>", "\"><img src=x onerror=alert(2)>",
                 "' onmouseover='alert(4)' x='", "Tom &amp; Jerry &lt;3"):
        need(name in cells, "deal name %r not shown literally" % name)
        need(name in titles, "deal name %r not in a marker's tooltip" % name)
    for name in ("ACME <b>&amp;</b> Co", "<img src=x onerror=alert(3)>",
                 "\"><svg onload=alert(6)>", "</td></tr></table><h1>owned</h1>"):
        need(name in cells, "account %r not shown literally" % name)
    for name in ("<script>alert(5)</script>", "</title><script>alert(7)</script> export",
                 "\"><svg onload=alert(9)>"):
        need(name in cells, "feature %r not shown literally" % name)
        need(name in titles, "feature %r not in a lane's tooltip" % name)
    need("\u201c<script>alert(5)</script>\u201d" in labels, "unmatched feature not a lane label")
    need("\"><img src=x onerror=alert(8)>" in d.items, "item id not kept in data-item")
    need(d.tags.get("h1", 0) == 1, "an injected <h1>")

# In a window 800 and 1400 pixels wide, nothing goes past its right edge
# (no sideways scrolling) and no two texts of a lane overlap.
for path, width in zip(layouts, (800, 1400)):
    # The last one: the script's own text names the element too.
    found = re.findall(r'<pre id="layout">(\{[^<]*\})</pre>', open(path, encoding="utf-8").read())
    need(bool(found), "%d px: the measuring script did not run" % width)
    if not found:
        continue
    lay = json.loads(html.unescape(found[-1]))
    need(lay["scroll"] <= lay["width"], "%d px: the page scrolls sideways (%d px wide in %d): %s"
         % (width, lay["scroll"], lay["width"], "; ".join(lay["wide"])))
    need(not lay["overlaps"], "%d px: lane texts overlap: %s" % (width, "; ".join(lay["overlaps"])))

for p in problems:
    print("FAIL: " + p)
if not problems:
    print("ok: %s: %d lanes, %d findings, %d deals" % (mode, len(d.lanes), d.findings, d.deals))
sys.exit(1 if problems else 0)
PY
