/*
 * Unit tests of the table (SPEC 2.1-2.2): which column becomes which
 * field, the day/month order of every date column (by the column, by the
 * file, by default, by the configuration), Excel serials only in date
 * columns, month columns, report trailers, short and long rows, and the
 * OVP201 problem for a date that contradicts its column.
 */
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

#include <overpromise/overpromise.h>

#include "src/table.h"

#define H(...) ((const char *const[]){__VA_ARGS__, NULL})

enum { F_NAME, F_DUE, F_START, F_DONE, F_WEEK, F_TAGS, F_COUNT };

static const ovp_field_def fields[F_COUNT] = {
	[F_NAME] = {"name", H("Name", "Promised Features"), 0},
	[F_DUE] = {"due", H("Due date", "Target end"), OVP_FIELD_DATE | OVP_FIELD_MONTHS},
	[F_START] = {"start", H("Start date"), OVP_FIELD_DATE},
	[F_DONE] = {"done", H("Resolved"), OVP_FIELD_DATE},
	[F_WEEK] = {"week", H("Week"), OVP_FIELD_DATE},
	[F_TAGS] = {"tags", H("Labels"), OVP_FIELD_MULTI},
};

static char path[64];

/* Write the n bytes at data (they may hold NUL bytes) to a new scratch file, path. */
static void
write_bytes(const void *data, size_t n)
{
	int fd;

	strcpy(path, "/tmp/ovp-table-XXXXXX");
	fd = scratch_mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, data, n), (ssize_t)n);
	close(fd);
}

static void
write_file(const char *text)
{
	write_bytes(text, strlen(text));
}

/* Open the file at path as a table with the test fields and the given order. */
static ovp_table *
open_path(ovp_date_order order, const char *const *overrides, size_t lookahead)
{
	ovp_table *t = NULL;
	ovp_error err = {0};
	ovp_table_options o = {0};

	o.fields = fields;
	o.nfields = F_COUNT;
	o.overrides = overrides;
	o.order = order;
	o.lookahead = lookahead;
	o.strip_entity_prefix = true;
	o.section = "roadmap";
	if (ovp_table_open(&t, path, &o, &err) != 0)
		fail_msg("open: %s", err.message);
	return t;
}

/* Open text as a table with the test fields and the given order. */
static ovp_table *
open_with(const char *text, ovp_date_order order, const char *const *overrides,
          size_t lookahead)
{
	write_file(text);
	return open_path(order, overrides, lookahead);
}

static ovp_table *
open_text(const char *text)
{
	return open_with(text, OVP_ORDER_AUTO, NULL, 0);
}

static void
done(ovp_table *t)
{
	ovp_table_close(t);
	unlink(path);
}

/* The column c of field f. */
static const ovp_table_column *
column(const ovp_table *t, size_t f, size_t c)
{
	size_t n;
	const ovp_table_column *cols = ovp_table_columns(t, f, &n);

	assert_true(c < n);
	return &cols[c];
}

/* Read the date of field f in the next row as ISO, or the status name. */
static void
expect_date(ovp_table *t, size_t f, ovp_date_status want, const char *day)
{
	ovp_table_row row;
	ovp_error err = {0};
	size_t len;
	const ovp_table_column *col;
	const char *v;
	ovp_date_context ctx;
	ovp_window w;
	char buf[OVP_DATE_ISO_SIZE];

	assert_int_equal(ovp_table_next(t, &row, &err), 1);
	v = ovp_table_get(t, &row, f, &len, &col);
	assert_non_null(col);
	ctx = ovp_table_date_context(col, OVP_DAY_NONE);
	assert_int_equal(ovp_date_parse(v, len, &ctx, &w), want);
	if (want == OVP_DATE_OK)
		assert_string_equal(ovp_day_format(w.end, buf), day);
}

