/*
 * Fuzz target: the CSV reader with column recognition.  The input is
 * written to a file and read as a deals export (ovp_deals_open), as a
 * roadmap export (ovp_roadmap_load, then a matcher over its items) and
 * as a bare table with a look-ahead of one row, so that rows also
 * stream past the look-ahead queue.  One input in eight is read again as
 * deals with blank lines spliced in after its first line, pushing the
 * rest of it across the reader's 64 KiB chunk boundary at an offset the
 * input chooses.
 *
 * Checked besides memory errors: every error names the file, every
 * string handed out is readable, line numbers never go backwards.
 */
#include <string.h>

#include <overpromise/deals.h>
#include <overpromise/match.h>
#include <overpromise/roadmap.h>

#include "fuzz.h"
#include "src/amount.h"
#include "src/table.h"

/* The reader's chunk size (src/csv.c CHUNK). */
#define CHUNK 65536

static volatile size_t sink;

static void
touch(const char *s)
{
	FUZZ_CHECK(s != NULL);
	sink += strlen(s);
}

static void
check_error(const ovp_error *err, int rc, const char *path)
{
	FUZZ_CHECK(rc < 0 && err->code == rc);
	FUZZ_CHECK(strncmp(err->message, path, strlen(path)) == 0);
	FUZZ_CHECK(strlen(err->message) > strlen(path) + 2);
}

static void
check_problems(const ovp_problem *p, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		FUZZ_CHECK(p[i].line >= 1);
		touch(p[i].file);
		touch(p[i].column);
		touch(p[i].value);
		touch(p[i].message);
	}
}

static void
read_deals(const char *path)
{
	ovp_deals_reader *r;
	ovp_error err = {0};
	const ovp_problem *tp;
	size_t ntp;
	long last = 0;
	int rc = ovp_deals_open(&r, path, NULL, &err);

	if (rc < 0) {
		check_error(&err, rc, path);
		return;
	}
	for (;;) {
		const ovp_deal *d;

		rc = ovp_deals_next(r, &d, &err);
		if (rc < 0)
			check_error(&err, rc, path);
		if (rc <= 0)
			break;
		FUZZ_CHECK(d->line > last);
		last = d->line;
		touch(d->id);
		touch(d->name);
		touch(d->account);
		touch(d->currency);
		touch(d->stage);
		touch(d->owner);
		FUZZ_CHECK(strlen(d->currency) < OVP_CURRENCY_SIZE);
		for (size_t i = 0; i < d->npromises; i++) {
			const ovp_promise *p = &d->promises[i];

			touch(p->text);
			touch(p->feature);
			touch(p->due_text);
			FUZZ_CHECK(p->line >= d->line);
			FUZZ_CHECK(p->text[0] != '\0');
			FUZZ_CHECK((p->due_source == OVP_DUE_NONE) == !ovp_window_is_set(p->due));
		}
		check_problems(d->problems, d->nproblems);
	}
	tp = ovp_deals_trailing_problems(r, &ntp);
	check_problems(tp, ntp);
	ovp_deals_close(r);
}

