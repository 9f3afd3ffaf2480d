/*
 * Fuzz target: the matcher's normalisation (ovp_normalize), its score
 * (ovp_similarity) and ovp_matcher_match() against a small fixed
 * roadmap with keys, look-alike keys, aliases, twin titles and non-ASCII
 * names (a second variant has Azure DevOps style numeric ids).  The
 * first byte chooses the roadmap; the rest is matched as a whole and
 * line by line, and its first line is scored against the others.
 *
 * Checked besides memory errors: a normalised text is valid UTF-8 with
 * no leading, trailing or doubled space; a score lies in [0, 1]; a match
 * result is consistent with its kind, and a text matched twice gives
 * the same result.
 */
#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <overpromise/match.h>

#include "fuzz.h"
#include "src/text.h"

#define W(s, e) ((ovp_window){(s), (e), OVP_PERIOD_DAY})

static const char *const sso_aliases[] = {"SSO", "SAML SSO"};
static const char *const audit_aliases[] = {"audit trail"};
static const char *const labels[] = {"beta"};

static const ovp_item keyed[] = {
	{.id = "PLAT-101", .title = "Single sign-on (SAML)", .status = "In Progress",
	 .aliases = sso_aliases, .naliases = 2, .line = 2},
	{.id = "PLAT-102", .title = "SCIM user provisioning", .status = "To Do", .line = 3},
	{.id = "PLAT-110", .title = "Webhooks for billing events", .status = "To Do", .line = 4},
	{.id = "PLAT-111", .title = "Webhooks for user events", .status = "To Do", .line = 5},
	{.id = "PLAT-117", .title = "Audit log export", .status = "Done",
	 .aliases = audit_aliases, .naliases = 1, .line = 6},
	{.id = "M-1", .title = "Größere Dateianhänge", .status = "Backlog", .line = 7},
	{.id = "M-10", .title = "Zweifaktorauthentifizierung", .status = "Backlog", .line = 8},
	{.id = "", .title = "Data residency (EU)", .status = "Planned", .line = 9},
	{.id = "DUP-1", .title = "Data residency (EU)", .status = "Planned", .line = 10},
	{.id = "X.2", .title = "Offline mode", .status = "Cancelled", .labels = labels,
	 .nlabels = 1, .line = 11},
	{.id = "NOTITLE-1", .title = "", .status = "To Do", .line = 12},
	{.id = "", .title = "Åtkomstloggar för administratörer", .status = "To Do", .line = 13},
};

static const ovp_item numeric[] = {
	{.id = "2101", .title = "Bulk export API", .status = "Active", .line = 2},
	{.id = "2102", .title = "Bulk import API", .status = "Active", .line = 3},
	{.id = "21", .title = "Dark mode", .status = "New", .line = 4},
};

/* The unconfirmed_similarity of every matcher here. */
#define UNCONFIRMED 0.6

/* The min_similarity of the matcher in use. */
static double min_sim;

static const ovp_alias aliases[] = {
	{"single sign on", "PLAT-101", NULL, 0},
	{"provisioning", "SCIM user provisioning", NULL, 0},
};

static bool
valid_utf8(const unsigned char *s)
{
	while (*s != '\0') {
		size_t n = *s < 0x80 ? 1 : (*s & 0xE0) == 0xC0 ? 2 : (*s & 0xF0) == 0xE0 ? 3 :
		           (*s & 0xF8) == 0xF0 ? 4 : 0;

		if (n == 0)
			return false;
		for (size_t k = 1; k < n; k++)
			if ((s[k] & 0xC0) != 0x80)
				return false;
		s += n;
	}
	return true;
}

static void
check_normalize(const char *s, size_t len)
{
	char *n = ovp_normalize(s, len);
	size_t nl;

	FUZZ_CHECK(n != NULL);
	nl = strlen(n);
	FUZZ_CHECK(valid_utf8((const unsigned char *)n));
	if (nl > 0) {
		FUZZ_CHECK(n[0] != ' ' && n[nl - 1] != ' ');
		FUZZ_CHECK(strstr(n, "  ") == NULL);
	}
	free(n);
}

