/*
 * Unit tests of the status classes (src/status.c, SPEC 2.3): the built-in
 * vocabulary with the statuses real tools export, spelling variants, the
 * resolution refinement, the status category hint and configured words.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include <overpromise/config.h>
#include <overpromise/roadmap.h>
#include <overpromise/status.h>

struct expect {
	const char *status;
	ovp_status_class cls;
};

static void
check_all(const struct expect *e, size_t n, const struct ovp_config *cfg)
{
	for (size_t i = 0; i < n; i++) {
		bool known = false;
		ovp_status_class c = ovp_status_classify(e[i].status, NULL, NULL, cfg, &known);
		if (c != e[i].cls || !known) {
			print_error("\"%s\": got %s (known %d), want %s\n", e[i].status,
			            ovp_status_class_name(c), known, ovp_status_class_name(e[i].cls));
			fail();
		}
	}
}

#define CHECK_ALL(table, cfg) check_all(table, sizeof table / sizeof table[0], cfg)

static void
test_class_names(void **state)
{
	(void)state;
	assert_string_equal(ovp_status_class_name(OVP_CLASS_PLANNED), "planned");
	assert_string_equal(ovp_status_class_name(OVP_CLASS_IN_PROGRESS), "in_progress");
	assert_string_equal(ovp_status_class_name(OVP_CLASS_SHIPPED), "shipped");
	assert_string_equal(ovp_status_class_name(OVP_CLASS_CANCELLED), "cancelled");
	assert_string_equal(ovp_status_class_name(OVP_CLASS_UNPLANNED), "unplanned");
	assert_string_equal(ovp_status_class_name(OVP_CLASS_COUNT), "planned");
}

/* Every word SPEC 2.3 lists. */
static void
test_spec_vocabulary(void **state)
{
	static const struct expect spec[] = {
		{"Done", OVP_CLASS_SHIPPED}, {"Closed", OVP_CLASS_SHIPPED},
		{"Resolved", OVP_CLASS_SHIPPED}, {"Released", OVP_CLASS_SHIPPED},
		{"Shipped", OVP_CLASS_SHIPPED}, {"Completed", OVP_CLASS_SHIPPED},
		{"Live", OVP_CLASS_SHIPPED}, {"GA", OVP_CLASS_SHIPPED},
		{"Canceled", OVP_CLASS_CANCELLED}, {"Cancelled", OVP_CLASS_CANCELLED},
		{"Won't do", OVP_CLASS_CANCELLED}, {"Will not implement", OVP_CLASS_CANCELLED},
		{"Rejected", OVP_CLASS_CANCELLED}, {"Duplicate", OVP_CLASS_CANCELLED},
		{"Removed", OVP_CLASS_CANCELLED}, {"Obsolete", OVP_CLASS_CANCELLED},
		{"In Progress", OVP_CLASS_IN_PROGRESS}, {"Active", OVP_CLASS_IN_PROGRESS},
		{"Started", OVP_CLASS_IN_PROGRESS}, {"In Development", OVP_CLASS_IN_PROGRESS},
		{"In Review", OVP_CLASS_IN_PROGRESS}, {"Testing", OVP_CLASS_IN_PROGRESS},
		{"QA", OVP_CLASS_IN_PROGRESS},
		{"To Do", OVP_CLASS_PLANNED}, {"Todo", OVP_CLASS_PLANNED},
		{"Planned", OVP_CLASS_PLANNED}, {"Scheduled", OVP_CLASS_PLANNED},
		{"Committed", OVP_CLASS_PLANNED}, {"Ready", OVP_CLASS_PLANNED},
		{"Selected for Development", OVP_CLASS_PLANNED}, {"New", OVP_CLASS_PLANNED},
		{"Backlog", OVP_CLASS_UNPLANNED}, {"Idea", OVP_CLASS_UNPLANNED},
		{"New idea", OVP_CLASS_UNPLANNED}, {"Candidate", OVP_CLASS_UNPLANNED},
		{"Discovery", OVP_CLASS_UNPLANNED}, {"Triage", OVP_CLASS_UNPLANNED},
		{"Under consideration", OVP_CLASS_UNPLANNED}, {"Icebox", OVP_CLASS_UNPLANNED},
		{"Later", OVP_CLASS_UNPLANNED},
	};
	(void)state;
	CHECK_ALL(spec, NULL);
}

