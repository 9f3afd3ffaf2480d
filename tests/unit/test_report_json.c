/*
 * The JSON report (SPEC 7.1).  The sink writes each finding straight
 * into a buffer instead of building a jansson tree, and promises to
 * write exactly what jansson would dump for the whole document: so every
 * test renders a report through the sink, builds the same document with
 * ovp_finding_to_json() and ovp_summary_to_json(), dumps it with jansson
 * and compares the two byte for byte, in each of the report's shapes:
 * indented, compact (--compact) and JSON lines.  The sample report of
 * tests/report/samples.h brings quotes, control characters, line breaks
 * and a byte that is not UTF-8; further tests bring numbers of every
 * shape, the candidates of an ambiguous match, a finding that lists
 * thousands of items (which must reach the stream in pieces, not whole),
 * and a failing stream.
 */
#define _GNU_SOURCE /* fopencookie(): a stream that sees each write */
#include <float.h>
#include <limits.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include <overpromise/overpromise.h>

#include "src/report/report_impl.h"
#include "../report/samples.h"

/*
 * A sink that hands everything to the real JSON sink and keeps, beside
 * it, the document as a jansson tree.
 */
typedef struct twin {
	ovp_sink base;
	ovp_sink *json;
	json_t *doc;
	json_t *findings;
} twin;

static int
twin_begin(ovp_sink *s, ovp_error *err)
{
	const ovp_report_meta *meta = s->meta;
	twin *t = (twin *)s;
	json_t *tool = json_object(), *inputs = json_object();
	char day[OVP_DATE_ISO_SIZE];

	json_object_set_new(tool, "name", json_string("overpromise"));
	json_object_set_new(tool, "version", json_string(ovp_version()));
	json_object_set_new(inputs, "deals", json_string(meta->deals_path));
	json_object_set_new(inputs, "roadmap", json_string(meta->roadmap_path));
	json_object_set_new(t->doc, "format", json_string(OVP_REPORT_FORMAT));
	json_object_set_new(t->doc, "tool", tool);
	json_object_set_new(t->doc, "as_of", json_string(ovp_day_format(meta->as_of, day)));
	json_object_set_new(t->doc, "inputs", inputs);
	json_object_set(t->doc, "findings", t->findings);
	return ovp_sink_begin(t->json, meta, err);
}

static int
twin_finding(ovp_sink *s, const ovp_finding *f, ovp_error *err)
{
	twin *t = (twin *)s;
	json_t *o = ovp_finding_to_json(f);

	assert_non_null(o);
	json_array_append_new(t->findings, o);
	return t->json->ops->finding(t->json, f, err);
}

static int
twin_end(ovp_sink *s, const ovp_summary *sum, ovp_error *err)
{
	twin *t = (twin *)s;

	json_object_set_new(t->doc, "summary", ovp_summary_to_json(sum));
	return t->json->ops->end(t->json, sum, err);
}

static int
twin_deal(ovp_sink *s, const ovp_deal *d, ovp_error *err)
{
	twin *t = (twin *)s;

	return t->json->ops->deal != NULL ? t->json->ops->deal(t->json, d, err) : 0;
}

static const ovp_sink_ops twin_ops = {
	.name = "twin",
	.begin = twin_begin,
	.finding = twin_finding,
	.explain = NULL,
	.end = twin_end,
	.destroy = NULL,
	.deal = twin_deal,
};

typedef int (*report_fn)(ovp_sink *s, const ovp_report_meta *meta, void *arg);

/* The shapes of the JSON report: indented, --compact, and JSON lines. */
typedef enum shape { SHAPE_INDENTED, SHAPE_COMPACT, SHAPE_LINES } shape;

#define DUMP_FLAGS (JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(15))

/* What jansson dumps of doc (its findings in findings) in shape sh; the caller frees it. */
static char *
jansson_shape(json_t *doc, json_t *findings, shape sh)
{
	char *text, *line, *all = NULL;
	size_t len = 0;
	FILE *fp;
	json_t *rest;

	if (sh == SHAPE_INDENTED || sh == SHAPE_COMPACT) {
		text = json_dumps(doc, sh == SHAPE_INDENTED ? JSON_INDENT(2) | DUMP_FLAGS
		                                             : JSON_COMPACT | DUMP_FLAGS);
		assert_non_null(text);
		fp = open_memstream(&all, &len);
		assert_non_null(fp);
		fprintf(fp, "%s\n", text);
		free(text);
		assert_int_equal(fclose(fp), 0);
		return all;
	}
	/* A finding a line, then the document without its findings. */
	fp = open_memstream(&all, &len);
	assert_non_null(fp);
	for (size_t i = 0; i < json_array_size(findings); i++) {
		line = json_dumps(json_array_get(findings, i), JSON_COMPACT | DUMP_FLAGS);
		assert_non_null(line);
		fprintf(fp, "%s\n", line);
		free(line);
	}
	rest = json_deep_copy(doc);
	assert_non_null(rest);
	assert_int_equal(json_object_del(rest, "findings"), 0);
	line = json_dumps(rest, JSON_COMPACT | DUMP_FLAGS);
	assert_non_null(line);
	fprintf(fp, "%s\n", line);
	free(line);
	json_decref(rest);
	assert_int_equal(fclose(fp), 0);
	return all;
}

/*
 * Render fn's report through the JSON sink in shape sh, assert that it
 * is what jansson dumps of the same document in that shape, and return
 * the report (the caller frees it).
 */
static char *
rendered_shape(report_fn fn, void *arg, shape sh)
{
	ovp_report_meta meta = sample_meta();
	char *got = NULL, *want;
	size_t len = 0;
	FILE *fp = open_memstream(&got, &len);
	twin t;
	ovp_error err;

	assert_non_null(fp);
	memset(&t, 0, sizeof t);
	t.base.ops = &twin_ops;
	t.doc = json_object();
	t.findings = json_array();
	meta.compact = sh == SHAPE_COMPACT;
	assert_int_equal(ovp_sink_new(&t.json, sh == SHAPE_LINES ? "jsonl" : "json", fp, &err), 0);
	assert_int_equal(fn(&t.base, &meta, arg), 0);
	ovp_sink_free(t.json);
	assert_int_equal(fclose(fp), 0);

	want = jansson_shape(t.doc, t.findings, sh);
	assert_int_equal(len, strlen(want));
	assert_memory_equal(got, want, len);
	free(want);
	json_decref(t.findings);
	json_decref(t.doc);
	return got;
}

/*
 * rendered_shape() in every shape; returns the indented report (the
 * caller frees it).
 */
