/*
 * Unit tests of the promise-cell grammar (SPEC 2.4, "Promise cells").
 * Each cell is split from a buffer of exactly its length; every part is
 * checked field by field, and its pointers must lie inside the cell.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <overpromise/date.h>
#include <overpromise/deals.h>

#define MAX_PARTS 16
#define FIELD 256

/* What one promise should split into; date NULL for none. */
typedef struct expect {
	const char *text;
	const char *feature;
	const char *date;
	const char *start; /* window, when date is set */
	const char *end;
	bool bad_date;
} expect;

typedef struct got {
	char text[FIELD], feature[FIELD], date[FIELD];
	bool has_date, bad_date;
	ovp_window due;
} got;

typedef struct collect {
	const char *cell;
	size_t len;
	size_t n;
	size_t stop_after; /* return 7 after this many parts, 0 never */
	got parts[MAX_PARTS];
} collect;

static void
copy_field(char dst[FIELD], const collect *c, const char *p, size_t n)
{
	if (p < c->cell || p + n > c->cell + c->len)
		fail_msg("a part points outside the cell \"%.*s\"", (int)c->len, c->cell);
	assert_true(n < FIELD);
	memcpy(dst, p, n);
	dst[n] = '\0';
}

static int
on_part(void *arg, const ovp_promise_part *part)
{
	collect *c = arg;
	got *g;

	assert_true(c->n < MAX_PARTS);
	g = &c->parts[c->n++];
	copy_field(g->text, c, part->text, part->text_len);
	copy_field(g->feature, c, part->feature, part->feature_len);
	g->has_date = part->date != NULL;
	g->date[0] = '\0';
	if (g->has_date)
		copy_field(g->date, c, part->date, part->date_len);
	g->bad_date = part->bad_date;
	g->due = part->due;
	if (c->stop_after != 0 && c->n == c->stop_after)
		return 7;
	return 0;
}

static const ovp_date_context AUTO = {OVP_ORDER_AUTO, OVP_DAY_NONE, false};

/* Split cell under ctx and compare with the n expected promises. */
static void
check_split(const char *cell, const ovp_date_context *ctx, const expect *ex, size_t n)
{
	collect *c = calloc(1, sizeof *c);
	size_t len = strlen(cell), i;
	char *buf = malloc(len > 0 ? len : 1);

	assert_non_null(c);
	assert_non_null(buf);
	memcpy(buf, cell, len);
	c->cell = buf;
	c->len = len;
	assert_int_equal(ovp_promise_split(buf, len, ctx, on_part, c), 0);
	if (c->n != n)
		fail_msg("\"%s\": %zu promises, expected %zu", cell, c->n, n);
	for (i = 0; i < n; i++) {
		const got *g = &c->parts[i];
		char a[OVP_DATE_ISO_SIZE], b[OVP_DATE_ISO_SIZE];

		ovp_day_format(g->due.start, a);
		ovp_day_format(g->due.end, b);
		if (strcmp(g->text, ex[i].text) != 0 || strcmp(g->feature, ex[i].feature) != 0)
			fail_msg("\"%s\" #%zu: text \"%s\" feature \"%s\", expected \"%s\" \"%s\"", cell,
			         i, g->text, g->feature, ex[i].text, ex[i].feature);
		if (ex[i].date == NULL) {
			if (g->has_date || ovp_window_is_set(g->due))
				fail_msg("\"%s\" #%zu: date \"%s\", expected none", cell, i, g->date);
		} else if (!g->has_date || strcmp(g->date, ex[i].date) != 0 ||
		           strcmp(a, ex[i].start) != 0 || strcmp(b, ex[i].end) != 0) {
			fail_msg("\"%s\" #%zu: date \"%s\" %s..%s, expected \"%s\" %s..%s", cell, i,
			         g->date, a, b, ex[i].date, ex[i].start, ex[i].end);
		}
		if (g->bad_date != ex[i].bad_date)
			fail_msg("\"%s\" #%zu: bad_date %d", cell, i, (int)g->bad_date);
	}
	free(buf);
	free(c);
}

/* A cell holding one promise. */
static void
check_one(const char *cell, const ovp_date_context *ctx, const char *text, const char *feature,
          const char *date, const char *start, const char *end, bool bad)
{
	const expect ex = {text, feature, date, start, end, bad};

	check_split(cell, ctx, &ex, 1);
}

/* One promise, text as the cell, with a date. */
static void
check_dated(const char *cell, const char *feature, const char *date, const char *start,
            const char *end)
{
	check_one(cell, &AUTO, cell, feature, date, start, end, false);
}

/* One promise, text as the cell, with no date: all of it is the feature. */
static void
check_undated(const char *cell)
{
	check_one(cell, &AUTO, cell, cell, NULL, NULL, NULL, false);
}

