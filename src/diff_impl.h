/*
 * The comparison of two reports (diff.c) as its formats read it
 * (diff_text.c, diff_json.c, diff_markdown.c, diff_html.c).
 */
#ifndef OVP_DIFF_IMPL_H
#define OVP_DIFF_IMPL_H

#include <stdint.h>

#include <jansson.h>

#include <overpromise/date.h>
#include <overpromise/diff.h>

#include "report/report_impl.h"
#include "report_reader.h"

/* What a finding of NEW is, next to OLD. */
typedef enum diff_kind {
	DIFF_NEW = 0,
	DIFF_WORSE,
	DIFF_BETTER,
	DIFF_RESOLVED,
	DIFF_UNCHANGED
} diff_kind;

/* What is kept of a finding of OLD: enough to pair it, judge it and read it again. */
typedef struct diff_old {
	uint8_t fp[16];          /* the fingerprint, as bytes */
	ovp_report_span where;
	int32_t days_late;       /* INT32_MIN when none */
	int16_t p_milli;         /* p_late in thousandths, -1 when none */
	uint16_t rule;           /* the number of its rule ID (4 for OVP004) */
	uint8_t severity;        /* ovp_severity */
	bool matched;            /* paired with a finding of NEW */
	bool suppressed;
	uint32_t next;           /* the next finding of OLD with this fingerprint, + 1; 0 none */
} diff_old;

/* A finding of NEW that is new, worse or better. */
typedef struct diff_ref {
	ovp_report_span where;
	uint32_t old;            /* its pair in OLD (worse, better) */
	uint8_t kind;            /* diff_kind */
	uint8_t severity;
	bool suppressed;
} diff_ref;

/* A deal named by a finding of NEW about a slipped item. */
typedef struct diff_deal {
	char *id, *name;
} diff_deal;

/* Deals a slipped item lists one by one; the rest are only counted. */
#define DIFF_DEALS_LISTED 50

/* A roadmap item named in both reports whose planned date moved later. */
typedef struct diff_slip {
	char *id, *title;        /* NULL when the report gives none */
	ovp_day before, after;
	diff_deal deals[DIFF_DEALS_LISTED];
	size_t nlisted;
	unsigned long ndeals;
} diff_slip;

/* The value at risk in one currency, before and after. */
typedef struct diff_money {
	char currency[8];        /* "" when none is known */
	double before, after;
} diff_money;

struct ovp_diff {
	ovp_report_reader *old, *new_;
	diff_old *olds;
	size_t nold, cold;
	uint32_t *slots;         /* fingerprint -> first finding of OLD + 1 */
	uint32_t *cursors;       /* per slot: its first finding not yet paired + 1 */
	size_t mask;
	diff_ref *refs;          /* in the order of NEW */
	size_t nrefs, crefs;
	diff_slip *slips;        /* in the order NEW first names them */
	size_t nslips;
	diff_money *money;       /* this run's currencies first */
	size_t nmoney;
	ovp_diff_counts counts;
	unsigned long by_severity[DIFF_UNCHANGED + 1][OVP_SEV_ERROR + 1]; /* unsuppressed */
	void *items;             /* the items of OLD (diff.c) */
	bool shown_suppressed;   /* some listed finding is in a baseline */
};

/*
 * Call fn for every finding of class kind (not DIFF_UNCHANGED), in the
 * order of its report: f is the finding (of NEW; of OLD when resolved),
 * before its pair in OLD for worse and better, else NULL; both borrowed
 * for the call.  Stops at the first negative return and returns it.
 */
typedef int (*diff_visit_fn)(void *ctx, const json_t *f, const json_t *before, ovp_error *err);
int ovp_diff_each(ovp_diff *d, diff_kind kind, diff_visit_fn fn, void *ctx, ovp_error *err);

/* How many findings of class kind there are. */
unsigned long ovp_diff_count(const ovp_diff *d, diff_kind kind);

/*
 * For people, into b: the value at risk in one currency, "USD 1,770,000
 * -> USD 2,095,000 (USD +325,000)" with arrow between; the summary "2
 * new, 1 worse, 1 resolved, 0 better, 17 unchanged; 1 item slipped"; a
 * slipped item "PLAT-101 \"Single sign-on\": planned 2027-03-31, now
 * 2027-04-30 (30 days later)"; and its deals "ACME, Globex and 3 more".
 */
void ovp_diff_money_text(ovp_rbuf *b, const diff_money *m, const char *arrow);
void ovp_diff_summary_text(ovp_rbuf *b, const ovp_diff *d);
void ovp_diff_slip_text(ovp_rbuf *b, const diff_slip *s, const char *arrow);
void ovp_diff_slip_deals(ovp_rbuf *b, const diff_slip *s);

/* The finding of OLD number i, read again: a new reference, or NULL with err set. */
json_t *ovp_diff_old_finding(ovp_diff *d, size_t i, ovp_error *err);

/* The finding of NEW that r names, read again: a new reference, or NULL with err set. */
json_t *ovp_diff_new_finding(ovp_diff *d, const diff_ref *r, ovp_error *err);

/* The head of a report: its file, format, as_of and inputs (borrowed). */
const char *ovp_diff_as_of(const ovp_report_reader *r);

/* Each format: write d to out.  Returns 0 or a negative code with err set. */
int ovp_diff_text(ovp_diff *d, bool color, FILE *out, ovp_error *err);
int ovp_diff_json(ovp_diff *d, FILE *out, ovp_error *err);
int ovp_diff_markdown(ovp_diff *d, FILE *out, ovp_error *err);
int ovp_diff_html(ovp_diff *d, FILE *out, ovp_error *err);

/* Names the formats use for the classes, and their section titles. */
extern const char *const ovp_diff_kind_names[DIFF_UNCHANGED + 1];
extern const char *const ovp_diff_kind_titles[DIFF_UNCHANGED + 1];

/*
 * A finding for people, as check's text report writes it: "FILE:LINE:
 * SEVERITY RULE NAME: MESSAGE", into b, the severity between on and off
 * (terminal colours, or "").
 */
/*
 * Write what b holds to out and empty it; a failure (of the write, or of
 * an append before it) is put in err as the comparison's.
 */
int ovp_diff_flush(ovp_rbuf *b, FILE *out, ovp_error *err);

/* The string member key of o, "" when it has none. */
const char *ovp_diff_member(const json_t *o, const char *key);

/* Where finding f is, "FILE:LINE" or "FILE", into buf (cap bytes). */
void ovp_diff_where(const json_t *f, char *buf, size_t cap);

/* Finding f's rule, "OVP004 late", into buf (cap bytes). */
void ovp_diff_rule(const json_t *f, char *buf, size_t cap);

/* The item that slipped, "ID \"Title\"" or whichever of the two it has, into buf (cap bytes). */
void ovp_diff_slip_item(const diff_slip *s, char *buf, size_t cap);

void ovp_diff_finding_line(ovp_rbuf *b, const json_t *f, const char *on, const char *off);

/* The deal a finding names, "" when none. */
const char *ovp_diff_deal_name(const json_t *f);

#endif
