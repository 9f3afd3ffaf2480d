/*
 * Matching a promised feature to a roadmap item (SPEC 3): the public
 * entry of the matcher.
 *
 * A promise is matched in this order; the first step that decides wins.
 *
 * 1. Key.  A roadmap id that appears in the text as a whole token,
 *    compared case-insensitively: "PRJ-123", "see prj-123 for details".
 *    A token is a run of ASCII letters, digits and "_", with "-" and "."
 *    allowed between two such characters, so "M-1" is not found in
 *    "M-10", "XM-1" or "M-1.5".  An id made only of digits (Azure DevOps
 *    "2101") counts only as the whole text or written "#2101" (also
 *    "AB#2101"); an id without any digit, or with other characters,
 *    counts only as the whole text.  Two or more different keys in one
 *    text make it ambiguous between their items.  Similarity 1.0.
 *
 * 2. Exact.  The text equals the title of an item (kind "exact") or one
 *    of its aliases, from the roadmap's aliases column or the
 *    configuration's [aliases] (kind "alias"), once both are cleaned of
 *    list markers and bracketed tags and normalised (see score.c).  When
 *    the text equals the title or an alias of two or more items it is
 *    ambiguous.  Similarity 1.0.
 *
 * 3. Approximate.  The text is scored against every title and alias of
 *    the candidate items (search.c), as score.c documents; an item's
 *    score is that of its best name.  An item is a full match when every
 *    content word of the text and of the name found a counterpart.  The
 *    text is ambiguous when
 *      - the best item scores at least min_similarity (0.80 by default)
 *        and so does another one within 0.05 of it; or
 *      - every content word of the text has a counterpart in two or more
 *        items and no item is a full match: "Webhooks" against "Webhooks
 *        for billing events" and "Webhooks for user events"; or
 *      - an acronym of the text is the initials of words of two items
 *        that both have every content word of the text ("DLP").
 *    Otherwise the best item wins (kind "approximate") when it scores at
 *    least min_similarity and every content word of the text is a word
 *    of the roadmap in some form: a promise with a word that no title or
 *    alias has is no match, however common the rest ("Quantum-safe
 *    encryption" is not "Customer-managed encryption keys"); or when it
 *    is the only item with every content word of the text and scores at
 *    least unconfirmed_similarity (0.60), unless the text is one ordinary
 *    word (a coverage match).  When the best item scores at least
 *    unconfirmed_similarity but is no match, the text is unconfirmed:
 *    the item is named as a suggestion, not taken.  Below that there is
 *    no match.  The best items are reported either way.
 *
 * Results are reused through a bounded cache (cache.c).  Limits: the
 * first MAX_WORDS words of a text or name count; typos are looked for in
 * words of up to MAX_WORD_CP letters.
 */
#include <stdlib.h>
#include <string.h>

#include <overpromise/match.h>

#include "../text.h"
#include "../util/str.h"
#include "fork.h"
#include "match_impl.h"

/* Bytes of a text looked at for the words written in capitals. */
#define MAX_CAPS_TEXT 4096

const char *
ovp_match_kind_name(ovp_match_kind k)
{
	switch (k) {
	case OVP_MATCH_KEY: return "key";
	case OVP_MATCH_EXACT: return "exact";
	case OVP_MATCH_ALIAS: return "alias";
	case OVP_MATCH_FUZZY: return "approximate";
	case OVP_MATCH_AMBIGUOUS: return "ambiguous";
	case OVP_MATCH_UNCONFIRMED: return "unconfirmed";
	case OVP_MATCH_NONE:
	default: return "none";
	}
}

/* Add item to the result's candidates (when there is room and it is new). */
static void
add_candidate(ovp_match *r, const ovp_item *item, double score)
{
	for (size_t i = 0; i < r->ncandidates; i++)
		if (r->candidates[i].item == item)
			return;
	if (r->ncandidates < OVP_MATCH_MAX_CANDIDATES) {
		r->candidates[r->ncandidates].item = item;
		r->candidates[r->ncandidates].score = score;
		r->ncandidates++;
	}
}

