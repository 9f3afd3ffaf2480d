/*
 * The deals loader: the deals export read one deal at a time (see deals.h).
 *
 * Rows are grouped into deals as they stream by: consecutive rows with
 * the same deal id (else name) are one deal, so a long export (one row
 * per promise) and a wide one (all promises in one cell) read the same.
 * Two deal buffers take turns: one is handed to the caller while the
 * other is being filled from the row that started the next deal.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <overpromise/config.h>
#include <overpromise/deal_builder.h>
#include <overpromise/deals.h>
#include <overpromise/promise.h>

#include "amount.h"
#include "date_impl.h"
#include "date_phrase.h"
#include "deal_builder_impl.h"
#include "load_hooks.h"
#include "problem_list.h"
#include "source.h"
#include "table.h"
#include "util/arena.h"
#include "util/str.h"

enum {
	F_ID,
	F_NAME,
	F_ACCOUNT,
	F_AMOUNT,
	F_CURRENCY,
	F_STAGE,
	F_STATUS,
	F_CLOSE,
	F_OWNER,
	F_PROMISES,
	F_PROMISED_DATE,
	F_SIGN_OFF,
	F_COUNT
};

#define H(...) ((const char *const[]){__VA_ARGS__, NULL})

/*
 * The recognised headers, in order of precedence (SPEC 2.4), from
 * Salesforce reports ("Opportunity Name", "Amount Currency", "Close
 * Date") and Data Loader extracts (API names: "Id", "Name", "StageName",
 * "CloseDate", "CurrencyIsoCode"; custom fields lose their "__c"),
 * HubSpot ("Record ID", "Deal Name", "Deal Stage", "Associated Company"),
 * Pipedrive ("Deal - Title", compared without "Deal - "), Dynamics 365
 * ("(Do Not Modify) Opportunity", "Topic", "Potential Customer", "Est.
 * Close Date", "Est. Revenue", "Status"; its API names "estimatedvalue"),
 * Zoho CRM ("Record Id", "Deal Name", "Closing Date", "Stage"; its API
 * names, with the lookups' "Account_Name__name" and "$currency_symbol")
 * and hand-made sheets.
 */
static const ovp_field_def fields[F_COUNT] = {
	[F_ID] = {"id",
	          H("Opportunity ID", "(Do Not Modify) Opportunity", "Deal ID", "Record ID", "Id",
	            "Opportunity: ID", "Deal Id"),
	          0},
	[F_NAME] = {"name",
	            H("Opportunity Name", "Deal Name", "Name", "Title", "Topic", "Potential Name",
	              "Opportunity", "Deal"),
	            0},
	[F_ACCOUNT] = {"account",
	               H("Account Name", "Account", "Company", "Organization", "Associated Company",
	                 "Associated Company (Primary)", "Potential Customer", "Company Name",
	                 "Customer", "Potential Account", "Account Name: Account Name",
	                 "Organization name", "Account_Name__name"),
	               0},
	[F_AMOUNT] = {"amount",
	              H("Amount", "Amount (converted)", "Value", "Est. Revenue", "Estimated Revenue",
	                "Deal Value", "Deal Amount", "ARR", "ACV", "Total Contract Value",
	                "Estimated Value", "Expected Revenue"),
	              0},
	[F_CURRENCY] = {"currency",
	                H("Amount Currency", "Currency", "Currency of value", "Opportunity Currency",
	                  "CurrencyIsoCode", "Currency ISO Code", "Deal Currency",
	                  "Deal Currency Code", "$currency_symbol", "Currency Symbol"),
	                0},
	[F_STAGE] = {"stage",
	             H("Stage", "StageName", "Deal Stage", "Sales Stage", "Pipeline Stage",
	               "Opportunity Stage", "Pipeline Phase"),
	             0},
	[F_STATUS] = {"status", H("Status", "Deal Status", "Status Reason", "Opportunity Status"), 0},
	[F_CLOSE] = {"close",
	             H("Close Date", "CloseDate", "Expected close date", "Est. Close Date",
	               "Estimated Close Date", "Closing Date", "Actual Close Date"),
	             OVP_FIELD_DATE},
	[F_OWNER] = {"owner",
	             H("Opportunity Owner", "Deal owner", "Owner", "Deal Owner Name", "Owner Name",
	               "Sales Rep"),
	             0},
	[F_PROMISES] = {"promises",
	                H("Promised Features", "Committed Features", "Feature Commitments", "Promises",
	                  "Required Features", "Promised Feature", "Features", "Feature",
	                  "Roadmap Items", "Roadmap Item"),
	                OVP_FIELD_MULTI},
	[F_PROMISED_DATE] = {"promised_date",
	                     H("Promised Date", "Delivery Date", "Committed Date", "Go-live Date",
	                       "Go Live Date", "Required By", "Required Date", "Due Date"),
	                     OVP_FIELD_DATE},
	[F_SIGN_OFF] = {"sign_off",
	                H("Solution Engineer", "Sales Engineer", "Solution Expert", "Solution Consultant",
	                  "Technical Approval", "Technical Sign-off", "SE Approved", "SE Sign-off"),
	                0},
};

