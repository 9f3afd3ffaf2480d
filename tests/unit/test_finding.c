/*
 * The message formatter of finding.c promises to write exactly what
 * vsnprintf writes, only faster: every test here formats with both and
 * compares the bytes.  Numbers get the hardest look, since "%.2f" is
 * written by hand: the values halfway between two results (where printf
 * rounds the exact binary value, ties to even) and their neighbours,
 * whole ranges of scores and shares, random bit patterns, signs, zeros,
 * and the values handed back to printf.  Truncation at the buffer's end
 * must cut where vsnprintf cuts.
 *
 * Fingerprints are written as 32 hex digits by hand too: each is checked
 * against the hash worked out here, byte by byte as the header describes
 * it, and written by printf.
 */
#include <float.h>
#include <limits.h>
#include <math.h>
#include <inttypes.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <overpromise/overpromise.h>

#include "src/finding_impl.h"
#include "src/text.h"

/* A small, fixed pseudo-random sequence (xorshift64), the same on every run. */
static uint64_t
next_random(uint64_t *state)
{
	uint64_t x = *state;

	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	*state = x;
	return x;
}

/* Format v with each precision both ways and compare; print the first difference. */
static void
assert_fixed(double v)
{
	char want[4][512], got[4][512];

	snprintf(want[0], sizeof want[0], "%.0f", v);
	snprintf(want[1], sizeof want[1], "%.1f", v);
	snprintf(want[2], sizeof want[2], "%.2f", v);
	snprintf(want[3], sizeof want[3], "%.3f", v);
	ovp_message_format(got[0], sizeof got[0], "%.0f", v);
	ovp_message_format(got[1], sizeof got[1], "%.1f", v);
	ovp_message_format(got[2], sizeof got[2], "%.2f", v);
	ovp_message_format(got[3], sizeof got[3], "%.3f", v);
	for (int i = 0; i < 4; i++)
		if (strcmp(want[i], got[i]) != 0)
			fail_msg("%%.%df of %.17g: printf writes \"%s\", the formatter \"%s\"", i, v,
			         want[i], got[i]);
}

/* v and the doubles just below and above it. */
static void
assert_fixed_around(double v)
{
	assert_fixed(v);
	assert_fixed(nextafter(v, -HUGE_VAL));
	assert_fixed(nextafter(v, HUGE_VAL));
	assert_fixed(-v);
}

/* Values exactly halfway between two results, where only ties-to-even decides. */
static void
test_fixed_ties(void **state)
{
	static const double ties[] = {
		0.5,   1.5,    2.5,   0.25,  0.75,   0.125,  0.375, 0.625,  0.875,  0.0625,
		1.125, 2.375,  0.005, 0.015, 0.025,  0.035,  0.045, 0.055,  0.065,  0.995,
		1.005, 0.0005, 0.0015, 1023.5, 4095.125, 1e11 + 0.5, 999999999999.5,
		549755813887.5, 68719476735.125, 0.1, 0.2, 0.3, 0.7, 0.15, 0.35, 0.45, 0.55,
	};

	(void)state;
	for (size_t i = 0; i < sizeof ties / sizeof ties[0]; i++)
		assert_fixed_around(ties[i]);
	/* Every multiple of 1/1024 up to 16: all the dyadic ties of 1 to 3 decimals there. */
	for (int k = 0; k <= 16 * 1024; k++)
		assert_fixed_around(k / 1024.0);
}

/*
 * Every result boundary of "%.1f", "%.2f" and "%.3f" over the ranges
 * scores, shares and probabilities live in: (2k + 1) / 20, / 200 and
 * / 2000, as the nearest double and its neighbours.
 */
static void
test_fixed_boundaries(void **state)
{
	(void)state;
	for (int k = 0; k < 5000; k++) {
		assert_fixed_around((2 * k + 1) / 200.0);
		assert_fixed_around((2 * k + 1) / 2000.0);
		assert_fixed_around((2 * k + 1) / 20.0);
		assert_fixed_around(k / 100.0);
	}
	/* What probabilities times 100 look like: k / n * 100 for small n. */
	for (int n = 1; n <= 100; n++)
		for (int k = 0; k <= n; k++)
			assert_fixed_around((double)k / n * 100.0);
}

