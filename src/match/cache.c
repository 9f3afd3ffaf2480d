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
 *     its second sighting: a text seen once leaves only 4 bytes of its
 *     hash in a table of recent first sightings, as many slots as the
 *     table of results has, a slot to a hash (a hash that meets another's
 *     there at worst admits a text early).  A fork's cache (index.c)
 *     admits every text instead, so keeps the most recent: what it makes
 *     goes on to its original's cache (ovp_matcher_learn()), which
 *     filters, and it is there to answer a text again before that;
 *   - holds at most a fixed number of results (ovp_matcher_set_cache());
 *     past that, the CLOCK algorithm evicts one not asked for since the
 *     hand last passed it;
 *   - keeps each result compactly, in one block: what a lookup
 *     compares and a hit gives back (12 bytes), the candidates (item
 *     indexes and scores, no copies of the items' texts), the text itself
 *     (to tell texts apart) and, unless it can be made again without
 *     allocating (a text all ASCII), its normalised feature (which
 *     fingerprints hash).  The table of hashes points at the blocks
 *     themselves, so that a hit reads the table and one block, two
 *     places in memory where a large cache finds neither in the
 *     processor's caches; the entries, in the order the CLOCK hand
 *     passes them, are only looked at to evict, and the bits that say
 *     which were asked for lie apart, a few kilobytes that stay close.
 *     A block of up to SLAB_MAX bytes is cut from large chunks, in
 *     classes of SLAB_STEP bytes, and one freed is reused for the next of
 *     its class: a block of its own from malloc() would cost a header and
 *     rounding, about a fifth of it.
 *
 * Matching is deterministic: a result made again after an eviction is
 * the one made before, so the cache changes the time a run takes, never
 * its output.  Nothing is kept that the block could not give back
 * exactly: a result whose similarity is not 0, 1 or its first
 * candidate's score keeps the similarity in its block too.
 */
#include <stdlib.h>
#include <string.h>

#include <overpromise/match.h>

#include "../text.h"
#include "../util/bigmem.h"
#include "../util/str.h"
#include "match_impl.h"

/* The flags of an entry: its number of candidates, then the bits below. */
#define F_NCAND 0x07u
#define F_NORM 0x08u       /* the block holds the normalised feature */
#define F_SIM_SHIFT 4      /* how the similarity is had (enum sim_code) */
#define F_SIM (0x03u << F_SIM_SHIFT)

enum sim_code { SIM_ZERO, SIM_ONE, SIM_FIRST, SIM_OWN };

/* A block keeps a text's length in 16 bits; a slot its entry's index in 32. */
_Static_assert(MATCH_CACHE_TEXT_MAX <= UINT16_MAX, "a cached text's length fits in 16 bits");
/* An entry's index fits in 32 bits, and so do the table's slot bits. */
_Static_assert(2 * MATCH_CACHE_MAX <= UINT32_MAX, "the table's slot bits fit in 32 bits");

/*
 * A slot of the table (match_cache.table), free when its block is NULL:
 * the low half of the text's hash, whose low bits are the slot the probe
 * starts at (so that most lookups of a text not kept stop at the table),
 * the entry's index and its block.
 */
struct cache_slot {
	uint32_t hash;
	uint32_t k;
	char *block;
};

/*
 * The head of an entry's block.  The block goes on with, in this order:
 * the scores of the candidates (doubles), the similarity (a double, for
 * SIM_OWN only), the item indexes of the candidates (uint32_t), the len
 * bytes of the text, and with F_NORM the normalised feature and a NUL.
 * Past the head it is read and written with memcpy(), at any alignment.
 */
struct head {
	uint32_t item;          /* NIL when none */
	uint32_t scored;
	uint16_t len;           /* bytes of the text, at most MATCH_CACHE_TEXT_MAX */
	uint8_t kind;
	uint8_t flags;
};

/* Blocks of at most this many bytes are cut from chunks, in classes of SLAB_STEP bytes. */
#define SLAB_MAX 256
#define SLAB_STEP 8
/*
 * Bytes of a chunk: a huge page (see bigmem.h) for a cache of at least
 * BIG_LIMIT results, whose blocks take megabytes and are read at random.
 */
#define SLAB_CHUNK 65536
#define SLAB_CHUNK_BIG ((size_t)2 << 20)
#define BIG_LIMIT 16384

_Static_assert(SLAB_STEP >= sizeof(char *), "a free block holds the next free one");
_Static_assert(SLAB_STEP % _Alignof(struct head) == 0, "a block's head is aligned");
_Static_assert(sizeof((match_cache *)0)->free_block / sizeof(char *) == SLAB_MAX / SLAB_STEP,
               "a free list per size class");

/* Where the parts of a block of an entry with ncand candidates begin. */
static size_t
off_sim(size_t ncand)
{
	return sizeof(struct head) + ncand * sizeof(double);
}

static size_t
off_cand(size_t ncand, unsigned flags)
{
	return off_sim(ncand) + (((flags & F_SIM) >> F_SIM_SHIFT) == SIM_OWN ? sizeof(double) : 0);
}

static size_t
off_text(size_t ncand, unsigned flags)
{
	return off_cand(ncand, flags) + ncand * sizeof(uint32_t);
}

/* The head of block b. */
static inline const struct head *
head_of(const char *b)
{
	return (const struct head *)(const void *)b;
}

/* The text of block b. */
static inline const char *
text_of(const char *b)
{
	const struct head *h = head_of(b);

	return b + off_text(h->flags & F_NCAND, h->flags);
}

/* The size class of a block of size bytes (at most SLAB_MAX). */
static size_t
slab_class(size_t size)
{
	return size == 0 ? 0 : (size - 1) / SLAB_STEP;
}

/*
 * A block of size bytes, from the chunks or malloc() (SLAB_MAX is the
 * line); NULL when out of memory.
 */
static char *
block_alloc(match_cache *c, size_t size)
{
	size_t k, room;
	char *b;

	if (size > SLAB_MAX)
		return malloc(size);
	k = slab_class(size);
	room = (k + 1) * SLAB_STEP;
	if (c->free_block[k] != NULL) {
		b = c->free_block[k];
		memcpy(&c->free_block[k], b, sizeof(char *));
		return b;
	}
	if (c->chunk_left < room) {
		if (!ovp_grow(&c->chunks, &c->chunks_cap, c->nchunks + 1, sizeof *c->chunks))
			return NULL;
		b = ovp_big_malloc(c->chunk_size);
		if (b == NULL)
			return NULL;
		c->chunks[c->nchunks++] = b;
		c->chunk_next = b;
		c->chunk_left = c->chunk_size;
	}
	b = c->chunk_next;
	c->chunk_next += room;
	c->chunk_left -= room;
	return b;
}

/* Give back b, a block of size bytes from block_alloc(). */
static void
block_free(match_cache *c, char *b, size_t size)
{
	size_t k;

	if (size > SLAB_MAX) {
		free(b);
		return;
	}
	k = slab_class(size);
	memcpy(b, &c->free_block[k], sizeof(char *));
	c->free_block[k] = b;
}

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
		if (c->e[i] != NULL && c->esize[i] > SLAB_MAX)
			free(c->e[i]);
	for (size_t i = 0; i < c->nchunks; i++)
		ovp_big_free(c->chunks[i], c->chunk_size);
	free(c->chunks);
	memset(c->free_block, 0, sizeof c->free_block);
	c->chunks = NULL;
	c->chunk_next = NULL;
	c->nchunks = c->chunks_cap = c->chunk_left = 0;
	free(c->e);
	free(c->ehash);
	free(c->esize);
	free(c->ref);
	ovp_big_free(c->table, c->table != NULL ? (c->tmask + 1) * sizeof *c->table : 0);
	free(c->seen);
	free(c->norm);
	c->e = NULL;
	c->ehash = NULL;
	c->esize = NULL;
	c->ref = NULL;
	c->table = NULL;
	c->seen = NULL;
	c->norm = NULL;
	c->n = c->cap = c->hand = c->norm_cap = 0;
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
	c->chunk_size = c->limit >= BIG_LIMIT ? SLAB_CHUNK_BIG : SLAB_CHUNK;
	c->e = calloc(c->limit, sizeof *c->e);
	c->ehash = calloc(c->limit, sizeof *c->ehash);
	c->esize = calloc(c->limit, sizeof *c->esize);
	c->ref = calloc((c->limit + 63) / 64, sizeof *c->ref);
	/* Read at random by every lookup: in huge pages where the system gives them. */
	c->table = ovp_big_calloc(tsize * sizeof *c->table);
	c->tmask = tsize - 1; /* which cache_clear() frees the table by */
	c->seen = c->recent ? NULL : calloc(tsize, sizeof *c->seen);
	if (c->e == NULL || c->ehash == NULL || c->esize == NULL || c->ref == NULL ||
	    c->table == NULL || (c->seen == NULL && !c->recent)) {
		cache_clear(c);
		return false;
	}
	c->cap = c->limit;
	c->smask = tsize - 1;
	return true;
}

