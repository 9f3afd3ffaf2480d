/*
 * The check engine (see engine.h): drives the rules of SPEC 4 over each
 * deal as it streams by and hands the findings to the report sink in the
 * order of SPEC 7: the roadmap's data-quality findings first, then per
 * deal its row problems, its promises (each in rule order) and the
 * deal-level sign-off finding, and the portfolio findings last
 * (OVP015 per team, then OVP101 per item).  The rules themselves, each
 * condition and message, are in rules/ by family: item.c (a promise and
 * the item it rests on), deal.c, data.c (OVP201) and portfolio.c; the
 * engine matches (through the planner), keeps the per-item facts the
 * rules read, fingerprints, counts and emits.
 *
 * Memory grows with the roadmap (per-item facts, concentration totals
 * and labels), never with the number of deals or of distinct promise
 * texts (the matcher's cache of results is bounded); fingerprints are
 * kept for a baseline only when asked.
 *
 * A large export raises millions of findings, so the engine makes
 * nothing a finding of a switched-off rule would need, words messages
 * with its own formatter (finding.c), and keeps what repeats: labels per
 * item, the text of recent days, the fingerprint hash of each rule code.
 */
#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <overpromise/baseline.h>
#include <overpromise/engine.h>
#include <overpromise/planner.h>

#include "engine_impl.h"
#include "planner_impl.h"
#include "text.h"
#include "util/str.h"

/*
 * Labels and planned dates are written piece by piece, as the formats
 * "%s \"%s\"" and "%s (to %s)" write them, without reading a format:
 * each item's are made once, but a large roadmap has tens of thousands.
 */
size_t
ovp_engine_item_label(const ovp_item *it, char *buf, size_t cap)
{
	ovp_message m;

	if (cap == 0)
		return 0;
	ovp_message_start(&m, buf, cap, 0);
	if (it->id[0] != '\0') {
		ovp_message_str(&m, it->id);
		if (it->title[0] == '\0')
			return ovp_message_end(&m);
		OVP_MESSAGE_LIT(&m, " ");
	}
	OVP_MESSAGE_LIT(&m, "\"");
	ovp_message_str(&m, it->title);
	OVP_MESSAGE_LIT(&m, "\"");
	return ovp_message_end(&m);
}

/* "Q1 2027 (to 2027-03-31)", or just the day when that is what was written; returns its length. */
static size_t
planned_label(const ovp_item *it, char *buf, size_t cap)
{
	char day[OVP_DATE_ISO_SIZE];
	ovp_message m;

	if (cap == 0)
		return 0;
	ovp_day_format(it->planned.end, day);
	ovp_message_start(&m, buf, cap, 0);
	if (it->planned.period == OVP_PERIOD_DAY || it->planned_text == NULL ||
	    it->planned_text[0] == '\0' || strcmp(it->planned_text, day) == 0) {
		ovp_message_str(&m, day);
		return ovp_message_end(&m);
	}
	ovp_message_str(&m, it->planned_text);
	OVP_MESSAGE_LIT(&m, " (to ");
	ovp_message_str(&m, day);
	OVP_MESSAGE_LIT(&m, ")");
	return ovp_message_end(&m);
}

/*
 * A text about item it that make() writes into buf (cap bytes), with its
 * length, made once per item and kept in cache[] (one slot per item): a
 * large export names the same items in millions of messages.  Falls back
 * to buf when memory is short or the item is not one of the roadmap's.
 */
static kept_text
item_text(ovp_engine *e, const ovp_item *it, kept_text *cache,
          size_t (*make)(const ovp_item *, char *, size_t), char *buf, size_t cap)
{
	size_t idx = (size_t)(it - e->o.roadmap->items);
	kept_text t;
	char *copy;

	if (idx < e->o.roadmap->nitems && cache[idx].s != NULL)
		return cache[idx];
	t.len = make(it, buf, cap);
	t.s = buf;
	if (idx >= e->o.roadmap->nitems)
		return t;
	copy = ovp_arena_strndup(&e->strings, buf, t.len);
	if (copy == NULL)
		return t;
	t.s = copy;
	cache[idx] = t;
	return t;
}

kept_text
ovp_engine_label_made(ovp_engine *e, const ovp_item *it, char *buf)
{
	return item_text(e, it, e->labels, ovp_engine_item_label, buf, LABEL_MAX);
}

kept_text
ovp_engine_planned_made(ovp_engine *e, const ovp_item *it, char *buf)
{
	return item_text(e, it, e->planned, planned_label, buf, PLANNED_MAX);
}

/* A normalised text copied into the engine's arena, or NULL when memory is short. */
static const char *
keep_normalized(ovp_engine *e, const char *s)
{
	char *norm = ovp_normalize(s, strlen(s));
	const char *copy;

	if (norm == NULL)
		return NULL;
	copy = ovp_arena_strndup(&e->strings, norm, strlen(norm));
	free(norm);
	return copy;
}

