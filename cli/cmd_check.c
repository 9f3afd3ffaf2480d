/*
 * The check and deal commands: options, configuration, and the run from
 * the two exports (or one deal typed in) to a report and an exit code.
 */
/* realpath() is XSI; the project asks only for POSIX. */
#define _XOPEN_SOURCE 700

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "opt.h"
#include "src/amount.h"
#include "src/csv.h"
#include "src/inspect.h"
#include "src/util/utf8.h"

/* Long options without a short form. */
enum {
	OPT_DEALS = 256,
	OPT_ROADMAP,
	OPT_AS_OF,
	OPT_FAIL_ON,
	OPT_EXIT_ZERO,
	OPT_SELECT,
	OPT_IGNORE,
	OPT_BASELINE,
	OPT_WRITE_BASELINE,
	OPT_CONFIG,
	OPT_NO_CONFIG,
	OPT_COLOR,
	OPT_PROGRESS,
	OPT_PROMISE,
	OPT_DEAL_NAME,
	OPT_AMOUNT,
	OPT_CLOSE,
	OPT_SRCROOT,
	OPT_DEALS_SHEET,
	OPT_ROADMAP_SHEET,
	OPT_HISTORY,
	OPT_CURRENCY,
	OPT_FX,
	OPT_CONFIDENCE,
	OPT_COMPACT,
	OPT_JOBS
};

/* The two commands of the shared option table. */
enum { CMD_CHECK = 1, CMD_DEAL = 2 };

/* The options of check and deal, in the order of their help. */
static const cli_opt run_opts[] = {
	{OPT_DEALS, 0, "deals", "FILE", 0, CMD_CHECK,
	 "the deals export (CSV, gzip'd CSV or Excel .xlsx; - for\nstandard input)"},
	{OPT_DEALS_SHEET, 0, "deals-sheet", "NAME", 0, CMD_CHECK,
	 "the deals' sheet in a workbook (default: the first\nvisible one)"},
	CLI_OPT_ROADMAPS(OPT_ROADMAP),
	CLI_OPT_ROADMAP_SHEET(OPT_ROADMAP_SHEET),
	{OPT_PROMISE, 0, "promise", "TEXT", CLI_OPT_REPEATABLE, CMD_DEAL,
	 "a promise, \"FEATURE [by DATE]\" (repeatable; - or none:\n"
	 "read promises from standard input, one a line)"},
	{OPT_DEAL_NAME, 0, "deal-name", "NAME", 0, CMD_DEAL, "the deal's name (default: \"deal\")"},
	{OPT_AMOUNT, 0, "amount", "N", 0, CMD_DEAL, "the deal's amount, with an optional currency"},
	{OPT_CLOSE, 0, "close", "DATE", 0, CMD_DEAL,
	 "the deal's close date (due date of undated promises)"},
	{OPT_AS_OF, 0, "as-of", "DATE", 0, 0,
	 "the day the check is made for (default: today, UTC,\nor SOURCE_DATE_EPOCH)"},
	{OPT_CONFIDENCE, 0, "confidence", "P", 0, 0,
	 "how sure a suggested date must be, between 0 and 1\n(default: 0.85)"},
	{OPT_CURRENCY, 0, "currency", "CUR", 0, 0,
	 "the reporting currency: the value at risk is also\ngiven in CUR, converted at the --fx "
	 "rates"},
	{OPT_FX, 0, "fx", "RATES", CLI_OPT_REPEATABLE, 0,
	 "CUR=RATE,...: what one CUR is worth in the\nreporting currency (USD=0.92,SEK=0.087; "
	 "with a\ndecimal point, not a comma)"},
	{'f', 'f', "format", "FMT", CLI_OPT_REPEATABLE, 0,
	 "text, json, jsonl, csv, markdown, sarif, junit,\ngithub, gitlab or html (default: text); "
	 "repeat\n-f and -o to write several reports in one pass"},
	{'o', 'o', "output", "FILE", CLI_OPT_REPEATABLE, 0,
	 "write the report to FILE, atomically (default:\nstandard output)"},
	{OPT_FAIL_ON, 0, "fail-on", "LEVEL", 0, 0,
	 "exit 1 when a finding at or above LEVEL remains:\nerror, warning, note or never (default: "
	 "error)"},
	{OPT_EXIT_ZERO, 0, "exit-zero", NULL, 0, 0, "exit 0 even with findings"},
	{OPT_SELECT, 0, "select", "IDS", CLI_OPT_REPEATABLE, 0,
	 "only these rules (IDs or names, comma-separated)"},
	{OPT_IGNORE, 0, "ignore", "IDS", CLI_OPT_REPEATABLE, 0,
	 "skip these rules (IDs or names, comma-separated)"},
	{OPT_BASELINE, 0, "baseline", "FILE", 0, 0, "findings in FILE are reported as suppressed"},
	{OPT_WRITE_BASELINE, 0, "write-baseline", "FILE", 0, 0,
	 "write the fingerprints of the findings to FILE"},
	{OPT_HISTORY, 0, "history", "FILE", 0, CMD_CHECK,
	 "append this run's figures to FILE (JSON lines); with\n-f html, add the trend and the change "
	 "since the last run"},
	{OPT_SRCROOT, 0, "srcroot", "DIR", 0, 0,
	 "SARIF locations are relative to DIR (default: the\ncurrent directory)"},
	CLI_OPT_CONFIG(OPT_CONFIG),
	CLI_OPT_NO_CONFIG(OPT_NO_CONFIG),
	{OPT_COLOR, 0, "color", "WHEN", 0, 0, "auto, always or never (default: auto)"},
	{OPT_COLOR, 0, "colour", "WHEN", CLI_OPT_HIDDEN, 0, ""},
	{OPT_PROGRESS, 0, "progress", "WHEN", 0, 0,
	 "a progress bar on stderr for large inputs: auto (when\nstderr is a terminal), always or "
	 "never (default: auto)"},
	{OPT_COMPACT, 0, "compact", NULL, 0, 0, "write JSON without indentation"},
	{OPT_JOBS, 'j', "jobs", "N", 0, CMD_CHECK,
	 "threads: 1, or 2 to load the roadmap on both, then read\non one while the other writes the "
	 "report, matching on\nwhichever has time (default: 2 with two or more CPUs)"},
	{'q', 'q', "quiet", NULL, 0, 0, "findings only, no summary"},
	{'v', 'v', "verbose", NULL, 0, 0, "explain how every promise matched"},
	{'v', 0, "explain", NULL, CLI_OPT_SAME_LINE, 0, ""},
	{'h', 'h', "help", NULL, 0, 0, "show this help and exit"},
};

