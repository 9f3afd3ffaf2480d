/*
 * Writing behind the renderer (write_behind.h): a ring of buffers
 * between the thread that renders and whichever thread writes.  The
 * buffers handed over and not yet written are those from written to
 * handed (modulo the ring); the others hold memory for the renderer to
 * take in exchange.  One thread writes at a time (writing), so that the
 * buffers go out in order; a thread that must write waits only for it.
 */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>

#include <overpromise/error.h>

#include "write_behind.h"

struct ovp_write_behind {
	pthread_mutex_t mu;
	pthread_cond_t written_one;    /* a write under way is done */
	struct held {
		char *data;
		size_t len, cap;
	} ring[OVP_BEHIND_BUFFERS];
	unsigned long handed, written; /* buffers handed over, and written or dropped, so far */
	bool writing;                  /* a thread writes the oldest buffer handed over */
	bool waits;                    /* a thread waits for that write */
	bool failed;                   /* a write failed: nothing more is written */
	int failed_errno;              /* its errno; 0 when it wrote nothing without one */
	int fd;
};

/* Write the n bytes at s to fd whole: 0, or -1 (errno set when the write gave one, else 0). */
static int
write_all(int fd, const char *s, size_t n)
{
	size_t done = 0;

	while (done < n) {
		ssize_t k = write(fd, s + done, n - done);

		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0) {
			if (k == 0)
				errno = 0;
			return -1;
		}
		done += (size_t)k;
	}
	return 0;
}

/*
 * With wb's lock held, no write under way and a buffer handed over:
 * write the oldest (or drop it after a failure), the lock let go
 * meanwhile.  The buffer stays the writer's until written moves past it.
 */
static void
write_oldest(ovp_write_behind *wb)
{
	const struct held *h = &wb->ring[wb->written % OVP_BEHIND_BUFFERS];
	bool drop = wb->failed;
	int rc = 0, e = 0;

	wb->writing = true;
	pthread_mutex_unlock(&wb->mu);
	if (!drop) {
		rc = write_all(wb->fd, h->data, h->len);
		e = errno;
	}
	pthread_mutex_lock(&wb->mu);
	if (rc < 0) {
		wb->failed = true;
		wb->failed_errno = e;
	}
	wb->writing = false;
	wb->written++;
	if (wb->waits) {
		wb->waits = false;
		pthread_cond_broadcast(&wb->written_one);
	}
}

/* With wb's lock held: wait until the write under way is done. */
static void
wait_written(ovp_write_behind *wb)
{
	while (wb->writing) {
		wb->waits = true;
		pthread_cond_wait(&wb->written_one, &wb->mu);
	}
}

int
ovp_write_behind_start(ovp_write_behind **out, int fd)
{
	ovp_write_behind *wb = calloc(1, sizeof *wb);

	*out = NULL;
	if (wb == NULL)
		return OVP_ENOMEM;
	wb->fd = fd;
	if (pthread_mutex_init(&wb->mu, NULL) != 0) {
		free(wb);
		return OVP_ENOMEM;
	}
	pthread_cond_init(&wb->written_one, NULL);
	*out = wb;
	return 0;
}

int
ovp_write_behind_put(ovp_write_behind *wb, ovp_rbuf *b)
{
	struct held *h, given;

	pthread_mutex_lock(&wb->mu);
	while (!wb->failed && wb->handed - wb->written == OVP_BEHIND_BUFFERS) {
		if (wb->writing)
			wait_written(wb);
		else
			write_oldest(wb);
	}
	if (wb->failed) {
		int e = wb->failed_errno;

		pthread_mutex_unlock(&wb->mu);
		errno = e;
		return OVP_EIO;
	}
	/* A slot outside the written-to-handed stretch: its memory is free to take. */
	h = &wb->ring[wb->handed % OVP_BEHIND_BUFFERS];
	given = *h;
	h->data = b->data;
	h->len = b->len;
	h->cap = b->cap;
	b->data = given.data;
	b->cap = given.cap;
	b->len = 0;
	wb->handed++;
	pthread_mutex_unlock(&wb->mu);
	return 0;
}

bool
ovp_write_behind_one(ovp_write_behind *wb)
{
	bool wrote = false;

	pthread_mutex_lock(&wb->mu);
	if (!wb->writing && wb->written != wb->handed) {
		write_oldest(wb);
		wrote = true;
	}
	pthread_mutex_unlock(&wb->mu);
	return wrote;
}

int
ovp_write_behind_end(ovp_write_behind *wb)
{
	bool failed;
	int e;

	if (wb == NULL)
		return 0;
	pthread_mutex_lock(&wb->mu);
	while (wb->writing || wb->written != wb->handed) {
		if (wb->writing)
			wait_written(wb);
		else
			write_oldest(wb);
	}
	failed = wb->failed;
	e = wb->failed_errno;
	pthread_mutex_unlock(&wb->mu);
	for (size_t i = 0; i < OVP_BEHIND_BUFFERS; i++)
		free(wb->ring[i].data);
	pthread_cond_destroy(&wb->written_one);
	pthread_mutex_destroy(&wb->mu);
	free(wb);
	if (!failed)
		return 0;
	errno = e;
	return OVP_EIO;
}
