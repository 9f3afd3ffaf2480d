/*
 * Unit tests of the roadmap loader (SPEC 2.3 and its second round):
 * several files read as one roadmap, ids repeated within a file and
 * across files, a file without a planned-date column, the target start
 * of a planned window, time estimates as days of work, Excel serials in
 * every date field, and the column names of GitHub, Azure DevOps and the
 * others.
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

#define AS_OF "2026-11-26"

static ovp_day
day(const char *iso)
{
	int y, m, d;

	assert_int_equal(sscanf(iso, "%d-%d-%d", &y, &m, &d), 3);
	return ovp_day_from_ymd(y, m, d);
}

/* Up to eight scratch files, removed after each test. */
static char paths[8][64];
static size_t npaths;

static const char *
write_file(const char *text)
{
	char *path;
	int fd;

	assert_true(npaths < sizeof paths / sizeof paths[0]);
	path = paths[npaths++];
	strcpy(path, "/tmp/ovp-roadmap-XXXXXX");
	fd = scratch_mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	return path;
}

static int
teardown(void **state)
{
	npaths = 0;
	return scratch_teardown(state);
}

static ovp_roadmap *
load(const char *text, const ovp_config *cfg)
{
	ovp_roadmap *rm = NULL;
	ovp_error err = {0};

	if (ovp_roadmap_load(&rm, write_file(text), cfg, day(AS_OF), &err) != 0)
		fail_msg("load: %s", err.message);
	return rm;
}

static void
expect_day(ovp_day d, const char *iso)
{
	char buf[OVP_DATE_ISO_SIZE];

	assert_string_equal(ovp_day_format(d, buf), iso);
}

static const char team_a[] = "Issue key,Summary,Status,Due date\n"
                             "A-1,Single sign-on,In Progress,2027-03-31\n"
                             "A-2,Audit log export,Done,2026-09-15\n";
static const char team_b[] = "ID,Title,State,Target Date\n"
                             "2101,Usage-based billing,Active,1/15/2027\n"
                             "2102,Custom dashboards,New,12/15/2026\n"
                             "2103,Webhooks,Closed,9/30/2026\n";

static void
test_files_read_as_one(void **state)
{
	const char *const files[] = {write_file(team_a), write_file(team_b)};
	ovp_roadmap *rm = NULL;
	ovp_error err = {0};

	(void)state;
	assert_int_equal(ovp_roadmap_load_files(&rm, files, 2, NULL, day(AS_OF), &err), 0);
	assert_int_equal(rm->nitems, 5);
	assert_int_equal(rm->nfiles, 2);
	assert_string_equal(rm->path, files[0]);
	assert_string_equal(rm->files[0].path, files[0]);
	assert_int_equal(rm->files[0].first, 0);
	assert_int_equal(rm->files[0].nitems, 2);
	assert_string_equal(rm->files[1].path, files[1]);
	assert_int_equal(rm->files[1].first, 2);
	assert_int_equal(rm->files[1].nitems, 3);
	assert_true(rm->files[0].has_planned && rm->files[1].has_planned);
	/* Each item knows its file; lines are lines of that file. */
	assert_string_equal(rm->items[1].id, "A-2");
	assert_string_equal(rm->items[1].file, files[0]);
	assert_int_equal(rm->items[1].source, 0);
	assert_int_equal(rm->items[1].line, 3);
	assert_string_equal(rm->items[2].id, "2101");
	assert_string_equal(rm->items[2].file, files[1]);
	assert_int_equal(rm->items[2].source, 1);
	assert_int_equal(rm->items[2].line, 2);
	/* Each file with its own columns and day/month order. */
	expect_day(rm->items[2].planned.end, "2027-01-15");
	assert_int_equal(rm->items[4].cls, OVP_CLASS_SHIPPED);
	/* Not every id is numeric: "#2101" is needed no more than "A-1" is. */
	assert_false(rm->numeric_ids);
	assert_int_equal(rm->nproblems, 0);
	{
		ovp_roadmap view;

		ovp_roadmap_file_view(rm, 1, &view);
		assert_int_equal(view.nitems, 3);
		assert_ptr_equal(view.items, rm->items + 2);
		assert_int_equal(view.nfiles, 1);
		assert_string_equal(view.path, files[1]);
		assert_int_equal(view.nproblems, 0);
	}
	ovp_roadmap_free(rm);

	assert_int_equal(ovp_roadmap_load_files(&rm, files, 0, NULL, day(AS_OF), &err), OVP_EUSAGE);
	assert_null(rm);
}

