/*
 * inspect: how an export is read (see inspect.h).
 *
 * The file is read by the roadmap or deals loader itself, with hooks
 * (load_hooks.h) that copy what the table decided: the mapping and date
 * orders once the header and look-ahead are done, the first values of
 * each field as the rows go by, the counts at the end.  The problems are
 * the loader's own, so inspect shows exactly what check would report.
 * Which kind of file it is, and which tool wrote it, is told from the
 * headers: each tool has names no other tool uses.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <overpromise/config.h>
#include <overpromise/promise.h>
#include <overpromise/status.h>

#include "amount.h"
#include "inspect.h"
#include "load_hooks.h"
#include "problem_list.h"
#include "util/arena.h"
#include "util/str.h"

enum { KEY_MAX = 256 };

typedef struct inspection_impl {
	ovp_inspection pub;
	ovp_arena arena;
	ovp_inspect_field *fields;
	ovp_problem_list problems;
	/* While reading. */
	const ovp_config *cfg;
	ovp_day as_of;
	bool mapped;
	bool nomem;
	ovp_date_order cell_order; /* deals: dates inside promise cells */
	size_t f_status, f_resolution, f_category, f_amount, f_currency; /* or SIZE_MAX */
	size_t f_effort, f_time_estimate;                                 /* or SIZE_MAX */
	size_t best_filled;        /* text fields the sample row fills */
} inspection_impl;

const char *
ovp_input_kind_name(ovp_input_kind kind)
{
	switch (kind) {
	case OVP_INPUT_ROADMAP:
		return "roadmap";
	case OVP_INPUT_DEALS:
		return "deals";
	case OVP_INPUT_GUESS:
		break;
	}
	return "guess";
}

const char *
ovp_order_source_name(ovp_order_source src)
{
	switch (src) {
	case OVP_ORDER_FROM_COLUMN:
		return "column";
	case OVP_ORDER_FROM_FILE:
		return "file";
	case OVP_ORDER_FROM_CONFIG:
		return "configuration";
	case OVP_ORDER_FROM_DEFAULT:
		break;
	}
	return "default";
}

const char *
ovp_date_order_name(ovp_date_order order)
{
	switch (order) {
	case OVP_ORDER_DMY:
		return "dmy";
	case OVP_ORDER_MDY:
		return "mdy";
	case OVP_ORDER_AUTO:
		break;
	}
	return "auto";
}

static const char *
keep(inspection_impl *ins, const char *s, size_t len)
{
	char *c = ovp_arena_strndup(&ins->arena, s, len);

	if (c == NULL) {
		ins->nomem = true;
		return "";
	}
	return c;
}

/* ---- what the headers tell ------------------------------------------------ */

/* The headers of a file, as written and as keys. */
typedef struct headers {
	size_t n;
	const char **raw;
	char (*keys)[KEY_MAX];
	size_t months; /* headers that name a month ("April 2026") */
} headers;

static bool
has(const headers *h, const char *key)
{
	for (size_t i = 0; i < h->n; i++)
		if (strcmp(h->keys[i], key) == 0)
			return true;
	return false;
}

/* A header written exactly so (the tools that write it do not vary its case or spacing). */
static bool
has_raw(const headers *h, const char *name)
{
	for (size_t i = 0; i < h->n; i++)
		if (strcmp(h->raw[i], name) == 0)
			return true;
	return false;
}

/* A header written so but for case (Salesforce's API names come in capitals from the Data Loader). */
static bool
has_raw_nocase(const headers *h, const char *name)
{
	for (size_t i = 0; i < h->n; i++)
		if (strcasecmp(h->raw[i], name) == 0)
			return true;
	return false;
}

static bool
any_starts(const headers *h, const char *prefix)
{
	size_t n = strlen(prefix);

	for (size_t i = 0; i < h->n; i++)
		if (strncmp(h->raw[i], prefix, n) == 0)
			return true;
	return false;
}

static bool
any_ends(const headers *h, const char *suffix)
{
	size_t n = strlen(suffix);

	for (size_t i = 0; i < h->n; i++) {
		size_t len = strlen(h->raw[i]);

		if (len > n && strcmp(h->raw[i] + len - n, suffix) == 0)
			return true;
	}
	return false;
}

/*
 * Which edition of Jira wrote an export: Cloud names the status category,
 * the parent's summary, the team-managed story point estimate and writes
 * "Fix versions"; Server and Data Center write "Fix Version/s",
 * "Component/s", "Parent id" and the Epic Link.  NULL when the columns
 * chosen for the export say neither.
 */
