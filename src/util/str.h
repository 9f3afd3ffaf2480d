/*
 * Small string helpers shared by the loaders: trimming, ASCII case,
 * word-wise phrase search, locale-independent numbers.
 */
#ifndef OVP_UTIL_H
#define OVP_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* Keeps a rare path out of line, so that its caller's common path stays lean. */
#if defined(__GNUC__)
#define OVP_NOINLINE __attribute__((noinline))
#else
#define OVP_NOINLINE
#endif

/*
 * Keeps a common path inline where the compiler would rather call it (it
 * has more than one caller): for a callback that runs for every cell, or
 * a loop that each call specialises by its constant arguments.
 */
#if defined(__GNUC__)
#define OVP_ALWAYS_INLINE inline __attribute__((always_inline))
#else
#define OVP_ALWAYS_INLINE inline
#endif

/* Width of the blank at p (p < e): ASCII white space or U+00A0, else 0. */
static inline size_t
ovp_blank_width(const char *p, const char *e)
{
	if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r' || *p == '\v' || *p == '\f')
		return 1;
	if ((unsigned char)p[0] == 0xC2 && e - p >= 2 && (unsigned char)p[1] == 0xA0)
		return 2;
	return 0;
}

/* ovp_trim() for a text that may have blanks at either end. */
const char *ovp_trim_ends(const char *s, size_t len, size_t *out_len);

/*
 * True when the len bytes at s have no blank at either end (false when
 * there are none): the first byte starts no blank (it is above ' ' and
 * not the 0xC2 of U+00A0) and the last ends none (above ' ', not 0xA0).
 */
static inline bool
ovp_no_blank_ends(const char *s, size_t len)
{
	return len > 0 && (unsigned char)s[0] > ' ' && (unsigned char)s[0] != 0xC2 &&
	       (unsigned char)s[len - 1] > ' ' && (unsigned char)s[len - 1] != 0xA0;
}

/*
 * Trim ASCII blanks and no-break spaces (U+00A0) from both ends of len
 * bytes at s.  Every cell read passes through here, and most have no
 * blank at either end: those are told without a call.
 */
static inline const char *
ovp_trim(const char *s, size_t len, size_t *out_len)
{
	if (ovp_no_blank_ends(s, len)) {
		*out_len = len;
		return s;
	}
	return ovp_trim_ends(s, len, out_len);
}

/*
 * A byte as a header key has it (see ovp_header_key()): an ASCII letter in
 * lower case, a digit or a byte of a non-ASCII character as it is; 0 for
 * a byte the key drops (blanks, punctuation).
 */
static inline int
ovp_key_char(unsigned char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A' + 'a';
	if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c >= 0x80)
		return c;
	return 0;
}

/* Lower-case the ASCII letters of s into out (cap bytes with the NUL), cutting if needed. */
void ovp_lower_ascii(const char *s, char *out, size_t cap);

/*
 * s as lower-case ASCII words separated by single spaces: every byte
 * that is not an ASCII letter or digit separates words.  A new string
 * for free(), or NULL when out of memory.
 */
char *ovp_ascii_words(const char *s, size_t len);

/*
 * The same words written into out (cap bytes with the NUL), for a caller
 * that only cares about short texts.  Returns false, with out unusable,
 * when they do not fit.
 */
bool ovp_ascii_words_in(const char *s, size_t len, char *out, size_t cap);

/* True when the words of phrase occur in words (from ovp_ascii_words) as whole words. */
bool ovp_has_phrase(const char *words, const char *phrase);

/*
 * Parse a decimal number ("12", "-3.5", "1e3") without regard to the
 * locale; leading blanks are skipped.  *end receives the first byte not
 * used.  Returns 0, or -1 when s does not start with a number.
 */
int ovp_parse_number(const char *s, double *out, char **end);

/*
 * Parse digits with an optional fraction ("0.92", "12", "3."), exactly
 * and in every locale: all digits go into one integer scaled once, so
 * "0.3" is the double nearest to 0.3.  No sign, exponent or grouping; at
 * most 18 significant digits.  *end receives the first byte not used.
 * Returns false when s does not start with such a number.
 */
bool ovp_parse_decimal(const char *s, double *out, const char **end);

/*
 * Write an amount for people: "USD 1,250,000", "EUR 99.50", or without
 * a currency "1,250,000".  Cents are shown only when there are any.
 */
void ovp_money_format(const char *currency, double amount, char *buf, size_t cap);

/*
 * The last r bytes of the n at s (0 < r < 8, r <= n) as one word, zero
 * padded: byte j of them in bits 8j to 8j + 7.  On a little-endian
 * machine they are read a word or two at a time, never outside the n
 * bytes: the last 8 of them shifted down when n allows, else two loads
 * that overlap where r is not a power of two (a byte read twice lands in
 * the same place both times); elsewhere byte by byte.
 */
