/*
 * The matcher's insides, shared by the files of src/match/:
 *
 *   words.c    text as the matcher reads it: noise removed, words split,
 *              folded, stemmed, compared for typos
 *   score.c    the score of a text against one name of an item
 *   index.c    the index built once over the roadmap (ovp_matcher_new)
 *   search.c   what the index holds for a text: its words' neighbours and
 *              the candidate items
 *   matcher.c  the public entry: keys, exact names, the approximate
 *              decision
 *   cache.c    the bounded cache of the results of texts matched
 *
 * The documentation of the score is at the top of score.c (the README
 * copies it).
 */
#ifndef OVP_MATCH_IMPL_H
#define OVP_MATCH_IMPL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <overpromise/match.h>

#include "../util/arena.h"
#include "../util/grow.h"
#include "../util/intern.h"

/* Ask for the cache line at p ahead of its use, where the compiler knows how. */
#if defined(__GNUC__) || defined(__clang__)
#define PREFETCH(p) __builtin_prefetch(p)
#else
#define PREFETCH(p) ((void)(p))
#endif

/* Most items scored for one text; ovp_match.scored never exceeds it. */
#define MAX_SCORED 50
/* Most posting-list entries walked to find the candidates of one text. */
#define WALK_BUDGET 20000
/* Most steps spent adding common words' weight to the candidates found. */
#define UPDATE_BUDGET (8 * WALK_BUDGET)
/* Words of a text or name taken into account; the rest is ignored. */
#define MAX_WORDS 32
/* Longest word, in code points, that is compared for typos. */
#define MAX_WORD_CP 48
/* Longest word, in bytes, that is stemmed or taken as an abbreviation. */
#define MAX_STEM_BYTES 64
/* Neighbours kept for one word of a text (the most similar). */
#define MAX_NEIGHBOURS 32
/* Ways of splitting one word into two roadmap words that are tried. */
#define MAX_SPLITS 4
/* Longest word, in bytes, that is tried as two or three words joined: the
 * search takes time cubic in the length (a 1 MiB word once took hours). */
#define MAX_SPLIT_BYTES 192
/* Bytes of adjacent words joined into one that are looked up. */
#define MAX_JOIN_BYTES 256
/* Results a matcher keeps for reuse unless told otherwise (ovp_matcher_set_cache()). */
#define MATCH_CACHE_DEFAULT 131072
/* Most results it can be told to keep. */
#define MATCH_CACHE_MAX (1ul << 24)
/* Longest text, in bytes, whose result is kept. */
#define MATCH_CACHE_TEXT_MAX 4096
/* Distinct words of texts whose neighbours are remembered; then they are all forgotten. */
#define MAX_QWORDS 65536
/* Letters of an acronym: initials of that many adjacent words. */
#define ACRONYM_MIN 3
#define ACRONYM_MAX 6
/* Most acronyms of a text's adjacent words looked up. */
#define MAX_RUNS 64
/* The Snowball stemmers: English, Swedish, German, French. */
#define NLANG 4

#define FILLER_WEIGHT 0.1
#define DIGIT_WEIGHT 2.0
#define IDF_FLOOR 0.2
#define STEM_SIM 0.9
#define PREFIX_SIM 0.85
#define ACRONYM_SIM 0.9
#define KNOWN_ACRONYM_SIM 0.75
#define LONE_PENALTY 0.5
#define MANY_PENALTY 0.2
#define TIE_MARGIN 0.05
#define EPSILON 1e-9

#define NIL UINT32_MAX

/* The index of the lowest bit set in x (not 0). */
static inline unsigned
lowest_bit(uint32_t x)
{
#if defined(__GNUC__) || defined(__clang__)
	return (unsigned)__builtin_ctz(x);
#else
	unsigned i = 0;

	while (!(x >> i & 1u))
		i++;
	return i;
#endif
}

/* ---- words.c ---------------------------------------------------------- */

