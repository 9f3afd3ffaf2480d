/*
 * The aliases command: every promise of a deals export that the roadmap
 * does not settle (unconfirmed, OVP014, or ambiguous, OVP008) becomes a
 * line of an [aliases] section, its best candidate as the value and the
 * score and the other candidates in a comment, for a solution expert to
 * confirm in one edit and paste into .overpromise.ini.
 *
 * The deals are read and matched by the library (ovp_alias_suggest(),
 * with the planner a check matches with); this only prints the section.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "opt.h"
#include "src/text.h"

enum {
	OPT_DEALS = 256,
	OPT_ROADMAP,
	OPT_AS_OF,
	OPT_CONFIG,
	OPT_NO_CONFIG,
	OPT_DEALS_SHEET,
	OPT_ROADMAP_SHEET
};

static const cli_opt aliases_opts[] = {
	{OPT_DEALS, 0, "deals", "FILE", 0, 0,
	 "the deals export (CSV, gzip'd CSV or Excel .xlsx; - for\nstandard input)"},
	{OPT_DEALS_SHEET, 0, "deals-sheet", "NAME", 0, 0,
	 "the deals' sheet in a workbook (default: the first\nvisible one)"},
	{OPT_ROADMAP, 0, "roadmap", "FILE", 0, 0, "the roadmap export (CSV, gzip'd CSV or Excel .xlsx)"},
	CLI_OPT_ROADMAP_SHEET(OPT_ROADMAP_SHEET),
	{OPT_AS_OF, 0, "as-of", "DATE", 0, 0,
	 "the day the roadmap is read for (Now, Next; default:\ntoday, UTC, or SOURCE_DATE_EPOCH)"},
	CLI_OPT_CONFIG(OPT_CONFIG),
	CLI_OPT_NO_CONFIG(OPT_NO_CONFIG),
	{'h', 'h', "help", NULL, 0, 0, "show this help and exit"},
};

static const cli_help aliases_help = {
	"overpromise aliases --deals FILE --roadmap FILE [OPTIONS]\n"
	"\n"
	"Print an [aliases] section for .overpromise.ini with a line for every\n"
	"promise of the deals export that the roadmap does not settle: unconfirmed\n"
	"(OVP014) or ambiguous (OVP008).  Each line names the best candidate; its\n"
	"comment gives the score and the other candidates.  Check the lines, change\n"
	"or delete what is wrong, and paste the section into the configuration.\n",
	aliases_opts, sizeof aliases_opts / sizeof aliases_opts[0], 0, 28, NULL,
};

static void
print_item(const ovp_item *it, double score)
{
	if (it->id[0] != '\0' && it->title[0] != '\0')
		printf("%s \"%s\" (%.2f)", it->id, it->title, score);
	else
		printf("\"%s\" (%.2f)", it->id[0] != '\0' ? it->id : it->title, score);
}

/* Print the section for the phrases to confirm of deals (as the user named it). */
static void
print_section(const ovp_alias_suggestions *s, const char *deals)
{
	printf("; Promises of %s that the roadmap does not settle.\n"
	       "; Check each line: keep, change or delete it, then paste the section into\n"
	       "; .overpromise.ini.\n", deals);
	printf("[aliases]\n");
	for (size_t i = 0; i < s->n; i++) {
		const ovp_alias_suggestion *a = &s->v[i];
		const ovp_match *m = &a->match;

		printf("; \"%s\": %s, ", a->phrase,
		       m->kind == OVP_MATCH_AMBIGUOUS ? "ambiguous" : "unconfirmed");
		print_item(m->candidates[0].item, m->candidates[0].score);
		for (size_t k = 1; k < m->ncandidates && m->kind == OVP_MATCH_AMBIGUOUS; k++) {
			fputs(k == 1 ? "; or " : ", ", stdout);
			print_item(m->candidates[k].item, m->candidates[k].score);
		}
		printf("; %s:%ld", deals, a->line);
		if (a->count > 1)
			printf(" and %zu more", a->count - 1);
		putchar('\n');
		if (!a->writable) {
			printf("; (cannot be written as an alias: write the item's key into the promise)\n");
			continue;
		}
		printf("%s = %s\n", a->phrase, a->target);
	}
	if (s->n == 0)
		printf("; Nothing to confirm: every promise matched an item, or none came close.\n");
}

int
cmd_aliases(int argc, char **argv)
{
	const char *deals_path = NULL, *roadmap_path = NULL, *config_path = NULL;
	const char *deals_sheet = NULL, *roadmap_sheet = NULL;
	bool no_config = false;
	ovp_day as_of = cli_today();
	ovp_config cfg;
	ovp_error err = {0};
	ovp_roadmap *rm = NULL;
	ovp_deals_reader *reader = NULL;
	ovp_planner *pl = NULL;
	ovp_alias_suggestions found = {NULL, 0};
	cli_parser p;
	int code = EXIT_CLEAN, c, rc;

	cli_opt_start(&p, &aliases_help, "aliases", argc, argv);
	while ((c = cli_opt_next(&p)) != CLI_OPT_END) {
		const char *arg = p.value;

		switch (c) {
		case CLI_OPT_ERROR:
			return EXIT_TROUBLE;
		case CLI_OPT_ARG:
			return cli_usage_error("aliases", "unexpected argument '%s'", arg);
		case OPT_DEALS:
			deals_path = arg;
			break;
		case OPT_ROADMAP:
			roadmap_path = arg;
			break;
		case OPT_DEALS_SHEET:
			deals_sheet = arg;
			break;
		case OPT_ROADMAP_SHEET:
			roadmap_sheet = arg;
			break;
		case OPT_AS_OF: {
			ovp_window w;

			if (cli_parse_date("aliases", "--as-of", arg, false, &w) != 0)
				return EXIT_TROUBLE;
			as_of = w.end;
			break;
		}
		case OPT_CONFIG:
			config_path = arg;
			break;
		case OPT_NO_CONFIG:
			no_config = true;
			break;
		case 'h':
			cli_help_print(&aliases_help, stdout);
			return EXIT_CLEAN;
		default:
			break;
		}
	}
	if (deals_path == NULL)
		return cli_usage_error("aliases", "--deals FILE is required");
	if (roadmap_path == NULL)
		return cli_usage_error("aliases", "--roadmap FILE is required");
	if (strcmp(deals_path, "-") == 0 && strcmp(roadmap_path, "-") == 0)
		return cli_usage_error("aliases", "--deals and --roadmap cannot both read standard "
		                                  "input");

	rc = cli_load_config(config_path, no_config, &cfg, &err);
	if (rc == 0 && (cli_use_sheet(&cfg.deals, deals_sheet) < 0 ||
	                cli_use_sheet(&cfg.roadmap, roadmap_sheet) < 0)) {
		ovp_config_free(&cfg);
		return EXIT_TROUBLE;
	}
	if (rc == 0)
		rc = ovp_roadmap_load(&rm, roadmap_path, &cfg, as_of, &err);
	if (rc == 0)
		rc = ovp_deals_open(&reader, deals_path, &cfg, &err);
	if (rc == 0)
		rc = ovp_planner_new(&pl, rm, &cfg, as_of, &err);
	if (rc == 0)
		rc = ovp_alias_suggest(pl, reader, &found, &err);
	if (rc == 0)
		print_section(&found, strcmp(deals_path, "-") == 0 ? "<stdin>" : deals_path);
	else
		code = cli_fail(&err);
	ovp_alias_suggestions_free(&found);
	ovp_planner_free(pl);
	ovp_deals_close(reader);
	ovp_roadmap_free(rm);
	ovp_config_free(&cfg);
	return code;
}
