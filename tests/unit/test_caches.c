/*
 * The caches that keep large runs fast must never change an answer:
 * the per-thread cache of date parses (the same text under another
 * order, as-of day or serial setting is another question), and the
 * normalised features and titles the engine keeps for fingerprints
 * (every fingerprint of a run equals the one ovp_finding_fingerprint()
 * computes from scratch, for items with and without ids, and promises
 * that repeat across deals).
 */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "scratch.h"

#include <overpromise/overpromise.h>

#include "src/date_impl.h"
#include "src/date_phrase.h"
#include "src/engine_impl.h"
#include "src/finding_impl.h"
#include "src/text.h"

/* ---- dates ---- */

static ovp_window
parsed(const char *s, ovp_date_order order, ovp_day as_of, bool serial, ovp_date_status want)
{
	ovp_date_context ctx = {order, as_of, serial};
	ovp_window w;

	assert_int_equal(ovp_date_parse(s, strlen(s), &ctx, &w), want);
	return w;
}

/* The same text under another context is parsed for that context. */
static void
test_date_contexts(void **state)
{
	ovp_day as_of1 = ovp_day_from_ymd(2026, 11, 26), as_of2 = ovp_day_from_ymd(2027, 5, 2);

	(void)state;
	for (int round = 0; round < 3; round++) {
		assert_int_equal(parsed("01/02/2027", OVP_ORDER_DMY, OVP_DAY_NONE, false, OVP_DATE_OK).end,
		                 ovp_day_from_ymd(2027, 2, 1));
		assert_int_equal(parsed("01/02/2027", OVP_ORDER_MDY, OVP_DAY_NONE, false, OVP_DATE_OK).end,
		                 ovp_day_from_ymd(2027, 1, 2));
		assert_int_equal(parsed("Now", OVP_ORDER_AUTO, as_of1, false, OVP_DATE_OK).end,
		                 ovp_day_from_ymd(2026, 12, 31));
		assert_int_equal(parsed("Now", OVP_ORDER_AUTO, as_of2, false, OVP_DATE_OK).end,
		                 ovp_day_from_ymd(2027, 6, 30));
		(void)parsed("Now", OVP_ORDER_AUTO, OVP_DAY_NONE, false, OVP_DATE_INVALID);
		assert_int_equal(parsed("46402", OVP_ORDER_AUTO, OVP_DAY_NONE, true, OVP_DATE_OK).end,
		                 ovp_day_from_ymd(2027, 1, 15));
		(void)parsed("46402", OVP_ORDER_AUTO, OVP_DAY_NONE, false, OVP_DATE_INVALID);
		(void)parsed("13/13/2027", OVP_ORDER_DMY, OVP_DAY_NONE, false, OVP_DATE_IMPOSSIBLE);
		/* Longer than the cache remembers, and blank padded. */
		assert_int_equal(parsed("  Friday, January 15th, 2027, 10:00 a.m. UTC  ", OVP_ORDER_AUTO,
		                        OVP_DAY_NONE, false, OVP_DATE_OK)
		                     .end,
		                 ovp_day_from_ymd(2027, 1, 15));
	}
}

/* Thousands of distinct dates, more than the cache holds, read back right in any order. */
static void
test_date_many(void **state)
{
	ovp_day first = ovp_day_from_ymd(2020, 1, 1);
	enum { N = 5000 };

	(void)state;
	for (int pass = 0; pass < 2; pass++) {
		for (int k = 0; k < N; k++) {
			int i = pass == 0 ? k : N - 1 - k;
			char iso[OVP_DATE_ISO_SIZE], us[16];
			int y, m, d;
			ovp_window w;

			ovp_day_format(first + i, iso);
			ovp_day_to_ymd(first + i, &y, &m, &d);
			snprintf(us, sizeof us, "%d/%d/%d", m, d, y);
			w = parsed(iso, OVP_ORDER_AUTO, OVP_DAY_NONE, false, OVP_DATE_OK);
			assert_int_equal(w.start, first + i);
			assert_int_equal(w.end, first + i);
			assert_int_equal(parsed(us, OVP_ORDER_MDY, OVP_DAY_NONE, false, OVP_DATE_OK).end,
			                 first + i);
		}
	}
}

