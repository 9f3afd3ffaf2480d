/*
 * Fuzz target: the history of runs (src/run_history.c) and its trend
 * (src/trend.c).  The input is a history file; it is read and written as
 * a trend in every format.
 *
 * Checked besides memory errors and leaks: a file that is refused is
 * refused as no history, naming it; one that is read keeps only runs
 * with a date and a line, and lists at most 100 skipped lines.
 */
#include <stdio.h>
#include <string.h>

#include <overpromise/run_history.h>
#include <overpromise/trend.h>

#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const formats[] = {"text", "markdown", "json", "csv"};
	ovp_run_history *h = NULL;
	ovp_error err = {0};
	const char *path;
	int rc;

	fuzz_file_begin();
	fuzz_file_append(data, size);
	path = fuzz_file_path();
	rc = ovp_run_history_read(&h, path, false, &err);
	if (rc < 0) {
		FUZZ_CHECK(rc == OVP_EINPUT || rc == OVP_ENOMEM);
		FUZZ_CHECK(strstr(err.message, path) != NULL || rc == OVP_ENOMEM);
		return 0;
	}
	for (size_t i = 0; i < h->nruns; i++)
		FUZZ_CHECK(h->runs[i].as_of != OVP_DAY_NONE && h->runs[i].line > 0);
	FUZZ_CHECK(h->nskipped <= 100);
	for (size_t i = 0; i < sizeof formats / sizeof formats[0]; i++) {
		FILE *out = fopen("/dev/null", "w");

		FUZZ_CHECK(out != NULL);
		rc = ovp_trend_write(h, formats[i], out, &err);
		FUZZ_CHECK(rc == 0 || rc == OVP_ENOMEM);
		fclose(out);
	}
	ovp_run_history_free(h);
	return 0;
}
