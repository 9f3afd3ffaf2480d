/*
 * The JSON report (SPEC 7.1), written as it goes: the head, then each
 * finding as it arrives, then the summary, so that memory does not grow
 * with the number of findings.  Field names are part of the contract.
 *
 * The same document comes in two more shapes, from the same renderer:
 * without indentation (--compact), and as JSON lines (--format jsonl):
 * one finding a line, then a last line with the rest of the document
 * (format, tool, as_of, inputs, summary), so that the last line with
 * "findings" set to the lines before it is the JSON report.
 *
 * A large export gives millions of findings, so the findings are not
 * built as jansson trees: each is rendered straight into a buffer, byte
 * for byte as jansson would dump the tree that ovp_finding_to_json()
 * builds (the SARIF report still uses that tree), and the buffer is
 * written 256 KiB at a time.  The summary is rendered the same way (a
 * run of many deal owners makes it thousands of members); the head,
 * written once and small, goes through jansson.
 *
 * The findings are rendered into an ovp_rbuf: each write first makes
 * room for the most it can add, then stores bytes without further
 * checks; the first failure (memory, more than OVP_RBUF_MAX bytes, or
 * the stream) sticks and leaves no room, so that the check for room,
 * made for every piece of every finding, is the only check.
 */
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include <overpromise/report.h>
#include <overpromise/status.h>

#include "../util/str.h"
#include "report_impl.h"

/*
 * Rendered findings are written out once this many bytes have gathered:
 * as many as the stream's buffer holds (output.c), so that going round
 * stdio (jw_flush) takes no more write calls than going through it.
 */
#define JW_FLUSH ((size_t)256 << 10)

/* Days whose JSON text is kept: more than ten years without two sharing a slot. */
#define DAY_SLOTS 4096

/* Bytes of a day's text kept (a day in quotes, 12), copied whole by day_at(). */
#define DAY_TEXT 16
_Static_assert(OVP_DATE_ISO_SIZE + 1 <= DAY_TEXT, "a quoted day fits its slot");

/* Bytes of a status class's name kept as a JSON string, copied whole by jw_item(). */
#define CLASS_TEXT 24

/* Most string fields and numbers an object cache compares; most bytes it keeps. */
#define OBJ_FIELDS 6
#define OBJ_NUMS 3
#define OBJ_MAX ((size_t)16 << 10)

/*
 * The file, deal, promise or item object a finding last carried, as
 * rendered, with the fields it was rendered from.  Consecutive findings
 * mostly concern the same file, deal (two in three), promise or item
 * (nearly one in two), and the copy replaces escaping up to six strings
 * and writing a real.  A hit is decided by the fields' contents, or by
 * identity where that is as sure (see obj_known()); never by the pointer
 * alone: the deals reader reuses its memory from deal to deal.
 */
typedef struct obj_cache {
	bool valid;
	bool compared;            /* lens, nums and raw hold the fields: obj_hit() may answer */
	const void *who;          /* the object rendered, while it is known; else NULL */
	unsigned long window;     /* the deal window who was rendered in (json_sink) */
	size_t lens[OBJ_FIELDS];  /* of the strings in raw */
	uint64_t nums[OBJ_NUMS];  /* the numbers rendered, as bits */
	char *raw;                /* the strings, each with its NUL, back to back */
	size_t raw_cap;
	/*
	 * The member as rendered, key included: json_len bytes at offset at
	 * of the sink's buffer while in_w (an object found by identity, just
	 * rendered there, is not copied for every render: only when the
	 * buffer is written out, see obj_unpin()), else in json.
	 */
	bool in_w;
	size_t at;
	char *json;
	size_t json_len, json_cap;
} obj_cache;

/*
 * The sink keeps what repeats from finding to finding rendered: the
 * opening of a finding up to its message, which only the rule and the
 * severity decide, the text of recent days (due and planned dates fall
 * on a few thousand days, formatted millions of times), the status
 * classes' names, the last file, deal, promise and item rendered, the
 * file of the last item and the last similarity.
 */
typedef struct json_sink {
	ovp_sink base;
	unsigned long count;
	ovp_rbuf w; /* findings rendered and not yet written */
	struct finding_head {
		size_t len; /* 0 until made */
		char text[160];
	} heads[OVP_RULE_COUNT][OVP_SEV_ERROR + 1];
	struct day_slot {
		ovp_day day; /* OVP_DAY_NONE when empty */
		unsigned char len;
		char text[DAY_TEXT]; /* "\"2027-03-31\"", copied whole (day_at()) */
	} days[DAY_SLOTS];
	/* Each status class's name as a JSON string ("\"planned\""), for jw_item(); len 0 if too long. */
	struct class_text {
		unsigned char len;
		char text[CLASS_TEXT];
	} classes[OVP_CLASS_COUNT + 1];
	obj_cache file, deal, promise, item;
	obj_cache item_file; /* the file of the item last rendered: a roadmap has few */
	/*
	 * The deal being checked, as the deal operation announced it, and
	 * the number of deals announced so far: from one announcement to the
	 * next the deal, its promises and the roadmap's items stay where they
	 * are and as they are, so that within that window a finding about
	 * the same object as the one cached is told by its address.
	 */
	const ovp_deal *cur_deal;
	unsigned long window;
	/*
	 * Where in w the last finding of the deal being checked has its
	 * location, deal, promise and item members, as rendered: the next
	 * finding of the same promise (most come in twos and threes) copies
	 * them from there.  Not valid once w was written out.
	 */
	struct subject_span {
		bool valid;
		unsigned long window;
		const ovp_promise *promise;
		const ovp_item *item;
		const char *sheet;
		long line;
		size_t at, len;
	} span;
	json_t *promises;     /* deal: the verdict on every promise, in order; else NULL */
	/* The similarity last written: nearly always 1, or the score of the
	 * finding before (the same match). */
	struct real_text {
		uint64_t bits; /* of the value written */
		unsigned char len; /* 0 until one is written */
		char text[47];
	} similarity;
	bool lines;   /* JSON lines: a finding a line, the rest of the document last */
	bool compact; /* no white space between tokens (always for lines) */
} json_sink;

/* v dumped with no white space at all; 0, OVP_ENOMEM or OVP_EIO. */
static int
put_compact(FILE *out, const json_t *v)
{
	char *text = json_dumps(v, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_ENCODE_ANY |
	                               JSON_REAL_PRECISION(15));
	int rc;

	if (text == NULL)
		return OVP_ENOMEM;
	rc = fputs(text, out) == EOF ? OVP_EIO : 0;
	free(text);
	return rc;
}

/* v as the sink's shape wants it: indented by indent, or compact. */
static int
put_value(const json_sink *js, FILE *out, const json_t *v, int indent)
{
	return js->compact ? put_compact(out, v) : ovp_put_json(out, v, indent);
}

/* A string (invalid UTF-8 replaced), or null when empty. */
static json_t *
str_or_null(const char *s)
{
	return s != NULL && s[0] != '\0' ? ovp_json_text(s) : json_null();
}

static json_t *
day_or_null(ovp_day d)
{
	char buf[OVP_DATE_ISO_SIZE];

	return d != OVP_DAY_NONE ? json_string(ovp_day_format(d, buf)) : json_null();
}

/* Round to a few decimals so that 0.92 is written 0.92, not 0.92000000000000004. */
static json_t *
rounded(double v, double scale)
{
	return json_real(round(v * scale) / scale);
}

/* The item member of a finding or a promise. */
static json_t *
item_json(const ovp_item *it)
{
	json_t *ij = json_object();

	json_object_set_new(ij, "id", str_or_null(it->id));
	json_object_set_new(ij, "title", str_or_null(it->title));
	json_object_set_new(ij, "status", str_or_null(it->status));
	json_object_set_new(ij, "class", json_string(ovp_status_class_name(it->cls)));
	json_object_set_new(ij, "planned", ovp_window_is_set(it->planned)
	                                       ? day_or_null(it->planned.end)
	                                       : json_null());
	json_object_set_new(ij, "file", str_or_null(it->file));
	json_object_set_new(ij, "line", json_integer(it->line));
	return ij;
}

