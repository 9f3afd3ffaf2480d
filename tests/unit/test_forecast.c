/*
 * Unit tests of the slip model (src/forecast.c, SPEC 5): the history of
 * delays, the probability of missing a due date with and without
 * conditioning, the prior, and the earliest day that can be promised.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include <cmocka.h>

#include <overpromise/forecast.h>

/*
 * Whether p meets the risk 1 - confidence, with the relative tolerance
 * forecast.h documents (one miss in ten meets a confidence of 0.9).
 */
static int
acceptable(double p, double risk)
{
	return p <= risk + 1e-9 * risk;
}

#define PLANNED 20000 /* 2024-10-04, a plain day number */

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
item(ovp_status_class cls, ovp_window planned, ovp_window baseline, ovp_window shipped)
{
	ovp_item it = {0};
	it.id = "";
	it.title = "";
	it.status = "";
	it.cls = cls;
	it.planned = planned;
	it.baseline = baseline;
	it.shipped = shipped;
	it.created = OVP_WINDOW_NONE;
	it.confidence = -1;
	it.effort = -1;
	return it;
}

/* A history made directly from delays (sorted by ovp_history_build). */
static ovp_history
history_of(const int *delays, size_t n, size_t min_history)
{
	ovp_item *items = calloc(n > 0 ? n : 1, sizeof *items);
	ovp_roadmap rm = {0};
	ovp_history h;

	assert_non_null(items);
	for (size_t i = 0; i < n; i++)
		items[i] = item(OVP_CLASS_SHIPPED, day(PLANNED), OVP_WINDOW_NONE,
		                day(PLANNED + delays[i]));
	rm.items = items;
	rm.nitems = n;
	assert_int_equal(ovp_history_build(&h, &rm, min_history), 0);
	free(items);
	return h;
}

/* Ten delays, n >= min_history: the history decides. */
static const int ten[] = {40, -5, 0, 10, 100, 3, 0, 20, 60, 10};

static void
test_history_build(void **state)
{
	ovp_item items[8];
	ovp_roadmap rm = {0};
	ovp_history h;
	ovp_window q1 = {PLANNED - 89, PLANNED, OVP_PERIOD_QUARTER};

	(void)state;
	/* planned only: delay 15 */
	items[0] = item(OVP_CLASS_SHIPPED, day(PLANNED), OVP_WINDOW_NONE, day(PLANNED + 15));
	/* the baseline is preferred over the (moved) planned date: delay 40 */
	items[1] = item(OVP_CLASS_SHIPPED, day(PLANNED + 30), day(PLANNED), day(PLANNED + 40));
	/* early delivery: negative delay, against the end of a quarter window */
	items[2] = item(OVP_CLASS_SHIPPED, q1, OVP_WINDOW_NONE, day(PLANNED - 7));
	/* not shipped, cancelled, no shipped date, no plan at all: no sample */
	items[3] = item(OVP_CLASS_IN_PROGRESS, day(PLANNED), OVP_WINDOW_NONE, day(PLANNED + 3));
	items[4] = item(OVP_CLASS_CANCELLED, day(PLANNED), OVP_WINDOW_NONE, day(PLANNED + 3));
	items[5] = item(OVP_CLASS_SHIPPED, day(PLANNED), OVP_WINDOW_NONE, OVP_WINDOW_NONE);
	items[6] = item(OVP_CLASS_SHIPPED, OVP_WINDOW_NONE, OVP_WINDOW_NONE, day(PLANNED));
	/* a baseline with no planned date still makes a sample: delay 0 */
	items[7] = item(OVP_CLASS_SHIPPED, OVP_WINDOW_NONE, day(PLANNED), day(PLANNED));
	rm.items = items;
	rm.nitems = 8;

	assert_int_equal(ovp_history_build(&h, &rm, 5), 0);
	assert_int_equal(h.n, 4);
	assert_int_equal(h.min_history, 5);
	assert_int_equal(h.delays[0], -7);
	assert_int_equal(h.delays[1], 0);
	assert_int_equal(h.delays[2], 15);
	assert_int_equal(h.delays[3], 40);
	ovp_history_free(&h);
	assert_null(h.delays);
	assert_int_equal(h.n, 0);

	rm.nitems = 0;
	assert_int_equal(ovp_history_build(&h, &rm, 8), 0);
	assert_int_equal(h.n, 0);
	assert_null(h.delays);
	ovp_history_free(&h);
	ovp_history_free(NULL);
}

