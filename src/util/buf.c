/*
 * What the machine report formats share: a growing string with a limit
 * to render one finding into, a spool that keeps the body of a report
 * whose head can only be written at the end (JUnit needs its counts
 * first, Markdown puts its summary on top) without letting memory grow
 * with the findings, a UTF-8 decoder for the escapers of XML and
 * Markdown, and numbers written the same way in every format.
 */
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../report/report_impl.h"

/* Make room for n more bytes and the NUL; false (with b->err set) when that fails. */
static bool
rbuf_grow(ovp_rbuf *b, size_t n)
{
	size_t max = b->max != 0 ? b->max : OVP_RBUF_MAX;
	size_t need, cap;
	char *nd;

	if (b->err != 0)
		return false;
	if (n > max || b->len > max - n) {
		b->err = OVP_ELIMIT;
		return false;
	}
	need = b->len + n + 1;
	if (need <= b->cap)
		return true;
	cap = b->cap != 0 ? b->cap : 256;
	while (cap < need)
		cap = cap > SIZE_MAX / 2 ? need : cap * 2;
	nd = realloc(b->data, cap);
	if (nd == NULL) {
		b->err = OVP_ENOMEM;
		return false;
	}
	b->data = nd;
	b->cap = cap;
	return true;
}

void
ovp_rbuf_put(ovp_rbuf *b, const char *s, size_t n)
{
	if (!rbuf_grow(b, n))
		return;
	if (n > 0)
		memcpy(b->data + b->len, s, n);
	b->len += n;
	b->data[b->len] = '\0';
}

size_t
ovp_rbuf_put_plain(ovp_rbuf *b, const char *s, size_t n, uint32_t stop)
{
	size_t run = 0;

	for (; run < n; run++) {
		unsigned char c = (unsigned char)s[run];

		if (c < 0x20 || c > 0x7E || (c < 0x40 && (stop >> (c - 0x20) & 1) != 0))
			break;
	}
	if (run > 0)
		ovp_rbuf_put(b, s, run);
	return run;
}

void
ovp_rbuf_puts(ovp_rbuf *b, const char *s)
{
	ovp_rbuf_put(b, s, strlen(s));
}

void
ovp_rbuf_put_cp(ovp_rbuf *b, const char *s, size_t len, uint32_t cp)
{
	if (cp == 0xFFFD && len == 1)
		ovp_rbuf_put(b, "\xEF\xBF\xBD", 3);
	else
		ovp_rbuf_put(b, s, len);
}

void
ovp_rbuf_putc(ovp_rbuf *b, char c)
{
	ovp_rbuf_put(b, &c, 1);
}

void
ovp_rbuf_printf(ovp_rbuf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0) {
		if (b->err == 0)
			b->err = OVP_ENOMEM;
		return;
	}
	if (!rbuf_grow(b, (size_t)n))
		return;
	va_start(ap, fmt);
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

void
ovp_rbuf_reset(ovp_rbuf *b)
{
	b->len = 0;
	b->err = 0;
	if (b->data != NULL)
		b->data[0] = '\0';
}

void
ovp_rbuf_free(ovp_rbuf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
	b->err = 0;
}

/*
 * Keep n bytes: in memory while the spool is under its threshold, else
 * in a temporary file that the C library removes when it is closed.
 */
int
ovp_spool_write(ovp_spool *sp, const char *s, size_t n)
{
	size_t threshold = sp->threshold != 0 ? sp->threshold : OVP_SPOOL_MEMORY;

	if (sp->file == NULL && sp->mem.len + n > threshold) {
		sp->file = tmpfile();
		if (sp->file == NULL)
			return OVP_EIO;
		if (sp->mem.len > 0 && fwrite(sp->mem.data, 1, sp->mem.len, sp->file) != sp->mem.len)
			return OVP_EIO;
		ovp_rbuf_free(&sp->mem);
	}
	if (sp->file != NULL)
		return n == 0 || fwrite(s, 1, n, sp->file) == n ? 0 : OVP_EIO;
	sp->mem.max = threshold;
	ovp_rbuf_put(&sp->mem, s, n);
	return sp->mem.err;
}

int
ovp_spool_copy(ovp_spool *sp, FILE *out)
{
	char chunk[8192];
	size_t n;

	if (sp->file == NULL)
		return sp->mem.len == 0 || fwrite(sp->mem.data, 1, sp->mem.len, out) == sp->mem.len
		               ? 0
		               : OVP_EIO;
	if (fflush(sp->file) != 0 || fseek(sp->file, 0, SEEK_SET) != 0)
		return OVP_EIO;
	while ((n = fread(chunk, 1, sizeof chunk, sp->file)) > 0)
		if (fwrite(chunk, 1, n, out) != n)
			return OVP_EIO;
	return ferror(sp->file) ? OVP_EIO : 0;
}