static const char *
jira_edition(const headers *h)
{
	if (has(h, "statuscategory") || has(h, "parentsummary") ||
	    has(h, "customfieldstorypointestimate") || has_raw(h, "Fix versions") ||
	    has_raw(h, "Affects versions") || has_raw(h, "Components") ||
	    has_raw(h, "Original estimate"))
		return "Jira Cloud";
	if (any_ends(h, "Version/s") || any_ends(h, "Component/s") || has(h, "parentid") ||
	    has(h, "customfieldepiclink") || has(h, "customfieldepicname") ||
	    has(h, "customfieldstorypoints"))
		return "Jira Server";
	return NULL;
}

/*
 * Which tool wrote the file, by the header names only that tool uses,
 * written as that tool writes them; *kind receives the input that tool
 * exports.  "generic" (kind GUESS) when none matches; "Jira" when the
 * edition cannot be told.
 */
static const char *
detect_tool(const headers *h, ovp_input_kind *kind)
{
	bool jira = has(h, "issuekey");
	const char *edition;

	*kind = OVP_INPUT_DEALS;
	if (any_starts(h, "(Do Not Modify)"))
		return "Dynamics 365";
	if (any_starts(h, "Deal - "))
		return "Pipedrive";
	/* Salesforce's API names, not snake_case look-alikes ("stage_name"). */
	if ((has_raw_nocase(h, "StageName") && has_raw_nocase(h, "CloseDate")) ||
	    any_ends(h, "__c") || any_ends(h, "__C"))
		return "Salesforce Data Loader";
	/* A report names its columns by their labels; API names and snake_case are not one. */
	if (has_raw(h, "Opportunity Name") || has_raw(h, "Opportunity Owner") ||
	    has_raw(h, "Opportunity ID"))
		return "Salesforce report";
	/* Zoho's labels, or its API names ("Closing_Date"). */
	if (has_raw(h, "Closing Date") || has_raw(h, "Closing_Date") || has_raw(h, "Potential Name"))
		return "Zoho CRM";
	/* HubSpot's labels, or its internal names ("dealstage"). */
	if (has_raw(h, "Deal Stage") || has_raw(h, "dealstage") || has_raw(h, "Associated Company") ||
	    (has_raw(h, "Record ID") && has_raw(h, "Deal Name")))
		return "HubSpot";

	*kind = OVP_INPUT_ROADMAP;
	if ((jira || has(h, "key")) && (has(h, "roadmap") || has(h, "customfieldroadmap")) &&
	    (has(h, "impact") || has(h, "effort") || has(h, "goals") || has(h, "insights") ||
	     has(h, "customfieldimpact") || has(h, "customfieldgoals")))
		return "Jira Product Discovery";
	if (jira)
		return (edition = jira_edition(h)) != NULL ? edition : "Jira";
	if (has(h, "team") && (has(h, "cyclename") || has(h, "cyclenumber") || has(h, "triaged") ||
	                       has(h, "projectmilestone")))
		return "Linear";
	if (has(h, "featurereference") || has(h, "featurename") || has(h, "featurestatus"))
		return "Aha!";
	if (has(h, "entityname") || has(h, "statusname") || has(h, "entityuuid") || h->months >= 2)
		return "Productboard";
	if (has(h, "workitemtype") || has(h, "areapath") || has(h, "iterationpath"))
		return "Azure DevOps";
	if (has(h, "sectioncolumn") || (has(h, "taskid") && has(h, "completedat")))
		return "Asana";
	if (has(h, "assignees") &&
	    (has(h, "linkedpullrequests") || has(h, "repository") || has(h, "milestone")))
		return "GitHub Projects";
	*kind = OVP_INPUT_GUESS;
	return "generic";
}

/* The headers of t (borrowed while t is open); free with headers_free(). */
static int
headers_of(const ovp_table *t, headers *h)
{
	static const ovp_date_context ctx = {OVP_ORDER_AUTO, OVP_DAY_NONE, false};
	const char **raw;

	h->n = ovp_table_ncolumns(t);
	h->months = 0;
	h->keys = calloc(h->n ? h->n : 1, sizeof *h->keys);
	raw = calloc(h->n ? h->n : 1, sizeof *raw);
	h->raw = raw;
	if (h->keys == NULL || raw == NULL)
		return OVP_ENOMEM;
	for (size_t i = 0; i < h->n; i++) {
		const char *s = ovp_table_header(t, i);
		ovp_window w;

		raw[i] = s;
		ovp_header_key(s, h->keys[i], KEY_MAX);
		if (ovp_date_parse(s, strlen(s), &ctx, &w) == OVP_DATE_OK &&
		    (w.period == OVP_PERIOD_MONTH || w.period == OVP_PERIOD_QUARTER))
			h->months++;
	}
	return 0;
}

