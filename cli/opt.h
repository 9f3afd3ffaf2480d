/*
 * The options of the commands: one table per command says every option
 * it takes, its short form, its value, whether it may be repeated and
 * its help text.  The parser and the --help text both come from the
 * table, so that what a command takes and what it says it takes cannot
 * drift apart (the manual page and the completions are tested against
 * the help).
 */
#ifndef OVP_CLI_OPT_H
#define OVP_CLI_OPT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* Flags of an option. */
enum {
	CLI_OPT_REPEATABLE = 1, /* may be given more than once, every value counts */
	CLI_OPT_HIDDEN = 2,     /* taken, but not listed in the help (--colour) */
	CLI_OPT_SAME_LINE = 4   /* listed on the help line of the option before it (--explain) */
};

/* One option of a command. */
typedef struct cli_opt {
	int id;             /* what the parser returns for it: its short letter, or a code >= 256 */
	char alias;         /* the short form ('f' for -f), or 0 */
	const char *name;   /* the long form without "--" */
	const char *value;  /* the value's name in the help ("FILE"), NULL for a switch */
	unsigned flags;     /* CLI_OPT_* */
	unsigned commands;  /* in a table several commands share: a mask of those that take it, 0 for all */
	const char *help;   /* its help, one string per line of the help, lines split at '\n' */
} cli_opt;

/*
 * Entries that several commands' tables share word for word, each with
 * the command's own id for it: the roadmap files, the roadmap's sheet,
 * and the configuration file or none.
 */
#define CLI_OPT_ROADMAPS(id)                                                               \
	{(id), 0, "roadmap", "FILE", CLI_OPT_REPEATABLE, 0,                                \
	 "the roadmap export (CSV, gzip'd CSV or Excel .xlsx;\nrepeatable: several files are " \
	 "read as one roadmap)"}
#define CLI_OPT_ROADMAP_SHEET(id)                \
	{(id), 0, "roadmap-sheet", "NAME", 0, 0, \
	 "the roadmap's sheet in a workbook (default: the first\nvisible one)"}
#define CLI_OPT_CONFIG(id) {(id), 0, "config", "FILE", 0, 0, "read the configuration from FILE"}
#define CLI_OPT_NO_CONFIG(id) \
	{(id), 0, "no-config", NULL, 0, 0, "do not look for a configuration file"}

/* A command's help: the text before the options, the table, the text after. */
typedef struct cli_help {
	const char *usage;  /* "Usage: " and this: the synopsis and what the command does */
	const cli_opt *opts;
	size_t nopts;
	unsigned command;   /* the command's bit in a shared table's masks, 0 when not shared */
	int column;         /* where the help texts start */
	const char *footer; /* after a blank line, or NULL */
} cli_help;

/* Print the help: usage, "Options:" and a line (or more) per option listed. */
void cli_help_print(const cli_help *h, FILE *out);

/* What cli_opt_next() returns besides an option's id. */
enum {
	CLI_OPT_ARG = -1,   /* an argument that is no option: its text is in value */
	CLI_OPT_END = -2,   /* every argument was read */
	CLI_OPT_ERROR = -3  /* a usage error, already reported on stderr */
};

/* Most options in one table. */
#define CLI_OPT_MAX 64

/* The state of a parse: set up with cli_opt_start(). */
typedef struct cli_parser {
	const cli_help *help;
	const char *command;  /* for the messages: "check" */
	int argc;
	char **argv;
	int next;             /* argv index of the next word */
	const char *bundle;   /* the rest of a word of short options ("-qv"), or NULL */
	bool only_args;       /* after "--" */
	unsigned char seen[CLI_OPT_MAX];
	const char *value;    /* the value of the option (or argument) returned */
	const char *given;    /* the option returned, for messages: "--as-of", "-f" */
	char given_buf[80];
} cli_parser;

/*
 * Start parsing argv[1..argc-1] (argv[0] is the command's name) against
 * the options of help's table that the command takes.
 */
void cli_opt_start(cli_parser *p, const cli_help *help, const char *command, int argc,
                   char **argv);

/*
 * The next option: its id (p->value holds its value, NULL for a switch),
 * CLI_OPT_ARG for an argument, CLI_OPT_END, or CLI_OPT_ERROR after a
 * usage error was printed: an unknown option (with the options it may
 * have been meant for), a missing value, a value given to a switch, or a
 * second value of an option that is not repeatable.  Long options are
 * taken as "--name VALUE" and "--name=VALUE", and by any prefix that
 * names one option alone; short ones as "-f VALUE", "-fVALUE" and
 * bundled ("-qv").  "--" ends the options.
 */
int cli_opt_next(cli_parser *p);

/*
 * The candidates among names (n of them) within a small edit distance of
 * word, the closest first, into out (at most max); returns how many.
 * For "did you mean": a mistyped command or option.
 */
size_t cli_similar(const char *word, const char *const *names, size_t n, const char **out,
                   size_t max);

/* Append " (did you mean 'X' or 'Y'?)" for the candidates to buf (cap bytes), prefix before each. */
void cli_did_you_mean(char *buf, size_t cap, const char *prefix, const char *const *cands,
                      size_t n);

#endif
