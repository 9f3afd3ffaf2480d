/*
 * The check engine: deals in, findings out.
 *
 * The engine holds the roadmap, its matcher and slip history; it is fed
 * deals one at a time (from a deals export, or a single deal built by the
 * `deal` command), applies the rules of SPEC 4 to each and hands the
 * findings to a report sink as it goes; portfolio findings (OVP101) and
 * the summary come at the end.
 */
#ifndef OVERPROMISE_CHECK_H
#define OVERPROMISE_CHECK_H

#include <stdbool.h>
#include <stddef.h>

#include <overpromise/baseline.h>
#include <overpromise/common.h>
#include <overpromise/config.h>
#include <overpromise/deals.h>
#include <overpromise/error.h>
#include <overpromise/finding.h>
#include <overpromise/forecast.h>
#include <overpromise/match.h>
#include <overpromise/report.h>
#include <overpromise/roadmap.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct ovp_engine ovp_engine;

/** How the engine runs. */
typedef struct ovp_engine_options {
	const ovp_roadmap *roadmap;   /**< borrowed, must outlive the engine */
	const ovp_config *config;     /**< borrowed; NULL for the defaults */
	ovp_day as_of;
	ovp_sink *sink;               /**< borrowed */
	const ovp_baseline *baseline; /**< borrowed, or NULL */
	bool collect_fingerprints;    /**< keep every fingerprint for ovp_engine_write_baseline() */
	unsigned threads;             /**< threads to build the engine on: 1 or 2 (0 is 1) */
} ovp_engine_options;

/** Most owners told apart; the deals of later owners are only counted. */
#define OVP_OWNERS_MAX 10000

/**
 * Create an engine: builds the matcher and the slip history.  Fails with
 * OVP_ECONFIG when a configured alias names no item.
 */
OVP_EXTERN int ovp_engine_new(ovp_engine **out, const ovp_engine_options *opts, ovp_error *err);

/** Report the roadmap's own data-quality findings; call once, before the first deal. */
OVP_EXTERN int ovp_engine_begin(ovp_engine *e, const ovp_report_meta *meta, ovp_error *err);

/** Check one deal (lost deals are counted as skipped). */
OVP_EXTERN int ovp_engine_deal(ovp_engine *e, const ovp_deal *deal, ovp_error *err);

/**
 * Check every deal of reader r, as ovp_engine_deal() one by one would,
 * with threads threads (1 or 2): with two, one reads and matches the
 * deals while the calling thread applies the rules and writes the report,
 * the deals passing between them through a bounded queue; the report is
 * the same byte for byte.  progress, when not NULL, is called with ctx
 * and the deals read so far after every 1,024 deals and once at the end,
 * on the thread that reads (so it may read r's progress).  Returns 0, or
 * the first error of either side.
 */
OVP_EXTERN int ovp_engine_deals(ovp_engine *e, ovp_deals_reader *r, unsigned threads,
                                void (*progress)(void *ctx, unsigned long deals), void *ctx,
                                ovp_error *err);

/** Report data-quality problems that belong to no deal (at file positions). */
OVP_EXTERN int ovp_engine_problems(ovp_engine *e, const ovp_problem *p, size_t n, ovp_error *err);

/** Report the portfolio findings and the summary, and end the report. */
OVP_EXTERN int ovp_engine_finish(ovp_engine *e, ovp_summary *sum, ovp_error *err);

/**
 * The figures of every deal owner so far, in order of first appearance
 * (after ovp_engine_finish(), the most value at risk first), when some
 * deal named an owner; else NULL with *n 0.  *omitted_deals (may be NULL) counts the
 * deals of owners past OVP_OWNERS_MAX.  Borrowed from the engine.
 */
OVP_EXTERN const ovp_owner_summary *ovp_engine_owners(const ovp_engine *e, size_t *n,
                                                      unsigned long *omitted_deals);

/** Write the fingerprints collected so far as a JSON baseline to path. */
OVP_EXTERN int ovp_engine_write_baseline(const ovp_engine *e, const char *path, ovp_error *err);

/** Free an engine.  e may be NULL. */
OVP_EXTERN void ovp_engine_free(ovp_engine *e);

#ifdef __cplusplus
}
#endif

#endif
