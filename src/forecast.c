/*
 * The slip model (SPEC 5): how likely an open roadmap item is to miss the
 * date a customer was promised, judged by how late this very roadmap has
 * delivered before.
 *
 * The delay of an item is shipped - planned, in days (its baseline when
 * it has one).  A shipped item's delay is known; an open item's is known
 * only to be more than as-of - planned: it is censored.  Counting only
 * the shipped items would leave out the long delays that have not ended
 * yet, so the estimate of S(d) = P(delay > d) is a Kaplan-Meier product
 * over both kinds, and an item already c days past its plan misses a due
 * date s days past it with probability S(s) / S(c).
 *
 * A few items make a poor estimate, so the default slip model enters as
 * m = min_history imaginary items that are at risk at every delay and
 * leave at its rate.  Its survival function is
 *
 *     S0(d) = 0.6 * exp(-d / 45)        for d >= 0
 *     S0(d) = 1 - 0.4 * exp(d / 45)     for d < 0
 *
 * (six deliveries in ten are late, SPEC 5; the second branch extends it
 * to early deliveries, continuous at 0 and tending to 1), with cumulative
 * hazard A0 = -log S0.  With R(u) items of the roadmap at risk at delay u
 * (delay, or censoring, at least u) and d_j of them shipping at delay
 * t_j, the estimate is
 *
 *     S(t) = prod_{t_j <= t} (1 - d_j / (R(t_j) + m))
 *            * exp(-integral_{-inf}^{t} m / (R(u) + m) dA0(u))
 *
 * the posterior mean of a beta process centred on the default model with
 * the weight of m items (Hjort 1990), which is also the probability that
 * a new item's delay exceeds t.  With no items it is S0; with many it is
 * Kaplan-Meier; in between it moves smoothly, with no switch at
 * min_history.  Where conditioning leaves few items at risk, the m
 * imaginary ones still weigh in.  Between two delays of the history the
 * integral is in closed form, so the estimate is kept only at the days
 * where something happened: a probability costs a binary search, and the
 * earliest day that can be promised a bisection over days on top of it.
 */
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <overpromise/error.h>
#include <overpromise/forecast.h>

#include "finding_impl.h"

/* Scale of the prior, in days, and its share of late deliveries. */
#define PRIOR_SCALE 45.0
#define PRIOR_LATE 0.6

/*
 * Relative slack on a probability comparison: 1 - 0.9 is
 * 0.09999999999999998 in binary, and one late item in ten must still
 * count as 90% confidence.  Relative, so that a risk of 0 (certainty) is
 * met only by a probability of exactly 0.
 */
#define P_EPSILON 1e-9

/* Delays are kept within this many days either way (about 2700 years). */
#define DELAY_MAX 1000000L

/* One day of the estimate where items shipped or were censored. */
struct ovp_history_point {
	long day;        /* the delay */
	size_t at_risk;  /* items whose delay is known to be at least day */
	size_t open;     /* of those, open ones */
	double log_surv; /* log S(day), after the items that shipped at day */
};

static long
clamp_delay(long d)
{
	return d > DELAY_MAX ? DELAY_MAX : d < -DELAY_MAX ? -DELAY_MAX : d;
}

/* The prior's cumulative hazard, -log S0(d). */
static double
prior_hazard(double d)
{
	if (d >= 0.0)
		return -log(PRIOR_LATE) + d / PRIOR_SCALE;
	return -log1p(-(1.0 - PRIOR_LATE) * exp(d / PRIOR_SCALE));
}

/* The delay at which the prior's cumulative hazard reaches a (a >= 0). */
static double
prior_hazard_inverse(double a)
{
	if (a >= -log(PRIOR_LATE))
		return PRIOR_SCALE * (a + log(PRIOR_LATE));
	/* 1 - 0.4 exp(d / 45) = exp(-a) */
	return PRIOR_SCALE * log(-expm1(-a) / (1.0 - PRIOR_LATE));
}

double
ovp_prior_survival(long days)
{
	return exp(-prior_hazard((double)clamp_delay(days)));
}

/* The weight of the default model among r items at risk. */
static double
prior_weight(const ovp_history *h, size_t r)
{
	double m = (double)h->min_history;

	/* Where no item tells anything, the default model speaks. */
	if (r == 0)
		return 1.0;
	return m / ((double)r + m);
}