/* Cells of a sign-off column that record no sign-off. */
static const char *const no_sign_off[] = {
	"no", "n", "false", "0", "none", "pending", "not approved", "rejected", "tbd", "na", "n a",
	"unassigned", NULL,
};

/* Room for the words of a sign-off cell: more than the longest no above. */
#define SIGN_OFF_WORDS 16

typedef struct deal_buf {
	ovp_deal_builder *builder; /* the deal, its promises and problems */
	ovp_deal *deal;            /* the builder's, for its fields */
	const char *key; /* grouping key: id, else name; NULL for a row with neither */
	size_t keylen;
	bool started;
	size_t nrows;    /* rows of the deal so far, bounded by OVP_DEAL_MAX_PROMISES */
} deal_buf;

struct ovp_deals_reader {
	ovp_table *table;
	char *path;               /* for messages and problems */
	deal_buf bufs[2];
	int building;             /* index of the buffer being filled */
	int returned;             /* index of the buffer handed out, or -1 */
	ovp_date_order cell_order; /* order for dates inside promise cells */
	ovp_order_source cell_order_source;
	ovp_day as_of;            /* for the date phrases of promises */
	/* Per first character of a no of no_sign_off, the bits of the
	 * characters that follow it there (no_next_symbol()). */
	uint64_t no_next[256];
	const ovp_problem *trailing;
	size_t ntrailing;
	ovp_load_hooks hooks;     /* for inspect; zero when none */
	bool no_key_column;       /* neither an id nor a name column (read on for inspect only) */
	/* Each field's columns resolved once: plain[f] when the field has no
	 * column or one that is no month column, its column one[f] (NULL for
	 * none); other fields go through ovp_table_get(). */
	bool plain[F_COUNT];
	const ovp_table_column *one[F_COUNT];
	/* The promise columns, and whether a sign-off column is there, asked once. */
	const ovp_table_column *promise_cols;
	size_t npromise_cols;
	bool signoff_column;
};

static int
buf_problem(deal_buf *b, const char *file, long line, const char *column, const char *value,
            size_t vlen, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 7, 8)))
#endif
	;

static int
buf_problem(deal_buf *b, const char *file, long line, const char *column, const char *value,
            size_t vlen, const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = ovp_problem_list_vaddf(&b->builder->problems, file, line, column, value, vlen, fmt, ap);
	va_end(ap);
	return rc;
}

static void
buf_reset(deal_buf *b)
{
	ovp_deal_reset_inline(b->builder);
	b->key = NULL;
	b->keylen = 0;
	b->started = false;
	b->nrows = 0;
}

static void
buf_free(deal_buf *b)
{
	ovp_deal_free(b->builder);
}

