/*
 * The check engine (see check.h): applies the rules of SPEC 4 to each
 * deal as it streams by and hands the findings to the report sink in the
 * order of SPEC 7: the roadmap's data-quality findings first, then per
 * deal its row problems, its promises (each in rule order) and the
 * deal-level sign-off finding, and the portfolio findings last
 * (OVP015 per team, then OVP101 per item).
 *
 * Memory grows with the roadmap (per-item facts, concentration totals
 * and labels) and the distinct promise texts (the matcher's cache, and
 * the normalised features the fingerprints hash), never with the number
 * of deals; fingerprints are kept for a baseline only when asked.
 *
 * A large export raises millions of findings, so the engine makes
 * nothing a finding of a switched-off rule would need, words messages
 * with its own formatter (finding.c), and keeps what repeats: labels per
 * item, the text of recent days, the fingerprint hash of each rule code.
 */
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <overpromise/check.h>
#include <overpromise/histories.h>
#include <overpromise/text.h>
#include <overpromise/when.h>

#include "capacity.h"
#include "finding_impl.h"
#include "owners.h"
#include "util/arena.h"
#include "util/str.h"

enum {
	MESSAGE_MAX = 768,
	/* Findings one promise can raise (every rule at most once). */
	PROMISE_FINDINGS_MAX = OVP_RULE_COUNT,
	/* "PRJ-1 \"Title\"" as messages name an item. */
	LABEL_MAX = 512,
	/* "Q1 2027 (to 2027-03-31)" as messages give a planned date. */
	PLANNED_MAX = 160,
	/* An item as a message names it among others, cut shorter than LABEL_MAX. */
	OTHER_LABEL_MAX = 256
};

/* Days whose text messages keep: more than two years without two sharing a slot. */
#define DAY_SLOTS 1024

/* A suggested day not worked out yet. */
#define SUGGESTED_UNKNOWN ((ovp_day)INT32_MAX)

/* Currencies without a rate that are told apart; past this many, no more are reported. */
#define NO_RATE_MAX 64

/* Normalised features remembered for fingerprints; past this many they are recomputed. */
#define NORMS_MAX ((size_t)1 << 24)

/*
 * A currency as a key of 8 bytes, NUL-padded, so that finding it in a
 * list is one comparison instead of a strcmp.  Lists store currencies
 * as snprintf cuts them into 8 bytes; a currency of more than 7 bytes
 * (never an ISO code) has no key and matches no stored one.
 */
typedef struct currency_key {
	char code[8];
	bool valid;
} currency_key;

/* Promised value hanging on one item, in one currency. */
typedef struct conc_entry {
	char currency[8];
	double amount;
	size_t ndeals;
} conc_entry;

typedef struct conc_list {
	conc_entry *e;
	size_t n;
} conc_list;

/* Currencies whose concentration totals an item keeps in its facts; the rest go to a list. */
#define FACTS_CONC 2

/*
 * What the engine reads of an item for every promise on it, packed in
 * one cache line: the rules would otherwise start with cache misses on
 * the item's large record (and its strings), on its concentration list
 * and on that list's entries, for every promise of a large export.  The
 * record itself is read only to word a finding.
 */
typedef struct item_facts {
	ovp_day planned;           /* end of the planned window, OVP_DAY_NONE when none */
	ovp_day baseline;          /* end of the baseline window, OVP_DAY_NONE when none */
	unsigned seen;             /* deal generation that last counted it for OVP101 */
	unsigned char cls;         /* ovp_status_class */
	unsigned char flags;       /* FACT_* */
	unsigned char nconc;       /* entries used in conc */
	conc_entry conc[FACTS_CONC]; /* OVP101 totals of its first currencies, in order */
} item_facts;

enum {
	FACT_LATER = 1,            /* planned for Later */
	FACT_PROTOTYPE = 2,        /* not a product yet */
	FACT_LOW_CONFIDENCE = 4,   /* delivery confidence known and below 0.5 */
	FACT_NO_PLAN_COLUMN = 8    /* its file has no planned dates: the rules needing one do not apply */
};

/* A finding being built, with room for its message. */
typedef struct pending {
	ovp_finding f;
	char msg[MESSAGE_MAX];
} pending;

struct ovp_engine {
	ovp_engine_options o;
	ovp_config defaults;       /* used when o.config is NULL */
	const ovp_config *cfg;
	ovp_matcher *matcher;
	ovp_histories histories;   /* one, or one per roadmap file */
	ovp_capacity *capacity;    /* OVP015's tally, NULL when the rule is off */
	ovp_owners *owners;        /* per-owner tallies, NULL unless asked for */
	unsigned long deal_sev[OVP_SEV_ERROR + 1]; /* the current deal's unsuppressed findings */
	ovp_summary sum;
	const ovp_report_meta *meta;
	item_facts *facts;         /* per item, aligned to cache lines */
	conc_list *conc;           /* per item: OVP101 totals past its first FACTS_CONC currencies */
	ovp_money totals[OVP_SUMMARY_MAX_CURRENCIES]; /* promised value of all deals */
	size_t ntotals;
	unsigned generation;
	currency_key deal_currency; /* of the deal being checked */
	ovp_fingerprint_seed seeds[OVP_RULE_COUNT]; /* per rule */
	/* Recent days as messages write them: due and planned dates fall on
	 * a few thousand days, formatted for nearly every finding. */
	struct day_slot {
		ovp_day day;       /* OVP_DAY_NONE when empty */
		char text[OVP_DATE_ISO_SIZE];
	} days[DAY_SLOTS];
	bool deal_has_error;       /* the current deal has an unsuppressed error */
	bool verdicts;             /* the sink takes a verdict on every promise */
	bool promise_filtered;     /* a warning or error of the current promise's is switched off */
	/* Currencies found without a rate into the reporting currency, reported once each. */
	char no_rate[NO_RATE_MAX][OVP_CURRENCY_SIZE];
	size_t nno_rate;
	char (*prints)[OVP_FINGERPRINT_SIZE];
	size_t nprints, cprints;
	/* Per item, made when first needed: its label, planned date, normalised title. */
	const char **labels;
	const char **planned;
	const char **title_norms;
	/* Per item, made when first needed: the day `when` gives it (SUGGESTED_UNKNOWN until then). */
	ovp_day *suggested;
	/* The normalised feature of each distinct promise text, keyed by the
	 * matcher's result for it (one result per distinct text). */
	struct norm_slot {
		const ovp_match *match;
		const char *norm;
	} *norms;
	size_t norms_mask, nnorms;
	ovp_arena strings;         /* labels and normalised texts */
};

