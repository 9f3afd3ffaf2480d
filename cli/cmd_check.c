/*
 * The check and deal commands: options, configuration, and the run from
 * the two exports (or one deal typed in) to a report and an exit code.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"

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
	OPT_DEALS_SHEET,
	OPT_ROADMAP_SHEET,
	OPT_HISTORY
};

typedef struct run_options {
	const char *command;
	const char *deals;
	const char **roadmaps;  /* --roadmap, repeatable: the files read as one roadmap */
	size_t nroadmaps;
	const char *deals_sheet;
	const char *roadmap_sheet;
	ovp_day as_of;
	const char *format;
	const char *output;
	ovp_severity fail_on;  /* OVP_SEV_OFF for never */
	bool exit_zero;
	const char *select;
	const char *ignore;
	const char *baseline;
	const char *write_baseline;
	const char *config;
	bool no_config;
	const char *color;
	const char *history;   /* check --history FILE */
	const char *progress;  /* auto, always, never */
	bool quiet;
	bool verbose;
	/* deal */
	const char **promises;
	size_t npromises;
	const char *deal_name;
	const char *amount;
	const char *close;
} run_options;

/*
 * The help of check and deal: the usage, the description, deal's own
 * options and check's --history go into the %s.
 */
static const char check_help[] =
	"Usage: %s"
	"\n"
	"Options:\n"
	"%s"
	"      --roadmap FILE        the roadmap export (CSV, gzip'd CSV or Excel .xlsx;\n"
	"                            repeatable: several files are read as one roadmap)\n"
	"      --roadmap-sheet NAME  the roadmap's sheet in a workbook (default: the first\n"
	"                            visible one)\n"
	"%s"
	"      --as-of DATE          the day the check is made for (default: today, UTC,\n"
	"                            or SOURCE_DATE_EPOCH)\n"
	"  -f, --format FMT          text, json, csv, markdown, sarif, junit, github,\n"
	"                            gitlab or html (default: text)\n"
	"  -o, --output FILE         write the report to FILE, atomically\n"
	"      --fail-on LEVEL       exit 1 when a finding at or above LEVEL remains:\n"
	"                            error, warning, note or never (default: error)\n"
	"      --exit-zero           exit 0 even with findings\n"
	"      --select IDS          only these rules (IDs or names, comma-separated)\n"
	"      --ignore IDS          skip these rules (IDs or names, comma-separated)\n"
	"      --baseline FILE       findings in FILE are reported as suppressed\n"
	"      --write-baseline FILE write the fingerprints of the findings to FILE\n"
	"%s"
	"      --config FILE         read the configuration from FILE\n"
	"      --no-config           do not look for a configuration file\n"
	"      --color WHEN          auto, always or never (default: auto)\n"
	"      --progress WHEN       a progress bar on stderr for large inputs: auto (when\n"
	"                            stderr is a terminal), always or never (default: auto)\n"
	"  -q, --quiet               findings only, no summary\n"
	"  -v, --verbose, --explain  explain how every promise matched\n"
	"  -h, --help                show this help and exit\n";

static const char check_usage[] =
	"overpromise check --deals FILE --roadmap FILE [OPTIONS]\n"
	"\n"
	"Match every promised feature of a CRM deals export to the roadmap export and\n"
	"report the promises likely to be oversold or underdelivered.\n";

static const char check_deals[] =
	"      --deals FILE          the deals export (CSV, gzip'd CSV or Excel .xlsx; - for\n"
	"                            standard input)\n"
	"      --deals-sheet NAME    the deals' sheet in a workbook (default: the first\n"
	"                            visible one)\n";

static const char check_history[] =
	"      --history FILE        append this run's figures to FILE (JSON lines); with\n"
	"                            -f html, add the trend and the change since the last run\n";

static const char deal_usage[] =
	"overpromise deal --roadmap FILE [--promise TEXT]... [OPTIONS]\n"
	"\n"
	"Check the promises of one deal, before it is signed, against the roadmap\n"
	"export: what engineering's plan does not back, and why.\n";

static const char deal_extra[] =
	"      --promise TEXT        a promise, \"FEATURE [by DATE]\" (repeatable; - or none:\n"
	"                            read promises from standard input, one a line)\n"
	"      --deal-name NAME      the deal's name (default: \"deal\")\n"
	"      --amount N            the deal's amount, with an optional currency\n"
	"      --close DATE          the deal's close date (due date of undated promises)\n";

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