static void
headers_free(headers *h)
{
	free(h->keys);
	free(h->raw);
}

static size_t
field_index(const ovp_table *t, const char *key)
{
	for (size_t f = 0; f < ovp_table_nfields(t); f++)
		if (strcmp(ovp_table_field(t, f)->key, key) == 0)
			return f;
	return SIZE_MAX;
}

/* Is field key one the file cannot do without (alone, or with its pair)? */
static bool
is_required(ovp_input_kind kind, const char *key, bool *pair)
{
	*pair = strcmp(key, "id") == 0 || strcmp(key, "title") == 0 || strcmp(key, "name") == 0;
	if (*pair)
		return true;
	if (kind == OVP_INPUT_ROADMAP)
		return strcmp(key, "status") == 0;
	return strcmp(key, "promises") == 0;
}

/* How many fields of t found a column; *ok: the required ones are all there. */
static size_t
score(const ovp_table *t, ovp_input_kind kind, bool *ok)
{
	size_t n = 0;
	bool pair_seen = false, pair_found = false;

	*ok = true;
	for (size_t f = 0; f < ovp_table_nfields(t); f++) {
		bool pair, found = ovp_table_has(t, f);

		n += found;
		if (!is_required(kind, ovp_table_field(t, f)->key, &pair))
			continue;
		if (pair) {
			pair_seen = true;
			pair_found = pair_found || found;
		} else if (!found) {
			*ok = false;
		}
	}
	if (pair_seen && !pair_found)
		*ok = false;
	return n;
}

/*
 * Open path with each loader's fields (no overrides, one row of look-ahead)
 * and decide what it is: the kind of the tool whose names it carries, else
 * the kind whose required columns are all there, else the kind that
 * recognises more columns.  *sure: one of the first two decided.
 */
static int
guess(const char *path, const ovp_config *cfg, ovp_input_kind *kind, bool *sure, ovp_error *err)
{
	ovp_table *tr = NULL, *td = NULL;
	ovp_table_options o;
	const char *overrides[OVP_CONFIG_MAX_FIELDS];
	headers h;
	bool ur = false, ud = false;
	size_t sr, sd;
	int rc;

	ovp_roadmap_table_options(cfg, &o, overrides);
	o.overrides = NULL;
	o.lookahead = 1;
	rc = ovp_table_open(&tr, path, &o, err);
	if (rc < 0)
		return rc;
	ovp_deals_table_options(cfg, &o, overrides);
	o.overrides = NULL;
	o.lookahead = 1;
	rc = ovp_table_open(&td, path, &o, err);
	if (rc < 0) {
		ovp_table_close(tr);
		return rc;
	}
	rc = headers_of(tr, &h);
	if (rc == 0)
		detect_tool(&h, kind);
	headers_free(&h);
	sr = score(tr, OVP_INPUT_ROADMAP, &ur);
	sd = score(td, OVP_INPUT_DEALS, &ud);
	*sure = *kind != OVP_INPUT_GUESS || ur != ud;
	if (*kind == OVP_INPUT_GUESS) {
		if (ur != ud)
			*kind = ur ? OVP_INPUT_ROADMAP : OVP_INPUT_DEALS;
		else
			*kind = sd > sr ? OVP_INPUT_DEALS : OVP_INPUT_ROADMAP;
	}
	ovp_table_close(tr);
	ovp_table_close(td);
	return rc < 0 ? ovp_error_set(err, rc, path, 0, "out of memory") : 0;
}

/* ---- the hooks ------------------------------------------------------------ */

/* Mark the required fields that are not there (a pair only when both are absent). */
static void
mark_missing(inspection_impl *ins, size_t nf)
{
	bool pair_found = false;

	for (size_t f = 0; f < nf; f++) {
		bool pair;

		if (is_required(ins->pub.kind, ins->fields[f].key, &pair) && pair)
			pair_found = pair_found || ins->fields[f].ncolumns > 0;
	}
	for (size_t f = 0; f < nf; f++) {
		ovp_inspect_field *fi = &ins->fields[f];
		bool pair;

		if (!fi->required || fi->ncolumns > 0)
			continue;
		is_required(ins->pub.kind, fi->key, &pair);
		fi->missing = !pair || !pair_found;
	}
}

