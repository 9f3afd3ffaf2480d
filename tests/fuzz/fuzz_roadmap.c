/*
 * Fuzz target: a roadmap export read on two threads against one.  The
 * input is written to a file and loaded with ovp_roadmap_load_files_on()
 * on one thread and on two (one reading the rows, the other making the
 * items of each batch of rows); when its last byte is odd the file is
 * named twice, as two roadmaps read as one, so that ids repeat across
 * files, and when its next bit is set both loads are told a
 * configuration that maps columns, orders dates day first, counts
 * effort in days and adds status names.  Both loads must give the same items, field by field, the same
 * problems in the same order, or the same error.
 *
 * A roadmap large enough for the matcher's index to be built on two
 * threads has it built on one and on two, and texts made from its items
 * (titles, titles cut short, ids, aliases) must match the same on both.
 *
 * Besides memory errors and leaks, this catches a row, a problem or a
 * line number that a batch handed between the threads loses, doubles or
 * moves.
 */
#include <math.h>
#include <stdbool.h>
#include <string.h>

#include <overpromise/config.h>
#include <overpromise/match.h>
#include <overpromise/roadmap.h>

#include "fuzz.h"
#include "src/match/fork.h"

/* Items from which the index is built on two threads (src/match/index.c TITLES_SHARED). */
#define TITLES_SHARED 512

/* Equal strings, or both NULL. */
static void
check_str(const char *a, const char *b)
{
	FUZZ_CHECK((a == NULL) == (b == NULL));
	FUZZ_CHECK(a == NULL || strcmp(a, b) == 0);
}

static void
check_window(ovp_window a, ovp_window b)
{
	FUZZ_CHECK(a.start == b.start);
	FUZZ_CHECK(a.end == b.end);
	FUZZ_CHECK(a.period == b.period);
}

/* Equal doubles, NaN included. */
static void
check_double(double a, double b)
{
	FUZZ_CHECK((isnan(a) && isnan(b)) || a == b);
}

static void
check_item(const ovp_item *a, const ovp_item *b)
{
	check_str(a->id, b->id);
	check_str(a->title, b->title);
	check_str(a->status, b->status);
	check_str(a->resolution, b->resolution);
	FUZZ_CHECK(a->cls == b->cls);
	check_str(a->planned_text, b->planned_text);
	check_window(a->planned, b->planned);
	FUZZ_CHECK(a->later == b->later);
	check_window(a->baseline, b->baseline);
	check_window(a->shipped, b->shipped);
	check_window(a->created, b->created);
	check_double(a->confidence, b->confidence);
	check_str(a->confidence_text, b->confidence_text);
	check_str(a->maturity, b->maturity);
	FUZZ_CHECK(a->prototype == b->prototype);
	FUZZ_CHECK(a->naliases == b->naliases);
	for (size_t k = 0; k < a->naliases; k++)
		check_str(a->aliases[k], b->aliases[k]);
	FUZZ_CHECK(a->nlabels == b->nlabels);
	for (size_t k = 0; k < a->nlabels; k++)
		check_str(a->labels[k], b->labels[k]);
	check_double(a->effort, b->effort);
	FUZZ_CHECK(a->effort_unit == b->effort_unit);
	check_str(a->team, b->team);
	FUZZ_CHECK(a->line == b->line);
	check_str(a->file, b->file);
	FUZZ_CHECK(a->source == b->source);
	FUZZ_CHECK(a->no_planned_column == b->no_planned_column);
}

static void
check_same(const ovp_roadmap *a, const ovp_roadmap *b)
{
	check_str(a->path, b->path);
	FUZZ_CHECK(a->nfiles == b->nfiles);
	for (size_t i = 0; i < a->nfiles; i++) {
		const ovp_roadmap_file *fa = &a->files[i], *fb = &b->files[i];

		check_str(fa->path, fb->path);
		FUZZ_CHECK(fa->first == fb->first);
		FUZZ_CHECK(fa->nitems == fb->nitems);
		FUZZ_CHECK(fa->has_planned == fb->has_planned);
		check_str(fa->sheet, fb->sheet);
		FUZZ_CHECK(fa->header_line == fb->header_line);
		FUZZ_CHECK(fa->has_teams == fb->has_teams);
	}
	FUZZ_CHECK(a->nitems == b->nitems);
	for (size_t i = 0; i < a->nitems; i++)
		check_item(&a->items[i], &b->items[i]);
	FUZZ_CHECK(a->nproblems == b->nproblems);
	for (size_t i = 0; i < a->nproblems; i++) {
		const ovp_problem *pa = &a->problems[i], *pb = &b->problems[i];

		FUZZ_CHECK(pa->line == pb->line);
		check_str(pa->file, pb->file);
		check_str(pa->column, pb->column);
		check_str(pa->value, pb->value);
		check_str(pa->message, pb->message);
	}
	FUZZ_CHECK(a->numeric_ids == b->numeric_ids);
}

