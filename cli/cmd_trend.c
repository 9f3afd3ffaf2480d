/*
 * The trend command: the history that `check --history FILE` keeps, as a
 * table of runs with the change since the run before.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "opt.h"

static const cli_opt trend_opts[] = {
	{'f', 'f', "format", "FMT", 0, 0, "text, markdown, json or csv (default: text)"},
	{'o', 'o', "output", "FILE", 0, 0, "write the table to FILE, atomically"},
	{'h', 'h', "help", NULL, 0, 0, "show this help and exit"},
};

static const cli_help trend_help = {
	"overpromise trend FILE [OPTIONS]\n"
	"\n"
	"Show the history of runs that check --history FILE keeps: per run its as-of\n"
	"date, deals, promises, findings by severity, value at risk, and the change since\n"
	"the run before.\n",
	trend_opts, sizeof trend_opts / sizeof trend_opts[0], 0, 20, NULL,
};

int
cmd_trend(int argc, char **argv)
{
	const char *format = "text", *output = NULL, *path = NULL;
	const char *const *known = ovp_trend_formats();
	ovp_run_history *h = NULL;
	ovp_output *o = NULL;
	ovp_error err = {0};
	bool ok = false;
	cli_parser p;
	FILE *fp;
	int c, rc;

	cli_opt_start(&p, &trend_help, "trend", argc, argv);
	while ((c = cli_opt_next(&p)) != CLI_OPT_END) {
		switch (c) {
		case CLI_OPT_ERROR:
			return EXIT_TROUBLE;
		case CLI_OPT_ARG:
			if (path != NULL)
				return cli_usage_error("trend", "unexpected argument '%s'", p.value);
			path = p.value;
			break;
		case 'f':
			format = p.value;
			break;
		case 'o':
			output = p.value;
			break;
		case 'h':
			cli_help_print(&trend_help, stdout);
			return EXIT_CLEAN;
		default:
			break;
		}
	}
	for (size_t i = 0; known[i] != NULL && !ok; i++)
		ok = strcmp(known[i], format) == 0;
	if (!ok)
		return cli_usage_error("trend", "--format: \"%s\" is not a format of trend (expected "
		                                "text, markdown, json or csv)",
		                       format);
	if (path == NULL)
		return cli_usage_error("trend", "the history FILE is required");
	rc = ovp_run_history_read(&h, path, false, &err);
	if (rc < 0)
		return cli_fail(&err);
	cli_report_skipped(h);
	rc = cli_output_open(&o, output, &fp, &err);
	if (rc == 0)
		rc = ovp_trend_write(h, format, fp, &err);
	if (rc == 0)
		rc = ovp_output_commit(o, &err);
	else
		ovp_output_abort(o);
	ovp_run_history_free(h);
	return rc < 0 ? cli_fail(&err) : EXIT_CLEAN;
}
