/*
 * Fuzz target: the JSON writer's string escaping (ovp_json_put_string,
 * which escapes sixteen bytes at a time) against a plain reference that
 * goes byte by byte, on arbitrary bytes: invalid UTF-8, control
 * characters, long runs of plain or special bytes.  The input is cut at
 * its NUL bytes into strings; each is escaped on its own, from an
 * allocation of exactly its size (so that a read past its end is
 * caught), into a buffer already holding some bytes (the input's first
 * byte chooses how many), and once more repeated until it is longer than
 * a few words.  Valid strings are also checked against jansson, whose
 * output the writer promises to match byte for byte.
 */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "fuzz.h"
#include "src/util/buf.h"
#include "src/util/json.h"

/* Length of the valid UTF-8 sequence at s (n bytes left), or 0 when it is not one. */
static size_t
utf8_valid(const unsigned char *s, size_t n)
{
	uint32_t cp;
	size_t len;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xC2 && s[0] <= 0xDF)
		len = 2, cp = s[0] & 0x1F;
	else if (s[0] >= 0xE0 && s[0] <= 0xEF)
		len = 3, cp = s[0] & 0x0F;
	else if (s[0] >= 0xF0 && s[0] <= 0xF4)
		len = 4, cp = s[0] & 0x07;
	else
		return 0;
	if (n < len)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3F);
	}
	if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) || cp > 0x10FFFF ||
	    (cp >= 0xD800 && cp <= 0xDFFF))
		return 0;
	return len;
}

/*
 * The JSON string of the n bytes at s, written one byte at a time: '"'
 * and '\\' and the control characters escaped as jansson escapes them,
 * each byte that starts no valid UTF-8 sequence as U+FFFD.  Sets *valid
 * to whether every byte was valid.  The caller frees the result.
 */
static char *
reference(const unsigned char *s, size_t n, size_t *out_len, int *valid)
{
	char *out = malloc(6 * n + 3), *o = out;

	FUZZ_CHECK(out != NULL);
	*valid = 1;
	*o++ = '"';
	for (size_t i = 0; i < n;) {
		unsigned char c = s[i];
		size_t len = utf8_valid(s + i, n - i);

		if (len == 0) {
			memcpy(o, "\xEF\xBF\xBD", 3);
			o += 3;
			i++;
			*valid = 0;
		} else if (c == '"' || c == '\\') {
			*o++ = '\\';
			*o++ = (char)c;
			i++;
		} else if (c < 0x20) {
			const char *esc = c == '\b' ? "\\b" : c == '\t' ? "\\t" : c == '\n' ? "\\n"
			                : c == '\f' ? "\\f" : c == '\r' ? "\\r" : NULL;

			if (esc != NULL) {
				memcpy(o, esc, 2);
				o += 2;
			} else {
				static const char hex[] = "0123456789ABCDEF";

				memcpy(o, "\\u00", 4);
				o[4] = hex[c >> 4];
				o[5] = hex[c & 0xF];
				o += 6;
			}
			i++;
		} else {
			memcpy(o, s + i, len);
			o += len;
			i += len;
		}
	}
	*o++ = '"';
	*out_len = (size_t)(o - out);
	return out;
}

/* Escape the n bytes at s (no NUL among them) after pad bytes, and check the result. */
static void
check_string(const unsigned char *s, size_t n, size_t pad)
{
	char *exact = malloc(n + 1);
	ovp_rbuf w = {0};
	size_t ref_len;
	int valid;
	char *ref = reference(s, n, &ref_len, &valid);

	FUZZ_CHECK(exact != NULL);
	memcpy(exact, s, n);
	exact[n] = '\0';
	for (size_t i = 0; i < pad; i++)
		ovp_rbuf_putc(&w, (char)('a' + i % 26));
	FUZZ_CHECK(ovp_json_put_string(&w, exact) == n);
	FUZZ_CHECK(w.err == 0);
	FUZZ_CHECK(w.len == pad + ref_len);
	for (size_t i = 0; i < pad; i++)
		FUZZ_CHECK(w.data[i] == (char)('a' + i % 26));
	FUZZ_CHECK(memcmp(w.data + pad, ref, ref_len) == 0);
	if (valid) {
		json_t *j = json_stringn(exact, n);
		char *dumped;

		FUZZ_CHECK(j != NULL);
		dumped = json_dumps(j, JSON_ENCODE_ANY);
		FUZZ_CHECK(dumped != NULL);
		FUZZ_CHECK(strlen(dumped) == ref_len && memcmp(dumped, ref, ref_len) == 0);
		free(dumped);
		json_decref(j);
	}
	ovp_rbuf_free(&w);
	free(ref);
	free(exact);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t pad = size > 0 ? data[0] % 40 : 0;
	const uint8_t *p = data, *end = data + size;

	for (;;) {
		const uint8_t *nul = memchr(p, '\0', (size_t)(end - p));
		const uint8_t *stop = nul != NULL ? nul : end;
		size_t n = (size_t)(stop - p);

		check_string(p, n, pad);
		/* The string again and again, past several words, when it is short. */
		if (n > 0 && n < 64) {
			unsigned char longer[200];
			size_t k = 0;

			while (k + n <= sizeof longer) {
				memcpy(longer + k, p, n);
				k += n;
			}
			check_string(longer, k, pad);
		}
		if (nul == NULL)
			break;
		p = nul + 1;
	}
	return 0;
}
