/*
 * Hostile input through the public API: the inputs that fuzzing and
 * stress runs found to crash, to trip a sanitizer or to take runaway
 * time, and the limits that bound memory, each with the answer it must
 * get now.  The raw inputs of fuzzing finds are also kept in the fuzz
 * corpora (tests/fuzz/corpus/), which every build replays; the command's
 * answers to hostile files are the end-to-end cases tests/e2e/cases/hostile_*.
 */
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "scratch.h"

#include <overpromise/overpromise.h>

#include "src/date_phrase.h"

/* ---- the matcher ---- */

static const ovp_item short_first[] = {
	{.id = "QA-1", .title = "QA", .status = "To Do", .line = 2},
	{.id = "PLAT-110", .title = "Webhooks for billing events", .status = "To Do", .line = 3},
	{.id = "PLAT-111", .title = "Webhooks for user events", .status = "To Do", .line = 4},
};

/*
 * A first title too short for a character trigram left the trigram
 * array NULL when the next name was added (memcpy to NULL), and a query
 * word without typo neighbours indexed the still-NULL neighbour pool.
 */
static void
matcher_short_first_title(void **state)
{
	ovp_roadmap rm = {0};
	ovp_matcher *m = NULL;
	ovp_error err = {0};
	const ovp_match *r;

	(void)state;
	rm.path = "roadmap.csv";
	rm.items = short_first;
	rm.nitems = 3;
	assert_int_equal(ovp_matcher_new(&m, &rm, NULL, 0, 0.6, 0.6, &err), 0);

	r = ovp_matcher_match(m, "QA", 2, NULL);
	assert_non_null(r);
	assert_int_equal(r->kind, OVP_MATCH_EXACT);
	assert_string_equal(r->item->id, "QA-1");

	r = ovp_matcher_match(m, "Web:hook", 8, NULL);
	assert_non_null(r);
	assert_int_equal(r->kind, OVP_MATCH_AMBIGUOUS);
	assert_null(r->item);
	assert_int_equal(r->ncandidates, 2);
	ovp_matcher_free(m);
}

/*
 * When no title is long enough for a character trigram, the trigram
 * array stays NULL, and scoring a name pointed into it (NULL + 0).
 */
static void
matcher_no_trigrams(void **state)
{
	static const ovp_item items[] = {
		{.id = "", .title = "QA", .status = "To Do", .line = 2},
		{.id = "", .title = "UX", .status = "To Do", .line = 3},
	};
	ovp_roadmap rm = {0};
	ovp_matcher *m = NULL;
	ovp_error err = {0};
	const ovp_match *r;

	(void)state;
	rm.path = "roadmap.csv";
	rm.items = items;
	rm.nitems = 2;
	assert_int_equal(ovp_matcher_new(&m, &rm, NULL, 0, 0.8, 0.6, &err), 0);
	r = ovp_matcher_match(m, "QA UX", 5, NULL);
	assert_non_null(r);
	assert_int_equal(r->kind, OVP_MATCH_NONE);
	assert_int_equal(r->ncandidates, 2);
	r = ovp_matcher_match(m, "qa", 2, NULL);
	assert_non_null(r);
	assert_int_equal(r->kind, OVP_MATCH_EXACT);
	assert_int_equal(r->item->line, 2);
	ovp_matcher_free(m);
}

/*
 * A promise of one 1 MiB word (a cut cell of letters) made the search for
 * vocabulary words joined into one take hours: it hashed every prefix and
 * suffix of the word.  It must come back at once, matching nothing.
 */
static void
matcher_huge_word(void **state)
{
	static const ovp_item items[] = {
		{.id = "A-1", .title = "aa aaa aaaa", .status = "To Do", .line = 2},
		{.id = "A-2", .title = "Audit log export", .status = "To Do", .line = 3},
	};
	size_t n = (size_t)1 << 20;
	char *word = malloc(n);
	ovp_roadmap rm = {0};
	ovp_matcher *m = NULL;
	ovp_error err = {0};
	const ovp_match *r;

	(void)state;
	assert_non_null(word);
	memset(word, 'a', n);
	rm.path = "roadmap.csv";
	rm.items = items;
	rm.nitems = 2;
	assert_int_equal(ovp_matcher_new(&m, &rm, NULL, 0, 0.8, 0.6, &err), 0);
	r = ovp_matcher_match(m, word, n, NULL);
	assert_non_null(r);
	assert_int_equal(r->kind, OVP_MATCH_NONE);
	ovp_matcher_free(m);
	free(word);
}

