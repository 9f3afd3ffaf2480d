/*
 * Reading deals exports: wide and long shapes, lost stages, sign-off
 * columns, due dates, trailer rows, and data-quality problems.
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

#include "src/load_hooks.h"

static char path[64];

/* Write text to a temporary file named in path. */
static void
write_file(const char *text)
{
	int fd;

	strcpy(path, "/tmp/ovp-deals-XXXXXX");
	fd = scratch_mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
}

static ovp_deals_reader *
open_text(const char *text)
{
	ovp_deals_reader *r = NULL;
	ovp_error err = {0};

	write_file(text);
	assert_int_equal(ovp_deals_open(&r, path, NULL, &err), 0);
	return r;
}

static void
done(ovp_deals_reader *r)
{
	ovp_deals_close(r);
	unlink(path);
}

static const ovp_deal *
next(ovp_deals_reader *r)
{
	const ovp_deal *d = NULL;
	ovp_error err = {0};

	assert_int_equal(ovp_deals_next(r, &d, &err), 1);
	return d;
}

static void
test_wide_salesforce(void **state)
{
	ovp_deals_reader *r = open_text(
		"\"Opportunity Name\",\"Opportunity ID\",\"Account Name\",\"Stage\",\"Amount Currency\","
		"\"Amount\",\"Close Date\",\"Promised Features\",\"Promised Date\",\"Solution Engineer\"\r\n"
		"\"ACME\",\"006A\",\"ACME Corp\",\"Negotiation\",\"USD\",\"120,000.50\",\"1/31/2027\","
		"\"SSO (2027-01-15); SCIM\nAudit log\",\"3/15/2027\",\"Lars\"\r\n"
		"\"Globex\",\"006B\",\"Globex\",\"Closed Lost\",\"EUR\",\"48.000\",\"12/20/2026\","
		"\"Offline mode\",\"\",\"\"\r\n"
		"\r\n"
		"\"Total\",\"\",\"\",\"\",\"\",\"\",\"\",\"\",\"\",\"\"\r\n"
		"\"Copyright (c) 2000-2026 salesforce.com, inc. All rights reserved.\"\r\n");
	const ovp_deal *d;
	const ovp_deal *end = NULL;
	ovp_error err = {0};
	char day[OVP_DATE_ISO_SIZE];

	(void)state;
	d = next(r);
	assert_string_equal(d->id, "006A");
	assert_string_equal(d->name, "ACME");
	assert_string_equal(d->account, "ACME Corp");
	assert_true(d->has_amount);
	assert_true(d->amount == 120000.5);
	assert_string_equal(d->currency, "USD");
	assert_false(d->lost);
	assert_true(d->signoff_column);
	assert_true(d->signed_off);
	assert_int_equal(d->line, 2);
	assert_int_equal(d->npromises, 3);
	assert_string_equal(d->promises[0].feature, "SSO");
	assert_int_equal(d->promises[0].due_source, OVP_DUE_OWN);
	assert_string_equal(ovp_day_format(d->promises[0].due.end, day), "2027-01-15");
	assert_string_equal(d->promises[1].feature, "SCIM");
	assert_int_equal(d->promises[1].due_source, OVP_DUE_ROW);
	assert_string_equal(ovp_day_format(d->promises[1].due.end, day), "2027-03-15");
	assert_string_equal(d->promises[2].feature, "Audit log");
	assert_int_equal(d->nproblems, 0);

	d = next(r);
	assert_string_equal(d->name, "Globex");
	assert_true(d->lost);
	assert_true(d->amount == 48000.0);
	assert_string_equal(d->currency, "EUR");
	assert_false(d->signed_off);
	assert_int_equal(d->line, 4);
	assert_int_equal(d->npromises, 1);
	assert_int_equal(d->promises[0].due_source, OVP_DUE_CLOSE);

	/* The blank row and the report trailer are not deals. */
	assert_int_equal(ovp_deals_next(r, &end, &err), 0);
	done(r);
}

