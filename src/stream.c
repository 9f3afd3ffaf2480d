/*
 * The bytes of an input file (see stream.h): the layer under the CSV and
 * workbook readers that opens the file, tells what it holds from its
 * first bytes and inflates gzip'd content through zlib.
 *
 * The first bytes of content are read at open and kept in `head`, so
 * that the caller can decide what to do with the file (read it as CSV,
 * open it as a workbook, refuse it) before reading any of it; reads hand
 * the head out first.  Compressed bytes go through `raw`, which for a
 * plain file only carries what was read to find the magic bytes.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <zlib.h>

#include "stream.h"

/* Bytes read from the file at a time. */
#define RAW_CHUNK ((size_t)64 << 10)

struct ovp_stream {
	char *name;
	int fd;
	bool own_fd;
	bool seekable;  /* a regular file read from its start */
	bool raw_eof;   /* read() has returned 0 */
	unsigned long long file_bytes;

	unsigned char *raw; /* RAW_CHUNK bytes read from the file, not yet used */
	size_t raw_pos, raw_len;

	bool gzip;
	z_stream z;
	bool z_live;    /* inflateInit2() has run */
	bool in_member; /* inflating a gzip member that has not ended yet */
	bool z_done;    /* the last gzip member has ended */

	unsigned char head[OVP_STREAM_HEAD];
	size_t head_pos, head_len;
	bool touched;   /* content has been read past the head */
	ovp_stream_kind kind;
};

/* Read more of the file into raw, after what is left there.  Returns
 * the number of bytes, 0 at the end of the file, or a negative code. */
static long
raw_fill(ovp_stream *s, ovp_error *err)
{
	ssize_t got;

	if (s->raw_eof)
		return 0;
	if (s->raw_pos > 0) {
		memmove(s->raw, s->raw + s->raw_pos, s->raw_len - s->raw_pos);
		s->raw_len -= s->raw_pos;
		s->raw_pos = 0;
	}
	do
		got = read(s->fd, s->raw + s->raw_len, RAW_CHUNK - s->raw_len);
	while (got < 0 && errno == EINTR);
	if (got < 0)
		return ovp_error_set(err, OVP_EIO, s->name, 0, "read error: %s", strerror(errno));
	if (got == 0)
		s->raw_eof = true;
	s->raw_len += (size_t)got;
	s->file_bytes += (unsigned long long)got;
	return (long)got;
}

/* Do the unused raw bytes start a gzip member?  Reads more when fewer than two are there. */
static int
raw_starts_gzip(ovp_stream *s, bool *yes, ovp_error *err)
{
	while (s->raw_len - s->raw_pos < 2 && !s->raw_eof) {
		long n = raw_fill(s, err);

		if (n < 0)
			return (int)n;
	}
	*yes = s->raw_len - s->raw_pos >= 2 && s->raw[s->raw_pos] == 0x1F &&
	       s->raw[s->raw_pos + 1] == 0x8B;
	return 0;
}

/*
 * Inflate up to n bytes of content into buf.  A gzip file may hold
 * several members one after the other (gzip's own concatenation); each is
 * read in turn.  Anything after the last member that is not another one,
 * and a file that ends inside a member, is an error: either would lose
 * data without a word.
 */
static long
inflate_some(ovp_stream *s, unsigned char *buf, size_t n, ovp_error *err)
{
	size_t have = 0;

	while (have < n && !s->z_done) {
		bool more = false;
		int zr, rc;

		if (s->raw_pos == s->raw_len) {
			long got = raw_fill(s, err);

			if (got < 0)
				return got;
			if (got == 0) {
				if (s->in_member)
					return ovp_error_set(err, OVP_EINPUT, s->name, 0,
					                     "gzip data cut short: the file ends inside the "
					                     "compressed stream");
				s->z_done = true;
				break;
			}
		}
		s->z.next_in = s->raw + s->raw_pos;
		s->z.avail_in = (uInt)(s->raw_len - s->raw_pos);
		s->z.next_out = buf + have;
		s->z.avail_out = (uInt)(n - have);
		zr = inflate(&s->z, Z_NO_FLUSH);
		s->raw_pos = s->raw_len - s->z.avail_in;
		have = n - s->z.avail_out;
		if (zr == Z_OK || zr == Z_BUF_ERROR) {
			s->in_member = true;
			continue;
		}
		if (zr != Z_STREAM_END)
			return ovp_error_set(err, zr == Z_MEM_ERROR ? OVP_ENOMEM : OVP_EINPUT, s->name, 0,
			                     "corrupt gzip data: %s",
			                     s->z.msg != NULL ? s->z.msg : "cannot inflate");
		/* One member has ended: another may follow. */
		rc = raw_starts_gzip(s, &more, err);
		if (rc < 0)
			return rc;
		s->in_member = false;
		if (more) {
			inflateReset(&s->z);
			continue;
		}
		if (s->raw_pos < s->raw_len)
			return ovp_error_set(err, OVP_EINPUT, s->name, 0,
			                     "data after the end of the gzip stream that is not gzip");
		s->z_done = true;
	}
	return (long)have;
}

