/*
 * Hooks into the roadmap and deals loaders, for inspect (not public).
 *
 * `overpromise inspect` must show how a file is read by the very code
 * that reads it for `check`: the same table, the same mapping, the same
 * problems.  The loaders take these optional hooks and call them with
 * their table as they go; the hooks only look.
 */
#ifndef OVP_LOAD_HOOKS_H
#define OVP_LOAD_HOOKS_H

#include <stdbool.h>
#include <stddef.h>

#include <overpromise/deals.h>
#include <overpromise/roadmap.h>

#include "table.h"

typedef struct ovp_load_hooks {
	/* After the header is mapped and the look-ahead rows are read. */
	void (*opened)(void *ctx, const ovp_table *t);
	/* For every data row, before the loader reads it. */
	void (*row)(void *ctx, const ovp_table *t, const ovp_table_row *row);
	/* Just before the table is closed (also when loading fails after opening). */
	void (*closing)(void *ctx, const ovp_table *t);
	/*
	 * Optional: a column that check cannot do without is missing (err says
	 * which).  Returning 0 makes the loader read the rows all the same, as
	 * far as they can be read without it; a negative code stops it.  NULL:
	 * the load fails with err.
	 */
	int (*missing)(void *ctx, const ovp_error *err);
	void *ctx;
} ovp_load_hooks;

/* ovp_roadmap_load() with hooks (NULL for none). */
int ovp_roadmap_load_hooked(ovp_roadmap **out, const char *path, const struct ovp_config *cfg,
                            ovp_day as_of, const ovp_load_hooks *hooks, ovp_error *err);

/* ovp_deals_open() with hooks (NULL for none); they live until ovp_deals_close(). */
int ovp_deals_open_hooked(ovp_deals_reader **out, const char *path, const struct ovp_config *cfg,
                          const ovp_load_hooks *hooks, ovp_error *err);

/* The field definitions of each loader; *n receives their number. */
const ovp_field_def *ovp_roadmap_field_defs(size_t *n);
const ovp_field_def *ovp_deals_field_defs(size_t *n);

/* Fill opts (and overrides, room for OVP_CONFIG_MAX_FIELDS) as each loader opens its table. */
void ovp_roadmap_table_options(const struct ovp_config *cfg, ovp_table_options *opts,
                               const char **overrides);
void ovp_deals_table_options(const struct ovp_config *cfg, ovp_table_options *opts,
                             const char **overrides);

/*
 * The largest estimate read, in story points or days: no item takes more,
 * and a bound keeps the sums of the overcommitted rule (items times
 * estimate, pace times days) finite, so that no infinity reaches a report.
 */
#define OVP_EFFORT_MAX 1e6

/*
 * A time estimate as days of work: a bare number counts in units of
 * unit days (see ovp_roadmap_estimate_unit()), or a duration as Jira
 * writes one ("1w 2d 3h 30m": a week of 5 days, a day of hours_per_day
 * hours).  Returns 0 with *days, -1 when unreadable or past
 * OVP_EFFORT_MAX days.
 */
int ovp_roadmap_parse_work(const char *s, size_t len, double unit, const struct ovp_config *cfg,
                           double *days);

/* Days in one unit of the time estimates of roadmap table t: a second in Jira, else an hour. */
double ovp_roadmap_estimate_unit(const ovp_table *t, const struct ovp_config *cfg);

/* Does a stage or status cell say the deal is lost ("Closed Lost", "lost", "closedlost")? */
bool ovp_deal_stage_lost(const char *s);

#endif
