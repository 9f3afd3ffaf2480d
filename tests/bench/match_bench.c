/*
 * The matcher on its own: loads the roadmap, builds the matcher and
 * matches every line of a file of distinct promised features once,
 * timing each step with the process CPU clock (what a shared machine
 * disturbs least).  Prints one line of figures a shell script can read:
 *
 *   items=N texts=N load=S build=S match=S key=N exact=N alias=N fuzzy=N ambiguous=N
 *   unconfirmed=N none=N scored=N
 *
 * With --dump, it prints instead what each text matched, one line each
 * (text, kind, item, similarity and the candidates with their scores, to
 * 17 digits), so that two builds' results can be compared with diff.
 *
 * Usage: match_bench [--dump] ROADMAP FEATURES
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <overpromise/overpromise.h>

static double
cpu_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int
main(int argc, char **argv)
{
	ovp_error err = {0};
	ovp_roadmap *rm = NULL;
	ovp_matcher *m = NULL;
	ovp_config cfg;
	FILE *f;
	char **texts = NULL;
	size_t ntexts = 0, cap = 0;
	char *line = NULL;
	size_t lcap = 0;
	ssize_t len;
	unsigned long kinds[OVP_MATCH_UNCONFIRMED + 1] = {0};
	unsigned long long scored = 0;
	double t0, t1, t2, t3;
	bool dump = argc == 4 && strcmp(argv[1], "--dump") == 0;

	if (dump) {
		argv++;
		argc--;
	}
	if (argc != 3) {
		fputs("usage: match_bench [--dump] ROADMAP FEATURES\n", stderr);
		return 2;
	}
	f = fopen(argv[2], "r");
	if (f == NULL) {
		perror(argv[2]);
		return 1;
	}
	while ((len = getline(&line, &lcap, f)) > 0) {
		if (line[len - 1] == '\n')
			line[--len] = '\0';
		if (ntexts == cap) {
			cap = cap ? cap * 2 : 1024;
			texts = realloc(texts, cap * sizeof *texts);
			if (texts == NULL)
				return 1;
		}
		texts[ntexts] = strdup(line);
		if (texts[ntexts++] == NULL)
			return 1;
	}
	free(line);
	fclose(f);

	ovp_config_init(&cfg);
	t0 = cpu_now();
	if (ovp_roadmap_load(&rm, argv[1], &cfg, ovp_day_from_ymd(2026, 11, 26), &err) < 0) {
		fprintf(stderr, "%s\n", err.message);
		return 1;
	}
	t1 = cpu_now();
	if (ovp_matcher_new(&m, rm, NULL, 0, cfg.min_similarity, cfg.unconfirmed_similarity,
	                    &err) < 0) {
		fprintf(stderr, "%s\n", err.message);
		return 1;
	}
	t2 = cpu_now();
	for (size_t i = 0; i < ntexts; i++) {
		const ovp_match *r = ovp_matcher_match(m, texts[i], strlen(texts[i]), NULL);

		if (r == NULL) {
			fputs("match_bench: out of memory\n", stderr);
			return 1;
		}
		kinds[r->kind]++;
		scored += r->scored;
		if (dump) {
			printf("%s\t%s\t%s\t%.17g", texts[i], ovp_match_kind_name(r->kind),
			       r->item != NULL ? r->item->id : "-", r->similarity);
			for (size_t c = 0; c < r->ncandidates; c++)
				printf("\t%s=%.17g", r->candidates[c].item->id, r->candidates[c].score);
			putchar('\n');
		}
	}
	t3 = cpu_now();
	if (!dump)
		printf("items=%zu texts=%zu load=%.3f build=%.3f match=%.3f key=%lu exact=%lu "
		       "alias=%lu fuzzy=%lu ambiguous=%lu unconfirmed=%lu none=%lu scored=%llu\n",
		       rm->nitems, ntexts, t1 - t0, t2 - t1, t3 - t2, kinds[OVP_MATCH_KEY],
		       kinds[OVP_MATCH_EXACT], kinds[OVP_MATCH_ALIAS], kinds[OVP_MATCH_FUZZY],
		       kinds[OVP_MATCH_AMBIGUOUS], kinds[OVP_MATCH_UNCONFIRMED],
		       kinds[OVP_MATCH_NONE], scored);
	ovp_matcher_free(m);
	ovp_roadmap_free(rm);
	ovp_config_free(&cfg);
	for (size_t i = 0; i < ntexts; i++)
		free(texts[i]);
	free(texts);
	return 0;
}
