/*
 * The workbook around a sheet: what has to be read before the sheet's
 * rows can be, each part found as the Open Packaging Conventions say.
 *
 * The package's relationships (_rels/.rels) name the workbook part (its
 * usual name, xl/workbook.xml, when they do not); the workbook lists the
 * sheets in tab order with their names and visibility, and says whether
 * dates count from 1900 or from 1904; the workbook's relationships lead
 * to each sheet's part, to the styles and to the shared strings.  The
 * styles are reduced to what a cell's `s` attribute needs: per cell
 * format, what its number format makes of a number.  The shared strings
 * are the one part held in memory whole, as any row may use any of them;
 * each string is cut at the cell limit and its escapes decoded once.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <expat.h>
#include <zip.h>

#include "csv.h"
#include "util/grow.h"
#include "xlsx_impl.h"

/* Most shared strings kept (their text is bounded by OVP_XLSX_MAX_STRINGS). */
#define MAX_STRING_COUNT ((size_t)1 << 24)
/* Most cell formats and number formats read from the styles. */
#define MAX_STYLES 65536
/* Longest text of one string taken from the XML before it is cut: room for escapes. */
#define STRING_RAW_MAX (2 * OVP_CSV_MAX_CELL)

/* One relationship of a part. */
typedef struct rel {
	char *id;
	char *type;   /* the last segment of the type ("worksheet", "styles") */
	char *target; /* the part it leads to, resolved to a name in the archive */
} rel;

typedef struct rels {
	rel *items;
	size_t n, cap;
	const char *base; /* the directory of the part they belong to, with its '/' */
	int failed;
} rels;

/*
 * Parse the whole part called name, if the archive has it, with the
 * handlers given (NULL for none) and user as their data.
 */
static int
parse_part(ovp_xlsx_book *b, const char *name, unsigned long long limit, void *user,
           XML_StartElementHandler start, XML_EndElementHandler end,
           XML_CharacterDataHandler text, ovp_error *err)
{
	ovp_xlsx_part p;
	long idx = ovp_xlsx_part_find(b->zip, name);
	int rc;

	if (idx < 0)
		return 0;
	rc = ovp_xlsx_part_open(&p, b->zip, idx, b->name, limit, user, err);
	if (rc < 0)
		return rc;
	ovp_xlsx_part_handlers(&p, start, end, text);
	rc = ovp_xlsx_part_parse_all(&p, err);
	ovp_xlsx_part_close(&p);
	return rc;
}

/* ---- Relationships ------------------------------------------------------- */

/*
 * Resolve a relationship's target against the directory base ("xl/"): a
 * target starting with '/' is from the package root, ".." climbs a
 * directory.  Returns a new string, or NULL when out of memory or the
 * target climbs out of the package.
 */
static char *
resolve(const char *base, const char *target)
{
	size_t bl = strlen(base), tl = strlen(target);
	char *out = malloc(bl + tl + 1);
	size_t n = 0;
	const char *p;

	if (out == NULL)
		return NULL;
	if (target[0] == '/') {
		p = target + 1;
	} else {
		memcpy(out, base, bl);
		n = bl;
		p = target;
	}
	while (*p != '\0') {
		const char *slash = strchr(p, '/');
		size_t seg = slash != NULL ? (size_t)(slash - p) : strlen(p);

		if (seg == 2 && p[0] == '.' && p[1] == '.') {
			if (n == 0) {
				free(out);
				return NULL;
			}
			/* Drop the last directory of out ("xl/" -> ""). */
			n--;
			while (n > 0 && out[n - 1] != '/')
				n--;
		} else if (!(seg == 1 && p[0] == '.') && seg > 0) {
			memcpy(out + n, p, seg);
			n += seg;
			if (slash != NULL)
				out[n++] = '/';
		}
		p += seg;
		if (*p == '/')
			p++;
	}
	out[n] = '\0';
	return out;
}

