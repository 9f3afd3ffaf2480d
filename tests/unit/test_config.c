/*
 * Unit tests of the configuration (src/config.c, SPEC 6): defaults, every
 * key of every section, the INI details real files have (comments, inline
 * comments, a byte order mark, CRLF, indentation), every error with its
 * exact message and line, and where the file is discovered.
 */
/* realpath() is XSI. */
#define _XOPEN_SOURCE 700

#include <errno.h>
#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "scratch.h"

#include <overpromise/config.h>
#include <overpromise/roadmap.h>
#include <overpromise/status.h>

/* A scratch directory per test, removed afterwards. */
struct scratch {
	char root[256];
	char ini[300];
};

static int
setup(void **state)
{
	struct scratch *s = calloc(1, sizeof *s);
	char tmpl[] = "/tmp/ovp-config-XXXXXX";
	char *real;

	if (s == NULL || scratch_mkdtemp(tmpl) == NULL) {
		free(s);
		return -1;
	}
	/* The real path: discovery resolves symbolic links such as /tmp -> /private/tmp. */
	real = realpath(tmpl, NULL);
	if (real == NULL) {
		free(s);
		return -1;
	}
	snprintf(s->root, sizeof s->root, "%s", real);
	free(real);
	snprintf(s->ini, sizeof s->ini, "%s/test.ini", s->root);
	*state = s;
	return 0;
}

static int
teardown(void **state)
{
	free(*state);
	return scratch_teardown(state);
}

static void
write_file(const char *path, const char *text, size_t len)
{
	FILE *fp = fopen(path, "wb");
	assert_non_null(fp);
	assert_int_equal(fwrite(text, 1, len, fp), len);
	assert_int_equal(fclose(fp), 0);
}

static void
make_dirs(const char *root, const char *rel)
{
	char path[1024];
	snprintf(path, sizeof path, "%s/%s", root, rel);
	for (char *p = path + strlen(root) + 1; *p != '\0'; p++) {
		if (*p == '/') {
			*p = '\0';
			mkdir(path, 0700);
			*p = '/';
		}
	}
	mkdir(path, 0700);
}

/* Write text to the scratch ini and load it into cfg (initialised by the caller). */
static int
load_text(struct scratch *s, ovp_config *cfg, const char *text, ovp_error *err)
{
	write_file(s->ini, text, strlen(text));
	ovp_error_clear(err);
	return ovp_config_load(cfg, s->ini, err);
}

/* Load text into a fresh configuration that must load cleanly. */
static void
load_ok(struct scratch *s, ovp_config *cfg, const char *text)
{
	ovp_error err;
	int rc;

	ovp_config_init(cfg);
	rc = load_text(s, cfg, text, &err);
	if (rc != 0) {
		print_error("load failed (%d): %s\n", rc, err.message);
		fail();
	}
}

/* Load text into a fresh configuration; it must fail with code and "INI:line: message". */
static void
load_fails(struct scratch *s, const char *text, int code, long line, const char *message)
{
	ovp_config cfg;
	ovp_error err;
	char want[OVP_ERROR_MESSAGE_MAX];

	ovp_config_init(&cfg);
	assert_int_equal(load_text(s, &cfg, text, &err), code);
	assert_int_equal(err.code, code);
	assert_int_equal(err.line, line);
	snprintf(want, sizeof want, "%s:%ld: %s", s->ini, line, message);
	assert_string_equal(err.message, want);
	ovp_config_free(&cfg);
}

static void
test_defaults(void **state)
{
	ovp_config cfg;

	(void)state;
	ovp_config_init(&cfg);
	assert_null(cfg.path);
	for (int i = 0; i < OVP_RULE_COUNT; i++)
		assert_int_equal(cfg.severity[i], ovp_rule_get((ovp_rule_id)i)->severity);
	assert_int_equal(cfg.severity[OVP_RULE_UNDATED], OVP_SEV_NOTE);
	assert_true(cfg.slip_threshold == 0.30);
	assert_int_equal(cfg.slip_days, 30);
	assert_true(cfg.concentration_share == 0.25);
	assert_int_equal(cfg.min_history, 8);
	assert_true(cfg.min_similarity == 0.80);
	assert_int_equal(cfg.capacity_window_days, 180);
	assert_true(cfg.capacity_factor == 1.0);
	assert_true(cfg.capacity_enabled);
	assert_int_equal(cfg.severity[OVP_RULE_OVERCOMMITTED], OVP_SEV_WARNING);
	assert_true(cfg.hours_per_day == 8.0);
	assert_false(cfg.forecast_per_file);
	assert_true(cfg.unconfirmed_similarity == 0.60);
	assert_int_equal(cfg.deals.date_order, OVP_ORDER_AUTO);
	assert_int_equal(cfg.roadmap.date_order, OVP_ORDER_AUTO);
	assert_int_equal(cfg.deals.delimiter, 0);
	assert_int_equal(cfg.roadmap.delimiter, 0);
	assert_int_equal(cfg.deals.ncolumns, 0);
	assert_int_equal(cfg.naliases, 0);
	for (int c = 0; c < OVP_CLASS_COUNT; c++)
		assert_int_equal(cfg.nstatus_words[c], 0);
	assert_null(ovp_config_column(&cfg.deals, "promises"));
	ovp_config_free(&cfg);
	ovp_config_free(&cfg); /* freeing twice is harmless */
	ovp_config_free(NULL);
}

