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
#include <string.h>

#include <overpromise/date.h>
#include <overpromise/deals.h>

#include "util.h"

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

/* Does [p, e) read as a date under ctx?  Only a window counts, not Later. */
static bool
read_date(const char *p, const char *e, const ovp_date_context *ctx, ovp_window *w)
{
	return p < e && ovp_date_parse(p, (size_t)(e - p), ctx, w) == OVP_DATE_OK;
}

/*
 * Split the promise at feature_end, with the date [d, de) and its window.
 * Refuses (returns false) when nothing of the feature would be left, in
 * which case the whole text stays the feature.
 */
static bool
split_at(ovp_promise_part *part, const char *feature_end, const char *d, const char *de,
         ovp_window w)
{
	const char *fe = trim_feature_end(part->text, feature_end);

	if (fe == part->text)
		return false;
	part->feature_len = (size_t)(fe - part->feature);
	part->date = d;
	part->date_len = d != NULL ? (size_t)(de - d) : 0;
	part->due = w;
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

/* A trailing "(X)", "(by X)" or "(due X)" where X is a date. */
static bool
split_paren(ovp_promise_part *part, const char *p, const char *e, const ovp_date_context *ctx)
{
	const char *open = NULL, *ip, *ie;
	size_t i = (size_t)(e - p);
	int depth = 0;
	ovp_window w;

	if (i < 2 || e[-1] != ')')
		return false;
	while (i-- > 0) {
		if (p[i] == ')') {
			depth++;
		} else if (p[i] == '(' && --depth == 0) {
			open = p + i;
			break;
		}
	}
	if (open == NULL)
		return false;
	ip = open + 1;
	ie = e - 1;
	trim(&ip, &ie);
	if (ie - ip > 3 && lower(ip[0]) == 'b' && lower(ip[1]) == 'y' && ovp_blank_width(ip + 2, ie) > 0)
		ip += 2;
	else if (ie - ip > 4 && lower(ip[0]) == 'd' && lower(ip[1]) == 'u' && lower(ip[2]) == 'e' &&
	         ovp_blank_width(ip + 3, ie) > 0)
		ip += 3;
	trim(&ip, &ie);
	if (!read_date(ip, ie, ctx, &w))
		return false;
	return split_at(part, open, ip, ie, w);
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

	if (!m->at)
		return false;
	for (at = e - 1; at > p; at--)
		if (*at == '@' && blank_before(p, at))
			break;
	if (at <= p)
		return false;
	dp = at + 1;
	trim(&dp, &de);
	if (read_date(dp, de, ctx, &w))
		return split_at(part, at, dp, de, w);
	if (!split_at(part, at, NULL, NULL, OVP_WINDOW_NONE))
		return false;
	part->bad_date = true;
	return true;
}

/* A trailing "by X" or "due X" (whole words, any case) where X is a date. */
static bool
split_by(ovp_promise_part *part, const char *p, const char *e, const ovp_date_context *ctx,
         const marks *m)
{
	const char *q, *dp, *de = e;
	size_t n = 0;
	ovp_window w;

	/* No word after m->last_word starts with a b or a d. */
	if (m->last_word == NULL)
		return false;
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
		return false;
	dp = q + n;
	trim(&dp, &de);
	if (!read_date(dp, de, ctx, &w))
		return false;
	return split_at(part, q, dp, de, w);
}

/*
 * A trailing "- X" (also en or em dash) with blanks around the dash, so
 * that "Pay-by-link" and "Wi-Fi" are words.  The leftmost dash whose
 * rest is a date wins, so "A - B - Q1 2027" keeps "A - B".
 */
static bool
split_dash(ovp_promise_part *part, const char *p, const char *e, const ovp_date_context *ctx,
           const marks *m)
{
	const char *q, *dp, *de;
	size_t n;
	ovp_window w;

	/* No dash with a blank before it comes before m->first_dash. */
	if (m->first_dash == NULL)
		return false;
	for (q = m->first_dash > p ? m->first_dash : p + 1; q < e; q++) {
		if (*q != '-' && (unsigned char)*q != 0xE2)
			continue;
		n = dash_at(q, e);
		if (n == 0 || !blank_before(p, q) || q + n >= e || ovp_blank_width(q + n, e) == 0)
			continue;
		dp = q + n;
		de = e;
		trim(&dp, &de);
		if (read_date(dp, de, ctx, &w) && split_at(part, q, dp, de, w))
			return true;
	}
	return false;
}

/* Fill *part for the trimmed, non-empty promise [p, e) with the marks of its bytes. */
static void
split_promise(ovp_promise_part *part, const char *p, const char *e, const ovp_date_context *ctx,
              const marks *m)
{
	part->text = p;
	part->text_len = (size_t)(e - p);
	part->feature = p;
	part->feature_len = part->text_len;
	part->date = NULL;
	part->date_len = 0;
	part->due = OVP_WINDOW_NONE;
	part->bad_date = false;
	if (split_paren(part, p, e, ctx) || split_at_sign(part, p, e, ctx, m) ||
	    split_by(part, p, e, ctx, m))
		return;
	split_dash(part, p, e, ctx, m);
}

/* What a byte can be to the grammar (see marks); most bytes are nothing. */
enum { B_NONE, B_SEP, B_WORD, B_DASH, B_AT };

static const unsigned char byte_class[256] = {
	[';'] = B_SEP, ['|'] = B_SEP, ['\n'] = B_SEP, ['\r'] = B_SEP,
	['b'] = B_WORD, ['B'] = B_WORD, ['d'] = B_WORD, ['D'] = B_WORD,
	['-'] = B_DASH, [0xE2] = B_DASH, ['@'] = B_AT,
};

/*
 * Find the end of the promise starting at p (its separator, or end) and
 * mark on the way where its date splitters may find something.  The
 * marks may point at more than the splitters accept (a blank is judged
 * within the cell from p, not the trimmed promise), never at less.
 */
static const char *
scan_promise(const char *p, const char *end, marks *m)
{
	const char *e;

	m->last_word = NULL;
	m->first_dash = NULL;
	m->at = false;
	for (e = p; e < end; e++) {
		unsigned k = byte_class[(unsigned char)*e];

		if (k == B_NONE)
			continue;
		if (k == B_SEP)
			break;
		if (k == B_WORD) {
			if (e > p && blank_before(p, e))
				m->last_word = e;
		} else if (k == B_DASH) {
			if (m->first_dash == NULL && e > p && blank_before(p, e))
				m->first_dash = e;
		} else {
			m->at = true;
		}
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
