/*
 * Unit tests of the calendar and the date parser (SPEC 2.2).  Every cell
 * is copied into a buffer of exactly its length with no terminating NUL,
 * so that the sanitizer builds catch any read past the end.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include <overpromise/date.h>

#include "src/date_impl.h"

static const ovp_date_context AUTO = {OVP_ORDER_AUTO, OVP_DAY_NONE, false};
static const ovp_date_context DMY = {OVP_ORDER_DMY, OVP_DAY_NONE, false};
static const ovp_date_context MDY = {OVP_ORDER_MDY, OVP_DAY_NONE, false};

static ovp_date_status
parse(const char *s, const ovp_date_context *ctx, ovp_window *w)
{
	size_t n = strlen(s);
	char *buf = malloc(n > 0 ? n : 1);
	ovp_date_status st;

	assert_non_null(buf);
	memcpy(buf, s, n);
	st = ovp_date_parse(buf, n, ctx, w);
	free(buf);
	return st;
}

static const char *
status_name(ovp_date_status st)
{
	switch (st) {
	case OVP_DATE_OK: return "OK";
	case OVP_DATE_EMPTY: return "EMPTY";
	case OVP_DATE_LATER: return "LATER";
	case OVP_DATE_INVALID: return "INVALID";
	case OVP_DATE_IMPOSSIBLE: return "IMPOSSIBLE";
	case OVP_DATE_CONFLICT: return "CONFLICT";
	}
	return "?";
}

/* s reads under ctx as the window [start, end] of the given period. */
static void
check_window(const char *s, const ovp_date_context *ctx, ovp_period period, const char *start,
             const char *end)
{
	ovp_window w;
	char a[OVP_DATE_ISO_SIZE], b[OVP_DATE_ISO_SIZE];
	ovp_date_status st = parse(s, ctx, &w);

	if (st != OVP_DATE_OK)
		fail_msg("\"%s\": status %s, expected OK", s, status_name(st));
	ovp_day_format(w.start, a);
	ovp_day_format(w.end, b);
	if (strcmp(a, start) != 0 || strcmp(b, end) != 0 || w.period != period)
		fail_msg("\"%s\": window %s..%s period %d, expected %s..%s period %d", s, a, b,
		         (int)w.period, start, end, (int)period);
}

/* s reads under ctx as the single day `day`. */
static void
check_day(const char *s, const ovp_date_context *ctx, const char *day)
{
	check_window(s, ctx, OVP_PERIOD_DAY, day, day);
}

/* s reads under ctx with status st and no window. */
static void
check_status(const char *s, const ovp_date_context *ctx, ovp_date_status st)
{
	ovp_window w;
	ovp_date_status got = parse(s, ctx, &w);

	if (got != st)
		fail_msg("\"%s\": status %s, expected %s", s, status_name(got), status_name(st));
	if (ovp_window_is_set(w) || w.start != OVP_DAY_NONE || w.period != OVP_PERIOD_NONE)
		fail_msg("\"%s\": a window was set with status %s", s, status_name(got));
}

static void
test_civil_days(void **state)
{
	char buf[OVP_DATE_ISO_SIZE];
	int y, m, d;
	ovp_day day;

	(void)state;
	assert_int_equal(ovp_day_from_ymd(1970, 1, 1), 0);
	assert_int_equal(ovp_day_from_ymd(1969, 12, 31), -1);
	assert_int_equal(ovp_day_from_ymd(2000, 3, 1), 11017);
	assert_int_equal(ovp_day_from_ymd(2027, 1, 15), 20833);
	assert_int_equal(ovp_day_from_ymd(1900, 1, 1), -25567);
	assert_int_equal(ovp_day_from_ymd(2028, 2, 29), 21243);
	assert_int_equal(ovp_day_from_ymd(2000, 2, 29), 11016);
	assert_int_equal(ovp_day_from_ymd(2027, 2, 29), OVP_DAY_NONE);
	assert_int_equal(ovp_day_from_ymd(2100, 2, 29), OVP_DAY_NONE);
	assert_int_equal(ovp_day_from_ymd(1900, 2, 29), OVP_DAY_NONE);
	assert_int_equal(ovp_day_from_ymd(2027, 4, 31), OVP_DAY_NONE);
	assert_int_equal(ovp_day_from_ymd(2027, 13, 1), OVP_DAY_NONE);
	assert_int_equal(ovp_day_from_ymd(2027, 0, 1), OVP_DAY_NONE);
	assert_int_equal(ovp_day_from_ymd(2027, 1, 0), OVP_DAY_NONE);

	ovp_day_to_ymd(20833, &y, &m, &d);
	assert_int_equal(y, 2027);
	assert_int_equal(m, 1);
	assert_int_equal(d, 15);
	ovp_day_to_ymd(-1, &y, &m, &d);
	assert_int_equal(y, 1969);
	assert_int_equal(m, 12);
	assert_int_equal(d, 31);

	/* every day from 1600 to 2400 goes there and back */
	for (day = ovp_day_from_ymd(1600, 1, 1); day <= ovp_day_from_ymd(2400, 12, 31); day++) {
		ovp_day_to_ymd(day, &y, &m, &d);
		if (ovp_day_from_ymd(y, m, d) != day)
			fail_msg("day %d -> %d-%d-%d does not go back", (int)day, y, m, d);
	}

	assert_string_equal(ovp_day_format(0, buf), "1970-01-01");
	assert_string_equal(ovp_day_format(20833, buf), "2027-01-15");
	assert_string_equal(ovp_day_format(21243, buf), "2028-02-29");
	assert_string_equal(ovp_day_format(-25567, buf), "1900-01-01");
	assert_string_equal(ovp_day_format(OVP_DAY_NONE, buf), "");
}

