/*
 * The backtest command: replays the roadmap's own history through the
 * slip model (ovp_backtest_run()) and prints how the forecasts did, as
 * text, JSON or Markdown.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cli.h"
#include "opt.h"

enum {
	OPT_ROADMAP = 256,
	OPT_ROADMAP_SHEET,
	OPT_AS_OF,
	OPT_FROM,
	OPT_STEP,
	OPT_CONFIDENCE,
	OPT_CONFIG,
	OPT_NO_CONFIG
};

static const cli_opt backtest_opts[] = {
	CLI_OPT_ROADMAPS(OPT_ROADMAP),
	CLI_OPT_ROADMAP_SHEET(OPT_ROADMAP_SHEET),
	{OPT_FROM, 0, "from", "DATE", 0, 0,
	 "the first cut-off day (default: the first Created\nday of the roadmap, at most 1000 "
	 "steps back)"},
	{OPT_STEP, 0, "step", "DAYS", 0, 0, "days between cut-offs (default: 7)"},
	{OPT_CONFIDENCE, 0, "confidence", "P", 0, 0,
	 "the confidence of the `when` dates, between 0 and 1\n(default: 0.85)"},
	{OPT_AS_OF, 0, "as-of", "DATE", 0, 0,
	 "what has happened is known up to this day (default:\ntoday, UTC, or SOURCE_DATE_EPOCH)"},
	{'f', 'f', "format", "FMT", 0, 0, "text, json or markdown (default: text)"},
	CLI_OPT_CONFIG(OPT_CONFIG),
	CLI_OPT_NO_CONFIG(OPT_NO_CONFIG),
	{'h', 'h', "help", NULL, 0, 0, "show this help and exit"},
};

static const cli_help backtest_help = {
	"overpromise backtest --roadmap FILE [OPTIONS]\n"
	"\n"
	"Replays the roadmap's own history: at every cut-off day, the roadmap as it\n"
	"stood then (from its Created and Resolved dates), the chance the slip model\n"
	"gave each open item of missing its plan and 7, 14 and 30 days after it, and\n"
	"the date `when` gave; then how often those were right.  Prints a\n"
	"reliability table, the Brier score against always predicting the base rate,\n"
	"and how often the `when` dates held.\n",
	backtest_opts, sizeof backtest_opts / sizeof backtest_opts[0], 0, 28,
	"Exit status: 0 when the replay ran (even on too small a history, which it\n"
	"says), 2 on errors.\n",
};

/* "0.123", or "-" where there is nothing to say. */
static const char *
fixed3(double x, bool set, char *buf, size_t cap)
{
	if (!set)
		snprintf(buf, cap, "-");
	else
		snprintf(buf, cap, "%.3f", x);
	return buf;
}

/* The name of row i of a table: a bin ("0-10%") or a horizon ("plan + 7 days"). */
static const char *
bin_name(int i, char *buf, size_t cap)
{
	snprintf(buf, cap, "%d-%d%%", i * 10, (i + 1) * 10);
	return buf;
}

static const char *
horizon_name(int k, char *buf, size_t cap)
{
	int days = ovp_backtest_horizons[k];

	if (days == 0)
		snprintf(buf, cap, "the plan");
	else
		snprintf(buf, cap, "plan + %d days", days);
	return buf;
}

/* A table of n groups, as text or as Markdown: name, forecasts, predicted, missed. */
static void
print_groups(bool markdown, const char *title, const ovp_backtest_group *g, int n,
             const char *(*name)(int, char *, size_t))
{
	char a[16], b[16], row[32];

	if (markdown)
		printf("\n| %s | Forecasts | Predicted | Missed |\n|---|---:|---:|---:|\n", title);
	else
		printf("\n%-19s forecasts  predicted  missed\n", title);
	for (int i = 0; i < n; i++) {
		name(i, row, sizeof row);
		fixed3(g[i].predicted, g[i].count > 0, a, sizeof a);
		fixed3(g[i].observed, g[i].count > 0, b, sizeof b);
		if (markdown)
			printf("| %s | %zu | %s | %s |\n", row, g[i].count, a, b);
		else
			printf("  %-16s %9zu  %9s  %6s\n", row, g[i].count, a, b);
	}
}