/* Copy the mapping: headers, used columns, fields with their columns. */
static void
on_opened(void *ctx, const ovp_table *t)
{
	inspection_impl *ins = ctx;
	size_t nc = ovp_table_ncolumns(t), nf = ovp_table_nfields(t);
	const char **hs;
	bool *used;
	headers h;
	ovp_input_kind tool_kind;
	bool pair;

	if (ins->mapped)
		return;
	ins->mapped = true;
	hs = ovp_arena_alloc(&ins->arena, (nc ? nc : 1) * sizeof *hs);
	used = ovp_arena_alloc(&ins->arena, (nc ? nc : 1) * sizeof *used);
	ins->fields = calloc(nf ? nf : 1, sizeof *ins->fields);
	if (hs == NULL || used == NULL || ins->fields == NULL) {
		ins->nomem = true;
		return;
	}
	for (size_t i = 0; i < nc; i++) {
		const char *s = ovp_table_header(t, i);

		hs[i] = keep(ins, s, strlen(s));
		used[i] = ovp_table_column_used(t, i);
	}
	ins->pub.ncolumns = nc;
	ins->pub.headers = hs;
	ins->pub.used = used;
	ins->pub.header_line = ovp_table_header_line(t);
	if (headers_of(t, &h) == 0)
		ins->pub.tool = detect_tool(&h, &tool_kind);
	else
		ins->nomem = true;
	headers_free(&h);
	for (size_t f = 0; f < nf; f++) {
		const ovp_field_def *fd = ovp_table_field(t, f);
		ovp_inspect_field *fi = &ins->fields[f];
		size_t n;
		const ovp_table_column *cols = ovp_table_columns(t, f, &n);
		ovp_table_column *copy = ovp_arena_alloc(&ins->arena, (n ? n : 1) * sizeof *copy);

		fi->key = fd->key;
		fi->overridden = ovp_table_field_overridden(t, f);
		fi->date = (fd->flags & OVP_FIELD_DATE) != 0;
		if (copy == NULL) {
			ins->nomem = true;
			continue;
		}
		for (size_t c = 0; c < n; c++) {
			copy[c] = cols[c];
			copy[c].header = hs[cols[c].index];
		}
		fi->columns = copy;
		fi->ncolumns = n;
		fi->required = is_required(ins->pub.kind, fd->key, &pair);
	}
	mark_missing(ins, nf);
	ins->pub.fields = ins->fields;
	ins->pub.nfields = nf;
	ins->f_status = field_index(t, "status");
	ins->f_resolution = field_index(t, "resolution");
	ins->f_category = field_index(t, "status_category");
	ins->f_amount = field_index(t, "amount");
	ins->f_currency = field_index(t, "currency");
	ins->f_effort = field_index(t, "effort");
	ins->f_time_estimate = field_index(t, "time_estimate");
}

/* A new sample of field fi at the row's line, or NULL when it has enough. */
static ovp_sample *
new_sample(ovp_inspect_field *fi, const ovp_table_row *row, ovp_sample_kind kind)
{
	ovp_sample *s;

	if (fi->nsamples >= OVP_INSPECT_SAMPLES)
		return NULL;
	s = &fi->samples[fi->nsamples++];
	memset(s, 0, sizeof *s);
	s->line = row->line;
	s->kind = kind;
	s->window = OVP_WINDOW_NONE;
	s->currency = "";
	s->feature = "";
	return s;
}

/* The value of field f in row as a new string ("" when the field is missing). */
static const char *
value_of(inspection_impl *ins, const ovp_table *t, const ovp_table_row *row, size_t f)
{
	size_t len;
	const char *v;

	if (f == SIZE_MAX)
		return "";
	v = ovp_table_get(t, row, f, &len, NULL);
	return keep(ins, v, len);
}

typedef struct promise_ctx {
	inspection_impl *ins;
	ovp_inspect_field *fi;
	const ovp_table_row *row;
} promise_ctx;

