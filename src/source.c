/*
 * The record source (see source.h): one place that decides how a file is
 * read, so that the table above never asks.
 */
#include <stdlib.h>
#include <string.h>

#include "reader_impl.h"
#include "source.h"

struct ovp_source {
	ovp_source_info info;
	ovp_csv_reader *csv;
	ovp_xlsx_reader *xlsx;
	char *path;
};

const char *
ovp_source_format_name(ovp_source_format format)
{
	return format == OVP_SOURCE_XLSX ? "Excel workbook" : "CSV";
}

int
ovp_source_open(ovp_source **out, const char *path, const ovp_source_options *opts,
                ovp_error *err)
{
	static const ovp_source_options defaults = {0};
	ovp_source *src;
	ovp_stream *s;
	int rc;

	if (out == NULL || path == NULL)
		return ovp_error_set(err, OVP_EUSAGE, NULL, 0, "ovp_source_open: no file given");
	*out = NULL;
	if (opts == NULL)
		opts = &defaults;
	rc = ovp_stream_open(&s, path, err);
	if (rc < 0)
		return rc;
	src = calloc(1, sizeof *src);
	if (src == NULL || (src->path = strdup(ovp_stream_name(s))) == NULL) {
		rc = ovp_error_set(err, OVP_ENOMEM, ovp_stream_name(s), 0, "out of memory");
		free(src);
		ovp_stream_close(s);
		return rc;
	}
	src->info.gzip = ovp_stream_gzip(s);
	switch (ovp_stream_kind_of(s)) {
	case OVP_STREAM_ZIP: {
		ovp_xlsx_options xo = {opts->sheet, opts->problem, opts->problem_ctx};

		src->info.format = OVP_SOURCE_XLSX;
		rc = ovp_xlsx_open_stream(&src->xlsx, s, &xo, err);
		break;
	}
	case OVP_STREAM_OLE:
		rc = ovp_error_set(err, OVP_EINPUT, src->path, 0,
		                   "an Excel 97-2003 workbook (.xls) or a workbook with a password: "
		                   "save it as .xlsx without a password, or as CSV");
		ovp_stream_close(s);
		break;
	case OVP_STREAM_TEXT:
	default: {
		/* A sheet named for a CSV file is no error: the configuration that names
		 * it may serve the workbooks and the CSV files of one export alike. */
		ovp_csv_options co = {opts->delimiter, opts->problem, opts->problem_ctx};

		rc = ovp_csv_open_stream(&src->csv, s, &co, err);
		break;
	}
	}
	if (rc < 0) {
		ovp_source_close(src);
		return rc;
	}
	*out = src;
	return 0;
}

int
ovp_source_next(ovp_source *s, ovp_csv_record *rec, ovp_error *err)
{
	if (s->xlsx != NULL)
		return ovp_xlsx_next(s->xlsx, rec, err);
	return ovp_csv_next(s->csv, rec, err);
}

void
ovp_source_get_info(const ovp_source *s, ovp_source_info *out)
{
	*out = s->info;
	if (s->xlsx != NULL) {
		const ovp_xlsx_info *xi = ovp_xlsx_get_info(s->xlsx);

		out->xlsx = *xi;
		out->records = xi->records;
		/* The file is read where the sheet's XML is: as far into one as into the other. */
		out->bytes = xi->size > 0 ? (unsigned long long)((double)xi->file_size *
		                                                 ((double)xi->bytes / (double)xi->size))
		                          : xi->file_size;
	} else if (s->csv != NULL) {
		out->csv = *ovp_csv_get_info(s->csv);
		out->records = out->csv.records;
		out->bytes = ovp_csv_file_bytes(s->csv);
	}
}

const char *
ovp_source_path(const ovp_source *s)
{
	return s != NULL ? s->path : "";
}

void
ovp_source_close(ovp_source *s)
{
	if (s == NULL)
		return;
	ovp_csv_close(s->csv);
	ovp_xlsx_close(s->xlsx);
	free(s->path);
	free(s);
}
