/*
 * diff as JSON (the shape is in cli/overpromise-diff.schema.json and the
 * README): the two reports, the findings that are new, resolved, worse
 * and better (each as its report has it; worse and better as {"before",
 * "after"}), the items that slipped, the value at risk before and after
 * per currency, and the counts.  Written as it goes, a finding at a time.
 */
#include <stdio.h>
#include <string.h>

#include <overpromise/overpromise.h>

#include "diff_impl.h"

typedef struct json_out {
	FILE *out;
	unsigned long n;     /* elements of the array being written */
} json_out;

static int
put(json_out *j, const json_t *v, int indent, ovp_error *err)
{
	int rc = v != NULL ? ovp_put_json(j->out, v, indent) : OVP_ENOMEM;

	if (rc < 0)
		return ovp_error_set(err, rc, NULL, 0,
		                     rc == OVP_EIO ? "cannot write the comparison" : "out of memory");
	return 0;
}

static int
visit(void *ctx, const json_t *f, const json_t *before, ovp_error *err)
{
	json_out *j = ctx;
	int rc;

	fputs(j->n++ > 0 ? ",\n    " : "\n    ", j->out);
	if (before == NULL)
		return put(j, f, 4, err);
	fputs("{\n      \"before\": ", j->out);
	rc = put(j, before, 6, err);
	fputs(",\n      \"after\": ", j->out);
	if (rc == 0)
		rc = put(j, f, 6, err);
	fputs("\n    }", j->out);
	return rc;
}

static json_t *
report_json(const ovp_report_reader *r)
{
	const json_t *head = ovp_report_head(r);
	json_t *o = json_object();

	json_object_set_new(o, "file", ovp_json_text(ovp_report_path(r)));
	json_object_set_new(o, "format", json_integer(ovp_report_format(r)));
	json_object_set(o, "as_of", json_object_get(head, "as_of") != NULL
	                                    ? json_object_get(head, "as_of")
	                                    : json_null());
	json_object_set(o, "inputs", json_object_get(head, "inputs") != NULL
	                                     ? json_object_get(head, "inputs")
	                                     : json_null());
	json_object_set_new(o, "findings", json_integer((json_int_t)ovp_report_count(r)));
	return o;
}

static json_t *
str_or_null(const char *s)
{
	return s != NULL ? ovp_json_text(s) : json_null();
}

static json_t *
day_json(ovp_day d)
{
	char iso[OVP_DATE_ISO_SIZE];

	return json_string(ovp_day_format(d, iso));
}

int
ovp_diff_json(ovp_diff *d, FILE *out, ovp_error *err)
{
	static const diff_kind order[] = {DIFF_NEW, DIFF_RESOLVED, DIFF_WORSE, DIFF_BETTER};
	json_out j = {out, 0};
	json_t *tool = json_object(), *reports = json_object();
	json_t *slipped = json_array(), *money = json_array(), *sum = json_object(), *sev = json_object();
	int rc;

	json_object_set_new(tool, "name", json_string("overpromise"));
	json_object_set_new(tool, "version", json_string(ovp_version()));
	json_object_set_new(reports, "old", report_json(d->old));
	json_object_set_new(reports, "new", report_json(d->new_));
	fputs("{\n  \"format\": \"" OVP_DIFF_FORMAT "\",\n  \"tool\": ", out);
	rc = put(&j, tool, 2, err);
	if (rc == 0) {
		fputs(",\n  \"reports\": ", out);
		rc = put(&j, reports, 2, err);
	}
	for (size_t k = 0; k < sizeof order / sizeof order[0] && rc == 0; k++) {
		fprintf(out, ",\n  \"%s\": [", ovp_diff_kind_names[order[k]]);
		j.n = 0;
		rc = ovp_diff_each(d, order[k], visit, &j, err);
		fputs(j.n > 0 ? "\n  ]" : "]", out);
	}
	for (size_t i = 0; i < d->nslips; i++) {
		const diff_slip *s = &d->slips[i];
		json_t *o = json_object(), *deals = json_array();

		json_object_set_new(o, "id", str_or_null(s->id));
		json_object_set_new(o, "title", str_or_null(s->title));
		json_object_set_new(o, "before", day_json(s->before));
		json_object_set_new(o, "after", day_json(s->after));
		json_object_set_new(o, "days", json_integer((json_int_t)s->after - s->before));
		for (size_t k = 0; k < s->nlisted; k++) {
			json_t *dj = json_object();

			json_object_set_new(dj, "id", str_or_null(s->deals[k].id));
			json_object_set_new(dj, "name", str_or_null(s->deals[k].name));
			json_array_append_new(deals, dj);
		}
		json_object_set_new(o, "deals", deals);
		json_object_set_new(o, "ndeals", json_integer((json_int_t)s->ndeals));
		json_array_append_new(slipped, o);
	}
	for (size_t i = 0; i < d->nmoney; i++) {
		const diff_money *m = &d->money[i];
		json_t *o = json_object();

		json_object_set_new(o, "currency", m->currency[0] ? ovp_json_text(m->currency) : json_null());
		json_object_set_new(o, "before", json_real(m->before));
		json_object_set_new(o, "after", json_real(m->after));
		json_object_set_new(o, "change", json_real(m->after - m->before));
		json_array_append_new(money, o);
	}
	json_object_set_new(sum, "new", json_integer((json_int_t)d->counts.added));
	json_object_set_new(sum, "resolved", json_integer((json_int_t)d->counts.resolved));
	json_object_set_new(sum, "worse", json_integer((json_int_t)d->counts.worse));
	json_object_set_new(sum, "better", json_integer((json_int_t)d->counts.better));
	json_object_set_new(sum, "unchanged", json_integer((json_int_t)d->counts.unchanged));
	json_object_set_new(sum, "slipped", json_integer((json_int_t)d->counts.slipped));
	for (size_t k = 0; k < sizeof order / sizeof order[0]; k++)
		json_object_set_new(sev, ovp_diff_kind_names[order[k]],
		                    ovp_json_severities(d->by_severity[order[k]]));
	json_object_set_new(sum, "by_severity", sev);
	{
		static const char *const keys[] = {"slipped", "value_at_risk", "summary"};
		json_t *values[] = {slipped, money, sum};

		for (size_t k = 0; k < 3 && rc == 0; k++) {
			fprintf(out, ",\n  \"%s\": ", keys[k]);
			rc = put(&j, values[k], 2, err);
		}
	}
	if (rc == 0 && (fputs("\n}\n", out) == EOF || ferror(out)))
		rc = ovp_error_set(err, OVP_EIO, NULL, 0, "cannot write the comparison");
	json_decref(tool);
	json_decref(reports);
	json_decref(slipped);
	json_decref(money);
	json_decref(sum);
	return rc;
}