static char *
rendered_as_jansson(report_fn fn, void *arg)
{
	free(rendered_shape(fn, arg, SHAPE_COMPACT));
	free(rendered_shape(fn, arg, SHAPE_LINES));
	return rendered_shape(fn, arg, SHAPE_INDENTED);
}

/* A stream's largest single write (cookie_stream()). */
static ssize_t
note_write(void *cookie, const char *buf, size_t n)
{
	size_t *most = cookie;

	(void)buf;
	if (n > *most)
		*most = n;
	return (ssize_t)n;
}

/*
 * Render fn's report through the JSON sink in shape sh into a stream
 * without a file descriptor, and return the most bytes it was given at
 * once (what the sink held rendered before writing).
 */
static size_t
largest_write(report_fn fn, void *arg, shape sh)
{
	cookie_io_functions_t io = {NULL, note_write, NULL, NULL};
	ovp_report_meta meta = sample_meta();
	size_t most = 0;
	FILE *fp = fopencookie(&most, "w", io);
	ovp_sink *sink;
	ovp_error err;

	assert_non_null(fp);
	meta.compact = sh == SHAPE_COMPACT;
	assert_int_equal(ovp_sink_new(&sink, sh == SHAPE_LINES ? "jsonl" : "json", fp, &err), 0);
	assert_int_equal(fn(sink, &meta, arg), 0);
	ovp_sink_free(sink);
	assert_int_equal(fclose(fp), 0);
	return most;
}

/* rendered_as_jansson() for a test that needs only the comparison. */
static void
assert_as_jansson(report_fn fn, void *arg)
{
	free(rendered_as_jansson(fn, arg));
}

static int
run_sample(ovp_sink *s, const ovp_report_meta *meta, void *arg)
{
	return sample_run(s, meta, *(const bool *)arg);
}

static void
test_sample(void **state)
{
	bool empty = false;

	(void)state;
	assert_as_jansson(run_sample, &empty);
}

static void
test_empty(void **state)
{
	bool empty = true;

	(void)state;
	assert_as_jansson(run_sample, &empty);
}

/* The given findings and an empty summary. */
typedef struct findings {
	const ovp_finding *f;
	size_t n;
} findings;

static int
run_findings(ovp_sink *s, const ovp_report_meta *meta, void *arg)
{
	const findings *fs = arg;
	ovp_summary sum;
	int rc;

	memset(&sum, 0, sizeof sum);
	rc = ovp_sink_begin(s, meta, NULL);
	for (size_t i = 0; i < fs->n && rc == 0; i++)
		rc = s->ops->finding(s, &fs->f[i], NULL);
	if (rc == 0)
		rc = s->ops->end(s, &sum, NULL);
	return rc;
}

static ovp_deal
a_deal(double amount)
{
	ovp_deal d;

	memset(&d, 0, sizeof d);
	d.close = OVP_WINDOW_NONE;
	d.id = "006A";
	d.name = "Deal";
	d.account = "";
	d.currency = "EUR";
	d.stage = "Closed Won";
	d.amount = amount;
	d.has_amount = true;
	d.close = OVP_WINDOW_NONE;
	d.line = 2;
	return d;
}

/* Amounts and scores of every shape come out as jansson writes reals. */
static void
test_numbers(void **state)
{
	static const double amounts[] = {
		120000.0, 48000.5, -5000.0, 0.0, -0.0, 0.1 + 0.2, 1e15, 1e16, 123456789012345678.0,
		1.5e-7, 1e-5, 0.0001, 99.999999999999999, 1e300, DBL_MIN, 5e-324, 120000.123456789012,
		0.001, -0.001, 0.0015, 0.1, 0.7, 12.5, -1234.56, 100.01, 999999999999.999, 1e12 - 0.001,
		1e12, 1e12 + 0.5, 4503599627370496.5, -9.999e11, 0.999, 1.001,
	};
	static const double scores[] = {0.0, 1.0, 0.8471, 0.9995, 0.12345, 5.0 / 12.0, 0.0004};
	enum { N = sizeof amounts / sizeof amounts[0] };
	ovp_deal deals[N];
	ovp_finding f[N];
	findings fs = {f, N};

	(void)state;
	for (size_t i = 0; i < N; i++) {
		deals[i] = a_deal(amounts[i]);
		sample_finding(&f[i], OVP_RULE_SLIP_RISK, OVP_SEV_WARNING, "deals.csv", (long)i + 2,
		               (int)i, "slip");
		f[i].deal = &deals[i];
		f[i].has_p_late = true;
		f[i].p_late = scores[i % 7];
		f[i].samples = i;
		f[i].prior = i % 2 == 0;
		f[i].has_similarity = true;
		f[i].similarity = scores[(i + 3) % 7];
		f[i].has_days_late = i % 3 == 0;
		f[i].days_late = -(long)i * 1000;
	}
	assert_as_jansson(run_findings, &fs);
}

/*
 * The members after a finding's item, which the sink writes straight
 * into room made for them all at once, in every combination: days late
 * (none, negative, the largest), a chance of missing (none, finite, not
 * finite and so left out) with its samples (up to the largest) and
 * prior, a similarity, a suggested date (a day, none) with its
 * confidence (finite, not finite), suppressed or not, and fingerprints
 * the engine makes and one made by hand that needs escaping.
 */
static void
test_measures(void **state)
{
	static const double reals[] = {0.85, 1.0, -0.0, 1e300, (double)NAN, (double)INFINITY, 0.0004, 123456.789};
	enum { N = 96 };
	ovp_deal d = a_deal(100.0);
	ovp_finding f[N];
	findings fs = {f, N};

	(void)state;
	for (size_t i = 0; i < N; i++) {
		sample_finding(&f[i], (ovp_rule_id)(i % OVP_RULE_COUNT), (ovp_severity)(i % 3),
		               "deals.csv", (long)i, (int)i, i % 5 == 0 ? "a \"quoted\" message" : "m");
		f[i].deal = &d;
		f[i].has_days_late = i % 3 != 0;
		f[i].days_late = i % 4 == 0 ? LONG_MAX : i % 4 == 1 ? LONG_MIN + 1 : -(long)i;
		f[i].has_p_late = i % 2 == 0;
		f[i].p_late = reals[i % 8];
		f[i].samples = i % 7 == 0 ? SIZE_MAX : i;
		f[i].prior = i % 4 < 2;
		f[i].has_similarity = i % 5 != 1;
		f[i].similarity = reals[(i + 1) % 8];
		f[i].has_suggested = i % 3 == 1;
		f[i].suggested_date = i % 2 == 0 ? OVP_DAY_NONE : ovp_day_from_ymd(2027, 1 + (int)i % 12, 5);
		f[i].confidence = reals[(i + 2) % 8];
		f[i].suppressed = i % 6 == 0;
		if (i % 11 == 0)
			strcpy(f[i].fingerprint, "0123456789abcdef0123456789abcd\"f");
	}
	assert_as_jansson(run_findings, &fs);
}