static void
test_today(void **state)
{
	ovp_day now;

	(void)state;
	assert_int_equal(ovp_day_from_epoch_text("1795651200"), ovp_day_from_ymd(2026, 11, 26));
	/* its last second */
	assert_int_equal(ovp_day_from_epoch_text("1795737599"), ovp_day_from_ymd(2026, 11, 26));
	assert_int_equal(ovp_day_from_epoch_text("0"), 0);
	assert_int_equal(ovp_day_from_epoch_text("-86400"), OVP_DAY_NONE);
	assert_int_equal(ovp_day_from_epoch_text("12abc"), OVP_DAY_NONE);
	assert_int_equal(ovp_day_from_epoch_text("99999999999999999999999"), OVP_DAY_NONE);
	/* The last second of 2999 is a day; the next, as for --as-of, is not. */
	assert_int_equal(ovp_day_from_epoch_text("32503679999"), ovp_day_from_ymd(2999, 12, 31));
	assert_int_equal(ovp_day_from_epoch_text("32503680000"), OVP_DAY_NONE);
	assert_int_equal(ovp_day_from_epoch_text("99999999999999"), OVP_DAY_NONE);
	assert_int_equal(ovp_day_from_epoch_text(""), OVP_DAY_NONE);
	assert_int_equal(ovp_day_from_epoch_text(NULL), OVP_DAY_NONE);

	/* The clock, whatever the environment says: that is the program's to read. */
	now = (ovp_day)(time(NULL) / 86400);
	assert_int_equal(setenv("SOURCE_DATE_EPOCH", "0", 1), 0);
	assert_in_range(ovp_day_today(), now, now + 1);
	assert_int_equal(unsetenv("SOURCE_DATE_EPOCH"), 0);
	assert_in_range(ovp_day_today(), now, now + 1);
}

static void
test_iso(void **state)
{
	(void)state;
	check_day("2027-01-15", &AUTO, "2027-01-15");
	check_day("2027-01-15T10:00:00Z", &AUTO, "2027-01-15");
	check_day("2027-01-15T10:00:00.123+02:00", &AUTO, "2027-01-15");
	check_day("2027-01-15T23:59:59-05:00", &AUTO, "2027-01-15");
	check_day("2027-01-15T10:00:00.000000Z", &AUTO, "2027-01-15");
	check_day("2027-01-15t10:00z", &AUTO, "2027-01-15");
	check_day("2027-01-15T10:00:00+0200", &AUTO, "2027-01-15");
	check_day("2027-01-15 10:00", &AUTO, "2027-01-15");
	check_day("2027-01-15 10:00:00", &AUTO, "2027-01-15");
	check_day("2027-01-15 00:00:00 UTC", &AUTO, "2027-01-15");
	check_day("2027/01/15", &AUTO, "2027-01-15");
	check_day("2027-1-5", &AUTO, "2027-01-05");
	check_day("  2027-12-31\t", &AUTO, "2027-12-31");
	check_day("\xC2\xA0" "2027-12-31" "\xC2\xA0", &AUTO, "2027-12-31");
	/* the order of numeric dates does not touch year-first dates */
	check_day("2027-01-15", &MDY, "2027-01-15");
	check_day("2027-01-15", &DMY, "2027-01-15");
}

static void
test_jira(void **state)
{
	(void)state;
	check_day("15/Jan/27 3:15 PM", &AUTO, "2027-01-15");
	check_day("15/Jan/27", &AUTO, "2027-01-15");
	check_day("15/Jan/2027 15:15", &AUTO, "2027-01-15");
	check_day("1/Feb/27 12:00 AM", &AUTO, "2027-02-01");
	check_day("29/Feb/28 9:05 am", &AUTO, "2028-02-29");
	check_day("15/jan/27 3:15PM", &MDY, "2027-01-15");
	check_status("30/Feb/27", &AUTO, OVP_DATE_IMPOSSIBLE);
	check_status("15/Jan/27 13:15 PM", &AUTO, OVP_DATE_IMPOSSIBLE);
}

