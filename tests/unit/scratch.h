/*
 * Scratch files and directories of the unit tests. A failed assert leaves
 * its test at once (cmocka jumps out of it), so a test cannot be trusted to
 * reach its own unlink(): every path a test makes under /tmp is noted here
 * as soon as it exists, and the test's teardown, scratch_teardown(), which
 * cmocka runs whether the test passed or not, removes what is left of it.
 * A noted directory goes with everything in it, so files the product wrote
 * there (a report, its temporary twin, a history) need no noting of their
 * own.  cmocka runs no teardown after a setup that failed, so what is
 * still noted when the tests end is removed at exit.
 */
#ifndef OVP_TEST_SCRATCH_H
#define OVP_TEST_SCRATCH_H

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

enum { SCRATCH_MAX = 64, SCRATCH_PATH = 256 };

static char scratch_paths[SCRATCH_MAX][SCRATCH_PATH];
static size_t scratch_count;

static inline int scratch_teardown(void **state);

static inline void
scratch_at_exit(void)
{
	scratch_teardown(NULL);
}

/* Note path for removal by scratch_teardown(). */
static inline void
scratch_note(const char *path)
{
	static int at_exit;
	size_t len = strlen(path);

	if (!at_exit)
		at_exit = atexit(scratch_at_exit) == 0;
	/* A path not noted would be a file left behind: stop the test instead. */
	if (scratch_count == SCRATCH_MAX || len >= SCRATCH_PATH)
		fail_msg("scratch: no room to note %s", path);
	memcpy(scratch_paths[scratch_count++], path, len + 1);
}

/* mkstemp() whose file is noted; -1 (nothing noted) when it fails. */
static inline int
scratch_mkstemp(char *tmpl)
{
	int fd = mkstemp(tmpl);

	if (fd >= 0)
		scratch_note(tmpl);
	return fd;
}

/* mkdtemp() whose directory is noted; NULL (nothing noted) when it fails. */
static inline char *
scratch_mkdtemp(char *tmpl)
{
	char *dir = mkdtemp(tmpl);

	if (dir != NULL)
		scratch_note(dir);
	return dir;
}

/* Remove path, a directory with all it holds; gone already is fine. */
static inline void
scratch_remove(const char *path)
{
	struct stat st;
	DIR *d;
	struct dirent *e;
	char sub[SCRATCH_PATH * 2];

	/* lstat(): a symbolic link is removed, never followed. */
	if (lstat(path, &st) != 0)
		return;
	if (!S_ISDIR(st.st_mode)) {
		unlink(path);
		return;
	}
	d = opendir(path);
	if (d != NULL) {
		while ((e = readdir(d)) != NULL) {
			if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
				continue;
			if (snprintf(sub, sizeof sub, "%s/%s", path, e->d_name) < (int)sizeof sub)
				scratch_remove(sub);
		}
		closedir(d);
	}
	rmdir(path);
}

/*
 * A cmocka teardown: remove every noted path, newest first (a file made in
 * a noted directory goes before it), and forget them for the next test.
 */
static inline int
scratch_teardown(void **state)
{
	(void)state;
	while (scratch_count > 0)
		scratch_remove(scratch_paths[--scratch_count]);
	return 0;
}

#endif