/*
 * Similarities in runs, as the findings of one promise repeat them: the
 * sink keeps the last one written, and must tell every change, -0 from
 * 0 included, and skip the member when the value is not finite.
 */
static void
test_similarity_repeats(void **state)
{
	static const double sims[] = {1.0, 1.0, 0.8471, 0.8471, 0.8469, 1.0, -0.0, -0.0, 0.0, 0.0,
	                              -0.0, (double)NAN, 1.0, 0.9995, 0.9995, HUGE_VAL, 0.9995, 1.0};
	static const char *const want[] = {
		"1.0", "1.0", "0.847", "0.847", "0.847", "1.0", "-0.0", "-0.0", "0.0", "0.0",
		"-0.0", NULL, "1.0", "1.0", "1.0", NULL, "1.0", "1.0",
	};
	enum { N = sizeof sims / sizeof sims[0] };
	ovp_finding f[N + 1];
	findings fs = {f, N + 1};
	char *out, key[64];
	const char *at;

	(void)state;
	for (size_t i = 0; i < N; i++) {
		sample_finding(&f[i], OVP_RULE_FUZZY_MATCH, OVP_SEV_NOTE, "deals.csv", (long)i + 2,
		               (int)i, "fuzzy");
		f[i].has_similarity = true;
		f[i].similarity = sims[i];
	}
	/* One without a similarity, after the cache holds one. */
	sample_finding(&f[N], OVP_RULE_FUZZY_MATCH, OVP_SEV_NOTE, "deals.csv", N + 2, N, "fuzzy");
	out = rendered_as_jansson(run_findings, &fs);
	/* Each finding's similarity (or none) between its line and the next finding's. */
	at = out;
	for (size_t i = 0; i <= N; i++) {
		const char *next;

		snprintf(key, sizeof key, "\"line\": %zu\n", i + 2);
		at = strstr(at, key);
		assert_non_null(at);
		next = strstr(at + 1, "\"rule\"");
		if (i < N && want[i] != NULL) {
			snprintf(key, sizeof key, "\"similarity\": %s\n", want[i]);
			assert_non_null(strstr(at, key));
			assert_true(next == NULL || strstr(at, key) < next);
		} else if (i < N) {
			const char *sim = strstr(at, "\"similarity\"");

			assert_true(sim == NULL || (next != NULL && sim > next));
		} else {
			assert_non_null(strstr(at, "\"similarity\": null\n"));
		}
	}
	free(out);
}

/* An ambiguous match lists its candidates, an array of objects one level deeper. */
static void
test_candidates(void **state)
{
	ovp_item items[3];
	ovp_match m, none;
	ovp_deal d = a_deal(1.0);
	ovp_promise p;
	ovp_finding f[3];
	findings fs = {f, 3};

	(void)state;
	memset(items, 0, sizeof items);
	memset(&m, 0, sizeof m);
	memset(&p, 0, sizeof p);
	for (int i = 0; i < 3; i++) {
		items[i].id = i == 1 ? "" : "PRJ-1";
		items[i].title = i == 2 ? "" : "Webhooks for \"billing\"\tevents";
		items[i].status = "To Do";
		items[i].planned = OVP_WINDOW_NONE;
		m.candidates[i].item = &items[i];
		m.candidates[i].score = 0.9 - 0.01 * i;
	}
	m.kind = OVP_MATCH_AMBIGUOUS;
	m.ncandidates = 3;
	none = m;
	none.ncandidates = 0;
	p.text = p.feature = "Webhooks";
	p.due = OVP_WINDOW_NONE;
	p.due_text = "";
	for (int i = 0; i < 3; i++) {
		sample_finding(&f[i], OVP_RULE_AMBIGUOUS, OVP_SEV_WARNING, "deals.csv", 2, i, "ambiguous");
		f[i].deal = &d;
		f[i].promise = &p;
		f[i].match = i == 1 ? &none : &m;
		f[i].has_similarity = true;
		f[i].similarity = 0.9;
	}
	f[2].rule = OVP_RULE_UNPLANNED; /* candidates only for OVP008 */
	assert_as_jansson(run_findings, &fs);
}

/*
 * OVP015's members: the team (null without teams, "" for items without
 * one, escaped), the date, the efforts, the items (none, one, several)
 * and the deals.
 */
static void
test_overcommitted(void **state)
{
	ovp_item items[3];
	const ovp_item *list[3] = {&items[0], &items[1], &items[2]};
	static const char *const teams[] = {NULL, "", "Identity \"core\"\n"};
	ovp_finding f[3];
	findings fs = {f, 3};
	char *out;

	(void)state;
	memset(items, 0, sizeof items);
	items[0].id = "PRJ-1";
	items[0].title = "Single sign-on";
	items[1].id = "";
	items[1].title = "Dark mode";
	items[2].id = "PRJ-3";
	items[2].title = "";
	for (int i = 0; i < 3; i++) {
		sample_finding(&f[i], OVP_RULE_OVERCOMMITTED, OVP_SEV_WARNING, "roadmap.csv", 1, i,
		               "promises due by 2027-01-25 need more than the pace delivers");
		f[i].team = teams[i];
		f[i].due = ovp_day_from_ymd(2027, 1, 25 + i);
		f[i].promised = 180.0 + i / 3.0;
		f[i].deliverable = 60.0 / 7.0;
		f[i].pace = 1.0 / 3.0;
		f[i].items = list;
		f[i].nitems = (size_t)i * 3 / 2;
		f[i].ndeals = (size_t)i * 7;
	}
	out = rendered_as_jansson(run_findings, &fs);
	assert_non_null(strstr(out, "\"team\": null,\n      \"due\": \"2027-01-25\",\n      "
	                            "\"promised\": 180.0,\n      \"deliverable\": 8.571,\n      "
	                            "\"pace\": 0.333,\n      \"items\": [],\n      \"deals\": 0\n"));
	assert_non_null(strstr(out, "\"team\": \"Identity \\\"core\\\"\\n\""));
	free(out);
}

/*
 * An OVP015 finding that lists 20,000 items, as one on a large roadmap
 * does (megabytes in every shape), followed by another, comes out as
 * jansson dumps it, and reaches the stream 256 KiB and an item at a time
 * as it is rendered, never whole.
 */
