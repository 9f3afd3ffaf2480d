/*
 * Report sinks: every output format receives the same findings, in the
 * order of SPEC 7, through begin / finding / end.  A new format is a new
 * sink in a file of its own.
 */
#ifndef OVERPROMISE_REPORT_H
#define OVERPROMISE_REPORT_H

#include <stdbool.h>
#include <stdio.h>

#include <overpromise/common.h>
#include <overpromise/date.h>
#include <overpromise/error.h>
#include <overpromise/finding.h>
#include <overpromise/fx.h>
#include <overpromise/match.h>

#ifdef __cplusplus
extern "C" {
#endif

/** What the report is about. */
struct ovp_run_history;

typedef struct ovp_report_meta {
	const char *command;      /**< "check" or "deal" */
	ovp_day as_of;
	const char *deals_path;   /**< as named by the user; NULL for `deal` */
	const char *roadmap_path; /**< the roadmap file; the first when there are several */
	const char *const *roadmap_paths; /**< every roadmap file when there are several, else NULL */
	size_t nroadmap_paths;
	const char *deals_sheet;  /**< the sheet the deals were read from, NULL for a CSV file */
	bool color;               /**< use colour (text) */
	bool verbose;             /**< explain every match (text) */
	bool quiet;               /**< findings only, no summary (text) */
	bool compact;             /**< no indentation (json) */
	/**
	 * Findings at or above this severity fail the run (and a JUnit test
	 * case); OVP_SEV_OFF when none does (--fail-on never).
	 */
	ovp_severity fail_on;
	/**
	 * The directory SARIF locations are relative to (%SRCROOT%), absolute
	 * and without symbolic links, as realpath() gives it; NULL for the
	 * current directory, which is then not written into the report.
	 */
	const char *srcroot;
	const struct ovp_run_history *history; /**< the runs before this one, or NULL (html) */
	/** The reporting currency and its rates (html sorts deals by them), or NULL for none. */
	const ovp_fx *fx;
} ovp_report_meta;

/**
 * The format of the JSON report, its first field: "overpromise-report/"
 * and the version of its layout.  A report without the field is version 1.
 */
#define OVP_REPORT_FORMAT "overpromise-report/2"

typedef struct ovp_sink ovp_sink;

/** What one promise comes to, all its findings told (the sink's verdict op). */
typedef enum ovp_verdict_kind {
	OVP_VERDICT_OK = 0,  /**< no warning or error is reported for it (notes may be) */
	OVP_VERDICT_WARNING, /**< its worst reported finding is a warning */
	OVP_VERDICT_ERROR,   /**< an error is reported for it */
	OVP_VERDICT_FILTERED /**< its warnings and errors were all left out: --select, --ignore,
	                          severity off, or the baseline */
} ovp_verdict_kind;

/** The verdict on one promise.  Borrowed for the call only. */
typedef struct ovp_verdict {
	ovp_verdict_kind kind;
	size_t number;             /**< its place among the deal's promises, from 1 */
	const char *file;          /**< its location, as its findings have it */
	long line;
	const ovp_match *match;    /**< how it matched */
	const ovp_item *item;      /**< the item it rests on, or NULL */
	unsigned long rules;       /**< bit r set: a finding of rule r is reported (in the baseline too) */
	/** The date `when` gives its item (the as-of date for a shipped one), or OVP_DAY_NONE. */
	ovp_day suggested_date;
	/**
	 * For an ok or filtered promise, what its item says, in words:
	 * "PLAT-103 shipped on 2026-10-02", "PLAT-112 planned 2026-12-15, 75
	 * days before it is due; 9% chance of missing it"; else "".
	 */
	const char *message;
} ovp_verdict;

/**
 * The operations of a sink.  Each returns 0 or a negative code (OVP_EIO
 * on a failed write, OVP_ENOMEM, OVP_ELIMIT when a finding renders to
 * more than a report takes of one) and then fills err with a message
 * that names the report (ovp_sink::name) and says what failed.
 */
typedef struct ovp_sink_ops {
	const char *name;
	/**
	 * Optional: the report starts; what it is about is in s->meta, which
	 * ovp_sink_begin() sets before it calls this.  NULL when the sink
	 * writes nothing before the first finding.
	 */
	int (*begin)(ovp_sink *s, ovp_error *err);
	int (*finding)(ovp_sink *s, const ovp_finding *f, ovp_error *err);
	/** Optional: how a promise matched (called for every promise when verbose). */
	int (*explain)(ovp_sink *s, const ovp_deal *d, const ovp_promise *p, const ovp_match *m,
	               ovp_error *err);
	int (*end)(ovp_sink *s, const ovp_summary *sum, ovp_error *err);
	void (*destroy)(ovp_sink *s);
	/**
	 * Optional: every promise checked, with how it matched, whatever the
	 * verbosity: called once for each promise of a deal that is not lost,
	 * after explain and before the promise's findings, so that a sink
	 * can see the promises that raise no finding (the HTML timeline).
	 * d, p and m are borrowed for the call only.  NULL when the sink has
	 * no use for it.  Last in the struct, so that ops initialised by
	 * position keep their meaning (-Wextra then asks for a trailing NULL).
	 */
	int (*promise)(ovp_sink *s, const ovp_deal *d, const ovp_promise *p, const ovp_match *m,
	               ovp_error *err);
	/**
	 * Optional: a deal is checked (it is not lost), called before
	 * anything else of the deal, so that a sink can give every checked
	 * deal its place, findings or not (JUnit's test cases).  d is
	 * borrowed for the call only.  NULL when the sink has no use for it.
	 * From this call to the next, d, its promises and the roadmap's items
	 * stay where they are and as they are: a sink may tell the records of
	 * that deal's findings by their addresses (the JSON writer does), so
	 * a caller that changes a deal in place calls this again first.
	 */
	int (*deal)(ovp_sink *s, const ovp_deal *d, ovp_error *err);
	/**
	 * Optional: a remark on the run that is no finding, such as why a
	 * portfolio rule could not be applied (file and line say what it is
	 * about); called only when the report is verbose, before the
	 * portfolio findings.  NULL when the sink shows no remarks.
	 */
	int (*note)(ovp_sink *s, const char *file, long line, const char *text, ovp_error *err);
	/**
	 * Optional: the verdict on a promise, called for every promise of a
	 * deal that is not lost, before the promise's findings, when the
	 * report is verbose or of the `deal` command.  d, p and v are borrowed
	 * for the call only.  NULL when the sink shows no verdicts.
	 */
	int (*verdict)(ovp_sink *s, const ovp_deal *d, const ovp_promise *p, const ovp_verdict *v,
	               ovp_error *err);
} ovp_sink_ops;

/** The common part of every sink. */
struct ovp_sink {
	const ovp_sink_ops *ops;
	FILE *out;                /**< borrowed; the caller closes it */
	const ovp_report_meta *meta; /**< set by ovp_sink_begin() */
	/**
	 * The report's name in messages, such as its file; NULL (as
	 * ovp_sink_new() leaves it) for "the report".  Borrowed: the caller
	 * sets it and keeps it alive with the sink.
	 */
	const char *name;
};

/**
 * Create the sink for format (text, json, ...) writing to out.  On
 * success *sink is the caller's to free with ovp_sink_free().  Fails with
 * OVP_EUSAGE for an unknown format.
 */
OVP_EXTERN int ovp_sink_new(ovp_sink **sink, const char *format, FILE *out, ovp_error *err);

/**
 * Start the report: keep meta (borrowed, it must outlive the sink's use)
 * in s->meta and call the sink's begin, if it has one.  Returns 0 or what
 * begin returns, with err filled.
 */
OVP_EXTERN int ovp_sink_begin(ovp_sink *s, const ovp_report_meta *meta, ovp_error *err);

/** Free a sink.  s may be NULL. */
OVP_EXTERN void ovp_sink_free(ovp_sink *s);

/**
 * A sink that hands everything it gets on to each of n sinks, in order,
 * so that one pass over the exports writes several reports.  metas[i],
 * where metas and it are not NULL, is what sinks[i] gets at begin in
 * place of the meta the tee gets (a report on a terminal in colour, the
 * others without).  The sinks and metas are borrowed and must outlive the
 * tee; ovp_sink_free() frees the tee only.  The first sink that fails
 * stops the call, and its code is returned.  Fails with OVP_ENOMEM, or
 * OVP_EUSAGE when n is 0.
 */
OVP_EXTERN int ovp_sink_tee_new(ovp_sink **out, ovp_sink *const *sinks,
                                const ovp_report_meta *const *metas, size_t n, ovp_error *err);

/** The names of the formats, NULL-terminated. */
OVP_EXTERN const char *const *ovp_sink_formats(void);

/**
 * The roadmap files of a report: roadmap_paths, else roadmap_path alone;
 * *n receives their number (0 when there is none).  Borrowed from meta.
 */
OVP_EXTERN const char *const *ovp_report_roadmaps(const ovp_report_meta *meta, size_t *n);

#ifdef __cplusplus
}
#endif

#endif
