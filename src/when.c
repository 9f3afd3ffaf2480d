/*
 * What makes a date of `when` shaky (see when.h): an item's flags, and
 * the caveat in words.
 */
#include <stdio.h>
#include <string.h>

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
