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
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <overpromise/date.h>
#include <overpromise/deals.h>
#include <overpromise/promise.h>

#define MAX_PARTS 16
#define FIELD 256

/* What one promise should split into; date NULL for none (a bad date has its text). */
typedef struct expect {
	const char *text;
	const char *feature;
	const char *date;
	const char *start; /* window, when date is set and good */
	const char *end;
	bool bad_date;
} expect;

typedef struct got {
	char text[FIELD], feature[FIELD], date[FIELD];
	bool has_date, bad_date, at_sign, two_readings;
	ovp_date_status date_status;
	ovp_window due, other;
} got;

typedef struct collect {
	const char *cell;
	size_t len;
	size_t n;
	size_t stop_after; /* return 7 after this many parts, 0 never */
	bool keep_parts;   /* keep the last part as handed out, in raw */
	ovp_promise_part raw;
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
	g->date_status = part->date_status;
	g->at_sign = part->at_sign;
	g->two_readings = part->two_readings;
	g->due = part->due;
	g->other = part->other;
	if (c->keep_parts)
		c->raw = *part;
	if (c->stop_after != 0 && c->n == c->stop_after)
		return 7;
	return 0;
}

static const ovp_date_context AUTO = {OVP_ORDER_AUTO, OVP_DAY_NONE, false};

/*
 * Split cell under ctx and compare with the n expected promises; the
 * parts are left in *out when it is not NULL (the caller frees it).
 */
static void
split_into(const char *cell, const ovp_date_context *ctx, const expect *ex, size_t n,
           collect **out)
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
		} else if (ex[i].bad_date) {
			if (!g->has_date || strcmp(g->date, ex[i].date) != 0 ||
			    ovp_window_is_set(g->due))
				fail_msg("\"%s\" #%zu: bad date \"%s\" %s..%s, expected \"%s\" and no window",
				         cell, i, g->date, a, b, ex[i].date);
		} else if (!g->has_date || strcmp(g->date, ex[i].date) != 0 ||
		           strcmp(a, ex[i].start) != 0 || strcmp(b, ex[i].end) != 0) {
			fail_msg("\"%s\" #%zu: date \"%s\" %s..%s, expected \"%s\" %s..%s", cell, i,
			         g->date, a, b, ex[i].date, ex[i].start, ex[i].end);
		}
		if (g->bad_date != ex[i].bad_date)
			fail_msg("\"%s\" #%zu: bad_date %d", cell, i, (int)g->bad_date);
	}
	free(buf);
	if (out != NULL)
		*out = c;
	else
		free(c);
}

