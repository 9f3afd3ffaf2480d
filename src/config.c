/*
 * The configuration file (SPEC 6): an INI file, read with inih, that maps
 * columns the header recognition misses, extends the status vocabulary,
 * selects rules and changes their severities, sets the thresholds of the
 * rules and the matcher, and lists aliases from sales language to roadmap
 * items.
 *
 * inih does the INI syntax; this file feeds it one physical line at a time
 * through its own reader, which is what lets every message name the line
 * (Debian's inih passes no line numbers to the handler), refuses a line
 * too long for inih's buffer instead of letting it be split, drops a
 * UTF-8 byte order mark and leading blanks (so an indented key is a key,
 * never a continuation of the previous value), and checks section names,
 * so that an empty misspelt section is an error too.  A configuration is
 * small and written by hand: the first mistake ends the load with a
 * message that says where it is and what was expected.
 */
/* realpath() is XSI; the project asks only for POSIX. */
#define _XOPEN_SOURCE 700

#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <ini.h>

#include <overpromise/config.h>

#include "status_private.h"
#include "util/str.h"

/* Longest line accepted, in bytes, whatever room inih's buffer offers. */
#define LINE_MAX_BYTES 4096

/* Limits on what a configuration may list. */
#define MAX_STATUS_WORDS 1024
#define MAX_ALIASES 100000

/* Most days of [capacity] window_days: ten years. */
#define CAPACITY_WINDOW_MAX 3660

/* The fields whose header each file's section can override. */
static const char *const deal_fields[] = {
	"id", "name", "account", "amount", "currency", "stage", "status", "close",
	"owner", "promises", "promised_date", "sign_off",
};

static const char *const roadmap_fields[] = {
	"id", "title", "status", "status_category", "resolution", "planned", "start", "baseline",
	"shipped", "created", "confidence", "maturity", "aliases", "labels", "effort",
	"time_estimate", "team",
};

/* [status] keys, indexed by class. */
static const char *const class_keys[OVP_CLASS_COUNT] = {
	[OVP_CLASS_PLANNED] = "planned",
	[OVP_CLASS_IN_PROGRESS] = "in_progress",
	[OVP_CLASS_SHIPPED] = "shipped",
	[OVP_CLASS_CANCELLED] = "cancelled",
	[OVP_CLASS_UNPLANNED] = "unplanned",
};

enum section {
	SEC_NONE = 0,
	SEC_DEALS,
	SEC_ROADMAP,
	SEC_STATUS,
	SEC_RULES,
	SEC_MATCH,
	SEC_FORECAST,
	SEC_ALIASES,
	SEC_CAPACITY,
	SEC_REPORT,
	SEC_FX,
	SEC_UNKNOWN
};

static const char *const section_names[] = {
	[SEC_DEALS] = "deals",
	[SEC_ROADMAP] = "roadmap",
	[SEC_STATUS] = "status",
	[SEC_RULES] = "rules",
	[SEC_MATCH] = "match",
	[SEC_FORECAST] = "forecast",
	[SEC_ALIASES] = "aliases",
	[SEC_CAPACITY] = "capacity",
	[SEC_REPORT] = "report",
	[SEC_FX] = "fx",
};

/* The state of one load. */
struct loader {
	ovp_config *cfg;
	const char *path;
	FILE *fp;
	ovp_error *err;
	long line;                /* physical line last handed to inih */
	char raw[LINE_MAX_BYTES]; /* that line, before inih cut it up */
	bool failed;              /* an error is recorded; stop reading */
	long fail_line;
	int code;
	bool selected[OVP_RULE_COUNT];
	bool any_selected;
	bool ignored[OVP_RULE_COUNT];
};

/* Free a string the configuration owns but keeps behind a const pointer. */
static void
free_const(const char *p)
{
	free((void *)(uintptr_t)p);
}

static int
ascii_lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

static bool
ascii_equal(const char *a, const char *b)
{
	for (; *a != '\0' && *b != '\0'; a++, b++)
		if (ascii_lower((unsigned char)*a) != ascii_lower((unsigned char)*b))
			return false;
	return *a == *b;
}

static bool
is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\f' || c == '\v';
}

/* A copy of the len bytes at s without surrounding blanks, or NULL. */
static char *
trimmed_copy(const char *s, size_t len)
{
	while (len > 0 && is_blank(*s)) {
		s++;
		len--;
	}
	while (len > 0 && is_blank(s[len - 1]))
		len--;
	return strndup(s, len);
}