/* Note that entry k was asked for. */
static inline void
ref_set(match_cache *c, uint32_t k)
{
	c->ref[k / 64] |= UINT64_C(1) << (k % 64);
}

/*
 * The slot of entry k (which must be in the table), found from the hash
 * the entry keeps without reading its block: an entry is evicted for
 * not being asked for, so its block is seldom in the processor's caches.
 */
static size_t
slot_of(const match_cache *c, uint32_t k)
{
	const char *b = c->e[k];
	size_t i = (size_t)c->ehash[k] & c->tmask;

	/* A block is one entry's: it tells the entry's slot on its own. */
	while (c->table[i].block != b)
		i = (i + 1) & c->tmask;
	return i;
}

/* Take entry k out of the table, moving back the entries after it (linear probing). */
static void
table_remove(match_cache *c, uint32_t k)
{
	size_t i = slot_of(c, k), j = i;

	c->table[i].block = NULL;
	for (;;) {
		size_t home;

		j = (j + 1) & c->tmask;
		if (c->table[j].block == NULL)
			return;
		home = (size_t)c->table[j].hash & c->tmask;
		/* Entry at j may move to i when its home is not in (i, j]. */
		if ((j > i && (home <= i || home > j)) || (j < i && home <= i && home > j)) {
			c->table[i] = c->table[j];
			c->table[j].block = NULL;
			i = j;
		}
	}
}