static const char *const deal_fields[] = {
	"id", "name", "account", "amount", "currency", "stage", "status", "close",
	"owner", "promises", "promised_date", "sign_off",
};

static const char *const roadmap_fields[] = {
	"id", "title", "status", "status_category", "resolution", "planned", "start", "baseline",
	"shipped", "created", "confidence", "maturity", "aliases", "labels", "effort",
	"time_estimate", "team",
};

static void
test_column_keys(void **state)
{
	struct scratch *s = *state;
	char text[4096], want[64];
	size_t off = 0;
	ovp_config cfg;

	off += (size_t)snprintf(text + off, sizeof text - off, "[deals]\n");
	for (size_t i = 0; i < sizeof deal_fields / sizeof deal_fields[0]; i++)
		off += (size_t)snprintf(text + off, sizeof text - off, "%s = Deal %s column\n",
		                        deal_fields[i], deal_fields[i]);
	off += (size_t)snprintf(text + off, sizeof text - off, "[roadmap]\n");
	for (size_t i = 0; i < sizeof roadmap_fields / sizeof roadmap_fields[0]; i++)
		off += (size_t)snprintf(text + off, sizeof text - off, "%s = Item %s column\n",
		                        roadmap_fields[i], roadmap_fields[i]);
	load_ok(s, &cfg, text);
	assert_string_equal(cfg.path, s->ini);
	assert_int_equal(cfg.deals.ncolumns, sizeof deal_fields / sizeof deal_fields[0]);
	assert_int_equal(cfg.roadmap.ncolumns, sizeof roadmap_fields / sizeof roadmap_fields[0]);
	for (size_t i = 0; i < sizeof deal_fields / sizeof deal_fields[0]; i++) {
		snprintf(want, sizeof want, "Deal %s column", deal_fields[i]);
		assert_string_equal(ovp_config_column(&cfg.deals, deal_fields[i]), want);
	}
	for (size_t i = 0; i < sizeof roadmap_fields / sizeof roadmap_fields[0]; i++) {
		snprintf(want, sizeof want, "Item %s column", roadmap_fields[i]);
		assert_string_equal(ovp_config_column(&cfg.roadmap, roadmap_fields[i]), want);
	}
	/* the two files keep their own overrides */
	assert_null(ovp_config_column(&cfg.deals, "planned"));
	assert_null(ovp_config_column(&cfg.roadmap, "promises"));
	assert_null(ovp_config_column(&cfg.deals, "nonsense"));
	assert_null(ovp_config_column(NULL, "id"));
	ovp_config_free(&cfg);
}

static void
test_column_details(void **state)
{
	struct scratch *s = *state;
	ovp_config cfg;

	load_ok(s, &cfg,
	        "[deals]\n"
	        "promises = First choice\n"
	        "Promised Date = Go-live\n"      /* keys ignore case, "-" and " " */
	        "sign-off = SE Approved\n"
	        "PROMISES = Features promised to customer\n" /* the later wins */
	        "[roadmap]\n"
	        "planned = Custom field (Target end)\n"
	        "id: Feature reference #\n");    /* ":" separates too; "#" inside is text */
	assert_int_equal(cfg.deals.ncolumns, 3);
	assert_string_equal(ovp_config_column(&cfg.deals, "promises"), "Features promised to customer");
	assert_string_equal(ovp_config_column(&cfg.deals, "promised_date"), "Go-live");
	assert_string_equal(ovp_config_column(&cfg.deals, "sign_off"), "SE Approved");
	assert_string_equal(ovp_config_column(&cfg.roadmap, "planned"), "Custom field (Target end)");
	assert_string_equal(ovp_config_column(&cfg.roadmap, "id"), "Feature reference #");
	ovp_config_free(&cfg);
}

static void
test_date_order_and_delimiter(void **state)
{
	struct scratch *s = *state;
	static const struct {
		const char *value;
		char want;
	} delimiters[] = {
		{",", ','}, {";", ';'}, {";   ; a comment after it", ';'}, {"semicolon", ';'},
		{"tab", '\t'}, {"TAB", '\t'}, {"\\t", '\t'}, {"\"\\t\"", '\t'}, {"\";\"", ';'},
		{"','", ','}, {"comma", ','}, {"|", '|'}, {"auto", 0},
	};
	ovp_config cfg;

	load_ok(s, &cfg, "[deals]\ndate_order = dmy\ndelimiter = ;\n"
	                 "[roadmap]\ndate_order = MDY\ndelimiter = tab\n");
	assert_int_equal(cfg.deals.date_order, OVP_ORDER_DMY);
	assert_int_equal(cfg.roadmap.date_order, OVP_ORDER_MDY);
	assert_int_equal(cfg.deals.delimiter, ';');
	assert_int_equal(cfg.roadmap.delimiter, '\t');
	assert_int_equal(cfg.deals.ncolumns, 0);
	ovp_config_free(&cfg);

	load_ok(s, &cfg, "[roadmap]\ndate_order = mdy\ndate_order = auto\n");
	assert_int_equal(cfg.roadmap.date_order, OVP_ORDER_AUTO);
	ovp_config_free(&cfg);

	for (size_t i = 0; i < sizeof delimiters / sizeof delimiters[0]; i++) {
		char text[128];
		snprintf(text, sizeof text, "[roadmap]\ndelimiter = %s\n", delimiters[i].value);
		load_ok(s, &cfg, text);
		if (cfg.roadmap.delimiter != delimiters[i].want) {
			print_error("delimiter = %s: got %d\n", delimiters[i].value, cfg.roadmap.delimiter);
			fail();
		}
		ovp_config_free(&cfg);
	}
}

