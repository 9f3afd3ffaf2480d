/*
 * The text report, for people: findings grouped by deal, the deals with
 * the largest amount at risk first, roadmap and portfolio findings in
 * groups of their own, and a summary at the end.  Unlike the machine
 * formats it has to see every finding before it prints the first, so it
 * keeps a copy of what it prints.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <overpromise/report.h>

#include "report_impl.h"
#include "util.h"

typedef struct entry {
	char *text;          /* the line(s) to print, without colour */
	ovp_severity severity; /* OVP_SEV_OFF for an explanation */
	char *code;          /* "OVP004 late", or NULL for an explanation */
	bool suppressed;
} entry;

typedef struct group {
	char *title;         /* deal heading, or the file for roadmap and portfolio groups */
	int order;           /* 0 roadmap, 1 deals, 2 portfolio */
	double at_risk;      /* amount of a deal with an error, else 0 */
	unsigned long seq;   /* order of arrival */
	long deal_line;      /* line of the deal, to tell deals apart */
	entry *entries;
	size_t n, cap;
} group;

typedef struct text_sink {
	ovp_sink base;
	group *groups;
	size_t n, cap;
	bool seen_deal;
	unsigned long printed; /* groups printed so far */
	int failed;
} text_sink;

static char *
dup_printf(const char *fmt, ...)
{
	va_list ap;
	int n;
	char *s;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return NULL;
	s = malloc((size_t)n + 1);
	if (s == NULL)
		return NULL;
	va_start(ap, fmt);
	vsnprintf(s, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return s;
}

const char *
ovp_deal_display_name(const ovp_deal *d)
{
	if (d->name[0] != '\0')
		return d->name;
	if (d->id[0] != '\0')
		return d->id;
	return "(unnamed deal)";
}

static char *
deal_title(const ovp_deal *d)
{
	char money[64] = "";
	char *t;

	if (d->has_amount)
		ovp_money_format(d->currency, d->amount, money, sizeof money);
	t = dup_printf("%s%s%s%s%s%s%s%s", ovp_deal_display_name(d),
	               d->account[0] ? " \xe2\x80\x94 " : "", d->account,
	               money[0] ? " \xc2\xb7 " : "", money, d->stage[0] ? " \xc2\xb7 " : "",
	               d->stage, "");
	return t;
}

/* The group a finding (or explanation) of this deal goes to, opened if new. */
static group *
group_for(text_sink *ts, const ovp_deal *d, const char *file)
{
	group *g;
	int order = d != NULL ? 1 : ts->seen_deal ? 2 : 0;

	if (d != NULL)
		ts->seen_deal = true;
	if (ts->n > 0) {
		g = &ts->groups[ts->n - 1];
		if (d != NULL && g->order == 1 && g->deal_line == d->line)
			return g;
		if (d == NULL && g->order == order)
			return g;
	}
	if (ts->n == ts->cap) {
		size_t cap = ts->cap ? ts->cap * 2 : 16;
		group *ng = realloc(ts->groups, cap * sizeof *ng);

		if (ng == NULL)
			return NULL;
		ts->groups = ng;
		ts->cap = cap;
	}
	g = &ts->groups[ts->n];
	memset(g, 0, sizeof *g);
	g->order = order;
	g->seq = ts->n;
	if (d != NULL) {
		g->deal_line = d->line;
		g->title = deal_title(d);
	} else {
		g->title = dup_printf("%s", order == 0 ? file : "Portfolio");
	}
	if (g->title == NULL)
		return NULL;
	ts->n++;
	return g;
}

static int
add_entry(group *g, entry e)
{
	if (g->n == g->cap) {
		size_t cap = g->cap ? g->cap * 2 : 8;
		entry *ne = realloc(g->entries, cap * sizeof *ne);

		if (ne == NULL)
			return OVP_ENOMEM;
		g->entries = ne;
		g->cap = cap;
	}
	g->entries[g->n++] = e;
	return 0;
}

static int
text_begin(ovp_sink *s, const ovp_report_meta *meta)
{
	s->meta = meta;
	return 0;
}

static int
text_finding(ovp_sink *s, const ovp_finding *f)
{
	text_sink *ts = (text_sink *)s;
	const ovp_rule *rule = ovp_rule_get(f->rule);
	group *g = group_for(ts, f->deal, f->file);
	entry e;

	if (g == NULL)
		return OVP_ENOMEM;
	e.severity = f->severity;
	e.suppressed = f->suppressed;
	e.code = dup_printf("%s %s", rule->code, rule->name);
	e.text = dup_printf("%s:%ld: ", f->file, f->line);
	if (e.code == NULL || e.text == NULL) {
		free(e.code);
		free(e.text);
		return OVP_ENOMEM;
	}
	{
		char *full = dup_printf("%s\x1f%s", e.text, f->message);

		free(e.text);
		e.text = full;
		if (full == NULL) {
			free(e.code);
			return OVP_ENOMEM;
		}
	}
	if (f->deal != NULL && f->severity == OVP_SEV_ERROR && !f->suppressed && f->deal->has_amount)
		g->at_risk = f->deal->amount;
	return add_entry(g, e);
}

static int
text_explain(ovp_sink *s, const ovp_deal *d, const ovp_promise *p, const ovp_match *m)
{
	text_sink *ts = (text_sink *)s;
	group *g = group_for(ts, d, NULL);
	char buf[1024];
	size_t off;
	entry e = {NULL, OVP_SEV_OFF, NULL, false};

	if (g == NULL)
		return OVP_ENOMEM;
	if (m->item != NULL && m->kind != OVP_MATCH_AMBIGUOUS) {
		const ovp_item *it = m->item;

		off = (size_t)snprintf(buf, sizeof buf, "\"%s\" -> %s%s%s%s%s (%s, %.2f)", p->feature,
		                       it->id, it->id[0] && it->title[0] ? " " : "",
		                       it->title[0] ? "\"" : "", it->title, it->title[0] ? "\"" : "",
		                       ovp_match_kind_name(m->kind), m->similarity);
	} else {
		off = (size_t)snprintf(buf, sizeof buf, "\"%s\" -> %s", p->feature,
		                       ovp_match_kind_name(m->kind));
	}
	for (size_t i = 0; i < m->ncandidates && i < 3 && off < sizeof buf; i++) {
		const ovp_item *it = m->candidates[i].item;

		off += (size_t)snprintf(buf + off, sizeof buf - off, "%s%s %.2f",
		                        i == 0 ? "; candidates: " : ", ",
		                        it->id[0] ? it->id : it->title, m->candidates[i].score);
	}
	e.text = dup_printf("%s", buf);
	if (e.text == NULL)
		return OVP_ENOMEM;
	return add_entry(g, e);
}

static int
by_risk(const void *a, const void *b)
{
	const group *x = a, *y = b;

	if (x->order != y->order)
		return x->order - y->order;
	if (x->order == 1 && x->at_risk != y->at_risk)
		return x->at_risk < y->at_risk ? 1 : -1;
	return (x->seq > y->seq) - (x->seq < y->seq);
}

static const char *
sev_color(ovp_severity s)
{
	switch (s) {
	case OVP_SEV_ERROR:
		return "\x1b[1;31m";
	case OVP_SEV_WARNING:
		return "\x1b[1;33m";
	case OVP_SEV_NOTE:
		return "\x1b[1;36m";
	default:
		return "\x1b[2m";
	}
}

static void
print_group(text_sink *ts, const group *g)
{
	FILE *out = ts->base.out;
	bool color = ts->base.meta->color;
	bool verbose = ts->base.meta->verbose;
	bool any = false;

	for (size_t i = 0; i < g->n && !any; i++)
		any = g->entries[i].code == NULL ? verbose : (!g->entries[i].suppressed || verbose);
	if (!any)
		return;
	/* Groups are separated by a blank line; the summary follows one too. */
	if (ts->printed++ > 0)
		fputc('\n', out);
	fprintf(out, "%s%s%s\n", color ? "\x1b[1m" : "", g->title, color ? "\x1b[0m" : "");
	for (size_t i = 0; i < g->n; i++) {
		const entry *e = &g->entries[i];

		if (e->code == NULL) {
			if (verbose)
				fprintf(out, "  %smatch%s %s\n", color ? "\x1b[2m" : "", color ? "\x1b[0m" : "",
				        e->text);
			continue;
		}
		if (e->suppressed && !verbose)
			continue;
		{
			const char *sep = strchr(e->text, '\x1f');
			int loclen = (int)(sep - e->text);

			fprintf(out, "  %.*s%s%s%s %s%s%s: %s%s\n", loclen, e->text,
			        color ? sev_color(e->severity) : "", ovp_severity_name(e->severity),
			        color ? "\x1b[0m" : "", color ? "\x1b[1m" : "", e->code,
			        color ? "\x1b[0m" : "", sep + 1, e->suppressed ? " (in the baseline)" : "");
		}
	}
}

static void
plural(FILE *out, unsigned long n, const char *one, const char *many)
{
	fprintf(out, "%lu %s", n, n == 1 ? one : many);
}

static int
text_end(ovp_sink *s, const ovp_summary *sum)
{
	text_sink *ts = (text_sink *)s;
	FILE *out = s->out;
	unsigned long shown = sum->by_severity[OVP_SEV_ERROR] + sum->by_severity[OVP_SEV_WARNING] +
	                      sum->by_severity[OVP_SEV_NOTE];

	if (ts->n > 1)
		qsort(ts->groups, ts->n, sizeof *ts->groups, by_risk);
	for (size_t i = 0; i < ts->n; i++)
		print_group(ts, &ts->groups[i]);
	if (s->meta->quiet)
		return ferror(out) ? OVP_EIO : 0;
	if (ts->printed > 0)
		fputc('\n', out);
	if (shown == 0)
		fputs("No findings.\n", out);
	plural(out, sum->deals, "deal", "deals");
	fputs(" checked", out);
	if (sum->skipped > 0)
		fprintf(out, " (%lu lost, skipped)", sum->skipped);
	fputs(", ", out);
	plural(out, sum->promises, "promise", "promises");
	fputs(", ", out);
	plural(out, sum->roadmap_items, "roadmap item", "roadmap items");
	fputc('\n', out);
	fputs("Findings: ", out);
	plural(out, sum->by_severity[OVP_SEV_ERROR], "error", "errors");
	fputs(", ", out);
	plural(out, sum->by_severity[OVP_SEV_WARNING], "warning", "warnings");
	fputs(", ", out);
	plural(out, sum->by_severity[OVP_SEV_NOTE], "note", "notes");
	if (sum->suppressed > 0)
		fprintf(out, " (%lu more in the baseline)", sum->suppressed);
	fputc('\n', out);
	fputs("Value at risk: ", out);
	if (sum->ncurrencies == 0)
		fputs("none", out);
	for (size_t i = 0; i < sum->ncurrencies; i++) {
		char money[64];

		ovp_money_format(sum->value_at_risk[i].currency, sum->value_at_risk[i].amount, money,
		                 sizeof money);
		fprintf(out, "%s%s%s", i ? "; " : "", money,
		        sum->value_at_risk[i].currency[0] ? "" : " (no currency)");
	}
	fputc('\n', out);
	return ferror(out) ? OVP_EIO : 0;
}

static void
text_destroy(ovp_sink *s)
{
	text_sink *ts = (text_sink *)s;

	for (size_t i = 0; i < ts->n; i++) {
		for (size_t k = 0; k < ts->groups[i].n; k++) {
			free(ts->groups[i].entries[k].text);
			free(ts->groups[i].entries[k].code);
		}
		free(ts->groups[i].entries);
		free(ts->groups[i].title);
	}
	free(ts->groups);
	free(ts);
}

static const ovp_sink_ops text_ops = {
	.name = "text",
	.begin = text_begin,
	.finding = text_finding,
	.explain = text_explain,
	.end = text_end,
	.destroy = text_destroy,
};

ovp_sink *
ovp_sink_text_new(void)
{
	text_sink *ts = calloc(1, sizeof *ts);

	if (ts == NULL)
		return NULL;
	ts->base.ops = &text_ops;
	return &ts->base;
}
