/*
 * Tests for the matcher: keys, exact titles and aliases, the approximate
 * score, ambiguity, the result cache, the bounded candidate search on a
 * large synthetic roadmap, and a labelled set of realistic promises
 * (tests/data/match) whose precision and recall must stay high.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <math.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <overpromise/match.h>

#include "src/match/fork.h"
#include "src/match/match_impl.h"
#include "src/text.h"
#include "src/util/str.h"

/* ---- Helpers ---------------------------------------------------------- */

/* An item with just an id, a title and aliases. */
static ovp_item
item(const char *id, const char *title, const char *const *aliases, size_t naliases)
{
	ovp_item it;

	memset(&it, 0, sizeof it);
	it.id = id;
	it.title = title;
	it.status = "Planned";
	it.planned_text = "";
	it.confidence = -1;
	it.confidence_text = "";
	it.maturity = "";
	it.aliases = aliases;
	it.naliases = naliases;
	it.effort = -1;
	return it;
}

static ovp_roadmap
roadmap(const ovp_item *items, size_t n)
{
	ovp_roadmap rm;

	memset(&rm, 0, sizeof rm);
	rm.path = "roadmap.csv";
	rm.items = items;
	rm.nitems = n;
	return rm;
}

/* A copy of result r into *out, its normalised feature into norm (cap bytes). */
static void
copy_result(ovp_match *out, const ovp_match *r, char *norm, size_t cap)
{
	assert_non_null(r);
	assert_non_null(r->feature_norm);
	assert_true(strlen(r->feature_norm) < cap);
	*out = *r;
	strcpy(norm, r->feature_norm);
	out->feature_norm = norm;
}

/*
 * The result of text, copied: the matcher's own lasts only until its
 * next call, and a test may hold a few at once (the last eight).
 */
static const ovp_match *
match(ovp_matcher *m, const char *text)
{
	static ovp_match kept[8];
	static char norms[8][512];
	static size_t next;

	next = (next + 1) % 8;
	copy_result(&kept[next], ovp_matcher_match(m, text, strlen(text), NULL), norms[next],
	            sizeof norms[next]);
	return &kept[next];
}

/* Whether two results say the same (their normalised features too). */
static bool
same_result(const ovp_match *a, const ovp_match *b)
{
	if (a->kind != b->kind || a->item != b->item || a->similarity != b->similarity ||
	    a->ncandidates != b->ncandidates || a->scored != b->scored)
		return false;
	for (size_t i = 0; i < a->ncandidates; i++)
		if (a->candidates[i].item != b->candidates[i].item ||
		    a->candidates[i].score != b->candidates[i].score)
			return false;
	return a->feature_norm != NULL && b->feature_norm != NULL &&
	       strcmp(a->feature_norm, b->feature_norm) == 0;
}

/* Assert that text matches item index want of items with kind k. */
static void
expect(ovp_matcher *m, const ovp_item *items, const char *text, ovp_match_kind k, int want)
{
	const ovp_match *r = match(m, text);

	if (r->kind != k)
		fail_msg("\"%s\": kind %s, expected %s", text, ovp_match_kind_name(r->kind),
		         ovp_match_kind_name(k));
	if (want < 0) {
		assert_null(r->item);
	} else {
		if (r->item != &items[want])
			fail_msg("\"%s\": item %s, expected %s", text, r->item ? r->item->id : "(none)",
			         items[want].id);
	}
}

/* Whether item is among the candidates of r. */
static int
has_candidate(const ovp_match *r, const ovp_item *it)
{
	for (size_t i = 0; i < r->ncandidates; i++)
		if (r->candidates[i].item == it)
			return 1;
	return 0;
}

/* ---- Kinds, keys, exact, aliases -------------------------------------- */

static void
test_kind_names(void **state)
{
	(void)state;
	assert_string_equal(ovp_match_kind_name(OVP_MATCH_NONE), "none");
	assert_string_equal(ovp_match_kind_name(OVP_MATCH_KEY), "key");
	assert_string_equal(ovp_match_kind_name(OVP_MATCH_EXACT), "exact");
	assert_string_equal(ovp_match_kind_name(OVP_MATCH_ALIAS), "alias");
	assert_string_equal(ovp_match_kind_name(OVP_MATCH_FUZZY), "approximate");
	assert_string_equal(ovp_match_kind_name(OVP_MATCH_AMBIGUOUS), "ambiguous");
}

static void
test_key_boundaries(void **state)
{
	ovp_item items[] = {
		item("M-1", "Sandbox environments", NULL, 0),
		item("M-10", "Status page", NULL, 0),
		item("PRJ-123", "Single sign-on", NULL, 0),
		item("PRJ-124", "Audit log export", NULL, 0),
		item("ENG_7", "Dark mode", NULL, 0),
	};
	ovp_roadmap rm = roadmap(items, 5);
	ovp_matcher *m;
	const ovp_match *r;

	(void)state;
	assert_int_equal(ovp_matcher_new(&m, &rm, NULL, 0, 0.8, 0.6, NULL), 0);
	expect(m, items, "M-1", OVP_MATCH_KEY, 0);
	expect(m, items, "m-1", OVP_MATCH_KEY, 0);
	expect(m, items, "M-10", OVP_MATCH_KEY, 1);
	expect(m, items, "  M-10 ", OVP_MATCH_KEY, 1);
	expect(m, items, "PRJ-123", OVP_MATCH_KEY, 2);
	expect(m, items, "see prj-123 for details", OVP_MATCH_KEY, 2);
	expect(m, items, "(PRJ-123)", OVP_MATCH_KEY, 2);
	expect(m, items, "needs PRJ-123.", OVP_MATCH_KEY, 2);
	expect(m, items, "PRJ-123: SSO", OVP_MATCH_KEY, 2);
	expect(m, items, "deliver M-1, then M-1 again", OVP_MATCH_KEY, 0);
	expect(m, items, "eng_7", OVP_MATCH_KEY, 4);
	/* The longest id, in a text longer than it only by white space. */
	expect(m, items, " \tPRJ-124 \r\n", OVP_MATCH_KEY, 3);
	expect(m, items, "PRJ-124 export", OVP_MATCH_KEY, 3);
	/* Not whole tokens. */
	expect(m, items, "XM-1", OVP_MATCH_NONE, -1);
	expect(m, items, "M-100", OVP_MATCH_NONE, -1);
	expect(m, items, "M-1.5 rollout", OVP_MATCH_NONE, -1);
	expect(m, items, "M-1-beta", OVP_MATCH_NONE, -1);
	expect(m, items, "PRJ-1234", OVP_MATCH_NONE, -1);
	expect(m, items, "APRJ-123", OVP_MATCH_NONE, -1);
	expect(m, items, "PRJ_123", OVP_MATCH_NONE, -1);
	expect(m, items, "ENG_77", OVP_MATCH_NONE, -1);
	/* The text after a key does not matter; a title is not needed. */
	r = match(m, "M-10 (status page for the EU)");
	assert_int_equal(r->kind, OVP_MATCH_KEY);
	assert_ptr_equal(r->item, &items[1]);
	assert_true(r->similarity == 1.0);
	assert_int_equal(r->ncandidates, 1);
	assert_int_equal(r->scored, 0);
	/* Several keys: ambiguous between them. */
	r = match(m, "PRJ-123 and PRJ-124");
	assert_int_equal(r->kind, OVP_MATCH_AMBIGUOUS);
	assert_null(r->item);
	assert_int_equal(r->ncandidates, 2);
	assert_ptr_equal(r->candidates[0].item, &items[2]);
	assert_ptr_equal(r->candidates[1].item, &items[3]);
	r = match(m, "M-1/M-10");
	assert_int_equal(r->kind, OVP_MATCH_AMBIGUOUS);
	assert_int_equal(r->ncandidates, 2);
	/* A fork finds the same keys. */
	{
		ovp_matcher *f;

		assert_int_equal(ovp_matcher_fork(&f, m, 16, NULL), 0);
		expect(f, items, " \tPRJ-124 \r\n", OVP_MATCH_KEY, 3);
		expect(f, items, "see prj-123 for details", OVP_MATCH_KEY, 2);
		expect(f, items, "PRJ-1234", OVP_MATCH_NONE, -1);
		ovp_matcher_free(f);
	}
	ovp_matcher_free(m);
}

static void
test_numeric_ids(void **state)
{
	ovp_item items[] = {
		item("2101", "Bulk import of work items", NULL, 0),
		item("21", "Audit trail", NULL, 0),
		item("SSO", "Single sign-on with Azure AD", NULL, 0),
	};
	ovp_roadmap rm = roadmap(items, 3);
	ovp_matcher *m;

	(void)state;
	rm.numeric_ids = true;
	assert_int_equal(ovp_matcher_new(&m, &rm, NULL, 0, 0.8, 0.6, NULL), 0);
	expect(m, items, "2101", OVP_MATCH_KEY, 0);
	expect(m, items, " 2101\t", OVP_MATCH_KEY, 0);
	expect(m, items, "#2101", OVP_MATCH_KEY, 0);
	expect(m, items, "see #2101 for scope", OVP_MATCH_KEY, 0);
	expect(m, items, "AB#2101", OVP_MATCH_KEY, 0);
	expect(m, items, "21", OVP_MATCH_KEY, 1);
	expect(m, items, "#21", OVP_MATCH_KEY, 1);
	/* A bare number inside a text is a quantity or a year, not an id. */
	expect(m, items, "Ready by 2101", OVP_MATCH_NONE, -1);
	expect(m, items, "Support 21 users", OVP_MATCH_NONE, -1);
	expect(m, items, "#21012", OVP_MATCH_NONE, -1);
	expect(m, items, "2101 2102", OVP_MATCH_NONE, -1);
	/* An id without digits only as the whole text. */
	expect(m, items, "sso", OVP_MATCH_KEY, 2);
	expect(m, items, "SSO for admins", OVP_MATCH_NONE, -1);
	ovp_matcher_free(m);
}

static void
test_duplicate_ids(void **state)
{
	ovp_item items[] = {
		item("PRJ-1", "Dark mode", NULL, 0),
		item("PRJ-1", "Light mode", NULL, 0),
	};
	ovp_roadmap rm = roadmap(items, 2);
	ovp_matcher *m;
	const ovp_match *r;

	(void)state;
	assert_int_equal(ovp_matcher_new(&m, &rm, NULL, 0, 0.8, 0.6, NULL), 0);
	r = match(m, "PRJ-1");
	assert_int_equal(r->kind, OVP_MATCH_AMBIGUOUS);
	assert_int_equal(r->ncandidates, 2);
	r = match(m, "see PRJ-1");
	assert_int_equal(r->kind, OVP_MATCH_AMBIGUOUS);
	assert_int_equal(r->ncandidates, 2);
	ovp_matcher_free(m);
}

static void
test_exact_and_aliases(void **state)
{
	static const char *const sso_aliases[] = {"SAML SSO", "  "};
	ovp_item items[] = {
		item("PLAT-101", "Single sign-on (SAML)", sso_aliases, 2),
		item("PLAT-103", "Audit log export", NULL, 0),
		item("", "Größere Dateianhänge", NULL, 0),
		item("MOB-1", "Mobile app (iOS)", NULL, 0),
	};
	ovp_alias aliases[] = {
		{"SSO", "plat-101", NULL, 0},
		{"Audit trail", "AUDIT-LOG EXPORT", NULL, 0},
		{"Bigger attachments", "grossere dateianhange", NULL, 0},
		{"iPhone app", " MOB-1 ", NULL, 0},
	};
	ovp_roadmap rm = roadmap(items, 4);
	ovp_matcher *m;
	const ovp_match *r;

	(void)state;
	assert_int_equal(ovp_matcher_new(&m, &rm, aliases, 4, 0.8, 0.6, NULL), 0);
	expect(m, items, "Single sign-on (SAML)", OVP_MATCH_EXACT, 0);
	expect(m, items, "SINGLE SIGN ON - SAML", OVP_MATCH_EXACT, 0);
	expect(m, items, "saml-sso", OVP_MATCH_ALIAS, 0);
	expect(m, items, "SSO", OVP_MATCH_ALIAS, 0);
	expect(m, items, "audit trail", OVP_MATCH_ALIAS, 1);
	expect(m, items, "GROESSERE DATEIANHAENGE", OVP_MATCH_FUZZY, 2);
	expect(m, items, "Grössere Dateianhänge", OVP_MATCH_EXACT, 2);
	expect(m, items, "bigger attachments", OVP_MATCH_ALIAS, 2);
	expect(m, items, "iPhone app", OVP_MATCH_ALIAS, 3);
	r = match(m, "SSO");
	assert_true(r->similarity == 1.0);
	assert_int_equal(r->ncandidates, 1);
	assert_ptr_equal(r->candidates[0].item, &items[0]);
	assert_true(r->candidates[0].score == 1.0);
	assert_int_equal(r->scored, 0);
	/* Empty texts and empty aliases match nothing. */
	expect(m, items, "", OVP_MATCH_NONE, -1);
	expect(m, items, " -- ", OVP_MATCH_NONE, -1);
	ovp_matcher_free(m);
}

static void
test_duplicate_titles(void **state)
{
	static const char *const a1[] = {"Reports"};
	static const char *const a2[] = {"reports"};
	ovp_item items[] = {
		item("A-1", "Dark mode", NULL, 0),
		item("A-2", "Dark Mode", NULL, 0),
		item("A-3", "Scheduled reports", a1, 1),
		item("A-4", "Report builder", a2, 1),
		item("A-5", "Light mode", NULL, 0),
	};
	ovp_alias aliases[] = {{"night mode", "dark mode", NULL, 0}};
	ovp_roadmap rm = roadmap(items, 5);
	ovp_matcher *m;
	const ovp_match *r;

	(void)state;
	assert_int_equal(ovp_matcher_new(&m, &rm, aliases, 1, 0.8, 0.6, NULL), 0);
	r = match(m, "dark-mode");
	assert_int_equal(r->kind, OVP_MATCH_AMBIGUOUS);
	assert_null(r->item);
	assert_true(r->similarity == 1.0);
	assert_int_equal(r->ncandidates, 2);
	assert_ptr_equal(r->candidates[0].item, &items[0]);
	assert_ptr_equal(r->candidates[1].item, &items[1]);
	/* The same alias on two items. */
	r = match(m, "REPORTS");
	assert_int_equal(r->kind, OVP_MATCH_AMBIGUOUS);
	assert_int_equal(r->ncandidates, 2);
	assert_ptr_equal(r->candidates[0].item, &items[2]);
	assert_ptr_equal(r->candidates[1].item, &items[3]);
	/* A configured alias whose target title is on two items names both. */
	r = match(m, "Night mode");
	assert_int_equal(r->kind, OVP_MATCH_AMBIGUOUS);
	assert_int_equal(r->ncandidates, 2);
	/* Approximately equal to both: the runner-up ties. */
	r = match(m, "Dark modes");
	assert_int_equal(r->kind, OVP_MATCH_AMBIGUOUS);
	assert_true(r->similarity == 1.0);
	assert_true(has_candidate(r, &items[0]));
	assert_true(has_candidate(r, &items[1]));
	assert_false(has_candidate(r, &items[4]));
	ovp_matcher_free(m);
}

