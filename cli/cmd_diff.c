/*
 * The diff command: what changed between two reports of check (or deal),
 * for the weekly look at the pipeline.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

enum { OPT_FAIL_ON = 256, OPT_COLOR };

static const char diff_help[] =
	"Usage: overpromise diff OLD NEW [OPTIONS]\n"
	"\n"
	"Compare two reports of check or deal (JSON, or JSON lines): the findings that\n"
	"are new, resolved, worse or better, the roadmap items whose planned date\n"
	"slipped, and the change of the value at risk per currency.\n"
	"\n"
	"Options:\n"
	"  -f, --format FMT          text, json, markdown or html (default: text)\n"
	"  -o, --output FILE         write the comparison to FILE, atomically\n"
	"      --fail-on LEVEL       exit 1 when a new or worse finding is at or above\n"
	"                            LEVEL: error, warning, note or never (default: error)\n"
	"      --color WHEN          auto, always or never (default: auto)\n"
	"  -h, --help                show this help and exit\n";

int
cmd_diff(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"format", required_argument, NULL, 'f'},
		{"output", required_argument, NULL, 'o'},
		{"fail-on", required_argument, NULL, OPT_FAIL_ON},
		{"color", required_argument, NULL, OPT_COLOR},
		{"colour", required_argument, NULL, OPT_COLOR},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	const char *format = "text", *output = NULL, *color = "auto";
	const char *const *known = ovp_diff_formats();
	ovp_severity fail_on = OVP_SEV_ERROR;
	ovp_diff *d = NULL;
	ovp_output *o = NULL;
	ovp_error err = {0};
	bool ok = false, use_color;
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
		case OPT_FAIL_ON:
			if (strcmp(optarg, "never") == 0) {
				fail_on = OVP_SEV_OFF;
			} else if (ovp_severity_parse(optarg, &fail_on) < 0 || fail_on == OVP_SEV_OFF) {
				return cli_usage_error("diff",
				                       "--fail-on: \"%s\" is not a level (expected error, "
				                       "warning, note or never)",
				                       optarg);
			}
			break;
		case OPT_COLOR:
			if (strcmp(optarg, "auto") != 0 && strcmp(optarg, "always") != 0 &&
			    strcmp(optarg, "never") != 0)
				return cli_usage_error("diff", "--color: \"%s\" is not auto, always or never",
				                       optarg);
			color = optarg;
			break;
		case 'h':
			fputs(diff_help, stdout);
			return EXIT_CLEAN;
		case ':':
			return cli_usage_error("diff", "option '%s' needs a value", argv[optind - 1]);
		default:
			return cli_usage_error("diff", "unknown option '%s'", argv[optind - 1]);
		}
	}
	for (size_t i = 0; known[i] != NULL && !ok; i++)
		ok = strcmp(known[i], format) == 0;
	if (!ok)
		return cli_usage_error("diff", "--format: \"%s\" is not a format of diff (expected "
		                               "text, json, markdown or html)",
		                       format);
	if (argc - optind < 2)
		return cli_usage_error("diff", "two reports are needed: OLD and NEW");
	if (argc - optind > 2)
		return cli_usage_error("diff", "unexpected argument '%s'", argv[optind + 2]);
	if (strcmp(color, "always") == 0)
		use_color = true;
	else if (strcmp(color, "never") == 0)
		use_color = false;
	else
		use_color = output == NULL && isatty(STDOUT_FILENO) &&
		            !(getenv("NO_COLOR") != NULL && getenv("NO_COLOR")[0] != '\0') &&
		            !(getenv("TERM") != NULL && strcmp(getenv("TERM"), "dumb") == 0);
	rc = ovp_diff_run(&d, argv[optind], argv[optind + 1], &err);
	if (rc == OVP_EUSAGE)
		return cli_usage_error("diff", "%s", err.message);
	if (rc < 0)
		return cli_fail(&err);
	rc = ovp_output_open(&o, output, &fp, &err);
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
