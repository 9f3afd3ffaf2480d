/*
 * The HTML report's page, written at the end: the lanes worked out from
 * the marks (their value at risk, their order, the span of the
 * timeline), then the head, the summary, the timeline, the deals and
 * the table of findings.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <overpromise/status.h>

#include "html_impl.h"

/* ---- the end: working out the lanes ---- */

static size_t
currency_index(html_sink *hs, const char *cur, bool add)
{
	for (size_t i = 0; i < hs->ncurrencies; i++)
		if (strcmp(hs->currencies[i], cur) == 0)
			return i;
	if (!add || hs->ncurrencies == MAX_CURRENCIES)
		return SIZE_MAX;
	snprintf(hs->currencies[hs->ncurrencies], OVP_CURRENCY_SIZE, "%s", cur);
	return hs->ncurrencies++;
}

/*
 * Per lane: its promises, deals, undated promises, worst finding, and
 * the value of the deals with an error on it, per currency (each deal
 * counted once per lane).  The currencies are those of the deals at
 * risk, in order of first appearance.
 */
static double *
tally_lanes(html_sink *hs)
{
	double *risk;

	for (size_t i = 0; i < hs->nmarks; i++) {
		const mark *mk = &hs->marks[i];
		const deal_rec *d = &hs->deals[mk->deal];

		if (mk->worst == OVP_SEV_ERROR && d->has_amount)
			(void)currency_index(hs, d->currency, true);
	}
	risk = calloc(hs->nlanes * (hs->ncurrencies ? hs->ncurrencies : 1) + 1, sizeof *risk);
	if (risk == NULL)
		return NULL;
	for (size_t i = 0; i < hs->nlanes; i++)
		hs->lanes[i].risk = risk + i * hs->ncurrencies;
	for (size_t i = 0; i < hs->nmarks; i++) {
		const mark *mk = &hs->marks[i];
		const deal_rec *d = &hs->deals[mk->deal];
		lane *l = &hs->lanes[mk->lane];

		l->npromises++;
		if (mk->due == OVP_DAY_NONE)
			l->undated++;
		if (mk->worst > l->worst)
			l->worst = (ovp_severity)mk->worst;
		if ((mk->rules & ((uint32_t)1 << OVP_RULE_SLIP_RISK | (uint32_t)1 << OVP_RULE_SLIPPED)) != 0)
			l->may_slip = true;
		if (l->last_deal != mk->deal + 1) {
			l->last_deal = mk->deal + 1;
			l->ndeals++;
		}
		if (mk->worst == OVP_SEV_ERROR && l->last_risk_deal != mk->deal + 1) {
			size_t c = d->has_amount ? currency_index(hs, d->currency, false) : SIZE_MAX;

			l->last_risk_deal = mk->deal + 1;
			l->deals_at_risk++;
			if (c != SIZE_MAX)
				l->risk[c] += d->amount;
		}
	}
	return risk;
}

/* Set by html_end for the comparator: how many currencies a risk vector holds. */
typedef struct lane_ref {
	const lane *l;
	size_t ncur;
} lane_ref;

/*
 * Most value at risk first (compared currency by currency, in the order
 * the currencies first appear among the deals at risk: amounts are never
 * added across currencies), then the worst finding, the deals at risk,
 * the promises, and the order of arrival.
 */
static int
by_risk(const void *a, const void *b)
{
	const lane_ref *x = a, *y = b;

	for (size_t c = 0; c < x->ncur; c++)
		if (x->l->risk[c] != y->l->risk[c])
			return x->l->risk[c] < y->l->risk[c] ? 1 : -1;
	if (x->l->worst != y->l->worst)
		return x->l->worst < y->l->worst ? 1 : -1;
	if (x->l->deals_at_risk != y->l->deals_at_risk)
		return x->l->deals_at_risk < y->l->deals_at_risk ? 1 : -1;
	if (x->l->npromises != y->l->npromises)
		return x->l->npromises < y->l->npromises ? 1 : -1;
	return (x->l->seq > y->l->seq) - (x->l->seq < y->l->seq);
}

/* For drawing: the marks by lane (in lane order), the worst drawn last (on top). */
typedef struct mark_ref {
	uint32_t rank;  /* position of its lane */
	uint32_t index;
	uint8_t worst;
} mark_ref;

static int
by_lane(const void *a, const void *b)
{
	const mark_ref *x = a, *y = b;

	if (x->rank != y->rank)
		return x->rank < y->rank ? -1 : 1;
	if (x->worst != y->worst)
		return x->worst < y->worst ? -1 : 1;
	return (x->index > y->index) - (x->index < y->index);
}

/* The days the timeline spans: [r0, r1), whole months around everything it shows. */
typedef struct span {
	ovp_day r0, r1;
} span;

static bool
lane_unscheduled(const lane *l)
{
	return l->kind == LANE_ITEM && l->cls != OVP_CLASS_SHIPPED &&
	       l->cls != OVP_CLASS_CANCELLED &&
	       (l->cls == OVP_CLASS_UNPLANNED || l->later || !ovp_window_is_set(l->planned));
}

static ovp_day
month_start(ovp_day d, int add)
{
	int y, m, day;

	ovp_day_to_ymd(d, &y, &m, &day);
	m += add;
	while (m > 12) {
		m -= 12;
		y++;
	}
	return ovp_day_from_ymd(y, m, 1);
}

/*
 * Around the as-of date, every promised date and the planned window of
 * every item still to come (not of those shipped or cancelled: their
 * past would squeeze what matters), with a margin, in whole months;
 * never more than two years back or five ahead of the as-of date (what
 * lies beyond is drawn at the edge), never less than four months.
 */
static span
timeline_span(const html_sink *hs, ovp_day as_of)
{
	ovp_day lo = as_of, hi = as_of + 60;
	span sp;

	for (size_t i = 0; i < hs->nlanes; i++) {
		const lane *l = &hs->lanes[i];

		if (l->kind != LANE_ITEM || lane_unscheduled(l) || !ovp_window_is_set(l->planned) ||
		    l->cls == OVP_CLASS_SHIPPED || l->cls == OVP_CLASS_CANCELLED)
			continue;
		if (l->planned.start < lo)
			lo = l->planned.start;
		if (l->planned.end > hi)
			hi = l->planned.end;
	}
	for (size_t i = 0; i < hs->nmarks; i++) {
		ovp_day d = hs->marks[i].due;

		if (d == OVP_DAY_NONE)
			continue;
		if (d < lo)
			lo = d;
		if (d > hi)
			hi = d;
	}
	if (lo < as_of - 730)
		lo = as_of - 730;
	if (hi > as_of + 1826)
		hi = as_of + 1826;
	sp.r0 = month_start(lo - 10, 0);
	sp.r1 = month_start(hi + 10, 1);
	while (sp.r1 - sp.r0 < 120)
		sp.r1 = month_start(sp.r1, 1);
	return sp;
}

/* The x of the start of day d, kept inside the chart. */
static double
day_x(const span *sp, ovp_day d)
{
	double x;

	if (d < sp->r0)
		d = sp->r0;
	if (d > sp->r1)
		d = sp->r1;
	x = CHART_X + (double)(d - sp->r0) * CHART_W / (double)(sp->r1 - sp->r0);
	return x;
}

static const char *const month_names[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                          "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

/* Months between labels, so that labels stand at least 56 pixels apart. */
static int
label_step(const span *sp)
{
	static const int steps[] = {1, 2, 3, 6, 12};
	double months = (double)(sp->r1 - sp->r0) / 30.44;
	double px = CHART_W / months;

	for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++)
		if (px * steps[i] >= 56.0)
			return steps[i];
	return 24;
}

