/*
 * The trend of a history of runs (`overpromise trend FILE`): one run a
 * row, with the change since the run before.
 */
#ifndef OVERPROMISE_TREND_H
#define OVERPROMISE_TREND_H

#include <stdio.h>

#include <overpromise/common.h>
#include <overpromise/error.h>
#include <overpromise/run_history.h>

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Write the history as a trend table in format (text, markdown, json or
 * csv) to out: per run its as-of date, deals, promises, findings by
 * severity, value at risk and the change since the run before.  Fails
 * with OVP_EUSAGE for another format, OVP_EIO when out cannot be written.
 */
OVP_EXTERN int ovp_trend_write(const ovp_run_history *h, const char *format, FILE *out,
                               ovp_error *err);

/** The formats of ovp_trend_write(), NULL-terminated. */
OVP_EXTERN const char *const *ovp_trend_formats(void);

#ifdef __cplusplus
}
#endif

#endif