static void
test_history_sorted(void **state)
{
	ovp_history h = history_of(ten, 10, 8);
	static const int sorted[] = {-5, 0, 0, 3, 10, 10, 20, 40, 60, 100};

	(void)state;
	assert_int_equal(h.n, 10);
	for (size_t i = 0; i < 10; i++)
		assert_int_equal(h.delays[i], sorted[i]);
	ovp_history_free(&h);
}

static void
test_miss_exact(void **state)
{
	ovp_history h = history_of(ten, 10, 8);
	ovp_forecast f;

	(void)state;
	/* as_of before the plan: no conditioning, the share of all ten */
	f = ovp_forecast_miss(&h, PLANNED, PLANNED, PLANNED - 30);
	near(f.p_late, 0.7, 1e-12, "s=0");
	assert_int_equal(f.samples, 10);
	assert_false(f.prior);
	/* strictly greater: the two samples of exactly 10 are on time at s=10 */
	near(ovp_forecast_miss(&h, PLANNED, PLANNED + 9, PLANNED).p_late, 0.6, 1e-12, "s=9");
	near(ovp_forecast_miss(&h, PLANNED, PLANNED + 10, PLANNED).p_late, 0.4, 1e-12, "s=10");
	near(ovp_forecast_miss(&h, PLANNED, PLANNED - 5, PLANNED - 90).p_late, 0.9, 1e-12, "s=-5");
	near(ovp_forecast_miss(&h, PLANNED, PLANNED - 6, PLANNED - 90).p_late, 1.0, 1e-12, "s=-6");
	near(ovp_forecast_miss(&h, PLANNED, PLANNED + 99, PLANNED).p_late, 0.1, 1e-12, "s=99");
	near(ovp_forecast_miss(&h, PLANNED, PLANNED + 100, PLANNED).p_late, 0.0, 1e-12, "s=100");
	/* as_of unknown: no conditioning either */
	f = ovp_forecast_miss(&h, PLANNED, PLANNED + 20, OVP_DAY_NONE);
	near(f.p_late, 0.3, 1e-12, "no as_of");
	assert_int_equal(f.samples, 10);
	ovp_history_free(&h);
}

static void
test_miss_conditioned(void **state)
{
	ovp_history h = history_of(ten, 10, 8);
	ovp_forecast f;

	(void)state;
	/* ten days past the plan: only 20, 40, 60 and 100 remain possible */
	f = ovp_forecast_miss(&h, PLANNED, PLANNED + 30, PLANNED + 10);
	near(f.p_late, 0.75, 1e-12, "c=10 s=30");
	assert_int_equal(f.samples, 4);
	assert_false(f.prior);
	near(ovp_forecast_miss(&h, PLANNED, PLANNED + 60, PLANNED + 10).p_late, 0.25, 1e-12,
	     "c=10 s=60");
	near(ovp_forecast_miss(&h, PLANNED, PLANNED + 100, PLANNED + 10).p_late, 0.0, 1e-12,
	     "c=10 s=100");
	/* due on or before the days already lost: certainly missed */
	f = ovp_forecast_miss(&h, PLANNED, PLANNED + 10, PLANNED + 10);
	near(f.p_late, 1.0, 0, "c=10 s=10");
	assert_int_equal(f.samples, 4);
	near(ovp_forecast_miss(&h, PLANNED, PLANNED - 3, PLANNED + 10).p_late, 1.0, 0, "c=10 s=-3");
	/* the conditioning is on delay > c, not >= c: at c=10 the two tens drop out */
	f = ovp_forecast_miss(&h, PLANNED, PLANNED + 20, PLANNED + 9);
	near(f.p_late, 3.0 / 6.0, 1e-12, "c=9 s=20");
	assert_int_equal(f.samples, 6);
	/* as_of == planned: not yet late, nothing to condition on */
	f = ovp_forecast_miss(&h, PLANNED, PLANNED + 20, PLANNED);
	near(f.p_late, 0.3, 1e-12, "c=0");
	assert_int_equal(f.samples, 10);
	/* later than every sample: probability 1 on no samples */
	f = ovp_forecast_miss(&h, PLANNED, PLANNED + 500, PLANNED + 100);
	near(f.p_late, 1.0, 0, "c=100");
	assert_int_equal(f.samples, 0);
	assert_false(f.prior);
	ovp_history_free(&h);
}

