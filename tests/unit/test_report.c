/*
 * The machine report formats (csv, markdown, sarif, junit, github,
 * gitlab), driven through ovp_sink_new() like the engine drives them.
 * Each format writes the sample report of tests/report/samples.h, with
 * and without findings, and the whole output is compared with the golden
 * files under tests/data/report/ (OVP_UPDATE_GOLDEN=1 rewrites them for
 * a person to review with git diff).  Targeted tests then pin down what
 * a golden file shows only in passing: formula injection in CSV, the
 * escaping of workflow commands, SARIF URIs, XML that stays well formed
 * whatever the input, Markdown cells that stay cells, reports bigger
 * than the in-memory spool, and write errors.
 */
/* realpath(), symlink() and PATH_MAX are XSI; the project asks only for POSIX. */
#define _XOPEN_SOURCE 700

#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "scratch.h"
#include <jansson.h>

#include <overpromise/overpromise.h>

#include "src/report/report_impl.h"
#include "../report/samples.h"

/* ---- helpers ---- */

typedef struct output {
	char *data;
	size_t len;
} output;

/* Run fn's report through the sink of format into memory; asserts that no call failed. */
static output
render_with(const char *format, int (*fn)(ovp_sink *, const ovp_report_meta *, void *),
            const ovp_report_meta *meta, void *arg)
{
	output o = {NULL, 0};
	FILE *fp = open_memstream(&o.data, &o.len);
	ovp_sink *sink;
	ovp_error err;

	assert_non_null(fp);
	assert_int_equal(ovp_sink_new(&sink, format, fp, &err), 0);
	assert_int_equal(fn(sink, meta, arg), 0);
	ovp_sink_free(sink);
	assert_int_equal(fclose(fp), 0);
	return o;
}

static int
run_sample(ovp_sink *s, const ovp_report_meta *meta, void *arg)
{
	return sample_run(s, meta, *(const bool *)arg);
}

static output
render_sample(const char *format, bool empty)
{
	ovp_report_meta meta = sample_meta();

	return render_with(format, run_sample, &meta, &empty);
}

/* A report of the given findings, with an empty summary. */
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
	for (size_t i = 0; i < fs->n && rc == 0; i++) {
		/* Each deal announced before its findings, as the engine does. */
		if (s->ops->deal != NULL && fs->f[i].deal != NULL &&
		    (i == 0 || fs->f[i - 1].deal != fs->f[i].deal))
			rc = s->ops->deal(s, fs->f[i].deal, NULL);
		if (rc == 0)
			rc = s->ops->finding(s, &fs->f[i], NULL);
	}
	if (rc == 0)
		rc = s->ops->end(s, &sum, NULL);
	return rc;
}

static output
render_findings_meta(const char *format, const ovp_finding *f, size_t n,
                     const ovp_report_meta *meta)
{
	findings fs = {f, n};

	return render_with(format, run_findings, meta, &fs);
}

static output
render_findings(const char *format, const ovp_finding *f, size_t n)
{
	ovp_report_meta meta = sample_meta();

	return render_findings_meta(format, f, n, &meta);
}

/*
 * Write the library's version as "@VERSION@" wherever it stands as a
 * quoted string, so that a release does not touch the golden files.
 */
static void
mask_version(output *out)
{
	const char *mask = "\"@VERSION@\"";
	char quoted[64];
	size_t ql, ml = strlen(mask), w = 0;
	char *masked;

	snprintf(quoted, sizeof quoted, "\"%s\"", ovp_version());
	ql = strlen(quoted);
	masked = malloc(out->len + (out->len / ql + 1) * ml + 1);
	assert_non_null(masked);
	for (size_t i = 0; i < out->len;) {
		if (i + ql <= out->len && memcmp(out->data + i, quoted, ql) == 0) {
			memcpy(masked + w, mask, ml);
			w += ml;
			i += ql;
		} else {
			masked[w++] = out->data[i++];
		}
	}
	masked[w] = '\0';
	free(out->data);
	out->data = masked;
	out->len = w;
}

/* Compare out (its version masked) with the golden file data/report/name byte for byte. */
static void
check_golden(output *out, const char *name)
{
	char path[256];
	FILE *fp;
	char *want;
	long size;
	size_t line = 1, at = SIZE_MAX;

	snprintf(path, sizeof path, "data/report/%s", name);
	mask_version(out);
	if (getenv("OVP_UPDATE_GOLDEN") != NULL && strcmp(getenv("OVP_UPDATE_GOLDEN"), "1") == 0) {
		fp = fopen(path, "wb");
		assert_non_null(fp);
		assert_int_equal(fwrite(out->data, 1, out->len, fp), out->len);
		assert_int_equal(fclose(fp), 0);
		return;
	}
	fp = fopen(path, "rb");
	if (fp == NULL)
		fail_msg("%s: missing golden file", path);
	assert_int_equal(fseek(fp, 0, SEEK_END), 0);
	size = ftell(fp);
	assert_true(size >= 0);
	rewind(fp);
	want = malloc((size_t)size + 1);
	assert_non_null(want);
	assert_int_equal(fread(want, 1, (size_t)size, fp), (size_t)size);
	fclose(fp);
	for (size_t i = 0; i < out->len && i < (size_t)size && at == SIZE_MAX; i++) {
		if (out->data[i] != want[i])
			at = i;
		else if (want[i] == '\n')
			line++;
	}
	free(want);
	if (at != SIZE_MAX)
		fail_msg("%s: differs at line %zu (byte %zu)", path, line, at);
	if (out->len != (size_t)size)
		fail_msg("%s: %zu bytes written, %ld expected", path, out->len, size);
}