static void
test_status_section(void **state)
{
	struct scratch *s = *state;
	ovp_config cfg;
	bool known = false;

	load_ok(s, &cfg,
	        "[status]\n"
	        "shipped = Live, Released to all\n"
	        "cancelled = Parked\n"
	        "in-progress = Awaiting legal\n"
	        "planned = , Queued for later ,,\n"
	        "unplanned = Maybe\n"
	        "shipped = Out the door, LIVE\n"); /* repeated keys add; "LIVE" is "Live" */
	assert_int_equal(cfg.nstatus_words[OVP_CLASS_SHIPPED], 3);
	assert_string_equal(cfg.status_words[OVP_CLASS_SHIPPED][0], "Live");
	assert_string_equal(cfg.status_words[OVP_CLASS_SHIPPED][1], "Released to all");
	assert_string_equal(cfg.status_words[OVP_CLASS_SHIPPED][2], "Out the door");
	assert_int_equal(cfg.nstatus_words[OVP_CLASS_CANCELLED], 1);
	assert_string_equal(cfg.status_words[OVP_CLASS_CANCELLED][0], "Parked");
	assert_int_equal(cfg.nstatus_words[OVP_CLASS_IN_PROGRESS], 1);
	assert_string_equal(cfg.status_words[OVP_CLASS_IN_PROGRESS][0], "Awaiting legal");
	assert_int_equal(cfg.nstatus_words[OVP_CLASS_PLANNED], 1);
	assert_string_equal(cfg.status_words[OVP_CLASS_PLANNED][0], "Queued for later");
	assert_int_equal(cfg.nstatus_words[OVP_CLASS_UNPLANNED], 1);
	/* the words reach classification */
	assert_int_equal(ovp_status_classify("released to all", NULL, NULL, &cfg, &known),
	                 OVP_CLASS_SHIPPED);
	assert_true(known);
	assert_int_equal(ovp_status_classify("Parked", NULL, NULL, &cfg, &known),
	                 OVP_CLASS_CANCELLED);
	ovp_config_free(&cfg);

	load_ok(s, &cfg, "[status]\ncanceled = Sunset\n");
	assert_int_equal(cfg.nstatus_words[OVP_CLASS_CANCELLED], 1);
	ovp_config_free(&cfg);
}

static void
test_rules_section(void **state)
{
	struct scratch *s = *state;
	ovp_config cfg;

	load_ok(s, &cfg,
	        "[rules]\n"
	        "ignore = OVP009, slip-risk\n"
	        "ignore = ovp201\n"
	        "OVP013 = error\n"
	        "low-confidence = note\n"          /* the later override wins */
	        "undated = Warning\n"
	        "ovp101 = off\n"
	        "slip_threshold = 0.45\n"
	        "slip_days = 14\n"
	        "concentration_share = 1\n"
	        "min_history = 20\n");
	assert_int_equal(cfg.severity[OVP_RULE_FUZZY_MATCH], OVP_SEV_OFF);
	assert_int_equal(cfg.severity[OVP_RULE_SLIP_RISK], OVP_SEV_OFF);
	assert_int_equal(cfg.severity[OVP_RULE_DATA_QUALITY], OVP_SEV_OFF);
	assert_int_equal(cfg.severity[OVP_RULE_LOW_CONFIDENCE], OVP_SEV_NOTE);
	assert_int_equal(cfg.severity[OVP_RULE_UNDATED], OVP_SEV_WARNING);
	assert_int_equal(cfg.severity[OVP_RULE_CONCENTRATION], OVP_SEV_OFF);
	assert_int_equal(cfg.severity[OVP_RULE_LATE], OVP_SEV_ERROR);
	assert_int_equal(cfg.severity[OVP_RULE_PROTOTYPE], OVP_SEV_WARNING);
	assert_true(cfg.slip_threshold == 0.45);
	assert_int_equal(cfg.slip_days, 14);
	assert_true(cfg.concentration_share == 1.0);
	assert_int_equal(cfg.min_history, 20);
	ovp_config_free(&cfg);

	/* percentages, bounds, zero */
	load_ok(s, &cfg, "[rules]\nslip_threshold = 30%\nconcentration_share = 12.5%\n"
	                 "slip_days = 0\nmin_history = 1\n[match]\nmin_similarity = .9\n");
	assert_true(cfg.slip_threshold == 0.30);
	assert_true(cfg.concentration_share == 0.125);
	assert_int_equal(cfg.slip_days, 0);
	assert_int_equal(cfg.min_history, 1);
	assert_true(cfg.min_similarity == 0.9);
	ovp_config_free(&cfg);

	load_ok(s, &cfg, "[rules]\nslip_threshold = 0\n[match]\nmin_similarity = 1.0\n");
	assert_true(cfg.slip_threshold == 0.0);
	assert_true(cfg.min_similarity == 1.0);
	ovp_config_free(&cfg);

	/* [capacity]: OVP015's window and factor, and switching it off. */
	load_ok(s, &cfg, "[capacity]\nwindow-days = 90\nFactor = 0.8\nenabled = yes\n");
	assert_int_equal(cfg.capacity_window_days, 90);
	assert_true(cfg.capacity_factor == 0.8);
	assert_true(cfg.capacity_enabled);
	assert_int_equal(cfg.severity[OVP_RULE_OVERCOMMITTED], OVP_SEV_WARNING);
	ovp_config_free(&cfg);
	load_ok(s, &cfg, "[capacity]\nenabled = false\n[rules]\nOVP015 = error\n");
	assert_false(cfg.capacity_enabled);
	assert_int_equal(cfg.severity[OVP_RULE_OVERCOMMITTED], OVP_SEV_OFF);
	ovp_config_free(&cfg);

	load_ok(s, &cfg, "[match]\nunconfirmed_similarity = 55%\n");
	assert_true(cfg.unconfirmed_similarity == 0.55);
	assert_true(cfg.min_similarity == 0.80);
	ovp_config_free(&cfg);
}

