/*
 * The set of interned strings: one copy per text, values kept across
 * lookups and growth, texts with NUL bytes inside, and the limits past
 * which the caller is told to copy the text itself.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "src/util/intern.h"

static void
test_one_copy_per_text(void **state)
{
	ovp_arena a = OVP_ARENA_INIT;
	ovp_intern t = OVP_INTERN_INIT;
	ovp_intern_entry *e;
	const char *first;

	(void)state;
	e = ovp_intern_get(&t, &a, "In Progress!", 11);
	assert_non_null(e);
	assert_string_equal(e->s, "In Progress");
	assert_int_equal(e->len, 11);
	assert_int_equal(e->value, 0);
	first = e->s;
	e->value = 7;
	e = ovp_intern_get(&t, &a, "In Progress", 11);
	assert_non_null(e);
	assert_ptr_equal(e->s, first);
	assert_int_equal(e->value, 7);
	/* A prefix is another text. */
	e = ovp_intern_get(&t, &a, "In Progress", 2);
	assert_non_null(e);
	assert_string_equal(e->s, "In");
	assert_int_equal(e->value, 0);
	/* The empty text is a text like any other. */
	e = ovp_intern_get(&t, &a, "", 0);
	assert_non_null(e);
	assert_string_equal(e->s, "");
	assert_int_equal(t.n, 3);
	ovp_intern_free(&t);
	ovp_arena_free(&a);
}

static void
test_nul_inside(void **state)
{
	ovp_arena a = OVP_ARENA_INIT;
	ovp_intern t = OVP_INTERN_INIT;
	ovp_intern_entry *e;

	(void)state;
	e = ovp_intern_get(&t, &a, "Done\0Fixed", 10);
	assert_non_null(e);
	e->value = 1;
	e = ovp_intern_get(&t, &a, "Done\0Won't", 10);
	assert_non_null(e);
	assert_int_equal(e->value, 0);
	e->value = 2;
	e = ovp_intern_get(&t, &a, "Done\0Fixed", 10);
	assert_non_null(e);
	assert_int_equal(e->value, 1);
	assert_memory_equal(e->s, "Done\0Fixed", 11);
	assert_int_equal(t.n, 2);
	ovp_intern_free(&t);
	ovp_arena_free(&a);
}

/* Values and copies survive the table and the array growing; at the
 * limit the set refuses new texts but still finds the old ones. */
static void
test_growth_and_limit(void **state)
{
	ovp_arena a = OVP_ARENA_INIT;
	ovp_intern t = OVP_INTERN_INIT;
	static const char *copies[OVP_INTERN_MAX];
	char text[32];
	ovp_intern_entry *e;

	(void)state;
	for (int i = 0; i < OVP_INTERN_MAX; i++) {
		int n = snprintf(text, sizeof text, "label %d", i);

		e = ovp_intern_get(&t, &a, text, (size_t)n);
		assert_non_null(e);
		assert_int_equal(e->value, 0);
		e->value = (uint32_t)i + 1;
		copies[i] = e->s;
		if (i == 31)
			assert_int_equal(t.mask + 1, 64);
		if (i == 32)
			assert_int_equal(t.mask + 1, 128);
	}
	assert_int_equal(t.n, OVP_INTERN_MAX);
	assert_int_equal(t.mask + 1, 2 * OVP_INTERN_MAX);
	assert_int_equal(t.cap, OVP_INTERN_MAX);
	for (int i = 0; i < OVP_INTERN_MAX; i++) {
		int n = snprintf(text, sizeof text, "label %d", i);

		e = ovp_intern_get(&t, &a, text, (size_t)n);
		assert_non_null(e);
		assert_int_equal(e->value, (uint32_t)i + 1);
		assert_ptr_equal(e->s, copies[i]);
		assert_string_equal(e->s, text);
	}
	assert_null(ovp_intern_get(&t, &a, "one too many", 12));
	assert_int_equal(t.n, OVP_INTERN_MAX);
	ovp_intern_free(&t);
	assert_null(t.slot);
	assert_int_equal(t.n, 0);
	ovp_arena_free(&a);
}

static void
test_long_text_refused(void **state)
{
	ovp_arena a = OVP_ARENA_INIT;
	ovp_intern t = OVP_INTERN_INIT;
	char text[OVP_INTERN_MAX_LEN + 1];

	(void)state;
	memset(text, 'x', sizeof text);
	assert_null(ovp_intern_get(&t, &a, text, OVP_INTERN_MAX_LEN + 1));
	assert_int_equal(t.n, 0);
	assert_non_null(ovp_intern_get(&t, &a, text, OVP_INTERN_MAX_LEN));
	assert_int_equal(t.n, 1);
	ovp_intern_free(&t);
	ovp_arena_free(&a);
}

/*
 * A lookup by a hash taken first finds what ovp_intern_find() finds, and
 * loading a slot ahead changes nothing, on an empty set too.
 */
static void
test_find_hashed(void **state)
{
	ovp_arena a = OVP_ARENA_INIT;
	ovp_intern t = OVP_INTERN_INIT;
	char buf[16];
	uint32_t h;

	(void)state;
	h = ovp_intern_hash("roadmap", 7);
	assert_int_equal(h, ovp_intern_hash("roadmaps", 7));
	ovp_intern_prefetch(&t, h);
	assert_null(ovp_intern_find_hashed(&t, "roadmap", 7, h));
	for (int i = 0; i < 300; i++) {
		int n = snprintf(buf, sizeof buf, "word%d", i);
		ovp_intern_entry *e = ovp_intern_get(&t, &a, buf, (size_t)n);

		assert_non_null(e);
		e->value = (uint32_t)i + 1;
		assert_int_equal(e->hash, ovp_intern_hash(buf, (size_t)n));
	}
	for (int i = 0; i < 320; i++) {
		int n = snprintf(buf, sizeof buf, "word%d", i);
		ovp_intern_entry *e;

		h = ovp_intern_hash(buf, (size_t)n);
		ovp_intern_prefetch(&t, h);
		e = ovp_intern_find_hashed(&t, buf, (size_t)n, h);
		assert_ptr_equal(e, ovp_intern_find(&t, buf, (size_t)n));
		if (i < 300)
			assert_int_equal(e->value, i + 1);
		else
			assert_null(e);
	}
	/* The same hash under another length is another text. */
	assert_null(ovp_intern_find_hashed(&t, "word1", 4, ovp_intern_hash("word1", 5)));
	assert_int_equal(t.n, 300);
	ovp_intern_free(&t);
	ovp_arena_free(&a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_one_copy_per_text),
		cmocka_unit_test(test_nul_inside),
		cmocka_unit_test(test_growth_and_limit),
		cmocka_unit_test(test_long_text_refused),
		cmocka_unit_test(test_find_hashed),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
