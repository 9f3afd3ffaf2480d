/*
 * The promise-cell grammar (SPEC 2.4): a deal's cell split into
 * promises, each a feature and its own date, if any.
 */
#ifndef OVERPROMISE_PROMISE_H
#define OVERPROMISE_PROMISE_H

#include <stdbool.h>
#include <stddef.h>

#include <overpromise/common.h>
#include <overpromise/date.h>

#ifdef __cplusplus
extern "C" {
#endif

/** One promise as split out of a cell by ovp_promise_split(). */
typedef struct ovp_promise_part {
	const char *text;      /**< start of the whole promise in the cell (trimmed) */
	size_t text_len;
	const char *feature;   /**< start of the feature part */
	size_t feature_len;
	const char *date;      /**< start of the date part, or NULL when the promise has none */
	size_t date_len;
	ovp_window due;        /**< the date read, when date is not NULL and not bad_date */
	/**
	 * The date part is no date: "@" followed by something that is not a
	 * date (at_sign), or a trailing phrase meant as a date that reads as
	 * none ("end of Marhc", "2027-02-30"); date_status says why.
	 */
	bool bad_date;
	ovp_date_status date_status; /**< with bad_date: INVALID, IMPOSSIBLE, CONFLICT, LATER or
	                                  EMPTY (nothing after "@") */
	bool at_sign;          /**< the date part followed "@" */
	/**
	 * The date is numeric, the context's order is open, and the other
	 * order reads another day ("01/02/2027"): due is the reading of the
	 * separator's default order, other the second reading.
	 */
	bool two_readings;
	ovp_window other;
} ovp_promise_part;

/**
 * The promise-cell grammar: split the cell (len bytes at s) at ';', '|'
 * and line breaks into promises, and split off each promise's date: a
 * trailing "(X)", "@ X", "by X" or "- X" where X reads as a date under
 * ctx, date phrases included (ovp_date_parse_phrase(), relative to
 * ctx->as_of).  When no X reads, a trailing "(X)", "by X" or "- X" whose X
 * looks like a date (ovp_date_looks_like()) is split off as a bad date,
 * and one that says "TBD", "TBC", "TBA" or "ASAP" is split off as no
 * date; any other X stays part of the feature ("Single sign-on (SAML)").
 * Calls fn for each non-empty promise, in order; stops and returns fn's
 * value when it is not 0, else returns 0.
 */
OVP_EXTERN int ovp_promise_split(const char *s, size_t len, const ovp_date_context *ctx,
                                 int (*fn)(void *arg, const ovp_promise_part *part), void *arg);

/**
 * The data-quality message for a promise whose own date is a problem:
 * a bad date (quoted, with why: unknown, impossible, contradicting the
 * order of ctx, a fiscal year, nothing or no date after "@"), or a date
 * that reads two ways under an open order (both readings named).  Writes
 * it into buf (cap bytes with the NUL, cut when longer) and returns true;
 * returns false, writing nothing, when the promise's date is fine.
 */
OVP_EXTERN bool ovp_promise_date_problem(const ovp_promise_part *part, const ovp_date_context *ctx,
                                         char *buf, size_t cap);

#ifdef __cplusplus
}
#endif

#endif