static void
test_roadmap_and_forecast_keys(void **state)
{
	struct scratch *s = *state;
	ovp_config cfg;

	load_ok(s, &cfg, "[roadmap]\nHours per day = 7.5\nplanned = Go-live\n"
	                 "[Forecast]\nper-file = yes\n");
	assert_true(cfg.hours_per_day == 7.5);
	assert_true(cfg.forecast_per_file);
	assert_string_equal(ovp_config_column(&cfg.roadmap, "planned"), "Go-live");
	ovp_config_free(&cfg);

	load_ok(s, &cfg, "[forecast]\nper_file = true\nper_file = Off\n");
	assert_false(cfg.forecast_per_file);
	ovp_config_free(&cfg);
	load_ok(s, &cfg, "[forecast]\nper_file = 1\n[roadmap]\nhours_per_day = 24\n");
	assert_true(cfg.forecast_per_file);
	assert_true(cfg.hours_per_day == 24.0);
	ovp_config_free(&cfg);
}

static void
test_select(void **state)
{
	struct scratch *s = *state;
	ovp_config cfg;

	/* only the selected rules run, whatever order the keys come in */
	load_ok(s, &cfg, "[rules]\nOVP006 = error\nselect = late, OVP005\nselect = slip-risk\n");
	for (int i = 0; i < OVP_RULE_COUNT; i++) {
		ovp_severity want = OVP_SEV_OFF;
		if (i == OVP_RULE_LATE || i == OVP_RULE_OVERDUE)
			want = OVP_SEV_ERROR;
		if (i == OVP_RULE_SLIP_RISK)
			want = OVP_SEV_ERROR; /* selected, with its override */
		assert_int_equal(cfg.severity[i], want);
	}
	ovp_config_free(&cfg);

	/* ignore wins over select; an override does not bring an unselected rule back */
	load_ok(s, &cfg, "[rules]\nignore = late\nselect = late, overdue\nOVP013 = error\n");
	assert_int_equal(cfg.severity[OVP_RULE_LATE], OVP_SEV_OFF);
	assert_int_equal(cfg.severity[OVP_RULE_OVERDUE], OVP_SEV_ERROR);
	assert_int_equal(cfg.severity[OVP_RULE_LOW_CONFIDENCE], OVP_SEV_OFF);
	ovp_config_free(&cfg);

	/* an empty select selects nothing: every rule is off */
	load_ok(s, &cfg, "[rules]\nselect =\n");
	for (int i = 0; i < OVP_RULE_COUNT; i++)
		assert_int_equal(cfg.severity[i], OVP_SEV_OFF);
	ovp_config_free(&cfg);
}

static void
test_aliases(void **state)
{
	struct scratch *s = *state;
	ovp_config cfg;

	load_ok(s, &cfg,
	        "[aliases]\n"
	        "SSO = PLAT-101\n"
	        "audit trail = Audit log export\n"
	        "  single sign on (SAML)   =   PLAT-101   ; the SAML flavour\n"
	        "Jira: cloud sync = Jira Cloud connector\n"
	        "ETA: dashboards = Dashboards: v2\n"
	        "SSO = PLAT-102\n");
	assert_int_equal(cfg.naliases, 6);
	assert_string_equal(cfg.aliases[0].phrase, "SSO");
	assert_string_equal(cfg.aliases[0].target, "PLAT-101");
	assert_string_equal(cfg.aliases[1].phrase, "audit trail");
	assert_string_equal(cfg.aliases[1].target, "Audit log export");
	assert_string_equal(cfg.aliases[2].phrase, "single sign on (SAML)");
	assert_string_equal(cfg.aliases[2].target, "PLAT-101");
	assert_string_equal(cfg.aliases[3].phrase, "Jira: cloud sync");
	assert_string_equal(cfg.aliases[3].target, "Jira Cloud connector");
	assert_string_equal(cfg.aliases[4].phrase, "ETA: dashboards");
	assert_string_equal(cfg.aliases[4].target, "Dashboards: v2");
	/* kept in order, repeats included: the matcher decides */
	assert_string_equal(cfg.aliases[5].phrase, "SSO");
	assert_string_equal(cfg.aliases[5].target, "PLAT-102");
	/* each knows its file and line, for the matcher's messages */
	for (size_t i = 0; i < 6; i++) {
		assert_string_equal(cfg.aliases[i].file, s->ini);
		assert_int_equal(cfg.aliases[i].line, (long)i + 2);
	}
	ovp_config_free(&cfg);

	/* a second file read on top: the aliases of each name their own */
	load_ok(s, &cfg, "[aliases]\nSSO = PLAT-101\n");
	{
		static const char second[] = "\n\n[aliases]\nSCIM = PLAT-102\n";
		ovp_error err;
		char first[300];

		write_file(s->ini, second, strlen(second));
		snprintf(first, sizeof first, "%s", cfg.aliases[0].file);
		assert_int_equal(ovp_config_load(&cfg, s->ini, &err), 0);
		assert_int_equal(cfg.naliases, 2);
		assert_string_equal(cfg.aliases[0].file, first);
		assert_int_equal(cfg.aliases[0].line, 2);
		assert_string_equal(cfg.aliases[1].file, s->ini);
		assert_int_equal(cfg.aliases[1].line, 4);
		assert_ptr_not_equal(cfg.aliases[0].file, cfg.aliases[1].file);
	}
	ovp_config_free(&cfg);

	/* a target with a colon, the phrase without */
	load_ok(s, &cfg, "[aliases]\nreporting = Reports: scheduled export\n");
	assert_int_equal(cfg.naliases, 1);
	assert_string_equal(cfg.aliases[0].phrase, "reporting");
	assert_string_equal(cfg.aliases[0].target, "Reports: scheduled export");
	ovp_config_free(&cfg);
}

