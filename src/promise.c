/*
 * The promise-cell grammar (SPEC 2.4).
 *
 * A deal's promise cell holds one or more promises separated by ';', '|'
 * or line breaks, each a feature optionally followed by its date:
 * "SSO (2027-01-15)", "SSO @ Q1 2027", "SSO by 2027-03-31",
 * "SSO - March 2027".  A trailing "(X)", "by X" or "- X" is a date only
 * when X reads as one, so "Single sign-on (SAML)" and "Sort by date" keep
 * their words; after "@" a date must follow.  The splitter only points
 * into the cell: it allocates nothing and reads no byte past len.  Each
 * promise is read once to find its end, noting on the way where a date
 * marker may start, so that the date splitters look only from there.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#if defined(__SSE2__) && defined(__GNUC__)
#include <emmintrin.h>
#endif

#include <overpromise/date.h>
#include <overpromise/deals.h>
#include <overpromise/promise.h>

#include "date_phrase.h"
#include "util/str.h"

static char
lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

/*
 * What the splitter noticed in a promise while looking for its end, so
 * that the date splitters need not read every byte again.
 */
typedef struct marks {
	const char *last_word;  /* the last b, B, d or D after a blank: where "by" or "due" may start */
	const char *first_dash; /* the first '-' or 0xE2 (of an en or em dash) after a blank */
	bool at;                /* an '@' occurs */
} marks;

/* Is the byte before q (q > p) part of a blank (ASCII or U+00A0)? */
static inline bool
blank_before(const char *p, const char *q)
{
	char c = q[-1];

	if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f')
		return true;
	return (unsigned char)c == 0xA0 && q - p >= 2 && (unsigned char)q[-2] == 0xC2;
}

/* Trim blanks from both ends of [*p, *e). */
static inline void
trim(const char **p, const char **e)
{
	size_t w;

	if (ovp_no_blank_ends(*p, (size_t)(*e - *p)))
		return;
	while (*p < *e && (w = ovp_blank_width(*p, *e)) > 0)
		*p += w;
	while (*e > *p && blank_before(*p, *e))
		*e -= (unsigned char)(*e)[-1] == 0xA0 ? 2 : 1;
}

/* Width of the dash at q ('-', U+2013 en dash, U+2014 em dash), or 0. */
static size_t
dash_at(const char *q, const char *e)
{
	const unsigned char *u = (const unsigned char *)q;

	if (*q == '-')
		return 1;
	if (e - q >= 3 && u[0] == 0xE2 && u[1] == 0x80 && (u[2] == 0x93 || u[2] == 0x94))
		return 3;
	return 0;
}

/*
 * Cut what is left between a feature and its removed date off the
 * feature's end: blanks and the separators ',', ':', '@' and dashes.
 */
static const char *
trim_feature_end(const char *p, const char *e)
{
	for (;;) {
		if (e > p && blank_before(p, e))
			e -= (unsigned char)e[-1] == 0xA0 ? 2 : 1;
		else if (e > p && (e[-1] == ',' || e[-1] == ':' || e[-1] == '@' || e[-1] == '-'))
			e--;
		else if (e - p >= 3 && dash_at(e - 3, e) == 3)
			e -= 3;
		else
			return e;
	}
}

/*
 * Most bytes of a text that may be meant as a date though it reads as
 * none: the longest date phrase ("by the beginning of the following
 * quarter") has well under half of it.
 */
#define MEANT_MAX 80

/* What a trailing text after a date marker is to the promise. */
typedef enum candidate {
	C_NONE,   /* part of the feature */
	C_DATE,   /* a date: the promise's own */
	C_BAD,    /* meant as a date, but none is read: reported, the feature is split off */
	C_NO_DATE /* "TBD", "ASAP": the promise has no date of its own; split off quietly */
} candidate;

/* Words that say there is no date yet. */
static bool
says_no_date(const char *p, const char *e)
{
	static const char *const words[] = {"tbd", "tbc", "tba", "asap", NULL};
	size_t n = (size_t)(e - p);

	for (const char *const *w = words; *w != NULL; w++) {
		size_t i = 0;

		if (strlen(*w) != n)
			continue;
		while (i < n && lower(p[i]) == (*w)[i])
			i++;
		if (i == n)
			return true;
	}
	return false;
}

