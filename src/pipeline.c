/*
 * Checking a deals export on two threads (ovp_engine_deals()).
 *
 * Reading a large export (parsing, typed fields, dates) and matching its
 * promises take about as long as applying the rules and writing the
 * report, so the two halves run side by side: a reading thread takes each
 * deal from the reader and puts it in a bounded queue; the calling
 * thread takes the deals in the same order and hands them to the
 * engine with the matches of their promises (ovp_engine_deal_matched()).
 *
 * Matching is the work that either side can do, and the one that balances
 * them: the reading side matches a deal's promises before it puts the
 * deal, unless the queue holds fewer than a low-water mark of deals (the
 * checking side is about to wait for it); then it takes only the results
 * its cache keeps and leaves the other promises, the new texts, to the
 * checking side, which matches them with a second matcher that shares the
 * first one's index (ovp_planner_fork()).  When the reading side takes
 * the slot of such a deal again, its cache learns what the checking side
 * made, so that it keeps what one matcher would.  The side that has time
 * does the matching, and a text is matched the same by either matcher:
 * the caches change the time it takes, never the result.
 *
 * The two sides meet at the queue's lock once for a run of up to
 * HANDOFF_DEALS deals, not for each: the reading side claims the free
 * slots of a run, reads their deals, then matches them (so that the
 * lookups of their promises in its cache wait for memory together) and
 * puts them together; the checking side takes the deals there are, up
 * to a run, and hands their slots back together.  Whether the reading
 * side leaves a deal's new texts to the other is decided for each deal
 * of a run from the queue as it was when the run was claimed, with the
 * deals of the run before it counted in.
 *
 * Each side keeps its own state (the reader and the first matcher on one,
 * the engine, the report and the second matcher on the other); the queue
 * and the index that both matchers read are all they share, so the report
 * is the one a single thread writes, byte for byte.  Memory stays bounded:
 * QUEUE_DEALS deals, each in a deal builder of its slot that the reader
 * hands over and takes back for reuse (ovp_deals_next_owned()), so no
 * text is copied; the two matchers' caches share the room of one.
 */
#include <limits.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <overpromise/deal_builder.h>
#include <overpromise/engine.h>
#include <overpromise/planner.h>

#include "deal_builder_impl.h"
#include "engine_impl.h"
#include "pipeline.h"
#include "planner_impl.h"
#include "util/arena.h"
#include "util/grow.h"
#include "util/str.h"

/* Deals between the two threads at most. */
#define QUEUE_DEALS 256

/*
 * A side that waits is woken when the other has this many deals for it
 * (or room for them), not for each: a wake-up is a system call, and the
 * two sides would otherwise take turns deal by deal.
 */
#define BATCH_DEALS 64

/*
 * Deals that a side puts or takes at one time, under one lock: the lock
 * passes from core to core whenever the other side took it last, and
 * once per deal that showed in profiles.  Well below BATCH_DEALS and
 * LOW_WATER, so that the other side still gets deals in time.
 */
#define HANDOFF_DEALS 16

/*
 * The reading side leaves new texts to the checking side when the queue
 * holds fewer deals than this.  Above BATCH_DEALS: a checking side that
 * waits wakes only at a batch, and the reading side must still leave it
 * texts once it works, or the two would match in turns, not side by side.
 */
#define LOW_WATER (QUEUE_DEALS / 2)

/*
 * Results that the checking side's matcher keeps, of the room of one
 * cache: the most recent, for a text that comes again before the
 * reading side's cache learns it (learn_left()); all the rest of the
 * room is the reading side's, whose cache every result goes to.
 */
#define FORK_CACHE 4096

/* Deals read between two calls of the progress function. */
#define PROGRESS_EVERY 1024

/*
 * A deal in the queue, with the matches of its promises (their normalised
 * features copied into the deal's memory, so that they last as long as
 * the deal), but for those left to the checking side.
 */
typedef struct queued {
	const ovp_deal *deal;
	ovp_deal_builder *b;       /* holds the deal; NULL until the slot is first used */
	ovp_match *matches;
	bool *left;                /* per promise: left to the checking side, which matches it */
	uint64_t *hash;            /* per promise: ovp_hash_bytes() of its feature */
	size_t nleft;
	size_t mcap, lcap, hcap;
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
	ovp_planner *planner;      /* its matcher is the reading side's alone */
	ovp_planner *fork;         /* the checking side's, or NULL: the reading side matches all */
	unsigned long low_water;   /* below it the reading side leaves new texts to the other */
	void (*progress)(void *ctx, unsigned long deals);
	void *ctx;
	const char *file;          /* the deals file, as errors name it */
} pipeline;

