/*
 * The portfolio rules: what the deals say together, judged once every
 * deal is read.  OVP015: a team whose promised work by a date exceeds
 * its pace (capacity.c keeps the tally and the judgement); OVP101: an
 * item on which a large share of the promised pipeline hangs.  Their
 * tallies are kept here as the deals stream by.
 */
#include <stdlib.h>
#include <string.h>

#include "../engine_impl.h"
#include "../util/str.h"

void
ovp_rules_portfolio_deal(ovp_engine *e, const ovp_deal *d)
{
	/* The totals are what OVP101's shares are taken of, and serve nothing else. */
	if (d->npromises > 0 && d->has_amount && rule_on(e, OVP_RULE_CONCENTRATION))
		(void)ovp_engine_money_add(e->totals, &e->ntotals, OVP_SUMMARY_MAX_CURRENCIES,
		                           d->currency, &e->deal_currency, d->amount);
}

/* Track the promised value hanging on an item (facts fa), once per deal. */
static void
count_concentration(ovp_engine *e, const ovp_deal *d, const ovp_item *it, item_facts *fa)
{
	size_t idx = (size_t)(it - e->o.roadmap->items);
	conc_list *cl;
	conc_entry *ce;
	const currency_key *key = &e->deal_currency;

	if (!d->has_amount || idx >= e->o.roadmap->nitems || fa->seen == e->generation)
		return;
	fa->seen = e->generation;
	for (size_t i = 0; i < fa->nconc; i++) {
		if (currency_is(fa->conc[i].currency, key)) {
			fa->conc[i].amount += d->amount;
			fa->conc[i].ndeals++;
			return;
		}
	}
	if (fa->nconc < FACTS_CONC) {
		ce = &fa->conc[fa->nconc++];
	} else {
		/* Only an item in more currencies than its facts hold has a list. */
		cl = &e->conc[idx];
		for (size_t i = 0; i < cl->n; i++) {
			if (currency_is(cl->e[i].currency, key)) {
				cl->e[i].amount += d->amount;
				cl->e[i].ndeals++;
				return;
			}
		}
		ce = realloc(cl->e, (cl->n + 1) * sizeof *ce);
		if (ce == NULL)
			return; /* left out of the concentration; never a wrong finding */
		cl->e = ce;
		ce = &ce[cl->n++];
	}
	currency_store(ce->currency, d->currency, key);
	ce->amount = d->amount;
	ce->ndeals = 1;
}

void
ovp_rules_portfolio_promise(ovp_engine *e, const ovp_deal *d, const ovp_promise *p,
                            const ovp_item *it, item_facts *fa)
{
	if (rule_on(e, OVP_RULE_CONCENTRATION))
		count_concentration(e, d, it, fa);
	if (e->capacity != NULL && fa->cls != OVP_CLASS_CANCELLED && p->due_source != OVP_DUE_NONE &&
	    ovp_window_is_set(p->due))
		ovp_capacity_promise(e->capacity, (size_t)(it - e->o.roadmap->items), p->due.end);
}

int
ovp_rules_portfolio_deal_end(ovp_engine *e, ovp_error *err)
{
	if (e->capacity != NULL && ovp_capacity_deal_end(e->capacity) < 0)
		return ovp_error_set(err, OVP_ENOMEM, NULL, 0, "out of memory");
	return 0;
}

/* OVP101: items on which a large share of the promised pipeline hangs. */
static int
concentration(ovp_engine *e, ovp_error *err)
{
	const ovp_roadmap *rm = e->o.roadmap;

	for (size_t i = 0; i < rm->nitems; i++) {
		const item_facts *fa = &e->facts[i];
		const conc_list *cl = &e->conc[i];

		for (size_t c = 0; c < fa->nconc + cl->n; c++) {
			const conc_entry *ce = c < fa->nconc ? &fa->conc[c] : &cl->e[c - fa->nconc];
			double total = 0.0;
			pending pf;
			char label[512], amount[64], of[64];

			for (size_t t = 0; t < e->ntotals; t++)
				if (strcmp(e->totals[t].currency, ce->currency) == 0)
					total = e->totals[t].amount;
			if (ce->ndeals < 3 || total <= 0.0 || ce->amount / total < e->cfg->concentration_share)
				continue;
			init_finding(&pf.f, OVP_RULE_CONCENTRATION,
			             rm->items[i].file != NULL ? rm->items[i].file : rm->path,
			             rm->items[i].line);
			pf.f.item = &rm->items[i];
			pf.f.currency = ce->currency;
			pf.f.share = ce->amount / total;
			pf.f.amount = ce->amount;
			pf.f.ndeals = ce->ndeals;
			ovp_engine_item_label(&rm->items[i], label, sizeof label);
			ovp_money_format(ce->currency, ce->amount, amount, sizeof amount);
			ovp_money_format(ce->currency, total, of, sizeof of);
			ovp_pending_message(&pf,
			                    "%s carries %.0f%% of the promised pipeline (%s of %s, over %zu "
			                    "deals); one slip hurts many customers",
			                    label, pf.f.share * 100.0, amount, of, ce->ndeals);
			{
				int rc = ovp_engine_emit(e, &pf.f, err);

				if (rc < 0)
					return rc;
			}
		}
	}
	return 0;
}

/*
 * OVP015: teams whose promised work by a date exceeds their pace; with
 * --verbose, why a team could not be judged.
 */
static int
overcommitted(ovp_engine *e, ovp_error *err)
{
	const ovp_capacity_verdict *v;
	size_t n;
	int rc;

	if (e->capacity == NULL)
		return 0;
	if (ovp_capacity_judge(e->capacity, &v, &n) < 0)
		return ovp_error_set(err, OVP_ENOMEM, NULL, 0, "out of memory");
	for (size_t i = 0; i < n; i++) {
		pending pf;

		if (!v[i].checked && e->meta != NULL && e->meta->verbose &&
		    e->o.sink->ops->note != NULL) {
			const ovp_rule *rule = ovp_rule_get(OVP_RULE_OVERCOMMITTED);
			char reason[MESSAGE_MAX - 32];

			ovp_capacity_reason(&v[i], e->o.as_of, reason, sizeof reason);
			ovp_message_format(pf.msg, sizeof pf.msg, "%s %s %s", rule->code, rule->name,
			                   reason);
			rc = e->o.sink->ops->note(e->o.sink, v[i].file, v[i].line, pf.msg, err);
			if (rc < 0)
				return rc;
		}
		if (!v[i].fires)
			continue;
		init_finding(&pf.f, OVP_RULE_OVERCOMMITTED, v[i].file, v[i].line);
		pf.f.team = v[i].team;
		pf.f.due = v[i].due;
		pf.f.promised = v[i].promised;
		pf.f.deliverable = v[i].deliverable;
		pf.f.pace = v[i].pace;
		pf.f.items = v[i].items;
		pf.f.nitems = v[i].nitems;
		pf.f.ndeals = v[i].ndeals;
		ovp_capacity_message(&v[i], pf.msg, sizeof pf.msg);
		pf.f.message = pf.msg;
		rc = ovp_engine_emit(e, &pf.f, err);
		if (rc < 0)
			return rc;
	}
	return 0;
}

int
ovp_rules_portfolio(ovp_engine *e, ovp_error *err)
{
	int rc = overcommitted(e, err);

	if (rc == 0)
		rc = concentration(e, err);
	return rc;
}
