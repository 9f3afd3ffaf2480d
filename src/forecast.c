/*
 * The slip model (SPEC 5): how likely an open roadmap item is to miss the
 * date a customer was promised, judged by how late this very roadmap has
 * delivered before.
 *
 * Every shipped item with a planned (preferably baseline) date and a
 * shipped date contributes one delay sample, shipped - planned, in days.
 * For an open item planned for day P and a promise due on day D, with
 * slack s = D - P, the probability of missing D is the share of samples
 * with a delay strictly greater than s.  Once the plan has passed (as-of
 * A > P, item still open) the item is known to be at least c = A - P days
 * late, so the share is taken among the samples later than c only.
 *
 * With too few samples a prior stands in.  Its survival function is
 *
 *     S(s) = 0.6 * exp(-s / 45)        for s >= 0
 *     S(s) = 1 - 0.4 * exp(s / 45)     for s < 0
 *
 * that is: six deliveries in ten are late, lateness and earliness both
 * decay with a 45-day scale.  The SPEC gives the first branch; the second
 * is this module's extension to negative slack (a promise due before the
 * plan), chosen so that S is continuous at 0, decreasing, and tends to 1:
 * promising a week before the plan is likely, not certain, to be missed.
 * Conditioning uses S(s) / S(c) for s > c, and 1 otherwise.
 *
 * The samples are kept sorted, so a probability costs one binary search,
 * and the inverse question (the earliest day that can be promised at a
 * given confidence) a binary search over days on top of it.
 */
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#include <overpromise/error.h>
#include <overpromise/forecast.h>

/* Scale of the prior, in days, and its share of late deliveries. */
#define PRIOR_SCALE 45.0
#define PRIOR_LATE 0.6

/*
 * Relative slack on a probability comparison: 1 - 0.9 is
 * 0.09999999999999998 in binary, and one late sample in ten must still
 * count as 90% confidence.  Relative, so that a risk of 0 (certainty) is
 * met only by a probability of exactly 0.
 */
#define P_EPSILON 1e-9

static int
compare_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;
	return (x > y) - (x < y);
}

/*
 * Gathering allocates once, for the largest possible number of samples,
 * so that a roadmap of any size costs a single allocation and no growth.
 */
int
ovp_history_build(ovp_history *h, const ovp_roadmap *rm, size_t min_history)
{
	size_t n = 0;

	h->delays = NULL;
	h->n = 0;
	h->min_history = min_history;
	if (rm == NULL || rm->nitems == 0)
		return OVP_OK;
	if (rm->nitems > SIZE_MAX / sizeof *h->delays)
		return OVP_ENOMEM;
	h->delays = malloc(rm->nitems * sizeof *h->delays);
	if (h->delays == NULL)
		return OVP_ENOMEM;
	for (size_t i = 0; i < rm->nitems; i++) {
		const ovp_item *it = &rm->items[i];
		ovp_window ref = ovp_window_is_set(it->baseline) ? it->baseline : it->planned;
		int64_t delay;

		if (it->cls != OVP_CLASS_SHIPPED || !ovp_window_is_set(it->shipped) ||
		    !ovp_window_is_set(ref))
			continue;
		delay = (int64_t)it->shipped.end - ref.end;
		if (delay > INT_MAX)
			delay = INT_MAX;
		else if (delay < INT_MIN + 1)
			delay = INT_MIN + 1;
		h->delays[n++] = (int)delay;
	}
	if (n == 0) {
		free(h->delays);
		h->delays = NULL;
		return OVP_OK;
	}
	qsort(h->delays, n, sizeof *h->delays, compare_int);
	h->n = n;
	return OVP_OK;
}

void
ovp_history_free(ovp_history *h)
{
	if (h == NULL)
		return;
	free(h->delays);
	h->delays = NULL;
	h->n = 0;
}

/* Whether the history is rich enough to stand on its own. */
static int
use_history(const ovp_history *h)
{
	size_t need = h->min_history > 0 ? h->min_history : 1;
	return h->delays != NULL && h->n >= need;
}

/* Number of samples with a delay strictly greater than x. */
static size_t
count_greater(const ovp_history *h, int64_t x)
{
	size_t lo = 0, hi = h->n;

	/* The first index whose delay exceeds x. */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if ((int64_t)h->delays[mid] > x)
			hi = mid;
		else
			lo = mid + 1;
	}
	return h->n - lo;
}

/* The prior's probability of a delay greater than s days. */
static double
prior_survival(int64_t s)
{
	if (s >= 0)
		return PRIOR_LATE * exp(-(double)s / PRIOR_SCALE);
	return 1.0 - (1.0 - PRIOR_LATE) * exp((double)s / PRIOR_SCALE);
}