static inline uint64_t
ovp_tail_word(const char *s, size_t n, size_t r)
{
	uint64_t w = 0;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	const char *t = s + n - r;

	if (n >= 8) {
		memcpy(&w, s + n - 8, sizeof w);
		return w >> (8 * (8 - r));
	}
	if (r >= 4) {
		uint32_t lo, hi;

		memcpy(&lo, t, sizeof lo);
		memcpy(&hi, t + r - 4, sizeof hi);
		return lo | (uint64_t)hi << (8 * (r - 4));
	}
	if (r >= 2) {
		uint16_t lo, hi;

		memcpy(&lo, t, sizeof lo);
		memcpy(&hi, t + r - 2, sizeof hi);
		return lo | (uint64_t)hi << (8 * (r - 2));
	}
	return (unsigned char)t[0];
#else
	for (size_t j = 0; j < r; j++)
		w |= (uint64_t)(unsigned char)s[n - r + j] << (8 * j);
	return w;
#endif
}

/*
 * Copy n bytes (n <= 16) from s to d without a call: two loads and
 * stores of 8 bytes, the second overlapping the first, for 8 or more;
 * two of 4 for 4 to 7; the first, middle and last byte below that.
 * Nothing outside the n bytes is read or written.  Short strings (a
 * name, a stage, the end of a text, a message's label or day) are most
 * of those copied, and a call of memcpy() costs more than such a copy.
 */
static inline void
ovp_copy_small(char *d, const char *s, size_t n)
{
	if (n >= 8) {
		uint64_t w0, w1;

		memcpy(&w0, s, sizeof w0);
		memcpy(&w1, s + n - 8, sizeof w1);
		memcpy(d, &w0, sizeof w0);
		memcpy(d + n - 8, &w1, sizeof w1);
	} else if (n >= 4) {
		uint32_t w0, w1;

		memcpy(&w0, s, sizeof w0);
		memcpy(&w1, s + n - 4, sizeof w1);
		memcpy(d, &w0, sizeof w0);
		memcpy(d + n - 4, &w1, sizeof w1);
	} else if (n > 0) {
		char a = s[0], b = s[n / 2], c = s[n - 1];

		d[0] = a;
		d[n / 2] = b;
		d[n - 1] = c;
	}
}

/* Whether the n bytes at a and b (w <= n <= 2w) are the same, read as two pieces of w bytes each. */
static inline bool
ovp_same_pair(const char *a, const char *b, size_t n, size_t w)
{
	uint64_t a0 = 0, a1 = 0, b0 = 0, b1 = 0;

	memcpy(&a0, a, w);
	memcpy(&a1, a + n - w, w);
	memcpy(&b0, b, w);
	memcpy(&b1, b + n - w, w);
	return ((a0 ^ b0) | (a1 ^ b1)) == 0;
}

/*
 * Whether the n bytes at a and b are the same: memcmp() == 0, but for
 * fewer than 16 bytes (the words and names that tables look up) two
 * pieces from each, the second overlapping the first, without a call;
 * nothing outside the n bytes is read.
 */
static inline bool
ovp_bytes_equal(const char *a, const char *b, size_t n)
{
	if (n >= 16)
		return memcmp(a, b, n) == 0;
	if (n >= 8)
		return ovp_same_pair(a, b, n, 8);
	if (n >= 4)
		return ovp_same_pair(a, b, n, 4);
	for (size_t i = 0; i < n; i++)
		if (a[i] != b[i])
			return false;
	return true;
}

/*
 * A hash of the n bytes at s, taken eight at a time: the texts hashed are
 * tens of bytes, and a multiplication per byte was most of the cost of a
 * lookup.  Each word is mixed in by a multiplication and a shift, the
 * last few bytes are packed into one more word (ovp_tail_word()), and the
 * length is mixed in so that texts that differ only in trailing zero
 * bytes still differ.  The end is MurmurHash3's finaliser, so that the
 * low bits, which tables use to pick a slot, depend on every byte.
 */
static inline uint64_t
ovp_hash_bytes(const char *s, size_t n)
{
	const uint64_t k = UINT64_C(0x9E3779B97F4A7C15);
	uint64_t h = (uint64_t)n * k, w;
	size_t i = 0;

	for (; n - i >= 8; i += 8) {
		memcpy(&w, s + i, sizeof w);
		h = (h ^ w) * k;
		h ^= h >> 32;
	}
	if (i < n) {
		h = (h ^ ovp_tail_word(s, n, n - i)) * k;
		h ^= h >> 32;
	}
	h ^= h >> 33;
	h *= UINT64_C(0xFF51AFD7ED558CCD);
	h ^= h >> 33;
	return h;
}

/*
 * A code of fewer than 8 bytes (a currency) as a key of 8 bytes,
 * NUL-padded, into key: copied byte by byte as it is measured, where a
 * strnlen() and a memcpy() would be two calls for three letters.
 * Returns its length, or 8, with key all zeros, when it has 8 or more.
 */
static inline size_t
ovp_short_key(const char *s, char key[8])
{
	size_t n = 0;

	memset(key, 0, 8);
	while (n < 8 && s[n] != '\0') {
		key[n] = s[n];
		n++;
	}
	if (n == 8)
		memset(key, 0, 8);
	return n;
}

#endif