/* How a name writes one of its words. */
typedef enum word_case {
	CASE_NONE,  /* no letters, or no telling (a capital letter alone, a long word shouted) */
	CASE_LOWER, /* in lower case: "ticket" in "Zendesk ticket sync" */
	CASE_CAPS,  /* in capitals: "SCIM", "BYOK" */
	CASE_INNER, /* with a capital inside: "HubSpot", "iOS", "XRechnung" */
	CASE_PLAIN, /* capitalised inside a sentence: "Splunk" in "Audit log streaming to Splunk" */
	CASE_FIRST, /* capitalised as a sentence's first word: "Shopify storefront integration" */
	CASE_TITLE, /* capitalised in a Title Case name: "Ticket" in "Zendesk Ticket Sync" */
	CASE_UNSURE /* capitalised in a name too short to tell: "Notion" in "Import from Notion" */
} word_case;

/* How a name is written as a whole (see word_cases()). */
typedef enum name_style {
	STYLE_UNKNOWN,
	STYLE_SENTENCE, /* "Zendesk ticket sync" */
	STYLE_TITLE     /* "Zendesk Ticket Sync" */
} name_style;

/* One word of a text or name. */
typedef struct word {
	const char *s;
	uint32_t len;
	uint32_t id;    /* vocabulary id (names) or query word index */
	bool filler;
	bool digit;     /* holds a digit: a version or model number */
	bool caps;      /* vocabulary: written in capitals in some name (an acronym) */
	bool lower;     /* vocabulary: written in lower case in some name (an ordinary word) */
	bool named;     /* vocabulary: written as a name somewhere (see word_cases()) */
	bool unsure;    /* vocabulary: capitalised in a name whose style is not known */
	double weight;  /* a name's: filler, digit or 1 */
} word;

/* The Snowball stemmers of the NLANG languages (NULL where one is missing). */
typedef struct stemmers {
	struct sb_stemmer *sb[NLANG];
} stemmers;

/* Create the stemmers; false when out of memory. */
bool stemmers_new(stemmers *st);
void stemmers_free(stemmers *st);

/*
 * The stem of the n bytes at w in language lang into out (room for
 * MAX_STEM_BYTES + 1), or 0 when there is none worth keeping (a short
 * word, a word with digits, a stem equal to the word or too short).
 */
size_t stem_word(const stemmers *st, int lang, const char *w, size_t n, char *out);

/*
 * The text as the matcher reads it: list bullets and numbering at its
 * start and bracketed tags removed, "&" and "+" read as "and", then
 * normalised (ovp_normalize()).  A text that is all noise is normalised
 * as it is.  NULL when out of memory.
 */
char *clean_normalize(const char *s, size_t len);

/*
 * clean_normalize(), and whether the result is also ovp_normalize() of
 * the text as it is (nothing was cleaned away) into *as_written.
 */
char *clean_normalize_as(const char *s, size_t len, bool *as_written);

/*
 * The words of s (len bytes) written in ASCII capitals, ACRONYM_MIN to
 * ACRONYM_MAX characters (at most 4 when the text has no lower-case
 * letter) of which two or more are letters and the others digits,
 * lower-cased and each followed by a space, into out (room for len + 1).
 * Returns the length.
 */
size_t caps_words(const char *s, size_t len, char *out);

/*
 * How the raw text raw (len bytes) of a name writes each of its nw words
 * w (split from the same text, cleaned and normalised), into out, and
 * the name as a whole into *style.  Returns nw, or 0 when the text's
 * tokens are not its words one for one (the name then gives no
 * evidence).
 */
size_t word_cases(const char *raw, size_t len, const word *w, size_t nw, word_case *out,
                  name_style *style);

/*
 * The digit that the n-byte word w is ("2") or spells ("two", "två",
 * "zwei", "deux"), for 2 to 9; 0 when it is none.  In an acronym a digit
 * stands for such a word: "2FA" is "two-factor authentication".
 */
char number_digit(const char *w, size_t n);

/* Whether the n-byte word w is in the space-separated list caps. */
bool in_caps(const char *caps, size_t ncaps, const char *w, size_t n);

bool is_filler(const char *w, size_t n);

