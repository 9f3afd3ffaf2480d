/*
 * The results of texts matched before, reused through a bounded cache.
 *
 * A CRM export names the same features over and over (picklists, copied
 * names), and matching a text again costs far more than finding it: so
 * results are kept.  But where people type, new texts keep arriving as
 * the rows grow (typos, new asks), and most of them come once: keeping
 * every one made memory grow with the export.  So the cache
 *
 *   - keeps every result while it has room; once full, admits a text on
 *     its second sighting: a text seen once leaves only its hash in a
 *     small table of recent first sightings (a hash that meets another's
 *     there at worst admits a text early);
 *   - holds at most a fixed number of results (ovp_matcher_set_cache());
 *     past that, the CLOCK algorithm evicts one not asked for since the
 *     hand last passed it;
 *   - keeps each result compactly: item indexes and scores, no copies of
 *     the items' texts, and beside it the text itself (to tell texts
 *     apart) and its normalised feature (which fingerprints hash).
 *
 * Matching is deterministic: a result made again after an eviction is
 * the one made before, so the cache changes the time a run takes, never
 * its output.
 */
#include <stdlib.h>
#include <string.h>

#include <overpromise/match.h>

#include "../util/str.h"
#include "match_impl.h"

/* One remembered result. */
struct cached {
	uint64_t hash;
	uint32_t len;           /* bytes of the text */
	uint32_t item;          /* NIL when none */
	uint32_t cand[OVP_MATCH_MAX_CANDIDATES];
	uint32_t scored;
	uint8_t kind, ncand;
	bool ref;               /* asked for since the CLOCK hand last passed */
	double similarity;
	double score[OVP_MATCH_MAX_CANDIDATES];
	char *bytes;            /* the text, then the normalised feature and a NUL */
};

void
cache_init(match_cache *c)
{
	memset(c, 0, sizeof *c);
	c->limit = MATCH_CACHE_DEFAULT;
}

/* Forget every result (the table keeps its size). */
static void
cache_clear(match_cache *c)
{
	for (size_t i = 0; i < c->n; i++)
		free(c->e[i].bytes);
	free(c->e);
	free(c->table);
	free(c->seen);
	c->e = NULL;
	c->table = NULL;
	c->seen = NULL;
	c->n = c->cap = c->hand = 0;
	c->tmask = c->smask = 0;
}

void
cache_free(match_cache *c)
{
	cache_clear(c);
}

int
cache_set_limit(match_cache *c, size_t limit)
{
	if (limit > MATCH_CACHE_MAX)
		return -1;
	cache_clear(c);
	c->limit = limit;
	return 0;
}

/* Make the entries, the table and the table of first sightings; false when out of memory. */
static bool
cache_alloc(match_cache *c)
{
	size_t tsize = 16;

	while (tsize < 2 * c->limit)
		tsize *= 2;
	c->e = calloc(c->limit, sizeof *c->e);
	c->table = malloc(tsize * sizeof *c->table);
	c->seen = calloc(tsize, sizeof *c->seen);
	if (c->e == NULL || c->table == NULL || c->seen == NULL) {
		cache_clear(c);
		return false;
	}
	for (size_t i = 0; i < tsize; i++)
		c->table[i] = NIL;
	c->cap = c->limit;
	c->tmask = tsize - 1;
	c->smask = tsize - 1;
	return true;
}

/* The table slot of entry k (which must be in the table). */
static size_t
slot_of(const match_cache *c, uint32_t k)
{
	size_t i = (size_t)c->e[k].hash & c->tmask;

	while (c->table[i] != k)
		i = (i + 1) & c->tmask;
	return i;
}

/* Take entry k out of the table, moving back the entries after it (linear probing). */
static void
table_remove(match_cache *c, uint32_t k)
{
	size_t i = slot_of(c, k), j = i;

	c->table[i] = NIL;
	for (;;) {
		size_t home;

		j = (j + 1) & c->tmask;
		if (c->table[j] == NIL)
			return;
		home = (size_t)c->e[c->table[j]].hash & c->tmask;
		/* Entry at j may move to i when its home is not in (i, j]. */
		if ((j > i && (home <= i || home > j)) || (j < i && home <= i && home > j)) {
			c->table[i] = c->table[j];
			c->table[j] = NIL;
			i = j;
		}
	}
}