json_t *
ovp_finding_to_json(const ovp_finding *f)
{
	const ovp_rule *rule = ovp_rule_get(f->rule);
	json_t *o = json_object();
	json_t *loc = json_object();

	json_object_set_new(o, "rule", json_string(rule->code));
	json_object_set_new(o, "name", json_string(rule->name));
	json_object_set_new(o, "severity", json_string(ovp_severity_name(f->severity)));
	json_object_set_new(o, "message", ovp_json_text(f->message));
	json_object_set_new(o, "fingerprint", json_string(f->fingerprint));
	json_object_set_new(o, "suppressed", json_boolean(f->suppressed));
	json_object_set_new(loc, "file", ovp_json_text(f->file));
	json_object_set_new(loc, "line", json_integer(f->line));
	if (f->sheet != NULL)
		json_object_set_new(loc, "sheet", ovp_json_text(f->sheet));
	json_object_set_new(o, "location", loc);
	if (f->deal != NULL) {
		const ovp_deal *d = f->deal;
		json_t *dj = json_object();

		json_object_set_new(dj, "id", str_or_null(d->id));
		json_object_set_new(dj, "name", str_or_null(d->name));
		json_object_set_new(dj, "account", str_or_null(d->account));
		json_object_set_new(dj, "amount", d->has_amount ? json_real(d->amount) : json_null());
		json_object_set_new(dj, "currency", str_or_null(d->currency));
		json_object_set_new(dj, "stage", str_or_null(d->stage));
		json_object_set_new(dj, "owner", str_or_null(d->owner));
		json_object_set_new(dj, "close", ovp_window_is_set(d->close) ? day_or_null(d->close.end)
		                                                           : json_null());
		json_object_set_new(o, "deal", dj);
	} else {
		json_object_set_new(o, "deal", json_null());
	}
	if (f->promise != NULL) {
		const ovp_promise *p = f->promise;
		json_t *pj = json_object();

		json_object_set_new(pj, "text", ovp_json_text(p->text));
		json_object_set_new(pj, "feature", ovp_json_text(p->feature));
		json_object_set_new(pj, "due", ovp_window_is_set(p->due) ? day_or_null(p->due.end)
		                                                        : json_null());
		json_object_set_new(o, "promise", pj);
	} else {
		json_object_set_new(o, "promise", json_null());
	}
	json_object_set_new(o, "item", f->item != NULL ? item_json(f->item) : json_null());
	json_object_set_new(o, "days_late", f->has_days_late ? json_integer(f->days_late) : json_null());
	json_object_set_new(o, "p_late", f->has_p_late ? rounded(f->p_late, 1000.0) : json_null());
	json_object_set_new(o, "similarity",
	                    f->has_similarity ? rounded(f->similarity, 1000.0) : json_null());
	if (f->has_p_late) {
		json_object_set_new(o, "samples", json_integer((json_int_t)f->samples));
		json_object_set_new(o, "prior", json_boolean(f->prior));
	}
	if (f->has_suggested) {
		json_object_set_new(o, "suggested_date", day_or_null(f->suggested_date));
		json_object_set_new(o, "confidence", rounded(f->confidence, 1000.0));
	}
	if (f->rule == OVP_RULE_AMBIGUOUS && f->match != NULL) {
		json_t *arr = json_array();

		for (size_t i = 0; i < f->match->ncandidates; i++) {
			const ovp_candidate *c = &f->match->candidates[i];
			json_t *cj = json_object();

			json_object_set_new(cj, "id", str_or_null(c->item->id));
			json_object_set_new(cj, "title", str_or_null(c->item->title));
			json_object_set_new(cj, "file", str_or_null(c->item->file));
			json_object_set_new(cj, "line", json_integer(c->item->line));
			json_object_set_new(cj, "similarity", rounded(c->score, 1000.0));
			json_array_append_new(arr, cj);
		}
		json_object_set_new(o, "candidates", arr);
	}
	if (f->rule == OVP_RULE_CONCENTRATION) {
		json_object_set_new(o, "currency", str_or_null(f->currency));
		json_object_set_new(o, "share", rounded(f->share, 1000.0));
		json_object_set_new(o, "amount", json_real(f->amount));
		json_object_set_new(o, "deals", json_integer((json_int_t)f->ndeals));
	}
	if (f->rule == OVP_RULE_OVERCOMMITTED) {
		json_t *arr = json_array();

		json_object_set_new(o, "team", f->team != NULL ? ovp_json_text(f->team) : json_null());
		json_object_set_new(o, "due", day_or_null(f->due));
		json_object_set_new(o, "promised", rounded(f->promised, 1000.0));
		json_object_set_new(o, "deliverable", rounded(f->deliverable, 1000.0));
		json_object_set_new(o, "pace", rounded(f->pace, 1000.0));
		for (size_t i = 0; i < f->nitems; i++) {
			json_t *ij = json_object();

			json_object_set_new(ij, "id", str_or_null(f->items[i]->id));
			json_object_set_new(ij, "title", str_or_null(f->items[i]->title));
			json_array_append_new(arr, ij);
		}
		json_object_set_new(o, "items", arr);
		json_object_set_new(o, "deals", json_integer((json_int_t)f->ndeals));
	}
	return o;
}

json_t *
ovp_money_json(const ovp_money *m, size_t n)
{
	json_t *a = json_array();

	for (size_t i = 0; i < n; i++) {
		json_t *o = json_object();

		json_object_set_new(o, "currency", str_or_null(m[i].currency));
		json_object_set_new(o, "amount", json_real(m[i].amount));
		json_array_append_new(a, o);
	}
	return a;
}

/* An amount in the reporting currency, to the cent: conversion leaves long fractions. */
static json_t *
total_json(const char *currency, double amount)
{
	json_t *t = json_object();

	json_object_set_new(t, "currency", json_string(currency));
	json_object_set_new(t, "amount", json_real(round(amount * 100.0) / 100.0));
	return t;
}

json_t *
ovp_summary_total_json(const ovp_summary *sum)
{
	if (sum->total_currency[0] == '\0' || !sum->has_total)
		return json_null();
	return total_json(sum->total_currency, sum->value_at_risk_total);
}

/* summary.owners: per owner the figures of ovp_owner_summary, or null without owners. */
static json_t *
owners_json(const ovp_summary *sum)
{
	json_t *a;

	if (sum->nowners == 0)
		return json_null();
	a = json_array();
	for (size_t i = 0; i < sum->nowners; i++) {
		const ovp_owner_summary *w = &sum->owners[i];
		json_t *o = json_object();

		json_object_set_new(o, "owner", str_or_null(w->owner));
		json_object_set_new(o, "deals", json_integer((json_int_t)w->deals));
		json_object_set_new(o, "promises", json_integer((json_int_t)w->promises));
		json_object_set_new(o, "deals_at_risk", json_integer((json_int_t)w->deals_at_risk));
		json_object_set_new(o, "errors", json_integer((json_int_t)w->by_severity[OVP_SEV_ERROR]));
		json_object_set_new(o, "warnings",
		                    json_integer((json_int_t)w->by_severity[OVP_SEV_WARNING]));
		json_object_set_new(o, "value_at_risk", ovp_money_json(w->value_at_risk, w->ncurrencies));
		json_object_set_new(o, "value_at_risk_total",
		                    sum->total_currency[0] != '\0' && w->has_total
		                            ? total_json(sum->total_currency, w->value_at_risk_total)
		                            : json_null());
		json_object_set_new(o, "signed_off", w->sign_off_known
		                                         ? json_integer((json_int_t)w->signed_off)
		                                         : json_null());
		json_object_set_new(o, "needing_sign_off",
		                    json_integer((json_int_t)w->needing_sign_off));
		json_array_append_new(a, o);
	}
	return a;
}

json_t *
ovp_summary_to_json(const ovp_summary *sum)
{
	json_t *o = json_object(), *rules = json_object();

	json_object_set_new(o, "deals", json_integer((json_int_t)sum->deals));
	json_object_set_new(o, "promises", json_integer((json_int_t)sum->promises));
	json_object_set_new(o, "roadmap_items", json_integer((json_int_t)sum->roadmap_items));
	json_object_set_new(o, "by_severity", ovp_json_severities(sum->by_severity));
	for (int r = 0; r < OVP_RULE_COUNT; r++)
		if (sum->by_rule[r] > 0)
			json_object_set_new(rules, ovp_rule_get((ovp_rule_id)r)->code,
			                    json_integer((json_int_t)sum->by_rule[r]));
	json_object_set_new(o, "by_rule", rules);
	json_object_set_new(o, "value_at_risk", ovp_money_json(sum->value_at_risk, sum->ncurrencies));
	json_object_set_new(o, "value_at_risk_total", ovp_summary_total_json(sum));
	json_object_set_new(o, "skipped", json_integer((json_int_t)sum->skipped));
	json_object_set_new(o, "suppressed", json_integer((json_int_t)sum->suppressed));
	json_object_set_new(o, "owners", owners_json(sum));
	return o;
}

/*
 * The document's members before its findings, "{" to "\"inputs\": {...}"
 * (indented, or compact when js->compact).
 */
static int
put_head(const json_sink *js, FILE *out, const ovp_report_meta *meta)
{
	json_t *tool = json_object(), *inputs = json_object();
	int rc;

	json_object_set_new(tool, "name", json_string("overpromise"));
	json_object_set_new(tool, "version", json_string(ovp_version()));
	json_object_set_new(inputs, "deals", meta->deals_path != NULL ? json_string(meta->deals_path)
	                                                             : json_null());
	json_object_set_new(inputs, "roadmap", ovp_json_roadmaps(meta));
	fputs(js->compact ? "{\"format\":\"" OVP_REPORT_FORMAT "\",\"tool\":"
	                  : "{\n  \"format\": \"" OVP_REPORT_FORMAT "\",\n  \"tool\": ",
	      out);
	rc = put_value(js, out, tool, 2);
	fputs(js->compact ? ",\"as_of\":" : ",\n  \"as_of\": ", out);
	if (rc == 0) {
		char day[OVP_DATE_ISO_SIZE];

		fprintf(out, "\"%s\"", ovp_day_format(meta->as_of, day));
	}
	fputs(js->compact ? ",\"inputs\":" : ",\n  \"inputs\": ", out);
	if (rc == 0)
		rc = put_value(js, out, inputs, 2);
	json_decref(tool);
	json_decref(inputs);
	return rc;
}

static int
json_begin(ovp_sink *s, ovp_error *err)
{
	json_sink *js = (json_sink *)s;
	FILE *out = s->out;
	int rc = 0;

	js->compact = js->lines || s->meta->compact;
	/* JSON lines give the head with the summary, on the last line. */
	if (!js->lines) {
		rc = put_head(js, out, s->meta);
		fputs(js->compact ? ",\"findings\":[" : ",\n  \"findings\": [", out);
	}
	return ovp_sink_result(s, rc < 0 ? rc : ferror(out) ? OVP_EIO : 0, err);
}

static inline void
jw_raw(ovp_rbuf *w, const char *s, size_t n)
{
	if (!ovp_rbuf_room(w, n))
		return;
	memcpy(w->data + w->len, s, n);
	w->len += n;
}

/*
 * The first n of the size bytes at s (size a constant, n at most size):
 * all of them are copied, a move or two, and the output advanced by n
 * only, where a copy of n bytes, n not a constant, costs a call or a
 * string move.
 */
static inline void
jw_short(ovp_rbuf *w, const char *s, size_t n, size_t size)
{
	if (!ovp_rbuf_room(w, size))
		return;
	memcpy(w->data + w->len, s, size);
	w->len += n;
}

/* n bytes of a literal; with n a constant the copy is a few moves. */
static inline void
jw_lit(ovp_rbuf *w, const char *s, size_t n)
{
	if (!ovp_rbuf_room(w, n))
		return;
	memcpy(w->data + w->len, s, n);
	w->len += n;
}

/*
 * A literal in the sink's shape: indented, or compact (js->compact).
 * Both are constants, so either copy is a few moves; the branch goes the
 * same way for every finding of a run.
 */
