/*
 * The HTML report (src/report/html.c) and the sink op it relies on,
 * `promise`: the sample report of tests/report/samples.h with and
 * without findings, escaping in text, attributes and SVG, the timeline
 * built from the promise op and, without it, from the findings alone,
 * the order of the lanes by value at risk (never adding currencies),
 * labels cut to their column, the caps that bound its memory, write
 * errors, and that the engine calls the op for every promise checked.
 * What the page looks like in a browser is tests/html/check.sh's.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <overpromise/overpromise.h>

#include "../report/samples.h"

/* ---- helpers ---- */

typedef struct output {
	char *data;
	size_t len;
} output;

static size_t
count(const char *hay, const char *needle)
{
	size_t n = 0, len = strlen(needle);

	for (const char *p = strstr(hay, needle); p != NULL; p = strstr(p + len, needle))
		n++;
	return n;
}

/* The text of the first element that starts with open, up to the next '<'. */
static char *
text_after(const char *hay, const char *open)
{
	const char *p = strstr(hay, open);
	const char *end;
	char *s;

	if (p == NULL)
		return NULL;
	p += strlen(open);
	end = strchr(p, '<');
	if (end == NULL)
		return NULL;
	s = malloc((size_t)(end - p) + 1);
	assert_non_null(s);
	memcpy(s, p, (size_t)(end - p));
	s[end - p] = '\0';
	return s;
}

static output
render_sample(bool empty)
{
	output o = {NULL, 0};
	FILE *fp = open_memstream(&o.data, &o.len);
	ovp_report_meta meta = sample_meta();
	ovp_sink *sink;
	ovp_error err;

	assert_non_null(fp);
	assert_int_equal(ovp_sink_new(&sink, "html", fp, &err), 0);
	assert_int_equal(sample_run(sink, &meta, empty), 0);
	ovp_sink_free(sink);
	assert_int_equal(fclose(fp), 0);
	return o;
}

/* A little world to drive the sink's ops by hand. */
static ovp_item
item_at(const char *id, const char *title, ovp_status_class cls, ovp_day planned, long line)
{
	ovp_item it;

	memset(&it, 0, sizeof it);
	it.id = id;
	it.title = title;
	it.status = cls == OVP_CLASS_SHIPPED ? "Done" : cls == OVP_CLASS_UNPLANNED ? "Backlog"
	                                                                         : "In Progress";
	it.resolution = "";
	it.cls = cls;
	it.planned_text = "";
	it.planned = planned != OVP_DAY_NONE ? (ovp_window){planned, planned, OVP_PERIOD_DAY}
	                                     : OVP_WINDOW_NONE;
	it.baseline = it.shipped = it.created = OVP_WINDOW_NONE;
	it.confidence = -1;
	it.confidence_text = it.maturity = "";
	it.effort = -1;
	it.line = line;
	return it;
}

static ovp_deal
deal_at(const char *name, double amount, const char *currency, long line)
{
	ovp_deal d;

	memset(&d, 0, sizeof d);
	d.close = OVP_WINDOW_NONE;
	d.id = "";
	d.name = name;
	d.account = "Account";
	d.amount = amount;
	d.has_amount = amount != 0.0;
	d.currency = currency;
	d.stage = "";
	d.owner = "";
	d.close = OVP_WINDOW_NONE;
	d.line = line;
	return d;
}

static ovp_promise
promise_at(const char *feature, ovp_day due, long line)
{
	ovp_promise p;

	memset(&p, 0, sizeof p);
	p.text = p.feature = feature;
	p.due_text = "";
	p.due = due != OVP_DAY_NONE ? (ovp_window){due, due, OVP_PERIOD_DAY} : OVP_WINDOW_NONE;
	p.due_source = due != OVP_DAY_NONE ? OVP_DUE_OWN : OVP_DUE_NONE;
	p.line = line;
	return p;
}

static ovp_match
match_of(const ovp_item *it)
{
	ovp_match m;

	memset(&m, 0, sizeof m);
	m.kind = it != NULL ? OVP_MATCH_KEY : OVP_MATCH_NONE;
	m.item = it;
	m.similarity = 1.0;
	return m;
}

static void
error_on(ovp_finding *f, ovp_rule_id rule, ovp_severity sev, const ovp_deal *d,
         const ovp_promise *p, const ovp_item *it)
{
	memset(f, 0, sizeof *f);
	f->rule = rule;
	f->severity = sev;
	f->message = "m";
	f->file = "deals.csv";
	f->line = p != NULL ? p->line : d->line;
	f->deal = d;
	f->promise = p;
	f->item = it;
}

static ovp_day
ymd(int y, int m, int d)
{
	return ovp_day_from_ymd(y, m, d);
}

/* An open sink writing to memory, begun. */
typedef struct session {
	output o;
	FILE *fp;
	ovp_sink *sink;
	ovp_report_meta meta;
} session;

