/*
 * The roadmap loader: the roadmap export read into items (see roadmap.h).
 *
 * Columns are recognised by the header names of the common roadmap and
 * issue tools (SPEC 2.3), in order of precedence; each row becomes an
 * item with its status class, its planned window and the other fields
 * the rules read.  A cell that cannot be read as intended becomes a
 * data-quality problem and the item is kept with what could be read.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <overpromise/config.h>
#include <overpromise/roadmap.h>
#include <overpromise/table.h>

#include "arena.h"
#include "intern.h"
#include "load_hooks.h"
#include "util.h"

/* The roadmap's fields, in the order they claim columns. */
enum {
	F_ID,
	F_TITLE,
	F_STATUS,
	F_STATUS_CATEGORY,
	F_RESOLUTION,
	F_PLANNED,
	F_BASELINE,
	F_SHIPPED,
	F_CREATED,
	F_CONFIDENCE,
	F_MATURITY,
	F_ALIASES,
	F_LABELS,
	F_EFFORT,
	F_TEAM,
	F_COUNT
};

#define H(...) ((const char *const[]){__VA_ARGS__, NULL})

/*
 * The recognised headers, in order of precedence (SPEC 2.3), from the
 * exports of Jira Cloud and Server ("Issue key", "Summary", "Custom field
 * (Target end)", "Resolved"), Jira Product Discovery ("Key", "Roadmap"),
 * Linear ("ID", "Title", "Due Date", "Cycle End", "Completed"), Aha!
 * ("Feature reference #", "Feature name", "Feature status", "Feature due
 * date", "Release date", "Feature tags"), Productboard ("entity_uuid",
 * "entity_name", "status_name", and month columns), Azure DevOps ("ID",
 * "Title" or "Title 1".."Title 4" of tree queries, "State", "Target Date",
 * "Closed Date"), Asana ("Task ID", "Name", "Section/Column", "Due Date",
 * "Completed At"), GitHub Projects ("Title", "Status", "Target date",
 * "Iteration") and hand-made sheets.
 */
static const ovp_field_def fields[F_COUNT] = {
	[F_ID] = {"id",
	          H("Issue key", "Key", "Feature reference #", "Feature reference", "Reference #",
	            "ID", "Identifier", "Reference", "Task ID", "Work Item ID", "Issue id",
	            "entity_uuid", "Idea reference #", "Epic reference #", "Issue", "Item ID"),
	          0},
	[F_TITLE] = {"title",
	             H("Summary", "Title", "Feature name", "Name", "entity_name", "Card Name",
	               "Task Name", "Idea name", "Feature", "Title 1",
	               "Title 2", "Title 3", "Title 4", "Item", "Idea"),
	             0},
	[F_STATUS] = {"status", H("Status", "Feature status", "State", "status_name",
	                          "Workflow status", "Idea status", "Epic status", "Section/Column",
	                          "Board Column"),
	              0},
	[F_STATUS_CATEGORY] = {"status_category", H("Status Category"), OVP_FIELD_HINT},
	[F_RESOLUTION] = {"resolution", H("Resolution"), OVP_FIELD_HINT},
	[F_PLANNED] = {"planned",
	               H("Custom field (Target end)", "Target end", "Target date", "Feature due date",
	                 "Feature end date", "Feature date", "Release date", "Custom field (Due date)",
	                 "Due date", "Due On", "End date", "Finish Date", "Cycle End", "Timeframe",
	                 "Quarter", "ETA", "Planned for", "Planned date", "Target release",
	                 "Roadmap", "Release"),
	               OVP_FIELD_DATE | OVP_FIELD_MONTHS},
	[F_BASELINE] = {"baseline",
	                H("Original due date", "Custom field (Original due date)", "Baseline",
	                  "Baseline date", "Original target", "Original target date", "Committed date",
	                  "Original end date"),
	                OVP_FIELD_DATE},
	[F_SHIPPED] = {"shipped",
	               H("Resolved", "Completed", "Completed At", "Released on", "Shipped",
	                 "Shipped date", "Closed Date", "Resolved Date", "Done date",
	                 "Feature completed date", "Completed date"),
	               OVP_FIELD_DATE},
	[F_CREATED] = {"created", H("Created", "Created At", "Created Date", "created_at",
	                            "Created on", "Feature created date", "Create Date"),
	               OVP_FIELD_DATE},
	[F_CONFIDENCE] = {"confidence",
	                  H("Confidence", "Release Confidence %", "Release Confidence",
	                    "Delivery confidence", "Custom field (Confidence)"),
	                  0},
	[F_MATURITY] = {"maturity", H("Maturity", "Custom field (Maturity)", "Stage",
	                              "Release phase", "Phase"),
	                0},
	[F_ALIASES] = {"aliases", H("Aliases", "Also known as", "Synonyms", "AKA"), OVP_FIELD_MULTI},
	[F_LABELS] = {"labels", H("Labels", "Label", "Tags", "Feature tags", "Tag"), OVP_FIELD_MULTI},
	[F_EFFORT] = {"effort",
	              H("Story Points", "Custom field (Story Points)",
	                "Custom field (Story point estimate)", "Story point estimate", "Estimate",
	                "Effort", "Original Estimate"),
	              0},
	[F_TEAM] = {"team", H("Team", "Project", "Project key", "Area Path", "Component/s"), 0},
};