static int
by_day(const void *a, const void *b)
{
	const ovp_delay *x = a, *y = b;

	if (x->days != y->days)
		return (x->days > y->days) - (x->days < y->days);
	return (int)x->open - (int)y->open;
}

/*
 * The contract is in forecast.h.  The delays are sorted once; a pass from
 * the longest down counts the items at risk at each distinct day, and a
 * pass up multiplies the estimate out.
 */
int
ovp_history_from_delays(ovp_history *h, const ovp_delay *d, size_t n, size_t min_history)
{
	ovp_delay *sorted;
	struct ovp_history_point *pt;
	size_t np = 0, at_risk, open;
	double log_surv = 0.0, prev_hazard = 0.0;

	memset(h, 0, sizeof *h);
	h->min_history = min_history;
	if (n == 0)
		return OVP_OK;
	if (n > SIZE_MAX / sizeof *sorted || n > SIZE_MAX / sizeof *pt)
		return OVP_ENOMEM;
	sorted = malloc(n * sizeof *sorted);
	pt = malloc(n * sizeof *pt);
	if (sorted == NULL || pt == NULL) {
		free(sorted);
		free(pt);
		return OVP_ENOMEM;
	}
	for (size_t i = 0; i < n; i++) {
		sorted[i].days = clamp_delay(d[i].days);
		sorted[i].open = d[i].open;
		if (!d[i].open || d[i].days > 0) {
			h->past++;
			h->past_open += d[i].open;
		}
	}
	h->items = n;
	qsort(sorted, n, sizeof *sorted, by_day);

	/* Distinct days, with the items at risk there (delay at least day). */
	at_risk = n;
	open = 0;
	for (size_t i = 0; i < n; i++)
		open += sorted[i].open;
	for (size_t i = 0; i < n;) {
		size_t j = i, shipped = 0, censored = 0;

		while (j < n && sorted[j].days == sorted[i].days) {
			if (sorted[j].open)
				censored++;
			else
				shipped++;
			j++;
		}
		pt[np].day = sorted[i].days;
		pt[np].at_risk = at_risk;
		pt[np].open = open;
		/* Up to this day: the prior's share of the hazard among the items at risk. */
		{
			double hz = prior_hazard((double)pt[np].day);

			log_surv -= prior_weight(h, at_risk) * (hz - prev_hazard);
			prev_hazard = hz;
		}
		/* At this day: the items that shipped, among those at risk and the imaginary ones. */
		if (shipped > 0) {
			double keep = 1.0 - (double)shipped / ((double)at_risk + (double)min_history);

			log_surv += keep > 0.0 ? log(keep) : -(double)INFINITY;
		}
		pt[np].log_surv = log_surv;
		np++;
		at_risk -= shipped + censored;
		open -= censored;
		i = j;
	}
	free(sorted);
	h->points = pt;
	h->npoints = np;
	return OVP_OK;
}

ovp_day
ovp_item_reference_day(const ovp_item *it)
{
	if (ovp_window_is_set(it->baseline))
		return it->baseline.end;
	if (ovp_window_is_set(it->planned) && !it->later)
		return it->planned.end;
	return OVP_DAY_NONE;
}

int
ovp_history_build(ovp_history *h, const ovp_roadmap *rm, ovp_day as_of, size_t min_history)
{
	ovp_delay *d;
	size_t n = 0;
	int rc;

	if (rm == NULL || rm->nitems == 0)
		return ovp_history_from_delays(h, NULL, 0, min_history);
	if (rm->nitems > SIZE_MAX / sizeof *d)
		return OVP_ENOMEM;
	d = malloc(rm->nitems * sizeof *d);
	if (d == NULL)
		return OVP_ENOMEM;
	for (size_t i = 0; i < rm->nitems; i++) {
		const ovp_item *it = &rm->items[i];
		ovp_day ref = ovp_item_reference_day(it);

		if (ref == OVP_DAY_NONE)
			continue;
		if (it->cls == OVP_CLASS_SHIPPED && ovp_window_is_set(it->shipped)) {
			d[n].days = (long)it->shipped.end - ref;
			d[n++].open = false;
		} else if ((it->cls == OVP_CLASS_PLANNED || it->cls == OVP_CLASS_IN_PROGRESS) &&
		           as_of != OVP_DAY_NONE) {
			d[n].days = (long)as_of - ref;
			d[n++].open = true;
		}
	}
	rc = ovp_history_from_delays(h, d, n, min_history);
	free(d);
	return rc;
}

