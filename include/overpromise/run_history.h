/*
 * The history of runs: one JSON line per run of `check --history FILE`,
 * appended under an advisory lock so that runs at the same time never
 * interleave, and read back for the trend (`overpromise trend`, the HTML
 * report's trend chart and change since the last run).
 *
 * A line is one object:
 *
 *   {"format": "overpromise-history/1", "tool": {...}, "as_of": "2026-11-26",
 *    "inputs": {"deals": ..., "roadmap": ...}, "deals": 13, "promises": 20,
 *    "roadmap_items": 21, "by_severity": {...}, "by_rule": {...},
 *    "value_at_risk": [{"currency": "USD", "amount": 1770000.0}],
 *    "value_at_risk_total": {"currency": "EUR", "amount": 1628400.0} or null,
 *    "skipped": 1, "suppressed": 0,
 *    "owners": [{"owner": ..., "deals": ..., ...}] or null}
 */
#ifndef OVERPROMISE_RUN_HISTORY_H
#define OVERPROMISE_RUN_HISTORY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include <overpromise/common.h>
#include <overpromise/date.h>
#include <overpromise/engine.h>
#include <overpromise/error.h>
#include <overpromise/finding.h>
#include <overpromise/report.h>

#ifdef __cplusplus
extern "C" {
#endif

/** The format of a history line this version writes and reads. */
#define OVP_RUN_HISTORY_FORMAT "overpromise-history/1"

/** Longest line read; a longer one is reported and skipped. */
#define OVP_RUN_HISTORY_MAX_LINE ((size_t)16 << 20)

/** Most runs kept when a history is read: the latest ones. */
#define OVP_RUN_HISTORY_MAX_RUNS 100000

/** What one run recorded.  Strings are owned by the history. */
typedef struct ovp_run {
	long line;                  /**< line of the history file */
	ovp_day as_of;
	const char *deals_path;     /**< as given to that run, or NULL (deal) */
	const char *roadmap_path;   /**< or NULL */
	unsigned long deals, promises, roadmap_items;
	unsigned long by_severity[OVP_SEV_ERROR + 1];
	const ovp_money *value_at_risk; /**< per currency, as the run listed them */
	size_t ncurrencies;
} ovp_run;

/** A line that is no run, skipped when the history was read. */
typedef struct ovp_run_skipped {
	long line;
	char message[160];          /**< what is wrong with it */
} ovp_run_skipped;

/** A history as read, oldest run first. */
typedef struct ovp_run_history {
	const char *path;
	const ovp_run *runs;
	size_t nruns;
	unsigned long older;        /**< runs left out past OVP_RUN_HISTORY_MAX_RUNS */
	const ovp_run_skipped *skipped; /**< lines skipped, in file order (at most 100 listed) */
	size_t nskipped;
	unsigned long more_skipped; /**< lines skipped past those listed */
} ovp_run_history;

/**
 * Read the history at path.  A file that does not exist is an empty
 * history when missing_ok, else OVP_EIO.  A line that is not a run (cut
 * short by a crash, or edited by hand) is listed in skipped and the rest
 * is read.  Fails with OVP_EINPUT when the file is not a history of this
 * tool at all (its first line is no run of any version), OVP_EIO when it
 * cannot be read.  On success *out is the caller's to free with
 * ovp_run_history_free().
 */
OVP_EXTERN int ovp_run_history_read(ovp_run_history **out, const char *path, bool missing_ok,
                                    ovp_error *err);

/** Free a history.  h may be NULL. */
OVP_EXTERN void ovp_run_history_free(ovp_run_history *h);

/**
 * Append one run to the history at path (created if absent): meta and
 * sum of the run, its owners and total value at risk included.  The
 * line is written with one write() under an exclusive advisory lock
 * (fcntl), after a line end when the file's last line was cut short.  Fails with OVP_EINPUT when path holds something
 * that is not a history (its first line is no run), OVP_EIO when it
 * cannot be opened, locked or written.
 */
OVP_EXTERN int ovp_run_history_append(const char *path, const ovp_report_meta *meta,
                                      const ovp_summary *sum, ovp_error *err);

/**
 * The line ovp_run_history_append() writes, without its line end: a new
 * string for free(), or NULL when out of memory.
 */
OVP_EXTERN char *ovp_run_history_line(const ovp_report_meta *meta, const ovp_summary *sum);

#ifdef __cplusplus
}
#endif

#endif
