/*
 * Unit tests of the backtest (src/backtest.c): which items are there at
 * each cut-off and how they stand, which forecasts are made and how each
 * is judged, the figures made of them, the first cut-off, and the
 * options it refuses.  The forecasts themselves are the slip model's
 * (test_forecast.c); here they are recomputed from the history each
 * cut-off must have built.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <overpromise/backtest.h>
#include <overpromise/forecast.h>

#define D0 20000 /* a plain day number */

static void
near(double got, double want, double eps, const char *what)
{
	if (!(fabs(got - want) <= eps)) {
		print_error("%s: got %.12g, want %.12g (+/- %g)\n", what, got, want, eps);
		fail();
	}
}

static ovp_window
day(ovp_day d)
{
	return (ovp_window){d, d, OVP_PERIOD_DAY};
}

static ovp_item
item(ovp_status_class cls, ovp_day created, ovp_day planned, ovp_day shipped)
{
	ovp_item it = {0};
	it.id = "";
	it.title = "";
	it.status = "";
	it.cls = cls;
	it.created = created != OVP_DAY_NONE ? day(created) : OVP_WINDOW_NONE;
	it.planned = planned != OVP_DAY_NONE ? day(planned) : OVP_WINDOW_NONE;
	it.baseline = OVP_WINDOW_NONE;
	it.shipped = shipped != OVP_DAY_NONE ? day(shipped) : OVP_WINDOW_NONE;
	it.confidence = -1;
	it.effort = -1;
	return it;
}

static ovp_backtest_options
options(ovp_day from, int step, ovp_day as_of)
{
	return (ovp_backtest_options){from, step, as_of, 0.85, 8, false};
}

/* One forecast the backtest must have made, and its outcome. */
typedef struct expect {
	ovp_day ref, due;
	int miss;
} expect;

/*
 * Five items, two cut-offs (D0 and D0 + 50; as of D0 + 100):
 *   A shipped 10 days late (ref D0+20, shipped D0+30);
 *   B in progress since its plan D0+40, still open;
 *   C cancelled at D0+60: in the history until then, never judged;
 *   D shipped with no shipped day: nowhere;
 *   E shipped 5 days early (ref D0+80), with no Created day.
 */