void
ovp_history_free(ovp_history *h)
{
	if (h == NULL)
		return;
	free(h->points);
	h->points = NULL;
	h->npoints = 0;
}

/* The index of the last point at or before day x, or -1 (as a size_t: SIZE_MAX). */
static size_t
point_at(const ovp_history *h, long x)
{
	size_t lo = 0, hi = h->npoints;

	/* The first point after x. */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (h->points[mid].day > x)
			hi = mid;
		else
			lo = mid + 1;
	}
	return lo - 1;
}

/* log S(x), the estimate of the log-probability of a delay of more than x days. */
static double
log_survival(const ovp_history *h, long x)
{
	size_t k = point_at(h, x);
	size_t next_risk;

	if (k == SIZE_MAX)
		return -prior_weight(h, h->items) * prior_hazard((double)x);
	next_risk = k + 1 < h->npoints ? h->points[k + 1].at_risk : 0;
	return h->points[k].log_surv -
	       prior_weight(h, next_risk) *
	           (prior_hazard((double)x) - prior_hazard((double)h->points[k].day));
}

double
ovp_history_survival(const ovp_history *h, long days)
{
	return exp(log_survival(h, clamp_delay(days)));
}

/* The items known to be later than c days, and how many of them are open. */
static void
later_than(const ovp_history *h, long c, size_t *n, size_t *open)
{
	size_t k = point_at(h, c) + 1; /* the first point after c */

	*n = k < h->npoints ? h->points[k].at_risk : 0;
	*open = k < h->npoints ? h->points[k].open : 0;
}

/* log S of the delay an item planned for planned has reached by as_of (both set). */
static double
log_survival_now(const ovp_history *h, ovp_day planned, ovp_day as_of)
{
	return log_survival(h, clamp_delay((long)as_of - planned));
}

/*
 * The probability of missing due (set, after as_of) for an item planned
 * for planned (set), given log_now, log_survival_now() of it (0 without
 * an as_of day): a search over due days for one item computes log_now
 * once.
 */
static double
p_late_after(const ovp_history *h, ovp_day planned, ovp_day due, double log_now)
{
	double lp = log_survival(h, clamp_delay((long)due - planned)) - log_now, p;

	/* exp(-inf - -inf) would be NaN: a delay the history rules out stays certain to be missed. */
	p = isnan(lp) ? 1.0 : exp(lp);
	return p > 1.0 ? 1.0 : p;
}

/*
 * The contract is in forecast.h.  Days that are not set make the
 * probability 1 (nothing can be promised on a missing plan).  The counts
 * say what the estimate rests on: all past items, or once the plan has
 * passed, the items known to have been later than the item is already.
 */
ovp_forecast
ovp_forecast_miss(const ovp_history *h, ovp_day planned, ovp_day due, ovp_day as_of)
{
	ovp_forecast f = {1.0, 0, 0, false, true};

	if (h == NULL)
		return f;
	f.samples = h->past;
	f.open = h->past_open;
	if (planned != OVP_DAY_NONE && as_of != OVP_DAY_NONE && as_of > planned) {
		f.late = true;
		later_than(h, clamp_delay((long)as_of - planned), &f.samples, &f.open);
	}
	f.prior = f.samples < h->min_history;
	if (planned == OVP_DAY_NONE || due == OVP_DAY_NONE ||
	    (as_of != OVP_DAY_NONE && due <= as_of))
		return f;
	f.p_late = p_late_after(h, planned, due,
	                        as_of != OVP_DAY_NONE ? log_survival_now(h, planned, as_of) : 0.0);
	return f;
}

/* Whether a probability of missing is within the allowed risk. */
static bool
acceptable(double p, double risk)
{
	return p <= risk + P_EPSILON * risk;
}

/*
 * A slack by which the probability of missing has surely dropped to risk
 * (0 < risk < 1) for an item c days past its plan (c may be negative),
 * or LONG_MAX when no day will do.  Past the last point of the history
 * the estimate follows the default model alone, S(t) = S(t_K) S0(t) /
 * S0(t_K), which is solved in closed form; a day is added for rounding.
 */
