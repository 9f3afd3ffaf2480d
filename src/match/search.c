/*
 * The approximate step's search: what the roadmap's vocabulary holds for
 * each word of a promise (the word itself, its typos, the words that
 * share its stem, the one word it abbreviates, the words it splits
 * into), the items those words lead to through the posting lists, and
 * the scoring of the few best of them.
 *
 * Candidates are found through the index, never by scoring every item.
 * Each word of the text adds its weight times its similarity to the items
 * on the lists of its neighbours; an item can reach unconfirmed_similarity
 * only with a shared weight of at least that share of the text's weight
 * (less its filler words', never more than half the weight looked up):
 * lists are walked rarest first, and once the lists left cannot give a new
 * item that much (each query word counted once, at the best similarity of
 * the lists left for it: the bound in find_candidates()), or WALK_BUDGET
 * postings have been walked, the remaining
 * lists only add to the items already found (within UPDATE_BUDGET steps,
 * commonest words last).  The MAX_SCORED items with the most shared
 * weight are scored: no text is compared with more than MAX_SCORED items.
 * Weights only grow, so each item reaches that share (need) at most
 * once, in one of the walks: the items are noted as they do, and when
 * some did, they alone are ranked (walk_rank()); only when none did are
 * all the items touched ranked (rank_touched()), for the best few.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../util/str.h"
#include "match_impl.h"

#if defined(__SSE2__) && defined(__GNUC__)
#include <emmintrin.h>
#endif

/* Unroll the next loop four (eight) times where the compiler knows how. */
#if defined(__clang__) || (defined(__GNUC__) && __GNUC__ >= 8)
#define UNROLL4 _Pragma("GCC unroll 4")
#define UNROLL8 _Pragma("GCC unroll 8")
#else
#define UNROLL4
#define UNROLL8
#endif

/* The form of a word found some way: its neighbours so far. */
typedef struct found {
	neighbour nb[4 * MAX_NEIGHBOURS];
	size_t n;
} found;

/* Add vocabulary word vid with similarity sim, keeping the best of a repeat. */
static void
add_found(found *f, uint32_t vid, double sim)
{
	if (sim <= 0)
		return;
	for (size_t i = 0; i < f->n; i++) {
		if (f->nb[i].vid == vid) {
			if (sim > f->nb[i].sim)
				f->nb[i].sim = sim;
			return;
		}
	}
	if (f->n < sizeof f->nb / sizeof f->nb[0]) {
		f->nb[f->n].vid = vid;
		f->nb[f->n].sim = sim;
		f->n++;
	}
}

static int
cmp_neighbour(const void *a, const void *b)
{
	const neighbour *x = a, *y = b;

	if (x->sim != y->sim)
		return x->sim > y->sim ? -1 : 1;
	return (x->vid > y->vid) - (x->vid < y->vid);
}

static uint32_t
vocab_find(const ovp_matcher *m, const char *w, size_t n)
{
	ovp_intern_entry *e = ovp_intern_find(&m->vocab, w, n);

	return e != NULL ? e->value - 1 : NIL;
}

static size_t
bucket_index(unsigned char first, size_t ncp)
{
	return (size_t)first * (MAX_WORD_CP + 1) + ncp;
}

/*
 * The letters of a word as a set of 64: bit c & 63 for an ASCII letter
 * c, bit 63 for any other (every byte of a code point beyond ASCII is
 * 0x80 or more, and so is every byte that is not UTF-8, which typo
 * comparison reads as a letter of its own).  The set is a function of
 * the word's letters, whatever it merges.
 */
static uint64_t
letter_set(const char *w, size_t n)
{
	uint64_t set = 0;

	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)w[i];

		set |= (uint64_t)1 << (c < 0x80 ? c & 63 : 63);
	}
	return set;
}

/* Whether x has at most two bits set, or one when one is true. */
static bool
few_bits(uint64_t x, bool one)
{
	if (!one)
		x &= x - 1;
	return (x & (x - 1)) == 0;
}

/*
 * Typos with the same first letter: vocabulary words of the same first
 * byte and a length within 2.  An edit takes at most one letter from a
 * word and brings at most one in, and a typo is two edits at most (one
 * when a word has fewer than 8 letters, as when it has fewer than 8
 * bytes), so a word whose letters' set has more than that the other
 * lacks is no typo of it (typo_similarity() would say 0): it is passed
 * over.
 */
static void
find_typos(const ovp_matcher *m, const char *w, size_t n, size_t ncp, found *f)
{
	size_t lo = ncp - 2 < 4 ? 4 : ncp - 2;
	size_t hi = ncp + 2 > MAX_WORD_CP ? MAX_WORD_CP : ncp + 2;
	uint64_t set = letter_set(w, n);

	for (size_t l = lo; l <= hi; l++) {
		size_t b = bucket_index((unsigned char)w[0], l);

		for (uint32_t i = m->bucket_off[b]; i < m->bucket_off[b + 1]; i++) {
			const word *v = &m->vw[m->bucket[i]];
			uint64_t vset;
			bool one;

			if (v->len == n && memcmp(v->s, w, n) == 0)
				continue;
			vset = letter_set(v->s, v->len);
			one = n < 8 || v->len < 8;
			if (!few_bits(set & ~vset, one) || !few_bits(vset & ~set, one))
				continue;
			add_found(f, m->bucket[i], typo_similarity(w, n, v->s, v->len, false));
		}
	}
}

/* The vocabulary words whose tail after the first letter is the n bytes at t, each tried as a typo of w. */
static void
try_tail(const ovp_matcher *m, const char *t, size_t tn, const char *w, size_t n, found *f)
{
	ovp_intern_entry *e = ovp_intern_find(&m->tails, t, tn);

	for (uint32_t v = e != NULL ? e->value - 1 : NIL; v != NIL; v = m->tail_next[v])
		add_found(f, v, typo_similarity(w, n, m->vw[v].s, m->vw[v].len, true));
}

/*
 * Typos of the first letter: another first letter, the first two
 * swapped, the first missing, one too many.  Each is looked up, not
 * searched for.
 */
static void
find_first_typos(const ovp_matcher *m, const char *w, size_t n, found *f)
{
	size_t skip = 1;
	uint32_t v;

	while (skip < n && ((unsigned char)w[skip] & 0xC0) == 0x80)
		skip++;
	if (skip >= n)
		return;
	try_tail(m, w + skip, n - skip, w, n, f);
	try_tail(m, w, n, w, n, f);
	v = vocab_find(m, w + skip, n - skip);
	if (v != NIL)
		add_found(f, v, typo_similarity(w, n, m->vw[v].s, m->vw[v].len, true));
	if (skip == 1 && n >= 2 && ((unsigned char)w[1] & 0x80) == 0) {
		char sw[MAX_STEM_BYTES];

		if (n <= sizeof sw) {
			memcpy(sw, w, n);
			sw[0] = w[1];
			sw[1] = w[0];
			v = vocab_find(m, sw, n);
			if (v != NIL)
				add_found(f, v, typo_similarity(w, n, m->vw[v].s, m->vw[v].len, true));
		}
	}
}