/* Different unknown statuses reported one by one (see read_status). */
#define MAX_UNKNOWN_STATUSES 100

/* Words in a maturity cell or a label that mark an item as not a product yet. */
static const char *const prototype_words[] = {
	"poc", "proof of concept", "prototype", "beta", "preview", "experiment", "experimental",
	"alpha", "spike", "pilot", "tech preview", "early access", NULL,
};

typedef struct loader {
	ovp_table *table;
	const char *path;      /* as named by the caller, for problems */
	const ovp_config *cfg;
	ovp_day as_of;
	ovp_arena arena;
	ovp_intern texts;     /* short cell texts, value: PROTO_* bits */
	ovp_intern statuses;  /* status, resolution and category, value: STATUS_* bits */
	ovp_item *items;
	size_t nitems, cap;
	ovp_problem *problems;
	size_t nproblems, pcap;
	const char **unknown_statuses; /* reported once each */
	size_t nunknown;
	bool reported_empty_status;
	bool reported_many_statuses;
	bool non_numeric_id;     /* an item's id has a character other than a digit */
} loader;

/* What the loader remembers of an interned text (see keep_text()). */
enum { PROTO_KNOWN = 1, PROTO_YES = 2 };
/* What it remembers of a status: STATUS_KNOWN, whether the vocabulary
 * knows it, and its class in the bits above STATUS_CLASS_SHIFT. */
enum { STATUS_SEEN = 1, STATUS_KNOWN = 2, STATUS_CLASS_SHIFT = 2 };

typedef struct roadmap_impl {
	ovp_roadmap pub;
	ovp_arena arena;
	ovp_item *items;
	ovp_problem *problems;
} roadmap_impl;

static int
add_problem(loader *ld, long line, const char *column, const char *value, size_t vlen,
            const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 6, 7)))
#endif
	;

static int
add_problem(loader *ld, long line, const char *column, const char *value, size_t vlen,
            const char *fmt, ...)
{
	char msg[512];
	va_list ap;
	ovp_problem *p;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	if (ld->nproblems == ld->pcap) {
		size_t cap = ld->pcap ? ld->pcap * 2 : 16;
		ovp_problem *np = realloc(ld->problems, cap * sizeof *np);

		if (np == NULL)
			return OVP_ENOMEM;
		ld->problems = np;
		ld->pcap = cap;
	}
	p = &ld->problems[ld->nproblems];
	p->line = line;
	p->file = ld->path;
	p->column = ovp_arena_strndup(&ld->arena, column, strlen(column));
	p->value = ovp_arena_strndup(&ld->arena, value, vlen > 80 ? 80 : vlen);
	p->message = ovp_arena_strndup(&ld->arena, msg, strlen(msg));
	if (p->column == NULL || p->value == NULL || p->message == NULL)
		return OVP_ENOMEM;
	ld->nproblems++;
	return 0;
}

static int
take_table_problems(loader *ld)
{
	size_t n;
	const ovp_problem *p = ovp_table_take_problems(ld->table, &n);

	for (size_t i = 0; i < n; i++) {
		int rc = add_problem(ld, p[i].line, p[i].column, p[i].value, strlen(p[i].value), "%s",
		                     p[i].message);

		if (rc < 0)
			return rc;
	}
	return 0;
}

