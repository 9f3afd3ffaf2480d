/*
 * The rules of SPEC 4 as the engine applies them: for every rule a case
 * where it fires and one where it must not, how the rules combine for a
 * promise, the deal-level and portfolio rules, lost deals, value at risk,
 * severity overrides and baselines.  Roadmaps and deals are built in
 * memory so that each case states exactly what it is about.
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

#include <overpromise/baseline.h>
#include <overpromise/overpromise.h>

/* ---- a sink that keeps what it is given ---- */

typedef struct seen {
	ovp_rule_id rule;
	ovp_severity severity;
	char message[512];
	char fingerprint[OVP_FINGERPRINT_SIZE];
	bool suppressed;
	long line;
	char file[64];
	char sheet[16];   /* the location's sheet, "" for none */
	long days_late;
	bool has_days_late;
	double p_late;
	bool has_p_late;
	bool prior;
	char item[32];
	bool has_suggested;
	ovp_day suggested;
	/* OVP015 */
	char team[32];
	bool has_team;
	ovp_day due;
	double promised, deliverable, pace;
	size_t nitems, ndeals;
} seen;

typedef struct capture {
	ovp_sink base;
	seen f[64];
	size_t n;
	seen note;       /* the note on a roadmap without baselines, kept apart */
	char remarks[4][512]; /* what the sink's note op was given (--verbose) */
	size_t nremarks;
	size_t nnotes;
	ovp_summary sum;
	/* The owners of the summary, copied: the summary borrows them from the engine. */
	ovp_owner_summary owners[8];
	char owner_names[8][32];
	ovp_money owner_money[8][4];
	/* The verdicts, when the run is verbose. */
	struct {
		ovp_verdict_kind kind;
		size_t number;
		unsigned long rules;
		ovp_day suggested;
		char message[256];
		size_t before;     /* findings already seen when it came */
	} v[16];
	size_t nv;
} capture;

static int
cap_finding(ovp_sink *s, const ovp_finding *f, ovp_error *err)
{
	capture *c = (capture *)s;
	seen *x;

	(void)err;
	/* The roadmaps built here have no baselines: the note that says so
	 * comes first in every run, and is looked at by its own tests. */
	if (f->rule == OVP_RULE_DATA_QUALITY && f->deal == NULL && f->problem != NULL &&
	    strstr(f->message, "no item has a baseline") == f->message) {
		assert_int_equal(c->n, 0);
		x = &c->note;
		c->nnotes++;
	} else {
		assert_true(c->n < 64);
		x = &c->f[c->n++];
	}
	memset(x, 0, sizeof *x);
	x->rule = f->rule;
	x->severity = f->severity;
	snprintf(x->message, sizeof x->message, "%s", f->message);
	memcpy(x->fingerprint, f->fingerprint, sizeof x->fingerprint);
	x->suppressed = f->suppressed;
	x->line = f->line;
	snprintf(x->file, sizeof x->file, "%s", f->file);
	snprintf(x->sheet, sizeof x->sheet, "%s", f->sheet != NULL ? f->sheet : "");
	x->days_late = f->days_late;
	x->has_days_late = f->has_days_late;
	x->p_late = f->p_late;
	x->has_p_late = f->has_p_late;
	x->prior = f->prior;
	snprintf(x->item, sizeof x->item, "%s", f->item != NULL ? f->item->id : "");
	x->has_suggested = f->has_suggested;
	x->suggested = f->suggested_date;
	x->has_team = f->team != NULL;
	snprintf(x->team, sizeof x->team, "%s", f->team != NULL ? f->team : "");
	x->due = f->due;
	x->promised = f->promised;
	x->deliverable = f->deliverable;
	x->pace = f->pace;
	x->nitems = f->nitems;
	x->ndeals = f->ndeals;
	return 0;
}

static int
cap_verdict(ovp_sink *s, const ovp_deal *d, const ovp_promise *p, const ovp_verdict *v,
            ovp_error *err)
{
	capture *c = (capture *)s;

	(void)err;
	(void)d;
	(void)p;
	assert_true(c->nv < 16);
	c->v[c->nv].kind = v->kind;
	c->v[c->nv].number = v->number;
	c->v[c->nv].rules = v->rules;
	c->v[c->nv].suggested = v->suggested_date;
	snprintf(c->v[c->nv].message, sizeof c->v[0].message, "%s", v->message);
	c->v[c->nv].before = c->n;
	c->nv++;
	return 0;
}

static int
cap_note(ovp_sink *s, const char *file, long line, const char *text, ovp_error *err)
{
	capture *c = (capture *)s;

	(void)err;
	assert_true(c->nremarks < 4);
	snprintf(c->remarks[c->nremarks++], sizeof c->remarks[0], "%s:%ld: %s", file, line, text);
	return 0;
}

static int
cap_end(ovp_sink *s, const ovp_summary *sum, ovp_error *err)
{
	(void)err;
	capture *c = (capture *)s;

	c->sum = *sum;
	assert_true(sum->nowners <= 8);
	for (size_t i = 0; i < sum->nowners; i++) {
		c->owners[i] = sum->owners[i];
		snprintf(c->owner_names[i], sizeof c->owner_names[i], "%s", sum->owners[i].owner);
		c->owners[i].owner = c->owner_names[i];
		assert_true(sum->owners[i].ncurrencies <= 4);
		for (size_t k = 0; k < sum->owners[i].ncurrencies; k++)
			c->owner_money[i][k] = sum->owners[i].value_at_risk[k];
		c->owners[i].value_at_risk = c->owner_money[i];
	}
	if (sum->nowners > 0)
		c->sum.owners = c->owners;
	return 0;
}

static void
cap_destroy(ovp_sink *s)
{
	(void)s;
}

static const ovp_sink_ops cap_ops = {"capture", NULL,   cap_finding, NULL,
                                     cap_end,   cap_destroy, NULL,        NULL,
                                     cap_note,  cap_verdict};

/* ---- building roadmaps and deals ---- */

#define AS_OF "2026-11-26"

static ovp_day
day(const char *iso)
{
	int y, m, d;

	assert_int_equal(sscanf(iso, "%d-%d-%d", &y, &m, &d), 3);
	return ovp_day_from_ymd(y, m, d);
}

static ovp_window
win(const char *iso)
{
	ovp_day d = day(iso);

	return (ovp_window){d, d, OVP_PERIOD_DAY};
}

/* An item planned in progress for `planned` (NULL: no date). */
static ovp_item
item(const char *id, const char *title, ovp_status_class cls, const char *planned)
{
	ovp_item it;

	memset(&it, 0, sizeof it);
	it.id = id;
	it.title = title;
	it.status = cls == OVP_CLASS_SHIPPED     ? "Done"
	            : cls == OVP_CLASS_CANCELLED ? "Cancelled"
	            : cls == OVP_CLASS_UNPLANNED ? "Backlog"
	            : cls == OVP_CLASS_PLANNED   ? "To Do"
	                                         : "In Progress";
	it.cls = cls;
	it.planned_text = planned != NULL ? planned : "";
	it.planned = planned != NULL ? win(planned) : OVP_WINDOW_NONE;
	it.baseline = OVP_WINDOW_NONE;
	it.shipped = OVP_WINDOW_NONE;
	it.created = OVP_WINDOW_NONE;
	it.confidence = -1.0;
	it.confidence_text = "";
	it.maturity = "";
	it.effort = -1.0;
	it.team = "";
	it.line = 2;
	return it;
}

static ovp_promise
promise(const char *feature, const char *due, ovp_due_source src)
{
	ovp_promise p;

	memset(&p, 0, sizeof p);
	p.text = feature;
	p.feature = feature;
	p.due_text = due != NULL ? due : "";
	p.due = due != NULL ? win(due) : OVP_WINDOW_NONE;
	p.due_source = due != NULL ? src : OVP_DUE_NONE;
	p.line = 2;
	return p;
}

static ovp_deal
deal(const char *id, double amount, const ovp_promise *ps, size_t n)
{
	ovp_deal d;

	memset(&d, 0, sizeof d);
	d.id = id;
	d.name = id;
	d.account = "";
	d.stage = "Negotiation";
	d.owner = "";
	d.currency = "USD";
	d.amount = amount;
	d.has_amount = amount > 0;
	d.close = OVP_WINDOW_NONE;
	d.line = 2;
	d.promises = ps;
	d.npromises = n;
	return d;
}

typedef struct run_cfg {
	const ovp_config *config;
	const ovp_baseline *baseline;
	bool teams;    /* the roadmap has a team column */
	bool verbose;
	const ovp_roadmap_file *files; /* the roadmap's files, NULL for one (roadmap.csv) */
	size_t nfiles;
} run_cfg;

/* Check the deals against the items; the findings land in *c. */
static void
run_with(capture *c, ovp_item *items, size_t nitems, const ovp_deal *deals, size_t ndeals,
         run_cfg rc)
{
	ovp_roadmap_file file = {"roadmap.csv", 0, nitems, true, NULL, 1, rc.teams};
	ovp_roadmap rm = {.path = rc.files != NULL ? rc.files[0].path : "roadmap.csv",
	                  .files = rc.files != NULL ? rc.files : &file,
	                  .nfiles = rc.files != NULL ? rc.nfiles : 1,
	                  .items = items,
	                  .nitems = nitems};
	ovp_engine_options eo = {0};
	ovp_report_meta meta = {0};
	ovp_engine *e = NULL;
	ovp_error err = {0};

	memset(c, 0, sizeof *c);
	c->base.ops = &cap_ops;
	eo.roadmap = &rm;
	eo.config = rc.config;
	eo.as_of = day(AS_OF);
	eo.sink = &c->base;
	eo.baseline = rc.baseline;
	meta.command = "check";
	meta.as_of = eo.as_of;
	meta.deals_path = "deals.csv";
	meta.roadmap_path = "roadmap.csv";
	meta.verbose = rc.verbose;
	assert_int_equal(ovp_engine_new(&e, &eo, &err), 0);
	assert_int_equal(ovp_engine_begin(e, &meta, &err), 0);
	for (size_t i = 0; i < ndeals; i++)
		assert_int_equal(ovp_engine_deal(e, &deals[i], &err), 0);
	assert_int_equal(ovp_engine_finish(e, NULL, &err), 0);
	ovp_engine_free(e);
}

/* run_with() for a roadmap read from the nfiles files of files. */
static void
run_files(capture *c, ovp_item *items, size_t nitems, const ovp_roadmap_file *files,
          size_t nfiles, const ovp_deal *deals, size_t ndeals, const ovp_config *cfg)
{
	ovp_roadmap rm = {.path = files[0].path, .files = files, .nfiles = nfiles, .items = items,
	                  .nitems = nitems};
	ovp_engine_options eo = {0};
	ovp_report_meta meta = {0};
	ovp_engine *e = NULL;
	ovp_error err = {0};

	memset(c, 0, sizeof *c);
	c->base.ops = &cap_ops;
	eo.roadmap = &rm;
	eo.config = cfg;
	eo.as_of = day(AS_OF);
	eo.sink = &c->base;
	meta.command = "check";
	meta.as_of = eo.as_of;
	meta.deals_path = "deals.csv";
	meta.roadmap_path = files[0].path;
	assert_int_equal(ovp_engine_new(&e, &eo, &err), 0);
	assert_int_equal(ovp_engine_begin(e, &meta, &err), 0);
	for (size_t i = 0; i < ndeals; i++)
		assert_int_equal(ovp_engine_deal(e, &deals[i], &err), 0);
	assert_int_equal(ovp_engine_finish(e, NULL, &err), 0);
	ovp_engine_free(e);
}

static void
run(capture *c, ovp_item *items, size_t nitems, const ovp_deal *deals, size_t ndeals)
{
	run_with(c, items, nitems, deals, ndeals, (run_cfg){.config = NULL});
}

/* The rule codes found, space-separated, in order. */
static const char *
codes(const capture *c)
{
	static char buf[512];
	size_t off = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < c->n; i++)
		off += (size_t)snprintf(buf + off, sizeof buf - off, "%s%s", i ? " " : "",
		                        ovp_rule_get(c->f[i].rule)->code);
	return buf;
}

/* One promise against one item. */
static void
one(capture *c, ovp_item it, ovp_promise p)
{
	ovp_deal d = deal("D1", 1000, &p, 1);

	run(c, &it, 1, &d, 1);
}

/* ---- OVP001 unplanned ---- */

