/*
 * SARIF 2.1.0, for GitHub code scanning and the other tools that read
 * static-analysis results: one run whose tool.driver carries the whole
 * rule catalogue, and one result per finding, streamed as the findings
 * arrive (the head and the rules are known before the first finding, the
 * summary goes into run.properties at the end), so memory does not grow
 * with the number of findings.
 *
 * Each result has ruleId and ruleIndex (the catalogue order), level
 * (error, warning, note: SARIF's own levels), message.text, one location
 * (the finding's file and line), partialFingerprints with the finding's
 * stable fingerprint both as "primaryLocationLineHash" (what GitHub
 * tracks an alert by; without it GitHub hashes the CSV line, and editing
 * a deal's amount would close the alert and open a new one) and as
 * "overpromise/v1", a suppression of kind "external" when the finding is
 * in the baseline, and the finding's deal, promise and item data in
 * properties.
 *
 * A file's URI is relative to the source root (meta->srcroot, else the
 * current directory) with the uriBaseId "%SRCROOT%", however the path was
 * given (absolute, with "./" or "../"): the file's directory is resolved
 * (symbolic links too), and the part under the root is what remains.  A
 * file outside the root keeps an absolute file:// URI and no uriBaseId.
 * Standard input and the promises of `deal` have no file: they get the
 * placeholders urn:overpromise:stdin and urn:overpromise:deal.  With a
 * source root given, run.originalUriBaseIds says where %SRCROOT% is.
 * Nothing else depends on the clock or the machine.
 */
/* realpath() is XSI; the project asks only for POSIX. */
#define _XOPEN_SOURCE 700

#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include <overpromise/report.h>

#include "report_impl.h"

/* Files whose URI is kept: the two inputs, and a few more named by problems. */
#define FILES_MAX 8

/* A file as findings name it, and its URI. */
typedef struct sarif_file {
	char *path;
	char *uri;
	bool relative;  /* against %SRCROOT% */
} sarif_file;

typedef struct sarif_sink {
	ovp_sink base;
	unsigned long count;
	ovp_rbuf uri;
	char *root;     /* the source root, resolved; NULL when it cannot be */
	char *cwd;      /* the current directory, resolved; NULL when it cannot be */
	sarif_file files[FILES_MAX];
	size_t nfiles, next_slot;
} sarif_sink;

/* The placeholders of the inputs that are no file. */
#define URI_STDIN "urn:overpromise:stdin"
#define URI_DEAL "urn:overpromise:deal"

#define SARIF_SCHEMA \
	"https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"

static const char *
level(ovp_severity s)
{
	switch (s) {
	case OVP_SEV_ERROR:
		return "error";
	case OVP_SEV_WARNING:
		return "warning";
	default:
		return "note";
	}
}

/* The catalogue entry of one rule as a reportingDescriptor. */
static json_t *
rule_json(const ovp_rule *r)
{
	json_t *o = json_object(), *sd = json_object(), *fd = json_object(), *help = json_object();
	json_t *conf = json_object();
	ovp_rbuf b = {0};

	json_object_set_new(o, "id", json_string(r->code));
	json_object_set_new(o, "name", json_string(r->name));
	json_object_set_new(sd, "text", json_string(r->summary));
	json_object_set_new(o, "shortDescription", sd);
	json_object_set_new(fd, "text", json_string(r->rationale));
	json_object_set_new(o, "fullDescription", fd);
	ovp_rbuf_printf(&b, "%s %s (%s by default): %s\n\n%s", r->code, r->name,
	                ovp_severity_name(r->severity), r->summary, r->rationale);
	json_object_set_new(help, "text", b.err == 0 ? json_string(b.data) : NULL);
	ovp_rbuf_reset(&b);
	ovp_rbuf_printf(&b, "**%s %s** (%s by default): ", r->code, r->name,
	                ovp_severity_name(r->severity));
	ovp_markdown_put(&b, r->summary);
	ovp_rbuf_puts(&b, "\n\n");
	ovp_markdown_put(&b, r->rationale);
	json_object_set_new(help, "markdown", b.err == 0 ? json_string(b.data) : NULL);
	ovp_rbuf_free(&b);
	json_object_set_new(o, "help", help);
	json_object_set_new(conf, "level", json_string(level(r->severity)));
	json_object_set_new(o, "defaultConfiguration", conf);
	if (json_object_size(o) != 6 || json_object_size(help) != 2) {
		json_decref(o);
		return NULL;
	}
	return o;
}

/* True for the bytes a URI may carry as they are in a path (RFC 3986 unreserved, and '/'). */
static bool
uri_safe(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '-' || c == '.' || c == '_' || c == '~' || c == '/';
}