static long
slack_bound(const ovp_history *h, long c, double risk)
{
	double target = log(risk) + log_survival(h, c), last_log, last_hazard = 0.0, a, t;
	long last_day = LONG_MIN;

	if (h->npoints > 0) {
		const struct ovp_history_point *p = &h->points[h->npoints - 1];

		last_day = p->day;
		last_log = p->log_surv;
		last_hazard = prior_hazard((double)p->day);
		if (last_log <= target)
			return last_day + 1;
	} else {
		last_log = 0.0;
	}
	if (isinf(last_log) || isnan(target))
		return LONG_MAX;
	/* last_log - (A0(t) - last_hazard) = target */
	a = last_hazard + (last_log - target);
	t = prior_hazard_inverse(a);
	if (!(t < (double)DELAY_MAX))
		return LONG_MAX;
	if (last_day != LONG_MIN && t < (double)last_day)
		t = (double)last_day;
	return (long)ceil(t) + 1;
}

/*
 * The contract is in forecast.h.  p_late is non-increasing in the due day,
 * so the earliest acceptable day is found by bisection between as_of and
 * an upper bound from slack_bound(); bisecting on ovp_forecast_miss()
 * itself keeps the answer exact at the boundary (p(D) acceptable, p(D - 1)
 * not, unless D is as_of) whatever the floating point does.
 */
ovp_day
ovp_forecast_earliest(const ovp_history *h, ovp_day planned, ovp_day as_of, double confidence)
{
	double risk, now;
	long bound;
	int64_t lo, hi;

	if (h == NULL || planned == OVP_DAY_NONE || as_of == OVP_DAY_NONE || isnan(confidence))
		return OVP_DAY_NONE;
	risk = 1.0 - confidence;
	/* Due on as_of, an open item misses: p is 1, acceptable only with no confidence asked. */
	if (acceptable(ovp_forecast_miss(h, planned, as_of, as_of).p_late, risk))
		return as_of;
	if (risk < 0.0)
		return OVP_DAY_NONE;
	if (risk == 0.0) {
		/* Only a history that rules longer delays out reaches certainty. */
		if (h->npoints == 0 || !isinf(h->points[h->npoints - 1].log_surv))
			return OVP_DAY_NONE;
		bound = h->points[h->npoints - 1].day + 1;
	} else {
		bound = slack_bound(h, clamp_delay((long)as_of - planned), risk);
	}
	if (bound == LONG_MAX)
		return OVP_DAY_NONE;
	/* Every day tried below is after as_of: ovp_forecast_miss() with log S(now) made once. */
	now = log_survival_now(h, planned, as_of);
	hi = (int64_t)planned + bound;
	if (hi <= as_of)
		hi = (int64_t)as_of + 1;
	/* Rounding in the closed form can leave the bound a little short. */
	for (int tries = 0;; tries++) {
		if (hi > INT32_MAX || tries == 64)
			return OVP_DAY_NONE;
		if (acceptable(p_late_after(h, planned, (ovp_day)hi, now), risk))
			break;
		hi += (hi - as_of) + 1;
	}

	/* p(lo) is not acceptable, p(hi) is. */
	lo = as_of;
	while (hi - lo > 1) {
		int64_t mid = lo + (hi - lo) / 2;

		if (acceptable(p_late_after(h, planned, (ovp_day)mid, now), risk))
			hi = mid;
		else
			lo = mid;
	}
	return (ovp_day)hi;
}

/*
 * The texts below end up in a message of nearly every slip-risk finding,
 * so they are written by the messages' own formatter (finding.c), which
 * writes exactly what snprintf writes.
 */
char *
ovp_forecast_basis(const ovp_forecast *f, char *buf, size_t cap)
{
	char open[64] = "";
	const char *items = f->samples == 1 ? "item" : "items";

	if (cap == 0)
		return buf;
	if (f->samples == 0) {
		ovp_message_format(buf, cap, "by the default slip model alone: %s",
		                   f->late ? "no past item was that late" : "no past items to learn from");
		return buf;
	}
	if (f->open > 0)
		ovp_message_format(open, sizeof open, ", %zu of them still open", f->open);
	if (f->late)
		ovp_message_format(buf, cap, "from the %zu past %s that %s at least that late%s%s",
		                   f->samples, items, f->samples == 1 ? "was" : "were", open,
		                   f->prior ? ", and the default slip model" : "");
	else
		ovp_message_format(buf, cap, "from %zu past %s of this roadmap%s%s", f->samples, items,
		                   open, f->prior ? ", and the default slip model" : "");
	return buf;
}

