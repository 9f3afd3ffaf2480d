/*
 * What the engine needs of finding.c beyond the public header: messages
 * formatted without stdio, and the fingerprint with the normalised texts
 * handed in, so that a run with millions of findings normalises each
 * distinct feature and title once instead of once per finding.
 */
#ifndef OVP_FINDING_IMPL_H
#define OVP_FINDING_IMPL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <overpromise/finding.h>

/*
 * vsnprintf(buf, cap, fmt, ap), byte for byte, made fast for the
 * conversions messages use (%s, %.*s, %d, %ld, %zu, %.0f to %.3f, %%);
 * any other conversion is handed to vsnprintf.  Returns the length
 * written (cut at cap - 1 bytes), not the length the whole text needs.
 */
size_t ovp_message_vformat(char *buf, size_t cap, const char *fmt, va_list ap)
#if defined(__GNUC__)
	__attribute__((format(printf, 3, 0)))
#endif
	;

/* ovp_message_vformat() with the arguments in the call. */
size_t ovp_message_format(char *buf, size_t cap, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 3, 4)))
#endif
	;

/* The state of the fingerprint hash once the rule's code is hashed, the same for every finding of the rule. */
typedef struct ovp_fingerprint_seed {
	uint64_t a, b;
} ovp_fingerprint_seed;

/* The seed of every fingerprint of rule. */
void ovp_fingerprint_seed_of(ovp_rule_id rule, ovp_fingerprint_seed *seed);

/*
 * Compute f's fingerprint as ovp_finding_fingerprint() does, taking
 * feature_norm as ovp_normalize() of f->promise->feature and title_norm
 * as that of f->item->title; either may be NULL, and is then computed
 * here (the title only matters for an item without an id).
 */
void ovp_finding_fingerprint_normalized(ovp_finding *f, const char *feature_norm,
                                        const char *title_norm);

/*
 * ovp_finding_fingerprint_normalized() from seed, which must be what
 * ovp_fingerprint_seed_of() gives for f->rule: a caller that makes many
 * fingerprints keeps the seeds instead of hashing the rule's code each
 * time.
 */
void ovp_finding_fingerprint_seeded(ovp_finding *f, const ovp_fingerprint_seed *seed,
                                    const char *feature_norm, const char *title_norm);

/*
 * The fingerprints of the n findings at fs, as
 * ovp_finding_fingerprint_seeded() makes each, with seeds[r] what
 * ovp_fingerprint_seed_of() gives for rule r.  Findings that share their
 * deal, promise, item, problem and currency (those of one promise) hash
 * the same bytes after their rule's code: those are read once and
 * hashed two findings at a time.  feature_norm and title_norm are those
 * of fs[0] (or NULL); findings about something else normalise their own.
 */
void ovp_finding_fingerprints_seeded(ovp_finding *const *fs, size_t n,
                                     const ovp_fingerprint_seed seeds[OVP_RULE_COUNT],
                                     const char *feature_norm, const char *title_norm);

#endif
