/*
 * Fuzz target: the promise-cell grammar (ovp_promise_split).  The first
 * byte chooses the date context, the rest is the cell, handed over in a
 * buffer of its exact size so that a read past it is caught.
 *
 * Checked besides memory errors: every part points into the cell, is
 * trimmed and non-empty; the feature starts the promise and the date
 * lies after it; a date has a window exactly when it was read, a bad one
 * (empty only after "@") none; a date that reads two ways has both
 * readings; a problem message is written exactly for a bad date or one
 * that reads two ways, and never past its buffer.
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <overpromise/deals.h>
#include <overpromise/promise.h>

#include "fuzz.h"

typedef struct bounds {
	const char *s, *e;
	size_t parts;
	const ovp_date_context *ctx;
} bounds;

static bool
blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

static int
on_part(void *arg, const ovp_promise_part *p)
{
	bounds *b = arg;

	b->parts++;
	FUZZ_CHECK(p->text >= b->s && p->text_len > 0 && p->text_len <= (size_t)(b->e - p->text));
	FUZZ_CHECK(!blank(p->text[0]) && !blank(p->text[p->text_len - 1]));
	FUZZ_CHECK(memchr(p->text, ';', p->text_len) == NULL);
	FUZZ_CHECK(memchr(p->text, '|', p->text_len) == NULL);
	FUZZ_CHECK(memchr(p->text, '\n', p->text_len) == NULL);
	FUZZ_CHECK(memchr(p->text, '\r', p->text_len) == NULL);
	FUZZ_CHECK(p->feature == p->text);
	FUZZ_CHECK(p->feature_len > 0 && p->feature_len <= p->text_len);
	char msg[64];

	if (p->date != NULL) {
		FUZZ_CHECK(p->date >= p->feature + p->feature_len);
		FUZZ_CHECK(p->date + p->date_len <= p->text + p->text_len);
		FUZZ_CHECK(p->date_len > 0 || (p->bad_date && p->at_sign));
		if (p->bad_date)
			FUZZ_CHECK(!ovp_window_is_set(p->due) && p->date_status != OVP_DATE_OK);
		else
			FUZZ_CHECK(ovp_window_is_set(p->due) && p->due.start <= p->due.end);
	} else {
		FUZZ_CHECK(!ovp_window_is_set(p->due) && !p->bad_date);
	}
	if (p->bad_date)
		FUZZ_CHECK(p->feature_len < p->text_len);
	if (p->two_readings)
		FUZZ_CHECK(p->date != NULL && !p->bad_date && ovp_window_is_set(p->other) &&
		           p->other.start != p->due.start);
	msg[sizeof msg - 1] = 'x';
	FUZZ_CHECK(ovp_promise_date_problem(p, b->ctx, msg, sizeof msg - 1) ==
	           (p->bad_date || p->two_readings));
	FUZZ_CHECK(msg[sizeof msg - 1] == 'x');
	return 0;
}

/* Stop at the second part: the splitter must return the callback's value. */
static int
stop_second(void *arg, const ovp_promise_part *p)
{
	size_t *n = arg;

	(void)p;
	return ++*n == 2 ? 7 : 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	ovp_date_context ctx;
	bounds b;
	char *cell;
	size_t len, n = 0;
	int rc;

	if (size < 1)
		return 0;
	ctx.order = (ovp_date_order)(data[0] % 3);
	ctx.allow_serial = (data[0] & 4) != 0;
	ctx.as_of = (data[0] & 8) ? OVP_DAY_NONE : 20783; /* 2026-11-26 */
	len = size - 1;
	cell = malloc(len ? len : 1);
	if (cell == NULL)
		return 0;
	memcpy(cell, data + 1, len);
	b.s = cell;
	b.e = cell + len;
	b.parts = 0;
	b.ctx = (data[0] & 16) ? NULL : &ctx;
	rc = ovp_promise_split(cell, len, (data[0] & 16) ? NULL : &ctx, on_part, &b);
	FUZZ_CHECK(rc == 0);
	rc = ovp_promise_split(cell, len, &ctx, stop_second, &n);
	FUZZ_CHECK(rc == (b.parts >= 2 ? 7 : 0));
	free(cell);
	return 0;
}