static void
test_prior(void **state)
{
	static const int three[] = {1, 2, 3};
	ovp_history h = history_of(three, 3, 8);
	ovp_forecast f;

	(void)state;
	f = ovp_forecast_miss(&h, PLANNED, PLANNED, PLANNED - 1);
	near(f.p_late, 0.6, 1e-12, "prior s=0");
	assert_true(f.prior);
	assert_int_equal(f.samples, 0);
	near(ovp_forecast_miss(&h, PLANNED, PLANNED + 45, PLANNED).p_late, 0.6 * exp(-1.0), 1e-12,
	     "prior s=45");
	near(ovp_forecast_miss(&h, PLANNED, PLANNED + 90, PLANNED).p_late, 0.6 * exp(-2.0), 1e-12,
	     "prior s=90");
	/* the extension below zero: 1 - 0.4 exp(s / 45) */
	near(ovp_forecast_miss(&h, PLANNED, PLANNED - 45, PLANNED - 60).p_late,
	     1.0 - 0.4 * exp(-1.0), 1e-12, "prior s=-45");
	near(ovp_forecast_miss(&h, PLANNED, PLANNED - 1, PLANNED - 60).p_late,
	     1.0 - 0.4 * exp(-1.0 / 45), 1e-12, "prior s=-1");
	near(ovp_forecast_miss(&h, PLANNED, PLANNED - 100000, PLANNED - 100000).p_late, 1.0, 1e-12,
	     "prior far before");
	/* conditioned: S(s) / S(c), memoryless for s > c >= 0 */
	f = ovp_forecast_miss(&h, PLANNED, PLANNED + 75, PLANNED + 30);
	near(f.p_late, exp(-1.0), 1e-12, "prior c=30 s=75");
	assert_true(f.prior);
	near(ovp_forecast_miss(&h, PLANNED, PLANNED + 30, PLANNED + 30).p_late, 1.0, 0,
	     "prior c=30 s=30");
	ovp_history_free(&h);

	/* no history at all, and min_history 0, still fall back on the prior */
	h = history_of(NULL, 0, 0);
	f = ovp_forecast_miss(&h, PLANNED, PLANNED, PLANNED);
	near(f.p_late, 0.6, 1e-12, "empty history");
	assert_true(f.prior);
	ovp_history_free(&h);
}

static void
test_min_history_boundary(void **state)
{
	ovp_history h = history_of(ten, 8, 8); /* 40 -5 0 10 100 3 0 20 */
	ovp_forecast f;

	(void)state;
	f = ovp_forecast_miss(&h, PLANNED, PLANNED + 10, PLANNED);
	assert_false(f.prior);
	near(f.p_late, 3.0 / 8.0, 1e-12, "eight of eight");
	assert_int_equal(f.samples, 8);
	ovp_history_free(&h);

	h = history_of(ten, 7, 8);
	f = ovp_forecast_miss(&h, PLANNED, PLANNED + 10, PLANNED);
	assert_true(f.prior);
	near(f.p_late, 0.6 * exp(-10.0 / 45), 1e-12, "seven of eight");
	ovp_history_free(&h);
}

