/*
 * The command line's option tables (cli/opt.c): parsing long, short,
 * bundled and prefixed options, values inline or in the next word,
 * repeated options, "did you mean", and the help text a table writes.
 * The usage errors the parser reports are caught here instead of printed.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "cli.h"
#include "opt.h"

/* The last usage error, as cli_usage_error() would print it. */
static char last_error[512];

int
cli_usage_error(const char *command, const char *fmt, ...)
{
	va_list ap;

	(void)command;
	va_start(ap, fmt);
	vsnprintf(last_error, sizeof last_error, fmt, ap);
	va_end(ap);
	return EXIT_TROUBLE;
}

enum { OPT_DEALS = 256, OPT_AS_OF, OPT_SELECT, OPT_COLOR, OPT_CONFIG, OPT_EXIT_ZERO, OPT_ONLY_B };

static const cli_opt opts[] = {
	{OPT_DEALS, 0, "deals", "FILE", 0, 0, "the deals export"},
	{OPT_AS_OF, 0, "as-of", "DATE", 0, 0, "the day of the check,\nor today"},
	{'f', 'f', "format", "FMT", CLI_OPT_REPEATABLE, 0, "a format"},
	{OPT_SELECT, 0, "select", "IDS", CLI_OPT_REPEATABLE, 0, "rules"},
	{OPT_COLOR, 0, "color", "WHEN", 0, 0, "auto, always or never"},
	{OPT_COLOR, 0, "colour", "WHEN", CLI_OPT_HIDDEN, 0, ""},
	{OPT_CONFIG, 0, "config", "FILE", 0, 0, "a configuration"},
	{OPT_EXIT_ZERO, 0, "exit-zero", NULL, 0, 0, "exit 0"},
	{OPT_ONLY_B, 0, "only-b", NULL, 0, 2, "for the second command"},
	{'q', 'q', "quiet", NULL, 0, 0, "quiet"},
	{'v', 'v', "verbose", NULL, 0, 0, "explain"},
	{'v', 0, "explain", NULL, CLI_OPT_SAME_LINE, 0, ""},
};

static const cli_help help_a = {"test [OPTIONS]\n\nTests.\n", opts, sizeof opts / sizeof opts[0],
                                1, 24, "Footer.\n"};
static const cli_help help_b = {"other\n", opts, sizeof opts / sizeof opts[0], 2, 24, NULL};

/*
 * Parse words (NULL-terminated, words[0] the command) to the end; the
 * ids, values and arguments in out.  The words are copied into writable
 * memory, as a program's arguments are.
 */
static int
parse(const cli_help *h, const char *const *words, char *out, size_t cap)
{
	static char text[16][64];
	char *argv[17];
	cli_parser p;
	int argc = 0, c;
	size_t len = 0;

	for (; words[argc] != NULL && argc < 16; argc++) {
		snprintf(text[argc], sizeof text[argc], "%s", words[argc]);
		argv[argc] = text[argc];
	}
	argv[argc] = NULL;
	out[0] = '\0';
	last_error[0] = '\0';
	cli_opt_start(&p, h, "test", argc, argv);
	while ((c = cli_opt_next(&p)) != CLI_OPT_END) {
		if (c == CLI_OPT_ERROR)
			return -1;
		if (c == CLI_OPT_ARG)
			len += (size_t)snprintf(out + len, cap - len, "[%s]", p.value);
		else if (c < 256)
			len += (size_t)snprintf(out + len, cap - len, "%c=%s;", c,
			                        p.value != NULL ? p.value : "");
		else
			len += (size_t)snprintf(out + len, cap - len, "%d=%s;", c - 256,
			                        p.value != NULL ? p.value : "");
	}
	return 0;
}

#define ARGV(...) ((const char *const[]){"test", __VA_ARGS__, NULL})

static void
test_forms(void **state)
{
	char out[256];

	(void)state;
	assert_int_equal(parse(&help_a, ARGV("--deals", "d.csv", "--as-of=2026-11-26", "x"), out,
	                       sizeof out),
	                 0);
	assert_string_equal(out, "0=d.csv;1=2026-11-26;[x]");
	/* Short forms: separate, glued, bundled; "-" is an argument; "--" ends the options. */
	assert_int_equal(parse(&help_a, ARGV("-f", "json", "-qvfsarif", "-", "--", "--quiet"), out,
	                       sizeof out),
	                 0);
	assert_string_equal(out, "f=json;q=;v=;f=sarif;[-][--quiet]");
	/* A prefix that names one option alone; two names of one option are one. */
	assert_int_equal(parse(&help_a, ARGV("--dea", "d", "--exp", "--colo", "auto"), out,
	                       sizeof out),
	                 0);
	assert_string_equal(out, "0=d;v=;3=auto;");
	/* A value may start with a dash. */
	assert_int_equal(parse(&help_a, ARGV("--deals", "-"), out, sizeof out), 0);
	assert_string_equal(out, "0=-;");
}