static void
open_session(session *s)
{
	ovp_error err;

	memset(s, 0, sizeof *s);
	s->fp = open_memstream(&s->o.data, &s->o.len);
	assert_non_null(s->fp);
	assert_int_equal(ovp_sink_new(&s->sink, "html", s->fp, &err), 0);
	assert_non_null(s->sink->ops->promise);
	s->meta = sample_meta();
	assert_int_equal(ovp_sink_begin(s->sink, &s->meta, NULL), 0);
}

static output
close_session(session *s)
{
	ovp_summary sum;

	memset(&sum, 0, sizeof sum);
	assert_int_equal(s->sink->ops->end(s->sink, &sum, NULL), 0);
	ovp_sink_free(s->sink);
	assert_int_equal(fclose(s->fp), 0);
	return s->o;
}

/* ---- the sample report ---- */

static void
test_sample(void **state)
{
	output o = render_sample(false);
	char *s;

	(void)state;
	assert_non_null(o.data);
	assert_true(strncmp(o.data, "<!DOCTYPE html>\n<html lang=\"en\">\n", 33) == 0);
	assert_string_equal(o.data + o.len - 16, "</body>\n</html>\n");
	/* One script, ours; nothing that loads anything. */
	assert_int_equal(count(o.data, "<script"), 1);
	assert_int_equal(count(o.data, "<img"), 0);
	/* The link in a deal's name and a message stays text: the deal's row, its two
	 * findings' rows and the message. */
	assert_int_equal(count(o.data, "http://x.test"), 4);
	assert_int_equal(count(o.data, "href="), 0);
	assert_int_equal(count(o.data, "src="), 0);
	/* Every finding is a row; the baseline's are marked. */
	assert_int_equal(count(o.data, "<tr class=\"finding "), SAMPLE_FINDINGS);
	assert_int_equal(count(o.data, "<tr class=\"finding warning suppressed\""), 1);
	assert_int_equal(count(o.data, "<tr class=\"finding note suppressed\""), 1);
	/* Without the promise op, the lanes come from the findings: SSO, the audit export, the
	 * nasty unmatched feature. */
	assert_int_equal(count(o.data, "<g class=\"lane "), 3);
	assert_non_null(strstr(o.data, "data-lane=\"0\" data-kind=\"item\" data-item=\"PRJ-123\""));
	assert_non_null(strstr(o.data, "data-kind=\"unmatched\""));
	/* The deals: ACME and the evil one have errors, the anonymous one a suppressed note. */
	assert_int_equal(count(o.data, "<tr class=\"deal "), 3);
	assert_non_null(strstr(o.data, "<tr class=\"deal ok\"><td>(unnamed deal)</td>"));
	assert_non_null(strstr(o.data, "<td>On track; 1 in the baseline</td>"));
	/* The summary on top. */
	/* Two currencies: a card each, saying they are not added up. */
	assert_non_null(strstr(o.data, "<li class=\"card risk\"><b>USD 120,000</b>value at risk"
	                               "<small>in one currency of several, not added up; --currency "
	                               "and --fx give one total</small></li>"));
	assert_non_null(strstr(o.data, "<li class=\"card risk\"><b>-5,000</b>value at risk (no "
	                               "currency)<small>"));
	assert_non_null(strstr(o.data, "<li class=\"card error\"><b>2</b>errors</li>"));
	assert_non_null(strstr(o.data, "As of <strong>2026-11-26</strong> \xC2\xB7 deals "
	                               "<code>deals.csv</code>"));
	/* The nasty message, inert: entities, U+FFFD for the control character and the bad
	 * byte, line breaks and tabs as spaces. */
	s = text_after(o.data, "<td>=1+1 ");
	assert_non_null(s);
	assert_string_equal(s, "&quot;quoted&quot;, 100% done: yes | no  next &lt;script&gt;alert(&#39;"
	                       "x&#39;)&lt;/script&gt; &amp; *b* _i_ `c` [l](http://x.test) ~s~ $m$ \\ "
	                       "tab here \xEF\xBF\xBD bad\xEF\xBF\xBD");
	free(s);
	/* The hostile account, in a cell. */
	assert_non_null(strstr(o.data, "<td class=\"wide\">+Evil | Corp, &lt;script&gt;alert(1)&lt;/script&gt;</td>"));
	free(o.data);
}

static void
test_sample_empty(void **state)
{
	output o = render_sample(true);

	(void)state;
	assert_non_null(strstr(o.data, "<p class=\"empty\">No promises to draw.</p>"));
	assert_non_null(strstr(o.data, "<p class=\"empty\">No deals with promises.</p>"));
	assert_non_null(strstr(o.data, "<p class=\"empty\">No findings.</p>"));
	assert_non_null(strstr(o.data, "<li class=\"card risk\"><b>none</b>value at risk: no amounts "
	                               "in the deals export</li>"));
	assert_int_equal(count(o.data, "<g class=\"lane"), 0);
	assert_int_equal(count(o.data, "<table"), 0);
	assert_string_equal(o.data + o.len - 16, "</body>\n</html>\n");
	free(o.data);
}