/* A copy of s (NULL stays NULL) in the memory of b's deal; false when out of memory. */
static bool
copy_str(ovp_deal_builder *b, const char **s)
{
	const char *c;

	if (*s == NULL)
		return true;
	c = ovp_deal_strndup(b, *s, strlen(*s));
	if (c == NULL)
		return false;
	*s = c;
	return true;
}

/*
 * Match promise i of the deal in q with pl's matcher, or only when its
 * cache keeps the result (cached_only; else left for the checking side);
 * 0, or the error with err set (as the engine words a promise it cannot
 * match).  A kept result is had from the cache straight into the deal's
 * memory, its normalised feature with it; only a new text is matched
 * and its result copied there.
 */
static int
match_promise(queued *q, size_t i, ovp_planner *pl, bool cached_only, const char *file,
              ovp_error *err)
{
	const ovp_promise *p = &q->deal->promises[i];
	size_t len = ovp_deal_feature_len(q->b, i);
	const ovp_match *r;
	ovp_error why;
	int rc = ovp_planner_cached_to(pl, p->feature, len, q->hash[i], &q->matches[i],
	                               &q->b->arena);

	if (rc > 0)
		return 0;
	if (rc < 0)
		return ovp_error_set(err, OVP_ENOMEM, NULL, 0, "out of memory");
	if (cached_only) {
		/* No item to fetch ahead until the checking side matches it. */
		q->matches[i].item = NULL;
		q->left[i] = true;
		q->nleft++;
		return 0;
	}
	r = ovp_planner_match_missed(pl, p->feature, len, q->hash[i], &why);
	if (r == NULL)
		return ovp_error_set(err, why.code, file, p->line, "cannot match \"%.80s\": %s",
		                     p->feature, why.message);
	/* The result lasts until the matcher's next: its text is copied. */
	q->matches[i] = *r;
	if (!copy_str(q->b, &q->matches[i].feature_norm))
		return ovp_error_set(err, OVP_ENOMEM, NULL, 0, "out of memory");
	return 0;
}

/* The checking side: match the promises of q left to it with pl's matcher (see match_promise()). */
static int
match_left(queued *q, ovp_planner *pl, const char *file, ovp_error *err)
{
	for (size_t i = 0; i < q->deal->npromises; i++) {
		int rc = q->left[i] ? match_promise(q, i, pl, false, file, err) : 0;

		if (rc < 0)
			return rc;
	}
	return 0;
}

/*
 * Before the slot of q takes its next deal: the results that the checking
 * side made for the deal taken from it go to pl's cache, as if pl had
 * made them, so that it keeps what one matcher would.
 */
static void
learn_left(queued *q, ovp_planner *pl)
{
	for (size_t i = 0; q->nleft > 0 && i < q->deal->npromises; i++)
		if (q->left[i])
			ovp_planner_learn(pl, q->deal->promises[i].feature,
			                  ovp_deal_feature_len(q->b, i), q->hash[i], &q->matches[i]);
	q->nleft = 0;
}

/*
 * Match the promises of q's deal with pl's matcher, or with share only
 * those whose results it keeps, leaving the others for the checking side;
 * 0, or the error with err set.
 */
static int
queue_deal(queued *q, ovp_planner *pl, bool share, const char *file, ovp_error *err)
{
	const ovp_deal *d = q->deal;

	/* A lost deal is skipped, not checked (ovp_engine_deal_matched()): nothing to match. */
	if (d->lost)
		return 0;
	if (!ovp_grow(&q->matches, &q->mcap, d->npromises, sizeof *q->matches) ||
	    !ovp_grow(&q->left, &q->lcap, d->npromises, sizeof *q->left))
		return ovp_error_set(err, OVP_ENOMEM, NULL, 0, "out of memory");
	for (size_t i = 0; i < d->npromises; i++) {
		int rc;

		q->left[i] = false;
		rc = match_promise(q, i, pl, share, file, err);
		if (rc < 0)
			return rc;
	}
	return 0;
}

/*
 * Read the reader's next deal into the slot q, once what the checking
 * side matched for the deal taken from it is learnt (learn_left()): 1, 0
 * at the end of the export, or the error with err set.  The slot is the
 * reading side's until it is put.
 */
static int
read_slot(pipeline *pl, queued *q, ovp_error *err)
{
	int rc = 0;

	if (q->b == NULL)
		rc = ovp_deal_new(&q->b, err);
	else
		learn_left(q, pl->planner);
	if (rc == 0)
		rc = ovp_deals_next_owned(pl->r, &q->b, &q->deal, err);
	return rc;
}