/*
 * The normalised feature of text (len bytes, all ASCII) in the cache's
 * buffer, valid until the next lookup; NULL when memory is short.
 */
static const char *
norm_again(match_cache *c, const char *text, size_t len)
{
	if (!ovp_grow(&c->norm, &c->norm_cap, len + 1, 1))
		return NULL;
	(void)ovp_normalize_ascii_to(text, len, c->norm);
	return c->norm;
}

/*
 * The normalised feature of text (len bytes, all ASCII) made again in ar;
 * NULL when memory is short.  The text's own length is room enough.
 */
static const char *
norm_again_in(ovp_arena *ar, const char *text, size_t len)
{
	char *p = ovp_arena_bytes(ar, len + 1);

	if (p != NULL)
		(void)ovp_normalize_ascii_to(text, len, p);
	return p;
}

/*
 * The result kept in block b as a caller sees it, into out; the items are
 * rm's, the normalised feature in ar, else (ar NULL) in the block or the
 * cache's buffer.
 */
static void
entry_result(match_cache *c, const char *b, const ovp_roadmap *rm, ovp_match *out, ovp_arena *ar)
{
	const struct head *h = head_of(b);
	size_t ncand = h->flags & F_NCAND;
	const char *cand = b + off_cand(ncand, h->flags), *text = b + off_text(ncand, h->flags);

	memset(out, 0, sizeof *out);
	out->kind = (ovp_match_kind)h->kind;
	out->item = h->item != NIL ? &rm->items[h->item] : NULL;
	out->ncandidates = ncand;
	for (size_t i = 0; i < ncand; i++) {
		uint32_t k;

		memcpy(&k, cand + i * sizeof k, sizeof k);
		out->candidates[i].item = &rm->items[k];
		memcpy(&out->candidates[i].score, b + off_sim(i), sizeof(double));
	}
	switch ((h->flags & F_SIM) >> F_SIM_SHIFT) {
	case SIM_ZERO:
		out->similarity = 0.0;
		break;
	case SIM_ONE:
		out->similarity = 1.0;
		break;
	case SIM_FIRST:
		out->similarity = out->candidates[0].score;
		break;
	default:
		memcpy(&out->similarity, b + off_sim(ncand), sizeof(double));
		break;
	}
	out->scored = h->scored;
	if (ar == NULL)
		out->feature_norm =
			(h->flags & F_NORM) != 0 ? text + h->len : norm_again(c, text, h->len);
	else if ((h->flags & F_NORM) != 0)
		out->feature_norm = ovp_arena_strndup(ar, text + h->len, strlen(text + h->len));
	else
		out->feature_norm = norm_again_in(ar, text, h->len);
}

bool
cache_find(match_cache *c, const ovp_roadmap *rm, uint64_t hash, const char *text, size_t len,
           ovp_match *out, ovp_arena *ar)
{
	const struct cache_slot *s;

	if (c->e == NULL)
		return false;
	for (size_t i = (size_t)hash & c->tmask; (s = &c->table[i])->block != NULL;
	     i = (i + 1) & c->tmask) {
		const struct head *h;

		if (s->hash != (uint32_t)hash)
			continue;
		h = head_of(s->block);
		if (h->len == len && memcmp(text_of(s->block), text, len) == 0) {
			ref_set(c, s->k);
			entry_result(c, s->block, rm, out, ar);
			return true;
		}
	}
	return false;
}

