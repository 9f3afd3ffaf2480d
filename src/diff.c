/*
 * What changed between two reports (see diff.h).
 *
 * OLD is read first, keeping per finding its fingerprint, what the
 * judgement needs (rule, severity, days_late, p_late, whether it is in a
 * baseline) and where its text is, to read it again for the output: a
 * few dozen bytes a finding, so that reports of millions of findings
 * compare in well under a gigabyte.  The planned date of every roadmap
 * item OLD names is kept too.  NEW is then read finding by finding, each
 * paired with the first finding of OLD with its fingerprint not yet
 * paired, and only the findings that changed are remembered.  What OLD
 * has left unpaired is resolved.
 */
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <overpromise/overpromise.h>

#include "diff_impl.h"
#include "util/str.h"

const char *const ovp_diff_kind_names[DIFF_UNCHANGED + 1] = {"new", "worse", "better",
                                                             "resolved", "unchanged"};
const char *const ovp_diff_kind_titles[DIFF_UNCHANGED + 1] = {"New", "Worse", "Better",
                                                              "Resolved", "Unchanged"};

static const char *const formats[] = {"text", "json", "markdown", "html", NULL};

/* A roadmap item of OLD: its key (id, else title) and planned date. */
typedef struct item_entry {
	char *key;
	ovp_day planned;
	uint32_t slip;           /* index of its diff_slip + 1, 0 when it has not slipped */
	char *last_deal;         /* the deal of the last finding of NEW counted for it */
} item_entry;

typedef struct items {
	item_entry *e;
	size_t n, mask;
} items;

static int
hex(int c)
{
	return c >= '0' && c <= '9' ? c - '0' : c - 'a' + 10;
}

static void
fp_bytes(const char *s, uint8_t out[16])
{
	for (int i = 0; i < 16; i++)
		out[i] = (uint8_t)(hex(s[2 * i]) << 4 | hex(s[2 * i + 1]));
}

/* A fingerprint's slot: all its bytes mixed, since a report's fingerprints are not to be trusted. */
static size_t
fp_slot(const uint8_t fp[16], size_t mask)
{
	return (size_t)ovp_hash_bytes((const char *)fp, 16) & mask;
}

static ovp_severity
severity_of(const json_t *f)
{
	ovp_severity s = OVP_SEV_OFF;

	(void)ovp_severity_parse(json_string_value(json_object_get(f, "severity")), &s);
	return s;
}

/* The number of rule ID "OVP004", or 0 for one that is not OVP and digits. */
static uint16_t
rule_number(const json_t *f)
{
	const char *r = json_string_value(json_object_get(f, "rule"));
	unsigned v = 0;

	if (r == NULL || strncmp(r, "OVP", 3) != 0 || r[3] == '\0')
		return 0;
	for (r += 3; *r != '\0'; r++) {
		if (*r < '0' || *r > '9' || v > 6000)
			return 0;
		v = v * 10 + (unsigned)(*r - '0');
	}
	return (uint16_t)v;
}

static int32_t
days_late_of(const json_t *f)
{
	const json_t *v = json_object_get(f, "days_late");
	json_int_t d;

	if (!json_is_integer(v))
		return INT32_MIN;
	d = json_integer_value(v);
	return d <= INT32_MIN ? INT32_MIN + 1 : d > INT32_MAX ? INT32_MAX : (int32_t)d;
}

static int16_t
p_milli_of(const json_t *f)
{
	const json_t *v = json_object_get(f, "p_late");
	double p;

	if (!json_is_number(v))
		return -1;
	p = json_number_value(v);
	if (!(p >= 0.0 && p <= 1.0))
		return -1;
	return (int16_t)lround(p * 1000.0);
}

