/*
 * Unit tests of amount and currency cells (SPEC 2.4).  Cells are copied
 * into buffers of exactly their length, with no terminating NUL.
 */
#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "src/amount.h"

static ovp_amount_status
parse(const char *s, double *v, char cur[OVP_CURRENCY_SIZE])
{
	size_t n = strlen(s);
	char *buf = malloc(n > 0 ? n : 1);
	ovp_amount_status st;

	assert_non_null(buf);
	memcpy(buf, s, n);
	st = ovp_amount_parse(buf, n, v, cur);
	free(buf);
	return st;
}

/* s reads as exactly value in currency cur ("" for none). */
static void
check_amount(const char *s, double value, const char *cur)
{
	double v = -12345;
	char c[OVP_CURRENCY_SIZE];
	ovp_amount_status st = parse(s, &v, c);

	if (st != OVP_AMOUNT_OK)
		fail_msg("\"%s\": status %d, expected OK", s, (int)st);
	if (v != value || strcmp(c, cur) != 0)
		fail_msg("\"%s\": %.17g \"%s\", expected %.17g \"%s\"", s, v, c, value, cur);
}

/* s is no amount (or an empty one): status st, value 0, no currency. */
static void
check_status(const char *s, ovp_amount_status st)
{
	double v = -12345;
	char c[OVP_CURRENCY_SIZE] = "XXX";
	ovp_amount_status got = parse(s, &v, c);

	if (got != st)
		fail_msg("\"%s\": status %d, expected %d", s, (int)got, (int)st);
	if (v != 0 || c[0] != '\0')
		fail_msg("\"%s\": value %g, currency \"%s\" left behind", s, v, c);
}

static void
test_plain_numbers(void **state)
{
	(void)state;
	check_amount("120000", 120000, "");
	check_amount("0", 0, "");
	check_amount("7", 7, "");
	check_amount("120000.50", 120000.5, "");
	check_amount("  99  ", 99, "");
	check_amount("000120", 120, "");
	check_amount("999999999999999", 999999999999999.0, "");
	check_amount("0.1", 0.1, "");
	check_amount("1234567.89", 1234567.89, "");
	/* Digits alone, at the limit of fifteen significant ones and past it. */
	check_amount("123456789012345", 123456789012345.0, "");
	check_amount("0000000123456789012345", 123456789012345.0, "");
	check_status("1234567890123456", OVP_AMOUNT_INVALID);
	check_amount("660000 USD", 660000, "USD");
	check_amount("660000\xC2\xA0" "EUR", 660000, "EUR");
	check_status("660000USD", OVP_AMOUNT_INVALID);
	check_status("660000 x", OVP_AMOUNT_INVALID);
	check_status("660000-", OVP_AMOUNT_INVALID);
	check_amount("660000 ", 660000, "");
}

/*
 * Digits alone are read without weighing separators, up to fifteen of
 * them; a cell that goes on after its digits is read as any other.
 */
static void
test_digits_alone(void **state)
{
	static const struct {
		const char *cell;
		double value;
	} cells[] = {
		{"000000000000000", 0},
		{"100000000000000", 100000000000000.0},
		{"1", 1},
		{"12.5", 12.5},
		{"81000 ", 81000},
	};

	(void)state;
	for (size_t i = 0; i < sizeof cells / sizeof cells[0]; i++)
		check_amount(cells[i].cell, cells[i].value, "");
	check_status("12a", OVP_AMOUNT_INVALID);
	check_status("1 2", OVP_AMOUNT_INVALID);
}

static void
test_separators(void **state)
{
	(void)state;
	check_amount("120,000.50", 120000.5, "");
	check_amount("120.000,50", 120000.5, "");
	check_amount("48.000", 48000, "");
	check_amount("120,000", 120000, "");
	check_amount("1,5", 1.5, "");
	check_amount("1.5", 1.5, "");
	check_amount("120.50", 120.5, "");
	check_amount("1,2345", 1.2345, "");
	check_amount("1.234.567,89", 1234567.89, "");
	check_amount("1,234,567.89", 1234567.89, "");
	check_amount("1.234.567", 1234567, "");
	check_amount("1,234,567", 1234567, "");
	check_amount("1'234'567.50", 1234567.5, "");
	check_amount("1'234'567", 1234567, "");
	check_amount("120 000", 120000, "");
	check_amount("1 234 567,89", 1234567.89, "");
	check_amount("120\xC2\xA0" "000", 120000, "");          /* U+00A0 */
	check_amount("120\xE2\x80\xAF" "000,50", 120000.5, ""); /* U+202F */
	check_amount("120\xE2\x80\x89" "000", 120000, "");      /* U+2009 */
	/* with other grouping or a zero first group, a lone separator is decimal */
	check_amount("1'234.567", 1234.567, "");
	check_amount("1 234.567", 1234.567, "");
	check_amount("0.500", 0.5, "");
	check_amount("0,125", 0.125, "");

	/* separators that make no sense */
	check_status("1.2.3", OVP_AMOUNT_INVALID);
	check_status("1,234.567.89", OVP_AMOUNT_INVALID);
	check_status("1.234,567,89", OVP_AMOUNT_INVALID);
	check_status("1,234,56", OVP_AMOUNT_INVALID);
	check_status("1234,567.89", OVP_AMOUNT_INVALID);
	check_status("1,00,000", OVP_AMOUNT_INVALID); /* Indian grouping is not guessed at */
	check_status("12 34", OVP_AMOUNT_INVALID);
	check_status("1'234 567", OVP_AMOUNT_INVALID);
	check_status("1.234,56 789", OVP_AMOUNT_INVALID);
	check_status("120.", OVP_AMOUNT_INVALID);
	check_status(".5", OVP_AMOUNT_INVALID);
	check_status("1,,000", OVP_AMOUNT_INVALID);
	check_status("1000000000000000", OVP_AMOUNT_INVALID); /* 16 digits */
}