static int
on_promise_part(void *arg, const ovp_promise_part *part)
{
	promise_ctx *pc = arg;
	ovp_sample *s = new_sample(pc->fi, pc->row, OVP_SAMPLE_PROMISE);

	if (s == NULL)
		return 1;
	s->text = keep(pc->ins, part->text, part->text_len);
	s->feature = keep(pc->ins, part->feature, part->feature_len);
	s->ok = !part->bad_date;
	if (part->date != NULL && !part->bad_date)
		s->window = part->due;
	return 0;
}

/* What kind of value field f holds, as its samples show it. */
static ovp_sample_kind
kind_of(const inspection_impl *ins, const ovp_inspect_field *fi, size_t f)
{
	bool roadmap = ins->pub.kind == OVP_INPUT_ROADMAP;

	if (fi->date)
		return OVP_SAMPLE_DATE;
	if (roadmap && f == ins->f_status)
		return OVP_SAMPLE_STATUS;
	if (roadmap)
		return f == ins->f_time_estimate ? OVP_SAMPLE_WORK : OVP_SAMPLE_TEXT;
	if (strcmp(fi->key, "promises") == 0)
		return OVP_SAMPLE_PROMISE;
	if (f == ins->f_amount)
		return OVP_SAMPLE_AMOUNT;
	if (strcmp(fi->key, "stage") == 0 || strcmp(fi->key, "status") == 0)
		return OVP_SAMPLE_STAGE;
	return OVP_SAMPLE_TEXT;
}

/* A sample of a value that is read into something (a date, an amount, ...): one more of the first. */
static void
typed_sample(inspection_impl *ins, const ovp_table *t, const ovp_table_row *row, size_t f,
             ovp_sample_kind kind)
{
	ovp_inspect_field *fi = &ins->fields[f];
	bool roadmap = ins->pub.kind == OVP_INPUT_ROADMAP;
	const ovp_table_column *col;
	size_t len;
	const char *v;
	ovp_sample *s;

	if (kind == OVP_SAMPLE_PROMISE) {
		ovp_date_context pctx = {ins->cell_order, ins->as_of, false};
		promise_ctx pc = {ins, fi, row};
		size_t n;
		const ovp_table_column *cols = ovp_table_columns(t, f, &n);

		for (size_t c = 0; c < n && fi->nsamples < OVP_INSPECT_SAMPLES; c++) {
			v = ovp_table_cell(row, cols[c].index, &len);
			ovp_promise_split(v, len, &pctx, on_promise_part, &pc);
		}
		return;
	}
	v = ovp_table_get(t, row, f, &len, &col);
	if (len == 0 || (s = new_sample(fi, row, kind)) == NULL)
		return;
	s->text = keep(ins, v, len);
	s->ok = true;
	switch (kind) {
	case OVP_SAMPLE_DATE: {
		ovp_date_context dctx = ovp_table_date_context(col, roadmap ? ins->as_of : OVP_DAY_NONE);
		ovp_date_status st = ovp_date_parse(v, len, &dctx, &s->window);

		s->ok = st == OVP_DATE_OK || (roadmap && st == OVP_DATE_LATER);
		s->later = st == OVP_DATE_LATER;
		break;
	}
	case OVP_SAMPLE_STATUS:
		s->cls = ovp_status_classify(s->text, value_of(ins, t, row, ins->f_resolution),
		                             value_of(ins, t, row, ins->f_category), ins->cfg,
		                             &s->known);
		break;
	case OVP_SAMPLE_AMOUNT: {
		char cur[OVP_CURRENCY_SIZE] = "";
		size_t clen = 0;
		const char *c = ins->f_currency != SIZE_MAX
		                        ? ovp_table_get(t, row, ins->f_currency, &clen, NULL)
		                        : "";

		s->ok = ovp_amount_parse(v, len, &s->amount, cur) == OVP_AMOUNT_OK;
		/* A currency column is more specific than a "$" in the amount, as for check. */
		if (clen > 0) {
			char c2[OVP_CURRENCY_SIZE];

			if (ovp_currency_parse(c, clen, c2) == 0)
				memcpy(cur, c2, sizeof cur);
		}
		s->currency = keep(ins, cur, strlen(cur));
		break;
	}
	case OVP_SAMPLE_STAGE:
		s->lost = ovp_deal_stage_lost(s->text);
		break;
	case OVP_SAMPLE_WORK:
		/* As the roadmap reads it: only where there is no effort column. */
		s->ok = ovp_roadmap_parse_work(v, len, ovp_roadmap_estimate_unit(t, ins->cfg), ins->cfg,
		                               &s->days) == 0;
		s->superseded = ovp_table_has(t, ins->f_effort);
		break;
	case OVP_SAMPLE_TEXT:
	case OVP_SAMPLE_PROMISE:
		break;
	}
}