/* ---- the end: writing the page ---- */

/*
 * The page's style and script.  The Content-Security-Policy admits them
 * by the SHA-256 of their exact text; after changing either, update its
 * hash (the browser test tests/html/check.sh recomputes both and says
 * which differs):
 *     printf %s "$STYLE" | openssl dgst -sha256 -binary | base64
 */
static const char style[] =
	"\n:root{--error:#cf222e;--warning:#b35900;--note:#0969da;--ok:#1a7f37;--base:#8c959f;"
	"--ink:#1f2328;--muted:#59636e;--line:#d1d9e0;--soft:#f6f8fa}\n"
	"*{box-sizing:border-box}\n"
	"body{margin:0;padding:20px 24px;color:var(--ink);background:#fff;"
	"font:14px/1.45 system-ui,-apple-system,\"Segoe UI\",Roboto,\"Helvetica Neue\",Arial,"
	"sans-serif}\n"
	"h1{font-size:22px;margin:0 0 2px}\n"
	"h2{font-size:17px;margin:28px 0 4px}\n"
	".meta,.hint{color:var(--muted);margin:0 0 10px}\n"
	"code{font:12px ui-monospace,Menlo,Consolas,monospace;background:var(--soft);"
	"padding:1px 4px;border-radius:4px}\n"
	".cards{display:flex;flex-wrap:wrap;gap:10px;list-style:none;padding:0;margin:14px 0}\n"
	".card{border:1px solid var(--line);border-left:6px solid var(--line);border-radius:6px;"
	"padding:6px 16px 8px;min-width:130px;color:var(--muted)}\n"
	".card b{display:block;font-size:24px;color:var(--ink)}\n"
	".card small{display:block;font-size:12px}\n"
	".card.error{border-left-color:var(--error)}.card.error b{color:var(--error)}\n"
	".card.warning{border-left-color:var(--warning)}.card.warning b{color:var(--warning)}\n"
	".card.note{border-left-color:var(--note)}.card.note b{color:var(--note)}\n"
	".card.risk{border-left-color:var(--ink)}\n"
	".legend{display:flex;flex-wrap:wrap;gap:16px;margin:6px 0 10px;color:var(--muted);"
	"font-size:13px;align-items:center}\n"
	".legend svg{display:inline-block;vertical-align:middle;margin-right:4px}\n"
	".axis{position:sticky;top:0;z-index:1;background:#fff;border-bottom:1px solid var(--line)}\n"
	"svg{display:block}\n"
	"svg.lanes,svg.axis-svg{width:100%;height:auto}\n"
	"@media (max-width:1000px){.wide{display:none}}\n"
	"td.loc{overflow-wrap:normal;word-break:normal}\n"
	"svg text{font-size:12px;fill:var(--ink)}\n"
	"text.value{fill:var(--muted);text-anchor:end}\n"
	"text.tick{font-size:11px;fill:var(--muted)}\n"
	"text.head{font-size:11px;font-weight:600;fill:var(--muted)}\n"
	"text.asof-label{font-size:11px;font-weight:600}\n"
	"text.lanenote{font-size:11px;font-style:italic;fill:var(--muted);paint-order:stroke;"
	"stroke:#fff;stroke-width:3px;stroke-linejoin:round}\n"
	"text.status{fill:var(--muted)}\n"
	"text.status.alarm{fill:var(--error);font-weight:600}\n"
	"text.status.shipped{fill:var(--ok)}\n"
	".stripe{fill:var(--soft)}\n"
	".grid{stroke:#e6eaef;stroke-width:1}\n"
	".grid.year{stroke:#c9d1d9}\n"
	".asof{stroke:var(--ink);stroke-width:1.5;stroke-dasharray:5 3}\n"
	".bar{fill:#a8c8ee}\n"
	".bar.in_progress{fill:#6fa6e4}\n"
	".bar.shipped{fill:#9ad3a8}\n"
	".bar.cancelled{fill:url(#hatch)}\n"
	".bar.open{fill:url(#fade)}\n"
	".gap{stroke:var(--error);stroke-width:2;stroke-linecap:round}\n"
	".mark{stroke:#fff;stroke-width:1.5}\n"
	".mark.error{fill:var(--error)}\n"
	".mark.warning{fill:var(--warning)}\n"
	".mark.note{fill:var(--note)}\n"
	".mark.ok{fill:var(--ok)}\n"
	".mark.baseline{fill:#fff;stroke:var(--base);stroke-width:2}\n"
	"table{border-collapse:collapse;width:100%;font-size:13px}\n"
	"table.sortable{table-layout:auto}\n"
	"th,td{border-bottom:1px solid var(--line);padding:5px 8px;text-align:left;"
	"vertical-align:top;overflow-wrap:anywhere}\n"
	".w6{width:6%}.w7{width:7%}.w8{width:8%}.w9{width:9%}.w10{width:10%}.w12{width:12%}"
	".w14{width:14%}.w16{width:16%}.w18{width:18%}.w24{width:24%}.w26{width:26%}\n"
	"th{background:var(--soft)}\n"
	"td.num,th.num{text-align:right;white-space:nowrap}\n"
	".nowrap{white-space:nowrap}\n"
	"tr.suppressed{color:var(--muted)}\n"
	".badge{display:inline-block;padding:0 7px;border-radius:10px;font-size:12px;color:#fff;"
	"white-space:nowrap;background:var(--ok)}\n"
	".badge.error{background:var(--error)}.badge.warning{background:var(--warning)}\n"
	".badge.note{background:var(--note)}.badge.baseline{background:var(--base)}\n"
	".filters{margin:6px 0;color:var(--muted)}.filters label{margin-right:14px}\n"
	".hide-error tr.error,.hide-warning tr.warning,.hide-note tr.note,"
	".hide-suppressed tr.suppressed{display:none}\n"
	"th.sort{cursor:pointer}\n"
	"th[aria-sort=ascending]::after{content:\" \\25B2\"}\n"
	"th[aria-sort=descending]::after{content:\" \\25BC\"}\n";

/* The rest of the style: C11 compilers need not take a literal of more than 4095 bytes. */
static const char style_more[] =
	".empty{color:var(--muted);font-style:italic}\n"
	".change{margin:0 0 10px}.change .up{color:var(--error);font-weight:600}"
	".change .down{color:var(--ok);font-weight:600}\n"
	"polyline.risk{fill:none;stroke:var(--ink);stroke-width:2}\n"
	"circle.risk{fill:#fff;stroke:var(--ink);stroke-width:2}circle.risk.now{fill:var(--ink)}\n"
	"rect.errors{fill:#e8a3a8}rect.errors.now{fill:var(--error)}\n"
	"table.trend-table{width:auto;margin-top:8px}tr.now{font-weight:600}\n"
	"footer{margin-top:28px;color:var(--muted);font-size:12px}\n";

