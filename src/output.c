/*
 * Atomic report files (see output.h): mkstemp in the target's directory,
 * then rename(2), which replaces the target in one step on POSIX file
 * systems.  Standard output, devices and pipes are written in place;
 * their errors are caught by checking the flush and the close.
 *
 * A report on a large export runs to gigabytes, so a file's stream gets
 * a buffer of OUT_BUFFER bytes instead of stdio's default of one block:
 * fewer, larger writes.  Standard output is the process's, and so is its
 * buffering: the program sets it, not the library.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <overpromise/output.h>

/* Bytes of a report buffered before they are written. */
#define OUT_BUFFER ((size_t)256 << 10)

struct ovp_output {
	FILE *fp;
	char *path;  /* target, NULL for standard output */
	char *tmp;   /* temporary file */
	char *buf;   /* the stream's buffer (a file's); freed after the close */
	int failed;  /* the errno of a failed ovp_output_close(), else 0 */
};

int
ovp_output_open(ovp_output **out, const char *path, FILE **fp, ovp_error *err)
{
	ovp_output *o = calloc(1, sizeof *o);
	struct stat st;
	int fd;

	*out = NULL;
	*fp = NULL;
	if (o == NULL)
		return ovp_error_set(err, OVP_ENOMEM, path, 0, "out of memory");
	if (path == NULL || strcmp(path, "-") == 0) {
		o->fp = stdout;
		*out = o;
		*fp = o->fp;
		return 0;
	}
	o->path = strdup(path);
	if (o->path == NULL) {
		ovp_output_abort(o);
		return ovp_error_set(err, OVP_ENOMEM, path, 0, "out of memory");
	}
	if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
		ovp_output_abort(o);
		return ovp_error_set(err, OVP_EIO, path, 0, "is a directory, not a file for the report");
	}
	/*
	 * A device or a pipe (-o /dev/null, /dev/stdout, a FIFO) is written in
	 * place: renaming a temporary file over it would replace the device
	 * with a regular file, and where the rename is allowed (root in /dev)
	 * break it for everyone.  Nothing is left behind there to be atomic about.
	 */
	if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
		o->fp = fopen(path, "w");
		if (o->fp == NULL) {
			int e = errno;

			ovp_output_abort(o);
			return ovp_error_set(err, OVP_EIO, path, 0, "cannot write the report: %s",
			                     strerror(e));
		}
		*out = o;
		*fp = o->fp;
		return 0;
	}
	o->tmp = malloc(strlen(path) + sizeof ".tmpXXXXXX");
	if (o->tmp == NULL) {
		ovp_output_abort(o);
		return ovp_error_set(err, OVP_ENOMEM, path, 0, "out of memory");
	}
	strcpy(o->tmp, path);
	strcat(o->tmp, ".tmpXXXXXX");
	fd = mkstemp(o->tmp);
	if (fd < 0) {
		int e = errno;

		free(o->tmp);
		o->tmp = NULL;
		ovp_output_abort(o);
		return ovp_error_set(err, OVP_EIO, path, 0, "cannot create the report file: %s",
		                     strerror(e));
	}
	/* mkstemp makes the file 0600; a report is as readable as any new file. */
	{
		mode_t mask = umask(0);

		umask(mask);
		(void)fchmod(fd, 0666 & ~mask);
	}
	o->fp = fdopen(fd, "w");
	if (o->fp == NULL) {
		int e = errno;

		close(fd);
		ovp_output_abort(o);
		return ovp_error_set(err, OVP_EIO, path, 0, "cannot create the report file: %s",
		                     strerror(e));
	}
	o->buf = malloc(OUT_BUFFER);
	if (o->buf != NULL)
		(void)setvbuf(o->fp, o->buf, _IOFBF, OUT_BUFFER);
	*out = o;
	*fp = o->fp;
	return 0;
}

int
ovp_output_close(ovp_output *o, ovp_error *err)
{
	const char *name = o->path != NULL ? o->path : "<stdout>";
	int failed, e;

	if (o->fp == NULL)
		return o->failed != 0 ? ovp_error_set(err, OVP_EIO, name, 0,
		                                      "cannot write the report: %s",
		                                      strerror(o->failed))
		                      : 0;
	failed = ferror(o->fp);
	e = failed ? EIO : 0;
	if (fflush(o->fp) != 0 && !failed) {
		failed = 1;
		e = errno;
	}
	if (o->path != NULL) {
		if (fclose(o->fp) != 0 && !failed) {
			failed = 1;
			e = errno;
		}
		o->fp = NULL;
	}
	if (!failed)
		return 0;
	o->failed = e != 0 ? e : EIO;
	return ovp_error_set(err, OVP_EIO, name, 0, "cannot write the report: %s", strerror(e));
}

int
ovp_output_commit(ovp_output *o, ovp_error *err)
{
	const char *name = o->path != NULL ? o->path : "<stdout>";
	int rc = ovp_output_close(o, err);

	/* No temporary file when a device or pipe was written in place. */
	if (rc == 0 && o->tmp != NULL && rename(o->tmp, o->path) != 0)
		rc = ovp_error_set(err, OVP_EIO, name, 0, "cannot write the report: %s",
		                   strerror(errno));
	if (rc != 0 && o->tmp != NULL)
		(void)unlink(o->tmp);
	free(o->buf);
	free(o->path);
	free(o->tmp);
	free(o);
	return rc;
}

void
ovp_output_abort(ovp_output *o)
{
	if (o == NULL)
		return;
	if (o->path != NULL && o->fp != NULL)
		fclose(o->fp);
	if (o->tmp != NULL)
		(void)unlink(o->tmp);
	free(o->buf);
	free(o->path);
	free(o->tmp);
	free(o);
}

const char *
ovp_output_temp_path(const ovp_output *o)
{
	return o != NULL ? o->tmp : NULL;
}