/* The sniffer, which parses with its own context, is not confused by earlier parses. */
static void
test_date_sniff_after_parse(void **state)
{
	ovp_date_sniff sn;

	(void)state;
	memset(&sn, 0, sizeof sn);
	(void)parsed("31/01/2027", OVP_ORDER_DMY, OVP_DAY_NONE, false, OVP_DATE_OK);
	(void)parsed("31/01/2027", OVP_ORDER_MDY, OVP_DAY_NONE, false, OVP_DATE_CONFLICT);
	ovp_date_sniff_add(&sn, "31/01/2027", 10);
	ovp_date_sniff_add(&sn, "31/01/2027", 10);
	assert_int_equal(sn.dates, 2);
	assert_int_equal(sn.dmy, 2);
	assert_int_equal(ovp_date_sniff_decide(&sn), OVP_ORDER_DMY);
}

/* Texts of every kind the parser meets, for the cache to be held against. */
static const char *const cache_texts[] = {
	"2027-03-15", "3/15/2027", "15/3/2027", "01/02/2027", "05/05/2027", "31/01/2027",
	"13/13/2027", "2027-02-30", "15.03.2027", "15-03-2027", "15/Jan/27 3:15 PM",
	"06/May/24 5:03 PM", "06/May/24 17:03", "1/18/2027 10:00", "2027-03-15T10:00:00Z",
	"March 2027", "Mar 15, 2027", "15 March 2027", "2027-03", "Q3 2027", "2027 Q3", "H2 2028",
	"2027", "46402", "46402.5", "19999", "Now", "Next", "Later", "now", "end of March",
	"next quarter", "EOY", "early 2027", "mid-2027", "late Q3", "spring 2027", "by Q2'27",
	"in March", "due 2027-05-01", "March", "March 15", "Q3", "H1", "this year", "EOM",
	"  2027-03-15  ", "\t3/15/2027", "", "   ", "soon", "TBD", "Quantum-safe encryption",
	"Friday, January 15th, 2027, 10:00 a.m. UTC", "2027-03-15 and more text after it",
	"1/2/3", "0/0/0", "99/99/9999", "1Jan 3:15 PM", "15Mar 10:00", "1Jan", "15-Mar-27 10:00",
	/* A time after what reads as no plain day: the whole text is read (and kept). */
	"46402 10:00", "31/02/2027 10:00", "2027 10:00", "13/13/2027 5:03 PM",
	/* Pairs of every length the cache keys in words, told apart by their last byte. */
	"2027-3-1", "2027-3-2", "2027-03-14", "2027-03-15", "15 March 2027", "15 March 2028",
	"March 15th, 2027", "March 15th, 2028", "Monday, 15 March 2027", "Monday, 15 March 2028",
	"Wednesday, 15 March 2027", "Wednesday, 15 March 2028",
};

/* Every parse of text under ctx equals the uncached one, status and window. */
static void
same_as_uncached(const char *text, const ovp_date_context *ctx, bool phrases)
{
	ovp_window a, b;
	ovp_date_status sa, sb;
	size_t len = strlen(text);

	sa = phrases ? ovp_date_parse_phrase(text, len, ctx, &a) : ovp_date_parse(text, len, ctx, &a);
	sb = ovp_date_parse_uncached(text, len, ctx, phrases, &b);
	if (sa != sb || a.start != b.start || a.end != b.end || a.period != b.period)
		fail_msg("\"%s\" (order %d, as-of %ld, serials %d, phrases %d): cached %d [%ld, %ld] %d, "
		         "uncached %d [%ld, %ld] %d",
		         text, (int)ctx->order, (long)ctx->as_of, (int)ctx->allow_serial, (int)phrases,
		         (int)sa, (long)a.start, (long)a.end, (int)a.period, (int)sb, (long)b.start,
		         (long)b.end, (int)b.period);
}

/*
 * The cache gives the uncached answer for every text under every context
 * (order, as-of day, serials, phrases): on the first sighting, when it is
 * asked again, when the context changes from one call to the next on the
 * same text, and after thousands of other texts have pushed it all out.
 */
