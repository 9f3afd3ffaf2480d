/*
 * Unit tests of the date phrases of promises (ovp_date_parse_phrase(),
 * ovp_date_looks_like()) and of the two readings of a numeric date
 * (ovp_date_two_readings()).  Each phrase is read with the as-of day on
 * either side of the end of its window, across year ends and in leap
 * years.  Every text is copied into a buffer of exactly its length, with
 * no terminating NUL, so that the sanitizer builds catch a read past it.
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

#include "src/date_phrase.h"

/* "YYYY-MM-DD" as a day. */
static ovp_day
day_of(const char *iso)
{
	int y, m, d;

	if (sscanf(iso, "%d-%d-%d", &y, &m, &d) != 3)
		fail_msg("bad test day \"%s\"", iso);
	return ovp_day_from_ymd(y, m, d);
}

static ovp_date_status
read_phrase(const char *s, ovp_day as_of, ovp_window *w)
{
	const ovp_date_context ctx = {OVP_ORDER_AUTO, as_of, false};
	size_t n = strlen(s);
	char *buf = malloc(n > 0 ? n : 1);
	ovp_date_status st;

	assert_non_null(buf);
	memcpy(buf, s, n);
	st = ovp_date_parse_phrase(buf, n, &ctx, w);
	free(buf);
	return st;
}

/* s, read on as_of, is the window start..end of the given period. */
static void
check_phrase(const char *as_of, const char *s, ovp_period period, const char *start,
             const char *end)
{
	ovp_window w;
	char a[OVP_DATE_ISO_SIZE], b[OVP_DATE_ISO_SIZE];
	ovp_date_status st = read_phrase(s, day_of(as_of), &w);

	if (st != OVP_DATE_OK)
		fail_msg("\"%s\" on %s: status %d, expected a date", s, as_of, (int)st);
	ovp_day_format(w.start, a);
	ovp_day_format(w.end, b);
	if (strcmp(a, start) != 0 || strcmp(b, end) != 0 || w.period != period)
		fail_msg("\"%s\" on %s: %s..%s period %d, expected %s..%s period %d", s, as_of, a, b,
		         (int)w.period, start, end, (int)period);
}

/* s, read on as_of, is due on the single day `due` (an "end of" phrase). */
static void
check_due(const char *as_of, const char *s, const char *due)
{
	check_phrase(as_of, s, OVP_PERIOD_DAY, due, due);
}

/* s, read on as_of (NULL: no as-of day), has status st and no window. */
static void
check_not(const char *as_of, const char *s, ovp_date_status st)
{
	ovp_window w;
	ovp_date_status got = read_phrase(s, as_of != NULL ? day_of(as_of) : OVP_DAY_NONE, &w);

	if (got != st)
		fail_msg("\"%s\": status %d, expected %d", s, (int)got, (int)st);
	if (ovp_window_is_set(w))
		fail_msg("\"%s\": a window was set with status %d", s, (int)got);
}

static bool
looks(const char *s)
{
	size_t n = strlen(s);
	char *buf = malloc(n > 0 ? n : 1);
	bool r;

	assert_non_null(buf);
	memcpy(buf, s, n);
	r = ovp_date_looks_like(buf, n);
	free(buf);
	return r;
}

/* "end of March": the next March 31 on or after the as-of day. */
static void
test_end_of_month_name(void **state)
{
	(void)state;
	check_due("2027-01-10", "end of March", "2027-03-31");
	check_due("2027-03-30", "end of March", "2027-03-31");
	check_due("2027-03-31", "end of March", "2027-03-31");
	check_due("2027-04-01", "end of March", "2028-03-31");
	check_due("2027-12-31", "End Of March", "2028-03-31");
	check_due("2027-04-01", "the end of March", "2028-03-31");
	check_due("2027-01-10", "end-March", "2027-03-31");
	check_due("2027-01-10", "end of Mar", "2027-03-31");
	check_due("2027-01-10", "end of March.", "2027-03-31");
	/* February's end moves with leap years */
	check_due("2027-03-01", "end of February", "2028-02-29");
	check_due("2028-02-29", "end of Feb", "2028-02-29");
	check_due("2028-03-01", "end of Feb", "2029-02-28");
	/* with a year it is that day, past or not */
	check_due("2027-06-01", "end of March 2027", "2027-03-31");
	check_due("2027-06-01", "end of March '28", "2028-03-31");
	check_due("2027-01-10", "end of December", "2027-12-31");
	check_due("2027-12-31", "end of December", "2027-12-31");
	check_due("2028-01-01", "end of December", "2028-12-31");
}