/* Random doubles: uniform in a few ranges, and raw bit patterns of every magnitude. */
static void
test_fixed_random(void **state)
{
	uint64_t seed = 0x9E3779B97F4A7C15ULL;

	(void)state;
	for (int i = 0; i < 10000; i++) {
		uint64_t r = next_random(&seed);
		double u = (double)(r >> 11) / 9007199254740992.0; /* [0, 1) */
		double bits;

		assert_fixed(u);
		assert_fixed(u * 100.0);
		assert_fixed(u * 1e6 - 5e5);
		assert_fixed(u * 2e12 - 1e12);
		r = next_random(&seed);
		memcpy(&bits, &r, sizeof bits);
		assert_fixed(bits); /* NaNs, infinities, subnormals and huge values included */
	}
}

/* Zeros, signs, the edges of what the formatter writes itself, and what it leaves to printf. */
static void
test_fixed_edges(void **state)
{
	static const double edges[] = {
		0.0,   -0.0,   1e-300, -1e-300, 5e-324,   DBL_MIN, 1e-4,    0.0049999,     0.004,
		-0.004, 1e12,  -1e12,  1e12 - 0.0001,     999999999999.9995, 999999999999.999,
		1e15,  1e16,   1e22,   DBL_MAX, -DBL_MAX, HUGE_VAL, -HUGE_VAL, (double)NAN, 4503599627370496.5,
		9007199254740993.0, 123456.789, 0.9995, 0.99949999999999994, 99.5, 100.0,
	};

	(void)state;
	for (size_t i = 0; i < sizeof edges / sizeof edges[0]; i++)
		assert_fixed_around(edges[i]);
}

/* Format both ways at every buffer size from 1 to past the whole text. */
static void assert_message(const char *want_fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 1, 2)))
#endif
	;

static void
assert_message(const char *want_fmt, ...)
{
	char want[1024], got[1024];
	va_list ap, aq;
	int full;

	va_start(ap, want_fmt);
	va_copy(aq, ap);
	full = vsnprintf(want, sizeof want, want_fmt, aq);
	va_end(aq);
	assert_true(full >= 0 && (size_t)full < sizeof want);
	for (size_t cap = 1; cap <= (size_t)full + 2; cap++) {
		size_t n;

		memset(got, 'X', sizeof got);
		va_copy(aq, ap);
		n = ovp_message_vformat(got, cap, want_fmt, aq);
		va_end(aq);
		assert_int_equal(n, cap - 1 < (size_t)full ? cap - 1 : (size_t)full);
		assert_memory_equal(got, want, n);
		assert_int_equal(got[n], '\0');
		assert_int_equal(got[n + 1], 'X'); /* nothing written past the end */
	}
	va_end(ap);
}

/* Strings, precisions, integers of every width and sign, and the message shapes the rules use. */
static void
test_conversions(void **state)
{
	(void)state;
	assert_message("plain text, no conversion");
	assert_message("%s", "");
	assert_message("%s|%s|%%|%s", "a", "\"quoted\" \xc3\xa9", "z");
	assert_message("[%.*s] [%.*s] [%.*s] [%.*s]", 3, "abcdef", 0, "abc", 10, "abc", -1, "abc");
	assert_message("%d %d %d %d", 0, -1, INT_MAX, INT_MIN);
	assert_message("%ld %ld %ld %ld", 0L, -42L, LONG_MAX, LONG_MIN);
	assert_message("%zu %zu %zu", (size_t)0, (size_t)7, SIZE_MAX);
	assert_message("%.0f%% %.1f %.2f %.3f", 99.5, -0.05, 0.125, 2.0005);
	assert_message("\"%s\" due %s, %s planned %s (%ld %s of slack): %.0f%% chance of missing it, "
	               "%s",
	               "Single sign-on", "2027-03-31", "PRJ-1 \"SSO\"", "Q1 2027 (to 2027-03-31)", 12L,
	               "days", 67.0, "from 40 past items of this roadmap");
	assert_message("\"%s\" matched %s only approximately (similarity %.2f); confirm it",
	               "Webhoks", "API-7 \"Webhooks\"", 0.875);
	assert_message("%s carries %.0f%% of the promised pipeline (%s of %s, over %zu deals)",
	               "PRJ-9", 42.5, "EUR 1,200", "EUR 9,000", (size_t)3);
	/* Conversions the formatter leaves to vsnprintf, alone and among its own. */
	assert_message("%x %5d %-3s|", 255u, 42, "a");
	assert_message("%s and %08.3f", "pad", 3.14159);
	assert_message("%.5f %.9f %s", 0.123456789, 1.0 / 3.0, "after");
	assert_message("%.2f %.2f %.2f", (double)NAN, (double)INFINITY, -(double)INFINITY);
	assert_message("%.2f %.0f", 1e300, -2e12);
}

