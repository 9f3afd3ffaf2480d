/*
 * Fuzz target: the workbook reader.  A workbook is a ZIP archive of XML
 * parts, and random bytes rarely make a ZIP archive that inflates, so
 * most inputs are parts: the input is split at its NUL bytes (which no
 * XML holds) into the sheet, the shared strings, the styles, the workbook
 * and the workbook's relationships, in that order; a part left out gets
 * a plain default, and the parts are written into an archive with
 * libzip.  An input that starts with "PK" is the archive itself, so that
 * the archive layer is searched too.  The file is read as a bare sheet
 * (the first visible one, then the one the workbook lists second, by
 * name), as deals and as a roadmap.
 *
 * Checked besides memory errors: every error names the file, every cell
 * is a C string of its stated length and every record has a cell, row
 * numbers only go up and stay within Excel's, problems name a cell of
 * their record.
 */
#include <string.h>

#include <zip.h>

#include <overpromise/deals.h>
#include <overpromise/roadmap.h>

#include "fuzz.h"
#include "src/xlsx.h"

#define MAIN "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
#define RELS "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

static const char *const part_names[] = {
	"xl/worksheets/sheet1.xml", "xl/sharedStrings.xml", "xl/styles.xml", "xl/workbook.xml",
	"xl/_rels/workbook.xml.rels",
};

static const char *const defaults[] = {
	"<worksheet xmlns=\"" MAIN "\"><sheetData><row r=\"1\"><c t=\"inlineStr\"><is><t>Name"
	"</t></is></c></row></sheetData></worksheet>",
	NULL,
	NULL,
	"<workbook xmlns=\"" MAIN "\" xmlns:r=\"" RELS "\"><sheets><sheet name=\"S\" sheetId=\"1\" "
	"r:id=\"rId1\"/><sheet name=\"T\" sheetId=\"2\" r:id=\"rId1\"/></sheets></workbook>",
	"<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
	"<Relationship Id=\"rId1\" Type=\"" RELS "/worksheet\" Target=\"worksheets/sheet1.xml\"/>"
	"<Relationship Id=\"rId2\" Type=\"" RELS "/sharedStrings\" Target=\"sharedStrings.xml\"/>"
	"<Relationship Id=\"rId3\" Type=\"" RELS "/styles\" Target=\"styles.xml\"/>"
	"</Relationships>",
};

static volatile size_t sink;

/* Write the archive of the parts in data into the fuzz file. */
static void
write_archive(const uint8_t *data, size_t size)
{
	zip_error_t ze;
	zip_source_t *src;
	zip_t *z;
	zip_stat_t st;
	size_t off = 0;
	char buf[4096];
	zip_int64_t n;

	zip_error_init(&ze);
	src = zip_source_buffer_create(NULL, 0, 0, &ze);
	FUZZ_CHECK(src != NULL);
	z = zip_open_from_source(src, ZIP_TRUNCATE, &ze);
	FUZZ_CHECK(z != NULL);
	zip_source_keep(src);
	for (size_t k = 0; k < sizeof part_names / sizeof part_names[0]; k++) {
		const char *text = defaults[k];
		size_t len = text != NULL ? strlen(text) : 0;
		zip_source_t *ps;

		if (off <= size) {
			const uint8_t *nul = memchr(data + off, 0, size - off);
			size_t end = nul != NULL ? (size_t)(nul - data) : size;

			if (end > off || nul != NULL) {
				text = (const char *)data + off;
				len = end - off;
			}
			off = end + 1;
		}
		if (text == NULL)
			continue;
		ps = zip_source_buffer(z, text, len, 0);
		FUZZ_CHECK(ps != NULL);
		FUZZ_CHECK(zip_file_add(z, part_names[k], ps, 0) >= 0);
	}
	FUZZ_CHECK(zip_close(z) == 0);
	FUZZ_CHECK(zip_source_stat(src, &st) == 0 && zip_source_open(src) == 0);
	while ((n = zip_source_read(src, buf, sizeof buf)) > 0)
		fuzz_file_append(buf, (size_t)n);
	zip_source_close(src);
	zip_source_free(src);
	zip_error_fini(&ze);
}

