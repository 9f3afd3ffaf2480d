/*
 * The history of runs (see run_history.h): one JSON line per run,
 * appended by `check --history FILE`, read back for the trend.
 *
 * Appending is one write() of the whole line to a file opened with
 * O_APPEND, under an exclusive fcntl() lock held across the check of
 * the file's first and last bytes: two CI jobs that finish at the same
 * moment leave two whole lines, and a line cut short by a crash is
 * ended before the next one is written, so that it spoils only itself.
 *
 * Reading takes every line that is a run and lists the others (cut
 * short, edited by hand, written by a later version) as skipped: a
 * history is a log, and one bad line must not cost the trend.  A file
 * whose first line is not a run at all is no history: reading it is an
 * error, and appending to it is refused, so that a mistyped path never
 * gets a line of JSON added to someone's spreadsheet.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jansson.h>

#include <overpromise/run_history.h>
#include <overpromise/overpromise.h>

#include "report/report_impl.h"

/* How every line this tool writes starts, whatever the version. */
#define LINE_PREFIX "{\"format\":\"overpromise-history/"

/* Lines skipped that a history lists one by one. */
#define SKIPPED_LISTED 100

typedef struct history_impl {
	ovp_run_history pub;
	char *path;
	ovp_run *runs;
	size_t n, cap;
	ovp_run_skipped *skipped;
	size_t nskipped;
} history_impl;

/*
 * Whether the len bytes at s start as this tool's lines start (or, when
 * shorter, as far as they go: a first line cut short by a crash).
 */
static bool
starts_ours(const char *s, size_t len)
{
	size_t n = sizeof LINE_PREFIX - 1;

	return len > 0 && memcmp(s, LINE_PREFIX, len < n ? len : n) == 0;
}

/* ---- writing ---- */

static json_t *
text_or_null(const char *s)
{
	return s != NULL ? ovp_json_text(s) : json_null();
}

char *
ovp_run_history_line(const ovp_report_meta *meta, const ovp_summary *sum)
{
	const ovp_owner_summary *owners = sum->owners;
	size_t nowners = sum->nowners;
	json_t *o = json_object(), *tool = json_object(), *inputs = json_object();
	json_t *summary = ovp_summary_to_json(sum);
	char day[OVP_DATE_ISO_SIZE];
	char *line;

	json_object_set_new(o, "format", json_string(OVP_RUN_HISTORY_FORMAT));
	json_object_set_new(tool, "name", json_string("overpromise"));
	json_object_set_new(tool, "version", json_string(ovp_version()));
	json_object_set_new(o, "tool", tool);
	json_object_set_new(o, "as_of", json_string(ovp_day_format(meta->as_of, day)));
	json_object_set_new(inputs, "deals", text_or_null(meta->deals_path));
	json_object_set_new(inputs, "roadmap", text_or_null(meta->roadmap_path));
	json_object_set_new(o, "inputs", inputs);
	/* The summary's counts as the report gives them; the owners in the history's own shape. */
	json_object_update(o, summary);
	json_decref(summary);
	if (nowners > 0) {
		json_t *a = json_array();

		for (size_t i = 0; i < nowners; i++) {
			json_t *w = json_object();

			json_object_set_new(w, "owner", owners[i].owner[0] != '\0'
			                                        ? ovp_json_text(owners[i].owner)
			                                        : json_null());
			json_object_set_new(w, "deals", json_integer((json_int_t)owners[i].deals));
			json_object_set_new(w, "promises", json_integer((json_int_t)owners[i].promises));
			json_object_set_new(w, "by_severity", ovp_json_severities(owners[i].by_severity));
			json_object_set_new(w, "value_at_risk",
			                    ovp_money_json(owners[i].value_at_risk, owners[i].ncurrencies));
			json_array_append_new(a, w);
		}
		json_object_set_new(o, "owners", a);
		if (sum->owners_omitted_deals > 0)
			json_object_set_new(o, "owners_omitted_deals",
			                    json_integer((json_int_t)sum->owners_omitted_deals));
	}
	line = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(15));
	json_decref(o);
	return line;
}

/* Write the n bytes at p to fd whole, through short writes and interruptions. */
static int
write_all(int fd, const char *p, size_t n)
{
	while (n > 0) {
		ssize_t k = write(fd, p, n);

		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			return -1;
		p += k;
		n -= (size_t)k;
	}
	return 0;
}

