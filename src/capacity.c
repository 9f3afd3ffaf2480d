/*
 * The team's capacity (OVP015; see capacity.h).
 *
 * A team's pace is the effort of the items it shipped in the window
 * (180 days) before as-of, per day: story points, or days of work where
 * the roadmap gives time estimates (whichever most of its items have; an
 * item without one counts as the median of those that have one), else
 * one per item.  For each date D after as-of that
 * is the due date of a promise on one of its unshipped, uncancelled
 * items, the work promised by D (each item counted once, at its
 * earliest due date, so that work already overdue counts at every D) is
 * compared with factor x pace x (D - as-of).  The rule fires once per
 * team, at the earliest D where the promised work is larger.
 *
 * The promised work only grows at an item's earliest due date, while
 * what the pace delivers grows every day, so only those dates (and the
 * first due date after as-of) can be the earliest D.
 *
 * Memory grows with the roadmap (a team and an earliest due day per
 * item) and with the distinct (team, day) pairs on which a deal's
 * earliest promise to a team falls, which count the deals waiting by a
 * date; never with the number of deals.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <overpromise/error.h>

#include "capacity.h"
#include "finding_impl.h"
#include "util/str.h"

/* Items a message names before it says how many more there are. */
#define LISTED_ITEMS 10

typedef struct team_load {
	const char *name;
	size_t shipped;
	double shipped_effort;
	size_t first_item;  /* its first item in the roadmap */
	ovp_day first_due;  /* earliest promise due after as-of, OVP_DAY_NONE when none */
	bool promised;      /* some item of the team carries a dated promise */
} team_load;

/* Deals whose earliest promise to a team falls on a day. */
typedef struct day_count {
	uint32_t team;      /* team index + 1; 0 marks a free slot */
	ovp_day day;
	size_t deals;
} day_count;

struct ovp_capacity {
	const ovp_roadmap *rm;
	ovp_day as_of;
	int window;
	double factor;
	bool by_count;
	ovp_effort_unit unit; /* what the efforts counted are */
	double median;       /* effort of an item without one */
	uint32_t *team_of;   /* per item */
	ovp_day *earliest;   /* per item: its earliest due date, OVP_DAY_NONE when unpromised */
	team_load *teams;
	size_t nteams;
	ovp_day *deal_min;   /* per team: the current deal's earliest due date */
	uint32_t *touched;   /* the teams the current deal promised work of */
	size_t ntouched;
	day_count *days;
	size_t days_mask, ndays;
	ovp_capacity_verdict *verdicts;
	const ovp_item **items;
};

static bool
has_effort(const ovp_item *it)
{
	return it->effort >= 0.0 && isfinite(it->effort);
}

/* Whether the item's effort counts: one of the unit the roadmap's efforts mostly are. */
static bool
effort_known(const ovp_capacity *c, const ovp_item *it)
{
	return has_effort(it) && it->effort_unit == c->unit;
}

/* The effort an item counts for. */
static double
effort_of(const ovp_capacity *c, const ovp_item *it)
{
	if (c->by_count)
		return 1.0;
	return effort_known(c, it) ? it->effort : c->median;
}

