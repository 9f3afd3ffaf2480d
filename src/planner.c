/*
 * The planner (see planner.h): the matcher and the slip histories of one
 * roadmap, and the `when` answer built from them, so that the engine and
 * the `when` command match and forecast alike.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <overpromise/planner.h>
#include <overpromise/when.h>

#include "histories.h"
#include "match/fork.h"
#include "planner_impl.h"

struct ovp_planner {
	ovp_matcher *matcher;
	ovp_histories histories;   /* one, or one per roadmap file */
	bool borrowed;             /* the histories are another planner's (a fork's) */
	ovp_day as_of;
	int slip_days;             /* from which a slip past the baseline flags an item */
};

int
ovp_planner_new(ovp_planner **out, const ovp_roadmap *rm, const ovp_config *cfg, ovp_day as_of,
                ovp_error *err)
{
	return ovp_planner_new_on(out, rm, cfg, as_of, 1, err);
}

/*
 * The slip histories of a planner's roadmap: built beside the matcher, on
 * a second thread where there is one.  Writes only pl->histories; rc is 0
 * or OVP_ENOMEM.
 */
typedef struct history_build {
	ovp_planner *pl;
	const ovp_roadmap *rm;
	const ovp_config *cfg;
	int rc;
} history_build;

static void *
build_histories(void *arg)
{
	history_build *hb = arg;

	hb->rc = ovp_histories_build(&hb->pl->histories, hb->rm, hb->pl->as_of, hb->cfg->min_history,
	                             hb->cfg->forecast_per_file) < 0
	         ? OVP_ENOMEM
	         : 0;
	return NULL;
}

int
ovp_planner_new_on(ovp_planner **out, const ovp_roadmap *rm, const ovp_config *cfg, ovp_day as_of,
                   unsigned threads, ovp_error *err)
{
	ovp_planner *pl = calloc(1, sizeof *pl);
	ovp_config defaults;
	history_build hb;
	pthread_t helper;
	bool helping;
	int rc;

	*out = NULL;
	if (pl == NULL)
		return ovp_error_set(err, OVP_ENOMEM, NULL, 0, "out of memory");
	if (cfg == NULL) {
		ovp_config_init(&defaults);
		cfg = &defaults;
	}
	pl->as_of = as_of;
	pl->slip_days = cfg->slip_days;
	hb = (history_build){pl, rm, cfg, 0};
	helping = threads >= 2 && pthread_create(&helper, NULL, build_histories, &hb) == 0;
	rc = ovp_matcher_new_on(&pl->matcher, rm, cfg->aliases, cfg->naliases, cfg->min_similarity,
	                        cfg->unconfirmed_similarity, threads, err);
	if (helping)
		pthread_join(helper, NULL);
	else if (rc == 0)
		build_histories(&hb);
	/* The matcher's error first, as when the two were built one after the other. */
	if (rc == 0 && hb.rc < 0)
		rc = ovp_error_set(err, OVP_ENOMEM, NULL, 0, "out of memory");
	if (cfg == &defaults)
		ovp_config_free(&defaults);
	if (rc < 0) {
		ovp_planner_free(pl);
		return rc;
	}
	*out = pl;
	return 0;
}

int
ovp_planner_fork(ovp_planner **out, ovp_planner *pl, size_t cache_entries, ovp_error *err)
{
	ovp_planner *f = malloc(sizeof *f);
	int rc;

	*out = NULL;
	if (f == NULL)
		return ovp_error_set(err, OVP_ENOMEM, NULL, 0, "out of memory");
	*f = *pl;
	f->borrowed = true;
	rc = ovp_matcher_fork(&f->matcher, pl->matcher, cache_entries, err);
	if (rc < 0) {
		free(f);
		return rc;
	}
	*out = f;
	return 0;
}

void
ovp_planner_join(ovp_planner *pl, ovp_planner *fork)
{
	if (fork == NULL)
		return;
	ovp_matcher_join(pl->matcher, fork->matcher);
	fork->matcher = NULL;
	ovp_planner_free(fork);
}