/* The pieces of the slip-risk message, written by the builder into cap bytes. */
static size_t
build_pieces(char *buf, size_t cap, double p, double big, long slack)
{
	ovp_message m;

	ovp_message_start(&m, buf, cap, 0);
	OVP_MESSAGE_LIT(&m, "\"");
	ovp_message_str(&m, "Single sign-on");
	OVP_MESSAGE_LIT(&m, "\" due ");
	ovp_message_strn(&m, "2027-03-31 and more", 10);
	OVP_MESSAGE_LIT(&m, " (");
	ovp_message_long(&m, slack);
	OVP_MESSAGE_LIT(&m, " days): ");
	ovp_message_fixed(&m, p, 0);
	OVP_MESSAGE_LIT(&m, "%, ");
	ovp_message_fixed(&m, p / 100.0, 2);
	OVP_MESSAGE_LIT(&m, " ");
	ovp_message_fixed(&m, big, 1);
	OVP_MESSAGE_LIT(&m, " ");
	ovp_message_long(&m, LONG_MIN);
	return ovp_message_end(&m);
}

/*
 * The builder writes what the format with the same pieces writes, cut
 * at every buffer size as vsnprintf cuts, with numbers it leaves to
 * printf (a huge one, NaN) among them.
 */
static void
test_pieces(void **state)
{
	static const double bigs[] = {1.5, 1e300, -2e40, (double)NAN, (double)INFINITY};
	char want[1024], got[1024];

	(void)state;
	for (size_t b = 0; b < sizeof bigs / sizeof bigs[0]; b++) {
		int full = snprintf(want, sizeof want,
		                    "\"%s\" due %.*s (%ld days): %.0f%%, %.2f %.1f %ld", "Single sign-on",
		                    10, "2027-03-31 and more", -3L, 66.5, 0.665, bigs[b], LONG_MIN);

		assert_true(full > 0 && (size_t)full < sizeof want);
		for (size_t cap = 1; cap <= (size_t)full + 2; cap++) {
			size_t n;

			memset(got, 'X', sizeof got);
			n = build_pieces(got, cap, 66.5, bigs[b], -3L);
			assert_int_equal(n, cap - 1 < (size_t)full ? cap - 1 : (size_t)full);
			assert_memory_equal(got, want, n);
			assert_int_equal(got[n], '\0');
			assert_int_equal(got[n + 1], 'X');
		}
	}
	build_pieces(got, sizeof got, 66.5, 1.5, 12L);
	assert_string_equal(got, "\"Single sign-on\" due 2027-03-31 (12 days): 66%, 0.67 1.5 "
	                         "-9223372036854775808");
}

/*
 * A piece of every length from none to past a word or two, appended
 * after every offset, at every buffer size: the bytes of the piece that
 * fit, cut where they no longer fit, and no byte written before the
 * piece or past what the message keeps.
 */
static void
test_put_lengths(void **state)
{
	static const char piece[] = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGH";
	char got[96];

	(void)state;
	for (size_t len = 0; len < sizeof piece; len++) {
		for (size_t at = 0; at < 20; at++) {
			for (size_t cap = at + 1; cap <= at + len + 2 && cap <= sizeof got - 1; cap++) {
				ovp_message m;
				size_t keep = cap - 1 - at < len ? cap - 1 - at : len;

				memset(got, '.', sizeof got);
				ovp_message_start(&m, got, cap, at);
				ovp_message_put(&m, piece, len);
				assert_int_equal(m.len, at + keep);
				assert_int_equal(ovp_message_end(&m), at + keep);
				for (size_t i = 0; i < at; i++)
					assert_int_equal(got[i], '.');
				assert_memory_equal(got + at, piece, keep);
				assert_int_equal(got[at + keep], '\0');
				for (size_t i = at + keep + 1; i < sizeof got; i++)
					assert_int_equal(got[i], '.');
			}
		}
	}
}