/*
 * Key names compare case-insensitively, with "-" and " " taken as "_", so
 * that "Promised Date", "promised-date" and "promised_date" are one key.
 * Returns false when the key is too long to be any known key.
 */
static bool
key_normalize(const char *name, char *buf, size_t size)
{
	size_t i = 0;

	for (; *name != '\0'; name++) {
		char c = *name;
		if (i + 1 >= size)
			return false;
		buf[i++] = c == '-' || c == ' ' ? '_' : (char)ascii_lower((unsigned char)c);
	}
	buf[i] = '\0';
	return true;
}

/* Record the first error of the load; later ones are consequences. */
static int
fail(struct loader *ld, int code, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 3, 4)))
#endif
	;

static int
fail(struct loader *ld, int code, const char *fmt, ...)
{
	char msg[OVP_ERROR_MESSAGE_MAX];
	va_list ap;

	if (ld->failed)
		return 0;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	ovp_error_set(ld->err, code, ld->path, ld->line, "%s", msg);
	ld->failed = true;
	ld->fail_line = ld->line;
	ld->code = code;
	return 0;
}

static int
bad_value(struct loader *ld, const char *key, const char *value, const char *expected)
{
	return fail(ld, OVP_ECONFIG, "bad value for %s: \"%s\" (expected %s)", key, value, expected);
}

/* The section named by the len bytes at s, ignoring case and surrounding blanks. */
static enum section
section_lookup(const char *s, size_t len)
{
	while (len > 0 && is_blank(*s)) {
		s++;
		len--;
	}
	while (len > 0 && is_blank(s[len - 1]))
		len--;
	for (int i = SEC_DEALS; i < SEC_UNKNOWN; i++) {
		const char *n = section_names[i];
		size_t j = 0;
		if (strlen(n) != len)
			continue;
		while (j < len && ascii_lower((unsigned char)s[j]) == n[j])
			j++;
		if (j == len)
			return (enum section)i;
	}
	return SEC_UNKNOWN;
}

/*
 * inih's reader: one physical line per call, so inih's count of lines is
 * ours too.  Lines are handed over without their CR, without leading
 * blanks (and on line 1 without a byte order mark), always ending in a
 * newline and never longer than inih's buffer can take whole.  Returning
 * NULL ends the parse, at the end of the file or at the first error.
 */
static char *
read_line(char *str, int num, void *stream)
{
	struct loader *ld = stream;
	size_t cap, len = 0, start = 0;
	bool nul = false;
	int c = EOF;

	if (ld->failed || num < 4)
		return NULL;
	/* Room for the line, its newline and inih's terminating NUL. */
	cap = (size_t)num - 3;
	if (cap > sizeof ld->raw - 2)
		cap = sizeof ld->raw - 2;
	/* One byte more than fits is kept: it may be the CR of a CRLF. */
	while ((c = getc(ld->fp)) != EOF && c != '\n') {
		if (c == '\0')
			nul = true;
		if (len <= cap)
			ld->raw[len] = (char)c;
		len++;
	}
	if (c == EOF && ferror(ld->fp)) {
		int e = errno;
		ld->line = 0;
		fail(ld, OVP_EIO, "cannot read: %s", strerror(e));
		return NULL;
	}
	if (c == EOF && len == 0)
		return NULL;
	ld->line++;
	if (len > 0 && len <= cap + 1 && ld->raw[len - 1] == '\r')
		len--;
	if (len > cap) {
		fail(ld, OVP_ECONFIG, "line too long (at most %zu bytes; a list can go "
		     "on several lines with the same key)", cap);
		return NULL;
	}
	if (nul) {
		fail(ld, OVP_ECONFIG, "NUL byte in line (is this a text file?)");
		return NULL;
	}
	if (ld->line == 1 && len >= 3 && memcmp(ld->raw, "\xEF\xBB\xBF", 3) == 0)
		start = 3;
	while (start < len && is_blank(ld->raw[start]))
		start++;
	memmove(ld->raw, ld->raw + start, len - start);
	len -= start;
	ld->raw[len] = '\0';

	if (len > 0 && ld->raw[0] == '[') {
		const char *close = memchr(ld->raw, ']', len);
		/* Without a "]" it is inih's syntax error. */
		if (close != NULL &&
		    section_lookup(ld->raw + 1, (size_t)(close - ld->raw - 1)) == SEC_UNKNOWN) {
			fail(ld, OVP_ECONFIG, "unknown section [%.*s] (expected deals, roadmap, "
			     "status, rules, match, forecast, aliases, capacity, report or fx)",
			     (int)(close - ld->raw - 1), ld->raw + 1);
			return NULL;
		}
	}
	memcpy(str, ld->raw, len);
	str[len] = '\n';
	str[len + 1] = '\0';
	return str;
}

