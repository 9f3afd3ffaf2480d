/*
 * The rules command: the rule catalogue with its rationale, as text for
 * people or JSON for tools.
 */
#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "cli.h"
#include "opt.h"

static const cli_opt rules_opts[] = {
	{'f', 'f', "format", "FMT", 0, 0, "text or json (default: text)"},
	{'h', 'h', "help", NULL, 0, 0, "show this help and exit"},
};

static const cli_help rules_help = {
	"overpromise rules [--format text|json]\n"
	"\n"
	"Print the rule catalogue: ID, name, default severity, what each rule finds and\n"
	"why it matters.\n",
	rules_opts, sizeof rules_opts / sizeof rules_opts[0], 0, 20, NULL,
};

/* Print text wrapped at width columns, every line indented. */
static void
wrap(const char *text, int indent, int width)
{
	int col = 0;

	while (*text != '\0') {
		size_t len = strcspn(text, " ");

		if (col > 0 && col + 1 + (int)len > width) {
			putchar('\n');
			col = 0;
		}
		if (col == 0)
			col = printf("%*s", indent, "");
		else
			col += printf(" ");
		col += printf("%.*s", (int)len, text);
		text += len;
		while (*text == ' ')
			text++;
	}
	putchar('\n');
}

int
cmd_rules(int argc, char **argv)
{
	const char *format = "text";
	cli_parser p;
	int c;

	cli_opt_start(&p, &rules_help, "rules", argc, argv);
	while ((c = cli_opt_next(&p)) != CLI_OPT_END) {
		switch (c) {
		case CLI_OPT_ERROR:
			return EXIT_TROUBLE;
		case CLI_OPT_ARG:
			return cli_usage_error("rules", "unexpected argument '%s'", p.value);
		case 'f':
			format = p.value;
			break;
		case 'h':
			cli_help_print(&rules_help, stdout);
			return EXIT_CLEAN;
		default:
			break;
		}
	}
	if (strcmp(format, "json") == 0) {
		json_t *doc = json_object(), *arr = json_array();

		for (int r = 0; r < OVP_RULE_COUNT; r++) {
			const ovp_rule *rule = ovp_rule_get((ovp_rule_id)r);
			json_t *o = json_object();

			json_object_set_new(o, "id", json_string(rule->code));
			json_object_set_new(o, "name", json_string(rule->name));
			json_object_set_new(o, "severity", json_string(ovp_severity_name(rule->severity)));
			json_object_set_new(o, "summary", json_string(rule->summary));
			json_object_set_new(o, "rationale", json_string(rule->rationale));
			json_array_append_new(arr, o);
		}
		/* An object, so that it can name its format (the first version was the bare array). */
		json_object_set_new(doc, "format", json_string(CLI_RULES_FORMAT));
		json_object_set_new(doc, "rules", arr);
		json_dumpf(doc, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		putchar('\n');
		json_decref(doc);
		return EXIT_CLEAN;
	}
	if (strcmp(format, "text") != 0)
		return cli_usage_error("rules", "unknown format \"%s\" (expected text or json)", format);
	for (int r = 0; r < OVP_RULE_COUNT; r++) {
		const ovp_rule *rule = ovp_rule_get((ovp_rule_id)r);

		printf("%s%s  %s  (%s)\n", r ? "\n" : "", rule->code, rule->name,
		       ovp_severity_name(rule->severity));
		wrap(rule->summary, 4, 78);
		putchar('\n');
		wrap(rule->rationale, 4, 78);
	}
	return EXIT_CLEAN;
}
