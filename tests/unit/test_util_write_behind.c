/*
 * Writing behind (src/util/write_behind.c): the buffers handed over are
 * written whole and in order, by the renderer when the ring is full or
 * by another thread that has the time, the renderer gets back the memory
 * of those written, and a failed write is told with its errno, by every
 * later call.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include <overpromise/error.h>

#include "src/util/buf.h"
#include "src/util/write_behind.h"

#define PUTS 40

/* The bytes of buffer k: its own size (from 1 byte to about 300 KB) and letters. */
static size_t
fill(ovp_rbuf *b, unsigned k)
{
	size_t n = 1 + ((size_t)k * 7919u) % 300000u;

	for (size_t i = 0; i < n; i++)
		ovp_rbuf_putc(b, (char)('a' + (k + i) % 26));
	assert_int_equal(b->err, 0);
	return n;
}

/* The whole of the file at path, its length into *len. */
static char *
slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *got;
	long n;

	assert_non_null(f);
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	n = ftell(f);
	assert_true(n >= 0);
	rewind(f);
	got = malloc((size_t)n + 1);
	assert_non_null(got);
	assert_int_equal(fread(got, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	*len = (size_t)n;
	return got;
}

/* Another thread that writes what there is until told to stop (test_in_order()). */
struct helper {
	ovp_write_behind *wb;
	volatile int stop;
	unsigned long wrote;
};

static void *
help(void *arg)
{
	struct helper *h = arg;

	while (!__atomic_load_n(&h->stop, __ATOMIC_ACQUIRE))
		if (ovp_write_behind_one(h->wb))
			h->wrote++;
		else
			sched_yield();
	return NULL;
}

/*
 * Every byte handed over reaches the file in order; each put gives back
 * an empty buffer with the limit kept, the memory of the buffer handed
 * OVP_BEHIND_BUFFERS puts before (none for the first ones); with
 * another thread writing too (helped), whoever writes.
 */
static void
in_order(bool helped)
{
	char path[] = "/tmp/ovp-behind-XXXXXX";
	int fd = mkstemp(path);
	ovp_write_behind *wb;
	ovp_rbuf b = {0}, want = {0};
	char *handed[PUTS];
	struct helper hp = {0};
	pthread_t t;
	char *got;
	size_t len;

	assert_true(fd >= 0);
	b.max = (size_t)1 << 20;
	want.max = (size_t)64 << 20;
	assert_int_equal(ovp_write_behind_start(&wb, fd), 0);
	hp.wb = wb;
	if (helped)
		assert_int_equal(pthread_create(&t, NULL, help, &hp), 0);
	for (unsigned k = 0; k < PUTS; k++) {
		size_t n = fill(&b, k);

		fill(&want, k);
		assert_int_equal(b.len, n);
		handed[k] = b.data;
		assert_int_equal(ovp_write_behind_put(wb, &b), 0);
		assert_int_equal(b.len, 0);
		assert_int_equal(b.max, (size_t)1 << 20);
		assert_int_equal(b.err, 0);
		if (k < OVP_BEHIND_BUFFERS)
			assert_null(b.data);
		else
			assert_ptr_equal(b.data, handed[k - OVP_BEHIND_BUFFERS]);
	}
	if (helped) {
		__atomic_store_n(&hp.stop, 1, __ATOMIC_RELEASE);
		assert_int_equal(pthread_join(t, NULL), 0);
	}
	assert_int_equal(ovp_write_behind_end(wb), 0);
	assert_int_equal(close(fd), 0);
	got = slurp(path, &len);
	assert_int_equal(len, want.len);
	assert_memory_equal(got, want.data, want.len);
	free(got);
	unlink(path);
	ovp_rbuf_free(&b);
	ovp_rbuf_free(&want);
}

static void
test_in_order(void **state)
{
	(void)state;
	in_order(false);
	in_order(true);
}

/*
 * ovp_write_behind_one() writes the oldest buffer, one a call, and
 * nothing when none is handed over.
 */
static void
test_one(void **state)
{
	char path[] = "/tmp/ovp-behind-XXXXXX";
	int fd = mkstemp(path);
	ovp_write_behind *wb;
	ovp_rbuf b = {0};
	char *got;
	size_t len;

	(void)state;
	assert_true(fd >= 0);
	assert_int_equal(ovp_write_behind_start(&wb, fd), 0);
	assert_false(ovp_write_behind_one(wb));
	ovp_rbuf_puts(&b, "first,");
	assert_int_equal(ovp_write_behind_put(wb, &b), 0);
	ovp_rbuf_puts(&b, "second");
	assert_int_equal(ovp_write_behind_put(wb, &b), 0);
	assert_true(ovp_write_behind_one(wb));
	got = slurp(path, &len);
	assert_int_equal(len, 6);
	assert_memory_equal(got, "first,", 6);
	free(got);
	assert_true(ovp_write_behind_one(wb));
	assert_false(ovp_write_behind_one(wb));
	got = slurp(path, &len);
	assert_int_equal(len, 12);
	assert_memory_equal(got, "first,second", 12);
	free(got);
	assert_int_equal(ovp_write_behind_end(wb), 0);
	close(fd);
	unlink(path);
	ovp_rbuf_free(&b);
}

/*
 * A device that is full: the puts are taken until the ring is full; the
 * next writes the oldest, says ENOSPC and leaves the buffer as it is,
 * and so does every put after it and the end.
 */
static void
test_failure(void **state)
{
	int fd = open("/dev/full", O_WRONLY);
	ovp_write_behind *wb;
	ovp_rbuf b = {0};
	unsigned k, failed_at = 0;

	(void)state;
	if (fd < 0)
		skip();
	assert_int_equal(ovp_write_behind_start(&wb, fd), 0);
	fill(&b, 1);
	assert_int_equal(ovp_write_behind_put(wb, &b), 0);
	for (k = 1; k <= OVP_BEHIND_BUFFERS + 1 && failed_at == 0; k++) {
		int rc;

		fill(&b, 2);
		errno = 0;
		rc = ovp_write_behind_put(wb, &b);
		if (rc != 0) {
			assert_int_equal(rc, OVP_EIO);
			assert_int_equal(errno, ENOSPC);
			failed_at = k;
		}
	}
	assert_int_equal(failed_at, OVP_BEHIND_BUFFERS);
	for (k = 0; k < 3; k++) {
		const char *data = b.data;
		size_t len = b.len;

		errno = 0;
		assert_int_equal(ovp_write_behind_put(wb, &b), OVP_EIO);
		assert_int_equal(errno, ENOSPC);
		assert_ptr_equal(b.data, data);
		assert_int_equal(b.len, len);
	}
	errno = 0;
	assert_int_equal(ovp_write_behind_end(wb), OVP_EIO);
	assert_int_equal(errno, ENOSPC);
	close(fd);
	ovp_rbuf_free(&b);
}

/* Nothing handed over: nothing written, no failure; ending none is nothing. */
static void
test_nothing(void **state)
{
	char path[] = "/tmp/ovp-behind-XXXXXX";
	int fd = mkstemp(path);
	ovp_write_behind *wb;

	(void)state;
	assert_true(fd >= 0);
	assert_int_equal(ovp_write_behind_start(&wb, fd), 0);
	assert_non_null(wb);
	assert_int_equal(ovp_write_behind_end(wb), 0);
	assert_int_equal(lseek(fd, 0, SEEK_END), 0);
	assert_int_equal(ovp_write_behind_end(NULL), 0);
	close(fd);
	unlink(path);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_in_order),
		cmocka_unit_test(test_one),
		cmocka_unit_test(test_failure),
		cmocka_unit_test(test_nothing),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