void
ovp_spool_free(ovp_spool *sp)
{
	ovp_rbuf_free(&sp->mem);
	if (sp->file != NULL)
		fclose(sp->file);
	sp->file = NULL;
}

size_t
ovp_utf8_next(const char *s, size_t n, uint32_t *cp)
{
	const unsigned char *p = (const unsigned char *)s;
	unsigned char lo = 0x80, hi = 0xBF;
	size_t len;
	uint32_t c;

	if (p[0] < 0x80) {
		*cp = p[0];
		return 1;
	}
	if (p[0] >= 0xC2 && p[0] <= 0xDF) {
		len = 2;
		c = p[0] & 0x1F;
	} else if (p[0] >= 0xE0 && p[0] <= 0xEF) {
		len = 3;
		c = p[0] & 0x0F;
		if (p[0] == 0xE0)
			lo = 0xA0; /* overlong */
		else if (p[0] == 0xED)
			hi = 0x9F; /* surrogates */
	} else if (p[0] >= 0xF0 && p[0] <= 0xF4) {
		len = 4;
		c = p[0] & 0x07;
		if (p[0] == 0xF0)
			lo = 0x90; /* overlong */
		else if (p[0] == 0xF4)
			hi = 0x8F; /* past U+10FFFF */
	} else {
		*cp = 0xFFFD;
		return 1;
	}
	if (n < len || p[1] < lo || p[1] > hi) {
		*cp = 0xFFFD;
		return 1;
	}
	c = (c << 6) | (p[1] & 0x3F);
	for (size_t i = 2; i < len; i++) {
		if (p[i] < 0x80 || p[i] > 0xBF) {
			*cp = 0xFFFD;
			return 1;
		}
		c = (c << 6) | (p[i] & 0x3F);
	}
	*cp = c;
	return len;
}

json_t *
ovp_json_text(const char *s)
{
	size_t n = strlen(s);
	ovp_rbuf b = {0};
	json_t *j;

	j = json_stringn(s, n);
	if (j != NULL)
		return j;
	/* jansson refuses invalid UTF-8: replace what does not decode. */
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		size_t len = ovp_utf8_next(s + i, n - i, &cp);

		ovp_rbuf_put_cp(&b, s + i, len, cp);
		i += len;
	}
	j = b.err == 0 ? json_stringn(b.data != NULL ? b.data : "", b.len) : NULL;
	ovp_rbuf_free(&b);
	return j;
}

json_t *
ovp_json_roadmaps(const ovp_report_meta *meta)
{
	size_t n;
	const char *const *paths = ovp_report_roadmaps(meta, &n);
	json_t *arr;

	if (n == 0)
		return json_null();
	if (n == 1)
		return ovp_json_text(paths[0]);
	arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, ovp_json_text(paths[i]));
	return arr;
}

int
ovp_put_json(FILE *out, const json_t *v, int indent)
{
	char *text = json_dumps(v, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_ENCODE_ANY |
	                               JSON_REAL_PRECISION(15));
	size_t len, lines = 0, pad = indent > 0 ? (size_t)indent : 0;
	char *buf, *o;
	int rc = 0;

	if (text == NULL)
		return OVP_ENOMEM;
	len = strlen(text);
	if (pad == 0) {
		rc = fwrite(text, 1, len, out) == len ? 0 : OVP_EIO;
		free(text);
		return rc;
	}
	/* The indented text is built whole and written at once: a write per line costs more than the dump. */
	for (const char *p = text; (p = memchr(p, '\n', len - (size_t)(p - text))) != NULL; p++)
		lines++;
	if (lines > (SIZE_MAX - len) / pad || (buf = malloc(len + lines * pad)) == NULL) {
		free(text);
		return OVP_ENOMEM;
	}
	o = buf;
	for (const char *p = text, *end = text + len; p < end;) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl != NULL ? (size_t)(nl - p) + 1 : (size_t)(end - p);

		memcpy(o, p, n);
		o += n;
		if (nl != NULL) {
			memset(o, ' ', pad);
			o += pad;
		}
		p += n;
	}
	if (fwrite(buf, 1, (size_t)(o - buf), out) != (size_t)(o - buf))
		rc = OVP_EIO;
	free(buf);
	free(text);
	return rc;
}

char *
ovp_format_number(double v, char buf[32])
{
	if (!isfinite(v)) {
		strcpy(buf, "0");
		return buf;
	}
	if (v == 0.0)
		v = 0.0; /* no "-0" */
	snprintf(buf, 32, "%.15g", v);
	/* A locale with a decimal comma must not leak into machine formats. */
	for (char *p = buf; *p != '\0'; p++)
		if (*p == ',')
			*p = '.';
	return buf;
}

double
ovp_round3(double v)
{
	return round(v * 1000.0) / 1000.0;
}
