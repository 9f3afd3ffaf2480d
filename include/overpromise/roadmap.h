/*
 * The roadmap: one item per row of the roadmap export, with its status
 * class, planned window, history dates and what else the rules read.
 *
 * The whole roadmap is kept in memory (it is small next to the deals);
 * every string of an item is owned by the roadmap and lives until
 * ovp_roadmap_free().
 */
#ifndef OVERPROMISE_ROADMAP_H
#define OVERPROMISE_ROADMAP_H

#include <stdbool.h>
#include <stddef.h>

#include <overpromise/date.h>
#include <overpromise/error.h>
#include <overpromise/problem.h>

#ifdef __cplusplus
extern "C" {
#endif

struct ovp_config;

/** The class every status falls into (SPEC 2.3). */
typedef enum ovp_status_class {
	OVP_CLASS_PLANNED = 0,
	OVP_CLASS_IN_PROGRESS,
	OVP_CLASS_SHIPPED,
	OVP_CLASS_CANCELLED,
	OVP_CLASS_UNPLANNED,
	OVP_CLASS_COUNT
} ovp_status_class;

/** "planned", "in_progress", "shipped", "cancelled", "unplanned". */
const char *ovp_status_class_name(ovp_status_class c);

/** One roadmap item. */
typedef struct ovp_item {
	const char *id;           /**< key as written ("PRJ-123"), or "" */
	const char *title;        /**< title as written, or "" */
	const char *status;       /**< status as written */
	const char *resolution;   /**< resolution as written (Jira), or "" */
	ovp_status_class cls;     /**< its class, after the resolution refinement */
	const char *planned_text; /**< the planned cell as written, or "" */
	ovp_window planned;       /**< planned window; none when unscheduled */
	bool later;               /**< planned in the "Later" bucket */
	ovp_window baseline;      /**< original (baseline) date, if any */
	ovp_window shipped;       /**< shipped (resolved) date, if any */
	ovp_window created;       /**< created date, if any */
	double confidence;        /**< delivery confidence in [0, 1], or -1 when unknown */
	const char *confidence_text; /**< the confidence cell as written, or "" */
	const char *maturity;     /**< maturity or label that marks a prototype, or "" */
	bool prototype;           /**< proof of concept, prototype, beta, preview, experiment */
	const char *const *aliases; /**< other names of the item */
	size_t naliases;
	const char *const *labels;  /**< labels and tags */
	size_t nlabels;
	double effort;            /**< story points or estimate, or -1 */
	const char *team;         /**< the team, project or area it belongs to, or "" */
	long line;                /**< physical line of the item's row in the roadmap file */
} ovp_item;

/** Most rows a roadmap export may hold; a longer one is refused (OVP_ELIMIT). */
#define OVP_ROADMAP_MAX_ROWS 1000000

/** A loaded roadmap. */
typedef struct ovp_roadmap {
	const char *path;         /**< the file as named by the caller */
	const ovp_item *items;    /**< items in file order */
	size_t nitems;
	const ovp_problem *problems; /**< data-quality problems, in line order */
	size_t nproblems;
	bool numeric_ids;         /**< every non-empty id is purely numeric (Azure DevOps) */
	bool has_teams;           /**< the export has a team column */
	long header_line;         /**< physical line of the header row */
} ovp_roadmap;

/**
 * Read the roadmap export at path ("-" for standard input) with the
 * column overrides, date order and status vocabulary of cfg (which may
 * be NULL for the defaults).  as_of is "today", for Now and Next.  On
 * success *out is the caller's to free with ovp_roadmap_free().  Fails
 * with OVP_EIO or OVP_EINPUT (no header, no id/title column, no status or
 * planned column, unterminated quote) or OVP_ELIMIT (more than
 * OVP_ROADMAP_MAX_ROWS rows, or a limit of the CSV reader) naming file
 * and line.
 */
int ovp_roadmap_load(ovp_roadmap **out, const char *path, const struct ovp_config *cfg,
                     ovp_day as_of, ovp_error *err);

/** Free a roadmap and every item.  rm may be NULL. */
void ovp_roadmap_free(ovp_roadmap *rm);

/**
 * Classify a status (and an optional resolution, NULL or "" when none)
 * with the built-in vocabulary extended by cfg.  A status in no vocabulary
 * is taken from the status category hint (NULL or "" when none) when the
 * hint is known, else it is planned; *known is false only in that last
 * case, so that the caller reports the status.  known may be NULL.
 */
ovp_status_class ovp_status_classify(const char *status, const char *resolution,
                                     const char *category, const struct ovp_config *cfg,
                                     bool *known);

#ifdef __cplusplus
}
#endif

#endif