/* A month alone, "by March", and a day of a month. */
static void
test_month_and_day(void **state)
{
	(void)state;
	check_phrase("2027-01-10", "March", OVP_PERIOD_MONTH, "2027-03-01", "2027-03-31");
	check_phrase("2027-03-31", "March", OVP_PERIOD_MONTH, "2027-03-01", "2027-03-31");
	check_phrase("2027-04-01", "March", OVP_PERIOD_MONTH, "2028-03-01", "2028-03-31");
	check_phrase("2027-04-01", "by March", OVP_PERIOD_MONTH, "2028-03-01", "2028-03-31");
	check_phrase("2027-11-20", "by Jan", OVP_PERIOD_MONTH, "2028-01-01", "2028-01-31");
	check_phrase("2027-11-20", "this January", OVP_PERIOD_MONTH, "2028-01-01", "2028-01-31");
	check_phrase("2027-11-20", "in Sept.", OVP_PERIOD_MONTH, "2028-09-01", "2028-09-30");
	check_phrase("2027-11-20", "March of 2029", OVP_PERIOD_MONTH, "2029-03-01", "2029-03-31");
	check_phrase("2027-11-20", "March '29", OVP_PERIOD_MONTH, "2029-03-01", "2029-03-31");
	check_due("2027-03-15", "March 15", "2027-03-15");
	check_due("2027-03-16", "March 15", "2028-03-15");
	check_due("2027-03-16", "Mar 15th", "2028-03-15");
	check_due("2027-03-16", "15 March", "2028-03-15");
	check_due("2027-03-16", "15th of March", "2028-03-15");
	check_due("2027-03-16", "15th of March 2027", "2027-03-15");
	check_due("2027-03-16", "by March 15th, 2029", "2029-03-15");
	/* February 29 is the next one that exists */
	check_due("2027-01-01", "Feb 29", "2028-02-29");
	check_due("2028-02-29", "Feb 29", "2028-02-29");
	check_due("2028-03-01", "29 February", "2032-02-29");
	check_not("2027-01-01", "Feb 30", OVP_DATE_IMPOSSIBLE);
	check_not("2027-01-01", "March 32", OVP_DATE_IMPOSSIBLE);
	check_not("2027-01-01", "Feb 29 2027", OVP_DATE_IMPOSSIBLE);
	check_not("2027-01-01", "end of March 15", OVP_DATE_INVALID);
	/* which March "next March" is, is unclear; so is "the coming quarter" */
	check_not("2027-01-01", "next March", OVP_DATE_INVALID);
	check_not("2027-01-01", "the coming quarter", OVP_DATE_INVALID);
}

/* Quarters and halves, with and without "end of" and a year. */
static void
test_quarters_and_halves(void **state)
{
	(void)state;
	check_due("2027-01-10", "end of Q2", "2027-06-30");
	check_due("2027-06-30", "end of Q2", "2027-06-30");
	check_due("2027-07-01", "end of Q2", "2028-06-30");
	check_due("2027-10-01", "end of Q4", "2027-12-31");
	check_due("2028-01-01", "end of Q4", "2028-12-31");
	check_phrase("2027-07-01", "Q2", OVP_PERIOD_QUARTER, "2028-04-01", "2028-06-30");
	check_phrase("2027-07-01", "Q3", OVP_PERIOD_QUARTER, "2027-07-01", "2027-09-30");
	check_phrase("2027-10-01", "by Q3", OVP_PERIOD_QUARTER, "2028-07-01", "2028-09-30");
	check_phrase("2027-10-01", "Q2'27", OVP_PERIOD_QUARTER, "2027-04-01", "2027-06-30");
	check_phrase("2027-10-01", "by Q2\xE2\x80\x99" "28", OVP_PERIOD_QUARTER, "2028-04-01",
	             "2028-06-30");
	check_phrase("2027-10-01", "Q2 '28", OVP_PERIOD_QUARTER, "2028-04-01", "2028-06-30");
	check_phrase("2027-10-01", "3Q27", OVP_PERIOD_QUARTER, "2027-07-01", "2027-09-30");
	check_due("2027-10-01", "end of Q1 2029", "2029-03-31");
	check_phrase("2027-07-01", "H1", OVP_PERIOD_HALF, "2028-01-01", "2028-06-30");
	check_phrase("2027-06-30", "H1", OVP_PERIOD_HALF, "2027-01-01", "2027-06-30");
	check_phrase("2027-07-01", "H2", OVP_PERIOD_HALF, "2027-07-01", "2027-12-31");
	check_phrase("2027-07-01", "2H27", OVP_PERIOD_HALF, "2027-07-01", "2027-12-31");
	check_phrase("2027-07-01", "1H 2028", OVP_PERIOD_HALF, "2028-01-01", "2028-06-30");
	check_due("2027-07-01", "end of H1", "2028-06-30");
	check_not("2027-07-01", "Q5", OVP_DATE_IMPOSSIBLE);
	check_not("2027-07-01", "end of Q0", OVP_DATE_IMPOSSIBLE);
	check_not("2027-07-01", "H3 2027", OVP_DATE_IMPOSSIBLE);
}

