/*
 * Fuzz target: the amount and currency parsers.  The whole input is
 * one amount cell, and one currency cell.
 *
 * Checked besides memory errors and undefined behaviour: an amount read
 * is a finite number (a report can neither show nor sum infinity), and
 * the currency is a NUL-terminated code that fits its buffer.
 */
#include <math.h>
#include <string.h>

#include "fuzz.h"
#include "src/amount.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	char cur[OVP_CURRENCY_SIZE + 1];
	double v = 0.0;
	ovp_amount_status st;

	/* A guard byte after the buffer shows a write past OVP_CURRENCY_SIZE. */
	memset(cur, 'X', sizeof cur);
	cur[0] = '\0';
	st = ovp_amount_parse(s, size, &v, cur);
	FUZZ_CHECK(st == OVP_AMOUNT_OK || st == OVP_AMOUNT_EMPTY || st == OVP_AMOUNT_INVALID);
	FUZZ_CHECK(cur[OVP_CURRENCY_SIZE] == 'X');
	FUZZ_CHECK(memchr(cur, '\0', OVP_CURRENCY_SIZE) != NULL);
	if (st == OVP_AMOUNT_OK)
		FUZZ_CHECK(isfinite(v));

	memset(cur, 'X', sizeof cur);
	if (ovp_currency_parse(s, size, cur) == 0) {
		FUZZ_CHECK(memchr(cur, '\0', OVP_CURRENCY_SIZE) != NULL);
		FUZZ_CHECK(cur[0] != '\0');
	}
	FUZZ_CHECK(cur[OVP_CURRENCY_SIZE] == 'X');
	return 0;
}