/* Percent-encode a path into b: "q&a/deals 2026.csv" -> "q%26a/deals%202026.csv". */
static void
put_uri_path(ovp_rbuf *b, const char *path)
{
	for (const unsigned char *p = (const unsigned char *)path; *p != '\0'; p++) {
		if (uri_safe(*p))
			ovp_rbuf_putc(b, (char)*p);
		else
			ovp_rbuf_printf(b, "%%%02X", *p);
	}
}

/*
 * Append path to b with its "." and ".." components resolved, as the
 * text says (for a file whose directory cannot be resolved on disk).
 */
static void
put_lexical(ovp_rbuf *b, const char *path)
{
	size_t start = b->len;

	while (*path != '\0') {
		size_t len;

		while (*path == '/')
			path++;
		len = strcspn(path, "/");
		if (len == 0 || (len == 1 && path[0] == '.')) {
			/* nothing */
		} else if (len == 2 && path[0] == '.' && path[1] == '.') {
			while (b->len > start && b->data[b->len - 1] != '/')
				b->len--;
			if (b->len > start)
				b->len--;
		} else {
			ovp_rbuf_putc(b, '/');
			ovp_rbuf_put(b, path, len);
		}
		path += len;
	}
	if (b->len == start)
		ovp_rbuf_putc(b, '/');
	if (b->data != NULL)
		b->data[b->len] = '\0';
}

/*
 * The absolute path of file into b (reset first): its directory resolved
 * by realpath(), else the path made absolute against the current
 * directory with "." and ".." resolved as written.  False when neither
 * can be done (no current directory for a relative path).
 */
static bool
absolute_path(sarif_sink *ss, const char *file, ovp_rbuf *b)
{
	const char *slash = strrchr(file, '/');
	char *dir, *real;

	ovp_rbuf_reset(b);
	if (slash == NULL)
		dir = strdup(".");
	else if (slash == file)
		dir = strdup("/");
	else
		dir = strndup(file, (size_t)(slash - file));
	real = dir != NULL ? realpath(dir, NULL) : NULL;
	free(dir);
	if (real != NULL) {
		ovp_rbuf_puts(b, real);
		if (strcmp(real, "/") != 0)
			ovp_rbuf_putc(b, '/');
		ovp_rbuf_puts(b, slash != NULL ? slash + 1 : file);
		free(real);
		return b->err == 0;
	}
	if (file[0] != '/') {
		if (ss->cwd == NULL)
			return false;
		put_lexical(b, ss->cwd);
		ovp_rbuf_putc(b, '/');
	}
	{
		ovp_rbuf joined = {0};
		bool ok;

		ovp_rbuf_put(&joined, b->data != NULL ? b->data : "", b->len);
		ovp_rbuf_puts(&joined, file);
		ovp_rbuf_reset(b);
		ok = joined.err == 0;
		if (ok)
			put_lexical(b, joined.data);
		ovp_rbuf_free(&joined);
		return ok && b->err == 0;
	}
}

/* Work out the URI of file into ss->uri; *relative: against %SRCROOT%. */
static int
make_uri(sarif_sink *ss, const char *file, bool *relative)
{
	ovp_rbuf abs = {0};
	size_t rl = ss->root != NULL ? strlen(ss->root) : 0;

	*relative = false;
	ovp_rbuf_reset(&ss->uri);
	if (strcmp(file, "<stdin>") == 0 || strcmp(file, "-") == 0) {
		ovp_rbuf_puts(&ss->uri, URI_STDIN);
	} else if (strcmp(file, "<deal>") == 0) {
		ovp_rbuf_puts(&ss->uri, URI_DEAL);
	} else if (!absolute_path(ss, file, &abs)) {
		/* Nowhere to anchor it: the path as given, as a relative reference. */
		put_uri_path(&ss->uri, file);
		*relative = file[0] != '/';
	} else if (ss->root != NULL && rl > 1 && strncmp(abs.data, ss->root, rl) == 0 &&
	           abs.data[rl] == '/') {
		put_uri_path(&ss->uri, abs.data + rl + 1);
		*relative = true;
	} else if (ss->root != NULL && rl == 1 && ss->root[0] == '/') {
		put_uri_path(&ss->uri, abs.data + 1);
		*relative = true;
	} else {
		ovp_rbuf_puts(&ss->uri, "file://");
		put_uri_path(&ss->uri, abs.data);
	}
	ovp_rbuf_free(&abs);
	return ss->uri.err;
}