static const char script[] =
	"\n(function () {\n"
	"\"use strict\";\n"
	"document.documentElement.setAttribute(\"data-js\", \"on\");\n"
	"function key(row, i, num) {\n"
	"  var c = row.cells[i], v = c.getAttribute(\"data-sort\");\n"
	"  if (v === null) v = c.textContent;\n"
	"  return num ? parseFloat(v) || 0 : v.toLowerCase();\n"
	"}\n"
	"Array.prototype.forEach.call(document.querySelectorAll(\"table.sortable\"), "
	"function (t) {\n"
	"  var ths = t.tHead.rows[0].cells;\n"
	"  Array.prototype.forEach.call(ths, function (th, i) {\n"
	"    function go() {\n"
	"      var num = th.getAttribute(\"data-type\") === \"num\";\n"
	"      var asc = th.getAttribute(\"aria-sort\") !== \"ascending\";\n"
	"      var body = t.tBodies[0], rows = Array.prototype.slice.call(body.rows);\n"
	"      Array.prototype.forEach.call(ths, function (h) { h.removeAttribute(\"aria-sort\"); "
	"});\n"
	"      th.setAttribute(\"aria-sort\", asc ? \"ascending\" : \"descending\");\n"
	"      rows.sort(function (x, y) {\n"
	"        var a = key(x, i, num), b = key(y, i, num);\n"
	"        return (a < b ? -1 : a > b ? 1 : 0) * (asc ? 1 : -1);\n"
	"      });\n"
	"      rows.forEach(function (r) { body.appendChild(r); });\n"
	"    }\n"
	"    th.tabIndex = 0;\n"
	"    th.classList.add(\"sort\");\n"
	"    th.addEventListener(\"click\", go);\n"
	"    th.addEventListener(\"keydown\", function (e) {\n"
	"      if (e.key === \"Enter\" || e.key === \" \") { e.preventDefault(); go(); }\n"
	"    });\n"
	"  });\n"
	"});\n"
	"var box = document.getElementById(\"filters\"), table = "
	"document.getElementById(\"findings-table\");\n"
	"if (box && table) {\n"
	"  box.appendChild(document.createTextNode(\"Show: \"));\n"
	"  [\"error\", \"warning\", \"note\", \"suppressed\"].forEach(function (s) {\n"
	"    var label = document.createElement(\"label\"), cb = document.createElement(\"input\");\n"
	"    cb.type = \"checkbox\";\n"
	"    cb.checked = true;\n"
	"    cb.addEventListener(\"change\", function () { table.classList.toggle(\"hide-\" + s, "
	"!cb.checked); });\n"
	"    label.appendChild(cb);\n"
	"    label.appendChild(document.createTextNode(\" \" + (s === \"suppressed\" ? \"in the "
	"baseline\" : s + \"s\")));\n"
	"    box.appendChild(label);\n"
	"  });\n"
	"}\n"
	"})();\n";

#define STYLE_SHA256 "sha256-8fL9Q74qEArnimU2/inALUTM5R1soCfr6rz64Mvwg74="
#define SCRIPT_SHA256 "sha256-4aH8j+i+gMFG7Zi6zDbTDVE65rwiGcUqZqGUojaqxp0="

static void
put_head(html_sink *hs)
{
	const ovp_report_meta *meta = hs->base.meta;
	ovp_rbuf *b = &hs->buf;
	char iso[OVP_DATE_ISO_SIZE];

	ovp_day_format(meta->as_of, iso);
	ovp_rbuf_puts(b, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
	                 "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src "
	                 "'none'; style-src '" STYLE_SHA256 "'; script-src '" SCRIPT_SHA256
	                 "'; base-uri 'none'; form-action 'none'\">\n"
	                 "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
	                 "<meta name=\"generator\" content=\"overpromise ");
	ovp_html_put(b, ovp_version());
	ovp_rbuf_puts(b, "\">\n<title>overpromise ");
	ovp_html_put(b, meta->command != NULL ? meta->command : "check");
	ovp_rbuf_printf(b, " \xE2\x80\x94 as of %s</title>\n<style>%s%s</style>\n</head>\n<body>\n",
	                iso, style, style_more);
}

static void
card(ovp_rbuf *b, const char *cls, unsigned long n, const char *one, const char *many)
{
	ovp_rbuf_printf(b, "<li class=\"card %s\"><b>%lu</b>%s</li>\n", cls, n, n == 1 ? one : many);
}

/*
 * The value at risk on top: one card with the total in the reporting
 * currency (the amounts per currency under it) when there is one, else a
 * card per currency that says the currencies are not added up.
 */
static void
put_risk_cards(ovp_rbuf *b, const ovp_summary *sum)
{
	if (sum->ncurrencies == 0) {
		ovp_rbuf_printf(b, "<li class=\"card risk\"><b>none</b>%s</li>\n",
		                sum->amounts ? "value at risk" : "value at risk: no amounts in the deals "
		                                                 "export");
		return;
	}
	if (sum->total_currency[0] != '\0' && sum->has_total) {
		ovp_rbuf_puts(b, "<li class=\"card risk\"><b>");
		ovp_html_put_money(b, sum->total_currency, sum->value_at_risk_total);
		ovp_rbuf_puts(b, "</b>value at risk");
		if (sum->ncurrencies > 1 || strcmp(sum->value_at_risk[0].currency, sum->total_currency)) {
			ovp_rbuf b2 = {0};

			ovp_money_list_put(&b2, sum->value_at_risk, sum->ncurrencies);
			ovp_rbuf_printf(b, "<small>in %s at the given rates: ", sum->total_currency);
			if (b2.err == 0 && b2.data != NULL)
				ovp_html_put_n(b, b2.data, b2.len);
			ovp_rbuf_puts(b, "</small>");
			ovp_rbuf_free(&b2);
		}
		ovp_rbuf_puts(b, "</li>\n");
		return;
	}
	for (size_t i = 0; i < sum->ncurrencies && i < OVP_SUMMARY_MAX_CURRENCIES; i++) {
		const char *cur = sum->value_at_risk[i].currency;

		ovp_rbuf_puts(b, "<li class=\"card risk\"><b>");
		ovp_html_put_money(b, cur, sum->value_at_risk[i].amount);
		ovp_rbuf_puts(b, "</b>value at risk");
		if (cur[0] == '\0')
			ovp_rbuf_puts(b, " (no currency)");
		if (sum->ncurrencies > 1)
			ovp_rbuf_puts(b, "<small>in one currency of several, not added up; --currency and "
			                 "--fx give one total</small>");
		ovp_rbuf_puts(b, "</li>\n");
	}
}

static void
put_summary(html_sink *hs, const ovp_summary *sum)
{
	const ovp_report_meta *meta = hs->base.meta;
	ovp_rbuf *b = &hs->buf;
	char iso[OVP_DATE_ISO_SIZE];

	ovp_rbuf_puts(b, "<header>\n<h1>Promises against the roadmap</h1>\n<p class=\"meta\">As of "
	                 "<strong>");
	ovp_rbuf_puts(b, ovp_day_format(meta->as_of, iso));
	ovp_rbuf_puts(b, "</strong>");
	if (meta->deals_path != NULL) {
		ovp_rbuf_puts(b, " \xC2\xB7 deals <code>");
		ovp_html_put(b, meta->deals_path);
		ovp_rbuf_puts(b, "</code>");
	} else {
		ovp_rbuf_puts(b, " \xC2\xB7 one deal from the command line");
	}
	{
		size_t n;
		const char *const *roadmaps = ovp_report_roadmaps(meta, &n);

		for (size_t i = 0; i < n; i++) {
			ovp_rbuf_puts(b, i == 0 ? " \xC2\xB7 roadmap <code>" : ", <code>");
			ovp_html_put(b, roadmaps[i]);
			ovp_rbuf_puts(b, "</code>");
		}
	}
	ovp_rbuf_puts(b, "</p>\n<ul class=\"cards\">\n");
	put_risk_cards(b, sum);
	card(b, "error", sum->by_severity[OVP_SEV_ERROR], "error", "errors");
	card(b, "warning", sum->by_severity[OVP_SEV_WARNING], "warning", "warnings");
	card(b, "note", sum->by_severity[OVP_SEV_NOTE], "note", "notes");
	card(b, "deals", sum->deals, "deal checked", "deals checked");
	card(b, "promises", sum->promises, "promise", "promises");
	ovp_rbuf_puts(b, "</ul>\n<p class=\"meta\">Value at risk: the amounts of the deals with at "
	                 "least one error. ");
	ovp_rbuf_printf(b, "%lu roadmap item%s", sum->roadmap_items, sum->roadmap_items == 1 ? "" : "s");
	ovp_rbuf_printf(b, " \xC2\xB7 %lu lost deal%s skipped", sum->skipped,
	                sum->skipped == 1 ? "" : "s");
	ovp_rbuf_printf(b, " \xC2\xB7 %lu finding%s in the baseline", sum->suppressed,
	                sum->suppressed == 1 ? "" : "s");
	ovp_rbuf_puts(b, "</p>\n");
	ovp_html_change(b, meta->history, sum);
	ovp_rbuf_puts(b, "</header>\n");
}