/* PRJ-1 "Single sign-on", or the one of the two the item has. */
static void
item_label(const ovp_item *it, char *buf, size_t cap)
{
	if (it->id[0] != '\0' && it->title[0] != '\0')
		ovp_message_format(buf, cap, "%s \"%s\"", it->id, it->title);
	else if (it->id[0] != '\0')
		ovp_message_format(buf, cap, "%s", it->id);
	else
		ovp_message_format(buf, cap, "\"%s\"", it->title);
}

/* "Q1 2027 (to 2027-03-31)", or just the day when that is what was written. */
static void
planned_label(const ovp_item *it, char *buf, size_t cap)
{
	char day[OVP_DATE_ISO_SIZE];

	ovp_day_format(it->planned.end, day);
	if (it->planned.period == OVP_PERIOD_DAY || it->planned_text == NULL ||
	    it->planned_text[0] == '\0' || strcmp(it->planned_text, day) == 0)
		ovp_message_format(buf, cap, "%s", day);
	else
		ovp_message_format(buf, cap, "%s (to %s)", it->planned_text, day);
}

/*
 * A text about item it that make() writes into buf (cap bytes), made
 * once per item and kept in cache[] (one slot per item): a large export
 * names the same items in millions of messages.  Falls back to buf when
 * memory is short or the item is not one of the roadmap's.
 */
static const char *
item_text(ovp_engine *e, const ovp_item *it, const char **cache,
          void (*make)(const ovp_item *, char *, size_t), char *buf, size_t cap)
{
	size_t idx = (size_t)(it - e->o.roadmap->items);
	char *copy;

	if (idx < e->o.roadmap->nitems && cache[idx] != NULL)
		return cache[idx];
	make(it, buf, cap);
	if (idx >= e->o.roadmap->nitems)
		return buf;
	copy = ovp_arena_strndup(&e->strings, buf, strlen(buf));
	if (copy == NULL)
		return buf;
	cache[idx] = copy;
	return copy;
}

/* The label of item it; buf holds LABEL_MAX bytes. */
static const char *
label_of(ovp_engine *e, const ovp_item *it, char *buf)
{
	return item_text(e, it, e->labels, item_label, buf, LABEL_MAX);
}

/* The planned date of item it as messages give it; buf holds PLANNED_MAX bytes. */
static const char *
planned_of(ovp_engine *e, const ovp_item *it, char *buf)
{
	return item_text(e, it, e->planned, planned_label, buf, PLANNED_MAX);
}

/* Day d as "YYYY-MM-DD" (ovp_day_format()) in out, formatted once while it stays in its slot. */
static char *
day_text(ovp_engine *e, ovp_day d, char out[OVP_DATE_ISO_SIZE])
{
	struct day_slot *slot = &e->days[(uint32_t)d % DAY_SLOTS];

	if (d == OVP_DAY_NONE)
		return ovp_day_format(d, out);
	if (slot->day != d) {
		ovp_day_format(d, slot->text);
		slot->day = d;
	}
	memcpy(out, slot->text, OVP_DATE_ISO_SIZE);
	return out;
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

static size_t
norm_slot_of(const ovp_match *m, size_t mask)
{
	uintptr_t k = (uintptr_t)m;

	return (size_t)((k >> 4) * UINT64_C(0x9E3779B97F4A7C15) >> 17) & mask;
}

/*
 * The normalised feature of promise p, whose text matched as m: made once
 * per distinct text and remembered, or NULL (the fingerprint then
 * normalises it itself) when there is no match or memory is short.
 */
static const char *
feature_norm(ovp_engine *e, const ovp_promise *p, const ovp_match *m)
{
	size_t i;
	const char *norm;

	if (m == NULL || p == NULL || p->feature == NULL)
		return NULL;
	if (e->norms != NULL) {
		for (i = norm_slot_of(m, e->norms_mask); e->norms[i].match != NULL;
		     i = (i + 1) & e->norms_mask)
			if (e->norms[i].match == m)
				return e->norms[i].norm;
	}
	if (e->nnorms >= NORMS_MAX)
		return NULL;
	if (e->norms == NULL || 2 * (e->nnorms + 1) > e->norms_mask + 1) {
		size_t size = e->norms != NULL ? 2 * (e->norms_mask + 1) : 1024;
		struct norm_slot *ns = calloc(size, sizeof *ns);

		if (ns == NULL)
			return NULL;
		for (size_t k = 0; e->norms != NULL && k <= e->norms_mask; k++) {
			if (e->norms[k].match == NULL)
				continue;
			for (i = norm_slot_of(e->norms[k].match, size - 1); ns[i].match != NULL;
			     i = (i + 1) & (size - 1))
				;
			ns[i] = e->norms[k];
		}
		free(e->norms);
		e->norms = ns;
		e->norms_mask = size - 1;
	}
	norm = keep_normalized(e, p->feature);
	if (norm == NULL)
		return NULL;
	for (i = norm_slot_of(m, e->norms_mask); e->norms[i].match != NULL;
	     i = (i + 1) & e->norms_mask)
		;
	e->norms[i].match = m;
	e->norms[i].norm = norm;
	e->nnorms++;
	return norm;
}

/* The normalised title of an item without an id (which its fingerprints hash), or NULL. */
static const char *
title_norm(ovp_engine *e, const ovp_item *it)
{
	size_t idx;

	if (it == NULL || it->id[0] != '\0' || it->title == NULL)
		return NULL;
	idx = (size_t)(it - e->o.roadmap->items);
	if (idx >= e->o.roadmap->nitems)
		return NULL;
	if (e->title_norms[idx] == NULL)
		e->title_norms[idx] = keep_normalized(e, it->title);
	return e->title_norms[idx];
}

static void set_message(pending *p, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 2, 3)))
#endif
	;

