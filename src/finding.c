/*
 * What a finding is made of beyond the rules themselves: its message and
 * its fingerprint.
 *
 * Messages are formatted by a small printf of their own: a large export
 * raises millions of findings, and stdio's machinery costs more than the
 * message itself.  It writes exactly what vsnprintf writes.
 *
 * Fingerprints are stable across runs, row moves and edits to
 * unrelated columns, so that a baseline keeps matching the same risk.
 *
 * The fingerprint hashes the rule ID, the deal id (or name), the
 * normalised feature and the item id (or normalised title); for OVP201
 * the file's name (not its folder), column and cell text and the message; for OVP101 the
 * currency; for OVP015 the team; never a line number.
 * The hash is 128 bits made of two independent 64-bit FNV-1a variants,
 * written as 32 hex digits: collisions are not a practical concern for
 * the few thousand findings a baseline holds.
 */
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <overpromise/finding.h>

#if defined(__SSE2__) && defined(__GNUC__)
#include <emmintrin.h>
#endif

#include "finding_impl.h"
#include "text.h"
#include "util/num.h"

/*
 * v with prec decimals as "%.*f" writes it, into out (at least 48
 * bytes); returns the length, or 0 when v is not one this handles (more
 * than 3 decimals, not finite, 10^12 or more), for printf to write.
 *
 * printf rounds the exact binary value of v to nearest, ties to even.
 * So does this: with s = 10^prec, the product v * s is p + err exactly
 * (err from fma), p below 2^52 so that its fraction d = p - floor(p)
 * and d - 0.5 are exact, and the comparison of d - 0.5 with -err then
 * says exactly on which side of the half the true fraction d + err lies.
 */
static size_t
put_fixed(char *out, double v, int prec)
{
	static const double scales[] = {1.0, 10.0, 100.0, 1000.0};
	static const unsigned long long powers[] = {1, 10, 100, 1000};
	double x = fabs(v), p, err, n, half;
	unsigned long long r, frac;
	/* The digits end at buf + OVP_UINT_BUF; what follows is there to be copied with them. */
	char buf[2 * OVP_UINT_BUF], *d;
	size_t len = 0;

	if (prec < 0 || prec > 3 || !(x < 1e12))
		return 0;
	p = x * scales[prec];
	err = fma(x, scales[prec], -p);
	/* floor(p): p is not negative and below 10^15, where the conversion truncates alike. */
	r = (unsigned long long)p;
	n = (double)r;
	half = (p - n) - 0.5;
	if (half > -err || (half == -err && (r & 1) != 0))
		r++;
	if (signbit(v))
		out[len++] = '-'; /* "-0.00" too, as printf writes it */
	memset(buf + OVP_UINT_BUF, 0, OVP_UINT_BUF);
	d = ovp_format_uint(r / powers[prec], buf);
	/* A whole block of digits, as many bytes as a constant, not a call; out has room. */
	memcpy(out + len, d, OVP_UINT_BUF);
	len += (size_t)(buf + OVP_UINT_BUF - d);
	if (prec > 0) {
		frac = r % powers[prec];
		out[len++] = '.';
		for (int i = prec - 1; i >= 0; i--) {
			out[len + (size_t)i] = (char)('0' + frac % 10);
			frac /= 10;
		}
		len += (size_t)prec;
	}
	return len;
}

/*
 * The conversions messages use are written here: %s, %.*s, %d, %ld, %zu,
 * %.Nf (N up to 3) and %%.  Any other conversion, and a number put_fixed()
 * leaves alone, hands the whole message to vsnprintf, so that the result
 * is always what vsnprintf would write.
 */
size_t
ovp_message_vformat(char *buf, size_t cap, const char *fmt, va_list ap)
{
	va_list again;
	ovp_message m;
	const char *f = fmt;

	if (cap == 0)
		return 0;
	ovp_message_start(&m, buf, cap, 0);
	va_copy(again, ap);
	while (*f != '\0') {
		const char *pct = strchr(f, '%');
		char num[48];
		size_t n;

		if (pct == NULL) {
			ovp_message_str(&m, f);
			break;
		}
		ovp_message_put(&m, f, (size_t)(pct - f));
		f = pct + 1;
		if (f[0] == 's') {
			ovp_message_str(&m, va_arg(ap, const char *));
			f += 1;
		} else if (f[0] == '%') {
			OVP_MESSAGE_LIT(&m, "%");
			f += 1;
		} else if (f[0] == '.' && f[1] == '*' && f[2] == 's') {
			int prec = va_arg(ap, int);
			const char *a = va_arg(ap, const char *);

			ovp_message_put(&m, a, prec >= 0 ? strnlen(a, (size_t)prec) : strlen(a));
			f += 3;
		} else if (f[0] == 'd' || (f[0] == 'l' && f[1] == 'd')) {
			ovp_message_long(&m, f[0] == 'd' ? (long)va_arg(ap, int) : va_arg(ap, long));
			f += f[0] == 'd' ? 1 : 2;
		} else if (f[0] == 'z' && f[1] == 'u') {
			char *d = ovp_format_uint((unsigned long long)va_arg(ap, size_t), num);

			ovp_message_put(&m, d, (size_t)(num + OVP_UINT_BUF - d));
			f += 2;
		} else if (f[0] == '.' && f[1] >= '0' && f[1] <= '9' && f[2] == 'f' &&
		           (n = put_fixed(num, va_arg(ap, double), f[1] - '0')) > 0) {
			ovp_message_put(&m, num, n);
			f += 3;
		} else {
			int k = vsnprintf(buf, cap, fmt, again);

			va_end(again);
			return k < 0 ? 0 : (size_t)k < cap ? (size_t)k : cap - 1;
		}
	}
	va_end(again);
	return ovp_message_end(&m);
}

