/*
 * The string arena: copies stay intact as blocks fill up and new ones are
 * chained, strings (packed without alignment) and aligned allocations
 * mix, and a reset arena is reused.
 */
#include <setjmp.h>
#include <stdalign.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "src/util/arena.h"

enum { N = 5000 };

static const char letters[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMN";

static void
test_strings_and_blocks(void **state)
{
	ovp_arena a = OVP_ARENA_INIT;
	static char *copies[N];
	char text[64];

	(void)state;
	for (int round = 0; round < 2; round++) {
		for (int i = 0; i < N; i++) {
			int n = snprintf(text, sizeof text, "%d:%.*s", i, i % 40, letters);

			copies[i] = ovp_arena_strndup(&a, text, (size_t)n);
			assert_non_null(copies[i]);
			/* Aligned allocations in between stay aligned. */
			if (i % 7 == 0) {
				void *p = ovp_arena_alloc(&a, 3);

				assert_non_null(p);
				assert_int_equal((uintptr_t)p % alignof(max_align_t), 0);
			}
		}
		for (int i = 0; i < N; i++) {
			int n = snprintf(text, sizeof text, "%d:%.*s", i, i % 40, letters);

			assert_int_equal(strlen(copies[i]), (size_t)n);
			assert_string_equal(copies[i], text);
		}
		ovp_arena_reset(&a);
	}
	/* Empty strings, and only len bytes copied. */
	assert_string_equal(ovp_arena_strndup(&a, "", 0), "");
	assert_string_equal(ovp_arena_strndup(&a, "abc", 2), "ab");
	ovp_arena_free(&a);
	assert_string_equal(ovp_arena_strndup(&a, "x", 1), "x");
	ovp_arena_free(&a);
}

/* A string larger than any block so far gets a block of its own. */
/*
 * Strings shorter than 16 bytes are copied a word or two at a time: every
 * length from 0 to 40, each from a source of exactly its bytes (nothing
 * read past them), packed one after the other and all intact at the end.
 */
static void
test_short_copies(void **state)
{
	ovp_arena a = OVP_ARENA_INIT;
	char *copies[41];

	(void)state;
	for (size_t len = 0; len <= 40; len++) {
		char *src = malloc(len > 0 ? len : 1);

		assert_non_null(src);
		memcpy(src, letters, len);
		copies[len] = ovp_arena_strndup(&a, src, len);
		assert_non_null(copies[len]);
		if (len > 0)
			assert_ptr_equal(copies[len], copies[len - 1] + len);
		free(src);
	}
	for (size_t len = 0; len <= 40; len++) {
		assert_int_equal(strlen(copies[len]), len);
		assert_memory_equal(copies[len], letters, len);
	}
	ovp_arena_free(&a);
}

static void
test_large_string(void **state)
{
	ovp_arena a = OVP_ARENA_INIT;
	size_t big = 100000;
	char *text = malloc(big);
	char *copy, *small;

	(void)state;
	assert_non_null(text);
	memset(text, 'q', big);
	small = ovp_arena_strndup(&a, "before", 6);
	copy = ovp_arena_strndup(&a, text, big);
	assert_non_null(copy);
	assert_int_equal(strlen(copy), big);
	assert_memory_equal(copy, text, big);
	assert_string_equal(small, "before");
	assert_string_equal(ovp_arena_strndup(&a, "after", 5), "after");
	free(text);
	ovp_arena_free(&a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_strings_and_blocks),
		cmocka_unit_test(test_large_string),
		cmocka_unit_test(test_short_copies),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