static void
test_long_format_groups_rows(void **state)
{
	ovp_deals_reader *r = open_text("Deal ID,Deal Name,Deal Stage,Amount,Feature,Go-live Date\n"
	                                "1,ACME,appointmentscheduled,1000,SSO,2027-01-31\n"
	                                "1,ACME,appointmentscheduled,1000,SCIM,2027-02-28\n"
	                                "2,Globex,closedlost,500,SSO,2027-01-31\n"
	                                "1,ACME,appointmentscheduled,1000,RBAC,2027-03-31\n");
	const ovp_deal *d;

	(void)state;
	d = next(r);
	assert_string_equal(d->id, "1");
	assert_int_equal(d->npromises, 2);
	assert_string_equal(d->promises[0].feature, "SSO");
	assert_int_equal(d->promises[0].line, 2);
	assert_string_equal(d->promises[1].feature, "SCIM");
	assert_int_equal(d->promises[1].line, 3);
	assert_false(d->signoff_column);
	d = next(r);
	assert_string_equal(d->name, "Globex");
	assert_true(d->lost); /* HubSpot's closedlost */
	/* Rows of one deal that are not adjacent make a deal of their own. */
	d = next(r);
	assert_string_equal(d->id, "1");
	assert_int_equal(d->line, 5);
	assert_int_equal(d->npromises, 1);
	done(r);
}

static void
test_pipedrive_prefix_and_status(void **state)
{
	ovp_deals_reader *r = open_text(
		"Deal - ID,Deal - Title,Deal - Organization,Deal - Value,Deal - Currency of value,"
		"Deal - Status,Deal - Promised features\n"
		"7,Initech,Initech Ltd,\"9 500\",SEK,lost,SSO\n"
		"8,Hooli,Hooli Inc,100,USD,open,SSO\n");
	const ovp_deal *d;

	(void)state;
	d = next(r);
	assert_string_equal(d->id, "7");
	assert_string_equal(d->name, "Initech");
	assert_string_equal(d->account, "Initech Ltd");
	assert_true(d->amount == 9500.0);
	assert_string_equal(d->currency, "SEK");
	assert_true(d->lost);
	d = next(r);
	assert_false(d->lost);
	done(r);
}

static void
test_sign_off_values(void **state)
{
	ovp_deals_reader *r = open_text("Name,Promises,SE Approved\n"
	                                "A,SSO,Yes\n"
	                                "B,SSO,No\n"
	                                "C,SSO,\n"
	                                "D,SSO,-\n"
	                                "E,SSO,pending\n"
	                                "F,SSO,Not Approved!\n"
	                                "G,SSO,N/A\n"
	                                "H,SSO,n/a/b\n"
	                                "I,SSO,  --  \n"
	                                "J,SSO,no no\n"
	                                "K,SSO,0.0\n"
	                                "L,SSO,Unassigned.\n"
	                                "M,SSO,Maximilian Oberhausen-Lindqvist\n"
	                                "N,SSO,not approved yet\n"
	                                "O,SSO,\"Not, approved\"\n"
	                                "P,SSO,Ö\n");
	bool want[] = {true,  false, false, false, false, false, false, true,
	               false, true,  true,  false, true,  true,  false, false};

	(void)state;
	for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
		const ovp_deal *d = next(r);

		assert_true(d->signoff_column);
		assert_int_equal(d->signed_off, want[i]);
	}
	done(r);
}

/*
 * Names that start as a no does (its first letter, or its first two) are
 * names; each no is one however it is written (case, punctuation round
 * and inside it), and a no with more after it is a name.
 */
static void
test_sign_off_like_noes(void **state)
{
	/* The cells, one a row, and whether each signs off (y) or not (n). */
	static const char cells[] =
		"Nadia Haddad|Noor|Na|N.A.|N A|NaN|Nn|N1|n|(n)|No.|Nob|False|Fa|Fatima|0|01|0 1|"
		"Pending|Pe|Peter|REJECTED|Re|Rei Tanaka|TBD|Tb|Tom|Unassigned|Un|Una|None|Nonee|"
		"not-approved|Not approved|Not|Yes";
	static const char want[] = "yynnnyyynnnynyynyynyynyynyynyynynnyy";
	char text[2048];
	size_t n = 0, k = 0;
	ovp_deals_reader *r;

	(void)state;
	n += (size_t)snprintf(text, sizeof text, "Name,Promises,Solution Engineer\nD0,SSO,");
	for (const char *c = cells; *c != '\0' && n + 16 < sizeof text; c++)
		n += (size_t)(*c == '|' ? snprintf(text + n, sizeof text - n, "\nD%zu,SSO,", ++k)
		                        : snprintf(text + n, sizeof text - n, "%c", *c));
	assert_int_equal(k + 1, strlen(want));
	r = open_text(text);
	for (size_t i = 0; i <= k; i++) {
		const ovp_deal *d = next(r);

		if (d->signed_off != (want[i] == 'y'))
			fail_msg("deal D%zu: signed off %d", i, (int)d->signed_off);
	}
	done(r);
}

