/*
 * Matching a promised feature to a roadmap item (SPEC 3).
 *
 * The matcher is built once over the roadmap: it normalises every title
 * and alias, splits them into words and indexes the words, so that a
 * promise is compared only with the few items that share a word with
 * it.  Each distinct promise text is matched once; the result is kept
 * for the next time the same text comes along.  The text below is the
 * documentation of the score (the README copies it).
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
 * 2. Exact.  The normalised text equals the normalised title of an item
 *    (kind "exact") or one of its aliases, from the roadmap's aliases
 *    column or the configuration's [aliases] (kind "alias").  Normalised
 *    means Unicode NFKC, case folded, accents stripped, every run of
 *    punctuation, symbols and spaces made one space ("Single Sign-On",
 *    "single sign on" and "SINGLE-SIGN-ON" are one).  When the text equals
 *    the title or an alias of two or more items it is ambiguous.
 *    Similarity 1.0.
 *
 * 3. Approximate.  The text is scored against every title and alias of
 *    the candidate items (see Candidates); an item's score is that of its
 *    best name.
 *
 *    Words.  Both texts are split into words, and each word is folded
 *    for light plurals: "exports" -> "export", "policies" -> "policy",
 *    "boxes" -> "box", "tableaux" -> "tableau"; words ending in "ss" or
 *    "us", words shorter than four letters and words with digits are
 *    kept, so "access", "status" and "SSO" stay as they are.  Each word
 *    has a weight: 0.1 for a filler word, 2.0 for a word with a digit (a
 *    version or model number such as "v2" or "365" tells near-duplicate
 *    items apart), 1.0 otherwise.  Filler words are function words of
 *    English, Swedish, German and French and the generic words of
 *    feature requests: "a", "the", "for", "in", "of", "on", "to", "with",
 *    "and", "via", "new", "support", "integration", "feature", "ability",
 *    "option", "för", "till", "med", "och", "für", "mit", "und", "der",
 *    "die", "das", "pour", "avec", "et", "de", "la", "le", "des", and a
 *    few more (FILLER below).
 *
 *    Two words are the same word (similarity 1) when they are equal
 *    after folding, or when one word equals two or three adjacent words
 *    of the other text written together ("allowlisting" and "allow
 *    listing"; "Zweifaktorauthentifizierung" and "Zwei-Faktor-
 *    Authentifizierung").  They are the same word with a typo when both
 *    start with the same letter, neither has a digit, the shorter has at
 *    least 4 letters, and their edit distance d (insertions, deletions,
 *    substitutions, swaps of two adjacent letters) is 1, or 2 when the
 *    shorter has at least 8 letters; their similarity is then
 *    1 - 1.2 d / n, with n the letters of the shorter word.  A typo in a
 *    short word counts for less: one typo gives 0.70 for 4 letters, 0.80
 *    for 6, 0.85 for 8.  Anything else is similarity 0 ("import" and
 *    "export", "v2" and "v3" are different words).
 *
 *    Each word of one text takes the similarity of its best counterpart
 *    in the other text.  The coverage of a text is the weighted share of
 *    its words that found a counterpart, sum(weight x similarity) /
 *    sum(weight), and the word score is the mean of the two coverages,
 *    so that words missing on either side cost:
 *        word = (coverage of promise + coverage of title) / 2.
 *
 *    Characters.  The non-filler words of each text (all of them when
 *    every word is filler), folded and written together without spaces,
 *    give a set of character trigrams; their Dice coefficient
 *    2 |A and B| / (|A| + |B|) is the character score (when either text
 *    has fewer than three such characters there is none).  It can only
 *    lift the word score, a fifth of the way towards itself, which
 *    credits spellings the word rules miss ("reporting" and "reports"):
 *        score = word + 0.2 x max(0, characters - word).
 *    The score is in [0, 1]; it is 1 for texts that normalise alike or
 *    differ only in plurals, in words written together or apart, or in
 *    word order.  ovp_similarity() returns this score.
 *
 *    An item is a full match when every non-filler word of the text and
 *    every non-filler word of its name found a counterpart.  The text is
 *    ambiguous when
 *      - the best item scores at least min_similarity (0.80 by default)
 *        and so does another one within 0.05 of it; or
 *      - every non-filler word of the text has a counterpart in two or
 *        more items and no item is a full match: "Webhooks" against
 *        "Webhooks for billing events" and "Webhooks for user events",
 *        whatever the scores.
 *    Otherwise the best item wins when it scores at least min_similarity
 *    (kind "approximate"), and there is no match when it does not (a
 *    generic word that occurs in a single longer title, "Search" against
 *    "Advanced search filters", scores 0.67 and stays unmatched).  The
 *    best score seen is reported either way, with the best few items.
 *
 * Candidates.  Items are found through an inverted index from every
 * folded word of every title and alias to the items that contain it,
 * never by scoring every item.  Each non-filler word of the text looks
 * up itself, its typo neighbours in the roadmap's vocabulary (found
 * among the vocabulary words with the same first byte and a length
 * within 2, once per distinct word), the two or three roadmap words it
 * splits into, and the roadmap words that two or three adjacent words of
 * the text join into; each adds its weight times its similarity to the
 * items on its list.  An item can only reach min_similarity with a
 * shared weight of at least (2.5 min_similarity - 1.5) times the text's
 * weight, less its filler words' weight (but never more than half the
 * weight looked up): lists are walked rarest first, and once the lists
 * left cannot give a new item that much, or WALK_BUDGET postings have
 * been walked, the remaining lists only add to the items already found
 * (within UPDATE_BUDGET steps, commonest words last).
 * The MAX_SCORED items with the most shared weight that can still reach
 * the threshold are scored (or, when none can, the best five, to explain
 * why there is no match): no text is compared with more than MAX_SCORED
 * items (ovp_match.scored).
 *
 * Limits: the first MAX_WORDS words of a text or name count; typos are
 * looked for in words of up to MAX_WORD_CP letters, and the most similar
 * MAX_NEIGHBOURS vocabulary words are kept; a typo inside a plural
 * ending can defeat plural folding ("summareis"); a matcher remembers at
 * most MAX_TEXTS distinct texts, and returns NULL after that.
 */
#include <math.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include <overpromise/match.h>
#include <overpromise/text.h>

#include "lists.h"
#include "util.h"

/* Most items scored for one text; ovp_match.scored never exceeds it. */
#define MAX_SCORED 50
/* Most posting-list entries walked to find the candidates of one text. */
#define WALK_BUDGET 20000
/* Most steps spent adding common words' weight to the candidates found. */
#define UPDATE_BUDGET (8 * WALK_BUDGET)
/* Words of a text or title taken into account; the rest is ignored. */
#define MAX_WORDS 32
/* Bytes of joined words that give character trigrams. */
#define MAX_TRIGRAM_TEXT 256
/* Longest word, in code points, that is compared for typos. */
#define MAX_WORD_CP 48
/* Typo neighbours kept for one word of a text (the most similar). */
#define MAX_NEIGHBOURS 32
/* Ways of splitting one word into two roadmap words that are tried. */
#define MAX_SPLITS 4
/* Longest word, in bytes, that is tried as two or three words joined: the
 * search takes time cubic in the length (a 1 MiB word once took hours). */
#define MAX_SPLIT_BYTES 192
/* Distinct texts remembered; a matcher asked about more returns NULL. */
#define MAX_TEXTS (1ul << 24)

#define FILLER_WEIGHT 0.1
#define DIGIT_WEIGHT 2.0
#define CHAR_SHARE 0.2
#define TIE_MARGIN 0.05
#define EPSILON 1e-9

#define NIL UINT32_MAX

/*
 * Unroll the next loop four times where the compiler knows how: the
 * posting-list walks do a handful of instructions per item, and the loop
 * counting was a quarter of them.
 */
#if defined(__clang__) || (defined(__GNUC__) && __GNUC__ >= 8)
#define UNROLL4 _Pragma("GCC unroll 4")
#else
#define UNROLL4
#endif

/* Ask for the cache line at p ahead of its use, where the compiler knows how. */
#if defined(__GNUC__) || defined(__clang__)
#define PREFETCH(p) __builtin_prefetch(p)
#else
#define PREFETCH(p) ((void)(p))
#endif

/* ---- Small allocation helpers ----------------------------------------- */

/*
 * An arena for the strings and results that live as long as the
 * matcher: one free at the end instead of one per text.
 */
typedef struct chunk {
	struct chunk *next;
	size_t used, cap;
	max_align_t data[];
} chunk;

typedef struct arena {
	chunk *head;
} arena;

/*
 * n bytes at an address that is a multiple of align (a power of two, at
 * least sizeof(max_align_t)), or NULL when out of memory.  Only the gap
 * before the block is lost.
 */
static void *
arena_alloc_aligned(arena *a, size_t n, size_t align)
{
	chunk *c = a->head;
	size_t pad = 0;

	if (n > SIZE_MAX / 2 - align)
		return NULL;
	n = (n + sizeof(max_align_t) - 1) / sizeof(max_align_t) * sizeof(max_align_t);
	if (c != NULL)
		pad = (align - (uintptr_t)((char *)c->data + c->used) % align) % align;
	if (c == NULL || c->cap - c->used < pad || c->cap - c->used - pad < n) {
		size_t cap = n + align > 65536 ? n + align : 65536;

		if (cap > SIZE_MAX - sizeof *c)
			return NULL;
		c = malloc(sizeof *c + cap);
		if (c == NULL)
			return NULL;
		c->next = a->head;
		c->used = 0;
		c->cap = cap;
		a->head = c;
		pad = (align - (uintptr_t)(char *)c->data % align) % align;
	}
	c->used += pad + n;
	return (char *)c->data + c->used - n;
}

/* n bytes aligned for any type, or NULL when out of memory. */
static void *
arena_alloc(arena *a, size_t n)
{
	return arena_alloc_aligned(a, n, sizeof(max_align_t));
}

static char *
arena_strdup(arena *a, const char *s, size_t n)
{
	char *p = arena_alloc(a, n + 1);

	if (p != NULL) {
		memcpy(p, s, n);
		p[n] = '\0';
	}
	return p;
}

static void
arena_free(arena *a)
{
	while (a->head != NULL) {
		chunk *next = a->head->next;
		free(a->head);
		a->head = next;
	}
}

/*
 * Make the array whose pointer is at pv (elements of sz bytes, *cap of
 * them) hold at least n, doubling.  False when out of memory, with the
 * array untouched.  The pointer is copied in and out with memcpy so
 * that any object pointer type can be passed.
 */
static bool
grow(void *pv, size_t *cap, size_t n, size_t sz)
{
	size_t c = *cap ? *cap : 16;
	void *p;

	if (n <= *cap)
		return true;
	while (c < n) {
		if (c > SIZE_MAX / 2 / sz)
			return false;
		c *= 2;
	}
	memcpy(&p, pv, sizeof p);
	p = realloc(p, c * sz);
	if (p == NULL)
		return false;
	memcpy(pv, &p, sizeof p);
	*cap = c;
	return true;
}

/* ---- A hash table from byte strings to 32-bit values ------------------ */

typedef struct strent {
	const char *s;
	uint32_t len;
	uint32_t hash;
	uint32_t val;
} strent;

/*
 * A slot keeps the entry's hash beside its index, so that a probe that
 * meets another key, or a key that is not there, reads no entry: many
 * lookups (a text tried as a key or as a title) find nothing.
 */
typedef struct strslot {
	uint32_t hash;
	uint32_t idx; /* entry index + 1, 0 when empty */
} strslot;

typedef struct strtab {
	strslot *slot;
	size_t mask;
	strent *e;
	size_t n, cap;
} strtab;

/* A hash of the n bytes at s (see ovp_hash_bytes()). */
static inline uint64_t
hash_text(const char *s, size_t n)
{
	return ovp_hash_bytes(s, n);
}

