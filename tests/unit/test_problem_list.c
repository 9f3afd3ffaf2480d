/*
 * The list of data-quality problems (src/problem_list.c) that the table,
 * the readers and inspect keep: texts copied, values cut, order kept,
 * memory reused after a clear.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "src/problem_list.h"

static void
test_add(void **state)
{
	ovp_problem_list pl = OVP_PROBLEM_LIST_INIT;
	char column[] = "Close date", value[] = "Q5 2027", message[] = "unknown date";
	const char *file = "deals.csv";

	(void)state;
	assert_int_equal(ovp_problem_list_add(&pl, file, 7, column, value, strlen(value), message), 0);
	/* The texts are copies; the file is the caller's. */
	memset(column, 'x', sizeof column - 1);
	memset(value, 'x', sizeof value - 1);
	memset(message, 'x', sizeof message - 1);
	assert_int_equal(pl.n, 1);
	assert_int_equal(pl.items[0].line, 7);
	assert_ptr_equal(pl.items[0].file, file);
	assert_string_equal(pl.items[0].column, "Close date");
	assert_string_equal(pl.items[0].value, "Q5 2027");
	assert_string_equal(pl.items[0].message, "unknown date");
	/* Only vlen bytes of the value, which need no NUL. */
	assert_int_equal(ovp_problem_list_add(&pl, file, 8, "", "abcdef", 3, "m"), 0);
	assert_string_equal(pl.items[1].value, "abc");
	ovp_problem_list_free(&pl);
	assert_null(pl.items);
	assert_int_equal(pl.n, 0);
}

/* A long cell is kept to OVP_PROBLEM_VALUE_MAX bytes. */
static void
test_value_cut(void **state)
{
	ovp_problem_list pl = OVP_PROBLEM_LIST_INIT;
	char value[300];

	(void)state;
	memset(value, 'v', sizeof value);
	assert_int_equal(ovp_problem_list_add(&pl, "f", 1, "c", value, sizeof value, "m"), 0);
	assert_int_equal(strlen(pl.items[0].value), OVP_PROBLEM_VALUE_MAX);
	ovp_problem_list_free(&pl);
}

static void
test_formatted(void **state)
{
	ovp_problem_list pl = OVP_PROBLEM_LIST_INIT;
	char big[700];

	(void)state;
	assert_int_equal(ovp_problem_list_addf(&pl, "r.csv", 3, "Status", "Doing", 5,
	                                       "unknown status \"%s\" (%d rows)", "Doing", 12),
	                 0);
	assert_string_equal(pl.items[0].message, "unknown status \"Doing\" (12 rows)");
	/* A message is cut at 511 bytes. */
	memset(big, 'b', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	assert_int_equal(ovp_problem_list_addf(&pl, "r.csv", 4, "", "", 0, "%s", big), 0);
	assert_int_equal(strlen(pl.items[1].message), 511);
	ovp_problem_list_free(&pl);
}

/* Many problems keep their order; a clear empties the list for reuse. */
static void
test_many_and_clear(void **state)
{
	ovp_problem_list pl = OVP_PROBLEM_LIST_INIT;
	char msg[32];

	(void)state;
	for (long i = 0; i < 1000; i++) {
		snprintf(msg, sizeof msg, "problem %ld", i);
		assert_int_equal(ovp_problem_list_add(&pl, "f", i + 2, "", "", 0, msg), 0);
	}
	assert_int_equal(pl.n, 1000);
	for (long i = 0; i < 1000; i++) {
		snprintf(msg, sizeof msg, "problem %ld", i);
		assert_int_equal(pl.items[i].line, i + 2);
		assert_string_equal(pl.items[i].message, msg);
	}
	ovp_problem_list_clear(&pl);
	assert_int_equal(pl.n, 0);
	assert_int_equal(ovp_problem_list_add(&pl, "f", 1, "", "", 0, "again"), 0);
	assert_int_equal(pl.n, 1);
	assert_string_equal(pl.items[0].message, "again");
	ovp_problem_list_free(&pl);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_add),
		cmocka_unit_test(test_value_cut),
		cmocka_unit_test(test_formatted),
		cmocka_unit_test(test_many_and_clear),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
