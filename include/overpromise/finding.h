/*
 * Findings: what the rules report, and the summary of a run.
 *
 * A finding borrows the deal, promise, item and match it concerns; they
 * are valid only while the finding is being handed to a report sink, so
 * a sink that keeps findings must copy what it needs.
 */
#ifndef OVERPROMISE_FINDING_H
#define OVERPROMISE_FINDING_H

#include <stdbool.h>
#include <stddef.h>

#include <overpromise/common.h>
#include <overpromise/date.h>
#include <overpromise/deals.h>
#include <overpromise/match.h>
#include <overpromise/problem.h>
#include <overpromise/roadmap.h>
#include <overpromise/rules.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Hex digits of a fingerprint, plus the NUL. */
#define OVP_FINGERPRINT_SIZE 33

/** One finding. */
typedef struct ovp_finding {
	ovp_rule_id rule;
	ovp_severity severity;      /**< after configuration overrides */
	const char *message;        /**< one line: what was promised, what is planned, by how much it misses */
	char fingerprint[OVP_FINGERPRINT_SIZE]; /**< stable across runs and row moves */
	bool suppressed;            /**< in the baseline: reported, never failing the run */
	const char *file;           /**< location: the deals or the roadmap file */
	long line;                  /**< location: the physical line (a workbook's row number) */
	const char *sheet;          /**< location: the sheet of a workbook, or NULL for a CSV file */
	const ovp_deal *deal;       /**< or NULL (roadmap and portfolio findings) */
	const ovp_promise *promise; /**< or NULL */
	const ovp_item *item;       /**< or NULL */
	const ovp_match *match;     /**< how the promise matched, or NULL */
	const ovp_problem *problem; /**< OVP201: the problem, else NULL */
	bool has_days_late;
	long days_late;
	bool has_p_late;
	double p_late;
	size_t samples;             /**< samples p_late rests on */
	bool prior;                 /**< p_late comes from the prior */
	bool has_similarity;
	double similarity;
	/**
	 * OVP004, OVP005, OVP006: the earliest day the promise can honestly be
	 * given, at the configured confidence, by the slip model of `when`
	 * (OVP_DAY_NONE when the item has no such day); has_suggested is
	 * false for the other rules.
	 */
	bool has_suggested;
	ovp_day suggested_date;
	double confidence;          /**< the confidence suggested_date is for */
	/* OVP101 */
	const char *currency;       /**< currency of the concentration, or NULL */
	double share;               /**< share of the promised value */
	double amount;              /**< value hanging on the item */
	size_t ndeals;              /**< deals hanging on the item (OVP101) or waiting on the items (OVP015) */
	/* OVP015 */
	const char *team;           /**< the team whose load it is, or NULL for a roadmap without teams */
	ovp_day due;                /**< the date by which the promised work exceeds the pace */
	double promised;            /**< effort promised on unshipped items due by then */
	double deliverable;         /**< effort the team's pace delivers by then */
	double pace;                /**< effort shipped a day over the history window */
	const ovp_item *const *items; /**< the items promised by then, earliest due first */
	size_t nitems;
} ovp_finding;

/** Value at risk in one currency. */
typedef struct ovp_money {
	char currency[8]; /**< ISO code, or "" when unknown (null in JSON) */
	double amount;
} ovp_money;

/** Most currencies kept apart in a summary. */
#define OVP_SUMMARY_MAX_CURRENCIES 32

/** What the deals of one owner saw and found (ovp_summary.owners). */
typedef struct ovp_owner_summary {
	const char *owner;          /**< as written in the deals export; "" for deals without one */
	unsigned long deals;        /**< deals checked (not lost) */
	unsigned long promises;
	unsigned long deals_at_risk; /**< deals with at least one unsuppressed error */
	unsigned long by_severity[OVP_SEV_ERROR + 1]; /**< unsuppressed findings per severity */
	const ovp_money *value_at_risk; /**< per currency, in order of first appearance */
	size_t ncurrencies;
	/**
	 * The value at risk in the reporting currency, when one is set and
	 * every amount at risk of the owner's deals has a rate.
	 */
	bool has_total;
	double value_at_risk_total;
	/** Deals that carry promises of unshipped work: a solution expert should sign them off. */
	unsigned long needing_sign_off;
	/** Of those, the ones whose sign-off is recorded (the export has a sign-off column). */
	unsigned long signed_off;
	bool sign_off_known;        /**< some deal of the owner came from an export with a sign-off column */
} ovp_owner_summary;

/** What a run saw and found. */
typedef struct ovp_summary {
	unsigned long deals;        /**< deals checked (not lost) */
	unsigned long promises;     /**< promises checked */
	unsigned long roadmap_items;
	unsigned long skipped;      /**< lost deals */
	unsigned long suppressed;   /**< findings in the baseline */
	unsigned long findings;     /**< all findings, suppressed included */
	unsigned long by_severity[OVP_SEV_ERROR + 1]; /**< unsuppressed findings per severity */
	unsigned long by_rule[OVP_RULE_COUNT];        /**< unsuppressed findings per rule */
	ovp_money value_at_risk[OVP_SUMMARY_MAX_CURRENCIES]; /**< per currency, in order of first appearance */
	size_t ncurrencies;
	ovp_severity worst;         /**< highest severity of an unsuppressed finding, OFF when none */
	bool amounts;               /**< some deal checked has an amount */
	/**
	 * The value at risk in the reporting currency (value_at_risk_total in
	 * JSON): total_currency is "" when no reporting currency is set, and
	 * has_total false when some amount at risk is in a currency without
	 * a rate.
	 */
	char total_currency[8];
	bool has_total;
	double value_at_risk_total;
	/**
	 * Per deal owner, the most value at risk first, when some deal named
	 * an owner; else NULL and 0.  Borrowed from the engine that made the
	 * summary.  owners_omitted_deals counts the deals of owners past
	 * the most that are told apart.
	 */
	const ovp_owner_summary *owners;
	size_t nowners;
	unsigned long owners_omitted_deals;
} ovp_summary;

/**
 * Compute f's fingerprint from rule ID, deal id (or name), normalised
 * feature and item id, and for OVP201 the file, column and cell text.
 */
OVP_EXTERN void ovp_finding_fingerprint(ovp_finding *f);

#ifdef __cplusplus
}
#endif

#endif