static void
legend(ovp_rbuf *b)
{
	static const char *const marks[] = {"error", "warning", "note", "ok", "baseline"};
	static const char *const names[] = {"error", "warning", "note", "no finding",
	                                    "in the baseline"};

	ovp_rbuf_puts(b, "<div class=\"legend\">");
	for (size_t i = 0; i < sizeof marks / sizeof marks[0]; i++)
		ovp_rbuf_printf(b, "<span><svg width=\"14\" height=\"14\" aria-hidden=\"true\"><circle "
		                   "class=\"mark %s\" cx=\"7\" cy=\"7\" r=\"5\"/></svg>%s</span>",
		                marks[i], names[i]);
	ovp_rbuf_puts(b, "<span><svg width=\"28\" height=\"14\" aria-hidden=\"true\"><rect "
	                 "class=\"bar\" x=\"1\" y=\"2\" width=\"26\" height=\"10\" rx=\"2\"/></svg>"
	                 "planned window</span>"
	                 "<span><svg width=\"28\" height=\"14\" aria-hidden=\"true\"><line "
	                 "class=\"gap\" x1=\"3\" y1=\"7\" x2=\"25\" y2=\"7\"/></svg>planned after the "
	                 "promised date</span>"
	                 "<span><svg width=\"10\" height=\"14\" aria-hidden=\"true\"><line "
	                 "class=\"asof\" x1=\"5\" y1=\"0\" x2=\"5\" y2=\"14\"/></svg>as of</span>"
	                 "</div>\n");
}

/* The axis on top of the lanes: month labels and the as-of date; it stays in view. */
static void
put_axis(ovp_rbuf *b, const span *sp, ovp_day as_of)
{
	int step = label_step(sp);
	char iso[OVP_DATE_ISO_SIZE];
	double xa = day_x(sp, as_of);
	int k = 0, last_year = 0;

	ovp_rbuf_printf(b, "<div class=\"axis\"><svg class=\"axis-svg\" width=\"%d\" height=\"%d\" "
	                   "viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"time axis\">\n",
	                SVG_W, AXIS_H, SVG_W, AXIS_H);
	ovp_rbuf_printf(b, "<text class=\"head\" x=\"8\" y=\"34\">Roadmap item</text>"
	                   "<text class=\"head\" x=\"%d\" y=\"34\">Status</text>"
	                   "<text class=\"head value\" x=\"%d\" y=\"34\">At risk</text>\n",
	                LABEL_W + 6, LABEL_W + STATUS_W + VALUE_W);
	for (ovp_day m = sp->r0; m < sp->r1; m = month_start(m, 1), k++) {
		int y, mo, d;
		double x = day_x(sp, m);

		ovp_day_to_ymd(m, &y, &mo, &d);
		ovp_rbuf_printf(b, "<line class=\"grid%s\" x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\"/>",
		                mo == 1 ? " year" : "", x, k % step == 0 ? 4 : 14, x, AXIS_H);
		if (k % step == 0 && x < CHART_X + CHART_W - 30) {
			if (step >= 12)
				ovp_rbuf_printf(b, "<text class=\"tick\" x=\"%.1f\" y=\"14\">%d</text>", x + 3,
				                y);
			else if (y != last_year)
				ovp_rbuf_printf(b, "<text class=\"tick\" x=\"%.1f\" y=\"14\">%s %d</text>",
				                x + 3, month_names[mo - 1], y);
			else
				ovp_rbuf_printf(b, "<text class=\"tick\" x=\"%.1f\" y=\"14\">%s</text>", x + 3,
				                month_names[mo - 1]);
			last_year = y;
		}
		ovp_rbuf_putc(b, '\n');
	}
	ovp_day_format(as_of, iso);
	ovp_rbuf_printf(b, "<line class=\"asof\" x1=\"%.1f\" y1=\"20\" x2=\"%.1f\" y2=\"%d\"/>", xa,
	                xa, AXIS_H);
	if (xa > CHART_X + CHART_W - 110)
		ovp_rbuf_printf(b, "<text class=\"asof-label\" x=\"%.1f\" y=\"32\" "
		                   "text-anchor=\"end\">as of %s</text>\n",
		                xa - 4, iso);
	else
		ovp_rbuf_printf(b, "<text class=\"asof-label\" x=\"%.1f\" y=\"32\">as of %s</text>\n",
		                xa + 4, iso);
	ovp_rbuf_puts(b, "</svg></div>\n");
}

/*
 * An amount short enough for the lane's value column: as
 * ovp_html_put_money() writes it below from ("USD 999,999,999" below a
 * billion), in millions or billions beyond ("USD 1.4M", "USD 1,250M",
 * "USD 3.4B"), so that it never runs into the status.
 */
static void
put_short_money(ovp_rbuf *b, const char *currency, double amount, double from)
{
	char text[64];
	double a = amount < 0 ? -amount : amount;
	const char *sp = currency[0] ? " " : "";

	if (a < from) {
		ovp_html_put_money(b, currency, amount);
		return;
	}
	if (a < 1e7)
		snprintf(text, sizeof text, "%s%s%.1fM", currency, sp, amount / 1e6);
	else if (a < 1e12)
		snprintf(text, sizeof text, "%s%s%.0fM", currency, sp, amount / 1e6);
	else
		snprintf(text, sizeof text, "%s%s%.1fB", currency, sp, amount / 1e9);
	ovp_html_put(b, text);
}

/* The lane's value at risk in the first currency that has any, and how many more have some. */
static void
put_lane_value(html_sink *hs, const lane *l)
{
	ovp_rbuf *b = &hs->buf;
	size_t first = SIZE_MAX, more = 0;

	for (size_t c = 0; c < hs->ncurrencies; c++) {
		if (l->risk[c] == 0.0)
			continue;
		if (first == SIZE_MAX)
			first = c;
		else
			more++;
	}
	if (first == SIZE_MAX) {
		ovp_rbuf_puts(b, l->deals_at_risk > 0 ? "at risk"
		                 : l->may_slip        ? "may slip"
		                                      : "\xE2\x80\x94");
		return;
	}
	/* "+2" (more currencies) takes room from the amount: shortened from a million. */
	put_short_money(b, hs->currencies[first], l->risk[first], more > 0 ? 1e6 : 1e9);
	if (more > 0)
		ovp_rbuf_printf(b, " +%zu", more);
}