/*
 * The normalised feature of promise p, whose text matched as m: the
 * matcher keeps it with the result, or NULL (the fingerprint then
 * normalises it itself) when there is no match or memory was short.
 */
static const char *
feature_norm(const ovp_promise *p, const ovp_match *m)
{
	if (m == NULL || p == NULL || p->feature == NULL)
		return NULL;
	return m->feature_norm;
}

/* The normalised title of an item without an id (which its fingerprints hash), or NULL. */
static const char *
title_norm(ovp_engine *e, const ovp_item *it)
{
	size_t idx;

	if (it == NULL)
		return NULL;
	/* The facts say it without a look at the id, which is elsewhere in memory. */
	idx = (size_t)(it - e->o.roadmap->items);
	if (idx >= e->o.roadmap->nitems || !(e->facts[idx].flags & FACT_NO_ID) || it->title == NULL)
		return NULL;
	if (e->title_norms[idx] == NULL)
		e->title_norms[idx] = keep_normalized(e, it->title);
	return e->title_norms[idx];
}

void
ovp_pending_message(pending *p, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	ovp_message_vformat(p->msg, sizeof p->msg, fmt, ap);
	va_end(ap);
	p->f.message = p->msg;
}

int
ovp_engine_money_add(ovp_money *arr, size_t *n, size_t cap, const char *currency,
                     const currency_key *key, double amount)
{
	for (size_t i = 0; i < *n; i++) {
		if (currency_is(arr[i].currency, key)) {
			arr[i].amount += amount;
			return 0;
		}
	}
	if (*n == cap)
		return -1; /* more currencies than a summary keeps: left out of the totals */
	currency_store(arr[*n].currency, currency, key);
	arr[*n].amount = amount;
	(*n)++;
	return 0;
}

static int
remember_print(ovp_engine *e, const char *print)
{
	if (e->nprints == e->cprints) {
		size_t cap = e->cprints ? e->cprints * 2 : 64;
		char (*np)[OVP_FINGERPRINT_SIZE] = realloc(e->prints, cap * sizeof *np);

		if (np == NULL)
			return OVP_ENOMEM;
		e->prints = np;
		e->cprints = cap;
	}
	memcpy(e->prints[e->nprints++], print, OVP_FINGERPRINT_SIZE);
	return 0;
}

/* The sheet of a finding's file, when that file is a workbook. */
static const char *
sheet_of(const ovp_engine *e, const char *file)
{
	const ovp_report_meta *m = e->meta;
	const ovp_roadmap *rm = e->o.roadmap;

	if (file == NULL)
		return NULL;
	if (m != NULL && m->deals_sheet != NULL && m->deals_path != NULL &&
	    strcmp(file, m->deals_path) == 0)
		return m->deals_sheet;
	/* Nearly always: no roadmap file is a workbook, nothing to look for. */
	if (!e->roadmap_sheets)
		return NULL;
	for (size_t k = 0; rm != NULL && k < rm->nfiles; k++)
		if (rm->files[k].sheet != NULL && strcmp(file, rm->files[k].path) == 0)
			return rm->files[k].sheet;
	return NULL;
}

/*
 * Give a finding, its fingerprint already made, its configured severity
 * (OVP_SEV_OFF when its rule is off) and its baseline state.
 */
static inline void
settle(const ovp_engine *e, ovp_finding *f)
{
	ovp_severity configured = e->cfg->severity[f->rule];
	ovp_severity standard = e->standard[f->rule];

	/* A rule may raise its own finding above its default (OVP010 with no
	 * date at all is a warning); a configured severity always wins. */
	if (configured == OVP_SEV_OFF) {
		f->severity = OVP_SEV_OFF;
		return;
	}
	if (configured != standard || f->severity == OVP_SEV_OFF)
		f->severity = configured;
	f->suppressed = e->o.baseline != NULL && ovp_baseline_contains(e->o.baseline, f->fingerprint);
}

/*
 * settle() a finding, its fingerprint already made, and unless its rule
 * is off count it and hand it on.  Settling twice gives the same.
 */
static int
emit_printed(ovp_engine *e, ovp_finding *f, ovp_error *err)
{
	settle(e, f);
	if (f->severity == OVP_SEV_OFF)
		return 0;
	e->sum.findings++;
	if (f->suppressed) {
		e->sum.suppressed++;
	} else {
		e->sum.by_severity[f->severity]++;
		e->sum.by_rule[f->rule]++;
		if (f->severity > e->sum.worst)
			e->sum.worst = f->severity;
		if (f->severity == OVP_SEV_ERROR && f->deal != NULL)
			e->deal_has_error = true;
		if (f->deal != NULL)
			e->deal_sev[f->severity]++;
	}
	if (e->o.collect_fingerprints && remember_print(e, f->fingerprint) < 0)
		return ovp_error_set(err, OVP_ENOMEM, NULL, 0, "out of memory");
	f->sheet = sheet_of(e, f->file);
	return e->o.sink->ops->finding(e->o.sink, f, err);
}