static void
test_overcommitted_many(void **state)
{
	enum { NITEMS = 20000 };
	ovp_item *items = calloc(NITEMS, sizeof *items);
	const ovp_item **list = calloc(NITEMS, sizeof *list);
	char(*ids)[16] = calloc(NITEMS, sizeof *ids);
	char(*titles)[64] = calloc(NITEMS, sizeof *titles);
	ovp_finding f[2];
	findings fs = {f, 2};
	char *out;

	(void)state;
	assert_non_null(items);
	assert_non_null(list);
	assert_non_null(ids);
	assert_non_null(titles);
	for (int i = 0; i < NITEMS; i++) {
		snprintf(ids[i], sizeof ids[i], "PRJ-%d", i);
		snprintf(titles[i], sizeof titles[i], "Item  %d: \"quoted\" , [x] {y}\n\t\\", i);
		items[i].id = ids[i];
		items[i].title = titles[i];
		list[i] = &items[i];
	}
	for (int i = 0; i < 2; i++) {
		sample_finding(&f[i], OVP_RULE_OVERCOMMITTED, OVP_SEV_WARNING, "roadmap.csv", 1, i,
		               "promises due by 2027-01-25 need more than the pace delivers");
		f[i].team = i == 0 ? "Core" : "Edge";
		f[i].due = ovp_day_from_ymd(2027, 1, 25);
		f[i].promised = 500.0;
		f[i].deliverable = 60.0 / 7.0;
		f[i].pace = 1.0 / 3.0;
		f[i].items = list;
		f[i].nitems = i == 0 ? NITEMS : 3;
		f[i].ndeals = 9000;
	}
	out = rendered_as_jansson(run_findings, &fs);
	assert_true(strlen(out) > ((size_t)2 << 20));
	assert_non_null(strstr(out, "\"title\": \"Item  19999: \\\"quoted\\\" , [x] {y}\\n\\t\\\\\"\n"));
	free(out);
	for (shape sh = SHAPE_INDENTED; sh <= SHAPE_LINES; sh++)
		assert_true(largest_write(run_findings, &fs, sh) < ((size_t)256 << 10) + 256);
	free(items);
	free(list);
	free(ids);
	free(titles);
}

/* Control characters are escaped the way jansson does, a bad byte becomes U+FFFD. */
static void
test_escaping(void **state)
{
	ovp_finding f;
	char *out = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&out, &len);
	ovp_report_meta meta = sample_meta();
	findings fs = {&f, 1};
	ovp_sink *sink;
	ovp_error err;

	(void)state;
	assert_non_null(fp);
	sample_finding(&f, OVP_RULE_UNPLANNED, OVP_SEV_ERROR, "dir/deals.csv", 2, 0,
	               "a\"b\\c/d\x01\x1f\x7f\b\f\n\r\t \xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80 \xff\xc3 "
	               "\xef\xbf\xbd end");
	assert_int_equal(ovp_sink_new(&sink, "json", fp, &err), 0);
	assert_int_equal(run_findings(sink, &meta, &fs), 0);
	ovp_sink_free(sink);
	assert_int_equal(fclose(fp), 0);
	assert_non_null(strstr(out, "\"message\": \"a\\\"b\\\\c/d\\u0001\\u001F\x7f\\b\\f\\n\\r\\t "
	                            "\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80 \xef\xbf\xbd\xef\xbf\xbd "
	                            "\xef\xbf\xbd end\",\n"));
	assert_non_null(strstr(out, "\"file\": \"dir/deals.csv\",\n"));
	free(out);
}

/*
 * A promise without a date is all feature, its text and feature one
 * string: the sink escapes it once and writes it twice, the same bytes
 * as escaping each (quotes, control characters, a bad byte); a promise
 * whose feature is another string with the same text, and one whose
 * feature is a part of its text, are written as before.
 */
static void
test_promise_all_feature(void **state)
{
	static const char nasty[] = "a \"b\"\\c\n\x01 \xc3\xa9 \xff end";
	static const char nasty_copy[] = "a \"b\"\\c\n\x01 \xc3\xa9 \xff end";
	ovp_finding f[3];
	ovp_promise p[3];
	ovp_deal d = a_deal(100.0);
	findings fs = {f, 3};
	char *out;

	(void)state;
	for (size_t i = 0; i < 3; i++) {
		memset(&p[i], 0, sizeof p[i]);
		p[i].text = nasty;
		p[i].due = OVP_WINDOW_NONE;
		p[i].due_text = "";
		sample_finding(&f[i], OVP_RULE_UNPLANNED, OVP_SEV_ERROR, "deals.csv", 2 + (long)i,
		               (int)i, "unplanned");
		f[i].deal = &d;
		f[i].promise = &p[i];
	}
	p[0].feature = nasty;
	p[1].feature = nasty_copy;
	p[2].text = nasty + 2;
	p[2].feature = "\"b\"";
	out = rendered_as_jansson(run_findings, &fs);
	assert_non_null(strstr(out, "\"text\": \"a \\\"b\\\"\\\\c\\n\\u0001 \xc3\xa9 \xef\xbf\xbd "
	                            "end\",\n        \"feature\": \"a \\\"b\\\"\\\\c\\n\\u0001 "
	                            "\xc3\xa9 \xef\xbf\xbd end\",\n"));
	assert_non_null(strstr(out, "\"feature\": \"\\\"b\\\"\",\n"));
	free(out);
}

/*
 * Fingerprints: 32 hex digits, as the engine makes them, are copied as
 * they are; anything else a finding made by hand carries (shorter,
 * empty, with a byte that needs escaping in either half) is escaped as
 * any string is.
 */
static void
test_fingerprints(void **state)
{
	static const char *const prints[] = {
		"0123456789abcdef0123456789abcdef",
		"",
		"abc",
		"0123456789abcde",
		"0123456789abcdef",
		"0123456789abcdef0123456789abcde",
		"0123456789a\"cdef0123456789abcdef",
		"0123456789abcdef0123456789abcd\001f",
		"0123456789abcdef0123456789abcd\xc3\xa9",
	};
	static const char *const want[] = {
		"\"fingerprint\": \"0123456789abcdef0123456789abcdef\",\n",
		"\"fingerprint\": \"\",\n",
		"\"fingerprint\": \"abc\",\n",
		"\"fingerprint\": \"0123456789abcde\",\n",
		"\"fingerprint\": \"0123456789abcdef\",\n",
		"\"fingerprint\": \"0123456789abcdef0123456789abcde\",\n",
		"\"fingerprint\": \"0123456789a\\\"cdef0123456789abcdef\",\n",
		"\"fingerprint\": \"0123456789abcdef0123456789abcd\\u0001f\",\n",
		"\"fingerprint\": \"0123456789abcdef0123456789abcd\xc3\xa9\",\n",
	};
	enum { N = sizeof prints / sizeof prints[0] };
	ovp_finding f[N];
	findings fs = {f, N};
	char *out;
	const char *at;

	(void)state;
	for (size_t i = 0; i < N; i++) {
		sample_finding(&f[i], OVP_RULE_UNPLANNED, OVP_SEV_ERROR, "deals.csv", 2, (int)i, "m");
		assert_true(strlen(prints[i]) < sizeof f[i].fingerprint);
		strcpy(f[i].fingerprint, prints[i]);
	}
	out = rendered_as_jansson(run_findings, &fs);
	at = out;
	for (size_t i = 0; i < N; i++) {
		at = strstr(at, want[i]);
		assert_non_null(at);
		at += strlen(want[i]);
	}
	free(out);
}

