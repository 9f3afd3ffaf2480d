/*
 * The matcher on two threads: its index built with the help of a second
 * thread, and a second matcher over the index of a first, for another
 * thread.
 */
#ifndef OVP_MATCH_FORK_H
#define OVP_MATCH_FORK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <overpromise/error.h>
#include <overpromise/match.h>

#include "../util/arena.h"

/*
 * ovp_matcher_new(), on threads threads (1 or 2): with two, a second
 * thread reads half of the item titles while the calling thread reads
 * the other half, and the index is the same, byte for byte, as on one.
 */
int ovp_matcher_new_on(ovp_matcher **out, const ovp_roadmap *rm, const ovp_alias *aliases,
                       size_t naliases, double min_similarity, double unconfirmed_similarity,
                       unsigned threads, ovp_error *err);
/*
 * A matcher into *out that matches exactly as m does, sharing m's index
 * (read only while matching) and owning the state of the texts it
 * matches, so that m and the fork may match at the same time on two
 * threads (but neither on two).  The fork takes room for cache_entries
 * results (at most half of it) from m's cache (ovp_matcher_set_cache()),
 * so that two caches hold no more than one did: m forgets the results it
 * kept.  The fork's cache admits every text it matches, so keeps the
 * most recent: m's filters what it learns of them (ovp_matcher_learn()).
 * m must outlive the fork's matching; free each with ovp_matcher_free(),
 * in either order, or the fork with ovp_matcher_join().  Fails with
 * OVP_ENOMEM.
 */
int ovp_matcher_fork(ovp_matcher **out, ovp_matcher *m, size_t cache_entries, ovp_error *err);
/*
 * Free f, a fork of m (NULL is nothing), and give the room of its cache
 * back to m's, so that m holds as many results as before the fork (and,
 * as when forked, forgets the results it kept).
 */
void ovp_matcher_join(ovp_matcher *m, ovp_matcher *f);
/*
 * ovp_matcher_match() of the len bytes at text (NULL as ""), whose
 * ovp_hash_bytes() the caller has already: hash.  The hash-taking calls
 * below take it the same way.
 */
const ovp_match *ovp_matcher_match_hashed(ovp_matcher *m, const char *text, size_t len,
                                          uint64_t hash, ovp_error *err);
/*
 * The result of the len bytes at text when m's cache keeps it, as
 * ovp_matcher_match() would give it, into *out, its normalised feature
 * put in ar, so that the result lasts as long as ar's memory: 1; 0 when
 * m's cache does not keep it (a text not kept is left to be matched, by
 * m or a fork); OVP_ENOMEM when ar is out of memory.
 */
int ovp_matcher_cached_to(ovp_matcher *m, const char *text, size_t len, uint64_t hash,
                          ovp_match *out, ovp_arena *ar);
/*
 * ovp_matcher_match_hashed() of a text that ovp_matcher_cached_to() has
 * just not found in m's cache, without looking for it there again: the
 * same result, made and offered to the cache.
 */
const ovp_match *ovp_matcher_match_missed(ovp_matcher *m, const char *text, size_t len,
                                          uint64_t hash, ovp_error *err);
/*
 * Ask for the memory that a lookup in m's cache of a text whose
 * ovp_hash_bytes() is hash reads, ahead of ovp_matcher_cached_to(),
 * ovp_matcher_match() or ovp_matcher_learn() of it, so that the fetches
 * of several texts overlap: first with blocks false, then, once the
 * other texts' first calls are made, with blocks true.  Changes no
 * result, only how long the lookup waits.
 */
void ovp_matcher_prefetch(const ovp_matcher *m, uint64_t hash, bool blocks);
/*
 * Offer r, the result of the len bytes at text that a fork of m (or m)
 * made, to m's cache as if m had just made it, unless m keeps it already.
 */
void ovp_matcher_learn(ovp_matcher *m, const char *text, size_t len, uint64_t hash,
                       const ovp_match *r);

#endif