static void
test_missing_days(void **state)
{
	ovp_history h = history_of(ten, 10, 8);
	ovp_forecast f;

	(void)state;
	f = ovp_forecast_miss(&h, OVP_DAY_NONE, PLANNED, PLANNED);
	near(f.p_late, 1.0, 0, "no plan");
	f = ovp_forecast_miss(&h, PLANNED, OVP_DAY_NONE, PLANNED);
	near(f.p_late, 1.0, 0, "no due date");
	assert_int_equal(ovp_forecast_earliest(&h, OVP_DAY_NONE, PLANNED, 0.85), OVP_DAY_NONE);
	assert_int_equal(ovp_forecast_earliest(&h, PLANNED, OVP_DAY_NONE, 0.85), OVP_DAY_NONE);
	assert_int_equal(ovp_forecast_earliest(&h, PLANNED, PLANNED, (double)NAN), OVP_DAY_NONE);
	ovp_history_free(&h);
}

/* splitmix64: small, seedable, good enough to draw test samples. */
static uint64_t
next_random(uint64_t *s)
{
	uint64_t z = (*s += 0x9E3779B97F4A7C15u);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9u;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBu;
	return z ^ (z >> 31);
}

/* Uniform on (0, 1). */
static double
uniform(uint64_t *s)
{
	return ((double)(next_random(s) >> 11) + 0.5) / 9007199254740992.0;
}

/* Normal by Box-Muller. */
static double
normal(uint64_t *s, double mean, double sd)
{
	double u = uniform(s), v = uniform(s);
	return mean + sd * sqrt(-2.0 * log(u)) * cos(6.283185307179586 * v);
}

/* P(round(X) > s) for X ~ N(mean, sd): X >= s + 0.5. */
static double
normal_survival(double s, double mean, double sd)
{
	return 0.5 * erfc((s + 0.5 - mean) / (sd * sqrt(2.0)));
}

static void
test_statistical_normal(void **state)
{
	enum { N = 2000 };
	static int delays[N];
	uint64_t seed = 20260126;
	static const int slacks[] = {-40, -10, 0, 10, 20, 35, 50, 80, 110};
	ovp_history h;

	(void)state;
	for (size_t i = 0; i < N; i++)
		delays[i] = (int)lround(normal(&seed, 20.0, 30.0));
	h = history_of(delays, N, 8);
	assert_int_equal(h.n, N);
	for (size_t i = 0; i < sizeof slacks / sizeof slacks[0]; i++) {
		int s = slacks[i];
		ovp_forecast f = ovp_forecast_miss(&h, PLANNED, PLANNED + s, PLANNED - 1);
		char what[64];
		snprintf(what, sizeof what, "normal s=%d", s);
		near(f.p_late, normal_survival(s, 20.0, 30.0), 0.05, what);
		assert_int_equal(f.samples, N);
		assert_false(f.prior);
	}
	/* conditioned on 30 days already lost: S(s) / S(30) */
	for (int s = 40; s <= 90; s += 25) {
		ovp_forecast f = ovp_forecast_miss(&h, PLANNED, PLANNED + s, PLANNED + 30);
		double want = normal_survival(s, 20.0, 30.0) / normal_survival(30, 20.0, 30.0);
		near(f.p_late, want, 0.05, "normal conditioned");
	}
	ovp_history_free(&h);
}