/*
 * A copy of the len bytes at v that lives as long as the roadmap: the
 * one copy of a text seen before, so that the statuses, confidences and
 * labels that every row repeats are kept once.  NULL when out of memory.
 */
static const char *
keep_text(loader *ld, const char *v, size_t len)
{
	ovp_intern_entry *e;

	/* Empty cells are the commonest text of all. */
	if (len == 0)
		return "";
	e = ovp_intern_get(&ld->texts, &ld->arena, v, len);

	return e != NULL ? e->s : ovp_arena_strndup(&ld->arena, v, len);
}

/* Read a date field of row into *w; unreadable cells become problems. */
static int
read_date(loader *ld, const ovp_table_row *row, size_t f, ovp_window *w, bool *later,
          const char **text)
{
	size_t len;
	const ovp_table_column *col;
	const char *v = ovp_table_get(ld->table, row, f, &len, &col);
	ovp_date_context ctx = ovp_table_date_context(col, ld->as_of);
	ovp_date_status st;

	*w = OVP_WINDOW_NONE;
	if (later != NULL)
		*later = false;
	if (text != NULL) {
		*text = ovp_arena_strndup(&ld->arena, v, len);
		if (*text == NULL)
			return OVP_ENOMEM;
	}
	if (len == 0)
		return 0;
	st = ovp_date_parse(v, len, &ctx, w);
	switch (st) {
	case OVP_DATE_OK:
	case OVP_DATE_EMPTY:
		return 0;
	case OVP_DATE_LATER:
		if (later != NULL) {
			*later = true;
			return 0;
		}
		return add_problem(ld, row->line, col->header, v, len,
		                   "\"%.*s\" is a bucket, not a date; no date used", (int)len, v);
	case OVP_DATE_IMPOSSIBLE:
		return add_problem(ld, row->line, col->header, v, len,
		                   "impossible date \"%.*s\"; no date used", (int)len, v);
	case OVP_DATE_CONFLICT:
		return add_problem(ld, row->line, col->header, v, len,
		                   "date \"%.*s\" contradicts the column's %s order; no date used",
		                   (int)len, v, ctx.order == OVP_ORDER_DMY ? "day/month" : "month/day");
	case OVP_DATE_INVALID:
	default:
		return add_problem(ld, row->line, col->header, v, len,
		                   "unknown date \"%.*s\"; no date used", (int)len, v);
	}
}

/*
 * Is c one of seps, or a NUL (as strchr() has it)?  Asked for every byte
 * of a list cell: no call for it.
 */
static inline bool
is_sep(const char *seps, char c)
{
	for (; *seps != '\0'; seps++)
		if (*seps == c)
			return true;
	return c == '\0';
}

/* Split a cell into parts at any of seps; store trimmed non-empty parts. */
static int
split_list(loader *ld, const char *s, size_t len, const char *seps, bool intern,
           const char ***out, size_t *n, size_t *cap)
{
	size_t start = 0;

	for (size_t i = 0; i <= len; i++) {
		if (i < len && !is_sep(seps, s[i]))
			continue;
		{
			size_t plen;
			const char *p = ovp_trim(s + start, i - start, &plen);

			start = i + 1;
			if (plen == 0)
				continue;
			if (*n == *cap) {
				size_t ncap = *cap ? *cap * 2 : 4;
				const char **arr = ovp_arena_alloc(&ld->arena, ncap * sizeof *arr);

				if (arr == NULL)
					return OVP_ENOMEM;
				if (*n > 0)
					memcpy(arr, *out, *n * sizeof *arr);
				*out = arr;
				*cap = ncap;
			}
			(*out)[*n] = intern ? keep_text(ld, p, plen) : ovp_arena_strndup(&ld->arena, p, plen);
			if ((*out)[*n] == NULL)
				return OVP_ENOMEM;
			(*n)++;
		}
	}
	return 0;
}