static size_t
count(const char *hay, size_t len, const char *needle)
{
	size_t n = 0, nl = strlen(needle);

	for (size_t i = 0; i + nl <= len; i++)
		if (memcmp(hay + i, needle, nl) == 0)
			n++;
	return n;
}

/* True when the len bytes at s are valid UTF-8 (with ovp_utf8_next's rules). */
static bool
valid_utf8(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;

	for (size_t i = 0; i < len;) {
		size_t n = p[i] < 0x80 ? 1 : p[i] >= 0xF0 ? 4 : p[i] >= 0xE0 ? 3 : 2;

		if (p[i] >= 0x80 && (p[i] < 0xC2 || p[i] > 0xF4 || i + n > len))
			return false;
		for (size_t k = 1; k < n; k++)
			if ((p[i + k] & 0xC0) != 0x80)
				return false;
		i += n;
	}
	return true;
}

static void
finding_at(ovp_finding *f, ovp_rule_id rule, ovp_severity sev, const char *file, long line,
           const char *message)
{
	memset(f, 0, sizeof *f);
	f->rule = rule;
	f->severity = sev;
	f->file = file;
	f->line = line;
	f->message = message;
	memcpy(f->fingerprint, "0123456789abcdef0123456789abcdef", OVP_FINGERPRINT_SIZE);
}

/* ---- golden files: every format, with and without findings ---- */

