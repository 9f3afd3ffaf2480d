/*
 * The pieces of the workbook reader (not public): cell references and
 * number formats (xlsx_cell.c), parts of the archive read through expat
 * within their limits (xlsx_part.c), the workbook's sheets, styles and
 * shared strings (xlsx_book.c).  The sheet reader (xlsx.c) puts them
 * together; the unit tests take them one by one.
 */
#ifndef OVP_XLSX_IMPL_H
#define OVP_XLSX_IMPL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdlib.h>

#include <overpromise/error.h>

#include <expat.h>

#include "amount.h"
#include "xlsx.h"

struct zip;

/* The length of len bytes of UTF-8 at s cut to at most max, on a character boundary. */
static inline size_t
ovp_xlsx_cut_utf8(const char *s, size_t len, size_t max)
{
	if (len <= max)
		return len;
	len = max;
	while (len > 0 && ((unsigned char)s[len] & 0xC0) == 0x80)
		len--;
	return len;
}

/* ---- Cells (xlsx_cell.c) ------------------------------------------------ */

/* Most columns of a sheet (Excel's, XFD). */
#define OVP_XLSX_MAX_COLUMNS 16384

/*
 * Parse a cell reference ("B12", "$B$12", "XFD1048576") at s.  *col
 * receives the 0-based column (-1 when the reference has no letters),
 * *row the row number (0 when it has no digits).  Returns the number of
 * bytes used, 0 when s does not start with a reference within Excel's
 * columns and rows.
 */
size_t ovp_xlsx_ref_parse(const char *s, long *col, long *row);

/*
 * Parse a range ("A1:C3"; a single cell is a range of one) into its first
 * and last column and row, in order.  Returns 0, or -1 when s is not one.
 */
int ovp_xlsx_range_parse(const char *s, long *col1, long *row1, long *col2, long *row2);

/* What a number format makes of a number. */
typedef enum ovp_xlsx_kind {
	OVP_XLSX_NUMBER = 0, /* a plain number (General, 0.00, #,##0, scientific, fractions) */
	OVP_XLSX_PERCENT,    /* shown times 100 with a percent sign */
	OVP_XLSX_CURRENCY,   /* an amount of money in a known currency */
	OVP_XLSX_DATE,       /* a serial day: the format has day, month or year tokens */
	OVP_XLSX_TIME,       /* a time of day or a duration: hours, minutes, seconds only */
	OVP_XLSX_TEXT        /* the text format "@": the number as it is */
} ovp_xlsx_kind;

/* A number format as the reader uses it. */
typedef struct ovp_xlsx_style {
	ovp_xlsx_kind kind;
	bool time;                          /* DATE: the format also shows a time of day */
	char currency[OVP_CURRENCY_SIZE];   /* CURRENCY: the ISO code */
} ovp_xlsx_style;

/*
 * Classify a format code ("yyyy-mm-dd", "\"$\"#,##0.00", "[$EUR] #,##0",
 * "0%"): only its first section counts; quoted text, escaped characters,
 * colours, conditions and locale tags are told apart from the tokens.
 */
void ovp_xlsx_format_classify(const char *code, ovp_xlsx_style *out);

/*
 * Classify a built-in format id (ECMA-376 Part 1, 18.8.30): 14-22 and
 * 45-47 are dates and times, 27-36, 50-58 and 71-81 the dates and times
 * of East Asian and Thai locales, 9-10 percentages, 49 text; the rest
 * numbers (5-8 and 41-44 are currencies of the reader's locale, which the
 * file does not name, so they are numbers without a currency).
 */
void ovp_xlsx_builtin_style(unsigned long id, ovp_xlsx_style *out);

/*
 * Write serial (days, with the time of day as the fraction) as a date in
 * the workbook's system: "2027-01-15", or "2027-01-15 10:30:00" when
 * with_time and the time is not midnight; a serial under one day in the
 * 1900 system is a bare time ("10:30:00") when with_time, else no date.
 * Serial 60 of the 1900 system is 1900-02-29, the day Excel invented.
 * Returns the length written (cap must be at least 20), or 0 when the
 * serial is no date Excel shows (negative, past 9999-12-31, not finite).
 */
