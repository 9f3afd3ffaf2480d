/*
 * The text report on many deals: it spools each deal's lines (past
 * 1 MiB to a temporary file) and prints them at the end by amount at
 * risk, largest first, deals with nothing at risk in their order of
 * arrival, deals with a negative amount at risk last, and hides deals
 * whose findings are all in the baseline.  Checked on a report of a few
 * megabytes, so that the temporary file is used.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <overpromise/overpromise.h>

enum { NDEALS = 4000 };

/* The amount of deal i: a few equal ones, some without an amount, some negative. */
static double
amount_of(int i, bool *has)
{
	*has = i % 7 != 3;
	if (i % 11 == 5)
		return -(double)(i % 13) - 1.0;
	return (double)((i * 7919) % 101) * 1000.0;
}

typedef struct run {
	char *out;
	size_t len;
} run;

/* Feed NDEALS deals (one error each, every ninth only in the baseline) through the text sink. */
static run
render(bool verbose)
{
	static char names[NDEALS][16];
	static char msg[600];
	ovp_deal *deals = calloc(NDEALS, sizeof *deals);
	ovp_report_meta meta;
	ovp_summary sum;
	ovp_sink *sink;
	ovp_error err;
	run r = {NULL, 0};
	FILE *fp = open_memstream(&r.out, &r.len);

	assert_non_null(deals);
	assert_non_null(fp);
	memset(msg, 'm', sizeof msg - 1);
	memset(&meta, 0, sizeof meta);
	meta.command = "check";
	meta.verbose = verbose;
	meta.quiet = true;
	assert_int_equal(ovp_sink_new(&sink, "text", fp, &err), 0);
	assert_int_equal(ovp_sink_begin(sink, &meta, NULL), 0);
	for (int i = 0; i < NDEALS; i++) {
		ovp_deal *d = &deals[i];
		ovp_finding f;

		snprintf(names[i], sizeof names[i], "D%05d", i);
		d->id = d->account = d->stage = d->owner = "";
		d->name = names[i];
		d->currency = "USD";
		d->amount = amount_of(i, &d->has_amount);
		d->line = i + 2;
		memset(&f, 0, sizeof f);
		f.rule = OVP_RULE_UNPLANNED;
		f.severity = OVP_SEV_ERROR;
		f.file = "deals.csv";
		f.line = d->line;
		f.message = msg;
		f.deal = d;
		f.suppressed = i % 9 == 4;
		assert_int_equal(sink->ops->finding(sink, &f, NULL), 0);
	}
	memset(&sum, 0, sizeof sum);
	assert_int_equal(sink->ops->end(sink, &sum, NULL), 0);
	ovp_sink_free(sink);
	assert_int_equal(fclose(fp), 0);
	free(deals);
	return r;
}

/* The deal numbers in the order their headings (the lines starting "D") appear. */
static size_t
headings(const run *r, int *order)
{
	const char *p = r->out, *end = r->out + r->len;
	size_t n = 0;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));

		if (p[0] == 'D')
			order[n++] = atoi(p + 1);
		p = nl != NULL ? nl + 1 : end;
	}
	return n;
}

/* Where deal i belongs: 0 at risk, 1 nothing at risk, 2 negative; and its amount at risk. */
static int
band(int i, double *at_risk)
{
	bool has;
	double a = amount_of(i, &has);

	/* A finding in the baseline puts nothing at risk. */
	*at_risk = has && i % 9 != 4 ? a : 0.0;
	return *at_risk > 0 ? 0 : *at_risk == 0 ? 1 : 2;
}

static void
check_order(bool verbose)
{
	run r = render(verbose);
	int *order = malloc(NDEALS * sizeof *order);
	size_t n;
	int want = 0;

	assert_non_null(order);
	assert_true(r.len > (size_t)2 << 20); /* past the spool's memory */
	n = headings(&r, order);
	for (int i = 0; i < NDEALS; i++)
		want += verbose || i % 9 != 4;
	assert_int_equal(n, (size_t)want);
	for (size_t k = 1; k < n; k++) {
		double ra, rb;
		int ba = band(order[k - 1], &ra), bb = band(order[k], &rb);

		assert_true(ba <= bb);
		if (ba == bb && ba != 1 && ra != rb)
			assert_true(ra > rb);
		else if (ba == bb)
			assert_true(order[k - 1] < order[k]);
	}
	free(order);
	free(r.out);
}

static void
test_order(void **state)
{
	(void)state;
	check_order(false);
}

static void
test_order_verbose(void **state)
{
	(void)state;
	check_order(true);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_order),
		cmocka_unit_test(test_order_verbose),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
