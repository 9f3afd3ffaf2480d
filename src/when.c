/*
 * The answer of `when` (see when.h): matching a feature, the slip
 * model's earliest date for its item, and what makes that date shaky.
 */
#include <stdio.h>
#include <string.h>

#include <overpromise/error.h>
#include <overpromise/when.h>

unsigned
ovp_item_when_flags(const ovp_item *it, int slip_days)
{
	unsigned f = 0;

	if (it->prototype)
		f |= OVP_WHEN_FLAG_PROTOTYPE;
	if (it->confidence >= 0.0 && it->confidence < 0.5)
		f |= OVP_WHEN_FLAG_LOW_CONFIDENCE;
	if (ovp_window_is_set(it->baseline) && ovp_window_is_set(it->planned) &&
	    (long)it->planned.end - it->baseline.end >= slip_days)
		f |= OVP_WHEN_FLAG_SLIPPED;
	if (it->cls == OVP_CLASS_CANCELLED)
		f |= OVP_WHEN_FLAG_CANCELLED;
	else if (it->cls == OVP_CLASS_SHIPPED)
		f |= OVP_WHEN_FLAG_SHIPPED;
	else if (it->cls == OVP_CLASS_UNPLANNED || it->later ||
	         (!ovp_window_is_set(it->planned) && !it->no_planned_column))
		f |= OVP_WHEN_FLAG_UNSCHEDULED;
	return f;
}

const char *
ovp_when_flag_name(ovp_when_flag flag)
{
	switch (flag) {
	case OVP_WHEN_FLAG_PROTOTYPE:
		return "prototype";
	case OVP_WHEN_FLAG_LOW_CONFIDENCE:
		return "low-confidence";
	case OVP_WHEN_FLAG_SLIPPED:
		return "slipped";
	case OVP_WHEN_FLAG_CANCELLED:
		return "cancelled";
	case OVP_WHEN_FLAG_UNSCHEDULED:
		return "unscheduled";
	case OVP_WHEN_FLAG_SHIPPED:
		return "shipped";
	}
	return "";
}

void
ovp_when_item(const ovp_histories *hs, const ovp_item *it, int slip_days, ovp_day as_of,
              double confidence, ovp_day by, ovp_when_answer *out)
{
	memset(out, 0, sizeof *out);
	out->item = it;
	ovp_forecast_when(ovp_histories_for(hs, it), it, as_of, confidence, by, &out->when);
	out->reason = out->when.reason;
	out->flags = ovp_item_when_flags(it, slip_days);
}

int
ovp_when_feature(ovp_matcher *m, const ovp_histories *hs, const char *feature, int slip_days,
                 ovp_day as_of, double confidence, ovp_day by, ovp_when_answer *out)
{
	const ovp_match *match = ovp_matcher_match(m, feature, strlen(feature));

	if (match != NULL && match->item != NULL && match->kind != OVP_MATCH_NONE &&
	    match->kind != OVP_MATCH_AMBIGUOUS && match->kind != OVP_MATCH_UNCONFIRMED) {
		ovp_when_item(hs, match->item, slip_days, as_of, confidence, by, out);
		out->feature = feature;
		out->match = match;
		return 0;
	}
	memset(out, 0, sizeof *out);
	out->feature = feature;
	out->match = match;
	out->when.earliest = OVP_DAY_NONE;
	if (match == NULL) {
		out->reason = "out of memory";
		return OVP_ENOMEM;
	}
	out->reason = match->kind == OVP_MATCH_AMBIGUOUS ? "matches several roadmap items; name one"
	              : match->kind == OVP_MATCH_UNCONFIRMED
	                  ? "not clearly on the roadmap; confirm the item with an alias"
	                  : "not on the roadmap";
	for (size_t i = 0; i < match->ncandidates && i < OVP_WHEN_MAX_CANDIDATES; i++)
		out->candidates[out->ncandidates++] = match->candidates[i];
	return 0;
}

bool
ovp_when_caveat(const ovp_when_answer *a, char *buf, size_t cap)
{
	const ovp_item *it = a->item;
	const char *name;
	size_t off;
	int parts = 0;

	if (it == NULL || a->when.kind != OVP_WHEN_DATE ||
	    (a->flags & (OVP_WHEN_FLAG_PROTOTYPE | OVP_WHEN_FLAG_LOW_CONFIDENCE | OVP_WHEN_FLAG_SLIPPED)) == 0 ||
	    cap == 0)
		return false;
	name = it->id[0] != '\0' ? it->id : it->title;
	off = (size_t)snprintf(buf, cap, "but %s", name);
	if ((a->flags & OVP_WHEN_FLAG_PROTOTYPE) != 0 && off < cap) {
		off += (size_t)snprintf(buf + off, cap - off, " is not a product yet (%s)",
		                        it->maturity[0] != '\0' ? it->maturity : "prototype");
		parts++;
	}
	if ((a->flags & OVP_WHEN_FLAG_LOW_CONFIDENCE) != 0 && off < cap) {
		off += (size_t)snprintf(buf + off, cap - off, "%s has low delivery confidence (%s)",
		                        parts ? " and" : "",
		                        it->confidence_text[0] != '\0' ? it->confidence_text : "low");
		parts++;
	}
	if ((a->flags & OVP_WHEN_FLAG_SLIPPED) != 0 && off < cap) {
		long slipped = (long)it->planned.end - it->baseline.end;

		off += (size_t)snprintf(buf + off, cap - off, "%s has already slipped %ld days past its "
		                                              "baseline",
		                        parts ? " and" : "", slipped);
	}
	if (off < cap)
		snprintf(buf + off, cap - off, "%s",
		         (a->flags & (OVP_WHEN_FLAG_PROTOTYPE | OVP_WHEN_FLAG_LOW_CONFIDENCE)) != 0
		             ? ": do not commit a date"
		             : ": leave room for more slips");
	return true;
}
