/*
 * diff as Markdown, for a weekly mail or a pull-request comment: the
 * counts, the value at risk before and after, then a table per class of
 * findings (new, resolved, worse, better) and one of the slipped items.
 * Every text from the reports is escaped so that it stays text in a
 * table cell.  Rows are written as they are made.
 */
#include <stdio.h>
#include <string.h>

#include "diff_impl.h"

typedef struct md_out {
	FILE *out;
	ovp_rbuf row;
} md_out;

static void
cell(md_out *m, const char *s)
{
	ovp_rbuf_puts(&m->row, " ");
	ovp_markdown_put(&m->row, s != NULL ? s : "");
	ovp_rbuf_puts(&m->row, " |");
}

static int
visit(void *ctx, const json_t *f, const json_t *before, ovp_error *err)
{
	md_out *m = ctx;
	const char *now = ovp_diff_member(f, "severity");
	const char *was = before != NULL ? ovp_diff_member(before, "severity") : now;
	char sev[64], rule[128], where[1024];

	ovp_rbuf_puts(&m->row, "|");
	if (strcmp(was, now) != 0)
		snprintf(sev, sizeof sev, "%s (was %s)", now, was);
	else
		snprintf(sev, sizeof sev, "%s", now);
	if (json_is_true(json_object_get(f, "suppressed")))
		snprintf(sev + strlen(sev), sizeof sev - strlen(sev), ", in the baseline");
	cell(m, sev);
	ovp_diff_rule(f, rule, sizeof rule);
	cell(m, rule);
	cell(m, ovp_diff_deal_name(f));
	cell(m, ovp_diff_member(f, "message"));
	if (before != NULL)
		cell(m, ovp_diff_member(before, "message"));
	ovp_diff_where(f, where, sizeof where);
	cell(m, where);
	ovp_rbuf_putc(&m->row, '\n');
	return ovp_diff_flush(&m->row, m->out, err);
}

int
ovp_diff_markdown(ovp_diff *d, FILE *out, ovp_error *err)
{
	static const diff_kind order[] = {DIFF_NEW, DIFF_RESOLVED, DIFF_WORSE, DIFF_BETTER};
	md_out m = {out, {0}};
	int rc = 0;

	ovp_rbuf_puts(&m.row, "## What changed\n\nCompared ");
	ovp_markdown_put(&m.row, ovp_report_path(d->old));
	ovp_rbuf_puts(&m.row, " (as of ");
	ovp_markdown_put(&m.row, ovp_diff_as_of(d->old));
	ovp_rbuf_puts(&m.row, ") with ");
	ovp_markdown_put(&m.row, ovp_report_path(d->new_));
	ovp_rbuf_puts(&m.row, " (as of ");
	ovp_markdown_put(&m.row, ovp_diff_as_of(d->new_));
	ovp_rbuf_puts(&m.row, ").\n\n| Findings | Count |\n|---|---:|\n");
	for (size_t k = 0; k < sizeof order / sizeof order[0]; k++)
		ovp_rbuf_printf(&m.row, "| %s | %lu |\n", ovp_diff_kind_titles[order[k]],
		                ovp_diff_count(d, order[k]));
	ovp_rbuf_printf(&m.row, "| Unchanged | %lu |\n| Items slipped | %lu |\n\n",
	                d->counts.unchanged, d->counts.slipped);
	ovp_rbuf_puts(&m.row, "**Value at risk:** ");
	if (d->nmoney == 0)
		ovp_rbuf_puts(&m.row, "none before, none now");
	for (size_t i = 0; i < d->nmoney; i++) {
		ovp_rbuf money = {0};

		ovp_diff_money_text(&money, &d->money[i], "\xe2\x86\x92");
		ovp_rbuf_puts(&m.row, i ? "; " : "");
		ovp_markdown_put(&m.row, money.data != NULL ? money.data : "");
		ovp_rbuf_free(&money);
	}
	ovp_rbuf_puts(&m.row, "\n");
	rc = ovp_diff_flush(&m.row, m.out, err);
	for (size_t k = 0; k < sizeof order / sizeof order[0] && rc == 0; k++) {
		unsigned long n = ovp_diff_count(d, order[k]);
		bool pair = order[k] == DIFF_WORSE || order[k] == DIFF_BETTER;

		if (n == 0)
			continue;
		ovp_rbuf_printf(&m.row, "\n### %s (%lu)\n\n", ovp_diff_kind_titles[order[k]], n);
		ovp_rbuf_puts(&m.row, pair ? "| Severity | Rule | Deal | Now | Before | Location |\n"
		                             "|---|---|---|---|---|---|\n"
		                           : "| Severity | Rule | Deal | Message | Location |\n"
		                             "|---|---|---|---|---|\n");
		rc = ovp_diff_flush(&m.row, m.out, err);
		if (rc == 0)
			rc = ovp_diff_each(d, order[k], visit, &m, err);
	}
	if (rc == 0 && d->nslips > 0) {
		ovp_rbuf_printf(&m.row, "\n### Slipped (%zu)\n\n| Item | Planned before | Planned now "
		                        "| Deals |\n|---|---|---|---|\n",
		                d->nslips);
		for (size_t i = 0; i < d->nslips; i++) {
			const diff_slip *s = &d->slips[i];
			char before[OVP_DATE_ISO_SIZE], after[OVP_DATE_ISO_SIZE], item[1024];
			ovp_rbuf deals = {0};

			ovp_diff_slip_item(s, item, sizeof item);
			ovp_rbuf_puts(&m.row, "|");
			cell(&m, item);
			cell(&m, ovp_day_format(s->before, before));
			cell(&m, ovp_day_format(s->after, after));
			ovp_diff_slip_deals(&deals, s);
			cell(&m, deals.data);
			ovp_rbuf_free(&deals);
			ovp_rbuf_putc(&m.row, '\n');
			if ((rc = ovp_diff_flush(&m.row, m.out, err)) < 0)
				break;
		}
	}
	if (rc == 0) {
		ovp_rbuf_puts(&m.row, "\n");
		ovp_diff_summary_text(&m.row, d);
		ovp_rbuf_puts(&m.row, ".\n");
		rc = ovp_diff_flush(&m.row, m.out, err);
	}
	ovp_rbuf_free(&m.row);
	return rc;
}