/*
 * Parse a decimal number the same way in every locale: digits with an
 * optional fraction (ovp_parse_decimal()), optionally a percentage
 * ("30%" is 0.30).
 */
static bool
parse_number(const char *s, double *out)
{
	double v;

	if (!ovp_parse_decimal(s, &v, &s))
		return false;
	if (*s == '%') {
		v /= 100.0;
		s++;
	}
	if (*s != '\0')
		return false;
	*out = v;
	return true;
}

/* A whole number from 0 to 999999999, digits only. */
static bool
parse_count(const char *s, long *out)
{
	long v = 0;
	int n = 0;

	for (; *s >= '0' && *s <= '9'; s++) {
		if (++n > 9)
			return false;
		v = v * 10 + (*s - '0');
	}
	if (n == 0 || *s != '\0')
		return false;
	*out = v;
	return true;
}

/* Set a column override; a later one for the same field replaces the earlier. */
static int
set_column(struct loader *ld, ovp_file_config *fc, const char *field, const char *key,
           const char *value)
{
	char *header;

	if (value[0] == '\0')
		return bad_value(ld, key, value, "a column header");
	header = strdup(value);
	if (header == NULL)
		return fail(ld, OVP_ENOMEM, "out of memory");
	for (size_t i = 0; i < fc->ncolumns; i++) {
		if (strcmp(fc->columns[i].field, field) == 0) {
			free_const(fc->columns[i].header);
			fc->columns[i].header = header;
			return 1;
		}
	}
	if (fc->ncolumns >= OVP_CONFIG_MAX_FIELDS) {
		free(header);
		return fail(ld, OVP_ECONFIG, "too many column overrides (at most %d)",
		            OVP_CONFIG_MAX_FIELDS);
	}
	fc->columns[fc->ncolumns].field = field;
	fc->columns[fc->ncolumns].header = header;
	fc->ncolumns++;
	return 1;
}

/*
 * The delimiter, written as itself, as a name or quoted.  A bare ";" after
 * "=" reaches the handler as an empty value, since inih takes " ;" for an
 * inline comment, so the raw line decides then.
 */
static int
set_delimiter(struct loader *ld, ovp_file_config *fc, const char *key, const char *value)
{
	char v[16];
	size_t len = strlen(value);

	if (len == 0) {
		const char *sep = ld->raw + strcspn(ld->raw, "=:");
		if (*sep != '\0') {
			sep++;
			while (is_blank(*sep))
				sep++;
			if (*sep == ';') {
				fc->delimiter = ';';
				return 1;
			}
		}
	}
	if (len >= sizeof v)
		return bad_value(ld, key, value, "\",\", \";\", \"tab\" or \"\\t\"");
	if (len >= 2 && (value[0] == '"' || value[0] == '\'') && value[len - 1] == value[0]) {
		memcpy(v, value + 1, len - 2);
		v[len - 2] = '\0';
	} else {
		memcpy(v, value, len + 1);
	}
	if (strcmp(v, ",") == 0 || ascii_equal(v, "comma"))
		fc->delimiter = ',';
	else if (strcmp(v, ";") == 0 || ascii_equal(v, "semicolon"))
		fc->delimiter = ';';
	else if (strcmp(v, "\t") == 0 || strcmp(v, "\\t") == 0 || ascii_equal(v, "tab"))
		fc->delimiter = '\t';
	else if (strcmp(v, "|") == 0 || ascii_equal(v, "pipe"))
		fc->delimiter = '|';
	else if (ascii_equal(v, "auto"))
		fc->delimiter = 0;
	else
		return bad_value(ld, key, value, "\",\", \";\", \"tab\" or \"\\t\"");
	return 1;
}

