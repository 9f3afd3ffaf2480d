/*
 * Report files written atomically: into a temporary file next to the
 * target, renamed into place only when every byte was written and the
 * file closed without error.  A failed run never leaves a truncated
 * report behind.  A target that is a device or a pipe (/dev/null, a FIFO)
 * is written in place instead, so that it stays what it is.
 */
#ifndef OVERPROMISE_OUTPUT_H
#define OVERPROMISE_OUTPUT_H

#include <stdio.h>

#include <overpromise/common.h>
#include <overpromise/error.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct ovp_output ovp_output;

/**
 * Start writing path ("-" or NULL for standard output).  On success *out
 * is the caller's, to be finished with ovp_output_commit() or
 * ovp_output_abort(), and *fp is the stream to write to (owned by *out).
 * Fails with OVP_EIO when the temporary file cannot be created or path
 * is a directory.
 */
OVP_EXTERN int ovp_output_open(ovp_output **out, const char *path, FILE **fp, ovp_error *err);

/**
 * Flush and close the stream (unless ovp_output_close() did) and rename
 * the file into place.  Fails with
 * OVP_EIO (naming the file) when any write, the close or the rename
 * failed; the temporary file is removed then.  Frees o in every case.
 */
OVP_EXTERN int ovp_output_commit(ovp_output *o, ovp_error *err);

/**
 * Flush and close the stream (standard output is only flushed), leaving
 * the rename to ovp_output_commit(): a run that writes several reports
 * closes every one before any replaces its file, so that a failed write
 * leaves none of them changed.  Fails with OVP_EIO naming the file; o is
 * then still the caller's, to abort.  Calling it again does nothing.
 */
OVP_EXTERN int ovp_output_close(ovp_output *o, ovp_error *err);

/** Give up: close and remove the temporary file, free o.  o may be NULL. */
OVP_EXTERN void ovp_output_abort(ovp_output *o);

/**
 * The temporary file the report is written to until it is renamed into
 * place, or NULL when the target is written in place (standard output, a
 * device, a pipe).  For a program that removes it when a signal ends the
 * run before ovp_output_commit() or ovp_output_abort() could.
 */
OVP_EXTERN const char *ovp_output_temp_path(const ovp_output *o);

#ifdef __cplusplus
}
#endif

#endif
