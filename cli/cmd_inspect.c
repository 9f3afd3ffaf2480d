/*
 * The inspect command: how a CSV export was read.  The library does the
 * reading (ovp_inspect()); this file parses the options, finds the
 * configuration and prints the answer as text or JSON.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <utf8proc.h>

#include "cli.h"
#include "opt.h"
#include "src/inspect.h"

enum { OPT_AS = 256, OPT_AS_OF, OPT_CONFIG, OPT_NO_CONFIG, OPT_SHEET };

/* Longest sample text shown in the text output, in bytes. */
#define SAMPLE_WIDTH 48

static const cli_opt inspect_opts[] = {
	{OPT_AS, 0, "as", "KIND", 0, 0,
	 "read the file as a roadmap or deals export\n(default: guessed from the headers)"},
	{OPT_SHEET, 0, "sheet", "NAME", 0, 0,
	 "the sheet to read in a workbook (default: the first\nvisible one)"},
	{'f', 'f', "format", "FMT", 0, 0, "text or json (default: text)"},
	{OPT_AS_OF, 0, "as-of", "DATE", 0, 0,
	 "the day Now and Next are counted from (default:\ntoday, UTC, or SOURCE_DATE_EPOCH)"},
	CLI_OPT_CONFIG(OPT_CONFIG),
	CLI_OPT_NO_CONFIG(OPT_NO_CONFIG),
	{'h', 'h', "help", NULL, 0, 0, "show this help and exit"},
};

static const cli_help inspect_help = {
	"overpromise inspect FILE [OPTIONS]\n"
	"\n"
	"Show how a roadmap or deals export is read: its encoding, delimiter and line\n"
	"ends (or its workbook and sheet), its rows, which tool's export it looks like,\n"
	"which column became which field and which columns are left unused, the\n"
	"day/month order of each date column, sample values of each field as they are\n"
	"read, a column that check needs and cannot find, and every data-quality\n"
	"problem (OVP201).  FILE may be CSV, gzip'd CSV or an Excel workbook (.xlsx);\n"
	"- reads standard input (with --as).\n",
	inspect_opts, sizeof inspect_opts / sizeof inspect_opts[0], 0, 28,
	"Exit status: 0 when the file was read (even with problems, or without a\n"
	"column that check needs: that is shown), 2 when it cannot be read.\n",
};

typedef struct inspect_options {
	const char *file;
	ovp_input_kind kind;
	const char *format;
	ovp_day as_of;
	const char *config;
	bool no_config;
	const char *sheet;
} inspect_options;

/* Returns -1 to exit with *code. */
static int
parse_options(int argc, char **argv, inspect_options *io, int *code)
{
	cli_parser p;
	int c;

	cli_opt_start(&p, &inspect_help, "inspect", argc, argv);
	*code = EXIT_TROUBLE;
	while ((c = cli_opt_next(&p)) != CLI_OPT_END) {
		const char *arg = p.value;

		switch (c) {
		case CLI_OPT_ERROR:
			return -1;
		case CLI_OPT_ARG:
			if (io->file != NULL) {
				cli_usage_error("inspect", "unexpected argument '%s'", arg);
				return -1;
			}
			io->file = arg;
			break;
		case OPT_AS:
			if (strcmp(arg, "roadmap") == 0) {
				io->kind = OVP_INPUT_ROADMAP;
			} else if (strcmp(arg, "deals") == 0) {
				io->kind = OVP_INPUT_DEALS;
			} else {
				cli_usage_error("inspect", "--as: \"%s\" is not roadmap or deals", arg);
				return -1;
			}
			break;
		case 'f':
			if (strcmp(arg, "text") != 0 && strcmp(arg, "json") != 0) {
				cli_usage_error("inspect", "--format: \"%s\" is not text or json", arg);
				return -1;
			}
			io->format = arg;
			break;
		case OPT_AS_OF: {
			ovp_window w;

			if (cli_parse_date("inspect", "--as-of", arg, false, &w) != 0)
				return -1;
			io->as_of = w.end;
			break;
		}
		case OPT_CONFIG:
			io->config = arg;
			break;
		case OPT_NO_CONFIG:
			io->no_config = true;
			break;
		case OPT_SHEET:
			io->sheet = arg;
			break;
		case 'h':
			cli_help_print(&inspect_help, stdout);
			*code = EXIT_CLEAN;
			return -1;
		default:
			break;
		}
	}
	if (io->file == NULL) {
		cli_usage_error("inspect", "FILE is required");
		return -1;
	}
	return 0;
}