static void
test_currencies(void **state)
{
	(void)state;
	check_amount("$120,000", 120000, "USD");
	check_amount("120 000 \xE2\x82\xAC", 120000, "EUR");
	check_amount("USD 120,000", 120000, "USD");
	check_amount("\xE2\x82\xAC 99", 99, "EUR");
	check_amount("\xE2\x82\xAC" "99", 99, "EUR");
	check_amount("99 \xE2\x82\xAC", 99, "EUR");
	check_amount("99\xE2\x82\xAC", 99, "EUR");
	check_amount("EUR 99", 99, "EUR");
	check_amount("99 EUR", 99, "EUR");
	check_amount("99 eur", 99, "EUR");
	check_amount("\xC2\xA3" "1,000", 1000, "GBP");
	check_amount("\xC2\xA5" "5000", 5000, "JPY");
	check_amount("US$ 1,000.25", 1000.25, "USD");
	check_amount("US$1,000", 1000, "USD");
	check_amount("C$ 50", 50, "CAD");
	check_amount("A$50", 50, "AUD");
	check_amount("1 000 kr", 1000, "SEK");
	check_amount("1 000 kr.", 1000, "SEK");
	check_amount("kr 99,50", 99.5, "SEK");
	check_amount("CHF 1'250.00", 1250, "CHF");
	check_amount("1'250.00 CHF", 1250, "CHF");
	check_amount("\xE2\x82\xB9 100,000", 100000, "INR");
	check_amount("$120,000 USD", 120000, "USD");
	check_amount("\xC2\xA0\xE2\x82\xAC\xC2\xA0" "120.000,50\xC2\xA0", 120000.5, "EUR");

	check_status("$120 EUR", OVP_AMOUNT_INVALID);
	check_status("$ 5 \xE2\x82\xAC", OVP_AMOUNT_INVALID);
	check_status("5 USD EUR", OVP_AMOUNT_INVALID);
	check_status("5 USD USD", OVP_AMOUNT_INVALID);
	check_status("EUR", OVP_AMOUNT_INVALID);
	check_status("$", OVP_AMOUNT_INVALID);
	check_status("US Dollar 5", OVP_AMOUNT_INVALID);
	check_status("XY$ 5", OVP_AMOUNT_INVALID);
	/* a letter code touching the digits is a unit, not a currency */
	check_status("99EUR", OVP_AMOUNT_INVALID);
	check_status("EUR99", OVP_AMOUNT_INVALID);
	check_status("100kr", OVP_AMOUNT_INVALID);
	check_status("100kr.", OVP_AMOUNT_INVALID);
}

static void
test_signs(void **state)
{
	(void)state;
	check_amount("-500", -500, "");
	check_amount("+500", 500, "");
	check_amount("(500)", -500, "");
	check_amount("( 1,234.50 )", -1234.5, "");
	check_amount("($500)", -500, "USD");
	check_amount("$(500.00)", -500, "USD");
	check_amount("-$500", -500, "USD");
	check_amount("$-500", -500, "USD");
	check_amount("USD -500", -500, "USD");
	check_amount("- 500 \xE2\x82\xAC", -500, "EUR");
	check_amount("(500 \xE2\x82\xAC)", -500, "EUR");
	check_amount("\xE2\x88\x92" "500", -500, ""); /* U+2212 */
	check_amount("-0", 0, "");

	check_status("(500", OVP_AMOUNT_INVALID);
	check_status("500)", OVP_AMOUNT_INVALID);
	check_status("-(500)", OVP_AMOUNT_INVALID);
	check_status("--500", OVP_AMOUNT_INVALID);
	check_status("500-", OVP_AMOUNT_INVALID);
	check_status("-", OVP_AMOUNT_INVALID);
	check_status("()", OVP_AMOUNT_INVALID);
}

