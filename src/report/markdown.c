/*
 * The Markdown report, for a pull-request comment or a chat message:
 * a heading, a summary table (deals, promises, roadmap items, findings
 * by severity, value at risk) and one table of findings (severity, rule,
 * location, deal, owner, close date, feature, message) in the order of SPEC 7, or "No
 * findings." when there are none.  Findings in the baseline are listed
 * too, marked "(in the baseline)" after their severity.
 *
 * The summary comes first, where a reader looks, but is known only at the
 * end; the rows of the findings table are therefore spooled (in memory up
 * to a threshold, then in a temporary file) and copied out after it.
 *
 * Every text that comes from the exports is made inert: Markdown's
 * active characters are backslash-escaped, HTML's are written as
 * entities, a line break becomes <br> so that a row stays one line, and
 * '|' cannot end a cell.  What GitHub does with "@name" and "#123" in
 * plain text (mentions, links) cannot be escaped in Markdown and is left
 * as it is.
 */
#include <stdlib.h>
#include <string.h>

#include <overpromise/report.h>

#include "../util/str.h"
#include "markup.h"
#include "report_impl.h"

typedef struct markdown_sink {
	ovp_sink base;
	ovp_spool rows;
	ovp_rbuf row;
	unsigned long count;
} markdown_sink;

void
ovp_markdown_put(ovp_rbuf *b, const char *s)
{
	ovp_markup_put(b, &ovp_markup_markdown, s, strlen(s));
}

static int
markdown_finding(ovp_sink *s, const ovp_finding *f, ovp_error *err)
{
	markdown_sink *ms = (markdown_sink *)s;
	const ovp_rule *rule = ovp_rule_get(f->rule);
	ovp_rbuf *b = &ms->row;

	ovp_rbuf_reset(b);
	ovp_rbuf_printf(b, "| %s%s | %s %s | ", ovp_severity_name(f->severity),
	                f->suppressed ? " (in the baseline)" : "", rule->code, rule->name);
	ovp_markdown_put(b, f->file != NULL ? f->file : "");
	if (f->line > 0)
		ovp_rbuf_printf(b, ":%ld", f->line);
	ovp_rbuf_puts(b, " | ");
	if (f->deal != NULL)
		ovp_markdown_put(b, ovp_deal_display_name(f->deal));
	ovp_rbuf_puts(b, " | ");
	if (f->deal != NULL && f->deal->owner != NULL)
		ovp_markdown_put(b, f->deal->owner);
	ovp_rbuf_puts(b, " | ");
	if (f->deal != NULL && ovp_window_is_set(f->deal->close)) {
		char day[OVP_DATE_ISO_SIZE];

		ovp_rbuf_puts(b, ovp_day_format(f->deal->close.end, day));
	}
	ovp_rbuf_puts(b, " | ");
	if (f->promise != NULL)
		ovp_markdown_put(b, f->promise->feature);
	ovp_rbuf_puts(b, " | ");
	ovp_markdown_put(b, f->message != NULL ? f->message : "");
	ovp_rbuf_puts(b, " |\n");
	if (b->err != 0)
		return ovp_sink_result(s, b->err, err);
	ms->count++;
	return ovp_sink_result(s, ovp_spool_write(&ms->rows, b->data, b->len), err);
}

/* One row of the summary table; value is already inert. */
static void
summary_row(ovp_rbuf *b, const char *label, const char *value)
{
	ovp_rbuf_printf(b, "| %s | %s |\n", label, value);
}

static void
count_row(ovp_rbuf *b, const char *label, unsigned long n)
{
	ovp_rbuf_printf(b, "| %s | %lu |\n", label, n);
}