/*
 * ovp_table_get() of field f, with the column of a field of one plain
 * column resolved at open, so that most cells are answered without a call
 * (ovp_table_plain_cell()).
 */
static inline const char *
get(const ovp_deals_reader *r, const ovp_table_row *row, size_t f, size_t *len,
    const ovp_table_column **col)
{
	if (r->plain[f]) {
		const char *v = ovp_table_plain_cell(r->one[f], row, len, col);

		if (v != NULL)
			return v;
	}
	return ovp_table_get(r->table, row, f, len, col);
}

/* Resolve the columns of every field for get(), and those that every row asks about. */
static void
resolve_fields(ovp_deals_reader *r)
{
	for (size_t f = 0; f < F_COUNT; f++) {
		size_t n;
		const ovp_table_column *cols = ovp_table_columns(r->table, f, &n);

		r->plain[f] = n == 0 || (n == 1 && !cols[0].month);
		r->one[f] = n == 1 ? &cols[0] : NULL;
	}
	r->promise_cols = ovp_table_columns(r->table, F_PROMISES, &r->npromise_cols);
	r->signoff_column = ovp_table_has(r->table, F_SIGN_OFF);
}

/* A copy of field f of row in the deal's arena ("" when empty); *len its length. */
static inline const char *
dup_field(ovp_deals_reader *r, deal_buf *b, const ovp_table_row *row, size_t f, size_t *len)
{
	const char *v = get(r, row, f, len, NULL);

	return ovp_deal_strndup(b->builder, v, *len);
}

/*
 * Does a stage or status (len bytes at s, up to a NUL) say lost?  Its key
 * as ovp_header_key() makes it is "lost" or starts with "closedlost".
 * The key is compared while it is made, so that most stages ("Needs
 * Analysis", "Closed Won") are told apart within a few letters, without
 * a copy.
 */
static bool
stage_lost(const char *s, size_t len)
{
	static const char lost[] = "lost", closed_lost[] = "closedlost";
	bool may_lost = true, may_closed = true;
	size_t n = 0;

	for (size_t i = 0; i < len && s[i] != '\0'; i++) {
		int c = ovp_key_char((unsigned char)s[i]);

		if (c == 0)
			continue;
		may_lost = may_lost && n < 4 && c == lost[n];
		may_closed = may_closed && c == closed_lost[n];
		if (may_closed && n == 9)
			return true;
		if (!may_lost && !may_closed)
			return false;
		n++;
	}
	return may_lost && n == 4;
}

bool
ovp_deal_stage_lost(const char *s)
{
	return stage_lost(s, strlen(s));
}

/*
 * The bit of the character after the first of a cell's words, as the
 * words of ovp_ascii_words_in() have it: a letter (in lower case) or a
 * digit when the first word goes on, else one bit for a word of one
 * character (the words end, or a space and the next one follow).
 */
static unsigned
no_next_symbol(unsigned char c)
{
	unsigned char l = (unsigned char)(c | 0x20);

	if (l >= 'a' && l <= 'z')
		return l - 'a';
	if (c >= '0' && c <= '9')
		return 26 + (c - '0');
	return 36;
}

/*
 * Does a sign-off cell record a sign-off (a name, "yes"), not a no or
 * nothing?  no_next tells the first two characters of the noes.
 */
static bool
signs_off(const char *s, size_t len, const uint64_t no_next[256])
{
	char words[SIGN_OFF_WORDS];

	/* Most cells are names: their first two characters already tell them from every no. */
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)(s[i] | 0x20);

		if ((c >= 'a' && c <= 'z') || (s[i] >= '0' && s[i] <= '9')) {
			unsigned next = i + 1 < len ? no_next_symbol((unsigned char)s[i + 1]) : 36;

			if ((no_next[c] >> next & 1) == 0)
				return true;
			break;
		}
	}
	/* Words too many for the buffer are no entry of no_sign_off: a name. */
	if (!ovp_ascii_words_in(s, len, words, sizeof words))
		return true;
	if (words[0] == '\0')
		return false; /* nothing, or only punctuation such as "-" */
	for (const char *const *w = no_sign_off; *w != NULL; w++)
		if (words[0] == (*w)[0] && strcmp(words, *w) == 0)
			return false;
	return true;
}