/* The item a finding names: its key (id, else "title:" and the title) into buf. */
static bool
item_key(const json_t *f, char *buf, size_t cap, ovp_day *planned)
{
	const json_t *it = json_object_get(f, "item");
	const char *id = json_string_value(json_object_get(it, "id"));
	const char *title = json_string_value(json_object_get(it, "title"));
	const char *p = json_string_value(json_object_get(it, "planned"));
	int y, m, d;

	if (!json_is_object(it) || (id == NULL && title == NULL))
		return false;
	*planned = OVP_DAY_NONE;
	if (p != NULL && strlen(p) == 10 && sscanf(p, "%4d-%2d-%2d", &y, &m, &d) == 3)
		*planned = ovp_day_from_ymd(y, m, d);
	if (id != NULL)
		snprintf(buf, cap, "id:%s", id);
	else
		snprintf(buf, cap, "title:%s", title);
	return true;
}

static item_entry *
item_find(items *its, const char *key, bool add)
{
	size_t s;

	if (its->e == NULL || (add && 2 * (its->n + 1) > its->mask + 1)) {
		size_t size = its->e != NULL ? 2 * (its->mask + 1) : 256;
		item_entry *ne = calloc(size, sizeof *ne);

		if (ne == NULL)
			return NULL;
		for (size_t k = 0; its->e != NULL && k <= its->mask; k++) {
			if (its->e[k].key == NULL)
				continue;
			for (s = (size_t)ovp_hash_bytes(its->e[k].key, strlen(its->e[k].key)) & (size - 1);
			     ne[s].key != NULL; s = (s + 1) & (size - 1))
				;
			ne[s] = its->e[k];
		}
		free(its->e);
		its->e = ne;
		its->mask = size - 1;
	}
	for (s = (size_t)ovp_hash_bytes(key, strlen(key)) & its->mask; its->e[s].key != NULL;
	     s = (s + 1) & its->mask)
		if (strcmp(its->e[s].key, key) == 0)
			return &its->e[s];
	if (!add)
		return NULL;
	its->e[s].key = strdup(key);
	if (its->e[s].key == NULL)
		return NULL;
	its->e[s].planned = OVP_DAY_NONE;
	its->n++;
	return &its->e[s];
}

static void
items_free(items *its)
{
	if (its == NULL)
		return;
	for (size_t k = 0; its->e != NULL && k <= its->mask; k++) {
		free(its->e[k].key);
		free(its->e[k].last_deal);
	}
	free(its->e);
	free(its);
}

/* A finding of OLD. */
static int
on_old(void *ctx, json_t *f, const ovp_report_span *where, ovp_error *err)
{
	ovp_diff *d = ctx;
	diff_old *o;
	char key[512];
	ovp_day planned;

	if (d->nold == UINT32_MAX - 1)
		return ovp_error_set(err, OVP_ELIMIT, ovp_report_path(d->old), where->line,
		                     "more than %u findings", UINT32_MAX - 1);
	if (d->nold == d->cold) {
		size_t cap = d->cold ? d->cold * 2 : 1024;
		diff_old *no = realloc(d->olds, cap * sizeof *no);

		if (no == NULL)
			return ovp_error_set(err, OVP_ENOMEM, NULL, 0, "out of memory");
		d->olds = no;
		d->cold = cap;
	}
	o = &d->olds[d->nold];
	memset(o, 0, sizeof *o);
	fp_bytes(json_string_value(json_object_get(f, "fingerprint")), o->fp);
	o->where = *where;
	o->days_late = days_late_of(f);
	o->p_milli = p_milli_of(f);
	o->rule = rule_number(f);
	o->severity = (uint8_t)severity_of(f);
	o->suppressed = json_is_true(json_object_get(f, "suppressed"));
	d->nold++;
	if (item_key(f, key, sizeof key, &planned)) {
		item_entry *e = item_find(d->items, key, true);

		if (e == NULL)
			return ovp_error_set(err, OVP_ENOMEM, NULL, 0, "out of memory");
		/* A report names an item's one planned date; should it give several, the latest. */
		if (planned > e->planned)
			e->planned = planned;
	}
	return 0;
}

