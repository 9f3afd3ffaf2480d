/*
 * The item rules (SPEC 4): what one promise's match and the roadmap item
 * it rests on say about it.  The match rules first (OVP001 unplanned,
 * OVP008 ambiguous, OVP014 unconfirmed, OVP009 fuzzy match), then, for
 * an item that has not shipped, one function per rule: its condition at
 * its top, then its message.  The engine (engine.c) puts the findings in
 * rule order, fingerprints and emits them.
 *
 * Every promise of a large export passes through here, so a rule that is
 * switched off costs one test, and the item's label and the due day are
 * formatted once per promise, by the first finding that names them.
 */
#include <stdbool.h>
#include <string.h>

#include <overpromise/forecast.h>

#include "../engine_impl.h"

/* One promise on one item, as the item rules see it. */
typedef struct item_ctx {
	ovp_engine *e;
	const ovp_promise *p;
	size_t feature_len;         /* of p->feature, which most messages quote */
	const ovp_item *it;
	const item_facts *fa;
	const char *file;
	pending *out;
	size_t *n;
	bool dated;                 /* the promise has a due date */
	ovp_day due;                /* its last day */
	kept_text label;            /* the item's label, .s NULL until needed */
	char label_buf[LABEL_MAX];  /* where ovp_engine_label() may put it */
	char due_text[OVP_DATE_ISO_SIZE]; /* the due day, "" until needed */
	char planned_buf[PLANNED_MAX];
} item_ctx;

/* Append the item's label to m, made or looked up by the first message that names it. */
static void
put_label(item_ctx *c, ovp_message *m)
{
	if (c->label.s == NULL)
		c->label = ovp_engine_label(c->e, c->it, c->label_buf);
	ovp_message_put(m, c->label.s, c->label.len);
}

static const char *
due_text(item_ctx *c)
{
	if (c->due_text[0] == '\0')
		ovp_engine_day(c->e, c->due, c->due_text);
	return c->due_text;
}

/* Append the item's planned date to m, as messages give it. */
static void
put_planned(item_ctx *c, ovp_message *m)
{
	kept_text t = ovp_engine_planned(c->e, c->it, c->planned_buf);

	ovp_message_put(m, t.s, t.len);
}

/* Start q's message with a promise's feature (len bytes) in quotes, as most rules do. */
static void
start_quoted(pending *q, ovp_message *m, const char *feature, size_t len)
{
	ovp_pending_start(q, m);
	OVP_MESSAGE_LIT(m, "\"");
	ovp_message_put(m, feature, len);
	OVP_MESSAGE_LIT(m, "\"");
}

/* Append n and "day" or "days" ("%ld %s"). */
static void
put_days(ovp_message *m, long n)
{
	ovp_message_long(m, n);
	if (n == 1 || n == -1)
		OVP_MESSAGE_LIT(m, " day");
	else
		OVP_MESSAGE_LIT(m, " days");
}

/*
 * The next finding of rule for the promise, or NULL when the rule is
 * switched off and the finding is not to be made.
 */
static inline pending *
next(item_ctx *c, ovp_rule_id rule)
{
	pending *q;

	if (!rule_on(c->e, rule)) {
		ovp_engine_filtered(c->e, rule);
		return NULL;
	}
	q = &c->out[(*c->n)++];
	init_finding(&q->f, rule, c->file, c->p->line);
	return q;
}

/* OVP002: the item is cancelled. */
static void
cancelled(item_ctx *c)
{
	pending *q;
	ovp_message m;

	if (c->fa->plan != OVP_PLAN_CANCELLED || (q = next(c, OVP_RULE_CANCELLED)) == NULL)
		return;
	start_quoted(q, &m, c->p->feature, c->feature_len);
	OVP_MESSAGE_LIT(&m, " rests on ");
	put_label(c, &m);
	OVP_MESSAGE_LIT(&m, ", which is ");
	ovp_message_str(&m, c->it->status);
	if (c->it->resolution != NULL && c->it->resolution[0] != '\0') {
		OVP_MESSAGE_LIT(&m, ", resolved ");
		ovp_message_str(&m, c->it->resolution);
	}
	OVP_MESSAGE_LIT(&m, " (cancelled)");
	ovp_message_end(&m);
}