static void
test_replay(void **state)
{
	ovp_item items[5];
	ovp_roadmap rm = {0};
	ovp_backtest_options o = options(D0, 50, D0 + 100);
	ovp_backtest bt;
	ovp_error err = {0};
	ovp_history h0, h50;
	static const ovp_delay at0[] = {{-20, true}, {-40, true}, {-50, true}, {-80, true}};
	static const ovp_delay at50[] = {{10, false}, {10, true}, {0, true}, {-30, true}};
	static const expect e0[] = {
		{D0 + 20, D0 + 20, 1}, {D0 + 20, D0 + 27, 1}, {D0 + 20, D0 + 34, 0},
		{D0 + 20, D0 + 50, 0}, {D0 + 40, D0 + 40, 1}, {D0 + 40, D0 + 47, 1},
		{D0 + 40, D0 + 54, 1}, {D0 + 40, D0 + 70, 1}, {D0 + 80, D0 + 80, 0},
		{D0 + 80, D0 + 87, 0}, {D0 + 80, D0 + 94, 0}, {D0 + 80, D0 + 110, 0},
	};
	/* at D0 + 50, B's promises at its plan and a week after were broken already */
	static const expect e50[] = {
		{D0 + 40, D0 + 54, 1}, {D0 + 40, D0 + 70, 1}, {D0 + 80, D0 + 80, 0},
		{D0 + 80, D0 + 87, 0}, {D0 + 80, D0 + 94, 0}, {D0 + 80, D0 + 110, 0},
	};
	double sq = 0.0, bins[OVP_BACKTEST_BINS] = {0};
	size_t counts[OVP_BACKTEST_BINS] = {0};

	(void)state;
	items[0] = item(OVP_CLASS_SHIPPED, D0, D0 + 20, D0 + 30);
	items[1] = item(OVP_CLASS_IN_PROGRESS, D0, D0 + 40, OVP_DAY_NONE);
	items[2] = item(OVP_CLASS_CANCELLED, D0, D0 + 50, D0 + 60);
	items[3] = item(OVP_CLASS_SHIPPED, D0, D0 + 60, OVP_DAY_NONE);
	items[4] = item(OVP_CLASS_SHIPPED, OVP_DAY_NONE, D0 + 80, D0 + 75);
	rm.items = items;
	rm.nitems = 5;
	assert_int_equal(ovp_backtest_run(&rm, &o, &bt, &err), 0);
	assert_int_equal(bt.cutoffs, 2);
	assert_int_equal(bt.from, D0);
	assert_int_equal(bt.to, D0 + 50);
	assert_int_equal(bt.step, 50);
	assert_int_equal(bt.predictions, 18);
	assert_int_equal(bt.pending, 0);
	assert_int_equal(bt.items, 3);
	assert_int_equal(bt.no_created, 1);
	assert_int_equal(bt.replayed, 4); /* not D */
	assert_true(bt.too_small);
	near(bt.base_rate, 8.0 / 18.0, 1e-12, "base rate");
	near(bt.brier_base, (8.0 / 18.0) * (10.0 / 18.0), 1e-12, "Brier of the base rate");
	near(bt.skill, 1.0 - bt.brier / bt.brier_base, 1e-12, "skill");

	/* The forecasts, from the histories as they stood. */
	assert_int_equal(ovp_history_from_delays(&h0, at0, 4, 8), 0);
	assert_int_equal(ovp_history_from_delays(&h50, at50, 4, 8), 0);
	for (size_t i = 0; i < 18; i++) {
		const expect *x = i < 12 ? &e0[i] : &e50[i - 12];
		ovp_day t = i < 12 ? D0 : D0 + 50;
		double p = ovp_forecast_miss(i < 12 ? &h0 : &h50, x->ref, x->due, t).p_late;
		int b = p >= 1.0 ? OVP_BACKTEST_BINS - 1 : (int)(p * OVP_BACKTEST_BINS);

		sq += (p - x->miss) * (p - x->miss);
		bins[b] += p;
		counts[b]++;
	}
	near(bt.brier, sq / 18.0, 1e-12, "Brier");
	for (int b = 0; b < OVP_BACKTEST_BINS; b++) {
		char what[32];

		snprintf(what, sizeof what, "bin %d", b);
		assert_int_equal(bt.bins[b].count, counts[b]);
		if (counts[b] > 0)
			near(bt.bins[b].predicted, bins[b] / (double)counts[b], 1e-12, what);
	}
	/* by horizon: B's two broken promises at D0 + 50 are missing from 0 and 7 */
	assert_int_equal(bt.horizons[0].count, 4);
	assert_int_equal(bt.horizons[1].count, 4);
	assert_int_equal(bt.horizons[2].count, 5);
	assert_int_equal(bt.horizons[3].count, 5);
	near(bt.horizons[0].observed, 2.0 / 4.0, 1e-12, "at the plan");
	near(bt.horizons[2].observed, 2.0 / 5.0, 1e-12, "two weeks after");
	near(bt.horizons[3].observed, 2.0 / 5.0, 1e-12, "a month after");

	/* `when`: one date per open judged item and cut-off, judged where known */
	{
		size_t judged = 0, held = 0;
		static const struct {
			int h;
			ovp_day ref, t, ended;
		} w[] = {{0, D0 + 20, D0, D0 + 30},
		         {0, D0 + 40, D0, OVP_DAY_NONE},
		         {0, D0 + 80, D0, D0 + 75},
		         {1, D0 + 40, D0 + 50, OVP_DAY_NONE},
		         {1, D0 + 80, D0 + 50, D0 + 75}};

		for (size_t i = 0; i < 5; i++) {
			ovp_day d = ovp_forecast_earliest(w[i].h == 0 ? &h0 : &h50, w[i].ref, w[i].t, 0.85);

			assert_int_not_equal(d, OVP_DAY_NONE);
			if (w[i].ended != OVP_DAY_NONE) {
				judged++;
				held += w[i].ended <= d;
			} else if (d < D0 + 100) {
				judged++;
			}
		}
		assert_true(judged >= 3);
		assert_int_equal(bt.when.judged, judged);
		assert_int_equal(bt.when.held, held);
		near(bt.when.rate, (double)held / (double)judged, 1e-12, "when held");
		/* every history here rests on fewer than 20 past items */
		assert_int_equal(bt.when_few.judged, judged);
		assert_int_equal(bt.when_few.held, held);
		near(bt.when_few.rate, (double)held / (double)judged, 1e-12, "when held, few");
	}
	ovp_history_free(&h0);
	ovp_history_free(&h50);
}