/* emit_printed() for a finding of its own, its fingerprint made here (when its rule is on). */
int
ovp_engine_emit(ovp_engine *e, ovp_finding *f, ovp_error *err)
{
	if (e->cfg->severity[f->rule] == OVP_SEV_OFF)
		return 0;
	ovp_finding_fingerprint_seeded(f, &e->seeds[f->rule], feature_norm(f->promise, f->match),
	                               title_norm(e, f->item));
	return emit_printed(e, f, err);
}

/* The facts of item it as a run starts with them: nothing counted yet. */
static item_facts
facts_of(const ovp_item *it)
{
	item_facts f;

	memset(&f, 0, sizeof f);
	f.planned = ovp_window_is_set(it->planned) ? it->planned.end : OVP_DAY_NONE;
	f.baseline = ovp_window_is_set(it->baseline) ? it->baseline.end : OVP_DAY_NONE;
	f.cls = (unsigned char)it->cls;
	f.plan = (unsigned char)ovp_item_plan_state(it);
	f.flags = (unsigned char)((it->prototype ? FACT_PROTOTYPE : 0) |
	                          (it->confidence >= 0.0 && it->confidence < 0.5 ? FACT_LOW_CONFIDENCE
	                                                                         : 0) |
	                          (it->id[0] == '\0' ? FACT_NO_ID : 0));
	return f;
}

/* Bytes for the facts of n items: whole cache lines, as aligned_alloc() wants. */
static size_t
facts_size(size_t n)
{
	size_t bytes = (n ? n : 1) * sizeof(item_facts);

	return (bytes + 63) / 64 * 64;
}

/* The facts of item it: the engine's, or made in *own for an item not of the roadmap. */
static item_facts *
facts_for(ovp_engine *e, const ovp_item *it, item_facts *own)
{
	size_t idx = (size_t)(it - e->o.roadmap->items);

	if (idx < e->o.roadmap->nitems)
		return &e->facts[idx];
	*own = facts_of(it);
	return own;
}

/*
 * The engine's own facts of the roadmap's items and the capacity model:
 * built beside the planner, on a second thread where there is one, since
 * neither reads the other.  Writes only e->facts and e->capacity; rc is
 * 0 or OVP_ENOMEM.
 */
typedef struct side_build {
	ovp_engine *e;
	int rc;
} side_build;

static void *
build_side(void *arg)
{
	side_build *sb = arg;
	ovp_engine *e = sb->e;
	const ovp_roadmap *rm = e->o.roadmap;

	for (size_t i = 0; i < rm->nitems; i++)
		e->facts[i] = facts_of(&rm->items[i]);
	sb->rc = rule_on(e, OVP_RULE_OVERCOMMITTED) &&
	                 ovp_capacity_new(&e->capacity, rm, e->cfg, e->o.as_of) < 0
	         ? OVP_ENOMEM
	         : 0;
	return NULL;
}

static void make_suggest_end(ovp_engine *e);

int
ovp_engine_new(ovp_engine **out, const ovp_engine_options *opts, ovp_error *err)
{
	ovp_engine *e = calloc(1, sizeof *e);
	const ovp_roadmap *rm = opts->roadmap;
	side_build side;
	pthread_t helper;
	bool helping;
	int rc;

	*out = NULL;
	if (e == NULL)
		return ovp_error_set(err, OVP_ENOMEM, NULL, 0, "out of memory");
	e->o = *opts;
	ovp_config_init(&e->defaults);
	e->cfg = opts->config != NULL ? opts->config : &e->defaults;
	e->sum.roadmap_items = rm->nitems;
	snprintf(e->sum.total_currency, sizeof e->sum.total_currency, "%s", e->cfg->fx.currency);
	e->sum.has_total = e->cfg->fx.currency[0] != '\0';
	e->facts = aligned_alloc(64, facts_size(rm->nitems));
	e->conc = calloc(rm->nitems ? rm->nitems : 1, sizeof *e->conc);
	e->labels = calloc(rm->nitems ? rm->nitems : 1, sizeof *e->labels);
	e->planned = calloc(rm->nitems ? rm->nitems : 1, sizeof *e->planned);
	e->title_norms = calloc(rm->nitems ? rm->nitems : 1, sizeof *e->title_norms);
	e->suggested = malloc((rm->nitems ? rm->nitems : 1) * sizeof *e->suggested);
	if (e->suggested != NULL)
		for (size_t i = 0; i < rm->nitems; i++)
			e->suggested[i] = SUGGESTED_UNKNOWN;
	if (e->facts == NULL || e->conc == NULL || e->labels == NULL || e->planned == NULL ||
	    e->title_norms == NULL || e->suggested == NULL) {
		ovp_engine_free(e);
		return ovp_error_set(err, OVP_ENOMEM, NULL, 0, "out of memory");
	}
	for (int r = 0; r < OVP_RULE_COUNT; r++) {
		ovp_fingerprint_seed_of((ovp_rule_id)r, &e->seeds[r]);
		e->standard[r] = ovp_rule_get((ovp_rule_id)r)->severity;
	}
	make_suggest_end(e);
	for (size_t k = 0; k < rm->nfiles; k++)
		e->roadmap_sheets = e->roadmap_sheets || rm->files[k].sheet != NULL;
	for (size_t i = 0; i < DAY_SLOTS; i++)
		e->days[i].day = OVP_DAY_NONE;
	side.e = e;
	helping = opts->threads >= 2 && pthread_create(&helper, NULL, build_side, &side) == 0;
	rc = ovp_planner_new_on(&e->planner, rm, e->cfg, opts->as_of, opts->threads, err);
	if (helping)
		pthread_join(helper, NULL);
	else
		build_side(&side);
	/* The planner's error first, as when the two were built one after the other. */
	if (rc == 0 && side.rc < 0)
		rc = ovp_error_set(err, OVP_ENOMEM, NULL, 0, "out of memory");
	if (rc == 0 && ovp_owners_new(&e->owners) < 0)
		rc = ovp_error_set(err, OVP_ENOMEM, NULL, 0, "out of memory");
	if (rc < 0) {
		ovp_engine_free(e);
		return rc;
	}
	*out = e;
	return 0;
}