/*
 * The contract is in forecast.h.  Days that are not set make the
 * probability 1 (nothing can be promised on a missing plan), and an unset
 * as-of disables conditioning.  `samples` counts the samples the share is
 * taken among: all of them, or those later than the days already lost;
 * it is 0 when the prior decided (h->n tells how few there were).
 */
ovp_forecast
ovp_forecast_miss(const ovp_history *h, ovp_day planned, ovp_day due, ovp_day as_of)
{
	ovp_forecast f = {1.0, 0, false};
	int64_t s, c;
	bool conditioned;

	if (h == NULL || planned == OVP_DAY_NONE || due == OVP_DAY_NONE) {
		f.prior = h == NULL || !use_history(h);
		return f;
	}
	s = (int64_t)due - planned;
	c = as_of == OVP_DAY_NONE ? 0 : (int64_t)as_of - planned;
	conditioned = c > 0;

	if (!use_history(h)) {
		f.prior = true;
		if (!conditioned)
			f.p_late = prior_survival(s);
		else if (s > c)
			f.p_late = prior_survival(s) / prior_survival(c);
		return f;
	}

	if (!conditioned) {
		f.samples = h->n;
		f.p_late = (double)count_greater(h, s) / (double)h->n;
		return f;
	}
	f.samples = count_greater(h, c);
	if (f.samples > 0 && s > c)
		f.p_late = (double)count_greater(h, s) / (double)f.samples;
	return f;
}

/* Whether a probability of missing is within the allowed risk. */
static bool
acceptable(double p, double risk)
{
	return p <= risk + P_EPSILON * risk;
}

/*
 * A day by which the probability of missing has surely dropped to risk
 * (risk > 0 and below 1), as slack past the plan; INT64_MAX when no day
 * will do.  From the history: past the largest delay nothing is late any
 * more.  From the prior: the closed-form inverse of S at the conditioned
 * level, plus a day for rounding.
 */
static int64_t
slack_bound(const ovp_history *h, int64_t c, double risk)
{
	double level, s;

	if (use_history(h))
		return h->delays[h->n - 1];
	level = risk;
	if (c > 0)
		level *= prior_survival(c);
	if (level >= 1.0)
		return c > 0 ? c : 0;
	if (level <= 0.0)
		return INT64_MAX;
	if (level <= PRIOR_LATE)
		s = -PRIOR_SCALE * log(level / PRIOR_LATE);
	else
		s = PRIOR_SCALE * log((1.0 - level) / (1.0 - PRIOR_LATE));
	if (!(s < 1e12))
		return INT64_MAX;
	return (int64_t)ceil(s) + 1;
}

/*
 * The contract is in forecast.h.  p_late is non-increasing in the due day,
 * so the earliest acceptable day is found by bisection between as_of and
 * an upper bound from slack_bound(); bisecting on ovp_forecast_miss()
 * itself keeps the answer exact at the boundary (p(D) acceptable, p(D - 1)
 * not, unless D is as_of) whatever the floating point does.  Returns
 * OVP_DAY_NONE when no day reaches the confidence: a prior never reaches
 * certainty, an item already later than every sample never gets better
 * than 1, and a confidence above 1 is never met.
 */
ovp_day
ovp_forecast_earliest(const ovp_history *h, ovp_day planned, ovp_day as_of, double confidence)
{
	double risk;
	int64_t c, bound, lo, hi;

	if (h == NULL || planned == OVP_DAY_NONE || as_of == OVP_DAY_NONE || isnan(confidence))
		return OVP_DAY_NONE;
	risk = 1.0 - confidence;
	if (acceptable(ovp_forecast_miss(h, planned, as_of, as_of).p_late, risk))
		return as_of;
	if (risk < 0.0)
		return OVP_DAY_NONE;

	c = (int64_t)as_of - planned;
	if (c > 0 && use_history(h) && count_greater(h, c) == 0)
		return OVP_DAY_NONE; /* later than every sample: p stays 1 */
	bound = slack_bound(h, c, risk);
	if (bound == INT64_MAX)
		return OVP_DAY_NONE;
	hi = (int64_t)planned + bound;
	if (hi <= as_of)
		hi = (int64_t)as_of + 1;
	/* Rounding in the closed form can leave the bound a little short. */
	for (int tries = 0; tries < 64; tries++) {
		if (hi > INT32_MAX)
			return OVP_DAY_NONE;
		if (acceptable(ovp_forecast_miss(h, planned, (ovp_day)hi, as_of).p_late, risk))
			break;
		if (tries == 63)
			return OVP_DAY_NONE;
		hi += (hi - as_of) + 1;
	}

	/* p(lo) is not acceptable, p(hi) is. */
	lo = as_of;
	while (hi - lo > 1) {
		int64_t mid = lo + (hi - lo) / 2;
		if (acceptable(ovp_forecast_miss(h, planned, (ovp_day)mid, as_of).p_late, risk))
			hi = mid;
		else
			lo = mid;
	}
	return (ovp_day)hi;
}