/* The plain sentence on too small a history. */
static void
too_small_text(const ovp_backtest *bt, char *buf, size_t cap)
{
	if (bt->replayed == 0)
		snprintf(buf, cap,
		         "There is no history to judge the forecasts on: no item has a planned "
		         "date and a known outcome.");
	else if (bt->cutoffs == 0)
		snprintf(buf, cap,
		         "There is no history to judge the forecasts on: no cut-off day falls "
		         "before the as-of day.");
	else
		snprintf(buf, cap,
		         "The history is too small to judge the forecasts: %zu %s could be judged, "
		         "%d are needed. The figures are shown for what they are worth.",
		         bt->items, bt->items == 1 ? "item" : "items", OVP_BACKTEST_MIN_ITEMS);
}

/* The Brier sentence. */
static void
brier_text(const ovp_backtest *bt, char *buf, size_t cap)
{
	if (bt->predictions == 0) {
		snprintf(buf, cap, "Brier score: no forecast could be judged.");
	} else if (bt->brier_base <= 0.0) {
		snprintf(buf, cap,
		         "Brier score %.3f; every judged promise went the same way (%.0f%% missed), "
		         "so there is no base rate to beat.",
		         bt->brier, bt->base_rate * 100.0);
	} else {
		snprintf(buf, cap,
		         "Brier score %.3f, against %.3f for always predicting the base rate (%.0f%% "
		         "missed): %.0f%% %s.",
		         bt->brier, bt->brier_base, bt->base_rate * 100.0, fabs(bt->skill) * 100.0,
		         bt->skill >= 0.0 ? "better" : "worse");
	}
}

/* The `when` sentence. */
static void
when_text(const ovp_backtest *bt, char *buf, size_t cap)
{
	int n;

	if (bt->when.judged == 0) {
		snprintf(buf, cap, "At %.0f%% confidence, no `when` date could be judged.",
		         bt->confidence * 100.0);
		return;
	}
	n = snprintf(buf, cap, "At %.0f%% confidence, the `when` date held %.0f%% of the time (%zu of %zu)",
	             bt->confidence * 100.0, bt->when.rate * 100.0,
	             bt->when.held, bt->when.judged);
	if (n < 0 || (size_t)n >= cap)
		return;
	if (bt->when_few.judged > 0)
		snprintf(buf + n, cap - (size_t)n,
		         "; %.0f%% (%zu of %zu) when it rested on fewer than %d past items.",
		         bt->when_few.rate * 100.0, bt->when_few.held,
		         bt->when_few.judged, OVP_BACKTEST_FEW);
	else
		snprintf(buf + n, cap - (size_t)n, ".");
}

/* The report as text or as Markdown: they differ in markup only. */
static void
print_report(bool markdown, const ovp_roadmap *rm, const ovp_backtest *bt, ovp_day as_of)
{
	char d1[OVP_DATE_ISO_SIZE], d2[OVP_DATE_ISO_SIZE], line[512];

	printf(markdown ? "## Backtest of " : "Backtest of ");
	for (size_t k = 0; k < (rm->nfiles > 0 ? rm->nfiles : 1); k++)
		printf(markdown ? "%s`%s`" : "%s%s", k > 0 ? ", " : "",
		       rm->nfiles > 0 ? rm->files[k].path : rm->path);
	printf(", as of %s\n%s", ovp_day_format(as_of, d1), markdown ? "\n" : "");
	if (bt->cutoffs > 0)
		printf("%zu cut-off %s from %s to %s, every %d %s; promises at each open item's plan "
		       "and 7, 14 and 30 days after it%s",
		       bt->cutoffs, bt->cutoffs == 1 ? "day" : "days", ovp_day_format(bt->from, d1),
		       ovp_day_format(bt->to, d2), bt->step, bt->step == 1 ? "day" : "days",
		       markdown ? ". " : "\n");
	printf("%zu %s judged on %zu %s; %zu more not known yet%s\n", bt->predictions,
	       bt->predictions == 1 ? "forecast" : "forecasts", bt->items,
	       bt->items == 1 ? "item" : "items", bt->pending, markdown ? "." : "");
	if (bt->too_small) {
		too_small_text(bt, line, sizeof line);
		printf(markdown ? "\n**%s**\n" : "\n%s\n", line);
	}
	print_groups(markdown, "Chance of missing", bt->bins, OVP_BACKTEST_BINS, bin_name);
	print_groups(markdown, "Promised for", bt->horizons, OVP_BACKTEST_HORIZONS, horizon_name);
	brier_text(bt, line, sizeof line);
	printf("\n%s\n", line);
	when_text(bt, line, sizeof line);
	printf("%s\n", line);
	if (bt->no_created > 0) {
		snprintf(line, sizeof line,
		         "%zu %s no Created date and %s taken to be on the roadmap from the first "
		         "cut-off",
		         bt->no_created, bt->no_created == 1 ? "item has" : "items have",
		         bt->no_created == 1 ? "is" : "are");
		if (markdown)
			printf("\nNote: %s.\n", line);
		else
			printf("%s: note: %s\n", rm->path, line);
	}
	cli_print_notes(rm, bt->per_file, markdown);
}