static void XMLCALL
rels_start(void *data, const XML_Char *name, const XML_Char **atts)
{
	ovp_xlsx_part *p = data;
	rels *rs = p->user;
	const char *id, *type, *target, *mode, *slash;
	rel *r;

	if (strcmp(ovp_xlsx_local(name), "Relationship") != 0)
		return;
	id = ovp_xlsx_attr(atts, "Id");
	type = ovp_xlsx_attr(atts, "Type");
	target = ovp_xlsx_attr(atts, "Target");
	mode = ovp_xlsx_attr(atts, "TargetMode");
	if (id == NULL || type == NULL || target == NULL ||
	    (mode != NULL && strcmp(mode, "External") == 0))
		return;
	if (!ovp_grow(&rs->items, &rs->cap, rs->n + 1, sizeof *rs->items))
		goto nomem;
	slash = strrchr(type, '/');
	r = &rs->items[rs->n];
	r->id = strdup(id);
	r->type = strdup(slash != NULL ? slash + 1 : type);
	r->target = resolve(rs->base, target);
	rs->n++;
	if (r->id == NULL || r->type == NULL)
		goto nomem;
	return;
nomem:
	ovp_error_set(p->ferr, OVP_ENOMEM, p->book, 0, "out of memory");
	ovp_xlsx_part_fail(p, OVP_ENOMEM);
}

static void
rels_free(rels *rs)
{
	for (size_t i = 0; i < rs->n; i++) {
		free(rs->items[i].id);
		free(rs->items[i].type);
		free(rs->items[i].target);
	}
	free(rs->items);
	memset(rs, 0, sizeof *rs);
}

/*
 * Read the relationships of the part called part (its _rels/NAME.rels);
 * a part without them has none.
 */
static int
rels_read(ovp_xlsx_book *b, const char *part, rels *rs, char *base, size_t base_cap,
          ovp_error *err)
{
	const char *slash = strrchr(part, '/');
	size_t dl = slash != NULL ? (size_t)(slash - part) + 1 : 0;
	char name[600];

	memset(rs, 0, sizeof *rs);
	if (dl >= base_cap)
		return ovp_error_set(err, OVP_EINPUT, b->name, 0, "damaged workbook: a part name too long");
	memcpy(base, part, dl);
	base[dl] = '\0';
	rs->base = base;
	if ((size_t)snprintf(name, sizeof name, "%s_rels/%s.rels", base, part + dl) >= sizeof name)
		return ovp_error_set(err, OVP_EINPUT, b->name, 0, "damaged workbook: a part name too long");
	return parse_part(b, name, OVP_XLSX_MAX_PART, rs, rels_start, NULL, NULL, err);
}

/* The first relationship of a type ("styles"), or NULL. */
static const rel *
rel_of_type(const rels *rs, const char *type)
{
	for (size_t i = 0; i < rs->n; i++)
		if (strcmp(rs->items[i].type, type) == 0 && rs->items[i].target != NULL)
			return &rs->items[i];
	return NULL;
}

static const rel *
rel_by_id(const rels *rs, const char *id)
{
	for (size_t i = 0; i < rs->n; i++)
		if (strcmp(rs->items[i].id, id) == 0)
			return &rs->items[i];
	return NULL;
}

/* ---- The workbook part --------------------------------------------------- */

/* What the workbook part lists, while it is parsed. */
typedef struct book_parse {
	ovp_xlsx_book *b;
	char **rids;   /* per sheet, its relationship id */
	size_t cap, rcap;
} book_parse;

/* An XML boolean: "1" or "true". */
static bool
xml_true(const char *v)
{
	return v != NULL && (strcmp(v, "1") == 0 || strcmp(v, "true") == 0);
}

