/*
 * Exchange rates: the reporting currency, rates parsed strictly (a
 * decimal comma is refused, never read as 108 or 1), lists of rates, and
 * conversion with two and three currencies and a missing rate.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include <overpromise/fx.h>

static void
test_currency(void **state)
{
	ovp_fx fx = {0};
	ovp_error err = {0};

	(void)state;
	assert_int_equal(ovp_fx_set_currency(&fx, "eur", &err), 0);
	assert_string_equal(fx.currency, "EUR");
	assert_int_equal(ovp_fx_set_currency(&fx, "$", &err), 0);
	assert_string_equal(fx.currency, "USD");
	assert_int_equal(ovp_fx_set_currency(&fx, "euros please", &err), OVP_EUSAGE);
	assert_string_equal(err.message,
	                    "\"euros please\" is not a currency (expected an ISO code such as EUR)");
	assert_string_equal(fx.currency, "USD");
}

static void
test_rates(void **state)
{
	ovp_fx fx = {0};
	ovp_error err = {0};

	(void)state;
	assert_int_equal(ovp_fx_set_rate(&fx, "usd", "0.92", &err), 0);
	assert_int_equal(ovp_fx_set_rate(&fx, "SEK", "11", &err), 0);
	assert_int_equal(ovp_fx_set_rate(&fx, "USD", "0.93", &err), 0);
	assert_int_equal(fx.nrates, 2);
	assert_string_equal(fx.rates[0].currency, "USD");
	assert_true(fx.rates[0].rate == 0.93);
	assert_true(fx.rates[1].rate == 11.0);
	assert_int_equal(ovp_fx_set_rate(&fx, "GBP", "1,08", &err), OVP_EUSAGE);
	assert_string_equal(err.message, "rate \"1,08\" of GBP: write it with a decimal point (what "
	                                 "one GBP is worth in the reporting currency, e.g. 1.08)");
	assert_int_equal(ovp_fx_set_rate(&fx, "GBP", "0", &err), OVP_EUSAGE);
	assert_int_equal(ovp_fx_set_rate(&fx, "GBP", "-1.2", &err), OVP_EUSAGE);
	assert_int_equal(ovp_fx_set_rate(&fx, "GBP", "1.2.3", &err), OVP_EUSAGE);
	assert_int_equal(ovp_fx_set_rate(&fx, "GBP", "", &err), OVP_EUSAGE);
	assert_int_equal(ovp_fx_set_rate(&fx, "GBP", "1e3", &err), OVP_EUSAGE);
	assert_string_equal(err.message, "rate \"1e3\" of GBP is not a number greater than 0 (what "
	                                 "one GBP is worth in the reporting currency, e.g. 0.92)");
	assert_int_equal(ovp_fx_set_rate(&fx, "pounds", "1.2", &err), OVP_EUSAGE);
	assert_int_equal(fx.nrates, 2);
}

static void
test_lists(void **state)
{
	ovp_fx fx = {0};
	ovp_error err = {0};

	(void)state;
	assert_int_equal(ovp_fx_parse(&fx, "USD=0.92,SEK=0.087", &err), 0);
	assert_int_equal(fx.nrates, 2);
	assert_true(fx.rates[1].rate == 0.087);
	/* A decimal comma splits the list in the wrong place: named, and nothing is taken. */
	assert_int_equal(ovp_fx_parse(&fx, "GBP=1.17,USD=1,08", &err), OVP_EUSAGE);
	assert_string_equal(err.message, "rate \"1,08\" of USD: write it with a decimal point (e.g. "
	                                 "USD=1.08); commas separate the rates");
	assert_int_equal(fx.nrates, 2);
	assert_true(fx.rates[0].rate == 0.92);
	assert_int_equal(ovp_fx_parse(&fx, "USD", &err), OVP_EUSAGE);
	assert_string_equal(err.message, "\"USD\" is not CUR=RATE (expected CUR=RATE[,CUR=RATE...], "
	                                 "e.g. USD=0.92,SEK=0.087)");
	assert_int_equal(ovp_fx_parse(&fx, "USD=0.9,,SEK=1", &err), OVP_EUSAGE);
	assert_int_equal(ovp_fx_parse(&fx, "=0.9", &err), OVP_EUSAGE);
	assert_int_equal(fx.nrates, 2);
}

static void
test_convert(void **state)
{
	ovp_fx fx = {0};
	ovp_error err = {0};
	double v = -1.0;

	(void)state;
	/* No reporting currency: nothing converts. */
	assert_false(ovp_fx_convert(&fx, "USD", 10.0, &v));
	assert_false(ovp_fx_convert(NULL, "USD", 10.0, &v));
	assert_int_equal(ovp_fx_set_currency(&fx, "EUR", &err), 0);
	assert_int_equal(ovp_fx_parse(&fx, "USD=0.5,SEK=0.25", &err), 0);
	assert_true(ovp_fx_convert(&fx, "EUR", 10.0, &v) && v == 10.0);
	assert_true(ovp_fx_convert(&fx, "", 7.0, &v) && v == 7.0);
	assert_true(ovp_fx_convert(&fx, "USD", 10.0, &v) && v == 5.0);
	assert_true(ovp_fx_convert(&fx, "SEK", 10.0, &v) && v == 2.5);
	v = -1.0;
	assert_false(ovp_fx_convert(&fx, "GBP", 10.0, &v));
	assert_true(v == -1.0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_currency),
		cmocka_unit_test(test_rates),
		cmocka_unit_test(test_lists),
		cmocka_unit_test(test_convert),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