/* The tooltip of a lane: all it holds, in one line. */
static void
put_lane_title(html_sink *hs, const lane *l)
{
	ovp_rbuf *b = &hs->buf;
	bool any = false;

	ovp_html_put(b, l->label);
	if (l->kind == LANE_UNMATCHED)
		ovp_rbuf_puts(b, " \xC2\xB7 not on the roadmap");
	else if (l->kind == LANE_AMBIGUOUS)
		ovp_rbuf_puts(b, " \xC2\xB7 matches several roadmap items");
	else {
		ovp_rbuf_puts(b, " \xC2\xB7 ");
		ovp_html_put(b, l->status);
		if (l->later || ovp_window_is_set(l->planned)) {
			ovp_rbuf_puts(b, " \xC2\xB7 planned ");
			ovp_html_put_planned(b, l->planned, l->planned_text, l->later);
		} else {
			ovp_rbuf_puts(b, " \xC2\xB7 no planned date");
		}
		/* Which of the roadmaps it comes from, when there are several. */
		if (hs->base.meta != NULL && hs->base.meta->nroadmap_paths > 1 && l->file[0] != '\0') {
			ovp_rbuf_puts(b, " \xC2\xB7 ");
			ovp_html_put(b, l->file);
			ovp_rbuf_printf(b, ":%ld", l->line);
		}
	}
	ovp_rbuf_printf(b, " \xC2\xB7 %lu promise%s from %lu deal%s", l->npromises,
	                l->npromises == 1 ? "" : "s", l->ndeals, l->ndeals == 1 ? "" : "s");
	if (l->undated > 0)
		ovp_rbuf_printf(b, " (%lu without a date, not drawn)", l->undated);
	for (size_t c = 0; c < hs->ncurrencies; c++) {
		if (l->risk[c] == 0.0)
			continue;
		ovp_rbuf_puts(b, any ? ", " : " \xC2\xB7 at risk: ");
		ovp_html_put_money(b, hs->currencies[c], l->risk[c]);
		any = true;
	}
}

/*
 * The status of a lane in a word or two: the item's status as written
 * while it is planned or in progress, else what matters about it (not on
 * the roadmap, ambiguous, not planned, Later, cancelled, shipped), in red
 * when it puts the promises at risk.
 */
static void
put_status(ovp_rbuf *b, const lane *l)
{
	const char *word = NULL, *cls = "status";

	if (l->kind == LANE_UNMATCHED)
		word = "off roadmap";
	else if (l->kind == LANE_AMBIGUOUS)
		word = "ambiguous";
	else if (l->cls == OVP_CLASS_SHIPPED) {
		word = "shipped";
		cls = "status shipped";
	} else if (l->cls == OVP_CLASS_CANCELLED)
		word = "cancelled";
	else if (lane_unscheduled(l) && l->later)
		word = "Later";
	else if (lane_unscheduled(l) && l->cls != OVP_CLASS_UNPLANNED)
		word = "no date";
	if (l->kind != LANE_ITEM || l->cls == OVP_CLASS_CANCELLED || lane_unscheduled(l))
		cls = "status alarm";
	ovp_rbuf_printf(b, "<text class=\"%s\" x=\"%d\" y=\"15\" clip-path=\"url(#clip-status)\">",
	                cls, LABEL_W + 6);
	ovp_html_put_cut(b, word != NULL ? word : l->status, STATUS_COLUMNS);
	ovp_rbuf_puts(b, "</text>");
}

/*
 * The bar of a lane: its planned window, or an open end from the as-of
 * date when it has no date; none for a feature that is not on the
 * roadmap, or an item shipped or cancelled before the axis begins.
 * Promises without a date have no place on the axis: their number is
 * written at the lane's end.
 */
static void
put_bar(ovp_rbuf *b, const lane *l, const span *sp, ovp_day as_of)
{
	double x0, x1;

	if (l->kind != LANE_ITEM) {
		/* No bar. */
	} else if (lane_unscheduled(l)) {
		x0 = day_x(sp, as_of);
		ovp_rbuf_printf(b, "<rect class=\"bar open\" x=\"%.1f\" y=\"%d\" width=\"%.1f\" "
		                   "height=\"%d\" rx=\"2\"/>",
		                x0, BAR_Y, (double)(CHART_X + CHART_W) - x0, BAR_H);
	} else if (ovp_window_is_set(l->planned) && l->planned.end >= sp->r0) {
		x0 = day_x(sp, l->planned.start);
		x1 = day_x(sp, l->planned.end + 1);
		if (x1 - x0 < 6.0)
			x0 = x1 - 6.0;
		ovp_rbuf_printf(b, "<rect class=\"bar %s\" x=\"%.1f\" y=\"%d\" width=\"%.1f\" "
		                   "height=\"%d\" rx=\"2\"/>",
		                ovp_status_class_name(l->cls), x0, BAR_Y, x1 - x0, BAR_H);
	}
	if (l->undated > 0)
		ovp_rbuf_printf(b, "<text class=\"lanenote\" x=\"%d\" y=\"15\" "
		                   "text-anchor=\"end\">+%lu without a date</text>",
		                CHART_X + CHART_W - 4, l->undated);
}

static void
put_mark(html_sink *hs, const lane *l, const mark *mk, const span *sp)
{
	ovp_rbuf *b = &hs->buf;
	const deal_rec *d = &hs->deals[mk->deal];
	double x = day_x(sp, mk->due) + (double)CHART_W / (double)(sp->r1 - sp->r0) / 2.0;
	const char *cls = mk->worst == OVP_SEV_OFF && mk->suppressed ? "baseline"
	                                                              : ovp_html_sev_class(mk->worst);

	if (x > CHART_X + CHART_W)
		x = CHART_X + CHART_W;
	/* How far the plan misses the promised date. */
	if (l->kind == LANE_ITEM && !lane_unscheduled(l) && l->cls != OVP_CLASS_SHIPPED &&
	    l->cls != OVP_CLASS_CANCELLED && ovp_window_is_set(l->planned) &&
	    l->planned.end > mk->due)
		ovp_rbuf_printf(b, "<line class=\"gap\" x1=\"%.1f\" y1=\"11\" x2=\"%.1f\" y2=\"11\"/>",
		                x, day_x(sp, l->planned.end + 1));
	ovp_rbuf_printf(b, "<circle class=\"mark %s\" cx=\"%.1f\" cy=\"11\" r=\"%d\"><title>", cls, x,
	                MARK_R);
	ovp_html_put(b, d->name);
	if (d->has_amount) {
		ovp_rbuf_puts(b, " (");
		ovp_html_put_money(b, d->currency, d->amount);
		ovp_rbuf_putc(b, ')');
	}
	ovp_rbuf_puts(b, ": due ");
	ovp_html_put_day(b, mk->due);
	ovp_rbuf_puts(b, " \xE2\x80\x94 ");
	if (mk->rules != 0)
		ovp_html_put_rules(b, mk->rules);
	else
		ovp_rbuf_puts(b, mk->suppressed ? "findings in the baseline" : "no finding");
	ovp_rbuf_puts(b, "</title></circle>");
}

/*
 * The timeline: the lanes in order of value at risk, each with its label
 * (cut to fit, whole in the tooltip), its value at risk, its bar and its
 * promises.  Lanes have a fixed height, so labels cannot overlap.
 */