int
ovp_run_history_append(const char *path, const ovp_report_meta *meta, const ovp_summary *sum,
                       ovp_error *err)
{
	char *line = ovp_run_history_line(meta, sum);
	struct flock lock;
	struct stat st;
	char *buf = NULL;
	size_t len, off = 1;
	int fd, rc = 0, e;

	if (line == NULL)
		return ovp_error_set(err, OVP_ENOMEM, path, 0, "out of memory");
	len = strlen(line);
	buf = malloc(len + 2);
	if (buf == NULL) {
		free(line);
		return ovp_error_set(err, OVP_ENOMEM, path, 0, "out of memory");
	}
	/* A leading line end, written only after a line cut short. */
	buf[0] = '\n';
	memcpy(buf + 1, line, len);
	buf[len + 1] = '\n';
	free(line);
	fd = open(path, O_RDWR | O_APPEND | O_CREAT | O_CLOEXEC, 0666);
	if (fd < 0) {
		e = errno;
		free(buf);
		return ovp_error_set(err, OVP_EIO, path, 0, "cannot open the history: %s", strerror(e));
	}
	memset(&lock, 0, sizeof lock);
	lock.l_type = F_WRLCK;
	lock.l_whence = SEEK_SET;
	while ((rc = fcntl(fd, F_SETLKW, &lock)) < 0 && errno == EINTR)
		;
	if (rc < 0) {
		e = errno;
		rc = ovp_error_set(err, OVP_EIO, path, 0, "cannot lock the history: %s", strerror(e));
	} else if (fstat(fd, &st) < 0) {
		e = errno;
		rc = ovp_error_set(err, OVP_EIO, path, 0, "cannot read the history: %s", strerror(e));
	} else if (S_ISREG(st.st_mode) && st.st_size > 0) {
		char head[sizeof LINE_PREFIX], last = '\n';
		ssize_t got = pread(fd, head, sizeof head - 1, 0);

		if (got < 0 || pread(fd, &last, 1, st.st_size - 1) < 0) {
			e = errno;
			rc = ovp_error_set(err, OVP_EIO, path, 0, "cannot read the history: %s",
			                   strerror(e));
		} else if (!starts_ours(head, (size_t)got)) {
			rc = ovp_error_set(err, OVP_EINPUT, path, 1,
			                   "not a history of overpromise runs; no run was added to it "
			                   "(give --history a new file, or one it wrote)");
		} else if (last != '\n') {
			off = 0;
		}
	}
	if (rc == 0 && write_all(fd, buf + off, len + 2 - off) < 0) {
		e = errno;
		rc = ovp_error_set(err, OVP_EIO, path, 0, "cannot write the history: %s", strerror(e));
	}
	free(buf);
	/* Closing releases the lock. */
	if (close(fd) < 0 && rc == 0) {
		e = errno;
		rc = ovp_error_set(err, OVP_EIO, path, 0, "cannot write the history: %s", strerror(e));
	}
	return rc;
}

/* ---- reading ---- */

/*
 * Read one line of fp (without its line end) into *buf, growing it up to
 * OVP_RUN_HISTORY_MAX_LINE bytes; a longer line is read to its end and
 * *cut set.  Returns 1, 0 at the end of the file, -1 on a read error or
 * when memory runs out.
 */
static int
read_line(FILE *fp, char **buf, size_t *cap, size_t *len, bool *cut)
{
	int c;

	*len = 0;
	*cut = false;
	if (*buf == NULL) {
		if ((*buf = malloc(4096)) == NULL)
			return -1;
		*cap = 4096;
	}
	while ((c = getc(fp)) != EOF && c != '\n') {
		if (*len + 1 >= *cap && !*cut) {
			size_t ncap = *cap ? *cap * 2 : 4096;
			char *nb;

			if (ncap > OVP_RUN_HISTORY_MAX_LINE + 1) {
				*cut = true;
				continue;
			}
			nb = realloc(*buf, ncap);
			if (nb == NULL)
				return -1;
			*buf = nb;
			*cap = ncap;
		}
		if (!*cut)
			(*buf)[(*len)++] = (char)c;
	}
	if (ferror(fp))
		return -1;
	(*buf)[*len] = '\0';
	return c == EOF && *len == 0 && !*cut ? 0 : 1;
}

static int
skip_line(history_impl *h, long line, const char *msg)
{
	ovp_run_skipped *s;

	if (h->nskipped >= SKIPPED_LISTED) {
		h->pub.more_skipped++;
		return 0;
	}
	s = realloc(h->skipped, (h->nskipped + 1) * sizeof *s);
	if (s == NULL)
		return OVP_ENOMEM;
	h->skipped = s;
	s[h->nskipped].line = line;
	snprintf(s[h->nskipped].message, sizeof s->message, "%s", msg);
	h->nskipped++;
	return 0;
}