/* Format the message of finding p, as snprintf would into its buffer. */
static void
set_message(pending *p, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	ovp_message_vformat(p->msg, sizeof p->msg, fmt, ap);
	va_end(ap);
	p->f.message = p->msg;
}

static currency_key
currency_key_of(const char *currency)
{
	currency_key k;
	size_t n = strnlen(currency, sizeof k.code);

	memset(k.code, 0, sizeof k.code);
	k.valid = n < sizeof k.code;
	if (k.valid)
		memcpy(k.code, currency, n);
	return k;
}

/* Whether a stored currency (8 bytes as snprintf left them) is key's. */
static inline bool
currency_is(const char stored[8], const currency_key *key)
{
	return key->valid && memcmp(stored, key->code, sizeof key->code) == 0;
}

/* Store currency in 8 bytes: NUL-padded, or cut as snprintf cuts it. */
static void
currency_store(char stored[8], const char *currency, const currency_key *key)
{
	if (key->valid)
		memcpy(stored, key->code, sizeof key->code);
	else
		snprintf(stored, 8, "%s", currency);
}

/*
 * Add amount to currency's entry of arr (*n of cap used; their unused
 * bytes zero, as in a zeroed summary), or start one.
 */
static int
money_add(ovp_money *arr, size_t *n, size_t cap, const char *currency, const currency_key *key,
          double amount)
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
	for (size_t k = 0; rm != NULL && k < rm->nfiles; k++)
		if (rm->files[k].sheet != NULL && strcmp(file, rm->files[k].path) == 0)
			return rm->files[k].sheet;
	return NULL;
}

/*
 * Give a finding, its fingerprint already made, its configured severity
 * (OVP_SEV_OFF when its rule is off) and its baseline state.
 */