static void
read_roadmap(const char *path, ovp_day as_of)
{
	ovp_roadmap *rm;
	ovp_matcher *m;
	ovp_error err = {0};
	int rc = ovp_roadmap_load(&rm, path, NULL, as_of, &err);

	if (rc < 0) {
		check_error(&err, rc, path);
		return;
	}
	for (size_t i = 0; i < rm->nitems; i++) {
		const ovp_item *it = &rm->items[i];

		FUZZ_CHECK(it->id[0] != '\0' || it->title[0] != '\0');
		FUZZ_CHECK(i == 0 || it->line > rm->items[i - 1].line);
		touch(it->status);
		touch(it->resolution);
		touch(it->planned_text);
		touch(it->confidence_text);
		touch(it->maturity);
		for (size_t k = 0; k < it->naliases; k++)
			touch(it->aliases[k]);
		for (size_t k = 0; k < it->nlabels; k++)
			touch(it->labels[k]);
		FUZZ_CHECK(!ovp_window_is_set(it->planned) || it->planned.start <= it->planned.end);
	}
	check_problems(rm->problems, rm->nproblems);
	for (size_t i = 1; i < rm->nproblems; i++)
		FUZZ_CHECK(rm->problems[i].line >= rm->problems[i - 1].line);

	/* Match every item's own title and id: each must find something. */
	rc = ovp_matcher_new(&m, rm, NULL, 0, 0.8, 0.6, &err);
	FUZZ_CHECK(rc == 0);
	for (size_t i = 0; i < rm->nitems && i < 64; i++) {
		const ovp_item *it = &rm->items[i];
		const ovp_match *mt = ovp_matcher_match(m, it->title, strlen(it->title), NULL);

		FUZZ_CHECK(mt != NULL);
		FUZZ_CHECK(mt->ncandidates <= OVP_MATCH_MAX_CANDIDATES);
		mt = ovp_matcher_match(m, it->id, strlen(it->id), NULL);
		FUZZ_CHECK(mt != NULL);
	}
	ovp_matcher_free(m);
	ovp_roadmap_free(rm);
}

static const char *const name_headers[] = {"Name", "Title", NULL};
static const char *const when_headers[] = {"Date", "Due date", NULL};
static const char *const tags_headers[] = {"Labels", "Tags", NULL};
static const ovp_field_def fields[] = {
	{"name", name_headers, 0},
	{"when", when_headers, OVP_FIELD_DATE},
	{"tags", tags_headers, OVP_FIELD_MULTI},
};

static void
read_table(const char *path)
{
	ovp_table_options o = {0};
	ovp_table *t;
	ovp_table_row row;
	ovp_error err = {0};
	int rc;

	o.fields = fields;
	o.nfields = sizeof fields / sizeof fields[0];
	o.lookahead = 1;
	o.section = "test";
	rc = ovp_table_open(&t, path, &o, &err);
	if (rc < 0) {
		check_error(&err, rc, path);
		return;
	}
	for (size_t i = 0; i < ovp_table_ncolumns(t); i++)
		touch(ovp_table_header(t, i));
	while ((rc = ovp_table_next(t, &row, &err)) > 0) {
		size_t n, len;
		const ovp_problem *pr;

		for (size_t f = 0; f < o.nfields; f++) {
			const char *v = ovp_table_get(t, &row, f, &len, NULL);

			for (size_t k = 0; k < len; k++)
				sink += (unsigned char)v[k];
		}
		pr = ovp_table_take_problems(t, &n);
		check_problems(pr, n);
	}
	if (rc < 0)
		check_error(&err, rc, path);
	ovp_table_close(t);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static ovp_day as_of = OVP_DAY_NONE;
	const char *path;

	if (as_of == OVP_DAY_NONE)
		as_of = ovp_day_from_ymd(2026, 11, 26);
	fuzz_file_begin();
	fuzz_file_append(data, size);
	path = fuzz_file_path();
	read_deals(path);
	read_roadmap(path, as_of);
	read_table(path);

	if (size >= 2 && size < CHUNK && data[size - 1] % 8 == 0) {
		const uint8_t *nl = memchr(data, '\n', size);
		size_t head = nl != NULL ? (size_t)(nl - data) + 1 : size;
		size_t rest = size - head;
		size_t shift = rest > 0 ? data[0] % (rest < 255 ? rest + 1 : 256) : 0;

		/* The byte at head + shift of the input lands on the chunk boundary. */
		fuzz_file_begin();
		fuzz_file_append(data, head);
		if (CHUNK > head + shift)
			fuzz_file_fill('\n', CHUNK - head - shift);
		fuzz_file_append(data + head, rest);
		read_deals(path);
	}
	return 0;
}