/* The URI of file, worked out once per file; NULL when out of memory. */
static const sarif_file *
uri_of(sarif_sink *ss, const char *file)
{
	sarif_file *sf;
	bool relative;

	for (size_t i = 0; i < ss->nfiles; i++)
		if (strcmp(ss->files[i].path, file) == 0)
			return &ss->files[i];
	if (make_uri(ss, file, &relative) != 0)
		return NULL;
	/* Past FILES_MAX files the oldest slot is reused. */
	if (ss->nfiles < FILES_MAX) {
		sf = &ss->files[ss->nfiles++];
	} else {
		sf = &ss->files[ss->next_slot];
		ss->next_slot = (ss->next_slot + 1) % FILES_MAX;
		free(sf->path);
		free(sf->uri);
	}
	sf->path = strdup(file);
	sf->uri = strdup(ss->uri.data);
	sf->relative = relative;
	if (sf->path == NULL || sf->uri == NULL) {
		free(sf->path);
		free(sf->uri);
		sf->path = sf->uri = NULL;
		if (ss->nfiles > 0 && sf == &ss->files[ss->nfiles - 1])
			ss->nfiles--;
		return NULL;
	}
	return sf;
}

/* The physicalLocation of a finding, or NULL when out of memory. */
static json_t *
location_json(sarif_sink *ss, const ovp_finding *f)
{
	const char *file = f->file != NULL && f->file[0] != '\0' ? f->file : "-";
	const sarif_file *sf = uri_of(ss, file);
	json_t *loc = json_object(), *phys = json_object(), *art = json_object();

	json_object_set_new(art, "uri", sf != NULL ? json_string(sf->uri) : NULL);
	if (sf != NULL && sf->relative)
		json_object_set_new(art, "uriBaseId", json_string("%SRCROOT%"));
	json_object_set_new(phys, "artifactLocation", art);
	if (f->line > 0) {
		json_t *region = json_object();

		json_object_set_new(region, "startLine", json_integer(f->line));
		json_object_set_new(phys, "region", region);
	}
	json_object_set_new(loc, "physicalLocation", phys);
	if (json_object_size(art) == 0 || json_object_get(art, "uri") == NULL ||
	    json_object_size(loc) != 1) {
		json_decref(loc);
		return NULL;
	}
	return loc;
}

/*
 * The finding's data as SPEC 7.1 has it, without what the result says
 * elsewhere (rule, severity, message, fingerprint, location) and without
 * the nulls, as a property bag.
 */
static json_t *
properties_json(const ovp_finding *f)
{
	static const char *const elsewhere[] = {"rule", "name", "severity", "message",
	                                        "fingerprint", "suppressed", "location"};
	json_t *o = ovp_finding_to_json(f), *props;
	const char *key;
	json_t *value;

	if (o == NULL)
		return NULL;
	props = json_object();
	json_object_foreach(o, key, value) {
		bool skip = json_is_null(value);

		for (size_t i = 0; i < sizeof elsewhere / sizeof elsewhere[0] && !skip; i++)
			skip = strcmp(key, elsewhere[i]) == 0;
		if (!skip)
			json_object_set(props, key, value);
	}
	json_decref(o);
	return props;
}

static int
sarif_begin(ovp_sink *s, ovp_error *err)
{
	const ovp_report_meta *meta = s->meta;
	sarif_sink *ss = (sarif_sink *)s;
	FILE *out = s->out;
	json_t *driver = json_object(), *rules = json_array();
	int rc;

	ss->cwd = realpath(".", NULL);
	ss->root = meta->srcroot != NULL ? strdup(meta->srcroot)
	                                 : ss->cwd != NULL ? strdup(ss->cwd) : NULL;
	json_object_set_new(driver, "name", json_string("overpromise"));
	json_object_set_new(driver, "version", json_string(ovp_version()));
	json_object_set_new(driver, "semanticVersion", json_string(ovp_version()));
	for (int i = 0; i < OVP_RULE_COUNT; i++)
		json_array_append_new(rules, rule_json(ovp_rule_get((ovp_rule_id)i)));
	json_object_set_new(driver, "rules", rules);
	if (json_object_size(driver) != 4 || json_array_size(rules) != OVP_RULE_COUNT) {
		json_decref(driver);
		return ovp_sink_result(s, OVP_ENOMEM, err);
	}
	fputs("{\n"
	      "  \"$schema\": \"" SARIF_SCHEMA "\",\n"
	      "  \"version\": \"2.1.0\",\n"
	      "  \"runs\": [\n"
	      "    {\n"
	      "      \"tool\": {\n"
	      "        \"driver\": ",
	      out);
	rc = ovp_put_json(out, driver, 8);
	json_decref(driver);
	fputs("\n      },", out);
	if (rc == 0 && meta->srcroot != NULL) {
		/* Where %SRCROOT% is, as a directory URI (it ends with a slash). */
		json_t *bases = json_object(), *root = json_object();

		ovp_rbuf_reset(&ss->uri);
		ovp_rbuf_puts(&ss->uri, "file://");
		put_uri_path(&ss->uri, meta->srcroot);
		if (ss->uri.len == 0 || ss->uri.data[ss->uri.len - 1] != '/')
			ovp_rbuf_putc(&ss->uri, '/');
		json_object_set_new(root, "uri", ss->uri.err == 0 ? json_string(ss->uri.data) : NULL);
		json_object_set_new(bases, "%SRCROOT%", root);
		fputs("\n      \"originalUriBaseIds\": ", out);
		rc = json_object_size(root) == 1 ? ovp_put_json(out, bases, 6) : OVP_ENOMEM;
		json_decref(bases);
		fputs(",", out);
	}
	fputs("\n      \"results\": [", out);
	return ovp_sink_result(s, rc < 0 ? rc : ferror(out) ? OVP_EIO : 0, err);
}

