/*
 * JSON text (json.h).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <overpromise/error.h>

#include "json.h"
#include "utf8.h"

/*
 * What follows a backslash for the bytes that jansson escapes with two
 * characters; 0 for the other control characters, written \u00XX.
 */
static const char short_escape[0x60] = {
	['\b'] = 'b', ['\t'] = 't', ['\n'] = 'n', ['\f'] = 'f', ['\r'] = 'r',
	['"'] = '"',   ['\\'] = '\\',
};

/* Where writing a byte that needs more than copying leaves the output, and the bytes it read. */
typedef struct escaped {
	char *o;
	size_t read;
} escaped;

/*
 * Write the byte at p, one that needs more than copying (a control
 * character, '"', '\\' or the first of a UTF-8 sequence, which ends
 * before end), at o as JSON writes it.  Both positions come back in
 * registers: through pointers, the input's would be stored and loaded
 * again for every word of every string.
 */
static escaped
put_other(char *o, const unsigned char *p, const unsigned char *end)
{
	static const char hex[] = "0123456789ABCDEF";
	unsigned char c = *p;

	if (c >= 0x80) {
		uint32_t cp;
		size_t len = ovp_utf8_next((const char *)p, (size_t)(end - p), &cp);

		if (cp == 0xFFFD && len == 1) {
			memcpy(o, "\xEF\xBF\xBD", 3);
			return (escaped){o + 3, 1};
		}
		memcpy(o, p, len);
		return (escaped){o + len, len};
	}
	/* A control character, '"' or '\\': each below 0x60. */
	o[0] = '\\';
	if (short_escape[c] != 0) {
		o[1] = short_escape[c];
		return (escaped){o + 2, 1};
	}
	memcpy(o + 1, "u00", 3);
	o[4] = hex[c >> 4];
	o[5] = hex[c & 0xF];
	return (escaped){o + 6, 1};
}

/*
 * put_other() with the most common of those bytes, the quotes around
 * the texts a message quotes, written in line.
 */
static inline escaped
put_special(char *o, const unsigned char *p, const unsigned char *end)
{
	unsigned char c = *p;

	if (c != '"' && c != '\\')
		return put_other(o, p, end);
	o[0] = '\\';
	o[1] = (char)c;
	return (escaped){o + 2, 1};
}

/*
 * Plain bytes, nearly all, go a word at a time: each word is stored
 * whole and the output advanced past its plain bytes only, so that a
 * special byte costs one step and no byte-by-byte scan.  Whole words
 * are taken in a loop of their own, which a plain word leaves by its
 * one test; the last few bytes are moved into a zeroed word of their own
 * first (in registers, with SSE2), as reading a whole word there would
 * read past the string.  The output has OVP_JSON_CHUNK bytes to spare for
 * the stores that reach past what is kept.
 */
char *
ovp_json_escape_at(char *o, const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	const unsigned char *end = p + n;

	*o++ = '"';
	for (;;) {
		size_t left, k;

		while ((size_t)(end - p) >= OVP_JSON_CHUNK) {
			k = ovp_json_copy_plain(p, o, OVP_JSON_CHUNK);
			o += k;
			p += k;
			if (k < OVP_JSON_CHUNK) {
				escaped e = put_special(o, p, end);

				o = e.o;
				p += e.read;
			}
		}
		left = (size_t)(end - p);
		if (left == 0)
			break;
#if OVP_JSON_CHUNK == 16
		k = ovp_json_copy_plain_vec(ovp_json_load_tail(p, left), o, left);
#else
		{
			unsigned char tail[OVP_JSON_CHUNK] = {0};

			memcpy(tail, p, left);
			k = ovp_json_copy_plain(tail, o, left);
		}
#endif
		o += k;
		p += k;
		if (k == left)
			break;
		{
			escaped e = put_special(o, p, end);

			o = e.o;
			p += e.read;
		}
	}
	*o++ = '"';
	return o;
}

size_t
ovp_json_put_string(ovp_rbuf *w, const char *s)
{
	size_t n = strlen(s);

	/* At most 6 bytes out for a byte in ("\u001F"), and the quotes. */
	if (n > (SIZE_MAX - 2 - OVP_JSON_CHUNK) / 6 || !ovp_rbuf_room(w, OVP_JSON_ROOM(n)))
		return n;
	w->len = (size_t)(ovp_json_escape_at(w->data + w->len, s, n) - w->data);
	return n;
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