/*
 * Strings of every length up to 40 made of random pieces: plain ASCII,
 * quotes, backslashes, control characters, valid UTF-8 of 2 to 4 bytes,
 * and broken sequences (stray continuations, overlong forms, surrogates,
 * truncated ends), in every field the sink escapes.  The escaper works
 * a word at a time, so what matters is where the special bytes fall
 * relative to the words and the end.
 */
static void
test_escaping_random(void **state)
{
	static const char *const pieces[] = {
		"a", "Z", " ", "~", "\"", "\\", "/", "\x01", "\x1f", "\x7f", "\n", "\t", "\b",
		"\xc3\xa9", "\xe2\x82\xac", "\xf0\x9f\x98\x80", "\x80", "\xbf", "\xc0\xaf",
		"\xed\xa0\x80", "\xf4\x90\x80\x80", "\xe2\x82", "\xf0\x9f", "\xff", "\xc3",
		"abcdefgh", "12345678901",
	};
	enum { N = 400, LEN = 48 };
	static char text[N][5][LEN + 8];
	ovp_deal deals[N];
	ovp_promise promises[N];
	ovp_item items[N];
	ovp_finding f[N];
	findings fs = {f, N};
	uint64_t seed = 0x2545F4914F6CDD1DULL;

	(void)state;
	for (size_t i = 0; i < N; i++) {
		for (size_t t = 0; t < 5; t++) {
			size_t want = (i * 5 + t) % 41, len = 0;

			while (len < want) {
				const char *piece;

				seed ^= seed << 13;
				seed ^= seed >> 7;
				seed ^= seed << 17;
				piece = pieces[seed % (sizeof pieces / sizeof pieces[0])];
				if (len + strlen(piece) > LEN)
					break;
				memcpy(text[i][t] + len, piece, strlen(piece));
				len += strlen(piece);
			}
			text[i][t][len] = '\0';
		}
		deals[i] = a_deal(1000.0);
		deals[i].name = text[i][0];
		memset(&promises[i], 0, sizeof promises[i]);
		promises[i].text = text[i][1];
		promises[i].feature = text[i][2];
		promises[i].due = OVP_WINDOW_NONE;
		promises[i].due_text = "";
		memset(&items[i], 0, sizeof items[i]);
		items[i].id = "PRJ-1";
		items[i].title = text[i][3];
		items[i].status = text[i][4];
		items[i].planned = OVP_WINDOW_NONE;
		sample_finding(&f[i], OVP_RULE_FUZZY_MATCH, OVP_SEV_NOTE, text[i][(i + 2) % 5],
		               (long)i, (int)i, text[i][i % 5]);
		f[i].deal = &deals[i];
		f[i].promise = &promises[i];
		f[i].item = &items[i];
	}
	assert_as_jansson(run_findings, &fs);
}

/* The promise and item records the recycling tests change, as they start, and an empty summary. */
static void
start_recycled(ovp_promise *p, const char *text, ovp_item *it, const char *title,
               const char *status, ovp_summary *sum)
{
	memset(p, 0, sizeof *p);
	p->text = text;
	p->feature = "SSO";
	p->due = OVP_WINDOW_NONE;
	p->due_text = "";
	memset(it, 0, sizeof *it);
	it->id = "PRJ-1";
	it->title = title;
	it->status = status;
	it->planned = OVP_WINDOW_NONE;
	it->line = 7;
	memset(sum, 0, sizeof *sum);
}

/*
 * One deal, promise and item record reused for finding after finding,
 * changed in between the way a reader that recycles its memory changes
 * them (one field at a time, the same pointers, sometimes back to an
 * earlier value, a prefix of it, or its own escaped text), and equal
 * records at other addresses: the sink keeps the last objects it
 * rendered, and must never write a stale one.
 */
static int
run_recycled(ovp_sink *s, const ovp_report_meta *meta, void *arg)
{
	static const char *const names[] = {"Acme", "Acme ", "Acme", "", "Globex \"EU\"",
	                                    "Acme\"", "Globex \\\"EU\\\"", "Acme\"", "Acme"};
	static const double amounts[] = {100.0, 100.0, -0.0, 0.0, 1e300, 100.5};
	static const char *const texts[] = {"SSO by Q1", "SSO by Q1", "SSO", "sso by Q1"};
	ovp_deal d = a_deal(100.0), twin_deal;
	ovp_promise p;
	ovp_item it, twin_item;
	ovp_finding f;
	ovp_summary sum;
	char status[16] = "To Do";
	int rc;

	(void)arg;
	start_recycled(&p, texts[0], &it, "Single sign-on", status, &sum);
	rc = ovp_sink_begin(s, meta, NULL);
	for (int i = 0; i < 120 && rc == 0; i++) {
		switch (i % 6) {
		case 0:
			d.name = names[(size_t)i / 6 % (sizeof names / sizeof names[0])];
			break;
		case 1:
			d.amount = amounts[(size_t)i / 6 % 6];
			d.has_amount = i % 4 != 1;
			break;
		case 2:
			p.text = texts[(size_t)i / 6 % 4];
			p.due = i % 4 == 2 ? (ovp_window){20000 + i, 20000 + i, OVP_PERIOD_DAY} : OVP_WINDOW_NONE;
			break;
		case 3:
			status[0] = i % 4 == 3 ? 'T' : 'D'; /* same pointer, other text */
			it.cls = (ovp_status_class)((size_t)i / 6 % OVP_CLASS_COUNT);
			break;
		case 4:
			it.line = i / 12;
			it.planned = i % 4 == 0 ? (ovp_window){20100, 20100, OVP_PERIOD_DAY} : OVP_WINDOW_NONE;
			break;
		default:
			break;
		}
		twin_deal = d;
		twin_item = it;
		sample_finding(&f, OVP_RULE_LATE, OVP_SEV_ERROR, "deals.csv", i, i, "late");
		f.deal = i % 5 == 4 ? &twin_deal : &d;
		f.promise = i % 7 == 6 ? NULL : &p;
		f.item = i % 3 == 2 ? &twin_item : &it;
		rc = s->ops->finding(s, &f, NULL);
	}
	if (rc == 0)
		rc = s->ops->end(s, &sum, NULL);
	return rc;
}

