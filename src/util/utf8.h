/*
 * UTF-8 decoding and encoding (not public): the one decoder that every
 * reader and writer of raw bytes uses, so that they agree on what is
 * well-formed (no overlong forms, no surrogates, nothing past U+10FFFF).
 * Text that is normalised goes through utf8proc instead (text.c).
 */
#ifndef OVP_UTIL_UTF8_H
#define OVP_UTIL_UTF8_H

#include <stddef.h>
#include <stdint.h>

/*
 * Length of the well-formed sequence of two to four bytes that starts
 * at s (n > 0 bytes available), with its code point in *cp; or 0 when
 * s[0] starts none, and then *bad is the length of the maximal subpart,
 * the bytes one U+FFFD replaces in Unicode's recommended practice.
 * s[0] must not be ASCII.
 */
static inline size_t
ovp_utf8_sequence(const char *s, size_t n, uint32_t *cp, size_t *bad)
{
	const unsigned char *p = (const unsigned char *)s;
	unsigned char c = p[0], lo = 0x80, hi = 0xBF;
	size_t len;
	uint32_t v;

	if (c >= 0xC2 && c <= 0xDF) {
		len = 2;
		v = c & 0x1F;
	} else if (c >= 0xE0 && c <= 0xEF) {
		len = 3;
		v = c & 0x0F;
		if (c == 0xE0)
			lo = 0xA0; /* overlong */
		else if (c == 0xED)
			hi = 0x9F; /* surrogates */
	} else if (c >= 0xF0 && c <= 0xF4) {
		len = 4;
		v = c & 0x07;
		if (c == 0xF0)
			lo = 0x90; /* overlong */
		else if (c == 0xF4)
			hi = 0x8F; /* past U+10FFFF */
	} else {
		*bad = 1;
		return 0;
	}
	for (size_t k = 1; k < len; k++) {
		if (k >= n || p[k] < (k == 1 ? lo : 0x80) || p[k] > (k == 1 ? hi : 0xBF)) {
			*bad = k;
			return 0;
		}
		v = (v << 6) | (p[k] & 0x3F);
	}
	*cp = v;
	return len;
}

/*
 * Decode the UTF-8 sequence at s (n > 0 bytes left) into *cp and return
 * its length.  A byte that starts no valid sequence (a stray continuation,
 * an overlong form, a surrogate, a truncated sequence) gives U+FFFD and
 * length 1, so that callers always make progress.
 */
static inline size_t
ovp_utf8_next(const char *s, size_t n, uint32_t *cp)
{
	size_t len, bad;

	if ((unsigned char)s[0] < 0x80) {
		*cp = (unsigned char)s[0];
		return 1;
	}
	len = ovp_utf8_sequence(s, n, cp, &bad);
	if (len == 0) {
		*cp = 0xFFFD;
		return 1;
	}
	return len;
}

/* Most bytes ovp_utf8_put() writes. */
#define OVP_UTF8_MAX 4

/* Write code point cp (at most U+10FFFF) as UTF-8 at out; returns the number of bytes. */
size_t ovp_utf8_put(char *out, uint32_t cp);

#endif
