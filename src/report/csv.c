/*
 * The CSV report: a header row, then one finding a row, written as the
 * findings arrive.  Meant for spreadsheets, so every cell is defused
 * against formula injection (OWASP "CSV injection"): a cell that starts
 * with '=', '+', '-', '@', tab or CR gets a leading "'" so that Excel,
 * LibreOffice and Google Sheets show it as text instead of running it.
 * The rule is applied to every cell, numbers included, so a negative
 * amount is written "'-5000": a spreadsheet cannot tell a harmless minus
 * from the start of a formula, and a rule with exceptions is a rule with
 * holes.  (A NUL cannot occur inside a C string, so that case of the
 * OWASP list needs no code.)
 *
 * Cells are quoted as RFC 4180 says (when they hold a comma, a quote, CR
 * or LF; quotes doubled); rows end with LF, not CRLF, like the other
 * text formats of the tool and what Unix tools expect; every CSV reader
 * in use accepts both.  No BOM is written.
 *
 * Empty cells stand for "none".  amount and currency are the deal's, or
 * for a concentration finding (OVP101, no deal) the value hanging on the
 * item; due and planned are the last day of the promise's and the item's
 * windows.
 */
#include <stdlib.h>
#include <string.h>

#include <overpromise/report.h>

#include "report_impl.h"

typedef struct csv_sink {
	ovp_sink base;
	ovp_rbuf row; /* the row being rendered */
} csv_sink;

static const char *const columns[] = {
	"rule", "name", "severity", "file", "line", "deal_id", "deal_name", "account", "amount",
	"currency", "owner", "close", "feature", "due", "item_id", "item_title", "planned",
	"suggested_date", "days_late", "p_late", "similarity", "suppressed", "fingerprint", "message",
};

void
ovp_csv_put_cell(ovp_rbuf *b, const char *s, bool first)
{
	bool quote = strpbrk(s, ",\"\r\n") != NULL;

	if (!first)
		ovp_rbuf_putc(b, ',');
	if (quote)
		ovp_rbuf_putc(b, '"');
	if (s[0] != '\0' && strchr("=+-@\t\r", s[0]) != NULL)
		ovp_rbuf_putc(b, '\'');
	for (size_t i = 0, n = strlen(s); i < n;) {
		uint32_t cp;
		size_t len, run = ovp_rbuf_put_plain(b, s + i, n - i, OVP_STOP('"'));

		if (run > 0) {
			i += run;
			continue;
		}
		len = ovp_utf8_next(s + i, n - i, &cp);
		if (cp == '"')
			ovp_rbuf_putc(b, '"');
		ovp_rbuf_put_cp(b, s + i, len, cp);
		i += len;
	}
	if (quote)
		ovp_rbuf_putc(b, '"');
}

static const char *
day_text(ovp_window w, char buf[OVP_DATE_ISO_SIZE])
{
	if (!ovp_window_is_set(w)) {
		buf[0] = '\0';
		return buf;
	}
	return ovp_day_format(w.end, buf);
}

static int
csv_begin(ovp_sink *s, ovp_error *err)
{
	csv_sink *cs = (csv_sink *)s;
	size_t n = sizeof columns / sizeof columns[0];

	ovp_rbuf_reset(&cs->row);
	for (size_t i = 0; i < n; i++)
		ovp_csv_put_cell(&cs->row, columns[i], i == 0);
	ovp_rbuf_putc(&cs->row, '\n');
	if (cs->row.err != 0)
		return ovp_sink_result(s, cs->row.err, err);
	return ovp_sink_result(s, fwrite(cs->row.data, 1, cs->row.len, s->out) == cs->row.len ? 0 : OVP_EIO, err);
}

