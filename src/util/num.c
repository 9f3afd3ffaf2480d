/*
 * Numbers as text (num.h).
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "num.h"

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