/* The roadmap's own findings, file by file: the note on baselines, then its problems. */
int
ovp_engine_begin(ovp_engine *e, const ovp_report_meta *meta, ovp_error *err)
{
	const ovp_roadmap *rm = e->o.roadmap;
	size_t i = 0, nfiles = rm->nfiles > 0 ? rm->nfiles : 1;
	int rc;

	e->meta = meta;
	e->verdicts = e->o.sink->ops->verdict != NULL && meta != NULL &&
	              (meta->verbose || (meta->command != NULL && strcmp(meta->command, "deal") == 0));
	rc = ovp_sink_begin(e->o.sink, meta, err);
	if (rc < 0)
		return rc;
	for (size_t k = 0; k < nfiles; k++) {
		rc = ovp_rules_baseline_note(e, k, err);
		/* Problems come by file: those of file k, or all of a roadmap of no files. */
		for (; rc == 0 && i < rm->nproblems &&
		       (rm->nfiles == 0 || k + 1 == nfiles || rm->problems[i].file == rm->files[k].path);
		     i++)
			rc = ovp_rules_problem(e, &rm->problems[i], NULL, err);
		if (rc < 0)
			return rc;
	}
	return 0;
}

int
ovp_engine_problems(ovp_engine *e, const ovp_problem *p, size_t n, ovp_error *err)
{
	for (size_t i = 0; i < n; i++) {
		int rc = ovp_rules_problem(e, &p[i], NULL, err);

		if (rc < 0)
			return rc;
	}
	return 0;
}

/*
 * ovp_forecast_earliest() at the run's as-of day and confidence for an
 * open item planned for planned on history h: it depends on nothing
 * else, so items planned for the same day share the bisection.  The
 * answers are kept in an open-addressed table; a key that finds no room
 * within a few slots of its own takes its own slot over.
 */
static ovp_day
earliest_day(ovp_engine *e, const ovp_history *h, ovp_day planned)
{
	uint64_t key = ((uint64_t)(uintptr_t)h ^ (uint32_t)planned) * UINT64_C(0x9E3779B97F4A7C15);
	size_t home = (size_t)(key >> 40) & (EARLIEST_SLOTS - 1);
	struct earliest_slot *slot = NULL;

	for (size_t k = 0; k < 8; k++) {
		struct earliest_slot *s = &e->earliest[(home + k) & (EARLIEST_SLOTS - 1)];

		if (s->h == h && s->planned == planned && h != NULL)
			return s->earliest;
		if (s->h == NULL) {
			slot = s;
			break;
		}
	}
	if (slot == NULL)
		slot = &e->earliest[home];
	slot->earliest = ovp_forecast_earliest(h, planned, e->o.as_of, e->cfg->confidence);
	slot->h = h;
	slot->planned = planned;
	return slot->earliest;
}

/*
 * The day item it can honestly be promised for at the configured
 * confidence: what `when` answers for it (ovp_planner_when_item(), the
 * call ovp_planner_when() makes), worked out once per item of the
 * roadmap; the as-of day for a shipped item, OVP_DAY_NONE when the slip
 * model gives no day.  For an item with a planned date that answer is
 * ovp_forecast_earliest() of its history and planned day, shared by the
 * items planned for the same day.
 */