static void
test_statistical_mixture(void **state)
{
	enum { N = 2000 };
	static int delays[N];
	uint64_t seed = 7;
	ovp_history h;

	(void)state;
	/* half on time, 30% a month late, 20% a quarter late */
	for (size_t i = 0; i < N; i++) {
		double u = uniform(&seed);
		delays[i] = u < 0.5 ? 0 : u < 0.8 ? 30 : 90;
	}
	h = history_of(delays, N, 8);
	near(ovp_forecast_miss(&h, PLANNED, PLANNED - 1, PLANNED - 5).p_late, 1.0, 0, "mix s=-1");
	near(ovp_forecast_miss(&h, PLANNED, PLANNED, PLANNED - 5).p_late, 0.5, 0.05, "mix s=0");
	near(ovp_forecast_miss(&h, PLANNED, PLANNED + 29, PLANNED).p_late, 0.5, 0.05, "mix s=29");
	near(ovp_forecast_miss(&h, PLANNED, PLANNED + 30, PLANNED).p_late, 0.2, 0.05, "mix s=30");
	near(ovp_forecast_miss(&h, PLANNED, PLANNED + 89, PLANNED).p_late, 0.2, 0.05, "mix s=89");
	near(ovp_forecast_miss(&h, PLANNED, PLANNED + 90, PLANNED).p_late, 0.0, 0, "mix s=90");
	/* a week late already: only the 30s and 90s remain, 0.2 / 0.5 of them 90 */
	near(ovp_forecast_miss(&h, PLANNED, PLANNED + 30, PLANNED + 7).p_late, 0.4, 0.05,
	     "mix conditioned");
	ovp_history_free(&h);
}

/* p never increases as the due date moves later, whatever the as-of day. */
static void
test_monotone(void **state)
{
	enum { N = 300 };
	static int delays[N];
	uint64_t seed = 99;
	ovp_history h[2];

	(void)state;
	for (size_t i = 0; i < N; i++)
		delays[i] = (int)lround(normal(&seed, 10.0, 40.0));
	h[0] = history_of(delays, N, 8);
	h[1] = history_of(delays, 4, 8); /* the prior */
	for (int k = 0; k < 2; k++) {
		for (int c = -50; c <= 150; c += 25) {
			double prev = 2.0;
			for (int s = -300; s <= 600; s++) {
				ovp_forecast f = ovp_forecast_miss(&h[k], PLANNED, PLANNED + s, PLANNED + c);
				assert_true(f.p_late >= 0.0 && f.p_late <= 1.0);
				if (f.p_late > prev) {
					print_error("p rises at s=%d c=%d: %g -> %g\n", s, c, prev, f.p_late);
					fail();
				}
				prev = f.p_late;
			}
		}
	}
	/* the prior is continuous at zero slack */
	near(ovp_forecast_miss(&h[1], PLANNED, PLANNED - 1, PLANNED - 9).p_late,
	     ovp_forecast_miss(&h[1], PLANNED, PLANNED, PLANNED - 9).p_late, 0.01, "continuity");
	ovp_history_free(&h[0]);
	ovp_history_free(&h[1]);
}

static void
test_earliest_exact(void **state)
{
	static const int three[] = {1, 2, 3};
	ovp_history h = history_of(ten, 10, 8);
	ovp_history p = history_of(three, 3, 8);

	(void)state;
	/* 85%: at most 1.5 of 10 late, so only the 100 may exceed the slack: 60 */
	assert_int_equal(ovp_forecast_earliest(&h, PLANNED, PLANNED - 100, 0.85), PLANNED + 60);
	/* 90%: exactly one in ten late is allowed, despite 1 - 0.9 < 0.1 in binary */
	assert_int_equal(ovp_forecast_earliest(&h, PLANNED, PLANNED - 100, 0.90), PLANNED + 60);
	/* 50%: five of ten may be later; at s=9 six are */
	assert_int_equal(ovp_forecast_earliest(&h, PLANNED, PLANNED - 100, 0.50), PLANNED + 10);
	/* certainty: past the largest delay */
	assert_int_equal(ovp_forecast_earliest(&h, PLANNED, PLANNED - 100, 1.0), PLANNED + 100);
	/* no confidence asked: today will do */
	assert_int_equal(ovp_forecast_earliest(&h, PLANNED, PLANNED - 100, 0.0), PLANNED - 100);
	/* today is already later than the answer */
	assert_int_equal(ovp_forecast_earliest(&h, PLANNED, PLANNED + 70, 0.50), PLANNED + 100);
	/* 80 days late: only the 100 is left; it must be cleared */
	assert_int_equal(ovp_forecast_earliest(&h, PLANNED, PLANNED + 80, 0.85), PLANNED + 100);
	/* later than every sample: nothing can be promised */
	assert_int_equal(ovp_forecast_earliest(&h, PLANNED, PLANNED + 100, 0.85), OVP_DAY_NONE);
	assert_int_equal(ovp_forecast_earliest(&h, PLANNED, PLANNED - 100, 1.5), OVP_DAY_NONE);

	/* the prior: 0.6 exp(-s/45) <= 0.15 from s = 45 ln 4 = 62.4 */
	assert_int_equal(ovp_forecast_earliest(&p, PLANNED, PLANNED - 100, 0.85), PLANNED + 63);
	/* below zero slack: 1 - 0.4 exp(s/45) <= 0.7 from s = 45 ln 0.75 = -12.9 */
	assert_int_equal(ovp_forecast_earliest(&p, PLANNED, PLANNED - 100, 0.30), PLANNED - 12);
	/* conditioned on 30 days lost: exp(-(s-30)/45) <= 0.15 from s = 30 + 85.4 */
	assert_int_equal(ovp_forecast_earliest(&p, PLANNED, PLANNED + 30, 0.85), PLANNED + 116);
	/* the prior never reaches certainty */
	assert_int_equal(ovp_forecast_earliest(&p, PLANNED, PLANNED - 100, 1.0), OVP_DAY_NONE);
	ovp_history_free(&h);
	ovp_history_free(&p);
}