/* The same report twice is the same bytes: no time, no address leaks into the page. */
static void
test_deterministic(void **state)
{
	output a = render_sample(false), b = render_sample(false);

	(void)state;
	assert_int_equal(a.len, b.len);
	assert_memory_equal(a.data, b.data, a.len);
	free(a.data);
	free(b.data);
}

/* ---- the timeline ---- */

/* The opening tag of lane i, and what follows it up to its end (a new string). */
static char *
lane(const char *page, int i, char **body)
{
	char attr[32];
	const char *at, *start, *gt, *end;
	char *tag;

	snprintf(attr, sizeof attr, " data-lane=\"%d\" ", i);
	at = strstr(page, attr);
	assert_non_null(at);
	for (start = at; start > page && *start != '<'; start--)
		;
	gt = strchr(at, '>');
	end = strstr(gt, "</g>");
	assert_non_null(end);
	tag = malloc((size_t)(gt - start) + 2);
	*body = malloc((size_t)(end - gt) + 1);
	assert_non_null(tag);
	assert_non_null(*body);
	memcpy(tag, start, (size_t)(gt - start) + 1);
	tag[gt - start + 1] = '\0';
	memcpy(*body, gt + 1, (size_t)(end - gt) - 1);
	(*body)[end - gt - 1] = '\0';
	return tag;
}

/*
 * Lanes from the promise op: promises without findings are drawn too,
 * coloured by their worst finding; lanes go by value at risk, compared
 * currency by currency in the order the currencies appear among the
 * deals at risk (never added up), then by the worst finding, then in
 * order of arrival.
 */