/* Parse the options of check (deal_mode false) or deal.  Returns -1 to exit with *code. */
static int
parse_options(int argc, char **argv, run_options *ro, bool deal_mode, int *code)
{
	static const struct option longopts[] = {
		{"deals", required_argument, NULL, OPT_DEALS},
		{"roadmap", required_argument, NULL, OPT_ROADMAP},
		{"deals-sheet", required_argument, NULL, OPT_DEALS_SHEET},
		{"roadmap-sheet", required_argument, NULL, OPT_ROADMAP_SHEET},
		{"as-of", required_argument, NULL, OPT_AS_OF},
		{"format", required_argument, NULL, 'f'},
		{"output", required_argument, NULL, 'o'},
		{"fail-on", required_argument, NULL, OPT_FAIL_ON},
		{"exit-zero", no_argument, NULL, OPT_EXIT_ZERO},
		{"select", required_argument, NULL, OPT_SELECT},
		{"ignore", required_argument, NULL, OPT_IGNORE},
		{"baseline", required_argument, NULL, OPT_BASELINE},
		{"write-baseline", required_argument, NULL, OPT_WRITE_BASELINE},
		{"config", required_argument, NULL, OPT_CONFIG},
		{"no-config", no_argument, NULL, OPT_NO_CONFIG},
		{"color", required_argument, NULL, OPT_COLOR},
		{"colour", required_argument, NULL, OPT_COLOR},
		{"quiet", no_argument, NULL, 'q'},
		{"verbose", no_argument, NULL, 'v'},
		{"explain", no_argument, NULL, 'v'},
		{"progress", required_argument, NULL, OPT_PROGRESS},
		{"promise", required_argument, NULL, OPT_PROMISE},
		{"deal-name", required_argument, NULL, OPT_DEAL_NAME},
		{"amount", required_argument, NULL, OPT_AMOUNT},
		{"close", required_argument, NULL, OPT_CLOSE},
		{"history", required_argument, NULL, OPT_HISTORY},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	const char *cmd = ro->command;
	int c;

	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, ":f:o:qvh", longopts, NULL)) != -1) {
		bool deal_only = c == OPT_PROMISE || c == OPT_DEAL_NAME || c == OPT_AMOUNT ||
		                 c == OPT_CLOSE;

		if ((deal_only && !deal_mode) ||
		    ((c == OPT_DEALS || c == OPT_DEALS_SHEET || c == OPT_HISTORY) && deal_mode)) {
			*code = cli_usage_error(cmd, "unknown option '%s'", argv[optind - 1]);
			return -1;
		}
		switch (c) {
		case OPT_DEALS:
			ro->deals = optarg;
			break;
		case OPT_ROADMAP:
			if (add_arg(&ro->roadmaps, &ro->nroadmaps, optarg) < 0) {
				cli_error("out of memory");
				*code = EXIT_TROUBLE;
				return -1;
			}
			break;
		case OPT_DEALS_SHEET:
			ro->deals_sheet = optarg;
			break;
		case OPT_ROADMAP_SHEET:
			ro->roadmap_sheet = optarg;
			break;
		case OPT_AS_OF:
			if (cli_parse_day(optarg, &ro->as_of) < 0) {
				*code = cli_usage_error(cmd, "--as-of: \"%s\" is not a date (expected YYYY-MM-DD)",
				                        optarg);
				return -1;
			}
			break;
		case 'f':
			ro->format = optarg;
			break;
		case 'o':
			ro->output = optarg;
			break;
		case OPT_FAIL_ON:
			if (parse_fail_on(optarg, &ro->fail_on) < 0) {
				*code = cli_usage_error(cmd,
				                        "--fail-on: \"%s\" is not a level (expected error, "
				                        "warning, note or never)",
				                        optarg);
				return -1;
			}
			break;
		case OPT_EXIT_ZERO:
			ro->exit_zero = true;
			break;
		case OPT_SELECT:
			ro->select = optarg;
			break;
		case OPT_IGNORE:
			ro->ignore = optarg;
			break;
		case OPT_BASELINE:
			ro->baseline = optarg;
			break;
		case OPT_WRITE_BASELINE:
			ro->write_baseline = optarg;
			break;
		case OPT_CONFIG:
			ro->config = optarg;
			break;
		case OPT_NO_CONFIG:
			ro->no_config = true;
			break;
		case OPT_COLOR:
			if (strcmp(optarg, "auto") != 0 && strcmp(optarg, "always") != 0 &&
			    strcmp(optarg, "never") != 0) {
				*code = cli_usage_error(cmd,
				                        "--color: \"%s\" is not auto, always or never", optarg);
				return -1;
			}
			ro->color = optarg;
			break;
		case OPT_PROGRESS:
			if (strcmp(optarg, "auto") != 0 && strcmp(optarg, "always") != 0 &&
			    strcmp(optarg, "never") != 0) {
				*code = cli_usage_error(cmd,
				                        "--progress: \"%s\" is not auto, always or never",
				                        optarg);
				return -1;
			}
			ro->progress = optarg;
			break;
		case 'q':
			ro->quiet = true;
			break;
		case 'v':
			ro->verbose = true;
			break;
		case OPT_PROMISE:
			if (add_arg(&ro->promises, &ro->npromises, optarg) < 0) {
				cli_error("out of memory");
				*code = EXIT_TROUBLE;
				return -1;
			}
			break;
		case OPT_DEAL_NAME:
			ro->deal_name = optarg;
			break;
		case OPT_AMOUNT:
			ro->amount = optarg;
			break;
		case OPT_CLOSE:
			ro->close = optarg;
			break;
		case OPT_HISTORY:
			if (strcmp(optarg, "-") == 0 || optarg[0] == '\0') {
				*code = cli_usage_error(cmd, "--history: a file is needed (the history is read "
				                             "and appended to)");
				return -1;
			}
			ro->history = optarg;
			break;
		case 'h':
			printf(check_help, deal_mode ? deal_usage : check_usage,
			       deal_mode ? "" : check_deals, deal_mode ? deal_extra : "",
			       deal_mode ? "" : check_history);
			*code = EXIT_CLEAN;
			return -1;
		case ':':
			*code = cli_usage_error(cmd, "option '%s' needs a value", argv[optind - 1]);
			return -1;
		default:
			*code = cli_usage_error(cmd, "unknown option '%s'", argv[optind - 1]);
			return -1;
		}
	}
	if (optind < argc) {
		*code = cli_usage_error(cmd, "unexpected argument '%s'", argv[optind]);
		return -1;
	}
	if (!deal_mode && ro->deals == NULL) {
		*code = cli_usage_error(cmd, "--deals FILE is required");
		return -1;
	}
	if (ro->nroadmaps == 0) {
		*code = cli_usage_error(cmd, "--roadmap FILE is required");
		return -1;
	}
	return 0;
}

