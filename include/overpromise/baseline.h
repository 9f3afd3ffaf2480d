/*
 * Baselines: the fingerprints of accepted findings, written by
 * `check --write-baseline` and read by `check --baseline`, whose
 * findings are then reported as suppressed and never fail the run.
 */
#ifndef OVERPROMISE_BASELINE_H
#define OVERPROMISE_BASELINE_H

#include <stdbool.h>
#include <stddef.h>

#include <overpromise/common.h>
#include <overpromise/error.h>
#include <overpromise/finding.h>

#ifdef __cplusplus
extern "C" {
#endif

/** A set of fingerprints of accepted findings. */
typedef struct ovp_baseline ovp_baseline;

/** The format of a baseline file, its "format" field (a file without one is version 1 too). */
#define OVP_BASELINE_FORMAT "overpromise-baseline/1"

/**
 * Read a baseline written by ovp_baseline_write().  On success *out is
 * the caller's to free with ovp_baseline_free().  Fails with OVP_EIO or
 * OVP_EINPUT (not a baseline) naming the file.
 */
OVP_EXTERN int ovp_baseline_load(ovp_baseline **out, const char *path, ovp_error *err);

/** True when the fingerprint is in the baseline (b may be NULL). */
OVP_EXTERN bool ovp_baseline_contains(const ovp_baseline *b, const char *fingerprint);

/**
 * Write n fingerprints to path as a baseline (sorted, without
 * duplicates), atomically: a temporary file renamed into place.  Fails
 * with OVP_EIO naming the file.
 */
OVP_EXTERN int ovp_baseline_write(const char *path, const char (*prints)[OVP_FINGERPRINT_SIZE],
                                  size_t n, ovp_error *err);

/** Free a baseline.  b may be NULL. */
OVP_EXTERN void ovp_baseline_free(ovp_baseline *b);

#ifdef __cplusplus
}
#endif

#endif
