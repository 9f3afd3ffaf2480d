/*
 * Text as the matcher reads it: the noise of lists and trackers taken
 * away, the words split out, folded for plurals, stemmed, and compared
 * for typos.  Nothing here knows the roadmap; the index (index.c) and the
 * search (search.c) put these pieces together.
 */
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <libstemmer.h>
#include <utf8proc.h>

#include "../text.h"
#include "../util/str.h"
#include "match_impl.h"

/*
 * Filler words, normalised (accents stripped, so "för" is "for" and
 * "für" is "fur"), in byte order.
 */
static const char *const FILLER[] = {
	"a", "ability", "able", "across", "add", "after", "all", "also", "an", "and", "any",
	"are", "as", "at", "att", "au", "auf", "aux", "av", "avec", "be", "before", "between",
	"by", "can", "d", "dans", "das", "de", "dem", "den", "der", "des", "det", "die", "du",
	"during", "ein", "eine", "einer", "eines", "en", "enable", "et", "ett", "feature",
	"fonction", "fonctionnalite", "for", "from", "funktion", "fur", "get", "has", "have", "i",
	"im", "in", "integration", "into", "is", "l", "la", "le", "les", "med", "mit",
	"mojlighet", "must", "need", "neu", "neue", "neuer", "new", "nouveau", "nouvelle", "ny",
	"nya", "nytt", "och", "of", "on", "onto", "option", "or", "our", "over", "pa", "par",
	"per", "pour", "provide", "s", "should", "som", "stod", "support", "sur", "t", "than",
	"that", "the", "their", "then", "these", "this", "those", "till", "to", "un", "und",
	"under", "une", "unterstutzung", "use", "vi", "via", "vom", "von", "want", "we", "when",
	"where", "which", "while", "will", "with", "within", "without", "would", "you", "your",
	"zu", "zum", "zur",
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

/* The size of the table below (a power of 2). */
#define FILLER_SLOTS 512

/*
 * The filler words by hash: 1 + the index in FILLER of the word in each
 * slot, 0 for none (open addressing, linear probing).  Made once, on the
 * first use, by whichever thread comes first.
 */
static uint8_t filler_slot[FILLER_SLOTS];
static size_t filler_longest;
static pthread_once_t filler_once = PTHREAD_ONCE_INIT;

_Static_assert(sizeof FILLER / sizeof FILLER[0] < FILLER_SLOTS / 2, "the table stays sparse");
_Static_assert(sizeof FILLER / sizeof FILLER[0] < UINT8_MAX, "an index fits in a slot");

static size_t
filler_hash(const char *w, size_t n)
{
	return (size_t)ovp_hash_bytes(w, n) & (FILLER_SLOTS - 1);
}

static void
filler_table(void)
{
	for (size_t k = 0; k < sizeof FILLER / sizeof FILLER[0]; k++) {
		size_t n = strlen(FILLER[k]), i = filler_hash(FILLER[k], n);

		if (n > filler_longest)
			filler_longest = n;
		while (filler_slot[i] != 0)
			i = (i + 1) & (FILLER_SLOTS - 1);
		filler_slot[i] = (uint8_t)(k + 1);
	}
}

bool
is_filler(const char *w, size_t n)
{
	(void)pthread_once(&filler_once, filler_table);
	if (n == 0 || n > filler_longest)
		return false;
	for (size_t i = filler_hash(w, n); filler_slot[i] != 0; i = (i + 1) & (FILLER_SLOTS - 1)) {
		const char *f = FILLER[filler_slot[i] - 1];

		if (strncmp(f, w, n) == 0 && f[n] == '\0')
			return true;
	}
	return false;
}

bool
all_digits(const char *s, size_t n)
{
	if (n == 0)
		return false;
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
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

size_t
read_word(const char *p, size_t l, char *out, word *w)
{
	size_t fl = fold_word(p, l, out);

	w->s = out;
	w->len = (uint32_t)fl;
	/* Folding only ever shortens a word, or keeps it as it is. */
	w->filler = is_filler(p, l) || (fl < l && is_filler(out, fl));
	w->digit = has_digit(p, l);
	w->caps = false;
	w->weight = word_weight(w->filler, w->digit);
	return fl;
}

size_t
split_words(const char *norm, char *buf, word *w)
{
	size_t n = 0, off = 0;
	const char *p = norm;

	while (*p != '\0' && n < MAX_WORDS) {
		const char *e = strchr(p, ' ');
		size_t l = e ? (size_t)(e - p) : strlen(p);

		w[n].id = (uint32_t)n;
		off += read_word(p, l, buf + off, &w[n]) + 1;
		n++;
		p += l;
		if (*p == ' ')
			p++;
	}
	return n;
}

/* Decode UTF-8 word w into at most max code points; returns the count, or max + 1 when longer. */
static size_t
decode_word(const char *w, size_t n, utf8proc_int32_t *cp, size_t max)
{
	size_t k = 0;

	for (size_t i = 0; i < n;) {
		utf8proc_int32_t c = (unsigned char)w[i];
		utf8proc_ssize_t l = 1;

		/* ASCII is its own code point. */
		if (c >= 0x80)
			l = utf8proc_iterate((const utf8proc_uint8_t *)w + i, (utf8proc_ssize_t)(n - i),
			                     &c);
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

size_t
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
 * deletions, substitutions, adjacent swaps), or more than max once it is
 * certain to exceed max.  Only the cells within max of the diagonal are
 * computed, the others taken as max + 1: the distance of two prefixes is
 * at least the difference of their lengths, and never falls along an
 * alignment, so an alignment of cost max or less stays within that band,
 * and the band's cells of distance max or less come out exact.
 */
static size_t
osa_distance(const utf8proc_int32_t *a, size_t la, const utf8proc_int32_t *b, size_t lb,
             size_t max)
{
	size_t rows[3][MAX_WORD_CP + 2];
	size_t *pp = rows[0], *p = rows[1], *c = rows[2];
	size_t far = max + 1;

	if ((la > lb ? la - lb : lb - la) > max)
		return far;
	for (size_t j = 0; j <= lb + 1; j++)
		p[j] = pp[j] = c[j] = j <= max && j <= lb ? j : far;
	for (size_t i = 1; i <= la; i++) {
		size_t from = i > max ? i - max : 1, to = i + max < lb ? i + max : lb;
		size_t lo = far;

		c[0] = i <= max ? i : far;
		c[from - 1] = from - 1 == 0 ? c[0] : far;
		if (c[from - 1] < lo)
			lo = c[from - 1];
		for (size_t j = from; j <= to; j++) {
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
		c[to + 1] = far;
		if (lo > max)
			return far;
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
 * Typos, as documented in score.c: with the same first letter, one typo
 * in a word of 4 letters or more, two from 8 letters; with another first
 * letter (first), one typo only: the first two letters swapped from 4
 * letters, any other from 5.
 */
double
typo_similarity(const char *a, size_t la, const char *b, size_t lb, bool first)
{
	utf8proc_int32_t ca[MAX_WORD_CP], cb[MAX_WORD_CP];
	size_t na, nb, shorter, maxd, d;

	if (la == lb && memcmp(a, b, la) == 0)
		return 1.0;
	if (has_digit(a, la) || has_digit(b, lb))
		return 0.0;
	na = decode_word(a, la, ca, MAX_WORD_CP);
	nb = decode_word(b, lb, cb, MAX_WORD_CP);
	if (na > MAX_WORD_CP || nb > MAX_WORD_CP || na == 0 || nb == 0 || (ca[0] != cb[0]) != first)
		return 0.0;
	shorter = na < nb ? na : nb;
	if (shorter < 4)
		return 0.0;
	maxd = first ? 1 : shorter >= 8 ? 2 : 1;
	if ((na > nb ? na - nb : nb - na) > maxd)
		return 0.0;
	d = osa_distance(ca, na, cb, nb, maxd);
	if (d == 0 || d > maxd)
		return d == 0 ? 1.0 : 0.0;
	if (first && shorter < 5 && !(na == nb && na >= 2 && ca[0] == cb[1] && ca[1] == cb[0]))
		return 0.0;
	return 1.0 - 1.2 * (double)d / (double)shorter;
}

size_t
squeeze(const char *w, size_t n, char *out)
{
	size_t k = 0;

	for (size_t i = 0; i < n; i++)
		if (k == 0 || w[i] != out[k - 1] || ((unsigned char)w[i] & 0x80) != 0)
			out[k++] = w[i];
	return k;
}

/* ---- Stems ------------------------------------------------------------ */

static const char *const LANGUAGES[NLANG] = {"english", "swedish", "german", "french"};

bool
stemmers_new(stemmers *st)
{
	for (int l = 0; l < NLANG; l++) {
		st->sb[l] = sb_stemmer_new(LANGUAGES[l], NULL);
		if (st->sb[l] == NULL) {
			stemmers_free(st);
			return false;
		}
	}
	return true;
}

void
stemmers_free(stemmers *st)
{
	for (int l = 0; l < NLANG; l++) {
		sb_stemmer_delete(st->sb[l]);
		st->sb[l] = NULL;
	}
}

size_t
stem_word(const stemmers *st, int lang, const char *w, size_t n, char *out)
{
	const sb_symbol *s;
	int len;

	if (n < 3 || n > MAX_STEM_BYTES || has_digit(w, n) || st->sb[lang] == NULL)
		return 0;
	s = sb_stemmer_stem(st->sb[lang], (const sb_symbol *)w, (int)n);
	if (s == NULL)
		return 0;
	len = sb_stemmer_length(st->sb[lang]);
	if (len < 3 || len > MAX_STEM_BYTES)
		return 0;
	memcpy(out, s, (size_t)len);
	out[len] = '\0';
	return (size_t)len;
}

/* ---- Noise ------------------------------------------------------------ */

/* Bullets that start a list item: "-", "*", "•", "·", "–", "—", "▪", "◦", "‣", "●", "○", "►", "✓", "✔", ">". */
static const char *const BULLETS[] = {
	"-", "*", ">", "\xE2\x80\xA2", "\xC2\xB7", "\xE2\x80\x93", "\xE2\x80\x94",
	"\xE2\x96\xAA", "\xE2\x97\xA6", "\xE2\x80\xA3", "\xE2\x97\x8F", "\xE2\x97\x8B",
	"\xE2\x96\xBA", "\xE2\x9C\x93", "\xE2\x9C\x94",
};

static bool
is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static bool
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool
is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/*
 * The length of the list marker at s (n bytes) followed by white space:
 * a bullet, "1.", "2)", "1.2.", "(3)", "a)", "(b)"; 0 when there is none.
 */
static size_t
marker(const char *s, size_t n)
{
	size_t i = 0;
	unsigned char c = n > 0 ? (unsigned char)s[0] : 0;

	/* Most texts start with a letter followed by another: no marker. */
	if (is_alpha((char)c) && (n < 2 || s[1] != ')'))
		return 0;
	/* Every bullet starts with one of these bytes. */
	for (size_t b = 0; (c == '-' || c == '*' || c == '>' || c == 0xE2 || c == 0xC2) &&
	                   b < sizeof BULLETS / sizeof BULLETS[0];
	     b++) {
		size_t k = strlen(BULLETS[b]);

		if (n > k && memcmp(s, BULLETS[b], k) == 0 && is_space(s[k]))
			return k;
	}
	if (n > 0 && s[0] == '(')
		i = 1;
	if (i < n && is_digit(s[i])) {
		size_t start = i;

		while (i < n && (is_digit(s[i]) || (s[i] == '.' && i + 1 < n && is_digit(s[i + 1]))))
			i++;
		if (i - start > 7)
			return 0;
	} else if (i < n && is_alpha(s[i]) && i + 1 < n && s[i + 1] == ')') {
		i++;
	} else {
		return 0;
	}
	if (i < n && (s[i] == ')' || (s[0] != '(' && s[i] == '.')))
		i++;
	else
		return 0;
	return i < n && is_space(s[i]) ? i : 0;
}

/* Where s (len bytes) starts after the white space and list markers at its start. */
static size_t
skip_markers(const char *s, size_t len)
{
	size_t i = 0;

	for (;;) {
		size_t m;

		while (i < len && is_space(s[i]))
			i++;
		m = marker(s + i, len - i);
		if (m == 0)
			return i;
		i += m;
	}
}

/*
 * The cleaned bytes of s into out (room for 5 len + 1): list markers at
 * the start and bracketed tags removed, "&" and a "+" set apart by a
 * space written " and ".  Returns the length.
 */
static size_t
clean(const char *s, size_t len, char *out)
{
	size_t k = 0, i = skip_markers(s, len);

	while (i < len) {
		char c = s[i];

		if (c == '[') {
			const char *close = memchr(s + i, ']', len - i);

			if (close != NULL) {
				i = (size_t)(close - s) + 1;
				out[k++] = ' ';
				continue;
			}
		}
		if (c == '&' ||
		    (c == '+' && (i == 0 || s[i - 1] != '+') && (i + 1 >= len || s[i + 1] != '+') &&
		     (i == 0 || is_space(s[i - 1]) || i + 1 >= len || is_space(s[i + 1])))) {
			memcpy(out + k, " and ", 5);
			k += 5;
			i++;
			continue;
		}
		out[k++] = c;
		i++;
	}
	return k;
}

/* Whether clean() would change s (len bytes): it has a list marker, a "[", "&" or "+". */
static bool
needs_cleaning(const char *s, size_t len)
{
	if (skip_markers(s, len) != 0)
		return true;
	for (size_t i = 0; i < len; i++)
		if (s[i] == '[' || s[i] == '&' || s[i] == '+')
			return true;
	return false;
}

char *
clean_normalize_as(const char *s, size_t len, bool *as_written)
{
	char small[1024];
	char *buf, *norm;
	size_t n;

	*as_written = false;
	if (len > (SIZE_MAX - 1) / 5)
		return NULL;
	/* Mostly there is nothing to clean: the text is normalised as it is. */
	if (!needs_cleaning(s, len)) {
		*as_written = true;
		return ovp_normalize(s, len);
	}
	buf = 5 * len < sizeof small ? small : malloc(5 * len + 1);
	if (buf == NULL)
		return NULL;
	n = clean(s, len, buf);
	/* Cleaning may have left it as it was: the same bytes normalise the same. */
	*as_written = n == len && (len == 0 || memcmp(buf, s, len) == 0);
	norm = ovp_normalize(buf, n);
	if (buf != small)
		free(buf);
	if (norm != NULL && *norm == '\0' && !*as_written) {
		free(norm);
		norm = ovp_normalize(s, len);
		*as_written = true;
	}
	return norm;
}

char *
clean_normalize(const char *s, size_t len)
{
	bool as_written;

	return clean_normalize_as(s, len, &as_written);
}

char *
ovp_match_phrase(const char *text, size_t len)
{
	char *buf = malloc(len + 1), *out;
	size_t k = 0, i = skip_markers(text, len), n = 0;
	bool space = false;

	if (buf == NULL)
		return NULL;
	for (; i < len; i++) {
		const char *close = text[i] == '[' ? memchr(text + i, ']', len - i) : NULL;

		if (close != NULL) {
			i = (size_t)(close - text);
			space = true;
			continue;
		}
		if (is_space(text[i])) {
			space = true;
			continue;
		}
		if (space && k > 0)
			buf[k++] = ' ';
		space = false;
		buf[k++] = text[i];
	}
	buf[k] = '\0';
	if (k > 0)
		return buf;
	free(buf);
	/* All noise: the text as it is, trimmed. */
	while (len > 0 && is_space(text[len - 1]))
		len--;
	while (n < len && is_space(text[n]))
		n++;
	out = malloc(len - n + 1);
	if (out == NULL)
		return NULL;
	memcpy(out, text + n, len - n);
	out[len - n] = '\0';
	return out;
}

/* ---- How a name writes its words ------------------------------------- */

/* What one token of a raw text is made of. */
typedef struct token_case {
	unsigned letters, upper, lower;
	bool first_upper;
	char first; /* its first byte, lower-cased when an ASCII letter */
} token_case;

static word_case
classify(const token_case *t, bool shouted)
{
	if (t->letters == 0)
		return CASE_NONE;
	if (t->upper == 0)
		return CASE_LOWER;
	if (t->lower == 0) {
		/* A shouted text is all capitals: only a short word of it is an acronym. */
		if (t->letters < 2 || (shouted && t->letters > 4))
			return CASE_NONE;
		return CASE_CAPS;
	}
	if (t->upper == 1 && t->first_upper)
		return CASE_PLAIN;
	return CASE_INNER;
}

size_t
word_cases(const char *raw, size_t len, const word *w, size_t nw, word_case *out,
           name_style *style)
{
	char small[256];
	char *buf;
	token_case t[MAX_WORDS];
	size_t n = 0, k, i = 0;
	bool in = false, any_lower = false, lower_after = false, extra = false;
	size_t after = 0;

	*style = STYLE_UNKNOWN;
	if (nw == 0 || len > (SIZE_MAX - 1) / 5)
		return 0;
	buf = 5 * len < sizeof small ? small : malloc(5 * len + 1);
	if (buf == NULL)
		return 0;
	k = clean(raw, len, buf);
	while (i < k) {
		utf8proc_int32_t c = (unsigned char)buf[i];
		utf8proc_ssize_t l = 1;
		utf8proc_category_t cat;

		if (c >= 0x80) {
			l = utf8proc_iterate((const utf8proc_uint8_t *)buf + i, (utf8proc_ssize_t)(k - i),
			                     &c);
			if (l <= 0) {
				c = ' ';
				l = 1;
			}
		}
		i += (size_t)l;
		if (c < 0x80)
			cat = is_alpha((char)c)   ? (c <= 'Z' ? UTF8PROC_CATEGORY_LU : UTF8PROC_CATEGORY_LL)
			      : is_digit((char)c) ? UTF8PROC_CATEGORY_ND
			                          : UTF8PROC_CATEGORY_ZS;
		else
			cat = utf8proc_category(c);
		if (cat == UTF8PROC_CATEGORY_CF)
			continue; /* soft hyphens and joiners are dropped, as normalising does */
		if (cat == UTF8PROC_CATEGORY_LU || cat == UTF8PROC_CATEGORY_LL ||
		    cat == UTF8PROC_CATEGORY_LT || cat == UTF8PROC_CATEGORY_LM ||
		    cat == UTF8PROC_CATEGORY_LO || cat == UTF8PROC_CATEGORY_MN ||
		    cat == UTF8PROC_CATEGORY_MC || cat == UTF8PROC_CATEGORY_ME ||
		    cat == UTF8PROC_CATEGORY_ND || cat == UTF8PROC_CATEGORY_NL ||
		    cat == UTF8PROC_CATEGORY_NO) {
			bool letter = cat == UTF8PROC_CATEGORY_LU || cat == UTF8PROC_CATEGORY_LL ||
			              cat == UTF8PROC_CATEGORY_LT || cat == UTF8PROC_CATEGORY_LM ||
			              cat == UTF8PROC_CATEGORY_LO;
			bool up = cat == UTF8PROC_CATEGORY_LU || cat == UTF8PROC_CATEGORY_LT;

			if (!in) {
				in = true;
				if (n == MAX_WORDS) {
					extra = true;
					break;
				}
				memset(&t[n], 0, sizeof t[n]);
				t[n].first = c < 0x80 ? (char)(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c) : 0;
				t[n].first_upper = up;
				n++;
			}
			t[n - 1].letters += letter;
			t[n - 1].upper += up;
			t[n - 1].lower += cat == UTF8PROC_CATEGORY_LL;
			any_lower |= cat == UTF8PROC_CATEGORY_LL;
		} else {
			in = false;
		}
	}
	if (buf != small)
		free(buf);
	/* Evidence only where the tokens are the words, one for one. */
	if (extra ? nw != MAX_WORDS : n != nw)
		return 0;
	for (size_t j = 0; j < n; j++)
		if (t[j].first != 0 && t[j].first != w[j].s[0])
			return 0;
	for (size_t j = 0; j < n; j++) {
		out[j] = classify(&t[j], !any_lower);
		if (j > 0 && !w[j].filler && out[j] != CASE_NONE) {
			after++;
			lower_after |= out[j] == CASE_LOWER;
		}
	}
	/*
	 * A word after the first in lower case makes a sentence; two or more
	 * and none in lower case make Title Case ("Zendesk Ticket Sync"),
	 * where a capital says nothing about a word.  With fewer ("Import
	 * from Notion", "Dark Mode") there is no telling.
	 */
	*style = lower_after ? STYLE_SENTENCE : after >= 2 ? STYLE_TITLE : STYLE_UNKNOWN;
	for (size_t j = 0; j < n; j++) {
		if (out[j] != CASE_PLAIN)
			continue;
		if (*style == STYLE_TITLE)
			out[j] = CASE_TITLE;
		else if (*style == STYLE_UNKNOWN)
			out[j] = CASE_UNSURE;
		else if (j == 0)
			out[j] = CASE_FIRST;
	}
	return n;
}

static bool
is_upper(char c)
{
	return c >= 'A' && c <= 'Z';
}

/*
 * Whether s (len bytes) has an ASCII capital followed by another or a
 * digit.  A word caps_words() takes has: its first capital is followed
 * by the second, or by a digit before it.
 */
static bool
has_caps_pair(const char *s, size_t len)
{
	for (size_t i = 0; i + 1 < len;) {
		/* Neither a pair at i nor one at i + 1 when the byte at i + 1 is neither. */
		if (!is_upper(s[i + 1]) && !is_digit(s[i + 1]))
			i += 2;
		else if (is_upper(s[i]))
			return true;
		else
			i++;
	}
	return false;
}

size_t
caps_words(const char *s, size_t len, char *out)
{
	size_t k = 0, max = ACRONYM_MAX;
	bool lower = false;

	/* Most texts are written in lower case, or capitalise words: none there. */
	if (!has_caps_pair(s, len)) {
		out[0] = '\0';
		return 0;
	}
	for (size_t i = 0; i < len; i++)
		lower |= s[i] >= 'a' && s[i] <= 'z';
	if (!lower)
		max = 4;
	for (size_t i = 0; i < len;) {
		size_t start = i, letters = 0;
		bool upper = true;

		if (!is_alpha(s[i]) && !is_digit(s[i])) {
			i++;
			continue;
		}
		while (i < len && (is_alpha(s[i]) || is_digit(s[i]))) {
			upper &= is_upper(s[i]) || is_digit(s[i]);
			letters += is_alpha(s[i]);
			i++;
		}
		/* A word that runs on into other letters (UTF-8) is no acronym. */
		if (i < len && ((unsigned char)s[i] & 0x80) != 0)
			continue;
		if (start > 0 && ((unsigned char)s[start - 1] & 0x80) != 0)
			continue;
		/* Digits may stand for number words ("2FA"), but two letters make an acronym. */
		if (upper && letters >= 2 && i - start >= ACRONYM_MIN && i - start <= max) {
			for (size_t j = start; j < i; j++)
				out[k++] = is_digit(s[j]) ? s[j] : (char)(s[j] - 'A' + 'a');
			out[k++] = ' ';
		}
	}
	out[k] = '\0';
	return k;
}

/* Number words of English, Swedish, German and French, normalised, by the digit they are. */
static const char *const NUMBERS[][5] = {
	{"2", "two", "tva", "zwei", "deux"},   {"3", "three", "tre", "drei", "trois"},
	{"4", "four", "fyra", "vier", "quatre"}, {"5", "five", "fem", "funf", "cinq"},
	{"6", "six", "sex", "sechs", NULL},     {"7", "seven", "sju", "sieben", "sept"},
	{"8", "eight", "atta", "acht", "huit"}, {"9", "nine", "nio", "neun", "neuf"},
};

char
number_digit(const char *w, size_t n)
{
	if (n == 0 || n > 6)
		return 0;
	for (size_t d = 0; d < sizeof NUMBERS / sizeof NUMBERS[0]; d++)
		for (size_t k = 0; k < 5 && NUMBERS[d][k] != NULL; k++)
			if (NUMBERS[d][k][0] == w[0] && cmp_word(w, n, NUMBERS[d][k]) == 0)
				return NUMBERS[d][0][0];
	return 0;
}

bool
in_caps(const char *caps, size_t ncaps, const char *w, size_t n)
{
	for (size_t i = 0; i + n < ncaps + 1 && i < ncaps;) {
		const char *e = memchr(caps + i, ' ', ncaps - i);
		size_t l = e != NULL ? (size_t)(e - (caps + i)) : ncaps - i;

		if (l == n && memcmp(caps + i, w, n) == 0)
			return true;
		i += l + 1;
	}
	return false;
}
