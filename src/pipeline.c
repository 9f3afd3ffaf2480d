/*
 * Checking a deals export on two threads (ovp_engine_deals()).
 *
 * Reading a large export (parsing, typed fields, dates) and matching its
 * promises take about as long as applying the rules and writing the
 * report, so the two halves run side by side: a reading thread takes each
 * deal from the reader, matches its promises and puts a copy of the deal
 * with their matches in a bounded queue; the calling thread takes the
 * deals in the same order and hands them to the engine with their
 * matches (ovp_engine_deal_matched()).  Each side keeps its own state
 * (the reader and the matcher on one, the engine and the report on the
 * other); the queue is all they share, so the report is the one a single
 * thread writes, byte for byte.  Memory stays bounded: QUEUE_DEALS deals,
 * each in a deal builder of its slot that the reader hands over and takes
 * back for reuse (ovp_deals_next_owned()), so no text is copied.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <overpromise/deal_builder.h>
#include <overpromise/engine.h>
#include <overpromise/planner.h>

#include "engine_impl.h"
#include "util/arena.h"
#include "util/grow.h"

/* Deals between the two threads at most. */
#define QUEUE_DEALS 256

/*
 * A side that waits is woken when the other has this many deals for it
 * (or room for them), not for each: a wake-up is a system call, and the
 * two sides would otherwise take turns deal by deal.
 */
#define BATCH_DEALS 64

/* Deals read between two calls of the progress function. */
#define PROGRESS_EVERY 1024

/* A deal in the queue, with the matches of its promises (their normalised features copied). */
typedef struct queued {
	const ovp_deal *deal;
	ovp_deal_builder *b; /* holds the deal; NULL until the slot is first used */
	ovp_match *matches;
	size_t mcap;
	ovp_arena ar;
} queued;

typedef struct pipeline {
	pthread_mutex_t mu;
	pthread_cond_t can_put, can_take;
	queued q[QUEUE_DEALS];
	unsigned long put, taken;  /* deals put into and taken from the queue so far */
	bool done;                 /* the reading side has put its last deal */
	bool putter_waits, taker_waits; /* a side waits for the other's signal */
	bool stop;                 /* the checking side failed: read no more */
	int rc;                    /* the reading side's error, 0 when none */
	ovp_error err;
	ovp_deals_reader *r;
	ovp_planner *planner;      /* the matcher is the reading side's alone */
	void (*progress)(void *ctx, unsigned long deals);
	void *ctx;
	const char *file;          /* the deals file, as errors name it */
} pipeline;

/* A copy of s (NULL stays NULL) in a; false when out of memory. */
static bool
copy_str(ovp_arena *a, const char **s)
{
	char *c;

	if (*s == NULL)
		return true;
	c = ovp_arena_strndup(a, *s, strlen(*s));
	if (c == NULL)
		return false;
	*s = c;
	return true;
}

/*
 * Match the promises of q's deal with pl's matcher; 0, or the error with
 * err set (as the engine words a promise it cannot match).
 */
static int
queue_deal(queued *q, ovp_planner *pl, const char *file, ovp_error *err)
{
	const ovp_deal *d = q->deal;

	ovp_arena_reset(&q->ar);
	if (!ovp_grow(&q->matches, &q->mcap, d->npromises, sizeof *q->matches))
		return ovp_error_set(err, OVP_ENOMEM, NULL, 0, "out of memory");
	for (size_t i = 0; i < d->npromises; i++) {
		const ovp_promise *p = &d->promises[i];
		const ovp_match *r;
		ovp_error why;

		r = ovp_planner_match(pl, p->feature, strlen(p->feature), &why);
		if (r == NULL)
			return ovp_error_set(err, why.code, file, p->line, "cannot match \"%.80s\": %s",
			                     p->feature, why.message);
		q->matches[i] = *r;
		if (!copy_str(&q->ar, &q->matches[i].feature_norm))
			return ovp_error_set(err, OVP_ENOMEM, NULL, 0, "out of memory");
	}
	return 0;
}