/* A number rounded to three places, or null. */
static json_t *
real3(double x, bool set)
{
	return set ? json_real(round(x * 1000.0) / 1000.0) : json_null();
}

/* A group's figures, added to o. */
static json_t *
group_json(json_t *o, const ovp_backtest_group *g)
{
	json_object_set_new(o, "count", json_integer((json_int_t)g->count));
	json_object_set_new(o, "predicted", real3(g->predicted, g->count > 0));
	json_object_set_new(o, "observed", real3(g->observed, g->count > 0));
	return o;
}

static json_t *
when_json(const ovp_backtest_when *w)
{
	json_t *o = json_object();

	json_object_set_new(o, "judged", json_integer((json_int_t)w->judged));
	json_object_set_new(o, "held", json_integer((json_int_t)w->held));
	json_object_set_new(o, "rate", real3(w->rate, w->judged > 0));
	return o;
}

static void
print_json(const ovp_roadmap *rm, const ovp_backtest *bt, ovp_day as_of)
{
	json_t *root = json_object(), *bins = json_array(), *hz = json_array(), *files = json_array(),
	       *w;
	char d[OVP_DATE_ISO_SIZE], line[512];

	json_object_set_new(root, "format", json_string(CLI_BACKTEST_FORMAT));
	json_object_set_new(root, "roadmap", json_string(rm->path));
	for (size_t k = 0; k < rm->nfiles; k++)
		json_array_append_new(files, json_string(rm->files[k].path));
	json_object_set_new(root, "files", files);
	json_object_set_new(root, "as_of", json_string(ovp_day_format(as_of, d)));
	json_object_set_new(root, "from", bt->cutoffs > 0 ? json_string(ovp_day_format(bt->from, d))
	                                                  : json_null());
	json_object_set_new(root, "to", bt->cutoffs > 0 ? json_string(ovp_day_format(bt->to, d))
	                                                : json_null());
	json_object_set_new(root, "step", json_integer(bt->step));
	json_object_set_new(root, "per_file", json_boolean(bt->per_file));
	json_object_set_new(root, "cutoffs", json_integer((json_int_t)bt->cutoffs));
	json_object_set_new(root, "replayed", json_integer((json_int_t)bt->replayed));
	json_object_set_new(root, "items", json_integer((json_int_t)bt->items));
	json_object_set_new(root, "predictions", json_integer((json_int_t)bt->predictions));
	json_object_set_new(root, "pending", json_integer((json_int_t)bt->pending));
	json_object_set_new(root, "too_small", json_boolean(bt->too_small));
	if (bt->too_small) {
		too_small_text(bt, line, sizeof line);
		json_object_set_new(root, "verdict", json_string(line));
	} else {
		json_object_set_new(root, "verdict", json_null());
	}
	for (int i = 0; i < OVP_BACKTEST_BINS; i++) {
		json_t *o = json_object();

		json_object_set_new(o, "from", json_real(i / 10.0));
		json_object_set_new(o, "to", json_real((i + 1) / 10.0));
		json_array_append_new(bins, group_json(o, &bt->bins[i]));
	}
	json_object_set_new(root, "reliability", bins);
	for (int k = 0; k < OVP_BACKTEST_HORIZONS; k++) {
		json_t *o = json_object();

		json_object_set_new(o, "days", json_integer(ovp_backtest_horizons[k]));
		json_array_append_new(hz, group_json(o, &bt->horizons[k]));
	}
	json_object_set_new(root, "horizons", hz);
	json_object_set_new(root, "base_rate", real3(bt->base_rate, bt->predictions > 0));
	json_object_set_new(root, "brier", real3(bt->brier, bt->predictions > 0));
	json_object_set_new(root, "brier_base_rate", real3(bt->brier_base, bt->predictions > 0));
	w = when_json(&bt->when);
	json_object_set_new(w, "confidence", json_real(bt->confidence));
	json_object_set_new(w, "few", when_json(&bt->when_few));
	json_object_set_new(w, "few_below", json_integer(OVP_BACKTEST_FEW));
	json_object_set_new(root, "when", w);
	json_object_set_new(root, "no_created", json_integer((json_int_t)bt->no_created));
	json_object_set_new(root, "notes", cli_notes_json(rm, bt->per_file));
	json_dumpf(root, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(15));
	putchar('\n');
	json_decref(root);
}

