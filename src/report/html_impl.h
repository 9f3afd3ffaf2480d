/*
 * What the files of the HTML report share (html.c keeps what the page
 * needs, html_text.c writes texts, html_page.c draws the page at the
 * end): the sink's state and the writers of texts.
 */
#ifndef OVP_REPORT_HTML_IMPL_H
#define OVP_REPORT_HTML_IMPL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <overpromise/report.h>

#include "../amount.h"
#include "report_impl.h"


enum {
	TEXT_MAX = 160,       /* bytes kept of a name, label or status */
	MAX_LANES = 5000,     /* lanes of the timeline */
	MAX_DEALS = 50000,    /* deals of the deal summary */
	MAX_MARKS = 200000,   /* promises drawn on the timeline */
	MAX_CURRENCIES = OVP_SUMMARY_MAX_CURRENCIES,
	LABEL_COLUMNS = 32,   /* display columns of a lane label before it is cut */
	STATUS_COLUMNS = 15,  /* and of a status */
	FLUSH_AT = 1 << 16    /* bytes rendered before they are written out */
};

/* The geometry of the timeline, in CSS pixels. */
enum {
	LANE_H = 22,
	LABEL_W = 240,
	STATUS_W = 112,
	VALUE_W = 118,        /* room for "USD 999,999,999" and more: longer amounts are shortened */
	CHART_X = LABEL_W + STATUS_W + VALUE_W + 6,
	CHART_W = 700,
	SVG_W = CHART_X + CHART_W + 20,
	AXIS_H = 40,
	BAR_Y = 5,
	BAR_H = 12,
	MARK_R = 5
};

_Static_assert(OVP_RULE_COUNT <= 32, "a mark keeps the rules it raised in 32 bits");

typedef enum lane_kind {
	LANE_ITEM = 0,   /* a roadmap item */
	LANE_UNMATCHED,  /* a feature that is not on the roadmap */
	LANE_AMBIGUOUS   /* a feature that matches several items */
} lane_kind;

typedef struct lane {
	char *key;            /* "I<line>" for an item, "F<feature>" (unmatched), "A<feature>" */
	char *label;          /* "PLAT-101 Single sign-on (SAML)", or the feature */
	char *id;             /* the item's key, or "" */
	char *status;         /* the item's status as written, or "" */
	char *planned_text;   /* the planned cell as written, or "" */
	char *file;           /* the item's roadmap file, or "" */
	long line;            /* the item's line there, or 0 */
	lane_kind kind;
	ovp_status_class cls;
	ovp_window planned;
	bool later;
	unsigned long seq;    /* order of arrival */
	/* Worked out at the end, from the marks. */
	double *risk;         /* per currency of the report: value of the deals at risk here */
	ovp_severity worst;
	bool may_slip;        /* a promise on it has a slip-risk or slipped finding */
	unsigned long npromises, ndeals, deals_at_risk, undated;
	uint32_t last_deal, last_risk_deal; /* deal index + 1, to count each deal once */
} lane;

typedef struct deal_rec {
	char *name, *account, *stage, *owner;
	ovp_day close;        /* OVP_DAY_NONE when the deal has no close date */
	char currency[OVP_CURRENCY_SIZE];
	double amount;
	bool has_amount;
	long line;
	unsigned long promises;
	unsigned long count[OVP_SEV_ERROR + 1]; /* unsuppressed findings by severity */
	unsigned long suppressed;
	uint32_t rules;       /* rules of its unsuppressed findings */
	double converted;     /* its amount in the reporting currency, when it converts */
	bool has_converted;
	/* Its place in the deals table: 0 and the converted amount, or its
	 * currency's rank and its amount (amounts of two currencies are never
	 * compared). */
	size_t sort_rank;
	double sort_value;
	bool sort_converted;
	long late_days;       /* the most days late of its OVP004 findings */
	long overdue_days;    /* the most days overdue of its OVP005 findings */
	unsigned long seq;
} deal_rec;

/* A promise on the timeline. */
typedef struct mark {
	uint32_t lane, deal;
	ovp_day due;          /* OVP_DAY_NONE when the promise has no due date */
	uint32_t rules;       /* rules of its unsuppressed findings */
	uint8_t worst;        /* worst unsuppressed severity, OVP_SEV_OFF when none */
	bool suppressed;      /* has findings in the baseline */
} mark;

typedef struct html_sink {
	ovp_sink base;
	ovp_spool rows;       /* the rows of the findings table */
	ovp_rbuf buf;         /* what is being rendered */
	unsigned long nfindings;
	lane *lanes;
	size_t nlanes, clanes;
	uint32_t *slots;      /* open-addressing index of lane keys: lane index + 1, 0 free */
	size_t nslots;
	deal_rec *deals;
	size_t ndeals, cdeals;
	mark *marks;
	size_t nmarks, cmarks;
	unsigned long dropped_marks, dropped_deals;
	/* The promise whose findings arrive now (never dereferenced, only compared). */
	const void *cur_promise;
	long cur_deal_line, cur_promise_line;
	long cur_mark;        /* its mark, or -1 when it was left out */
	bool has_cur;
	long dropped_line;    /* the last deal left out of the deal summary, or 0 */
	/* Currencies of the deals at risk, in order of first appearance (end only). */
	char currencies[MAX_CURRENCIES][OVP_CURRENCY_SIZE];
	size_t ncurrencies;
	bool all_converted;   /* every deal with an amount has it in the reporting currency */
	int failed;
} html_sink;

/* ---- html_text.c: texts ---- */

/*
 * Append the n bytes at s as inert HTML, fit for element text and for a
 * double- or single-quoted attribute alike (ovp_html_put() for a string).
 */
void ovp_html_put_n(ovp_rbuf *b, const char *s, size_t n);

/*
 * Append s as ovp_html_put() does, but when it is wider than cols display
 * columns, only as much as fits in cols - 1 and an ellipsis.
 */
void ovp_html_put_cut(ovp_rbuf *b, const char *s, int cols);

/* A copy of s cut to at most TEXT_MAX bytes on a character boundary, with an ellipsis when cut; NULL when out of memory. */
char *ovp_html_cut_dup(const char *s);

void ovp_html_put_day(ovp_rbuf *b, ovp_day d);
void ovp_html_put_money(ovp_rbuf *b, const char *currency, double amount);
/* "Q1 2027 (to 2027-03-31)", or the day alone when that is what was written. */
void ovp_html_put_planned(ovp_rbuf *b, ovp_window planned, const char *text, bool later);
/* The names of the rules in mask, in catalogue order, separated by ", ". */
void ovp_html_put_rules(ovp_rbuf *b, uint32_t mask);
/* The CSS class of a severity: its name, "ok" for OVP_SEV_OFF. */
const char *ovp_html_sev_class(ovp_severity s);
/* Write what is rendered when there is enough of it (or always, when force). */
int ovp_html_flush(html_sink *hs, bool force);

/* ---- html_page.c: the page, at the end ---- */

/* The end op: work out the lanes and write the page. */
int ovp_html_end(ovp_sink *s, const ovp_summary *sum, ovp_error *err);

#endif