static void
test_unplanned_fires(void **state)
{
	capture c;
	ovp_item it = item("P-1", "Single sign-on", OVP_CLASS_IN_PROGRESS, "2027-03-31");

	(void)state;
	one(&c, it, promise("Teleportation", "2027-04-30", OVP_DUE_OWN));
	assert_string_equal(codes(&c), "OVP001");
	assert_int_equal(c.f[0].severity, OVP_SEV_ERROR);
	assert_string_equal(c.f[0].message,
	                    "\"Teleportation\" is not on the roadmap: no item matches it");
	assert_string_equal(c.f[0].file, "deals.csv");
	assert_int_equal(c.sum.by_severity[OVP_SEV_ERROR], 1);
}

static void
test_unplanned_not_when_matched(void **state)
{
	capture c;
	ovp_item it = item("P-1", "Single sign-on", OVP_CLASS_IN_PROGRESS, "2027-03-31");

	(void)state;
	one(&c, it, promise("single sign on", "2027-09-30", OVP_DUE_OWN));
	assert_string_equal(codes(&c), "");
}

/* ---- OVP002 cancelled ---- */

static void
test_cancelled_fires(void **state)
{
	capture c;
	ovp_item it = item("P-1", "Offline mode", OVP_CLASS_CANCELLED, "2027-03-31");

	(void)state;
	one(&c, it, promise("Offline mode", "2027-06-30", OVP_DUE_OWN));
	assert_string_equal(codes(&c), "OVP002");
	assert_string_equal(c.f[0].message,
	                    "\"Offline mode\" rests on P-1 \"Offline mode\", which is Cancelled "
	                    "(cancelled)");
	assert_string_equal(c.f[0].item, "P-1");
}

static void
test_cancelled_and_overdue(void **state)
{
	capture c;
	ovp_item it = item("P-1", "Offline mode", OVP_CLASS_CANCELLED, "2026-06-30");

	(void)state;
	one(&c, it, promise("Offline mode", "2026-10-01", OVP_DUE_OWN));
	assert_string_equal(codes(&c), "OVP002 OVP005");
	assert_int_equal(c.f[1].days_late, 56);
}

static void
test_cancelled_not_when_planned(void **state)
{
	capture c;
	ovp_item it = item("P-1", "Offline mode", OVP_CLASS_PLANNED, "2027-01-31");

	(void)state;
	one(&c, it, promise("Offline mode", "2027-12-31", OVP_DUE_OWN));
	assert_string_equal(codes(&c), "");
}

/* ---- OVP003 unscheduled ---- */

static void
test_unscheduled_backlog(void **state)
{
	capture c;
	ovp_item it = item("P-1", "Data residency", OVP_CLASS_UNPLANNED, "2027-01-31");

	(void)state;
	/* A date on a backlog item is not a plan: no OVP004 although it is "after" the due date. */
	one(&c, it, promise("Data residency", "2026-12-31", OVP_DUE_OWN));
	assert_string_equal(codes(&c), "OVP003");
	assert_string_equal(c.f[0].message, "\"Data residency\" rests on P-1 \"Data residency\", "
	                                    "which is in Backlog (not planned)");
}

static void
test_unscheduled_no_date_and_overdue(void **state)
{
	capture c;
	ovp_item it = item("P-1", "Data residency", OVP_CLASS_PLANNED, NULL);

	(void)state;
	one(&c, it, promise("Data residency", "2026-11-26", OVP_DUE_OWN));
	assert_string_equal(codes(&c), "OVP003 OVP005");
	assert_string_equal(c.f[0].message,
	                    "\"Data residency\" rests on P-1 \"Data residency\", which has no "
	                    "planned date");
	assert_int_equal(c.f[1].days_late, 0);
}

static void
test_unscheduled_later(void **state)
{
	capture c;
	ovp_item it = item("P-1", "Data residency", OVP_CLASS_PLANNED, NULL);

	(void)state;
	it.later = true;
	one(&c, it, promise("Data residency", "2027-12-31", OVP_DUE_OWN));
	assert_string_equal(codes(&c), "OVP003");
	assert_string_equal(c.f[0].message, "\"Data residency\" rests on P-1 \"Data residency\", "
	                                    "which is planned for Later: no date");
}

static void
test_unscheduled_not_when_dated(void **state)
{
	capture c;
	ovp_item it = item("P-1", "Data residency", OVP_CLASS_PLANNED, "2027-01-31");

	(void)state;
	one(&c, it, promise("Data residency", "2027-12-31", OVP_DUE_OWN));
	assert_string_equal(codes(&c), "");
}

/* ---- OVP004 late ---- */

static void
test_late_fires(void **state)
{
	capture c;
	ovp_item it = item("PRJ-123", "Single sign-on", OVP_CLASS_IN_PROGRESS, NULL);

	(void)state;
	it.planned_text = "Q1 2027";
	it.planned = (ovp_window){day("2027-01-01"), day("2027-03-31"), OVP_PERIOD_QUARTER};
	one(&c, it, promise("Single sign-on", "2027-01-15", OVP_DUE_OWN));
	assert_string_equal(codes(&c), "OVP004");
	assert_true(c.f[0].has_days_late);
	assert_int_equal(c.f[0].days_late, 75);
	assert_string_equal(c.f[0].message,
	                    "\"Single sign-on\" promised by 2027-01-15, roadmap plans PRJ-123 "
	                    "\"Single sign-on\" for Q1 2027 (to 2027-03-31): 75 days late"
	                    "; promise 2027-06-03 or later (85%)");
}

static void
test_late_not_on_the_day(void **state)
{
	capture c;
	ovp_item it = item("P-1", "Single sign-on", OVP_CLASS_IN_PROGRESS, "2027-09-30");
	ovp_config cfg;

	(void)state;
	ovp_config_init(&cfg);
	cfg.severity[OVP_RULE_SLIP_RISK] = OVP_SEV_OFF;
	{
		ovp_promise p = promise("Single sign-on", "2027-09-30", OVP_DUE_OWN);
		ovp_deal d = deal("D1", 1000, &p, 1);

		run_with(&c, &it, 1, &d, 1, (run_cfg){.config = &cfg});
	}
	assert_string_equal(codes(&c), "");
	ovp_config_free(&cfg);
}

/* ---- OVP005 overdue ---- */

static void
test_overdue_fires(void **state)
{
	capture c;
	ovp_item it = item("P-1", "Sandbox", OVP_CLASS_IN_PROGRESS, "2026-10-15");

	(void)state;
	one(&c, it, promise("Sandbox", "2026-11-01", OVP_DUE_OWN));
	assert_string_equal(codes(&c), "OVP005");
	assert_int_equal(c.f[0].days_late, 25);
	assert_string_equal(c.f[0].message, "\"Sandbox\" was due 2026-11-01 and P-1 \"Sandbox\" has "
	                                    "not shipped (In Progress): 25 days overdue"
	                    "; promise 2027-02-20 or later (85%)");
}

static void
test_overdue_and_late(void **state)
{
	capture c;
	ovp_item it = item("P-1", "Sandbox", OVP_CLASS_IN_PROGRESS, "2027-01-15");

	(void)state;
	one(&c, it, promise("Sandbox", "2026-11-01", OVP_DUE_OWN));
	assert_string_equal(codes(&c), "OVP004 OVP005");
}

static void
test_overdue_not_when_shipped(void **state)
{
	capture c;
	ovp_item it = item("P-1", "Sandbox", OVP_CLASS_SHIPPED, "2026-10-15");

	(void)state;
	one(&c, it, promise("Sandbox", "2026-11-01", OVP_DUE_OWN));
	assert_string_equal(codes(&c), "");
}

/* ---- OVP006 slip-risk ---- */

static void
test_slip_risk_prior(void **state)
{
	capture c;
	ovp_item it = item("P-1", "Reports", OVP_CLASS_IN_PROGRESS, "2027-03-21");

	(void)state;
	/* 10 days of slack, no history: the default model, 0.6 * exp(-10/45) = 0.480,
	 * knowing that the item has not shipped 115 days before its plan, of which
	 * the chance is 1 - 0.4 * exp(-115/45) = 0.969: 0.496. */
	one(&c, it, promise("Reports", "2027-03-31", OVP_DUE_OWN));
	assert_string_equal(codes(&c), "OVP006");
	assert_true(c.f[0].has_p_late);
	assert_true(c.f[0].prior);
	assert_true(c.f[0].p_late > 0.4955 && c.f[0].p_late < 0.4965);
	assert_int_equal(c.f[0].severity, OVP_SEV_WARNING);
}

static void
test_slip_risk_not_with_slack(void **state)
{
	capture c;
	ovp_item it = item("P-1", "Reports", OVP_CLASS_IN_PROGRESS, "2027-03-21");

	(void)state;
	/* 100 days of slack: 0.6 * exp(-100/45) = 0.065, under 0.30. */
	one(&c, it, promise("Reports", "2027-06-29", OVP_DUE_OWN));
	assert_string_equal(codes(&c), "");
}

static void
test_slip_risk_from_history(void **state)
{
	capture c;
	ovp_item items[11];
	ovp_promise p = promise("Reports", "2027-03-31", OVP_DUE_OWN);
	ovp_deal d = deal("D1", 1000, &p, 1);
	char ids[10][8];

	(void)state;
	items[0] = item("P-1", "Reports", OVP_CLASS_IN_PROGRESS, "2027-03-21");
	/* Ten shipped items, delays 0, 5, ..., 45 days: 7 of 10 are later than 10 days. */
	for (int i = 0; i < 10; i++) {
		char planned[16], shipped[16];
		ovp_day pd = day("2026-01-01") + i * 7;

		snprintf(ids[i], sizeof ids[i], "H-%d", i);
		ovp_day_format(pd, planned);
		items[i + 1] = item(ids[i], "history item", OVP_CLASS_SHIPPED, planned);
		ovp_day_format(pd + i * 5, shipped);
		items[i + 1].shipped = win(shipped);
	}
	run(&c, items, 11, &d, 1);
	assert_string_equal(codes(&c), "OVP006");
	assert_false(c.f[0].prior);
	/* The slip model on those ten and the open item itself, 115 days before its
	 * plan; 7 of the 10 are later than the slack, the default model weighs 8. */
	{
		ovp_delay hist[11];
		ovp_history h;
		double want;

		for (int i = 0; i < 10; i++)
			hist[i] = (ovp_delay){i * 5, false};
		hist[10] = (ovp_delay){-115, true};
		assert_int_equal(ovp_history_from_delays(&h, hist, 11, 8), 0);
		want = ovp_forecast_miss(&h, day("2027-03-21"), day("2027-03-31"), day(AS_OF)).p_late;
		ovp_history_free(&h);
		assert_true(want > 0.6 && want < 0.7);
		assert_true(c.f[0].p_late > want - 1e-12 && c.f[0].p_late < want + 1e-12);
	}
}

static void
test_slip_risk_past_plan(void **state)
{
	capture c;
	ovp_item it = item("P-1", "Reports", OVP_CLASS_IN_PROGRESS, "2026-11-25");

	(void)state;
	/* Planned yesterday, not shipped, due in a month: 1 day late already.  With no
	 * history the default model, conditioned on 1 day: S(30)/S(1) = exp(-29/45) = 0.525. */
	one(&c, it, promise("Reports", "2026-12-25", OVP_DUE_OWN));
	assert_string_equal(codes(&c), "OVP006");
	assert_true(c.f[0].p_late > 0.524 && c.f[0].p_late < 0.526);
	assert_string_equal(c.f[0].message,
	                    "\"Reports\" due 2026-12-25, P-1 \"Reports\" was planned for 2026-11-25 "
	                    "and is already 1 day late: 52% chance of missing the due date, by the "
	                    "default slip model alone: no past item was that late"
	                    "; promise 2027-02-20 or later (85%)");
}

/* ---- OVP007 prototype ---- */

/*
 * The date OVP004, OVP005 and OVP006 suggest is the date `when` gives
 * for the same item at the same confidence: a late, an overdue and a
 * slipping promise against a roadmap with a history of delays, at the
 * default confidence and at another, each compared with the answer of
 * `when` (ovp_planner_when()).
 */
