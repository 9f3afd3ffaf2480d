/*
 * overpromise: the command line.  Dispatches to a command and keeps the
 * messages every command shares.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "cli.h"

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
	"Run 'overpromise COMMAND --help' for the options of a command.\n"
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
cli_parse_day(const char *s, ovp_day *out)
{
	ovp_date_context ctx = {OVP_ORDER_AUTO, OVP_DAY_NONE, false};
	ovp_window w;

	if (ovp_date_parse(s, strlen(s), &ctx, &w) != OVP_DATE_OK || w.period != OVP_PERIOD_DAY)
		return -1;
	*out = w.end;
	return 0;
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
			found = ovp_config_discover(cwd);
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

int
main(int argc, char **argv)
{
	const char *cmd = argc > 1 ? argv[1] : NULL;

	if (cmd == NULL) {
		fputs(usage, stderr);
		return EXIT_TROUBLE;
	}
	if (strcmp(cmd, "-h") == 0 || strcmp(cmd, "--help") == 0 || strcmp(cmd, "help") == 0) {
		fputs(usage, stdout);
		return finish(EXIT_CLEAN);
	}
	if (strcmp(cmd, "-V") == 0 || strcmp(cmd, "--version") == 0) {
		printf("overpromise %s\n", ovp_version());
		return finish(EXIT_CLEAN);
	}
	if (strcmp(cmd, "check") == 0)
		return finish(cmd_check(argc - 1, argv + 1));
	if (strcmp(cmd, "deal") == 0)
		return finish(cmd_deal(argc - 1, argv + 1));
	if (strcmp(cmd, "when") == 0)
		return finish(cmd_when(argc - 1, argv + 1));
	if (strcmp(cmd, "backtest") == 0)
		return finish(cmd_backtest(argc - 1, argv + 1));
	if (strcmp(cmd, "rules") == 0)
		return finish(cmd_rules(argc - 1, argv + 1));
	if (strcmp(cmd, "inspect") == 0)
		return finish(cmd_inspect(argc - 1, argv + 1));
	if (strcmp(cmd, "aliases") == 0)
		return finish(cmd_aliases(argc - 1, argv + 1));
	if (strcmp(cmd, "diff") == 0)
		return finish(cmd_diff(argc - 1, argv + 1));
	if (strcmp(cmd, "trend") == 0)
		return finish(cmd_trend(argc - 1, argv + 1));
	if (cmd[0] == '-')
		return cli_usage_error(NULL, "unknown option '%s'", cmd);
	return cli_usage_error(NULL, "unknown command '%s'", cmd);
}
