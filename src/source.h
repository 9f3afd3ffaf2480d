/*
 * Where a table's records come from: a CSV file (plain or gzip'd) or a
 * sheet of an Excel workbook, told apart by their content, not their
 * names.
 *
 * A record source opens a file or standard input, looks at its first
 * bytes and hands it to the reader its content calls for: a ZIP archive
 * to the workbook reader (xlsx.h), anything else to the CSV reader
 * (csv.h), gzip'd data inflated on the way.  Either way the records are
 * the same: cells of UTF-8 text with the line (the sheet's row number) of
 * each, and the same problems reported through the same callback, so
 * that every loader above reads a workbook as it reads its CSV twin.
 */
#ifndef OVP_SOURCE_H
#define OVP_SOURCE_H

#include <stdbool.h>
#include <stddef.h>

#include <overpromise/error.h>

#include "csv.h"
#include "xlsx.h"

#ifdef __cplusplus
extern "C" {
#endif

/** What a source reads. */
typedef enum ovp_source_format {
	OVP_SOURCE_CSV = 0, /**< a CSV (or TSV) file */
	OVP_SOURCE_XLSX     /**< a sheet of an Excel workbook */
} ovp_source_format;

/** How to open a source.  Zero-initialised options mean "detect everything". */
typedef struct ovp_source_options {
	char delimiter;             /**< CSV: ',', ';' or '\t'; 0 to sniff */
	const char *sheet;          /**< workbook: the sheet to read; NULL for the first visible one
	                                 (ignored for a CSV file) */
	ovp_csv_problem_fn problem; /**< may be NULL */
	void *problem_ctx;          /**< passed to problem */
} ovp_source_options;

/** How the file has been read. */
typedef struct ovp_source_info {
	ovp_source_format format;
	bool gzip;                /**< CSV: the file is gzip'd */
	unsigned long records;    /**< records returned so far, header included */
	unsigned long long bytes; /**< bytes of the file read so far (for a workbook, an estimate) */
	ovp_csv_info csv;         /**< CSV: encoding, delimiter, line ends */
	ovp_xlsx_info xlsx;       /**< workbook: the sheet read, its date system */
} ovp_source_info;

typedef struct ovp_source ovp_source;

/**
 * Open path ("-" is standard input).  On success *out is the caller's to
 * close with ovp_source_close().  Fails as ovp_csv_open() and
 * ovp_xlsx_open() do, and with OVP_EINPUT for an old Excel workbook
 * (.xls) or an encrypted one.
 */
int ovp_source_open(ovp_source **out, const char *path, const ovp_source_options *opts,
                    ovp_error *err);

/**
 * Read the next record into *rec (borrowed: valid until the next call or
 * close).  Returns 1 with a record, 0 at the end, or a negative code with
 * err naming file and line.
 */
int ovp_source_next(ovp_source *s, ovp_csv_record *rec, ovp_error *err);

/** How the file has been read so far, into *out. */
void ovp_source_get_info(const ovp_source *s, ovp_source_info *out);

/** The path the source was opened with ("-" is shown as "<stdin>"). */
const char *ovp_source_path(const ovp_source *s);

/** Close the file and free the source.  s may be NULL. */
void ovp_source_close(ovp_source *s);

/** "CSV" or "Excel workbook". */
const char *ovp_source_format_name(ovp_source_format format);

#ifdef __cplusplus
}
#endif

#endif
