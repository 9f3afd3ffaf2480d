/*
 * The text report, for people: findings grouped by deal, the deals with
 * the largest amount at risk first, roadmap and portfolio findings in
 * groups of their own, and a summary at the end.  Unlike the machine
 * formats it has to see every finding before it prints the first, so it
 * renders each group as it closes and spools it (in memory, then in a
 * temporary file), keeping in memory only where each deal with an amount
 * at risk went: a run over a million deals holds a few bytes per such
 * deal, not its findings.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <overpromise/engine.h>
#include <overpromise/status.h>
#include <overpromise/report.h>

#include "../util/grow.h"
#include "../util/str.h"
#include "markup.h"
#include "report_impl.h"

/* Where a deal group with an amount at risk was spooled, to be printed in order of that amount. */
typedef struct placed {
	double at_risk;
	uint64_t off;
	uint64_t len;
} placed;

typedef struct text_sink {
	ovp_sink base;
	/* The group being filled: its heading and the entries that will be printed. */
	bool open;
	int order;           /* 0 roadmap, 1 deals, 2 portfolio */
	long deal_line;      /* line of the deal, to tell deals apart */
	double at_risk;      /* amount of a deal with an error, else 0 */
	bool any;            /* an entry of the group is printed */
	ovp_rbuf cur;
	bool seen_deal;
	/* Closed groups, in order of arrival. */
	ovp_spool first;     /* roadmap groups */
	ovp_spool risky;     /* deal groups with an amount at risk */
	uint64_t risky_len;
	placed *placed;      /* where each of those is */
	size_t nplaced, cap;
	ovp_spool calm;      /* deal groups with nothing at risk */
	ovp_spool last;      /* portfolio groups */
	int failed;
} text_sink;

const char *
ovp_deal_display_name(const ovp_deal *d)
{
	if (d->name[0] != '\0')
		return d->name;
	if (d->id[0] != '\0')
		return d->id;
	return "(unnamed deal)";
}

/* Text from the inputs (names, cells, file names), made safe for a terminal. */
static void
put_shown(ovp_rbuf *b, const char *s)
{
	ovp_markup_put(b, &ovp_markup_terminal, s, strlen(s));
}

/* The heading line of a group, in bold on a terminal. */
static void
put_title(text_sink *ts, const char *title)
{
	bool color = ts->base.meta->color;

	ovp_rbuf_puts(&ts->cur, color ? "\x1b[1m" : "");
	put_shown(&ts->cur, title);
	ovp_rbuf_puts(&ts->cur, color ? "\x1b[0m\n" : "\n");
}

static void
put_deal_title(text_sink *ts, const ovp_deal *d)
{
	char money[64] = "";
	bool color = ts->base.meta->color;

	if (d->has_amount)
		ovp_money_format(d->currency, d->amount, money, sizeof money);
	ovp_rbuf_puts(&ts->cur, color ? "\x1b[1m" : "");
	put_shown(&ts->cur, ovp_deal_display_name(d));
	if (d->account[0] != '\0') {
		ovp_rbuf_puts(&ts->cur, " \xe2\x80\x94 ");
		put_shown(&ts->cur, d->account);
	}
	if (money[0] != '\0') {
		ovp_rbuf_puts(&ts->cur, " \xc2\xb7 ");
		ovp_rbuf_puts(&ts->cur, money);
	}
	if (d->stage[0] != '\0') {
		ovp_rbuf_puts(&ts->cur, " \xc2\xb7 ");
		put_shown(&ts->cur, d->stage);
	}
	if (d->owner != NULL && d->owner[0] != '\0') {
		ovp_rbuf_puts(&ts->cur, " \xc2\xb7 owner ");
		put_shown(&ts->cur, d->owner);
	}
	if (ovp_window_is_set(d->close)) {
		char day[OVP_DATE_ISO_SIZE];

		ovp_rbuf_puts(&ts->cur, " \xc2\xb7 close ");
		ovp_rbuf_puts(&ts->cur, ovp_day_format(d->close.end, day));
	}
	ovp_rbuf_puts(&ts->cur, color ? "\x1b[0m\n" : "\n");
}

/*
 * Close the open group: a group with something to print goes, with the
 * blank line that ends it, to the spool it is printed from.  Returns 0
 * or a negative code.
 */
