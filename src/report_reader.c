/*
 * Reading reports of check and deal back (see report_reader.h).
 *
 * A report of a million findings is gigabytes of JSON, so it is never
 * parsed as one tree: a splitter walks the top level of the document (or
 * of each JSON line), hands the value of "findings" to jansson one
 * element at a time, and rebuilds the other members into a small object
 * (the head and the summary) that jansson parses at the end.  The
 * splitter only finds where each value starts and ends (it tracks
 * strings, escapes and nesting, nothing else); every byte of a value is
 * still parsed, and checked, by jansson.
 *
 * Memory is one finding's text (at most OVP_REPORT_MAX_VALUE) and the
 * head, whatever the size of the report.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <overpromise/report.h>

#include "report/report_impl.h"
#include "report_reader.h"

#define CHUNK ((size_t)64 << 10)

struct ovp_report_reader {
	char *path;
	FILE *fp;             /* the report, or a temporary copy of a pipe */
	bool own_tmp;
	char *buf;
	size_t cap;           /* bytes buf holds */
	size_t pos, len;      /* unread bytes of buf */
	uint64_t base;        /* file offset of buf[0] */
	long line;            /* line of the next byte */
	ovp_rbuf value;       /* the value being captured */
	ovp_rbuf rest;        /* the members of the object being read, findings left out */
	json_t *head;         /* what the report says besides its findings */
	unsigned long count;  /* findings */
	int format;
	bool document;        /* a JSON document with "findings", not JSON lines */
	bool summary;
};

static int
peek(ovp_report_reader *r)
{
	if (r->pos == r->len) {
		r->base += r->len;
		r->len = fread(r->buf, 1, CHUNK, r->fp);
		r->pos = 0;
		if (r->len == 0)
			return EOF;
	}
	return (unsigned char)r->buf[r->pos];
}

static int
get(ovp_report_reader *r)
{
	int c = peek(r);

	if (c != EOF) {
		r->pos++;
		if (c == '\n')
			r->line++;
	}
	return c;
}

static uint64_t
offset(const ovp_report_reader *r)
{
	return r->base + r->pos;
}

static void
skip_ws(ovp_report_reader *r)
{
	int c;

	while ((c = peek(r)) == ' ' || c == '\t' || c == '\n' || c == '\r')
		get(r);
}

static int
not_report(ovp_report_reader *r, ovp_error *err, const char *what)
{
	if (ferror(r->fp))
		return ovp_error_set(err, OVP_EIO, r->path, 0, "cannot read: %s", strerror(errno));
	return ovp_error_set(err, OVP_EINPUT, r->path, r->line,
	                     "not a report of overpromise check or deal: %s", what);
}

/*
 * Capture the JSON value that starts here into r->value (reset first):
 * an object or array to its matching end, a string to its closing quote,
 * anything else up to the next separator.  Only the extent is found here;
 * jansson parses it.
 */