/* The reading side: deals from the reader, matched, into the queue. */
static void *
read_deals(void *arg)
{
	pipeline *pl = arg;
	unsigned long n = 0;
	ovp_error err;
	int rc;

	ovp_error_clear(&err);
	for (;;) {
		queued *q;

		pthread_mutex_lock(&pl->mu);
		while (pl->put - pl->taken == QUEUE_DEALS && !pl->stop) {
			pl->putter_waits = true;
			pthread_cond_wait(&pl->can_put, &pl->mu);
		}
		pl->putter_waits = false;
		if (pl->stop) {
			pthread_mutex_unlock(&pl->mu);
			rc = 0;
			break;
		}
		q = &pl->q[pl->put % QUEUE_DEALS];
		pthread_mutex_unlock(&pl->mu);
		/* The slot is this side's until it is put. */
		if (q->b == NULL && (rc = ovp_deal_new(&q->b, &err)) < 0)
			break;
		rc = ovp_deals_next_owned(pl->r, &q->b, &q->deal, &err);
		if (rc <= 0)
			break;
		rc = queue_deal(q, pl->planner, pl->file, &err);
		if (rc < 0)
			break;
		pthread_mutex_lock(&pl->mu);
		pl->put++;
		/* A signal costs a system call: only for a side that waits, with a batch. */
		if (pl->taker_waits && pl->put - pl->taken >= BATCH_DEALS)
			pthread_cond_signal(&pl->can_take);
		pthread_mutex_unlock(&pl->mu);
		if (++n % PROGRESS_EVERY == 0 && pl->progress != NULL)
			pl->progress(pl->ctx, n);
	}
	if (pl->progress != NULL)
		pl->progress(pl->ctx, n);
	pthread_mutex_lock(&pl->mu);
	pl->done = true;
	pl->rc = rc < 0 ? rc : 0;
	pl->err = err;
	pthread_cond_signal(&pl->can_take);
	pthread_mutex_unlock(&pl->mu);
	return NULL;
}

/* One thread: the engine reads and matches as it goes. */
static int
check_in_turn(ovp_engine *e, ovp_deals_reader *r,
              void (*progress)(void *ctx, unsigned long deals), void *ctx, ovp_error *err)
{
	unsigned long n = 0;

	for (;;) {
		const ovp_deal *d;
		int rc = ovp_deals_next(r, &d, err);

		if (rc <= 0) {
			if (progress != NULL)
				progress(ctx, n);
			return rc;
		}
		rc = ovp_engine_deal(e, d, err);
		if (rc < 0)
			return rc;
		if (++n % PROGRESS_EVERY == 0 && progress != NULL)
			progress(ctx, n);
	}
}

int
ovp_engine_deals(ovp_engine *e, ovp_deals_reader *r, unsigned threads,
                 void (*progress)(void *ctx, unsigned long deals), void *ctx, ovp_error *err)
{
	pipeline *pl;
	pthread_t reader;
	int rc = 0;

	if (threads < 2)
		return check_in_turn(e, r, progress, ctx, err);
	pl = calloc(1, sizeof *pl);
	if (pl == NULL)
		return ovp_error_set(err, OVP_ENOMEM, NULL, 0, "out of memory");
	pl->r = r;
	pl->planner = e->planner;
	pl->file = e->meta != NULL && e->meta->deals_path != NULL ? e->meta->deals_path : "<deal>";
	pl->progress = progress;
	pl->ctx = ctx;
	if (pthread_mutex_init(&pl->mu, NULL) != 0) {
		free(pl);
		return ovp_error_set(err, OVP_ENOMEM, NULL, 0, "cannot start a thread");
	}
	pthread_cond_init(&pl->can_put, NULL);
	pthread_cond_init(&pl->can_take, NULL);
	if (pthread_create(&reader, NULL, read_deals, pl) != 0) {
		/* No second thread to be had: one does it all. */
		rc = check_in_turn(e, r, progress, ctx, err);
		goto done;
	}
	for (;;) {
		queued *q;

		pthread_mutex_lock(&pl->mu);
		while (pl->taken == pl->put && !pl->done) {
			pl->taker_waits = true;
			pthread_cond_wait(&pl->can_take, &pl->mu);
		}
		pl->taker_waits = false;
		if (pl->taken == pl->put) {
			pthread_mutex_unlock(&pl->mu);
			break;
		}
		q = &pl->q[pl->taken % QUEUE_DEALS];
		pthread_mutex_unlock(&pl->mu);
		rc = ovp_engine_deal_matched(e, q->deal, q->matches, err);
		pthread_mutex_lock(&pl->mu);
		pl->taken++;
		if (rc < 0)
			pl->stop = true;
		if ((pl->putter_waits && pl->put - pl->taken <= QUEUE_DEALS - BATCH_DEALS) || rc < 0)
			pthread_cond_signal(&pl->can_put);
		pthread_mutex_unlock(&pl->mu);
		if (rc < 0)
			break;
	}
	pthread_join(reader, NULL);
	if (rc == 0 && pl->rc < 0) {
		*err = pl->err;
		rc = pl->rc;
	}
done:
	for (size_t i = 0; i < QUEUE_DEALS; i++) {
		ovp_deal_free(pl->q[i].b);
		free(pl->q[i].matches);
		ovp_arena_free(&pl->q[i].ar);
	}
	pthread_cond_destroy(&pl->can_put);
	pthread_cond_destroy(&pl->can_take);
	pthread_mutex_destroy(&pl->mu);
	free(pl);
	return rc;
}