static void
test_file_errors_name_their_file(void **state)
{
	const char *const files[] = {write_file(team_a), write_file("Notes\nnothing\n")};
	ovp_roadmap *rm = NULL;
	ovp_error err = {0};

	(void)state;
	assert_int_equal(ovp_roadmap_load_files(&rm, files, 2, NULL, day(AS_OF), &err), OVP_EINPUT);
	assert_null(rm);
	assert_int_equal(err.line, 1);
	assert_true(strncmp(err.message, files[1], strlen(files[1])) == 0);
	assert_non_null(strstr(err.message, ":1: no column holds the roadmap item's id or title"));
}

static void
test_repeated_ids(void **state)
{
	const char *const files[] = {
		write_file("Key,Summary,Status,Due date\n"
		           "PLAT-1,Single sign-on,In Progress,2027-03-31\n"
		           "PLAT-2,Audit log,To Do,2027-06-30\n"
		           "plat-1,SSO again,To Do,2027-06-30\n"
		           "PLAT-1,SSO thrice,To Do,2027-06-30\n"),
		write_file("Key,Summary,Status,Due date\n"
		           "PLAT-9,Reports,To Do,2027-06-30\n"
		           "PLAT-2,Audit log export,In Progress,2027-01-31\n"),
	};
	ovp_roadmap *rm = NULL;
	ovp_error err = {0};
	char msg[512];

	(void)state;
	assert_int_equal(ovp_roadmap_load_files(&rm, files, 2, NULL, day(AS_OF), &err), 0);
	assert_int_equal(rm->nitems, 6);
	/* A repeated id is reported once, at its second item, naming the first; case aside. */
	assert_int_equal(rm->nproblems, 2);
	assert_string_equal(rm->problems[0].file, files[0]);
	assert_int_equal(rm->problems[0].line, 4);
	assert_string_equal(rm->problems[0].column, "Key");
	assert_string_equal(rm->problems[0].value, "plat-1");
	snprintf(msg, sizeof msg,
	         "id \"plat-1\" is also the id of the item at %s:2; a promise naming it is ambiguous",
	         files[0]);
	assert_string_equal(rm->problems[0].message, msg);
	/* Across files: the problem is in the second file, naming the first. */
	assert_string_equal(rm->problems[1].file, files[1]);
	assert_int_equal(rm->problems[1].line, 3);
	snprintf(msg, sizeof msg,
	         "id \"PLAT-2\" is also the id of the item at %s:3; a promise naming it is ambiguous",
	         files[0]);
	assert_string_equal(rm->problems[1].message, msg);
	/* The items stay: the matcher finds both and calls a promise naming them ambiguous. */
	{
		ovp_matcher *m = NULL;
		const ovp_match *r;

		assert_int_equal(ovp_matcher_new(&m, rm, NULL, 0, 0.8, 0.6, &err), 0);
		r = ovp_matcher_match(m, "PLAT-2", 6, NULL);
		assert_int_equal(r->kind, OVP_MATCH_AMBIGUOUS);
		assert_int_equal(r->ncandidates, 2);
		ovp_matcher_free(m);
	}
	ovp_roadmap_free(rm);
}