static void
test_repeats(void **state)
{
	char out[256];

	(void)state;
	assert_int_equal(parse(&help_a, ARGV("--select", "late", "--select=overdue", "-q", "-q"), out,
	                       sizeof out),
	                 0);
	assert_string_equal(out, "2=late;2=overdue;q=;q=;");
	assert_int_equal(parse(&help_a, ARGV("--deals", "a", "--deals", "b"), out, sizeof out), -1);
	assert_string_equal(last_error, "--deals given twice; give it once");
	/* --color and --colour are one option. */
	assert_int_equal(parse(&help_a, ARGV("--color", "auto", "--colour", "never"), out,
	                       sizeof out),
	                 -1);
	assert_string_equal(last_error, "--colour given twice; give it once");
}

static void
test_errors(void **state)
{
	char out[256];

	(void)state;
	assert_int_equal(parse(&help_a, ARGV("--formt", "json"), out, sizeof out), -1);
	assert_string_equal(last_error, "unknown option '--formt'; did you mean '--format'?");
	assert_int_equal(parse(&help_a, ARGV("--conifg=x"), out, sizeof out), -1);
	assert_string_equal(last_error, "unknown option '--conifg'; did you mean '--config'?");
	assert_int_equal(parse(&help_a, ARGV("--frobnicate"), out, sizeof out), -1);
	assert_string_equal(last_error, "unknown option '--frobnicate'");
	assert_int_equal(parse(&help_a, ARGV("--co", "x"), out, sizeof out), -1);
	assert_string_equal(last_error, "option '--co' is ambiguous: it may be '--color' or '--config'");
	assert_int_equal(parse(&help_a, ARGV("--exit-zero=1"), out, sizeof out), -1);
	assert_string_equal(last_error, "option '--exit-zero' takes no value");
	assert_int_equal(parse(&help_a, ARGV("--deals"), out, sizeof out), -1);
	assert_string_equal(last_error, "option '--deals' needs a value");
	assert_int_equal(parse(&help_a, ARGV("-qx"), out, sizeof out), -1);
	assert_string_equal(last_error, "unknown option '-x'");
	/* An option of the other command of a shared table is unknown here. */
	assert_int_equal(parse(&help_a, ARGV("--only-b"), out, sizeof out), -1);
	assert_string_equal(last_error, "unknown option '--only-b'");
	assert_int_equal(parse(&help_b, ARGV("--only-b"), out, sizeof out), 0);
}

static void
test_similar(void **state)
{
	static const char *const commands[] = {"check", "deal", "when", "rules", "inspect", "help"};
	const char *got[3];
	char msg[128] = "unknown command 'rule'";

	(void)state;
	assert_int_equal(cli_similar("chek", commands, 6, got, 3), 1);
	assert_string_equal(got[0], "check");
	assert_int_equal(cli_similar("insepct", commands, 6, got, 3), 1);
	assert_string_equal(got[0], "inspect");
	assert_int_equal(cli_similar("CHECK", commands, 6, got, 3), 1);
	assert_int_equal(cli_similar("frobnicate", commands, 6, got, 3), 0);
	/* Far from every name, but the beginning of one. */
	assert_int_equal(cli_similar("insp", commands, 6, got, 3), 1);
	assert_string_equal(got[0], "inspect");
	assert_int_equal(cli_similar("ch", commands, 6, got, 3), 0);
	assert_int_equal(cli_similar("x", commands, 6, got, 3), 0);
	/* Ties: every candidate at the least distance, then the next, in the list's order. */
	{
		static const char *const names[] = {"seals", "roadmap", "deals", "reals"};

		assert_int_equal(cli_similar("beals", names, 4, got, 3), 3);
		assert_string_equal(got[0], "seals");
		assert_string_equal(got[1], "deals");
		assert_string_equal(got[2], "reals");
		assert_int_equal(cli_similar("roadmpa", names, 4, got, 3), 1);
		assert_string_equal(got[0], "roadmap");
		/* Two edits in a word of six letters or more, not in a shorter one. */
		assert_int_equal(cli_similar("raodmp", names, 4, got, 3), 1);
		assert_int_equal(cli_similar("bexls", names, 4, got, 3), 0);
	}
	cli_similar("rule", commands, 6, got, 3);
	cli_did_you_mean(msg, sizeof msg, "", got, 1);
	assert_string_equal(msg, "unknown command 'rule'; did you mean 'rules'?");
	cli_did_you_mean(msg, sizeof msg, "", got, 0);
	assert_string_equal(msg, "unknown command 'rule'; did you mean 'rules'?");
}

static void
test_help_text(void **state)
{
	char *text = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&text, &len);

	(void)state;
	assert_non_null(fp);
	cli_help_print(&help_a, fp);
	assert_int_equal(fclose(fp), 0);
	assert_string_equal(text, "Usage: test [OPTIONS]\n"
	                          "\n"
	                          "Tests.\n"
	                          "\n"
	                          "Options:\n"
	                          "      --deals FILE      the deals export\n"
	                          "      --as-of DATE      the day of the check,\n"
	                          "                        or today\n"
	                          "  -f, --format FMT      a format\n"
	                          "      --select IDS      rules\n"
	                          "      --color WHEN      auto, always or never\n"
	                          "      --config FILE     a configuration\n"
	                          "      --exit-zero       exit 0\n"
	                          "  -q, --quiet           quiet\n"
	                          "  -v, --verbose, --explain explain\n"
	                          "\n"
	                          "Footer.\n");
	free(text);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_forms),
		cmocka_unit_test(test_repeats),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_similar),
		cmocka_unit_test(test_help_text),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
