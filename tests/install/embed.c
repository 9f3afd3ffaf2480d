/*
 * A program built against the installed library, as an embedder would
 * build one: it loads a roadmap, checks one deal against it through the
 * public API and prints the findings, one a line, and the summary.
 * tests/install/install.sh compiles it with `pkg-config --cflags --libs
 * overpromise` and compares what it prints with embed.out.
 *
 * Usage: embed ROADMAP
 */
#include <stdio.h>
#include <string.h>

#include <overpromise/overpromise.h>

/* Prints each finding as "RULE severity name: message". */
static int
sink_finding(ovp_sink *s, const ovp_finding *f, ovp_error *err)
{
	const ovp_rule *rule = ovp_rule_get(f->rule);

	if (fprintf(s->out, "%s %s %s: %s\n", rule->code, ovp_severity_name(f->severity),
	            rule->name, f->message) < 0)
		return ovp_error_set(err, OVP_EIO, NULL, 0, "cannot write the findings");
	return 0;
}

static int
sink_end(ovp_sink *s, const ovp_summary *sum, ovp_error *err)
{
	if (fprintf(s->out, "%lu deal, %lu promises, %lu roadmap items: %lu errors, %lu warnings, "
	            "%lu notes\n", sum->deals, sum->promises, sum->roadmap_items,
	            sum->by_severity[OVP_SEV_ERROR], sum->by_severity[OVP_SEV_WARNING],
	            sum->by_severity[OVP_SEV_NOTE]) < 0)
		return ovp_error_set(err, OVP_EIO, NULL, 0, "cannot write the summary");
	return 0;
}

static const ovp_sink_ops print_ops = {
	.name = "print",
	.finding = sink_finding,
	.end = sink_end,
};

/* A promise due on the day written as YYYY-MM-DD. */
static int
promise(ovp_promise *p, const char *feature, const char *due)
{
	ovp_date_context ctx = {OVP_ORDER_AUTO, OVP_DAY_NONE, false};

	memset(p, 0, sizeof *p);
	p->text = feature;
	p->feature = feature;
	p->due_text = due;
	p->due_source = OVP_DUE_OWN;
	p->line = 1;
	return ovp_date_parse(due, strlen(due), &ctx, &p->due) == OVP_DATE_OK ? 0 : -1;
}

int
main(int argc, char **argv)
{
	ovp_day as_of = ovp_day_from_ymd(2026, 11, 26);
	ovp_roadmap *rm = NULL;
	ovp_engine *engine = NULL;
	ovp_sink sink = {.ops = &print_ops, .out = stdout};
	ovp_promise promises[3];
	ovp_deal deal;
	ovp_summary sum;
	ovp_error err;
	ovp_report_meta meta = {.command = "deal", .as_of = as_of, .fail_on = OVP_SEV_ERROR};
	ovp_engine_options opts = {.as_of = as_of, .sink = &sink};
	int rc;

	if (argc != 2) {
		fprintf(stderr, "usage: embed ROADMAP\n");
		return 2;
	}
	if (promise(&promises[0], "SSO", "2027-01-15") < 0 ||
	    promise(&promises[1], "SCIM user provisioning", "2027-07-15") < 0 ||
	    promise(&promises[2], "Quantum-safe encryption", "2027-03-31") < 0) {
		fprintf(stderr, "embed: a due date does not read\n");
		return 2;
	}
	memset(&deal, 0, sizeof deal);
	deal.id = "006ACME";
	deal.name = "ACME renewal 2027";
	deal.account = "ACME Corp";
	deal.amount = 420000;
	deal.has_amount = true;
	deal.currency = "USD";
	deal.stage = "Negotiation/Review";
	deal.owner = "";
	deal.close = OVP_WINDOW_NONE;
	deal.line = 1;
	deal.promises = promises;
	deal.npromises = 3;
	meta.roadmap_path = argv[1];

	rc = ovp_roadmap_load(&rm, argv[1], NULL, as_of, &err);
	if (rc == 0) {
		opts.roadmap = rm;
		rc = ovp_engine_new(&engine, &opts, &err);
	}
	if (rc == 0)
		rc = ovp_engine_begin(engine, &meta, &err);
	if (rc == 0)
		rc = ovp_engine_deal(engine, &deal, &err);
	if (rc == 0)
		rc = ovp_engine_finish(engine, &sum, &err);
	if (rc != 0)
		fprintf(stderr, "embed: %s\n", err.message);
	ovp_engine_free(engine);
	ovp_roadmap_free(rm);
	if (fflush(stdout) != 0)
		rc = OVP_EIO;
	return rc == 0 ? 0 : 1;
}