/*
 * Take the samples of a row: the values that are read into something
 * (dates, amounts, statuses, stages, promises) from the first rows that
 * have them; the text values all from one row, the first that fills the
 * most of the text fields, so that they show one record as it was read.
 */
static void
on_row(void *ctx, const ovp_table *t, const ovp_table_row *row)
{
	inspection_impl *ins = ctx;
	size_t filled = 0;

	if (ins->fields == NULL)
		return;
	for (size_t f = 0; f < ins->pub.nfields; f++) {
		ovp_inspect_field *fi = &ins->fields[f];
		ovp_sample_kind kind = kind_of(ins, fi, f);
		size_t len;

		if (fi->ncolumns == 0)
			continue;
		if (kind != OVP_SAMPLE_TEXT) {
			if (fi->nsamples < OVP_INSPECT_SAMPLES)
				typed_sample(ins, t, row, f, kind);
			continue;
		}
		(void)ovp_table_get(t, row, f, &len, NULL);
		filled += len > 0;
	}
	if (filled <= ins->best_filled)
		return;
	ins->best_filled = filled;
	ins->pub.sample_line = row->line;
	for (size_t f = 0; f < ins->pub.nfields; f++) {
		ovp_inspect_field *fi = &ins->fields[f];
		size_t len;
		const char *v;
		ovp_sample *s;

		if (fi->ncolumns == 0 || kind_of(ins, fi, f) != OVP_SAMPLE_TEXT)
			continue;
		fi->nsamples = 0;
		v = ovp_table_get(t, row, f, &len, NULL);
		if (len == 0 || (s = new_sample(fi, row, OVP_SAMPLE_TEXT)) == NULL)
			continue;
		s->text = keep(ins, v, len);
		s->ok = true;
	}
}

static void
on_closing(void *ctx, const ovp_table *t)
{
	inspection_impl *ins = ctx;

	ovp_source_get_info(ovp_table_source(t), &ins->pub.source);
	ins->pub.csv = ins->pub.source.csv;
	/* The sheet's name lives with the workbook, which is closed next. */
	if (ins->pub.source.xlsx.sheet != NULL)
		ins->pub.source.xlsx.sheet = keep(ins, ins->pub.source.xlsx.sheet,
		                                  strlen(ins->pub.source.xlsx.sheet));
	ins->pub.data_rows = ovp_table_data_rows(t);
	ins->pub.skipped_rows = ovp_table_skipped_rows(t);
}

static int
add_problems(inspection_impl *ins, const ovp_problem *p, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		int rc = ovp_problem_list_add(&ins->problems, ins->pub.path, p[i].line, p[i].column,
		                              p[i].value, strlen(p[i].value), p[i].message);

		if (rc < 0)
			return rc;
	}
	ins->pub.problems = ins->problems.items;
	ins->pub.nproblems = ins->problems.n;
	return 0;
}

/* A required column is missing: that is the file's error, and the rows are read all the same. */
static int
on_missing(void *ctx, const ovp_error *err)
{
	inspection_impl *ins = ctx;

	if (ins->pub.error == NULL)
		ins->pub.error = keep(ins, err->message, strlen(err->message));
	return 0;
}

/* Are the required fields of the file's kind all there? */
static bool
usable(const inspection_impl *ins)
{
	if (ins->fields == NULL)
		return false;
	for (size_t f = 0; f < ins->pub.nfields; f++)
		if (ins->fields[f].missing)
			return false;
	return true;
}

/*
 * The loader failed after the table was opened: when a required column
 * is missing, that is the answer (kept in `error`); any other failure
 * (a quote never closed, a read error) is the caller's.
 */
static int
loader_failed(inspection_impl *ins, int rc, const ovp_error *err)
{
	if (rc == OVP_EINPUT && ins->mapped && !usable(ins)) {
		ins->pub.error = keep(ins, err->message, strlen(err->message));
		return 0;
	}
	return rc;
}