/*
 * What [p, e) is under ctx: a date (only a window counts, not Later), or,
 * when loose, a text meant as a date that reads as none (*st says why),
 * or a word for "no date yet".  Strict, anything but a date is C_NONE.
 */
static candidate
read_date(const char *p, const char *e, const ovp_date_context *ctx, bool loose, ovp_window *w,
          ovp_date_status *st)
{
	if (p >= e)
		return C_NONE;
	*st = ovp_date_parse_phrase(p, (size_t)(e - p), ctx, w);
	if (*st == OVP_DATE_OK)
		return C_DATE;
	if (!loose || e - p > MEANT_MAX)
		return C_NONE;
	if (says_no_date(p, e))
		return C_NO_DATE;
	return ovp_date_looks_like(p, (size_t)(e - p)) ? C_BAD : C_NONE;
}

/*
 * Split the promise at feature_end, with the date [d, de) read as c (its
 * window w, or why it could not be read, st).  Refuses (returns false)
 * when nothing of the feature would be left, in which case the whole
 * text stays the feature.
 */
static bool
split_at(ovp_promise_part *part, const char *feature_end, const char *d, const char *de,
         candidate c, ovp_window w, ovp_date_status st)
{
	const char *fe = trim_feature_end(part->text, feature_end);

	if (fe == part->text)
		return false;
	part->feature_len = (size_t)(fe - part->feature);
	if (c == C_NO_DATE)
		return true;
	part->date = d;
	part->date_len = (size_t)(de - d);
	if (c == C_DATE) {
		part->due = w;
	} else {
		part->bad_date = true;
		part->date_status = st;
	}
	return true;
}

/* Is [q, q + n) the word w (lower case, any case in the text) between blanks? */
static bool
word_at(const char *p, const char *q, const char *e, const char *w, size_t n)
{
	size_t i;

	if (q <= p || (size_t)(e - q) <= n || !blank_before(p, q) || ovp_blank_width(q + n, e) == 0)
		return false;
	for (i = 0; i < n; i++)
		if (lower(q[i]) != w[i])
			return false;
	return true;
}

/*
 * A trailing "(X)", "(by X)" or "(due X)": X is [*ip, *ie); returns the
 * opening parenthesis, or NULL when the promise does not end so.
 */
static const char *
find_paren(const char *p, const char *e, const char **ip, const char **ie)
{
	const char *open = NULL;
	size_t i = (size_t)(e - p);
	int depth = 0;

	if (i < 2 || e[-1] != ')')
		return NULL;
	while (i-- > 0) {
		if (p[i] == ')') {
			depth++;
		} else if (p[i] == '(' && --depth == 0) {
			open = p + i;
			break;
		}
	}
	if (open == NULL)
		return NULL;
	*ip = open + 1;
	*ie = e - 1;
	trim(ip, ie);
	if (*ie - *ip > 3 && lower((*ip)[0]) == 'b' && lower((*ip)[1]) == 'y' &&
	    ovp_blank_width(*ip + 2, *ie) > 0)
		*ip += 2;
	else if (*ie - *ip > 4 && lower((*ip)[0]) == 'd' && lower((*ip)[1]) == 'u' &&
	         lower((*ip)[2]) == 'e' && ovp_blank_width(*ip + 3, *ie) > 0)
		*ip += 3;
	trim(ip, ie);
	return open;
}

/*
 * "@ X": X must be a date.  Only an '@' after a blank counts, so that an
 * e-mail address in a feature is not taken for a date marker.
 */
static bool
split_at_sign(ovp_promise_part *part, const char *p, const char *e, const ovp_date_context *ctx,
              const marks *m)
{
	const char *at, *dp, *de = e;
	ovp_window w;
	ovp_date_status st = OVP_DATE_EMPTY;

	if (!m->at)
		return false;
	for (at = e - 1; at > p; at--)
		if (*at == '@' && blank_before(p, at))
			break;
	if (at <= p)
		return false;
	dp = at + 1;
	trim(&dp, &de);
	if (read_date(dp, de, ctx, false, &w, &st) == C_DATE)
		return split_at(part, at, dp, de, C_DATE, w, st);
	if (!split_at(part, at, dp, de, C_BAD, OVP_WINDOW_NONE, st))
		return false;
	part->at_sign = true;
	return true;
}

