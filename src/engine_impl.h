/*
 * The check engine's insides, shared by the engine (engine.c), which
 * drives the run and emits the findings, and the rule families in
 * rules/ (item.c, deal.c, data.c, portfolio.c), which hold each rule's
 * condition and message.
 */
#ifndef OVP_ENGINE_IMPL_H
#define OVP_ENGINE_IMPL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <overpromise/engine.h>
#include <overpromise/planner.h>

#include "amount.h"
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

/*
 * Days `when` gives that are kept by slip history and planned day: the
 * items of a roadmap are planned for a few hundred distinct days (a
 * power of two).
 */
#define EARLIEST_SLOTS 4096

/* Currencies without a rate that are told apart; past this many, no more are reported. */
#define NO_RATE_MAX 64

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
	unsigned char plan;        /* ovp_plan_state */
	unsigned char flags;       /* FACT_* */
	unsigned char nconc;       /* entries used in conc */
	conc_entry conc[FACTS_CONC]; /* OVP101 totals of its first currencies, in order */
} item_facts;

enum {
	FACT_PROTOTYPE = 1,        /* not a product yet */
	FACT_LOW_CONFIDENCE = 2,   /* delivery confidence known and below 0.5 */
	FACT_NO_ID = 4             /* no id: its fingerprints hash its normalised title */
};

/* A text the engine keeps per item (a label, a planned date), with its length. */
typedef struct kept_text {
	const char *s; /* NULL until made */
	size_t len;
} kept_text;

/* A finding being built, with room for its message. */
typedef struct pending {
	ovp_finding f;
	char msg[MESSAGE_MAX];
} pending;

struct ovp_engine {
	ovp_engine_options o;
	ovp_config defaults;       /* used when o.config is NULL */
	const ovp_config *cfg;
	ovp_planner *planner;      /* the matcher and the slip histories */
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
	ovp_severity standard[OVP_RULE_COUNT];      /* per rule: its default severity */
	/* " or later (85%)", the end of every suggestion, at the configured confidence. */
	char suggest_end[48];
	size_t suggest_end_len;    /* 0 when it did not fit: each message then writes its own */
	/* Recent days as messages write them: due and planned dates fall on
	 * a few thousand days, formatted for nearly every finding. */
	struct day_slot {
		ovp_day day;       /* OVP_DAY_NONE when empty */
		char text[OVP_DATE_ISO_SIZE];
	} days[DAY_SLOTS];
	bool deal_has_error;       /* the current deal has an unsuppressed error */
	bool verdicts;             /* the sink takes a verdict on every promise */
	bool promise_filtered;     /* a warning or error of the current promise's is switched off */
	bool roadmap_sheets;       /* some file of the roadmap is a workbook's sheet */
	/* Currencies found without a rate into the reporting currency, reported once each. */
	char no_rate[NO_RATE_MAX][OVP_CURRENCY_SIZE];
	size_t nno_rate;
	char (*prints)[OVP_FINGERPRINT_SIZE];
	size_t nprints, cprints;
	/* Per item, made when first needed: its label, planned date, normalised title. */
	kept_text *labels;
	kept_text *planned;
	const char **title_norms;
	/* Per item, made when first needed: the day `when` gives it (SUGGESTED_UNKNOWN until then). */
	ovp_day *suggested;
	/* The earliest day at the configured confidence of an open item, by its history and planned day. */
	struct earliest_slot {
		const ovp_history *h; /* NULL when empty */
		ovp_day planned;
		ovp_day earliest;
	} earliest[EARLIEST_SLOTS];
	ovp_arena strings;         /* labels and normalised texts */
};

/*
 * Whether findings of rule reach the sink: a rule that the configuration
 * or --select / --ignore switched off is dropped by ovp_engine_emit(), so
 * nothing of its finding (message, label, forecast) needs to be made at
 * all.
 */
static inline bool
rule_on(const ovp_engine *e, ovp_rule_id rule)
{
	return e->cfg->severity[rule] != OVP_SEV_OFF;
}