static void
test_alias_error(void **state)
{
	ovp_item items[] = {
		item("PLAT-101", "Single sign-on", NULL, 0),
	};
	ovp_alias good = {"SSO", "Single Sign-On", NULL, 0};
	ovp_alias bad[] = {{"SSO", "PLAT-101", NULL, 0},
	                   {"audit trail", "Audit log export", NULL, 0}};
	ovp_roadmap rm = roadmap(items, 1);
	ovp_matcher *m = (ovp_matcher *)&rm; /* must be reset to NULL on failure */
	ovp_error err;

	(void)state;
	ovp_error_clear(&err);
	assert_int_equal(ovp_matcher_new(&m, &rm, bad, 2, 0.8, 0.6, &err), OVP_ECONFIG);
	assert_null(m);
	assert_int_equal(err.code, OVP_ECONFIG);
	assert_string_equal(err.message,
	                    "alias \"audit trail\": no roadmap item has the id or title "
	                    "\"Audit log export\"");
	assert_int_equal(ovp_matcher_new(&m, &rm, &good, 1, 0.8, 0.6, &err), 0);
	ovp_matcher_free(m);
	/* An id is not matched loosely: "PLAT 101" is neither id nor title. */
	bad[0].target = "PLAT 101";
	assert_int_equal(ovp_matcher_new(&m, &rm, bad, 1, 0.8, 0.6, &err), OVP_ECONFIG);
	assert_string_equal(err.message,
	                    "alias \"SSO\": no roadmap item has the id or title \"PLAT 101\"");
	/* An alias of a configuration file is named with its file and line. */
	bad[0].file = "team/.overpromise.ini";
	bad[0].line = 14;
	assert_int_equal(ovp_matcher_new(&m, &rm, bad, 1, 0.8, 0.6, &err), OVP_ECONFIG);
	assert_string_equal(err.message, "team/.overpromise.ini:14: alias \"SSO\": no roadmap item "
	                                 "has the id or title \"PLAT 101\"");
	/* A bad threshold is the caller's error. */
	assert_int_equal(ovp_matcher_new(&m, &rm, NULL, 0, 0.0, 0.6, &err), OVP_EUSAGE);
	assert_int_equal(ovp_matcher_new(&m, &rm, NULL, 0, 1.5, 0.6, &err), OVP_EUSAGE);
	assert_int_equal(ovp_matcher_new(&m, &rm, NULL, 0, 0.8, 0.0, &err), OVP_EUSAGE);
	assert_int_equal(ovp_matcher_new(&m, &rm, NULL, 0, 0.8, 1.5, &err), OVP_EUSAGE);
	assert_int_equal(ovp_matcher_new(&m, &rm, NULL, 0, 1.0, 0.6, &err), 0);
	ovp_matcher_free(m);
	/* An unconfirmed threshold above min_similarity is min_similarity: nothing is unconfirmed. */
	assert_int_equal(ovp_matcher_new(&m, &rm, NULL, 0, 0.5, 0.9, &err), 0);
	ovp_matcher_free(m);
	ovp_matcher_free(NULL);
}

/*
 * Equal texts give equal results, whether the result comes from the
 * cache or is made again; texts are told apart by their bytes and length.
 */
static void
test_cache(void **state)
{
	ovp_item items[] = {
		item("A-1", "Custom dashboards", NULL, 0),
		item("A-2", "Audit log export", NULL, 0),
	};
	ovp_roadmap rm = roadmap(items, 2);
	ovp_matcher *m;
	char copy[64], bn[64], dn[64];
	ovp_match a, b, c, d;

	(void)state;
	assert_int_equal(ovp_matcher_new(&m, &rm, NULL, 0, 0.8, 0.6, NULL), 0);
	a = *match(m, "Custom dashbaords");
	strcpy(copy, "Custom dashbaords");
	copy_result(&b, ovp_matcher_match(m, copy, strlen(copy), NULL), bn, sizeof bn);
	assert_true(same_result(&a, &b));
	/* Third time: from the cache, admitted on its second sighting. */
	c = *match(m, "Custom dashbaords");
	assert_true(same_result(&a, &c));
	/* Length, not NUL, ends a text. */
	copy_result(&d, ovp_matcher_match(m, "Custom dashbaords and more", 17, NULL), dn, sizeof dn);
	assert_true(same_result(&a, &d));
	assert_int_equal(a.kind, OVP_MATCH_FUZZY);
	assert_ptr_equal(a.item, &items[0]);
	assert_string_equal(a.feature_norm, "custom dashbaords");
	c = *match(m, "custom dashbaords");
	assert_string_equal(c.feature_norm, "custom dashbaords");
	assert_true(same_result(match(m, "A-2"), match(m, "A-2")));
	assert_true(same_result(match(m, "A-2"), match(m, "A-2")));
	assert_true(same_result(match(m, "nothing at all"), match(m, "nothing at all")));
	assert_true(same_result(match(m, "nothing at all"), match(m, "nothing at all")));
	assert_string_equal(match(m, "A-2")->feature_norm, "a 2");
	ovp_matcher_free(m);
}

/*
 * The cache holds a bounded number of results: past it, results are
 * evicted and made again, equal to what they were; texts that differ
 * only after a NUL byte, only in length, or only near the end of a long
 * text are told apart; with no cache at all the results are the same.
 */
static void
test_cache_bounded(void **state)
{
	ovp_item items[] = {
		item("A-1", "Custom dashboards", NULL, 0),
		item("A-2", "Audit log export", NULL, 0),
		item("A-3", "Custom dashboard templates", NULL, 0),
	};
	ovp_roadmap rm = roadmap(items, 3);
	enum { NTEXTS = 3000 };
	static const char *const odd_text[4] = {"ab\0c", "ab\0d", "ab\0", "ab"};
	static const size_t odd_len[4] = {4, 4, 3, 2};
	ovp_match *first = malloc(NTEXTS * sizeof *first);
	char (*first_norm)[64] = malloc(NTEXTS * sizeof *first_norm);
	ovp_match odd[4];
	char odd_norm[4][400];
	char buf[400];
	ovp_matcher *m, *none;

	(void)state;
	assert_non_null(first);
	assert_non_null(first_norm);
	assert_int_equal(ovp_matcher_new(&m, &rm, NULL, 0, 0.8, 0.6, NULL), 0);
	assert_int_equal(ovp_matcher_new(&none, &rm, NULL, 0, 0.8, 0.6, NULL), 0);
	assert_int_equal(ovp_matcher_set_cache(m, 64), 0);
	assert_int_equal(ovp_matcher_set_cache(none, 0), 0);
	assert_int_equal(ovp_matcher_set_cache(m, (size_t)1 << 25), OVP_EUSAGE);
	assert_int_equal(ovp_matcher_set_cache(m, 64), 0);
	for (int round = 0; round < 3; round++) {
		for (int i = 0; i < NTEXTS; i++) {
			const ovp_match *r;

			snprintf(buf, sizeof buf, i % 3 == 0   ? "Custom dashbords number %d"
			                          : i % 3 == 1 ? "Audit log exprot %d"
			                                       : "templates %d",
			         i % 200);
			r = ovp_matcher_match(m, buf, strlen(buf), NULL);
			assert_non_null(r);
			if (round == 0)
				copy_result(&first[i], r, first_norm[i], sizeof first_norm[i]);
			else
				assert_true(same_result(r, &first[i]));
			r = ovp_matcher_match(none, buf, strlen(buf), NULL);
			assert_non_null(r);
			assert_true(same_result(r, &first[i]));
		}
	}
	assert_int_equal(first[0].kind, OVP_MATCH_NONE);
	for (int i = 0; i < 4; i++) {
		(void)ovp_matcher_match(m, odd_text[i], odd_len[i], NULL);
		copy_result(&odd[i], ovp_matcher_match(m, odd_text[i], odd_len[i], NULL), odd_norm[i],
		            sizeof odd_norm[i]);
	}
	for (int i = 0; i < 4; i++) {
		const ovp_match *r = ovp_matcher_match(m, odd_text[i], odd_len[i], NULL);

		assert_true(same_result(r, &odd[i]));
	}
	/* Two long texts that differ in their last byte. */
	memset(buf, 'x', 300);
	buf[300] = '\0';
	(void)ovp_matcher_match(m, buf, 300, NULL);
	copy_result(&odd[0], ovp_matcher_match(m, buf, 300, NULL), odd_norm[0], sizeof odd_norm[0]);
	buf[299] = 'y';
	(void)ovp_matcher_match(m, buf, 300, NULL);
	copy_result(&odd[1], ovp_matcher_match(m, buf, 300, NULL), odd_norm[1], sizeof odd_norm[1]);
	assert_string_not_equal(odd[0].feature_norm, odd[1].feature_norm);
	assert_true(same_result(ovp_matcher_match(m, buf, 300, NULL), &odd[1]));
	buf[299] = 'x';
	assert_true(same_result(ovp_matcher_match(m, buf, 300, NULL), &odd[0]));
	ovp_matcher_free(m);
	ovp_matcher_free(none);
	free(first);
	free(first_norm);
}

/*
 * What the cache keeps it gives back bit for bit: every number of
 * candidates, a similarity of 0, of -0, of 1, equal to the first
 * candidate's score or to none of them (an ambiguous match scores
 * above its candidates), the normalised feature of an ASCII text (made
 * again) and of a text that is not ASCII (kept), an empty text, and a
 * text with a NUL byte; and a full cache evicts and keeps answering right.
 */
static void
test_cache_entries(void **state)
{
	ovp_item items[6];
	ovp_roadmap rm;
	match_cache c;
	static const double sims[] = {0.0, -0.0, 1.0, 0.75, 0.9018544513639746};
	static const struct {
		const char *text;
		size_t len;
	} texts[] = {
		{"Custom Dashbaords!", 18},
		{"Größere Dateianhänge", 23},
		{"SSO", 3},
		{"", 0},
		{"ab\0c", 4},
	};
	enum { NTEXTS = sizeof texts / sizeof texts[0], NSIMS = sizeof sims / sizeof sims[0] };
	ovp_match want[OVP_MATCH_MAX_CANDIDATES + 1][NSIMS][NTEXTS];
	char text[64], norm_text[64], *norm;

	(void)state;
	for (int i = 0; i < 6; i++)
		items[i] = item("A-1", "Custom dashboards", NULL, 0);
	rm = roadmap(items, 6);
	cache_init(&c);
	assert_int_equal(cache_set_limit(&c, 1024), 0);
	for (size_t nc = 0; nc <= OVP_MATCH_MAX_CANDIDATES; nc++)
		for (size_t s = 0; s < NSIMS; s++)
			for (size_t t = 0; t < NTEXTS; t++) {
				ovp_match *r = &want[nc][s][t];
				/* Texts that differ in their first bytes only. */
				size_t len = (size_t)snprintf(text, sizeof text, "%zu %zu ", nc, s);

				memcpy(text + len, texts[t].text, texts[t].len);
				len += texts[t].len;
				memset(r, 0, sizeof *r);
				r->kind = (ovp_match_kind)(t % 7);
				r->item = t == 0 ? NULL : &items[(nc + s) % 6];
				r->similarity = sims[s];
				r->ncandidates = nc;
				for (size_t k = 0; k < nc; k++) {
					r->candidates[k].item = &items[(k + t) % 6];
					r->candidates[k].score = k == 0 && s == 3 ? 0.75 : 0.5 / (double)(k + 1);
				}
				r->scored = 40000 + nc;
				norm = ovp_normalize(text, len);
				assert_non_null(norm);
				r->feature_norm = norm;
				cache_offer(&c, &rm, ovp_hash_bytes(text, len), text, len, r, norm);
				free(norm);
			}
	for (size_t nc = 0; nc <= OVP_MATCH_MAX_CANDIDATES; nc++)
		for (size_t s = 0; s < NSIMS; s++)
			for (size_t t = 0; t < NTEXTS; t++) {
				const ovp_match *w = &want[nc][s][t];
				size_t len = (size_t)snprintf(text, sizeof text, "%zu %zu ", nc, s);
				ovp_match got;

				memcpy(text + len, texts[t].text, texts[t].len);
				len += texts[t].len;
				assert_true(cache_find(&c, &rm, ovp_hash_bytes(text, len), text, len, &got, NULL));
				assert_int_equal(got.kind, w->kind);
				assert_ptr_equal(got.item, w->item);
				assert_memory_equal(&got.similarity, &w->similarity, sizeof(double));
				assert_int_equal(got.ncandidates, nc);
				for (size_t k = 0; k < nc; k++) {
					assert_ptr_equal(got.candidates[k].item, w->candidates[k].item);
					assert_memory_equal(&got.candidates[k].score,
					                    &w->candidates[k].score, sizeof(double));
				}
				assert_int_equal(got.scored, w->scored);
				norm = ovp_normalize(text, len);
				assert_non_null(norm);
				assert_string_equal(got.feature_norm, norm);
				free(norm);
				/* One byte more or less is another text. */
				assert_false(cache_find(&c, &rm, ovp_hash_bytes(text, len + 1), text,
				                        len + 1, &got, NULL));
			}
	/*
	 * Full: 1,024 more texts, each looked up and offered when missing,
	 * twice; those past the room left are kept on their second sighting
	 * (unless another text's first sighting took its place in between)
	 * and take the places of the 150 above.
	 */
	for (int round = 0; round < 2; round++)
		for (int i = 0; i < 1024; i++) {
			ovp_match r;
			size_t len = (size_t)snprintf(text, sizeof text, "Feature %d", i);
			uint64_t h = ovp_hash_bytes(text, len);

			if (cache_find(&c, &rm, h, text, len, &r, NULL)) {
				assert_int_equal(r.scored, i);
				continue;
			}
			memset(&r, 0, sizeof r);
			r.scored = (unsigned long)i;
			(void)snprintf(norm_text, sizeof norm_text, "feature %d", i);
			cache_offer(&c, &rm, h, text, len, &r, norm_text);
		}
	{
		int kept = 0;

		for (int i = 0; i < 1024; i++) {
			ovp_match got;
			size_t len = (size_t)snprintf(text, sizeof text, "Feature %d", i);

			if (!cache_find(&c, &rm, ovp_hash_bytes(text, len), text, len, &got, NULL)) {
				/* Only a first sighting another text's overwrote is missing. */
				assert_true(i >= 1024 - 150);
				continue;
			}
			kept++;
			assert_int_equal(got.scored, i);
			(void)snprintf(norm_text, sizeof norm_text, "feature %d", i);
			assert_string_equal(got.feature_norm, norm_text);
		}
		assert_true(kept >= 1000);
	}
	/* The first entry made room first. */
	assert_false(cache_find(&c, &rm, ovp_hash_bytes("0 0 ", 4), "0 0 ", 4, &want[0][0][0], NULL));
	cache_free(&c);
}

/* Offer text to c when it does not keep it; its result's scored is n. */
static void
sight(match_cache *c, const ovp_roadmap *rm, const char *text, unsigned long n)
{
	size_t len = strlen(text);
	uint64_t h = ovp_hash_bytes(text, len);
	ovp_match r;
	char norm[16];

	if (cache_find(c, rm, h, text, len, &r, NULL)) {
		assert_int_equal(r.scored, n);
		return;
	}
	memset(&r, 0, sizeof r);
	r.scored = n;
	assert_true(len < sizeof norm);
	(void)ovp_normalize_ascii_to(text, len, norm);
	cache_offer(c, rm, h, text, len, &r, norm);
}

/* Whether c keeps text; one asked for is kept from the CLOCK hand's next pass. */
static bool
keeps(match_cache *c, const ovp_roadmap *rm, const char *text)
{
	ovp_match r;

	return cache_find(c, rm, ovp_hash_bytes(text, strlen(text)), text, strlen(text), &r, NULL);
}

/*
 * Which texts a cache of four keeps after a given sequence: the first
 * four while it has room; then a cache that admits on the second
 * sighting keeps a new text only when seen again, and one that keeps
 * the most recent (a fork's) takes every new text; both evict, by
 * CLOCK, the first entry not asked for since the hand last passed it.
 */
static void
test_cache_policy(void **state)
{
	ovp_item items[] = {item("A-1", "Custom dashboards", NULL, 0)};
	ovp_roadmap rm = roadmap(items, 1);
	static const char *const names[] = {"A", "B", "C", "D", "E", "F", "G"};
	match_cache c;

	(void)state;
	for (int recent = 0; recent < 2; recent++) {
		cache_init(&c);
		c.recent = recent != 0;
		assert_int_equal(cache_set_limit(&c, 4), 0);
		/* The room of four: all kept. */
		for (int i = 0; i < 4; i++)
			sight(&c, &rm, names[i], (unsigned long)i);
		assert_int_equal(c.n, 4);
		/* A fifth text: the recent cache evicts A (the hand clears every mark, then takes A). */
		sight(&c, &rm, "E", 4);
		if (recent) {
			assert_false(keeps(&c, &rm, "A"));
			assert_true(keeps(&c, &rm, "E"));
		} else {
			/* Seen once: not kept, and nothing evicted; seen again: kept, in A's place. */
			assert_false(keeps(&c, &rm, "E"));
			assert_true(keeps(&c, &rm, "A"));
			sight(&c, &rm, "E", 4);
			assert_true(keeps(&c, &rm, "E"));
			assert_false(keeps(&c, &rm, "A"));
		}
		/* B asked for: the hand, now at B, passes it (clearing its mark) and evicts C for F. */
		assert_true(keeps(&c, &rm, "B"));
		sight(&c, &rm, "F", 5);
		if (!recent)
			sight(&c, &rm, "F", 5);
		assert_true(keeps(&c, &rm, "F"));
		assert_false(keeps(&c, &rm, "C"));
		assert_true(keeps(&c, &rm, "B"));
		assert_true(keeps(&c, &rm, "D"));
		assert_true(keeps(&c, &rm, "E"));
		/* Every kept result is the one offered. */
		sight(&c, &rm, "B", 1);
		sight(&c, &rm, "D", 3);
		sight(&c, &rm, "E", 4);
		sight(&c, &rm, "F", 5);
		/* A text once more than the room, all asked for: G takes the hand's first. */
		sight(&c, &rm, "G", 6);
		if (!recent)
			sight(&c, &rm, "G", 6);
		assert_true(keeps(&c, &rm, "G"));
		assert_int_equal(c.n, 4);
		{
			int kept = 0;

			for (int i = 0; i < 7; i++)
				kept += keeps(&c, &rm, names[i]);
			assert_int_equal(kept, 4);
		}
		/* The recent cache has no table of first sightings. */
		assert_true(recent ? c.seen == NULL : c.seen != NULL);
		cache_free(&c);
	}
}

