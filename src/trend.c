/*
 * The trend table (`overpromise trend FILE`): the runs of a history, one
 * a row, with their counts, findings by severity, value at risk and the
 * change since the run before, as text, Markdown, JSON or CSV.
 *
 * Amounts are never added across currencies: the value at risk and its
 * change are listed per currency, in the order the currencies first
 * appear in the history.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <overpromise/run_history.h>
#include <overpromise/trend.h>

#include "report/report_impl.h"
#include "util/str.h"

static const char *const formats[] = {"text", "markdown", "json", "csv", NULL};

/* The currencies of the whole history, in order of first appearance. */
typedef struct currencies {
	char (*code)[8];
	size_t n;
} currencies;

static int
gather_currencies(const ovp_run_history *h, currencies *c)
{
	c->n = 0;
	c->code = NULL;
	for (size_t r = 0; r < h->nruns; r++) {
		for (size_t k = 0; k < h->runs[r].ncurrencies; k++) {
			const char *cur = h->runs[r].value_at_risk[k].currency;
			size_t i = 0;

			while (i < c->n && strcmp(c->code[i], cur) != 0)
				i++;
			if (i < c->n)
				continue;
			if (c->n % 8 == 0) {
				char (*nc)[8] = realloc(c->code, (c->n + 8) * sizeof *nc);

				if (nc == NULL)
					return OVP_ENOMEM;
				c->code = nc;
			}
			memcpy(c->code[c->n++], cur, 8);
		}
	}
	return 0;
}

/* The value at risk of run r in currency cur; false when the run lists none in it. */
static bool
risk_in(const ovp_run *r, const char *cur, double *amount)
{
	for (size_t k = 0; k < r->ncurrencies; k++) {
		if (strcmp(r->value_at_risk[k].currency, cur) == 0) {
			*amount = r->value_at_risk[k].amount;
			return true;
		}
	}
	*amount = 0.0;
	return false;
}

/* "USD 1,770,000; EUR 48,000", or "none". */
static void
put_risk(ovp_rbuf *b, const ovp_run *r)
{
	char money[64];

	if (r->ncurrencies == 0)
		ovp_rbuf_puts(b, "none");
	for (size_t k = 0; k < r->ncurrencies; k++) {
		ovp_money_format(r->value_at_risk[k].currency, r->value_at_risk[k].amount, money,
		                 sizeof money);
		ovp_rbuf_printf(b, "%s%s", k ? "; " : "", money);
	}
}

/* A change of an amount: "USD +380,000", "-48,000" without a currency. */
static void
put_signed_money(ovp_rbuf *b, const char *cur, double delta)
{
	char money[64];

	ovp_money_format("", fabs(delta), money, sizeof money);
	ovp_rbuf_printf(b, "%s%s%c%s", cur, cur[0] ? " " : "", delta < 0 ? '-' : '+', money);
}

/*
 * The change of run r since run p, for people: "errors +2, warnings -1;
 * value at risk USD +380,000", or "no change".
 */
static void
put_change(ovp_rbuf *b, const ovp_run *p, const ovp_run *r, const currencies *c)
{
	static const char *const names[] = {[OVP_SEV_ERROR] = "errors",
	                                    [OVP_SEV_WARNING] = "warnings",
	                                    [OVP_SEV_NOTE] = "notes"};
	bool any = false, money = false;

	for (int s = OVP_SEV_ERROR; s >= OVP_SEV_NOTE; s--) {
		long d = (long)r->by_severity[s] - (long)p->by_severity[s];

		if (d != 0) {
			ovp_rbuf_printf(b, "%s%s %+ld", any ? ", " : "", names[s], d);
			any = true;
		}
	}
	for (size_t i = 0; i < c->n; i++) {
		double before, after;

		risk_in(p, c->code[i], &before);
		risk_in(r, c->code[i], &after);
		if (after == before)
			continue;
		ovp_rbuf_puts(b, money ? ", " : any ? "; value at risk " : "value at risk ");
		put_signed_money(b, c->code[i], after - before);
		any = money = true;
	}
	if (!any)
		ovp_rbuf_puts(b, "no change");
}

/* The cells of run i for the text and Markdown tables, in order. */
enum { COLS = 8 };

