/*
 * The deal rules: what a deal as a whole says, once its promises are
 * checked.  OVP011: the deal carries promises of open work (unmatched,
 * or resting on an item that has not shipped) and its export records no
 * solution-expert sign-off for it.
 */
#include "../engine_impl.h"

int
ovp_rules_deal(ovp_engine *e, const ovp_deal *d, bool open_work, const char *file,
               ovp_error *err)
{
	pending pf;

	if (!open_work || !d->signoff_column || d->signed_off || !rule_on(e, OVP_RULE_NO_SIGN_OFF))
		return 0;
	init_finding(&pf.f, OVP_RULE_NO_SIGN_OFF, file, d->line);
	pf.f.deal = d;
	/* The same words for every deal: the finding points at them. */
	pf.f.message = "deal carries promises of unshipped work but no solution-expert sign-off is "
	               "recorded";
	return ovp_engine_emit(e, &pf.f, err);
}