static void XMLCALL
book_start(void *data, const XML_Char *name, const XML_Char **atts)
{
	ovp_xlsx_part *p = data;
	book_parse *bp = p->user;
	ovp_xlsx_book *b = bp->b;
	const char *sname, *state, *rid = NULL;
	ovp_xlsx_sheet *sh;

	if (ovp_xlsx_is(name, "workbookPr")) {
		b->date1904 = xml_true(ovp_xlsx_attr(atts, "date1904"));
		return;
	}
	if (!ovp_xlsx_is(name, "sheet"))
		return;
	sname = ovp_xlsx_attr(atts, "name");
	state = ovp_xlsx_attr(atts, "state");
	for (size_t i = 0; atts[i] != NULL; i += 2)
		if (ovp_xlsx_is_rel(atts[i], "id"))
			rid = atts[i + 1];
	if (sname == NULL)
		return;
	if (!ovp_grow(&b->sheets, &bp->cap, b->nsheets + 1, sizeof *b->sheets) ||
	    !ovp_grow(&bp->rids, &bp->rcap, b->nsheets + 1, sizeof *bp->rids))
		goto nomem;
	sh = &b->sheets[b->nsheets];
	memset(sh, 0, sizeof *sh);
	sh->name = strdup(sname);
	sh->visible = state == NULL || strcmp(state, "visible") == 0;
	bp->rids[b->nsheets] = rid != NULL ? strdup(rid) : NULL;
	b->nsheets++;
	if (sh->name == NULL || (rid != NULL && bp->rids[b->nsheets - 1] == NULL))
		goto nomem;
	return;
nomem:
	ovp_error_set(p->ferr, OVP_ENOMEM, p->book, 0, "out of memory");
	ovp_xlsx_part_fail(p, OVP_ENOMEM);
}

/* ---- Styles -------------------------------------------------------------- */

typedef struct numfmt {
	unsigned long id;
	ovp_xlsx_style style;
} numfmt;

typedef struct style_parse {
	numfmt *fmts;
	size_t nfmts, fmts_cap;
	unsigned long *xf_ids; /* per cellXfs entry, its numFmtId */
	size_t nxfs, xfs_cap;
	int depth_xfs;         /* inside cellXfs */
} style_parse;

static void XMLCALL
style_start(void *data, const XML_Char *name, const XML_Char **atts)
{
	ovp_xlsx_part *p = data;
	style_parse *sp = p->user;
	const char *id;

	if (ovp_xlsx_is(name, "cellXfs")) {
		sp->depth_xfs++;
		return;
	}
	if (ovp_xlsx_is(name, "numFmt")) {
		const char *code = ovp_xlsx_attr(atts, "formatCode");

		id = ovp_xlsx_attr(atts, "numFmtId");
		if (id == NULL || code == NULL || sp->nfmts >= MAX_STYLES)
			return;
		if (!ovp_grow(&sp->fmts, &sp->fmts_cap, sp->nfmts + 1, sizeof *sp->fmts))
			goto nomem;
		sp->fmts[sp->nfmts].id = strtoul(id, NULL, 10);
		ovp_xlsx_format_classify(code, &sp->fmts[sp->nfmts].style);
		sp->nfmts++;
		return;
	}
	if (sp->depth_xfs > 0 && ovp_xlsx_is(name, "xf")) {
		if (sp->nxfs >= MAX_STYLES)
			return;
		id = ovp_xlsx_attr(atts, "numFmtId");
		if (!ovp_grow(&sp->xf_ids, &sp->xfs_cap, sp->nxfs + 1, sizeof *sp->xf_ids))
			goto nomem;
		sp->xf_ids[sp->nxfs++] = id != NULL ? strtoul(id, NULL, 10) : 0;
	}
	return;
nomem:
	ovp_error_set(p->ferr, OVP_ENOMEM, p->book, 0, "out of memory");
	ovp_xlsx_part_fail(p, OVP_ENOMEM);
}

static void XMLCALL
style_end(void *data, const XML_Char *name)
{
	ovp_xlsx_part *p = data;
	style_parse *sp = p->user;

	if (ovp_xlsx_is(name, "cellXfs") && sp->depth_xfs > 0)
		sp->depth_xfs--;
}

/*
 * Read the styles part: each cell format's number format, a custom one
 * (numFmts) before a built-in one of the same id, as Excel has it.
 */
