/*
 * Several reports from one pass: the tee sink hands every call to each of
 * its sinks, and each report comes out byte for byte as it does alone;
 * the report files of a run are closed before any is renamed into place.
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

#include "../report/samples.h"

static const char *const formats[] = {"text",  "json",   "csv",    "markdown", "sarif",
                                      "junit", "github", "gitlab", "html"};
#define NFORMATS (sizeof formats / sizeof formats[0])

typedef struct output {
	char *data;
	size_t len;
	FILE *fp;
} output;

/* The sample report in format, alone. */
static output
alone(const char *format, const ovp_report_meta *meta)
{
	output o = {NULL, 0, NULL};
	ovp_sink *sink;
	ovp_error err;

	o.fp = open_memstream(&o.data, &o.len);
	assert_non_null(o.fp);
	assert_int_equal(ovp_sink_new(&sink, format, o.fp, &err), 0);
	assert_int_equal(sample_run(sink, meta, false), 0);
	ovp_sink_free(sink);
	assert_int_equal(fclose(o.fp), 0);
	return o;
}

/* Every format at once through one tee gives what each gives alone. */
static void
test_tee_same_bytes(void **state)
{
	ovp_report_meta meta = sample_meta();
	output together[NFORMATS];
	ovp_sink *sinks[NFORMATS], *tee;
	ovp_error err;

	(void)state;
	for (size_t i = 0; i < NFORMATS; i++) {
		together[i].data = NULL;
		together[i].fp = open_memstream(&together[i].data, &together[i].len);
		assert_non_null(together[i].fp);
		assert_int_equal(ovp_sink_new(&sinks[i], formats[i], together[i].fp, &err), 0);
	}
	assert_int_equal(ovp_sink_tee_new(&tee, sinks, NULL, NFORMATS, &err), 0);
	assert_int_equal(sample_run(tee, &meta, false), 0);
	ovp_sink_free(tee);
	for (size_t i = 0; i < NFORMATS; i++) {
		output one = alone(formats[i], &meta);

		ovp_sink_free(sinks[i]);
		assert_int_equal(fclose(together[i].fp), 0);
		assert_true(one.len > 100);
		assert_int_equal(together[i].len, one.len);
		assert_memory_equal(together[i].data, one.data, one.len);
		free(one.data);
		free(together[i].data);
	}
}

/* A sink that records what it is given, and fails a call when asked. */
typedef struct recorder {
	ovp_sink base;
	const ovp_report_meta *meta;
	int findings, promises, deals, ended;
	int fail_finding; /* fail the nth finding (1-based), 0 never */
} recorder;

static int
rec_begin(ovp_sink *s, ovp_error *err)
{
	(void)err;
	((recorder *)s)->meta = s->meta;
	return 0;
}

static int
rec_finding(ovp_sink *s, const ovp_finding *f, ovp_error *err)
{
	recorder *r = (recorder *)s;

	(void)err;
	(void)f;
	return ++r->findings == r->fail_finding ? OVP_EIO : 0;
}

static int
rec_promise(ovp_sink *s, const ovp_deal *d, const ovp_promise *p, const ovp_match *m,
            ovp_error *err)
{
	(void)err;
	(void)d;
	(void)p;
	(void)m;
	((recorder *)s)->promises++;
	return 0;
}

static int
rec_deal(ovp_sink *s, const ovp_deal *d, ovp_error *err)
{
	(void)err;
	(void)d;
	((recorder *)s)->deals++;
	return 0;
}

static int
rec_end(ovp_sink *s, const ovp_summary *sum, ovp_error *err)
{
	(void)err;
	(void)sum;
	((recorder *)s)->ended++;
	return 0;
}

static void
rec_destroy(ovp_sink *s)
{
	(void)s;
}

static const ovp_sink_ops plain_ops = {
	.name = "plain",
	.begin = rec_begin,
	.finding = rec_finding,
	.end = rec_end,
	.destroy = rec_destroy,
};

static const ovp_sink_ops keen_ops = {
	.name = "keen",
	.begin = rec_begin,
	.finding = rec_finding,
	.end = rec_end,
	.destroy = rec_destroy,
	.promise = rec_promise,
	.deal = rec_deal,
};

/* Each sink gets its own meta where one is given, the tee's otherwise. */
static void
test_tee_metas(void **state)
{
	recorder a = {{&plain_ops, NULL, NULL, NULL}, NULL, 0, 0, 0, 0, 0};
	recorder b = a;
	ovp_sink *sinks[] = {&a.base, &b.base}, *tee;
	ovp_report_meta meta = sample_meta(), coloured = sample_meta();
	const ovp_report_meta *metas[] = {&coloured, NULL};
	ovp_error err;

	(void)state;
	coloured.color = true;
	assert_int_equal(ovp_sink_tee_new(&tee, sinks, metas, 2, &err), 0);
	assert_int_equal(sample_run(tee, &meta, false), 0);
	assert_ptr_equal(a.meta, &coloured);
	assert_ptr_equal(b.meta, &meta);
	assert_int_equal(a.findings, SAMPLE_FINDINGS);
	assert_int_equal(b.findings, SAMPLE_FINDINGS);
	assert_int_equal(a.ended, 1);
	assert_int_equal(b.ended, 1);
	ovp_sink_free(tee);
}

