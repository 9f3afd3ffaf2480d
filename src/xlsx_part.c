/*
 * A part of a workbook's archive, inflated by libzip and parsed by expat
 * a chunk at a time, within limits.
 *
 * A workbook is a ZIP archive of XML parts, and nothing in it can be
 * trusted: a part may claim any size, inflate to far more than it claims
 * (a zip bomb), or hold XML that never ends.  So every part is checked
 * three ways: the inflated size the archive declares must be within the
 * part's limit and within OVP_XLSX_MAX_RATIO times its compressed size,
 * and the bytes actually inflated are counted as they come, so a part
 * that grows past what it declared is refused at that byte.  Document
 * type declarations are refused outright (no OOXML part has one), which
 * also keeps entity expansion out.
 *
 * Parsing can stop after any event and carry on later (expat's suspend
 * and resume), which is how the sheet reader hands out one row at a time
 * without ever holding more than one chunk of the sheet.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <expat.h>
#include <zip.h>

#include "xlsx_impl.h"

/* Inflated bytes parsed at a time. */
#define PART_CHUNK ((size_t)64 << 10)
/* Longest XML token (a tag with its attributes) expat may have to hold. */
#define TOKEN_MAX ((unsigned long long)16 << 20)
/* Parts smaller than this are never refused for their ratio. */
#define RATIO_FLOOR ((unsigned long long)1 << 20)

static const char *const main_ns[] = {
	"http://schemas.openxmlformats.org/spreadsheetml/2006/main",
	"http://purl.oclc.org/ooxml/spreadsheetml/main",
	NULL,
};

static const char *const rel_ns[] = {
	"http://schemas.openxmlformats.org/officeDocument/2006/relationships",
	"http://purl.oclc.org/ooxml/officeDocument/relationships",
	NULL,
};

const char *
ovp_xlsx_local(const char *name)
{
	const char *sep = strchr(name, OVP_XLSX_NS_SEP);

	return sep != NULL ? sep + 1 : name;
}

/* Is name local in one of the namespaces ns (or in none, when none_ok)? */
static bool
name_is(const char *name, const char *local, const char *const *ns, bool none_ok)
{
	const char *sep = strchr(name, OVP_XLSX_NS_SEP);

	if (sep == NULL)
		return none_ok && strcmp(name, local) == 0;
	if (strcmp(sep + 1, local) != 0)
		return false;
	for (; *ns != NULL; ns++)
		if (strlen(*ns) == (size_t)(sep - name) && strncmp(name, *ns, (size_t)(sep - name)) == 0)
			return true;
	return false;
}

bool
ovp_xlsx_is(const char *name, const char *local)
{
	return name_is(name, local, main_ns, true);
}

bool
ovp_xlsx_is_rel(const char *name, const char *local)
{
	return name_is(name, local, rel_ns, false);
}

const char *
ovp_xlsx_attr(const char **atts, const char *local)
{
	for (size_t i = 0; atts[i] != NULL; i += 2)
		if (strcmp(atts[i], local) == 0)
			return atts[i + 1];
	return NULL;
}

const char *
ovp_xlsx_zip_text(const char *msg, char buf[128])
{
	snprintf(buf, 128, "%s", msg);
	if (buf[0] >= 'A' && buf[0] <= 'Z' && (buf[1] < 'A' || buf[1] > 'Z'))
		buf[0] = (char)(buf[0] - 'A' + 'a');
	return buf;
}

long
ovp_xlsx_part_find(struct zip *zip, const char *name)
{
	zip_int64_t i;

	while (*name == '/')
		name++;
	i = zip_name_locate(zip, name, ZIP_FL_NOCASE);
	return i < 0 ? -1 : (long)i;
}

void
ovp_xlsx_part_fail(ovp_xlsx_part *p, int code)
{
	if (p->failed == 0)
		p->failed = code;
	XML_StopParser(p->xml, XML_FALSE);
}

/* No OOXML part has a document type declaration; one is refused. */
static void XMLCALL
on_doctype(void *user, const XML_Char *name, const XML_Char *sysid, const XML_Char *pubid,
           int has_internal)
{
	ovp_xlsx_part *p = user;

	(void)name;
	(void)sysid;
	(void)pubid;
	(void)has_internal;
	ovp_error_set(p->ferr, OVP_EINPUT, p->book, 0,
	              "%s holds a document type declaration, which no workbook has", p->name);
	ovp_xlsx_part_fail(p, OVP_EINPUT);
}