/* Gather every cell of a multi-valued field, split at seps (and the parts interned with intern). */
static int
read_list(loader *ld, const ovp_table_row *row, size_t f, const char *seps, bool intern,
          const char *const **out, size_t *n)
{
	size_t ncols, cap = 0;
	const ovp_table_column *cols = ovp_table_columns(ld->table, f, &ncols);
	const char **arr = NULL;

	*n = 0;
	for (size_t c = 0; c < ncols; c++) {
		size_t len;
		const char *v = ovp_table_cell(row, cols[c].index, &len);
		int rc = split_list(ld, v, len, seps, intern, &arr, n, &cap);

		if (rc < 0)
			return rc;
	}
	*out = arr;
	return 0;
}

static bool
marks_prototype(const char *s)
{
	char *norm;
	bool hit = false;

	if (s == NULL || *s == '\0')
		return false;
	norm = ovp_ascii_words(s, strlen(s));
	if (norm == NULL)
		return false;
	for (const char *const *w = prototype_words; *w != NULL && !hit; w++)
		hit = ovp_has_phrase(norm, *w);
	free(norm);
	return hit;
}

/* marks_prototype(s), worked out once per distinct text (see keep_text()). */
static bool
is_prototype(loader *ld, const char *s)
{
	ovp_intern_entry *e;

	if (s == NULL || *s == '\0')
		return false;
	e = ovp_intern_get(&ld->texts, &ld->arena, s, strlen(s));
	if (e == NULL)
		return marks_prototype(s);
	if (!(e->value & PROTO_KNOWN))
		e->value |= PROTO_KNOWN | (marks_prototype(e->s) ? PROTO_YES : 0);
	return (e->value & PROTO_YES) != 0;
}

/*
 * Delivery confidence: High / Medium / Low, or a percentage ("40%",
 * "40", "0.4").  Returns 0 with *out in [0, 1], -1 when unreadable.
 */
static int
parse_confidence(const char *s, size_t len, double *out)
{
	char buf[32];
	char *end;
	double v;
	char key[32];

	if (len == 0 || len >= sizeof buf)
		return -1;
	memcpy(buf, s, len);
	buf[len] = '\0';
	ovp_lower_ascii(buf, key, sizeof key);
	if (strcmp(key, "high") == 0 || strcmp(key, "very high") == 0) {
		*out = 0.9;
		return 0;
	}
	if (strcmp(key, "medium") == 0 || strcmp(key, "med") == 0 || strcmp(key, "moderate") == 0) {
		*out = 0.6;
		return 0;
	}
	if (strcmp(key, "low") == 0 || strcmp(key, "very low") == 0) {
		*out = 0.25;
		return 0;
	}
	if (ovp_parse_number(buf, &v, &end) < 0)
		return -1;
	while (*end == ' ')
		end++;
	if (*end == '%') {
		v /= 100.0;
		end++;
	} else if (v > 1.0) {
		v /= 100.0;
	}
	while (*end == ' ')
		end++;
	if (*end != '\0' || v < 0.0 || v > 1.0)
		return -1;
	*out = v;
	return 0;
}