/* The context a date field's cells are read in: phrases are read against the as-of day. */
static ovp_date_context
date_context(const ovp_deals_reader *r, const ovp_table_column *col, bool phrases)
{
	return ovp_table_date_context(col, phrases ? r->as_of : OVP_DAY_NONE);
}

/*
 * A date cell of a row, looked up once: its text, its column and the
 * context it is read in, and where the date cache keeps its parse.
 */
typedef struct date_cell {
	const char *v;
	size_t len;
	const ovp_table_column *col;
	ovp_date_context ctx;
	bool phrases; /* read with the date phrases of promises */
	ovp_date_probe probe;
} date_cell;

/*
 * Look up field f of row as a date cell (with phrases: the date phrases
 * of promises too, against the as-of day) and start loading the date
 * cache's set where its parse will look: a hit on that large cache is
 * otherwise a wait on memory, which now overlaps the rest of the row.
 */
static void
date_cell_start(const ovp_deals_reader *r, const ovp_table_row *row, size_t f, bool phrases,
                date_cell *dc)
{
	dc->v = get(r, row, f, &dc->len, &dc->col);
	dc->ctx = date_context(r, dc->col, phrases);
	dc->phrases = phrases;
	ovp_date_probe_start(dc->v, dc->len, &dc->ctx, phrases, &dc->probe);
}

/*
 * Read the date cell dc of row; a cell that is no date becomes a
 * problem.  With text, its copy in the deal's memory ("" when empty).
 */
static int
read_date(ovp_deals_reader *r, deal_buf *b, const ovp_table_row *row, const date_cell *dc,
          ovp_window *w, const char **text)
{
	size_t len = dc->len;
	const char *v = dc->v;
	const ovp_table_column *col = dc->col;
	ovp_date_status st;

	*w = OVP_WINDOW_NONE;
	if (text != NULL) {
		*text = len > 0 ? ovp_deal_strndup(b->builder, v, len) : "";
		if (*text == NULL)
			return OVP_ENOMEM;
	}
	if (len == 0)
		return 0;
	st = ovp_date_parse_probed(v, len, &dc->ctx, dc->phrases, &dc->probe, w);
	if (st == OVP_DATE_OK || st == OVP_DATE_EMPTY)
		return 0;
	*w = OVP_WINDOW_NONE;
	if (st == OVP_DATE_IMPOSSIBLE)
		return buf_problem(b, r->path, row->line, col->header, v, len,
		                   "impossible date \"%.*s\"; no date used", (int)len, v);
	if (st == OVP_DATE_CONFLICT)
		return buf_problem(b, r->path, row->line, col->header, v, len,
		                   "date \"%.*s\" contradicts the column's %s order; no date used",
		                   (int)len, v,
		                   dc->ctx.order == OVP_ORDER_DMY ? "day/month" : "month/day");
	return buf_problem(b, r->path, row->line, col->header, v, len,
	                   "unknown date \"%.*s\"; no date used", (int)len, v);
}

