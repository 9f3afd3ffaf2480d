/*
 * Regression tests for what fuzzing found: each test replays, through the
 * public API, an input that once crashed or tripped a sanitizer, and
 * states what the answer must be.  The raw inputs are also kept in the
 * fuzz corpora (tests/fuzz/corpus/), which every build replays.
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

/* ---- the matcher ---- */

static const ovp_item short_first[] = {
	{.id = "QA-1", .title = "QA", .status = "To Do", .line = 2},
	{.id = "PLAT-110", .title = "Webhooks for billing events", .status = "To Do", .line = 3},
	{.id = "PLAT-111", .title = "Webhooks for user events", .status = "To Do", .line = 4},
};

/*
 * A first title too short for a character trigram left the trigram
 * array NULL when the next name was added (memcpy to NULL), and a query
 * word without typo neighbours indexed the still-NULL neighbour pool.
 */
static void
matcher_short_first_title(void **state)
{
	ovp_roadmap rm = {0};
	ovp_matcher *m = NULL;
	ovp_error err = {0};
	const ovp_match *r;

	(void)state;
	rm.path = "roadmap.csv";
	rm.items = short_first;
	rm.nitems = 3;
	assert_int_equal(ovp_matcher_new(&m, &rm, NULL, 0, 0.6, &err), 0);

	r = ovp_matcher_match(m, "QA", 2);
	assert_non_null(r);
	assert_int_equal(r->kind, OVP_MATCH_EXACT);
	assert_string_equal(r->item->id, "QA-1");

	r = ovp_matcher_match(m, "Web:hook", 8);
	assert_non_null(r);
	assert_int_equal(r->kind, OVP_MATCH_AMBIGUOUS);
	assert_null(r->item);
	assert_int_equal(r->ncandidates, 2);
	ovp_matcher_free(m);
}

/*
 * A promise of one 1 MiB word (a cut cell of letters) made the search for
 * vocabulary words joined into one take hours: it hashed every prefix and
 * suffix of the word.  It must come back at once, matching nothing.
 */
static void
matcher_huge_word(void **state)
{
	static const ovp_item items[] = {
		{.id = "A-1", .title = "aa aaa aaaa", .status = "To Do", .line = 2},
		{.id = "A-2", .title = "Audit log export", .status = "To Do", .line = 3},
	};
	size_t n = (size_t)1 << 20;
	char *word = malloc(n);
	ovp_roadmap rm = {0};
	ovp_matcher *m = NULL;
	ovp_error err = {0};
	const ovp_match *r;

	(void)state;
	assert_non_null(word);
	memset(word, 'a', n);
	rm.path = "roadmap.csv";
	rm.items = items;
	rm.nitems = 2;
	assert_int_equal(ovp_matcher_new(&m, &rm, NULL, 0, 0.8, &err), 0);
	r = ovp_matcher_match(m, word, n);
	assert_non_null(r);
	assert_int_equal(r->kind, OVP_MATCH_NONE);
	ovp_matcher_free(m);
	free(word);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(matcher_short_first_title),
		cmocka_unit_test(matcher_huge_word),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