/* The default workflows of the tools SPEC 2.3 names. */
static void
test_tool_vocabularies(void **state)
{
	static const struct expect tools[] = {
		/* Jira */
		{"Open", OVP_CLASS_PLANNED}, {"Reopened", OVP_CLASS_PLANNED},
		{"Code Review", OVP_CLASS_IN_PROGRESS}, {"Blocked", OVP_CLASS_IN_PROGRESS},
		{"Won't Fix", OVP_CLASS_CANCELLED},
		/* Jira Product Discovery */
		{"Parking lot", OVP_CLASS_UNPLANNED}, {"Ready for delivery", OVP_CLASS_PLANNED},
		{"Delivery", OVP_CLASS_IN_PROGRESS}, {"Impact", OVP_CLASS_SHIPPED},
		{"Archived", OVP_CLASS_CANCELLED},
		/* Linear */
		{"Backlog", OVP_CLASS_UNPLANNED}, {"Todo", OVP_CLASS_PLANNED},
		{"In Progress", OVP_CLASS_IN_PROGRESS}, {"In Review", OVP_CLASS_IN_PROGRESS},
		{"Done", OVP_CLASS_SHIPPED}, {"Canceled", OVP_CLASS_CANCELLED},
		{"Duplicate", OVP_CLASS_CANCELLED},
		/* Aha! */
		{"Under consideration", OVP_CLASS_UNPLANNED},
		{"Future consideration", OVP_CLASS_UNPLANNED},
		{"Will not implement", OVP_CLASS_CANCELLED},
		{"Ready to develop", OVP_CLASS_PLANNED}, {"In design", OVP_CLASS_IN_PROGRESS},
		{"In development", OVP_CLASS_IN_PROGRESS}, {"Ready to ship", OVP_CLASS_IN_PROGRESS},
		{"Shipped", OVP_CLASS_SHIPPED}, {"Already exists", OVP_CLASS_SHIPPED},
		/* Productboard */
		{"New idea", OVP_CLASS_UNPLANNED}, {"Candidate", OVP_CLASS_UNPLANNED},
		{"Planned", OVP_CLASS_PLANNED}, {"Released", OVP_CLASS_SHIPPED},
		{"Won't do", OVP_CLASS_CANCELLED},
		/* Azure DevOps (Agile, Scrum, CMMI, Basic) */
		{"New", OVP_CLASS_PLANNED}, {"Active", OVP_CLASS_IN_PROGRESS},
		{"Resolved", OVP_CLASS_SHIPPED}, {"Closed", OVP_CLASS_SHIPPED},
		{"Removed", OVP_CLASS_CANCELLED}, {"Proposed", OVP_CLASS_PLANNED},
		{"Approved", OVP_CLASS_PLANNED}, {"Doing", OVP_CLASS_IN_PROGRESS},
		/* Asana */
		{"Not started", OVP_CLASS_PLANNED}, {"Completed", OVP_CLASS_SHIPPED},
		{"On hold", OVP_CLASS_UNPLANNED}, {"At risk", OVP_CLASS_IN_PROGRESS},
		/* GitHub Projects */
		{"Ready", OVP_CLASS_PLANNED}, {"In progress", OVP_CLASS_IN_PROGRESS},
		{"Not planned", OVP_CLASS_CANCELLED},
		/* hand-made sheets */
		{"Deferred", OVP_CLASS_UNPLANNED}, {"Generally Available", OVP_CLASS_SHIPPED},
		{"UAT", OVP_CLASS_IN_PROGRESS}, {"Out of scope", OVP_CLASS_CANCELLED},
	};
	(void)state;
	CHECK_ALL(tools, NULL);
}

/* Case, punctuation, spacing, apostrophes and accents do not matter. */
static void
test_spellings(void **state)
{
	static const struct expect variants[] = {
		{"Won't do", OVP_CLASS_CANCELLED}, {"WONT DO", OVP_CLASS_CANCELLED},
		{"won\xE2\x80\x99t do", OVP_CLASS_CANCELLED}, /* curly apostrophe */
		{"Won`t-Do", OVP_CLASS_CANCELLED}, {"wont_do", OVP_CLASS_CANCELLED},
		{"In-Progress", OVP_CLASS_IN_PROGRESS}, {"in_progress", OVP_CLASS_IN_PROGRESS},
		{"IN PROGRESS", OVP_CLASS_IN_PROGRESS}, {"InProgress", OVP_CLASS_IN_PROGRESS},
		{"  Done  ", OVP_CLASS_SHIPPED}, {"DONE", OVP_CLASS_SHIPPED},
		{"done.", OVP_CLASS_SHIPPED}, {"\tTo-Do\r", OVP_CLASS_PLANNED},
		{"to do", OVP_CLASS_PLANNED}, {"ICEBOX", OVP_CLASS_UNPLANNED},
		{"In\xC2\xA0Review", OVP_CLASS_IN_PROGRESS},    /* no-break space */
		{"Cancel\xC3\xA9" "d", OVP_CLASS_CANCELLED},    /* an accent */
		{"\xEF\xBC\xA4\xEF\xBD\x8F\xEF\xBD\x8E\xEF\xBD\x85", OVP_CLASS_SHIPPED}, /* fullwidth */
		{"Done\xFF", OVP_CLASS_SHIPPED},                /* an invalid byte */
	};
	(void)state;
	CHECK_ALL(variants, NULL);
}