/* What the summary's value at risk is, for both helps. */
#define VALUE_AT_RISK_HELP                                                                 \
	"Value at risk: the summed amounts of the deals with at least one error, per\n"    \
	"currency (one total in the reporting currency with --currency and --fx).\n"

static const cli_help check_help = {
	"overpromise check --deals FILE --roadmap FILE [OPTIONS]\n"
	"\n"
	"Match every promised feature of a CRM deals export to the roadmap export and\n"
	"report the promises likely to be oversold or underdelivered.\n",
	run_opts, sizeof run_opts / sizeof run_opts[0], CMD_CHECK, 28, VALUE_AT_RISK_HELP,
};

static const cli_help deal_help = {
	"overpromise deal --roadmap FILE [--promise TEXT]... [OPTIONS]\n"
	"\n"
	"Check the promises of one deal, before it is signed, against the roadmap\n"
	"export: what engineering's plan does not back, and why.\n",
	run_opts, sizeof run_opts / sizeof run_opts[0], CMD_DEAL, 28, VALUE_AT_RISK_HELP,
};

/* Most --select and --ignore options of one run. */
#define RULE_LISTS_MAX 64

/* Most reports of one run, and -f / -o options that make them. */
#define REPORTS_MAX 16

/* One report of a run: its format and file (NULL for standard output). */
typedef struct report_target {
	const char *format;
	const char *output;
} report_target;

typedef struct run_options {
	const char *command;
	const char *deals;
	const char **roadmaps;  /* --roadmap, repeatable: the files read as one roadmap */
	size_t nroadmaps;
	const char *deals_sheet;
	const char *roadmap_sheet;
	ovp_day as_of;
	report_target reports[REPORTS_MAX];
	size_t nreports;
	/* The -f (format) and -o (output) options in the order given, paired into reports. */
	struct report_option {
		char kind;
		const char *value;
	} report_opts[2 * REPORTS_MAX];
	size_t nreport_opts;
	ovp_severity fail_on;  /* OVP_SEV_OFF for never */
	bool exit_zero;
	const char *select[RULE_LISTS_MAX];
	size_t nselect;
	const char *ignore[RULE_LISTS_MAX];
	size_t nignore;
	const char *baseline;
	const char *write_baseline;
	const char *srcroot;
	const char *config;
	bool no_config;
	const char *color;
	const char *history;   /* check --history FILE */
	const char *progress;  /* auto, always, never */
	bool quiet;
	bool verbose;
	bool compact;
	unsigned jobs;         /* check --jobs */
	/* deal */
	const char **promises;
	size_t npromises;
	const char *deal_name;
	const char *amount;
	const char *close;
	double confidence;     /* --confidence, or 0 for the configuration's */
	const char *currency;  /* --currency */
	const char *fx[RULE_LISTS_MAX]; /* --fx lists, in order */
	size_t nfx;
} run_options;

static int
parse_fail_on(const char *s, ovp_severity *out)
{
	if (strcmp(s, "never") == 0) {
		*out = OVP_SEV_OFF;
		return 0;
	}
	if (ovp_severity_parse(s, out) < 0 || *out == OVP_SEV_OFF)
		return -1;
	return 0;
}

/* Append s to the list *list of *n strings (options given more than once). */
static int
add_arg(const char ***list, size_t *n, const char *s)
{
	const char **np = realloc(*list, (*n + 1) * sizeof *np);

	if (np == NULL)
		return -1;
	*list = np;
	np[(*n)++] = s;
	return 0;
}

/* Add a --select or --ignore list; -1 past RULE_LISTS_MAX of them. */
static int
add_list(const char *cmd, const char **lists, size_t *n, const char *value, const char *option)
{
	if (*n == RULE_LISTS_MAX) {
		cli_usage_error(cmd, "%s given more than %d times; give the rules comma-separated",
		                option, RULE_LISTS_MAX);
		return -1;
	}
	lists[(*n)++] = value;
	return 0;
}

/* Is a report's output standard output? */
static bool
to_stdout(const report_target *r)
{
	return r->output == NULL || strcmp(r->output, "-") == 0;
}

/*
 * Pair the -f and -o options into reports.  One of each pair in any
 * order (and either alone: text, standard output); with several -f, each
 * is followed by its -o FILE, and the last may have none (standard
 * output).  Two reports on standard output, an -o with no -f to pair
 * with, or one file for two reports is a usage error.
 */
static int
pair_reports(run_options *ro)
{
	size_t nf = 0, no = 0;
	report_target *cur = NULL;

	for (size_t i = 0; i < ro->nreport_opts; i++) {
		if (ro->report_opts[i].kind == 'f')
			nf++;
		else
			no++;
	}
	if (nf <= 1 && no <= 1) {
		ro->reports[0].format = "text";
		for (size_t i = 0; i < ro->nreport_opts; i++) {
			if (ro->report_opts[i].kind == 'f')
				ro->reports[0].format = ro->report_opts[i].value;
			else
				ro->reports[0].output = ro->report_opts[i].value;
		}
		ro->nreports = 1;
		return 0;
	}
	for (size_t i = 0; i < ro->nreport_opts; i++) {
		const char *v = ro->report_opts[i].value;

		if (ro->report_opts[i].kind == 'f') {
			cur = &ro->reports[ro->nreports++];
			cur->format = v;
			continue;
		}
		if (cur == NULL || cur->output != NULL) {
			cli_usage_error(ro->command,
			                "-o %s has no -f to pair with: with several reports, give each "
			                "-f FORMAT its -o FILE right after it",
			                v);
			return -1;
		}
		cur->output = v;
	}
	for (size_t i = 0; i < ro->nreports; i++) {
		for (size_t j = i + 1; j < ro->nreports; j++) {
			const report_target *a = &ro->reports[i], *b = &ro->reports[j];

			if (to_stdout(a) && to_stdout(b)) {
				cli_usage_error(ro->command,
				                "the %s and the %s report would both go to standard output; "
				                "give one of them -o FILE",
				                a->format, b->format);
				return -1;
			}
			if (!to_stdout(a) && !to_stdout(b) && strcmp(a->output, b->output) == 0) {
				cli_usage_error(ro->command,
				                "-o %s is given to two reports (%s and %s); give each its own "
				                "file",
				                a->output, a->format, b->format);
				return -1;
			}
		}
	}
	return 0;
}

