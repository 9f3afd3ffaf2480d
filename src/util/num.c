/*
 * Numbers as text (num.h).
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "num.h"

char *
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
