/*
 * Aliases to confirm: the phrases a deals export leaves unsettled, once
 * per normalised text with their count, first line and target; lost
 * deals skipped; phrases that cannot be written as an alias marked.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "scratch.h"

#include <overpromise/overpromise.h>

/* Write text to a new scratch file named in path. */
static void
write_file(char path[64], const char *text)
{
	int fd;

	strcpy(path, "/tmp/ovp-aliases-XXXXXX");
	fd = scratch_mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
}

/* The suggestions for a deals export on a roadmap (NULL: the example roadmap). */
static void
suggest(const char *roadmap, const char *deals, ovp_alias_suggestions *out, ovp_roadmap **rm,
        ovp_planner **pl)
{
	ovp_deals_reader *r = NULL;
	ovp_error err = {0};
	ovp_day as_of = ovp_day_from_ymd(2026, 11, 26);
	char dpath[64], rpath[64] = "../examples/roadmap.csv";

	write_file(dpath, deals);
	if (roadmap != NULL)
		write_file(rpath, roadmap);
	assert_int_equal(ovp_roadmap_load(rm, rpath, NULL, as_of, &err), 0);
	assert_int_equal(ovp_planner_new(pl, *rm, NULL, as_of, &err), 0);
	assert_int_equal(ovp_deals_open(&r, dpath, NULL, &err), 0);
	assert_int_equal(ovp_alias_suggest(*pl, r, out, &err), 0);
	ovp_deals_close(r);
}

static void
test_suggestions(void **state)
{
	ovp_alias_suggestions s;
	ovp_roadmap *rm = NULL;
	ovp_planner *pl = NULL;

	(void)state;
	suggest(NULL,
	        "Opportunity Name,Stage,Promised Features\n"
	        "Acme,Proposal,Webhooks; SSO\n"
	        "Globex,Proposal,\"digests\"\n"
	        "Initech,Closed Lost,the Webhook events\n"
	        "Umbrella,Negotiation,WEBHOOKS; Digests\n"
	        "Hooli,Proposal,the Webhook events\n",
	        &s, &rm, &pl);
	assert_int_equal(s.n, 3);
	assert_string_equal(s.v[0].phrase, "Webhooks");
	assert_int_equal(s.v[0].match.kind, OVP_MATCH_AMBIGUOUS);
	assert_string_equal(s.v[0].target, "PLAT-108");
	assert_true(s.v[0].writable);
	assert_int_equal(s.v[0].line, 2);
	assert_int_equal(s.v[0].count, 2);
	assert_string_equal(s.v[1].phrase, "digests");
	assert_int_equal(s.v[1].match.kind, OVP_MATCH_UNCONFIRMED);
	assert_string_equal(s.v[1].target, "PLAT-090");
	assert_int_equal(s.v[1].line, 3);
	assert_int_equal(s.v[1].count, 2);
	/* The lost deal's promise is not counted. */
	assert_string_equal(s.v[2].phrase, "the Webhook events");
	assert_int_equal(s.v[2].line, 6);
	assert_int_equal(s.v[2].count, 1);
	ovp_alias_suggestions_free(&s);
	assert_null(s.v);
	assert_int_equal(s.n, 0);
	ovp_planner_free(pl);
	ovp_roadmap_free(rm);
}

/* A target that an INI line cannot hold (a title with "=", no key) is marked. */
static void
test_unwritable(void **state)
{
	ovp_alias_suggestions s;
	ovp_roadmap *rm = NULL;
	ovp_planner *pl = NULL;

	(void)state;
	suggest("Summary,Status,Target end\n"
	        "Webhooks = billing events,Planned,2027-03-31\n"
	        "Webhooks for user events,Planned,2027-03-31\n",
	        "Opportunity Name,Promised Features\nAcme,Webhook events\n", &s, &rm, &pl);
	assert_int_equal(s.n, 1);
	assert_int_equal(s.v[0].match.kind, OVP_MATCH_AMBIGUOUS);
	assert_string_equal(s.v[0].target, "Webhooks = billing events");
	assert_false(s.v[0].writable);
	ovp_alias_suggestions_free(&s);
	ovp_planner_free(pl);
	ovp_roadmap_free(rm);
}

/* The i-th of many phrases that differ: "the the a a a Webhook events". */
static size_t
phrase(int i, char *buf, size_t cap)
{
	size_t off = 0;

	for (int k = 0; k <= i / 20; k++)
		off += (size_t)snprintf(buf + off, cap - off, "the ");
	for (int k = 0; k < i % 20; k++)
		off += (size_t)snprintf(buf + off, cap - off, "a ");
	return off + (size_t)snprintf(buf + off, cap - off, "Webhook events");
}

/* Many different phrases, each twice: each kept once, in order, however many there are. */
static void
test_many_phrases(void **state)
{
	ovp_alias_suggestions s;
	ovp_roadmap *rm = NULL;
	ovp_planner *pl = NULL;
	size_t cap = 1 << 20, off = 0, want = 0;
	char *text = malloc(cap), buf[256];

	(void)state;
	assert_non_null(text);
	off += (size_t)snprintf(text + off, cap - off, "Opportunity Name,Promised Features\n");
	for (int i = 0; i < 600; i++) {
		phrase(i % 300, buf, sizeof buf);
		off += (size_t)snprintf(text + off, cap - off, "D%d,%s\n", i, buf);
	}
	suggest(NULL, text, &s, &rm, &pl);
	free(text);
	/* The phrases the matcher leaves unsettled, each at its first row. */
	for (int i = 0; i < 300; i++) {
		size_t len = phrase(i, buf, sizeof buf);
		const ovp_match *m = ovp_planner_match(pl, buf, len, NULL);

		assert_non_null(m);
		if (m->kind != OVP_MATCH_AMBIGUOUS && m->kind != OVP_MATCH_UNCONFIRMED)
			continue;
		assert_true(want < s.n);
		assert_string_equal(s.v[want].phrase, buf);
		assert_int_equal(s.v[want].match.kind, m->kind);
		assert_int_equal(s.v[want].match.ncandidates, m->ncandidates);
		for (size_t k = 0; k < m->ncandidates; k++) {
			assert_ptr_equal(s.v[want].match.candidates[k].item, m->candidates[k].item);
			assert_true(s.v[want].match.candidates[k].score == m->candidates[k].score);
		}
		assert_null(s.v[want].match.feature_norm);
		assert_int_equal(s.v[want].count, 2);
		assert_int_equal(s.v[want].line, (long)i + 2);
		want++;
	}
	assert_int_equal(s.n, want);
	assert_true(want > 250);
	ovp_alias_suggestions_free(&s);
	ovp_planner_free(pl);
	ovp_roadmap_free(rm);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_suggestions, scratch_teardown),
		cmocka_unit_test_teardown(test_unwritable, scratch_teardown),
		cmocka_unit_test_teardown(test_many_phrases, scratch_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
