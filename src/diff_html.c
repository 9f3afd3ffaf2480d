/*
 * diff as one self-contained HTML page: the counts and the value at
 * risk before and after on top, then a table per class of findings (new,
 * resolved, worse, better) and one of the slipped items.  Like the HTML
 * report it loads nothing, runs no script, allows only its own style by
 * hash in its Content-Security-Policy, and escapes every text from the
 * reports.  Rows are written as they are made.
 */
#include <stdio.h>
#include <string.h>

#include <overpromise/overpromise.h>

#include "diff_impl.h"

/*
 * The page's style.  Its SHA-256, base64, is in the policy below; after a
 * change, recompute it:  printf %s "$STYLE" | openssl dgst -sha256 -binary | base64
 */
static const char style[] =
	"\n:root{--error:#cf222e;--warning:#b35900;--note:#0969da;--ok:#1a7f37;--ink:#1f2328;"
	"--muted:#59636e;--line:#d1d9e0;--soft:#f6f8fa}\n"
	"body{margin:0;padding:20px 24px;color:var(--ink);background:#fff;"
	"font:14px/1.45 system-ui,-apple-system,\"Segoe UI\",Roboto,Arial,sans-serif}\n"
	"h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:24px 0 6px}\n"
	".meta{color:var(--muted);margin:0 0 12px}\n"
	".cards{display:flex;flex-wrap:wrap;gap:10px;list-style:none;padding:0;margin:12px 0}\n"
	".card{border:1px solid var(--line);border-radius:6px;padding:6px 16px 8px;min-width:110px;"
	"color:var(--muted)}.card b{display:block;font-size:22px;color:var(--ink)}\n"
	".card.bad b{color:var(--error)}.card.good b{color:var(--ok)}\n"
	".up{color:var(--error);font-weight:600}.down{color:var(--ok);font-weight:600}\n"
	"table{border-collapse:collapse;width:100%;font-size:13px}\n"
	"th,td{border-bottom:1px solid var(--line);padding:5px 8px;text-align:left;"
	"vertical-align:top;overflow-wrap:break-word}th{background:var(--soft);white-space:nowrap}\n"
	".sev{font-weight:600;white-space:nowrap}.sev.error{color:var(--error)}.sev.warning{color:var(--warning)}"
	".sev.note{color:var(--note)}\n"
	".was{color:var(--muted)}\n";

#define STYLE_SHA256 "sha256-nwKMYBm5Ii/jspBtzYHsD8NooyNkbq6qz0bKbxRgApU="

typedef struct html_out {
	FILE *out;
	ovp_rbuf b;
} html_out;

static void
td(html_out *h, const char *s)
{
	ovp_rbuf_puts(&h->b, "<td>");
	ovp_html_put(&h->b, s);
	ovp_rbuf_puts(&h->b, "</td>");
}

static void
td_severity(html_out *h, const json_t *f, const json_t *before)
{
	const char *sev = ovp_diff_member(f, "severity");

	ovp_rbuf_puts(&h->b, "<td class=\"sev ");
	ovp_html_put(&h->b, sev);
	ovp_rbuf_puts(&h->b, "\">");
	ovp_html_put(&h->b, sev);
	if (before != NULL && strcmp(ovp_diff_member(before, "severity"), sev) != 0) {
		ovp_rbuf_puts(&h->b, " <span class=\"was\">(was ");
		ovp_html_put(&h->b, ovp_diff_member(before, "severity"));
		ovp_rbuf_puts(&h->b, ")</span>");
	}
	if (json_is_true(json_object_get(f, "suppressed")))
		ovp_rbuf_puts(&h->b, " <span class=\"was\">(in the baseline)</span>");
	ovp_rbuf_puts(&h->b, "</td>");
}

static int
visit(void *ctx, const json_t *f, const json_t *before, ovp_error *err)
{
	html_out *h = ctx;
	char rule[128], where[1024];

	ovp_diff_rule(f, rule, sizeof rule);
	ovp_diff_where(f, where, sizeof where);
	ovp_rbuf_puts(&h->b, "<tr>");
	td_severity(h, f, before);
	td(h, rule);
	td(h, ovp_diff_deal_name(f));
	td(h, ovp_diff_member(f, "message"));
	if (before != NULL) {
		ovp_rbuf_puts(&h->b, "<td class=\"was\">");
		ovp_html_put(&h->b, ovp_diff_member(before, "message"));
		ovp_rbuf_puts(&h->b, "</td>");
	}
	td(h, where);
	ovp_rbuf_puts(&h->b, "</tr>\n");
	return ovp_diff_flush(&h->b, h->out, err);
}

static void
card(html_out *h, const char *cls, unsigned long n, const char *what)
{
	ovp_rbuf_printf(&h->b, "<li class=\"card %s\"><b>%lu</b>%s</li>\n", cls, n, what);
}

