/*
 * Tests of the workbook reader: its pieces one by one (cell references,
 * number formats, serial days, numbers, escapes) and whole workbooks,
 * written here part by part with libzip, read into a transcript of one
 * line per record ("ROW: cell|cell|...") and one per problem
 * ("! kind ROW cell").
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "scratch.h"
#include <zip.h>

#include "src/source.h"
#include "src/xlsx.h"
#include "src/xlsx_impl.h"

#define MAIN "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
#define RELS "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
#define PKG "http://schemas.openxmlformats.org/package/2006/relationships"
#define FFFD "\xEF\xBF\xBD"

static char scratch[64];

/* ---- Cell references ----------------------------------------------------- */

static void
test_refs(void **state)
{
	long col, row, c2, r2;

	(void)state;
	assert_int_equal(ovp_xlsx_ref_parse("A1", &col, &row), 2);
	assert_int_equal(col, 0);
	assert_int_equal(row, 1);
	assert_int_equal(ovp_xlsx_ref_parse("$AB$12", &col, &row), 6);
	assert_int_equal(col, 27);
	assert_int_equal(row, 12);
	assert_int_equal(ovp_xlsx_ref_parse("xfd1048576", &col, &row), 10);
	assert_int_equal(col, 16383);
	assert_int_equal(row, 1048576);
	/* A column or a row alone. */
	assert_int_equal(ovp_xlsx_ref_parse("C", &col, &row), 1);
	assert_int_equal(col, 2);
	assert_int_equal(row, 0);
	assert_int_equal(ovp_xlsx_ref_parse("7", &col, &row), 1);
	assert_int_equal(col, -1);
	assert_int_equal(row, 7);
	/* Past Excel's columns or rows, row 0, four letters, nothing. */
	assert_int_equal(ovp_xlsx_ref_parse("XFE1", &col, &row), 0);
	assert_int_equal(ovp_xlsx_ref_parse("A1048577", &col, &row), 0);
	assert_int_equal(ovp_xlsx_ref_parse("A0", &col, &row), 0);
	assert_int_equal(ovp_xlsx_ref_parse("AAAA1", &col, &row), 0);
	assert_int_equal(ovp_xlsx_ref_parse("", &col, &row), 0);
	assert_int_equal(ovp_xlsx_ref_parse("-1", &col, &row), 0);

	assert_int_equal(ovp_xlsx_range_parse("B2:D5", &col, &row, &c2, &r2), 0);
	assert_true(col == 1 && row == 2 && c2 == 3 && r2 == 5);
	/* Corners in any order. */
	assert_int_equal(ovp_xlsx_range_parse("D5:B2", &col, &row, &c2, &r2), 0);
	assert_true(col == 1 && row == 2 && c2 == 3 && r2 == 5);
	assert_int_equal(ovp_xlsx_range_parse("C3", &col, &row, &c2, &r2), 0);
	assert_true(col == 2 && row == 3 && c2 == 2 && r2 == 3);
	assert_int_equal(ovp_xlsx_range_parse("A1:", &col, &row, &c2, &r2), -1);
	assert_int_equal(ovp_xlsx_range_parse("A:C", &col, &row, &c2, &r2), -1);
	assert_int_equal(ovp_xlsx_range_parse("A1:B2x", &col, &row, &c2, &r2), -1);
}

/* ---- Number formats ------------------------------------------------------ */

static void
expect_format(const char *code, ovp_xlsx_kind kind, bool time, const char *currency)
{
	ovp_xlsx_style st;

	ovp_xlsx_format_classify(code, &st);
	if (st.kind != kind || st.time != time || strcmp(st.currency, currency) != 0)
		fail_msg("format \"%s\": kind %d time %d currency \"%s\", expected %d %d \"%s\"", code,
		         (int)st.kind, st.time, st.currency, (int)kind, time, currency);
}