char *
ovp_percent_text(double p, char *buf, size_t cap)
{
	ovp_message m;

	if (cap == 0)
		return buf;
	ovp_message_start(&m, buf, cap, 0);
	if (p > 0.995 && p < 1.0) {
		OVP_MESSAGE_LIT(&m, "over 99%");
	} else if (p < 0.005 && p > 0.0) {
		OVP_MESSAGE_LIT(&m, "under 1%");
	} else {
		ovp_message_fixed(&m, p * 100.0, 0);
		OVP_MESSAGE_LIT(&m, "%");
	}
	ovp_message_end(&m);
	return buf;
}

bool
ovp_forecast_baseline_note(const ovp_roadmap *rm, size_t k, bool per_file, ovp_note *out)
{
	const ovp_item *items;
	size_t n;
	bool dated = false;

	per_file = per_file && rm != NULL && rm->nfiles > 1;
	if (rm == NULL || (per_file ? k >= rm->nfiles : k > 0))
		return false;
	items = per_file ? rm->items + rm->files[k].first : rm->items;
	n = per_file ? rm->files[k].nitems : rm->nitems;
	for (size_t i = 0; i < n; i++) {
		if (ovp_window_is_set(items[i].baseline))
			return false;
		if (ovp_window_is_set(items[i].planned))
			dated = true;
	}
	if (!dated)
		return false;
	out->file = rm->nfiles > 0 ? rm->files[k].path : rm->path;
	out->line = rm->nfiles > 0 && rm->files[k].header_line > 0 ? rm->files[k].header_line : 1;
	out->message =
		"no item has a baseline (original due date), so due dates moved as work slipped hide "
		"those slips and the forecasts are optimistic; export the first due date (Jira: a "
		"custom field \"Original due date\"; Linear, Azure DevOps: the first target date "
		"in the item's history) and map it with [roadmap] baseline = ...";
	return true;
}

void
ovp_forecast_when(const ovp_history *h, const ovp_item *it, ovp_day as_of, double confidence,
                  ovp_day by, ovp_when *out)
{
	ovp_day planned, at;

	/* No forecast, and nothing it rests on, for an item that gets no date from one. */
	memset(out, 0, sizeof *out);
	out->earliest = OVP_DAY_NONE;
	out->has_by = by != OVP_DAY_NONE;
	switch (ovp_item_plan_state(it)) {
	case OVP_PLAN_SHIPPED:
		out->kind = OVP_WHEN_SHIPPED;
		out->earliest = as_of;
		out->p_by = 1.0;
		return;
	case OVP_PLAN_CANCELLED:
		out->kind = OVP_WHEN_CANCELLED;
		out->reason = "cancelled";
		out->has_by = false;
		return;
	case OVP_PLAN_NO_DATES:
		out->kind = OVP_WHEN_UNSCHEDULED;
		out->reason = "no planned date: the roadmap export has no planned-date column";
		out->has_by = false;
		return;
	case OVP_PLAN_UNSCHEDULED:
		out->kind = OVP_WHEN_UNSCHEDULED;
		out->reason = "not scheduled: no planned date";
		out->has_by = false;
		return;
	case OVP_PLAN_DATED:
		break;
	}
	planned = it->planned.end;
	out->earliest = ovp_forecast_earliest(h, planned, as_of, confidence);
	out->kind = out->earliest != OVP_DAY_NONE ? OVP_WHEN_DATE : OVP_WHEN_NO_DATE;
	if (out->kind == OVP_WHEN_NO_DATE)
		out->reason = "no date reaches that confidence";
	at = out->earliest != OVP_DAY_NONE ? out->earliest : planned;
	out->basis = ovp_forecast_miss(h, planned, at, as_of);
	if (out->has_by)
		out->p_by = 1.0 - ovp_forecast_miss(h, planned, by, as_of).p_late;
}