/* ---- values for people ---------------------------------------------------- */

static const char *
period_name(ovp_period p)
{
	switch (p) {
	case OVP_PERIOD_DAY:
		return "day";
	case OVP_PERIOD_MONTH:
		return "month";
	case OVP_PERIOD_QUARTER:
		return "quarter";
	case OVP_PERIOD_HALF:
		return "half";
	case OVP_PERIOD_YEAR:
		return "year";
	case OVP_PERIOD_SPAN:
		return "span";
	case OVP_PERIOD_NONE:
		break;
	}
	return "none";
}

/* "2027-03-31" for a day, "2027-01-01..2027-03-31" for a longer window. */
static void
window_text(ovp_window w, char *buf, size_t cap)
{
	char a[OVP_DATE_ISO_SIZE], b[OVP_DATE_ISO_SIZE];

	ovp_day_format(w.start, a);
	ovp_day_format(w.end, b);
	if (w.start == w.end)
		snprintf(buf, cap, "%s", b);
	else
		snprintf(buf, cap, "%s..%s", a, b);
}

/* An amount with no trailing zeros: "120000", "120000.5". */
static void
number_text(double v, char *buf, size_t cap)
{
	char *dot;
	size_t n;

	snprintf(buf, cap, "%.2f", v);
	dot = strchr(buf, '.');
	if (dot == NULL)
		return;
	n = strlen(buf);
	while (n > 0 && buf[n - 1] == '0')
		buf[--n] = '\0';
	if (n > 0 && buf[n - 1] == '.')
		buf[n - 1] = '\0';
}

/*
 * A cell on one line of at most SAMPLE_WIDTH bytes: line breaks and tabs
 * become spaces, and a longer text is cut at a character boundary with
 * "...".
 */
static void
one_line(const char *s, char *buf, size_t cap)
{
	size_t n = 0;

	for (const unsigned char *p = (const unsigned char *)s; *p != '\0' && n + 4 < cap; p++) {
		if (n >= SAMPLE_WIDTH && (*p & 0xC0) != 0x80) {
			memcpy(buf + n, "...", 3);
			n += 3;
			break;
		}
		buf[n++] = *p == '\n' || *p == '\r' || *p == '\t' ? ' ' : (char)*p;
	}
	buf[n] = '\0';
}

static void
sample_text(const ovp_sample *s, char *buf, size_t cap)
{
	char text[SAMPLE_WIDTH * 2], w[32], num[64];

	one_line(s->text, text, sizeof text);
	switch (s->kind) {
	case OVP_SAMPLE_DATE:
		if (s->later)
			snprintf(buf, cap, "%s -> later (unscheduled)", text);
		else if (!s->ok)
			snprintf(buf, cap, "%s -> not a date", text);
		else {
			window_text(s->window, w, sizeof w);
			snprintf(buf, cap, "%s -> %s", text, w);
		}
		return;
	case OVP_SAMPLE_AMOUNT:
		if (!s->ok) {
			snprintf(buf, cap, "%s -> not an amount", text);
			return;
		}
		number_text(s->amount, num, sizeof num);
		snprintf(buf, cap, "%s -> %s%s%s", text, s->currency, s->currency[0] ? " " : "", num);
		return;
	case OVP_SAMPLE_STATUS:
		snprintf(buf, cap, "%s -> %s%s", text, ovp_status_class_name(s->cls),
		         s->known ? "" : " (unknown status)");
		return;
	case OVP_SAMPLE_STAGE:
		snprintf(buf, cap, "%s -> %s", text, s->lost ? "lost" : "not lost");
		return;
	case OVP_SAMPLE_PROMISE: {
		char feature[SAMPLE_WIDTH * 2];

		one_line(s->feature, feature, sizeof feature);
		if (!s->ok) {
			snprintf(buf, cap, "%s -> \"%s\", date after @ unreadable", text, feature);
		} else if (ovp_window_is_set(s->window)) {
			window_text(s->window, w, sizeof w);
			snprintf(buf, cap, "%s -> \"%s\" due %s", text, feature, w);
		} else {
			snprintf(buf, cap, "%s -> \"%s\"", text, feature);
		}
		return;
	}
	case OVP_SAMPLE_WORK:
		if (!s->ok) {
			snprintf(buf, cap, "%s -> not a time estimate", text);
			return;
		}
		number_text(s->days, num, sizeof num);
		snprintf(buf, cap, "%s -> %s %s of work%s", text, num,
		         strcmp(num, "1") == 0 ? "day" : "days",
		         s->superseded ? " (not used: the effort column is)" : "");
		return;
	case OVP_SAMPLE_TEXT:
		break;
	}
	snprintf(buf, cap, "%s", text);
}