/* ---- The approximate score -------------------------------------------- */

/* Assert that got is want to within eps, naming both when not. */
static void
assert_close(double got, double want, double eps)
{
	if (!(fabs(got - want) <= eps))
		fail_msg("got %.12f, expected %.12f", got, want);
}

static double
sim(const char *a, const char *b)
{
	return ovp_similarity(a, strlen(a), b, strlen(b));
}

static void
test_similarity(void **state)
{
	double expected;

	(void)state;
	assert_true(sim("Single Sign-On", "single sign on") == 1.0);
	assert_true(sim("Webhook", "Webhooks") == 1.0);
	/* Word order does not matter. */
	assert_true(sim("Audit log export", "export audit log") == 1.0);
	assert_true(sim("", "") == 0.0);
	assert_true(sim("abc", "") == 0.0);
	/* One typo in a 4-letter word: 1 - 1.2 / 4; the promise's coverage, every name word found. */
	assert_close(sim("Biometric logn", "Biometric login"), (1 + 0.7) / 2, 1e-9);
	assert_close(sim("Biometric login", "Biometric logn"), (1 + 0.7) / 2, 1e-9);
	/* Two typos in 8 letters, found on the word as written: 1 - 1.2 x 2 / 8. */
	assert_close(sim("Cohort analisys", "Cohort analysis"), (1 + 0.7) / 2, 1e-9);
	/* A filler word of the name missing costs little: 0.1 of 2.1 found nowhere, p = 0.2. */
	expected = 1 - 0.2 * (0.1 / 2.1);
	assert_close(sim("Webhooks billing", "Webhooks for billing"), expected, 1e-9);
	/* Every word of the promise in a long title: "in", "of", "any" are filler. */
	expected = 1 - 0.2 * (1 - 3 / 6.3);
	assert_close(sim("Generate error logs", "Generate error logs in case of any system failure"),
	             expected, 1e-9);
	/*
	 * One ordinary word (written in lower case in the title) cannot
	 * settle a longer title: p = 0.5.  A name of the roadmap's (here in
	 * capitals) can: p = 0.2.
	 */
	assert_close(sim("Search", "Advanced search filters"), 1 - 0.5 * (2.0 / 3), 1e-9);
	assert_close(sim("SCIM", "SCIM user provisioning"), 1 - 0.2 * (2.0 / 3), 1e-9);
	assert_close(sim("scim", "SCIM user provisioning"), 1 - 0.2 * (2.0 / 3), 1e-9);
	/* Joined words are the same word. */
	assert_close(sim("IP allow-listing", "IP allowlisting"), 1.0, 1e-9);
	assert_close(sim("Zweifaktorauthentifizierung", "Zwei-Faktor-Authentifizierung"),
	                    1.0, 1e-9);
	assert_close(sim("Realtime sync", "Real-time sync"), 1.0, 1e-9);
	/* And the other way round: two or three words of the promise written as one in the title. */
	assert_close(sim("Real-time sync", "Realtime sync"), 1.0, 1e-9);
	assert_close(sim("Zwei-Faktor-Authentifizierung", "Zweifaktorauthentifizierung"), 1.0,
	             1e-9);
	/* A word written for two counts as the two words it stands for: p = 0.2. */
	assert_close(sim("Tvåfaktorsautentisering", "Två-faktorsautentisering för administratörer"),
	             1 - 0.2 * (1 - 2 / 3.1), 1e-9);
	/*
	 * The sums are added word by word, in order, so a score is exact: a
	 * name's filler word (0.1) and word with a digit (2.0) weigh so,
	 * found or not ("export", "of", "invoice", "v2" weigh 4.1).
	 */
	expected = 1 - 0.2 * (1 - (1.0 + 1.0) / (1.0 + 0.1 + 1.0 + 2.0));
	assert_true(sim("Export invoices", "Export of invoices v2") == expected);
	expected = 1 - 0.2 * (1 - (1.0 + 0.1 + 1.0) / (1.0 + 0.1 + 1.0 + 2.0));
	assert_true(sim("Export of invoices", "Export of invoices v2") == expected);
	expected = 1 - 0.2 * (1 - (1.0 + 1.0 + 2.0) / (1.0 + 0.1 + 1.0 + 2.0));
	assert_true(sim("Invoices export v2", "Export of invoices v2") == expected);
	/* Typos of other words than the first letter need the same first letter; no digits. */
	assert_true(sim("CSV import", "CSV export") < 0.6);
	assert_true(sim("Salesforce sync v2", "Salesforce sync v3") < 0.8);
	/* Unrelated texts score low. */
	assert_true(sim("Blockchain ledger", "Audit log export") < 0.2);
	assert_true(sim("Dark mode", "Dark web monitoring") < 0.6);
}

static void
test_fuzzy_and_ambiguity(void **state)
{
	ovp_item items[] = {
		item("INT-201", "Webhooks for billing events", NULL, 0),
		item("INT-202", "Webhooks for user events", NULL, 0),
		item("INT-203", "Salesforce sync", NULL, 0),
		item("INT-204", "Salesforce sync v2", NULL, 0),
		item("REP-303", "Exportera till PDF", NULL, 0),
		item("REP-301", "Custom dashboards", NULL, 0),
		item("SEA-1", "Advanced search filters", NULL, 0),
	};
	ovp_roadmap rm = roadmap(items, 7);
	ovp_matcher *m;
	const ovp_match *r;

	(void)state;
	assert_int_equal(ovp_matcher_new(&m, &rm, NULL, 0, 0.8, 0.6, NULL), 0);
	r = match(m, "Webhoks for user events");
	assert_int_equal(r->kind, OVP_MATCH_FUZZY);
	assert_ptr_equal(r->item, &items[1]);
	assert_true(r->similarity >= 0.8 && r->similarity < 1.0);
	assert_ptr_equal(r->candidates[0].item, &items[1]);
	assert_true(r->candidates[0].score == r->similarity);
	/* One typo in an 8-letter word of the first of three words (the rarest). */
	assert_true(r->similarity > 0.9 && r->similarity < 0.95);
	assert_true(r->ncandidates >= 2);
	assert_true(r->scored >= 2 && r->scored <= 7);
	/* Every word in two titles, neither a full match. */
	r = match(m, "Webhooks");
	assert_int_equal(r->kind, OVP_MATCH_AMBIGUOUS);
	assert_null(r->item);
	assert_int_equal(r->ncandidates, 2);
	assert_true(has_candidate(r, &items[0]) && has_candidate(r, &items[1]));
	r = match(m, "Salesforce");
	assert_int_equal(r->kind, OVP_MATCH_AMBIGUOUS);
	assert_true(has_candidate(r, &items[2]) && has_candidate(r, &items[3]));
	/* A full match wins over a longer title with the same words. */
	expect(m, items, "Sync Salesforce", OVP_MATCH_FUZZY, 2);
	expect(m, items, "Salesforce synk", OVP_MATCH_FUZZY, 2);
	/*
	 * A lone word does not settle a longer title it occurs in once: the
	 * title is a suggestion, unconfirmed (1 - 0.5 x 2/3).
	 */
	r = match(m, "Search");
	assert_int_equal(r->kind, OVP_MATCH_UNCONFIRMED);
	assert_null(r->item);
	assert_close(r->similarity, 1 - 0.5 * 2.0 / 3, 1e-9);
	assert_int_equal(r->ncandidates, 1);
	assert_ptr_equal(r->candidates[0].item, &items[6]);
	/* A content word that no title has: no match, however the rest fits. */
	r = match(m, "Quantum-safe dashboards");
	assert_int_equal(r->kind, OVP_MATCH_NONE);
	/* Unrelated: nothing shares a word, nothing is scored. */
	r = match(m, "Blockchain ledger");
	assert_int_equal(r->kind, OVP_MATCH_NONE);
	assert_int_equal(r->scored, 0);
	assert_int_equal(r->ncandidates, 0);
	assert_true(r->similarity == 0.0);
	expect(m, items, "Exportera PDF", OVP_MATCH_FUZZY, 4);
	expect(m, items, "Exportera till Word", OVP_MATCH_NONE, -1);
	expect(m, items, "Custom dashboard", OVP_MATCH_FUZZY, 5);
	/* Filler words alone say nothing. */
	expect(m, items, "The new feature", OVP_MATCH_NONE, -1);
	expect(m, items, "Support for", OVP_MATCH_NONE, -1);
	ovp_matcher_free(m);
}

/*
 * Each item's records (title, roadmap aliases, configured aliases) are
 * scored with that item, whether its neighbours have aliases or not: the
 * score of an approximate match is ovp_similarity() with the alias hit.
 */
static void
test_alias_records(void **state)
{
	static const char *const sso[] = {"SSO login", "Okta connector"};
	static const char *const hooks[] = {"Event callbacks"};
	ovp_item items[] = {
		item("A-1", "Single sign-on", sso, 2),
		item("A-2", "Audit log export", NULL, 0),
		item("A-3", "", hooks, 1),
		item("A-4", "Usage based billing", NULL, 0),
	};
	const ovp_alias conf[] = {{"Event hooks", "A-3", NULL, 0},
	                          {"Metered invoices", "A-4", NULL, 0}};
	ovp_roadmap rm = roadmap(items, 4);
	ovp_matcher *m;
	const ovp_match *r;

	(void)state;
	assert_int_equal(ovp_matcher_new(&m, &rm, conf, 2, 0.8, 0.6, NULL), 0);
	r = match(m, "SSO logins");
	assert_int_equal(r->kind, OVP_MATCH_FUZZY);
	assert_ptr_equal(r->item, &items[0]);
	assert_true(r->similarity == sim("SSO logins", "SSO login"));
	r = match(m, "Okta connectors");
	assert_int_equal(r->kind, OVP_MATCH_FUZZY);
	assert_ptr_equal(r->item, &items[0]);
	r = match(m, "Audit log exports");
	assert_int_equal(r->kind, OVP_MATCH_FUZZY);
	assert_ptr_equal(r->item, &items[1]);
	r = match(m, "Event callback");
	assert_int_equal(r->kind, OVP_MATCH_FUZZY);
	assert_ptr_equal(r->item, &items[2]);
	assert_true(r->similarity == sim("Event callback", "Event callbacks"));
	r = match(m, "Event hook");
	assert_int_equal(r->kind, OVP_MATCH_FUZZY);
	assert_ptr_equal(r->item, &items[2]);
	assert_true(r->similarity == sim("Event hook", "Event hooks"));
	r = match(m, "Metered invoice");
	assert_int_equal(r->kind, OVP_MATCH_FUZZY);
	assert_ptr_equal(r->item, &items[3]);
	assert_true(fabs(r->similarity - 1.0) < 1e-12);
	expect(m, items, "Metered invoices", OVP_MATCH_ALIAS, 3);
	expect(m, items, "Usage-based billing", OVP_MATCH_EXACT, 3);
	ovp_matcher_free(m);
}

/*
 * A word in the titles of later items and in the aliases of earlier ones
 * ("gamma"): its list of items comes out in item order all the same, and
 * every item that has it is found and scored.
 */
static void
test_word_in_titles_and_aliases(void **state)
{
	static const char *const a0[] = {"Gamma dashboard"};
	static const char *const a3[] = {"Gamma sync", "Gamma sync"};
	ovp_item items[] = {
		item("G-0", "Delta widget", a0, 1),
		item("G-1", "Gamma dashboard export", NULL, 0),
		item("G-2", "Gamma", NULL, 0),
		item("G-3", "Beta connector", a3, 2),
		item("G-4", "Gamma audit trail", NULL, 0),
	};
	ovp_roadmap rm = roadmap(items, 5);
	ovp_matcher *m;
	const ovp_match *r;

	(void)state;
	assert_int_equal(ovp_matcher_new(&m, &rm, NULL, 0, 0.8, 0.6, NULL), 0);
	r = match(m, "Gamma dashboards");
	assert_int_equal(r->kind, OVP_MATCH_FUZZY);
	assert_ptr_equal(r->item, &items[0]);
	assert_true(r->similarity == 1.0);
	/* "gamma" is on every item and weighs little: the items with "dashboard" are scored. */
	assert_int_equal(r->scored, 2);
	r = match(m, "Gamma syncs");
	assert_int_equal(r->kind, OVP_MATCH_FUZZY);
	assert_ptr_equal(r->item, &items[3]);
	assert_int_equal(r->scored, 1);
	r = match(m, "Gamma dashboard exports");
	assert_int_equal(r->kind, OVP_MATCH_FUZZY);
	assert_ptr_equal(r->item, &items[1]);
	ovp_matcher_free(m);
}

static void
test_empty_roadmap(void **state)
{
	ovp_roadmap rm = roadmap(NULL, 0);
	ovp_matcher *m;
	const ovp_match *r;

	(void)state;
	assert_int_equal(ovp_matcher_new(&m, &rm, NULL, 0, 0.8, 0.6, NULL), 0);
	r = match(m, "Anything");
	assert_int_equal(r->kind, OVP_MATCH_NONE);
	assert_int_equal(r->scored, 0);
	ovp_matcher_free(m);
}

/* ---- Word forms, acronyms and noise ----------------------------------- */

/* The Snowball stemmer of each language is there and stems as it should. */
static void
test_stems_four_languages(void **state)
{
	stemmers st;
	char out[MAX_STEM_BYTES + 1];

	(void)state;
	assert_true(stemmers_new(&st));
	assert_int_equal(stem_word(&st, 0, "invoicing", 9, out), 6);
	assert_string_equal(out, "invoic");
	assert_int_equal(stem_word(&st, 1, "fakturorna", 10, out), 6);
	assert_string_equal(out, "faktur");
	assert_int_equal(stem_word(&st, 2, "rechnungen", 10, out), 8);
	assert_string_equal(out, "rechnung");
	assert_int_equal(stem_word(&st, 3, "abonnement", 10, out), 4);
	assert_string_equal(out, "abon");
	/* Words with digits and words of two letters have no stem. */
	assert_int_equal(stem_word(&st, 0, "v2", 2, out), 0);
	assert_int_equal(stem_word(&st, 0, "s3sync", 6, out), 0);
	stemmers_free(&st);
	/* In the matcher a shared stem is similarity 0.9, where a typo would give less. */
	assert_close(sim("Automatic", "Automated"), 0.9, 1e-9);          /* English, stems differ by two */
	assert_close(sim("Invoicing", "Invoices"), 0.9, 1e-9);           /* English */
	assert_close(sim("Fakturorna", "Fakturor"), 0.9, 1e-9);          /* Swedish */
	assert_close(sim("Rechnungen", "Rechnung"), 0.9, 1e-9);          /* German */
	assert_close(sim("Wartungsverträgen", "Wartungsverträge"), 1 - 1.2 / 16, 1e-9); /* a typo wins */
	assert_close(sim("Abonnements", "Abonner"), 0.9, 1e-9);          /* French (and English) */
	assert_close(sim("Exporter", "Export"), 0.9, 1e-9);
	/* Different words keep different stems. */
	assert_true(sim("Import", "Export") == 0.0);
	assert_true(sim("Login", "Logging") == 0.0);
}