static uint32_t
hash_bytes(const char *s, size_t n)
{
	return (uint32_t)hash_text(s, n);
}

/* The entry for s, or NULL. */
static strent *
strtab_get(const strtab *t, const char *s, size_t n)
{
	uint32_t h;

	if (t->slot == NULL)
		return NULL;
	h = hash_bytes(s, n);
	for (size_t i = h & t->mask;; i = (i + 1) & t->mask) {
		const strslot *sl = &t->slot[i];
		strent *e;

		if (sl->idx == 0)
			return NULL;
		if (sl->hash != h)
			continue;
		e = &t->e[sl->idx - 1];
		if (e->len == n && memcmp(e->s, s, n) == 0)
			return e;
	}
}

/*
 * Add s with val (s must not be in the table yet).  The key is copied
 * into a when a is not NULL, else s must outlive the table.  Returns the
 * new entry's index, or NIL when out of memory.
 */
static uint32_t
strtab_add(strtab *t, arena *a, const char *s, size_t n, uint32_t val)
{
	uint32_t h = hash_bytes(s, n);
	strent *e;

	if (n > UINT32_MAX || t->n >= UINT32_MAX - 1)
		return NIL;
	if ((t->n + 1) * 2 > t->mask + 1 || t->slot == NULL) {
		size_t size = t->slot ? (t->mask + 1) * 2 : 64;
		strslot *slot;

		if (size > SIZE_MAX / sizeof *slot)
			return NIL;
		slot = calloc(size, sizeof *slot);
		if (slot == NULL)
			return NIL;
		for (size_t k = 0; k < t->n; k++) {
			size_t i = t->e[k].hash & (size - 1);
			while (slot[i].idx != 0)
				i = (i + 1) & (size - 1);
			slot[i].hash = t->e[k].hash;
			slot[i].idx = (uint32_t)k + 1;
		}
		free(t->slot);
		t->slot = slot;
		t->mask = size - 1;
	}
	if (!grow(&t->e, &t->cap, t->n + 1, sizeof *t->e))
		return NIL;
	e = &t->e[t->n];
	e->s = a != NULL ? arena_strdup(a, s, n) : s;
	if (e->s == NULL)
		return NIL;
	e->len = (uint32_t)n;
	e->hash = h;
	e->val = val;
	{
		size_t i = h & t->mask;
		while (t->slot[i].idx != 0)
			i = (i + 1) & t->mask;
		t->slot[i].hash = h;
		t->slot[i].idx = (uint32_t)t->n + 1;
	}
	return (uint32_t)t->n++;
}

/*
 * Make an empty table ready for n entries without growing: a table
 * built from the roadmap knows about how many keys it will hold, and
 * doubling its way there rehashed and copied it a dozen times.  False
 * when out of memory (the table is then still empty and usable).
 */
static bool
strtab_reserve(strtab *t, size_t n)
{
	size_t size = 64;

	if (t->slot != NULL || n >= UINT32_MAX / 2)
		return true;
	while (size < 2 * (n + 1))
		size *= 2;
	t->slot = calloc(size, sizeof *t->slot);
	if (t->slot == NULL)
		return false;
	t->mask = size - 1;
	return grow(&t->e, &t->cap, n, sizeof *t->e);
}

static void
strtab_free(strtab *t)
{
	free(t->slot);
	free(t->e);
}

/* ---- Words ------------------------------------------------------------ */

/*
 * Filler words, normalised (accents stripped, so "för" is "for" and
 * "für" is "fur") and sorted for bsearch.
 */
static const char *const FILLER[] = {
	"a", "ability", "able", "add", "all", "an", "and", "any", "are",
	"as", "at", "att", "au", "auf", "aux", "av", "avec", "be", "by",
	"can", "d", "dans", "das", "de", "dem", "den", "der", "des", "det",
	"die", "du", "ein", "eine", "einer", "eines", "en", "enable", "et", "ett",
	"feature", "fonction", "fonctionnalite", "for", "from", "funktion", "fur", "get", "has", "have",
	"i", "im", "in", "integration", "into", "is", "l", "la", "le", "les",
	"med", "mit", "mojlighet", "must", "need", "neu", "neue", "neuer", "new", "nouveau",
	"nouvelle", "ny", "nya", "nytt", "och", "of", "on", "option", "or", "our",
	"pa", "par", "per", "pour", "provide", "s", "should", "som", "stod", "support",
	"sur", "t", "that", "the", "their", "this", "till", "to", "un", "und",
	"une", "unterstutzung", "use", "vi", "via", "vom", "von", "want", "we", "will",
	"with", "would", "you", "your", "zu", "zum", "zur",
};

/* strcmp() of the n bytes at w (no NUL among them) with s, by sign. */
static int
cmp_word(const char *w, size_t n, const char *s)
{
	size_t i = 0;

	for (; i < n && s[i] != '\0'; i++)
		if (w[i] != s[i])
			return (unsigned char)w[i] < (unsigned char)s[i] ? -1 : 1;
	if (i < n)
		return 1;
	return s[i] == '\0' ? 0 : -1;
}

/* A binary search of its own: bsearch() wanted a copy of the word and a call per probe. */
static bool
is_filler(const char *w, size_t n)
{
	size_t lo = 0, hi = sizeof FILLER / sizeof FILLER[0];

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = cmp_word(w, n, FILLER[mid]);

		if (c == 0)
			return true;
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return false;
}

static bool
has_digit(const char *w, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (w[i] >= '0' && w[i] <= '9')
			return true;
	return false;
}

static bool
ends_with(const char *w, size_t n, const char *suffix)
{
	size_t k = strlen(suffix);

	return n >= k && memcmp(w + n - k, suffix, k) == 0;
}

/* Irregular plurals that the suffix rules below would get wrong; all end in "s". */
static const char *const IRREGULAR[][2] = {
	{"aliases", "alias"}, {"analyses", "analysis"}, {"buses", "bus"},
	{"caches", "cache"}, {"indices", "index"}, {"matrices", "matrix"},
	{"menus", "menu"}, {"news", "news"}, {"statuses", "status"},
};

/*
 * Fold a normalised word for light plurals into out (at least n + 1
 * bytes) and return the new length.  The rules only ever shorten or keep
 * a word, and apply the same way to both sides of a comparison, so a
 * fold that is not a real singular ("series" -> "sery") does no harm.
 */
static size_t
fold_word(const char *w, size_t n, char *out)
{
	memcpy(out, w, n);
	out[n] = '\0';
	if (n < 4 || has_digit(w, n))
		return n;
	for (size_t i = 0; i < sizeof IRREGULAR / sizeof IRREGULAR[0] && out[n - 1] == 's'; i++) {
		if (out[0] == IRREGULAR[i][0][0] && strcmp(out, IRREGULAR[i][0]) == 0) {
			size_t k = strlen(IRREGULAR[i][1]);
			memcpy(out, IRREGULAR[i][1], k + 1);
			return k;
		}
	}
	if (ends_with(out, n, "sses"))
		return n - 2;
	if (n >= 5 && ends_with(out, n, "ies")) {
		out[n - 3] = 'y';
		return n - 2;
	}
	if (n >= 5 && ends_with(out, n, "eaux"))
		return n - 1;
	if (n >= 5 && ends_with(out, n, "aux")) {
		out[n - 2] = 'l';
		return n - 1;
	}
	if (n >= 5 && (ends_with(out, n, "xes") || ends_with(out, n, "ches") ||
	               ends_with(out, n, "shes")))
		return n - 2;
	if (out[n - 1] == 's' && !ends_with(out, n, "ss") && !ends_with(out, n, "us") &&
	    !(n > 4 && ends_with(out, n, "is")))
		return n - 1;
	return n;
}

/* Decode UTF-8 word w into at most max code points; returns the count, or max + 1 when longer. */
static size_t
decode_word(const char *w, size_t n, utf8proc_int32_t *cp, size_t max)
{
	size_t k = 0;

	for (size_t i = 0; i < n;) {
		utf8proc_int32_t c;
		utf8proc_ssize_t l = utf8proc_iterate((const utf8proc_uint8_t *)w + i,
		                                      (utf8proc_ssize_t)(n - i), &c);
		if (l <= 0) {
			c = (unsigned char)w[i];
			l = 1;
		}
		if (k == max)
			return max + 1;
		cp[k++] = c;
		i += (size_t)l;
	}
	return k;
}

/* Code points in a word (normalised words are valid UTF-8). */
static size_t
count_cp(const char *w, size_t n)
{
	size_t k = 0;

	for (size_t i = 0; i < n; i++)
		if (((unsigned char)w[i] & 0xC0) != 0x80)
			k++;
	return k;
}

/*
 * Optimal string alignment distance between a and b (insertions,
 * deletions, substitutions, adjacent swaps), or max + 1 once it is
 * certain to exceed max.
 */
static size_t
osa_distance(const utf8proc_int32_t *a, size_t la, const utf8proc_int32_t *b, size_t lb,
             size_t max)
{
	size_t rows[3][MAX_WORD_CP + 1];
	size_t *pp = rows[0], *p = rows[1], *c = rows[2];

	for (size_t j = 0; j <= lb; j++)
		p[j] = j;
	for (size_t i = 1; i <= la; i++) {
		size_t lo;

		c[0] = i;
		lo = c[0];
		for (size_t j = 1; j <= lb; j++) {
			size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
			size_t v = p[j - 1] + cost;

			if (p[j] + 1 < v)
				v = p[j] + 1;
			if (c[j - 1] + 1 < v)
				v = c[j - 1] + 1;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
			    pp[j - 2] + 1 < v)
				v = pp[j - 2] + 1;
			c[j] = v;
			if (v < lo)
				lo = v;
		}
		if (lo > max)
			return max + 1;
		{
			size_t *t = pp;
			pp = p;
			p = c;
			c = t;
		}
	}
	return p[lb];
}

/*
 * The similarity of two folded words other than by joining: 1 when
 * equal, 1 - 1.2 d / shorter for a typo (see the top of the file), else 0.
 */
static double
word_similarity(const char *a, size_t la, const char *b, size_t lb)
{
	utf8proc_int32_t ca[MAX_WORD_CP], cb[MAX_WORD_CP];
	size_t na, nb, shorter, maxd, d;

	if (la == lb && memcmp(a, b, la) == 0)
		return 1.0;
	if (has_digit(a, la) || has_digit(b, lb))
		return 0.0;
	na = decode_word(a, la, ca, MAX_WORD_CP);
	nb = decode_word(b, lb, cb, MAX_WORD_CP);
	if (na > MAX_WORD_CP || nb > MAX_WORD_CP || na == 0 || nb == 0 || ca[0] != cb[0])
		return 0.0;
	shorter = na < nb ? na : nb;
	if (shorter < 4)
		return 0.0;
	maxd = shorter >= 8 ? 2 : 1;
	if ((na > nb ? na - nb : nb - na) > maxd)
		return 0.0;
	d = osa_distance(ca, na, cb, nb, maxd);
	if (d == 0 || d > maxd)
		return d == 0 ? 1.0 : 0.0;
	return 1.0 - 1.2 * (double)d / (double)shorter;
}

/* ---- Scoring ---------------------------------------------------------- */

/* One word of a text being scored. */
typedef struct word {
	const char *s;
	uint32_t len;
	uint32_t id;    /* vocabulary id (names) or query word index */
	bool filler;
	bool digit;     /* holds a digit: a version or model number */
	double weight;  /* word_weight() */
} word;

static double
word_weight(bool filler, bool digit)
{
	return filler ? FILLER_WEIGHT : digit ? DIGIT_WEIGHT : 1.0;
}

/* What scoring a name against the text found out. */
typedef struct verdict {
	double score;
	bool covers; /* every non-filler word of the text has a counterpart */
	bool full;   /* and every non-filler word of the name has one too */
} verdict;