static void
test_suggested_date_is_when(void **state)
{
	ovp_item items[13];
	ovp_promise ps[3] = {promise("Reports", "2027-01-31", OVP_DUE_OWN),
	                     promise("Exports", "2026-11-01", OVP_DUE_OWN),
	                     promise("Imports", "2027-04-10", OVP_DUE_OWN)};
	ovp_deal d = deal("D1", 1000, ps, 3);
	char ids[10][8];
	double confidences[2] = {0.85, 0.6};

	(void)state;
	items[0] = item("P-1", "Reports", OVP_CLASS_IN_PROGRESS, "2027-03-21");
	items[1] = item("P-2", "Exports", OVP_CLASS_IN_PROGRESS, "2026-12-15");
	items[2] = item("P-3", "Imports", OVP_CLASS_PLANNED, "2027-04-01");
	for (int i = 0; i < 10; i++) {
		char planned[16], shipped[16];
		ovp_day pd = day("2026-01-01") + i * 7;

		snprintf(ids[i], sizeof ids[i], "H-%d", i);
		ovp_day_format(pd, planned);
		items[i + 3] = item(ids[i], "history item", OVP_CLASS_SHIPPED, planned);
		ovp_day_format(pd + i * 6, shipped);
		items[i + 3].shipped = win(shipped);
	}
	for (int k = 0; k < 2; k++) {
		ovp_roadmap_file file = {"roadmap.csv", 0, 13, true, NULL, 1, false};
		ovp_roadmap rm = {.path = "roadmap.csv", .files = &file, .nfiles = 1, .items = items,
		                  .nitems = 13};
		ovp_config cfg;
		ovp_planner *pl = NULL;
		ovp_error err = {0};
		capture c;
		size_t checked = 0;

		ovp_config_init(&cfg);
		cfg.confidence = confidences[k];
		run_with(&c, items, 13, &d, 1, (run_cfg){.config = &cfg});
		assert_string_equal(codes(&c), "OVP004 OVP004 OVP005 OVP006");
		assert_int_equal(ovp_planner_new(&pl, &rm, &cfg, day(AS_OF), &err), 0);
		for (size_t i = 0; i < c.n; i++) {
			ovp_when_answer a;
			const char *feature = strcmp(c.f[i].item, "P-1") == 0   ? "Reports"
			                      : strcmp(c.f[i].item, "P-2") == 0 ? "Exports"
			                                                        : "Imports";

			assert_true(c.f[i].has_suggested);
			assert_int_equal(ovp_planner_when(pl, feature, cfg.confidence, OVP_DAY_NONE, &a, &err),
			                 0);
			assert_int_equal(a.when.kind, OVP_WHEN_DATE);
			assert_int_equal(c.f[i].suggested, a.when.earliest);
			assert_true(a.when.earliest > items[i == 0 ? 0 : 1].planned.end - 400);
			assert_non_null(strstr(c.f[i].message, "; promise "));
			checked++;
		}
		assert_int_equal(checked, 4);
		ovp_planner_free(pl);
		ovp_config_free(&cfg);
	}
}

/*
 * Items planned for the same day share their suggested date only when
 * they share their slip history: with a history per file, two files
 * that delivered differently give the same planned day different dates,
 * each the one `when` gives.
 */
static void
test_suggested_date_by_history(void **state)
{
	ovp_item items[24];
	ovp_roadmap_file files[2] = {{"a.csv", 0, 12, true, NULL, 1, false},
	                             {"b.csv", 12, 12, true, NULL, 1, false}};
	ovp_roadmap rm = {.path = "a.csv", .files = files, .nfiles = 2, .items = items,
	                  .nitems = 24};
	ovp_promise ps[4] = {promise("Reports", "2027-01-10", OVP_DUE_OWN),
	                     promise("Exports", "2027-01-10", OVP_DUE_OWN),
	                     promise("Imports", "2027-01-10", OVP_DUE_OWN),
	                     promise("Alerts", "2027-01-10", OVP_DUE_OWN)};
	ovp_deal d = deal("D1", 1000, ps, 4);
	const char *features[4] = {"Reports", "Exports", "Imports", "Alerts"};
	char ids[20][8];
	ovp_config cfg;
	ovp_planner *pl = NULL;
	ovp_error err = {0};
	capture c;

	(void)state;
	items[0] = item("P-1", "Reports", OVP_CLASS_IN_PROGRESS, "2027-02-15");
	items[1] = item("P-2", "Exports", OVP_CLASS_IN_PROGRESS, "2027-02-15");
	items[12] = item("Q-1", "Imports", OVP_CLASS_IN_PROGRESS, "2027-02-15");
	items[13] = item("Q-2", "Alerts", OVP_CLASS_PLANNED, "2027-03-01");
	/* a.csv shipped nearly on time, b.csv weeks late. */
	for (int i = 0; i < 20; i++) {
		int k = i < 10 ? 2 + i : 14 + (i - 10);
		char planned[16], shipped[16];
		ovp_day pd = day("2026-01-01") + i * 9;

		snprintf(ids[i], sizeof ids[i], "H-%d", i);
		ovp_day_format(pd, planned);
		items[k] = item(ids[i], "history item", OVP_CLASS_SHIPPED, planned);
		ovp_day_format(pd + (i < 10 ? i % 3 : 30 + 5 * (i - 10)), shipped);
		items[k].shipped = win(shipped);
	}
	for (int i = 12; i < 24; i++) {
		items[i].source = 1;
		items[i].file = "b.csv";
	}
	ovp_config_init(&cfg);
	cfg.forecast_per_file = true;
	cfg.severity[OVP_RULE_OVERCOMMITTED] = OVP_SEV_OFF;
	run_with(&c, items, 24, &d, 1, (run_cfg){.config = &cfg, .files = files, .nfiles = 2});
	assert_string_equal(codes(&c), "OVP004 OVP004 OVP004 OVP004");
	assert_int_equal(ovp_planner_new(&pl, &rm, &cfg, day(AS_OF), &err), 0);
	for (size_t i = 0; i < 4; i++) {
		ovp_when_answer a;

		assert_true(c.f[i].has_suggested);
		assert_int_equal(ovp_planner_when(pl, features[i], cfg.confidence, OVP_DAY_NONE, &a, &err),
		                 0);
		assert_int_equal(a.when.kind, OVP_WHEN_DATE);
		assert_int_equal(c.f[i].suggested, a.when.earliest);
	}
	/* The same planned day: the same date within a file, another in the late file. */
	assert_int_equal(c.f[0].suggested, c.f[1].suggested);
	assert_true(c.f[2].suggested > c.f[0].suggested);
	assert_true(c.f[3].suggested > c.f[2].suggested);
	ovp_planner_free(pl);
	ovp_config_free(&cfg);
}

/* A promise on an item that no date can be given for: OVP005 suggests none. */
static void
test_suggested_date_none(void **state)
{
	capture c;
	ovp_item it = item("P-1", "Reports", OVP_CLASS_UNPLANNED, NULL);
	ovp_promise p = promise("Reports", "2026-11-01", OVP_DUE_OWN);

	(void)state;
	one(&c, it, p);
	assert_string_equal(codes(&c), "OVP003 OVP005");
	assert_false(c.f[0].has_suggested);
	assert_true(c.f[1].has_suggested);
	assert_int_equal(c.f[1].suggested, OVP_DAY_NONE);
	assert_null(strstr(c.f[1].message, "; promise "));
}

/*
 * A verdict on every promise, before its findings: ok (with what its item
 * says), warning, error, and filtered when --ignore or the baseline left
 * out its warnings and errors; none unless verbose (or a deal report).
 */
static void
test_verdicts(void **state)
{
	ovp_item items[3] = {item("P-1", "Reports", OVP_CLASS_SHIPPED, "2026-09-30"),
	                     item("P-2", "Exports", OVP_CLASS_PLANNED, "2027-01-31"),
	                     item("P-3", "Imports", OVP_CLASS_IN_PROGRESS, "2027-06-30")};
	ovp_promise ps[4] = {promise("Reports", "2027-03-31", OVP_DUE_OWN),
	                     promise("Exports", "2027-12-31", OVP_DUE_CLOSE),
	                     promise("Imports", "2027-03-31", OVP_DUE_OWN),
	                     promise("Teleportation", "2027-03-31", OVP_DUE_OWN)};
	ovp_deal d = deal("D1", 1000, ps, 4);
	ovp_config cfg;
	capture c;

	(void)state;
	items[0].shipped = win("2026-10-02");
	run_with(&c, items, 3, &d, 1, (run_cfg){.verbose = true});
	assert_int_equal(c.nv, 4);
	assert_int_equal(c.v[0].kind, OVP_VERDICT_OK);
	assert_int_equal(c.v[0].number, 1);
	assert_string_equal(c.v[0].message, "P-1 shipped on 2026-10-02");
	assert_int_equal(c.v[0].suggested, day(AS_OF));
	assert_int_equal(c.v[1].kind, OVP_VERDICT_OK);
	assert_int_equal(c.v[1].rules, 1ul << OVP_RULE_UNDATED);
	assert_int_equal(c.v[1].before, 0);
	assert_non_null(strstr(c.v[1].message, "P-2 planned 2027-01-31, 334 days before it is due; "));
	assert_int_equal(c.v[2].kind, OVP_VERDICT_ERROR);
	assert_int_equal(c.v[2].rules, 1ul << OVP_RULE_LATE);
	assert_string_equal(c.v[2].message, "");
	assert_int_equal(c.v[3].kind, OVP_VERDICT_ERROR);
	assert_int_equal(c.v[3].suggested, OVP_DAY_NONE);
	/* Late and unplanned ignored: filtered, not ok; the undated note stays ok. */
	ovp_config_init(&cfg);
	cfg.severity[OVP_RULE_LATE] = OVP_SEV_OFF;
	cfg.severity[OVP_RULE_UNPLANNED] = OVP_SEV_OFF;
	run_with(&c, items, 3, &d, 1, (run_cfg){.config = &cfg, .verbose = true});
	assert_int_equal(c.v[1].kind, OVP_VERDICT_OK);
	assert_int_equal(c.v[2].kind, OVP_VERDICT_FILTERED);
	assert_string_equal(c.v[2].message, "P-3 planned 2027-06-30, 91 days after it is due");
	assert_int_equal(c.v[2].rules, 0);
	assert_int_equal(c.v[3].kind, OVP_VERDICT_FILTERED);
	assert_string_equal(c.v[3].message, "not on the roadmap");
	/* A warning downgraded to a note by the configuration is no longer a warning. */
	cfg.severity[OVP_RULE_LATE] = OVP_SEV_WARNING;
	run_with(&c, items, 3, &d, 1, (run_cfg){.config = &cfg, .verbose = true});
	assert_int_equal(c.v[2].kind, OVP_VERDICT_WARNING);
	ovp_config_free(&cfg);
	/* Not verbose: no verdicts. */
	run(&c, items, 3, &d, 1);
	assert_int_equal(c.nv, 0);
}

/* A promise whose error is in the baseline is filtered. */
static void
test_verdict_baseline(void **state)
{
	ovp_item it = item("P-3", "Imports", OVP_CLASS_IN_PROGRESS, "2027-06-30");
	ovp_promise p = promise("Imports", "2027-03-31", OVP_DUE_OWN);
	ovp_deal d = deal("D1", 1000, &p, 1);
	char path[] = "/tmp/ovp-verdict-XXXXXX";
	char print[OVP_FINGERPRINT_SIZE];
	ovp_baseline *b = NULL;
	ovp_error err = {0};
	capture c;
	int fd;

	(void)state;
	run(&c, &it, 1, &d, 1);
	assert_int_equal(c.n, 1);
	memcpy(print, c.f[0].fingerprint, sizeof print);
	fd = scratch_mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
	assert_int_equal(ovp_baseline_write(path, (const char(*)[OVP_FINGERPRINT_SIZE])print, 1, &err),
	                 0);
	assert_int_equal(ovp_baseline_load(&b, path, &err), 0);
	run_with(&c, &it, 1, &d, 1, (run_cfg){.baseline = b, .verbose = true});
	assert_int_equal(c.nv, 1);
	assert_int_equal(c.v[0].kind, OVP_VERDICT_FILTERED);
	assert_int_equal(c.v[0].rules, 1ul << OVP_RULE_LATE);
	ovp_baseline_free(b);
	unlink(path);
}

static void
test_prototype_fires(void **state)
{
	capture c;
	ovp_item it = item("P-1", "AI assistant", OVP_CLASS_IN_PROGRESS, "2027-01-31");

	(void)state;
	it.prototype = true;
	it.maturity = "poc";
	one(&c, it, promise("AI assistant", "2027-12-31", OVP_DUE_OWN));
	assert_string_equal(codes(&c), "OVP007");
	assert_string_equal(c.f[0].message, "\"AI assistant\" rests on P-1 \"AI assistant\", which "
	                                    "is not a product yet (poc)");
}

static void
test_prototype_not_for_product(void **state)
{
	capture c;
	ovp_item it = item("P-1", "AI assistant", OVP_CLASS_IN_PROGRESS, "2027-01-31");

	(void)state;
	one(&c, it, promise("AI assistant", "2027-12-31", OVP_DUE_OWN));
	assert_string_equal(codes(&c), "");
}

/* ---- OVP008 ambiguous ---- */