/* A stage, else a status, says lost by its key: "lost", or starting with "closedlost". */
static void
test_lost_stage_values(void **state)
{
	ovp_deals_reader *r = open_text("Name,Stage,Status,Promises\n"
	                                "A,Closed Lost - no budget,,SSO\n"
	                                "B,Lost,,SSO\n"
	                                "C,lost deal,,SSO\n"
	                                "D,L.O.S.T,,SSO\n"
	                                "E,Closed Won,,SSO\n"
	                                "F,Closed-Lost,,SSO\n"
	                                "G,Clos,,SSO\n"
	                                "H,,Lost,SSO\n"
	                                "I,Negotiation,closed lost,SSO\n"
	                                "J,Lo,,SSO\n"
	                                "K,Closed \xc3\xa9 Lost,,SSO\n"
	                                "L,Open,Closed Lost and then some more words to pass sixty-four bytes!!!,SSO\n"
	                                "M,Closed Lost and then some words to pass sixty-four bytes of text,,SSO\n"
	                                "N,(lost),,SSO\n"
	                                "O,lost1,,SSO\n"
	                                "P,Open,Closed Lost and then some more words to pass sixty-four bytes!!,SSO\n");
	bool want[] = {true, true, false, true, false, true, false, true,
	               true, false, false, false, true, true, false, true};

	(void)state;
	for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
		const ovp_deal *d = next(r);

		if (d->lost != want[i])
			fail_msg("deal %s (stage \"%s\"): lost %d", d->name, d->stage, d->lost);
	}
	done(r);
	assert_true(ovp_deal_stage_lost("closedlost"));
	assert_false(ovp_deal_stage_lost("closedlos"));
	assert_false(ovp_deal_stage_lost(""));
}

static void
test_problems_stay_with_their_deal(void **state)
{
	ovp_deals_reader *r = open_text("Name,Amount,Close Date,Promises\n"
	                                "A,lots,2027-01-31,SSO @ soon\n"
	                                "B,100,someday,SSO\n");
	const ovp_deal *d;

	(void)state;
	d = next(r);
	assert_false(d->has_amount);
	assert_int_equal(d->nproblems, 2);
	assert_string_equal(d->problems[0].column, "Amount");
	assert_string_equal(d->problems[0].message,
	                    "unknown amount \"lots\"; the deal is checked without an amount");
	assert_int_equal(d->problems[1].line, 2);
	assert_string_equal(d->promises[0].feature, "SSO");
	assert_int_equal(d->promises[0].due_source, OVP_DUE_CLOSE);
	d = next(r);
	assert_int_equal(d->nproblems, 1);
	assert_int_equal(d->problems[0].line, 3);
	assert_string_equal(d->problems[0].column, "Close Date");
	assert_string_equal(d->problems[0].message, "unknown date \"someday\"; no date used");
	assert_int_equal(d->promises[0].due_source, OVP_DUE_NONE);
	done(r);
}

/* The due day of promise i of d, as "YYYY-MM-DD". */
static const char *
due_of(const ovp_deal *d, size_t i, char buf[OVP_DATE_ISO_SIZE])
{
	assert_true(i < d->npromises);
	return ovp_day_format(d->promises[i].due.end, buf);
}

/*
 * Dates typed into promise cells are read in their own order, decided by
 * those cells over the rows read ahead: day-first beside a month-first
 * Close Date, whose own order they leave alone.
 */