static ovp_day
suggested_day(ovp_engine *e, const ovp_item *it)
{
	size_t idx = (size_t)(it - e->o.roadmap->items);
	ovp_when w;
	ovp_day d;

	if (idx < e->o.roadmap->nitems && e->suggested[idx] != SUGGESTED_UNKNOWN)
		return e->suggested[idx];
	if (ovp_item_plan_state(it) == OVP_PLAN_DATED) {
		d = earliest_day(e, ovp_planner_history(e->planner, it), it->planned.end);
	} else {
		ovp_planner_when_item(e->planner, it, e->cfg->confidence, OVP_DAY_NONE, &w);
		d = w.kind == OVP_WHEN_DATE || w.kind == OVP_WHEN_SHIPPED ? w.earliest : OVP_DAY_NONE;
	}
	if (idx < e->o.roadmap->nitems)
		e->suggested[idx] = d;
	return d;
}

/* Write the end of a suggestion, " or later (85%)", to m. */
static void
put_suggest_end(const ovp_engine *e, ovp_message *m)
{
	OVP_MESSAGE_LIT(m, " or later (");
	ovp_message_fixed(m, e->cfg->confidence * 100.0, 0);
	OVP_MESSAGE_LIT(m, "%)");
}

/* Make e->suggest_end, written once instead of for every suggestion. */
static void
make_suggest_end(ovp_engine *e)
{
	ovp_message m;

	ovp_message_start(&m, e->suggest_end, sizeof e->suggest_end, 0);
	put_suggest_end(e, &m);
	/* A text that filled the buffer may have been cut: none is kept then. */
	e->suggest_end_len = m.len < sizeof e->suggest_end - 1 ? ovp_message_end(&m) : 0;
}

void
ovp_engine_suggest(ovp_engine *e, pending *q, ovp_message *m, const ovp_item *it)
{
	char day[OVP_DATE_ISO_SIZE];

	q->f.has_suggested = true;
	q->f.confidence = e->cfg->confidence;
	q->f.suggested_date = suggested_day(e, it);
	if (q->f.suggested_date != OVP_DAY_NONE) {
		OVP_MESSAGE_LIT(m, "; promise ");
		ovp_message_str(m, ovp_engine_day(e, q->f.suggested_date, day));
		if (e->suggest_end_len > 0)
			ovp_message_put(m, e->suggest_end, e->suggest_end_len);
		else
			put_suggest_end(e, m);
	}
	ovp_message_end(m);
}

/*
 * What item it says of promise p, for an ok or filtered verdict:
 * shipped (when), planned (how long before or after the due date, and
 * the chance of missing it), cancelled or unscheduled; or, without an
 * item, how it matched.
 */
static void
verdict_message(ovp_engine *e, const ovp_promise *p, const ovp_match *m, const ovp_item *it,
                char *buf, size_t cap)
{
	char d1[OVP_DATE_ISO_SIZE], pct[16];
	const char *name;
	item_facts own, *fa;

	if (it == NULL) {
		snprintf(buf, cap, "%s", m->kind == OVP_MATCH_AMBIGUOUS     ? "matches several roadmap items"
		                         : m->kind == OVP_MATCH_UNCONFIRMED ? "not clearly on the roadmap"
		                                                            : "not on the roadmap");
		return;
	}
	name = it->id[0] != '\0' ? it->id : it->title;
	fa = facts_for(e, it, &own);
	if (fa->plan == OVP_PLAN_SHIPPED) {
		if (ovp_window_is_set(it->shipped))
			ovp_message_format(buf, cap, "%s shipped on %s", name,
			                   ovp_engine_day(e, it->shipped.end, d1));
		else
			ovp_message_format(buf, cap, "%s has shipped (%s)", name, it->status);
	} else if (fa->plan == OVP_PLAN_CANCELLED) {
		if (it->resolution != NULL && it->resolution[0] != '\0')
			ovp_message_format(buf, cap, "%s is cancelled (%s, resolved %s)", name, it->status,
			                   it->resolution);
		else
			ovp_message_format(buf, cap, "%s is cancelled (%s)", name, it->status);
	} else if (fa->plan != OVP_PLAN_DATED) {
		ovp_message_format(buf, cap, "%s has no planned date (%s)", name, it->status);
	} else if (p->due_source == OVP_DUE_NONE || !ovp_window_is_set(p->due)) {
		ovp_message_format(buf, cap, "%s planned %s", name, ovp_engine_day(e, fa->planned, d1));
	} else if (p->due.end < fa->planned) {
		long late = (long)fa->planned - p->due.end;

		ovp_message_format(buf, cap, "%s planned %s, %ld day%s after it is due", name,
		                   ovp_engine_day(e, fa->planned, d1), late, late == 1 ? "" : "s");
	} else {
		long slack = (long)p->due.end - fa->planned;
		ovp_forecast fc = ovp_forecast_miss(ovp_planner_history(e->planner, it), fa->planned,
		                                    p->due.end, e->o.as_of);

		ovp_percent_text(fc.p_late, pct, sizeof pct);
		if (slack == 0)
			ovp_message_format(buf, cap, "%s planned %s, the day it is due; %s chance of "
			                             "missing it",
			                   name, ovp_engine_day(e, fa->planned, d1), pct);
		else
			ovp_message_format(buf, cap, "%s planned %s, %ld day%s before it is due; %s chance "
			                             "of missing it",
			                   name, ovp_engine_day(e, fa->planned, d1), slack,
			                   slack == 1 ? "" : "s", pct);
	}
}

