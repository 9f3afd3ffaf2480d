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
#include <string.h>

#include <overpromise/finding.h>

#include "util/str.h"

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

/*
 * A message written piece by piece, for a message whose wording is
 * fixed: the pieces go straight into buf (cap bytes, at least 1),
 * without reading a format, and the result is what
 * ovp_message_format() writes for the same pieces, cut at cap - 1 bytes
 * as vsnprintf cuts.  len never passes cap - 1.
 */
typedef struct ovp_message {
	char *buf;
	size_t cap, len;
} ovp_message;

/* Start a message in buf (cap bytes, cap at least 1) after its first len bytes (len < cap). */
static inline void
ovp_message_start(ovp_message *m, char *buf, size_t cap, size_t len)
{
	m->buf = buf;
	m->cap = cap;
	m->len = len;
}

/*
 * Append the n bytes at s, or as many as fit.  Most pieces of a message
 * (a label, a feature, a status, a day, a number) are short enough for
 * ovp_copy_small().
 */
static inline void
ovp_message_put(ovp_message *m, const char *s, size_t n)
{
	char *d;

	if (n > m->cap - 1 - m->len)
		n = m->cap - 1 - m->len;
	d = m->buf + m->len;
	m->len += n;
	if (n > 16)
		memcpy(d, s, n);
	else
		ovp_copy_small(d, s, n);
}

/* Append a string literal, its length known when compiled ("%s" of a constant). */
#define OVP_MESSAGE_LIT(m, lit) ovp_message_put((m), "" lit, sizeof(lit) - 1)

/* Append string s ("%s"). */
static inline void
ovp_message_str(ovp_message *m, const char *s)
{
	ovp_message_put(m, s, strlen(s));
}

/* Append at most max bytes of s ("%.*s" with max). */
static inline void
ovp_message_strn(ovp_message *m, const char *s, size_t max)
{
	ovp_message_put(m, s, strnlen(s, max));
}

/* Append v in decimal ("%ld"). */
void ovp_message_long(ovp_message *m, long v);

/* Append v with prec decimals, as "%.*f" writes it. */
void ovp_message_fixed(ovp_message *m, double v, int prec);

/* End the message with its NUL; returns its length. */
static inline size_t
ovp_message_end(ovp_message *m)
{
	m->buf[m->len] = '\0';
	return m->len;
}

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