static int
read_status(loader *ld, const ovp_table_row *row, ovp_item *it)
{
	size_t len, rlen, clen;
	const ovp_table_column *col;
	const char *v = ovp_table_get(ld->table, row, F_STATUS, &len, &col);
	const char *res = ovp_table_get(ld->table, row, F_RESOLUTION, &rlen, NULL);
	const char *cat = ovp_table_get(ld->table, row, F_STATUS_CATEGORY, &clen, NULL);
	const char *status = keep_text(ld, v, len);
	const char *resolution = keep_text(ld, res, rlen);
	const char *category;
	bool known = false;
	char key[OVP_INTERN_MAX_LEN];
	ovp_intern_entry *e = NULL;

	if (status == NULL || resolution == NULL)
		return OVP_ENOMEM;
	it->status = status;
	it->resolution = resolution;
	/* The class depends on the three texts alone (and the configuration,
	 * the same for the whole file): classify each combination once. */
	if (len + rlen + clen + 2 <= sizeof key) {
		memcpy(key, v, len);
		key[len] = '\0';
		memcpy(key + len + 1, res, rlen);
		key[len + 1 + rlen] = '\0';
		memcpy(key + len + rlen + 2, cat, clen);
		e = ovp_intern_get(&ld->statuses, &ld->arena, key, len + rlen + clen + 2);
	}
	if (e != NULL && (e->value & STATUS_SEEN)) {
		it->cls = (ovp_status_class)(e->value >> STATUS_CLASS_SHIFT);
		known = (e->value & STATUS_KNOWN) != 0;
	} else {
		/* The category is kept for nothing else. */
		if ((category = keep_text(ld, cat, clen)) == NULL)
			return OVP_ENOMEM;
		it->cls = ovp_status_classify(status, resolution, category, ld->cfg, &known);
		if (e != NULL)
			e->value = STATUS_SEEN | (known ? STATUS_KNOWN : 0) |
			           (uint32_t)it->cls << STATUS_CLASS_SHIFT;
	}
	if (len == 0 && clen == 0) {
		if (ld->reported_empty_status)
			return 0;
		ld->reported_empty_status = true;
		return add_problem(ld, row->line, col ? col->header : "Status", "", 0,
		                   "item has no status; taken as planned (reported once per file)");
	}
	if (known)
		return 0;
	for (size_t i = 0; i < ld->nunknown; i++)
		if (strcmp(ld->unknown_statuses[i], status) == 0)
			return 0;
	/* So many different unknown statuses mean the column holds something
	 * else; reporting each would flood the report and make this search
	 * quadratic in the rows.  Say so once and stop. */
	if (ld->nunknown == MAX_UNKNOWN_STATUSES) {
		if (ld->reported_many_statuses)
			return 0;
		ld->reported_many_statuses = true;
		return add_problem(ld, row->line, col ? col->header : "Status", v, len,
		                   "more than %d different unknown statuses; this one and the rest are "
		                   "taken as planned and not reported one by one",
		                   MAX_UNKNOWN_STATUSES);
	}
	{
		const char **arr = realloc(ld->unknown_statuses, (ld->nunknown + 1) * sizeof *arr);

		if (arr == NULL)
			return OVP_ENOMEM;
		ld->unknown_statuses = arr;
		arr[ld->nunknown++] = status;
	}
	return add_problem(ld, row->line, col ? col->header : "Status", v, len,
	                   "unknown status \"%s\"; taken as planned (map it in [status] of the "
	                   "configuration; reported once per status)",
	                   status);
}