static void
test_recycled_records(void **state)
{
	(void)state;
	assert_as_jansson(run_recycled, NULL);
}

/*
 * The same records as a checked run recycles them: each deal announced
 * (the deal operation) after the reader has changed the record, its
 * promise and the item in place (or left them as they were), then
 * several findings about them, one about a deal that was not announced
 * (changed between findings), and findings about copies at other
 * addresses, about no deal, and in another file.  Within a deal the sink
 * may tell the announced deal's objects by their address; across deals,
 * or for anything not announced, only by their contents.
 */
static int
run_announced(ovp_sink *s, const ovp_report_meta *meta, void *arg)
{
	static const char *const names[] = {"Acme", "Acme ", "Acme", "Globex \"EU\"", ""};
	static const char *const texts[] = {"SSO by Q1", "SSO", "SSO by Q1", "sso by Q1"};
	ovp_deal d = a_deal(100.0), other = a_deal(5.0), copy;
	ovp_promise p, pcopy;
	ovp_item it, icopy;
	ovp_finding f;
	ovp_summary sum;
	char status[16] = "To Do", title[16] = "Single sign-on";
	int rc;

	(void)arg;
	start_recycled(&p, texts[0], &it, title, status, &sum);
	rc = ovp_sink_begin(s, meta, NULL);
	for (int k = 0; k < 24 && rc == 0; k++) {
		/* The reader's next deal, in the same memory; every fourth as the one before. */
		if (k % 4 != 3) {
			d.name = names[(size_t)k % 5];
			d.amount = k % 3 == 0 ? 100.0 : 250.5;
			p.text = texts[(size_t)k % 4];
			p.due = k % 2 == 0 ? (ovp_window){20000 + k, 20000 + k, OVP_PERIOD_DAY}
			                   : OVP_WINDOW_NONE;
			status[0] = k % 8 < 4 ? 'T' : 'D';
			title[0] = k % 3 == 0 ? 'S' : 's';
			it.line = 7 + k / 5;
		}
		if (rc == 0)
			rc = s->ops->deal(s, &d, NULL);
		for (int i = 0; i < 7 && rc == 0; i++) {
			copy = d;
			pcopy = p;
			icopy = it;
			sample_finding(&f, OVP_RULE_LATE, OVP_SEV_ERROR, meta->deals_path, k * 10 + i, i,
			               "late");
			f.deal = i == 3 ? &other : i == 4 ? &copy : i == 5 ? NULL : &d;
			f.promise = i == 2 ? &pcopy : &p;
			f.item = i == 1 ? &icopy : &it;
			if (i == 6)
				f.file = "roadmap.csv";
			/* A deal not announced, changed from finding to finding. */
			other.name = names[(size_t)(k + i) % 5];
			rc = s->ops->finding(s, &f, NULL);
		}
	}
	if (rc == 0)
		rc = s->ops->end(s, &sum, NULL);
	return rc;
}

static void
test_announced_records(void **state)
{
	(void)state;
	assert_as_jansson(run_announced, NULL);
}

/*
 * Findings in runs about the same subject, as a checked run gives them:
 * several findings of one promise of the announced deal (the same line,
 * promise and item, which the sink copies from the finding before),
 * broken by a finding about another line, item, promise, no promise and
 * no item (a problem on the same row), a sheet, another file, a copy of
 * the deal, or a deal not announced; the next deal in the same memory,
 * changed in place, with the same promise and item records and line;
 * items' files that repeat, change in place, differ and are missing (the
 * sink keeps the last one escaped); and findings whose messages make the
 * sink write its buffer out between two findings of a run (the finding
 * after it writes over what was there, what the sink would copy is gone).
 */
static int
run_subjects(ovp_sink *s, const ovp_report_meta *meta, void *arg)
{
	/*
	 * Per finding of a deal: promise (1, 2 or none), item (1, 2 or none),
	 * line, and what else: c a copy of the deal, o a deal not announced,
	 * s a sheet, t the same sheet's text changed in place, f another
	 * file, m a long message.
	 */
	static const struct {
		int promise, item, line;
		char what;
	} runs[] = {
		{1, 1, 2, 0},   {1, 1, 2, 'm'}, {1, 1, 2, 0},   {1, 1, 3, 0},   {1, 1, 3, 0},
		{2, 1, 3, 0},   {2, 1, 3, 0},   {2, 0, 3, 0},   {1, 2, 3, 'm'}, {0, 0, 3, 0},
		{0, 0, 3, 'm'}, {1, 1, 3, 'o'}, {1, 1, 3, 'c'}, {1, 1, 3, 's'}, {1, 1, 3, 't'},
		{1, 1, 3, 'f'}, {1, 1, 3, 0},   {1, 1, 2, 0},
	};
	static const char *const names[] = {"Acme", "Acme \"EU\"", "Globex"};
	ovp_deal d = a_deal(100.0), copy, other = a_deal(5.0);
	ovp_promise p1, p2;
	ovp_item it1, it2;
	ovp_finding f;
	ovp_summary sum;
	char status[16] = "To Do", sheet[8] = "Deals", ifile[16] = "roadmap.csv";
	size_t huge = (size_t)300 << 10;
	char *longmsg = malloc(4001), *big = malloc(huge + 1), *bigger = malloc(huge + 101);
	int rc;

	(void)arg;
	assert_non_null(longmsg);
	assert_non_null(big);
	assert_non_null(bigger);
	memset(longmsg, 'x', 4000);
	longmsg[4000] = '\0';
	memset(big, 'y', huge);
	big[huge] = '\0';
	memset(bigger, 'z', huge + 100);
	bigger[huge + 100] = '\0';
	start_recycled(&p1, "SSO by Q1", &it1, "Single sign-on", status, &sum);
	p2 = p1;
	p2.text = "Audit log";
	p2.feature = "Audit log";
	it1.file = ifile;
	it2 = it1;
	it2.id = "PRJ-2";
	it2.title = "Audit \"log\"";
	rc = ovp_sink_begin(s, meta, NULL);
	for (int k = 0; k < 120 && rc == 0; k++) {
		/* The next deal, in the same memory, with the same promise and item records. */
		d.name = names[(size_t)k % 3];
		p1.due = k % 2 == 0 ? (ovp_window){20000 + k, 20000 + k, OVP_PERIOD_DAY}
		                    : OVP_WINDOW_NONE;
		it1.line = 7 + k % 4;
		/* An item's file: the same text, changed in place, another's, none. */
		ifile[0] = k % 6 < 3 ? 'r' : 'R';
		it2.file = k % 4 == 0 ? "road \"map\".csv" : k % 4 == 1 ? ifile : NULL;
		status[0] = k % 5 < 2 ? 'T' : 'D';
		rc = s->ops->deal(s, &d, NULL);
		for (size_t i = 0; i < sizeof runs / sizeof runs[0] && rc == 0; i++) {
			copy = d;
			sample_finding(&f, (ovp_rule_id)(i % OVP_RULE_COUNT), OVP_SEV_WARNING,
			               meta->deals_path, runs[i].line, (int)i,
			               runs[i].what == 'm' ? longmsg : "short");
			f.deal = runs[i].what == 'c' ? &copy : runs[i].what == 'o' ? &other : &d;
			f.promise = runs[i].promise == 1 ? &p1 : runs[i].promise == 2 ? &p2 : NULL;
			f.item = runs[i].item == 1 ? &it1 : runs[i].item == 2 ? &it2 : NULL;
			if (runs[i].what == 's' || runs[i].what == 't') {
				sheet[0] = runs[i].what == 's' ? 'D' : 'd';
				f.sheet = sheet;
			}
			if (runs[i].what == 'f')
				f.file = "other.csv";
			/* Twice in a run, past the size at which the sink writes out. */
			if (k == 60 && (i == 1 || i == 2))
				f.message = i == 1 ? big : bigger;
			rc = s->ops->finding(s, &f, NULL);
			other.name = names[(size_t)(k + (int)i) % 3];
		}
	}
	if (rc == 0)
		rc = s->ops->end(s, &sum, NULL);
	free(longmsg);
	free(big);
	free(bigger);
	return rc;
}

