/*
 * Write the sample report (tests/report/samples.h) in one format to
 * standard output, for the scripts that validate the documents with the
 * official schemas:
 *
 *     emit_samples FORMAT [empty]
 *
 * "empty" writes the same report without its findings.  Exits 0, or 1
 * with a message on standard error.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <overpromise/overpromise.h>

#include "samples.h"

int
main(int argc, char **argv)
{
	ovp_report_meta meta = sample_meta();
	ovp_sink *sink;
	ovp_error err;
	int rc;

	if (argc < 2 || argc > 3 || (argc == 3 && strcmp(argv[2], "empty") != 0)) {
		fprintf(stderr, "usage: emit_samples FORMAT [empty]\n");
		return 1;
	}
	if (ovp_sink_new(&sink, argv[1], stdout, &err) < 0) {
		fprintf(stderr, "emit_samples: %s\n", err.message);
		return 1;
	}
	rc = sample_run(sink, &meta, argc == 3);
	ovp_sink_free(sink);
	if (rc < 0 || fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, "emit_samples: cannot write the report (%d)\n", rc);
		return 1;
	}
	return 0;
}
