/*
 * Fuzz target: a deals export checked on two threads against one.  The
 * input is a roadmap export, two NUL bytes and a deals export, or, with
 * no two NUL bytes in it, a deals export checked against a small roadmap
 * of the target's own.  The deals are checked three times, each run with
 * a fresh engine and a report in memory: on one thread; on two, as
 * `check --jobs 2` does; and on two with the reading side leaving the
 * promises its cache does not keep to the checking side always or never
 * (the input's last byte chooses).  The reports must be the same byte
 * for byte, or the runs fail with the same error.  The last byte also
 * chooses the format: JSON or JSON Lines, or, when either of its top
 * two bits is set, the format the byte before it names, compact (JSON
 * without indentation) and verbose (every promise explained) as those
 * bits say.  It chooses the size of the matcher's cache in the runs on
 * two threads too: the default, or a handful of results, so that
 * results are evicted and their blocks reused as on a large export (the
 * cache must change the time a run takes, never its report), and
 * whether every run is told a configuration: day-first
 * dates, looser matching, rules switched off and raised, a reporting
 * currency with a rate, and aliases when the roadmap is the target's.
 *
 * Besides memory errors, leaks and data races the sanitizers see, this
 * catches a deal, a promise or a finding that the queue between the
 * threads loses, doubles or reorders, and a match that the checking
 * side's matcher or the bounded cache gets differently.
 */
#define _GNU_SOURCE

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <overpromise/overpromise.h>

#include "fuzz.h"
#include "src/engine_impl.h"
#include "src/pipeline.h"
#include "src/planner_impl.h"

/* A roadmap with aliases, labels, ids, every status class and dates around the as-of day. */
static const char ROADMAP[] =
	"Key,Summary,Status,Due date,Original due date,Confidence,Aliases,Labels,Story Points,"
	"Created,Resolved\n"
	"PLAT-101,Single sign-on (SAML),In Progress,2027-03-31,2027-01-31,Medium,SSO; SAML SSO,"
	"identity,21,2026-06-02,\n"
	"PLAT-102,SCIM user provisioning,To Do,2027-06-30,,High,SCIM,identity,13,2026-07-10,\n"
	"PLAT-103,Audit log export,Done,2026-09-15,,High,,compliance,8,2026-03-15,2026-10-02\n"
	"PLAT-104,Role-based access control,In Progress,Q1 2027,Q4 2026,Low,RBAC,,34,"
	"2026-01-10,\n"
	"DATA-201,Data residency (EU),Backlog,,,,EU hosting,compliance,,2026-05-01,\n"
	"DATA-202,Bulk CSV import,Won't Do,2026-12-01,,,,,5,2026-02-01,2026-08-01\n"
	"MOB-301,Mobile app (iOS),In Progress,2026-11-30,2026-08-31,Low,iPhone app,beta,40,"
	"2025-11-01,\n"
	"MOB-302,Offline mode,Later,,,,,prototype,,2026-04-04,\n"
	"INT-401,Salesforce integration,In Review,2027-01-15,,90%,SFDC sync,,8,2026-09-09,\n"
	"INT-402,Slack notifications,Selected for Development,Dec 2026,,,Slack alerts,,3,"
	"2026-10-10,\n"
	"INT-403,Webhooks,Done,2026-06-30,,,Web hooks,,5,2026-01-01,2026-07-15\n"
	"BIL-501,Usage-based billing,To Do,H2 2027,,Medium,,,55,2026-08-08,\n"
	"BIL-502,Custom dashboards,In Progress,2027-02-28,2026-12-31,0.4,Dashboards,,21,"
	"2026-03-03,\n";

/* Settings that change what is matched and reported. */
static const char CONFIG[] =
	"[deals]\n"
	"date_order = dmy\n"
	"[rules]\n"
	"ignore = OVP009\n"
	"OVP013 = error\n"
	"slip_days = 10\n"
	"[match]\n"
	"min_similarity = 0.70\n"
	"unconfirmed_similarity = 0.50\n"
	"[report]\n"
	"currency = EUR\n"
	"[fx]\n"
	"USD = 0.92\n";

/* Aliases for the target's own roadmap (an alias that names no item is an error). */
static const char ALIASES[] =
	"[aliases]\n"
	"SAML = PLAT-101\n"
	"audit trail = Audit log export\n"
	"hooks = INT-403\n";

/* How the report is written besides its format: compact JSON, every promise explained. */
enum { SHAPE_COMPACT = 1, SHAPE_VERBOSE = 2 };

/* The deals' runs: one thread; two; two with the checking side matching always or never. */
enum { RUN_ONE, RUN_TWO, RUN_SHARED, NRUNS };

typedef struct run_result {
	int rc;
	ovp_error err;
	char *out;
	size_t len;
} run_result;

/*
 * Check the deals at path against rm on the run's threads, writing the
 * report in format and shape (SHAPE_*) into res.
 */
