/*
 * The history of runs (src/run_history.c) and its trend table
 * (src/trend.c): the line a run appends, byte for byte; appending after
 * a line cut short and refusing a file that is no history; reading back
 * with lines cut short, of a later format or blank; and the trend in
 * every format, with changes in several currencies.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "scratch.h"

#include <overpromise/overpromise.h>
#include <overpromise/trend.h>

static char dir[] = "/tmp/ovp-history-XXXXXX";
static char path[64];

static int
setup(void **state)
{
	(void)state;
	if (scratch_mkdtemp(dir) == NULL)
		return -1;
	snprintf(path, sizeof path, "%s/history.jsonl", dir);
	return 0;
}

static void
write_text(const char *text)
{
	FILE *fp = fopen(path, "w");

	assert_non_null(fp);
	fputs(text, fp);
	assert_int_equal(fclose(fp), 0);
}

static char *
read_text(void)
{
	FILE *fp = fopen(path, "rb");
	char *buf = calloc(1, 65536);
	size_t n;

	assert_non_null(fp);
	assert_non_null(buf);
	n = fread(buf, 1, 65535, fp);
	buf[n] = '\0';
	fclose(fp);
	return buf;
}

static ovp_report_meta
meta_of(const char *as_of)
{
	ovp_report_meta m;
	int y, mo, d;

	memset(&m, 0, sizeof m);
	assert_int_equal(sscanf(as_of, "%d-%d-%d", &y, &mo, &d), 3);
	m.command = "check";
	m.as_of = ovp_day_from_ymd(y, mo, d);
	m.deals_path = "deals.csv";
	m.roadmap_path = "roadmap.csv";
	return m;
}

static ovp_summary
summary_of(unsigned long errors, double usd, double eur)
{
	ovp_summary s;

	memset(&s, 0, sizeof s);
	s.deals = 13;
	s.promises = 20;
	s.roadmap_items = 21;
	s.skipped = 1;
	s.by_severity[OVP_SEV_ERROR] = errors;
	s.by_severity[OVP_SEV_WARNING] = 9;
	s.by_severity[OVP_SEV_NOTE] = 3;
	s.by_rule[OVP_RULE_LATE] = errors;
	if (usd > 0) {
		strcpy(s.value_at_risk[s.ncurrencies].currency, "USD");
		s.value_at_risk[s.ncurrencies++].amount = usd;
	}
	if (eur > 0) {
		strcpy(s.value_at_risk[s.ncurrencies].currency, "EUR");
		s.value_at_risk[s.ncurrencies++].amount = eur;
	}
	return s;
}

/* The line of a run, member for member; owners when the deals name them. */
static void
test_line(void **state)
{
	ovp_report_meta m = meta_of("2026-11-26");
	ovp_summary s = summary_of(8, 1770000, 0);
	ovp_money dana[1] = {{"USD", 990000}};
	ovp_owner_summary owners[2] = {
		{"Dana", 4, 6, 2, {0, 0, 2, 3}, dana, 1, false, 0.0, 0, 0, false},
		{"", 1, 1, 0, {0, 1, 0, 0}, NULL, 0, false, 0.0, 0, 0, false},
	};
	char *line;

	(void)state;
	line = ovp_run_history_line(&m, &s);
	assert_string_equal(line,
	                    "{\"format\":\"overpromise-history/1\",\"tool\":{\"name\":\"overpromise\","
	                    "\"version\":\"0.1.0\"},\"as_of\":\"2026-11-26\",\"inputs\":{\"deals\":"
	                    "\"deals.csv\",\"roadmap\":\"roadmap.csv\"},\"deals\":13,\"promises\":20,"
	                    "\"roadmap_items\":21,\"by_severity\":{\"error\":8,\"warning\":9,\"note\":3},"
	                    "\"by_rule\":{\"OVP004\":8},\"value_at_risk\":[{\"currency\":\"USD\","
	                    "\"amount\":1770000.0}],\"value_at_risk_total\":null,\"skipped\":1,"
	                    "\"suppressed\":0,\"owners\":null}");
	free(line);
	s.owners = owners;
	s.nowners = 2;
	s.owners_omitted_deals = 7;
	line = ovp_run_history_line(&m, &s);
	assert_non_null(strstr(line, ",\"owners\":[{\"owner\":\"Dana\",\"deals\":4,\"promises\":6,"
	                             "\"by_severity\":{\"error\":3,\"warning\":2,\"note\":0},"
	                             "\"value_at_risk\":[{\"currency\":\"USD\",\"amount\":990000.0}]},"
	                             "{\"owner\":null,\"deals\":1,\"promises\":1,\"by_severity\":"
	                             "{\"error\":0,\"warning\":0,\"note\":1},\"value_at_risk\":[]}],"
	                             "\"owners_omitted_deals\":7}"));
	free(line);
}

