/*
 * Writing behind (not public): the full buffers of a report handed over
 * to be written to a file descriptor, in the order they came, by
 * whichever thread has the time (ovp_write_behind_one()), so that the
 * thread that renders the report does not wait while the kernel copies
 * them into the page cache.
 *
 * A few buffers go round (OVP_BEHIND_BUFFERS): the one that is rendered
 * into, handed over whole, is swapped for one already written, so that
 * no byte is copied and memory stays flat.  When every buffer is still
 * to be written, the renderer writes the oldest itself (or waits while
 * another thread does).  After a write fails, nothing more is written:
 * the buffers handed over are dropped, and every later call says how the
 * write failed.
 */
#ifndef OVP_UTIL_WRITE_BEHIND_H
#define OVP_UTIL_WRITE_BEHIND_H

#include <stdbool.h>

#include "buf.h"

/* Buffers handed over and not yet written at most. */
#define OVP_BEHIND_BUFFERS 4

typedef struct ovp_write_behind ovp_write_behind;

/*
 * Start writing behind to fd: *out is the caller's to end with
 * ovp_write_behind_end().  0, or OVP_ENOMEM (*out NULL).
 */
int ovp_write_behind_start(ovp_write_behind **out, int fd);

/*
 * Hand the bytes of b over to be written after those handed before,
 * and give b an empty buffer (its memory one of the buffers written,
 * its limit kept); when none is, write the oldest first.  0, or OVP_EIO
 * with errno set as the failed write set it when a write failed (then
 * b is left as it is, and nothing is written).
 */
int ovp_write_behind_put(ovp_write_behind *wb, ovp_rbuf *b);

/*
 * From any thread: write the oldest buffer handed over, unless none is
 * or another thread is writing one.  Whether it did (a failed write or a
 * dropped buffer counts).
 */
bool ovp_write_behind_one(ovp_write_behind *wb);

/*
 * Write everything handed over, waiting for a write under way, and free
 * wb (may be NULL).  0, or OVP_EIO with errno set as the failed write
 * set it.
 */
int ovp_write_behind_end(ovp_write_behind *wb);

#endif
