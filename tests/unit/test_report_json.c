/*
 * The JSON report (SPEC 7.1).  The sink writes each finding straight
 * into a buffer instead of building a jansson tree, and promises to
 * write exactly what jansson would dump for the whole document: so every
 * test renders a report through the sink, builds the same document with
 * ovp_finding_to_json() and ovp_summary_to_json(), dumps it with jansson
 * and compares the two byte for byte.  The sample report of
 * tests/report/samples.h brings quotes, control characters, line breaks
 * and a byte that is not UTF-8; further tests bring numbers of every
 * shape, the candidates of an ambiguous match, and a failing stream.
 */
#include <float.h>
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

#include "src/report_impl.h"
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
twin_begin(ovp_sink *s, const ovp_report_meta *meta)
{
	twin *t = (twin *)s;
	json_t *tool = json_object(), *inputs = json_object();
	char day[OVP_DATE_ISO_SIZE];

	json_object_set_new(tool, "name", json_string("overpromise"));
	json_object_set_new(tool, "version", json_string(ovp_version()));
	json_object_set_new(inputs, "deals", json_string(meta->deals_path));
	json_object_set_new(inputs, "roadmap", json_string(meta->roadmap_path));
	json_object_set_new(t->doc, "tool", tool);
	json_object_set_new(t->doc, "as_of", json_string(ovp_day_format(meta->as_of, day)));
	json_object_set_new(t->doc, "inputs", inputs);
	json_object_set(t->doc, "findings", t->findings);
	return t->json->ops->begin(t->json, meta);
}

static int
twin_finding(ovp_sink *s, const ovp_finding *f)
{
	twin *t = (twin *)s;
	json_t *o = ovp_finding_to_json(f);

	assert_non_null(o);
	json_array_append_new(t->findings, o);
	return t->json->ops->finding(t->json, f);
}

static int
twin_end(ovp_sink *s, const ovp_summary *sum)
{
	twin *t = (twin *)s;

	json_object_set_new(t->doc, "summary", ovp_summary_to_json(sum));
	return t->json->ops->end(t->json, sum);
}

static const ovp_sink_ops twin_ops = {
	.name = "twin",
	.begin = twin_begin,
	.finding = twin_finding,
	.explain = NULL,
	.end = twin_end,
	.destroy = NULL,
};

typedef int (*report_fn)(ovp_sink *s, const ovp_report_meta *meta, void *arg);

/* Render fn's report through the JSON sink and assert that jansson dumps the same document. */
static void
assert_as_jansson(report_fn fn, void *arg)
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
	assert_int_equal(ovp_sink_new(&t.json, "json", fp, &err), 0);
	assert_int_equal(fn(&t.base, &meta, arg), 0);
	ovp_sink_free(t.json);
	assert_int_equal(fclose(fp), 0);

	want = json_dumps(t.doc, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(15));
	assert_non_null(want);
	assert_int_equal(len, strlen(want) + 1);
	assert_memory_equal(got, want, strlen(want));
	assert_int_equal(got[len - 1], '\n');
	free(want);
	free(got);
	json_decref(t.findings);
	json_decref(t.doc);
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
	rc = s->ops->begin(s, meta);
	for (size_t i = 0; i < fs->n && rc == 0; i++)
		rc = s->ops->finding(s, &fs->f[i]);
	if (rc == 0)
		rc = s->ops->end(s, &sum);
	return rc;
}

static ovp_deal
a_deal(double amount)
{
	ovp_deal d;

	memset(&d, 0, sizeof d);
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
		cmocka_unit_test(test_candidates),
		cmocka_unit_test(test_escaping),
		cmocka_unit_test(test_write_error),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
