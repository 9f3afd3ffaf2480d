/*
 * Posting lists: for each key (a word of the roadmap's vocabulary) the
 * items that have it, all lists in one array val with offsets off, the
 * list of key k at val[off[k], off[k + 1]).  The matcher gathers them
 * from the titles, in item order, and then from the aliases, in item
 * order too, so a list is one ascending run or two; its candidate search
 * needs each in ascending order without repeats.
 */
#ifndef OVP_LISTS_H
#define OVP_LISTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * Put each of the nkeys lists in ascending order without repeats, in
 * place, moving the lists up and rewriting off (nkeys + 1 entries).  A
 * list in order is only looked at, one of two ascending runs is merged,
 * any other is sorted.  False when out of memory, with the lists
 * unusable.
 */
bool ovp_lists_order(uint32_t *off, uint32_t *val, size_t nkeys);

#endif