static void
test_ambiguous_same_title(void **state)
{
	capture c;
	ovp_item items[2] = {
		item("A-1", "Webhooks", OVP_CLASS_IN_PROGRESS, "2027-01-31"),
		item("B-1", "Webhooks", OVP_CLASS_PLANNED, "2027-12-31"),
	};
	ovp_promise p = promise("webhooks", "2026-01-01", OVP_DUE_OWN);
	ovp_deal d = deal("D1", 1000, &p, 1);

	(void)state;
	run(&c, items, 2, &d, 1);
	/* No item, so no item rules: not overdue, not late. */
	assert_string_equal(codes(&c), "OVP008");
	assert_int_equal(c.f[0].severity, OVP_SEV_WARNING);
	assert_string_equal(c.f[0].item, "");
	assert_string_equal(c.f[0].message, "\"webhooks\" matches several roadmap items about equally "
	                                    "well: A-1 \"Webhooks\" (1.00), B-1 \"Webhooks\" (1.00)");
}

static void
test_ambiguous_not_for_distinct(void **state)
{
	capture c;
	ovp_item items[2] = {
		item("A-1", "Webhooks for billing events", OVP_CLASS_SHIPPED, "2026-01-31"),
		item("B-1", "Audit log export", OVP_CLASS_SHIPPED, "2026-01-31"),
	};
	ovp_promise p = promise("Webhooks for billing events", "2026-01-01", OVP_DUE_OWN);
	ovp_deal d = deal("D1", 1000, &p, 1);

	(void)state;
	run(&c, items, 2, &d, 1);
	assert_string_equal(codes(&c), "");
}

/* ---- OVP009 fuzzy-match ---- */

static void
test_fuzzy_fires(void **state)
{
	capture c;
	ovp_item it = item("P-1", "Custom dashboards", OVP_CLASS_IN_PROGRESS, "2027-01-31");

	(void)state;
	one(&c, it, promise("Custom dashbords", "2027-12-31", OVP_DUE_OWN));
	assert_string_equal(codes(&c), "OVP009");
	assert_int_equal(c.f[0].severity, OVP_SEV_NOTE);
	assert_string_equal(c.f[0].item, "P-1");
}

/*
 * The engine keeps each item's label and planned date, with their
 * lengths, once a message has named them: the messages of later
 * promises on the same items (the fuzzy match's, the late one's, one
 * item without an id, one whose label has a quote) are word for word
 * those of the first.
 */
static void
test_kept_labels(void **state)
{
	static const char *const want[] = {
	        "\"Custom dashbords\" matched P-1 \"Custom dashboards\" only approximately "
	        "(similarity 0.93); confirm it or add an alias",
	        "\"Custom dashbords\" promised by 2027-01-15, roadmap plans P-1 \"Custom "
	        "dashboards\" for Q1 2027 (to 2027-03-31): 75 days late",
	        "\"Audit \"log\" export\" promised by 2027-01-15, roadmap plans \"Audit \"log\" "
	        "export\" for 2027-02-28: 44 days late",
	};
	ovp_item items[2] = {
	        item("P-1", "Custom dashboards", OVP_CLASS_IN_PROGRESS, NULL),
	        item("", "Audit \"log\" export", OVP_CLASS_PLANNED, "2027-02-28"),
	};
	ovp_promise ps[2] = {promise("Custom dashbords", "2027-01-15", OVP_DUE_OWN),
	                     promise("Audit \"log\" export", "2027-01-15", OVP_DUE_OWN)};
	ovp_deal ds[3] = {deal("D1", 1000, ps, 2), deal("D2", 1000, ps, 2), deal("D3", 1000, ps, 2)};
	capture c;

	(void)state;
	items[0].planned_text = "Q1 2027";
	items[0].planned = (ovp_window){day("2027-01-01"), day("2027-03-31"), OVP_PERIOD_QUARTER};
	run(&c, items, 2, ds, 3);
	assert_string_equal(codes(&c), "OVP004 OVP009 OVP004 OVP004 OVP009 OVP004 OVP004 OVP009 "
	                               "OVP004 OVP101 OVP101");
	for (size_t d = 0; d < 3; d++) {
		const seen *f = &c.f[3 * d];

		assert_int_equal(strncmp(f[0].message, want[1], strlen(want[1])), 0);
		assert_string_equal(f[1].message, want[0]);
		assert_int_equal(strncmp(f[2].message, want[2], strlen(want[2])), 0);
	}
}

static void
test_fuzzy_not_for_exact(void **state)
{
	capture c;
	ovp_item it = item("P-1", "Custom dashboards", OVP_CLASS_IN_PROGRESS, "2027-01-31");

	(void)state;
	one(&c, it, promise("CUSTOM DASHBOARDS", "2027-12-31", OVP_DUE_OWN));
	assert_string_equal(codes(&c), "");
}

/* ---- OVP010 undated ---- */

static void
test_undated_close_date(void **state)
{
	capture c;
	ovp_item it = item("P-1", "Reports", OVP_CLASS_IN_PROGRESS, "2027-01-31");

	(void)state;
	one(&c, it, promise("Reports", "2027-12-31", OVP_DUE_CLOSE));
	assert_string_equal(codes(&c), "OVP010");
	assert_int_equal(c.f[0].severity, OVP_SEV_NOTE);
	assert_string_equal(c.f[0].message, "\"Reports\" has no date of its own; the deal's close "
	                                    "date 2027-12-31 was used");
}

static void
test_undated_no_date(void **state)
{
	capture c;
	ovp_item it = item("P-1", "Reports", OVP_CLASS_IN_PROGRESS, "2026-01-31");

	(void)state;
	/* Planned in the past, but with no due date the date rules are not applied. */
	one(&c, it, promise("Reports", NULL, OVP_DUE_NONE));
	assert_string_equal(codes(&c), "OVP010");
	assert_int_equal(c.f[0].severity, OVP_SEV_WARNING);
}

static void
test_undated_not_for_row_date(void **state)
{
	capture c;
	ovp_item it = item("P-1", "Reports", OVP_CLASS_IN_PROGRESS, "2027-01-31");

	(void)state;
	one(&c, it, promise("Reports", "2027-12-31", OVP_DUE_ROW));
	assert_string_equal(codes(&c), "");
}

/* ---- OVP011 no-sign-off ---- */

static void
sign_off_case(capture *c, bool column, bool signed_off, ovp_status_class cls)
{
	ovp_item it = item("P-1", "Reports", cls, "2027-01-31");
	ovp_promise ps[2] = {promise("Reports", "2027-12-31", OVP_DUE_OWN),
	                     promise("Reports", "2027-12-31", OVP_DUE_OWN)};
	ovp_deal d = deal("D1", 1000, ps, 2);

	d.signoff_column = column;
	d.signed_off = signed_off;
	d.line = 7;
	run(c, &it, 1, &d, 1);
}

static void
test_no_sign_off_fires_once(void **state)
{
	capture c;

	(void)state;
	sign_off_case(&c, true, false, OVP_CLASS_IN_PROGRESS);
	assert_string_equal(codes(&c), "OVP011");
	assert_int_equal(c.f[0].line, 7);
}

static void
test_no_sign_off_not_when_signed(void **state)
{
	capture c;

	(void)state;
	sign_off_case(&c, true, true, OVP_CLASS_IN_PROGRESS);
	assert_string_equal(codes(&c), "");
	sign_off_case(&c, false, false, OVP_CLASS_IN_PROGRESS);
	assert_string_equal(codes(&c), "");
	sign_off_case(&c, true, false, OVP_CLASS_SHIPPED);
	assert_string_equal(codes(&c), "");
}

/* ---- OVP012 slipped ---- */

static void
test_slipped_fires(void **state)
{
	capture c;
	ovp_item it = item("P-1", "RBAC", OVP_CLASS_IN_PROGRESS, "2027-01-15");

	(void)state;
	it.baseline = win("2026-11-30");
	one(&c, it, promise("RBAC", "2027-12-31", OVP_DUE_OWN));
	assert_string_equal(codes(&c), "OVP012");
	assert_int_equal(c.f[0].days_late, 46);
	assert_string_equal(c.f[0].message, "P-1 \"RBAC\" has already slipped 46 days past its "
	                                    "baseline (2026-11-30, now 2027-01-15)");
}

static void
test_slipped_not_under_threshold(void **state)
{
	capture c;
	ovp_item it = item("P-1", "RBAC", OVP_CLASS_IN_PROGRESS, "2027-01-15");

	(void)state;
	it.baseline = win("2026-12-17"); /* 29 days */
	one(&c, it, promise("RBAC", "2027-12-31", OVP_DUE_OWN));
	assert_string_equal(codes(&c), "");
}

/* ---- OVP013 low-confidence ---- */

static void
test_low_confidence_fires(void **state)
{
	capture c;
	ovp_item it = item("P-1", "RBAC", OVP_CLASS_IN_PROGRESS, "2027-01-15");

	(void)state;
	it.confidence = 0.25;
	it.confidence_text = "Low";
	one(&c, it, promise("RBAC", "2027-12-31", OVP_DUE_OWN));
	assert_string_equal(codes(&c), "OVP013");
	assert_string_equal(c.f[0].message, "P-1 \"RBAC\" has low delivery confidence (Low)");
}

static void
test_low_confidence_not_at_half(void **state)
{
	capture c;
	ovp_item it = item("P-1", "RBAC", OVP_CLASS_IN_PROGRESS, "2027-01-15");

	(void)state;
	it.confidence = 0.5;
	it.confidence_text = "50%";
	one(&c, it, promise("RBAC", "2027-12-31", OVP_DUE_OWN));
	assert_string_equal(codes(&c), "");
}

/* ---- OVP015 overcommitted ---- */

/*
 * The history of a team: n items shipped 10 days apart up to 2026-11-01
 * (inside the 180 days before AS_OF), each of the given effort, into
 * items[0, n).
 */
static void
shipped_history(ovp_item *items, size_t n, double effort, const char *team)
{
	static const char *const ids[] = {"S-1", "S-2", "S-3", "S-4", "S-5", "S-6", "S-7", "S-8"};
	ovp_day last = day("2026-11-01");

	assert_true(n <= 8);
	for (size_t i = 0; i < n; i++) {
		items[i] = item(ids[i], ids[i], OVP_CLASS_SHIPPED, "2026-10-01");
		items[i].shipped = (ovp_window){last - 10 * (ovp_day)i, last - 10 * (ovp_day)i,
		                                OVP_PERIOD_DAY};
		items[i].effort = effort;
		items[i].team = team;
	}
}

/* A configuration with every rule off but OVP015 and, when not OVP_RULE_COUNT, also. */
static void
only_overcommitted(ovp_config *cfg, ovp_rule_id also)
{
	ovp_config_init(cfg);
	for (int r = 0; r < OVP_RULE_COUNT; r++)
		if (r != OVP_RULE_OVERCOMMITTED && r != (int)also)
			cfg->severity[r] = OVP_SEV_OFF;
}

/* An open item of the given effort and team, planned well before the promises. */
static ovp_item
open_item(const char *id, double effort, const char *team)
{
	ovp_item it = item(id, id, OVP_CLASS_IN_PROGRESS, "2026-12-01");

	it.effort = effort;
	it.team = team;
	it.line = 10;
	return it;
}

/*
 * The last 180 days shipped 6 items of 30 points: 180 points, one a
 * day.  Three open items of 60 points are promised for 2027-01-25, sixty
 * days after AS_OF: 180 points where the pace delivers 60, three times as
 * much.  Two deals wait on them.
 */
static void
test_overcommitted_fires_at_three_times_the_pace(void **state)
{
	ovp_item items[9];
	ovp_promise d1[2] = {promise("P-1", "2027-01-25", OVP_DUE_OWN),
	                     promise("P-2", "2027-01-25", OVP_DUE_OWN)};
	ovp_promise d2 = promise("P-3", "2027-01-25", OVP_DUE_OWN);
	ovp_deal deals[2] = {deal("D1", 1000, d1, 2), deal("D2", 1000, &d2, 1)};
	capture c;

	(void)state;
	shipped_history(items, 6, 30, "");
	items[6] = open_item("P-1", 60, "");
	items[7] = open_item("P-2", 60, "");
	items[8] = open_item("P-3", 60, "");
	run(&c, items, 9, deals, 2);
	assert_string_equal(codes(&c), "OVP015");
	assert_int_equal(c.f[0].severity, OVP_SEV_WARNING);
	assert_string_equal(c.f[0].file, "roadmap.csv");
	assert_int_equal(c.f[0].line, 1);
	assert_false(c.f[0].has_team);
	assert_int_equal(c.f[0].due, day("2027-01-25"));
	assert_true(c.f[0].promised == 180.0);
	assert_true(c.f[0].deliverable == 60.0);
	assert_true(c.f[0].pace == 1.0);
	assert_int_equal(c.f[0].nitems, 3);
	assert_int_equal(c.f[0].ndeals, 2);
	assert_string_equal(c.f[0].message,
	                    "promises due by 2027-01-25 need 180 points on 3 unshipped items (P-1, P-2, "
	                    "P-3) for 2 deals, but the last 180 days shipped 180 points on 6 items "
	                    "(1.00 a day), about 60 by then");
}

