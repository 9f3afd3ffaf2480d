/*
 * The aliases command: every promise of a deals export that the roadmap
 * does not settle (unconfirmed, OVP014, or ambiguous, OVP008) becomes a
 * line of an [aliases] section, its best candidate as the value and the
 * score and the other candidates in a comment, for a solution expert to
 * confirm in one edit and paste into .overpromise.ini.
 *
 * The deals are read and matched by the same engine as check, with a
 * sink of its own that keeps the promises and ignores the findings.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "opt.h"

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
	{OPT_ROADMAP_SHEET, 0, "roadmap-sheet", "NAME", 0, 0,
	 "the roadmap's sheet in a workbook (default: the first\nvisible one)"},
	{OPT_AS_OF, 0, "as-of", "DATE", 0, 0,
	 "the day the roadmap is read for (Now, Next; default:\ntoday, UTC, or SOURCE_DATE_EPOCH)"},
	{OPT_CONFIG, 0, "config", "FILE", 0, 0, "read the configuration from FILE"},
	{OPT_NO_CONFIG, 0, "no-config", NULL, 0, 0, "do not look for a configuration file"},
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

/* A promise text to confirm, with its match. */
typedef struct entry {
	char *feature;
	char *norm;          /* normalised, to keep one line per phrase */
	const ovp_match *m;  /* the matcher's, alive as long as the engine */
	long line;           /* the first row that has it */
	size_t count;        /* promises with it */
} entry;

typedef struct collector {
	ovp_sink base;
	entry *e;
	size_t n, cap;
	int failed;
} collector;

static int
col_finding(ovp_sink *s, const ovp_finding *f, ovp_error *err)
{
	(void)s;
	(void)f;
	(void)err;
	return 0;
}

static int
col_end(ovp_sink *s, const ovp_summary *sum, ovp_error *err)
{
	(void)s;
	(void)sum;
	(void)err;
	return 0;
}

static void
col_destroy(ovp_sink *s)
{
	(void)s;
}

static int
col_promise(ovp_sink *s, const ovp_deal *d, const ovp_promise *p, const ovp_match *m,
            ovp_error *err)
{
	collector *c = (collector *)s;
	char *norm;
	entry *e;

	(void)d;
	if (m->kind != OVP_MATCH_UNCONFIRMED && m->kind != OVP_MATCH_AMBIGUOUS)
		return 0;
	if (m->ncandidates == 0)
		return 0;
	norm = ovp_normalize(p->feature, strlen(p->feature));
	if (norm == NULL)
		return c->failed = ovp_error_set(err, OVP_ENOMEM, NULL, 0, "out of memory");
	for (size_t i = 0; i < c->n; i++) {
		if (strcmp(c->e[i].norm, norm) == 0) {
			c->e[i].count++;
			free(norm);
			return 0;
		}
	}
	if (c->n == c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 16;
		entry *grown = realloc(c->e, cap * sizeof *grown);

		if (grown == NULL) {
			free(norm);
			return c->failed = ovp_error_set(err, OVP_ENOMEM, NULL, 0, "out of memory");
		}
		c->e = grown;
		c->cap = cap;
	}
	e = &c->e[c->n];
	e->feature = ovp_match_phrase(p->feature, strlen(p->feature));
	if (e->feature == NULL) {
		free(norm);
		return c->failed = ovp_error_set(err, OVP_ENOMEM, NULL, 0, "out of memory");
	}
	e->norm = norm;
	e->m = m;
	e->line = p->line;
	e->count = 1;
	c->n++;
	return 0;
}

static const ovp_sink_ops collector_ops = {
	.name = "aliases",
	.finding = col_finding,
	.end = col_end,
	.destroy = col_destroy,
	.promise = col_promise,
};

/*
 * Whether text can be written as an alias phrase: inih reads the phrase
 * up to the first "=", and ";" or "#" would start a comment.
 */
static bool
writable(const char *text)
{
	if (text[0] == '\0' || text[0] == '[' || text[0] == ' ' || text[0] == '\t')
		return false;
	for (const char *p = text; *p != '\0'; p++)
		if (*p == '=' || *p == ';' || *p == '#' || (unsigned char)*p < 0x20)
			return false;
	return text[strlen(text) - 1] != ' ' && text[strlen(text) - 1] != '\t';
}

