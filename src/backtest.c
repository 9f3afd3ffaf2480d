/*
 * The backtest (see backtest.h): the slip model replayed on the
 * roadmap's own history and judged by what happened.
 *
 * Each item is first reduced to what the replay needs: the day it
 * appeared (Created), its reference day (baseline, else plan), the day
 * it shipped or was cancelled, whether its outcome can be judged at all,
 * and the history it is in (its file's, where files are told apart).
 * At every cut-off day T the items there by T make the histories as they
 * stood (shipped by T: a delay; otherwise open, T - reference days past
 * the plan), and every open item that can be judged gets forecasts
 * for promises due at its reference day plus each horizon (those still
 * in the future at T, as OVP006 makes them) and the `when` date at the
 * asked confidence.  A forecast is judged by the item's shipped day;
 * an item still open on as_of has missed every date before as_of, and
 * a date on or after as_of is not known yet.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <overpromise/backtest.h>
#include <overpromise/forecast.h>

const int ovp_backtest_horizons[OVP_BACKTEST_HORIZONS] = {0, 7, 14, 30};

/* What the replay keeps of an item. */
typedef struct replay_item {
	size_t history;   /* the history it is in: its file's, or 0 for all */
	ovp_day created;  /* there from this day; OVP_DAY_NONE: from the start */
	ovp_day ref;      /* the plan its delay counts from */
	ovp_day ended;    /* shipped or cancelled on this day; OVP_DAY_NONE: still open */
	bool judged;      /* its forecasts can be judged: it ships, or is still open */
	bool counted;     /* counted in the items judged */
} replay_item;

/*
 * The items the replay takes, in *out, each with the history it is in
 * (with per_file, that of its file); returns their number, or SIZE_MAX
 * when out of memory.
 */
static size_t
replay_items(const ovp_roadmap *rm, bool per_file, replay_item **out, size_t *no_created)
{
	replay_item *r;
	size_t n = 0;

	*no_created = 0;
	*out = NULL;
	if (rm->nitems == 0)
		return 0;
	r = calloc(rm->nitems, sizeof *r);
	if (r == NULL)
		return SIZE_MAX;
	for (size_t i = 0; i < rm->nitems; i++) {
		const ovp_item *it = &rm->items[i];
		replay_item x;

		x.history = per_file && it->source < rm->nfiles ? it->source : 0;
		x.ref = ovp_item_reference_day(it);
		x.created = ovp_window_is_set(it->created) ? it->created.end : OVP_DAY_NONE;
		x.ended = ovp_window_is_set(it->shipped) ? it->shipped.end : OVP_DAY_NONE;
		x.counted = false;
		if (x.ref == OVP_DAY_NONE)
			continue;
		switch (it->cls) {
		case OVP_CLASS_SHIPPED:
			/* When it shipped is unknown: neither history nor outcome. */
			if (x.ended == OVP_DAY_NONE)
				continue;
			x.judged = true;
			break;
		case OVP_CLASS_CANCELLED:
			/* Open until cancelled, never shipping: history only. */
			if (x.ended == OVP_DAY_NONE)
				continue;
			x.judged = false;
			break;
		case OVP_CLASS_PLANNED:
		case OVP_CLASS_IN_PROGRESS:
			x.ended = OVP_DAY_NONE;
			x.judged = true;
			break;
		default:
			continue;
		}
		*no_created += x.created == OVP_DAY_NONE;
		r[n++] = x;
	}
	*out = r;
	return n;
}

/* The first cut-off: the first Created day, else the first reference day. */
static ovp_day
first_day(const replay_item *r, size_t n)
{
	ovp_day created = OVP_DAY_NONE, ref = OVP_DAY_NONE;

	for (size_t i = 0; i < n; i++) {
		if (r[i].created != OVP_DAY_NONE && (created == OVP_DAY_NONE || r[i].created < created))
			created = r[i].created;
		if (ref == OVP_DAY_NONE || r[i].ref < ref)
			ref = r[i].ref;
	}
	return created != OVP_DAY_NONE ? created : ref;
}