/*
 * A trailing "by X" or "due X" (whole words, any case): X is [*dp, *de);
 * returns where "by" or "due" starts, or NULL when there is none.
 */
static const char *
find_by(const char *p, const char *e, const marks *m, const char **dp, const char **de)
{
	const char *q;
	size_t n = 0;

	/* No word after m->last_word starts with a b or a d. */
	if (m->last_word == NULL)
		return NULL;
	for (q = m->last_word; q > p; q--) {
		if (lower(*q) != 'b' && lower(*q) != 'd')
			continue;
		if (word_at(p, q, e, "by", 2)) {
			n = 2;
			break;
		}
		if (word_at(p, q, e, "due", 3)) {
			n = 3;
			break;
		}
	}
	if (n == 0)
		return NULL;
	*dp = q + n;
	*de = e;
	trim(dp, de);
	return q;
}

/*
 * A trailing "- X" (also en or em dash) with blanks around the dash, so
 * that "Pay-by-link" and "Wi-Fi" are words.  The leftmost dash whose
 * rest is a date wins, so "A - B - Q1 2027" keeps "A - B"; loose, the
 * rightmost whose rest is meant as a date, so that "A - B - Marhc 2027"
 * keeps "A - B" too.
 */
static bool
split_dash(ovp_promise_part *part, const char *p, const char *e, const ovp_date_context *ctx,
           const marks *m, bool loose)
{
	const char *q, *dp, *de, *best = NULL, *best_dp = NULL;
	size_t n;
	ovp_window w;
	ovp_date_status st, best_st = OVP_DATE_INVALID;
	candidate c, best_c = C_NONE;

	/* No dash with a blank before it comes before m->first_dash. */
	if (m->first_dash == NULL)
		return false;
	q = m->first_dash > p ? m->first_dash : p + 1;
	/* Loose, only a short rest can be meant as a date. */
	if (loose && e - q > MEANT_MAX + 4)
		q = e - (MEANT_MAX + 4);
	for (; q < e; q++) {
		if (*q != '-' && (unsigned char)*q != 0xE2)
			continue;
		n = dash_at(q, e);
		if (n == 0 || !blank_before(p, q) || q + n >= e || ovp_blank_width(q + n, e) == 0)
			continue;
		dp = q + n;
		de = e;
		trim(&dp, &de);
		c = read_date(dp, de, ctx, loose, &w, &st);
		if (c == C_DATE && split_at(part, q, dp, de, c, w, st))
			return true;
		if (c != C_NONE && q > p) {
			best = q;
			best_dp = dp;
			best_c = c;
			best_st = st;
		}
	}
	return best != NULL &&
	       split_at(part, best, best_dp, e, best_c, OVP_WINDOW_NONE, best_st);
}

/* Fill *part for the trimmed, non-empty promise [p, e) with the marks of its bytes. */
static void
split_promise(ovp_promise_part *part, const char *p, const char *e, const ovp_date_context *ctx,
              const marks *m)
{
	const char *paren, *pp = NULL, *pe = NULL, *by, *bp = NULL, *be = NULL;
	candidate pc, bc;
	ovp_window pw = OVP_WINDOW_NONE, bw = OVP_WINDOW_NONE;
	ovp_date_status pst = OVP_DATE_OK, bst = OVP_DATE_OK;

	part->text = p;
	part->text_len = (size_t)(e - p);
	part->feature = p;
	part->feature_len = part->text_len;
	part->date = NULL;
	part->date_len = 0;
	part->due = OVP_WINDOW_NONE;
	part->bad_date = false;
	part->date_status = OVP_DATE_OK;
	part->at_sign = false;
	part->two_readings = false;
	part->other = OVP_WINDOW_NONE;
	/*
	 * A date that reads wins over one meant as a date that does not: a
	 * trailing "(X)" and "by X" are read once, loose (a date reads the
	 * same either way), and split off as dates first; only when no
	 * splitter finds a date are they taken as meant for one.
	 */
	pc = C_NONE;
	bc = C_NONE;
	paren = find_paren(p, e, &pp, &pe);
	if (paren != NULL)
		pc = read_date(pp, pe, ctx, true, &pw, &pst);
	if (pc == C_DATE && split_at(part, paren, pp, pe, pc, pw, pst))
		goto split;
	if (split_at_sign(part, p, e, ctx, m))
		goto split;
	by = find_by(p, e, m, &bp, &be);
	if (by != NULL)
		bc = read_date(bp, be, ctx, true, &bw, &bst);
	if (bc == C_DATE && split_at(part, by, bp, be, bc, bw, bst))
		goto split;
	if (split_dash(part, p, e, ctx, m, false))
		goto split;
	if (pc != C_NONE && pc != C_DATE && split_at(part, paren, pp, pe, pc, pw, pst))
		goto split;
	if (bc != C_NONE && bc != C_DATE && split_at(part, by, bp, be, bc, bw, bst))
		goto split;
	split_dash(part, p, e, ctx, m, true);
split:
	/* Under an open order, "01/02/2027" is read as the separator says, and flagged. */
	if (ctx->order == OVP_ORDER_AUTO && part->date != NULL && !part->bad_date) {
		ovp_window mdy, dmy;

		if (ovp_date_two_readings(part->date, part->date_len, &mdy, &dmy)) {
			part->two_readings = true;
			part->other = part->due.start == mdy.start ? dmy : mdy;
		}
	}
}

