/*
 * Text normalisation for matching.  Every promise text and every roadmap
 * title and alias passes through ovp_normalize() before it is compared,
 * so that spellings which differ only in case, accents, compatibility
 * forms, punctuation or spacing become one string ("Single Sign-On",
 * "single sign on", "SINGLE-SIGN-ON" -> "single sign on"; "Größere
 * Dateianhänge" -> "grossere dateianhange").
 *
 * Most texts are plain ASCII, so they take a fast path that never leaves
 * the byte loop; anything else goes through utf8proc one code point at a
 * time, which also lets invalid UTF-8 become a separator instead of an
 * error.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#if defined(__SSE2__) && defined(__GNUC__)
#include <emmintrin.h>
#endif

#include "text.h"
#include "util/grow.h"
#include "util/str.h"

/*
 * Decomposition with compatibility mappings (NFKD), full case folding
 * (so "ß" becomes "ss") and default ignorable code points (soft hyphen,
 * zero-width joiner) dropped, so that "Authenti\u00ADfication" stays one
 * word.  Marks are stripped afterwards, where they are accents (see
 * strips_marks()); composition (the C of NFKC) is applied last.
 */
#define DECOMPOSE_OPTIONS (UTF8PROC_DECOMPOSE | UTF8PROC_COMPAT | UTF8PROC_CASEFOLD | \
                           UTF8PROC_IGNORE)

/* The separator as it sits in the UTF-32 buffer. */
#define SEPARATOR 0x20

typedef struct u32buf {
	utf8proc_int32_t *v;
	size_t n, cap;
} u32buf;

/* Make room for more code points; false when out of memory. */
static bool
u32buf_reserve(u32buf *b, size_t more)
{
	return more <= SIZE_MAX - b->n && ovp_grow(&b->v, &b->cap, b->n + more, sizeof *b->v);
}

/*
 * Letters that Unicode does not decompose but that readers of Nordic,
 * French and Polish text treat as a base letter plus a mark or as a
 * ligature.  Returns the ASCII replacement, or NULL when c is not one.
 */
static const char *
fold_letter(utf8proc_int32_t c)
{
	switch (c) {
	case 0x00E6: return "ae"; /* æ */
	case 0x00F8: return "o";  /* ø */
	case 0x0153: return "oe"; /* œ */
	case 0x0142: return "l";  /* ł */
	case 0x0111: return "d";  /* đ */
	case 0x00F0: return "d";  /* ð */
	case 0x00FE: return "th"; /* þ */
	case 0x0131: return "i";  /* dotless ı */
	default: return NULL;
	}
}

static bool
is_mark(utf8proc_int32_t c)
{
	utf8proc_category_t k = utf8proc_category(c);

	return k == UTF8PROC_CATEGORY_MN || k == UTF8PROC_CATEGORY_MC ||
	       k == UTF8PROC_CATEGORY_ME;
}

/*
 * Whether the marks on base letter c are accents that a writer may leave
 * out (Latin, Greek, Cyrillic, Hebrew and Arabic: "é" is written "e",
 * vowel points are optional).  In Indic scripts, Thai or Japanese the
 * marks are part of the spelling ("デ" is not "テ") and are kept.  A mark
 * with no base letter is dropped.
 */
static bool
strips_marks(utf8proc_int32_t c)
{
	return c < 0x0900 || (c >= 0x1E00 && c <= 0x1FFF) || (c >= 0x2C60 && c <= 0x2C7F) ||
	       (c >= 0xA640 && c <= 0xA69F) || (c >= 0xA720 && c <= 0xA7FF) ||
	       (c >= 0xAB30 && c <= 0xAB6F);
}

/* Letters, numbers and the marks that were kept; everything else separates words. */
static bool
is_word_char(utf8proc_int32_t c)
{
	switch (utf8proc_category(c)) {
	case UTF8PROC_CATEGORY_MN:
	case UTF8PROC_CATEGORY_MC:
	case UTF8PROC_CATEGORY_ME:
	case UTF8PROC_CATEGORY_LU:
	case UTF8PROC_CATEGORY_LL:
	case UTF8PROC_CATEGORY_LT:
	case UTF8PROC_CATEGORY_LM:
	case UTF8PROC_CATEGORY_LO:
	case UTF8PROC_CATEGORY_ND:
	case UTF8PROC_CATEGORY_NL:
	case UTF8PROC_CATEGORY_NO:
		return true;
	default:
		return false;
	}
}

