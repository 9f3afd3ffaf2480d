/*
 * Status classes (SPEC 2.3): every roadmap status, from whatever tool
 * exported it, falls into one of five classes, and the rules only ever
 * look at the class.
 *
 * The built-in vocabulary covers the default and common workflow statuses
 * of Jira (Cloud, Server, Product Discovery), Linear, Aha!, Productboard,
 * Azure DevOps, Asana, GitHub Projects and hand-made sheets.  Words are
 * compared after normalisation (letters and digits only, case-folded,
 * accents stripped), so "Won't Do", "WONT DO", "won’t do" and "Wont-do"
 * are one word.  Words from the configuration come first; then the
 * built-in vocabulary; then the export's status category as a hint.
 *
 * Classification runs once per roadmap row, so it works in stack buffers
 * and never allocates.
 */
#include <stdbool.h>
#include <stddef.h>
#include <string.h>

#include <utf8proc.h>

#include <overpromise/config.h>
#include <overpromise/roadmap.h>
#include <overpromise/status.h>

#include "status_private.h"

/* A built-in status word, already normalised. */
struct status_word {
	const char *word;
	ovp_status_class cls;
};

#define SHIPPED OVP_CLASS_SHIPPED
#define CANCELLED OVP_CLASS_CANCELLED
#define IN_PROGRESS OVP_CLASS_IN_PROGRESS
#define PLANNED OVP_CLASS_PLANNED
#define UNPLANNED OVP_CLASS_UNPLANNED

