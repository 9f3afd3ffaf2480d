/*
 * The roadmap loader: the roadmap export read into items (see roadmap.h).
 *
 * Columns are recognised by the header names of the common roadmap and
 * issue tools (SPEC 2.3), in order of precedence; each row becomes an
 * item with its status class, its planned window and the other fields
 * the rules read.  A cell that cannot be read as intended becomes a
 * data-quality problem and the item is kept with what could be read.
 * On two threads (ovp_roadmap_load_files_on()), one reads the rows and
 * the other makes their items, with the same result (read_rows_shared()).
 */
#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <overpromise/config.h>
#include <overpromise/roadmap.h>
#include <overpromise/status.h>

#include "load_hooks.h"
#include "problem_list.h"
#include "table.h"
#include "util/arena.h"
#include "util/intern.h"
#include "util/str.h"

/* The roadmap's fields, in the order they claim columns. */
enum {
	F_ID,
	F_TITLE,
	F_STATUS,
	F_STATUS_CATEGORY,
	F_RESOLUTION,
	F_PLANNED,
	F_START,
	F_BASELINE,
	F_SHIPPED,
	F_CREATED,
	F_CONFIDENCE,
	F_MATURITY,
	F_ALIASES,
	F_LABELS,
	F_EFFORT,
	F_TIME_ESTIMATE,
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
 * "Completed At"), GitHub ("Issue Number", "Title", "Status", "last_state",
 * "Target date", "Start date", and the iteration's and milestone's dates
 * where an export carries them) and hand-made sheets.
 */
static const ovp_field_def fields[F_COUNT] = {
	[F_ID] = {"id",
	          H("Issue key", "Key", "Feature reference #", "Feature reference", "Reference #",
	            "ID", "Identifier", "Reference", "Task ID", "Work Item ID", "Issue id",
	            "entity_uuid", "Idea reference #", "Epic reference #", "Issue", "Item ID",
	            "Issue Number"),
	          0},
	[F_TITLE] = {"title",
	             H("Summary", "Title", "Feature name", "Name", "entity_name", "Card Name",
	               "Task Name", "Idea name", "Feature", "Title 1",
	               "Title 2", "Title 3", "Title 4", "Item", "Idea"),
	             0},
	[F_STATUS] = {"status", H("Status", "Feature status", "State", "status_name",
	                          "Workflow status", "Idea status", "Epic status", "Section/Column",
	                          "Board Column", "last_state"),
	              0},
	[F_STATUS_CATEGORY] = {"status_category", H("Status Category"), OVP_FIELD_HINT},
	[F_RESOLUTION] = {"resolution", H("Resolution"), OVP_FIELD_HINT},
	[F_PLANNED] = {"planned",
	               H("Custom field (Target end)", "Target end", "Target date", "Feature due date",
	                 "Feature end date", "Feature date", "Release date", "Custom field (Due date)",
	                 "Due date", "Due On", "End date", "Finish Date", "Cycle End",
	                 "Iteration end date", "Iteration end", "Milestone due date",
	                 "Milestone due on", "Milestone due", "Timeframe", "Quarter", "ETA",
	                 "Planned for", "Planned date", "Target release", "Roadmap", "Release"),
	               OVP_FIELD_DATE | OVP_FIELD_MONTHS},
	/* The first day of the planned window, where the export has one. */
	[F_START] = {"start",
	             H("Custom field (Target start)", "Target start", "Start date",
	               "Feature start date", "Iteration start date", "Iteration start",
	               "Planned start"),
	             OVP_FIELD_DATE},
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
	                "Effort"),
	              0},
	/*
	 * Time to do the work: seconds in a Jira export ("Original estimate"),
	 * hours elsewhere (Azure DevOps "Original Estimate", "Remaining Work");
	 * read as days of work, and only where the file has no effort column.
	 */
	[F_TIME_ESTIMATE] = {"time_estimate",
	                     H("Original estimate", "Remaining Estimate", "Remaining Work",
	                       "Time estimate"),
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
	const char *path;      /* the file being read, as named by the caller: the roadmap's copy */
	size_t source;         /* its index among the files */
	bool has_planned;      /* it has a planned-date column */
	bool has_teams;        /* it has a team column */
	bool effort_column;    /* it has an effort column: its time estimates are not read */
	double estimate_unit;  /* days in one unit of its time estimates */
	bool estimate_seconds; /* that unit is a second (Jira), not an hour */
	const ovp_config *cfg;
	ovp_day as_of;
	ovp_arena arena;
	ovp_intern texts;     /* short cell texts, value: PROTO_* bits */
	ovp_intern statuses;  /* status, resolution and category, value: STATUS_* bits */
	ovp_item *items;
	size_t nitems, cap;
	ovp_problem_list problems;
	const char **unknown_statuses; /* reported once each */
	size_t nunknown;
	bool reported_empty_status;
	bool reported_many_statuses;
	bool non_numeric_id;     /* an item's id has a character other than a digit */
	bool no_key_column;      /* the file has neither an id nor a title column */
	size_t nrepeated;        /* different ids found repeated */
	ovp_roadmap_file *files;
	size_t nfiles;
	size_t nrows;            /* rows of all files so far, bounded by OVP_ROADMAP_MAX_ROWS */
	uint32_t *ids;           /* open addressing: item index + 1 by lower-case id, 0 when free */
	size_t ids_mask;         /* slots - 1 */
	size_t nids;
	unsigned threads;        /* threads a file may be read on: 1 or 2 */
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
	ovp_problem_list problems;
	ovp_roadmap_file *files;
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
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = ovp_problem_list_vaddf(&ld->problems, ld->path, line, column, value, vlen, fmt, ap);
	va_end(ap);
	return rc;
}