static void
test_many_repeated_ids(void **state)
{
	char *text = malloc(64 * 1024);
	size_t off;
	ovp_roadmap *rm;

	(void)state;
	assert_non_null(text);
	off = (size_t)sprintf(text, "Key,Summary,Status,Due date\n");
	for (int i = 0; i < 150; i++)
		off += (size_t)sprintf(text + off, "K-%d,First %d,To Do,2027-06-30\n"
		                                   "K-%d,Second %d,To Do,2027-06-30\n",
		                       i, i, i, i);
	rm = load(text, NULL);
	free(text);
	assert_int_equal(rm->nitems, 300);
	/* One by one up to 100, then one saying so. */
	assert_int_equal(rm->nproblems, 100);
	assert_int_equal(rm->problems[99].line, 201);
	assert_non_null(strstr(rm->problems[99].message,
	                       "100 ids are repeated so far, any more are not reported one by one"));
	ovp_roadmap_free(rm);
}

static void
test_no_planned_column(void **state)
{
	ovp_roadmap *rm = load("ID,Title,State,Tags\n"
	                       "2101,Single sign-on,Active,identity\n"
	                       "2102,Data residency,New,\n"
	                       "2103,Quantum encryption,Removed,\n"
	                       "2104,Offline mode,Bogus state,\n",
	                       NULL);

	(void)state;
	assert_int_equal(rm->nitems, 4);
	assert_false(rm->files[0].has_planned);
	for (size_t i = 0; i < rm->nitems; i++) {
		assert_true(rm->items[i].no_planned_column);
		assert_false(ovp_window_is_set(rm->items[i].planned));
	}
	/* The notice comes first, on the header line, before the file's other problems. */
	assert_int_equal(rm->nproblems, 2);
	assert_int_equal(rm->problems[0].line, 1);
	assert_string_equal(rm->problems[0].column, "");
	assert_string_equal(rm->problems[0].message,
	                    "no column holds the planned date (tried: \"Custom field (Target end)\", "
	                    "\"Target end\", \"Target date\", \"Feature due date\", ...); the rules "
	                    "that need one are not applied: OVP004 late, OVP006 slip-risk, OVP012 "
	                    "slipped, and OVP003 for an item without a planned date (map one with "
	                    "[roadmap] planned = ... in .overpromise.ini)");
	assert_int_equal(rm->problems[1].line, 5);
	assert_non_null(strstr(rm->problems[1].message, "unknown status \"Bogus state\""));

	/* Two files: each has its notice, and reports its own unknown statuses. */
	{
		const char *const files[] = {
			write_file("ID,Title,State\n2101,Single sign-on,Bogus state\n"),
			write_file("Title,Status\nReports,Bogus state\nAudit,Done\n"),
		};
		ovp_error err = {0};

		ovp_roadmap_free(rm);
		assert_int_equal(ovp_roadmap_load_files(&rm, files, 2, NULL, day(AS_OF), &err), 0);
		assert_int_equal(rm->nproblems, 4);
		assert_string_equal(rm->problems[0].file, files[0]);
		assert_non_null(strstr(rm->problems[0].message, "no column holds the planned date"));
		assert_string_equal(rm->problems[1].file, files[0]);
		assert_non_null(strstr(rm->problems[1].message, "unknown status"));
		assert_string_equal(rm->problems[2].file, files[1]);
		assert_int_equal(rm->problems[2].line, 1);
		assert_non_null(strstr(rm->problems[2].message, "no column holds the planned date"));
		assert_string_equal(rm->problems[3].file, files[1]);
		assert_int_equal(rm->problems[3].line, 2);
		assert_non_null(strstr(rm->problems[3].message, "unknown status"));
	}
	ovp_roadmap_free(rm);

	/* A file with the column has no such notice, even when its cells are empty. */
	rm = load("ID,Title,State,Target Date\n2101,Single sign-on,Active,\n", NULL);
	assert_true(rm->files[0].has_planned);
	assert_false(rm->items[0].no_planned_column);
	assert_int_equal(rm->nproblems, 0);
	ovp_roadmap_free(rm);
}