/*
 * The rule names the earliest date the promises exceed the pace: 20
 * points due in 30 days fit (30 deliverable), 60 more due in 60 days do
 * not (80 against 60).  Overdue work counts at every date; a cancelled
 * item, a shipped one and one promised without a date do not count.
 */
static void
test_overcommitted_earliest_date(void **state)
{
	ovp_item items[11];
	ovp_promise ps[6] = {promise("P-1", "2026-12-26", OVP_DUE_OWN),
	                     promise("P-2", "2027-01-25", OVP_DUE_OWN),
	                     promise("P-3", "2027-03-31", OVP_DUE_OWN),
	                     promise("X-1", "2026-12-01", OVP_DUE_OWN),
	                     promise("S-1", "2026-12-01", OVP_DUE_OWN),
	                     promise("U-1", NULL, OVP_DUE_OWN)};
	ovp_deal d = deal("D1", 1000, ps, 6);
	ovp_config cfg;
	capture c;

	(void)state;
	shipped_history(items, 6, 30, "");
	items[6] = open_item("P-1", 20, "");
	items[7] = open_item("P-2", 60, "");
	items[8] = open_item("P-3", 1, "");
	items[9] = item("X-1", "X-1", OVP_CLASS_CANCELLED, "2026-12-01");
	items[9].effort = 500;
	items[10] = open_item("U-1", 500, "");
	only_overcommitted(&cfg, OVP_RULE_COUNT);
	run_with(&c, items, 11, &d, 1, (run_cfg){.config = &cfg});
	ovp_config_free(&cfg);
	assert_string_equal(codes(&c), "OVP015");
	assert_int_equal(c.f[0].due, day("2027-01-25"));
	assert_true(c.f[0].promised == 80.0);
	assert_true(c.f[0].deliverable == 60.0);
	assert_int_equal(c.f[0].nitems, 2);
	assert_int_equal(c.f[0].ndeals, 1);
	assert_string_equal(c.f[0].message,
	                    "promises due by 2027-01-25 need 80 points on 2 unshipped items (P-1, P-2) "
	                    "for 1 deal, but the last 180 days shipped 180 points on 6 items (1.00 a "
	                    "day), about 60 by then");
}

/* 50 points due in 60 days fit a pace of one a day. */
static void
test_overcommitted_silent_when_promises_fit(void **state)
{
	ovp_item items[8];
	ovp_promise ps[2] = {promise("P-1", "2027-01-25", OVP_DUE_OWN),
	                     promise("P-2", "2027-01-25", OVP_DUE_OWN)};
	ovp_deal d = deal("D1", 1000, ps, 2);
	capture c;

	(void)state;
	shipped_history(items, 6, 30, "");
	items[6] = open_item("P-1", 25, "");
	items[7] = open_item("P-2", 25, "");
	run(&c, items, 8, &d, 1);
	assert_string_equal(codes(&c), "");
}

/*
 * Four items shipped in the window (a fifth before it) do not tell the
 * team's pace: silent, and --verbose says why, at the roadmap's header.
 */
static void
test_overcommitted_silent_with_little_history(void **state)
{
	ovp_item items[6];
	ovp_promise p = promise("P-1", "2026-12-06", OVP_DUE_OWN);
	ovp_deal d = deal("D1", 1000, &p, 1);
	ovp_config cfg;
	capture c;

	(void)state;
	only_overcommitted(&cfg, OVP_RULE_COUNT);
	shipped_history(items, 5, 1, "");
	items[4].shipped = win("2026-05-30"); /* 180 days before AS_OF: out of the window */
	items[5] = open_item("P-1", 500, "");
	run_with(&c, items, 6, &d, 1, (run_cfg){.config = &cfg, .verbose = true});
	assert_string_equal(codes(&c), "");
	assert_int_equal(c.nremarks, 1);
	assert_string_equal(c.remarks[0],
	                    "roadmap.csv:1: OVP015 overcommitted not checked: 4 items shipped in the "
	                    "180 days before 2026-11-26, and the team's pace needs at least 5");
	/* Without --verbose, nothing at all. */
	run_with(&c, items, 6, &d, 1, (run_cfg){.config = &cfg});
	assert_int_equal(c.nremarks, 0);
	/* On the window's first day, the fifth item counts. */
	items[4].shipped = win("2026-05-31");
	run_with(&c, items, 6, &d, 1, (run_cfg){.config = &cfg});
	assert_string_equal(codes(&c), "OVP015");
	ovp_config_free(&cfg);
}

/*
 * With a team column each team has its own pace and load: Identity is
 * overcommitted, Billing's promises fit its pace, Mobile has too little
 * history; the finding names its team and the fingerprint tells teams
 * apart.  An item without effort counts as the median of the roadmap's
 * efforts (5, 8, 9 x 6, 15, 30 x 6, 100: 12).
 */
static void
test_overcommitted_per_team(void **state)
{
	ovp_item items[17];
	ovp_promise ps[4] = {promise("I-1", "2026-12-16", OVP_DUE_OWN),
	                     promise("I-2", "2026-12-16", OVP_DUE_OWN),
	                     promise("B-1", "2026-12-16", OVP_DUE_OWN),
	                     promise("M-1", "2026-12-16", OVP_DUE_OWN)};
	ovp_deal deals[2] = {deal("D1", 1000, ps, 2), deal("D2", 1000, ps + 2, 2)};
	char first[OVP_FINGERPRINT_SIZE];
	ovp_config cfg;
	capture c;

	(void)state;
	only_overcommitted(&cfg, OVP_RULE_COUNT);
	shipped_history(items, 6, 9, "Identity");  /* 54 points: 0.3 a day */
	shipped_history(items + 6, 6, 30, "Billing"); /* 180 points: 1 a day */
	for (size_t i = 6; i < 12; i++)
		items[i].id = items[i].title = "B";
	items[12] = open_item("I-1", 5, "Identity");
	items[13] = open_item("I-2", -1, "Identity"); /* no effort: the median, 12 */
	items[14] = open_item("B-1", 15, "Billing");
	items[15] = open_item("M-1", 100, "Mobile");
	items[16] = item("M-0", "M-0", OVP_CLASS_SHIPPED, "2026-10-01");
	items[16].shipped = win("2026-10-01");
	items[16].effort = 8;
	items[16].team = "Mobile";
	run_with(&c, items, 17, deals, 2, (run_cfg){.config = &cfg, .teams = true, .verbose = true});
	/* Identity: 17 points due in 20 days, where 0.3 a day delivers 6. */
	assert_string_equal(codes(&c), "OVP015");
	assert_true(c.f[0].has_team);
	assert_string_equal(c.f[0].team, "Identity");
	assert_true(c.f[0].promised == 17.0);
	assert_true(c.f[0].deliverable > 5.999 && c.f[0].deliverable < 6.001);
	assert_true(c.f[0].pace > 0.2999 && c.f[0].pace < 0.3001);
	assert_string_equal(c.f[0].message,
	                    "team \"Identity\": promises due by 2026-12-16 need 17 points on 2 unshipped "
	                    "items (I-1, I-2) for 1 deal, but the last 180 days shipped 54 points on 6 "
	                    "items (0.30 a day), about 6 by then");
	assert_int_equal(c.nremarks, 1);
	assert_string_equal(c.remarks[0],
	                    "roadmap.csv:1: OVP015 overcommitted not checked for team \"Mobile\": 1 "
	                    "item shipped in the 180 days before 2026-11-26, and the team's pace "
	                    "needs at least 5");
	memcpy(first, c.f[0].fingerprint, sizeof first);
	/* Billing overcommitted too: two findings, told apart by their fingerprints. */
	items[14].effort = 40;
	run_with(&c, items, 17, deals, 2, (run_cfg){.config = &cfg, .teams = true});
	ovp_config_free(&cfg);
	assert_string_equal(codes(&c), "OVP015 OVP015");
	assert_string_equal(c.f[0].team, "Identity");
	assert_string_equal(c.f[0].fingerprint, first);
	assert_string_equal(c.f[1].team, "Billing");
	assert_string_not_equal(c.f[1].fingerprint, first);
	assert_string_equal(c.f[1].message,
	                    "team \"Billing\": promises due by 2026-12-16 need 40 points on 1 unshipped "
	                    "item (B-1) for 1 deal, but the last 180 days shipped 180 points on 6 items "
	                    "(1.00 a day), about 20 by then");
}

/*
 * A roadmap without effort counts items: 6 shipped in 180 days is one a
 * month; 3 promised in 30 days is three times that.  The factor scales
 * the pace, and the message says so.
 */
static void
test_overcommitted_by_count_and_factor(void **state)
{
	ovp_item items[9];
	ovp_promise ps[3] = {promise("P-1", "2026-12-26", OVP_DUE_OWN),
	                     promise("P-2", "2026-12-26", OVP_DUE_OWN),
	                     promise("P-3", "2026-12-26", OVP_DUE_CLOSE)};
	ovp_deal d = deal("D1", 1000, ps, 3);
	ovp_config cfg;
	capture c;

	(void)state;
	shipped_history(items, 6, -1, "");
	items[6] = open_item("P-1", -1, "");
	items[7] = open_item("P-2", -1, "");
	items[8] = open_item("P-3", -1, "");
	items[8].id = "";
	only_overcommitted(&cfg, OVP_RULE_UNDATED);
	run_with(&c, items, 9, &d, 1, (run_cfg){.config = &cfg});
	/* P-3's close date is its due date: it counts, and OVP010 says so. */
	assert_string_equal(codes(&c), "OVP010 OVP015");
	assert_true(c.f[1].promised == 3.0);
	assert_true(c.f[1].deliverable == 1.0);
	assert_string_equal(c.f[1].message,
	                    "promises due by 2026-12-26 need 3 unshipped items (P-1, P-2, \"P-3\") for "
	                    "1 deal, but the last 180 days shipped 6 items (0.03 a day), about 1 by "
	                    "then");
	cfg.capacity_factor = 2.5;
	run_with(&c, items, 9, &d, 1, (run_cfg){.config = &cfg});
	assert_string_equal(codes(&c), "OVP010 OVP015");
	assert_true(c.f[1].deliverable == 2.5);
	assert_string_equal(c.f[1].message,
	                    "promises due by 2026-12-26 need 3 unshipped items (P-1, P-2, \"P-3\") for "
	                    "1 deal, but the last 180 days shipped 6 items (0.03 a day), about 2.5 by "
	                    "then at 2.50 times that pace");
	cfg.capacity_factor = 3.0;
	run_with(&c, items, 9, &d, 1, (run_cfg){.config = &cfg});
	assert_string_equal(codes(&c), "OVP010");
	ovp_config_free(&cfg);
}

/* A longer window, and the rule switched off by [capacity] enabled = false. */
static void
test_overcommitted_window_and_off(void **state)
{
	ovp_item items[7];
	ovp_promise p = promise("P-1", "2027-01-25", OVP_DUE_OWN);
	ovp_deal d = deal("D1", 1000, &p, 1);
	ovp_config cfg;
	capture c;

	(void)state;
	shipped_history(items, 6, 30, "");
	items[6] = open_item("P-1", 90, "");
	run(&c, items, 7, &d, 1);
	assert_string_equal(codes(&c), "OVP015");
	/* The same 180 points over 360 days: half a point a day, 30 by then. */
	ovp_config_init(&cfg);
	cfg.capacity_window_days = 360;
	run_with(&c, items, 7, &d, 1, (run_cfg){.config = &cfg});
	assert_string_equal(codes(&c), "OVP015");
	assert_true(c.f[0].deliverable == 30.0);
	assert_string_equal(c.f[0].message,
	                    "promises due by 2027-01-25 need 90 points on 1 unshipped item (P-1) for 1 "
	                    "deal, but the last 360 days shipped 180 points on 6 items (0.50 a day), "
	                    "about 30 by then");
	cfg.severity[OVP_RULE_OVERCOMMITTED] = OVP_SEV_OFF;
	run_with(&c, items, 7, &d, 1, (run_cfg){.config = &cfg});
	assert_string_equal(codes(&c), "");
	ovp_config_free(&cfg);
}

/*
 * Time estimates are days of work: most items of the roadmap have them,
 * so an item in points counts as the median; the finding goes to the
 * header line of the file that holds the team's first item.
 */