/*
 * One text as the scorer sees it: its words and trigrams, and what
 * follows from them alone.  That part is worked out once per text (a
 * name's when the matcher is built), not once per comparison.
 */
typedef struct side {
	const word *w;
	size_t n;
	const uint32_t *tri;
	size_t ntri;
	const uint32_t *triset; /* the query's trigrams as a set (see trigram_set()) */
	unsigned triset_bits;
	/*
	 * In the matcher, the query's trigrams as a flag per dense trigram
	 * id (see tri_id()), and the names' trigrams are ids: a name's
	 * trigram is then counted with one load and no branch.  NULL
	 * elsewhere.
	 */
	const uint8_t *triflag;
	double weight;   /* the sum of the word weights, added in word order */
	uint64_t lens;   /* word_lengths() */
	uint64_t joins;  /* join_lengths() */
	bool content;    /* some word is not filler */
} side;

/*
 * The sum of the weights of n words, added in word order: the very sum
 * coverage() used to add up for itself each time.
 */
static double
words_weight(const word *w, size_t n)
{
	double sum = 0;

	for (size_t i = 0; i < n; i++)
		sum += w[i].weight;
	return sum;
}

static bool
any_content(const word *w, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!w[i].filler)
			return true;
	return false;
}

/* Bit min(length, 63) set for the byte length of every word. */
static uint64_t
word_lengths(const word *w, size_t n)
{
	uint64_t bits = 0;

	for (size_t i = 0; i < n; i++)
		bits |= (uint64_t)1 << (w[i].len < 63 ? w[i].len : 63);
	return bits;
}

/*
 * Bit min(length, 63) set for the byte length of every two or three
 * adjacent words written together: a word of the other text can only
 * equal such a join when its length bit is set (see match_joined()).
 */
static uint64_t
join_lengths(const word *w, size_t n)
{
	uint64_t bits = 0;

	for (size_t m = 2; m <= 3; m++) {
		for (size_t j = 0; j + m <= n; j++) {
			size_t len = 0;

			for (size_t k = j; k < j + m; k++)
				len += w[k].len;
			bits |= (uint64_t)1 << (len < 63 ? len : 63);
		}
	}
	return bits;
}

/*
 * The text whose trigrams count: the non-filler words (all words when
 * every word is filler) joined without spaces, cut at MAX_TRIGRAM_TEXT
 * bytes, into buf.  Returns its length.
 */
static size_t
trigram_text(const word *w, size_t n, char *buf)
{
	size_t len = 0;
	bool any = any_content(w, n);

	for (size_t i = 0; i < n && len < MAX_TRIGRAM_TEXT; i++) {
		size_t l = w[i].len;

		if (any && w[i].filler)
			continue;
		if (l > MAX_TRIGRAM_TEXT - len)
			l = MAX_TRIGRAM_TEXT - len;
		memcpy(buf + len, w[i].s, l);
		len += l;
	}
	return len;
}

/* The three bytes at s as one number, never 0 (a C string holds no NUL). */
static uint32_t
trigram_at(const char *s)
{
	return (uint32_t)(unsigned char)s[0] << 16 | (uint32_t)(unsigned char)s[1] << 8 |
	       (unsigned char)s[2];
}

/* Room in a trigram set: four times the most trigrams a text has. */
#define TRISET_SIZE (4 * MAX_TRIGRAM_TEXT)

static uint32_t
triset_slot(uint32_t tri, unsigned bits)
{
	return (tri * 2654435761u) >> (32 - bits);
}

/*
 * The distinct trigrams of w (those trigrams() gives), found without
 * sorting them: as an open-addressing hash set, at most a quarter full,
 * in set (room for TRISET_SIZE), and when uniq is not NULL as a list
 * there (room for MAX_TRIGRAM_TEXT).  *bits is set to the set's size in
 * bits; 0 marks a free slot (see trigram_at()).  Returns their count.
 */
static size_t
trigram_set(const word *w, size_t n, uint32_t *set, unsigned *bits, uint32_t *uniq)
{
	char buf[MAX_TRIGRAM_TEXT];
	size_t len = trigram_text(w, n, buf), raw = len >= 3 ? len - 2 : 0, count = 0;
	unsigned b = 4;
	uint32_t mask;

	while (((size_t)1 << b) < 4 * raw)
		b++;
	mask = ((uint32_t)1 << b) - 1;
	memset(set, 0, sizeof *set << b);
	for (size_t i = 0; i < raw; i++) {
		uint32_t t = trigram_at(buf + i), h = triset_slot(t, b), x;

		while ((x = set[h]) != t && x != 0)
			h = (h + 1) & mask;
		if (x == 0) {
			set[h] = t;
			if (uniq != NULL)
				uniq[count] = t;
			count++;
		}
	}
	*bits = b;
	return count;
}

/* How many of the n distinct trigram ids are flagged (flags are 0 or 1). */
static size_t
triflag_count(const uint8_t *flag, const uint32_t *ids, size_t n)
{
	size_t common = 0;

	UNROLL4
	for (size_t i = 0; i < n; i++)
		common += flag[ids[i]];
	return common;
}

/*
 * How many of the n distinct trigrams tri are in set (for
 * ovp_similarity(); the matcher counts by ids, see triflag_count()).
 */
static size_t
triset_count(const uint32_t *set, unsigned bits, const uint32_t *tri, size_t n)
{
	uint32_t mask = ((uint32_t)1 << bits) - 1;
	size_t common = 0;

	for (size_t i = 0; i < n; i++) {
		uint32_t t = tri[i], h = triset_slot(t, bits), x;

		while ((x = set[h]) != t && x != 0)
			h = (h + 1) & mask;
		common += x != 0;
	}
	return common;
}

/*
 * Describe a text of n words w for scoring.  As the query side, its
 * trigrams go to set (room for TRISET_SIZE) and, when uniq is not NULL,
 * are listed there (see trigram_set()); as the name side (set NULL) the
 * caller fills in tri and ntri.
 */
static void
side_init(side *sd, const word *w, size_t n, uint32_t *set, uint32_t *uniq)
{
	sd->w = w;
	sd->n = n;
	sd->tri = NULL;
	sd->triset_bits = 0;
	sd->ntri = set != NULL ? trigram_set(w, n, set, &sd->triset_bits, uniq) : 0;
	sd->triset = set;
	sd->triflag = NULL;
	sd->weight = words_weight(w, n);
	sd->lens = word_lengths(w, n);
	sd->joins = join_lengths(w, n);
	sd->content = any_content(w, n);
}

static int
cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return (x > y) - (x < y);
}

/*
 * The character trigrams of trigram_text(), sorted and unique, into out
 * (room for MAX_TRIGRAM_TEXT).  Returns the count.
 */
static size_t
trigrams(const word *w, size_t n, uint32_t *out)
{
	char buf[MAX_TRIGRAM_TEXT];
	size_t len = trigram_text(w, n, buf), k = 0;

	for (size_t i = 0; i + 3 <= len; i++)
		out[k++] = trigram_at(buf + i);
	if (k > 1) {
		size_t u = 1;

		/* Most names give a few dozen trigrams: an insertion sort beats qsort's calls. */
		if (k <= 64) {
			for (size_t i = 1; i < k; i++) {
				uint32_t t = out[i];
				size_t j = i;

				for (; j > 0 && out[j - 1] > t; j--)
					out[j] = out[j - 1];
				out[j] = t;
			}
		} else {
			qsort(out, k, sizeof *out, cmp_u32);
		}
		for (size_t i = 1; i < k; i++)
			if (out[i] != out[u - 1])
				out[u++] = out[i];
		k = u;
	}
	return k;
}

/* Whether word x equals words y[j..j+m-1] joined. */
static bool
joins(const word *x, const word *y, size_t j, size_t m)
{
	size_t off = 0;

	for (size_t k = j; k < j + m; k++) {
		if (off + y[k].len > x->len || memcmp(x->s + off, y[k].s, y[k].len) != 0)
			return false;
		off += y[k].len;
	}
	return off == x->len;
}

/*
 * Mark words of x (best similarities bx) that equal two or three
 * adjacent words of y joined, and those words of y.  yjoins is
 * join_lengths() of y.
 */
static void
match_joined(const word *x, size_t nx, double *bx, const word *y, size_t ny, double *by,
             uint64_t yjoins)
{
	uint64_t lengths = 0;

	/* Only words still without a full counterpart can gain; most texts have
	 * few, and seldom one as long as a join of the other text's words. */
	for (size_t i = 0; i < nx; i++)
		if (bx[i] < 1.0)
			lengths |= (uint64_t)1 << (x[i].len < 63 ? x[i].len : 63);
	if ((lengths & yjoins) == 0 || ny < 2)
		return;
	for (size_t m = 2; m <= 3; m++) {
		for (size_t j = 0; j + m <= ny; j++) {
			size_t len = 0;

			for (size_t k = j; k < j + m; k++)
				len += y[k].len;
			if (!(lengths >> (len < 63 ? len : 63) & 1))
				continue;
			for (size_t i = 0; i < nx; i++) {
				if (x[i].len != len || bx[i] >= 1.0 || x[i].s[0] != y[j].s[0] ||
				    !joins(&x[i], y, j, m))
					continue;
				bx[i] = 1.0;
				for (size_t k = j; k < j + m; k++)
					by[k] = 1.0;
			}
		}
	}
}

/* The weighted share of a text's words that found a counterpart; *all is set when every non-filler word did. */
static double
coverage(const side *sd, const double *best, bool *all)
{
	const word *w = sd->w;
	double num = 0;

	*all = true;
	for (size_t i = 0; i < sd->n; i++) {
		num += w[i].weight * best[i];
		if ((!sd->content || !w[i].filler) && best[i] <= 0)
			*all = false;
	}
	return sd->weight > 0 ? num / sd->weight : 0;
}

/*
 * Score the name t against the query q, as documented at the top of the
 * file.  bq[i] and bt[j] come in as the best similarity word_similarity()
 * gives each word of q and of t with any word of the other text, and are
 * used up.
 */
static verdict
score_words(const side *q, double *bq, const side *t, double *bt)
{
	size_t nqt = q->ntri, ntt = t->ntri;
	double cq, ct, word_score, chars;
	bool allq, allt;
	verdict v = {0, false, false};

	if (q->n == 0 || t->n == 0)
		return v;
	/* A word written as two or three is rare: most pairs of texts have
	 * no word as long as a join of the other's, and skip the search. */
	if (q->lens & t->joins)
		match_joined(q->w, q->n, bq, t->w, t->n, bt, t->joins);
	if (t->lens & q->joins)
		match_joined(t->w, t->n, bt, q->w, q->n, bq, q->joins);
	cq = coverage(q, bq, &allq);
	ct = coverage(t, bt, &allt);
	word_score = (cq + ct) / 2;
	v.score = word_score;
	/* The trigrams can only lift the score; skip them when even their best could not. */
	if (nqt > 0 && ntt > 0 &&
	    2.0 * (double)(nqt < ntt ? nqt : ntt) / (double)(nqt + ntt) > word_score) {
		size_t common = q->triflag != NULL ? triflag_count(q->triflag, t->tri, ntt)
		                                    : triset_count(q->triset, q->triset_bits, t->tri, ntt);

		chars = 2.0 * (double)common / (double)(nqt + ntt);
		if (chars > word_score)
			v.score += CHAR_SHARE * (chars - word_score);
	}
	if (v.score > 1)
		v.score = 1;
	v.covers = q->content && allq;
	v.full = v.covers && allt;
	return v;
}

/* ---- The matcher ------------------------------------------------------ */

/* A title or alias of an item. */
typedef struct name {
	uint32_t item;
	uint32_t next_exact; /* next name with the same normalised text, or NIL */
	uint32_t last_exact; /* in the first name of a chain: its last name */
	bool title;
} name;