static int
markdown_end(ovp_sink *s, const ovp_summary *sum, ovp_error *err)
{
	markdown_sink *ms = (markdown_sink *)s;
	const ovp_report_meta *meta = s->meta;
	ovp_rbuf *b = &ms->row;
	ovp_rbuf money = {0};
	char day[OVP_DATE_ISO_SIZE];
	int rc, money_err;

	ovp_rbuf_reset(b);
	ovp_rbuf_printf(b, "## overpromise %s\n\n",
	                meta->command != NULL ? meta->command : "check");
	ovp_rbuf_printf(b, "As of %s", ovp_day_format(meta->as_of, day));
	if (meta->deals_path != NULL) {
		ovp_rbuf_puts(b, " \xC2\xB7 deals: ");
		ovp_markdown_put(b, meta->deals_path);
	}
	{
		size_t n;
		const char *const *roadmaps = ovp_report_roadmaps(meta, &n);

		for (size_t i = 0; i < n; i++) {
			ovp_rbuf_puts(b, i == 0 ? " \xC2\xB7 roadmap: " : ", ");
			ovp_markdown_put(b, roadmaps[i]);
		}
	}
	ovp_rbuf_puts(b, "\n\n| Summary | |\n|:--|--:|\n");
	count_row(b, "Deals checked", sum->deals);
	count_row(b, "Lost deals skipped", sum->skipped);
	count_row(b, "Promises", sum->promises);
	count_row(b, "Roadmap items", sum->roadmap_items);
	count_row(b, "Errors", sum->by_severity[OVP_SEV_ERROR]);
	count_row(b, "Warnings", sum->by_severity[OVP_SEV_WARNING]);
	count_row(b, "Notes", sum->by_severity[OVP_SEV_NOTE]);
	count_row(b, "In the baseline", sum->suppressed);
	ovp_value_at_risk_put(&money, sum, meta);
	ovp_rbuf_putc(&money, '\0');
	{
		ovp_rbuf inert = {0};

		if (money.err == 0)
			ovp_markdown_put(&inert, money.data);
		summary_row(b, "Value at risk", inert.len > 0 ? inert.data : "");
		money_err = money.err != 0 ? money.err : inert.err;
		ovp_rbuf_free(&inert);
	}
	ovp_rbuf_free(&money);
	if (sum->nowners > 0) {
		ovp_rbuf_puts(b, "\n### By owner\n\n| Owner | Deals | At risk | Errors | Warnings | "
		                 "Value at risk | Signed off |\n|:--|--:|--:|--:|--:|--:|--:|\n");
		for (size_t i = 0; i < sum->nowners; i++) {
			const ovp_owner_summary *w = &sum->owners[i];
			ovp_rbuf cell = {0};

			ovp_rbuf_puts(b, "| ");
			ovp_markdown_put(b, ovp_owner_name(w));
			ovp_rbuf_printf(b, " | %lu | %lu | %lu | %lu | ", w->deals, w->deals_at_risk,
			                w->by_severity[OVP_SEV_ERROR], w->by_severity[OVP_SEV_WARNING]);
			for (int k = 0; k < 2; k++) {
				ovp_rbuf_reset(&cell);
				if (k == 0)
					ovp_owner_risk_put(&cell, sum, w);
				else
					ovp_owner_sign_off_put(&cell, w);
				ovp_rbuf_putc(&cell, '\0');
				if (cell.err == 0)
					ovp_markdown_put(b, cell.data);
				else if (money_err == 0)
					money_err = cell.err;
				ovp_rbuf_puts(b, k == 0 ? " | " : " |\n");
			}
			ovp_rbuf_free(&cell);
		}
	}
	if (ms->count > 0)
		ovp_rbuf_puts(b, "\n### Findings\n\n"
		                 "| Severity | Rule | Location | Deal | Owner | Close | Feature | Message |\n"
		                 "|:--|:--|:--|:--|:--|:--|:--|:--|\n");
	else
		ovp_rbuf_puts(b, "\nNo findings.\n");
	if (b->err != 0 || money_err != 0)
		return ovp_sink_result(s, b->err != 0 ? b->err : money_err, err);
	if (fwrite(b->data, 1, b->len, s->out) != b->len)
		return ovp_sink_result(s, OVP_EIO, err);
	rc = ovp_spool_copy(&ms->rows, s->out);
	return ovp_sink_result(s, rc < 0 ? rc : ferror(s->out) ? OVP_EIO : 0, err);
}

static void
markdown_destroy(ovp_sink *s)
{
	markdown_sink *ms = (markdown_sink *)s;

	ovp_spool_free(&ms->rows);
	ovp_rbuf_free(&ms->row);
	free(ms);
}

static const ovp_sink_ops markdown_ops = {
	.name = "markdown",
	.begin = NULL,
	.finding = markdown_finding,
	.explain = NULL,
	.end = markdown_end,
	.destroy = markdown_destroy,
};

ovp_sink *
ovp_sink_markdown_new(void)
{
	markdown_sink *ms = calloc(1, sizeof *ms);

	if (ms == NULL)
		return NULL;
	ms->base.ops = &markdown_ops;
	return &ms->base;
}