static void
test_formats(void **state)
{
	(void)state;
	expect_format("yyyy-mm-dd", OVP_XLSX_DATE, false, "");
	expect_format("dd.mm.yyyy", OVP_XLSX_DATE, false, "");
	expect_format("mmm-yy", OVP_XLSX_DATE, false, "");
	expect_format("mmmm", OVP_XLSX_DATE, false, "");
	expect_format("[$-409]mmmm d, yyyy;@", OVP_XLSX_DATE, false, "");
	expect_format("[$-F800]dddd, mmmm dd, yyyy", OVP_XLSX_DATE, false, "");
	expect_format("m/d/yyyy h:mm AM/PM", OVP_XLSX_DATE, true, "");
	expect_format("DD/MM/YYYY HH:MM:SS", OVP_XLSX_DATE, true, "");
	expect_format("h:mm", OVP_XLSX_TIME, false, "");
	expect_format("mm:ss", OVP_XLSX_TIME, false, "");
	expect_format("[h]:mm:ss", OVP_XLSX_TIME, false, "");
	expect_format("h:mm A/P", OVP_XLSX_TIME, false, "");
	/* Letters inside quotes or escaped are text, not tokens. */
	expect_format("0 \"days\"", OVP_XLSX_NUMBER, false, "");
	expect_format("0\\d", OVP_XLSX_NUMBER, false, "");
	expect_format("General", OVP_XLSX_NUMBER, false, "");
	expect_format("0.00E+00", OVP_XLSX_NUMBER, false, "");
	expect_format("#,##0.00_);[Red](#,##0.00)", OVP_XLSX_NUMBER, false, "");
	expect_format("# ?/?", OVP_XLSX_NUMBER, false, "");
	expect_format("0%", OVP_XLSX_PERCENT, false, "");
	expect_format("0.00%", OVP_XLSX_PERCENT, false, "");
	expect_format("@", OVP_XLSX_TEXT, false, "");
	/* Currencies: quoted, escaped, bare, tagged, with a locale. */
	expect_format("\"$\"#,##0.00", OVP_XLSX_CURRENCY, false, "USD");
	expect_format("\\$#,##0", OVP_XLSX_CURRENCY, false, "USD");
	expect_format("$#,##0.00", OVP_XLSX_CURRENCY, false, "USD");
	expect_format("[$EUR] #,##0.00", OVP_XLSX_CURRENCY, false, "EUR");
	expect_format("[$\xE2\x82\xAC-x-euro2] #,##0.00", OVP_XLSX_CURRENCY, false, "EUR");
	expect_format("#,##0.00\\ [$\xE2\x82\xAC-407]", OVP_XLSX_CURRENCY, false, "EUR");
	expect_format("#,##0.00 \xE2\x82\xAC", OVP_XLSX_CURRENCY, false, "EUR");
	expect_format("[$$-C09]#,##0.00", OVP_XLSX_CURRENCY, false, "AUD");
	expect_format("[$$-1009]#,##0.00", OVP_XLSX_CURRENCY, false, "CAD");
	expect_format("[$$-409]#,##0.00", OVP_XLSX_CURRENCY, false, "USD");
	expect_format("[$\xC2\xA3-809]#,##0", OVP_XLSX_CURRENCY, false, "GBP");
	expect_format("#,##0 \"kr\"", OVP_XLSX_CURRENCY, false, "SEK");
	expect_format("\"USD \"#,##0", OVP_XLSX_CURRENCY, false, "USD");
	expect_format("_(\"$\"* #,##0.00_);_(\"$\"* \\(#,##0.00\\);_(\"$\"* \"-\"??_);_(@_)",
	              OVP_XLSX_CURRENCY, false, "USD");
	/* A currency only in the negative section, or a tag without a symbol: a number. */
	expect_format("0;\"$\"0", OVP_XLSX_NUMBER, false, "");
	expect_format("[$-409]#,##0", OVP_XLSX_NUMBER, false, "");
	expect_format("\"Total\" 0", OVP_XLSX_NUMBER, false, "");
}

static void
test_builtin_formats(void **state)
{
	ovp_xlsx_style st;

	(void)state;
	for (unsigned long id = 0; id < 200; id++) {
		ovp_xlsx_kind want = OVP_XLSX_NUMBER;
		bool time = false;

		if (id >= 14 && id <= 17)
			want = OVP_XLSX_DATE;
		else if (id == 22 || (id >= 27 && id <= 36) || (id >= 50 && id <= 58) ||
		         (id >= 71 && id <= 81))
			want = OVP_XLSX_DATE, time = true;
		else if ((id >= 18 && id <= 21) || (id >= 45 && id <= 47))
			want = OVP_XLSX_TIME;
		else if (id == 9 || id == 10)
			want = OVP_XLSX_PERCENT;
		else if (id == 49)
			want = OVP_XLSX_TEXT;
		ovp_xlsx_builtin_style(id, &st);
		if (st.kind != want || st.time != time || st.currency[0] != '\0')
			fail_msg("built-in format %lu: kind %d, expected %d", id, (int)st.kind, (int)want);
	}
}

/* ---- Values -------------------------------------------------------------- */

static void
expect_serial(double serial, bool date1904, bool with_time, const char *want)
{
	char buf[64];
	size_t n = ovp_xlsx_serial_text(serial, date1904, with_time, buf, sizeof buf);

	if (want == NULL) {
		if (n != 0)
			fail_msg("serial %.6f: \"%s\", expected no date", serial, buf);
		return;
	}
	if (n != strlen(want) || strcmp(buf, want) != 0)
		fail_msg("serial %.6f (%s): \"%.*s\", expected \"%s\"", serial,
		         date1904 ? "1904" : "1900", (int)n, buf, want);
}

static void
test_serials(void **state)
{
	(void)state;
	expect_serial(1, false, false, "1900-01-01");
	expect_serial(59, false, false, "1900-02-28");
	expect_serial(60, false, false, "1900-02-29"); /* the day Excel invented */
	expect_serial(61, false, false, "1900-03-01");
	expect_serial(25569, false, false, "1970-01-01");
	expect_serial(46402, false, false, "2027-01-15");
	expect_serial(46402.75, false, false, "2027-01-15");
	expect_serial(46402.75, false, true, "2027-01-15 18:00:00");
	expect_serial(46402.0, false, true, "2027-01-15");
	expect_serial(46402.5 + 1.0 / 86400 / 3, false, true, "2027-01-15 12:00:00");
	/* A hair before midnight rounds to the next day. */
	expect_serial(46402.9999999, false, true, "2027-01-16");
	expect_serial(2958465, false, false, "9999-12-31");
	/* A time of day alone, only when the format shows times. */
	expect_serial(0.5, false, true, "12:00:00");
	expect_serial(0.5, false, false, NULL);
	/* The 1904 system: day 0 is 1904-01-01, 1,462 days after the 1900 system's. */
	expect_serial(0, true, false, "1904-01-01");
	expect_serial(46402 - 1462, true, false, "2027-01-15");
	expect_serial(44940.25, true, true, "2027-01-15 06:00:00");
	expect_serial(-1, false, false, NULL);
	expect_serial(2958466, false, false, NULL);
	expect_serial((double)NAN, false, false, NULL);
	expect_serial((double)INFINITY, true, false, NULL);
}