/* Index the findings of OLD by fingerprint, each chain in file order. */
static int
index_old(ovp_diff *d)
{
	size_t size = 16;

	while (size < 2 * d->nold)
		size *= 2;
	d->slots = calloc(size, sizeof *d->slots);
	d->cursors = calloc(size, sizeof *d->cursors);
	if (d->slots == NULL || d->cursors == NULL)
		return OVP_ENOMEM;
	d->mask = size - 1;
	for (size_t i = d->nold; i-- > 0;) {
		size_t s = fp_slot(d->olds[i].fp, d->mask);

		while (d->slots[s] != 0 && memcmp(d->olds[d->slots[s] - 1].fp, d->olds[i].fp, 16) != 0)
			s = (s + 1) & d->mask;
		/* Walking backwards, each finding goes in front of the chain. */
		d->olds[i].next = d->slots[s];
		d->slots[s] = (uint32_t)(i + 1);
		d->cursors[s] = d->slots[s];
	}
	return 0;
}

/*
 * The first finding of OLD with fingerprint fp not yet paired, or NULL.
 * Findings are paired in the order of their chain, so the slot's cursor
 * is always the first unpaired one: a report repeating one fingerprint a
 * million times costs no more than a million different ones.
 */
static diff_old *
pair_of(ovp_diff *d, const uint8_t fp[16])
{
	size_t s = fp_slot(fp, d->mask);
	uint32_t i;

	while (d->slots[s] != 0 && memcmp(d->olds[d->slots[s] - 1].fp, fp, 16) != 0)
		s = (s + 1) & d->mask;
	i = d->cursors[s];
	if (i == 0)
		return NULL;
	d->cursors[s] = d->olds[i - 1].next;
	return &d->olds[i - 1];
}

/* Worse, better or unchanged: finding f of NEW against o of OLD. */
static diff_kind
judge(const diff_old *o, const json_t *f)
{
	ovp_severity now = severity_of(f);
	int32_t days = days_late_of(f);
	int16_t p = p_milli_of(f);

	if (now != o->severity)
		return now > o->severity ? DIFF_WORSE : DIFF_BETTER;
	/* Only a late item's gap counts: an overdue promise grows more overdue every day. */
	if (o->rule == 4 && rule_number(f) == 4 && days != INT32_MIN && o->days_late != INT32_MIN) {
		if ((int64_t)days - o->days_late >= OVP_DIFF_DAYS_LATE)
			return DIFF_WORSE;
		if ((int64_t)o->days_late - days >= OVP_DIFF_DAYS_LATE)
			return DIFF_BETTER;
	}
	if (p >= 0 && o->p_milli >= 0) {
		if (p - o->p_milli >= (int)lround(OVP_DIFF_P_LATE * 1000))
			return DIFF_WORSE;
		if (o->p_milli - p >= (int)lround(OVP_DIFF_P_LATE * 1000))
			return DIFF_BETTER;
	}
	return DIFF_UNCHANGED;
}

static char *
dup_or_null(const char *s)
{
	return s != NULL ? strdup(s) : NULL;
}

/* Count the deal of finding f for the slipped item e (at most once in a row). */
static int
slip_deal(ovp_diff *d, item_entry *e, const json_t *f)
{
	diff_slip *sl = &d->slips[e->slip - 1];
	const json_t *deal = json_object_get(f, "deal");
	const char *id = json_string_value(json_object_get(deal, "id"));
	const char *name = json_string_value(json_object_get(deal, "name"));
	const char *key = id != NULL ? id : name;

	if (key == NULL)
		return 0;
	if (e->last_deal != NULL && strcmp(e->last_deal, key) == 0)
		return 0;
	for (size_t k = 0; k < sl->nlisted; k++) {
		const char *had = sl->deals[k].id != NULL ? sl->deals[k].id : sl->deals[k].name;

		if (had != NULL && strcmp(had, key) == 0)
			return 0;
	}
	free(e->last_deal);
	e->last_deal = strdup(key);
	if (e->last_deal == NULL)
		return OVP_ENOMEM;
	sl->ndeals++;
	if (sl->nlisted < DIFF_DEALS_LISTED) {
		sl->deals[sl->nlisted].id = dup_or_null(id);
		sl->deals[sl->nlisted].name = dup_or_null(name);
		sl->nlisted++;
	}
	return 0;
}