/*
 * 200,000 items with one id and one title: each repeat was appended to
 * its chain by walking the chain, which took quadratic time (minutes for
 * a large roadmap).  The text is ambiguous between the first items, in
 * roadmap order.
 */
static void
matcher_many_equal_names(void **state)
{
	size_t n = 200000;
	ovp_item *items = calloc(n, sizeof *items);
	ovp_roadmap rm = {0};
	ovp_matcher *m = NULL;
	ovp_error err = {0};
	const ovp_match *r;

	(void)state;
	assert_non_null(items);
	for (size_t i = 0; i < n; i++) {
		items[i].id = "PLAT-101";
		items[i].title = "Single sign-on";
		items[i].status = "To Do";
		items[i].line = (long)i + 2;
	}
	rm.path = "roadmap.csv";
	rm.items = items;
	rm.nitems = n;
	assert_int_equal(ovp_matcher_new(&m, &rm, NULL, 0, 0.8, 0.6, &err), 0);
	for (int k = 0; k < 2; k++) {
		const char *text = k == 0 ? "PLAT-101" : "single sign on";

		r = ovp_matcher_match(m, text, strlen(text), NULL);
		assert_non_null(r);
		assert_int_equal(r->kind, OVP_MATCH_AMBIGUOUS);
		assert_int_equal(r->ncandidates, OVP_MATCH_MAX_CANDIDATES);
		assert_int_equal(r->candidates[0].item->line, 2);
		assert_int_equal(r->candidates[1].item->line, 3);
	}
	ovp_matcher_free(m);
	free(items);
}

/* ---- the roadmap ---- */

/* Write text to a new temporary file; its name goes to path (32 bytes). */
static void
temp_file(char *path, const char *text, size_t len)
{
	int fd;

	strcpy(path, "/tmp/ovp-hostile-XXXXXX");
	fd = scratch_mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, len), (ssize_t)len);
	assert_int_equal(close(fd), 0);
}

/* One row more than OVP_ROADMAP_MAX_ROWS is refused, naming its line. */
static void
roadmap_too_many_rows(void **state)
{
	char path[32], expected[256];
	size_t cap = 40 + (size_t)(OVP_ROADMAP_MAX_ROWS + 1) * 32, len;
	char *text = malloc(cap);
	ovp_roadmap *rm = NULL;
	ovp_error err = {0};

	(void)state;
	assert_non_null(text);
	len = (size_t)sprintf(text, "Summary,Status,Due date\n");
	for (long i = 0; i <= OVP_ROADMAP_MAX_ROWS; i++)
		len += (size_t)sprintf(text + len, "I%ld,To Do,2027-01-01\n", i);
	temp_file(path, text, len);
	free(text);
	assert_int_equal(ovp_roadmap_load(&rm, path, NULL, 20783, &err), OVP_ELIMIT);
	assert_null(rm);
	snprintf(expected, sizeof expected,
	         "%s:1000002: more than 1000000 roadmap rows: overpromise reads at most 1000000 "
	         "roadmap items", path);
	assert_string_equal(err.message, expected);
	unlink(path);
}

/*
 * Each unknown status is reported once; a column of 150 different ones
 * gets 100 reports and one that says the rest are not reported, and the
 * items are all read (as planned).
 */
static void
roadmap_many_unknown_statuses(void **state)
{
	char path[32], text[8192];
	size_t len;
	ovp_roadmap *rm = NULL;
	ovp_error err = {0};

	(void)state;
	len = (size_t)sprintf(text, "Summary,Status,Due date\n");
	for (int i = 0; i < 150; i++)
		len += (size_t)sprintf(text + len, "Item %d,Weird %d,2027-01-01\n", i, i % 150);
	len += (size_t)sprintf(text + len, "Item again,Weird 7,2027-01-01\n");
	temp_file(path, text, len);
	assert_int_equal(ovp_roadmap_load(&rm, path, NULL, 20783, &err), 0);
	assert_int_equal(rm->nitems, 151);
	assert_int_equal(rm->nproblems, 101);
	assert_string_equal(rm->problems[0].message,
	                    "unknown status \"Weird 0\"; taken as planned (map it in [status] of "
	                    "the configuration; reported once per status)");
	assert_int_equal(rm->problems[100].line, 102);
	assert_string_equal(rm->problems[100].value, "Weird 100");
	assert_string_equal(rm->problems[100].message,
	                    "more than 100 different unknown statuses; this one and the rest are "
	                    "taken as planned and not reported one by one");
	assert_int_equal(rm->items[150].cls, OVP_CLASS_PLANNED);
	ovp_roadmap_free(rm);
	unlink(path);
}