/*
 * A day and a time of day read as the day alone does when the time is
 * well-formed, and the same text is read the same way however often it
 * comes (the day is remembered, the whole text is not); days that hold a
 * time of their own, serials and bad times do not take that way.
 */
static void
test_day_and_time(void **state)
{
	const ovp_date_context serial = {OVP_ORDER_AUTO, OVP_DAY_NONE, true};

	(void)state;
	for (int round = 0; round < 2; round++) {
		check_day("06/May/24 5:03 PM", &AUTO, "2024-05-06");
		check_day("06/May/24 12:00 am", &DMY, "2024-05-06");
		check_day("06/May/24 23:59", &AUTO, "2024-05-06");
		check_day("2027-01-15 0:00", &AUTO, "2027-01-15");
		check_day("03/04/2027 10:17", &DMY, "2027-04-03");
		check_day("03/04/2027 10:17 PM", &MDY, "2027-03-04");
		check_day("15-January-2027 1:05 pM", &AUTO, "2027-01-15");
		check_status("06/May/24 0:15 AM", &AUTO, OVP_DATE_IMPOSSIBLE);
		check_status("06/May/24 13:03 PM", &AUTO, OVP_DATE_IMPOSSIBLE);
		check_status("06/May/24 24:00", &AUTO, OVP_DATE_IMPOSSIBLE);
		check_status("06/May/24 5:60 PM", &AUTO, OVP_DATE_IMPOSSIBLE);
		check_status("30/Feb/24 5:03 PM", &AUTO, OVP_DATE_IMPOSSIBLE);
		check_status("13/13/2027 10:17", &AUTO, OVP_DATE_IMPOSSIBLE);
		check_status("15/04/2027 10:17", &MDY, OVP_DATE_CONFLICT);
		/* A day with a time of its own, then another time. */
		check_status("2027-01-15T5pm 5:03 PM", &AUTO, OVP_DATE_INVALID);
		check_status("2027-01-15T10:00 5:03 PM", &AUTO, OVP_DATE_INVALID);
		/* A serial is a day only on its own. */
		check_day("46402", &serial, "2027-01-15");
		check_status("46402 5:03 PM", &serial, OVP_DATE_INVALID);
		check_status("46402.5 10:17", &serial, OVP_DATE_INVALID);
		/* Months and years are not days, with a time or without. */
		check_status("2027-03 10:17", &AUTO, OVP_DATE_INVALID);
		check_status("2027 10:17", &AUTO, OVP_DATE_INVALID);
	}
}

static void
test_numeric(void **state)
{
	(void)state;
	/* undecided: a field over 12 decides, else the separator does */
	check_day("15.01.2027", &AUTO, "2027-01-15");
	check_day("15/01/2027", &AUTO, "2027-01-15");
	check_day("15-01-2027", &AUTO, "2027-01-15");
	check_day("1/15/2027 6:55:03 PM", &AUTO, "2027-01-15");
	check_day("01/02/2027", &AUTO, "2027-01-02");
	check_day("01.02.2027", &AUTO, "2027-02-01");
	check_day("01-02-2027", &AUTO, "2027-02-01");
	check_day("3.4.27", &AUTO, "2027-04-03");
	check_day("3/4/27", &AUTO, "2027-03-04");
	check_day("15.01.27 10:30", &AUTO, "2027-01-15");

	/* a decided order */
	check_day("01/02/2027", &DMY, "2027-02-01");
	check_day("01.02.2027", &MDY, "2027-01-02");
	check_day("15/01/2027", &DMY, "2027-01-15");
	check_day("1/15/2027", &MDY, "2027-01-15");
	check_day("12/12/2027", &DMY, "2027-12-12");

	/* values that contradict it */
	check_status("1/15/2027", &DMY, OVP_DATE_CONFLICT);
	check_status("15/01/2027", &MDY, OVP_DATE_CONFLICT);
	check_status("15.01.2027 10:00", &MDY, OVP_DATE_CONFLICT);
	/* no date in either order is impossible, not a conflict */
	check_status("13/13/2027", &AUTO, OVP_DATE_IMPOSSIBLE);
	check_status("13/13/2027", &DMY, OVP_DATE_IMPOSSIBLE);
	check_status("32.01.2027", &AUTO, OVP_DATE_IMPOSSIBLE);
	check_status("32.01.2027", &MDY, OVP_DATE_IMPOSSIBLE);
	check_status("02/31/2027", &DMY, OVP_DATE_IMPOSSIBLE);
	check_status("31/02/2027", &AUTO, OVP_DATE_IMPOSSIBLE);
	check_status("00/01/2027", &AUTO, OVP_DATE_IMPOSSIBLE);
	check_status("15/01/1899", &AUTO, OVP_DATE_IMPOSSIBLE);

	/* leap days */
	check_day("29.02.2028", &AUTO, "2028-02-29");
	check_day("2/29/2000", &AUTO, "2000-02-29");
	check_status("29.02.2027", &AUTO, OVP_DATE_IMPOSSIBLE);
	check_status("29.02.2100", &AUTO, OVP_DATE_IMPOSSIBLE);

	/* separators must agree and years have two or four digits */
	check_status("15/01-2027", &AUTO, OVP_DATE_INVALID);
	check_status("15/01/202", &AUTO, OVP_DATE_INVALID);
	check_status("15/01", &AUTO, OVP_DATE_INVALID);
}