static void
test_date_cache_as_uncached(void **state)
{
	const ovp_date_order orders[] = {OVP_ORDER_AUTO, OVP_ORDER_DMY, OVP_ORDER_MDY};
	const ovp_day as_ofs[] = {OVP_DAY_NONE, ovp_day_from_ymd(2026, 11, 26),
	                          ovp_day_from_ymd(2027, 5, 2)};
	const size_t ntexts = sizeof cache_texts / sizeof cache_texts[0];
	enum { NCTX = 3 * 3 * 2 * 2 };

	(void)state;
	for (int pass = 0; pass < 4; pass++) {
		for (size_t t = 0; t < ntexts; t++) {
			/* Passes 2 and 3 go backwards, after the flood below. */
			const char *text = cache_texts[pass < 2 ? t : ntexts - 1 - t];

			for (int k = 0; k < NCTX; k++) {
				/* The contexts in another order on odd passes. */
				int c = pass % 2 == 0 ? k : NCTX - 1 - k;
				ovp_date_context ctx = {orders[c % 3], as_ofs[c / 3 % 3], c / 9 % 2 == 1};

				same_as_uncached(text, &ctx, c / 18 == 1);
			}
		}
		if (pass == 1) {
			/* More distinct texts than the cache holds, under the same contexts. */
			ovp_date_context ctx = {OVP_ORDER_DMY, as_ofs[1], false};

			for (int i = 0; i < 40000; i++) {
				char iso[OVP_DATE_ISO_SIZE];
				ovp_window w;

				ovp_day_format(ovp_day_from_ymd(1990, 1, 1) + i, iso);
				assert_int_equal(ovp_date_parse(iso, strlen(iso), &ctx, &w), OVP_DATE_OK);
				assert_int_equal(w.start, ovp_day_from_ymd(1990, 1, 1) + i);
			}
		}
	}
}

/* ---- fingerprints ---- */

static void
test_fingerprint_normalized(void **state)
{
	ovp_deal d;
	ovp_promise p;
	ovp_item it;
	ovp_finding f, g;
	char *feature, *title;

	(void)state;
	memset(&d, 0, sizeof d);
	memset(&p, 0, sizeof p);
	memset(&it, 0, sizeof it);
	memset(&f, 0, sizeof f);
	d.id = "006A";
	d.name = "ACME";
	p.text = p.feature = "Single Sign-On";
	it.id = "";
	it.title = "Single sign on (SAML)";
	f.rule = OVP_RULE_LATE;
	f.deal = &d;
	f.promise = &p;
	f.item = &it;
	feature = ovp_normalize(p.feature, strlen(p.feature));
	title = ovp_normalize(it.title, strlen(it.title));
	assert_non_null(feature);
	assert_non_null(title);

	g = f;
	ovp_finding_fingerprint(&f);
	ovp_finding_fingerprint_normalized(&g, feature, title);
	assert_string_equal(g.fingerprint, f.fingerprint);
	ovp_finding_fingerprint_normalized(&g, NULL, NULL);
	assert_string_equal(g.fingerprint, f.fingerprint);
	/* The texts handed in are what is hashed. */
	ovp_finding_fingerprint_normalized(&g, "sso", title);
	assert_string_not_equal(g.fingerprint, f.fingerprint);
	ovp_finding_fingerprint_normalized(&g, feature, "saml");
	assert_string_not_equal(g.fingerprint, f.fingerprint);
	/* With an id the title is not hashed at all. */
	it.id = "PRJ-1";
	ovp_finding_fingerprint(&f);
	ovp_finding_fingerprint_normalized(&g, feature, "anything");
	assert_string_equal(g.fingerprint, f.fingerprint);
	free(feature);
	free(title);
}

/*
 * The fingerprints of one promise's findings, made together: each the
 * one ovp_finding_fingerprint() makes alone, for one finding to five (two
 * at a time and one left over), with the normalised texts handed in or
 * not, for an item with an id or a title only; findings about different
 * promises are made one by one.  Two values are spelled out: they are
 * what baselines hold, and must never change.
 */
