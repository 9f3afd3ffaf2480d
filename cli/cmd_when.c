/*
 * The when command: for each feature, the date it can honestly be
 * promised for, from the roadmap's plan and its own history of slips.
 */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cli.h"

enum { OPT_ROADMAP = 256, OPT_AS_OF, OPT_CONFIDENCE, OPT_BY, OPT_CONFIG, OPT_NO_CONFIG,
       OPT_ROADMAP_SHEET };

static const char when_help[] =
	"Usage: overpromise when --roadmap FILE [OPTIONS] FEATURE...\n"
	"\n"
	"For each feature: the roadmap item it matches, its planned window, and the\n"
	"earliest date it can be promised for at the given confidence, from the\n"
	"roadmap's own history of delivery delays; and on how many past items that\n"
	"rests, how many of them still open (overpromise backtest shows how well such\n"
	"dates held on the roadmap's history).\n"
	"\n"
	"Options:\n"
	"      --roadmap FILE        the roadmap export (CSV, gzip'd CSV or Excel .xlsx;\n"
	"                            repeatable: several files are read as one roadmap)\n"
	"      --roadmap-sheet NAME  the roadmap's sheet in a workbook (default: the first\n"
	"                            visible one)\n"
	"      --confidence P        how sure the date must be, between 0 and 1\n"
	"                            (default: 0.85)\n"
	"      --by DATE             also give the probability of making DATE\n"
	"      --as-of DATE          the day the question is asked (default: today, UTC,\n"
	"                            or SOURCE_DATE_EPOCH)\n"
	"  -f, --format FMT          text or json (default: text)\n"
	"      --config FILE         read the configuration from FILE\n"
	"      --no-config           do not look for a configuration file\n"
	"  -h, --help                show this help and exit\n"
	"\n"
	"Exit status: 0 when every feature got a date, 1 when some cannot honestly be\n"
	"promised (unmatched, ambiguous, cancelled or unscheduled), 2 on errors.\n";

/* The answer for one feature: how it matched, and what the slip model says of its item. */
typedef struct answer {
	const char *feature;
	const ovp_match *match;
	const ovp_item *item;     /* NULL when unmatched or ambiguous */
	const char *reason;       /* why there is no date, or NULL */
	ovp_when when;            /* for a matched item */
} answer;

static void
answer_feature(answer *a, const char *feature, ovp_matcher *m, const ovp_histories *hs,
               ovp_day as_of, double confidence, ovp_day by)
{
	memset(a, 0, sizeof *a);
	a->feature = feature;
	a->when.earliest = OVP_DAY_NONE;
	a->match = ovp_matcher_match(m, a->feature, strlen(a->feature));
	if (a->match == NULL) {
		a->reason = "out of memory";
		return;
	}
	if (a->match->kind == OVP_MATCH_NONE) {
		a->reason = "not on the roadmap";
		return;
	}
	if (a->match->kind == OVP_MATCH_AMBIGUOUS) {
		a->reason = "matches several roadmap items; name one";
		return;
	}
	if (a->match->kind == OVP_MATCH_UNCONFIRMED) {
		a->reason = "not clearly on the roadmap; confirm the item with an alias";
		return;
	}
	a->item = a->match->item;
	ovp_forecast_when(ovp_histories_for(hs, a->item), a->item, as_of, confidence, by, &a->when);
	a->reason = a->when.reason;
}

static void
item_text(const ovp_item *it, char *buf, size_t cap)
{
	if (it->id[0] != '\0' && it->title[0] != '\0')
		snprintf(buf, cap, "%s \"%s\"", it->id, it->title);
	else
		snprintf(buf, cap, "%s", it->id[0] != '\0' ? it->id : it->title);
}

static void
print_text(const answer *a, double confidence, ovp_day by)
{
	char label[512], d1[OVP_DATE_ISO_SIZE], d2[OVP_DATE_ISO_SIZE], basis[160], pct[16];

	if (a->item == NULL) {
		printf("%s: %s; no date can be promised\n", a->feature, a->reason);
		if (a->match != NULL && a->match->kind == OVP_MATCH_AMBIGUOUS)
			for (size_t i = 0; i < a->match->ncandidates; i++) {
				item_text(a->match->candidates[i].item, label, sizeof label);
				printf("  candidate %s (%.2f)\n", label, a->match->candidates[i].score);
			}
		if (a->match != NULL && a->match->kind == OVP_MATCH_UNCONFIRMED &&
		    a->match->ncandidates > 0) {
			item_text(a->match->candidates[0].item, label, sizeof label);
			printf("  did you mean %s (%.2f)?\n", label, a->match->candidates[0].score);
		}
		return;
	}
	item_text(a->item, label, sizeof label);
	printf("%s: %s (%s, %s)\n", a->feature, label, a->item->status,
	       ovp_match_kind_name(a->match->kind));
	if (a->when.kind == OVP_WHEN_SHIPPED) {
		printf("  shipped: can be promised now (%s)\n", ovp_day_format(a->when.earliest, d1));
		return;
	}
	if (a->when.kind == OVP_WHEN_CANCELLED || a->when.kind == OVP_WHEN_UNSCHEDULED) {
		printf("  %s; no date can be promised\n", a->reason);
		return;
	}
	printf("  planned %s", ovp_day_format(a->item->planned.end, d1));
	if (a->item->planned_text[0] != '\0' && strcmp(a->item->planned_text, d1) != 0 &&
	    a->item->planned.period != OVP_PERIOD_DAY)
		printf(" (%s)", a->item->planned_text);
	putchar('\n');
	if (a->when.kind == OVP_WHEN_DATE)
		printf("  can be promised for %s at %.0f%% confidence",
		       ovp_day_format(a->when.earliest, d2), confidence * 100.0);
	else
		printf("  %s", a->reason);
	printf(" (%s)\n", ovp_forecast_basis(&a->when.basis, basis, sizeof basis));
	if (a->when.has_by)
		printf("  by %s: %s chance of making it\n", ovp_day_format(by, d1),
		       ovp_percent_text(a->when.p_by, pct, sizeof pct));
}

