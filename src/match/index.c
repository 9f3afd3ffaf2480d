/*
 * The index the matcher builds once over the roadmap: the items' ids,
 * their titles and aliases normalised (for the exact step), and for the
 * approximate step the vocabulary of their words with the items that
 * hold each word, how rare each word is, and the ways a promise's word
 * can reach a vocabulary word (typo buckets, words by their tail after
 * the first letter, stems in each language, the words in byte order for
 * abbreviations) and the acronyms of adjacent words of every name.
 */
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <overpromise/match.h>

#include "../lists.h"
#include "fork.h"
#include "match_impl.h"

size_t
id_key(const char *s, size_t n, char *out)
{
	size_t k = 0;

	while (n > 0 && (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')) {
		s++;
		n--;
	}
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' ||
	                 s[n - 1] == '\n'))
		n--;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		out[k++] = (char)(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
	}
	out[k] = '\0';
	return k;
}

/* A pair (key, value) for building posting lists. */
typedef struct pair {
	uint32_t key, val;
} pair;

typedef struct pairs {
	pair *p;
	size_t n, cap;
} pairs;

static bool
pairs_add(pairs *ps, uint32_t key, uint32_t val)
{
	if (!ovp_grow(&ps->p, &ps->cap, ps->n + 1, sizeof *ps->p))
		return false;
	ps->p[ps->n].key = key;
	ps->p[ps->n].val = val;
	ps->n++;
	return true;
}

/*
 * Counting-sort pairs by key into offsets (nkeys + 1) and values, keeping
 * the order of values within a key and dropping repeats of the previous
 * value.  False when out of memory.
 */
static bool
build_lists(const pairs *ps, size_t nkeys, uint32_t **off_out, uint32_t **val_out)
{
	uint32_t *off = calloc(nkeys + 2, sizeof *off);
	uint32_t *val = malloc((ps->n ? ps->n : 1) * sizeof *val);
	uint32_t *fill = NULL;
	size_t k = 0;

	if (off == NULL || val == NULL)
		goto fail;
	for (size_t i = 0; i < ps->n; i++)
		off[ps->p[i].key + 1]++;
	for (size_t i = 1; i <= nkeys; i++)
		off[i] += off[i - 1];
	fill = malloc((nkeys + 1) * sizeof *fill);
	if (fill == NULL)
		goto fail;
	memcpy(fill, off, (nkeys + 1) * sizeof *fill);
	for (size_t i = 0; i < ps->n; i++)
		val[fill[ps->p[i].key]++] = ps->p[i].val;
	for (size_t key = 0; key < nkeys; key++) {
		uint32_t start = off[key], end = off[key + 1];

		off[key] = (uint32_t)k;
		for (uint32_t i = start; i < end; i++)
			if (i == start || val[i] != val[i - 1])
				val[k++] = val[i];
	}
	off[nkeys] = (uint32_t)k;
	free(fill);
	*off_out = off;
	*val_out = val;
	return true;
fail:
	free(off);
	free(val);
	free(fill);
	return false;
}

/* The vocabulary id of a folded word, adding it when new; NIL when out of memory. */
static uint32_t
vocab_id(ovp_matcher *m, const word *w)
{
	ovp_intern_entry *e;
	word *v;

	if (m->nvw >= UINT32_MAX - 2)
		return NIL;
	e = ovp_intern_get(&m->vocab, &m->ar, w->s, w->len);
	if (e == NULL)
		return NIL;
	if (e->value != 0)
		return e->value - 1;
	if (!ovp_grow(&m->vw, &m->vwcap, m->nvw + 1, sizeof *m->vw))
		return NIL;
	e->value = (uint32_t)m->nvw + 1;
	v = &m->vw[m->nvw];
	*v = *w;
	v->s = e->s;
	v->id = (uint32_t)m->nvw;
	v->caps = false;
	v->lower = false;
	v->named = false;
	v->unsure = false;
	return (uint32_t)m->nvw++;
}

/*
 * Add one name (normalised text norm) of item to the names and the exact
 * map; *idx is its index, or NIL for an empty text.  False when out of
 * memory.
 */
static bool
add_name(ovp_matcher *m, uint32_t item, const char *norm, bool title, uint32_t *idx)
{
	size_t len = strlen(norm);
	name *nm;
	ovp_intern_entry *e;

	*idx = NIL;
	if (len == 0)
		return true;
	if (m->nnames >= UINT32_MAX - 2 ||
	    !ovp_grow(&m->names, &m->namecap, m->nnames + 1, sizeof *m->names))
		return false;
	e = ovp_intern_get(&m->exact, &m->ar, norm, len);
	if (e == NULL)
		return false;
	*idx = (uint32_t)m->nnames;
	nm = &m->names[m->nnames++];
	nm->item = item;
	nm->title = title;
	nm->next_exact = NIL;
	nm->last_exact = *idx;
	if (e->value == 0) {
		e->value = *idx + 1;
	} else {
		/* Appended through the chain's last name: walking the chain made a
		 * roadmap of many equal titles take quadratic time. */
		uint32_t first = e->value - 1;

		m->names[m->names[first].last_exact].next_exact = *idx;
		m->names[first].last_exact = *idx;
	}
	return true;
}

