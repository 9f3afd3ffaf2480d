/*
 * What date.c gives the readers of exports beyond the public parser: the
 * evidence for a column's day/month order, gathered from its values, and
 * the parser without its cache.
 */
#ifndef OVP_DATE_IMPL_H
#define OVP_DATE_IMPL_H

#include <stdint.h>

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
 * ovp_date_sniff_add() of one cell to *a and to *b (a column's evidence
 * and the file's), the cell read once.
 */
void ovp_date_sniff_add2(ovp_date_sniff *a, ovp_date_sniff *b, const char *s, size_t len);

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

/** A probe's set when it has none (see ovp_date_probe). */
#define OVP_DATE_PROBE_NONE UINT16_MAX

/**
 * Where the thread's cache keeps the parse of one text under one context
 * (the text as the cache keys it, its set and tag), worked out once by
 * ovp_date_probe_start() for the ovp_date_parse_probed() that follows:
 * a row's date cell is keyed and hashed once, not once to load its set
 * ahead and again to read it.  set is OVP_DATE_PROBE_NONE when nothing
 * was worked out (no cache yet, an empty text or one too long to keep).
 */
typedef struct ovp_date_probe {
	uint64_t key[3];
	uint16_t set;
	uint16_t tag;
} ovp_date_probe;

/**
 * Start loading the cache set where ovp_date_parse() (phrases false) or
 * ovp_date_parse_phrase() (phrases true) of the text will look, so that
 * a reader that knows a row's date cells early waits on memory for them
 * once, while it reads the rest of the row, and keep in *pr where its
 * parse is looked for.  Changes no answer and no entry of the cache;
 * works out nothing before the thread's first parse.
 */
void ovp_date_probe_start(const char *s, size_t len, const ovp_date_context *ctx, bool phrases,
                          ovp_date_probe *pr);

/**
 * ovp_date_parse() (phrases false) or ovp_date_parse_phrase() (phrases
 * true) of the text through *pr, which ovp_date_probe_start() made of
 * the same text, context and phrases on this thread: the same answer,
 * without keying and hashing the text again.
 */
ovp_date_status ovp_date_parse_probed(const char *s, size_t len, const ovp_date_context *ctx,
                                      bool phrases, const ovp_date_probe *pr, ovp_window *out);

#endif