static void
expect_number(double v, const char *want)
{
	char buf[64];
	size_t n = ovp_xlsx_number_text(v, buf, sizeof buf);

	assert_int_equal(n, strlen(want));
	assert_string_equal(buf, want);
}

static void
expect_text(const ovp_xlsx_style *st, bool date1904, const char *raw, const char *want)
{
	char buf[64];
	size_t n = ovp_xlsx_value_text(st, date1904, raw, buf, sizeof buf);

	assert_int_equal(n, strlen(want));
	assert_string_equal(buf, want);
}

static void
test_numbers(void **state)
{
	ovp_xlsx_style st;

	(void)state;
	expect_number(420000, "420000");
	expect_number(0.1 + 0.2, "0.3"); /* 15 digits, as Excel shows it */
	expect_number(-1234.5, "-1234.5");
	expect_number(-0.0, "0");
	expect_number(1e20, "1e+20");
	expect_number(123456789012345.0, "123456789012345");

	ovp_xlsx_format_classify("General", &st);
	expect_text(&st, false, "420000", "420000");
	expect_text(&st, false, "0.30000000000000004", "0.3");
	expect_text(&st, false, " 7 ", "7");
	ovp_xlsx_format_classify("\"$\"#,##0.00", &st);
	expect_text(&st, false, "120000.5", "USD 120000.5");
	expect_text(&st, false, "-5000", "USD -5000");
	ovp_xlsx_format_classify("0%", &st);
	expect_text(&st, false, "0.75", "75%");
	ovp_xlsx_builtin_style(14, &st);
	expect_text(&st, false, "46402", "2027-01-15");
	expect_text(&st, true, "44940", "2027-01-15");
	/* Not a date Excel shows, or not a number at all: the text as it is. */
	expect_text(&st, false, "-3", "-3");
	expect_text(&st, false, "n/a", "n/a");
	expect_text(&st, false, "12abc", "12abc");
	ovp_xlsx_builtin_style(20, &st);
	expect_text(&st, false, "0.75", "18:00:00");
	expect_text(&st, true, "0.75", "18:00:00");
	expect_text(&st, false, "46402.75", "2027-01-15 18:00:00");
}

static void
expect_unescape(const char *in, const char *want, bool want_nul)
{
	char buf[64];
	size_t n = strlen(in);
	bool nul = false;

	memcpy(buf, in, n + 1);
	n = ovp_xlsx_unescape(buf, n, &nul);
	buf[n] = '\0';
	assert_string_equal(buf, want);
	assert_int_equal(nul, want_nul);
}

static void
test_unescape(void **state)
{
	(void)state;
	expect_unescape("line_x000D_break", "line\rbreak", false);
	expect_unescape("_x0009_tab", "\ttab", false);
	expect_unescape("_x00e9_t_x00E9_", "\xC3\xA9t\xC3\xA9", false);
	expect_unescape("_x20AC_", "\xE2\x82\xAC", false);
	/* An escaped underscore keeps what follows from being an escape. */
	expect_unescape("_x005F_x0041_", "_x0041_", false);
	expect_unescape("nul_x0000_here", "nul" FFFD "here", true);
	expect_unescape("_xD800_", FFFD, false);
	expect_unescape("_x41_ _xZZZZ_ x0041_ _x0041", "_x41_ _xZZZZ_ x0041_ _x0041", false);
	expect_unescape("", "", false);
}

/* ---- Whole workbooks ----------------------------------------------------- */

/* One part of a workbook to write: its name and its text. */
typedef struct part {
	const char *name;
	const char *text;
} part;

static const char content_types[] =
	"<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/"
	"content-types\"><Default Extension=\"xml\" ContentType=\"application/xml\"/></Types>";
static const char package_rels[] =
	"<Relationships xmlns=\"" PKG "\"><Relationship Id=\"rId1\" Type=\"" RELS
	"/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>";
static const char one_sheet[] =
	"<workbook xmlns=\"" MAIN "\" xmlns:r=\"" RELS "\"><sheets>"
	"<sheet name=\"Data\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>";
static const char one_sheet_rels[] =
	"<Relationships xmlns=\"" PKG "\">"
	"<Relationship Id=\"rId1\" Type=\"" RELS "/worksheet\" Target=\"worksheets/sheet1.xml\"/>"
	"<Relationship Id=\"rId2\" Type=\"" RELS "/styles\" Target=\"styles.xml\"/>"
	"<Relationship Id=\"rId3\" Type=\"" RELS "/sharedStrings\" Target=\"sharedStrings.xml\"/>"
	"</Relationships>";

/* Write the parts (up to a NULL name) as a workbook in the scratch directory. */
static void
write_book(char *path, size_t cap, const char *name, const part *parts)
{
	zip_t *z;
	int zerr;

	snprintf(path, cap, "%s/%s", scratch, name);
	z = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &zerr);
	assert_non_null(z);
	for (const part *p = parts; p->name != NULL; p++) {
		zip_source_t *src = zip_source_buffer(z, p->text, strlen(p->text), 0);

		assert_non_null(src);
		assert_true(zip_file_add(z, p->name, src, ZIP_FL_ENC_UTF_8) >= 0);
	}
	assert_int_equal(zip_close(z), 0);
}