static void
test_syntax_of_real_files(void **state)
{
	struct scratch *s = *state;
	static const char text[] =
		"\xEF\xBB\xBF; overpromise configuration\r\n"
		"# written by the deal desk\r\n"
		"\r\n"
		"[deals]   ; the CRM export\r\n"
		"    promises = Features promised to customer ; inline comment\r\n"
		"\tpromised_date = Go-live\r\n"
		"  ; an indented comment\r\n"
		"    # another\r\n"
		"[ Rules ]\r\n"
		"    ignore = OVP009\r\n"
		"    slip_days = 45\r\n"
		"[MATCH]\r\n"
		"min_similarity = 0.85";              /* no newline at the end */
	ovp_config cfg;

	load_ok(s, &cfg, text);
	assert_int_equal(cfg.deals.ncolumns, 2);
	assert_string_equal(ovp_config_column(&cfg.deals, "promises"), "Features promised to customer");
	assert_string_equal(ovp_config_column(&cfg.deals, "promised_date"), "Go-live");
	assert_int_equal(cfg.severity[OVP_RULE_FUZZY_MATCH], OVP_SEV_OFF);
	/* indentation does not make a continuation line of slip_days */
	assert_int_equal(cfg.slip_days, 45);
	assert_true(cfg.min_similarity == 0.85);
	ovp_config_free(&cfg);

	/* an empty file and a file of comments are valid */
	load_ok(s, &cfg, "");
	assert_int_equal(cfg.deals.ncolumns, 0);
	ovp_config_free(&cfg);
	load_ok(s, &cfg, "; nothing\n# at all\n\n");
	ovp_config_free(&cfg);

	/* a BOM only counts at the start of the file */
	load_fails(s, "[deals]\n\xEF\xBB\xBFpromises = X\n", OVP_ECONFIG, 2,
	           "unknown key \"\xEF\xBB\xBFpromises\" in [deals]");
}

