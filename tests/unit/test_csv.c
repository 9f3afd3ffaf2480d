/*
 * Tests of the streaming CSV reader: encodings, delimiters, line ends,
 * quoting, line numbers, limits and errors, on the fixtures in
 * tests/data/csv/ and on large files written at run time.
 *
 * Most tests read a whole file into a transcript, one line per record
 * ("LINE: cell|cell|...", with CR, LF and | escaped) and one per problem
 * ("! kind LINE cell"), and compare it with the expected text.
 */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <zlib.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "scratch.h"
#include "src/csv.h"

#define DATA "data/csv/"
#define FFFD "\xEF\xBF\xBD"

/* A growing string. */
typedef struct sbuf {
	char *s;
	size_t len, cap;
} sbuf;

static void
sb_add(sbuf *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		b->cap = (b->len + n + 1) * 2;
		b->s = realloc(b->s, b->cap);
		assert_non_null(b->s);
	}
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

static void
sb_printf(sbuf *b, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 2, 3)))
#endif
	;

static void
sb_printf(sbuf *b, const char *fmt, ...)
{
	char tmp[256];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(tmp, sizeof tmp, fmt, ap);
	va_end(ap);
	assert_true(n >= 0 && (size_t)n < sizeof tmp);
	sb_add(b, tmp, (size_t)n);
}

/* The outcome of reading a file to its end (or to its first error). */
typedef struct result {
	sbuf text;          /* the transcript */
	int rc;             /* the failing code of open or next, or 0 at a clean end */
	ovp_error err;
	ovp_csv_info info;  /* as it was when reading stopped */
} result;

static const char *
kind_name(ovp_csv_problem_kind kind)
{
	switch (kind) {
	case OVP_CSV_INVALID_UTF8:
		return "utf8";
	case OVP_CSV_CELL_CUT:
		return "cut";
	case OVP_CSV_NUL_BYTE:
		return "nul";
	}
	return "?";
}

static void
on_problem(void *ctx, ovp_csv_problem_kind kind, long line, size_t cell)
{
	sb_printf(ctx, "! %s %ld %zu\n", kind_name(kind), line, cell);
}

static void
add_record(sbuf *b, const ovp_csv_record *rec)
{
	sb_printf(b, "%ld: ", rec->line);
	for (size_t i = 0; i < rec->ncells; i++) {
		/* Cells are C strings of the stated length. */
		assert_int_equal(strlen(rec->cells[i]), rec->lens[i]);
		if (i > 0)
			sb_add(b, "|", 1);
		for (const char *p = rec->cells[i]; *p != '\0'; p++) {
			if (*p == '\n')
				sb_add(b, "\\n", 2);
			else if (*p == '\r')
				sb_add(b, "\\r", 2);
			else if (*p == '|')
				sb_add(b, "\\|", 2);
			else
				sb_add(b, p, 1);
		}
	}
	sb_add(b, "\n", 1);
}

/* Read path with the given delimiter (0 to sniff) into res. */
static void
read_all(result *res, const char *path, char delimiter)
{
	ovp_csv_options opts = {delimiter, on_problem, &res->text};
	ovp_csv_reader *r = NULL;
	ovp_csv_record rec;
	int rc;

	memset(res, 0, sizeof *res);
	sb_add(&res->text, "", 0);
	rc = ovp_csv_open(&r, path, &opts, &res->err);
	if (rc != 0) {
		assert_null(r);
		res->rc = rc;
		return;
	}
	while ((rc = ovp_csv_next(r, &rec, &res->err)) == 1)
		add_record(&res->text, &rec);
	res->rc = rc;
	res->info = *ovp_csv_get_info(r);
	if (rc < 0) {
		/* The error sticks. */
		ovp_error again;
		assert_int_equal(ovp_csv_next(r, &rec, &again), rc);
		assert_string_equal(again.message, res->err.message);
	} else {
		/* So does the end. */
		assert_int_equal(ovp_csv_next(r, &rec, &res->err), 0);
	}
	ovp_csv_close(r);
}

static void
result_free(result *res)
{
	free(res->text.s);
}

/* Read path and compare the transcript; the end must be clean. */
static void
expect_records(const char *path, char delimiter, const char *expected)
{
	result res;

	read_all(&res, path, delimiter);
	assert_int_equal(res.rc, 0);
	assert_string_equal(res.text.s, expected);
	result_free(&res);
}

/* A scratch directory for files written at run time. */
static char scratch[64];

static int
make_scratch(void **state)
{
	(void)state;
	strcpy(scratch, "/tmp/ovp-test-csv-XXXXXX");
	return scratch_mkdtemp(scratch) != NULL ? 0 : -1;
}

/* Start writing scratch file name; returns its path in path. */
static FILE *
scratch_file(char *path, size_t cap, const char *name)
{
	FILE *f;

	snprintf(path, cap, "%s/%s", scratch, name);
	f = fopen(path, "wb");
	assert_non_null(f);
	return f;
}

