/*
 * The rule catalogue (SPEC 4).  Every finding the checker reports belongs
 * to one of these rules; the catalogue gives it a stable ID, a name that
 * configuration and command line may use instead of the ID, a default
 * severity, and the text the `rules` command and the SARIF report show.
 *
 * The rationales are written for the people who make the promises (solution
 * experts, deal desks, sales leaders), not for engineers: why this way of
 * overpromising hurts, and what to do before the contract is signed.
 */
#include <stddef.h>
#include <string.h>

#include <overpromise/rules.h>

static const ovp_rule catalogue[OVP_RULE_COUNT] = {
	[OVP_RULE_UNPLANNED] = {
		"OVP001", "unplanned", OVP_SEV_ERROR,
		"The promised feature matches no roadmap item.",
		"The feature was sold before engineering has it on its plan at all, so nobody is "
		"going to build it unless someone now fights for it. The customer will find out "
		"on the day they expect it, and the cost lands on the renewal and on your "
		"credibility. Take it out of the contract, or get it onto the roadmap with an "
		"owner and a date before you sign. If it is on the roadmap under another name, "
		"add an alias in [aliases] so the check can see it.",
	},
	[OVP_RULE_CANCELLED] = {
		"OVP002", "cancelled", OVP_SEV_ERROR,
		"The matched roadmap item is cancelled, rejected or a duplicate.",
		"Engineering has already decided not to build this item, so the promise rests on "
		"work that will not happen. A customer who was sold a cancelled feature usually "
		"learns it late and feels misled rather than disappointed. Remove the promise or "
		"replace it with what is actually planned; if the item is a duplicate, point the "
		"promise (or an alias) at the item that survived.",
	},
	[OVP_RULE_UNSCHEDULED] = {
		"OVP003", "unscheduled", OVP_SEV_ERROR,
		"The matched roadmap item has no planned date or is in an unplanned status.",
		"The feature is known to engineering but sits in the backlog, in discovery or in "
		"\"Later\", with no date anyone has committed to. Any date you give the customer "
		"is therefore yours, not engineering's, and it will not be defended when plans "
		"change. Ask product management to schedule the item first, or promise it only as "
		"a direction without a date.",
	},
	[OVP_RULE_LATE] = {
		"OVP004", "late", OVP_SEV_ERROR,
		"The roadmap plans the item for after the date the customer was promised.",
		"Even if engineering delivers exactly on plan, the customer gets the feature after "
		"the date they were given. This is the most common way a good deal turns into an "
		"escalation, because the gap is known today and only the customer is not told. "
		"Move the promised date to the planned date (the finding says by how many days it "
		"misses), or negotiate with product management to pull the item in before you "
		"sign.",
	},
	[OVP_RULE_OVERDUE] = {
		"OVP005", "overdue", OVP_SEV_ERROR,
		"The promise was due on or before today and the item has not shipped.",
		"This promise is already broken: the date has passed and the feature is not "
		"there. Every day of silence makes the conversation with the customer harder "
		"and puts the renewal at risk. Tell the customer now, with a new date that "
		"engineering backs (overpromise when gives one), and agree on what happens "
		"in the meantime.",
	},
	[OVP_RULE_SLIP_RISK] = {
		"OVP006", "slip-risk", OVP_SEV_WARNING,
		"Planned on time, but this team's history of slips makes missing the date likely.",
		"On paper the item arrives in time, but the slack between the planned and the "
		"promised date is smaller than the delays this roadmap has actually shown. The "
		"probability is taken from past items: how often they shipped later than "
		"planned, and by how much, counting the items still open past their plan as at "
		"least that late, and leaning on a default model of software delays while the "
		"history is short; the message says how many items it rests on. Give the customer "
		"a date with more room (overpromise when computes one at a confidence you choose), "
		"or make sure engineering treats this item as a commitment, not a plan. "
		"overpromise backtest shows how well these probabilities held on this roadmap.",
	},
	[OVP_RULE_PROTOTYPE] = {
		"OVP007", "prototype", OVP_SEV_WARNING,
		"The item is a proof of concept, prototype, beta, preview or experiment.",
		"A prototype shows that something can be done, not that it will be supported, "
		"scaled and maintained for a paying customer. Selling it as a finished feature "
		"sets expectations of stability and support that engineering has not signed up "
		"for. Promise the generally available version with its own date, or sell the "
		"preview explicitly as a preview.",
	},
	[OVP_RULE_AMBIGUOUS] = {
		"OVP008", "ambiguous", OVP_SEV_WARNING,
		"The promise matches two or more roadmap items about equally well.",
		"The wording of the promise fits several roadmap items, so it is not clear what "
		"the customer was actually sold, and the two sides may each assume the item "
		"that suits them. Ambiguity in a contract is resolved against the vendor more "
		"often than not. Write the promise with the roadmap key or the exact title, or "
		"add an alias in [aliases] that says which item is meant.",
	},
	[OVP_RULE_FUZZY_MATCH] = {
		"OVP009", "fuzzy-match", OVP_SEV_NOTE,
		"The promise matched a roadmap item only approximately.",
		"The promise was matched to the closest roadmap item, but the words differ, so a "
		"person should confirm that this is really the feature the customer expects. A "
		"wrong match hides every other problem with the promise. Check the item shown, "
		"then write the promise with the item's key or title, or add an alias, so the "
		"match becomes exact.",
	},
	[OVP_RULE_UNDATED] = {
		"OVP010", "undated", OVP_SEV_NOTE,
		"The promise carries no date of its own; the deal's close date was used, or none.",
		"A promise without a date is read by the customer as \"soon\", and by engineering "
		"as \"some day\". The check falls back to the deal's close date, which is "
		"usually earlier than what the customer will tolerate and later than what they "
		"expect. Write the date the customer was told into the promise or the deal's "
		"promised-date field; this is a warning when there is no date to fall back on.",
	},
	[OVP_RULE_NO_SIGN_OFF] = {
		"OVP011", "no-sign-off", OVP_SEV_WARNING,
		"The deal carries promises but no solution-expert or technical sign-off.",
		"Nobody who knows the product has confirmed that the promised features exist, fit "
		"the customer's case and can be delivered as described. Deals that skip the "
		"technical review are where most unplanned and misunderstood promises come "
		"from. Have a solution expert review the promises and record the sign-off in the "
		"CRM before the deal closes.",
	},
	[OVP_RULE_SLIPPED] = {
		"OVP012", "slipped", OVP_SEV_WARNING,
		"The item's planned date has already moved well past its original baseline.",
		"The item has slipped before, and items that slipped once tend to slip again, "
		"because the cause (scope, staffing, dependencies) is usually still there. Its "
		"current date is a weaker commitment than the roadmap makes it look. Ask the "
		"team what changed and whether the new date is firm, and leave room in anything "
		"you promise on it.",
	},
	[OVP_RULE_LOW_CONFIDENCE] = {
		"OVP013", "low-confidence", OVP_SEV_WARNING,
		"The roadmap marks the item's delivery confidence as low.",
		"Engineering itself says it does not expect to hit this date, and a promise built "
		"on it inherits that doubt. When the date moves, the customer will hear that "
		"the risk was known internally. Wait until the confidence is raised, or promise a "
		"later date that the team is confident about.",
	},
	[OVP_RULE_UNCONFIRMED] = {
		"OVP014", "unconfirmed", OVP_SEV_WARNING,
		"The promise is close to a roadmap item but not close enough to be taken as it.",
		"The promise reads like a roadmap item, but not so clearly that the check can "
		"take it as that item: a word or two differ, or a single word stands for a longer "
		"title. Calling it \"not on the roadmap\" would likely be false, and calling it the "
		"item might be wrong, so the item is named as a question and no date rule is "
		"applied. Confirm the item with an alias in [aliases] (overpromise aliases writes "
		"them for you) or with its key in the promise, and the promise is checked in full; "
		"if the item is not what the customer was sold, the feature is not on the roadmap.",
	},
	[OVP_RULE_OVERCOMMITTED] = {
		"OVP015", "overcommitted", OVP_SEV_WARNING,
		"The work promised by a date exceeds what the team has shipped in that much time.",
		"Each promise may look on time against its own item's planned date while all of "
		"them together are impossible: the roadmap's own history says how much this team "
		"ships in a day, and the promises due by this date add up to more than that pace "
		"delivers before it. Something will slip, and the plan does not say what. Ask "
		"engineering which of the items named will really make the date, move the "
		"others' promised dates out, and stop promising this team's work for that "
		"period until the load fits.",
	},
	[OVP_RULE_CONCENTRATION] = {
		"OVP101", "concentration", OVP_SEV_WARNING,
		"One roadmap item carries a large share of the promised pipeline over several deals.",
		"A large part of the pipeline's value hangs on this one item, so a single slip "
		"hurts many customers and the quarter at the same time. That concentration is "
		"easy to miss deal by deal and obvious only across the pipeline. Make sure "
		"engineering knows what rides on the item, protect its date, and think twice "
		"before adding another deal that depends on it.",
	},
	[OVP_RULE_DATA_QUALITY] = {
		"OVP201", "data-quality", OVP_SEV_WARNING,
		"A cell or row could not be read as intended.",
		"A date, amount or status in the exports could not be read, so the check worked "
		"with less than the data holds and may have missed a real risk. Unreadable "
		"dates are never silently taken as \"no date\"; they are reported here instead. "
		"Fix the cell in the CRM or roadmap tool, or map the column or status in the "
		"configuration, and run the check again.",
	},
};