/* Read up to n bytes of content past the head. */
static long
pull(ovp_stream *s, unsigned char *buf, size_t n, ovp_error *err)
{
	size_t have = 0;

	if (s->gzip)
		return inflate_some(s, buf, n, err);
	if (s->raw_pos < s->raw_len) {
		have = s->raw_len - s->raw_pos < n ? s->raw_len - s->raw_pos : n;
		memcpy(buf, s->raw + s->raw_pos, have);
		s->raw_pos += have;
	}
	while (have < n && !s->raw_eof) {
		ssize_t got = read(s->fd, buf + have, n - have);

		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0)
			return ovp_error_set(err, OVP_EIO, s->name, 0, "read error: %s", strerror(errno));
		if (got == 0)
			s->raw_eof = true;
		have += (size_t)got;
		s->file_bytes += (unsigned long long)got;
	}
	return (long)have;
}

long
ovp_stream_read(ovp_stream *s, void *buf, size_t n, ovp_error *err)
{
	unsigned char *out = buf;
	size_t have = 0;
	long got;

	if (s->head_pos < s->head_len) {
		have = s->head_len - s->head_pos < n ? s->head_len - s->head_pos : n;
		memcpy(out, s->head + s->head_pos, have);
		s->head_pos += have;
	}
	if (have == n)
		return (long)have;
	s->touched = true;
	got = pull(s, out + have, n - have, err);
	if (got < 0)
		return got;
	return (long)(have + (size_t)got);
}

static ovp_stream_kind
kind_of(const unsigned char *b, size_t n)
{
	if (n >= 4 && b[0] == 'P' && b[1] == 'K' &&
	    ((b[2] == 3 && b[3] == 4) || (b[2] == 5 && b[3] == 6)))
		return OVP_STREAM_ZIP;
	if (n >= 8 && memcmp(b, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) == 0)
		return OVP_STREAM_OLE;
	return OVP_STREAM_TEXT;
}

int
ovp_stream_open(ovp_stream **out, const char *path, ovp_error *err)
{
	ovp_stream *s;
	const char *name;
	struct stat st;
	long n;
	int rc;

	*out = NULL;
	name = strcmp(path, "-") == 0 ? "<stdin>" : path;
	s = calloc(1, sizeof *s);
	if (s == NULL)
		return ovp_error_set(err, OVP_ENOMEM, name, 0, "out of memory");
	s->fd = -1;
	s->name = strdup(name);
	s->raw = malloc(RAW_CHUNK);
	if (s->name == NULL || s->raw == NULL) {
		rc = ovp_error_set(err, OVP_ENOMEM, name, 0, "out of memory");
		goto fail;
	}
	if (strcmp(path, "-") == 0) {
		s->fd = STDIN_FILENO;
	} else {
		s->fd = open(path, O_RDONLY | O_CLOEXEC);
		if (s->fd < 0) {
			rc = ovp_error_set(err, OVP_EIO, name, 0, "cannot open: %s", strerror(errno));
			goto fail;
		}
		s->own_fd = true;
	}
	if (fstat(s->fd, &st) == 0) {
		if (S_ISDIR(st.st_mode)) {
			rc = ovp_error_set(err, OVP_EIO, name, 0, "is a directory, not a CSV file");
			goto fail;
		}
		s->seekable = S_ISREG(st.st_mode) && lseek(s->fd, 0, SEEK_CUR) == 0;
	}

	/* Enough raw bytes for the magic numbers. */
	while (s->raw_len < OVP_STREAM_HEAD && !s->raw_eof) {
		n = raw_fill(s, err);
		if (n < 0) {
			rc = (int)n;
			goto fail;
		}
	}
	if (s->raw_len >= 2 && s->raw[0] == 0x1F && s->raw[1] == 0x8B) {
		if (inflateInit2(&s->z, 16 + MAX_WBITS) != Z_OK) {
			rc = ovp_error_set(err, OVP_ENOMEM, name, 0, "out of memory");
			goto fail;
		}
		s->z_live = true;
		s->gzip = true;
	}
	n = pull(s, s->head, sizeof s->head, err);
	if (n < 0) {
		rc = (int)n;
		goto fail;
	}
	s->head_len = (size_t)n;
	s->kind = kind_of(s->head, s->head_len);
	*out = s;
	return 0;

fail:
	ovp_stream_close(s);
	return rc;
}