static void
test_date_forms(void **state)
{
	(void)state;
	check_dated("SSO (2027-01-15)", "SSO", "2027-01-15", "2027-01-15", "2027-01-15");
	check_dated("SSO @ Q1 2027", "SSO", "Q1 2027", "2027-01-01", "2027-03-31");
	check_dated("SSO @Q1 2027", "SSO", "Q1 2027", "2027-01-01", "2027-03-31");
	check_dated("SSO by 2027-03-31", "SSO", "2027-03-31", "2027-03-31", "2027-03-31");
	check_dated("SSO BY 2027-03-31", "SSO", "2027-03-31", "2027-03-31", "2027-03-31");
	check_dated("SSO - March 2027", "SSO", "March 2027", "2027-03-01", "2027-03-31");
	check_dated("SSO \xE2\x80\x93 March 2027", "SSO", "March 2027", "2027-03-01", "2027-03-31");
	check_dated("SSO \xE2\x80\x94 March 2027", "SSO", "March 2027", "2027-03-01", "2027-03-31");
	check_dated("SSO (by 2027-03-31)", "SSO", "2027-03-31", "2027-03-31", "2027-03-31");
	check_dated("SSO (due 2027-03-31)", "SSO", "2027-03-31", "2027-03-31", "2027-03-31");
	check_dated("SSO ( Due  2027-03-31 )", "SSO", "2027-03-31", "2027-03-31", "2027-03-31");
	check_dated("SSO due 2027-03-31", "SSO", "2027-03-31", "2027-03-31", "2027-03-31");
	check_dated("SSO - 2027-03-31", "SSO", "2027-03-31", "2027-03-31", "2027-03-31");
	check_dated("SSO (H2 2027)", "SSO", "H2 2027", "2027-07-01", "2027-12-31");
	check_dated("SSO (15/Jan/27 3:15 PM)", "SSO", "15/Jan/27 3:15 PM", "2027-01-15",
	            "2027-01-15");
	check_dated("SSO   by   2027-03-31", "SSO", "2027-03-31", "2027-03-31", "2027-03-31");
}

static void
test_feature_words_stay(void **state)
{
	(void)state;
	check_undated("Single sign-on (SAML)");
	check_undated("Sort by date");
	check_undated("Mobile app (iOS)");
	check_undated("Export - CSV");
	check_undated("Pay-by-link");
	check_undated("Pay-by-2027");
	check_undated("Overdue 2027-03-31");
	check_undated("Reports (PDF (beta))");
	check_undated("Contact ops@acme.com");
	check_undated("Windows-2027");
	check_undated("SSO (Later)");
	check_undated("SSO (2027-02-30)");
	check_undated("SSO by soon");
	check_undated("SSO (46402)"); /* serials are not read here */
	/* removing the date would leave no feature */
	check_undated("(2027-01-15)");
	check_undated("by 2027-03-31");
	check_undated("- Q1 2027");
	check_undated("@ Q1 2027");
	check_undated("- (2027-01-15)");
}

static void
test_feature_trimming(void **state)
{
	(void)state;
	check_dated("SSO - (2027-01-15)", "SSO", "2027-01-15", "2027-01-15", "2027-01-15");
	check_dated("SSO, by 2027-03-31", "SSO", "2027-03-31", "2027-03-31", "2027-03-31");
	check_dated("SSO: (Q1 2027)", "SSO", "Q1 2027", "2027-01-01", "2027-03-31");
	check_dated("SSO \xE2\x80\x94 (Q1 2027)", "SSO", "Q1 2027", "2027-01-01", "2027-03-31");
	check_dated("SSO @ (Q1 2027)", "SSO", "Q1 2027", "2027-01-01", "2027-03-31");
	check_dated("Sort by date by 2027-03-31", "Sort by date", "2027-03-31", "2027-03-31",
	            "2027-03-31");
	check_dated("Pay by card by March 2027", "Pay by card", "March 2027", "2027-03-01",
	            "2027-03-31");
	check_dated("A - B - Q1 2027", "A - B", "Q1 2027", "2027-01-01", "2027-03-31");
	check_dated("Wi-Fi - Q1 2027", "Wi-Fi", "Q1 2027", "2027-01-01", "2027-03-31");
	check_dated("Single sign-on (SAML) (Q1 2027)", "Single sign-on (SAML)", "Q1 2027",
	            "2027-01-01", "2027-03-31");
	check_dated("Single sign-on (SAML) - Q1 2027", "Single sign-on (SAML)", "Q1 2027",
	            "2027-01-01", "2027-03-31");
	check_dated("Export - CSV - 2027", "Export - CSV", "2027", "2027-01-01", "2027-12-31");
	check_one("\xC2\xA0 SSO (2027-01-15)\xC2\xA0\t", &AUTO, "SSO (2027-01-15)", "SSO",
	          "2027-01-15", "2027-01-15", "2027-01-15", false);
}