/* Note that the n letters at a are initials in item; false when out of memory. */
static bool
add_acronym(ovp_matcher *m, pairs *acro, const char *a, size_t n, uint32_t item)
{
	ovp_intern_entry *e = ovp_intern_get(&m->acros, &m->ar, a, n);

	if (e == NULL)
		return false;
	if (e->value == 0)
		e->value = (uint32_t)m->acros.n;
	return pairs_add(acro, e->value - 1, item);
}

/* Make m->view hold n bytes; false when out of memory or past 4 GiB. */
static bool
view_room(ovp_matcher *m, size_t n)
{
	return n <= UINT32_MAX && ovp_grow(&m->view, &m->view_cap, n, 1);
}

/*
 * What the texts of a name alone say for the index: its words and how
 * its raw text writes each.  Reading them looks at no index, so the
 * names of a large roadmap can be read on two threads (read_titles()).
 */
typedef struct name_read {
	word *w;            /* nw words, their folded bytes in the same arena */
	unsigned char *how; /* per word: its word_case, with READ_IN_CAPS when written in capitals */
	uint32_t nw;
	name_style style;
} name_read;

enum { READ_IN_CAPS = 0x80, READ_CASE = 0x7f };

/*
 * Read the name with raw text raw (for the words written in capitals)
 * and normalised text norm into *r, with what it keeps in arena ar.
 * False when out of memory.
 */
static bool
read_name(const char *raw, const char *norm, ovp_arena *ar, name_read *r)
{
	size_t len = strlen(norm), rlen = strlen(raw), nw, ncaps;
	char csmall[256];
	char *buf = ovp_arena_alloc(ar, len + 1), *caps;
	word w[MAX_WORDS];
	word_case cases[MAX_WORDS];
	bool ok = false;

	caps = rlen < sizeof csmall ? csmall : malloc(rlen + 1);
	if (buf == NULL || caps == NULL)
		goto done;
	nw = split_words(norm, buf, w);
	ncaps = caps_words(raw, rlen, caps);
	if (word_cases(raw, rlen, w, nw, cases, &r->style) != nw)
		for (size_t i = 0; i < nw; i++)
			cases[i] = CASE_NONE;
	r->nw = (uint32_t)nw;
	r->w = ovp_arena_alloc(ar, (nw ? nw : 1) * sizeof *r->w);
	r->how = ovp_arena_alloc(ar, nw ? nw : 1);
	if (r->w == NULL || r->how == NULL)
		goto done;
	for (size_t i = 0; i < nw; i++) {
		r->w[i] = w[i];
		r->how[i] = (unsigned char)cases[i];
		if (ncaps > 0 && in_caps(caps, ncaps, w[i].s, w[i].len))
			r->how[i] |= READ_IN_CAPS;
	}
	ok = true;
done:
	if (caps != csmall)
		free(caps);
	return ok;
}

/*
 * What the index keeps while it is built: the posting and acronym pairs,
 * and the digit each vocabulary word spells (number_digit()), worked out
 * once per word rather than once per name that holds it.
 */
typedef struct builder {
	pairs post, acro;
	char *num;     /* per vocabulary word */
	size_t nnum, numcap;
} builder;

/*
 * Index a name of item, read as r: its words go to the vocabulary and
 * the posting pairs, the acronyms of its adjacent words to the acronym
 * pairs, and its name_view record to the end of m->view at *pos.  False
 * when out of memory.
 */
