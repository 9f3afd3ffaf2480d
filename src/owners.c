/*
 * Per-owner tallies (see owners.h): a table of the owners seen, keyed by
 * the owner's name as written, each with its counts and a short list of
 * amounts at risk per currency.  Memory grows with the number of owners,
 * which is bounded (OVP_OWNERS_MAX), never with the number of deals.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <overpromise/error.h>

#include "owners.h"
#include "util/arena.h"
#include "util/str.h"

struct ovp_owners {
	ovp_owner_summary *list;
	size_t n, cap;
	ovp_money **var;        /* per owner: its value at risk, grown as currencies come */
	uint32_t *slots;        /* open addressing: list index + 1, 0 free */
	uint32_t *tags;         /* per slot: the high half of its owner's hash */
	size_t mask;
	bool named;             /* some deal named an owner */
	bool all_converted;     /* every amount at risk had a rate */
	bool sorted;            /* the list is sorted: its slots no longer index it */
	unsigned long omitted;
	ovp_arena names;
};

int
ovp_owners_new(ovp_owners **out)
{
	*out = calloc(1, sizeof **out);
	if (*out == NULL)
		return OVP_ENOMEM;
	(*out)->all_converted = true;
	return 0;
}

/*
 * The slot of owner name (hash h), or the free slot where it belongs.
 * A slot's tag tells nearly every other owner apart without a look at
 * the owner's record and name, which lie elsewhere in memory.
 */
static size_t
slot_of(const ovp_owners *o, const char *name, uint64_t h)
{
	size_t s = (size_t)h & o->mask;
	uint32_t tag = (uint32_t)(h >> 32);

	while (o->slots[s] != 0 &&
	       (o->tags[s] != tag || strcmp(o->list[o->slots[s] - 1].owner, name) != 0))
		s = (s + 1) & o->mask;
	return s;
}

static uint64_t
hash_of(const char *name)
{
	return ovp_hash_bytes(name, strlen(name));
}

static int
grow(ovp_owners *o)
{
	size_t cap = o->cap ? o->cap * 2 : 16;
	ovp_owner_summary *nl = realloc(o->list, cap * sizeof *nl);
	ovp_money **nv;
	uint32_t *ns, *nt;

	if (nl == NULL)
		return OVP_ENOMEM;
	o->list = nl;
	nv = realloc(o->var, cap * sizeof *nv);
	if (nv == NULL)
		return OVP_ENOMEM;
	o->var = nv;
	ns = calloc(2 * cap, sizeof *ns);
	if (ns == NULL)
		return OVP_ENOMEM;
	nt = calloc(2 * cap, sizeof *nt);
	if (nt == NULL) {
		free(ns);
		return OVP_ENOMEM;
	}
	free(o->slots);
	free(o->tags);
	o->slots = ns;
	o->tags = nt;
	o->mask = 2 * cap - 1;
	o->cap = cap;
	for (size_t i = 0; i < o->n; i++) {
		uint64_t h = hash_of(o->list[i].owner);
		size_t s = slot_of(o, o->list[i].owner, h);

		o->slots[s] = (uint32_t)(i + 1);
		o->tags[s] = (uint32_t)(h >> 32);
	}
	return 0;
}

/*
 * Add amount in currency to owner i's value at risk.  A currency is
 * kept in 8 bytes, NUL-padded (cut to 7 bytes when longer): one of up
 * to 7 bytes is found by comparing all 8 bytes with it padded alike; a
 * longer one is never found again.
 */
static int
add_risk(ovp_owners *o, size_t i, const char *currency, double amount)
{
	ovp_owner_summary *s = &o->list[i];
	char code[sizeof s->value_at_risk->currency];
	ovp_money *m;

	if (ovp_short_key(currency, code) < sizeof code) {
		for (size_t k = 0; k < s->ncurrencies; k++) {
			if (memcmp(o->var[i][k].currency, code, sizeof code) == 0) {
				o->var[i][k].amount += amount;
				return 0;
			}
		}
	}
	if (s->ncurrencies == OVP_SUMMARY_MAX_CURRENCIES)
		return 0; /* as the summary does: more currencies than it keeps are left out */
	m = realloc(o->var[i], (s->ncurrencies + 1) * sizeof *m);
	if (m == NULL)
		return OVP_ENOMEM;
	o->var[i] = m;
	memset(&m[s->ncurrencies], 0, sizeof *m);
	strncpy(m[s->ncurrencies].currency, currency, sizeof m->currency - 1);
	m[s->ncurrencies].amount = amount;
	s->value_at_risk = m;
	s->ncurrencies++;
	return 0;
}