/* Write a one-sheet workbook of the sheet XML (its sheetData's content), styles and strings. */
static void
write_simple(char *path, size_t cap, const char *name, const char *rows, const char *styles,
             const char *strings)
{
	static char sheet[8192];
	part parts[8] = {
		{"[Content_Types].xml", content_types},
		{"_rels/.rels", package_rels},
		{"xl/workbook.xml", one_sheet},
		{"xl/_rels/workbook.xml.rels", one_sheet_rels},
		{"xl/worksheets/sheet1.xml", sheet},
	};
	int k = 5;

	snprintf(sheet, sizeof sheet, "<worksheet xmlns=\"" MAIN "\"><sheetData>%s</sheetData></worksheet>",
	         rows);
	if (styles != NULL)
		parts[k++] = (part){"xl/styles.xml", styles};
	if (strings != NULL)
		parts[k++] = (part){"xl/sharedStrings.xml", strings};
	parts[k] = (part){NULL, NULL};
	write_book(path, cap, name, parts);
}

/* A growing transcript. */
typedef struct transcript {
	char *s;
	size_t len, cap;
} transcript;

static void
tr_add(transcript *t, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 2, 3)))
#endif
	;

static void
tr_add(transcript *t, const char *fmt, ...)
{
	char tmp[512];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(tmp, sizeof tmp, fmt, ap);
	va_end(ap);
	assert_true(n >= 0 && (size_t)n < sizeof tmp);
	if (t->len + (size_t)n + 1 > t->cap) {
		t->cap = (t->len + (size_t)n + 1) * 2;
		t->s = realloc(t->s, t->cap);
		assert_non_null(t->s);
	}
	memcpy(t->s + t->len, tmp, (size_t)n + 1);
	t->len += (size_t)n;
}

static void
on_problem(void *ctx, ovp_csv_problem_kind kind, long line, size_t cell)
{
	tr_add(ctx, "! %s %ld %zu\n", kind == OVP_CSV_CELL_CUT ? "cut" : kind == OVP_CSV_NUL_BYTE ? "nul" : "utf8",
	       line, cell);
}

/* Read a workbook to its end (or error) into a transcript; *rc receives the end. */
static char *
read_book(const char *path, const char *sheet, int *rc, ovp_error *err)
{
	ovp_xlsx_options opts = {sheet, on_problem, NULL};
	transcript t = {NULL, 0, 0};
	ovp_xlsx_reader *r;
	ovp_csv_record rec;

	opts.problem_ctx = &t;
	tr_add(&t, "%s", "");
	*rc = ovp_xlsx_open(&r, path, &opts, err);
	if (*rc < 0)
		return t.s;
	while ((*rc = ovp_xlsx_next(r, &rec, err)) == 1) {
		tr_add(&t, "%ld:", rec.line);
		for (size_t i = 0; i < rec.ncells; i++) {
			assert_int_equal(strlen(rec.cells[i]), rec.lens[i]);
			tr_add(&t, "%s%.60s%s", i ? "|" : " ", rec.cells[i], rec.lens[i] > 60 ? "..." : "");
		}
		tr_add(&t, "\n");
	}
	ovp_xlsx_close(r);
	return t.s;
}

static void
expect_book(const char *path, const char *sheet, const char *want)
{
	ovp_error err = {0};
	int rc;
	char *got = read_book(path, sheet, &rc, &err);

	if (rc != 0)
		fail_msg("%s: %s", path, err.message);
	assert_string_equal(got, want);
	free(got);
}

static void
expect_book_error(const char *path, const char *sheet, int code, const char *message)
{
	ovp_error err = {0};
	int rc;
	char *got = read_book(path, sheet, &rc, &err);

	free(got);
	assert_int_equal(rc, code);
	assert_int_equal(err.code, code);
	if (strstr(err.message, message) == NULL)
		fail_msg("\"%s\" does not say \"%s\"", err.message, message);
}

static const char styles[] =
	"<styleSheet xmlns=\"" MAIN "\"><numFmts count=\"3\">"
	"<numFmt numFmtId=\"164\" formatCode=\"dd/mm/yyyy\"/>"
	"<numFmt numFmtId=\"165\" formatCode=\"[$EUR] #,##0.00\"/>"
	"<numFmt numFmtId=\"14\" formatCode=\"0.00\"/>" /* a custom format overrides a built-in id */
	"</numFmts>"
	"<cellStyleXfs count=\"2\"><xf numFmtId=\"0\"/><xf numFmtId=\"164\"/></cellStyleXfs>"
	"<cellXfs count=\"6\"><xf numFmtId=\"0\" xfId=\"1\"/><xf numFmtId=\"164\"/>"
	"<xf numFmtId=\"165\"/><xf numFmtId=\"14\"/><xf numFmtId=\"22\"/><xf numFmtId=\"9\"/>"
	"</cellXfs></styleSheet>";