/* The optional calls are offered only when a sink takes them, and reach only that sink. */
static void
test_tee_optional_calls(void **state)
{
	recorder a = {{&plain_ops, NULL, NULL, NULL}, NULL, 0, 0, 0, 0, 0};
	recorder b = {{&keen_ops, NULL, NULL, NULL}, NULL, 0, 0, 0, 0, 0};
	ovp_sink *plain[] = {&a.base, &a.base}, *mixed[] = {&a.base, &b.base}, *tee;
	ovp_deal d;
	ovp_error err;

	(void)state;
	memset(&d, 0, sizeof d);
	d.close = OVP_WINDOW_NONE;
	assert_int_equal(ovp_sink_tee_new(&tee, plain, NULL, 2, &err), 0);
	assert_null(tee->ops->explain);
	assert_null(tee->ops->promise);
	assert_null(tee->ops->deal);
	ovp_sink_free(tee);
	assert_int_equal(ovp_sink_tee_new(&tee, mixed, NULL, 2, &err), 0);
	assert_null(tee->ops->explain);
	assert_non_null(tee->ops->promise);
	assert_non_null(tee->ops->deal);
	assert_int_equal(tee->ops->deal(tee, &d, NULL), 0);
	assert_int_equal(tee->ops->promise(tee, &d, NULL, NULL, NULL), 0);
	assert_int_equal(b.deals, 1);
	assert_int_equal(b.promises, 1);
	ovp_sink_free(tee);
}

/* The first sink that fails stops the call; the tee returns its code. */
static void
test_tee_failure_stops(void **state)
{
	recorder a = {{&plain_ops, NULL, NULL, NULL}, NULL, 0, 0, 0, 0, 3};
	recorder b = {{&plain_ops, NULL, NULL, NULL}, NULL, 0, 0, 0, 0, 0};
	ovp_sink *sinks[] = {&a.base, &b.base}, *tee;
	ovp_report_meta meta = sample_meta();
	ovp_error err;

	(void)state;
	assert_int_equal(ovp_sink_tee_new(&tee, sinks, NULL, 2, &err), 0);
	assert_int_equal(sample_run(tee, &meta, false), OVP_EIO);
	assert_int_equal(a.findings, 3);
	assert_int_equal(b.findings, 2);
	assert_int_equal(b.ended, 0);
	ovp_sink_free(tee);
	assert_int_equal(ovp_sink_tee_new(&tee, sinks, NULL, 0, &err), OVP_EUSAGE);
	assert_null(tee);
}

/* A closed report is not in place until it is committed; a failed close can be aborted. */
static void
test_output_close_then_commit(void **state)
{
	char dir[] = "/tmp/ovp-tee-XXXXXX", path[64];
	ovp_output *o = NULL;
	ovp_error err = {0};
	struct stat st;
	FILE *fp;

	(void)state;
	assert_non_null(scratch_mkdtemp(dir));
	snprintf(path, sizeof path, "%s/report.json", dir);
	assert_int_equal(ovp_output_open(&o, path, &fp, &err), 0);
	assert_true(fputs("{}\n", fp) >= 0);
	assert_int_equal(ovp_output_close(o, &err), 0);
	assert_int_equal(ovp_output_close(o, &err), 0);
	assert_int_not_equal(stat(path, &st), 0);
	assert_int_equal(ovp_output_commit(o, &err), 0);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_size, 3);
	unlink(path);

	/* /dev/full is written in place and fails at the flush. */
	if (access("/dev/full", W_OK) == 0) {
		assert_int_equal(ovp_output_open(&o, "/dev/full", &fp, &err), 0);
		assert_true(fputs("{}\n", fp) >= 0);
		assert_int_equal(ovp_output_close(o, &err), OVP_EIO);
		assert_non_null(strstr(err.message, "/dev/full: cannot write the report"));
		assert_int_equal(ovp_output_close(o, &err), OVP_EIO);
		ovp_output_abort(o);
	}
	assert_int_equal(rmdir(dir), 0); /* nothing was left in it */
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tee_same_bytes),
		cmocka_unit_test(test_tee_metas),
		cmocka_unit_test(test_tee_optional_calls),
		cmocka_unit_test(test_tee_failure_stops),
		cmocka_unit_test_teardown(test_output_close_then_commit, scratch_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