/* Apply a comma-separated list of rule IDs or names: keep only them (select) or drop them. */
static int
apply_rule_list(const char *cmd, const char *list, ovp_config *cfg, bool select)
{
	bool chosen[OVP_RULE_COUNT] = {false};
	char *copy = strdup(list);
	char *save = NULL;

	if (copy == NULL) {
		cli_error("out of memory");
		return -1;
	}
	for (char *tok = strtok_r(copy, ", ", &save); tok != NULL; tok = strtok_r(NULL, ", ", &save)) {
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
	const char *outputs[] = {ro->output, ro->write_baseline};
	struct stat d, r;

	/* The history is read and appended to: it may be none of the other files. */
	if (ro->history != NULL && stat(ro->history, &r) == 0) {
		const char *others[] = {ro->deals, ro->baseline, ro->config, ro->output,
		                        ro->write_baseline};
		size_t nothers = sizeof others / sizeof others[0];

		for (size_t i = 0; i < ro->nroadmaps + nothers; i++) {
			const char *f = i < ro->nroadmaps ? ro->roadmaps[i] : others[i - ro->nroadmaps];

			if (f == NULL || strcmp(f, "-") == 0 || stat(f, &d) != 0 || d.st_dev != r.st_dev ||
			    d.st_ino != r.st_ino)
				continue;
			cli_error("%s: given as --history and as %s; the history of runs is a file of "
			          "its own",
			          ro->history, f);
			return EXIT_TROUBLE;
		}
	}

	/* Writing the baseline back over the one read is fine: it is read first. */
	for (size_t o = 0; o < sizeof outputs / sizeof outputs[0]; o++) {
		const char *others[] = {ro->deals, ro->baseline, ro->config};

		if (outputs[o] == NULL || strcmp(outputs[o], "-") == 0 || stat(outputs[o], &r) != 0 ||
		    !S_ISREG(r.st_mode))
			continue;
		for (size_t i = 0; i < ro->nroadmaps + 3; i++) {
			const char *in = i < ro->nroadmaps ? ro->roadmaps[i] : others[i - ro->nroadmaps];

			if (in == NULL || (o == 1 && in == ro->baseline) || stat_input(in, &d) != 0 ||
			    d.st_dev != r.st_dev || d.st_ino != r.st_ino)
				continue;
			cli_error("%s: %s would overwrite the input %s; write it to another file",
			          outputs[o], o == 0 ? "the report" : "the baseline", input_name(in));
			return EXIT_TROUBLE;
		}
	}

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

static bool
use_color(const run_options *ro)
{
	const char *term = getenv("TERM");
	const char *no = getenv("NO_COLOR");

	if (ro->color != NULL && strcmp(ro->color, "always") == 0)
		return true;
	if (ro->color != NULL && strcmp(ro->color, "never") == 0)
		return false;
	if (no != NULL && no[0] != '\0')
		return false;
	if (term != NULL && strcmp(term, "dumb") == 0)
		return false;
	return ro->output == NULL && isatty(STDOUT_FILENO);
}

/* Build the one deal of the deal command from its options and promises. */
typedef struct typed_deal {
	ovp_deal deal;
	ovp_promise *promises;
	size_t n, cap;
	char **owned;
	size_t nowned, owned_cap;
	long line;      /* number of the promise being added, its location in the report */
	long nlines;
	char currency[OVP_CURRENCY_SIZE];
	const ovp_date_context *ctx; /* how the promises' dates are read */
	ovp_problem *problems;       /* dates that could not be read, as OVP201 */
	size_t nproblems, problems_cap;
	char why[256];               /* with TWO_READINGS: the date and its readings */
	int rc;
} typed_deal;

static char *
keep(typed_deal *td, const char *s, size_t len)
{
	char *c;

	/* Grown by doubling: one more slot at a time made 100,000 typed
	 * promises take quadratic time (hours under valgrind). */
	if (td->nowned == td->owned_cap) {
		size_t cap = td->owned_cap ? td->owned_cap * 2 : 16;
		char **no = realloc(td->owned, cap * sizeof *no);

		if (no == NULL)
			return NULL;
		td->owned = no;
		td->owned_cap = cap;
	}
	c = malloc(len + 1);
	if (c == NULL)
		return NULL;
	memcpy(c, s, len);
	c[len] = '\0';
	td->owned[td->nowned++] = c;
	return c;
}

/* td->rc when a deal gets more than OVP_DEAL_MAX_PROMISES promises. */
#define TOO_MANY_PROMISES (-2)

/* td->rc when a promise's date reads as two days: there is no file to decide. */
#define TWO_READINGS (-3)

/* Keep a typed promise's date problem (message msg) as an OVP201 at its number. */
static int
typed_problem(typed_deal *td, const ovp_promise_part *part, const char *msg)
{
	ovp_problem *q;

	if (td->nproblems == td->problems_cap) {
		size_t cap = td->problems_cap ? td->problems_cap * 2 : 8;
		ovp_problem *np = realloc(td->problems, cap * sizeof *np);

		if (np == NULL)
			return -1;
		td->problems = np;
		td->problems_cap = cap;
	}
	q = &td->problems[td->nproblems];
	q->line = td->line;
	q->file = "<deal>";
	q->column = "";
	q->value = keep(td, part->text, part->text_len);
	q->message = keep(td, msg, strlen(msg));
	if (q->value == NULL || q->message == NULL)
		return -1;
	td->nproblems++;
	return 0;
}

static int
on_typed_promise(void *arg, const ovp_promise_part *part)
{
	typed_deal *td = arg;
	ovp_promise *p;
	char msg[400];

	if (td->n == OVP_DEAL_MAX_PROMISES)
		return td->rc = TOO_MANY_PROMISES;
	if (part->two_readings) {
		ovp_window mdy = part->due, dmy = part->other;
		char a[OVP_DATE_ISO_SIZE], b[OVP_DATE_ISO_SIZE];

		(void)ovp_date_two_readings(part->date, part->date_len, &mdy, &dmy);
		snprintf(td->why, sizeof td->why,
		         "\"%.*s\" reads two ways, %s (month/day) or %s (day/month); write it as "
		         "YYYY-MM-DD, or set [deals] date_order in .overpromise.ini",
		         (int)(part->date_len > 80 ? 80 : part->date_len), part->date,
		         ovp_day_format(mdy.end, a), ovp_day_format(dmy.end, b));
		return td->rc = TWO_READINGS;
	}
	if (ovp_promise_date_problem(part, td->ctx, msg, sizeof msg) &&
	    typed_problem(td, part, msg) < 0)
		return td->rc = -1;
	if (td->n == td->cap) {
		size_t cap = td->cap ? td->cap * 2 : 8;
		ovp_promise *np = realloc(td->promises, cap * sizeof *np);

		if (np == NULL)
			return td->rc = -1;
		td->promises = np;
		td->cap = cap;
	}
	p = &td->promises[td->n];
	memset(p, 0, sizeof *p);
	p->line = td->line;
	p->text = keep(td, part->text, part->text_len);
	p->feature = keep(td, part->feature, part->feature_len);
	if (p->text == NULL || p->feature == NULL)
		return td->rc = -1;
	if (part->date != NULL && !part->bad_date) {
		p->due = part->due;
		p->due_source = OVP_DUE_OWN;
		p->due_text = keep(td, part->date, part->date_len);
	} else if (ovp_window_is_set(td->deal.close)) {
		p->due = td->deal.close;
		p->due_source = OVP_DUE_CLOSE;
		p->due_text = "";
	} else {
		p->due = OVP_WINDOW_NONE;
		p->due_source = OVP_DUE_NONE;
		p->due_text = "";
	}
	if (p->due_text == NULL)
		return td->rc = -1;
	td->n++;
	return 0;
}

/*
 * Read one line of fp into buf (cap bytes; the line end is kept, a NUL
 * added after it).  Returns 1 with *len its length, 0 at the end of the
 * input, -1 when the line does not fit (the input is then left inside it).
 */
static int
read_line(FILE *fp, char *buf, size_t cap, size_t *len)
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

static void
typed_deal_free(typed_deal *td)
{
	for (size_t i = 0; i < td->nowned; i++)
		free(td->owned[i]);
	free(td->owned);
	free(td->promises);
	free(td->problems);
}

/*
 * Build the typed deal.  Its promises' dates are read against --as-of, in
 * the order [deals] date_order gives, if any: with none, a numeric date
 * that reads two ways is an error, as nothing else can decide it.
 */
static int
build_deal(const run_options *ro, const ovp_config *cfg, typed_deal *td)
{
	ovp_date_context ctx = {cfg->deals.date_order, ro->as_of, false};
	bool from_stdin = ro->npromises == 0;

	memset(td, 0, sizeof *td);
	td->ctx = &ctx;
	td->deal.id = "";
	td->deal.name = ro->deal_name != NULL ? ro->deal_name : "deal";
	td->deal.account = "";
	td->deal.stage = "";
	td->deal.owner = "";
	td->deal.currency = "";
	td->deal.close = OVP_WINDOW_NONE;
	td->deal.line = 1;
	if (ro->amount != NULL) {
		if (ovp_amount_parse(ro->amount, strlen(ro->amount), &td->deal.amount, td->currency) !=
		    OVP_AMOUNT_OK)
			return cli_usage_error(ro->command, "--amount: \"%s\" is not an amount", ro->amount);
		td->deal.has_amount = true;
		td->deal.currency = td->currency;
	}
	if (ro->close != NULL) {
		ovp_day d;

		if (cli_parse_day(ro->close, &d) < 0)
			return cli_usage_error(ro->command, "--close: \"%s\" is not a date (expected "
			                                    "YYYY-MM-DD)",
			                       ro->close);
		td->deal.close = (ovp_window){d, d, OVP_PERIOD_DAY};
	}
	for (size_t i = 0; i < ro->npromises; i++)
		if (strcmp(ro->promises[i], "-") == 0)
			from_stdin = true;
	for (size_t i = 0; i < ro->npromises && td->rc == 0; i++) {
		if (strcmp(ro->promises[i], "-") == 0)
			continue;
		td->line = td->nlines++ + 1;
		ovp_promise_split(ro->promises[i], strlen(ro->promises[i]), &ctx, on_typed_promise, td);
		if (td->rc == TWO_READINGS)
			return cli_usage_error(ro->command, "--promise \"%s\": %s", ro->promises[i],
			                       td->why);
	}
	if (from_stdin) {
		/* A line is bounded like a cell of an export (+ its end and a NUL). */
		size_t cap = OVP_CSV_MAX_CELL + 2;
		char *line = malloc(cap);
		long physical = 0;
		size_t len;
		int got;

		if (line == NULL) {
			cli_error("out of memory");
			return EXIT_TROUBLE;
		}
		while (td->rc == 0 && (got = read_line(stdin, line, cap, &len)) != 0) {
			physical++;
			if (got < 0) {
				free(line);
				cli_error("<stdin>:%ld: a promise longer than %zu bytes", physical,
				          OVP_CSV_MAX_CELL);
				return EXIT_TROUBLE;
			}
			/* Blank lines hold no promise and take no number. */
			if (strspn(line, " \t\r\n") == len)
				continue;
			td->line = td->nlines++ + 1;
			ovp_promise_split(line, len, &ctx, on_typed_promise, td);
			if (td->rc == TWO_READINGS) {
				free(line);
				cli_error("<stdin>:%ld: %s", physical, td->why);
				return EXIT_TROUBLE;
			}
		}
		free(line);
		if (ferror(stdin)) {
			cli_error("<stdin>: read error: %s", strerror(errno));
			return EXIT_TROUBLE;
		}
	}
	if (td->rc == TOO_MANY_PROMISES) {
		cli_error("the deal has more than %d promises: overpromise reads at most %d per deal",
		          OVP_DEAL_MAX_PROMISES, OVP_DEAL_MAX_PROMISES);
		return EXIT_TROUBLE;
	}
	if (td->rc < 0) {
		cli_error("out of memory");
		return EXIT_TROUBLE;
	}
	td->deal.promises = td->promises;
	td->deal.npromises = td->n;
	td->deal.problems = td->problems;
	td->deal.nproblems = td->nproblems;
	td->ctx = NULL;
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

/* Feed the deals to the engine: from the export (check) or the typed deal. */
static int
feed_deals(ovp_engine *engine, ovp_deals_reader *reader, const typed_deal *td,
           const run_options *ro, ovp_error *err)
{
	progress pg;
	int rc = 0;

	if (reader == NULL)
		return ovp_engine_deal(engine, &td->deal, err);
	progress_start(&pg, ro);
	for (;;) {
		const ovp_deal *deal;

		rc = ovp_deals_next(reader, &deal, err);
		if (rc <= 0)
			break;
		rc = ovp_engine_deal(engine, deal, err);
		if (rc < 0)
			return rc;
		pg.deals++;
		if ((pg.deals & 1023) == 0)
			progress_draw(&pg, reader, false);
	}
	if (rc == 0)
		progress_draw(&pg, reader, true);
	if (rc == 0) {
		size_t n;
		const ovp_problem *p = ovp_deals_trailing_problems(reader, &n);

		rc = ovp_engine_problems(engine, p, n, err);
	}
	return rc;
}

static int
run(const run_options *ro)
{
	ovp_config cfg;
	ovp_error err = {0};
	ovp_roadmap *roadmap = NULL;
	ovp_deals_reader *reader = NULL;
	ovp_baseline *baseline = NULL;
	ovp_output *output = NULL;
	ovp_sink *sink = NULL;
	ovp_engine *engine = NULL;
	ovp_run_history *history = NULL;
	ovp_summary sum;
	typed_deal td;
	FILE *fp = NULL;
	ovp_report_meta meta = {0};
	const char **roadmap_paths = NULL;
	ovp_engine_options eo = {0};
	int code = EXIT_TROUBLE;
	int rc;

	memset(&td, 0, sizeof td);
	if (check_inputs(ro) != 0)
		return EXIT_TROUBLE;
	rc = cli_load_config(ro->config, ro->no_config, &cfg, &err);
	if (rc < 0) {
		ovp_config_free(&cfg);
		return cli_fail(&err);
	}
	if ((ro->select != NULL && apply_rule_list(ro->command, ro->select, &cfg, true) < 0) ||
	    (ro->ignore != NULL && apply_rule_list(ro->command, ro->ignore, &cfg, false) < 0) ||
	    cli_use_sheet(&cfg.deals, ro->deals_sheet) < 0 ||
	    cli_use_sheet(&cfg.roadmap, ro->roadmap_sheet) < 0) {
		ovp_config_free(&cfg);
		return EXIT_TROUBLE;
	}
	if (ro->deals == NULL) {
		rc = build_deal(ro, &cfg, &td);
		if (rc != 0) {
			typed_deal_free(&td);
			ovp_config_free(&cfg);
			return rc;
		}
	}
	if (ro->history != NULL) {
		rc = ovp_run_history_read(&history, ro->history, true, &err);
		if (rc < 0) {
			typed_deal_free(&td);
			ovp_config_free(&cfg);
			return cli_fail(&err);
		}
		cli_report_skipped(history);
	}
	rc = ovp_roadmap_load_files(&roadmap, ro->roadmaps, ro->nroadmaps, &cfg, ro->as_of, &err);
	if (rc == 0 && ro->deals != NULL && (rc = ovp_deals_open(&reader, ro->deals, &cfg, &err)) == 0)
		ovp_deals_set_as_of(reader, ro->as_of);
	if (rc == 0 && ro->baseline != NULL)
		rc = ovp_baseline_load(&baseline, ro->baseline, &err);
	if (rc == 0)
		rc = ovp_output_open(&output, ro->output, &fp, &err);
	if (rc == 0)
		rc = ovp_sink_new(&sink, ro->format, fp, &err);
	if (rc == 0) {
		eo.roadmap = roadmap;
		eo.config = &cfg;
		eo.as_of = ro->as_of;
		eo.sink = sink;
		eo.baseline = baseline;
		eo.collect_fingerprints = ro->write_baseline != NULL;
		eo.collect_owners = ro->history != NULL;
		rc = ovp_engine_new(&engine, &eo, &err);
	}
	if (rc == 0) {
		meta.command = ro->command;
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
		meta.color = use_color(ro);
		meta.verbose = ro->verbose;
		meta.quiet = ro->quiet;
		meta.history = history;
		if (rc == 0)
			rc = ovp_engine_begin(engine, &meta, &err);
	}
	if (rc == 0)
		rc = feed_deals(engine, reader, &td, ro, &err);
	if (rc == 0)
		rc = ovp_engine_finish(engine, &sum, &err);
	if (rc == 0 && ro->write_baseline != NULL)
		rc = ovp_engine_write_baseline(engine, ro->write_baseline, &err);
	if (rc == 0) {
		rc = ovp_output_commit(output, &err);
		output = NULL;
		/* A report file is closed now (and err names it when that failed). */
		if (fp != stdout)
			fp = NULL;
	}
	if (rc == 0 && ro->history != NULL) {
		size_t nowners;
		unsigned long omitted;
		const ovp_owner_summary *owners = ovp_engine_owners(engine, &nowners, &omitted);

		rc = ovp_run_history_append(ro->history, &meta, &sum, owners, nowners, omitted, &err);
	}
	if (rc == 0) {
		bool failing = ro->fail_on != OVP_SEV_OFF && sum.worst >= ro->fail_on;

		code = failing && !ro->exit_zero ? EXIT_FINDINGS : EXIT_CLEAN;
	} else {
		int e = errno;

		if (rc == OVP_EUSAGE)
			cli_usage_error(ro->command, "%s", err.message);
		else if (rc == OVP_EIO && fp == stdout && ferror(fp))
			; /* main() reports that standard output could not be written */
		else if (rc == OVP_EIO && fp != NULL && ferror(fp))
			/* A write to the report failed (a full disk, /dev/full): the
			 * library's message cannot say where the report was going. */
			cli_error("%s: cannot write the report: %s", ro->output, strerror(e));
		else
			cli_fail(&err);
	}
	ovp_output_abort(output);
	ovp_run_history_free(history);
	ovp_engine_free(engine);
	ovp_sink_free(sink);
	ovp_baseline_free(baseline);
	ovp_deals_close(reader);
	ovp_roadmap_free(roadmap);
	free(roadmap_paths);
	typed_deal_free(&td);
	ovp_config_free(&cfg);
	return code;
}

static void
defaults(run_options *ro, const char *command)
{
	memset(ro, 0, sizeof *ro);
	ro->command = command;
	ro->as_of = ovp_day_today();
	ro->format = "text";
	ro->fail_on = OVP_SEV_ERROR;
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