/* OVP003: the item is not scheduled (unplanned, Later, or no planned date in a file with them). */
static void
unscheduled(item_ctx *c)
{
	pending *q;
	ovp_message m;

	if (c->fa->plan != OVP_PLAN_UNSCHEDULED || (q = next(c, OVP_RULE_UNSCHEDULED)) == NULL)
		return;
	start_quoted(q, &m, c->p->feature, c->feature_len);
	OVP_MESSAGE_LIT(&m, " rests on ");
	put_label(c, &m);
	if (c->it->later) {
		OVP_MESSAGE_LIT(&m, ", which is planned for Later: no date");
	} else if (c->fa->cls == OVP_CLASS_UNPLANNED) {
		OVP_MESSAGE_LIT(&m, ", which is in ");
		ovp_message_str(&m, c->it->status);
		OVP_MESSAGE_LIT(&m, " (not planned)");
	} else {
		OVP_MESSAGE_LIT(&m, ", which has no planned date");
	}
	ovp_message_end(&m);
}

/* OVP005: the promise's due day has come and the item has not shipped. */
static void
overdue(item_ctx *c)
{
	ovp_day as_of = c->e->o.as_of;
	pending *q;
	ovp_message m;

	if (!c->dated || c->due > as_of || (q = next(c, OVP_RULE_OVERDUE)) == NULL)
		return;
	q->f.has_days_late = true;
	q->f.days_late = (long)as_of - c->due;
	start_quoted(q, &m, c->p->feature, c->feature_len);
	OVP_MESSAGE_LIT(&m, " was due ");
	ovp_message_str(&m, due_text(c));
	OVP_MESSAGE_LIT(&m, " and ");
	put_label(c, &m);
	OVP_MESSAGE_LIT(&m, " has not shipped (");
	ovp_message_str(&m, c->it->status);
	OVP_MESSAGE_LIT(&m, "): ");
	put_days(&m, q->f.days_late);
	OVP_MESSAGE_LIT(&m, " overdue");
	ovp_engine_suggest(c->e, q, &m, c->it);
}

/* OVP004: the item is planned after the promise is due. */
static void
late(item_ctx *c)
{
	pending *q;
	ovp_message m;

	if (c->fa->plan != OVP_PLAN_DATED || !c->dated || c->fa->planned <= c->due ||
	    (q = next(c, OVP_RULE_LATE)) == NULL)
		return;
	q->f.has_days_late = true;
	q->f.days_late = (long)c->fa->planned - c->due;
	start_quoted(q, &m, c->p->feature, c->feature_len);
	OVP_MESSAGE_LIT(&m, " promised by ");
	ovp_message_str(&m, due_text(c));
	OVP_MESSAGE_LIT(&m, ", roadmap plans ");
	put_label(c, &m);
	OVP_MESSAGE_LIT(&m, " for ");
	put_planned(c, &m);
	OVP_MESSAGE_LIT(&m, ": ");
	put_days(&m, q->f.days_late);
	OVP_MESSAGE_LIT(&m, " late");
	ovp_engine_suggest(c->e, q, &m, c->it);
}

/*
 * OVP006: planned in time for a due day still ahead, but the roadmap's
 * history of slips gives the item at least slip_threshold of missing it.
 * Its message gives the slack, the probability and what it rests on; an
 * item already past its planned day is said to be late by so many days,
 * since "slack" would mislead there.
 */
