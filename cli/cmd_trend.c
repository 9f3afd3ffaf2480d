/*
 * The trend command: the history that `check --history FILE` keeps, as a
 * table of runs with the change since the run before.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"

static const char trend_help[] =
	"Usage: overpromise trend FILE [OPTIONS]\n"
	"\n"
	"Show the history of runs that check --history FILE keeps: per run its as-of\n"
	"date, deals, promises, findings by severity, value at risk, and the change since\n"
	"the run before.\n"
	"\n"
	"Options:\n"
	"  -f, --format FMT  text, markdown, json or csv (default: text)\n"
	"  -o, --output FILE write the table to FILE, atomically\n"
	"  -h, --help        show this help and exit\n";

int
cmd_trend(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"format", required_argument, NULL, 'f'},
		{"output", required_argument, NULL, 'o'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	const char *format = "text", *output = NULL, *path;
	const char *const *known = ovp_trend_formats();
	ovp_run_history *h = NULL;
	ovp_output *o = NULL;
	ovp_error err = {0};
	bool ok = false;
	FILE *fp;
	int c, rc;

	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, ":f:o:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'f':
			format = optarg;
			break;
		case 'o':
			output = optarg;
			break;
		case 'h':
			fputs(trend_help, stdout);
			return EXIT_CLEAN;
		case ':':
			return cli_usage_error("trend", "option '%s' needs a value", argv[optind - 1]);
		default:
			return cli_usage_error("trend", "unknown option '%s'", argv[optind - 1]);
		}
	}
	for (size_t i = 0; known[i] != NULL && !ok; i++)
		ok = strcmp(known[i], format) == 0;
	if (!ok)
		return cli_usage_error("trend", "--format: \"%s\" is not a format of trend (expected "
		                                "text, markdown, json or csv)",
		                       format);
	if (optind >= argc)
		return cli_usage_error("trend", "the history FILE is required");
	if (optind + 1 < argc)
		return cli_usage_error("trend", "unexpected argument '%s'", argv[optind + 1]);
	path = argv[optind];
	rc = ovp_run_history_read(&h, path, false, &err);
	if (rc < 0)
		return cli_fail(&err);
	cli_report_skipped(h);
	rc = ovp_output_open(&o, output, &fp, &err);
	if (rc == 0)
		rc = ovp_trend_write(h, format, fp, &err);
	if (rc == 0)
		rc = ovp_output_commit(o, &err);
	else
		ovp_output_abort(o);
	ovp_run_history_free(h);
	return rc < 0 ? cli_fail(&err) : EXIT_CLEAN;
}