static inline void
init_finding(ovp_finding *f, ovp_rule_id rule, const char *file, long line)
{
	memset(f, 0, sizeof *f);
	f->rule = rule;
	f->file = file;
	f->line = line;
}

static inline currency_key
currency_key_of(const char *currency)
{
	currency_key k;

	k.valid = ovp_short_key(currency, k.code) < sizeof k.code;
	return k;
}

/* Whether a stored currency (8 bytes as snprintf left them) is key's. */
static inline bool
currency_is(const char stored[8], const currency_key *key)
{
	return key->valid && memcmp(stored, key->code, sizeof key->code) == 0;
}

/* Store currency in 8 bytes: NUL-padded, or cut as snprintf cuts it. */
static inline void
currency_store(char stored[8], const char *currency, const currency_key *key)
{
	if (key->valid)
		memcpy(stored, key->code, sizeof key->code);
	else
		snprintf(stored, 8, "%s", currency);
}

/*
 * Add amount to currency's entry of arr (*n of cap used; their unused
 * bytes zero, as in a zeroed summary), or start one.  -1 when arr is full.
 */
int ovp_engine_money_add(ovp_money *arr, size_t *n, size_t cap, const char *currency,
                         const currency_key *key, double amount);

/*
 * ovp_engine_deal() with the promises already matched (pipeline.c):
 * matches[i] is what the engine's planner answered for
 * deal->promises[i].feature, with its feature_norm.  The report is the
 * same byte for byte.  The items the matches rest on are the caller's to
 * ask for first (ovp_engine_prefetch()).
 */
int ovp_engine_deal_matched(ovp_engine *e, const ovp_deal *deal, const ovp_match *matches,
                            ovp_error *err);

/*
 * Ask for the records of the items matches[0..n) rest on to be brought
 * into the cache (entries without an item are skipped): for a deal about
 * to be checked with ovp_engine_deal_matched(), once, and best while the
 * deal before it is checked, so that its first touches wait less.
 * Changes nothing.
 */
void ovp_engine_prefetch(const ovp_engine *e, const ovp_match *matches, size_t n);

/* ---- What the engine gives the rules (engine.c) ------------------------ */

/*
 * PRJ-1 "Single sign-on", or the one of the two the item has, into buf
 * (cap bytes); returns its length.
 */
size_t ovp_engine_item_label(const ovp_item *it, char *buf, size_t cap);

/* ovp_engine_label() when the label is not kept yet: made, and kept. */
kept_text ovp_engine_label_made(ovp_engine *e, const ovp_item *it, char *buf);

/*
 * The label of item it and its length, kept per item (a large export
 * names the same items in millions of messages, and the length spares a
 * strlen() of each); buf holds LABEL_MAX bytes for when it is not kept.
 */
static inline kept_text
ovp_engine_label(ovp_engine *e, const ovp_item *it, char *buf)
{
	size_t idx = (size_t)(it - e->o.roadmap->items);

	if (idx < e->o.roadmap->nitems && e->labels[idx].s != NULL)
		return e->labels[idx];
	return ovp_engine_label_made(e, it, buf);
}

/* ovp_engine_planned() when the text is not kept yet: made, and kept. */
kept_text ovp_engine_planned_made(ovp_engine *e, const ovp_item *it, char *buf);

/*
 * The planned date of item it as messages give it, and its length, kept
 * per item; buf holds PLANNED_MAX bytes.
 */
static inline kept_text
ovp_engine_planned(ovp_engine *e, const ovp_item *it, char *buf)
{
	size_t idx = (size_t)(it - e->o.roadmap->items);

	if (idx < e->o.roadmap->nitems && e->planned[idx].s != NULL)
		return e->planned[idx];
	return ovp_engine_planned_made(e, it, buf);
}

