/*
 * A cell of a workbook as text: what the sheet reader makes of a cell's
 * reference, of its number format and of its value, so that a workbook
 * gives the records its sheet saved as CSV would give.
 *
 * A number's meaning is in its format.  The reader looks at the first
 * section of the format code only (positive numbers; a date format has
 * one anyway) and tells its tokens from the text around them: quoted
 * text, backslash escapes, the "_x" and "*x" spacing and fill codes, and
 * bracketed colours, conditions and locale tags.  Day and year tokens
 * make a date; "m" is a month unless hours or seconds stand with it (then
 * it is minutes); hours, seconds, AM/PM and elapsed-time brackets make a
 * time.  A currency comes from a "[$EUR]" or "[$€-407]" tag, a quoted
 * "$", "\$" or a bare symbol; "$" alone is the US dollar unless the tag's
 * locale says which dollar.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <overpromise/date.h>

#include "amount.h"
#include "csv.h"
#include "util/str.h"
#include "util/utf8.h"
#include "xlsx_impl.h"

size_t
ovp_xlsx_ref_parse(const char *s, long *col, long *row)
{
	const char *p = s;
	long c = 0, r = 0;
	int letters = 0, digits = 0;

	*col = -1;
	*row = 0;
	if (*p == '$')
		p++;
	while ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z')) {
		if (++letters > 3)
			return 0;
		c = c * 26 + ((*p | 0x20) - 'a' + 1);
		p++;
	}
	if (letters > 0 && *p == '$')
		p++;
	while (*p >= '0' && *p <= '9') {
		if (++digits > 7)
			return 0;
		r = r * 10 + (*p - '0');
		p++;
	}
	if (letters == 0 && digits == 0)
		return 0;
	if (letters > 0 && c > OVP_XLSX_MAX_COLUMNS)
		return 0;
	if (digits > 0 && (r < 1 || r > OVP_XLSX_MAX_ROWS))
		return 0;
	*col = letters > 0 ? c - 1 : -1;
	*row = r;
	return (size_t)(p - s);
}

int
ovp_xlsx_range_parse(const char *s, long *col1, long *row1, long *col2, long *row2)
{
	size_t n = ovp_xlsx_ref_parse(s, col1, row1);
	long t;

	if (n == 0 || *col1 < 0 || *row1 == 0)
		return -1;
	if (s[n] == '\0') {
		*col2 = *col1;
		*row2 = *row1;
		return 0;
	}
	if (s[n] != ':')
		return -1;
	s += n + 1;
	n = ovp_xlsx_ref_parse(s, col2, row2);
	if (n == 0 || s[n] != '\0' || *col2 < 0 || *row2 == 0)
		return -1;
	if (*col2 < *col1) {
		t = *col1;
		*col1 = *col2;
		*col2 = t;
	}
	if (*row2 < *row1) {
		t = *row1;
		*row1 = *row2;
		*row2 = t;
	}
	return 0;
}

/* ---- Number formats ------------------------------------------------------ */

/* What the tokens of a format code showed. */
typedef struct format_scan {
	bool year, day, month_or_minute, hour, second, ampm, elapsed;
	bool percent, at, digits;
	char symbol[16];      /* a currency symbol or code, as written */
	unsigned long lcid;   /* the locale of a "[$sym-LCID]" tag, 0 when none */
} format_scan;

/* The dollar of a locale ("[$$-C09]" is the Australian dollar). */
static const char *
dollar_of(unsigned long lcid)
{
	static const struct {
		unsigned long lcid;
		const char *code;
	} dollars[] = {
		{0x0409, "USD"}, {0x1009, "CAD"}, {0x0C0C, "CAD"}, {0x0C09, "AUD"},
		{0x1409, "NZD"}, {0x4809, "SGD"}, {0x3C09, "HKD"}, {0x080A, "MXN"},
		{0x0416, "BRL"}, {0x2C0A, "ARS"}, {0x340A, "CLP"}, {0x240A, "COP"},
	};

	for (size_t i = 0; i < sizeof dollars / sizeof dollars[0]; i++)
		if (dollars[i].lcid == lcid)
			return dollars[i].code;
	return "USD";
}