/*
 * Hand the sink the verdict on promise p (number of its deal), whose n
 * findings (settled) are in order: error or warning by the worst that is
 * reported, filtered when its warnings and errors were all left out, else
 * ok with what its item says.
 */
static int
give_verdict(ovp_engine *e, const ovp_deal *d, const ovp_promise *p, size_t number,
             const ovp_match *m, const ovp_item *it, ovp_finding *const *order, size_t n,
             const char *file, ovp_error *err)
{
	ovp_verdict v;
	char msg[MESSAGE_MAX];
	bool left_out = e->promise_filtered;

	memset(&v, 0, sizeof v);
	v.kind = OVP_VERDICT_OK;
	v.number = number;
	v.file = file;
	v.line = p->line;
	v.match = m;
	v.item = it;
	v.suggested_date = it != NULL ? suggested_day(e, it) : OVP_DAY_NONE;
	for (size_t i = 0; i < n; i++) {
		const ovp_finding *f = order[i];

		if (f->severity == OVP_SEV_OFF)
			continue;
		v.rules |= 1ul << f->rule;
		if (f->severity < OVP_SEV_WARNING)
			continue;
		if (f->suppressed)
			left_out = true;
		else if (f->severity == OVP_SEV_ERROR)
			v.kind = OVP_VERDICT_ERROR;
		else if (v.kind == OVP_VERDICT_OK)
			v.kind = OVP_VERDICT_WARNING;
	}
	if (v.kind == OVP_VERDICT_OK && left_out)
		v.kind = OVP_VERDICT_FILTERED;
	msg[0] = '\0';
	if (v.kind == OVP_VERDICT_OK || v.kind == OVP_VERDICT_FILTERED)
		verdict_message(e, p, m, it, msg, sizeof msg);
	v.message = msg;
	return e->o.sink->ops->verdict(e->o.sink, d, p, &v, err);
}

/*
 * Check promise p, number number of deal d; given: its match when already
 * made, else NULL.
 */
static int
check_promise(ovp_engine *e, const ovp_deal *d, const ovp_promise *p, size_t number,
              const ovp_match *given, const char *file, bool *open_work, ovp_error *err)
{
	pending out[PROMISE_FINDINGS_MAX];
	ovp_finding *order[PROMISE_FINDINGS_MAX];
	size_t n = 0, feature_len = strlen(p->feature);
	ovp_error why;
	const ovp_match *m = given != NULL ? given
	                                   : ovp_planner_match(e->planner, p->feature, feature_len,
	                                                       &why);
	const ovp_item *it;
	item_facts *fa, own;
	int rc;

	if (m == NULL)
		return ovp_error_set(err, why.code, file, p->line, "cannot match \"%.80s\": %s",
		                     p->feature, why.message);
	if (e->meta != NULL && e->meta->verbose && e->o.sink->ops->explain != NULL) {
		rc = e->o.sink->ops->explain(e->o.sink, d, p, m, err);
		if (rc < 0)
			return rc;
	}
	if (e->o.sink->ops->promise != NULL) {
		rc = e->o.sink->ops->promise(e->o.sink, d, p, m, err);
		if (rc < 0)
			return rc;
	}
	e->promise_filtered = false;
	it = m->kind == OVP_MATCH_AMBIGUOUS ? NULL : m->item;
	if (m->kind == OVP_MATCH_NONE || it == NULL) {
		ovp_rules_unmatched(e, p, feature_len, m, file, out, &n);
		*open_work = true;
	} else {
		fa = facts_for(e, it, &own);
		ovp_rules_item(e, p, feature_len, m, it, fa, file, out, &n);
		if (fa->plan != OVP_PLAN_SHIPPED) {
			*open_work = true;
			ovp_rules_portfolio_promise(e, d, p, it, fa);
		}
		for (size_t i = 0; i < n; i++) {
			out[i].f.item = it;
			out[i].f.match = m;
			out[i].f.has_similarity = true;
			out[i].f.similarity = m->similarity;
		}
	}
	if (n == 0)
		return e->verdicts ? give_verdict(e, d, p, number, m,
		                                  m->kind == OVP_MATCH_NONE ||
		                                          m->kind == OVP_MATCH_UNCONFIRMED
		                                      ? NULL
		                                      : it,
		                                  order, 0, file, err)
		                   : 0;
	/* In rule order; the findings (each with its message) stay where they are. */
	for (size_t i = 0; i < n; i++) {
		size_t j = i;

		while (j > 0 && order[j - 1]->rule > out[i].f.rule) {
			order[j] = order[j - 1];
			j--;
		}
		order[j] = &out[i].f;
		out[i].f.deal = d;
		out[i].f.promise = p;
		out[i].f.message = out[i].msg;
	}
	/* Every one of them is of a rule that is on, about this deal, promise and item. */
	ovp_finding_fingerprints_seeded(order, n, e->seeds, feature_norm(p, m),
	                                title_norm(e, out[0].f.item));
	if (e->verdicts) {
		for (size_t i = 0; i < n; i++)
			settle(e, order[i]);
		rc = give_verdict(e, d, p, number, m,
		                  m->kind == OVP_MATCH_NONE || m->kind == OVP_MATCH_UNCONFIRMED ? NULL
		                                                                                 : it,
		                  order, n, file, err);
		if (rc < 0)
			return rc;
	}
	for (size_t i = 0; i < n; i++) {
		rc = emit_printed(e, order[i], err);
		if (rc < 0)
			return rc;
	}
	return 0;
}