/* The item finding f of NEW names: a slip when OLD planned it earlier. */
static int
check_slip(ovp_diff *d, const json_t *f)
{
	char key[512];
	ovp_day planned;
	item_entry *e;

	if (!item_key(f, key, sizeof key, &planned) || (e = item_find(d->items, key, false)) == NULL)
		return 0;
	if (e->slip == 0) {
		const json_t *it = json_object_get(f, "item");
		diff_slip *ns;

		if (planned == OVP_DAY_NONE || e->planned == OVP_DAY_NONE || planned <= e->planned)
			return 0;
		ns = realloc(d->slips, (d->nslips + 1) * sizeof *ns);
		if (ns == NULL)
			return OVP_ENOMEM;
		d->slips = ns;
		memset(&ns[d->nslips], 0, sizeof *ns);
		ns[d->nslips].id = dup_or_null(json_string_value(json_object_get(it, "id")));
		ns[d->nslips].title = dup_or_null(json_string_value(json_object_get(it, "title")));
		ns[d->nslips].before = e->planned;
		ns[d->nslips].after = planned;
		e->slip = (uint32_t)++d->nslips;
	}
	return slip_deal(d, e, f);
}

/* A finding of NEW. */
static int
on_new(void *ctx, json_t *f, const ovp_report_span *where, ovp_error *err)
{
	ovp_diff *d = ctx;
	uint8_t fp[16];
	diff_old *o;
	diff_kind kind;
	ovp_severity sev = severity_of(f);
	bool suppressed = json_is_true(json_object_get(f, "suppressed"));

	fp_bytes(json_string_value(json_object_get(f, "fingerprint")), fp);
	o = pair_of(d, fp);
	if (o != NULL) {
		o->matched = true;
		kind = judge(o, f);
	} else {
		kind = DIFF_NEW;
	}
	if (check_slip(d, f) < 0)
		return ovp_error_set(err, OVP_ENOMEM, NULL, 0, "out of memory");
	if (!suppressed)
		d->by_severity[kind][sev]++;
	switch (kind) {
	case DIFF_NEW:
		d->counts.added++;
		break;
	case DIFF_WORSE:
		d->counts.worse++;
		break;
	case DIFF_BETTER:
		d->counts.better++;
		break;
	default:
		d->counts.unchanged++;
		return 0;
	}
	if (d->nrefs == d->crefs) {
		size_t cap = d->crefs ? d->crefs * 2 : 256;
		diff_ref *nr = realloc(d->refs, cap * sizeof *nr);

		if (nr == NULL)
			return ovp_error_set(err, OVP_ENOMEM, NULL, 0, "out of memory");
		d->refs = nr;
		d->crefs = cap;
	}
	d->refs[d->nrefs].where = *where;
	d->refs[d->nrefs].old = o != NULL ? (uint32_t)(o - d->olds) : 0;
	d->refs[d->nrefs].kind = (uint8_t)kind;
	d->refs[d->nrefs].severity = (uint8_t)sev;
	d->refs[d->nrefs].suppressed = suppressed;
	d->shown_suppressed |= suppressed;
	d->nrefs++;
	return 0;
}

/* Add the value at risk of a report's summary to the before or after amounts. */
static int
add_money(ovp_diff *d, const ovp_report_reader *r, bool after)
{
	const json_t *var = json_object_get(json_object_get(ovp_report_head(r), "summary"),
	                                    "value_at_risk");
	size_t i;
	json_t *v;

	json_array_foreach(var, i, v) {
		const char *cur = json_string_value(json_object_get(v, "currency"));
		const json_t *amount = json_object_get(v, "amount");
		size_t k;

		if (cur == NULL)
			cur = "";
		if (!json_is_number(amount) || strlen(cur) >= sizeof d->money->currency)
			continue;
		for (k = 0; k < d->nmoney && strcmp(d->money[k].currency, cur) != 0; k++)
			;
		if (k == d->nmoney) {
			diff_money *nm;

			if (d->nmoney >= 256)
				continue;
			nm = realloc(d->money, (d->nmoney + 1) * sizeof *nm);
			if (nm == NULL)
				return OVP_ENOMEM;
			d->money = nm;
			memset(&nm[k], 0, sizeof *nm);
			snprintf(nm[k].currency, sizeof nm[k].currency, "%s", cur);
			d->nmoney++;
		}
		if (after)
			d->money[k].after += json_number_value(amount);
		else
			d->money[k].before += json_number_value(amount);
	}
	return 0;
}

