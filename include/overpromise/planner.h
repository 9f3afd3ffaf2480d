/*
 * The roadmap as something to ask: which item a text means, and from
 * when that item can honestly be promised.
 *
 * A planner holds the roadmap's matcher and the slip histories its items
 * are judged by.  The check engine asks it about every promise; the
 * `when` command asks it about the features it is given, and gets the
 * same match and the same slip model as a check would use.
 */
#ifndef OVERPROMISE_PLANNER_H
#define OVERPROMISE_PLANNER_H

#include <stdbool.h>
#include <stddef.h>

#include <overpromise/common.h>
#include <overpromise/config.h>
#include <overpromise/date.h>
#include <overpromise/error.h>
#include <overpromise/forecast.h>
#include <overpromise/match.h>
#include <overpromise/roadmap.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct ovp_planner ovp_planner;

/**
 * Create a planner over rm (which must outlive it) as it stands on day
 * as_of, with the aliases, similarity thresholds and forecast settings of
 * cfg (NULL for the defaults).  On success *out is the caller's to free
 * with ovp_planner_free().  Fails with OVP_ECONFIG when a configured
 * alias names no item, OVP_ENOMEM.
 */
OVP_EXTERN int ovp_planner_new(ovp_planner **out, const ovp_roadmap *rm, const ovp_config *cfg,
                               ovp_day as_of, ovp_error *err);

/**
 * Match len bytes of text to an item (ovp_matcher_match()): a result
 * owned by the planner until its next match, or NULL with err saying why.
 */
OVP_EXTERN const ovp_match *ovp_planner_match(ovp_planner *pl, const char *text, size_t len,
                                              ovp_error *err);

/**
 * The slip history item it is judged by: the roadmap's, or with
 * `[forecast] per_file` that of its file.  Borrowed from pl; never NULL.
 */
OVP_EXTERN const ovp_history *ovp_planner_history(const ovp_planner *pl, const ovp_item *it);

/**
 * The past items the slip model rests on, all histories together: in
 * *past the shipped ones and the open ones past their plan, in *open
 * those still open.
 */
OVP_EXTERN void ovp_planner_past(const ovp_planner *pl, size_t *past, size_t *open);

/**
 * When item it can be promised: the earliest day at confidence (in
 * (0, 1)), and with by not OVP_DAY_NONE the probability of making by
 * (ovp_forecast_when() on its history).  Never fails.
 */
OVP_EXTERN void ovp_planner_when_item(const ovp_planner *pl, const ovp_item *it, double confidence,
                                      ovp_day by, ovp_when *out);

/** The most candidates an answer names. */
#define OVP_WHEN_MAX_CANDIDATES 3

/** The answer for one feature asked about. */
typedef struct ovp_when_answer {
	const char *feature;     /**< as asked; borrowed from the caller */
	/** How it matched: a copy of the planner's result (which lasts only until
	    its next match), without its feature_norm; kind OVP_MATCH_NONE when
	    the match failed. */
	ovp_match match;
	const ovp_item *item;    /**< the item it rests on; NULL when it matches none, several
	                              or none clearly */
	const char *reason;      /**< why no date can be promised (static text), or NULL */
	ovp_when when;           /**< with an item: what the slip model says of it */
	unsigned flags;          /**< with an item: what makes its date shaky (ovp_when_flag bits,
	                              when.h) */
	/** Without an item: the items the feature may mean, best first. */
	ovp_candidate candidates[OVP_WHEN_MAX_CANDIDATES];
	size_t ncandidates;
} ovp_when_answer;

/**
 * When feature can be promised: how it matches, and with a clear match
 * what ovp_planner_when_item() says of the item and its flags
 * (ovp_item_when_flags()).  A feature that matches no item, several or
 * none clearly gets a reason, no date (when.earliest OVP_DAY_NONE) and
 * the items it may mean.  Fails only as ovp_planner_match() does.
 */
OVP_EXTERN int ovp_planner_when(ovp_planner *pl, const char *feature, double confidence, ovp_day by,
                                ovp_when_answer *out, ovp_error *err);

/** Free the planner.  pl may be NULL. */
OVP_EXTERN void ovp_planner_free(ovp_planner *pl);

#ifdef __cplusplus
}
#endif

#endif