static void
test_unknown(void **state)
{
	char longer[400];
	bool known = true;

	(void)state;
	assert_int_equal(ovp_status_classify("Awaiting legal", NULL, NULL, NULL, &known),
	                 OVP_CLASS_PLANNED);
	assert_false(known);
	known = true;
	assert_int_equal(ovp_status_classify("", NULL, NULL, NULL, &known), OVP_CLASS_PLANNED);
	assert_false(known);
	known = true;
	assert_int_equal(ovp_status_classify(NULL, NULL, NULL, NULL, &known), OVP_CLASS_PLANNED);
	assert_false(known);
	known = true;
	assert_int_equal(ovp_status_classify("---", NULL, NULL, NULL, &known), OVP_CLASS_PLANNED);
	assert_false(known);
	/* a word inside a longer status is not the status */
	assert_int_equal(ovp_status_classify("Not done", NULL, NULL, NULL, &known),
	                 OVP_CLASS_PLANNED);
	assert_false(known);
	/* longer than the normalisation buffer: unknown, not cut to a match */
	memset(longer, 'x', sizeof longer - 1);
	memcpy(longer, "done", 4);
	longer[sizeof longer - 1] = '\0';
	known = true;
	assert_int_equal(ovp_status_classify(longer, NULL, NULL, NULL, &known), OVP_CLASS_PLANNED);
	assert_false(known);
	/* known may be NULL */
	assert_int_equal(ovp_status_classify("Done", NULL, NULL, NULL, NULL), OVP_CLASS_SHIPPED);
}

static void
test_resolution(void **state)
{
	static const char *const cancelling[] = {
		"Won't Do", "Won't Fix", "Duplicate", "Cannot Reproduce", "Declined",
		"WONTFIX", "won\xE2\x80\x99t do", "Rejected", "Obsolete", "Incomplete",
	};
	static const char *const delivering[] = {"Done", "Fixed", "", "Unresolved", "Resolved"};
	bool known = false;

	(void)state;
	for (size_t i = 0; i < sizeof cancelling / sizeof cancelling[0]; i++) {
		assert_int_equal(ovp_status_classify("Done", cancelling[i], NULL, NULL, &known),
		                 OVP_CLASS_CANCELLED);
		assert_true(known);
		assert_int_equal(ovp_status_classify("Closed", cancelling[i], NULL, NULL, &known),
		                 OVP_CLASS_CANCELLED);
		assert_int_equal(ovp_status_classify("Resolved", cancelling[i], NULL, NULL, &known),
		                 OVP_CLASS_CANCELLED);
	}
	for (size_t i = 0; i < sizeof delivering / sizeof delivering[0]; i++)
		assert_int_equal(ovp_status_classify("Done", delivering[i], NULL, NULL, &known),
		                 OVP_CLASS_SHIPPED);
	assert_int_equal(ovp_status_classify("Done", NULL, NULL, NULL, &known), OVP_CLASS_SHIPPED);
	/* only a done status is refined: open work with a stray resolution stays open */
	assert_int_equal(ovp_status_classify("In Progress", "Won't Do", NULL, NULL, &known),
	                 OVP_CLASS_IN_PROGRESS);
	assert_int_equal(ovp_status_classify("Backlog", "Duplicate", NULL, NULL, &known),
	                 OVP_CLASS_UNPLANNED);
}

