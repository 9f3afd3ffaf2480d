/*
 * Streaming reader of one sheet of a workbook (see xlsx.h): the workbook
 * counterpart of the CSV reader, handing the table the same records.
 *
 * Opening reads the workbook's parts (xlsx_book.c), picks the sheet, and
 * makes a first pass over the sheet for its merged ranges, which the
 * format puts after the cells although they change how the first rows
 * read (a pass that only inflates and looks, unless the sheet has any).
 * Then the sheet is parsed a chunk at a time; the handlers collect
 * the cells of a row, and at the row's end the parser is suspended so
 * that ovp_xlsx_next() can hand the row out, dense from column A, as wide
 * as the header at least, so that a row that leaves its last cells out
 * is not a short row.  Parsing resumes on the next call.
 *
 * A cell's text is made once, when its end tag is seen: shared strings
 * are borrowed from the table of strings (not copied), other text is kept
 * in the row's buffer.  Rows must come in ascending order and cells in
 * ascending columns, as the format requires; a workbook that breaks that
 * is damaged, and saying so beats guessing which row a cell belongs to.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <expat.h>
#include <zip.h>

#include "reader_impl.h"
#include "util/grow.h"
#include "xlsx.h"
#include "xlsx_impl.h"

/* Text of one value taken from the XML before it is cut (room for escapes). */
#define VALUE_RAW_MAX (2 * OVP_CSV_MAX_CELL)
/* Most text held for merged ranges at once. */
#define MERGE_TEXT_MAX ((size_t)64 << 20)

/* The kinds of cell (the t attribute). */
typedef enum cell_type {
	CELL_NUMBER = 0, CELL_SHARED, CELL_INLINE, CELL_FORMULA_STR, CELL_BOOL, CELL_ERROR, CELL_DATE
} cell_type;

/* A cell of the row being read. */
typedef struct row_cell {
	long col;
	size_t off;          /* in the row's text, or the shared string's index */
	size_t len;
	bool shared;         /* the text is shared string `off` */
	unsigned char flags; /* OVP_XLSX_CUT, OVP_XLSX_NUL */
} row_cell;

/* A merged range of the sheet. */
typedef struct merge {
	long col1, row1, col2, row2;
	char *text;          /* the top-left cell's text, once its row has been read */
	size_t len;
	bool header;         /* it starts in the rows above the header, or in it */
} merge;

struct ovp_xlsx_reader {
	char *name;
	ovp_xlsx_book book;
	const ovp_xlsx_sheet *sheet;
	ovp_xlsx_info info;
	ovp_csv_problem_fn problem;
	void *problem_ctx;
	ovp_xlsx_part part;
	bool part_live;

	merge *merges;        /* sorted by first row */
	size_t nmerges, merges_cap, next_merge;
	size_t *active;       /* merges that cover the current row */
	size_t nactive, active_cap;
	size_t merge_text;    /* bytes of text merges hold */
	bool header_done;     /* the header row has been handed out */
	size_t header_width;

	/* The row being read. */
	int depth_data;       /* inside sheetData */
	bool in_row;
	long row, last_row;
	long col;             /* the last cell's column, -1 at the start of a row */
	row_cell *cells;
	size_t ncells, cells_cap;
	char *text;           /* text of the row's cells, each NUL-terminated */
	size_t text_len, text_cap;
	size_t row_bytes;

	/* The cell being read. */
	bool in_c, in_v, in_is;
	int in_t, in_rph;
	cell_type type;
	unsigned long style;
	char *val;
	size_t val_len, val_cap;
	bool val_cut;

	/* The row handed out. */
	bool row_ready;
	size_t width;
	char **ptrs;
	size_t *lens;
	unsigned char *pflags;
	size_t ptrs_cap;
	char empty[1];

	int failed;
	ovp_error ferr;
};

/* A failure met in a handler: keep the first, stop the parser. */
static void
fail(ovp_xlsx_reader *r, int code)
{
	ovp_xlsx_part_fail(&r->part, code);
	if (r->failed == 0)
		r->failed = code;
}

static void
fail_nomem(ovp_xlsx_reader *r)
{
	ovp_error_set(&r->ferr, OVP_ENOMEM, r->name, r->row, "out of memory");
	fail(r, OVP_ENOMEM);
}

