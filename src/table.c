/*
 * A CSV export read as a table of named fields (see table.h).
 *
 * The header decides which column holds which field.  Then up to
 * `lookahead` rows are read ahead and kept, so that the day/month order
 * of every date column can be decided from its values before the first
 * row is handed out (SPEC 2.2: by the column's own values, else by the
 * file's other date columns, else by the separator of each value); after
 * that the rows stream through one at a time.
 * Problems (invalid UTF-8, cut cells, short and long rows) are kept in
 * line order and handed out with the rows they belong to, once per file
 * and column.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "csv.h"
#include "date_impl.h"
#include "problem_list.h"
#include "source.h"
#include "table.h"
#include "util/str.h"

enum {
	DEFAULT_LOOKAHEAD = 10000,
	/* Look-ahead stops early once it holds this many bytes of cells. */
	LOOKAHEAD_BUDGET = 32 << 20,
	HEADER_KEY_MAX = 256
};

/* A record kept during look-ahead: cells, lengths and text in one block. */
typedef struct saved_record {
	ovp_csv_record rec;
} saved_record;

/* Kinds of problems reported once per file and column. */
enum { ONCE_UTF8, ONCE_CUT, ONCE_NUL, ONCE_KINDS };

struct ovp_table {
	ovp_source *src;
	ovp_table_options opts;
	char *path;
	long header_line;
	size_t ncols;
	char **headers;          /* as written */
	char **keys;             /* ovp_header_key() of each header */
	char **inner_keys;       /* key of X in Jira's "Custom field (X)", or NULL */
	bool *used;
	bool *is_month;          /* the header names a month ("April 2026") */
	bool *overridden;        /* per field: mapped by the configuration */
	ovp_table_column **fcols; /* per field, its columns in precedence order */
	size_t *nfcols;
	ovp_date_order *orders;  /* per field */
	saved_record **queue;    /* look-ahead rows */
	size_t nqueue, qpos;
	bool eof;
	unsigned char *once[ONCE_KINDS]; /* per column: already reported */
	bool reported_short, reported_long;
	ovp_problem_list pending;    /* found, not yet handed out */
	ovp_problem_list taken;      /* handed out by the last take */
	long last_line;          /* line of the last row handed out */
	unsigned long skipped;
	unsigned long rows;      /* data rows handed out */
	bool in_footer;          /* a report trailer row has been seen */
	ovp_csv_record live;     /* the row handed out when it came straight from the file */
	ovp_error deferred;      /* an error met during look-ahead, returned in turn */
	bool has_deferred;
};

void
ovp_field_tried(const ovp_field_def *f, char *buf, size_t cap)
{
	size_t off = 0;
	int k = 0;

	if (cap == 0)
		return;
	buf[0] = '\0';
	for (const char *const *h = f->headers; h != NULL && *h != NULL && k < 4; h++, k++) {
		int n = snprintf(buf + off, cap - off, "%s\"%s\"", k ? ", " : "", *h);

		if (n < 0 || (size_t)n >= cap - off)
			return;
		off += (size_t)n;
	}
	if (f->headers != NULL && f->headers[k] != NULL)
		snprintf(buf + off, cap - off, ", ...");
}

void
ovp_header_key(const char *header, char *out, size_t cap)
{
	size_t n = 0;

	if (cap == 0)
		return;
	for (const unsigned char *p = (const unsigned char *)header; *p != '\0'; p++) {
		int c = ovp_key_char(*p);

		if (c == 0)
			continue;
		if (n + 1 >= cap)
			break;
		out[n++] = (char)c;
	}
	out[n] = '\0';
}

/* The name of column i for messages: its header, or "column N" past the header. */
static const char *
column_name(const ovp_table *t, size_t i, char *buf, size_t cap)
{
	if (t->headers != NULL && i < t->ncols && t->headers[i][0] != '\0')
		return t->headers[i];
	snprintf(buf, cap, "column %zu", i + 1);
	return buf;
}