static void
test_fingerprints_batched(void **state)
{
	static const ovp_rule_id rules[] = {OVP_RULE_CANCELLED, OVP_RULE_OVERDUE, OVP_RULE_LATE,
	                                    OVP_RULE_PROTOTYPE, OVP_RULE_UNDATED};
	enum { N = sizeof rules / sizeof rules[0] };
	ovp_fingerprint_seed seeds[OVP_RULE_COUNT];
	ovp_deal d;
	ovp_promise p, q;
	ovp_item it;
	ovp_finding f[N], alone;
	ovp_finding *fs[N];
	char *feature, *title;

	(void)state;
	for (int r = 0; r < OVP_RULE_COUNT; r++)
		ovp_fingerprint_seed_of((ovp_rule_id)r, &seeds[r]);
	memset(&d, 0, sizeof d);
	memset(&p, 0, sizeof p);
	memset(&it, 0, sizeof it);
	d.id = "006A";
	d.name = "ACME";
	p.text = p.feature = "Single Sign-On";
	q = p;
	q.feature = "Audit log";
	it.id = "PRJ-1";
	it.title = "Single sign on (SAML)";
	feature = ovp_normalize(p.feature, strlen(p.feature));
	title = ovp_normalize(it.title, strlen(it.title));
	assert_non_null(feature);
	assert_non_null(title);
	for (int with_id = 1; with_id >= 0; with_id--) {
		it.id = with_id ? "PRJ-1" : "";
		for (size_t n = 1; n <= N; n++) {
			for (int given = 0; given < 2; given++) {
				for (size_t i = 0; i < N; i++) {
					memset(&f[i], 0, sizeof f[i]);
					f[i].rule = rules[i];
					f[i].deal = &d;
					f[i].promise = &p;
					f[i].item = &it;
					fs[i] = &f[i];
				}
				ovp_finding_fingerprints_seeded(fs, n, seeds, given ? feature : NULL,
				                                given ? title : NULL);
				for (size_t i = 0; i < N; i++) {
					alone = f[i];
					ovp_finding_fingerprint(&alone);
					if (i < n)
						assert_string_equal(f[i].fingerprint, alone.fingerprint);
					else
						assert_string_equal(f[i].fingerprint, "");
				}
			}
		}
		if (with_id) {
			assert_string_equal(f[0].fingerprint, "8d3a56e649278ef5a03da3bc43dba9ae");
			assert_string_equal(f[2].fingerprint, "36ae70235f5d291b4f9f548cbbe29157");
		}
	}
	/* Another promise among them: each is made from its own fields. */
	f[3].promise = &q;
	ovp_finding_fingerprints_seeded(fs, N, seeds, feature, title);
	for (size_t i = 0; i < N; i++) {
		alone = f[i];
		ovp_finding_fingerprint(&alone);
		assert_string_equal(f[i].fingerprint, alone.fingerprint);
	}
	alone = f[3];
	alone.promise = &p;
	ovp_finding_fingerprint(&alone);
	assert_string_not_equal(f[3].fingerprint, alone.fingerprint);
	free(feature);
	free(title);
}

/* A sink that recomputes every fingerprint from scratch and counts the findings. */
typedef struct checker {
	ovp_sink base;
	size_t n, with_promise, without_id;
} checker;

static int
chk_finding(ovp_sink *s, const ovp_finding *f, ovp_error *err)
{
	checker *c = (checker *)s;
	ovp_finding g = *f;

	(void)err;
	ovp_finding_fingerprint(&g);
	assert_string_equal(f->fingerprint, g.fingerprint);
	c->n++;
	c->with_promise += f->promise != NULL;
	c->without_id += f->item != NULL && f->item->id[0] == '\0';
	return 0;
}

static int
chk_end(ovp_sink *s, const ovp_summary *sum, ovp_error *err)
{
	(void)err;
	(void)s;
	(void)sum;
	return 0;
}

static const ovp_sink_ops checker_ops = {"checker", NULL, chk_finding, NULL, chk_end, NULL, NULL, NULL, NULL, NULL};