/* "B12" for messages. */
static void
ref_name(long col, long row, char buf[16])
{
	char letters[4];
	int n = 0;

	col++;
	while (col > 0 && n < 3) {
		letters[n++] = (char)('A' + (col - 1) % 26);
		col = (col - 1) / 26;
	}
	for (int i = 0; i < n; i++)
		buf[i] = letters[n - 1 - i];
	snprintf(buf + n, 16 - (size_t)n, "%ld", row);
}

/* ---- Merged ranges ------------------------------------------------------- */

static void XMLCALL
merge_start(void *data, const XML_Char *name, const XML_Char **atts)
{
	ovp_xlsx_part *p = data;
	ovp_xlsx_reader *r = p->user;
	const char *ref;
	merge m;

	if (!ovp_xlsx_is(name, "mergeCell") || r->nmerges >= OVP_XLSX_MAX_MERGES)
		return;
	ref = ovp_xlsx_attr(atts, "ref");
	memset(&m, 0, sizeof m);
	if (ref == NULL || ovp_xlsx_range_parse(ref, &m.col1, &m.row1, &m.col2, &m.row2) != 0)
		return;
	if (m.col1 == m.col2 && m.row1 == m.row2)
		return;
	if (!ovp_grow(&r->merges, &r->merges_cap, r->nmerges + 1, sizeof *r->merges)) {
		ovp_error_set(&r->ferr, OVP_ENOMEM, r->name, 0, "out of memory");
		ovp_xlsx_part_fail(p, OVP_ENOMEM);
		return;
	}
	r->merges[r->nmerges++] = m;
}

static int
merge_cmp(const void *a, const void *b)
{
	const merge *x = a, *y = b;

	if (x->row1 != y->row1)
		return x->row1 < y->row1 ? -1 : 1;
	return x->col1 < y->col1 ? -1 : x->col1 > y->col1;
}

/*
 * The first pass: the sheet's merged ranges, sorted by their first row.
 * Most sheets have none, so the sheet is first only inflated and searched
 * for the element's name; it is parsed only when that is there.
 */
static int
read_merges(ovp_xlsx_reader *r, long idx, ovp_error *err)
{
	ovp_xlsx_part p;
	bool found;
	int rc = ovp_xlsx_part_open(&p, r->book.zip, idx, r->name, OVP_XLSX_MAX_SHEET, r, err);

	if (rc < 0)
		return rc;
	rc = ovp_xlsx_part_contains(&p, "mergeCell", &found, err);
	ovp_xlsx_part_close(&p);
	if (rc < 0 || !found)
		return rc;
	rc = ovp_xlsx_part_open(&p, r->book.zip, idx, r->name, OVP_XLSX_MAX_SHEET, r, err);
	if (rc < 0)
		return rc;
	ovp_xlsx_part_handlers(&p, merge_start, NULL, NULL);
	rc = ovp_xlsx_part_parse_all(&p, err);
	ovp_xlsx_part_close(&p);
	if (rc == 0 && r->nmerges > 1)
		qsort(r->merges, r->nmerges, sizeof *r->merges, merge_cmp);
	return rc;
}

/* ---- Cells --------------------------------------------------------------- */

/* Append n bytes to the value of the cell being read, up to VALUE_RAW_MAX. */
static void
value_add(ovp_xlsx_reader *r, const char *s, size_t n)
{
	if (r->val_cut)
		return;
	if (r->val_len + n > VALUE_RAW_MAX) {
		n = VALUE_RAW_MAX - r->val_len;
		r->val_cut = true;
	}
	if (!ovp_grow(&r->val, &r->val_cap, r->val_len + n + 1, 1)) {
		fail_nomem(r);
		return;
	}
	memcpy(r->val + r->val_len, s, n);
	r->val_len += n;
	r->val[r->val_len] = '\0';
}