/* Take the deal's own fields from its first row, whose close date is close. */
static int
start_deal(ovp_deals_reader *r, deal_buf *b, const ovp_table_row *row, const date_cell *close)
{
	ovp_deal *d = b->deal;
	size_t len, clen, idlen, namelen, stagelen;
	const ovp_table_column *col;
	const char *v;
	char cur[OVP_CURRENCY_SIZE] = "";
	int rc;

	b->started = true;
	d->line = row->line;
	d->id = dup_field(r, b, row, F_ID, &idlen);
	d->name = dup_field(r, b, row, F_NAME, &namelen);
	d->account = dup_field(r, b, row, F_ACCOUNT, &len);
	d->stage = dup_field(r, b, row, F_STAGE, &stagelen);
	d->owner = dup_field(r, b, row, F_OWNER, &len);
	if (d->id == NULL || d->name == NULL || d->account == NULL || d->stage == NULL ||
	    d->owner == NULL)
		return OVP_ENOMEM;
	b->key = idlen > 0 ? d->id : namelen > 0 ? d->name : NULL;
	b->keylen = idlen > 0 ? idlen : namelen;
	/* Without either column (inspect reads such a file on), that is said once, not per row. */
	if (b->key == NULL && !r->no_key_column) {
		rc = buf_problem(b, r->path, row->line, "", "", 0,
		                 "deal has neither an id nor a name; it is checked on its own");
		if (rc < 0)
			return rc;
	}
	if (stagelen == 0) {
		const char *status = dup_field(r, b, row, F_STATUS, &stagelen);

		if (status == NULL)
			return OVP_ENOMEM;
		d->stage = status;
	}
	d->lost = stage_lost(d->stage, stagelen);
	if (!d->lost) {
		v = get(r, row, F_STATUS, &len, NULL);
		if (len > 0 && len < 64)
			d->lost = stage_lost(v, len);
	}

	v = get(r, row, F_AMOUNT, &len, &col);
	if (len > 0) {
		ovp_amount_status st = ovp_amount_parse(v, len, &d->amount, cur);

		d->has_amount = st == OVP_AMOUNT_OK;
		if (st == OVP_AMOUNT_INVALID) {
			rc = buf_problem(b, r->path, row->line, col->header, v, len,
			                 "unknown amount \"%.*s\"; the deal is checked without an amount",
			                 (int)len, v);
			if (rc < 0)
				return rc;
		}
	}
	/* A currency column is more specific than a "$" in the amount. */
	v = get(r, row, F_CURRENCY, &clen, &col);
	if (clen > 0) {
		char c2[OVP_CURRENCY_SIZE];

		if (ovp_currency_parse(v, clen, c2) == 0) {
			memcpy(cur, c2, sizeof cur);
		} else {
			rc = buf_problem(b, r->path, row->line, col->header, v, clen,
			                 "unknown currency \"%.*s\"", (int)clen, v);
			if (rc < 0)
				return rc;
		}
	}
	d->currency = ovp_deal_strndup(b->builder, cur, strlen(cur));
	if (d->currency == NULL)
		return OVP_ENOMEM;
	rc = read_date(r, b, row, close, &d->close, NULL);
	if (rc < 0)
		return rc;
	d->signoff_column = r->signoff_column;
	return 0;
}

/* Add a row's promises (and sign-off) to the deal being built; due is its promised date. */
static int
add_row(ovp_deals_reader *r, deal_buf *b, const ovp_table_row *row, const date_cell *due)
{
	ovp_date_context ctx = {r->cell_order, r->as_of, false};
	ovp_promise_origin at = {r->path, "", row->line, OVP_WINDOW_NONE, "", &ctx, false};
	size_t ncols = r->npromise_cols, len;
	const ovp_table_column *cols = r->promise_cols;
	const char *v;
	int rc;

	if (++b->nrows > OVP_DEAL_MAX_PROMISES)
		return OVP_ELIMIT;
	rc = read_date(r, b, row, due, &at.row_due, &at.row_due_text);
	if (rc < 0)
		return rc;
	for (size_t c = 0; c < ncols; c++) {
		v = ovp_table_cell(row, cols[c].index, &len);
		at.column = cols[c].header;
		rc = ovp_deal_add_cell(b->builder, v, len, &at, NULL);
		if (rc < 0)
			return rc;
	}
	v = get(r, row, F_SIGN_OFF, &len, NULL);
	if (signs_off(v, len, r->no_next))
		b->deal->signed_off = true;
	return 0;
}