/* A key of [deals] or [roadmap]. */
static int
file_key(struct loader *ld, ovp_file_config *fc, const char *const *fields, size_t nfields,
         const char *section, const char *name, const char *key, const char *value)
{
	for (size_t i = 0; i < nfields; i++)
		if (strcmp(key, fields[i]) == 0)
			return set_column(ld, fc, fields[i], name, value);
	if (strcmp(key, "date_order") == 0) {
		if (ascii_equal(value, "dmy"))
			fc->date_order = OVP_ORDER_DMY;
		else if (ascii_equal(value, "mdy"))
			fc->date_order = OVP_ORDER_MDY;
		else if (ascii_equal(value, "auto"))
			fc->date_order = OVP_ORDER_AUTO;
		else
			return bad_value(ld, name, value, "dmy, mdy or auto");
		return 1;
	}
	if (strcmp(key, "delimiter") == 0)
		return set_delimiter(ld, fc, name, value);
	if (strcmp(key, "sheet") == 0) {
		char *sheet = trimmed_copy(value, strlen(value));

		if (sheet == NULL)
			return fail(ld, OVP_ENOMEM, "out of memory");
		if (sheet[0] == '\0') {
			free(sheet);
			return bad_value(ld, name, value, "the name of a sheet of the workbook");
		}
		free(fc->sheet);
		fc->sheet = sheet;
		return 1;
	}
	return fail(ld, OVP_ECONFIG, "unknown key \"%s\" in [%s]", name, section);
}

/*
 * Add the comma-separated status words of value to class cls.  A word
 * already configured for another class is an error (which one was meant
 * cannot be guessed); one already in the same class is dropped.
 */
static int
status_key(struct loader *ld, ovp_status_class cls, const char *name, const char *value)
{
	ovp_config *cfg = ld->cfg;
	const char *p = value;

	while (*p != '\0') {
		size_t len = strcspn(p, ",");
		char norm[OVP_STATUS_NORM_MAX], other[OVP_STATUS_NORM_MAX];
		char *word = trimmed_copy(p, len);
		bool dup = false;
		char **grown;

		if (word == NULL)
			return fail(ld, OVP_ENOMEM, "out of memory");
		p += len;
		if (*p == ',')
			p++;
		if (word[0] == '\0') {
			free(word);
			continue;
		}
		if (ovp_status_normalize(word, norm, sizeof norm) <= 0) {
			bad_value(ld, name, word, "status names separated by commas");
			free(word);
			return 0;
		}
		for (int c = 0; c < OVP_CLASS_COUNT && !dup; c++) {
			for (size_t i = 0; i < cfg->nstatus_words[c]; i++) {
				if (ovp_status_normalize(cfg->status_words[c][i], other, sizeof other) <= 0 ||
				    strcmp(norm, other) != 0)
					continue;
				if (c != (int)cls) {
					fail(ld, OVP_ECONFIG, "status \"%s\" is listed under both %s and %s",
					     word, class_keys[c], class_keys[cls]);
					free(word);
					return 0;
				}
				dup = true;
				break;
			}
		}
		if (dup) {
			free(word);
			continue;
		}
		if (cfg->nstatus_words[cls] >= MAX_STATUS_WORDS) {
			free(word);
			return fail(ld, OVP_ECONFIG, "too many status words for %s (at most %d)",
			            class_keys[cls], MAX_STATUS_WORDS);
		}
		grown = realloc(cfg->status_words[cls],
		                (cfg->nstatus_words[cls] + 1) * sizeof *grown);
		if (grown == NULL) {
			free(word);
			return fail(ld, OVP_ENOMEM, "out of memory");
		}
		cfg->status_words[cls] = grown;
		grown[cfg->nstatus_words[cls]++] = word;
	}
	return 1;
}

/* Mark the comma-separated rules of value in marks. */
static int
rule_list(struct loader *ld, bool *marks, const char *name, const char *value)
{
	const char *p = value;

	while (*p != '\0') {
		size_t len = strcspn(p, ",");
		char *item = trimmed_copy(p, len);
		ovp_rule_id id;

		if (item == NULL)
			return fail(ld, OVP_ENOMEM, "out of memory");
		p += len;
		if (*p == ',')
			p++;
		if (item[0] != '\0') {
			if (ovp_rule_find(item, &id) != 0) {
				bad_value(ld, name, item, "rule IDs or names, such as OVP009 or fuzzy-match");
				free(item);
				return 0;
			}
			marks[id] = true;
		}
		free(item);
	}
	return 1;
}

