/*
 * The planner: the answer of `when` for a feature (how it matched, the
 * item, the date and why there is none), the plan state of items that
 * the date rules and `when` share, and the history it rests on, on the
 * example roadmap.
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

static ovp_day
day(const char *iso)
{
	ovp_date_context ctx = {OVP_ORDER_AUTO, OVP_DAY_NONE, false};
	ovp_window w;

	assert_int_equal(ovp_date_parse(iso, strlen(iso), &ctx, &w), OVP_DATE_OK);
	return w.end;
}

typedef struct fixture {
	ovp_roadmap *rm;
	ovp_planner *pl;
} fixture;

static int
setup(void **state)
{
	fixture *f = calloc(1, sizeof *f);
	ovp_error err = {0};

	assert_non_null(f);
	assert_int_equal(ovp_roadmap_load(&f->rm, "../examples/roadmap.csv", NULL,
	                                  day("2026-11-26"), &err),
	                 0);
	assert_int_equal(ovp_planner_new(&f->pl, f->rm, NULL, day("2026-11-26"), &err), 0);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	fixture *f = *state;

	ovp_planner_free(f->pl);
	ovp_roadmap_free(f->rm);
	free(f);
	return 0;
}

static void
ask(fixture *f, const char *feature, ovp_day by, ovp_when_answer *a)
{
	ovp_error err = {0};

	assert_int_equal(ovp_planner_when(f->pl, feature, 0.85, by, a, &err), 0);
	assert_ptr_equal(a->feature, feature);
	assert_null(a->match.feature_norm);
}

/* A clear match: the item, its date at the confidence and the chance of making --by. */
static void
test_dated(void **state)
{
	fixture *f = *state;
	ovp_when_answer a;
	size_t past, open;

	ask(f, "SCIM", day("2027-09-30"), &a);
	assert_int_equal(a.match.kind, OVP_MATCH_ALIAS);
	assert_non_null(a.item);
	assert_string_equal(a.item->id, "PLAT-102");
	assert_null(a.reason);
	assert_int_equal(a.when.kind, OVP_WHEN_DATE);
	assert_int_equal(a.when.earliest, day("2027-08-22"));
	assert_true(a.when.has_by);
	assert_int_equal((int)(a.when.p_by * 1000 + 0.5), 937);
	assert_int_equal(a.when.basis.samples, 9);
	ovp_planner_past(f->pl, &past, &open);
	assert_int_equal(past, 9);
	assert_int_equal(open, 0);
}

/* No item, several, or none clearly: a reason and no date. */
static void
test_no_item(void **state)
{
	fixture *f = *state;
	ovp_when_answer a;

	ask(f, "Custom reports", OVP_DAY_NONE, &a);
	assert_int_equal(a.match.kind, OVP_MATCH_NONE);
	assert_null(a.item);
	assert_string_equal(a.reason, "not on the roadmap");
	assert_int_equal(a.when.earliest, OVP_DAY_NONE);
	ask(f, "Billing", OVP_DAY_NONE, &a);
	assert_int_equal(a.match.kind, OVP_MATCH_AMBIGUOUS);
	assert_null(a.item);
	assert_string_equal(a.reason, "matches several roadmap items; name one");
	assert_int_equal(a.when.earliest, OVP_DAY_NONE);
}

/* Shipped, cancelled, unscheduled: what the plan state says, as the date rules read it. */
static void
test_plan_states(void **state)
{
	fixture *f = *state;
	ovp_when_answer a;

	ask(f, "Audit log export", OVP_DAY_NONE, &a);
	assert_int_equal(ovp_item_plan_state(a.item), OVP_PLAN_SHIPPED);
	assert_int_equal(a.when.kind, OVP_WHEN_SHIPPED);
	assert_int_equal(a.when.earliest, day("2026-11-26"));
	ask(f, "Offline mode", OVP_DAY_NONE, &a);
	assert_int_equal(ovp_item_plan_state(a.item), OVP_PLAN_CANCELLED);
	assert_int_equal(a.when.kind, OVP_WHEN_CANCELLED);
	assert_string_equal(a.reason, "cancelled");
	ask(f, "Data residency (EU)", OVP_DAY_NONE, &a);
	assert_int_equal(ovp_item_plan_state(a.item), OVP_PLAN_UNSCHEDULED);
	assert_int_equal(a.when.kind, OVP_WHEN_UNSCHEDULED);
	assert_string_equal(a.reason, "not scheduled: no planned date");
	assert_int_equal(a.when.earliest, OVP_DAY_NONE);
}

/* An item of a file without planned dates is not unscheduled: its file gives no dates. */
static void
test_no_dates_state(void **state)
{
	ovp_item it;
	ovp_when w;
	ovp_history h;

	(void)state;
	memset(&it, 0, sizeof it);
	memset(&h, 0, sizeof h);
	it.cls = OVP_CLASS_PLANNED;
	it.planned = OVP_WINDOW_NONE;
	assert_int_equal(ovp_item_plan_state(&it), OVP_PLAN_UNSCHEDULED);
	it.no_planned_column = true;
	assert_int_equal(ovp_item_plan_state(&it), OVP_PLAN_NO_DATES);
	ovp_forecast_when(&h, &it, 100, 0.85, OVP_DAY_NONE, &w);
	assert_int_equal(w.kind, OVP_WHEN_UNSCHEDULED);
	assert_string_equal(w.reason, "no planned date: the roadmap export has no planned-date column");
	it.cls = OVP_CLASS_UNPLANNED;
	assert_int_equal(ovp_item_plan_state(&it), OVP_PLAN_UNSCHEDULED);
	it.cls = OVP_CLASS_IN_PROGRESS;
	it.no_planned_column = false;
	it.planned = (ovp_window){200, 230, OVP_PERIOD_MONTH};
	assert_int_equal(ovp_item_plan_state(&it), OVP_PLAN_DATED);
	it.later = true;
	assert_int_equal(ovp_item_plan_state(&it), OVP_PLAN_UNSCHEDULED);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_dated, setup, teardown),
		cmocka_unit_test_setup_teardown(test_no_item, setup, teardown),
		cmocka_unit_test_setup_teardown(test_plan_states, setup, teardown),
		cmocka_unit_test(test_no_dates_state),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