static void
check_match(ovp_matcher *m, const char *s, size_t len)
{
	const ovp_match *r = ovp_matcher_match(m, s, len, NULL);

	FUZZ_CHECK(r != NULL);
	FUZZ_CHECK(r->ncandidates <= OVP_MATCH_MAX_CANDIDATES);
	for (size_t i = 0; i < r->ncandidates; i++) {
		FUZZ_CHECK(r->candidates[i].item != NULL);
		FUZZ_CHECK(r->candidates[i].score >= 0.0 && r->candidates[i].score <= 1.0);
	}
	switch (r->kind) {
	case OVP_MATCH_NONE:
		FUZZ_CHECK(r->item == NULL);
		break;
	case OVP_MATCH_KEY:
	case OVP_MATCH_EXACT:
	case OVP_MATCH_ALIAS:
		FUZZ_CHECK(r->item != NULL && r->similarity == 1.0);
		break;
	case OVP_MATCH_FUZZY:
		/*
		 * At or above min_similarity, or, the only item with every content
		 * word of the text (a coverage match), at or above unconfirmed_similarity.
		 */
		FUZZ_CHECK(r->item != NULL && r->similarity >= UNCONFIRMED - 1e-9 &&
		           r->similarity <= 1.0);
		break;
	case OVP_MATCH_AMBIGUOUS:
		FUZZ_CHECK(r->item == NULL && r->ncandidates >= 2);
		break;
	case OVP_MATCH_UNCONFIRMED:
		/* No match, the close candidate named: at or above unconfirmed_similarity. */
		FUZZ_CHECK(r->item == NULL && r->ncandidates >= 1);
		FUZZ_CHECK(r->similarity >= UNCONFIRMED - 1e-9 && r->similarity <= 1.0);
		break;
	default:
		FUZZ_CHECK(!"a match kind");
	}
	FUZZ_CHECK(ovp_matcher_match(m, s, len, NULL) == r);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	ovp_roadmap rm = {0};
	ovp_matcher *m;
	ovp_error err;
	const char *text, *end, *first_end, *p;
	char *copy;
	size_t len;

	if (size < 1)
		return 0;
	rm.path = "roadmap.csv";
	if (data[0] & 1) {
		rm.items = numeric;
		rm.nitems = sizeof numeric / sizeof numeric[0];
		rm.numeric_ids = true;
	} else {
		rm.items = keyed;
		rm.nitems = sizeof keyed / sizeof keyed[0];
	}
	min_sim = (data[0] & 2) ? 0.6 : 0.8;
	FUZZ_CHECK(ovp_matcher_new(&m, &rm, (data[0] & 1) ? NULL : aliases,
	                           (data[0] & 1) ? 0 : 2, min_sim, UNCONFIRMED, &err) == 0);

	/* An exact-size copy, so that a read past the text is caught. */
	len = size - 1;
	copy = malloc(len ? len : 1);
	FUZZ_CHECK(copy != NULL);
	memcpy(copy, data + 1, len);
	text = copy;
	end = copy + len;

	check_normalize(text, len);
	if ((data[0] & 2) == 0)
		check_match(m, text, len);
	first_end = memchr(text, '\n', len);
	if (first_end == NULL)
		first_end = end;
	for (p = text; p < end;) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *e = nl != NULL ? nl : end;
		double sc = ovp_similarity(text, (size_t)(first_end - text), p, (size_t)(e - p));

		FUZZ_CHECK(sc >= 0.0 && sc <= 1.0);
		check_normalize(p, (size_t)(e - p));
		if (data[0] & 2)
			check_match(m, p, (size_t)(e - p));
		p = e + 1;
	}
	free(copy);
	ovp_matcher_free(m);
	return 0;
}