static int
close_group(text_sink *ts)
{
	ovp_spool *sp;
	int rc;

	if (!ts->open)
		return 0;
	ts->open = false;
	if (!ts->any)
		return 0;
	ovp_rbuf_putc(&ts->cur, '\n');
	if (ts->cur.err != 0)
		return ts->cur.err;
	if (ts->order == 0) {
		sp = &ts->first;
	} else if (ts->order == 2) {
		sp = &ts->last;
	} else if (ts->at_risk == 0) {
		sp = &ts->calm;
	} else {
		if (!ovp_grow(&ts->placed, &ts->cap, ts->nplaced + 1, sizeof *ts->placed))
			return OVP_ENOMEM;
		ts->placed[ts->nplaced].at_risk = ts->at_risk;
		ts->placed[ts->nplaced].off = ts->risky_len;
		ts->placed[ts->nplaced].len = ts->cur.len;
		ts->nplaced++;
		ts->risky_len += ts->cur.len;
		sp = &ts->risky;
	}
	rc = ovp_spool_write(sp, ts->cur.data, ts->cur.len);
	return rc;
}

/*
 * Make the group a finding (or explanation) of this deal goes to the open
 * one: the same as the last when it is about the same deal (or, without a
 * deal, of the same kind), else a new group after closing the last.
 */