static void
slip_risk(item_ctx *c)
{
	ovp_day as_of = c->e->o.as_of, planned_day = c->fa->planned;
	char basis[160], pct[16];
	ovp_forecast fc;
	long slack, behind;
	pending *q;
	ovp_message m;

	if (c->fa->plan != OVP_PLAN_DATED || !c->dated || planned_day > c->due || c->due <= as_of ||
	    (!rule_on(c->e, OVP_RULE_SLIP_RISK) && !c->e->verdicts))
		return;
	fc = ovp_forecast_miss(ovp_planner_history(c->e->planner, c->it), planned_day, c->due, as_of);
	if (fc.p_late < c->e->cfg->slip_threshold || (q = next(c, OVP_RULE_SLIP_RISK)) == NULL)
		return;
	q->f.has_p_late = true;
	q->f.p_late = fc.p_late;
	q->f.samples = fc.samples;
	q->f.prior = fc.prior;
	slack = (long)c->due - planned_day;
	behind = (long)as_of - planned_day;
	ovp_forecast_basis(&fc, basis, sizeof basis);
	ovp_percent_text(fc.p_late, pct, sizeof pct);
	start_quoted(q, &m, c->p->feature, c->feature_len);
	OVP_MESSAGE_LIT(&m, " due ");
	ovp_message_str(&m, due_text(c));
	OVP_MESSAGE_LIT(&m, ", ");
	put_label(c, &m);
	if (behind > 0) {
		OVP_MESSAGE_LIT(&m, " was planned for ");
		put_planned(c, &m);
		OVP_MESSAGE_LIT(&m, " and is already ");
		put_days(&m, behind);
		OVP_MESSAGE_LIT(&m, " late: ");
		ovp_message_str(&m, pct);
		OVP_MESSAGE_LIT(&m, " chance of missing the due date, ");
	} else {
		OVP_MESSAGE_LIT(&m, " planned ");
		put_planned(c, &m);
		OVP_MESSAGE_LIT(&m, " (");
		put_days(&m, slack);
		OVP_MESSAGE_LIT(&m, " of slack): ");
		ovp_message_str(&m, pct);
		OVP_MESSAGE_LIT(&m, " chance of missing it, ");
	}
	ovp_message_str(&m, basis);
	ovp_engine_suggest(c->e, q, &m, c->it);
}

/* OVP007: the item is a prototype, beta or preview, not a product yet. */
static void
prototype(item_ctx *c)
{
	pending *q;
	ovp_message m;

	if (!(c->fa->flags & FACT_PROTOTYPE) || (q = next(c, OVP_RULE_PROTOTYPE)) == NULL)
		return;
	start_quoted(q, &m, c->p->feature, c->feature_len);
	OVP_MESSAGE_LIT(&m, " rests on ");
	put_label(c, &m);
	OVP_MESSAGE_LIT(&m, ", which is not a product yet (");
	ovp_message_str(&m, c->it->maturity);
	OVP_MESSAGE_LIT(&m, ")");
	ovp_message_end(&m);
}

/* OVP012: the item's plan has moved slip_days or more past its baseline. */
static void
slipped(item_ctx *c)
{
	const item_facts *fa = c->fa;
	char from[OVP_DATE_ISO_SIZE], to[OVP_DATE_ISO_SIZE];
	pending *q;
	ovp_message m;

	if (fa->baseline == OVP_DAY_NONE || fa->planned == OVP_DAY_NONE ||
	    fa->planned - fa->baseline < c->e->cfg->slip_days ||
	    (q = next(c, OVP_RULE_SLIPPED)) == NULL)
		return;
	q->f.has_days_late = true;
	q->f.days_late = (long)fa->planned - fa->baseline;
	ovp_pending_start(q, &m);
	put_label(c, &m);
	OVP_MESSAGE_LIT(&m, " has already slipped ");
	put_days(&m, q->f.days_late);
	OVP_MESSAGE_LIT(&m, " past its baseline (");
	ovp_message_str(&m, ovp_engine_day(c->e, fa->baseline, from));
	OVP_MESSAGE_LIT(&m, ", now ");
	ovp_message_str(&m, ovp_engine_day(c->e, fa->planned, to));
	OVP_MESSAGE_LIT(&m, ")");
	ovp_message_end(&m);
}

/* OVP013: the item's delivery confidence is known and below one half. */
static void
low_confidence(item_ctx *c)
{
	pending *q;
	ovp_message m;

	if (!(c->fa->flags & FACT_LOW_CONFIDENCE) || (q = next(c, OVP_RULE_LOW_CONFIDENCE)) == NULL)
		return;
	ovp_pending_start(q, &m);
	put_label(c, &m);
	OVP_MESSAGE_LIT(&m, " has low delivery confidence (");
	ovp_message_str(&m, c->it->confidence_text);
	OVP_MESSAGE_LIT(&m, ")");
	ovp_message_end(&m);
}

