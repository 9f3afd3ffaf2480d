/*
 * Building a deal: the due date each promise gets, the problems of its
 * dates, the limit on promises, the lengths of the features, and reuse
 * after a reset.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <overpromise/overpromise.h>

#include "src/deal_builder_impl.h"

static ovp_day
day(const char *iso)
{
	ovp_date_context ctx = {OVP_ORDER_AUTO, OVP_DAY_NONE, false};
	ovp_window w;

	assert_int_equal(ovp_date_parse(iso, strlen(iso), &ctx, &w), OVP_DATE_OK);
	return w.end;
}

static int
add(ovp_deal_builder *b, const char *cell, const ovp_promise_origin *at, ovp_error *err)
{
	return ovp_deal_add_cell(b, cell, strlen(cell), at, err);
}

/* Own date, else the row's, else the close date, else none: the same rule for every caller. */
static void
test_due_choice(void **state)
{
	ovp_date_context ctx = {OVP_ORDER_MDY, day("2026-11-26"), false};
	ovp_promise_origin at = {"deals.csv", "Promises", 7, OVP_WINDOW_NONE, "", &ctx, false};
	ovp_deal_builder *b = NULL;
	ovp_error err = {0};
	const ovp_deal *d;
	ovp_window row;

	(void)state;
	assert_int_equal(ovp_deal_new(&b, &err), 0);
	d = ovp_deal_get(b);
	assert_string_equal(d->name, "");
	assert_false(ovp_window_is_set(d->close));
	ovp_deal_fields(b)->close = (ovp_window){day("2027-06-01"), day("2027-06-30"),
	                                         OVP_PERIOD_MONTH};
	assert_int_equal(add(b, "SSO (2027-03-31); Audit log", &at, &err), 0);
	row = (ovp_window){day("2027-05-01"), day("2027-05-01"), OVP_PERIOD_DAY};
	at.row_due = row;
	at.row_due_text = "2027-05-01";
	at.line = 8;
	assert_int_equal(add(b, "Webhooks; Export by 2027-04-15", &at, &err), 0);
	ovp_deal_fields(b)->close = OVP_WINDOW_NONE;
	at.row_due = OVP_WINDOW_NONE;
	assert_int_equal(add(b, "Dark mode", &at, &err), 0);
	d = ovp_deal_get(b);
	assert_int_equal(d->npromises, 5);
	assert_int_equal(ovp_deal_promise_count(b), 5);
	assert_string_equal(d->promises[0].feature, "SSO");
	assert_int_equal(d->promises[0].due_source, OVP_DUE_OWN);
	assert_int_equal(d->promises[0].due.end, day("2027-03-31"));
	assert_string_equal(d->promises[0].due_text, "2027-03-31");
	assert_int_equal(d->promises[0].line, 7);
	assert_int_equal(d->promises[1].due_source, OVP_DUE_CLOSE);
	assert_int_equal(d->promises[1].due.end, day("2027-06-30"));
	assert_string_equal(d->promises[1].due_text, "");
	assert_int_equal(d->promises[2].due_source, OVP_DUE_ROW);
	assert_int_equal(d->promises[2].due.end, day("2027-05-01"));
	assert_string_equal(d->promises[2].due_text, "2027-05-01");
	assert_int_equal(d->promises[2].line, 8);
	assert_int_equal(d->promises[3].due_source, OVP_DUE_OWN);
	assert_string_equal(d->promises[3].feature, "Export");
	assert_int_equal(d->promises[4].due_source, OVP_DUE_NONE);
	assert_false(ovp_window_is_set(d->promises[4].due));
	assert_int_equal(d->nproblems, 0);
	ovp_deal_free(b);
}

/* A date of its own that is no date: the promise stays, a problem names the cell. */
static void
test_bad_date_problem(void **state)
{
	ovp_date_context ctx = {OVP_ORDER_MDY, day("2026-11-26"), false};
	ovp_promise_origin at = {"deals.csv", "Promises", 3, OVP_WINDOW_NONE, "", &ctx, false};
	ovp_deal_builder *b = NULL;
	ovp_error err = {0};
	const ovp_deal *d;

	(void)state;
	assert_int_equal(ovp_deal_new(&b, &err), 0);
	assert_int_equal(add(b, "SSO (2027-02-30)", &at, &err), 0);
	d = ovp_deal_get(b);
	assert_int_equal(d->npromises, 1);
	assert_int_equal(d->promises[0].due_source, OVP_DUE_NONE);
	assert_int_equal(d->nproblems, 1);
	assert_string_equal(d->problems[0].file, "deals.csv");
	assert_string_equal(d->problems[0].column, "Promises");
	assert_int_equal(d->problems[0].line, 3);
	assert_string_equal(d->problems[0].value, "SSO (2027-02-30)");
	assert_string_equal(d->problems[0].message,
	                    "impossible date \"2027-02-30\"; the promise is checked without a date of its "
	                    "own");
	ovp_deal_free(b);
}