static bool
is_key_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '_';
}

static ovp_intern_entry *
id_find(const ovp_matcher *m, const char *s, size_t n, char *buf)
{
	return ovp_intern_find(&m->ids, buf, id_key(s, n, buf));
}

/* Step 1: roadmap keys in the text.  True when the text was decided, with r filled. */
static bool
match_key(ovp_matcher *m, const char *text, size_t len, ovp_match *r)
{
	char buf[128];
	ovp_intern_entry *e;
	uint32_t found[OVP_MATCH_MAX_CANDIDATES];
	size_t nfound = 0;

	if (m->ids.n == 0)
		return false;
	/* The whole text, "#" before digits allowed. */
	{
		const char *s = text;
		size_t l = len;

		while (l > 0 && (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')) {
			s++;
			l--;
		}
		while (l > 0 && (s[l - 1] == ' ' || s[l - 1] == '\t' || s[l - 1] == '\r' ||
		                 s[l - 1] == '\n'))
			l--;
		if (l > 1 && s[0] == '#' && all_digits(s + 1, l - 1)) {
			s++;
			l--;
		}
		/* A key is its id trimmed and lower-cased: as long as the text. */
		if (l > 0 && l <= m->id_max && l < sizeof buf &&
		    (e = id_find(m, s, l, buf)) != NULL) {
			r->kind = OVP_MATCH_KEY;
			for (uint32_t it = e->value - 1; it != NIL; it = m->id_next[it])
				add_candidate(r, &m->rm->items[it], 1.0);
			if (r->ncandidates > 1)
				r->kind = OVP_MATCH_AMBIGUOUS;
			else
				r->item = r->candidates[0].item;
			r->similarity = 1.0;
			return true;
		}
	}
	/* Tokens inside the text, looked up only when they have a digit: most texts have none. */
	if (!has_digit(text, len))
		return false;
	for (size_t i = 0; i < len;) {
		size_t start = i, l;
		bool hash;

		if (!is_key_char(text[i])) {
			i++;
			continue;
		}
		while (i < len && (is_key_char(text[i]) ||
		                   ((text[i] == '-' || text[i] == '.') && i + 1 < len &&
		                    is_key_char(text[i + 1]) && is_key_char(text[i - 1]))))
			i++;
		l = i - start;
		hash = start > 0 && text[start - 1] == '#';
		if (l > m->id_max || l >= sizeof buf || !has_digit(text + start, l) ||
		    (all_digits(text + start, l) && !hash))
			continue;
		e = id_find(m, text + start, l, buf);
		if (e == NULL)
			continue;
		for (uint32_t it = e->value - 1; it != NIL; it = m->id_next[it]) {
			bool seen = false;

			for (size_t k = 0; k < nfound; k++)
				seen |= found[k] == it;
			if (!seen && nfound < OVP_MATCH_MAX_CANDIDATES)
				found[nfound++] = it;
		}
	}
	if (nfound == 0)
		return false;
	for (size_t k = 0; k < nfound; k++)
		add_candidate(r, &m->rm->items[found[k]], 1.0);
	r->similarity = 1.0;
	if (nfound == 1) {
		r->kind = OVP_MATCH_KEY;
		r->item = r->candidates[0].item;
	} else {
		r->kind = OVP_MATCH_AMBIGUOUS;
	}
	return true;
}

/* Step 2: the cleaned, normalised text equals a title or alias. */
static bool
match_exact(ovp_matcher *m, const char *norm, ovp_match *r)
{
	ovp_intern_entry *e = ovp_intern_find(&m->exact, norm, strlen(norm));
	uint32_t first = NIL;
	bool title = false, several = false;

	if (e == NULL)
		return false;
	for (uint32_t k = e->value - 1; k != NIL; k = m->names[k].next_exact) {
		const name *nm = &m->names[k];

		if (first == NIL)
			first = nm->item;
		if (nm->item != first)
			several = true;
		if (nm->item == first && nm->title)
			title = true;
		add_candidate(r, &m->rm->items[nm->item], 1.0);
	}
	r->similarity = 1.0;
	if (several) {
		r->kind = OVP_MATCH_AMBIGUOUS;
	} else {
		r->kind = title ? OVP_MATCH_EXACT : OVP_MATCH_ALIAS;
		r->item = &m->rm->items[first];
	}
	return true;
}

/* A scored item. */
typedef struct scored {
	uint32_t item;
	verdict v;
} scored;

/* The order of scored items: best score first, then item order. */
static bool
scored_before(const scored *x, const scored *y)
{
	if (x->v.score != y->v.score)
		return x->v.score > y->v.score;
	return x->item < y->item;
}

/* Scored items put in order at once, the first time kth_best() is asked. */
#define SORTED_HEAD (OVP_MATCH_MAX_CANDIDATES + 1)

/*
 * The k-th best of the n scored items sc[] (k < n), of which the first
 * *sorted are in order already.  The order is made only as far as it is
 * asked for: a decision reads the first few items, seldom all of them.
 */
static const scored *
order_to(scored *sc, size_t n, size_t *sorted, size_t k)
{
	if (*sorted == 0) {
		size_t head = n < SORTED_HEAD ? n : SORTED_HEAD;

		for (size_t i = 1; i < n; i++) {
			scored t = sc[i];
			size_t j = i < head ? i : head - 1;

			if (i >= head) {
				if (!scored_before(&t, &sc[head - 1]))
					continue;
				sc[i] = sc[head - 1];
			}
			for (; j > 0 && scored_before(&t, &sc[j - 1]); j--)
				sc[j] = sc[j - 1];
			sc[j] = t;
		}
		*sorted = head;
	}
	while (*sorted <= k) {
		size_t best = *sorted;
		scored t;

		for (size_t i = best + 1; i < n; i++)
			if (scored_before(&sc[i], &sc[best]))
				best = i;
		t = sc[*sorted];
		sc[*sorted] = sc[best];
		sc[best] = t;
		(*sorted)++;
	}
	return &sc[k];
}

/* order_to(), inline where the order is made that far already: mostly. */
static inline const scored *
kth_best(scored *sc, size_t n, size_t *sorted, size_t k)
{
	return k < *sorted ? &sc[k] : order_to(sc, n, sorted, k);
}

/*
 * The acronyms of adjacent words of the text (ACRONYM_MIN to
 * ACRONYM_MAX of them, none with a digit) that are words written in
 * capitals in some name, into runs (room for MAX_RUNS).  Returns the count.
 */
static size_t
find_runs(const ovp_matcher *m, const word *q, size_t nq, run_link *runs)
{
	size_t n = 0;

	for (size_t i = 0; i + ACRONYM_MIN <= nq; i++) {
		char a[ACRONYM_MAX];
		unsigned char c0 = (unsigned char)q[i].s[0], c1 = (unsigned char)q[i + 1].s[0];

		/* Most texts start no run with the letters of a word written in capitals. */
		if (c0 < 'a' || c0 > 'z' || c1 < 'a' || c1 > 'z' ||
		    !m->caps_pairs[(c0 - 'a') * 26 + (c1 - 'a')])
			continue;
		for (size_t k = 0; k < ACRONYM_MAX && i + k < nq && n < MAX_RUNS; k++) {
			unsigned char c = (unsigned char)q[i + k].s[0];
			ovp_intern_entry *e;

			if (q[i + k].digit || c < 'a' || c > 'z')
				break;
			a[k] = (char)c;
			if (k + 1 < ACRONYM_MIN)
				continue;
			e = ovp_intern_find(&m->vocab, a, k + 1);
			if (e != NULL && m->vw[e->value - 1].caps) {
				runs[n].vid = e->value - 1;
				runs[n].start = (uint8_t)i;
				runs[n].n = (uint8_t)(k + 1);
				n++;
			}
		}
	}
	return n;
}

/*
 * Whether some content word of the text has no form in the roadmap's
 * vocabulary at all: no neighbour, split, join, acronym or run.
 */
static bool
has_foreign_word(const ovp_matcher *m, const word *q, size_t nq, const uint32_t *qinfo_ids,
                 const uint32_t *acro_ids, uint32_t (*joins)[2], const run_link *runs,
                 size_t nruns)
{
	bool content = false, reached[MAX_WORDS];

	for (size_t i = 0; i < nq; i++) {
		const qinfo *info = &m->qi[qinfo_ids[i]];

		content |= !q[i].filler;
		reached[i] = info->nnb > 0 || info->nsplit > 0 || acro_ids[i] != NIL;
	}
	for (size_t r = 0; r < nruns; r++)
		for (size_t k = runs[r].start; k < (size_t)runs[r].start + runs[r].n && k < nq; k++)
			reached[k] = true;
	for (size_t i = 0; i < nq; i++)
		for (size_t len = 2; len <= 3 && i + len <= nq; len++)
			if (joins[i][len - 2] != NIL)
				for (size_t k = i; k < i + len; k++)
					reached[k] = true;
	for (size_t i = 0; i < nq; i++)
		if (!reached[i] && (!content || !q[i].filler))
			return true;
	return false;
}

/*
 * Step 3: the approximate match of the text (raw: as written, for its
 * capitals; norm: cleaned and normalised).  False when out of memory.
 */
static bool
match_fuzzy(ovp_matcher *m, const char *raw, size_t rawlen, const char *norm, ovp_match *r)
{
	size_t len = strlen(norm);
	char small[256], csmall[256];
	char *buf = len < sizeof small ? small : malloc(len + 1);
	char *caps = NULL;
	size_t ncaps = 0, capslen = rawlen < MAX_CAPS_TEXT ? rawlen : MAX_CAPS_TEXT;
	word q[MAX_WORDS];
	uint32_t qinfo_ids[MAX_WORDS], acro_ids[MAX_WORDS], joins[MAX_WORDS][2];
	const char *acro[MAX_WORDS];
	double acro_sim[MAX_WORDS];
	double weight[MAX_WORDS];
	bool distinct[MAX_WORDS];
	run_link runs[MAX_RUNS];
	uint32_t cand[MAX_SCORED];
	scored sc[MAX_SCORED];
	size_t nq, nruns, ncand, ncover = 0, ninitials = 0, sorted = 0;
	query qs;
	bool any_full = false, foreign, joined, ok = false;

	caps = capslen < sizeof csmall ? csmall : malloc(capslen + 1);
	if (buf == NULL || caps == NULL)
		goto done;
	if (!query_words(m, norm, buf, q, qinfo_ids, &nq))
		goto done;
	ncaps = caps_words(raw, capslen, caps);
	qs.content = false;
	qs.acro = NULL;
	for (size_t i = 0; i < nq; i++) {
		weight[i] = q[i].filler ? FILLER_WEIGHT
		            : q[i].digit ? DIGIT_WEIGHT
		                         : (double)m->qi[qinfo_ids[i]].weight;
		distinct[i] = m->qi[qinfo_ids[i]].distinct;
		acro[i] = NULL;
		acro_ids[i] = NIL;
		qs.content |= !q[i].filler;
		acro_sim[i] = 0;
		if (ncaps > 0 && !q[i].filler && q[i].len >= ACRONYM_MIN &&
		    q[i].len <= ACRONYM_MAX && in_caps(caps, ncaps, q[i].s, q[i].len)) {
			ovp_intern_entry *e = ovp_intern_find(&m->acros, q[i].s, q[i].len);

			if (e != NULL) {
				acro[i] = q[i].s;
				qs.acro = acro; /* NULL while no word is one */
				acro_ids[i] = e->value - 1;
				/* A word of the roadmap's own is first what it says there. */
				acro_sim[i] = ovp_intern_find(&m->vocab, q[i].s, q[i].len) != NULL
				                  ? KNOWN_ACRONYM_SIM
				                  : ACRONYM_SIM;
			}
		}
	}
	nruns = find_runs(m, q, nq, runs);
	joined = find_joins(m, q, nq, qinfo_ids, joins);
	foreign = has_foreign_word(m, q, nq, qinfo_ids, acro_ids, joins, runs, nruns);
	qs.w = q;
	qs.n = nq;
	qs.weight = weight;
	qs.acro_sim = acro_sim;
	qs.distinct = distinct;
	qs.runs = runs;
	qs.nruns = nruns;
	qs.lens = 0;
	for (size_t i = 0; i < nq; i++)
		if (m->qi[qinfo_ids[i]].joined)
			qs.lens |= word_lengths(&q[i], 1);
	/* Names' words are vocabulary words: none is a join of the text's words that is not one. */
	qs.joins = joined ? join_lengths(q, nq) : 0;
	query_prepare(&qs);

	ncand = find_candidates(m, q, nq, weight, qinfo_ids, acro_ids, joins, runs, nruns, cand);
	/*
	 * The candidates are scattered over the roadmap: ask for all their
	 * records first, so that the fetches from memory overlap instead of
	 * coming one after the other as each candidate is scored.
	 */
	for (size_t k = 0; k < ncand; k++)
		PREFETCH(&m->view_off[cand[k]]);
	for (size_t k = 0; k < ncand; k++) {
		size_t off = m->view_off[cand[k]], end = m->view_off[cand[k] + 1];

		/* An item's records are mostly a line or two; a few items have
		 * many aliases, and their first lines will do. */
		for (size_t line = 0; line < 4 && off + 64 * line < end; line++)
			PREFETCH(m->view + off + 64 * line);
	}
	if (ncand > 0 && !near_fill(m, nq, qinfo_ids))
		goto done;
	for (size_t k = 0; k < ncand; k++) {
		sc[k].item = cand[k];
		sc[k].v = score_item(m, cand[k], &qs);
		ncover += sc[k].v.covers;
		ninitials += sc[k].v.covers && sc[k].v.initials;
		any_full |= sc[k].v.full;
	}
	near_clear(m);
	r->scored = (unsigned long)ncand;
	ok = true;

	/* From here on the items are read best first, then in item order. */
	r->kind = OVP_MATCH_NONE;
	r->similarity = ncand > 0 ? kth_best(sc, ncand, &sorted, 0)->v.score : 0.0;
	/* Initials that spell words of two items say neither, however many words each has. */
	if (ninitials >= 2) {
		r->kind = OVP_MATCH_AMBIGUOUS;
		for (size_t k = 0; k < ncand && r->ncandidates < OVP_MATCH_MAX_CANDIDATES; k++) {
			const scored *x = kth_best(sc, ncand, &sorted, k);

			if (x->v.covers && x->v.initials)
				add_candidate(r, &m->rm->items[x->item], x->v.score);
		}
		goto done;
	}
	if (ncand > 0 && sc[0].v.score >= m->min_similarity - EPSILON) {
		size_t ntied = 1;

		while (ntied < ncand &&
		       kth_best(sc, ncand, &sorted, ntied)->v.score >= m->min_similarity - EPSILON &&
		       sc[0].v.score - sc[ntied].v.score <= TIE_MARGIN + EPSILON)
			ntied++;
		if (ntied >= 2) {
			r->kind = OVP_MATCH_AMBIGUOUS;
			for (size_t k = 0; k < ntied; k++)
				add_candidate(r, &m->rm->items[sc[k].item], sc[k].v.score);
			goto done;
		}
		if ((any_full || ncover < 2) && (!foreign || sc[0].v.covers)) {
			r->kind = OVP_MATCH_FUZZY;
			r->item = &m->rm->items[sc[0].item];
		}
	}
	/*
	 * A coverage match: the best item is the only one that has every
	 * content word of the text, however long its name, unless the text
	 * is one ordinary word.
	 */
	if (r->kind == OVP_MATCH_NONE && ncover == 1 && sc[0].v.covers && !sc[0].v.lone &&
	    sc[0].v.score >= m->unconfirmed - EPSILON) {
		r->kind = OVP_MATCH_FUZZY;
		r->item = &m->rm->items[sc[0].item];
	}
	if (r->kind == OVP_MATCH_NONE && ncover >= 2 && !any_full) {
		r->kind = OVP_MATCH_AMBIGUOUS;
		for (size_t k = 0; k < ncand && r->ncandidates < OVP_MATCH_MAX_CANDIDATES; k++)
			if (kth_best(sc, ncand, &sorted, k)->v.covers)
				add_candidate(r, &m->rm->items[sc[k].item], sc[k].v.score);
		goto done;
	}
	if (r->kind == OVP_MATCH_NONE && ncand > 0 && sc[0].v.score >= m->unconfirmed - EPSILON)
		r->kind = OVP_MATCH_UNCONFIRMED;
	for (size_t k = 0; k < ncand && r->ncandidates < OVP_MATCH_MAX_CANDIDATES; k++) {
		const scored *x = kth_best(sc, ncand, &sorted, k);

		add_candidate(r, &m->rm->items[x->item], x->v.score);
	}
done:
	if (buf != small)
		free(buf);
	if (caps != csmall)
		free(caps);
	return ok;
}

/* ---- The public entry ------------------------------------------------ */

/*
 * Forget what is known about the words of the texts matched so far once
 * MAX_QWORDS of them are known, so that typed texts, which keep bringing
 * new words, cost a bounded amount of memory.  Only before a text: its
 * words' records are used until it is decided.
 */
static void
forget_words(ovp_matcher *m)
{
	const ovp_intern unbounded = OVP_INTERN_INIT_UNBOUNDED;

	if (m->nqi < MAX_QWORDS)
		return;
	ovp_intern_free(&m->qwords);
	m->qwords = unbounded;
	ovp_arena_reset(&m->qar);
	m->nqi = m->nnbpool = m->nsplitpool = 0;
}

/*
 * Decide the text into r (zeroed); false when out of memory.  *feature
 * gets the text normalised as it is written (ovp_normalize()) when that
 * came for free, the text having no noise to clean, else NULL.
 */
static bool
decide(ovp_matcher *m, const char *text, size_t len, ovp_match *r, char **feature)
{
	char *norm;
	bool ok = true, as_written = false;

	*feature = NULL;
	if (match_key(m, text, len, r))
		return true;
	norm = clean_normalize_as(text, len, &as_written);
	if (norm == NULL)
		return false;
	if (*norm != '\0' && !match_exact(m, norm, r))
		ok = match_fuzzy(m, text, len, norm, r);
	if (ok && as_written)
		*feature = norm;
	else
		free(norm);
	return ok;
}

int
ovp_matcher_set_cache(ovp_matcher *m, size_t entries)
{
	if (m == NULL || cache_set_limit(&m->cache, entries) < 0)
		return OVP_EUSAGE;
	return 0;
}

/* NULL, with err saying that memory ran out. */
static const ovp_match *
no_memory(ovp_error *err)
{
	ovp_error_set(err, OVP_ENOMEM, NULL, 0, "out of memory");
	return NULL;
}

const ovp_match *
ovp_matcher_match(ovp_matcher *m, const char *text, size_t len, ovp_error *err)
{
	if (text == NULL) {
		text = "";
		len = 0;
	}
	return ovp_matcher_match_hashed(m, text, len, len <= UINT32_MAX ? ovp_hash_bytes(text, len) : 0,
	                                err);
}

/*
 * ovp_matcher_match_hashed() of text, looked for in the cache first
 * (look) or known not to be there; NULL with err set for no matcher or
 * too long a text.
 */
static const ovp_match *
match_text(ovp_matcher *m, const char *text, size_t len, uint64_t h, bool look, ovp_error *err)
{
	ovp_match *r;

	if (m == NULL) {
		ovp_error_set(err, OVP_EUSAGE, NULL, 0, "no matcher");
		return NULL;
	}
	if (text == NULL) {
		text = "";
		len = 0;
	}
	if (len > UINT32_MAX) {
		ovp_error_set(err, OVP_ELIMIT, NULL, 0, "a text of more than %lu bytes",
		              (unsigned long)UINT32_MAX);
		return NULL;
	}
	r = &m->cur;
	if (look && cache_find(&m->cache, m->rm, h, text, len, r, NULL))
		return r;
	free(m->cur_norm);
	m->cur_norm = NULL;
	memset(r, 0, sizeof *r);
	forget_words(m);
	if (!decide(m, text, len, r, &m->cur_norm))
		return no_memory(err);
	if (m->cur_norm == NULL)
		m->cur_norm = ovp_normalize(text, len);
	r->feature_norm = m->cur_norm;
	cache_offer(&m->cache, m->rm, h, text, len, r, m->cur_norm);
	return r;
}

const ovp_match *
ovp_matcher_match_hashed(ovp_matcher *m, const char *text, size_t len, uint64_t h,
                         ovp_error *err)
{
	return match_text(m, text, len, h, true, err);
}

const ovp_match *
ovp_matcher_match_missed(ovp_matcher *m, const char *text, size_t len, uint64_t h,
                         ovp_error *err)
{
	return match_text(m, text, len, h, false, err);
}

int
ovp_matcher_cached_to(ovp_matcher *m, const char *text, size_t len, uint64_t hash, ovp_match *out,
                      ovp_arena *ar)
{
	if (text == NULL) {
		text = "";
		len = 0;
	}
	if (len > UINT32_MAX || !cache_find(&m->cache, m->rm, hash, text, len, out, ar))
		return 0;
	return out->feature_norm != NULL ? 1 : OVP_ENOMEM;
}

void
ovp_matcher_prefetch(const ovp_matcher *m, uint64_t hash, bool blocks)
{
	cache_prefetch(&m->cache, hash, blocks);
}

void
ovp_matcher_learn(ovp_matcher *m, const char *text, size_t len, uint64_t h, const ovp_match *r)
{
	ovp_match kept;

	if (text == NULL) {
		text = "";
		len = 0;
	}
	if (len > UINT32_MAX || r->feature_norm == NULL)
		return;
	/* A text is kept once. */
	if (cache_find(&m->cache, m->rm, h, text, len, &kept, NULL))
		return;
	kept = *r;
	cache_offer(&m->cache, m->rm, h, text, len, &kept, r->feature_norm);
}

/*
 * The score of a against b: a matched against a roadmap of one item
 * whose title is b, so that every word of b is as rare as can be.
 */
double
ovp_similarity(const char *a, size_t alen, const char *b, size_t blen)
{
	char *na = clean_normalize(a, alen), *nb = clean_normalize(b, blen), *title = NULL;
	ovp_item it;
	ovp_roadmap rm;
	ovp_matcher *m = NULL;
	double score = 0;

	if (na == NULL || nb == NULL || *na == '\0' || *nb == '\0')
		goto done;
	if (strcmp(na, nb) == 0) {
		score = 1.0;
		goto done;
	}
	title = malloc(blen + 1);
	if (title == NULL)
		goto done;
	if (blen > 0)
		memcpy(title, b, blen);
	title[blen] = '\0';
	memset(&it, 0, sizeof it);
	it.id = "";
	it.title = title;
	memset(&rm, 0, sizeof rm);
	rm.items = &it;
	rm.nitems = 1;
	if (ovp_matcher_new(&m, &rm, NULL, 0, 1.0, 1e-9, NULL) == 0) {
		ovp_match r;

		memset(&r, 0, sizeof r);
		if (match_fuzzy(m, a, alen, na, &r) && r.ncandidates > 0)
			score = r.candidates[0].score;
	}
done:
	ovp_matcher_free(m);
	free(title);
	free(na);
	free(nb);
	return score;
}
