/*
 * The score of a promise against one name (title or alias) of a roadmap
 * item.  This comment is the documentation of the approximate match (the
 * README copies it).
 *
 * Noise.  Before anything else, list bullets and numbering at the start
 * of a text ("1.", "2)", "a)", "-", "*", "•") and bracketed tags
 * anywhere ("[UI Request]", "[P1]") are removed, and "&" and "+" are read
 * as "and", in promises, titles and aliases alike.  The promise is still
 * quoted as written.
 *
 * Words.  Both texts are normalised (see ovp_normalize()), split into
 * words, and each word is folded for light plurals ("exports" ->
 * "export", "policies" -> "policy"; words ending in "ss" or "us", words
 * shorter than four letters and words with digits are kept).
 *
 * Two words are the same word, with similarity
 *   1     when they are equal after folding, or one word equals two or
 *         three adjacent words of the other text written together
 *         ("realtime" and "real-time", "allowlisting" and "allow listing");
 *   0.9   when the Snowball stemmer of English, Swedish, German or French
 *         gives them the same stem ("invoices" and "invoicing",
 *         "exporter" and "export", "Wartungsverträgen" and
 *         "Wartungsverträge"), or, in English, stems that differ only in
 *         one or two last letters, the shorter of five letters or more
 *         ("automatic" and "automated");
 *   0.85  when the promise's word, of four letters or more, begins
 *         exactly one word of the roadmap's vocabulary (counting the
 *         words that share its stem as one, and the words that only one
 *         item has): an abbreviation ("auth", "config");
 *   0.9   when a word of the promise written in capitals is the initials
 *         of three to six adjacent words of the name ("SSO" and "Single
 *         sign-on", "RBAC" and "Role-based access control", hyphenated
 *         parts counted; 0.75 when the roadmap has the word itself, as
 *         "API" in "Public API"), a digit standing for a number word
 *         ("2FA" and "two-factor authentication"), or the initials of
 *         adjacent words of the promise are a word written in capitals
 *         in a title ("Service level agreement" and "SLA");
 *   1 - 1.2 d / n  for a typo: d edits (insertions, deletions,
 *         substitutions, swaps of two adjacent letters, a doubled
 *         letter) in words whose shorter has n letters, neither with a
 *         digit: one edit from 4 letters, two from 8; an edit of the first
 *         letter counts only alone, from 5 letters, or from 4 when it
 *         swaps the first two, and only for a word that is not a word of
 *         the roadmap itself ("omde" and "mode", "ersidency" and
 *         "residency", "timit" and "limit"); a word that folding
 *         shortened and that is near no word of the roadmap is tried as
 *         written too ("analisys" and "analysis");
 *   0     otherwise ("import" and "export", "v2" and "v3" differ).
 * Each word takes the similarity of its best counterpart in the other text.
 *
 * Weights.  A filler word weighs 0.1 (function words of English, Swedish,
 * German and French and the generic words of feature requests: "the",
 * "for", "with", "support", "integration", "feature", "för", "für",
 * "pour", ...), a word with a digit 2.0.  Any other word of the promise
 * weighs by how rare it is in this roadmap, ln((N + 1) / df) / ln(N + 1)
 * for a word found in df of the N items (at least 0.2; 1 for a word no
 * item has): a word that is in many titles settles little.  Any other
 * word of a name weighs 1.
 *
 * Coverage.  The coverage of the promise is the weighted share of its
 * words that found a counterpart, sum(weight x similarity) / sum(weight);
 * the coverage of the name the weighted share of its words that found
 * one at all.  The score is how much of the promise the name covers,
 * less a little for the name's words the promise lacks:
 *     score = cover(promise) x (1 - p x (1 - cover(name)))
 * with p = 0.5 when the promise says one ordinary content word and 0.2
 * when it says more (an acronym, or a word written for two or three of
 * the name, counts as the words it stands for) or its one word is a
 * name: a promise of two words or more, or a name, that one name holds
 * entirely scores at least 0.8.  A promise whose every word is in one
 * name is that item however long the name ("Generate error logs" and
 * "Generate error logs in case of any system failure" score 0.90, "SCIM"
 * and "SCIM user provisioning" 0.87); one ordinary word alone cannot
 * settle a longer name ("Search" and "Advanced search filters" score
 * 0.67).
 *
 * Names.  A word is a name when the roadmap writes it as one (see
 * word_cases()): in capitals, with a capital inside, capitalised inside
 * a sentence or as its first word, and never in lower case; in Title
 * Case capitals say nothing, and in a name too short to tell they count
 * as a name's when most of the roadmap's names are sentences.  A word of
 * a promise is a name when its nearest roadmap words all are.
 */
#include <string.h>

#include "match_impl.h"

uint64_t
word_lengths(const word *w, size_t n)
{
	uint64_t bits = 0;

	for (size_t i = 0; i < n; i++)
		bits |= (uint64_t)1 << (w[i].len < 63 ? w[i].len : 63);
	return bits;
}

