/*
 * Building a deal: its fields, its promises with their due dates, its
 * data-quality problems.
 *
 * The deals export builds one deal per group of rows with it, and a
 * caller with a deal of its own (typed in, or from another system) builds
 * that one the same way, so that a promise's due date is chosen by the
 * same rule wherever the deal comes from (SPEC 2.4): the promise's own
 * date, else its row's promised date, else the deal's close date, else
 * none.
 */
#ifndef OVERPROMISE_DEAL_BUILDER_H
#define OVERPROMISE_DEAL_BUILDER_H

#include <stdbool.h>
#include <stddef.h>

#include <overpromise/common.h>
#include <overpromise/date.h>
#include <overpromise/deals.h>
#include <overpromise/error.h>
#include <overpromise/problem.h>
#include <overpromise/promise.h>

#ifdef __cplusplus
extern "C" {
#endif

/** A deal being built, with the memory of its strings, promises and problems. */
typedef struct ovp_deal_builder ovp_deal_builder;

/** Where the promises of one cell come from, and what their dates were read with. */
typedef struct ovp_promise_origin {
	const char *file;             /**< named in their data-quality problems; borrowed */
	const char *column;           /**< the cell's column header, or "" */
	long line;                    /**< the row's physical line, or the promise's number */
	ovp_window row_due;           /**< the row's promised date, or OVP_WINDOW_NONE */
	const char *row_due_text;     /**< its text, or ""; must live as long as the deal */
	const ovp_date_context *ctx;  /**< how the cell's dates were read */
	/**
	 * A date that reads as two days fails (OVP_EINPUT, both readings
	 * named) instead of becoming a data-quality problem: for a deal that
	 * has no file whose other dates could decide the order.
	 */
	bool strict_order;
} ovp_promise_origin;

/**
 * A new, empty deal: every text "", no close date, no amount.  On success
 * *out is the caller's to free with ovp_deal_free().  Fails with
 * OVP_ENOMEM.
 */
OVP_EXTERN int ovp_deal_new(ovp_deal_builder **out, ovp_error *err);

/**
 * The deal being built, for the caller to set its own fields (id, name,
 * amount, close, ...); its texts must live as long as the deal: static
 * ones, or copies made by ovp_deal_keep().  Set the close date before the
 * first promise: promises without a date of their own are due then.
 * Its promises and problems are the builder's and are set by
 * ovp_deal_get().
 */
OVP_EXTERN ovp_deal *ovp_deal_fields(ovp_deal_builder *b);

/**
 * A copy of len bytes at s, with a NUL added, that lives as long as the
 * deal (until ovp_deal_reset() or ovp_deal_free()); NULL when out of
 * memory.
 */
OVP_EXTERN const char *ovp_deal_keep(ovp_deal_builder *b, const char *s, size_t len);

/**
 * Add one promise split out of a cell (ovp_promise_split()) at origin at,
 * its due date chosen as SPEC 2.4 says (see the top of this header); a
 * date of its own that is no date, or reads two ways, also becomes a
 * data-quality problem at at's file, line and column.  Fails with
 * OVP_ELIMIT when the deal already has OVP_DEAL_MAX_PROMISES promises,
 * OVP_EINPUT for a date that reads two ways with strict_order, and
 * OVP_ENOMEM; err then says why (naming no file: the caller knows where
 * the deal is).
 */
OVP_EXTERN int ovp_deal_add_promise(ovp_deal_builder *b, const ovp_promise_part *part,
                                    const ovp_promise_origin *at, ovp_error *err);

/**
 * Split a cell (len bytes at s) into promises with ctx of at, and add
 * each as ovp_deal_add_promise() does.  Stops at the first failure.
 */
OVP_EXTERN int ovp_deal_add_cell(ovp_deal_builder *b, const char *s, size_t len,
                                 const ovp_promise_origin *at, ovp_error *err);

/**
 * Add a data-quality problem to the deal: file borrowed (it must outlive
 * the deal), column, value (vlen bytes, cut to a readable 80) and message
 * copied.  Fails with OVP_ENOMEM.
 */
OVP_EXTERN int ovp_deal_add_problem(ovp_deal_builder *b, const char *file, long line,
                                    const char *column, const char *value, size_t vlen,
                                    const char *message, ovp_error *err);

/** Promises added so far. */
OVP_EXTERN size_t ovp_deal_promise_count(const ovp_deal_builder *b);

/**
 * The deal as built so far, its promises and problems in the order they
 * were added.  Borrowed from b until it is changed, reset or freed.
 */
OVP_EXTERN const ovp_deal *ovp_deal_get(ovp_deal_builder *b);

/** Empty the deal for the next one, keeping its memory for reuse. */
OVP_EXTERN void ovp_deal_reset(ovp_deal_builder *b);

/** Free the builder and the deal.  b may be NULL. */
OVP_EXTERN void ovp_deal_free(ovp_deal_builder *b);

#ifdef __cplusplus
}
#endif

#endif