static int
read_item(loader *ld, const ovp_table_row *row)
{
	ovp_item it;
	size_t len, ilen, tlen;
	const ovp_table_column *col;
	const char *v;
	const char *id = ovp_table_get(ld->table, row, F_ID, &ilen, NULL);
	const char *title = ovp_table_get(ld->table, row, F_TITLE, &tlen, NULL);
	int rc;

	memset(&it, 0, sizeof it);
	it.line = row->line;
	if (ilen == 0 && tlen == 0)
		return add_problem(ld, row->line, "", "", 0,
		                   "roadmap row has neither an id nor a title; it cannot be matched "
		                   "and is left out");
	it.id = ovp_arena_strndup(&ld->arena, id, ilen);
	it.title = ovp_arena_strndup(&ld->arena, title, tlen);
	if (it.id == NULL || it.title == NULL)
		return OVP_ENOMEM;
	/* Told while the id is at hand: a pass over all items afterwards
	 * was a cache miss per item. */
	for (size_t i = 0; i < ilen && !ld->non_numeric_id; i++)
		if (id[i] < '0' || id[i] > '9')
			ld->non_numeric_id = true;
	if ((rc = read_status(ld, row, &it)) < 0)
		return rc;
	if ((rc = read_date(ld, row, F_PLANNED, &it.planned, &it.later, &it.planned_text)) < 0 ||
	    (rc = read_date(ld, row, F_BASELINE, &it.baseline, NULL, NULL)) < 0 ||
	    (rc = read_date(ld, row, F_SHIPPED, &it.shipped, NULL, NULL)) < 0 ||
	    (rc = read_date(ld, row, F_CREATED, &it.created, NULL, NULL)) < 0)
		return rc;

	it.confidence = -1.0;
	v = ovp_table_get(ld->table, row, F_CONFIDENCE, &len, &col);
	it.confidence_text = keep_text(ld, v, len);
	if (it.confidence_text == NULL)
		return OVP_ENOMEM;
	if (len > 0 && parse_confidence(v, len, &it.confidence) < 0) {
		it.confidence = -1.0;
		rc = add_problem(ld, row->line, col->header, v, len,
		                 "unknown confidence \"%.*s\" (expected High, Medium, Low or a "
		                 "percentage); ignored",
		                 (int)len, v);
		if (rc < 0)
			return rc;
	}

	v = ovp_table_get(ld->table, row, F_TEAM, &len, NULL);
	it.team = keep_text(ld, v, len);
	if (it.team == NULL)
		return OVP_ENOMEM;

	v = ovp_table_get(ld->table, row, F_MATURITY, &len, NULL);
	it.maturity = keep_text(ld, v, len);
	if (it.maturity == NULL)
		return OVP_ENOMEM;
	if ((rc = read_list(ld, row, F_ALIASES, ";\n", false, &it.aliases, &it.naliases)) < 0 ||
	    (rc = read_list(ld, row, F_LABELS, ",;\n", true, &it.labels, &it.nlabels)) < 0)
		return rc;
	it.prototype = is_prototype(ld, it.maturity);
	for (size_t i = 0; i < it.nlabels && !it.prototype; i++) {
		if (is_prototype(ld, it.labels[i])) {
			it.prototype = true;
			it.maturity = it.labels[i];
		}
	}

	it.effort = -1.0;
	v = ovp_table_get(ld->table, row, F_EFFORT, &len, &col);
	if (len > 0) {
		char buf[64];
		char *end;

		if (len < sizeof buf) {
			memcpy(buf, v, len);
			buf[len] = '\0';
		}
		if (len >= sizeof buf || ovp_parse_number(buf, &it.effort, &end) < 0 || *end != '\0') {
			it.effort = -1.0;
			rc = add_problem(ld, row->line, col->header, v, len,
			                 "unknown estimate \"%.*s\" (expected a number); ignored", (int)len, v);
			if (rc < 0)
				return rc;
		}
	}

	if (ld->nitems == ld->cap) {
		size_t cap = ld->cap ? ld->cap * 2 : 64;
		ovp_item *items = realloc(ld->items, cap * sizeof *items);

		if (items == NULL)
			return OVP_ENOMEM;
		ld->items = items;
		ld->cap = cap;
	}
	ld->items[ld->nitems++] = it;
	return 0;
}

static int
require(loader *ld, size_t f, const char *what, ovp_error *err)
{
	char tried[256];

	if (ovp_table_has(ld->table, f))
		return 0;
	ovp_field_tried(&fields[f], tried, sizeof tried);
	return ovp_error_set(err, OVP_EINPUT, ld->path, ovp_table_header_line(ld->table),
	                     "no column holds %s (tried: %s); map one with [roadmap] %s = ... in "
	                     ".overpromise.ini",
	                     what, tried, fields[f].key);
}

static int
by_line(const void *a, const void *b)
{
	const ovp_problem *x = a, *y = b;

	return (x->line > y->line) - (x->line < y->line);
}

const ovp_field_def *
ovp_roadmap_field_defs(size_t *n)
{
	*n = F_COUNT;
	return fields;
}

void
ovp_roadmap_table_options(const ovp_config *cfg, ovp_table_options *topts, const char **overrides)
{
	memset(topts, 0, sizeof *topts);
	for (size_t f = 0; f < F_COUNT; f++)
		overrides[f] = cfg != NULL ? ovp_config_column(&cfg->roadmap, fields[f].key) : NULL;
	topts->fields = fields;
	topts->nfields = F_COUNT;
	topts->overrides = overrides;
	topts->delimiter = cfg != NULL ? cfg->roadmap.delimiter : 0;
	topts->order = cfg != NULL ? cfg->roadmap.date_order : OVP_ORDER_AUTO;
	topts->section = "roadmap";
}

int
ovp_roadmap_load(ovp_roadmap **out, const char *path, const ovp_config *cfg, ovp_day as_of,
                 ovp_error *err)
{
	return ovp_roadmap_load_hooked(out, path, cfg, as_of, NULL, err);
}