static int
read_roadmap(inspection_impl *ins, const char *path, const ovp_load_hooks *hooks, ovp_error *err)
{
	ovp_roadmap *rm = NULL;
	int rc = ovp_roadmap_load_hooked(&rm, path, ins->cfg, ins->as_of, hooks, err);

	if (rc < 0)
		return loader_failed(ins, rc, err);
	ins->pub.records = rm->nitems;
	rc = add_problems(ins, rm->problems, rm->nproblems);
	ovp_roadmap_free(rm);
	return rc < 0 ? ovp_error_set(err, rc, ins->pub.path, 0, "out of memory") : 0;
}

static int
read_deals(inspection_impl *ins, const char *path, const ovp_load_hooks *hooks, ovp_error *err)
{
	ovp_deals_reader *r = NULL;
	const ovp_deal *d;
	const ovp_problem *p;
	size_t n;
	int rc = ovp_deals_open_hooked(&r, path, ins->cfg, hooks, err);

	if (rc < 0)
		return loader_failed(ins, rc, err);
	/* Promise samples are split as the reader splits them. */
	ovp_deals_set_as_of(r, ins->as_of);
	ins->cell_order = ovp_deals_promise_order(r, NULL);
	while ((rc = ovp_deals_next(r, &d, err)) > 0) {
		ins->pub.records++;
		if (add_problems(ins, d->problems, d->nproblems) < 0) {
			rc = ovp_error_set(err, OVP_ENOMEM, ins->pub.path, 0, "out of memory");
			break;
		}
	}
	if (rc == 0) {
		p = ovp_deals_trailing_problems(r, &n);
		if (add_problems(ins, p, n) < 0)
			rc = ovp_error_set(err, OVP_ENOMEM, ins->pub.path, 0, "out of memory");
	}
	ovp_deals_close(r);
	return rc;
}

int
ovp_input_kind_of(const char *path, const ovp_config *cfg, ovp_input_kind *kind, ovp_error *err)
{
	bool sure;
	int rc;

	*kind = OVP_INPUT_GUESS;
	if (strcmp(path, "-") == 0)
		return ovp_error_set(err, OVP_EUSAGE, NULL, 0,
		                     "standard input cannot be read twice to guess what it is");
	rc = guess(path, cfg, kind, &sure, err);
	if (rc == 0 && !sure)
		*kind = OVP_INPUT_GUESS;
	return rc;
}

int
ovp_inspect(ovp_inspection **out, const char *path, ovp_input_kind kind, const ovp_config *cfg,
            ovp_day as_of, ovp_error *err)
{
	inspection_impl *ins;
	ovp_load_hooks hooks;
	bool from_stdin = strcmp(path, "-") == 0;
	int rc;

	*out = NULL;
	if (kind == OVP_INPUT_GUESS) {
		if (from_stdin)
			return ovp_error_set(err, OVP_EUSAGE, NULL, 0,
			                     "standard input cannot be read twice to guess what it is; "
			                     "say --as roadmap or --as deals");
		bool sure;

		rc = guess(path, cfg, &kind, &sure, err);
		if (rc < 0)
			return rc;
		ins = calloc(1, sizeof *ins);
		if (ins != NULL)
			ins->pub.kind_guessed = true;
	} else {
		ins = calloc(1, sizeof *ins);
	}
	if (ins == NULL)
		return ovp_error_set(err, OVP_ENOMEM, path, 0, "out of memory");
	ins->pub.path = keep(ins, from_stdin ? "<stdin>" : path, strlen(from_stdin ? "<stdin>" : path));
	ins->pub.kind = kind;
	ins->pub.tool = "generic";
	ins->cfg = cfg;
	ins->as_of = as_of;
	hooks.opened = on_opened;
	hooks.row = on_row;
	hooks.closing = on_closing;
	hooks.missing = on_missing;
	hooks.ctx = ins;
	if (kind == OVP_INPUT_ROADMAP)
		rc = read_roadmap(ins, path, &hooks, err);
	else
		rc = read_deals(ins, path, &hooks, err);
	if (rc == 0 && ins->nomem)
		rc = ovp_error_set(err, OVP_ENOMEM, ins->pub.path, 0, "out of memory");
	if (rc < 0) {
		ovp_inspection_free(&ins->pub);
		return rc;
	}
	*out = &ins->pub;
	return 0;
}

void
ovp_inspection_free(ovp_inspection *pub)
{
	inspection_impl *ins = (inspection_impl *)pub;

	if (ins == NULL)
		return;
	free(ins->fields);
	ovp_problem_list_free(&ins->problems);
	ovp_arena_free(&ins->arena);
	free(ins);
}