/* Parse the options of check (deal_mode false) or deal.  Returns -1 to exit with *code. */
static int
parse_options(int argc, char **argv, run_options *ro, bool deal_mode, int *code)
{
	const cli_help *help = deal_mode ? &deal_help : &check_help;
	const char *cmd = ro->command;
	cli_parser p;
	int c;

	cli_opt_start(&p, help, cmd, argc, argv);
	*code = EXIT_TROUBLE;
	while ((c = cli_opt_next(&p)) != CLI_OPT_END) {
		const char *arg = p.value;

		switch (c) {
		case CLI_OPT_ERROR:
			return -1;
		case CLI_OPT_ARG:
			cli_usage_error(cmd, "unexpected argument '%s'", arg);
			return -1;
		case OPT_DEALS:
			ro->deals = arg;
			break;
		case OPT_DEALS_SHEET:
			ro->deals_sheet = arg;
			break;
		case OPT_ROADMAP_SHEET:
			ro->roadmap_sheet = arg;
			break;
		case OPT_ROADMAP:
			if (add_arg(&ro->roadmaps, &ro->nroadmaps, arg) < 0) {
				cli_error("out of memory");
				return -1;
			}
			break;
		case OPT_AS_OF: {
			ovp_window w;

			if (cli_parse_date(cmd, "--as-of", arg, false, &w) != 0)
				return -1;
			ro->as_of = w.end;
			break;
		}
		case 'f':
		case 'o':
			if (ro->nreport_opts == 2 * REPORTS_MAX) {
				cli_usage_error(cmd, "more than %d reports in one run", REPORTS_MAX);
				return -1;
			}
			ro->report_opts[ro->nreport_opts].kind = (char)c;
			ro->report_opts[ro->nreport_opts++].value = arg;
			break;
		case OPT_FAIL_ON:
			if (parse_fail_on(arg, &ro->fail_on) < 0) {
				cli_usage_error(cmd,
				                "--fail-on: \"%s\" is not a level (expected error, warning, "
				                "note or never)",
				                arg);
				return -1;
			}
			break;
		case OPT_EXIT_ZERO:
			ro->exit_zero = true;
			break;
		case OPT_SELECT:
			if (add_list(cmd, ro->select, &ro->nselect, arg, "--select") < 0)
				return -1;
			break;
		case OPT_IGNORE:
			if (add_list(cmd, ro->ignore, &ro->nignore, arg, "--ignore") < 0)
				return -1;
			break;
		case OPT_BASELINE:
			ro->baseline = arg;
			break;
		case OPT_WRITE_BASELINE:
			ro->write_baseline = arg;
			break;
		case OPT_SRCROOT:
			ro->srcroot = arg;
			break;
		case OPT_CONFIDENCE:
			if (cli_parse_confidence(arg, &ro->confidence) < 0) {
				cli_usage_error(cmd, "--confidence: \"%s\" is not a probability between 0 "
				                     "and 1 (exclusive)",
				                arg);
				return -1;
			}
			break;
		case OPT_CURRENCY:
			ro->currency = arg;
			break;
		case OPT_FX:
			if (ro->nfx == RULE_LISTS_MAX) {
				cli_usage_error(cmd, "--fx given more than %d times; list several rates in "
				                     "one, CUR=RATE,CUR=RATE",
				                RULE_LISTS_MAX);
				return -1;
			}
			ro->fx[ro->nfx++] = arg;
			break;
		case OPT_CONFIG:
			ro->config = arg;
			break;
		case OPT_NO_CONFIG:
			ro->no_config = true;
			break;
		case OPT_COLOR:
			if (strcmp(arg, "auto") != 0 && strcmp(arg, "always") != 0 &&
			    strcmp(arg, "never") != 0) {
				cli_usage_error(cmd, "--color: \"%s\" is not auto, always or never", arg);
				return -1;
			}
			ro->color = arg;
			break;
		case OPT_PROGRESS:
			if (strcmp(arg, "auto") != 0 && strcmp(arg, "always") != 0 &&
			    strcmp(arg, "never") != 0) {
				cli_usage_error(cmd, "--progress: \"%s\" is not auto, always or never",
				                arg);
				return -1;
			}
			ro->progress = arg;
			break;
		case 'q':
			ro->quiet = true;
			break;
		case 'v':
			ro->verbose = true;
			break;
		case OPT_COMPACT:
			ro->compact = true;
			break;
		case OPT_JOBS:
			if (strcmp(arg, "1") != 0 && strcmp(arg, "2") != 0) {
				cli_usage_error(cmd, "--jobs: \"%s\" is not 1 or 2", arg);
				return -1;
			}
			ro->jobs = (unsigned)(arg[0] - '0');
			break;
		case OPT_PROMISE:
			if (add_arg(&ro->promises, &ro->npromises, arg) < 0) {
				cli_error("out of memory");
				return -1;
			}
			break;
		case OPT_DEAL_NAME:
			ro->deal_name = arg;
			break;
		case OPT_AMOUNT:
			ro->amount = arg;
			break;
		case OPT_CLOSE:
			ro->close = arg;
			break;
		case OPT_HISTORY:
			if (strcmp(arg, "-") == 0 || arg[0] == '\0') {
				cli_usage_error(cmd, "--history: a file is needed (the history is read and "
				                     "appended to)");
				return -1;
			}
			ro->history = arg;
			break;
		case 'h':
			cli_help_print(help, stdout);
			*code = EXIT_CLEAN;
			return -1;
		default:
			break;
		}
	}
	if (pair_reports(ro) < 0)
		return -1;
	if (!deal_mode && ro->deals == NULL) {
		cli_usage_error(cmd, "--deals FILE is required");
		return -1;
	}
	if (ro->nroadmaps == 0) {
		cli_usage_error(cmd, "--roadmap FILE is required");
		return -1;
	}
	return 0;
}

/*
 * Apply the comma-separated lists of rule IDs or names of every --select
 * (keep only the rules they name, all of them together) or every --ignore
 * (drop the rules they name).
 */
/*
 * The reporting currency and the rates of --currency and --fx, over
 * those of the configuration.  Returns 0, or -1 after a usage error.
 */