static void
test_order_per_column(void **state)
{
	/* Each column decides for itself: "Due date" is day-first, "Start date" month-first. */
	ovp_table *t = open_text("Name,Due date,Start date\n"
	                         "A,01/02/2027,01/02/2027\n"
	                         "B,15/03/2027,03/15/2027\n"
	                         "C,02/04/2027,04/02/2027\n");

	(void)state;
	assert_int_equal(column(t, F_DUE, 0)->order, OVP_ORDER_DMY);
	assert_int_equal(column(t, F_DUE, 0)->order_source, OVP_ORDER_FROM_COLUMN);
	assert_int_equal(column(t, F_START, 0)->order, OVP_ORDER_MDY);
	assert_int_equal(column(t, F_START, 0)->order_source, OVP_ORDER_FROM_COLUMN);
	assert_int_equal(ovp_table_date_order(t, F_DUE), OVP_ORDER_DMY);
	/* The ambiguous first row is read in each column's order. */
	expect_date(t, F_DUE, OVP_DATE_OK, "2027-02-01");
	done(t);

	t = open_text("Name,Due date,Start date\nA,01/02/2027,01/02/2027\n");
	expect_date(t, F_START, OVP_DATE_OK, "2027-01-02");
	done(t);
}

static void
test_numeric_dates(void **state)
{
	/* Only a column with a numeric day and month has an order that matters. */
	ovp_table *t = open_text("Name,Due date,Start date,Resolved\n"
	                         "A,31/Mar/27,2027-01-15,\n"
	                         "B,Q2 2027,2027-02-01,1/2/2027\n");

	(void)state;
	assert_false(column(t, F_DUE, 0)->numeric);
	assert_false(column(t, F_START, 0)->numeric);
	assert_true(column(t, F_DONE, 0)->numeric);
	assert_int_equal(column(t, F_DUE, 0)->order_source, OVP_ORDER_FROM_DEFAULT);
	done(t);
}

static void
test_serials_in_plan_columns(void **state)
{
	/* A plan's baseline and committed dates are date columns by their headers. */
	const char *const overrides[F_COUNT] = {[F_DUE] = "Baseline", [F_WEEK] = "Committed",
	                                        [F_START] = "Original target"};
	ovp_table *t = open_with("Name,Baseline,Committed,Original target\nA,46402,46403,46404\n",
	                         OVP_ORDER_AUTO, overrides, 0);

	(void)state;
	assert_true(column(t, F_DUE, 0)->serials);
	assert_true(column(t, F_WEEK, 0)->serials);
	assert_true(column(t, F_START, 0)->serials);
	expect_date(t, F_DUE, OVP_DATE_OK, "2027-01-15");
	done(t);
}

static void
test_order_by_file(void **state)
{
	/* "Due date" alone cannot tell; "Resolved" can, and the file follows it. */
	ovp_table *t = open_text("Name,Due date,Resolved\n"
	                         "A,01/02/2027,\n"
	                         "B,03/04/2027,25.12.2026\n");

	(void)state;
	assert_int_equal(column(t, F_DUE, 0)->order, OVP_ORDER_DMY);
	assert_int_equal(column(t, F_DUE, 0)->order_source, OVP_ORDER_FROM_FILE);
	assert_int_equal(column(t, F_DONE, 0)->order_source, OVP_ORDER_FROM_COLUMN);
	expect_date(t, F_DUE, OVP_DATE_OK, "2027-02-01");
	done(t);
}

static void
test_order_by_default(void **state)
{
	/* Nothing decides: '/' dates are month-day, '.' and '-' dates day-month. */
	ovp_table *t = open_text("Name,Due date\nA,01/02/2027\nB,01.02.2027\nC,Q1 2027\n");

	(void)state;
	assert_int_equal(column(t, F_DUE, 0)->order, OVP_ORDER_AUTO);
	assert_int_equal(column(t, F_DUE, 0)->order_source, OVP_ORDER_FROM_DEFAULT);
	expect_date(t, F_DUE, OVP_DATE_OK, "2027-01-02");
	expect_date(t, F_DUE, OVP_DATE_OK, "2027-02-01");
	expect_date(t, F_DUE, OVP_DATE_OK, "2027-03-31");
	done(t);
}

static void
test_order_override(void **state)
{
	/* The configuration wins over the values; a value that says otherwise conflicts. */
	ovp_table *t = open_with("Name,Due date\nA,01/02/2027\nB,15/02/2027\n", OVP_ORDER_MDY,
	                         NULL, 0);

	(void)state;
	assert_int_equal(column(t, F_DUE, 0)->order, OVP_ORDER_MDY);
	assert_int_equal(column(t, F_DUE, 0)->order_source, OVP_ORDER_FROM_CONFIG);
	expect_date(t, F_DUE, OVP_DATE_OK, "2027-01-02");
	expect_date(t, F_DUE, OVP_DATE_CONFLICT, NULL);
	done(t);
}