static bool
index_name(ovp_matcher *m, uint32_t item, const name_read *r, size_t *pos, builder *b)
{
	size_t nw = r->nw;
	const word *w = r->w;
	uint32_t vid[MAX_WORDS];
	char num[MAX_WORDS];
	name_view *nv;

	m->nsentence += r->style == STYLE_SENTENCE;
	m->ntitled += r->style == STYLE_TITLE;
	for (size_t i = 0; i < nw; i++) {
		word_case c = (word_case)(r->how[i] & READ_CASE);

		vid[i] = vocab_id(m, &w[i]);
		if (vid[i] == NIL || !pairs_add(&b->post, vid[i], item))
			return false;
		m->vw[vid[i]].lower |= c == CASE_LOWER;
		m->vw[vid[i]].named |=
			c == CASE_CAPS || c == CASE_INNER || c == CASE_PLAIN || c == CASE_FIRST;
		m->vw[vid[i]].unsure |= c == CASE_UNSURE;
		if (r->how[i] & READ_IN_CAPS) {
			m->vw[vid[i]].caps = true;
			/* caps_words() gives ASCII letters and digits; an acronym starts with two letters. */
			if (w[i].s[0] >= 'a' && w[i].s[0] <= 'z' && w[i].s[1] >= 'a' && w[i].s[1] <= 'z')
				m->caps_pairs[(w[i].s[0] - 'a') * 26 + (w[i].s[1] - 'a')] = 1;
		}
	}
	if (!ovp_grow(&b->num, &b->numcap, m->nvw, 1))
		return false;
	for (; b->nnum < m->nvw; b->nnum++)
		b->num[b->nnum] = number_digit(m->vw[b->nnum].s, m->vw[b->nnum].len);
	/*
	 * Initials of ACRONYM_MIN to ACRONYM_MAX adjacent words, none with a
	 * digit; and the same with the digit of each number word ("2fa" for
	 * "two factor authentication", where a digit alone may stand too).
	 */
	for (size_t i = 0; i < nw; i++)
		num[i] = b->num[vid[i]];
	for (size_t i = 0; i + ACRONYM_MIN <= nw; i++) {
		char a[ACRONYM_MAX], d[ACRONYM_MAX];
		bool letters = true, digits = true, number = false;

		for (size_t k = 0; k < ACRONYM_MAX && i + k < nw && (letters || digits); k++) {
			unsigned char c = (unsigned char)w[i + k].s[0];
			char digit = num[i + k];
			bool letter = !w[i + k].digit && c >= 'a' && c <= 'z';

			letters &= letter;
			digits &= letter || digit != 0;
			number |= digit != 0;
			a[k] = (char)c;
			d[k] = digit != 0 ? digit : (char)c;
			if (k + 1 < ACRONYM_MIN)
				continue;
			if ((letters && !add_acronym(m, &b->acro, a, k + 1, item)) ||
			    (digits && number && !add_acronym(m, &b->acro, d, k + 1, item)))
				return false;
		}
	}
	if (!view_room(m, *pos + view_size(nw)))
		return false;
	nv = (name_view *)(void *)(m->view + *pos);
	nv->nwords = (uint32_t)nw;
	nv->weight = 0;
	nv->filler = nv->digit = 0;
	{
		word vw[MAX_WORDS];

		/* A name has at most MAX_WORDS words (the bound tells the compiler too). */
		for (size_t i = 0; i < nw && i < MAX_WORDS; i++) {
			vw[i] = m->vw[vid[i]];
			nv->weight += vw[i].weight;
			nv->filler |= (uint32_t)vw[i].filler << i;
			nv->digit |= (uint32_t)vw[i].digit << i;
		}
		nv->lens = word_lengths(vw, nw);
		nv->joins = join_lengths(vw, nw);
		nv->counted = nw < 32 ? ((uint32_t)1 << nw) - 1 : UINT32_MAX;
		if ((nv->counted & ~nv->filler) != 0)
			nv->counted &= ~nv->filler;
	}
	if (nw > 0)
		memcpy(nv + 1, vid, nw * sizeof *vid);
	*pos += view_size(nw);
	return true;
}

/*
 * Find the items an alias target names: an id (case-insensitively) or,
 * failing that, a title (normalised).  Appends item indices to ps under
 * key alias_index.  Returns the number found, or -1 when out of memory.
 */
static long
resolve_target(ovp_matcher *m, const char *target, uint32_t alias_index, pairs *ps)
{
	size_t n = strlen(target);
	char *key = malloc(n + 1);
	char *norm;
	long found = 0;
	ovp_intern_entry *e;

	if (key == NULL)
		return -1;
	e = ovp_intern_find(&m->ids, key, id_key(target, n, key));
	free(key);
	if (e != NULL) {
		for (uint32_t it = e->value - 1; it != NIL; it = m->id_next[it], found++)
			if (!pairs_add(ps, it, alias_index))
				return -1;
		return found;
	}
	norm = clean_normalize(target, n);
	if (norm == NULL)
		return -1;
	e = *norm != '\0' ? ovp_intern_find(&m->exact, norm, strlen(norm)) : NULL;
	free(norm);
	for (uint32_t k = e ? e->value - 1 : NIL; k != NIL; k = m->names[k].next_exact) {
		if (!m->names[k].title)
			continue;
		if (!pairs_add(ps, m->names[k].item, alias_index))
			return -1;
		found++;
	}
	return found;
}

static size_t
bucket_index(unsigned char first, size_t ncp)
{
	return (size_t)first * (MAX_WORD_CP + 1) + ncp;
}

