/*
 * GitLab Code Quality report: a JSON array with one object per finding,
 * the subset of the Code Climate issue format that GitLab reads
 * (description, check_name, fingerprint, severity, location.path,
 * location.lines.begin), written as the findings arrive.
 *
 * Severities: error -> "critical", warning -> "major", note -> "minor"
 * (GitLab's scale is info, minor, major, critical, blocker; "blocker" is
 * left for nothing, as a broken promise is serious but not a build
 * breaker by itself).  The description starts with the rule's code and
 * name, since GitLab shows the description and the location but not
 * check_name.  One issue a line.  Findings in the baseline are left out: GitLab has no way
 * to show an accepted issue, and it compares fingerprints between the
 * base and the head of a merge request on its own.  An empty report is
 * "[]".
 */
#include <stdlib.h>

#include <jansson.h>

#include <overpromise/report.h>

#include "report_impl.h"

typedef struct gitlab_sink {
	ovp_sink base;
	unsigned long count;
	ovp_rbuf text;
} gitlab_sink;

static const char *
gitlab_severity(ovp_severity s)
{
	switch (s) {
	case OVP_SEV_ERROR:
		return "critical";
	case OVP_SEV_WARNING:
		return "major";
	default:
		return "minor";
	}
}

static int
gitlab_begin(ovp_sink *s, ovp_error *err)
{
	return ovp_sink_result(s, fputc('[', s->out) == EOF ? OVP_EIO : 0, err);
}

static int
gitlab_finding(ovp_sink *s, const ovp_finding *f, ovp_error *err)
{
	gitlab_sink *gs = (gitlab_sink *)s;
	const ovp_rule *rule = ovp_rule_get(f->rule);
	json_t *o, *loc, *lines;
	char *text;
	int rc;

	if (f->suppressed)
		return ovp_sink_result(s, 0, err);
	ovp_rbuf_reset(&gs->text);
	ovp_rbuf_printf(&gs->text, "%s %s: %s", rule->code, rule->name,
	                f->message != NULL ? f->message : "");
	if (gs->text.err != 0)
		return ovp_sink_result(s, gs->text.err, err);
	o = json_object();
	loc = json_object();
	lines = json_object();
	json_object_set_new(o, "description", ovp_json_text(gs->text.data));
	json_object_set_new(o, "check_name", json_string(rule->code));
	json_object_set_new(o, "fingerprint", json_string(f->fingerprint));
	json_object_set_new(o, "severity", json_string(gitlab_severity(f->severity)));
	json_object_set_new(loc, "path", ovp_json_text(f->file != NULL ? f->file : ""));
	/* GitLab needs a line; a finding about a whole file points at its first. */
	json_object_set_new(lines, "begin", json_integer(f->line > 0 ? f->line : 1));
	json_object_set_new(loc, "lines", lines);
	json_object_set_new(o, "location", loc);
	if (json_object_size(o) != 5 || json_object_size(loc) != 2 || json_object_size(lines) != 1) {
		json_decref(o);
		return ovp_sink_result(s, OVP_ENOMEM, err);
	}
	/* Dumped to memory and written once: json_dumpf() writes each token on its own. */
	text = json_dumps(o, JSON_PRESERVE_ORDER);
	json_decref(o);
	if (text == NULL)
		return ovp_sink_result(s, OVP_ENOMEM, err);
	fputs(gs->count++ ? ",\n  " : "\n  ", s->out);
	rc = fputs(text, s->out) == EOF ? OVP_EIO : 0;
	free(text);
	return ovp_sink_result(s, rc < 0 ? rc : ferror(s->out) ? OVP_EIO : 0, err);
}

static int
gitlab_end(ovp_sink *s, const ovp_summary *sum, ovp_error *err)
{
	gitlab_sink *gs = (gitlab_sink *)s;

	(void)sum;
	fputs(gs->count ? "\n]\n" : "]\n", s->out);
	return ovp_sink_result(s, ferror(s->out) ? OVP_EIO : 0, err);
}

static void
gitlab_destroy(ovp_sink *s)
{
	gitlab_sink *gs = (gitlab_sink *)s;

	ovp_rbuf_free(&gs->text);
	free(gs);
}

static const ovp_sink_ops gitlab_ops = {
	.name = "gitlab",
	.begin = gitlab_begin,
	.finding = gitlab_finding,
	.explain = NULL,
	.end = gitlab_end,
	.destroy = gitlab_destroy,
};

ovp_sink *
ovp_sink_gitlab_new(void)
{
	gitlab_sink *gs = calloc(1, sizeof *gs);

	if (gs == NULL)
		return NULL;
	gs->base.ops = &gitlab_ops;
	return &gs->base;
}
