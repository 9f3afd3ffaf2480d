/*
 * The trend of the HTML report, for a run of `check --history FILE
 * --format html`: a line in the header with the change since the last
 * run of the history (value at risk up or down per currency, errors more
 * or fewer), and a section with a chart of the value at risk and of the
 * errors per run (inline SVG: no script, every point titled with its
 * figures) and the same figures as a table.
 *
 * The chart shows the last TREND_RUNS runs of the history and this one.
 * Amounts are never added across currencies: the chart draws the value
 * at risk in the currency that holds the most of it now, and the table
 * lists every currency.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <overpromise/run_history.h>

#include "../util/str.h"
#include "report_impl.h"

enum {
	TREND_RUNS = 52,      /* runs of the history drawn, the latest (a year of weekly runs) */
	PLOT_X = 100,         /* left of the plots, room for the axis labels */
	PLOT_W = 780,
	PLOT_H = 110,
	GAP = 46,             /* between the two plots, room for the dates */
	TREND_W = PLOT_X + PLOT_W + 40,
	TREND_H = 2 * PLOT_H + GAP + 46
};

/* One point of the chart: a run of the history, or this one. */
typedef struct point {
	ovp_day as_of;
	unsigned long errors, warnings;
	const ovp_money *var;
	size_t nvar;
} point;

static double
amount_in(const point *p, const char *cur, bool *found)
{
	for (size_t k = 0; k < p->nvar; k++) {
		if (strcmp(p->var[k].currency, cur) == 0) {
			if (found != NULL)
				*found = true;
			return p->var[k].amount;
		}
	}
	if (found != NULL)
		*found = false;
	return 0.0;
}

static void
put_money_text(ovp_rbuf *b, const char *cur, double amount)
{
	char text[64];

	ovp_money_format(cur, amount, text, sizeof text);
	ovp_html_put(b, text);
}

/* "USD +180,000" for a change of an amount. */
static void
put_money_change(ovp_rbuf *b, const char *cur, double delta)
{
	char text[64];

	ovp_money_format("", fabs(delta), text, sizeof text);
	ovp_html_put(b, cur);
	ovp_rbuf_printf(b, "%s%s%s", cur[0] ? " " : "", delta < 0 ? "\xE2\x88\x92" : "+", text);
}

void
ovp_html_change(ovp_rbuf *b, const ovp_run_history *h, const ovp_summary *sum)
{
	const ovp_run *last;
	char iso[OVP_DATE_ISO_SIZE];
	long errors;
	bool any = false;
	point before, now;

	if (h == NULL || h->nruns == 0)
		return;
	last = &h->runs[h->nruns - 1];
	before = (point){last->as_of, 0, 0, last->value_at_risk, last->ncurrencies};
	now = (point){0, 0, 0, sum->value_at_risk, sum->ncurrencies};
	errors = (long)sum->by_severity[OVP_SEV_ERROR] - (long)last->by_severity[OVP_SEV_ERROR];
	ovp_rbuf_printf(b, "<p class=\"change\">Since the last run (as of <strong>%s</strong>): ",
	                ovp_day_format(last->as_of, iso));
	/* Every currency of either run, this run's first. */
	for (int pass = 0; pass < 2; pass++) {
		const point *from = pass == 0 ? &now : &before;
		const point *other = pass == 0 ? &before : &now;

		for (size_t k = 0; k < from->nvar; k++) {
			const char *cur = from->var[k].currency;
			bool there;
			double a = amount_in(&now, cur, NULL), p = amount_in(&before, cur, NULL);

			(void)amount_in(other, cur, &there);
			if (pass == 1 && there)
				continue;
			ovp_rbuf_puts(b, any ? " \xC2\xB7 " : "");
			if (a == p) {
				ovp_rbuf_puts(b, "value at risk unchanged at ");
				put_money_text(b, cur, a);
			} else {
				ovp_rbuf_printf(b, "value at risk <span class=\"%s\">%s ", a > p ? "up" : "down",
				                a > p ? "up" : "down");
				put_money_change(b, cur, a - p);
				ovp_rbuf_puts(b, "</span> (");
				put_money_text(b, cur, p);
				ovp_rbuf_puts(b, " \xE2\x86\x92 ");
				put_money_text(b, cur, a);
				ovp_rbuf_puts(b, ")");
			}
			any = true;
		}
	}
	if (!any)
		ovp_rbuf_puts(b, "no value at risk then or now");
	if (errors == 0)
		ovp_rbuf_printf(b, " \xC2\xB7 errors unchanged at %lu", sum->by_severity[OVP_SEV_ERROR]);
	else
		ovp_rbuf_printf(b, " \xC2\xB7 <span class=\"%s\">%ld %s error%s</span> (%lu \xE2\x86\x92 %lu)",
		                errors > 0 ? "up" : "down", errors > 0 ? errors : -errors,
		                errors > 0 ? "more" : "fewer", errors == 1 || errors == -1 ? "" : "s",
		                last->by_severity[OVP_SEV_ERROR], sum->by_severity[OVP_SEV_ERROR]);
	ovp_rbuf_puts(b, "</p>\n");
}

