/*
 * Matching a promised feature to a roadmap item (SPEC 3).
 *
 * In this order: a roadmap key found in the text as a whole token; the
 * normalised title or an alias equal to the normalised text; an
 * approximate match by how much of the text a title covers, word by
 * word (stems, typos, abbreviations, acronyms), with candidates drawn
 * from an inverted index.  When two items fit
 * about equally well the promise is ambiguous: a wrong match is worse
 * than none.  Results are reused through a bounded cache.
 */
#ifndef OVERPROMISE_MATCH_H
#define OVERPROMISE_MATCH_H

#include <stddef.h>

#include <overpromise/common.h>
#include <overpromise/error.h>
#include <overpromise/roadmap.h>

#ifdef __cplusplus
extern "C" {
#endif

/** How a promise matched. */
typedef enum ovp_match_kind {
	OVP_MATCH_NONE = 0,  /**< no item */
	OVP_MATCH_KEY,       /**< a roadmap key in the text */
	OVP_MATCH_EXACT,     /**< the normalised title */
	OVP_MATCH_ALIAS,     /**< an alias (roadmap column or configuration) */
	OVP_MATCH_FUZZY,     /**< approximately, at or above min_similarity */
	OVP_MATCH_AMBIGUOUS, /**< two or more items fit about equally well */
	OVP_MATCH_UNCONFIRMED /**< no match, but the best candidate is close (OVP014) */
} ovp_match_kind;

/** "none", "key", "exact", "alias", "approximate", "ambiguous", "unconfirmed". */
OVP_EXTERN const char *ovp_match_kind_name(ovp_match_kind k);

/** Most candidates kept in a result (for ambiguity and --verbose). */
#define OVP_MATCH_MAX_CANDIDATES 5

/** A scored candidate. */
typedef struct ovp_candidate {
	const ovp_item *item;
	double score;
} ovp_candidate;

/** The outcome of matching one text.  Borrowed from the matcher until its next match. */
typedef struct ovp_match {
	ovp_match_kind kind;
	const ovp_item *item;   /**< the item (KEY, EXACT, ALIAS, FUZZY), else NULL */
	double similarity;      /**< 1.0 for KEY, EXACT and ALIAS; else the best score */
	/**
	 * Best first; the tied items for AMBIGUOUS; for UNCONFIRMED the first
	 * is the item suggested.
	 */
	ovp_candidate candidates[OVP_MATCH_MAX_CANDIDATES];
	size_t ncandidates;
	unsigned long scored;   /**< number of items scored for this text */
	/**
	 * The text normalised as ovp_normalize() does (what fingerprints
	 * hash), or NULL when memory was short.
	 */
	const char *feature_norm;
} ovp_match;

/** An alias from the configuration: sales language -> a roadmap key or title. */
typedef struct ovp_alias {
	const char *phrase;
	const char *target;
	const char *file;  /**< where it is written, for messages; NULL when nowhere */
	long line;         /**< its line there, 0 when none */
} ovp_alias;

typedef struct ovp_matcher ovp_matcher;

/**
 * Build a matcher over the items of rm (which must outlive it), with the
 * configured aliases (may be NULL / 0), min_similarity in (0, 1] and
 * unconfirmed_similarity in (0, 1] (taken as min_similarity when above
 * it): a text whose best candidate scores from unconfirmed_similarity up
 * to min_similarity is OVP_MATCH_UNCONFIRMED.  An alias whose target
 * names no item is an error (OVP_ECONFIG) naming the alias, and its file
 * and line where the alias has them; a threshold out of range is
 * OVP_EUSAGE.  On success *out is the caller's to free with
 * ovp_matcher_free().
 */
OVP_EXTERN int ovp_matcher_new(ovp_matcher **out, const ovp_roadmap *rm, const ovp_alias *aliases,
                               size_t naliases, double min_similarity,
                               double unconfirmed_similarity, ovp_error *err);

/**
 * Match len bytes of text.  Returns a result owned by the matcher, valid
 * until the next call on m (copy it to keep it), or NULL with err (may be
 * NULL) saying why: OVP_ENOMEM when out of memory, OVP_ELIMIT for a text
 * of 4 GiB or more.  Equal texts give equal results: results are reused
 * through a bounded cache (see ovp_matcher_set_cache()), which changes
 * how long a call takes, never what it answers.
 */
OVP_EXTERN const ovp_match *ovp_matcher_match(ovp_matcher *m, const char *text, size_t len,
                                              ovp_error *err);

/**
 * Keep at most entries results for reuse (default 131,072; 0 keeps none):
 * once they are that many, a text's result is kept from its second
 * sighting on, and the one least recently asked for makes room.  Forgets
 * the results kept so far.
 * Returns 0, or OVP_EUSAGE when entries is above 16,777,216.
 */
OVP_EXTERN int ovp_matcher_set_cache(ovp_matcher *m, size_t entries);

/**
 * The text with what the matcher takes for noise removed: list bullets
 * and numbering at its start ("1.", "a)", "-", "•") and bracketed tags
 * ("[P1]"), runs of white space made one space, no space at either end.
 * A text that is all noise is kept as it is, trimmed.  Returns a new
 * string that the caller frees with free(), or NULL when out of memory.
 */
OVP_EXTERN char *ovp_match_phrase(const char *text, size_t len);

/** Free the matcher.  m may be NULL. */
OVP_EXTERN void ovp_matcher_free(ovp_matcher *m);

/**
 * The similarity of text a to text b in [0, 1] (1 for equal normalised
 * texts), as the approximate matcher scores a against a roadmap whose
 * only item is titled b.
 */
OVP_EXTERN double ovp_similarity(const char *a, size_t alen, const char *b, size_t blen);

#ifdef __cplusplus
}
#endif

#endif