static void
test_overcommitted_days_and_files(void **state)
{
	ovp_item items[8];
	ovp_roadmap_file files[2] = {{"a.csv", 0, 6, true, NULL, 3, false},
	                             {"b.csv", 6, 2, true, NULL, 2, false}};
	ovp_promise ps[2] = {promise("P-1", "2026-12-26", OVP_DUE_OWN),
	                     promise("P-2", "2026-12-26", OVP_DUE_OWN)};
	ovp_deal d = deal("D1", 1000, ps, 2);
	ovp_config cfg;
	capture c;

	(void)state;
	shipped_history(items, 6, 2, "");
	for (size_t i = 0; i < 6; i++) {
		items[i].effort_unit = OVP_EFFORT_DAYS;
		items[i].file = "a.csv";
	}
	items[6] = open_item("P-1", 20, "");
	items[6].effort_unit = OVP_EFFORT_DAYS;
	items[7] = open_item("P-2", 13, ""); /* in points: counts as the median, 2 days */
	items[6].file = items[7].file = "b.csv";
	items[6].source = items[7].source = 1;
	only_overcommitted(&cfg, OVP_RULE_COUNT);
	run_with(&c, items, 8, &d, 1, (run_cfg){.config = &cfg, .files = files, .nfiles = 2});
	ovp_config_free(&cfg);
	assert_string_equal(codes(&c), "OVP015");
	assert_string_equal(c.f[0].file, "a.csv");
	assert_int_equal(c.f[0].line, 3);
	assert_true(c.f[0].promised == 22.0);
	assert_string_equal(c.f[0].message,
	                    "promises due by 2026-12-26 need 22 days of work on 2 unshipped items "
	                    "(P-1, P-2) for 1 deal, but the last 180 days shipped 12 days of work on 6 "
	                    "items (0.07 a day), about 2 by then");
}

/* ---- OVP101 concentration ---- */

static void
concentration_case(capture *c, size_t nsso)
{
	ovp_item items[2] = {
		item("P-1", "Single sign-on", OVP_CLASS_IN_PROGRESS, "2027-01-31"),
		item("P-2", "Reports", OVP_CLASS_IN_PROGRESS, "2027-01-31"),
	};
	ovp_promise sso[2] = {promise("Single sign-on", "2027-12-31", OVP_DUE_OWN),
	                      promise("SINGLE SIGN-ON", "2027-12-31", OVP_DUE_OWN)};
	ovp_promise rep = promise("Reports", "2027-12-31", OVP_DUE_OWN);
	ovp_deal deals[5];
	static const char *const ids[] = {"D1", "D2", "D3", "D4", "D5"};
	size_t n = 0;

	/* Each SSO deal promises it twice: still counted once per deal. */
	for (size_t i = 0; i < nsso; i++)
		deals[n++] = deal(ids[i], 100, sso, 2);
	deals[n++] = deal("R1", 100, &rep, 1);
	items[0].line = 5;
	run(c, items, 2, deals, n);
}

static void
test_concentration_fires(void **state)
{
	capture c;

	(void)state;
	concentration_case(&c, 3);
	assert_string_equal(codes(&c), "OVP101");
	assert_string_equal(c.f[0].file, "roadmap.csv");
	assert_int_equal(c.f[0].line, 5);
	assert_string_equal(c.f[0].message,
	                    "P-1 \"Single sign-on\" carries 75% of the promised pipeline (USD 300 of "
	                    "USD 400, over 3 deals); one slip hurts many customers");
}

static void
test_concentration_not_under_three_deals(void **state)
{
	capture c;

	(void)state;
	concentration_case(&c, 2);
	assert_string_equal(codes(&c), "");
}

/*
 * Two items promised in six currencies, in turns: the engine keeps the
 * totals of an item's first currencies with its other per-item state
 * and the rest in a list, and the findings must come in the order the
 * currencies first appeared on the item, each with its own totals.
 */
static void
test_concentration_per_currency(void **state)
{
	static const char *const currencies[] = {"GBP", "USD", "EUR", "", "JPY", "CHF"};
	static const char *const ids[] = {"D0",  "D1",  "D2",  "D3",  "D4",  "D5",  "D6",  "D7",
	                                  "D8",  "D9",  "D10", "D11", "D12", "D13", "D14", "D15",
	                                  "D16", "D17", "D18", "D19", "D20", "D21", "D22", "D23"};
	static const char *const want[] = {
		"P-1 \"Single sign-on\" carries 100% of the promised pipeline (GBP 300 of GBP 300, "
		"over 3 deals); one slip hurts many customers",
		"P-1 \"Single sign-on\" carries 75% of the promised pipeline (USD 600 of USD 800, "
		"over 3 deals); one slip hurts many customers",
		"P-1 \"Single sign-on\" carries 60% of the promised pipeline (EUR 900 of EUR 1,500, "
		"over 3 deals); one slip hurts many customers",
		"P-1 \"Single sign-on\" carries 50% of the promised pipeline (1,200 of 2,400, over 3 "
		"deals); one slip hurts many customers",
		"P-1 \"Single sign-on\" carries 43% of the promised pipeline (JPY 1,500 of JPY 3,500, "
		"over 3 deals); one slip hurts many customers",
		"P-1 \"Single sign-on\" carries 38% of the promised pipeline (CHF 1,800 of CHF 4,800, "
		"over 3 deals); one slip hurts many customers",
	};
	capture c;
	ovp_item items[2] = {
		item("P-1", "Single sign-on", OVP_CLASS_IN_PROGRESS, "2027-01-31"),
		item("P-2", "Reports", OVP_CLASS_IN_PROGRESS, "2027-01-31"),
	};
	ovp_promise sso = promise("Single sign-on", "2027-12-31", OVP_DUE_OWN);
	ovp_promise rep = promise("Reports", "2027-12-31", OVP_DUE_OWN);
	ovp_deal deals[24];

	(void)state;
	for (size_t i = 0; i < 24; i++) {
		size_t k = i % 6;

		deals[i] = i < 18 ? deal(ids[i], 100.0 * (double)(k + 1), &sso, 1)
		                  : deal(ids[i], 100.0 * (double)(k + 1) * (double)k, &rep, 1);
		deals[i].currency = currencies[k];
	}
	run(&c, items, 2, deals, 24);
	assert_string_equal(codes(&c), "OVP101 OVP101 OVP101 OVP101 OVP101 OVP101");
	for (size_t i = 0; i < 6; i++)
		assert_string_equal(c.f[i].message, want[i]);
}

/* ---- OVP201, lost deals, value at risk, overrides, baselines ---- */

/* OVP201's fingerprint names the file without its folder: the same export checked out elsewhere. */
static void
test_data_quality_fingerprint_folder(void **state)
{
	ovp_problem here = {7, "exports/roadmap.csv", "Due", "someday", "unknown date"};
	ovp_problem there = {9, "/srv/ci/work/exports/roadmap.csv", "Due", "someday", "unknown date"};
	ovp_problem other = {7, "exports/deals.csv", "Due", "someday", "unknown date"};
	ovp_finding a = {0}, b = {0}, c = {0};

	(void)state;
	a.rule = b.rule = c.rule = OVP_RULE_DATA_QUALITY;
	a.problem = &here;
	b.problem = &there;
	c.problem = &other;
	ovp_finding_fingerprint(&a);
	ovp_finding_fingerprint(&b);
	ovp_finding_fingerprint(&c);
	assert_int_equal(strlen(a.fingerprint), 32);
	assert_string_equal(a.fingerprint, b.fingerprint);
	assert_string_not_equal(a.fingerprint, c.fingerprint);
}

static void
test_data_quality_from_deal(void **state)
{
	capture c;
	ovp_item it = item("P-1", "Reports", OVP_CLASS_SHIPPED, "2026-01-31");
	ovp_promise p = promise("Reports", "2027-12-31", OVP_DUE_OWN);
	ovp_deal d = deal("D1", 1000, &p, 1);
	ovp_problem pr = {9, "deals.csv", "Close Date", "soon", "unknown date \"soon\"; no date used"};

	(void)state;
	d.problems = &pr;
	d.nproblems = 1;
	run(&c, &it, 1, &d, 1);
	assert_string_equal(codes(&c), "OVP201");
	assert_int_equal(c.f[0].line, 9);
	assert_string_equal(c.f[0].message, "Close Date: unknown date \"soon\"; no date used");
}

static void
test_lost_deal_skipped(void **state)
{
	capture c;
	ovp_item it = item("P-1", "Reports", OVP_CLASS_IN_PROGRESS, "2026-01-31");
	ovp_promise p = promise("Teleportation", "2026-01-01", OVP_DUE_OWN);
	ovp_deal d = deal("D1", 1000, &p, 1);

	(void)state;
	d.lost = true;
	run(&c, &it, 1, &d, 1);
	assert_string_equal(codes(&c), "");
	assert_int_equal(c.sum.skipped, 1);
	assert_int_equal(c.sum.deals, 0);
	assert_int_equal(c.sum.promises, 0);
}

static void
test_value_at_risk_per_currency(void **state)
{
	capture c;
	ovp_item it = item("P-1", "Reports", OVP_CLASS_IN_PROGRESS, "2027-01-31");
	ovp_promise bad = promise("Teleportation", "2027-12-31", OVP_DUE_OWN);
	ovp_promise good = promise("Reports", "2027-12-31", OVP_DUE_OWN);
	ovp_deal deals[4] = {deal("D1", 100, &bad, 1), deal("D2", 50, &bad, 1),
	                     deal("D3", 70, &bad, 1), deal("D4", 1000, &good, 1)};

	(void)state;
	deals[2].currency = "EUR";
	run(&c, &it, 1, deals, 4);
	assert_int_equal(c.sum.ncurrencies, 2);
	assert_string_equal(c.sum.value_at_risk[0].currency, "USD");
	assert_true(c.sum.value_at_risk[0].amount == 150.0);
	assert_string_equal(c.sum.value_at_risk[1].currency, "EUR");
	assert_true(c.sum.value_at_risk[1].amount == 70.0);
	assert_int_equal(c.sum.deals, 4);
	assert_int_equal(c.sum.worst, OVP_SEV_ERROR);
}

/* The deals of test_owners: three owners, two currencies, one deal without an owner. */
static void
owner_deals(ovp_deal *deals, const ovp_promise *bad, const ovp_promise *good)
{
	deals[0] = deal("D1", 100, bad, 1);
	deals[0].owner = "Dana";
	deals[1] = deal("D2", 300, bad, 1);
	deals[1].owner = "Miguel";
	deals[1].currency = "EUR";
	deals[2] = deal("D3", 50, bad, 1);
	deals[2].owner = "Dana";
	deals[3] = deal("D4", 1000, good, 1);
	deals[3].owner = "Aiko";
	deals[3].signoff_column = true;
	deals[3].signed_off = true;
	deals[4] = deal("D5", 20, bad, 1);
	deals[4].owner = "";
}

/* The per-owner figures add up to the summary's, and come the most value at risk first. */
static void
test_owners_add_up(void **state)
{
	capture c;
	ovp_item it = item("P-1", "Reports", OVP_CLASS_IN_PROGRESS, "2027-01-31");
	ovp_promise bad = promise("Teleportation", "2027-12-31", OVP_DUE_OWN);
	ovp_promise good = promise("Reports", "2027-12-31", OVP_DUE_OWN);
	ovp_deal deals[5];
	unsigned long sum_deals = 0, sum_promises = 0, sum_errors = 0, sum_warnings = 0;
	double usd = 0.0, eur = 0.0;

	(void)state;
	owner_deals(deals, &bad, &good);
	run(&c, &it, 1, deals, 5);
	assert_int_equal(c.sum.nowners, 4);
	for (size_t i = 0; i < c.sum.nowners; i++) {
		const ovp_owner_summary *w = &c.sum.owners[i];

		sum_deals += w->deals;
		sum_promises += w->promises;
		sum_errors += w->by_severity[OVP_SEV_ERROR];
		sum_warnings += w->by_severity[OVP_SEV_WARNING];
		for (size_t k = 0; k < w->ncurrencies; k++) {
			if (strcmp(w->value_at_risk[k].currency, "USD") == 0)
				usd += w->value_at_risk[k].amount;
			else
				eur += w->value_at_risk[k].amount;
		}
	}
	assert_int_equal(sum_deals, c.sum.deals);
	assert_int_equal(sum_promises, c.sum.promises);
	assert_int_equal(sum_errors, c.sum.by_severity[OVP_SEV_ERROR]);
	assert_int_equal(sum_warnings, c.sum.by_severity[OVP_SEV_WARNING]);
	assert_int_equal(c.sum.ncurrencies, 2);
	assert_true(usd == c.sum.value_at_risk[0].amount && usd == 170.0);
	assert_true(eur == c.sum.value_at_risk[1].amount && eur == 300.0);
	/* No reporting currency: by the summary's first currency (USD), then the next. */
	assert_string_equal(c.sum.owners[0].owner, "Dana");
	assert_int_equal(c.sum.owners[0].deals, 2);
	assert_int_equal(c.sum.owners[0].deals_at_risk, 2);
	assert_string_equal(c.sum.owners[1].owner, "");
	assert_string_equal(c.sum.owners[2].owner, "Miguel");
	assert_string_equal(c.sum.owners[3].owner, "Aiko");
	assert_int_equal(c.sum.owners[3].deals_at_risk, 0);
	assert_int_equal(c.sum.owners[3].ncurrencies, 0);
	/* Sign-offs: every deal carries unshipped work; only Aiko's export says who signed. */
	assert_int_equal(c.sum.owners[3].needing_sign_off, 1);
	assert_int_equal(c.sum.owners[3].signed_off, 1);
	assert_true(c.sum.owners[3].sign_off_known);
	assert_int_equal(c.sum.owners[0].needing_sign_off, 2);
	assert_false(c.sum.owners[0].sign_off_known);
	assert_string_equal(c.sum.total_currency, "");
}

