/*
 * The backtest: how the slip model would have done on the roadmap's own
 * history, so that a team sees on its own data whether to trust it.
 *
 * The roadmap is replayed at cut-off days: at each, the items as they
 * stood then (there since their Created day, shipped by their shipped
 * day), the history made from them, and for every item open then, the
 * forecast of missing its plan plus 0, 7, 14 and 30 days, and the day
 * `when` gives; each is then judged by what happened.
 */
#ifndef OVERPROMISE_BACKTEST_H
#define OVERPROMISE_BACKTEST_H

#include <stdbool.h>
#include <stddef.h>

#include <overpromise/common.h>
#include <overpromise/date.h>
#include <overpromise/error.h>
#include <overpromise/roadmap.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Bins of predicted probability in the reliability table: [0, 0.1), ..., [0.9, 1]. */
#define OVP_BACKTEST_BINS 10

/** Promises at the plan plus 0, 7, 14 and 30 days. */
#define OVP_BACKTEST_HORIZONS 4

/** `when` dates resting on fewer past items than this are counted apart too. */
#define OVP_BACKTEST_FEW 20

/** With fewer judged items than this, the history is too small to judge the forecasts. */
#define OVP_BACKTEST_MIN_ITEMS 30

/** Most cut-off days one backtest replays (OVP_ELIMIT beyond). */
#define OVP_BACKTEST_MAX_CUTOFFS 1000

/** The days after the plan that the backtest promises items for. */
OVP_EXTERN const int ovp_backtest_horizons[OVP_BACKTEST_HORIZONS];

/** What to replay. */
typedef struct ovp_backtest_options {
	ovp_day from;        /**< first cut-off; OVP_DAY_NONE: the roadmap's first Created day
	                          (without any, its first reference day), or later so that
	                          at most OVP_BACKTEST_MAX_CUTOFFS cut-offs remain */
	int step;            /**< days from one cut-off to the next, 1 or more */
	ovp_day as_of;       /**< what has happened is known up to this day; cut-offs are before it */
	double confidence;   /**< of the `when` dates, in (0, 1) */
	size_t min_history;  /**< weight of the default slip model, as for check */
	bool per_file;       /**< each file's items judged by that file's history, as for check */
} ovp_backtest_options;

/** Predictions and outcomes of one group: a bin of probability, or a horizon. */
typedef struct ovp_backtest_group {
	size_t count;        /**< judged predictions */
	double predicted;    /**< their mean predicted probability of missing (0 when none) */
	double observed;     /**< the share of them that missed (0 when none) */
} ovp_backtest_group;

/** How often a `when` date held. */
typedef struct ovp_backtest_when {
	size_t judged;       /**< dates whose outcome is known */
	size_t held;         /**< of those, the item shipped on or before the date */
	double rate;         /**< held / judged; 0 when none was judged */
} ovp_backtest_when;

/** What the replay found. */
typedef struct ovp_backtest {
	ovp_day from, to;    /**< first and last cut-off (OVP_DAY_NONE when none) */
	int step;
	size_t cutoffs;
	double confidence;
	bool per_file;       /**< each file's items were judged by that file's history */
	size_t replayed;     /**< items the replay takes: those with a plan that ship, are
	                          open, or were cancelled on a known day */
	size_t items;        /**< items with at least one judged prediction */
	size_t predictions;  /**< judged predictions */
	size_t pending;      /**< predictions whose outcome was not known by as_of */
	size_t no_created;   /**< items without a Created day, taken to be there from the start */
	ovp_backtest_group bins[OVP_BACKTEST_BINS];
	ovp_backtest_group horizons[OVP_BACKTEST_HORIZONS];
	double base_rate;    /**< share of judged promises missed */
	double brier;        /**< mean squared error of the predictions */
	double brier_base;   /**< that of always predicting the base rate */
	/**
	 * Skill against the base rate, 1 - brier / brier_base: above 0 the
	 * forecasts beat always predicting the base rate.  0 when there is no
	 * base rate to beat (brier_base 0: every promise went the same way).
	 */
	double skill;
	ovp_backtest_when when;     /**< every `when` date */
	ovp_backtest_when when_few; /**< those resting on fewer than OVP_BACKTEST_FEW past items */
	bool too_small;      /**< fewer than OVP_BACKTEST_MIN_ITEMS items judged */
} ovp_backtest;

/**
 * Replay rm as options o say and fill *out.  An item's plan is its
 * reference day (its baseline, else its planned day); cancelled items
 * count in the history while open but are not judged (they never ship),
 * and so are shipped items without a shipped day and unplanned ones
 * left out.  Returns 0, OVP_EUSAGE (a step below 1, a confidence outside
 * (0, 1)), OVP_ELIMIT (more than OVP_BACKTEST_MAX_CUTOFFS cut-offs from a
 * first day given in o->from) or
 * OVP_ENOMEM, with err set.  No cut-off at all is not an error: the
 * result is empty and too small to judge.
 */
OVP_EXTERN int ovp_backtest_run(const ovp_roadmap *rm, const ovp_backtest_options *o,
                                ovp_backtest *out, ovp_error *err);

#ifdef __cplusplus
}
#endif

#endif
