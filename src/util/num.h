/*
 * Numbers as text (not public): integers for every writer that formats
 * them itself (messages, the JSON report), reals as the machine formats
 * write them, whatever the locale.
 */
#ifndef OVP_UTIL_NUM_H
#define OVP_UTIL_NUM_H

#include <string.h>

/* Bytes of the buffer ovp_format_uint() writes into: the 20 digits of 2^64 - 1, a sign, room. */
#define OVP_UINT_BUF 24

/*
 * The decimal digits of v at the end of buf[0, OVP_UINT_BUF), two at a
 * time (line numbers have six or seven); returns where they start, so
 * that a caller can put a '-' before them.  Not NUL-terminated: the
 * length is buf + OVP_UINT_BUF minus the result.
 */
static inline char *
ovp_format_uint(unsigned long long v, char buf[OVP_UINT_BUF])
{
	static const char pairs[] = "00010203040506070809"
	                            "10111213141516171819"
	                            "20212223242526272829"
	                            "30313233343536373839"
	                            "40414243444546474849"
	                            "50515253545556575859"
	                            "60616263646566676869"
	                            "70717273747576777879"
	                            "80818283848586878889"
	                            "90919293949596979899";
	char *d = buf + OVP_UINT_BUF;

	while (v >= 100) {
		d -= 2;
		memcpy(d, pairs + 2 * (v % 100), 2);
		v /= 100;
	}
	if (v >= 10) {
		d -= 2;
		memcpy(d, pairs + 2 * v, 2);
	} else {
		*--d = (char)('0' + v);
	}
	return d;
}

/*
 * A number as the machine formats write it: the shortest form that reads
 * back as v to 15 significant digits ("120000", "0.92", "-5000.5"), with
 * a '.' whatever the locale.  buf holds at least 32 bytes.
 */
char *ovp_format_number(double v, char buf[32]);

/* v rounded to three decimals, as probabilities and scores are reported. */
double ovp_round3(double v);

#endif