static void
test_times(void **state)
{
	(void)state;
	check_day("1/15/2027 12:30 AM", &AUTO, "2027-01-15"); /* 00:30 */
	check_day("1/15/2027 12 PM", &AUTO, "2027-01-15");    /* noon */
	check_day("1/15/2027 12:00:00 p.m.", &AUTO, "2027-01-15");
	check_day("1/15/2027 11:59:59 PM", &AUTO, "2027-01-15");
	check_day("15.01.2027 23:59", &AUTO, "2027-01-15");
	check_day("15.01.2027 0:00", &AUTO, "2027-01-15");
	check_day("2027-01-15 23:59:60", &AUTO, "2027-01-15"); /* a leap second */
	check_status("1/15/2027 0:30 AM", &AUTO, OVP_DATE_IMPOSSIBLE);
	check_status("1/15/2027 13:00 PM", &AUTO, OVP_DATE_IMPOSSIBLE);
	check_status("2027-01-15 25:00", &AUTO, OVP_DATE_IMPOSSIBLE);
	check_status("2027-01-15T24:00:00", &AUTO, OVP_DATE_IMPOSSIBLE);
	check_status("2027-01-15 10:60", &AUTO, OVP_DATE_IMPOSSIBLE);
	check_status("2027-01-15T10:00:00+25:00", &AUTO, OVP_DATE_IMPOSSIBLE);
	/* an impossible day wins over a good time, a bad tail makes no date */
	check_status("2027-02-30 10:00", &AUTO, OVP_DATE_IMPOSSIBLE);
	check_status("2027-01-15 10", &AUTO, OVP_DATE_INVALID);
	check_status("2027-01-15 10:0", &AUTO, OVP_DATE_INVALID);
	check_status("2027-01-15 soon", &AUTO, OVP_DATE_INVALID);
	check_status("2027-01-15T", &AUTO, OVP_DATE_INVALID);
	check_status("1/15/2027 T10:00", &AUTO, OVP_DATE_INVALID);
	check_status("2027-01-15 10:00 +", &AUTO, OVP_DATE_INVALID);
}

/* JavaScript's Date.toString(), as Linear's CSV export writes its dates. */
static void
test_javascript_dates(void **state)
{
	(void)state;
	check_day("Fri Jan 15 2027 10:17:10 GMT+0000 (Coordinated Universal Time)", &AUTO,
	          "2027-01-15");
	check_day("Wed Jan 08 2025 10:17:10 GMT+0000 (GMT)", &AUTO, "2025-01-08");
	check_day("Mon Mar 01 2027 23:59:59 GMT+0100 (Central European Standard Time)  ", &AUTO,
	          "2027-03-01");
	check_day("2027-01-15T10:00:00-05:00 (EST)", &AUTO, "2027-01-15");
	check_day("Fri Jan 15 2027 10:17:10 GMT+0000", &AUTO, "2027-01-15");
	/* the name in parentheses only closes a time with its zone */
	check_status("Fri Jan 15 2027 (GMT)", &AUTO, OVP_DATE_INVALID);
	check_status("2027-01-15 (tentative)", &AUTO, OVP_DATE_INVALID);
	check_status("Fri Jan 15 2027 10:17:10 (GMT)", &AUTO, OVP_DATE_INVALID);
	check_status("Fri Jan 15 2027 10:17:10 GMT+0000 (GMT) x", &AUTO, OVP_DATE_INVALID);
	check_status("Fri Jan 15 2027 10:17:10 GMT+0000 (GMT", &AUTO, OVP_DATE_INVALID);
	check_status("Fri Jan 15 2027 10:17:10 GMT+0000 ()", &AUTO, OVP_DATE_INVALID);
	check_status("Fri Jan 15 2027 10:17:10 GMT+0000 (A (B))", &AUTO, OVP_DATE_INVALID);
	check_status("Tue Feb 30 2027 10:17:10 GMT+0000 (GMT)", &AUTO, OVP_DATE_IMPOSSIBLE);
	check_status("(GMT)", &AUTO, OVP_DATE_INVALID);
}