static void
test_repeated_subjects(void **state)
{
	(void)state;
	assert_as_jansson(run_subjects, NULL);
}

/*
 * The deal, promise and item a finding of the announced deal names are
 * kept where they were rendered, in the buffer the sink writes out: a
 * finding that fills the buffer (a message past the size at which it is
 * written out) comes between findings about the same deal, promise and
 * item, so that each of the three is written again after the buffer was
 * written out and reused; the deal's and the item's texts, changed in
 * place with the next deal, are rendered again.
 */
static int
run_kept_objects(ovp_sink *s, const ovp_report_meta *meta, void *arg)
{
	ovp_deal d = a_deal(100.0);
	ovp_promise p1, p2;
	ovp_item it1, it2;
	ovp_finding f;
	ovp_summary sum;
	char name[16] = "Acme \"EU\"", title[16] = "Single sign-on";
	size_t huge = (size_t)300 << 10;
	char *big = malloc(huge + 1);
	int rc;

	(void)arg;
	assert_non_null(big);
	memset(big, 'q', huge);
	big[huge] = '\0';
	start_recycled(&p1, "SSO by Q1", &it1, title, "To Do", &sum);
	p2 = p1;
	p2.text = "Audit log";
	p2.feature = "Audit log";
	it2 = it1;
	it2.id = "PRJ-2";
	it2.title = "Audit \"log\"";
	d.name = name;
	rc = ovp_sink_begin(s, meta, NULL);
	for (int k = 0; k < 6 && rc == 0; k++) {
		name[0] = k % 2 == 0 ? 'A' : 'a';
		title[0] = k % 3 == 0 ? 'S' : 's';
		rc = s->ops->deal(s, &d, NULL);
		for (int i = 0; i < 5 && rc == 0; i++) {
			sample_finding(&f, OVP_RULE_LATE, OVP_SEV_ERROR, meta->deals_path, 2 + i, k * 5 + i,
			               i == 1 || (k == 3 && i == 3) ? big : "late");
			f.deal = &d;
			f.promise = i % 2 == 0 ? &p1 : &p2;
			f.item = i == 3 ? &it2 : &it1;
			rc = s->ops->finding(s, &f, NULL);
		}
	}
	if (rc == 0)
		rc = s->ops->end(s, &sum, NULL);
	free(big);
	return rc;
}

static void
test_kept_objects(void **state)
{
	(void)state;
	assert_as_jansson(run_kept_objects, NULL);
}

/* Items of run_many_items(). */
#define MANY_ITEMS 3000

/*
 * Findings about thousands of items, each named again far from where it
 * was first: items changed in place between two deals (title, status,
 * class, planned day, line, file), the same item named by findings of a
 * deal not announced, copies of an item at another address, and items
 * with long titles.
 */
static int
run_many_items(ovp_sink *s, const ovp_report_meta *meta, void *arg)
{
	static char titles[MANY_ITEMS][24], ids[MANY_ITEMS][12];
	ovp_item *items = calloc(MANY_ITEMS, sizeof *items), copy;
	ovp_deal d = a_deal(100.0), other = a_deal(5.0);
	ovp_promise p;
	ovp_finding f;
	ovp_summary sum;
	size_t huge = 5000;
	char *long_title = malloc(huge + 1);
	int rc;

	(void)arg;
	assert_non_null(items);
	assert_non_null(long_title);
	memset(long_title, 't', huge);
	long_title[huge] = '\0';
	start_recycled(&p, "SSO by Q1", &copy, "Single sign-on", "To Do", &sum);
	for (size_t i = 0; i < MANY_ITEMS; i++) {
		snprintf(ids[i], sizeof ids[i], "PRJ-%zu", i);
		snprintf(titles[i], sizeof titles[i], "Item \"%zu\"", i);
		items[i] = copy;
		items[i].id = i % 11 == 0 ? "" : ids[i];
		items[i].title = i % 97 == 0 ? long_title : titles[i];
		items[i].status = i % 2 == 0 ? "To Do" : "In Progress";
		items[i].file = i % 5 == 0 ? NULL : "roadmap.csv";
		items[i].line = (long)i + 2;
	}
	rc = ovp_sink_begin(s, meta, NULL);
	for (int k = 0; k < 4 * MANY_ITEMS && rc == 0; k++) {
		size_t at = (size_t)k * 7919 % MANY_ITEMS;
		ovp_item *it = &items[at];

		/* Between two deals, some items change in place. */
		if (k % 3 == 0) {
			if (k % 45 == 0)
				titles[at][0] = titles[at][0] == 'I' ? 'i' : 'I';
			if (k % 51 == 0)
				it->status = it->status[0] == 'T' ? "Done" : "To Do";
			if (k % 57 == 0)
				it->cls = (ovp_status_class)((size_t)k % OVP_CLASS_COUNT);
			if (k % 63 == 0)
				it->planned = it->planned.end == OVP_DAY_NONE
				                      ? (ovp_window){20100, 20100, OVP_PERIOD_DAY}
				                      : OVP_WINDOW_NONE;
			if (k % 69 == 0)
				it->line++;
			if (k % 75 == 0)
				it->file = it->file == NULL ? "other.csv" : NULL;
			d.name = k % 2 == 0 ? "Acme" : "Globex";
			rc = s->ops->deal(s, &d, NULL);
		}
		copy = *it;
		sample_finding(&f, OVP_RULE_LATE, OVP_SEV_ERROR, meta->deals_path, k, k, "late");
		f.deal = k % 13 == 0 ? &other : &d;
		f.promise = &p;
		f.item = k % 17 == 0 ? &copy : it;
		if (rc == 0)
			rc = s->ops->finding(s, &f, NULL);
		/* The same item again, for a finding of another line. */
		if (rc == 0 && k % 4 == 0) {
			f.line++;
			rc = s->ops->finding(s, &f, NULL);
		}
	}
	if (rc == 0)
		rc = s->ops->end(s, &sum, NULL);
	free(long_title);
	free(items);
	return rc;
}

