/*
 * Per-owner tallies of a run: for each deal owner, the deals and promises
 * checked, the findings by severity, the value at risk per currency and
 * in the reporting currency, and the sign-offs, as the summary and the
 * history of runs give them (see finding.h).
 */
#ifndef OVP_OWNERS_H
#define OVP_OWNERS_H

#include <stdbool.h>
#include <stddef.h>

#include <overpromise/engine.h>

typedef struct ovp_owners ovp_owners;

/* An empty tally.  Returns 0 with *out the caller's to free, or OVP_ENOMEM. */
int ovp_owners_new(ovp_owners **out);

/* What one deal adds to its owner's figures. */
typedef struct ovp_owner_deal {
	const unsigned long *by_severity; /* its unsuppressed findings per severity */
	bool at_risk;          /* it has an unsuppressed error */
	bool needs_sign_off;   /* it carries promises of unshipped work */
	bool has_converted;    /* at risk, with an amount converted into the reporting currency */
	double converted;
	bool unconverted;      /* at risk, with an amount that has no rate */
} ovp_owner_deal;

/*
 * Count deal d (not lost) for its owner.  Owners past OVP_OWNERS_MAX are
 * not told apart: their deals are counted as omitted.  Returns 0 or
 * OVP_ENOMEM.
 */
int ovp_owners_add(ovp_owners *o, const ovp_deal *d, const ovp_owner_deal *t);

/*
 * Order the owners for the summary: the most value at risk first (in
 * the reporting currency when every owner's converts, else currency by
 * currency in the order of currencies, n of them), then the most deals
 * at risk and errors, then in order of first appearance.  Returns 0 or
 * OVP_ENOMEM; call it once, after the last deal.
 */
int ovp_owners_sort(ovp_owners *o, const ovp_money *currencies, size_t n);

/* The owners, in order of first appearance or as sorted (none when no deal named one). */
const ovp_owner_summary *ovp_owners_list(const ovp_owners *o, size_t *n,
                                         unsigned long *omitted_deals);

/* Free o.  o may be NULL. */
void ovp_owners_free(ovp_owners *o);

#endif