static void
test_month_names(void **state)
{
	(void)state;
	check_day("15 Jan 2027", &AUTO, "2027-01-15");
	check_day("Jan 15, 2027", &AUTO, "2027-01-15");
	check_day("January 15 2027", &AUTO, "2027-01-15");
	check_day("15-Jan-2027", &AUTO, "2027-01-15");
	check_day("15 JANUARY 2027", &AUTO, "2027-01-15");
	check_day("15 jan. 2027", &AUTO, "2027-01-15");
	check_day("Sept 5, 2027", &AUTO, "2027-09-05");
	check_day("Sep. 5, 2027", &AUTO, "2027-09-05");
	check_day("5 September 2027", &AUTO, "2027-09-05");
	check_day("15th January 2027", &AUTO, "2027-01-15");
	check_day("March 1st, 2027", &AUTO, "2027-03-01");
	check_day("Fri, 15 Jan 2027", &AUTO, "2027-01-15");
	check_day("Friday, January 15, 2027", &AUTO, "2027-01-15");
	check_day("Jan 15, 2027 10:00 AM", &AUTO, "2027-01-15");
	check_day("Jan 15, 2027, 10:00 AM", &AUTO, "2027-01-15");
	check_day("Friday, January 15th, 2027, 10:00:00.123 a.m. UTC+02:00", &AUTO, "2027-01-15");
	check_day("Feb 29, 2028", &AUTO, "2028-02-29");
	check_day("1 May 27", &AUTO, "2027-05-01");
	check_status("Feb 29, 2027", &AUTO, OVP_DATE_IMPOSSIBLE);
	check_status("31 Apr 2027", &AUTO, OVP_DATE_IMPOSSIBLE);

	/* the whole month */
	check_window("January 2027", &AUTO, OVP_PERIOD_MONTH, "2027-01-01", "2027-01-31");
	check_window("Mar 2027", &AUTO, OVP_PERIOD_MONTH, "2027-03-01", "2027-03-31");
	check_window("Mar-2027", &AUTO, OVP_PERIOD_MONTH, "2027-03-01", "2027-03-31");
	check_window("march 2027", &AUTO, OVP_PERIOD_MONTH, "2027-03-01", "2027-03-31");
	check_window("Sept. 2027", &AUTO, OVP_PERIOD_MONTH, "2027-09-01", "2027-09-30");
	check_window("Feb 2028", &AUTO, OVP_PERIOD_MONTH, "2028-02-01", "2028-02-29");
	check_window("Feb 2100", &AUTO, OVP_PERIOD_MONTH, "2100-02-01", "2100-02-28");
	check_window("2027-03", &AUTO, OVP_PERIOD_MONTH, "2027-03-01", "2027-03-31");
	check_window("2027/3", &AUTO, OVP_PERIOD_MONTH, "2027-03-01", "2027-03-31");
	check_window("03/2027", &AUTO, OVP_PERIOD_MONTH, "2027-03-01", "2027-03-31");
	check_window("12.2027", &AUTO, OVP_PERIOD_MONTH, "2027-12-01", "2027-12-31");
	check_status("2027-13", &AUTO, OVP_DATE_IMPOSSIBLE);
	check_status("13/2027", &AUTO, OVP_DATE_IMPOSSIBLE);
	check_status("2027-00", &AUTO, OVP_DATE_IMPOSSIBLE);

	/* not a month name, no year, a year we do not guess */
	check_status("Janu 2027", &AUTO, OVP_DATE_INVALID);
	check_status("Jan 15", &AUTO, OVP_DATE_INVALID);
	check_status("Jan 27", &AUTO, OVP_DATE_INVALID);
	check_status("15 Foo 2027", &AUTO, OVP_DATE_INVALID);
	check_status("Fri 2027", &AUTO, OVP_DATE_INVALID);
}