/* Whether the n bytes at w hold an ASCII digit.  Inline: most words are short. */
static inline bool
has_digit(const char *w, size_t n)
{
	size_t i = 0;

	/*
	 * Eight bytes at a time: a digit is a byte below 10 once '0' is
	 * flipped out of it, and a word has a byte below 10 exactly when
	 * taking 10 from each borrows into a byte that was below 0x80.
	 */
	for (; i + 8 <= n; i += 8) {
		uint64_t x;

		memcpy(&x, w + i, sizeof x);
		x ^= UINT64_C(0x3030303030303030);
		if (((x - UINT64_C(0x0A0A0A0A0A0A0A0A)) & ~x & UINT64_C(0x8080808080808080)) != 0)
			return true;
	}
	for (; i < n; i++)
		if (w[i] >= '0' && w[i] <= '9')
			return true;
	return false;
}

bool all_digits(const char *s, size_t n);
size_t count_cp(const char *w, size_t n);

/*
 * Split normalised text into at most MAX_WORDS folded words.  The folded
 * bytes go to buf (at least strlen(norm) + 1 bytes); words point into it.
 */
size_t split_words(const char *norm, char *buf, word *w);

/*
 * The word of a normalised text at p (l bytes, no space) folded into
 * out (room for l + 1 bytes) and described in *w, as split_words() does
 * (the word's id is left to the caller).  Returns the folded length.
 */
size_t read_word(const char *p, size_t l, char *out, word *w);

/* A word's weight as a name has it: filler, digit or 1. */
static inline double
word_weight(bool filler, bool digit)
{
	return filler ? FILLER_WEIGHT : digit ? DIGIT_WEIGHT : 1.0;
}

/*
 * The similarity of two folded words as typos of one another: 1 when
 * equal, 1 - 1.2 d / n for d typos in words whose shorter has n letters
 * (see score.c), else 0.  first: the first letters may differ.
 */
double typo_similarity(const char *a, size_t la, const char *b, size_t lb, bool first);

/* The word with every run of one letter made one letter, into out; returns its length. */
size_t squeeze(const char *w, size_t n, char *out);

/* ---- score.c ---------------------------------------------------------- */

/* What scoring a name against the text found out. */
typedef struct verdict {
	double score;
	bool covers; /* every content word of the text has a counterpart */
	bool full;   /* and every content word of the name has one too */
	bool lone;   /* the text says one ordinary word (see score.c) */
	bool initials; /* a word of the text is the initials of words of the name */
} verdict;

/* An acronym of adjacent text words that is a word of the name: words [start, start + n). */
typedef struct run_link {
	uint32_t vid;
	uint8_t start, n;
} run_link;

/*
 * One text as the scorer sees it.  bq[] come in as each word's best
 * similarity with a word of the name; acro[i] is the acronym word i
 * stands for, or NULL.
 */
typedef struct query {
	const word *w;
	size_t n;
	const double *weight;     /* per word: filler, digit, or the roadmap's rarity */
	const char *const *acro;  /* per word: its letters when it may be an acronym, else NULL;
	                           * NULL when no word may be */
	const double *acro_sim;   /* per word: the similarity of its acronym match */
	const bool *distinct;     /* per word: a name or acronym of the roadmap's (see score.c) */
	const run_link *runs;     /* acronyms of its adjacent words that are vocabulary words */
	size_t nruns;
	uint64_t lens;            /* word_lengths() of the words that may be two or three
	                           * vocabulary words written together (qinfo.joined) */
	uint64_t joins;           /* join_lengths() */
	bool content;             /* some word is not filler */
	/* Set by query_prepare(), for score_plain(): */
	bool plain;               /* no word may be an acronym and no run links it */
	bool plain_lone;          /* with no word standing for several, it says one ordinary word */
	uint32_t counted;         /* a bit for each word that must find a counterpart */
	double den;               /* the sum of the weights, in word order */
} query;

