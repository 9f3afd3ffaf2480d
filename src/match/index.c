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
	static const ovp_intern unbounded = OVP_INTERN_INIT_UNBOUNDED;
	static const ovp_arena no_arena = OVP_ARENA_INIT;
	ovp_matcher *m;
	builder b = {0};
	pairs conf = {0};
	uint32_t *conf_off = NULL, *conf_val = NULL;
	char **norms = NULL; /* per item: its normalised title */
	name_read *reads = NULL; /* per item: its title read */
	title_reader half[2];
	pthread_t helper;
	bool helping = false;
	uint32_t *id_last = NULL;
	size_t pos = 0;
	size_t nnames_max = naliases;
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
	m->ids = m->vocab = m->tails = m->stems = m->acros = m->exact = m->qwords = unbounded;
	m->rm = rm;
	m->min_similarity = min_similarity;
	m->unconfirmed = unconfirmed_similarity;
	cache_init(&m->cache);
	for (int h = 0; h < 2; h++)
		half[h] = (title_reader){rm, 0, 0, NULL, NULL, no_arena, true};
	if (!stemmers_new(&m->st))
		goto fail;
	m->id_next = malloc((nitems ? nitems : 1) * sizeof *m->id_next);
	m->acc = calloc(nitems ? nitems : 1, sizeof *m->acc);
	/* touched, then reached: each has room for one item more than the roadmap. */
	m->touched = malloc(2 * (nitems + 1) * sizeof *m->touched);
	m->reached = m->touched != NULL ? m->touched + nitems + 1 : NULL;
	norms = calloc(nitems ? nitems : 1, sizeof *norms);
	reads = calloc(nitems ? nitems : 1, sizeof *reads);
	id_last = malloc((nitems ? nitems : 1) * sizeof *id_last);
	if (m->id_next == NULL || m->acc == NULL || m->touched == NULL || norms == NULL ||
	    reads == NULL || id_last == NULL)
		goto fail;

	/*
	 * The titles are read, the longest part of the work, while the ids are
	 * indexed; with two threads, the second reads the later half of them.
	 */
	half[0].to = threads >= 2 && nitems >= TITLES_SHARED ? nitems / 2 : nitems;
	half[1].from = half[0].to;
	half[1].to = nitems;
	for (int h = 0; h < 2; h++) {
		half[h].norms = norms;
		half[h].reads = reads;
	}
	helping = half[1].from < half[1].to &&
	          pthread_create(&helper, NULL, read_titles, &half[1]) == 0;

	for (size_t i = 0; i < nitems; i++)
		nnames_max += 1 + rm->items[i].naliases;
	if (ovp_intern_reserve(&m->ids, nitems) < 0 ||
	    ovp_intern_reserve(&m->exact, nnames_max) < 0 ||
	    !ovp_grow(&m->names, &m->namecap, nnames_max, sizeof *m->names))
		goto fail;

	/* Ids, chained so that a repeated id keeps every item. */
	for (size_t i = 0; i < nitems; i++) {
		const char *id = rm->items[i].id ? rm->items[i].id : "";
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

	read_titles(&half[0]);
	if (helping)
		pthread_join(helper, NULL);
	else
		read_titles(&half[1]);
	helping = false;
	if (!half[0].ok || !half[1].ok)
		goto fail;

	/* Titles first, so that alias targets can name them. */
	for (size_t i = 0; i < nitems; i++) {
		uint32_t idx;

		if (!add_name(m, (uint32_t)i, norms[i], true, &idx))
			goto fail;
	}

	/* Configured aliases: every target must name an item. */
	for (size_t a = 0; a < naliases; a++) {
		const char *phrase = aliases[a].phrase ? aliases[a].phrase : "";
		const char *target = aliases[a].target ? aliases[a].target : "";
		long found = resolve_target(m, target, (uint32_t)a, &conf);

		if (found < 0)
			goto fail;
		if (found == 0) {
			rc = ovp_error_set(err, OVP_ECONFIG, aliases[a].file, aliases[a].line,
			                   "alias \"%s\": no roadmap item has the id or title \"%s\"",
			                   phrase, target);
			goto fail;
		}
	}
	if (!build_lists(&conf, nitems, &conf_off, &conf_val))
		goto fail;

	/* Every name's words and record, item by item, so that posting lists come out in item order. */
	m->view_off = malloc((nitems + 1) * sizeof *m->view_off);
	if (m->view_off == NULL)
		goto fail;
	for (size_t i = 0; i < nitems; i++) {
		const ovp_item *it = &rm->items[i];

		m->view_off[i] = (uint32_t)pos;
		if (norms[i][0] != '\0' && !index_name(m, (uint32_t)i, &reads[i], &pos, &b))
			goto fail;
		free(norms[i]);
		norms[i] = NULL;
		for (size_t k = 0; k < it->naliases + (conf_off[i + 1] - conf_off[i]); k++) {
			const char *s;
			char *norm;
			name_read r;
			uint32_t idx;
			bool ok;

			if (k < it->naliases)
				s = it->aliases[k] ? it->aliases[k] : "";
			else
				s = aliases[conf_val[conf_off[i] + (k - it->naliases)]].phrase;
			if (s == NULL)
				s = "";
			norm = clean_normalize(s, strlen(s));
			if (norm == NULL)
				goto fail;
			ok = add_name(m, (uint32_t)i, norm, false, &idx) &&
			     (idx == NIL || (read_name(s, norm, &half[0].ar, &r) &&
			                     index_name(m, (uint32_t)i, &r, &pos, &b)));
			free(norm);
			if (!ok)
				goto fail;
		}
		if (pos > UINT32_MAX)
			goto fail;
	}
	m->view_off[nitems] = (uint32_t)pos;
	/* A capital in a short name is a name's where the roadmap writes sentences. */
	if (m->nsentence >= m->ntitled)
		for (size_t v = 0; v < m->nvw; v++)
			m->vw[v].named |= m->vw[v].unsure;

	if (!build_lists(&b.post, m->nvw, &m->post_off, &m->post) ||
	    !ovp_lists_order(m->post_off, m->post, m->nvw) ||
	    !build_lists(&b.acro, m->acros.n, &m->acro_off, &m->acro_post) ||
	    !ovp_lists_order(m->acro_off, m->acro_post, m->acros.n) || !build_buckets(m) ||
	    !build_idf(m, nitems) || !build_forms(m))
		goto fail;
	m->near_slot = calloc(m->nvw ? m->nvw : 1, sizeof *m->near_slot);
	if (m->near_slot == NULL)
		goto fail;
	rc = OVP_OK;
fail:
	if (helping)
		pthread_join(helper, NULL);
	for (size_t i = 0; norms != NULL && i < nitems; i++)
		free(norms[i]);
	free(norms);
	free(reads);
	for (int h = 0; h < 2; h++)
		ovp_arena_free(&half[h].ar);
	free(id_last);
	free(b.post.p);
	free(b.acro.p);
	free(b.num);
	free(conf.p);
	free(conf_off);
	free(conf_val);
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