static int
apply_fx(const run_options *ro, ovp_config *cfg)
{
	ovp_error err = {0};

	if (ro->currency != NULL && ovp_fx_set_currency(&cfg->fx, ro->currency, &err) < 0) {
		cli_usage_error(ro->command, "--currency: %s", err.message);
		return -1;
	}
	for (size_t i = 0; i < ro->nfx; i++) {
		if (ovp_fx_parse(&cfg->fx, ro->fx[i], &err) < 0) {
			cli_usage_error(ro->command, "--fx: %s", err.message);
			return -1;
		}
	}
	if (cfg->fx.nrates > 0 && cfg->fx.currency[0] == '\0') {
		cli_usage_error(ro->command, "--fx: the rates need a reporting currency to convert "
		                             "into; give it with --currency CUR or [report] currency "
		                             "= CUR");
		return -1;
	}
	return 0;
}

static int
apply_rule_lists(const char *cmd, const char *const *lists, size_t n, ovp_config *cfg,
                 bool select)
{
	bool chosen[OVP_RULE_COUNT] = {false};

	if (n == 0)
		return 0;
	for (size_t l = 0; l < n; l++) {
		char *copy = strdup(lists[l]);
		char *save = NULL;

		if (copy == NULL) {
			cli_error("out of memory");
			return -1;
		}
		for (char *tok = strtok_r(copy, ", ", &save); tok != NULL;
		     tok = strtok_r(NULL, ", ", &save)) {
			ovp_rule_id id;

			if (ovp_rule_find(tok, &id) < 0) {
				cli_usage_error(cmd, "--%s: no rule is called \"%s\" (see 'overpromise rules')",
				                select ? "select" : "ignore", tok);
				free(copy);
				return -1;
			}
			chosen[id] = true;
		}
		free(copy);
	}
	for (int r = 0; r < OVP_RULE_COUNT; r++)
		if (chosen[r] != select)
			cfg->severity[r] = OVP_SEV_OFF;
	return 0;
}

/* How a file is named in reports: standard input as "<stdin>", like the readers do. */
static const char *
display_path(const char *path)
{
	return path != NULL && strcmp(path, "-") == 0 ? "<stdin>" : path;
}

/* stat() of path, or of standard input for "-". */
static int
stat_input(const char *path, struct stat *st)
{
	return strcmp(path, "-") == 0 ? fstat(STDIN_FILENO, st) : stat(path, st);
}

/* How a file is named in messages about the inputs. */
static const char *
input_name(const char *path)
{
	return strcmp(path, "-") == 0 ? "(standard input)" : path;
}

/* Are a and b one file (or both standard input)?  False when either cannot be stat()ed. */
static bool
same_file(const char *a, const char *b)
{
	struct stat x, y;

	if (strcmp(a, "-") == 0 || strcmp(b, "-") == 0)
		return strcmp(a, b) == 0;
	return stat_input(a, &x) == 0 && stat_input(b, &y) == 0 && x.st_dev == y.st_dev &&
	       x.st_ino == y.st_ino;
}

/*
 * The files of a run must be distinct: a report or baseline written over
 * an input would destroy it; the deals and the roadmap are two exports
 * (one file cannot hold both, and it would fail on a missing column with
 * a puzzling message); a roadmap given twice would make every key
 * ambiguous; and standard input can be read only once.
 * Returns 0, or EXIT_TROUBLE after saying what is wrong.
 */
static int
check_inputs(const run_options *ro)
{
	const char *others[] = {ro->deals, ro->baseline, ro->config};
	const char *outputs[REPORTS_MAX + 1];
	size_t noutputs = 0;
	struct stat d, r;

	/* The baseline written last: writing it back over the one read is fine, it is read first. */
	for (size_t i = 0; i < ro->nreports; i++)
		outputs[noutputs++] = ro->reports[i].output;
	outputs[noutputs++] = ro->write_baseline;

	/* The history is read and appended to: it may be none of the other files. */
	if (ro->history != NULL && stat(ro->history, &r) == 0) {
		for (size_t i = 0; i < ro->nroadmaps + 3 + noutputs; i++) {
			const char *f = i < ro->nroadmaps       ? ro->roadmaps[i]
			                : i < ro->nroadmaps + 3 ? others[i - ro->nroadmaps]
			                                        : outputs[i - ro->nroadmaps - 3];

			if (f == NULL || strcmp(f, "-") == 0 || stat(f, &d) != 0 || d.st_dev != r.st_dev ||
			    d.st_ino != r.st_ino)
				continue;
			cli_error("%s: given as --history and as %s; the history of runs is a file of "
			          "its own",
			          ro->history, f);
			return EXIT_TROUBLE;
		}
	}
	for (size_t o = 0; o < noutputs; o++) {
		bool baseline = o + 1 == noutputs;

		if (outputs[o] == NULL || strcmp(outputs[o], "-") == 0 || stat(outputs[o], &r) != 0 ||
		    !S_ISREG(r.st_mode))
			continue;
		for (size_t i = 0; i < ro->nroadmaps + 3; i++) {
			const char *in = i < ro->nroadmaps ? ro->roadmaps[i] : others[i - ro->nroadmaps];

			if (in == NULL || (baseline && in == ro->baseline) || stat_input(in, &d) != 0 ||
			    d.st_dev != r.st_dev || d.st_ino != r.st_ino)
				continue;
			cli_error("%s: %s would overwrite the input %s; write it to another file",
			          outputs[o], baseline ? "the baseline" : "the report", input_name(in));
			return EXIT_TROUBLE;
		}
	}
	for (size_t o = 0; o + 1 < noutputs; o++)
		if (outputs[o] != NULL && ro->write_baseline != NULL &&
		    strcmp(outputs[o], ro->write_baseline) == 0 && strcmp(outputs[o], "-") != 0)
			return cli_usage_error(ro->command,
			                       "%s is given as both a report and --write-baseline; give "
			                       "each its own file",
			                       outputs[o]);

	for (size_t i = 0; i < ro->nroadmaps; i++) {
		for (size_t j = 0; j < i; j++) {
			if (!same_file(ro->roadmaps[i], ro->roadmaps[j]))
				continue;
			if (strcmp(ro->roadmaps[i], "-") == 0)
				return cli_usage_error(ro->command,
				                       "--roadmap - given twice; standard input can be read "
				                       "only once");
			cli_error("--roadmap %s is given twice (as %s); give each roadmap file once",
			          ro->roadmaps[i], ro->roadmaps[j]);
			return EXIT_TROUBLE;
		}
	}

	if (ro->deals == NULL) {
		bool promises_stdin = ro->npromises == 0;

		for (size_t i = 0; i < ro->npromises; i++)
			if (strcmp(ro->promises[i], "-") == 0)
				promises_stdin = true;
		for (size_t i = 0; i < ro->nroadmaps; i++)
			if (promises_stdin && strcmp(ro->roadmaps[i], "-") == 0)
				return cli_usage_error(ro->command,
				                       "the roadmap and the promises cannot both come from "
				                       "standard input; give the promises with --promise TEXT");
		return 0;
	}
	for (size_t i = 0; i < ro->nroadmaps; i++) {
		const char *roadmap = ro->roadmaps[i];

		if (strcmp(ro->deals, "-") == 0 && strcmp(roadmap, "-") == 0)
			return cli_usage_error(ro->command,
			                       "--deals and --roadmap cannot both be standard input (-)");
		if (stat_input(ro->deals, &d) != 0 || stat_input(roadmap, &r) != 0 ||
		    d.st_dev != r.st_dev || d.st_ino != r.st_ino)
			continue; /* distinct, or an error the readers will name */
		if (strcmp(ro->deals, roadmap) == 0)
			cli_error("%s: given as both --deals and --roadmap; the deals export and the "
			          "roadmap export are two different files",
			          ro->deals);
		else
			cli_error("--deals %s and --roadmap %s are the same file; the deals export and "
			          "the roadmap export are two different files",
			          input_name(ro->deals), input_name(roadmap));
		return EXIT_TROUBLE;
	}
	return 0;
}