/* Acronyms: initials of adjacent title words, hyphenated parts counted, and written in titles. */
static void
test_acronyms(void **state)
{
	ovp_item items[] = {
		item("A-1", "Single sign-on (SAML)", NULL, 0),
		item("A-2", "Role-based access control", NULL, 0),
		item("A-3", "Customer-managed encryption keys", NULL, 0),
		item("A-4", "SLA monitoring", NULL, 0),
		item("A-5", "Bring your own key", NULL, 0),
		item("A-6", "Advanced product insights", NULL, 0),
		item("A-7", "Public API v2", NULL, 0),
		item("A-8", "Enforce two-factor authentication for admins", NULL, 0),
		item("A-9", "Zwei-Faktor-Authentifizierung für Kunden", NULL, 0),
		item("A-10", "Data loss prevention for shared links", NULL, 0),
		item("A-11", "Dynamic link previews", NULL, 0),
	};
	ovp_roadmap rm = roadmap(items, 11);
	ovp_matcher *m;
	const ovp_match *r;

	(void)state;
	assert_int_equal(ovp_matcher_new(&m, &rm, NULL, 0, 0.8, 0.6, NULL), 0);
	/* SSO stands for three words of four: 0.9 x (1 - 0.2 x (1 - 2.1 / 3.1)). */
	r = match(m, "SSO");
	assert_int_equal(r->kind, OVP_MATCH_FUZZY);
	assert_ptr_equal(r->item, &items[0]);
	assert_close(r->similarity, 0.9 * (1 - 0.2 * (1 - 2.1 / 3.1)), 1e-9);
	r = match(m, "RBAC");
	assert_int_equal(r->kind, OVP_MATCH_FUZZY);
	assert_ptr_equal(r->item, &items[1]);
	assert_close(r->similarity, 0.9, 1e-9);
	expect(m, items, "CMEK", OVP_MATCH_FUZZY, 2);
	expect(m, items, "BYOK", OVP_MATCH_FUZZY, 4);
	expect(m, items, "SSO (SAML)", OVP_MATCH_FUZZY, 0);
	/* Spelt out, an acronym written in a title. */
	expect(m, items, "Service level agreement monitoring", OVP_MATCH_FUZZY, 3);
	/* Two letters at least: "S3" is no acronym. */
	{
		char caps[16];

		assert_int_equal(caps_words("2FA, B2B, S3, V2, 365", 21, caps), 8);
		assert_string_equal(caps, "2fa b2b ");
		/* A capital followed by a digit, digits before the capitals, at either end. */
		assert_int_equal(caps_words("A1B", 3, caps), 4);
		assert_string_equal(caps, "a1b ");
		assert_int_equal(caps_words("sync 12AB", 9, caps), 5);
		assert_string_equal(caps, "12ab ");
		assert_int_equal(caps_words("SSO login", 9, caps), 4);
		assert_string_equal(caps, "sso ");
		/* Capitalised words, two capitals alone, one capital among digits: none. */
		assert_int_equal(caps_words("Single Sign On", 14, caps), 0);
		assert_string_equal(caps, "");
		assert_int_equal(caps_words("an AB test", 10, caps), 0);
		assert_int_equal(caps_words("x A12 y", 7, caps), 0);
	}
	/* Only a word written in capitals is taken for an acronym. */
	expect(m, items, "rbac", OVP_MATCH_NONE, -1);
	expect(m, items, "Rbac", OVP_MATCH_NONE, -1);
	/*
	 * A word of the roadmap is what it says, not someone's initials: API
	 * is a name in A-7 (1 - 0.2 x 3/4), the initials of A-6 only 0.75.
	 */
	r = match(m, "API");
	assert_int_equal(r->kind, OVP_MATCH_FUZZY);
	assert_ptr_equal(r->item, &items[6]);
	assert_close(r->similarity, 1 - 0.2 * 0.75, 1e-9);
	assert_ptr_equal(r->candidates[1].item, &items[5]);
	assert_close(r->candidates[1].score, 0.75, 1e-9);
	/* A digit stands for a number word, in any of the four languages. */
	assert_int_equal(number_digit("two", 3), '2');
	assert_int_equal(number_digit("tva", 3), '2');
	assert_int_equal(number_digit("zwei", 4), '2');
	assert_int_equal(number_digit("deux", 4), '2');
	assert_int_equal(number_digit("2", 1), '2');
	assert_int_equal(number_digit("trois", 5), '3');
	assert_int_equal(number_digit("twofold", 7), 0);
	assert_int_equal(number_digit("one", 3), 0);
	expect(m, items, "2FA for admins", OVP_MATCH_FUZZY, 7);
	expect(m, items, "2FA für Kunden", OVP_MATCH_FUZZY, 8);
	r = match(m, "2FA");
	assert_int_equal(r->kind, OVP_MATCH_AMBIGUOUS);
	assert_true(has_candidate(r, &items[7]) && has_candidate(r, &items[8]));
	expect(m, items, "3FA for admins", OVP_MATCH_NONE, -1);
	/* Initials of two titles, one of them all of it: neither. */
	r = match(m, "DLP");
	assert_int_equal(r->kind, OVP_MATCH_AMBIGUOUS);
	assert_int_equal(r->ncandidates, 2);
	assert_true(has_candidate(r, &items[9]) && has_candidate(r, &items[10]));
	expect(m, items, "DLP for shared links", OVP_MATCH_FUZZY, 9);
	ovp_matcher_free(m);
}

/* The casing of raw name into cases (room for MAX_WORDS); returns the count. */
static size_t
cases_of(const char *raw, word_case *cases, name_style *style)
{
	char *norm = clean_normalize(raw, strlen(raw));
	char buf[512];
	word w[MAX_WORDS];
	size_t nw, n;

	assert_non_null(norm);
	assert_true(strlen(norm) < sizeof buf);
	nw = split_words(norm, buf, w);
	n = word_cases(raw, strlen(raw), w, nw, cases, style);
	free(norm);
	return n;
}

/* How a name writes its words: the evidence that a word is a name or an ordinary word. */
static void
test_word_cases(void **state)
{
	word_case c[MAX_WORDS];
	name_style st;

	(void)state;
	assert_int_equal(cases_of("Zendesk ticket sync", c, &st), 3);
	assert_int_equal(st, STYLE_SENTENCE);
	assert_int_equal(c[0], CASE_FIRST);
	assert_int_equal(c[1], CASE_LOWER);
	assert_int_equal(c[2], CASE_LOWER);
	assert_int_equal(cases_of("Zendesk Ticket Sync", c, &st), 3);
	assert_int_equal(st, STYLE_TITLE);
	assert_int_equal(c[0], CASE_TITLE);
	assert_int_equal(c[1], CASE_TITLE);
	assert_int_equal(c[2], CASE_TITLE);
	assert_int_equal(cases_of("Audit log streaming to Splunk and Datadog", c, &st), 7);
	assert_int_equal(c[0], CASE_FIRST);
	assert_int_equal(c[3], CASE_LOWER);
	assert_int_equal(c[4], CASE_PLAIN);
	assert_int_equal(c[6], CASE_PLAIN);
	assert_int_equal(cases_of("[Security] SCIM user provisioning", c, &st), 3);
	assert_int_equal(c[0], CASE_CAPS);
	assert_int_equal(c[1], CASE_LOWER);
	assert_int_equal(cases_of("HubSpot & iOS, XRechnung", c, &st), 4);
	assert_int_equal(c[0], CASE_INNER);
	assert_int_equal(c[1], CASE_LOWER); /* "and" */
	assert_int_equal(c[2], CASE_INNER);
	assert_int_equal(c[3], CASE_INNER);
	/* Shouted: only a short word is an acronym. */
	assert_int_equal(cases_of("SINGLE SIGN-ON", c, &st), 3);
	assert_int_equal(c[0], CASE_NONE);
	assert_int_equal(c[1], CASE_CAPS);
	/* Too short to tell a sentence from Title Case. */
	assert_int_equal(cases_of("Größere Dateianhänge", c, &st), 2);
	assert_int_equal(st, STYLE_UNKNOWN);
	assert_int_equal(c[0], CASE_UNSURE);
	assert_int_equal(c[1], CASE_UNSURE);
	assert_int_equal(cases_of("Import from Notion", c, &st), 3);
	assert_int_equal(st, STYLE_UNKNOWN);
	assert_int_equal(c[2], CASE_UNSURE);
	assert_int_equal(cases_of("Payroll", c, &st), 1);
	assert_int_equal(c[0], CASE_UNSURE);
	assert_int_equal(cases_of("Två-faktorsautentisering (2FA) för administratörer", c, &st), 5);
	assert_int_equal(c[0], CASE_FIRST);
	assert_int_equal(c[1], CASE_LOWER);
	assert_int_equal(c[2], CASE_CAPS);
	assert_int_equal(cases_of("SAP S/4HANA 2.0", c, &st), 5);
	assert_int_equal(c[1], CASE_NONE); /* one capital letter */
	assert_int_equal(c[4], CASE_NONE); /* digits */
	/* A soft hyphen joins, as normalising does. */
	assert_int_equal(cases_of("Authenti\xC2\xAD" "cation settings", c, &st), 2);
	assert_int_equal(c[0], CASE_FIRST);
}

/*
 * One word settles a longer title when it is a name of the roadmap's:
 * written in capitals or with a capital inside, capitalised inside a
 * sentence, or capitalised as a title's first word, and never written in
 * lower case.  A word that the roadmap writes in lower case, or only in
 * Title Case, only suggests the title.  A word in several titles is
 * ambiguous.
 */
static void
test_lone_names(void **state)
{
	ovp_item items[] = {
		item("L-1", "Shopify storefront integration", NULL, 0),
		item("L-2", "Zendesk ticket sync", NULL, 0),
		item("L-3", "Audit log streaming to Splunk and Datadog", NULL, 0),
		item("L-4", "HubSpot contact sync", NULL, 0),
		item("L-5", "SCIM user provisioning", NULL, 0),
		item("L-6", "Zapier Triggers And Actions", NULL, 0),
		item("L-7", "Salesforce sync", NULL, 0),
		item("L-8", "Salesforce sync v2", NULL, 0),
		item("L-9", "Okta login", NULL, 0),
		item("L-10", "Okta provisioning", NULL, 0),
		item("L-11", "Okta groups import", NULL, 0),
		item("L-12", "Payroll export", NULL, 0),
		item("L-13", "Payroll reports for accountants", NULL, 0),
	};
	ovp_roadmap rm = roadmap(items, 13);
	ovp_matcher *m;
	const ovp_match *r;

	(void)state;
	assert_int_equal(ovp_matcher_new(&m, &rm, NULL, 0, 0.8, 0.6, NULL), 0);
	/* "integration" is filler (0.1): 1 - 0.2 x (1 - 1 / 2.1). */
	r = match(m, "Shopify");
	assert_int_equal(r->kind, OVP_MATCH_FUZZY);
	assert_ptr_equal(r->item, &items[0]);
	assert_close(r->similarity, 1 - 0.2 * (1 - 1 / 2.1), 1e-9);
	r = match(m, "Shopify integration");
	assert_int_equal(r->kind, OVP_MATCH_FUZZY);
	assert_ptr_equal(r->item, &items[0]);
	assert_close(r->similarity, 1 - 0.2 * (1 - 1.1 / 2.1), 1e-9);
	expect(m, items, "shopfy", OVP_MATCH_FUZZY, 0); /* a typo of a name */
	expect(m, items, "Splunk", OVP_MATCH_FUZZY, 2);
	expect(m, items, "HubSpot", OVP_MATCH_FUZZY, 3);
	expect(m, items, "SCIM", OVP_MATCH_FUZZY, 4);
	/* An ordinary word in one title: a suggestion (1 - 0.5 x 2/3). */
	r = match(m, "Ticket");
	assert_int_equal(r->kind, OVP_MATCH_UNCONFIRMED);
	assert_null(r->item);
	assert_ptr_equal(r->candidates[0].item, &items[1]);
	assert_close(r->similarity, 1 - 0.5 * 2.0 / 3, 1e-9);
	expect(m, items, "Storefront", OVP_MATCH_UNCONFIRMED, -1);
	/* Title Case says nothing: 1 - 0.5 x (1 - 1 / 3.1). */
	r = match(m, "Triggers");
	assert_int_equal(r->kind, OVP_MATCH_UNCONFIRMED);
	assert_close(r->similarity, 1 - 0.5 * (1 - 1 / 3.1), 1e-9);
	/* A name in two or three titles settles nothing. */
	r = match(m, "Salesforce");
	assert_int_equal(r->kind, OVP_MATCH_AMBIGUOUS);
	assert_true(has_candidate(r, &items[6]) && has_candidate(r, &items[7]));
	r = match(m, "Okta");
	assert_int_equal(r->kind, OVP_MATCH_AMBIGUOUS);
	assert_int_equal(r->ncandidates, 3);
	r = match(m, "Payroll");
	assert_int_equal(r->kind, OVP_MATCH_AMBIGUOUS);
	assert_int_equal(r->ncandidates, 2);
	/* Two words that one title holds: that title. */
	expect(m, items, "Okta groups", OVP_MATCH_FUZZY, 10);
	ovp_matcher_free(m);
}

/* Abbreviations: a word of four letters or more that begins one vocabulary word. */
static void
test_prefixes(void **state)
{
	ovp_item items[] = {
		item("P-1", "Authentication settings", NULL, 0),
		item("P-2", "Configuration backups", NULL, 0),
		item("P-3", "Automated reorder points", NULL, 0),
		item("P-4", "Automatic tax rates", NULL, 0),
		item("P-5", "Customer portal", NULL, 0),
		item("P-6", "Custom fields", NULL, 0),
	};
	ovp_roadmap rm = roadmap(items, 6);
	ovp_matcher *m;
	const ovp_match *r;

	(void)state;
	assert_int_equal(ovp_matcher_new(&m, &rm, NULL, 0, 0.8, 0.6, NULL), 0);
	r = match(m, "auth settings");
	assert_int_equal(r->kind, OVP_MATCH_FUZZY);
	assert_ptr_equal(r->item, &items[0]);
	/* Two words, rarity 1 each: (0.85 + 1) / 2, every title word found. */
	assert_close(r->similarity, (0.85 + 1) / 2, 1e-9);
	expect(m, items, "Config backups", OVP_MATCH_FUZZY, 1);
	/* "auto" begins "automated" and "automatic", one word by their stems. */
	expect(m, items, "Auto reorder points", OVP_MATCH_FUZZY, 2);
	/* Three letters are too few. */
	expect(m, items, "Aut settings", OVP_MATCH_NONE, -1);
	ovp_matcher_free(m);
	/* "auth" begins "authentication" and "authorization": two words, no abbreviation. */
	items[1] = item("P-2", "Authorization rules", NULL, 0);
	assert_int_equal(ovp_matcher_new(&m, &rm, NULL, 0, 0.8, 0.6, NULL), 0);
	expect(m, items, "Auth rules", OVP_MATCH_NONE, -1);
	expect(m, items, "Auth settings", OVP_MATCH_NONE, -1);
	ovp_matcher_free(m);
	/* Two words of one item alone: "authentication" and "authentifizierung". */
	{
		static const char *const twofa[] = {"Two-factor authentication"};
		ovp_item more[] = {
			item("Q-1", "Zwei-Faktor-Authentifizierung", twofa, 1),
			item("Q-2", "Factor analysis reports", NULL, 0),
		};
		ovp_roadmap rm2 = roadmap(more, 2);

		assert_int_equal(ovp_matcher_new(&m, &rm2, NULL, 0, 0.8, 0.6, NULL), 0);
		expect(m, more, "two factor auth", OVP_MATCH_FUZZY, 0);
		expect(m, more, "Zwei Faktor Auth", OVP_MATCH_FUZZY, 0);
		ovp_matcher_free(m);
	}
}

/* Typos of the first letter: swapped with the second from 4 letters, any other from 5. */
static void
test_first_letter_typos(void **state)
{
	ovp_item items[] = {
		item("T-1", "Offline mode", NULL, 0),
		item("T-2", "Data residency", NULL, 0),
		item("T-3", "Rate limit increase", NULL, 0),
		item("T-4", "Microsoft Teams notifications", NULL, 0),
		item("T-5", "Code review", NULL, 0),
	};
	ovp_roadmap rm = roadmap(items, 5);
	ovp_matcher *m;
	const ovp_match *r;

	(void)state;
	assert_int_equal(ovp_matcher_new(&m, &rm, NULL, 0, 0.8, 0.6, NULL), 0);
	r = match(m, "Offline omde");
	assert_int_equal(r->kind, OVP_MATCH_FUZZY);
	assert_ptr_equal(r->item, &items[0]);
	assert_close(r->similarity, (1 + (1 - 1.2 / 4)) / 2, 1e-9);
	expect(m, items, "Data ersidency", OVP_MATCH_FUZZY, 1);  /* swap */
	expect(m, items, "Data esidency", OVP_MATCH_FUZZY, 1);   /* the first letter missing */
	expect(m, items, "Data rresidency", OVP_MATCH_FUZZY, 1); /* one letter too many */
	expect(m, items, "Rate timit increase", OVP_MATCH_FUZZY, 2); /* another first letter */
	expect(m, items, "Microsoft Teamss notifications", OVP_MATCH_FUZZY, 3); /* doubled */
	/* Another first letter in a word of four letters is another word. */
	expect(m, items, "Mode review", OVP_MATCH_NONE, -1);
	ovp_matcher_free(m);
	assert_true(typo_similarity("omde", 4, "mode", 4, true) > 0.69);
	assert_true(typo_similarity("code", 4, "mode", 4, true) == 0.0);
	assert_true(typo_similarity("timit", 5, "limit", 5, true) > 0.75);
	assert_true(typo_similarity("limit", 5, "limit", 5, true) == 1.0);
	assert_true(typo_similarity("lmiit", 5, "limit", 5, true) == 0.0);
}