static const char *const heads[COLS] = {"as of",  "deals", "promises",      "errors",
                                        "warnings", "notes", "value at risk", "change"};

static int
cells(const ovp_run_history *h, size_t i, const currencies *c, char **out)
{
	const ovp_run *r = &h->runs[i];
	ovp_rbuf b = {0};
	char day[OVP_DATE_ISO_SIZE];

	out[0] = strdup(ovp_day_format(r->as_of, day));
	ovp_rbuf_printf(&b, "%lu", r->deals);
	out[1] = b.data;
	memset(&b, 0, sizeof b);
	ovp_rbuf_printf(&b, "%lu", r->promises);
	out[2] = b.data;
	memset(&b, 0, sizeof b);
	for (int s = OVP_SEV_ERROR, k = 3; s >= OVP_SEV_NOTE; s--, k++) {
		ovp_rbuf_printf(&b, "%lu", r->by_severity[s]);
		out[k] = b.data;
		memset(&b, 0, sizeof b);
	}
	put_risk(&b, r);
	out[6] = b.data;
	memset(&b, 0, sizeof b);
	if (i > 0)
		put_change(&b, &h->runs[i - 1], r, c);
	else
		ovp_rbuf_puts(&b, "");
	out[7] = b.data != NULL ? b.data : strdup("");
	for (int k = 0; k < COLS; k++)
		if (out[k] == NULL)
			return OVP_ENOMEM;
	return 0;
}

static void
free_cells(char **cells_, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(cells_[i]);
}

/* Display width of a cell: its code points (the texts are dates, numbers and currency codes). */
static size_t
width(const char *s)
{
	size_t w = 0;

	for (; *s != '\0'; s++)
		if (((unsigned char)*s & 0xC0) != 0x80)
			w++;
	return w;
}

static int
write_table(const ovp_run_history *h, const currencies *c, bool markdown, ovp_rbuf *b)
{
	size_t n = h->nruns, w[COLS];
	char **all = calloc((n ? n : 1) * COLS, sizeof *all);
	int rc = 0;

	if (all == NULL)
		return OVP_ENOMEM;
	for (int k = 0; k < COLS; k++)
		w[k] = width(heads[k]);
	for (size_t i = 0; i < n && rc == 0; i++) {
		rc = cells(h, i, c, all + i * COLS);
		for (int k = 0; k < COLS && rc == 0; k++)
			if (width(all[i * COLS + k]) > w[k])
				w[k] = width(all[i * COLS + k]);
	}
	if (rc == 0 && markdown) {
		ovp_rbuf_puts(b, "| As of | Deals | Promises | Errors | Warnings | Notes | Value at risk "
		                 "| Change since the run before |\n"
		                 "|---|---:|---:|---:|---:|---:|---|---|\n");
		for (size_t i = 0; i < n; i++) {
			for (int k = 0; k < COLS; k++) {
				ovp_rbuf_puts(b, k == 0 ? "| " : " | ");
				ovp_markdown_put(b, all[i * COLS + k]);
			}
			ovp_rbuf_puts(b, " |\n");
		}
	} else if (rc == 0) {
		for (size_t i = 0; i <= n; i++) {
			for (int k = 0; k < COLS; k++) {
				const char *s = i == 0 ? heads[k] : all[(i - 1) * COLS + k];
				size_t pad = w[k] - width(s);
				/* Numbers to the right, texts to the left; the last column unpadded. */
				bool right = k >= 1 && k <= 5;

				if (k > 0)
					ovp_rbuf_puts(b, "  ");
				if (right)
					ovp_rbuf_printf(b, "%*s", (int)pad, "");
				ovp_rbuf_puts(b, s);
				if (!right && k < COLS - 1)
					ovp_rbuf_printf(b, "%*s", (int)pad, "");
			}
			/* The change is empty on the first run: no trailing blanks. */
			while (b->len > 0 && b->data[b->len - 1] == ' ')
				b->data[--b->len] = '\0';
			ovp_rbuf_putc(b, '\n');
		}
	}
	free_cells(all, n * COLS);
	free(all);
	return rc;
}

static json_t *
money_json(const char *cur, double amount)
{
	json_t *o = json_object();

	json_object_set_new(o, "currency", cur[0] ? ovp_json_text(cur) : json_null());
	json_object_set_new(o, "amount", json_real(amount));
	return o;
}

