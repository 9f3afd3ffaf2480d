/*
 * The planner on two threads: built with the help of a second thread,
 * and a second planner over the matcher's index and the histories of a
 * first, for another thread (pipeline.c).
 */
#ifndef OVP_PLANNER_IMPL_H
#define OVP_PLANNER_IMPL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <overpromise/error.h>
#include <overpromise/planner.h>

#include "util/arena.h"

/*
 * ovp_planner_new(), on threads threads (1 or 2): with two, the matcher's
 * index is built with the help of a second thread (ovp_matcher_new_on()).
 */
int ovp_planner_new_on(ovp_planner **out, const ovp_roadmap *rm, const ovp_config *cfg,
                       ovp_day as_of, unsigned threads, ovp_error *err);
/*
 * A planner into *out that matches and forecasts exactly as pl does,
 * sharing pl's roadmap index and histories (read only) and matching with
 * a fork of pl's matcher (ovp_matcher_fork(), which takes room for
 * cache_entries results from pl's cache), so that pl and the fork may
 * match at the same time on two threads.  pl must outlive the fork's use;
 * free each with ovp_planner_free(), in either order, or the fork with
 * ovp_planner_join().  Fails with OVP_ENOMEM.
 */
int ovp_planner_fork(ovp_planner **out, ovp_planner *pl, size_t cache_entries, ovp_error *err);
/* Free fork, a fork of pl (NULL is nothing), giving its cache's room back (ovp_matcher_join()). */
void ovp_planner_join(ovp_planner *pl, ovp_planner *fork);
/*
 * The result of the len bytes at text (whose ovp_hash_bytes() is hash)
 * when pl's matcher keeps it in its cache, into *out, its normalised
 * feature put in ar (ovp_matcher_cached_to()): 1, 0 when not kept, or
 * OVP_ENOMEM.
 */
int ovp_planner_cached_to(ovp_planner *pl, const char *text, size_t len, uint64_t hash,
                          ovp_match *out, ovp_arena *ar);
/*
 * ovp_planner_match() of a text (whose ovp_hash_bytes() is hash) that
 * ovp_planner_cached_to() has just not found, without looking for it
 * again (ovp_matcher_match_missed()).
 */
const ovp_match *ovp_planner_match_missed(ovp_planner *pl, const char *text, size_t len,
                                          uint64_t hash, ovp_error *err);
/*
 * Ask ahead for what a lookup of a text whose ovp_hash_bytes() is hash
 * reads in pl's matcher's cache (ovp_matcher_prefetch()).
 */
void ovp_planner_prefetch(const ovp_planner *pl, uint64_t hash, bool blocks);
/* Offer r, the result of text that a fork of pl made, to pl's cache (ovp_matcher_learn()). */
void ovp_planner_learn(ovp_planner *pl, const char *text, size_t len, uint64_t hash,
                       const ovp_match *r);
/* Bound pl's matcher's cache to entries results (ovp_matcher_set_cache()). */
int ovp_planner_set_cache(ovp_planner *pl, size_t entries);

#endif