size_t ovp_xlsx_serial_text(double serial, bool date1904, bool with_time, char *buf, size_t cap);

/*
 * Write the number v as Excel shows it in General: up to 15 significant
 * digits, no trailing zeros, "1E+20" style exponents beyond them written
 * as "1e+20".  Returns the length (cap must be at least 32).
 */
size_t ovp_xlsx_number_text(double v, char *buf, size_t cap);

/*
 * Write a number cell's text under style st: a date, a time, "75%",
 * "USD 120000", or the number.  v is the cell's value, raw its text in
 * the sheet (used as it is when it is not a number).  Returns the length
 * (cap must be at least 48).
 */
size_t ovp_xlsx_value_text(const ovp_xlsx_style *st, bool date1904, const char *raw, char *buf,
                           size_t cap);

/*
 * Decode the escapes of OOXML text in place: "_xHHHH_" is the character
 * U+HHHH (how control characters are written), "_x005F_" an underscore.
 * A NUL or a surrogate becomes U+FFFD and sets *nul (NUL only).  Returns
 * the new length; the text never grows.
 */
size_t ovp_xlsx_unescape(char *s, size_t len, bool *nul);

/* ---- Parts of the archive (xlsx_part.c) --------------------------------- */

/* The names of namespaces, as expat joins them to local names. */
#define OVP_XLSX_NS_SEP '\x01'

/*
 * Is name (expat's "namespace\x01local", or "local" with no namespace) the
 * element or attribute local in one of SpreadsheetML's namespaces (the
 * transitional or the strict one), or in no namespace when none_ok?
 */
bool ovp_xlsx_is(const char *name, const char *local);

/* Is name the attribute local in the relationships namespace (r:id)? */
bool ovp_xlsx_is_rel(const char *name, const char *local);

/* libzip's message msg for ours: "not a zip archive" (into buf). */
const char *ovp_xlsx_zip_text(const char *msg, char buf[128]);

/* The local part of a name, after the namespace. */
const char *ovp_xlsx_local(const char *name);

/* The value of attribute local (in no namespace) in expat's attribute list, or NULL. */
const char *ovp_xlsx_attr(const char **atts, const char *local);

/* A part being read: an expat parser fed from the archive within limits. */
typedef struct ovp_xlsx_part {
	const char *book;          /* the workbook's name, for messages */
	char name[256];            /* the part's name in the archive */
	struct zip_file *zf;
	XML_Parser xml;
	unsigned long long size;   /* inflated size the archive declares */
	unsigned long long read;   /* inflated bytes read so far */
	unsigned long long limit;  /* most bytes it may inflate to */
	unsigned long long comp;   /* compressed size */
	char *buf;                 /* the chunk being parsed */
	size_t buf_len;
	bool last;                 /* buf is the last chunk */
	bool suspended;            /* the parser stopped inside buf, to be resumed */
	bool done;                 /* the whole part is parsed */
	void *user;                /* the handlers' own data */
	XML_StartElementHandler start; /* the part's handlers, called with the part */
	XML_EndElementHandler end;
	XML_CharacterDataHandler text;
	unsigned long long mark;   /* where the last event expat reported ends */
	int failed;                /* an error code set by a handler, or 0 */
	ovp_error *ferr;           /* where a handler puts its error */
} ovp_xlsx_part;

/*
 * Find the part called name (case ignored, a leading '/' dropped) in the
 * archive.  Returns its index, or -1 when there is none.
 */
long ovp_xlsx_part_find(struct zip *zip, const char *name);

/*
 * Open part index of zip for parsing, with the limit on its inflated
 * size.  The expat parser is made with namespaces; its handlers get the
 * part as their user data, and user as the part's user member.  p must
 * stay where it is until it is closed.
 * Checks the declared size and ratio first.  Fails with OVP_ELIMIT past
 * the limits, OVP_EINPUT when the part is encrypted or cannot be read.
 */