static inline void
jw_shape(json_sink *js, const char *indented, size_t ni, const char *compact, size_t nc)
{
	if (js->compact)
		jw_lit(&js->w, compact, nc);
	else
		jw_lit(&js->w, indented, ni);
}

/*
 * A finding is always laid out the same way, so the separators, the
 * indentation and the keys are literals, in two shapes.  Indented: a
 * member of the finding (depth 1), of its location, deal, promise and
 * item (depth 2), of a candidate (depth 3), as jansson's JSON_INDENT(2)
 * writes them with the four spaces a finding is indented by in the
 * document; an object of depth d closes on a line of its own (END1,
 * END2), an element of an array of objects opens on one (OPEN2).
 * Compact (MC): no white space at all, as JSON_COMPACT writes.
 *
 * LIT writes a literal that is the same in both shapes.  MEMBER(js, d,
 * key, after) writes the member key at depth d with the literal after
 * its colon (often "", "null" or "{"), FIRST the same without the
 * leading comma, for the first member of an object; PUT writes a pair of
 * literals of its own.
 */
#define M1(key) ",\n      \"" key "\": "
#define M2(key) ",\n        \"" key "\": "
#define M3(key) ",\n          \"" key "\": "
#define MC(key) ",\"" key "\":"
#define END1 "\n      }"
#define END2 "\n        }"
#define OPEN2 "\n        {"
#define LIT(w, s) jw_lit((w), (s), sizeof(s) - 1)
#define PUT(js, indented, compact)                                                             \
	jw_shape((js), (indented), sizeof(indented) - 1, (compact), sizeof(compact) - 1)
