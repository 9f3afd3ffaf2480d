/*
 * The bytes of an input file, before any format is read from them (not
 * public).
 *
 * A stream opens a file or standard input, reads its first bytes to tell
 * what it holds, and hands the content out in chunks: gzip'd data (found
 * by its magic bytes, whatever the file is called) is inflated through
 * zlib on the way, so the CSV reader never knows the file was
 * compressed.  A workbook needs a file it can seek in; a stream that is
 * not one (a pipe, or gzip'd data) is spooled to a temporary file first,
 * within a size limit.
 */
#ifndef OVP_STREAM_H
#define OVP_STREAM_H

#include <stdbool.h>
#include <stddef.h>

#include <overpromise/error.h>

/* Bytes of content kept from the start of the stream to tell what it holds. */
#define OVP_STREAM_HEAD 512

/* What the content starts with. */
typedef enum ovp_stream_kind {
	OVP_STREAM_TEXT = 0, /* anything else: perhaps a CSV file */
	OVP_STREAM_ZIP,      /* a ZIP archive ("PK\3\4", or "PK\5\6" when empty) */
	OVP_STREAM_OLE       /* an OLE compound file: .xls, or an encrypted .xlsx */
} ovp_stream_kind;

typedef struct ovp_stream ovp_stream;

/*
 * Open path ("-" is standard input) and read the start of its content.
 * On success *out is the caller's to close with ovp_stream_close().
 * Fails with OVP_EIO when the file cannot be opened or read or is a
 * directory, OVP_EINPUT when its gzip data is corrupt.
 */
int ovp_stream_open(ovp_stream **out, const char *path, ovp_error *err);

/* The name for messages: the path, or "<stdin>" for "-". */
const char *ovp_stream_name(const ovp_stream *s);

/* What the content starts with. */
ovp_stream_kind ovp_stream_kind_of(const ovp_stream *s);

/* True when the file is gzip'd and its content is inflated on the way. */
bool ovp_stream_gzip(const ovp_stream *s);

/*
 * Read up to n bytes of content into buf.  Returns the number of bytes
 * (fewer than n only at the end of the content, 0 there), or a negative
 * code with err naming the file: OVP_EIO on a read error, OVP_EINPUT
 * when gzip data is corrupt or cut short.
 */
long ovp_stream_read(ovp_stream *s, void *buf, size_t n, ovp_error *err);

/* Bytes of the file read so far (compressed bytes when gzip'd). */
unsigned long long ovp_stream_file_bytes(const ovp_stream *s);

/*
 * A file descriptor on which the whole content can be read from offset
 * 0 and seeked in: the file itself when it is a regular file that is
 * not gzip'd, else a temporary file (already unlinked) the content is
 * copied to.  Nothing must have been read from the stream yet.  The
 * descriptor is the caller's to close.  Fails with OVP_ELIMIT when the
 * content passes max bytes, OVP_EIO when the copy cannot be made.
 */
int ovp_stream_seekable_fd(ovp_stream *s, unsigned long long max, int *fd, ovp_error *err);

/* Close the file and free the stream.  s may be NULL. */
void ovp_stream_close(ovp_stream *s);

#endif