#define GOLDEN(fmt, ext)                                      \
	static void test_##fmt##_sample(void **state)             \
	{                                                         \
		output o = render_sample(#fmt, false);                \
		(void)state;                                          \
		check_golden(&o, "sample." ext);                      \
		assert_true(valid_utf8(o.data, o.len));               \
		free(o.data);                                         \
	}                                                         \
	static void test_##fmt##_empty(void **state)              \
	{                                                         \
		output o = render_sample(#fmt, true);                 \
		(void)state;                                          \
		check_golden(&o, "empty." ext);                       \
		free(o.data);                                         \
	}

GOLDEN(csv, "csv")
GOLDEN(markdown, "md")
GOLDEN(sarif, "sarif")
GOLDEN(junit, "junit.xml")
GOLDEN(github, "github.txt")
GOLDEN(gitlab, "gitlab.json")

/* ---- an empty report is a valid document of its format ---- */

static void
test_empty_documents(void **state)
{
	output o;
	json_t *doc;
	json_error_t jerr;

	(void)state;
	o = render_sample("csv", true);
	assert_string_equal(o.data, "rule,name,severity,file,line,deal_id,deal_name,account,amount,"
	                            "currency,owner,close,feature,due,item_id,item_title,planned,"
	                            "suggested_date,days_late,p_late,similarity,suppressed,"
	                            "fingerprint,message\n");
	free(o.data);

	/* Only the notice with the counts. */
	o = render_sample("github", true);
	assert_string_equal(o.data, "::notice title=overpromise::0 errors, 0 warnings, 0 notes. "
	                            "GitHub shows at most 10 error and 10 warning annotations per "
	                            "step; the findings past that are in this log but not shown as "
	                            "annotations (--format sarif gives them all to code scanning)\n");
	free(o.data);

	o = render_sample("gitlab", true);
	assert_string_equal(o.data, "[]\n");
	free(o.data);

	o = render_sample("markdown", true);
	assert_non_null(strstr(o.data, "\nNo findings.\n"));
	assert_null(strstr(o.data, "| Severity |"));
	free(o.data);

	o = render_sample("sarif", true);
	doc = json_loadb(o.data, o.len, 0, &jerr);
	assert_non_null(doc);
	assert_int_equal(json_array_size(json_object_get(
	                     json_array_get(json_object_get(doc, "runs"), 0), "results")),
	                 0);
	assert_true(json_is_array(json_object_get(json_array_get(json_object_get(doc, "runs"), 0),
	                                          "results")));
	json_decref(doc);
	free(o.data);

	o = render_sample("junit", true);
	assert_non_null(strstr(o.data, "<testsuite name=\"overpromise\" tests=\"1\" failures=\"0\" "
	                               "errors=\"0\" skipped=\"0\">"));
	assert_non_null(strstr(o.data, "<testcase classname=\"overpromise\" "
	                               "name=\"overpromise check\"/>"));
	assert_int_equal(count(o.data, o.len, "<testcase "), 1);
	free(o.data);
}

/* ---- csv ---- */

static void
test_csv_formula_injection(void **state)
{
	ovp_deal d;
	ovp_finding f;
	output o;

	(void)state;
	memset(&d, 0, sizeof d);
	d.close = OVP_WINDOW_NONE;
	d.id = "@SUM(1+1)";
	d.name = "\tTab first";
	d.account = "\rCR first";
	d.currency = "";
	d.stage = "";
	d.amount = -12.5;
	d.has_amount = true;
	finding_at(&f, OVP_RULE_NO_SIGN_OFF, OVP_SEV_WARNING, "-deals.csv", 3, "a=b, +c");
	f.deal = &d;
	f.has_days_late = true;
	f.days_late = -4;
	o = render_findings("csv", &f, 1);
	/* Every cell that starts a formula gets a quote, numbers included;
	 * "a=b, +c" starts with none of them and stays as it is (quoted for its comma). */
	assert_string_equal(strchr(o.data, '\n') + 1,
	                    "OVP011,no-sign-off,warning,'-deals.csv,3,'@SUM(1+1),'\tTab first,"
	                    "\"'\rCR first\",'-12.5,,,,,,,,,,'-4,,,false,"
	                    "0123456789abcdef0123456789abcdef,\"a=b, +c\"\n");
	free(o.data);
}

static void
test_csv_quoting(void **state)
{
	ovp_finding f;
	output o;

	(void)state;
	finding_at(&f, OVP_RULE_DATA_QUALITY, OVP_SEV_WARNING, "my deals.csv", 9,
	           "say \"hi\"\nthen\r\nbye, ok \xc3");
	o = render_findings("csv", &f, 1);
	assert_string_equal(strchr(o.data, '\n') + 1,
	                    "OVP201,data-quality,warning,my deals.csv,9,,,,,,,,,,,,,,,,,false,"
	                    "0123456789abcdef0123456789abcdef,"
	                    "\"say \"\"hi\"\"\nthen\r\nbye, ok \xef\xbf\xbd\"\n");
	free(o.data);
}

/* ---- github ---- */

static void
test_github_escaping(void **state)
{
	ovp_finding f[4];
	output o;

	(void)state;
	finding_at(&f[0], OVP_RULE_LATE, OVP_SEV_ERROR, "dir:x,y%.csv", 3,
	           "a%b\r\nc:d,e::f %0A");
	finding_at(&f[1], OVP_RULE_FUZZY_MATCH, OVP_SEV_NOTE, "deals.csv", 4, "note");
	finding_at(&f[2], OVP_RULE_PROTOTYPE, OVP_SEV_WARNING, "deals.csv", 5, "in baseline");
	f[2].suppressed = true;
	finding_at(&f[3], OVP_RULE_DATA_QUALITY, OVP_SEV_WARNING, "deals.csv", 0, "whole file");
	o = render_findings("github", f, 4);
	assert_string_equal(o.data,
	                    "::error file=dir%3Ax%2Cy%25.csv,line=3,title=OVP004 late::"
	                    "a%25b%0D%0Ac:d,e::f %250A\n"
	                    "::notice file=deals.csv,line=4,title=OVP009 fuzzy-match::note\n"
	                    "::warning file=deals.csv,title=OVP201 data-quality::whole file\n"
	                    "::notice title=overpromise::0 errors, 0 warnings, 0 notes. GitHub "
	                    "shows at most 10 error and 10 warning annotations per step; the "
	                    "findings past that are in this log but not shown as annotations "
	                    "(--format sarif gives them all to code scanning)\n");
	free(o.data);
}

/* ---- gitlab ---- */

static void
test_gitlab_issues(void **state)
{
	output o = render_sample("gitlab", false);
	json_error_t jerr;
	json_t *doc = json_loadb(o.data, o.len, 0, &jerr);
	static const char *const severity[] = {"major", "critical", "major", "critical",
	                                       "major", "major",    "major"};
	static const char *const check[] = {"OVP201", "OVP004", "OVP006", "OVP001",
	                                    "OVP010", "OVP201", "OVP101"};

	(void)state;
	assert_non_null(doc);
	/* The two findings in the baseline are left out. */
	assert_int_equal(json_array_size(doc), SAMPLE_FINDINGS - SAMPLE_SUPPRESSED);
	for (size_t i = 0; i < json_array_size(doc); i++) {
		json_t *issue = json_array_get(doc, i);

		assert_string_equal(json_string_value(json_object_get(issue, "severity")), severity[i]);
		assert_string_equal(json_string_value(json_object_get(issue, "check_name")), check[i]);
		assert_int_equal(json_object_size(issue), 5);
	}
	assert_string_equal(
	        json_string_value(json_object_get(
	                json_object_get(json_array_get(doc, 3), "location"), "path")),
	        "deals.csv");
	json_decref(doc);
	free(o.data);
}

/* ---- sarif ---- */

static json_t *
sarif_run(const output *o, json_t **doc)
{
	json_error_t jerr;

	*doc = json_loadb(o->data, o->len, 0, &jerr);
	if (*doc == NULL)
		fail_msg("SARIF is not JSON: line %d: %s", jerr.line, jerr.text);
	return json_array_get(json_object_get(*doc, "runs"), 0);
}

static void
test_sarif_results(void **state)
{
	output o = render_sample("sarif", false);
	json_t *doc, *run = sarif_run(&o, &doc);
	json_t *rules = json_object_get(json_object_get(json_object_get(run, "tool"), "driver"),
	                                "rules");
	json_t *results = json_object_get(run, "results");

	(void)state;
	assert_string_equal(json_string_value(json_object_get(doc, "version")), "2.1.0");
	assert_int_equal(json_array_size(rules), OVP_RULE_COUNT);
	for (int i = 0; i < OVP_RULE_COUNT; i++) {
		const ovp_rule *r = ovp_rule_get((ovp_rule_id)i);
		json_t *rj = json_array_get(rules, (size_t)i);

		assert_string_equal(json_string_value(json_object_get(rj, "id")), r->code);
		assert_string_equal(json_string_value(json_object_get(
		                            json_object_get(rj, "fullDescription"), "text")),
		                    r->rationale);
	}
	assert_int_equal(json_array_size(results), SAMPLE_FINDINGS);
	for (size_t i = 0; i < json_array_size(results); i++) {
		json_t *res = json_array_get(results, i);
		json_int_t idx = json_integer_value(json_object_get(res, "ruleIndex"));

		assert_string_equal(json_string_value(json_object_get(res, "ruleId")),
		                    json_string_value(json_object_get(json_array_get(rules, (size_t)idx),
		                                                      "id")));
		/* Findings 3 and 6 of the sample are in the baseline. */
		assert_int_equal(json_object_get(res, "suppressions") != NULL, i == 3 || i == 6);
	}
	assert_string_equal(json_string_value(json_object_get(json_array_get(results, 6), "level")),
	                    "note");
	assert_string_equal(
	        json_string_value(json_object_get(
	                json_object_get(json_object_get(json_array_get(results, 4), "properties"),
	                                "deal"),
	                "account")),
	        "+Evil | Corp, <script>alert(1)</script>");
	/* A finding without deal, promise or item has no properties at all. */
	assert_null(json_object_get(json_array_get(results, 0), "properties"));
	assert_string_equal(
	        json_string_value(json_object_get(
	                json_object_get(json_object_get(run, "properties"), "inputs"), "deals")),
	        "deals.csv");
	json_decref(doc);
	free(o.data);
}

/* The physicalLocation of result i of run. */
static json_t *
physical(json_t *run, size_t i)
{
	json_t *res = json_array_get(json_object_get(run, "results"), i);
	json_t *loc = json_array_get(json_object_get(res, "locations"), 0);

	return json_object_get(loc, "physicalLocation");
}

static void
test_sarif_uris(void **state)
{
	ovp_finding f[3];
	output o;
	json_t *doc, *run, *a;

	(void)state;
	finding_at(&f[0], OVP_RULE_LATE, OVP_SEV_ERROR, "/tmp/x y/deals#1.csv", 3, "abs");
	finding_at(&f[1], OVP_RULE_LATE, OVP_SEV_ERROR, "exports/q&a/d\xc3\xa9.csv", 4, "rel");
	finding_at(&f[2], OVP_RULE_DATA_QUALITY, OVP_SEV_WARNING, "deals.csv", 0, "whole file");
	o = render_findings("sarif", f, 3);
	run = sarif_run(&o, &doc);

	a = json_object_get(physical(run, 0), "artifactLocation");
	assert_string_equal(json_string_value(json_object_get(a, "uri")),
	                    "file:///tmp/x%20y/deals%231.csv");
	assert_null(json_object_get(a, "uriBaseId"));
	a = json_object_get(physical(run, 1), "artifactLocation");
	assert_string_equal(json_string_value(json_object_get(a, "uri")),
	                    "exports/q%26a/d%C3%A9.csv");
	assert_string_equal(json_string_value(json_object_get(a, "uriBaseId")), "%SRCROOT%");
	/* No line, no region: SARIF lines start at 1. */
	assert_non_null(json_object_get(physical(run, 1), "region"));
	assert_null(json_object_get(physical(run, 2), "region"));
	/* Without a source root given, none is written. */
	assert_null(json_object_get(run, "originalUriBaseIds"));
	json_decref(doc);
	free(o.data);
}

/* The URI of the i-th result, and whether it is relative to %SRCROOT%. */
static const char *
result_uri(json_t *run, size_t i, bool *relative)
{
	json_t *a = json_object_get(physical(run, i), "artifactLocation");
	const char *base = json_string_value(json_object_get(a, "uriBaseId"));

	*relative = base != NULL && strcmp(base, "%SRCROOT%") == 0;
	return json_string_value(json_object_get(a, "uri"));
}

/*
 * With a source root: a path under it is relative to it however it was
 * written (absolute, "./", "../", through a symbolic link), one outside
 * keeps a file:// URI; standard input and typed deals get placeholders.
 */
static void
test_sarif_srcroot(void **state)
{
	char dir[] = "/tmp/ovp-sarif-XXXXXX", real[64], link[64], root[PATH_MAX + 1];
	char via_link[128], outside[128], dotted[128], want_base[PATH_MAX + 16];
	ovp_report_meta meta = sample_meta();
	ovp_finding f[6];
	json_t *doc, *run;
	bool rel;
	output o;

	(void)state;
	assert_non_null(scratch_mkdtemp(dir));
	snprintf(real, sizeof real, "%s/real", dir);
	snprintf(link, sizeof link, "%s/link", dir);
	assert_int_equal(mkdir(real, 0700), 0);
	assert_int_equal(symlink(real, link), 0);
	assert_non_null(realpath(real, root));
	snprintf(via_link, sizeof via_link, "%s/deals.csv", link);
	snprintf(dotted, sizeof dotted, "%s/./sub/../roadmap.csv", real);
	snprintf(outside, sizeof outside, "%s/elsewhere.csv", dir);
	finding_at(&f[0], OVP_RULE_LATE, OVP_SEV_ERROR, via_link, 3, "through the link");
	finding_at(&f[1], OVP_RULE_LATE, OVP_SEV_ERROR, dotted, 4, "dotted");
	finding_at(&f[2], OVP_RULE_LATE, OVP_SEV_ERROR, outside, 5, "outside");
	finding_at(&f[3], OVP_RULE_LATE, OVP_SEV_ERROR, "<stdin>", 6, "standard input");
	finding_at(&f[4], OVP_RULE_LATE, OVP_SEV_ERROR, "<deal>", 1, "typed");
	finding_at(&f[5], OVP_RULE_LATE, OVP_SEV_ERROR, via_link, 7, "again");
	meta.srcroot = root;
	o = render_findings_meta("sarif", f, 6, &meta);
	run = sarif_run(&o, &doc);

	assert_string_equal(result_uri(run, 0, &rel), "deals.csv");
	assert_true(rel);
	assert_string_equal(result_uri(run, 1, &rel), "roadmap.csv");
	assert_true(rel);
	assert_non_null(strstr(result_uri(run, 2, &rel), "file:///tmp/"));
	assert_non_null(strstr(result_uri(run, 2, &rel), "/elsewhere.csv"));
	assert_false(rel);
	assert_string_equal(result_uri(run, 3, &rel), "urn:overpromise:stdin");
	assert_false(rel);
	assert_string_equal(result_uri(run, 4, &rel), "urn:overpromise:deal");
	assert_false(rel);
	assert_string_equal(result_uri(run, 5, &rel), "deals.csv");
	assert_true(rel);
	snprintf(want_base, sizeof want_base, "file://%s/", root);
	assert_string_equal(json_string_value(json_object_get(
	                        json_object_get(json_object_get(run, "originalUriBaseIds"),
	                                        "%SRCROOT%"),
	                        "uri")),
	                    want_base);
	/* The stable fingerprint is what GitHub tracks the alert by. */
	assert_string_equal(
	        json_string_value(json_object_get(
	                json_object_get(json_array_get(json_object_get(run, "results"), 0),
	                                "partialFingerprints"),
	                "primaryLocationLineHash")),
	        f[0].fingerprint);
	json_decref(doc);
	free(o.data);

	/* The root of the file system as the source root: every path is under it. */
	meta.srcroot = "/";
	o = render_findings_meta("sarif", &f[2], 1, &meta);
	run = sarif_run(&o, &doc);
	assert_int_equal(strncmp(result_uri(run, 0, &rel), "tmp/", 4), 0);
	assert_true(rel);
	json_decref(doc);
	free(o.data);

	assert_int_equal(unlink(link), 0);
	assert_int_equal(rmdir(real), 0);
	assert_int_equal(rmdir(dir), 0);
}

/* ---- junit ---- */

static void
test_junit_well_formed(void **state)
{
	output o = render_sample("junit", false);
	const unsigned char *p = (const unsigned char *)o.data;

	(void)state;
	/* Three deals (two failing: errors), the roadmap's and the deals file's data quality,
	 * and the portfolio. */
	assert_non_null(strstr(o.data, "<testsuite name=\"overpromise\" tests=\"6\" failures=\"2\" "
	                               "errors=\"0\" skipped=\"0\">"));
	assert_int_equal(count(o.data, o.len, "<testcase "), 6);
	assert_int_equal(count(o.data, o.len, "<failure "), 2);
	assert_int_equal(count(o.data, o.len, "</testcase>"), 6);
	assert_int_equal(count(o.data, o.len, "<system-out>"), 6);
	/* The markup of the input never reaches the document as markup. */
	assert_null(strstr(o.data, "<script>"));
	assert_non_null(strstr(o.data, "&lt;script&gt;alert(1)&lt;/script&gt;"));
	/* Only the characters XML 1.0 allows: no control character but tab and LF. */
	for (size_t i = 0; i < o.len; i++)
		if (p[i] < 0x20 && p[i] != '\t' && p[i] != '\n')
			fail_msg("control character 0x%02x at byte %zu", p[i], i);
	assert_true(valid_utf8(o.data, o.len));
	free(o.data);
}

/* Two deals, a roadmap problem and two portfolio findings, for the JUnit tests. */
typedef struct junit_case_data {
	ovp_deal d1, d2;
	ovp_finding f[6];
} junit_case_data;

static void
junit_case_data_init(junit_case_data *c)
{
	memset(&c->d1, 0, sizeof c->d1);
	c->d1.id = "D-1";
	c->d1.name = "";
	c->d1.account = "";
	c->d1.currency = c->d1.stage = "";
	c->d1.line = 2;
	c->d1.close = OVP_WINDOW_NONE;
	c->d2 = c->d1;
	c->d2.id = "D-2";
	c->d2.line = 3;
	finding_at(&c->f[0], OVP_RULE_UNPLANNED, OVP_SEV_ERROR, "deals.csv", 2, "one");
	c->f[0].deal = &c->d1;
	finding_at(&c->f[1], OVP_RULE_UNDATED, OVP_SEV_NOTE, "deals.csv", 2, "two");
	c->f[1].deal = &c->d1;
	finding_at(&c->f[2], OVP_RULE_UNPLANNED, OVP_SEV_ERROR, "deals.csv", 3, "three");
	c->f[2].deal = &c->d2;
	c->f[2].suppressed = true;
	finding_at(&c->f[3], OVP_RULE_DATA_QUALITY, OVP_SEV_WARNING, "roadmap.csv", 9, "four\x02");
	finding_at(&c->f[4], OVP_RULE_CONCENTRATION, OVP_SEV_WARNING, "roadmap.csv", 4, "five");
	finding_at(&c->f[5], OVP_RULE_CONCENTRATION, OVP_SEV_ERROR, "roadmap.csv", 7, "six");
}

/*
 * A case per deal; a failure only at or above --fail-on (error), the
 * rest and the baseline in <system-out>; the roadmap's data quality and
 * the portfolio in cases of their own.
 */
static void
test_junit_cases(void **state)
{
	junit_case_data c;
	output o;

	(void)state;
	junit_case_data_init(&c);
	o = render_findings("junit", c.f, 6);
	assert_string_equal(strstr(o.data, "    </properties>\n") + strlen("    </properties>\n"),
	                    "    <testcase classname=\"deals\" name=\"D-1\">\n"
	                    "      <failure message=\"OVP001 unplanned: one\" type=\"OVP001\">"
	                    "error OVP001 unplanned at deals.csv:2\none\ndeal: D-1\n"
	                    "fingerprint: 0123456789abcdef0123456789abcdef</failure>\n"
	                    "      <system-out>note OVP010 undated: two (deals.csv:2)\n"
	                    "</system-out>\n"
	                    "    </testcase>\n"
	                    "    <testcase classname=\"deals\" name=\"D-2\">\n"
	                    "      <system-out>in the baseline: OVP001 unplanned: three "
	                    "(deals.csv:3)\n</system-out>\n"
	                    "    </testcase>\n"
	                    "    <testcase classname=\"roadmap\" name=\"data quality of roadmap.csv\">\n"
	                    "      <system-out>warning OVP201 data-quality: four\xef\xbf\xbd "
	                    "(roadmap.csv:9)\n</system-out>\n"
	                    "    </testcase>\n"
	                    "    <testcase classname=\"roadmap\" name=\"portfolio\">\n"
	                    "      <failure message=\"OVP101 concentration: six\" type=\"OVP101\">"
	                    "error OVP101 concentration at roadmap.csv:7\nsix\n"
	                    "fingerprint: 0123456789abcdef0123456789abcdef</failure>\n"
	                    "      <system-out>warning OVP101 concentration: five (roadmap.csv:4)\n"
	                    "</system-out>\n"
	                    "    </testcase>\n"
	                    "  </testsuite>\n"
	                    "</testsuites>\n");
	assert_non_null(strstr(o.data, "<testsuites name=\"overpromise\" tests=\"4\" failures=\"2\" "
	                               "errors=\"0\">"));
	free(o.data);
}

/* --fail-on decides what fails: note fails every finding out of the baseline, never none. */
static void
test_junit_fail_on(void **state)
{
	ovp_report_meta meta = sample_meta();
	junit_case_data c;
	output o;

	(void)state;
	junit_case_data_init(&c);
	meta.fail_on = OVP_SEV_NOTE;
	o = render_findings_meta("junit", c.f, 6, &meta);
	assert_non_null(strstr(o.data, "<testsuites name=\"overpromise\" tests=\"4\" failures=\"3\" "));
	assert_int_equal(count(o.data, o.len, "<failure "), 5);
	assert_int_equal(count(o.data, o.len, "<system-out>"), 1);
	assert_non_null(strstr(o.data, "<system-out>in the baseline: OVP001"));
	free(o.data);

	meta.fail_on = OVP_SEV_OFF;
	o = render_findings_meta("junit", c.f, 6, &meta);
	assert_non_null(strstr(o.data, "<testsuites name=\"overpromise\" tests=\"4\" failures=\"0\" "));
	assert_int_equal(count(o.data, o.len, "<failure "), 0);
	assert_int_equal(count(o.data, o.len, "<system-out>"), 4);
	free(o.data);
}

/* A deal without findings passes; an empty report still holds one test case. */
static void
test_junit_passing_deals(void **state)
{
	ovp_report_meta meta = sample_meta();
	ovp_summary sum;
	ovp_deal d;
	ovp_sink *sink;
	ovp_error err;
	output o = {NULL, 0};
	FILE *fp = open_memstream(&o.data, &o.len);

	(void)state;
	memset(&sum, 0, sizeof sum);
	memset(&d, 0, sizeof d);
	d.close = OVP_WINDOW_NONE;
	d.id = "0065-9";
	d.name = "Clean & simple";
	d.account = "Initech";
	d.currency = d.stage = "";
	d.line = 4;
	assert_non_null(fp);
	assert_int_equal(ovp_sink_new(&sink, "junit", fp, &err), 0);
	assert_int_equal(ovp_sink_begin(sink, &meta, NULL), 0);
	assert_int_equal(sink->ops->deal(sink, &d, NULL), 0);
	d.name = "";
	d.line = 5;
	assert_int_equal(sink->ops->deal(sink, &d, NULL), 0);
	assert_int_equal(sink->ops->end(sink, &sum, NULL), 0);
	ovp_sink_free(sink);
	assert_int_equal(fclose(fp), 0);
	assert_string_equal(strstr(o.data, "    </properties>\n") + strlen("    </properties>\n"),
	                    "    <testcase classname=\"Initech\" name=\"Clean &amp; simple\"/>\n"
	                    "    <testcase classname=\"Initech\" name=\"0065-9\"/>\n"
	                    "  </testsuite>\n"
	                    "</testsuites>\n");
	assert_non_null(strstr(o.data, "tests=\"2\" failures=\"0\""));
	free(o.data);

	o = render_findings("junit", NULL, 0);
	assert_non_null(strstr(o.data, "<testcase classname=\"overpromise\" name=\"overpromise "
	                               "check\"/>"));
	assert_non_null(strstr(o.data, "tests=\"1\" failures=\"0\""));
	free(o.data);
}

/* A case's system-out is bounded: past a megabyte its lines are counted, not listed. */
static void
test_junit_system_out_bounded(void **state)
{
	enum { N = 20000 };
	static char message[120];
	ovp_finding *f = calloc(N, sizeof *f);
	ovp_deal d;
	output o;
	char *tail;

	(void)state;
	assert_non_null(f);
	memset(&d, 0, sizeof d);
	d.close = OVP_WINDOW_NONE;
	d.id = "D-1";
	d.name = d.account = d.currency = d.stage = "";
	d.line = 2;
	memset(message, 'x', sizeof message - 1);
	for (size_t i = 0; i < N; i++) {
		finding_at(&f[i], OVP_RULE_UNDATED, OVP_SEV_NOTE, "deals.csv", 2, message);
		f[i].deal = &d;
	}
	o = render_findings("junit", f, N);
	assert_true(o.len > ((size_t)1 << 20) / 2 && o.len < ((size_t)1 << 20) + 4096);
	tail = strstr(o.data, " more not listed here: see the full report)\n</system-out>");
	assert_non_null(tail);
	assert_int_equal(count(o.data, o.len, "note OVP010 undated") +
	                     strtol(strrchr(o.data, '(') + 1, NULL, 10),
	                 N);
	free(o.data);
	free(f);
}

/* ---- markdown ---- */

/* The number of '|' in a line that are not escaped by a backslash. */
static int
cell_bars(const char *line, size_t len)
{
	int n = 0;

	for (size_t i = 0; i < len; i++) {
		if (line[i] == '\\') {
			i++;
			continue;
		}
		if (line[i] == '|')
			n++;
	}
	return n;
}

static void
test_markdown_cells(void **state)
{
	output o = render_sample("markdown", false);
	const char *table = strstr(o.data, "| Severity |");
	size_t rows = 0;

	(void)state;
	assert_non_null(table);
	/* Every row of the findings table has its eight cells, whatever the text in them. */
	for (const char *p = table; *p != '\0';) {
		const char *nl = strchr(p, '\n');

		assert_non_null(nl);
		assert_int_equal(cell_bars(p, (size_t)(nl - p)), 9);
		rows++;
		p = nl + 1;
	}
	assert_int_equal(rows, 2 + SAMPLE_FINDINGS);
	assert_null(strstr(o.data, "<script>"));
	assert_non_null(strstr(o.data, "| warning (in the baseline) | OVP011 no-sign-off |"));
	free(o.data);
}

static void
test_markdown_escaping(void **state)
{
	ovp_deal d;
	ovp_promise p;
	ovp_finding f;
	output o;
	const char *row;

	(void)state;
	memset(&d, 0, sizeof d);
	d.close = OVP_WINDOW_NONE;
	d.id = "";
	d.name = "A|B *C*";
	d.account = d.currency = d.stage = "";
	memset(&p, 0, sizeof p);
	p.text = p.feature = "x\r\ny\rz\n";
	p.due = OVP_WINDOW_NONE;
	finding_at(&f, OVP_RULE_UNPLANNED, OVP_SEV_ERROR, "d_1.csv", 2,
	           "<b>&</b> `x` [y] ~z~ $m$ \\ _u_\t#");
	f.deal = &d;
	f.promise = &p;
	o = render_findings("markdown", &f, 1);
	row = strstr(o.data, "| error |");
	assert_non_null(row);
	assert_string_equal(row, "| error | OVP001 unplanned | d\\_1.csv:2 | A\\|B \\*C\\* |  |  | "
	                         "x<br>y<br>z<br> | &lt;b&gt;&amp;&lt;/b&gt; \\`x\\` \\[y\\] "
	                         "\\~z\\~ \\$m\\$ \\\\ \\_u\\_ # |\n");
	free(o.data);
}

/* ---- reports bigger than the in-memory spool ---- */

#define MANY 4000

static void
test_spool_spills_to_file(void **state)
{
	static const char *const formats[] = {"junit", "markdown"};
	ovp_finding *f = calloc(MANY, sizeof *f);
	ovp_deal *d = calloc(MANY, sizeof *d);
	char message[400];

	(void)state;
	assert_non_null(f);
	assert_non_null(d);
	memset(message, 'm', sizeof message - 1);
	message[sizeof message - 1] = '\0';
	for (size_t i = 0; i < MANY; i++) {
		d[i].id = "D";
		d[i].name = "Deal";
		d[i].account = d[i].currency = d[i].stage = "";
		d[i].line = (long)i + 2;
		finding_at(&f[i], OVP_RULE_UNPLANNED, OVP_SEV_ERROR, "deals.csv", (long)i + 2, message);
		f[i].deal = &d[i];
	}
	for (size_t k = 0; k < 2; k++) {
		output o = render_findings(formats[k], f, MANY);

		/* Well past the 1 MiB kept in memory, and nothing lost on the way. */
		assert_true(o.len > ((size_t)3 << 19));
		if (k == 0) {
			assert_non_null(strstr(o.data, "tests=\"4000\" failures=\"4000\""));
			assert_int_equal(count(o.data, o.len, "<failure "), MANY);
			assert_int_equal(count(o.data, o.len, "</testcase>"), MANY);
			const char *tail = "  </testsuite>\n</testsuites>\n";

			assert_string_equal(o.data + o.len - strlen(tail), tail);
		} else {
			assert_int_equal(count(o.data, o.len, "| error | OVP001 unplanned |"), MANY);
			assert_non_null(strstr(o.data, "| deals.csv:4001 | Deal |"));
		}
		free(o.data);
	}
	free(f);
	free(d);
}

/* ---- the registry and errors ---- */

static void
test_registry(void **state)
{
	static const char *const want[] = {"text",  "json",   "jsonl",  "csv", "markdown",
	                                   "sarif", "junit",  "github", "gitlab", "html"};
	const char *const *names = ovp_sink_formats();
	ovp_sink *sink = (ovp_sink *)1;
	ovp_error err;
	size_t n = 0;

	(void)state;
	while (names[n] != NULL) {
		assert_true(n < 10);
		assert_string_equal(names[n], want[n]);
		assert_int_equal(ovp_sink_new(&sink, names[n], stdout, &err), 0);
		assert_string_equal(sink->ops->name, names[n]);
		ovp_sink_free(sink);
		n++;
	}
	assert_int_equal(n, 10);
	assert_int_equal(ovp_sink_new(&sink, "xml", stdout, &err), OVP_EUSAGE);
	assert_null(sink);
	assert_string_equal(err.message, "unknown format \"xml\" (expected one of: text, json, jsonl, "
	                                 "csv, markdown, sarif, junit, github, gitlab, html)");
}

static void
test_write_errors(void **state)
{
	static const char *const formats[] = {"csv",    "markdown", "sarif", "junit",
	                                      "github", "gitlab",   "jsonl"};

	(void)state;
	for (size_t i = 0; i < sizeof formats / sizeof formats[0]; i++) {
		FILE *fp = fopen("/dev/null", "r");
		ovp_report_meta meta = sample_meta();
		ovp_sink *sink;
		ovp_error err;

		assert_non_null(fp);
		assert_int_equal(ovp_sink_new(&sink, formats[i], fp, &err), 0);
		sink->name = "out/report";
		/* A stream that cannot be written to: some call must say so, naming the report. */
		if (sample_run_err(sink, &meta, false, &err) != OVP_EIO)
			fail_msg("%s: a failed write was not reported", formats[i]);
		assert_int_equal(err.code, OVP_EIO);
		assert_string_equal(err.message, "out/report: cannot write the report: Bad file descriptor");
		ovp_sink_free(sink);
		fclose(fp);
	}
}

/*
 * A report on several roadmap files names them all: JSON and SARIF as a
 * list, JUnit as one property each, Markdown in its header line; and a
 * finding located in any of them is a roadmap case of JUnit.
 */
static void
test_several_roadmaps(void **state)
{
	const char *const roadmaps[] = {"team-a.csv", "team-b.csv"};
	ovp_report_meta meta = sample_meta();
	ovp_finding f;
	ovp_problem p = {4, "team-b.csv", "Key", "PLAT-1", "id \"PLAT-1\" is also the id of ..."};
	findings fs = {&f, 1};
	output o;
	json_t *root;

	(void)state;
	meta.roadmap_path = roadmaps[0];
	meta.roadmap_paths = roadmaps;
	meta.nroadmap_paths = 2;
	sample_finding(&f, OVP_RULE_DATA_QUALITY, OVP_SEV_WARNING, "team-b.csv", 4, 1, "m");
	f.problem = &p;

	o = render_with("json", run_findings, &meta, &fs);
	root = json_loadb(o.data, o.len, 0, NULL);
	assert_non_null(root);
	assert_int_equal(json_array_size(json_object_get(json_object_get(root, "inputs"), "roadmap")),
	                 2);
	assert_string_equal(json_string_value(json_array_get(
	                        json_object_get(json_object_get(root, "inputs"), "roadmap"), 1)),
	                    "team-b.csv");
	json_decref(root);
	free(o.data);

	o = render_with("sarif", run_findings, &meta, &fs);
	assert_non_null(strstr(o.data, "\"roadmap\": [\n"));
	free(o.data);

	o = render_with("junit", run_findings, &meta, &fs);
	assert_non_null(strstr(o.data, "<property name=\"roadmap\" value=\"team-a.csv\"/>\n"
	                               "      <property name=\"roadmap\" value=\"team-b.csv\"/>"));
	assert_non_null(strstr(o.data, "<testcase classname=\"roadmap\" name=\"data quality of "
	                               "team-b.csv\""));
	free(o.data);

	o = render_with("markdown", run_findings, &meta, &fs);
	assert_non_null(strstr(o.data, "roadmap: team-a.csv, team-b.csv\n"));
	free(o.data);

	/* One file: a string, as before. */
	meta.roadmap_paths = NULL;
	meta.nroadmap_paths = 0;
	o = render_with("json", run_findings, &meta, &fs);
	assert_non_null(strstr(o.data, "\"roadmap\": \"team-a.csv\""));
	free(o.data);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_csv_sample),
		cmocka_unit_test(test_csv_empty),
		cmocka_unit_test(test_markdown_sample),
		cmocka_unit_test(test_markdown_empty),
		cmocka_unit_test(test_sarif_sample),
		cmocka_unit_test(test_sarif_empty),
		cmocka_unit_test(test_junit_sample),
		cmocka_unit_test(test_junit_empty),
		cmocka_unit_test(test_github_sample),
		cmocka_unit_test(test_github_empty),
		cmocka_unit_test(test_gitlab_sample),
		cmocka_unit_test(test_gitlab_empty),
		cmocka_unit_test(test_empty_documents),
		cmocka_unit_test(test_csv_formula_injection),
		cmocka_unit_test(test_csv_quoting),
		cmocka_unit_test(test_github_escaping),
		cmocka_unit_test(test_gitlab_issues),
		cmocka_unit_test(test_sarif_results),
		cmocka_unit_test(test_sarif_uris),
		cmocka_unit_test_teardown(test_sarif_srcroot, scratch_teardown),
		cmocka_unit_test(test_junit_well_formed),
		cmocka_unit_test(test_junit_cases),
		cmocka_unit_test(test_junit_fail_on),
		cmocka_unit_test(test_junit_passing_deals),
		cmocka_unit_test(test_junit_system_out_bounded),
		cmocka_unit_test(test_several_roadmaps),
		cmocka_unit_test(test_markdown_cells),
		cmocka_unit_test(test_markdown_escaping),
		cmocka_unit_test(test_spool_spills_to_file),
		cmocka_unit_test(test_registry),
		cmocka_unit_test(test_write_errors),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
