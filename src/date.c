/*
 * Calendar days and the date parser.
 *
 * Every date cell of both exports passes through ovp_date_parse(), so it
 * is written for speed and for safety on hostile input: the cell is cut
 * into at most a few dozen tokens (numbers, ASCII words, punctuation)
 * without allocating, and the token sequence is matched against the
 * forms of SPEC 2.2 one by one.  Nothing here depends on the locale: the
 * tokens are classified with ASCII helpers and numbers are read by hand.
 *
 * Days are counted from 1970-01-01 in the proleptic Gregorian calendar
 * with Howard Hinnant's civil-date algorithms
 * (https://howardhinnant.github.io/date_algorithms.html).
 *
 * Exports repeat their dates: a million deals close on a few hundred
 * days, and the promise splitter tries the same candidate dates over and
 * over.  The parser is a pure function of the text and the context, so
 * each thread remembers its recent results in a small set-associative
 * cache and parses a repeated value only once.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <threads.h>
#include <time.h>

#include <overpromise/date.h>

#include "date_impl.h"
#include "date_phrase.h"
#include "util/str.h"

/* Years a date may name; anything else is a typo or a placeholder value. */
#define YEAR_MIN 1900
#define YEAR_MAX 2999

/* Excel's 1900 system: serial 25569 is 1970-01-01. */
#define SERIAL_EPOCH 25569
#define SERIAL_MIN 20000
#define SERIAL_MAX 80000

/*
 * No date form has more tokens than this: "Friday, January 15th, 2027,
 * 10:00:00.123 a.m. UTC+02:00", the longest, has 26.
 */
#define MAX_TOKENS 32

/* Numbers saturate here: a field that large is no valid date part anyway. */
#define NUM_CAP 100000000L

/* Returned by the form matchers when the tokens are not in their form. */
#define NO_MATCH (-1)

enum tok_kind { TOK_NUM, TOK_WORD, TOK_SEP };

typedef struct tok {
	enum tok_kind kind;
	char sep;        /* TOK_SEP: the character */
	int ndigits;     /* TOK_NUM: digits written, leading zeros included (saturates) */
	long num;        /* TOK_NUM: value, saturated near NUM_CAP */
	const char *s;   /* TOK_WORD: the letters */
	size_t len;      /* TOK_WORD: their number */
} tok;

/* The tokens of one cell. */
typedef struct toks {
	tok t[MAX_TOKENS];
	int n;
	bool zone_name; /* the text ended in a parenthesised zone name */
} toks;

/* What a match found out about the written value, for the order sniffer. */
typedef struct parse_info {
	int32_t first;   /* its first field (numbers saturate near NUM_CAP, well within) */
	int32_t second;  /* its second field */
	bool numeric;    /* a numeric d/m/y or m/d/y date */
	bool serial;     /* a bare number in the Excel serial range */
} parse_info;

/*
 * The cache: CACHE_SETS sets of CACHE_WAYS remembered parses each, and
 * the longest text remembered (most dates are shorter).  An export's
 * working set is a few thousand texts: two date columns spanning a few
 * years hold over a thousand distinct days, the promise splitter adds its
 * candidates ("Q3 2027", "H2 2028") under the cell order, and the sniffer
 * asks about the first rows under its own context.  A direct-mapped cache
 * of 1024 slots missed on every other cell of such an export; 8192
 * entries in sets of four keep nearly all of them, at 528 KiB per thread.
 * A hit is a wait on memory, the cache being too large to stay close
 * while a long export streams through: so each set's entries have a tag
 * of 16 bits of the hash apart from them (16 KiB that stay close), and a
 * lookup reads the one entry whose tag matches, which fills one cache
 * line of its own, instead of comparing entry after entry.
 */
#define CACHE_SET_BITS 11
#define CACHE_SETS (1 << CACHE_SET_BITS)
#define CACHE_WAYS 4
#define CACHE_TEXT 24

/* A text of at most CACHE_TEXT bytes as the cache keys it: in words, zero padded. */
typedef struct cache_key {
	uint64_t w[CACHE_TEXT / 8];
} cache_key;

/* One remembered parse: the text and context asked about, and the answer; a cache line. */
typedef struct cached_parse {
	cache_key text;
	ovp_window out;
	ovp_day as_of;
	parse_info info;
	unsigned char len; /* 0: the entry is free (empty texts are never remembered) */
	unsigned char order;
	unsigned char status;
	bool allow_serial;
	bool phrases; /* read with the date phrases of promises */
} cached_parse;

_Static_assert(sizeof(cached_parse) <= 64, "a remembered parse fits a cache line");

/*
 * The cache of one thread: each set's tags (0: the entry is free), then
 * its entries, the most recent first, in memory aligned to cache lines.
 */
typedef struct date_cache {
	uint16_t tag[CACHE_SETS][CACHE_WAYS];
	_Alignas(64) cached_parse set[CACHE_SETS][CACHE_WAYS];
} date_cache;

/*
 * Each thread's cache, made on its first cached parse and freed when the
 * thread ends (the key's destructor): a thread of a program that embeds
 * the library carries a pointer, not the whole cache, and one that never
 * reads a date costs nothing more.
 */
static _Thread_local date_cache *cache;
static tss_t cache_owner;
static bool cache_owner_made;
static once_flag cache_owner_once = ONCE_FLAG_INIT;

static void
make_cache_owner(void)
{
	cache_owner_made = tss_create(&cache_owner, free) == thrd_success;
}

/* ---- civil calendar ---------------------------------------------------- */