/* Sort the vocabulary into buckets by first byte and length, for typos. */
static bool
build_buckets(ovp_matcher *m)
{
	size_t nb = 256 * (MAX_WORD_CP + 1);
	uint32_t *fill;

	m->bucket_off = calloc(nb + 1, sizeof *m->bucket_off);
	m->bucket = malloc((m->nvw ? m->nvw : 1) * sizeof *m->bucket);
	fill = malloc((nb + 1) * sizeof *fill);
	if (m->bucket_off == NULL || m->bucket == NULL || fill == NULL) {
		free(fill);
		return false;
	}
	for (size_t v = 0; v < m->nvw; v++) {
		size_t ncp = count_cp(m->vw[v].s, m->vw[v].len);

		if (ncp <= MAX_WORD_CP && m->vw[v].len > 0)
			m->bucket_off[bucket_index((unsigned char)m->vw[v].s[0], ncp) + 1]++;
	}
	for (size_t i = 1; i <= nb; i++)
		m->bucket_off[i] += m->bucket_off[i - 1];
	memcpy(fill, m->bucket_off, (nb + 1) * sizeof *fill);
	for (size_t v = 0; v < m->nvw; v++) {
		size_t ncp = count_cp(m->vw[v].s, m->vw[v].len);

		if (ncp <= MAX_WORD_CP && m->vw[v].len > 0)
			m->bucket[fill[bucket_index((unsigned char)m->vw[v].s[0], ncp)]++] = (uint32_t)v;
	}
	free(fill);
	return true;
}

/* Vocabulary words in byte order. */
static int
cmp_vocab(const void *a, const void *b)
{
	const word *x = a, *y = b;
	size_t n = x->len < y->len ? x->len : y->len;
	int c = memcmp(x->s, y->s, n);

	if (c != 0)
		return c;
	return (x->len > y->len) - (x->len < y->len);
}

/*
 * The ways to reach a vocabulary word from a word that is not quite it:
 * the words in byte order, the tails after the first letter, the stems.
 */
static bool
build_forms(ovp_matcher *m)
{
	size_t nv = m->nvw ? m->nvw : 1;

	m->sorted = malloc(nv * sizeof *m->sorted);
	m->tail_next = malloc(nv * sizeof *m->tail_next);
	if (m->sorted == NULL || m->tail_next == NULL)
		return false;
	for (int l = 0; l < NLANG; l++) {
		m->stem_next[l] = malloc(nv * sizeof *m->stem_next[l]);
		if (m->stem_next[l] == NULL)
			return false;
	}
	{
		word *copy = malloc(nv * sizeof *copy);

		if (copy == NULL)
			return false;
		if (m->nvw > 0)
			memcpy(copy, m->vw, m->nvw * sizeof *copy);
		qsort(copy, m->nvw, sizeof *copy, cmp_vocab);
		for (size_t v = 0; v < m->nvw; v++)
			m->sorted[v] = copy[v].id;
		free(copy);
	}
	for (size_t v = 0; v < m->nvw; v++) {
		const word *w = &m->vw[v];
		char stem[MAX_STEM_BYTES + 2];

		m->tail_next[v] = NIL;
		for (int l = 0; l < NLANG; l++)
			m->stem_next[l][v] = NIL;
		if (w->digit || w->filler || w->len < 3)
			continue;
		if (w->len >= 4) {
			size_t skip = 1;
			ovp_intern_entry *e;

			while (skip < w->len && ((unsigned char)w->s[skip] & 0xC0) == 0x80)
				skip++;
			e = ovp_intern_get(&m->tails, &m->ar, w->s + skip, w->len - skip);
			if (e == NULL)
				return false;
			m->tail_next[v] = e->value != 0 ? e->value - 1 : NIL;
			e->value = (uint32_t)v + 1;
		}
		for (int l = 0; l < NLANG; l++) {
			size_t n = stem_word(&m->st, l, w->s, w->len, stem + 1);
			ovp_intern_entry *e;

			if (n == 0)
				continue;
			stem[0] = (char)('0' + l);
			e = ovp_intern_get(&m->stems, &m->ar, stem, n + 1);
			if (e == NULL)
				return false;
			m->stem_next[l][v] = e->value != 0 ? e->value - 1 : NIL;
			e->value = (uint32_t)v + 1;
		}
	}
	return true;
}

/* How rare each vocabulary word is: see the weights in score.c. */
static bool
build_idf(ovp_matcher *m, size_t nitems)
{
	double lnn = log((double)nitems + 1);

	m->idf = malloc((m->nvw ? m->nvw : 1) * sizeof *m->idf);
	if (m->idf == NULL)
		return false;
	for (size_t v = 0; v < m->nvw; v++) {
		uint32_t df = m->post_off[v + 1] - m->post_off[v];
		double w = df > 0 && lnn > 0 ? log(((double)nitems + 1) / df) / lnn : 1.0;

		m->idf[v] = (float)(w < IDF_FLOOR ? IDF_FLOOR : w > 1 ? 1 : w);
	}
	return true;
}

