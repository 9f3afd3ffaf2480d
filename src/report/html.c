/*
 * The HTML report: one self-contained page that a sales leader reads at
 * a glance, in a window as narrow as 800 pixels (the timeline scales,
 * the tables wrap and leave out their less needed columns).  On top the
 * as-of date, the inputs, the findings by severity and the value at
 * risk: one total in the reporting currency, else a card per currency;
 * then a timeline (inline SVG) with one lane per roadmap item that
 * carries promises, its planned window as a bar (from the item's target
 * start where the roadmap has one; open-ended when it has no date) and
 * every promised date as a dot coloured by the promise's worst finding,
 * a dashed line for the as-of date and month ticks, the items with the
 * most value at risk on top; then per deal its owner, close date and
 * what is wrong in plain words, the deal owners' figures, and the table
 * of every finding in the order of SPEC 7.  With a history of runs (check --history), the
 * header says what changed since the last run and a trend section
 * follows it (html_trend.c).
 *
 * The page needs the whole run before it can draw its first lane, so the
 * sink keeps a compact copy: per lane (a roadmap item, or a feature that
 * matched no item or several) its label, status and planned window; per
 * deal its name, account, stage, amount and finding counts; per promise
 * its lane, deal, due day, worst finding and the rules it raised.  Every
 * kept string is cut at TEXT_MAX bytes and the counts are capped
 * (MAX_LANES, MAX_DEALS, MAX_MARKS: a few tens of MiB at worst); what
 * falls past a cap is left out of the timeline and the deal summary, and
 * the page says how much.  The rows of the findings table are spooled
 * (in memory up to a threshold, then in a temporary file), so the table
 * is always complete.  Promises reach the sink through the optional
 * `promise` op, so that promises without findings are drawn too; a
 * driver that does not call it still gets lanes for the promises that
 * have findings.
 *
 * Nothing on the page reaches the network: the CSS and the script are
 * inline, the fonts are the system's, and a Content-Security-Policy
 * allows only the page's own style and script (by hash), so that even a
 * text that escaped escaping could not run.  Every text from the exports
 * is escaped for HTML text and attributes alike (& < > " '), control
 * characters and invalid UTF-8 become U+FFFD.  The script only sorts and
 * filters the tables; without it the page reads the same.  The output
 * holds no timestamp: the same input gives the same bytes.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <overpromise/report.h>

#include "../util/grow.h"
#include "html_impl.h"

/* ---- what is kept ---- */

