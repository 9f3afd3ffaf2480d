/*
 * The data-quality rule (OVP201): a cell or row of either export that
 * could not be read as intended, and the note that a roadmap gives the
 * slip model no baselines to learn from.
 */
#include <overpromise/forecast.h>

#include "../engine_impl.h"

int
ovp_rules_problem(ovp_engine *e, const ovp_problem *p, const ovp_deal *deal, ovp_error *err)
{
	pending pf;

	if (!rule_on(e, OVP_RULE_DATA_QUALITY))
		return 0;
	init_finding(&pf.f, OVP_RULE_DATA_QUALITY, p->file, p->line);
	pf.f.deal = deal;
	pf.f.problem = p;
	if (p->column[0] != '\0')
		ovp_pending_message(&pf, "%s: %s", p->column, p->message);
	else
		ovp_pending_message(&pf, "%s", p->message);
	return ovp_engine_emit(e, &pf.f, err);
}

/*
 * The note that the roadmap (with per-file histories, its file k) gives
 * no baselines, at the header: a data-quality finding at note severity,
 * made only when the slip-risk rule it concerns runs.
 */
int
ovp_rules_baseline_note(ovp_engine *e, size_t k, ovp_error *err)
{
	ovp_note note;
	ovp_problem p;
	pending pf;

	if (!rule_on(e, OVP_RULE_SLIP_RISK) || !rule_on(e, OVP_RULE_DATA_QUALITY) ||
	    !ovp_forecast_baseline_note(e->o.roadmap, k, e->cfg->forecast_per_file, &note))
		return 0;
	p = (ovp_problem){note.line, note.file, "", "", note.message};
	init_finding(&pf.f, OVP_RULE_DATA_QUALITY, note.file, note.line);
	pf.f.severity = OVP_SEV_NOTE;
	pf.f.problem = &p;
	ovp_pending_message(&pf, "%s", note.message);
	return ovp_engine_emit(e, &pf.f, err);
}