/*
 * Hash the features of the promises of q's deal, and ask for the table
 * slots of pl's cache that their lookups read (ovp_planner_prefetch());
 * 0, or the error with err set.
 */
static int
hash_promises(queued *q, const ovp_planner *pl, ovp_error *err)
{
	const ovp_deal *d = q->deal;

	if (d->lost)
		return 0;
	if (!ovp_grow(&q->hash, &q->hcap, d->npromises, sizeof *q->hash))
		return ovp_error_set(err, OVP_ENOMEM, NULL, 0, "out of memory");
	for (size_t i = 0; i < d->npromises; i++) {
		q->hash[i] = ovp_hash_bytes(d->promises[i].feature, ovp_deal_feature_len(q->b, i));
		ovp_planner_prefetch(pl, q->hash[i], false);
	}
	return 0;
}

/*
 * Fill the count slots from first with the reader's next deals, matched
 * (but for the new texts of those that share says, see queue_deal()), the
 * queue holding fill deals before them: 1, 0 at the end of the export, or
 * the error with err set; *filled gets the slots filled (before the end
 * or the error).  All deals are read before any is matched, so that the
 * lookups of their promises in the cache, each waiting for memory twice
 * (a slot of the table, then a result), wait together: every slot is
 * asked for as its deal is read, then every result, then they are looked
 * up (ovp_planner_prefetch()).  So are the slots where what the checking
 * side matched for the deals taken from them goes (learn_left()).
 */
static int
fill_run(pipeline *pl, unsigned long first, unsigned long count, unsigned long fill,
         unsigned long *filled, unsigned long *n, ovp_error *err)
{
	unsigned long nread, k;
	int rc = 1;

	/*
	 * The results that the checking side made for the slots' last deals
	 * are learnt first (read_slot()): the table slots they go to are asked
	 * for before any deal is read.
	 */
	for (k = 0; k < count; k++) {
		const queued *q = &pl->q[(first + k) % QUEUE_DEALS];

		for (size_t i = 0; q->nleft > 0 && i < q->deal->npromises; i++)
			if (q->left[i])
				ovp_planner_prefetch(pl->planner, q->hash[i], false);
	}
	for (nread = 0; nread < count; nread++) {
		queued *q = &pl->q[(first + nread) % QUEUE_DEALS];

		rc = read_slot(pl, q, err);
		if (rc > 0 && hash_promises(q, pl->planner, err) < 0)
			rc = OVP_ENOMEM;
		if (rc <= 0)
			break;
	}
	for (k = 0; k < nread; k++) {
		const queued *q = &pl->q[(first + k) % QUEUE_DEALS];

		for (size_t i = 0; !q->deal->lost && i < q->deal->npromises; i++)
			ovp_planner_prefetch(pl->planner, q->hash[i], true);
	}
	/* A deal that cannot be matched comes before the one that could not be read. */
	for (k = 0; k < nread; k++) {
		/* The deals of the run before this one are in the queue by the time it is. */
		bool share = pl->fork != NULL && fill + k < pl->low_water;
		int qrc = queue_deal(&pl->q[(first + k) % QUEUE_DEALS], pl->planner, share, pl->file,
		                     err);

		if (qrc < 0) {
			*filled = k;
			return qrc;
		}
		if (++*n % PROGRESS_EVERY == 0 && pl->progress != NULL)
			pl->progress(pl->ctx, *n);
	}
	*filled = nread;
	return rc;
}

/*
 * The reading side: deals from the reader, matched (but for the new texts
 * when the checking side is about to wait), into the queue, a run of
 * free slots at a time (see HANDOFF_DEALS).
 */
