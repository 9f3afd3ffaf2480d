/*
 * How an export is read: the answer of `overpromise inspect`.
 *
 * ovp_inspect() reads a roadmap or deals export with the very loaders
 * that `check` uses and returns what they made of it: the encoding,
 * delimiter and line ends, the rows, which tool's export it looks like,
 * which column became which field (and which were left unused), the
 * day/month order of every date column and what decided it, the first
 * values of each field as parsed, and every data-quality problem.  It
 * only returns data; printing is the caller's business.
 */
#ifndef OVP_INSPECT_H
#define OVP_INSPECT_H

#include <stdbool.h>
#include <stddef.h>

#include <overpromise/date.h>
#include <overpromise/deals.h>
#include <overpromise/error.h>
#include <overpromise/problem.h>
#include <overpromise/roadmap.h>

#include "csv.h"
#include "source.h"
#include "table.h"

#ifdef __cplusplus
extern "C" {
#endif

struct ovp_config;

/** Which of the two inputs a file is. */
typedef enum ovp_input_kind {
	OVP_INPUT_GUESS = 0, /**< decide from the headers */
	OVP_INPUT_ROADMAP,
	OVP_INPUT_DEALS
} ovp_input_kind;

/** "roadmap", "deals" (or "guess"). */
const char *ovp_input_kind_name(ovp_input_kind kind);

/** What a sample value is. */
typedef enum ovp_sample_kind {
	OVP_SAMPLE_TEXT = 0, /**< text, taken as written */
	OVP_SAMPLE_DATE,     /**< a date cell: window (none when unreadable) or the Later bucket */
	OVP_SAMPLE_AMOUNT,   /**< an amount with its currency */
	OVP_SAMPLE_STATUS,   /**< a roadmap status with its class */
	OVP_SAMPLE_STAGE,    /**< a deal stage or status: lost or not */
	OVP_SAMPLE_PROMISE,  /**< one promise of a cell: its feature and own date */
	OVP_SAMPLE_WORK      /**< a time estimate: days of work */
} ovp_sample_kind;

/** One value of a field as the loaders read it. */
typedef struct ovp_sample {
	long line;                /**< physical line of the row */
	const char *text;         /**< the cell (or the promise) as written */
	ovp_sample_kind kind;
	bool ok;                  /**< DATE, AMOUNT, PROMISE: the value was read; false: a problem */
	ovp_window window;        /**< DATE: the window; PROMISE: the promise's own date, if any */
	bool later;               /**< DATE: the Later bucket (no window, deliberately) */
	double amount;            /**< AMOUNT */
	const char *currency;     /**< AMOUNT: ISO code, or "" when none is known */
	ovp_status_class cls;     /**< STATUS: the class, after resolution and category */
	bool known;               /**< STATUS: the status is in a vocabulary (or the category is) */
	bool lost;                /**< STAGE: the deal counts as lost */
	const char *feature;      /**< PROMISE: the feature part */
	double days;              /**< WORK: days of work */
	bool superseded;          /**< WORK: not used, since the file has an effort column */
} ovp_sample;

/** Most samples kept per field. */
#define OVP_INSPECT_SAMPLES 3

/** One field of the loader and where it was read from. */
typedef struct ovp_inspect_field {
	const char *key;                 /**< the field's name in the configuration ("planned") */
	bool required;                   /**< check needs it (id and title, or id and name: either) */
	bool missing;                    /**< required and not found: check cannot use the file */
	bool overridden;                 /**< mapped by the configuration, not by its names */
	bool date;                       /**< holds dates: its columns carry an order */
	const ovp_table_column *columns; /**< in order of precedence; none when not found */
	size_t ncolumns;
	/**
	 * Values as parsed: for a field read into something (a date, an
	 * amount, a status, a stage, promises) its first non-empty values; for
	 * a text field its value in the sample row (sample_line), if any.
	 */
	ovp_sample samples[OVP_INSPECT_SAMPLES];
	size_t nsamples;
} ovp_inspect_field;

/** The whole answer.  Every string and array is owned by the inspection. */
typedef struct ovp_inspection {
	const char *path;           /**< the file as named ("<stdin>" for "-") */
	ovp_input_kind kind;        /**< what it was read as */
	bool kind_guessed;          /**< kind came from the headers, not the caller */
	const char *tool;           /**< "Jira Cloud", "Salesforce report", ..., or "generic" */
	ovp_csv_info csv;           /**< encoding, delimiter, line ends, records (a CSV file) */
	ovp_source_info source;     /**< CSV or workbook, gzip'd or not, the sheet read */
	long header_line;
	unsigned long data_rows;    /**< rows read as data */
	unsigned long skipped_rows; /**< blank rows and report trailers skipped */
	unsigned long records;      /**< roadmap items or deals made of the rows */
	long sample_line;           /**< the row the text samples come from (the first that
	                                 fills the most text fields), or 0 */
	size_t ncolumns;
	const char *const *headers; /**< every header, as written */
	const bool *used;           /**< per column: some field reads it */
	const ovp_inspect_field *fields;
	size_t nfields;
	const ovp_problem *problems; /**< every data-quality problem, in line order */
	size_t nproblems;
	const char *error;          /**< why check cannot use the file (a required column is
	                                 missing: "no column holds ..."), or NULL; the rows are
	                                 read, counted and sampled all the same */
} ovp_inspection;

/**
 * Read the export at path ("-" for standard input, which needs a kind)
 * as kind (OVP_INPUT_GUESS: decide from the headers) with the column
 * overrides and date orders of cfg (NULL for the defaults); as_of is
 * "today", for Now and Next.  On success (0) *out is the caller's to free
 * with ovp_inspection_free(); a file that lacks a required column is read
 * as far as it can be and also succeeds, with `error` set.  Fails with OVP_EIO or
 * OVP_EINPUT when the file cannot be read as CSV (naming file and line),
 * OVP_EUSAGE when standard input comes without a kind.
 */
int ovp_inspect(ovp_inspection **out, const char *path, ovp_input_kind kind,
                const struct ovp_config *cfg, ovp_day as_of, ovp_error *err);

/**
 * Which of the two inputs the export at path looks like, from its headers
 * alone, as ovp_inspect() guesses it: *kind is OVP_INPUT_ROADMAP or
 * OVP_INPUT_DEALS when the headers tell (the names of a tool's export,
 * or every required column of one kind and not of the other), else
 * OVP_INPUT_GUESS.  For an error that may come of two files swapped.
 * Fails (with *kind OVP_INPUT_GUESS) with OVP_EUSAGE for standard input
 * ("-", which cannot be read twice), OVP_EIO or OVP_EINPUT when the file
 * cannot be read as CSV.
 */
int ovp_input_kind_of(const char *path, const struct ovp_config *cfg, ovp_input_kind *kind,
                      ovp_error *err);

/** Free an inspection.  ins may be NULL. */
void ovp_inspection_free(ovp_inspection *ins);

/** "column", "file", "default" or "configuration". */
const char *ovp_order_source_name(ovp_order_source src);

/** "dmy", "mdy" or "auto". */
const char *ovp_date_order_name(ovp_date_order order);

#ifdef __cplusplus
}
#endif

#endif
