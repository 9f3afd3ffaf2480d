/*
 * Numbers as text (src/util/num.c): integers against printf, reals as
 * the machine formats write them.
 */
#include <limits.h>
#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "src/util/num.h"

static void
check_uint(unsigned long long v)
{
	char buf[OVP_UINT_BUF], want[32];
	char *d = ovp_format_uint(v, buf);
	size_t n = (size_t)(buf + OVP_UINT_BUF - d);

	snprintf(want, sizeof want, "%llu", v);
	if (n != strlen(want) || memcmp(d, want, n) != 0)
		fail_msg("%s written as \"%.*s\"", want, (int)n, d);
}

/* Every length of number, the two-digit steps' edges, and the largest. */
static void
test_uint(void **state)
{
	unsigned long long p = 1;

	(void)state;
	for (unsigned long long v = 0; v < 100000; v++)
		check_uint(v);
	for (int i = 0; i < 20; i++, p *= 10) {
		check_uint(p - 1);
		check_uint(p);
		check_uint(p + 1);
		check_uint(p * 7 + 3);
	}
	check_uint(ULLONG_MAX);
	check_uint(ULLONG_MAX - 1);
	check_uint(1844674407370955161ULL);
}

static void
test_number(void **state)
{
	static const struct {
		double v;
		const char *want;
	} cases[] = {
		{120000.0, "120000"}, {0.92, "0.92"},   {-5000.5, "-5000.5"}, {0.0, "0"},
		{-0.0, "0"},          {1e21, "1e+21"},  {0.1 + 0.2, "0.3"},   {1.0 / 3.0, "0.333333333333333"},
	};
	char buf[32];

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		assert_string_equal(ovp_format_number(cases[i].v, buf), cases[i].want);
	assert_string_equal(ovp_format_number(1.0 / 0.0, buf), "0");
	assert_string_equal(ovp_format_number(0.0 / 0.0, buf), "0");
	/* A locale with a decimal comma does not leak in. */
	if (setlocale(LC_NUMERIC, "de_DE.UTF-8") != NULL) {
		assert_string_equal(ovp_format_number(2.5, buf), "2.5");
		setlocale(LC_NUMERIC, "C");
	}
}

static void
test_round3(void **state)
{
	(void)state;
	assert_true(ovp_round3(0.12345) == 0.123);
	assert_true(ovp_round3(0.9996) == 1.0);
	assert_true(ovp_round3(-2.0005) == -2.001);
	assert_true(ovp_round3(7.0) == 7.0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_uint),
		cmocka_unit_test(test_number),
		cmocka_unit_test(test_round3),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