/* What a byte can be to the grammar (see marks); most bytes are nothing. */
enum { B_NONE, B_SEP, B_WORD, B_DASH, B_AT };

static const unsigned char byte_class[256] = {
	[';'] = B_SEP, ['|'] = B_SEP, ['\n'] = B_SEP, ['\r'] = B_SEP,
	['b'] = B_WORD, ['B'] = B_WORD, ['d'] = B_WORD, ['D'] = B_WORD,
	['-'] = B_DASH, [0xE2] = B_DASH, ['@'] = B_AT,
};

/* Note what the byte at q (p < q or p == q, of class k, no separator) tells the splitters. */
static inline void
mark(const char *p, const char *q, unsigned k, marks *m)
{
	if (k == B_WORD) {
		if (q > p && blank_before(p, q))
			m->last_word = q;
	} else if (k == B_DASH) {
		if (m->first_dash == NULL && q > p && blank_before(p, q))
			m->first_dash = q;
	} else if (k == B_AT) {
		m->at = true;
	}
}

/*
 * Find the end of the promise starting at p (its separator, or end) and
 * mark on the way where its date splitters may find something.  The
 * marks may point at more than the splitters accept (a blank is judged
 * within the cell from p, not the trimmed promise), never at less.  With
 * SSE2, 16 bytes are looked at in one go and only the bytes of a class
 * (a few in most runs of text) one by one.
 */
static const char *
scan_promise(const char *p, const char *end, marks *m)
{
	const char *e = p;

	m->last_word = NULL;
	m->first_dash = NULL;
	m->at = false;
#if defined(__SSE2__) && defined(__GNUC__)
	for (; end - e >= 16; e += 16) {
		__m128i v = _mm_loadu_si128((const __m128i *)(const void *)e);
		/* An ASCII letter or'ed with 0x20 is in lower case: b or B, d or D. */
		__m128i lv = _mm_or_si128(v, _mm_set1_epi8(0x20));
		__m128i hit = _mm_or_si128(_mm_cmpeq_epi8(lv, _mm_set1_epi8('b')),
		                           _mm_cmpeq_epi8(lv, _mm_set1_epi8('d')));
		unsigned mask;

		hit = _mm_or_si128(hit, _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8(';')),
		                                     _mm_cmpeq_epi8(v, _mm_set1_epi8('|'))));
		hit = _mm_or_si128(hit, _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('\n')),
		                                     _mm_cmpeq_epi8(v, _mm_set1_epi8('\r'))));
		hit = _mm_or_si128(hit, _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('-')),
		                                     _mm_cmpeq_epi8(v, _mm_set1_epi8('@'))));
		hit = _mm_or_si128(hit, _mm_cmpeq_epi8(v, _mm_set1_epi8((char)0xE2)));
		for (mask = (unsigned)_mm_movemask_epi8(hit); mask != 0; mask &= mask - 1) {
			const char *q = e + __builtin_ctz(mask);
			unsigned k = byte_class[(unsigned char)*q];

			if (k == B_SEP)
				return q;
			mark(p, q, k, m);
		}
	}