int ovp_xlsx_part_open(ovp_xlsx_part *p, struct zip *zip, long index, const char *book,
                       unsigned long long limit, void *user, ovp_error *err);

/*
 * Parse on: feed the parser chunk by chunk until the part ends (returns
 * 0) or a handler suspends the parser (returns 1; call again to resume).
 * Fails with the handler's code, OVP_EINPUT on XML that is not
 * well-formed (naming the part and its line), OVP_ELIMIT when the part
 * grows past its declared size or its limit.
 */
int ovp_xlsx_part_parse(ovp_xlsx_part *p, ovp_error *err);

/*
 * Inflate the whole part, within its limits, without parsing it: does its
 * text hold needle anywhere (a quick look before a parse that may not be
 * needed)?  Returns 0 with *found set, or a negative code.
 */
int ovp_xlsx_part_contains(ovp_xlsx_part *p, const char *needle, bool *found, ovp_error *err);

/* Parse the whole part (handlers must not suspend). */
int ovp_xlsx_part_parse_all(ovp_xlsx_part *p, ovp_error *err);

/* Set the part's handlers (NULL for none); they get the part as their data. */
void ovp_xlsx_part_handlers(ovp_xlsx_part *p, XML_StartElementHandler start, XML_EndElementHandler end,
                            XML_CharacterDataHandler text);

/* A handler's failure: record it and stop the parser for good. */
void ovp_xlsx_part_fail(ovp_xlsx_part *p, int code);

/* Close the part and free its parser.  Safe on a part never opened (zeroed). */
void ovp_xlsx_part_close(ovp_xlsx_part *p);

/* ---- The workbook (xlsx_book.c) ----------------------------------------- */

/* A sheet listed in the workbook. */
typedef struct ovp_xlsx_sheet {
	char *name;
	char *part;      /* its part in the archive, or NULL when its relationship is missing */
	bool visible;
	bool worksheet;  /* a worksheet (not a chart sheet, dialog or macro sheet) */
} ovp_xlsx_sheet;

/* The shared strings: the text of each, cut to OVP_CSV_MAX_CELL. */
typedef struct ovp_xlsx_strings {
	char *text;      /* every string NUL-terminated, one after the other */
	size_t len, cap;
	size_t *off;     /* start of string i in text */
	unsigned char *flags; /* per string: OVP_XLSX_CUT, OVP_XLSX_NUL */
	size_t n, ncap, fcap;
} ovp_xlsx_strings;

/* Flags of a string: cut at OVP_CSV_MAX_CELL, a NUL character replaced. */
enum { OVP_XLSX_CUT = 1, OVP_XLSX_NUL = 2 };

/* What the reader needs from the workbook before it reads the sheet. */
typedef struct ovp_xlsx_book {
	const char *name;          /* the workbook's name, for messages */
	struct zip *zip;
	ovp_xlsx_sheet *sheets;
	size_t nsheets;
	bool date1904;
	ovp_xlsx_style *styles;    /* per cell format (cellXfs), by the s attribute */
	size_t nstyles;
	ovp_xlsx_strings strings;
} ovp_xlsx_book;

/*
 * Read the workbook's parts on zip (which the book takes over): the
 * relationships, the workbook (its sheets and date system), the styles
 * and the shared strings.  Fails with OVP_EINPUT when there is no
 * workbook part or it is damaged, OVP_ELIMIT past a limit.
 */
int ovp_xlsx_book_open(ovp_xlsx_book *b, struct zip *zip, const char *name, ovp_error *err);

/*
 * The sheet to read: the one called name (case ignored), or the first
 * visible worksheet when name is NULL.  Fails with OVP_EINPUT, the
 * message listing the sheets, when there is none such.
 */
int ovp_xlsx_book_sheet(const ovp_xlsx_book *b, const char *name, const ovp_xlsx_sheet **out,
                        ovp_error *err);

/* Free what b holds and close its archive. */
void ovp_xlsx_book_free(ovp_xlsx_book *b);

#endif