static void
test_lanes_by_risk(void **state)
{
	ovp_item a = item_at("A-1", "Alpha", OVP_CLASS_IN_PROGRESS, ymd(2027, 3, 31), 2);
	ovp_item b = item_at("B-2", "Beta", OVP_CLASS_IN_PROGRESS, ymd(2027, 3, 31), 3);
	ovp_item c = item_at("C-3", "Gamma", OVP_CLASS_SHIPPED, ymd(2026, 5, 1), 4);
	ovp_item d = item_at("D-4", "Delta", OVP_CLASS_UNPLANNED, OVP_DAY_NONE, 5);
	ovp_item e = item_at("E-5", "Epsilon", OVP_CLASS_PLANNED, ymd(2027, 1, 31), 6);
	ovp_match ma = match_of(&a), mb = match_of(&b), mc = match_of(&c), md = match_of(&d);
	ovp_match me = match_of(&e), none = match_of(NULL);
	ovp_deal small = deal_at("Small", 10.0, "USD", 2);
	ovp_deal big = deal_at("Big", 1000000.0, "EUR", 3);
	ovp_deal mid = deal_at("Mid", 500.0, "USD", 4);
	ovp_promise p1 = promise_at("A-1", ymd(2027, 1, 15), 2);
	ovp_promise p2 = promise_at("B-2", ymd(2027, 2, 15), 3);
	ovp_promise p3 = promise_at("C-3", ymd(2027, 2, 1), 3);
	ovp_promise p4 = promise_at("E-5", ymd(2027, 2, 1), 3);
	ovp_promise p5 = promise_at("Teleport", ymd(2027, 6, 1), 4);
	ovp_promise p6 = promise_at("D-4", OVP_DAY_NONE, 4);
	ovp_finding f;
	session s;
	output o;
	char *tag, *body;

	(void)state;
	open_session(&s);
	/* Small (USD 10): A-1 late, an error.  The first currency at risk is USD. */
	assert_int_equal(s.sink->ops->promise(s.sink, &small, &p1, &ma, NULL), 0);
	error_on(&f, OVP_RULE_LATE, OVP_SEV_ERROR, &small, &p1, &a);
	assert_int_equal(s.sink->ops->finding(s.sink, &f, NULL), 0);
	/* Big (EUR 1,000,000): B-2 late (an error), C-3 shipped (nothing), E-5 may slip. */
	assert_int_equal(s.sink->ops->promise(s.sink, &big, &p2, &mb, NULL), 0);
	error_on(&f, OVP_RULE_LATE, OVP_SEV_ERROR, &big, &p2, &b);
	assert_int_equal(s.sink->ops->finding(s.sink, &f, NULL), 0);
	assert_int_equal(s.sink->ops->promise(s.sink, &big, &p3, &mc, NULL), 0);
	assert_int_equal(s.sink->ops->promise(s.sink, &big, &p4, &me, NULL), 0);
	error_on(&f, OVP_RULE_SLIP_RISK, OVP_SEV_WARNING, &big, &p4, &e);
	assert_int_equal(s.sink->ops->finding(s.sink, &f, NULL), 0);
	/* Mid (USD 500): Teleport is on no roadmap (an error); D-4 is in the backlog, undated,
	 * its error in the baseline (it does not count). */
	assert_int_equal(s.sink->ops->promise(s.sink, &mid, &p5, &none, NULL), 0);
	error_on(&f, OVP_RULE_UNPLANNED, OVP_SEV_ERROR, &mid, &p5, NULL);
	assert_int_equal(s.sink->ops->finding(s.sink, &f, NULL), 0);
	assert_int_equal(s.sink->ops->promise(s.sink, &mid, &p6, &md, NULL), 0);
	error_on(&f, OVP_RULE_UNSCHEDULED, OVP_SEV_ERROR, &mid, &p6, &d);
	f.suppressed = true;
	assert_int_equal(s.sink->ops->finding(s.sink, &f, NULL), 0);
	o = close_session(&s);

	assert_int_equal(count(o.data, "<g class=\"lane "), 6);
	/* USD 500 at risk, then USD 10, then none in USD but EUR 1,000,000. */
	tag = lane(o.data, 0, &body);
	assert_string_equal(tag, "<g class=\"lane error\" data-lane=\"0\" data-kind=\"unmatched\" "
	                         "transform=\"translate(0,0)\">");
	assert_non_null(strstr(body, ">\xE2\x80\x9CTeleport\xE2\x80\x9D</text>"));
	assert_non_null(strstr(body, ">off roadmap</text>"));
	assert_non_null(strstr(body, "<text class=\"value\" x=\"470\" y=\"15\">USD 500</text>"));
	assert_null(strstr(body, "<rect"));
	free(tag);
	free(body);
	tag = lane(o.data, 1, &body);
	assert_string_equal(tag, "<g class=\"lane error\" data-lane=\"1\" data-kind=\"item\" "
	                         "data-item=\"A-1\" transform=\"translate(0,22)\">");
	assert_non_null(strstr(body, "<line class=\"gap\""));
	assert_non_null(strstr(body, "<circle class=\"mark error\""));
	free(tag);
	free(body);
	tag = lane(o.data, 2, &body);
	assert_string_equal(tag, "<g class=\"lane error\" data-lane=\"2\" data-kind=\"item\" "
	                         "data-item=\"B-2\" transform=\"translate(0,44)\">");
	assert_non_null(strstr(body, ">EUR 1,000,000</text>"));
	free(tag);
	free(body);
	/* No value at risk: the warning first, then in order of arrival. */
	tag = lane(o.data, 3, &body);
	assert_string_equal(tag, "<g class=\"lane warning\" data-lane=\"3\" data-kind=\"item\" "
	                         "data-item=\"E-5\" transform=\"translate(0,66)\">");
	/* No deal at risk on it, but its promise may slip: the value column says so. */
	assert_non_null(strstr(body, "<text class=\"value\" x=\"470\" y=\"15\">may slip</text>"));
	assert_null(strstr(body, "<line class=\"gap\""));
	free(tag);
	free(body);
	tag = lane(o.data, 4, &body);
	assert_string_equal(tag, "<g class=\"lane ok\" data-lane=\"4\" data-kind=\"item\" "
	                         "data-item=\"C-3\" transform=\"translate(0,88)\">");
	assert_non_null(strstr(body, "<circle class=\"mark ok\""));
	assert_non_null(strstr(body, "Big (EUR 1,000,000): due 2027-02-01 \xE2\x80\x94 no "
	                             "finding</title>"));
	assert_non_null(strstr(body, ">shipped</text>"));
	free(tag);
	free(body);
	/* Undated: no marker, a count; no date: an open bar from the as-of date. */
	tag = lane(o.data, 5, &body);
	assert_string_equal(tag, "<g class=\"lane ok\" data-lane=\"5\" data-kind=\"item\" "
	                         "data-item=\"D-4\" transform=\"translate(0,110)\">");
	assert_null(strstr(body, "<circle"));
	assert_non_null(strstr(body, "<rect class=\"bar open\""));
	assert_non_null(strstr(body, ">+1 without a date</text>"));
	assert_non_null(strstr(body, "clip-path=\"url(#clip-status)\">Backlog</text>"));
	free(tag);
	free(body);
	free(o.data);
}

/* The same item promised twice by one deal counts the deal once. */
static void
test_deal_counted_once_per_lane(void **state)
{
	ovp_item a = item_at("A-1", "Alpha", OVP_CLASS_IN_PROGRESS, ymd(2027, 3, 31), 2);
	ovp_match ma = match_of(&a);
	ovp_deal d = deal_at("Twice", 100.0, "USD", 2);
	ovp_promise p1 = promise_at("A-1", ymd(2027, 1, 15), 2);
	ovp_promise p2 = promise_at("Alpha", ymd(2027, 2, 15), 2);
	ovp_finding f;
	session s;
	output o;

	(void)state;
	open_session(&s);
	assert_int_equal(s.sink->ops->promise(s.sink, &d, &p1, &ma, NULL), 0);
	error_on(&f, OVP_RULE_LATE, OVP_SEV_ERROR, &d, &p1, &a);
	assert_int_equal(s.sink->ops->finding(s.sink, &f, NULL), 0);
	assert_int_equal(s.sink->ops->promise(s.sink, &d, &p2, &ma, NULL), 0);
	error_on(&f, OVP_RULE_LATE, OVP_SEV_ERROR, &d, &p2, &a);
	assert_int_equal(s.sink->ops->finding(s.sink, &f, NULL), 0);
	o = close_session(&s);
	assert_int_equal(count(o.data, "<g class=\"lane "), 1);
	/* Two markers, and the legend's. */
	assert_int_equal(count(o.data, "<circle class=\"mark error\""), 3);
	assert_non_null(strstr(o.data, "2 promises from 1 deal \xC2\xB7 at risk: USD 100</title>"));
	assert_non_null(strstr(o.data, ">USD 100</text>"));
	assert_int_equal(count(o.data, "<tr class=\"deal "), 1);
	free(o.data);
}