/* The first index of m->sorted whose word is not below the n bytes at w (in byte order). */
static size_t
sorted_lower(const ovp_matcher *m, const char *w, size_t n)
{
	size_t lo = 0, hi = m->nvw;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const word *v = &m->vw[m->sorted[mid]];
		size_t k = v->len < n ? v->len : n;
		int c = memcmp(v->s, w, k);

		if (c < 0 || (c == 0 && v->len < n))
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static bool
has_prefix(const word *v, const char *p, size_t n)
{
	return v->len >= n && memcmp(v->s, p, n) == 0;
}

/* Most vocabulary words beginning with a word that are looked at. */
#define MAX_PREFIXED 16

/*
 * Stems: the vocabulary words that share a stem with w in some
 * language, and in English those whose stem differs from w's only in one
 * or two last letters (the shorter of five letters or more).
 */
static void
find_stems(const ovp_matcher *m, const char *w, size_t n, found *f)
{
	char stem[MAX_STEM_BYTES + 2], vs[MAX_STEM_BYTES + 2];

	for (int l = 0; l < NLANG; l++) {
		size_t sn = stem_word(&m->st, l, w, n, stem + 1);

		stem[0] = (char)('0' + l);
		for (size_t cut = 0; sn > 0 && cut <= (l == 0 ? 2 : 0) && sn - cut >= (cut ? 5 : 1);
		     cut++) {
			ovp_intern_entry *e = ovp_intern_find(&m->stems, stem, sn - cut + 1);

			for (uint32_t v = e != NULL ? e->value - 1 : NIL; v != NIL; v = m->stem_next[l][v])
				add_found(f, v, STEM_SIM);
		}
		if (l == 0 && sn >= 5) {
			size_t i = sorted_lower(m, stem + 1, sn);

			for (size_t k = 0; k < MAX_PREFIXED && i + k < m->nvw; k++) {
				const word *v = &m->vw[m->sorted[i + k]];
				size_t vn;

				if (!has_prefix(v, stem + 1, sn))
					break;
				vn = stem_word(&m->st, 0, v->s, v->len, vs);
				if (vn > sn && vn <= sn + 2 && memcmp(vs, stem + 1, sn) == 0)
					add_found(f, v->id, STEM_SIM);
			}
		}
	}
}

/*
 * Whether two English stems stand for one word: equal, or one the other
 * with one or two more letters, the shorter of five letters or more
 * ("autom" and "automat").
 */
static bool
same_stem(const char *a, size_t an, const char *b, size_t bn)
{
	size_t shorter = an < bn ? an : bn, longer = an < bn ? bn : an;

	if (an == bn)
		return memcmp(a, b, an) == 0;
	return shorter >= 5 && longer - shorter <= 2 && memcmp(a, b, shorter) == 0;
}

/*
 * An abbreviation: the vocabulary words that w (not itself a vocabulary
 * word) begins, when they are one word, counting the words that share
 * an English stem as one, or when they are all words of one item alone
 * ("auth" for "Two-factor authentication" and its title
 * "Zwei-Faktor-Authentifizierung").
 */
static void
find_prefixed(const ovp_matcher *m, const char *w, size_t n, found *f)
{
	size_t i = sorted_lower(m, w, n), k = 0;
	char first[MAX_STEM_BYTES + 1], stem[MAX_STEM_BYTES + 1];
	size_t firstn = 0;
	uint32_t item = NIL;
	bool one_stem = true, one_item = true;

	for (; k <= MAX_PREFIXED && i + k < m->nvw; k++) {
		uint32_t vid = m->sorted[i + k];
		const word *v = &m->vw[vid];
		size_t sn;

		if (!has_prefix(v, w, n))
			break;
		if (v->filler || v->digit)
			return;
		if (m->post_off[vid + 1] - m->post_off[vid] != 1 ||
		    (item != NIL && m->post[m->post_off[vid]] != item))
			one_item = false;
		item = m->post[m->post_off[vid]];
		sn = stem_word(&m->st, 0, v->s, v->len, stem);
		if (sn == 0) {
			sn = v->len < MAX_STEM_BYTES ? v->len : MAX_STEM_BYTES;
			memcpy(stem, v->s, sn);
		}
		if (k == 0) {
			memcpy(first, stem, sn);
			firstn = sn;
		} else if (!same_stem(first, firstn, stem, sn)) {
			one_stem = false;
		}
		if (!one_stem && !one_item)
			return;
	}
	if (k == 0 || k > MAX_PREFIXED)
		return;
	for (size_t j = 0; j < k; j++)
		add_found(f, m->sorted[i + j], PREFIX_SIM);
}

/* Splits into two or three vocabulary words of at least two bytes each; returns the ids found (triples). */
static size_t
find_splits(const ovp_matcher *m, const char *w, size_t n, uint32_t *split)
{
	size_t nsplit = 0;

	for (size_t cut = 2; cut + 2 <= n && n <= MAX_SPLIT_BYTES && nsplit < 3 * MAX_SPLITS; cut++) {
		const char *rest = w + cut;
		size_t nrest = n - cut;
		uint32_t a, b, c = NIL;

		if (((unsigned char)w[cut] & 0xC0) == 0x80)
			continue;
		a = vocab_find(m, w, cut);
		if (a == NIL)
			continue;
		b = vocab_find(m, rest, nrest);
		for (size_t cut2 = 2; b == NIL && cut2 + 2 <= nrest; cut2++) {
			if (((unsigned char)rest[cut2] & 0xC0) == 0x80)
				continue;
			c = vocab_find(m, rest + cut2, nrest - cut2);
			if (c != NIL)
				b = vocab_find(m, rest, cut2);
			if (b == NIL)
				c = NIL;
		}
		if (b == NIL)
			continue;
		split[nsplit++] = a;
		split[nsplit++] = b;
		split[nsplit++] = c;
	}
	return nsplit;
}

/*
 * Whether the n bytes at w are two or three vocabulary words written
 * together (of any length, where find_splits() looks for the likely
 * ones only): no word of a name, all vocabulary words, is joined into w
 * when not.  A word too long to be looked into may be.
 */
static bool
is_joined(const ovp_matcher *m, const char *w, size_t n)
{
	if (n > MAX_SPLIT_BYTES)
		return true;
	for (size_t a = 1; a < n; a++) {
		if (vocab_find(m, w, a) == NIL)
			continue;
		if (vocab_find(m, w + a, n - a) != NIL)
			return true;
		for (size_t b = a + 1; b < n; b++)
			if (vocab_find(m, w + b, n - b) != NIL && vocab_find(m, w + a, b - a) != NIL)
				return true;
	}
	return false;
}

uint32_t
query_word(ovp_matcher *m, const word *qw, const char *raw, size_t rawn)
{
	const char *w = qw->s, *fold;
	size_t n = qw->len;
	found f;
	uint32_t split[3 * MAX_SPLITS];
	size_t nsplit = 0, ncp;
	bool known, begins, joined, content, prefix;
	ovp_intern_entry *e;
	qinfo *q;
	uint32_t self;

	ncp = count_cp(w, n);
	content = !is_filler(w, n) && !has_digit(w, n);
	f.n = 0;
	self = vocab_find(m, w, n);
	known = self != NIL;
	begins = known;
	if (!begins) {
		size_t i = sorted_lower(m, w, n);

		begins = i < m->nvw && has_prefix(&m->vw[m->sorted[i]], w, n);
	}
	if (known)
		add_found(&f, self, 1.0);
	if (n > 0 && ncp >= 4 && ncp <= MAX_WORD_CP && !has_digit(w, n)) {
		char sq[MAX_STEM_BYTES + 1];

		find_typos(m, w, n, ncp, &f);
		if (n <= MAX_STEM_BYTES) {
			size_t sn = squeeze(w, n, sq);

			/* A doubled letter is one typo ("Teamss"). */
			if (sn < n) {
				uint32_t v = vocab_find(m, sq, sn);

				if (v == NIL && sn > 1 && sq[sn - 1] == 's')
					v = vocab_find(m, sq, sn - 1);
				if (v != NIL && count_cp(m->vw[v].s, m->vw[v].len) >= 4)
					add_found(&f, v, 1.0 - 1.2 / (double)count_cp(m->vw[v].s, m->vw[v].len));
			}
		}
		if (!known && content)
			find_first_typos(m, w, n, &f);
		/*
		 * A typo near the end can make a word look like a plural and lose
		 * a letter to folding ("analisys" is not "analisy"): then the
		 * word as written is tried too.
		 */
		if (f.n == 0 && rawn > n && rawn <= MAX_WORD_CP)
			find_typos(m, raw, rawn, count_cp(raw, rawn), &f);
	}
	if (content) {
		find_stems(m, w, n, &f);
		if (!known && ncp >= 4 && n <= MAX_STEM_BYTES)
			find_prefixed(m, w, n, &f);
	}
	qsort(f.nb, f.n, sizeof f.nb[0], cmp_neighbour);
	if (f.n > MAX_NEIGHBOURS)
		f.n = MAX_NEIGHBOURS;
	nsplit = find_splits(m, w, n, split);
	joined = nsplit > 0 || is_joined(m, w, n);

	/* Keep it all; the word is registered last, so a failure leaves no trace. */
	if (m->nqi >= UINT32_MAX - 2 || !ovp_grow(&m->qi, &m->qicap, m->nqi + 1, sizeof *m->qi) ||
	    !ovp_grow(&m->nbpool, &m->nbpoolcap, m->nnbpool + f.n, sizeof *m->nbpool) ||
	    !ovp_grow(&m->splitpool, &m->splitpoolcap, m->nsplitpool + nsplit, sizeof *m->splitpool))
		return NIL;
	/* Mostly folding cut the word short: then the start of the word kept is the word folded. */
	prefix = n <= rawn && memcmp(raw, w, n) == 0;
	fold = prefix ? NULL : ovp_arena_strndup(&m->qar, w, n);
	if (!prefix && fold == NULL)
		return NIL;
	e = ovp_intern_get(&m->qwords, &m->qar, raw, rawn);
	if (e == NULL)
		return NIL;
	if (prefix)
		fold = e->s;
	e->value = (uint32_t)m->nqi + 1;
	q = &m->qi[m->nqi];
	q->fold = fold;
	q->nfold = (uint32_t)n;
	q->filler = qw->filler;
	q->digit = qw->digit;
	q->nb = (uint32_t)m->nnbpool;
	q->nnb = (uint8_t)f.n;
	if (f.n > 0)
		memcpy(m->nbpool + m->nnbpool, f.nb, f.n * sizeof f.nb[0]);
	m->nnbpool += f.n;
	q->split = (uint32_t)m->nsplitpool;
	q->nsplit = (uint8_t)(nsplit / 3);
	if (nsplit > 0)
		memcpy(m->splitpool + m->nsplitpool, split, nsplit * sizeof split[0]);
	m->nsplitpool += nsplit;
	/*
	 * Its rarity: that of its most similar neighbour, the rarest among
	 * equals; a name when they all are.
	 */
	q->weight = 1.0f;
	q->distinct = f.n > 0;
	q->begins = begins;
	q->joined = joined;
	for (size_t i = 0; i < f.n; i++) {
		const word *v = &m->vw[f.nb[i].vid];

		if (f.nb[i].sim < f.nb[0].sim)
			break;
		if (i == 0 || m->idf[f.nb[i].vid] > q->weight)
			q->weight = m->idf[f.nb[i].vid];
		if (!v->named || v->lower)
			q->distinct = false;
	}
	return (uint32_t)m->nqi++;
}

bool
query_words(ovp_matcher *m, const char *norm, char *buf, word *w, uint32_t *ids, size_t *n)
{
	size_t off = 0, nw = 0;
	const char *p = norm;
	const char *at[MAX_WORDS];
	size_t len[MAX_WORDS];
	uint32_t h[MAX_WORDS];

	/*
	 * The words are hashed and their slots of the set of words seen
	 * loaded first, all at once: a lookup in that large set is mostly a
	 * wait on memory, and the waits of a text's words then overlap.
	 */
	while (*p != '\0' && nw < MAX_WORDS) {
		const char *e = strchr(p, ' ');

		at[nw] = p;
		len[nw] = e ? (size_t)(e - p) : strlen(p);
		h[nw] = ovp_intern_hash(p, len[nw]);
		ovp_intern_prefetch(&m->qwords, h[nw]);
		p += len[nw++];
		if (*p == ' ')
			p++;
	}
	*n = 0;
	while (*n < nw) {
		size_t l = len[*n];
		ovp_intern_entry *seen = ovp_intern_find_hashed(&m->qwords, at[*n], l, h[*n]);
		word *x = &w[*n];

		x->id = (uint32_t)*n;
		if (seen != NULL) {
			/* Mostly a word seen before: it is not read again. */
			const qinfo *q = &m->qi[seen->value - 1];

			x->s = q->fold;
			x->len = q->nfold;
			x->filler = q->filler;
			x->digit = q->digit;
			x->caps = false;
			x->weight = word_weight(x->filler, x->digit);
			ids[*n] = seen->value - 1;
		} else {
			off += read_word(at[*n], l, buf + off, x) + 1;
			ids[*n] = query_word(m, x, at[*n], l);
			if (ids[*n] == NIL)
				return false;
		}
		(*n)++;
	}
	return true;
}

bool
find_joins(const ovp_matcher *m, const word *q, size_t nq, const uint32_t *qinfo_ids,
           uint32_t (*out)[2])
{
	char joined[MAX_JOIN_BYTES];
	bool any = false;

	for (size_t i = 0; i < nq; i++) {
		for (size_t len = 2; len <= 3; len++) {
			size_t l = 0;

			out[i][len - 2] = NIL;
			if (i + len > nq)
				continue;
			/* A join begins with its first word: none is a word when no word begins so. */
			if (!m->qi[qinfo_ids[i]].begins) {
				for (size_t k = i; k < i + len; k++)
					l += q[k].len;
				any |= l > sizeof joined;
				continue;
			}
			for (size_t k = i; k < i + len && l <= sizeof joined; k++) {
				if (q[k].len > sizeof joined - l) {
					l = sizeof joined + 1;
					break;
				}
				memcpy(joined + l, q[k].s, q[k].len);
				l += q[k].len;
			}
			if (l <= sizeof joined)
				out[i][len - 2] = vocab_find(m, joined, l);
			any |= l > sizeof joined || out[i][len - 2] != NIL;
		}
	}
	return any;
}

/* ---- The candidate search --------------------------------------------- */

/* A posting list to walk, with the weight it adds to each item. */
typedef struct term {
	const uint32_t *list;
	uint32_t n;
	uint32_t key;   /* vocabulary id, or past the vocabulary: an acronym */
	uint32_t words; /* the query words it stands for, a bit each */
	double weight;
	double sim;     /* at most this share of each of those words' weight is its */
} term;

/* Whether sorted list holds item. */
static bool
list_has(const uint32_t *list, size_t n, uint32_t item)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (list[mid] == item)
			return true;
		if (list[mid] < item)
			lo = mid + 1;
		else
			hi = mid;
	}
	return false;
}