static void *
read_deals(void *arg)
{
	pipeline *pl = arg;
	unsigned long n = 0;
	ovp_error err;
	int rc;

	ovp_error_clear(&err);
	pthread_mutex_lock(&pl->mu);
	for (;;) {
		unsigned long first, fill, count, k;

		while (pl->put - pl->taken == QUEUE_DEALS && !pl->stop) {
			pl->putter_waits = true;
			pthread_cond_wait(&pl->can_put, &pl->mu);
		}
		pl->putter_waits = false;
		if (pl->stop) {
			rc = 0;
			break;
		}
		first = pl->put;
		fill = pl->put - pl->taken;
		count = QUEUE_DEALS - fill < HANDOFF_DEALS ? QUEUE_DEALS - fill : HANDOFF_DEALS;
		pthread_mutex_unlock(&pl->mu);
		rc = fill_run(pl, first, count, fill, &k, &n, &err);
		pthread_mutex_lock(&pl->mu);
		pl->put += k;
		/* A signal costs a system call: only for a side that waits, with a batch. */
		if (pl->taker_waits && pl->put - pl->taken >= BATCH_DEALS)
			pthread_cond_signal(&pl->can_take);
		if (rc <= 0)
			break;
	}
	pthread_mutex_unlock(&pl->mu);
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
ovp_engine_deals_shared(ovp_engine *e, ovp_deals_reader *r, unsigned threads,
                        unsigned long low_water, void (*progress)(void *ctx, unsigned long deals),
                        void *ctx, ovp_error *err)
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
	pl->low_water = low_water < QUEUE_DEALS ? low_water : QUEUE_DEALS;
	pl->file = e->meta != NULL && e->meta->deals_path != NULL ? e->meta->deals_path : "<deal>";
	pl->progress = progress;
	pl->ctx = ctx;
	if (pl->low_water > 0) {
		rc = ovp_planner_fork(&pl->fork, e->planner, FORK_CACHE, err);
		if (rc < 0) {
			free(pl);
			return rc;
		}
	}
	if (pthread_mutex_init(&pl->mu, NULL) != 0) {
		ovp_planner_join(e->planner, pl->fork);
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
	/* The deals there are, up to a run, are taken under one lock and handed back under one. */
	pthread_mutex_lock(&pl->mu);
	for (unsigned long prefetched = ULONG_MAX;;) {
		unsigned long first, avail, count, k;

		while (pl->taken == pl->put && !pl->done) {
			pl->taker_waits = true;
			pthread_cond_wait(&pl->can_take, &pl->mu);
		}
		pl->taker_waits = false;
		if (pl->taken == pl->put)
			break;
		first = pl->taken;
		avail = pl->put - pl->taken;
		count = avail < HANDOFF_DEALS ? avail : HANDOFF_DEALS;
		pthread_mutex_unlock(&pl->mu);
		for (k = 0; k < count && rc == 0; k++) {
			queued *q = &pl->q[(first + k) % QUEUE_DEALS], *next = NULL;

			if (k + 1 < avail)
				next = &pl->q[(first + k + 1) % QUEUE_DEALS];
			/* The slot is this side's until it is handed back: what was left to it is matched here. */
			rc = q->nleft > 0 ? match_left(q, pl->fork, pl->file, err) : 0;
			/*
			 * The items of its promises are asked for, unless they were
			 * while the deal before was checked and none was left to this
			 * side (those had no item yet then).
			 */
			if (!q->deal->lost && (first + k != prefetched || q->nleft > 0))
				ovp_engine_prefetch(e, q->matches, q->deal->npromises);
			/*
			 * The next deal's items are asked for too: they come into the
			 * cache while this one is checked (those left to this side have
			 * none yet).
			 */
			if (next != NULL && !next->deal->lost) {
				ovp_engine_prefetch(e, next->matches, next->deal->npromises);
				prefetched = first + k + 1;
			}
			if (rc == 0)
				rc = ovp_engine_deal_matched(e, q->deal, q->matches, err);
		}
		pthread_mutex_lock(&pl->mu);
		pl->taken += count;
		if (rc < 0)
			pl->stop = true;
		if ((pl->putter_waits && pl->put - pl->taken <= QUEUE_DEALS - BATCH_DEALS) || rc < 0)
			pthread_cond_signal(&pl->can_put);
		if (rc < 0)
			break;
	}
	pthread_mutex_unlock(&pl->mu);
	pthread_join(reader, NULL);
	if (rc == 0 && pl->rc < 0) {
		*err = pl->err;
		rc = pl->rc;
	}
done:
	for (size_t i = 0; i < QUEUE_DEALS; i++) {
		ovp_deal_free(pl->q[i].b);
		free(pl->q[i].matches);
		free(pl->q[i].left);
		free(pl->q[i].hash);
	}
	pthread_cond_destroy(&pl->can_put);
	pthread_cond_destroy(&pl->can_take);
	pthread_mutex_destroy(&pl->mu);
	/* The first matcher's cache is as large again for the next call. */
	ovp_planner_join(e->planner, pl->fork);
	free(pl);
	return rc;
}

int
ovp_engine_deals(ovp_engine *e, ovp_deals_reader *r, unsigned threads,
                 void (*progress)(void *ctx, unsigned long deals), void *ctx, ovp_error *err)
{
	return ovp_engine_deals_shared(e, r, threads, LOW_WATER, progress, ctx, err);
}
