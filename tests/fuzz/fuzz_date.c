/*
 * Fuzz target: the date parser and the day/month order sniffer.  The
 * first byte chooses the context (order, Excel serials, whether there
 * is an as-of day), the next two the as-of day between 1970 and 2149;
 * the rest is a column of cells, one a line: each is added to a sniff,
 * the sniff decides an order, and each cell is parsed under it and
 * under the context given.
 *
 * Each cell is also read with the date phrases of promises, asked whether
 * it looks like a date, and for its two readings.
 *
 * Checked besides memory errors and undefined behaviour: a window read
 * is well formed (start <= end, a period) and lies in the years 0..9999
 * that "YYYY-MM-DD" can write, as date.c promises; its days survive the
 * round trip through year, month and day; what reads as a date without
 * phrases reads the same with them; two readings are two days; the
 * thread's cache of recent parses gives what a parse from scratch gives
 * (each cell is parsed twice, so that the second parse hits the cache).
 */
#include <string.h>

#include <overpromise/date.h>

#include "fuzz.h"
#include "src/date_impl.h"
#include "src/date_phrase.h"

static void
check_day(ovp_day d)
{
	char buf[OVP_DATE_ISO_SIZE];
	int y, m, dd;

	FUZZ_CHECK(d != OVP_DAY_NONE);
	ovp_day_format(d, buf);
	FUZZ_CHECK(strlen(buf) == 10);
	ovp_day_to_ymd(d, &y, &m, &dd);
	FUZZ_CHECK(ovp_day_from_ymd(y, m, dd) == d);
}

/* A status and its window as date.c promises them. */
static void
check_window(ovp_date_status st, ovp_window w)
{
	FUZZ_CHECK(st >= OVP_DATE_OK && st <= OVP_DATE_CONFLICT);
	if (st != OVP_DATE_OK) {
		FUZZ_CHECK(!ovp_window_is_set(w) && w.start == OVP_DAY_NONE);
		return;
	}
	FUZZ_CHECK(w.period != OVP_PERIOD_NONE);
	FUZZ_CHECK(w.start <= w.end);
	check_day(w.start);
	check_day(w.end);
	if (w.period == OVP_PERIOD_DAY)
		FUZZ_CHECK(w.start == w.end);
}

static void
parse_one(const char *s, size_t len, const ovp_date_context *ctx)
{
	ovp_window w, pw, mdy, dmy;
	ovp_date_status st = ovp_date_parse(s, len, ctx, &w);
	ovp_date_status pst = ovp_date_parse_phrase(s, len, ctx, &pw);

	check_window(st, w);
	check_window(pst, pw);
	for (int phrases = 0; phrases < 2; phrases++) {
		ovp_window cw, uw;
		ovp_date_status cst = phrases ? ovp_date_parse_phrase(s, len, ctx, &cw)
		                              : ovp_date_parse(s, len, ctx, &cw);
		ovp_date_status ust = ovp_date_parse_uncached(s, len, ctx, phrases, &uw);

		FUZZ_CHECK(cst == (phrases ? pst : st));
		FUZZ_CHECK(cst == ust);
		FUZZ_CHECK(cw.start == uw.start && cw.end == uw.end && cw.period == uw.period);
	}
	if (st == OVP_DATE_OK)
		FUZZ_CHECK(pst == OVP_DATE_OK && pw.start == w.start && pw.end == w.end);
	(void)ovp_date_looks_like(s, len);
	if (ovp_date_two_readings(s, len, &mdy, &dmy)) {
		FUZZ_CHECK(mdy.period == OVP_PERIOD_DAY && dmy.period == OVP_PERIOD_DAY);
		FUZZ_CHECK(mdy.start != dmy.start);
		check_day(mdy.start);
		check_day(dmy.start);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	ovp_date_context ctx;
	ovp_date_sniff sniff;
	const char *text, *end, *p;

	if (size < 3)
		return 0;
	ctx.order = (ovp_date_order)(data[0] % 3);
	ctx.allow_serial = (data[0] & 4) != 0;
	ctx.as_of = (data[0] & 8) ? OVP_DAY_NONE : (ovp_day)(data[1] << 8 | data[2]);
	text = (const char *)data + 3;
	end = (const char *)data + size;

	/* The whole rest as one cell, under the context given. */
	parse_one(text, (size_t)(end - text), &ctx);

	memset(&sniff, 0, sizeof sniff);
	for (p = text; p < end;) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *e = nl != NULL ? nl : end;

		ovp_date_sniff_add(&sniff, p, (size_t)(e - p));
		p = e + 1;
	}
	FUZZ_CHECK(sniff.dmy + sniff.mdy <= sniff.dates);
	ctx.order = ovp_date_sniff_decide(&sniff);
	FUZZ_CHECK(ctx.order == OVP_ORDER_AUTO || ctx.order == OVP_ORDER_DMY ||
	           ctx.order == OVP_ORDER_MDY);
	for (p = text; p < end;) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *e = nl != NULL ? nl : end;

		parse_one(p, (size_t)(e - p), &ctx);
		p = e + 1;
	}
	return 0;
}