/* The current and the next period: "this quarter", "EOQ", "next quarter", ... */
static void
test_relative(void **state)
{
	(void)state;
	check_phrase("2027-02-10", "this quarter", OVP_PERIOD_QUARTER, "2027-01-01", "2027-03-31");
	check_phrase("2027-03-31", "this quarter", OVP_PERIOD_QUARTER, "2027-01-01", "2027-03-31");
	check_phrase("2027-04-01", "current quarter", OVP_PERIOD_QUARTER, "2027-04-01",
	             "2027-06-30");
	check_due("2027-02-10", "EOQ", "2027-03-31");
	check_due("2027-04-01", "eoq", "2027-06-30");
	check_due("2027-04-01", "end of quarter", "2027-06-30");
	check_due("2027-04-01", "end of the quarter", "2027-06-30");
	check_due("2027-04-01", "quarter-end", "2027-06-30");
	check_phrase("2027-02-10", "next quarter", OVP_PERIOD_QUARTER, "2027-04-01", "2027-06-30");
	check_phrase("2027-12-31", "next quarter", OVP_PERIOD_QUARTER, "2028-01-01", "2028-03-31");
	check_phrase("2027-11-15", "the following quarter", OVP_PERIOD_QUARTER, "2028-01-01",
	             "2028-03-31");
	check_due("2027-11-15", "end of next quarter", "2028-03-31");
	/* months */
	check_due("2027-01-31", "EOM", "2027-01-31");
	check_due("2027-02-01", "EOM", "2027-02-28");
	check_due("2028-02-01", "end of month", "2028-02-29");
	check_due("2027-12-15", "month end", "2027-12-31");
	check_phrase("2027-12-15", "this month", OVP_PERIOD_MONTH, "2027-12-01", "2027-12-31");
	check_phrase("2027-12-15", "next month", OVP_PERIOD_MONTH, "2028-01-01", "2028-01-31");
	check_due("2027-12-15", "end of next month", "2028-01-31");
	check_due("2028-01-31", "end of next month", "2028-02-29");
	check_due("2027-01-31", "end of next month", "2027-02-28");
	/* years */
	check_due("2027-06-01", "EOY", "2027-12-31");
	check_due("2027-12-31", "EOY", "2027-12-31");
	check_due("2028-01-01", "EOY", "2028-12-31");
	check_due("2027-06-01", "year-end", "2027-12-31");
	check_due("2027-06-01", "year end", "2027-12-31");
	check_due("2027-06-01", "YE", "2027-12-31");
	check_due("2027-06-01", "YE27", "2027-12-31");
	check_due("2027-06-01", "EOY 2028", "2028-12-31");
	check_due("2027-06-01", "end of the year", "2027-12-31");
	check_due("2027-06-01", "end of this year", "2027-12-31");
	check_due("2027-06-01", "end of next year", "2028-12-31");
	check_due("2027-06-01", "next year end", "2028-12-31");
	check_phrase("2027-06-01", "this year", OVP_PERIOD_YEAR, "2027-01-01", "2027-12-31");
	check_phrase("2027-12-31", "next year", OVP_PERIOD_YEAR, "2028-01-01", "2028-12-31");
	/* halves */
	check_phrase("2027-06-30", "this half", OVP_PERIOD_HALF, "2027-01-01", "2027-06-30");
	check_phrase("2027-06-30", "next half-year", OVP_PERIOD_HALF, "2027-07-01", "2027-12-31");
	/* ISO weeks: 2027-03-31 is a Wednesday */
	check_due("2027-03-31", "EOW", "2027-04-04");
	check_due("2027-04-04", "end of week", "2027-04-04");
	check_phrase("2027-03-31", "this week", OVP_PERIOD_SPAN, "2027-03-29", "2027-04-04");
	check_phrase("2027-12-29", "next week", OVP_PERIOD_SPAN, "2028-01-03", "2028-01-09");
	/* a unit alone is no date */
	check_not("2027-06-01", "quarter", OVP_DATE_INVALID);
	check_not("2027-06-01", "month", OVP_DATE_INVALID);
	check_not("2027-06-01", "by year", OVP_DATE_INVALID);
	/* relative phrases need an as-of day */
	check_not(NULL, "next quarter", OVP_DATE_INVALID);
	check_not(NULL, "EOY", OVP_DATE_INVALID);
	check_not(NULL, "end of March", OVP_DATE_INVALID);
	check_not(NULL, "Q3", OVP_DATE_INVALID);
}