/*
 * Items of two roadmap files on the same line are two lanes, each with
 * its file and line; with several roadmaps the tooltip names the file
 * and the header lists every roadmap.
 */
static void
test_lanes_by_file(void **state)
{
	ovp_item a = item_at("A-1", "Alpha", OVP_CLASS_IN_PROGRESS, ymd(2027, 3, 31), 2);
	ovp_item b = item_at("B-1", "Beta", OVP_CLASS_IN_PROGRESS, ymd(2027, 3, 31), 2);
	ovp_match ma = match_of(&a), mb = match_of(&b);
	ovp_deal d = deal_at("Deal", 100.0, "USD", 2);
	ovp_promise p1 = promise_at("A-1", ymd(2027, 1, 15), 2);
	ovp_promise p2 = promise_at("B-1", ymd(2027, 1, 15), 3);
	const char *const roadmaps[] = {"team-a.csv", "team-b.csv"};
	ovp_error err;
	session s;
	output o;

	(void)state;
	a.file = "team-a.csv";
	b.file = "team-b.csv";
	b.source = 1;
	memset(&s, 0, sizeof s);
	s.fp = open_memstream(&s.o.data, &s.o.len);
	assert_non_null(s.fp);
	assert_int_equal(ovp_sink_new(&s.sink, "html", s.fp, &err), 0);
	s.meta = sample_meta();
	s.meta.roadmap_path = roadmaps[0];
	s.meta.roadmap_paths = roadmaps;
	s.meta.nroadmap_paths = 2;
	assert_int_equal(ovp_sink_begin(s.sink, &s.meta, NULL), 0);
	assert_int_equal(s.sink->ops->promise(s.sink, &d, &p1, &ma, NULL), 0);
	assert_int_equal(s.sink->ops->promise(s.sink, &d, &p2, &mb, NULL), 0);
	o = close_session(&s);
	assert_int_equal(count(o.data, "<g class=\"lane "), 2);
	assert_int_equal(count(o.data, " data-file=\"team-a.csv\" data-line=\"2\""), 1);
	assert_int_equal(count(o.data, " data-file=\"team-b.csv\" data-line=\"2\""), 1);
	assert_non_null(strstr(o.data, "A-1 Alpha \xC2\xB7 In Progress \xC2\xB7 planned 2027-03-31 "
	                               "\xC2\xB7 team-a.csv:2 \xC2\xB7 1 promise from 1 deal</title>"));
	assert_non_null(strstr(o.data, "roadmap <code>team-a.csv</code>, <code>team-b.csv</code>"));
	free(o.data);
}

/* A label longer than its column is cut with an ellipsis (wide characters count two); the
 * tooltip has it whole. */
static void
test_label_cut(void **state)
{
	static const char long_title[] =
		"A title that is much longer than the column it has to fit in, by far";
	static const char wide[] = "\xE5\xA4\x9A\xE8\xA6\x81\xE7\xB4\xA0\xE8\xAA\x8D\xE8\xA8\xBC"
	                           "\xE5\xA4\x9A\xE8\xA6\x81\xE7\xB4\xA0\xE8\xAA\x8D\xE8\xA8\xBC"
	                           "\xE5\xA4\x9A\xE8\xA6\x81\xE7\xB4\xA0\xE8\xAA\x8D\xE8\xA8\xBC"
	                           "\xE5\xA4\x9A\xE8\xA6\x81\xE7\xB4\xA0\xE8\xAA\x8D\xE8\xA8\xBC";
	ovp_item a = item_at("L-1", long_title, OVP_CLASS_PLANNED, ymd(2027, 3, 31), 2);
	ovp_item w = item_at("", wide, OVP_CLASS_PLANNED, ymd(2027, 3, 31), 3);
	ovp_match ma = match_of(&a), mw = match_of(&w);
	ovp_deal d = deal_at("D", 0.0, "", 2);
	ovp_promise p1 = promise_at("L-1", ymd(2027, 1, 15), 2);
	ovp_promise p2 = promise_at("wide", ymd(2027, 1, 15), 2);
	session s;
	output o;
	char *label;

	(void)state;
	open_session(&s);
	assert_int_equal(s.sink->ops->promise(s.sink, &d, &p1, &ma, NULL), 0);
	assert_int_equal(s.sink->ops->promise(s.sink, &d, &p2, &mw, NULL), 0);
	o = close_session(&s);
	label = text_after(o.data, "<text class=\"label\" x=\"8\" y=\"15\" "
	                           "clip-path=\"url(#clip-label)\">");
	assert_non_null(label);
	/* 31 columns and the ellipsis. */
	assert_string_equal(label, "L-1 A title that is much longer\xE2\x80\xA6");
	free(label);
	assert_non_null(strstr(o.data, "<title>L-1 A title that is much longer than the column it "
	                               "has to fit in, by far \xC2\xB7 "));
	/* Fifteen wide characters are 30 columns; the sixteenth would pass 31. */
	assert_non_null(strstr(o.data, ">\xE5\xA4\x9A\xE8\xA6\x81\xE7\xB4\xA0\xE8\xAA\x8D\xE8\xA8\xBC"
	                               "\xE5\xA4\x9A\xE8\xA6\x81\xE7\xB4\xA0\xE8\xAA\x8D\xE8\xA8\xBC"
	                               "\xE5\xA4\x9A\xE8\xA6\x81\xE7\xB4\xA0\xE8\xAA\x8D\xE8\xA8\xBC"
	                               "\xE2\x80\xA6</text>"));
	free(o.data);
}