/* A yes or no: true, false, yes, no, on, off, 1 or 0. */
static int
bool_key(struct loader *ld, const char *name, const char *value, bool *out)
{
	static const char *const yes[] = {"true", "yes", "on", "1"};
	static const char *const no[] = {"false", "no", "off", "0"};

	for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++) {
		if (ascii_equal(value, yes[i])) {
			*out = true;
			return 1;
		}
		if (ascii_equal(value, no[i])) {
			*out = false;
			return 1;
		}
	}
	return bad_value(ld, name, value, "true or false");
}

/* A number in [lo, hi], or in (lo, hi] when open_lo. */
static int
number_key(struct loader *ld, const char *name, const char *value, double lo, double hi,
           bool open_lo, const char *what, double *out)
{
	char expected[96];
	double v;

	if (!parse_number(value, &v) || v > hi || v < lo || (open_lo && v <= lo)) {
		/* The bounds as they are checked: no second copy to drift from them. */
		snprintf(expected, sizeof expected,
		         open_lo ? "%s greater than %g and at most %g" : "%s between %g and %g", what, lo,
		         hi);
		return bad_value(ld, name, value, expected);
	}
	*out = v;
	return 1;
}

static int
rules_key(struct loader *ld, const char *name, const char *key, const char *value)
{
	ovp_config *cfg = ld->cfg;
	ovp_rule_id id;
	long n;

	if (strcmp(key, "ignore") == 0)
		return rule_list(ld, ld->ignored, name, value);
	if (strcmp(key, "select") == 0) {
		ld->any_selected = true;
		return rule_list(ld, ld->selected, name, value);
	}
	if (strcmp(key, "slip_threshold") == 0)
		return number_key(ld, name, value, 0.0, 1.0, false, "a number", &cfg->slip_threshold);
	if (strcmp(key, "concentration_share") == 0)
		return number_key(ld, name, value, 0.0, 1.0, true, "a number",
		                  &cfg->concentration_share);
	if (strcmp(key, "slip_days") == 0) {
		if (!parse_count(value, &n))
			return bad_value(ld, name, value, "a whole number of days, 0 or more");
		cfg->slip_days = (int)n;
		return 1;
	}
	if (strcmp(key, "min_history") == 0) {
		if (!parse_count(value, &n) || n < 1)
			return bad_value(ld, name, value, "a whole number, 1 or more");
		cfg->min_history = (size_t)n;
		return 1;
	}
	if (ovp_rule_find(name, &id) == 0) {
		ovp_severity sev;
		if (ovp_severity_parse(value, &sev) != 0)
			return bad_value(ld, name, value, "error, warning, note or off");
		cfg->severity[id] = sev;
		return 1;
	}
	return fail(ld, OVP_ECONFIG, "unknown key \"%s\" in [rules]", name);
}

/* A key of [capacity]: how OVP015 takes the team's pace. */
static int
capacity_key(struct loader *ld, const char *name, const char *key, const char *value)
{
	ovp_config *cfg = ld->cfg;
	long n;

	if (strcmp(key, "window_days") == 0) {
		if (!parse_count(value, &n) || n < 1 || n > CAPACITY_WINDOW_MAX) {
			char expected[64];

			snprintf(expected, sizeof expected, "a whole number of days from 1 to %d",
			         CAPACITY_WINDOW_MAX);
			return bad_value(ld, name, value, expected);
		}
		cfg->capacity_window_days = (int)n;
		return 1;
	}
	if (strcmp(key, "factor") == 0)
		return number_key(ld, name, value, 0.0, 10.0, true, "a number", &cfg->capacity_factor);
	if (strcmp(key, "enabled") == 0)
		return bool_key(ld, name, value, &cfg->capacity_enabled);
	return fail(ld, OVP_ECONFIG, "unknown key \"%s\" in [capacity] (expected window_days, "
	            "factor or enabled)", name);
}

/*
 * An alias.  inih splits at the first "=" or ":", but a phrase may hold a
 * colon ("Jira: SSO = PLAT-101"); when the line has an "=" after a colon,
 * the phrase runs to the "=".
 */