/*
 * Typos are found however their letters differ: every word one or two
 * edits (substitutions, insertions, deletions, swaps, with letters
 * beyond ASCII too) from a roadmap's word, its first letter kept, scores
 * at least its typo similarity against it, so that no typo is passed
 * over by the letters it brings or takes.
 */
static void
test_typo_letters(void **state)
{
	static const char *const words[] = {"dashboard", "encryption", "workflow", "calendar",
	                                    "säkerhet", "übersicht", "export", "sandbox"};
	static const char *const put[] = {"k", "z", "é", "a"};
	char v[64];
	size_t checked = 0, found = 0;

	(void)state;
	for (size_t w = 0; w < sizeof words / sizeof words[0]; w++) {
		const char *b = words[w];
		size_t n = strlen(b);

		/* Edits at byte positions from 1 (the first letter kept), of whole characters. */
		for (size_t i = 1; i < n; i++) {
			if (((unsigned char)b[i] & 0xC0) == 0x80)
				continue;
			for (size_t e = 0; e < 4 * 4; e++) {
				const char *c = put[e % 4];
				size_t cn = strlen(c), len = 0, next = i + 1, j;
				double want;

				while (next < n && ((unsigned char)b[next] & 0xC0) == 0x80)
					next++;
				memcpy(v, b, i);
				len = i;
				switch (e / 4) {
				case 0: /* substitution */
					memcpy(v + len, c, cn);
					len += cn;
					memcpy(v + len, b + next, n - next);
					len += n - next;
					break;
				case 1: /* insertion */
					memcpy(v + len, c, cn);
					len += cn;
					memcpy(v + len, b + i, n - i);
					len += n - i;
					break;
				case 2: /* deletion, then a substitution further on */
					memcpy(v + len, b + next, n - next);
					len += n - next;
					for (j = len; j-- > i + 1;)
						if (((unsigned char)v[j] & 0xC0) != 0x80 && v[j] >= 'a' && v[j] <= 'z')
							break;
					if (j > i && v[j] >= 'a' && v[j] <= 'z')
						v[j] = v[j] == 'z' ? 'q' : 'z';
					break;
				default: /* a swap with the next letter, then a substitution */
					memcpy(v + len, b + i, n - i);
					len += n - i;
					if (next < n && next == i + 1 && ((unsigned char)b[next] & 0x80) == 0 &&
					    ((unsigned char)b[i] & 0x80) == 0) {
						v[i] = b[i + 1];
						v[i + 1] = b[i];
					}
					if (len > i + 3 && v[len - 2] >= 'a' && v[len - 2] <= 'z')
						v[len - 2] = v[len - 2] == 'k' ? 'q' : 'k';
					break;
				}
				v[len] = '\0';
				/* A fold for plurals would compare another word. */
				if (v[len - 1] == 's' || has_digit(v, len))
					continue;
				want = typo_similarity(v, len, b, n, false);
				checked++;
				found += want > 0;
				if (!(ovp_similarity(v, len, b, n) >= want))
					fail_msg("\"%s\" against \"%s\": %.17g, a typo of %.17g", v, b,
					         ovp_similarity(v, len, b, n), want);
			}
		}
	}
	/* Both kinds of outcome are tried: typos of one and two edits, and words too far. */
	assert_true(checked > 400);
	assert_true(found > 100);
	assert_true(found < checked);
}

/* Optimal string alignment distance of two ASCII words, every cell computed. */
static size_t
full_osa(const char *a, size_t la, const char *b, size_t lb)
{
	size_t d[40][40];

	for (size_t i = 0; i <= la; i++)
		d[i][0] = i;
	for (size_t j = 0; j <= lb; j++)
		d[0][j] = j;
	for (size_t i = 1; i <= la; i++) {
		for (size_t j = 1; j <= lb; j++) {
			size_t v = d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);

			if (d[i - 1][j] + 1 < v)
				v = d[i - 1][j] + 1;
			if (d[i][j - 1] + 1 < v)
				v = d[i][j - 1] + 1;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
			    d[i - 2][j - 2] + 1 < v)
				v = d[i - 2][j - 2] + 1;
			d[i][j] = v;
		}
	}
	return d[la][lb];
}

/*
 * The typo similarity of words of the same first letter is that of
 * score.c's documentation, to the last bit, for words of every length
 * from 1 to 30 letters and one to four random edits of a few letters.
 */
static void
test_typo_distance(void **state)
{
	uint64_t seed = 12345;
	size_t typos[3] = {0};

	(void)state;
	for (int round = 0; round < 20000; round++) {
		char a[40], b[40];
		size_t la, lb, d, shorter, maxd;
		double want;

		seed = seed * 6364136223846793005u + 1442695040888963407u;
		la = 1 + (size_t)(seed >> 33) % 30;
		for (size_t i = 0; i < la; i++) {
			seed = seed * 6364136223846793005u + 1442695040888963407u;
			a[i] = (char)('a' + (seed >> 33) % 4);
		}
		memcpy(b, a, la);
		lb = la;
		for (int e = 0; e < 1 + round % 4; e++) {
			size_t at;

			seed = seed * 6364136223846793005u + 1442695040888963407u;
			at = 1 + (size_t)(seed >> 33) % (lb > 1 ? lb - 1 : 1);
			switch ((seed >> 20) % 4) {
			case 0:
				if (at < lb)
					b[at] = (char)('a' + (seed >> 40) % 4);
				break;
			case 1:
				if (lb < 34) {
					memmove(b + at + 1, b + at, lb - at);
					b[at] = (char)('a' + (seed >> 40) % 4);
					lb++;
				}
				break;
			case 2:
				if (at < lb && lb > 1) {
					memmove(b + at, b + at + 1, lb - at - 1);
					lb--;
				}
				break;
			default:
				if (at + 1 < lb) {
					char t = b[at];

					b[at] = b[at + 1];
					b[at + 1] = t;
				}
				break;
			}
		}
		d = full_osa(a, la, b, lb);
		shorter = la < lb ? la : lb;
		maxd = shorter >= 8 ? 2 : 1;
		if (la == lb && memcmp(a, b, la) == 0)
			want = 1.0;
		else if (shorter < 4 || (la > lb ? la - lb : lb - la) > maxd || d > maxd)
			want = 0.0;
		else
			want = 1.0 - 1.2 * (double)d / (double)shorter;
		typos[d < 3 ? d : 2] += want > 0 && want < 1;
		assert_true(typo_similarity(a, la, b, lb, false) == want);
	}
	/* Typos of one and of two edits were both among them. */
	assert_true(typos[1] > 1000);
	assert_true(typos[2] > 1000);
}

/* A digit anywhere in a text, eight bytes at a time or one by one. */
static void
test_has_digit(void **state)
{
	char s[40] = {0};

	(void)state;
	for (size_t n = 0; n < 24; n++) {
		for (size_t i = 0; i < n; i++)
			s[i] = (char)("ab/:~\x80\xb0\xb9\xff z"[i % 10]);
		assert_false(has_digit(s, n));
		for (size_t at = 0; at < n; at++) {
			for (char d = '0'; d <= '9'; d++) {
				char keep = s[at];

				s[at] = d;
				assert_true(has_digit(s, n));
				/* Past the length it does not count. */
				assert_false(has_digit(s, at));
				s[at] = keep;
			}
		}
	}
}

/*
 * Filler words of each language are told from other words, prefixes and
 * extensions of them included.
 */
static void
test_filler_words(void **state)
{
	static const char *const yes[] = {"a", "for", "the", "support", "integration", "fur",
	                                  "pour", "och", "fonctionnalite", "unterstutzung", "zur",
	                                  "your", "ability", "s"};
	static const char *const no[] = {"", "b", "fo", "fort", "thee", "supports", "integrations",
	                                 "fonctionnalites", "unterstutzungen", "export", "zurich",
	                                 "yours", "abilityx", "ss", "an ", "and and"};

	(void)state;
	for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++)
		assert_true(is_filler(yes[i], strlen(yes[i])));
	for (size_t i = 0; i < sizeof no / sizeof no[0]; i++)
		assert_false(is_filler(no[i], strlen(no[i])));
	/* Only the n bytes given count: "forward" begins with "for". */
	assert_true(is_filler("forward", 3));
	assert_false(is_filler("forward", 4));
}

/* Bullets, numbering, bracketed tags and "&" / "+" are noise; the promise is quoted as written. */
static void
test_bullets_and_tags(void **state)
{
	ovp_item items[] = {
		item("N-1", "SCIM user provisioning", NULL, 0),
		item("N-2", "[UI Request] Search bar in other pages [P1]", NULL, 0),
		item("N-3", "Pause + restart flow (state-safe)", NULL, 0),
		item("N-4", "2FA enforcement", NULL, 0),
		item("N-5", "C++ SDK", NULL, 0),
		item("N-6", "[P1]", NULL, 0),
	};
	ovp_roadmap rm = roadmap(items, 6);
	ovp_matcher *m;
	char *s;

	(void)state;
	assert_int_equal(ovp_matcher_new(&m, &rm, NULL, 0, 0.8, 0.6, NULL), 0);
	expect(m, items, "1. SCIM user provisioning", OVP_MATCH_EXACT, 0);
	expect(m, items, "2) SCIM user provisioning", OVP_MATCH_EXACT, 0);
	expect(m, items, "a) SCIM user provisioning", OVP_MATCH_EXACT, 0);
	expect(m, items, "(3) SCIM user provisioning", OVP_MATCH_EXACT, 0);
	expect(m, items, "1.2. SCIM user provisioning", OVP_MATCH_EXACT, 0);
	expect(m, items, "- SCIM user provisioning", OVP_MATCH_EXACT, 0);
	expect(m, items, "* SCIM user provisioning", OVP_MATCH_EXACT, 0);
	expect(m, items, "\xE2\x80\xA2 SCIM user provisioning", OVP_MATCH_EXACT, 0);
	expect(m, items, "  - 1. SCIM user provisioning", OVP_MATCH_EXACT, 0);
	expect(m, items, "Search bar in other pages", OVP_MATCH_EXACT, 1);
	expect(m, items, "[P2] Search bar in other pages", OVP_MATCH_EXACT, 1);
	expect(m, items, "Search bar in other pages [Customer ask]", OVP_MATCH_EXACT, 1);
	expect(m, items, "Pause and restart flow (state-safe)", OVP_MATCH_EXACT, 2);
	expect(m, items, "Pause & restart flow (state safe)", OVP_MATCH_EXACT, 2);
	/* Not list markers: a number that is part of the feature. */
	expect(m, items, "2FA enforcement", OVP_MATCH_EXACT, 3);
	expect(m, items, "C++ SDK", OVP_MATCH_EXACT, 4);
	/* A title that is all tag keeps its text. */
	expect(m, items, "[P1]", OVP_MATCH_EXACT, 5);
	/*
	 * The feature a result carries is the text normalised as written,
	 * noise and all, whether or not there was noise to clean.
	 */
	assert_string_equal(match(m, "- [P2] Serch bar & other pages")->feature_norm,
	                    "p2 serch bar other pages");
	assert_string_equal(match(m, "Serch bar in other pages")->feature_norm,
	                    "serch bar in other pages");
	assert_string_equal(match(m, "  [P1] ")->feature_norm, "p1");
	assert_string_equal(match(m, "1. SCIM user provisioning")->feature_norm,
	                    "1 scim user provisioning");
	ovp_matcher_free(m);

	s = ovp_match_phrase("  1. [P1]  SCIM   user provisioning ", 36);
	assert_string_equal(s, "SCIM user provisioning");
	free(s);
	s = ovp_match_phrase("\xE2\x80\xA2 Pause & restart", 19);
	assert_string_equal(s, "Pause & restart");
	free(s);
	s = ovp_match_phrase(" [P1] ", 6);
	assert_string_equal(s, "[P1]");
	free(s);
}

/*
 * A Jira summary longer than the word limit still matches on its words
 * (the first MAX_WORDS): a promise of two words or more that it holds
 * entirely scores at least 0.8 however long the title.
 */
static void
test_long_title(void **state)
{
	char title[1024];
	ovp_item items[2];
	ovp_roadmap rm;
	ovp_matcher *m;
	const ovp_match *r;
	size_t off;

	(void)state;
	off = (size_t)snprintf(title, sizeof title, "Generate error logs");
	for (int i = 0; i < 40; i++)
		off += (size_t)snprintf(title + off, sizeof title - off, " word%c%c", 'a' + i / 26,
		                        'a' + i % 26);
	items[0] = item("J-1", title, NULL, 0);
	items[1] = item("J-2", "Error budget dashboards", NULL, 0);
	rm = roadmap(items, 2);
	assert_int_equal(ovp_matcher_new(&m, &rm, NULL, 0, 0.8, 0.6, NULL), 0);
	r = match(m, "Generate error logs");
	assert_int_equal(r->kind, OVP_MATCH_FUZZY);
	assert_ptr_equal(r->item, &items[0]);
	/* 3 words of the 32 that count were found: 1 - 0.2 x 29/32. */
	assert_close(r->similarity, 1 - 0.2 * 29.0 / 32, 1e-9);
	expect(m, items, "error logs wordab", OVP_MATCH_FUZZY, 0);
	ovp_matcher_free(m);
}

/* ---- A large synthetic roadmap ---------------------------------------- */

static const char *const ADJ[] = {
	"advanced", "automatic", "bulk", "custom", "scheduled", "shared", "secure", "smart",
	"offline", "realtime", "multi-currency", "self-serve", "usage-based", "role-based",
	"inline", "global", "private", "public", "recurring", "mobile", "granular", "dynamic",
	"configurable", "encrypted", "federated", "incremental", "predictive", "unified",
	"collaborative", "automated", "regional", "hierarchical", "conditional", "guided",
	"interactive", "versioned", "audited", "delegated", "temporary", "weighted",
};
static const char *const NOUN[] = {
	"invoice", "contact", "dashboard", "report", "webhook", "workflow", "approval", "ticket",
	"calendar", "notification", "export", "import", "template", "permission", "role", "audit",
	"session", "password", "payment", "subscription", "quote", "contract", "asset", "order",
	"shipment", "warehouse", "pipeline", "forecast", "campaign", "segment", "survey", "lead",
	"account", "opportunity", "product", "catalog", "price", "discount", "tax", "currency",
	"language", "timezone", "holiday", "shift", "timesheet", "expense", "receipt", "document",
	"signature", "comment", "mention", "attachment", "folder", "label", "filter", "view",
	"search", "index", "backup", "sandbox",
};
static const char *const ACT[] = {
	"sync", "history", "builder", "editor", "viewer", "scheduler", "reminders", "limits",
	"settings", "analytics", "retention", "routing", "tracking", "matching", "merging",
	"validation", "versioning", "previews", "exports", "imports", "alerts", "insights",
	"summaries", "scoring", "detection", "migration", "mapping", "sharing", "locking",
	"archiving",
};
static const char *const QUAL[] = {
	"for admins", "for partners", "in the EU", "via API", "on mobile", "for teams",
	"with SSO", "for enterprise plans", "in Salesforce", "for sandboxes",
};

static uint32_t
lcg(uint32_t *s)
{
	*s = *s * 1664525u + 1013904223u;
	return *s >> 8;
}