/*
 * The bits of the shared weight of item.  A weight is 0 or a sum of
 * weights above 0, never negative: its bits are 0 exactly when the item
 * is not touched, and two weights order as their bits do.
 */
static uint32_t
weight_bits(const float *acc, uint32_t item)
{
	uint32_t bits;

	memcpy(&bits, acc + item, sizeof bits);
	return bits;
}

void
walk_start(walk *s, float *acc, uint32_t *touched, uint32_t *reached, uint32_t needbits)
{
	s->acc = acc;
	s->touched = touched;
	s->reached = reached;
	s->nt = s->nr = 0;
	s->needbits = needbits;
	/*
	 * A need of 0 every touched item reaches: none is noted, rank_touched()
	 * ranks them all.  Its stand-in is NaN, which no bound compares at or
	 * above, not even an infinite one (a weight too large for a float).
	 */
	if (needbits > 0)
		memcpy(&s->need, &needbits, sizeof s->need);
	else
		s->need = NAN;
	s->most = 0;
	s->exact = true;
}

/*
 * Whether the weights of the items on a list that w is added to may
 * reach need, and the bound of every weight after it.  Rounding to
 * nearest keeps order: a weight, a float sum of some of the weights
 * added in turn, is at most the float sum of all of them, most.
 */
static bool
may_reach(walk *s, float w)
{
	s->most += w;
	return s->most >= s->need;
}