static void
test_periods(void **state)
{
	static const char *const q1[] = {
		"Q1 2027", "2027-Q1", "2027 Q1", "Q1-2027", "Q1/2027", "Q1 27", "q1 2027", "2027Q1",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof q1 / sizeof q1[0]; i++)
		check_window(q1[i], &AUTO, OVP_PERIOD_QUARTER, "2027-01-01", "2027-03-31");
	check_window("Q2 2027", &AUTO, OVP_PERIOD_QUARTER, "2027-04-01", "2027-06-30");
	check_window("Q3 2027", &AUTO, OVP_PERIOD_QUARTER, "2027-07-01", "2027-09-30");
	check_window("Q4 2027", &AUTO, OVP_PERIOD_QUARTER, "2027-10-01", "2027-12-31");
	check_window("H1 2028", &AUTO, OVP_PERIOD_HALF, "2028-01-01", "2028-06-30");
	check_window("H2 2027", &AUTO, OVP_PERIOD_HALF, "2027-07-01", "2027-12-31");
	check_window("2027 H2", &AUTO, OVP_PERIOD_HALF, "2027-07-01", "2027-12-31");
	check_window("2027-H2", &AUTO, OVP_PERIOD_HALF, "2027-07-01", "2027-12-31");
	check_window("2027", &AUTO, OVP_PERIOD_YEAR, "2027-01-01", "2027-12-31");
	check_window(" 1900 ", &AUTO, OVP_PERIOD_YEAR, "1900-01-01", "1900-12-31");
	check_window("2999", &AUTO, OVP_PERIOD_YEAR, "2999-01-01", "2999-12-31");

	check_status("Q5 2027", &AUTO, OVP_DATE_IMPOSSIBLE);
	check_status("Q0 2027", &AUTO, OVP_DATE_IMPOSSIBLE);
	check_status("H3 2027", &AUTO, OVP_DATE_IMPOSSIBLE);
	check_status("2027-Q5", &AUTO, OVP_DATE_IMPOSSIBLE);
	check_status("Q1 3027", &AUTO, OVP_DATE_IMPOSSIBLE);
	check_status("Q1", &AUTO, OVP_DATE_INVALID);
	check_status("Q12027", &AUTO, OVP_DATE_INVALID);
	check_status("Q1 2027 2028", &AUTO, OVP_DATE_INVALID);
	check_status("1899", &AUTO, OVP_DATE_INVALID);
	check_status("3000", &AUTO, OVP_DATE_INVALID);
	check_status("12", &AUTO, OVP_DATE_INVALID);
}

static void
test_serials(void **state)
{
	const ovp_date_context serial = {OVP_ORDER_AUTO, OVP_DAY_NONE, true};

	(void)state;
	check_day("46402", &serial, "2027-01-15");
	check_day("46402.5", &serial, "2027-01-15");
	check_day("46402.999988426", &serial, "2027-01-15");
	check_day("25569", &serial, "1970-01-01");
	check_day("20000", &serial, "1954-10-03");
	check_day("80000", &serial, "2119-01-11");
	check_status("19999", &serial, OVP_DATE_INVALID);
	check_status("80001", &serial, OVP_DATE_INVALID);
	check_status("46402,5", &serial, OVP_DATE_INVALID);
	check_status("46402.", &serial, OVP_DATE_INVALID);
	check_status("-46402", &serial, OVP_DATE_INVALID);
	/* not where serials are not allowed */
	check_status("46402", &AUTO, OVP_DATE_INVALID);
	check_status("46402.5", &AUTO, OVP_DATE_INVALID);
}

static void
test_buckets(void **state)
{
	ovp_date_context ctx = {OVP_ORDER_AUTO, 0, false};

	(void)state;
	ctx.as_of = ovp_day_from_ymd(2026, 11, 26);
	check_window("Now", &ctx, OVP_PERIOD_QUARTER, "2026-10-01", "2026-12-31");
	check_window("Next", &ctx, OVP_PERIOD_QUARTER, "2027-01-01", "2027-03-31");
	check_window("NOW", &ctx, OVP_PERIOD_QUARTER, "2026-10-01", "2026-12-31");
	check_window(" next ", &ctx, OVP_PERIOD_QUARTER, "2027-01-01", "2027-03-31");
	check_status("Later", &ctx, OVP_DATE_LATER);
	check_status("LATER", &ctx, OVP_DATE_LATER);

	ctx.as_of = ovp_day_from_ymd(2027, 3, 31);
	check_window("now", &ctx, OVP_PERIOD_QUARTER, "2027-01-01", "2027-03-31");
	check_window("next", &ctx, OVP_PERIOD_QUARTER, "2027-04-01", "2027-06-30");
	ctx.as_of = ovp_day_from_ymd(2027, 4, 1);
	check_window("now", &ctx, OVP_PERIOD_QUARTER, "2027-04-01", "2027-06-30");

	/* without an as-of day there is no Now or Next; Later needs none */
	check_status("Now", &AUTO, OVP_DATE_INVALID);
	check_status("Next", &AUTO, OVP_DATE_INVALID);
	check_status("Later", &AUTO, OVP_DATE_LATER);
	check_status("Nowadays", &ctx, OVP_DATE_INVALID);
	check_status("Now 2027", &ctx, OVP_DATE_INVALID);
}