static void
test_target_start(void **state)
{
	ovp_roadmap *rm = load("Issue key,Summary,Status,Custom field (Target start),"
	                       "Custom field (Target end),Due date\n"
	                       "P-1,SSO,In Progress,01/Sep/26,31/Mar/27,\n"
	                       "P-2,SCIM,To Do,,Q2 2027,\n"
	                       "P-3,Audit,To Do,15/Jan/27,,Q1 2027\n"
	                       "P-4,Reports,To Do,01/Jul/27,30/Jun/27,\n"
	                       "P-5,Billing,To Do,01/Jul/27,,\n",
	                       NULL);

	(void)state;
	/* The window runs from the target start to the planned date. */
	expect_day(rm->items[0].planned.start, "2026-09-01");
	expect_day(rm->items[0].planned.end, "2027-03-31");
	/* Without a start, the planned cell's period. */
	expect_day(rm->items[1].planned.start, "2027-04-01");
	expect_day(rm->items[1].planned.end, "2027-06-30");
	/* With the planned date from the next column, still from the start; the text stays. */
	expect_day(rm->items[2].planned.start, "2027-01-15");
	expect_day(rm->items[2].planned.end, "2027-03-31");
	assert_string_equal(rm->items[2].planned_text, "Q1 2027");
	/* A start after the end is reported and not used. */
	expect_day(rm->items[3].planned.start, "2027-06-30");
	assert_int_equal(rm->nproblems, 1);
	assert_int_equal(rm->problems[0].line, 5);
	assert_string_equal(rm->problems[0].column, "Custom field (Target start)");
	assert_string_equal(rm->problems[0].message,
	                    "target start 2027-07-01 is after the planned date 2027-06-30; the start "
	                    "is not used");
	/* A start alone plans nothing. */
	assert_false(ovp_window_is_set(rm->items[4].planned));
	ovp_roadmap_free(rm);
}