/*
 * walk_add() of the first list: every item on it is new, and its weight
 * 0 + w is w.  Lists hold no item twice.
 */
static void
walk_first(walk *s, const uint32_t *list, uint32_t n, float w)
{
	float *acc = s->acc;

	memcpy(s->touched, list, n * sizeof *list);
	UNROLL4
	for (uint32_t k = 0; k < n; k++)
		acc[list[k]] = w;
	s->nt = n;
	if (may_reach(s, w)) {
		memcpy(s->reached, list, n * sizeof *list);
		s->nr = n;
	}
}

/*
 * The least weight a that w takes to need or more, a + w rounded as the
 * walks round it: the weights that reach need with w are those from it
 * to below need (rounding to nearest keeps order).  Mostly need - w, or
 * a float next to it.
 */
static float
least_reaching(float need, float w)
{
	float a = need - w;
	uint32_t bits;

	if (!(a > 0))
		return 0;
	/* Positive floats order as their bits: a float and the next differ by 1 in them. */
	memcpy(&bits, &a, sizeof bits);
	for (;;) {
		uint32_t down = bits - 1;
		float b;

		memcpy(&b, &down, sizeof b);
		if (down == 0 || b + w < need)
			break;
		bits = down;
	}
	for (;;) {
		memcpy(&a, &bits, sizeof a);
		if (a + w >= need)
			return a;
		bits++;
	}
}

/*
 * Add w to the weight of item (a before), noting it in reached[nr] when
 * track and it reaches need (a from lo to below need, least_reaching());
 * returns the new count.
 */
static OVP_ALWAYS_INLINE size_t
add_weight(float *acc, uint32_t item, float a, float w, bool track, float lo, float need,
           uint32_t *reached, size_t nr)
{
	if (track && a >= lo && a < need)
		reached[nr++] = item;
	acc[item] = a + w;
	return nr;
}

/*
 * Add w to the weight of every item on list, noting in touched[nt...] the
 * items seen for the first time, and when track, those that reach need.
 * Specialised for each track: the plain walk stays as lean as it was.
 */
static OVP_ALWAYS_INLINE void
walk_new(walk *s, const uint32_t *list, uint32_t n, float w, bool track)
{
	float *acc = s->acc, need = s->need, lo = track ? least_reaching(need, w) : 0;
	uint32_t *touched = s->touched, *reached = s->reached;
	size_t nt = s->nt, nr = s->nr;

	UNROLL4
	for (uint32_t k = 0; k < n; k++) {
		uint32_t item = list[k];
		float a = acc[item];

		touched[nt] = item;
		nt += a <= 0;
		nr = add_weight(acc, item, a, w, track, lo, need, reached, nr);
	}
	s->nt = nt;
	s->nr = nr;
}

void
walk_add(walk *s, const uint32_t *list, uint32_t n, float w)
{
	if (!(w > 0) || n == 0)
		return;
	if (s->nt == 0)
		walk_first(s, list, n, w);
	else if (may_reach(s, w))
		walk_new(s, list, n, w, true);
	else
		walk_new(s, list, n, w, false);
}

/*
 * Only weights above 0 keep the weights growing, each reaching need at
 * most once, and at the end as it did: another (none is) leaves the
 * items reached unknown.
 */
static bool
track_more(walk *s, float w)
{
	if (!(w > 0))
		s->exact = false;
	return may_reach(s, w) && s->exact;
}

/*
 * The first four items from p on (to end, four at a time) of which one
 * was touched, or end.  Most items of a common list were not: four are
 * tested at a time, with one branch.  Out of line, for a loop that keeps
 * no more than it needs in registers (inlined, the compiler keeps the
 * items and their weights' addresses for the adding after it).
 */
