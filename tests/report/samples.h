/*
 * A fixed report for testing the report formats: nine findings of every
 * kind SPEC 7 orders (a roadmap problem, deal findings with and without
 * promise and item, a deal-level finding, findings in the baseline, a
 * trailing problem of the deals file, a portfolio finding), carrying the
 * text that breaks careless writers: quotes, commas, '|', '%', ':',
 * line breaks, HTML, Markdown, cells that start a spreadsheet formula,
 * a control character and a byte that is not UTF-8.
 *
 * Shared by tests/unit/test_report.c and tests/report/emit_samples.c;
 * everything is static inline or static const so that an includer pays
 * only for what it uses.
 */
#ifndef OVP_TEST_REPORT_SAMPLES_H
#define OVP_TEST_REPORT_SAMPLES_H

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include <overpromise/overpromise.h>

/* Findings in the sample report, and how many of them are in the baseline. */
#define SAMPLE_FINDINGS 9
#define SAMPLE_SUPPRESSED 2

/* The message of the nasty finding (number 5). */
#define SAMPLE_NASTY_MESSAGE                                                                   \
	"=1+1 \"quoted\", 100% done: yes | no\r\nnext <script>alert('x')</script> & *b* _i_ " \
	"`c` [l](http://x.test) ~s~ $m$ \\ tab\there \x01 bad\xff"

/* The meta of the sample report: a check on deals.csv and roadmap.csv as of 2026-11-26. */
static inline ovp_report_meta
sample_meta(void)
{
	ovp_report_meta m;

	memset(&m, 0, sizeof m);
	m.command = "check";
	m.as_of = ovp_day_from_ymd(2026, 11, 26);
	m.deals_path = "deals.csv";
	m.roadmap_path = "roadmap.csv";
	m.fail_on = OVP_SEV_ERROR;
	return m;
}

static inline ovp_window
sample_window(int y1, int m1, int d1, int y2, int m2, int d2, ovp_period period)
{
	ovp_window w;

	w.start = ovp_day_from_ymd(y1, m1, d1);
	w.end = ovp_day_from_ymd(y2, m2, d2);
	w.period = period;
	return w;
}

static inline void
sample_finding(ovp_finding *f, ovp_rule_id rule, ovp_severity sev, const char *file, long line,
               int n, const char *message)
{
	memset(f, 0, sizeof *f);
	f->rule = rule;
	f->severity = sev;
	f->file = file;
	f->line = line;
	f->message = message;
	snprintf(f->fingerprint, sizeof f->fingerprint, "%032x", 0xf00d0 + n);
}

/*
 * Drive sink s through the sample report: begin, the nine findings
 * (none when empty) with each deal announced before its findings, end.
 * Returns the first negative code a call returned, with err filled, else 0.
 */