static void
check(const ovp_roadmap *rm, const ovp_config *cfg, const char *path, ovp_day as_of, int run,
      unsigned long low_water, long cache, const char *format, unsigned shape, run_result *res)
{
	ovp_deals_reader *r = NULL;
	ovp_engine *e = NULL;
	ovp_sink *sink = NULL;
	ovp_engine_options eo = {0};
	ovp_report_meta meta = {0};
	FILE *out = open_memstream(&res->out, &res->len);
	unsigned threads = run == RUN_ONE ? 1 : 2;
	int rc;

	FUZZ_CHECK(out != NULL);
	memset(&res->err, 0, sizeof res->err);
	eo.as_of = as_of;
	eo.roadmap = rm;
	eo.config = cfg;
	eo.threads = threads;
	meta.command = "check";
	meta.as_of = as_of;
	meta.deals_path = "deals.csv";
	meta.roadmap_path = "roadmap.csv";
	meta.fail_on = OVP_SEV_OFF;
	meta.compact = (shape & SHAPE_COMPACT) != 0;
	meta.verbose = (shape & SHAPE_VERBOSE) != 0;
	rc = ovp_deals_open(&r, path, cfg, &res->err);
	if (rc == 0) {
		ovp_deals_set_as_of(r, as_of);
		rc = ovp_sink_new(&sink, format, out, &res->err);
	}
	if (rc == 0) {
		eo.sink = sink;
		rc = ovp_engine_new(&e, &eo, &res->err);
	}
	if (rc == 0 && run != RUN_ONE && cache >= 0)
		FUZZ_CHECK(ovp_planner_set_cache(e->planner, (size_t)cache) == 0);
	if (rc == 0)
		rc = ovp_engine_begin(e, &meta, &res->err);
	if (rc == 0)
		rc = run == RUN_SHARED
		             ? ovp_engine_deals_shared(e, r, threads, low_water, NULL, NULL, &res->err)
		             : ovp_engine_deals(e, r, threads, NULL, NULL, &res->err);
	if (rc == 0) {
		size_t n;
		const ovp_problem *p = ovp_deals_trailing_problems(r, &n);

		rc = ovp_engine_problems(e, p, n, &res->err);
	}
	if (rc == 0)
		rc = ovp_engine_finish(e, NULL, &res->err);
	res->rc = rc;
	ovp_engine_free(e);
	ovp_sink_free(sink);
	ovp_deals_close(r);
	FUZZ_CHECK(fclose(out) == 0);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static ovp_day as_of = OVP_DAY_NONE;
	const uint8_t *sep = NULL, *deals = data;
	size_t ndeals = size;
	unsigned char last = size > 0 ? data[size - 1] : 0;
	const char *format = last % 2 == 0 ? "json" : "jsonl";
	unsigned shape = 0;
	unsigned long low_water = last % 4 < 2 ? 0 : 1000000;
	static const long caches[8] = {-1, 0, 1, 2, 3, 5, 8, 13};
	long cache = caches[last / 4 % 8];
	bool configured = (last & 32) != 0;
	ovp_config cfg;
	ovp_roadmap *rm = NULL;
	ovp_error err = {0};
	run_result res[NRUNS];
	int rc;

	if (as_of == OVP_DAY_NONE)
		as_of = ovp_day_from_ymd(2026, 11, 26);
	/*
	 * Inputs whose last byte has either of its top bits set reach the other
	 * formats and shapes too; the format named by the byte before it.
	 */
	if (last >= 0x40 && size >= 2) {
		const char *const *formats = ovp_sink_formats();
		size_t nformats = 0;

		while (formats[nformats] != NULL)
			nformats++;
		format = formats[data[size - 2] % nformats];
		shape = (unsigned)(last >> 6);
	}
	for (size_t i = 0; i + 1 < size; i++)
		if (data[i] == 0 && data[i + 1] == 0) {
			sep = data + i;
			break;
		}
	ovp_config_init(&cfg);
	if (configured) {
		fuzz_file_begin();
		fuzz_file_append(CONFIG, sizeof CONFIG - 1);
		if (sep == NULL)
			fuzz_file_append(ALIASES, sizeof ALIASES - 1);
		FUZZ_CHECK(ovp_config_load(&cfg, fuzz_file_path(), &err) == 0);
	}
	fuzz_file_begin();
	if (sep != NULL) {
		fuzz_file_append(data, (size_t)(sep - data));
		deals = sep + 2;
		ndeals = size - (size_t)(deals - data);
	} else {
		fuzz_file_append(ROADMAP, sizeof ROADMAP - 1);
	}
	rc = ovp_roadmap_load(&rm, fuzz_file_path(), &cfg, as_of, &err);
	if (rc < 0) {
		ovp_config_free(&cfg);
		return 0;
	}
	fuzz_file_begin();
	fuzz_file_append(deals, ndeals);
	for (int run = 0; run < NRUNS; run++) {
		res[run].out = NULL;
		res[run].len = 0;
		check(rm, &cfg, fuzz_file_path(), as_of, run, low_water, cache, format, shape,
		      &res[run]);
	}
	for (int run = 1; run < NRUNS; run++) {
		FUZZ_CHECK(res[run].rc == res[0].rc);
		if (res[0].rc < 0) {
			FUZZ_CHECK(res[run].err.code == res[0].err.code);
			FUZZ_CHECK(strcmp(res[run].err.message, res[0].err.message) == 0);
		} else {
			FUZZ_CHECK(res[run].len == res[0].len);
			FUZZ_CHECK(memcmp(res[run].out, res[0].out, res[0].len) == 0);
		}
	}
	for (int run = 0; run < NRUNS; run++)
		free(res[run].out);
	ovp_roadmap_free(rm);
	ovp_config_free(&cfg);
	return 0;
}
