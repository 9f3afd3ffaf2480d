/*
 * overpromise diff (src/diff.c, src/report_reader.c): what makes a pair
 * of findings worse or better (severity, an OVP004's days late by 7, a
 * p_late by 0.10, never an OVP005 growing more overdue), pairing by
 * fingerprint with repeats, items that slipped and their deals, the value
 * at risk per currency, --fail-on, and the reading of reports: JSON
 * documents and JSON lines, format versions, and files that are not
 * reports of overpromise.  Reports are written by hand into a scratch
 * directory so that each case says exactly what it is about.
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

static char dir[] = "/tmp/ovp-diff-XXXXXX";
static char old_path[64], new_path[64];

static int
setup(void **state)
{
	(void)state;
	if (scratch_mkdtemp(dir) == NULL)
		return -1;
	snprintf(old_path, sizeof old_path, "%s/old.json", dir);
	snprintf(new_path, sizeof new_path, "%s/new.json", dir);
	return 0;
}

static void
write_text(const char *path, const char *text)
{
	FILE *fp = fopen(path, "w");

	assert_non_null(fp);
	assert_int_equal(fputs(text, fp) >= 0, 1);
	assert_int_equal(fclose(fp), 0);
}

/* A finding as check writes it, with what a case varies. */
static char *
finding(const char *rule, const char *sev, const char *fp, const char *days_late,
        const char *p_late, const char *item, const char *deal)
{
	char *s = malloc(2048);

	assert_non_null(s);
	snprintf(s, 2048,
	         "{\"rule\": \"%s\", \"name\": \"x\", \"severity\": \"%s\", \"message\": \"m %s\", "
	         "\"fingerprint\": \"%s\", \"suppressed\": false, \"location\": {\"file\": "
	         "\"deals.csv\", \"line\": 2}, \"deal\": %s, \"promise\": null, \"item\": %s, "
	         "\"days_late\": %s, \"p_late\": %s, \"similarity\": null}",
	         rule, sev, fp, fp, deal != NULL ? deal : "null", item != NULL ? item : "null",
	         days_late, p_late);
	return s;
}

/* A report of the findings (n of them, freed here) with a summary of value at risk var. */
static void
report(const char *path, char **fs, size_t n, const char *var)
{
	char *text = malloc(65536);
	size_t off;

	assert_non_null(text);
	off = (size_t)snprintf(text, 65536,
	                       "{\n  \"tool\": {\"name\": \"overpromise\", \"version\": \"0.1.0\"},\n"
	                       "  \"as_of\": \"2026-11-26\",\n  \"inputs\": {\"deals\": "
	                       "\"deals.csv\", \"roadmap\": \"roadmap.csv\"},\n  \"findings\": [");
	for (size_t i = 0; i < n; i++) {
		off += (size_t)snprintf(text + off, 65536 - off, "%s\n    %s", i ? "," : "", fs[i]);
		free(fs[i]);
	}
	snprintf(text + off, 65536 - off,
	         "\n  ],\n  \"summary\": {\"deals\": 1, \"value_at_risk\": %s}\n}\n", var);
	write_text(path, text);
	free(text);
}

#define FP(c) c c c c c c c c c c c c c c c c c c c c c c c c c c c c c c c c

/* The counts of comparing one finding with another. */
static ovp_diff_counts
compare_one(char *before, char *after)
{
	ovp_diff *d = NULL;
	ovp_error err = {0};
	ovp_diff_counts c;

	report(old_path, &before, 1, "[]");
	report(new_path, &after, 1, "[]");
	assert_int_equal(ovp_diff_run(&d, old_path, new_path, &err), 0);
	ovp_diff_get_counts(d, &c);
	ovp_diff_free(d);
	return c;
}

static void
assert_counts(ovp_diff_counts c, unsigned long added, unsigned long resolved, unsigned long worse,
              unsigned long better, unsigned long unchanged)
{
	assert_int_equal(c.added, added);
	assert_int_equal(c.resolved, resolved);
	assert_int_equal(c.worse, worse);
	assert_int_equal(c.better, better);
	assert_int_equal(c.unchanged, unchanged);
}