static void
test_bad_dates(void **state)
{
	(void)state;
	check_one("SSO @ soon", &AUTO, "SSO @ soon", "SSO", NULL, NULL, NULL, true);
	check_one("SSO @", &AUTO, "SSO @", "SSO", NULL, NULL, NULL, true);
	check_one("SSO @ Later", &AUTO, "SSO @ Later", "SSO", NULL, NULL, NULL, true);
	check_one("SSO @ 2027-02-30", &AUTO, "SSO @ 2027-02-30", "SSO", NULL, NULL, NULL, true);
	check_one("SSO - v2 @ next sprint", &AUTO, "SSO - v2 @ next sprint", "SSO - v2", NULL,
	          NULL, NULL, true);
	check_one("SSO @ Q1 2027 (SAML)", &AUTO, "SSO @ Q1 2027 (SAML)", "SSO", NULL, NULL, NULL,
	          true);
}

static void
test_context(void **state)
{
	const ovp_date_context dmy = {OVP_ORDER_DMY, OVP_DAY_NONE, false};
	const ovp_date_context mdy = {OVP_ORDER_MDY, OVP_DAY_NONE, false};
	ovp_date_context asof = {OVP_ORDER_AUTO, 0, false};

	(void)state;
	asof.as_of = ovp_day_from_ymd(2026, 11, 26);
	check_one("SSO (01/02/2027)", &dmy, "SSO (01/02/2027)", "SSO", "01/02/2027", "2027-02-01",
	          "2027-02-01", false);
	check_one("SSO (01/02/2027)", &mdy, "SSO (01/02/2027)", "SSO", "01/02/2027", "2027-01-02",
	          "2027-01-02", false);
	/* a date that conflicts with the order is not a date: it stays in the feature */
	check_one("SSO (13/01/2027)", &mdy, "SSO (13/01/2027)", "SSO (13/01/2027)", NULL, NULL,
	          NULL, false);
	check_one("SSO @ 13/01/2027", &mdy, "SSO @ 13/01/2027", "SSO", NULL, NULL, NULL, true);
	check_one("SSO @ Next", &asof, "SSO @ Next", "SSO", "Next", "2027-01-01", "2027-03-31",
	          false);
	check_one("SSO @ Next", &AUTO, "SSO @ Next", "SSO", NULL, NULL, NULL, true);
	/* NULL reads like the undecided context */
	check_one("SSO by 2027-03-31", NULL, "SSO by 2027-03-31", "SSO", "2027-03-31",
	          "2027-03-31", "2027-03-31", false);
}

static void
test_unicode_features(void **state)
{
	(void)state;
	check_dated("Exportera till PDF (Q1 2027)", "Exportera till PDF", "Q1 2027", "2027-01-01",
	            "2027-03-31");
	check_dated("\xC3\x9C" "bersetzung ins Franz\xC3\xB6sische \xE2\x80\x93 Q2 2027",
	            "\xC3\x9C" "bersetzung ins Franz\xC3\xB6sische", "Q2 2027", "2027-04-01",
	            "2027-06-30");
	check_dated("\xE6\x97\xA5\xE6\x9C\xAC\xE8\xAA\x9E (2027-06)",
	            "\xE6\x97\xA5\xE6\x9C\xAC\xE8\xAA\x9E", "2027-06", "2027-06-01", "2027-06-30");
	check_undated("Connexion unique (r\xC3\xA9" "seau)");
}