static int
alias_key(struct loader *ld, const char *name, const char *value)
{
	ovp_config *cfg = ld->cfg;
	char *phrase, *target;
	const char *sep = ld->raw + strcspn(ld->raw, "=:");
	const char *eq = strchr(value, '=');
	ovp_alias *grown;

	if (*sep == ':' && eq != NULL) {
		phrase = trimmed_copy(ld->raw, strcspn(ld->raw, "="));
		target = trimmed_copy(eq + 1, strlen(eq + 1));
	} else {
		phrase = strdup(name);
		target = strdup(value);
	}
	if (phrase == NULL || target == NULL) {
		free(phrase);
		free(target);
		return fail(ld, OVP_ENOMEM, "out of memory");
	}
	if (phrase[0] == '\0' || target[0] == '\0') {
		if (phrase[0] == '\0')
			fail(ld, OVP_ECONFIG, "alias without a phrase (expected \"phrase = roadmap key or title\")");
		else
			fail(ld, OVP_ECONFIG, "bad value for alias \"%s\": \"\" (expected a roadmap key or title)",
			     phrase);
		free(phrase);
		free(target);
		return 0;
	}
	if (cfg->naliases >= MAX_ALIASES) {
		free(phrase);
		free(target);
		return fail(ld, OVP_ECONFIG, "too many aliases (at most %d)", MAX_ALIASES);
	}
	grown = realloc(cfg->aliases, (cfg->naliases + 1) * sizeof *grown);
	if (grown == NULL) {
		free(phrase);
		free(target);
		return fail(ld, OVP_ENOMEM, "out of memory");
	}
	cfg->aliases = grown;
	grown[cfg->naliases].phrase = phrase;
	grown[cfg->naliases].target = target;
	grown[cfg->naliases].file = cfg->nfiles > 0 ? cfg->files[cfg->nfiles - 1] : NULL;
	grown[cfg->naliases].line = ld->line;
	cfg->naliases++;
	return 1;
}

/*
 * [report] currency = CUR (currency NULL), or a rate of [fx]: CUR = RATE,
 * what one CUR is worth in the reporting currency.
 */
static int
fx_key(struct loader *ld, const char *currency, const char *value)
{
	ovp_error e = {0};
	int rc = currency == NULL ? ovp_fx_set_currency(&ld->cfg->fx, value, &e)
	                          : ovp_fx_set_rate(&ld->cfg->fx, currency, value, &e);

	if (rc < 0)
		return fail(ld, OVP_ECONFIG, "%s", e.message);
	return 1;
}

/* inih's handler: one key = value of the current line. */
static int
on_entry(void *user, const char *section, const char *name, const char *value)
{
	struct loader *ld = user;
	enum section sec;
	char key[64];

	if (ld->failed)
		return 1;
	if (value == NULL)
		value = "";
	sec = section_lookup(section, strlen(section));
	if (section[0] == '\0')
		return fail(ld, OVP_ECONFIG, "key \"%s\" outside a section (expected [deals], "
		            "[roadmap], [status], [rules], [match], [forecast], [aliases], [capacity], "
		            "[report] or [fx] first)",
		            name);
	if (sec == SEC_ALIASES)
		return alias_key(ld, name, value);
	if (!key_normalize(name, key, sizeof key))
		key[0] = '\0';
	switch (sec) {
	case SEC_DEALS:
		return file_key(ld, &ld->cfg->deals, deal_fields,
		                sizeof deal_fields / sizeof deal_fields[0], "deals", name, key, value);
	case SEC_ROADMAP:
		if (strcmp(key, "hours_per_day") == 0)
			return number_key(ld, name, value, 0.0, 24.0, true, "a number of hours",
			                  &ld->cfg->hours_per_day);
		return file_key(ld, &ld->cfg->roadmap, roadmap_fields,
		                sizeof roadmap_fields / sizeof roadmap_fields[0], "roadmap", name, key,
		                value);
	case SEC_STATUS:
		for (int c = 0; c < OVP_CLASS_COUNT; c++)
			if (strcmp(key, class_keys[c]) == 0)
				return status_key(ld, (ovp_status_class)c, name, value);
		if (strcmp(key, "canceled") == 0)
			return status_key(ld, OVP_CLASS_CANCELLED, name, value);
		return fail(ld, OVP_ECONFIG, "unknown key \"%s\" in [status] (expected shipped, "
		            "cancelled, in_progress, planned or unplanned)", name);
	case SEC_RULES:
		return rules_key(ld, name, key, value);
	case SEC_MATCH:
		if (strcmp(key, "min_similarity") == 0)
			return number_key(ld, name, value, 0.0, 1.0, true, "a number",
			                  &ld->cfg->min_similarity);
		if (strcmp(key, "unconfirmed_similarity") == 0)
			return number_key(ld, name, value, 0.0, 1.0, true, "a number",
			                  &ld->cfg->unconfirmed_similarity);
		return fail(ld, OVP_ECONFIG, "unknown key \"%s\" in [match]", name);
	case SEC_FORECAST:
		if (strcmp(key, "per_file") == 0)
			return bool_key(ld, name, value, &ld->cfg->forecast_per_file);
		if (strcmp(key, "confidence") == 0)
			return number_key(ld, name, value, 0.0, 1.0, true,
			                  "a probability greater than 0 and less than 1",
			                  &ld->cfg->confidence) &&
			       (ld->cfg->confidence < 1.0 ||
			        bad_value(ld, name, value, "a probability greater than 0 and less than 1"));
		return fail(ld, OVP_ECONFIG, "unknown key \"%s\" in [forecast] (expected per_file or "
		            "confidence)", name);
	case SEC_REPORT:
		if (strcmp(key, "currency") == 0)
			return fx_key(ld, NULL, value);
		return fail(ld, OVP_ECONFIG, "unknown key \"%s\" in [report] (expected currency)",
		            name);
	case SEC_FX:
		return fx_key(ld, name, value);
	case SEC_CAPACITY:
		return capacity_key(ld, name, key, value);
	default:
		/* The reader has already refused the section. */
		return fail(ld, OVP_ECONFIG, "unknown section [%s]", section);
	}
}

