/*
 * What the fuzz targets share: the libFuzzer entry point, a way to hand
 * the input to the library as a file (the readers take a path, not a
 * buffer), and the check that turns a broken promise of an API into a
 * crash the fuzzer reports.
 *
 * The targets are built twice: with libFuzzer (meson -Dfuzz=true,
 * CC=clang) to search for inputs, and with replay.c as their main() to
 * run the committed corpus and the inputs of past findings as ordinary
 * tests, so that a fixed crash stays fixed.
 */
#ifndef OVP_FUZZ_H
#define OVP_FUZZ_H

#include <stddef.h>
#include <stdint.h>

/* The entry point libFuzzer (or replay.c) calls with each input; returns 0. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/*
 * Start a new in-memory file, replacing the previous one.  Aborts when no
 * file can be made: the harness cannot do its job without one.
 */
void fuzz_file_begin(void);

/* Append n bytes at p to the file being written. */
void fuzz_file_append(const void *p, size_t n);

/* Append n copies of byte c to the file being written. */
void fuzz_file_fill(unsigned char c, size_t n);

/* A path that opens the file written since fuzz_file_begin(). */
const char *fuzz_file_path(void);

/* Abort with a message naming the broken expectation when cond is false. */
#define FUZZ_CHECK(cond) \
	((cond) ? (void)0 : fuzz_fail(__FILE__, __LINE__, #cond))

void fuzz_fail(const char *file, int line, const char *what);

#endif