/* early / mid / late: thirds of the period. */
static void
test_thirds(void **state)
{
	(void)state;
	check_phrase("2026-11-26", "early 2027", OVP_PERIOD_SPAN, "2027-01-01", "2027-04-30");
	check_phrase("2026-11-26", "mid 2027", OVP_PERIOD_SPAN, "2027-05-01", "2027-08-31");
	check_phrase("2026-11-26", "mid-2027", OVP_PERIOD_SPAN, "2027-05-01", "2027-08-31");
	check_phrase("2026-11-26", "late 2027", OVP_PERIOD_SPAN, "2027-09-01", "2027-12-31");
	check_phrase("2026-11-26", "Late-2027", OVP_PERIOD_SPAN, "2027-09-01", "2027-12-31");
	check_phrase("2026-11-26", "beginning of 2027", OVP_PERIOD_SPAN, "2027-01-01",
	             "2027-04-30");
	check_phrase("2026-11-26", "middle of 2027", OVP_PERIOD_SPAN, "2027-05-01", "2027-08-31");
	check_phrase("2026-11-26", "late '27", OVP_PERIOD_SPAN, "2027-09-01", "2027-12-31");
	check_due("2026-11-26", "end of 2027", "2027-12-31");
	/* a year written is that year even when past */
	check_phrase("2028-06-01", "late 2027", OVP_PERIOD_SPAN, "2027-09-01", "2027-12-31");
	check_phrase("2027-02-01", "late Q3", OVP_PERIOD_MONTH, "2027-09-01", "2027-09-30");
	check_phrase("2027-02-01", "early Q3 2028", OVP_PERIOD_MONTH, "2028-07-01", "2028-07-31");
	check_phrase("2027-02-01", "mid H2", OVP_PERIOD_SPAN, "2027-09-01", "2027-10-31");
	check_phrase("2027-02-01", "early next year", OVP_PERIOD_SPAN, "2028-01-01", "2028-04-30");
	check_phrase("2027-02-01", "late this quarter", OVP_PERIOD_MONTH, "2027-03-01",
	             "2027-03-31");
	/* thirds of a month: days 1-10, 11-20, 21 to the end */
	check_phrase("2027-02-01", "early March", OVP_PERIOD_SPAN, "2027-03-01", "2027-03-10");
	check_phrase("2027-02-01", "mid-March", OVP_PERIOD_SPAN, "2027-03-11", "2027-03-20");
	check_phrase("2027-02-01", "late March", OVP_PERIOD_SPAN, "2027-03-21", "2027-03-31");
	check_phrase("2028-02-01", "late Feb", OVP_PERIOD_SPAN, "2028-02-21", "2028-02-29");
	/* the yearless one that is not yet past */
	check_phrase("2027-03-15", "early March", OVP_PERIOD_SPAN, "2028-03-01", "2028-03-10");
	check_phrase("2027-03-15", "late March", OVP_PERIOD_SPAN, "2027-03-21", "2027-03-31");
	check_not("2027-02-01", "early EOY", OVP_DATE_INVALID);
	check_not("2027-02-01", "late next week", OVP_DATE_INVALID);
	check_not("2027-02-01", "beginning 2027", OVP_DATE_INVALID);
}