void
ovp_config_init(ovp_config *cfg)
{
	if (cfg == NULL)
		return;
	memset(cfg, 0, sizeof *cfg);
	cfg->deals.date_order = OVP_ORDER_AUTO;
	cfg->roadmap.date_order = OVP_ORDER_AUTO;
	for (int i = 0; i < OVP_RULE_COUNT; i++)
		cfg->severity[i] = ovp_rule_get((ovp_rule_id)i)->severity;
	cfg->slip_threshold = 0.30;
	cfg->slip_days = 30;
	cfg->concentration_share = 0.25;
	cfg->min_history = 8;
	cfg->min_similarity = 0.80;
	cfg->hours_per_day = 8.0;
	cfg->unconfirmed_similarity = 0.60;
	cfg->capacity_window_days = 180;
	cfg->capacity_factor = 1.0;
	cfg->capacity_enabled = true;
	cfg->confidence = 0.85;
}

/*
 * The contract is in config.h.  Settings apply as they are read, a later
 * one replacing an earlier; `select` and `ignore` apply when the whole
 * file has been read, so that their place in it does not matter: a rule
 * that a `select` leaves out, or an `ignore` names, is off whatever
 * severity the file gives it.  On failure cfg may hold part of the
 * file's settings; it stays valid and must still be freed.
 */
int
ovp_config_load(ovp_config *cfg, const char *path, ovp_error *err)
{
	struct loader *ld;
	char *copy, **files;
	int rc;

	if (cfg == NULL || path == NULL)
		return ovp_error_set(err, OVP_EUSAGE, NULL, 0, "no configuration to load");
	ld = calloc(1, sizeof *ld);
	copy = strdup(path);
	if (ld == NULL || copy == NULL) {
		free(ld);
		free(copy);
		return ovp_error_set(err, OVP_ENOMEM, path, 0, "out of memory");
	}
	ld->fp = fopen(path, "rb");
	if (ld->fp == NULL) {
		int e = errno;
		free(ld);
		free(copy);
		return ovp_error_set(err, OVP_EIO, path, 0, "cannot open: %s", strerror(e));
	}
	/* The aliases of this file name it; the copy lives as long as cfg. */
	files = realloc(cfg->files, (cfg->nfiles + 1) * sizeof *files);
	if (files != NULL)
		cfg->files = files;
	if (files == NULL || (files[cfg->nfiles] = strdup(path)) == NULL) {
		fclose(ld->fp);
		free(ld);
		free(copy);
		return ovp_error_set(err, OVP_ENOMEM, path, 0, "out of memory");
	}
	cfg->nfiles++;
	free(cfg->path);
	cfg->path = copy;
	ld->cfg = cfg;
	ld->path = path;
	ld->err = err;

	rc = ini_parse_stream(read_line, ld, on_entry, ld);
	fclose(ld->fp);
	if (rc > 0 && (!ld->failed || rc < ld->fail_line)) {
		ovp_error_set(err, OVP_ECONFIG, path, rc,
		              "expected \"key = value\", \"[section]\" or a comment");
		free(ld);
		return OVP_ECONFIG;
	}
	if (rc == -2 && !ld->failed) {
		free(ld);
		return ovp_error_set(err, OVP_ENOMEM, path, 0, "out of memory");
	}
	if (ld->failed) {
		rc = ld->code;
		free(ld);
		return rc;
	}
	for (int i = 0; i < OVP_RULE_COUNT; i++)
		if (ld->ignored[i] || (ld->any_selected && !ld->selected[i]))
			cfg->severity[i] = OVP_SEV_OFF;
	if (!cfg->capacity_enabled)
		cfg->severity[OVP_RULE_OVERCOMMITTED] = OVP_SEV_OFF;
	free(ld);
	return OVP_OK;
}