/* No owner column: no owners at all. */
static void
test_owners_none(void **state)
{
	capture c;
	ovp_item it = item("P-1", "Reports", OVP_CLASS_IN_PROGRESS, "2027-01-31");
	ovp_promise bad = promise("Teleportation", "2027-12-31", OVP_DUE_OWN);
	ovp_deal d = deal("D1", 100, &bad, 1);

	(void)state;
	run(&c, &it, 1, &d, 1);
	assert_int_equal(c.sum.nowners, 0);
	assert_null(c.sum.owners);
	assert_true(c.sum.amounts);
}

/* With a reporting currency and rates, one total; and the owners sorted by it. */
static void
test_total_two_currencies(void **state)
{
	capture c;
	ovp_item it = item("P-1", "Reports", OVP_CLASS_IN_PROGRESS, "2027-01-31");
	ovp_promise bad = promise("Teleportation", "2027-12-31", OVP_DUE_OWN);
	ovp_promise good = promise("Reports", "2027-12-31", OVP_DUE_OWN);
	ovp_deal deals[5];
	ovp_config cfg;
	ovp_error err = {0};

	(void)state;
	ovp_config_init(&cfg);
	assert_int_equal(ovp_fx_set_currency(&cfg.fx, "USD", &err), 0);
	assert_int_equal(ovp_fx_parse(&cfg.fx, "EUR=1.5", &err), 0);
	owner_deals(deals, &bad, &good);
	run_with(&c, &it, 1, deals, 5, (run_cfg){.config = &cfg});
	assert_string_equal(c.sum.total_currency, "USD");
	assert_true(c.sum.has_total);
	/* 100 + 50 + 20 USD and 300 EUR at 1.5. */
	assert_true(c.sum.value_at_risk_total == 620.0);
	/* Miguel's EUR 300 is USD 450: more than Dana's USD 150. */
	assert_string_equal(c.sum.owners[0].owner, "Miguel");
	assert_true(c.sum.owners[0].has_total && c.sum.owners[0].value_at_risk_total == 450.0);
	assert_string_equal(c.sum.owners[1].owner, "Dana");
	assert_true(c.sum.owners[1].value_at_risk_total == 150.0);
	for (size_t i = 0; i < c.n; i++)
		assert_int_not_equal(c.f[i].rule, OVP_RULE_DATA_QUALITY);
	ovp_config_free(&cfg);
}

/* Three currencies into a fourth; an amount without a currency counts as the reporting one. */
static void
test_total_three_currencies(void **state)
{
	capture c;
	ovp_item it = item("P-1", "Reports", OVP_CLASS_IN_PROGRESS, "2027-01-31");
	ovp_promise bad = promise("Teleportation", "2027-12-31", OVP_DUE_OWN);
	ovp_deal deals[4] = {deal("D1", 100, &bad, 1), deal("D2", 1000, &bad, 1),
	                     deal("D3", 200, &bad, 1), deal("D4", 10, &bad, 1)};
	ovp_config cfg;
	ovp_error err = {0};

	(void)state;
	deals[1].currency = "SEK";
	deals[2].currency = "GBP";
	deals[3].currency = "";
	ovp_config_init(&cfg);
	assert_int_equal(ovp_fx_set_currency(&cfg.fx, "eur", &err), 0);
	assert_int_equal(ovp_fx_parse(&cfg.fx, "USD=0.5,SEK=0.125", &err), 0);
	assert_int_equal(ovp_fx_parse(&cfg.fx, "GBP=1.25", &err), 0);
	run_with(&c, &it, 1, deals, 4, (run_cfg){.config = &cfg});
	assert_string_equal(c.sum.total_currency, "EUR");
	assert_true(c.sum.has_total);
	assert_true(c.sum.value_at_risk_total == 50.0 + 125.0 + 250.0 + 10.0);
	assert_int_equal(c.sum.ncurrencies, 4);
	ovp_config_free(&cfg);
}

/* A currency without a rate: OVP201 once, at its first deal, and no total. */
static void
test_total_missing_rate(void **state)
{
	capture c;
	ovp_item it = item("P-1", "Reports", OVP_CLASS_IN_PROGRESS, "2027-01-31");
	ovp_promise bad = promise("Teleportation", "2027-12-31", OVP_DUE_OWN);
	ovp_deal deals[3] = {deal("D1", 100, &bad, 1), deal("D2", 1000, &bad, 1),
	                     deal("D3", 500, &bad, 1)};
	ovp_config cfg;
	ovp_error err = {0};
	size_t dq = 0;

	(void)state;
	deals[1].currency = "SEK";
	deals[1].line = 7;
	deals[2].currency = "SEK";
	deals[2].line = 9;
	ovp_config_init(&cfg);
	assert_int_equal(ovp_fx_set_currency(&cfg.fx, "USD", &err), 0);
	run_with(&c, &it, 1, deals, 3, (run_cfg){.config = &cfg});
	for (size_t i = 0; i < c.n; i++) {
		if (c.f[i].rule != OVP_RULE_DATA_QUALITY)
			continue;
		dq++;
		assert_int_equal(c.f[i].line, 7);
		assert_int_equal(c.f[i].severity, OVP_SEV_WARNING);
		assert_string_equal(c.f[i].message,
		                    "no exchange rate from SEK to USD, so the total value at risk is not "
		                    "given; add --fx SEK=RATE (what one SEK is worth in USD), or SEK = "
		                    "RATE under [fx] in the configuration");
	}
	assert_int_equal(dq, 1);
	assert_string_equal(c.sum.total_currency, "USD");
	assert_false(c.sum.has_total);
	ovp_config_free(&cfg);
}

static void
test_severity_override_and_off(void **state)
{
	capture c;
	ovp_item it = item("P-1", "AI assistant", OVP_CLASS_IN_PROGRESS, "2027-01-31");
	ovp_promise p = promise("AI assistant", "2027-12-31", OVP_DUE_CLOSE);
	ovp_deal d = deal("D1", 1000, &p, 1);
	ovp_config cfg;

	(void)state;
	it.prototype = true;
	it.maturity = "beta";
	ovp_config_init(&cfg);
	cfg.severity[OVP_RULE_PROTOTYPE] = OVP_SEV_ERROR;
	cfg.severity[OVP_RULE_UNDATED] = OVP_SEV_OFF;
	run_with(&c, &it, 1, &d, 1, (run_cfg){.config = &cfg});
	assert_string_equal(codes(&c), "OVP007");
	assert_int_equal(c.f[0].severity, OVP_SEV_ERROR);
	assert_int_equal(c.sum.worst, OVP_SEV_ERROR);
	ovp_config_free(&cfg);
}

static void
test_baseline_suppresses(void **state)
{
	capture c, again;
	ovp_item it = item("P-1", "Reports", OVP_CLASS_IN_PROGRESS, "2027-01-31");
	ovp_promise p = promise("Teleportation", "2027-12-31", OVP_DUE_OWN);
	ovp_deal d = deal("D1", 1000, &p, 1);
	ovp_baseline *b = NULL;
	ovp_error err;
	char path[] = "/tmp/ovp-baseline-XXXXXX";
	int fd = scratch_mkstemp(path);
	char prints[1][OVP_FINGERPRINT_SIZE];

	(void)state;
	assert_true(fd >= 0);
	it.baseline = it.planned; /* no note on baselines, nothing left unsuppressed */
	run(&c, &it, 1, &d, 1);
	assert_int_equal(c.nnotes, 0);
	assert_string_equal(codes(&c), "OVP001");
	assert_int_equal(strlen(c.f[0].fingerprint), 32);
	memcpy(prints[0], c.f[0].fingerprint, OVP_FINGERPRINT_SIZE);
	assert_int_equal(ovp_baseline_write(path, (const char(*)[OVP_FINGERPRINT_SIZE])prints, 1,
	                                    &err),
	                 0);
	assert_int_equal(ovp_baseline_load(&b, path, &err), 0);
	/* The same finding from a row elsewhere in the file: same fingerprint. */
	d.line = 40;
	p.line = 40;
	run_with(&again, &it, 1, &d, 1, (run_cfg){.baseline = b});
	assert_string_equal(codes(&again), "OVP001");
	assert_true(again.f[0].suppressed);
	assert_string_equal(again.f[0].fingerprint, c.f[0].fingerprint);
	assert_int_equal(again.sum.suppressed, 1);
	assert_int_equal(again.sum.by_severity[OVP_SEV_ERROR], 0);
	assert_int_equal(again.sum.worst, OVP_SEV_OFF);
	ovp_baseline_free(b);
	close(fd);
	unlink(path);
}

/* ---- the note on a roadmap without baselines ---- */

static void
test_no_baseline_note(void **state)
{
	capture c;
	ovp_item items[2] = {item("P-1", "Reports", OVP_CLASS_IN_PROGRESS, "2027-01-31"),
	                     item("P-2", "Exports", OVP_CLASS_SHIPPED, "2026-10-31")};
	ovp_promise p = promise("Reports", "2027-02-15", OVP_DUE_OWN);
	ovp_deal d = deal("D1", 1000, &p, 1);
	ovp_config cfg;

	(void)state;
	items[1].shipped = win("2026-11-20");
	/* Once per run, first, at the roadmap's header, a note of OVP201. */
	run(&c, items, 2, &d, 1);
	assert_int_equal(c.nnotes, 1);
	assert_int_equal(c.note.rule, OVP_RULE_DATA_QUALITY);
	assert_int_equal(c.note.severity, OVP_SEV_NOTE);
	assert_string_equal(c.note.file, "roadmap.csv");
	assert_int_equal(c.note.line, 1);
	assert_non_null(strstr(c.note.message, "moved as work slipped hide those slips"));
	assert_int_equal(strlen(c.note.fingerprint), 32);
	assert_string_equal(codes(&c), "OVP006");
	assert_int_equal(c.sum.by_severity[OVP_SEV_NOTE], 1);
	assert_int_equal(c.sum.by_rule[OVP_RULE_DATA_QUALITY], 1);

	/* A configured severity applies to it as to every OVP201 finding. */
	ovp_config_init(&cfg);
	cfg.severity[OVP_RULE_DATA_QUALITY] = OVP_SEV_ERROR;
	run_with(&c, items, 2, &d, 1, (run_cfg){.config = &cfg});
	ovp_config_free(&cfg);
	assert_int_equal(c.nnotes, 1);
	assert_int_equal(c.note.severity, OVP_SEV_ERROR);

	/* Not when the slip-risk rule it concerns is off, nor OVP201 itself. */
	ovp_config_init(&cfg);
	cfg.severity[OVP_RULE_SLIP_RISK] = OVP_SEV_OFF;
	run_with(&c, items, 2, &d, 1, (run_cfg){.config = &cfg});
	ovp_config_free(&cfg);
	assert_int_equal(c.nnotes, 0);
	ovp_config_init(&cfg);
	cfg.severity[OVP_RULE_DATA_QUALITY] = OVP_SEV_OFF;
	run_with(&c, items, 2, &d, 1, (run_cfg){.config = &cfg});
	ovp_config_free(&cfg);
	assert_int_equal(c.nnotes, 0);
	assert_string_equal(codes(&c), "OVP006");

	/* Not when one item has a baseline (even a shipped one). */
	items[1].baseline = win("2026-10-15");
	run(&c, items, 2, &d, 1);
	assert_int_equal(c.nnotes, 0);
	assert_int_equal(c.sum.by_severity[OVP_SEV_NOTE], 0);
}

/* ---- a roadmap file without planned dates ---- */

/* An item of a file that has no planned-date column. */
static ovp_item
undated_item(const char *id, const char *title, ovp_status_class cls)
{
	ovp_item it = item(id, title, cls, NULL);

	it.no_planned_column = true;
	return it;
}