static void
on_csv_problem(void *ctx, ovp_csv_problem_kind kind, long line, size_t cell)
{
	static const char *const messages[] = {
		[OVP_CSV_INVALID_UTF8] = "bytes that are not UTF-8 were replaced by U+FFFD "
		                         "(reported once per column)",
		[OVP_CSV_CELL_CUT] = "cell longer than 1 MiB was cut to 1 MiB (reported once per column)",
		[OVP_CSV_NUL_BYTE] = "NUL bytes in the cell were replaced by U+FFFD "
		                     "(reported once per column)",
	};
	ovp_table *t = ctx;
	int k = kind == OVP_CSV_INVALID_UTF8 ? ONCE_UTF8 : kind == OVP_CSV_CELL_CUT ? ONCE_CUT : ONCE_NUL;
	const char *message = messages[kind];
	char buf[32];
	size_t slot = cell;
	ovp_source_info info;

	/* Columns past the header share one slot. */
	if (t->headers == NULL || slot >= t->ncols)
		slot = t->ncols;
	if (t->once[k] != NULL) {
		if (t->once[k][slot])
			return;
		t->once[k][slot] = 1;
	}
	/* A UTF-16 file's bad text is an unpaired surrogate or an odd last
	 * byte, not bytes of UTF-8: say so. */
	ovp_source_get_info(t->src, &info);
	if (kind == OVP_CSV_INVALID_UTF8 && info.format == OVP_SOURCE_CSV &&
	    (info.csv.encoding == OVP_ENC_UTF16LE || info.csv.encoding == OVP_ENC_UTF16BE))
		message = "text that is not UTF-16 was replaced by U+FFFD (reported once per column)";
	(void)ovp_problem_list_add(&t->pending, t->path, line, column_name(t, cell, buf, sizeof buf), "",
	                           0, message);
}

/*
 * Copy a record into one block so that it survives the next read.  The
 * cells of a record from the CSV reader lie one after the other, each
 * with its NUL: those are copied in one go.
 */
static saved_record *
save_record(const ovp_csv_record *rec, size_t *bytes)
{
	size_t text = 0;
	bool together = true;
	saved_record *s;
	char *p;
	size_t *lens;

	for (size_t i = 0; i < rec->ncells; i++) {
		text += rec->lens[i] + 1;
		if (i > 0 && rec->cells[i] != rec->cells[i - 1] + rec->lens[i - 1] + 1)
			together = false;
	}
	s = malloc(sizeof *s + rec->ncells * (sizeof(char *) + sizeof(size_t)) + text);
	if (s == NULL)
		return NULL;
	s->rec.cells = (char **)(s + 1);
	lens = (size_t *)(s->rec.cells + rec->ncells);
	p = (char *)(lens + rec->ncells);
	if (together && rec->ncells > 0)
		memcpy(p, rec->cells[0], text);
	for (size_t i = 0; i < rec->ncells; i++) {
		if (!together) {
			memcpy(p, rec->cells[i], rec->lens[i]);
			p[rec->lens[i]] = '\0';
		}
		s->rec.cells[i] = p;
		lens[i] = rec->lens[i];
		p += rec->lens[i] + 1;
	}
	s->rec.lens = lens;
	s->rec.ncells = rec->ncells;
	s->rec.line = rec->line;
	s->rec.dropped = rec->dropped;
	s->rec.dropped_text = rec->dropped_text;
	*bytes += text;
	return s;
}

static bool
key_in(const char *key, const char *const *names)
{
	char k[HEADER_KEY_MAX];

	for (; *names != NULL; names++) {
		ovp_header_key(*names, k, sizeof k);
		if (strcmp(k, key) == 0)
			return true;
	}
	return false;
}

/* True when every cell of rec is empty or blank. */
static bool
is_blank(const ovp_csv_record *rec)
{
	for (size_t i = 0; i < rec->ncells; i++) {
		size_t len;

		(void)ovp_trim(rec->cells[i], rec->lens[i], &len);
		if (len > 0)
			return false;
	}
	return true;
}

/*
 * The first non-empty cell of rec, trimmed, or NULL when every cell is
 * empty; *many is set when another non-empty cell follows it.
 */
static const char *
first_cell(const ovp_csv_record *rec, size_t *len, bool *many)
{
	const char *first = NULL;

	*many = false;
	*len = 0;
	for (size_t i = 0; i < rec->ncells; i++) {
		size_t n;
		const char *c = ovp_trim(rec->cells[i], rec->lens[i], &n);

		if (n == 0)
			continue;
		if (first != NULL) {
			*many = true;
			return first;
		}
		first = c;
		*len = n;
	}
	return first;
}

