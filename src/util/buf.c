/*
 * The growing string with a limit that every rendered text goes
 * through (buf.h).
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <overpromise/error.h>

#include "buf.h"

int
ovp_rbuf_fail(ovp_rbuf *b, int err)
{
	if (b->err == 0)
		b->err = err;
	/* No room left: ovp_rbuf_room() then always asks ovp_rbuf_grow(), which refuses. */
	b->cap = b->len;
	return b->err;
}

bool
ovp_rbuf_grow(ovp_rbuf *b, size_t n)
{
	size_t max = b->max != 0 ? b->max : OVP_RBUF_MAX;
	size_t need, cap;
	char *nd;

	if (b->err != 0)
		return false;
	if (n > max || b->len > max - n) {
		(void)ovp_rbuf_fail(b, OVP_ELIMIT);
		return false;
	}
	need = b->len + n + 1;
	if (need <= b->cap)
		return true;
	cap = b->cap != 0 ? b->cap : 256;
	while (cap < need)
		cap = cap > SIZE_MAX / 2 ? need : cap * 2;
	/* Never room past the limit, so that ovp_rbuf_room()'s quick answer keeps to it. */
	if (max < SIZE_MAX && cap > max + 1)
		cap = max + 1;
	nd = realloc(b->data, cap);
	if (nd == NULL) {
		(void)ovp_rbuf_fail(b, OVP_ENOMEM);
		return false;
	}
	b->data = nd;
	b->cap = cap;
	return true;
}

void
ovp_rbuf_put(ovp_rbuf *b, const char *s, size_t n)
{
	if (!ovp_rbuf_room(b, n))
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
		(void)ovp_rbuf_fail(b, OVP_ENOMEM);
		return;
	}
	if (!ovp_rbuf_room(b, (size_t)n))
		return;
	va_start(ap, fmt);
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

int
ovp_rbuf_write(ovp_rbuf *b, FILE *out)
{
	int rc = b->err;

	if (rc == 0 && b->len > 0 && fwrite(b->data, 1, b->len, out) != b->len)
		rc = OVP_EIO;
	ovp_rbuf_reset(b);
	return rc;
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