/* ---- the deals ---- */

/* A deal spanning one row more than OVP_DEAL_MAX_PROMISES is refused. */
static void
deals_too_many_rows(void **state)
{
	char path[32], expected[256];
	size_t cap = 64 + (size_t)(OVP_DEAL_MAX_PROMISES + 1) * 8, len;
	char *text = malloc(cap);
	ovp_deals_reader *r = NULL;
	const ovp_deal *d;
	ovp_error err = {0};

	(void)state;
	assert_non_null(text);
	len = (size_t)sprintf(text, "Opportunity Name,Promised Features\nAcme,SSO\n");
	for (long i = 1; i <= OVP_DEAL_MAX_PROMISES; i++)
		len += (size_t)sprintf(text + len, "Acme,\n");
	len += (size_t)sprintf(text + len, "Globex,SSO\n");
	temp_file(path, text, len);
	free(text);
	assert_int_equal(ovp_deals_open(&r, path, NULL, &err), 0);
	assert_int_equal(ovp_deals_next(r, &d, &err), OVP_ELIMIT);
	snprintf(expected, sizeof expected,
	         "%s:100002: deal \"Acme\" has more than 100000 promises or rows: overpromise "
	         "reads at most 100000 per deal", path);
	assert_string_equal(err.message, expected);
	ovp_deals_close(r);
	unlink(path);
}

/* ---- dates ---- */

/* Keep the last promise split out of a cell. */
static int
keep_part(void *arg, const ovp_promise_part *part)
{
	*(ovp_promise_part *)arg = *part;
	return 0;
}

/*
 * A day with a time after it is read by its day alone (the day hits the
 * cache of recent parses), but that day was read with the date phrases
 * of promises too: "1Jan 3:15 PM" read as 1 January, where the text read
 * whole, like "1 Jan 3:15 PM", is no date (fuzzing: the cache against a
 * parse from scratch).  A phrase takes no time after it; a date form
 * with a time still reads as its day.
 */
static void
date_phrase_day_with_time(void **state)
{
	const ovp_date_context ctx = {OVP_ORDER_AUTO, ovp_day_from_ymd(2026, 11, 26), false};
	static const char *const texts[] = {"1Jan 3:15 PM", "15Mar 10:00", "1 Jan 3:15 PM"};
	ovp_promise_part part;
	ovp_window w;

	(void)state;
	for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
		for (int round = 0; round < 2; round++) {
			assert_int_equal(ovp_date_parse_phrase(texts[i], strlen(texts[i]), &ctx, &w),
			                 OVP_DATE_INVALID);
			assert_int_equal(ovp_date_parse(texts[i], strlen(texts[i]), &ctx, &w),
			                 OVP_DATE_INVALID);
		}
	}
	assert_int_equal(ovp_date_parse_phrase("1Jan", 4, &ctx, &w), OVP_DATE_OK);
	assert_int_equal(w.end, ovp_day_from_ymd(2027, 1, 1));
	assert_int_equal(ovp_date_parse_phrase("15/Jan/27 3:15 PM", 17, &ctx, &w), OVP_DATE_OK);
	assert_int_equal(w.end, ovp_day_from_ymd(2027, 1, 15));

	assert_int_equal(ovp_promise_split("SSO by 1Jan 3:15 PM", 19, &ctx, keep_part, &part), 0);
	assert_int_equal(part.feature_len, 3);
	assert_memory_equal(part.feature, "SSO", 3);
	assert_non_null(part.date);
	assert_int_equal(part.date_len, 12);
	assert_memory_equal(part.date, "1Jan 3:15 PM", 12);
	assert_true(part.bad_date);
	assert_int_equal(part.date_status, OVP_DATE_INVALID);
}

/* ---- the report file ---- */

/*
 * A report to a FIFO (or a device: -o /dev/null) is written in place; a
 * temporary file renamed over it would have replaced it with a regular
 * file.
 */