/* Is the text (len bytes) one of the trailer rows of a Salesforce report? */
static bool
is_trailer_text(const char *only, size_t only_len)
{
	static const char *const trailers[] = {
		"Total", "Grand Totals", "Confidential Information - Do Not Distribute", NULL,
	};
	char key[HEADER_KEY_MAX];
	char text[HEADER_KEY_MAX];

	if (only_len >= 9 && strncmp(only, "Copyright", 9) == 0) {
		const char *rest = only + 9;

		while (*rest == ' ')
			rest++;
		return strncmp(rest, "\xc2\xa9", 2) == 0 || strncmp(rest, "(c)", 3) == 0 ||
		       strncmp(rest, "(C)", 3) == 0;
	}
	if (only_len >= sizeof text)
		return false;
	memcpy(text, only, only_len);
	text[only_len] = '\0';
	/* "Grand Totals (42 records)": compare the words before the parenthesis. */
	if (strncmp(text, "Grand Totals", 12) == 0 && (only_len == 12 || text[12] == ' '))
		return true;
	ovp_header_key(text, key, sizeof key);
	return key_in(key, trailers);
}

/* Is a row's first non-empty cell (n bytes at c) "Grand Totals (N records)"? */
static bool
is_grand_totals(const char *c, size_t n)
{
	return n > 14 && strncmp(c, "Grand Totals (", 14) == 0 && c[n - 1] == ')';
}

/*
 * Is this row blank, or a trailer of a Salesforce report?  A trailer is a
 * row whose only non-empty cell is one of the trailer texts, or a row
 * that starts with "Grand Totals (N records)" (its other cells are the
 * report's sums; no deal has that name); once one has been seen, the rows
 * of one cell that follow (the report's name, "Generated By: ...") belong
 * to the same footer.  Any other row with several cells is data, even
 * one that starts with "Total".
 */
static bool
is_skippable(ovp_table *t, const ovp_csv_record *rec)
{
	size_t len;
	bool many;
	const char *first = first_cell(rec, &len, &many);

	/* Text in the cells the reader dropped is text of the row, reported
	 * with its extra cells. */
	if (rec->dropped_text > 0) {
		if (first == NULL)
			return false;
		many = true;
	}
	if (many && is_grand_totals(first, len)) {
		t->in_footer = true;
		return true;
	}
	if (many)
		return false;
	if (first == NULL)
		return true;
	if (is_trailer_text(first, len)) {
		t->in_footer = true;
		return true;
	}
	return t->in_footer;
}

/* Read the next raw record from the file, stopping at a deferred error. */
static int
read_raw(ovp_table *t, ovp_csv_record *rec, ovp_error *err)
{
	int rc;

	if (t->eof)
		return 0;
	rc = ovp_source_next(t->src, rec, err);
	if (rc == 0)
		t->eof = true;
	return rc;
}

static int
fail_nomem(ovp_table *t, ovp_error *err)
{
	return ovp_error_set(err, OVP_ENOMEM, t->path, 0, "out of memory");
}

/* Add column i to field f. */
static void
take_column(ovp_table *t, size_t f, size_t i, bool month)
{
	t->fcols[f][t->nfcols[f]++] = (ovp_table_column){
		.index = i, .header = t->headers[i], .month = month,
	};
	t->used[i] = true;
}

/*
 * Work out which columns hold which field: the configured header when
 * there is one, else every column whose key is among the field's
 * recognised names, in the order of those names, then the columns whose
 * Jira "Custom field (X)" has X among them; for an OVP_FIELD_MONTHS field
 * with none of those, its month columns.  A column serves one field only:
 * the first field (in the loader's order) that claims it.
 */
static int
map_fields(ovp_table *t, ovp_error *err)
{
	const ovp_table_options *o = &t->opts;

	t->fcols = calloc(o->nfields, sizeof *t->fcols);
	t->nfcols = calloc(o->nfields, sizeof *t->nfcols);
	t->orders = calloc(o->nfields, sizeof *t->orders);
	t->overridden = calloc(o->nfields ? o->nfields : 1, sizeof *t->overridden);
	if (t->fcols == NULL || t->nfcols == NULL || t->orders == NULL || t->overridden == NULL)
		return fail_nomem(t, err);
	for (size_t f = 0; f < o->nfields; f++) {
		const ovp_field_def *fd = &o->fields[f];
		const char *override = o->overrides != NULL ? o->overrides[f] : NULL;
		char k[HEADER_KEY_MAX];

		t->fcols[f] = calloc(t->ncols ? t->ncols : 1, sizeof **t->fcols);
		if (t->fcols[f] == NULL)
			return fail_nomem(t, err);
		if (override != NULL) {
			t->overridden[f] = true;
			ovp_header_key(override, k, sizeof k);
			for (size_t i = 0; i < t->ncols; i++)
				if (strcmp(t->keys[i], k) == 0)
					take_column(t, f, i, false);
			if (t->nfcols[f] == 0)
				return ovp_error_set(err, OVP_EINPUT, t->path, t->header_line,
				                     "[%s] %s = \"%s\" names no column of the header",
				                     o->section ? o->section : "file", fd->key, override);
			continue;
		}
		/* Recognised names first; then Jira's "Custom field (NAME)" for any of them. */
		for (int pass = 0; pass < 2; pass++) {
			for (const char *const *name = fd->headers; name != NULL && *name != NULL; name++) {
				ovp_header_key(*name, k, sizeof k);
				for (size_t i = 0; i < t->ncols; i++) {
					const char *key = pass == 0 ? t->keys[i] : t->inner_keys[i];

					if (t->used[i] || key == NULL || strcmp(key, k) != 0)
						continue;
					take_column(t, f, i, false);
				}
			}
		}
		if (t->nfcols[f] == 0 && (fd->flags & OVP_FIELD_MONTHS))
			for (size_t i = 0; i < t->ncols; i++)
				if (!t->used[i] && t->is_month[i])
					take_column(t, f, i, true);
	}
	return 0;
}

