/*
 * The overpromise command: what the command files share.
 *
 * cli/ only parses options, finds the configuration, calls the library
 * and turns its results into text on stderr and exit codes.
 */
#ifndef OVP_CLI_H
#define OVP_CLI_H

#include <stdbool.h>
#include <stdio.h>

#include <overpromise/overpromise.h>
#include <overpromise/run_history.h>

/*
 * The formats of the JSON documents of when, inspect, rules and backtest, each its
 * first field; the report's and the baseline's are the library's
 * (OVP_REPORT_FORMAT, OVP_BASELINE_FORMAT).  The schemas are
 * cli/<name>.schema.json.
 */
#define CLI_WHEN_FORMAT "overpromise-when/1"
#define CLI_INSPECT_FORMAT "overpromise-inspect/1"
#define CLI_RULES_FORMAT "overpromise-rules/2"
#define CLI_BACKTEST_FORMAT "overpromise-backtest/1"

/* Exit codes (SPEC 1). */
enum {
	EXIT_CLEAN = 0,    /* nothing at or above --fail-on */
	EXIT_FINDINGS = 1, /* at least one finding at or above --fail-on */
	EXIT_TROUBLE = 2   /* usage, configuration or input error */
};

/* Print "overpromise: MESSAGE" on stderr. */
void cli_error(const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 1, 2)))
#endif
	;

/* Print a usage error and the hint to --help; returns EXIT_TROUBLE. */
int cli_usage_error(const char *command, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 2, 3)))
#endif
	;

/* Report a library error on stderr; returns EXIT_TROUBLE. */
int cli_fail(const ovp_error *err);

/*
 * Parse the date of option (for --as-of, --close, --by) of command: any
 * form an export may hold (2027-03-31, 31 March 2027, 3/31/2027), and
 * when period is true also a period (March 2027, Q2 2027; its window).
 * A numeric date that reads as two different days (06/12/2026), a period
 * where a day is wanted, or no date: a usage error is printed and
 * EXIT_TROUBLE returned.  Returns 0 with *out set otherwise.
 */
int cli_parse_date(const char *command, const char *option, const char *s, bool period,
                   ovp_window *out);

/* Parse a --confidence, a probability strictly between 0 and 1.  Returns 0, or -1. */
int cli_parse_confidence(const char *s, double *out);

/*
 * ovp_output_open() for a report, standard output given a large buffer
 * first when it is path ("-" or NULL) and not a terminal.
 */
int cli_output_open(ovp_output **out, const char *path, FILE **fp, ovp_error *err);

/*
 * Whether text goes out in colour for --color when (auto, always, never;
 * NULL is auto) and a report to output (NULL: standard output): auto is
 * colour on a terminal unless NO_COLOR is set or TERM is dumb.
 */
/*
 * Print text from the inputs (a title, a cell, a header) on standard
 * output as the text report shows it: no control character of an export
 * reaches the terminal (src/report/markup.h).
 */
void cli_put_shown(const char *s);

bool cli_use_color(const char *when, const char *output);

/* Today in UTC, or the day of SOURCE_DATE_EPOCH when that is set and valid. */
ovp_day cli_today(void);

/*
 * Initialise cfg and read the configuration: path when given, else (unless
 * no_config) the file ovp_config_discover() finds from the current
 * directory.  Returns 0 or a negative code with err set; cfg is to be
 * freed with ovp_config_free() in either case.
 */
int cli_load_config(const char *path, bool no_config, ovp_config *cfg, ovp_error *err);

/*
 * The notes a forecast on rm comes with (a roadmap without baselines; with
 * per_file, one a file): as "FILE:LINE: note: ..." lines on standard
 * output (as Markdown paragraphs with markdown), or as a JSON array of
 * {file, line, message} (empty when there is none).
 */
void cli_print_notes(const ovp_roadmap *rm, bool per_file, bool markdown);
struct json_t *cli_notes_json(const ovp_roadmap *rm, bool per_file);

/* The files of an option given more than once (--roadmap), in order; v is the caller's to free. */
typedef struct cli_paths {
	const char **v;
	size_t n;
} cli_paths;

/* Add path to p.  Returns 0, or -1 (said on stderr) when out of memory. */
int cli_paths_add(cli_paths *p, const char *path);

/* Whether p names standard input ("-") more than once, which can be read only once. */
bool cli_paths_stdin_twice(const cli_paths *p);

/*
 * Put a sheet named on the command line (--deals-sheet, NULL when none)
 * in place of the configuration's.  Returns 0, or -1 (reported) when out
 * of memory.
 */
int cli_use_sheet(ovp_file_config *fc, const char *sheet);

/* Say on stderr which lines of a history of runs were skipped, and why. */
void cli_report_skipped(const ovp_run_history *h);

/* The commands; argc/argv start at the command name. */
int cmd_aliases(int argc, char **argv);
int cmd_backtest(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_deal(int argc, char **argv);
int cmd_diff(int argc, char **argv);
int cmd_inspect(int argc, char **argv);
int cmd_rules(int argc, char **argv);
int cmd_trend(int argc, char **argv);
int cmd_when(int argc, char **argv);

#endif