/* The result as a caller sees it, into out; the items are rm's. */
static void
entry_result(const struct cached *x, const ovp_roadmap *rm, ovp_match *out)
{
	memset(out, 0, sizeof *out);
	out->kind = (ovp_match_kind)x->kind;
	out->item = x->item != NIL ? &rm->items[x->item] : NULL;
	out->similarity = x->similarity;
	out->ncandidates = x->ncand;
	for (size_t i = 0; i < x->ncand; i++) {
		out->candidates[i].item = &rm->items[x->cand[i]];
		out->candidates[i].score = x->score[i];
	}
	out->scored = x->scored;
	out->feature_norm = x->bytes + x->len;
}

bool
cache_find(match_cache *c, const ovp_roadmap *rm, uint64_t hash, const char *text, size_t len,
           ovp_match *out)
{
	if (c->e == NULL)
		return false;
	for (size_t i = (size_t)hash & c->tmask; c->table[i] != NIL; i = (i + 1) & c->tmask) {
		struct cached *x = &c->e[c->table[i]];

		if (x->hash == hash && x->len == len && memcmp(x->bytes, text, len) == 0) {
			x->ref = true;
			entry_result(x, rm, out);
			return true;
		}
	}
	return false;
}

/*
 * Whether the text of hash was seen once before (and is to be kept now);
 * a first sighting is noted instead.  Asked only of a full cache.
 */
static bool
second_sighting(match_cache *c, uint64_t hash)
{
	/* The other half of the hash than the table's slot, and never 0 (an empty slot). */
	uint32_t tag = (uint32_t)(hash >> 32) | 1u;
	uint32_t *s = &c->seen[(size_t)(hash >> 7) & c->smask];

	if (*s == tag)
		return true;
	*s = tag;
	return false;
}

/* An entry to fill: a free one, or the one the CLOCK hand evicts. */
static uint32_t
take_entry(match_cache *c)
{
	struct cached *x;

	if (c->n < c->cap)
		return (uint32_t)c->n++;
	for (;;) {
		x = &c->e[c->hand];
		if (!x->ref)
			break;
		x->ref = false;
		c->hand = (c->hand + 1) % c->cap;
	}
	{
		uint32_t k = (uint32_t)c->hand;

		table_remove(c, k);
		free(x->bytes);
		x->bytes = NULL;
		c->hand = (c->hand + 1) % c->cap;
		return k;
	}
}

void
cache_offer(match_cache *c, const ovp_roadmap *rm, uint64_t hash, const char *text, size_t len,
            ovp_match *r, const char *norm)
{
	size_t nlen = norm != NULL ? strlen(norm) : 0;
	struct cached *x;
	char *bytes;
	uint32_t k;
	size_t i;

	if (c->limit == 0 || len > MATCH_CACHE_TEXT_MAX || norm == NULL)
		return;
	if (c->e == NULL && !cache_alloc(c))
		return;
	if (c->n == c->cap && !second_sighting(c, hash))
		return;
	bytes = malloc(len + nlen + 1);
	if (bytes == NULL)
		return; /* not kept: it is made again when asked for */
	memcpy(bytes, text, len);
	memcpy(bytes + len, norm, nlen + 1);
	k = take_entry(c);
	x = &c->e[k];
	x->hash = hash;
	x->len = (uint32_t)len;
	x->kind = (uint8_t)r->kind;
	x->item = r->item != NULL ? (uint32_t)(r->item - rm->items) : NIL;
	x->similarity = r->similarity;
	x->ncand = (uint8_t)r->ncandidates;
	for (size_t j = 0; j < r->ncandidates; j++) {
		x->cand[j] = (uint32_t)(r->candidates[j].item - rm->items);
		x->score[j] = r->candidates[j].score;
	}
	x->scored = r->scored > UINT32_MAX ? UINT32_MAX : (uint32_t)r->scored;
	x->bytes = bytes;
	x->ref = true;
	for (i = (size_t)hash & c->tmask; c->table[i] != NIL; i = (i + 1) & c->tmask)
		;
	c->table[i] = k;
	/* The result now reads its normalised feature from the entry. */
	r->feature_norm = bytes + len;
}
