/*
 * The JSON report (SPEC 7.1), written as it goes: the head, then each
 * finding as it arrives, then the summary, so that memory does not grow
 * with the number of findings.  Field names are part of the contract.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include <overpromise/report.h>

#include "report_impl.h"

typedef struct json_sink {
	ovp_sink base;
	unsigned long count;
	int failed;
} json_sink;

enum { DUMP_FLAGS = JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_ENCODE_ANY | JSON_REAL_PRECISION(15) };

/* A string, or null when empty. */
static json_t *
str_or_null(const char *s)
{
	return s != NULL && s[0] != '\0' ? json_string(s) : json_null();
}

static json_t *
day_or_null(ovp_day d)
{
	char buf[OVP_DATE_ISO_SIZE];

	return d != OVP_DAY_NONE ? json_string(ovp_day_format(d, buf)) : json_null();
}

/* Round to a few decimals so that 0.92 is written 0.92, not 0.92000000000000004. */
static json_t *
rounded(double v, double scale)
{
	return json_real(round(v * scale) / scale);
}

json_t *
ovp_finding_to_json(const ovp_finding *f)
{
	const ovp_rule *rule = ovp_rule_get(f->rule);
	json_t *o = json_object();
	json_t *loc = json_object();

	json_object_set_new(o, "rule", json_string(rule->code));
	json_object_set_new(o, "name", json_string(rule->name));
	json_object_set_new(o, "severity", json_string(ovp_severity_name(f->severity)));
	json_object_set_new(o, "message", json_string(f->message));
	json_object_set_new(o, "fingerprint", json_string(f->fingerprint));
	json_object_set_new(o, "suppressed", json_boolean(f->suppressed));
	json_object_set_new(loc, "file", json_string(f->file));
	json_object_set_new(loc, "line", json_integer(f->line));
	json_object_set_new(o, "location", loc);
	if (f->deal != NULL) {
		const ovp_deal *d = f->deal;
		json_t *dj = json_object();

		json_object_set_new(dj, "id", str_or_null(d->id));
		json_object_set_new(dj, "name", str_or_null(d->name));
		json_object_set_new(dj, "account", str_or_null(d->account));
		json_object_set_new(dj, "amount", d->has_amount ? json_real(d->amount) : json_null());
		json_object_set_new(dj, "currency", str_or_null(d->currency));
		json_object_set_new(dj, "stage", str_or_null(d->stage));
		json_object_set_new(o, "deal", dj);
	} else {
		json_object_set_new(o, "deal", json_null());
	}
	if (f->promise != NULL) {
		const ovp_promise *p = f->promise;
		json_t *pj = json_object();

		json_object_set_new(pj, "text", json_string(p->text));
		json_object_set_new(pj, "feature", json_string(p->feature));
		json_object_set_new(pj, "due", ovp_window_is_set(p->due) ? day_or_null(p->due.end)
		                                                        : json_null());
		json_object_set_new(o, "promise", pj);
	} else {
		json_object_set_new(o, "promise", json_null());
	}
	if (f->item != NULL) {
		const ovp_item *it = f->item;
		json_t *ij = json_object();

		json_object_set_new(ij, "id", str_or_null(it->id));
		json_object_set_new(ij, "title", str_or_null(it->title));
		json_object_set_new(ij, "status", str_or_null(it->status));
		json_object_set_new(ij, "class", json_string(ovp_status_class_name(it->cls)));
		json_object_set_new(ij, "planned", ovp_window_is_set(it->planned)
		                                       ? day_or_null(it->planned.end)
		                                       : json_null());
		json_object_set_new(ij, "line", json_integer(it->line));
		json_object_set_new(o, "item", ij);
	} else {
		json_object_set_new(o, "item", json_null());
	}
	json_object_set_new(o, "days_late", f->has_days_late ? json_integer(f->days_late) : json_null());
	json_object_set_new(o, "p_late", f->has_p_late ? rounded(f->p_late, 1000.0) : json_null());
	json_object_set_new(o, "similarity",
	                    f->has_similarity ? rounded(f->similarity, 1000.0) : json_null());
	if (f->has_p_late) {
		json_object_set_new(o, "samples", json_integer((json_int_t)f->samples));
		json_object_set_new(o, "prior", json_boolean(f->prior));
	}
	if (f->rule == OVP_RULE_AMBIGUOUS && f->match != NULL) {
		json_t *arr = json_array();

		for (size_t i = 0; i < f->match->ncandidates; i++) {
			const ovp_candidate *c = &f->match->candidates[i];
			json_t *cj = json_object();

			json_object_set_new(cj, "id", str_or_null(c->item->id));
			json_object_set_new(cj, "title", str_or_null(c->item->title));
			json_object_set_new(cj, "similarity", rounded(c->score, 1000.0));
			json_array_append_new(arr, cj);
		}
		json_object_set_new(o, "candidates", arr);
	}
	if (f->rule == OVP_RULE_CONCENTRATION) {
		json_object_set_new(o, "currency", str_or_null(f->currency));
		json_object_set_new(o, "share", rounded(f->share, 1000.0));
		json_object_set_new(o, "amount", json_real(f->amount));
		json_object_set_new(o, "deals", json_integer((json_int_t)f->ndeals));
	}
	return o;
}