int
ovp_owners_add(ovp_owners *o, const ovp_deal *d, const ovp_owner_deal *t)
{
	ovp_owner_summary *w;
	const char *name = d->owner != NULL ? d->owner : "";
	uint64_t h;
	size_t s, i;

	if (o->sorted) {
		o->omitted++;
		return 0;
	}
	if (name[0] != '\0')
		o->named = true;
	if (o->n == o->cap && o->n < OVP_OWNERS_MAX && grow(o) < 0)
		return OVP_ENOMEM;
	if (o->cap == 0) {
		o->omitted++;
		return 0;
	}
	h = hash_of(name);
	s = slot_of(o, name, h);
	if (o->slots[s] == 0) {
		if (o->n == OVP_OWNERS_MAX) {
			o->omitted++;
			return 0;
		}
		i = o->n++;
		memset(&o->list[i], 0, sizeof o->list[i]);
		o->var[i] = NULL;
		o->list[i].owner = ovp_arena_strndup(&o->names, name, strlen(name));
		if (o->list[i].owner == NULL) {
			o->n--;
			return OVP_ENOMEM;
		}
		o->slots[s] = (uint32_t)(i + 1);
		o->tags[s] = (uint32_t)(h >> 32);
	}
	i = o->slots[s] - 1;
	w = &o->list[i];
	if (w->deals == 0)
		w->has_total = true; /* until an amount at risk without a rate comes */
	w->deals++;
	w->promises += d->npromises;
	for (int v = OVP_SEV_NOTE; v <= OVP_SEV_ERROR; v++)
		w->by_severity[v] += t->by_severity[v];
	if (d->signoff_column)
		w->sign_off_known = true;
	if (t->needs_sign_off) {
		w->needing_sign_off++;
		if (d->signoff_column && d->signed_off)
			w->signed_off++;
	}
	if (!t->at_risk)
		return 0;
	w->deals_at_risk++;
	if (t->has_converted)
		w->value_at_risk_total += t->converted;
	if (t->unconverted) {
		w->has_total = false;
		o->all_converted = false;
	}
	if (d->has_amount)
		return add_risk(o, i, d->currency != NULL ? d->currency : "", d->amount);
	return 0;
}

/* The amount of owner w in currency c, 0 when none. */
static double
amount_in(const ovp_owner_summary *w, const char *c)
{
	for (size_t k = 0; k < w->ncurrencies; k++)
		if (strcmp(w->value_at_risk[k].currency, c) == 0)
			return w->value_at_risk[k].amount;
	return 0.0;
}

/* Whether owner x goes before owner y (see ovp_owners_sort()); ties keep their order. */
static bool
before(const ovp_owners *o, const ovp_owner_summary *x, const ovp_owner_summary *y,
       const ovp_money *currencies, size_t n)
{
	if (o->all_converted && x->value_at_risk_total != y->value_at_risk_total)
		return x->value_at_risk_total > y->value_at_risk_total;
	for (size_t k = 0; k < n; k++) {
		double ax = amount_in(x, currencies[k].currency);
		double ay = amount_in(y, currencies[k].currency);

		if (ax != ay)
			return ax > ay;
	}
	if (x->deals_at_risk != y->deals_at_risk)
		return x->deals_at_risk > y->deals_at_risk;
	return x->by_severity[OVP_SEV_ERROR] > y->by_severity[OVP_SEV_ERROR];
}

int
ovp_owners_sort(ovp_owners *o, const ovp_money *currencies, size_t n)
{
	ovp_owner_summary *tmp;

	if (o == NULL || o->sorted)
		return 0;
	o->sorted = true;
	if (o->n < 2)
		return 0;
	tmp = malloc(o->n * sizeof *tmp);
	if (tmp == NULL)
		return OVP_ENOMEM;
	/* A bottom-up merge sort: stable, so that equal owners stay in order of first appearance. */
	for (size_t width = 1; width < o->n; width *= 2) {
		for (size_t lo = 0; lo < o->n; lo += 2 * width) {
			size_t mid = lo + width < o->n ? lo + width : o->n;
			size_t hi = lo + 2 * width < o->n ? lo + 2 * width : o->n;
			size_t i = lo, j = mid, k = lo;

			while (i < mid && j < hi)
				tmp[k++] = before(o, &o->list[j], &o->list[i], currencies, n) ? o->list[j++]
				                                                                : o->list[i++];
			while (i < mid)
				tmp[k++] = o->list[i++];
			while (j < hi)
				tmp[k++] = o->list[j++];
		}
		memcpy(o->list, tmp, o->n * sizeof *tmp);
	}
	free(tmp);
	return 0;
}

const ovp_owner_summary *
ovp_owners_list(const ovp_owners *o, size_t *n, unsigned long *omitted_deals)
{
	*n = o != NULL && o->named ? o->n : 0;
	if (omitted_deals != NULL)
		*omitted_deals = o != NULL && o->named ? o->omitted : 0;
	return *n > 0 ? o->list : NULL;
}

void
ovp_owners_free(ovp_owners *o)
{
	if (o == NULL)
		return;
	for (size_t i = 0; i < o->n; i++)
		free(o->var[i]);
	free(o->var);
	free(o->list);
	free(o->slots);
	free(o->tags);
	ovp_arena_free(&o->names);
	free(o);
}
