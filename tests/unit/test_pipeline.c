/*
 * Checking an export on two threads (src/pipeline.c): the report is the
 * one a single thread writes, byte for byte, whichever side matches the
 * promises: the reading side all of them, the checking side all it is
 * left (the reading side leaving every promise its cache does not keep),
 * or the two sharing them as the queue fills and drains.  The promises
 * of lost deals, which are skipped, are matched by neither side.
 */
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

#include "src/engine_impl.h"
#include "src/pipeline.h"
#include "src/planner_impl.h"
#include "src/util/arena.h"
#include "src/util/str.h"

#define ROADMAP "../examples/roadmap.csv"
#define NDEALS 3000

/* Promise texts: titles as written, typed with typos, features not on the roadmap. */
static const char *const TEXTS[] = {
	"SSO",
	"SCIM user provisioning",
	"Audit log exprot",
	"Role based acess control",
	"Data residency (EU)",
	"Offline mode",
	"Webhooks",
	"Salesforce integraton",
	"Mobile app (iOS)",
	"Custom dashbaords",
	"Bulk CSV import",
	"2FA",
	"Usage-based billing",
	"Slack notifcations",
	"Sandbox environment",
	"Dark mode",
	"PLAT-101",
};

static char dir[64];
static char deals_path[128];

/* The promise of every lost deal, and of no other. */
#define LOST_TEXT "Quantum teleportation"

/*
 * Write a deals export of NDEALS deals whose promises repeat, come back
 * with new numbers (so that new texts keep arriving), and hold typos;
 * one deal in seven is lost and promises LOST_TEXT.  With broken, a last
 * row opens a quote that it never closes.
 */
static void
write_deals(bool broken)
{
	FILE *f;

	snprintf(dir, sizeof dir, "/tmp/ovp-pipeline-XXXXXX");
	assert_non_null(scratch_mkdtemp(dir));
	snprintf(deals_path, sizeof deals_path, "%s/deals.csv", dir);
	f = fopen(deals_path, "w");
	assert_non_null(f);
	fprintf(f, "Opportunity ID,Opportunity Name,Account Name,Stage,Amount Currency,Amount,"
	           "Close Date,Promised Features\n");
	for (unsigned i = 0; i < NDEALS; i++) {
		size_t nt = sizeof TEXTS / sizeof *TEXTS;

		if (i % 7 == 3) {
			fprintf(f, "D-%u,Deal %u,Account %u,Closed Lost,USD,5000,2027-01-15,\"%s\"\n", i,
			        i, i % 97, LOST_TEXT);
			continue;
		}
		fprintf(f, "D-%u,Deal %u,Account %u,%s,USD,%u,2027-0%u-15,\"%s by 2027-0%u-01; ", i, i,
		        i % 97, i % 5 == 0 ? "Closed Won" : "Negotiation", 1000 + (i * 37) % 9000,
		        1 + i % 9, TEXTS[i % nt], 1 + (i * 7) % 9);
		if (i % 3 == 0)
			fprintf(f, "Feature number %u for export %u\"\n", i % 700, i % 11);
		else
			fprintf(f, "%s %u\"\n", TEXTS[(i * 5) % nt], i % 40);
	}
	if (broken)
		fprintf(f, "D-X,Deal X,Account X,Negotiation,USD,1000,2027-01-15,\"SSO\n");
	assert_int_equal(fclose(f), 0);
}

/*
 * The JSON report of the export, written to the file to, or in memory
 * when to is NULL (to's contents are read back): with one thread
 * (low_water < 0), else with two, the reading side leaving promises
 * unmatched below low_water.  Then whether the first matcher's cache
 * keeps a result for the lost deals' promise and for a promise of checked
 * deals, into kept[0] and kept[1].  When the check fails, the report as
 * far as it got, its error in *failed.  The deals checked or skipped,
 * into checked (may be NULL).
 */