static void
test_time_estimates(void **state)
{
	ovp_config cfg;
	ovp_roadmap *rm;

	(void)state;
	/* Jira writes seconds: days at 8 hours; a duration as Jira writes it; Remaining next. */
	rm = load("Issue key,Summary,Status,Due date,Original estimate,Remaining Estimate\n"
	          "P-1,SSO,To Do,2027-03-31,144000,\n"
	          "P-2,SCIM,To Do,2027-03-31,,57600\n"
	          "P-3,Audit,To Do,2027-03-31,1w 2d 4h,\n"
	          "P-4,Reports,To Do,2027-03-31,soon,\n"
	          "P-5,Billing,To Do,2027-03-31,,\n",
	          NULL);
	assert_int_equal(rm->items[0].effort_unit, OVP_EFFORT_DAYS);
	assert_true(rm->items[0].effort == 5.0);
	assert_true(rm->items[1].effort == 2.0);
	assert_true(rm->items[2].effort == 7.5);
	assert_true(rm->items[3].effort == -1.0);
	assert_true(rm->items[4].effort == -1.0);
	assert_int_equal(rm->nproblems, 1);
	assert_int_equal(rm->problems[0].line, 5);
	assert_string_equal(rm->problems[0].message,
	                    "unknown time estimate \"soon\" (expected a number of seconds, or a "
	                    "duration such as \"2d 4h\", up to 1000000 days); ignored");
	ovp_roadmap_free(rm);

	/* [roadmap] hours_per_day changes the day. */
	ovp_config_init(&cfg);
	cfg.hours_per_day = 6.0;
	rm = load("Issue key,Summary,Status,Due date,Original estimate\nP-1,SSO,To Do,,43200\n", &cfg);
	assert_true(rm->items[0].effort == 2.0);
	ovp_roadmap_free(rm);
	ovp_config_free(&cfg);

	/* Elsewhere (Azure DevOps) a time estimate counts hours. */
	rm = load("ID,Title,State,Target Date,Original Estimate,Remaining Work\n"
	          "2101,SSO,Active,1/15/2027,40,\n"
	          "2102,SCIM,New,1/15/2027,,12\n",
	          NULL);
	assert_true(rm->items[0].effort == 5.0);
	assert_true(rm->items[1].effort == 1.5);
	ovp_roadmap_free(rm);

	/* Story points are preferred: the time estimates of that file are not read at all. */
	rm = load("Issue key,Summary,Status,Due date,Custom field (Story Points),Original Estimate\n"
	          "P-1,SSO,To Do,,8,144000\n"
	          "P-2,SCIM,To Do,,,57600\n",
	          NULL);
	assert_int_equal(rm->items[0].effort_unit, OVP_EFFORT_POINTS);
	assert_true(rm->items[0].effort == 8.0);
	assert_true(rm->items[1].effort == -1.0);
	ovp_roadmap_free(rm);

	/* Story points below 0, past a million or past a double are no estimate,
	 * and said so: several items of 1e308 would sum to infinity. */
	rm = load("Issue key,Summary,Status,Due date,Story Points\n"
	          "P-1,SSO,To Do,,-5\n"
	          "P-2,SCIM,To Do,,1e999\n"
	          "P-3,Audit,To Do,,0\n"
	          "P-4,Export,To Do,,1e308\n"
	          "P-5,Import,To Do,,1000000.5\n"
	          "P-6,Sandbox,To Do,,1000000\n",
	          NULL);
	assert_true(rm->items[0].effort == -1.0);
	assert_true(rm->items[1].effort == -1.0);
	assert_true(rm->items[2].effort == 0.0);
	assert_true(rm->items[3].effort == -1.0);
	assert_true(rm->items[4].effort == -1.0);
	assert_true(rm->items[5].effort == 1000000.0);
	assert_int_equal(rm->nproblems, 4);
	assert_int_equal(rm->problems[0].line, 2);
	assert_string_equal(rm->problems[0].message,
	                    "unknown estimate \"-5\" (expected a number from 0 to 1000000); ignored");
	assert_int_equal(rm->problems[1].line, 3);
	assert_int_equal(rm->problems[2].line, 5);
	assert_string_equal(rm->problems[2].message, "unknown estimate \"1e308\" (expected a number "
	                                             "from 0 to 1000000); ignored");
	assert_int_equal(rm->problems[3].line, 6);
	ovp_roadmap_free(rm);

	/* Time estimates are bounded the same way, in days: 1e308 hours, or
	 * a million days and one hour, are no estimate; a million days is. */
	rm = load("ID,Title,State,Target Date,Original Estimate\n"
	          "2101,SSO,Active,1/15/2027,1e308\n"
	          "2102,SCIM,Active,1/15/2027,1000000d 1h\n"
	          "2103,Audit,Active,1/15/2027,8000000\n",
	          NULL);
	assert_true(rm->items[0].effort == -1.0);
	assert_true(rm->items[1].effort == -1.0);
	assert_true(rm->items[2].effort == 1000000.0);
	assert_int_equal(rm->items[2].effort_unit, OVP_EFFORT_DAYS);
	assert_int_equal(rm->nproblems, 2);
	assert_int_equal(rm->problems[0].line, 2);
	assert_string_equal(rm->problems[0].message,
	                    "unknown time estimate \"1e308\" (expected a number of hours, or a "
	                    "duration such as \"2d 4h\", up to 1000000 days); ignored");
	assert_int_equal(rm->problems[1].line, 3);
	ovp_roadmap_free(rm);
}

static void
test_serials_in_every_date_field(void **state)
{
	ovp_roadmap *rm = load("Key,Summary,Status,Target end,Target start,Baseline,Resolved,"
	                       "Created\n"
	                       "P-1,SSO,Done,46477,46266,46387,46480,46175\n",
	                       NULL);

	(void)state;
	expect_day(rm->items[0].planned.end, "2027-03-31");
	expect_day(rm->items[0].planned.start, "2026-09-01");
	expect_day(rm->items[0].baseline.end, "2026-12-31");
	expect_day(rm->items[0].shipped.end, "2027-04-03");
	expect_day(rm->items[0].created.end, "2026-06-02");
	assert_int_equal(rm->nproblems, 0);
	ovp_roadmap_free(rm);
}