/*
 * ", dates d/m (decided by the column)" and the like; nothing for a column
 * whose dates have no numeric day and month (month names, ISO), where the
 * order changes nothing, unless the configuration sets it.
 */
static void
print_order(const ovp_table_column *col)
{
	if (!col->numeric && col->order_source != OVP_ORDER_FROM_CONFIG)
		return;
	if (col->order == OVP_ORDER_AUTO) {
		printf(", dates m/d with \"/\", d/m with \".\" or \"-\" (nothing decided)");
		return;
	}
	printf(", dates %s (", col->order == OVP_ORDER_DMY ? "d/m" : "m/d");
	if (col->order_source == OVP_ORDER_FROM_CONFIG)
		printf("from the configuration)");
	else
		printf("decided by the %s)", ovp_order_source_name(col->order_source));
}

static const char *
delimiter_text(char d)
{
	return d == '\t' ? "tab" : d == ';' ? "\";\"" : d == ',' ? "\",\"" : "?";
}

/* ---- text ----------------------------------------------------------------- */

static void
print_text(const ovp_inspection *ins)
{
	bool any;

	if (strcmp(ins->tool, "generic") == 0)
		printf("%s: looks like a generic (hand-made) export", ins->path);
	else
		printf("%s: looks like a%s %s export", ins->path,
		       strchr("AEIOU", ins->tool[0]) != NULL ? "n" : "", ins->tool);
	printf("; read as %s%s\n", ins->kind == OVP_INPUT_ROADMAP ? "a roadmap" : "deals",
	       ins->kind_guessed ? " (guessed from the headers)" : "");
	if (ins->source.format == OVP_SOURCE_XLSX) {
		const ovp_xlsx_info *xi = &ins->source.xlsx;

		printf("  workbook    Excel (.xlsx), sheet \"%s\" (worksheets: %zu), dates counted from "
		       "%s\n",
		       xi->sheet, xi->sheets, xi->date1904 ? "1904" : "1900");
		printf("  header      row %ld, %zu columns\n", ins->header_line, ins->ncolumns);
	} else {
		printf("  encoding    %s%s\n", ovp_encoding_name(ins->csv.encoding),
		       ins->source.gzip ? ", gzip'd" : "");
		printf("  delimiter   %s%s\n", delimiter_text(ins->csv.delimiter),
		       ins->csv.delimiter_sniffed ? " (sniffed)" : " (configured)");
		printf("  line ends   %lu LF, %lu CRLF\n", ins->csv.lf, ins->csv.crlf);
		printf("  header      line %ld, %zu columns\n", ins->header_line, ins->ncolumns);
	}
	printf("  rows        %lu data, %lu skipped (blank or report trailer); %lu %s\n",
	       ins->data_rows, ins->skipped_rows, ins->records,
	       ins->kind == OVP_INPUT_ROADMAP ? (ins->records == 1 ? "item" : "items")
	                                      : (ins->records == 1 ? "deal" : "deals"));

	printf("\nFields:\n");
	for (size_t f = 0; f < ins->nfields; f++) {
		const ovp_inspect_field *fi = &ins->fields[f];

		printf("  %-16s", fi->key);
		if (fi->ncolumns == 0) {
			printf("-%s\n", fi->missing ? " (required: not found)" : "");
			continue;
		}
		for (size_t c = 0; c < fi->ncolumns; c++) {
			const ovp_table_column *col = &fi->columns[c];

			if (c > 0)
				printf("  %-16s", "");
			putchar('"');
			cli_put_shown(col->header);
			printf("\" (column %zu)", col->index + 1);
			if (c == 0 && fi->overridden)
				printf(" from the configuration");
			if (col->month)
				printf(", a month column");
			else if (fi->date)
				print_order(col);
			putchar('\n');
		}
	}

	any = false;
	for (size_t i = 0; i < ins->ncolumns; i++) {
		if (ins->used[i])
			continue;
		printf("%s\"", any ? ", " : "\nUnused columns: ");
		cli_put_shown(ins->headers[i]);
		printf("\" (%zu)", i + 1);
		any = true;
	}
	if (any)
		putchar('\n');

	any = false;
	for (size_t f = 0; f < ins->nfields; f++) {
		const ovp_inspect_field *fi = &ins->fields[f];

		if (fi->nsamples == 0)
			continue;
		if (!any && ins->sample_line > 0)
			printf("\nSamples (text from line %ld, the row that fills the most text fields; "
			       "the other fields' first values as read):\n",
			       ins->sample_line);
		else if (!any)
			printf("\nSamples (first values as read):\n");
		any = true;
		for (size_t k = 0; k < fi->nsamples; k++) {
			char buf[512];

			sample_text(&fi->samples[k], buf, sizeof buf);
			printf("  %-16s", k == 0 ? fi->key : "");
			cli_put_shown(buf);
			putchar('\n');
		}
	}
	if (!any)
		printf("\nSamples: none (no data row)\n");

	if (ins->error != NULL)
		printf("\nNot usable by check: %s\n", ins->error);
	if (ins->nproblems == 0) {
		printf("\nProblems: none\n");
	} else {
		printf("\nProblems (%zu):\n", ins->nproblems);
		for (size_t i = 0; i < ins->nproblems; i++) {
			const ovp_problem *p = &ins->problems[i];

			fputs("  ", stdout);
			cli_put_shown(p->file);
			printf(":%ld: OVP201 ", p->line);
			cli_put_shown(p->column);
			fputs(p->column[0] ? ": " : "", stdout);
			cli_put_shown(p->message);
			putchar('\n');
		}
	}
}