#endif
	for (; e < end; e++) {
		unsigned k = byte_class[(unsigned char)*e];

		if (k == B_NONE)
			continue;
		if (k == B_SEP)
			break;
		mark(p, e, k, m);
	}
	return e;
}

/*
 * Split the cell at ';', '|', LF and CR (so CRLF too) and hand each
 * non-empty trimmed promise to fn.  A NULL ctx reads dates with the
 * defaults (order undecided, no as-of day, no serials).
 */
int
ovp_promise_split(const char *s, size_t len, const ovp_date_context *ctx,
                  int (*fn)(void *arg, const ovp_promise_part *part), void *arg)
{
	static const ovp_date_context defaults = {OVP_ORDER_AUTO, OVP_DAY_NONE, false};
	const char *p, *e, *end;
	ovp_promise_part part;
	int r;

	if (s == NULL || fn == NULL)
		return 0;
	if (ctx == NULL)
		ctx = &defaults;
	end = s + len;
	for (p = s; p < end; p = e + 1) {
		const char *ps = p, *pe;
		marks m;

		e = scan_promise(p, end, &m);
		pe = e;
		trim(&ps, &pe);
		if (ps == pe)
			continue;
		split_promise(&part, ps, pe, ctx, &m);
		if ((r = fn(arg, &part)) != 0)
			return r;
	}
	return 0;
}

/* Most bytes of a text quoted in a message; a longer one is cut (on a character). */
#define QUOTE_MAX 80

/* The length of s (n bytes) to quote: all of it, or QUOTE_MAX cut back to a character's start. */
static int
quote_len(const char *s, size_t n)
{
	if (n <= QUOTE_MAX)
		return (int)n;
	n = QUOTE_MAX;
	while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
		n--;
	return (int)n;
}

bool
ovp_promise_date_problem(const ovp_promise_part *part, const ovp_date_context *ctx, char *buf,
                         size_t cap)
{
	static const char tail[] = "the promise is checked without a date of its own";
	const char *d = part->date != NULL ? part->date : "";
	int n = quote_len(d, part->date_len);
	char a[OVP_DATE_ISO_SIZE], b[OVP_DATE_ISO_SIZE];

	if (cap == 0)
		return part->bad_date || part->two_readings;
	if (part->two_readings) {
		ovp_window mdy = part->due, dmy = part->other;
		bool as_mdy;

		(void)ovp_date_two_readings(d, part->date_len, &mdy, &dmy);
		as_mdy = part->due.start == mdy.start;
		snprintf(buf, cap,
		         "date \"%.*s\" reads two ways, %s (month/day) or %s (day/month), and nothing in "
		         "the file decides: it is read as %s, as %s dates are by default; write it as "
		         "YYYY-MM-DD or set [deals] date_order",
		         n, d, ovp_day_format(mdy.end, a), ovp_day_format(dmy.end, b), as_mdy ? a : b,
		         as_mdy ? "\"/\"" : "\".\" and \"-\"");
		return true;
	}
	if (!part->bad_date)
		return false;
	if (part->at_sign && part->date_len == 0)
		snprintf(buf, cap, "nothing follows \"@\", where a date must; %s", tail);
	else if (part->date_status == OVP_DATE_IMPOSSIBLE)
		snprintf(buf, cap, "impossible date \"%.*s\"; %s", n, d, tail);
	else if (part->date_status == OVP_DATE_CONFLICT)
		snprintf(buf, cap,
		         "date \"%.*s\" contradicts the %s order of the file's promise dates; %s", n, d,
		         ctx != NULL && ctx->order == OVP_ORDER_MDY ? "month/day" : "day/month", tail);
	else if (ovp_date_phrase_fiscal(d, part->date_len))
		snprintf(buf, cap,
		         "unknown date \"%.*s\": fiscal years differ from company to company, write the "
		         "calendar date (\"Q3 2027\", \"2027-09-30\"); %s",
		         n, d, tail);
	else if (part->at_sign)
		snprintf(buf, cap, "after \"@\" a date must follow: \"%.*s\" is not a date; %s", n, d,
		         tail);
	else
		snprintf(buf, cap, "unknown date \"%.*s\"; %s", n, d, tail);
	return true;
}
