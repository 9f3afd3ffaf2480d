/*
 * What the engine needs of finding.c beyond the public header: the
 * fingerprint with the normalised texts handed in, so that a run with
 * millions of findings normalises each distinct feature and title once
 * instead of once per finding.
 */
#ifndef OVP_FINDING_IMPL_H
#define OVP_FINDING_IMPL_H

#include <overpromise/finding.h>

/*
 * Compute f's fingerprint as ovp_finding_fingerprint() does, taking
 * feature_norm as ovp_normalize() of f->promise->feature and title_norm
 * as that of f->item->title; either may be NULL, and is then computed
 * here (the title only matters for an item without an id).
 */
void ovp_finding_fingerprint_normalized(ovp_finding *f, const char *feature_norm,
                                        const char *title_norm);

#endif