static void
test_errors(void **state)
{
	struct scratch *s = *state;

	load_fails(s, "[deals]\npromises = X\nfoo = bar\n", OVP_ECONFIG, 3,
	           "unknown key \"foo\" in [deals]");
	load_fails(s, "[roadmap]\n\nplaned = Target date\n", OVP_ECONFIG, 3,
	           "unknown key \"planed\" in [roadmap]");
	load_fails(s, "; ok\n[dealz]\n", OVP_ECONFIG, 2,
	           "unknown section [dealz] (expected deals, roadmap, status, rules, match, forecast, "
	           "aliases, capacity, report or fx)");
	load_fails(s, "[deals]\n[Alias]\nSSO = X\n", OVP_ECONFIG, 2,
	           "unknown section [Alias] (expected deals, roadmap, status, rules, match, forecast, "
	           "aliases, capacity, report or fx)");
	load_fails(s, "[capacity]\nwindow_days = 0\n", OVP_ECONFIG, 2,
	           "bad value for window_days: \"0\" (expected a whole number of days from 1 to 3660)");
	load_fails(s, "[capacity]\nwindow_days = 3661\n", OVP_ECONFIG, 2,
	           "bad value for window_days: \"3661\" (expected a whole number of days from 1 to "
	           "3660)");
	load_fails(s, "[capacity]\nfactor = 0\n", OVP_ECONFIG, 2,
	           "bad value for factor: \"0\" (expected a number greater than 0 and at most 10)");
	load_fails(s, "[capacity]\nenabled = maybe\n", OVP_ECONFIG, 2,
	           "bad value for enabled: \"maybe\" (expected true or false)");
	load_fails(s, "[capacity]\nwindow = 90\n", OVP_ECONFIG, 2,
	           "unknown key \"window\" in [capacity] (expected window_days, factor or enabled)");
	load_fails(s, "[rules]\nslip_threshold = abc\n", OVP_ECONFIG, 2,
	           "bad value for slip_threshold: \"abc\" (expected a number between 0 and 1)");
	load_fails(s, "[rules]\nslip_threshold = 1.5\n", OVP_ECONFIG, 2,
	           "bad value for slip_threshold: \"1.5\" (expected a number between 0 and 1)");
	load_fails(s, "[rules]\nslip_threshold = 0,3\n", OVP_ECONFIG, 2,
	           "bad value for slip_threshold: \"0,3\" (expected a number between 0 and 1)");
	load_fails(s, "[rules]\nslip_threshold = -0.1\n", OVP_ECONFIG, 2,
	           "bad value for slip_threshold: \"-0.1\" (expected a number between 0 and 1)");
	load_fails(s, "[rules]\nslip_threshold =\n", OVP_ECONFIG, 2,
	           "bad value for slip_threshold: \"\" (expected a number between 0 and 1)");
	load_fails(s, "[rules]\nslip_threshold = .\n", OVP_ECONFIG, 2,
	           "bad value for slip_threshold: \".\" (expected a number between 0 and 1)");
	load_fails(s, "[rules]\nslip_days = -1\n", OVP_ECONFIG, 2,
	           "bad value for slip_days: \"-1\" (expected a whole number of days, 0 or more)");
	load_fails(s, "[rules]\nslip_days = 3.5\n", OVP_ECONFIG, 2,
	           "bad value for slip_days: \"3.5\" (expected a whole number of days, 0 or more)");
	load_fails(s, "[rules]\nslip_days = 99999999999\n", OVP_ECONFIG, 2,
	           "bad value for slip_days: \"99999999999\" (expected a whole number of days, 0 or more)");
	load_fails(s, "[rules]\nmin_history = 0\n", OVP_ECONFIG, 2,
	           "bad value for min_history: \"0\" (expected a whole number, 1 or more)");
	load_fails(s, "[rules]\nconcentration_share = 0\n", OVP_ECONFIG, 2,
	           "bad value for concentration_share: \"0\" "
	           "(expected a number greater than 0 and at most 1)");
	load_fails(s, "[match]\nmin_similarity = 1.01\n", OVP_ECONFIG, 2,
	           "bad value for min_similarity: \"1.01\" "
	           "(expected a number greater than 0 and at most 1)");
	load_fails(s, "[match]\nunconfirmed_similarity = 0\n", OVP_ECONFIG, 2,
	           "bad value for unconfirmed_similarity: \"0\" "
	           "(expected a number greater than 0 and at most 1)");
	load_fails(s, "[match]\nthreshold = 0.8\n", OVP_ECONFIG, 2,
	           "unknown key \"threshold\" in [match]");
	load_fails(s, "[rules]\nOVP013 = loud\n", OVP_ECONFIG, 2,
	           "bad value for OVP013: \"loud\" (expected error, warning, note or off)");
	load_fails(s, "[rules]\nlate = none\n", OVP_ECONFIG, 2,
	           "bad value for late: \"none\" (expected error, warning, note or off)");
	load_fails(s, "[rules]\nignore = OVP009, OVP999\n", OVP_ECONFIG, 2,
	           "bad value for ignore: \"OVP999\" "
	           "(expected rule IDs or names, such as OVP009 or fuzzy-match)");
	load_fails(s, "[rules]\nselect = late overdue\n", OVP_ECONFIG, 2,
	           "bad value for select: \"late overdue\" "
	           "(expected rule IDs or names, such as OVP009 or fuzzy-match)");
	load_fails(s, "[rules]\ncolour = red\n", OVP_ECONFIG, 2,
	           "unknown key \"colour\" in [rules]");
	load_fails(s, "[status]\ndone = Live\n", OVP_ECONFIG, 2,
	           "unknown key \"done\" in [status] "
	           "(expected shipped, cancelled, in_progress, planned or unplanned)");
	load_fails(s, "[status]\nshipped = Live\ncancelled = Parked, live\n", OVP_ECONFIG, 3,
	           "status \"live\" is listed under both shipped and cancelled");
	load_fails(s, "[status]\nshipped = Live, ???\n", OVP_ECONFIG, 2,
	           "bad value for shipped: \"???\" (expected status names separated by commas)");
	load_fails(s, "promises = X\n", OVP_ECONFIG, 1,
	           "key \"promises\" outside a section (expected [deals], [roadmap], [status], "
	           "[rules], [match], [forecast], [aliases], [capacity], [report] or [fx] first)");
	load_fails(s, "[roadmap]\nhours_per_day = 0\n", OVP_ECONFIG, 2,
	           "bad value for hours_per_day: \"0\" "
	           "(expected a number of hours greater than 0 and at most 24)");
	load_fails(s, "[roadmap]\nhours_per_day = 25\n", OVP_ECONFIG, 2,
	           "bad value for hours_per_day: \"25\" "
	           "(expected a number of hours greater than 0 and at most 24)");
	load_fails(s, "[forecast]\nper_file = maybe\n", OVP_ECONFIG, 2,
	           "bad value for per_file: \"maybe\" (expected true or false)");
	load_fails(s, "[forecast]\npre_file = true\n", OVP_ECONFIG, 2,
	           "unknown key \"pre_file\" in [forecast] (expected per_file or confidence)");
	load_fails(s, "[deals]\npromises =\n", OVP_ECONFIG, 2,
	           "bad value for promises: \"\" (expected a column header)");
	load_fails(s, "[deals]\ndate_order = ymd\n", OVP_ECONFIG, 2,
	           "bad value for date_order: \"ymd\" (expected dmy, mdy or auto)");
	load_fails(s, "[roadmap]\ndelimiter = x\n", OVP_ECONFIG, 2,
	           "bad value for delimiter: \"x\" (expected \",\", \";\", \"tab\" or \"\\t\")");
	load_fails(s, "[aliases]\nSSO =\n", OVP_ECONFIG, 2,
	           "bad value for alias \"SSO\": \"\" (expected a roadmap key or title)");
	load_fails(s, "[aliases]\n= PLAT-1\n", OVP_ECONFIG, 2,
	           "alias without a phrase (expected \"phrase = roadmap key or title\")");
	load_fails(s, "[deals]\npromises = X\njust some words\n", OVP_ECONFIG, 3,
	           "expected \"key = value\", \"[section]\" or a comment");
	load_fails(s, "[deals\npromises = X\n", OVP_ECONFIG, 1,
	           "expected \"key = value\", \"[section]\" or a comment");
	/* the first mistake is the one reported */
	load_fails(s, "[deals]\nno equals sign\nfoo = 1\n", OVP_ECONFIG, 2,
	           "expected \"key = value\", \"[section]\" or a comment");
	load_fails(s, "[deals]\nfoo = 1\nno equals sign\n", OVP_ECONFIG, 2,
	           "unknown key \"foo\" in [deals]");
}