static void
test_cells(void **state)
{
	static const char strings[] =
		"<sst xmlns=\"" MAIN "\" count=\"99\" uniqueCount=\"99\">"
		"<si><t>Name</t></si>"
		"<si><r><t>rich </t></r><r><rPr><b/></rPr><t xml:space=\"preserve\">text </t></r>"
		"<rPh sb=\"0\" eb=\"1\"><t>PHONETIC</t></rPh><phoneticPr fontId=\"0\"/></si>"
		"<si><t>two_x000D__x000A_lines</t></si>"
		"<si/>"
		"<si><t>&lt;tag&gt; &amp; &#x20AC;</t></si>"
		"</sst>";
	static const char rows[] =
		"<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\" t=\"s\"><v>1</v></c>"
		"<c r=\"C1\" t=\"s\"><v>2</v></c><c r=\"D1\" t=\"s\"><v>3</v></c>"
		"<c r=\"E1\" t=\"s\"><v>4</v></c></row>"
		/* Styles: none (General, though cellStyleXfs has a date), custom date,
		 * currency, overridden id 14, built-in 22, percent; an s past the styles. */
		"<row r=\"2\"><c r=\"A2\" s=\"0\"><v>46402</v></c><c r=\"B2\" s=\"1\"><v>46402</v></c>"
		"<c r=\"C2\" s=\"2\"><v>1234.5</v></c><c r=\"D2\" s=\"3\"><v>46402</v></c>"
		"<c r=\"E2\" s=\"4\"><v>46402.5</v></c><c r=\"F2\" s=\"5\"><v>0.4</v></c>"
		"<c r=\"G2\" s=\"99\"><v>12</v></c></row>"
		/* Other types: inline (rich, with a phonetic guide), formula string,
		 * booleans, an error, an ISO date, a formula with no value. */
		"<row r=\"4\"><c r=\"A4\" t=\"inlineStr\"><is><r><t>in</t></r><r><t>line</t></r>"
		"<rPh><t>X</t></rPh></is></c><c r=\"B4\" t=\"str\"><f>A1&amp;\"!\"</f><v>Name!</v></c>"
		"<c r=\"C4\" t=\"b\"><v>1</v></c><c r=\"D4\" t=\"b\"><v>0</v></c>"
		"<c r=\"E4\" t=\"e\"><v>#N/A</v></c><c r=\"F4\" t=\"d\"><v>2027-01-15T00:00:00</v></c>"
		"<c r=\"G4\"><f>1/0</f></c></row>"
		/* Sparse cells, and a row of empty styled cells (left out). */
		"<row r=\"6\"><c r=\"C6\" t=\"s\"><v>0</v></c></row>"
		"<row r=\"7\"><c r=\"A7\" s=\"1\"/><c r=\"B7\" s=\"2\"/></row>"
		/* No r attributes: the next row, the next column. */
		"<row><c t=\"s\"><v>0</v></c><c r=\"C8\" t=\"s\"><v>0</v></c><c><v>3</v></c></row>"
		"<row r=\"9\" spans=\"1:20\" hidden=\"1\"><c r=\"T9\"><v>20</v></c></row>"
		/* An inline string written in a <v>, as some writers do. */
		"<row r=\"10\"><c r=\"A10\" t=\"inlineStr\"><v>in v</v></c></row>";
	char path[128];

	(void)state;
	write_simple(path, sizeof path, "cells.xlsx", rows, styles, strings);
	expect_book(path, NULL,
	            "1: Name|rich text |two\r\nlines||<tag> & \xE2\x82\xAC\n"
	            "2: 46402|2027-01-15|EUR 1234.5|46402|2027-01-15 12:00:00|40%|12\n"
	            "4: inline|Name!|TRUE|FALSE|#N/A|2027-01-15T00:00:00\n"
	            "6: ||Name||\n"
	            "8: Name||Name|3|\n"
	            "9: |||||||||||||||||||20\n"
	            "10: in v||||\n");
}

static void
test_date1904(void **state)
{
	static const char book[] =
		"<workbook xmlns=\"" MAIN "\" xmlns:r=\"" RELS "\"><workbookPr date1904=\"true\"/><sheets>"
		"<sheet name=\"Data\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>";
	static const char rows[] =
		"<row r=\"1\"><c r=\"A1\" s=\"4\"><v>44940.25</v></c><c r=\"B1\" s=\"4\"><v>0</v></c></row>";
	char sheet[512], path[128];
	part parts[] = {
		{"[Content_Types].xml", content_types},
		{"_rels/.rels", package_rels},
		{"xl/workbook.xml", book},
		{"xl/_rels/workbook.xml.rels", one_sheet_rels},
		{"xl/worksheets/sheet1.xml", sheet},
		{"xl/styles.xml", styles},
		{NULL, NULL},
	};
	ovp_xlsx_reader *r;
	ovp_error err;

	(void)state;
	snprintf(sheet, sizeof sheet, "<worksheet xmlns=\"" MAIN "\"><sheetData>%s</sheetData></worksheet>",
	         rows);
	write_book(path, sizeof path, "1904.xlsx", parts);
	expect_book(path, NULL, "1: 2027-01-15 06:00:00|1904-01-01\n");
	assert_int_equal(ovp_xlsx_open(&r, path, NULL, &err), 0);
	assert_true(ovp_xlsx_get_info(r)->date1904);
	assert_string_equal(ovp_xlsx_get_info(r)->sheet, "Data");
	ovp_xlsx_close(r);
}

