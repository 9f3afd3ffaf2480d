/*
 * Titles read ahead for the matcher's index (not public).
 *
 * Building the index starts by normalising and reading every item's
 * title, which needs nothing but the item.  While a roadmap loads on two
 * threads, the thread that makes the items is not kept busy by them, so
 * it reads each batch's titles as it makes them, and the index built
 * after the load takes them as they are: the same index, byte for byte,
 * without reading a title on the calling thread.
 */
#ifndef OVP_TITLE_READS_H
#define OVP_TITLE_READS_H

#include <stddef.h>

#include <overpromise/engine.h>
#include <overpromise/roadmap.h>

typedef struct ovp_title_reads ovp_title_reads;

/* An empty set of titles read ahead, or NULL when out of memory. */
ovp_title_reads *ovp_title_reads_new(void);

/*
 * Read the titles of items[] from the first not yet read up to nitems,
 * in item order (items may have moved since the last call: only the
 * titles are kept).  Out of memory, tr is of no further use, and the
 * index reads the titles itself.
 */
void ovp_title_reads_add(ovp_title_reads *tr, const ovp_item *items, size_t nitems);

/* How many items' titles tr holds, from the first on: 0 once out of memory. */
size_t ovp_title_reads_count(const ovp_title_reads *tr);

void ovp_title_reads_free(ovp_title_reads *tr);

/*
 * ovp_roadmap_load_files_on() that reads the titles of the items it makes
 * on the second thread into titles (NULL: none), with the items;
 * on one thread it reads none.
 */
int ovp_roadmap_load_files_reading(ovp_roadmap **out, const char *const *paths, size_t npaths,
                                   const struct ovp_config *cfg, ovp_day as_of, unsigned threads,
                                   ovp_title_reads *titles, ovp_error *err);

/*
 * ovp_engine_new() with the titles of opts->roadmap's items read ahead
 * (NULL, or not all of them: the index reads them itself); titles stays
 * the caller's and may be freed once the engine is made.
 */
int ovp_engine_new_reading(ovp_engine **out, const ovp_engine_options *opts,
                           const ovp_title_reads *titles, ovp_error *err);

#endif