static int
group_for(text_sink *ts, const ovp_deal *d, const char *file)
{
	int order = d != NULL ? 1 : ts->seen_deal ? 2 : 0;
	int rc;

	if (d != NULL)
		ts->seen_deal = true;
	if (ts->open) {
		if (d != NULL && ts->order == 1 && ts->deal_line == d->line)
			return 0;
		if (d == NULL && ts->order == order)
			return 0;
	}
	rc = close_group(ts);
	if (rc < 0)
		return rc;
	ts->open = true;
	ts->order = order;
	ts->deal_line = d != NULL ? d->line : 0;
	ts->at_risk = 0;
	ts->any = false;
	ovp_rbuf_reset(&ts->cur);
	if (d != NULL)
		put_deal_title(ts, d);
	else
		put_title(ts, order == 0 ? file : "Portfolio");
	return ts->cur.err;
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

/* A finding's line, kept when it is printed: baseline findings only with --verbose. */
static int
text_finding(ovp_sink *s, const ovp_finding *f, ovp_error *err)
{
	text_sink *ts = (text_sink *)s;
	const ovp_rule *rule = ovp_rule_get(f->rule);
	bool color = s->meta->color;
	int rc;

	if (ts->failed)
		return ovp_sink_result(s, ts->failed, err);
	rc = group_for(ts, f->deal, f->file);
	if (rc < 0)
		return ovp_sink_result(s, ts->failed = rc, err);
	if (f->deal != NULL && f->severity == OVP_SEV_ERROR && !f->suppressed && f->deal->has_amount)
		ts->at_risk = f->deal->amount;
	if (f->suppressed && !s->meta->verbose)
		return ovp_sink_result(s, 0, err);
	ts->any = true;
	ovp_rbuf_puts(&ts->cur, "  ");
	put_shown(&ts->cur, f->file);
	ovp_rbuf_printf(&ts->cur, ":%ld: %s%s%s %s%s %s%s: ", f->line,
	                color ? sev_color(f->severity) : "", ovp_severity_name(f->severity),
	                color ? "\x1b[0m" : "", color ? "\x1b[1m" : "", rule->code, rule->name,
	                color ? "\x1b[0m" : "");
	put_shown(&ts->cur, f->message);
	ovp_rbuf_puts(&ts->cur, f->suppressed ? " (in the baseline)\n" : "\n");
	if (ts->cur.err != 0)
		return ovp_sink_result(s, ts->failed = ts->cur.err, err);
	return ovp_sink_result(s, 0, err);
}

/* How a promise matched, kept with --verbose only. */
static int
text_explain(ovp_sink *s, const ovp_deal *d, const ovp_promise *p, const ovp_match *m,
             ovp_error *err)
{
	text_sink *ts = (text_sink *)s;
	bool color = s->meta->color;
	char buf[1024];
	size_t off;
	int rc;

	if (ts->failed)
		return ovp_sink_result(s, ts->failed, err);
	rc = group_for(ts, d, NULL);
	if (rc < 0)
		return ovp_sink_result(s, ts->failed = rc, err);
	if (!s->meta->verbose)
		return ovp_sink_result(s, 0, err);
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
	ts->any = true;
	ovp_rbuf_printf(&ts->cur, "  %smatch%s ", color ? "\x1b[2m" : "", color ? "\x1b[0m" : "");
	put_shown(&ts->cur, buf);
	ovp_rbuf_putc(&ts->cur, '\n');
	if (ts->cur.err != 0)
		return ovp_sink_result(s, ts->failed = ts->cur.err, err);
	return ovp_sink_result(s, 0, err);
}

/*
 * The verdict on a promise that has no warning or error to show: an "ok"
 * line (or "filtered" when they were left out), in the place a finding's
 * severity takes, before the promise's notes.
 */
static int
text_verdict(ovp_sink *s, const ovp_deal *d, const ovp_promise *p, const ovp_verdict *v,
             ovp_error *err)
{
	text_sink *ts = (text_sink *)s;
	bool color = s->meta->color;
	bool ok = v->kind == OVP_VERDICT_OK;
	int rc;

	if (ts->failed)
		return ovp_sink_result(s, ts->failed, err);
	if (!ok && v->kind != OVP_VERDICT_FILTERED)
		return 0;
	rc = group_for(ts, d, NULL);
	if (rc < 0)
		return ovp_sink_result(s, ts->failed = rc, err);
	ts->any = true;
	ovp_rbuf_puts(&ts->cur, "  ");
	put_shown(&ts->cur, v->file);
	ovp_rbuf_printf(&ts->cur, ":%ld: %s%s%s \"", v->line,
	                color ? (ok ? "\x1b[1;32m" : "\x1b[2m") : "", ok ? "ok" : "filtered",
	                color ? "\x1b[0m" : "");
	put_shown(&ts->cur, p->feature);
	ovp_rbuf_puts(&ts->cur, "\": ");
	put_shown(&ts->cur, v->message);
	ovp_rbuf_puts(&ts->cur, ok ? "\n" : " (left out by --select, --ignore or the baseline)\n");
	if (ts->cur.err != 0)
		return ovp_sink_result(s, ts->failed = ts->cur.err, err);
	return 0;
}

/* A remark on the run (--verbose only), with the portfolio's findings. */
static int
text_note(ovp_sink *s, const char *file, long line, const char *text, ovp_error *err)
{
	text_sink *ts = (text_sink *)s;
	bool color = s->meta->color;
	int rc;

	if (ts->failed)
		return ovp_sink_result(s, ts->failed, err);
	rc = group_for(ts, NULL, file);
	if (rc < 0)
		return ovp_sink_result(s, ts->failed = rc, err);
	ts->any = true;
	ovp_rbuf_puts(&ts->cur, color ? "  \x1b[2m" : "  ");
	put_shown(&ts->cur, file);
	ovp_rbuf_printf(&ts->cur, ":%ld: ", line);
	put_shown(&ts->cur, text);
	ovp_rbuf_puts(&ts->cur, color ? "\x1b[0m\n" : "\n");
	if (ts->cur.err != 0)
		return ovp_sink_result(s, ts->failed = ts->cur.err, err);
	return ovp_sink_result(s, 0, err);
}

/* Deal groups by amount at risk, largest first; in order of arrival when equal. */
static int
by_risk(const void *a, const void *b)
{
	const placed *x = a, *y = b;

	if (x->at_risk != y->at_risk)
		return x->at_risk < y->at_risk ? 1 : -1;
	return (x->off > y->off) - (x->off < y->off);
}

/* Copy len bytes at off of the spool to out. */
static int
copy_range(ovp_spool *sp, uint64_t off, uint64_t len, FILE *out)
{
	char chunk[8192];

	if (sp->file == NULL)
		return len == 0 || fwrite(sp->mem.data + off, 1, len, out) == len ? 0 : OVP_EIO;
	if (fseeko(sp->file, (off_t)off, SEEK_SET) != 0)
		return OVP_EIO;
	while (len > 0) {
		size_t want = len < sizeof chunk ? (size_t)len : sizeof chunk;

		if (fread(chunk, 1, want, sp->file) != want || fwrite(chunk, 1, want, out) != want)
			return OVP_EIO;
		len -= want;
	}
	return 0;
}

/*
 * Print the groups: the roadmap's, the deals with an amount at risk from
 * the largest, the deals with none, those with a negative amount at
 * risk, then the portfolio.
 */
static int
print_groups(text_sink *ts, FILE *out)
{
	size_t i;
	int rc;

	if (ts->nplaced > 1)
		qsort(ts->placed, ts->nplaced, sizeof *ts->placed, by_risk);
	if (ts->risky.file != NULL && fflush(ts->risky.file) != 0)
		return OVP_EIO;
	rc = ovp_spool_copy(&ts->first, out);
	for (i = 0; rc == 0 && i < ts->nplaced && ts->placed[i].at_risk > 0; i++)
		rc = copy_range(&ts->risky, ts->placed[i].off, ts->placed[i].len, out);
	if (rc == 0)
		rc = ovp_spool_copy(&ts->calm, out);
	for (; rc == 0 && i < ts->nplaced; i++)
		rc = copy_range(&ts->risky, ts->placed[i].off, ts->placed[i].len, out);
	if (rc == 0)
		rc = ovp_spool_copy(&ts->last, out);
	return rc;
}

static int put_owners(text_sink *ts, const ovp_summary *sum, FILE *out);

static void
plural(FILE *out, unsigned long n, const char *one, const char *many)
{
	fprintf(out, "%lu %s", n, n == 1 ? one : many);
}

static int
text_end(ovp_sink *s, const ovp_summary *sum, ovp_error *err)
{
	text_sink *ts = (text_sink *)s;
	FILE *out = s->out;
	unsigned long shown = sum->by_severity[OVP_SEV_ERROR] + sum->by_severity[OVP_SEV_WARNING] +
	                      sum->by_severity[OVP_SEV_NOTE];

	int rc = ts->failed;

	if (rc == 0)
		rc = close_group(ts);
	if (rc == 0)
		rc = print_groups(ts, out);
	if (rc < 0)
		return ovp_sink_result(s, rc, err);
	if (s->meta->quiet)
		return ovp_sink_result(s, ferror(out) ? OVP_EIO : 0, err);
	if (shown == 0)
		fputs(sum->nowners > 0 ? "No findings.\n\n" : "No findings.\n", out);
	rc = put_owners(ts, sum, out);
	if (rc < 0)
		return rc;
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
	ovp_rbuf_reset(&ts->cur);
	ovp_rbuf_puts(&ts->cur, "Value at risk: ");
	ovp_value_at_risk_put(&ts->cur, sum, s->meta);
	ovp_rbuf_putc(&ts->cur, '\n');
	if (ts->cur.err != 0)
		return ovp_sink_result(s, ts->cur.err, err);
	if (fwrite(ts->cur.data, 1, ts->cur.len, out) != ts->cur.len)
		return ovp_sink_result(s, OVP_EIO, err);
	return ovp_sink_result(s, ferror(out) ? OVP_EIO : 0, err);
}

/*
 * The "By owner" section: a line per deal owner, the most value at risk
 * first, with the deals at risk, the findings and the sign-offs.
 */
static int
put_owners(text_sink *ts, const ovp_summary *sum, FILE *out)
{
	ovp_rbuf *b = &ts->cur;

	if (sum->nowners == 0)
		return 0;
	ovp_rbuf_reset(b);
	put_title(ts, "By owner");
	for (size_t i = 0; i < sum->nowners; i++) {
		const ovp_owner_summary *w = &sum->owners[i];

		ovp_rbuf_puts(b, "  ");
		put_shown(b, ovp_owner_name(w));
		ovp_rbuf_printf(b, ": %lu deal%s, ", w->deals, w->deals == 1 ? "" : "s");
		if (w->deals_at_risk == 0) {
			ovp_rbuf_puts(b, "none at risk");
		} else {
			ovp_rbuf_printf(b, "%lu at risk: ", w->deals_at_risk);
			ovp_owner_risk_put(b, sum, w);
		}
		ovp_rbuf_printf(b, "; %lu error%s, %lu warning%s; solution-expert sign-off: ",
		                w->by_severity[OVP_SEV_ERROR],
		                w->by_severity[OVP_SEV_ERROR] == 1 ? "" : "s",
		                w->by_severity[OVP_SEV_WARNING],
		                w->by_severity[OVP_SEV_WARNING] == 1 ? "" : "s");
		ovp_owner_sign_off_put(b, w);
		ovp_rbuf_putc(b, '\n');
	}
	if (sum->owners_omitted_deals > 0)
		ovp_rbuf_printf(b, "  %lu more deals of other owners (at most %d owners are told "
		                   "apart)\n",
		                sum->owners_omitted_deals, OVP_OWNERS_MAX);
	ovp_rbuf_putc(b, '\n');
	if (b->err != 0)
		return b->err;
	return fwrite(b->data, 1, b->len, out) == b->len ? 0 : OVP_EIO;
}

static void
text_destroy(ovp_sink *s)
{
	text_sink *ts = (text_sink *)s;

	ovp_rbuf_free(&ts->cur);
	ovp_spool_free(&ts->first);
	ovp_spool_free(&ts->risky);
	ovp_spool_free(&ts->calm);
	ovp_spool_free(&ts->last);
	free(ts->placed);
	free(ts);
}

static const ovp_sink_ops text_ops = {
	.name = "text",
	.begin = NULL,
	.finding = text_finding,
	.explain = text_explain,
	.end = text_end,
	.destroy = text_destroy,
	.note = text_note,
	.verdict = text_verdict,
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
