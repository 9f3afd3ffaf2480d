/*
 * Growing an array (src/util/grow.c): doubling from 16, the contents
 * kept, and sizes that would overflow refused with the array unchanged.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "src/util/grow.h"

static void
test_doubling(void **state)
{
	long *a = NULL;
	size_t cap = 0;

	(void)state;
	assert_true(ovp_grow(&a, &cap, 0, sizeof *a));
	assert_null(a);
	assert_int_equal(cap, 0);
	assert_true(ovp_grow(&a, &cap, 1, sizeof *a));
	assert_int_equal(cap, 16);
	for (long i = 0; i < 16; i++)
		a[i] = i * 3;
	assert_true(ovp_grow(&a, &cap, 16, sizeof *a));
	assert_int_equal(cap, 16);
	assert_true(ovp_grow(&a, &cap, 17, sizeof *a));
	assert_int_equal(cap, 32);
	assert_true(ovp_grow(&a, &cap, 1000, sizeof *a));
	assert_int_equal(cap, 1024);
	for (long i = 0; i < 16; i++)
		assert_int_equal(a[i], i * 3);
	free(a);
}

static void
test_overflow(void **state)
{
	char *a = NULL;
	size_t cap = 0;
	double *d = NULL;
	size_t dcap = 0;

	(void)state;
	assert_true(ovp_grow(&a, &cap, 100, 1));
	assert_int_equal(cap, 128);
	memset(a, 'x', 100);
	assert_false(ovp_grow(&a, &cap, SIZE_MAX, 1));
	assert_int_equal(cap, 128);
	assert_int_equal(a[99], 'x');
	assert_false(ovp_grow(&d, &dcap, SIZE_MAX / 4, sizeof *d));
	assert_null(d);
	assert_int_equal(dcap, 0);
	free(a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_doubling),
		cmocka_unit_test(test_overflow),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
