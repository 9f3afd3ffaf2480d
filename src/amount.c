/*
 * Money amounts and currencies as CRMs export them.
 *
 * An amount cell is a number written with the grouping and decimal
 * conventions of whoever exported it ("120,000.50", "120.000,50",
 * "1'234'567.50", "120 000"), perhaps with a currency code or symbol on
 * either side and a sign or accounting parentheses.  The number is read
 * by hand, never with strtod(), so that the process locale cannot change
 * what a cell means; a cell that is not clearly an amount is invalid,
 * never guessed at ("250k", "TBD").
 */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "amount.h"

/* More digit groups than this is no amount a CRM writes. */
#define MAX_GROUPS 32

/* Integer digits kept exactly in a double (10^15 < 2^53). */
#define MAX_INT_DIGITS 15

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
upper(char c)
{
	return c >= 'a' && c <= 'z' ? (char)(c - 'a' + 'A') : c;
}

/*
 * Width of the blank at p: ASCII white space, U+00A0 (no-break space),
 * U+2009 (thin space) or U+202F (narrow no-break space, the French
 * thousands separator); 0 when p holds no blank.
 */
static size_t
blank_width(const char *p, const char *e)
{
	const unsigned char *u = (const unsigned char *)p;

	if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r' || *p == '\v' || *p == '\f')
		return 1;
	if (u[0] == 0xC2 && e - p >= 2 && u[1] == 0xA0)
		return 2;
	if (u[0] == 0xE2 && e - p >= 3 && u[1] == 0x80 && (u[2] == 0x89 || u[2] == 0xAF))
		return 3;
	return 0;
}

static const char *
skip_blanks(const char *p, const char *e)
{
	size_t w;

	while (p < e && (w = blank_width(p, e)) > 0)
		p += w;
	return p;
}

/* True when c is an ASCII byte that no blank starts or ends with. */
static bool
is_ascii_ink(char c)
{
	return (unsigned char)c > ' ' && (unsigned char)c < 0x80;
}

/* Trim blanks from both ends of [*p, *e). */
static void
trim(const char **p, const char **e)
{
	const char *b, *q = *e;

	/* The common cell ("USD", "120000") has none: say so at a glance. */
	if (*p < q && is_ascii_ink(**p) && is_ascii_ink(q[-1]))
		return;
	b = skip_blanks(*p, *e);
	for (;;) {
		if (q > b && blank_width(q - 1, *e) == 1)
			q--;
		else if (q - b >= 2 && blank_width(q - 2, *e) == 2)
			q -= 2;
		else if (q - b >= 3 && blank_width(q - 3, *e) == 3)
			q -= 3;
		else
			break;
	}
	*p = b;
	*e = q;
}

/* Currency symbols, in UTF-8, with the code each stands for. */
static const struct {
	const char *sym;
	const char *code;
} symbols[] = {
	{"$", "USD"},
	{"\xE2\x82\xAC", "EUR"}, /* € */
	{"\xC2\xA3", "GBP"},     /* £ */
	{"\xC2\xA5", "JPY"},     /* ¥ */
	{"\xEF\xBF\xA5", "JPY"}, /* fullwidth ¥ */
	{"\xE2\x82\xB9", "INR"}, /* ₹ */
	{"\xE2\x82\xA9", "KRW"}, /* ₩ */
	{"\xE2\x82\xBD", "RUB"}, /* ₽ */
	{"\xE2\x82\xBA", "TRY"}, /* ₺ */
	{"\xE2\x82\xAA", "ILS"}, /* ₪ */
};

/* Dollars with a country prefix ("US$", "C$", "A$"), the prefix in upper case. */
static const struct {
	const char *prefix;
	const char *code;
} dollars[] = {
	{"US", "USD"}, {"C", "CAD"}, {"CA", "CAD"}, {"A", "AUD"}, {"AU", "AUD"},
	{"NZ", "NZD"}, {"HK", "HKD"}, {"S", "SGD"}, {"SG", "SGD"}, {"R", "BRL"},
	{"MX", "MXN"},
};

static void
set_code(char currency[OVP_CURRENCY_SIZE], const char *code)
{
	size_t n = strlen(code);

	memcpy(currency, code, n + 1);
}

/*
 * Match a currency at p: a symbol, a prefixed dollar, "kr" (Swedish
 * krona) or any three-letter code (upper-cased; whether it is a real ISO
 * 4217 code is not checked).  Letters are taken as a whole word.  Returns
 * the bytes matched (0 for none) and sets *alpha when the currency ends
 * in a letter, i.e. must be kept apart from digits by a blank.
 */