/* Seasons: northern hemisphere; winter 2027 ends in February 2027. */
static void
test_seasons(void **state)
{
	(void)state;
	check_phrase("2026-11-26", "spring 2027", OVP_PERIOD_SPAN, "2027-03-01", "2027-05-31");
	check_phrase("2026-11-26", "Summer 2027", OVP_PERIOD_SPAN, "2027-06-01", "2027-08-31");
	check_phrase("2026-11-26", "autumn 2027", OVP_PERIOD_SPAN, "2027-09-01", "2027-11-30");
	check_phrase("2026-11-26", "fall 2027", OVP_PERIOD_SPAN, "2027-09-01", "2027-11-30");
	check_phrase("2026-11-26", "winter 2027", OVP_PERIOD_SPAN, "2026-12-01", "2027-02-28");
	check_phrase("2026-11-26", "winter 2028", OVP_PERIOD_SPAN, "2027-12-01", "2028-02-29");
	check_phrase("2026-11-26", "winter 2026/27", OVP_PERIOD_SPAN, "2026-12-01", "2027-02-28");
	check_phrase("2026-11-26", "winter 2027-2028", OVP_PERIOD_SPAN, "2027-12-01",
	             "2028-02-29");
	check_not("2026-11-26", "winter 2026/28", OVP_DATE_IMPOSSIBLE);
	check_not("2026-11-26", "summer 2026/27", OVP_DATE_IMPOSSIBLE);
	check_phrase("2026-11-26", "spring '27", OVP_PERIOD_SPAN, "2027-03-01", "2027-05-31");
	check_due("2026-11-26", "end of summer 2027", "2027-08-31");
	check_phrase("2026-11-26", "late spring 2027", OVP_PERIOD_MONTH, "2027-05-01",
	             "2027-05-31");
	/* without a year: the next one not yet past, with "this" or a modifier */
	check_phrase("2027-05-31", "this spring", OVP_PERIOD_SPAN, "2027-03-01", "2027-05-31");
	check_phrase("2027-06-01", "this spring", OVP_PERIOD_SPAN, "2028-03-01", "2028-05-31");
	check_phrase("2026-12-10", "this winter", OVP_PERIOD_SPAN, "2026-12-01", "2027-02-28");
	check_phrase("2027-02-28", "this winter", OVP_PERIOD_SPAN, "2026-12-01", "2027-02-28");
	check_phrase("2027-03-01", "this winter", OVP_PERIOD_SPAN, "2027-12-01", "2028-02-29");
	check_due("2027-09-01", "end of summer", "2028-08-31");
	check_due("2027-08-31", "end of summer", "2027-08-31");
	/* a season alone may be a framework or a verb */
	check_not("2027-01-01", "Spring", OVP_DATE_INVALID);
	check_not("2027-01-01", "fall", OVP_DATE_INVALID);
	check_not("2027-01-01", "next summer", OVP_DATE_INVALID);
}

/* The forms of the exports still read, after "by", "due" or "in" too. */
static void
test_forms_and_lead_words(void **state)
{
	(void)state;
	check_due("2027-01-01", "2027-03-31", "2027-03-31");
	check_due("2027-01-01", "by 2027-03-31", "2027-03-31");
	check_due("2027-01-01", "due 15/Jan/27", "2027-01-15");
	check_phrase("2027-01-01", "in Q3 2027", OVP_PERIOD_QUARTER, "2027-07-01", "2027-09-30");
	check_phrase("2027-01-01", "in Q3", OVP_PERIOD_QUARTER, "2027-07-01", "2027-09-30");
	check_due("2027-01-01", "by end of March", "2027-03-31");
	check_due("2027-01-01", "BY  the end of the next quarter", "2027-06-30");
	check_not("2027-01-01", "by by March", OVP_DATE_INVALID);
	check_not("2027-01-01", "by", OVP_DATE_INVALID);
	check_not("2027-01-01", "by 2027-02-30", OVP_DATE_IMPOSSIBLE);
	/* ovp_date_parse() itself reads no phrase */
	{
		const ovp_date_context ctx = {OVP_ORDER_AUTO, day_of("2027-01-01"), false};
		ovp_window w;

		assert_int_equal(ovp_date_parse("end of March", 12, &ctx, &w), OVP_DATE_INVALID);
		assert_int_equal(ovp_date_parse("EOY", 3, &ctx, &w), OVP_DATE_INVALID);
	}
}

/* What is no phrase stays no date; fiscal years are not guessed. */
static void
test_not_phrases(void **state)
{
	(void)state;
	check_not("2027-01-01", "SAML", OVP_DATE_INVALID);
	check_not("2027-01-01", "date", OVP_DATE_INVALID);
	check_not("2027-01-01", "next sprint", OVP_DATE_INVALID);
	check_not("2027-01-01", "end of list", OVP_DATE_INVALID);
	check_not("2027-01-01", "FY27", OVP_DATE_INVALID);
	check_not("2027-01-01", "end of FY", OVP_DATE_INVALID);
	check_not("2027-01-01", "Q3 FY27", OVP_DATE_INVALID);
	check_not("2027-01-01", "end of Marhc", OVP_DATE_INVALID);
	check_not("2027-01-01", "Q2 launch", OVP_DATE_INVALID);
	check_not("2027-01-01", "March (approx)", OVP_DATE_INVALID);
	check_not("2027-01-01", "end of March 3000", OVP_DATE_IMPOSSIBLE);
	check_not("2027-01-01", "1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25",
	          OVP_DATE_INVALID);
}