/*
 * A name as scoring reads it: what scoring needs of the name alone (as
 * in side, with the vocabulary's words), followed by its nwords
 * vocabulary ids and the dense ids of its ntri trigrams (see tri_id()),
 * uint32_t each.  The records of an item follow one another, and the
 * items follow one another in item order, so that scoring a candidate
 * reads one stretch of memory instead of the item's list of names, the
 * name, its words and its trigrams in four places: those were a cache
 * miss each.
 */
typedef struct name_view {
	double weight;
	uint64_t lens, joins;
	uint16_t nwords, ntri;
	bool content;
} name_view;

/* A typo neighbour of a query word. */
typedef struct neighbour {
	uint32_t vid;
	double sim;
} neighbour;

/* What is known about one distinct query word. */
typedef struct qinfo {
	uint32_t nb, nnb;         /* neighbours in m->nbpool, most similar first */
	uint32_t split, nsplit;   /* triples of vocabulary ids in m->splitpool (NIL for a pair) */
} qinfo;

/* A vocabulary word to walk, with the weight it adds to each item. */
typedef struct term {
	uint32_t vid;
	double weight;
} term;

/*
 * A slot of the text cache.  It keeps the text's hash and length beside
 * the result, so that a probe that meets another text reads nothing
 * else.  The text's bytes sit just before its result (see text_key()).
 */
typedef struct text_slot {
	uint32_t hash;
	uint32_t len;
	ovp_match *r; /* NULL when the slot is free */
} text_slot;

/* A scored item. */
typedef struct scored {
	uint32_t item;
	verdict v;
} scored;

struct ovp_matcher {
	const ovp_roadmap *rm;
	double min_similarity;
	arena ar;

	/* ids: lower-cased id -> first item, chained through id_next */
	strtab ids;
	uint32_t *id_next;

	/*
	 * vocabulary: folded word -> id, id -> the word as names hold it (its
	 * filler flag from its first name), and id -> items containing it
	 */
	strtab vocab;
	word *vw;
	size_t nvw, vwcap;
	uint32_t *post_off, *post;
	/* vocabulary ids by (first byte, code points), for typo neighbours */
	uint32_t *bucket_off, *bucket;

	/* names: exact text -> first name, chained through next_exact */
	strtab exact;
	name *names;
	size_t nnames, namecap;
	size_t view_cap; /* while building: bytes view has room for */
	/* the name_view records of item's names: view + view_off[item] up to view + view_off[item + 1] */
	char *view;
	uint32_t *view_off;
	/*
	 * Dense ids of the trigrams that names have: an open-addressing
	 * table from trigram (0 when free) to id, and a flag per id, 1 while
	 * a text that has the trigram is scored.  There are at most 2^24
	 * trigrams, so the flags take at most 16 MiB.
	 */
	uint32_t *tri_key, *tri_val;
	unsigned tri_bits; /* the table has 2^tri_bits slots */
	size_t ntri_ids;
	uint8_t *tri_flag;
	/* While building: per trigram id, 1 + the last name that had it. */
	uint32_t *tri_seen;
	size_t tri_seen_cap;

	/*
	 * While a text is scored: for each vocabulary word near one of its
	 * words, 1 + its row in near[] (else 0).  A row holds the similarity
	 * of that vocabulary word to each query word, and near_max[] the
	 * best of them, so that a name's word is looked up once instead of
	 * being compared with every query word's neighbours.  There are at
	 * most MAX_WORDS x (MAX_NEIGHBOURS + 1) rows of MAX_WORDS.
	 */
	uint32_t *near_slot;
	double *near, *near_max;
	uint32_t *near_vid;
	size_t near_rows, near_cap, near_rows_cap, near_vid_cap;

	/* caches: query word -> qinfo, raw text -> result */
	strtab qwords;
	qinfo *qi;
	size_t nqi, qicap;
	neighbour *nbpool;
	size_t nnbpool, nbpoolcap;
	uint32_t *splitpool;
	size_t nsplitpool, splitpoolcap;
	text_slot *tslot;
	size_t tmask, ntexts;

	/*
	 * Per-text scratch for the candidate search: the shared weight of
	 * every item (0 between texts) and the items touched.
	 */
	float *acc;
	uint32_t *touched;
};

const char *
ovp_match_kind_name(ovp_match_kind k)
{
	switch (k) {
	case OVP_MATCH_KEY: return "key";
	case OVP_MATCH_EXACT: return "exact";
	case OVP_MATCH_ALIAS: return "alias";
	case OVP_MATCH_FUZZY: return "approximate";
	case OVP_MATCH_AMBIGUOUS: return "ambiguous";
	case OVP_MATCH_NONE:
	default: return "none";
	}
}

static size_t
bucket_index(unsigned char first, size_t ncp)
{
	return (size_t)first * (MAX_WORD_CP + 1) + ncp;
}

/* Lower-case ASCII of s (n bytes) into out, trimmed of white space; returns the length. */
static size_t
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

/* The vocabulary id of a folded word, adding it when new; NIL when out of memory. */
static uint32_t
vocab_id(ovp_matcher *m, const char *w, size_t n, bool filler)
{
	strent *e = strtab_get(&m->vocab, w, n);
	uint32_t k;

	if (e != NULL)
		return e->val;
	if (!grow(&m->vw, &m->vwcap, m->nvw + 1, sizeof *m->vw))
		return NIL;
	k = strtab_add(&m->vocab, &m->ar, w, n, (uint32_t)m->nvw);
	if (k == NIL)
		return NIL;
	m->vw[m->nvw].s = m->vocab.e[k].s;
	m->vw[m->nvw].len = (uint32_t)n;
	m->vw[m->nvw].id = (uint32_t)m->nvw;
	m->vw[m->nvw].filler = filler;
	m->vw[m->nvw].digit = has_digit(w, n);
	m->vw[m->nvw].weight = word_weight(filler, m->vw[m->nvw].digit);
	return (uint32_t)m->nvw++;
}

/*
 * Split normalised text into at most MAX_WORDS folded words.  The folded
 * bytes go to buf (at least strlen(norm) + 1 bytes); words point into it.
 */
static size_t
split_words(const char *norm, char *buf, word *w)
{
	size_t n = 0, off = 0;
	const char *p = norm;

	while (*p != '\0' && n < MAX_WORDS) {
		const char *e = strchr(p, ' ');
		size_t l = e ? (size_t)(e - p) : strlen(p);
		size_t fl = fold_word(p, l, buf + off);

		w[n].s = buf + off;
		w[n].len = (uint32_t)fl;
		w[n].id = (uint32_t)n;
		/* Folding only ever shortens a word, or keeps it as it is. */
		w[n].filler = is_filler(p, l) || (fl < l && is_filler(buf + off, fl));
		w[n].digit = has_digit(p, l);
		w[n].weight = word_weight(w[n].filler, w[n].digit);
		off += fl + 1;
		n++;
		p += l;
		if (*p == ' ')
			p++;
	}
	return n;
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
	if (!grow(&ps->p, &ps->cap, ps->n + 1, sizeof *ps->p))
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
	/* Drop repeats in place, rewriting the offsets. */
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

static uint32_t tri_id(ovp_matcher *m, uint32_t t);

/* Bytes of the name_view record of a name of nwords words and ntri trigrams. */
static size_t
view_size(size_t nwords, size_t ntri)
{
	return (sizeof(name_view) + (nwords + ntri) * sizeof(uint32_t) + 7) / 8 * 8;
}

/*
 * The dense ids (see tri_id()) of the distinct trigrams of the n words w
 * of name nm, in the order they first occur, into out (room for
 * MAX_TRIGRAM_TEXT): the set trigrams() gives, told without sorting, by
 * tri_seen.  Returns their number, or SIZE_MAX when out of memory.
 */
static size_t
name_trigram_ids(ovp_matcher *m, const word *w, size_t n, uint32_t nm, uint32_t *out)
{
	char buf[MAX_TRIGRAM_TEXT];
	size_t len = trigram_text(w, n, buf), k = 0;

	for (size_t i = 0; i + 3 <= len; i++) {
		size_t known = m->ntri_ids;
		uint32_t id = tri_id(m, trigram_at(buf + i));

		if (id == NIL)
			return SIZE_MAX;
		if (m->ntri_ids != known) {
			/* A new id, the next one: no name has had it yet. */
			if (!grow(&m->tri_seen, &m->tri_seen_cap, m->ntri_ids, sizeof *m->tri_seen))
				return SIZE_MAX;
		} else if (m->tri_seen[id] == nm + 1) {
			continue;
		}
		m->tri_seen[id] = nm + 1;
		out[k++] = id;
	}
	return k;
}

/*
 * Add one name (normalised text norm) of item to the names and the exact
 * map; *idx is its index, or NIL for an empty text, which is no name.
 * When text is not NULL, *text is set to the exact map's copy of norm,
 * which lives as long as the matcher ("" for an empty text).  Its words
 * and trigrams are indexed by index_name().  False when out of memory.
 */
static bool
add_name(ovp_matcher *m, uint32_t item, const char *norm, bool title, uint32_t *idx,
         const char **text)
{
	size_t len = strlen(norm);
	name *nm;
	strent *e;

	*idx = NIL;
	if (text != NULL)
		*text = "";
	if (len == 0)
		return true;
	if (m->nnames >= UINT32_MAX - 1 || !grow(&m->names, &m->namecap, m->nnames + 1, sizeof *m->names))
		return false;
	*idx = (uint32_t)m->nnames;
	nm = &m->names[m->nnames++];
	nm->item = item;
	nm->title = title;
	nm->next_exact = NIL;
	nm->last_exact = *idx;
	e = strtab_get(&m->exact, norm, len);
	if (e == NULL) {
		uint32_t k = strtab_add(&m->exact, &m->ar, norm, len, *idx);

		if (k == NIL)
			return false;
		if (text != NULL)
			*text = m->exact.e[k].s;
	} else {
		if (text != NULL)
			*text = e->s;
		/* Appended through the chain's last name: walking the chain made a
		 * roadmap of many equal titles take quadratic time. */
		m->names[m->names[e->val].last_exact].next_exact = *idx;
		m->names[e->val].last_exact = *idx;
	}
	return true;
}

/*
 * Bytes of the name_view record that index_name() writes for the
 * normalised text norm (0 for an empty one), worked out without touching
 * the index: its words, and its distinct trigrams as trigrams() has them.
 * SIZE_MAX when out of memory.
 */
static size_t
record_size(const char *norm)
{
	size_t len = strlen(norm), nw, nt;
	char small[256];
	char *buf;
	word w[MAX_WORDS];
	uint32_t tri[MAX_TRIGRAM_TEXT];

	if (len == 0)
		return 0;
	buf = len < sizeof small ? small : malloc(len + 1);
	if (buf == NULL)
		return SIZE_MAX;
	nw = split_words(norm, buf, w);
	nt = trigrams(w, nw, tri);
	if (buf != small)
		free(buf);
	return view_size(nw, nt);
}

/* Make m->view hold n bytes; false when out of memory or past 4 GiB. */
static bool
view_room(ovp_matcher *m, size_t n)
{
	return n <= UINT32_MAX && grow(&m->view, &m->view_cap, n, 1);
}

/*
 * Index name idx of item, normalised text norm (not empty): its words
 * go to the vocabulary and the posting pairs, its trigrams get their
 * ids, and its name_view record is written at m->view + pos.  *size is
 * set to the record's bytes (record_size(norm)).  False when out of
 * memory.
 */
static bool
index_name(ovp_matcher *m, uint32_t idx, uint32_t item, const char *norm, size_t pos,
           pairs *ps, size_t *size)
{
	size_t len = strlen(norm);
	char small[256];
	char *buf;
	word w[MAX_WORDS], vw[MAX_WORDS];
	uint32_t tri[MAX_TRIGRAM_TEXT], vid[MAX_WORDS];
	uint32_t *ids;
	size_t nw, nt;
	name_view *nv;

	/* Most names fit on the stack; the folded words are only needed here. */
	buf = len < sizeof small ? small : malloc(len + 1);
	if (buf == NULL)
		return false;
	nw = split_words(norm, buf, w);
	for (size_t i = 0; i < nw; i++) {
		vid[i] = vocab_id(m, w[i].s, w[i].len, w[i].filler);
		if (vid[i] == NIL || !pairs_add(ps, vid[i], item)) {
			if (buf != small)
				free(buf);
			return false;
		}
		/* Scored as the vocabulary has it, with the filler flag of the
		 * name that brought it in: "this" is filler and folds to "thi",
		 * which another name may have brought in as a word that is not. */
		vw[i] = m->vw[vid[i]];
	}
	nt = name_trigram_ids(m, w, nw, idx, tri);
	if (buf != small)
		free(buf);
	if (nt == SIZE_MAX)
		return false;
	*size = view_size(nw, nt);
	if (!view_room(m, pos + *size))
		return false;
	nv = (name_view *)(void *)(m->view + pos);
	ids = (uint32_t *)(void *)(nv + 1);
	memcpy(ids, vid, nw * sizeof *ids);
	/* A name of one or two letters has no trigram. */
	if (nt > 0)
		memcpy(ids + nw, tri, nt * sizeof *tri);
	nv->weight = words_weight(vw, nw);
	nv->lens = word_lengths(vw, nw);
	nv->joins = join_lengths(vw, nw);
	nv->content = any_content(vw, nw);
	nv->nwords = (uint16_t)nw;
	nv->ntri = (uint16_t)nt;
	return true;
}

/* The dense id of trigram t (see struct ovp_matcher), or NIL when no name has it. */
static uint32_t
tri_find(const ovp_matcher *m, uint32_t t)
{
	uint32_t mask = ((uint32_t)1 << m->tri_bits) - 1;

	if (m->tri_key == NULL)
		return NIL;
	for (uint32_t h = triset_slot(t, m->tri_bits);; h = (h + 1) & mask) {
		if (m->tri_key[h] == t)
			return m->tri_val[h];
		if (m->tri_key[h] == 0)
			return NIL;
	}
}

/* The dense id of trigram t, given it when new; NIL when out of memory. */
static uint32_t
tri_id(ovp_matcher *m, uint32_t t)
{
	uint32_t h, id = tri_find(m, t);

	if (id != NIL)
		return id;
	/* At most half full; there are at most 2^24 trigrams, so 26 bits do. */
	if (m->tri_key == NULL || (m->ntri_ids + 1) * 2 > (size_t)1 << m->tri_bits) {
		unsigned bits = m->tri_key != NULL ? m->tri_bits + 1 : 12;
		size_t size = (size_t)1 << bits;
		uint32_t *key, *val;

		if (bits > 26)
			return NIL;
		key = calloc(size, sizeof *key);
		val = malloc(size * sizeof *val);
		if (key == NULL || val == NULL) {
			free(key);
			free(val);
			return NIL;
		}
		for (size_t k = 0; m->tri_key != NULL && k < (size_t)1 << m->tri_bits; k++) {
			if (m->tri_key[k] == 0)
				continue;
			for (h = triset_slot(m->tri_key[k], bits); key[h] != 0;
			     h = (h + 1) & (uint32_t)(size - 1))
				;
			key[h] = m->tri_key[k];
			val[h] = m->tri_val[k];
		}
		free(m->tri_key);
		free(m->tri_val);
		m->tri_key = key;
		m->tri_val = val;
		m->tri_bits = bits;
	}
	for (h = triset_slot(t, m->tri_bits); m->tri_key[h] != 0;
	     h = (h + 1) & (((uint32_t)1 << m->tri_bits) - 1))
		;
	m->tri_key[h] = t;
	m->tri_val[h] = (uint32_t)m->ntri_ids;
	return (uint32_t)m->ntri_ids++;
}

/* Sort the vocabulary into buckets by first byte and length, for typo neighbours. */
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

		if (ncp <= MAX_WORD_CP)
			m->bucket_off[bucket_index((unsigned char)m->vw[v].s[0], ncp) + 1]++;
	}
	for (size_t i = 1; i <= nb; i++)
		m->bucket_off[i] += m->bucket_off[i - 1];
	memcpy(fill, m->bucket_off, (nb + 1) * sizeof *fill);
	for (size_t v = 0; v < m->nvw; v++) {
		size_t ncp = count_cp(m->vw[v].s, m->vw[v].len);

		if (ncp <= MAX_WORD_CP)
			m->bucket[fill[bucket_index((unsigned char)m->vw[v].s[0], ncp)]++] = (uint32_t)v;
	}
	free(fill);
	return true;
}