int
ovp_diff_run(ovp_diff **out, const char *old_path, const char *new_path, ovp_error *err)
{
	ovp_diff *d = calloc(1, sizeof *d);
	int rc;

	*out = NULL;
	if (d == NULL || (d->items = calloc(1, sizeof(items))) == NULL) {
		free(d);
		return ovp_error_set(err, OVP_ENOMEM, NULL, 0, "out of memory");
	}
	if (strcmp(old_path, "-") == 0 && strcmp(new_path, "-") == 0) {
		ovp_diff_free(d);
		return ovp_error_set(err, OVP_EUSAGE, NULL, 0,
		                     "OLD and NEW cannot both be standard input (-)");
	}
	rc = ovp_report_read(&d->old, old_path, on_old, d, err);
	if (rc == 0 && index_old(d) < 0)
		rc = ovp_error_set(err, OVP_ENOMEM, NULL, 0, "out of memory");
	if (rc == 0)
		rc = ovp_report_read(&d->new_, new_path, on_new, d, err);
	if (rc == 0 && ovp_report_format(d->old) != ovp_report_format(d->new_))
		rc = ovp_error_set(err, OVP_EINPUT, NULL, 0,
		                   "%s is a report of format %d and %s one of format %d: compare two "
		                   "reports written by the same version of overpromise",
		                   ovp_report_path(d->old), ovp_report_format(d->old),
		                   ovp_report_path(d->new_), ovp_report_format(d->new_));
	if (rc == 0 && (add_money(d, d->new_, true) < 0 || add_money(d, d->old, false) < 0))
		rc = ovp_error_set(err, OVP_ENOMEM, NULL, 0, "out of memory");
	if (rc < 0) {
		ovp_diff_free(d);
		return rc;
	}
	for (size_t i = 0; i < d->nold; i++) {
		if (d->olds[i].matched)
			continue;
		d->counts.resolved++;
		if (!d->olds[i].suppressed)
			d->by_severity[DIFF_RESOLVED][d->olds[i].severity]++;
		d->shown_suppressed |= d->olds[i].suppressed;
	}
	d->counts.slipped = d->nslips;
	*out = d;
	return 0;
}

void
ovp_diff_get_counts(const ovp_diff *d, ovp_diff_counts *counts)
{
	*counts = d->counts;
}

bool
ovp_diff_fails(const ovp_diff *d, ovp_severity level)
{
	if (level == OVP_SEV_OFF)
		return false;
	for (size_t i = 0; i < d->nrefs; i++)
		if ((d->refs[i].kind == DIFF_NEW || d->refs[i].kind == DIFF_WORSE) &&
		    !d->refs[i].suppressed && d->refs[i].severity >= level)
			return true;
	return false;
}

json_t *
ovp_diff_old_finding(ovp_diff *d, size_t i, ovp_error *err)
{
	return ovp_report_fetch(d->old, &d->olds[i].where, err);
}

json_t *
ovp_diff_new_finding(ovp_diff *d, const diff_ref *r, ovp_error *err)
{
	return ovp_report_fetch(d->new_, &r->where, err);
}

const char *
ovp_diff_as_of(const ovp_report_reader *r)
{
	const char *s = json_string_value(json_object_get(ovp_report_head(r), "as_of"));

	return s != NULL ? s : "";
}

unsigned long
ovp_diff_count(const ovp_diff *d, diff_kind kind)
{
	switch (kind) {
	case DIFF_NEW:
		return d->counts.added;
	case DIFF_WORSE:
		return d->counts.worse;
	case DIFF_BETTER:
		return d->counts.better;
	case DIFF_RESOLVED:
		return d->counts.resolved;
	default:
		return d->counts.unchanged;
	}
}

