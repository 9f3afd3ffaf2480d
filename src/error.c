/*
 * Error reporting: one message per failure, already naming file and line.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <overpromise/error.h>

int
ovp_error_set(ovp_error *err, int code, const char *file, long line, const char *fmt, ...)
{
	va_list ap;
	size_t off = 0;

	if (err == NULL)
		return code;
	err->code = code;
	err->line = line;
	err->message[0] = '\0';
	if (file != NULL) {
		int n = line > 0 ? snprintf(err->message, sizeof err->message, "%s:%ld: ", file, line)
		                 : snprintf(err->message, sizeof err->message, "%s: ", file);
		if (n > 0)
			off = (size_t)n < sizeof err->message ? (size_t)n : sizeof err->message - 1;
	}
	va_start(ap, fmt);
	vsnprintf(err->message + off, sizeof err->message - off, fmt, ap);
	va_end(ap);
	return code;
}

void
ovp_error_clear(ovp_error *err)
{
	if (err == NULL)
		return;
	err->code = OVP_OK;
	err->line = 0;
	err->message[0] = '\0';
}
