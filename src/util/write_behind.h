/*
 * Writing behind (not public): the full buffers of a report handed to a
 * thread of their own, which writes them to a file descriptor in the
 * order they came, so that the thread that renders the report does not
 * wait while the kernel copies them.
 *
 * A few buffers go round between the two (OVP_BEHIND_BUFFERS): the one
 * that is rendered into, handed over whole, is swapped for one already
 * written, so that no byte is copied and memory stays flat; the
 * renderer waits only when every buffer is still to be written.  After
 * a write fails, nothing more is written: the buffers handed over are
 * dropped, and every later call says how the write failed.
 */
#ifndef OVP_UTIL_WRITE_BEHIND_H
#define OVP_UTIL_WRITE_BEHIND_H

#include "buf.h"

/* Buffers written behind the renderer at most. */
#define OVP_BEHIND_BUFFERS 4

typedef struct ovp_write_behind ovp_write_behind;

/*
 * Start writing behind to fd: *out is the caller's to end with
 * ovp_write_behind_end().  0, or OVP_ENOMEM (*out NULL) when memory is
 * short or no thread can start: the caller then writes for itself.
 */
int ovp_write_behind_start(ovp_write_behind **out, int fd);

/*
 * Hand the bytes of b over to be written after those handed before,
 * and give b an empty buffer (its memory one of the buffers written,
 * its limit kept), waiting while none is.  0, or OVP_EIO with errno set
 * as the failed write set it when a write failed (then b is left as it
 * is, and nothing is written).
 */
int ovp_write_behind_put(ovp_write_behind *wb, ovp_rbuf *b);

/*
 * Wait until everything handed over is written, stop the thread and
 * free wb (may be NULL).  0, or OVP_EIO with errno set as the failed
 * write set it.
 */
int ovp_write_behind_end(ovp_write_behind *wb);

#endif