static void
test_sheets(void **state)
{
	static const char book[] =
		"<workbook xmlns=\"" MAIN "\" xmlns:r=\"" RELS "\"><sheets>"
		"<sheet name=\"Secret\" sheetId=\"1\" state=\"hidden\" r:id=\"rId1\"/>"
		"<sheet name=\"Chart1\" sheetId=\"2\" r:id=\"rId2\"/>"
		"<sheet name=\"Deals &amp; more\" sheetId=\"3\" r:id=\"rId3\"/>"
		"<sheet name=\"Gone\" sheetId=\"4\" r:id=\"rId9\"/>"
		"</sheets></workbook>";
	/* Targets relative to xl/, absolute, and climbing back into xl/. */
	static const char rels[] =
		"<Relationships xmlns=\"" PKG "\">"
		"<Relationship Id=\"rId1\" Type=\"" RELS "/worksheet\" Target=\"/xl/worksheets/a.xml\"/>"
		"<Relationship Id=\"rId2\" Type=\"" RELS "/chartsheet\" Target=\"chartsheets/c.xml\"/>"
		"<Relationship Id=\"rId3\" Type=\"" RELS "/worksheet\" "
		"Target=\"../xl/./worksheets/b.xml\"/>"
		"</Relationships>";
	static const char a[] = "<worksheet xmlns=\"" MAIN "\"><sheetData><row r=\"1\">"
	                        "<c r=\"A1\" t=\"inlineStr\"><is><t>hidden</t></is></c>"
	                        "</row></sheetData></worksheet>";
	/* A prefixed namespace, as some writers have it. */
	static const char b[] = "<x:worksheet xmlns:x=\"" MAIN "\"><x:sheetData><x:row r=\"1\">"
	                        "<x:c r=\"A1\" t=\"inlineStr\"><x:is><x:t>visible</x:t></x:is></x:c>"
	                        "</x:row></x:sheetData></x:worksheet>";
	static const char c[] = "<chartsheet/>";
	part parts[] = {
		{"[Content_Types].xml", content_types},
		{"_rels/.rels", package_rels},
		{"xl/workbook.xml", book},
		{"xl/_rels/workbook.xml.rels", rels},
		{"xl/worksheets/a.xml", a},
		{"xl/worksheets/b.xml", b},
		{"xl/chartsheets/c.xml", c},
		{NULL, NULL},
	};
	char path[128];
	ovp_xlsx_reader *r;
	ovp_error err;

	(void)state;
	write_book(path, sizeof path, "sheets.xlsx", parts);
	/* The first visible worksheet, past a hidden sheet and a chart. */
	expect_book(path, NULL, "1: visible\n");
	assert_int_equal(ovp_xlsx_open(&r, path, NULL, &err), 0);
	assert_string_equal(ovp_xlsx_get_info(r)->sheet, "Deals & more");
	assert_int_equal(ovp_xlsx_get_info(r)->sheets, 2);
	ovp_xlsx_close(r);
	/* A hidden sheet by its name, case ignored. */
	expect_book(path, "SECRET", "1: hidden\n");
	expect_book_error(path, "Chart1", OVP_EINPUT, "sheet \"Chart1\" is a chart, not a table");
	expect_book_error(path, "Gone", OVP_EINPUT, "the part of sheet \"Gone\" is missing");
	expect_book_error(path, "Deals", OVP_EINPUT,
	                  "no sheet called \"Deals\" (sheets: \"Secret\" (hidden), \"Chart1\" (a chart), "
	                  "\"Deals & more\", \"Gone\" (missing))");
}

static void
test_strict(void **state)
{
	/* Strict OOXML: other namespaces, and no package relationships at all. */
	static const char book[] =
		"<workbook xmlns=\"http://purl.oclc.org/ooxml/spreadsheetml/main\" "
		"xmlns:r=\"http://purl.oclc.org/ooxml/officeDocument/relationships\"><sheets>"
		"<sheet name=\"S\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>";
	static const char rels[] =
		"<Relationships xmlns=\"" PKG "\"><Relationship Id=\"rId1\" "
		"Type=\"http://purl.oclc.org/ooxml/officeDocument/relationships/worksheet\" "
		"Target=\"sheet.xml\"/></Relationships>";
	static const char sheet[] =
		"<worksheet xmlns=\"http://purl.oclc.org/ooxml/spreadsheetml/main\"><sheetData>"
		"<row r=\"3\"><c r=\"B3\"><v>1.5</v></c></row></sheetData></worksheet>";
	part parts[] = {
		{"xl/workbook.xml", book},
		{"xl/_rels/workbook.xml.rels", rels},
		{"xl/sheet.xml", sheet},
		{NULL, NULL},
	};
	char path[128];

	(void)state;
	write_book(path, sizeof path, "strict.xlsx", parts);
	expect_book(path, NULL, "3: |1.5\n");
}

static void
test_merges(void **state)
{
	static const char rows[] =
		"<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>Report</t></is></c></row>"
		"<row r=\"2\"><c r=\"A2\" t=\"inlineStr\"><is><t>Id</t></is></c>"
		"<c r=\"B2\" t=\"inlineStr\"><is><t>Money</t></is></c></row>"
		"<row r=\"3\"><c r=\"B3\" t=\"inlineStr\"><is><t>Amount</t></is></c>"
		"<c r=\"C3\" t=\"inlineStr\"><is><t>Currency</t></is></c>"
		"<c r=\"D3\" t=\"inlineStr\"><is><t>Notes</t></is></c></row>"
		"<row r=\"4\"><c r=\"A4\" t=\"inlineStr\"><is><t>d1</t></is></c>"
		"<c r=\"B4\"><v>10</v></c><c r=\"C4\" t=\"inlineStr\"><is><t>USD</t></is></c>"
		"<c r=\"D4\" t=\"inlineStr\"><is><t>wide</t></is></c></row>"
		"<row r=\"5\"><c r=\"B5\"><v>20</v></c></row>";
	char sheet[4096], path[128];
	part parts[] = {
		{"_rels/.rels", package_rels},
		{"xl/workbook.xml", one_sheet},
		{"xl/_rels/workbook.xml.rels", one_sheet_rels},
		{"xl/worksheets/sheet1.xml", sheet},
		{NULL, NULL},
	};

	(void)state;
	/* A title band (A1:D1), a header over two rows (A2:A3 down, B2:C2 across),
	 * a value merged down (A4:A5) and one merged across (D4:E4), whose text
	 * stays in its first column. */
	snprintf(sheet, sizeof sheet,
	         "<worksheet xmlns=\"" MAIN "\"><sheetData>%s</sheetData><mergeCells count=\"5\">"
	         "<mergeCell ref=\"D4:E4\"/><mergeCell ref=\"A1:D1\"/><mergeCell ref=\"A2:A3\"/>"
	         "<mergeCell ref=\"B2:C2\"/><mergeCell ref=\"A4:A5\"/><mergeCell ref=\"Q9\"/>"
	         "<mergeCell ref=\"junk\"/></mergeCells></worksheet>",
	         rows);
	write_book(path, sizeof path, "merged.xlsx", parts);
	expect_book(path, NULL,
	            "3: Id|Amount|Currency|Notes\n"
	            "4: d1|10|USD|wide\n"
	            "5: d1|20||\n");
}