static json_t *
trend_json(const ovp_run_history *h, const currencies *c)
{
	json_t *doc = json_object(), *runs = json_array(), *skipped = json_array();

	json_object_set_new(doc, "format", json_string("overpromise-trend/1"));
	json_object_set_new(doc, "history", ovp_json_text(h->path));
	for (size_t i = 0; i < h->nruns; i++) {
		const ovp_run *r = &h->runs[i];
		json_t *o = json_object(), *var = json_array(), *inputs = json_object();
		char day[OVP_DATE_ISO_SIZE];

		json_object_set_new(o, "line", json_integer(r->line));
		json_object_set_new(o, "as_of", json_string(ovp_day_format(r->as_of, day)));
		json_object_set_new(inputs, "deals",
		                    r->deals_path ? ovp_json_text(r->deals_path) : json_null());
		json_object_set_new(inputs, "roadmap",
		                    r->roadmap_path ? ovp_json_text(r->roadmap_path) : json_null());
		json_object_set_new(o, "inputs", inputs);
		json_object_set_new(o, "deals", json_integer((json_int_t)r->deals));
		json_object_set_new(o, "promises", json_integer((json_int_t)r->promises));
		json_object_set_new(o, "roadmap_items", json_integer((json_int_t)r->roadmap_items));
		json_object_set_new(o, "by_severity", ovp_json_severities(r->by_severity));
		for (size_t k = 0; k < r->ncurrencies; k++)
			json_array_append_new(var, money_json(r->value_at_risk[k].currency,
			                                      r->value_at_risk[k].amount));
		json_object_set_new(o, "value_at_risk", var);
		if (i == 0) {
			json_object_set_new(o, "change", json_null());
		} else {
			const ovp_run *p = &h->runs[i - 1];
			json_t *ch = json_object(), *dv = json_array();

			json_object_set_new(ch, "deals",
			                    json_integer((json_int_t)r->deals - (json_int_t)p->deals));
			json_object_set_new(ch, "promises", json_integer((json_int_t)r->promises -
			                                                 (json_int_t)p->promises));
			json_object_set_new(
			        ch, "by_severity",
			        json_pack("{s:I,s:I,s:I}", "error",
			                  (json_int_t)r->by_severity[OVP_SEV_ERROR] -
			                          (json_int_t)p->by_severity[OVP_SEV_ERROR],
			                  "warning",
			                  (json_int_t)r->by_severity[OVP_SEV_WARNING] -
			                          (json_int_t)p->by_severity[OVP_SEV_WARNING],
			                  "note",
			                  (json_int_t)r->by_severity[OVP_SEV_NOTE] -
			                          (json_int_t)p->by_severity[OVP_SEV_NOTE]));
			for (size_t k = 0; k < c->n; k++) {
				double before, after;
				bool in_p = risk_in(p, c->code[k], &before), in_r = risk_in(r, c->code[k], &after);

				if (in_p || in_r)
					json_array_append_new(dv, money_json(c->code[k], after - before));
			}
			json_object_set_new(ch, "value_at_risk", dv);
			json_object_set_new(o, "change", ch);
		}
		json_array_append_new(runs, o);
	}
	json_object_set_new(doc, "runs", runs);
	json_object_set_new(doc, "older_runs", json_integer((json_int_t)h->older));
	for (size_t i = 0; i < h->nskipped; i++)
		json_array_append_new(skipped, json_pack("{s:I,s:s}", "line",
		                                         (json_int_t)h->skipped[i].line, "problem",
		                                         h->skipped[i].message));
	json_object_set_new(doc, "skipped_lines", skipped);
	return doc;
}

