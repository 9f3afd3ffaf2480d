/*
 * What the report sinks share: their constructors, for the registry in
 * report.c, and helpers to describe findings the same way in every format.
 */
#ifndef OVP_REPORT_IMPL_H
#define OVP_REPORT_IMPL_H

#include <jansson.h>

#include <overpromise/overpromise.h>

/* Constructors: a sink with its ops set, or NULL when out of memory. */
ovp_sink *ovp_sink_text_new(void);
ovp_sink *ovp_sink_json_new(void);

/* The name a deal goes by in reports: its name, else its id, else "(unnamed deal)". */
const char *ovp_deal_display_name(const ovp_deal *d);

/* A finding as the JSON object of SPEC 7.1 (a new reference), or NULL when out of memory. */
json_t *ovp_finding_to_json(const ovp_finding *f);

/* The summary as the JSON object of SPEC 7.1 (a new reference). */
json_t *ovp_summary_to_json(const ovp_summary *sum);

#endif
