/*
 * What date.c gives the readers of exports beyond the public parser: the
 * evidence for a column's day/month order, gathered from its values, and
 * the parser without its cache.
 */
#ifndef OVP_DATE_IMPL_H
#define OVP_DATE_IMPL_H

#include <overpromise/date.h>

/**
 * Evidence for the day/month order of one column, gathered value by value
 * with ovp_date_sniff_add() and weighed by ovp_date_sniff_decide().
 */
typedef struct ovp_date_sniff {
	unsigned long dmy;      /**< values whose first field is over 12 */
	unsigned long mdy;      /**< values whose second field is over 12 */
	unsigned long dates;    /**< values that read as dates in some form */
	unsigned long nondates; /**< non-empty values that read as no date */
	unsigned long serials;  /**< bare numbers in the Excel serial range */
	unsigned long numeric;  /**< numeric day-month or month-day dates: their order matters */
} ovp_date_sniff;

/** Add the evidence of one cell (len bytes at s) to *sniff. */
void ovp_date_sniff_add(ovp_date_sniff *sniff, const char *s, size_t len);

/**
 * The order the evidence decides: DMY or MDY when the values say so (the
 * larger count wins), else OVP_ORDER_AUTO.
 */
ovp_date_order ovp_date_sniff_decide(const ovp_date_sniff *sniff);

/**
 * ovp_date_parse() (phrases false) or ovp_date_parse_phrase() (phrases
 * true) without the thread's cache of recent parses: the text is read
 * from scratch, whole, every time.  The cache must never change an
 * answer; this is what it is held against.
 */
ovp_date_status ovp_date_parse_uncached(const char *s, size_t len, const ovp_date_context *ctx,
                                        bool phrases, ovp_window *out);

/**
 * Start loading the cache set where ovp_date_parse() (phrases false) or
 * ovp_date_parse_phrase() (phrases true) of the text will look, so that
 * a reader that knows a row's date cells early waits on memory for them
 * once, while it reads the rest of the row.  Changes no answer and no
 * entry of the cache; does nothing before the thread's first parse.
 */
void ovp_date_prefetch(const char *s, size_t len, const ovp_date_context *ctx, bool phrases);

#endif
