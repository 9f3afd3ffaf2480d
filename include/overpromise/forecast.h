/*
 * The slip model (SPEC 5): how likely an open item is to miss a due date,
 * from the roadmap's own history of delivery delays, and the earliest day
 * an item can be promised for.
 *
 * The history is a Kaplan-Meier estimate of P(delay > d): shipped items
 * count at their delay, open items as "later than the days they have been
 * open past their plan" (censored).  The default slip model (0.6 *
 * exp(-d / 45)) is blended in as min_history imaginary items at every
 * delay, so that the estimate moves smoothly from the default model to
 * the roadmap's own history as that grows, and never says 0 or 1 on a
 * finite history.
 */
#ifndef OVERPROMISE_FORECAST_H
#define OVERPROMISE_FORECAST_H

#include <stdbool.h>
#include <stddef.h>

#include <overpromise/common.h>
#include <overpromise/date.h>
#include <overpromise/roadmap.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Default weight of the default slip model, in items (the min_history setting). */
#define OVP_DEFAULT_MIN_HISTORY 8

/** One item's delay as far as it is known on some day. */
typedef struct ovp_delay {
	long days;  /**< shipped: shipped - planned; open: as-of - planned */
	bool open;  /**< not shipped: the delay is only known to be more than days */
} ovp_delay;

/** A point of the estimate (internal to forecast.c). */
struct ovp_history_point;

/**
 * The history of delays and the estimate made from it.  Fill it with
 * ovp_history_build() or ovp_history_from_delays(), free what it holds
 * with ovp_history_free().  The counts are for messages; the estimate is
 * read through ovp_history_survival() and ovp_forecast_miss().
 */
typedef struct ovp_history {
	size_t past;        /**< past items: shipped ones, and open ones past their plan */
	size_t past_open;   /**< of those, still open */
	size_t items;       /**< every item the estimate rests on (open ones not due yet too) */
	size_t min_history; /**< weight of the default slip model, in items */
	struct ovp_history_point *points; /**< the estimate where something happened */
	size_t npoints;
} ovp_history;

/**
 * The day an item's delay counts from: the end of its baseline window,
 * else of its planned window; OVP_DAY_NONE when it has neither or is
 * planned for Later.
 */
OVP_EXTERN ovp_day ovp_item_reference_day(const ovp_item *it);

/**
 * Gather the delays of the items of rm as they stand on day as_of: every
 * shipped item with a reference date (its baseline, else the end of its
 * planned window) and a shipped date, and every planned or in-progress
 * item with a reference date, as open (as_of - reference days past it;
 * negative when not due yet).  Cancelled and unplanned items and items
 * planned for Later take no part.  With as_of OVP_DAY_NONE, open items
 * take no part either.  On success fills *h (free it with
 * ovp_history_free()) and returns 0; OVP_ENOMEM otherwise (then *h holds
 * nothing to free).
 */
OVP_EXTERN int ovp_history_build(ovp_history *h, const ovp_roadmap *rm, ovp_day as_of,
                                 size_t min_history);

/**
 * Make the estimate from n delays (d may be NULL when n is 0), with the
 * default slip model weighing min_history items (0: plain Kaplan-Meier,
 * the default model only where no item tells anything).  As
 * ovp_history_build() otherwise.
 */
OVP_EXTERN int ovp_history_from_delays(ovp_history *h, const ovp_delay *d, size_t n,
                                       size_t min_history);

/** Free what h holds (not h itself); h may be NULL. */
OVP_EXTERN void ovp_history_free(ovp_history *h);

/**
 * The estimated probability that an item's delay is more than days days.
 * Non-increasing in days; in (0, 1) for every finite days when
 * min_history > 0.
 */
OVP_EXTERN double ovp_history_survival(const ovp_history *h, long days);

/** The default slip model's probability of a delay of more than days days. */
OVP_EXTERN double ovp_prior_survival(long days);

/** A probability with what it rests on. */
typedef struct ovp_forecast {
	double p_late;  /**< probability of missing the due date, in [0, 1] */
	size_t samples; /**< past items it rests on: all of them, or once the plan has
	                     passed, those known to have been at least that late */
	size_t open;    /**< of those, still open */
	bool late;      /**< the plan had passed: the days already lost are taken into account */
	bool prior;     /**< samples < min_history: the default model weighs at least as much */
} ovp_forecast;