static void
test_worse_and_better(void **state)
{
	(void)state;
	/* OVP004: 7 more days late is worse, 6 is not; 7 fewer is better. */
	assert_counts(compare_one(finding("OVP004", "error", FP("a"), "75", "null", NULL, NULL),
	                          finding("OVP004", "error", FP("a"), "82", "null", NULL, NULL)),
	              0, 0, 1, 0, 0);
	assert_counts(compare_one(finding("OVP004", "error", FP("a"), "75", "null", NULL, NULL),
	                          finding("OVP004", "error", FP("a"), "81", "null", NULL, NULL)),
	              0, 0, 0, 0, 1);
	assert_counts(compare_one(finding("OVP004", "error", FP("a"), "75", "null", NULL, NULL),
	                          finding("OVP004", "error", FP("a"), "68", "null", NULL, NULL)),
	              0, 0, 0, 1, 0);
	/* OVP005 grows more overdue every day: neither worse nor better. */
	assert_counts(compare_one(finding("OVP005", "error", FP("b"), "18", "null", NULL, NULL),
	                          finding("OVP005", "error", FP("b"), "60", "null", NULL, NULL)),
	              0, 0, 0, 0, 1);
	/* p_late: up 0.10 is worse, up 0.099 is not, down 0.10 is better. */
	assert_counts(compare_one(finding("OVP006", "warning", FP("c"), "null", "0.4", NULL, NULL),
	                          finding("OVP006", "warning", FP("c"), "null", "0.5", NULL, NULL)),
	              0, 0, 1, 0, 0);
	assert_counts(compare_one(finding("OVP006", "warning", FP("c"), "null", "0.4", NULL, NULL),
	                          finding("OVP006", "warning", FP("c"), "null", "0.499", NULL, NULL)),
	              0, 0, 0, 0, 1);
	assert_counts(compare_one(finding("OVP006", "warning", FP("c"), "null", "0.56", NULL, NULL),
	                          finding("OVP006", "warning", FP("c"), "null", "0.46", NULL, NULL)),
	              0, 0, 0, 1, 0);
	/* The severity decides first: up is worse even with fewer days late. */
	assert_counts(compare_one(finding("OVP010", "note", FP("d"), "null", "null", NULL, NULL),
	                          finding("OVP010", "warning", FP("d"), "null", "null", NULL, NULL)),
	              0, 0, 1, 0, 0);
	assert_counts(compare_one(finding("OVP004", "error", FP("e"), "75", "null", NULL, NULL),
	                          finding("OVP004", "warning", FP("e"), "90", "null", NULL, NULL)),
	              0, 0, 0, 1, 0);
	/* Different fingerprints: one new, one resolved. */
	assert_counts(compare_one(finding("OVP004", "error", FP("a"), "75", "null", NULL, NULL),
	                          finding("OVP004", "error", FP("f"), "75", "null", NULL, NULL)),
	              1, 1, 0, 0, 0);
}

/* The k-th finding of a fingerprint in OLD pairs with the k-th in NEW. */
static void
test_repeated_fingerprints(void **state)
{
	char *old[2] = {finding("OVP004", "error", FP("a"), "10", "null", NULL, NULL),
	                finding("OVP004", "error", FP("a"), "20", "null", NULL, NULL)};
	char *now[3] = {finding("OVP004", "error", FP("a"), "10", "null", NULL, NULL),
	                finding("OVP004", "error", FP("a"), "40", "null", NULL, NULL),
	                finding("OVP004", "error", FP("a"), "20", "null", NULL, NULL)};
	ovp_diff *d = NULL;
	ovp_error err = {0};
	ovp_diff_counts c;

	(void)state;
	report(old_path, old, 2, "[]");
	report(new_path, now, 3, "[]");
	assert_int_equal(ovp_diff_run(&d, old_path, new_path, &err), 0);
	ovp_diff_get_counts(d, &c);
	/* 10 with 10, 20 with 40 (worse), and the third is new. */
	assert_counts(c, 1, 0, 1, 0, 1);
	ovp_diff_free(d);
	report(old_path, (char *[]){finding("OVP004", "error", FP("a"), "10", "null", NULL, NULL),
	                            finding("OVP004", "error", FP("a"), "10", "null", NULL, NULL)},
	       2, "[]");
	report(new_path, (char *[]){finding("OVP004", "error", FP("a"), "10", "null", NULL, NULL)}, 1,
	       "[]");
	assert_int_equal(ovp_diff_run(&d, old_path, new_path, &err), 0);
	ovp_diff_get_counts(d, &c);
	assert_counts(c, 0, 1, 0, 0, 1);
	ovp_diff_free(d);
}