/* Keep the first currency symbol seen: n bytes at s. */
static void
note_symbol(format_scan *fs, const char *s, size_t n)
{
	if (fs->symbol[0] != '\0' || n == 0 || n >= sizeof fs->symbol)
		return;
	memcpy(fs->symbol, s, n);
	fs->symbol[n] = '\0';
}

/* Does the quoted text (n bytes at s) name a currency ("$", "USD ", " €")? */
static void
note_literal(format_scan *fs, const char *s, size_t n)
{
	char cur[OVP_CURRENCY_SIZE];
	const char *t;
	size_t tn;

	t = ovp_trim(s, n, &tn);
	if (tn > 0 && ovp_currency_parse(t, tn, cur) == 0)
		note_symbol(fs, t, tn);
}

/* A bracketed part, n bytes at s (without the brackets). */
static void
scan_bracket(format_scan *fs, const char *s, size_t n)
{
	size_t k = 0;

	if (n > 0 && s[0] == '$') {
		/* "[$EUR]", "[$€-407]", "[$-409]" (a locale, no symbol). */
		while (k + 1 < n && s[k + 1] != '-')
			k++;
		note_symbol(fs, s + 1, k);
		if (k + 2 < n) {
			char hex[16];
			size_t hn = n - (k + 2) < sizeof hex - 1 ? n - (k + 2) : sizeof hex - 1;

			memcpy(hex, s + k + 2, hn);
			hex[hn] = '\0';
			fs->lcid = strtoul(hex, NULL, 16);
		}
		return;
	}
	/* Elapsed time: [h], [hh], [m], [mm], [s], [ss]. */
	for (k = 0; k < n && (s[k] | 0x20) == (s[0] | 0x20); k++)
		;
	if (n > 0 && k == n && ((s[0] | 0x20) == 'h' || (s[0] | 0x20) == 'm' || (s[0] | 0x20) == 's'))
		fs->elapsed = true;
	/* Colours, conditions and the rest change nothing here. */
}

/* The currency symbols that Excel lets stand in a format without quotes (UTF-8). */
static size_t
bare_symbol(const char *p)
{
	static const char *const syms[] = {
		"$", "\xE2\x82\xAC", "\xC2\xA3", "\xC2\xA5", "\xE2\x82\xB9", "\xE2\x82\xA9",
		"\xE2\x82\xBD", "\xE2\x82\xBA", "\xE2\x82\xAA",
	};

	for (size_t i = 0; i < sizeof syms / sizeof syms[0]; i++) {
		size_t n = strlen(syms[i]);

		if (strncmp(p, syms[i], n) == 0)
			return n;
	}
	return 0;
}

/* Scan the first section of a format code. */
static void
scan_format(const char *code, format_scan *fs)
{
	const char *p = code;

	memset(fs, 0, sizeof *fs);
	while (*p != '\0' && *p != ';') {
		char c = *p;
		char lc = (char)(c | 0x20);
		size_t n;

		if (c == '"') {
			const char *q = strchr(p + 1, '"');

			if (q == NULL)
				q = p + strlen(p);
			note_literal(fs, p + 1, (size_t)(q - p - 1));
			p = *q != '\0' ? q + 1 : q;
			continue;
		}
		if (c == '\\' || c == '_' || c == '*') {
			p++;
			if (*p == '\0')
				break;
			n = bare_symbol(p);
			if (c == '\\' && n > 0)
				note_symbol(fs, p, n);
			/* Skip one UTF-8 character. */
			p++;
			while ((*p & 0xC0) == 0x80)
				p++;
			continue;
		}
		if (c == '[') {
			const char *q = strchr(p + 1, ']');

			if (q == NULL)
				break;
			scan_bracket(fs, p + 1, (size_t)(q - p - 1));
			p = q + 1;
			continue;
		}
		if ((n = bare_symbol(p)) > 0) {
			note_symbol(fs, p, n);
			p += n;
			continue;
		}
		if (lc == 'a' && (strncmp(p, "AM/PM", 5) == 0 || strncmp(p, "am/pm", 5) == 0)) {
			fs->ampm = true;
			p += 5;
			continue;
		}
		if (lc == 'a' && (p[1] == '/') && ((p[2] | 0x20) == 'p')) {
			fs->ampm = true;
			p += 3;
			continue;
		}
		if (lc == 'g' && strncmp(p, "General", 7) == 0) {
			p += 7;
			continue;
		}
		if ((c == 'E' || c == 'e') && (p[1] == '+' || p[1] == '-')) {
			fs->digits = true;
			p += 2;
			continue;
		}
		switch (lc) {
		case 'y':
			fs->year = true;
			break;
		case 'd':
			fs->day = true;
			break;
		case 'm':
			fs->month_or_minute = true;
			break;
		case 'h':
			fs->hour = true;
			break;
		case 's':
			fs->second = true;
			break;
		default:
			break;
		}
		if (c == '%')
			fs->percent = true;
		else if (c == '@')
			fs->at = true;
		else if (c == '0' || c == '#' || c == '?')
			fs->digits = true;
		p++;
	}
}