static void
test_order_majority_and_lookahead(void **state)
{
	/* Two day-first values outvote one month-first value, which then conflicts. */
	ovp_table *t = open_text("Name,Due date\nA,13/01/2027\nB,01/13/2027\nC,14/01/2027\n");

	(void)state;
	assert_int_equal(column(t, F_DUE, 0)->order, OVP_ORDER_DMY);
	expect_date(t, F_DUE, OVP_DATE_OK, "2027-01-13");
	expect_date(t, F_DUE, OVP_DATE_CONFLICT, NULL);
	done(t);

	/* Only the look-ahead rows decide: with one row of look-ahead, nothing does. */
	t = open_with("Name,Due date\nA,01/02/2027\nB,13/02/2027\n", OVP_ORDER_AUTO, NULL, 1);
	assert_int_equal(column(t, F_DUE, 0)->order_source, OVP_ORDER_FROM_DEFAULT);
	expect_date(t, F_DUE, OVP_DATE_OK, "2027-01-02");
	/* undecided, the value itself tells */
	expect_date(t, F_DUE, OVP_DATE_OK, "2027-02-13");
	done(t);
}

/* The rows read ahead can be looked at before they are handed out, and only those. */
static void
test_rows_ahead(void **state)
{
	ovp_table *t = open_with("Name,Due date\nA,x\n\nB,y\nC,z\n", OVP_ORDER_AUTO, NULL, 2);
	ovp_table_row row;
	ovp_error err = {0};
	size_t len;

	(void)state;
	assert_true(ovp_table_ahead(t, 0, &row));
	assert_int_equal(row.line, 2);
	assert_string_equal(ovp_table_cell(&row, 0, &len), "A");
	assert_true(ovp_table_ahead(t, 1, &row));
	assert_int_equal(row.line, 4);
	assert_string_equal(ovp_table_cell(&row, 1, &len), "y");
	assert_false(ovp_table_ahead(t, 2, &row));
	/* handing a row out takes it off the look-ahead */
	assert_int_equal(ovp_table_next(t, &row, &err), 1);
	assert_int_equal(row.line, 2);
	assert_true(ovp_table_ahead(t, 0, &row));
	assert_int_equal(row.line, 4);
	assert_false(ovp_table_ahead(t, 1, &row));
	assert_int_equal(ovp_table_next(t, &row, &err), 1);
	assert_int_equal(row.line, 4);
	assert_false(ovp_table_ahead(t, 0, &row));
	/* a row read after the look-ahead is not one ahead */
	assert_int_equal(ovp_table_next(t, &row, &err), 1);
	assert_int_equal(row.line, 5);
	assert_false(ovp_table_ahead(t, 0, &row));
	done(t);
}

/*
 * A row read ahead keeps every cell as read, each a C string of its
 * length: empty ones, ones with other characters, ones whose bytes were
 * replaced (a NUL byte), quoted ones over several lines, a short row.
 */
static void
test_rows_ahead_cells(void **state)
{
	static const char text[] = "Name,Due date,Notes\n"
	                           "A,,\xC3\xA9t\xC3\xA9\n"
	                           "\"B\nb\",2027-01-02,x\0y\n"
	                           "C\n"
	                           ",,\n";
	static const char *const want[][3] = {
		{"A", "", "\xC3\xA9t\xC3\xA9"},
		{"B\nb", "2027-01-02", "x\xEF\xBF\xBDy"},
		{"C", NULL, NULL},
	};
	ovp_table *t = NULL;
	ovp_table_row row;
	ovp_table_options o = {0};
	ovp_error err = {0};
	int fd;

	(void)state;
	strcpy(path, "/tmp/ovp-table-XXXXXX");
	fd = scratch_mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, sizeof text - 1), (ssize_t)(sizeof text - 1));
	close(fd);
	o.fields = fields;
	o.nfields = F_COUNT;
	if (ovp_table_open(&t, path, &o, &err) != 0)
		fail_msg("open: %s", err.message);
	for (int pass = 0; pass < 2; pass++) {
		for (size_t i = 0; i < 3; i++) {
			if (pass == 0)
				assert_true(ovp_table_ahead(t, i, &row));
			else
				assert_int_equal(ovp_table_next(t, &row, &err), 1);
			assert_int_equal(row.rec->ncells, want[i][1] != NULL ? 3 : 1);
			for (size_t c = 0; c < row.rec->ncells; c++) {
				assert_string_equal(row.rec->cells[c], want[i][c]);
				assert_int_equal(row.rec->lens[c], strlen(want[i][c]));
			}
		}
	}
	/* The blank row is skipped. */
	assert_int_equal(ovp_table_next(t, &row, &err), 0);
	done(t);
}