static int
capture(ovp_report_reader *r, ovp_error *err)
{
	int c = peek(r), depth = 0;
	bool in_string = false, escape = false;

	ovp_rbuf_reset(&r->value);
	if (c == EOF)
		return not_report(r, err, "the file ends where a value was expected");
	if (c != '{' && c != '[' && c != '"') {
		while ((c = peek(r)) != EOF && c != ',' && c != '}' && c != ']' && c != ' ' &&
		       c != '\t' && c != '\n' && c != '\r')
			ovp_rbuf_putc(&r->value, (char)get(r));
		return r->value.err != 0 ? not_report(r, err, "a value too long") : 0;
	}
	/*
	 * An object, array or string: scanned where it lies in the buffer and
	 * copied a run at a time (a report is gigabytes, byte-by-byte calls
	 * were most of the time of reading it).
	 */
	for (;;) {
		const char *p, *end;
		size_t n;

		if (peek(r) == EOF)
			return not_report(r, err, "the file ends inside a value (cut short?)");
		p = r->buf + r->pos;
		end = r->buf + r->len;
		for (; p < end; p++) {
			unsigned char b = (unsigned char)*p;

			if (in_string) {
				if (escape)
					escape = false;
				else if (b == '\\')
					escape = true;
				else if (b == '"')
					in_string = false;
			} else if (b == '"') {
				in_string = true;
			} else if (b == '{' || b == '[') {
				depth++;
			} else if (b == '}' || b == ']') {
				depth--;
			} else if (b == '\n') {
				r->line++;
			}
			if (in_string && b == '\n')
				r->line++;
			if (!in_string && depth == 0) {
				p++;
				break;
			}
		}
		n = (size_t)(p - (r->buf + r->pos));
		if (r->value.len + n > OVP_REPORT_MAX_VALUE)
			return ovp_error_set(err, OVP_ELIMIT, r->path, r->line,
			                     "a value longer than %zu MiB: not a report of overpromise",
			                     OVP_REPORT_MAX_VALUE >> 20);
		ovp_rbuf_put(&r->value, r->buf + r->pos, n);
		r->pos += n;
		if (!in_string && depth == 0)
			break;
	}
	if (r->value.err != 0)
		return ovp_error_set(err, OVP_ENOMEM, r->path, r->line, "out of memory");
	return 0;
}

/* Parse what capture() found: a new reference, or NULL with err set. */
static json_t *
parse_value(ovp_report_reader *r, long line, ovp_error *err)
{
	json_error_t jerr;
	json_t *v = json_loadb(r->value.data != NULL ? r->value.data : "", r->value.len,
	                       JSON_DECODE_ANY, &jerr);

	if (v == NULL)
		ovp_error_set(err, OVP_EINPUT, r->path, line + (jerr.line > 1 ? jerr.line - 1 : 0),
		              "not a report of overpromise check or deal: %s", jerr.text);
	return v;
}

/* The checks a finding of this tool passes, so that diff can rely on them. */
static int
check_finding(ovp_report_reader *r, const json_t *f, long line, ovp_error *err)
{
	const char *rule = json_string_value(json_object_get(f, "rule"));
	const char *sev = json_string_value(json_object_get(f, "severity"));
	const char *fp = json_string_value(json_object_get(f, "fingerprint"));

	if (!json_is_object(f) || rule == NULL || strncmp(rule, "OVP", 3) != 0)
		return ovp_error_set(err, OVP_EINPUT, r->path, line,
		                     "not a report of overpromise check or deal: finding %lu has no "
		                     "rule ID",
		                     r->count + 1);
	if (sev == NULL || (strcmp(sev, "error") != 0 && strcmp(sev, "warning") != 0 &&
	                    strcmp(sev, "note") != 0))
		return ovp_error_set(err, OVP_EINPUT, r->path, line,
		                     "not a report of overpromise check or deal: finding %lu has no "
		                     "severity (error, warning or note)",
		                     r->count + 1);
	if (fp == NULL || strlen(fp) != 32 || strspn(fp, "0123456789abcdef") != 32)
		return ovp_error_set(err, OVP_EINPUT, r->path, line,
		                     "not a report of overpromise check or deal: finding %lu has no "
		                     "fingerprint of 32 hex digits",
		                     r->count + 1);
	return 0;
}

/* Hand the finding captured in r->value (its text at where) to fn. */
static int
finding(ovp_report_reader *r, json_t *f, const ovp_report_span *where, ovp_report_finding_fn fn,
        void *ctx, ovp_error *err)
{
	int rc = check_finding(r, f, where->line, err);

	if (rc == 0)
		rc = fn(ctx, f, where, err);
	r->count++;
	return rc;
}