static void
test_column_names(void **state)
{
	ovp_roadmap *rm;

	(void)state;
	/* GitHub: the issue number, its last state, the milestone's due date. */
	rm = load("Issue Number,Title,last_state,Milestone due on\n"
	          "101,Single sign-on,open,2027-03-31T00:00:00Z\n",
	          NULL);
	assert_string_equal(rm->items[0].id, "101");
	assert_string_equal(rm->items[0].status, "open");
	expect_day(rm->items[0].planned.end, "2027-03-31");
	assert_true(rm->numeric_ids);
	ovp_roadmap_free(rm);

	/* GitHub Projects: the iteration's dates, where an export carries them. */
	rm = load("Title\tStatus\tIteration start date\tIteration end date\n"
	          "Single sign-on\tIn Progress\t2027-03-01\t2027-03-14\n",
	          NULL);
	expect_day(rm->items[0].planned.start, "2027-03-01");
	expect_day(rm->items[0].planned.end, "2027-03-14");
	ovp_roadmap_free(rm);
}

/* Two strings that are both absent or both the same text. */
static void
same_text(const char *a, const char *b)
{
	assert_true((a == NULL) == (b == NULL));
	if (a != NULL)
		assert_string_equal(a, b);
}

static void
same_window(ovp_window a, ovp_window b)
{
	assert_true(a.start == b.start && a.end == b.end && a.period == b.period);
}

/* Two roadmaps with the same items and problems, in the same order. */
static void
same_roadmap(const ovp_roadmap *a, const ovp_roadmap *b)
{
	assert_int_equal(a->nitems, b->nitems);
	assert_int_equal(a->nfiles, b->nfiles);
	assert_int_equal(a->numeric_ids, b->numeric_ids);
	for (size_t i = 0; i < a->nitems; i++) {
		const ovp_item *x = &a->items[i], *y = &b->items[i];

		same_text(x->id, y->id);
		same_text(x->title, y->title);
		same_text(x->status, y->status);
		same_text(x->resolution, y->resolution);
		same_text(x->planned_text, y->planned_text);
		same_text(x->confidence_text, y->confidence_text);
		same_text(x->maturity, y->maturity);
		same_text(x->team, y->team);
		same_text(x->file, y->file);
		assert_true(x->cls == y->cls && x->later == y->later && x->prototype == y->prototype &&
		            x->effort_unit == y->effort_unit && x->line == y->line &&
		            x->source == y->source && x->no_planned_column == y->no_planned_column);
		assert_true(x->confidence == y->confidence && x->effort == y->effort);
		same_window(x->planned, y->planned);
		same_window(x->baseline, y->baseline);
		same_window(x->shipped, y->shipped);
		same_window(x->created, y->created);
		assert_int_equal(x->naliases, y->naliases);
		for (size_t k = 0; k < x->naliases; k++)
			assert_string_equal(x->aliases[k], y->aliases[k]);
		assert_int_equal(x->nlabels, y->nlabels);
		for (size_t k = 0; k < x->nlabels; k++)
			assert_string_equal(x->labels[k], y->labels[k]);
	}
	assert_int_equal(a->nproblems, b->nproblems);
	for (size_t i = 0; i < a->nproblems; i++) {
		const ovp_problem *x = &a->problems[i], *y = &b->problems[i];

		assert_int_equal(x->line, y->line);
		same_text(x->file, y->file);
		same_text(x->column, y->column);
		same_text(x->value, y->value);
		same_text(x->message, y->message);
	}
}

/*
 * A roadmap of rows lines (after the header) with something to report
 * every few rows: unknown statuses and dates, repeated ids, short and
 * long rows, bytes that are not UTF-8, blank rows, quoted cells over two
 * lines; and, with bad_end, an unterminated quote at its end.
 */