static int
styles_read(ovp_xlsx_book *b, const char *part, ovp_error *err)
{
	style_parse sp;
	int rc;

	memset(&sp, 0, sizeof sp);
	rc = parse_part(b, part, OVP_XLSX_MAX_PART, &sp, style_start, style_end, NULL, err);
	if (rc == 0 && sp.nxfs > 0) {
		b->styles = calloc(sp.nxfs, sizeof *b->styles);
		if (b->styles == NULL)
			rc = ovp_error_set(err, OVP_ENOMEM, b->name, 0, "out of memory");
	}
	for (size_t i = 0; rc == 0 && i < sp.nxfs; i++) {
		size_t k = sp.nfmts;

		while (k > 0 && sp.fmts[k - 1].id != sp.xf_ids[i])
			k--;
		if (k > 0)
			b->styles[i] = sp.fmts[k - 1].style;
		else
			ovp_xlsx_builtin_style(sp.xf_ids[i], &b->styles[i]);
	}
	if (rc == 0)
		b->nstyles = sp.nxfs;
	free(sp.fmts);
	free(sp.xf_ids);
	return rc;
}

/* ---- Shared strings ------------------------------------------------------ */

typedef struct strings_parse {
	ovp_xlsx_strings *s;
	char *cur;          /* the text of the string being read */
	size_t cur_len, cur_cap;
	bool cur_cut;
	int in_si, in_t, in_rph;
} strings_parse;

static void XMLCALL
strings_start(void *data, const XML_Char *name, const XML_Char **atts)
{
	ovp_xlsx_part *p = data;
	strings_parse *sp = p->user;

	(void)atts;
	if (ovp_xlsx_is(name, "si")) {
		sp->in_si++;
		sp->cur_len = 0;
		sp->cur_cut = false;
	} else if (sp->in_si > 0 && ovp_xlsx_is(name, "rPh")) {
		sp->in_rph++;
	} else if (sp->in_si > 0 && ovp_xlsx_is(name, "t")) {
		sp->in_t++;
	}
}

static void XMLCALL
strings_text(void *data, const XML_Char *text, int len)
{
	ovp_xlsx_part *p = data;
	strings_parse *sp = p->user;
	size_t n = (size_t)len;

	if (sp->in_t == 0 || sp->in_rph > 0 || sp->cur_cut)
		return;
	if (sp->cur_len + n > STRING_RAW_MAX) {
		n = STRING_RAW_MAX - sp->cur_len;
		sp->cur_cut = true;
	}
	if (!ovp_grow(&sp->cur, &sp->cur_cap, sp->cur_len + n + 1, 1)) {
		ovp_error_set(p->ferr, OVP_ENOMEM, p->book, 0, "out of memory");
		ovp_xlsx_part_fail(p, OVP_ENOMEM);
		return;
	}
	memcpy(sp->cur + sp->cur_len, text, n);
	sp->cur_len += n;
}

/* Cut len bytes of UTF-8 at s to at most max, on a character boundary. */
/* Keep the string just read. */
static int
strings_keep(ovp_xlsx_part *p, strings_parse *sp)
{
	ovp_xlsx_strings *s = sp->s;
	bool nul = false;
	size_t n;
	unsigned char flags = 0;

	if (s->n >= MAX_STRING_COUNT) {
		ovp_error_set(p->ferr, OVP_ELIMIT, p->book, 0, "more than %zu shared strings: not read",
		              MAX_STRING_COUNT);
		return OVP_ELIMIT;
	}
	n = sp->cur_len == 0 ? 0 : ovp_xlsx_unescape(sp->cur, sp->cur_len, &nul);
	if (n > OVP_CSV_MAX_CELL || sp->cur_cut) {
		n = ovp_xlsx_cut_utf8(sp->cur, n, OVP_CSV_MAX_CELL);
		flags |= OVP_XLSX_CUT;
	}
	if (nul)
		flags |= OVP_XLSX_NUL;
	if (!ovp_grow(&s->off, &s->ncap, s->n + 1, sizeof *s->off) ||
	    !ovp_grow(&s->flags, &s->fcap, s->n + 1, 1) ||
	    !ovp_grow(&s->text, &s->cap, s->len + n + 1, 1)) {
		ovp_error_set(p->ferr, OVP_ENOMEM, p->book, 0, "out of memory");
		return OVP_ENOMEM;
	}
	s->off[s->n] = s->len;
	s->flags[s->n] = flags;
	if (n > 0)
		memcpy(s->text + s->len, sp->cur, n);
	s->text[s->len + n] = '\0';
	s->len += n + 1;
	s->n++;
	return 0;
}