int
ovp_diff_html(ovp_diff *d, FILE *out, ovp_error *err)
{
	static const diff_kind order[] = {DIFF_NEW, DIFF_RESOLVED, DIFF_WORSE, DIFF_BETTER};
	html_out h = {out, {0}};
	int rc;

	ovp_rbuf_puts(&h.b, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
	                    "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src "
	                    "'none'; style-src '" STYLE_SHA256 "'; base-uri 'none'; form-action "
	                    "'none'\">\n<meta name=\"viewport\" content=\"width=device-width, "
	                    "initial-scale=1\">\n<meta name=\"generator\" content=\"overpromise ");
	ovp_html_put(&h.b, ovp_version());
	ovp_rbuf_puts(&h.b, "\">\n<title>overpromise diff \xE2\x80\x94 as of ");
	ovp_html_put(&h.b, ovp_diff_as_of(d->new_));
	ovp_rbuf_printf(&h.b, "</title>\n<style>%s</style>\n</head>\n<body>\n<header>\n"
	                      "<h1>What changed</h1>\n<p class=\"meta\">",
	                style);
	ovp_html_put(&h.b, ovp_report_path(d->old));
	ovp_rbuf_puts(&h.b, " (as of <strong>");
	ovp_html_put(&h.b, ovp_diff_as_of(d->old));
	ovp_rbuf_puts(&h.b, "</strong>) \xE2\x86\x92 ");
	ovp_html_put(&h.b, ovp_report_path(d->new_));
	ovp_rbuf_puts(&h.b, " (as of <strong>");
	ovp_html_put(&h.b, ovp_diff_as_of(d->new_));
	ovp_rbuf_puts(&h.b, "</strong>)</p>\n<ul class=\"cards\">\n");
	card(&h, d->counts.added > 0 ? "bad" : "", d->counts.added, "new");
	card(&h, d->counts.resolved > 0 ? "good" : "", d->counts.resolved, "resolved");
	card(&h, d->counts.worse > 0 ? "bad" : "", d->counts.worse, "worse");
	card(&h, d->counts.better > 0 ? "good" : "", d->counts.better, "better");
	card(&h, "", d->counts.unchanged, "unchanged");
	card(&h, d->counts.slipped > 0 ? "bad" : "", d->counts.slipped,
	     d->counts.slipped == 1 ? "item slipped" : "items slipped");
	ovp_rbuf_puts(&h.b, "</ul>\n<p>Value at risk: ");
	if (d->nmoney == 0)
		ovp_rbuf_puts(&h.b, "none before, none now");
	for (size_t i = 0; i < d->nmoney; i++) {
		ovp_rbuf money = {0};
		const diff_money *m = &d->money[i];

		ovp_diff_money_text(&money, m, "\xE2\x86\x92");
		ovp_rbuf_printf(&h.b, "%s<span class=\"%s\">", i ? "; " : "",
		                m->after > m->before ? "up" : m->after < m->before ? "down" : "");
		ovp_html_put(&h.b, money.data != NULL ? money.data : "");
		ovp_rbuf_puts(&h.b, "</span>");
		ovp_rbuf_free(&money);
	}
	ovp_rbuf_puts(&h.b, "</p>\n</header>\n");
	rc = ovp_diff_flush(&h.b, h.out, err);
	for (size_t k = 0; k < sizeof order / sizeof order[0] && rc == 0; k++) {
		unsigned long n = ovp_diff_count(d, order[k]);
		bool pair = order[k] == DIFF_WORSE || order[k] == DIFF_BETTER;

		ovp_rbuf_printf(&h.b, "<section id=\"%s\">\n<h2>%s (%lu)</h2>\n",
		                ovp_diff_kind_names[order[k]], ovp_diff_kind_titles[order[k]], n);
		if (n == 0) {
			ovp_rbuf_puts(&h.b, "<p class=\"meta\">None.</p>\n</section>\n");
			continue;
		}
		ovp_rbuf_printf(&h.b, "<table>\n<thead><tr><th>Severity</th><th>Rule</th><th>Deal</th>"
		                      "<th>%s</th>%s<th>Location</th></tr></thead>\n<tbody>\n",
		                pair ? "Now" : "Message", pair ? "<th>Before</th>" : "");
		rc = ovp_diff_flush(&h.b, h.out, err);
		if (rc == 0)
			rc = ovp_diff_each(d, order[k], visit, &h, err);
		ovp_rbuf_puts(&h.b, "</tbody>\n</table>\n</section>\n");
	}
	if (rc == 0) {
		ovp_rbuf_printf(&h.b, "<section id=\"slipped\">\n<h2>Slipped (%zu)</h2>\n", d->nslips);
		if (d->nslips == 0)
			ovp_rbuf_puts(&h.b, "<p class=\"meta\">None.</p>\n");
		else
			ovp_rbuf_puts(&h.b, "<table>\n<thead><tr><th>Item</th><th>Planned before</th>"
			                    "<th>Planned now</th><th>Deals</th></tr></thead>\n<tbody>\n");
		for (size_t i = 0; i < d->nslips; i++) {
			const diff_slip *s = &d->slips[i];
			char before[OVP_DATE_ISO_SIZE], after[OVP_DATE_ISO_SIZE], item[1024];
			ovp_rbuf deals = {0};

			ovp_diff_slip_item(s, item, sizeof item);
			ovp_diff_slip_deals(&deals, s);
			ovp_rbuf_puts(&h.b, "<tr>");
			td(&h, item);
			td(&h, ovp_day_format(s->before, before));
			td(&h, ovp_day_format(s->after, after));
			td(&h, deals.data != NULL ? deals.data : "");
			ovp_rbuf_puts(&h.b, "</tr>\n");
			ovp_rbuf_free(&deals);
		}
		if (d->nslips > 0)
			ovp_rbuf_puts(&h.b, "</tbody>\n</table>\n");
		ovp_rbuf_puts(&h.b, "</section>\n<footer class=\"meta\">");
		ovp_diff_summary_text(&h.b, d);
		ovp_rbuf_puts(&h.b, ". Made by overpromise ");
		ovp_html_put(&h.b, ovp_version());
		ovp_rbuf_puts(&h.b, "; no data leaves this page.</footer>\n</body>\n</html>\n");
		rc = ovp_diff_flush(&h.b, h.out, err);
	}
	ovp_rbuf_free(&h.b);
	return rc;
}
