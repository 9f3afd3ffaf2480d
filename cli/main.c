/*
 * overpromise: the command line.  Dispatches to a command and keeps the
 * messages every command shares.
 */
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "cli.h"
#include "opt.h"
#include "src/report/markup.h"

static const char usage[] =
	"Usage: overpromise COMMAND [OPTIONS]\n"
	"\n"
	"Puts what sales promised next to what engineering planned, and reports the\n"
	"promises likely to be oversold or underdelivered.\n"
	"\n"
	"Commands:\n"
	"  check --deals FILE --roadmap FILE   check every deal of a CRM export\n"
	"  deal --roadmap FILE --promise TEXT  check one deal before signing it\n"
	"  when --roadmap FILE FEATURE...      the date each feature can be promised for\n"
	"  backtest --roadmap FILE             how the forecasts did on the roadmap's history\n"
	"  rules                               the rule catalogue with rationale\n"
	"  inspect FILE                        how an export is read: columns, dates, rows\n"
	"  aliases --deals FILE --roadmap FILE an [aliases] section for the promises to confirm\n"
	"  diff OLD NEW                        what changed between two reports of check\n"
	"  trend FILE                          the history of runs that check --history keeps\n"
	"\n"
	"Run 'overpromise help COMMAND' (or 'overpromise COMMAND --help') for the\n"
	"options of a command.\n"
	"\n"
	"Options:\n"
	"  -h, --help       show this help and exit\n"
	"  -V, --version    show the version and exit\n"
	"\n"
	"Exit status: 0 no finding at or above --fail-on, 1 at least one,\n"
	"2 usage, configuration or input error.\n";