/* With no file to decide the order, a date that reads two ways is an error naming both. */
static void
test_two_readings_strict(void **state)
{
	ovp_date_context ctx = {OVP_ORDER_AUTO, day("2026-11-26"), false};
	ovp_promise_origin at = {"<deal>", "", 1, OVP_WINDOW_NONE, "", &ctx, true};
	ovp_deal_builder *b = NULL;
	ovp_error err = {0};

	(void)state;
	assert_int_equal(ovp_deal_new(&b, &err), 0);
	assert_int_equal(add(b, "SSO (03/04/2027)", &at, &err), OVP_EINPUT);
	assert_string_equal(err.message,
	                    "\"03/04/2027\" reads two ways, 2027-03-04 (month/day) or 2027-04-03 "
	                    "(day/month); write it as YYYY-MM-DD, or set [deals] date_order in "
	                    ".overpromise.ini");
	assert_int_equal(ovp_deal_promise_count(b), 0);
	/* Read from a file, the same date is a problem and the promise stays. */
	at.strict_order = false;
	assert_int_equal(add(b, "SSO (03/04/2027)", &at, &err), 0);
	assert_int_equal(ovp_deal_get(b)->npromises, 1);
	assert_int_equal(ovp_deal_get(b)->nproblems, 1);
	ovp_deal_free(b);
}

/* The limit on promises is an error of its own, its number from the constant. */
static void
test_limit(void **state)
{
	ovp_date_context ctx = {OVP_ORDER_MDY, OVP_DAY_NONE, false};
	ovp_promise_origin at = {"<deal>", "", 1, OVP_WINDOW_NONE, "", &ctx, false};
	ovp_deal_builder *b = NULL;
	ovp_error err = {0};
	char want[200];

	(void)state;
	assert_int_equal(ovp_deal_new(&b, &err), 0);
	for (int i = 0; i < OVP_DEAL_MAX_PROMISES; i++)
		assert_int_equal(add(b, "x", &at, &err), 0);
	assert_int_equal(add(b, "x", &at, &err), OVP_ELIMIT);
	snprintf(want, sizeof want,
	         "the deal has more than %d promises: overpromise reads at most %d per deal",
	         OVP_DEAL_MAX_PROMISES, OVP_DEAL_MAX_PROMISES);
	assert_string_equal(err.message, want);
	assert_int_equal(ovp_deal_promise_count(b), OVP_DEAL_MAX_PROMISES);
	ovp_deal_free(b);
}

/* A reset deal starts empty again; its fields are back to their defaults. */
static void
test_reset(void **state)
{
	ovp_date_context ctx = {OVP_ORDER_MDY, OVP_DAY_NONE, false};
	ovp_promise_origin at = {"deals.csv", "", 2, OVP_WINDOW_NONE, "", &ctx, false};
	ovp_deal_builder *b = NULL;
	ovp_error err = {0};
	const ovp_deal *d;

	(void)state;
	assert_int_equal(ovp_deal_new(&b, &err), 0);
	ovp_deal_fields(b)->name = ovp_deal_keep(b, "Acme renewal", 4);
	ovp_deal_fields(b)->has_amount = true;
	assert_string_equal(ovp_deal_fields(b)->name, "Acme");
	assert_int_equal(add(b, "SSO; Audit log", &at, &err), 0);
	assert_int_equal(ovp_deal_add_problem(b, "deals.csv", 2, "Amount", "12x", 3,
	                                      "unknown amount \"12x\"", &err),
	                 0);
	ovp_deal_reset(b);
	d = ovp_deal_get(b);
	assert_string_equal(d->name, "");
	assert_false(d->has_amount);
	assert_int_equal(d->npromises, 0);
	assert_int_equal(d->nproblems, 0);
	assert_int_equal(add(b, "Webhooks", &at, &err), 0);
	d = ovp_deal_get(b);
	assert_int_equal(d->npromises, 1);
	assert_string_equal(d->promises[0].text, "Webhooks");
	ovp_deal_free(b);
	ovp_deal_free(NULL);
}

/* Each promise's feature length is its strlen(), with or without a date cut off, across resets. */
static void
test_feature_lengths(void **state)
{
	static const char *const cells[] = {
		"SSO (2027-01-15); Audit log by Q3 2027 | Webhooks - March 2027\nÜbersetzung der Oberfläche",
		"  Sort by date ; Single sign-on (SAML);;Pay-by-link @ ",
		"x",
	};
	static const char *const features[][4] = {
		{"SSO", "Audit log", "Webhooks", "Übersetzung der Oberfläche"},
		{"Sort by date", "Single sign-on (SAML)", "Pay-by-link", NULL},
		{"x", NULL, NULL, NULL},
	};
	ovp_date_context ctx = {OVP_ORDER_MDY, OVP_DAY_NONE, false};
	ovp_promise_origin at = {"deals.csv", "", 2, OVP_WINDOW_NONE, "", &ctx, false};
	ovp_deal_builder *b = NULL;
	ovp_error err = {0};

	(void)state;
	assert_int_equal(ovp_deal_new(&b, &err), 0);
	for (size_t c = 0; c < sizeof cells / sizeof *cells; c++) {
		const ovp_deal *d;
		size_t n = 0;

		assert_int_equal(add(b, cells[c], &at, &err), 0);
		d = ovp_deal_get(b);
		while (n < 4 && features[c][n] != NULL)
			n++;
		assert_int_equal(d->npromises, n);
		for (size_t i = 0; i < n; i++) {
			assert_string_equal(d->promises[i].feature, features[c][i]);
			assert_int_equal(ovp_deal_feature_len(b, i), strlen(features[c][i]));
		}
		ovp_deal_reset(b);
	}
	ovp_deal_free(b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_due_choice),
		cmocka_unit_test(test_bad_date_problem),
		cmocka_unit_test(test_two_readings_strict),
		cmocka_unit_test(test_limit),
		cmocka_unit_test(test_reset),
		cmocka_unit_test(test_feature_lengths),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