/* Whether all of s is ASCII digits (and there is at least one). */
static bool
all_digits(const char *s, size_t n)
{
	if (n == 0)
		return false;
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
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
	strent *e;

	if (key == NULL)
		return -1;
	e = strtab_get(&m->ids, key, id_key(target, n, key));
	free(key);
	if (e != NULL) {
		for (uint32_t it = e->val; it != NIL; it = m->id_next[it], found++)
			if (!pairs_add(ps, it, alias_index))
				return -1;
		return found;
	}
	norm = ovp_normalize(target, n);
	if (norm == NULL)
		return -1;
	e = *norm != '\0' ? strtab_get(&m->exact, norm, strlen(norm)) : NULL;
	free(norm);
	for (uint32_t k = e ? e->val : NIL; k != NIL; k = m->names[k].next_exact) {
		if (!m->names[k].title)
			continue;
		if (!pairs_add(ps, m->names[k].item, alias_index))
			return -1;
		found++;
	}
	return found;
}

int
ovp_matcher_new(ovp_matcher **out, const ovp_roadmap *rm, const ovp_alias *aliases,
                size_t naliases, double min_similarity, ovp_error *err)
{
	ovp_matcher *m;
	pairs post = {0}, conf = {0};
	uint32_t *conf_off = NULL, *conf_val = NULL;
	const char **titles = NULL; /* per item: its normalised title, as the exact map keeps it */
	uint32_t *title_idx = NULL; /* per item: its title's name, or NIL */
	uint32_t *id_last = NULL; /* per first item of an id: the last item with that id */
	char **alias_norms = NULL; /* the other names, normalised, item by item */
	size_t nalias_norms = 0, alias_norms_cap = 0;
	size_t *alias_off = NULL; /* per item: its first in alias_norms */
	uint32_t *alias_bytes = NULL; /* per item: bytes of its other names' records */
	size_t pos = 0;
	size_t nnames_max = naliases; /* names there can be, but for repeated alias targets */
	size_t nitems = rm != NULL ? rm->nitems : 0;
	int rc = OVP_ENOMEM;

	*out = NULL;
	if (!(min_similarity > 0 && min_similarity <= 1))
		return ovp_error_set(err, OVP_EUSAGE, NULL, 0,
		                     "min_similarity must be in (0, 1], not %g", min_similarity);
	if (nitems >= UINT32_MAX / 4 || naliases >= UINT32_MAX / 4)
		return ovp_error_set(err, OVP_ELIMIT, NULL, 0,
		                     "too many roadmap items or aliases to match against");
	m = calloc(1, sizeof *m);
	if (m == NULL)
		return ovp_error_set(err, OVP_ENOMEM, NULL, 0, "out of memory");
	m->rm = rm;
	m->min_similarity = min_similarity;
	m->id_next = malloc((nitems ? nitems : 1) * sizeof *m->id_next);
	m->acc = calloc(nitems ? nitems : 1, sizeof *m->acc);
	m->touched = malloc((nitems + 1) * sizeof *m->touched);
	titles = calloc(nitems ? nitems : 1, sizeof *titles);
	title_idx = malloc((nitems ? nitems : 1) * sizeof *title_idx);
	id_last = malloc((nitems ? nitems : 1) * sizeof *id_last);
	if (m->id_next == NULL || m->acc == NULL || m->touched == NULL ||
	    titles == NULL || title_idx == NULL || id_last == NULL)
		goto fail;

	for (size_t i = 0; i < nitems; i++)
		nnames_max += 1 + rm->items[i].naliases;
	if (!strtab_reserve(&m->ids, nitems) || !strtab_reserve(&m->exact, nnames_max) ||
	    !grow(&m->names, &m->namecap, nnames_max, sizeof *m->names))
		goto fail;

	/* Ids, chained so that a repeated id keeps every item. */
	for (size_t i = 0; i < nitems; i++) {
		const char *id = rm->items[i].id ? rm->items[i].id : "";
		size_t n = strlen(id);
		char small[64];
		char *key = n < sizeof small ? small : malloc(n + 1);
		size_t kl;
		strent *e;
		uint32_t k = 0;

		if (key == NULL)
			goto fail;
		kl = id_key(id, n, key);
		m->id_next[i] = NIL;
		e = kl > 0 ? strtab_get(&m->ids, key, kl) : NULL;
		if (kl > 0 && e == NULL) {
			k = strtab_add(&m->ids, &m->ar, key, kl, (uint32_t)i);
			id_last[i] = (uint32_t)i;
		} else if (kl > 0) {
			/* Appended through the chain's last item (id_last of its first),
			 * not by walking it: many equal ids took quadratic time. */
			m->id_next[id_last[e->val]] = (uint32_t)i;
			id_last[e->val] = (uint32_t)i;
		}
		if (key != small)
			free(key);
		if (k == NIL)
			goto fail;
	}

	/* Titles first, so that alias targets can name them. */
	for (size_t i = 0; i < nitems; i++) {
		const char *t = rm->items[i].title ? rm->items[i].title : "";

		char *norm = ovp_normalize(t, strlen(t));

		/* The exact map's copy is the one kept: this one is freed at once,
		 * and its memory serves the next title. */
		if (norm == NULL || !add_name(m, (uint32_t)i, norm, true, &title_idx[i], &titles[i])) {
			free(norm);
			goto fail;
		}
		free(norm);
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

	/*
	 * The other names of each item, normalised, and the bytes of their
	 * records: an item's records follow its title's in the view (see
	 * name_view), and leaving room for them there spares laying the
	 * whole view out again once every name is in.
	 */
	alias_off = malloc((nitems + 1) * sizeof *alias_off);
	alias_bytes = calloc(nitems ? nitems : 1, sizeof *alias_bytes);
	if (alias_off == NULL || alias_bytes == NULL)
		goto fail;
	for (size_t i = 0; i < nitems; i++) {
		const ovp_item *it = &rm->items[i];

		alias_off[i] = nalias_norms;
		for (size_t k = 0; k < it->naliases + (conf_off[i + 1] - conf_off[i]); k++) {
			const char *s;
			size_t size;

			if (k < it->naliases)
				s = it->aliases[k] ? it->aliases[k] : "";
			else
				s = aliases[conf_val[conf_off[i] + (k - it->naliases)]].phrase;
			if (s == NULL)
				s = "";
			if (!grow(&alias_norms, &alias_norms_cap, nalias_norms + 1, sizeof *alias_norms))
				goto fail;
			alias_norms[nalias_norms] = ovp_normalize(s, strlen(s));
			if (alias_norms[nalias_norms] == NULL)
				goto fail;
			size = record_size(alias_norms[nalias_norms++]);
			if (size == SIZE_MAX || size > UINT32_MAX - alias_bytes[i])
				goto fail;
			alias_bytes[i] += (uint32_t)size;
		}
	}
	alias_off[nitems] = nalias_norms;

	/* The titles' words, trigrams and records, in item order. */
	m->view_off = malloc((nitems + 1) * sizeof *m->view_off);
	if (m->view_off == NULL)
		goto fail;
	for (size_t i = 0; i < nitems; i++) {
		size_t size = 0;

		m->view_off[i] = (uint32_t)pos;
		if (title_idx[i] != NIL &&
		    !index_name(m, title_idx[i], (uint32_t)i, titles[i], pos, &post, &size))
			goto fail;
		pos += size + alias_bytes[i];
		if (!view_room(m, pos))
			goto fail;
	}
	m->view_off[nitems] = (uint32_t)pos;

	/*
	 * The other names, item by item, so that every posting list comes
	 * out in item order.  Titles were added above, in item order too.
	 */
	for (size_t i = 0; i < nitems; i++) {
		size_t at = m->view_off[i + 1] - alias_bytes[i];

		for (size_t k = alias_off[i]; k < alias_off[i + 1]; k++) {
			uint32_t idx;
			size_t size = 0;

			if (!add_name(m, (uint32_t)i, alias_norms[k], false, &idx, NULL))
				goto fail;
			if (idx != NIL && !index_name(m, idx, (uint32_t)i, alias_norms[k], at, &post, &size))
				goto fail;
			at += size;
		}
		/* record_size() and index_name() agree on every record. */
		if (at != m->view_off[i + 1])
			goto fail;
	}
	m->tri_flag = calloc(m->ntri_ids + 1, sizeof *m->tri_flag);
	if (m->tri_flag == NULL)
		goto fail;
	free(m->tri_seen);
	m->tri_seen = NULL;
	m->tri_seen_cap = 0;

	/*
	 * The posting pairs (vocabulary id, item) came from all titles
	 * first and then from the aliases: a list with items from both is
	 * put in ascending item order, as the membership tests of the
	 * candidate search need.
	 */
	if (!build_lists(&post, m->nvw, &m->post_off, &m->post) ||
	    !ovp_lists_order(m->post_off, m->post, m->nvw) || !build_buckets(m))
		goto fail;
	m->near_slot = calloc(m->nvw ? m->nvw : 1, sizeof *m->near_slot);
	if (m->near_slot == NULL)
		goto fail;

	free(titles);
	free(title_idx);
	free(id_last);
	for (size_t k = 0; k < nalias_norms; k++)
		free(alias_norms[k]);
	free(alias_norms);
	free(alias_off);
	free(alias_bytes);
	free(post.p);
	free(conf.p);
	free(conf_off);
	free(conf_val);
	*out = m;
	return OVP_OK;
fail:
	free(titles);
	free(title_idx);
	free(id_last);
	for (size_t k = 0; k < nalias_norms; k++)
		free(alias_norms[k]);
	free(alias_norms);
	free(alias_off);
	free(alias_bytes);
	free(post.p);
	free(conf.p);
	free(conf_off);
	free(conf_val);
	ovp_matcher_free(m);
	if (rc == OVP_ENOMEM)
		ovp_error_set(err, OVP_ENOMEM, NULL, 0, "out of memory");
	return rc;
}

void
ovp_matcher_free(ovp_matcher *m)
{
	if (m == NULL)
		return;
	strtab_free(&m->ids);
	free(m->id_next);
	strtab_free(&m->vocab);
	free(m->vw);
	free(m->post_off);
	free(m->post);
	free(m->bucket_off);
	free(m->bucket);
	strtab_free(&m->exact);
	free(m->names);
	free(m->view);
	free(m->view_off);
	free(m->tri_key);
	free(m->tri_val);
	free(m->tri_flag);
	free(m->tri_seen);
	strtab_free(&m->qwords);
	free(m->qi);
	free(m->nbpool);
	free(m->splitpool);
	free(m->tslot);
	free(m->near_slot);
	free(m->near);
	free(m->near_max);
	free(m->near_vid);
	free(m->acc);
	free(m->touched);
	arena_free(&m->ar);
	free(m);
}

/* ---- Matching one text ------------------------------------------------ */

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

/*
 * Step 1: roadmap keys in the text.  Returns true when the text was
 * decided (one key, or several), with r filled.
 */
static bool
match_key(ovp_matcher *m, const char *text, size_t len, ovp_match *r)
{
	char buf[128];
	size_t n;
	strent *e;
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
		if (l > 0 && l < sizeof buf) {
			n = id_key(s, l, buf);
			e = strtab_get(&m->ids, buf, n);
			if (e != NULL) {
				r->kind = OVP_MATCH_KEY;
				for (uint32_t it = e->val; it != NIL; it = m->id_next[it])
					add_candidate(r, &m->rm->items[it], 1.0);
				if (r->ncandidates > 1) {
					r->kind = OVP_MATCH_AMBIGUOUS;
				} else {
					r->item = r->candidates[0].item;
				}
				r->similarity = 1.0;
				return true;
			}
		}
	}
	/* Tokens inside the text. */
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
		if (l >= sizeof buf || !has_digit(text + start, l) ||
		    (all_digits(text + start, l) && !hash))
			continue;
		n = id_key(text + start, l, buf);
		e = strtab_get(&m->ids, buf, n);
		if (e == NULL)
			continue;
		for (uint32_t it = e->val; it != NIL; it = m->id_next[it]) {
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

/* Step 2: the normalised text equals a title or alias. */
static bool
match_exact(ovp_matcher *m, const char *norm, ovp_match *r)
{
	strent *e = strtab_get(&m->exact, norm, strlen(norm));
	uint32_t first = NIL;
	bool title = false, several = false;

	if (e == NULL)
		return false;
	for (uint32_t k = e->val; k != NIL; k = m->names[k].next_exact) {
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

static int
cmp_neighbour(const void *a, const void *b)
{
	const neighbour *x = a, *y = b;

	if (x->sim != y->sim)
		return x->sim > y->sim ? -1 : 1;
	return (x->vid > y->vid) - (x->vid < y->vid);
}

/*
 * What the vocabulary holds for query word w: itself, its typo
 * neighbours, its splits.  Computed once per distinct word.  Returns the
 * qinfo index, or NIL when out of memory.  *key is set to the word as
 * stored (it lives as long as the matcher).
 */
static uint32_t
query_word(ovp_matcher *m, const char *w, size_t n, const char **key)
{
	strent *e = strtab_get(&m->qwords, w, n);
	neighbour nb[MAX_NEIGHBOURS + 1];
	uint32_t split[3 * MAX_SPLITS];
	size_t nnb = 0, nsplit = 0, ncp = count_cp(w, n);
	qinfo *q;
	uint32_t k;

	if (e != NULL) {
		*key = e->s;
		return e->val;
	}

	/* The word itself, and typo neighbours: same first byte, length within 2. */
	e = strtab_get(&m->vocab, w, n);
	if (e != NULL) {
		nb[nnb].vid = e->val;
		nb[nnb].sim = 1.0;
		nnb++;
	}
	if (n > 0 && ncp >= 4 && ncp <= MAX_WORD_CP && !has_digit(w, n)) {
		size_t lo = ncp - 2 < 4 ? 4 : ncp - 2;
		size_t hi = ncp + 2 > MAX_WORD_CP ? MAX_WORD_CP : ncp + 2;

		for (size_t l = lo; l <= hi; l++) {
			size_t b = bucket_index((unsigned char)w[0], l);

			for (uint32_t i = m->bucket_off[b]; i < m->bucket_off[b + 1]; i++) {
				const word *v = &m->vw[m->bucket[i]];
				double s;

				if (v->len == n && memcmp(v->s, w, n) == 0)
					continue;
				s = word_similarity(w, n, v->s, v->len);
				if (s <= 0)
					continue;
				nb[nnb].vid = m->bucket[i];
				nb[nnb].sim = s;
				nnb++;
				if (nnb > MAX_NEIGHBOURS) {
					qsort(nb, nnb, sizeof nb[0], cmp_neighbour);
					nnb = MAX_NEIGHBOURS;
				}
			}
		}
	}
	qsort(nb, nnb, sizeof nb[0], cmp_neighbour);

	/* Splits into two or three vocabulary words of at least two bytes each. */
	for (size_t cut = 2; cut + 2 <= n && n <= MAX_SPLIT_BYTES && nsplit < 3 * MAX_SPLITS; cut++) {
		const char *rest = w + cut;
		size_t nrest = n - cut;
		strent *a, *b, *c = NULL;

		if (((unsigned char)w[cut] & 0xC0) == 0x80)
			continue;
		a = strtab_get(&m->vocab, w, cut);
		if (a == NULL)
			continue;
		b = strtab_get(&m->vocab, rest, nrest);
		for (size_t cut2 = 2; b == NULL && cut2 + 2 <= nrest; cut2++) {
			if (((unsigned char)rest[cut2] & 0xC0) == 0x80)
				continue;
			c = strtab_get(&m->vocab, rest + cut2, nrest - cut2);
			if (c != NULL)
				b = strtab_get(&m->vocab, rest, cut2);
			if (b == NULL)
				c = NULL;
		}
		if (b == NULL)
			continue;
		split[nsplit++] = a->val;
		split[nsplit++] = b->val;
		split[nsplit++] = c != NULL ? c->val : NIL;
	}

	/* Keep it all; the word is registered last, so a failure leaves no trace. */
	if (m->nqi >= UINT32_MAX - 1 || !grow(&m->qi, &m->qicap, m->nqi + 1, sizeof *m->qi) ||
	    !grow(&m->nbpool, &m->nbpoolcap, m->nnbpool + nnb, sizeof *m->nbpool) ||
	    !grow(&m->splitpool, &m->splitpoolcap, m->nsplitpool + nsplit, sizeof *m->splitpool))
		return NIL;
	k = strtab_add(&m->qwords, &m->ar, w, n, (uint32_t)m->nqi);
	if (k == NIL)
		return NIL;
	*key = m->qwords.e[k].s;
	q = &m->qi[m->nqi];
	q->nb = (uint32_t)m->nnbpool;
	q->nnb = (uint32_t)nnb;
	if (nnb > 0)
		memcpy(m->nbpool + m->nnbpool, nb, nnb * sizeof nb[0]);
	m->nnbpool += nnb;
	q->split = (uint32_t)m->nsplitpool;
	q->nsplit = (uint32_t)(nsplit / 3);
	if (nsplit > 0)
		memcpy(m->splitpool + m->nsplitpool, split, nsplit * sizeof split[0]);
	m->nsplitpool += nsplit;
	return (uint32_t)m->nqi++;
}

/*
 * Score every name of item against the query q and keep the best.  The
 * similarities of the vocabulary's words to q's words are in m->near
 * (see near_fill()).
 */
static verdict
score_item(const ovp_matcher *m, uint32_t item, const side *q)
{
	verdict best = {0, false, false};
	size_t nq = q->n;

	const char *p = m->view + m->view_off[item], *end = m->view + m->view_off[item + 1];

	while (p < end) {
		const name_view *nm = (const name_view *)(const void *)p;
		const uint32_t *ids = (const uint32_t *)(const void *)(nm + 1);
		word t[MAX_WORDS];
		double bq[MAX_WORDS], bt[MAX_WORDS];
		side ts;
		verdict v;

		p += view_size(nm->nwords, nm->ntri);
		for (size_t i = 0; i < nq; i++)
			bq[i] = 0;
		for (size_t j = 0; j < nm->nwords; j++) {
			uint32_t vid = ids[j];
			uint32_t row = m->near_slot[vid];
			const double *sim;

			t[j] = m->vw[vid];
			if (row == 0) {
				bt[j] = 0;
				continue;
			}
			sim = m->near + (size_t)(row - 1) * nq;
			bt[j] = m->near_max[row - 1];
			for (size_t i = 0; i < nq; i++)
				if (sim[i] > bq[i])
					bq[i] = sim[i];
		}
		ts.w = t;
		ts.n = nm->nwords;
		ts.tri = ids + nm->nwords;
		ts.ntri = nm->ntri;
		ts.weight = nm->weight;
		ts.lens = nm->lens;
		ts.joins = nm->joins;
		ts.content = nm->content;
		v = score_words(q, bq, &ts, bt);
		if (v.score > best.score)
			best.score = v.score;
		best.covers |= v.covers;
		best.full |= v.full;
	}
	return best;
}

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
 * asked for: a verdict reads the first few items, seldom all of them.
 * The first call orders the best SORTED_HEAD in one pass, an insertion
 * sort that only the few better than the head's last item take part in;
 * any further item is found by a pass over the rest.
 */
static const scored *
kth_best(scored *sc, size_t n, size_t *sorted, size_t k)
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

/* Whether sorted list [lo, hi) holds item. */
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
 * Add w to the shared weight of every item on list (n of them), noting
 * in touched[nt...] the items seen for the first time; returns the new
 * count.  The note is stored for every item and kept only when its
 * weight was still 0, so that walking a list of thousands has no branch
 * to mispredict (touched has room for one item more than the roadmap for
 * that store).  Every weight added is positive, so a touched item never
 * has weight 0 again and is noted once.
 */
static size_t
walk_new(float *acc, uint32_t *touched, size_t nt, const uint32_t *list, uint32_t n, float w)
{
	if (!(w > 0))
		return nt;
	UNROLL4
	for (uint32_t k = 0; k < n; k++) {
		uint32_t item = list[k];
		float a = acc[item];

		touched[nt] = item;
		nt += a <= 0; /* == 0, as weights are never negative, in fewer instructions */
		acc[item] = a + w;
	}
	return nt;
}

/*
 * walk_new() when no item has been touched yet (nt is 0): every item on
 * the list is new, and its weight 0 + w is w.  Lists hold no item twice.
 */
static size_t
walk_first(float *acc, uint32_t *touched, const uint32_t *list, uint32_t n, float w)
{
	if (!(w > 0) || n == 0)
		return 0;
	memcpy(touched, list, n * sizeof *list);
	UNROLL4
	for (uint32_t k = 0; k < n; k++)
		acc[list[k]] = w;
	return n;
}

/*
 * Add w to the shared weight of the items on list that were touched
 * already.  The others get 0 added, which leaves them at 0 (and x + 0 is
 * exactly x): whether an item was touched is a coin toss, and picking the
 * addend from a table needs no branch on it.
 */
static void
walk_old(float *acc, const uint32_t *list, uint32_t n, float w)
{
	const float add[2] = {0.0f, w};

	UNROLL4
	for (uint32_t k = 0; k < n; k++) {
		uint32_t item = list[k];
		float a = acc[item];

		acc[item] = a + add[a > 0];
	}
}

/*
 * The rank of a candidate as one integer, greater for a better one: its
 * shared weight (a positive float orders like its bits), then the lower
 * item.  One comparison instead of two, in the selection below.  The
 * weight's bits are at least 1, and taking the item away from them
 * shifted up by 32 orders the keys as (bits, ~item) would, in one
 * instruction less.
 */
static uint64_t
rank_key(float acc, uint32_t item)
{
	uint32_t bits;

	memcpy(&bits, &acc, sizeof bits);
	return ((uint64_t)bits << 32) - item;
}

static uint32_t
rank_item(uint64_t key)
{
	return (uint32_t)0 - (uint32_t)key;
}

/*
 * Restore the min-heap h[0..n) below position i.  h[n] must be
 * UINT64_MAX: then a node whose left child is the last one has a right
 * child too, never the smaller, and the loop needs no test for it.
 */
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

/* Move the k greatest of the distinct keys[0..n) to keys[0..k), best first (k small). */
static void
select_greatest(uint64_t *key, size_t n, size_t k)
{
	for (size_t i = 0; i < k && i < n; i++) {
		size_t best = i;
		uint64_t t;

		for (size_t j = i + 1; j < n; j++)
			if (key[j] > key[best])
				best = j;
		t = key[i];
		key[i] = key[best];
		key[best] = t;
	}
}

/*
 * Put the ranks of the best k of the nt touched items into heap[] (room
 * for k + 1), in no particular order, and clear the items' weights for
 * the next text.  Returns how many there are.  A min-heap of the best k
 * so far: most items lose to its root at once, and the worst case stays
 * nt log k whatever the input.
 */
static size_t
rank_touched(float *acc, const uint32_t *touched, size_t nt, uint64_t *heap, size_t k)
{
	size_t n = nt < k ? nt : k;
	uint64_t root; /* the worst of the best k so far, heap[0] */

	for (size_t i = 0; i < n; i++) {
		uint32_t item = touched[i];

		heap[i] = rank_key(acc[item], item);
		acc[item] = 0;
	}
	if (nt <= k)
		return nt;
	heap[k] = UINT64_MAX;
	for (size_t i = k / 2; i-- > 0;)
		sift_down(heap, k, i);
	root = heap[0];
	UNROLL4
	for (size_t i = k; i < nt; i++) {
		uint32_t item = touched[i];
		uint64_t x = rank_key(acc[item], item);

		acc[item] = 0;
		if (x > root) {
			heap[0] = x;
			sift_down(heap, k, 0);
			root = heap[0];
		}
	}
	return k;
}

/*
 * Find the candidates of the query words through the index, at most
 * MAX_SCORED of them, into out (in no particular order: the caller ranks
 * them by score).  Returns the count.
 */
static size_t
find_candidates(ovp_matcher *m, const word *q, size_t nq, const uint32_t *qinfo_ids,
                uint32_t *out)
{
	term terms[MAX_WORDS * (MAX_NEIGHBOURS + 3 * MAX_SPLITS + 2)];
	size_t nterms = 0, walked = 0, updated = 0, nlong = 0, nt = 0, npick, nout = 0;
	term longs[sizeof terms / sizeof terms[0]];
	double rest[sizeof terms / sizeof terms[0] + 1];
	float *acc = m->acc;
	uint32_t *touched = m->touched;
	uint64_t key[MAX_SCORED + 1], need_key;
	double need;
	bool any_content = false;
	char joined[MAX_TRIGRAM_TEXT];

	for (size_t i = 0; i < nq; i++)
		any_content |= !q[i].filler;
	for (size_t i = 0; i < nq; i++) {
		const qinfo *info = &m->qi[qinfo_ids[i]];
		double w = q[i].weight;

		if (any_content && q[i].filler)
			continue;
		for (uint32_t k = 0; k < info->nnb; k++) {
			terms[nterms].vid = m->nbpool[info->nb + k].vid;
			terms[nterms].weight = w * m->nbpool[info->nb + k].sim;
			nterms++;
		}
		for (uint32_t k = 0; k < info->nsplit; k++) {
			const uint32_t *part = m->splitpool + info->split + 3 * k;
			size_t parts = part[2] == NIL ? 2 : 3;

			for (size_t j = 0; j < parts; j++) {
				terms[nterms].vid = part[j];
				terms[nterms++].weight = w / (double)parts;
			}
		}
		/* Adjacent words that join into one roadmap word. */
		for (size_t len = 2; len <= 3 && i + len <= nq; len++) {
			size_t l = 0;
			strent *e;

			for (size_t k = i; k < i + len && l <= sizeof joined; k++) {
				if (q[k].len > sizeof joined - l) {
					l = sizeof joined + 1;
					break;
				}
				memcpy(joined + l, q[k].s, q[k].len);
				l += q[k].len;
			}
			if (l > sizeof joined)
				continue;
			e = strtab_get(&m->vocab, joined, l);
			if (e != NULL) {
				terms[nterms].vid = e->val;
				terms[nterms].weight = 0;
				for (size_t k = i; k < i + len; k++)
					terms[nterms].weight += q[k].weight;
				nterms++;
			}
		}
	}
	if (nterms == 0)
		return 0;

	/* One term per vocabulary word, with its largest weight (insertion sort: few terms). */
	for (size_t i = 1; i < nterms; i++) {
		term t = terms[i];
		size_t j = i;

		while (j > 0 && terms[j - 1].vid > t.vid) {
			terms[j] = terms[j - 1];
			j--;
		}
		terms[j] = t;
	}
	{
		size_t u = 0;
		for (size_t i = 0; i < nterms; i++) {
			if (u > 0 && terms[u - 1].vid == terms[i].vid) {
				if (terms[i].weight > terms[u - 1].weight)
					terms[u - 1].weight = terms[i].weight;
			} else {
				terms[u++] = terms[i];
			}
		}
		nterms = u;
	}
	/* Rarest first (insertion sort: few terms). */
	for (size_t i = 1; i < nterms; i++) {
		term t = terms[i];
		uint32_t df = m->post_off[t.vid + 1] - m->post_off[t.vid];
		size_t j = i;

		while (j > 0 && m->post_off[terms[j - 1].vid + 1] - m->post_off[terms[j - 1].vid] > df) {
			terms[j] = terms[j - 1];
			j--;
		}
		terms[j] = t;
	}

	/*
	 * The least shared weight that can still reach min_similarity: the
	 * score is at most 0.8 word + 0.2 and word at most (cover + 1) / 2,
	 * so the text's coverage must be at least c = 2.5 min - 1.5, and the
	 * filler words (not looked up) give at most their weight.  It is
	 * capped at half the weight looked up, so that items containing every
	 * word with typos still count for the ambiguity rule.
	 */
	{
		double wq = 0, wfill = 0, wlook = 0;

		for (size_t i = 0; i < nq; i++) {
			wq += q[i].weight;
			if (any_content && q[i].filler)
				wfill += q[i].weight;
			else
				wlook += q[i].weight;
		}
		need = (2.5 * m->min_similarity - 1.5) * wq - wfill;
		if (need > 0.5 * wlook)
			need = 0.5 * wlook;
		need -= 1e-6; /* the weights are summed as floats */
	}
	/* rest[i]: the most weight an item first found by term i can gather. */
	rest[nterms] = 0;
	for (size_t i = nterms; i-- > 0;)
		rest[i] = rest[i + 1] + terms[i].weight;

	/*
	 * Rarest first, terms that can still make an item viable bring in
	 * new items, within the walking budget; the others only add to the
	 * items found.
	 */
	/*
	 * The weights are added as floats, term by term in this order, to
	 * each item: the order fixes the sums, and with them the ranking.
	 */
	for (size_t i = 0; i < nterms; i++) {
		uint32_t off = m->post_off[terms[i].vid];
		uint32_t df = m->post_off[terms[i].vid + 1] - off;

		if (rest[i] < need || walked + df > WALK_BUDGET) {
			longs[nlong++] = terms[i];
			continue;
		}
		walked += df;
		if (nt == 0)
			nt = walk_first(acc, touched, m->post + off, df, (float)terms[i].weight);
		else
			nt = walk_new(acc, touched, nt, m->post + off, df, (float)terms[i].weight);
	}
	if (nt == 0 && nlong > 0) {
		/* Only very common words: walk part of the rarest of them. */
		uint32_t off = m->post_off[longs[0].vid];
		uint32_t df = m->post_off[longs[0].vid + 1] - off;

		if (df > WALK_BUDGET)
			df = WALK_BUDGET;
		nt = walk_first(acc, touched, m->post + off, df, (float)longs[0].weight);
		memmove(longs, longs + 1, (nlong - 1) * sizeof longs[0]);
		nlong--;
	}
	for (size_t l = 0; l < nlong && nt > 0; l++) {
		uint32_t off = m->post_off[longs[l].vid];
		uint32_t df = m->post_off[longs[l].vid + 1] - off;
		float w = (float)longs[l].weight;
		size_t cost = (size_t)df < 16 * nt ? df : 16 * nt;

		/* The commonest words are the last and the least telling: stop at the budget. */
		if (updated + cost > UPDATE_BUDGET)
			break;
		updated += cost;
		/* Whichever is cheaper: look the found items up, or walk the list. */
		if ((size_t)df > 16 * nt) {
			for (size_t k = 0; k < nt; k++)
				if (list_has(m->post + off, df, touched[k]))
					acc[touched[k]] += w;
		} else {
			walk_old(acc, m->post + off, df, w);
		}
	}

	/*
	 * The best MAX_SCORED viable items by shared weight, or when none is
	 * viable the best few, so that there is something to explain.  Being
	 * viable is having a key of at least need_key, so the viable items
	 * among the best MAX_SCORED of all are the best MAX_SCORED viable
	 * ones, and one selection serves both.
	 */
	npick = rank_touched(acc, touched, nt, key, MAX_SCORED);
	{
		/* The least float that is (as a double) at least need. */
		float needf = (float)need;

		if ((double)needf < need)
			needf = nextafterf(needf, INFINITY);
		need_key = needf > 0 ? rank_key(needf, UINT32_MAX) : 0;
	}
	for (size_t k = 0; k < npick; k++)
		if (key[k] >= need_key)
			out[nout++] = rank_item(key[k]);
	if (nout > 0)
		return nout;
	select_greatest(key, npick, OVP_MATCH_MAX_CANDIDATES);
	if (npick > OVP_MATCH_MAX_CANDIDATES)
		npick = OVP_MATCH_MAX_CANDIDATES;
	for (size_t k = 0; k < npick; k++)
		out[k] = rank_item(key[k]);
	return npick;
}

/*
 * Note in m->near, for every vocabulary word near a word of q (itself or
 * a typo neighbour, from qinfo_ids), its similarity to each word of q.
 * False when out of memory, with nothing noted.
 */
static bool
near_fill(ovp_matcher *m, const side *q, const uint32_t *qinfo_ids)
{
	size_t nq = q->n, most = 0, rows = 0;

	for (size_t i = 0; i < nq; i++)
		most += m->qi[qinfo_ids[i]].nnb;
	if (!grow(&m->near, &m->near_cap, most * nq, sizeof *m->near) ||
	    !grow(&m->near_max, &m->near_rows_cap, most, sizeof *m->near_max) ||
	    !grow(&m->near_vid, &m->near_vid_cap, most, sizeof *m->near_vid))
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
				m->near_vid[row - 1] = nb->vid;
				m->near_max[row - 1] = 0;
				sim = m->near + (size_t)(row - 1) * nq;
				for (size_t k = 0; k < nq; k++)
					sim[k] = 0;
			}
			/* A word's neighbours are distinct, so each cell is set once. */
			m->near[(size_t)(row - 1) * nq + i] = nb->sim;
			if (nb->sim > m->near_max[row - 1])
				m->near_max[row - 1] = nb->sim;
		}
	}
	m->near_rows = rows;
	return true;
}

/* Forget what near_fill() noted, for the next text. */
static void
near_clear(ovp_matcher *m)
{
	for (size_t r = 0; r < m->near_rows; r++)
		m->near_slot[m->near_vid[r]] = 0;
	m->near_rows = 0;
}

/* Step 3: the approximate match.  False when out of memory. */
static bool
match_fuzzy(ovp_matcher *m, const char *norm, ovp_match *r)
{
	size_t len = strlen(norm);
	/* Most texts are short: their folded words need no allocation. */
	char small[256];
	char *buf = len < sizeof small ? small : malloc(len + 1);
	word q[MAX_WORDS];
	uint32_t qinfo_ids[MAX_WORDS];
	uint32_t qset[TRISET_SIZE], quniq[MAX_TRIGRAM_TEXT], qids[MAX_TRIGRAM_TEXT];
	size_t nqids = 0;
	uint32_t cand[MAX_SCORED];
	scored sc[MAX_SCORED];
	size_t nq, ncand, ncover = 0, sorted = 0;
	side qs;
	bool any_full = false;

	if (buf == NULL)
		return false;
	nq = split_words(norm, buf, q);
	for (size_t i = 0; i < nq; i++) {
		const char *key;

		qinfo_ids[i] = query_word(m, q[i].s, q[i].len, &key);
		if (qinfo_ids[i] == NIL) {
			if (buf != small)
				free(buf);
			return false;
		}
		q[i].s = key;
	}
	if (buf != small)
		free(buf);
	side_init(&qs, q, nq, qset, quniq);

	ncand = find_candidates(m, q, nq, qinfo_ids, cand);
	/*
	 * The candidates are scattered over the roadmap: ask for all their
	 * records first, so that the fetches from memory overlap instead of
	 * coming one after the other as each candidate is scored.
	 */
	for (size_t k = 0; k < ncand; k++)
		PREFETCH(&m->view_off[cand[k]]);
	for (size_t k = 0; k < ncand; k++) {
		size_t off = m->view_off[cand[k]], end = m->view_off[cand[k] + 1];

		/* An item's records are mostly two or three lines long; a few
		 * items have many aliases, and their first lines will do. */
		for (size_t line = 0; line < 4 && off + 64 * line < end; line++)
			PREFETCH(m->view + off + 64 * line);
	}
	if (ncand > 0 && !near_fill(m, &qs, qinfo_ids))
		return false;
	/* The text's trigrams that some name has, flagged; the others cannot be shared. */
	for (size_t i = 0; i < qs.ntri; i++) {
		uint32_t id = tri_find(m, quniq[i]);

		if (id != NIL) {
			m->tri_flag[id] = 1;
			qids[nqids++] = id;
		}
	}
	qs.triflag = m->tri_flag;
	for (size_t k = 0; k < ncand; k++) {
		sc[k].item = cand[k];
		sc[k].v = score_item(m, cand[k], &qs);
		ncover += sc[k].v.covers;
		any_full |= sc[k].v.full;
	}
	near_clear(m);
	for (size_t i = 0; i < nqids; i++)
		m->tri_flag[qids[i]] = 0;
	r->scored = (unsigned long)ncand;

	/* From here on the items are read best first, then in item order. */
	r->kind = OVP_MATCH_NONE;
	r->similarity = ncand > 0 ? kth_best(sc, ncand, &sorted, 0)->v.score : 0.0;
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
			return true;
		}
		if (any_full || ncover < 2) {
			r->kind = OVP_MATCH_FUZZY;
			r->item = &m->rm->items[sc[0].item];
		}
	}
	if (r->kind == OVP_MATCH_NONE && ncover >= 2 && !any_full) {
		r->kind = OVP_MATCH_AMBIGUOUS;
		for (size_t k = 0; k < ncand && r->ncandidates < OVP_MATCH_MAX_CANDIDATES; k++)
			if (kth_best(sc, ncand, &sorted, k)->v.covers)
				add_candidate(r, &m->rm->items[sc[k].item], sc[k].v.score);
		return true;
	}
	for (size_t k = 0; k < ncand && r->ncandidates < OVP_MATCH_MAX_CANDIDATES; k++) {
		const scored *x = kth_best(sc, ncand, &sorted, k);

		add_candidate(r, &m->rm->items[x->item], x->v.score);
	}
	return true;
}