size_t
ovp_message_format(char *buf, size_t cap, const char *fmt, ...)
{
	va_list ap;
	size_t n;

	va_start(ap, fmt);
	n = ovp_message_vformat(buf, cap, fmt, ap);
	va_end(ap);
	return n;
}

void
ovp_message_long(ovp_message *m, long v)
{
	char num[OVP_UINT_BUF];
	char *d = ovp_format_uint(v < 0 ? 0 - (unsigned long long)v : (unsigned long long)v, num);

	if (v < 0)
		*--d = '-';
	ovp_message_put(m, d, (size_t)(num + OVP_UINT_BUF - d));
}

void
ovp_message_fixed(ovp_message *m, double v, int prec)
{
	char num[48];
	size_t n = put_fixed(num, v, prec);

	if (n == 0) {
		int k = snprintf(num, sizeof num, "%.*f", prec, v);

		/* A number too long for num (over 10^40): written in full where it fits. */
		if (k < 0)
			return;
		if ((size_t)k >= sizeof num) {
			size_t room = m->cap - m->len;

			k = snprintf(m->buf + m->len, room, "%.*f", prec, v);
			m->len += k < 0 ? 0 : (size_t)k < room ? (size_t)k : room - 1;
			return;
		}
		n = (size_t)k;
	}
	ovp_message_put(m, num, n);
}

typedef ovp_fingerprint_seed hasher;

/* One byte into both halves of the hash. */
#define HASH_BYTE(a, b, c)                                                                     \
	do {                                                                                   \
		(a) = ((a) ^ (c)) * 0x100000001b3ULL;                                          \
		(b) = ((b) ^ (c)) * 0x9e3779b97f4a7c15ULL;                                     \
		(b) ^= (b) >> 29;                                                              \
	} while (0)

/*
 * Hash a field (the bytes of s, none when s is NULL) followed by a
 * separator that no text contains.  One pass to the NUL, in locals: a
 * fingerprint is made for every finding, and through a pointer to the
 * state each byte would cost a store and a reload of both halves.  The
 * bytes go four to a turn of the loop, each tested for the NUL, the
 * pointer moved once a turn.
 */
static void
hash_field(hasher *h, const char *s)
{
	uint64_t a = h->a, b = h->b;

	if (s != NULL) {
		const unsigned char *p = (const unsigned char *)s;

		for (;; p += 4) {
			if (p[0] == '\0')
				break;
			HASH_BYTE(a, b, p[0]);
			if (p[1] == '\0')
				break;
			HASH_BYTE(a, b, p[1]);
			if (p[2] == '\0')
				break;
			HASH_BYTE(a, b, p[2]);
			if (p[3] == '\0')
				break;
			HASH_BYTE(a, b, p[3]);
		}
	}
	HASH_BYTE(a, b, 0x1fu);
	h->a = a;
	h->b = b;
}

/* The fingerprint of hash state h into f, as 32 lower-case hex digits. */
#if defined(__SSE2__) && defined(__GNUC__) && defined(__BYTE_ORDER__) &&                        \
        __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
/*
 * All 32 digits at once: the 16 bytes of both halves, most significant
 * first, split into their high and low nibbles, interleaved so that each
 * byte's two digits follow each other, and each nibble turned into its
 * digit, 'a' to 'f' from 10 on.
 */