/* One name as the scorer sees it. */
typedef struct name_side {
	const word *w;   /* the vocabulary's words */
	const uint32_t *vid;
	size_t n;
	uint64_t lens, joins;
} name_side;

/* Bit min(length, 63) set for the byte length of every word. */
uint64_t word_lengths(const word *w, size_t n);

/*
 * Bit min(length, 63) set for the byte length of every two or three
 * adjacent words written together: a word of the other text can only
 * equal such a join when its length bit is set.
 */
uint64_t join_lengths(const word *w, size_t n);

/*
 * Score name t against text q, as documented at the top of score.c.
 * bq[i] and bt[j] come in as the best similarity of each word with any
 * word of the other text, and are used up.
 */
verdict score_name(const query *q, double *bq, const name_side *t, double *bt);

/* Fill in what score_plain() reads of q, once its other fields are set. */
void query_prepare(query *q);

/*
 * Whether score_plain() scores a name of words of the lengths lens and
 * joins (word_lengths(), join_lengths()) as score_name() does: when no
 * acronym, run or join of the text can touch it.
 */
static inline bool
is_plain(const query *q, uint64_t lens, uint64_t joins)
{
	return q->plain && !(q->lens & joins) && !(lens & q->joins);
}

/*
 * Whether the text says one word only (said: its words that count, the
 * last of them at last), which settles a longer name only when it is a
 * name of the roadmap's.
 */
static inline bool
says_lone(const query *q, size_t said, size_t last)
{
	return said <= 1 && !(q->content && q->distinct != NULL && q->distinct[last]);
}

/*
 * The score from the sums of the text's side (num of den) and the name's
 * (tnum of tden), whether the text says one ordinary word (lone), and
 * whether the words that count have a counterpart on each side.
 */
static inline verdict
settle(const query *q, double num, double den, double tnum, double tden, bool lone, bool allq,
       bool allt)
{
	double cq = den > 0 ? num / den : 0, ct = tden > 0 ? tnum / tden : 0;
	double p = lone ? LONE_PENALTY : MANY_PENALTY;
	verdict v = {0, false, false, false, false};

	v.lone = lone;
	v.score = cq * (1 - p * (1 - ct));
	if (v.score > 1)
		v.score = 1;
	v.covers = q->content && allq;
	v.full = v.covers && allt;
	return v;
}

/*
 * score_name() of a name of one word or more that is_plain(), from what
 * its words found: bq[] as score_name() takes it for the text's words
 * with a bit in hit (those near some word of the name; the others' are
 * 0 and not read), tnum the sum of the weights of the name's words with
 * a counterpart and tden of all of them (each in word order), all
 * whether every word that counts (its content words, or all when it has
 * none) has one.  Inline: it is called for most names scored.
 *
 * The sums are those of score_name(), term by term in the same order: a
 * word without a counterpart adds 0 there, which changes no sum of
 * weights above 0 (nor the sum 0 it starts from), so only the words
 * with one are added.
 */