static uint32_t
hash_key(const char *s)
{
	uint32_t h = 2166136261u;

	for (; *s != '\0'; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

/* Index lane i (its key set) in the slots, growing them to stay at most half full. */
static int
index_lane(html_sink *hs, size_t i)
{
	if (hs->nslots < 2 * (hs->nlanes + 1)) {
		size_t n = hs->nslots != 0 ? hs->nslots * 2 : 256;
		uint32_t *ns = calloc(n, sizeof *ns);

		if (ns == NULL)
			return OVP_ENOMEM;
		free(hs->slots);
		hs->slots = ns;
		hs->nslots = n;
		for (size_t k = 0; k < hs->nlanes; k++) {
			size_t at = hash_key(hs->lanes[k].key) & (n - 1);

			while (ns[at] != 0)
				at = (at + 1) & (n - 1);
			ns[at] = (uint32_t)k + 1;
		}
		if (i < hs->nlanes)
			return 0;
	}
	{
		size_t at = hash_key(hs->lanes[i].key) & (hs->nslots - 1);

		while (hs->slots[at] != 0)
			at = (at + 1) & (hs->nslots - 1);
		hs->slots[at] = (uint32_t)i + 1;
	}
	return 0;
}

static long
find_lane(const html_sink *hs, const char *key)
{
	size_t at;

	if (hs->nslots == 0)
		return -1;
	at = hash_key(key) & (hs->nslots - 1);
	while (hs->slots[at] != 0) {
		const lane *l = &hs->lanes[hs->slots[at] - 1];

		if (strcmp(l->key, key) == 0)
			return (long)hs->slots[at] - 1;
		at = (at + 1) & (hs->nslots - 1);
	}
	return -1;
}

static void
lane_free(lane *l)
{
	free(l->key);
	free(l->label);
	free(l->id);
	free(l->status);
	free(l->planned_text);
	free(l->file);
}

/*
 * The lane of a promise: its item's (it may be NULL), else its feature's
 * (unmatched or ambiguous).  Sets *out to the lane's index, or -1 when
 * the lanes are full.  Returns 0 or OVP_ENOMEM.
 */
static int
lane_for(html_sink *hs, const ovp_item *it, const char *feature, bool ambiguous, long *out)
{
	ovp_rbuf key = {0};
	lane *l;
	long found;
	int rc;

	*out = -1;
	if (it != NULL)
		ovp_rbuf_printf(&key, "I%ld\x1f%s", it->line, it->file != NULL ? it->file : "");
	else {
		char *cut = ovp_html_cut_dup(feature);

		if (cut == NULL)
			return OVP_ENOMEM;
		ovp_rbuf_printf(&key, "%c%s", ambiguous ? 'A' : 'F', cut);
		free(cut);
	}
	if (key.err != 0) {
		ovp_rbuf_free(&key);
		return OVP_ENOMEM;
	}
	found = find_lane(hs, key.data);
	if (found >= 0 || hs->nlanes >= MAX_LANES) {
		ovp_rbuf_free(&key);
		*out = found;
		return 0;
	}
	if (!ovp_grow(&hs->lanes, &hs->clanes, hs->nlanes + 1, sizeof *hs->lanes)) {
		ovp_rbuf_free(&key);
		return OVP_ENOMEM;
	}
	l = &hs->lanes[hs->nlanes];
	memset(l, 0, sizeof *l);
	l->key = key.data;
	l->seq = hs->nlanes;
	l->planned = OVP_WINDOW_NONE;
	if (it != NULL) {
		ovp_rbuf label = {0};

		ovp_rbuf_printf(&label, "%s%s%s", it->id, it->id[0] && it->title[0] ? " " : "",
		                it->title);
		l->label = label.err == 0 ? ovp_html_cut_dup(label.data != NULL ? label.data : "") : NULL;
		ovp_rbuf_free(&label);
		l->kind = LANE_ITEM;
		l->id = ovp_html_cut_dup(it->id);
		l->status = ovp_html_cut_dup(it->status);
		l->planned_text = ovp_html_cut_dup(it->planned_text);
		l->file = ovp_html_cut_dup(it->file != NULL ? it->file : "");
		l->line = it->line;
		l->cls = it->cls;
		l->planned = it->planned;
		l->later = it->later;
	} else {
		l->label = ovp_html_cut_dup(feature);
		l->kind = ambiguous ? LANE_AMBIGUOUS : LANE_UNMATCHED;
		l->id = ovp_html_cut_dup("");
		l->status = ovp_html_cut_dup("");
		l->planned_text = ovp_html_cut_dup("");
		l->file = ovp_html_cut_dup("");
	}
	if (l->label == NULL || l->id == NULL || l->status == NULL || l->planned_text == NULL ||
	    l->file == NULL) {
		lane_free(l);
		return OVP_ENOMEM;
	}
	hs->nlanes++;
	rc = index_lane(hs, hs->nlanes - 1);
	if (rc < 0)
		return rc;
	*out = (long)hs->nlanes - 1;
	return 0;
}

/*
 * The record of deal d: the last one when it is the same deal (a deal's
 * findings and promises arrive together), else a new one.  Sets *out to
 * its index, or -1 when the deals are full.  Returns 0 or OVP_ENOMEM.
 */
static int
deal_for(html_sink *hs, const ovp_deal *d, long *out)
{
	deal_rec *r;

	*out = -1;
	if (hs->ndeals > 0 && hs->deals[hs->ndeals - 1].line == d->line) {
		*out = (long)hs->ndeals - 1;
		return 0;
	}
	if (hs->ndeals >= MAX_DEALS) {
		/* Count it once, whatever else of it arrives. */
		if (hs->dropped_line != d->line)
			hs->dropped_deals++;
		hs->dropped_line = d->line;
		return 0;
	}
	if (!ovp_grow(&hs->deals, &hs->cdeals, hs->ndeals + 1, sizeof *hs->deals))
		return OVP_ENOMEM;
	r = &hs->deals[hs->ndeals];
	memset(r, 0, sizeof *r);
	r->name = ovp_html_cut_dup(ovp_deal_display_name(d));
	r->account = ovp_html_cut_dup(d->account);
	r->stage = ovp_html_cut_dup(d->stage);
	r->owner = ovp_html_cut_dup(d->owner);
	if (r->name == NULL || r->account == NULL || r->stage == NULL || r->owner == NULL) {
		free(r->name);
		free(r->account);
		free(r->stage);
		free(r->owner);
		return OVP_ENOMEM;
	}
	r->close = ovp_window_is_set(d->close) ? d->close.end : OVP_DAY_NONE;
	snprintf(r->currency, sizeof r->currency, "%s", d->currency != NULL ? d->currency : "");
	r->amount = d->amount;
	r->has_amount = d->has_amount;
	r->has_converted = d->has_amount && hs->base.meta != NULL &&
	                   ovp_fx_convert(hs->base.meta->fx, d->currency, d->amount, &r->converted);
	r->line = d->line;
	r->promises = d->npromises;
	r->seq = hs->ndeals;
	*out = (long)hs->ndeals++;
	return 0;
}

/* Add a mark for promise p of deal d on the lane of it / feature; *out its index or -1. */
static int
add_mark(html_sink *hs, const ovp_deal *d, const ovp_promise *p, const ovp_item *it,
         bool ambiguous, long *out)
{
	long di, li;
	mark *mk;
	int rc;

	*out = -1;
	hs->cur_promise = p;
	hs->cur_deal_line = d->line;
	hs->cur_promise_line = p->line;
	hs->cur_mark = -1;
	hs->has_cur = true;
	rc = deal_for(hs, d, &di);
	if (rc < 0)
		return rc;
	if (di < 0 || hs->nmarks >= MAX_MARKS) {
		hs->dropped_marks++;
		return 0;
	}
	rc = lane_for(hs, it, p->feature, ambiguous, &li);
	if (rc < 0)
		return rc;
	if (li < 0) {
		hs->dropped_marks++;
		return 0;
	}
	if (!ovp_grow(&hs->marks, &hs->cmarks, hs->nmarks + 1, sizeof *hs->marks))
		return OVP_ENOMEM;
	mk = &hs->marks[hs->nmarks];
	memset(mk, 0, sizeof *mk);
	mk->lane = (uint32_t)li;
	mk->deal = (uint32_t)di;
	mk->due = p->due_source != OVP_DUE_NONE && ovp_window_is_set(p->due) ? p->due.end
	                                                                      : OVP_DAY_NONE;
	mk->worst = OVP_SEV_OFF;
	hs->cur_mark = (long)hs->nmarks;
	*out = (long)hs->nmarks++;
	return 0;
}

/* ---- the sink ---- */

static int
html_promise(ovp_sink *s, const ovp_deal *d, const ovp_promise *p, const ovp_match *m,
             ovp_error *err)
{
	html_sink *hs = (html_sink *)s;
	bool ambiguous = m->kind == OVP_MATCH_AMBIGUOUS;
	const ovp_item *it = ambiguous || m->kind == OVP_MATCH_NONE ? NULL : m->item;
	long idx;
	int rc = add_mark(hs, d, p, it, ambiguous, &idx);

	if (rc < 0)
		hs->failed = rc;
	return ovp_sink_result(s, rc, err);
}

/* The mark of f's promise: the current one, or (when no promise op came first) a new one. */
static int
mark_for(html_sink *hs, const ovp_finding *f, long *out)
{
	bool ambiguous;

	*out = -1;
	if (hs->has_cur && hs->cur_promise == (const void *)f->promise &&
	    hs->cur_deal_line == f->deal->line && hs->cur_promise_line == f->promise->line) {
		*out = hs->cur_mark;
		return 0;
	}
	ambiguous = f->rule == OVP_RULE_AMBIGUOUS ||
	            (f->match != NULL && f->match->kind == OVP_MATCH_AMBIGUOUS);
	return add_mark(hs, f->deal, f->promise, ambiguous ? NULL : f->item, ambiguous, out);
}

/*
 * A location, file:line, that a narrow column breaks before the ":" and
 * after a "/" of the path, never inside a name.
 */
static void
put_location(ovp_rbuf *b, const char *file, long line)
{
	const char *slash;

	while ((slash = strchr(file, '/')) != NULL && slash[1] != '\0') {
		ovp_html_put_n(b, file, (size_t)(slash - file) + 1);
		ovp_rbuf_puts(b, "<wbr>");
		file = slash + 1;
	}
	ovp_html_put(b, file);
	if (line > 0)
		ovp_rbuf_printf(b, "<wbr>:%ld", line);
}

static void
finding_row(html_sink *hs, const ovp_finding *f)
{
	const ovp_rule *rule = ovp_rule_get(f->rule);
	const char *sev = ovp_severity_name(f->severity);
	ovp_rbuf *b = &hs->buf;
	char num[32];

	ovp_rbuf_printf(b, "<tr class=\"finding %s%s\" data-rule=\"%s\">", sev,
	                f->suppressed ? " suppressed" : "", rule->code);
	ovp_rbuf_printf(b, "<td data-sort=\"%d\"><span class=\"badge %s\">%s</span>%s</td>",
	                (int)f->severity, f->suppressed ? "baseline" : sev, sev,
	                f->suppressed ? " <small>in the baseline</small>" : "");
	ovp_rbuf_printf(b, "<td>%s %s</td><td>", rule->code, rule->name);
	if (f->deal != NULL)
		ovp_html_put(b, ovp_deal_display_name(f->deal));
	ovp_rbuf_puts(b, "</td><td class=\"wide\">");
	if (f->deal != NULL)
		ovp_html_put(b, f->deal->account);
	if (f->deal != NULL && f->deal->has_amount) {
		ovp_rbuf_printf(b, "</td><td class=\"num wide\" data-sort=\"%s\">",
		                ovp_format_number(f->deal->amount, num));
		ovp_html_put_money(b, f->deal->currency, f->deal->amount);
	} else {
		ovp_rbuf_puts(b, "</td><td class=\"num wide\" data-sort=\"0\">");
	}
	ovp_rbuf_puts(b, "</td><td>");
	if (f->promise != NULL)
		ovp_html_put(b, f->promise->feature);
	ovp_rbuf_puts(b, "</td><td class=\"nowrap wide\">");
	if (f->promise != NULL && f->promise->due_source != OVP_DUE_NONE)
		ovp_html_put_day(b, f->promise->due.end);
	ovp_rbuf_puts(b, "</td><td class=\"wide\">");
	if (f->item != NULL)
		ovp_html_put_planned(b, f->item->planned, f->item->planned_text, f->item->later);
	ovp_rbuf_puts(b, "</td><td>");
	ovp_html_put(b, f->message != NULL ? f->message : "");
	ovp_rbuf_puts(b, "</td><td class=\"loc\">");
	put_location(b, f->file != NULL ? f->file : "", f->line);
	ovp_rbuf_puts(b, "</td></tr>\n");
}

static int
html_finding(ovp_sink *s, const ovp_finding *f, ovp_error *err)
{
	html_sink *hs = (html_sink *)s;
	ovp_rbuf *b = &hs->buf;
	int rc;

	ovp_rbuf_reset(b);
	finding_row(hs, f);
	if (b->err != 0)
		return ovp_sink_result(s, b->err, err);
	rc = ovp_spool_write(&hs->rows, b->data, b->len);
	ovp_rbuf_reset(b);
	if (rc < 0)
		return ovp_sink_result(s, rc, err);
	hs->nfindings++;
	if (f->deal != NULL) {
		long di, mi = -1;

		rc = deal_for(hs, f->deal, &di);
		if (rc == 0 && f->promise != NULL)
			rc = mark_for(hs, f, &mi);
		if (rc < 0)
			return ovp_sink_result(s, rc, err);
		if (di >= 0 && (size_t)di == hs->ndeals - 1) {
			deal_rec *r = &hs->deals[di];

			if (f->suppressed) {
				r->suppressed++;
			} else {
				r->count[f->severity]++;
				r->rules |= (uint32_t)1 << f->rule;
				if (f->rule == OVP_RULE_LATE && f->days_late > r->late_days)
					r->late_days = f->days_late;
				if (f->rule == OVP_RULE_OVERDUE && f->days_late > r->overdue_days)
					r->overdue_days = f->days_late;
			}
		}
		if (mi >= 0) {
			mark *mk = &hs->marks[mi];

			if (f->suppressed) {
				mk->suppressed = true;
			} else {
				if (f->severity > mk->worst)
					mk->worst = (uint8_t)f->severity;
				mk->rules |= (uint32_t)1 << f->rule;
			}
		}
	}
	return ovp_sink_result(s, 0, err);
}

static void
html_destroy(ovp_sink *s)
{
	html_sink *hs = (html_sink *)s;

	for (size_t i = 0; i < hs->nlanes; i++)
		lane_free(&hs->lanes[i]);
	for (size_t i = 0; i < hs->ndeals; i++) {
		free(hs->deals[i].name);
		free(hs->deals[i].account);
		free(hs->deals[i].stage);
		free(hs->deals[i].owner);
	}
	free(hs->lanes);
	free(hs->slots);
	free(hs->deals);
	free(hs->marks);
	ovp_spool_free(&hs->rows);
	ovp_rbuf_free(&hs->buf);
	free(hs);
}

static const ovp_sink_ops html_ops = {
	.name = "html",
	.begin = NULL,
	.finding = html_finding,
	.explain = NULL,
	.end = ovp_html_end,
	.destroy = html_destroy,
	.promise = html_promise,
};

ovp_sink *
ovp_sink_html_new(void)
{
	html_sink *hs = calloc(1, sizeof *hs);

	if (hs == NULL)
		return NULL;
	hs->base.ops = &html_ops;
	return &hs->base;
}