/* Outcomes not known by as_of are pending, not judged. */
static void
test_pending(void **state)
{
	ovp_item items[2];
	ovp_roadmap rm = {0};
	ovp_backtest_options o = options(D0, 10, D0 + 30);
	ovp_backtest bt;
	ovp_error err = {0};

	(void)state;
	/* open, due far after as_of: every forecast pending */
	items[0] = item(OVP_CLASS_PLANNED, D0, D0 + 200, OVP_DAY_NONE);
	/* shipped after as_of: as open on as_of */
	items[1] = item(OVP_CLASS_SHIPPED, D0, D0 + 25, D0 + 40);
	rm.items = items;
	rm.nitems = 2;
	assert_int_equal(ovp_backtest_run(&rm, &o, &bt, &err), 0);
	assert_int_equal(bt.cutoffs, 3);
	/* item 1: due D0+25 missed by as_of D0+30 at every cut-off before it (D0, D0+10,
	 * D0+20); D0+32, +39, +55 not known */
	assert_int_equal(bt.predictions, 3);
	assert_int_equal(bt.pending, 3 * 4 + 3 * 3);
	assert_int_equal(bt.items, 1);
	near(bt.base_rate, 1.0, 0, "base rate");
	near(bt.brier_base, 0.0, 0, "Brier of the base rate");
	near(bt.skill, 0.0, 0, "no skill without a base rate");
}

/* The first cut-off: the first Created day, else the first reference day. */
static void
test_first_day(void **state)
{
	ovp_item items[3];
	ovp_roadmap rm = {0};
	ovp_backtest_options o = options(OVP_DAY_NONE, 7, D0 + 100);
	ovp_backtest bt;
	ovp_error err = {0};

	(void)state;
	items[0] = item(OVP_CLASS_SHIPPED, D0 + 5, D0 + 20, D0 + 30);
	items[1] = item(OVP_CLASS_SHIPPED, D0 + 3, D0 + 40, D0 + 41);
	items[2] = item(OVP_CLASS_PLANNED, OVP_DAY_NONE, D0 - 10, OVP_DAY_NONE);
	rm.items = items;
	rm.nitems = 3;
	assert_int_equal(ovp_backtest_run(&rm, &o, &bt, &err), 0);
	assert_int_equal(bt.from, D0 + 3);
	assert_int_equal(bt.cutoffs, 14); /* D0+3, +10, ..., +94 */
	assert_int_equal(bt.to, D0 + 94);
	assert_int_equal(bt.no_created, 1);

	items[0].created = OVP_WINDOW_NONE;
	items[1].created = OVP_WINDOW_NONE;
	assert_int_equal(ovp_backtest_run(&rm, &o, &bt, &err), 0);
	assert_int_equal(bt.from, D0 - 10);
	assert_int_equal(bt.no_created, 3);

	/* nothing to replay: no error, nothing judged, too small */
	o.from = D0 + 100;
	assert_int_equal(ovp_backtest_run(&rm, &o, &bt, &err), 0);
	assert_int_equal(bt.cutoffs, 0);
	assert_int_equal(bt.from, OVP_DAY_NONE);
	assert_true(bt.too_small);
	assert_int_equal(bt.replayed, 3);
	rm.nitems = 0;
	o.from = OVP_DAY_NONE;
	assert_int_equal(ovp_backtest_run(&rm, &o, &bt, &err), 0);
	assert_int_equal(bt.cutoffs, 0);
	assert_int_equal(bt.replayed, 0);
}

