/*
 * Aliases to confirm: every promise of a deals export that the roadmap
 * does not settle (unconfirmed, OVP014, or ambiguous, OVP008), once per
 * phrase, with its best candidate as the alias's target, for a solution
 * expert to check and paste into the [aliases] section of the
 * configuration.
 */
#ifndef OVERPROMISE_ALIAS_SUGGEST_H
#define OVERPROMISE_ALIAS_SUGGEST_H

#include <stdbool.h>
#include <stddef.h>

#include <overpromise/common.h>
#include <overpromise/deals.h>
#include <overpromise/error.h>
#include <overpromise/match.h>
#include <overpromise/planner.h>

#ifdef __cplusplus
extern "C" {
#endif

/** One phrase to confirm. */
typedef struct ovp_alias_suggestion {
	const char *phrase;      /**< the promise as an alias phrase (ovp_match_phrase()) */
	/** Unconfirmed or ambiguous, with at least one candidate: a copy of the
	    planner's result (which lasts only until its next match), without its
	    feature_norm. */
	ovp_match match;
	const char *target;      /**< what names the best candidate: its key, else its title */
	bool writable;           /**< phrase and target can be written as a line of the
	                              configuration (no "=", ";", "#", control character,
	                              leading "[" or blank at either end) */
	long line;               /**< the row of the first promise with the phrase */
	size_t count;            /**< promises with it (normalised texts equal) */
} ovp_alias_suggestion;

/** The phrases to confirm of one deals export, in order of first appearance. */
typedef struct ovp_alias_suggestions {
	ovp_alias_suggestion *v;
	size_t n;
} ovp_alias_suggestions;

/**
 * Read every deal of r (lost ones skipped, as a check skips them), match
 * its promises with pl and collect the phrases the roadmap does not
 * settle into *out (free it with ovp_alias_suggestions_free(), also after
 * a failure).  Fails as ovp_deals_next() and ovp_planner_match() do.
 */
OVP_EXTERN int ovp_alias_suggest(ovp_planner *pl, ovp_deals_reader *r, ovp_alias_suggestions *out,
                                 ovp_error *err);

/** Free the suggestions of s (not s itself) and empty it. */
OVP_EXTERN void ovp_alias_suggestions_free(ovp_alias_suggestions *s);

#ifdef __cplusplus
}
#endif

#endif
