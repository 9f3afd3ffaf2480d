/*
 * The diff command: what changed between two reports of check (or deal),
 * for the weekly look at the pipeline.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "opt.h"

enum { OPT_FAIL_ON = 256, OPT_COLOR };

static const cli_opt diff_opts[] = {
	{'f', 'f', "format", "FMT", 0, 0, "text, json, markdown or html (default: text)"},
	{'o', 'o', "output", "FILE", 0, 0, "write the comparison to FILE, atomically"},
	{OPT_FAIL_ON, 0, "fail-on", "LEVEL", 0, 0,
	 "exit 1 when a new or worse finding is at or above\nLEVEL: error, warning, note or never "
	 "(default: error)"},
	{OPT_COLOR, 0, "color", "WHEN", 0, 0, "auto, always or never (default: auto)"},
	{OPT_COLOR, 0, "colour", "WHEN", CLI_OPT_HIDDEN, 0, ""},
	{'h', 'h', "help", NULL, 0, 0, "show this help and exit"},
};

static const cli_help diff_help = {
	"overpromise diff OLD NEW [OPTIONS]\n"
	"\n"
	"Compare two reports of check or deal (JSON, or JSON lines): the findings that\n"
	"are new, resolved, worse or better, the roadmap items whose planned date\n"
	"slipped, and the change of the value at risk per currency.\n",
	diff_opts, sizeof diff_opts / sizeof diff_opts[0], 0, 28, NULL,
};

int
cmd_diff(int argc, char **argv)
{
	const char *format = "text", *output = NULL, *color = "auto";
	const char *const *known = ovp_diff_formats();
	ovp_severity fail_on = OVP_SEV_ERROR;
	ovp_diff *d = NULL;
	ovp_output *o = NULL;
	const char *reports[2] = {NULL, NULL};
	ovp_error err = {0};
	bool ok = false, use_color;
	cli_parser p;
	size_t nreports = 0;
	FILE *fp;
	int c, rc;

	cli_opt_start(&p, &diff_help, "diff", argc, argv);
	while ((c = cli_opt_next(&p)) != CLI_OPT_END) {
		const char *value = p.value;

		switch (c) {
		case CLI_OPT_ERROR:
			return EXIT_TROUBLE;
		case CLI_OPT_ARG:
			if (nreports == 2)
				return cli_usage_error("diff", "unexpected argument '%s'", p.value);
			reports[nreports++] = p.value;
			break;
		case 'f':
			format = value;
			break;
		case 'o':
			output = value;
			break;
		case OPT_FAIL_ON:
			if (strcmp(value, "never") == 0) {
				fail_on = OVP_SEV_OFF;
			} else if (ovp_severity_parse(value, &fail_on) < 0 || fail_on == OVP_SEV_OFF) {
				return cli_usage_error("diff",
				                       "--fail-on: \"%s\" is not a level (expected error, "
				                       "warning, note or never)",
				                       value);
			}
			break;
		case OPT_COLOR:
			if (strcmp(value, "auto") != 0 && strcmp(value, "always") != 0 &&
			    strcmp(value, "never") != 0)
				return cli_usage_error("diff", "--color: \"%s\" is not auto, always or never",
				                       value);
			color = value;
			break;
		case 'h':
			cli_help_print(&diff_help, stdout);
			return EXIT_CLEAN;
		default:
			break;
		}
	}
	for (size_t i = 0; known[i] != NULL && !ok; i++)
		ok = strcmp(known[i], format) == 0;
	if (!ok)
		return cli_usage_error("diff", "--format: \"%s\" is not a format of diff (expected "
		                               "text, json, markdown or html)",
		                       format);
	if (nreports < 2)
		return cli_usage_error("diff", "two reports are needed: OLD and NEW");
	use_color = cli_use_color(color, output);
	rc = ovp_diff_run(&d, reports[0], reports[1], &err);
	if (rc == OVP_EUSAGE)
		return cli_usage_error("diff", "%s", err.message);
	if (rc < 0)
		return cli_fail(&err);
	rc = cli_output_open(&o, output, &fp, &err);
	if (rc == 0)
		rc = ovp_diff_write(d, format, use_color, fp, &err);
	if (rc == 0)
		rc = ovp_output_commit(o, &err);
	else
		ovp_output_abort(o);
	if (rc < 0) {
		ovp_diff_free(d);
		return cli_fail(&err);
	}
	ok = ovp_diff_fails(d, fail_on);
	ovp_diff_free(d);
	return ok ? EXIT_FINDINGS : EXIT_CLEAN;
}