/* Appending: created when absent, a line end after a line cut short, never to another file. */
static void
test_append(void **state)
{
	ovp_report_meta m = meta_of("2026-11-19");
	ovp_summary s = summary_of(8, 1770000, 0);
	ovp_error err = {0};
	char *text, *line = ovp_run_history_line(&m, &s);
	char want[4096];

	(void)state;
	unlink(path);
	assert_int_equal(ovp_run_history_append(path, &m, &s, &err), 0);
	assert_int_equal(ovp_run_history_append(path, &m, &s, &err), 0);
	text = read_text();
	snprintf(want, sizeof want, "%s\n%s\n", line, line);
	assert_string_equal(text, want);
	free(text);
	/* A crash cut the last line short: the next one starts on a line of its own. */
	write_text("{\"format\":\"overpromise-history/1\",\"tool\":{\"na");
	assert_int_equal(ovp_run_history_append(path, &m, &s, &err), 0);
	text = read_text();
	snprintf(want, sizeof want, "{\"format\":\"overpromise-history/1\",\"tool\":{\"na\n%s\n", line);
	assert_string_equal(text, want);
	free(text);
	/* Even one cut before its format was whole. */
	write_text("{\"form");
	assert_int_equal(ovp_run_history_append(path, &m, &s, &err), 0);
	free(read_text());
	/* Not a history: refused, the file as it was. */
	write_text("Name,Notes\nA,keep me\n");
	assert_int_equal(ovp_run_history_append(path, &m, &s, &err), OVP_EINPUT);
	assert_non_null(strstr(err.message, "history.jsonl:1: not a history of overpromise runs; no "
	                                    "run was added to it"));
	text = read_text();
	assert_string_equal(text, "Name,Notes\nA,keep me\n");
	free(text);
	free(line);
}

/* Reading: whole runs kept, every other line listed with why. */
static void
test_read(void **state)
{
	ovp_report_meta m1 = meta_of("2026-11-12"), m2 = meta_of("2026-11-19");
	ovp_summary s1 = summary_of(8, 1770000, 0), s2 = summary_of(9, 1500000, 48000);
	char *l1 = ovp_run_history_line(&m1, &s1);
	char *l2 = ovp_run_history_line(&m2, &s2);
	char text[8192];
	ovp_run_history *h = NULL;
	ovp_error err = {0};

	(void)state;
	snprintf(text, sizeof text,
	         "%s\r\n\n{\"format\":\"overpromise-history/1\",\"as_of\n"
	         "{\"format\":\"overpromise-history/2\",\"as_of\":\"2027-01-01\"}\n"
	         "{\"format\":\"overpromise-history/1\",\"as_of\":\"2026-13-01\"}\n%s\n[1]\n",
	         l1, l2);
	write_text(text);
	assert_int_equal(ovp_run_history_read(&h, path, false, &err), 0);
	assert_int_equal(h->nruns, 2);
	assert_int_equal(h->runs[0].line, 1);
	assert_int_equal(h->runs[0].as_of, m1.as_of);
	assert_int_equal(h->runs[0].by_severity[OVP_SEV_ERROR], 8);
	assert_string_equal(h->runs[0].deals_path, "deals.csv");
	assert_int_equal(h->runs[1].line, 6);
	assert_int_equal(h->runs[1].ncurrencies, 2);
	assert_string_equal(h->runs[1].value_at_risk[1].currency, "EUR");
	assert_true(h->runs[1].value_at_risk[1].amount == 48000.0);
	assert_int_equal(h->nskipped, 4);
	assert_int_equal(h->skipped[0].line, 3);
	assert_string_equal(h->skipped[0].message, "not a whole line of JSON (cut short by a crash?)");
	assert_int_equal(h->skipped[1].line, 4);
	assert_string_equal(h->skipped[1].message,
	                    "a run in a format this version does not read (written by a later "
	                    "version?)");
	assert_int_equal(h->skipped[2].line, 5);
	assert_string_equal(h->skipped[2].message, "a run without an as_of date (YYYY-MM-DD)");
	assert_int_equal(h->skipped[3].line, 7);
	ovp_run_history_free(h);

	/* A file that is no history at all; a missing one. */
	write_text("Name,Notes\n");
	assert_int_equal(ovp_run_history_read(&h, path, true, &err), OVP_EINPUT);
	assert_non_null(strstr(err.message, "history.jsonl:1: not a history of overpromise runs"));
	unlink(path);
	assert_int_equal(ovp_run_history_read(&h, path, false, &err), OVP_EIO);
	assert_int_equal(ovp_run_history_read(&h, path, true, &err), 0);
	assert_int_equal(h->nruns, 0);
	ovp_run_history_free(h);
	free(l1);
	free(l2);
}

