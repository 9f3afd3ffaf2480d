/*
 * Streaming reader of one sheet of an Excel workbook (.xlsx): rows in,
 * records out, the same records the CSV reader hands out for the same
 * table saved as CSV.
 *
 * The archive is read with libzip and its XML parts with expat; the sheet
 * is inflated and parsed a chunk at a time, and parsing stops after each
 * row, so memory holds the shared strings, the styles and one row, never
 * the sheet.  Cells come out as text: shared and inline strings as
 * written, booleans as TRUE and FALSE, error values as written (#N/A),
 * numbers with a date or time format as ISO dates ("2027-01-15", with
 * " 10:30:00" when the format shows a time and there is one; the 1900 and
 * 1904 date systems both), numbers with a currency format as the amount
 * with its ISO code ("USD 120000"), percentages as "75%", other numbers
 * in up to 15 significant digits, as Excel shows them.  A record's line
 * is the sheet's row number; rows without cells are skipped, and cells a
 * row leaves out (sparse rows, missing `r` attributes) are empty.  A
 * merged range's value is read in every cell of the range in the header
 * rows (before the first row that has a cell outside any merged range)
 * and down the first column of the range below them; rows above the
 * header that hold nothing but merged ranges across columns (a title, a
 * band of column groups) are skipped.
 *
 * Every part is bounded: its size as the archive declares it, the bytes
 * actually inflated (a part larger than it claims is refused as it
 * grows), and the ratio of the two sizes, so that a zip bomb is refused
 * early and clearly.
 */
#ifndef OVP_XLSX_H
#define OVP_XLSX_H

#include <stdbool.h>
#include <stddef.h>

#include <overpromise/error.h>

#include "csv.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Largest workbook file read (and spooled from standard input), in bytes. */
#define OVP_XLSX_MAX_FILE ((unsigned long long)1 << 30)
/** Largest sheet, as XML inflated from the archive, in bytes. */
#define OVP_XLSX_MAX_SHEET ((unsigned long long)4 << 30)
/** Largest shared-strings part inflated, in bytes (the strings are held in memory). */
#define OVP_XLSX_MAX_STRINGS ((unsigned long long)256 << 20)
/** Largest of the other parts read (workbook, relationships, styles), in bytes. */
#define OVP_XLSX_MAX_PART ((unsigned long long)16 << 20)
/** Highest ratio of a part's inflated size to its compressed size (for parts over 1 MiB). */
#define OVP_XLSX_MAX_RATIO 200
/** Most entries in the archive. */
#define OVP_XLSX_MAX_ENTRIES 65536
/** Most merged ranges of a sheet that are kept. */
#define OVP_XLSX_MAX_MERGES 65536
/** Highest row number of a sheet (Excel's). */
#define OVP_XLSX_MAX_ROWS 1048576L

/** How to open a workbook. */
typedef struct ovp_xlsx_options {
	const char *sheet;          /**< the sheet to read by name (case ignored); NULL for the first visible one */
	ovp_csv_problem_fn problem; /**< cut cells and NUL characters; may be NULL */
	void *problem_ctx;          /**< passed to problem */
} ovp_xlsx_options;

/** How the workbook was read, for `inspect` and messages. */
typedef struct ovp_xlsx_info {
	const char *sheet;        /**< the name of the sheet read */
	size_t sheets;            /**< worksheets in the workbook */
	bool date1904;            /**< the workbook counts dates from 1904 */
	unsigned long records;    /**< records returned so far, header included */
	unsigned long long bytes; /**< bytes of the sheet's XML read so far */
	unsigned long long size;  /**< bytes of the sheet's XML in all */
	unsigned long long file_size; /**< bytes of the workbook file */
} ovp_xlsx_info;

typedef struct ovp_xlsx_reader ovp_xlsx_reader;

/**
 * Open the workbook at path ("-" is standard input, which is copied to a
 * temporary file first, within OVP_XLSX_MAX_FILE) and find its sheet,
 * shared strings and styles.  On success *out is the caller's to close
 * with ovp_xlsx_close().  Fails with OVP_EIO when the file cannot be
 * read, OVP_EINPUT when it is no workbook, is encrypted or damaged, or
 * has no such sheet (the message lists the sheets), OVP_ELIMIT when a
 * part passes its limit.
 */
int ovp_xlsx_open(ovp_xlsx_reader **out, const char *path, const ovp_xlsx_options *opts,
                  ovp_error *err);

/**
 * Read the next row that has cells into *rec (borrowed: valid until the
 * next call or close).  Returns 1 with a record, 0 at the end of the
 * sheet, or a negative code with err naming the workbook and row.
 */
int ovp_xlsx_next(ovp_xlsx_reader *r, ovp_csv_record *rec, ovp_error *err);

/** How the workbook has been read so far.  Borrowed from the reader. */
const ovp_xlsx_info *ovp_xlsx_get_info(const ovp_xlsx_reader *r);

/** Close the workbook and free the reader.  r may be NULL. */
void ovp_xlsx_close(ovp_xlsx_reader *r);

#ifdef __cplusplus
}
#endif

#endif