/* The key of len bytes at s, as ovp_header_key() makes it, into a new string. */
static char *
key_dup(const char *s, size_t len)
{
	char key[HEADER_KEY_MAX];
	char *tmp = malloc(len + 1);

	if (tmp == NULL)
		return NULL;
	memcpy(tmp, s, len);
	tmp[len] = '\0';
	ovp_header_key(tmp, key, sizeof key);
	free(tmp);
	return strdup(key);
}

/* Does the header name a month or a quarter ("April 2026", "2026-04", "Q2 2026")? */
static bool
header_is_month(const char *h, size_t len)
{
	static const ovp_date_context ctx = {OVP_ORDER_AUTO, OVP_DAY_NONE, false};
	ovp_window w;

	return ovp_date_parse(h, len, &ctx, &w) == OVP_DATE_OK &&
	       (w.period == OVP_PERIOD_MONTH || w.period == OVP_PERIOD_QUARTER);
}

/*
 * Read the header record and key each column.  The name is compared
 * without Pipedrive's entity prefix ("Deal - Title", with
 * strip_entity_prefix) and without the "__c" suffix of Salesforce custom
 * fields ("Promised_Features__c", as the Data Loader names them); Jira's
 * "Custom field (X)" also gets the key of X, tried after the full names.
 */
static int
read_header(ovp_table *t, ovp_error *err)
{
	ovp_csv_record rec;
	int rc;

	/* Lines of nothing but blanks and delimiters before the header are not
	 * the header (the reader itself skips only empty lines). */
	do
		rc = read_raw(t, &rec, err);
	while (rc > 0 && is_blank(&rec));
	if (rc < 0)
		return rc;
	if (rc == 0) {
		ovp_source_info info;

		ovp_source_get_info(t->src, &info);
		if (info.format == OVP_SOURCE_XLSX)
			return ovp_error_set(err, OVP_EINPUT, t->path, 0,
			                     "sheet \"%s\" has no cells: expected a header row naming the "
			                     "columns",
			                     info.xlsx.sheet);
		if (info.csv.bytes == 0)
			return ovp_error_set(err, OVP_EINPUT, t->path, 1,
			                     "empty file: expected a header line naming the columns");
		return ovp_error_set(err, OVP_EINPUT, t->path, 1,
		                     "only blank lines: expected a header line naming the columns");
	}
	/* Header names past the reader's limit would be columns lost unseen,
	 * the promised features among them perhaps: an error, not a guess. */
	if (rec.dropped > 0)
		return ovp_error_set(err, OVP_ELIMIT, t->path, rec.line,
		                     "more than %d columns in the header", OVP_CSV_MAX_CELLS);
	t->header_line = rec.line;
	t->ncols = rec.ncells;
	t->headers = calloc(t->ncols, sizeof *t->headers);
	t->keys = calloc(t->ncols, sizeof *t->keys);
	t->inner_keys = calloc(t->ncols, sizeof *t->inner_keys);
	t->used = calloc(t->ncols, sizeof *t->used);
	t->is_month = calloc(t->ncols, sizeof *t->is_month);
	for (int k = 0; k < ONCE_KINDS; k++)
		t->once[k] = calloc(t->ncols + 1, 1);
	if (t->headers == NULL || t->keys == NULL || t->inner_keys == NULL || t->used == NULL ||
	    t->is_month == NULL || t->once[ONCE_UTF8] == NULL || t->once[ONCE_CUT] == NULL ||
	    t->once[ONCE_NUL] == NULL)
		return fail_nomem(t, err);
	for (size_t i = 0; i < t->ncols; i++) {
		size_t len;
		const char *h = ovp_trim(rec.cells[i], rec.lens[i], &len);
		const char *name = h;
		size_t nlen = len;

		t->headers[i] = malloc(len + 1);
		if (t->headers[i] == NULL)
			return fail_nomem(t, err);
		memcpy(t->headers[i], h, len);
		t->headers[i][len] = '\0';
		t->is_month[i] = header_is_month(h, len);
		/* Pipedrive prefixes every column with its entity: "Deal - Title". */
		if (t->opts.strip_entity_prefix && nlen > 7 && strncmp(name, "Deal - ", 7) == 0) {
			name += 7;
			nlen -= 7;
		}
		/* Salesforce API names of custom fields end in "__c". */
		if (nlen > 3 && name[nlen - 3] == '_' && name[nlen - 2] == '_' &&
		    (name[nlen - 1] == 'c' || name[nlen - 1] == 'C'))
			nlen -= 3;
		t->keys[i] = key_dup(name, nlen);
		if (t->keys[i] == NULL)
			return fail_nomem(t, err);
		if (nlen > 14 && strncasecmp(name, "Custom field (", 14) == 0 && name[nlen - 1] == ')') {
			t->inner_keys[i] = key_dup(name + 14, nlen - 15);
			if (t->inner_keys[i] == NULL)
				return fail_nomem(t, err);
		}
	}
	return 0;
}