static char *
trend(const char *format)
{
	ovp_run_history *h = NULL;
	ovp_error err = {0};
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);

	assert_non_null(fp);
	assert_int_equal(ovp_run_history_read(&h, path, false, &err), 0);
	assert_int_equal(ovp_trend_write(h, format, fp, &err), 0);
	assert_int_equal(fclose(fp), 0);
	ovp_run_history_free(h);
	return buf;
}

/* The trend of three runs: the change since the run before, per currency. */
static void
test_trend(void **state)
{
	ovp_report_meta m[3] = {meta_of("2026-11-12"), meta_of("2026-11-19"), meta_of("2026-11-26")};
	ovp_summary s[3] = {summary_of(8, 1770000, 0), summary_of(8, 1770000, 0),
	                    summary_of(6, 1500000, 48000)};
	ovp_error err = {0};
	char *out;

	(void)state;
	unlink(path);
	for (int i = 0; i < 3; i++)
		assert_int_equal(ovp_run_history_append(path, &m[i], &s[i], &err), 0);
	out = trend("text");
	assert_string_equal(out,
	                    "as of       deals  promises  errors  warnings  notes  value at risk        "
	                    "      change\n"
	                    "2026-11-12     13        20       8         9      3  USD 1,770,000\n"
	                    "2026-11-19     13        20       8         9      3  USD 1,770,000        "
	                    "      no change\n"
	                    "2026-11-26     13        20       6         9      3  USD 1,500,000; EUR "
	                    "48,000  errors -2; value at risk USD -270,000, EUR +48,000\n");
	free(out);
	out = trend("markdown");
	assert_string_equal(out,
	                    "| As of | Deals | Promises | Errors | Warnings | Notes | Value at risk | "
	                    "Change since the run before |\n"
	                    "|---|---:|---:|---:|---:|---:|---|---|\n"
	                    "| 2026-11-12 | 13 | 20 | 8 | 9 | 3 | USD 1,770,000 |  |\n"
	                    "| 2026-11-19 | 13 | 20 | 8 | 9 | 3 | USD 1,770,000 | no change |\n"
	                    "| 2026-11-26 | 13 | 20 | 6 | 9 | 3 | USD 1,500,000; EUR 48,000 | errors -2; "
	                    "value at risk USD -270,000, EUR +48,000 |\n");
	free(out);
	out = trend("csv");
	assert_string_equal(out,
	                    "as_of,deals,promises,roadmap_items,errors,warnings,notes,value_at_risk USD,"
	                    "value_at_risk EUR,errors_change,value_at_risk USD change,value_at_risk EUR "
	                    "change\n"
	                    "2026-11-12,13,20,21,8,9,3,1770000,,,,\n"
	                    "2026-11-19,13,20,21,8,9,3,1770000,,0,0,0\n"
	                    "2026-11-26,13,20,21,6,9,3,1500000,48000,'-2,'-270000,48000\n");
	free(out);
	out = trend("json");
	assert_non_null(strstr(out, "\"change\": {\n        \"deals\": 0,\n        \"promises\": 0,\n"
	                            "        \"by_severity\": {\n          \"error\": -2,"));
	assert_non_null(strstr(out, "\"value_at_risk\": [\n          {\n            \"currency\": "
	                            "\"USD\",\n            \"amount\": -270000.0\n          },\n"
	                            "          {\n            \"currency\": \"EUR\",\n            "
	                            "\"amount\": 48000.0\n          }\n        ]"));
	free(out);
	{
		ovp_run_history *h = NULL;

		assert_int_equal(ovp_run_history_read(&h, path, false, &err), 0);
		assert_int_equal(ovp_trend_write(h, "sarif", stdout, &err), OVP_EUSAGE);
		ovp_run_history_free(h);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_line),
		cmocka_unit_test(test_append),
		cmocka_unit_test(test_read),
		cmocka_unit_test(test_trend),
	};

	return cmocka_run_group_tests(tests, setup, scratch_teardown);
}