/* ---- The cache of matched texts --------------------------------------- */

/* A cache line, to which a text and its result are aligned together. */
#define LINE 64

/* Where the text of a result of len bytes starts: len rounded up to 8 before it. */
static size_t
text_gap(size_t len)
{
	return (len + 7) / 8 * 8;
}

static const char *
text_key(const text_slot *s)
{
	return (const char *)s->r - text_gap(s->len);
}

/*
 * A zeroed result for a text of len bytes, with a copy of the text just
 * before it, both starting a cache line: for the usual texts of up to
 * 40 bytes one line holds the text and the fields of the result read
 * first, so that a lookup that finds its text costs the slot's line and
 * that one.  NULL when out of memory.
 */
static ovp_match *
text_new(ovp_matcher *m, const char *text, size_t len)
{
	char *p = arena_alloc_aligned(&m->ar, text_gap(len) + sizeof(ovp_match), LINE);
	ovp_match *r;

	if (p == NULL)
		return NULL;
	memcpy(p, text, len);
	r = (ovp_match *)(void *)(p + text_gap(len));
	memset(r, 0, sizeof *r);
	return r;
}

/*
 * Make room for one more text in the cache, which is kept at most three
 * quarters full.  False when out of memory.
 */
static bool
text_room(ovp_matcher *m)
{
	size_t size = m->tslot != NULL ? (m->tmask + 1) * 2 : 1024;
	text_slot *slot;

	if (m->tslot != NULL && (m->ntexts + 1) * 4 <= (m->tmask + 1) * 3)
		return true;
	if (size > SIZE_MAX / sizeof *slot)
		return false;
	slot = calloc(size, sizeof *slot);
	if (slot == NULL)
		return false;
	for (size_t k = 0; m->tslot != NULL && k <= m->tmask; k++) {
		size_t i;

		if (m->tslot[k].r == NULL)
			continue;
		for (i = m->tslot[k].hash & (size - 1); slot[i].r != NULL; i = (i + 1) & (size - 1))
			;
		slot[i] = m->tslot[k];
	}
	free(m->tslot);
	m->tslot = slot;
	m->tmask = size - 1;
	return true;
}

