/*
 * Writing behind the renderer (write_behind.h): a ring of buffers
 * between the thread that renders and the thread that writes.  The
 * buffers handed over and not yet written are those from written to
 * handed (modulo the ring); the others hold memory for the renderer to
 * take in exchange.  A side waits only on the other: the writer for a
 * buffer, the renderer for room in the ring; each is woken only when it
 * waits.
 */
#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <unistd.h>

#include <overpromise/error.h>

#include "write_behind.h"

struct ovp_write_behind {
	pthread_mutex_t mu;
	pthread_cond_t can_write, can_put;
	struct held {
		char *data;
		size_t len, cap;
	} ring[OVP_BEHIND_BUFFERS];
	unsigned long handed, written; /* buffers handed over, and written or dropped, so far */
	bool closing;                  /* nothing more is handed over */
	bool writer_waits, putter_waits;
	bool failed;                   /* a write failed: nothing more is written */
	int failed_errno;              /* its errno; 0 when it wrote nothing without one */
	int fd;
	pthread_t thread;
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

/* The writing thread: the buffers in the order they came, until the ring is closed and empty. */
static void *
write_out(void *arg)
{
	ovp_write_behind *wb = arg;

	pthread_mutex_lock(&wb->mu);
	for (;;) {
		const struct held *h;
		bool drop;
		int rc = 0, e = 0;

		while (wb->written == wb->handed && !wb->closing) {
			wb->writer_waits = true;
			pthread_cond_wait(&wb->can_write, &wb->mu);
		}
		wb->writer_waits = false;
		if (wb->written == wb->handed)
			break;
		/* The buffer stays the writer's until written moves past it. */
		h = &wb->ring[wb->written % OVP_BEHIND_BUFFERS];
		drop = wb->failed;
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
		wb->written++;
		if (wb->putter_waits)
			pthread_cond_signal(&wb->can_put);
	}
	pthread_mutex_unlock(&wb->mu);
	return NULL;
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
	pthread_cond_init(&wb->can_write, NULL);
	pthread_cond_init(&wb->can_put, NULL);
	if (pthread_create(&wb->thread, NULL, write_out, wb) != 0) {
		pthread_cond_destroy(&wb->can_write);
		pthread_cond_destroy(&wb->can_put);
		pthread_mutex_destroy(&wb->mu);
		free(wb);
		return OVP_ENOMEM;
	}
	*out = wb;
	return 0;
}

int
ovp_write_behind_put(ovp_write_behind *wb, ovp_rbuf *b)
{
	struct held *h, given;

	pthread_mutex_lock(&wb->mu);
	while (!wb->failed && wb->handed - wb->written == OVP_BEHIND_BUFFERS) {
		wb->putter_waits = true;
		pthread_cond_wait(&wb->can_put, &wb->mu);
	}
	wb->putter_waits = false;
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
	if (wb->writer_waits)
		pthread_cond_signal(&wb->can_write);
	pthread_mutex_unlock(&wb->mu);
	return 0;
}

int
ovp_write_behind_end(ovp_write_behind *wb)
{
	bool failed;
	int e;

	if (wb == NULL)
		return 0;
	pthread_mutex_lock(&wb->mu);
	wb->closing = true;
	if (wb->writer_waits)
		pthread_cond_signal(&wb->can_write);
	pthread_mutex_unlock(&wb->mu);
	pthread_join(wb->thread, NULL);
	failed = wb->failed;
	e = wb->failed_errno;
	for (size_t i = 0; i < OVP_BEHIND_BUFFERS; i++)
		free(wb->ring[i].data);
	pthread_cond_destroy(&wb->can_write);
	pthread_cond_destroy(&wb->can_put);
	pthread_mutex_destroy(&wb->mu);
	free(wb);
	if (!failed)
		return 0;
	errno = e;
	return OVP_EIO;
}