/*
 * The amount of deal d is in a currency without a rate into the
 * reporting currency: an OVP201 warning at the first deal that has it
 * (the total value at risk is then not given, see ovp_engine_deal()).
 */
static int
rate_check(ovp_engine *e, const ovp_deal *d, const char *file, ovp_error *err)
{
	const ovp_fx *fx = &e->cfg->fx;
	const char *cur = d->currency != NULL ? d->currency : "";
	char msg[256];
	double ignored;
	ovp_problem p;
	size_t i;

	if (fx->currency[0] == '\0' || ovp_fx_convert(fx, cur, 0.0, &ignored))
		return 0;
	for (i = 0; i < e->nno_rate; i++)
		if (strcmp(e->no_rate[i], cur) == 0)
			return 0;
	if (e->nno_rate == NO_RATE_MAX)
		return 0;
	snprintf(e->no_rate[e->nno_rate++], OVP_CURRENCY_SIZE, "%s", cur);
	snprintf(msg, sizeof msg,
	         "no exchange rate from %s to %s, so the total value at risk is not given; add "
	         "--fx %s=RATE (what one %s is worth in %s), or %s = RATE under [fx] in the "
	         "configuration",
	         cur, fx->currency, cur, cur, fx->currency, cur);
	p = (ovp_problem){d->line, file, "", cur, msg};
	return ovp_rules_problem(e, &p, d, err);
}

/* The index in the roadmap of the item m rests on, or SIZE_MAX when none. */
static size_t
matched_index(const ovp_engine *e, const ovp_match *m)
{
	const ovp_roadmap *rm = e->o.roadmap;
	const ovp_item *it = m->item;

	if (it == NULL || it < rm->items || it >= rm->items + rm->nitems)
		return SIZE_MAX;
	return (size_t)(it - rm->items);
}

/*
 * Ask for what the rules read of the items a deal's promises matched to
 * be brought into the cache: their facts, record, label, planned date,
 * suggested day and capacity tallies sit wherever in the roadmap's arrays, and each would otherwise
 * be a wait on memory, one after the other, for every promise of a large
 * export.  Asked for all at once, the waits overlap.
 */
void
ovp_engine_prefetch(const ovp_engine *e, const ovp_match *matches, size_t n)
{
#if defined(__GNUC__)
	for (size_t i = 0; i < n; i++) {
		size_t idx = matched_index(e, &matches[i]);

		if (idx == SIZE_MAX)
			continue;
		__builtin_prefetch(&e->facts[idx], 1);
		__builtin_prefetch(&e->labels[idx]);
		__builtin_prefetch(&e->planned[idx]);
		__builtin_prefetch(&e->suggested[idx], 1);
		for (size_t off = 0; off < sizeof *matches[i].item; off += 64)
			__builtin_prefetch((const char *)matches[i].item + off);
		if (e->capacity != NULL)
			ovp_capacity_prefetch(e->capacity, idx);
	}
#else
	(void)e;
	(void)matches;
	(void)n;
#endif
}

/*
 * The same for the texts of those items that the findings' messages,
 * fingerprints and report copy (label, planned date, id, title, status),
 * once their records are in, and for the normalised features the
 * fingerprints hash: the rules of the first promise then work while they
 * come.
 */
static void
prefetch_texts(const ovp_engine *e, const ovp_match *matches, size_t n)
{
#if defined(__GNUC__)
	for (size_t i = 0; i < n; i++) {
		size_t idx = matched_index(e, &matches[i]);
		const ovp_item *it = matches[i].item;

		if (matches[i].feature_norm != NULL)
			__builtin_prefetch(matches[i].feature_norm);
		if (idx == SIZE_MAX)
			continue;
		if (e->labels[idx].s != NULL)
			__builtin_prefetch(e->labels[idx].s);
		if (e->planned[idx].s != NULL)
			__builtin_prefetch(e->planned[idx].s);
		__builtin_prefetch(it->id);
		__builtin_prefetch(it->title);
		__builtin_prefetch(it->status);
	}
#else
	(void)e;
	(void)matches;
	(void)n;
#endif
}