static void
test_promise_dates_day_first_beside_month_first_close(void **state)
{
	ovp_deals_reader *r = open_text(
		"Opportunity Name,Close Date,Promised Features\n"
		"ACME,12/31/2027,\"Offline mode (01/02/2027); SSO @ 03.04.2027\"\n"
		"Globex,1/15/2027,Audit log by 05/06/2027\n"
		"Initech,2/1/2027,Webhooks - 19/12/2027\n");
	const ovp_deal *d;
	ovp_order_source src;
	char day[OVP_DATE_ISO_SIZE];

	(void)state;
	assert_int_equal(ovp_deals_promise_order(r, &src), OVP_ORDER_DMY);
	assert_int_equal(src, OVP_ORDER_FROM_COLUMN);
	d = next(r);
	assert_int_equal(d->nproblems, 0);
	assert_string_equal(ovp_day_format(d->close.end, day), "2027-12-31");
	assert_string_equal(d->promises[0].feature, "Offline mode");
	assert_int_equal(d->promises[0].due_source, OVP_DUE_OWN);
	assert_string_equal(due_of(d, 0, day), "2027-02-01");
	assert_string_equal(d->promises[1].feature, "SSO");
	assert_string_equal(due_of(d, 1, day), "2027-04-03");
	d = next(r);
	assert_int_equal(d->nproblems, 0);
	assert_string_equal(ovp_day_format(d->close.end, day), "2027-01-15");
	assert_string_equal(due_of(d, 0, day), "2027-06-05");
	d = next(r);
	assert_string_equal(ovp_day_format(d->close.end, day), "2027-02-01");
	assert_string_equal(due_of(d, 0, day), "2027-12-19");
	assert_string_equal(d->promises[0].feature, "Webhooks");
	done(r);
}

/* Cells that decide nothing follow the promised-date column, else the close date's. */
static void
test_promise_dates_follow_the_date_columns(void **state)
{
	ovp_deals_reader *r = open_text("Name,Close Date,Promised Date,Promises\n"
	                                "A,2027-01-31,13/01/2027,SSO (01/02/2027)\n"
	                                "B,2027-01-31,,SCIM (05/05/2027)\n");
	const ovp_deal *d;
	ovp_order_source src;
	char day[OVP_DATE_ISO_SIZE];

	(void)state;
	assert_int_equal(ovp_deals_promise_order(r, &src), OVP_ORDER_DMY);
	assert_int_equal(src, OVP_ORDER_FROM_FILE);
	d = next(r);
	assert_int_equal(d->nproblems, 0);
	assert_string_equal(due_of(d, 0, day), "2027-02-01");
	done(r);

	r = open_text("Name,Close Date,Promises\n"
	              "A,3/15/2027,SSO (01/02/2027)\n");
	assert_int_equal(ovp_deals_promise_order(r, &src), OVP_ORDER_MDY);
	assert_int_equal(src, OVP_ORDER_FROM_FILE);
	d = next(r);
	assert_int_equal(d->nproblems, 0);
	assert_string_equal(due_of(d, 0, day), "2027-01-02");
	done(r);
}

/* With nothing to decide, a date that reads two ways is read as its separator says: reported. */
static void
test_promise_dates_open_order(void **state)
{
	ovp_deals_reader *r = open_text("Name,Close Date,Promises\n"
	                                "A,2027-01-31,\"SSO (01/02/2027); SCIM (05/05/2027)\"\n"
	                                "B,2027-01-31,Audit log @ 01.02.2027\n");
	const ovp_deal *d;
	ovp_order_source src;
	char day[OVP_DATE_ISO_SIZE];

	(void)state;
	assert_int_equal(ovp_deals_promise_order(r, &src), OVP_ORDER_AUTO);
	assert_int_equal(src, OVP_ORDER_FROM_DEFAULT);
	d = next(r);
	assert_string_equal(due_of(d, 0, day), "2027-01-02");
	assert_string_equal(due_of(d, 1, day), "2027-05-05");
	assert_int_equal(d->nproblems, 1);
	assert_int_equal(d->problems[0].line, 2);
	assert_string_equal(d->problems[0].column, "Promises");
	assert_string_equal(d->problems[0].value, "SSO (01/02/2027)");
	assert_string_equal(d->problems[0].message,
	                    "date \"01/02/2027\" reads two ways, 2027-01-02 (month/day) or "
	                    "2027-02-01 (day/month), and nothing in the file decides: it is read as "
	                    "2027-01-02, as \"/\" dates are by default; write it as YYYY-MM-DD or set "
	                    "[deals] date_order");
	d = next(r);
	assert_string_equal(due_of(d, 0, day), "2027-02-01");
	assert_int_equal(d->nproblems, 1);
	assert_non_null(strstr(d->problems[0].message, "it is read as 2027-02-01, as \".\" and"));
	done(r);
}

