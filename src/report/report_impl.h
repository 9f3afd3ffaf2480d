/*
 * What the report sinks share: their constructors, for the registry in
 * report.c, and helpers to describe findings the same way in every format.
 */
#ifndef OVP_REPORT_IMPL_H
#define OVP_REPORT_IMPL_H

#include <stdint.h>
#include <stdio.h>

#include <jansson.h>

#include <overpromise/overpromise.h>

#include "../util/buf.h"
#include "../util/json.h"
#include "../util/num.h"
#include "../util/utf8.h"

/* Constructors: a sink with its ops set, or NULL when out of memory. */
ovp_sink *ovp_sink_text_new(void);
ovp_sink *ovp_sink_json_new(void);
/* JSON lines: a finding a line, then the rest of the document (json.c). */
ovp_sink *ovp_sink_jsonl_new(void);
ovp_sink *ovp_sink_csv_new(void);
ovp_sink *ovp_sink_markdown_new(void);
ovp_sink *ovp_sink_sarif_new(void);
ovp_sink *ovp_sink_junit_new(void);
ovp_sink *ovp_sink_github_new(void);
ovp_sink *ovp_sink_gitlab_new(void);
ovp_sink *ovp_sink_html_new(void);

/* The name a deal goes by in reports: its name, else its id, else "(unnamed deal)". */
const char *ovp_deal_display_name(const ovp_deal *d);

/* A finding as the JSON object of SPEC 7.1 (a new reference), or NULL when out of memory. */
json_t *ovp_finding_to_json(const ovp_finding *f);

/* The summary as the JSON object of SPEC 7.1 (a new reference). */
json_t *ovp_summary_to_json(const ovp_summary *sum);

/* Amounts per currency: [{"currency", "amount"}], a null currency where none is known. */
json_t *ovp_money_json(const ovp_money *m, size_t n);

/* summary.value_at_risk_total: {"currency", "amount"}, or null when none can be given. */
json_t *ovp_summary_total_json(const ovp_summary *sum);

/* ---- money.c: the value at risk as the reports for people word it ---- */

/* "USD 1,770,000; SEK 881,000", an amount without a currency marked "(no currency)". */
void ovp_money_list_put(ovp_rbuf *b, const ovp_money *m, size_t n);

/*
 * The value at risk of a run: the amounts per currency and, with a
 * reporting currency, the total at the given rates ("none" when no deal
 * at risk has an amount, "no amounts in the deals export" when no deal
 * has one, or for `deal` (meta's command) that it has no --amount).
 */
void ovp_value_at_risk_put(ovp_rbuf *b, const ovp_summary *sum, const ovp_report_meta *meta);

/* The value at risk of one owner: in the reporting currency when it converts, with the amounts. */
void ovp_owner_risk_put(ovp_rbuf *b, const ovp_summary *sum, const ovp_owner_summary *w);

/* The sign-offs of one owner: "2 of 3", "none needed", "not recorded (3 needed)". */
void ovp_owner_sign_off_put(ovp_rbuf *b, const ovp_owner_summary *w);

/* The owner's name as shown, "(no owner)" for the deals without one. */
const char *ovp_owner_name(const ovp_owner_summary *w);

/* ---- common.c ---- */

/*
 * What an op of s returns: rc, and when it is a failure, err filled with
 * what failed, naming the report (ovp_sink::name): a write (with errno's
 * reason, taken at once), memory, or a finding past OVP_RBUF_MAX.
 */
int ovp_sink_result(const ovp_sink *s, int rc, ovp_error *err);

/*
 * Bytes kept for later, for formats whose head depends on what follows
 * (JUnit's counts, Markdown's summary): in memory up to a threshold,
 * then in an anonymous temporary file, so that memory stays bounded
 * however many findings there are.  Zero-initialise before use.
 */
typedef struct ovp_spool {
	ovp_rbuf mem;
	FILE *file;      /* NULL until the memory threshold is passed */
	size_t threshold; /* 0 for OVP_SPOOL_MEMORY */
} ovp_spool;

#define OVP_SPOOL_MEMORY ((size_t)1 << 20)

/* Append n bytes.  Returns 0, OVP_ENOMEM, or OVP_EIO when the temporary file fails. */
int ovp_spool_write(ovp_spool *sp, const char *s, size_t n);

/* Copy everything spooled to out.  Returns 0, or OVP_EIO. */
int ovp_spool_copy(ovp_spool *sp, FILE *out);

void ovp_spool_free(ovp_spool *sp);

/* Counts by severity as the JSON documents write them, {"error", "warning", "note"} (a new reference). */
json_t *ovp_json_severities(const unsigned long by[OVP_SEV_ERROR + 1]);

/*
 * The roadmap input of a report as JSON: the file's name, a list of
 * names when there are several, null when there is none (a new reference).
 */
json_t *ovp_json_roadmaps(const ovp_report_meta *meta);

/*
 * Append one CSV cell (csv.c), with its separator unless first:
 * defused against formula injection (a leading "'" before '=', '+', '-',
 * '@', tab, CR), quoted where needed, invalid UTF-8 replaced by U+FFFD.
 */
void ovp_csv_put_cell(ovp_rbuf *b, const char *s, bool first);

/* Append s as HTML text, safe in attributes too (html.c). */
void ovp_html_put(ovp_rbuf *b, const char *s);

/*
 * The HTML report's trend (html_trend.c): the header's line with
 * the change since the last run of history h (nothing when h is NULL or
 * has no run), and the section with the chart and table of the runs of
 * h and this one (sum, as of as_of).
 */
void ovp_html_change(ovp_rbuf *b, const struct ovp_run_history *h, const ovp_summary *sum);
void ovp_html_trend(ovp_rbuf *b, const struct ovp_run_history *h, const ovp_summary *sum,
                    ovp_day as_of);

/*
 * Append s as inert Markdown text that fits in a table cell (markdown.c):
 * Markdown's active characters backslash-escaped, '&', '<' and '>' as
 * entities, line breaks as <br>, a tab as a space, other control
 * characters and invalid UTF-8 as U+FFFD.
 */
void ovp_markdown_put(ovp_rbuf *b, const char *s);

#endif
