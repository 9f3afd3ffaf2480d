/*
 * Posting lists put in order: lists already in order, two ascending
 * runs merged (the titles' items, then the aliases'), repeats dropped
 * across the runs, anything else sorted, and empty lists, with the
 * offsets rewritten as the lists move up.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <cmocka.h>

#include "src/lists.h"

static void
test_orders_lists(void **state)
{
	/* Keys: in order; two runs; two runs with a repeat across them and
	 * one inside; empty; three runs; one item. */
	uint32_t val[] = {
		1, 4, 9,
		3, 5, 8, 0, 4, 6,
		2, 2, 7, 1, 2, 9,
		6, 1, 5, 0,
		7,
	};
	uint32_t off[] = {0, 3, 9, 15, 15, 19, 20};
	const uint32_t want_val[] = {
		1, 4, 9,
		0, 3, 4, 5, 6, 8,
		1, 2, 7, 9,
		0, 1, 5, 6,
		7,
	};
	const uint32_t want_off[] = {0, 3, 9, 13, 13, 17, 18};

	(void)state;
	assert_true(ovp_lists_order(off, val, 6));
	assert_memory_equal(off, want_off, sizeof want_off);
	assert_memory_equal(val, want_val, sizeof want_val);
}

/* A second run that goes first entirely, and one long list. */
static void
test_merges_long_runs(void **state)
{
	enum { N = 5000, M = 300 };
	uint32_t *val = malloc((N + M) * sizeof *val);
	uint32_t off[] = {0, N + M};

	(void)state;
	assert_non_null(val);
	for (uint32_t i = 0; i < N; i++)
		val[i] = 2 * i + M * 2;
	for (uint32_t i = 0; i < M; i++)
		val[N + i] = 2 * i + 1;
	assert_true(ovp_lists_order(off, val, 1));
	assert_int_equal(off[0], 0);
	assert_int_equal(off[1], N + M);
	for (uint32_t i = 0; i < M; i++)
		assert_int_equal(val[i], 2 * i + 1);
	for (uint32_t i = 0; i < N; i++)
		assert_int_equal(val[M + i], 2 * i + M * 2);
	free(val);
}

static void
test_no_lists(void **state)
{
	uint32_t off[] = {0};
	uint32_t val[] = {0};

	(void)state;
	assert_true(ovp_lists_order(off, val, 0));
	assert_int_equal(off[0], 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_orders_lists),
		cmocka_unit_test(test_merges_long_runs),
		cmocka_unit_test(test_no_lists),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