static void
test_garbage(void **state)
{
	double v;
	char c[OVP_CURRENCY_SIZE];

	(void)state;
	check_status("", OVP_AMOUNT_EMPTY);
	check_status("   ", OVP_AMOUNT_EMPTY);
	check_status("\xC2\xA0\xE2\x80\xAF", OVP_AMOUNT_EMPTY);
	assert_int_equal(ovp_amount_parse(NULL, 0, &v, c), OVP_AMOUNT_EMPTY);
	check_status("TBD", OVP_AMOUNT_INVALID);
	check_status("n/a", OVP_AMOUNT_INVALID);
	check_status("12abc", OVP_AMOUNT_INVALID);
	check_status("250k", OVP_AMOUNT_INVALID);
	check_status("250 k", OVP_AMOUNT_INVALID);
	check_status("1.5M", OVP_AMOUNT_INVALID);
	check_status("1e5", OVP_AMOUNT_INVALID);
	check_status("12 34 56", OVP_AMOUNT_INVALID);
	check_status("100%", OVP_AMOUNT_INVALID);
	check_status("about 100", OVP_AMOUNT_INVALID);
	check_status("100 or 200", OVP_AMOUNT_INVALID);
	check_status("1,000 - 2,000", OVP_AMOUNT_INVALID);
	check_status("\xE2\x82", OVP_AMOUNT_INVALID); /* a cut symbol */
	check_status("120\xE2\x80", OVP_AMOUNT_INVALID);
	check_status("1.2.3.4.5.6.7.8.9.0.1.2.3.4.5.6.7.8.9.0.1.2.3.4.5.6.7.8.9.0.1.2.3.4",
	             OVP_AMOUNT_INVALID);
}

static void
test_length_and_locale(void **state)
{
	double v;
	char c[OVP_CURRENCY_SIZE];

	(void)state;
	/* only len bytes are read */
	assert_int_equal(ovp_amount_parse("1,5 EUR", 3, &v, c), OVP_AMOUNT_OK);
	assert_true(v == 1.5);
	assert_string_equal(c, "");
	assert_int_equal(ovp_amount_parse("120,000", 5, &v, c), OVP_AMOUNT_OK);
	assert_true(v == 120.0);
	/* a locale with a decimal comma changes nothing */
	if (setlocale(LC_NUMERIC, "de_DE.UTF-8") != NULL || setlocale(LC_NUMERIC, "fr_FR.UTF-8") != NULL) {
		check_amount("120,000.50", 120000.5, "");
		check_amount("1,5", 1.5, "");
		setlocale(LC_NUMERIC, "C");
	}
}

static void
test_currency_cells(void **state)
{
	static const struct {
		const char *cell;
		const char *code;
	} good[] = {
		{"usd", "USD"}, {"EUR", "EUR"}, {" gbp ", "GBP"}, {"\xE2\x82\xAC", "EUR"},
		{"$", "USD"}, {"US$", "USD"}, {"\xC2\xA3", "GBP"}, {"\xC2\xA5", "JPY"},
		{"kr", "SEK"}, {"CHF", "CHF"}, {"Chf", "CHF"}, {"kr.", "SEK"}, {"C$", "CAD"},
		{"\xEF\xBF\xA5", "JPY"}, {"\xC2\240eur\xE2\x80\xAF", "EUR"}, {"\t$\n", "USD"},
	};
	static const char *const bad[] = {
		"", "  ", "US Dollar", "Euro", "dollars", "US", "USDX", "12", "$5", "EUR EUR", "\xE2\x82",
		"ZZ$", "$$", "\xE2\x82\xAC\x45UR", "-", "\xC2\xA0", "1USD", "(USD)",
	};
	char c[OVP_CURRENCY_SIZE];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof good / sizeof good[0]; i++) {
		size_t n = strlen(good[i].cell);
		char *buf = malloc(n);

		assert_non_null(buf);
		memcpy(buf, good[i].cell, n);
		if (ovp_currency_parse(buf, n, c) != 0 || strcmp(c, good[i].code) != 0)
			fail_msg("\"%s\": \"%s\", expected \"%s\"", good[i].cell, c, good[i].code);
		free(buf);
	}
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		size_t n = strlen(bad[i]);
		char *buf = malloc(n > 0 ? n : 1);

		assert_non_null(buf);
		memcpy(buf, bad[i], n);
		strcpy(c, "XXX");
		if (ovp_currency_parse(buf, n, c) != -1 || c[0] != '\0')
			fail_msg("\"%s\": read as currency \"%s\"", bad[i], c);
		free(buf);
	}
	assert_int_equal(ovp_currency_parse(NULL, 0, c), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain_numbers),
		cmocka_unit_test(test_digits_alone),
		cmocka_unit_test(test_separators),
		cmocka_unit_test(test_currencies),
		cmocka_unit_test(test_signs),
		cmocka_unit_test(test_garbage),
		cmocka_unit_test(test_length_and_locale),
		cmocka_unit_test(test_currency_cells),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
