/*
 * The registry of report formats: a name to a sink constructor; and what
 * every format reads of the report's inputs.
 */
#include <string.h>

#include <overpromise/report.h>

#include "report_impl.h"

static const struct {
	const char *name;
	ovp_sink *(*create)(void);
} formats[] = {
	{"text", ovp_sink_text_new},
	{"json", ovp_sink_json_new},
	{"jsonl", ovp_sink_jsonl_new},
	{"csv", ovp_sink_csv_new},
	{"markdown", ovp_sink_markdown_new},
	{"sarif", ovp_sink_sarif_new},
	{"junit", ovp_sink_junit_new},
	{"github", ovp_sink_github_new},
	{"gitlab", ovp_sink_gitlab_new},
	{"html", ovp_sink_html_new},
};

static const char *const names[] = {"text",  "json",   "jsonl",  "csv",  "markdown", "sarif",
                                    "junit", "github", "gitlab", "html", NULL};

int
ovp_sink_new(ovp_sink **sink, const char *format, FILE *out, ovp_error *err)
{
	*sink = NULL;
	for (size_t i = 0; i < sizeof formats / sizeof formats[0]; i++) {
		if (strcmp(formats[i].name, format) != 0)
			continue;
		*sink = formats[i].create();
		if (*sink == NULL)
			return ovp_error_set(err, OVP_ENOMEM, NULL, 0, "out of memory");
		(*sink)->out = out;
		return 0;
	}
	return ovp_error_set(err, OVP_EUSAGE, NULL, 0,
	                     "unknown format \"%s\" (expected one of: text, json, jsonl, csv, "
	                     "markdown, sarif, junit, github, gitlab, html)", format);
}

int
ovp_sink_begin(ovp_sink *s, const ovp_report_meta *meta, ovp_error *err)
{
	s->meta = meta;
	return s->ops->begin != NULL ? s->ops->begin(s, err) : 0;
}

void
ovp_sink_free(ovp_sink *s)
{
	if (s != NULL)
		s->ops->destroy(s);
}

const char *const *
ovp_sink_formats(void)
{
	return names;
}

const char *const *
ovp_report_roadmaps(const ovp_report_meta *meta, size_t *n)
{
	if (meta->roadmap_paths != NULL && meta->nroadmap_paths > 0) {
		*n = meta->nroadmap_paths;
		return meta->roadmap_paths;
	}
	*n = meta->roadmap_path != NULL;
	return *n ? &meta->roadmap_path : NULL;
}