/* What an export looks like from its headers; GUESS when they do not tell, or it cannot be read. */
static ovp_input_kind
looks_like(const char *path, const ovp_config *cfg)
{
	ovp_input_kind kind = OVP_INPUT_GUESS;
	ovp_error err;

	if (path == NULL || ovp_input_kind_of(path, cfg, &kind, &err) < 0)
		return OVP_INPUT_GUESS;
	return kind;
}

/*
 * After an input error (a required column missing) in the deals file
 * (deals true) or the roadmap: say when that file looks like the other
 * export, and when the two look swapped.
 */
static void
swap_hint(const run_options *ro, const ovp_config *cfg, bool deals)
{
	/* With several roadmap files, the one that failed is named by the error itself. */
	const char *roadmap = ro->nroadmaps == 1 ? ro->roadmaps[0] : NULL;
	ovp_input_kind d = looks_like(ro->deals, cfg), r = looks_like(roadmap, cfg);

	if (d == OVP_INPUT_ROADMAP && r == OVP_INPUT_DEALS)
		cli_error("--deals %s looks like a roadmap export and --roadmap %s like a deals "
		          "export: the two look swapped",
		          ro->deals, roadmap);
	else if (deals && d == OVP_INPUT_ROADMAP)
		cli_error("%s looks like a roadmap export, not a deals export: was it meant for "
		          "--roadmap?",
		          ro->deals);
	else if (!deals && r == OVP_INPUT_DEALS)
		cli_error("%s looks like a deals export, not a roadmap export%s", roadmap,
		          ro->deals != NULL ? ": was it meant for --deals?" : "");
}

/* The one deal of the deal command, built from its options and promises. */
typedef struct typed_deal {
	ovp_deal_builder *b;
	const ovp_deal *deal;        /* when built */
	char currency[OVP_CURRENCY_SIZE];
} typed_deal;

/*
 * Read one line of fp into buf (cap bytes; the line end is kept, a NUL
 * added after it).  Returns 1 with *len its length, 0 at the end of the
 * input, -1 when the line does not fit (the input is then left inside it),
 * -2 when reading failed, with *error the errno of the failure.
 */
static int
read_line(FILE *fp, char *buf, size_t cap, size_t *len, int *error)
{
	size_t n = 0;
	int c = EOF;

	while (n + 1 < cap && (c = getc(fp)) != EOF) {
		buf[n++] = (char)c;
		if (c == '\n')
			break;
	}
	buf[n] = '\0';
	*len = n;
	if (c == EOF && ferror(fp)) {
		*error = errno;
		return -2;
	}
	if (n + 1 == cap && c != '\n') {
		/* Full: fine only if the input ends right here. */
		c = getc(fp);
		if (c != EOF) {
			ungetc(c, fp);
			return -1;
		}
	}
	return n > 0 ? 1 : 0;
}

/*
 * A copy of s[0..len) with the bytes that are not UTF-8 replaced by
 * U+FFFD, as the CSV reader replaces them in a cell, in *out (NUL-ended,
 * *out_len bytes); *out is NULL when s is well-formed.  -1 when memory is
 * short.
 */
static int
utf8_replaced(const char *s, size_t len, char **out, size_t *out_len)
{
	size_t i = 0, o = 0;
	char *r = NULL;

	*out = NULL;
	*out_len = 0;
	while (i < len) {
		size_t n = 1, bad = 0;
		uint32_t cp;

		if ((unsigned char)s[i] >= 0x80 && (n = ovp_utf8_sequence(s + i, len - i, &cp, &bad)) == 0) {
			if (r == NULL) {
				/* Each byte left may become the 3 bytes of U+FFFD. */
				r = malloc(i + 3 * (len - i) + 1);
				if (r == NULL)
					return -1;
				memcpy(r, s, i);
				o = i;
			}
			memcpy(r + o, "\xEF\xBF\xBD", 3);
			o += 3;
			i += bad;
			continue;
		}
		if (r != NULL)
			memcpy(r + o, s + i, n);
		o += n;
		i += n;
	}
	if (r != NULL) {
		r[o] = '\0';
		*out = r;
		*out_len = o;
	}
	return 0;
}

/*
 * Add the promises of one --promise or line of standard input to the deal,
 * its bytes that are not UTF-8 replaced and reported (once a deal, as an
 * export's are once a file and column).
 */