static void
test_cells(void **state)
{
	static const expect multi[] = {
		{"SSO (2027-01-15)", "SSO", "2027-01-15", "2027-01-15", "2027-01-15", false},
		{"Audit log @ Q2 2027", "Audit log", "Q2 2027", "2027-04-01", "2027-06-30", false},
		{"Webhooks", "Webhooks", NULL, NULL, NULL, false},
		{"Mobile app (iOS)", "Mobile app (iOS)", NULL, NULL, NULL, false},
		{"Export - CSV", "Export - CSV", NULL, NULL, NULL, false},
		{"Dark mode by H2 2027", "Dark mode", "H2 2027", "2027-07-01", "2027-12-31", false},
		{"API @ tbd", "API", NULL, NULL, NULL, true},
	};
	static const expect semis[] = {
		{"SSO", "SSO", NULL, NULL, NULL, false},
		{"SCIM", "SCIM", NULL, NULL, NULL, false},
		{"Audit log", "Audit log", NULL, NULL, NULL, false},
	};
	static const expect lines[] = {
		{"SSO - Q1 2027", "SSO", "Q1 2027", "2027-01-01", "2027-03-31", false},
		{"SCIM", "SCIM", NULL, NULL, NULL, false},
	};

	(void)state;
	check_split("SSO (2027-01-15); Audit log @ Q2 2027 | Webhooks\r\nMobile app (iOS)\n\n;;  ; "
	            "Export - CSV\rDark mode by H2 2027|API @ tbd",
	            &AUTO, multi, 7);
	check_split("SSO;SCIM;Audit log", &AUTO, semis, 3);
	check_split(";SSO;;SCIM ; ;Audit log;", &AUTO, semis, 3);
	check_split("SSO|SCIM|Audit log", &AUTO, semis, 3);
	check_split("SSO\r\nSCIM\r\nAudit log\r\n", &AUTO, semis, 3);
	check_split("  SSO\r\r\n\n SCIM\n\tAudit log  ", &AUTO, semis, 3);
	check_split("SSO - Q1 2027\r\nSCIM", &AUTO, lines, 2);
	check_split("", &AUTO, NULL, 0);
	check_split("   ", &AUTO, NULL, 0);
	check_split(" ; | \r\n \t;", &AUTO, NULL, 0);
	assert_int_equal(ovp_promise_split(NULL, 0, &AUTO, on_part, NULL), 0);
}

/* The date markers are found in each promise of a cell on its own, blanks included. */
static void
test_markers_per_promise(void **state)
{
	static const expect mixed[] = {
		{"Ops @ soon", "Ops", NULL, NULL, NULL, true},
		{"Sort by date", "Sort by date", NULL, NULL, NULL, false},
		{"ops@acme.com", "ops@acme.com", NULL, NULL, NULL, false},
		{"SSO By Q1 2027", "SSO", "Q1 2027", "2027-01-01", "2027-03-31", false},
		{"By 2027", "By 2027", NULL, NULL, NULL, false},
		{"A-B", "A-B", NULL, NULL, NULL, false},
		{"C - Q2 2027", "C", "Q2 2027", "2027-04-01", "2027-06-30", false},
	};

	(void)state;
	check_dated("SSO\xC2\xA0" "by 2027-03-31", "SSO", "2027-03-31", "2027-03-31", "2027-03-31");
	check_undated("SSO\xA0" "by 2027-03-31");
	check_undated("SSO\xC2" "by 2027-03-31");
	check_one("\xC2\xA0" "by 2027-03-31", &AUTO, "by 2027-03-31", "by 2027-03-31", NULL, NULL,
	          NULL, false);
	check_dated("SSO DUE Q1 2027", "SSO", "Q1 2027", "2027-01-01", "2027-03-31");
	check_dated("SSO\tdue\tQ1 2027", "SSO", "Q1 2027", "2027-01-01", "2027-03-31");
	check_undated("SSO -Q1 2027");
	check_dated("SSO \xE2\x80\x93\xC2\xA0Q1 2027", "SSO", "Q1 2027", "2027-01-01", "2027-03-31");
	check_undated("SSO \xE2\x80\x92 Q1 2027");
	check_dated("Wi-Fi by Q1 2027", "Wi-Fi", "Q1 2027", "2027-01-01", "2027-03-31");
	check_split("Ops @ soon;Sort by date|ops@acme.com\nSSO By Q1 2027;By 2027;A-B;C - Q2 2027",
	            &AUTO, mixed, 7);
}

static void
test_callback_stops(void **state)
{
	collect *c = calloc(1, sizeof *c);
	const char *cell = "A;B;C;D";

	(void)state;
	assert_non_null(c);
	c->cell = cell;
	c->len = strlen(cell);
	c->stop_after = 2;
	assert_int_equal(ovp_promise_split(cell, c->len, &AUTO, on_part, c), 7);
	assert_int_equal(c->n, 2);
	assert_string_equal(c->parts[1].text, "B");

	/* only len bytes are split */
	memset(c, 0, sizeof *c);
	c->cell = cell;
	c->len = 3;
	assert_int_equal(ovp_promise_split(cell, 3, &AUTO, on_part, c), 0);
	assert_int_equal(c->n, 2);
	assert_string_equal(c->parts[0].text, "A");
	assert_string_equal(c->parts[1].text, "B");
	free(c);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_date_forms),
		cmocka_unit_test(test_feature_words_stay),
		cmocka_unit_test(test_feature_trimming),
		cmocka_unit_test(test_bad_dates),
		cmocka_unit_test(test_context),
		cmocka_unit_test(test_unicode_features),
		cmocka_unit_test(test_cells),
		cmocka_unit_test(test_markers_per_promise),
		cmocka_unit_test(test_callback_stops),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
