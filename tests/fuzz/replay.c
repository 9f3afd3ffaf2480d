/*
 * A main() for a fuzz target built without libFuzzer: run the target once
 * on every file named on the command line, or on every file of every
 * directory named, so that the committed corpus and the inputs of past
 * findings run as ordinary tests (under the sanitizers of the build).
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz.h"

/* Run the target on the file at path; returns 0, or 1 when it cannot be read. */
static int
replay_file(const char *path)
{
	FILE *fp = fopen(path, "rb");
	unsigned char *buf = NULL;
	size_t len = 0, cap = 0;

	if (fp == NULL) {
		perror(path);
		return 1;
	}
	for (;;) {
		size_t got;

		if (cap - len < 4096) {
			unsigned char *nb = realloc(buf, cap ? cap * 2 : 8192);

			if (nb == NULL) {
				fclose(fp);
				free(buf);
				fprintf(stderr, "%s: out of memory\n", path);
				return 1;
			}
			buf = nb;
			cap = cap ? cap * 2 : 8192;
		}
		got = fread(buf + len, 1, cap - len, fp);
		len += got;
		if (got == 0)
			break;
	}
	fclose(fp);
	/* An exact-size copy, so that a read past the input is caught. */
	{
		unsigned char *exact = malloc(len ? len : 1);

		if (exact == NULL) {
			free(buf);
			return 1;
		}
		if (len > 0)
			memcpy(exact, buf, len);
		free(buf);
		LLVMFuzzerTestOneInput(exact, len);
		free(exact);
	}
	return 0;
}

static int
cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Run the target on every regular file of dir, in name order. */
static int
replay_dir(const char *dir, unsigned long *count)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char **names = NULL;
	size_t n = 0;
	int bad = 0;

	if (d == NULL) {
		perror(dir);
		return 1;
	}
	while ((e = readdir(d)) != NULL) {
		char **nn;

		if (e->d_name[0] == '.')
			continue;
		nn = realloc(names, (n + 1) * sizeof *nn);
		if (nn == NULL)
			break;
		names = nn;
		names[n] = malloc(strlen(dir) + strlen(e->d_name) + 2);
		if (names[n] == NULL)
			break;
		sprintf(names[n], "%s/%s", dir, e->d_name);
		n++;
	}
	closedir(d);
	if (n > 1)
		qsort(names, n, sizeof *names, cmp_names);
	for (size_t i = 0; i < n; i++) {
		struct stat st;

		if (stat(names[i], &st) == 0 && S_ISREG(st.st_mode)) {
			bad |= replay_file(names[i]);
			(*count)++;
		}
		free(names[i]);
	}
	free(names);
	return bad;
}

int
main(int argc, char **argv)
{
	unsigned long count = 0;
	int bad = 0;

	for (int i = 1; i < argc; i++) {
		struct stat st;

		if (stat(argv[i], &st) != 0) {
			perror(argv[i]);
			bad = 1;
		} else if (S_ISDIR(st.st_mode)) {
			bad |= replay_dir(argv[i], &count);
		} else {
			bad |= replay_file(argv[i]);
			count++;
		}
	}
	printf("%lu inputs replayed\n", count);
	return bad;
}