static int
add_promise_text(typed_deal *td, const char *s, size_t len, const ovp_promise_origin *at,
                 bool *reported, ovp_error *err)
{
	char *fixed;
	size_t fixed_len;
	int rc;

	if (utf8_replaced(s, len, &fixed, &fixed_len) < 0)
		return ovp_error_set(err, OVP_ENOMEM, NULL, 0, "out of memory");
	if (fixed == NULL)
		return ovp_deal_add_cell(td->b, s, len, at, err);
	rc = ovp_deal_add_cell(td->b, fixed, fixed_len, at, err);
	if (rc == 0 && !*reported) {
		*reported = true;
		rc = ovp_deal_add_problem(td->b, at->file, at->line, at->column, "", 0,
		                          "bytes that are not UTF-8 were replaced by U+FFFD "
		                          "(reported once per deal)",
		                          err);
	}
	free(fixed);
	return rc;
}

static void
typed_deal_free(typed_deal *td)
{
	ovp_deal_free(td->b);
	td->b = NULL;
}

/*
 * Build the typed deal.  Its promises' dates are read against --as-of, in
 * the order [deals] date_order gives, if any: with none, a numeric date
 * that reads two ways is an error, as nothing else can decide it.  Each
 * promise is located at its number.
 */
static int
build_deal(const run_options *ro, const ovp_config *cfg, typed_deal *td)
{
	ovp_date_context ctx = {cfg->deals.date_order, ro->as_of, false};
	ovp_promise_origin at = {"<deal>", "", 0, OVP_WINDOW_NONE, "", &ctx, true};
	bool from_stdin = ro->npromises == 0, reported = false;
	ovp_error err = {0};
	ovp_deal *d;
	int rc = 0;

	memset(td, 0, sizeof *td);
	if (ovp_deal_new(&td->b, &err) < 0)
		return cli_fail(&err);
	d = ovp_deal_fields(td->b);
	d->name = ro->deal_name != NULL ? ro->deal_name : "deal";
	d->line = 1;
	if (ro->amount != NULL) {
		if (ovp_amount_parse(ro->amount, strlen(ro->amount), &d->amount, td->currency) !=
		    OVP_AMOUNT_OK)
			return cli_usage_error(ro->command, "--amount: \"%s\" is not an amount", ro->amount);
		d->has_amount = true;
		d->currency = td->currency;
	}
	if (ro->close != NULL &&
	    cli_parse_date(ro->command, "--close", ro->close, true, &d->close) != 0)
		return EXIT_TROUBLE;
	for (size_t i = 0; i < ro->npromises; i++)
		if (strcmp(ro->promises[i], "-") == 0)
			from_stdin = true;
	for (size_t i = 0; i < ro->npromises && rc == 0; i++) {
		if (strcmp(ro->promises[i], "-") == 0)
			continue;
		at.line++;
		rc = add_promise_text(td, ro->promises[i], strlen(ro->promises[i]), &at, &reported, &err);
		if (rc == OVP_EINPUT)
			return cli_usage_error(ro->command, "--promise \"%s\": %s", ro->promises[i],
			                       err.message);
	}
	if (from_stdin && rc == 0) {
		/* A line is bounded like a cell of an export (+ its end and a NUL). */
		size_t cap = OVP_CSV_MAX_CELL + 2;
		char *line = malloc(cap);
		long physical = 0;
		size_t len;
		int got, error = 0;

		if (line == NULL) {
			cli_error("out of memory");
			return EXIT_TROUBLE;
		}
		/* Someone at a terminal would otherwise wait on a silent program. */
		if (isatty(STDIN_FILENO))
			cli_error("type one promise a line, end with Ctrl-D");
		while (rc == 0 && (got = read_line(stdin, line, cap, &len, &error)) != 0) {
			if (got == -2) {
				free(line);
				cli_error("<stdin>: read error: %s", strerror(error));
				return EXIT_TROUBLE;
			}
			physical++;
			if (got < 0) {
				free(line);
				cli_error("<stdin>:%ld: a promise longer than %zu bytes", physical,
				          OVP_CSV_MAX_CELL);
				return EXIT_TROUBLE;
			}
			/* A NUL would end the promise's text there and drop the rest unseen. */
			if (memchr(line, '\0', len) != NULL) {
				free(line);
				cli_error("<stdin>:%ld: binary data (a NUL byte): expected one promise a "
				          "line of text", physical);
				return EXIT_TROUBLE;
			}
			/* Blank lines hold no promise and take no number. */
			if (strspn(line, " \t\r\n") == len)
				continue;
			at.line++;
			rc = add_promise_text(td, line, len, &at, &reported, &err);
			if (rc == OVP_EINPUT) {
				free(line);
				cli_error("<stdin>:%ld: %s", physical, err.message);
				return EXIT_TROUBLE;
			}
		}
		free(line);
	}
	if (rc < 0)
		return cli_fail(&err);
	td->deal = ovp_deal_get(td->b);
	return 0;
}

/*
 * The progress bar: rows, megabytes and megabytes per second on stderr,
 * redrawn at most five times a second, for inputs large enough to make
 * someone wait (or always, when asked).
 */
enum { PROGRESS_MIN_BYTES = 8 << 20 };

typedef struct progress {
	bool on;
	bool tty;
	unsigned long long total;  /* file size, 0 when unknown (a pipe) */
	struct timespec start, last;
	unsigned long deals;
} progress;

static double
seconds_between(const struct timespec *a, const struct timespec *b)
{
	return (double)(b->tv_sec - a->tv_sec) + (double)(b->tv_nsec - a->tv_nsec) / 1e9;
}

static void
progress_start(progress *pg, const run_options *ro)
{
	struct stat st;
	bool large;

	memset(pg, 0, sizeof *pg);
	if (ro->deals == NULL || (ro->progress != NULL && strcmp(ro->progress, "never") == 0))
		return;
	pg->tty = isatty(STDERR_FILENO);
	if (strcmp(ro->deals, "-") != 0 && stat(ro->deals, &st) == 0 && S_ISREG(st.st_mode))
		pg->total = (unsigned long long)st.st_size;
	large = pg->total == 0 || pg->total >= PROGRESS_MIN_BYTES;
	if (ro->progress != NULL && strcmp(ro->progress, "always") == 0)
		pg->on = true;
	else
		pg->on = pg->tty && large;
	clock_gettime(CLOCK_MONOTONIC, &pg->start);
	pg->last = pg->start;
}