static void
test_conflict_is_ovp201(void **state)
{
	/* Through the roadmap loader: the contradicting value is a problem on its line. */
	ovp_roadmap *rm = NULL;
	ovp_error err = {0};

	(void)state;
	write_file("Summary,Status,Due date\n"
	           "SSO,To Do,13/01/2027\n"
	           "SCIM,To Do,01/13/2027\n"
	           "RBAC,To Do,25/03/2027\n");
	assert_int_equal(ovp_roadmap_load(&rm, path, NULL, 0, &err), 0);
	assert_int_equal(rm->nitems, 3);
	assert_int_equal(rm->nproblems, 1);
	assert_int_equal(rm->problems[0].line, 3);
	assert_string_equal(rm->problems[0].column, "Due date");
	assert_string_equal(rm->problems[0].value, "01/13/2027");
	assert_non_null(strstr(rm->problems[0].message, "contradicts the column's day/month order"));
	assert_false(ovp_window_is_set(rm->items[1].planned));
	assert_true(ovp_window_is_set(rm->items[2].planned));
	ovp_roadmap_free(rm);
	unlink(path);
}

/*
 * The roadmap's team: the first of Team, Project, Project key, Area Path
 * and Component/s that the export has, the next one for a row whose cell
 * is empty; the header line is kept for the findings about the whole file.
 */
static void
test_roadmap_team(void **state)
{
	ovp_roadmap *rm = NULL;
	ovp_error err = {0};
	ovp_config cfg;

	(void)state;
	write_file("\n"
	           "Summary,Status,Due date,Component/s,Project key\n"
	           "SSO,To Do,2027-01-13,Identity,PLAT\n"
	           "SCIM,To Do,2027-01-13,,PLAT\n"
	           "RBAC,To Do,2027-01-13,,\n");
	assert_int_equal(ovp_roadmap_load(&rm, path, NULL, 0, &err), 0);
	assert_true(rm->files[0].has_teams);
	assert_int_equal(rm->files[0].header_line, 2);
	assert_string_equal(rm->items[0].team, "PLAT");
	assert_string_equal(rm->items[1].team, "PLAT");
	assert_string_equal(rm->items[2].team, "");
	ovp_roadmap_free(rm);

	write_file("Summary,Status,Due date,Squad\nSSO,To Do,2027-01-13,Identity\n");
	assert_int_equal(ovp_roadmap_load(&rm, path, NULL, 0, &err), 0);
	assert_false(rm->files[0].has_teams);
	assert_int_equal(rm->files[0].header_line, 1);
	assert_string_equal(rm->items[0].team, "");
	ovp_roadmap_free(rm);

	/* [roadmap] team names another column. */
	ovp_config_init(&cfg);
	cfg.roadmap.columns[0].field = "team";
	cfg.roadmap.columns[0].header = "Squad";
	cfg.roadmap.ncolumns = 1;
	assert_int_equal(ovp_roadmap_load(&rm, path, &cfg, 0, &err), 0);
	assert_true(rm->files[0].has_teams);
	assert_string_equal(rm->items[0].team, "Identity");
	ovp_roadmap_free(rm);
	unlink(path);
}