static void
test_no_plan_column_skips_date_rules(void **state)
{
	capture c;
	ovp_item it = undated_item("P-1", "Reports", OVP_CLASS_IN_PROGRESS);

	(void)state;
	/* Neither unscheduled (OVP003) nor late or at risk: the export has no dates to judge. */
	one(&c, it, promise("Reports", "2027-01-31", OVP_DUE_OWN));
	assert_string_equal(codes(&c), "");

	/* A baseline alone is no plan either: no OVP012. */
	it.baseline = win("2026-06-30");
	one(&c, it, promise("Reports", "2027-01-31", OVP_DUE_OWN));
	assert_string_equal(codes(&c), "");
}

static void
test_no_plan_column_keeps_other_rules(void **state)
{
	capture c;
	ovp_item backlog = undated_item("P-2", "Data residency", OVP_CLASS_UNPLANNED);
	ovp_item cancelled = undated_item("P-3", "Offline mode", OVP_CLASS_CANCELLED);
	ovp_item open = undated_item("P-4", "Sandbox", OVP_CLASS_IN_PROGRESS);
	ovp_item proto = undated_item("P-5", "AI assistant", OVP_CLASS_PLANNED);

	(void)state;
	/* An item in an unplanned status is still unscheduled. */
	one(&c, backlog, promise("Data residency", "2027-01-31", OVP_DUE_OWN));
	assert_string_equal(codes(&c), "OVP003");
	assert_string_equal(c.f[0].message, "\"Data residency\" rests on P-2 \"Data residency\", "
	                                    "which is in Backlog (not planned)");
	one(&c, cancelled, promise("Offline mode", "2027-01-31", OVP_DUE_OWN));
	assert_string_equal(codes(&c), "OVP002");
	/* A promise already due and not shipped is broken, with or without a plan. */
	one(&c, open, promise("Sandbox", "2026-11-01", OVP_DUE_OWN));
	assert_string_equal(codes(&c), "OVP005");
	assert_int_equal(c.f[0].days_late, 25);
	proto.prototype = true;
	proto.maturity = "Beta";
	proto.confidence = 0.25;
	proto.confidence_text = "Low";
	one(&c, proto, promise("AI assistant", "2027-06-30", OVP_DUE_OWN));
	assert_string_equal(codes(&c), "OVP007 OVP013");
	/* Not on the roadmap at all needs no date either. */
	one(&c, open, promise("Teleportation", "2027-06-30", OVP_DUE_OWN));
	assert_string_equal(codes(&c), "OVP001");
}

/* ---- several roadmap files ---- */

/* One item in team-a.csv, one (on line 9) in the second file, named second. */
static void
two_files_items(ovp_item items[2], const char *second)
{
	items[0] = item("A-1", "Reports", OVP_CLASS_IN_PROGRESS, "2027-12-31");
	items[0].file = "team-a.csv";
	items[1] = item("B-7", "Audit log", OVP_CLASS_IN_PROGRESS, "2027-01-31");
	items[1].file = second;
	items[1].source = 1;
	items[1].line = 9;
}

static void
test_concentration_at_the_items_file(void **state)
{
	capture c;
	ovp_item items[2];
	ovp_roadmap_file files[2] = {{"team-a.csv", 0, 1, true, NULL, 1, false},
	                             {"team-b.csv", 1, 1, true, NULL, 1, false}};
	ovp_promise p = promise("Audit log", "2027-06-30", OVP_DUE_OWN);
	ovp_deal deals[3] = {deal("D1", 100, &p, 1), deal("D2", 100, &p, 1), deal("D3", 100, &p, 1)};

	(void)state;
	two_files_items(items, "team-b.csv");
	run_files(&c, items, 2, files, 2, deals, 3, NULL);
	assert_string_equal(codes(&c), "OVP101");
	assert_string_equal(c.f[0].file, "team-b.csv");
	assert_int_equal(c.f[0].line, 9);
}

/*
 * A finding located at a roadmap file that is a workbook's sheet names
 * the sheet; at a CSV file beside it, none; and the deals' findings, of
 * a CSV export, none.
 */
static void
test_finding_at_the_items_sheet(void **state)
{
	capture c;
	ovp_item items[2];
	ovp_roadmap_file files[2] = {{"team-a.csv", 0, 1, true, NULL, 1, false},
	                             {"plan.xlsx", 1, 1, true, "Roadmap", 1, false}};
	ovp_promise p[2] = {promise("Audit log", "2027-06-30", OVP_DUE_OWN),
	                    promise("Reports", "2026-10-31", OVP_DUE_OWN)};
	ovp_deal deals[3] = {deal("D1", 100, p, 2), deal("D2", 100, p, 2), deal("D3", 100, p, 2)};

	(void)state;
	two_files_items(items, "plan.xlsx");
	run_files(&c, items, 2, files, 2, deals, 3, NULL);
	assert_string_equal(codes(&c), "OVP004 OVP005 OVP004 OVP005 OVP004 OVP005 OVP101 OVP101");
	for (size_t i = 0; i < 6; i++) {
		assert_string_equal(c.f[i].file, "deals.csv");
		assert_string_equal(c.f[i].sheet, "");
	}
	assert_string_equal(c.f[6].file, "team-a.csv");
	assert_string_equal(c.f[6].sheet, "");
	assert_string_equal(c.f[7].file, "plan.xlsx");
	assert_string_equal(c.f[7].sheet, "Roadmap");
}

/*
 * Two files: team A ships on time, team B ten to fifty days late.  An
 * open item of team A, due 10 days after its plan, is at risk by the
 * history of both files, and not by its own file's alone.
 */
static void
per_file_case(capture *c, bool per_file)
{
	ovp_item items[21];
	ovp_roadmap_file files[2] = {{"team-a.csv", 0, 11, true, NULL, 1, false},
	                             {"team-b.csv", 11, 10, true, NULL, 1, false}};
	ovp_promise p = promise("Reports", "2027-03-31", OVP_DUE_OWN);
	ovp_deal d = deal("D1", 1000, &p, 1);
	static char ids[20][8];
	ovp_config cfg;

	ovp_config_init(&cfg);
	cfg.forecast_per_file = per_file;
	items[0] = item("A-0", "Reports", OVP_CLASS_IN_PROGRESS, "2027-03-21");
	items[0].file = "team-a.csv";
	for (int i = 0; i < 20; i++) {
		char planned[16], shipped[16];
		ovp_day pd = day("2026-01-01") + i * 7;
		bool team_b = i >= 10;

		snprintf(ids[i], sizeof ids[i], "%c-%d", team_b ? 'B' : 'A', i + 1);
		ovp_day_format(pd, planned);
		items[i + 1] = item(ids[i], "history item", OVP_CLASS_SHIPPED, planned);
		ovp_day_format(pd + (team_b ? 10 + (i - 10) * 4 : 0), shipped);
		items[i + 1].shipped = win(shipped);
		items[i + 1].file = team_b ? "team-b.csv" : "team-a.csv";
		items[i + 1].source = team_b ? 1 : 0;
	}
	run_files(c, items, 21, files, 2, &d, 1, &cfg);
	ovp_config_free(&cfg);
}

static void
test_slip_history_per_file(void **state)
{
	capture c;
	ovp_delay team[21];
	ovp_history h;
	double all, own;

	(void)state;
	/* Team A shipped its 10 items on time, team B 10 to 46 days late; Reports is
	 * team A's, open, 115 days before its plan. */
	for (int i = 0; i < 20; i++)
		team[i] = (ovp_delay){i >= 10 ? 10 + (i - 10) * 4 : 0, false};
	team[20] = (ovp_delay){-115, true};
	assert_int_equal(ovp_history_from_delays(&h, team, 21, 8), 0);
	all = ovp_forecast_miss(&h, day("2027-03-21"), day("2027-03-31"), day(AS_OF)).p_late;
	ovp_history_free(&h);
	team[10] = team[20];
	assert_int_equal(ovp_history_from_delays(&h, team, 11, 8), 0);
	own = ovp_forecast_miss(&h, day("2027-03-21"), day("2027-03-31"), day(AS_OF)).p_late;
	ovp_history_free(&h);

	/* One history: 9 of the 20 past items were more than 10 days late. */
	per_file_case(&c, false);
	assert_string_equal(codes(&c), "OVP006");
	assert_true(c.f[0].p_late > all - 1e-12 && c.f[0].p_late < all + 1e-12);
	assert_string_equal(c.f[0].message,
	                    "\"Reports\" due 2027-03-31, A-0 \"Reports\" planned 2027-03-21 (10 days "
	                    "of slack): 48% chance of missing it, from 20 past items of this roadmap"
	                    "; promise 2027-05-06 or later (85%)");
	/* Team A's own history: none of its 10 items was late, under the threshold. */
	assert_true(own < 0.30);
	per_file_case(&c, true);
	assert_string_equal(codes(&c), "");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_no_plan_column_skips_date_rules),
		cmocka_unit_test(test_no_plan_column_keeps_other_rules),
		cmocka_unit_test(test_concentration_at_the_items_file),
		cmocka_unit_test(test_finding_at_the_items_sheet),
		cmocka_unit_test(test_slip_history_per_file),
		cmocka_unit_test(test_unplanned_fires),
		cmocka_unit_test(test_unplanned_not_when_matched),
		cmocka_unit_test(test_cancelled_fires),
		cmocka_unit_test(test_cancelled_and_overdue),
		cmocka_unit_test(test_cancelled_not_when_planned),
		cmocka_unit_test(test_unscheduled_backlog),
		cmocka_unit_test(test_unscheduled_no_date_and_overdue),
		cmocka_unit_test(test_unscheduled_later),
		cmocka_unit_test(test_unscheduled_not_when_dated),
		cmocka_unit_test(test_late_fires),
		cmocka_unit_test(test_late_not_on_the_day),
		cmocka_unit_test(test_overdue_fires),
		cmocka_unit_test(test_overdue_and_late),
		cmocka_unit_test(test_overdue_not_when_shipped),
		cmocka_unit_test(test_slip_risk_prior),
		cmocka_unit_test(test_slip_risk_not_with_slack),
		cmocka_unit_test(test_slip_risk_from_history),
		cmocka_unit_test(test_no_baseline_note),
		cmocka_unit_test(test_slip_risk_past_plan),
		cmocka_unit_test(test_suggested_date_is_when),
		cmocka_unit_test(test_suggested_date_by_history),
		cmocka_unit_test(test_suggested_date_none),
		cmocka_unit_test(test_verdicts),
		cmocka_unit_test_teardown(test_verdict_baseline, scratch_teardown),
		cmocka_unit_test(test_prototype_fires),
		cmocka_unit_test(test_prototype_not_for_product),
		cmocka_unit_test(test_ambiguous_same_title),
		cmocka_unit_test(test_ambiguous_not_for_distinct),
		cmocka_unit_test(test_fuzzy_fires),
		cmocka_unit_test(test_kept_labels),
		cmocka_unit_test(test_fuzzy_not_for_exact),
		cmocka_unit_test(test_undated_close_date),
		cmocka_unit_test(test_undated_no_date),
		cmocka_unit_test(test_undated_not_for_row_date),
		cmocka_unit_test(test_no_sign_off_fires_once),
		cmocka_unit_test(test_no_sign_off_not_when_signed),
		cmocka_unit_test(test_slipped_fires),
		cmocka_unit_test(test_slipped_not_under_threshold),
		cmocka_unit_test(test_low_confidence_fires),
		cmocka_unit_test(test_low_confidence_not_at_half),
		cmocka_unit_test(test_overcommitted_fires_at_three_times_the_pace),
		cmocka_unit_test(test_overcommitted_earliest_date),
		cmocka_unit_test(test_overcommitted_silent_when_promises_fit),
		cmocka_unit_test(test_overcommitted_silent_with_little_history),
		cmocka_unit_test(test_overcommitted_per_team),
		cmocka_unit_test(test_overcommitted_by_count_and_factor),
		cmocka_unit_test(test_overcommitted_window_and_off),
		cmocka_unit_test(test_overcommitted_days_and_files),
		cmocka_unit_test(test_concentration_fires),
		cmocka_unit_test(test_concentration_not_under_three_deals),
		cmocka_unit_test(test_concentration_per_currency),
		cmocka_unit_test(test_data_quality_from_deal),
		cmocka_unit_test(test_data_quality_fingerprint_folder),
		cmocka_unit_test(test_lost_deal_skipped),
		cmocka_unit_test(test_value_at_risk_per_currency),
		cmocka_unit_test(test_owners_add_up),
		cmocka_unit_test(test_owners_none),
		cmocka_unit_test(test_total_two_currencies),
		cmocka_unit_test(test_total_three_currencies),
		cmocka_unit_test(test_total_missing_rate),
		cmocka_unit_test(test_severity_override_and_off),
		cmocka_unit_test_teardown(test_baseline_suppresses, scratch_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