static bool
is_leap(long y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int
days_in_month(long y, int m)
{
	static const int dim[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

	if (m == 2 && is_leap(y))
		return 29;
	return dim[m - 1];
}

/* Hinnant's days_from_civil, for a date already known to exist. */
static int64_t
days_from_civil(int64_t y, int64_t m, int64_t d)
{
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/*
 * The day of year-month-day, or OVP_DAY_NONE when the date does not exist
 * or lies too far out for a 32-bit day count (years beyond +-5 million).
 */
ovp_day
ovp_day_from_ymd(int year, int month, int day)
{
	if (month < 1 || month > 12 || day < 1 || year < -5000000 || year > 5000000)
		return OVP_DAY_NONE;
	if (day > days_in_month(year, month))
		return OVP_DAY_NONE;
	return (ovp_day)days_from_civil(year, month, day);
}

/* Hinnant's civil_from_days.  OVP_DAY_NONE gives 0-0-0. */
void
ovp_day_to_ymd(ovp_day d, int *year, int *month, int *day)
{
	int64_t z, era, doe, yoe, y, doy, mp, dd, mm;

	if (d == OVP_DAY_NONE) {
		*year = *month = *day = 0;
		return;
	}
	z = (int64_t)d + 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	y = yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	dd = doy - (153 * mp + 2) / 5 + 1;
	mm = mp < 10 ? mp + 3 : mp - 9;
	*year = (int)(y + (mm <= 2));
	*month = (int)mm;
	*day = (int)dd;
}

/*
 * "YYYY-MM-DD".  Days outside the years 0..9999 cannot be written in that
 * form and give "" like OVP_DAY_NONE; the parser never produces them.
 */
char *
ovp_day_format(ovp_day d, char buf[OVP_DATE_ISO_SIZE])
{
	int y, m, dd;

	buf[0] = '\0';
	if (d == OVP_DAY_NONE)
		return buf;
	ovp_day_to_ymd(d, &y, &m, &dd);
	if (y < 0 || y > 9999)
		return buf;
	buf[0] = (char)('0' + y / 1000);
	buf[1] = (char)('0' + y / 100 % 10);
	buf[2] = (char)('0' + y / 10 % 10);
	buf[3] = (char)('0' + y % 10);
	buf[4] = '-';
	buf[5] = (char)('0' + m / 10);
	buf[6] = (char)('0' + m % 10);
	buf[7] = '-';
	buf[8] = (char)('0' + dd / 10);
	buf[9] = (char)('0' + dd % 10);
	buf[10] = '\0';
	return buf;
}

ovp_day
ovp_day_from_epoch_text(const char *v)
{
	uint64_t secs = 0;

	if (v == NULL || *v == '\0')
		return OVP_DAY_NONE;
	for (; *v != '\0'; v++) {
		if (*v < '0' || *v > '9')
			return OVP_DAY_NONE;
		secs = secs * 10 + (uint64_t)(*v - '0');
		if (secs > (uint64_t)INT32_MAX * 86400)
			return OVP_DAY_NONE;
	}
	/* A day past the last year a date may have is one --as-of refuses and no report
	 * can write (JSON's as_of came out empty): ignored, as a malformed value is. */
	if (secs / 86400 > (uint64_t)ovp_day_from_ymd(YEAR_MAX, 12, 31))
		return OVP_DAY_NONE;
	return (ovp_day)(secs / 86400);
}

ovp_day
ovp_day_today(void)
{
	time_t now = time(NULL);

	if (now < 0)
		return 0;
	return (ovp_day)(now / 86400);
}

/* ---- windows ----------------------------------------------------------- */

/* The window of the months first..last of year y (validated by the caller). */
static ovp_window
months_window(long y, int first, int last, ovp_period period)
{
	ovp_window w;

	w.start = (ovp_day)days_from_civil(y, first, 1);
	w.end = (ovp_day)days_from_civil(y, last, days_in_month(y, last));
	w.period = period;
	return w;
}

/* The quarter that holds day d, moved by `ahead` quarters. */
static ovp_window
quarter_of(ovp_day d, int ahead)
{
	int y, m, dd, q;

	ovp_day_to_ymd(d, &y, &m, &dd);
	q = (m - 1) / 3 + ahead;
	y += q / 4;
	q %= 4;
	return months_window(y, q * 3 + 1, q * 3 + 3, OVP_PERIOD_QUARTER);
}

/* ---- ASCII helpers ----------------------------------------------------- */

static bool
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool
is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static char
lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

/* Is the word w (len letters, any case) equal to the lower-case lit? */
static bool
word_is(const char *w, size_t len, const char *lit)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (lit[i] == '\0' || lower(w[i]) != lit[i])
			return false;
	return lit[len] == '\0';
}

/* ---- tokens ------------------------------------------------------------ */

/*
 * Is [p, e) a parenthesised name that closes the text, such as the
 * "(Coordinated Universal Time)" with which JavaScript's Date.toString()
 * (and so Linear's export) ends a date-time?  Letters, blanks and the
 * bytes of non-ASCII letters only, then blanks to the end.
 */
static bool
is_zone_name(const char *p, const char *e)
{
	const char *q;

	if (p == e || *p != '(')
		return false;
	for (q = p + 1; q < e && *q != ')'; q++)
		if (!(is_alpha(*q) || *q == ' ' || *q == '-' || (unsigned char)*q >= 0x80))
			return false;
	if (q == e || q == p + 1)
		return false;
	for (q++; q < e; q++)
		if (ovp_blank_width(q, e) == 0)
			return false;
	return true;
}

/*
 * Cut [p, e) into tokens.  Returns false when the text holds a character
 * no date form uses or more tokens than any form has: such a cell is not
 * a date, and a long cell is rejected after a few dozen bytes.  A closing
 * parenthesised zone name is noted in zone_name and not tokenised.
 */
static bool
tokenize(const char *p, const char *e, toks *out)
{
	out->n = 0;
	out->zone_name = false;
	while (p < e) {
		size_t bw = ovp_blank_width(p, e);
		tok *t;

		if (bw > 0) {
			p += bw;
			continue;
		}
		if (*p == '(' && out->n > 0 && is_zone_name(p, e)) {
			out->zone_name = true;
			return true;
		}
		if (out->n == MAX_TOKENS)
			return false;
		t = &out->t[out->n++];
		if (is_digit(*p)) {
			t->kind = TOK_NUM;
			t->num = 0;
			t->ndigits = 0;
			for (; p < e && is_digit(*p); p++) {
				if (t->num < NUM_CAP)
					t->num = t->num * 10 + (*p - '0');
				if (t->ndigits < 99)
					t->ndigits++;
			}
		} else if (is_alpha(*p)) {
			t->kind = TOK_WORD;
			t->s = p;
			for (; p < e && is_alpha(*p); p++)
				;
			t->len = (size_t)(p - t->s);
		} else if (*p == '/' || *p == '.' || *p == '-' || *p == ',' || *p == ':' ||
		           *p == '+') {
			t->kind = TOK_SEP;
			t->sep = *p++;
		} else {
			return false;
		}
	}
	return true;
}

static bool
is_num(const toks *ts, int i, int min_digits, int max_digits)
{
	return i < ts->n && ts->t[i].kind == TOK_NUM && ts->t[i].ndigits >= min_digits &&
	       ts->t[i].ndigits <= max_digits;
}

static bool
is_sep(const toks *ts, int i, const char *set)
{
	const char *c;

	if (i >= ts->n || ts->t[i].kind != TOK_SEP)
		return false;
	for (c = set; *c != '\0'; c++)
		if (ts->t[i].sep == *c)
			return true;
	return false;
}

static bool
is_word(const toks *ts, int i, const char *lit)
{
	return i < ts->n && ts->t[i].kind == TOK_WORD && word_is(ts->t[i].s, ts->t[i].len, lit);
}

/* A year token: two digits are 20xx, four digits are taken as written. */
static bool
is_year(const toks *ts, int i)
{
	return is_num(ts, i, 2, 2) || is_num(ts, i, 4, 4);
}

static long
year_value(const tok *t)
{
	return t->ndigits == 2 ? 2000 + t->num : t->num;
}

static bool
year_ok(long y)
{
	return y >= YEAR_MIN && y <= YEAR_MAX;
}

/* The month (1-12) an English month name or abbreviation names, else 0. */
static int
month_of_word(const tok *t)
{
	static const char *const names[12] = {
		"january", "february", "march", "april", "may", "june", "july",
		"august", "september", "october", "november", "december",
	};
	int m;

	if (t->kind != TOK_WORD || t->len < 3)
		return 0;
	for (m = 0; m < 12; m++) {
		if (word_is(t->s, t->len, names[m]))
			return m + 1;
		if (t->len == 3 && lower(t->s[0]) == names[m][0] &&
		    lower(t->s[1]) == names[m][1] && lower(t->s[2]) == names[m][2])
			return m + 1;
	}
	if (word_is(t->s, t->len, "sept"))
		return 9;
	return 0;
}

static bool
is_weekday(const tok *t)
{
	static const char *const names[] = {
		"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
		"mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun",
	};
	size_t k;

	if (t->kind != TOK_WORD)
		return false;
	for (k = 0; k < sizeof names / sizeof names[0]; k++)
		if (word_is(t->s, t->len, names[k]))
			return true;
	return false;
}

/* Skip at most `max` separator tokens of set from *i. */
static void
skip_seps(const toks *ts, int *i, const char *set, int max)
{
	while (max-- > 0 && is_sep(ts, *i, set))
		(*i)++;
}

/* ---- time of day ------------------------------------------------------- */

/*
 * Match an optional time of day with its optional zone from token i to
 * the end: "10:00", "10:00:00.123Z", "3:15 PM", "6:55:03 pm", "3 PM",
 * "10:00+02:00", "10:00 UTC".  The time is checked, then dropped: a
 * date-time stands for the calendar day written.  Returns OVP_DATE_OK,
 * OVP_DATE_IMPOSSIBLE (hour 25, 13 PM) or NO_MATCH.
 */
static int
match_time(const toks *ts, int i, bool allow_t)
{
	long h, min = 0, sec = 0, zh = 0, zm = 0;
	bool has_min = false, ampm = false, pm = false;

	if (i == ts->n)
		return OVP_DATE_OK;
	if (is_sep(ts, i, ","))
		i++;
	else if (allow_t && is_word(ts, i, "t"))
		i++;
	if (!is_num(ts, i, 1, 2))
		return NO_MATCH;
	h = ts->t[i++].num;
	if (is_sep(ts, i, ":") && is_num(ts, i + 1, 2, 2)) {
		has_min = true;
		min = ts->t[i + 1].num;
		i += 2;
		if (is_sep(ts, i, ":") && is_num(ts, i + 1, 2, 2)) {
			sec = ts->t[i + 1].num;
			i += 2;
			if (is_sep(ts, i, ".,") && is_num(ts, i + 1, 1, 12))
				i += 2;
		}
	}
	/* AM/PM, also written "a.m." */
	if (is_word(ts, i, "am") || is_word(ts, i, "pm")) {
		ampm = true;
		pm = lower(ts->t[i].s[0]) == 'p';
		i++;
	} else if ((is_word(ts, i, "a") || is_word(ts, i, "p")) && is_sep(ts, i + 1, ".") &&
	           is_word(ts, i + 2, "m")) {
		ampm = true;
		pm = lower(ts->t[i].s[0]) == 'p';
		i += 3;
		if (is_sep(ts, i, "."))
			i++;
	}
	if (!has_min && !ampm)
		return NO_MATCH;
	/* the zone: Z, UTC or GMT, and/or an offset */
	if (is_word(ts, i, "z") || is_word(ts, i, "utc") || is_word(ts, i, "gmt"))
		i++;
	if (is_sep(ts, i, "+-")) {
		if (is_num(ts, i + 1, 4, 4)) {
			zh = ts->t[i + 1].num / 100;
			zm = ts->t[i + 1].num % 100;
			i += 2;
		} else if (is_num(ts, i + 1, 1, 2)) {
			zh = ts->t[i + 1].num;
			i += 2;
			if (is_sep(ts, i, ":") && is_num(ts, i + 1, 2, 2)) {
				zm = ts->t[i + 1].num;
				i += 2;
			}
		} else {
			return NO_MATCH;
		}
	}
	if (i != ts->n)
		return NO_MATCH;
	if (ampm) {
		if (h < 1 || h > 12)
			return OVP_DATE_IMPOSSIBLE;
		h = h % 12 + (pm ? 12 : 0);
	}
	if (h > 23 || min > 59 || sec > 60 || zh > 14 || zm > 59)
		return OVP_DATE_IMPOSSIBLE;
	return OVP_DATE_OK;
}

/* ---- date forms -------------------------------------------------------- */

/*
 * A day with the time tail that follows it from token i.  The structure
 * is checked before the values, so that "2027-02-30 junk" is not a date
 * at all while "2027-02-30 10:00" is an impossible one.
 */
static int
finish_day(const toks *ts, int i, bool allow_t, long y, long m, long d, ovp_window *out)
{
	int tail = match_time(ts, i, allow_t);

	if (tail == NO_MATCH)
		return NO_MATCH;
	if (!year_ok(y) || m < 1 || m > 12 || d < 1 || d > days_in_month(y, (int)m))
		return OVP_DATE_IMPOSSIBLE;
	if (tail != OVP_DATE_OK)
		return tail;
	out->start = out->end = (ovp_day)days_from_civil(y, m, d);
	out->period = OVP_PERIOD_DAY;
	return OVP_DATE_OK;
}

/* The months first..last of year y, or impossible when they do not exist. */
static int
finish_months(long y, long first, long last, ovp_period period, ovp_window *out)
{
	if (!year_ok(y) || first < 1 || last > 12)
		return OVP_DATE_IMPOSSIBLE;
	*out = months_window(y, (int)first, (int)last, period);
	return OVP_DATE_OK;
}

/* "2027-01-15", "2027/1/15", with an optional ISO time: year-month-day. */
static int
match_ymd(const toks *ts, ovp_window *out)
{
	if (!is_num(ts, 0, 4, 4) || !is_sep(ts, 1, "-/.") || !is_num(ts, 2, 1, 2) ||
	    !is_sep(ts, 3, "-/.") || ts->t[3].sep != ts->t[1].sep || !is_num(ts, 4, 1, 2))
		return NO_MATCH;
	return finish_day(ts, 5, true, ts->t[0].num, ts->t[2].num, ts->t[4].num, out);
}

/* "2027-03", "2027/03": the month. */
static int
match_ym(const toks *ts, ovp_window *out)
{
	long m;

	if (ts->n != 3 || !is_num(ts, 0, 4, 4) || !is_sep(ts, 1, "-/") || !is_num(ts, 2, 1, 2))
		return NO_MATCH;
	m = ts->t[2].num;
	return finish_months(ts->t[0].num, m, m, OVP_PERIOD_MONTH, out);
}

/* "03/2027", "3.2027", "03-2027": the month. */
static int
match_my(const toks *ts, ovp_window *out)
{
	long m;

	if (ts->n != 3 || !is_num(ts, 0, 1, 2) || !is_sep(ts, 1, "/.-") || !is_num(ts, 2, 4, 4))
		return NO_MATCH;
	m = ts->t[0].num;
	return finish_months(ts->t[2].num, m, m, OVP_PERIOD_MONTH, out);
}

/* The window of quarter or half n (by the letter) of year y. */
static int
period_months(const tok *letter, long n, long y, ovp_window *out)
{
	if (lower(letter->s[0]) == 'q') {
		if (n < 1 || n > 4)
			return OVP_DATE_IMPOSSIBLE;
		return finish_months(y, n * 3 - 2, n * 3, OVP_PERIOD_QUARTER, out);
	}
	if (n < 1 || n > 2)
		return OVP_DATE_IMPOSSIBLE;
	return finish_months(y, n * 6 - 5, n * 6, OVP_PERIOD_HALF, out);
}

static bool
is_period_letter(const toks *ts, int i)
{
	return is_word(ts, i, "q") || is_word(ts, i, "h");
}

/* "Q1 2027", "Q1-2027", "Q1/2027", "Q1 27", "H2 2027". */
static int
match_qy(const toks *ts, ovp_window *out)
{
	int i = 2;

	if (!is_period_letter(ts, 0) || !is_num(ts, 1, 1, 1))
		return NO_MATCH;
	skip_seps(ts, &i, "-/", 1);
	if (i + 1 != ts->n || !is_year(ts, i))
		return NO_MATCH;
	return period_months(&ts->t[0], ts->t[1].num, year_value(&ts->t[i]), out);
}

/* "2027-Q1", "2027 Q1", "2027Q1", "2027 H2", "2027-H2". */
static int
match_yq(const toks *ts, ovp_window *out)
{
	int i = 1;

	if (!is_num(ts, 0, 4, 4))
		return NO_MATCH;
	skip_seps(ts, &i, "-/", 1);
	if (i + 2 != ts->n || !is_period_letter(ts, i) || !is_num(ts, i + 1, 1, 1))
		return NO_MATCH;
	return period_months(&ts->t[i], ts->t[i + 1].num, ts->t[0].num, out);
}

/* "2027": the year.  Other four-digit numbers are not dates. */
static int
match_year(const toks *ts, ovp_window *out)
{
	if (ts->n != 1 || !is_num(ts, 0, 4, 4) || !year_ok(ts->t[0].num))
		return NO_MATCH;
	return finish_months(ts->t[0].num, 1, 12, OVP_PERIOD_YEAR, out);
}

/*
 * "46402" or "46402.5": an Excel serial day (the fraction is the time of
 * day).  Noted in info even when serials are not allowed, for the sniffer.
 */
static int
match_serial(const toks *ts, const ovp_date_context *ctx, ovp_window *out, parse_info *info)
{
	long v;

	if (!is_num(ts, 0, 5, 5))
		return NO_MATCH;
	if (ts->n != 1 && !(ts->n == 3 && is_sep(ts, 1, ".") && is_num(ts, 2, 1, 12)))
		return NO_MATCH;
	v = ts->t[0].num;
	if (v < SERIAL_MIN || v > SERIAL_MAX)
		return NO_MATCH;
	info->serial = true;
	if (!ctx->allow_serial)
		return NO_MATCH;
	out->start = out->end = (ovp_day)(v - SERIAL_EPOCH);
	out->period = OVP_PERIOD_DAY;
	return OVP_DATE_OK;
}

/*
 * "15.01.2027", "1/15/2027 6:55:03 PM", "15-01-27": day and month in the
 * order the context says, or, undecided, the order the values or the
 * separator suggest.  A value that contradicts a decided order is a
 * conflict when it reads as a real date the other way round, and
 * impossible when it is no date in either order.
 */
static int
match_numeric(const toks *ts, const ovp_date_context *ctx, ovp_window *out, parse_info *info)
{
	long a, b;
	bool mdy, conflict = false;
	int r;

	if (!is_num(ts, 0, 1, 2) || !is_sep(ts, 1, "/.-") || !is_num(ts, 2, 1, 2) ||
	    !is_sep(ts, 3, "/.-") || ts->t[3].sep != ts->t[1].sep || !is_year(ts, 4))
		return NO_MATCH;
	a = ts->t[0].num;
	b = ts->t[2].num;
	switch (ctx->order) {
	case OVP_ORDER_DMY:
		mdy = b > 12 && a <= 12;
		conflict = mdy;
		break;
	case OVP_ORDER_MDY:
		mdy = !(a > 12 && b <= 12);
		conflict = !mdy;
		break;
	case OVP_ORDER_AUTO:
	default:
		mdy = a > 12 ? false : b > 12 ? true : ts->t[1].sep == '/';
		break;
	}
	r = finish_day(ts, 5, false, year_value(&ts->t[4]), mdy ? a : b, mdy ? b : a, out);
	if (r == NO_MATCH)
		return NO_MATCH;
	info->numeric = true;
	info->first = (int32_t)a;
	info->second = (int32_t)b;
	if (conflict && r == OVP_DATE_OK) {
		*out = OVP_WINDOW_NONE;
		return OVP_DATE_CONFLICT;
	}
	return r;
}

/*
 * The month-name forms: "15 Jan 2027", "15-Jan-2027", "15/Jan/27 3:15 PM"
 * (Jira), "15th January 2027", "Jan 15, 2027", "January 15 2027",
 * "Sept. 5, 2027", and the months "January 2027", "Mar-2027".  A leading
 * weekday ("Fri, 15 Jan 2027") is allowed before a day.
 */
static int
match_month_name(const toks *ts, ovp_window *out)
{
	static const char seps[] = "-/.,";
	int i = 0, m;
	long d;
	bool weekday = false;

	if (ts->n > 0 && is_weekday(&ts->t[0]) && month_of_word(&ts->t[0]) == 0) {
		weekday = true;
		i = 1;
		skip_seps(ts, &i, ",.", 1);
	}
	if (is_num(ts, i, 1, 2)) {
		/* day month year */
		d = ts->t[i++].num;
		if (is_word(ts, i, "st") || is_word(ts, i, "nd") || is_word(ts, i, "rd") ||
		    is_word(ts, i, "th"))
			i++;
		skip_seps(ts, &i, seps, 2);
		if (i >= ts->n || (m = month_of_word(&ts->t[i])) == 0)
			return NO_MATCH;
		i++;
		skip_seps(ts, &i, seps, 2);
		if (!is_year(ts, i))
			return NO_MATCH;
		return finish_day(ts, i + 1, false, year_value(&ts->t[i]), m, d, out);
	}
	if (i >= ts->n || (m = month_of_word(&ts->t[i])) == 0)
		return NO_MATCH;
	i++;
	skip_seps(ts, &i, seps, 2);
	if (is_num(ts, i, 4, 4) && i + 1 == ts->n && !weekday)
		return finish_months(ts->t[i].num, m, m, OVP_PERIOD_MONTH, out);
	/* month day year */
	if (!is_num(ts, i, 1, 2))
		return NO_MATCH;
	d = ts->t[i++].num;
	if (is_word(ts, i, "st") || is_word(ts, i, "nd") || is_word(ts, i, "rd") ||
	    is_word(ts, i, "th"))
		i++;
	skip_seps(ts, &i, seps, 2);
	if (!is_year(ts, i))
		return NO_MATCH;
	return finish_day(ts, i + 1, false, year_value(&ts->t[i]), m, d, out);
}

/* Now, Next and Later: the roadmap buckets. */
static int
match_bucket(const toks *ts, const ovp_date_context *ctx, ovp_window *out)
{
	bool now, next;

	if (ts->n != 1 || ts->t[0].kind != TOK_WORD)
		return NO_MATCH;
	if (is_word(ts, 0, "later"))
		return OVP_DATE_LATER;
	now = is_word(ts, 0, "now");
	next = is_word(ts, 0, "next");
	if (!now && !next)
		return NO_MATCH;
	if (ctx->as_of == OVP_DAY_NONE)
		return OVP_DATE_INVALID;
	*out = quarter_of(ctx->as_of, next ? 1 : 0);
	return OVP_DATE_OK;
}

/* ---- the parser -------------------------------------------------------- */

/*
 * A zone name in parentheses may only follow a time with its zone
 * ("10:17:10 GMT+0000 (GMT)"): the tokens hold a ':' and end in Z, UTC,
 * GMT or an offset.
 */
static bool
zone_name_fits(const toks *ts)
{
	int n = ts->n;
	bool colon = false;

	for (int i = 0; i < n; i++)
		if (is_sep(ts, i, ":"))
			colon = true;
	if (!colon || n < 2)
		return false;
	if (is_word(ts, n - 1, "z") || is_word(ts, n - 1, "utc") || is_word(ts, n - 1, "gmt"))
		return true;
	if (ts->t[n - 1].kind != TOK_NUM)
		return false;
	/* "+0000", or "-05:00" */
	return is_sep(ts, n - 2, "+-") ||
	       (n >= 4 && is_sep(ts, n - 2, ":") && ts->t[n - 3].kind == TOK_NUM &&
	        is_sep(ts, n - 4, "+-"));
}

/*
 * The key of the len bytes at s (0 < len <= CACHE_TEXT), zero padded:
 * read a word at a time, without a call (ovp_tail_word() for the last
 * bytes), as every date cell of an export is keyed.
 */
static inline void
make_key(const char *s, size_t len, cache_key *k)
{
	size_t i = 0;

	for (int w = 0; w < CACHE_TEXT / 8; w++)
		k->w[w] = 0;
	for (; len - i >= 8; i += 8)
		memcpy(&k->w[i / 8], s + i, sizeof k->w[0]);
	if (i < len)
		k->w[i / 8] = ovp_tail_word(s, len, len - i);
}

/*
 * The set of the cache where the parse of (key, len, ctx) may be
 * remembered, and its tag in *tag, or SIZE_MAX when this thread has no
 * cache and memory for one is short (the parse is then not remembered).
 */
static size_t
cache_set(const cache_key *k, size_t len, const ovp_date_context *ctx, bool phrases,
          uint16_t *tag)
{
	const uint64_t m = UINT64_C(0x9E3779B97F4A7C15);
	uint64_t h = (uint64_t)len | (uint64_t)ctx->order << 8 | (uint64_t)ctx->allow_serial << 16 |
	             (uint64_t)phrases << 17 | (uint64_t)(uint32_t)ctx->as_of << 32;

	if (cache == NULL) {
		cache = aligned_alloc(_Alignof(date_cache), sizeof *cache);
		if (cache == NULL)
			return SIZE_MAX;
		memset(cache, 0, sizeof *cache);
		call_once(&cache_owner_once, make_cache_owner);
		if (cache_owner_made)
			(void)tss_set(cache_owner, cache);
	}

	for (size_t i = 0; i < CACHE_TEXT / 8; i++)
		h = (h ^ k->w[i]) * m;
	/* A product's high bits depend on the low bits of its factor only:
	 * fold the high half down once more so that every byte counts. */
	h ^= h >> 32;
	h *= m;
	/* Bits of the hash below the set's, and never 0 (a free entry). */
	*tag = (uint16_t)((h >> (48 - CACHE_SET_BITS)) | 1u);
	return (size_t)(h >> (64 - CACHE_SET_BITS));
}

/* Is c the remembered parse of (key, len, ctx)? */
static bool
cache_holds(const cached_parse *c, const cache_key *k, size_t len, const ovp_date_context *ctx,
            bool phrases)
{
	return c->len == len && c->text.w[0] == k->w[0] && c->text.w[1] == k->w[1] &&
	       c->text.w[2] == k->w[2] && c->order == (unsigned char)ctx->order &&
	       c->allow_serial == ctx->allow_serial && c->as_of == ctx->as_of &&
	       c->phrases == phrases;
}

static ovp_date_status parse_tokens(const char *s, size_t len, const ovp_date_context *ctx,
                                    bool phrases, ovp_window *out, parse_info *info);

/*
 * A day with a time of day after it, "06/May/24 5:03 PM" as Jira writes
 * its Created and Resolved: the length of the day before the time, or 0
 * when the text does not have this shape.  The shape is narrow enough
 * that the text reads as its day does whenever that is a day (see
 * parse()): the day is one run of digits, "/", "-", "." and words of
 * three letters or more (so it cannot hold a time of its own, which
 * needs ":", "T", "am" or "pm"), starting with a digit; then one space
 * and a valid H:MM or HH:MM, with " AM" or " PM" (any case) and an hour
 * of 1 to 12, or else an hour of 0 to 23.
 */
static size_t
day_before_time(const char *s, size_t len)
{
	size_t e = len, h;
	bool ampm = false;
	int hour, min;
	size_t run = 0;

	if (e >= 3 && s[e - 3] == ' ' && (lower(s[e - 2]) == 'a' || lower(s[e - 2]) == 'p') &&
	    lower(s[e - 1]) == 'm') {
		ampm = true;
		e -= 3;
	}
	if (e < 5 || !is_digit(s[e - 1]) || !is_digit(s[e - 2]) || s[e - 3] != ':' ||
	    !is_digit(s[e - 4]))
		return 0;
	min = (s[e - 2] - '0') * 10 + (s[e - 1] - '0');
	hour = s[e - 4] - '0';
	h = e - 4;
	if (is_digit(s[e - 5])) {
		hour += (s[e - 5] - '0') * 10;
		h = e - 5;
	}
	if (h < 2 || s[h - 1] != ' ' || min > 59 || (ampm ? hour < 1 || hour > 12 : hour > 23))
		return 0;
	h--;
	if (!is_digit(s[0]))
		return 0;
	for (size_t i = 0; i < h; i++) {
		if (is_alpha(s[i])) {
			run++;
			continue;
		}
		if (run > 0 && run < 3)
			return 0;
		run = 0;
		if (!is_digit(s[i]) && s[i] != '/' && s[i] != '-' && s[i] != '.')
			return 0;
	}
	return run > 0 && run < 3 ? 0 : h;
}

/*
 * The parser proper, through the cache; info receives what the sniffer
 * needs.  With phrases, the date phrases of promises are read too.  pr,
 * when not NULL, is where ovp_date_probe_start() found the text's parse
 * is kept: the text is then not keyed and hashed again.
 */
static ovp_date_status
parse(const char *s, size_t len, const ovp_date_context *ctx, bool phrases, ovp_window *out,
      parse_info *info, const ovp_date_probe *pr)
{
	static const ovp_date_context defaults = {OVP_ORDER_AUTO, OVP_DAY_NONE, false};
	cached_parse *set = NULL, *c;
	uint16_t *tags = NULL, tag = 0;
	cache_key key;
	ovp_date_status st;
	size_t k = SIZE_MAX, day;

	if (ctx == NULL)
		ctx = &defaults;
	if (s == NULL || len == 0)
		return parse_tokens(s, len, ctx, phrases, out, info);
	/*
	 * A day and a time: when the day alone reads as a day (not as an
	 * Excel serial), the whole text reads the same, as every form that
	 * gives a day checks the time after it with match_time(), and no
	 * form before that one can take the longer text.  The day hits the
	 * cache where the whole text, another one nearly every row, would
	 * miss and push out texts that repeat; so the whole text is kept
	 * only when its day does not read so, and the day is read before the
	 * whole text is looked for, which would miss.  The day is read
	 * without the date phrases: a phrase ("1Jan") takes no time after
	 * it, so a day that reads only as one says nothing of the whole text.
	 */
	if ((day = day_before_time(s, len)) > 0) {
		st = parse(s, day, ctx, false, out, info, NULL);
		if (st == OVP_DATE_OK && out->period == OVP_PERIOD_DAY && !info->serial)
			return st;
	}
	/* Nearly every other text is one read before: it is looked for first. */
	if (pr != NULL && pr->set != OVP_DATE_PROBE_NONE) {
		memcpy(key.w, pr->key, sizeof key.w);
		k = pr->set;
		tag = pr->tag;
	} else if (len <= CACHE_TEXT) {
		make_key(s, len, &key);
		k = cache_set(&key, len, ctx, phrases, &tag);
	}
	if (k != SIZE_MAX) {
		tags = cache->tag[k];
		set = cache->set[k];
		for (int w = 0; w < CACHE_WAYS; w++) {
			c = &set[w];
			if (tags[w] == tag && cache_holds(c, &key, len, ctx, phrases)) {
				*out = c->out;
				*info = c->info;
				return (ovp_date_status)c->status;
			}
		}
	}
	if (set == NULL)
		return parse_tokens(s, len, ctx, phrases, out, info);
	st = parse_tokens(s, len, ctx, phrases, out, info);
	/* The newest parse goes first; the oldest of the set is forgotten. */
	memmove(&tags[1], &tags[0], (CACHE_WAYS - 1) * sizeof *tags);
	memmove(&set[1], &set[0], (CACHE_WAYS - 1) * sizeof *set);
	tags[0] = tag;
	c = &set[0];
	c->text = key;
	c->len = (unsigned char)len;
	c->order = (unsigned char)ctx->order;
	c->allow_serial = ctx->allow_serial;
	c->phrases = phrases;
	c->as_of = ctx->as_of;
	c->status = (unsigned char)st;
	c->out = *out;
	c->info = *info;
	return st;
}

/*
 * The length of a leading "by", "due" or "in" and the blanks after it
 * ("by end of March", "in Q3"), or 0.
 */
static size_t
lead_word(const char *p, const char *e)
{
	static const char *const words[] = {"by", "due", "in", NULL};

	for (const char *const *w = words; *w != NULL; w++) {
		size_t n = strlen(*w), b, k = 0;
		const char *q;

		if ((size_t)(e - p) <= n)
			continue;
		while (k < n && lower(p[k]) == (*w)[k])
			k++;
		if (k < n || (b = ovp_blank_width(p + n, e)) == 0)
			continue;
		for (q = p + n; q < e && (b = ovp_blank_width(q, e)) > 0; q += b)
			;
		return (size_t)(q - p);
	}
	return 0;
}

/*
 * A text that is none of the date forms, read as a date phrase: after
 * a leading "by", "due" or "in", the rest as a date form or a phrase
 * (once: "by by March" is no date); else the grammar of date_phrase.c.
 */
static ovp_date_status
parse_phrase(const char *p, const char *e, const ovp_date_context *ctx, ovp_window *out,
             parse_info *info)
{
	size_t lead = lead_word(p, e);
	ovp_date_status st;

	if (lead > 0) {
		p += lead;
		st = parse(p, (size_t)(e - p), ctx, false, out, info, NULL);
		if (st != OVP_DATE_INVALID)
			return st;
	}
	return ovp_date_phrase_read(p, (size_t)(e - p), ctx->as_of, out);
}

/* The parser without the cache: tokenise, then try the forms. */
static ovp_date_status
parse_tokens(const char *s, size_t len, const ovp_date_context *ctx, bool phrases,
             ovp_window *out, parse_info *info)
{
	const char *p = s, *e = s + len;
	toks ts;
	int r;

	*out = OVP_WINDOW_NONE;
	info->numeric = false;
	info->first = info->second = 0;
	info->serial = false;
	if (s == NULL)
		return OVP_DATE_EMPTY;
	while (p < e && ovp_blank_width(p, e) > 0)
		p += ovp_blank_width(p, e);
	if (p == e)
		return OVP_DATE_EMPTY;
	if (!tokenize(p, e, &ts) || (ts.zone_name && !zone_name_fits(&ts)))
		return phrases ? parse_phrase(p, e, ctx, out, info) : OVP_DATE_INVALID;

	/* The forms are told apart by their tokens, so the order matters little. */
	if ((r = match_bucket(&ts, ctx, out)) == NO_MATCH &&
	    (r = match_ymd(&ts, out)) == NO_MATCH &&
	    (r = match_ym(&ts, out)) == NO_MATCH &&
	    (r = match_yq(&ts, out)) == NO_MATCH &&
	    (r = match_qy(&ts, out)) == NO_MATCH &&
	    (r = match_year(&ts, out)) == NO_MATCH &&
	    (r = match_serial(&ts, ctx, out, info)) == NO_MATCH &&
	    (r = match_numeric(&ts, ctx, out, info)) == NO_MATCH &&
	    (r = match_my(&ts, out)) == NO_MATCH &&
	    (r = match_month_name(&ts, out)) == NO_MATCH)
		r = phrases ? parse_phrase(p, e, ctx, out, info) : OVP_DATE_INVALID;
	if (r != OVP_DATE_OK)
		*out = OVP_WINDOW_NONE;
	return (ovp_date_status)r;
}

ovp_date_status
ovp_date_parse(const char *s, size_t len, const ovp_date_context *ctx, ovp_window *out)
{
	parse_info info;

	return parse(s, len, ctx, false, out, &info, NULL);
}

ovp_date_status
ovp_date_parse_phrase(const char *s, size_t len, const ovp_date_context *ctx, ovp_window *out)
{
	parse_info info;

	return parse(s, len, ctx, true, out, &info, NULL);
}

_Static_assert(sizeof(((ovp_date_probe *)0)->key) == sizeof(cache_key),
               "a probe holds a cache key");
_Static_assert(CACHE_SETS <= UINT16_MAX, "a probe's set fits in 16 bits");

void
ovp_date_probe_start(const char *s, size_t len, const ovp_date_context *ctx, bool phrases,
                     ovp_date_probe *pr)
{
	static const ovp_date_context defaults = {OVP_ORDER_AUTO, OVP_DAY_NONE, false};
	cache_key key;
	uint16_t tag;
	size_t k;

	pr->set = OVP_DATE_PROBE_NONE;
	/* No cache yet: the first parse makes it, and nothing is waited on. */
	if (cache == NULL || s == NULL || len == 0 || len > CACHE_TEXT)
		return;
	make_key(s, len, &key);
	k = cache_set(&key, len, ctx != NULL ? ctx : &defaults, phrases, &tag);
	__builtin_prefetch(cache->tag[k]);
	for (int w = 0; w < CACHE_WAYS; w++)
		__builtin_prefetch(&cache->set[k][w]);
	memcpy(pr->key, key.w, sizeof key.w);
	pr->set = (uint16_t)k;
	pr->tag = tag;
}

ovp_date_status
ovp_date_parse_probed(const char *s, size_t len, const ovp_date_context *ctx, bool phrases,
                      const ovp_date_probe *pr, ovp_window *out)
{
	parse_info info;

	return parse(s, len, ctx, phrases, out, &info, pr);
}

ovp_date_status
ovp_date_parse_uncached(const char *s, size_t len, const ovp_date_context *ctx, bool phrases,
                        ovp_window *out)
{
	static const ovp_date_context defaults = {OVP_ORDER_AUTO, OVP_DAY_NONE, false};
	parse_info info;

	return parse_tokens(s, len, ctx != NULL ? ctx : &defaults, phrases, out, &info);
}

bool
ovp_date_two_readings(const char *s, size_t len, ovp_window *mdy, ovp_window *dmy)
{
	const ovp_date_context m = {OVP_ORDER_MDY, OVP_DAY_NONE, false};
	const ovp_date_context d = {OVP_ORDER_DMY, OVP_DAY_NONE, false};
	parse_info mi, di;
	ovp_window a, b;

	if (parse(s, len, &m, false, &a, &mi, NULL) != OVP_DATE_OK || !mi.numeric ||
	    parse(s, len, &d, false, &b, &di, NULL) != OVP_DATE_OK || !di.numeric || a.start == b.start)
		return false;
	*mdy = a;
	*dmy = b;
	return true;
}

/*
 * One cell's evidence.  Values are read with no decided order, with the
 * buckets Now and Next counting as dates; an impossible date (2027-02-30)
 * still shows that the column holds dates.  Bare numbers in the serial
 * range count only as serials: whether they are dates is for the other
 * values to say.  Only a numeric date that reads as a real date with one
 * field over 12 votes for an order.
 */
/* Add the evidence of a cell read as st (what the match found out: info) to *sniff. */
static void
sniff_count(ovp_date_sniff *sniff, ovp_date_status st, const parse_info *info)
{
	switch (st) {
	case OVP_DATE_EMPTY:
		return;
	case OVP_DATE_OK:
	case OVP_DATE_LATER:
	case OVP_DATE_IMPOSSIBLE:
	case OVP_DATE_CONFLICT:
		sniff->dates++;
		if (info->numeric)
			sniff->numeric++;
		if (st == OVP_DATE_OK && info->numeric) {
			if (info->first > 12)
				sniff->dmy++;
			else if (info->second > 12)
				sniff->mdy++;
		}
		return;
	case OVP_DATE_INVALID:
		if (info->serial)
			sniff->serials++;
		else
			sniff->nondates++;
		return;
	}
}

/* The cell read as the sniffer reads it: under no order, no as-of day, no serials. */
static ovp_date_status
sniff_parse(const char *s, size_t len, parse_info *info)
{
	const ovp_date_context ctx = {OVP_ORDER_AUTO, 0, false};
	ovp_window w;

	return parse(s, len, &ctx, false, &w, info, NULL);
}

void
ovp_date_sniff_add(ovp_date_sniff *sniff, const char *s, size_t len)
{
	parse_info info;

	sniff_count(sniff, sniff_parse(s, len, &info), &info);
}

void
ovp_date_sniff_add2(ovp_date_sniff *a, ovp_date_sniff *b, const char *s, size_t len)
{
	parse_info info;
	ovp_date_status st = sniff_parse(s, len, &info);

	sniff_count(a, st, &info);
	sniff_count(b, st, &info);
}

ovp_date_order
ovp_date_sniff_decide(const ovp_date_sniff *sniff)
{
	if (sniff->dmy > sniff->mdy)
		return OVP_ORDER_DMY;
	if (sniff->mdy > sniff->dmy)
		return OVP_ORDER_MDY;
	return OVP_ORDER_AUTO;
}
