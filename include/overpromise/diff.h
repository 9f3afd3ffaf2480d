/*
 * What changed between two reports of check (or deal): `overpromise diff
 * OLD NEW`.
 *
 * Findings are paired by fingerprint (the k-th finding of a fingerprint
 * in OLD with the k-th in NEW).  A finding only in NEW is new, only in
 * OLD resolved; a pair is worse when the severity rose, an OVP004's
 * days_late grew by 7 or more, or p_late by 0.10 or more, and better in
 * the reverse case (an OVP005 growing more overdue day by day is neither).
 * Roadmap items named in both reports whose planned date moved later
 * have slipped.  The value at risk is compared per currency.
 */
#ifndef OVERPROMISE_DIFF_H
#define OVERPROMISE_DIFF_H

#include <stdbool.h>
#include <stdio.h>

#include <overpromise/common.h>
#include <overpromise/error.h>
#include <overpromise/rules.h>

#ifdef __cplusplus
extern "C" {
#endif

/** The format of diff's JSON document. */
#define OVP_DIFF_FORMAT "overpromise-diff/1"

/** Days an OVP004 must grow later to be worse. */
#define OVP_DIFF_DAYS_LATE 7

/** Rise of p_late that makes a finding worse. */
#define OVP_DIFF_P_LATE 0.10

typedef struct ovp_diff ovp_diff;

/** How many findings fell in each class, and items slipped. */
typedef struct ovp_diff_counts {
	unsigned long added;      /**< new */
	unsigned long resolved;
	unsigned long worse;
	unsigned long better;
	unsigned long unchanged;
	unsigned long slipped;    /**< roadmap items */
} ovp_diff_counts;

/**
 * Read the reports at old_path and new_path ("-" for standard input, for
 * one of them) and compare them, keeping per finding only what the
 * comparison needs.  Fails with OVP_EINPUT naming the file when one is
 * not a report of this tool, or when they are of different format
 * versions; OVP_EIO when one cannot be read.  On success *out is the
 * caller's to free with ovp_diff_free().
 */
OVP_EXTERN int ovp_diff_run(ovp_diff **out, const char *old_path, const char *new_path,
                            ovp_error *err);

/** The counts of d. */
OVP_EXTERN void ovp_diff_get_counts(const ovp_diff *d, ovp_diff_counts *counts);

/**
 * Whether a new or worse finding (not in a baseline) is at or above
 * level; never for OVP_SEV_OFF.
 */
OVP_EXTERN bool ovp_diff_fails(const ovp_diff *d, ovp_severity level);

/**
 * Write the comparison in format (text, json, markdown or html) to out;
 * color asks the text format for terminal colours.  Fails with OVP_EUSAGE
 * for another format, OVP_EIO when a report cannot be read again or out
 * cannot be written.
 */
OVP_EXTERN int ovp_diff_write(ovp_diff *d, const char *format, bool color, FILE *out,
                              ovp_error *err);

/** The formats of ovp_diff_write(), NULL-terminated. */
OVP_EXTERN const char *const *ovp_diff_formats(void);

/** Free d.  d may be NULL. */
OVP_EXTERN void ovp_diff_free(ovp_diff *d);

#ifdef __cplusplus
}
#endif

#endif