/* One field into the reference hash, as finding.c hashes it, then its separator. */
static void
ref_field(uint64_t *a, uint64_t *b, const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p != '\0'; p++) {
		*a = (*a ^ *p) * 0x100000001b3ULL;
		*b = (*b ^ *p) * 0x9e3779b97f4a7c15ULL;
		*b ^= *b >> 29;
	}
	*a = (*a ^ 0x1fu) * 0x100000001b3ULL;
	*b = (*b ^ 0x1fu) * 0x9e3779b97f4a7c15ULL;
	*b ^= *b >> 29;
}

/*
 * The fingerprint of findings about random deals, features and items,
 * one at a time and a promise's several at once, against the hash of
 * the rule's code, the deal's id, the normalised feature and the item's
 * id worked out here and written with "%016" PRIx64: every digit, 0 to
 * f, in every place.
 */
static void
test_fingerprint_digits(void **state)
{
	static const ovp_rule_id rules[] = {OVP_RULE_LATE, OVP_RULE_OVERDUE, OVP_RULE_FUZZY_MATCH};
	uint64_t seed = 0x2545F4914F6CDD1DULL;

	(void)state;
	for (int round = 0; round < 500; round++) {
		char deal_id[32], feature[32], item_id[32], want[OVP_FINGERPRINT_SIZE];
		ovp_deal d;
		ovp_promise p;
		ovp_item it;
		ovp_finding f[3], *order[3];
		ovp_fingerprint_seed seeds[OVP_RULE_COUNT];
		char *norm;

		snprintf(deal_id, sizeof deal_id, "D-%" PRIu64, next_random(&seed) % 100000000);
		snprintf(feature, sizeof feature, "feature %" PRIu64, next_random(&seed) % 100000);
		snprintf(item_id, sizeof item_id, "PRJ-%" PRIu64, next_random(&seed) % 1000000);
		memset(&d, 0, sizeof d);
		d.id = deal_id;
		d.name = "Acme";
		memset(&p, 0, sizeof p);
		p.text = p.feature = feature;
		memset(&it, 0, sizeof it);
		it.id = item_id;
		it.title = "Title";
		norm = ovp_normalize(feature, strlen(feature));
		assert_non_null(norm);
		for (int r = 0; r < OVP_RULE_COUNT; r++)
			ovp_fingerprint_seed_of((ovp_rule_id)r, &seeds[r]);
		for (size_t k = 0; k < 3; k++) {
			memset(&f[k], 0, sizeof f[k]);
			f[k].rule = rules[k];
			f[k].deal = &d;
			f[k].promise = &p;
			f[k].item = &it;
			order[k] = &f[k];
		}
		ovp_finding_fingerprints_seeded(order, 3, seeds, norm, NULL);
		for (size_t k = 0; k < 3; k++) {
			uint64_t a = 0xcbf29ce484222325ULL, b = 0x84222325cbf29ce4ULL;
			ovp_finding alone = f[k];

			ref_field(&a, &b, ovp_rule_get(rules[k])->code);
			ref_field(&a, &b, deal_id);
			ref_field(&a, &b, norm);
			ref_field(&a, &b, item_id);
			snprintf(want, sizeof want, "%016" PRIx64 "%016" PRIx64, a, b);
			assert_string_equal(f[k].fingerprint, want);
			memset(alone.fingerprint, 'X', sizeof alone.fingerprint);
			ovp_finding_fingerprint(&alone);
			assert_string_equal(alone.fingerprint, want);
		}
		free(norm);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fixed_ties),
		cmocka_unit_test(test_fixed_boundaries),
		cmocka_unit_test(test_fixed_random),
		cmocka_unit_test(test_fixed_edges),
		cmocka_unit_test(test_conversions),
		cmocka_unit_test(test_pieces),
		cmocka_unit_test(test_put_lengths),
		cmocka_unit_test(test_fingerprint_digits),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