static const struct status_word vocabulary[] = {
	/* shipped: the SPEC's list, then the tools' own words */
	{"done", SHIPPED},
	{"closed", SHIPPED},
	{"resolved", SHIPPED},           /* Jira, Azure DevOps */
	{"released", SHIPPED},           /* Productboard */
	{"shipped", SHIPPED},            /* Aha! */
	{"completed", SHIPPED},          /* Asana */
	{"complete", SHIPPED},
	{"live", SHIPPED},
	{"ga", SHIPPED},
	{"generallyavailable", SHIPPED},
	{"delivered", SHIPPED},
	{"deployed", SHIPPED},
	{"launched", SHIPPED},
	{"finished", SHIPPED},
	{"fixed", SHIPPED},
	{"merged", SHIPPED},
	{"verified", SHIPPED},           /* Bugzilla-style: resolved and checked */
	{"impact", SHIPPED},             /* Jira Product Discovery: shipped, measuring */
	{"alreadyexists", SHIPPED},      /* Aha! ideas */
	{"inproduction", SHIPPED},
	{"releasedtoproduction", SHIPPED},
	{"rolledout", SHIPPED},
	{"available", SHIPPED},

	/* cancelled */
	{"canceled", CANCELLED},         /* Linear */
	{"cancelled", CANCELLED},
	{"wontdo", CANCELLED},           /* Jira, Productboard */
	{"wontfix", CANCELLED},
	{"willnotimplement", CANCELLED}, /* Aha! */
	{"willnotdo", CANCELLED},
	{"wontimplement", CANCELLED},
	{"rejected", CANCELLED},
	{"declined", CANCELLED},
	{"duplicate", CANCELLED},        /* Linear */
	{"removed", CANCELLED},          /* Azure DevOps */
	{"obsolete", CANCELLED},
	{"archived", CANCELLED},         /* Jira Product Discovery */
	{"abandoned", CANCELLED},
	{"dropped", CANCELLED},
	{"notdoing", CANCELLED},
	{"notplanned", CANCELLED},       /* GitHub "closed as not planned" */
	{"outofscope", CANCELLED},
	{"descoped", CANCELLED},
	{"withdrawn", CANCELLED},
	{"invalid", CANCELLED},

	/* in_progress */
	{"inprogress", IN_PROGRESS},     /* Jira, Linear, GitHub Projects, Asana */
	{"active", IN_PROGRESS},         /* Azure DevOps */
	{"started", IN_PROGRESS},
	{"indevelopment", IN_PROGRESS},  /* Aha! */
	{"development", IN_PROGRESS},
	{"indev", IN_PROGRESS},
	{"doing", IN_PROGRESS},          /* Azure DevOps Basic, Asana boards */
	{"implementing", IN_PROGRESS},
	{"implementation", IN_PROGRESS},
	{"building", IN_PROGRESS},
	{"indesign", IN_PROGRESS},       /* Aha! */
	{"design", IN_PROGRESS},
	{"inreview", IN_PROGRESS},       /* Linear, GitHub Projects */
	{"review", IN_PROGRESS},
	{"codereview", IN_PROGRESS},
	{"incodereview", IN_PROGRESS},
	{"peerreview", IN_PROGRESS},
	{"readyforreview", IN_PROGRESS},
	{"testing", IN_PROGRESS},
	{"intesting", IN_PROGRESS},
	{"test", IN_PROGRESS},
	{"qa", IN_PROGRESS},
	{"inqa", IN_PROGRESS},
	{"readyforqa", IN_PROGRESS},
	{"readyfortest", IN_PROGRESS},
	{"readyfortesting", IN_PROGRESS},
	{"uat", IN_PROGRESS},
	{"staging", IN_PROGRESS},
	{"verification", IN_PROGRESS},
	{"readytoship", IN_PROGRESS},    /* Aha!: built, not yet released */
	{"readyforrelease", IN_PROGRESS},
	{"readytorelease", IN_PROGRESS},
	{"delivery", IN_PROGRESS},       /* Jira Product Discovery */
	{"blocked", IN_PROGRESS},
	{"waiting", IN_PROGRESS},
	{"workingonit", IN_PROGRESS},    /* monday.com */
	{"stuck", IN_PROGRESS},          /* monday.com */
	{"ontrack", IN_PROGRESS},        /* Asana status updates */
	{"atrisk", IN_PROGRESS},
	{"offtrack", IN_PROGRESS},

	/* planned */
	{"todo", PLANNED},               /* Jira, Linear, GitHub Projects */
	{"planned", PLANNED},            /* Productboard */
	{"scheduled", PLANNED},
	{"committed", PLANNED},
	{"ready", PLANNED},              /* GitHub Projects */
	{"selectedfordevelopment", PLANNED}, /* Jira */
	{"new", PLANNED},                /* Azure DevOps */
	{"open", PLANNED},               /* Jira Server, GitHub issues */
	{"reopened", PLANNED},
	{"notstarted", PLANNED},         /* Asana */
	{"proposed", PLANNED},           /* Azure DevOps CMMI */
	{"approved", PLANNED},           /* Azure DevOps Scrum */
	{"accepted", PLANNED},
	{"readytodevelop", PLANNED},     /* Aha! */
	{"readyfordevelopment", PLANNED},
	{"readyfordev", PLANNED},
	{"readyfordelivery", PLANNED},   /* Jira Product Discovery */
	{"upnext", PLANNED},
	{"next", PLANNED},
	{"now", PLANNED},
	{"queued", PLANNED},
	{"prioritized", PLANNED},
	{"prioritised", PLANNED},

	/* unplanned */
	{"backlog", UNPLANNED},          /* Jira, Linear, GitHub Projects */
	{"idea", UNPLANNED},
	{"ideas", UNPLANNED},
	{"newidea", UNPLANNED},          /* Productboard */
	{"candidate", UNPLANNED},        /* Productboard */
	{"discovery", UNPLANNED},        /* Jira Product Discovery */
	{"triage", UNPLANNED},           /* Linear */
	{"needstriage", UNPLANNED},
	{"underconsideration", UNPLANNED}, /* Aha!, Productboard */
	{"futureconsideration", UNPLANNED}, /* Aha! ideas */
	{"likelytoimplement", UNPLANNED},   /* Aha! ideas */
	{"needsreview", UNPLANNED},         /* Aha! ideas */
	{"icebox", UNPLANNED},
	{"later", UNPLANNED},
	{"parkinglot", UNPLANNED},       /* Jira Product Discovery */
	{"parked", UNPLANNED},
	{"someday", UNPLANNED},
	{"wishlist", UNPLANNED},
	{"onhold", UNPLANNED},
	{"paused", UNPLANNED},
	{"deferred", UNPLANNED},
	{"postponed", UNPLANNED},
	{"unplanned", UNPLANNED},
	{"unscheduled", UNPLANNED},
	{"exploring", UNPLANNED},
	{"research", UNPLANNED},
	{"draft", UNPLANNED},
};