/* The boundary contract: p(D) acceptable and p(D - 1) not, unless D is as_of. */
static void
check_boundary(const ovp_history *h, ovp_day planned, ovp_day as_of, double confidence)
{
	ovp_day d = ovp_forecast_earliest(h, planned, as_of, confidence);
	double risk = 1.0 - confidence;

	if (d == OVP_DAY_NONE) {
		/* nothing in a long stretch after as_of may be acceptable either */
		for (ovp_day x = as_of; x < as_of + 2000; x += 7)
			assert_false(acceptable(ovp_forecast_miss(h, planned, x, as_of).p_late, risk));
		return;
	}
	assert_true(d >= as_of);
	assert_true(acceptable(ovp_forecast_miss(h, planned, d, as_of).p_late, risk));
	if (d > as_of &&
	    acceptable(ovp_forecast_miss(h, planned, d - 1, as_of).p_late, risk)) {
		print_error("earliest %d not the first: planned %d as_of %d conf %g\n", d, planned,
		            as_of, confidence);
		fail();
	}
}

static void
test_earliest_boundary(void **state)
{
	enum { N = 500 };
	static int delays[N];
	uint64_t seed = 4242;
	static const double confidences[] = {0.0, 0.05, 0.3, 0.5, 0.6, 0.7, 0.8, 0.85, 0.9,
	                                     0.95, 0.99, 0.999, 1.0};
	ovp_history h[3];

	(void)state;
	for (size_t i = 0; i < N; i++)
		delays[i] = (int)lround(normal(&seed, 25.0, 35.0));
	h[0] = history_of(delays, N, 8);
	h[1] = history_of(delays, 20, 8); /* coarse: shares in steps of 1/20 */
	h[2] = history_of(delays, 5, 8);  /* the prior */
	for (int k = 0; k < 3; k++)
		for (size_t i = 0; i < sizeof confidences / sizeof confidences[0]; i++)
			for (int c = -120; c <= 150; c += 15)
				check_boundary(&h[k], PLANNED, PLANNED + c, confidences[i]);
	ovp_history_free(&h[0]);
	ovp_history_free(&h[1]);
	ovp_history_free(&h[2]);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_history_build),
		cmocka_unit_test(test_history_sorted),
		cmocka_unit_test(test_miss_exact),
		cmocka_unit_test(test_miss_conditioned),
		cmocka_unit_test(test_prior),
		cmocka_unit_test(test_min_history_boundary),
		cmocka_unit_test(test_missing_days),
		cmocka_unit_test(test_statistical_normal),
		cmocka_unit_test(test_statistical_mixture),
		cmocka_unit_test(test_monotone),
		cmocka_unit_test(test_earliest_exact),
		cmocka_unit_test(test_earliest_boundary),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