json_t *
ovp_summary_to_json(const ovp_summary *sum)
{
	json_t *o = json_object(), *sev = json_object(), *rules = json_object(), *var = json_array();

	json_object_set_new(o, "deals", json_integer((json_int_t)sum->deals));
	json_object_set_new(o, "promises", json_integer((json_int_t)sum->promises));
	json_object_set_new(o, "roadmap_items", json_integer((json_int_t)sum->roadmap_items));
	json_object_set_new(sev, "error", json_integer((json_int_t)sum->by_severity[OVP_SEV_ERROR]));
	json_object_set_new(sev, "warning",
	                    json_integer((json_int_t)sum->by_severity[OVP_SEV_WARNING]));
	json_object_set_new(sev, "note", json_integer((json_int_t)sum->by_severity[OVP_SEV_NOTE]));
	json_object_set_new(o, "by_severity", sev);
	for (int r = 0; r < OVP_RULE_COUNT; r++)
		if (sum->by_rule[r] > 0)
			json_object_set_new(rules, ovp_rule_get((ovp_rule_id)r)->code,
			                    json_integer((json_int_t)sum->by_rule[r]));
	json_object_set_new(o, "by_rule", rules);
	for (size_t i = 0; i < sum->ncurrencies; i++) {
		json_t *m = json_object();

		json_object_set_new(m, "currency", str_or_null(sum->value_at_risk[i].currency));
		json_object_set_new(m, "amount", json_real(sum->value_at_risk[i].amount));
		json_array_append_new(var, m);
	}
	json_object_set_new(o, "value_at_risk", var);
	json_object_set_new(o, "skipped", json_integer((json_int_t)sum->skipped));
	json_object_set_new(o, "suppressed", json_integer((json_int_t)sum->suppressed));
	return o;
}

/* Write v pretty-printed, its lines after the first indented by indent spaces. */
static int
put_json(FILE *out, const json_t *v, int indent)
{
	char *text = json_dumps(v, DUMP_FLAGS);
	int rc = 0;

	if (text == NULL)
		return OVP_ENOMEM;
	for (const char *p = text; *p != '\0'; p++) {
		if (fputc(*p, out) == EOF) {
			rc = OVP_EIO;
			break;
		}
		if (*p == '\n' && fprintf(out, "%*s", indent, "") < 0) {
			rc = OVP_EIO;
			break;
		}
	}
	free(text);
	return rc;
}

static int
json_begin(ovp_sink *s, const ovp_report_meta *meta)
{
	FILE *out = s->out;
	json_t *tool = json_object(), *inputs = json_object();
	int rc;

	s->meta = meta;
	json_object_set_new(tool, "name", json_string("overpromise"));
	json_object_set_new(tool, "version", json_string(ovp_version()));
	json_object_set_new(inputs, "deals", meta->deals_path != NULL ? json_string(meta->deals_path)
	                                                             : json_null());
	json_object_set_new(inputs, "roadmap", json_string(meta->roadmap_path));
	fputs("{\n  \"tool\": ", out);
	rc = put_json(out, tool, 2);
	fputs(",\n  \"as_of\": ", out);
	if (rc == 0) {
		char day[OVP_DATE_ISO_SIZE];

		fprintf(out, "\"%s\"", ovp_day_format(meta->as_of, day));
	}
	fputs(",\n  \"inputs\": ", out);
	if (rc == 0)
		rc = put_json(out, inputs, 2);
	fputs(",\n  \"findings\": [", out);
	json_decref(tool);
	json_decref(inputs);
	return rc < 0 ? rc : ferror(out) ? OVP_EIO : 0;
}

static int
json_finding(ovp_sink *s, const ovp_finding *f)
{
	json_sink *js = (json_sink *)s;
	json_t *o = ovp_finding_to_json(f);
	int rc;

	if (o == NULL)
		return OVP_ENOMEM;
	fputs(js->count++ ? ",\n    " : "\n    ", s->out);
	rc = put_json(s->out, o, 4);
	json_decref(o);
	return rc < 0 ? rc : ferror(s->out) ? OVP_EIO : 0;
}

static int
json_end(ovp_sink *s, const ovp_summary *sum)
{
	json_sink *js = (json_sink *)s;
	json_t *o = ovp_summary_to_json(sum);
	int rc;

	fputs(js->count ? "\n  ],\n  \"summary\": " : "],\n  \"summary\": ", s->out);
	rc = put_json(s->out, o, 2);
	json_decref(o);
	fputs("\n}\n", s->out);
	return rc < 0 ? rc : ferror(s->out) ? OVP_EIO : 0;
}

static void
json_destroy(ovp_sink *s)
{
	free(s);
}

static const ovp_sink_ops json_ops = {
	.name = "json",
	.begin = json_begin,
	.finding = json_finding,
	.explain = NULL,
	.end = json_end,
	.destroy = json_destroy,
};

ovp_sink *
ovp_sink_json_new(void)
{
	json_sink *js = calloc(1, sizeof *js);

	if (js == NULL)
		return NULL;
	js->base.ops = &json_ops;
	return &js->base;
}
