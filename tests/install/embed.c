/*
 * A program built against the installed library, as an embedder would
 * build one: it loads a roadmap, builds one deal with the deal builder,
 * checks it through the public API and prints the findings, one a line,
 * and the summary.
 * tests/install/install.sh compiles it with `pkg-config --cflags --libs
 * overpromise` and compares what it prints with embed.out.
 *
 * Usage: embed ROADMAP
 */
#include <stdio.h>

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

int
main(int argc, char **argv)
{
	static const char promises[] = "SSO by 2027-01-15; SCIM user provisioning (2027-07-15); "
	                               "Quantum-safe encryption by 2027-03-31";
	ovp_day as_of = ovp_day_from_ymd(2026, 11, 26);
	ovp_date_context ctx = {OVP_ORDER_AUTO, as_of, false};
	ovp_promise_origin at = {.file = "<deal>", .column = "", .line = 1,
	                         .row_due = OVP_WINDOW_NONE, .row_due_text = "", .ctx = &ctx,
	                         .strict_order = true};
	ovp_roadmap *rm = NULL;
	ovp_deal_builder *b = NULL;
	ovp_deal *deal;
	ovp_engine *engine = NULL;
	ovp_sink sink = {.ops = &print_ops, .out = stdout};
	ovp_summary sum;
	ovp_error err;
	ovp_report_meta meta = {.command = "deal", .as_of = as_of, .fail_on = OVP_SEV_ERROR};
	ovp_engine_options opts = {.as_of = as_of, .sink = &sink};
	int rc;

	if (argc != 2) {
		fprintf(stderr, "usage: embed ROADMAP\n");
		return 2;
	}
	meta.roadmap_path = argv[1];

	/* The deal: its fields, then its promises as a CRM cell holds them. */
	rc = ovp_deal_new(&b, &err);
	if (rc == 0) {
		deal = ovp_deal_fields(b);
		deal->id = "006ACME";
		deal->name = "ACME renewal 2027";
		deal->account = "ACME Corp";
		deal->amount = 420000;
		deal->has_amount = true;
		deal->currency = "USD";
		deal->stage = "Negotiation/Review";
		deal->line = 1;
		rc = ovp_deal_add_cell(b, promises, sizeof promises - 1, &at, &err);
	}
	if (rc == 0)
		rc = ovp_roadmap_load(&rm, argv[1], NULL, as_of, &err);
	if (rc == 0) {
		opts.roadmap = rm;
		rc = ovp_engine_new(&engine, &opts, &err);
	}
	if (rc == 0)
		rc = ovp_engine_begin(engine, &meta, &err);
	if (rc == 0)
		rc = ovp_engine_deal(engine, ovp_deal_get(b), &err);
	if (rc == 0)
		rc = ovp_engine_finish(engine, &sum, &err);
	if (rc != 0)
		fprintf(stderr, "embed: %s\n", err.message);
	ovp_engine_free(engine);
	ovp_roadmap_free(rm);
	ovp_deal_free(b);
	if (fflush(stdout) != 0)
		rc = OVP_EIO;
	return rc == 0 ? 0 : 1;
}