/*
 * Whether an item that ships on day `ended` (OVP_DAY_NONE: not by as_of)
 * made day due: 1 missed, 0 made, -1 not known yet on as_of.
 */
static int
missed(ovp_day ended, ovp_day due, ovp_day as_of)
{
	if (ended != OVP_DAY_NONE && ended <= as_of)
		return ended > due;
	return as_of > due ? 1 : -1;
}

static void
add(ovp_backtest_group *g, double p, int miss)
{
	g->count++;
	g->predicted += p;
	g->observed += miss;
}

static void
finish(ovp_backtest_group *g)
{
	if (g->count > 0) {
		g->predicted /= (double)g->count;
		g->observed /= (double)g->count;
	}
}

/*
 * Replay one cut-off day t: the nh histories as they stood then (built
 * from scratch, their delays gathered in d), every forecast made from
 * them judged.
 */
static int
replay_cutoff(ovp_backtest *bt, replay_item *r, size_t n, ovp_delay *d, ovp_history *h,
              size_t nh, ovp_day t, const ovp_backtest_options *o, double *sq)
{
	size_t built = 0;
	int rc = 0;

	for (size_t k = 0; k < nh && rc == 0; k++) {
		size_t nd = 0;

		for (size_t i = 0; i < n; i++) {
			if (r[i].history != k || (r[i].created != OVP_DAY_NONE && r[i].created > t))
				continue;
			if (r[i].ended != OVP_DAY_NONE && r[i].ended <= t) {
				if (!r[i].judged)
					continue; /* cancelled by then */
				d[nd++] = (ovp_delay){(long)r[i].ended - r[i].ref, false};
			} else {
				d[nd++] = (ovp_delay){(long)t - r[i].ref, true};
			}
		}
		rc = ovp_history_from_delays(&h[k], d, nd, o->min_history);
		built += rc == 0;
	}
	for (size_t i = 0; i < n && rc == 0; i++) {
		replay_item *x = &r[i];
		const ovp_history *hx = &h[x->history];
		ovp_day w;

		if (!x->judged || (x->created != OVP_DAY_NONE && x->created > t) ||
		    (x->ended != OVP_DAY_NONE && x->ended <= t))
			continue;
		for (int k = 0; k < OVP_BACKTEST_HORIZONS; k++) {
			ovp_day due = x->ref + ovp_backtest_horizons[k];
			double p;
			int miss;

			if (due <= t)
				continue; /* already broken at t: not a forecast */
			miss = missed(x->ended, due, o->as_of);
			if (miss < 0) {
				bt->pending++;
				continue;
			}
			p = ovp_forecast_miss(hx, x->ref, due, t).p_late;
			add(&bt->bins[p >= 1.0 ? OVP_BACKTEST_BINS - 1 : (int)(p * OVP_BACKTEST_BINS)],
			    p, miss);
			add(&bt->horizons[k], p, miss);
			*sq += (p - miss) * (p - miss);
			bt->predictions++;
			if (!x->counted) {
				x->counted = true;
				bt->items++;
			}
		}
		w = ovp_forecast_earliest(hx, x->ref, t, o->confidence);
		if (w != OVP_DAY_NONE) {
			int miss = missed(x->ended, w, o->as_of);

			if (miss >= 0) {
				bool few = ovp_forecast_miss(hx, x->ref, w, t).samples < OVP_BACKTEST_FEW;

				bt->when.judged++;
				bt->when.held += !miss;
				if (few) {
					bt->when_few.judged++;
					bt->when_few.held += !miss;
				}
			}
		}
	}
	for (size_t k = 0; k < built; k++)
		ovp_history_free(&h[k]);
	return rc;
}