int
ovp_engine_deal(ovp_engine *e, const ovp_deal *d, ovp_error *err)
{
	return ovp_engine_deal_matched(e, d, NULL, err);
}

int
ovp_engine_deal_matched(ovp_engine *e, const ovp_deal *d, const ovp_match *matches,
                        ovp_error *err)
{
	const char *file = e->meta != NULL && e->meta->deals_path != NULL ? e->meta->deals_path
	                                                                    : "<deal>";
	bool open_work = false;
	ovp_owner_deal tally = {0};
	int rc;

	if (d->lost) {
		e->sum.skipped++;
		return 0;
	}
	e->sum.deals++;
	e->sum.promises += d->npromises;
	e->generation++;
	e->deal_has_error = false;
	memset(e->deal_sev, 0, sizeof e->deal_sev);
	if (e->o.sink->ops->deal != NULL) {
		rc = e->o.sink->ops->deal(e->o.sink, d, err);
		if (rc < 0)
			return rc;
	}
	for (size_t i = 0; i < d->nproblems; i++) {
		rc = ovp_rules_problem(e, &d->problems[i], d, err);
		if (rc < 0)
			return rc;
	}
	if (d->has_amount) {
		e->sum.amounts = true;
		rc = rate_check(e, d, file, err);
		if (rc < 0)
			return rc;
	}
	e->deal_currency = currency_key_of(d->currency);
	ovp_rules_portfolio_deal(e, d);
	if (matches != NULL)
		prefetch_texts(e, matches, d->npromises);
	for (size_t i = 0; i < d->npromises; i++) {
		rc = check_promise(e, d, &d->promises[i], i + 1, matches != NULL ? &matches[i] : NULL,
		                   file, &open_work, err);
		if (rc < 0)
			return rc;
	}
	rc = ovp_rules_deal(e, d, open_work, file, err);
	if (rc < 0)
		return rc;
	tally.by_severity = e->deal_sev;
	tally.at_risk = e->deal_has_error;
	tally.needs_sign_off = open_work;
	if (e->deal_has_error && d->has_amount) {
		(void)ovp_engine_money_add(e->sum.value_at_risk, &e->sum.ncurrencies,
		                           OVP_SUMMARY_MAX_CURRENCIES, d->currency, &e->deal_currency,
		                           d->amount);
		if (ovp_fx_convert(&e->cfg->fx, d->currency, d->amount, &tally.converted)) {
			tally.has_converted = true;
			e->sum.value_at_risk_total += tally.converted;
		} else if (e->cfg->fx.currency[0] != '\0') {
			tally.unconverted = true;
			e->sum.has_total = false;
		}
	}
	rc = ovp_rules_portfolio_deal_end(e, err);
	if (rc < 0)
		return rc;
	if (ovp_owners_add(e->owners, d, &tally) < 0)
		return ovp_error_set(err, OVP_ENOMEM, NULL, 0, "out of memory");
	return 0;
}

int
ovp_engine_finish(ovp_engine *e, ovp_summary *sum, ovp_error *err)
{
	int rc = ovp_rules_portfolio(e, err);

	if (rc < 0)
		return rc;
	if (ovp_owners_sort(e->owners, e->sum.value_at_risk, e->sum.ncurrencies) < 0)
		return ovp_error_set(err, OVP_ENOMEM, NULL, 0, "out of memory");
	e->sum.owners = ovp_owners_list(e->owners, &e->sum.nowners, &e->sum.owners_omitted_deals);
	rc = e->o.sink->ops->end(e->o.sink, &e->sum, err);
	if (rc < 0)
		return rc;
	if (sum != NULL)
		*sum = e->sum;
	return 0;
}

const ovp_owner_summary *
ovp_engine_owners(const ovp_engine *e, size_t *n, unsigned long *omitted_deals)
{
	return ovp_owners_list(e->owners, n, omitted_deals);
}

int
ovp_engine_write_baseline(const ovp_engine *e, const char *path, ovp_error *err)
{
	return ovp_baseline_write(path, (const char(*)[OVP_FINGERPRINT_SIZE])e->prints, e->nprints,
	                          err);
}

void
ovp_engine_free(ovp_engine *e)
{
	if (e == NULL)
		return;
	ovp_planner_free(e->planner);
	ovp_capacity_free(e->capacity);
	ovp_owners_free(e->owners);
	if (e->conc != NULL)
		for (size_t i = 0; i < e->o.roadmap->nitems; i++)
			free(e->conc[i].e);
	free(e->conc);
	free(e->facts);
	free(e->labels);
	free(e->planned);
	free(e->title_norms);
	free(e->suggested);
	ovp_arena_free(&e->strings);
	free(e->prints);
	ovp_config_free(&e->defaults);
	free(e);
}