/* Stream the elements of the "findings" array that starts here. */
static int
read_findings(ovp_report_reader *r, ovp_report_finding_fn fn, void *ctx, ovp_error *err)
{
	int rc;

	get(r); /* '[' */
	skip_ws(r);
	if (peek(r) == ']') {
		get(r);
		return 0;
	}
	for (;;) {
		ovp_report_span where;
		json_t *f;
		int c;

		skip_ws(r);
		where.off = offset(r);
		where.line = r->line;
		if (peek(r) != '{')
			return not_report(r, err, "a finding that is not an object");
		rc = capture(r, err);
		if (rc < 0)
			return rc;
		where.len = (uint32_t)r->value.len;
		f = parse_value(r, where.line, err);
		if (f == NULL)
			return OVP_EINPUT;
		rc = finding(r, f, &where, fn, ctx, err);
		json_decref(f);
		if (rc < 0)
			return rc;
		skip_ws(r);
		c = get(r);
		if (c == ']')
			return 0;
		if (c != ',')
			return not_report(r, err, "expected ',' or ']' between findings");
	}
}

/* Merge the members of o into the head; a format given twice must be the same. */
static int
merge_head(ovp_report_reader *r, json_t *o, long line, ovp_error *err)
{
	const char *key;
	json_t *v;

	json_object_foreach(o, key, v) {
		json_t *had = json_object_get(r->head, key);

		if (strcmp(key, "format") == 0 && had != NULL && !json_equal(had, v))
			return ovp_error_set(err, OVP_EINPUT, r->path, line,
			                     "the report gives two different formats");
		json_object_set(r->head, key, v);
	}
	return 0;
}

/*
 * Read one top-level object: the whole report (with "findings"), or one
 * line of JSON lines (a finding, the summary, or the head).
 */
static int
read_object(ovp_report_reader *r, bool first, ovp_report_finding_fn fn, void *ctx,
            ovp_error *err)
{
	ovp_report_span where = {offset(r), 0, r->line};
	bool findings = false;
	size_t members = 0;
	json_t *o;
	int rc = 0, c;

	get(r); /* '{' */
	ovp_rbuf_reset(&r->rest);
	ovp_rbuf_putc(&r->rest, '{');
	skip_ws(r);
	if (peek(r) == '}')
		get(r);
	else
		for (;;) {
			json_t *key;

			skip_ws(r);
			if (peek(r) != '"')
				return not_report(r, err, "expected a member name");
			if ((rc = capture(r, err)) < 0)
				return rc;
			key = parse_value(r, r->line, err);
			if (key == NULL)
				return OVP_EINPUT;
			if (members++ > 0)
				ovp_rbuf_putc(&r->rest, ',');
			skip_ws(r);
			if (get(r) != ':') {
				json_decref(key);
				return not_report(r, err, "expected ':' after a member name");
			}
			skip_ws(r);
			if (strcmp(json_string_value(key), "findings") == 0 && peek(r) == '[') {
				json_decref(key);
				if (!first || findings)
					return not_report(r, err, "findings in more than one place");
				findings = true;
				rc = read_findings(r, fn, ctx, err);
				if (rc < 0)
					return rc;
				/* Left out of the rest: an empty array stands in for it. */
				ovp_rbuf_puts(&r->rest, "\"findings\":[]");
			} else {
				json_decref(key);
				ovp_rbuf_put(&r->rest, r->value.data, r->value.len);
				ovp_rbuf_putc(&r->rest, ':');
				if ((rc = capture(r, err)) < 0)
					return rc;
				ovp_rbuf_put(&r->rest, r->value.data, r->value.len);
				if (r->rest.len > OVP_REPORT_MAX_VALUE)
					return ovp_error_set(err, OVP_ELIMIT, r->path, r->line,
					                     "a report head longer than %zu MiB: not a report "
					                     "of overpromise",
					                     OVP_REPORT_MAX_VALUE >> 20);
			}
			skip_ws(r);
			c = get(r);
			if (c == '}')
				break;
			if (c != ',')
				return not_report(r, err, "expected ',' or '}' between members");
		}
	ovp_rbuf_putc(&r->rest, '}');
	if (r->rest.err != 0)
		return ovp_error_set(err, OVP_ENOMEM, r->path, r->line, "out of memory");
	where.len = (uint32_t)(offset(r) - where.off);
	{
		json_error_t jerr;

		o = json_loadb(r->rest.data, r->rest.len, 0, &jerr);
		if (o == NULL)
			return ovp_error_set(err, OVP_EINPUT, r->path, where.line,
			                     "not a report of overpromise check or deal: %s", jerr.text);
	}
	if (findings) {
		r->document = true;
		json_object_del(o, "findings");
		r->summary = json_is_object(json_object_get(o, "summary"));
		rc = merge_head(r, o, where.line, err);
	} else if (json_object_get(o, "rule") != NULL) {
		rc = finding(r, o, &where, fn, ctx, err);
	} else if (json_object_get(o, "summary") != NULL) {
		r->summary = json_is_object(json_object_get(o, "summary"));
		rc = merge_head(r, o, where.line, err);
	} else {
		rc = merge_head(r, o, where.line, err);
	}
	json_decref(o);
	return rc;
}