/* Add the n problems at p (as the table found them) to ld's. */
static int
add_problems(loader *ld, const ovp_problem *p, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		int rc = add_problem(ld, p[i].line, p[i].column, p[i].value, strlen(p[i].value), "%s",
		                     p[i].message);

		if (rc < 0)
			return rc;
	}
	return 0;
}

static int
take_table_problems(loader *ld)
{
	size_t n;
	const ovp_problem *p = ovp_table_take_problems(ld->table, &n);

	return add_problems(ld, p, n);
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

static int check_id(loader *ld, size_t idx, const char *column);

/* Hours of a day of work: the configuration's, else Jira's default of 8. */
static double
hours_per_day(const ovp_config *cfg)
{
	return cfg != NULL && cfg->hours_per_day > 0.0 ? cfg->hours_per_day : 8.0;
}

/* See load_hooks.h. */
int
ovp_roadmap_parse_work(const char *s, size_t len, double unit, const ovp_config *cfg,
                       double *days)
{
	char buf[64];
	char *p, *end;
	double v, total = 0.0, hpd = hours_per_day(cfg);
	bool any = false;

	if (len >= sizeof buf)
		return -1;
	memcpy(buf, s, len);
	buf[len] = '\0';
	if (ovp_parse_number(buf, &v, &end) == 0 && *end == '\0') {
		if (v < 0.0 || !(v * unit <= OVP_EFFORT_MAX))
			return -1;
		*days = v * unit;
		return 0;
	}
	for (p = buf;;) {
		double per;

		while (*p == ' ' || *p == ',')
			p++;
		if (*p == '\0')
			break;
		if (ovp_parse_number(p, &v, &end) < 0 || v < 0.0)
			return -1;
		while (*end == ' ')
			end++;
		switch (*end == '\0' ? '\0' : end[0] | 0x20) {
		case 'w': per = 5.0; break;
		case 'd': per = 1.0; break;
		case 'h': per = 1.0 / hpd; break;
		case 'm': per = 1.0 / (60.0 * hpd); break;
		default: return -1;
		}
		total += v * per;
		any = true;
		p = end + 1;
	}
	if (!any || !(total <= OVP_EFFORT_MAX))
		return -1;
	*days = total;
	return 0;
}

/*
 * Start the planned window w at the row's target start, where there is
 * one: a start after the planned date is reported and not used.
 */
static int
read_start(loader *ld, const ovp_table_row *row, ovp_window *w)
{
	ovp_window start;
	size_t len;
	const ovp_table_column *col;
	const char *v;
	int rc;

	if (!ovp_table_has(ld->table, F_START))
		return 0;
	if ((rc = read_date(ld, row, F_START, &start, NULL, NULL)) < 0)
		return rc;
	if (!ovp_window_is_set(start) || !ovp_window_is_set(*w))
		return 0;
	if (start.start <= w->end) {
		w->start = start.start;
		return 0;
	}
	v = ovp_table_get(ld->table, row, F_START, &len, &col);
	{
		char a[OVP_DATE_ISO_SIZE], b[OVP_DATE_ISO_SIZE];

		return add_problem(ld, row->line, col != NULL ? col->header : "", v, len,
		                   "target start %s is after the planned date %s; the start is not "
		                   "used",
		                   ovp_day_format(start.start, a), ovp_day_format(w->end, b));
	}
}

static int
read_item(loader *ld, const ovp_table_row *row)
{
	ovp_item it;
	size_t len, ilen, tlen;
	const ovp_table_column *col;
	const char *v;
	const ovp_table_column *idcol;
	const char *id = ovp_table_get(ld->table, row, F_ID, &ilen, &idcol);
	const char *title = ovp_table_get(ld->table, row, F_TITLE, &tlen, NULL);
	int rc;

	memset(&it, 0, sizeof it);
	it.line = row->line;
	/* Without either column (inspect reads such a file on), no row is an item. */
	if (ld->no_key_column)
		return 0;
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
	    (rc = read_start(ld, row, &it.planned)) < 0 ||
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
	it.effort_unit = OVP_EFFORT_POINTS;
	if (ld->effort_column) {
		v = ovp_table_get(ld->table, row, F_EFFORT, &len, &col);
		if (len > 0) {
			char buf[64];
			char *end;

			if (len < sizeof buf) {
				memcpy(buf, v, len);
				buf[len] = '\0';
			}
			/* A negative, endless or huge estimate would be taken as none, unseen. */
			if (len >= sizeof buf || ovp_parse_number(buf, &it.effort, &end) < 0 ||
			    *end != '\0' || !(it.effort >= 0.0 && it.effort <= OVP_EFFORT_MAX)) {
				it.effort = -1.0;
				rc = add_problem(ld, row->line, col->header, v, len,
				                 "unknown estimate \"%.*s\" (expected a number from 0 to "
				                 "%.0f); ignored",
				                 (int)len, v, OVP_EFFORT_MAX);
				if (rc < 0)
					return rc;
			}
		}
	} else {
		v = ovp_table_get(ld->table, row, F_TIME_ESTIMATE, &len, &col);
		if (len > 0 &&
		    ovp_roadmap_parse_work(v, len, ld->estimate_unit, ld->cfg, &it.effort) == 0) {
			it.effort_unit = OVP_EFFORT_DAYS;
		} else if (len > 0) {
			it.effort = -1.0;
			rc = add_problem(ld, row->line, col->header, v, len,
			                 "unknown time estimate \"%.*s\" (expected a number of %s, or "
			                 "a duration such as \"2d 4h\", up to %.0f days); ignored",
			                 (int)len, v, ld->estimate_seconds ? "seconds" : "hours",
			                 OVP_EFFORT_MAX);
			if (rc < 0)
				return rc;
		}
	}
	it.file = ld->path;
	it.source = ld->source;
	it.no_planned_column = !ld->has_planned;

	if (ld->nitems == ld->cap) {
		size_t cap = ld->cap ? ld->cap * 2 : 64;
		ovp_item *items = realloc(ld->items, cap * sizeof *items);

		if (items == NULL)
			return OVP_ENOMEM;
		ld->items = items;
		ld->cap = cap;
	}
	ld->items[ld->nitems++] = it;
	return check_id(ld, ld->nitems - 1, idcol != NULL ? idcol->header : "");
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
	topts->sheet = cfg != NULL ? cfg->roadmap.sheet : NULL;
}

/* Is the table a Jira export?  Jira names its key columns so, and its custom fields "Custom field (X)". */
static bool
jira_export(const ovp_table *t)
{
	for (size_t i = 0; i < ovp_table_ncolumns(t); i++) {
		char key[32];
		const char *h = ovp_table_header(t, i);

		ovp_header_key(h, key, sizeof key);
		if (strcmp(key, "issuekey") == 0 || strcmp(key, "issueid") == 0 ||
		    strncmp(h, "Custom field (", 14) == 0)
			return true;
	}
	return false;
}

double
ovp_roadmap_estimate_unit(const ovp_table *t, const ovp_config *cfg)
{
	return 1.0 / hours_per_day(cfg) / (jira_export(t) ? 3600.0 : 1.0);
}

/* The hash of an id, without case (ids are compared as the matcher compares them). */
static uint32_t
id_hash(const char *s)
{
	uint32_t h = 2166136261u;

	for (; *s != '\0'; s++) {
		unsigned char c = (unsigned char)*s;

		h = (h ^ (c >= 'A' && c <= 'Z' ? c + 32u : c)) * 16777619u;
	}
	return h;
}

/* Whether two ids are one, without case: ASCII letters only, as the matcher folds them. */
static bool
same_id(const char *a, const char *b)
{
	for (; *a != '\0' && *b != '\0'; a++, b++) {
		unsigned char x = (unsigned char)*a, y = (unsigned char)*b;

		if ((x >= 'A' && x <= 'Z' ? x + 32 : x) != (y >= 'A' && y <= 'Z' ? y + 32 : y))
			return false;
	}
	return *a == *b;
}

/* A slot's item index + 1, and the mark of an id already reported as repeated. */
#define ID_SLOT_ITEM 0x7fffffffu
#define ID_SLOT_REPORTED 0x80000000u
/* Different repeated ids reported one by one; the rest are said to exist once. */
#define MAX_REPEATED_IDS 100

/*
 * Note the id of item idx (its column called column) and report it when
 * an earlier item, of this file or another, has it too: a promise naming
 * it would match both.  Each repeated id is reported once, at its second
 * item, naming the first.  Returns 0 or OVP_ENOMEM.
 */
static int
check_id(loader *ld, size_t idx, const char *column)
{
	const ovp_item *it = &ld->items[idx];
	size_t i;

	if (it->id[0] == '\0')
		return 0;
	if (ld->ids == NULL || 2 * (ld->nids + 1) > ld->ids_mask + 1) {
		size_t size = ld->ids != NULL ? 2 * (ld->ids_mask + 1) : 256;
		uint32_t *slots = calloc(size, sizeof *slots);

		if (slots == NULL)
			return OVP_ENOMEM;
		for (size_t k = 0; ld->ids != NULL && k <= ld->ids_mask; k++) {
			if (ld->ids[k] == 0)
				continue;
			for (i = id_hash(ld->items[(ld->ids[k] & ID_SLOT_ITEM) - 1].id) & (size - 1);
			     slots[i] != 0; i = (i + 1) & (size - 1))
				;
			slots[i] = ld->ids[k];
		}
		free(ld->ids);
		ld->ids = slots;
		ld->ids_mask = size - 1;
	}
	for (i = id_hash(it->id) & ld->ids_mask; ld->ids[i] != 0; i = (i + 1) & ld->ids_mask) {
		const ovp_item *first = &ld->items[(ld->ids[i] & ID_SLOT_ITEM) - 1];

		if (!same_id(first->id, it->id))
			continue;
		if (ld->ids[i] & ID_SLOT_REPORTED)
			return 0;
		ld->ids[i] |= ID_SLOT_REPORTED;
		if (++ld->nrepeated > MAX_REPEATED_IDS)
			return 0;
		if (ld->nrepeated == MAX_REPEATED_IDS)
			return add_problem(ld, it->line, column, it->id, strlen(it->id),
			                   "id \"%s\" is also the id of the item at %s:%ld; %d ids are "
			                   "repeated so far, any more are not reported one by one (a "
			                   "promise naming a repeated id is ambiguous)",
			                   it->id, first->file, first->line, MAX_REPEATED_IDS);
		return add_problem(ld, it->line, column, it->id, strlen(it->id),
		                   "id \"%s\" is also the id of the item at %s:%ld; a promise naming "
		                   "it is ambiguous",
		                   it->id, first->file, first->line);
	}
	ld->ids[i] = (uint32_t)(idx + 1);
	ld->nids++;
	return 0;
}

/*
 * Read row into an item, the next in turn, as ovp_table_next() gave it,
 * and then the problems the table found up to it (*tp of them at tp).
 * The caller has counted the row; a failure is set in err at its line.
 */
static int
take_row(loader *ld, const ovp_table_row *row, const ovp_problem *tp, size_t ntp, ovp_error *err)
{
	int rc = read_item(ld, row);

	if (rc == 0)
		rc = add_problems(ld, tp, ntp);
	if (rc < 0)
		ovp_error_set(err, rc, ld->path, row->line, "out of memory");
	return rc;
}

/* Count a row read; past OVP_ROADMAP_MAX_ROWS, an error at its line. */
static int
count_row(loader *ld, long line, ovp_error *err)
{
	/* The whole roadmap is kept in memory: bound it, and say so. */
	if (++ld->nrows > OVP_ROADMAP_MAX_ROWS)
		return ovp_error_set(err, OVP_ELIMIT, ld->path, line,
		                     "more than %d roadmap rows: overpromise reads at most %d "
		                     "roadmap items",
		                     OVP_ROADMAP_MAX_ROWS, OVP_ROADMAP_MAX_ROWS);
	return 0;
}

/* Read the rows of ld's table into items, one after the other. */
static int
read_rows(loader *ld, const ovp_load_hooks *hooks, ovp_error *err)
{
	int rc = 0;

	while (rc == 0) {
		ovp_table_row row;
		const ovp_problem *tp;
		size_t ntp;

		rc = ovp_table_next(ld->table, &row, err);
		if (rc <= 0)
			break;
		if ((rc = count_row(ld, row.line, err)) < 0)
			break;
		if (hooks != NULL && hooks->row != NULL)
			hooks->row(hooks->ctx, ld->table, &row);
		tp = ovp_table_take_problems(ld->table, &ntp);
		rc = take_row(ld, &row, tp, ntp, err);
	}
	return rc;
}

/*
 * Reading a file on two threads: the calling thread reads the rows (the
 * CSV parse, the larger part of the work) and hands copies of them in
 * batches, with the problems the table found up to each, to a second
 * thread that makes the items as read_rows() would, in the same order.
 * Only the cells of the columns that fields took are copied.  While both
 * run, the second thread alone writes the loader's items, problems and
 * texts, and the calling thread alone the table; both read the table's
 * columns, which are fixed once it is open.
 */
#define BATCH_ROWS 256
#define BATCHES 4

typedef struct row_batch {
	size_t n;
	ovp_csv_record recs[BATCH_ROWS];
	size_t problems_end[BATCH_ROWS]; /* the table's problems up to each row end here */
	ovp_problem_list problems;
	ovp_arena cells;
} row_batch;

typedef struct row_relay {
	pthread_mutex_t mu;
	pthread_cond_t filled, emptied;
	row_batch batch[BATCHES];
	size_t head, count; /* the batches handed over: head, and count - 1 after it */
	bool done;          /* every row is handed over */
	bool failed;        /* the items' side stopped on an error: rc, err */
	int rc;
	ovp_error err;
	loader *ld;
} row_relay;

/* The items' side: take batches until the last and make their items. */
static void *
make_items(void *arg)
{
	row_relay *rl = arg;
	bool failed = false;

	for (;;) {
		row_batch *b;

		pthread_mutex_lock(&rl->mu);
		while (rl->count == 0 && !rl->done)
			pthread_cond_wait(&rl->filled, &rl->mu);
		if (rl->count == 0) {
			pthread_mutex_unlock(&rl->mu);
			break;
		}
		b = &rl->batch[rl->head];
		pthread_mutex_unlock(&rl->mu);
		/* After a failure the rest is only taken, so that the reader never waits. */
		for (size_t i = 0; i < b->n && !failed; i++) {
			ovp_table_row row = {b->recs[i].line, &b->recs[i]};
			size_t from = i > 0 ? b->problems_end[i - 1] : 0;
			size_t ntp = b->problems_end[i] - from;
			/* No problems in the batch yet: its list may have no array at all. */
			int rc = take_row(rl->ld, &row, ntp > 0 ? b->problems.items + from : NULL, ntp,
			                  &rl->err);

			if (rc < 0) {
				failed = true;
				rl->rc = rc;
			}
		}
		pthread_mutex_lock(&rl->mu);
		rl->failed = failed;
		rl->head = (rl->head + 1) % BATCHES;
		rl->count--;
		pthread_cond_signal(&rl->emptied);
		pthread_mutex_unlock(&rl->mu);
	}
	return NULL;
}

/* Copy rec into b, the cells of the columns in used[] (ncols of them) and none else. */
static bool
copy_record(row_batch *b, const ovp_csv_record *rec, const bool *used, size_t ncols)
{
	ovp_csv_record *r = &b->recs[b->n];
	char **cells = ovp_arena_alloc(&b->cells, rec->ncells * sizeof *cells);
	size_t *lens = ovp_arena_alloc(&b->cells, rec->ncells * sizeof *lens);

	if (cells == NULL || lens == NULL)
		return false;
	for (size_t i = 0; i < rec->ncells; i++) {
		bool keep = i < ncols && used[i];

		lens[i] = keep ? rec->lens[i] : 0;
		cells[i] = ovp_arena_strndup(&b->cells, rec->cells[i], lens[i]);
		if (cells[i] == NULL)
			return false;
	}
	r->ncells = rec->ncells;
	r->cells = cells;
	r->lens = lens;
	r->line = rec->line;
	r->dropped = rec->dropped;
	r->dropped_text = rec->dropped_text;
	return true;
}

/*
 * Fill batch b with the next rows of ld's table, up to BATCH_ROWS.
 * Returns 1 when there may be more, 0 at the end, or a negative error.
 */
static int
fill_batch(loader *ld, row_batch *b, const bool *used, size_t ncols, ovp_error *err)
{
	b->n = 0;
	ovp_problem_list_clear(&b->problems);
	ovp_arena_reset(&b->cells);
	while (b->n < BATCH_ROWS) {
		ovp_table_row row;
		const ovp_problem *tp;
		size_t ntp;
		int rc = ovp_table_next(ld->table, &row, err);

		if (rc <= 0)
			return rc;
		if ((rc = count_row(ld, row.line, err)) < 0)
			return rc;
		tp = ovp_table_take_problems(ld->table, &ntp);
		for (size_t i = 0; i < ntp; i++)
			if (ovp_problem_list_add(&b->problems, tp[i].file, tp[i].line, tp[i].column,
			                         tp[i].value, strlen(tp[i].value), tp[i].message) < 0)
				return ovp_error_set(err, OVP_ENOMEM, ld->path, row.line, "out of memory");
		if (!copy_record(b, row.rec, used, ncols))
			return ovp_error_set(err, OVP_ENOMEM, ld->path, row.line, "out of memory");
		b->problems_end[b->n++] = b->problems.n;
	}
	return 1;
}

/*
 * Read the rows of ld's table into items as read_rows() does, on two
 * threads; the same items and problems, and the same error: the first
 * in the order of the rows.  Falls back to one thread when no second
 * can be had.
 */
static int
read_rows_shared(loader *ld, ovp_error *err)
{
	size_t ncols = ovp_table_ncolumns(ld->table);
	bool *used = calloc(ncols ? ncols : 1, sizeof *used);
	row_relay *rl = calloc(1, sizeof *rl);
	pthread_t helper;
	int rc = 1;

	if (used == NULL || rl == NULL || pthread_mutex_init(&rl->mu, NULL) != 0) {
		free(used);
		free(rl);
		return read_rows(ld, NULL, err);
	}
	for (size_t f = 0; f < F_COUNT; f++) {
		size_t n;
		const ovp_table_column *cols = ovp_table_columns(ld->table, f, &n);

		for (size_t c = 0; c < n; c++)
			if (cols[c].index < ncols)
				used[cols[c].index] = true;
	}
	rl->ld = ld;
	pthread_cond_init(&rl->filled, NULL);
	pthread_cond_init(&rl->emptied, NULL);
	if (pthread_create(&helper, NULL, make_items, rl) != 0) {
		rc = read_rows(ld, NULL, err);
	} else {
		while (rc > 0) {
			row_batch *b;

			pthread_mutex_lock(&rl->mu);
			while (rl->count == BATCHES && !rl->failed)
				pthread_cond_wait(&rl->emptied, &rl->mu);
			b = rl->failed ? NULL : &rl->batch[(rl->head + rl->count) % BATCHES];
			pthread_mutex_unlock(&rl->mu);
			if (b == NULL)
				break;
			rc = fill_batch(ld, b, used, ncols, err);
			pthread_mutex_lock(&rl->mu);
			rl->count++;
			rl->done = rc <= 0;
			pthread_cond_signal(&rl->filled);
			pthread_mutex_unlock(&rl->mu);
		}
		pthread_mutex_lock(&rl->mu);
		rl->done = true;
		pthread_cond_signal(&rl->filled);
		pthread_mutex_unlock(&rl->mu);
		pthread_join(helper, NULL);
		/* The items' error is at an earlier row than any of the reader's. */
		if (rl->failed) {
			*err = rl->err;
			rc = rl->rc;
		}
		if (rc > 0)
			rc = 0;
	}
	for (size_t k = 0; k < BATCHES; k++) {
		ovp_problem_list_free(&rl->batch[k].problems);
		ovp_arena_free(&rl->batch[k].cells);
	}
	pthread_cond_destroy(&rl->filled);
	pthread_cond_destroy(&rl->emptied);
	pthread_mutex_destroy(&rl->mu);
	free(rl);
	free(used);
	return rc;
}

/*
 * Read one roadmap file into ld: its own columns and date orders, its
 * items appended to those of the files before it, its problems after
 * theirs, in line order, with the notice of a missing planned-date
 * column first.
 */
static int
load_file(loader *ld, const char *path, const ovp_load_hooks *hooks, ovp_error *err)
{
	ovp_table_options topts;
	const char *overrides[F_COUNT];
	const char *shown = strcmp(path, "-") == 0 ? "<stdin>" : path;
	size_t first_problem = ld->problems.n;
	ovp_roadmap_file *files;
	const char *sheet;
	long header_line;
	int rc;

	files = realloc(ld->files, (ld->nfiles + 1) * sizeof *files);
	if (files == NULL)
		return ovp_error_set(err, OVP_ENOMEM, shown, 0, "out of memory");
	ld->files = files;
	ld->path = ovp_arena_strndup(&ld->arena, shown, strlen(shown));
	if (ld->path == NULL)
		return ovp_error_set(err, OVP_ENOMEM, shown, 0, "out of memory");
	ld->source = ld->nfiles;
	files[ld->nfiles] = (ovp_roadmap_file){ld->path, ld->nitems, 0, false, NULL, 0, false};
	ld->nfiles++;
	/* What is reported once per file is reported again for this one. */
	ld->reported_empty_status = false;
	ld->reported_many_statuses = false;
	ld->nunknown = 0;
	ovp_roadmap_table_options(ld->cfg, &topts, overrides);
	rc = ovp_table_open(&ld->table, path, &topts, err);
	if (rc < 0)
		return rc;
	header_line = ovp_table_header_line(ld->table);
	files[ld->source].header_line = header_line;
	if (hooks != NULL && hooks->opened != NULL)
		hooks->opened(hooks->ctx, ld->table);
	ld->no_key_column = !ovp_table_has(ld->table, F_ID) && !ovp_table_has(ld->table, F_TITLE);
	if (ld->no_key_column) {
		char tried[256];

		ovp_field_tried(&fields[F_TITLE], tried, sizeof tried);
		rc = ovp_error_set(err, OVP_EINPUT, ld->path, ovp_table_header_line(ld->table),
		                   "no column holds the roadmap item's id or title (tried: %s); map one "
		                   "with [roadmap] title = ... in .overpromise.ini",
		                   tried);
		if (hooks != NULL && hooks->missing != NULL)
			rc = hooks->missing(hooks->ctx, err);
	}
	if (rc == 0 && (rc = require(ld, F_STATUS, "the roadmap item's status", err)) < 0 &&
	    hooks != NULL && hooks->missing != NULL)
		rc = hooks->missing(hooks->ctx, err);
	ld->has_planned = ovp_table_has(ld->table, F_PLANNED);
	ld->has_teams = ovp_table_has(ld->table, F_TEAM);
	ld->effort_column = ovp_table_has(ld->table, F_EFFORT);
	ld->estimate_unit = ovp_roadmap_estimate_unit(ld->table, ld->cfg);
	ld->estimate_seconds = jira_export(ld->table);
	if (rc == 0)
		rc = ld->threads >= 2 && hooks == NULL ? read_rows_shared(ld, err)
		                                       : read_rows(ld, hooks, err);
	if (rc == 0)
		rc = take_table_problems(ld);
	/* The sheet's name lives with the workbook, which is closed next. */
	if (rc == 0 && (sheet = ovp_table_sheet(ld->table)) != NULL) {
		ld->files[ld->source].sheet = ovp_arena_strndup(&ld->arena, sheet, strlen(sheet));
		if (ld->files[ld->source].sheet == NULL)
			rc = ovp_error_set(err, OVP_ENOMEM, ld->path, 0, "out of memory");
	}
	if (hooks != NULL && hooks->closing != NULL)
		hooks->closing(hooks->ctx, ld->table);
	ovp_table_close(ld->table);
	ld->table = NULL;
	if (rc < 0)
		return rc;
	files = &ld->files[ld->source];
	files->nitems = ld->nitems - files->first;
	files->has_planned = ld->has_planned;
	files->has_teams = ld->has_teams;
	if (ld->problems.n - first_problem > 1)
		qsort(ld->problems.items + first_problem, ld->problems.n - first_problem,
		      sizeof *ld->problems.items, by_line);
	if (!ld->has_planned && !ld->no_key_column) {
		char tried[256];
		ovp_problem notice;

		ovp_field_tried(&fields[F_PLANNED], tried, sizeof tried);
		rc = add_problem(ld, header_line, "", "", 0,
		                 "no column holds the planned date (tried: %s); the rules that need "
		                 "one are not applied: OVP004 late, OVP006 slip-risk, OVP012 slipped, "
		                 "and OVP003 for an item without a planned date (map one with "
		                 "[roadmap] planned = ... in .overpromise.ini)",
		                 tried);
		if (rc < 0)
			return ovp_error_set(err, rc, ld->path, 0, "out of memory");
		/* At the top of the file's problems. */
		notice = ld->problems.items[ld->problems.n - 1];
		memmove(ld->problems.items + first_problem + 1, ld->problems.items + first_problem,
		        (ld->problems.n - 1 - first_problem) * sizeof *ld->problems.items);
		ld->problems.items[first_problem] = notice;
	}
	return 0;
}

static int
load_files(ovp_roadmap **out, const char *const *paths, size_t npaths, const ovp_config *cfg,
           ovp_day as_of, unsigned threads, const ovp_load_hooks *hooks, ovp_error *err)
{
	loader ld;
	roadmap_impl *rm;
	int rc = 0;

	*out = NULL;
	if (npaths == 0)
		return ovp_error_set(err, OVP_EUSAGE, NULL, 0, "no roadmap file given");
	memset(&ld, 0, sizeof ld);
	ld.cfg = cfg;
	ld.as_of = as_of;
	ld.threads = threads;
	for (size_t i = 0; i < npaths && rc == 0; i++)
		rc = load_file(&ld, paths[i], hooks, err);
	free(ld.unknown_statuses);
	free(ld.ids);
	ovp_intern_free(&ld.texts);
	ovp_intern_free(&ld.statuses);
	rm = rc == 0 ? calloc(1, sizeof *rm) : NULL;
	if (rm == NULL) {
		free(ld.items);
		ovp_problem_list_free(&ld.problems);
		free(ld.files);
		ovp_arena_free(&ld.arena);
		return rc < 0 ? rc : ovp_error_set(err, OVP_ENOMEM, paths[0], 0, "out of memory");
	}
	rm->arena = ld.arena;
	rm->items = ld.items;
	rm->problems = ld.problems;
	rm->files = ld.files;
	rm->pub.path = ld.files[0].path;
	rm->pub.files = ld.files;
	rm->pub.nfiles = ld.nfiles;
	rm->pub.items = ld.items;
	rm->pub.nitems = ld.nitems;
	rm->pub.problems = ld.problems.items;
	rm->pub.nproblems = ld.problems.n;
	rm->pub.numeric_ids = ld.nitems > 0 && !ld.non_numeric_id;
	*out = &rm->pub;
	return 0;
}

int
ovp_roadmap_load(ovp_roadmap **out, const char *path, const ovp_config *cfg, ovp_day as_of,
                 ovp_error *err)
{
	return load_files(out, &path, 1, cfg, as_of, 1, NULL, err);
}

int
ovp_roadmap_load_files(ovp_roadmap **out, const char *const *paths, size_t npaths,
                       const ovp_config *cfg, ovp_day as_of, ovp_error *err)
{
	return load_files(out, paths, npaths, cfg, as_of, 1, NULL, err);
}

int
ovp_roadmap_load_files_on(ovp_roadmap **out, const char *const *paths, size_t npaths,
                          const ovp_config *cfg, ovp_day as_of, unsigned threads,
                          ovp_error *err)
{
	return load_files(out, paths, npaths, cfg, as_of, threads, NULL, err);
}

int
ovp_roadmap_load_hooked(ovp_roadmap **out, const char *path, const ovp_config *cfg, ovp_day as_of,
                        const ovp_load_hooks *hooks, ovp_error *err)
{
	return load_files(out, &path, 1, cfg, as_of, 1, hooks, err);
}

void
ovp_roadmap_file_view(const ovp_roadmap *rm, size_t k, ovp_roadmap *view)
{
	const ovp_roadmap_file *f = &rm->files[k];

	memset(view, 0, sizeof *view);
	view->path = f->path;
	view->files = f;
	view->nfiles = 1;
	view->items = rm->items + f->first;
	view->nitems = f->nitems;
	view->numeric_ids = rm->numeric_ids;
}

void
ovp_roadmap_free(ovp_roadmap *pub)
{
	roadmap_impl *rm = (roadmap_impl *)pub;

	if (rm == NULL)
		return;
	free(rm->items);
	ovp_problem_list_free(&rm->problems);
	free(rm->files);
	ovp_arena_free(&rm->arena);
	free(rm);
}