static void XMLCALL
strings_end(void *data, const XML_Char *name)
{
	ovp_xlsx_part *p = data;
	strings_parse *sp = p->user;
	int rc;

	if (sp->in_si == 0)
		return;
	if (ovp_xlsx_is(name, "t") && sp->in_t > 0) {
		sp->in_t--;
	} else if (ovp_xlsx_is(name, "rPh") && sp->in_rph > 0) {
		sp->in_rph--;
	} else if (ovp_xlsx_is(name, "si")) {
		sp->in_si--;
		rc = strings_keep(p, sp);
		if (rc < 0)
			ovp_xlsx_part_fail(p, rc);
	}
}

static int
strings_read(ovp_xlsx_book *b, const char *part, ovp_error *err)
{
	strings_parse sp;
	int rc;

	memset(&sp, 0, sizeof sp);
	sp.s = &b->strings;
	rc = parse_part(b, part, OVP_XLSX_MAX_STRINGS, &sp, strings_start, strings_end,
	                strings_text, err);
	free(sp.cur);
	return rc;
}

/* ---- The book ------------------------------------------------------------ */

/* The workbook part the package names, or its usual name. */
static int
find_workbook(ovp_xlsx_book *b, char **part, ovp_error *err)
{
	rels rs;
	char base[8];
	const rel *r;
	int rc = rels_read(b, "", &rs, base, sizeof base, err);

	*part = NULL;
	if (rc < 0) {
		rels_free(&rs);
		return rc;
	}
	r = rel_of_type(&rs, "officeDocument");
	if ((r != NULL && strlen(r->target) > 4 &&
	     strcmp(r->target + strlen(r->target) - 4, ".bin") == 0) ||
	    ovp_xlsx_part_find(b->zip, "xl/workbook.bin") >= 0) {
		rels_free(&rs);
		return ovp_error_set(err, OVP_EINPUT, b->name, 0,
		                     "an Excel binary workbook (.xlsb): save it as .xlsx or as CSV");
	}
	if (r != NULL && ovp_xlsx_part_find(b->zip, r->target) >= 0)
		*part = strdup(r->target);
	else if (ovp_xlsx_part_find(b->zip, "xl/workbook.xml") >= 0)
		*part = strdup("xl/workbook.xml");
	rels_free(&rs);
	if (*part != NULL)
		return 0;
	if (ovp_xlsx_part_find(b->zip, "content.xml") >= 0 && ovp_xlsx_part_find(b->zip, "mimetype") >= 0)
		return ovp_error_set(err, OVP_EINPUT, b->name, 0,
		                     "an OpenDocument spreadsheet, not an Excel workbook: save it as "
		                     ".xlsx or as CSV");
	return ovp_error_set(err, OVP_EINPUT, b->name, 0,
	                     "a ZIP archive, but not an Excel workbook (no xl/workbook.xml)");
}