const char *
ovp_stream_name(const ovp_stream *s)
{
	return s->name;
}

ovp_stream_kind
ovp_stream_kind_of(const ovp_stream *s)
{
	return s->kind;
}

bool
ovp_stream_gzip(const ovp_stream *s)
{
	return s->gzip;
}

unsigned long long
ovp_stream_file_bytes(const ovp_stream *s)
{
	return s->file_bytes;
}

/* Copy the whole content to a new temporary file, at most max bytes. */
static int
spool(ovp_stream *s, unsigned long long max, int *fd, ovp_error *err)
{
	const char *dir = getenv("TMPDIR");
	char tmpl[4096];
	unsigned char *buf;
	unsigned long long total = 0;
	int tfd, rc = 0;

	if (dir == NULL || dir[0] != '/')
		dir = "/tmp";
	if ((size_t)snprintf(tmpl, sizeof tmpl, "%s/overpromise-XXXXXX", dir) >= sizeof tmpl)
		return ovp_error_set(err, OVP_EIO, s->name, 0, "TMPDIR is too long a path");
	tfd = mkstemp(tmpl);
	if (tfd < 0)
		return ovp_error_set(err, OVP_EIO, s->name, 0, "cannot make a temporary file in %s: %s",
		                     dir, strerror(errno));
	unlink(tmpl);
	buf = malloc(RAW_CHUNK);
	if (buf == NULL) {
		close(tfd);
		return ovp_error_set(err, OVP_ENOMEM, s->name, 0, "out of memory");
	}
	for (;;) {
		long n = ovp_stream_read(s, buf, RAW_CHUNK, err);
		size_t off = 0;

		if (n < 0) {
			rc = (int)n;
			break;
		}
		if (n == 0)
			break;
		total += (unsigned long long)n;
		if (total > max) {
			rc = ovp_error_set(err, OVP_ELIMIT, s->name, 0,
			                   "a workbook larger than %llu MiB: not read", max >> 20);
			break;
		}
		while (off < (size_t)n) {
			ssize_t w = write(tfd, buf + off, (size_t)n - off);

			if (w < 0 && errno == EINTR)
				continue;
			if (w < 0) {
				rc = ovp_error_set(err, OVP_EIO, s->name, 0,
				                   "cannot copy to a temporary file: %s", strerror(errno));
				break;
			}
			off += (size_t)w;
		}
		if (rc < 0)
			break;
	}
	free(buf);
	if (rc == 0 && lseek(tfd, 0, SEEK_SET) != 0)
		rc = ovp_error_set(err, OVP_EIO, s->name, 0, "cannot read back a temporary file: %s",
		                   strerror(errno));
	if (rc < 0) {
		close(tfd);
		return rc;
	}
	*fd = tfd;
	return 0;
}

int
ovp_stream_seekable_fd(ovp_stream *s, unsigned long long max, int *fd, ovp_error *err)
{
	struct stat st;

	*fd = -1;
	if (s->touched || s->head_pos > 0)
		return ovp_error_set(err, OVP_EUSAGE, s->name, 0, "the stream has been read already");
	if (s->seekable && !s->gzip) {
		if (fstat(s->fd, &st) == 0 && (unsigned long long)st.st_size > max)
			return ovp_error_set(err, OVP_ELIMIT, s->name, 0,
			                     "a workbook larger than %llu MiB: not read", max >> 20);
		*fd = fcntl(s->fd, F_DUPFD_CLOEXEC, 0);
		if (*fd < 0)
			return ovp_error_set(err, OVP_EIO, s->name, 0, "cannot open: %s", strerror(errno));
		return 0;
	}
	return spool(s, max, fd, err);
}

void
ovp_stream_close(ovp_stream *s)
{
	if (s == NULL)
		return;
	if (s->z_live)
		inflateEnd(&s->z);
	if (s->own_fd && s->fd >= 0)
		close(s->fd);
	free(s->raw);
	free(s->name);
	free(s);
}