/* Day d as "YYYY-MM-DD" (ovp_day_format()) in out, formatted once while it stays in its slot. */
static inline char *
ovp_engine_day(ovp_engine *e, ovp_day d, char out[OVP_DATE_ISO_SIZE])
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

/* Format the message of finding p, as snprintf would into its buffer. */
void ovp_pending_message(pending *p, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 2, 3)))
#endif
	;

/*
 * Start the message of finding p in m, to be written piece by piece
 * (a message of fixed wording, without a format) and ended with
 * ovp_message_end(): the same bytes ovp_pending_message() writes.
 */
static inline void
ovp_pending_start(pending *p, ovp_message *m)
{
	ovp_message_start(m, p->msg, sizeof p->msg, 0);
	p->f.message = p->msg;
}

/*
 * Give the OVP004, OVP005 or OVP006 finding of q the date that can be
 * promised instead, the one `when` gives item it at the configured
 * confidence, and end its message m with it ("; promise 2027-05-23 or
 * later (85%)"); none when the slip model gives no date.  m is ended
 * either way.
 */
void ovp_engine_suggest(ovp_engine *e, pending *q, ovp_message *m, const ovp_item *it);

/*
 * A finding of rule would have been made for the current promise, but
 * the rule is off: when it is a warning or an error, the promise's
 * verdict is "filtered" rather than ok.
 */
static inline void
ovp_engine_filtered(ovp_engine *e, ovp_rule_id rule)
{
	if (ovp_rule_get(rule)->severity >= OVP_SEV_WARNING)
		e->promise_filtered = true;
}

/* Give a finding of its own its fingerprint, severity and baseline state, and hand it on. */
int ovp_engine_emit(ovp_engine *e, ovp_finding *f, ovp_error *err);

/* ---- The rule families -------------------------------------------------- */

/*
 * Item rules (rules/item.c), for one promise whose text matched as m
 * (feature_len the length of its feature, which most messages quote).
 * With no item to rest on, the match rules (OVP001, OVP008, OVP014); with
 * item it (facts fa), OVP009 and, unless it has shipped, the rules on the
 * item and on the promise's date.  Each appends its findings to out (*n
 * so far, room for one per rule) with their messages.
 */
void ovp_rules_unmatched(ovp_engine *e, const ovp_promise *p, size_t feature_len,
                         const ovp_match *m, const char *file, pending *out, size_t *n);
void ovp_rules_item(ovp_engine *e, const ovp_promise *p, size_t feature_len, const ovp_match *m,
                    const ovp_item *it, const item_facts *fa, const char *file, pending *out,
                    size_t *n);

/*
 * Deal rules (rules/deal.c), once a deal's promises are checked: OVP011,
 * when some promise rests on open work (open_work).
 */
int ovp_rules_deal(ovp_engine *e, const ovp_deal *d, bool open_work, const char *file,
                   ovp_error *err);

/*
 * Data-quality rules (rules/data.c): OVP201 for a problem of a row or a
 * file (of deal, or NULL), and the note on the roadmap's file k without
 * baselines.
 */
int ovp_rules_problem(ovp_engine *e, const ovp_problem *p, const ovp_deal *deal,
                      ovp_error *err);
int ovp_rules_baseline_note(ovp_engine *e, size_t k, ovp_error *err);

/*
 * Portfolio rules (rules/portfolio.c): the tallies OVP015 and OVP101 are
 * judged by, kept as deals stream by (a deal starts; one of its promises
 * rests on the open item it with facts fa; the deal ends), and their
 * findings at the end of the run: OVP015 per team, then OVP101 per item.
 */
void ovp_rules_portfolio_deal(ovp_engine *e, const ovp_deal *d);
void ovp_rules_portfolio_promise(ovp_engine *e, const ovp_deal *d, const ovp_promise *p,
                                 const ovp_item *it, item_facts *fa);
int ovp_rules_portfolio_deal_end(ovp_engine *e, ovp_error *err);
int ovp_rules_portfolio(ovp_engine *e, ovp_error *err);

#endif