/*
 * Does a header name say that its column holds dates?  Its key contains a
 * word of dates ("Due date", "Closing Date", "Created Time", "ETA", the
 * "Baseline" and "Original target" of a plan) or ends like "Completed
 * At", "Released on", "Required By".
 */
static bool
key_says_date(const char *key)
{
	static const char *const words[] = {
		"date", "due", "deadline", "eta", "target", "end", "start", "created", "completed",
		"resolved", "closed", "shipped", "released", "time", "quarter", "golive", "baseline",
		"planned", "committed", "original", NULL,
	};
	size_t n = strlen(key);

	for (const char *const *w = words; *w != NULL; w++)
		if (strstr(key, *w) != NULL)
			return true;
	return n > 2 && (strcmp(key + n - 2, "at") == 0 || strcmp(key + n - 2, "on") == 0 ||
	                 strcmp(key + n - 2, "by") == 0);
}

/* Add the date evidence of the date columns of rec to their sniffs and the file's. */
static void
sniff_record(ovp_table *t, const ovp_csv_record *rec, ovp_date_sniff *sniffs,
             ovp_date_sniff *file_sniff)
{
	const ovp_table_options *o = &t->opts;

	for (size_t f = 0; f < o->nfields; f++) {
		if (!(o->fields[f].flags & OVP_FIELD_DATE))
			continue;
		for (size_t c = 0; c < t->nfcols[f]; c++) {
			size_t idx = t->fcols[f][c].index, len;
			const char *v;

			if (t->fcols[f][c].month || idx >= rec->ncells)
				continue;
			v = ovp_trim(rec->cells[idx], rec->lens[idx], &len);
			if (len == 0)
				continue;
			ovp_date_sniff_add2(&sniffs[idx], file_sniff, v, len);
		}
	}
}

/*
 * Decide, for every column of a date field, its day/month order (the
 * configured one; else the column's own evidence; else the file's; else
 * left to the separator of each value) and whether bare numbers in the
 * Excel serial range are dates there (the header says dates, or other
 * values of the column read as dates).
 */
static void
decide_orders(ovp_table *t, const ovp_date_sniff *sniffs, const ovp_date_sniff *file_sniff)
{
	const ovp_table_options *o = &t->opts;
	ovp_date_order file_order = ovp_date_sniff_decide(file_sniff);

	for (size_t f = 0; f < o->nfields; f++) {
		t->orders[f] = OVP_ORDER_AUTO;
		if (!(o->fields[f].flags & OVP_FIELD_DATE))
			continue;
		for (size_t c = 0; c < t->nfcols[f]; c++) {
			ovp_table_column *col = &t->fcols[f][c];
			const ovp_date_sniff *sn = &sniffs[col->index];

			if (col->month)
				continue;
			if (o->order != OVP_ORDER_AUTO) {
				col->order = o->order;
				col->order_source = OVP_ORDER_FROM_CONFIG;
			} else if ((col->order = ovp_date_sniff_decide(sn)) != OVP_ORDER_AUTO) {
				col->order_source = OVP_ORDER_FROM_COLUMN;
			} else if ((col->order = file_order) != OVP_ORDER_AUTO) {
				col->order_source = OVP_ORDER_FROM_FILE;
			} else {
				col->order_source = OVP_ORDER_FROM_DEFAULT;
			}
			col->serials = key_says_date(t->keys[col->index]) || sn->dates > 0;
			col->numeric = sn->numeric > 0;
			if (c == 0)
				t->orders[f] = col->order;
		}
	}
}