static void
check_match(const ovp_match *a, const ovp_match *b)
{
	FUZZ_CHECK(a != NULL && b != NULL);
	FUZZ_CHECK(a->kind == b->kind);
	FUZZ_CHECK(a->item == b->item);
	check_double(a->similarity, b->similarity);
	FUZZ_CHECK(a->ncandidates == b->ncandidates);
	for (size_t k = 0; k < a->ncandidates; k++) {
		FUZZ_CHECK(a->candidates[k].item == b->candidates[k].item);
		check_double(a->candidates[k].score, b->candidates[k].score);
	}
	FUZZ_CHECK(a->scored == b->scored);
	check_str(a->feature_norm, b->feature_norm);
}

/* Match len bytes of text with both matchers and compare. */
static void
match_both(ovp_matcher *m1, ovp_matcher *m2, const char *text, size_t len)
{
	ovp_match a;

	/* A result lasts until the matcher's next call: keep a copy of the first. */
	a = *ovp_matcher_match(m1, text, len, NULL);
	check_match(&a, ovp_matcher_match(m2, text, len, NULL));
}

/* The matcher's index over rm built on one thread and on two: the same matches. */
static void
check_index(const ovp_roadmap *rm)
{
	ovp_matcher *m1 = NULL, *m2 = NULL;
	ovp_error err = {0};
	size_t step;

	if (rm->nitems < TITLES_SHARED)
		return;
	FUZZ_CHECK(ovp_matcher_new_on(&m1, rm, NULL, 0, 0.8, 0.6, 1, &err) == 0);
	FUZZ_CHECK(ovp_matcher_new_on(&m2, rm, NULL, 0, 0.8, 0.6, 2, &err) == 0);
	step = rm->nitems / 24;
	for (size_t i = 0; i < rm->nitems; i += step) {
		const ovp_item *it = &rm->items[i];
		size_t tl = strlen(it->title);

		match_both(m1, m2, it->title, tl);
		if (tl > 2)
			match_both(m1, m2, it->title, tl - 1);
		match_both(m1, m2, it->id, strlen(it->id));
		if (it->naliases > 0)
			match_both(m1, m2, it->aliases[0], strlen(it->aliases[0]));
	}
	ovp_matcher_free(m1);
	ovp_matcher_free(m2);
}

/* Columns mapped by hand, a date order and status names of the user's own. */
static const char CONFIG[] =
	"[roadmap]\n"
	"title = Name\n"
	"planned = Target end\n"
	"start = Target start\n"
	"time_estimate = Estimate\n"
	"hours_per_day = 6\n"
	"date_order = dmy\n"
	"[status]\n"
	"shipped = Live, Released to all\n"
	"cancelled = Parked\n"
	"in_progress = Building\n"
	"planned = Committed\n"
	"unplanned = Parking lot\n";

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static ovp_day as_of = OVP_DAY_NONE;
	const char *paths[2];
	size_t npaths = size > 0 && data[size - 1] % 2 == 1 ? 2 : 1;
	ovp_roadmap *one = NULL, *two = NULL;
	ovp_error err1 = {0}, err2 = {0};
	ovp_config cfg;
	bool configured = size > 0 && (data[size - 1] & 2) != 0;
	int rc1, rc2;

	if (as_of == OVP_DAY_NONE)
		as_of = ovp_day_from_ymd(2026, 11, 26);
	ovp_config_init(&cfg);
	if (configured) {
		fuzz_file_begin();
		fuzz_file_append(CONFIG, sizeof CONFIG - 1);
		FUZZ_CHECK(ovp_config_load(&cfg, fuzz_file_path(), &err1) == 0);
	}
	fuzz_file_begin();
	fuzz_file_append(data, size);
	paths[0] = paths[1] = fuzz_file_path();
	rc1 = ovp_roadmap_load_files_on(&one, paths, npaths, &cfg, as_of, 1, &err1);
	rc2 = ovp_roadmap_load_files_on(&two, paths, npaths, &cfg, as_of, 2, &err2);
	FUZZ_CHECK(rc1 == rc2);
	if (rc1 < 0) {
		FUZZ_CHECK(err1.code == err2.code);
		FUZZ_CHECK(strcmp(err1.message, err2.message) == 0);
	} else {
		check_same(one, two);
		check_index(one);
	}
	ovp_roadmap_free(one);
	ovp_roadmap_free(two);
	ovp_config_free(&cfg);
	return 0;
}