/*
 * The handlers expat calls: each notes where the event ends before the
 * part's own handler runs, so that the bytes expat holds back (a tag that
 * has not ended yet) are known; expat reports text as it comes, so only a
 * tag, a comment or a processing instruction can make that grow.
 */
static void
mark(ovp_xlsx_part *p)
{
	XML_Index at = XML_GetCurrentByteIndex(p->xml);

	if (at >= 0)
		p->mark = (unsigned long long)at + (unsigned long long)XML_GetCurrentByteCount(p->xml);
}

static void XMLCALL
on_start(void *data, const XML_Char *name, const XML_Char **atts)
{
	ovp_xlsx_part *p = data;

	mark(p);
	if (p->start != NULL)
		p->start(p, name, atts);
}

static void XMLCALL
on_end(void *data, const XML_Char *name)
{
	ovp_xlsx_part *p = data;

	mark(p);
	if (p->end != NULL)
		p->end(p, name);
}

static void XMLCALL
on_text(void *data, const XML_Char *s, int len)
{
	ovp_xlsx_part *p = data;

	mark(p);
	if (p->text != NULL)
		p->text(p, s, len);
}

void
ovp_xlsx_part_handlers(ovp_xlsx_part *p, XML_StartElementHandler start, XML_EndElementHandler end,
                       XML_CharacterDataHandler text)
{
	p->start = start;
	p->end = end;
	p->text = text;
}

int
ovp_xlsx_part_open(ovp_xlsx_part *p, struct zip *zip, long index, const char *book,
                   unsigned long long limit, void *user, ovp_error *err)
{
	zip_stat_t st;
	char why[128];
	const char *name;

	memset(p, 0, sizeof *p);
	p->book = book;
	p->limit = limit;
	p->ferr = err;
	zip_stat_init(&st);
	if (zip_stat_index(zip, (zip_uint64_t)index, 0, &st) != 0 || !(st.valid & ZIP_STAT_SIZE) ||
	    !(st.valid & ZIP_STAT_COMP_SIZE))
		return ovp_error_set(err, OVP_EINPUT, book, 0, "damaged workbook: %s",
		                     ovp_xlsx_zip_text(zip_error_strerror(zip_get_error(zip)), why));
	name = (st.valid & ZIP_STAT_NAME) ? st.name : "?";
	snprintf(p->name, sizeof p->name, "%s", name);
	p->size = st.size;
	p->comp = st.comp_size;
	if (p->size > limit)
		return ovp_error_set(err, OVP_ELIMIT, book, 0,
		                     "%s inflates to %llu MiB, more than the %llu MiB it may have",
		                     p->name, p->size >> 20, limit >> 20);
	if (p->size > RATIO_FLOOR && p->size / OVP_XLSX_MAX_RATIO > p->comp)
		return ovp_error_set(err, OVP_ELIMIT, book, 0,
		                     "%s inflates %llu bytes to %llu MiB, more than %d times its size: "
		                     "a zip bomb, not read",
		                     p->name, p->comp, p->size >> 20, OVP_XLSX_MAX_RATIO);
	if ((st.valid & ZIP_STAT_ENCRYPTION_METHOD) && st.encryption_method != ZIP_EM_NONE)
		return ovp_error_set(err, OVP_EINPUT, book, 0,
		                     "%s is encrypted: save the workbook without a password", p->name);
	p->zf = zip_fopen_index(zip, (zip_uint64_t)index, 0);
	if (p->zf == NULL)
		return ovp_error_set(err, OVP_EINPUT, book, 0, "cannot read %s: %s", p->name,
		                     ovp_xlsx_zip_text(zip_error_strerror(zip_get_error(zip)), why));
	p->buf = malloc(PART_CHUNK);
	p->xml = XML_ParserCreateNS(NULL, OVP_XLSX_NS_SEP);
	if (p->buf == NULL || p->xml == NULL) {
		ovp_xlsx_part_close(p);
		return ovp_error_set(err, OVP_ENOMEM, book, 0, "out of memory");
	}
	/* Handlers get the part, and reach their own data through it. */
	p->user = user;
	XML_SetUserData(p->xml, p);
	XML_SetStartDoctypeDeclHandler(p->xml, on_doctype);
	XML_SetElementHandler(p->xml, on_start, on_end);
	XML_SetCharacterDataHandler(p->xml, on_text);
	return 0;
}

