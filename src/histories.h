/*
 * The slip histories of a roadmap: one history of delays for the whole
 * roadmap, or, when its files are told apart (`[forecast] per_file`),
 * one per file, so that each team's export is judged by its own record.
 * The slip model itself is forecast.h; this only decides which items
 * each history is built from and which history an item is judged by.
 */
#ifndef OVP_HISTORIES_H
#define OVP_HISTORIES_H

#include <stdbool.h>
#include <stddef.h>

#include <overpromise/forecast.h>
#include <overpromise/roadmap.h>

#ifdef __cplusplus
extern "C" {
#endif

/** The histories of one roadmap. */
typedef struct ovp_histories {
	ovp_history *h;  /**< one per file when per_file, else one for every item */
	size_t n;
	bool per_file;
} ovp_histories;

/**
 * Build the histories of rm as they stand on day as_of, with min_history
 * (see ovp_history_build()): one from all items, or with per_file one
 * from the items of each file of rm.  On success fills *hs (free it with
 * ovp_histories_free()) and returns 0; OVP_ENOMEM otherwise, with *hs
 * left empty.
 */
int ovp_histories_build(ovp_histories *hs, const ovp_roadmap *rm, ovp_day as_of, size_t min_history,
                        bool per_file);

/**
 * The history item it is judged by: its file's, or the one for all.
 * Borrowed from hs.  Never NULL once hs is built.
 */
const ovp_history *ovp_histories_for(const ovp_histories *hs, const ovp_item *it);

/** Free the histories of hs (not hs itself).  hs may be empty. */
void ovp_histories_free(ovp_histories *hs);

#ifdef __cplusplus
}
#endif

#endif