static int
backtest_run(int argc, char **argv, cli_paths *roadmaps)
{
	const char *format = "text", *config_path = NULL, *sheet = NULL;
	bool no_config = false;
	ovp_backtest_options o = {OVP_DAY_NONE, 7, cli_today(), 0.85, OVP_DEFAULT_MIN_HISTORY,
	                          false};
	ovp_config cfg;
	ovp_error err = {0};
	ovp_roadmap *rm = NULL;
	ovp_backtest bt;
	cli_parser p;
	int c, rc;

	cli_opt_start(&p, &backtest_help, "backtest", argc, argv);
	while ((c = cli_opt_next(&p)) != CLI_OPT_END) {
		const char *arg = p.value;
		ovp_window w;
		char *end;
		long step;

		switch (c) {
		case CLI_OPT_ERROR:
			return EXIT_TROUBLE;
		case CLI_OPT_ARG:
			return cli_usage_error("backtest", "unexpected argument '%s'", arg);
		case OPT_ROADMAP:
			if (cli_paths_add(roadmaps, arg) < 0)
				return EXIT_TROUBLE;
			break;
		case OPT_ROADMAP_SHEET:
			sheet = arg;
			break;
		case OPT_AS_OF:
		case OPT_FROM:
			if (cli_parse_date("backtest", c == OPT_FROM ? "--from" : "--as-of", arg, false,
			                   &w) != 0)
				return EXIT_TROUBLE;
			*(c == OPT_FROM ? &o.from : &o.as_of) = w.end;
			break;
		case OPT_STEP:
			step = strtol(arg, &end, 10);
			if (end == arg || *end != '\0' || step < 1 || step > 3660)
				return cli_usage_error("backtest", "--step: \"%s\" is not a number of days "
				                                   "(1 to 3660)",
				                       arg);
			o.step = (int)step;
			break;
		case OPT_CONFIDENCE:
			if (cli_parse_confidence(arg, &o.confidence) < 0)
				return cli_usage_error("backtest", "--confidence: \"%s\" is not a probability "
				                                   "between 0 and 1 (exclusive)",
				                       arg);
			break;
		case 'f':
			format = arg;
			break;
		case OPT_CONFIG:
			config_path = arg;
			break;
		case OPT_NO_CONFIG:
			no_config = true;
			break;
		case 'h':
			cli_help_print(&backtest_help, stdout);
			return EXIT_CLEAN;
		default:
			break;
		}
	}
	if (roadmaps->n == 0)
		return cli_usage_error("backtest", "--roadmap FILE is required");
	if (cli_paths_stdin_twice(roadmaps))
		return cli_usage_error("backtest", "--roadmap - given twice; standard input can be "
		                                   "read only once");
	if (strcmp(format, "text") != 0 && strcmp(format, "json") != 0 &&
	    strcmp(format, "markdown") != 0)
		return cli_usage_error("backtest",
		                       "unknown format \"%s\" (expected text, json or markdown)", format);

	rc = cli_load_config(config_path, no_config, &cfg, &err);
	if (rc == 0 && cli_use_sheet(&cfg.roadmap, sheet) < 0) {
		ovp_config_free(&cfg);
		return EXIT_TROUBLE;
	}
	if (rc == 0)
		rc = ovp_roadmap_load_files(&rm, roadmaps->v, roadmaps->n, &cfg, o.as_of, &err);
	if (rc == 0) {
		o.min_history = cfg.min_history;
		o.per_file = cfg.forecast_per_file;
		rc = ovp_backtest_run(rm, &o, &bt, &err);
	}
	if (rc < 0) {
		rc = cli_fail(&err);
	} else {
		if (strcmp(format, "json") == 0)
			print_json(rm, &bt, o.as_of);
		else
			print_report(strcmp(format, "markdown") == 0, rm, &bt, o.as_of);
		rc = EXIT_CLEAN;
	}
	ovp_roadmap_free(rm);
	ovp_config_free(&cfg);
	return rc;
}

int
cmd_backtest(int argc, char **argv)
{
	cli_paths roadmaps = {NULL, 0};
	int code = backtest_run(argc, argv, &roadmaps);

	free(roadmaps.v);
	return code;
}
