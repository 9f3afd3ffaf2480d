/*
 * Small string helpers shared by the loaders (see util.h).
 */
#include <math.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "str.h"

static bool
is_blank(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f';
}

const char *
ovp_trim_ends(const char *s, size_t len, size_t *out_len)
{
	while (len > 0) {
		if (is_blank((unsigned char)s[0]))
			s++, len--;
		else if (len >= 2 && (unsigned char)s[0] == 0xC2 && (unsigned char)s[1] == 0xA0)
			s += 2, len -= 2;
		else
			break;
	}
	while (len > 0) {
		if (is_blank((unsigned char)s[len - 1]))
			len--;
		else if (len >= 2 && (unsigned char)s[len - 2] == 0xC2 &&
		         (unsigned char)s[len - 1] == 0xA0)
			len -= 2;
		else
			break;
	}
	*out_len = len;
	return s;
}

void
ovp_lower_ascii(const char *s, char *out, size_t cap)
{
	size_t n = 0;

	if (cap == 0)
		return;
	for (; *s != '\0' && n + 1 < cap; s++) {
		char c = *s;

		out[n++] = (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
	}
	out[n] = '\0';
}

bool
ovp_ascii_words_in(const char *s, size_t len, char *out, size_t cap)
{
	size_t n = 0;
	bool gap = false; /* a separator since the last letter or digit */

	if (cap == 0)
		return false;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		/* Setting bit 0x20 lower-cases a letter and leaves a digit as it is. */
		unsigned char l = (unsigned char)(c | 0x20);

		if ((unsigned)(l - 'a') >= 26 && (unsigned)(c - '0') >= 10) {
			gap = true;
			continue;
		}
		/* The space goes in only before the next word, never at the end. */
		if (gap && n > 0) {
			if (n + 1 >= cap)
				return false;
			out[n++] = ' ';
		}
		gap = false;
		if (n + 1 >= cap)
			return false;
		out[n++] = (char)l;
	}
	out[n] = '\0';
	return true;
}

char *
ovp_ascii_words(const char *s, size_t len)
{
	char *out = malloc(len + 1);

	if (out != NULL)
		(void)ovp_ascii_words_in(s, len, out, len + 1);
	return out;
}

bool
ovp_has_phrase(const char *words, const char *phrase)
{
	size_t plen = strlen(phrase);

	for (const char *p = words; (p = strstr(p, phrase)) != NULL; p++) {
		bool start = p == words || p[-1] == ' ';
		bool end = p[plen] == '\0' || p[plen] == ' ';

		if (start && end)
			return true;
	}
	return false;
}

int
ovp_parse_number(const char *s, double *out, char **end)
{
	const char *p = s;
	double v = 0.0, scale = 1.0;
	bool neg = false, digits = false;

	while (is_blank((unsigned char)*p))
		p++;
	if (*p == '-' || *p == '+')
		neg = *p++ == '-';
	for (; *p >= '0' && *p <= '9'; p++, digits = true)
		v = v * 10.0 + (*p - '0');
	if (*p == '.') {
		for (p++; *p >= '0' && *p <= '9'; p++, digits = true) {
			scale /= 10.0;
			v += (*p - '0') * scale;
		}
	}
	if (!digits) {
		*end = (char *)(uintptr_t)s;
		return -1;
	}
	if ((*p == 'e' || *p == 'E') &&
	    ((p[1] >= '0' && p[1] <= '9') ||
	     ((p[1] == '-' || p[1] == '+') && p[2] >= '0' && p[2] <= '9'))) {
		int ex = 0;
		bool eneg = false;

		p++;
		if (*p == '-' || *p == '+')
			eneg = *p++ == '-';
		for (; *p >= '0' && *p <= '9'; p++)
			if (ex < 400)
				ex = ex * 10 + (*p - '0');
		v *= pow(10.0, eneg ? -ex : ex);
	}
	*out = neg ? -v : v;
	*end = (char *)(uintptr_t)p;
	return 0;
}

bool
ovp_parse_decimal(const char *s, double *out, const char **end)
{
	uint64_t mant = 0;
	int digits = 0, significant = 0, scale = 0;
	bool dot = false;
	double v;

	for (; *s != '\0'; s++) {
		if (*s >= '0' && *s <= '9') {
			digits++;
			/* Leading zeros carry no precision. */
			if ((mant != 0 || *s != '0') && ++significant > 18)
				return false;
			mant = mant * 10 + (uint64_t)(*s - '0');
			if (dot)
				scale++;
		} else if (*s == '.' && !dot) {
			dot = true;
		} else {
			break;
		}
	}
	if (digits == 0 || scale > 22)
		return false;
	v = (double)mant;
	if (scale > 0) {
		double p10 = 1.0;

		for (int i = 0; i < scale; i++)
			p10 *= 10.0;
		v /= p10;
	}
	*out = v;
	*end = s;
	return true;
}

void
ovp_money_format(const char *currency, double amount, char *buf, size_t cap)
{
	char digits[64], grouped[96];
	double whole = floor(fabs(amount));
	long long cents = llround((fabs(amount) - whole) * 100.0);
	size_t len, n = 0;

	if (cents == 100) {
		whole += 1.0;
		cents = 0;
	}
	snprintf(digits, sizeof digits, "%.0f", whole);
	len = strlen(digits);
	for (size_t i = 0; i < len && n + 2 < sizeof grouped; i++) {
		if (i > 0 && (len - i) % 3 == 0)
			grouped[n++] = ',';
		grouped[n++] = digits[i];
	}
	grouped[n] = '\0';
	snprintf(buf, cap, "%s%s%s%s", currency != NULL && currency[0] ? currency : "",
	         currency != NULL && currency[0] ? " " : "", amount < 0 ? "-" : "", grouped);
	if (cents > 0) {
		size_t off = strlen(buf);

		snprintf(buf + off, cap - off, ".%02lld", cents);
	}
}