/* The comparison as text, into a new string. */
static char *
as_text(ovp_diff *d, const char *format)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);
	ovp_error err = {0};

	assert_non_null(fp);
	assert_int_equal(ovp_diff_write(d, format, false, fp, &err), 0);
	assert_int_equal(fclose(fp), 0);
	return buf;
}

/*
 * An item named in both reports whose planned date moved later has
 * slipped, with the deals of NEW's findings on it; one moved earlier, or
 * to no date, has not.  The value at risk is compared per currency.
 */
static void
test_slipped_and_value_at_risk(void **state)
{
	static const char *const acme = "{\"id\": \"006A\", \"name\": \"ACME\"}";
	static const char *const globex = "{\"id\": \"006G\", \"name\": \"Globex\"}";
	ovp_diff *d = NULL;
	ovp_error err = {0};
	ovp_diff_counts c;
	char *text;

	(void)state;
	report(old_path,
	       (char *[]){finding("OVP004", "error", FP("a"), "10", "null",
	                          "{\"id\": \"P-1\", \"title\": \"SSO\", \"planned\": \"2027-03-31\"}",
	                          acme),
	                  finding("OVP006", "warning", FP("b"), "null", "0.3",
	                          "{\"id\": \"P-2\", \"title\": \"SCIM\", \"planned\": \"2027-03-31\"}",
	                          acme),
	                  finding("OVP006", "warning", FP("c"), "null", "0.3",
	                          "{\"id\": null, \"title\": \"Dark mode\", \"planned\": \"2027-01-31\"}",
	                          acme)},
	       3,
	       "[{\"currency\": \"USD\", \"amount\": 1000.0}, {\"currency\": null, \"amount\": 5.0}]");
	report(new_path,
	       (char *[]){finding("OVP004", "error", FP("a"), "40", "null",
	                          "{\"id\": \"P-1\", \"title\": \"SSO\", \"planned\": \"2027-04-30\"}",
	                          acme),
	                  finding("OVP004", "error", FP("d"), "10", "null",
	                          "{\"id\": \"P-1\", \"title\": \"SSO\", \"planned\": \"2027-04-30\"}",
	                          globex),
	                  finding("OVP006", "warning", FP("e"), "null", "0.3",
	                          "{\"id\": \"P-1\", \"title\": \"SSO\", \"planned\": \"2027-04-30\"}",
	                          globex),
	                  finding("OVP006", "warning", FP("b"), "null", "0.3",
	                          "{\"id\": \"P-2\", \"title\": \"SCIM\", \"planned\": \"2027-02-28\"}",
	                          acme),
	                  finding("OVP006", "warning", FP("c"), "null", "0.3",
	                          "{\"id\": null, \"title\": \"Dark mode\", \"planned\": \"2027-02-01\"}",
	                          NULL)},
	       5, "[{\"currency\": \"EUR\", \"amount\": 7.5}, {\"currency\": \"USD\", \"amount\": 250.0}]");
	assert_int_equal(ovp_diff_run(&d, old_path, new_path, &err), 0);
	ovp_diff_get_counts(d, &c);
	assert_counts(c, 2, 0, 1, 0, 2);
	assert_int_equal(c.slipped, 2);
	text = as_text(d, "text");
	assert_non_null(strstr(text, "Slipped (2)\n"
	                             "  P-1 \"SSO\": 2027-03-31 -> 2027-04-30 (30 days later); 2 "
	                             "deals: ACME and Globex\n"
	                             "  Dark mode: 2027-01-31 -> 2027-02-01 (1 day later)\n"));
	assert_non_null(strstr(text, "Value at risk: EUR 0 -> EUR 7.50 (EUR +7.50); USD 1,000 -> "
	                             "USD 250 (USD -750); 5 -> 0 (-5)\n"
	                             "2 new, 1 worse, 0 resolved, 0 better, 2 unchanged; 2 items "
	                             "slipped\n"));
	free(text);
	ovp_diff_free(d);
}