/*
 * The titles of items [from, to) of a roadmap, normalised into norms[]
 * and read into reads[] (with what they keep in ar), on whichever thread
 * runs read_titles(): it writes nothing else, and reads only the items.
 */
typedef struct title_reader {
	const ovp_roadmap *rm;
	size_t from, to;
	char **norms;
	name_read *reads;
	ovp_arena ar;
	bool ok;
} title_reader;

static void *
read_titles(void *arg)
{
	title_reader *tr = arg;

	tr->ok = true;
	for (size_t i = tr->from; i < tr->to && tr->ok; i++) {
		const char *t = tr->rm->items[i].title ? tr->rm->items[i].title : "";

		tr->norms[i] = clean_normalize(t, strlen(t));
		tr->ok = tr->norms[i] != NULL &&
		         (tr->norms[i][0] == '\0' || read_name(t, tr->norms[i], &tr->ar, &tr->reads[i]));
	}
	return NULL;
}

/* Fewest items whose titles are worth a second thread. */
#define TITLES_SHARED 512

/*
 * What the matcher keeps only while it is built: the titles read (by one
 * thread or two), the configured aliases listed per item they name, and
 * the builder's pairs.  build_free() lets go of all of it.
 */
typedef struct build {
	builder b;
	pairs conf;                    /* configured alias by the item it names */
	uint32_t *conf_off, *conf_val; /* conf as lists, per item */
	char **norms;                  /* per item: its normalised title */
	name_read *reads;              /* per item: its title read */
	title_reader half[2];          /* the titles each thread reads */
	pthread_t helper;
	bool helping;                  /* the helper reads half[1] and is not joined yet */
} build;

/*
 * The matcher's options and the parts of it sized by the roadmap alone,
 * before anything of the roadmap is read: the id chains, the items'
 * scores, the items a search touched and reached.  False when out of
 * memory.
 */
static bool
matcher_init(ovp_matcher *m, const ovp_roadmap *rm, double min_similarity,
             double unconfirmed_similarity)
{
	static const ovp_intern unbounded = OVP_INTERN_INIT_UNBOUNDED;
	size_t nitems = rm != NULL ? rm->nitems : 0;

	m->ids = m->vocab = m->tails = m->stems = m->acros = m->exact = m->qwords = unbounded;
	m->rm = rm;
	m->min_similarity = min_similarity;
	m->unconfirmed = unconfirmed_similarity;
	cache_init(&m->cache);
	if (!stemmers_new(&m->st))
		return false;
	m->id_next = malloc((nitems ? nitems : 1) * sizeof *m->id_next);
	m->acc = calloc(nitems ? nitems : 1, sizeof *m->acc);
	/* touched, then reached: each has room for one item more than the roadmap. */
	m->touched = malloc(2 * (nitems + 1) * sizeof *m->touched);
	m->reached = m->touched != NULL ? m->touched + nitems + 1 : NULL;
	return m->id_next != NULL && m->acc != NULL && m->touched != NULL;
}

/*
 * Start reading the titles, the longest part of the work, so that the
 * ids are indexed meanwhile: with two threads and enough items, a second
 * thread reads the later half of them from now on (titles_wait() reads
 * the rest).  False when out of memory, nothing started.
 */
static bool
titles_start(build *bd, const ovp_roadmap *rm, unsigned threads)
{
	size_t nitems = rm != NULL ? rm->nitems : 0;

	bd->norms = calloc(nitems ? nitems : 1, sizeof *bd->norms);
	bd->reads = calloc(nitems ? nitems : 1, sizeof *bd->reads);
	if (bd->norms == NULL || bd->reads == NULL)
		return false;
	bd->half[0].to = threads >= 2 && nitems >= TITLES_SHARED ? nitems / 2 : nitems;
	bd->half[1].from = bd->half[0].to;
	bd->half[1].to = nitems;
	for (int h = 0; h < 2; h++) {
		bd->half[h].norms = bd->norms;
		bd->half[h].reads = bd->reads;
	}
	bd->helping = bd->half[1].from < bd->half[1].to &&
	              pthread_create(&bd->helper, NULL, read_titles, &bd->half[1]) == 0;
	return true;
}

/*
 * Room for every id and every name (titles, the items' aliases, the
 * configured ones) up front, so that the tables never grow while they
 * are filled.  False when out of memory.
 */
static bool
reserve_names(ovp_matcher *m, size_t nitems, size_t naliases)
{
	size_t nnames_max = naliases;

	for (size_t i = 0; i < nitems; i++)
		nnames_max += 1 + m->rm->items[i].naliases;
	return ovp_intern_reserve(&m->ids, nitems) >= 0 &&
	       ovp_intern_reserve(&m->exact, nnames_max) >= 0 &&
	       ovp_grow(&m->names, &m->namecap, nnames_max, sizeof *m->names);
}