static OVP_NOINLINE const uint32_t *
next_touched(const float *acc, const uint32_t *p, const uint32_t *end)
{
	for (; p < end; p += 4)
		if ((weight_bits(acc, p[0]) | weight_bits(acc, p[1]) | weight_bits(acc, p[2]) |
		     weight_bits(acc, p[3])) != 0)
			return p;
	return end;
}

/* walk_more(), track given. */
static OVP_ALWAYS_INLINE void
walk_old(walk *s, const uint32_t *list, uint32_t n, float w, bool track)
{
	const uint32_t *p = list, *end = list + n, *end4 = list + (n & ~(uint32_t)3);
	float *acc = s->acc, need = s->need, lo = track ? least_reaching(need, w) : 0;
	uint32_t *reached = s->reached;
	size_t nr = s->nr;

	for (;; p += 4) {
		uint32_t i0, i1, i2, i3;

		p = next_touched(acc, p, end4);
		if (p == end4)
			break;
		i0 = p[0], i1 = p[1], i2 = p[2], i3 = p[3];
		/* Lists hold no item twice: each is added to once. */
		if (weight_bits(acc, i0) != 0)
			nr = add_weight(acc, i0, acc[i0], w, track, lo, need, reached, nr);
		if (weight_bits(acc, i1) != 0)
			nr = add_weight(acc, i1, acc[i1], w, track, lo, need, reached, nr);
		if (weight_bits(acc, i2) != 0)
			nr = add_weight(acc, i2, acc[i2], w, track, lo, need, reached, nr);
		if (weight_bits(acc, i3) != 0)
			nr = add_weight(acc, i3, acc[i3], w, track, lo, need, reached, nr);
	}
	for (; p < end; p++)
		if (weight_bits(acc, *p) != 0)
			nr = add_weight(acc, *p, acc[*p], w, track, lo, need, reached, nr);
	s->nr = nr;
}

void
walk_more(walk *s, const uint32_t *list, uint32_t n, float w)
{
	if (track_more(s, w))
		walk_old(s, list, n, w, true);
	else
		walk_old(s, list, n, w, false);
}

void
walk_probe(walk *s, const uint32_t *list, uint32_t n, float w)
{
	float *acc = s->acc, need = s->need;
	const uint32_t *touched = s->touched;
	uint32_t *reached = s->reached;
	size_t nt = s->nt, nr = s->nr;
	bool track = track_more(s, w);
	float lo = track ? least_reaching(need, w) : 0;

	for (size_t k = 0; k < nt; k++)
		if (list_has(list, n, touched[k]))
			nr = add_weight(acc, touched[k], acc[touched[k]], w, track, lo, need, reached, nr);
	s->nr = nr;
}

/*
 * The rank of a candidate as one integer, greater for a better one: its
 * weight's bits, then the lower item.
 */
static uint64_t
rank_key(uint32_t bits, uint32_t item)
{
	return ((uint64_t)bits << 32) - item;
}

static uint32_t
rank_item(uint64_t key)
{
	return (uint32_t)0 - (uint32_t)key;
}

/*
 * The least key of a weight whose bits are at least bits: the keys of
 * touched items (whose weights are above 0) are all at least 1.
 */
static uint64_t
least_key(uint32_t bits)
{
	return bits > 0 ? ((uint64_t)bits << 32) - UINT32_MAX : 0;
}

/* Restore the min-heap h[0..n) below position i; h[n] must be UINT64_MAX. */
static void
sift_down(uint64_t *h, size_t n, size_t i)
{
	uint64_t x = h[i];
	size_t c;

	while ((c = 2 * i + 1) < n) {
		c += h[c + 1] < h[c];
		if (h[c] >= x)
			break;
		h[i] = h[c];
		i = c;
	}
	h[i] = x;
}

/*
 * The ranking of the touched items (see rank_touched()): a min-heap of
 * the best k that reach need, and beside it the best few of those that
 * do not, kept only while no item has reached need.  gate is the least
 * key that changes either: that of need, or one above the worst of the
 * few while they are kept, or one above the heap's root once it is full.
 */
typedef struct ranking {
	uint64_t *heap;
	size_t k, nh, nb;
	uint64_t below[OVP_MATCH_MAX_CANDIDATES];
	uint64_t root, low, need, gate;
} ranking;

/* Rank the item whose weight has the bits given. */
static inline void
rank_one(ranking *r, uint32_t item, uint32_t bits)
{
	uint64_t x = rank_key(bits, item);

	if (x < r->gate)
		return;
	if (x >= r->need) {
		if (r->nh == r->k) {
			/* above the root: the gate says so */
			r->heap[0] = x;
			sift_down(r->heap, r->k, 0);
			r->root = r->heap[0];
			r->gate = r->root + 1;
			return;
		}
		r->heap[r->nh++] = x;
		/* the items below need are no candidates now */
		r->low = UINT64_MAX;
		r->gate = r->need;
		if (r->nh == r->k) {
			r->heap[r->k] = UINT64_MAX;
			for (size_t j = r->k / 2; j-- > 0;)
				sift_down(r->heap, r->k, j);
			r->root = r->heap[0];
			r->gate = r->root + 1;
		}
	} else {
		/*
		 * Above low: every key is above 0 (a touched item's weight is),
		 * so the first few always come here.  Keys are distinct (the
		 * item is in them): insert in order, best first.
		 */
		size_t j = r->nb < OVP_MATCH_MAX_CANDIDATES ? r->nb++ : r->nb - 1;

		for (; j > 0 && r->below[j - 1] < x; j--)
			r->below[j] = r->below[j - 1];
		r->below[j] = x;
		if (r->nb == OVP_MATCH_MAX_CANDIDATES) {
			r->low = r->below[r->nb - 1];
			r->gate = r->need < r->low + 1 ? r->need : r->low + 1;
		}
	}
}

/*
 * Pass over the touched items from t on (to end, four at a time) whose
 * keys are all below gate, clearing their weights, and return where the
 * first four of which one is not below it begin (their weights kept), or
 * end.
 * Four at a time are passed over by their keys: many items have the same
 * weight (those of one list alone), so the keys, not only the weights,
 * decide.  Out of line, for a loop that keeps all it needs in registers
 * (inlined, the compiler keeps the weights read for the ranking after
 * it, and runs out of them).
 */