static void
test_refused(void **state)
{
	ovp_item it = item(OVP_CLASS_SHIPPED, D0, D0 + 20, D0 + 30);
	ovp_roadmap rm = {0};
	ovp_backtest_options o = options(D0, 0, D0 + 100);
	ovp_backtest bt;
	ovp_error err = {0};

	(void)state;
	rm.path = "roadmap.csv";
	rm.items = &it;
	rm.nitems = 1;
	assert_int_equal(ovp_backtest_run(&rm, &o, &bt, &err), OVP_EUSAGE);
	assert_string_equal(err.message, "a step of 0 days: 1 or more is needed");
	o.step = 1;
	o.confidence = 1.0;
	assert_int_equal(ovp_backtest_run(&rm, &o, &bt, &err), OVP_EUSAGE);
	o.confidence = 0.85;
	o.from = D0 - 2000;
	assert_int_equal(ovp_backtest_run(&rm, &o, &bt, &err), OVP_ELIMIT);
	assert_string_equal(err.message,
	                    "roadmap.csv: 2100 cut-off days, one every 1 day: at most 1000 are "
	                    "replayed; take a longer step or a later first day");
	o.step = 3;
	assert_int_equal(ovp_backtest_run(&rm, &o, &bt, &err), 0);
	assert_int_equal(bt.cutoffs, 700);
	/* a first day of its own choosing is moved forward instead: the last 1000 */
	it.created = day(D0 - 2000);
	o.from = OVP_DAY_NONE;
	o.step = 1;
	assert_int_equal(ovp_backtest_run(&rm, &o, &bt, &err), 0);
	assert_int_equal(bt.cutoffs, 1000);
	assert_int_equal(bt.from, D0 + 100 - 1000);
	assert_int_equal(bt.to, D0 + 99);
}

/* Thirty items judged are enough to judge; twenty-nine are not. */
static void
test_enough(void **state)
{
	ovp_item items[30];
	ovp_roadmap rm = {0};
	ovp_backtest_options o = options(D0, 30, D0 + 400);
	ovp_backtest bt;
	ovp_error err = {0};

	(void)state;
	for (int i = 0; i < 30; i++)
		items[i] = item(OVP_CLASS_SHIPPED, D0, D0 + 40 + i, D0 + 45 + 2 * i);
	rm.items = items;
	rm.nitems = 30;
	assert_int_equal(ovp_backtest_run(&rm, &o, &bt, &err), 0);
	assert_int_equal(bt.items, 30);
	assert_false(bt.too_small);
	rm.nitems = 29;
	assert_int_equal(ovp_backtest_run(&rm, &o, &bt, &err), 0);
	assert_int_equal(bt.items, 29);
	assert_true(bt.too_small);
}

/*
 * Two files, one team always on time, the other always a month late:
 * judged each by its own file's history, the forecasts are better than
 * by one history of both, on the same promises.
 */
static void
test_per_file(void **state)
{
	ovp_item items[40];
	ovp_roadmap_file files[2] = {{"a.csv", 0, 20, true, NULL, 1, false},
	                               {"b.csv", 20, 20, true, NULL, 1, false}};
	ovp_roadmap rm = {0};
	ovp_backtest_options o = options(D0, 7, D0 + 400);
	ovp_backtest all, own;
	ovp_error err = {0};

	(void)state;
	for (int i = 0; i < 40; i++) {
		bool late = i >= 20;
		ovp_day plan = D0 + 30 + (i % 20) * 15;

		items[i] = item(OVP_CLASS_SHIPPED, D0, plan, plan + (late ? 30 : 0));
		items[i].source = late ? 1 : 0;
	}
	rm.items = items;
	rm.nitems = 40;
	rm.files = files;
	rm.nfiles = 2;
	assert_int_equal(ovp_backtest_run(&rm, &o, &all, &err), 0);
	o.per_file = true;
	assert_int_equal(ovp_backtest_run(&rm, &o, &own, &err), 0);
	assert_int_equal(own.predictions, all.predictions);
	assert_true(own.predictions > 100);
	near(own.base_rate, all.base_rate, 1e-12, "same outcomes");
	if (!(own.brier < all.brier - 0.02)) {
		print_error("Brier by file %.4f, of both %.4f\n", own.brier, all.brier);
		fail();
	}
	/* one file: per_file changes nothing */
	rm.nfiles = 1;
	files[0].nitems = 40;
	assert_int_equal(ovp_backtest_run(&rm, &o, &own, &err), 0);
	near(own.brier, all.brier, 1e-12, "one file");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_replay),
		cmocka_unit_test(test_pending),
		cmocka_unit_test(test_first_day),
		cmocka_unit_test(test_refused),
		cmocka_unit_test(test_enough),
		cmocka_unit_test(test_per_file),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