bool
ovp_text_is_ascii(const char *s, size_t len)
{
	uint64_t acc = 0, w;
	size_t i = 0;

	/* Eight bytes at a time: the high bits of all of them at once. */
	for (; len - i >= 8; i += 8) {
		memcpy(&w, s + i, sizeof w);
		acc |= w;
	}
	for (; i < len; i++)
		acc |= (unsigned char)s[i];
	return (acc & UINT64_C(0x8080808080808080)) == 0;
}

/* One byte of the ASCII path (see below) into out at *n, a separator pending when *sep. */
static inline void
put_ascii(unsigned char c, char *out, size_t *n, bool *sep)
{
	unsigned char lower = (unsigned char)(c | 0x20);

	/* c | 0x20 is a lower-case letter exactly when c is a letter. */
	if ((unsigned char)(lower - 'a') < 26) {
		c = lower;
	} else if ((unsigned char)(c - '0') >= 10) {
		*sep = true;
		return;
	}
	if (*sep && *n > 0)
		out[(*n)++] = ' ';
	*sep = false;
	out[(*n)++] = (char)c;
}

#if defined(__SSE2__) && defined(__GNUC__)
/*
 * One block of the ASCII path, the first nvalid bytes of v, after *n bytes of output with a separator pending when
 * *sep: letters become lower case and every other byte the one space
 * between two words, in *text.  Unless two of them in a row are
 * separators (or the first starts the text): then false, and the caller
 * takes the bytes one by one.  *lead tells whether the pending space is
 * written before the block (a separator first stands for it), *count the
 * bytes of the block to write: a separator that ends it is left pending,
 * as the byte loop's is, waiting for a word after it.
 */
static inline bool
ascii_block(__m128i v, size_t nvalid, size_t n, bool *sep, __m128i *text, bool *lead,
            size_t *count)
{
	unsigned valid = (1u << nvalid) - 1;
	__m128i lower = _mm_or_si128(v, _mm_set1_epi8(0x20));
	/* Signed compares: a byte of 0x80 or more is none of these. */
	__m128i letter = _mm_and_si128(_mm_cmpgt_epi8(lower, _mm_set1_epi8('a' - 1)),
	                               _mm_cmpgt_epi8(_mm_set1_epi8('z' + 1), lower));
	__m128i digit = _mm_and_si128(_mm_cmpgt_epi8(v, _mm_set1_epi8('0' - 1)),
	                              _mm_cmpgt_epi8(_mm_set1_epi8('9' + 1), v));
	__m128i word = _mm_or_si128(letter, digit);
	unsigned seps = ~(unsigned)_mm_movemask_epi8(word) & valid;
	__m128i t;

	if ((seps & (seps >> 1)) != 0 || ((seps & 1) != 0 && n == 0))
		return false;
	t = _mm_or_si128(_mm_and_si128(letter, lower), _mm_andnot_si128(letter, v));
	*text = _mm_or_si128(_mm_and_si128(word, t), _mm_andnot_si128(word, _mm_set1_epi8(' ')));
	*lead = *sep && (seps & 1) == 0 && n > 0;
	*sep = (seps >> (nvalid - 1) & 1) != 0;
	*count = nvalid - (*sep ? 1 : 0);
	return true;
}

#endif

/*
 * The ASCII path: lower-case letters and digits, one space between words.
 * With SSE2, 16 bytes go in one step (ascii_block()) unless two of them
 * in a row are separators (or the first starts the text).  Texts are
 * mostly words with single spaces between them.  The last bytes, fewer
 * than 16, go in one step too: read a word or two at a time within the
 * text (ovp_tail_word()), made into a block on the stack and copied from
 * there, as out has room for the text's bytes only.
 */