/* [deals] date_order fixes the promise dates too; one that contradicts it is no date. */
static void
test_promise_dates_configured_order(void **state)
{
	ovp_deals_reader *r = NULL;
	ovp_error err = {0};
	ovp_config cfg;
	const ovp_deal *d;
	ovp_order_source src;
	char day[OVP_DATE_ISO_SIZE];

	(void)state;
	ovp_config_init(&cfg);
	cfg.deals.date_order = OVP_ORDER_MDY;
	write_file("Name,Close Date,Promises\n"
	           "A,2027-01-31,\"Offline mode (19/12/2027); SSO (01/02/2027)\"\n");
	assert_int_equal(ovp_deals_open(&r, path, &cfg, &err), 0);
	assert_int_equal(ovp_deals_promise_order(r, &src), OVP_ORDER_MDY);
	assert_int_equal(src, OVP_ORDER_FROM_CONFIG);
	d = next(r);
	assert_string_equal(d->promises[0].feature, "Offline mode");
	assert_int_equal(d->promises[0].due_source, OVP_DUE_CLOSE);
	assert_string_equal(due_of(d, 1, day), "2027-01-02");
	assert_int_equal(d->nproblems, 1);
	assert_string_equal(d->problems[0].message,
	                    "date \"19/12/2027\" contradicts the month/day order of the file's promise "
	                    "dates; the promise is checked without a date of its own");
	done(r);
	ovp_config_free(&cfg);
}

/* Date phrases, in promise cells and in the promised-date column, against the as-of day. */
static void
test_promise_date_phrases(void **state)
{
	static const char text[] = "Name,Promised Date,Promises\n"
	                           "A,end of Q2,\"Mobile app by end of March; SSO (EOY); SCIM\"\n"
	                           "B,,\"Audit log by end of Marhc; Dark mode (TBD); Sort by date\"\n"
	                           "C,,\"API @ soon; Webhooks (2027-02-30)\"\n";
	ovp_deals_reader *r = open_text(text);
	const ovp_deal *d;
	char day[OVP_DATE_ISO_SIZE];

	(void)state;
	ovp_deals_set_as_of(r, ovp_day_from_ymd(2027, 4, 1));
	d = next(r);
	assert_int_equal(d->nproblems, 0);
	assert_string_equal(d->promises[0].feature, "Mobile app");
	assert_string_equal(d->promises[0].due_text, "end of March");
	assert_string_equal(due_of(d, 0, day), "2028-03-31");
	assert_string_equal(due_of(d, 1, day), "2027-12-31");
	assert_int_equal(d->promises[2].due_source, OVP_DUE_ROW);
	assert_string_equal(d->promises[2].due_text, "end of Q2");
	assert_string_equal(due_of(d, 2, day), "2027-06-30");
	d = next(r);
	assert_string_equal(d->promises[0].feature, "Audit log");
	assert_int_equal(d->promises[0].due_source, OVP_DUE_NONE);
	assert_string_equal(d->promises[1].feature, "Dark mode");
	assert_int_equal(d->promises[1].due_source, OVP_DUE_NONE);
	assert_string_equal(d->promises[2].feature, "Sort by date");
	assert_int_equal(d->nproblems, 1);
	assert_string_equal(d->problems[0].column, "Promises");
	assert_string_equal(d->problems[0].value, "Audit log by end of Marhc");
	assert_string_equal(d->problems[0].message,
	                    "unknown date \"end of Marhc\"; the promise is checked without a date of "
	                    "its own");
	d = next(r);
	assert_int_equal(d->nproblems, 2);
	assert_string_equal(d->problems[0].message,
	                    "after \"@\" a date must follow: \"soon\" is not a date; the promise is "
	                    "checked without a date of its own");
	assert_string_equal(d->problems[1].message,
	                    "impossible date \"2027-02-30\"; the promise is checked without a date of "
	                    "its own");
	assert_string_equal(d->promises[1].feature, "Webhooks");
	done(r);

	/* without an as-of day, relative phrases read as no date and are reported */
	r = open_text(text);
	d = next(r);
	assert_string_equal(d->promises[0].feature, "Mobile app");
	assert_int_equal(d->promises[0].due_source, OVP_DUE_NONE);
	assert_int_equal(d->nproblems, 3);
	assert_string_equal(d->problems[0].column, "Promised Date");
	assert_string_equal(d->problems[0].message, "unknown date \"end of Q2\"; no date used");
	assert_string_equal(d->problems[1].message,
	                    "unknown date \"end of March\"; the promise is checked without a date of "
	                    "its own");
	done(r);
}

