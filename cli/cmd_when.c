/*
 * The when command: for each feature, the date it can honestly be
 * promised for, from the roadmap's plan and its own history of slips.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cli.h"
#include "opt.h"
#include "src/histories.h"

enum { OPT_ROADMAP = 256, OPT_AS_OF, OPT_CONFIDENCE, OPT_BY, OPT_CONFIG, OPT_NO_CONFIG,
       OPT_ROADMAP_SHEET };

static const cli_opt when_opts[] = {
	CLI_OPT_ROADMAPS(OPT_ROADMAP),
	CLI_OPT_ROADMAP_SHEET(OPT_ROADMAP_SHEET),
	{OPT_CONFIDENCE, 0, "confidence", "P", 0, 0,
	 "how sure the date must be, between 0 and 1\n(default: 0.85)"},
	{OPT_BY, 0, "by", "DATE", 0, 0, "also give the probability of making DATE"},
	{OPT_AS_OF, 0, "as-of", "DATE", 0, 0,
	 "the day the question is asked (default: today, UTC,\nor SOURCE_DATE_EPOCH)"},
	{'f', 'f', "format", "FMT", 0, 0, "text or json (default: text)"},
	CLI_OPT_CONFIG(OPT_CONFIG),
	CLI_OPT_NO_CONFIG(OPT_NO_CONFIG),
	{'h', 'h', "help", NULL, 0, 0, "show this help and exit"},
};

static const cli_help when_help = {
	"overpromise when --roadmap FILE [OPTIONS] FEATURE...\n"
	"\n"
	"For each feature: the roadmap item it matches, its planned window, and the\n"
	"earliest date it can be promised for at the given confidence, from the\n"
	"roadmap's own history of delivery delays; and on how many past items that\n"
	"rests, how many of them still open (overpromise backtest shows how well such\n"
	"dates held on the roadmap's history).\n",
	when_opts, sizeof when_opts / sizeof when_opts[0], 0, 28,
	"Exit status: 0 when every feature got a date, 1 when some cannot honestly be\n"
	"promised (unmatched, ambiguous, cancelled or unscheduled), 2 on errors.\n",
};

static void
item_text(const ovp_item *it, char *buf, size_t cap)
{
	if (it->id[0] != '\0' && it->title[0] != '\0')
		snprintf(buf, cap, "%s \"%s\"", it->id, it->title);
	else
		snprintf(buf, cap, "%s", it->id[0] != '\0' ? it->id : it->title);
}

/* The flags of an answer, comma-separated, into buf. */
static const char *
flag_list(unsigned flags, char *buf, size_t cap)
{
	size_t off = 0;

	buf[0] = '\0';
	for (int i = 0; i < OVP_WHEN_FLAGS; i++)
		if ((flags & (1u << i)) != 0 && off < cap)
			off += (size_t)snprintf(buf + off, cap - off, "%s%s", off ? ", " : "",
			                        ovp_when_flag_name((ovp_when_flag)(1u << i)));
	return buf;
}

static void
print_text(const ovp_when_answer *a, double confidence, ovp_day by)
{
	char label[512], d1[OVP_DATE_ISO_SIZE], d2[OVP_DATE_ISO_SIZE], basis[160], pct[16];
	char caveat[1024], flags[128];

	if (a->item == NULL) {
		cli_put_shown(a->feature);
		fputs(": ", stdout);
		cli_put_shown(a->reason);
		fputs("; no date can be promised\n", stdout);
		for (size_t i = 0; i < a->ncandidates; i++) {
			item_text(a->candidates[i].item, label, sizeof label);
			bool guess = a->match.kind == OVP_MATCH_UNCONFIRMED && i == 0;

			fputs(guess ? "  did you mean "
			            : a->match.kind == OVP_MATCH_NONE ? "  closest " : "  candidate ",
			      stdout);
			cli_put_shown(label);
			printf(" (%.2f)%s\n", a->candidates[i].score, guess ? "?" : "");
		}
		return;
	}
	item_text(a->item, label, sizeof label);
	cli_put_shown(a->feature);
	fputs(": ", stdout);
	cli_put_shown(label);
	fputs(" (", stdout);
	cli_put_shown(a->item->status);
	printf(", %s)\n", ovp_match_kind_name(a->match.kind));
	if (a->when.kind == OVP_WHEN_SHIPPED) {
		printf("  shipped: can be promised now (%s)\n", ovp_day_format(a->when.earliest, d1));
		return;
	}
	if (a->when.kind == OVP_WHEN_CANCELLED || a->when.kind == OVP_WHEN_UNSCHEDULED) {
		fputs("  ", stdout);
		cli_put_shown(a->reason);
		fputs("; no date can be promised\n", stdout);
		if ((a->flags & ~(unsigned)(OVP_WHEN_FLAG_CANCELLED | OVP_WHEN_FLAG_UNSCHEDULED)) != 0)
			printf("  flags: %s\n", flag_list(a->flags, flags, sizeof flags));
		return;
	}
	printf("  planned %s", ovp_day_format(a->item->planned.end, d1));
	if (a->item->planned_text[0] != '\0' && strcmp(a->item->planned_text, d1) != 0 &&
	    a->item->planned.period != OVP_PERIOD_DAY) {
		fputs(" (", stdout);
		cli_put_shown(a->item->planned_text);
		putchar(')');
	}
	putchar('\n');
	if (a->when.kind == OVP_WHEN_DATE) {
		printf("  can be promised for %s at %.0f%% confidence",
		       ovp_day_format(a->when.earliest, d2), confidence * 100.0);
	} else {
		fputs("  ", stdout);
		cli_put_shown(a->reason);
	}
	printf(" (%s)\n", ovp_forecast_basis(&a->when.basis, basis, sizeof basis));
	if (ovp_when_caveat(a, caveat, sizeof caveat)) {
		fputs("  ", stdout);
		cli_put_shown(caveat);
		putchar('\n');
	}
	if (a->flags != 0)
		printf("  flags: %s\n", flag_list(a->flags, flags, sizeof flags));
	if (a->when.has_by)
		printf("  by %s: %s chance of making it\n", ovp_day_format(by, d1),
		       ovp_percent_text(a->when.p_by, pct, sizeof pct));
}

