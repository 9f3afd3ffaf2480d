/*
 * Titles read ahead for the matcher's index (not public).
 *
 * Building the index starts by normalising and reading every item's
 * title, which needs nothing but the item.  While a roadmap loads on two
 * threads, the thread that makes the items waits for rows now and then;
 * it reads the titles of the items made so far meanwhile, and the index
 * built after the load takes those as they are and reads the rest
 * itself: the same index, byte for byte, with fewer titles to read.
 */
#ifndef OVP_TITLE_READS_H
#define OVP_TITLE_READS_H

#include <stdbool.h>
#include <stddef.h>

#include <overpromise/engine.h>
#include <overpromise/roadmap.h>

typedef struct ovp_title_reads ovp_title_reads;

/* An empty set of titles read ahead, or NULL when out of memory. */
ovp_title_reads *ovp_title_reads_new(void);

/*
 * Read the titles of items[] from the first not yet read up to nitems,
 * in item order (items may have moved since the last call: only the
 * titles are kept).  False once out of memory: tr is of no further use,
 * and the index reads the titles itself.
 */
bool ovp_title_reads_add(ovp_title_reads *tr, const ovp_item *items, size_t nitems);

/* How many items' titles tr holds, from the first on: 0 once out of memory. */
size_t ovp_title_reads_count(const ovp_title_reads *tr);

void ovp_title_reads_free(ovp_title_reads *tr);

/*
 * ovp_roadmap_load_files_on() that reads titles of the items it makes
 * into titles (NULL: none), on the second thread while that would wait
 * for rows; on one thread it reads none.
 */
int ovp_roadmap_load_files_reading(ovp_roadmap **out, const char *const *paths, size_t npaths,
                                   const struct ovp_config *cfg, ovp_day as_of, unsigned threads,
                                   ovp_title_reads *titles, ovp_error *err);

/*
 * ovp_engine_new() with the titles of opts->roadmap's first items read
 * ahead (NULL for none: the index reads the titles not read ahead
 * itself); titles stays the caller's and may be freed once the engine
 * is made.
 */
int ovp_engine_new_reading(ovp_engine **out, const ovp_engine_options *opts,
                           const ovp_title_reads *titles, ovp_error *err);

#endif