static inline verdict
score_plain(const query *q, const double *bq, uint32_t hit, double tnum, double tden, bool all)
{
	double num = 0;

	for (uint32_t left = hit; left != 0; left &= left - 1) {
		unsigned i = lowest_bit(left);

		num += q->weight[i] * bq[i];
	}
	return settle(q, num, q->den, tnum, tden, q->plain_lone, (q->counted & ~hit) == 0, all);
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
 * A name as scoring reads it: its word count, followed by its nwords
 * vocabulary ids (uint32_t each).  The records of an item
 * follow one another, and the items follow one another in item order,
 * so that scoring a candidate reads one stretch of memory.
 */
typedef struct name_view {
	uint64_t lens, joins;  /* word_lengths(), join_lengths() */
	double weight;         /* the sum of its words' weights, in word order */
	uint32_t nwords;
	uint32_t filler, digit; /* a bit for each filler word, each word with a digit */
	uint32_t counted;       /* a bit for each word that must have a counterpart for the
	                         * name to be full: its content words, or all when it has none */
} name_view;

/* Bytes of the name_view record of a name of nwords words. */
static inline size_t
view_size(size_t nwords)
{
	return (sizeof(name_view) + nwords * sizeof(uint32_t) + 7) / 8 * 8;
}

/* A neighbour of a text's word: a vocabulary word and its similarity. */
typedef struct neighbour {
	uint32_t vid;
	double sim;
} neighbour;

/* What is known about one distinct word of the texts matched. */
typedef struct qinfo {
	const char *fold;         /* the word folded (read_word()), in m->qar */
	uint32_t nfold;
	uint32_t nb, split;       /* neighbours in m->nbpool, most similar first; triples of
	                           * vocabulary ids in m->splitpool (NIL for a pair) */
	float weight;             /* its rarity in the roadmap (see score.c) */
	uint8_t nnb, nsplit;      /* how many of each */
	bool filler, digit;       /* as read_word() found */
	bool distinct;            /* its nearest words are names, never ordinary words */
	bool begins;              /* some vocabulary word begins with it (or is it) */
	bool joined;              /* it may be two or three vocabulary words written together */
} qinfo;

_Static_assert(MAX_NEIGHBOURS <= UINT8_MAX && MAX_SPLITS <= UINT8_MAX,
               "a word's neighbours and splits are counted in a byte");

/* The bounded cache of results (cache.c). */
typedef struct match_cache {
	char **e;               /* cap entries' blocks (cache.c), n of them used */
	uint32_t *ehash;        /* per entry: the low half of its text's hash, as its slot has it */
	uint32_t *esize;        /* per entry: the bytes of its block */
	uint64_t *ref;          /* a bit per entry: asked for since the CLOCK hand passed it */
	size_t n, cap, hand;    /* the CLOCK hand: the next entry it looks at */
	size_t limit;           /* entries to make room for */
	bool recent;            /* admits every text, so keeps the most recent (a fork's) */
	struct cache_slot *table; /* hash -> entry and its block (cache.c); linear probing */
	size_t tmask;
	uint32_t *seen;         /* tags of the hashes of texts seen once */
	size_t smask;
	char *norm;             /* a normalised feature made again (cache.c) */
	size_t norm_cap;
	/* The blocks of the entries (cache.c): chunks cut in size classes, a free list per class. */
	char **chunks;
	size_t nchunks, chunks_cap;
	char *chunk_next;       /* the part of the last chunk not cut yet */
	size_t chunk_left;
	size_t chunk_size;      /* bytes of each chunk (from ovp_big_calloc()) */
	char *free_block[32];   /* SLAB_MAX / SLAB_STEP classes */
} match_cache;

/* An empty cache of MATCH_CACHE_DEFAULT results; nothing is allocated before the first. */
void cache_init(match_cache *c);
void cache_free(match_cache *c);

/* Forget every result and keep at most limit from now on; -1 when limit is too large. */
int cache_set_limit(match_cache *c, size_t limit);

/*
 * The result of the len bytes at text (whose ovp_hash_bytes() is hash)
 * into out, with its items in rm, when it is kept; false when not.  Its
 * normalised feature is put in ar, or with ar NULL left in the cache
 * (until its next change); NULL when memory is short.
 */
bool cache_find(match_cache *c, const ovp_roadmap *rm, uint64_t hash, const char *text,
                size_t len, ovp_match *out, ovp_arena *ar);

/*
 * Ask for what cache_find() of a text whose ovp_hash_bytes() is hash
 * reads, ahead of it, so that the fetches of several texts overlap: with
 * blocks false, the table's slot of the hash; with blocks true (the slot
 * being in by then), the blocks of the entries it may be.
 */
void cache_prefetch(const match_cache *c, uint64_t hash, bool blocks);

/*
 * Offer the result r of the len bytes at text just matched (whose
 * ovp_hash_bytes() is hash), and its normalised feature norm (the text's
 * ovp_normalize()), to the cache: kept while there is room, then when the
 * text was seen before (the oldest result not asked for since is evicted
 * to make room), when memory allows.  When kept, r->feature_norm points
 * into the cache.
 */
void cache_offer(match_cache *c, const ovp_roadmap *rm, uint64_t hash, const char *text,
                 size_t len, ovp_match *r, const char *norm);

/*
 * A matcher: the index built over the roadmap by ovp_matcher_new() (from
 * rm to view_off below), then the state of the texts it matches (from
 * st on).  Matching only reads the index: the interned tables are
 * looked up with ovp_intern_find(), never added to, the arena ar is not
 * used past ovp_matcher_new() and no table is built lazily.  So a fork
 * (ovp_matcher_fork()) shares the index with its original and owns only
 * the state of its texts (the stemmers among them: Snowball writes to a
 * stemmer as it stems), and the two may match at the same time on two
 * threads.  The original must outlive its forks.
 */
struct ovp_matcher {
	bool borrowed;            /* the index is another matcher's (a fork's) */
	const ovp_roadmap *rm;
	double min_similarity;
	double unconfirmed;
	ovp_arena ar;

	/* ids: lower-cased id -> first item, chained through id_next */
	ovp_intern ids;
	uint32_t *id_next;
	size_t id_max; /* the length of the longest key in ids: no longer text is one */

	/* vocabulary: folded word -> id; id -> the word; id -> items containing it */
	ovp_intern vocab;
	word *vw;
	size_t nvw, vwcap;
	uint32_t *post_off, *post;
	float *idf;               /* per vocabulary word */
	/* vocabulary ids by (first byte, code points), for typos */
	uint32_t *bucket_off, *bucket;
	/* vocabulary ids in byte order, for abbreviations */
	uint32_t *sorted;
	/* the words after their first letter: tail -> first vocabulary id, chained by tail_next */
	ovp_intern tails;
	uint32_t *tail_next;
	/* stems: language byte + stem -> first vocabulary id, chained by stem_next[lang] */
	ovp_intern stems;
	uint32_t *stem_next[NLANG];

	/* names written as sentences and in Title Case */
	size_t nsentence, ntitled;
	/* the first two letters of the words written in capitals in some name, a flag per pair */
	uint8_t caps_pairs[26 * 26];
	/* acronyms: initials of ACRONYM_MIN..ACRONYM_MAX adjacent words of a name -> items */
	ovp_intern acros;
	uint32_t *acro_off, *acro_post;

	/* names: exact text -> first name, chained through next_exact */
	ovp_intern exact;
	name *names;
	size_t nnames, namecap;
	size_t view_cap;
	char *view;
	uint32_t *view_off;

	/* ---- Each matcher's own: the state of the texts it matches. ---- */

	stemmers st;

	/*
	 * While a text is scored: for each vocabulary word near one of its
	 * words, 1 + its row in near[] (else 0).  A row holds the similarity
	 * of that vocabulary word to each query word, and near_max[] the
	 * best of them; near_vid[] holds two numbers a row: the vocabulary
	 * word, and a bit for each query word it is near (the others' are 0).
	 */
	uint32_t *near_slot;
	double *near, *near_max;
	uint32_t *near_vid;
	size_t near_rows, near_cap, near_rows_cap, near_vid_cap;

	/* caches: query word -> qinfo (its words in qar), raw text -> result */
	ovp_arena qar;
	ovp_intern qwords;
	qinfo *qi;
	size_t nqi, qicap;
	neighbour *nbpool;
	size_t nnbpool, nbpoolcap;
	uint32_t *splitpool;
	size_t nsplitpool, splitpoolcap;
	match_cache cache;
	/* The last result given out, and its normalised feature when not in the cache. */
	ovp_match cur;
	char *cur_norm;

	/*
	 * Per-text scratch for the candidate search: the shared weight of
	 * every item, the items touched, and those whose weight reached need
	 * (in the block of touched, not freed apart).
	 */
	float *acc;
	uint32_t *touched, *reached;
};

/* Lower-case ASCII of s (n bytes) into out, trimmed of white space; returns the length. */
size_t id_key(const char *s, size_t n, char *out);

/* ---- search.c --------------------------------------------------------- */

/*
 * What the vocabulary holds for the text word w (read_word() of raw, the
 * word before folding): itself, its typos, stems, abbreviation and
 * splits, for a raw word not seen yet (query_words() looks it up
 * first).  Returns the qinfo index, or NIL when out of memory.
 */
uint32_t query_word(ovp_matcher *m, const word *w, const char *raw, size_t rawn);

/*
 * The words of normalised text norm, as split_words() gives them into w
 * (folded bytes in buf, at least strlen(norm) + 1, or in the records of
 * words seen before), with query_word() of each into ids; returns the
 * count into *n.  False when out of memory.
 */
bool query_words(ovp_matcher *m, const char *norm, char *buf, word *w, uint32_t *ids, size_t *n);

/*
 * The candidates among the nt touched items (acc: every item's shared
 * weight, above 0 for those touched, 0 for the others), into out, with
 * their weights cleared; returns how many there are.  They are the best
 * k, by weight, then lower item first, of the items whose weight's bits
 * are needbits or more, or when no item's are, the best
 * OVP_MATCH_MAX_CANDIDATES of all.  heap has room for k + 1.
 */
size_t rank_touched(float *acc, const uint32_t *touched, size_t nt, uint32_t needbits,
                    uint64_t *heap, size_t k, uint32_t *out);

/*
 * The walk of a text's posting lists: the shared weight of every item
 * (acc, 0 for the items not touched), the nt items touched, and the nr
 * items whose weight reached need (its bits needbits; never noted when
 * needbits is 0) in the order they did, all of them while exact.  most is
 * at least every weight.
 */
typedef struct walk {
	float *acc;
	uint32_t *touched, *reached;
	size_t nt, nr;
	uint32_t needbits;
	float need, most;
	bool exact;
} walk;

/* Start a walk over acc (all 0); touched and reached have room for one item more than the roadmap. */
void walk_start(walk *s, float *acc, uint32_t *touched, uint32_t *reached, uint32_t needbits);

/* Add w (skipped unless above 0) to the weight of every item on list (sorted, no item twice). */
void walk_add(walk *s, const uint32_t *list, uint32_t n, float w);

/* Add w to the weight of the items on list that were touched already, walking the list. */
void walk_more(walk *s, const uint32_t *list, uint32_t n, float w);

/* walk_more() looking each touched item up in the list instead: for a list far longer. */
void walk_probe(walk *s, const uint32_t *list, uint32_t n, float w);

/*
 * The candidates of the walk, as rank_touched() gives them (in another
 * order when some item reached need), into out, with the weights
 * cleared; returns how many there are.  heap has room for k + 1.
 */
size_t walk_rank(walk *s, uint64_t *heap, size_t k, uint32_t *out);

/*
 * Find the candidates of the text's words through the index, at most
 * MAX_SCORED of them, into out (in no particular order).  Returns the count.
 */
size_t find_candidates(ovp_matcher *m, const word *q, size_t nq, const double *weight,
                       const uint32_t *qinfo_ids, const uint32_t *acro_ids, uint32_t (*joins)[2],
                       const run_link *runs, size_t nruns, uint32_t *out);

/*
 * The vocabulary words that two (out[i][0]) and three (out[i][1])
 * adjacent words of the text from word i join into, NIL where none
 * (qinfo_ids: the words' query_word()).  Returns whether there is one,
 * or some join was too long to look up:
 * when not, no word of any name is two or three words of the text.
 */
bool find_joins(const ovp_matcher *m, const word *q, size_t nq, const uint32_t *qinfo_ids,
                uint32_t (*out)[2]);

/* Note the similarities of the vocabulary words near the text's words; false when out of memory. */
bool near_fill(ovp_matcher *m, size_t nq, const uint32_t *qinfo_ids);

/* Forget what near_fill() noted. */
void near_clear(ovp_matcher *m);

/*
 * Score every name of item against q and keep the best: the
 * similarities of the vocabulary's words to q's words are in m->near.
 */
verdict score_item(const ovp_matcher *m, uint32_t item, const query *q);

#endif
