/*
 * A growing string with a limit (not public).
 *
 * Every text the library renders goes through one: a report's finding,
 * a line of the text report, a message with U+FFFD put in.  The first
 * append that fails (out of memory, or past max bytes) records
 * OVP_ENOMEM or OVP_ELIMIT in err, and every later append does nothing,
 * so that a writer can render a whole finding and check once.  data is
 * NUL-terminated once anything was appended with the put functions.
 *
 * A writer that renders millions of pieces (the JSON report) asks for
 * room once with ovp_rbuf_room() and stores the bytes itself: a failure
 * leaves no room, so that the check for room is the only check.
 */
#ifndef OVP_UTIL_BUF_H
#define OVP_UTIL_BUF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

typedef struct ovp_rbuf {
	char *data;
	size_t len, cap;
	size_t max;  /* most bytes kept; 0 for OVP_RBUF_MAX */
	int err;     /* the first failure, 0 while none */
} ovp_rbuf;

/* The limit of an rbuf whose max is 0: far more than one finding needs. */
#define OVP_RBUF_MAX ((size_t)64 << 20)

/*
 * Make room for n more bytes and a NUL, the size doubling from 256
 * bytes, without overflow, up to the limit.  False, with b->err set and
 * no room left, when that fails or an earlier call did.
 */
bool ovp_rbuf_grow(ovp_rbuf *b, size_t n);

/* ovp_rbuf_grow() with the common case, room already there, inline. */
static inline bool
ovp_rbuf_room(ovp_rbuf *b, size_t n)
{
	return n < b->cap - b->len || ovp_rbuf_grow(b, n);
}

/* Record err (OVP_ENOMEM, OVP_ELIMIT, OVP_EIO) unless one is there, leave no room; returns b->err. */
int ovp_rbuf_fail(ovp_rbuf *b, int err);

void ovp_rbuf_put(ovp_rbuf *b, const char *s, size_t n);
void ovp_rbuf_puts(ovp_rbuf *b, const char *s);
void ovp_rbuf_putc(ovp_rbuf *b, char c);
/* Append the code point at s (len bytes from ovp_utf8_next()), U+FFFD for an invalid byte. */
void ovp_rbuf_put_cp(ovp_rbuf *b, const char *s, size_t len, uint32_t cp);

/* A set of the characters ' ' to '?' for ovp_rbuf_put_plain(), where the markup characters are. */
#define OVP_STOP(c) (UINT32_C(1) << ((c) - 0x20))

/*
 * Append the longest prefix of the n bytes at s that is printable ASCII
 * (' ' to '~') outside stop, and return its length: escapers copy runs
 * of plain text with it and look at each other code point on its own.
 */
size_t ovp_rbuf_put_plain(ovp_rbuf *b, const char *s, size_t n, uint32_t stop);

void ovp_rbuf_printf(ovp_rbuf *b, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 2, 3)))
#endif
	;

/*
 * Write the contents to out and forget them (ovp_rbuf_reset()).  Returns
 * 0; the buffer's error, when an append failed; or OVP_EIO, with errno
 * saying why, when the write does.
 */
int ovp_rbuf_write(ovp_rbuf *b, FILE *out);

/* Forget the contents, keep the memory and the limit, clear the error. */
void ovp_rbuf_reset(ovp_rbuf *b);
void ovp_rbuf_free(ovp_rbuf *b);

#endif
