/*
 * Reading reports of check and deal back (for diff): the JSON document
 * of SPEC 7.1, or JSON lines (a line holding an object with "rule" is a
 * finding, one holding "summary" the summary, any other object the
 * report's head: tool, as_of, inputs, format).
 *
 * The findings are handed over one at a time, each parsed on its own
 * (a streaming split of the "findings" array, never the whole document
 * as one tree), with where its text lies in the file, so that a caller
 * can keep a few bytes per finding and read a finding again later.
 */
#ifndef OVP_REPORT_READER_H
#define OVP_REPORT_READER_H

#include <stdint.h>

#include <jansson.h>

#include <overpromise/error.h>

/* Most bytes of one finding, and of the rest of a report (its head and summary). */
#define OVP_REPORT_MAX_VALUE ((size_t)16 << 20)

typedef struct ovp_report_reader ovp_report_reader;

/* Where a finding's text lies in the file. */
typedef struct ovp_report_span {
	uint64_t off;
	uint32_t len;
	long line;           /* the line its text starts on */
} ovp_report_span;

/*
 * Called for each finding, in the order of the report: f is borrowed for
 * the call.  A negative return stops the reading and is returned (with
 * err set by the callback).
 */
typedef int (*ovp_report_finding_fn)(void *ctx, json_t *f, const ovp_report_span *where,
                                     ovp_error *err);

/*
 * Read the report at path ("-" for standard input) and hand every
 * finding to fn.  A file that is not a regular file (a pipe) is copied to
 * a temporary file first, so that findings can be read again.  Fails
 * with OVP_EIO, or OVP_EINPUT naming file and line when the file is not a
 * report of this tool or is cut short.  On success *out is the caller's
 * to close with ovp_report_reader_close().
 */
int ovp_report_read(ovp_report_reader **out, const char *path, ovp_report_finding_fn fn,
                    void *ctx, ovp_error *err);

/* The report's format version: 1 (no "format" field) or 2. */
int ovp_report_format(const ovp_report_reader *r);

/* The report's head (tool, as_of, inputs) and "summary", as an object; borrowed. */
const json_t *ovp_report_head(const ovp_report_reader *r);

/* The file as named by the caller. */
const char *ovp_report_path(const ovp_report_reader *r);

/* How many findings the report holds. */
unsigned long ovp_report_count(const ovp_report_reader *r);

/* Read the finding at where again: a new reference, or NULL with err set. */
json_t *ovp_report_fetch(ovp_report_reader *r, const ovp_report_span *where, ovp_error *err);

/* Close r.  r may be NULL. */
void ovp_report_reader_close(ovp_report_reader *r);

#endif