const ovp_match *
ovp_matcher_match(ovp_matcher *m, const char *text, size_t len)
{
	ovp_match *r;
	char *norm;
	uint32_t h;
	size_t i;

	if (m == NULL)
		return NULL;
	if (text == NULL) {
		text = "";
		len = 0;
	}
	if (len > UINT32_MAX)
		return NULL;
	h = (uint32_t)hash_text(text, len);
	for (i = h & m->tmask; m->tslot != NULL && m->tslot[i].r != NULL; i = (i + 1) & m->tmask) {
		const text_slot *s = &m->tslot[i];

		if (s->hash == h && s->len == len && memcmp(text_key(s), text, len) == 0)
			return s->r;
	}
	if (m->ntexts >= MAX_TEXTS || !text_room(m))
		return NULL;
	r = text_new(m, text, len);
	if (r == NULL)
		return NULL;
	if (!match_key(m, text, len, r)) {
		norm = ovp_normalize(text, len);
		if (norm == NULL)
			return NULL;
		if (*norm != '\0' && !match_exact(m, norm, r) && !match_fuzzy(m, norm, r)) {
			free(norm);
			return NULL;
		}
		free(norm);
	}
	/* text_room() may have rehashed the table since the probe above. */
	for (i = h & m->tmask; m->tslot[i].r != NULL; i = (i + 1) & m->tmask)
		;
	m->tslot[i].hash = h;
	m->tslot[i].len = (uint32_t)len;
	m->tslot[i].r = r;
	m->ntexts++;
	return r;
}