/* Inflate the next chunk into p->buf, counting it against the limits. */
static int
read_chunk(ovp_xlsx_part *p, ovp_error *err)
{
	zip_int64_t n = zip_fread(p->zf, p->buf, PART_CHUNK);
	char why[128];

	if (n < 0)
		return ovp_error_set(err, OVP_EINPUT, p->book, 0, "damaged workbook: cannot inflate %s: %s",
		                     p->name, ovp_xlsx_zip_text(zip_file_strerror(p->zf), why));
	p->read += (unsigned long long)n;
	if (p->read > p->size)
		return ovp_error_set(err, OVP_ELIMIT, p->book, 0,
		                     "%s inflates to more than the %llu bytes the archive declares: "
		                     "damaged, or a zip bomb; not read",
		                     p->name, p->size);
	p->buf_len = (size_t)n;
	p->last = n == 0;
	return 0;
}

/* What expat said about the XML of a part. */
static int
xml_failed(ovp_xlsx_part *p, ovp_error *err)
{
	if (p->failed)
		return p->failed;
	return ovp_error_set(err, OVP_EINPUT, p->book, 0,
	                     "damaged workbook: %s, line %lu: %s", p->name,
	                     (unsigned long)XML_GetCurrentLineNumber(p->xml),
	                     XML_ErrorString(XML_GetErrorCode(p->xml)));
}

int
ovp_xlsx_part_parse(ovp_xlsx_part *p, ovp_error *err)
{
	for (;;) {
		enum XML_Status status;

		if (p->failed)
			return p->failed;
		if (p->suspended) {
			p->suspended = false;
			status = XML_ResumeParser(p->xml);
		} else {
			int rc;

			if (p->done)
				return 0;
			p->ferr = err;
			rc = read_chunk(p, err);
			if (rc < 0)
				return rc;
			status = XML_Parse(p->xml, p->buf, (int)p->buf_len, p->last);
		}
		if (status == XML_STATUS_ERROR)
			return xml_failed(p, err);
		if (status == XML_STATUS_SUSPENDED) {
			p->suspended = true;
			return 1;
		}
		if (p->last) {
			p->done = true;
			return 0;
		}
		if (p->read > p->mark + TOKEN_MAX)
			return ovp_error_set(err, OVP_ELIMIT, p->book, 0,
			                     "%s holds an XML tag longer than %llu MiB: not read", p->name,
			                     TOKEN_MAX >> 20);
	}
}

int
ovp_xlsx_part_parse_all(ovp_xlsx_part *p, ovp_error *err)
{
	int rc;

	p->ferr = err;
	while ((rc = ovp_xlsx_part_parse(p, err)) > 0)
		;
	return rc;
}

/* Does the n bytes at s hold the needle (nlen bytes, at least one)? */
static bool
holds(const char *s, size_t n, const char *needle, size_t nlen)
{
	const char *end = s + n;

	while ((size_t)(end - s) >= nlen) {
		const char *c = memchr(s, needle[0], (size_t)(end - s) - nlen + 1);

		if (c == NULL)
			return false;
		if (memcmp(c, needle, nlen) == 0)
			return true;
		s = c + 1;
	}
	return false;
}

int
ovp_xlsx_part_contains(ovp_xlsx_part *p, const char *needle, bool *found, ovp_error *err)
{
	size_t nlen = strlen(needle), keep = 0;
	char *win = malloc(PART_CHUNK + nlen);

	*found = false;
	if (win == NULL)
		return ovp_error_set(err, OVP_ENOMEM, p->book, 0, "out of memory");
	/* Each chunk is searched after the last bytes of the one before, so that
	 * a needle split between two chunks is found too. */
	for (;;) {
		int rc = read_chunk(p, err);
		size_t have;

		if (rc < 0) {
			free(win);
			return rc;
		}
		if (p->buf_len == 0)
			break;
		memcpy(win + keep, p->buf, p->buf_len);
		have = keep + p->buf_len;
		if (holds(win, have, needle, nlen)) {
			*found = true;
			break;
		}
		keep = have < nlen - 1 ? have : nlen - 1;
		memmove(win, win + have - keep, keep);
	}
	free(win);
	return 0;
}

void
ovp_xlsx_part_close(ovp_xlsx_part *p)
{
	if (p->xml != NULL)
		XML_ParserFree(p->xml);
	if (p->zf != NULL)
		zip_fclose(p->zf);
	free(p->buf);
	p->xml = NULL;
	p->zf = NULL;
	p->buf = NULL;
}