static void
put_fingerprint(ovp_finding *f, const hasher *h)
{
	const __m128i low = _mm_set1_epi8(0x0F);
	__m128i bytes = _mm_set_epi64x((long long)__builtin_bswap64(h->b),
	                               (long long)__builtin_bswap64(h->a));
	__m128i hi = _mm_and_si128(_mm_srli_epi16(bytes, 4), low);
	__m128i lo = _mm_and_si128(bytes, low);
	__m128i first = _mm_unpacklo_epi8(hi, lo), second = _mm_unpackhi_epi8(hi, lo);
	__m128i zero = _mm_set1_epi8('0'), letters = _mm_set1_epi8('a' - '0' - 10);
	__m128i nine = _mm_set1_epi8(9);

	first = _mm_add_epi8(_mm_add_epi8(first, zero),
	                     _mm_and_si128(_mm_cmpgt_epi8(first, nine), letters));
	second = _mm_add_epi8(_mm_add_epi8(second, zero),
	                      _mm_and_si128(_mm_cmpgt_epi8(second, nine), letters));
	_mm_storeu_si128((__m128i *)(void *)f->fingerprint, first);
	_mm_storeu_si128((__m128i *)(void *)(f->fingerprint + 16), second);
	f->fingerprint[32] = '\0';
}
#else
#if defined(__GNUC__) && defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
/*
 * The 8 hex digits of x as the bytes of a word, in the order they are
 * written (the first in the lowest byte): each nibble is spread into a
 * byte of its own, the bytes reversed, and each byte turned into its
 * digit, 'a' to 'f' from 10 on, all bytes at once.
 */
static inline uint64_t
hex_word(uint32_t x)
{
	const uint64_t ones = UINT64_C(0x0101010101010101);
	uint64_t v = x, letters;

	v = (v | v << 16) & UINT64_C(0x0000FFFF0000FFFF);
	v = (v | v << 8) & UINT64_C(0x00FF00FF00FF00FF);
	v = (v | v << 4) & UINT64_C(0x0F0F0F0F0F0F0F0F);
	v = __builtin_bswap64(v);
	/* 1 in each byte whose nibble is 10 or more: adding 6 carries it into bit 4. */
	letters = ((v + ones * 6) >> 4) & ones;
	return v + ones * '0' + letters * ('a' - '0' - 10);
}

/* Write v as 16 lower-case hex digits, eight at a time. */
static void
put_hex(char *out, uint64_t v)
{
	uint64_t hi = hex_word((uint32_t)(v >> 32)), lo = hex_word((uint32_t)v);

	memcpy(out, &hi, 8);
	memcpy(out + 8, &lo, 8);
}
#else
/* Write v as 16 lower-case hex digits, a byte (two digits) at a time. */
static void
put_hex(char *out, uint64_t v)
{
	static const char hex[] = "0123456789abcdef";

	for (int i = 14; i >= 0; i -= 2) {
		out[i] = hex[(v >> 4) & 0xF];
		out[i + 1] = hex[v & 0xF];
		v >>= 8;
	}
}
#endif

static void
put_fingerprint(ovp_finding *f, const hasher *h)
{
	put_hex(f->fingerprint, h->a);
	put_hex(f->fingerprint + 16, h->b);
	f->fingerprint[32] = '\0';
}
#endif

void
ovp_finding_fingerprint(ovp_finding *f)
{
	ovp_finding_fingerprint_normalized(f, NULL, NULL);
}

void
ovp_fingerprint_seed_of(ovp_rule_id rule, ovp_fingerprint_seed *seed)
{
	const ovp_rule *r = ovp_rule_get(rule);

	seed->a = 0xcbf29ce484222325ULL;
	seed->b = 0x84222325cbf29ce4ULL;
	hash_field(seed, r != NULL ? r->code : "");
}

void
ovp_finding_fingerprint_normalized(ovp_finding *f, const char *feature_norm,
                                   const char *title_norm)
{
	ovp_fingerprint_seed seed;

	ovp_fingerprint_seed_of(f->rule, &seed);
	ovp_finding_fingerprint_seeded(f, &seed, feature_norm, title_norm);
}

/*
 * Two states at once: the same bytes into both, as hash_field() hashes
 * them into one.  A finding's hash is a chain of multiplications, each
 * waiting for the one before; the chains of two findings are independent
 * and overlap, so two fingerprints of a promise cost little more than one.
 */
static void
hash_field2(hasher *h0, hasher *h1, const char *s)
{
	uint64_t a0 = h0->a, b0 = h0->b, a1 = h1->a, b1 = h1->b;

	if (s != NULL) {
		const unsigned char *p = (const unsigned char *)s;

		for (;; p += 2) {
			if (p[0] == '\0')
				break;
			HASH_BYTE(a0, b0, p[0]);
			HASH_BYTE(a1, b1, p[0]);
			if (p[1] == '\0')
				break;
			HASH_BYTE(a0, b0, p[1]);
			HASH_BYTE(a1, b1, p[1]);
		}
	}
	HASH_BYTE(a0, b0, 0x1fu);
	HASH_BYTE(a1, b1, 0x1fu);
	h0->a = a0;
	h0->b = b0;
	h1->a = a1;
	h1->b = b1;
}