static void
write_file(const char *path, const char *text)
{
	FILE *fp = fopen(path, "w");

	assert_non_null(fp);
	assert_int_equal(fputs(text, fp) >= 0, 1);
	assert_int_equal(fclose(fp), 0);
}

/* Run a check over the exports; every fingerprint must be the one computed from scratch. */
static checker
run_check(const char *deals, const char *roadmap)
{
	ovp_error err = {0};
	ovp_roadmap *rm = NULL;
	ovp_deals_reader *r = NULL;
	ovp_engine *e = NULL;
	ovp_engine_options eo;
	ovp_report_meta meta;
	checker c;
	const ovp_deal *d;
	int rc;

	memset(&c, 0, sizeof c);
	c.base.ops = &checker_ops;
	memset(&eo, 0, sizeof eo);
	memset(&meta, 0, sizeof meta);
	assert_int_equal(ovp_roadmap_load(&rm, roadmap, NULL, ovp_day_from_ymd(2026, 11, 26), &err), 0);
	assert_int_equal(ovp_deals_open(&r, deals, NULL, &err), 0);
	eo.roadmap = rm;
	eo.as_of = ovp_day_from_ymd(2026, 11, 26);
	eo.sink = &c.base;
	assert_int_equal(ovp_engine_new(&e, &eo, &err), 0);
	meta.command = "check";
	meta.deals_path = deals;
	meta.roadmap_path = roadmap;
	meta.as_of = eo.as_of;
	assert_int_equal(ovp_engine_begin(e, &meta, &err), 0);
	while ((rc = ovp_deals_next(r, &d, &err)) > 0)
		assert_int_equal(ovp_engine_deal(e, d, &err), 0);
	assert_int_equal(rc, 0);
	assert_int_equal(ovp_engine_finish(e, NULL, &err), 0);
	ovp_engine_free(e);
	ovp_deals_close(r);
	ovp_roadmap_free(rm);
	return c;
}

static void
test_engine_fingerprints_examples(void **state)
{
	checker c;

	(void)state;
	c = run_check("../examples/deals.csv", "../examples/roadmap.csv");
	assert_int_equal(c.n, 20);
	assert_true(c.with_promise > 10);
}

/* Items without ids, and the same features promised by many deals in other spellings. */
static void
test_engine_fingerprints_titles(void **state)
{
	char dir[] = "/tmp/ovp-caches-XXXXXX";
	char deals[64], roadmap[64];
	checker c;

	(void)state;
	assert_non_null(scratch_mkdtemp(dir));
	snprintf(deals, sizeof deals, "%s/deals.csv", dir);
	snprintf(roadmap, sizeof roadmap, "%s/roadmap.csv", dir);
	write_file(roadmap, "Title,Status,Target date\n"
	                    "Single sign-on,In Progress,2027-03-31\n"
	                    "Audit log export,To Do,2027-02-28\n"
	                    "Offline mode,Backlog,\n");
	write_file(deals, "Deal Name,Amount,Close Date,Promised Features\n"
	                  "A,100,2027-01-15,Single sign-on; audit log export\n"
	                  "B,200,2027-01-15,SINGLE SIGN-ON; Offline mode (2026-12-01)\n"
	                  "C,300,2027-01-15,Single sign-on; Audit log export; Offline mode\n"
	                  "D,400,2026-10-01,single sign on; Quantum teleport\n");
	c = run_check(deals, roadmap);
	assert_true(c.n >= 12);
	assert_true(c.without_id >= 8);
	assert_int_equal(unlink(deals), 0);
	assert_int_equal(unlink(roadmap), 0);
	assert_int_equal(rmdir(dir), 0);
}

/* Load the set of a text's parse ahead, as a reader does, and forget where it is. */
static void
prefetch(const char *s, size_t len, const ovp_date_context *ctx, bool phrases)
{
	ovp_date_probe pr;

	ovp_date_probe_start(s, len, ctx, phrases, &pr);
}

/*
 * Loading a set ahead changes no answer: texts prefetched (cached or not,
 * too long to be cached, empty, without a context) then read, with and
 * without the date phrases, read as the uncached parser reads them.
 */