static void
row_start(ovp_xlsx_reader *r, const XML_Char **atts)
{
	const char *ra = ovp_xlsx_attr(atts, "r");
	long row = 0;

	if (ra != NULL) {
		const char *p = ra;

		while (*p >= '0' && *p <= '9' && row <= OVP_XLSX_MAX_ROWS)
			row = row * 10 + (*p++ - '0');
		if (row > OVP_XLSX_MAX_ROWS) {
			ovp_error_set(&r->ferr, OVP_ELIMIT, r->name, 0,
			              "the row after row %ld is numbered past %ld, the last row a sheet "
			              "can have",
			              r->last_row, OVP_XLSX_MAX_ROWS);
			fail(r, OVP_ELIMIT);
			return;
		}
		if (*p != '\0' || row == 0) {
			ovp_error_set(&r->ferr, OVP_EINPUT, r->name, r->last_row + 1,
			              "damaged workbook: row number \"%.20s\" is not one", ra);
			fail(r, OVP_EINPUT);
			return;
		}
	} else {
		row = r->last_row + 1;
	}
	if (row <= r->last_row) {
		ovp_error_set(&r->ferr, OVP_EINPUT, r->name, row,
		              "damaged workbook: row %ld comes after row %ld", row, r->last_row);
		fail(r, OVP_EINPUT);
		return;
	}
	if (row > OVP_XLSX_MAX_ROWS) {
		ovp_error_set(&r->ferr, OVP_ELIMIT, r->name, r->last_row,
		              "more rows than the %ld a sheet can have", OVP_XLSX_MAX_ROWS);
		fail(r, OVP_ELIMIT);
		return;
	}
	r->in_row = true;
	r->row = r->last_row = row;
	r->col = -1;
	r->ncells = 0;
	r->text_len = 0;
	r->row_bytes = 0;
}

