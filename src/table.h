/*
 * An export read as a table of named fields.
 *
 * The table sits between the record source (a CSV file or a workbook's
 * sheet, see source.h) and the roadmap and deals
 * loaders: it reads the header, decides which column holds which field
 * (by the recognised header names, in order of precedence, or by an
 * override from the configuration), decides the day/month order of each
 * date column from the first rows, skips blank and trailer rows, and hands
 * out rows in which each field is looked up by number.  Problems found on
 * the way (short and long rows, cut cells, invalid UTF-8) are reported
 * once per file and column as ovp_problem values.
 */
#ifndef OVP_TABLE_H
#define OVP_TABLE_H

#include <stdbool.h>
#include <stddef.h>

#include <overpromise/date.h>
#include <overpromise/error.h>
#include <overpromise/problem.h>

#include "csv.h"
#include "source.h"
#include "util/str.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Field flags. */
enum {
	OVP_FIELD_MULTI = 1 << 0, /**< every column with a recognised name is kept (Labels, Labels, ...) */
	OVP_FIELD_DATE = 1 << 1,  /**< holds dates: its day/month order is decided */
	OVP_FIELD_HINT = 1 << 2,  /**< read only where the primary field gives nothing */
	/**
	 * When no column carries one of the field's names, the columns whose
	 * header is a month ("April 2026": Productboard's release layout) hold
	 * the field: its value in a row is the header of the last such column
	 * whose cell is marked (an X).
	 */
	OVP_FIELD_MONTHS = 1 << 3
};

/** A field a loader wants, with the header names it is recognised by. */
typedef struct ovp_field_def {
	const char *key;             /**< name in the configuration ("promises", "planned") */
	const char *const *headers;  /**< recognised headers in order of precedence, NULL-terminated */
	unsigned flags;
} ovp_field_def;

/** How to open a table. */
typedef struct ovp_table_options {
	const ovp_field_def *fields;    /**< the fields, indexed by the loader's field numbers */
	size_t nfields;
	const char *const *overrides;   /**< per field, a header from the configuration, or NULL */
	char delimiter;                 /**< 0 to sniff */
	ovp_date_order order;           /**< OVP_ORDER_AUTO to detect per column */
	bool strip_entity_prefix;       /**< ignore a leading "Deal - " in header names */
	size_t lookahead;               /**< rows read ahead to decide date orders (0 = 10,000) */
	const char *section;            /**< configuration section named in messages ("deals") */
	const char *sheet;              /**< a workbook's sheet to read; NULL for the first visible one */
} ovp_table_options;

/** One column used for a field. */
typedef struct ovp_table_column {
	size_t index;        /**< 0-based position in the header */
	const char *header;  /**< the header as written */
	/* The rest is meaningful for the columns of OVP_FIELD_DATE fields. */
	ovp_date_order order;          /**< day/month order of the column's numeric dates */
	ovp_order_source order_source; /**< what decided it */
	bool serials;  /**< bare numbers 20000..80000 are Excel serial days: the header or
	                    the other values show a date column */
	bool numeric;  /**< some value read ahead is a numeric day-month or month-day date,
	                    whose order matters (not one with a month name, not ISO) */
	bool month;    /**< a month column of an OVP_FIELD_MONTHS field */
} ovp_table_column;

/** One data row.  Borrowed: valid until the next ovp_table_next(). */
typedef struct ovp_table_row {
	long line;                 /**< physical line of the row */
	const ovp_csv_record *rec; /**< the raw record */
} ovp_table_row;

typedef struct ovp_table ovp_table;

/**
 * Open path (a CSV file, plain or gzip'd, or an Excel workbook) and read
 * its header.  On success *out is the caller's to close with
 * ovp_table_close().  Fails (OVP_EIO, OVP_EINPUT, OVP_ELIMIT) when the
 * file cannot be read, has no header, or an override names a column the
 * header lacks.  Whether required fields are present is for the caller
 * to check with ovp_table_has().
 */
int ovp_table_open(ovp_table **out, const char *path, const ovp_table_options *opts,
                   ovp_error *err);

/** Read the next data row.  Returns 1, 0 at the end, or a negative code with err set. */
int ovp_table_next(ovp_table *t, ovp_table_row *row, ovp_error *err);

/**
 * The i-th of the rows read ahead to decide the date orders and not yet
 * handed out (right after ovp_table_open(), the first rows of the file,
 * up to the look-ahead), for a loader that decides something of its own
 * from them; blank and report-trailer rows are among them.  Returns false
 * past the last one.  *row is borrowed until the next ovp_table_next().
 */
bool ovp_table_ahead(const ovp_table *t, size_t i, ovp_table_row *row);

/** True when some column holds field f. */
bool ovp_table_has(const ovp_table *t, size_t f);

/** The columns of field f in order of precedence; *n receives their number. */
const ovp_table_column *ovp_table_columns(const ovp_table *t, size_t f, size_t *n);