/**
 * The probability that an item planned for day planned, open on day
 * as_of, misses day due: with slack s = due - planned and c = as_of -
 * planned, S(s) / S(c), S the estimate (the item is known not to have
 * shipped by as_of); S(s) when as_of is OVP_DAY_NONE.  1 when due is on
 * or before as_of, or when planned or due is OVP_DAY_NONE.  Never
 * increases as due grows.
 */
OVP_EXTERN ovp_forecast ovp_forecast_miss(const ovp_history *h, ovp_day planned, ovp_day due,
                                          ovp_day as_of);

/**
 * The earliest day D >= as_of for which ovp_forecast_miss(h, planned, D,
 * as_of).p_late <= 1 - confidence (with a relative tolerance of 1e-9, so
 * that one miss in ten meets a confidence of 0.9).  OVP_DAY_NONE when no
 * day does: a confidence of 1 or more, or NaN, is never met (unless the
 * estimate itself reaches 0, which needs min_history 0).
 */
OVP_EXTERN ovp_day ovp_forecast_earliest(const ovp_history *h, ovp_day planned, ovp_day as_of,
                                         double confidence);

/**
 * What a forecast rests on, in words, into buf (cap bytes with the NUL;
 * cut to fit): "from 42 past items of this roadmap, 12 of them still
 * open"; "from the 6 past items that were at least that late"; with
 * fewer than min_history, "... and the default slip model"; with none,
 * "by the default slip model alone: no past items to learn from".  Returns
 * buf.
 */
OVP_EXTERN char *ovp_forecast_basis(const ovp_forecast *f, char *buf, size_t cap);

/**
 * A probability as a message says it, into buf (at least 16 bytes):
 * "42%"; "over 99%" and "under 1%" for what would round to 100% or 0%
 * but is not certain; "100%" and "0%" only when it is.  Returns buf.
 */
OVP_EXTERN char *ovp_percent_text(double p, char *buf, size_t cap);

/** A note on a roadmap file, and where it goes. */
typedef struct ovp_note {
	const char *file;    /**< the file as the roadmap names it (borrowed) */
	long line;           /**< its header line (1 when the roadmap does not know it) */
	const char *message; /**< static text */
} ovp_note;

/**
 * The note a forecast comes with when no item has a baseline (original
 * due date): due dates moved as work slipped hide the slips, and how to
 * export one.  With per_file (each file judged by its own history) for
 * file k < rm->nfiles alone, at its header; otherwise for all the items of
 * rm, at the header of its first file, as note k = 0 (a roadmap of no
 * files, built in memory: at its path, line 1).  Returns true and fills
 * *out, or false when some item concerned has a baseline, none has a
 * plan, or there is no note k.
 */
OVP_EXTERN bool ovp_forecast_baseline_note(const ovp_roadmap *rm, size_t k, bool per_file,
                                           ovp_note *out);

/** What `when` can say about one roadmap item. */
typedef enum ovp_when_kind {
	OVP_WHEN_DATE = 0,    /**< can be promised for `earliest` */
	OVP_WHEN_SHIPPED,     /**< shipped: can be promised now (`earliest` is as_of) */
	OVP_WHEN_CANCELLED,   /**< cancelled: no date */
	OVP_WHEN_UNSCHEDULED, /**< unplanned, Later, no planned date or no planned-date column */
	OVP_WHEN_NO_DATE      /**< no day reaches the confidence */
} ovp_when_kind;

/** The answer of `when` for one item. */
typedef struct ovp_when {
	ovp_when_kind kind;
	ovp_day earliest;    /**< the day, or OVP_DAY_NONE */
	const char *reason;  /**< why there is no date (static text), or NULL */
	bool has_by;         /**< a --by day was asked about */
	double p_by;         /**< probability of making the --by day */
	ovp_forecast basis;  /**< the forecast at `earliest` (or at the plan): what it rests on */
} ovp_when;

/**
 * The earliest day item it can be promised for at the given confidence
 * (see ovp_forecast_earliest(); planned is the end of its planned
 * window), as of day as_of, and with by not OVP_DAY_NONE, the probability
 * of making day by.  Fills *out; never fails.
 */
OVP_EXTERN void ovp_forecast_when(const ovp_history *h, const ovp_item *it, ovp_day as_of,
                                  double confidence, ovp_day by, ovp_when *out);

#ifdef __cplusplus
}
#endif

#endif