/*
 * Read rows ahead (up to `lookahead` rows or LOOKAHEAD_BUDGET bytes,
 * whichever comes first) and decide the date columns from them.  An error
 * met on the way is kept and returned after the rows read before it.
 */
static int
look_ahead(ovp_table *t, ovp_error *err)
{
	const ovp_table_options *o = &t->opts;
	size_t limit = o->lookahead ? o->lookahead : DEFAULT_LOOKAHEAD;
	size_t bytes = 0, cap = 0;
	ovp_date_sniff *sniffs = calloc(t->ncols + 1, sizeof *sniffs);
	ovp_date_sniff *file_sniff;

	if (sniffs == NULL)
		return fail_nomem(t, err);
	file_sniff = &sniffs[t->ncols];
	while (t->nqueue < limit && bytes < LOOKAHEAD_BUDGET) {
		ovp_csv_record rec;
		saved_record *s;
		int rc = read_raw(t, &rec, &t->deferred);

		if (rc < 0) {
			/* Hand out the rows before the error first, then the error. */
			t->has_deferred = true;
			break;
		}
		if (rc == 0)
			break;
		if (t->nqueue == cap) {
			size_t ncap = cap ? cap * 2 : 256;
			saved_record **q = realloc(t->queue, ncap * sizeof *q);

			if (q == NULL) {
				free(sniffs);
				return fail_nomem(t, err);
			}
			t->queue = q;
			cap = ncap;
		}
		s = save_record(&rec, &bytes);
		if (s == NULL) {
			free(sniffs);
			return fail_nomem(t, err);
		}
		t->queue[t->nqueue++] = s;
		sniff_record(t, &s->rec, sniffs, file_sniff);
	}
	decide_orders(t, sniffs, file_sniff);
	free(sniffs);
	return 0;
}

int
ovp_table_open(ovp_table **out, const char *path, const ovp_table_options *opts, ovp_error *err)
{
	ovp_table *t = calloc(1, sizeof *t);
	ovp_source_options so = {0};
	int rc;

	*out = NULL;
	if (t == NULL)
		return ovp_error_set(err, OVP_ENOMEM, path, 0, "out of memory");
	t->opts = *opts;
	t->path = strdup(strcmp(path, "-") == 0 ? "<stdin>" : path);
	if (t->path == NULL) {
		free(t);
		return ovp_error_set(err, OVP_ENOMEM, path, 0, "out of memory");
	}
	so.delimiter = opts->delimiter;
	so.sheet = opts->sheet;
	so.problem = on_csv_problem;
	so.problem_ctx = t;
	rc = ovp_source_open(&t->src, path, &so, err);
	if (rc == 0)
		rc = read_header(t, err);
	if (rc == 0)
		rc = map_fields(t, err);
	if (rc == 0)
		rc = look_ahead(t, err);
	if (rc < 0) {
		ovp_table_close(t);
		return rc;
	}
	*out = t;
	return 0;
}

/* Report, once per file, rows that are shorter or longer than the header. */
static int
check_width(ovp_table *t, const ovp_csv_record *rec)
{
	char msg[160];

	if (rec->ncells < t->ncols && !t->reported_short) {
		t->reported_short = true;
		snprintf(msg, sizeof msg,
		         "row has %zu cells, the header %zu; the missing cells are read as empty "
		         "(reported once per file)",
		         rec->ncells, t->ncols);
		return ovp_problem_list_add(&t->pending, t->path, rec->line, "", "", 0, msg);
	}
	if (rec->ncells + rec->dropped > t->ncols && !t->reported_long) {
		/* Cells past the reader's limit were dropped, not kept: only counted. */
		size_t extra = rec->dropped_text;

		/* Trailing empty cells (a stray delimiter at the end) are harmless. */
		for (size_t i = t->ncols; i < rec->ncells; i++)
			if (rec->lens[i] > 0)
				extra++;
		if (extra == 0)
			return 0;
		t->reported_long = true;
		snprintf(msg, sizeof msg,
		         "row has %zu cells, the header %zu; the extra cells are ignored "
		         "(reported once per file)",
		         rec->ncells + rec->dropped, t->ncols);
		return ovp_problem_list_add(&t->pending, t->path, rec->line, "", "", 0, msg);
	}
	return 0;
}

