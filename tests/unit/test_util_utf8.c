/*
 * UTF-8 decoding and encoding (src/util/utf8.c): every code point round
 * trips, every ill-formed sequence is refused with the maximal subpart
 * Unicode's recommended practice replaces, and ovp_utf8_next() always
 * moves on.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "src/util/utf8.h"

/* Every scalar value encodes to the shortest form and decodes back; surrogates are refused. */
static void
test_round_trip(void **state)
{
	(void)state;
	for (uint32_t cp = 0; cp <= 0x10FFFF; cp++) {
		char buf[OVP_UTF8_MAX];
		size_t len = ovp_utf8_put(buf, cp), bad = 0;
		size_t want = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
		uint32_t got = 0;

		assert_int_equal(len, want);
		if (cp < 0x80) {
			assert_int_equal(ovp_utf8_next(buf, len, &got), 1);
			assert_int_equal(got, cp);
			continue;
		}
		if (cp >= 0xD800 && cp <= 0xDFFF) {
			assert_int_equal(ovp_utf8_sequence(buf, len, &got, &bad), 0);
			assert_int_equal(bad, 1); /* ED A0..BF: the lead byte alone */
			assert_int_equal(ovp_utf8_next(buf, len, &got), 1);
			assert_int_equal(got, 0xFFFD);
			continue;
		}
		assert_int_equal(ovp_utf8_sequence(buf, len, &got, &bad), len);
		assert_int_equal(got, cp);
		got = 0;
		assert_int_equal(ovp_utf8_next(buf, len, &got), len);
		assert_int_equal(got, cp);
		/* Cut short, it is refused at the byte that is missing. */
		assert_int_equal(ovp_utf8_sequence(buf, len - 1, &got, &bad), 0);
		assert_int_equal(bad, len - 1);
	}
}

/* The ill-formed sequences of Unicode's table 3-8 and their maximal subparts. */
static void
test_ill_formed(void **state)
{
	static const struct {
		const char *s;
		size_t bad;
	} cases[] = {
		{"\x80", 1},             /* a lone continuation byte */
		{"\xBF", 1},
		{"\xC0\xAF", 1},         /* overlong lead bytes start nothing */
		{"\xC1\xBF", 1},
		{"\xE0\x80\xAF", 1},     /* overlong three-byte form */
		{"\xE0\x9F\xBF", 1},
		{"\xED\xA0\x80", 1},     /* a surrogate */
		{"\xF0\x80\x80\xAF", 1}, /* overlong four-byte form */
		{"\xF4\x90\x80\x80", 1}, /* past U+10FFFF */
		{"\xF5\x80\x80\x80", 1},
		{"\xFF", 1},
		{"\xE1\x80\x41", 2},     /* the second continuation is missing */
		{"\xF1\x80\x80\x41", 3},
		{"\xF1\x80\x41", 2},
		{"\xC3\x41", 1},
		{"\xC3\xC3", 1},
	};

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		uint32_t cp = 0;
		size_t bad = 99;

		assert_int_equal(ovp_utf8_sequence(cases[i].s, strlen(cases[i].s), &cp, &bad), 0);
		if (bad != cases[i].bad)
			fail_msg("case %zu: maximal subpart %zu, expected %zu", i, bad, cases[i].bad);
		assert_int_equal(ovp_utf8_next(cases[i].s, strlen(cases[i].s), &cp), 1);
		assert_int_equal(cp, 0xFFFD);
	}
}

/* The edges of each range decode to their code points. */
static void
test_edges(void **state)
{
	static const struct {
		const char *s;
		uint32_t cp;
	} cases[] = {
		{"\xC2\x80", 0x80},         {"\xDF\xBF", 0x7FF},         {"\xE0\xA0\x80", 0x800},
		{"\xED\x9F\xBF", 0xD7FF},   {"\xEE\x80\x80", 0xE000},    {"\xEF\xBF\xBD", 0xFFFD},
		{"\xEF\xBF\xBF", 0xFFFF},   {"\xF0\x90\x80\x80", 0x10000}, {"\xF4\x8F\xBF\xBF", 0x10FFFF},
	};

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		uint32_t cp = 0;
		size_t bad = 0, n = strlen(cases[i].s);

		assert_int_equal(ovp_utf8_sequence(cases[i].s, n, &cp, &bad), n);
		assert_int_equal(cp, cases[i].cp);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_ill_formed),
		cmocka_unit_test(test_edges),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