static json_t *
answer_json(const answer *a)
{
	json_t *o = json_object();
	char d[OVP_DATE_ISO_SIZE];

	json_object_set_new(o, "feature", json_string(a->feature));
	json_object_set_new(o, "match", json_string(a->match != NULL
	                                                ? ovp_match_kind_name(a->match->kind)
	                                                : "none"));
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
	return o;
}

static int
when_run(int argc, char **argv, cli_paths *roadmaps)
{
	static const struct option longopts[] = {
		{"roadmap", required_argument, NULL, OPT_ROADMAP},
		{"roadmap-sheet", required_argument, NULL, OPT_ROADMAP_SHEET},
		{"as-of", required_argument, NULL, OPT_AS_OF},
		{"confidence", required_argument, NULL, OPT_CONFIDENCE},
		{"by", required_argument, NULL, OPT_BY},
		{"format", required_argument, NULL, 'f'},
		{"config", required_argument, NULL, OPT_CONFIG},
		{"no-config", no_argument, NULL, OPT_NO_CONFIG},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	const char *format = "text", *config_path = NULL, *sheet = NULL;
	bool no_config = false;
	ovp_day as_of = ovp_day_today(), by = OVP_DAY_NONE;
	double confidence = 0.85;
	ovp_config cfg;
	ovp_error err = {0};
	ovp_roadmap *rm = NULL;
	ovp_matcher *m = NULL;
	ovp_histories hs = {0};
	answer *answers = NULL;
	int nfeatures, code = EXIT_CLEAN, c, rc;

	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, ":f:h", longopts, NULL)) != -1) {
		switch (c) {
		case OPT_ROADMAP:
			if (cli_paths_add(roadmaps, optarg) < 0)
				return EXIT_TROUBLE;
			break;
		case OPT_ROADMAP_SHEET:
			sheet = optarg;
			break;
		case OPT_AS_OF:
			if (cli_parse_day(optarg, &as_of) < 0)
				return cli_usage_error("when", "--as-of: \"%s\" is not a date (expected "
				                               "YYYY-MM-DD)",
				                       optarg);
			break;
		case OPT_BY:
			if (cli_parse_day(optarg, &by) < 0)
				return cli_usage_error("when", "--by: \"%s\" is not a date (expected YYYY-MM-DD)",
				                       optarg);
			break;
		case OPT_CONFIDENCE:
			if (cli_parse_confidence(optarg, &confidence) < 0)
				return cli_usage_error("when", "--confidence: \"%s\" is not a probability "
				                               "between 0 and 1 (exclusive)",
				                       optarg);
			break;
		case 'f':
			format = optarg;
			break;
		case OPT_CONFIG:
			config_path = optarg;
			break;
		case OPT_NO_CONFIG:
			no_config = true;
			break;
		case 'h':
			fputs(when_help, stdout);
			return EXIT_CLEAN;
		case ':':
			return cli_usage_error("when", "option '%s' needs a value", argv[optind - 1]);
		default:
			return cli_usage_error("when", "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (roadmaps->n == 0)
		return cli_usage_error("when", "--roadmap FILE is required");
	if (cli_paths_stdin_twice(roadmaps))
		return cli_usage_error("when", "--roadmap - given twice; standard input can be "
		                               "read only once");
	if (strcmp(format, "text") != 0 && strcmp(format, "json") != 0)
		return cli_usage_error("when", "unknown format \"%s\" (expected text or json)", format);
	nfeatures = argc - optind;
	if (nfeatures <= 0)
		return cli_usage_error("when", "name at least one FEATURE");

	rc = cli_load_config(config_path, no_config, &cfg, &err);
	if (rc == 0 && cli_use_sheet(&cfg.roadmap, sheet) < 0) {
		code = EXIT_TROUBLE;
		goto done;
	}
	if (rc == 0)
		rc = ovp_roadmap_load_files(&rm, roadmaps->v, roadmaps->n, &cfg, as_of, &err);
	if (rc == 0)
		rc = ovp_matcher_new(&m, rm, cfg.aliases, cfg.naliases, cfg.min_similarity,
		                     cfg.unconfirmed_similarity, &err);
	if (rc == 0 &&
	    ovp_histories_build(&hs, rm, as_of, cfg.min_history, cfg.forecast_per_file) < 0)
		rc = ovp_error_set(&err, OVP_ENOMEM, NULL, 0, "out of memory");
	if (rc == 0 && (answers = calloc((size_t)nfeatures, sizeof *answers)) == NULL)
		rc = ovp_error_set(&err, OVP_ENOMEM, NULL, 0, "out of memory");
	if (rc < 0) {
		code = cli_fail(&err);
		goto done;
	}
	for (int i = 0; i < nfeatures; i++) {
		answer_feature(&answers[i], argv[optind + i], m, &hs, as_of, confidence, by);
		if (answers[i].when.earliest == OVP_DAY_NONE)
			code = EXIT_FINDINGS;
	}
	if (strcmp(format, "json") == 0) {
		json_t *root = json_object(), *arr = json_array();
		char d[OVP_DATE_ISO_SIZE];
		size_t history = 0, history_open = 0;

		/* The past items of the whole roadmap, in one history or spread over its files'. */
		for (size_t k = 0; k < hs.n; k++) {
			history += hs.h[k].past;
			history_open += hs.h[k].past_open;
		}
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
	free(answers);
	ovp_histories_free(&hs);
	ovp_matcher_free(m);
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