static char *
report_to(const char *to, long low_water, size_t *len, bool kept[2], ovp_error *failed,
          unsigned long *checked)
{
	ovp_roadmap *rm = NULL;
	ovp_deals_reader *r = NULL;
	ovp_engine *e = NULL;
	ovp_sink *sink = NULL;
	ovp_engine_options eo = {0};
	ovp_report_meta meta = {0};
	ovp_error err = {0};
	char *buf = NULL;
	FILE *out = to != NULL ? fopen(to, "w") : open_memstream(&buf, len);
	ovp_arena ar = OVP_ARENA_INIT;
	ovp_match found;
	struct stat st;
	int rc;

	assert_non_null(out);
	eo.as_of = ovp_day_from_ymd(2026, 11, 26);
	assert_int_equal(ovp_roadmap_load(&rm, ROADMAP, NULL, eo.as_of, &err), 0);
	assert_int_equal(ovp_deals_open(&r, deals_path, NULL, &err), 0);
	assert_int_equal(ovp_sink_new(&sink, "json", out, &err), 0);
	eo.roadmap = rm;
	eo.sink = sink;
	meta.command = "check";
	meta.as_of = eo.as_of;
	meta.deals_path = "deals.csv";
	meta.roadmap_path = "roadmap.csv";
	assert_int_equal(ovp_engine_new(&e, &eo, &err), 0);
	ovp_deals_set_as_of(r, eo.as_of);
	assert_int_equal(ovp_engine_begin(e, &meta, &err), 0);
	rc = low_water < 0 ? ovp_engine_deals(e, r, 1, NULL, NULL, &err)
	                   : ovp_engine_deals_shared(e, r, 2, (unsigned long)low_water, NULL, NULL,
	                                             &err);
	*failed = err;
	if (checked != NULL)
		*checked = e->sum.deals + e->sum.skipped;
	if (rc != 0 && failed->code == 0)
		fail_msg("failed without an error");
	if (rc == 0)
		assert_int_equal(ovp_engine_finish(e, NULL, &err), 0);
	kept[0] = ovp_planner_cached_to(e->planner, LOST_TEXT, strlen(LOST_TEXT),
	                                ovp_hash_bytes(LOST_TEXT, strlen(LOST_TEXT)), &found, &ar) == 1;
	kept[1] = ovp_planner_cached_to(e->planner, TEXTS[5], strlen(TEXTS[5]),
	                                ovp_hash_bytes(TEXTS[5], strlen(TEXTS[5])), &found, &ar) == 1;
	ovp_arena_free(&ar);
	ovp_engine_free(e);
	ovp_sink_free(sink);
	ovp_deals_close(r);
	ovp_roadmap_free(rm);
	if (to == NULL) {
		assert_int_equal(fclose(out), 0);
		return buf;
	}
	/* A write that failed (a full device) fails the close too: what the file holds counts. */
	(void)fclose(out);
	/* A device is not read back: /dev/full reads as endless zeros. */
	*len = stat(to, &st) == 0 && S_ISREG(st.st_mode) ? (size_t)st.st_size : 0;
	buf = malloc(*len + 1);
	assert_non_null(buf);
	if (*len == 0)
		return buf;
	out = fopen(to, "r");
	assert_non_null(out);
	assert_int_equal(fread(buf, 1, *len, out), *len);
	assert_int_equal(fclose(out), 0);
	return buf;
}

/* report_to() in memory. */
static char *
report(long low_water, size_t *len, bool kept[2], ovp_error *failed, unsigned long *checked)
{
	return report_to(NULL, low_water, len, kept, failed, checked);
}