static size_t
match_currency(const char *p, const char *e, char currency[OVP_CURRENCY_SIZE], bool *alpha)
{
	const char *q = p;
	size_t k, n;

	*alpha = false;
	if (p >= e)
		return 0;
	/* Every code starts with a letter, every symbol with '$' or a non-ASCII byte. */
	if (!is_alpha(*p)) {
		if ((unsigned char)*p < 0x80 && *p != '$')
			return 0;
		for (k = 0; k < sizeof symbols / sizeof symbols[0]; k++) {
			n = strlen(symbols[k].sym);
			if ((size_t)(e - p) >= n && memcmp(p, symbols[k].sym, n) == 0) {
				set_code(currency, symbols[k].code);
				return n;
			}
		}
		return 0;
	}
	while (q < e && is_alpha(*q))
		q++;
	n = (size_t)(q - p);
	if (q < e && *q == '$') {
		for (k = 0; k < sizeof dollars / sizeof dollars[0]; k++) {
			const char *d = dollars[k].prefix;

			if (strlen(d) == n && upper(p[0]) == d[0] && (n == 1 || upper(p[1]) == d[1])) {
				set_code(currency, dollars[k].code);
				return n + 1;
			}
		}
		return 0;
	}
	*alpha = true;
	if (n == 2 && upper(p[0]) == 'K' && upper(p[1]) == 'R') {
		set_code(currency, "SEK");
		return q < e && *q == '.' ? n + 1 : n;
	}
	if (n == 3) {
		currency[0] = upper(p[0]);
		currency[1] = upper(p[1]);
		currency[2] = upper(p[2]);
		currency[3] = '\0';
		return n;
	}
	return 0;
}

int
ovp_currency_parse(const char *s, size_t len, char currency[OVP_CURRENCY_SIZE])
{
	const char *p = s, *e = s + len;
	bool alpha;
	size_t n;

	currency[0] = '\0';
	if (s == NULL)
		return -1;
	trim(&p, &e);
	if (p == e)
		return -1;
	/* The common cell is a three-letter code ("USD", "eur"). */
	if (e - p == 3 && is_alpha(p[0]) && is_alpha(p[1]) && is_alpha(p[2])) {
		currency[0] = upper(p[0]);
		currency[1] = upper(p[1]);
		currency[2] = upper(p[2]);
		currency[3] = '\0';
		return 0;
	}
	n = match_currency(p, e, currency, &alpha);
	if (n == 0 || p + n != e) {
		currency[0] = '\0';
		return -1;
	}
	return 0;
}

/*
 * Width of the separator at p (p < e) if it joins two digit groups: a
 * '.', ',', apostrophe or blank other than a line end, followed by a
 * digit; 0 otherwise.  *kind receives the separator, ' ' for a blank.
 */
static size_t
group_separator(const char *p, const char *e, char *kind)
{
	size_t w;

	if (*p == '.' || *p == ',' || *p == '\'') {
		w = 1;
		*kind = *p;
	} else if ((w = blank_width(p, e)) > 0 && *p != '\n' && *p != '\r') {
		*kind = ' ';
	} else {
		return 0;
	}
	return p + w < e && is_digit(p[w]) ? w : 0;
}

/*
 * Read the number at *pp: digit groups joined by '.', ',', apostrophes or
 * blanks.  A separator is only one when a digit follows it, so "120 000 €"
 * stops before the blank ahead of the symbol.  Decides which separator
 * is the decimal one (SPEC 2.4) and checks the grouping: after the first
 * group (1-3 digits), every group a thousands separator opens has
 * exactly three digits, and only one kind of thousands separator is used.
 */
static bool
read_number(const char **pp, const char *e, double *value)
{
	const char *p = *pp;
	const char *gstart[MAX_GROUPS];
	size_t glen[MAX_GROUPS];
	char seps[MAX_GROUPS]; /* seps[i] joins group i and i + 1: '.', ',', '\'' or ' ' */
	size_t ng = 0, i, ndots = 0, ncommas = 0, nother = 0, dec;
	char grouping = 0;
	uint64_t mant = 0;
	int sig = 0, frac = 0;
	double v;
	char kind;
	static const double pow10[] = {
		1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10,
		1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
	};

	if (p >= e || !is_digit(*p))
		return false;
	/* Most amounts are digits alone ("660000"): nothing to weigh, and
	 * what follows them, if anything, is no digit group. */
	for (const char *q = p;; q++) {
		if (q < e && is_digit(*q))
			continue;
		if (q - p <= MAX_INT_DIGITS && (q == e || group_separator(q, e, &kind) == 0)) {
			for (; p < q; p++)
				mant = mant * 10 + (unsigned)(*p - '0');
			*pp = q;
			*value = (double)mant;
			return true;
		}
		break;
	}
	for (;;) {
		size_t w;

		if (ng == MAX_GROUPS)
			return false;
		gstart[ng] = p;
		while (p < e && is_digit(*p))
			p++;
		glen[ng] = (size_t)(p - gstart[ng]);
		ng++;
		if (p >= e || (w = group_separator(p, e, &kind)) == 0)
			break;
		seps[ng - 1] = kind;
		p += w;
	}
	*pp = p;

	for (i = 0; i + 1 < ng; i++) {
		if (seps[i] == '.')
			ndots++;
		else if (seps[i] == ',')
			ncommas++;
		else
			nother++;
	}
	dec = ng; /* no decimal separator */
	if (ndots > 0 && ncommas > 0) {
		/* the last separator, which must be the only one of its kind */
		dec = ng - 2;
		if (!(seps[dec] == '.' && ndots == 1) && !(seps[dec] == ',' && ncommas == 1))
			return false;
	} else if (ndots + ncommas == 1) {
		for (i = 0; i + 1 < ng; i++)
			if (seps[i] == '.' || seps[i] == ',')
				break;
		/*
		 * One '.' or ',' before exactly three digits groups thousands
		 * ("48.000"), unless the number already groups with blanks or
		 * apostrophes or starts with a zero group ("0.500").
		 */
		if (glen[i + 1] != 3 || nother > 0 || (glen[0] == 1 && gstart[0][0] == '0'))
			dec = i;
	}
	if (dec < ng && dec != ng - 2)
		return false;
	for (i = 0; i + 1 < ng; i++) {
		if (i == dec)
			continue;
		if (grouping != 0 && seps[i] != grouping)
			return false;
		grouping = seps[i];
		if (glen[i + 1] != 3)
			return false;
	}
	if (grouping != 0 && glen[0] > 3)
		return false;

	for (i = 0; i < ng; i++) {
		const char *c;

		for (c = gstart[i]; c < gstart[i] + glen[i]; c++) {
			unsigned d = (unsigned)(*c - '0');

			if (i <= dec) {
				if (sig == 0 && d == 0)
					continue;
				if (++sig > MAX_INT_DIGITS)
					return false;
				mant = mant * 10 + d;
			} else {
				/* digits the mantissa cannot hold exactly are dropped */
				if (mant > (UINT64_C(1) << 53) / 10 - 1 || frac == 22)
					break;
				mant = mant * 10 + d;
				frac++;
			}
		}
	}
	/* both exact in a double, so one correctly rounded division */
	v = (double)mant / pow10[frac];
	*value = v;
	return true;
}