/* --fail-on: new or worse at or above the level, never suppressed, never for "never". */
static void
test_fails(void **state)
{
	ovp_diff *d = NULL;
	ovp_error err = {0};
	char *sup;

	(void)state;
	report(old_path, (char *[]){finding("OVP006", "warning", FP("a"), "null", "0.3", NULL, NULL)},
	       1, "[]");
	report(new_path,
	       (char *[]){finding("OVP006", "warning", FP("a"), "null", "0.3", NULL, NULL),
	                  finding("OVP010", "note", FP("b"), "null", "null", NULL, NULL)},
	       2, "[]");
	assert_int_equal(ovp_diff_run(&d, old_path, new_path, &err), 0);
	assert_false(ovp_diff_fails(d, OVP_SEV_ERROR));
	assert_false(ovp_diff_fails(d, OVP_SEV_WARNING));
	assert_true(ovp_diff_fails(d, OVP_SEV_NOTE));
	assert_false(ovp_diff_fails(d, OVP_SEV_OFF));
	ovp_diff_free(d);
	/* A new error in the baseline does not fail. */
	sup = finding("OVP001", "error", FP("c"), "null", "null", NULL, NULL);
	memcpy(strstr(sup, "false,"), "true, ", 6);
	report(new_path, (char *[]){finding("OVP006", "warning", FP("a"), "null", "0.3", NULL, NULL), sup},
	       2, "[]");
	assert_int_equal(ovp_diff_run(&d, old_path, new_path, &err), 0);
	assert_false(ovp_diff_fails(d, OVP_SEV_NOTE));
	ovp_diff_free(d);
	/* A worse one does. */
	report(new_path, (char *[]){finding("OVP006", "error", FP("a"), "null", "0.3", NULL, NULL)}, 1,
	       "[]");
	assert_int_equal(ovp_diff_run(&d, old_path, new_path, &err), 0);
	assert_true(ovp_diff_fails(d, OVP_SEV_ERROR));
	ovp_diff_free(d);
}

/* Run a diff of OLD text and NEW text; returns its code, with err. */
static int
run_texts(const char *old, const char *now, ovp_error *err, ovp_diff_counts *c)
{
	ovp_diff *d = NULL;
	int rc;

	write_text(old_path, old);
	write_text(new_path, now);
	memset(err, 0, sizeof *err);
	rc = ovp_diff_run(&d, old_path, new_path, err);
	if (rc == 0 && c != NULL)
		ovp_diff_get_counts(d, c);
	ovp_diff_free(d);
	return rc;
}

/* JSON lines: a line with "rule" is a finding, one with "summary" the summary. */
static void
test_json_lines(void **state)
{
	static const char doc[] =
	        "{\"tool\": {\"name\": \"overpromise\"}, \"findings\": [{\"rule\": \"OVP001\", "
	        "\"severity\": \"error\", \"fingerprint\": \"" FP("a") "\", \"message\": \"m\"}], "
	        "\"summary\": {\"value_at_risk\": []}}";
	static const char lines[] =
	        "{\"tool\": {\"name\": \"overpromise\"}, \"as_of\": \"2026-11-26\"}\n"
	        "{\"rule\": \"OVP001\", \"severity\": \"error\", \"fingerprint\": \"" FP("a") "\"}\n"
	        "\n"
	        "{\"rule\": \"OVP002\", \"severity\": \"error\", \"fingerprint\": \"" FP("b") "\"}\n"
	        "{\"summary\": {\"value_at_risk\": []}}\n";
	ovp_error err;
	ovp_diff_counts c;

	(void)state;
	assert_int_equal(run_texts(doc, lines, &err, &c), 0);
	assert_counts(c, 1, 0, 0, 0, 1);
	/* Lines without a head, the format on the summary line. */
	assert_int_equal(
	        run_texts("{\"rule\": \"OVP001\", \"severity\": \"error\", \"fingerprint\": \"" FP("a")
	                  "\"}\n{\"summary\": {}, \"format\": \"overpromise-report/2\"}\n",
	                  "{\"format\": \"overpromise-report/2\", \"tool\": {\"name\": "
	                  "\"overpromise\"}, \"findings\": [], \"summary\": {}}",
	                  &err, &c),
	        0);
	assert_counts(c, 0, 1, 0, 0, 0);
	/* No summary line: cut short. */
	assert_int_equal(run_texts(doc, "{\"rule\": \"OVP001\", \"severity\": \"error\", "
	                                "\"fingerprint\": \"" FP("a") "\"}\n",
	                           &err, NULL),
	                 OVP_EINPUT);
	assert_non_null(strstr(err.message, "new.json: not a whole report of overpromise check or "
	                                    "deal: it has no \"summary\" (cut short?)"));
	/* A line of another tool. */
	assert_int_equal(run_texts(doc, "{\"tool\": {\"name\": \"ruff\"}}\n{\"summary\": {}}\n", &err,
	                           NULL),
	                 OVP_EINPUT);
	assert_non_null(strstr(err.message, "its \"tool\" is not overpromise"));
	/* Two formats in one report. */
	assert_int_equal(run_texts(doc, "{\"format\": \"overpromise-report/2\"}\n{\"summary\": {}, "
	                                "\"format\": \"overpromise-report/3\"}\n",
	                           &err, NULL),
	                 OVP_EINPUT);
	assert_non_null(strstr(err.message, "new.json:2: the report gives two different formats"));
}