static void
test_serials_only_in_date_columns(void **state)
{
	/* "Due date" says dates; "Week" (mapped by the configuration) holds numbers only. */
	const char *const overrides[F_COUNT] = {[F_WEEK] = "Wk"};
	ovp_table *t = open_with("Name,Due date,Wk\nA,46402,46402\n", OVP_ORDER_AUTO, overrides, 0);

	(void)state;
	assert_true(column(t, F_DUE, 0)->serials);
	assert_false(column(t, F_WEEK, 0)->serials);
	assert_true(ovp_table_field_overridden(t, F_WEEK));
	assert_false(ovp_table_field_overridden(t, F_DUE));
	expect_date(t, F_DUE, OVP_DATE_OK, "2027-01-15");
	done(t);

	t = open_with("Name,Due date,Wk\nA,46402,46402\n", OVP_ORDER_AUTO, overrides, 0);
	expect_date(t, F_WEEK, OVP_DATE_INVALID, NULL);
	done(t);

	/* Other values of the column that read as dates make it a date column. */
	t = open_with("Name,Wk\nA,2027-01-20\nB,46402\n", OVP_ORDER_AUTO, overrides, 0);
	assert_true(column(t, F_WEEK, 0)->serials);
	expect_date(t, F_WEEK, OVP_DATE_OK, "2027-01-20");
	expect_date(t, F_WEEK, OVP_DATE_OK, "2027-01-15");
	done(t);
}

static void
test_override_missing_column(void **state)
{
	const char *const overrides[F_COUNT] = {[F_DUE] = "Go-live"};
	ovp_table *t = NULL;
	ovp_error err = {0};
	ovp_table_options o = {0};

	(void)state;
	write_file("Name,Due date\nA,2027-01-15\n");
	o.fields = fields;
	o.nfields = F_COUNT;
	o.overrides = overrides;
	o.section = "roadmap";
	assert_int_equal(ovp_table_open(&t, path, &o, &err), OVP_EINPUT);
	assert_null(t);
	assert_non_null(strstr(err.message, "[roadmap] due = \"Go-live\" names no column"));
	unlink(path);
}

static void
test_month_columns(void **state)
{
	/* Productboard: no due-date column, one column per month, X marks the plan. */
	ovp_table *t = open_text("Name,April 2026,May 2026,Q3 2026,Notes\n"
	                         "A,X,,,\n"
	                         "B,,x,X,late\n"
	                         "C,-,,,\n");
	ovp_table_row row;
	ovp_error err = {0};
	size_t n, len;
	const ovp_table_column *col;
	const char *v;

	(void)state;
	ovp_table_columns(t, F_DUE, &n);
	assert_int_equal(n, 3);
	assert_true(column(t, F_DUE, 0)->month);
	assert_string_equal(column(t, F_DUE, 2)->header, "Q3 2026");
	assert_false(ovp_table_column_used(t, 4));
	assert_int_equal(ovp_table_next(t, &row, &err), 1);
	v = ovp_table_get(t, &row, F_DUE, &len, &col);
	assert_string_equal(v, "April 2026");
	assert_int_equal(len, 10);
	assert_int_equal(col->index, 1);
	/* several marks: the last one */
	assert_int_equal(ovp_table_next(t, &row, &err), 1);
	v = ovp_table_get(t, &row, F_DUE, &len, &col);
	assert_string_equal(v, "Q3 2026");
	/* "-" marks nothing */
	assert_int_equal(ovp_table_next(t, &row, &err), 1);
	v = ovp_table_get(t, &row, F_DUE, &len, &col);
	assert_int_equal(len, 0);
	assert_null(col);
	done(t);

	/* A named column wins: month headers are then just columns. */
	t = open_text("Name,Target end,April 2026\nA,2027-01-01,X\n");
	ovp_table_columns(t, F_DUE, &n);
	assert_int_equal(n, 1);
	assert_false(ovp_table_column_used(t, 2));
	done(t);
}

static void
test_header_names(void **state)
{
	/* Case and punctuation are ignored; "Deal - " and "__c" are dropped; Jira's
	 * "Custom field (X)" is X; repeated headers all serve a multi-valued field. */
	ovp_table *t = open_text("Deal - NAME,custom field (target END),Labels,LABELS,Start_Date__c\n"
	                         "A,2027-01-15,a,b,2027-01-01\n");
	ovp_table_row row;
	ovp_error err = {0};
	size_t n, len;

	(void)state;
	assert_int_equal(column(t, F_NAME, 0)->index, 0);
	assert_string_equal(column(t, F_DUE, 0)->header, "custom field (target END)");
	ovp_table_columns(t, F_TAGS, &n);
	assert_int_equal(n, 2);
	assert_int_equal(column(t, F_START, 0)->index, 4);
	assert_int_equal(ovp_table_nfields(t), F_COUNT);
	assert_string_equal(ovp_table_field(t, F_DUE)->key, "due");
	assert_null(ovp_table_field(t, F_COUNT));
	assert_int_equal(ovp_table_next(t, &row, &err), 1);
	assert_string_equal(ovp_table_get(t, &row, F_NAME, &len, NULL), "A");
	done(t);
}