static void
write_scratch(char *path, size_t cap, const char *name, const void *data, size_t len)
{
	FILE *f = scratch_file(path, cap, name);

	assert_int_equal(fwrite(data, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
}

/* ---- gzip ---------------------------------------------------------------- */

/* Compress len bytes at data as one gzip member into out (cap bytes); returns its size. */
static size_t
gzip_member(const void *data, size_t len, unsigned char *out, size_t cap)
{
	z_stream z;

	memset(&z, 0, sizeof z);
	assert_int_equal(deflateInit2(&z, 6, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY), Z_OK);
	z.next_in = (unsigned char *)(uintptr_t)data;
	z.avail_in = (uInt)len;
	z.next_out = out;
	z.avail_out = (uInt)cap;
	assert_int_equal(deflate(&z, Z_FINISH), Z_STREAM_END);
	deflateEnd(&z);
	return cap - z.avail_out;
}

static void
test_gzip(void **state)
{
	static const char one[] = "id,name\r\n1,\"a\nb\"\r\n";
	static const char two[] = "2,c\n";
	unsigned char gz[512];
	char path[128];
	size_t n;
	result res;

	(void)state;
	/* Found by its magic bytes, whatever the name. */
	expect_records(DATA "hello.csv.gz", 0, "1: hello\n");

	/* Two members one after the other (gzip a >> b): one file. */
	n = gzip_member(one, sizeof one - 1, gz, sizeof gz);
	n += gzip_member(two, sizeof two - 1, gz + n, sizeof gz - n);
	write_scratch(path, sizeof path, "two.csv", gz, n);
	read_all(&res, path, 0);
	assert_int_equal(res.rc, 0);
	assert_string_equal(res.text.s, "1: id|name\n2: 1|a\\nb\n4: 2|c\n");
	assert_int_equal(res.info.crlf, 2);
	assert_int_equal(res.info.bytes, sizeof one - 1 + sizeof two - 1);
	result_free(&res);

	/* Cut short: the end of the member is missing. */
	n = gzip_member(one, sizeof one - 1, gz, sizeof gz);
	write_scratch(path, sizeof path, "cut.csv.gz", gz, n - 6);
	read_all(&res, path, 0);
	assert_int_equal(res.rc, OVP_EINPUT);
	assert_true(strstr(res.err.message, "cut.csv.gz: gzip data cut short") != NULL);
	result_free(&res);

	/* Bytes after the last member that start no other one. */
	gz[n] = 'x';
	write_scratch(path, sizeof path, "tail.csv.gz", gz, n + 1);
	read_all(&res, path, 0);
	assert_int_equal(res.rc, OVP_EINPUT);
	assert_true(strstr(res.err.message, "data after the end of the gzip stream") != NULL);
	result_free(&res);

	/* Damaged data: a wrong checksum. */
	gz[n - 5] ^= 0xFF;
	write_scratch(path, sizeof path, "bad.csv.gz", gz, n);
	read_all(&res, path, 0);
	assert_int_equal(res.rc, OVP_EINPUT);
	assert_true(strstr(res.err.message, "bad.csv.gz: corrupt gzip data: incorrect data check") !=
	            NULL);
	result_free(&res);
}

/* A gzip'd file whose content runs across many chunks of the reader and of the inflater. */
static void
test_gzip_large(void **state)
{
	enum { ROWS = 60000 };
	char path[128], line[64];
	gzFile gz;
	ovp_csv_reader *r;
	ovp_csv_record rec;
	ovp_error err;
	long rows = 0;
	int rc;

	(void)state;
	snprintf(path, sizeof path, "%s/large.csv.gz", scratch);
	gz = gzopen(path, "wb");
	assert_non_null(gz);
	gzputs(gz, "id;name\n");
	for (int i = 0; i < ROWS; i++) {
		snprintf(line, sizeof line, "%d;row number %d\n", i, i);
		assert_true(gzputs(gz, line) > 0);
	}
	assert_int_equal(gzclose(gz), Z_OK);
	assert_int_equal(ovp_csv_open(&r, path, NULL, &err), 0);
	assert_int_equal(ovp_csv_get_info(r)->delimiter, ';');
	while ((rc = ovp_csv_next(r, &rec, &err)) == 1) {
		if (rows > 0) {
			snprintf(line, sizeof line, "row number %ld", rows - 1);
			assert_string_equal(rec.cells[1], line);
		}
		assert_int_equal(rec.line, rows + 1);
		rows++;
	}
	assert_int_equal(rc, 0);
	assert_int_equal(rows, ROWS + 1);
	ovp_csv_close(r);
}

/* ---- Quoting and line numbers ------------------------------------------- */

static void
test_quotes(void **state)
{
	(void)state;
	/* "" escapes, delimiters inside quotes, spaces kept as written, and
	 * stray quotes inside unquoted cells kept as text. */
	expect_records(DATA "quotes.csv", 0,
	               "1: name|quote|note\n"
	               "2: Acme, Inc.|He said \"yes\"|plain\n"
	               "3: |  spaced  |a\"b\n"
	               "4: O\"Brien|x\"y|z\n");
}

static void
test_embedded_newlines(void **state)
{
	result res;

	(void)state;
	read_all(&res, DATA "multiline.csv", 0);
	assert_int_equal(res.rc, 0);
	assert_string_equal(res.text.s,
	                    "1: id|description|owner\n"
	                    "2: 1|first line\\nsecond line|Ann\n"
	                    "4: 2|a\\nb\\nc|Bob\n"
	                    "7: 3|plain|Cid\n");
	/* Only the line ends outside quotes are counted. */
	assert_int_equal(res.info.lf, 4);
	assert_int_equal(res.info.crlf, 0);
	assert_int_equal(res.info.records, 4);
	assert_int_equal(res.info.bytes, 78);
	result_free(&res);
}

static void
test_crlf(void **state)
{
	result res;

	(void)state;
	read_all(&res, DATA "crlf.csv", 0);
	assert_int_equal(res.rc, 0);
	assert_string_equal(res.text.s,
	                    "1: id|name\n"
	                    "2: 1|a\\r\\nb\n"
	                    "4: 2|c\n");
	assert_int_equal(res.info.lf, 0);
	assert_int_equal(res.info.crlf, 3);
	result_free(&res);
}

static void
test_mixed_line_ends(void **state)
{
	result res;

	(void)state;
	/* LF, CRLF, a blank CRLF line, and no line end at the end. */
	read_all(&res, DATA "mixed_line_ends.csv", 0);
	assert_int_equal(res.rc, 0);
	assert_string_equal(res.text.s,
	                    "1: id|name\n"
	                    "2: 1|a\n"
	                    "4: 2|b\n"
	                    "5: 3|c\n");
	assert_int_equal(res.info.lf, 2);
	assert_int_equal(res.info.crlf, 2);
	assert_int_equal(res.info.records, 4);
	result_free(&res);
}

static void
test_lone_cr(void **state)
{
	result res;

	(void)state;
	/* Old Mac line ends: a lone CR ends a line, inside quotes too. */
	read_all(&res, DATA "lone_cr.csv", 0);
	assert_int_equal(res.rc, 0);
	assert_string_equal(res.text.s,
	                    "1: id|name\n"
	                    "2: 1|a\n"
	                    "3: 2|x\\ry\n"
	                    "5: 3|b\n");
	assert_int_equal(res.info.lf, 0);
	assert_int_equal(res.info.crlf, 0);
	result_free(&res);
}

static void
test_blank_lines(void **state)
{
	(void)state;
	expect_records(DATA "blank_lines.csv", 0,
	               "3: id|name\n"
	               "5: 1|a\n"
	               "8: 2|b\n");
}

static void
test_header_only(void **state)
{
	(void)state;
	expect_records(DATA "header_only.csv", 0, "1: id|name\n");
}

static void
test_empty(void **state)
{
	result res;

	(void)state;
	read_all(&res, DATA "empty.csv", 0);
	assert_int_equal(res.rc, 0);
	assert_string_equal(res.text.s, "");
	assert_int_equal(res.info.encoding, OVP_ENC_UTF8);
	assert_int_equal(res.info.delimiter, ',');
	assert_true(res.info.delimiter_sniffed);
	assert_int_equal(res.info.records, 0);
	assert_int_equal(res.info.bytes, 0);
	result_free(&res);

	expect_records(DATA "only_blank_lines.csv", 0, "");
}

/* ---- Encodings ----------------------------------------------------------- */

static void
test_utf8_bom(void **state)
{
	result res;

	(void)state;
	read_all(&res, DATA "bom.csv", 0);
	assert_int_equal(res.rc, 0);
	assert_string_equal(res.text.s, "1: name|amount\n2: Acme|100\n");
	assert_int_equal(res.info.encoding, OVP_ENC_UTF8_BOM);
	assert_int_equal(res.info.crlf, 2);
	result_free(&res);
}

static const char utf16_expected[] =
	"1: name|owner|note\n"
	"2: SSO, SAML|\xC3\x85sa M\xC3\xBCller|launch \xF0\x9F\x9A\x80\n";

static void
test_utf16(void **state)
{
	static const struct {
		const char *file;
		ovp_encoding enc;
	} cases[] = {
		{DATA "utf16le_bom.csv", OVP_ENC_UTF16LE},
		{DATA "utf16be_bom.csv", OVP_ENC_UTF16BE},
		{DATA "utf16le_nobom.csv", OVP_ENC_UTF16LE},
	};

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		result res;

		read_all(&res, cases[i].file, 0);
		assert_int_equal(res.rc, 0);
		assert_string_equal(res.text.s, utf16_expected);
		assert_int_equal(res.info.encoding, cases[i].enc);
		assert_int_equal(res.info.delimiter, ',');
		assert_int_equal(res.info.crlf, 2);
		result_free(&res);
	}
}

static void
test_utf16be_without_bom(void **state)
{
	/* "id;Name\n1;Åsa\n" in UTF-16BE. */
	static const unsigned char be[] = {
		0, 'i', 0, 'd', 0, ';', 0, 'N', 0, 'a', 0, 'm', 0, 'e', 0, '\n',
		0, '1', 0, ';', 0x00, 0xC5, 0, 's', 0, 'a', 0, '\n',
	};
	char path[128];
	result res;

	(void)state;
	write_scratch(path, sizeof path, "be.csv", be, sizeof be);
	read_all(&res, path, 0);
	assert_int_equal(res.rc, 0);
	assert_int_equal(res.info.encoding, OVP_ENC_UTF16BE);
	assert_int_equal(res.info.delimiter, ';');
	assert_string_equal(res.text.s, "1: id|Name\n2: 1|\xC3\x85sa\n");
	assert_int_equal(res.info.bytes, sizeof be);
	result_free(&res);
}

static void
test_utf16_broken(void **state)
{
	/* UTF-16BE with BOM: "a", a high surrogate followed by "b", a lone low
	 * surrogate, "c", a line end, and a dangling odd byte at the end. */
	static const unsigned char be[] = {
		0xFE, 0xFF, 0x00, 'a', 0xD8, 0x3D, 0x00, 'b', 0xDE, 0x00, 0x00, 'c',
		0x00, '\n', 0x00, 'x', 0x00,
	};
	/* UTF-16LE with BOM ending in an unpaired high surrogate. */
	static const unsigned char le[] = {0xFF, 0xFE, 'z', 0x00, 0x3D, 0xD8};
	char path[128];
	result res;

	(void)state;
	write_scratch(path, sizeof path, "broken16be.csv", be, sizeof be);
	/* Replaced as a UTF-8 file's bad bytes are, and reported the same way. */
	expect_records(path, 0, "! utf8 1 0\n1: a" FFFD "b" FFFD "c\n! utf8 2 0\n2: x" FFFD "\n");
	write_scratch(path, sizeof path, "broken16le.csv", le, sizeof le);
	read_all(&res, path, 0);
	assert_int_equal(res.rc, 0);
	assert_string_equal(res.text.s, "! utf8 1 0\n1: z" FFFD "\n");
	assert_int_equal(res.info.encoding, OVP_ENC_UTF16LE);
	result_free(&res);
}

static void
test_utf16_across_chunks(void **state)
{
	/* Enough rows that some surrogate pairs and CRLFs straddle the reads. */
	char path[128];
	FILE *f = scratch_file(path, sizeof path, "long16.csv");
	ovp_csv_reader *r;
	ovp_csv_record rec;
	ovp_error err;
	long rows = 0;
	int rc;

	(void)state;
	fputc(0xFF, f);
	fputc(0xFE, f);
	for (int i = 0; i < 20000; i++) {
		char line[64];
		int n = snprintf(line, sizeof line, "%d,x\r\n", i);
		for (int k = 0; k < n; k++) {
			if (line[k] == 'x') {
				/* U+1F600 as a surrogate pair, then "ä" */
				static const unsigned char pair[] = {0x3D, 0xD8, 0x00, 0xDE, 0xE4, 0x00};
				fwrite(pair, 1, sizeof pair, f);
			} else {
				fputc(line[k], f);
				fputc(0, f);
			}
		}
	}
	assert_int_equal(fclose(f), 0);

	assert_int_equal(ovp_csv_open(&r, path, NULL, &err), 0);
	while ((rc = ovp_csv_next(r, &rec, &err)) == 1) {
		char want[32];
		snprintf(want, sizeof want, "%ld", rows);
		assert_int_equal(rec.line, rows + 1);
		assert_int_equal(rec.ncells, 2);
		assert_string_equal(rec.cells[0], want);
		assert_string_equal(rec.cells[1], "\xF0\x9F\x98\x80\xC3\xA4");
		rows++;
	}
	assert_int_equal(rc, 0);
	assert_int_equal(rows, 20000);
	assert_int_equal(ovp_csv_get_info(r)->crlf, 20000);
	ovp_csv_close(r);
}

static void
test_utf16_long_cell(void **state)
{
	/* Decoded UTF-16 grows (2 bytes become 3), so a cell that starts in
	 * the first read is already moved out of libcsv while the records
	 * before it wait to be handed out. */
	static const char head[] = "h\n1,ok\n2,\"";
	char path[128];
	FILE *f = scratch_file(path, sizeof path, "long16cell.csv");
	ovp_csv_reader *r;
	ovp_csv_record rec;
	ovp_error err;

	(void)state;
	fputc(0xFF, f);
	fputc(0xFE, f);
	for (const char *p = head; *p != '\0'; p++) {
		fputc(*p, f);
		fputc(0, f);
	}
	for (int i = 0; i < 60000; i++) {
		fputc(0x2D, f);
		fputc(0x4E, f);
	}
	fwrite("\"\0\n\0" "3\0", 1, 6, f);
	assert_int_equal(fclose(f), 0);

	assert_int_equal(ovp_csv_open(&r, path, NULL, &err), 0);
	assert_int_equal(ovp_csv_next(r, &rec, &err), 1);
	assert_string_equal(rec.cells[0], "h");
	assert_int_equal(ovp_csv_next(r, &rec, &err), 1);
	assert_string_equal(rec.cells[1], "ok");
	assert_int_equal(ovp_csv_next(r, &rec, &err), 1);
	assert_int_equal(rec.line, 3);
	assert_string_equal(rec.cells[0], "2");
	assert_int_equal(rec.lens[1], 180000);
	for (size_t i = 0; i < 180000; i += 3)
		assert_memory_equal(rec.cells[1] + i, "\xE4\xB8\xAD", 3);
	assert_int_equal(ovp_csv_next(r, &rec, &err), 1);
	assert_int_equal(rec.line, 4);
	assert_string_equal(rec.cells[0], "3");
	assert_int_equal(ovp_csv_next(r, &rec, &err), 0);
	ovp_csv_close(r);
}

static void
test_invalid_utf8(void **state)
{
	(void)state;
	/* Each ill-formed sequence becomes one U+FFFD (maximal subparts);
	 * each cell is reported once, before its record is handed out. */
	expect_records(DATA "invalid_utf8.csv", 0,
	               "1: name|note\n"
	               "! utf8 2 0\n"
	               "! utf8 2 1\n"
	               "2: caf" FFFD "|ok" FFFD FFFD "bad\n"
	               "3: good|fine \xE2\x82\xAC\n"
	               "! utf8 4 0\n"
	               "! utf8 4 1\n"
	               "4: " FFFD "(x|" FFFD "\n"
	               "! utf8 5 0\n"
	               "! utf8 5 1\n"
	               "5: " FFFD FFFD "|" FFFD FFFD FFFD "|\xF0\x9F\x98\x80\n");
}

static void
test_problem_across_reads(void **state)
{
	/* The problem of a record that began in an earlier read is still
	 * reported, with that record, at its line. */
	char path[128];
	FILE *f = scratch_file(path, sizeof path, "late.csv");
	sbuf probs = {0};
	ovp_csv_options opts = {0, on_problem, &probs};
	ovp_csv_reader *r;
	ovp_csv_record rec;
	ovp_error err;

	(void)state;
	fputs("id,text\n1,ok\n\xFF,\"", f);
	for (int i = 0; i < 200000; i++)
		fputc('w', f);
	fputs("\"\n3,", f);
	fputc(0, f);
	fputs("\n", f);
	assert_int_equal(fclose(f), 0);

	assert_int_equal(ovp_csv_open(&r, path, &opts, &err), 0);
	assert_int_equal(ovp_csv_next(r, &rec, &err), 1);
	assert_int_equal(ovp_csv_next(r, &rec, &err), 1);
	assert_string_equal(rec.cells[1], "ok");
	assert_null(probs.s);
	assert_int_equal(ovp_csv_next(r, &rec, &err), 1);
	assert_int_equal(rec.line, 3);
	assert_string_equal(rec.cells[0], FFFD);
	assert_int_equal(rec.lens[1], 200000);
	assert_int_equal(strspn(rec.cells[1], "w"), 200000);
	assert_string_equal(probs.s, "! utf8 3 0\n");
	assert_int_equal(ovp_csv_next(r, &rec, &err), 1);
	assert_string_equal(probs.s, "! utf8 3 0\n! nul 4 1\n");
	assert_int_equal(ovp_csv_next(r, &rec, &err), 0);
	ovp_csv_close(r);
	free(probs.s);
}

/*
 * Cells of 1 to 40 bytes with one byte that is not printable ASCII at
 * each place: plain cells are copied in blocks of 4, 8 and 16 bytes, and
 * the byte must be found wherever it falls (an ill-formed 0xFF becomes
 * U+FFFD and is reported; an "é" or a tab is kept as it is, quietly).
 */
static void
test_special_byte_anywhere(void **state)
{
	static const char *const specials[] = {"\xFF", "\xC3\xA9", "\t"};
	char path[128];
	sbuf want = {0};
	result res;
	FILE *f = scratch_file(path, sizeof path, "anywhere.csv");
	long line = 1;

	(void)state;
	fputs("n,cell\n", f);
	sb_add(&want, "1: n|cell\n", strlen("1: n|cell\n"));
	for (size_t k = 0; k < sizeof specials / sizeof specials[0]; k++) {
		for (size_t len = 1; len <= 40; len++) {
			for (size_t at = 0; at < len; at++) {
				char plain[48];

				memset(plain, 'a' + (int)(len % 26), sizeof plain);
				line++;
				fprintf(f, "%zu,%.*s%s%.*s\n", len, (int)at, plain, specials[k],
				        (int)(len - at - 1), plain);
				if (k == 0)
					sb_printf(&want, "! utf8 %ld 1\n", line);
				sb_printf(&want, "%ld: %zu|%.*s%s%.*s\n", line, len, (int)at, plain,
				          k == 0 ? FFFD : specials[k], (int)(len - at - 1), plain);
			}
		}
	}
	assert_int_equal(fclose(f), 0);
	read_all(&res, path, 0);
	assert_int_equal(res.rc, 0);
	assert_string_equal(res.text.s, want.s);
	result_free(&res);
	free(want.s);
}

static void
test_nul_bytes(void **state)
{
	(void)state;
	expect_records(DATA "nul.csv", 0,
	               "1: id|name\n"
	               "! nul 2 1\n"
	               "2: 1|a" FFFD "b\n"
	               "! nul 3 1\n"
	               "3: 2|" FFFD FFFD "\n");
}

static void
test_binary(void **state)
{
	static const unsigned char elf[] = {0x7F, 'E', 'L', 'F', 2, 1, 1, 0, 0, 0, 0, 0, '\n'};
	static const unsigned char ctl[] = "\r\n\nid,na\x1bme\nx,y\n";
	unsigned char tail[64];
	char path[128], want[256];
	result res;

	(void)state;
	read_all(&res, DATA "binary.bin", 0);
	assert_int_equal(res.rc, OVP_EINPUT);
	assert_int_equal(res.err.code, OVP_EINPUT);
	assert_int_equal(res.err.line, 1);
	assert_string_equal(res.err.message,
	                    DATA "binary.bin:1: not a CSV file: binary data in the header line");
	result_free(&res);

	write_scratch(path, sizeof path, "elf", elf, sizeof elf);
	read_all(&res, path, 0);
	assert_int_equal(res.rc, OVP_EINPUT);
	result_free(&res);

	/* A C0 control in the header; the header is on line 3. */
	write_scratch(path, sizeof path, "ctl.csv", ctl, sizeof ctl - 1);
	read_all(&res, path, 0);
	assert_int_equal(res.rc, OVP_EINPUT);
	assert_int_equal(res.err.line, 3);
	result_free(&res);

	/* Binary data after a header that looks like text is reported at the
	 * line where it starts: after a CRLF, a quoted line end and a lone CR. */
	memcpy(tail, "id,name\r\n\"x\ny\",z\r", 18);
	for (size_t i = 18; i < sizeof tail; i++)
		tail[i] = (unsigned char)(1 + i % 8);
	write_scratch(path, sizeof path, "tail.csv", tail, sizeof tail);
	read_all(&res, path, 0);
	assert_int_equal(res.rc, OVP_EINPUT);
	assert_int_equal(res.err.line, 4);
	snprintf(want, sizeof want, "%s:4: not a CSV file: binary data after the header line", path);
	assert_string_equal(res.err.message, want);
	result_free(&res);
}

/* ---- Delimiters ---------------------------------------------------------- */

static void
test_sniff_semicolon(void **state)
{
	result res;

	(void)state;
	/* The header has more commas than semicolons, but they are quoted. */
	read_all(&res, DATA "semicolon.csv", 0);
	assert_int_equal(res.rc, 0);
	assert_string_equal(res.text.s,
	                    "1: Name|Amount|a,b,c,d\n"
	                    "2: Acme; Inc|1.000,50|x, y\n");
	assert_int_equal(res.info.delimiter, ';');
	assert_true(res.info.delimiter_sniffed);
	result_free(&res);
}

static void
test_sniff_stray_quote(void **state)
{
	result res;

	(void)state;
	/* A quote inside a cell opens nothing: three semicolons, one comma. */
	read_all(&res, DATA "stray_quote.csv", 0);
	assert_int_equal(res.rc, 0);
	assert_int_equal(res.info.delimiter, ';');
	assert_string_equal(res.text.s,
	                    "1: Width, in\"|Height|Depth|Notes\n"
	                    "2: 10|20|30|\n");
	result_free(&res);
}

static void
test_sniff_tab(void **state)
{
	result res;

	(void)state;
	read_all(&res, DATA "tab.tsv", 0);
	assert_int_equal(res.rc, 0);
	assert_string_equal(res.text.s,
	                    "1: Title|Status|a,b,c;d;e\n"
	                    "2: SSO|Planned|tab\there\n");
	assert_int_equal(res.info.delimiter, '\t');
	assert_true(res.info.delimiter_sniffed);
	result_free(&res);
}

static void
test_sniff_ties(void **state)
{
	char path[128];
	result res;

	(void)state;
	/* One comma and one semicolon: the comma wins a tie. */
	read_all(&res, DATA "override.csv", 0);
	assert_int_equal(res.info.delimiter, ',');
	assert_string_equal(res.text.s, "1: a|b;c\n2: 1|2;3\n");
	result_free(&res);

	/* Semicolon beats tab on a tie. */
	write_scratch(path, sizeof path, "tie.csv", "a;b\tc\n", 6);
	read_all(&res, path, 0);
	assert_int_equal(res.info.delimiter, ';');
	result_free(&res);

	/* No delimiter at all: comma. */
	write_scratch(path, sizeof path, "one.csv", "\"a;b\"\n1\n", 8);
	read_all(&res, path, 0);
	assert_int_equal(res.info.delimiter, ',');
	assert_string_equal(res.text.s, "1: a;b\n2: 1\n");
	result_free(&res);
}

static void
test_override_delimiter(void **state)
{
	result res;

	(void)state;
	read_all(&res, DATA "override.csv", ';');
	assert_int_equal(res.rc, 0);
	assert_string_equal(res.text.s, "1: a,b|c\n2: 1,2|3\n");
	assert_int_equal(res.info.delimiter, ';');
	assert_false(res.info.delimiter_sniffed);
	result_free(&res);

	read_all(&res, DATA "override.csv", '"');
	assert_int_equal(res.rc, OVP_EUSAGE);
	result_free(&res);
}

/* ---- Limits --------------------------------------------------------------- */

/*
 * Records stay whole while the arena under them grows: the records of a
 * chunk are queued before the first is handed out, and the arena grows
 * under them again and again, the quick way (ASCII cells) and the long
 * way (cells with other characters, a cell longer than the room left).
 * Then it grows under cells moved out of libcsv a chunk at a time, with
 * the closed cells of their record before them: a growth that copied
 * less than the closed cells with their NULs and the open cell's bytes
 * so far would show in the transcript (the new room holds no zeros by
 * chance: see main()).
 */
static void
test_cells_while_arena_grows(void **state)
{
	static const size_t longs[] = {5 * OVP_CSV_CHUNK, 14 * OVP_CSV_CHUNK};
	char path[128];
	FILE *f = scratch_file(path, sizeof path, "grow.csv");
	sbuf want = {0};

	(void)state;
	fputs("n,text,long\n", f);
	sb_printf(&want, "1: n|text|long\n");
	for (unsigned i = 0; i < 9000; i++) {
		const char *text = i % 3 == 0 ? "\xC3\xA9t\xC3\xA9" : "row";
		const char *fill = i % 2000 == 999 ? "\xE2\x82\xAC" : "y";

		fprintf(f, "%u,%s %u,", i, text, i);
		sb_printf(&want, "%u: %u|%s %u|", i + 2, i, text, i);
		for (unsigned k = 0; i % 1000 == 999 && k < 5000; k++) {
			fputs(fill, f);
			sb_add(&want, fill, strlen(fill));
		}
		fputs("\n", f);
		sb_add(&want, "\n", 1);
	}
	for (unsigned i = 0; i < 2; i++) {
		fprintf(f, "%u,before %u,\"", 9000 + i, i);
		sb_printf(&want, "%u: %u|before %u|", 9002 + i, 9000 + i, i);
		for (size_t k = 0; k < longs[i]; k += 8) {
			const char *eight = k % 4096 == 0 ? "\xC3\xA9,x\"\"yz" : "abcdefgh";
			const char *shown = k % 4096 == 0 ? "\xC3\xA9,x\"yz" : "abcdefgh";

			fputs(eight, f);
			sb_add(&want, shown, strlen(shown));
		}
		fputs("\"\n", f);
		sb_add(&want, "\n", 1);
	}
	fputs("9002,after,end\n", f);
	sb_printf(&want, "9004: 9002|after|end\n");
	assert_int_equal(fclose(f), 0);
	expect_records(path, 0, want.s);
	free(want.s);
}

static void
test_long_cell(void **state)
{
	/* A quoted cell of "a" and 2 MiB of "é" with line ends inside, both in
	 * the part that is kept and in the part that is cut; and an unquoted
	 * ASCII cell of 2 MiB. */
	const size_t n2 = (size_t)1 << 20;
	char path[128];
	FILE *f = scratch_file(path, sizeof path, "long.csv");
	ovp_csv_reader *r;
	ovp_csv_record rec;
	ovp_error err;
	sbuf probs = {0};
	ovp_csv_options opts = {0, on_problem, &probs};

	(void)state;
	fputs("id,text,after\n1,\"a", f);
	for (size_t i = 0; i < n2; i++) {
		if (i == 1000)
			fputs("\r\n", f);
		else if (i == 800000 || i == 900000)
			fputs("\n", f);
		else
			fputs("\xC3\xA9", f);
	}
	fputs("\",tail\n2,", f);
	for (size_t i = 0; i < 2 * n2; i++)
		fputc('x', f);
	fputs(",end\r\n3,next,row\n", f);
	assert_int_equal(fclose(f), 0);

	assert_int_equal(ovp_csv_open(&r, path, &opts, &err), 0);
	assert_int_equal(ovp_csv_next(r, &rec, &err), 1);
	assert_int_equal(rec.line, 1);

	assert_int_equal(ovp_csv_next(r, &rec, &err), 1);
	assert_int_equal(rec.line, 2);
	assert_int_equal(rec.ncells, 3);
	/* 1 + 2k bytes, cut at a character boundary: 1 MiB - 1. */
	assert_int_equal(rec.lens[1], OVP_CSV_MAX_CELL - 1);
	assert_int_equal(strlen(rec.cells[1]), OVP_CSV_MAX_CELL - 1);
	assert_memory_equal(rec.cells[1], "a\xC3\xA9", 3);
	assert_memory_equal(rec.cells[1] + 1 + 2 * 1000, "\r\n", 2);
	assert_memory_equal(rec.cells[1] + OVP_CSV_MAX_CELL - 3, "\xC3\xA9", 2);
	assert_string_equal(rec.cells[2], "tail");
	assert_string_equal(probs.s, "! cut 2 1\n");

	/* The cell held three line ends, two of them in the part cut off. */
	assert_int_equal(ovp_csv_next(r, &rec, &err), 1);
	assert_int_equal(rec.line, 6);
	assert_int_equal(rec.ncells, 3);
	assert_int_equal(rec.lens[1], OVP_CSV_MAX_CELL);
	assert_string_equal(rec.cells[2], "end");
	assert_string_equal(probs.s, "! cut 2 1\n! cut 6 1\n");

	assert_int_equal(ovp_csv_next(r, &rec, &err), 1);
	assert_int_equal(rec.line, 7);
	assert_string_equal(rec.cells[0], "3");
	assert_string_equal(rec.cells[2], "row");
	assert_int_equal(ovp_csv_next(r, &rec, &err), 0);
	assert_int_equal(ovp_csv_get_info(r)->lf, 3);
	assert_int_equal(ovp_csv_get_info(r)->crlf, 1);
	ovp_csv_close(r);
	free(probs.s);
}

static void
test_long_cell_mixed(void **state)
{
	/* A quoted 3 MiB cell of 1- to 4-byte characters and CRLFs in a
	 * 13-byte cycle, so that the places where the reader moves the cell
	 * out of libcsv fall everywhere within characters and line ends. */
	static const char *const cycle[] = {"a", "\xC3\xA9", "\xE2\x82\xAC", "\xF0\x9F\x98\x80",
	                                    "\r\n", "b"};
	const size_t ncycle = sizeof cycle / sizeof cycle[0];
	size_t cap = (size_t)3 << 20, len = 0, kept = 0;
	long crlfs = 0;
	char *cell = malloc(cap + 16);
	char path[128];
	FILE *f;
	ovp_csv_reader *r;
	ovp_csv_record rec;
	ovp_error err;
	sbuf probs = {0};
	ovp_csv_options opts = {0, on_problem, &probs};

	(void)state;
	assert_non_null(cell);
	for (size_t i = 0; len < cap; i++) {
		const char *c = cycle[i % ncycle];
		size_t n = strlen(c);
		memcpy(cell + len, c, n);
		len += n;
		/* A CRLF is two characters, both ASCII: cut anywhere. */
		if (n == 2 && c[0] == '\r')
			crlfs++;
		if (len <= OVP_CSV_MAX_CELL)
			kept = len;
		else if (n == 2 && c[0] == '\r' && len - 1 == OVP_CSV_MAX_CELL)
			kept = len - 1;
	}
	f = scratch_file(path, sizeof path, "mixed.csv");
	fputs("id,text\n1,\"", f);
	fwrite(cell, 1, len, f);
	fputs("\"\r\n2,after\r\n", f);
	assert_int_equal(fclose(f), 0);

	assert_int_equal(ovp_csv_open(&r, path, &opts, &err), 0);
	assert_int_equal(ovp_csv_next(r, &rec, &err), 1);
	assert_int_equal(ovp_csv_next(r, &rec, &err), 1);
	assert_int_equal(rec.line, 2);
	assert_int_equal(rec.lens[1], kept);
	assert_memory_equal(rec.cells[1], cell, kept);
	assert_string_equal(probs.s, "! cut 2 1\n");
	assert_int_equal(ovp_csv_next(r, &rec, &err), 1);
	assert_int_equal(rec.line, 3 + crlfs);
	assert_string_equal(rec.cells[1], "after");
	assert_int_equal(ovp_csv_next(r, &rec, &err), 0);
	assert_int_equal(ovp_csv_get_info(r)->crlf, 2);
	ovp_csv_close(r);
	free(probs.s);
	free(cell);
}

static void
test_quote_at_read_boundary(void **state)
{
	/* A cell long enough to be moved out of libcsv whose closing quote is
	 * the last byte of the second read: the quote must not end up in the
	 * cell. */
	const size_t chunk = OVP_CSV_CHUNK;
	const char head[] = "id,text\n1,\"";
	size_t n = 2 * chunk - 1 - (sizeof head - 1);
	char path[128];
	FILE *f = scratch_file(path, sizeof path, "boundary.csv");
	ovp_csv_reader *r;
	ovp_csv_record rec;
	ovp_error err;

	(void)state;
	fputs(head, f);
	for (size_t i = 0; i < n; i++)
		fputc('q', f);
	fputs("\",z\n", f);
	assert_int_equal(fclose(f), 0);

	assert_int_equal(ovp_csv_open(&r, path, NULL, &err), 0);
	assert_int_equal(ovp_csv_next(r, &rec, &err), 1);
	assert_int_equal(ovp_csv_next(r, &rec, &err), 1);
	assert_int_equal(rec.ncells, 3);
	assert_int_equal(rec.lens[1], n);
	assert_int_equal(rec.cells[1][n - 1], 'q');
	assert_string_equal(rec.cells[2], "z");
	assert_int_equal(ovp_csv_next(r, &rec, &err), 0);
	ovp_csv_close(r);
}

/* The record whose every byte a read boundary falls on in turn, in UTF-8. */
static const char straddler[] = "2,\"a \"\"q\"\" \xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80\r\nline 2\",tail\r\n";

/* Append s as UTF-16LE code units to b. */
static void
sb_add_utf16le(sbuf *b, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	while (*p != '\0') {
		unsigned cp, n = *p < 0x80 ? 1 : *p < 0xE0 ? 2 : *p < 0xF0 ? 3 : 4;
		unsigned char u[4];

		cp = n == 1 ? *p : *p & (0x7F >> n);
		for (unsigned k = 1; k < n; k++)
			cp = cp << 6 | (p[k] & 0x3F);
		p += n;
		if (cp >= 0x10000) {
			unsigned hi = 0xD800 + ((cp - 0x10000) >> 10), lo = 0xDC00 + ((cp - 0x10000) & 0x3FF);
			u[0] = (unsigned char)hi, u[1] = (unsigned char)(hi >> 8);
			u[2] = (unsigned char)lo, u[3] = (unsigned char)(lo >> 8);
			sb_add(b, (const char *)u, 4);
		} else {
			u[0] = (unsigned char)cp, u[1] = (unsigned char)(cp >> 8);
			sb_add(b, (const char *)u, 2);
		}
	}
}

/*
 * The records do not depend on where the reads fall: a record with a
 * quoted cell holding an escaped quote, characters of two, three and four
 * bytes and a CRLF, ended by a CRLF, is moved one byte at a time across
 * the first read boundary (one code unit at a time in UTF-16), so that
 * the boundary falls inside the quoted cell, inside each character,
 * between CR and LF, and around the quotes.
 */
static void
test_read_boundary_sweep(void **state)
{
	const char head[] = "id,text,more\r\n";
	const char expected_tail[] = "3: 2|a \"q\" \xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80\\r\\nline 2|tail\n"
	                             "5: 3|last|row\n";

	(void)state;
	for (int utf16 = 0; utf16 < 2; utf16++) {
		size_t unit = utf16 ? 2 : 1;
		size_t before = sizeof head - 1 + strlen("1,,x\r\n");
		size_t width = utf16 ? 2 * 40 : sizeof straddler - 1;

		for (size_t shift = 0; shift <= width; shift += unit) {
			/* The straddler starts shift bytes before the boundary (after the BOM). */
			size_t pad = (OVP_CSV_CHUNK - shift - (utf16 ? 2 : 0)) / unit - before;
			sbuf text = {0}, file = {0}, want = {0};
			char path[128];
			char *filler = malloc(pad + 1);
			result res;

			assert_non_null(filler);
			memset(filler, 'p', pad);
			filler[pad] = '\0';
			sb_printf(&text, "%s1,", head);
			sb_add(&text, filler, pad);
			sb_printf(&text, ",x\r\n%s3,last,row\n", straddler);
			if (utf16) {
				sb_add(&file, "\xFF\xFE", 2);
				sb_add_utf16le(&file, text.s);
			} else {
				sb_add(&file, text.s, text.len);
			}
			write_scratch(path, sizeof path, "sweep.csv", file.s, file.len);
			read_all(&res, path, 0);
			assert_int_equal(res.rc, 0);
			sb_printf(&want, "1: id|text|more\n2: 1|");
			sb_add(&want, filler, pad);
			sb_printf(&want, "|x\n%s", expected_tail);
			/* Shown from the end of the filler ("1: id|text|more\n2: 1|" before it). */
			if (strcmp(res.text.s, want.s) != 0)
				fail_msg("%s, straddler %zu bytes before the boundary:\n%s",
				         utf16 ? "UTF-16LE" : "UTF-8", shift,
				         res.text.len > 21 + pad ? res.text.s + 21 + pad : res.text.s);
			assert_int_equal(res.info.crlf, 3);
			assert_int_equal(res.info.lf, 1);
			assert_int_equal(res.info.records, 4);
			result_free(&res);
			free(text.s);
			free(file.s);
			free(want.s);
			free(filler);
		}
	}
}

/*
 * A cell of exactly OVP_CSV_MAX_CELL bytes is kept whole, quoted or not
 * and of one-byte or two-byte characters; one byte more is cut to the
 * limit and reported.
 */
static void
test_cell_at_limit(void **state)
{
	const size_t max = OVP_CSV_MAX_CELL;
	char path[128];
	FILE *f = scratch_file(path, sizeof path, "limit.csv");
	ovp_csv_reader *r;
	ovp_csv_record rec;
	ovp_error err;
	sbuf probs = {0};
	ovp_csv_options opts = {0, on_problem, &probs};

	(void)state;
	fputs("id,text,after\n1,", f);
	for (size_t i = 0; i < max; i++)
		fputc('x', f);
	fputs(",a\n2,\"", f);
	for (size_t i = 0; i < max / 2; i++)
		fputs("\xC3\xA9", f);
	fputs("\",b\r\n3,", f);
	for (size_t i = 0; i < max + 1; i++)
		fputc('y', f);
	fputs(",c\n", f);
	assert_int_equal(fclose(f), 0);

	assert_int_equal(ovp_csv_open(&r, path, &opts, &err), 0);
	assert_int_equal(ovp_csv_next(r, &rec, &err), 1);
	assert_int_equal(ovp_csv_next(r, &rec, &err), 1);
	assert_int_equal(rec.line, 2);
	assert_int_equal(rec.lens[1], max);
	assert_int_equal(strlen(rec.cells[1]), max);
	assert_int_equal(rec.cells[1][max - 1], 'x');
	assert_string_equal(rec.cells[2], "a");
	assert_int_equal(ovp_csv_next(r, &rec, &err), 1);
	assert_int_equal(rec.line, 3);
	assert_int_equal(rec.lens[1], max);
	assert_memory_equal(rec.cells[1] + max - 2, "\xC3\xA9", 2);
	assert_string_equal(rec.cells[2], "b");
	assert_null(probs.s);
	assert_int_equal(ovp_csv_next(r, &rec, &err), 1);
	assert_int_equal(rec.line, 4);
	assert_int_equal(rec.lens[1], max);
	assert_int_equal(rec.cells[1][max - 1], 'y');
	assert_string_equal(rec.cells[2], "c");
	assert_string_equal(probs.s, "! cut 4 1\n");
	assert_int_equal(ovp_csv_next(r, &rec, &err), 0);
	ovp_csv_close(r);
	free(probs.s);
}

/* Write a file whose second line has ncols empty-ish cells. */
static void
write_wide(char *path, size_t cap, const char *name, size_t ncols)
{
	FILE *f = scratch_file(path, cap, name);

	fputs("id,name\n", f);
	for (size_t i = 0; i < ncols; i++)
		fputs(i == 0 ? "c" : ",c", f);
	fputs("\n", f);
	assert_int_equal(fclose(f), 0);
}

static void
test_too_many_columns(void **state)
{
	char path[128];
	ovp_csv_reader *r;
	ovp_csv_record rec;
	ovp_error err;

	(void)state;
	/* Cells past the limit are dropped and counted; the row is still read. */
	write_wide(path, sizeof path, "wide.csv", 20000);
	assert_int_equal(ovp_csv_open(&r, path, NULL, &err), 0);
	assert_int_equal(ovp_csv_next(r, &rec, &err), 1);
	assert_int_equal(rec.dropped, 0);
	assert_int_equal(ovp_csv_next(r, &rec, &err), 1);
	assert_int_equal(rec.line, 2);
	assert_int_equal(rec.ncells, OVP_CSV_MAX_CELLS);
	assert_string_equal(rec.cells[OVP_CSV_MAX_CELLS - 1], "c");
	assert_int_equal(rec.dropped, 20000 - OVP_CSV_MAX_CELLS);
	assert_int_equal(rec.dropped_text, 20000 - OVP_CSV_MAX_CELLS);
	assert_int_equal(ovp_csv_next(r, &rec, &err), 0);
	ovp_csv_close(r);

	/* Exactly the limit is fine. */
	write_wide(path, sizeof path, "wide_ok.csv", OVP_CSV_MAX_CELLS);
	assert_int_equal(ovp_csv_open(&r, path, NULL, &err), 0);
	assert_int_equal(ovp_csv_next(r, &rec, &err), 1);
	assert_int_equal(ovp_csv_next(r, &rec, &err), 1);
	assert_int_equal(rec.ncells, OVP_CSV_MAX_CELLS);
	assert_string_equal(rec.cells[OVP_CSV_MAX_CELLS - 1], "c");
	assert_int_equal(rec.dropped, 0);
	assert_int_equal(ovp_csv_next(r, &rec, &err), 0);
	ovp_csv_close(r);
}

/*
 * A row of 100,000 separators keeps its first OVP_CSV_MAX_CELLS cells and
 * counts the rest, the empty ones apart; line ends inside a dropped quoted
 * cell still count, so the next row has its line.
 */
static void
test_cells_past_limit_dropped(void **state)
{
	char path[128];
	FILE *f = scratch_file(path, sizeof path, "separators.csv");
	ovp_csv_reader *r;
	ovp_csv_record rec;
	ovp_error err;
	sbuf probs = {0};
	ovp_csv_options o = {0};

	(void)state;
	fputs("a,b\nx", f);
	for (int i = 0; i < 100000; i++)
		fputc(',', f);
	fputs("\ny", f);
	for (int i = 0; i < 99999; i++)
		fputc(',', f);
	/* A dropped cell longer than libcsv keeps before it is moved out. */
	fputs("\"z\n\xff", f);
	for (int i = 0; i < 200000; i++)
		fputc('w', f);
	fputs("\",q\nlast,row\n", f);
	assert_int_equal(fclose(f), 0);
	o.problem = on_problem;
	o.problem_ctx = &probs;
	assert_int_equal(ovp_csv_open(&r, path, &o, &err), 0);
	assert_int_equal(ovp_csv_next(r, &rec, &err), 1);
	assert_int_equal(ovp_csv_next(r, &rec, &err), 1);
	assert_int_equal(rec.line, 2);
	assert_int_equal(rec.ncells, OVP_CSV_MAX_CELLS);
	assert_string_equal(rec.cells[0], "x");
	assert_int_equal(rec.lens[OVP_CSV_MAX_CELLS - 1], 0);
	assert_int_equal(rec.dropped, 100001 - OVP_CSV_MAX_CELLS);
	assert_int_equal(rec.dropped_text, 0);
	assert_int_equal(ovp_csv_next(r, &rec, &err), 1);
	assert_int_equal(rec.line, 3);
	assert_int_equal(rec.ncells, OVP_CSV_MAX_CELLS);
	assert_string_equal(rec.cells[0], "y");
	assert_int_equal(rec.dropped, 100001 - OVP_CSV_MAX_CELLS);
	assert_int_equal(rec.dropped_text, 2);
	assert_int_equal(ovp_csv_next(r, &rec, &err), 1);
	assert_int_equal(rec.line, 5);
	assert_int_equal(rec.ncells, 2);
	assert_string_equal(rec.cells[0], "last");
	assert_int_equal(rec.dropped, 0);
	assert_int_equal(ovp_csv_next(r, &rec, &err), 0);
	/* The dropped cell's bad byte is not reported: the cell is not there. */
	assert_null(probs.s);
	ovp_csv_close(r);
}

/*
 * The column limit holds for each row of a chunk on its own: rows of
 * exactly the limit in a row, one of a few cells between, and one over
 * the limit after them, which alone has a cell dropped.
 */
static void
test_column_limit_per_row(void **state)
{
	char path[128];
	FILE *f = scratch_file(path, sizeof path, "wide_rows.csv");
	ovp_csv_reader *r;
	ovp_csv_record rec;
	ovp_error err;
	const size_t widths[] = {OVP_CSV_MAX_CELLS, 3, OVP_CSV_MAX_CELLS, OVP_CSV_MAX_CELLS + 1, 2};

	(void)state;
	fputs("id,name\n", f);
	for (size_t k = 0; k < sizeof widths / sizeof widths[0]; k++) {
		for (size_t i = 0; i < widths[k]; i++)
			fputs(i == 0 ? "c" : ",d", f);
		fputs("\n", f);
	}
	assert_int_equal(fclose(f), 0);
	assert_int_equal(ovp_csv_open(&r, path, NULL, &err), 0);
	assert_int_equal(ovp_csv_next(r, &rec, &err), 1);
	for (size_t k = 0; k < sizeof widths / sizeof widths[0]; k++) {
		size_t kept = widths[k] < OVP_CSV_MAX_CELLS ? widths[k] : OVP_CSV_MAX_CELLS;

		assert_int_equal(ovp_csv_next(r, &rec, &err), 1);
		assert_int_equal(rec.line, (long)k + 2);
		assert_int_equal(rec.ncells, kept);
		assert_int_equal(rec.dropped, widths[k] - kept);
		assert_int_equal(rec.dropped_text, widths[k] - kept);
		assert_string_equal(rec.cells[0], "c");
		assert_string_equal(rec.cells[kept - 1], "d");
	}
	assert_int_equal(ovp_csv_next(r, &rec, &err), 0);
	ovp_csv_close(r);
}

static void
test_record_too_long(void **state)
{
	/* 65 cells of 1 MiB each make a row over 64 MiB. */
	char path[128], want[256];
	FILE *f = scratch_file(path, sizeof path, "tall.csv");
	char *cell = malloc(OVP_CSV_MAX_CELL);
	ovp_csv_reader *r;
	ovp_csv_record rec;
	ovp_error err;

	(void)state;
	assert_non_null(cell);
	memset(cell, 'y', OVP_CSV_MAX_CELL);
	fputs("h\nok\n\n", f);
	for (int i = 0; i < 65; i++) {
		fputc(i == 0 ? '"' : ',', f);
		fwrite(cell, 1, OVP_CSV_MAX_CELL, f);
		if (i == 0)
			fputs("\n\"", f);
	}
	fputs("\n", f);
	assert_int_equal(fclose(f), 0);
	free(cell);

	assert_int_equal(ovp_csv_open(&r, path, NULL, &err), 0);
	assert_int_equal(ovp_csv_next(r, &rec, &err), 1);
	assert_int_equal(ovp_csv_next(r, &rec, &err), 1);
	assert_string_equal(rec.cells[0], "ok");
	assert_int_equal(ovp_csv_next(r, &rec, &err), OVP_ELIMIT);
	snprintf(want, sizeof want, "%s:4: row longer than 64 MiB (all cells together)", path);
	assert_string_equal(err.message, want);
	ovp_csv_close(r);
}

/* ---- Errors --------------------------------------------------------------- */

static void
test_unterminated_quote(void **state)
{
	result res;

	(void)state;
	/* The records before the broken one are still handed out. */
	read_all(&res, DATA "unterminated.csv", 0);
	assert_int_equal(res.rc, OVP_EINPUT);
	assert_string_equal(res.text.s, "1: id|note\n2: 1|fine\n");
	assert_int_equal(res.err.code, OVP_EINPUT);
	assert_int_equal(res.err.line, 3);
	assert_string_equal(res.err.message,
	                    DATA "unterminated.csv:3: unterminated quoted cell: "
	                    "the quote opened on this line is never closed");
	result_free(&res);
}

static void
test_missing_file(void **state)
{
	result res;

	(void)state;
	read_all(&res, DATA "no-such-file.csv", 0);
	assert_int_equal(res.rc, OVP_EIO);
	assert_int_equal(res.err.code, OVP_EIO);
	assert_int_equal(res.err.line, 0);
	assert_string_equal(res.err.message,
	                    DATA "no-such-file.csv: cannot open: No such file or directory");
	result_free(&res);
}

static void
test_directory(void **state)
{
	result res;

	(void)state;
	read_all(&res, "data/csv", 0);
	assert_int_equal(res.rc, OVP_EIO);
	assert_string_equal(res.err.message, "data/csv: is a directory, not a CSV file");
	result_free(&res);
}

static void
test_read_error(void **state)
{
	result res;

	(void)state;
	/* Reading /proc/self/mem at offset 0 fails with EIO on Linux. */
	if (access("/proc/self/mem", R_OK) != 0)
		skip();
	read_all(&res, "/proc/self/mem", 0);
	assert_int_equal(res.rc, OVP_EIO);
	assert_int_equal(res.err.line, 0);
	assert_string_equal(res.err.message, "/proc/self/mem: read error: Input/output error");
	result_free(&res);
}

static void
test_stdin(void **state)
{
	static const char data[] = "\xEF\xBB\xBFname;team\r\nSSO;\"Core; Auth\"\r\n";
	int fds[2], saved;
	ovp_csv_reader *r;
	ovp_csv_record rec;
	ovp_error err;

	(void)state;
	assert_int_equal(pipe(fds), 0);
	assert_int_equal(write(fds[1], data, sizeof data - 1), (ssize_t)(sizeof data - 1));
	close(fds[1]);
	saved = dup(STDIN_FILENO);
	assert_true(saved >= 0);
	assert_int_equal(dup2(fds[0], STDIN_FILENO), STDIN_FILENO);
	close(fds[0]);

	assert_int_equal(ovp_csv_open(&r, "-", NULL, &err), 0);
	assert_string_equal(ovp_csv_path(r), "<stdin>");
	assert_int_equal(ovp_csv_next(r, &rec, &err), 1);
	assert_string_equal(rec.cells[0], "name");
	assert_int_equal(ovp_csv_next(r, &rec, &err), 1);
	assert_int_equal(rec.line, 2);
	assert_string_equal(rec.cells[1], "Core; Auth");
	assert_int_equal(ovp_csv_next(r, &rec, &err), 0);
	assert_int_equal(ovp_csv_get_info(r)->encoding, OVP_ENC_UTF8_BOM);
	assert_int_equal(ovp_csv_get_info(r)->delimiter, ';');
	ovp_csv_close(r);

	/* Closing the reader leaves standard input open. */
	assert_int_equal(fcntl(STDIN_FILENO, F_GETFD), 0);
	assert_int_equal(dup2(saved, STDIN_FILENO), STDIN_FILENO);
	close(saved);

	/* Errors name standard input as such. */
	assert_int_equal(pipe(fds), 0);
	assert_int_equal(write(fds[1], "a,\"b\n", 5), 5);
	close(fds[1]);
	saved = dup(STDIN_FILENO);
	assert_int_equal(dup2(fds[0], STDIN_FILENO), STDIN_FILENO);
	close(fds[0]);
	assert_int_equal(ovp_csv_open(&r, "-", NULL, &err), 0);
	assert_int_equal(ovp_csv_next(r, &rec, &err), OVP_EINPUT);
	assert_string_equal(err.message, "<stdin>:1: unterminated quoted cell: "
	                                 "the quote opened on this line is never closed");
	ovp_csv_close(r);
	assert_int_equal(dup2(saved, STDIN_FILENO), STDIN_FILENO);
	close(saved);
}

static void
test_many_records(void **state)
{
	/* Many short records over many reads, with quoted line ends, a
	 * UTF-8 character and a CRLF that straddle read boundaries. */
	char path[128];
	FILE *f = scratch_file(path, sizeof path, "many.csv");
	ovp_csv_reader *r;
	ovp_csv_record rec;
	ovp_error err;
	long n = 0, line = 1;
	int rc;

	(void)state;
	for (int i = 0; i < 100000; i++) {
		if (i % 7 == 3)
			fprintf(f, "%d,\"two\nlines\",\xC3\xB8\r\n", i);
		else
			fprintf(f, "%d,one,\xC3\xB8\n", i);
	}
	assert_int_equal(fclose(f), 0);

	assert_int_equal(ovp_csv_open(&r, path, NULL, &err), 0);
	while ((rc = ovp_csv_next(r, &rec, &err)) == 1) {
		char want[32];
		snprintf(want, sizeof want, "%ld", n);
		assert_string_equal(rec.cells[0], want);
		assert_int_equal(rec.line, line);
		assert_string_equal(rec.cells[1], n % 7 == 3 ? "two\nlines" : "one");
		assert_string_equal(rec.cells[2], "\xC3\xB8");
		line += n % 7 == 3 ? 2 : 1;
		n++;
	}
	assert_int_equal(rc, 0);
	assert_int_equal(n, 100000);
	ovp_csv_close(r);
}

static void
test_names(void **state)
{
	(void)state;
	assert_string_equal(ovp_encoding_name(OVP_ENC_UTF8), "UTF-8");
	assert_string_equal(ovp_encoding_name(OVP_ENC_UTF8_BOM), "UTF-8 with BOM");
	assert_string_equal(ovp_encoding_name(OVP_ENC_UTF16LE), "UTF-16LE");
	assert_string_equal(ovp_encoding_name(OVP_ENC_UTF16BE), "UTF-16BE");
	ovp_csv_close(NULL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_quotes),
		cmocka_unit_test(test_embedded_newlines),
		cmocka_unit_test(test_crlf),
		cmocka_unit_test(test_mixed_line_ends),
		cmocka_unit_test(test_lone_cr),
		cmocka_unit_test(test_blank_lines),
		cmocka_unit_test(test_header_only),
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_utf8_bom),
		cmocka_unit_test(test_utf16),
		cmocka_unit_test(test_utf16be_without_bom),
		cmocka_unit_test(test_utf16_broken),
		cmocka_unit_test(test_utf16_across_chunks),
		cmocka_unit_test(test_utf16_long_cell),
		cmocka_unit_test(test_invalid_utf8),
		cmocka_unit_test(test_problem_across_reads),
		cmocka_unit_test(test_nul_bytes),
		cmocka_unit_test(test_special_byte_anywhere),
		cmocka_unit_test(test_binary),
		cmocka_unit_test(test_gzip),
		cmocka_unit_test(test_gzip_large),
		cmocka_unit_test(test_sniff_semicolon),
		cmocka_unit_test(test_sniff_stray_quote),
		cmocka_unit_test(test_sniff_tab),
		cmocka_unit_test(test_sniff_ties),
		cmocka_unit_test(test_override_delimiter),
		cmocka_unit_test(test_cells_while_arena_grows),
		cmocka_unit_test(test_long_cell),
		cmocka_unit_test(test_long_cell_mixed),
		cmocka_unit_test(test_quote_at_read_boundary),
		cmocka_unit_test(test_read_boundary_sweep),
		cmocka_unit_test(test_cell_at_limit),
		cmocka_unit_test(test_too_many_columns),
		cmocka_unit_test(test_cells_past_limit_dropped),
		cmocka_unit_test(test_column_limit_per_row),
		cmocka_unit_test(test_record_too_long),
		cmocka_unit_test(test_unterminated_quote),
		cmocka_unit_test(test_missing_file),
		cmocka_unit_test(test_directory),
		cmocka_unit_test(test_read_error),
		cmocka_unit_test(test_stdin),
		cmocka_unit_test(test_many_records),
		cmocka_unit_test(test_names),
	};

#ifdef __GLIBC__
	/*
	 * Memory from malloc() filled with a byte that is not 0: a fresh block
	 * is otherwise zeros, which pass for a NUL that the arena lost.
	 */
	mallopt(M_PERTURB, 0x5A);
#endif
	return cmocka_run_group_tests(tests, make_scratch, scratch_teardown);
}