static inline int
sample_run_err(ovp_sink *s, const ovp_report_meta *meta, bool empty, ovp_error *err)
{
	ovp_item sso, audit;
	ovp_deal acme, evil, anon;
	ovp_promise p_sso, p_audit, p_nasty, p_fuzzy;
	ovp_problem prob_roadmap, prob_deals;
	ovp_match fuzzy;
	ovp_finding f[SAMPLE_FINDINGS];
	ovp_summary sum;
	int rc;

	memset(&sso, 0, sizeof sso);
	sso.id = "PRJ-123";
	sso.title = "Single sign-on";
	sso.status = "In Progress";
	sso.cls = OVP_CLASS_IN_PROGRESS;
	sso.planned_text = "Q1 2027";
	sso.planned = sample_window(2027, 1, 1, 2027, 3, 31, OVP_PERIOD_QUARTER);
	sso.baseline = sso.shipped = sso.created = OVP_WINDOW_NONE;
	sso.confidence = -1;
	sso.confidence_text = sso.maturity = "";
	sso.effort = -1;
	sso.line = 5;
	audit = sso;
	audit.id = "PRJ-7";
	audit.title = "Audit log export";
	audit.status = "To Do";
	audit.cls = OVP_CLASS_PLANNED;
	audit.planned_text = "Feb 2027";
	audit.planned = sample_window(2027, 2, 1, 2027, 2, 28, OVP_PERIOD_MONTH);
	audit.line = 9;

	memset(&p_sso, 0, sizeof p_sso);
	p_sso.text = "SSO (2027-01-15)";
	p_sso.feature = "SSO";
	p_sso.due_text = "2027-01-15";
	p_sso.due = sample_window(2027, 1, 15, 2027, 1, 15, OVP_PERIOD_DAY);
	p_sso.due_source = OVP_DUE_OWN;
	p_sso.line = 12;
	p_audit = p_sso;
	p_audit.text = "Audit log export by 2027-03-31";
	p_audit.feature = "Audit log export";
	p_audit.due_text = "2027-03-31";
	p_audit.due = sample_window(2027, 3, 31, 2027, 3, 31, OVP_PERIOD_DAY);
	p_audit.line = 13;
	p_nasty = p_sso;
	p_nasty.text = "@Export \"CSV\", 50% | 100%: yes\nor no";
	p_nasty.feature = "@Export \"CSV\", 50% | 100%: yes\nor no";
	p_nasty.due_text = "";
	p_nasty.due = OVP_WINDOW_NONE;
	p_nasty.due_source = OVP_DUE_NONE;
	p_nasty.line = 20;
	p_fuzzy = p_sso;
	p_fuzzy.text = "Single sign on - Q2 2027";
	p_fuzzy.feature = "Single sign on";
	p_fuzzy.due_text = "Q2 2027";
	p_fuzzy.due = sample_window(2027, 4, 1, 2027, 6, 30, OVP_PERIOD_QUARTER);
	p_fuzzy.line = 31;

	memset(&acme, 0, sizeof acme);
	acme.id = "0065g00000AbCdE";
	acme.name = "ACME renewal";
	acme.account = "ACME Corp";
	acme.amount = 120000.0;
	acme.has_amount = true;
	acme.currency = "USD";
	acme.stage = "Negotiation";
	acme.owner = "";
	acme.close = OVP_WINDOW_NONE;
	acme.signoff_column = true;
	acme.line = 12;
	evil = acme;
	evil.id = "-42";
	evil.name = "=HYPERLINK(\"http://x.test/?a=1\",\"click\")";
	evil.account = "+Evil | Corp, <script>alert(1)</script>";
	evil.amount = -5000.0;
	evil.currency = "";
	evil.stage = "@risk";
	evil.line = 20;
	anon = acme;
	anon.id = anon.name = anon.account = anon.currency = anon.stage = "";
	anon.has_amount = false;
	anon.amount = 0;
	anon.line = 31;

	memset(&prob_roadmap, 0, sizeof prob_roadmap);
	prob_roadmap.line = 7;
	prob_roadmap.file = "roadmap.csv";
	prob_roadmap.column = "Target end";
	prob_roadmap.value = "Q5 2027";
	prob_roadmap.message = "unknown date \"Q5 2027\"; no date used";
	prob_deals = prob_roadmap;
	prob_deals.line = 40;
	prob_deals.file = "deals.csv";
	prob_deals.column = "";
	prob_deals.value = "";
	prob_deals.message = "more cells than the header: extra cells ignored";

	memset(&fuzzy, 0, sizeof fuzzy);
	fuzzy.kind = OVP_MATCH_FUZZY;
	fuzzy.item = &sso;
	fuzzy.similarity = 0.8471;
	fuzzy.candidates[0].item = &sso;
	fuzzy.candidates[0].score = 0.8471;
	fuzzy.ncandidates = 1;

	sample_finding(&f[0], OVP_RULE_DATA_QUALITY, OVP_SEV_WARNING, "roadmap.csv", 7, 0,
	               "Target end: unknown date \"Q5 2027\"; no date used");
	f[0].problem = &prob_roadmap;

	sample_finding(&f[1], OVP_RULE_LATE, OVP_SEV_ERROR, "deals.csv", 12, 1,
	               "\"SSO\" promised by 2027-01-15, roadmap plans PRJ-123 \"Single sign-on\" "
	               "for Q1 2027 (to 2027-03-31): 75 days late; promise 2027-05-23 or later (85%)");
	f[1].deal = &acme;
	f[1].promise = &p_sso;
	f[1].item = &sso;
	f[1].has_days_late = true;
	f[1].days_late = 75;
	f[1].has_similarity = true;
	f[1].similarity = 1.0;
	f[1].has_suggested = true;
	f[1].suggested_date = ovp_day_from_ymd(2027, 5, 23);
	f[1].confidence = 0.85;

	sample_finding(&f[2], OVP_RULE_SLIP_RISK, OVP_SEV_WARNING, "deals.csv", 13, 2,
	               "\"Audit log export\" is planned 31 days before it is due, but 42% of "
	               "past items slipped more (12 samples)");
	f[2].deal = &acme;
	f[2].promise = &p_audit;
	f[2].item = &audit;
	f[2].has_p_late = true;
	f[2].p_late = 5.0 / 12.0;
	f[2].samples = 12;
	f[2].has_similarity = true;
	f[2].similarity = 1.0;

	sample_finding(&f[3], OVP_RULE_NO_SIGN_OFF, OVP_SEV_WARNING, "deals.csv", 12, 3,
	               "ACME renewal carries promises but no technical sign-off is recorded");
	f[3].deal = &acme;
	f[3].suppressed = true;

	sample_finding(&f[4], OVP_RULE_UNPLANNED, OVP_SEV_ERROR, "deals.csv", 20, 4,
	               SAMPLE_NASTY_MESSAGE);
	f[4].deal = &evil;
	f[4].promise = &p_nasty;

	sample_finding(&f[5], OVP_RULE_UNDATED, OVP_SEV_WARNING, "deals.csv", 20, 5,
	               "\"@Export\" has no date: not the promise, the row or the close date gives one");
	f[5].deal = &evil;
	f[5].promise = &p_nasty;

	sample_finding(&f[6], OVP_RULE_FUZZY_MATCH, OVP_SEV_NOTE, "deals.csv", 31, 6,
	               "\"Single sign on\" matched PRJ-123 \"Single sign-on\" only approximately "
	               "(0.847)");
	f[6].deal = &anon;
	f[6].promise = &p_fuzzy;
	f[6].item = &sso;
	f[6].match = &fuzzy;
	f[6].has_similarity = true;
	f[6].similarity = 0.8471;
	f[6].suppressed = true;

	sample_finding(&f[7], OVP_RULE_DATA_QUALITY, OVP_SEV_WARNING, "deals.csv", 40, 7,
	               "more cells than the header: extra cells ignored");
	f[7].problem = &prob_deals;

	sample_finding(&f[8], OVP_RULE_CONCENTRATION, OVP_SEV_WARNING, "roadmap.csv", 5, 8,
	               "PRJ-123 \"Single sign-on\" carries 40% of the promised pipeline in USD "
	               "(USD 480,000 over 3 deals)");
	f[8].item = &sso;
	f[8].currency = "USD";
	f[8].share = 0.4;
	f[8].amount = 480000.0;
	f[8].ndeals = 3;

	memset(&sum, 0, sizeof sum);
	sum.deals = 3;
	sum.promises = 4;
	sum.roadmap_items = 8;
	sum.skipped = 1;
	sum.worst = OVP_SEV_OFF;
	if (!empty) {
		sum.findings = SAMPLE_FINDINGS;
		sum.suppressed = SAMPLE_SUPPRESSED;
		for (int i = 0; i < SAMPLE_FINDINGS; i++) {
			if (f[i].suppressed)
				continue;
			sum.by_severity[f[i].severity]++;
			sum.by_rule[f[i].rule]++;
		}
		sum.worst = OVP_SEV_ERROR;
		snprintf(sum.value_at_risk[0].currency, sizeof sum.value_at_risk[0].currency, "USD");
		sum.value_at_risk[0].amount = 120000.0;
		sum.value_at_risk[1].currency[0] = '\0';
		sum.value_at_risk[1].amount = -5000.0;
		sum.ncurrencies = 2;
	}

	rc = ovp_sink_begin(s, meta, err);
	for (int i = 0; i < SAMPLE_FINDINGS && !empty && rc == 0; i++) {
		/* A sink that wants to know is told of each deal before its findings. */
		if (s->ops->deal != NULL && f[i].deal != NULL && (i == 0 || f[i - 1].deal != f[i].deal))
			rc = s->ops->deal(s, f[i].deal, err);
		if (rc == 0)
			rc = s->ops->finding(s, &f[i], err);
	}
	if (rc == 0)
		rc = s->ops->end(s, &sum, err);
	return rc;
}

/* sample_run_err() without the error's message. */
static inline int
sample_run(ovp_sink *s, const ovp_report_meta *meta, bool empty)
{
	return sample_run_err(s, meta, empty, NULL);
}

#endif
