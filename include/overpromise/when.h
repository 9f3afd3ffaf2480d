/*
 * The answer of `when` for a feature: the roadmap item it matches, the
 * earliest date it can honestly be promised for, what makes that date
 * shaky (flags and a caveat in words), and, when the roadmap does not
 * settle the feature, the items it may mean.  The check engine takes its
 * suggested dates (OVP004, OVP005, OVP006) from ovp_when_item(), the
 * very call `when` makes for a matched item, so that the two always agree.
 */
#ifndef OVERPROMISE_WHEN_H
#define OVERPROMISE_WHEN_H

#include <stdbool.h>
#include <stddef.h>

#include <overpromise/date.h>
#include <overpromise/forecast.h>
#include <overpromise/histories.h>
#include <overpromise/match.h>
#include <overpromise/roadmap.h>

#ifdef __cplusplus
extern "C" {
#endif

/** What makes an item's date shaky, or no date at all (a bit set). */
typedef enum ovp_when_flag {
	OVP_WHEN_FLAG_PROTOTYPE = 1 << 0,      /**< not a product yet (proof of concept, beta, ...) */
	OVP_WHEN_FLAG_LOW_CONFIDENCE = 1 << 1, /**< delivery confidence known and below 50% */
	OVP_WHEN_FLAG_SLIPPED = 1 << 2,        /**< already slipped slip_days or more past its baseline */
	OVP_WHEN_FLAG_CANCELLED = 1 << 3,      /**< cancelled */
	OVP_WHEN_FLAG_UNSCHEDULED = 1 << 4,    /**< not planned: backlog, Later, no planned date */
	OVP_WHEN_FLAG_SHIPPED = 1 << 5         /**< shipped: can be promised now */
} ovp_when_flag;

/** The number of flags, and the most candidates an answer names. */
#define OVP_WHEN_FLAGS 6
#define OVP_WHEN_MAX_CANDIDATES 3

/** The answer for one feature, or one item.  Borrows from the matcher and the roadmap. */
typedef struct ovp_when_answer {
	const char *feature;     /**< as asked, or NULL for ovp_when_item() */
	const ovp_match *match;  /**< how it matched, or NULL for ovp_when_item() */
	const ovp_item *item;    /**< NULL when not on the roadmap, ambiguous or unconfirmed */
	ovp_when when;           /**< the slip model's answer for the item */
	const char *reason;      /**< why there is no date (static text), or NULL */
	unsigned flags;          /**< ovp_when_flag bits */
	/** With no confident match: the items it may mean, best first. */
	ovp_candidate candidates[OVP_WHEN_MAX_CANDIDATES];
	size_t ncandidates;
} ovp_when_answer;

/**
 * The flags of item it: prototype, low confidence, slipped at least
 * slip_days past its baseline, cancelled, unscheduled (unplanned status,
 * Later, or no planned date in a file that has them), shipped.
 */
unsigned ovp_item_when_flags(const ovp_item *it, int slip_days);

/** A flag's name as JSON writes it: "prototype", "low-confidence", ... */
const char *ovp_when_flag_name(ovp_when_flag flag);

/**
 * The answer for item it as of day as_of at the given confidence (and,
 * with by not OVP_DAY_NONE, the probability of making day by): the slip
 * model of its history in hs (ovp_forecast_when()), and its flags.
 * Fills *out; never fails.
 */
void ovp_when_item(const ovp_histories *hs, const ovp_item *it, int slip_days, ovp_day as_of,
                   double confidence, ovp_day by, ovp_when_answer *out);

/**
 * The answer for feature (a promise's wording) matched with m, as
 * ovp_when_item() gives it for the item matched; a feature that is not on
 * the roadmap, ambiguous or unconfirmed has no item, a reason, and its
 * candidates.  Fails with OVP_ENOMEM (the matcher's), *out then holding
 * the reason "out of memory".
 */
int ovp_when_feature(ovp_matcher *m, const ovp_histories *hs, const char *feature, int slip_days,
                     ovp_day as_of, double confidence, ovp_day by, ovp_when_answer *out);

/**
 * What makes the answer's date shaky, in words, for the line after the
 * date: "but PLAT-107 "AI assistant" is not a product yet (Proof of
 * concept) and has low delivery confidence (Low): do not commit a date";
 * "but PLAT-101 has already slipped 45 days past its baseline: leave room
 * for more".  Writes into buf (cap bytes with the NUL, cut to fit) and
 * returns true; returns false, writing nothing, when there is nothing to
 * say (no date, or no prototype, low-confidence or slipped flag).
 */
bool ovp_when_caveat(const ovp_when_answer *a, char *buf, size_t cap);

#ifdef __cplusplus
}
#endif

#endif