/* dir/name as a new string, or NULL when out of memory. */
static char *
join(const char *dir, const char *name)
{
	size_t dl = strlen(dir), nl = strlen(name);
	bool slash = dl > 0 && dir[dl - 1] == '/';
	char *p = malloc(dl + nl + 2);

	if (p == NULL)
		return NULL;
	memcpy(p, dir, dl);
	if (!slash)
		p[dl++] = '/';
	memcpy(p + dl, name, nl + 1);
	return p;
}

/* path if it names an existing regular file (after symbolic links); else freed. */
static char *
keep_if_file(char *path)
{
	struct stat st;

	if (path != NULL && stat(path, &st) == 0 && S_ISREG(st.st_mode))
		return path;
	free(path);
	return NULL;
}

/*
 * The contract is in config.h.  The walk upwards starts from the real path
 * of dir (symbolic links resolved, "." for NULL), so that ".." means the
 * directory that physically holds it.  XDG_CONFIG_HOME counts only when it
 * is an absolute path, as the XDG specification asks; otherwise ~/.config
 * stands in.  The caller reads the environment: the library does not.  NULL is also the answer when memory runs out.
 */
char *
ovp_config_discover(const char *dir, const char *xdg, const char *home)
{
	char *here = realpath(dir != NULL ? dir : ".", NULL);
	char *found;

	while (here != NULL) {
		char *slash;

		found = keep_if_file(join(here, ".overpromise.ini"));
		if (found != NULL) {
			free(here);
			return found;
		}
		slash = strrchr(here, '/');
		if (slash == NULL || (slash == here && here[1] == '\0')) {
			free(here);
			here = NULL;
		} else {
			slash[slash == here ? 1 : 0] = '\0';
		}
	}
	if (xdg != NULL && xdg[0] == '/')
		return keep_if_file(join(xdg, "overpromise/config.ini"));
	if (home != NULL && home[0] != '\0')
		return keep_if_file(join(home, ".config/overpromise/config.ini"));
	return NULL;
}

const char *
ovp_config_column(const ovp_file_config *fc, const char *field)
{
	if (fc == NULL || field == NULL)
		return NULL;
	for (size_t i = 0; i < fc->ncolumns; i++)
		if (strcmp(fc->columns[i].field, field) == 0)
			return fc->columns[i].header;
	return NULL;
}

/* Free a file's column overrides; the field names are static. */
static void
free_columns(ovp_file_config *fc)
{
	for (size_t i = 0; i < fc->ncolumns; i++)
		free_const(fc->columns[i].header);
	fc->ncolumns = 0;
	free(fc->sheet);
	fc->sheet = NULL;
}

void
ovp_config_free(ovp_config *cfg)
{
	if (cfg == NULL)
		return;
	free(cfg->path);
	cfg->path = NULL;
	free_columns(&cfg->deals);
	free_columns(&cfg->roadmap);
	for (int c = 0; c < OVP_CLASS_COUNT; c++) {
		for (size_t i = 0; i < cfg->nstatus_words[c]; i++)
			free(cfg->status_words[c][i]);
		free(cfg->status_words[c]);
		cfg->status_words[c] = NULL;
		cfg->nstatus_words[c] = 0;
	}
	for (size_t i = 0; i < cfg->naliases; i++) {
		free_const(cfg->aliases[i].phrase);
		free_const(cfg->aliases[i].target);
	}
	free(cfg->aliases);
	cfg->aliases = NULL;
	cfg->naliases = 0;
	for (size_t i = 0; i < cfg->nfiles; i++)
		free(cfg->files[i]);
	free(cfg->files);
	cfg->files = NULL;
	cfg->nfiles = 0;
}