/* ---- JSON ----------------------------------------------------------------- */

/* A JSON string of s; bytes that are not UTF-8 (a cut message) become U+FFFD. */
static json_t *
jstr(const char *s)
{
	json_t *j = json_string(s);
	size_t n, len = strlen(s), out = 0;
	char *buf;

	if (j != NULL)
		return j;
	buf = malloc(len * 3 + 1);
	if (buf == NULL)
		return json_null();
	for (n = 0; n < len;) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s + n,
		                                      (utf8proc_ssize_t)(len - n), &cp);

		if (k <= 0) {
			memcpy(buf + out, "\xef\xbf\xbd", 3);
			out += 3;
			n++;
			continue;
		}
		memcpy(buf + out, s + n, (size_t)k);
		out += (size_t)k;
		n += (size_t)k;
	}
	buf[out] = '\0';
	j = json_string(buf);
	free(buf);
	return j != NULL ? j : json_null();
}

static json_t *
jday(ovp_day d)
{
	char buf[OVP_DATE_ISO_SIZE];

	return d != OVP_DAY_NONE ? json_string(ovp_day_format(d, buf)) : json_null();
}

static json_t *
sample_json(const ovp_sample *s)
{
	json_t *o = json_object();

	json_object_set_new(o, "line", json_integer(s->line));
	json_object_set_new(o, "text", jstr(s->text));
	switch (s->kind) {
	case OVP_SAMPLE_DATE:
		if (s->ok && !s->later) {
			json_t *w = json_object();

			json_object_set_new(w, "start", jday(s->window.start));
			json_object_set_new(w, "end", jday(s->window.end));
			json_object_set_new(w, "period", json_string(period_name(s->window.period)));
			json_object_set_new(o, "date", w);
		} else {
			json_object_set_new(o, "date", json_null());
		}
		if (s->later)
			json_object_set_new(o, "later", json_true());
		json_object_set_new(o, "readable", json_boolean(s->ok));
		break;
	case OVP_SAMPLE_AMOUNT:
		json_object_set_new(o, "amount", s->ok ? json_real(s->amount) : json_null());
		json_object_set_new(o, "currency", s->currency[0] ? json_string(s->currency)
		                                                  : json_null());
		json_object_set_new(o, "readable", json_boolean(s->ok));
		break;
	case OVP_SAMPLE_STATUS:
		json_object_set_new(o, "class", json_string(ovp_status_class_name(s->cls)));
		json_object_set_new(o, "known", json_boolean(s->known));
		break;
	case OVP_SAMPLE_STAGE:
		json_object_set_new(o, "lost", json_boolean(s->lost));
		break;
	case OVP_SAMPLE_PROMISE:
		json_object_set_new(o, "feature", jstr(s->feature));
		json_object_set_new(o, "due", ovp_window_is_set(s->window) ? jday(s->window.end)
		                                                           : json_null());
		json_object_set_new(o, "readable", json_boolean(s->ok));
		break;
	case OVP_SAMPLE_WORK:
		json_object_set_new(o, "days", s->ok ? json_real(round(s->days * 1000.0) / 1000.0)
		                                      : json_null());
		json_object_set_new(o, "used", json_boolean(s->ok && !s->superseded));
		json_object_set_new(o, "readable", json_boolean(s->ok));
		break;
	case OVP_SAMPLE_TEXT:
		break;
	}
	return o;
}

