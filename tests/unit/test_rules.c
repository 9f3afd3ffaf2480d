/*
 * Unit tests of the rule catalogue (src/rules.c, SPEC 4): codes, names and
 * default severities exactly as specified, the rationale texts, lookup by
 * code or name, and severity names.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include <overpromise/rules.h>

static const struct {
	ovp_rule_id id;
	const char *code;
	const char *name;
	ovp_severity severity;
} spec[] = {
	{OVP_RULE_UNPLANNED, "OVP001", "unplanned", OVP_SEV_ERROR},
	{OVP_RULE_CANCELLED, "OVP002", "cancelled", OVP_SEV_ERROR},
	{OVP_RULE_UNSCHEDULED, "OVP003", "unscheduled", OVP_SEV_ERROR},
	{OVP_RULE_LATE, "OVP004", "late", OVP_SEV_ERROR},
	{OVP_RULE_OVERDUE, "OVP005", "overdue", OVP_SEV_ERROR},
	{OVP_RULE_SLIP_RISK, "OVP006", "slip-risk", OVP_SEV_WARNING},
	{OVP_RULE_PROTOTYPE, "OVP007", "prototype", OVP_SEV_WARNING},
	{OVP_RULE_AMBIGUOUS, "OVP008", "ambiguous", OVP_SEV_WARNING},
	{OVP_RULE_FUZZY_MATCH, "OVP009", "fuzzy-match", OVP_SEV_NOTE},
	{OVP_RULE_UNDATED, "OVP010", "undated", OVP_SEV_NOTE},
	{OVP_RULE_NO_SIGN_OFF, "OVP011", "no-sign-off", OVP_SEV_WARNING},
	{OVP_RULE_SLIPPED, "OVP012", "slipped", OVP_SEV_WARNING},
	{OVP_RULE_LOW_CONFIDENCE, "OVP013", "low-confidence", OVP_SEV_WARNING},
	{OVP_RULE_UNCONFIRMED, "OVP014", "unconfirmed", OVP_SEV_WARNING},
	{OVP_RULE_OVERCOMMITTED, "OVP015", "overcommitted", OVP_SEV_WARNING},
	{OVP_RULE_CONCENTRATION, "OVP101", "concentration", OVP_SEV_WARNING},
	{OVP_RULE_DATA_QUALITY, "OVP201", "data-quality", OVP_SEV_WARNING},
};

#define NSPEC (sizeof spec / sizeof spec[0])

static void
test_catalogue_matches_spec(void **state)
{
	(void)state;
	assert_int_equal(NSPEC, OVP_RULE_COUNT);
	for (size_t i = 0; i < NSPEC; i++) {
		const ovp_rule *r = ovp_rule_get(spec[i].id);
		assert_non_null(r);
		assert_string_equal(r->code, spec[i].code);
		assert_string_equal(r->name, spec[i].name);
		assert_int_equal(r->severity, spec[i].severity);
	}
	assert_null(ovp_rule_get(OVP_RULE_COUNT));
	assert_null(ovp_rule_get((ovp_rule_id)-1));
}

/* Sentences end in ". " before a capital letter, or at the end of the text. */
static int
count_sentences(const char *s)
{
	int n = 0;
	for (const char *p = s; *p != '\0'; p++)
		if ((*p == '.' || *p == '?') && p[1] == ' ' && p[2] >= 'A' && p[2] <= 'Z')
			n++;
	return n + 1;
}

static void
test_texts(void **state)
{
	(void)state;
	for (size_t i = 0; i < OVP_RULE_COUNT; i++) {
		const ovp_rule *r = ovp_rule_get((ovp_rule_id)i);
		size_t sl = strlen(r->summary), rl = strlen(r->rationale);
		int n = count_sentences(r->rationale);

		/* a one-line summary, a sentence */
		assert_true(sl > 20 && sl <= 100);
		assert_null(strchr(r->summary, '\n'));
		assert_true(r->summary[0] >= 'A' && r->summary[0] <= 'Z');
		assert_int_equal(r->summary[sl - 1], '.');
		/* a rationale of three to five sentences, no line breaks of its own */
		assert_null(strchr(r->rationale, '\n'));
		assert_int_equal(r->rationale[rl - 1], '.');
		assert_null(strstr(r->rationale, "  "));
		if (n < 3 || n > 5) {
			print_error("%s: %d sentences\n", r->code, n);
			fail();
		}
		/* no two rules share a text */
		for (size_t j = 0; j < i; j++) {
			assert_string_not_equal(r->summary, ovp_rule_get((ovp_rule_id)j)->summary);
			assert_string_not_equal(r->rationale, ovp_rule_get((ovp_rule_id)j)->rationale);
		}
	}
	/* the rationale says what to do, in the sales leader's terms */
	assert_non_null(strstr(ovp_rule_get(OVP_RULE_UNPLANNED)->rationale, "contract"));
	assert_non_null(strstr(ovp_rule_get(OVP_RULE_UNPLANNED)->rationale, "roadmap"));
	assert_non_null(strstr(ovp_rule_get(OVP_RULE_SLIP_RISK)->rationale, "overpromise when"));
}