static void
test_trailers_and_counts(void **state)
{
	ovp_table *t = open_text("Name,Due date,Labels\n"
	                         "Total,2027-01-15,x\n"
	                         ",,\n"
	                         "Grand Totals (3 records),,12\n"
	                         "Confidential Information - Do Not Distribute\n"
	                         "\"Copyright (c) 2000-2026 salesforce.com, inc. All rights reserved.\"\n"
	                         "Generated By: Dana Whitfield 11/26/2026 9:00 AM\n");
	ovp_table_row row;
	ovp_error err = {0};
	size_t len;

	(void)state;
	/* A row named Total with other cells is data. */
	assert_int_equal(ovp_table_next(t, &row, &err), 1);
	assert_string_equal(ovp_table_get(t, &row, F_NAME, &len, NULL), "Total");
	assert_int_equal(ovp_table_next(t, &row, &err), 0);
	assert_int_equal(ovp_table_data_rows(t), 1);
	assert_int_equal(ovp_table_skipped_rows(t), 5);
	done(t);
}

static void
test_short_and_long_rows(void **state)
{
	ovp_table *t = open_text("Name,Due date,Labels\n"
	                         "A\n"
	                         "B,2027-01-15,x,extra\n"
	                         "C\n"
	                         "D,2027-01-15,x,more\n");
	ovp_table_row row;
	ovp_error err = {0};
	size_t n, len;
	const ovp_problem *p;

	(void)state;
	assert_int_equal(ovp_table_next(t, &row, &err), 1);
	assert_int_equal(ovp_table_get(t, &row, F_DUE, &len, NULL)[0], '\0');
	p = ovp_table_take_problems(t, &n);
	assert_int_equal(n, 1);
	assert_int_equal(p[0].line, 2);
	assert_non_null(strstr(p[0].message, "missing cells are read as empty"));
	assert_int_equal(ovp_table_next(t, &row, &err), 1);
	p = ovp_table_take_problems(t, &n);
	assert_int_equal(n, 1);
	assert_int_equal(p[0].line, 3);
	assert_non_null(strstr(p[0].message, "extra cells are ignored"));
	/* once per file */
	assert_int_equal(ovp_table_next(t, &row, &err), 1);
	assert_int_equal(ovp_table_next(t, &row, &err), 1);
	ovp_table_take_problems(t, &n);
	assert_int_equal(n, 0);
	n = 7;
	assert_null(ovp_table_take_problems(t, &n));
	assert_int_equal(n, 0);
	done(t);
}

/*
 * A row of 100,000 separators is read: the reader keeps its first
 * OVP_CSV_MAX_CELLS cells and drops the rest, which are reported as extra
 * cells with the row's whole count, once, at the first row whose dropped
 * cells hold text; empty ones are harmless, as trailing delimiters are.
 */