/* One character typo (swap, drop or double) in the longest word of a title. */
static void
typo(const char *title, char *out, size_t cap, uint32_t *seed)
{
	size_t len = strlen(title), best = 0, bestlen = 0, i = 0;

	if (len >= cap)
		len = cap - 1;
	memcpy(out, title, len);
	out[len] = '\0';
	while (i < len) {
		size_t s = i;
		while (i < len && title[i] != ' ')
			i++;
		if (i - s > bestlen) {
			best = s;
			bestlen = i - s;
		}
		i++;
	}
	if (bestlen < 8)
		return;
	{
		size_t p = best + 1 + lcg(seed) % (bestlen - 3);
		switch (lcg(seed) % 3) {
		case 0: {
			char t = out[p];
			out[p] = out[p + 1];
			out[p + 1] = t;
			break;
		}
		case 1:
			memmove(out + p, out + p + 1, strlen(out + p + 1) + 1);
			break;
		default:
			memmove(out + p + 1, out + p, strlen(out + p) + 1);
			break;
		}
	}
}

#define BIG 50000
#define BIG_QUERIES 2000

static void
test_large_roadmap_bounded(void **state)
{
	ovp_item *items = calloc(BIG, sizeof *items);
	char (*titles)[96] = calloc(BIG, sizeof *titles);
	char (*ids)[16] = calloc(BIG, sizeof *ids);
	ovp_roadmap rm;
	ovp_matcher *m;
	uint32_t seed = 12345;
	unsigned long max_scored = 0, found = 0, typos = 0;
	char q[128];

	(void)state;
	assert_non_null(items);
	assert_non_null(titles);
	assert_non_null(ids);
	for (size_t i = 0; i < BIG; i++) {
		const char *a = ADJ[lcg(&seed) % (sizeof ADJ / sizeof ADJ[0])];
		const char *n = NOUN[lcg(&seed) % (sizeof NOUN / sizeof NOUN[0])];
		const char *v = ACT[lcg(&seed) % (sizeof ACT / sizeof ACT[0])];

		if (lcg(&seed) % 3 == 0)
			snprintf(titles[i], sizeof titles[i], "%c%s %s %s %s", a[0] - 32, a + 1, n, v,
			         QUAL[lcg(&seed) % (sizeof QUAL / sizeof QUAL[0])]);
		else
			snprintf(titles[i], sizeof titles[i], "%c%s %s %s", a[0] - 32, a + 1, n, v);
		snprintf(ids[i], sizeof ids[i], "PRJ-%zu", i + 1);
		items[i] = item(ids[i], titles[i], NULL, 0);
	}
	rm = roadmap(items, BIG);
	assert_int_equal(ovp_matcher_new(&m, &rm, NULL, 0, 0.8, 0.6, NULL), 0);

	for (unsigned i = 0; i < BIG_QUERIES; i++) {
		size_t k = lcg(&seed) % BIG;
		const ovp_match *r;

		switch (i % 5) {
		case 0: /* a typo */
			typo(titles[k], q, sizeof q, &seed);
			break;
		case 1: /* two words of a title, reordered */
		{
			char w1[48], w2[48], w3[48];
			if (sscanf(titles[k], "%47s %47s %47s", w1, w2, w3) == 3)
				snprintf(q, sizeof q, "%s %s %u", w3, w2, i);
			break;
		}
		case 2: /* a common word alone */
			snprintf(q, sizeof q, "%s", NOUN[i % (sizeof NOUN / sizeof NOUN[0])]);
			if (i >= sizeof NOUN / sizeof NOUN[0] * 5)
				snprintf(q, sizeof q, "%s %s", NOUN[i % 60], ACT[i % 30]);
			break;
		case 3: /* unrelated */
			snprintf(q, sizeof q, "Blockchain ledger number %u", i);
			break;
		default: /* a title with a filler word and extra noise */
			snprintf(q, sizeof q, "support for %s %u", titles[k], i);
			break;
		}
		r = match(m, q);
		if (r->scored > max_scored)
			max_scored = r->scored;
		assert_true(r->scored <= 50);
		if (i % 5 == 0 && strcmp(q, titles[k]) != 0) {
			typos++;
			if (r->kind == OVP_MATCH_FUZZY || r->kind == OVP_MATCH_AMBIGUOUS) {
				for (size_t c = 0; c < r->ncandidates; c++)
					if (strcmp(r->candidates[c].item->title, titles[k]) == 0) {
						found++;
						break;
					}
			}
		}
	}
	printf("# 50000 items, %d texts: at most %lu items scored per text; "
	       "typo found %lu of %lu\n", BIG_QUERIES, max_scored, found, typos);
	/* The index finds the item behind a typo although it scores at most 50. */
	assert_true(typos > 100);
	assert_true(found >= typos * 95 / 100);
	ovp_matcher_free(m);
	free(items);
	free(titles);
	free(ids);
}

#define COMMON 10000

/* A word on every title must neither hide an item nor make a text scan the roadmap. */
static void
test_word_on_every_title(void **state)
{
	ovp_item *items = calloc(COMMON, sizeof *items);
	char (*titles)[64] = calloc(COMMON, sizeof *titles);
	char (*ids)[16] = calloc(COMMON, sizeof *ids);
	ovp_roadmap rm;
	ovp_matcher *m;
	const ovp_match *r;
	char q[96];

	(void)state;
	assert_non_null(items);
	assert_non_null(titles);
	assert_non_null(ids);
	for (size_t i = 0; i < COMMON; i++) {
		/* A made-up word per item: "kaaa", "kaab", ... */
		snprintf(titles[i], sizeof titles[i], "Platform %s %s k%c%c%c",
		         NOUN[i % (sizeof NOUN / sizeof NOUN[0])], ACT[i % 7],
		         'a' + (int)(i / 676 % 26), 'a' + (int)(i / 26 % 26), 'a' + (int)(i % 26));
		snprintf(ids[i], sizeof ids[i], "P-%zu", i);
		items[i] = item(ids[i], titles[i], NULL, 0);
	}
	rm = roadmap(items, COMMON);
	assert_int_equal(ovp_matcher_new(&m, &rm, NULL, 0, 0.8, 0.6, NULL), 0);
	r = match(m, "Platform");
	assert_int_equal(r->kind, OVP_MATCH_AMBIGUOUS);
	assert_true(r->scored > 0 && r->scored <= 50);
	assert_int_equal(r->ncandidates, OVP_MATCH_MAX_CANDIDATES);
	for (size_t i = 0; i < COMMON; i += 499) {
		/* Plural, lower case, the same made-up word. */
		snprintf(q, sizeof q, "platform %ss %s %s", NOUN[i % (sizeof NOUN / sizeof NOUN[0])],
		         ACT[i % 7], titles[i] + strlen(titles[i]) - 4);
		r = match(m, q);
		assert_true(r->scored <= 50);
		if (r->kind != OVP_MATCH_FUZZY || r->item != &items[i])
			fail_msg("\"%s\": %s %s", q, ovp_match_kind_name(r->kind),
			         r->item ? r->item->title : "-");
		assert_true(r->similarity == 1.0);
	}
	ovp_matcher_free(m);
	free(items);
	free(titles);
	free(ids);
}

/* ---- The labelled set ------------------------------------------------- */

/* A labelled set: its roadmap, aliases and cases, read from TSV. */
typedef struct labelled {
	ovp_item *items;
	size_t nitems;
	ovp_alias *aliases;
	size_t naliases;
	char **lines; /* every line read, owned here */
	size_t nlines;
} labelled;

static char *
keep(labelled *ls, char *line)
{
	ls->lines = realloc(ls->lines, (ls->nlines + 1) * sizeof *ls->lines);
	assert_non_null(ls->lines);
	ls->lines[ls->nlines++] = line;
	return line;
}

/* Split line on tabs into at most max fields (in place); returns the count. */
static size_t
fields(char *line, char **f, size_t max)
{
	size_t n = 0, len = strlen(line);

	while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
		line[--len] = '\0';
	f[n++] = line;
	for (char *p = line; *p != '\0' && n < max; p++)
		if (*p == '\t') {
			*p = '\0';
			f[n++] = p + 1;
		}
	return n;
}

/* Read the data lines (not empty, not comments) of path. */
static char **
read_lines(labelled *ls, const char *path, size_t *n)
{
	FILE *f = fopen(path, "r");
	char **out = NULL;
	char *line = NULL;
	size_t cap = 0;

	if (f == NULL)
		fail_msg("cannot open %s", path);
	*n = 0;
	while (getline(&line, &cap, f) > 0) {
		if (line[0] == '#' || line[0] == '\n' || line[0] == '\r')
			continue;
		out = realloc(out, (*n + 1) * sizeof *out);
		assert_non_null(out);
		out[(*n)++] = keep(ls, strdup(line));
	}
	free(line);
	fclose(f);
	return out;
}

static void
load_set(labelled *ls, const char *set)
{
	char path[256];
	char **lines;
	size_t n;

	memset(ls, 0, sizeof *ls);
	snprintf(path, sizeof path, "data/match/%s.roadmap.tsv", set);
	lines = read_lines(ls, path, &n);
	ls->items = calloc(n, sizeof *ls->items);
	assert_non_null(ls->items);
	for (size_t i = 0; i < n; i++) {
		char *f[3] = {NULL, NULL, NULL};
		const char **al = NULL;
		size_t nal = 0;

		if (fields(lines[i], f, 3) < 2)
			fail_msg("%s: bad line %zu", path, i + 1);
		if (f[2] != NULL && f[2][0] != '\0') {
			for (char *p = strtok(f[2], ";"); p != NULL; p = strtok(NULL, ";")) {
				al = realloc(al, (nal + 1) * sizeof *al);
				assert_non_null(al);
				al[nal++] = p;
			}
			keep(ls, (char *)(void *)al);
		}
		ls->items[i] = item(f[0], f[1], al, nal);
	}
	ls->nitems = n;
	free(lines);

	snprintf(path, sizeof path, "data/match/%s.aliases.tsv", set);
	lines = read_lines(ls, path, &n);
	ls->aliases = calloc(n ? n : 1, sizeof *ls->aliases);
	assert_non_null(ls->aliases);
	for (size_t i = 0; i < n; i++) {
		char *f[2];

		if (fields(lines[i], f, 2) != 2)
			fail_msg("%s: bad line %zu", path, i + 1);
		ls->aliases[i].phrase = f[0];
		ls->aliases[i].target = f[1];
	}
	ls->naliases = n;
	free(lines);
}

static void
free_set(labelled *ls)
{
	for (size_t i = 0; i < ls->nlines; i++)
		free(ls->lines[i]);
	free(ls->lines);
	free(ls->items);
	free(ls->aliases);
}

/* Totals over all sets. */
typedef struct tally {
	unsigned cases, should, matched, right;
	/* unconfirmed promises: suggesting the item expected, another, or one where none is */
	unsigned hint_right, hint_other, hint_none;
} tally;

static const char *
describe(const ovp_match *r, char *buf, size_t cap)
{
	size_t off;

	if (r->kind == OVP_MATCH_AMBIGUOUS) {
		off = (size_t)snprintf(buf, cap, "AMBIGUOUS(");
		for (size_t i = 0; i < r->ncandidates && off < cap; i++)
			off += (size_t)snprintf(buf + off, cap - off, "%s%s %.3f", i ? ", " : "",
			                        r->candidates[i].item->id, r->candidates[i].score);
		if (off < cap)
			snprintf(buf + off, cap - off, ")");
	} else if (r->item != NULL) {
		snprintf(buf, cap, "%s (%s %.3f)", r->item->id, ovp_match_kind_name(r->kind),
		         r->similarity);
	} else {
		snprintf(buf, cap, "%s (best %s %.3f)",
		         r->kind == OVP_MATCH_UNCONFIRMED ? "UNCONFIRMED" : "NONE",
		         r->ncandidates ? r->candidates[0].item->id : "-", r->similarity);
	}
	return buf;
}

static void
run_set(const char *set, tally *t)
{
	labelled ls;
	ovp_roadmap rm;
	ovp_matcher *m;
	ovp_error err;
	char path[256];
	char **lines;
	size_t n;

	load_set(&ls, set);
	rm = roadmap(ls.items, ls.nitems);
	if (ovp_matcher_new(&m, &rm, ls.aliases, ls.naliases, 0.8, 0.6, &err) != 0)
		fail_msg("%s: %s", set, err.message);
	snprintf(path, sizeof path, "data/match/%s.cases.tsv", set);
	lines = read_lines(&ls, path, &n);
	for (size_t i = 0; i < n; i++) {
		char *f[3] = {NULL, NULL, NULL};
		const ovp_match *r;
		char want[256], got[512];
		int ok, should, matched;

		if (fields(lines[i], f, 3) < 2)
			fail_msg("%s: bad line %zu", path, i + 1);
		snprintf(want, sizeof want, "%s", f[1]);
		r = match(m, f[0]);
		should = strcmp(want, "NONE") != 0;
		/* An unconfirmed promise is not matched: it only names a suggestion. */
		matched = r->kind != OVP_MATCH_NONE && r->kind != OVP_MATCH_UNCONFIRMED;
		if (strncmp(want, "AMBIGUOUS", 9) == 0) {
			ok = r->kind == OVP_MATCH_AMBIGUOUS;
			/* Named items must be among the candidates. */
			for (char *p = want[9] == ':' ? strtok(want + 10, ",") : NULL; ok && p != NULL;
			     p = strtok(NULL, ",")) {
				int has = 0;
				for (size_t c = 0; c < r->ncandidates; c++)
					has |= strcmp(r->candidates[c].item->id, p) == 0;
				ok = has;
			}
		} else if (!should) {
			ok = !matched;
		} else {
			ok = r->kind != OVP_MATCH_AMBIGUOUS && r->item != NULL &&
			     strcmp(r->item->id, want) == 0;
		}
		if (r->kind == OVP_MATCH_UNCONFIRMED) {
			if (!should)
				t->hint_none++;
			else if (strcmp(r->candidates[0].item->id, want) == 0)
				t->hint_right++;
			else
				t->hint_other++;
		}
		t->cases++;
		t->should += (unsigned)should;
		t->matched += (unsigned)matched;
		t->right += (unsigned)(ok && should);
		if (!ok)
			printf("# miss [%s/%s] \"%s\": expected %s, got %s\n", set,
			       f[2] ? f[2] : "", f[0], f[1], describe(r, got, sizeof got));
	}
	free(lines);
	ovp_matcher_free(m);
	free_set(&ls);
}

static void
test_labelled_set(void **state)
{
	tally t = {0, 0, 0, 0, 0, 0, 0};
	double precision, recall;

	(void)state;
	run_set("saas", &t);
	run_set("azure", &t);
	/* The first two sets, which hold the oldest cases: no wrong pick at all. */
	printf("# saas and azure: %u cases, %u matched, %u right\n", t.cases, t.matched, t.right);
	assert_int_equal(t.right, t.matched);
	run_set("jira", &t);
	run_set("linear", &t);
	precision = t.matched ? (double)t.right / t.matched : 1.0;
	recall = t.should ? (double)t.right / t.should : 1.0;
	printf("# labelled set: %u cases, %u should match, %u matched, %u right: "
	       "precision %.3f, recall %.3f\n", t.cases, t.should, t.matched, t.right, precision,
	       recall);
	printf("# unconfirmed: %u name the item expected, %u another item, %u an item where the "
	       "promise is not on the roadmap\n", t.hint_right, t.hint_other, t.hint_none);
	assert_true(t.cases >= 500);
	assert_true(precision >= 0.99);
	assert_true(recall >= 0.95);
}

/*
 * A fork of a matcher over the labelled set's roadmap matches every case
 * exactly as its original, the two matching in turns; then a fork of a
 * fresh matcher matches every case, and what it made the original learns
 * and finds in its cache.  The matchers are freed in either order.
 */