double
ovp_similarity(const char *a, size_t alen, const char *b, size_t blen)
{
	char *na = ovp_normalize(a, alen), *nb = ovp_normalize(b, blen);
	char *ba = NULL, *bb = NULL;
	word wa[MAX_WORDS], wb[MAX_WORDS];
	uint32_t aset[TRISET_SIZE], tb[MAX_TRIGRAM_TEXT];
	double ba_best[MAX_WORDS], bb_best[MAX_WORDS];
	side sa, sb;
	size_t nwa, nwb;
	double score = 0;

	if (na == NULL || nb == NULL)
		goto done;
	if (strcmp(na, nb) == 0) {
		score = *na != '\0' ? 1.0 : 0.0;
		goto done;
	}
	ba = malloc(strlen(na) + 1);
	bb = malloc(strlen(nb) + 1);
	if (ba == NULL || bb == NULL)
		goto done;
	nwa = split_words(na, ba, wa);
	nwb = split_words(nb, bb, wb);

	for (size_t j = 0; j < nwb; j++)
		bb_best[j] = 0;
	for (size_t i = 0; i < nwa; i++) {
		ba_best[i] = 0;
		for (size_t j = 0; j < nwb; j++) {
			double s = word_similarity(wa[i].s, wa[i].len, wb[j].s, wb[j].len);

			if (s > ba_best[i])
				ba_best[i] = s;
			if (s > bb_best[j])
				bb_best[j] = s;
		}
	}
	side_init(&sa, wa, nwa, aset, NULL);
	side_init(&sb, wb, nwb, NULL, NULL);
	sb.tri = tb;
	sb.ntri = trigrams(wb, nwb, tb);
	score = score_words(&sa, ba_best, &sb, bb_best).score;
done:
	free(na);
	free(nb);
	free(ba);
	free(bb);
	return score;
}