static json_t *
column_json(const ovp_table_column *col, bool date)
{
	json_t *o = json_object();

	json_object_set_new(o, "name", jstr(col->header));
	json_object_set_new(o, "position", json_integer((json_int_t)col->index + 1));
	if (col->month) {
		json_object_set_new(o, "month_column", json_true());
	} else if (date) {
		json_object_set_new(o, "date_order", json_string(ovp_date_order_name(col->order)));
		json_object_set_new(o, "decided_by",
		                    json_string(ovp_order_source_name(col->order_source)));
		json_object_set_new(o, "excel_serials", json_boolean(col->serials));
		json_object_set_new(o, "numeric_dates", json_boolean(col->numeric));
	}
	return o;
}

static void
print_json(const ovp_inspection *ins)
{
	json_t *root = json_object(), *fields = json_array(), *unused = json_array();
	json_t *problems = json_array(), *lines = json_object(), *rows = json_object();
	char delim[2] = {ins->csv.delimiter, '\0'};

	json_object_set_new(root, "format", json_string(CLI_INSPECT_FORMAT));
	json_object_set_new(root, "file", jstr(ins->path));
	json_object_set_new(root, "kind", json_string(ovp_input_kind_name(ins->kind)));
	json_object_set_new(root, "kind_guessed", json_boolean(ins->kind_guessed));
	json_object_set_new(root, "export", json_string(ins->tool));
	if (ins->source.format == OVP_SOURCE_XLSX) {
		json_t *wb = json_object();

		json_object_set_new(wb, "sheet", jstr(ins->source.xlsx.sheet));
		json_object_set_new(wb, "worksheets", json_integer((json_int_t)ins->source.xlsx.sheets));
		json_object_set_new(wb, "date_system", json_integer(ins->source.xlsx.date1904 ? 1904 : 1900));
		json_object_set_new(root, "workbook", wb);
		json_decref(lines);
	} else {
		json_object_set_new(root, "encoding", json_string(ovp_encoding_name(ins->csv.encoding)));
		if (ins->source.gzip)
			json_object_set_new(root, "compression", json_string("gzip"));
		json_object_set_new(root, "delimiter", json_string(delim));
		json_object_set_new(root, "delimiter_sniffed", json_boolean(ins->csv.delimiter_sniffed));
		json_object_set_new(lines, "lf", json_integer((json_int_t)ins->csv.lf));
		json_object_set_new(lines, "crlf", json_integer((json_int_t)ins->csv.crlf));
		json_object_set_new(root, "line_ends", lines);
	}
	json_object_set_new(root, "header_line", json_integer(ins->header_line));
	json_object_set_new(rows, "data", json_integer((json_int_t)ins->data_rows));
	json_object_set_new(rows, "skipped", json_integer((json_int_t)ins->skipped_rows));
	json_object_set_new(rows, ins->kind == OVP_INPUT_ROADMAP ? "items" : "deals",
	                    json_integer((json_int_t)ins->records));
	json_object_set_new(root, "rows", rows);
	json_object_set_new(root, "sample_line",
	                    ins->sample_line > 0 ? json_integer(ins->sample_line) : json_null());
	for (size_t f = 0; f < ins->nfields; f++) {
		const ovp_inspect_field *fi = &ins->fields[f];
		json_t *o = json_object(), *cols = json_array(), *samples = json_array();

		json_object_set_new(o, "field", json_string(fi->key));
		json_object_set_new(o, "required", json_boolean(fi->required));
		json_object_set_new(o, "missing", json_boolean(fi->missing));
		json_object_set_new(o, "from_configuration", json_boolean(fi->overridden));
		for (size_t c = 0; c < fi->ncolumns; c++)
			json_array_append_new(cols, column_json(&fi->columns[c], fi->date));
		json_object_set_new(o, "columns", cols);
		for (size_t k = 0; k < fi->nsamples; k++)
			json_array_append_new(samples, sample_json(&fi->samples[k]));
		json_object_set_new(o, "samples", samples);
		json_array_append_new(fields, o);
	}
	json_object_set_new(root, "fields", fields);
	for (size_t i = 0; i < ins->ncolumns; i++) {
		json_t *o;

		if (ins->used[i])
			continue;
		o = json_object();
		json_object_set_new(o, "name", jstr(ins->headers[i]));
		json_object_set_new(o, "position", json_integer((json_int_t)i + 1));
		json_array_append_new(unused, o);
	}
	json_object_set_new(root, "unused_columns", unused);
	for (size_t i = 0; i < ins->nproblems; i++) {
		const ovp_problem *p = &ins->problems[i];
		json_t *o = json_object();

		json_object_set_new(o, "rule", json_string("OVP201"));
		json_object_set_new(o, "file", jstr(p->file));
		json_object_set_new(o, "line", json_integer(p->line));
		json_object_set_new(o, "column", p->column[0] ? jstr(p->column) : json_null());
		json_object_set_new(o, "value", p->value[0] ? jstr(p->value) : json_null());
		json_object_set_new(o, "message", jstr(p->message));
		json_array_append_new(problems, o);
	}
	json_object_set_new(root, "problems", problems);
	json_object_set_new(root, "error", ins->error != NULL ? jstr(ins->error) : json_null());
	json_dumpf(root, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(15));
	putchar('\n');
	json_decref(root);
}

