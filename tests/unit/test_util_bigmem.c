/*
 * Large tables (src/util/bigmem.c): small and large sizes come zeroed
 * (or not, asked so), hold what is written to every byte, and a large
 * one starts at a huge page where the system maps memory for it.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "src/util/bigmem.h"

/* Check that the n bytes at p are zero, then fill them with a pattern and read it back. */
static void
check_block(unsigned char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i] != 0)
			fail_msg("byte %zu of %zu is %u, not zero", i, n, p[i]);
	for (size_t i = 0; i < n; i++)
		p[i] = (unsigned char)(i * 7 + 1);
	for (size_t i = 0; i < n; i++)
		if (p[i] != (unsigned char)(i * 7 + 1))
			fail_msg("byte %zu of %zu lost what was written", i, n);
}

static void
test_sizes(void **state)
{
	/* Below a huge page, at one, just past it, and several. */
	static const size_t sizes[] = {
		1, 16, 4096, 65536, ((size_t)2 << 20) - 1, (size_t)2 << 20, ((size_t)2 << 20) + 1,
		(size_t)5 << 20,
	};

	(void)state;
	for (size_t k = 0; k < sizeof sizes / sizeof *sizes; k++) {
		unsigned char *p = ovp_big_calloc(sizes[k]);

		assert_non_null(p);
		check_block(p, sizes[k]);
#if defined(__linux__)
		if (sizes[k] >= ((size_t)2 << 20))
			assert_int_equal((uintptr_t)p % ((uintptr_t)2 << 20), 0);
#endif
		ovp_big_free(p, sizes[k]);
		/* Not cleared below a huge page, but as large and as writable. */
		p = ovp_big_malloc(sizes[k]);
		assert_non_null(p);
		memset(p, 0xA5, sizes[k]);
		assert_int_equal(p[sizes[k] - 1], 0xA5);
		ovp_big_free(p, sizes[k]);
	}
	ovp_big_free(NULL, 0);
	ovp_big_free(NULL, (size_t)4 << 20);
}

/* Sizes no memory holds are refused, not wrapped round. */
static void
test_too_large(void **state)
{
	(void)state;
	assert_null(ovp_big_calloc(SIZE_MAX));
	assert_null(ovp_big_calloc(SIZE_MAX - ((size_t)1 << 20)));
	assert_null(ovp_big_malloc(SIZE_MAX));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sizes),
		cmocka_unit_test(test_too_large),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