static void
test_date_prefetch(void **state)
{
	static const char *const texts[] = {
	    "2027-03-01", "01/02/2027", "Q3 2027", "H2 2028", "end of March",
	    "Wednesday, 3 March 2027 at 17:05", "not a date", "46402"};
	ovp_date_context ctx = {OVP_ORDER_DMY, ovp_day_from_ymd(2026, 11, 26), true};

	(void)state;
	prefetch(NULL, 0, &ctx, false);
	prefetch("", 0, &ctx, true);
	prefetch("2027-03-01", 10, NULL, false);
	for (int round = 0; round < 2; round++) {
		for (size_t i = 0; i < sizeof texts / sizeof *texts; i++) {
			size_t len = strlen(texts[i]);

			for (int phrases = 0; phrases < 2; phrases++) {
				ovp_window got, want;
				ovp_date_status st;

				prefetch(texts[i], len, &ctx, phrases);
				st = phrases ? ovp_date_parse_phrase(texts[i], len, &ctx, &got)
				             : ovp_date_parse(texts[i], len, &ctx, &got);
				assert_int_equal(st, ovp_date_parse_uncached(texts[i], len, &ctx, phrases, &want));
				assert_memory_equal(&got, &want, sizeof got);
			}
		}
	}
	assert_int_equal(parsed("2027-03-01", OVP_ORDER_AUTO, OVP_DAY_NONE, false, OVP_DATE_OK).end,
	                 ovp_day_from_ymd(2027, 3, 1));
	prefetch("Q3 2027", 7, &ctx, true);
	assert_int_equal(parsed("Q3 2027", OVP_ORDER_DMY, OVP_DAY_NONE, false, OVP_DATE_OK).end,
	                 ovp_day_from_ymd(2027, 9, 30));
}

/*
 * An item's label, made once per item and kept: with an id and a title,
 * an id alone, a title alone (quoted, even empty), and a title with
 * quotes and UTF-8, written as "%s \"%s\"" and its two shorter forms
 * write it, cut at every buffer size as snprintf cuts.
 */
static void
test_item_labels(void **state)
{
	static const char *const ids[] = {"PRJ-12", "PRJ-12", "", "", "X"};
	static const char *const titles[] = {"Single sign-on", "", "Audit \"log\"", "", "\xc3\xa9t\xc3\xa9"};
	char want[64], got[64];

	(void)state;
	for (size_t i = 0; i < sizeof ids / sizeof ids[0]; i++) {
		ovp_item it;
		int full;

		memset(&it, 0, sizeof it);
		it.id = ids[i];
		it.title = titles[i];
		if (ids[i][0] != '\0' && titles[i][0] != '\0')
			full = snprintf(want, sizeof want, "%s \"%s\"", ids[i], titles[i]);
		else if (ids[i][0] != '\0')
			full = snprintf(want, sizeof want, "%s", ids[i]);
		else
			full = snprintf(want, sizeof want, "\"%s\"", titles[i]);
		assert_true(full > 0 && (size_t)full < sizeof want);
		for (size_t cap = 0; cap <= (size_t)full + 2; cap++) {
			size_t n;

			memset(got, 'X', sizeof got);
			n = ovp_engine_item_label(&it, got, cap);
			assert_int_equal(n, cap == 0 ? 0 : cap - 1 < (size_t)full ? cap - 1 : (size_t)full);
			assert_memory_equal(got, want, n);
			if (cap > 0)
				assert_int_equal(got[n], '\0');
			assert_int_equal(got[cap == 0 ? 0 : n + 1], 'X');
		}
	}
}

/*
 * A text probed (its parse's set worked out and loaded ahead) reads
 * through the probe as the uncached parser reads it: kept or not, too
 * long to be kept, empty, without a context, under two contexts, and
 * with a probe made before the thread had a cache at all.
 */
