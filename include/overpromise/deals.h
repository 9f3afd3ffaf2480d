/*
 * The deals export, read one deal at a time.
 *
 * Wide exports hold a deal's promises in one cell; long exports repeat
 * the deal's columns on one row per promise.  Consecutive rows with the
 * same deal id (else the same name) are one deal, so the file is streamed
 * and memory does not grow with the number of deals.
 */
#ifndef OVERPROMISE_DEALS_H
#define OVERPROMISE_DEALS_H

#include <stdbool.h>
#include <stddef.h>

#include <overpromise/common.h>
#include <overpromise/date.h>
#include <overpromise/error.h>
#include <overpromise/problem.h>

#ifdef __cplusplus
extern "C" {
#endif

struct ovp_config;

/** Where a promise's due date came from (SPEC 2.4). */
typedef enum ovp_due_source {
	OVP_DUE_OWN = 0, /**< its own date in the promise cell */
	OVP_DUE_ROW,     /**< the row's promised-date column */
	OVP_DUE_CLOSE,   /**< the deal's close date */
	OVP_DUE_NONE     /**< no date at all */
} ovp_due_source;

/** One promise of a deal. */
typedef struct ovp_promise {
	const char *text;        /**< the promise as written in the cell, trimmed */
	const char *feature;     /**< the feature part, without its date */
	const char *due_text;    /**< the text the due date was read from, or "" */
	ovp_window due;          /**< due window; the promise is due on due.end */
	ovp_due_source due_source;
	long line;               /**< physical line of the row the promise is on */
} ovp_promise;

/** One deal.  Borrowed from the reader until the next ovp_deals_next(). */
typedef struct ovp_deal {
	const char *id;          /**< deal id, or "" */
	const char *name;        /**< deal name, or "" */
	const char *account;     /**< account, or "" */
	double amount;           /**< amount, meaningful when has_amount */
	bool has_amount;
	const char *currency;    /**< ISO code or "", when none is known */
	const char *stage;       /**< stage as written, or "" */
	const char *owner;       /**< owner, or "" */
	ovp_window close;        /**< close date, if any */
	bool lost;               /**< a stage or status column says lost */
	bool signoff_column;     /**< the export has a sign-off column */
	bool signed_off;         /**< that column records a sign-off for this deal */
	long line;               /**< physical line of the deal's first row */
	const ovp_promise *promises;
	size_t npromises;
	const ovp_problem *problems; /**< data-quality problems on the deal's rows, in line order */
	size_t nproblems;
} ovp_deal;

/**
 * Most promises one deal may carry, and most rows it may span; a deal
 * with more is an input error (OVP_ELIMIT), as a deal is held in memory.
 */
#define OVP_DEAL_MAX_PROMISES 100000

typedef struct ovp_deals_reader ovp_deals_reader;

/**
 * Open the deals export at path ("-" for standard input) with the column
 * overrides and date order of cfg (NULL for the defaults).  On success
 * *out is the caller's to close with ovp_deals_close().  Fails with
 * OVP_EIO or OVP_EINPUT (no header, no promises column, no id or name
 * column) naming file and line.
 */
OVP_EXTERN int ovp_deals_open(ovp_deals_reader **out, const char *path,
                              const struct ovp_config *cfg, ovp_error *err);

/**
 * Read the next deal.  Returns 1 with *deal set (borrowed until the next
 * call), 0 at the end, or a negative code with err set (OVP_ELIMIT for a
 * deal over OVP_DEAL_MAX_PROMISES).
 */
OVP_EXTERN int ovp_deals_next(ovp_deals_reader *r, const ovp_deal **deal, ovp_error *err);

struct ovp_deal_builder;

/**
 * ovp_deals_next(), handing the deal over for good instead of lending it:
 * *builder, an empty builder of the caller's (from ovp_deal_new(); its
 * contents are dropped), is exchanged for the reader's builder that holds
 * the deal, so *deal, its strings, promises and problems stay valid after
 * the next call, until the caller resets or frees *builder.  No text is
 * copied.  The problems name the file by r's path, which lives as long as
 * r.  At the end (0) or on an error *builder is left as it was.
 */
OVP_EXTERN int ovp_deals_next_owned(ovp_deals_reader *r, struct ovp_deal_builder **builder,
                                    const ovp_deal **deal, ovp_error *err);

/**
 * Set the day that the date phrases of promise cells and of the
 * promised-date column are read against ("next quarter", "end of March";
 * see ovp_date_parse_phrase()).  Call it before the first
 * ovp_deals_next(); until then there is none, and such phrases are
 * reported as unknown dates.
 */
OVP_EXTERN void ovp_deals_set_as_of(ovp_deals_reader *r, ovp_day as_of);

/**
 * The day/month order of the numeric dates inside promise cells, and in
 * *src (when not NULL) what decided it: the configuration's [deals]
 * date_order; else the promise cells' own dates over the rows read ahead
 * (a first field over 12 means day-month, a second one month-day:
 * OVP_ORDER_FROM_COLUMN); else the promised-date column's order, else the
 * close date's (OVP_ORDER_FROM_FILE); else nothing (OVP_ORDER_AUTO,
 * OVP_ORDER_FROM_DEFAULT), and a promise date that reads two ways is read
 * as its separator says and reported.
 */
OVP_EXTERN ovp_date_order ovp_deals_promise_order(const ovp_deals_reader *r, ovp_order_source *src);

/** Problems that concern the file, not a deal (found after the last deal); *n their number. */
OVP_EXTERN const ovp_problem *ovp_deals_trailing_problems(ovp_deals_reader *r, size_t *n);

/** The workbook's sheet the deals are read from, or NULL for a CSV file.  Lives as long as r. */
OVP_EXTERN const char *ovp_deals_sheet(const ovp_deals_reader *r);

/**
 * How far the reading has come: data rows read so far (header excluded)
 * and bytes read from the file.  For progress reports.
 */
OVP_EXTERN void ovp_deals_progress(const ovp_deals_reader *r, unsigned long *rows,
                                   unsigned long long *bytes);

/** Close and free.  r may be NULL. */
OVP_EXTERN void ovp_deals_close(ovp_deals_reader *r);

#ifdef __cplusplus
}
#endif

#endif