static void
settle(const ovp_engine *e, ovp_finding *f)
{
	ovp_severity configured = e->cfg->severity[f->rule];
	ovp_severity standard = ovp_rule_get(f->rule)->severity;

	/* A rule may raise its own finding above its default (OVP010 with no
	 * date at all is a warning); a configured severity always wins. */
	if (configured == OVP_SEV_OFF) {
		f->severity = OVP_SEV_OFF;
		return;
	}
	if (configured != standard || f->severity == OVP_SEV_OFF)
		f->severity = configured;
	f->suppressed = ovp_baseline_contains(e->o.baseline, f->fingerprint);
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
static int
emit(ovp_engine *e, ovp_finding *f, ovp_error *err)
{
	if (e->cfg->severity[f->rule] == OVP_SEV_OFF)
		return 0;
	ovp_finding_fingerprint_seeded(f, &e->seeds[f->rule], feature_norm(e, f->promise, f->match),
	                               title_norm(e, f->item));
	return emit_printed(e, f, err);
}

/*
 * Whether findings of rule reach the sink: a rule that the configuration
 * or --select / --ignore switched off is dropped by emit(), so nothing of
 * its finding (message, label, forecast) needs to be made at all.
 */
static inline bool
rule_on(const ovp_engine *e, ovp_rule_id rule)
{
	return e->cfg->severity[rule] != OVP_SEV_OFF;
}

static void
init_finding(ovp_finding *f, ovp_rule_id rule, const char *file, long line)
{
	memset(f, 0, sizeof *f);
	f->rule = rule;
	f->file = file;
	f->line = line;
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
	f.flags = (unsigned char)((it->later ? FACT_LATER : 0) | (it->prototype ? FACT_PROTOTYPE : 0) |
	                          (it->confidence >= 0.0 && it->confidence < 0.5 ? FACT_LOW_CONFIDENCE
	                                                                         : 0) |
	                          (it->no_planned_column ? FACT_NO_PLAN_COLUMN : 0));
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

int
ovp_engine_new(ovp_engine **out, const ovp_engine_options *opts, ovp_error *err)
{
	ovp_engine *e = calloc(1, sizeof *e);
	const ovp_roadmap *rm = opts->roadmap;
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
	for (size_t i = 0; i < rm->nitems; i++)
		e->facts[i] = facts_of(&rm->items[i]);
	for (int r = 0; r < OVP_RULE_COUNT; r++)
		ovp_fingerprint_seed_of((ovp_rule_id)r, &e->seeds[r]);
	for (size_t i = 0; i < DAY_SLOTS; i++)
		e->days[i].day = OVP_DAY_NONE;
	rc = ovp_matcher_new(&e->matcher, rm, e->cfg->aliases, e->cfg->naliases,
	                     e->cfg->min_similarity, e->cfg->unconfirmed_similarity, err);
	if (rc == 0 && ovp_histories_build(&e->histories, rm, opts->as_of, e->cfg->min_history,
	                                   e->cfg->forecast_per_file) < 0)
		rc = ovp_error_set(err, OVP_ENOMEM, NULL, 0, "out of memory");
	if (rc == 0 && rule_on(e, OVP_RULE_OVERCOMMITTED) &&
	    ovp_capacity_new(&e->capacity, rm, e->cfg, opts->as_of) < 0)
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

static int
problem_finding(ovp_engine *e, const ovp_problem *p, const ovp_deal *deal, ovp_error *err)
{
	pending pf;

	if (!rule_on(e, OVP_RULE_DATA_QUALITY))
		return 0;
	init_finding(&pf.f, OVP_RULE_DATA_QUALITY, p->file, p->line);
	pf.f.deal = deal;
	pf.f.problem = p;
	if (p->column[0] != '\0')
		set_message(&pf, "%s: %s", p->column, p->message);
	else
		set_message(&pf, "%s", p->message);
	return emit(e, &pf.f, err);
}

/*
 * The note that the roadmap (with per-file histories, its file k) gives
 * no baselines, at the header: a data-quality finding at note severity,
 * made only when the slip-risk rule it concerns runs.
 */
static int
baseline_note(ovp_engine *e, size_t k, ovp_error *err)
{
	ovp_note note;
	ovp_problem p;
	pending pf;

	if (!rule_on(e, OVP_RULE_SLIP_RISK) || !rule_on(e, OVP_RULE_DATA_QUALITY) ||
	    !ovp_forecast_baseline_note(e->o.roadmap, k, e->cfg->forecast_per_file, &note))
		return 0;
	p = (ovp_problem){note.line, note.file, "", "", note.message};
	init_finding(&pf.f, OVP_RULE_DATA_QUALITY, note.file, note.line);
	pf.f.severity = OVP_SEV_NOTE;
	pf.f.problem = &p;
	set_message(&pf, "%s", note.message);
	return emit(e, &pf.f, err);
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
		rc = baseline_note(e, k, err);
		/* Problems come by file: those of file k, or all of a roadmap of no files. */
		for (; rc == 0 && i < rm->nproblems &&
		       (rm->nfiles == 0 || k + 1 == nfiles || rm->problems[i].file == rm->files[k].path);
		     i++)
			rc = problem_finding(e, &rm->problems[i], NULL, err);
		if (rc < 0)
			return rc;
	}
	return 0;
}

int
ovp_engine_problems(ovp_engine *e, const ovp_problem *p, size_t n, ovp_error *err)
{
	for (size_t i = 0; i < n; i++) {
		int rc = problem_finding(e, &p[i], NULL, err);

		if (rc < 0)
			return rc;
	}
	return 0;
}

/* "day" or "days". */
static const char *
days(long n)
{
	return n == 1 || n == -1 ? "day" : "days";
}

/*
 * OVP006's message: the slack, the probability, and what it rests on.  An
 * item already past its planned day is said to be late by so many days,
 * since "slack" would mislead there.
 */
static void
slip_message(pending *q, ovp_engine *e, const ovp_promise *p, const char *label,
             const char *planned, ovp_day planned_day, ovp_day due, const ovp_forecast *fc)
{
	char dues[OVP_DATE_ISO_SIZE], basis[160], pct[16];
	long slack = (long)due - planned_day;
	long behind = (long)e->o.as_of - planned_day;

	day_text(e, due, dues);
	ovp_forecast_basis(fc, basis, sizeof basis);
	ovp_percent_text(fc->p_late, pct, sizeof pct);
	if (behind > 0)
		set_message(q,
		            "\"%s\" due %s, %s was planned for %s and is already %ld %s late: %s "
		            "chance of missing the due date, %s",
		            p->feature, dues, label, planned, behind, days(behind), pct, basis);
	else
		set_message(q, "\"%s\" due %s, %s planned %s (%ld %s of slack): %s chance of "
		               "missing it, %s",
		            p->feature, dues, label, planned, slack, days(slack), pct, basis);
}

/*
 * The day item it can honestly be promised for at the configured
 * confidence: the answer of `when` (ovp_when_item()), worked out once per
 * item of the roadmap; OVP_DAY_NONE when the slip model gives no day.
 */
static ovp_day
suggested_day(ovp_engine *e, const ovp_item *it)
{
	size_t idx = (size_t)(it - e->o.roadmap->items);
	ovp_when_answer a;
	ovp_day d;

	if (idx < e->o.roadmap->nitems && e->suggested[idx] != SUGGESTED_UNKNOWN)
		return e->suggested[idx];
	ovp_when_item(&e->histories, it, e->cfg->slip_days, e->o.as_of, e->cfg->confidence,
	              OVP_DAY_NONE, &a);
	d = a.when.kind == OVP_WHEN_DATE || a.when.kind == OVP_WHEN_SHIPPED ? a.when.earliest
	                                                                   : OVP_DAY_NONE;
	if (idx < e->o.roadmap->nitems)
		e->suggested[idx] = d;
	return d;
}

/* Give the finding of q the date to promise instead, and end its message with it. */
static void
suggest(ovp_engine *e, pending *q, const ovp_item *it)
{
	char day[OVP_DATE_ISO_SIZE];
	size_t len;

	q->f.has_suggested = true;
	q->f.confidence = e->cfg->confidence;
	q->f.suggested_date = suggested_day(e, it);
	if (q->f.suggested_date == OVP_DAY_NONE)
		return;
	len = strlen(q->msg);
	ovp_message_format(q->msg + len, sizeof q->msg - len, "; promise %s or later (%.0f%%)",
	                   day_text(e, q->f.suggested_date, day), e->cfg->confidence * 100.0);
}

/*
 * What the messages of one promise's findings name, made when the first
 * finding that names it is made: a promise that raises no finding (or
 * only findings of rules switched off) costs no formatting.
 */
typedef struct promise_text {
	ovp_engine *e;
	const ovp_promise *p;
	const ovp_item *it;
	const char *label;          /* the item's label, NULL until needed */
	char label_buf[LABEL_MAX];  /* where label_of() may put it */
	char due[OVP_DATE_ISO_SIZE]; /* the due day, "" until needed */
} promise_text;

static const char *
text_label(promise_text *t)
{
	if (t->label == NULL)
		t->label = label_of(t->e, t->it, t->label_buf);
	return t->label;
}

static const char *
text_due(promise_text *t)
{
	if (t->due[0] == '\0')
		day_text(t->e, t->p->due.end, t->due);
	return t->due;
}

/* A finding of rule would have been made, but the rule is off: the promise's verdict says so. */
static void
filtered(ovp_engine *e, ovp_rule_id rule)
{
	if (ovp_rule_get(rule)->severity >= OVP_SEV_WARNING)
		e->promise_filtered = true;
}

/*
 * The next finding of rule for promise p in out (*n of them so far), or
 * NULL when the rule is switched off and the finding is not to be made.
 */
static pending *
next_finding(ovp_engine *e, pending *out, size_t *n, ovp_rule_id rule, const char *file,
             const ovp_promise *p)
{
	pending *q;

	if (!rule_on(e, rule)) {
		filtered(e, rule);
		return NULL;
	}
	q = &out[(*n)++];
	init_finding(&q->f, rule, file, p->line);
	return q;
}

/* The item rules for a matched, unshipped promise (SPEC 4, "How the rules combine"). */
static void
item_rules(ovp_engine *e, const ovp_promise *p, const ovp_item *it, const item_facts *fa,
           pending *out, size_t *n, const char *file)
{
	const ovp_config *cfg = e->cfg;
	ovp_day as_of = e->o.as_of;
	bool dated = p->due_source != OVP_DUE_NONE && ovp_window_is_set(p->due);
	ovp_day due = p->due.end;
	/* An item of a file without planned dates is not unscheduled for want
	 * of one: that file says nothing about dates at all. */
	bool unscheduled = fa->cls == OVP_CLASS_UNPLANNED || (fa->flags & FACT_LATER) != 0 ||
	                   (fa->planned == OVP_DAY_NONE && !(fa->flags & FACT_NO_PLAN_COLUMN));
	char planned[PLANNED_MAX];
	promise_text t;
	pending *q;

	/* Not an initialiser: that would clear label_buf for every promise. */
	t.e = e;
	t.p = p;
	t.it = it;
	t.label = NULL;
	t.due[0] = '\0';

#define NEXT(rule) next_finding(e, out, n, (rule), file, p)

	if (fa->cls == OVP_CLASS_CANCELLED) {
		if ((q = NEXT(OVP_RULE_CANCELLED)) != NULL) {
			if (it->resolution != NULL && it->resolution[0] != '\0')
				set_message(q, "\"%s\" rests on %s, which is %s, resolved %s (cancelled)",
				            p->feature, text_label(&t), it->status, it->resolution);
			else
				set_message(q, "\"%s\" rests on %s, which is %s (cancelled)", p->feature,
				            text_label(&t), it->status);
		}
	} else if (unscheduled) {
		if ((q = NEXT(OVP_RULE_UNSCHEDULED)) != NULL) {
			if ((fa->flags & FACT_LATER) != 0)
				set_message(q, "\"%s\" rests on %s, which is planned for Later: no date",
				            p->feature, text_label(&t));
			else if (fa->cls == OVP_CLASS_UNPLANNED)
				set_message(q, "\"%s\" rests on %s, which is in %s (not planned)",
				            p->feature, text_label(&t), it->status);
			else
				set_message(q, "\"%s\" rests on %s, which has no planned date", p->feature,
				            text_label(&t));
		}
	}
	if (dated && due <= as_of && (q = NEXT(OVP_RULE_OVERDUE)) != NULL) {
		q->f.has_days_late = true;
		q->f.days_late = (long)as_of - due;
		set_message(q, "\"%s\" was due %s and %s has not shipped (%s): %ld %s overdue",
		            p->feature, text_due(&t), text_label(&t), it->status, q->f.days_late,
		            days(q->f.days_late));
		suggest(e, q, it);
	}
	if (fa->cls != OVP_CLASS_CANCELLED && !unscheduled && dated && fa->planned != OVP_DAY_NONE) {
		ovp_day planned_day = fa->planned;

		if (planned_day > due) {
			if ((q = NEXT(OVP_RULE_LATE)) != NULL) {
				q->f.has_days_late = true;
				q->f.days_late = (long)planned_day - due;
				set_message(q, "\"%s\" promised by %s, roadmap plans %s for %s: %ld %s late",
				            p->feature, text_due(&t), text_label(&t), planned_of(e, it, planned),
				            q->f.days_late, days(q->f.days_late));
				suggest(e, q, it);
			}
		} else if (due > as_of && (rule_on(e, OVP_RULE_SLIP_RISK) || e->verdicts)) {
			const ovp_history *h = ovp_histories_for(&e->histories, it);
			ovp_forecast fc = ovp_forecast_miss(h, planned_day, due, as_of);

			if (fc.p_late >= cfg->slip_threshold && (q = NEXT(OVP_RULE_SLIP_RISK)) != NULL) {
				q->f.has_p_late = true;
				q->f.p_late = fc.p_late;
				q->f.samples = fc.samples;
				q->f.prior = fc.prior;
				slip_message(q, e, p, text_label(&t), planned_of(e, it, planned), planned_day,
				             due, &fc);
				suggest(e, q, it);
			}
		}
	}
	if ((fa->flags & FACT_PROTOTYPE) != 0 && (q = NEXT(OVP_RULE_PROTOTYPE)) != NULL)
		set_message(q, "\"%s\" rests on %s, which is not a product yet (%s)", p->feature,
		            text_label(&t), it->maturity);
	if (fa->baseline != OVP_DAY_NONE && fa->planned != OVP_DAY_NONE &&
	    fa->planned - fa->baseline >= cfg->slip_days && (q = NEXT(OVP_RULE_SLIPPED)) != NULL) {
		char from[OVP_DATE_ISO_SIZE], to[OVP_DATE_ISO_SIZE];

		q->f.has_days_late = true;
		q->f.days_late = (long)fa->planned - fa->baseline;
		set_message(q, "%s has already slipped %ld %s past its baseline (%s, now %s)",
		            text_label(&t), q->f.days_late, days(q->f.days_late),
		            day_text(e, fa->baseline, from), day_text(e, fa->planned, to));
	}
	if ((fa->flags & FACT_LOW_CONFIDENCE) != 0 && (q = NEXT(OVP_RULE_LOW_CONFIDENCE)) != NULL)
		set_message(q, "%s has low delivery confidence (%s)", text_label(&t),
		            it->confidence_text);
	if (p->due_source == OVP_DUE_CLOSE && (q = NEXT(OVP_RULE_UNDATED)) != NULL) {
		set_message(q, "\"%s\" has no date of its own; the deal's close date %s was used",
		            p->feature, text_due(&t));
	} else if (p->due_source == OVP_DUE_NONE && (q = NEXT(OVP_RULE_UNDATED)) != NULL) {
		q->f.severity = OVP_SEV_WARNING;
		set_message(q,
		            "\"%s\" has no due date (none in the promise, its row or the deal's close "
		            "date); the date rules were not applied",
		            p->feature);
	}
#undef NEXT
}

/* Track the promised value hanging on an item (facts fa), once per deal. */
static void
count_concentration(ovp_engine *e, const ovp_deal *d, const ovp_item *it, item_facts *fa)
{
	size_t idx = (size_t)(it - e->o.roadmap->items);
	conc_list *cl;
	conc_entry *ce;
	const currency_key *key = &e->deal_currency;

	if (!d->has_amount || idx >= e->o.roadmap->nitems || fa->seen == e->generation)
		return;
	fa->seen = e->generation;
	for (size_t i = 0; i < fa->nconc; i++) {
		if (currency_is(fa->conc[i].currency, key)) {
			fa->conc[i].amount += d->amount;
			fa->conc[i].ndeals++;
			return;
		}
	}
	if (fa->nconc < FACTS_CONC) {
		ce = &fa->conc[fa->nconc++];
	} else {
		/* Only an item in more currencies than its facts hold has a list. */
		cl = &e->conc[idx];
		for (size_t i = 0; i < cl->n; i++) {
			if (currency_is(cl->e[i].currency, key)) {
				cl->e[i].amount += d->amount;
				cl->e[i].ndeals++;
				return;
			}
		}
		ce = realloc(cl->e, (cl->n + 1) * sizeof *ce);
		if (ce == NULL)
			return; /* left out of the concentration; never a wrong finding */
		cl->e = ce;
		ce = &ce[cl->n++];
	}
	currency_store(ce->currency, d->currency, key);
	ce->amount = d->amount;
	ce->ndeals = 1;
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
	if (fa->cls == OVP_CLASS_SHIPPED) {
		if (ovp_window_is_set(it->shipped))
			ovp_message_format(buf, cap, "%s shipped on %s", name,
			                   day_text(e, it->shipped.end, d1));
		else
			ovp_message_format(buf, cap, "%s has shipped (%s)", name, it->status);
	} else if (fa->cls == OVP_CLASS_CANCELLED) {
		if (it->resolution != NULL && it->resolution[0] != '\0')
			ovp_message_format(buf, cap, "%s is cancelled (%s, resolved %s)", name, it->status,
			                   it->resolution);
		else
			ovp_message_format(buf, cap, "%s is cancelled (%s)", name, it->status);
	} else if (fa->planned == OVP_DAY_NONE || fa->cls == OVP_CLASS_UNPLANNED ||
	           (fa->flags & FACT_LATER) != 0) {
		ovp_message_format(buf, cap, "%s has no planned date (%s)", name, it->status);
	} else if (p->due_source == OVP_DUE_NONE || !ovp_window_is_set(p->due)) {
		ovp_message_format(buf, cap, "%s planned %s", name, day_text(e, fa->planned, d1));
	} else if (p->due.end < fa->planned) {
		long late = (long)fa->planned - p->due.end;

		ovp_message_format(buf, cap, "%s planned %s, %ld %s after it is due", name,
		                   day_text(e, fa->planned, d1), late, days(late));
	} else {
		long slack = (long)p->due.end - fa->planned;
		ovp_forecast fc = ovp_forecast_miss(ovp_histories_for(&e->histories, it), fa->planned,
		                                    p->due.end, e->o.as_of);

		ovp_percent_text(fc.p_late, pct, sizeof pct);
		if (slack == 0)
			ovp_message_format(buf, cap, "%s planned %s, the day it is due; %s chance of "
			                             "missing it",
			                   name, day_text(e, fa->planned, d1), pct);
		else
			ovp_message_format(buf, cap, "%s planned %s, %ld %s before it is due; %s chance of "
			                             "missing it",
			                   name, day_text(e, fa->planned, d1), slack, days(slack), pct);
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

static int
check_promise(ovp_engine *e, const ovp_deal *d, const ovp_promise *p, size_t number,
              const char *file, bool *open_work, ovp_error *err)
{
	pending out[PROMISE_FINDINGS_MAX];
	ovp_finding *order[PROMISE_FINDINGS_MAX];
	size_t n = 0;
	const ovp_match *m = ovp_matcher_match(e->matcher, p->feature, strlen(p->feature));
	const ovp_item *it;
	item_facts *fa, own;
	int rc;

	if (m == NULL)
		return ovp_error_set(err, OVP_ENOMEM, file, p->line,
		                     "cannot match \"%.80s\": out of memory, or more than 16,777,216 "
		                     "different promise texts in one run",
		                     p->feature);
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
		if (m->kind == OVP_MATCH_UNCONFIRMED && m->ncandidates > 0) {
			/* A suggestion, not a match: no item rule, no date rule. */
			if (!rule_on(e, OVP_RULE_UNCONFIRMED)) {
				filtered(e, OVP_RULE_UNCONFIRMED);
			} else {
				char buf[LABEL_MAX];

				init_finding(&out[n].f, OVP_RULE_UNCONFIRMED, file, p->line);
				set_message(&out[n],
				            "\"%s\" is not clearly on the roadmap: did you mean %.*s (%.2f)? "
				            "confirm it with an alias",
				            p->feature, OTHER_LABEL_MAX - 1,
				            label_of(e, m->candidates[0].item, buf), m->candidates[0].score);
				out[n].f.match = m;
				out[n].f.item = m->candidates[0].item;
				out[n].f.has_similarity = true;
				out[n].f.similarity = m->similarity;
				n++;
			}
		} else if (m->kind == OVP_MATCH_AMBIGUOUS && !rule_on(e, OVP_RULE_AMBIGUOUS)) {
			filtered(e, OVP_RULE_AMBIGUOUS);
		} else if (m->kind == OVP_MATCH_AMBIGUOUS) {
			char list[600];
			size_t off = 0;

			list[0] = '\0';
			for (size_t i = 0; i < m->ncandidates && off < sizeof list; i++) {
				char buf[LABEL_MAX];

				off += ovp_message_format(list + off, sizeof list - off, "%s%.*s (%.2f)",
				                          i ? ", " : "", OTHER_LABEL_MAX - 1,
				                          label_of(e, m->candidates[i].item, buf),
				                          m->candidates[i].score);
			}
			init_finding(&out[n].f, OVP_RULE_AMBIGUOUS, file, p->line);
			set_message(&out[n], "\"%s\" matches several roadmap items about equally well: %s",
			            p->feature, list);
			out[n].f.match = m;
			out[n].f.has_similarity = true;
			out[n].f.similarity = m->similarity;
			n++;
		} else if (m->kind == OVP_MATCH_NONE && !rule_on(e, OVP_RULE_UNPLANNED)) {
			filtered(e, OVP_RULE_UNPLANNED);
		} else if (m->kind == OVP_MATCH_NONE) {
			init_finding(&out[n].f, OVP_RULE_UNPLANNED, file, p->line);
			if (m->ncandidates > 0) {
				char buf[LABEL_MAX];

				set_message(&out[n],
				            "\"%s\" is not on the roadmap: no item matches it (closest: %.*s, "
				            "similarity %.2f)",
				            p->feature, OTHER_LABEL_MAX - 1,
				            label_of(e, m->candidates[0].item, buf), m->candidates[0].score);
			} else {
				set_message(&out[n], "\"%s\" is not on the roadmap: no item matches it",
				            p->feature);
			}
			out[n].f.match = m;
			n++;
		}
		*open_work = true;
	} else {
		if (m->kind == OVP_MATCH_FUZZY && rule_on(e, OVP_RULE_FUZZY_MATCH)) {
			char buf[LABEL_MAX];

			init_finding(&out[n].f, OVP_RULE_FUZZY_MATCH, file, p->line);
			set_message(&out[n],
			            "\"%s\" matched %s only approximately (similarity %.2f); confirm it or "
			            "add an alias",
			            p->feature, label_of(e, it, buf), m->similarity);
			n++;
		}
		fa = facts_for(e, it, &own);
		if (fa->cls != OVP_CLASS_SHIPPED) {
			item_rules(e, p, it, fa, out, &n, file);
			*open_work = true;
			if (rule_on(e, OVP_RULE_CONCENTRATION))
				count_concentration(e, d, it, fa);
			if (e->capacity != NULL && fa->cls != OVP_CLASS_CANCELLED &&
			    p->due_source != OVP_DUE_NONE && ovp_window_is_set(p->due))
				ovp_capacity_promise(e->capacity, (size_t)(it - e->o.roadmap->items),
				                     p->due.end);
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
	ovp_finding_fingerprints_seeded(order, n, e->seeds, feature_norm(e, p, m),
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
	return problem_finding(e, &p, d, err);
}

int
ovp_engine_deal(ovp_engine *e, const ovp_deal *d, ovp_error *err)
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
		rc = problem_finding(e, &d->problems[i], d, err);
		if (rc < 0)
			return rc;
	}
	if (d->has_amount) {
		e->sum.amounts = true;
		rc = rate_check(e, d, file, err);
		if (rc < 0)
			return rc;
	}
	/* The totals are what OVP101's shares are taken of, and serve nothing else. */
	e->deal_currency = currency_key_of(d->currency);
	if (d->npromises > 0 && d->has_amount && rule_on(e, OVP_RULE_CONCENTRATION))
		(void)money_add(e->totals, &e->ntotals, OVP_SUMMARY_MAX_CURRENCIES, d->currency,
		                &e->deal_currency, d->amount);
	for (size_t i = 0; i < d->npromises; i++) {
		rc = check_promise(e, d, &d->promises[i], i + 1, file, &open_work, err);
		if (rc < 0)
			return rc;
	}
	if (open_work && d->signoff_column && !d->signed_off && rule_on(e, OVP_RULE_NO_SIGN_OFF)) {
		pending pf;

		init_finding(&pf.f, OVP_RULE_NO_SIGN_OFF, file, d->line);
		pf.f.deal = d;
		set_message(&pf,
		            "deal carries promises of unshipped work but no solution-expert sign-off "
		            "is recorded");
		rc = emit(e, &pf.f, err);
		if (rc < 0)
			return rc;
	}
	tally.by_severity = e->deal_sev;
	tally.at_risk = e->deal_has_error;
	tally.needs_sign_off = open_work;
	if (e->deal_has_error && d->has_amount) {
		(void)money_add(e->sum.value_at_risk, &e->sum.ncurrencies, OVP_SUMMARY_MAX_CURRENCIES,
		                d->currency, &e->deal_currency, d->amount);
		if (ovp_fx_convert(&e->cfg->fx, d->currency, d->amount, &tally.converted)) {
			tally.has_converted = true;
			e->sum.value_at_risk_total += tally.converted;
		} else if (e->cfg->fx.currency[0] != '\0') {
			tally.unconverted = true;
			e->sum.has_total = false;
		}
	}
	if (e->capacity != NULL && ovp_capacity_deal_end(e->capacity) < 0)
		return ovp_error_set(err, OVP_ENOMEM, NULL, 0, "out of memory");
	if (ovp_owners_add(e->owners, d, &tally) < 0)
		return ovp_error_set(err, OVP_ENOMEM, NULL, 0, "out of memory");
	return 0;
}

/* OVP101: items on which a large share of the promised pipeline hangs. */
static int
concentration(ovp_engine *e, ovp_error *err)
{
	const ovp_roadmap *rm = e->o.roadmap;

	for (size_t i = 0; i < rm->nitems; i++) {
		const item_facts *fa = &e->facts[i];
		const conc_list *cl = &e->conc[i];

		for (size_t c = 0; c < fa->nconc + cl->n; c++) {
			const conc_entry *ce = c < fa->nconc ? &fa->conc[c] : &cl->e[c - fa->nconc];
			double total = 0.0;
			pending pf;
			char label[512], amount[64], of[64];

			for (size_t t = 0; t < e->ntotals; t++)
				if (strcmp(e->totals[t].currency, ce->currency) == 0)
					total = e->totals[t].amount;
			if (ce->ndeals < 3 || total <= 0.0 || ce->amount / total < e->cfg->concentration_share)
				continue;
			init_finding(&pf.f, OVP_RULE_CONCENTRATION,
			             rm->items[i].file != NULL ? rm->items[i].file : rm->path,
			             rm->items[i].line);
			pf.f.item = &rm->items[i];
			pf.f.currency = ce->currency;
			pf.f.share = ce->amount / total;
			pf.f.amount = ce->amount;
			pf.f.ndeals = ce->ndeals;
			item_label(&rm->items[i], label, sizeof label);
			ovp_money_format(ce->currency, ce->amount, amount, sizeof amount);
			ovp_money_format(ce->currency, total, of, sizeof of);
			set_message(&pf,
			            "%s carries %.0f%% of the promised pipeline (%s of %s, over %zu deals); "
			            "one slip hurts many customers",
			            label, pf.f.share * 100.0, amount, of, ce->ndeals);
			{
				int rc = emit(e, &pf.f, err);

				if (rc < 0)
					return rc;
			}
		}
	}
	return 0;
}

/*
 * OVP015: teams whose promised work by a date exceeds their pace; with
 * --verbose, why a team could not be judged.
 */
static int
overcommitted(ovp_engine *e, ovp_error *err)
{
	const ovp_capacity_verdict *v;
	size_t n;
	int rc;

	if (e->capacity == NULL)
		return 0;
	if (ovp_capacity_judge(e->capacity, &v, &n) < 0)
		return ovp_error_set(err, OVP_ENOMEM, NULL, 0, "out of memory");
	for (size_t i = 0; i < n; i++) {
		pending pf;

		if (!v[i].checked && e->meta != NULL && e->meta->verbose &&
		    e->o.sink->ops->note != NULL) {
			const ovp_rule *rule = ovp_rule_get(OVP_RULE_OVERCOMMITTED);
			char reason[MESSAGE_MAX - 32];

			ovp_capacity_reason(&v[i], e->o.as_of, reason, sizeof reason);
			ovp_message_format(pf.msg, sizeof pf.msg, "%s %s %s", rule->code, rule->name,
			                   reason);
			rc = e->o.sink->ops->note(e->o.sink, v[i].file, v[i].line, pf.msg, err);
			if (rc < 0)
				return rc;
		}
		if (!v[i].fires)
			continue;
		init_finding(&pf.f, OVP_RULE_OVERCOMMITTED, v[i].file, v[i].line);
		pf.f.team = v[i].team;
		pf.f.due = v[i].due;
		pf.f.promised = v[i].promised;
		pf.f.deliverable = v[i].deliverable;
		pf.f.pace = v[i].pace;
		pf.f.items = v[i].items;
		pf.f.nitems = v[i].nitems;
		pf.f.ndeals = v[i].ndeals;
		ovp_capacity_message(&v[i], pf.msg, sizeof pf.msg);
		pf.f.message = pf.msg;
		rc = emit(e, &pf.f, err);
		if (rc < 0)
			return rc;
	}
	return 0;
}

int
ovp_engine_finish(ovp_engine *e, ovp_summary *sum, ovp_error *err)
{
	int rc = overcommitted(e, err);

	if (rc == 0)
		rc = concentration(e, err);
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

ovp_matcher *
ovp_engine_matcher(ovp_engine *e)
{
	return e->matcher;
}

const ovp_history *
ovp_engine_history(const ovp_engine *e, const ovp_item *it)
{
	return ovp_histories_for(&e->histories, it);
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
	ovp_matcher_free(e->matcher);
	ovp_histories_free(&e->histories);
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
	free(e->norms);
	ovp_arena_free(&e->strings);
	free(e->prints);
	ovp_config_free(&e->defaults);
	free(e);
}