/* Move the table's problems found up to this row into the deal. */
static int
take_problems(ovp_deals_reader *r, deal_buf *b)
{
	size_t n;
	const ovp_problem *p = ovp_table_take_problems(r->table, &n);

	for (size_t i = 0; i < n; i++) {
		int rc = buf_problem(b, r->path, p[i].line, p[i].column, p[i].value,
		                     strlen(p[i].value), "%s", p[i].message);

		if (rc < 0)
			return rc;
	}
	return 0;
}

/* The deal of b, complete, handed out. */
static const ovp_deal *
finish(deal_buf *b)
{
	return ovp_deal_get(b->builder);
}

static bool
same_deal(ovp_deals_reader *r, const deal_buf *b, const ovp_table_row *row)
{
	size_t len;
	const char *v;

	if (b->key == NULL)
		return false;
	if (b->deal->id[0] != '\0')
		v = get(r, row, F_ID, &len, NULL);
	else
		v = get(r, row, F_NAME, &len, NULL);
	/* Ids of neighbouring deals tend to share a prefix ("0065g0000..."):
	 * their last bytes tell most of them apart without a call. */
	return len == b->keylen && (len == 0 || v[len - 1] == b->key[len - 1]) &&
	       memcmp(v, b->key, len) == 0;
}

int
ovp_deals_next(ovp_deals_reader *r, const ovp_deal **deal, ovp_error *err)
{
	deal_buf *b;

	if (r->returned >= 0) {
		buf_reset(&r->bufs[r->returned]);
		r->returned = -1;
	}
	b = &r->bufs[r->building];
	for (;;) {
		ovp_table_row row;
		deal_buf *target = b;
		date_cell close, due;
		int rc = ovp_table_next(r->table, &row, err);

		if (rc < 0)
			return rc;
		if (rc > 0 && r->hooks.row != NULL)
			r->hooks.row(r->hooks.ctx, r->table, &row);
		if (rc == 0) {
			size_t n;

			/* Problems after the last row belong to the file. */
			r->trailing = ovp_table_take_problems(r->table, &n);
			r->ntrailing = n;
			if (!b->started)
				return 0;
			*deal = finish(b);
			r->returned = r->building;
			r->building ^= 1;
			return 1;
		}
		if (b->started && !same_deal(r, b, &row))
			target = &r->bufs[r->building ^ 1];
		/* A row's date cells, and on a deal's first row its close date, are loaded first. */
		if (!target->started)
			date_cell_start(r, &row, F_CLOSE, false, &close);
		date_cell_start(r, &row, F_PROMISED_DATE, true, &due);
		rc = 0;
		if (!target->started)
			rc = start_deal(r, target, &row, &close);
		if (rc == 0)
			rc = add_row(r, target, &row, &due);
		if (rc == 0)
			rc = take_problems(r, target);
		if (rc == OVP_ELIMIT)
			return ovp_error_set(err, rc, r->path, row.line,
			                     "deal \"%.80s\" has more than %d promises or rows: "
			                     "overpromise reads at most %d per deal",
			                     target->key != NULL ? target->key : "", OVP_DEAL_MAX_PROMISES,
			                     OVP_DEAL_MAX_PROMISES);
		if (rc < 0)
			return ovp_error_set(err, rc, r->path, row.line, "out of memory");
		if (target != b) {
			*deal = finish(b);
			r->returned = r->building;
			r->building ^= 1;
			return 1;
		}
	}
}

int
ovp_deals_next_owned(ovp_deals_reader *r, ovp_deal_builder **builder, const ovp_deal **deal,
                     ovp_error *err)
{
	int rc = ovp_deals_next(r, deal, err);
	deal_buf *b;
	ovp_deal_builder *mine;

	if (rc <= 0)
		return rc;
	/* The deal is in the buffer just returned, which is reset before it is filled again. */
	b = &r->bufs[r->returned];
	mine = b->builder;
	b->builder = *builder;
	b->deal = ovp_deal_fields(*builder);
	*builder = mine;
	return rc;
}