static int
put_timeline(html_sink *hs, const lane_ref *order, ovp_day as_of)
{
	ovp_rbuf *b = &hs->buf;
	span sp = timeline_span(hs, as_of);
	mark_ref *mr = NULL;
	uint32_t *rank = NULL;
	size_t j = 0;
	int height = (int)hs->nlanes * LANE_H + 6, rc = 0;
	double xa = day_x(&sp, as_of);
	int step = label_step(&sp), k = 0;

	ovp_rbuf_puts(b, "<section id=\"timeline\">\n<h2>Timeline</h2>\n");
	if (hs->nlanes == 0) {
		ovp_rbuf_puts(b, "<p class=\"empty\">No promises to draw.</p>\n</section>\n");
		return 0;
	}
	ovp_rbuf_printf(b, "<p class=\"hint\">One lane per roadmap item that carries promises "
	                   "(%zu), the most value at risk first. Hover for details.</p>\n",
	                hs->nlanes);
	legend(b);
	if (hs->dropped_marks > 0)
		ovp_rbuf_printf(b, "<p class=\"hint\">%lu promise%s left out of the timeline (it "
		                   "draws at most %d lanes and %d promises); the findings below are "
		                   "complete.</p>\n",
		                hs->dropped_marks, hs->dropped_marks == 1 ? " is" : "s are", MAX_LANES,
		                MAX_MARKS);
	put_axis(b, &sp, as_of);
	mr = malloc((hs->nmarks ? hs->nmarks : 1) * sizeof *mr);
	rank = malloc((hs->nlanes ? hs->nlanes : 1) * sizeof *rank);
	if (mr == NULL || rank == NULL) {
		free(mr);
		free(rank);
		return OVP_ENOMEM;
	}
	for (size_t i = 0; i < hs->nlanes; i++)
		rank[order[i].l - hs->lanes] = (uint32_t)i;
	for (size_t i = 0; i < hs->nmarks; i++) {
		mr[i].rank = rank[hs->marks[i].lane];
		mr[i].index = (uint32_t)i;
		mr[i].worst = hs->marks[i].worst;
	}
	if (hs->nmarks > 1)
		qsort(mr, hs->nmarks, sizeof *mr, by_lane);
	ovp_rbuf_printf(b, "<svg class=\"lanes\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
	                   "role=\"img\" aria-label=\"promised dates against planned windows\">\n",
	                SVG_W, height, SVG_W, height);
	ovp_rbuf_printf(b, "<defs><clipPath id=\"clip-label\"><rect x=\"0\" y=\"0\" width=\"%d\" "
	                   "height=\"%d\"/></clipPath><clipPath id=\"clip-status\"><rect x=\"%d\" "
	                   "y=\"0\" width=\"%d\" height=\"%d\"/></clipPath>"
	                   "<linearGradient id=\"fade\"><stop offset=\"0\" stop-color=\"#f0a8ad\"/>"
	                   "<stop offset=\"1\" stop-color=\"#f0a8ad\" stop-opacity=\"0\"/>"
	                   "</linearGradient>"
	                   "<pattern id=\"hatch\" width=\"6\" height=\"6\" "
	                   "patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\">"
	                   "<rect width=\"6\" height=\"6\" fill=\"#eef0f2\"/>"
	                   "<line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\"#8c959f\" "
	                   "stroke-width=\"2\"/></pattern></defs>\n",
	                LABEL_W - 4, LANE_H, LABEL_W + 6, STATUS_W - 10, LANE_H);
	for (size_t i = 1; i < hs->nlanes; i += 2)
		ovp_rbuf_printf(b, "<rect class=\"stripe\" x=\"0\" y=\"%zu\" width=\"%d\" "
		                   "height=\"%d\"/>\n",
		                i * LANE_H, SVG_W, LANE_H);
	for (ovp_day m = sp.r0; m < sp.r1; m = month_start(m, 1), k++) {
		int y, mo, d;
		double x = day_x(&sp, m);

		ovp_day_to_ymd(m, &y, &mo, &d);
		if (CHART_W / ((double)(sp.r1 - sp.r0) / 30.44) >= 6.0 || k % step == 0)
			ovp_rbuf_printf(b, "<line class=\"grid%s\" x1=\"%.1f\" y1=\"0\" x2=\"%.1f\" "
			                   "y2=\"%d\"/>\n",
			                mo == 1 ? " year" : "", x, x, height);
	}
	ovp_rbuf_printf(b, "<line class=\"asof\" x1=\"%.1f\" y1=\"0\" x2=\"%.1f\" y2=\"%d\"/>\n", xa,
	                xa, height);
	for (size_t i = 0; i < hs->nlanes && rc == 0; i++) {
		const lane *l = order[i].l;

		ovp_rbuf_printf(b, "<g class=\"lane %s\" data-lane=\"%zu\" data-kind=\"%s\"",
		                ovp_html_sev_class(l->worst), i,
		                l->kind == LANE_ITEM        ? "item"
		                : l->kind == LANE_UNMATCHED ? "unmatched"
		                                            : "ambiguous");
		if (l->id[0] != '\0') {
			ovp_rbuf_puts(b, " data-item=\"");
			ovp_html_put(b, l->id);
			ovp_rbuf_putc(b, '"');
		}
		if (l->file[0] != '\0') {
			ovp_rbuf_puts(b, " data-file=\"");
			ovp_html_put(b, l->file);
			ovp_rbuf_printf(b, "\" data-line=\"%ld\"", l->line);
		}
		ovp_rbuf_printf(b, " transform=\"translate(0,%zu)\">\n<title>", i * LANE_H);
		put_lane_title(hs, l);
		ovp_rbuf_puts(b, "</title><text class=\"label\" x=\"8\" y=\"15\" "
		                 "clip-path=\"url(#clip-label)\">");
		if (l->kind != LANE_ITEM)
			ovp_rbuf_puts(b, "\xE2\x80\x9C");
		ovp_html_put_cut(b, l->label, LABEL_COLUMNS - (l->kind != LANE_ITEM ? 2 : 0));
		if (l->kind != LANE_ITEM)
			ovp_rbuf_puts(b, "\xE2\x80\x9D");
		ovp_rbuf_puts(b, "</text>");
		put_status(b, l);
		ovp_rbuf_printf(b, "<text class=\"value\" x=\"%d\" y=\"15\">",
		                LABEL_W + STATUS_W + VALUE_W);
		put_lane_value(hs, l);
		ovp_rbuf_puts(b, "</text>");
		put_bar(b, l, &sp, as_of);
		for (; j < hs->nmarks && mr[j].rank == i; j++) {
			const mark *mk = &hs->marks[mr[j].index];

			if (mk->due != OVP_DAY_NONE)
				put_mark(hs, l, mk, &sp);
		}
		ovp_rbuf_puts(b, "\n</g>\n");
		rc = ovp_html_flush(hs, false);
	}
	free(mr);
	free(rank);
	if (rc < 0)
		return rc;
	ovp_rbuf_puts(b, "</svg>\n</section>\n");
	return 0;
}

/*
 * Deals with an error first, the largest amount first: in the reporting
 * currency when every deal's amount converts, else currency by currency
 * (in order of the summary's currencies, then the rest), never comparing
 * amounts in two currencies; then the rest in the same order.
 */
static size_t
currency_rank(const html_sink *hs, const deal_rec *d)
{
	for (size_t i = 0; i < hs->ncurrencies; i++)
		if (strcmp(hs->currencies[i], d->currency) == 0)
			return i;
	return hs->ncurrencies;
}

static int
by_deal_risk(const void *a, const void *b)
{
	const deal_rec *x = *(const deal_rec *const *)a, *y = *(const deal_rec *const *)b;
	bool ex = x->count[OVP_SEV_ERROR] > 0, ey = y->count[OVP_SEV_ERROR] > 0;
	int c;

	if (ex != ey)
		return ex ? -1 : 1;
	if (x->has_amount != y->has_amount)
		return x->has_amount ? -1 : 1;
	if (x->sort_rank != y->sort_rank)
		return x->sort_rank < y->sort_rank ? -1 : 1;
	if (!x->sort_converted && (c = strcmp(x->currency, y->currency)) != 0)
		return c;
	if (x->has_amount && x->sort_value != y->sort_value)
		return x->sort_value < y->sort_value ? 1 : -1;
	return (x->seq > y->seq) - (x->seq < y->seq);
}