/* A count: a JSON integer from 0 up. */
static bool
get_count(const json_t *o, const char *key, unsigned long *out)
{
	const json_t *v = json_object_get(o, key);

	if (!json_is_integer(v) || json_integer_value(v) < 0)
		return false;
	*out = (unsigned long)json_integer_value(v);
	return true;
}

/* "YYYY-MM-DD" as a day, or OVP_DAY_NONE. */
static ovp_day
iso_day(const char *s)
{
	int y = 0, m = 0, d = 0;

	if (s == NULL || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return OVP_DAY_NONE;
	for (int i = 0; i < 10; i++) {
		if (i == 4 || i == 7)
			continue;
		if (s[i] < '0' || s[i] > '9')
			return OVP_DAY_NONE;
	}
	y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
	m = (s[5] - '0') * 10 + (s[6] - '0');
	d = (s[8] - '0') * 10 + (s[9] - '0');
	return ovp_day_from_ymd(y, m, d);
}

static char *
dup_or_null(const json_t *v)
{
	return json_is_string(v) ? strdup(json_string_value(v)) : NULL;
}

static void
run_free(ovp_run *r)
{
	free((void *)(uintptr_t)r->deals_path);
	free((void *)(uintptr_t)r->roadmap_path);
	free((void *)(uintptr_t)r->value_at_risk);
}

/*
 * Read run line o into r.  Returns NULL, or what is wrong with it (for
 * the skipped list).  r holds nothing to free when it fails.
 */
static const char *
parse_run(const json_t *o, ovp_run *r)
{
	const json_t *sev = json_object_get(o, "by_severity");
	const json_t *var = json_object_get(o, "value_at_risk");
	const json_t *inputs = json_object_get(o, "inputs");
	const char *format = json_string_value(json_object_get(o, "format"));
	ovp_money *m = NULL;
	size_t i;
	json_t *v;

	memset(r, 0, sizeof *r);
	if (format == NULL || strncmp(format, "overpromise-history/", 20) != 0)
		return "not a run of overpromise (no \"format\": \"" OVP_RUN_HISTORY_FORMAT "\")";
	if (strcmp(format, OVP_RUN_HISTORY_FORMAT) != 0)
		return "a run in a format this version does not read (written by a later version?)";
	r->as_of = iso_day(json_string_value(json_object_get(o, "as_of")));
	if (r->as_of == OVP_DAY_NONE)
		return "a run without an as_of date (YYYY-MM-DD)";
	if (!get_count(o, "deals", &r->deals) || !get_count(o, "promises", &r->promises) ||
	    !get_count(o, "roadmap_items", &r->roadmap_items))
		return "a run without its counts of deals, promises and roadmap items";
	if (!json_is_object(sev) || !get_count(sev, "error", &r->by_severity[OVP_SEV_ERROR]) ||
	    !get_count(sev, "warning", &r->by_severity[OVP_SEV_WARNING]) ||
	    !get_count(sev, "note", &r->by_severity[OVP_SEV_NOTE]))
		return "a run without its findings by severity";
	if (!json_is_array(var) || json_array_size(var) > OVP_SUMMARY_MAX_CURRENCIES)
		return "a run without its value at risk";
	if (json_array_size(var) > 0) {
		m = calloc(json_array_size(var), sizeof *m);
		if (m == NULL)
			return "out of memory";
	}
	json_array_foreach(var, i, v) {
		const json_t *cur = json_object_get(v, "currency");
		const json_t *amount = json_object_get(v, "amount");

		if (!json_is_number(amount) || !(json_is_string(cur) || json_is_null(cur)) ||
		    (json_is_string(cur) && strlen(json_string_value(cur)) >= sizeof m->currency)) {
			free(m);
			return "a run whose value at risk is not a list of currencies and amounts";
		}
		if (json_is_string(cur))
			snprintf(m[i].currency, sizeof m[i].currency, "%s", json_string_value(cur));
		m[i].amount = json_number_value(amount);
	}
	r->value_at_risk = m;
	r->ncurrencies = json_array_size(var);
	r->deals_path = dup_or_null(json_object_get(inputs, "deals"));
	r->roadmap_path = dup_or_null(json_object_get(inputs, "roadmap"));
	return NULL;
}

/* Keep run r (its memory now the history's), dropping the oldest past the limit. */
static int
keep_run(history_impl *h, const ovp_run *r)
{
	if (h->n == 2 * (size_t)OVP_RUN_HISTORY_MAX_RUNS) {
		size_t drop = h->n - OVP_RUN_HISTORY_MAX_RUNS;

		for (size_t i = 0; i < drop; i++)
			run_free(&h->runs[i]);
		memmove(h->runs, h->runs + drop, (h->n - drop) * sizeof *h->runs);
		h->n -= drop;
		h->pub.older += drop;
	}
	if (h->n == h->cap) {
		size_t cap = h->cap ? h->cap * 2 : 64;
		ovp_run *nr = realloc(h->runs, cap * sizeof *nr);

		if (nr == NULL)
			return OVP_ENOMEM;
		h->runs = nr;
		h->cap = cap;
	}
	h->runs[h->n++] = *r;
	return 0;
}

/* Whether a line is one of this tool's, whole or cut short. */
static bool
is_ours(const char *line, size_t len, const json_t *o)
{
	const char *format = json_string_value(json_object_get(o, "format"));

	return starts_ours(line, len) ||
	       (format != NULL && strncmp(format, "overpromise-history/", 20) == 0);
}

int
ovp_run_history_read(ovp_run_history **out, const char *path, bool missing_ok, ovp_error *err)
{
	history_impl *h;
	FILE *fp;
	char *buf = NULL;
	size_t cap = 0, len;
	long line = 0;
	bool cut, first = true;
	int rc = 0, got;

	*out = NULL;
	h = calloc(1, sizeof *h);
	if (h == NULL || (h->path = strdup(path)) == NULL) {
		free(h);
		return ovp_error_set(err, OVP_ENOMEM, path, 0, "out of memory");
	}
	h->pub.path = h->path;
	fp = fopen(path, "rb");
	if (fp == NULL) {
		int e = errno;

		if (e == ENOENT && missing_ok) {
			*out = &h->pub;
			return 0;
		}
		ovp_run_history_free(&h->pub);
		return ovp_error_set(err, OVP_EIO, path, 0, "cannot open the history: %s", strerror(e));
	}
	while (rc == 0 && (got = read_line(fp, &buf, &cap, &len, &cut)) > 0) {
		json_t *o = NULL;
		json_error_t jerr;
		ovp_run r;
		const char *why;

		line++;
		if (!cut && len > 0 && buf[len - 1] == '\r')
			buf[--len] = '\0';
		if (!cut && strspn(buf, " \t") == len)
			continue;
		if (!cut)
			o = json_loadb(buf, len, 0, &jerr);
		if (first && !(cut ? starts_ours(buf, len) : is_ours(buf, len, o))) {
			json_decref(o);
			rc = ovp_error_set(err, OVP_EINPUT, path, line,
			                   "not a history of overpromise runs (its first line is no run; "
			                   "check --history FILE writes one)");
			break;
		}
		first = false;
		if (cut)
			why = "a line longer than 16 MiB";
		else if (!json_is_object(o))
			why = "not a whole line of JSON (cut short by a crash?)";
		else
			why = parse_run(o, &r);
		json_decref(o);
		if (why != NULL) {
			rc = skip_line(h, line, why);
		} else {
			r.line = line;
			rc = keep_run(h, &r);
		}
		if (rc < 0)
			rc = ovp_error_set(err, OVP_ENOMEM, path, line, "out of memory");
	}
	if (rc == 0 && ferror(fp)) {
		int e = errno;

		rc = ovp_error_set(err, OVP_EIO, path, line, "cannot read the history: %s", strerror(e));
	} else if (rc == 0 && got < 0) {
		rc = ovp_error_set(err, OVP_ENOMEM, path, line, "out of memory");
	}
	fclose(fp);
	free(buf);
	if (rc < 0) {
		ovp_run_history_free(&h->pub);
		return rc;
	}
	if (h->n > OVP_RUN_HISTORY_MAX_RUNS) {
		size_t drop = h->n - OVP_RUN_HISTORY_MAX_RUNS;

		for (size_t i = 0; i < drop; i++)
			run_free(&h->runs[i]);
		memmove(h->runs, h->runs + drop, (h->n - drop) * sizeof *h->runs);
		h->n -= drop;
		h->pub.older += drop;
	}
	h->pub.runs = h->runs;
	h->pub.nruns = h->n;
	h->pub.skipped = h->skipped;
	h->pub.nskipped = h->nskipped;
	*out = &h->pub;
	return 0;
}

void
ovp_run_history_free(ovp_run_history *pub)
{
	history_impl *h = (history_impl *)pub;

	if (h == NULL)
		return;
	for (size_t i = 0; i < h->n; i++)
		run_free(&h->runs[i]);
	free(h->runs);
	free(h->skipped);
	free(h->path);
	free(h);
}
