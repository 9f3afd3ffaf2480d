/*
 * The date phrases sales write in promises ("end of March", "next
 * quarter", "EOY", "early 2027", "spring 2027"), read by date.c when a
 * text is none of the date forms of SPEC 2.2 (see date_phrase.c).
 */
#ifndef OVP_DATE_PHRASE_H
#define OVP_DATE_PHRASE_H

#include <stdbool.h>
#include <stddef.h>

#include <overpromise/date.h>

/**
 * ovp_date_parse(), and where that reads no date, the phrases sales write
 * in promises: "end of March", "end of Q2", "Q3", "by Q2'27", "H1",
 * "this quarter", "EOQ", "next quarter", "EOM", "end of next month",
 * "EOY", "this year", "next year", "year-end", "EOW", "early 2027",
 * "mid-2027", "late Q3", "early March", "spring 2027", "winter 2026/27",
 * "March", "March 15", "15th of March 2027", and any of these after "by",
 * "due" or "in".  A phrase without a year is the next such period not yet
 * past on ctx->as_of (its end on or after it), and the relative ones are
 * counted from the period that holds it: with OVP_DAY_NONE those are
 * OVP_DATE_INVALID.  "early", "mid" and "late" are the thirds of a period
 * (of a year: January-April, May-August, September-December; of a month:
 * days 1-10, 11-20, 21-end); "end of X" is X's last day.  Seasons are the
 * northern hemisphere's (spring March-May, summer June-August, autumn
 * September-November, winter December-February, "winter 2027" being the
 * one that ends in February 2027); a season with no year needs a modifier
 * or "this" ("Spring" alone may be a framework).  Fiscal years ("FY27")
 * are not read: they differ between companies.
 */
ovp_date_status ovp_date_parse_phrase(const char *s, size_t len, const ovp_date_context *ctx,
                                      ovp_window *out);

/*
 * Read the len bytes at s as a date phrase, placed in time by as_of (the
 * phrases without a year and the relative ones need it: with
 * OVP_DAY_NONE they are OVP_DATE_INVALID).  Returns OVP_DATE_OK with *out
 * set, OVP_DATE_IMPOSSIBLE for a phrase with a value no calendar has
 * ("Q5 2027", "March 32"), else OVP_DATE_INVALID with *out the empty window.
 */
ovp_date_status ovp_date_phrase_read(const char *s, size_t len, ovp_day as_of, ovp_window *out);

/* Does the text name a fiscal year or quarter ("FY27", "end of fiscal year")? */
bool ovp_date_phrase_fiscal(const char *s, size_t len);

#endif