/* A round top for an axis: 1, 2 or 5 times a power of ten, at least v. */
static double
nice_top(double v)
{
	double p;

	if (!(v > 0.0) || !isfinite(v))
		return 1.0;
	p = pow(10.0, floor(log10(v)));
	if (v <= p)
		return p;
	if (v <= 2 * p)
		return 2 * p;
	if (v <= 5 * p)
		return 5 * p;
	return 10 * p;
}

static double
x_of(size_t i, size_t n)
{
	return n <= 1 ? PLOT_X + PLOT_W / 2.0 : PLOT_X + 10 + (PLOT_W - 20) * (double)i / (double)(n - 1);
}

/* The frame of a plot at top y: its base line, its top value and title. */
static void
put_frame(ovp_rbuf *b, int y, const char *title, const char *top)
{
	ovp_rbuf_printf(b, "<text class=\"head\" x=\"0\" y=\"%d\">", y - 8);
	ovp_html_put(b, title);
	ovp_rbuf_printf(b, "</text>\n<line class=\"grid\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\"/>\n"
	                   "<line class=\"grid\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\"/>\n"
	                   "<text class=\"tick\" x=\"%d\" y=\"%d\" text-anchor=\"end\">",
	                PLOT_X, y, PLOT_X + PLOT_W, y, PLOT_X, y + PLOT_H, PLOT_X + PLOT_W, y + PLOT_H,
	                PLOT_X - 6, y + 4);
	ovp_html_put(b, top);
	ovp_rbuf_printf(b, "</text>\n<text class=\"tick\" x=\"%d\" y=\"%d\" text-anchor=\"end\">0"
	                   "</text>\n",
	                PLOT_X - 6, y + PLOT_H + 4);
}