#define MEMBER(js, d, key, after) PUT((js), M##d(key) after, MC(key) after)
#define FIRST(js, d, key)                                                                      \
	jw_shape((js), (M##d(key)) + 1, sizeof(M##d(key)) - 2, (MC(key)) + 1, sizeof(MC(key)) - 2)

/*
 * The same pieces written straight at o, in room made once for a whole
 * object, the shape given by compact (a local, which the stores through
 * o need not make the compiler read again): each evaluates to the end
 * of what it wrote.  O_ROOM(d, key, after) is the most MEMBER_AT() writes.
 */
static inline char *
o_lit(char *o, const char *s, size_t n)
{
	memcpy(o, s, n);
	return o + n;
}

#define PUT_AT(o, compact, indented, flat)                                                     \
	((compact) ? o_lit((o), (flat), sizeof(flat) - 1) : o_lit((o), (indented), sizeof(indented) - 1))
#define MEMBER_AT(o, compact, d, key, after) PUT_AT((o), (compact), M##d(key) after, MC(key) after)
#define FIRST_AT(o, compact, d, key)                                                           \
	((compact) ? o_lit((o), (MC(key)) + 1, sizeof(MC(key)) - 2)                            \
	           : o_lit((o), (M##d(key)) + 1, sizeof(M##d(key)) - 2))
#define O_ROOM(d, key, after) (sizeof(M##d(key) after) - 1)

/* A string that needs no escaping (rule codes and names, severities, fingerprints). */
static void
jw_plain(ovp_rbuf *w, const char *s)
{
	size_t n = strlen(s);

	if (!ovp_rbuf_room(w, n + 2))
		return;
	w->data[w->len++] = '"';
	memcpy(w->data + w->len, s, n);
	w->len += n;
	w->data[w->len++] = '"';
}

_Static_assert((OVP_FINGERPRINT_SIZE - 1) % OVP_JSON_CHUNK == 0, "a fingerprint is whole words");

/* Most bytes fingerprint_at() writes. */
#define FINGERPRINT_ROOM OVP_JSON_ROOM(OVP_FINGERPRINT_SIZE - 1)

/*
 * Fingerprint fp as a JSON string at o, which has FINGERPRINT_ROOM bytes
 * of room; returns the end of what it wrote.  One the engine made is 32
 * hex digits, which need no escaping and whose length is known: they are
 * copied a word at a time, with no strlen() and no byte-by-byte scan.
 * Anything else (a finding made by hand) is escaped by
 * ovp_json_escape_at().
 */
static char *
fingerprint_at(char *o, const char fp[OVP_FINGERPRINT_SIZE])
{
	enum { N = OVP_FINGERPRINT_SIZE - 1 };
	size_t plain = 0;

	o[0] = '"';
	/* A NUL is not a plain byte, so a shorter fingerprint stops this early. */
	for (size_t i = 0; i + OVP_JSON_CHUNK <= N && plain == i; i += OVP_JSON_CHUNK)
		plain += ovp_json_copy_plain((const unsigned char *)fp + i, o + 1 + i, OVP_JSON_CHUNK);
	if (plain != N || fp[N] != '\0')
		return ovp_json_escape_at(o, fp, strnlen(fp, OVP_FINGERPRINT_SIZE - 1));
	o[1 + N] = '"';
	return o + N + 2;
}

/* A string, or null when NULL or empty (str_or_null); returns its length, 0 for NULL. */
static size_t
jw_str_or_null(ovp_rbuf *w, const char *s)
{
	if (s != NULL && s[0] != '\0')
		return ovp_json_put_string(w, s);
	LIT(w, "null");
	return 0;
}

/* Most bytes int_at() writes. */
#define JW_INT_ROOM OVP_UINT_BUF

/* v in decimal at o, which has JW_INT_ROOM bytes of room; returns the end of what it wrote. */
static inline char *
int_at(char *o, long long v)
{
	/* The digits end at buf + OVP_UINT_BUF; what follows is there to be copied with them. */
	char buf[2 * OVP_UINT_BUF];
	char *d;

	memset(buf + OVP_UINT_BUF, 0, OVP_UINT_BUF);
	d = ovp_format_uint(v < 0 ? 0 - (unsigned long long)v : (unsigned long long)v, buf);
	if (v < 0)
		*--d = '-';
	memcpy(o, d, OVP_UINT_BUF);
	return o + (buf + OVP_UINT_BUF - d);
}

static void
jw_int(ovp_rbuf *w, long long v)
{
	if (!ovp_rbuf_room(w, JW_INT_ROOM))
		return;
	w->len = (size_t)(int_at(w->data + w->len, v) - w->data);
}

_Static_assert(2 * OVP_UINT_BUF <= 48,
               "real_quick_at() reads a whole block of digits from its buffer");

/* Most bytes real_at() writes. */
#define JW_REAL_ROOM 48

/*
 * v written directly at o (which has 2 * OVP_UINT_BUF bytes of room)
 * when it is a multiple of 1/1000 below 10^12 that "%.15g" writes
 * without an exponent; else NULL, and nothing written.
 */
static char *
real_quick_at(char *o, double v)
{
	char buf[48];

	if (v != 0.0 && fabs(v) >= 1e-3 && fabs(v) < 1e12) {
		/* The nearest thousandth; any k will do, the test below decides. */
		long long k = (long long)(v * 1000.0 + (v < 0.0 ? -0.5 : 0.5));

		if ((double)k / 1000.0 == v) {
			unsigned long long a = k < 0 ? 0 - (unsigned long long)k : (unsigned long long)k;
			char *d = ovp_format_uint(a / 1000, buf);
			unsigned frac = (unsigned)(a % 1000);
			size_t n;

			if (k < 0)
				*--d = '-';
			/*
			 * Written in place: the digits (at most 13 with the sign)
			 * are copied as a whole block of OVP_UINT_BUF bytes from
			 * where they start, which buf has room to read.
			 */
			memset(buf + OVP_UINT_BUF, 0, sizeof buf - OVP_UINT_BUF);
			n = (size_t)(buf + OVP_UINT_BUF - d);
			memcpy(o, d, OVP_UINT_BUF);
			o[n++] = '.';
			o[n++] = (char)('0' + frac / 100);
			if (frac % 100 != 0) {
				o[n++] = (char)('0' + frac / 10 % 10);
				if (frac % 10 != 0)
					o[n++] = (char)('0' + frac % 10);
			}
			return o + n;
		}
	}
	return NULL;
}

/* v the long way, through "%.15g", into out; returns the length. */
static size_t
real_long(char out[JW_REAL_ROOM], double v)
{
	char buf[48];
	char *e;
	size_t n;

	snprintf(buf, sizeof buf, "%.15g", v);
	for (char *p = buf; *p != '\0'; p++)
		if (*p == ',')
			*p = '.'; /* a locale's decimal comma */
	e = strchr(buf, 'e');
	if (e == NULL) {
		n = (size_t)snprintf(out, JW_REAL_ROOM, "%s%s", buf, strchr(buf, '.') ? "" : ".0");
	} else {
		char *d = e + 1;

		*e = '\0';
		n = (size_t)snprintf(out, JW_REAL_ROOM, "%se%s", buf, *d == '-' ? "-" : "");
		if (*d == '-' || *d == '+')
			d++;
		while (*d == '0' && d[1] != '\0')
			d++;
		n += (size_t)snprintf(out + n, JW_REAL_ROOM - n, "%s", d);
	}
	return n;
}

/*
 * jw_real() at o, which has JW_REAL_ROOM bytes of room; returns the end
 * of what it wrote.  Inline in every member that writes a real, as when
 * it had no other caller.
 */
static OVP_ALWAYS_INLINE char *
real_at(char *o, double v)
{
	char out[JW_REAL_ROOM];
	char *e = real_quick_at(o, v);
	size_t n;

	if (e != NULL)
		return e;
	n = real_long(out, v);
	memcpy(o, out, n);
	return o + n;
}

/*
 * A real as jansson writes it with JSON_REAL_PRECISION(15): "%.15g",
 * ".0" added when that looks like an integer, the exponent without '+'
 * or leading zeros.  v must be finite: jansson makes no real of an
 * infinity or NaN, and the member is then left out (the callers check).
 *
 * Most reals are amounts in whole units or cents and scores rounded to
 * three decimals: for a multiple of 1/1000 below 10^12 that "%.15g"
 * would write without an exponent, the digits are written directly
 * (real_quick_at()).
 */
static void
jw_real(ovp_rbuf *w, double v)
{
	if (!ovp_rbuf_room(w, JW_REAL_ROOM))
		return;
	w->len = (size_t)(real_at(w->data + w->len, v) - w->data);
}

/* Make slot the one of day d (day_text()): out of line, as a day is nearly always found. */
#if defined(__GNUC__)
__attribute__((noinline))
#endif
static void
day_made(struct day_slot *slot, ovp_day d)
{
	size_t n;

	slot->text[0] = '"';
	ovp_day_format(d, slot->text + 1);
	n = strlen(slot->text);
	slot->text[n++] = '"';
	slot->len = (unsigned char)n;
	slot->day = d;
}

/*
 * The slot of day d in the sink's cache of days' texts, its text made
 * when it holds another day.
 */
static inline const struct day_slot *
day_text(json_sink *js, ovp_day d)
{
	struct day_slot *slot = &js->days[(uint32_t)d % DAY_SLOTS];

	if (slot->day != d)
		day_made(slot, d);
	return slot;
}

/*
 * The end of window win as a JSON string, or null when the window is not
 * set, at o, which has DAY_TEXT bytes of room; returns the end of what it
 * wrote.
 */
static inline char *
day_at(json_sink *js, char *o, const ovp_window *win)
{
	const struct day_slot *slot;

	if (!ovp_window_is_set(*win) || win->end == OVP_DAY_NONE) {
		memcpy(o, "null", 4);
		return o + 4;
	}
	slot = day_text(js, win->end);
	memcpy(o, slot->text, DAY_TEXT);
	return o + slot->len;
}

/* day_at() into the sink's buffer. */
static void
jw_day_or_null(json_sink *js, const ovp_window *win)
{
	ovp_rbuf *w = &js->w;

	if (!ovp_rbuf_room(w, DAY_TEXT))
		return;
	w->len = (size_t)(day_at(js, w->data + w->len, win) - w->data);
}

/*
 * real_at() of v, finite, through cache c: a value written before is
 * copied, not converted again.  The value is told by its bits, so that
 * -0.0 and 0.0 are told apart as jw_real() tells them.
 */
static char *
real_cached_at(char *o, struct real_text *c, double v)
{
	uint64_t bits;
	char *end;

	memcpy(&bits, &v, sizeof bits);
	if (c->len > 0 && c->bits == bits) {
		memcpy(o, c->text, sizeof c->text);
		return o + c->len;
	}
	end = real_at(o, v);
	if ((size_t)(end - o) <= sizeof c->text) {
		memcpy(c->text, o, (size_t)(end - o));
		c->len = (unsigned char)(end - o);
		c->bits = bits;
	}
	return end;
}

/* A real member, left out (key and all) when v is not finite, as jansson leaves it out. */
#define REAL_MEMBER(js, d, key, v)                                                             \
	do {                                                                                   \
		double v_ = (v);                                                               \
		if (isfinite(v_)) {                                                            \
			MEMBER(js, d, key, "");                                                \
			jw_real(&(js)->w, v_);                                        \
		}                                                                              \
	} while (0)

/* Whether cache c holds the object rendered from these n strings and k numbers. */
static bool
obj_hit(const obj_cache *c, const char *const *fields, size_t n, const uint64_t *nums, size_t k)
{
	const char *r = c->raw;

	if (!c->valid || !c->compared)
		return false;
	for (size_t i = 0; i < k; i++)
		if (c->nums[i] != nums[i])
			return false;
	for (size_t i = 0; i < n; i++) {
		if (strcmp(fields[i], r) != 0)
			return false;
		r += c->lens[i] + 1;
	}
	return true;
}

/*
 * Whether c holds object who as rendered in the current deal window;
 * known says that who is of the deal being checked (its record, one of
 * its promises, or an item a finding of it rests on), and so unchanged
 * since it was rendered in the same window.
 */
static inline bool
obj_known(const json_sink *js, const obj_cache *c, const void *who, bool known)
{
	return known && c->valid && c->who == who && c->window == js->window;
}

/* Note that c, just found or stored, holds who as rendered (known as for obj_known()). */
static inline void
obj_own(const json_sink *js, obj_cache *c, const void *who, bool known)
{
	c->who = known ? who : NULL;
	c->window = js->window;
}

/* Grow *buf (*cap bytes) to hold n; false when that fails. */
static bool
obj_reserve(char **buf, size_t *cap, size_t n)
{
	char *nb;

	if (n <= *cap)
		return true;
	nb = realloc(*buf, n);
	if (nb == NULL)
		return false;
	*buf = nb;
	*cap = n;
	return true;
}

/*
 * Keep in c the object just rendered (len bytes at json) from these
 * fields (their lengths in lens, as rendering found them) and numbers.
 * An object past OBJ_MAX bytes, or no memory, only leaves the cache
 * empty.
 */
static void
obj_store(obj_cache *c, const char *const *fields, const size_t *lens, size_t n,
          const uint64_t *nums, size_t k, const char *json, size_t len)
{
	size_t total = 0;

	c->valid = false;
	c->compared = false;
	c->in_w = false;
	for (size_t i = 0; i < n; i++) {
		c->lens[i] = lens[i];
		total += c->lens[i] + 1;
		if (c->lens[i] > OBJ_MAX || total > OBJ_MAX)
			return;
	}
	if (len > OBJ_MAX || !obj_reserve(&c->raw, &c->raw_cap, total) ||
	    !obj_reserve(&c->json, &c->json_cap, len))
		return;
	total = 0;
	for (size_t i = 0; i < n; i++) {
		memcpy(c->raw + total, fields[i], c->lens[i] + 1);
		total += c->lens[i] + 1;
	}
	/* A loop, not memcpy(): k is at most OBJ_NUMS, too few for a call. */
	for (size_t i = 0; i < k; i++)
		c->nums[i] = nums[i];
	memcpy(c->json, json, len);
	c->json_len = len;
	c->valid = true;
	c->compared = true;
}

/*
 * Keep in c the object who just rendered (len bytes at offset at of the
 * sink's buffer), to be found by identity only (obj_known()), without
 * its fields: for a deal or a promise, which the next deal's findings
 * seldom share.  It stays where it was rendered until the buffer is
 * written out (obj_unpin()).
 */
static void
obj_store_known(json_sink *js, obj_cache *c, const void *who, size_t at, size_t len)
{
	c->valid = false;
	c->compared = false;
	c->in_w = false;
	if (len > OBJ_MAX)
		return;
	c->in_w = true;
	c->at = at;
	c->json_len = len;
	c->valid = true;
	obj_own(js, c, who, true);
}

/* Write the object c holds (valid) into the sink's buffer. */
static inline void
obj_put(json_sink *js, const obj_cache *c)
{
	ovp_rbuf *w = &js->w;

	if (!c->in_w) {
		jw_raw(w, c->json, c->json_len);
		return;
	}
	/* Copied within w, which the room asked for may move: by offsets. */
	if (ovp_rbuf_room(w, c->json_len)) {
		memcpy(w->data + w->len, w->data + c->at, c->json_len);
		w->len += c->json_len;
	}
}

/*
 * Copy the object c holds out of the sink's buffer, which is about to be
 * written out and reused (a cache that cannot be kept is emptied).
 */
static void
obj_unpin(json_sink *js, obj_cache *c)
{
	const ovp_rbuf *w = &js->w;

	if (!c->valid || !c->in_w)
		return;
	c->in_w = false;
	if (w->err != 0 || !obj_reserve(&c->json, &c->json_cap, c->json_len)) {
		c->valid = false;
		return;
	}
	memcpy(c->json, w->data + c->at, c->json_len);
}

/*
 * Whether c holds an object with these fields (obj_hit()): then it is
 * written from there and c now stands for who (known as for obj_known()).
 */
static bool
obj_rewrite(json_sink *js, obj_cache *c, const void *who, bool known, const char *const *fields,
            size_t n, const uint64_t *nums, size_t k)
{
	if (!obj_hit(c, fields, n, nums, k))
		return false;
	obj_own(js, c, who, known);
	obj_put(js, c);
	return true;
}

/*
 * Keep in c the object of who just written from offset at of the
 * sink's buffer: by identity when known, else by its fields (unless the
 * buffer failed, when nothing is kept).
 */
static void
obj_keep(json_sink *js, obj_cache *c, const void *who, bool known, const char *const *fields,
         const size_t *lens, size_t n, const uint64_t *nums, size_t k, size_t at)
{
	const ovp_rbuf *w = &js->w;

	if (w->err != 0)
		return;
	if (known) {
		obj_store_known(js, c, who, at, w->len - at);
	} else {
		obj_store(c, fields, lens, n, nums, k, w->data + at, w->len - at);
		obj_own(js, c, who, false);
	}
}

/* NULL as "": str_or_null() writes both as null. */
static inline const char *
or_empty(const char *s)
{
	return s != NULL ? s : "";
}

/* The end of window win as rendered: a day, or OVP_DAY_NONE for null. */
static inline uint64_t
day_key(const ovp_window *win)
{
	return (uint64_t)(uint32_t)(ovp_window_is_set(*win) ? win->end : OVP_DAY_NONE);
}

/*
 * Whether the sink's cache holds the file of a finding's location, now
 * standing for it: nearly always the one of the finding before, and
 * mostly the deals export, whose name (in the report's meta) stays as it
 * is for the whole report.
 */
static bool
file_kept(json_sink *js, const char *file)
{
	const ovp_report_meta *meta = js->base.meta;
	bool known = meta != NULL && file != NULL && file == meta->deals_path;

	if ((known && js->file.valid && js->file.who == file) ||
	    obj_hit(&js->file, &file, 1, NULL, 0)) {
		js->file.who = known ? file : NULL;
		return true;
	}
	return false;
}

/* The file of a finding's location when file_kept() said no: escaped, and kept. */
static void
jw_new_file(json_sink *js, const char *file)
{
	const ovp_report_meta *meta = js->base.meta;
	bool known = meta != NULL && file != NULL && file == meta->deals_path;
	size_t len, at = js->w.len;

	len = ovp_json_put_string(&js->w, file);
	if (js->w.err == 0) {
		obj_store(&js->file, &file, &len, 1, NULL, 0, js->w.data + at, js->w.len - at);
		js->file.who = known ? file : NULL;
	}
}

/* The most bytes a deal member takes besides its six strings (jw_deal()). */
#define DEAL_ROOM                                                                              \
	(O_ROOM(1, "deal", "{") + O_ROOM(2, "id", "") + O_ROOM(2, "name", "") +                  \
	 O_ROOM(2, "account", "") + O_ROOM(2, "amount", "null") + JW_REAL_ROOM +                 \
	 O_ROOM(2, "currency", "") + O_ROOM(2, "stage", "") + O_ROOM(2, "owner", "") +           \
	 O_ROOM(2, "close", "") + DAY_TEXT + sizeof(END1) - 1)

/* A string of n bytes, or null when it has none, at o (OVP_JSON_ROOM(n) bytes of room). */
static inline char *
str_or_null_at(char *o, const char *s, size_t n)
{
	if (n == 0)
		return o_lit(o, "null", 4);
	return ovp_json_escape_at(o, s, n);
}

/* A member of depth 2 whose value is a string of n bytes, or null (str_or_null_at()). */
#define STR_MEMBER_AT(o, compact, key, s, n) str_or_null_at(MEMBER_AT((o), (compact), 2, key, ""), (s), (n))

/* The longest string room_for() counts: the room for a few of them stays far from overflowing. */
#define ROOM_STR_MAX (SIZE_MAX / 64)

/*
 * Room for n strings (at most 8), fields, and fixed bytes more (fixed
 * well below ROOM_STR_MAX), made at once, their lengths measured into
 * lens: where to write, or NULL when that fails (the failure kept in w).
 * A string too long to count leaves no room.
 */
static inline char *
room_for(ovp_rbuf *w, const char *const *fields, size_t *lens, size_t n, size_t fixed)
{
	size_t need = fixed;

	for (size_t i = 0; i < n; i++) {
		lens[i] = strlen(fields[i]);
		if (lens[i] > ROOM_STR_MAX)
			need = SIZE_MAX / 2; /* past any limit: the room is refused */
		else if (need < SIZE_MAX / 2)
			need += OVP_JSON_ROOM(lens[i]);
	}
	return ovp_rbuf_room(w, need) ? w->data + w->len : NULL;
}

/* The deal member of a finding; known as for obj_known(). */
static void
jw_deal(json_sink *js, const ovp_deal *d, bool known)
{
	ovp_rbuf *w = &js->w;
	const bool compact = js->compact;
	const char *fields[6];
	uint64_t nums[3];
	size_t lens[6], at = w->len;
	char *o;

	if (obj_known(js, &js->deal, d, known)) {
		obj_put(js, &js->deal);
		return;
	}
	fields[0] = or_empty(d->id);
	fields[1] = or_empty(d->name);
	fields[2] = or_empty(d->account);
	fields[3] = or_empty(d->currency);
	fields[4] = or_empty(d->stage);
	fields[5] = or_empty(d->owner);
	nums[0] = d->has_amount;
	nums[1] = 0;
	nums[2] = day_key(&d->close);
	if (d->has_amount)
		memcpy(&nums[1], &d->amount, sizeof nums[1]);
	if (obj_rewrite(js, &js->deal, d, known, fields, 6, nums, 3))
		return;
	/* Written straight into room made once for the whole member. */
	o = room_for(w, fields, lens, 6, DEAL_ROOM);
	if (o == NULL)
		return;
	o = MEMBER_AT(o, compact, 1, "deal", "{");
	o = str_or_null_at(FIRST_AT(o, compact, 2, "id"), fields[0], lens[0]);
	o = STR_MEMBER_AT(o, compact, "name", fields[1], lens[1]);
	o = STR_MEMBER_AT(o, compact, "account", fields[2], lens[2]);
	if (!d->has_amount) {
		o = MEMBER_AT(o, compact, 2, "amount", "null");
	} else if (isfinite(d->amount)) {
		/* REAL_MEMBER(): left out, key and all, when not finite. */
		o = MEMBER_AT(o, compact, 2, "amount", "");
		o = real_at(o, d->amount);
	}
	o = STR_MEMBER_AT(o, compact, "currency", fields[3], lens[3]);
	o = STR_MEMBER_AT(o, compact, "stage", fields[4], lens[4]);
	o = STR_MEMBER_AT(o, compact, "owner", fields[5], lens[5]);
	o = MEMBER_AT(o, compact, 2, "close", "");
	o = day_at(js, o, &d->close);
	o = PUT_AT(o, compact, END1, "}");
	w->len = (size_t)(o - w->data);
	obj_keep(js, &js->deal, d, known, fields, lens, 6, nums, 3, at);
}

/* The most bytes a promise member takes besides its two strings (jw_promise()). */
#define PROMISE_ROOM                                                                           \
	(O_ROOM(1, "promise", "{") + O_ROOM(2, "text", "") + O_ROOM(2, "feature", "") +          \
	 O_ROOM(2, "due", "") + DAY_TEXT + sizeof(END1) - 1)

/* The promise member of a finding; known as for obj_known(). */
static void
jw_promise(json_sink *js, const ovp_promise *p, bool known)
{
	ovp_rbuf *w = &js->w;
	const bool compact = js->compact;
	const char *fields[2];
	uint64_t nums[1];
	size_t lens[2], at = w->len, text_len;
	char *o, *text;

	if (obj_known(js, &js->promise, p, known)) {
		obj_put(js, &js->promise);
		return;
	}
	fields[0] = p->text;
	fields[1] = p->feature;
	nums[0] = day_key(&p->due);
	if (obj_rewrite(js, &js->promise, p, known, fields, 2, nums, 1))
		return;
	/* Written straight into room made once for the whole member. */
	if (p->feature != p->text) {
		o = room_for(w, fields, lens, 2, PROMISE_ROOM);
	} else {
		/* One string, measured once, its room asked for twice: it is written twice. */
		o = room_for(w, fields, lens, 1, PROMISE_ROOM);
		lens[1] = lens[0];
		if (o != NULL)
			o = ovp_rbuf_room(w, PROMISE_ROOM + 2 * OVP_JSON_ROOM(lens[0])) ? w->data + w->len
			                                                                : NULL;
	}
	if (o == NULL)
		return;
	o = MEMBER_AT(o, compact, 1, "promise", "{");
	o = FIRST_AT(o, compact, 2, "text");
	text = o;
	o = ovp_json_escape_at(o, p->text, lens[0]);
	text_len = (size_t)(o - text);
	o = MEMBER_AT(o, compact, 2, "feature", "");
	if (p->feature == p->text) {
		/* A promise without a date is all feature, one string: copied as just escaped. */
		memcpy(o, text, text_len);
		o += text_len;
	} else {
		o = ovp_json_escape_at(o, p->feature, lens[1]);
	}
	o = MEMBER_AT(o, compact, 2, "due", "");
	o = day_at(js, o, &p->due);
	o = PUT_AT(o, compact, END1, "}");
	w->len = (size_t)(o - w->data);
	obj_keep(js, &js->promise, p, known, fields, lens, 2, nums, 1, at);
}

/*
 * The file of an item (len bytes at file), as str_or_null_at() writes
 * it, at o (OVP_JSON_ROOM(len) bytes of room), through the sink's cache
 * of the last one: thousands of items share each file of a roadmap, a
 * long path escaped again for every item rendered.
 */
static char *
item_file_at(json_sink *js, char *o, const char *file, size_t len)
{
	obj_cache *c = &js->item_file;
	char *start = o;

	if (len == 0)
		return o_lit(o, "null", 4);
	if (obj_hit(c, &file, 1, NULL, 0))
		return o_lit(o, c->json, c->json_len);
	o = ovp_json_escape_at(o, file, len);
	obj_store(c, &file, &len, 1, NULL, 0, start, (size_t)(o - start));
	return o;
}

/* The most bytes an item member takes besides its four strings and its class (jw_item()). */
#define ITEM_ROOM                                                                              \
	(O_ROOM(1, "item", "{") + O_ROOM(2, "id", "") + O_ROOM(2, "title", "") +                 \
	 O_ROOM(2, "status", "") + O_ROOM(2, "class", "") + O_ROOM(2, "planned", "") +           \
	 DAY_TEXT + O_ROOM(2, "file", "") + O_ROOM(2, "line", "") + JW_INT_ROOM + sizeof(END1) - 1)

/* The item member of a finding; known as for obj_known(). */
static void
jw_item(json_sink *js, const ovp_item *it, bool known)
{
	ovp_rbuf *w = &js->w;
	const bool compact = js->compact;
	const char *fields[4], *cname = NULL;
	const struct class_text *ct;
	uint64_t nums[3];
	size_t lens[4], at = w->len, cname_len = 0;
	char *o;

	if (obj_known(js, &js->item, it, known)) {
		obj_put(js, &js->item);
		return;
	}
	fields[0] = or_empty(it->id);
	fields[1] = or_empty(it->title);
	fields[2] = or_empty(it->status);
	fields[3] = or_empty(it->file);
	nums[0] = (uint64_t)it->cls;
	nums[1] = day_key(&it->planned);
	nums[2] = (uint64_t)it->line;
	if (obj_rewrite(js, &js->item, it, known, fields, 4, nums, 3))
		return;
	ct = &js->classes[(unsigned)it->cls < OVP_CLASS_COUNT ? it->cls : OVP_CLASS_COUNT];
	if (ct->len == 0) {
		cname = ovp_status_class_name(it->cls);
		cname_len = strlen(cname);
	}
	/* Written straight into room made once for the whole member, its class's name counted in. */
	if ((o = room_for(w, fields, lens, 4, ITEM_ROOM + CLASS_TEXT + cname_len + 2)) == NULL)
		return;
	o = MEMBER_AT(o, compact, 1, "item", "{");
	o = str_or_null_at(FIRST_AT(o, compact, 2, "id"), fields[0], lens[0]);
	o = STR_MEMBER_AT(o, compact, "title", fields[1], lens[1]);
	o = STR_MEMBER_AT(o, compact, "status", fields[2], lens[2]);
	o = MEMBER_AT(o, compact, 2, "class", "");
	if (cname == NULL) {
		memcpy(o, ct->text, sizeof ct->text);
		o += ct->len;
	} else {
		/* A class name too long for its slot: plain ASCII, as jw_plain() writes it. */
		*o++ = '"';
		o = o_lit(o, cname, cname_len);
		*o++ = '"';
	}
	o = MEMBER_AT(o, compact, 2, "planned", "");
	o = day_at(js, o, &it->planned);
	o = MEMBER_AT(o, compact, 2, "file", "");
	o = item_file_at(js, o, fields[3], lens[3]);
	o = MEMBER_AT(o, compact, 2, "line", "");
	o = int_at(o, it->line);
	o = PUT_AT(o, compact, END1, "}");
	w->len = (size_t)(o - w->data);
	/*
	 * Found again by identity within the window, as a deal or promise is;
	 * the next deal's first finding is hardly ever about the same item.
	 */
	obj_keep(js, &js->item, it, known, fields, lens, 4, nums, 3, at);
}

/*
 * The opening of finding f, the members of ovp_finding_to_json() in its
 * order up to the message's value, the first time its rule and severity
 * come: made into their slot in js->heads and written from there (rule
 * codes, names and severities are plain ASCII); written member by member
 * when there is no slot for them or the text does not fit it.
 */
static void
jw_head_made(json_sink *js, const ovp_finding *f)
{
	const ovp_rule *rule;
	struct finding_head *h = NULL;

	if ((unsigned)f->severity <= OVP_SEV_ERROR && (unsigned)f->rule < OVP_RULE_COUNT)
		h = &js->heads[f->rule][f->severity];
	rule = ovp_rule_get(f->rule);
	if (h != NULL) {
		const char *sev = ovp_severity_name(f->severity);
		int n = js->compact
		                ? snprintf(h->text, sizeof h->text,
		                           "{\"rule\":\"%s\"" MC("name") "\"%s\"" MC("severity")
		                           "\"%s\"" MC("message"),
		                           rule->code, rule->name, sev)
		                : snprintf(h->text, sizeof h->text,
		                           "{\n      \"rule\": \"%s\"" M1("name") "\"%s\""
		                           M1("severity") "\"%s\"" M1("message"),
		                           rule->code, rule->name, sev);

		h->len = n > 0 && (size_t)n < sizeof h->text ? (size_t)n : 0;
	}
	if (h != NULL && h->len > 0) {
		jw_raw(&js->w, h->text, h->len);
		return;
	}
	LIT(&js->w, "{");
	FIRST(js, 1, "rule");
	jw_plain(&js->w, rule->code);
	MEMBER(js, 1, "name", "");
	jw_plain(&js->w, rule->name);
	MEMBER(js, 1, "severity", "");
	jw_plain(&js->w, ovp_severity_name(f->severity));
	MEMBER(js, 1, "message", "");
}

/* jw_head(): nearly always the head already made, copied in line; else jw_head_made(). */
static inline void
jw_head(json_sink *js, const ovp_finding *f)
{
	if ((unsigned)f->severity <= OVP_SEV_ERROR && (unsigned)f->rule < OVP_RULE_COUNT) {
		const struct finding_head *h = &js->heads[f->rule][f->severity];

		if (h->len > 0) {
			jw_short(&js->w, h->text, h->len, sizeof h->text);
			return;
		}
	}
	jw_head_made(js, f);
}

static int sink_flush(json_sink *js);

/*
 * The members of an OVP015 finding, as ovp_finding_to_json() makes them.
 * On a large roadmap it lists thousands of items (megabytes): what is
 * rendered is written out between two items once it is JW_FLUSH bytes,
 * so that it takes no more memory than any other finding.
 */
static void
write_overcommitted(json_sink *js, const ovp_finding *f)
{
	ovp_rbuf *w = &js->w;
	ovp_window due = {f->due, f->due, OVP_PERIOD_DAY};

	MEMBER(js, 1, "team", "");
	if (f->team != NULL)
		ovp_json_put_string(w, f->team);
	else
		LIT(w, "null");
	MEMBER(js, 1, "due", "");
	jw_day_or_null(js, &due);
	REAL_MEMBER(js, 1, "promised", ovp_round3(f->promised));
	REAL_MEMBER(js, 1, "deliverable", ovp_round3(f->deliverable));
	REAL_MEMBER(js, 1, "pace", ovp_round3(f->pace));
	MEMBER(js, 1, "items", "[");
	for (size_t i = 0; i < f->nitems; i++) {
		if (i > 0)
			LIT(w, ",");
		PUT(js, OPEN2, "{");
		FIRST(js, 3, "id");
		jw_str_or_null(w, f->items[i]->id);
		MEMBER(js, 3, "title", "");
		jw_str_or_null(w, f->items[i]->title);
		PUT(js, END2, "}");
		if (w->len >= JW_FLUSH)
			(void)sink_flush(js); /* a failure stays in w->err */
	}
	if (f->nitems > 0)
		PUT(js, "\n      ", "");
	LIT(w, "]");
	MEMBER(js, 1, "deals", "");
	jw_int(w, (long long)f->ndeals);
}

static bool same_subject(const json_sink *js, const ovp_finding *f, bool known);
static void write_subject(json_sink *js, const ovp_finding *f, bool known);
static void write_measures(json_sink *js, const ovp_finding *f);

/* What write_message() writes after the message, with room for the longer shape. */
#define SUPPRESSED_TRUE M1("suppressed") "true" M1("location") "{\n        \"file\": "
#define SUPPRESSED_FALSE M1("suppressed") "false" M1("location") "{\n        \"file\": "
#define MESSAGE_ROOM (O_ROOM(1, "fingerprint", "") + FINGERPRINT_ROOM + sizeof(SUPPRESSED_FALSE) - 1)

/*
 * The message of finding f (its head written), its fingerprint and
 * suppressed members and the opening of its location, up to the file's
 * value: straight into room made once for them.
 */
static void
write_message(json_sink *js, const ovp_finding *f)
{
	ovp_rbuf *w = &js->w;
	const bool compact = js->compact;
	size_t n;
	char *o;

	o = room_for(w, &f->message, &n, 1, MESSAGE_ROOM);
	if (o == NULL)
		return;
	o = ovp_json_escape_at(o, f->message, n);
	o = MEMBER_AT(o, compact, 1, "fingerprint", "");
	o = fingerprint_at(o, f->fingerprint);
	if (f->suppressed)
		o = PUT_AT(o, compact, SUPPRESSED_TRUE, MC("suppressed") "true" MC("location") "{\"file\":");
	else
		o = PUT_AT(o, compact, SUPPRESSED_FALSE,
		           MC("suppressed") "false" MC("location") "{\"file\":");
	w->len = (size_t)(o - w->data);
}

static void
write_finding(json_sink *js, const ovp_finding *f)
{
	ovp_rbuf *w = &js->w;
	/* A finding of the deal being checked: its objects are told by identity (obj_known()). */
	bool known = f->deal != NULL && f->deal == js->cur_deal;

	jw_head(js, f);
	write_message(js, f);
	if (same_subject(js, f, known)) {
		/* Copied within w, which the room asked for may move: by offsets. */
		if (ovp_rbuf_room(w, js->span.len)) {
			memcpy(w->data + w->len, w->data + js->span.at, js->span.len);
			w->len += js->span.len;
		}
	} else {
		write_subject(js, f, known);
	}
	write_measures(js, f);
}

/*
 * Whether the location, deal, promise and item members of finding f may
 * be copied from one finding to the next: f is of the deal being checked
 * (known), in the deals export the report names (the same string, not
 * only the same text), on no sheet or the sheet the report names.
 */
static bool
subject_kept(const json_sink *js, const ovp_finding *f, bool known)
{
	const ovp_report_meta *meta = js->base.meta;

	return known && f->file != NULL && meta != NULL && f->file == meta->deals_path &&
	       (f->sheet == NULL || f->sheet == meta->deals_sheet);
}

/*
 * Whether finding f, of the deal being checked when known, has the
 * location, deal, promise and item of the finding whose members span
 * holds: the same promise and item of the same deal in the same window
 * (unchanged, see obj_known()), on the same line and sheet.
 */
static bool
same_subject(const json_sink *js, const ovp_finding *f, bool known)
{
	const struct subject_span *sp = &js->span;

	return sp->valid && subject_kept(js, f, known) && sp->window == js->window &&
	       sp->promise == f->promise && sp->item == f->item && sp->line == f->line &&
	       sp->sheet == f->sheet;
}

/* The most bytes of a location after its file, without a sheet (write_subject()). */
#define LOCATION_ROOM (O_ROOM(2, "line", "") + JW_INT_ROOM + sizeof(END1) - 1)

/*
 * The location, deal, promise and item members of finding f (the
 * location's opening written); span notes where they are when they may
 * be copied (subject_kept()), for same_subject().
 */
static void
write_subject(json_sink *js, const ovp_finding *f, bool known)
{
	ovp_rbuf *w = &js->w;
	const bool compact = js->compact;
	size_t at = w->len;
	bool kept = file_kept(js, f->file);

	if (kept && f->sheet == NULL) {
		/* Nearly always: straight into room made once for the file, the line and the end. */
		if (ovp_rbuf_room(w, js->file.json_len + LOCATION_ROOM)) {
			char *o = w->data + w->len;

			o = o_lit(o, js->file.json, js->file.json_len);
			o = MEMBER_AT(o, compact, 2, "line", "");
			o = int_at(o, f->line);
			o = PUT_AT(o, compact, END1, "}");
			w->len = (size_t)(o - w->data);
		}
	} else {
		if (kept)
			jw_raw(w, js->file.json, js->file.json_len);
		else
			jw_new_file(js, f->file);
		MEMBER(js, 2, "line", "");
		jw_int(w, f->line);
		if (f->sheet != NULL) {
			MEMBER(js, 2, "sheet", "");
			ovp_json_put_string(w, f->sheet);
		}
		PUT(js, END1, "}");
	}
	if (f->deal != NULL)
		jw_deal(js, f->deal, known);
	else
		MEMBER(js, 1, "deal", "null");
	if (f->promise != NULL)
		jw_promise(js, f->promise, known);
	else
		MEMBER(js, 1, "promise", "null");
	if (f->item != NULL)
		jw_item(js, f->item, known);
	else
		MEMBER(js, 1, "item", "null");
	js->span = (struct subject_span){
		.valid = w->err == 0 && subject_kept(js, f, known),
		.window = js->window,
		.promise = f->promise,
		.item = f->item,
		.sheet = f->sheet,
		.line = f->line,
		.at = at,
		.len = w->len - at,
	};
}

/* The most bytes the measures of a finding take before its rule's own members (write_measures()). */
#define MEASURES_ROOM                                                                          \
	(O_ROOM(1, "days_late", "null") + JW_INT_ROOM + O_ROOM(1, "p_late", "null") +            \
	 JW_REAL_ROOM + O_ROOM(1, "similarity", "null") + JW_REAL_ROOM + O_ROOM(1, "samples", "") + \
	 JW_INT_ROOM + O_ROOM(1, "prior", "false") + O_ROOM(1, "suggested_date", "") + DAY_TEXT + \
	 O_ROOM(1, "confidence", "") + JW_REAL_ROOM + sizeof("\n    }\n") - 1)

/* The members of finding f after its item, to its end, and the line's end in JSON lines. */
static void
write_measures(json_sink *js, const ovp_finding *f)
{
	ovp_rbuf *w = &js->w;
	const bool compact = js->compact;
	/* The members only some rules have come after the measures every finding has. */
	bool own = (f->rule == OVP_RULE_AMBIGUOUS && f->match != NULL) ||
	           f->rule == OVP_RULE_CONCENTRATION || f->rule == OVP_RULE_OVERCOMMITTED;
	char *o;

	/* Written straight into room made once for them. */
	if (!ovp_rbuf_room(w, MEASURES_ROOM))
		return;
	o = w->data + w->len;
	if (f->has_days_late) {
		o = MEMBER_AT(o, compact, 1, "days_late", "");
		o = int_at(o, f->days_late);
	} else {
		o = MEMBER_AT(o, compact, 1, "days_late", "null");
	}
	if (f->has_p_late) {
		double p = ovp_round3(f->p_late);

		/* REAL_MEMBER(): left out, key and all, when not finite. */
		if (isfinite(p)) {
			o = MEMBER_AT(o, compact, 1, "p_late", "");
			o = real_at(o, p);
		}
	} else {
		o = MEMBER_AT(o, compact, 1, "p_late", "null");
	}
	if (f->has_similarity) {
		double sim = ovp_round3(f->similarity);

		/* REAL_MEMBER(), through the cache. */
		if (isfinite(sim)) {
			o = MEMBER_AT(o, compact, 1, "similarity", "");
			o = real_cached_at(o, &js->similarity, sim);
		}
	} else {
		o = MEMBER_AT(o, compact, 1, "similarity", "null");
	}
	if (f->has_p_late) {
		o = MEMBER_AT(o, compact, 1, "samples", "");
		o = int_at(o, (long long)f->samples);
		o = f->prior ? MEMBER_AT(o, compact, 1, "prior", "true")
		             : MEMBER_AT(o, compact, 1, "prior", "false");
	}
	if (f->has_suggested) {
		ovp_window sw = {f->suggested_date, f->suggested_date, OVP_PERIOD_DAY};
		double confidence = ovp_round3(f->confidence);

		o = MEMBER_AT(o, compact, 1, "suggested_date", "");
		o = day_at(js, o, &sw);
		if (isfinite(confidence)) {
			o = MEMBER_AT(o, compact, 1, "confidence", "");
			o = real_at(o, confidence);
		}
	}
	if (!own) {
		o = PUT_AT(o, compact, "\n    }", "}");
		if (js->lines)
			*o++ = '\n';
	}
	w->len = (size_t)(o - w->data);
	if (!own)
		return;
	if (f->rule == OVP_RULE_AMBIGUOUS && f->match != NULL) {
		MEMBER(js, 1, "candidates", "[");
		for (size_t i = 0; i < f->match->ncandidates; i++) {
			const ovp_candidate *c = &f->match->candidates[i];

			if (i > 0)
				LIT(w, ",");
			PUT(js, OPEN2, "{");
			FIRST(js, 3, "id");
			jw_str_or_null(w, c->item->id);
			MEMBER(js, 3, "title", "");
			jw_str_or_null(w, c->item->title);
			MEMBER(js, 3, "file", "");
			jw_str_or_null(w, c->item->file);
			MEMBER(js, 3, "line", "");
			jw_int(w, c->item->line);
			REAL_MEMBER(js, 3, "similarity", ovp_round3(c->score));
			PUT(js, END2, "}");
		}
		if (f->match->ncandidates > 0)
			PUT(js, "\n      ", "");
		LIT(w, "]");
	}
	if (f->rule == OVP_RULE_CONCENTRATION) {
		MEMBER(js, 1, "currency", "");
		jw_str_or_null(w, f->currency);
		REAL_MEMBER(js, 1, "share", ovp_round3(f->share));
		REAL_MEMBER(js, 1, "amount", f->amount);
		MEMBER(js, 1, "deals", "");
		jw_int(w, (long long)f->ndeals);
	}
	if (f->rule == OVP_RULE_OVERCOMMITTED)
		write_overcommitted(js, f);
	PUT(js, "\n    }", "}");
	if (js->lines)
		LIT(w, "\n");
}

/*
 * Write out the findings rendered so far.  A full buffer goes straight
 * to the stream's file descriptor, after what the stream holds: through
 * stdio every byte of a report of gigabytes would be copied once more,
 * into the stream's buffer, before the kernel copies it again.  A stream
 * without a descriptor (in memory), and the last few bytes, take fwrite.
 */
static int
jw_flush(ovp_rbuf *w, FILE *out)
{
	int fd;

	if (w->err != 0)
		return w->err;
	if (w->len >= JW_FLUSH && (fd = fileno(out)) >= 0) {
		size_t done = 0;

		if (fflush(out) != 0)
			return ovp_rbuf_fail(w, OVP_EIO);
		while (done < w->len) {
			ssize_t n = write(fd, w->data + done, w->len - done);

			if (n < 0 && errno == EINTR)
				continue;
			if (n <= 0)
				return ovp_rbuf_fail(w, OVP_EIO);
			done += (size_t)n;
		}
	} else if (w->len > 0 && fwrite(w->data, 1, w->len, out) != w->len) {
		return ovp_rbuf_fail(w, OVP_EIO);
	}
	w->len = 0;
	return 0;
}

/*
 * jw_flush() of the sink's findings: what span points at is gone, and
 * the objects kept where they were rendered are copied out first.
 */
static int
sink_flush(json_sink *js)
{
	js->span.valid = false;
	obj_unpin(js, &js->deal);
	obj_unpin(js, &js->promise);
	obj_unpin(js, &js->item);
	return jw_flush(&js->w, js->base.out);
}

static int
json_finding(ovp_sink *s, const ovp_finding *f, ovp_error *err)
{
	json_sink *js = (json_sink *)s;
	ovp_rbuf *w = &js->w;

	if (js->compact) {
		if (js->count > 0 && !js->lines)
			LIT(w, ",");
	} else if (js->count > 0) {
		LIT(w, ",\n    ");
	} else {
		LIT(w, "\n    ");
	}
	js->count++;
	write_finding(js, f);
	if (w->err != 0)
		return ovp_sink_result(s, w->err, err);
	/* Nearly always: nothing to write out yet, nothing that can fail. */
	if (w->len < JW_FLUSH)
		return 0;
	return ovp_sink_result(s, sink_flush(js), err);
}

/*
 * The summary, rendered by hand as put_value() writes the tree of
 * ovp_summary_to_json(): a run of many owners gives a summary of
 * thousands of members, which jansson takes tens of millions of
 * instructions to build, dump and indent, at the end of a run when
 * nothing else is left to do.  Depth d is that of the summary's own
 * members (1), its objects' members (2), and so on; the indented shape
 * has every line after the first indented by two more spaces, as
 * put_value() indents the dump.
 */
#define SPACES "\n                                        "

/* What comes before the member or element first or not at depth d. */
static void
sum_sep(json_sink *js, int d, bool first)
{
	if (!first)
		LIT(&js->w, ",");
	if (!js->compact)
		jw_raw(&js->w, SPACES, 1 + 2 * (size_t)d + 2);
}

/* The key of a member at depth d (key needs no escaping). */
static void
sum_key(json_sink *js, int d, bool first, const char *key)
{
	sum_sep(js, d, first);
	jw_plain(&js->w, key);
	if (js->compact)
		LIT(&js->w, ":");
	else
		LIT(&js->w, ": ");
}

/* The end of an object or array (c) whose members were at depth d; none (empty) stays on its line. */
static void
sum_close(json_sink *js, int d, bool empty, const char *c)
{
	if (!empty && !js->compact)
		jw_raw(&js->w, SPACES, 1 + 2 * (size_t)(d - 1) + 2);
	jw_raw(&js->w, c, 1);
}

/* An integer member. */
static void
sum_int(json_sink *js, int d, bool first, const char *key, unsigned long v)
{
	sum_key(js, d, first, key);
	jw_int(&js->w, (long long)v);
}

/* Whether s is valid UTF-8, as json_string() wants it. */
static bool
valid_utf8(const char *s)
{
	size_t n = strlen(s);

	for (size_t i = 0; i < n;) {
		uint32_t cp;
		size_t len = ovp_utf8_next(s + i, n - i, &cp);

		if (cp == 0xFFFD && len == 1)
			return false;
		i += len;
	}
	return true;
}

/*
 * {"currency", "amount"} of an amount in the reporting currency, to the
 * cent (total_json()), at depth d; a member jansson would not make
 * (a currency that is not UTF-8, an amount that is not finite) is left
 * out.
 */
static void
sum_total(json_sink *js, int d, const char *currency, double amount)
{
	double cents = round(amount * 100.0) / 100.0;
	bool first = true;

	LIT(&js->w, "{");
	if (valid_utf8(currency)) {
		sum_key(js, d, true, "currency");
		ovp_json_put_string(&js->w, currency);
		first = false;
	}
	if (isfinite(cents)) {
		sum_key(js, d, first, "amount");
		jw_real(&js->w, cents);
		first = false;
	}
	sum_close(js, d, first, "}");
}

/* The amounts per currency (ovp_money_json()), an array whose objects are at depth d. */
static void
sum_money(json_sink *js, int d, const ovp_money *m, size_t n)
{
	LIT(&js->w, "[");
	for (size_t i = 0; i < n; i++) {
		sum_sep(js, d, i == 0);
		LIT(&js->w, "{");
		sum_key(js, d + 1, true, "currency");
		jw_str_or_null(&js->w, m[i].currency);
		if (isfinite(m[i].amount)) {
			sum_key(js, d + 1, false, "amount");
			jw_real(&js->w, m[i].amount);
		}
		sum_close(js, d + 1, false, "}");
	}
	sum_close(js, d, n == 0, "]");
}

/* summary.owners (owners_json()), its objects at depth d. */
static void
sum_owners(json_sink *js, int d, const ovp_summary *sum)
{
	if (sum->nowners == 0) {
		LIT(&js->w, "null");
		return;
	}
	LIT(&js->w, "[");
	for (size_t i = 0; i < sum->nowners; i++) {
		const ovp_owner_summary *w = &sum->owners[i];

		sum_sep(js, d, i == 0);
		LIT(&js->w, "{");
		sum_key(js, d + 1, true, "owner");
		jw_str_or_null(&js->w, w->owner);
		sum_int(js, d + 1, false, "deals", w->deals);
		sum_int(js, d + 1, false, "promises", w->promises);
		sum_int(js, d + 1, false, "deals_at_risk", w->deals_at_risk);
		sum_int(js, d + 1, false, "errors", w->by_severity[OVP_SEV_ERROR]);
		sum_int(js, d + 1, false, "warnings", w->by_severity[OVP_SEV_WARNING]);
		sum_key(js, d + 1, false, "value_at_risk");
		sum_money(js, d + 2, w->value_at_risk, w->ncurrencies);
		sum_key(js, d + 1, false, "value_at_risk_total");
		if (sum->total_currency[0] != '\0' && w->has_total)
			sum_total(js, d + 2, sum->total_currency, w->value_at_risk_total);
		else
			LIT(&js->w, "null");
		sum_key(js, d + 1, false, "signed_off");
		if (w->sign_off_known)
			jw_int(&js->w, (long long)w->signed_off);
		else
			LIT(&js->w, "null");
		sum_int(js, d + 1, false, "needing_sign_off", w->needing_sign_off);
		sum_close(js, d + 1, false, "}");
	}
	sum_close(js, d, false, "]");
}

/* The summary object (ovp_summary_to_json()) into the sink's buffer. */
static void
jw_summary(json_sink *js, const ovp_summary *sum)
{
	bool none = true;

	LIT(&js->w, "{");
	sum_int(js, 1, true, "deals", sum->deals);
	sum_int(js, 1, false, "promises", sum->promises);
	sum_int(js, 1, false, "roadmap_items", sum->roadmap_items);
	sum_key(js, 1, false, "by_severity");
	LIT(&js->w, "{");
	sum_int(js, 2, true, "error", sum->by_severity[OVP_SEV_ERROR]);
	sum_int(js, 2, false, "warning", sum->by_severity[OVP_SEV_WARNING]);
	sum_int(js, 2, false, "note", sum->by_severity[OVP_SEV_NOTE]);
	sum_close(js, 2, false, "}");
	sum_key(js, 1, false, "by_rule");
	LIT(&js->w, "{");
	for (int r = 0; r < OVP_RULE_COUNT; r++) {
		if (sum->by_rule[r] > 0) {
			sum_int(js, 2, none, ovp_rule_get((ovp_rule_id)r)->code, sum->by_rule[r]);
			none = false;
		}
	}
	sum_close(js, 2, none, "}");
	sum_key(js, 1, false, "value_at_risk");
	sum_money(js, 2, sum->value_at_risk, sum->ncurrencies);
	sum_key(js, 1, false, "value_at_risk_total");
	if (sum->total_currency[0] != '\0' && sum->has_total)
		sum_total(js, 2, sum->total_currency, sum->value_at_risk_total);
	else
		LIT(&js->w, "null");
	sum_int(js, 1, false, "skipped", sum->skipped);
	sum_int(js, 1, false, "suppressed", sum->suppressed);
	sum_key(js, 1, false, "owners");
	sum_owners(js, 2, sum);
	sum_close(js, 1, false, "}");
}

static int
json_end(ovp_sink *s, const ovp_summary *sum, ovp_error *err)
{
	json_sink *js = (json_sink *)s;
	int rc = sink_flush(js);

	if (rc < 0)
		return ovp_sink_result(s, rc, err);
	if (js->lines) {
		rc = put_head(js, s->out, s->meta);
	} else if (js->compact) {
		fputs("]", s->out);
	} else {
		fputs(js->count ? "\n  ]" : "]", s->out);
	}
	if (rc == 0 && js->promises != NULL) {
		fputs(js->compact ? ",\"promises\":" : ",\n  \"promises\": ", s->out);
		rc = put_value(js, s->out, js->promises, 2);
	}
	fputs(js->compact ? ",\"summary\":" : ",\n  \"summary\": ", s->out);
	if (rc == 0) {
		jw_summary(js, sum);
		rc = sink_flush(js);
	}
	fputs(js->compact ? "}\n" : "\n}\n", s->out);
	return ovp_sink_result(s, rc < 0 ? rc : ferror(s->out) ? OVP_EIO : 0, err);
}

/* A deal is checked: a new window in which its objects are told by identity (obj_known()). */
static int
json_deal(ovp_sink *s, const ovp_deal *d, ovp_error *err)
{
	json_sink *js = (json_sink *)s;

	(void)err;
	js->cur_deal = d;
	js->window++;
	return 0;
}

/*
 * The verdict on one promise of a `deal` report, for its promises array:
 * number, text, feature, due, item, similarity, verdict, rules,
 * suggested_date, message.
 */
static int
json_verdict(ovp_sink *s, const ovp_deal *d, const ovp_promise *p, const ovp_verdict *v,
             ovp_error *err)
{
	static const char *const kinds[] = {"ok", "warning", "error", "filtered"};
	json_sink *js = (json_sink *)s;
	json_t *o, *rules;

	(void)d;
	if (s->meta == NULL || s->meta->command == NULL || strcmp(s->meta->command, "deal") != 0)
		return 0;
	if (js->promises == NULL && (js->promises = json_array()) == NULL)
		return ovp_sink_result(s, OVP_ENOMEM, err);
	o = json_object();
	rules = json_array();
	json_object_set_new(o, "number", json_integer((json_int_t)v->number));
	json_object_set_new(o, "text", ovp_json_text(p->text));
	json_object_set_new(o, "feature", ovp_json_text(p->feature));
	json_object_set_new(o, "due", ovp_window_is_set(p->due) ? day_or_null(p->due.end)
	                                                        : json_null());
	json_object_set_new(o, "item", v->item != NULL ? item_json(v->item) : json_null());
	json_object_set_new(o, "similarity",
	                    v->item != NULL ? rounded(v->match->similarity, 1000.0) : json_null());
	json_object_set_new(o, "verdict", json_string(kinds[v->kind]));
	for (int r = 0; r < OVP_RULE_COUNT; r++)
		if ((v->rules & (1ul << r)) != 0)
			json_array_append_new(rules, json_string(ovp_rule_get((ovp_rule_id)r)->code));
	json_object_set_new(o, "rules", rules);
	json_object_set_new(o, "suggested_date", day_or_null(v->suggested_date));
	json_object_set_new(o, "message", v->message[0] != '\0' ? ovp_json_text(v->message)
	                                                         : json_null());
	return ovp_sink_result(s, json_array_append_new(js->promises, o) == 0 ? 0 : OVP_ENOMEM, err);
}

static void
json_destroy(ovp_sink *s)
{
	json_sink *js = (json_sink *)s;
	obj_cache *caches[] = {&js->file, &js->deal, &js->promise, &js->item, &js->item_file};

	for (size_t i = 0; i < sizeof caches / sizeof caches[0]; i++) {
		free(caches[i]->raw);
		free(caches[i]->json);
	}
	free(js->w.data);
	json_decref(js->promises);
	free(js);
}

static const ovp_sink_ops json_ops = {
	.name = "json",
	.begin = json_begin,
	.finding = json_finding,
	.explain = NULL,
	.end = json_end,
	.destroy = json_destroy,
	.verdict = json_verdict,
	.deal = json_deal,
};

static const ovp_sink_ops jsonl_ops = {
	.name = "jsonl",
	.begin = json_begin,
	.finding = json_finding,
	.explain = NULL,
	.end = json_end,
	.destroy = json_destroy,
	.verdict = json_verdict,
	.deal = json_deal,
};

static ovp_sink *
json_sink_new(bool lines)
{
	json_sink *js = calloc(1, sizeof *js);

	if (js == NULL)
		return NULL;
	js->base.ops = lines ? &jsonl_ops : &json_ops;
	js->lines = lines;
	for (size_t i = 0; i < DAY_SLOTS; i++)
		js->days[i].day = OVP_DAY_NONE;
	/* The last is the name of a class out of range. */
	for (size_t c = 0; c <= OVP_CLASS_COUNT; c++) {
		struct class_text *ct = &js->classes[c];
		int n = snprintf(ct->text, sizeof ct->text, "\"%s\"",
		                 ovp_status_class_name((ovp_status_class)c));

		ct->len = n > 0 && (size_t)n < sizeof ct->text ? (unsigned char)n : 0;
	}
	return &js->base;
}

ovp_sink *
ovp_sink_json_new(void)
{
	return json_sink_new(false);
}

ovp_sink *
ovp_sink_jsonl_new(void)
{
	return json_sink_new(true);
}