static const char *const severity_names[] = {
	[OVP_SEV_OFF] = "off",
	[OVP_SEV_NOTE] = "note",
	[OVP_SEV_WARNING] = "warning",
	[OVP_SEV_ERROR] = "error",
};

/* ASCII case-insensitive equality: rule codes and names are plain ASCII. */
static int
ascii_equal(const char *a, const char *b)
{
	for (; *a != '\0' && *b != '\0'; a++, b++) {
		unsigned char ca = (unsigned char)*a, cb = (unsigned char)*b;
		if (ca >= 'A' && ca <= 'Z')
			ca = (unsigned char)(ca - 'A' + 'a');
		if (cb >= 'A' && cb <= 'Z')
			cb = (unsigned char)(cb - 'A' + 'a');
		if (ca != cb)
			return 0;
	}
	return *a == *b;
}

const char *
ovp_severity_name(ovp_severity s)
{
	if ((unsigned)s > OVP_SEV_ERROR)
		return "off";
	return severity_names[s];
}

/*
 * Only the four names are accepted, case-insensitively: a misspelt severity
 * in a configuration must be an error rather than a silent "off".
 */
int
ovp_severity_parse(const char *s, ovp_severity *out)
{
	if (s == NULL)
		return -1;
	for (unsigned i = 0; i <= OVP_SEV_ERROR; i++) {
		if (ascii_equal(s, severity_names[i])) {
			if (out != NULL)
				*out = (ovp_severity)i;
			return 0;
		}
	}
	return -1;
}

const ovp_rule *
ovp_rule_get(ovp_rule_id id)
{
	if ((unsigned)id >= OVP_RULE_COUNT)
		return NULL;
	return &catalogue[id];
}

/*
 * Codes compare case-insensitively ("ovp004"); names too ("Slip-Risk"), so
 * that configuration and command line agree with what the user typed.
 */
int
ovp_rule_find(const char *code_or_name, ovp_rule_id *out)
{
	if (code_or_name == NULL)
		return -1;
	for (unsigned i = 0; i < OVP_RULE_COUNT; i++) {
		if (ascii_equal(code_or_name, catalogue[i].code) ||
		    ascii_equal(code_or_name, catalogue[i].name)) {
			if (out != NULL)
				*out = (ovp_rule_id)i;
			return 0;
		}
	}
	return -1;
}