/* The order is decided over the rows read ahead, not only the first. */
static void
test_promise_order_decided_ahead(void **state)
{
	char *text = malloc(64 * 1024);
	size_t n = 0;
	ovp_deals_reader *r;
	const ovp_deal *d;
	char day[OVP_DATE_ISO_SIZE];

	(void)state;
	assert_non_null(text);
	n += (size_t)sprintf(text + n, "Name,Promises\n");
	for (int i = 0; i < 500; i++)
		n += (size_t)sprintf(text + n, "D%d,SSO (01/02/2027)\n", i);
	n += (size_t)sprintf(text + n, "Last,SSO (25/02/2027)\n");
	r = open_text(text);
	assert_int_equal(ovp_deals_promise_order(r, NULL), OVP_ORDER_DMY);
	d = next(r);
	assert_int_equal(d->nproblems, 0);
	assert_string_equal(due_of(d, 0, day), "2027-02-01");
	done(r);
	free(text);
}

static void
test_missing_columns(void **state)
{
	ovp_deals_reader *r = NULL;
	ovp_error err = {0};

	(void)state;
	write_file("Name,Amount\nA,1\n");
	assert_int_equal(ovp_deals_open(&r, path, NULL, &err), OVP_EINPUT);
	assert_null(r);
	assert_non_null(strstr(err.message, ":1: no column holds the promised features (tried: "
	                                    "\"Promised Features\""));
	unlink(path);
	write_file("Amount,Promises\n1,SSO\n");
	assert_int_equal(ovp_deals_open(&r, path, NULL, &err), OVP_EINPUT);
	assert_non_null(strstr(err.message, ":1: no column holds the deal's id or name"));
	unlink(path);
}

static void
test_api_names(void **state)
{
	/* Zoho's API export: the lookup's name where the lookup holds nothing, the currency's
	 * symbol where no code is given, serial dates under Closing_Date. */
	ovp_deals_reader *r = open_text(
		"Id,Deal_Name,Account_Name,Account_Name__name,Amount,Currency,$currency_symbol,Stage,"
		"Closing_Date,Promised_Features\n"
		"48768761,Wayne pilot,,Wayne Enterprises,80000,,\xE2\x82\xAC,Needs Analysis,46402,SSO\n"
		"48768762,Tyrell onboarding,Tyrell Corp,Tyrell Inc.,70000,GBP,\xC2\xA3,Proposal,46446,"
		"SCIM\n");
	const ovp_deal *d;
	char day[OVP_DATE_ISO_SIZE];

	(void)state;
	d = next(r);
	assert_string_equal(d->id, "48768761");
	assert_string_equal(d->account, "Wayne Enterprises");
	assert_string_equal(d->currency, "EUR");
	assert_true(d->amount == 80000.0);
	assert_string_equal(ovp_day_format(d->close.end, day), "2027-01-15");
	assert_int_equal(d->nproblems, 0);
	d = next(r);
	assert_string_equal(d->account, "Tyrell Corp");
	assert_string_equal(d->currency, "GBP");
	done(r);

	/* Dynamics 365's API name of the estimated revenue. */
	r = open_text("opportunityid,name,estimatedvalue,statecode,Promised Features\n"
	              "5f1a,ACME renewal,420000,Open,SSO\n");
	d = next(r);
	assert_true(d->has_amount);
	assert_true(d->amount == 420000.0);
	done(r);
}

