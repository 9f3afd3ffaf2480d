/*
 * The in-memory file the fuzz targets hand to the library: a memfd
 * named through /proc/self/fd, so that every input is read through the
 * same open() and read() calls as a real export, without touching the
 * disk.  Where memfd_create() is missing, a temporary file stands in.
 */
#define _GNU_SOURCE

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "fuzz.h"

static int fd = -1;
static off_t size;
static char path[64];

void
fuzz_fail(const char *file, int line, const char *what)
{
	fprintf(stderr, "%s:%d: expectation failed: %s\n", file, line, what);
	abort();
}

void
fuzz_file_begin(void)
{
	if (fd < 0) {
		fd = memfd_create("fuzz-input", 0);
		if (fd < 0) {
			char tmpl[] = "/tmp/ovp-fuzz-XXXXXX";

			fd = mkstemp(tmpl);
			if (fd >= 0)
				unlink(tmpl);
		}
		if (fd < 0) {
			perror("fuzz: cannot make an in-memory file");
			abort();
		}
		snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
	}
	if (ftruncate(fd, 0) != 0) {
		perror("fuzz: ftruncate");
		abort();
	}
	size = 0;
}

void
fuzz_file_append(const void *p, size_t n)
{
	const char *c = p;

	while (n > 0) {
		ssize_t w = pwrite(fd, c, n, size);

		if (w <= 0) {
			perror("fuzz: pwrite");
			abort();
		}
		c += w;
		n -= (size_t)w;
		size += w;
	}
}

void
fuzz_file_fill(unsigned char c, size_t n)
{
	unsigned char block[4096];

	memset(block, c, sizeof block);
	while (n > 0) {
		size_t k = n < sizeof block ? n : sizeof block;

		fuzz_file_append(block, k);
		n -= k;
	}
}

const char *
fuzz_file_path(void)
{
	return path;
}
