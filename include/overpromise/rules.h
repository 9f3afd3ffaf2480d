/*
 * The rule catalogue (SPEC 4): stable IDs, names, default severities and
 * the rationale the `rules` command prints.
 */
#ifndef OVERPROMISE_RULES_H
#define OVERPROMISE_RULES_H

#include <stddef.h>

#include <overpromise/common.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Severities, ordered: a higher value is more severe. */
typedef enum ovp_severity {
	OVP_SEV_OFF = 0, /**< the rule is switched off */
	OVP_SEV_NOTE,
	OVP_SEV_WARNING,
	OVP_SEV_ERROR
} ovp_severity;

/** "off", "note", "warning", "error". */
OVP_EXTERN const char *ovp_severity_name(ovp_severity s);

/** Parse a severity name; returns 0, or -1 when s is none of them. */
OVP_EXTERN int ovp_severity_parse(const char *s, ovp_severity *out);

/** Every rule, in catalogue order. */
typedef enum ovp_rule_id {
	OVP_RULE_UNPLANNED = 0, /* OVP001 */
	OVP_RULE_CANCELLED,     /* OVP002 */
	OVP_RULE_UNSCHEDULED,   /* OVP003 */
	OVP_RULE_LATE,          /* OVP004 */
	OVP_RULE_OVERDUE,       /* OVP005 */
	OVP_RULE_SLIP_RISK,     /* OVP006 */
	OVP_RULE_PROTOTYPE,     /* OVP007 */
	OVP_RULE_AMBIGUOUS,     /* OVP008 */
	OVP_RULE_FUZZY_MATCH,   /* OVP009 */
	OVP_RULE_UNDATED,       /* OVP010 */
	OVP_RULE_NO_SIGN_OFF,   /* OVP011 */
	OVP_RULE_SLIPPED,       /* OVP012 */
	OVP_RULE_LOW_CONFIDENCE,/* OVP013 */
	OVP_RULE_UNCONFIRMED,   /* OVP014 */
	OVP_RULE_OVERCOMMITTED, /* OVP015 */
	OVP_RULE_CONCENTRATION, /* OVP101 */
	OVP_RULE_DATA_QUALITY,  /* OVP201 */
	OVP_RULE_COUNT
} ovp_rule_id;

/** A rule of the catalogue. */
typedef struct ovp_rule {
	const char *code;        /**< "OVP004" */
	const char *name;        /**< "late" */
	ovp_severity severity;   /**< default severity */
	const char *summary;     /**< one line: what it finds */
	const char *rationale;   /**< a few sentences: why it matters, what to do */
} ovp_rule;

/** The catalogue entry of rule id (id < OVP_RULE_COUNT). */
OVP_EXTERN const ovp_rule *ovp_rule_get(ovp_rule_id id);

/**
 * Find a rule by code ("OVP004", case-insensitive) or name ("late").
 * Returns 0 with *out set, or -1 when no rule has that code or name.
 */
OVP_EXTERN int ovp_rule_find(const char *code_or_name, ovp_rule_id *out);

#ifdef __cplusplus
}
#endif

#endif