/*
 * The amount cell grammar: an optional '(' , sign and currency in any
 * order, the number, then an optional currency and the ')' that closes
 * the parenthesis.  A minus and parentheses together, a currency on both
 * sides that disagrees, or a letter code touching the digits ("12abc")
 * make the cell invalid.
 */
ovp_amount_status
ovp_amount_parse(const char *s, size_t len, double *value, char currency[OVP_CURRENCY_SIZE])
{
	const char *p = s, *e = s + len;
	bool paren = false, closed = false, sign = false, neg = false, suffixed = false, alpha;
	char cur[OVP_CURRENCY_SIZE] = "", suffix[OVP_CURRENCY_SIZE];
	const char *num_end;
	double v;
	size_t n;

	*value = 0;
	currency[0] = '\0';
	if (s == NULL)
		return OVP_AMOUNT_EMPTY;
	/* Most cells are digits alone ("660000"): no blanks, signs, currency
	 * or separators to weigh, and an integer a double holds exactly. */
	if (len > 0 && len <= MAX_INT_DIGITS) {
		uint64_t mant = 0;
		size_t i = 0;

		while (i < len && is_digit(s[i]))
			mant = mant * 10 + (unsigned)(s[i++] - '0');
		if (i == len) {
			*value = (double)mant;
			return OVP_AMOUNT_OK;
		}
	}
	trim(&p, &e);
	if (p == e)
		return OVP_AMOUNT_EMPTY;

	while (p < e && !is_digit(*p)) {
		if (*p == '(' && !paren) {
			paren = true;
			p++;
		} else if ((*p == '-' || *p == '+') && !sign) {
			sign = true;
			neg = *p == '-';
			p++;
		} else if (e - p >= 3 && memcmp(p, "\xE2\x88\x92", 3) == 0 && !sign) {
			sign = true; /* U+2212 MINUS SIGN */
			neg = true;
			p += 3;
		} else if (cur[0] == '\0' && (n = match_currency(p, e, cur, &alpha)) > 0) {
			p += n;
			if (alpha && p < e && is_digit(*p))
				return OVP_AMOUNT_INVALID;
		} else {
			return OVP_AMOUNT_INVALID;
		}
		p = skip_blanks(p, e);
	}
	if (!read_number(&p, e, &v))
		return OVP_AMOUNT_INVALID;
	num_end = p;
	p = skip_blanks(p, e);
	while (p < e) {
		if (*p == ')' && paren && !closed) {
			closed = true;
			p++;
		} else if (!suffixed && (n = match_currency(p, e, suffix, &alpha)) > 0) {
			if (alpha && p == num_end)
				return OVP_AMOUNT_INVALID;
			if (cur[0] != '\0' && strcmp(cur, suffix) != 0)
				return OVP_AMOUNT_INVALID;
			memcpy(cur, suffix, sizeof cur);
			suffixed = true;
			p += n;
		} else {
			return OVP_AMOUNT_INVALID;
		}
		p = skip_blanks(p, e);
	}
	if (paren != closed || (paren && sign))
		return OVP_AMOUNT_INVALID;
	if ((paren || neg) && v != 0)
		v = -v;
	*value = v;
	memcpy(currency, cur, sizeof cur);
	return OVP_AMOUNT_OK;
}