static void
test_looks_like(void **state)
{
	static const char *const dates[] = {
		"end of Marhc", "Marhc 2027", "Febuary 2027", "end of quater", "Q2 launch", "Q5",
		"H1, H2", "2027-02-30", "31/02/2027", "13/13/2027", "2027-13", "FY27", "end of FY",
		"next quarter", "EOY", "this year", "late 2027", "mid-2027", "spring 2027",
		"this summer", "early spring", "March release", "end of next month", "2027",
		"May", "by May 15", "May launch 2027", "end of May", "the coming quarter",
		"'27", "2Q27", "March 32", "fiscal Q3", "month-end",
	};
	static const char *const words[] = {
		"SAML", "iOS", "billing", "date", "Windows 2019", "next sprint", "Spring", "fall",
		"string values", "match score", "end of list", "late events", "Later", "v2.1.3",
		"46402", "region and date range for March", "may fail silently", "quarter over quarter",
		"next month's invoice", "EU customers", "", "   ", "(", "Office 2019 and 365",
		"Hotel \xC3\xA9t\xC3\xA9 2027", "may change",
	};

	(void)state;
	for (size_t i = 0; i < sizeof dates / sizeof dates[0]; i++)
		if (!looks(dates[i]))
			fail_msg("\"%s\" should look like a date", dates[i]);
	for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
		if (looks(words[i]))
			fail_msg("\"%s\" should not look like a date", words[i]);
	assert_false(ovp_date_looks_like(NULL, 0));
	/* only len bytes count */
	assert_false(ovp_date_looks_like("SAML 2027", 4));
	assert_true(ovp_date_looks_like("2027 SAML", 4));
}

static void
test_two_readings(void **state)
{
	ovp_window mdy, dmy;
	char a[OVP_DATE_ISO_SIZE], b[OVP_DATE_ISO_SIZE];

	(void)state;
	assert_true(ovp_date_two_readings("01/02/2027", 10, &mdy, &dmy));
	assert_string_equal(ovp_day_format(mdy.end, a), "2027-01-02");
	assert_string_equal(ovp_day_format(dmy.end, b), "2027-02-01");
	assert_true(ovp_date_two_readings("3.4.27", 6, &mdy, &dmy));
	assert_string_equal(ovp_day_format(mdy.end, a), "2027-03-04");
	assert_string_equal(ovp_day_format(dmy.end, b), "2027-04-03");
	assert_true(ovp_date_two_readings("12-11-2027 10:00", 16, &mdy, &dmy));
	assert_string_equal(ovp_day_format(mdy.end, a), "2027-12-11");
	assert_string_equal(ovp_day_format(dmy.end, b), "2027-11-12");
	/* one reading only, or both alike, or not numeric */
	assert_false(ovp_date_two_readings("13/01/2027", 10, &mdy, &dmy));
	assert_false(ovp_date_two_readings("01/13/2027", 10, &mdy, &dmy));
	assert_false(ovp_date_two_readings("05/05/2027", 10, &mdy, &dmy));
	assert_false(ovp_date_two_readings("2027-01-02", 10, &mdy, &dmy));
	assert_false(ovp_date_two_readings("Jan 2 2027", 10, &mdy, &dmy));
	assert_false(ovp_date_two_readings("02/30/2027", 10, &mdy, &dmy));
	assert_false(ovp_date_two_readings("01/02/2027", 5, &mdy, &dmy));
	assert_false(ovp_date_two_readings(NULL, 0, &mdy, &dmy));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_end_of_month_name),
		cmocka_unit_test(test_month_and_day),
		cmocka_unit_test(test_quarters_and_halves),
		cmocka_unit_test(test_relative),
		cmocka_unit_test(test_thirds),
		cmocka_unit_test(test_seasons),
		cmocka_unit_test(test_forms_and_lead_words),
		cmocka_unit_test(test_not_phrases),
		cmocka_unit_test(test_looks_like),
		cmocka_unit_test(test_two_readings),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