/*
 * Deals handed over for good keep their texts, promises and problems
 * while the reader reads on, and each builder handed in is filled again.
 */
static void
test_deals_handed_over(void **state)
{
	ovp_deals_reader *r = open_text("Deal ID,Deal Name,Owner,Amount,Close Date,Feature\n"
	                                "1,ACME,Ann,lots,2027-01-31,SSO (2027-03-01)\n"
	                                "1,ACME,Ann,lots,2027-01-31,SCIM\n"
	                                "2,Globex,Bob,500,2027-02-28,RBAC\n"
	                                "3,Initech,Cy,700,2027-04-30,Audit log\n");
	ovp_deal_builder *mine[3] = {NULL, NULL, NULL}, *first;
	const ovp_deal *d[3] = {NULL, NULL, NULL}, *end = NULL;
	ovp_error err = {0};

	(void)state;
	for (int i = 0; i < 3; i++)
		assert_int_equal(ovp_deal_new(&mine[i], &err), 0);
	first = mine[0];
	for (int i = 0; i < 3; i++)
		assert_int_equal(ovp_deals_next_owned(r, &mine[i], &d[i], &err), 1);
	/* Each builder handed back holds its deal; the one handed in went to the reader. */
	assert_ptr_not_equal(mine[0], first);
	assert_ptr_equal(d[0], ovp_deal_get(mine[0]));
	assert_string_equal(d[0]->id, "1");
	assert_string_equal(d[0]->owner, "Ann");
	assert_int_equal(d[0]->npromises, 2);
	assert_string_equal(d[0]->promises[0].feature, "SSO");
	assert_string_equal(d[0]->promises[0].due_text, "2027-03-01");
	assert_string_equal(d[0]->promises[1].text, "SCIM");
	assert_int_equal(d[0]->nproblems, 1);
	assert_string_equal(d[0]->problems[0].value, "lots");
	assert_string_equal(d[1]->name, "Globex");
	assert_string_equal(d[1]->promises[0].feature, "RBAC");
	assert_string_equal(d[2]->name, "Initech");
	assert_string_equal(d[2]->promises[0].feature, "Audit log");
	assert_int_equal(d[2]->nproblems, 0);
	assert_int_equal(ovp_deals_next_owned(r, &mine[0], &end, &err), 0);
	assert_ptr_equal(d[0], ovp_deal_get(mine[0]));
	assert_string_equal(d[0]->promises[1].feature, "SCIM");
	done(r);
	for (int i = 0; i < 3; i++)
		ovp_deal_free(mine[i]);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_wide_salesforce, scratch_teardown),
		cmocka_unit_test_teardown(test_long_format_groups_rows, scratch_teardown),
		cmocka_unit_test_teardown(test_pipedrive_prefix_and_status, scratch_teardown),
		cmocka_unit_test_teardown(test_sign_off_values, scratch_teardown),
		cmocka_unit_test_teardown(test_sign_off_like_noes, scratch_teardown),
		cmocka_unit_test_teardown(test_lost_stage_values, scratch_teardown),
		cmocka_unit_test_teardown(test_problems_stay_with_their_deal, scratch_teardown),
		cmocka_unit_test_teardown(test_promise_dates_day_first_beside_month_first_close,
		                          scratch_teardown),
		cmocka_unit_test_teardown(test_promise_dates_follow_the_date_columns, scratch_teardown),
		cmocka_unit_test_teardown(test_promise_dates_open_order, scratch_teardown),
		cmocka_unit_test_teardown(test_promise_dates_configured_order, scratch_teardown),
		cmocka_unit_test_teardown(test_promise_date_phrases, scratch_teardown),
		cmocka_unit_test_teardown(test_promise_order_decided_ahead, scratch_teardown),
		cmocka_unit_test_teardown(test_missing_columns, scratch_teardown),
		cmocka_unit_test_teardown(test_api_names, scratch_teardown),
		cmocka_unit_test_teardown(test_deals_handed_over, scratch_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