int
cmd_inspect(int argc, char **argv)
{
	inspect_options io = {NULL, OVP_INPUT_GUESS, "text", 0, NULL, false, NULL};
	ovp_config cfg;
	ovp_error err = {0};
	ovp_inspection *ins = NULL;
	int code = 0;
	int rc;

	io.as_of = cli_today();
	if (parse_options(argc, argv, &io, &code) < 0)
		return code;
	rc = cli_load_config(io.config, io.no_config, &cfg, &err);
	if (rc == 0 && (cli_use_sheet(&cfg.deals, io.sheet) < 0 ||
	                cli_use_sheet(&cfg.roadmap, io.sheet) < 0)) {
		ovp_config_free(&cfg);
		return EXIT_TROUBLE;
	}
	if (rc == 0)
		rc = ovp_inspect(&ins, io.file, io.kind, &cfg, io.as_of, &err);
	if (rc < 0) {
		ovp_config_free(&cfg);
		if (rc == OVP_EUSAGE)
			return cli_usage_error("inspect", "%s", err.message);
		return cli_fail(&err);
	}
	if (strcmp(io.format, "json") == 0)
		print_json(ins);
	else
		print_text(ins);
	/* A missing column is part of the answer: the file was read. */
	code = EXIT_CLEAN;
	ovp_inspection_free(ins);
	ovp_config_free(&cfg);
	return code;
}
