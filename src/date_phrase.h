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
