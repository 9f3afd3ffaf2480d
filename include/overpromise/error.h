/*
 * Errors of the overpromise library.
 *
 * Library functions return an int: 0 (OVP_OK) on success or one of the
 * negative codes below.  On failure they fill the ovp_error the caller
 * passed with a one-line message that already names the file and, where
 * there is one, the line ("deals.csv:1: no column holds ...").  Only the
 * command line turns these into text on stderr and into exit codes.
 */
#ifndef OVERPROMISE_ERROR_H
#define OVERPROMISE_ERROR_H

#include <stddef.h>

#include <overpromise/common.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Result codes: 0 is success, every failure is negative. */
enum ovp_code {
	OVP_OK = 0,
	OVP_ENOMEM = -1,  /**< out of memory */
	OVP_EIO = -2,     /**< a file could not be opened, read or written */
	OVP_EINPUT = -3,  /**< an input file is not what it must be (no header, no CSV, missing column) */
	OVP_ECONFIG = -4, /**< the configuration file has an unknown key or a bad value */
	OVP_EUSAGE = -5,  /**< an argument given by the caller is invalid */
	OVP_ELIMIT = -6   /**< an input exceeds one of the documented limits */
};

/** Longest message kept, including the file and line prefix. */
#define OVP_ERROR_MESSAGE_MAX 1024

/** What went wrong: the code, the file and line if any, and the full message. */
typedef struct ovp_error {
	int code;                           /**< one of enum ovp_code */
	long line;                          /**< 1-based line in the file, 0 when none */
	char message[OVP_ERROR_MESSAGE_MAX]; /**< "file:line: what was expected" */
} ovp_error;

/**
 * Record an error: formats "FILE:LINE: " (or "FILE: " when line is 0, or
 * nothing when file is NULL) followed by the printf-style message.
 * err may be NULL.  Returns code, so that callers can write
 * `return ovp_error_set(err, OVP_EINPUT, path, 1, "...")`.
 */
OVP_EXTERN int ovp_error_set(ovp_error *err, int code, const char *file, long line,
                             const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 5, 6)))
#endif
	;

/** Clear err to "no error". err may be NULL. */
OVP_EXTERN void ovp_error_clear(ovp_error *err);

#ifdef __cplusplus
}
#endif

#endif