int
ovp_diff_each(ovp_diff *d, diff_kind kind, diff_visit_fn fn, void *ctx, ovp_error *err)
{
	int rc = 0;

	if (kind == DIFF_RESOLVED) {
		for (size_t i = 0; i < d->nold && rc == 0; i++) {
			json_t *f;

			if (d->olds[i].matched)
				continue;
			if ((f = ovp_diff_old_finding(d, i, err)) == NULL)
				return err->code;
			rc = fn(ctx, f, NULL, err);
			json_decref(f);
		}
		return rc;
	}
	for (size_t i = 0; i < d->nrefs && rc == 0; i++) {
		json_t *f, *before = NULL;

		if (d->refs[i].kind != kind)
			continue;
		if ((f = ovp_diff_new_finding(d, &d->refs[i], err)) == NULL)
			return err->code;
		if (kind != DIFF_NEW && (before = ovp_diff_old_finding(d, d->refs[i].old, err)) == NULL) {
			json_decref(f);
			return err->code;
		}
		rc = fn(ctx, f, before, err);
		json_decref(before);
		json_decref(f);
	}
	return rc;
}

/* "USD +325,000", "-48,000" without a currency. */
static void
signed_money(ovp_rbuf *b, const char *cur, double delta)
{
	char text[64];

	ovp_money_format("", fabs(delta), text, sizeof text);
	ovp_rbuf_printf(b, "%s%s%c%s", cur, cur[0] ? " " : "", delta < 0 ? '-' : '+', text);
}

void
ovp_diff_money_text(ovp_rbuf *b, const diff_money *m, const char *arrow)
{
	char before[64], after[64];

	ovp_money_format(m->currency, m->before, before, sizeof before);
	ovp_money_format(m->currency, m->after, after, sizeof after);
	ovp_rbuf_printf(b, "%s %s %s", before, arrow, after);
	if (m->after != m->before) {
		ovp_rbuf_puts(b, " (");
		signed_money(b, m->currency, m->after - m->before);
		ovp_rbuf_puts(b, ")");
	} else {
		ovp_rbuf_puts(b, " (no change)");
	}
}

void
ovp_diff_summary_text(ovp_rbuf *b, const ovp_diff *d)
{
	ovp_rbuf_printf(b, "%lu new, %lu worse, %lu resolved, %lu better, %lu unchanged; %lu %s "
	                   "slipped",
	                d->counts.added, d->counts.worse, d->counts.resolved, d->counts.better,
	                d->counts.unchanged, d->counts.slipped,
	                d->counts.slipped == 1 ? "item" : "items");
}

void
ovp_diff_slip_text(ovp_rbuf *b, const diff_slip *s, const char *arrow)
{
	char before[OVP_DATE_ISO_SIZE], after[OVP_DATE_ISO_SIZE];
	long days = (long)s->after - s->before;

	if (s->id != NULL && s->title != NULL)
		ovp_rbuf_printf(b, "%s \"%s\"", s->id, s->title);
	else
		ovp_rbuf_printf(b, "%s", s->id != NULL ? s->id : s->title != NULL ? s->title : "");
	ovp_rbuf_printf(b, ": %s %s %s (%ld %s later)", ovp_day_format(s->before, before), arrow,
	                ovp_day_format(s->after, after), days, days == 1 ? "day" : "days");
}

void
ovp_diff_slip_deals(ovp_rbuf *b, const diff_slip *s)
{
	for (size_t k = 0; k < s->nlisted; k++) {
		const char *name = s->deals[k].name != NULL ? s->deals[k].name : s->deals[k].id;

		ovp_rbuf_printf(b, "%s%s", k == 0 ? "" : k + 1 == s->nlisted && s->ndeals == s->nlisted
		                                                 ? " and "
		                                                 : ", ",
		                name);
	}
	if (s->ndeals > s->nlisted)
		ovp_rbuf_printf(b, " and %lu more", s->ndeals - s->nlisted);
}

void
ovp_diff_finding_line(ovp_rbuf *b, const json_t *f, const char *on, const char *off)
{
	const json_t *loc = json_object_get(f, "location");
	const char *file = json_string_value(json_object_get(loc, "file"));
	const json_t *line = json_object_get(loc, "line");
	const char *msg = json_string_value(json_object_get(f, "message"));
	const char *name = json_string_value(json_object_get(f, "name"));

	ovp_rbuf_puts(b, file != NULL ? file : "");
	if (json_is_integer(line))
		ovp_rbuf_printf(b, ":%lld", (long long)json_integer_value(line));
	ovp_rbuf_printf(b, ": %s%s%s %s", on, json_string_value(json_object_get(f, "severity")), off,
	                json_string_value(json_object_get(f, "rule")));
	if (name != NULL)
		ovp_rbuf_printf(b, " %s", name);
	ovp_rbuf_puts(b, ": ");
	ovp_rbuf_puts(b, msg != NULL ? msg : "");
}