static void
test_garbage(void **state)
{
	ovp_window w;

	(void)state;
	check_status("", &AUTO, OVP_DATE_EMPTY);
	check_status("   ", &AUTO, OVP_DATE_EMPTY);
	check_status("\t\r\n", &AUTO, OVP_DATE_EMPTY);
	check_status("\xC2\xA0", &AUTO, OVP_DATE_EMPTY);
	assert_int_equal(ovp_date_parse(NULL, 0, &AUTO, &w), OVP_DATE_EMPTY);
	check_status("TBD", &AUTO, OVP_DATE_INVALID);
	check_status("n/a", &AUTO, OVP_DATE_INVALID);
	check_status("soon", &AUTO, OVP_DATE_INVALID);
	check_status("2027-01-15x", &AUTO, OVP_DATE_INVALID);
	check_status("2027-01-15 (approx)", &AUTO, OVP_DATE_INVALID);
	check_status("2027–01–15", &AUTO, OVP_DATE_INVALID); /* en dashes */
	check_status("20270115", &AUTO, OVP_DATE_INVALID);
	check_status("2027-01-15-16", &AUTO, OVP_DATE_INVALID);
	check_status("-", &AUTO, OVP_DATE_INVALID);
	check_status("1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25 26",
	             &AUTO, OVP_DATE_INVALID);
	check_status("99999999999999999999-01-01", &AUTO, OVP_DATE_INVALID);
	check_status("2027-01-999999999999999999", &AUTO, OVP_DATE_INVALID);
	/* impossible values in a known form */
	check_status("2027-02-30", &AUTO, OVP_DATE_IMPOSSIBLE);
	check_status("2027-02-29", &AUTO, OVP_DATE_IMPOSSIBLE);
	check_status("2100-02-29", &AUTO, OVP_DATE_IMPOSSIBLE);
	check_status("2027-13-01", &AUTO, OVP_DATE_IMPOSSIBLE);
	check_status("0000-00-00", &AUTO, OVP_DATE_IMPOSSIBLE);
	check_status("1899-12-31", &AUTO, OVP_DATE_IMPOSSIBLE);
	check_status("3000-01-01", &AUTO, OVP_DATE_IMPOSSIBLE);
	/* a NULL context reads like an undecided one */
	assert_int_equal(ovp_date_parse("01/02/2027", 10, NULL, &w), OVP_DATE_OK);
	assert_int_equal(w.start, ovp_day_from_ymd(2027, 1, 2));
}

static void
test_length_is_respected(void **state)
{
	const char *cell = "2027-01-159";
	ovp_window w;

	(void)state;
	assert_int_equal(ovp_date_parse(cell, 10, &AUTO, &w), OVP_DATE_OK);
	assert_int_equal(w.start, ovp_day_from_ymd(2027, 1, 15));
	assert_int_equal(ovp_date_parse(cell, 11, &AUTO, &w), OVP_DATE_INVALID);
	assert_int_equal(ovp_date_parse("Q1 20277", 7, &AUTO, &w), OVP_DATE_OK);
	assert_int_equal(w.end, ovp_day_from_ymd(2027, 3, 31));
	assert_int_equal(ovp_date_parse("Q1 2027", 6, &AUTO, &w), OVP_DATE_INVALID);
	assert_int_equal(ovp_date_parse("2027", 0, &AUTO, &w), OVP_DATE_EMPTY);
	/* a byte that could start U+00A0 at the very end */
	check_status("2027\xC2", &AUTO, OVP_DATE_INVALID);
}

static ovp_date_sniff
sniff_all(const char *const *cells, size_t n)
{
	ovp_date_sniff sn;
	size_t i;

	memset(&sn, 0, sizeof sn);
	for (i = 0; i < n; i++)
		ovp_date_sniff_add(&sn, cells[i], strlen(cells[i]));
	return sn;
}

/*
 * One cell added to two sniffs at once (a column's and the file's) adds
 * to each what ovp_date_sniff_add() adds, whatever each held before.
 */
static void
test_sniff_add2(void **state)
{
	static const char *const cells[] = {
		"01.02.2027", "15.03.2027", "1/2/2027", "3/15/2027", "12/31/2027 6:00 PM", "13/01/2027",
		"01/13/2027", "2027-01-15", "March 2027", "46402", "46402.5", "Later", "Now",
		"2027-02-30", "soon", "   ", "", "12", "13/13/2027", "32/01/2027", "15/Jan/27 3:15 PM",
	};
	ovp_date_sniff a, b, want_a, want_b;

	(void)state;
	memset(&a, 0, sizeof a);
	memset(&want_a, 0, sizeof want_a);
	for (size_t i = 0; i < sizeof cells / sizeof *cells; i++) {
		size_t len = strlen(cells[i]);

		/* b starts from another column's evidence each time. */
		memset(&b, 0, sizeof b);
		b.dates = 7;
		b.dmy = 3;
		want_b = b;
		ovp_date_sniff_add2(&a, &b, cells[i], len);
		ovp_date_sniff_add(&want_a, cells[i], len);
		ovp_date_sniff_add(&want_b, cells[i], len);
		assert_memory_equal(&a, &want_a, sizeof a);
		assert_memory_equal(&b, &want_b, sizeof b);
	}
	assert_int_equal(a.dates, 15);
	assert_int_equal(a.serials, 2);
	assert_int_equal(a.nondates, 2);
}

