/*
 * Fuzz target: reading reports back for diff (src/report_reader.c) and
 * comparing them (src/diff.c).  The input is a report, JSON or JSON
 * lines, compared with itself and written in every format of diff.
 *
 * Checked besides memory errors and leaks: a file that is refused is
 * refused with an input or limit error naming it; one that is read
 * compares with itself as all unchanged (every finding pairs with its
 * own copy), and fails no --fail-on.
 */
#include <stdio.h>
#include <string.h>

#include <overpromise/diff.h>

#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const formats[] = {"text", "json", "markdown", "html"};
	ovp_diff *d = NULL;
	ovp_diff_counts c;
	ovp_error err = {0};
	const char *path;
	int rc;

	fuzz_file_begin();
	fuzz_file_append(data, size);
	path = fuzz_file_path();
	rc = ovp_diff_run(&d, path, path, &err);
	if (rc < 0) {
		FUZZ_CHECK(rc == OVP_EINPUT || rc == OVP_ELIMIT || rc == OVP_ENOMEM);
		FUZZ_CHECK(err.code == rc);
		FUZZ_CHECK(strstr(err.message, path) != NULL || rc == OVP_ENOMEM);
		return 0;
	}
	ovp_diff_get_counts(d, &c);
	FUZZ_CHECK(c.added == 0 && c.resolved == 0 && c.worse == 0 && c.better == 0);
	FUZZ_CHECK(c.slipped == 0);
	FUZZ_CHECK(!ovp_diff_fails(d, OVP_SEV_NOTE));
	for (size_t i = 0; i < sizeof formats / sizeof formats[0]; i++) {
		FILE *out = fopen("/dev/null", "w");

		FUZZ_CHECK(out != NULL);
		rc = ovp_diff_write(d, formats[i], i == 0, out, &err);
		FUZZ_CHECK(rc == 0 || rc == OVP_ENOMEM);
		fclose(out);
	}
	ovp_diff_free(d);
	return 0;
}