/* OVP010: the promise has no date of its own (the close date stands in), or none at all. */
static void
undated(item_ctx *c)
{
	pending *q;
	ovp_message m;

	if (c->p->due_source != OVP_DUE_CLOSE && c->p->due_source != OVP_DUE_NONE)
		return;
	if ((q = next(c, OVP_RULE_UNDATED)) == NULL)
		return;
	start_quoted(q, &m, c->p->feature, c->feature_len);
	if (c->p->due_source == OVP_DUE_CLOSE) {
		OVP_MESSAGE_LIT(&m, " has no date of its own; the deal's close date ");
		ovp_message_str(&m, due_text(c));
		OVP_MESSAGE_LIT(&m, " was used");
	} else {
		q->f.severity = OVP_SEV_WARNING;
		OVP_MESSAGE_LIT(&m, " has no due date (none in the promise, its row or the deal's "
		                    "close date); the date rules were not applied");
	}
	ovp_message_end(&m);
}

/* OVP009: the text matched its item only approximately. */
static void
fuzzy_match(ovp_engine *e, const ovp_promise *p, size_t feature_len, const ovp_match *m,
            const ovp_item *it, const char *file, pending *out, size_t *n)
{
	char buf[LABEL_MAX];
	ovp_message msg;
	kept_text label;

	if (m->kind != OVP_MATCH_FUZZY || !rule_on(e, OVP_RULE_FUZZY_MATCH))
		return;
	init_finding(&out[*n].f, OVP_RULE_FUZZY_MATCH, file, p->line);
	start_quoted(&out[*n], &msg, p->feature, feature_len);
	OVP_MESSAGE_LIT(&msg, " matched ");
	label = ovp_engine_label(e, it, buf);
	ovp_message_put(&msg, label.s, label.len);
	OVP_MESSAGE_LIT(&msg, " only approximately (similarity ");
	ovp_message_fixed(&msg, m->similarity, 2);
	OVP_MESSAGE_LIT(&msg, "); confirm it or add an alias");
	ovp_message_end(&msg);
	(*n)++;
}

void
ovp_rules_item(ovp_engine *e, const ovp_promise *p, size_t feature_len, const ovp_match *m,
               const ovp_item *it, const item_facts *fa, const char *file, pending *out,
               size_t *n)
{
	item_ctx c;

	fuzzy_match(e, p, feature_len, m, it, file, out, n);
	if (fa->plan == OVP_PLAN_SHIPPED)
		return;
	/* Not an initialiser: that would clear the buffers for every promise. */
	c.e = e;
	c.p = p;
	c.feature_len = feature_len;
	c.it = it;
	c.fa = fa;
	c.file = file;
	c.out = out;
	c.n = n;
	c.dated = p->due_source != OVP_DUE_NONE && ovp_window_is_set(p->due);
	c.due = p->due.end;
	c.label.s = NULL;
	c.due_text[0] = '\0';
	cancelled(&c);
	unscheduled(&c);
	overdue(&c);
	late(&c);
	slip_risk(&c);
	prototype(&c);
	slipped(&c);
	low_confidence(&c);
	undated(&c);
}

/* The bytes of label that a message naming it among others gives ("%.*s" with OTHER_LABEL_MAX - 1). */
static size_t
other_label_len(kept_text label)
{
	return label.len < OTHER_LABEL_MAX - 1 ? label.len : OTHER_LABEL_MAX - 1;
}

/*
 * OVP014: the best candidate is close but not clearly the item: a
 * suggestion, not a match, so no item rule and no date rule.
 */
static void
unconfirmed(ovp_engine *e, const ovp_promise *p, size_t feature_len, const ovp_match *m,
            const char *file, pending *out, size_t *n)
{
	char buf[LABEL_MAX];
	ovp_message msg;
	kept_text label;

	if (m->kind != OVP_MATCH_UNCONFIRMED || m->ncandidates == 0)
		return;
	if (!rule_on(e, OVP_RULE_UNCONFIRMED)) {
		ovp_engine_filtered(e, OVP_RULE_UNCONFIRMED);
		return;
	}
	init_finding(&out[*n].f, OVP_RULE_UNCONFIRMED, file, p->line);
	start_quoted(&out[*n], &msg, p->feature, feature_len);
	OVP_MESSAGE_LIT(&msg, " is not clearly on the roadmap: did you mean ");
	label = ovp_engine_label(e, m->candidates[0].item, buf);
	ovp_message_put(&msg, label.s, other_label_len(label));
	OVP_MESSAGE_LIT(&msg, " (");
	ovp_message_fixed(&msg, m->candidates[0].score, 2);
	OVP_MESSAGE_LIT(&msg, ")? confirm it with an alias");
	ovp_message_end(&msg);
	out[*n].f.item = m->candidates[0].item;
	out[*n].f.has_similarity = true;
	out[*n].f.similarity = m->similarity;
	(*n)++;
}