/**
 * The value of field f in row: the first non-empty cell among its
 * columns in order of precedence, with blanks trimmed (for month
 * columns, the header of the last marked one).  *len receives its
 * length; returns "" (length 0) when every cell is empty.  *col, when
 * not NULL, receives the column the value came from (NULL when none):
 * read a date with that column's order and serials.
 */
const char *ovp_table_get(const ovp_table *t, const ovp_table_row *row, size_t f, size_t *len,
                          const ovp_table_column **col);

/*
 * ovp_table_get() of a field whose one column is tc (NULL: a field of no
 * column), not a month column, answered without a call where it can be:
 * the cell is empty or missing (a short row) or holds text with nothing
 * to trim, as most cells of most rows do.  Returns NULL, with *len and
 * *col untouched, where ovp_table_get() must look further.
 */
static inline const char *
ovp_table_plain_cell(const ovp_table_column *tc, const ovp_table_row *row, size_t *len,
                     const ovp_table_column **col)
{
	const char *v = "";
	size_t n = 0;

	if (tc != NULL && tc->index < row->rec->ncells) {
		v = row->rec->cells[tc->index];
		n = row->rec->lens[tc->index];
	}
	if (n > 0 && !ovp_no_blank_ends(v, n))
		return NULL;
	*len = n;
	if (col != NULL)
		*col = n > 0 ? tc : NULL;
	return n > 0 ? v : "";
}

/**
 * The cell of column (by header position) in row, trimmed; "" when the
 * row is short.  Inline: the readers ask for every promise and list cell
 * of every row.
 */
static inline const char *
ovp_table_cell(const ovp_table_row *row, size_t index, size_t *len)
{
	if (row == NULL || row->rec == NULL || index >= row->rec->ncells) {
		*len = 0;
		return "";
	}
	return ovp_trim(row->rec->cells[index], row->rec->lens[index], len);
}

/**
 * The day/month order of field f's first column (meaningful for
 * OVP_FIELD_DATE fields; each column has its own, see ovp_table_column).
 */
ovp_date_order ovp_table_date_order(const ovp_table *t, size_t f);

/**
 * The date context for reading a cell of column col ("today" is as_of);
 * inline, as every date cell of an export asks for one.
 */
static inline ovp_date_context
ovp_table_date_context(const ovp_table_column *col, ovp_day as_of)
{
	ovp_date_context ctx = {OVP_ORDER_AUTO, as_of, false};

	if (col != NULL) {
		ctx.order = col->order;
		ctx.allow_serial = col->serials;
	}
	return ctx;
}

/** Number of fields the table was opened with. */
size_t ovp_table_nfields(const ovp_table *t);

/** The definition of field f (borrowed from the options), or NULL past the end. */
const ovp_field_def *ovp_table_field(const ovp_table *t, size_t f);

/** True when field f was mapped by the configuration (an override), not by its names. */
bool ovp_table_field_overridden(const ovp_table *t, size_t f);

/** Number of columns in the header. */
size_t ovp_table_ncolumns(const ovp_table *t);

/** Header of column i, as written. */
const char *ovp_table_header(const ovp_table *t, size_t i);

/** True when column i was taken by some field. */
bool ovp_table_column_used(const ovp_table *t, size_t i);

/** Line of the header record. */
long ovp_table_header_line(const ovp_table *t);

/** The record source underneath (a CSV file or a workbook's sheet), for its info. */
const ovp_source *ovp_table_source(const ovp_table *t);

/** The name of the workbook's sheet read, or NULL for a CSV file.  Lives as long as t. */
const char *ovp_table_sheet(const ovp_table *t);

/**
 * Take the problems found since the last call (short and long rows, cut
 * cells, invalid UTF-8, each reported once per file and column).  The
 * returned array and its strings stay valid until the next call or
 * ovp_table_close(); *n receives their number.
 */
const ovp_problem *ovp_table_take_problems(ovp_table *t, size_t *n);

/** Rows skipped as blank or Salesforce trailer rows. */
unsigned long ovp_table_skipped_rows(const ovp_table *t);

/** Data rows handed out so far by ovp_table_next(). */
unsigned long ovp_table_data_rows(const ovp_table *t);

/** Close the file and free everything.  t may be NULL. */
void ovp_table_close(ovp_table *t);

/**
 * The first recognised headers of a field for a missing-column message:
 * "\"Status\", \"Feature status\", \"State\", \"status_name\", ..." (at
 * most four, then "..." when there are more).  Writes at most cap bytes
 * including the NUL.
 */
void ovp_field_tried(const ovp_field_def *f, char *buf, size_t cap);

/**
 * Normalise a header name for comparison: lower case, every character
 * that is not a letter or digit dropped ("Custom field (Target end)" ->
 * "customfieldtargetend").  Writes at most cap bytes including the NUL.
 * (The table also ignores Salesforce's "__c" suffix of custom fields and,
 * with strip_entity_prefix, Pipedrive's "Deal - " before comparing.)
 */
void ovp_header_key(const char *header, char *out, size_t cap);

#ifdef __cplusplus
}
#endif

#endif