static json_t *
answer_json(const ovp_when_answer *a)
{
	json_t *o = json_object();
	char d[OVP_DATE_ISO_SIZE];

	json_object_set_new(o, "feature", json_string(a->feature));
	json_object_set_new(o, "match", json_string(ovp_match_kind_name(a->match.kind)));
	if (a->item != NULL) {
		json_t *ij = json_object();

		json_object_set_new(ij, "id", a->item->id[0] ? json_string(a->item->id) : json_null());
		json_object_set_new(ij, "title",
		                    a->item->title[0] ? json_string(a->item->title) : json_null());
		json_object_set_new(ij, "status", json_string(a->item->status));
		json_object_set_new(ij, "class", json_string(ovp_status_class_name(a->item->cls)));
		json_object_set_new(ij, "planned_start",
		                    ovp_window_is_set(a->item->planned)
		                        ? json_string(ovp_day_format(a->item->planned.start, d))
		                        : json_null());
		json_object_set_new(ij, "planned",
		                    ovp_window_is_set(a->item->planned)
		                        ? json_string(ovp_day_format(a->item->planned.end, d))
		                        : json_null());
		json_object_set_new(ij, "file", a->item->file != NULL ? json_string(a->item->file)
		                                                      : json_null());
		json_object_set_new(ij, "line", json_integer(a->item->line));
		json_object_set_new(o, "item", ij);
	} else {
		json_object_set_new(o, "item", json_null());
	}
	json_object_set_new(o, "earliest", a->when.earliest != OVP_DAY_NONE
	                                       ? json_string(ovp_day_format(a->when.earliest, d))
	                                       : json_null());
	json_object_set_new(o, "p_by", a->when.has_by
	                                   ? json_real(round(a->when.p_by * 1000.0) / 1000.0)
	                                   : json_null());
	json_object_set_new(o, "samples", json_integer((json_int_t)a->when.basis.samples));
	json_object_set_new(o, "open", json_integer((json_int_t)a->when.basis.open));
	json_object_set_new(o, "prior", json_boolean(a->when.basis.prior));
	json_object_set_new(o, "reason", a->reason != NULL ? json_string(a->reason) : json_null());
	{
		json_t *flags = json_array(), *cands = json_array();
		char caveat[1024];

		for (int i = 0; i < OVP_WHEN_FLAGS; i++)
			if ((a->flags & (1u << i)) != 0)
				json_array_append_new(flags,
				                      json_string(ovp_when_flag_name((ovp_when_flag)(1u << i))));
		json_object_set_new(o, "flags", flags);
		json_object_set_new(o, "caveat", ovp_when_caveat(a, caveat, sizeof caveat)
		                                     ? json_string(caveat)
		                                     : json_null());
		for (size_t i = 0; i < a->ncandidates; i++) {
			const ovp_item *it = a->candidates[i].item;
			json_t *c = json_object();

			json_object_set_new(c, "id", it->id[0] ? json_string(it->id) : json_null());
			json_object_set_new(c, "title", it->title[0] ? json_string(it->title) : json_null());
			json_object_set_new(c, "similarity",
			                    json_real(round(a->candidates[i].score * 1000.0) / 1000.0));
			json_array_append_new(cands, c);
		}
		json_object_set_new(o, "candidates", cands);
	}
	return o;
}