static OVP_NOINLINE const uint32_t *
pass_below(float *acc, const uint32_t *t, const uint32_t *end, uint64_t gate)
{
#if defined(__SSE2__) && defined(__GNUC__)
	/*
	 * gate is rank_key(gh, gi): a key is at or above it when its bits
	 * are above gh, or are gh and its item is gi or below; that is, when
	 * its bits, less 1 for an item above gi, are above gh - 1.  Bits
	 * (of weights not negative) and items are below 2^31, so that
	 * min(gi, INT32_MAX) serves for gi: four keys are compared at once,
	 * as ints.
	 */
	uint32_t gh = (uint32_t)((gate + UINT32_MAX) >> 32);
	uint32_t gi = (uint32_t)(((uint64_t)gh << 32) - gate);
	__m128i vh = _mm_set1_epi32((int)gh - 1);
	__m128i vi = _mm_set1_epi32(gi < INT32_MAX ? (int)gi : INT32_MAX);

	for (; t < end; t += 4) {
		uint32_t i0 = t[0], i1 = t[1], i2 = t[2], i3 = t[3];
		__m128i items = _mm_loadu_si128((const __m128i *)(const void *)t);
		__m128i bits = _mm_castps_si128(
		    _mm_movelh_ps(_mm_unpacklo_ps(_mm_load_ss(acc + i0), _mm_load_ss(acc + i1)),
		                  _mm_unpacklo_ps(_mm_load_ss(acc + i2), _mm_load_ss(acc + i3))));
		/* The compare's true is -1. */
		__m128i less = _mm_add_epi32(bits, _mm_cmpgt_epi32(items, vi));

		if (_mm_movemask_epi8(_mm_cmpgt_epi32(less, vh)) != 0)
			return t;
		acc[i0] = acc[i1] = acc[i2] = acc[i3] = 0;
	}
#else
	for (; t < end; t += 4) {
		uint32_t i0 = t[0], i1 = t[1], i2 = t[2], i3 = t[3];
		uint64_t x0 = rank_key(weight_bits(acc, i0), i0), x1 = rank_key(weight_bits(acc, i1), i1),
		         x2 = rank_key(weight_bits(acc, i2), i2), x3 = rank_key(weight_bits(acc, i3), i3);
		uint64_t most = x0 > x1 ? x0 : x1, most2 = x2 > x3 ? x2 : x3;

		if ((most > most2 ? most : most2) >= gate)
			return t;
		acc[i0] = acc[i1] = acc[i2] = acc[i3] = 0;
	}
#endif
	return end;
}

/*
 * The candidates among the nt touched items, into out, and their weights
 * cleared for the next text (match_impl.h).  One pass finds both kinds;
 * walk_rank() calls it only when no item reached need, or the items that
 * did are not known.
 */
size_t
rank_touched(float *acc, const uint32_t *touched, size_t nt, uint32_t needbits,
             uint64_t *heap, size_t k, uint32_t *out)
{
	ranking r;
	size_t i = 0;

	r.heap = heap;
	r.k = k;
	r.nh = r.nb = 0;
	r.root = r.low = 0;
	r.need = least_key(needbits);
	r.gate = r.need < 1 ? r.need : 1;
	/* Most items change nothing: runs of them are passed over (pass_below()). */
	for (const uint32_t *t = touched, *end4 = touched + (nt & ~(size_t)3);; t += 4) {
		uint32_t i0, i1, i2, i3, b0, b1, b2, b3;

		t = pass_below(acc, t, end4, r.gate);
		if (t == end4)
			break;
		i0 = t[0], i1 = t[1], i2 = t[2], i3 = t[3];
		b0 = weight_bits(acc, i0), b1 = weight_bits(acc, i1);
		b2 = weight_bits(acc, i2), b3 = weight_bits(acc, i3);
		acc[i0] = acc[i1] = acc[i2] = acc[i3] = 0;
		rank_one(&r, i0, b0);
		rank_one(&r, i1, b1);
		rank_one(&r, i2, b2);
		rank_one(&r, i3, b3);
	}
	for (i = nt & ~(size_t)3; i < nt; i++) {
		uint32_t item = touched[i], bits = weight_bits(acc, item);

		acc[item] = 0;
		rank_one(&r, item, bits);
	}
	if (r.nh > 0) {
		for (i = 0; i < r.nh; i++)
			out[i] = rank_item(heap[i]);
		return r.nh;
	}
	for (i = 0; i < r.nb; i++)
		out[i] = rank_item(r.below[i]);
	return r.nb;
}

/* Clear the weights of the n items of touched (a load and a store each, and the loop's few). */
static void
clear_touched(float *acc, const uint32_t *touched, size_t n)
{
	UNROLL8
	for (size_t i = 0; i < n; i++)
		acc[touched[i]] = 0;
}

/*
 * The candidates are the best k of the items that reached need, when
 * some did (the same keys as rank_touched(): the bits of the weight, then
 * the lower item): a text has a few of them among hundreds of items
 * touched, and the others only need their weights cleared.
 */
size_t
walk_rank(walk *s, uint64_t *heap, size_t k, uint32_t *out)
{
	const float *acc = s->acc;
	size_t nr = s->nr;

	if (nr == 0 || !s->exact)
		return rank_touched(s->acc, s->touched, s->nt, s->needbits, heap, k, out);
	if (nr <= k) {
		memcpy(out, s->reached, nr * sizeof *out);
	} else {
		/* The best k of those reached: a min-heap of the first k, then each better than its root. */
		for (size_t i = 0; i < k; i++)
			heap[i] = rank_key(weight_bits(acc, s->reached[i]), s->reached[i]);
		heap[k] = UINT64_MAX;
		for (size_t j = k / 2; j-- > 0;)
			sift_down(heap, k, j);
		for (size_t i = k; i < nr; i++) {
			uint64_t x = rank_key(weight_bits(acc, s->reached[i]), s->reached[i]);

			if (x > heap[0]) {
				heap[0] = x;
				sift_down(heap, k, 0);
			}
		}
		for (size_t i = 0; i < k; i++)
			out[i] = rank_item(heap[i]);
		nr = k;
	}
	/* The others change nothing: their weights are only cleared. */
	clear_touched(s->acc, s->touched, s->nt);
	return nr;
}

static void
add_term(term *t, size_t *n, const uint32_t *list, uint32_t len, uint32_t key, double weight,
         uint32_t words, double sim)
{
	t[*n].list = list;
	t[*n].n = len;
	t[*n].key = key;
	t[*n].weight = weight;
	t[*n].words = words;
	t[*n].sim = sim;
	(*n)++;
}

/* The bits of query words [start, start + n). */
static uint32_t
word_bits(size_t start, size_t n)
{
	uint32_t bits = 0;

	for (size_t k = start; k < start + n && k < MAX_WORDS; k++)
		bits |= (uint32_t)1 << k;
	return bits;
}

#define MAX_TERMS (MAX_WORDS * (MAX_NEIGHBOURS + 3 * MAX_SPLITS + 3) + MAX_RUNS)