static void
check_error(const ovp_error *err, int rc, const char *path)
{
	FUZZ_CHECK(rc < 0 && err->code == rc);
	FUZZ_CHECK(strncmp(err->message, path, strlen(path)) == 0);
}

typedef struct seen {
	long line;
	size_t ncells;
	int problems;
} seen;

static void
on_problem(void *ctx, ovp_csv_problem_kind kind, long line, size_t cell)
{
	seen *s = ctx;

	FUZZ_CHECK(kind == OVP_CSV_CELL_CUT || kind == OVP_CSV_NUL_BYTE);
	FUZZ_CHECK(line >= 1 && line <= OVP_XLSX_MAX_ROWS);
	(void)cell;
	s->problems++;
}

static void
read_sheet(const char *path, const char *sheet)
{
	seen s = {0, 0, 0};
	ovp_xlsx_options opts = {sheet, on_problem, &s};
	ovp_xlsx_reader *r;
	ovp_csv_record rec;
	ovp_error err = {0};
	int rc = ovp_xlsx_open(&r, path, &opts, &err);

	if (rc < 0) {
		check_error(&err, rc, path);
		return;
	}
	FUZZ_CHECK(ovp_xlsx_get_info(r)->sheet != NULL);
	while ((rc = ovp_xlsx_next(r, &rec, &err)) == 1) {
		FUZZ_CHECK(rec.ncells >= 1 && rec.ncells <= OVP_CSV_MAX_CELLS);
		FUZZ_CHECK(rec.line > s.line && rec.line <= OVP_XLSX_MAX_ROWS);
		s.line = rec.line;
		for (size_t i = 0; i < rec.ncells; i++) {
			FUZZ_CHECK(strlen(rec.cells[i]) == rec.lens[i]);
			FUZZ_CHECK(rec.lens[i] <= OVP_CSV_MAX_CELL);
			sink += rec.lens[i];
		}
	}
	if (rc < 0)
		check_error(&err, rc, path);
	FUZZ_CHECK(ovp_xlsx_get_info(r)->records >= 1 || s.line == 0);
	ovp_xlsx_close(r);
}

static void
read_deals(const char *path)
{
	ovp_deals_reader *r;
	ovp_error err = {0};
	int rc = ovp_deals_open(&r, path, NULL, &err);

	if (rc < 0) {
		check_error(&err, rc, path);
		return;
	}
	for (;;) {
		const ovp_deal *d;

		rc = ovp_deals_next(r, &d, &err);
		if (rc < 0)
			check_error(&err, rc, path);
		if (rc <= 0)
			break;
		sink += strlen(d->name) + strlen(d->currency) + d->npromises;
	}
	ovp_deals_close(r);
}

static void
read_roadmap(const char *path, ovp_day as_of)
{
	ovp_roadmap *rm;
	ovp_error err = {0};
	int rc = ovp_roadmap_load(&rm, path, NULL, as_of, &err);

	if (rc < 0) {
		check_error(&err, rc, path);
		return;
	}
	for (size_t i = 0; i < rm->nitems; i++)
		FUZZ_CHECK(i == 0 || rm->items[i].line > rm->items[i - 1].line);
	FUZZ_CHECK(rm->nfiles == 1 && rm->files[0].sheet != NULL);
	ovp_roadmap_free(rm);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static ovp_day as_of = OVP_DAY_NONE;
	const char *path;

	if (as_of == OVP_DAY_NONE)
		as_of = ovp_day_from_ymd(2026, 11, 26);
	fuzz_file_begin();
	if (size >= 2 && data[0] == 'P' && data[1] == 'K')
		fuzz_file_append(data, size);
	else
		write_archive(data, size);
	path = fuzz_file_path();
	read_sheet(path, NULL);
	read_sheet(path, "t");
	read_deals(path);
	read_roadmap(path, as_of);
	return 0;
}