/* Check the head once everything is read, and take the format version. */
static int
check_head(ovp_report_reader *r, ovp_error *err)
{
	const json_t *tool = json_object_get(r->head, "tool");
	const json_t *format = json_object_get(r->head, "format");
	const char *name = json_string_value(json_object_get(tool, "name"));

	if ((r->document || tool != NULL) && (name == NULL || strcmp(name, "overpromise") != 0))
		return ovp_error_set(err, OVP_EINPUT, r->path, 0,
		                     "not a report of overpromise check or deal (its \"tool\" is not "
		                     "overpromise)");
	if (!r->summary)
		return ovp_error_set(err, OVP_EINPUT, r->path, 0,
		                     "not a whole report of overpromise check or deal: it has no "
		                     "\"summary\" (cut short?)");
	if (format == NULL) {
		r->format = 1;
	} else if (json_is_string(format) &&
	           strncmp(json_string_value(format), "overpromise-report/", 19) == 0) {
		const char *v = json_string_value(format) + 19;

		if (strcmp(v, "2") != 0)
			return ovp_error_set(err, OVP_EINPUT, r->path, 0,
			                     "a report in format \"%s\", which this version of overpromise "
			                     "does not read (it reads formats 1 and 2)",
			                     json_string_value(format));
		r->format = 2;
	} else {
		return ovp_error_set(err, OVP_EINPUT, r->path, 0,
		                     "not a report of overpromise check or deal (its \"format\" is not "
		                     "\"overpromise-report/N\")");
	}
	return 0;
}

/* Make fp a seekable copy of a stream that is not a regular file. */
static int
seekable(ovp_report_reader *r, ovp_error *err)
{
	struct stat st;
	FILE *tmp;
	size_t n;

	if (fstat(fileno(r->fp), &st) == 0 && S_ISREG(st.st_mode))
		return 0;
	tmp = tmpfile();
	if (tmp == NULL)
		return ovp_error_set(err, OVP_EIO, r->path, 0, "cannot make a temporary copy: %s",
		                     strerror(errno));
	while ((n = fread(r->buf, 1, CHUNK, r->fp)) > 0) {
		if (fwrite(r->buf, 1, n, tmp) != n) {
			fclose(tmp);
			return ovp_error_set(err, OVP_EIO, r->path, 0, "cannot make a temporary copy: %s",
			                     strerror(errno));
		}
	}
	if (ferror(r->fp) || fflush(tmp) != 0 || fseeko(tmp, 0, SEEK_SET) != 0) {
		fclose(tmp);
		return ovp_error_set(err, OVP_EIO, r->path, 0, "cannot read: %s", strerror(errno));
	}
	if (r->fp != stdin)
		fclose(r->fp);
	r->fp = tmp;
	r->own_tmp = true;
	return 0;
}