/*
 * The items' ids, chained in item order so that a repeated id keeps
 * every item it names.  False when out of memory.
 */
static bool
index_ids(ovp_matcher *m, size_t nitems)
{
	uint32_t *id_last = malloc((nitems ? nitems : 1) * sizeof *id_last); /* per chain head */

	if (id_last == NULL)
		return false;
	for (size_t i = 0; i < nitems; i++) {
		const char *id = m->rm->items[i].id ? m->rm->items[i].id : "";
		size_t n = strlen(id);
		char small[64];
		char *key = n < sizeof small ? small : malloc(n + 1);
		size_t kl;
		ovp_intern_entry *e = NULL;

		if (key == NULL)
			goto fail;
		kl = id_key(id, n, key);
		m->id_next[i] = NIL;
		if (kl > 0)
			e = ovp_intern_get(&m->ids, &m->ar, key, kl);
		if (kl > m->id_max)
			m->id_max = kl;
		if (key != small)
			free(key);
		if (kl > 0 && e == NULL)
			goto fail;
		if (e != NULL && e->value == 0) {
			e->value = (uint32_t)i + 1;
			id_last[i] = (uint32_t)i;
		} else if (e != NULL) {
			m->id_next[id_last[e->value - 1]] = (uint32_t)i;
			id_last[e->value - 1] = (uint32_t)i;
		}
	}
	free(id_last);
	return true;
fail:
	free(id_last);
	return false;
}

/*
 * Read this thread's half of the titles and wait for the helper's.
 * False when a title could not be read (out of memory).
 */
static bool
titles_wait(build *bd)
{
	read_titles(&bd->half[0]);
	if (bd->helping)
		pthread_join(bd->helper, NULL);
	else
		read_titles(&bd->half[1]);
	bd->helping = false;
	return bd->half[0].ok && bd->half[1].ok;
}

/* The titles as names, before any alias, so that alias targets can name them. */
static bool
add_titles(ovp_matcher *m, char *const *norms, size_t nitems)
{
	for (size_t i = 0; i < nitems; i++) {
		uint32_t idx;

		if (!add_name(m, (uint32_t)i, norms[i], true, &idx))
			return false;
	}
	return true;
}

/*
 * The configured aliases, listed per item their targets name: every
 * target must name an item, or the configuration is wrong.  OVP_OK,
 * OVP_ENOMEM (err left to the caller) or OVP_ECONFIG with err set.
 */
static int
resolve_aliases(ovp_matcher *m, const ovp_alias *aliases, size_t naliases, size_t nitems,
                build *bd, ovp_error *err)
{
	for (size_t a = 0; a < naliases; a++) {
		const char *phrase = aliases[a].phrase ? aliases[a].phrase : "";
		const char *target = aliases[a].target ? aliases[a].target : "";
		long found = resolve_target(m, target, (uint32_t)a, &bd->conf);

		if (found < 0)
			return OVP_ENOMEM;
		if (found == 0)
			return ovp_error_set(err, OVP_ECONFIG, aliases[a].file, aliases[a].line,
			                     "alias \"%s\": no roadmap item has the id or title \"%s\"",
			                     phrase, target);
	}
	if (!build_lists(&bd->conf, nitems, &bd->conf_off, &bd->conf_val))
		return OVP_ENOMEM;
	return OVP_OK;
}

/*
 * Every name's words and record, item by item (its title, its own
 * aliases, the configured aliases that name it), so that the posting
 * lists come out in item order.  A title's normalised text is let go of
 * once it is indexed.  False when out of memory or when the records
 * pass what their 32-bit offsets can reach.
 */
static bool
index_names(ovp_matcher *m, const ovp_alias *aliases, size_t nitems, build *bd)
{
	size_t pos = 0;

	m->view_off = malloc((nitems + 1) * sizeof *m->view_off);
	if (m->view_off == NULL)
		return false;
	for (size_t i = 0; i < nitems; i++) {
		const ovp_item *it = &m->rm->items[i];
		size_t nconf = bd->conf_off[i + 1] - bd->conf_off[i];

		m->view_off[i] = (uint32_t)pos;
		if (bd->norms[i][0] != '\0' && !index_name(m, (uint32_t)i, &bd->reads[i], &pos, &bd->b))
			return false;
		free(bd->norms[i]);
		bd->norms[i] = NULL;
		for (size_t k = 0; k < it->naliases + nconf; k++) {
			const char *s;
			char *norm;
			name_read r;
			uint32_t idx;
			bool ok;

			if (k < it->naliases)
				s = it->aliases[k] ? it->aliases[k] : "";
			else
				s = aliases[bd->conf_val[bd->conf_off[i] + (k - it->naliases)]].phrase;
			if (s == NULL)
				s = "";
			norm = clean_normalize(s, strlen(s));
			if (norm == NULL)
				return false;
			ok = add_name(m, (uint32_t)i, norm, false, &idx) &&
			     (idx == NIL || (read_name(s, norm, &bd->half[0].ar, &r) &&
			                     index_name(m, (uint32_t)i, &r, &pos, &bd->b)));
			free(norm);
			if (!ok)
				return false;
		}
		if (pos > UINT32_MAX)
			return false;
	}
	m->view_off[nitems] = (uint32_t)pos;
	return true;
}

