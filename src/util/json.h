/*
 * JSON text (not public): the one writer of JSON strings, byte for byte
 * as jansson writes them, and the jansson helpers the JSON documents
 * share.
 */
#ifndef OVP_UTIL_JSON_H
#define OVP_UTIL_JSON_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <jansson.h>

#if defined(__SSE2__) && defined(__GNUC__)
#include <emmintrin.h>
#endif

#include "buf.h"

/*
 * Escaping works on words of OVP_JSON_CHUNK bytes: sixteen with SSE2, which x86-64
 * always has, where one signed comparison finds the control characters
 * and the bytes of UTF-8 sequences (negative as signed bytes) together;
 * else eight in a 64-bit integer.
 */
#if defined(__SSE2__) && defined(__GNUC__)
#define OVP_JSON_CHUNK 16
#else
#define OVP_JSON_CHUNK 8
#endif

/*
 * Store the OVP_JSON_CHUNK bytes at p at o, and return how many of the first
 * limit of them (limit <= OVP_JSON_CHUNK) go into a JSON string as they are,
 * before the first that needs more than copying (a control character,
 * '"', '\\' or a byte of a UTF-8 sequence).
 */
#if OVP_JSON_CHUNK == 16
/* ovp_json_copy_plain() of the 16 bytes in v. */
static inline size_t
ovp_json_copy_plain_vec(__m128i v, char *o, size_t limit)
{
	unsigned mask;

	_mm_storeu_si128((__m128i *)(void *)o, v);
	mask = (unsigned)_mm_movemask_epi8(
	        _mm_or_si128(_mm_cmplt_epi8(v, _mm_set1_epi8(0x20)),
	                     _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('"')),
	                                  _mm_cmpeq_epi8(v, _mm_set1_epi8('\\')))));
	return (size_t)__builtin_ctz(mask | 1u << limit);
}

/*
 * The n bytes at p (0 < n < 16) in the low bytes of a vector, the rest
 * zero, read without a byte past p + n: two overlapping loads of 8, 4 or
 * 1 bytes each, shifted into place in registers.  (Copied into a zeroed
 * block on the stack, the bytes would be read back whole before the
 * stores that put them there could be forwarded, a stall per string.)
 */
static inline __m128i
ovp_json_load_tail(const unsigned char *p, size_t n)
{
	uint64_t lo, hi = 0;

	if (n >= 8) {
		memcpy(&lo, p, 8);
		if (n > 8) {
			memcpy(&hi, p + n - 8, 8);
			hi >>= 8 * (16 - n);
		}
	} else if (n >= 4) {
		uint32_t a, b;

		memcpy(&a, p, 4);
		memcpy(&b, p + n - 4, 4);
		lo = a | ((uint64_t)b >> (8 * (8 - n))) << 32;
	} else {
		lo = p[0] | (uint64_t)p[n / 2] << (8 * (n / 2)) | (uint64_t)p[n - 1] << (8 * (n - 1));
	}
	return _mm_set_epi64x((long long)hi, (long long)lo);
}
#endif

static inline size_t
ovp_json_copy_plain(const unsigned char *p, char *o, size_t limit)
{
#if OVP_JSON_CHUNK == 16
	return ovp_json_copy_plain_vec(_mm_loadu_si128((const __m128i *)(const void *)p), o, limit);
#elif defined(__GNUC__) && defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	/*
	 * The high bit of each byte that needs more, by the usual tricks;
	 * borrows can mark a byte after a marked one too, never before, so
	 * the first marked byte is a real one.
	 */
	const uint64_t ones = UINT64_C(0x0101010101010101), highs = UINT64_C(0x8080808080808080);
	uint64_t v, q, b, mask;

	memcpy(&v, p, 8);
	memcpy(o, &v, 8);
	q = v ^ (ones * '"');
	b = v ^ (ones * '\\');
	mask = ((v - ones * 0x20) | v | ((q - ones) & ~q) | ((b - ones) & ~b)) & highs;
	if (limit < 8)
		mask |= (uint64_t)0x80 << (8 * limit);
	return mask != 0 ? (size_t)__builtin_ctzll(mask) / 8 : 8;
#else
	size_t k = 0;

	memcpy(o, p, OVP_JSON_CHUNK);
	while (k < limit && p[k] >= 0x20 && p[k] < 0x80 && p[k] != '"' && p[k] != '\\')
		k++;
	return k;
#endif
}

/*
 * The most bytes ovp_json_escape_at() writes for a string of n bytes (n
 * at most (SIZE_MAX - 2 - OVP_JSON_CHUNK) / 6): 6 for a byte in
 * ("\u001F"), the quotes, and the word its stores may reach past them.
 */
#define OVP_JSON_ROOM(n) (6 * (n) + 2 + OVP_JSON_CHUNK)

/*
 * The n bytes at s (a string of n bytes, or the first n bytes of a
 * longer one, cut where no UTF-8 sequence is cut) as a JSON string, as
 * ovp_json_put_string() writes those n bytes alone, at o, which has
 * OVP_JSON_ROOM(n) bytes of room; returns the end of what it wrote.  For
 * a writer that makes room once for several pieces and knows their
 * lengths.
 */
char *ovp_json_escape_at(char *o, const char *s, size_t n);

/*
 * Append s as a JSON string, escaped as jansson escapes it ('"', '\\',
 * the control characters; nothing else), with each byte that is not
 * valid UTF-8 replaced by U+FFFD, where jansson would refuse the whole
 * string.  Returns strlen(s), for callers that keep s.
 */
size_t ovp_json_put_string(ovp_rbuf *w, const char *s);

/* A JSON string of s with invalid UTF-8 replaced by U+FFFD (a new reference, or NULL). */
json_t *ovp_json_text(const char *s);

/*
 * Write v as indented JSON (JSON_INDENT(2), keys in insertion order),
 * every line after the first indented by indent more spaces, so that a
 * streamed document reads as if dumped whole.  Returns 0, OVP_ENOMEM or OVP_EIO.
 */
int ovp_put_json(FILE *out, const json_t *v, int indent);

#endif