void
cache_prefetch(const match_cache *c, uint64_t hash, bool blocks)
{
	const struct cache_slot *s;

	if (c->e == NULL)
		return;
	if (!blocks) {
		PREFETCH(&c->table[(size_t)hash & c->tmask]);
		return;
	}
	for (size_t i = (size_t)hash & c->tmask; (s = &c->table[i])->block != NULL;
	     i = (i + 1) & c->tmask)
		if (s->hash == (uint32_t)hash) {
			/* Its head, candidates and text: mostly within two lines. */
			PREFETCH(s->block);
			PREFETCH(s->block + 64);
		}
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
	uint32_t k;

	if (c->n < c->cap)
		return (uint32_t)c->n++;
	/* Every entry asked for since the hand last passed it is passed once more, unasked. */
	while ((c->ref[c->hand / 64] >> (c->hand % 64) & 1) != 0) {
		c->ref[c->hand / 64] &= ~(UINT64_C(1) << (c->hand % 64));
		c->hand = (c->hand + 1) % c->cap;
	}
	k = (uint32_t)c->hand;
	table_remove(c, k);
	block_free(c, c->e[k], c->esize[k]);
	c->e[k] = NULL;
	c->hand = (c->hand + 1) % c->cap;
	return k;
}

/* How r's similarity is had back from what the entry keeps (bit for bit). */
static enum sim_code
sim_code_of(const ovp_match *r)
{
	static const double zero = 0.0, one = 1.0;

	if (memcmp(&r->similarity, &zero, sizeof zero) == 0)
		return SIM_ZERO;
	if (memcmp(&r->similarity, &one, sizeof one) == 0)
		return SIM_ONE;
	if (r->ncandidates > 0 &&
	    memcmp(&r->similarity, &r->candidates[0].score, sizeof r->similarity) == 0)
		return SIM_FIRST;
	return SIM_OWN;
}

void
cache_offer(match_cache *c, const ovp_roadmap *rm, uint64_t hash, const char *text, size_t len,
            ovp_match *r, const char *norm)
{
	size_t ncand = r->ncandidates, nlen, size;
	unsigned flags;
	struct head *h;
	char *block, *p;
	uint32_t k;
	size_t i;

	if (c->limit == 0 || len > MATCH_CACHE_TEXT_MAX || norm == NULL ||
	    ncand > OVP_MATCH_MAX_CANDIDATES)
		return;
	if (c->e == NULL && !cache_alloc(c))
		return;
	if (c->n == c->cap && !c->recent && !second_sighting(c, hash))
		return;
	flags = (unsigned)ncand | (unsigned)sim_code_of(r) << F_SIM_SHIFT;
	/*
	 * The feature is kept unless the text is all ASCII: norm is the
	 * text's ovp_normalize(), which for such a text is its
	 * ovp_normalize_ascii_to(), made again on a hit.
	 */
	nlen = strlen(norm);
	if (!ovp_text_is_ascii(text, len))
		flags |= F_NORM;
	size = off_text(ncand, flags) + len + ((flags & F_NORM) != 0 ? nlen + 1 : 0);
	block = block_alloc(c, size);
	if (block == NULL)
		return; /* not kept: it is made again when asked for */
	h = (struct head *)(void *)block;
	h->item = r->item != NULL ? (uint32_t)(r->item - rm->items) : NIL;
	h->scored = r->scored > UINT32_MAX ? UINT32_MAX : (uint32_t)r->scored;
	h->len = (uint16_t)len;
	h->kind = (uint8_t)r->kind;
	h->flags = (uint8_t)flags;
	for (i = 0; i < ncand; i++) {
		uint32_t item = (uint32_t)(r->candidates[i].item - rm->items);

		memcpy(block + off_sim(i), &r->candidates[i].score, sizeof(double));
		memcpy(block + off_cand(ncand, flags) + i * sizeof item, &item, sizeof item);
	}
	if (((flags & F_SIM) >> F_SIM_SHIFT) == SIM_OWN)
		memcpy(block + off_sim(ncand), &r->similarity, sizeof(double));
	p = block + off_text(ncand, flags);
	if (len > 0)
		memcpy(p, text, len);
	if ((flags & F_NORM) != 0)
		memcpy(p + len, norm, nlen + 1);
	k = take_entry(c);
	c->e[k] = block;
	c->ehash[k] = (uint32_t)hash;
	c->esize[k] = (uint32_t)size;
	ref_set(c, k);
	for (i = (size_t)hash & c->tmask; c->table[i].block != NULL; i = (i + 1) & c->tmask)
		;
	c->table[i].hash = (uint32_t)hash;
	c->table[i].k = k;
	c->table[i].block = block;
	/* With its feature kept, the result now reads it from the entry. */
	if ((flags & F_NORM) != 0)
		r->feature_norm = p + len;
}
