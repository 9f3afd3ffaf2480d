/*
 * Numbers as text (not public): integers for every writer that formats
 * them itself (messages, the JSON report), reals as the machine formats
 * write them, whatever the locale.
 */
#ifndef OVP_UTIL_NUM_H
#define OVP_UTIL_NUM_H

/* Bytes of the buffer ovp_format_uint() writes into: the 20 digits of 2^64 - 1, a sign, room. */
#define OVP_UINT_BUF 24

/*
 * The decimal digits of v at the end of buf[0, OVP_UINT_BUF), two at a
 * time (line numbers have six or seven); returns where they start, so
 * that a caller can put a '-' before them.  Not NUL-terminated: the
 * length is buf + OVP_UINT_BUF minus the result.
 */
char *ovp_format_uint(unsigned long long v, char buf[OVP_UINT_BUF]);

/*
 * A number as the machine formats write it: the shortest form that reads
 * back as v to 15 significant digits ("120000", "0.92", "-5000.5"), with
 * a '.' whatever the locale.  buf holds at least 32 bytes.
 */
char *ovp_format_number(double v, char buf[32]);

/* v rounded to three decimals, as probabilities and scores are reported. */
double ovp_round3(double v);

#endif