const char *
ovp_diff_member(const json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));

	return s != NULL ? s : "";
}

void
ovp_diff_where(const json_t *f, char *buf, size_t cap)
{
	const json_t *loc = json_object_get(f, "location");
	const json_t *line = json_object_get(loc, "line");

	if (json_is_integer(line))
		snprintf(buf, cap, "%s:%lld", ovp_diff_member(loc, "file"),
		         (long long)json_integer_value(line));
	else
		snprintf(buf, cap, "%s", ovp_diff_member(loc, "file"));
}

void
ovp_diff_rule(const json_t *f, char *buf, size_t cap)
{
	snprintf(buf, cap, "%s %s", ovp_diff_member(f, "rule"), ovp_diff_member(f, "name"));
}

void
ovp_diff_slip_item(const diff_slip *s, char *buf, size_t cap)
{
	if (s->id != NULL && s->title != NULL)
		snprintf(buf, cap, "%s \"%s\"", s->id, s->title);
	else
		snprintf(buf, cap, "%s", s->id != NULL ? s->id : s->title);
}

const char *
ovp_diff_deal_name(const json_t *f)
{
	const json_t *deal = json_object_get(f, "deal");
	const char *s = json_string_value(json_object_get(deal, "name"));

	if (s == NULL)
		s = json_string_value(json_object_get(deal, "id"));
	return s != NULL ? s : "";
}

int
ovp_diff_write(ovp_diff *d, const char *format, bool color, FILE *out, ovp_error *err)
{
	int rc;

	if (strcmp(format, "text") == 0)
		rc = ovp_diff_text(d, color, out, err);
	else if (strcmp(format, "json") == 0)
		rc = ovp_diff_json(d, out, err);
	else if (strcmp(format, "markdown") == 0)
		rc = ovp_diff_markdown(d, out, err);
	else if (strcmp(format, "html") == 0)
		rc = ovp_diff_html(d, out, err);
	else
		return ovp_error_set(err, OVP_EUSAGE, NULL, 0,
		                     "unknown format \"%s\" (expected one of: text, json, markdown, "
		                     "html)",
		                     format);
	if (rc == OVP_EIO && err != NULL && err->message[0] == '\0')
		ovp_error_set(err, OVP_EIO, NULL, 0, "cannot write the comparison");
	return rc;
}

const char *const *
ovp_diff_formats(void)
{
	return formats;
}

void
ovp_diff_free(ovp_diff *d)
{
	if (d == NULL)
		return;
	ovp_report_reader_close(d->old);
	ovp_report_reader_close(d->new_);
	for (size_t i = 0; i < d->nslips; i++) {
		free(d->slips[i].id);
		free(d->slips[i].title);
		for (size_t k = 0; k < d->slips[i].nlisted; k++) {
			free(d->slips[i].deals[k].id);
			free(d->slips[i].deals[k].name);
		}
	}
	free(d->slips);
	free(d->olds);
	free(d->slots);
	free(d->cursors);
	free(d->refs);
	free(d->money);
	items_free(d->items);
	free(d);
}

int
ovp_diff_flush(ovp_rbuf *b, FILE *out, ovp_error *err)
{
	int rc = ovp_rbuf_write(b, out);

	if (rc == OVP_EIO)
		return ovp_error_set(err, rc, NULL, 0, "cannot write the comparison");
	if (rc == OVP_ELIMIT)
		return ovp_error_set(err, rc, NULL, 0,
		                     "cannot write the comparison: a finding takes more than %zu MiB",
		                     OVP_RBUF_MAX >> 20);
	if (rc < 0)
		return ovp_error_set(err, rc, NULL, 0, "out of memory");
	return 0;
}