/* Files that are not reports of overpromise, and formats: exit status 2 material. */
static void
test_not_reports(void **state)
{
	static const char ok[] = "{\"tool\": {\"name\": \"overpromise\"}, \"findings\": [], "
	                         "\"summary\": {}}\n";
	static const struct {
		const char *text, *message;
	} cases[] = {
		{"", "not a report of overpromise check or deal: the file is empty"},
		{"Opportunity ID,Amount\n", ":1: not a report of overpromise check or deal: expected a "
		                            "JSON object"},
		{"[1, 2]", ":1: not a report of overpromise check or deal: expected a JSON object"},
		{"{\"tool\": {\"name\": \"overpromise\"}, \"findings\": []}",
		 "it has no \"summary\" (cut short?)"},
		{"{\"findings\": [], \"summary\": {}}", "its \"tool\" is not overpromise"},
		{"{\"tool\": {\"name\": \"overpromise\"}, \"findings\": [{\"rule\": \"OVP001\", "
		 "\"severity\": \"error\"}], \"summary\": {}}",
		 ":1: not a report of overpromise check or deal: finding 1 has no fingerprint of 32 hex "
		 "digits"},
		{"{\"tool\": {\"name\": \"overpromise\"}, \"findings\": [{\"rule\": \"X1\", "
		 "\"severity\": \"error\"}], \"summary\": {}}",
		 "finding 1 has no rule ID"},
		{"{\"tool\": {\"name\": \"overpromise\"}, \"findings\": [{\"rule\": \"OVP001\", "
		 "\"severity\": \"fatal\", \"fingerprint\": \"" FP("a") "\"}], \"summary\": {}}",
		 "finding 1 has no severity (error, warning or note)"},
		{"{\"tool\": {\"name\": \"overpromise\"},\n \"findings\": [\n{\"rule\": \"OVP0",
		 ":3: not a report of overpromise check or deal: the file ends inside a value (cut "
		 "short?)"},
		{"{\"tool\": {\"name\": \"overpromise\"}, \"findings\": [], \"summary\": {}} {}",
		 "more JSON after the report"},
		{"{\"tool\": {\"name\": \"overpromise\"}, \"findings\": [], \"summary\": {}, "
		 "\"format\": \"overpromise-report/9\"}",
		 "a report in format \"overpromise-report/9\", which this version of overpromise does "
		 "not read (it reads formats 1 and 2)"},
		{"{\"tool\": {\"name\": \"overpromise\"}, \"findings\": [], \"summary\": {}, "
		 "\"format\": \"sarif\"}",
		 "its \"format\" is not \"overpromise-report/N\""},
		{"{\"tool\": {\"name\": \"overpromise\"}, \"findings\": [{\"rule\": \"OVP001\" "
		 "\"severity\": 1}], \"summary\": {}}",
		 ":1: not a report of overpromise check or deal: "},
	};
	ovp_error err;

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		int rc = run_texts(ok, cases[i].text, &err, NULL);

		if (rc != OVP_EINPUT || strstr(err.message, cases[i].message) == NULL)
			fail_msg("case %zu: %d \"%s\", expected \"%s\"", i, rc, err.message,
			         cases[i].message);
	}
	/* Two reports of different formats. */
	assert_int_equal(run_texts(ok, "{\"format\": \"overpromise-report/2\", \"tool\": {\"name\": "
	                               "\"overpromise\"}, \"findings\": [], \"summary\": {}}",
	                           &err, NULL),
	                 OVP_EINPUT);
	assert_non_null(strstr(err.message, "old.json is a report of format 1 and "));
	assert_non_null(strstr(err.message, "new.json one of format 2: compare two reports written "
	                                    "by the same version of overpromise"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_worse_and_better),
		cmocka_unit_test(test_repeated_fingerprints),
		cmocka_unit_test(test_slipped_and_value_at_risk),
		cmocka_unit_test(test_fails),
		cmocka_unit_test(test_json_lines),
		cmocka_unit_test(test_not_reports),
	};

	return cmocka_run_group_tests(tests, setup, scratch_teardown);
}