static void
write_csv(const ovp_run_history *h, const currencies *c, ovp_rbuf *b)
{
	static const char *const fixed[] = {"as_of", "deals", "promises", "roadmap_items",
	                                    "errors", "warnings", "notes"};
	char cell[96];

	for (size_t k = 0; k < sizeof fixed / sizeof fixed[0]; k++)
		ovp_csv_put_cell(b, fixed[k], k == 0);
	for (size_t k = 0; k < c->n; k++) {
		snprintf(cell, sizeof cell, "value_at_risk%s%s", c->code[k][0] ? " " : "", c->code[k]);
		ovp_csv_put_cell(b, cell, false);
	}
	ovp_csv_put_cell(b, "errors_change", false);
	for (size_t k = 0; k < c->n; k++) {
		snprintf(cell, sizeof cell, "value_at_risk%s%s change", c->code[k][0] ? " " : "",
		         c->code[k]);
		ovp_csv_put_cell(b, cell, false);
	}
	ovp_rbuf_putc(b, '\n');
	for (size_t i = 0; i < h->nruns; i++) {
		const ovp_run *r = &h->runs[i];
		char day[OVP_DATE_ISO_SIZE], num[32];
		unsigned long v[] = {r->deals, r->promises, r->roadmap_items,
		                     r->by_severity[OVP_SEV_ERROR], r->by_severity[OVP_SEV_WARNING],
		                     r->by_severity[OVP_SEV_NOTE]};

		ovp_csv_put_cell(b, ovp_day_format(r->as_of, day), true);
		for (size_t k = 0; k < sizeof v / sizeof v[0]; k++) {
			snprintf(num, sizeof num, "%lu", v[k]);
			ovp_csv_put_cell(b, num, false);
		}
		for (size_t k = 0; k < c->n; k++) {
			double a;

			ovp_csv_put_cell(b, risk_in(r, c->code[k], &a) ? ovp_format_number(a, num) : "",
			                 false);
		}
		if (i == 0) {
			ovp_csv_put_cell(b, "", false);
			for (size_t k = 0; k < c->n; k++)
				ovp_csv_put_cell(b, "", false);
		} else {
			const ovp_run *p = &h->runs[i - 1];

			snprintf(num, sizeof num, "%ld",
			         (long)r->by_severity[OVP_SEV_ERROR] - (long)p->by_severity[OVP_SEV_ERROR]);
			ovp_csv_put_cell(b, num, false);
			for (size_t k = 0; k < c->n; k++) {
				double before, after;

				risk_in(p, c->code[k], &before);
				risk_in(r, c->code[k], &after);
				ovp_csv_put_cell(b, ovp_format_number(after - before, num), false);
			}
		}
		ovp_rbuf_putc(b, '\n');
	}
}

int
ovp_trend_write(const ovp_run_history *h, const char *format, FILE *out, ovp_error *err)
{
	currencies c;
	ovp_rbuf b = {0};
	int rc;

	if (strcmp(format, "text") != 0 && strcmp(format, "markdown") != 0 &&
	    strcmp(format, "json") != 0 && strcmp(format, "csv") != 0)
		return ovp_error_set(err, OVP_EUSAGE, NULL, 0,
		                     "unknown format \"%s\" (expected one of: text, markdown, json, csv)",
		                     format);
	rc = gather_currencies(h, &c);
	if (rc == 0 && strcmp(format, "json") == 0) {
		json_t *doc = trend_json(h, &c);

		rc = doc != NULL ? ovp_put_json(out, doc, 0) : OVP_ENOMEM;
		json_decref(doc);
		if (rc == 0 && fputc('\n', out) == EOF)
			rc = OVP_EIO;
	} else if (rc == 0 && strcmp(format, "csv") == 0) {
		write_csv(h, &c, &b);
	} else if (rc == 0) {
		bool markdown = strcmp(format, "markdown") == 0;

		if (h->older > 0)
			ovp_rbuf_printf(&b, "%s%lu older %s left out%s\n\n", markdown ? "_" : "",
			                h->older, h->older == 1 ? "run" : "runs", markdown ? "_" : "");
		if (h->nruns == 0)
			ovp_rbuf_puts(&b, markdown ? "_No runs recorded._\n" : "No runs recorded.\n");
		else
			rc = write_table(h, &c, markdown, &b);
	}
	if (rc == 0 && b.err != 0)
		rc = b.err;
	if (rc == 0 && b.len > 0 && fwrite(b.data, 1, b.len, out) != b.len)
		rc = OVP_EIO;
	ovp_rbuf_free(&b);
	free(c.code);
	if (rc == OVP_EIO)
		return ovp_error_set(err, rc, NULL, 0, "cannot write the trend");
	if (rc < 0)
		return ovp_error_set(err, rc, NULL, 0, "out of memory");
	return 0;
}

const char *const *
ovp_trend_formats(void)
{
	return formats;
}