static void
test_date_probe(void **state)
{
	static const char *const texts[] = {
	    "2027-03-01", "01/02/2027", "Q3 2027", "H2 2028", "end of March", "8 Mar 2027 5:03 PM",
	    "Wednesday, 3 March 2027 at 17:05", "not a date", "46402", "2027-02-30", ""};
	ovp_date_context ctxs[2] = {{OVP_ORDER_DMY, ovp_day_from_ymd(2026, 11, 26), true},
	                            {OVP_ORDER_MDY, OVP_DAY_NONE, false}};
	ovp_date_probe pr;
	ovp_window got, want;

	(void)state;
	for (int round = 0; round < 2; round++) {
		for (size_t i = 0; i < sizeof texts / sizeof *texts; i++) {
			size_t len = strlen(texts[i]);

			for (int c = 0; c < 2; c++) {
				for (int phrases = 0; phrases < 2; phrases++) {
					ovp_date_status st;

					ovp_date_probe_start(texts[i], len, &ctxs[c], phrases, &pr);
					if (len == 0 || len > 24)
						assert_int_equal(pr.set, OVP_DATE_PROBE_NONE);
					st = ovp_date_parse_probed(texts[i], len, &ctxs[c], phrases, &pr, &got);
					assert_int_equal(st, ovp_date_parse_uncached(texts[i], len, &ctxs[c],
					                                             phrases, &want));
					assert_memory_equal(&got, &want, sizeof got);
				}
			}
		}
	}
	/* Without a context: the defaults, as ovp_date_parse() has them. */
	ovp_date_probe_start("2027-03-01", 10, NULL, false, &pr);
	assert_int_not_equal(pr.set, OVP_DATE_PROBE_NONE);
	assert_int_equal(ovp_date_parse_probed("2027-03-01", 10, NULL, false, &pr, &got), OVP_DATE_OK);
	assert_int_equal(got.end, ovp_day_from_ymd(2027, 3, 1));
	/* A probe of nothing works out nothing; the parse reads the text itself. */
	pr.set = OVP_DATE_PROBE_NONE;
	assert_int_equal(ovp_date_parse_probed("Q3 2027", 7, &ctxs[0], false, &pr, &got),
	                 OVP_DATE_OK);
	assert_int_equal(got.end, ovp_day_from_ymd(2027, 9, 30));
}

/* The first thing a new thread does with dates is to probe one: it has no cache yet. */
static void *
probe_first(void *arg)
{
	ovp_date_context ctx = {OVP_ORDER_AUTO, OVP_DAY_NONE, false};
	ovp_date_probe pr;
	ovp_window w;
	int *ok = arg;

	ovp_date_probe_start("2027-03-01", 10, &ctx, false, &pr);
	*ok = pr.set == OVP_DATE_PROBE_NONE &&
	      ovp_date_parse_probed("2027-03-01", 10, &ctx, false, &pr, &w) == OVP_DATE_OK &&
	      w.end == ovp_day_from_ymd(2027, 3, 1);
	/* The parse made the cache: the next probe finds a set. */
	ovp_date_probe_start("2027-03-01", 10, &ctx, false, &pr);
	*ok = *ok && pr.set != OVP_DATE_PROBE_NONE &&
	      ovp_date_parse_probed("2027-03-01", 10, &ctx, false, &pr, &w) == OVP_DATE_OK &&
	      w.end == ovp_day_from_ymd(2027, 3, 1);
	return NULL;
}

static void
test_date_probe_new_thread(void **state)
{
	pthread_t t;
	int ok = 0;

	(void)state;
	assert_int_equal(pthread_create(&t, NULL, probe_first, &ok), 0);
	assert_int_equal(pthread_join(t, NULL), 0);
	assert_true(ok);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_date_contexts),
		cmocka_unit_test(test_date_many),
		cmocka_unit_test(test_date_sniff_after_parse),
		cmocka_unit_test(test_date_cache_as_uncached),
		cmocka_unit_test(test_date_prefetch),
		cmocka_unit_test(test_date_probe),
		cmocka_unit_test(test_date_probe_new_thread),
		cmocka_unit_test(test_fingerprint_normalized),
		cmocka_unit_test(test_fingerprints_batched),
		cmocka_unit_test(test_engine_fingerprints_examples),
		cmocka_unit_test_teardown(test_engine_fingerprints_titles, scratch_teardown),
		cmocka_unit_test(test_item_labels),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