uint64_t
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
 * adjacent words of y joined, and those words of y; stands (when not
 * NULL) gets the number of words of y that a word of x stands for.
 */
static void
match_joined(const word *x, size_t nx, double *bx, const word *y, size_t ny, double *by,
             size_t *stands)
{
	uint64_t lengths = 0;

	for (size_t i = 0; i < nx; i++)
		if (bx[i] < 1.0)
			lengths |= (uint64_t)1 << (x[i].len < 63 ? x[i].len : 63);
	if (lengths == 0 || ny < 2)
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
				if (stands != NULL)
					stands[i] = m;
				for (size_t k = j; k < j + m; k++)
					by[k] = 1.0;
			}
		}
	}
}

static void
lift(double *v, double to)
{
	if (*v < to)
		*v = to;
}

/* Whether letter c of an acronym stands for word w: its initial, or the digit of a number word. */
static bool
initial_of(const word *w, char c)
{
	if (c >= '0' && c <= '9')
		return number_digit(w->s, w->len) == c;
	return w->s[0] == c && !w->digit;
}

/*
 * Acronyms: a text word that is the initials of adjacent name words, and
 * adjacent text words whose initials are a name word.  stands[i] is set
 * to the number of name words text word i stands for (ACRONYM_MIN or
 * more); returns whether one was.
 */
static bool
match_acronyms(const query *q, double *bq, const name_side *t, double *bt, size_t *stands)
{
	bool initials = false;

	for (size_t i = 0; q->acro != NULL && i < q->n; i++) {
		const char *a = q->acro[i];
		size_t len;

		if (a == NULL)
			continue;
		len = q->w[i].len;
		for (size_t j = 0; j + len <= t->n; j++) {
			size_t k = 0;

			while (k < len && initial_of(&t->w[j + k], a[k]))
				k++;
			if (k < len)
				continue;
			lift(&bq[i], q->acro_sim[i]);
			for (k = 0; k < len; k++)
				lift(&bt[j + k], q->acro_sim[i]);
			stands[i] = len;
			initials = true;
			break;
		}
	}
	for (size_t r = 0; r < q->nruns; r++) {
		const run_link *rl = &q->runs[r];

		for (size_t j = 0; j < t->n; j++) {
			if (t->vid[j] != rl->vid)
				continue;
			for (size_t k = rl->start; k < (size_t)rl->start + rl->n && k < q->n; k++)
				lift(&bq[k], ACRONYM_SIM);
			lift(&bt[j], ACRONYM_SIM);
		}
	}
	return initials;
}

verdict
score_name(const query *q, double *bq, const name_side *t, double *bt)
{
	size_t stands[MAX_WORDS];
	double num = 0, den = 0, tnum = 0, tden = 0;
	size_t said = 0, last = 0;
	bool allq = true, allt = true, allt_content = true, tcontent = false, initials;
	verdict v = {0, false, false, false, false};

	if (q->n == 0 || t->n == 0)
		return v;
	for (size_t i = 0; i < q->n; i++)
		stands[i] = 1;
	v.initials = match_acronyms(q, bq, t, bt, stands);
	/* A word written as two or three is rare: most pairs of texts skip the search. */
	if (q->lens & t->joins)
		match_joined(q->w, q->n, bq, t->w, t->n, bt, stands);
	if (t->lens & q->joins)
		match_joined(t->w, t->n, bt, q->w, q->n, bq, NULL);
	for (size_t i = 0; i < q->n; i++) {
		num += q->weight[i] * bq[i];
		den += q->weight[i];
		if (!q->content || !q->w[i].filler) {
			said += stands[i];
			last = i;
			if (bq[i] <= 0)
				allq = false;
		}
	}
	/* Every word of the name has a counterpart, or when it has content words, every one of those. */
	for (size_t j = 0; j < t->n; j++) {
		tnum += bt[j] > 0 ? t->w[j].weight : 0;
		tden += t->w[j].weight;
		tcontent |= !t->w[j].filler;
		if (bt[j] <= 0) {
			allt = false;
			allt_content &= t->w[j].filler;
		}
	}
	if (tcontent)
		allt = allt_content;
	initials = v.initials;
	/* One word settles a longer name only when it is a name of the roadmap's. */
	v = settle(q, num, den, tnum, tden, says_lone(q, said, last), allq, allt);
	v.initials = initials;
	return v;
}

void
query_prepare(query *q)
{
	size_t said = 0, last = 0;

	q->plain = q->acro == NULL && q->nruns == 0;
	q->counted = 0;
	q->den = 0;
	for (size_t i = 0; i < q->n; i++) {
		q->den += q->weight[i];
		if (!q->content || !q->w[i].filler) {
			q->counted |= (uint32_t)1 << i;
			said++;
			last = i;
		}
	}
	q->plain_lone = says_lone(q, said, last);
}