/*
 * A capital in a short name is a name's where the roadmap writes
 * sentences: once every name is in, the words read unsure are names'
 * words if no fewer names are written as sentences than in title case.
 */
static void
settle_named(ovp_matcher *m)
{
	if (m->nsentence >= m->ntitled)
		for (size_t v = 0; v < m->nvw; v++)
			m->vw[v].named |= m->vw[v].unsure;
}

/*
 * The ways from a promise's words to the items, built from the pairs of
 * index_names(): posting and acronym lists, typo buckets, rarity, the
 * other forms of each word, and a slot per word for the search's near
 * words.  False when out of memory.
 */
static bool
build_search(ovp_matcher *m, builder *b, size_t nitems)
{
	if (!build_lists(&b->post, m->nvw, &m->post_off, &m->post) ||
	    !ovp_lists_order(m->post_off, m->post, m->nvw) ||
	    !build_lists(&b->acro, m->acros.n, &m->acro_off, &m->acro_post) ||
	    !ovp_lists_order(m->acro_off, m->acro_post, m->acros.n) || !build_buckets(m) ||
	    !build_idf(m, nitems) || !build_forms(m))
		return false;
	m->near_slot = calloc(m->nvw ? m->nvw : 1, sizeof *m->near_slot);
	return m->near_slot != NULL;
}

/* Let go of what only the build kept, the helper joined first if it still reads. */
static void
build_free(build *bd, size_t nitems)
{
	if (bd->helping)
		pthread_join(bd->helper, NULL);
	for (size_t i = 0; bd->norms != NULL && i < nitems; i++)
		free(bd->norms[i]);
	free(bd->norms);
	free(bd->reads);
	for (int h = 0; h < 2; h++)
		ovp_arena_free(&bd->half[h].ar);
	free(bd->b.post.p);
	free(bd->b.acro.p);
	free(bd->b.num);
	free(bd->conf.p);
	free(bd->conf_off);
	free(bd->conf_val);
}

int
ovp_matcher_new(ovp_matcher **out, const ovp_roadmap *rm, const ovp_alias *aliases,
                size_t naliases, double min_similarity, double unconfirmed_similarity,
                ovp_error *err)
{
	return ovp_matcher_new_on(out, rm, aliases, naliases, min_similarity, unconfirmed_similarity,
	                          1, err);
}

int
ovp_matcher_new_on(ovp_matcher **out, const ovp_roadmap *rm, const ovp_alias *aliases,
                   size_t naliases, double min_similarity, double unconfirmed_similarity,
                   unsigned threads, ovp_error *err)
{
	static const ovp_arena no_arena = OVP_ARENA_INIT;
	ovp_matcher *m;
	build bd = {0};
	size_t nitems = rm != NULL ? rm->nitems : 0;
	int rc = OVP_ENOMEM;

	*out = NULL;
	if (!(min_similarity > 0 && min_similarity <= 1))
		return ovp_error_set(err, OVP_EUSAGE, NULL, 0,
		                     "min_similarity must be in (0, 1], not %g", min_similarity);
	if (!(unconfirmed_similarity > 0 && unconfirmed_similarity <= 1))
		return ovp_error_set(err, OVP_EUSAGE, NULL, 0,
		                     "unconfirmed_similarity must be in (0, 1], not %g",
		                     unconfirmed_similarity);
	if (unconfirmed_similarity > min_similarity)
		unconfirmed_similarity = min_similarity;
	if (nitems >= UINT32_MAX / 4 || naliases >= UINT32_MAX / 4)
		return ovp_error_set(err, OVP_ELIMIT, NULL, 0,
		                     "too many roadmap items or aliases to match against");
	m = calloc(1, sizeof *m);
	if (m == NULL)
		return ovp_error_set(err, OVP_ENOMEM, NULL, 0, "out of memory");
	for (int h = 0; h < 2; h++)
		bd.half[h] = (title_reader){rm, 0, 0, NULL, NULL, no_arena, true};

	if (!matcher_init(m, rm, min_similarity, unconfirmed_similarity) ||
	    !titles_start(&bd, rm, threads) || !reserve_names(m, nitems, naliases) ||
	    !index_ids(m, nitems) || !titles_wait(&bd) || !add_titles(m, bd.norms, nitems))
		goto fail;
	rc = resolve_aliases(m, aliases, naliases, nitems, &bd, err);
	if (rc != OVP_OK)
		goto fail;
	rc = OVP_ENOMEM;
	if (!index_names(m, aliases, nitems, &bd))
		goto fail;
	settle_named(m);
	if (!build_search(m, &bd.b, nitems))
		goto fail;
	rc = OVP_OK;
fail:
	build_free(&bd, nitems);
	if (rc == OVP_OK) {
		*out = m;
		return OVP_OK;
	}
	ovp_matcher_free(m);
	if (rc == OVP_ENOMEM)
		ovp_error_set(err, OVP_ENOMEM, NULL, 0, "out of memory");
	return rc;
}