static void
test_many_items(void **state)
{
	(void)state;
	assert_as_jansson(run_many_items, NULL);
}

/* One finding and the summary at arg. */
static int
run_summary(ovp_sink *s, const ovp_report_meta *meta, void *arg)
{
	ovp_finding f;
	int rc;

	sample_finding(&f, OVP_RULE_UNPLANNED, OVP_SEV_ERROR, "deals.csv", 2, 0, "unplanned");
	rc = ovp_sink_begin(s, meta, NULL);
	if (rc == 0)
		rc = s->ops->finding(s, &f, NULL);
	if (rc == 0)
		rc = s->ops->end(s, (const ovp_summary *)arg, NULL);
	return rc;
}

/*
 * The summary, which the sink renders by hand, is what jansson dumps of
 * ovp_summary_to_json() in every shape: empty and full counts, amounts
 * of every shape (none, a currency unknown, negative zero, huge, not
 * finite and so left out), a reporting currency with and without a
 * total, one that needs escaping and one that is not UTF-8 (left out, as
 * jansson refuses it), and owners with and without a name, amounts,
 * totals and sign-offs.
 */
static void
test_summary(void **state)
{
	static const ovp_money none_money[1];
	static const ovp_money moneys[] = {
	        {"USD", 1500.5},      {"", 250.0},       {"EUR", -0.0},     {"SEK", 1e300},
	        {"GBP", (double)NAN}, {"NOK", HUGE_VAL}, {"a\"b", 0.125},
	};
	static const char *const currencies[] = {"", "EUR", "E\"\\R", "\xff\xfe"};
	static const double totals[] = {1234.567, (double)NAN, 0.0, -HUGE_VAL};
	ovp_owner_summary owners[4];
	ovp_summary sum;

	(void)state;
	memset(owners, 0, sizeof owners);
	owners[0].owner = "Ana";
	owners[0].deals = 3;
	owners[0].promises = 7;
	owners[0].deals_at_risk = 2;
	owners[0].by_severity[OVP_SEV_ERROR] = 4;
	owners[0].by_severity[OVP_SEV_WARNING] = 5;
	owners[0].value_at_risk = moneys;
	owners[0].ncurrencies = sizeof moneys / sizeof moneys[0];
	owners[0].has_total = true;
	owners[0].value_at_risk_total = 99.999;
	owners[0].needing_sign_off = 2;
	owners[0].signed_off = 1;
	owners[0].sign_off_known = true;
	owners[1].owner = "";
	owners[1].deals = 1;
	owners[1].value_at_risk = none_money;
	owners[2].owner = "Bj\xc3\xb6rn \"O'Brien\"\\\n\xff";
	owners[2].value_at_risk = moneys + 1;
	owners[2].ncurrencies = 1;
	owners[2].has_total = true;
	owners[2].value_at_risk_total = (double)NAN;
	owners[3].owner = "Zed";
	owners[3].deals = ULONG_MAX;
	owners[3].value_at_risk = moneys + 4;
	owners[3].ncurrencies = 2;
	for (size_t k = 0; k < 8; k++) {
		memset(&sum, 0, sizeof sum);
		if (k > 0) {
			sum.deals = 10;
			sum.promises = 17;
			sum.roadmap_items = 50000;
			sum.skipped = 2;
			sum.suppressed = 3;
			sum.findings = 12;
			sum.by_severity[OVP_SEV_ERROR] = 7;
			sum.by_severity[OVP_SEV_NOTE] = 1;
			sum.by_rule[OVP_RULE_UNPLANNED] = 6;
			sum.by_rule[OVP_RULE_LATE] = 1;
			sum.by_rule[OVP_RULE_FUZZY_MATCH] = k;
			memcpy(sum.value_at_risk, moneys, sizeof moneys);
			sum.ncurrencies = k % 2 == 0 ? sizeof moneys / sizeof moneys[0] : 1;
			sum.amounts = true;
			snprintf(sum.total_currency, sizeof sum.total_currency, "%s", currencies[k % 4]);
			sum.has_total = k % 3 != 2;
			sum.value_at_risk_total = totals[k / 2 % 4];
			sum.owners = k % 4 == 3 ? NULL : owners;
			sum.nowners = k % 4 == 3 ? 0 : 4 - k % 4;
		}
		assert_as_jansson(run_summary, &sum);
	}
}

/* A stream that cannot be written to makes the sink say so. */
static void
test_write_error(void **state)
{
	FILE *fp = fopen("/dev/null", "r");
	ovp_report_meta meta = sample_meta();
	ovp_sink *sink;
	ovp_error err;

	(void)state;
	assert_non_null(fp);
	assert_int_equal(ovp_sink_new(&sink, "json", fp, &err), 0);
	assert_int_equal(sample_run(sink, &meta, false), OVP_EIO);
	ovp_sink_free(sink);
	fclose(fp);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sample),
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_numbers),
		cmocka_unit_test(test_measures),
		cmocka_unit_test(test_similarity_repeats),
		cmocka_unit_test(test_candidates),
		cmocka_unit_test(test_overcommitted),
		cmocka_unit_test(test_overcommitted_many),
		cmocka_unit_test(test_escaping),
		cmocka_unit_test(test_promise_all_feature),
		cmocka_unit_test(test_fingerprints),
		cmocka_unit_test(test_escaping_random),
		cmocka_unit_test(test_recycled_records),
		cmocka_unit_test(test_announced_records),
		cmocka_unit_test(test_repeated_subjects),
		cmocka_unit_test(test_kept_objects),
		cmocka_unit_test(test_many_items),
		cmocka_unit_test(test_summary),
		cmocka_unit_test(test_write_error),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
