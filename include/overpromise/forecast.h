/*
 * The slip model (SPEC 5): how likely an open item is to miss a due date,
 * from the roadmap's own history of delivery delays.
 */
#ifndef OVERPROMISE_FORECAST_H
#define OVERPROMISE_FORECAST_H

#include <stdbool.h>
#include <stddef.h>

#include <overpromise/date.h>
#include <overpromise/roadmap.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Default number of samples below which the prior stands in. */
#define OVP_DEFAULT_MIN_HISTORY 8

/** The history of delays, sorted. */
typedef struct ovp_history {
	int *delays;     /**< shipped - planned (baseline preferred), in days, ascending */
	size_t n;
	size_t min_history; /**< below this many samples the prior is used */
} ovp_history;

/** A probability with what it rests on. */
typedef struct ovp_forecast {
	double p_late;   /**< probability of missing the due date, in [0, 1] */
	size_t samples;  /**< samples it rests on (after conditioning); 0 when the prior decided */
	bool prior;      /**< the prior was used (too little history) */
} ovp_forecast;

/**
 * Gather the delay samples of every shipped item of rm that has a planned
 * (baseline preferred) and a shipped date.  On success fills *h (free its
 * delays with ovp_history_free()) and returns 0; OVP_ENOMEM otherwise.
 */
int ovp_history_build(ovp_history *h, const ovp_roadmap *rm, size_t min_history);

/** Free the samples of h (not h itself). */
void ovp_history_free(ovp_history *h);

/**
 * The probability that an item planned for day planned, open on day
 * as_of, misses day due.  With slack s = due - planned: the share of
 * samples with delay > s; when as_of > planned, among the samples with
 * delay > as_of - planned only (1 when there are none).  Below
 * min_history samples, the prior 0.6 * exp(-s / 45), conditioned alike.
 * Never increases as due grows.
 */
ovp_forecast ovp_forecast_miss(const ovp_history *h, ovp_day planned, ovp_day due, ovp_day as_of);

/**
 * The earliest day D >= as_of for which ovp_forecast_miss(h, planned, D,
 * as_of).p_late <= 1 - confidence (with a relative tolerance of 1e-9, so
 * that one miss in ten meets a confidence of 0.9).  OVP_DAY_NONE when no
 * day does: the prior never reaches a confidence of 1, and an item already
 * later than every sample of the history never gets below 1.
 */
ovp_day ovp_forecast_earliest(const ovp_history *h, ovp_day planned, ovp_day as_of,
                              double confidence);

#ifdef __cplusplus
}
#endif

#endif
