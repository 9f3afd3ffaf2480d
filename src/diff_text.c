/*
 * diff as text, for people: a line per finding, in sections (new,
 * resolved, worse, better), the items that slipped, the value at risk
 * before and after per currency, and the counts.  A finding is written
 * as check writes it, "FILE:LINE: SEVERITY RULE NAME: MESSAGE", with its
 * deal after a "·"; a worse or better one has its earlier line under it.
 * Lines are written as they are made: memory does not grow with the
 * number of findings.
 */
#include <stdio.h>
#include <string.h>

#include "diff_impl.h"

typedef struct text_out {
	FILE *out;
	bool color;
	ovp_rbuf line;
} text_out;

static const char *
sev_color(const char *sev)
{
	if (strcmp(sev, "error") == 0)
		return "\x1b[1;31m";
	if (strcmp(sev, "warning") == 0)
		return "\x1b[1;33m";
	return "\x1b[1;36m";
}

/* One finding's line into t->line, indented. */
static void
put_finding(text_out *t, const json_t *f, const char *indent)
{
	const char *sev = json_string_value(json_object_get(f, "severity"));
	const char *deal = ovp_diff_deal_name(f);

	ovp_rbuf_puts(&t->line, indent);
	ovp_diff_finding_line(&t->line, f, t->color && sev != NULL ? sev_color(sev) : "",
	                      t->color ? "\x1b[0m" : "");
	if (deal[0] != '\0')
		ovp_rbuf_printf(&t->line, " \xc2\xb7 %s", deal);
	if (json_is_true(json_object_get(f, "suppressed")))
		ovp_rbuf_puts(&t->line, " (in the baseline)");
	ovp_rbuf_putc(&t->line, '\n');
}

static int
visit(void *ctx, const json_t *f, const json_t *before, ovp_error *err)
{
	text_out *t = ctx;

	put_finding(t, f, "  ");
	if (before != NULL)
		put_finding(t, before, "    was: ");
	return ovp_diff_flush(&t->line, t->out, err);
}

static void
title(text_out *t, const char *s, unsigned long n)
{
	ovp_rbuf_printf(&t->line, "%s%s (%lu)%s\n", t->color ? "\x1b[1m" : "", s, n,
	                t->color ? "\x1b[0m" : "");
}

int
ovp_diff_text(ovp_diff *d, bool color, FILE *out, ovp_error *err)
{
	static const diff_kind order[] = {DIFF_NEW, DIFF_RESOLVED, DIFF_WORSE, DIFF_BETTER};
	text_out t = {out, color, {0}};
	int rc = 0;

	ovp_rbuf_printf(&t.line, "Compared %s (as of %s) with %s (as of %s)\n\n",
	                ovp_report_path(d->old), ovp_diff_as_of(d->old), ovp_report_path(d->new_),
	                ovp_diff_as_of(d->new_));
	for (size_t k = 0; k < sizeof order / sizeof order[0] && rc == 0; k++) {
		unsigned long n = ovp_diff_count(d, order[k]);

		if (n == 0)
			continue;
		title(&t, ovp_diff_kind_titles[order[k]], n);
		rc = ovp_diff_flush(&t.line, t.out, err);
		if (rc == 0)
			rc = ovp_diff_each(d, order[k], visit, &t, err);
		ovp_rbuf_putc(&t.line, '\n');
	}
	if (rc == 0 && d->nslips > 0) {
		title(&t, "Slipped", d->nslips);
		for (size_t i = 0; i < d->nslips; i++) {
			ovp_rbuf_puts(&t.line, "  ");
			ovp_diff_slip_text(&t.line, &d->slips[i], "->");
			if (d->slips[i].ndeals > 0) {
				ovp_rbuf_printf(&t.line, "; %lu %s: ", d->slips[i].ndeals,
				                d->slips[i].ndeals == 1 ? "deal" : "deals");
				ovp_diff_slip_deals(&t.line, &d->slips[i]);
			}
			ovp_rbuf_putc(&t.line, '\n');
		}
		ovp_rbuf_putc(&t.line, '\n');
	}
	if (rc == 0) {
		ovp_rbuf_puts(&t.line, "Value at risk: ");
		if (d->nmoney == 0)
			ovp_rbuf_puts(&t.line, "none before, none now");
		for (size_t i = 0; i < d->nmoney; i++) {
			ovp_rbuf_puts(&t.line, i ? "; " : "");
			ovp_diff_money_text(&t.line, &d->money[i], "->");
		}
		ovp_rbuf_puts(&t.line, "\n");
		ovp_diff_summary_text(&t.line, d);
		ovp_rbuf_puts(&t.line, "\n");
		rc = ovp_diff_flush(&t.line, t.out, err);
	}
	ovp_rbuf_free(&t.line);
	return rc;
}