static void
test_category(void **state)
{
	bool known = false;

	(void)state;
	/* the hint decides for a status in no vocabulary, and then it is known */
	assert_int_equal(ovp_status_classify("Awaiting legal", NULL, "Done", NULL, &known),
	                 OVP_CLASS_SHIPPED);
	assert_true(known);
	known = false;
	assert_int_equal(ovp_status_classify("Awaiting legal", NULL, "In Progress", NULL, &known),
	                 OVP_CLASS_IN_PROGRESS);
	assert_true(known);
	known = false;
	assert_int_equal(ovp_status_classify("Awaiting legal", NULL, "To Do", NULL, &known),
	                 OVP_CLASS_PLANNED);
	assert_true(known);
	assert_int_equal(ovp_status_classify("Sign-off", NULL, "indeterminate", NULL, &known),
	                 OVP_CLASS_IN_PROGRESS);
	/* the status itself wins over the hint */
	assert_int_equal(ovp_status_classify("Backlog", NULL, "To Do", NULL, &known),
	                 OVP_CLASS_UNPLANNED);
	assert_int_equal(ovp_status_classify("Won't Do", NULL, "Done", NULL, &known),
	                 OVP_CLASS_CANCELLED);
	/* the resolution refines a class the hint decided */
	assert_int_equal(ovp_status_classify("Awaiting legal", "Won't Do", "Done", NULL, &known),
	                 OVP_CLASS_CANCELLED);
	assert_true(known);
	/* an unknown hint is no hint */
	known = true;
	assert_int_equal(ovp_status_classify("Awaiting legal", NULL, "No Category", NULL, &known),
	                 OVP_CLASS_PLANNED);
	assert_false(known);
	known = true;
	assert_int_equal(ovp_status_classify("Awaiting legal", NULL, "", NULL, &known),
	                 OVP_CLASS_PLANNED);
	assert_false(known);
}

static void
test_configured_words(void **state)
{
	static char parked[] = "Parked", sunset[] = "Sunset", to_all[] = "Released to all",
	            legal[] = "Awaiting legal";
	char *cancelled[] = {parked, sunset};
	char *shipped[] = {to_all};
	char *in_progress[] = {legal};
	ovp_config cfg;
	bool known = false;

	(void)state;
	ovp_config_init(&cfg);
	cfg.status_words[OVP_CLASS_CANCELLED] = cancelled;
	cfg.nstatus_words[OVP_CLASS_CANCELLED] = 2;
	cfg.status_words[OVP_CLASS_SHIPPED] = shipped;
	cfg.nstatus_words[OVP_CLASS_SHIPPED] = 1;
	cfg.status_words[OVP_CLASS_IN_PROGRESS] = in_progress;
	cfg.nstatus_words[OVP_CLASS_IN_PROGRESS] = 1;

	/* a new word, compared as the built-ins are */
	assert_int_equal(ovp_status_classify("released-to-ALL", NULL, NULL, &cfg, &known),
	                 OVP_CLASS_SHIPPED);
	assert_true(known);
	assert_int_equal(ovp_status_classify("SUNSET", NULL, NULL, &cfg, &known),
	                 OVP_CLASS_CANCELLED);
	/* configured words take precedence over built-ins (Parked is unplanned built in) */
	assert_int_equal(ovp_status_classify("Parked", NULL, NULL, NULL, &known),
	                 OVP_CLASS_UNPLANNED);
	assert_int_equal(ovp_status_classify("parked", NULL, NULL, &cfg, &known),
	                 OVP_CLASS_CANCELLED);
	/* ... and over the category hint */
	assert_int_equal(ovp_status_classify("Awaiting Legal", NULL, "Done", &cfg, &known),
	                 OVP_CLASS_IN_PROGRESS);
	/* built-ins still work alongside */
	assert_int_equal(ovp_status_classify("Done", NULL, NULL, &cfg, &known), OVP_CLASS_SHIPPED);
	/* a configured cancelled word also cancels as a resolution */
	assert_int_equal(ovp_status_classify("Done", "Sunset", NULL, &cfg, &known),
	                 OVP_CLASS_CANCELLED);
	assert_int_equal(ovp_status_classify("Released to all", "Won't Do", NULL, &cfg, &known),
	                 OVP_CLASS_CANCELLED);
	/* the words belong to the test, not to cfg */
	for (int c = 0; c < OVP_CLASS_COUNT; c++) {
		cfg.status_words[c] = NULL;
		cfg.nstatus_words[c] = 0;
	}
	ovp_config_free(&cfg);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_class_names),
		cmocka_unit_test(test_spec_vocabulary),
		cmocka_unit_test(test_tool_vocabularies),
		cmocka_unit_test(test_spellings),
		cmocka_unit_test(test_unknown),
		cmocka_unit_test(test_resolution),
		cmocka_unit_test(test_category),
		cmocka_unit_test(test_configured_words),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