static int
sarif_finding(ovp_sink *s, const ovp_finding *f, ovp_error *err)
{
	sarif_sink *ss = (sarif_sink *)s;
	const ovp_rule *rule = ovp_rule_get(f->rule);
	json_t *r = json_object(), *msg = json_object(), *locs = json_array(), *fp = json_object();
	json_t *props = properties_json(f);
	int rc;

	json_object_set_new(r, "ruleId", json_string(rule->code));
	json_object_set_new(r, "ruleIndex", json_integer(f->rule));
	json_object_set_new(r, "level", json_string(level(f->severity)));
	json_object_set_new(msg, "text", ovp_json_text(f->message != NULL ? f->message : ""));
	json_object_set_new(r, "message", msg);
	json_array_append_new(locs, location_json(ss, f));
	json_object_set_new(r, "locations", locs);
	json_object_set_new(fp, "primaryLocationLineHash", json_string(f->fingerprint));
	json_object_set_new(fp, "overpromise/v1", json_string(f->fingerprint));
	json_object_set_new(r, "partialFingerprints", fp);
	if (f->suppressed) {
		json_t *sup = json_object(), *arr = json_array();

		json_object_set_new(sup, "kind", json_string("external"));
		json_object_set_new(sup, "justification", json_string("in the baseline"));
		json_array_append_new(arr, sup);
		json_object_set_new(r, "suppressions", arr);
	}
	if (props != NULL && json_object_size(props) > 0)
		json_object_set_new(r, "properties", props);
	else
		json_decref(props);
	if (json_object_size(r) < 6 || json_object_size(msg) != 1 || json_array_size(locs) != 1 ||
	    json_object_size(fp) != 2 || props == NULL) {
		json_decref(r);
		return ovp_sink_result(s, OVP_ENOMEM, err);
	}
	fputs(ss->count++ ? ",\n        " : "\n        ", s->out);
	rc = ovp_put_json(s->out, r, 8);
	json_decref(r);
	return ovp_sink_result(s, rc < 0 ? rc : ferror(s->out) ? OVP_EIO : 0, err);
}

static int
sarif_end(ovp_sink *s, const ovp_summary *sum, ovp_error *err)
{
	sarif_sink *ss = (sarif_sink *)s;
	const ovp_report_meta *meta = s->meta;
	json_t *props = json_object(), *inputs = json_object();
	char day[OVP_DATE_ISO_SIZE];
	int rc;

	json_object_set_new(props, "as_of", json_string(ovp_day_format(meta->as_of, day)));
	json_object_set_new(inputs, "deals", meta->deals_path != NULL
	                                         ? ovp_json_text(meta->deals_path)
	                                         : json_null());
	json_object_set_new(inputs, "roadmap", ovp_json_roadmaps(meta));
	json_object_set_new(props, "inputs", inputs);
	json_object_set_new(props, "summary", ovp_summary_to_json(sum));
	if (json_object_size(props) != 3) {
		json_decref(props);
		return ovp_sink_result(s, OVP_ENOMEM, err);
	}
	fputs(ss->count ? "\n      ],\n      \"properties\": " : "],\n      \"properties\": ", s->out);
	rc = ovp_put_json(s->out, props, 6);
	json_decref(props);
	fputs("\n    }\n  ]\n}\n", s->out);
	return ovp_sink_result(s, rc < 0 ? rc : ferror(s->out) ? OVP_EIO : 0, err);
}

static void
sarif_destroy(ovp_sink *s)
{
	sarif_sink *ss = (sarif_sink *)s;

	ovp_rbuf_free(&ss->uri);
	for (size_t i = 0; i < ss->nfiles; i++) {
		free(ss->files[i].path);
		free(ss->files[i].uri);
	}
	free(ss->root);
	free(ss->cwd);
	free(ss);
}

static const ovp_sink_ops sarif_ops = {
	.name = "sarif",
	.begin = sarif_begin,
	.finding = sarif_finding,
	.explain = NULL,
	.end = sarif_end,
	.destroy = sarif_destroy,
};

ovp_sink *
ovp_sink_sarif_new(void)
{
	sarif_sink *ss = calloc(1, sizeof *ss);

	if (ss == NULL)
		return NULL;
	ss->base.ops = &sarif_ops;
	return &ss->base;
}