size_t
find_candidates(ovp_matcher *m, const word *q, size_t nq, const double *weight,
                const uint32_t *qinfo_ids, const uint32_t *acro_ids, uint32_t (*joins)[2],
                const run_link *runs, size_t nruns, uint32_t *out)
{
	term terms[MAX_TERMS], longs[MAX_TERMS];
	double rest[MAX_TERMS + 1];
	size_t nterms = 0, walked = 0, updated = 0, nlong = 0;
	uint64_t key[MAX_SCORED + 1];
	double need;
	uint32_t needbits;
	walk s;
	bool any_content = false;

	for (size_t i = 0; i < nq; i++)
		any_content |= !q[i].filler;
	for (size_t i = 0; i < nq; i++) {
		const qinfo *info = &m->qi[qinfo_ids[i]];
		double w = weight[i];

		if (any_content && q[i].filler)
			continue;
		for (uint32_t k = 0; k < info->nnb; k++) {
			uint32_t vid = m->nbpool[info->nb + k].vid;

			add_term(terms, &nterms, m->post + m->post_off[vid],
			         m->post_off[vid + 1] - m->post_off[vid], vid,
			         w * m->nbpool[info->nb + k].sim, word_bits(i, 1),
			         m->nbpool[info->nb + k].sim);
		}
		for (uint32_t k = 0; k < info->nsplit; k++) {
			const uint32_t *part = m->splitpool + info->split + 3 * k;
			size_t parts = part[2] == NIL ? 2 : 3;

			for (size_t j = 0; j < parts; j++)
				add_term(terms, &nterms, m->post + m->post_off[part[j]],
				         m->post_off[part[j] + 1] - m->post_off[part[j]], part[j],
				         w / (double)parts, word_bits(i, 1), 1.0);
		}
		if (acro_ids[i] != NIL)
			add_term(terms, &nterms, m->acro_post + m->acro_off[acro_ids[i]],
			         m->acro_off[acro_ids[i] + 1] - m->acro_off[acro_ids[i]],
			         (uint32_t)m->nvw + acro_ids[i], w * ACRONYM_SIM, word_bits(i, 1), 1.0);
		/* Adjacent words that join into one roadmap word. */
		for (size_t len = 2; len <= 3 && i + len <= nq; len++) {
			uint32_t vid = joins[i][len - 2];
			double jw = 0;

			if (vid == NIL)
				continue;
			for (size_t k = i; k < i + len; k++)
				jw += weight[k];
			add_term(terms, &nterms, m->post + m->post_off[vid],
			         m->post_off[vid + 1] - m->post_off[vid], vid, jw, word_bits(i, len), 1.0);
		}
	}
	for (size_t r = 0; r < nruns && nterms < MAX_TERMS; r++) {
		double rw = 0;

		for (size_t k = runs[r].start; k < (size_t)runs[r].start + runs[r].n && k < nq; k++)
			rw += weight[k];
		add_term(terms, &nterms, m->post + m->post_off[runs[r].vid],
		         m->post_off[runs[r].vid + 1] - m->post_off[runs[r].vid], runs[r].vid,
		         rw * ACRONYM_SIM, word_bits(runs[r].start, runs[r].n), 1.0);
	}
	if (nterms == 0)
		return 0;

	/* One term per list, with its largest weight (insertion sort: few terms). */
	for (size_t i = 1; i < nterms; i++) {
		term t = terms[i];
		size_t j = i;

		while (j > 0 && terms[j - 1].key > t.key) {
			terms[j] = terms[j - 1];
			j--;
		}
		terms[j] = t;
	}
	{
		size_t u = 0;

		for (size_t i = 0; i < nterms; i++) {
			if (u > 0 && terms[u - 1].key == terms[i].key) {
				/* One list: its largest weight, and a bound for every word it serves. */
				if (terms[i].weight > terms[u - 1].weight)
					terms[u - 1].weight = terms[i].weight;
				if (terms[i].sim > terms[u - 1].sim)
					terms[u - 1].sim = terms[i].sim;
				terms[u - 1].words |= terms[i].words;
			} else {
				terms[u++] = terms[i];
			}
		}
		nterms = u;
	}
	/* Rarest first. */
	for (size_t i = 1; i < nterms; i++) {
		term t = terms[i];
		size_t j = i;

		while (j > 0 && terms[j - 1].n > t.n) {
			terms[j] = terms[j - 1];
			j--;
		}
		terms[j] = t;
	}

	/*
	 * The least shared weight that can still reach unconfirmed_similarity:
	 * the score is at most the coverage of the text, and the filler words
	 * (not looked up) give at most their weight.  Capped at half the
	 * weight looked up, so that items containing every word with typos
	 * still count for the ambiguity rule.
	 */
	{
		double wq = 0, wfill = 0, wlook = 0;

		for (size_t i = 0; i < nq; i++) {
			wq += weight[i];
			if (any_content && q[i].filler)
				wfill += weight[i];
			else
				wlook += weight[i];
		}
		need = m->unconfirmed * wq - wfill;
		if (need > 0.5 * wlook)
			need = 0.5 * wlook;
		need -= 1e-6;
	}
	/*
	 * The bound: rest[i] is the most weight that the lists from i on
	 * can give an item that no list before i holds, counted as the score
	 * counts it: each query word once, worth its weight times the best
	 * similarity among the lists left that stand for it (a neighbour, a
	 * split, a join or an acronym of it).  A typo'd word has many
	 * neighbours; adding up all their weights, as if a title could have
	 * every variant of the word, kept common lists walked that could
	 * give no new item enough.
	 */
	{
		double best[MAX_WORDS] = {0};

		rest[nterms] = 0;
		for (size_t i = nterms; i-- > 0;) {
			double sum = 0;

			for (size_t k = 0; k < nq; k++) {
				if ((terms[i].words >> k & 1u) && terms[i].sim > best[k])
					best[k] = terms[i].sim;
				sum += weight[k] * best[k];
			}
			rest[i] = sum;
		}
	}

	/*
	 * An item is a candidate when its weight's bits are needbits or more:
	 * need rounded up to a float, 0 when every touched item reaches it.
	 */
	{
		float needf = (float)need;

		if ((double)needf < need)
			needf = nextafterf(needf, INFINITY);
		if (!(needf > 0))
			needf = 0;
		memcpy(&needbits, &needf, sizeof needbits);
	}
	walk_start(&s, m->acc, m->touched, m->reached, needbits);
	/* Weights are added as floats, term by term in this order: the order fixes the sums. */
	for (size_t i = 0; i < nterms; i++) {
		uint32_t df = terms[i].n;

		if (rest[i] < need || walked + df > WALK_BUDGET) {
			longs[nlong++] = terms[i];
			continue;
		}
		walked += df;
		walk_add(&s, terms[i].list, df, (float)terms[i].weight);
	}
	if (s.nt == 0 && nlong > 0) {
		/* Only very common words: walk part of the rarest of them. */
		uint32_t df = longs[0].n;

		if (df > WALK_BUDGET)
			df = WALK_BUDGET;
		walk_add(&s, longs[0].list, df, (float)longs[0].weight);
		memmove(longs, longs + 1, (nlong - 1) * sizeof longs[0]);
		nlong--;
	}
	for (size_t l = 0; l < nlong && s.nt > 0; l++) {
		uint32_t df = longs[l].n;
		size_t nt = s.nt, cost = (size_t)df < 16 * nt ? df : 16 * nt;

		if (updated + cost > UPDATE_BUDGET)
			break;
		updated += cost;
		if ((size_t)df > 16 * nt)
			walk_probe(&s, longs[l].list, df, (float)longs[l].weight);
		else
			walk_more(&s, longs[l].list, df, (float)longs[l].weight);
	}
	return walk_rank(&s, key, MAX_SCORED, out);
}