void
ovp_html_trend(ovp_rbuf *b, const ovp_run_history *h, const ovp_summary *sum, ovp_day as_of)
{
	size_t first = h->nruns > TREND_RUNS ? h->nruns - TREND_RUNS : 0;
	size_t n = h->nruns - first + 1, step;
	point pts[TREND_RUNS + 1];
	const char *cur = "";
	bool has_cur = false;
	double top_v = 0.0, top_e = 0.0, best = -1.0;
	char iso[OVP_DATE_ISO_SIZE], text[64];
	int y1 = 22, y2 = 22 + PLOT_H + GAP;

	for (size_t i = 0; i + 1 < n; i++) {
		const ovp_run *r = &h->runs[first + i];

		pts[i] = (point){r->as_of, r->by_severity[OVP_SEV_ERROR], r->by_severity[OVP_SEV_WARNING],
		                 r->value_at_risk, r->ncurrencies};
	}
	pts[n - 1] = (point){as_of, sum->by_severity[OVP_SEV_ERROR], sum->by_severity[OVP_SEV_WARNING],
	                     sum->value_at_risk, sum->ncurrencies};
	/* The currency drawn: the one with the most at risk now, else the latest run's first. */
	for (size_t k = 0; k < sum->ncurrencies; k++) {
		if (sum->value_at_risk[k].amount > best) {
			best = sum->value_at_risk[k].amount;
			cur = sum->value_at_risk[k].currency;
			has_cur = true;
		}
	}
	for (size_t i = n; !has_cur && i-- > 0;) {
		if (pts[i].nvar > 0) {
			cur = pts[i].var[0].currency;
			has_cur = true;
		}
	}
	for (size_t i = 0; i < n; i++) {
		double v = amount_in(&pts[i], cur, NULL);

		if (v > top_v)
			top_v = v;
		if ((double)pts[i].errors > top_e)
			top_e = (double)pts[i].errors;
	}
	top_v = nice_top(top_v);
	top_e = top_e < 5 ? 5 : nice_top(top_e);

	ovp_rbuf_printf(b, "<section id=\"trend\">\n<h2>Trend</h2>\n<p class=\"hint\">Value at risk "
	                   "and errors per run of <code>");
	ovp_html_put(b, h->path);
	ovp_rbuf_printf(b, "</code>, this run last (%zu %s shown", n, n == 1 ? "run" : "runs");
	if (first + h->older > 0)
		ovp_rbuf_printf(b, "; %lu older left out", (unsigned long)first + h->older);
	ovp_rbuf_puts(b, ").</p>\n");
	ovp_rbuf_printf(b, "<svg class=\"trend\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
	                   "role=\"img\" aria-label=\"Value at risk and errors per run\">\n",
	                TREND_W, TREND_H, TREND_W, TREND_H);

	/* Value at risk: a line through the runs. */
	ovp_money_format("", top_v, text, sizeof text);
	if (!has_cur)
		put_frame(b, y1, "Value at risk (none)", text);
	else if (cur[0] == '\0')
		put_frame(b, y1, "Value at risk (no currency)", text);
	else {
		char title[64];

		snprintf(title, sizeof title, "Value at risk (%s)", cur);
		put_frame(b, y1, title, text);
	}
	ovp_rbuf_puts(b, "<polyline class=\"risk\" points=\"");
	for (size_t i = 0; i < n; i++)
		ovp_rbuf_printf(b, "%s%.1f,%.1f", i ? " " : "", x_of(i, n),
		                y1 + PLOT_H - PLOT_H * amount_in(&pts[i], cur, NULL) / top_v);
	ovp_rbuf_puts(b, "\"/>\n");
	for (size_t i = 0; i < n; i++) {
		ovp_rbuf_printf(b, "<circle class=\"risk%s\" cx=\"%.1f\" cy=\"%.1f\" r=\"4\"><title>%s: ",
		                i + 1 == n ? " now" : "", x_of(i, n),
		                y1 + PLOT_H - PLOT_H * amount_in(&pts[i], cur, NULL) / top_v,
		                ovp_day_format(pts[i].as_of, iso));
		put_money_text(b, cur, amount_in(&pts[i], cur, NULL));
		ovp_rbuf_puts(b, " at risk</title></circle>\n");
	}

	/* Errors: a bar per run. */
	snprintf(text, sizeof text, "%.0f", top_e);
	put_frame(b, y2, "Errors", text);
	for (size_t i = 0; i < n; i++) {
		double hgt = PLOT_H * (double)pts[i].errors / top_e;
		double w = n <= 1 ? 24.0 : fmin(24.0, (PLOT_W - 20) / (double)(n - 1) * 0.6);

		ovp_rbuf_printf(b, "<rect class=\"errors%s\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" "
		                   "height=\"%.1f\"><title>%s: %lu error%s, %lu warning%s</title></rect>\n",
		                i + 1 == n ? " now" : "", x_of(i, n) - w / 2, y2 + PLOT_H - hgt, w, hgt,
		                ovp_day_format(pts[i].as_of, iso), pts[i].errors,
		                pts[i].errors == 1 ? "" : "s", pts[i].warnings,
		                pts[i].warnings == 1 ? "" : "s");
	}
	/* Dates under each plot, no more than about twelve. */
	step = n > 12 ? (n + 11) / 12 : 1;
	for (size_t i = 0; i < n; i++) {
		if (i % step != 0 && i + 1 != n)
			continue;
		for (int plot = 0; plot < 2; plot++)
			ovp_rbuf_printf(b, "<text class=\"tick\" x=\"%.1f\" y=\"%d\" "
			                   "text-anchor=\"middle\">%s</text>\n",
			                x_of(i, n), (plot == 0 ? y1 : y2) + PLOT_H + 16,
			                ovp_day_format(pts[i].as_of, iso));
	}
	ovp_rbuf_puts(b, "</svg>\n");

	/* The same figures as a table, every currency. */
	ovp_rbuf_puts(b, "<table class=\"trend-table\">\n<thead><tr><th>As of</th><th class=\"num\">"
	                 "Errors</th><th class=\"num\">Warnings</th><th>Value at risk</th></tr>"
	                 "</thead>\n<tbody>\n");
	for (size_t i = n; i-- > 0;) {
		ovp_rbuf_printf(b, "<tr%s><td class=\"nowrap\">%s%s</td><td class=\"num\">%lu</td>"
		                   "<td class=\"num\">%lu</td><td>",
		                i + 1 == n ? " class=\"now\"" : "", ovp_day_format(pts[i].as_of, iso),
		                i + 1 == n ? " (this run)" : "", pts[i].errors, pts[i].warnings);
		if (pts[i].nvar == 0)
			ovp_rbuf_puts(b, "none");
		for (size_t k = 0; k < pts[i].nvar; k++) {
			ovp_rbuf_puts(b, k ? "; " : "");
			put_money_text(b, pts[i].var[k].currency, pts[i].var[k].amount);
		}
		ovp_rbuf_puts(b, "</td></tr>\n");
	}
	ovp_rbuf_puts(b, "</tbody>\n</table>\n</section>\n");
}