static void
test_nul_and_long_lines(void **state)
{
	struct scratch *s = *state;
	static const char nul[] = "[deals]\npromises = A\0B\n";
	char text[6000];
	ovp_config cfg;
	ovp_error err;

	write_file(s->ini, nul, sizeof nul - 1);
	ovp_config_init(&cfg);
	assert_int_equal(ovp_config_load(&cfg, s->ini, &err), OVP_ECONFIG);
	assert_int_equal(err.line, 2);
	assert_non_null(strstr(err.message, ":2: NUL byte in line"));
	ovp_config_free(&cfg);

	/* a long line is refused, naming its line, never split into two */
	snprintf(text, sizeof text, "[aliases]\n; fine\n%0*d = PLAT-1\n", 5000, 7);
	ovp_config_init(&cfg);
	assert_int_equal(load_text(s, &cfg, text, &err), OVP_ECONFIG);
	assert_int_equal(err.line, 3);
	assert_non_null(strstr(err.message, ":3: line too long (at most "));
	assert_int_equal(cfg.naliases, 0);
	ovp_config_free(&cfg);

	/* a line of 150 bytes is fine, CRLF or not */
	snprintf(text, sizeof text, "[aliases]\r\n%0*d = PLAT-1\r\n", 140, 7);
	load_ok(s, &cfg, text);
	assert_int_equal(cfg.naliases, 1);
	assert_int_equal(strlen(cfg.aliases[0].phrase), 140);
	ovp_config_free(&cfg);
}

static void
test_files(void **state)
{
	struct scratch *s = *state;
	char path[512], want[1024];
	ovp_config cfg;
	ovp_error err;

	ovp_config_init(&cfg);
	snprintf(path, sizeof path, "%s/missing.ini", s->root);
	assert_int_equal(ovp_config_load(&cfg, path, &err), OVP_EIO);
	snprintf(want, sizeof want, "%s: cannot open: %s", path, strerror(ENOENT));
	assert_string_equal(err.message, want);
	assert_int_equal(err.line, 0);
	assert_null(cfg.path);

	assert_int_equal(ovp_config_load(&cfg, s->root, &err), OVP_EIO);
	snprintf(want, sizeof want, "%s: cannot read: %s", s->root, strerror(EISDIR));
	assert_string_equal(err.message, want);
	ovp_config_free(&cfg);

	/* a second file goes on top of the first */
	ovp_config_init(&cfg);
	assert_int_equal(load_text(s, &cfg, "[deals]\npromises = A\nid = Deal key\n"
	                                    "[rules]\nslip_days = 5\n", &err), 0);
	snprintf(path, sizeof path, "%s/second.ini", s->root);
	write_file(path, "[deals]\npromises = B\n[status]\nshipped = Live\n", 45);
	assert_int_equal(ovp_config_load(&cfg, path, &err), 0);
	assert_string_equal(cfg.path, path);
	assert_string_equal(ovp_config_column(&cfg.deals, "promises"), "B");
	assert_string_equal(ovp_config_column(&cfg.deals, "id"), "Deal key");
	assert_int_equal(cfg.slip_days, 5);
	assert_int_equal(cfg.nstatus_words[OVP_CLASS_SHIPPED], 1);
	ovp_config_free(&cfg);
}

static void
test_numbers_ignore_locale(void **state)
{
	struct scratch *s = *state;
	static const char *const locales[] = {"de_DE.UTF-8", "de_DE.utf8", "fr_FR.UTF-8", "de_DE"};
	ovp_config cfg;
	bool set = false;

	/* With none of these locales installed, this runs in the C locale only. */
	for (size_t i = 0; i < sizeof locales / sizeof locales[0] && !set; i++)
		set = setlocale(LC_NUMERIC, locales[i]) != NULL;
	load_ok(s, &cfg, "[rules]\nslip_threshold = 0.35\n");
	setlocale(LC_NUMERIC, "C");
	assert_true(cfg.slip_threshold == 0.35);
	ovp_config_free(&cfg);
}

/* Set or clear an environment variable. */
static void
env(const char *name, const char *value)
{
	if (value == NULL)
		unsetenv(name);
	else
		setenv(name, value, 1);
}

static void
expect_discovered(const char *dir, const char *want)
{
	char *got = ovp_config_discover(dir, getenv("XDG_CONFIG_HOME"), getenv("HOME"));
	if (want == NULL) {
		if (got != NULL) {
			print_error("from %s: found %s, want none\n", dir, got);
			free(got);
			fail();
		}
		return;
	}
	if (got == NULL) {
		print_error("from %s: found none, want %s\n", dir, want);
		fail();
	}
	assert_string_equal(got, want);
	free(got);
}