/* The value that names item it: its key, or its title when it has none. */
static const char *
target_of(const ovp_item *it)
{
	return it->id != NULL && it->id[0] != '\0' ? it->id : it->title;
}

static void
print_item(const ovp_item *it, double score)
{
	if (it->id[0] != '\0' && it->title[0] != '\0')
		printf("%s \"%s\" (%.2f)", it->id, it->title, score);
	else
		printf("\"%s\" (%.2f)", it->id[0] != '\0' ? it->id : it->title, score);
}

/* Print the section for the entries collected from deals (as the user named it). */
static void
print_section(const collector *c, const char *deals)
{
	printf("; Promises of %s that the roadmap does not settle.\n"
	       "; Check each line: keep, change or delete it, then paste the section into\n"
	       "; .overpromise.ini.\n", deals);
	printf("[aliases]\n");
	for (size_t i = 0; i < c->n; i++) {
		const entry *e = &c->e[i];
		const ovp_match *m = e->m;
		const ovp_item *best = m->candidates[0].item;

		printf("; \"%s\": %s, ", e->feature,
		       m->kind == OVP_MATCH_AMBIGUOUS ? "ambiguous" : "unconfirmed");
		print_item(best, m->candidates[0].score);
		for (size_t k = 1; k < m->ncandidates && m->kind == OVP_MATCH_AMBIGUOUS; k++) {
			fputs(k == 1 ? "; or " : ", ", stdout);
			print_item(m->candidates[k].item, m->candidates[k].score);
		}
		printf("; %s:%ld", deals, e->line);
		if (e->count > 1)
			printf(" and %zu more", e->count - 1);
		putchar('\n');
		if (!writable(e->feature) || !writable(target_of(best))) {
			printf("; (cannot be written as an alias: write the item's key into the promise)\n");
			continue;
		}
		printf("%s = %s\n", e->feature, target_of(best));
	}
	if (c->n == 0)
		printf("; Nothing to confirm: every promise matched an item, or none came close.\n");
}

int
cmd_aliases(int argc, char **argv)
{
	const char *deals_path = NULL, *roadmap_path = NULL, *config_path = NULL;
	const char *deals_sheet = NULL, *roadmap_sheet = NULL;
	bool no_config = false;
	ovp_day as_of = ovp_day_today();
	ovp_config cfg;
	ovp_error err = {0};
	ovp_roadmap *rm = NULL;
	ovp_deals_reader *reader = NULL;
	ovp_engine *engine = NULL;
	ovp_engine_options eo = {0};
	ovp_report_meta meta = {0};
	ovp_summary sum;
	collector col;
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

	memset(&col, 0, sizeof col);
	col.base.ops = &collector_ops;
	col.base.out = stdout;
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
	if (rc == 0) {
		eo.roadmap = rm;
		eo.config = &cfg;
		eo.as_of = as_of;
		eo.sink = &col.base;
		rc = ovp_engine_new(&engine, &eo, &err);
	}
	if (rc == 0) {
		meta.command = "aliases";
		meta.as_of = as_of;
		meta.deals_path = deals_path;
		meta.roadmap_path = roadmap_path;
		rc = ovp_engine_begin(engine, &meta, &err);
	}
	while (rc == 0) {
		const ovp_deal *deal;

		rc = ovp_deals_next(reader, &deal, &err);
		if (rc <= 0)
			break;
		rc = ovp_engine_deal(engine, deal, &err);
	}
	if (rc == 0 && col.failed != 0)
		rc = ovp_error_set(&err, col.failed, NULL, 0, "out of memory");
	if (rc == 0)
		rc = ovp_engine_finish(engine, &sum, &err);
	if (rc == 0)
		print_section(&col, strcmp(deals_path, "-") == 0 ? "<stdin>" : deals_path);
	else
		code = cli_fail(&err);
	for (size_t i = 0; i < col.n; i++) {
		free(col.e[i].feature);
		free(col.e[i].norm);
	}
	free(col.e);
	ovp_engine_free(engine);
	ovp_deals_close(reader);
	ovp_roadmap_free(rm);
	ovp_config_free(&cfg);
	return code;
}