static void
progress_draw(progress *pg, const ovp_deals_reader *reader, bool final)
{
	struct timespec now;
	unsigned long rows;
	unsigned long long bytes;
	double elapsed, mb;

	if (!pg->on)
		return;
	clock_gettime(CLOCK_MONOTONIC, &now);
	if (!final && seconds_between(&pg->last, &now) < 0.2)
		return;
	pg->last = now;
	ovp_deals_progress(reader, &rows, &bytes);
	elapsed = seconds_between(&pg->start, &now);
	mb = (double)bytes / 1e6;
	fprintf(stderr, "%s%lu rows, %lu deals, %.1f MB", pg->tty ? "\r\x1b[K" : "", rows, pg->deals,
	        mb);
	if (pg->total > 0)
		fprintf(stderr, " of %.1f MB", (double)pg->total / 1e6);
	if (elapsed > 0.0)
		fprintf(stderr, ", %.1f MB/s", mb / elapsed);
	fputs(pg->tty && !final ? "" : "\n", stderr);
	fflush(stderr);
}

/* The progress bar as the engine's reading side sees it. */
typedef struct progress_ctx {
	progress *pg;
	const ovp_deals_reader *reader;
} progress_ctx;

static void
on_progress(void *ctx, unsigned long deals)
{
	progress_ctx *pc = ctx;

	pc->pg->deals = deals;
	/* The engine's last call gives the total; the final line is drawn after it returns. */
	if (deals % 1024 == 0)
		progress_draw(pc->pg, pc->reader, false);
}

/* Feed the deals to the engine: from the export (check) or the typed deal. */
static int
feed_deals(ovp_engine *engine, ovp_deals_reader *reader, const typed_deal *td,
           const run_options *ro, ovp_error *err)
{
	progress pg;
	progress_ctx pc = {&pg, reader};
	int rc = 0;

	if (reader == NULL)
		return ovp_engine_deal(engine, td->deal, err);
	progress_start(&pg, ro);
	rc = ovp_engine_deals(engine, reader, ro->jobs, on_progress, &pc, err);
	if (rc < 0)
		return rc;
	progress_draw(&pg, reader, true);
	if (rc == 0) {
		size_t n;
		const ovp_problem *p = ovp_deals_trailing_problems(reader, &n);

		rc = ovp_engine_problems(engine, p, n, err);
	}
	return rc;
}

/* The reports of a run: where each goes, its sink, and what it is told at begin. */
typedef struct open_reports {
	ovp_output *outputs[REPORTS_MAX];
	FILE *fps[REPORTS_MAX];
	ovp_sink *sinks[REPORTS_MAX];
	ovp_report_meta metas[REPORTS_MAX];
	const ovp_report_meta *meta_of[REPORTS_MAX];
	size_t n;
	ovp_sink *tee;  /* the sink the engine writes to when there are several */
} open_reports;

/* Open every report's file and sink; *sink is what the engine writes to. */
static int
open_reports_start(open_reports *or, const run_options *ro, ovp_sink **sink, ovp_error *err)
{
	int rc = 0;

	for (size_t i = 0; i < ro->nreports && rc == 0; i++) {
		rc = cli_output_open(&or->outputs[i], ro->reports[i].output, &or->fps[i], err);
		if (rc == 0)
			rc = ovp_sink_new(&or->sinks[i], ro->reports[i].format, or->fps[i], err);
		if (rc == 0)
			or->sinks[i]->name = to_stdout(&ro->reports[i]) ? "<stdout>" : ro->reports[i].output;
		or->n = i + 1;
	}
	if (rc == 0 && or->n > 1)
		rc = ovp_sink_tee_new(&or->tee, or->sinks, or->meta_of, or->n, err);
	*sink = or->tee != NULL ? or->tee : or->sinks[0];
	return rc;
}

/*
 * Close every report, then rename each into place: a failed write leaves
 * no report changed.  Returns 0, or the failure with err naming the file.
 */
static int
open_reports_commit(open_reports *or, ovp_error *err)
{
	int rc = 0;

	for (size_t i = 0; i < or->n && rc == 0; i++)
		rc = ovp_output_close(or->outputs[i], err);
	for (size_t i = 0; i < or->n && rc == 0; i++) {
		rc = ovp_output_commit(or->outputs[i], err);
		or->outputs[i] = NULL;
	}
	return rc;
}

static void
open_reports_free(open_reports *or)
{
	ovp_sink_free(or->tee);
	for (size_t i = 0; i < or->n; i++) {
		ovp_output_abort(or->outputs[i]);
		ovp_sink_free(or->sinks[i]);
	}
}