size_t
ovp_normalize_ascii_to(const char *s, size_t len, char *out)
{
	size_t n = 0, i = 0;
	bool sep = false;

#if defined(__SSE2__) && defined(__GNUC__)
	__m128i text;
	bool lead;
	size_t count;

	for (; len - i >= 16; i += 16) {
		__m128i v = _mm_loadu_si128((const __m128i *)(const void *)(s + i));

		if (!ascii_block(v, 16, n, &sep, &text, &lead, &count)) {
			for (size_t j = i; j < i + 16; j++)
				put_ascii((unsigned char)s[j], out, &n, &sep);
			continue;
		}
		if (lead)
			out[n++] = ' ';
		_mm_storeu_si128((__m128i *)(void *)(out + n), text);
		n += count;
	}
	if (i < len) {
		size_t r = len - i;
		uint64_t lo, hi = 0;
		char block[16];

		if (r >= 8) {
			memcpy(&lo, s + i, sizeof lo);
			if (r > 8)
				hi = ovp_tail_word(s, len, r - 8);
		} else {
			lo = ovp_tail_word(s, len, r);
		}
		if (ascii_block(_mm_set_epi64x((long long)hi, (long long)lo), r, n, &sep,
		                &text, &lead, &count)) {
			if (lead)
				out[n++] = ' ';
			_mm_storeu_si128((__m128i *)(void *)block, text);
			ovp_copy_small(out + n, block, count);
			n += count;
			i = len;
		}
	}
#endif
	for (; i < len; i++)
		put_ascii((unsigned char)s[i], out, &n, &sep);
	out[n] = '\0';
	return n;
}

/*
 * The general path: decompose every code point (an invalid byte becomes
 * a separator) and strip accents, compose the result, then keep letters,
 * numbers and marks with one space between runs.
 */
static char *
normalize_unicode(const char *s, size_t len)
{
	u32buf b = {0};
	utf8proc_int32_t tmp[32];
	utf8proc_ssize_t m;
	char *out = NULL;
	size_t n = 0;
	bool sep = false;
	utf8proc_int32_t base = 0;

	if (!u32buf_reserve(&b, len + 1))
		goto fail;
	for (size_t i = 0; i < len;) {
		utf8proc_int32_t c;
		utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
		                                      (utf8proc_ssize_t)(len - i), &c);
		int boundclass = UTF8PROC_BOUNDCLASS_START;

		if (k <= 0) {
			/* Not UTF-8: a separator, and resynchronise on the next byte. */
			if (!u32buf_reserve(&b, 1))
				goto fail;
			b.v[b.n++] = SEPARATOR;
			base = SEPARATOR;
			i++;
			continue;
		}
		i += (size_t)k;
		m = utf8proc_decompose_char(c, tmp, (utf8proc_ssize_t)(sizeof tmp / sizeof tmp[0]),
		                            DECOMPOSE_OPTIONS, &boundclass);
		if (m < 0 || (size_t)m > sizeof tmp / sizeof tmp[0]) {
			tmp[0] = SEPARATOR;
			m = 1;
		}
		if (!u32buf_reserve(&b, (size_t)m))
			goto fail;
		for (utf8proc_ssize_t j = 0; j < m; j++) {
			if (!is_mark(tmp[j]))
				base = tmp[j];
			else if (strips_marks(base))
				continue;
			b.v[b.n++] = tmp[j];
		}
	}
	m = utf8proc_normalize_utf32(b.v, (utf8proc_ssize_t)b.n, UTF8PROC_COMPOSE);
	if (m < 0)
		goto fail;
	b.n = (size_t)m;

	/* At most 4 bytes per code point, or 2 bytes of ASCII for a folded letter. */
	out = malloc(b.n * 4 + 1);
	if (out == NULL)
		goto fail;
	for (size_t i = 0; i < b.n; i++) {
		utf8proc_int32_t c = b.v[i];
		const char *fold = fold_letter(c);

		if (fold == NULL && !is_word_char(c)) {
			sep = true;
			continue;
		}
		if (sep && n > 0)
			out[n++] = ' ';
		sep = false;
		if (fold != NULL) {
			size_t fl = strlen(fold);
			memcpy(out + n, fold, fl);
			n += fl;
		} else {
			n += (size_t)utf8proc_encode_char(c, (utf8proc_uint8_t *)out + n);
		}
	}
	out[n] = '\0';
	free(b.v);
	return out;
fail:
	free(b.v);
	free(out);
	return NULL;
}

char *
ovp_normalize(const char *s, size_t len)
{
	char *out;

	if (s == NULL)
		len = 0;
	if (!ovp_text_is_ascii(s, len))
		return normalize_unicode(s, len);
	out = malloc(len + 1);
	if (out != NULL)
		(void)ovp_normalize_ascii_to(s, len, out);
	return out;
}