bool
near_fill(ovp_matcher *m, size_t nq, const uint32_t *qinfo_ids)
{
	size_t most = 0, rows = 0;

	for (size_t i = 0; i < nq; i++)
		most += m->qi[qinfo_ids[i]].nnb;
	if (!ovp_grow(&m->near, &m->near_cap, most * nq, sizeof *m->near) ||
	    !ovp_grow(&m->near_max, &m->near_rows_cap, most, sizeof *m->near_max) ||
	    !ovp_grow(&m->near_vid, &m->near_vid_cap, 2 * most, sizeof *m->near_vid))
		return false;
	for (size_t i = 0; i < nq; i++) {
		const qinfo *info = &m->qi[qinfo_ids[i]];

		for (uint32_t x = 0; x < info->nnb; x++) {
			const neighbour *nb = &m->nbpool[info->nb + x];
			uint32_t row = m->near_slot[nb->vid];
			double *sim;

			if (row == 0) {
				row = (uint32_t)++rows;
				m->near_slot[nb->vid] = row;
				m->near_vid[2 * (row - 1)] = nb->vid;
				m->near_vid[2 * (row - 1) + 1] = 0;
				m->near_max[row - 1] = 0;
				sim = m->near + (size_t)(row - 1) * nq;
				for (size_t k = 0; k < nq; k++)
					sim[k] = 0;
			}
			sim = m->near + (size_t)(row - 1) * nq;
			m->near_vid[2 * (row - 1) + 1] |= (uint32_t)1 << i;
			if (nb->sim > sim[i])
				sim[i] = nb->sim;
			if (nb->sim > m->near_max[row - 1])
				m->near_max[row - 1] = nb->sim;
		}
	}
	m->near_rows = rows;
	return true;
}

void
near_clear(ovp_matcher *m)
{
	for (size_t r = 0; r < m->near_rows; r++)
		m->near_slot[m->near_vid[2 * r]] = 0;
	m->near_rows = 0;
}

/* Raise bq[] to the similarities of vocabulary word row (near_fill()) to the text's words. */
static inline void
near_lift(const ovp_matcher *m, uint32_t row, size_t nq, double *bq)
{
	const double *sim = m->near + (size_t)(row - 1) * nq;

	/* Mostly near one query word: the others' similarities are 0 and change nothing. */
	for (uint32_t near = m->near_vid[2 * (row - 1) + 1]; near != 0; near &= near - 1) {
		unsigned i = lowest_bit(near);

		if (sim[i] > bq[i])
			bq[i] = sim[i];
	}
}

/*
 * Score a name (its record nm, its words' ids) that is_plain() against
 * q: only which of its words have a counterpart is needed of it.  bq[]
 * comes in as it was left: only the similarities of the text's words
 * near some word of the name are set, each when the first is found.
 */
static verdict
score_plain_name(const ovp_matcher *m, const name_view *nm, const uint32_t *ids, const query *q,
                 double *bq)
{
	uint32_t hit = 0, qhit = 0;
	double tnum = 0;

	for (size_t j = 0; j < nm->nwords; j++) {
		uint32_t row = m->near_slot[ids[j]];
		const double *sim;

		if (row == 0)
			continue;
		hit |= (uint32_t)1 << j;
		tnum += word_weight(nm->filler >> j & 1u, nm->digit >> j & 1u);
		/* near_lift() from 0s: a text's word takes the first similarity, then the best. */
		sim = m->near + (size_t)(row - 1) * q->n;
		for (uint32_t near = m->near_vid[2 * (row - 1) + 1]; near != 0; near &= near - 1) {
			unsigned i = lowest_bit(near);

			if (!(qhit >> i & 1u) || sim[i] > bq[i])
				bq[i] = sim[i];
		}
		qhit |= m->near_vid[2 * (row - 1) + 1];
	}
	/* Every word has a counterpart, or when there are content words, every one of those. */
	return score_plain(q, bq, qhit, tnum, nm->weight, (nm->counted & ~hit) == 0);
}

/* Score any name (its record nm, its words' ids) against q.  bq[] comes in as 0s. */
static verdict
score_any_name(const ovp_matcher *m, const name_view *nm, const uint32_t *ids, const query *q,
               double *bq)
{
	word t[MAX_WORDS];
	double bt[MAX_WORDS];
	name_side ts;

	for (size_t j = 0; j < nm->nwords; j++) {
		uint32_t row = m->near_slot[ids[j]];

		t[j] = m->vw[ids[j]];
		bt[j] = row != 0 ? m->near_max[row - 1] : 0;
		if (row != 0)
			near_lift(m, row, q->n, bq);
	}
	ts.w = t;
	ts.vid = ids;
	ts.n = nm->nwords;
	ts.lens = nm->lens;
	ts.joins = nm->joins;
	return score_name(q, bq, &ts, bt);
}

_Static_assert(MAX_WORDS % 4 == 0, "a text's similarities are cleared four at a time");

verdict
score_item(const ovp_matcher *m, uint32_t item, const query *q)
{
	verdict best = {0, false, false, true, false};
	size_t nq = q->n;
	const char *p = m->view + m->view_off[item], *end = m->view + m->view_off[item + 1];

	while (p < end) {
		const name_view *nm = (const name_view *)(const void *)p;
		const uint32_t *ids = (const uint32_t *)(const void *)(nm + 1);
		double bq[MAX_WORDS];
		verdict v;

		p += view_size(nm->nwords);
		if (nm->nwords > 0 && nq > 0 && is_plain(q, nm->lens, nm->joins)) {
			v = score_plain_name(m, nm, ids, q, bq);
		} else {
			/* Four at a time (bq has room): a call of memset() would cost more. */
			for (size_t i = 0; i < nq; i += 4)
				bq[i] = bq[i + 1] = bq[i + 2] = bq[i + 3] = 0;
			v = score_any_name(m, nm, ids, q, bq);
		}
		if (v.score > best.score)
			best.score = v.score;
		best.covers |= v.covers;
		best.full |= v.full;
		best.lone &= v.lone;
		best.initials |= v.initials && v.covers;
	}
	return best;
}