static char *
busy_roadmap(size_t rows, bool bad_end)
{
	size_t cap = rows * 200 + 512, at = 0;
	char *s = malloc(cap);

	assert_non_null(s);
	at += (size_t)snprintf(s + at, cap - at,
	                       "Issue key,Summary,Status,Resolution,Custom field (Target end),"
	                       "Created,Resolved,Confidence,Labels,Labels,Aliases,Story Points,"
	                       "Description\n");
	for (size_t i = 0; i < rows; i++) {
		static const char *const statuses[] = {"To Do", "In Progress", "Done", "Backlog",
		                                        "Won't Do", "Odd state"};
		static const char *const dates[] = {"15/Jul/27", "Q3 2027", "2027-02-30", "someday",
		                                    "Later", ""};

		if (i % 97 == 50) {
			at += (size_t)snprintf(s + at, cap - at, ",,,\n");
			continue;
		}
		if (i % 113 == 7) {
			at += (size_t)snprintf(s + at, cap - at, "P-%zu,Short row %zu,To Do\n", i, i);
			continue;
		}
		at += (size_t)snprintf(
			s + at, cap - at,
			"P-%zu,%s %zu%s,%s%zu,%s,%s,%s,%s,%s,%s,%s,%s,%s,\"notes on %zu\nsecond line\"%s\n",
			i % 101 == 3 ? i - 1 : i, i % 5 ? "Single sign-on" : "Audit \xff export", i,
			i % 89 == 4 ? "\xc3" : "", statuses[i % 6], i % 6 == 5 ? i % 150 : 0,
			i % 6 == 2 ? "Done" : "", dates[i % 6], i % 41 == 0 ? "2027-13-01" : "01/Mar/25",
			i % 6 == 2 ? "05/Jun/25 4:10 PM" : "", i % 23 == 0 ? "so-so" : "High",
			i % 9 == 0 ? "beta" : "mobile", i % 3 ? "ios" : "", i % 4 ? "" : "SSO;login",
			i % 31 == 0 ? "lots" : "3", i, i % 257 == 9 ? ",extra" : "");
		assert_true(at < cap);
	}
	if (bad_end)
		at += (size_t)snprintf(s + at, cap - at, "P-end,\"Never closed,To Do\n");
	assert_true(at < cap);
	return s;
}

/*
 * Read on two threads, a roadmap is the one read on one: its items, its
 * problems in the same order, and the same error for a file that fails,
 * over batches of rows and more than one file.
 */
static void
test_two_threads(void **state)
{
	char *busy = busy_roadmap(1300, false), *bad = busy_roadmap(700, true);
	const char *const files[] = {write_file(busy), write_file(team_a), write_file(bad)};
	ovp_roadmap *one = NULL, *two = NULL;
	ovp_error e1 = {0}, e2 = {0};

	(void)state;
	assert_int_equal(ovp_roadmap_load_files_on(&one, files, 2, NULL, day(AS_OF), 1, &e1), 0);
	assert_int_equal(ovp_roadmap_load_files_on(&two, files, 2, NULL, day(AS_OF), 2, &e2), 0);
	assert_true(one->nitems > 1200 && one->nproblems > 100);
	same_roadmap(one, two);
	ovp_roadmap_free(one);
	ovp_roadmap_free(two);
	assert_int_equal(ovp_roadmap_load_files_on(&one, files + 1, 2, NULL, day(AS_OF), 1, &e1),
	                 OVP_EINPUT);
	assert_int_equal(ovp_roadmap_load_files_on(&two, files + 1, 2, NULL, day(AS_OF), 2, &e2),
	                 OVP_EINPUT);
	assert_null(one);
	assert_null(two);
	assert_int_equal(e1.line, e2.line);
	assert_true(e1.line > 700);
	assert_string_equal(e1.message, e2.message);
	assert_non_null(strstr(e2.message, files[2]));
	free(busy);
	free(bad);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_files_read_as_one, teardown),
		cmocka_unit_test_teardown(test_file_errors_name_their_file, teardown),
		cmocka_unit_test_teardown(test_repeated_ids, teardown),
		cmocka_unit_test_teardown(test_many_repeated_ids, teardown),
		cmocka_unit_test_teardown(test_no_planned_column, teardown),
		cmocka_unit_test_teardown(test_target_start, teardown),
		cmocka_unit_test_teardown(test_time_estimates, teardown),
		cmocka_unit_test_teardown(test_serials_in_every_date_field, teardown),
		cmocka_unit_test_teardown(test_column_names, teardown),
		cmocka_unit_test_teardown(test_two_threads, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