static void
test_row_past_cell_limit(void **state)
{
	size_t cap = 3 * 100000 + 256, off = 0;
	char *text = malloc(cap);
	ovp_table *t;
	ovp_table_row row;
	ovp_error err = {0};
	size_t n, len;
	const ovp_problem *p;

	(void)state;
	assert_non_null(text);
	if (text == NULL) /* what the compiler cannot tell from cmocka's assert */
		return;
	off += (size_t)sprintf(text + off, "Name,Due date,Labels\nA,2027-01-15,x");
	memset(text + off, ',', 100000);
	off += 100000;
	off += (size_t)sprintf(text + off, "\nB,2027-01-16,y");
	memset(text + off, ',', 99999);
	off += 99999;
	sprintf(text + off, "z\nC,2027-01-17,w,more\n");
	t = open_text(text);
	free(text);
	assert_int_equal(ovp_table_next(t, &row, &err), 1);
	assert_int_equal(row.line, 2);
	assert_string_equal(ovp_table_get(t, &row, F_NAME, &len, NULL), "A");
	assert_int_equal(row.rec->ncells, OVP_CSV_MAX_CELLS);
	ovp_table_take_problems(t, &n);
	assert_int_equal(n, 0);
	assert_int_equal(ovp_table_next(t, &row, &err), 1);
	assert_int_equal(row.line, 3);
	assert_string_equal(ovp_table_get(t, &row, F_DUE, &len, NULL), "2027-01-16");
	p = ovp_table_take_problems(t, &n);
	assert_int_equal(n, 1);
	assert_int_equal(p[0].line, 3);
	assert_string_equal(p[0].message, "row has 100002 cells, the header 3; the extra cells are "
	                                  "ignored (reported once per file)");
	assert_int_equal(ovp_table_next(t, &row, &err), 1);
	assert_int_equal(row.line, 4);
	ovp_table_take_problems(t, &n);
	assert_int_equal(n, 0);
	assert_int_equal(ovp_table_next(t, &row, &err), 0);
	assert_int_equal(ovp_table_data_rows(t), 3);
	done(t);
}

/*
 * Text that does not decode is reported in the words of the file's
 * encoding: bytes that are not UTF-8 in a UTF-8 file, text that is not
 * UTF-16 (here a low surrogate with no high one) in a UTF-16 file.
 */
static void
test_undecodable_text_message(void **state)
{
	/* "Name,Labels\nA,x<U+DC00>\n" in UTF-16LE with its byte order mark. */
	static const unsigned char utf16[] = {
		0xFF, 0xFE, 'N', 0, 'a', 0, 'm', 0, 'e', 0, ',', 0, 'L', 0, 'a', 0, 'b', 0,
		'e', 0, 'l', 0, 's', 0, '\n', 0, 'A', 0, ',', 0, 'x', 0, 0x00, 0xDC, '\n', 0,
	};
	static const char utf8[] = "Name,Labels\nA,x\xDC\n";
	ovp_table *t;
	ovp_table_row row;
	ovp_error err = {0};
	size_t n, len;
	const ovp_problem *p;

	(void)state;
	write_bytes(utf16, sizeof utf16);
	t = open_path(OVP_ORDER_AUTO, NULL, 0);
	assert_int_equal(ovp_table_next(t, &row, &err), 1);
	assert_string_equal(ovp_table_get(t, &row, F_TAGS, &len, NULL), "x\xEF\xBF\xBD");
	p = ovp_table_take_problems(t, &n);
	assert_int_equal(n, 1);
	assert_int_equal(p[0].line, 2);
	assert_string_equal(p[0].column, "Labels");
	assert_string_equal(p[0].message,
	                    "text that is not UTF-16 was replaced by U+FFFD (reported once per column)");
	done(t);

	write_bytes(utf8, sizeof utf8 - 1);
	t = open_path(OVP_ORDER_AUTO, NULL, 0);
	assert_int_equal(ovp_table_next(t, &row, &err), 1);
	p = ovp_table_take_problems(t, &n);
	assert_int_equal(n, 1);
	assert_string_equal(p[0].message,
	                    "bytes that are not UTF-8 were replaced by U+FFFD (reported once per column)");
	done(t);
}

/* A header past the cell limit would lose columns unseen: an error at its line. */
static void
test_header_past_cell_limit(void **state)
{
	size_t cap = 2 * OVP_CSV_MAX_CELLS + 64, off = 0;
	char *text = malloc(cap);
	ovp_table *t = NULL;
	ovp_error err = {0};
	ovp_table_options o = {0};
	char want[128];

	(void)state;
	assert_non_null(text);
	if (text == NULL) /* what the compiler cannot tell from cmocka's assert */
		return;
	off += (size_t)sprintf(text + off, "\nName");
	memset(text + off, ',', OVP_CSV_MAX_CELLS);
	off += OVP_CSV_MAX_CELLS;
	sprintf(text + off, "Labels\nA,x\n");
	write_file(text);
	free(text);
	o.fields = fields;
	o.nfields = F_COUNT;
	o.section = "roadmap";
	assert_int_equal(ovp_table_open(&t, path, &o, &err), OVP_ELIMIT);
	assert_null(t);
	snprintf(want, sizeof want, "%s:2: more than 16384 columns in the header", path);
	assert_string_equal(err.message, want);
	unlink(path);
}