static int
run(const run_options *ro)
{
	ovp_config cfg;
	ovp_error err = {0};
	ovp_roadmap *roadmap = NULL;
	ovp_deals_reader *reader = NULL;
	ovp_baseline *baseline = NULL;
	ovp_sink *sink = NULL;
	ovp_engine *engine = NULL;
	ovp_run_history *history = NULL;
	ovp_summary sum;
	typed_deal td;
	open_reports or;
	char *srcroot;
	struct stat st;
	enum { SWAP_NONE, SWAP_DEALS, SWAP_ROADMAP } swap = SWAP_NONE;
	const char **roadmap_paths = NULL;
	ovp_report_meta meta = {0};
	ovp_engine_options eo = {0};
	int code = EXIT_TROUBLE;
	int rc;

	memset(&td, 0, sizeof td);
	memset(&or, 0, sizeof or);
	if (check_inputs(ro) != 0)
		return EXIT_TROUBLE;
	rc = cli_load_config(ro->config, ro->no_config, &cfg, &err);
	if (rc < 0) {
		ovp_config_free(&cfg);
		return cli_fail(&err);
	}
	if (apply_rule_lists(ro->command, ro->select, ro->nselect, &cfg, true) < 0 ||
	    apply_rule_lists(ro->command, ro->ignore, ro->nignore, &cfg, false) < 0 ||
	    cli_use_sheet(&cfg.deals, ro->deals_sheet) < 0 ||
	    cli_use_sheet(&cfg.roadmap, ro->roadmap_sheet) < 0 || apply_fx(ro, &cfg) < 0) {
		ovp_config_free(&cfg);
		return EXIT_TROUBLE;
	}
	if (ro->confidence > 0.0)
		cfg.confidence = ro->confidence;
	/* The directory SARIF locations are relative to, resolved as the report needs it. */
	srcroot = realpath(ro->srcroot != NULL ? ro->srcroot : ".", NULL);
	if (srcroot == NULL || stat(srcroot, &st) != 0 || !S_ISDIR(st.st_mode)) {
		int e = errno;

		if (ro->srcroot != NULL && srcroot == NULL)
			cli_usage_error(ro->command, "--srcroot: %s: %s", ro->srcroot, strerror(e));
		else if (ro->srcroot != NULL)
			cli_usage_error(ro->command, "--srcroot: %s is not a directory", ro->srcroot);
		else
			cli_error("cannot resolve the current directory: %s", strerror(e));
		free(srcroot);
		ovp_config_free(&cfg);
		return EXIT_TROUBLE;
	}
	if (ro->deals == NULL) {
		rc = build_deal(ro, &cfg, &td);
		if (rc != 0) {
			typed_deal_free(&td);
			free(srcroot);
			ovp_config_free(&cfg);
			return rc;
		}
	}
	if (ro->history != NULL) {
		rc = ovp_run_history_read(&history, ro->history, true, &err);
		if (rc < 0) {
			typed_deal_free(&td);
			free(srcroot);
			ovp_config_free(&cfg);
			return cli_fail(&err);
		}
		cli_report_skipped(history);
	}
	rc = ovp_roadmap_load_files_on(&roadmap, ro->roadmaps, ro->nroadmaps, &cfg, ro->as_of,
	                               ro->jobs, &err);
	if (rc == OVP_EINPUT)
		swap = SWAP_ROADMAP;
	if (rc == 0 && ro->deals != NULL) {
		rc = ovp_deals_open(&reader, ro->deals, &cfg, &err);
		if (rc == OVP_EINPUT)
			swap = SWAP_DEALS;
		if (rc == 0)
			ovp_deals_set_as_of(reader, ro->as_of);
	}
	if (rc == 0 && ro->baseline != NULL)
		rc = ovp_baseline_load(&baseline, ro->baseline, &err);
	if (rc == 0) {
		meta.command = ro->command;
		meta.srcroot = srcroot;
		meta.as_of = ro->as_of;
		meta.deals_path = display_path(ro->deals);
		meta.roadmap_path = roadmap->files[0].path;
		if (roadmap->nfiles > 1) {
			roadmap_paths = malloc(roadmap->nfiles * sizeof *roadmap_paths);
			if (roadmap_paths == NULL)
				rc = ovp_error_set(&err, OVP_ENOMEM, NULL, 0, "out of memory");
			for (size_t i = 0; roadmap_paths != NULL && i < roadmap->nfiles; i++)
				roadmap_paths[i] = roadmap->files[i].path;
			meta.roadmap_paths = roadmap_paths;
			meta.nroadmap_paths = roadmap->nfiles;
		}
		meta.deals_sheet = reader != NULL ? ovp_deals_sheet(reader) : NULL;
		meta.verbose = ro->verbose;
		meta.quiet = ro->quiet;
		meta.compact = ro->compact;
		meta.fail_on = ro->fail_on;
		meta.history = history;
		meta.fx = &cfg.fx;
		meta.color = cli_use_color(ro->color, ro->reports[0].output);
		/* Each report is told what a run of its own would be told. */
		for (size_t i = 0; i < ro->nreports; i++) {
			or.metas[i] = meta;
			or.metas[i].color = cli_use_color(ro->color, ro->reports[i].output);
			or.meta_of[i] = &or.metas[i];
		}
	}
	if (rc == 0)
		rc = open_reports_start(&or, ro, &sink, &err);
	if (rc == 0) {
		eo.roadmap = roadmap;
		eo.config = &cfg;
		eo.as_of = ro->as_of;
		eo.sink = sink;
		eo.baseline = baseline;
		eo.collect_fingerprints = ro->write_baseline != NULL;
		eo.threads = ro->jobs;
		rc = ovp_engine_new(&engine, &eo, &err);
	}
	if (rc == 0)
		rc = ovp_engine_begin(engine, &meta, &err);
	if (rc == 0)
		rc = feed_deals(engine, reader, &td, ro, &err);
	if (rc == 0)
		rc = ovp_engine_finish(engine, &sum, &err);
	if (rc == 0 && ro->write_baseline != NULL)
		rc = ovp_engine_write_baseline(engine, ro->write_baseline, &err);
	if (rc == 0)
		rc = open_reports_commit(&or, &err);
	if (rc == 0 && ro->history != NULL)
		rc = ovp_run_history_append(ro->history, &meta, &sum, &err);
	if (rc == 0) {
		bool failing = ro->fail_on != OVP_SEV_OFF && sum.worst >= ro->fail_on;

		code = failing && !ro->exit_zero ? EXIT_FINDINGS : EXIT_CLEAN;
	} else {
		FILE *bad = NULL;

		/* A write to a report that failed (a full disk, /dev/full) while it was written. */
		for (size_t i = 0; i < or.n && bad == NULL; i++)
			if (or.outputs[i] != NULL && or.fps[i] != NULL && ferror(or.fps[i]))
				bad = or.fps[i];
		if (rc == OVP_EUSAGE)
			cli_usage_error(ro->command, "%s", err.message);
		else if (rc == OVP_EIO && bad == stdout)
			; /* main() reports that standard output could not be written */
		else
			cli_fail(&err);
		if (swap != SWAP_NONE)
			swap_hint(ro, &cfg, swap == SWAP_DEALS);
	}
	open_reports_free(&or);
	ovp_run_history_free(history);
	ovp_engine_free(engine);
	ovp_baseline_free(baseline);
	ovp_deals_close(reader);
	ovp_roadmap_free(roadmap);
	free(roadmap_paths);
	typed_deal_free(&td);
	free(srcroot);
	ovp_config_free(&cfg);
	return code;
}

static void
defaults(run_options *ro, const char *command)
{
	memset(ro, 0, sizeof *ro);
	ro->command = command;
	ro->as_of = cli_today();
	ro->fail_on = OVP_SEV_ERROR;
	/* Reading and matching on one thread, the report on another, where there are two CPUs. */
	ro->jobs = sysconf(_SC_NPROCESSORS_ONLN) >= 2 ? 2 : 1;
}

int
cmd_check(int argc, char **argv)
{
	run_options ro;
	int code = 0;

	defaults(&ro, "check");
	if (parse_options(argc, argv, &ro, false, &code) == 0)
		code = run(&ro);
	free(ro.roadmaps);
	return code;
}

int
cmd_deal(int argc, char **argv)
{
	run_options ro;
	int code = 0;

	defaults(&ro, "deal");
	if (parse_options(argc, argv, &ro, true, &code) == 0)
		code = run(&ro);
	free(ro.promises);
	free(ro.roadmaps);
	return code;
}