int
ovp_xlsx_book_open(ovp_xlsx_book *b, struct zip *zip, const char *name, ovp_error *err)
{
	book_parse bp = {b, NULL, 0, 0};
	rels rs;
	char *wb = NULL, base[512];
	const rel *r;
	int rc;

	memset(b, 0, sizeof *b);
	b->name = name;
	b->zip = zip;
	memset(&rs, 0, sizeof rs);
	if (zip_get_num_entries(zip, 0) > OVP_XLSX_MAX_ENTRIES)
		return ovp_error_set(err, OVP_ELIMIT, name, 0,
		                     "more than %d parts in the archive: not read", OVP_XLSX_MAX_ENTRIES);
	rc = find_workbook(b, &wb, err);
	if (rc == 0 && wb == NULL)
		rc = ovp_error_set(err, OVP_ENOMEM, name, 0, "out of memory");
	if (rc == 0)
		rc = parse_part(b, wb, OVP_XLSX_MAX_PART, &bp, book_start, NULL, NULL, err);
	if (rc == 0)
		rc = rels_read(b, wb, &rs, base, sizeof base, err);
	for (size_t i = 0; rc == 0 && i < b->nsheets; i++) {
		ovp_xlsx_sheet *sh = &b->sheets[i];

		r = bp.rids[i] != NULL ? rel_by_id(&rs, bp.rids[i]) : NULL;
		if (r == NULL || r->target == NULL)
			continue;
		sh->worksheet = strcmp(r->type, "worksheet") == 0;
		sh->part = strdup(r->target);
		if (sh->part == NULL)
			rc = ovp_error_set(err, OVP_ENOMEM, name, 0, "out of memory");
	}
	if (rc == 0 && (r = rel_of_type(&rs, "styles")) != NULL)
		rc = styles_read(b, r->target, err);
	if (rc == 0 && (r = rel_of_type(&rs, "sharedStrings")) != NULL)
		rc = strings_read(b, r->target, err);
	for (size_t i = 0; i < b->nsheets; i++)
		free(bp.rids[i]);
	free(bp.rids);
	rels_free(&rs);
	free(wb);
	return rc;
}

/* The sheets of the book as a list for a message: "Deals", "Notes" (hidden). */
static void
list_sheets(const ovp_xlsx_book *b, char *buf, size_t cap)
{
	size_t off = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < b->nsheets && off < cap; i++) {
		int n = snprintf(buf + off, cap - off, "%s\"%s\"%s", i ? ", " : "", b->sheets[i].name,
		                 b->sheets[i].part == NULL ? " (missing)"
		                 : !b->sheets[i].visible ? " (hidden)"
		                 : !b->sheets[i].worksheet ? " (a chart)" : "");

		if (n < 0)
			break;
		off += (size_t)n;
	}
	if (off >= cap && cap > 4)
		strcpy(buf + cap - 4, "...");
}

int
ovp_xlsx_book_sheet(const ovp_xlsx_book *b, const char *name, const ovp_xlsx_sheet **out,
                    ovp_error *err)
{
	char list[512];

	*out = NULL;
	for (size_t i = 0; i < b->nsheets; i++) {
		const ovp_xlsx_sheet *sh = &b->sheets[i];

		if (name != NULL ? strcasecmp(sh->name, name) != 0 : !(sh->visible && sh->worksheet))
			continue;
		if (sh->part == NULL || ovp_xlsx_part_find(b->zip, sh->part) < 0)
			return ovp_error_set(err, OVP_EINPUT, b->name, 0,
			                     "damaged workbook: the part of sheet \"%s\" is missing", sh->name);
		if (!sh->worksheet)
			return ovp_error_set(err, OVP_EINPUT, b->name, 0,
			                     "sheet \"%s\" is a chart, not a table of cells", sh->name);
		*out = sh;
		return 0;
	}
	list_sheets(b, list, sizeof list);
	if (name != NULL)
		return ovp_error_set(err, OVP_EINPUT, b->name, 0, "no sheet called \"%s\" (sheets: %s)",
		                     name, b->nsheets ? list : "none");
	return ovp_error_set(err, OVP_EINPUT, b->name, 0, "no visible worksheet (sheets: %s)",
	                     b->nsheets ? list : "none");
}

void
ovp_xlsx_book_free(ovp_xlsx_book *b)
{
	for (size_t i = 0; i < b->nsheets; i++) {
		free(b->sheets[i].name);
		free(b->sheets[i].part);
	}
	free(b->sheets);
	free(b->styles);
	free(b->strings.text);
	free(b->strings.off);
	free(b->strings.flags);
	if (b->zip != NULL)
		zip_discard(b->zip);
	memset(b, 0, sizeof *b);
}