static void
test_big_cells(void **state)
{
	enum { BIG = 3 << 19 }; /* 1.5 MiB */
	char *sst, *inl, *text, path[128];
	size_t off;

	(void)state;
	text = malloc(BIG + 1);
	sst = malloc(BIG + 256);
	inl = malloc(BIG + 512);
	assert_non_null(text);
	assert_non_null(sst);
	assert_non_null(inl);
	/* Two-byte characters (U+00C0 to U+00FF, which do not compress much when
	 * mixed), so that a cut in the middle of one must step back. */
	text[0] = 'a';
	for (size_t i = 1, x = 7; i + 2 < BIG; i += 2) {
		x = (x * 1103515245 + 12345) & 0x7FFFFFFF;
		text[i] = (char)(0xC3);
		text[i + 1] = (char)(0x80 | ((x >> 16) & 0x3F));
	}
	text[BIG - 1] = 'z';
	text[BIG] = '\0';
	off = (size_t)sprintf(sst, "<sst xmlns=\"" MAIN "\"><si><t>");
	memcpy(sst + off, text, BIG);
	strcpy(sst + off + BIG, "</t></si><si><t>a_x0000_b</t></si></sst>");
	off = (size_t)sprintf(inl, "<row r=\"1\"><c t=\"s\"><v>0</v></c><c t=\"inlineStr\"><is><t>");
	memcpy(inl + off, text, BIG);
	strcpy(inl + off + BIG, "</t></is></c><c t=\"s\"><v>1</v></c></row>"
	                        "<row r=\"2\"><c t=\"s\"><v>0</v></c></row>");
	{
		static char sheet[BIG + 1024];
		part parts[] = {
			{"_rels/.rels", package_rels},
			{"xl/workbook.xml", one_sheet},
			{"xl/_rels/workbook.xml.rels", one_sheet_rels},
			{"xl/worksheets/sheet1.xml", sheet},
			{"xl/sharedStrings.xml", sst},
			{NULL, NULL},
		};
		ovp_xlsx_reader *r;
		ovp_csv_record rec;
		ovp_error err;
		transcript t = {NULL, 0, 0};
		ovp_xlsx_options opts = {NULL, on_problem, &t};

		snprintf(sheet, sizeof sheet, "<worksheet xmlns=\"" MAIN "\"><sheetData>%s</sheetData>"
		         "</worksheet>", inl);
		write_book(path, sizeof path, "big.xlsx", parts);
		tr_add(&t, "%s", "");
		if (ovp_xlsx_open(&r, path, &opts, &err) != 0)
			fail_msg("%s", err.message);
		assert_int_equal(ovp_xlsx_next(r, &rec, &err), 1);
		/* Cut to 1 MiB on a character boundary (one byte short of it: the
		 * character at the limit is not split), shared and inline alike. */
		assert_int_equal(rec.lens[0], OVP_CSV_MAX_CELL - 1);
		assert_int_equal(rec.lens[1], OVP_CSV_MAX_CELL - 1);
		assert_memory_equal(rec.cells[0], text, OVP_CSV_MAX_CELL - 1);
		assert_memory_equal(rec.cells[1], text, OVP_CSV_MAX_CELL - 1);
		assert_string_equal(rec.cells[2], "a" FFFD "b");
		assert_int_equal(ovp_xlsx_next(r, &rec, &err), 1);
		assert_int_equal(rec.lens[0], OVP_CSV_MAX_CELL - 1);
		assert_int_equal(ovp_xlsx_next(r, &rec, &err), 0);
		ovp_xlsx_close(r);
		assert_string_equal(t.s, "! cut 1 0\n! cut 1 1\n! nul 1 2\n! cut 2 0\n");
		free(t.s);
	}
	free(text);
	free(sst);
	free(inl);
}

