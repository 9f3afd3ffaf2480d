/*
 * The value at risk as the reports for people word it: the amounts per
 * currency, the total in the reporting currency, and per deal owner a
 * line of figures.  The text, Markdown and HTML reports share these
 * words, so that they never say the same thing two ways.
 */
#include <stdio.h>
#include <string.h>

#include <overpromise/report.h>

#include "report_impl.h"
#include "../util/str.h"

void
ovp_money_list_put(ovp_rbuf *b, const ovp_money *m, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char money[64];

		ovp_money_format(m[i].currency, m[i].amount, money, sizeof money);
		ovp_rbuf_printf(b, "%s%s%s", i ? "; " : "", money,
		                m[i].currency[0] ? "" : " (no currency)");
	}
}

void
ovp_value_at_risk_put(ovp_rbuf *b, const ovp_summary *sum, const ovp_report_meta *meta)
{
	bool deal = meta != NULL && meta->command != NULL && strcmp(meta->command, "deal") == 0;
	char money[64];

	if (sum->ncurrencies == 0) {
		ovp_rbuf_puts(b, sum->amounts ? "none"
		                 : deal       ? "none (the deal has no --amount)"
		                              : "no amounts in the deals export");
		return;
	}
	ovp_money_list_put(b, sum->value_at_risk, sum->ncurrencies);
	if (sum->total_currency[0] == '\0')
		return;
	if (!sum->has_total) {
		ovp_rbuf_printf(b, " (no total in %s: a currency has no exchange rate)",
		                sum->total_currency);
		return;
	}
	/* One currency that is the reporting one: the total says nothing more. */
	if (sum->ncurrencies == 1 && strcmp(sum->value_at_risk[0].currency, sum->total_currency) == 0)
		return;
	ovp_money_format(sum->total_currency, sum->value_at_risk_total, money, sizeof money);
	ovp_rbuf_printf(b, " (%s in all at the given rates)", money);
}

void
ovp_owner_risk_put(ovp_rbuf *b, const ovp_summary *sum, const ovp_owner_summary *w)
{
	char money[64];

	if (w->ncurrencies == 0) {
		ovp_rbuf_puts(b, "none");
		return;
	}
	if (sum->total_currency[0] != '\0' && w->has_total &&
	    !(w->ncurrencies == 1 && strcmp(w->value_at_risk[0].currency, sum->total_currency) == 0)) {
		ovp_money_format(sum->total_currency, w->value_at_risk_total, money, sizeof money);
		ovp_rbuf_printf(b, "%s (", money);
		ovp_money_list_put(b, w->value_at_risk, w->ncurrencies);
		ovp_rbuf_putc(b, ')');
		return;
	}
	ovp_money_list_put(b, w->value_at_risk, w->ncurrencies);
}

void
ovp_owner_sign_off_put(ovp_rbuf *b, const ovp_owner_summary *w)
{
	if (w->needing_sign_off == 0)
		ovp_rbuf_puts(b, "none needed");
	else if (!w->sign_off_known)
		ovp_rbuf_printf(b, "not recorded (%lu needed)", w->needing_sign_off);
	else
		ovp_rbuf_printf(b, "%lu of %lu", w->signed_off, w->needing_sign_off);
}

const char *
ovp_owner_name(const ovp_owner_summary *w)
{
	return w->owner[0] != '\0' ? w->owner : "(no owner)";
}