static void
cell_start(ovp_xlsx_reader *r, const XML_Char **atts)
{
	const char *ra = ovp_xlsx_attr(atts, "r");
	const char *t = ovp_xlsx_attr(atts, "t");
	const char *s = ovp_xlsx_attr(atts, "s");
	long col = -1, row;
	char ref[16];

	if (ra != NULL && ovp_xlsx_ref_parse(ra, &col, &row) != strlen(ra)) {
		size_t letters = strspn(ra, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz");

		if (letters > 0 && ra[letters] >= '0' && ra[letters] <= '9') {
			ovp_error_set(&r->ferr, OVP_ELIMIT, r->name, r->row,
			              "cell %.20s is past the %d columns a row can have", ra,
			              OVP_CSV_MAX_CELLS);
			fail(r, OVP_ELIMIT);
		} else {
			ovp_error_set(&r->ferr, OVP_EINPUT, r->name, r->row,
			              "damaged workbook: cell reference \"%.20s\" is not one", ra);
			fail(r, OVP_EINPUT);
		}
		return;
	}
	if (col < 0)
		col = r->col + 1;
	if (col <= r->col) {
		ref_name(col, r->row, ref);
		ovp_error_set(&r->ferr, OVP_EINPUT, r->name, r->row,
		              "damaged workbook: cell %s comes after a cell to its right", ref);
		fail(r, OVP_EINPUT);
		return;
	}
	if (col >= OVP_CSV_MAX_CELLS) {
		ovp_error_set(&r->ferr, OVP_ELIMIT, r->name, r->row, "more than %d columns in one row",
		              OVP_CSV_MAX_CELLS);
		fail(r, OVP_ELIMIT);
		return;
	}
	r->col = col;
	r->in_c = true;
	r->val_len = 0;
	r->val_cut = false;
	if (r->val != NULL)
		r->val[0] = '\0';
	r->style = s != NULL ? strtoul(s, NULL, 10) : 0;
	r->type = CELL_NUMBER;
	if (t == NULL || strcmp(t, "n") == 0)
		r->type = CELL_NUMBER;
	else if (strcmp(t, "s") == 0)
		r->type = CELL_SHARED;
	else if (strcmp(t, "inlineStr") == 0)
		r->type = CELL_INLINE;
	else if (strcmp(t, "str") == 0)
		r->type = CELL_FORMULA_STR;
	else if (strcmp(t, "b") == 0)
		r->type = CELL_BOOL;
	else if (strcmp(t, "e") == 0)
		r->type = CELL_ERROR;
	else if (strcmp(t, "d") == 0)
		r->type = CELL_DATE;
}

/* Put n bytes of text into the row as the cell's text. */
static int
cell_text(ovp_xlsx_reader *r, const char *s, size_t n, unsigned char flags)
{
	row_cell *c;

	if (n == 0)
		return 0;
	if (!ovp_grow(&r->cells, &r->cells_cap, r->ncells + 1, sizeof *r->cells) ||
	    !ovp_grow(&r->text, &r->text_cap, r->text_len + n + 1, 1)) {
		fail_nomem(r);
		return OVP_ENOMEM;
	}
	c = &r->cells[r->ncells++];
	c->col = r->col;
	c->off = r->text_len;
	c->len = n;
	c->shared = false;
	c->flags = flags;
	memcpy(r->text + r->text_len, s, n);
	r->text[r->text_len + n] = '\0';
	r->text_len += n + 1;
	return 0;
}

/* Cut len bytes of UTF-8 at s to at most max, on a character boundary. */
/* A shared string's index in the value; -1 when it is not one the workbook has. */
static long
shared_index(const ovp_xlsx_reader *r)
{
	char *end;
	unsigned long i;

	if (r->val_len == 0 || r->val[0] < '0' || r->val[0] > '9')
		return -1;
	i = strtoul(r->val, &end, 10);
	if (*end != '\0' || i >= r->book.strings.n)
		return -1;
	return (long)i;
}

/* The cell's end: make its text. */
static void
cell_end(ovp_xlsx_reader *r)
{
	static const ovp_xlsx_style general;
	const ovp_xlsx_style *st;
	char buf[64], ref[16];
	bool nul = false;
	size_t n;
	long si;
	row_cell *c;
	unsigned char flags = 0;

	r->in_c = false;
	switch (r->type) {
	case CELL_SHARED:
		if (r->val_len == 0)
			return;
		si = shared_index(r);
		if (si < 0) {
			ref_name(r->col, r->row, ref);
			ovp_error_set(&r->ferr, OVP_EINPUT, r->name, r->row,
			              "damaged workbook: cell %s names shared string \"%.20s\", and the "
			              "workbook has %zu",
			              ref, r->val, r->book.strings.n);
			fail(r, OVP_EINPUT);
			return;
		}
		n = strlen(r->book.strings.text + r->book.strings.off[si]);
		if (n == 0)
			return;
		if (!ovp_grow(&r->cells, &r->cells_cap, r->ncells + 1, sizeof *r->cells)) {
			fail_nomem(r);
			return;
		}
		c = &r->cells[r->ncells++];
		c->col = r->col;
		c->off = (size_t)si;
		c->len = n;
		c->shared = true;
		c->flags = r->book.strings.flags[si];
		r->row_bytes += n;
		break;
	case CELL_INLINE:
	case CELL_FORMULA_STR:
		n = r->val_len == 0 ? 0 : ovp_xlsx_unescape(r->val, r->val_len, &nul);
		if (n > OVP_CSV_MAX_CELL || r->val_cut) {
			n = ovp_xlsx_cut_utf8(r->val, n, OVP_CSV_MAX_CELL);
			flags |= OVP_XLSX_CUT;
		}
		if (nul)
			flags |= OVP_XLSX_NUL;
		r->row_bytes += n;
		(void)cell_text(r, r->val, n, flags);
		break;
	case CELL_BOOL:
		if (r->val_len == 1 && (r->val[0] == '0' || r->val[0] == '1'))
			(void)cell_text(r, r->val[0] == '1' ? "TRUE" : "FALSE", r->val[0] == '1' ? 4 : 5, 0);
		else
			(void)cell_text(r, r->val, r->val_len, 0);
		r->row_bytes += 5;
		break;
	case CELL_ERROR:
	case CELL_DATE:
		(void)cell_text(r, r->val, r->val_len, 0);
		r->row_bytes += r->val_len;
		break;
	case CELL_NUMBER:
		if (r->val_len == 0)
			return;
		st = r->style < r->book.nstyles ? &r->book.styles[r->style] : &general;
		if (r->val_len > 40) {
			/* No number is that long: the text as it is. */
			(void)cell_text(r, r->val, ovp_xlsx_cut_utf8(r->val, r->val_len, OVP_CSV_MAX_CELL),
			                r->val_len > OVP_CSV_MAX_CELL || r->val_cut ? OVP_XLSX_CUT : 0);
			r->row_bytes += r->val_len;
			break;
		}
		n = ovp_xlsx_value_text(st, r->book.date1904, r->val, buf, sizeof buf);
		(void)cell_text(r, buf, n, 0);
		r->row_bytes += n;
		break;
	}
	if (r->row_bytes > OVP_CSV_MAX_RECORD && r->failed == 0) {
		ovp_error_set(&r->ferr, OVP_ELIMIT, r->name, r->row,
		              "row longer than %zu MiB: cells this large are not a table",
		              OVP_CSV_MAX_RECORD >> 20);
		fail(r, OVP_ELIMIT);
	}
}

/* ---- Rows ---------------------------------------------------------------- */

/* Make room for a record of n cells. */
static int
record_ovp_xlsx_reserve(ovp_xlsx_reader *r, size_t n)
{
	size_t cap = r->ptrs_cap ? r->ptrs_cap : 16;
	char **ptrs;
	size_t *lens;
	unsigned char *flags;

	if (n <= r->ptrs_cap)
		return 0;
	while (cap < n)
		cap *= 2;
	ptrs = realloc(r->ptrs, cap * sizeof *ptrs);
	if (ptrs == NULL)
		return -1;
	r->ptrs = ptrs;
	lens = realloc(r->lens, cap * sizeof *lens);
	if (lens == NULL)
		return -1;
	r->lens = lens;
	flags = realloc(r->pflags, cap);
	if (flags == NULL)
		return -1;
	r->pflags = flags;
	r->ptrs_cap = cap;
	return 0;
}

/* Lay the row's cells out from column A; *width receives the number of columns. */
static int
lay_out(ovp_xlsx_reader *r, size_t *width)
{
	size_t w = r->ncells > 0 ? (size_t)r->cells[r->ncells - 1].col + 1 : 0;

	if (w < r->header_width)
		w = r->header_width;
	if (record_ovp_xlsx_reserve(r, w + 1) < 0)
		return -1;
	for (size_t i = 0; i < w; i++) {
		r->ptrs[i] = r->empty;
		r->lens[i] = 0;
		r->pflags[i] = 0;
	}
	for (size_t i = 0; i < r->ncells; i++) {
		const row_cell *c = &r->cells[i];

		r->ptrs[c->col] = c->shared ? r->book.strings.text + r->book.strings.off[c->off]
		                            : r->text + c->off;
		r->lens[c->col] = c->len;
		r->pflags[c->col] = c->flags;
	}
	*width = w;
	return 0;
}

/* Put text into column col of the laid-out row, widening it when needed. */
static int
fill(ovp_xlsx_reader *r, size_t *width, long col, char *text, size_t len)
{
	size_t c = (size_t)col;

	if (c >= *width) {
		if (record_ovp_xlsx_reserve(r, c + 2) < 0)
			return -1;
		for (size_t i = *width; i <= c; i++) {
			r->ptrs[i] = r->empty;
			r->lens[i] = 0;
			r->pflags[i] = 0;
		}
		*width = c + 1;
	}
	if (r->lens[c] == 0) {
		r->ptrs[c] = text;
		r->lens[c] = len;
	}
	return 0;
}

/* Drop the text of merge m. */
static void
merge_release(ovp_xlsx_reader *r, merge *m)
{
	r->merge_text -= m->text != NULL ? m->len + 1 : 0;
	free(m->text);
	m->text = NULL;
	m->len = 0;
}

/*
 * Bring the merged ranges up to the current row: those that start by now
 * become active, those that ended above it are dropped.
 */
static int
merges_advance(ovp_xlsx_reader *r)
{
	size_t k = 0;

	for (size_t i = 0; i < r->nactive; i++) {
		merge *m = &r->merges[r->active[i]];

		if (m->row2 < r->row)
			merge_release(r, m);
		else
			r->active[k++] = r->active[i];
	}
	r->nactive = k;
	while (r->next_merge < r->nmerges && r->merges[r->next_merge].row1 <= r->row) {
		merge *m = &r->merges[r->next_merge];

		if (m->row2 >= r->row) {
			if (!ovp_grow(&r->active, &r->active_cap, r->nactive + 1, sizeof *r->active))
				return -1;
			r->active[r->nactive++] = r->next_merge;
			m->header = !r->header_done;
		}
		r->next_merge++;
	}
	return 0;
}

/*
 * Apply the active merged ranges to the laid-out row.  Returns 1 when the
 * row is a band above the header (every cell it has lies in a merged
 * range, and one of them spans columns), 0 when it is to be handed out,
 * or a negative code.
 */
static int
apply_merges(ovp_xlsx_reader *r, size_t *width)
{
	bool any = false, all_merged = true, across = false;

	if (merges_advance(r) < 0)
		return OVP_ENOMEM;
	for (size_t i = 0; i < r->nactive; i++) {
		merge *m = &r->merges[r->active[i]];

		/* The range starts here: keep its top-left cell's text for the rows below. */
		if (m->row1 == r->row && (size_t)m->col1 < *width && r->lens[m->col1] > 0 &&
		    m->text == NULL) {
			size_t len = r->lens[m->col1];

			if (r->merge_text + len + 1 > MERGE_TEXT_MAX) {
				ovp_error_set(&r->ferr, OVP_ELIMIT, r->name, r->row,
				              "merged ranges hold more than %zu MiB of text at once",
				              MERGE_TEXT_MAX >> 20);
				return OVP_ELIMIT;
			}
			m->text = malloc(len + 1);
			if (m->text == NULL)
				return OVP_ENOMEM;
			memcpy(m->text, r->ptrs[m->col1], len + 1);
			m->len = len;
			r->merge_text += len + 1;
		}
		if (m->text == NULL)
			continue;
		if (m->header && !r->header_done) {
			for (long c = m->col1; c <= m->col2; c++)
				if (fill(r, width, c, m->text, m->len) < 0)
					return OVP_ENOMEM;
		} else if (!m->header) {
			if (fill(r, width, m->col1, m->text, m->len) < 0)
				return OVP_ENOMEM;
		}
	}
	if (r->header_done)
		return 0;
	for (size_t c = 0; c < *width; c++) {
		bool in = false;

		if (r->lens[c] == 0)
			continue;
		any = true;
		for (size_t i = 0; i < r->nactive && !in; i++) {
			const merge *m = &r->merges[r->active[i]];

			if ((long)c >= m->col1 && (long)c <= m->col2) {
				in = true;
				across = across || m->col2 > m->col1;
			}
		}
		all_merged = all_merged && in;
	}
	return any && all_merged && across ? 1 : 0;
}

/* The end of a row: hand it out (suspending the parser) unless it has nothing to give. */
static void
row_end(ovp_xlsx_reader *r)
{
	size_t width;
	int rc;

	r->in_row = false;
	if (r->failed)
		return;
	if (r->ncells == 0)
		return;
	if (lay_out(r, &width) < 0) {
		fail_nomem(r);
		return;
	}
	rc = apply_merges(r, &width);
	if (rc < 0) {
		if (rc == OVP_ENOMEM)
			fail_nomem(r);
		else
			fail(r, rc);
		return;
	}
	if (rc == 1)
		return;
	while (width > 0 && r->lens[width - 1] == 0 && width > r->header_width)
		width--;
	if (width == 0)
		return;
	if (!r->header_done) {
		r->header_done = true;
		r->header_width = width;
	}
	r->ptrs[width] = NULL;
	r->info.records++;
	r->row_ready = true;
	r->width = width;
	XML_StopParser(r->part.xml, XML_TRUE);
}

/* ---- Handlers ------------------------------------------------------------ */

static void XMLCALL
on_start(void *data, const XML_Char *name, const XML_Char **atts)
{
	ovp_xlsx_part *p = data;
	ovp_xlsx_reader *r = p->user;

	if (r->failed)
		return;
	if (ovp_xlsx_is(name, "sheetData")) {
		r->depth_data++;
	} else if (r->depth_data == 0) {
		return;
	} else if (!r->in_row) {
		if (ovp_xlsx_is(name, "row"))
			row_start(r, atts);
	} else if (!r->in_c) {
		if (ovp_xlsx_is(name, "c"))
			cell_start(r, atts);
	} else if (ovp_xlsx_is(name, "v")) {
		r->in_v = true;
	} else if (ovp_xlsx_is(name, "is")) {
		r->in_is = true;
	} else if (r->in_is && ovp_xlsx_is(name, "rPh")) {
		r->in_rph++;
	} else if (r->in_is && ovp_xlsx_is(name, "t")) {
		r->in_t++;
	}
}

static void XMLCALL
on_end(void *data, const XML_Char *name)
{
	ovp_xlsx_part *p = data;
	ovp_xlsx_reader *r = p->user;

	if (r->failed || r->depth_data == 0)
		return;
	if (ovp_xlsx_is(name, "sheetData")) {
		r->depth_data--;
	} else if (r->in_c) {
		if (ovp_xlsx_is(name, "c"))
			cell_end(r);
		else if (ovp_xlsx_is(name, "v"))
			r->in_v = false;
		else if (ovp_xlsx_is(name, "is"))
			r->in_is = false;
		else if (ovp_xlsx_is(name, "rPh") && r->in_rph > 0)
			r->in_rph--;
		else if (ovp_xlsx_is(name, "t") && r->in_t > 0)
			r->in_t--;
	} else if (r->in_row && ovp_xlsx_is(name, "row")) {
		row_end(r);
	}
}

static void XMLCALL
on_text(void *data, const XML_Char *s, int len)
{
	ovp_xlsx_part *p = data;
	ovp_xlsx_reader *r = p->user;

	if (!r->in_c || r->failed)
		return;
	/* An inline string's text is in its <is>; some writers put it in a <v>. */
	if (r->in_v || (r->type == CELL_INLINE && r->in_is && r->in_t > 0 && r->in_rph == 0))
		value_add(r, s, (size_t)len);
}

/* ---- The reader ---------------------------------------------------------- */

int
ovp_xlsx_next(ovp_xlsx_reader *r, ovp_csv_record *rec, ovp_error *err)
{
	int rc;

	if (r == NULL || rec == NULL)
		return ovp_error_set(err, OVP_EUSAGE, NULL, 0, "ovp_xlsx_next: no reader or record given");
	for (;;) {
		if (r->failed) {
			if (err != NULL)
				*err = r->ferr;
			return r->failed;
		}
		if (!r->part_live)
			return 0;
		r->row_ready = false;
		rc = ovp_xlsx_part_parse(&r->part, &r->ferr);
		r->info.bytes = r->part.read;
		if (rc < 0 && r->failed == 0) {
			/* The part's own errors know no row: name the last one read. */
			if (r->last_row > 0 && r->ferr.line == 0) {
				ovp_error e = r->ferr;
				const char *msg = e.message;
				size_t nl = strlen(r->name);

				if (strncmp(msg, r->name, nl) == 0 && strncmp(msg + nl, ": ", 2) == 0)
					msg += nl + 2;
				ovp_error_set(&r->ferr, e.code, r->name, r->last_row, "%s", msg);
			}
			r->failed = rc;
			continue;
		}
		if (r->row_ready)
			break;
		if (rc == 0) {
			ovp_xlsx_part_close(&r->part);
			r->part_live = false;
			return 0;
		}
	}
	rec->ncells = r->width;
	rec->cells = r->ptrs;
	rec->lens = r->lens;
	rec->line = r->row;
	rec->dropped = rec->dropped_text = 0;
	if (r->problem != NULL) {
		for (size_t i = 0; i < rec->ncells; i++) {
			if (r->pflags[i] & OVP_XLSX_NUL)
				r->problem(r->problem_ctx, OVP_CSV_NUL_BYTE, r->row, i);
			if (r->pflags[i] & OVP_XLSX_CUT)
				r->problem(r->problem_ctx, OVP_CSV_CELL_CUT, r->row, i);
		}
	}
	return 1;
}

int
ovp_xlsx_open_stream(ovp_xlsx_reader **out, ovp_stream *s, const ovp_xlsx_options *opts,
                     ovp_error *err)
{
	static const ovp_xlsx_options defaults = {0};
	ovp_xlsx_reader *r;
	struct zip *zip;
	struct stat st;
	char why[128];
	long idx;
	int fd, zerr = 0, rc;

	*out = NULL;
	if (opts == NULL)
		opts = &defaults;
	r = calloc(1, sizeof *r);
	if (r == NULL || (r->name = strdup(ovp_stream_name(s))) == NULL) {
		rc = ovp_error_set(err, OVP_ENOMEM, ovp_stream_name(s), 0, "out of memory");
		ovp_stream_close(s);
		free(r);
		return rc;
	}
	r->problem = opts->problem;
	r->problem_ctx = opts->problem_ctx;
	if (ovp_stream_gzip(s)) {
		rc = ovp_error_set(err, OVP_EINPUT, r->name, 0,
		                   "a gzip'd Excel workbook: an .xlsx file is compressed already; "
		                   "gunzip it and give the .xlsx");
		ovp_stream_close(s);
		goto fail;
	}
	rc = ovp_stream_seekable_fd(s, OVP_XLSX_MAX_FILE, &fd, err);
	ovp_stream_close(s);
	if (rc < 0)
		goto fail;
	if (fstat(fd, &st) == 0)
		r->info.file_size = (unsigned long long)st.st_size;
	zip = zip_fdopen(fd, 0, &zerr);
	if (zip == NULL) {
		zip_error_t ze;

		close(fd);
		zip_error_init_with_code(&ze, zerr);
		rc = ovp_error_set(err, OVP_EINPUT, r->name, 0, "damaged workbook: %s",
		                   ovp_xlsx_zip_text(zip_error_strerror(&ze), why));
		zip_error_fini(&ze);
		goto fail;
	}
	rc = ovp_xlsx_book_open(&r->book, zip, r->name, err);
	if (rc == 0)
		rc = ovp_xlsx_book_sheet(&r->book, opts->sheet, &r->sheet, err);
	if (rc < 0)
		goto fail;
	r->info.sheet = r->sheet->name;
	r->info.date1904 = r->book.date1904;
	for (size_t i = 0; i < r->book.nsheets; i++)
		r->info.sheets += r->book.sheets[i].worksheet;
	idx = ovp_xlsx_part_find(zip, r->sheet->part);
	rc = read_merges(r, idx, err);
	if (rc == 0)
		rc = ovp_xlsx_part_open(&r->part, zip, idx, r->name, OVP_XLSX_MAX_SHEET, r, err);
	if (rc < 0)
		goto fail;
	r->part_live = true;
	r->info.size = r->part.size;
	ovp_xlsx_part_handlers(&r->part, on_start, on_end, on_text);
	*out = r;
	return 0;

fail:
	ovp_xlsx_close(r);
	return rc;
}

int
ovp_xlsx_open(ovp_xlsx_reader **out, const char *path, const ovp_xlsx_options *opts,
              ovp_error *err)
{
	ovp_stream *s;
	int rc;

	if (out == NULL || path == NULL)
		return ovp_error_set(err, OVP_EUSAGE, NULL, 0, "ovp_xlsx_open: no file given");
	*out = NULL;
	rc = ovp_stream_open(&s, path, err);
	if (rc < 0)
		return rc;
	if (ovp_stream_kind_of(s) != OVP_STREAM_ZIP) {
		rc = ovp_error_set(err, OVP_EINPUT, ovp_stream_name(s), 0,
		                   "not an Excel workbook (.xlsx): not a ZIP archive");
		ovp_stream_close(s);
		return rc;
	}
	return ovp_xlsx_open_stream(out, s, opts, err);
}

const ovp_xlsx_info *
ovp_xlsx_get_info(const ovp_xlsx_reader *r)
{
	return r != NULL ? &r->info : NULL;
}

void
ovp_xlsx_close(ovp_xlsx_reader *r)
{
	if (r == NULL)
		return;
	if (r->part_live)
		ovp_xlsx_part_close(&r->part);
	for (size_t i = 0; i < r->nmerges; i++)
		free(r->merges[i].text);
	free(r->merges);
	free(r->active);
	free(r->cells);
	free(r->text);
	free(r->val);
	free(r->ptrs);
	free(r->lens);
	free(r->pflags);
	ovp_xlsx_book_free(&r->book);
	free(r->name);
	free(r);
}