/* Most fields a fingerprint hashes after the rule: deal, feature, item, four of a problem, currency, team. */
enum { FIELDS_MAX = 9 };

/*
 * The fields f's fingerprint hashes after the rule's code, in order, into
 * fields (NULL for a field without bytes); returns how many.  own[0] and
 * own[1] are the feature and title normalised here when the caller did
 * not hand them in, for the caller to free (NULL when not made).
 */
static size_t
fingerprint_fields(const ovp_finding *f, const char *feature_norm, const char *title_norm,
                   const char *fields[FIELDS_MAX], char *own[2])
{
	size_t n = 0;

	own[0] = own[1] = NULL;
	if (f->deal != NULL)
		fields[n++] = f->deal->id[0] != '\0' ? f->deal->id : f->deal->name;
	else
		fields[n++] = "";
	if (f->promise != NULL) {
		const char *s = f->promise->feature;

		if (feature_norm == NULL && s != NULL)
			feature_norm = own[0] = ovp_normalize(s, strlen(s));
		fields[n++] = feature_norm != NULL ? feature_norm : s;
	} else {
		fields[n++] = NULL;
	}
	if (f->item != NULL && f->item->id[0] != '\0') {
		fields[n++] = f->item->id;
	} else if (f->item != NULL) {
		const char *s = f->item->title;

		if (title_norm == NULL && s != NULL)
			title_norm = own[1] = ovp_normalize(s, strlen(s));
		fields[n++] = title_norm != NULL ? title_norm : s;
	} else {
		fields[n++] = "";
	}
	if (f->problem != NULL) {
		/* The file's name without its folder: the same export checked out elsewhere is the same. */
		const char *file = f->problem->file;
		const char *slash = file != NULL ? strrchr(file, '/') : NULL;

		fields[n++] = slash != NULL ? slash + 1 : file;
		fields[n++] = f->problem->column;
		fields[n++] = f->problem->value;
		fields[n++] = f->problem->message;
	}
	if (f->currency != NULL)
		fields[n++] = f->currency;
	if (f->team != NULL)
		fields[n++] = f->team;
	return n;
}

void
ovp_finding_fingerprint_seeded(ovp_finding *f, const ovp_fingerprint_seed *seed,
                               const char *feature_norm, const char *title_norm)
{
	const char *fields[FIELDS_MAX];
	char *own[2];
	size_t n = fingerprint_fields(f, feature_norm, title_norm, fields, own);
	hasher h = *seed;

	for (size_t i = 0; i < n; i++)
		hash_field(&h, fields[i]);
	put_fingerprint(f, &h);
	free(own[0]);
	free(own[1]);
}

/* Whether a and b hash the same fields after the rule's code (the same deal, promise, item...). */
static bool
same_subject(const ovp_finding *a, const ovp_finding *b)
{
	return a->deal == b->deal && a->promise == b->promise && a->item == b->item &&
	       a->problem == b->problem && a->currency == b->currency && a->team == b->team;
}

void
ovp_finding_fingerprints_seeded(ovp_finding *const *fs, size_t n,
                                const ovp_fingerprint_seed seeds[OVP_RULE_COUNT],
                                const char *feature_norm, const char *title_norm)
{
	const char *fields[FIELDS_MAX];
	char *own[2];
	size_t nfields, i;

	if (n == 0)
		return;
	for (i = 1; i < n; i++) {
		if (!same_subject(fs[0], fs[i])) {
			/* The texts handed in are those of the first finding's promise and item. */
			for (i = 0; i < n; i++) {
				bool same = same_subject(fs[0], fs[i]);

				ovp_finding_fingerprint_seeded(fs[i], &seeds[fs[i]->rule],
				                               same ? feature_norm : NULL,
				                               same ? title_norm : NULL);
			}
			return;
		}
	}
	nfields = fingerprint_fields(fs[0], feature_norm, title_norm, fields, own);
	for (i = 0; i + 1 < n; i += 2) {
		hasher h0 = seeds[fs[i]->rule], h1 = seeds[fs[i + 1]->rule];

		for (size_t k = 0; k < nfields; k++)
			hash_field2(&h0, &h1, fields[k]);
		put_fingerprint(fs[i], &h0);
		put_fingerprint(fs[i + 1], &h1);
	}
	if (i < n) {
		hasher h = seeds[fs[i]->rule];

		for (size_t k = 0; k < nfields; k++)
			hash_field(&h, fields[k]);
		put_fingerprint(fs[i], &h);
	}
	/* Nearly always nothing: the engine hands the normalised texts in. */
	if (own[0] != NULL || own[1] != NULL) {
		free(own[0]);
		free(own[1]);
	}
}