int
ovp_matcher_fork(ovp_matcher **out, ovp_matcher *m, size_t cache_entries, ovp_error *err)
{
	static const ovp_intern unbounded = OVP_INTERN_INIT_UNBOUNDED;
	static const ovp_arena no_arena = OVP_ARENA_INIT;
	size_t nitems = m->rm != NULL ? m->rm->nitems : 0;
	ovp_matcher *f;

	*out = NULL;
	f = malloc(sizeof *f);
	if (f == NULL)
		return ovp_error_set(err, OVP_ENOMEM, NULL, 0, "out of memory");
	/* The index, as ovp_matcher_new() left it: shared. */
	*f = *m;
	f->borrowed = true;
	/* The state of the texts: the fork's own, as ovp_matcher_new() starts it. */
	memset(&f->st, 0, sizeof f->st);
	f->near_slot = NULL;
	f->near = f->near_max = NULL;
	f->near_vid = NULL;
	f->near_rows = f->near_cap = f->near_rows_cap = f->near_vid_cap = 0;
	f->qar = no_arena;
	f->qwords = unbounded;
	f->qi = NULL;
	f->nqi = f->qicap = 0;
	f->nbpool = NULL;
	f->nnbpool = f->nbpoolcap = 0;
	f->splitpool = NULL;
	f->nsplitpool = f->splitpoolcap = 0;
	cache_init(&f->cache);
	f->cache.recent = true;
	memset(&f->cur, 0, sizeof f->cur);
	f->cur_norm = NULL;
	f->acc = calloc(nitems ? nitems : 1, sizeof *f->acc);
	f->touched = malloc(2 * (nitems + 1) * sizeof *f->touched);
	f->reached = f->touched != NULL ? f->touched + nitems + 1 : NULL;
	f->near_slot = calloc(m->nvw ? m->nvw : 1, sizeof *f->near_slot);
	if (f->acc == NULL || f->touched == NULL || f->near_slot == NULL || !stemmers_new(&f->st)) {
		ovp_matcher_free(f);
		return ovp_error_set(err, OVP_ENOMEM, NULL, 0, "out of memory");
	}
	if (cache_entries > m->cache.limit / 2)
		cache_entries = m->cache.limit / 2;
	/* Both limits are below the largest allowed: neither can fail. */
	cache_set_limit(&f->cache, cache_entries);
	cache_set_limit(&m->cache, m->cache.limit - cache_entries);
	*out = f;
	return OVP_OK;
}

void
ovp_matcher_join(ovp_matcher *m, ovp_matcher *f)
{
	if (f == NULL)
		return;
	/* The two limits were one: their sum is allowed, and cannot fail. */
	cache_set_limit(&m->cache, m->cache.limit + f->cache.limit);
	ovp_matcher_free(f);
}

/* Free what the state of m's texts holds. */
static void
free_texts(ovp_matcher *m)
{
	stemmers_free(&m->st);
	ovp_intern_free(&m->qwords);
	free(m->qi);
	free(m->nbpool);
	free(m->splitpool);
	cache_free(&m->cache);
	free(m->cur_norm);
	ovp_arena_free(&m->qar);
	free(m->near_slot);
	free(m->near);
	free(m->near_max);
	free(m->near_vid);
	free(m->acc);
	free(m->touched);
}

void
ovp_matcher_free(ovp_matcher *m)
{
	if (m == NULL)
		return;
	free_texts(m);
	if (m->borrowed) {
		free(m);
		return;
	}
	ovp_intern_free(&m->ids);
	free(m->id_next);
	ovp_intern_free(&m->vocab);
	free(m->vw);
	free(m->post_off);
	free(m->post);
	free(m->idf);
	free(m->bucket_off);
	free(m->bucket);
	free(m->sorted);
	ovp_intern_free(&m->tails);
	free(m->tail_next);
	ovp_intern_free(&m->stems);
	for (int l = 0; l < NLANG; l++)
		free(m->stem_next[l]);
	ovp_intern_free(&m->acros);
	free(m->acro_off);
	free(m->acro_post);
	ovp_intern_free(&m->exact);
	free(m->names);
	free(m->view);
	free(m->view_off);
	ovp_arena_free(&m->ar);
	free(m);
}
