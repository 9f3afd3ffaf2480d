/*
 * Baselines: the fingerprints of accepted findings, as a JSON file.
 *
 *   {"format": "overpromise-baseline/1", "version": 1, "tool": "overpromise",
 *    "fingerprints": ["3f2a...", ...]}
 *
 * A file without "format" is a baseline of the first version too; one
 * with another format (a report given as the baseline) is refused.
 *
 * Loaded into a sorted array and searched by bisection.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <jansson.h>

#include <overpromise/baseline.h>
#include <overpromise/engine.h>
#include <overpromise/finding.h>
#include <overpromise/output.h>

struct ovp_baseline {
	char (*prints)[OVP_FINGERPRINT_SIZE];
	size_t n;
};

static int
cmp_print(const void *a, const void *b)
{
	return strcmp(a, b);
}

int
ovp_baseline_load(ovp_baseline **out, const char *path, ovp_error *err)
{
	json_error_t jerr;
	json_t *root, *arr;
	const char *format;
	ovp_baseline *b;
	struct stat st;
	FILE *fp;
	size_t i;
	json_t *v;

	*out = NULL;
	fp = fopen(path, "rb");
	if (fp != NULL && fstat(fileno(fp), &st) == 0 && S_ISDIR(st.st_mode)) {
		fclose(fp);
		fp = NULL;
		errno = EISDIR;
	}
	if (fp == NULL) {
		int e = errno;

		/* Said as the reader of every other file says it, with what the file was for. */
		return ovp_error_set(err, OVP_EIO, NULL, 0, "cannot open baseline %s: %s", path,
		                     strerror(e));
	}
	root = json_loadf(fp, JSON_REJECT_DUPLICATES, &jerr);
	fclose(fp);
	if (root == NULL)
		return ovp_error_set(err, OVP_EINPUT, path, jerr.line > 0 ? jerr.line : 0,
		                     "not a baseline file: %s", jerr.text);
	format = json_string_value(json_object_get(root, "format"));
	if (json_object_get(root, "format") != NULL &&
	    (format == NULL || strcmp(format, OVP_BASELINE_FORMAT) != 0)) {
		int rc = ovp_error_set(err, OVP_EINPUT, path, 0,
		                       "not a baseline file: its format is %s%s%s, not %s (write one "
		                       "with --write-baseline)",
		                       format != NULL ? "\"" : "", format != NULL ? format : "not a string",
		                       format != NULL ? "\"" : "", OVP_BASELINE_FORMAT);

		json_decref(root);
		return rc;
	}
	arr = json_object_get(root, "fingerprints");
	if (!json_is_array(arr)) {
		json_decref(root);
		return ovp_error_set(err, OVP_EINPUT, path, 0,
		                     "not a baseline file: expected an object with a \"fingerprints\" "
		                     "array (write one with --write-baseline)");
	}
	b = calloc(1, sizeof *b);
	if (b != NULL && json_array_size(arr) > 0)
		b->prints = calloc(json_array_size(arr), sizeof *b->prints);
	if (b == NULL || (json_array_size(arr) > 0 && b->prints == NULL)) {
		free(b);
		json_decref(root);
		return ovp_error_set(err, OVP_ENOMEM, path, 0, "out of memory");
	}
	json_array_foreach(arr, i, v) {
		const char *s = json_string_value(v);

		if (s == NULL || strlen(s) != OVP_FINGERPRINT_SIZE - 1) {
			ovp_baseline_free(b);
			json_decref(root);
			return ovp_error_set(err, OVP_EINPUT, path, 0,
			                     "not a baseline file: fingerprint %zu is not a string of %d "
			                     "hex digits",
			                     i + 1, OVP_FINGERPRINT_SIZE - 1);
		}
		memcpy(b->prints[b->n++], s, OVP_FINGERPRINT_SIZE);
	}
	json_decref(root);
	if (b->n > 1)
		qsort(b->prints, b->n, sizeof *b->prints, cmp_print);
	*out = b;
	return 0;
}

bool
ovp_baseline_contains(const ovp_baseline *b, const char *fingerprint)
{
	if (b == NULL || b->n == 0)
		return false;
	return bsearch(fingerprint, b->prints, b->n, sizeof *b->prints, cmp_print) != NULL;
}

void
ovp_baseline_free(ovp_baseline *b)
{
	if (b == NULL)
		return;
	free(b->prints);
	free(b);
}

int
ovp_baseline_write(const char *path, const char (*prints)[OVP_FINGERPRINT_SIZE], size_t n,
                   ovp_error *err)
{
	char (*sorted)[OVP_FINGERPRINT_SIZE] = n > 0 ? malloc(n * sizeof *sorted) : NULL;
	json_t *root = json_object(), *arr = json_array();
	ovp_output *o = NULL;
	FILE *fp;
	int rc;

	if (root == NULL || arr == NULL || (n > 0 && sorted == NULL)) {
		rc = ovp_error_set(err, OVP_ENOMEM, path, 0, "out of memory");
		goto done;
	}
	if (n > 0) {
		memcpy(sorted, prints, n * sizeof *sorted);
		qsort(sorted, n, sizeof *sorted, cmp_print);
	}
	for (size_t i = 0; i < n; i++)
		if (i == 0 || strcmp(sorted[i], sorted[i - 1]) != 0)
			json_array_append_new(arr, json_string(sorted[i]));
	json_object_set_new(root, "format", json_string(OVP_BASELINE_FORMAT));
	json_object_set_new(root, "version", json_integer(1));
	json_object_set_new(root, "tool", json_string("overpromise"));
	json_object_set(root, "fingerprints", arr);
	rc = ovp_output_open(&o, path, &fp, err);
	if (rc < 0)
		goto done;
	if (json_dumpf(root, fp, JSON_INDENT(2) | JSON_PRESERVE_ORDER) != 0 || fputc('\n', fp) == EOF) {
		ovp_output_abort(o);
		rc = ovp_error_set(err, OVP_EIO, path, 0, "cannot write the baseline");
		goto done;
	}
	rc = ovp_output_commit(o, err);
done:
	free(sorted);
	json_decref(arr);
	json_decref(root);
	return rc;
}
