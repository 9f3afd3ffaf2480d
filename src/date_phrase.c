/*
 * Date phrases: how sales write a date into a promise when it is none of
 * the date forms of an export's columns.
 *
 * "end of March", "by Q2'27", "next quarter", "EOY", "early 2027",
 * "spring 2027", "March 15th": each names a period (a day, week, month,
 * quarter, half, year or season), perhaps narrowed by a modifier (the
 * end of it, or its early, middle or late third), perhaps without a year
 * or relative to the as-of day.  A phrase without a year names the next
 * such period that is not yet past on the as-of day: the first whose end,
 * after the modifier, is on or after it.  "this" and "next" count from
 * the period that holds the as-of day.  Seasons are the northern
 * hemisphere's meteorological ones (spring March to May, summer June to
 * August, autumn or fall September to November, winter December to
 * February), and "winter 2027" is the winter that ends in 2027, December
 * 2026 to February 2027.
 *
 * ovp_date_looks_like() tells whether a text that reads as no date was
 * still meant as one, so that the promise splitter reports it rather than
 * take it for part of the feature.
 *
 * Nothing here depends on the locale or allocates; texts are cut into at
 * most a few dozen tokens and longer ones are no date.
 */
#include <stdbool.h>
#include <stddef.h>
#include <string.h>

#include <overpromise/date.h>

#include "date_phrase.h"
#include "util/str.h"

/* Years a phrase may name, as for the other date forms. */
#define YEAR_MIN 1900
#define YEAR_MAX 2999

/* No phrase has more tokens than this ("the end of the next quarter" has 6). */
#define MAX_TOKENS 24

enum tok_kind { T_WORD, T_NUM, T_APOS, T_SEP };

typedef struct ptok {
	enum tok_kind kind;
	bool glued;        /* no blank between it and the token before */
	char sep;          /* T_SEP: the character */
	const char *s;     /* T_WORD: the letters */
	size_t len;        /* T_WORD: their number */
	long num;          /* T_NUM: the value, saturated */
	int ndigits;       /* T_NUM: digits written (saturated) */
} ptok;

typedef struct ptoks {
	ptok t[MAX_TOKENS];
	int n;
} ptoks;

/* ---- tokens ------------------------------------------------------------ */

static char
lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