void
ovp_deals_set_as_of(ovp_deals_reader *r, ovp_day as_of)
{
	r->as_of = as_of;
}

ovp_date_order
ovp_deals_promise_order(const ovp_deals_reader *r, ovp_order_source *src)
{
	if (src != NULL)
		*src = r->cell_order_source;
	return r->cell_order;
}

/* Count a promise's own date as evidence for the order of promise dates. */
static int
sniff_promise(void *arg, const ovp_promise_part *part)
{
	if (part->date != NULL && !part->bad_date)
		ovp_date_sniff_add(arg, part->date, part->date_len);
	return 0;
}

/*
 * Decide the order of the numeric dates inside promise cells (see
 * ovp_deals_promise_order()).  People type these dates themselves, often
 * in another order than the CRM writes its own date columns, so the cells
 * decide first; and they decide nothing for those columns.
 */
static void
decide_promise_order(ovp_deals_reader *r, const ovp_config *cfg)
{
	static const ovp_date_context open_order = {OVP_ORDER_AUTO, OVP_DAY_NONE, false};
	ovp_date_sniff sniff;
	ovp_table_row row;
	size_t ncols, len;
	const ovp_table_column *cols = ovp_table_columns(r->table, F_PROMISES, &ncols);

	if (cfg != NULL && cfg->deals.date_order != OVP_ORDER_AUTO) {
		r->cell_order = cfg->deals.date_order;
		r->cell_order_source = OVP_ORDER_FROM_CONFIG;
		return;
	}
	memset(&sniff, 0, sizeof sniff);
	for (size_t i = 0; ovp_table_ahead(r->table, i, &row); i++) {
		for (size_t c = 0; c < ncols; c++) {
			const char *v = ovp_table_cell(&row, cols[c].index, &len);

			ovp_promise_split(v, len, &open_order, sniff_promise, &sniff);
		}
	}
	r->cell_order_source = OVP_ORDER_FROM_COLUMN;
	if ((r->cell_order = ovp_date_sniff_decide(&sniff)) != OVP_ORDER_AUTO)
		return;
	r->cell_order_source = OVP_ORDER_FROM_FILE;
	if ((r->cell_order = ovp_table_date_order(r->table, F_PROMISED_DATE)) != OVP_ORDER_AUTO ||
	    (r->cell_order = ovp_table_date_order(r->table, F_CLOSE)) != OVP_ORDER_AUTO)
		return;
	r->cell_order_source = OVP_ORDER_FROM_DEFAULT;
}

const ovp_problem *
ovp_deals_trailing_problems(ovp_deals_reader *r, size_t *n)
{
	*n = r->ntrailing;
	return r->trailing;
}

const ovp_field_def *
ovp_deals_field_defs(size_t *n)
{
	*n = F_COUNT;
	return fields;
}

void
ovp_deals_table_options(const ovp_config *cfg, ovp_table_options *topts, const char **overrides)
{
	memset(topts, 0, sizeof *topts);
	for (size_t f = 0; f < F_COUNT; f++)
		overrides[f] = cfg != NULL ? ovp_config_column(&cfg->deals, fields[f].key) : NULL;
	topts->fields = fields;
	topts->nfields = F_COUNT;
	topts->overrides = overrides;
	topts->delimiter = cfg != NULL ? cfg->deals.delimiter : 0;
	topts->order = cfg != NULL ? cfg->deals.date_order : OVP_ORDER_AUTO;
	topts->strip_entity_prefix = true;
	topts->section = "deals";
	topts->sheet = cfg != NULL ? cfg->deals.sheet : NULL;
}

int
ovp_deals_open(ovp_deals_reader **out, const char *path, const ovp_config *cfg, ovp_error *err)
{
	return ovp_deals_open_hooked(out, path, cfg, NULL, err);
}