static void
test_find(void **state)
{
	ovp_rule_id id = OVP_RULE_COUNT;

	(void)state;
	for (size_t i = 0; i < NSPEC; i++) {
		char lower[8];
		id = OVP_RULE_COUNT;
		assert_int_equal(ovp_rule_find(spec[i].code, &id), 0);
		assert_int_equal(id, spec[i].id);
		id = OVP_RULE_COUNT;
		assert_int_equal(ovp_rule_find(spec[i].name, &id), 0);
		assert_int_equal(id, spec[i].id);
		for (size_t k = 0; k <= strlen(spec[i].code); k++)
			lower[k] = (char)(spec[i].code[k] >= 'A' && spec[i].code[k] <= 'Z'
			                  ? spec[i].code[k] - 'A' + 'a' : spec[i].code[k]);
		id = OVP_RULE_COUNT;
		assert_int_equal(ovp_rule_find(lower, &id), 0);
		assert_int_equal(id, spec[i].id);
	}
	assert_int_equal(ovp_rule_find("Slip-Risk", &id), 0);
	assert_int_equal(id, OVP_RULE_SLIP_RISK);
	assert_int_equal(ovp_rule_find("DATA-QUALITY", &id), 0);
	assert_int_equal(id, OVP_RULE_DATA_QUALITY);
	assert_int_equal(ovp_rule_find("Ovp101", NULL), 0);

	id = OVP_RULE_LATE;
	assert_int_equal(ovp_rule_find("OVP999", &id), -1);
	assert_int_equal(id, OVP_RULE_LATE); /* untouched on failure */
	assert_int_equal(ovp_rule_find("OVP04", &id), -1);
	assert_int_equal(ovp_rule_find("OVP0041", &id), -1);
	assert_int_equal(ovp_rule_find("lat", &id), -1);
	assert_int_equal(ovp_rule_find("slip risk", &id), -1);
	assert_int_equal(ovp_rule_find(" late", &id), -1);
	assert_int_equal(ovp_rule_find("", &id), -1);
	assert_int_equal(ovp_rule_find(NULL, &id), -1);
}

static void
test_severity(void **state)
{
	ovp_severity s = OVP_SEV_NOTE;

	(void)state;
	assert_string_equal(ovp_severity_name(OVP_SEV_ERROR), "error");
	assert_string_equal(ovp_severity_name(OVP_SEV_WARNING), "warning");
	assert_string_equal(ovp_severity_name(OVP_SEV_NOTE), "note");
	assert_string_equal(ovp_severity_name(OVP_SEV_OFF), "off");
	assert_true(OVP_SEV_ERROR > OVP_SEV_WARNING && OVP_SEV_WARNING > OVP_SEV_NOTE &&
	            OVP_SEV_NOTE > OVP_SEV_OFF);

	assert_int_equal(ovp_severity_parse("error", &s), 0);
	assert_int_equal(s, OVP_SEV_ERROR);
	assert_int_equal(ovp_severity_parse("Warning", &s), 0);
	assert_int_equal(s, OVP_SEV_WARNING);
	assert_int_equal(ovp_severity_parse("NOTE", &s), 0);
	assert_int_equal(s, OVP_SEV_NOTE);
	assert_int_equal(ovp_severity_parse("off", &s), 0);
	assert_int_equal(s, OVP_SEV_OFF);

	s = OVP_SEV_NOTE;
	assert_int_equal(ovp_severity_parse("none", &s), -1);
	assert_int_equal(ovp_severity_parse("ignore", &s), -1);
	assert_int_equal(ovp_severity_parse("warn", &s), -1);
	assert_int_equal(ovp_severity_parse("errors", &s), -1);
	assert_int_equal(ovp_severity_parse("", &s), -1);
	assert_int_equal(ovp_severity_parse(NULL, &s), -1);
	assert_int_equal(s, OVP_SEV_NOTE);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_catalogue_matches_spec),
		cmocka_unit_test(test_texts),
		cmocka_unit_test(test_find),
		cmocka_unit_test(test_severity),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