/*
 * For a sales leader: deals sorted by their amount in the reporting
 * currency (SEK 881,000 is less than USD 864,000), what is wrong said in
 * plain words, one total card, and the By owner table.
 */
static void
test_sales_leader(void **state)
{
	ovp_item a = item_at("A-1", "Alpha", OVP_CLASS_IN_PROGRESS, ymd(2027, 3, 31), 2);
	ovp_match ma = match_of(&a);
	ovp_deal sek = deal_at("Nordic", 881000.0, "SEK", 2);
	ovp_deal usd = deal_at("Yankee", 864000.0, "USD", 3);
	ovp_promise p1 = promise_at("A-1", ymd(2027, 1, 15), 2);
	ovp_promise p2 = promise_at("A-1", ymd(2026, 11, 1), 3);
	ovp_money var[2] = {{"SEK", 881000.0}, {"USD", 864000.0}};
	ovp_money nils_var[1] = {{"SEK", 881000.0}};
	ovp_money ann_var[1] = {{"USD", 864000.0}};
	ovp_owner_summary owners[2] = {
		{"Ann", 1, 1, 1, {0, 0, 0, 2}, ann_var, 1, true, 794880.0, 1, 1, true},
		{"Nils", 1, 1, 1, {0, 0, 0, 1}, nils_var, 1, true, 76647.0, 1, 0, true},
	};
	ovp_fx fx;
	ovp_error err = {0};
	ovp_summary sum;
	ovp_finding f;
	session s;
	const char *nordic, *yankee;

	(void)state;
	memset(&fx, 0, sizeof fx);
	assert_int_equal(ovp_fx_set_currency(&fx, "EUR", &err), 0);
	assert_int_equal(ovp_fx_parse(&fx, "SEK=0.087,USD=0.92", &err), 0);
	open_session(&s);
	s.meta.fx = &fx;
	sek.owner = "Nils";
	usd.owner = "Ann";
	usd.close = (ovp_window){ymd(2026, 12, 20), ymd(2026, 12, 20), OVP_PERIOD_DAY};
	assert_int_equal(s.sink->ops->promise(s.sink, &sek, &p1, &ma, NULL), 0);
	error_on(&f, OVP_RULE_LATE, OVP_SEV_ERROR, &sek, &p1, &a);
	f.has_days_late = true;
	f.days_late = 75;
	assert_int_equal(s.sink->ops->finding(s.sink, &f, NULL), 0);
	assert_int_equal(s.sink->ops->promise(s.sink, &usd, &p2, &ma, NULL), 0);
	error_on(&f, OVP_RULE_OVERDUE, OVP_SEV_ERROR, &usd, &p2, &a);
	f.has_days_late = true;
	f.days_late = 25;
	assert_int_equal(s.sink->ops->finding(s.sink, &f, NULL), 0);
	error_on(&f, OVP_RULE_LATE, OVP_SEV_ERROR, &usd, &p2, &a);
	f.has_days_late = true;
	f.days_late = 150;
	assert_int_equal(s.sink->ops->finding(s.sink, &f, NULL), 0);
	memset(&sum, 0, sizeof sum);
	memcpy(sum.value_at_risk, var, sizeof var);
	sum.ncurrencies = 2;
	sum.amounts = true;
	snprintf(sum.total_currency, sizeof sum.total_currency, "EUR");
	sum.has_total = true;
	sum.value_at_risk_total = 871527.0;
	sum.owners = owners;
	sum.nowners = 2;
	assert_int_equal(s.sink->ops->end(s.sink, &sum, NULL), 0);
	ovp_sink_free(s.sink);
	assert_int_equal(fclose(s.fp), 0);
	/* EUR 794,880 before EUR 76,647, whatever the raw numbers say. */
	yankee = strstr(s.o.data, "<tr class=\"deal error\"><td>Yankee</td>");
	nordic = strstr(s.o.data, "<tr class=\"deal error\"><td>Nordic</td>");
	assert_non_null(yankee);
	assert_non_null(nordic);
	assert_true(yankee < nordic);
	assert_non_null(strstr(s.o.data, "(in EUR at the given rates)"));
	assert_non_null(strstr(yankee, "<td>Ann</td><td class=\"nowrap\">2026-12-20</td>"));
	assert_non_null(strstr(yankee, "<td>At risk: late by 150 days; overdue by 25 days</td>"));
	assert_non_null(strstr(nordic, "<td>At risk: late by 75 days</td>"));
	/* One total card, the amounts per currency named on it. */
	assert_int_equal(count(s.o.data, "<li class=\"card risk\">"), 1);
	assert_non_null(strstr(s.o.data, "<li class=\"card risk\"><b>EUR 871,527</b>value at risk"
	                                 "<small>in EUR at the given rates: SEK 881,000; USD "
	                                 "864,000</small></li>"));
	/* By owner, in the summary's order. */
	assert_non_null(strstr(s.o.data, "<h2>By owner</h2>"));
	assert_non_null(strstr(s.o.data, "<tr class=\"owner error\"><td>Ann</td><td class=\"num\">"
	                                 "1</td><td class=\"num\">1</td><td class=\"num\">2</td><td "
	                                 "class=\"num\">0</td><td>EUR 794,880 (USD 864,000)</td><td>1 "
	                                 "of 1</td></tr>"));
	assert_true(strstr(s.o.data, "<td>Ann</td><td class=\"num\">") <
	            strstr(s.o.data, "<td>Nils</td><td class=\"num\">"));
	free(s.o.data);
}

