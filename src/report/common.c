/*
 * What the report sinks share beyond the utilities: a spool that keeps
 * the body of a report whose head can only be written at the end (JUnit
 * needs its counts first, Markdown puts its summary on top) without
 * letting memory grow with the findings, and the inputs as the JSON
 * documents name them.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report_impl.h"

/*
 * Keep n bytes: in memory while the spool is under its threshold, else
 * in a temporary file that the C library removes when it is closed.
 */
int
ovp_spool_write(ovp_spool *sp, const char *s, size_t n)
{
	size_t threshold = sp->threshold != 0 ? sp->threshold : OVP_SPOOL_MEMORY;

	if (sp->file == NULL && sp->mem.len + n > threshold) {
		sp->file = tmpfile();
		if (sp->file == NULL)
			return OVP_EIO;
		if (sp->mem.len > 0 && fwrite(sp->mem.data, 1, sp->mem.len, sp->file) != sp->mem.len)
			return OVP_EIO;
		ovp_rbuf_free(&sp->mem);
	}
	if (sp->file != NULL)
		return n == 0 || fwrite(s, 1, n, sp->file) == n ? 0 : OVP_EIO;
	sp->mem.max = threshold;
	ovp_rbuf_put(&sp->mem, s, n);
	return sp->mem.err;
}

int
ovp_spool_copy(ovp_spool *sp, FILE *out)
{
	char chunk[8192];
	size_t n;

	if (sp->file == NULL)
		return sp->mem.len == 0 || fwrite(sp->mem.data, 1, sp->mem.len, out) == sp->mem.len
		               ? 0
		               : OVP_EIO;
	if (fflush(sp->file) != 0 || fseek(sp->file, 0, SEEK_SET) != 0)
		return OVP_EIO;
	while ((n = fread(chunk, 1, sizeof chunk, sp->file)) > 0)
		if (fwrite(chunk, 1, n, out) != n)
			return OVP_EIO;
	return ferror(sp->file) ? OVP_EIO : 0;
}

void
ovp_spool_free(ovp_spool *sp)
{
	ovp_rbuf_free(&sp->mem);
	if (sp->file != NULL)
		fclose(sp->file);
	sp->file = NULL;
}

json_t *
ovp_json_severities(const unsigned long by[OVP_SEV_ERROR + 1])
{
	json_t *o = json_object();

	json_object_set_new(o, "error", json_integer((json_int_t)by[OVP_SEV_ERROR]));
	json_object_set_new(o, "warning", json_integer((json_int_t)by[OVP_SEV_WARNING]));
	json_object_set_new(o, "note", json_integer((json_int_t)by[OVP_SEV_NOTE]));
	return o;
}

json_t *
ovp_json_roadmaps(const ovp_report_meta *meta)
{
	size_t n;
	const char *const *paths = ovp_report_roadmaps(meta, &n);
	json_t *arr;

	if (n == 0)
		return json_null();
	if (n == 1)
		return ovp_json_text(paths[0]);
	arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, ovp_json_text(paths[i]));
	return arr;
}

int
ovp_sink_result(const ovp_sink *s, int rc, ovp_error *err)
{
	const char *name = s->name != NULL ? s->name : "the report";

	switch (rc) {
	case 0:
		return 0;
	case OVP_EIO:
		return ovp_error_set(err, rc, name, 0, "cannot write the report: %s",
		                     errno != 0 ? strerror(errno) : "write error");
	case OVP_ENOMEM:
		return ovp_error_set(err, rc, NULL, 0, "out of memory");
	case OVP_ELIMIT:
		return ovp_error_set(err, rc, name, 0,
		                     "cannot write the report: a finding takes more than the %zu MiB "
		                     "a report keeps of one",
		                     OVP_RBUF_MAX >> 20);
	default:
		return ovp_error_set(err, rc, name, 0, "cannot write the report");
	}
}