static void
test_same_report(void **state)
{
	/* Every promise left (the queue's size and more), none, a few, the default. */
	static const long marks[] = {1 << 20, 256, 0, 1, 64};
	size_t len1, len;
	char *one, *two;
	bool kept[2];
	ovp_error err;

	(void)state;
	write_deals(false);
	one = report(-1, &len1, kept, &err, NULL);
	assert_int_equal(err.code, 0);
	/* A report of every deal, not one that stopped early; the lost ones skipped. */
	assert_true(len1 > 100000);
	assert_non_null(strstr(one, "\"D-2998\""));
	assert_null(strstr(one, "\"D-2999\""));
	assert_false(kept[0]);
	assert_true(kept[1]);
	for (size_t k = 0; k < sizeof marks / sizeof *marks; k++) {
		two = report(marks[k], &len, kept, &err, NULL);
		assert_int_equal(err.code, 0);
		if (len != len1 || memcmp(one, two, len) != 0)
			fail_msg("low water %ld: the report differs from one thread's", marks[k]);
		free(two);
		/* Neither side matched the lost deals' promise. */
		assert_false(kept[0]);
	}
	free(one);
}

/*
 * A file that ends in the middle of a row fails the same on two threads
 * as on one: with the reader's error, once every deal before it was
 * checked, whichever side matched them.
 */
static void
test_same_failure(void **state)
{
	static const long marks[] = {1 << 20, 0, 64};
	size_t len1, len;
	char *one, *two;
	bool kept[2];
	ovp_error err1, err;
	unsigned long checked;

	(void)state;
	write_deals(true);
	one = report(-1, &len1, kept, &err1, &checked);
	assert_int_equal(err1.code, OVP_EINPUT);
	assert_non_null(strstr(err1.message, "unterminated quoted cell"));
	/* Every deal but the one that the broken row would have ended. */
	assert_int_equal(checked, NDEALS - 1);
	for (size_t k = 0; k < sizeof marks / sizeof *marks; k++) {
		two = report(marks[k], &len, kept, &err, &checked);
		assert_int_equal(checked, NDEALS - 1);
		assert_int_equal(err.code, err1.code);
		assert_int_equal(err.line, err1.line);
		assert_string_equal(err.message, err1.message);
		if (len != len1 || memcmp(one, two, len) != 0)
			fail_msg("low water %ld: the report differs from one thread's", marks[k]);
		free(two);
	}
	free(one);
}

/*
 * Written to a file, where the report's full buffers go straight to its
 * descriptor while the other side reads: the report is the one a single
 * thread writes, byte for byte.  To a full device, it fails as one
 * thread fails: with the first write's error, nothing written.
 */
static void
test_written_to_file(void **state)
{
	char path[96];
	size_t len1, len;
	char *one, *two;
	bool kept[2];
	ovp_error err1, err;

	(void)state;
	write_deals(false);
	snprintf(path, sizeof path, "%s/report.json", dir);
	one = report_to(path, -1, &len1, kept, &err, NULL);
	assert_int_equal(err.code, 0);
	/* Many full buffers (json.c writes 256 KiB at a time). */
	assert_true(len1 > 8 * (size_t)(256 << 10));
	two = report_to(path, 64, &len, kept, &err, NULL);
	assert_int_equal(err.code, 0);
	if (len != len1 || memcmp(one, two, len) != 0)
		fail_msg("the report written to a file differs from one thread's");
	free(one);
	free(two);
	if (access("/dev/full", W_OK) != 0)
		skip();
	one = report_to("/dev/full", -1, &len1, kept, &err1, NULL);
	assert_int_equal(err1.code, OVP_EIO);
	assert_string_equal(err1.message, "the report: cannot write the report: No space left on device");
	for (long mark = 0; mark <= 64; mark += 64) {
		two = report_to("/dev/full", mark, &len, kept, &err, NULL);
		assert_int_equal(err.code, err1.code);
		assert_string_equal(err.message, err1.message);
		assert_int_equal(len, 0);
		free(two);
	}
	free(one);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_same_report, scratch_teardown),
		cmocka_unit_test_teardown(test_same_failure, scratch_teardown),
		cmocka_unit_test_teardown(test_written_to_file, scratch_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