static void
fork_set(const char *set, bool original_first)
{
	labelled ls;
	ovp_roadmap rm;
	ovp_matcher *m = NULL, *f, *fresh = NULL, *ff;
	ovp_arena ar = OVP_ARENA_INIT;
	ovp_error err;
	char path[256];
	char **lines;
	size_t n;

	load_set(&ls, set);
	rm = roadmap(ls.items, ls.nitems);
	if (ovp_matcher_new(&m, &rm, ls.aliases, ls.naliases, 0.8, 0.6, &err) != 0 ||
	    ovp_matcher_new(&fresh, &rm, ls.aliases, ls.naliases, 0.8, 0.6, &err) != 0)
		fail_msg("%s: %s", set, err.message);
	assert_int_equal(ovp_matcher_fork(&f, m, 16, NULL), 0);
	assert_int_equal(ovp_matcher_fork(&ff, fresh, 1024, NULL), 0);
	snprintf(path, sizeof path, "data/match/%s.cases.tsv", set);
	lines = read_lines(&ls, path, &n);
	assert_true(n >= 50);
	for (int round = 0; round < 2; round++)
		for (size_t i = 0; i < n; i++) {
			char *fl[3] = {NULL, NULL, NULL};
			const ovp_match *a, *b;

			if (round == 0)
				fields(lines[i], fl, 3);
			else
				fl[0] = lines[i];
			/* The fork first every other time: neither leans on the other. */
			if (i % 2 == 0) {
				a = match(m, fl[0]);
				b = match(f, fl[0]);
			} else {
				b = match(f, fl[0]);
				a = match(m, fl[0]);
			}
			if (!same_result(a, b))
				fail_msg("%s: \"%s\" differs in the fork", set, fl[0]);
		}
	for (size_t i = 0; i < n; i++) {
		const char *text = lines[i];
		size_t len = strlen(text);
		uint64_t h = ovp_hash_bytes(text, len);
		const ovp_match *b;
		ovp_match kept, again;

		assert_int_equal(ovp_matcher_cached_to(fresh, text, len, h, &kept, &ar), 0);
		b = match(ff, text);
		ovp_matcher_learn(fresh, text, len, h, b);
		/* A result is kept once, however often it is learnt. */
		ovp_matcher_learn(fresh, text, len, h, b);
		/* Given into the caller's arena, its normalised feature is there. */
		assert_int_equal(ovp_matcher_cached_to(fresh, text, len, h, &kept, &ar), 1);
		assert_true(kept.feature_norm >= ar.data && kept.feature_norm < ar.data + ar.used);
		assert_true(same_result(b, &kept));
		/* A lookup changes nothing: a second one finds the same. */
		assert_int_equal(ovp_matcher_cached_to(fresh, text, len, h, &again, &ar), 1);
		assert_true(same_result(b, &again));
		assert_true(same_result(match(fresh, text), b));
		assert_true(same_result(&kept, b));
	}
	ovp_arena_free(&ar);
	assert_int_equal(fresh->cache.n, n);
	free(lines);
	if (original_first) {
		ovp_matcher_free(m);
		ovp_matcher_free(fresh);
	}
	ovp_matcher_free(f);
	ovp_matcher_free(ff);
	if (!original_first) {
		ovp_matcher_free(m);
		ovp_matcher_free(fresh);
	}
	free_set(&ls);
}

static void
test_fork(void **state)
{
	ovp_roadmap empty = roadmap(NULL, 0);
	ovp_matcher *m, *f;

	(void)state;
	fork_set("saas", true);
	fork_set("azure", false);
	fork_set("jira", true);
	fork_set("linear", false);
	/* A roadmap of no items: nothing matches, in the fork either. */
	assert_int_equal(ovp_matcher_new(&m, &empty, NULL, 0, 0.8, 0.6, NULL), 0);
	assert_int_equal(ovp_matcher_fork(&f, m, 1024, NULL), 0);
	assert_int_equal(match(f, "Custom dashboards")->kind, OVP_MATCH_NONE);
	assert_true(same_result(match(m, "Custom dashboards"), match(f, "Custom dashboards")));
	/* The fork's cache room is the first's, and goes back to it when joined: again and again. */
	assert_int_equal(f->cache.limit, 1024);
	assert_int_equal(m->cache.limit, MATCH_CACHE_DEFAULT - 1024);
	ovp_matcher_join(m, f);
	assert_int_equal(m->cache.limit, MATCH_CACHE_DEFAULT);
	assert_int_equal(ovp_matcher_fork(&f, m, 1024, NULL), 0);
	ovp_matcher_join(m, f);
	assert_int_equal(m->cache.limit, MATCH_CACHE_DEFAULT);
	ovp_matcher_join(m, NULL);
	assert_int_equal(ovp_matcher_fork(&f, m, 1024, NULL), 0);
	ovp_matcher_free(m);
	ovp_matcher_free(f);
}

/*
 * A text the cache did not keep, matched without looking for it again
 * (ovp_matcher_match_missed()), is matched as ovp_matcher_match() matches
 * it, and kept: over the labelled set's cases and roadmap, then with no
 * text and no matcher.
 */
static void
test_match_missed(void **state)
{
	labelled ls;
	ovp_roadmap rm;
	ovp_matcher *m = NULL, *plain = NULL;
	ovp_arena ar = OVP_ARENA_INIT;
	ovp_error err;
	char **lines;
	size_t n;

	(void)state;
	load_set(&ls, "saas");
	rm = roadmap(ls.items, ls.nitems);
	if (ovp_matcher_new(&m, &rm, ls.aliases, ls.naliases, 0.8, 0.6, &err) != 0 ||
	    ovp_matcher_new(&plain, &rm, ls.aliases, ls.naliases, 0.8, 0.6, &err) != 0)
		fail_msg("saas: %s", err.message);
	lines = read_lines(&ls, "data/match/saas.cases.tsv", &n);
	assert_true(n >= 50);
	for (size_t i = 0; i < n; i++) {
		char *fl[3] = {NULL, NULL, NULL};
		size_t len;
		uint64_t h;
		ovp_match kept;
		const ovp_match *want;

		fields(lines[i], fl, 3);
		len = strlen(fl[0]);
		h = ovp_hash_bytes(fl[0], len);
		want = match(plain, fl[0]);
		if (ovp_matcher_cached_to(m, fl[0], len, h, &kept, &ar) == 1) {
			/* A case whose text came before. */
			assert_true(same_result(&kept, want));
			continue;
		}
		copy_result(&kept, ovp_matcher_match_missed(m, fl[0], len, h, NULL),
		            (char[512]){0}, 512);
		assert_true(same_result(&kept, want));
		assert_int_equal(ovp_matcher_cached_to(m, fl[0], len, h, &kept, &ar), 1);
		assert_true(same_result(&kept, want));
	}
	assert_true(same_result(ovp_matcher_match_missed(m, NULL, 0, ovp_hash_bytes("", 0), NULL),
	                        ovp_matcher_match(plain, "", 0, NULL)));
	assert_null(ovp_matcher_match_missed(NULL, "SSO", 3, ovp_hash_bytes("SSO", 3), &err));
	assert_int_equal(err.code, OVP_EUSAGE);
	ovp_arena_free(&ar);
	free(lines);
	ovp_matcher_free(m);
	ovp_matcher_free(plain);
	free_set(&ls);
}

/*
 * The index built with a second thread reading half of the titles is the
 * index built on one, byte for byte: vocabulary, how each word is written,
 * postings, acronyms, names and their records.
 */
static void
test_index_on_two_threads(void **state)
{
	static const char *const words[] = {
		"SCIM", "provisioning", "Two", "factor", "authentication", "2FA", "Zendesk",
		"ticket", "Sync", "HubSpot", "iOS", "audit", "log", "streaming", "to", "Splunk",
		"Zürich", "data", "residency", "SSO", "for", "the", "EU", "v2", "API", "three",
		"Custom", "dashboards", "Notion", "import", "BYOK", "keys",
	};
	enum { N = 1500, NW = sizeof words / sizeof *words };
	static char titles[N][160];
	static char ids[N][16];
	static ovp_item items[N];
	static const char *const alias[] = {"Single sign-on", "two factor auth"};
	ovp_alias conf[] = {{"identity thing", "PRJ-7", NULL, 0}};
	ovp_roadmap rm;
	ovp_matcher *one, *two;
	size_t nview;

	(void)state;
	for (size_t i = 0; i < N; i++) {
		size_t n = 2 + i % 5, at = 0;

		for (size_t k = 0; k < n; k++) {
			const char *w = words[(i * 7 + k * 13 + i / 3) % NW];
			char first[64];

			snprintf(first, sizeof first, "%s", w);
			/* Sentences, Title Case and lower case, as roadmaps mix them. */
			if (i % 3 == 1 && k > 0 && first[0] >= 'A' && first[0] <= 'Z' && first[1] >= 'a')
				first[0] = (char)(first[0] - 'A' + 'a');
			if (i % 3 == 2 && first[0] >= 'a' && first[0] <= 'z')
				first[0] = (char)(first[0] - 'a' + 'A');
			at += (size_t)snprintf(titles[i] + at, sizeof titles[i] - at, "%s%s",
			                       k ? " " : (i % 11 == 0 ? "- " : ""), first);
		}
		snprintf(ids[i], sizeof ids[i], "PRJ-%zu", i);
		items[i] = item(i % 97 == 5 ? "" : ids[i], i % 89 == 3 ? "" : titles[i],
		                i % 10 == 0 ? alias : NULL, i % 10 == 0 ? 2 : 0);
	}
	rm = roadmap(items, N);
	assert_int_equal(ovp_matcher_new_on(&one, &rm, conf, 1, 0.8, 0.6, 1, NULL), 0);
	assert_int_equal(ovp_matcher_new_on(&two, &rm, conf, 1, 0.8, 0.6, 2, NULL), 0);
	assert_int_equal(one->nvw, two->nvw);
	assert_true(one->nvw > NW);
	for (size_t v = 0; v < one->nvw; v++) {
		const word *a = &one->vw[v], *b = &two->vw[v];

		assert_int_equal(a->len, b->len);
		assert_memory_equal(a->s, b->s, a->len);
		assert_true(a->caps == b->caps && a->lower == b->lower && a->named == b->named &&
		            a->unsure == b->unsure && a->filler == b->filler && a->digit == b->digit);
	}
	assert_memory_equal(one->post_off, two->post_off, (one->nvw + 1) * sizeof *one->post_off);
	assert_memory_equal(one->post, two->post, one->post_off[one->nvw] * sizeof *one->post);
	assert_int_equal(one->acros.n, two->acros.n);
	assert_true(one->acros.n > 0);
	assert_memory_equal(one->acro_off, two->acro_off, (one->acros.n + 1) * sizeof *one->acro_off);
	assert_memory_equal(one->acro_post, two->acro_post,
	                    one->acro_off[one->acros.n] * sizeof *one->acro_post);
	assert_int_equal(one->nnames, two->nnames);
	for (size_t k = 0; k < one->nnames; k++)
		assert_true(one->names[k].item == two->names[k].item &&
		            one->names[k].next_exact == two->names[k].next_exact &&
		            one->names[k].title == two->names[k].title);
	assert_memory_equal(one->view_off, two->view_off, (N + 1) * sizeof *one->view_off);
	/* Record by record: the bytes that round a record up to 8 are never written. */
	nview = 0;
	for (size_t pos = 0; pos < one->view_off[N]; nview++) {
		const name_view *nv = (const name_view *)(const void *)(one->view + pos);

		assert_memory_equal(one->view + pos, two->view + pos,
		                    sizeof *nv + nv->nwords * sizeof(uint32_t));
		pos += view_size(nv->nwords);
	}
	/* Every name has its record; the empty titles are no names. */
	assert_int_equal(nview, one->nnames);
	assert_int_equal(one->nnames, N - (N / 89 + 1) + 2 * (N / 10) + 1);
	assert_memory_equal(one->caps_pairs, two->caps_pairs, sizeof one->caps_pairs);
	assert_int_equal(one->nsentence, two->nsentence);
	assert_int_equal(one->ntitled, two->ntitled);
	assert_true(one->nsentence > 0 && one->ntitled > 0);
	{
		static const char *const texts[] = {"SCIM provisoning", "2FA", "two factor auth",
		                                    "identity thing", "zendesk tickets", "PRJ-9"};

		for (size_t t = 0; t < sizeof texts / sizeof *texts; t++)
			assert_true(same_result(match(one, texts[t]), match(two, texts[t])));
	}
	ovp_matcher_free(one);
	ovp_matcher_free(two);
}

/* The matcher says why it gives no result: no matcher, or a text too long. */
static void
test_limits_named(void **state)
{
	ovp_item items[] = {item("PRJ-1", "Custom dashboards", NULL, 0)};
	ovp_roadmap rm = roadmap(items, 1);
	ovp_matcher *m;
	ovp_error err = {0};

	(void)state;
	assert_int_equal(ovp_matcher_new(&m, &rm, NULL, 0, 0.8, 0.6, NULL), 0);
	assert_null(ovp_matcher_match(NULL, "x", 1, &err));
	assert_int_equal(err.code, OVP_EUSAGE);
	/* The length is refused before a byte of the text is read. */
	assert_null(ovp_matcher_match(m, "x", (size_t)UINT32_MAX + 1, &err));
	assert_int_equal(err.code, OVP_ELIMIT);
	assert_string_equal(err.message, "a text of more than 4294967295 bytes");
	assert_non_null(ovp_matcher_match(m, "Custom dashboards", 17, &err));
	ovp_matcher_free(m);
}

/* ---- Ranking the touched items ---------------------------------------- */

static uint32_t
float_bits(float f)
{
	uint32_t b;

	memcpy(&b, &f, sizeof b);
	return b;
}

static int
cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return (x > y) - (x < y);
}

/* rank_touched() of the n items of touched with weights w, its result sorted into out. */
static size_t
ranked(float *acc, const uint32_t *touched, const float *w, size_t n, uint32_t needbits, size_t k,
       uint32_t *out)
{
	uint64_t heap[MAX_SCORED + 1];
	size_t got;

	for (size_t i = 0; i < n; i++)
		acc[touched[i]] = w[i];
	got = rank_touched(acc, touched, n, needbits, heap, k, out);
	qsort(out, got, sizeof *out, cmp_u32);
	for (size_t i = 0; i < n; i++)
		assert_true(acc[touched[i]] == 0);
	return got;
}

/* rank_touched() gives the items of want (in item order, spaces between) and no other. */
static void
expect_ranked(const uint32_t *touched, const float *w, size_t n, float need, size_t k,
              const char *want)
{
	float acc[40] = {0};
	uint32_t out[MAX_SCORED];
	size_t got = ranked(acc, touched, w, n, need > 0 ? float_bits(need) : 0, k, out), i = 0;
	char *end;

	for (const char *p = want; *p != '\0'; p = end, i++) {
		assert_true(i < got);
		assert_int_equal(out[i], strtoul(p, &end, 10));
	}
	assert_int_equal(got, i);
}

static void
test_rank_touched(void **state)
{
	/* Nine items, a tail past four; weight 2 is shared by five of them. */
	static const uint32_t touched[] = {7, 3, 12, 5, 9, 1, 30, 21, 2};
	static const float w[] = {1.0f, 2.0f, 2.0f, 0.5f, 2.0f, 2.0f, 3.0f, 0.5f, 2.0f};

	(void)state;
	/* Those that reach need, best first, the lower item first among equals. */
	expect_ranked(touched, w, 9, 2.0f, 3, "1 2 30");
	/* One just reaches it. */
	expect_ranked(touched, w, 9, 3.0f, 3, "30");
	/* None does: the best few of all. */
	expect_ranked(touched, w, 9, 5.0f, 3, "1 2 3 9 30");
	/* A need of 0: every item reaches it. */
	expect_ranked(touched, w, 9, 0.0f, 4, "1 2 3 30");
}

/*
 * Four at a time are passed over by their keys: an item of the weight of
 * the worst kept and the item just below it ranks above it, one of the
 * item just above it does not, and after item 0 only a greater weight
 * does.
 */
static void
test_rank_touched_ties(void **state)
{
	static const uint32_t below[] = {8, 11, 3, 4, 10, 20, 21, 22};
	static const uint32_t above[] = {8, 10, 3, 4, 11, 20, 21, 22};
	static const float w[] = {1.0f, 1.0f, 0.5f, 0.5f, 1.0f, 0.5f, 0.5f, 0.5f};
	static const uint32_t first[] = {0, 5, 6, 7, 9, 12, 13, 14};
	static const float w0[] = {1.0f, 0.5f, 0.5f, 0.5f, 1.0f, 0.5f, 1.0f, 0.5f};
	static const float w1[] = {1.0f, 0.5f, 0.5f, 0.5f, 1.0f, 0.5f, 1.5f, 0.5f};

	(void)state;
	expect_ranked(below, w, 8, 1.0f, 2, "8 10");
	expect_ranked(above, w, 8, 1.0f, 2, "8 10");
	expect_ranked(first, w0, 8, 1.0f, 1, "0");
	expect_ranked(first, w1, 8, 1.0f, 1, "13");
	/* The best few when none reaches need, the fifth tied with later ones. */
	expect_ranked(below, w, 8, 4.0f, 2, "3 4 8 10 11");
}

/* The best by weight, then lower item; keys as rank_touched() orders them. */
static int
cmp_best(const void *a, const void *b)
{
	const uint64_t *x = a, *y = b;

	return (*x < *y) - (*x > *y);
}