static void
test_damaged(void **state)
{
	char path[128];

	(void)state;
	write_simple(path, sizeof path, "order.xlsx",
	             "<row r=\"3\"><c r=\"A3\"><v>1</v></c></row><row r=\"2\"><c r=\"A2\"><v>1</v></c></row>",
	             NULL, NULL);
	expect_book_error(path, NULL, OVP_EINPUT, "order.xlsx:2: damaged workbook: row 2 comes after row 3");
	write_simple(path, sizeof path, "cells.xlsx",
	             "<row r=\"1\"><c r=\"C1\"><v>1</v></c><c r=\"B1\"><v>1</v></c></row>", NULL, NULL);
	expect_book_error(path, NULL, OVP_EINPUT, "cells.xlsx:1: damaged workbook: cell B1 comes after");
	write_simple(path, sizeof path, "sst.xlsx", "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>7</v></c></row>",
	             NULL, "<sst xmlns=\"" MAIN "\"><si><t>x</t></si></sst>");
	expect_book_error(path, NULL, OVP_EINPUT, "cell A1 names shared string \"7\", and the workbook has 1");
	write_simple(path, sizeof path, "rownum.xlsx", "<row r=\"x1\"><c><v>1</v></c></row>", NULL, NULL);
	expect_book_error(path, NULL, OVP_EINPUT, "row number \"x1\" is not one");
	write_simple(path, sizeof path, "xml.xlsx", "<row r=\"1\"><c><v>1</v></row>", NULL, NULL);
	expect_book_error(path, NULL, OVP_EINPUT,
	                  "damaged workbook: xl/worksheets/sheet1.xml, line 1: mismatched tag");
	write_simple(path, sizeof path, "cols.xlsx", "<row r=\"1\"><c r=\"XFE1\"><v>1</v></c></row>", NULL,
	             NULL);
	expect_book_error(path, NULL, OVP_ELIMIT, "cols.xlsx:1: cell XFE1 is past the 16384 columns a row can have");
	write_simple(path, sizeof path, "cells.xlsx", "<row r=\"1\"><c r=\"1A\"><v>1</v></c></row>", NULL,
	             NULL);
	expect_book_error(path, NULL, OVP_EINPUT, "cells.xlsx:1: damaged workbook: cell reference \"1A\" is not one");
	{
		part parts[] = {
			{"xl/workbook.xml",
			 "<?xml version=\"1.0\"?><!DOCTYPE w [<!ENTITY e \"x\">]><workbook/>"},
			{NULL, NULL},
		};

		write_book(path, sizeof path, "dtd.xlsx", parts);
		expect_book_error(path, NULL, OVP_EINPUT,
		                  "xl/workbook.xml holds a document type declaration, which no workbook has");
	}
	{
		part parts[] = {{"content.xml", "<x/>"}, {"mimetype", "application/x"}, {NULL, NULL}};

		write_book(path, sizeof path, "sheet.ods", parts);
		expect_book_error(path, NULL, OVP_EINPUT, "an OpenDocument spreadsheet, not an Excel workbook");
	}
	{
		part parts[] = {{"xl/workbook.bin", "\x83\x01"}, {NULL, NULL}};

		write_book(path, sizeof path, "book.xlsb", parts);
		expect_book_error(path, NULL, OVP_EINPUT, "book.xlsb: an Excel binary workbook (.xlsb)");
	}
	{
		part parts[] = {{"xl/workbook.xml", "<workbook xmlns=\"" MAIN "\"/>"}, {NULL, NULL}};

		write_book(path, sizeof path, "empty.xlsx", parts);
		expect_book_error(path, NULL, OVP_EINPUT, "empty.xlsx: no visible worksheet (sheets: none)");
	}
}

/* A workbook given through the record source, from standard input. */
static void
test_source_stdin(void **state)
{
	char path[128];
	ovp_source *src;
	ovp_source_info info;
	ovp_csv_record rec;
	ovp_error err;
	FILE *in;
	char buf[16384];
	size_t n;
	int fds[2];

	(void)state;
	write_simple(path, sizeof path, "stdin.xlsx",
	             "<row r=\"2\"><c t=\"inlineStr\"><is><t>from a pipe</t></is></c></row>", NULL, NULL);
	/* Through a pipe, which cannot be seeked in: the workbook is spooled. */
	in = fopen(path, "rb");
	assert_non_null(in);
	n = fread(buf, 1, sizeof buf, in);
	assert_true(n > 0 && n < sizeof buf);
	fclose(in);
	assert_int_equal(pipe(fds), 0);
	assert_int_equal(write(fds[1], buf, n), (ssize_t)n);
	close(fds[1]);
	assert_int_equal(dup2(fds[0], STDIN_FILENO), STDIN_FILENO);
	close(fds[0]);
	assert_int_equal(ovp_source_open(&src, "-", NULL, &err), 0);
	assert_string_equal(ovp_source_path(src), "<stdin>");
	assert_int_equal(ovp_source_next(src, &rec, &err), 1);
	assert_int_equal(rec.line, 2);
	assert_string_equal(rec.cells[0], "from a pipe");
	assert_int_equal(ovp_source_next(src, &rec, &err), 0);
	ovp_source_get_info(src, &info);
	assert_int_equal(info.format, OVP_SOURCE_XLSX);
	assert_int_equal(info.records, 1);
	assert_string_equal(info.xlsx.sheet, "Data");
	ovp_source_close(src);
}

static int
setup_scratch(void **state)
{
	(void)state;
	snprintf(scratch, sizeof scratch, "/tmp/ovp-test-xlsx-XXXXXX");
	return scratch_mkdtemp(scratch) == NULL ? -1 : 0;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_refs),
		cmocka_unit_test(test_formats),
		cmocka_unit_test(test_builtin_formats),
		cmocka_unit_test(test_serials),
		cmocka_unit_test(test_numbers),
		cmocka_unit_test(test_unescape),
		cmocka_unit_test(test_cells),
		cmocka_unit_test(test_date1904),
		cmocka_unit_test(test_sheets),
		cmocka_unit_test(test_strict),
		cmocka_unit_test(test_merges),
		cmocka_unit_test(test_big_cells),
		cmocka_unit_test(test_damaged),
		cmocka_unit_test(test_source_stdin),
	};

	return cmocka_run_group_tests(tests, setup_scratch, scratch_teardown);
}
