/*
 * The team's capacity (OVP015, SPEC 4): whether the work promised by a
 * date exceeds what the team's own pace delivers by then.
 *
 * The engine hands every dated promise on an unshipped, uncancelled item
 * as the deals stream by, and asks for the verdicts at the end.
 */
#ifndef OVP_CAPACITY_H
#define OVP_CAPACITY_H

#include <stdbool.h>
#include <stddef.h>

#include <overpromise/config.h>
#include <overpromise/roadmap.h>

/* Fewer items shipped in the window than this: the pace is not known. */
#define OVP_CAPACITY_MIN_SHIPPED 5

typedef struct ovp_capacity ovp_capacity;

/* What the rule says of one team (or of the whole roadmap when it has no teams). */
typedef struct ovp_capacity_verdict {
	const char *team;        /* as written, "" for items without one; NULL without teams */
	const char *file;        /* where the finding goes: the file of the team's first item */
	long line;               /* and its header line */
	ovp_effort_unit unit;    /* what the efforts are, unless by_count */
	bool checked;            /* false: fewer than OVP_CAPACITY_MIN_SHIPPED items shipped */
	bool fires;              /* the promised work exceeds the pace by due */
	bool by_count;           /* the roadmap has no effort: every item counts 1 */
	int window;              /* days of history */
	double factor;           /* the share of the pace promises may take */
	size_t shipped;          /* items shipped in the window */
	double shipped_effort;   /* their effort */
	double pace;             /* shipped_effort / window: effort a day */
	ovp_day due;             /* the earliest date the promises exceed the pace (fires) */
	double promised;         /* effort of the items promised by due */
	double deliverable;      /* factor * pace * (due - as_of) */
	const ovp_item **items;  /* the items promised by due, earliest due first */
	size_t nitems;
	size_t ndeals;           /* deals with a promise on them due by due */
} ovp_capacity_verdict;

/*
 * Start judging rm's capacity as of as_of with cfg's window and factor.
 * Returns 0 with *out the caller's to free with ovp_capacity_free(), or
 * OVP_ENOMEM.
 */
int ovp_capacity_new(ovp_capacity **out, const ovp_roadmap *rm, const ovp_config *cfg,
                     ovp_day as_of);

/* A promise of the current deal due on day due, on item number item of the roadmap. */
void ovp_capacity_promise(ovp_capacity *c, size_t item, ovp_day due);

/*
 * Ask for what ovp_capacity_promise() reads of item number item (its
 * team and earliest due day) to be brought into the cache: the engine
 * calls this for a deal's promises before it checks the first.
 */
void ovp_capacity_prefetch(const ovp_capacity *c, size_t item);

/* The current deal is over.  Returns 0 or OVP_ENOMEM. */
int ovp_capacity_deal_end(ovp_capacity *c);

/*
 * The verdict of every team that has promised work, in the order the
 * teams first appear in the roadmap.  *out is owned by c and lives until
 * the next call or ovp_capacity_free().  Returns 0 or OVP_ENOMEM.
 */
int ovp_capacity_judge(ovp_capacity *c, const ovp_capacity_verdict **out, size_t *n);

/* The message of a verdict that fires, into buf (cap bytes). */
void ovp_capacity_message(const ovp_capacity_verdict *v, char *buf, size_t cap);

/* Why a verdict was not checked, into buf (cap bytes); for --verbose. */
void ovp_capacity_reason(const ovp_capacity_verdict *v, ovp_day as_of, char *buf, size_t cap);

/* Free c.  c may be NULL. */
void ovp_capacity_free(ovp_capacity *c);

#endif