/* Field f of row: its value and the index of the column it came from (-1 for none). */
static void
expect_get(ovp_table *t, const ovp_table_row *row, size_t f, const char *want, int index)
{
	size_t len;
	const ovp_table_column *col = column(t, F_NAME, 0);
	const char *v = ovp_table_get(t, row, f, &len, &col);

	assert_int_equal(len, strlen(want));
	assert_memory_equal(v, want, len);
	if (index < 0)
		assert_null(col);
	else
		assert_int_equal(col->index, (size_t)index);
	/* Without a column asked for, the same value. */
	v = ovp_table_get(t, row, f, &len, NULL);
	assert_int_equal(len, strlen(want));
	assert_memory_equal(v, want, len);
}

/* A field's value is the first cell with text among its columns, trimmed. */
static void
test_get_values(void **state)
{
	ovp_table *t = open_text("Promised Features,Name,Due date,Start date\n"
	                         "pf,  nm  ,2027-01-15,x\n"
	                         "pf,,2027-01-15\n"
	                         "\xC2\xA0pf\xC2\xA0, \t ,,\n"
	                         "\xC2\xA0,\xC2\xA0\xC2\xA0,,s\n"
	                         "a,b\n");
	ovp_table_row row;
	ovp_error err = {0};

	(void)state;
	assert_int_equal(ovp_table_next(t, &row, &err), 1);
	expect_get(t, &row, F_NAME, "nm", 1);
	expect_get(t, &row, F_START, "x", 3);
	expect_get(t, &row, F_DONE, "", -1);
	expect_get(t, &row, F_COUNT, "", -1);
	assert_int_equal(ovp_table_next(t, &row, &err), 1);
	expect_get(t, &row, F_NAME, "pf", 0);
	expect_get(t, &row, F_START, "", -1);
	assert_int_equal(ovp_table_next(t, &row, &err), 1);
	expect_get(t, &row, F_NAME, "pf", 0);
	expect_get(t, &row, F_DUE, "", -1);
	assert_int_equal(ovp_table_next(t, &row, &err), 1);
	expect_get(t, &row, F_NAME, "", -1);
	expect_get(t, &row, F_START, "s", 3);
	assert_int_equal(ovp_table_next(t, &row, &err), 1);
	expect_get(t, &row, F_NAME, "b", 1);
	expect_get(t, &row, F_DUE, "", -1);
	assert_int_equal(ovp_table_next(t, &row, &err), 0);
	done(t);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_order_per_column, scratch_teardown),
		cmocka_unit_test_teardown(test_order_by_file, scratch_teardown),
		cmocka_unit_test_teardown(test_order_by_default, scratch_teardown),
		cmocka_unit_test_teardown(test_order_override, scratch_teardown),
		cmocka_unit_test_teardown(test_order_majority_and_lookahead, scratch_teardown),
		cmocka_unit_test_teardown(test_rows_ahead, scratch_teardown),
		cmocka_unit_test_teardown(test_rows_ahead_cells, scratch_teardown),
		cmocka_unit_test_teardown(test_conflict_is_ovp201, scratch_teardown),
		cmocka_unit_test_teardown(test_roadmap_team, scratch_teardown),
		cmocka_unit_test_teardown(test_serials_only_in_date_columns, scratch_teardown),
		cmocka_unit_test_teardown(test_serials_in_plan_columns, scratch_teardown),
		cmocka_unit_test_teardown(test_numeric_dates, scratch_teardown),
		cmocka_unit_test_teardown(test_override_missing_column, scratch_teardown),
		cmocka_unit_test_teardown(test_month_columns, scratch_teardown),
		cmocka_unit_test_teardown(test_header_names, scratch_teardown),
		cmocka_unit_test_teardown(test_trailers_and_counts, scratch_teardown),
		cmocka_unit_test_teardown(test_short_and_long_rows, scratch_teardown),
		cmocka_unit_test_teardown(test_row_past_cell_limit, scratch_teardown),
		cmocka_unit_test_teardown(test_header_past_cell_limit, scratch_teardown),
		cmocka_unit_test_teardown(test_undecodable_text_message, scratch_teardown),
		cmocka_unit_test_teardown(test_get_values, scratch_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