int
ovp_report_read(ovp_report_reader **out, const char *path, ovp_report_finding_fn fn, void *ctx,
                ovp_error *err)
{
	ovp_report_reader *r = calloc(1, sizeof *r);
	bool first = true;
	int rc = 0, c;

	*out = NULL;
	if (r == NULL || (r->path = strdup(strcmp(path, "-") == 0 ? "<stdin>" : path)) == NULL ||
	    (r->buf = malloc(CHUNK)) == NULL || (r->head = json_object()) == NULL) {
		ovp_report_reader_close(r);
		return ovp_error_set(err, OVP_ENOMEM, path, 0, "out of memory");
	}
	r->line = 1;
	r->cap = CHUNK;
	r->value.max = OVP_REPORT_MAX_VALUE + 1;
	r->rest.max = OVP_REPORT_MAX_VALUE + 64;
	r->fp = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
	if (r->fp == NULL) {
		int e = errno;

		ovp_report_reader_close(r);
		return ovp_error_set(err, OVP_EIO, path, 0, "cannot open: %s", strerror(e));
	}
	rc = seekable(r, err);
	if (rc == 0 && fseeko(r->fp, 0, SEEK_SET) != 0)
		rc = ovp_error_set(err, OVP_EIO, r->path, 0, "cannot read: %s", strerror(errno));
	/* A byte order mark is taken, as JSON readers commonly do. */
	if (rc == 0 && peek(r) == 0xEF) {
		get(r);
		if (get(r) != 0xBB || get(r) != 0xBF)
			rc = not_report(r, err, "expected a JSON object");
	}
	while (rc == 0) {
		skip_ws(r);
		c = peek(r);
		if (c == EOF)
			break;
		if (c != '{') {
			rc = not_report(r, err, first ? "expected a JSON object"
			                              : "expected a JSON object on each line");
			break;
		}
		if (!first && r->document) {
			rc = not_report(r, err, "more JSON after the report");
			break;
		}
		rc = read_object(r, first, fn, ctx, err);
		if (rc == 0 && r->document && !first)
			rc = not_report(r, err, "findings after other lines of JSON");
		first = false;
	}
	if (rc == 0 && first)
		rc = not_report(r, err, ferror(r->fp) ? "unreadable" : "the file is empty");
	if (rc == 0 && ferror(r->fp))
		rc = ovp_error_set(err, OVP_EIO, r->path, 0, "cannot read: %s", strerror(errno));
	if (rc == 0)
		rc = check_head(r, err);
	if (rc < 0) {
		ovp_report_reader_close(r);
		return rc;
	}
	ovp_rbuf_free(&r->value);
	ovp_rbuf_free(&r->rest);
	*out = r;
	return 0;
}

int
ovp_report_format(const ovp_report_reader *r)
{
	return r->format;
}

const json_t *
ovp_report_head(const ovp_report_reader *r)
{
	return r->head;
}

const char *
ovp_report_path(const ovp_report_reader *r)
{
	return r->path;
}

unsigned long
ovp_report_count(const ovp_report_reader *r)
{
	return r->count;
}

json_t *
ovp_report_fetch(ovp_report_reader *r, const ovp_report_span *where, ovp_error *err)
{
	json_error_t jerr;
	json_t *v;

	if (where->len > r->cap) {
		char *nb = realloc(r->buf, where->len);

		if (nb == NULL) {
			ovp_error_set(err, OVP_ENOMEM, r->path, where->line, "out of memory");
			return NULL;
		}
		r->buf = nb;
		r->cap = where->len;
	}
	r->pos = r->len = 0;
	if (fseeko(r->fp, (off_t)where->off, SEEK_SET) != 0 ||
	    fread(r->buf, 1, where->len, r->fp) != where->len) {
		ovp_error_set(err, OVP_EIO, r->path, where->line, "cannot read the report again: %s",
		              ferror(r->fp) ? strerror(errno) : "it changed");
		return NULL;
	}
	v = json_loadb(r->buf, where->len, 0, &jerr);
	if (v == NULL)
		ovp_error_set(err, OVP_EINPUT, r->path, where->line,
		              "cannot read the report again (it changed?): %s", jerr.text);
	return v;
}

void
ovp_report_reader_close(ovp_report_reader *r)
{
	if (r == NULL)
		return;
	if (r->fp != NULL && (r->fp != stdin || r->own_tmp))
		fclose(r->fp);
	ovp_rbuf_free(&r->value);
	ovp_rbuf_free(&r->rest);
	json_decref(r->head);
	free(r->buf);
	free(r->path);
	free(r);
}