/*
 * What is wrong with a deal in plain words, most serious first: "late by
 * 75 days; overdue by 25 days; may slip".
 */
static void
put_plain_rules(ovp_rbuf *b, const deal_rec *d)
{
	static const struct {
		ovp_rule_id rule;
		const char *words;
	} plain[] = {
		{OVP_RULE_UNPLANNED, "not on the roadmap"},
		{OVP_RULE_CANCELLED, "rests on cancelled work"},
		{OVP_RULE_UNSCHEDULED, "not scheduled"},
		{OVP_RULE_LATE, NULL},
		{OVP_RULE_OVERDUE, NULL},
		{OVP_RULE_SLIP_RISK, "may slip"},
		{OVP_RULE_SLIPPED, "the work has slipped before"},
		{OVP_RULE_PROTOTYPE, "rests on a prototype"},
		{OVP_RULE_LOW_CONFIDENCE, "low delivery confidence"},
		{OVP_RULE_AMBIGUOUS, "a promise fits several items"},
		{OVP_RULE_UNCONFIRMED, "a promise is not clearly on the roadmap"},
		{OVP_RULE_NO_SIGN_OFF, "no solution-expert sign-off"},
		{OVP_RULE_OVERCOMMITTED, "the team is overcommitted"},
		{OVP_RULE_UNDATED, "a promise has no date of its own"},
		{OVP_RULE_FUZZY_MATCH, "an approximate match to confirm"},
		{OVP_RULE_DATA_QUALITY, "data to fix in the export"},
	};
	bool first = true;
	uint32_t done = 0;

	for (size_t i = 0; i < sizeof plain / sizeof plain[0]; i++) {
		uint32_t bit = (uint32_t)1 << plain[i].rule;

		if ((d->rules & bit) == 0)
			continue;
		done |= bit;
		ovp_rbuf_puts(b, first ? "" : "; ");
		first = false;
		if (plain[i].rule == OVP_RULE_LATE)
			ovp_rbuf_printf(b, "late by %ld day%s", d->late_days, d->late_days == 1 ? "" : "s");
		else if (plain[i].rule == OVP_RULE_OVERDUE)
			ovp_rbuf_printf(b, "overdue by %ld day%s", d->overdue_days,
			                d->overdue_days == 1 ? "" : "s");
		else
			ovp_rbuf_puts(b, plain[i].words);
	}
	/* A rule this list does not word yet still shows, by its name. */
	if ((d->rules & ~done) != 0) {
		ovp_rbuf_puts(b, first ? "" : "; ");
		ovp_html_put_rules(b, d->rules & ~done);
	}
}

static ovp_severity
deal_worst(const deal_rec *d)
{
	for (int s = OVP_SEV_ERROR; s > OVP_SEV_OFF; s--)
		if (d->count[s] > 0)
			return (ovp_severity)s;
	return OVP_SEV_OFF;
}

/*
 * The deals per owner, the most value at risk first (the summary's
 * order): deals, deals at risk, errors, warnings, value at risk, and the
 * solution-expert sign-offs of the deals that need one.
 */
static int
put_owners(html_sink *hs, const ovp_summary *sum)
{
	ovp_rbuf *b = &hs->buf;

	if (sum->nowners == 0)
		return 0;
	ovp_rbuf_puts(b, "<section id=\"owners\">\n<h2>By owner</h2>\n<p class=\"hint\">Whose "
	                 "pipeline carries the risk, the most value at risk first; signed off: "
	                 "the deals carrying promises of unshipped work that have a "
	                 "solution-expert sign-off.</p>\n<table id=\"owners-table\">\n<thead><tr>"
	                 "<th>Owner</th><th class=\"num\">Deals</th><th class=\"num\">At risk</th>"
	                 "<th class=\"num\">Errors</th><th class=\"num\">Warnings</th><th>Value "
	                 "at risk</th><th>Signed off</th></tr></thead>\n<tbody>\n");
	for (size_t i = 0; i < sum->nowners; i++) {
		const ovp_owner_summary *w = &sum->owners[i];
		ovp_rbuf cell = {0};

		ovp_rbuf_printf(b, "<tr class=\"owner %s\"><td>",
		                w->deals_at_risk > 0 ? "error" : w->by_severity[OVP_SEV_WARNING] > 0
		                                                     ? "warning"
		                                                     : "ok");
		ovp_html_put(b, ovp_owner_name(w));
		ovp_rbuf_printf(b, "</td><td class=\"num\">%lu</td><td class=\"num\">%lu</td><td "
		                   "class=\"num\">%lu</td><td class=\"num\">%lu</td><td>",
		                w->deals, w->deals_at_risk, w->by_severity[OVP_SEV_ERROR],
		                w->by_severity[OVP_SEV_WARNING]);
		ovp_owner_risk_put(&cell, sum, w);
		ovp_rbuf_puts(&cell, "\x1f");
		ovp_owner_sign_off_put(&cell, w);
		if (cell.err != 0) {
			ovp_rbuf_free(&cell);
			return cell.err;
		}
		{
			const char *sep = memchr(cell.data, '\x1f', cell.len);

			ovp_html_put_n(b, cell.data, (size_t)(sep - cell.data));
			ovp_rbuf_puts(b, "</td><td>");
			ovp_html_put_n(b, sep + 1, cell.len - (size_t)(sep + 1 - cell.data));
		}
		ovp_rbuf_free(&cell);
		ovp_rbuf_puts(b, "</td></tr>\n");
	}
	if (sum->owners_omitted_deals > 0)
		ovp_rbuf_printf(b, "<tr><td colspan=\"7\">%lu more deals of other owners (at most %d "
		                   "owners are told apart)</td></tr>\n",
		                sum->owners_omitted_deals, OVP_OWNERS_MAX);
	ovp_rbuf_puts(b, "</tbody>\n</table>\n</section>\n");
	return ovp_html_flush(hs, false);
}