static void
test_sniff(void **state)
{
	static const char *const euro[] = {"01.02.2027", "15.03.2027", "28.02.2027", "", "TBD"};
	static const char *const us[] = {"1/2/2027", "3/15/2027", "12/31/2027 6:00 PM", "Q1 2027"};
	static const char *const tie[] = {"13/01/2027", "01/13/2027"};
	static const char *const none[] = {"01/02/2027", "2027-01-15", "March 2027"};
	static const char *const mixed[] = {
		"46402", "46402.5", "2027-01-15", "Later", "Now", "2027-02-30", "soon", "   ", "12",
		"13/13/2027", "32/01/2027",
	};
	ovp_date_sniff sn;

	(void)state;
	sn = sniff_all(euro, 5);
	assert_int_equal(sn.dmy, 2);
	assert_int_equal(sn.mdy, 0);
	assert_int_equal(sn.dates, 3);
	assert_int_equal(sn.nondates, 1);
	assert_int_equal(sn.serials, 0);
	assert_int_equal(sn.numeric, 3);
	assert_int_equal(ovp_date_sniff_decide(&sn), OVP_ORDER_DMY);

	sn = sniff_all(us, 4);
	assert_int_equal(sn.dmy, 0);
	assert_int_equal(sn.mdy, 2);
	assert_int_equal(sn.dates, 4);
	assert_int_equal(sn.nondates, 0);
	assert_int_equal(ovp_date_sniff_decide(&sn), OVP_ORDER_MDY);

	sn = sniff_all(tie, 2);
	assert_int_equal(sn.dmy, 1);
	assert_int_equal(sn.mdy, 1);
	assert_int_equal(ovp_date_sniff_decide(&sn), OVP_ORDER_AUTO);

	sn = sniff_all(none, 3);
	assert_int_equal(sn.dmy, 0);
	assert_int_equal(sn.mdy, 0);
	assert_int_equal(sn.dates, 3);
	/* only 01/02/2027: ISO dates and month names have no order to decide */
	assert_int_equal(sn.numeric, 1);
	assert_int_equal(ovp_date_sniff_decide(&sn), OVP_ORDER_AUTO);

	sn = sniff_all(mixed, sizeof mixed / sizeof mixed[0]);
	assert_int_equal(sn.serials, 2);
	/* 2027-01-15, Later, Now, and the impossible 2027-02-30, 13/13, 32/01 */
	assert_int_equal(sn.dates, 6);
	assert_int_equal(sn.nondates, 2);
	assert_int_equal(sn.dmy, 0);
	assert_int_equal(sn.mdy, 0);
	/* the impossible 13/13/2027 and 32/01/2027 */
	assert_int_equal(sn.numeric, 2);

	{
		static const char *const named[] = {"15/Jan/27 3:15 PM", "Jan 15, 2027", "15 Mar 2027",
		                                    "2027-03-31T10:00:00Z", "Q1 2027", "46402"};

		sn = sniff_all(named, sizeof named / sizeof named[0]);
		assert_int_equal(sn.dates, 5);
		assert_int_equal(sn.numeric, 0);
	}

	/* a decided order then reads the column */
	sn = sniff_all(euro, 5);
	{
		ovp_date_context ctx = {ovp_date_sniff_decide(&sn), OVP_DAY_NONE, false};

		check_day("01/02/2027", &ctx, "2027-02-01");
		check_status("02/13/2027", &ctx, OVP_DATE_CONFLICT);
	}
	memset(&sn, 0, sizeof sn);
	assert_int_equal(ovp_date_sniff_decide(&sn), OVP_ORDER_AUTO);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_civil_days),
		cmocka_unit_test(test_today),
		cmocka_unit_test(test_iso),
		cmocka_unit_test(test_jira),
		cmocka_unit_test(test_day_and_time),
		cmocka_unit_test(test_numeric),
		cmocka_unit_test(test_times),
		cmocka_unit_test(test_javascript_dates),
		cmocka_unit_test(test_month_names),
		cmocka_unit_test(test_periods),
		cmocka_unit_test(test_serials),
		cmocka_unit_test(test_buckets),
		cmocka_unit_test(test_garbage),
		cmocka_unit_test(test_length_is_respected),
		cmocka_unit_test(test_sniff),
		cmocka_unit_test(test_sniff_add2),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