static int
by_value(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/*
 * The unit of the efforts counted (the one most items have) and their
 * median; sets by_count when no item has an effort.
 */
static int
find_median(ovp_capacity *c)
{
	const ovp_roadmap *rm = c->rm;
	double *v = malloc((rm->nitems ? rm->nitems : 1) * sizeof *v);
	size_t n = 0, days = 0, points = 0;

	if (v == NULL)
		return OVP_ENOMEM;
	for (size_t i = 0; i < rm->nitems; i++) {
		if (has_effort(&rm->items[i]) && rm->items[i].effort_unit == OVP_EFFORT_DAYS)
			days++;
		else if (has_effort(&rm->items[i]))
			points++;
	}
	c->unit = days > points ? OVP_EFFORT_DAYS : OVP_EFFORT_POINTS;
	for (size_t i = 0; i < rm->nitems; i++)
		if (effort_known(c, &rm->items[i]))
			v[n++] = rm->items[i].effort;
	c->by_count = n == 0;
	if (n > 0) {
		qsort(v, n, sizeof *v, by_value);
		c->median = n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2.0;
	}
	free(v);
	return 0;
}

/* Give every item its team's index, the teams in order of first appearance. */
static int
find_teams(ovp_capacity *c)
{
	const ovp_roadmap *rm = c->rm;
	size_t mask = 15;
	uint32_t *slots;
	bool teams = false;

	/* A roadmap of several files has teams when one of them does. */
	for (size_t f = 0; f < rm->nfiles; f++)
		teams = teams || rm->files[f].has_teams;
	while (mask + 1 < 2 * rm->nitems)
		mask = mask * 2 + 1;
	slots = calloc(mask + 1, sizeof *slots);
	c->teams = calloc(rm->nitems ? rm->nitems : 1, sizeof *c->teams);
	if (slots == NULL || c->teams == NULL) {
		free(slots);
		return OVP_ENOMEM;
	}
	for (size_t i = 0; i < rm->nitems; i++) {
		const char *name = !teams ? NULL : rm->items[i].team != NULL ? rm->items[i].team : "";
		size_t len = name != NULL ? strlen(name) : 0;
		size_t s = (size_t)ovp_hash_bytes(name != NULL ? name : "", len) & mask;

		while (slots[s] != 0) {
			const char *other = c->teams[slots[s] - 1].name;

			if ((name == NULL && other == NULL) ||
			    (name != NULL && other != NULL && strcmp(name, other) == 0))
				break;
			s = (s + 1) & mask;
		}
		if (slots[s] == 0) {
			c->teams[c->nteams].name = name;
			c->teams[c->nteams].first_item = i;
			c->teams[c->nteams].first_due = OVP_DAY_NONE;
			slots[s] = (uint32_t)++c->nteams;
		}
		c->team_of[i] = slots[s] - 1;
	}
	free(slots);
	return 0;
}

int
ovp_capacity_new(ovp_capacity **out, const ovp_roadmap *rm, const ovp_config *cfg,
                 ovp_day as_of)
{
	ovp_capacity *c = calloc(1, sizeof *c);
	size_t n = rm->nitems ? rm->nitems : 1;

	*out = NULL;
	if (c == NULL)
		return OVP_ENOMEM;
	c->rm = rm;
	c->as_of = as_of;
	c->window = cfg != NULL ? cfg->capacity_window_days : 180;
	c->factor = cfg != NULL ? cfg->capacity_factor : 1.0;
	c->team_of = malloc(n * sizeof *c->team_of);
	c->earliest = malloc(n * sizeof *c->earliest);
	c->deal_min = malloc(n * sizeof *c->deal_min);
	c->touched = malloc(n * sizeof *c->touched);
	if (c->team_of == NULL || c->earliest == NULL || c->deal_min == NULL || c->touched == NULL ||
	    find_median(c) < 0 || find_teams(c) < 0) {
		ovp_capacity_free(c);
		return OVP_ENOMEM;
	}
	for (size_t i = 0; i < rm->nitems; i++) {
		const ovp_item *it = &rm->items[i];
		team_load *t = &c->teams[c->team_of[i]];

		c->earliest[i] = OVP_DAY_NONE;
		if (it->cls == OVP_CLASS_SHIPPED && ovp_window_is_set(it->shipped) &&
		    it->shipped.end <= as_of && it->shipped.end > as_of - c->window) {
			t->shipped++;
			t->shipped_effort += effort_of(c, it);
		}
	}
	for (size_t t = 0; t < c->nteams; t++)
		c->deal_min[t] = OVP_DAY_NONE;
	*out = c;
	return 0;
}

void
ovp_capacity_promise(ovp_capacity *c, size_t item, ovp_day due)
{
	uint32_t t;

	if (item >= c->rm->nitems || due == OVP_DAY_NONE)
		return;
	t = c->team_of[item];
	if (c->earliest[item] == OVP_DAY_NONE || due < c->earliest[item])
		c->earliest[item] = due;
	c->teams[t].promised = true;
	if (due > c->as_of && (c->teams[t].first_due == OVP_DAY_NONE || due < c->teams[t].first_due))
		c->teams[t].first_due = due;
	if (c->deal_min[t] == OVP_DAY_NONE)
		c->touched[c->ntouched++] = t;
	if (c->deal_min[t] == OVP_DAY_NONE || due < c->deal_min[t])
		c->deal_min[t] = due;
}

void
ovp_capacity_prefetch(const ovp_capacity *c, size_t item)
{
	if (item >= c->rm->nitems)
		return;
#if defined(__GNUC__)
	__builtin_prefetch(&c->team_of[item]);
	__builtin_prefetch(&c->earliest[item], 1);
#endif
}

static size_t
day_slot(uint32_t team, ovp_day day, size_t mask)
{
	uint64_t k = ((uint64_t)team << 32) ^ (uint32_t)day;

	return (size_t)((k * UINT64_C(0x9E3779B97F4A7C15)) >> 20) & mask;
}

/* One more deal whose earliest promise to team t falls on day. */
static int
count_day(ovp_capacity *c, uint32_t t, ovp_day day)
{
	size_t s;

	if (c->days == NULL || 2 * (c->ndays + 1) > c->days_mask + 1) {
		size_t size = c->days != NULL ? 2 * (c->days_mask + 1) : 256;
		day_count *nd = calloc(size, sizeof *nd);

		if (nd == NULL)
			return OVP_ENOMEM;
		for (size_t k = 0; c->days != NULL && k <= c->days_mask; k++) {
			if (c->days[k].team == 0)
				continue;
			for (s = day_slot(c->days[k].team, c->days[k].day, size - 1); nd[s].team != 0;
			     s = (s + 1) & (size - 1))
				;
			nd[s] = c->days[k];
		}
		free(c->days);
		c->days = nd;
		c->days_mask = size - 1;
	}
	for (s = day_slot(t + 1, day, c->days_mask); c->days[s].team != 0; s = (s + 1) & c->days_mask) {
		if (c->days[s].team == t + 1 && c->days[s].day == day) {
			c->days[s].deals++;
			return 0;
		}
	}
	c->days[s].team = t + 1;
	c->days[s].day = day;
	c->days[s].deals = 1;
	c->ndays++;
	return 0;
}

int
ovp_capacity_deal_end(ovp_capacity *c)
{
	int rc = 0;

	for (size_t i = 0; i < c->ntouched; i++) {
		uint32_t t = c->touched[i];

		if (rc == 0)
			rc = count_day(c, t, c->deal_min[t]);
		c->deal_min[t] = OVP_DAY_NONE;
	}
	c->ntouched = 0;
	return rc;
}

/* A promised item as it is sorted: by earliest due date, then in roadmap order. */
typedef struct due_item {
	ovp_day due;
	uint32_t index;
} due_item;

static int
by_due(const void *a, const void *b)
{
	const due_item *x = a, *y = b;

	if (x->due != y->due)
		return x->due < y->due ? -1 : 1;
	return (x->index > y->index) - (x->index < y->index);
}

/* Deals of team t whose earliest promise to it is due on or before day. */
static size_t
deals_by(const ovp_capacity *c, uint32_t t, ovp_day day)
{
	size_t n = 0;

	for (size_t s = 0; c->days != NULL && s <= c->days_mask; s++)
		if (c->days[s].team == t + 1 && c->days[s].day <= day)
			n += c->days[s].deals;
	return n;
}

/*
 * Where the finding of team tm goes: the header line of the roadmap file
 * that holds the team's first item.
 */
static void
where(const ovp_capacity *c, const team_load *tm, ovp_capacity_verdict *v)
{
	const ovp_roadmap *rm = c->rm;
	const ovp_item *it = tm->first_item < rm->nitems ? &rm->items[tm->first_item] : NULL;

	v->file = rm->path;
	v->line = rm->nfiles > 0 ? rm->files[0].header_line : 1;
	if (it != NULL && it->file != NULL && it->source < rm->nfiles) {
		v->file = it->file;
		v->line = rm->files[it->source].header_line;
	}
	if (v->line < 1)
		v->line = 1;
}

/* Judge team t, its promised items at items[0, n) sorted by earliest due date. */
static void
judge_team(ovp_capacity *c, uint32_t t, const ovp_item **items, size_t n, ovp_capacity_verdict *v)
{
	const team_load *tm = &c->teams[t];
	double promised = 0.0;
	size_t k = 0;
	ovp_day d = tm->first_due;

	memset(v, 0, sizeof *v);
	v->team = tm->name;
	where(c, tm, v);
	v->by_count = c->by_count;
	v->unit = c->unit;
	v->window = c->window;
	v->factor = c->factor;
	v->shipped = tm->shipped;
	v->shipped_effort = tm->shipped_effort;
	v->pace = tm->shipped_effort / c->window;
	v->items = items;
	v->due = OVP_DAY_NONE;
	v->checked = tm->shipped >= OVP_CAPACITY_MIN_SHIPPED;
	if (!v->checked)
		return;
	/* Overdue work first: it is due by every D. */
	while (d != OVP_DAY_NONE) {
		double deliverable;

		while (k < n && c->earliest[items[k] - c->rm->items] <= d)
			promised += effort_of(c, items[k++]);
		deliverable = c->factor * v->pace * (double)((long)d - (long)c->as_of);
		if (promised > deliverable + 1e-9) {
			v->fires = true;
			v->due = d;
			v->promised = promised;
			v->deliverable = deliverable;
			v->nitems = k;
			v->ndeals = deals_by(c, t, d);
			return;
		}
		d = k < n ? c->earliest[items[k] - c->rm->items] : OVP_DAY_NONE;
	}
}

int
ovp_capacity_judge(ovp_capacity *c, const ovp_capacity_verdict **out, size_t *nout)
{
	const ovp_roadmap *rm = c->rm;
	size_t *start, nv = 0, off = 0;
	due_item *sorted;

	*out = NULL;
	*nout = 0;
	free(c->verdicts);
	free(c->items);
	c->verdicts = calloc(c->nteams ? c->nteams : 1, sizeof *c->verdicts);
	c->items = malloc((rm->nitems ? rm->nitems : 1) * sizeof *c->items);
	sorted = malloc((rm->nitems ? rm->nitems : 1) * sizeof *sorted);
	start = calloc(c->nteams + 1, sizeof *start);
	if (c->verdicts == NULL || c->items == NULL || sorted == NULL || start == NULL) {
		free(sorted);
		free(start);
		return OVP_ENOMEM;
	}
	/* The promised items, grouped by team. */
	for (size_t i = 0; i < rm->nitems; i++)
		if (c->earliest[i] != OVP_DAY_NONE)
			start[c->team_of[i] + 1]++;
	for (size_t t = 0; t < c->nteams; t++)
		start[t + 1] += start[t];
	for (size_t i = 0; i < rm->nitems; i++)
		if (c->earliest[i] != OVP_DAY_NONE)
			sorted[start[c->team_of[i]]++] = (due_item){c->earliest[i], (uint32_t)i};
	for (size_t t = 0; t < c->nteams; t++) {
		size_t n = start[t] - off;

		if (c->teams[t].promised) {
			qsort(sorted + off, n, sizeof *sorted, by_due);
			for (size_t k = 0; k < n; k++)
				c->items[off + k] = &rm->items[sorted[off + k].index];
			judge_team(c, (uint32_t)t, c->items + off, n, &c->verdicts[nv++]);
		}
		off = start[t];
	}
	free(sorted);
	free(start);
	*out = c->verdicts;
	*nout = nv;
	return 0;
}

/* An amount of effort as messages write it: whole, or with one decimal when it has one. */
static const char *
effort_text(double v, char buf[48])
{
	if (fabs(v - round(v)) < 0.05)
		ovp_message_format(buf, 48, "%.0f", v);
	else
		ovp_message_format(buf, 48, "%.1f", v);
	return buf;
}

/* "180 points", "1 point", "12.5 days of work", "1 day of work". */
static const char *
effort_with_unit(double v, ovp_effort_unit unit, char buf[64])
{
	char num[48];
	bool one = fabs(v - 1.0) < 0.05;

	effort_text(v, num);
	if (unit == OVP_EFFORT_DAYS)
		ovp_message_format(buf, 64, "%s %s of work", num, one ? "day" : "days");
	else
		ovp_message_format(buf, 64, "%s %s", num, one ? "point" : "points");
	return buf;
}

/* "team \"Identity\": ", "items without a team: " or nothing. */
static size_t
team_prefix(const ovp_capacity_verdict *v, char *buf, size_t cap)
{
	if (v->team == NULL)
		return ovp_message_format(buf, cap, "%s", "");
	if (v->team[0] == '\0')
		return ovp_message_format(buf, cap, "%s", "items without a team: ");
	return ovp_message_format(buf, cap, "team \"%s\": ", v->team);
}

void
ovp_capacity_message(const ovp_capacity_verdict *v, char *buf, size_t cap)
{
	char due[OVP_DATE_ISO_SIZE], promised[64], shipped[64], deliverable[48], list[640];
	size_t off = 0, len;

	list[0] = '\0';
	for (size_t i = 0; i < v->nitems && i < LISTED_ITEMS && off < sizeof list; i++) {
		const ovp_item *it = v->items[i];

		if (it->id[0] != '\0')
			off += ovp_message_format(list + off, sizeof list - off, "%s%.*s", i ? ", " : "",
			                          80, it->id);
		else
			off += ovp_message_format(list + off, sizeof list - off, "%s\"%.*s\"",
			                          i ? ", " : "", 80, it->title);
	}
	if (v->nitems > LISTED_ITEMS && off < sizeof list)
		ovp_message_format(list + off, sizeof list - off, " and %zu more",
		                   v->nitems - LISTED_ITEMS);
	ovp_day_format(v->due, due);
	len = team_prefix(v, buf, cap);
	if (v->by_count)
		len += ovp_message_format(buf + len, cap - len,
		                          "promises due by %s need %zu unshipped %s (%s) for %zu %s, but "
		                          "the last %d days shipped %zu items (%.2f a day), about %s by "
		                          "then",
		                          due, v->nitems, v->nitems == 1 ? "item" : "items", list,
		                          v->ndeals, v->ndeals == 1 ? "deal" : "deals", v->window,
		                          v->shipped, v->pace, effort_text(v->deliverable, deliverable));
	else
		len += ovp_message_format(buf + len, cap - len,
		                          "promises due by %s need %s on %zu unshipped %s (%s) for %zu "
		                          "%s, but the last %d days shipped %s on %zu items (%.2f a day), "
		                          "about %s by then",
		                          due, effort_with_unit(v->promised, v->unit, promised), v->nitems,
		                          v->nitems == 1 ? "item" : "items", list, v->ndeals,
		                          v->ndeals == 1 ? "deal" : "deals", v->window,
		                          effort_with_unit(v->shipped_effort, v->unit, shipped),
		                          v->shipped, v->pace, effort_text(v->deliverable, deliverable));
	if (v->factor != 1.0 && len + 1 < cap)
		ovp_message_format(buf + len, cap - len, " at %.2f times that pace", v->factor);
}

void
ovp_capacity_reason(const ovp_capacity_verdict *v, ovp_day as_of, char *buf, size_t cap)
{
	char day[OVP_DATE_ISO_SIZE], whom[160];

	if (v->team == NULL)
		whom[0] = '\0';
	else if (v->team[0] == '\0')
		ovp_message_format(whom, sizeof whom, "%s", " for the items without a team");
	else
		ovp_message_format(whom, sizeof whom, " for team \"%.*s\"", 120, v->team);
	ovp_day_format(as_of, day);
	ovp_message_format(buf, cap,
	                   "not checked%s: %zu %s shipped in the %d days before %s, and the team's "
	                   "pace needs at least %d",
	                   whom, v->shipped, v->shipped == 1 ? "item" : "items", v->window, day,
	                   OVP_CAPACITY_MIN_SHIPPED);
}

void
ovp_capacity_free(ovp_capacity *c)
{
	if (c == NULL)
		return;
	free(c->team_of);
	free(c->earliest);
	free(c->teams);
	free(c->deal_min);
	free(c->touched);
	free(c->days);
	free(c->verdicts);
	free(c->items);
	free(c);
}
