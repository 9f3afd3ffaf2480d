/*
 * Per-owner tallies of a run: for each deal owner, the deals and promises
 * checked, the findings by severity and the value at risk per currency,
 * as the history of runs records them (see check.h).
 */
#ifndef OVP_OWNERS_H
#define OVP_OWNERS_H

#include <stdbool.h>
#include <stddef.h>

#include <overpromise/engine.h>

typedef struct ovp_owners ovp_owners;

/* An empty tally.  Returns 0 with *out the caller's to free, or OVP_ENOMEM. */
int ovp_owners_new(ovp_owners **out);

/*
 * Count deal d (not lost) for its owner: its findings by severity
 * (unsuppressed), and its amount when at_risk.  Owners past
 * OVP_OWNERS_MAX are not told apart: their deals are counted as omitted.
 * Returns 0 or OVP_ENOMEM.
 */
int ovp_owners_add(ovp_owners *o, const ovp_deal *d, const unsigned long *by_severity,
                   bool at_risk);

/* The owners in order of first appearance (none when no deal named one). */
const ovp_owner_summary *ovp_owners_list(const ovp_owners *o, size_t *n,
                                         unsigned long *omitted_deals);

/* Free o.  o may be NULL. */
void ovp_owners_free(ovp_owners *o);

#endif