/* One line per deal: what it is worth and, in a few words, what is wrong with it. */
static int
put_deals(html_sink *hs)
{
	ovp_rbuf *b = &hs->buf;
	const deal_rec **order;
	int rc = 0;

	ovp_rbuf_puts(b, "<section id=\"deals\">\n<h2>Deals</h2>\n");
	if (hs->ndeals == 0) {
		ovp_rbuf_puts(b, "<p class=\"empty\">No deals with promises.</p>\n</section>\n");
		return 0;
	}
	order = malloc(hs->ndeals * sizeof *order);
	if (order == NULL)
		return OVP_ENOMEM;
	for (size_t i = 0; i < hs->ndeals; i++)
		order[i] = &hs->deals[i];
	hs->all_converted = hs->base.meta != NULL && hs->base.meta->fx != NULL &&
	                    hs->base.meta->fx->currency[0] != '\0';
	for (size_t i = 0; i < hs->ndeals && hs->all_converted; i++)
		if (hs->deals[i].has_amount && !hs->deals[i].has_converted)
			hs->all_converted = false;
	for (size_t i = 0; i < hs->ndeals; i++) {
		deal_rec *r = &hs->deals[i];

		r->sort_converted = hs->all_converted;
		r->sort_rank = hs->all_converted ? 0 : currency_rank(hs, r);
		r->sort_value = hs->all_converted ? r->converted : r->amount;
	}
	qsort(order, hs->ndeals, sizeof *order, by_deal_risk);
	if (hs->all_converted)
		ovp_rbuf_printf(b, "<p class=\"hint\">Deals with an error first, the largest first "
		                   "(in %s at the given rates).</p>\n",
		                hs->base.meta->fx->currency);
	else
		ovp_rbuf_puts(b, "<p class=\"hint\">Deals with an error first, the largest first, "
		                 "currency by currency.</p>\n");
	if (hs->dropped_deals > 0)
		ovp_rbuf_printf(b, "<p class=\"hint\">%lu more deal%s not listed here (at most %d "
		                   "are); their findings are below.</p>\n",
		                hs->dropped_deals, hs->dropped_deals == 1 ? " is" : "s are", MAX_DEALS);
	ovp_rbuf_puts(b, "<table class=\"sortable\" id=\"deals-table\">\n<thead><tr><th "
	                 "class=\"w14\">Deal</th><th class=\"w12 wide\">Account</th><th class=\"w10 "
	                 "wide\">Stage</th><th class=\"w10\">Owner</th><th class=\"w8\">Close</th><th "
	                 "class=\"num w10\" data-type=\"num\">Amount</th><th class=\"num w6\" "
	                 "data-type=\"num\">Promises</th><th class=\"w12\" data-type=\"num\">"
	                 "Findings</th><th class=\"w18\">Summary</th></tr></thead>\n<tbody>\n");
	for (size_t i = 0; i < hs->ndeals && rc == 0; i++) {
		const deal_rec *d = order[i];
		ovp_severity worst = deal_worst(d);
		char num[32];
		bool any = false;

		ovp_rbuf_printf(b, "<tr class=\"deal %s\"><td>", ovp_html_sev_class(worst));
		ovp_html_put(b, d->name);
		ovp_rbuf_puts(b, "</td><td class=\"wide\">");
		ovp_html_put(b, d->account);
		ovp_rbuf_puts(b, "</td><td class=\"wide\">");
		ovp_html_put(b, d->stage);
		ovp_rbuf_puts(b, "</td><td>");
		ovp_html_put(b, d->owner);
		ovp_rbuf_puts(b, "</td><td class=\"nowrap\">");
		ovp_html_put_day(b, d->close);
		ovp_rbuf_printf(b, "</td><td class=\"num\" data-sort=\"%s\">",
		                ovp_format_number(d->has_amount ? d->amount : 0.0, num));
		if (d->has_amount)
			ovp_html_put_money(b, d->currency, d->amount);
		ovp_rbuf_printf(b, "</td><td class=\"num\">%lu</td><td "
		                   "data-sort=\"%lu\">",
		                d->promises,
		                d->count[OVP_SEV_ERROR] * 1000000ul + d->count[OVP_SEV_WARNING] * 1000ul +
		                        d->count[OVP_SEV_NOTE]);
		for (int s = OVP_SEV_ERROR; s > OVP_SEV_OFF; s--) {
			if (d->count[s] == 0)
				continue;
			ovp_rbuf_printf(b, "%s<span class=\"badge %s\">%lu %s%s</span>", any ? " " : "",
			                ovp_severity_name((ovp_severity)s), d->count[s],
			                ovp_severity_name((ovp_severity)s), d->count[s] == 1 ? "" : "s");
			any = true;
		}
		if (!any)
			ovp_rbuf_puts(b, "<span class=\"badge\">none</span>");
		ovp_rbuf_puts(b, "</td><td>");
		ovp_rbuf_puts(b, worst == OVP_SEV_ERROR     ? "At risk: "
		                 : worst == OVP_SEV_WARNING ? "Check: "
		                 : worst == OVP_SEV_NOTE    ? "Note: "
		                                            : "On track");
		put_plain_rules(b, d);
		if (d->suppressed > 0)
			ovp_rbuf_printf(b, "; %lu in the baseline", d->suppressed);
		ovp_rbuf_puts(b, "</td></tr>\n");
		rc = ovp_html_flush(hs, false);
	}
	free(order);
	if (rc < 0)
		return rc;
	ovp_rbuf_puts(b, "</tbody>\n</table>\n</section>\n");
	return 0;
}

int
ovp_html_end(ovp_sink *s, const ovp_summary *sum, ovp_error *err)
{
	html_sink *hs = (html_sink *)s;
	ovp_rbuf *b = &hs->buf;
	double *risk = NULL;
	lane_ref *order = NULL;
	int rc;

	if (hs->failed < 0)
		return ovp_sink_result(s, hs->failed, err);
	ovp_rbuf_reset(b);
	risk = tally_lanes(hs);
	order = malloc((hs->nlanes ? hs->nlanes : 1) * sizeof *order);
	if (risk == NULL || order == NULL) {
		free(risk);
		free(order);
		return ovp_sink_result(s, OVP_ENOMEM, err);
	}
	for (size_t i = 0; i < hs->nlanes; i++) {
		order[i].l = &hs->lanes[i];
		order[i].ncur = hs->ncurrencies;
	}
	if (hs->nlanes > 1)
		qsort(order, hs->nlanes, sizeof *order, by_risk);
	put_head(hs);
	put_summary(hs, sum);
	if (s->meta->history != NULL)
		ovp_html_trend(b, s->meta->history, sum, s->meta->as_of);
	rc = ovp_html_flush(hs, false);
	if (rc == 0)
		rc = put_timeline(hs, order, s->meta->as_of);
	if (rc == 0)
		rc = put_deals(hs);
	if (rc == 0)
		rc = put_owners(hs, sum);
	free(order);
	free(risk);
	for (size_t i = 0; i < hs->nlanes; i++)
		hs->lanes[i].risk = NULL;
	if (rc < 0)
		return ovp_sink_result(s, rc, err);
	ovp_rbuf_puts(b, "<section id=\"findings\">\n<h2>Findings</h2>\n");
	if (hs->nfindings == 0) {
		ovp_rbuf_puts(b, "<p class=\"empty\">No findings.</p>\n");
	} else {
		ovp_rbuf_printf(b, "<p class=\"hint\">%lu finding%s, in the order of the files: the "
		                   "roadmap's, then each deal's, then the portfolio's.</p>\n"
		                   "<p class=\"filters\" id=\"filters\"></p>\n",
		                hs->nfindings, hs->nfindings == 1 ? "" : "s");
		ovp_rbuf_puts(b, "<table class=\"sortable\" id=\"findings-table\">\n<thead><tr>"
		                 "<th class=\"w6\" data-type=\"num\">Severity</th><th class=\"w9\">"
		                 "Rule</th><th class=\"w10\">Deal</th><th class=\"w9 wide\">Account</th>"
		                 "<th class=\"num w8 wide\" data-type=\"num\">Amount</th><th class=\"w9\">"
		                 "Feature</th><th class=\"w7 wide\">Due</th><th class=\"w7 wide\">Planned</th>"
		                 "<th class=\"w26\">Message</th><th class=\"w9\">Location</th></tr>"
		                 "</thead>\n<tbody>\n");
	}
	rc = ovp_html_flush(hs, true);
	if (rc == 0 && hs->nfindings > 0) {
		rc = ovp_spool_copy(&hs->rows, s->out);
		ovp_rbuf_puts(b, "</tbody>\n</table>\n");
	}
	if (rc < 0)
		return ovp_sink_result(s, rc, err);
	ovp_rbuf_puts(b, "</section>\n<footer>Made by overpromise ");
	ovp_html_put(b, ovp_version());
	ovp_rbuf_printf(b, " from the exports named above; no data leaves this page.</footer>\n"
	                   "<script>%s</script>\n</body>\n</html>\n",
	                script);
	rc = ovp_html_flush(hs, true);
	if (rc < 0)
		return ovp_sink_result(s, rc, err);
	return ovp_sink_result(s, ferror(s->out) ? OVP_EIO : 0, err);
}