/*
 * Resolutions that mean the work was not delivered, although the item sits
 * in a done status (Jira resolves "Won't Do" items into Done or Closed).
 */
static const char *const cancelling_resolutions[] = {
	"wontdo", "wontfix", "duplicate", "cannotreproduce", "cantreproduce",
	"declined", "rejected", "invalid", "obsolete", "incomplete", "cancelled",
	"canceled", "abandoned", "willnotimplement", "wontimplement", "notabug",
	"notplanned",
};

/* Status categories of Jira exports ("To Do", "In Progress", "Done") and their API keys. */
static const struct status_word categories[] = {
	{"done", SHIPPED},
	{"inprogress", IN_PROGRESS},
	{"indeterminate", IN_PROGRESS},
	{"todo", PLANNED},
	{"new", PLANNED},
};

static const char *const class_names[OVP_CLASS_COUNT] = {
	[OVP_CLASS_PLANNED] = "planned",
	[OVP_CLASS_IN_PROGRESS] = "in_progress",
	[OVP_CLASS_SHIPPED] = "shipped",
	[OVP_CLASS_CANCELLED] = "cancelled",
	[OVP_CLASS_UNPLANNED] = "unplanned",
};

const char *
ovp_status_class_name(ovp_status_class c)
{
	if ((unsigned)c >= OVP_CLASS_COUNT)
		return "planned";
	return class_names[c];
}

/*
 * An item whose status says unplanned is unscheduled even in a file
 * without planned dates; any other open item of such a file is not
 * unscheduled for want of a date: that file says nothing about dates.
 */
ovp_plan_state
ovp_item_plan_state(const ovp_item *it)
{
	if (it->cls == OVP_CLASS_SHIPPED)
		return OVP_PLAN_SHIPPED;
	if (it->cls == OVP_CLASS_CANCELLED)
		return OVP_PLAN_CANCELLED;
	if (it->cls == OVP_CLASS_UNPLANNED || it->later)
		return OVP_PLAN_UNSCHEDULED;
	if (it->no_planned_column)
		return OVP_PLAN_NO_DATES;
	if (!ovp_window_is_set(it->planned))
		return OVP_PLAN_UNSCHEDULED;
	return OVP_PLAN_DATED;
}

/* True for the letters and digits that survive normalisation. */
static bool
is_word_char(utf8proc_int32_t cp)
{
	switch (utf8proc_category(cp)) {
	case UTF8PROC_CATEGORY_LU:
	case UTF8PROC_CATEGORY_LL:
	case UTF8PROC_CATEGORY_LT:
	case UTF8PROC_CATEGORY_LM:
	case UTF8PROC_CATEGORY_LO:
	case UTF8PROC_CATEGORY_ND:
	case UTF8PROC_CATEGORY_NL:
	case UTF8PROC_CATEGORY_NO:
		return true;
	default:
		return false;
	}
}

/*
 * ASCII, by far the common case, is folded directly; other code points go
 * through utf8proc's per-character decomposition (compatibility mapping,
 * case folding, marks stripped), which works in a small fixed array.
 * Invalid UTF-8 bytes are dropped like punctuation.
 */