static void
output_fifo_in_place(void **state)
{
	char dir[] = "/tmp/ovp-hostile-XXXXXX", path[64], got[64];
	ovp_output *o = NULL;
	ovp_error err = {0};
	struct stat st;
	FILE *fp;
	int rfd;

	(void)state;
	assert_non_null(scratch_mkdtemp(dir));
	snprintf(path, sizeof path, "%s/fifo", dir);
	assert_int_equal(mkfifo(path, 0600), 0);
	rfd = open(path, O_RDONLY | O_NONBLOCK);
	assert_true(rfd >= 0);
	assert_int_equal(ovp_output_open(&o, path, &fp, &err), 0);
	assert_true(fputs("report\n", fp) >= 0);
	assert_int_equal(ovp_output_commit(o, &err), 0);
	assert_int_equal(read(rfd, got, sizeof got), 7);
	assert_memory_equal(got, "report\n", 7);
	close(rfd);
	assert_int_equal(stat(path, &st), 0);
	assert_true(S_ISFIFO(st.st_mode));
	unlink(path);
	assert_int_equal(rmdir(dir), 0); /* nothing else was left in it */
}

/* A directory is refused before anything is written. */
static void
output_directory(void **state)
{
	ovp_output *o = NULL;
	ovp_error err = {0};
	FILE *fp;

	(void)state;
	assert_int_equal(ovp_output_open(&o, "/tmp", &fp, &err), OVP_EIO);
	assert_null(o);
	assert_string_equal(err.message, "/tmp: is a directory, not a file for the report");
}

/* ---- diff and the history of runs ---- */

/* Write text to a new scratch file named in path (a template ending in XXXXXX). */
static void
scratch(char *path, const char *text)
{
	int fd = scratch_mkstemp(path);

	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
}

/*
 * A report that names one item with two planned dates (fuzzing): the
 * item has not slipped when the report is compared with itself.
 */
static void
diff_item_with_two_dates(void **state)
{
	char path[] = "/tmp/ovp-hostile-XXXXXX";
	ovp_diff *d = NULL;
	ovp_error err = {0};
	ovp_diff_counts c;

	(void)state;
	scratch(path, "{\"tool\": {\"name\": \"overpromise\"}, \"findings\": ["
	              "{\"rule\": \"OVP004\", \"severity\": \"error\", \"fingerprint\": "
	              "\"00000000000000000000000000000001\", \"item\": {\"id\": \"P-1\", "
	              "\"planned\": \"2028-04-30\"}},"
	              "{\"rule\": \"OVP006\", \"severity\": \"warning\", \"fingerprint\": "
	              "\"00000000000000000000000000000002\", \"item\": {\"id\": \"P-1\", "
	              "\"planned\": \"2027-04-30\"}}], \"summary\": {}}");
	assert_int_equal(ovp_diff_run(&d, path, path, &err), 0);
	ovp_diff_get_counts(d, &c);
	assert_int_equal(c.slipped, 0);
	assert_int_equal(c.unchanged, 2);
	ovp_diff_free(d);
	unlink(path);
}

/* A history whose first line is empty (fuzzing: a read of no buffer yet). */
static void
history_empty_first_line(void **state)
{
	char path[] = "/tmp/ovp-hostile-XXXXXX";
	ovp_run_history *h = NULL;
	ovp_error err = {0};

	(void)state;
	scratch(path, "\na\x10\x0e" "0>");
	assert_int_equal(ovp_run_history_read(&h, path, false, &err), OVP_EINPUT);
	assert_non_null(strstr(err.message, ":2: not a history of overpromise runs"));
	unlink(path);
	memcpy(path + strlen(path) - 6, "XXXXXX", 6);
	scratch(path, "\n\n");
	assert_int_equal(ovp_run_history_read(&h, path, false, &err), 0);
	assert_int_equal(h->nruns, 0);
	ovp_run_history_free(h);
	unlink(path);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(matcher_short_first_title, scratch_teardown),
		cmocka_unit_test_teardown(matcher_no_trigrams, scratch_teardown),
		cmocka_unit_test_teardown(matcher_huge_word, scratch_teardown),
		cmocka_unit_test_teardown(matcher_many_equal_names, scratch_teardown),
		cmocka_unit_test_teardown(roadmap_too_many_rows, scratch_teardown),
		cmocka_unit_test_teardown(roadmap_many_unknown_statuses, scratch_teardown),
		cmocka_unit_test_teardown(deals_too_many_rows, scratch_teardown),
		cmocka_unit_test_teardown(date_phrase_day_with_time, scratch_teardown),
		cmocka_unit_test_teardown(output_fifo_in_place, scratch_teardown),
		cmocka_unit_test_teardown(output_directory, scratch_teardown),
		cmocka_unit_test_teardown(diff_item_with_two_dates, scratch_teardown),
		cmocka_unit_test_teardown(history_empty_first_line, scratch_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