int
ovp_deals_open_hooked(ovp_deals_reader **out, const char *path, const ovp_config *cfg,
                      const ovp_load_hooks *hooks, ovp_error *err)
{
	ovp_deals_reader *r = calloc(1, sizeof *r);
	ovp_table_options topts;
	const char *overrides[F_COUNT];
	char tried[256];
	int rc;

	*out = NULL;
	if (r == NULL)
		return ovp_error_set(err, OVP_ENOMEM, path, 0, "out of memory");
	r->returned = -1;
	r->as_of = OVP_DAY_NONE;
	for (int i = 0; i < 2; i++) {
		rc = ovp_deal_new(&r->bufs[i].builder, err);
		if (rc < 0) {
			ovp_deals_close(r);
			return rc;
		}
		r->bufs[i].deal = ovp_deal_fields(r->bufs[i].builder);
	}
	if (hooks != NULL)
		r->hooks = *hooks;
	for (const char *const *w = no_sign_off; *w != NULL; w++) {
		unsigned next = (*w)[1] != '\0' ? no_next_symbol((unsigned char)(*w)[1]) : 36;

		r->no_next[(unsigned char)(*w)[0]] |= UINT64_C(1) << next;
	}
	r->path = strdup(strcmp(path, "-") == 0 ? "<stdin>" : path);
	if (r->path == NULL) {
		ovp_deals_close(r);
		return ovp_error_set(err, OVP_ENOMEM, path, 0, "out of memory");
	}
	ovp_deals_table_options(cfg, &topts, overrides);
	rc = ovp_table_open(&r->table, path, &topts, err);
	if (rc == 0 && r->hooks.opened != NULL)
		r->hooks.opened(r->hooks.ctx, r->table);
	if (rc == 0 && !ovp_table_has(r->table, F_PROMISES)) {
		ovp_field_tried(&fields[F_PROMISES], tried, sizeof tried);
		rc = ovp_error_set(err, OVP_EINPUT, r->path, ovp_table_header_line(r->table),
		                   "no column holds the promised features (tried: %s); map one with "
		                   "[deals] promises = ... in .overpromise.ini",
		                   tried);
		if (r->hooks.missing != NULL)
			rc = r->hooks.missing(r->hooks.ctx, err);
	}
	if (rc == 0 && !ovp_table_has(r->table, F_ID) && !ovp_table_has(r->table, F_NAME)) {
		ovp_field_tried(&fields[F_NAME], tried, sizeof tried);
		rc = ovp_error_set(err, OVP_EINPUT, r->path, ovp_table_header_line(r->table),
		                   "no column holds the deal's id or name (tried: %s); map one with "
		                   "[deals] name = ... in .overpromise.ini",
		                   tried);
		r->no_key_column = true;
		if (r->hooks.missing != NULL)
			rc = r->hooks.missing(r->hooks.ctx, err);
	}
	if (rc < 0) {
		ovp_deals_close(r);
		return rc;
	}
	resolve_fields(r);
	decide_promise_order(r, cfg);
	*out = r;
	return 0;
}

const char *
ovp_deals_sheet(const ovp_deals_reader *r)
{
	return ovp_table_sheet(r->table);
}

void
ovp_deals_progress(const ovp_deals_reader *r, unsigned long *rows, unsigned long long *bytes)
{
	ovp_source_info info;

	ovp_source_get_info(ovp_table_source(r->table), &info);
	*rows = info.records > 0 ? info.records - 1 : 0;
	*bytes = info.bytes;
}

void
ovp_deals_close(ovp_deals_reader *r)
{
	if (r == NULL)
		return;
	if (r->table != NULL && r->hooks.closing != NULL)
		r->hooks.closing(r->hooks.ctx, r->table);
	ovp_table_close(r->table);
	buf_free(&r->bufs[0]);
	buf_free(&r->bufs[1]);
	free(r->path);
	free(r);
}