void
cli_error(const char *fmt, ...)
{
	va_list ap;

	fputs("overpromise: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

int
cli_usage_error(const char *command, const char *fmt, ...)
{
	va_list ap;

	fputs("overpromise: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nTry 'overpromise %s%s--help' for more information.\n",
	        command != NULL ? command : "", command != NULL ? " " : "");
	return EXIT_TROUBLE;
}

int
cli_fail(const ovp_error *err)
{
	cli_error("%s", err->message[0] != '\0' ? err->message : "unknown error");
	return EXIT_TROUBLE;
}

int
cli_parse_confidence(const char *s, double *out)
{
	char *end;
	double c = strtod(s, &end);

	if (end == s || *end != '\0' || !(c > 0.0 && c < 1.0))
		return -1;
	*out = c;
	return 0;
}

int
cli_parse_date(const char *command, const char *option, const char *s, bool period,
               ovp_window *out)
{
	ovp_date_context ctx = {OVP_ORDER_AUTO, OVP_DAY_NONE, false};
	ovp_window mdy, dmy;
	const char *expected = period ? "a day or a period: YYYY-MM-DD, 31 March 2027, March 2027, "
	                                "Q2 2027"
	                              : "a day: YYYY-MM-DD or 31 March 2027";

	/* A numeric date that is another day read day-first than month-first: never silently one. */
	if (ovp_date_two_readings(s, strlen(s), &mdy, &dmy)) {
		char a[OVP_DATE_ISO_SIZE], b[OVP_DATE_ISO_SIZE];

		return cli_usage_error(command,
		                       "%s: \"%s\" reads two ways, %s (month/day) or %s (day/month); "
		                       "write it as YYYY-MM-DD",
		                       option, s, ovp_day_format(mdy.end, a), ovp_day_format(dmy.end, b));
	}
	if (ovp_date_parse(s, strlen(s), &ctx, out) != OVP_DATE_OK)
		return cli_usage_error(command, "%s: \"%s\" is not a date (expected %s)", option, s,
		                       expected);
	if (!period && out->period != OVP_PERIOD_DAY)
		return cli_usage_error(command, "%s: \"%s\" is a period, not a day (expected %s)",
		                       option, s, expected);
	return 0;
}

/* Bytes of a report on standard output buffered before they are written. */
#define STDOUT_BUFFER ((size_t)256 << 10)

/*
 * Give standard output a large buffer when it goes to a file or a pipe,
 * once per process and before anything is written to it (as setvbuf
 * requires): a report on a large export runs to gigabytes, and fewer,
 * larger writes are faster.  A terminal keeps stdio's buffering (someone
 * is watching it).
 */
static void
buffer_stdout(void)
{
	static char buf[STDOUT_BUFFER];
	static bool done;

	if (done)
		return;
	done = true;
	if (!isatty(STDOUT_FILENO))
		(void)setvbuf(stdout, buf, _IOFBF, sizeof buf);
}

/*
 * The temporary report files of this run, removed when a signal ends it
 * (Ctrl-C on a long check, a CI job's timeout, a closed pipe): otherwise a
 * "report.json.tmpXXXXXX" of up to gigabytes stays beside the report.  A
 * name stays listed after its rename; removing a name that is gone does
 * no harm.  Kept in static storage, as the handler may only read memory
 * and call unlink() and raise().
 */
enum { MAX_TEMPS = 16 };
static char temps[MAX_TEMPS][PATH_MAX];
static volatile sig_atomic_t ntemps;
static const int fatal_signals[] = {SIGHUP, SIGINT, SIGPIPE, SIGTERM, SIGXFSZ};

static void
remove_temps(int sig)
{
	int saved = errno;

	for (sig_atomic_t i = 0; i < ntemps; i++)
		(void)unlink(temps[i]);
	errno = saved;
	/* SA_RESETHAND made the action the default again: the signal ends the run as it would have. */
	(void)raise(sig);
}

static void
remove_on_signals(const char *tmp)
{
	if (tmp == NULL || ntemps == MAX_TEMPS || strlen(tmp) >= PATH_MAX)
		return;
	if (ntemps == 0) {
		for (size_t i = 0; i < sizeof fatal_signals / sizeof fatal_signals[0]; i++) {
			struct sigaction sa, old;

			/* A signal the caller ignores (nohup, SIGPIPE in a pipeline) stays ignored. */
			if (sigaction(fatal_signals[i], NULL, &old) != 0 || old.sa_handler != SIG_DFL)
				continue;
			memset(&sa, 0, sizeof sa);
			sa.sa_handler = remove_temps;
			sa.sa_flags = SA_RESETHAND;
			sigemptyset(&sa.sa_mask);
			(void)sigaction(fatal_signals[i], &sa, NULL);
		}
	}
	strcpy(temps[ntemps], tmp);
	ntemps = ntemps + 1;
}

int
cli_output_open(ovp_output **out, const char *path, FILE **fp, ovp_error *err)
{
	sigset_t block, old;
	int rc;

	if (path == NULL || strcmp(path, "-") == 0)
		buffer_stdout();
	/* Held back while the file is made and listed: a signal in between would leave it. */
	sigemptyset(&block);
	for (size_t i = 0; i < sizeof fatal_signals / sizeof fatal_signals[0]; i++)
		sigaddset(&block, fatal_signals[i]);
	(void)pthread_sigmask(SIG_BLOCK, &block, &old);
	rc = ovp_output_open(out, path, fp, err);
	if (rc == 0)
		remove_on_signals(ovp_output_temp_path(*out));
	(void)pthread_sigmask(SIG_SETMASK, &old, NULL);
	return rc;
}

void
cli_put_shown(const char *s)
{
	ovp_rbuf b = {0};

	ovp_markup_put(&b, &ovp_markup_terminal, s, strlen(s));
	(void)ovp_rbuf_write(&b, stdout);
	ovp_rbuf_free(&b);
}

bool
cli_use_color(const char *when, const char *output)
{
	const char *term = getenv("TERM");
	const char *no = getenv("NO_COLOR");

	if (when != NULL && strcmp(when, "always") == 0)
		return true;
	if (when != NULL && strcmp(when, "never") == 0)
		return false;
	if (no != NULL && no[0] != '\0')
		return false;
	if (term != NULL && strcmp(term, "dumb") == 0)
		return false;
	return output == NULL && isatty(STDOUT_FILENO);
}

ovp_day
cli_today(void)
{
	ovp_day d = ovp_day_from_epoch_text(getenv("SOURCE_DATE_EPOCH"));

	return d != OVP_DAY_NONE ? d : ovp_day_today();
}

int
cli_load_config(const char *path, bool no_config, ovp_config *cfg, ovp_error *err)
{
	char *found = NULL;
	int rc = 0;

	ovp_config_init(cfg);
	if (path != NULL)
		return ovp_config_load(cfg, path, err);
	if (!no_config) {
		char cwd[4096];

		if (getcwd(cwd, sizeof cwd) != NULL)
			found = ovp_config_discover(cwd, getenv("XDG_CONFIG_HOME"), getenv("HOME"));
		if (found != NULL)
			rc = ovp_config_load(cfg, found, err);
		free(found);
	}
	return rc;
}

int
cli_paths_add(cli_paths *p, const char *path)
{
	const char **grown = realloc(p->v, (p->n + 1) * sizeof *grown);

	if (grown == NULL) {
		cli_error("out of memory");
		return -1;
	}
	p->v = grown;
	p->v[p->n++] = path;
	return 0;
}

bool
cli_paths_stdin_twice(const cli_paths *p)
{
	size_t stdin_paths = 0;

	for (size_t i = 0; i < p->n; i++)
		stdin_paths += strcmp(p->v[i], "-") == 0;
	return stdin_paths > 1;
}

/* The number of files rm tells notes for: its files, or one for a roadmap of none. */
static size_t
note_files(const ovp_roadmap *rm)
{
	return rm->nfiles > 0 ? rm->nfiles : 1;
}

void
cli_print_notes(const ovp_roadmap *rm, bool per_file, bool markdown)
{
	ovp_note note;

	for (size_t k = 0; k < note_files(rm); k++) {
		if (!ovp_forecast_baseline_note(rm, k, per_file, &note))
			continue;
		if (markdown)
			printf("\nNote on `%s`: %s\n", note.file, note.message);
		else
			printf("%s:%ld: note: %s\n", note.file, note.line, note.message);
	}
}

json_t *
cli_notes_json(const ovp_roadmap *rm, bool per_file)
{
	json_t *arr = json_array();
	ovp_note note;

	for (size_t k = 0; k < note_files(rm); k++) {
		json_t *o;

		if (!ovp_forecast_baseline_note(rm, k, per_file, &note))
			continue;
		o = json_object();
		json_object_set_new(o, "file", json_string(note.file));
		json_object_set_new(o, "line", json_integer(note.line));
		json_object_set_new(o, "message", json_string(note.message));
		json_array_append_new(arr, o);
	}
	return arr;
}

int
cli_use_sheet(ovp_file_config *fc, const char *sheet)
{
	char *copy;

	if (sheet == NULL)
		return 0;
	copy = strdup(sheet);
	if (copy == NULL) {
		cli_error("out of memory");
		return -1;
	}
	free(fc->sheet);
	fc->sheet = copy;
	return 0;
}

void
cli_report_skipped(const ovp_run_history *h)
{
	for (size_t i = 0; i < h->nskipped; i++)
		cli_error("%s:%ld: %s; line skipped", h->path, h->skipped[i].line,
		          h->skipped[i].message);
	if (h->more_skipped > 0)
		cli_error("%s: %lu more lines skipped", h->path, h->more_skipped);
}

/* A failed write to stdout (a full disk, a closed pipe) must not pass for success. */
static int
finish(int code)
{
	if (fflush(stdout) != 0 || ferror(stdout)) {
		cli_error("cannot write to standard output");
		return EXIT_TROUBLE;
	}
	return code;
}

/* The commands, by name. */
static const struct command {
	const char *name;
	int (*run)(int argc, char **argv);
} commands[] = {
	{"check", cmd_check},       {"deal", cmd_deal},   {"when", cmd_when},
	{"backtest", cmd_backtest}, {"rules", cmd_rules}, {"inspect", cmd_inspect},
	{"aliases", cmd_aliases},   {"diff", cmd_diff},   {"trend", cmd_trend},
};

#define NCOMMANDS (sizeof commands / sizeof commands[0])

static const struct command *
find_command(const char *name)
{
	for (size_t i = 0; i < NCOMMANDS; i++)
		if (strcmp(commands[i].name, name) == 0)
			return &commands[i];
	return NULL;
}

/* An unknown command, with the ones it may have been meant for. */
static int
unknown_command(const char *name)
{
	const char *names[NCOMMANDS + 1], *cands[3];
	char msg[256];
	size_t nc;

	for (size_t i = 0; i < NCOMMANDS; i++)
		names[i] = commands[i].name;
	names[NCOMMANDS] = "help";
	nc = cli_similar(name, names, NCOMMANDS + 1, cands, 3);
	snprintf(msg, sizeof msg, "unknown command '%.200s'", name);
	cli_did_you_mean(msg, sizeof msg, "", cands, nc);
	return cli_usage_error(NULL, "%s", msg);
}

/* overpromise help [COMMAND]: the help of the program, or of COMMAND as its --help gives it. */
static int
help(int argc, char **argv)
{
	static char help_option[] = "--help";
	const struct command *c;
	char *args[] = {NULL, help_option, NULL};

	if (argc < 2 || strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0) {
		fputs(usage, stdout);
		return EXIT_CLEAN;
	}
	if (argc > 2)
		return cli_usage_error(NULL, "help takes one COMMAND; unexpected argument '%s'", argv[2]);
	c = find_command(argv[1]);
	if (c == NULL)
		return unknown_command(argv[1]);
	args[0] = argv[1];
	return c->run(2, args);
}

int
main(int argc, char **argv)
{
	static const cli_opt main_opts[] = {
		{'h', 'h', "help", NULL, 0, 0, "show this help and exit"},
		{'V', 'V', "version", NULL, 0, 0, "show the version and exit"},
	};
	static const cli_help main_help = {"", main_opts, 2, 0, 0, NULL};
	const char *cmd = argc > 1 ? argv[1] : NULL;
	const struct command *c;

	if (cmd == NULL) {
		fputs(usage, stderr);
		return EXIT_TROUBLE;
	}
	if (strcmp(cmd, "help") == 0)
		return finish(help(argc - 1, argv + 1));
	c = find_command(cmd);
	if (c != NULL)
		return finish(c->run(argc - 1, argv + 1));
	if (cmd[0] == '-') {
		/* The options of the program itself, the first that is given. */
		cli_parser p;

		cli_opt_start(&p, &main_help, NULL, 2, argv);
		switch (cli_opt_next(&p)) {
		case 'h':
			fputs(usage, stdout);
			return finish(EXIT_CLEAN);
		case 'V':
			printf("overpromise %s\n", ovp_version());
			return finish(EXIT_CLEAN);
		default:
			return EXIT_TROUBLE;
		}
	}
	return unknown_command(cmd);
}