const ovp_match *
ovp_planner_match(ovp_planner *pl, const char *text, size_t len, ovp_error *err)
{
	return ovp_matcher_match(pl->matcher, text, len, err);
}

const ovp_match *
ovp_planner_match_missed(ovp_planner *pl, const char *text, size_t len, uint64_t hash,
                         ovp_error *err)
{
	return ovp_matcher_match_missed(pl->matcher, text, len, hash, err);
}

int
ovp_planner_cached_to(ovp_planner *pl, const char *text, size_t len, uint64_t hash, ovp_match *out,
                      ovp_arena *ar)
{
	return ovp_matcher_cached_to(pl->matcher, text, len, hash, out, ar);
}

void
ovp_planner_prefetch(const ovp_planner *pl, uint64_t hash, bool blocks)
{
	ovp_matcher_prefetch(pl->matcher, hash, blocks);
}

void
ovp_planner_learn(ovp_planner *pl, const char *text, size_t len, uint64_t hash,
                  const ovp_match *r)
{
	ovp_matcher_learn(pl->matcher, text, len, hash, r);
}

int
ovp_planner_set_cache(ovp_planner *pl, size_t entries)
{
	return ovp_matcher_set_cache(pl->matcher, entries);
}

const ovp_history *
ovp_planner_history(const ovp_planner *pl, const ovp_item *it)
{
	return ovp_histories_for(&pl->histories, it);
}

void
ovp_planner_past(const ovp_planner *pl, size_t *past, size_t *open)
{
	*past = 0;
	*open = 0;
	for (size_t k = 0; k < pl->histories.n; k++) {
		*past += pl->histories.h[k].past;
		*open += pl->histories.h[k].past_open;
	}
}

void
ovp_planner_when_item(const ovp_planner *pl, const ovp_item *it, double confidence, ovp_day by,
                      ovp_when *out)
{
	ovp_forecast_when(ovp_planner_history(pl, it), it, pl->as_of, confidence, by, out);
}

/* Why a feature that matched as kind rests on no item, or NULL when it rests on one. */
static const char *
unmatched_reason(ovp_match_kind kind)
{
	switch (kind) {
	case OVP_MATCH_NONE:
		return "not on the roadmap";
	case OVP_MATCH_AMBIGUOUS:
		return "matches several roadmap items; name one";
	case OVP_MATCH_UNCONFIRMED:
		return "not clearly on the roadmap; confirm the item with an alias";
	default:
		return NULL;
	}
}

int
ovp_planner_when(ovp_planner *pl, const char *feature, double confidence, ovp_day by,
                 ovp_when_answer *out, ovp_error *err)
{
	ovp_error why;
	const ovp_match *m;

	memset(out, 0, sizeof *out);
	out->feature = feature;
	out->when.earliest = OVP_DAY_NONE;
	m = ovp_planner_match(pl, feature, strlen(feature), &why);
	if (m == NULL) {
		if (err != NULL)
			*err = why;
		return why.code;
	}
	out->match = *m;
	out->match.feature_norm = NULL;
	out->reason = unmatched_reason(out->match.kind);
	if (out->reason != NULL) {
		for (size_t i = 0; i < out->match.ncandidates && i < OVP_WHEN_MAX_CANDIDATES; i++)
			out->candidates[out->ncandidates++] = out->match.candidates[i];
		return 0;
	}
	out->item = out->match.item;
	ovp_planner_when_item(pl, out->item, confidence, by, &out->when);
	out->reason = out->when.reason;
	out->flags = ovp_item_when_flags(out->item, pl->slip_days);
	return 0;
}

void
ovp_planner_free(ovp_planner *pl)
{
	if (pl == NULL)
		return;
	ovp_matcher_free(pl->matcher);
	if (!pl->borrowed)
		ovp_histories_free(&pl->histories);
	free(pl);
}