static bool
is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Width of the apostrophe at p (' or U+2019), or 0. */
static size_t
apostrophe_width(const char *p, const char *e)
{
	const unsigned char *u = (const unsigned char *)p;

	if (*p == '\'')
		return 1;
	if (e - p >= 3 && u[0] == 0xE2 && u[1] == 0x80 && u[2] == 0x99)
		return 3;
	return 0;
}

/*
 * Cut [p, e) into tokens: words of ASCII letters, numbers, apostrophes
 * and separators.  Strict (for reading) refuses any other character; not
 * strict (for ovp_date_looks_like()), any other character separates like
 * punctuation.  False when there are more tokens than a phrase has.
 */
static bool
tokenize(const char *p, const char *e, bool strict, ptoks *out)
{
	bool glued = false;

	out->n = 0;
	while (p < e) {
		size_t w = ovp_blank_width(p, e);
		ptok *t;

		if (w > 0) {
			p += w;
			glued = false;
			continue;
		}
		if (out->n == MAX_TOKENS)
			return false;
		t = &out->t[out->n++];
		t->glued = glued;
		glued = true;
		if (is_alpha(*p)) {
			t->kind = T_WORD;
			t->s = p;
			while (p < e && is_alpha(*p))
				p++;
			t->len = (size_t)(p - t->s);
		} else if (is_digit(*p)) {
			t->kind = T_NUM;
			t->num = 0;
			t->ndigits = 0;
			for (; p < e && is_digit(*p); p++) {
				if (t->num < 100000)
					t->num = t->num * 10 + (*p - '0');
				if (t->ndigits < 99)
					t->ndigits++;
			}
		} else if ((w = apostrophe_width(p, e)) > 0) {
			t->kind = T_APOS;
			p += w;
		} else if (*p == '-' || *p == '/' || *p == ',' || *p == '.') {
			t->kind = T_SEP;
			t->sep = *p++;
		} else if (strict) {
			return false;
		} else {
			/* Another character: a separator, a whole UTF-8 sequence at a time. */
			t->kind = T_SEP;
			t->sep = *p++;
			while (p < e && ((unsigned char)*p & 0xC0) == 0x80)
				p++;
		}
	}
	return true;
}

/* Is the word t (any case) equal to the lower-case lit? */
static bool
word_is(const ptok *t, const char *lit)
{
	size_t i;

	if (t->kind != T_WORD)
		return false;
	for (i = 0; i < t->len; i++)
		if (lit[i] == '\0' || lower(t->s[i]) != lit[i])
			return false;
	return lit[i] == '\0';
}

static bool
is_w(const ptoks *ts, int i, const char *lit)
{
	return i < ts->n && word_is(&ts->t[i], lit);
}

/* Is the word t one of the NULL-terminated list? */
static bool
word_in(const ptok *t, const char *const *list)
{
	for (; *list != NULL; list++)
		if (word_is(t, *list))
			return true;
	return false;
}

static bool
is_sep(const ptoks *ts, int i, char c)
{
	return i < ts->n && ts->t[i].kind == T_SEP && ts->t[i].sep == c;
}

static bool
is_num(const ptoks *ts, int i, int min_digits, int max_digits)
{
	return i < ts->n && ts->t[i].kind == T_NUM && ts->t[i].ndigits >= min_digits &&
	       ts->t[i].ndigits <= max_digits;
}

static const char *const month_names[12] = {
	"january", "february", "march", "april", "may", "june", "july",
	"august", "september", "october", "november", "december",
};

/* The month (1-12) a month name or abbreviation names, else 0. */
static int
month_of(const ptok *t)
{
	if (t->kind != T_WORD || t->len < 3)
		return 0;
	for (int m = 0; m < 12; m++) {
		if (word_is(t, month_names[m]))
			return m + 1;
		if (t->len == 3 && lower(t->s[0]) == month_names[m][0] &&
		    lower(t->s[1]) == month_names[m][1] && lower(t->s[2]) == month_names[m][2])
			return m + 1;
	}
	return word_is(t, "sept") ? 9 : 0;
}

/* The first month of the season a word names (winter: 12), else 0. */
static int
season_of(const ptok *t)
{
	if (word_is(t, "spring"))
		return 3;
	if (word_is(t, "summer"))
		return 6;
	if (word_is(t, "autumn") || word_is(t, "fall"))
		return 9;
	if (word_is(t, "winter"))
		return 12;
	return 0;
}

/* ---- periods and spans ------------------------------------------------- */

typedef enum unit { U_NONE, U_DAY, U_WEEK, U_MONTH, U_QUARTER, U_HALF, U_YEAR, U_SEASON } unit;
typedef enum modifier { M_NONE, M_END, M_EARLY, M_MID, M_LATE } modifier;
typedef enum when { W_ABSOLUTE, W_YEARLESS, W_RELATIVE } when;

/* What a phrase names, before it is placed in time. */
typedef struct named {
	unit u;
	when w;
	int index;  /* U_MONTH, U_DAY: the month; U_QUARTER, U_HALF: its number;
	               U_SEASON: its first month */
	int day;    /* U_DAY: the day of the month */
	long year;  /* W_ABSOLUTE: the year (a season's: the year it ends in) */
	int offset; /* W_RELATIVE: 0 this, 1 next */
} named;

/* A window of days, and the months it spans when it is made of whole months. */
typedef struct span {
	ovp_window w;
	long first; /* first month as year * 12 + month - 1, when months > 0 */
	int months; /* whole months spanned, 0 for a day or a week */
} span;

static bool
year_ok(long y)
{
	return y >= YEAR_MIN && y <= YEAR_MAX;
}

/* The first day of month number abs (year * 12 + month - 1). */
static ovp_day
month_start(long abs)
{
	return ovp_day_from_ymd((int)(abs / 12), (int)(abs % 12) + 1, 1);
}

/* The span of `count` months from month number abs; false outside the years read. */
static bool
months_span(long abs, int count, ovp_period period, span *sp)
{
	if (!year_ok(abs / 12) || !year_ok((abs + count - 1) / 12))
		return false;
	sp->first = abs;
	sp->months = count;
	sp->w.start = month_start(abs);
	sp->w.end = month_start(abs + count) - 1;
	sp->w.period = period;
	return true;
}

/* The span nm names in year y (a season's: the year it ends in); false when it does not exist. */
static bool
span_in_year(const named *nm, long y, span *sp)
{
	ovp_day d;

	switch (nm->u) {
	case U_MONTH:
		return months_span(y * 12 + nm->index - 1, 1, OVP_PERIOD_MONTH, sp);
	case U_QUARTER:
		return months_span(y * 12 + (nm->index - 1) * 3, 3, OVP_PERIOD_QUARTER, sp);
	case U_HALF:
		return months_span(y * 12 + (nm->index - 1) * 6, 6, OVP_PERIOD_HALF, sp);
	case U_YEAR:
		return months_span(y * 12, 12, OVP_PERIOD_YEAR, sp);
	case U_SEASON:
		/* Winter starts in December of the year before the one it ends in. */
		return months_span(y * 12 + nm->index - 1 - (nm->index == 12 ? 12 : 0), 3,
		                   OVP_PERIOD_SPAN, sp);
	case U_DAY:
		if (!year_ok(y) || (d = ovp_day_from_ymd((int)y, nm->index, nm->day)) == OVP_DAY_NONE)
			return false;
		sp->w.start = sp->w.end = d;
		sp->w.period = OVP_PERIOD_DAY;
		sp->months = 0;
		return true;
	case U_WEEK:
	case U_NONE:
		break;
	}
	return false;
}

/* The span of the relative period nm as seen on day as_of. */
static bool
span_relative(const named *nm, ovp_day as_of, span *sp)
{
	int y, m, d;
	long cur;

	ovp_day_to_ymd(as_of, &y, &m, &d);
	cur = (long)y * 12 + m - 1;
	switch (nm->u) {
	case U_WEEK: {
		/* ISO weeks, Monday to Sunday; day 0 (1970-01-01) was a Thursday. */
		int wd = (int)(((as_of % 7) + 7 + 3) % 7);

		sp->w.start = as_of - wd + 7 * nm->offset;
		sp->w.end = sp->w.start + 6;
		sp->w.period = OVP_PERIOD_SPAN;
		sp->months = 0;
		return year_ok(y);
	}
	case U_MONTH:
		return months_span(cur + nm->offset, 1, OVP_PERIOD_MONTH, sp);
	case U_QUARTER:
		return months_span(cur - cur % 3 + 3L * nm->offset, 3, OVP_PERIOD_QUARTER, sp);
	case U_HALF:
		return months_span(cur - cur % 6 + 6L * nm->offset, 6, OVP_PERIOD_HALF, sp);
	case U_YEAR:
		return months_span((long)(y + nm->offset) * 12, 12, OVP_PERIOD_YEAR, sp);
	case U_DAY:
	case U_SEASON:
	case U_NONE:
		break;
	}
	return false;
}

/*
 * Narrow sp by the modifier: its last day, or its early, middle or late
 * third (of the months when they come in threes: early 2027 is January
 * to April, late Q3 September; of the days for one month: 1-10, 11-20,
 * 21 to the end).  False when the span cannot be cut so (a day, a week).
 */
static bool
narrow(span *sp, modifier mod)
{
	int k;

	switch (mod) {
	case M_NONE:
		return true;
	case M_END:
		sp->w.start = sp->w.end;
		sp->w.period = OVP_PERIOD_DAY;
		sp->months = 0;
		return true;
	case M_EARLY:
	case M_MID:
	case M_LATE:
		k = (int)mod - (int)M_EARLY;
		if (sp->months >= 3 && sp->months % 3 == 0) {
			int third = sp->months / 3;

			return months_span(sp->first + (long)k * third, third,
			                   third == 1 ? OVP_PERIOD_MONTH : OVP_PERIOD_SPAN, sp);
		}
		if (sp->months == 1) {
			ovp_day start = sp->w.start;

			sp->w.start = start + 10 * k;
			if (k < 2)
				sp->w.end = start + 10 * k + 9;
			sp->w.period = OVP_PERIOD_SPAN;
			sp->months = 0;
			return true;
		}
		return false;
	}
	return false;
}

/* ---- the grammar ------------------------------------------------------- */

/* Internal result of the grammar: a phrase, or why not. */
enum { P_OK, P_INVALID, P_IMPOSSIBLE };

/* A year at i: four digits, or an apostrophe and two ("'27"); two digits too when loose. */
static bool
read_year(const ptoks *ts, int *i, bool two_digits, long *y)
{
	if (is_num(ts, *i, 4, 4)) {
		*y = ts->t[(*i)++].num;
		return true;
	}
	if (*i < ts->n && ts->t[*i].kind == T_APOS && is_num(ts, *i + 1, 2, 2)) {
		*y = 2000 + ts->t[*i + 1].num;
		*i += 2;
		return true;
	}
	if (two_digits && is_num(ts, *i, 2, 2)) {
		*y = 2000 + ts->t[(*i)++].num;
		return true;
	}
	return false;
}

/* Skip an ordinal suffix after a day ("15th"). */
static void
skip_ordinal(const ptoks *ts, int *i)
{
	static const char *const ordinals[] = {"st", "nd", "rd", "th", NULL};

	if (*i < ts->n && ts->t[*i].glued && word_in(&ts->t[*i], ordinals))
		(*i)++;
}

/* The unit a word names for "this", "next" and "end of": week, month, quarter, half, year. */
static unit
unit_of(const ptoks *ts, int *i)
{
	unit u = U_NONE;

	if (is_w(ts, *i, "week"))
		u = U_WEEK;
	else if (is_w(ts, *i, "month"))
		u = U_MONTH;
	else if (is_w(ts, *i, "quarter"))
		u = U_QUARTER;
	else if (is_w(ts, *i, "year"))
		u = U_YEAR;
	else if (is_w(ts, *i, "half"))
		u = U_HALF;
	if (u == U_NONE)
		return u;
	(*i)++;
	/* "half year", "half-year" */
	if (u == U_HALF) {
		int j = *i + (is_sep(ts, *i, '-') ? 1 : 0);

		if (is_w(ts, j, "year"))
			*i = j + 1;
	}
	return u;
}

/* The modifier at the start of a phrase ("end of", "early", "mid-", ...), if any. */
static int
read_modifier(const ptoks *ts, int *i, modifier *mod)
{
	int j = *i;

	*mod = M_NONE;
	if (is_w(ts, j, "end")) {
		j++;
		if (is_sep(ts, j, '-'))
			j++;
		if (is_w(ts, j, "of")) {
			j++;
			if (is_sep(ts, j, '-'))
				j++;
		}
		*mod = M_END;
	} else if (is_w(ts, j, "beginning") || is_w(ts, j, "start") || is_w(ts, j, "middle")) {
		*mod = is_w(ts, j, "middle") ? M_MID : M_EARLY;
		if (!is_w(ts, j + 1, "of"))
			return P_INVALID;
		j += 2;
	} else if (is_w(ts, j, "early") || is_w(ts, j, "mid") || is_w(ts, j, "late")) {
		*mod = is_w(ts, j, "early") ? M_EARLY : is_w(ts, j, "mid") ? M_MID : M_LATE;
		j++;
		if (is_sep(ts, j, '-'))
			j++;
	}
	if (*mod != M_NONE && is_w(ts, j, "the"))
		j++;
	*i = j;
	return P_OK;
}

/* "EOM", "EOQ", "EOY", "EOW", "YE": the end of the current period. */
static unit
end_keyword(const ptok *t)
{
	if (word_is(t, "eom"))
		return U_MONTH;
	if (word_is(t, "eoq"))
		return U_QUARTER;
	if (word_is(t, "eoy") || word_is(t, "ye"))
		return U_YEAR;
	if (word_is(t, "eow"))
		return U_WEEK;
	if (word_is(t, "eoh"))
		return U_HALF;
	return U_NONE;
}

/* A trailing "end" after a unit: "month end", "year-end", "next quarter end". */
static bool
read_unit_end(const ptoks *ts, int *i)
{
	int j = *i + (is_sep(ts, *i, '-') ? 1 : 0);

	if (!is_w(ts, j, "end"))
		return false;
	*i = j + 1;
	return true;
}

/* A month with an optional day and year: "March", "March 2027", "Mar 15th, 2027", "March '27". */
static int
read_month(const ptoks *ts, int *i, named *nm)
{
	int m = month_of(&ts->t[*i]);

	(*i)++;
	if (is_sep(ts, *i, '.'))
		(*i)++;
	if (is_num(ts, *i, 1, 2)) {
		nm->u = U_DAY;
		nm->index = m;
		nm->day = (int)ts->t[(*i)++].num;
		skip_ordinal(ts, i);
		if (is_sep(ts, *i, ','))
			(*i)++;
	} else {
		nm->u = U_MONTH;
		nm->index = m;
		if (is_sep(ts, *i, ',') || is_w(ts, *i, "of"))
			(*i)++;
	}
	nm->w = read_year(ts, i, false, &nm->year) ? W_ABSOLUTE : W_YEARLESS;
	return P_OK;
}

/* A day before its month: "15 March", "15th of March 2027". */
static int
read_day_month(const ptoks *ts, int *i, named *nm)
{
	int j = *i + 1;

	skip_ordinal(ts, &j);
	if (is_w(ts, j, "of"))
		j++;
	if (j >= ts->n || month_of(&ts->t[j]) == 0)
		return P_INVALID;
	nm->u = U_DAY;
	nm->day = (int)ts->t[*i].num;
	nm->index = month_of(&ts->t[j]);
	*i = j + 1;
	if (is_sep(ts, *i, '.') || is_sep(ts, *i, ','))
		(*i)++;
	nm->w = read_year(ts, i, false, &nm->year) ? W_ABSOLUTE : W_YEARLESS;
	return P_OK;
}

/*
 * A season with an optional year: "summer 2027", "winter 2026/27" (the
 * two years a winter spans), "spring '27".  A season with no year is a
 * date only with a modifier or "this" (`bare_ok`): alone, "Spring" is as
 * likely a framework and "fall" a verb.
 */
static int
read_season(const ptoks *ts, int *i, bool bare_ok, named *nm)
{
	long second;

	nm->u = U_SEASON;
	nm->index = season_of(&ts->t[*i]);
	(*i)++;
	if (!read_year(ts, i, false, &nm->year)) {
		if (!bare_ok)
			return P_INVALID;
		nm->w = W_YEARLESS;
		return P_OK;
	}
	nm->w = W_ABSOLUTE;
	if ((is_sep(ts, *i, '/') || is_sep(ts, *i, '-')) &&
	    (is_num(ts, *i + 1, 2, 2) || is_num(ts, *i + 1, 4, 4))) {
		second = ts->t[*i + 1].num;
		if (ts->t[*i + 1].ndigits == 2)
			second += nm->year / 100 * 100;
		*i += 2;
		if (nm->index != 12 || second != nm->year + 1)
			return P_IMPOSSIBLE;
		nm->year = second;
	}
	return P_OK;
}

/* Is the word at i the letter of a quarter or a half (Q, H)? */
static bool
is_period_letter(const ptoks *ts, int i)
{
	return is_w(ts, i, "q") || is_w(ts, i, "h");
}

/* "Q2", "Q2 2027", "Q2'27", "H1-27", "2Q27", "2H 2027". */
static int
read_quarter(const ptoks *ts, int *i, named *nm)
{
	const ptok *letter;
	long n;

	if (is_period_letter(ts, *i)) {
		letter = &ts->t[*i];
		n = ts->t[*i + 1].num;
	} else {
		n = ts->t[*i].num;
		letter = &ts->t[*i + 1];
	}
	*i += 2;
	nm->u = lower(letter->s[0]) == 'q' ? U_QUARTER : U_HALF;
	if (n < 1 || n > (nm->u == U_QUARTER ? 4 : 2))
		return P_IMPOSSIBLE;
	nm->index = (int)n;
	if (is_sep(ts, *i, '-') || is_sep(ts, *i, '/')) {
		(*i)++;
		if (!read_year(ts, i, true, &nm->year))
			return P_INVALID;
		nm->w = W_ABSOLUTE;
		return P_OK;
	}
	nm->w = read_year(ts, i, true, &nm->year) ? W_ABSOLUTE : W_YEARLESS;
	return P_OK;
}

/*
 * The period a phrase names and its modifier.  Returns P_OK, P_INVALID
 * (not a phrase) or P_IMPOSSIBLE (a phrase with a value no calendar has).
 */
static int
parse_phrase(const ptoks *ts, named *nm, modifier *mod)
{
	/* Not "coming": "the coming quarter" is this one to some, the next to others. */
	static const char *const this_words[] = {"this", "current", NULL};
	static const char *const next_words[] = {"next", "following", NULL};
	int i = 0, r = P_OK, offset = -1;
	unit u;

	memset(nm, 0, sizeof *nm);
	if (is_w(ts, i, "the"))
		i++;
	if (read_modifier(ts, &i, mod) != P_OK || i >= ts->n)
		return P_INVALID;
	if ((u = end_keyword(&ts->t[i])) != U_NONE) {
		if (*mod != M_NONE && *mod != M_END)
			return P_INVALID;
		*mod = M_END;
		nm->u = u;
		nm->w = W_RELATIVE;
		i++;
		/* "EOY 2027", "YE27": the end of that year */
		if (u == U_YEAR && read_year(ts, &i, true, &nm->year)) {
			nm->w = W_ABSOLUTE;
			if (!year_ok(nm->year))
				return P_IMPOSSIBLE;
		}
		goto done;
	}
	if (word_in(&ts->t[i], this_words)) {
		offset = 0;
		i++;
	} else if (word_in(&ts->t[i], next_words)) {
		offset = 1;
		i++;
	}
	if ((u = unit_of(ts, &i)) != U_NONE) {
		bool end = read_unit_end(ts, &i);

		/* "month" alone is no date; "end of month", "this month", "month end" are. */
		if (offset < 0 && *mod == M_NONE && !end)
			return P_INVALID;
		if (end) {
			if (*mod != M_NONE)
				return P_INVALID;
			*mod = M_END;
		}
		nm->u = u;
		nm->w = W_RELATIVE;
		nm->offset = offset > 0 ? offset : 0;
		goto done;
	}
	/* "next March", "next spring": whether the coming one or the one after is unclear. */
	if (offset > 0 || i >= ts->n)
		return P_INVALID;
	if (month_of(&ts->t[i]) != 0)
		r = read_month(ts, &i, nm);
	else if (is_num(ts, i, 1, 2) && i + 1 < ts->n && ts->t[i + 1].kind == T_WORD &&
	         !is_period_letter(ts, i + 1))
		r = read_day_month(ts, &i, nm);
	else if (season_of(&ts->t[i]) != 0)
		r = read_season(ts, &i, offset == 0 || *mod != M_NONE, nm);
	else if ((is_period_letter(ts, i) && is_num(ts, i + 1, 1, 1) && ts->t[i + 1].glued) ||
	         (is_num(ts, i, 1, 1) && is_period_letter(ts, i + 1) && ts->t[i + 1].glued))
		r = read_quarter(ts, &i, nm);
	else if (read_year(ts, &i, false, &nm->year)) {
		nm->u = U_YEAR;
		nm->w = W_ABSOLUTE;
	} else
		return P_INVALID;
	if (r != P_OK)
		return r;
	/* A day is a day: it has no end or thirds. */
	if (nm->u == U_DAY) {
		if (*mod != M_NONE)
			return P_INVALID;
		/* The day must exist in some year (February 29 does, in leap years). */
		if (nm->day < 1 || ovp_day_from_ymd(2000, nm->index, nm->day) == OVP_DAY_NONE)
			return P_IMPOSSIBLE;
	}
	if (nm->w == W_ABSOLUTE && !year_ok(nm->year))
		return P_IMPOSSIBLE;
done:
	if (is_sep(ts, i, '.'))
		i++;
	return i == ts->n ? P_OK : P_INVALID;
}

ovp_date_status
ovp_date_phrase_read(const char *s, size_t len, ovp_day as_of, ovp_window *out)
{
	ptoks ts;
	named nm;
	modifier mod;
	span sp;
	int r, y, m, d;

	*out = OVP_WINDOW_NONE;
	if (s == NULL || !tokenize(s, s + len, true, &ts) || ts.n == 0)
		return OVP_DATE_INVALID;
	r = parse_phrase(&ts, &nm, &mod);
	if (r != P_OK)
		return r == P_IMPOSSIBLE ? OVP_DATE_IMPOSSIBLE : OVP_DATE_INVALID;
	switch (nm.w) {
	case W_ABSOLUTE:
		if (!span_in_year(&nm, nm.year, &sp))
			return OVP_DATE_IMPOSSIBLE;
		if (!narrow(&sp, mod))
			return OVP_DATE_INVALID;
		break;
	case W_RELATIVE:
		if (as_of == OVP_DAY_NONE || !span_relative(&nm, as_of, &sp) || !narrow(&sp, mod))
			return OVP_DATE_INVALID;
		break;
	case W_YEARLESS:
	default:
		/* The first one not yet past; February 29 may be eight years away. */
		if (as_of == OVP_DAY_NONE)
			return OVP_DATE_INVALID;
		ovp_day_to_ymd(as_of, &y, &m, &d);
		for (long year = (long)y - 1;; year++) {
			if (year > (long)y + 8)
				return OVP_DATE_INVALID;
			if (!span_in_year(&nm, year, &sp))
				continue;
			if (!narrow(&sp, mod))
				return OVP_DATE_INVALID;
			if (sp.w.end >= as_of)
				break;
		}
		break;
	}
	*out = sp.w;
	return OVP_DATE_OK;
}

/* ---- does it look like a date? ----------------------------------------- */

/*
 * Is the word w (len letters) one edit from the lower-case lit: one
 * letter changed, added, dropped, or two neighbours swapped?
 */
static bool
one_edit(const char *w, size_t len, const char *lit)
{
	size_t n = strlen(lit), i = 0;

	if (len + 1 < n || len > n + 1)
		return false;
	while (i < len && i < n && lower(w[i]) == lit[i])
		i++;
	if (i == len && i == n)
		return false; /* the same word */
	if (len == n) {
		/* a change, or a swap of i and i + 1 */
		if (i + 1 < n && lower(w[i]) == lit[i + 1] && lower(w[i + 1]) == lit[i]) {
			for (size_t j = i + 2; j < n; j++)
				if (lower(w[j]) != lit[j])
					return false;
			return true;
		}
		for (size_t j = i + 1; j < n; j++)
			if (lower(w[j]) != lit[j])
				return false;
		return true;
	}
	if (len > n) {
		/* w has a letter more at i */
		for (size_t j = i; j < n; j++)
			if (lower(w[j + 1]) != lit[j])
				return false;
		return true;
	}
	/* w lacks the letter of lit at i */
	for (size_t j = i; j < len; j++)
		if (lower(w[j]) != lit[j + 1])
			return false;
	return true;
}

/* A misspelt long month name or "quarter" ("Marhc", "Febuary", "quater"): five letters or more. */
static bool
near_period_word(const ptok *t)
{
	static const char *const long_words[] = {
		"january", "february", "march", "april", "august", "september", "october",
		"november", "december", "quarter", NULL,
	};

	if (t->len < 5)
		return false;
	for (const char *const *w = long_words; *w != NULL; w++)
		if (one_edit(t->s, t->len, *w))
			return true;
	return false;
}

/* Words a date phrase is made of besides its periods: they are no sign either way. */
static const char *const filler_words[] = {
	"of", "the", "by", "due", "in", "at", "on", "st", "nd", "rd", "th", "am", "pm", NULL,
};

static const char *const modifier_words[] = {
	"end", "early", "mid", "late", "beginning", "start", "middle", NULL,
};

static const char *const relative_words[] = {
	"this", "next", "current", "coming", "following", NULL,
};

static const char *const unit_words[] = {
	"week", "month", "quarter", "half", "year", NULL,
};

static const char *const keyword_words[] = {
	"eom", "eoq", "eoy", "eow", "eoh", "ye", "fy", "fiscal", NULL,
};

/*
 * Numbers separated as a date is, at token i: three parts with one
 * separator of "/.-" whose first part has four digits or whose last has
 * two or four ("15.01.2027", "1/15/27", "2027-02-30"), or two parts of a
 * month and a year ("2027-03", "03/2027").
 */
static bool
numeric_shape(const ptoks *ts, int i)
{
	char sep;

	if (!is_num(ts, i, 1, 4) || i + 2 >= ts->n || ts->t[i + 1].kind != T_SEP ||
	    !ts->t[i + 1].glued || !is_num(ts, i + 2, 1, 4) || !ts->t[i + 2].glued)
		return false;
	sep = ts->t[i + 1].sep;
	if (sep != '/' && sep != '.' && sep != '-')
		return false;
	if (is_sep(ts, i + 3, sep) && ts->t[i + 3].glued && is_num(ts, i + 4, 1, 4) &&
	    ts->t[i + 4].glued) {
		int a = ts->t[i].ndigits, b = ts->t[i + 2].ndigits, c = ts->t[i + 4].ndigits;

		return (a == 4 && b <= 2 && c <= 2) || (a <= 2 && b <= 2 && (c == 2 || c == 4));
	}
	return (ts->t[i].ndigits == 4 && ts->t[i + 2].ndigits <= 2) ||
	       (ts->t[i].ndigits <= 2 && ts->t[i + 2].ndigits == 4);
}

bool
ovp_date_looks_like(const char *s, size_t len)
{
	ptoks ts;
	int unknown = 0;
	bool strong = false, year = false, narrowed = false, relative = false, has_unit = false;
	bool season = false, misspelt = false, may = false;

	if (s == NULL || !tokenize(s, s + len, false, &ts))
		return false;
	for (int i = 0; i < ts.n; i++) {
		const ptok *t = &ts.t[i];

		if (t->kind == T_NUM) {
			if (numeric_shape(&ts, i))
				strong = true;
			if (t->ndigits == 4 && t->num >= 1900 && t->num <= 2099)
				year = true;
			else if (t->ndigits == 2 && i > 0 && ts.t[i - 1].kind == T_APOS)
				year = true;
			else if (t->ndigits == 1 && is_period_letter(&ts, i + 1) && ts.t[i + 1].glued)
				strong = true;
			else if (t->ndigits > 2)
				unknown++;
			continue;
		}
		if (t->kind != T_WORD)
			continue;
		if (word_is(t, "may"))
			may = true; /* also a verb: "Notifications - may change" */
		else if (month_of(t) != 0)
			strong = true;
		else if (season_of(t) != 0)
			season = true;
		else if (is_period_letter(&ts, i) && is_num(&ts, i + 1, 1, 1) && ts.t[i + 1].glued)
			strong = true;
		else if (word_in(t, keyword_words))
			strong = true;
		else if (word_in(t, modifier_words))
			narrowed = true;
		else if (word_in(t, relative_words))
			relative = true;
		else if (word_in(t, unit_words))
			has_unit = true;
		else if (word_in(t, filler_words))
			;
		else if (is_period_letter(&ts, i) && i > 0 && ts.t[i - 1].kind == T_NUM &&
		         ts.t[i - 1].ndigits == 1 && t->glued)
			; /* the Q of "2Q27", counted with its number */
		else if (near_period_word(t))
			misspelt = true;
		else
			unknown++;
	}
	/* Words that are dates only together: "next quarter", "end of month", "late 2027". */
	if (has_unit && (relative || narrowed))
		strong = true;
	if (narrowed && (year || season || misspelt))
		strong = true;
	if (season && (year || relative))
		strong = true;
	if (misspelt && year)
		strong = true;
	if (may && (unknown == 0 || year || narrowed))
		strong = true;
	return strong ? unknown <= 1 : year && unknown == 0;
}

bool
ovp_date_phrase_fiscal(const char *s, size_t len)
{
	ptoks ts;

	if (s == NULL || !tokenize(s, s + len, false, &ts))
		return false;
	for (int i = 0; i < ts.n; i++)
		if (word_is(&ts.t[i], "fy") || word_is(&ts.t[i], "fiscal"))
			return true;
	return false;
}