/* Split cell under ctx and compare with the n expected promises. */
static void
check_split(const char *cell, const ovp_date_context *ctx, const expect *ex, size_t n)
{
	split_into(cell, ctx, ex, n, NULL);
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

/*
 * One promise, text as the cell, whose trailing date is meant as one but
 * does not read (status st): the feature is split off, the date kept as
 * text for the message.
 */
static void
check_bad(const char *cell, const ovp_date_context *ctx, const char *feature, const char *date,
          ovp_date_status st)
{
	const expect ex = {cell, feature, date, NULL, NULL, true};
	collect *c;

	split_into(cell, ctx, &ex, 1, &c);
	if (c->parts[0].date_status != st)
		fail_msg("\"%s\": date status %d, expected %d", cell, (int)c->parts[0].date_status,
		         (int)st);
	free(c);
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
	check_bad("SSO @ soon", &AUTO, "SSO", "soon", OVP_DATE_INVALID);
	check_bad("SSO @", &AUTO, "SSO", "", OVP_DATE_EMPTY);
	check_bad("SSO @ Later", &AUTO, "SSO", "Later", OVP_DATE_LATER);
	check_bad("SSO @ 2027-02-30", &AUTO, "SSO", "2027-02-30", OVP_DATE_IMPOSSIBLE);
	check_bad("SSO - v2 @ next sprint", &AUTO, "SSO - v2", "next sprint", OVP_DATE_INVALID);
	check_bad("SSO @ Q1 2027 (SAML)", &AUTO, "SSO", "Q1 2027 (SAML)", OVP_DATE_INVALID);
	check_bad("SSO @ tbd", &AUTO, "SSO", "tbd", OVP_DATE_INVALID);
	/* after "(", "by" or "-", a text meant as a date that reads as none */
	check_bad("SSO (2027-02-30)", &AUTO, "SSO", "2027-02-30", OVP_DATE_IMPOSSIBLE);
	check_bad("SSO by 31/02/2027", &AUTO, "SSO", "31/02/2027", OVP_DATE_IMPOSSIBLE);
	check_bad("SSO by end of Marhc", &AUTO, "SSO", "end of Marhc", OVP_DATE_INVALID);
	check_bad("SSO - Marhc 2027", &AUTO, "SSO", "Marhc 2027", OVP_DATE_INVALID);
	check_bad("Dark mode (Q2 launch)", &AUTO, "Dark mode", "Q2 launch", OVP_DATE_INVALID);
	check_bad("Audit log (by FY27)", &AUTO, "Audit log", "FY27", OVP_DATE_INVALID);
	check_bad("Audit log (Q5 2027)", &AUTO, "Audit log", "Q5 2027", OVP_DATE_IMPOSSIBLE);
	check_bad("SSO due March 32", &AUTO, "SSO", "March 32", OVP_DATE_IMPOSSIBLE);
	/* the rightmost dash: what is before it stays the feature */
	check_bad("A - B - Marhc 2027", &AUTO, "A - B", "Marhc 2027", OVP_DATE_INVALID);
	/* a date that reads wins over one that does not, wherever it is */
	check_dated("SSO by Marhc - Q1 2027", "SSO by Marhc", "Q1 2027", "2027-01-01",
	            "2027-03-31");
	/* nothing of the feature would be left: all of it is the feature */
	check_undated("(2027-02-30)");
	check_undated("by end of Marhc");
}

/* "TBD", "TBC", "TBA", "ASAP": no date of its own, split off without a problem. */
static void
test_no_date_yet(void **state)
{
	(void)state;
	check_one("SSO (TBD)", &AUTO, "SSO (TBD)", "SSO", NULL, NULL, NULL, false);
	check_one("SSO - tbc", &AUTO, "SSO - tbc", "SSO", NULL, NULL, NULL, false);
	check_one("SSO by ASAP", &AUTO, "SSO by ASAP", "SSO", NULL, NULL, NULL, false);
	check_one("SSO (by TBA)", &AUTO, "SSO (by TBA)", "SSO", NULL, NULL, NULL, false);
	check_undated("TBD");
	check_undated("SSO (TBD later)");
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
	/* a date that conflicts with the order is a bad date, split off */
	check_bad("SSO (13/01/2027)", &mdy, "SSO", "13/01/2027", OVP_DATE_CONFLICT);
	check_bad("SSO @ 13/01/2027", &mdy, "SSO", "13/01/2027", OVP_DATE_CONFLICT);
	check_bad("SSO by 01/13/2027", &dmy, "SSO", "01/13/2027", OVP_DATE_CONFLICT);
	check_one("SSO @ Next", &asof, "SSO @ Next", "SSO", "Next", "2027-01-01", "2027-03-31",
	          false);
	check_bad("SSO @ Next", &AUTO, "SSO", "Next", OVP_DATE_INVALID);
	/* NULL reads like the undecided context */
	check_one("SSO by 2027-03-31", NULL, "SSO by 2027-03-31", "SSO", "2027-03-31",
	          "2027-03-31", "2027-03-31", false);
}

/* Date phrases, read against the as-of day. */
static void
test_phrases(void **state)
{
	ovp_date_context ctx = {OVP_ORDER_AUTO, 0, false};

	(void)state;
	ctx.as_of = ovp_day_from_ymd(2027, 2, 10);
	check_one("Mobile app by end of March", &ctx, "Mobile app by end of March", "Mobile app",
	          "end of March", "2027-03-31", "2027-03-31", false);
	check_one("SSO (end of Q2)", &ctx, "SSO (end of Q2)", "SSO", "end of Q2", "2027-06-30",
	          "2027-06-30", false);
	check_one("SSO (by EOQ)", &ctx, "SSO (by EOQ)", "SSO", "EOQ", "2027-03-31", "2027-03-31",
	          false);
	check_one("SSO @ next quarter", &ctx, "SSO @ next quarter", "SSO", "next quarter",
	          "2027-04-01", "2027-06-30", false);
	check_one("SSO - late 2027", &ctx, "SSO - late 2027", "SSO", "late 2027", "2027-09-01",
	          "2027-12-31", false);
	check_one("SSO by Q2'27", &ctx, "SSO by Q2'27", "SSO", "Q2'27", "2027-04-01", "2027-06-30",
	          false);
	check_one("Audit log due spring 2027", &ctx, "Audit log due spring 2027", "Audit log",
	          "spring 2027", "2027-03-01", "2027-05-31", false);
	check_one("Offline mode by March", &ctx, "Offline mode by March", "Offline mode", "March",
	          "2027-03-01", "2027-03-31", false);
	check_one("SSO (EOY)", &ctx, "SSO (EOY)", "SSO", "EOY", "2027-12-31", "2027-12-31", false);
	check_one("Sort by date by end of next month", &ctx, "Sort by date by end of next month",
	          "Sort by date", "end of next month", "2027-03-31", "2027-03-31", false);
	/* after the as-of day has passed the end of March, it is next year's */
	ctx.as_of = ovp_day_from_ymd(2027, 4, 1);
	check_one("Mobile app by end of March", &ctx, "Mobile app by end of March", "Mobile app",
	          "end of March", "2028-03-31", "2028-03-31", false);
	/* without an as-of day, a relative phrase is meant as a date but reads as none */
	check_bad("Mobile app by end of March", &AUTO, "Mobile app", "end of March",
	          OVP_DATE_INVALID);
	/* words that are no date stay in the feature */
	check_one("Webhooks - billing", &ctx, "Webhooks - billing", "Webhooks - billing", NULL,
	          NULL, NULL, false);
	check_one("Java SDK (Spring)", &ctx, "Java SDK (Spring)", "Java SDK (Spring)", NULL, NULL,
	          NULL, false);
	check_one("Sort by string", &ctx, "Sort by string", "Sort by string", NULL, NULL, NULL,
	          false);
	check_one("Reports by quarter", &ctx, "Reports by quarter", "Reports by quarter", NULL,
	          NULL, NULL, false);
	check_one("Support (Windows 2019)", &ctx, "Support (Windows 2019)",
	          "Support (Windows 2019)", NULL, NULL, NULL, false);
	check_one("Pagination - end of list", &ctx, "Pagination - end of list",
	          "Pagination - end of list", NULL, NULL, NULL, false);
}

/* A numeric date under an open order is read as its separator says, and flagged. */
static void
test_two_readings(void **state)
{
	const ovp_date_context dmy = {OVP_ORDER_DMY, OVP_DAY_NONE, false};
	collect *c;
	static const expect slash = {"Offline mode (01/02/2027)", "Offline mode", "01/02/2027",
	                             "2027-01-02", "2027-01-02", false};
	static const expect dot = {"Offline mode @ 01.02.2027", "Offline mode", "01.02.2027",
	                           "2027-02-01", "2027-02-01", false};
	static const expect decided = {"Offline mode (01/02/2027)", "Offline mode", "01/02/2027",
	                               "2027-02-01", "2027-02-01", false};
	char o[OVP_DATE_ISO_SIZE];

	(void)state;
	split_into(slash.text, &AUTO, &slash, 1, &c);
	assert_true(c->parts[0].two_readings);
	assert_string_equal(ovp_day_format(c->parts[0].other.end, o), "2027-02-01");
	free(c);
	split_into(dot.text, &AUTO, &dot, 1, &c);
	assert_true(c->parts[0].two_readings);
	assert_string_equal(ovp_day_format(c->parts[0].other.end, o), "2027-01-02");
	free(c);
	/* a decided order reads one way */
	split_into(decided.text, &dmy, &decided, 1, &c);
	assert_false(c->parts[0].two_readings);
	free(c);
	/* one reading only, or both alike */
	check_dated("Offline mode (19/12/2027)", "Offline mode", "19/12/2027", "2027-12-19",
	            "2027-12-19");
	split_into("Offline mode (05/05/2027)", &AUTO,
	           &(const expect){"Offline mode (05/05/2027)", "Offline mode", "05/05/2027",
	                           "2027-05-05", "2027-05-05", false},
	           1, &c);
	assert_false(c->parts[0].two_readings);
	free(c);
}

/* The message of one promise's date problem, or none. */
static void
check_message(const char *cell, const ovp_date_context *ctx, const char *expected)
{
	collect *c = calloc(1, sizeof *c);
	size_t len = strlen(cell);
	char *buf = malloc(len > 0 ? len : 1);
	char msg[512];
	bool has;

	assert_non_null(c);
	assert_non_null(buf);
	memcpy(buf, cell, len);
	c->cell = buf;
	c->len = len;
	c->keep_parts = true;
	assert_int_equal(ovp_promise_split(buf, len, ctx, on_part, c), 0);
	assert_int_equal(c->n, 1);
	has = ovp_promise_date_problem(&c->raw, ctx, msg, sizeof msg);
	if (expected == NULL && has)
		fail_msg("\"%s\": message \"%s\", expected none", cell, msg);
	if (expected != NULL && (!has || strcmp(msg, expected) != 0))
		fail_msg("\"%s\": message \"%s\", expected \"%s\"", cell, has ? msg : "(none)",
		         expected);
	free(buf);
	free(c);
}

static void
test_problem_messages(void **state)
{
	const ovp_date_context mdy = {OVP_ORDER_MDY, OVP_DAY_NONE, false};
	const ovp_date_context dmy = {OVP_ORDER_DMY, OVP_DAY_NONE, false};
	char small[16];
	static const ovp_promise_part fine = {"SSO", 3, "SSO", 3, NULL, 0,
	                                      {OVP_DAY_NONE, OVP_DAY_NONE, OVP_PERIOD_NONE},
	                                      false, OVP_DATE_OK, false, false,
	                                      {OVP_DAY_NONE, OVP_DAY_NONE, OVP_PERIOD_NONE}};

	(void)state;
	check_message("SSO (2027-01-15)", &AUTO, NULL);
	check_message("SSO", &AUTO, NULL);
	check_message("SSO (TBD)", &AUTO, NULL);
	check_message("SSO @ soon", &AUTO,
	              "after \"@\" a date must follow: \"soon\" is not a date; the promise is "
	              "checked without a date of its own");
	check_message("SSO @", &AUTO,
	              "nothing follows \"@\", where a date must; the promise is checked without a "
	              "date of its own");
	check_message("SSO (2027-02-30)", &AUTO,
	              "impossible date \"2027-02-30\"; the promise is checked without a date of its "
	              "own");
	check_message("SSO @ 2027-02-30", &AUTO,
	              "impossible date \"2027-02-30\"; the promise is checked without a date of its "
	              "own");
	check_message("SSO by end of Marhc", &AUTO,
	              "unknown date \"end of Marhc\"; the promise is checked without a date of its "
	              "own");
	check_message("SSO (13/01/2027)", &mdy,
	              "date \"13/01/2027\" contradicts the month/day order of the file's promise "
	              "dates; the promise is checked without a date of its own");
	check_message("SSO (01/13/2027)", &dmy,
	              "date \"01/13/2027\" contradicts the day/month order of the file's promise "
	              "dates; the promise is checked without a date of its own");
	check_message("SSO - end of FY27", &AUTO,
	              "unknown date \"end of FY27\": fiscal years differ from company to company, "
	              "write the calendar date (\"Q3 2027\", \"2027-09-30\"); the promise is "
	              "checked without a date of its own");
	check_message("SSO (01/02/2027)", &AUTO,
	              "date \"01/02/2027\" reads two ways, 2027-01-02 (month/day) or 2027-02-01 "
	              "(day/month), and nothing in the file decides: it is read as 2027-01-02, as "
	              "\"/\" dates are by default; write it as YYYY-MM-DD or set [deals] date_order");
	check_message("SSO (01.02.2027)", &AUTO,
	              "date \"01.02.2027\" reads two ways, 2027-01-02 (month/day) or 2027-02-01 "
	              "(day/month), and nothing in the file decides: it is read as 2027-02-01, as "
	              "\".\" and \"-\" dates are by default; write it as YYYY-MM-DD or set [deals] "
	              "date_order");
	/* a long date is quoted cut, on a character */
	check_message("SSO @ \xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9"
	              "\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9"
	              "\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9"
	              "\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9"
	              "\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9x",
	              &AUTO,
	              "after \"@\" a date must follow: \""
	              "\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9"
	              "\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9"
	              "\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9"
	              "\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9"
	              "\" is not a date; the promise is checked without a date of its own");
	/* a fine promise writes nothing; a small buffer is cut, not overrun */
	memset(small, 'z', sizeof small);
	assert_false(ovp_promise_date_problem(&fine, &AUTO, small, sizeof small));
	assert_int_equal(small[0], 'z');
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
		{"API @ tbd", "API", "tbd", NULL, NULL, true},
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
		{"Ops @ soon", "Ops", "soon", NULL, NULL, true},
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

/*
 * A promise splits the same wherever it starts and ends in its cell: the
 * markers and separators are found 16 bytes at a time where that is
 * possible, one by one in the rest.  Each promise is put after and before
 * fillers of every length (no blank in them, so they hold no date).
 */
static void
test_markers_at_every_offset(void **state)
{
	static const expect promises[] = {
		{"Ops @ soon", "Ops", "soon", NULL, NULL, true},
		{"Sort by date", "Sort by date", NULL, NULL, NULL, false},
		{"ops@acme.com", "ops@acme.com", NULL, NULL, NULL, false},
		{"SSO By Q1 2027", "SSO", "Q1 2027", "2027-01-01", "2027-03-31", false},
		{"C - Q2 2027", "C", "Q2 2027", "2027-04-01", "2027-06-30", false},
		{"SSO (2027-01-15)", "SSO", "2027-01-15", "2027-01-15", "2027-01-15", false},
		{"Wi-Fi by Q1 2027", "Wi-Fi", "Q1 2027", "2027-01-01", "2027-03-31", false},
		{"SSO \xE2\x80\x93\xC2\xA0Q1 2027", "SSO", "Q1 2027", "2027-01-01", "2027-03-31", false},
		{"Billing data export for the board dashboard by Q3 2027",
		 "Billing data export for the board dashboard", "Q3 2027", "2027-07-01", "2027-09-30",
		 false},
		{"Pay-by-link - bulk drafts - Dashboards - Q4 2027",
		 "Pay-by-link - bulk drafts - Dashboards", "Q4 2027", "2027-10-01", "2027-12-31", false},
		{"Audit log @ Q2 2027", "Audit log", "Q2 2027", "2027-04-01", "2027-06-30", false},
	};
	static const char filler[] = "abcd-BD@abcd-bd@abcd-BD@abcd-bd@abcd-";
	static const char seps[] = ";|\n";

	(void)state;
	for (size_t i = 0; i < sizeof promises / sizeof *promises; i++) {
		for (size_t before = 0; before <= 33; before++) {
			for (size_t after = 0; after <= 17; after += 1 + after / 4) {
				char cell[160], head[40], tail[40];
				expect ex[3];
				size_t n = 0;

				memcpy(head, filler, before);
				head[before] = '\0';
				memcpy(tail, filler, after);
				tail[after] = '\0';
				if (before > 0)
					snprintf(cell, sizeof cell, "%s%c%s%c%s", head, seps[before % 3],
					         promises[i].text, seps[after % 3], tail);
				else
					snprintf(cell, sizeof cell, "%s%c%s", promises[i].text, seps[after % 3],
					         tail);
				if (before > 0)
					ex[n++] = (expect){head, head, NULL, NULL, NULL, false};
				ex[n++] = promises[i];
				if (after > 0)
					ex[n++] = (expect){tail, tail, NULL, NULL, NULL, false};
				check_split(cell, &AUTO, ex, n);
			}
		}
	}
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
		cmocka_unit_test(test_no_date_yet),
		cmocka_unit_test(test_context),
		cmocka_unit_test(test_phrases),
		cmocka_unit_test(test_two_readings),
		cmocka_unit_test(test_problem_messages),
		cmocka_unit_test(test_unicode_features),
		cmocka_unit_test(test_cells),
		cmocka_unit_test(test_markers_per_promise),
		cmocka_unit_test(test_markers_at_every_offset),
		cmocka_unit_test(test_callback_stops),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