int
ovp_roadmap_load_hooked(ovp_roadmap **out, const char *path, const ovp_config *cfg, ovp_day as_of,
                        const ovp_load_hooks *hooks, ovp_error *err)
{
	loader ld;
	ovp_table_options topts;
	const char *overrides[F_COUNT];
	roadmap_impl *rm;
	size_t nrows = 0;
	long header_line;
	bool has_teams;
	int rc;

	*out = NULL;
	memset(&ld, 0, sizeof ld);
	ld.path = strcmp(path, "-") == 0 ? "<stdin>" : path;
	ld.cfg = cfg;
	ld.as_of = as_of;
	ovp_roadmap_table_options(cfg, &topts, overrides);
	rc = ovp_table_open(&ld.table, path, &topts, err);
	if (rc < 0)
		return rc;
	if (hooks != NULL && hooks->opened != NULL)
		hooks->opened(hooks->ctx, ld.table);
	header_line = ovp_table_header_line(ld.table);
	has_teams = ovp_table_has(ld.table, F_TEAM);
	if (!ovp_table_has(ld.table, F_ID) && !ovp_table_has(ld.table, F_TITLE)) {
		char tried[256];

		ovp_field_tried(&fields[F_TITLE], tried, sizeof tried);
		rc = ovp_error_set(err, OVP_EINPUT, ld.path, ovp_table_header_line(ld.table),
		                   "no column holds the roadmap item's id or title (tried: %s); map one "
		                   "with [roadmap] title = ... in .overpromise.ini",
		                   tried);
	}
	if (rc == 0)
		rc = require(&ld, F_STATUS, "the roadmap item's status", err);
	if (rc == 0)
		rc = require(&ld, F_PLANNED, "the roadmap item's planned date", err);
	while (rc == 0) {
		ovp_table_row row;

		rc = ovp_table_next(ld.table, &row, err);
		if (rc <= 0)
			break;
		/* The whole roadmap is kept in memory: bound it, and say so. */
		if (++nrows > OVP_ROADMAP_MAX_ROWS) {
			rc = ovp_error_set(err, OVP_ELIMIT, ld.path, row.line,
			                   "more than %d roadmap rows: overpromise reads at most %d "
			                   "roadmap items",
			                   OVP_ROADMAP_MAX_ROWS, OVP_ROADMAP_MAX_ROWS);
			break;
		}
		if (hooks != NULL && hooks->row != NULL)
			hooks->row(hooks->ctx, ld.table, &row);
		rc = read_item(&ld, &row);
		if (rc == 0)
			rc = take_table_problems(&ld);
		if (rc < 0)
			ovp_error_set(err, rc, ld.path, row.line, "out of memory");
	}
	if (rc == 0)
		rc = take_table_problems(&ld);
	if (hooks != NULL && hooks->closing != NULL)
		hooks->closing(hooks->ctx, ld.table);
	ovp_table_close(ld.table);
	free(ld.unknown_statuses);
	ovp_intern_free(&ld.texts);
	ovp_intern_free(&ld.statuses);
	rm = rc == 0 ? calloc(1, sizeof *rm) : NULL;
	if (rm == NULL) {
		free(ld.items);
		free(ld.problems);
		ovp_arena_free(&ld.arena);
		return rc < 0 ? rc : ovp_error_set(err, OVP_ENOMEM, ld.path, 0, "out of memory");
	}
	if (ld.nproblems > 1)
		qsort(ld.problems, ld.nproblems, sizeof *ld.problems, by_line);
	rm->arena = ld.arena;
	rm->items = ld.items;
	rm->problems = ld.problems;
	rm->pub.path = ovp_arena_strndup(&rm->arena, ld.path, strlen(ld.path));
	rm->pub.items = ld.items;
	rm->pub.nitems = ld.nitems;
	rm->pub.problems = ld.problems;
	for (size_t i = 0; i < ld.nproblems; i++)
		ld.problems[i].file = rm->pub.path;
	rm->pub.nproblems = ld.nproblems;
	rm->pub.numeric_ids = ld.nitems > 0 && !ld.non_numeric_id;
	rm->pub.header_line = header_line;
	rm->pub.has_teams = has_teams;
	*out = &rm->pub;
	return 0;
}

void
ovp_roadmap_free(ovp_roadmap *pub)
{
	roadmap_impl *rm = (roadmap_impl *)pub;

	if (rm == NULL)
		return;
	free(rm->items);
	free(rm->problems);
	ovp_arena_free(&rm->arena);
	free(rm);
}