#define RANK_ITEMS (1u << 20)
#define RANK_TOUCHED 3001

/*
 * Many items of few weights, far apart in the roadmap and touched in no
 * order: the candidates are those that sorting all of them gives, for
 * needs that none, some or all reach.
 */
static void
test_rank_touched_sorted(void **state)
{
	float *acc = calloc(RANK_ITEMS, sizeof *acc);
	uint32_t *touched = malloc(RANK_TOUCHED * sizeof *touched);
	float *w = malloc(RANK_TOUCHED * sizeof *w);
	uint64_t *keys = malloc(RANK_TOUCHED * sizeof *keys);
	unsigned char *seen = calloc(RANK_ITEMS, 1);
	uint32_t seed = 99, out[MAX_SCORED], want[MAX_SCORED];
	static const float needs[] = {0.0f, 0.25f, 1.0f, 1.75f, 2.0f, 2.125f, 9.0f};
	static const size_t ks[] = {1, 5, 50};

	(void)state;
	assert_non_null(acc);
	assert_non_null(touched);
	assert_non_null(w);
	assert_non_null(keys);
	assert_non_null(seen);
	for (int round = 0; round < 20; round++) {
		/* Fewer items in some rounds: few reach need, or the tail is short. */
		size_t n = round % 4 == 0 ? 7 + (size_t)round : RANK_TOUCHED - (size_t)round % 4;

		for (size_t i = 0; i < n; i++) {
			uint32_t item;

			do
				item = lcg(&seed) % (round % 2 ? RANK_ITEMS : 4096);
			while (seen[item]);
			seen[item] = 1;
			touched[i] = item;
			/* Weights 0.125 to 2, in eighths: many share one. */
			w[i] = (float)(1 + lcg(&seed) % 16) / 8.0f;
			keys[i] = ((uint64_t)float_bits(w[i]) << 32) - item;
		}
		qsort(keys, n, sizeof *keys, cmp_best);
		for (size_t x = 0; x < sizeof needs / sizeof needs[0]; x++) {
			for (size_t y = 0; y < sizeof ks / sizeof ks[0]; y++) {
				uint32_t nb = needs[x] > 0 ? float_bits(needs[x]) : 0;
				size_t reach = 0, nwant, got;

				/* A key is its weight's bits times 2^32, less its item. */
				while (reach < n && (keys[reach] + UINT32_MAX) >> 32 >= nb)
					reach++;
				nwant = reach > 0 ? (reach < ks[y] ? reach : ks[y])
				                  : (n < OVP_MATCH_MAX_CANDIDATES ? n : OVP_MATCH_MAX_CANDIDATES);
				for (size_t i = 0; i < nwant; i++)
					want[i] = (uint32_t)0 - (uint32_t)keys[i];
				qsort(want, nwant, sizeof *want, cmp_u32);
				got = ranked(acc, touched, w, n, nb, ks[y], out);
				assert_int_equal(got, nwant);
				for (size_t i = 0; i < nwant; i++)
					assert_int_equal(out[i], want[i]);
			}
		}
		for (size_t i = 0; i < n; i++)
			seen[touched[i]] = 0;
	}
	free(acc);
	free(touched);
	free(w);
	free(keys);
	free(seen);
}

/* ---- The walk, noting the items that reach need ------------------------ */

#define WALK_ITEMS 64

/* One step of a walk: a list, its weight, and how it is added. */
typedef enum { ADD, MORE, PROBE } walk_kind;

typedef struct walk_step {
	walk_kind kind;
	const uint32_t *list;
	uint32_t n;
	float w;
} walk_step;

static void
walk_steps(walk *s, const walk_step *st, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (st[i].kind == ADD)
			walk_add(s, st[i].list, st[i].n, st[i].w);
		else if (st[i].kind == MORE)
			walk_more(s, st[i].list, st[i].n, st[i].w);
		else
			walk_probe(s, st[i].list, st[i].n, st[i].w);
	}
}

/*
 * The steps walked twice over acc (all 0, WALK_ITEMS or more): ranked by
 * walk_rank() into out (*nreached items noted), and by rank_touched() of
 * the same weights into old, both sorted; every weight is left 0.
 */
static size_t
walk_both(float *acc, size_t nitems, const walk_step *st, size_t n, uint32_t needbits, size_t k,
          uint32_t *out, uint32_t *old, size_t *nreached)
{
	uint32_t *touched = malloc(2 * (nitems + 1) * sizeof *touched);
	uint64_t heap[MAX_SCORED + 1];
	size_t got, nold;
	walk s;

	assert_non_null(touched);
	walk_start(&s, acc, touched, touched + nitems + 1, needbits);
	walk_steps(&s, st, n);
	*nreached = s.nr;
	/* The items noted are those whose weight reached need, each once, when they are known. */
	if (needbits > 0 && s.exact) {
		size_t reach = 0;

		for (size_t i = 0; i < nitems; i++)
			reach += float_bits(acc[i]) >= needbits;
		assert_int_equal(s.nr, reach);
		for (size_t i = 0; i < s.nr; i++) {
			assert_true(float_bits(acc[s.reached[i]]) >= needbits);
			for (size_t j = 0; j < i; j++)
				assert_int_not_equal(s.reached[i], s.reached[j]);
		}
	}
	got = walk_rank(&s, heap, k, out);
	for (size_t i = 0; i < nitems; i++)
		assert_true(acc[i] == 0);
	walk_start(&s, acc, touched, touched + nitems + 1, needbits);
	walk_steps(&s, st, n);
	nold = rank_touched(acc, s.touched, s.nt, needbits, heap, k, old);
	for (size_t i = 0; i < nitems; i++)
		assert_true(acc[i] == 0);
	free(touched);
	assert_int_equal(got, nold);
	qsort(out, got, sizeof *out, cmp_u32);
	qsort(old, nold, sizeof *old, cmp_u32);
	for (size_t i = 0; i < got; i++)
		assert_int_equal(out[i], old[i]);
	return got;
}

/* walk_both() of the steps, which give the items of want (in item order) with nreached noted. */
static void
expect_walk(const walk_step *st, size_t n, float need, size_t k, const char *want,
            size_t nreached)
{
	float acc[WALK_ITEMS] = {0};
	uint32_t out[WALK_ITEMS], old[WALK_ITEMS];
	size_t noted, got = walk_both(acc, WALK_ITEMS, st, n, need > 0 ? float_bits(need) : 0, k,
	                              out, old, &noted), i = 0;
	char *end;

	for (const char *p = want; *p != '\0'; p = end, i++) {
		assert_true(i < got);
		assert_int_equal(out[i], strtoul(p, &end, 10));
	}
	assert_int_equal(got, i);
	assert_int_equal(noted, nreached);
}

static void
test_walk_reached(void **state)
{
	static const uint32_t a[] = {1, 4, 9, 16, 25, 36}, b[] = {4, 9, 10, 11, 40};
	static const uint32_t c[] = {2, 9, 11, 16, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33};
	static const uint32_t d[] = {11, 25};
	const walk_step first[] = {{ADD, a, 6, 1.0f}, {ADD, b, 5, 0.5f}};
	const walk_step more[] = {{ADD, a, 6, 1.0f}, {ADD, b, 5, 0.5f}, {MORE, c, 18, 0.75f}};
	const walk_step probe[] = {{ADD, a, 6, 1.0f}, {ADD, b, 5, 0.5f}, {PROBE, d, 2, 1.25f}};
	const walk_step zero[] = {{ADD, a, 6, 1.0f}, {ADD, b, 5, 0.0f}, {MORE, c, 18, -0.25f}};
	const walk_step endless[] = {{ADD, a, 6, INFINITY}, {ADD, b, 5, 0.5f}};

	(void)state;
	/* None reaches need: the best few of all (4 and 9 have 1.5, then 1, 16, 25, 36 1). */
	expect_walk(first, 2, 1.75f, 3, "1 4 9 16 25", 0);
	/* Two just reach it, their bits equal to need's, in walk_add(). */
	expect_walk(first, 2, 1.5f, 3, "4 9", 2);
	/* The first list alone reaches it: all its items. */
	expect_walk(first, 2, 1.0f, 50, "1 4 9 16 25 36", 6);
	/* The best k of those that reach it, the lower item first among equals. */
	expect_walk(first, 2, 1.0f, 3, "1 4 9", 6);
	/*
	 * In walk_more(): 9 (2.25) and 16, 25 (1.75) reach 1.75 there, 4 not
	 * on c stays at 1.5, and 11 (1.25) does not; items not touched before
	 * are not added to.
	 */
	expect_walk(more, 3, 1.75f, 50, "9 16 25", 3);
	/* In walk_probe(): 11 (0.5 + 1.25) and 25 (1 + 1.25). */
	expect_walk(probe, 3, 1.75f, 50, "11 25", 2);
	expect_walk(probe, 3, 2.25f, 50, "25", 1);
	/* A need of 0: every touched item reaches it, and none is noted. */
	expect_walk(first, 2, 0.0f, 4, "1 4 9 16", 0);
	/* Also when the first list's weight is too large for a float: none is noted. */
	expect_walk(endless, 2, 0.0f, 50, "1 4 9 10 11 16 25 36 40", 0);
	/*
	 * A weight not above 0 adds nothing in walk_add(); one in walk_more()
	 * leaves the items noted unknown (all six of a were): all are ranked.
	 */
	expect_walk(zero, 3, 0.25f, 2, "1 4", 6);
}

/*
 * The items noted, in the order they reached need, and more than k of
 * them: the best k.
 */
static void
test_walk_reached_order(void **state)
{
	static const uint32_t a[] = {3, 5, 7}, b[] = {1, 2, 5, 6}, c[] = {2, 3};
	float acc[WALK_ITEMS] = {0};
	uint32_t touched[2 * (WALK_ITEMS + 1)], out[WALK_ITEMS];
	uint64_t heap[MAX_SCORED + 1];
	walk s;

	(void)state;
	walk_start(&s, acc, touched, touched + WALK_ITEMS + 1, float_bits(1.5f));
	walk_add(&s, a, 3, 1.0f);
	walk_add(&s, b, 4, 0.5f);
	walk_more(&s, c, 2, 0.5f);
	assert_int_equal(s.nt, 6);
	assert_int_equal(s.nr, 2);
	assert_int_equal(walk_rank(&s, heap, 5, out), 2);
	/* 5 reached it in walk_add(), 3 in walk_more(): 2 has 1 only. */
	assert_int_equal(out[0], 5);
	assert_int_equal(out[1], 3);
	for (size_t i = 0; i < WALK_ITEMS; i++)
		assert_true(acc[i] == 0);

	/* Over MAX_SCORED items reach it: the best MAX_SCORED, by weight, then the lower item. */
	{
		uint32_t many[MAX_SCORED + 10], few[5] = {0, 10, 20, 30, 40};
		uint32_t t2[2 * (MAX_SCORED + 11)];
		float big[MAX_SCORED + 10] = {0};

		for (uint32_t i = 0; i < MAX_SCORED + 10; i++)
			many[i] = i;
		walk_start(&s, big, t2, t2 + MAX_SCORED + 11, float_bits(1.0f));
		walk_add(&s, many, MAX_SCORED + 10, 1.0f);
		walk_more(&s, few, 5, 0.5f);
		assert_int_equal(s.nr, MAX_SCORED + 10);
		assert_int_equal(walk_rank(&s, heap, MAX_SCORED, out), MAX_SCORED);
		qsort(out, MAX_SCORED, sizeof *out, cmp_u32);
		/* 0, 10, 20, 30 and 40 (1.5), then 1 to 49 but those: 45 items of 1. */
		for (uint32_t i = 0, want = 0; i < MAX_SCORED; i++, want++) {
			while (want > 49 && want % 10 != 0)
				want++;
			assert_int_equal(out[i], want);
		}
	}
}

/*
 * Random walks of weights that are no sums of few bits, some needs the
 * weight of an item exactly: walk_rank() gives what rank_touched() gives.
 */
static void
test_walk_reached_random(void **state)
{
	enum { ITEMS = 4096, LISTS = 12, MAXLEN = 600 };
	float *acc = calloc(ITEMS, sizeof *acc);
	uint32_t *lists = malloc(LISTS * MAXLEN * sizeof *lists);
	uint32_t out[ITEMS], old[ITEMS];
	uint32_t seed = 7;
	size_t any = 0, over = 0;

	(void)state;
	assert_non_null(acc);
	assert_non_null(lists);
	for (int round = 0; round < 300; round++) {
		walk_step st[LISTS];
		size_t n = 2 + lcg(&seed) % (LISTS - 1), noted;
		uint32_t needbits;
		float need;

		for (size_t i = 0; i < n; i++) {
			uint32_t *l = lists + i * MAXLEN, len = 0;
			/* Short lists of many items or long ones of few. */
			uint32_t span = i % 3 == 0 ? 64 : ITEMS, step = 1 + lcg(&seed) % (span / 16);

			for (uint32_t item = lcg(&seed) % step; item < span && len < MAXLEN;
			     item += 1 + lcg(&seed) % step)
				l[len++] = item;
			st[i].list = l;
			st[i].n = len;
			st[i].w = (float)(lcg(&seed) % 1000 + 1) / 997.0f;
			st[i].kind = i == 0 ? ADD : (walk_kind)(lcg(&seed) % 3);
		}
		/* Need: near a sum of some weights, or the weight of one item exactly. */
		need = 0;
		for (size_t i = 0; i < n; i++)
			if (lcg(&seed) % 2)
				need += st[i].w;
		if (round % 3 == 0) {
			walk s;
			uint32_t *t = malloc(2 * (ITEMS + 1) * sizeof *t);

			assert_non_null(t);
			walk_start(&s, acc, t, t + ITEMS + 1, 0);
			walk_steps(&s, st, n);
			need = acc[t[lcg(&seed) % s.nt]];
			for (size_t i = 0; i < s.nt; i++)
				acc[t[i]] = 0;
			free(t);
		}
		needbits = need > 0 ? float_bits(need) : 0;
		for (size_t k = 1; k <= MAX_SCORED; k += MAX_SCORED - 1) {
			walk_both(acc, ITEMS, st, n, needbits, k, out, old, &noted);
			any += noted > 0;
			over += noted > k;
		}
	}
	/* Both kinds were met. */
	assert_true(any > 50);
	assert_true(over > 20);
	free(acc);
	free(lists);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_kind_names),
		cmocka_unit_test(test_key_boundaries),
		cmocka_unit_test(test_numeric_ids),
		cmocka_unit_test(test_duplicate_ids),
		cmocka_unit_test(test_exact_and_aliases),
		cmocka_unit_test(test_duplicate_titles),
		cmocka_unit_test(test_alias_error),
		cmocka_unit_test(test_cache),
		cmocka_unit_test(test_cache_bounded),
		cmocka_unit_test(test_cache_entries),
		cmocka_unit_test(test_cache_policy),
		cmocka_unit_test(test_similarity),
		cmocka_unit_test(test_fuzzy_and_ambiguity),
		cmocka_unit_test(test_empty_roadmap),
		cmocka_unit_test(test_large_roadmap_bounded),
		cmocka_unit_test(test_word_on_every_title),
		cmocka_unit_test(test_labelled_set),
		cmocka_unit_test(test_fork),
		cmocka_unit_test(test_match_missed),
		cmocka_unit_test(test_index_on_two_threads),
		cmocka_unit_test(test_alias_records),
		cmocka_unit_test(test_stems_four_languages),
		cmocka_unit_test(test_acronyms),
		cmocka_unit_test(test_word_cases),
		cmocka_unit_test(test_lone_names),
		cmocka_unit_test(test_prefixes),
		cmocka_unit_test(test_first_letter_typos),
		cmocka_unit_test(test_typo_letters),
		cmocka_unit_test(test_typo_distance),
		cmocka_unit_test(test_has_digit),
		cmocka_unit_test(test_filler_words),
		cmocka_unit_test(test_bullets_and_tags),
		cmocka_unit_test(test_long_title),
		cmocka_unit_test(test_word_in_titles_and_aliases),
		cmocka_unit_test(test_limits_named),
		cmocka_unit_test(test_rank_touched),
		cmocka_unit_test(test_rank_touched_ties),
		cmocka_unit_test(test_rank_touched_sorted),
		cmocka_unit_test(test_walk_reached),
		cmocka_unit_test(test_walk_reached_order),
		cmocka_unit_test(test_walk_reached_random),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