int
ovp_backtest_run(const ovp_roadmap *rm, const ovp_backtest_options *o, ovp_backtest *out,
                 ovp_error *err)
{
	replay_item *r;
	ovp_delay *d = NULL;
	ovp_history *h = NULL;
	size_t n, nh;
	ovp_day from;
	double sq = 0.0;
	int rc = 0;

	memset(out, 0, sizeof *out);
	out->from = out->to = OVP_DAY_NONE;
	out->step = o->step;
	out->confidence = o->confidence;
	out->too_small = true;
	if (o->step < 1)
		return ovp_error_set(err, OVP_EUSAGE, NULL, 0, "a step of %d days: 1 or more is needed",
		                     o->step);
	if (!(o->confidence > 0.0 && o->confidence < 1.0))
		return ovp_error_set(err, OVP_EUSAGE, NULL, 0,
		                     "a confidence of %g: between 0 and 1 (exclusive) is needed",
		                     o->confidence);
	nh = o->per_file && rm->nfiles > 1 ? rm->nfiles : 1;
	out->per_file = nh > 1;
	n = replay_items(rm, nh > 1, &r, &out->no_created);
	if (n == SIZE_MAX)
		return ovp_error_set(err, OVP_ENOMEM, NULL, 0, "out of memory");
	out->replayed = n;
	from = o->from != OVP_DAY_NONE ? o->from : first_day(r, n);
	if (n == 0 || from == OVP_DAY_NONE || o->as_of == OVP_DAY_NONE || from >= o->as_of) {
		free(r);
		return 0;
	}
	{
		int64_t cutoffs = ((int64_t)o->as_of - 1 - from) / o->step + 1;

		/* A first day of its own choosing (one odd Created date may lie decades
		 * back) is moved forward to the last cut-offs that may be replayed. */
		if (cutoffs > OVP_BACKTEST_MAX_CUTOFFS && o->from == OVP_DAY_NONE) {
			from += (ovp_day)((cutoffs - OVP_BACKTEST_MAX_CUTOFFS) * o->step);
			cutoffs = OVP_BACKTEST_MAX_CUTOFFS;
		}
		if (cutoffs > OVP_BACKTEST_MAX_CUTOFFS) {
			free(r);
			return ovp_error_set(err, OVP_ELIMIT, rm->path, 0,
			                     "%lld cut-off days, one every %d %s: at most %d are "
			                     "replayed; take a longer step or a later first day",
			                     (long long)cutoffs, o->step, o->step == 1 ? "day" : "days",
			                     OVP_BACKTEST_MAX_CUTOFFS);
		}
	}
	d = malloc(n * sizeof *d);
	h = calloc(nh, sizeof *h);
	if (d == NULL || h == NULL) {
		free(d);
		free(h);
		free(r);
		return ovp_error_set(err, OVP_ENOMEM, NULL, 0, "out of memory");
	}
	out->from = from;
	for (int64_t t = from; t < o->as_of && rc == 0; t += o->step) {
		rc = replay_cutoff(out, r, n, d, h, nh, (ovp_day)t, o, &sq);
		out->to = (ovp_day)t;
		out->cutoffs++;
	}
	free(h);
	free(d);
	free(r);
	if (rc < 0)
		return ovp_error_set(err, rc, NULL, 0, "out of memory");
	for (int b = 0; b < OVP_BACKTEST_BINS; b++)
		finish(&out->bins[b]);
	for (int k = 0; k < OVP_BACKTEST_HORIZONS; k++) {
		out->base_rate += out->horizons[k].observed;
		finish(&out->horizons[k]);
	}
	if (out->predictions > 0) {
		out->base_rate /= (double)out->predictions;
		out->brier = sq / (double)out->predictions;
		out->brier_base = out->base_rate * (1.0 - out->base_rate);
		if (out->brier_base > 0.0)
			out->skill = 1.0 - out->brier / out->brier_base;
	}
	if (out->when.judged > 0)
		out->when.rate = (double)out->when.held / (double)out->when.judged;
	if (out->when_few.judged > 0)
		out->when_few.rate = (double)out->when_few.held / (double)out->when_few.judged;
	out->too_small = out->items < OVP_BACKTEST_MIN_ITEMS;
	return 0;
}