int
ovp_table_next(ovp_table *t, ovp_table_row *row, ovp_error *err)
{
	for (;;) {
		const ovp_csv_record *rec;
		int rc;

		if (t->qpos < t->nqueue) {
			/* The previous look-ahead row is no longer borrowed by anyone. */
			if (t->qpos > 0) {
				free(t->queue[t->qpos - 1]);
				t->queue[t->qpos - 1] = NULL;
			}
			rec = &t->queue[t->qpos++]->rec;
		} else {
			if (t->qpos > 0 && t->queue[t->qpos - 1] != NULL) {
				free(t->queue[t->qpos - 1]);
				t->queue[t->qpos - 1] = NULL;
			}
			if (t->has_deferred) {
				if (err != NULL)
					*err = t->deferred;
				return t->deferred.code;
			}
			rc = read_raw(t, &t->live, err);
			if (rc <= 0)
				return rc;
			rec = &t->live;
		}
		if (is_skippable(t, rec)) {
			t->skipped++;
			continue;
		}
		rc = check_width(t, rec);
		if (rc < 0)
			return fail_nomem(t, err);
		row->line = rec->line;
		row->rec = rec;
		t->last_line = rec->line;
		t->rows++;
		return 1;
	}
}

bool
ovp_table_ahead(const ovp_table *t, size_t i, ovp_table_row *row)
{
	const ovp_csv_record *rec;

	if (i >= t->nqueue - t->qpos)
		return false;
	rec = &t->queue[t->qpos + i]->rec;
	row->line = rec->line;
	row->rec = rec;
	return true;
}

bool
ovp_table_has(const ovp_table *t, size_t f)
{
	return f < t->opts.nfields && t->nfcols[f] > 0;
}

const ovp_table_column *
ovp_table_columns(const ovp_table *t, size_t f, size_t *n)
{
	*n = f < t->opts.nfields ? t->nfcols[f] : 0;
	return *n ? t->fcols[f] : NULL;
}

/* Is a cell of a month column marked?  Any text but a no ("-", "0", "no") marks it. */
static bool
month_marked(const char *v, size_t len)
{
	char key[8];
	char buf[8];

	if (len == 0)
		return false;
	if (len >= sizeof buf)
		return true;
	memcpy(buf, v, len);
	buf[len] = '\0';
	ovp_header_key(buf, key, sizeof key);
	return !(key[0] == '\0' || strcmp(key, "0") == 0 || strcmp(key, "no") == 0 ||
	         strcmp(key, "n") == 0 || strcmp(key, "false") == 0);
}

/*
 * ovp_table_get() the long way: any number of columns, month columns,
 * blanks to trim.  Out of line, so that the short way needs no registers
 * saved.
 */
static OVP_NOINLINE const char *
get_any(const ovp_table *t, const ovp_table_row *row, size_t f, size_t *len,
        const ovp_table_column **col)
{
	const ovp_table_column *found = NULL;

	if (col != NULL)
		*col = NULL;
	*len = 0;
	if (f >= t->opts.nfields)
		return "";
	for (size_t c = 0; c < t->nfcols[f]; c++) {
		const ovp_table_column *tc = &t->fcols[f][c];
		const char *v = ovp_table_cell(row, tc->index, len);

		if (tc->month) {
			/* The planned month is the last one marked. */
			if (month_marked(v, *len))
				found = tc;
			continue;
		}
		if (*len > 0) {
			if (col != NULL)
				*col = tc;
			return v;
		}
	}
	if (found != NULL) {
		if (col != NULL)
			*col = found;
		*len = strlen(found->header);
		return found->header;
	}
	*len = 0;
	return "";
}