/* Escaping holds in attributes and in SVG text too: an item key made of markup. */
static void
test_attribute_escaping(void **state)
{
	ovp_item a = item_at("\"><img src=x onerror=alert(1)>", "<b>T</b> & 'q'",
	                     OVP_CLASS_PLANNED, ymd(2027, 3, 31), 2);
	ovp_match ma = match_of(&a);
	ovp_deal d = deal_at("</title><script>alert(2)</script>", 5.0, "USD", 2);
	ovp_promise p = promise_at("x", ymd(2027, 1, 15), 2);
	session s;
	output o;

	(void)state;
	open_session(&s);
	assert_int_equal(s.sink->ops->promise(s.sink, &d, &p, &ma, NULL), 0);
	o = close_session(&s);
	assert_non_null(strstr(o.data, "data-item=\"&quot;&gt;&lt;img src=x onerror=alert(1)&gt;\""));
	assert_non_null(strstr(o.data, "&lt;b&gt;T&lt;/b&gt; &amp; &#39;q&#39;"));
	assert_non_null(strstr(o.data, "<title>&lt;/title&gt;&lt;script&gt;alert(2)&lt;/script&gt; "
	                               "(USD 5): due 2027-01-15"));
	assert_int_equal(count(o.data, "<script"), 1);
	assert_int_equal(count(o.data, "<img"), 0);
	free(o.data);
}

/* Past MAX_LANES the timeline leaves promises out and says so; the findings stay whole. */
static void
test_lane_cap(void **state)
{
	enum { N = 5003 };
	static char names[N][16];
	ovp_match none = match_of(NULL);
	ovp_deal d = deal_at("Many", 1.0, "USD", 2);
	session s;
	output o;

	(void)state;
	open_session(&s);
	for (int i = 0; i < N; i++) {
		ovp_promise p;
		ovp_finding f;

		snprintf(names[i], sizeof names[i], "feature %d", i);
		p = promise_at(names[i], ymd(2027, 1, 15), 2);
		assert_int_equal(s.sink->ops->promise(s.sink, &d, &p, &none, NULL), 0);
		error_on(&f, OVP_RULE_UNPLANNED, OVP_SEV_ERROR, &d, &p, NULL);
		assert_int_equal(s.sink->ops->finding(s.sink, &f, NULL), 0);
	}
	o = close_session(&s);
	assert_int_equal(count(o.data, "<g class=\"lane "), 5000);
	assert_non_null(strstr(o.data, "3 promises are left out of the timeline (it draws at most "
	                               "5000 lanes and 200000 promises); the findings below are "
	                               "complete."));
	assert_int_equal(count(o.data, "<tr class=\"finding "), N);
	free(o.data);
}

/* ---- write errors ---- */

static void
test_write_error(void **state)
{
	FILE *fp = fopen("/dev/null", "r");
	ovp_report_meta meta = sample_meta();
	ovp_sink *sink;
	ovp_error err;

	(void)state;
	assert_non_null(fp);
	assert_int_equal(ovp_sink_new(&sink, "html", fp, &err), 0);
	assert_int_equal(sample_run(sink, &meta, false), OVP_EIO);
	ovp_sink_free(sink);
	fclose(fp);
}

/* ---- the engine calls the promise op ---- */

typedef struct recorder {
	ovp_sink base;
	char log[1024];
} recorder;

static void
record(recorder *r, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 2, 3)))
#endif
	;

static void
record(recorder *r, const char *fmt, ...)
{
	size_t off = strlen(r->log);
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(r->log + off, sizeof r->log - off, fmt, ap);
	va_end(ap);
}