void
ovp_xlsx_format_classify(const char *code, ovp_xlsx_style *out)
{
	format_scan fs;
	bool time;

	memset(out, 0, sizeof *out);
	if (code == NULL)
		return;
	scan_format(code, &fs);
	time = fs.hour || fs.second || fs.ampm || fs.elapsed;
	if (fs.year || fs.day || (fs.month_or_minute && !time)) {
		out->kind = OVP_XLSX_DATE;
		out->time = time;
		return;
	}
	if (time) {
		out->kind = OVP_XLSX_TIME;
		return;
	}
	if (fs.percent) {
		out->kind = OVP_XLSX_PERCENT;
		return;
	}
	if (fs.symbol[0] != '\0') {
		if (strcmp(fs.symbol, "$") == 0) {
			strcpy(out->currency, dollar_of(fs.lcid));
			out->kind = OVP_XLSX_CURRENCY;
		} else if (ovp_currency_parse(fs.symbol, strlen(fs.symbol), out->currency) == 0) {
			out->kind = OVP_XLSX_CURRENCY;
		}
		return;
	}
	if (fs.at && !fs.digits)
		out->kind = OVP_XLSX_TEXT;
}

void
ovp_xlsx_builtin_style(unsigned long id, ovp_xlsx_style *out)
{
	memset(out, 0, sizeof *out);
	if ((id >= 14 && id <= 17)) {
		out->kind = OVP_XLSX_DATE;
	} else if (id == 22 || (id >= 27 && id <= 36) || (id >= 50 && id <= 58) ||
	           (id >= 71 && id <= 81)) {
		out->kind = OVP_XLSX_DATE;
		out->time = true;
	} else if ((id >= 18 && id <= 21) || (id >= 45 && id <= 47)) {
		out->kind = OVP_XLSX_TIME;
	} else if (id == 9 || id == 10) {
		out->kind = OVP_XLSX_PERCENT;
	} else if (id == 49) {
		out->kind = OVP_XLSX_TEXT;
	}
}

/* ---- Values -------------------------------------------------------------- */

/* Serial day 0 of each system: 1899-12-30 counts right from 1900-03-01 on. */
#define DAYS_1900_MAX 2958465.0 /* 9999-12-31 */

size_t
ovp_xlsx_serial_text(double serial, bool date1904, bool with_time, char *buf, size_t cap)
{
	long long total, days, secs;
	int y, m, d;
	ovp_day day;
	int n;

	if (!isfinite(serial) || serial < 0.0 || serial >= DAYS_1900_MAX + 1.0 || cap < 20)
		return 0;
	total = llround(serial * 86400.0);
	days = total / 86400;
	secs = total % 86400;
	if (!with_time)
		secs = 0;
	if (!date1904 && days == 0) {
		if (!with_time)
			return 0;
		n = snprintf(buf, cap, "%02lld:%02lld:%02lld", secs / 3600, secs / 60 % 60, secs % 60);
		return n > 0 ? (size_t)n : 0;
	}
	if (date1904) {
		day = ovp_day_from_ymd(1904, 1, 1) + (ovp_day)days;
	} else if (days == 60) {
		n = snprintf(buf, cap, "1900-02-29");
		goto time;
	} else {
		day = ovp_day_from_ymd(1899, 12, days < 60 ? 31 : 30) + (ovp_day)days;
	}
	ovp_day_to_ymd(day, &y, &m, &d);
	if (y > 9999)
		return 0;
	n = snprintf(buf, cap, "%04d-%02d-%02d", y, m, d);
time:
	if (n <= 0)
		return 0;
	if (secs != 0)
		n += snprintf(buf + n, cap - (size_t)n, " %02lld:%02lld:%02lld", secs / 3600,
		              secs / 60 % 60, secs % 60);
	return (size_t)n;
}