static int
when_run(int argc, char **argv, cli_paths *roadmaps)
{
	const char *format = "text", *config_path = NULL, *sheet = NULL;
	const char **features = NULL;
	bool no_config = false;
	ovp_day as_of = cli_today(), by = OVP_DAY_NONE;
	double confidence = -1.0; /* the configuration's, unless --confidence is given */
	ovp_config cfg;
	ovp_error err = {0};
	ovp_roadmap *rm = NULL;
	ovp_planner *pl = NULL;
	ovp_when_answer *answers = NULL;
	int nfeatures = 0, code = EXIT_CLEAN, c, rc;
	cli_parser p;

	/* The features: at most every argument. */
	features = calloc((size_t)argc, sizeof *features);
	if (features == NULL) {
		cli_error("out of memory");
		return EXIT_TROUBLE;
	}
	cli_opt_start(&p, &when_help, "when", argc, argv);
	while (code == EXIT_CLEAN && (c = cli_opt_next(&p)) != CLI_OPT_END) {
		const char *arg = p.value;
		ovp_window w;

		switch (c) {
		case CLI_OPT_ERROR:
			code = EXIT_TROUBLE;
			break;
		case CLI_OPT_ARG:
			features[nfeatures++] = arg;
			break;
		case OPT_ROADMAP:
			if (cli_paths_add(roadmaps, arg) < 0)
				code = EXIT_TROUBLE;
			break;
		case OPT_ROADMAP_SHEET:
			sheet = arg;
			break;
		case OPT_AS_OF:
		case OPT_BY:
			if (cli_parse_date("when", c == OPT_BY ? "--by" : "--as-of", arg, c == OPT_BY,
			                   &w) != 0)
				code = EXIT_TROUBLE;
			else
				*(c == OPT_BY ? &by : &as_of) = w.end;
			break;
		case OPT_CONFIDENCE:
			if (cli_parse_confidence(arg, &confidence) < 0)
				code = cli_usage_error("when", "--confidence: \"%s\" is not a probability "
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
			free(features);
			cli_help_print(&when_help, stdout);
			return EXIT_CLEAN;
		default:
			break;
		}
	}
	if (code != EXIT_CLEAN) {
		free(features);
		return code;
	}
	if (roadmaps->n == 0)
		code = cli_usage_error("when", "--roadmap FILE is required");
	else if (cli_paths_stdin_twice(roadmaps))
		code = cli_usage_error("when", "--roadmap - given twice; standard input can be "
		                               "read only once");
	else if (strcmp(format, "text") != 0 && strcmp(format, "json") != 0)
		code = cli_usage_error("when", "unknown format \"%s\" (expected text or json)", format);
	else if (nfeatures <= 0)
		code = cli_usage_error("when", "name at least one FEATURE");
	if (code != EXIT_CLEAN) {
		free(features);
		return code;
	}

	rc = cli_load_config(config_path, no_config, &cfg, &err);
	if (rc == 0 && cli_use_sheet(&cfg.roadmap, sheet) < 0) {
		code = EXIT_TROUBLE;
		goto done;
	}
	if (rc == 0 && confidence < 0.0)
		confidence = cfg.confidence;
	if (rc == 0)
		rc = ovp_roadmap_load_files(&rm, roadmaps->v, roadmaps->n, &cfg, as_of, &err);
	if (rc == 0)
		rc = ovp_planner_new(&pl, rm, &cfg, as_of, &err);
	if (rc == 0 && (answers = calloc((size_t)nfeatures, sizeof *answers)) == NULL)
		rc = ovp_error_set(&err, OVP_ENOMEM, NULL, 0, "out of memory");
	for (int i = 0; rc == 0 && i < nfeatures; i++) {
		rc = ovp_planner_when(pl, features[i], confidence, by, &answers[i], &err);
		if (rc == 0 && answers[i].when.earliest == OVP_DAY_NONE)
			code = EXIT_FINDINGS;
	}
	if (rc < 0) {
		code = cli_fail(&err);
		goto done;
	}
	if (strcmp(format, "json") == 0) {
		json_t *root = json_object(), *arr = json_array();
		char d[OVP_DATE_ISO_SIZE];
		size_t history, history_open;

		ovp_planner_past(pl, &history, &history_open);
		json_object_set_new(root, "format", json_string(CLI_WHEN_FORMAT));
		json_object_set_new(root, "as_of", json_string(ovp_day_format(as_of, d)));
		json_object_set_new(root, "confidence", json_real(confidence));
		json_object_set_new(root, "by", by != OVP_DAY_NONE ? json_string(ovp_day_format(by, d))
		                                                   : json_null());
		json_object_set_new(root, "history", json_integer((json_int_t)history));
		json_object_set_new(root, "history_open", json_integer((json_int_t)history_open));
		for (int i = 0; i < nfeatures; i++)
			json_array_append_new(arr, answer_json(&answers[i]));
		json_object_set_new(root, "features", arr);
		json_object_set_new(root, "notes", cli_notes_json(rm, cfg.forecast_per_file));
		json_dumpf(root, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(15));
		putchar('\n');
		json_decref(root);
	} else {
		for (int i = 0; i < nfeatures; i++)
			print_text(&answers[i], confidence, by);
		cli_print_notes(rm, cfg.forecast_per_file, false);
	}
done:
	free(features);
	free(answers);
	ovp_planner_free(pl);
	ovp_roadmap_free(rm);
	ovp_config_free(&cfg);
	return code;
}

int
cmd_when(int argc, char **argv)
{
	cli_paths roadmaps = {NULL, 0};
	int code = when_run(argc, argv, &roadmaps);

	free(roadmaps.v);
	return code;
}