static int
rec_finding(ovp_sink *s, const ovp_finding *f, ovp_error *err)
{
	(void)err;
	record((recorder *)s, "F:%s:%s ", ovp_rule_get(f->rule)->code,
	       f->promise != NULL ? f->promise->feature : "-");
	return 0;
}

static int
rec_promise(ovp_sink *s, const ovp_deal *d, const ovp_promise *p, const ovp_match *m,
            ovp_error *err)
{
	(void)err;
	record((recorder *)s, "P:%s:%s:%s ", d->name, p->feature,
	       m->item != NULL ? m->item->id : "none");
	return 0;
}

static int
rec_end(ovp_sink *s, const ovp_summary *sum, ovp_error *err)
{
	(void)err;
	(void)s;
	(void)sum;
	return 0;
}

static void
rec_destroy(ovp_sink *s)
{
	(void)s;
}

static int
rec_fail(ovp_sink *s, const ovp_deal *d, const ovp_promise *p, const ovp_match *m, ovp_error *err)
{
	(void)s;
	(void)d;
	(void)p;
	(void)m;
	return ovp_error_set(err, OVP_EIO, "report.html", 0,
	                     "cannot write the report: No space left on device");
}

static const ovp_sink_ops rec_ops = {
	.name = "recorder",
	.begin = NULL,
	.finding = rec_finding,
	.end = rec_end,
	.destroy = rec_destroy,
	.promise = rec_promise,
};

static const ovp_sink_ops fail_ops = {
	.name = "failing",
	.begin = NULL,
	.finding = rec_finding,
	.end = rec_end,
	.destroy = rec_destroy,
	.promise = rec_fail,
};

/* Every promise of a deal that is not lost, clean or not, before its findings; none of a lost
 * deal's; and a failing op fails the run. */
static void
test_engine_calls_promise(void **state)
{
	ovp_item items[2];
	ovp_roadmap rm;
	ovp_promise ps[2], lost_p[1];
	ovp_deal deals[2];
	ovp_engine_options eo;
	ovp_report_meta meta = sample_meta();
	ovp_summary sum;
	ovp_engine *e;
	ovp_error err;
	recorder r;

	(void)state;
	items[0] = item_at("S-1", "Shipped thing", OVP_CLASS_SHIPPED, ymd(2026, 1, 31), 2);
	items[1] = item_at("L-2", "Late thing", OVP_CLASS_IN_PROGRESS, ymd(2027, 6, 30), 3);
	items[1].baseline = items[1].planned; /* no note on a roadmap without baselines */
	memset(&rm, 0, sizeof rm);
	rm.path = "roadmap.csv";
	rm.items = items;
	rm.nitems = 2;
	ps[0] = promise_at("S-1", ymd(2027, 1, 15), 2);
	ps[1] = promise_at("L-2", ymd(2027, 1, 15), 2);
	lost_p[0] = promise_at("L-2", ymd(2027, 1, 15), 3);
	deals[0] = deal_at("Open", 100.0, "USD", 2);
	deals[0].promises = ps;
	deals[0].npromises = 2;
	deals[1] = deal_at("Gone", 100.0, "USD", 3);
	deals[1].lost = true;
	deals[1].promises = lost_p;
	deals[1].npromises = 1;

	memset(&r, 0, sizeof r);
	r.base.ops = &rec_ops;
	memset(&eo, 0, sizeof eo);
	eo.roadmap = &rm;
	eo.as_of = meta.as_of;
	eo.sink = &r.base;
	assert_int_equal(ovp_engine_new(&e, &eo, &err), 0);
	assert_int_equal(ovp_engine_begin(e, &meta, &err), 0);
	assert_int_equal(ovp_engine_deal(e, &deals[0], &err), 0);
	assert_int_equal(ovp_engine_deal(e, &deals[1], &err), 0);
	assert_int_equal(ovp_engine_finish(e, &sum, &err), 0);
	ovp_engine_free(e);
	assert_string_equal(r.log, "P:Open:S-1:S-1 P:Open:L-2:L-2 F:OVP004:L-2 ");

	memset(&r, 0, sizeof r);
	r.base.ops = &fail_ops;
	assert_int_equal(ovp_engine_new(&e, &eo, &err), 0);
	assert_int_equal(ovp_engine_begin(e, &meta, &err), 0);
	assert_int_equal(ovp_engine_deal(e, &deals[0], &err), OVP_EIO);
	/* The sink's own message, naming its file, is the run's. */
	assert_string_equal(err.message, "report.html: cannot write the report: No space left on device");
	ovp_engine_free(e);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sample),
		cmocka_unit_test(test_sample_empty),
		cmocka_unit_test(test_deterministic),
		cmocka_unit_test(test_lanes_by_risk),
		cmocka_unit_test(test_deal_counted_once_per_lane),
		cmocka_unit_test(test_lanes_by_file),
		cmocka_unit_test(test_label_cut),
		cmocka_unit_test(test_sales_leader),
		cmocka_unit_test(test_attribute_escaping),
		cmocka_unit_test(test_lane_cap),
		cmocka_unit_test(test_write_error),
		cmocka_unit_test(test_engine_calls_promise),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
