/*
 * Fuzz target: the configuration parser (ovp_config_load).  The input
 * is the INI file.  A file that loads is loaded a second time on top of
 * itself (settings from two files add up), and its aliases are given to
 * a matcher over a small roadmap, which must accept them or refuse them
 * with a configuration error.
 *
 * Checked besides memory errors and leaks: an error names the file; the
 * thresholds of a loaded configuration lie in the ranges the rules and
 * the matcher accept; every string it holds is readable.
 */
#include <string.h>

#include <overpromise/config.h>
#include <overpromise/match.h>

#include "fuzz.h"

static volatile size_t sink;

static const ovp_item items[] = {
	{.id = "PLAT-101", .title = "Single sign-on (SAML)", .status = "In Progress", .line = 2},
	{.id = "PLAT-117", .title = "Audit log export", .status = "Done", .line = 3},
};

static void
check_loaded(const ovp_config *cfg)
{
	FUZZ_CHECK(cfg->slip_threshold >= 0.0 && cfg->slip_threshold <= 1.0);
	FUZZ_CHECK(cfg->concentration_share >= 0.0 && cfg->concentration_share <= 1.0);
	FUZZ_CHECK(cfg->min_similarity > 0.0 && cfg->min_similarity <= 1.0);
	FUZZ_CHECK(cfg->slip_days >= 0);
	FUZZ_CHECK(cfg->deals.ncolumns <= OVP_CONFIG_MAX_FIELDS);
	FUZZ_CHECK(cfg->roadmap.ncolumns <= OVP_CONFIG_MAX_FIELDS);
	for (size_t i = 0; i < cfg->deals.ncolumns; i++)
		sink += strlen(cfg->deals.columns[i].field) + strlen(cfg->deals.columns[i].header);
	for (size_t i = 0; i < cfg->roadmap.ncolumns; i++)
		sink += strlen(cfg->roadmap.columns[i].field) + strlen(cfg->roadmap.columns[i].header);
	for (int c = 0; c < OVP_CLASS_COUNT; c++)
		for (size_t i = 0; i < cfg->nstatus_words[c]; i++)
			sink += strlen(cfg->status_words[c][i]);
	for (size_t i = 0; i < cfg->naliases; i++)
		sink += strlen(cfg->aliases[i].phrase) + strlen(cfg->aliases[i].target);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	ovp_config cfg;
	ovp_error err = {0};
	const char *path;
	int rc;

	fuzz_file_begin();
	fuzz_file_append(data, size);
	path = fuzz_file_path();
	ovp_config_init(&cfg);
	rc = ovp_config_load(&cfg, path, &err);
	if (rc < 0) {
		FUZZ_CHECK(err.code == rc);
		FUZZ_CHECK(strncmp(err.message, path, strlen(path)) == 0);
	} else {
		ovp_roadmap rm = {0};
		ovp_matcher *m = NULL;

		check_loaded(&cfg);
		rm.path = "roadmap.csv";
		rm.items = items;
		rm.nitems = sizeof items / sizeof items[0];
		rc = ovp_matcher_new(&m, &rm, cfg.aliases, cfg.naliases, cfg.min_similarity,
		                     cfg.unconfirmed_similarity, &err);
		FUZZ_CHECK(rc == 0 || rc == OVP_ECONFIG);
		if (rc == 0) {
			const ovp_match *r = ovp_matcher_match(m, "single sign on", 14, NULL);

			FUZZ_CHECK(r != NULL);
		}
		ovp_matcher_free(m);
		rc = ovp_config_load(&cfg, path, &err);
		FUZZ_CHECK(rc == 0 || rc == OVP_ECONFIG || rc == OVP_ENOMEM);
		if (rc == 0)
			check_loaded(&cfg);
	}
	ovp_config_free(&cfg);
	return 0;
}