size_t
ovp_xlsx_number_text(double v, char *buf, size_t cap)
{
	int n;

	if (v == 0.0)
		v = 0.0; /* no "-0" */
	n = snprintf(buf, cap, "%.15g", v);
	if (n <= 0 || (size_t)n >= cap)
		return 0;
	/* Whatever the locale: %g writes no grouping, so a comma is the decimal point. */
	for (int i = 0; i < n; i++)
		if (buf[i] == ',')
			buf[i] = '.';
	return (size_t)n;
}

size_t
ovp_xlsx_value_text(const ovp_xlsx_style *st, bool date1904, const char *raw, char *buf,
                    size_t cap)
{
	double v = 0.0;
	char *end = NULL;
	size_t n = 0, rlen = strlen(raw);

	if (ovp_parse_number(raw, &v, &end) == 0)
		(void)ovp_trim(end, strlen(end), &n);
	if (end == NULL || end == raw || n != 0 || !isfinite(v)) {
		/* Not a number after all: the text as it is. */
		n = rlen < cap ? rlen : cap - 1;
		memcpy(buf, raw, n);
		buf[n] = '\0';
		return n;
	}
	switch (st->kind) {
	case OVP_XLSX_TIME:
		/* A time of day alone, in either date system. */
		if (v >= 0.0 && v < 1.0)
			return ovp_xlsx_serial_text(v, false, true, buf, cap);
		n = ovp_xlsx_serial_text(v, date1904, true, buf, cap);
		if (n > 0)
			return n;
		break;
	case OVP_XLSX_DATE:
		n = ovp_xlsx_serial_text(v, date1904, st->time, buf, cap);
		if (n > 0)
			return n;
		break;
	case OVP_XLSX_PERCENT:
		n = ovp_xlsx_number_text(v * 100.0, buf, cap - 1);
		buf[n++] = '%';
		buf[n] = '\0';
		return n;
	case OVP_XLSX_CURRENCY: {
		size_t k = strlen(st->currency);

		memcpy(buf, st->currency, k);
		buf[k++] = ' ';
		return k + ovp_xlsx_number_text(v, buf + k, cap - k);
	}
	case OVP_XLSX_NUMBER:
	case OVP_XLSX_TEXT:
		break;
	}
	return ovp_xlsx_number_text(v, buf, cap);
}

/* The value of a hex digit, or -1. */
static int
hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if ((c | 0x20) >= 'a' && (c | 0x20) <= 'f')
		return (c | 0x20) - 'a' + 10;
	return -1;
}

size_t
ovp_xlsx_unescape(char *s, size_t len, bool *nul)
{
	size_t i = 0, o = 0;

	while (i < len) {
		unsigned cp = 0;
		int k;

		if (s[i] != '_' || len - i < 7 || s[i + 1] != 'x' || s[i + 6] != '_') {
			s[o++] = s[i++];
			continue;
		}
		for (k = 2; k < 6; k++) {
			int h = hex_digit(s[i + k]);

			if (h < 0)
				break;
			cp = cp << 4 | (unsigned)h;
		}
		if (k < 6) {
			s[o++] = s[i++];
			continue;
		}
		i += 7;
		if (cp == 0)
			*nul = true;
		if (cp == 0 || (cp >= 0xD800 && cp <= 0xDFFF))
			cp = 0xFFFD;
		/* At most three bytes (cp < 0x10000): never longer than the 7 it replaces. */
		o += ovp_utf8_put(s + o, cp);
	}
	return o;
}
