/*
 * Streaming CSV reader: bytes in, records with line numbers out.
 *
 * Built on libcsv.  The reader takes a file as exports come: UTF-8 with
 * or without BOM, UTF-16LE/BE with BOM, or without one when the NUL bytes
 * of mostly-ASCII text give it away (converted to UTF-8), comma,
 * semicolon or tab separated (sniffed from the header line unless given),
 * LF, CRLF or CR line ends, quoted cells with embedded newlines.  Cells
 * are kept as written (not trimmed).  It never holds more than the
 * records of one 64 KiB read plus the record in progress.  Problems
 * that do not stop the reading (invalid UTF-8, a cell over the size
 * limit, NUL bytes) are passed to the problem callback with the line of
 * the record and the cell's position, and the record is still returned.
 */
#ifndef OVP_CSV_H
#define OVP_CSV_H

#include <stdbool.h>
#include <stddef.h>

#include <overpromise/error.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Bytes read from the file, and handed to libcsv, at a time. */
#define OVP_CSV_CHUNK ((size_t)64 << 10)

/** Longest cell kept, in bytes; the rest of a longer cell is cut and reported. */
#define OVP_CSV_MAX_CELL ((size_t)1 << 20)
/** Most cells kept of one record; the cells after them are dropped and counted. */
#define OVP_CSV_MAX_CELLS 16384
/** Longest record, all cells together, in bytes; a longer one is an input error. */
#define OVP_CSV_MAX_RECORD ((size_t)64 << 20)

/** Encodings the reader recognises. */
typedef enum ovp_encoding {
	OVP_ENC_UTF8 = 0,
	OVP_ENC_UTF8_BOM,
	OVP_ENC_UTF16LE,
	OVP_ENC_UTF16BE
} ovp_encoding;

/** Kinds of problems reported through ovp_csv_problem_fn. */
typedef enum ovp_csv_problem_kind {
	OVP_CSV_INVALID_UTF8, /**< bytes that are not UTF-8 were replaced by U+FFFD */
	OVP_CSV_CELL_CUT,     /**< a cell over OVP_CSV_MAX_CELL was cut */
	OVP_CSV_NUL_BYTE      /**< NUL bytes in a cell were replaced by U+FFFD */
} ovp_csv_problem_kind;

/**
 * Called for each problem; cell is the 0-based position of the cell in its
 * record and line the record's line.  Called from ovp_csv_next() just
 * before it returns that record, at most once per kind and cell.
 */
typedef void (*ovp_csv_problem_fn)(void *ctx, ovp_csv_problem_kind kind, long line, size_t cell);

/** How to open a file. Zero-initialised options mean "detect everything". */
typedef struct ovp_csv_options {
	char delimiter;             /**< ',', ';' or '\t'; 0 to sniff from the header line */
	ovp_csv_problem_fn problem; /**< may be NULL */
	void *problem_ctx;          /**< passed to problem */
} ovp_csv_options;

/** One record.  Borrowed from the reader: valid until the next ovp_csv_next() or close. */
typedef struct ovp_csv_record {
	size_t ncells;        /**< number of cells, at least 1 */
	char **cells;         /**< NUL-terminated UTF-8 cells */
	const size_t *lens;   /**< byte length of each cell */
	long line;            /**< physical line (1-based) on which the record starts */
	size_t dropped;       /**< cells past OVP_CSV_MAX_CELLS, not kept */
	size_t dropped_text;  /**< of those, the ones that were not empty */
} ovp_csv_record;

/** How the file was read, for `inspect` and messages. */
typedef struct ovp_csv_info {
	ovp_encoding encoding;
	char delimiter;         /**< the delimiter in use */
	bool delimiter_sniffed; /**< true when it was detected, not given */
	unsigned long lf;       /**< line ends seen outside quotes: LF only */
	unsigned long crlf;     /**< line ends seen outside quotes: CRLF */
	unsigned long records;  /**< records returned so far, header included */
	unsigned long long bytes; /**< bytes read from the file so far */
} ovp_csv_info;

typedef struct ovp_csv_reader ovp_csv_reader;

/**
 * Open path ("-" is standard input) for reading.  On success *out is the
 * caller's to close with ovp_csv_close().  Reads the first chunk to
 * decide encoding and delimiter.  Fails with OVP_EIO when the file cannot
 * be opened or read or is a directory, OVP_EINPUT when its header line
 * holds binary data (not a CSV file), OVP_EUSAGE for a delimiter that is
 * a quote, CR, LF or a non-ASCII byte.
 */
int ovp_csv_open(ovp_csv_reader **out, const char *path, const ovp_csv_options *opts,
                 ovp_error *err);

/**
 * Read the next record into *rec.  Returns 1 with a record, 0 at the end
 * of the file, or a negative code (unterminated quote at the end of the
 * file, a read error, a limit exceeded) with err naming file and line.
 * Blank lines are skipped.
 */
int ovp_csv_next(ovp_csv_reader *r, ovp_csv_record *rec, ovp_error *err);

/** How the file has been read so far.  Borrowed from the reader. */
const ovp_csv_info *ovp_csv_get_info(const ovp_csv_reader *r);

/** The path the reader was opened with ("-" is shown as "<stdin>"). */
const char *ovp_csv_path(const ovp_csv_reader *r);

/** Close the file and free the reader.  r may be NULL. */
void ovp_csv_close(ovp_csv_reader *r);

/** Name of an encoding: "UTF-8", "UTF-8 with BOM", "UTF-16LE", "UTF-16BE". */
const char *ovp_encoding_name(ovp_encoding enc);

#ifdef __cplusplus
}
#endif

#endif