static void
test_discover(void **state)
{
	struct scratch *s = *state;
	char *old_xdg = getenv("XDG_CONFIG_HOME") ? strdup(getenv("XDG_CONFIG_HOME")) : NULL;
	char *old_home = getenv("HOME") ? strdup(getenv("HOME")) : NULL;
	char p[16][512], cwd[1024];
	const char *ini = "[rules]\n";
	char *probe;

	make_dirs(s->root, "proj/a/b/c");
	make_dirs(s->root, "other");
	make_dirs(s->root, "xdg/overpromise");
	make_dirs(s->root, "home/.config/overpromise");
	snprintf(p[0], sizeof p[0], "%s/proj/.overpromise.ini", s->root);
	snprintf(p[1], sizeof p[1], "%s/proj/a/.overpromise.ini", s->root);
	snprintf(p[2], sizeof p[2], "%s/proj/a/b/c", s->root);
	snprintf(p[3], sizeof p[3], "%s/xdg/overpromise/config.ini", s->root);
	snprintf(p[4], sizeof p[4], "%s/home/.config/overpromise/config.ini", s->root);
	snprintf(p[5], sizeof p[5], "%s/xdg", s->root);
	snprintf(p[6], sizeof p[6], "%s/home", s->root);
	snprintf(p[7], sizeof p[7], "%s/other", s->root);
	snprintf(p[8], sizeof p[8], "%s/proj/a/b/.overpromise.ini", s->root);
	snprintf(p[9], sizeof p[9], "%s/proj", s->root);
	snprintf(p[10], sizeof p[10], "%s/proj/a/b/c/../../..", s->root);
	env("XDG_CONFIG_HOME", p[5]);
	env("HOME", p[6]);
	/* Nothing to test if the scratch directory sits under some .overpromise.ini. */
	probe = ovp_config_discover(s->root, getenv("XDG_CONFIG_HOME"), getenv("HOME"));
	if (probe != NULL) {
		free(probe);
		env("XDG_CONFIG_HOME", old_xdg);
		env("HOME", old_home);
		free(old_xdg);
		free(old_home);
		print_message("skipped: %s lies under a .overpromise.ini\n", s->root);
		return;
	}
	write_file(p[0], ini, strlen(ini));
	write_file(p[3], ini, strlen(ini));
	write_file(p[4], ini, strlen(ini));
	env("XDG_CONFIG_HOME", p[5]);
	env("HOME", p[6]);

	/* the nearest parent with a file wins over XDG */
	expect_discovered(p[2], p[0]);
	expect_discovered(p[9], p[0]);
	write_file(p[1], ini, strlen(ini));
	expect_discovered(p[2], p[1]);
	/* ".." is the physical parent */
	expect_discovered(p[10], p[0]);
	/* a directory of that name is not a configuration file */
	mkdir(p[8], 0700);
	expect_discovered(p[2], p[1]);
	/* relative to the current directory, and NULL for the current directory */
	assert_non_null(getcwd(cwd, sizeof cwd));
	assert_int_equal(chdir(p[9]), 0);
	expect_discovered("a/b/c", p[1]);
	expect_discovered(NULL, p[0]);
	assert_int_equal(chdir(cwd), 0);

	/* no file upwards: XDG */
	expect_discovered(p[7], p[3]);
	/* the directories are the caller's: the library reads no environment */
	{
		char *got = ovp_config_discover(p[7], NULL, NULL);

		assert_null(got);
		got = ovp_config_discover(p[7], NULL, p[6]);
		assert_non_null(got);
		assert_string_equal(got, p[4]);
		free(got);
	}
	/* a directory that does not exist has no parents to search */
	snprintf(p[11], sizeof p[11], "%s/proj/nonexistent", s->root);
	expect_discovered(p[11], p[3]);
	/* XDG set but without the file: nothing, ~/.config is not consulted */
	unlink(p[3]);
	expect_discovered(p[7], NULL);
	/* XDG unset, empty or relative: ~/.config */
	env("XDG_CONFIG_HOME", NULL);
	expect_discovered(p[7], p[4]);
	env("XDG_CONFIG_HOME", "");
	expect_discovered(p[7], p[4]);
	env("XDG_CONFIG_HOME", "xdg");
	expect_discovered(p[7], p[4]);
	/* nothing anywhere */
	unlink(p[4]);
	expect_discovered(p[7], NULL);
	env("HOME", NULL);
	env("XDG_CONFIG_HOME", NULL);
	expect_discovered(p[7], NULL);

	env("XDG_CONFIG_HOME", old_xdg);
	env("HOME", old_home);
	free(old_xdg);
	free(old_home);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults),
		cmocka_unit_test_setup_teardown(test_column_keys, setup, teardown),
		cmocka_unit_test_setup_teardown(test_column_details, setup, teardown),
		cmocka_unit_test_setup_teardown(test_date_order_and_delimiter, setup, teardown),
		cmocka_unit_test_setup_teardown(test_status_section, setup, teardown),
		cmocka_unit_test_setup_teardown(test_roadmap_and_forecast_keys, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rules_section, setup, teardown),
		cmocka_unit_test_setup_teardown(test_select, setup, teardown),
		cmocka_unit_test_setup_teardown(test_aliases, setup, teardown),
		cmocka_unit_test_setup_teardown(test_syntax_of_real_files, setup, teardown),
		cmocka_unit_test_setup_teardown(test_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(test_nul_and_long_lines, setup, teardown),
		cmocka_unit_test_setup_teardown(test_files, setup, teardown),
		cmocka_unit_test_setup_teardown(test_numbers_ignore_locale, setup, teardown),
		cmocka_unit_test_setup_teardown(test_discover, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