static int
csv_finding(ovp_sink *s, const ovp_finding *f, ovp_error *err)
{
	csv_sink *cs = (csv_sink *)s;
	const ovp_rule *rule = ovp_rule_get(f->rule);
	const ovp_deal *d = f->deal;
	const ovp_promise *p = f->promise;
	const ovp_item *it = f->item;
	char line[32], amount[32] = "", days[32] = "", plate[32] = "", sim[32] = "";
	char due[OVP_DATE_ISO_SIZE] = "", planned[OVP_DATE_ISO_SIZE] = "";
	char close[OVP_DATE_ISO_SIZE] = "", suggested[OVP_DATE_ISO_SIZE] = "";
	ovp_rbuf *b = &cs->row;

	snprintf(line, sizeof line, "%ld", f->line);
	if (d != NULL && d->has_amount)
		ovp_format_number(d->amount, amount);
	else if (d == NULL && f->rule == OVP_RULE_CONCENTRATION)
		ovp_format_number(f->amount, amount);
	if (d != NULL)
		day_text(d->close, close);
	if (p != NULL)
		day_text(p->due, due);
	if (it != NULL)
		day_text(it->planned, planned);
	if (f->has_suggested && f->suggested_date != OVP_DAY_NONE)
		ovp_day_format(f->suggested_date, suggested);
	if (f->has_days_late)
		snprintf(days, sizeof days, "%ld", f->days_late);
	if (f->has_p_late)
		ovp_format_number(ovp_round3(f->p_late), plate);
	if (f->has_similarity)
		ovp_format_number(ovp_round3(f->similarity), sim);

	ovp_rbuf_reset(b);
	ovp_csv_put_cell(b, rule->code, true);
	ovp_csv_put_cell(b, rule->name, false);
	ovp_csv_put_cell(b, ovp_severity_name(f->severity), false);
	ovp_csv_put_cell(b, f->file != NULL ? f->file : "", false);
	ovp_csv_put_cell(b, line, false);
	ovp_csv_put_cell(b, d != NULL ? d->id : "", false);
	ovp_csv_put_cell(b, d != NULL ? d->name : "", false);
	ovp_csv_put_cell(b, d != NULL ? d->account : "", false);
	ovp_csv_put_cell(b, amount, false);
	ovp_csv_put_cell(b, d != NULL ? d->currency : f->currency != NULL ? f->currency : "", false);
	ovp_csv_put_cell(b, d != NULL && d->owner != NULL ? d->owner : "", false);
	ovp_csv_put_cell(b, close, false);
	ovp_csv_put_cell(b, p != NULL ? p->feature : "", false);
	ovp_csv_put_cell(b, due, false);
	ovp_csv_put_cell(b, it != NULL ? it->id : "", false);
	ovp_csv_put_cell(b, it != NULL ? it->title : "", false);
	ovp_csv_put_cell(b, planned, false);
	ovp_csv_put_cell(b, suggested, false);
	ovp_csv_put_cell(b, days, false);
	ovp_csv_put_cell(b, plate, false);
	ovp_csv_put_cell(b, sim, false);
	ovp_csv_put_cell(b, f->suppressed ? "true" : "false", false);
	ovp_csv_put_cell(b, f->fingerprint, false);
	ovp_csv_put_cell(b, f->message != NULL ? f->message : "", false);
	ovp_rbuf_putc(b, '\n');
	if (b->err != 0)
		return ovp_sink_result(s, b->err, err);
	return ovp_sink_result(s, fwrite(b->data, 1, b->len, s->out) == b->len ? 0 : OVP_EIO, err);
}

static int
csv_end(ovp_sink *s, const ovp_summary *sum, ovp_error *err)
{
	(void)sum;
	return ovp_sink_result(s, ferror(s->out) ? OVP_EIO : 0, err);
}

static void
csv_destroy(ovp_sink *s)
{
	csv_sink *cs = (csv_sink *)s;

	ovp_rbuf_free(&cs->row);
	free(cs);
}

static const ovp_sink_ops csv_ops = {
	.name = "csv",
	.begin = csv_begin,
	.finding = csv_finding,
	.explain = NULL,
	.end = csv_end,
	.destroy = csv_destroy,
};

ovp_sink *
ovp_sink_csv_new(void)
{
	csv_sink *cs = calloc(1, sizeof *cs);

	if (cs == NULL)
		return NULL;
	cs->base.ops = &csv_ops;
	return &cs->base;
}