/* OVP008: several items fit about equally well; a wrong match would be worse than none. */
static void
ambiguous(ovp_engine *e, const ovp_promise *p, const ovp_match *m, const char *file,
          pending *out, size_t *n)
{
	char list[600];
	ovp_message lm, msg;

	if (m->kind != OVP_MATCH_AMBIGUOUS)
		return;
	if (!rule_on(e, OVP_RULE_AMBIGUOUS)) {
		ovp_engine_filtered(e, OVP_RULE_AMBIGUOUS);
		return;
	}
	/* "%s%.*s (%.2f)" per candidate, piece by piece, cut where the list is full. */
	ovp_message_start(&lm, list, sizeof list, 0);
	for (size_t i = 0; i < m->ncandidates; i++) {
		char buf[LABEL_MAX];
		kept_text label = ovp_engine_label(e, m->candidates[i].item, buf);

		if (i > 0)
			OVP_MESSAGE_LIT(&lm, ", ");
		ovp_message_put(&lm, label.s, other_label_len(label));
		OVP_MESSAGE_LIT(&lm, " (");
		ovp_message_fixed(&lm, m->candidates[i].score, 2);
		OVP_MESSAGE_LIT(&lm, ")");
	}
	init_finding(&out[*n].f, OVP_RULE_AMBIGUOUS, file, p->line);
	ovp_pending_start(&out[*n], &msg);
	OVP_MESSAGE_LIT(&msg, "\"");
	ovp_message_str(&msg, p->feature);
	OVP_MESSAGE_LIT(&msg, "\" matches several roadmap items about equally well: ");
	ovp_message_put(&msg, list, ovp_message_end(&lm));
	ovp_message_end(&msg);
	out[*n].f.has_similarity = true;
	out[*n].f.similarity = m->similarity;
	(*n)++;
}

/* OVP001: no item matches the text; the closest is named when there is one. */
static void
unplanned(ovp_engine *e, const ovp_promise *p, size_t feature_len, const ovp_match *m,
          const char *file, pending *out, size_t *n)
{
	char buf[LABEL_MAX];
	ovp_message msg;
	kept_text label;

	if (m->kind != OVP_MATCH_NONE)
		return;
	if (!rule_on(e, OVP_RULE_UNPLANNED)) {
		ovp_engine_filtered(e, OVP_RULE_UNPLANNED);
		return;
	}
	init_finding(&out[*n].f, OVP_RULE_UNPLANNED, file, p->line);
	start_quoted(&out[*n], &msg, p->feature, feature_len);
	OVP_MESSAGE_LIT(&msg, " is not on the roadmap: no item matches it");
	if (m->ncandidates > 0) {
		OVP_MESSAGE_LIT(&msg, " (closest: ");
		label = ovp_engine_label(e, m->candidates[0].item, buf);
		ovp_message_put(&msg, label.s, other_label_len(label));
		OVP_MESSAGE_LIT(&msg, ", similarity ");
		ovp_message_fixed(&msg, m->candidates[0].score, 2);
		OVP_MESSAGE_LIT(&msg, ")");
	}
	ovp_message_end(&msg);
	(*n)++;
}

void
ovp_rules_unmatched(ovp_engine *e, const ovp_promise *p, size_t feature_len, const ovp_match *m,
                    const char *file, pending *out, size_t *n)
{
	unconfirmed(e, p, feature_len, m, file, out, n);
	ambiguous(e, p, m, file, out, n);
	unplanned(e, p, feature_len, m, file, out, n);
	for (size_t i = 0; i < *n; i++)
		out[i].f.match = m;
}