const char *
ovp_table_get(const ovp_table *t, const ovp_table_row *row, size_t f, size_t *len,
              const ovp_table_column **col)
{
	size_t ncols = f < t->opts.nfields ? t->nfcols[f] : 0;

	/* Every row asks for a dozen fields.  Most have no column or one, and
	 * its cell is empty, missing (a short row) or holds text with nothing
	 * to trim: answer those without a call. */
	if (ncols == 0)
		return ovp_table_plain_cell(NULL, row, len, col);
	if (ncols == 1 && !t->fcols[f][0].month && row != NULL && row->rec != NULL) {
		const char *v = ovp_table_plain_cell(&t->fcols[f][0], row, len, col);

		if (v != NULL)
			return v;
	}
	return get_any(t, row, f, len, col);
}

ovp_date_order
ovp_table_date_order(const ovp_table *t, size_t f)
{
	return f < t->opts.nfields ? t->orders[f] : OVP_ORDER_AUTO;
}

size_t
ovp_table_nfields(const ovp_table *t)
{
	return t->opts.nfields;
}

const ovp_field_def *
ovp_table_field(const ovp_table *t, size_t f)
{
	return f < t->opts.nfields ? &t->opts.fields[f] : NULL;
}

bool
ovp_table_field_overridden(const ovp_table *t, size_t f)
{
	return f < t->opts.nfields && t->overridden[f];
}

size_t
ovp_table_ncolumns(const ovp_table *t)
{
	return t->ncols;
}

const char *
ovp_table_header(const ovp_table *t, size_t i)
{
	return i < t->ncols ? t->headers[i] : "";
}

bool
ovp_table_column_used(const ovp_table *t, size_t i)
{
	return i < t->ncols && t->used[i];
}

long
ovp_table_header_line(const ovp_table *t)
{
	return t->header_line;
}

const ovp_source *
ovp_table_source(const ovp_table *t)
{
	return t->src;
}

const char *
ovp_table_sheet(const ovp_table *t)
{
	ovp_source_info info;

	ovp_source_get_info(t->src, &info);
	return info.format == OVP_SOURCE_XLSX ? info.xlsx.sheet : NULL;
}

const ovp_problem *
ovp_table_take_problems(ovp_table *t, size_t *n)
{
	size_t k = 0;

	/* Nearly every row has none, and none were handed out last time. */
	if (t->pending.n == 0 && t->taken.n == 0) {
		*n = 0;
		return NULL;
	}
	/* Hand out the problems up to the current row; keep later ones (found
	 * during look-ahead) for the rows they belong to. */
	while (k < t->pending.n && t->pending.items[k].line <= t->last_line)
		k++;
	if (k < t->pending.n && t->eof && t->qpos >= t->nqueue)
		k = t->pending.n;
	ovp_problem_list_clear(&t->taken);
	if (k == t->pending.n) {
		ovp_problem_list tmp = t->taken;

		t->taken = t->pending;
		t->pending = tmp;
	} else {
		/* Copy the first k into taken; the rest stay pending (their
		 * strings stay in the pending arena, which is not reset). */
		for (size_t i = 0; i < k; i++) {
			const ovp_problem *p = &t->pending.items[i];

			(void)ovp_problem_list_add(&t->taken, p->file, p->line, p->column, p->value,
			                           strlen(p->value), p->message);
		}
		memmove(t->pending.items, t->pending.items + k,
		        (t->pending.n - k) * sizeof *t->pending.items);
		t->pending.n -= k;
	}
	*n = t->taken.n;
	return t->taken.n ? t->taken.items : NULL;
}

unsigned long
ovp_table_skipped_rows(const ovp_table *t)
{
	return t->skipped;
}

unsigned long
ovp_table_data_rows(const ovp_table *t)
{
	return t->rows;
}

void
ovp_table_close(ovp_table *t)
{
	if (t == NULL)
		return;
	ovp_source_close(t->src);
	for (size_t i = 0; i < t->ncols; i++) {
		if (t->headers != NULL)
			free(t->headers[i]);
		if (t->keys != NULL)
			free(t->keys[i]);
		if (t->inner_keys != NULL)
			free(t->inner_keys[i]);
	}
	free(t->headers);
	free(t->keys);
	free(t->inner_keys);
	free(t->used);
	free(t->is_month);
	free(t->overridden);
	if (t->fcols != NULL)
		for (size_t f = 0; f < t->opts.nfields; f++)
			free(t->fcols[f]);
	free(t->fcols);
	free(t->nfcols);
	free(t->orders);
	for (size_t i = 0; i < t->nqueue; i++)
		free(t->queue[i]);
	free(t->queue);
	for (int k = 0; k < ONCE_KINDS; k++)
		free(t->once[k]);
	ovp_problem_list_free(&t->pending);
	ovp_problem_list_free(&t->taken);
	free(t->path);
	free(t);
}