int
ovp_status_normalize(const char *s, char *buf, size_t size)
{
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
	size_t len, i = 0, out = 0;

	if (buf == NULL || size == 0)
		return -1;
	buf[0] = '\0';
	if (s == NULL)
		return 0;
	len = strlen(s);
	while (i < len) {
		utf8proc_int32_t cp, dec[8];
		utf8proc_ssize_t n, k;

		if (p[i] < 0x80) {
			unsigned char c = p[i++];
			if (c >= 'A' && c <= 'Z')
				c = (unsigned char)(c - 'A' + 'a');
			else if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')))
				continue;
			if (out + 1 >= size)
				return -1;
			buf[out++] = (char)c;
			continue;
		}
		n = utf8proc_iterate(p + i, (utf8proc_ssize_t)(len - i), &cp);
		if (n <= 0) {
			i++;
			continue;
		}
		i += (size_t)n;
		k = utf8proc_decompose_char(cp, dec, 8,
		                            UTF8PROC_DECOMPOSE | UTF8PROC_COMPAT |
		                            UTF8PROC_CASEFOLD | UTF8PROC_STRIPMARK, NULL);
		if (k < 0 || k > 8)
			continue;
		for (utf8proc_ssize_t j = 0; j < k; j++) {
			utf8proc_uint8_t enc[4];
			utf8proc_ssize_t m;

			if (!is_word_char(dec[j]))
				continue;
			m = utf8proc_encode_char(dec[j], enc);
			if (m <= 0)
				continue;
			if (out + (size_t)m >= size)
				return -1;
			memcpy(buf + out, enc, (size_t)m);
			out += (size_t)m;
		}
	}
	buf[out] = '\0';
	return (int)out;
}

/* The class of the normalised word among cfg's words, or -1. */
static int
config_class(const struct ovp_config *cfg, const char *norm)
{
	char word[OVP_STATUS_NORM_MAX];

	if (cfg == NULL)
		return -1;
	for (int c = 0; c < OVP_CLASS_COUNT; c++) {
		for (size_t i = 0; i < cfg->nstatus_words[c]; i++) {
			if (ovp_status_normalize(cfg->status_words[c][i], word, sizeof word) > 0 &&
			    strcmp(word, norm) == 0)
				return c;
		}
	}
	return -1;
}

/* The class of the normalised word in table, or -1. */
static int
table_class(const struct status_word *table, size_t n, const char *norm)
{
	for (size_t i = 0; i < n; i++)
		if (table[i].word[0] == norm[0] && strcmp(table[i].word, norm) == 0)
			return (int)table[i].cls;
	return -1;
}

/* True when the resolution says the work was not delivered. */
static bool
resolution_cancels(const char *resolution, const struct ovp_config *cfg)
{
	char norm[OVP_STATUS_NORM_MAX];

	if (resolution == NULL || ovp_status_normalize(resolution, norm, sizeof norm) <= 0)
		return false;
	/* Fixed and Done are the usual resolutions of delivered work. */
	for (size_t i = 0; i < sizeof cancelling_resolutions / sizeof cancelling_resolutions[0]; i++)
		if (strcmp(norm, cancelling_resolutions[i]) == 0)
			return true;
	return config_class(cfg, norm) == OVP_CLASS_CANCELLED;
}

/*
 * Classify in the order of precedence: the configured words, the built-in
 * vocabulary, the status category (only for a status in no vocabulary).
 * *known is false only when neither the status nor the category decided;
 * the item is then planned, and the caller reports the status once.  A
 * shipped class is refined to cancelled by a resolution that says the work
 * was not done, whichever of the three decided it.
 */
ovp_status_class
ovp_status_classify(const char *status, const char *resolution, const char *category,
                    const struct ovp_config *cfg, bool *known)
{
	char norm[OVP_STATUS_NORM_MAX];
	int cls = -1;

	if (ovp_status_normalize(status, norm, sizeof norm) > 0) {
		cls = config_class(cfg, norm);
		if (cls < 0)
			cls = table_class(vocabulary, sizeof vocabulary / sizeof vocabulary[0], norm);
	}
	if (cls < 0 && ovp_status_normalize(category, norm, sizeof norm) > 0)
		cls = table_class(categories, sizeof categories / sizeof categories[0], norm);
	if (known != NULL)
		*known = cls >= 0;
	if (cls < 0)
		return OVP_CLASS_PLANNED;
	if (cls == OVP_CLASS_SHIPPED && resolution_cancels(resolution, cfg))
		return OVP_CLASS_CANCELLED;
	return (ovp_status_class)cls;
}
