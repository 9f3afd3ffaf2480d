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

#include <overpromise/common.h>
#include <overpromise/date.h>
#include <overpromise/error.h>
#include <overpromise/problem.h>
#include <overpromise/status.h>

#ifdef __cplusplus
extern "C" {
#endif

struct ovp_config;

/** What an item's effort is counted in. */
typedef enum ovp_effort_unit {
	OVP_EFFORT_POINTS = 0, /**< story points or the tool's own estimate, as written */
	OVP_EFFORT_DAYS        /**< days of work (a time estimate in seconds, at hours_per_day) */
} ovp_effort_unit;

/** One roadmap item. */
typedef struct ovp_item {
	const char *id;           /**< key as written ("PRJ-123"), or "" */
	const char *title;        /**< title as written, or "" */
	const char *status;       /**< status as written */
	const char *resolution;   /**< resolution as written (Jira), or "" */
	ovp_status_class cls;     /**< its class, after the resolution refinement */
	const char *planned_text; /**< the planned cell as written, or "" */
	/**
	 * Planned window; none when unscheduled.  Its end is the planned date;
	 * its start is the item's target start where the export has one (Jira's
	 * "Target start"), else the start of the planned cell's period.
	 */
	ovp_window planned;
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
	double effort;            /**< story points, estimate or days of work, or -1 */
	ovp_effort_unit effort_unit; /**< what effort counts */
	const char *team;         /**< the team, project or area it belongs to, or "" */
	long line;                /**< physical line of the item's row in its roadmap file */
	const char *file;         /**< that file as named by the caller, or NULL when the item
	                               was not read from a file */
	size_t source;            /**< index of that file in the roadmap's files */
	/**
	 * Its file has no planned-date column: the item has no planned date
	 * because the export gives none, not because it is unscheduled, and
	 * the rules that need a planned date are not applied to it.
	 */
	bool no_planned_column;
} ovp_item;

/** Where an item stands in the plan: what every date rule and `when` start from. */
typedef enum ovp_plan_state {
	OVP_PLAN_DATED = 0,   /**< open, with a planned date */
	OVP_PLAN_SHIPPED,     /**< shipped */
	OVP_PLAN_CANCELLED,   /**< cancelled */
	OVP_PLAN_UNSCHEDULED, /**< open but not scheduled: unplanned, Later, or no planned date */
	OVP_PLAN_NO_DATES     /**< open, but its file gives no planned dates at all */
} ovp_plan_state;

/** Where item it stands in the plan (see ovp_plan_state). */
OVP_EXTERN ovp_plan_state ovp_item_plan_state(const ovp_item *it);

/** One file of a roadmap read from several. */
typedef struct ovp_roadmap_file {
	const char *path;         /**< as named by the caller ("<stdin>" for "-") */
	size_t first;             /**< index of its first item in the roadmap's items */
	size_t nitems;            /**< its items: items[first .. first + nitems) */
	bool has_planned;         /**< some column of it holds the planned date */
	const char *sheet;        /**< the workbook's sheet it was read from, or NULL for a CSV file */
	long header_line;         /**< physical line of its header, where notes on the file go */
	bool has_teams;           /**< some column of it holds the item's team */
} ovp_roadmap_file;

/** Most rows a roadmap may hold, all its files together; more are refused (OVP_ELIMIT). */
#define OVP_ROADMAP_MAX_ROWS 1000000

/** A loaded roadmap: the items of one file, or of several read as one. */
typedef struct ovp_roadmap {
	const char *path;         /**< the (first) file as named by the caller */
	const ovp_roadmap_file *files; /**< the files, in the order given */
	size_t nfiles;
	const ovp_item *items;    /**< items in file order, the files one after another */
	size_t nitems;
	const ovp_problem *problems; /**< data-quality problems, by file, then in line order */
	size_t nproblems;
	bool numeric_ids;         /**< every non-empty id is purely numeric (Azure DevOps) */
} ovp_roadmap;

/**
 * Read the roadmap export at path ("-" for standard input) with the
 * column overrides, date order and status vocabulary of cfg (which may
 * be NULL for the defaults).  as_of is "today", for Now and Next.  On
 * success *out is the caller's to free with ovp_roadmap_free().  Fails
 * with OVP_EIO or OVP_EINPUT (no header, no id/title column, no status
 * column, unterminated quote) or OVP_ELIMIT (more than
 * OVP_ROADMAP_MAX_ROWS rows, or a limit of the CSV reader) naming file
 * and line.  A file without a planned-date column is read: its items
 * have no planned date (no_planned_column), and one problem on its
 * header line says so and which rules are not applied.  An id that two
 * items share (in one file or two) is a problem at the later item that
 * names the other; a promise naming it is ambiguous.
 */
OVP_EXTERN int ovp_roadmap_load(ovp_roadmap **out, const char *path, const struct ovp_config *cfg,
                                ovp_day as_of, ovp_error *err);

/**
 * ovp_roadmap_load() for the npaths files at paths (at most one of them
 * "-"), read as one roadmap: each file with its own columns and date
 * orders, the items of all in one list (each with its file), the
 * problems by file and then by line.  Fails as ovp_roadmap_load() does,
 * on the first file that cannot be read, or with OVP_EUSAGE when npaths
 * is 0.
 */
OVP_EXTERN int ovp_roadmap_load_files(ovp_roadmap **out, const char *const *paths, size_t npaths,
                                      const struct ovp_config *cfg, ovp_day as_of, ovp_error *err);

/**
 * ovp_roadmap_load_files() on threads threads (1 or 2): with two, a
 * second thread makes the items of the rows that the calling thread
 * reads.  The roadmap, its problems and the error of a file that cannot
 * be read are the same as on one.
 */
OVP_EXTERN int ovp_roadmap_load_files_on(ovp_roadmap **out, const char *const *paths,
                                         size_t npaths, const struct ovp_config *cfg,
                                         ovp_day as_of, unsigned threads, ovp_error *err);

/**
 * Fill *view with the items of file k of rm (k < rm->nfiles), as a
 * roadmap of that file alone: its items, no problems.  The view borrows
 * from rm and needs no freeing; it lives as long as rm.  Meant for what
 * is worked out per file, such as a file's own history of delays.
 */
OVP_EXTERN void ovp_roadmap_file_view(const ovp_roadmap *rm, size_t k, ovp_roadmap *view);

/** Free a roadmap and every item.  rm may be NULL. */
OVP_EXTERN void ovp_roadmap_free(ovp_roadmap *rm);

#ifdef __cplusplus
}
#endif

#endif
